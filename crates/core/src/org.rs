//! Organisations, people and the roles they hold in the committee.

use serde::{Deserialize, Serialize};

use crate::ids::{OrgId, PersonId};

/// A represented organisation (authority), e.g. KL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Organisation {
    pub code: OrgId,
    /// Full Danish name, e.g. "Finansministeriet v. Digitaliseringsstyrelsen".
    pub name: String,
    /// Name used in lists, e.g. "Digitaliseringsstyrelsen".
    pub short_name: String,
}

/// A person's standing role. Who holds an organisation's *seat* at a given meeting is decided
/// per meeting (see [`crate::registration::seat_holder`]), not by role alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Chairs the committee and is also the chair organisation's member.
    Chair,
    /// Runs the committee; the only role that publishes and may act on anyone's behalf.
    Secretariat,
    /// The organisation's appointed representative.
    Member,
    /// Takes the member's seat for a meeting when registered for it.
    Substitute,
    /// Attends with a member (bisidder); never acts for the organisation.
    Observer,
}

impl Role {
    /// Holds the organisation's seat unless a substitute is registered for the meeting.
    pub const fn is_appointed_member(self) -> bool {
        matches!(self, Role::Member | Role::Chair)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: PersonId,
    pub name: String,
    pub email: String,
    pub org: OrgId,
    pub role: Role,
}

/// Who is asking the rules for permission. Built by the edge from the authenticated person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub person: PersonId,
    pub org: OrgId,
    pub role: Role,
}

impl From<&Person> for Actor {
    fn from(p: &Person) -> Self {
        Actor {
            person: p.id,
            org: p.org.clone(),
            role: p.role,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_serde_names_are_stable() {
        let names: Vec<String> = [
            Role::Chair,
            Role::Secretariat,
            Role::Member,
            Role::Substitute,
            Role::Observer,
        ]
        .iter()
        .map(|r| serde_json::to_string(r).expect("serialize"))
        .collect();
        assert_eq!(
            names,
            [
                "\"chair\"",
                "\"secretariat\"",
                "\"member\"",
                "\"substitute\"",
                "\"observer\""
            ]
        );
    }
}
