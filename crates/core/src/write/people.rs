//! The secretariat's acts on people: appointing someone, changing an organisation's
//! representative, revoking access. The hub adds and removes the tokens; these decide the
//! person records everyone sees.

use crate::acts::{permit, Act};
use crate::entity::{Entity, PersonInfo};
use crate::ids::PersonId;
use crate::org::Actor;
use crate::refusal::Refusal;
use crate::registration::plausible_email;

use super::{require_text, Change, Decided, Decision, Denied, Facts};

/// Checks a new person's record: a known organisation, a name, a plausible e-mail, a new id.
fn check_new_person(facts: &impl Facts, person: &PersonInfo) -> Result<PersonInfo, Denied> {
    if !facts.organisation_exists(&person.org)? {
        return Err(Refusal::UnknownOrganisation {
            org: person.org.clone(),
        }
        .into());
    }
    require_text(&person.name, Refusal::RegistrantNameMissing)?;
    if !plausible_email(person.email.trim()) {
        return Err(Refusal::RegistrantEmailInvalid {
            email: person.email.clone(),
        }
        .into());
    }
    if facts.person(person.id)?.is_some() {
        return Err(Refusal::IdConflict.into());
    }
    let mut person = person.clone();
    person.name = person.name.trim().to_owned();
    person.email = person.email.trim().to_owned();
    person.active = true;
    Ok(person)
}

/// The organisation's sitting representative (member or chair), other than `except`.
fn sitting_representative(
    facts: &impl Facts,
    person: &PersonInfo,
) -> Result<Option<PersonInfo>, Denied> {
    Ok(facts
        .active_people()?
        .into_iter()
        .find(|p| p.org == person.org && p.role.is_appointed_member() && p.id != person.id))
}

/// The secretariat gives a person access (the hub adds the token). An organisation has one
/// active representative (member or chair) at a time: a second is refused until the first is
/// revoked or replaced ([`decide_representative_change`]), so "who holds the seat" never
/// depends on storage order.
pub fn decide_appointment(facts: &impl Facts, actor: &Actor, person: &PersonInfo) -> Decided {
    permit(actor.role, Act::InvitePerson)?;
    let person = check_new_person(facts, person)?;
    if person.role.is_appointed_member() {
        if let Some(sitting) = sitting_representative(facts, &person)? {
            return Err(Refusal::RepresentativeAlreadyAppointed {
                org: person.org.clone(),
                name: sitting.name,
            }
            .into());
        }
    }
    Ok(Decision::one(Change::everyone(Entity::Person(person))))
}

/// A new representative takes the organisation's seat: the sitting one (if any) loses access in
/// the same act, so the seat is never empty or held twice.
pub fn decide_representative_change(
    facts: &impl Facts,
    actor: &Actor,
    person: &PersonInfo,
) -> Decided {
    permit(actor.role, Act::ChangeRepresentative)?;
    if !person.role.is_appointed_member() {
        return Err(Refusal::NotARepresentativeRole.into());
    }
    let person = check_new_person(facts, person)?;
    let mut changes = Vec::new();
    if let Some(mut sitting) = sitting_representative(facts, &person)? {
        sitting.active = false;
        changes.push(Change::everyone(Entity::Person(sitting)));
    }
    changes.push(Change::everyone(Entity::Person(person)));
    Ok(Decision {
        changes,
        notices: vec![],
    })
}

/// A person loses access (the hub revokes every token of theirs).
pub fn decide_revocation(facts: &impl Facts, actor: &Actor, person: PersonId) -> Decided {
    permit(actor.role, Act::RevokeAccess)?;
    let mut info = facts.person(person)?.ok_or(Refusal::PersonNotFound)?;
    info.active = false;
    Ok(Decision::one(Change::everyone(Entity::Person(info))))
}
