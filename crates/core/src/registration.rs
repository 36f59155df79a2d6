//! Who sits at the table: seats, substitutes and observers per organisation per meeting.
//!
//! Each organisation has one seat. Its appointed member holds it, unless a substitute is
//! registered for that meeting: then the substitute holds it for that meeting only. Whoever holds
//! the seat may bring at most one observer (bisidder). Registrations given to these functions are
//! the *active* ones; a cancelled registration is simply absent.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ids::{MeetingId, OrgId, PersonId, RegistrationId};
use crate::meeting::{Meeting, MeetingStatus};
use crate::org::{Actor, Person, Role};
use crate::refusal::Refusal;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum RegistrationKind {
    /// Takes the member's seat for the meeting.
    Substitute,
    /// Accompanies whoever holds the seat (bisidder).
    Observer,
}

/// An active registration of a substitute or observer for one meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Registration {
    pub id: RegistrationId,
    pub meeting: MeetingId,
    pub org: OrgId,
    pub kind: RegistrationKind,
    /// The registered person's account, when they have one; a substitute needs one to act in
    /// Styrebord (e.g. comment on the minutes) as the seat holder.
    pub person: Option<PersonId>,
    pub name: String,
    pub email: String,
    pub registered_by: PersonId,
}

/// A registration as asked for, before it has an id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewRegistration {
    pub org: OrgId,
    pub kind: RegistrationKind,
    pub person: Option<PersonId>,
    pub name: String,
    pub email: String,
}

/// Who holds an organisation's seat at one meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum SeatHolder {
    Member {
        person: PersonId,
    },
    Substitute {
        registration: RegistrationId,
        person: Option<PersonId>,
        name: String,
    },
}

impl SeatHolder {
    /// The seat holder's account, if they have one.
    pub fn person(&self) -> Option<PersonId> {
        match self {
            SeatHolder::Member { person } => Some(*person),
            SeatHolder::Substitute { person, .. } => *person,
        }
    }
}

/// What the seat rules need to know about one meeting.
#[derive(Debug, Clone, Copy)]
pub struct MeetingContext<'a> {
    pub meeting: &'a Meeting,
    /// Appointed members (role member or chair); other people are ignored.
    pub members: &'a [Person],
    /// Active registrations; those of other meetings are ignored.
    pub registrations: &'a [Registration],
}

impl MeetingContext<'_> {
    pub fn seat_holder(&self, org: &OrgId) -> Option<SeatHolder> {
        seat_holder(org, self.meeting.id, self.members, self.registrations)
    }

    /// The actor holds `org`'s seat at this meeting.
    pub fn holds_seat(&self, actor: &Actor, org: &OrgId) -> bool {
        if actor.org != *org {
            return false;
        }
        match self.seat_holder(org) {
            Some(SeatHolder::Member { person }) => person == actor.person,
            Some(SeatHolder::Substitute { registration, .. }) => self
                .registrations
                .iter()
                .find(|r| r.id == registration)
                .is_some_and(|r| self.is_registered_person(r, actor)),
            None => false,
        }
    }

    /// The actor sat (or sits) in `actor.org`'s seat at this meeting as its registered substitute.
    pub fn sat_as_substitute(&self, actor: &Actor) -> bool {
        self.registrations.iter().any(|r| {
            r.meeting == self.meeting.id
                && r.org == actor.org
                && r.kind == RegistrationKind::Substitute
                && self.is_registered_person(r, actor)
        })
    }

    /// A registration names the actor: by account, or — when it was made without one, as a
    /// member registering their substitute does — by the e-mail address the account was
    /// invited with.
    fn is_registered_person(&self, r: &Registration, actor: &Actor) -> bool {
        match r.person {
            Some(p) => p == actor.person,
            None => self
                .members
                .iter()
                .find(|p| p.id == actor.person)
                .is_some_and(|p| p.email.trim().eq_ignore_ascii_case(r.email.trim())),
        }
    }
}

/// The seat holder of `org` at `meeting`: the registered substitute if any, else the appointed
/// member (the one with the lowest id, should old data ever hold two: the hub refuses a second
/// representative, and the choice must not depend on the order data is listed in).
pub fn seat_holder(
    org: &OrgId,
    meeting: MeetingId,
    members: &[Person],
    registrations: &[Registration],
) -> Option<SeatHolder> {
    let substitute = registrations
        .iter()
        .find(|r| r.meeting == meeting && r.org == *org && r.kind == RegistrationKind::Substitute);
    if let Some(r) = substitute {
        return Some(SeatHolder::Substitute {
            registration: r.id,
            person: r.person,
            name: r.name.clone(),
        });
    }
    members
        .iter()
        .filter(|p| p.org == *org && p.role.is_appointed_member())
        .min_by_key(|p| p.id)
        .map(|p| SeatHolder::Member { person: p.id })
}

/// May `actor` register `new` for the meeting? Checked in the order a person can act on:
/// meeting open, role and authority for the organisation, the form, then the seat limits.
pub fn check_registration(
    ctx: &MeetingContext<'_>,
    new: &NewRegistration,
    actor: &Actor,
    today: NaiveDate,
) -> Result<(), Refusal> {
    check_meeting_open(ctx.meeting, today)?;
    check_may_act_for(ctx, &new.org, actor)?;

    if new.name.trim().is_empty() {
        return Err(Refusal::RegistrantNameMissing);
    }
    let email = new.email.trim();
    if !plausible_email(email) {
        return Err(Refusal::RegistrantEmailInvalid {
            email: new.email.clone(),
        });
    }

    let meeting_date = ctx.meeting.date;
    let this_meeting = || {
        ctx.registrations
            .iter()
            .filter(|r| r.meeting == ctx.meeting.id)
    };
    if let Some(dup) = this_meeting().find(|r| r.email.trim().eq_ignore_ascii_case(email)) {
        return Err(Refusal::AlreadyRegistered {
            name: dup.name.clone(),
            meeting_date,
        });
    }

    let taken = this_meeting().find(|r| r.org == new.org && r.kind == new.kind);
    match (new.kind, taken) {
        (_, None) => Ok(()),
        (RegistrationKind::Observer, Some(_)) => Err(Refusal::ObserverLimitReached {
            org: new.org.clone(),
            meeting_date,
        }),
        (RegistrationKind::Substitute, Some(existing)) => {
            Err(Refusal::SubstituteAlreadyRegistered {
                org: new.org.clone(),
                meeting_date,
                name: existing.name.clone(),
            })
        }
    }
}

/// May `actor` cancel the registration `id`? The secretariat, the organisation's appointed
/// member (who may withdraw a substitute they sent) and the meeting's seat holder may.
pub fn check_cancellation(
    ctx: &MeetingContext<'_>,
    id: RegistrationId,
    actor: &Actor,
    today: NaiveDate,
) -> Result<(), Refusal> {
    let registration = ctx
        .registrations
        .iter()
        .find(|r| r.id == id && r.meeting == ctx.meeting.id)
        .ok_or(Refusal::RegistrationNotFound)?;
    check_meeting_open(ctx.meeting, today)?;
    let org = &registration.org;
    let is_org_member = actor.org == *org
        && actor.role.is_appointed_member()
        && ctx.members.iter().any(|p| p.id == actor.person);
    if is_org_member {
        return Ok(());
    }
    check_may_act_for(ctx, org, actor)
}

/// Whether registrations for `meeting` can still change on `today` (not held, cancelled or past).
pub fn registration_open(meeting: &Meeting, today: NaiveDate) -> bool {
    check_meeting_open(meeting, today).is_ok()
}

fn check_meeting_open(meeting: &Meeting, today: NaiveDate) -> Result<(), Refusal> {
    let closed = matches!(
        meeting.status,
        MeetingStatus::Held | MeetingStatus::Cancelled
    ) || meeting.date < today;
    if closed {
        return Err(Refusal::MeetingClosedForRegistration {
            meeting_date: meeting.date,
        });
    }
    Ok(())
}

/// The secretariat acts for anyone; otherwise only the seat holder acts for its organisation.
fn check_may_act_for(ctx: &MeetingContext<'_>, org: &OrgId, actor: &Actor) -> Result<(), Refusal> {
    match actor.role {
        Role::Observer => Err(Refusal::ObserverCannotRegister),
        Role::Secretariat => Ok(()),
        Role::Chair | Role::Member | Role::Substitute if ctx.holds_seat(actor, org) => Ok(()),
        Role::Chair | Role::Member | Role::Substitute => Err(Refusal::NotSeatHolder {
            org: org.clone(),
            meeting_date: ctx.meeting.date,
        }),
    }
}

/// Deliberately loose: one `@` with text on both sides and a dot inside the domain, no spaces.
/// Real verification is the invitation mail the edge sends.
pub(crate) fn plausible_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("jens@kl.dk", true)]
    #[case("jens", false)]
    #[case("@kl.dk", false)]
    #[case("jens@kl", false)]
    #[case("jens@@kl.dk", false)]
    #[case("je ns@kl.dk", false)]
    #[case("jens@.dk", false)]
    fn email_plausibility(#[case] email: &str, #[case] ok: bool) {
        assert_eq!(plausible_email(email), ok);
    }
}
