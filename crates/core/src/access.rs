//! Who may write the committee's records and who may see them.
//!
//! The secretariat owns the data: only it creates and changes meetings, agendas, documents,
//! minutes, operations status and the roadmap (who may ask for which write at all is the role ×
//! act matrix, [`crate::acts::permit`]). Members' own writes
//! (registrations, comments, responses) have their rules in [`crate::registration`],
//! [`crate::minutes`] and [`crate::procedure`].
//!
//! What members see (RULES: "members see published meetings, agendas, materials"):
//! - the annual plan (every meeting), organisations, people, registrations, written procedures,
//!   the portfolio, operations status and the roadmap: everyone;
//! - a meeting's agenda items and documents: everyone once its agenda is published (any status
//!   after [`MeetingStatus::Planned`]), before that the secretariat only
//!   ([`meeting_content_visibility`]);
//! - decision minutes: everyone once the comment round opens, a draft the secretariat only
//!   ([`minutes_visibility`]);
//! - a comment on the minutes: the commenting organisation and the secretariat
//!   ([`comment_visibility`]).
//! - an escalation to PSTG: whoever sees the agenda item it is on (so the agenda item's
//!   [`meeting_content_visibility`]; the secretariat only when it is on no item).
//!
//! The secretariat sees everything.

use serde::{Deserialize, Serialize};

use crate::ids::OrgId;
use crate::meeting::MeetingStatus;
use crate::minutes::{MinutesComment, MinutesState};
use crate::org::Role;

/// Who may see a record.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "org", rename_all = "snake_case")]
pub enum Visibility {
    /// Every person with access, observers included.
    Everyone,
    /// The secretariat only.
    Secretariat,
    /// The people of this organisation, and the secretariat.
    Organisation(OrgId),
}

impl Visibility {
    /// Whether a person of `org` with `role` may see a record with this visibility.
    pub fn allows(&self, role: Role, org: &OrgId) -> bool {
        match self {
            Visibility::Everyone => true,
            _ if role == Role::Secretariat => true,
            Visibility::Secretariat => false,
            Visibility::Organisation(o) => o == org,
        }
    }
}

impl Visibility {
    /// Whether changing a record's visibility from `self` to `new` hides it from someone who
    /// could see it (who must then be told to drop it).
    pub fn narrows_to(&self, new: &Visibility) -> bool {
        match (self, new) {
            (Visibility::Secretariat, _) | (_, Visibility::Everyone) => false,
            (Visibility::Everyone, _) => true,
            (Visibility::Organisation(a), Visibility::Organisation(b)) => a != b,
            (Visibility::Organisation(_), Visibility::Secretariat) => true,
        }
    }
}

/// Who sees a meeting's agenda items and documents: everyone once the agenda is published.
/// (The meeting itself, as part of the annual plan, is visible to everyone from when it is
/// planned.)
pub const fn meeting_content_visibility(status: MeetingStatus) -> Visibility {
    match status {
        MeetingStatus::Planned => Visibility::Secretariat,
        MeetingStatus::Published | MeetingStatus::Held | MeetingStatus::Cancelled => {
            Visibility::Everyone
        }
    }
}

/// Who sees decision minutes: everyone once the comment round has opened (the draft is then
/// published); a draft before that only the secretariat.
pub const fn minutes_visibility(state: MinutesState) -> Visibility {
    match state {
        MinutesState::Draft => Visibility::Secretariat,
        MinutesState::CommentRoundOpen
        | MinutesState::CommentRoundClosed
        | MinutesState::Approved => Visibility::Everyone,
    }
}

/// Who sees a comment on the minutes: the commenting organisation and the secretariat.
pub fn comment_visibility(comment: &MinutesComment) -> Visibility {
    Visibility::Organisation(comment.org.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{AgendaItemId, CommentId, MinutesId, PersonId};
    use crate::org::Actor;
    use crate::refusal::Refusal;
    use chrono::NaiveDate;
    use rstest::rstest;
    use uuid::Uuid;

    fn org(code: &str) -> OrgId {
        OrgId::parse(code).expect("org code")
    }

    fn actor(role: Role) -> Actor {
        Actor {
            person: PersonId::from_uuid(Uuid::nil()),
            org: org("KL"),
            role,
        }
    }

    #[rstest]
    #[case(Role::Secretariat, true)]
    #[case(Role::Chair, false)]
    #[case(Role::Member, false)]
    #[case(Role::Substitute, false)]
    #[case(Role::Observer, false)]
    fn only_the_secretariat_writes(#[case] role: Role, #[case] allowed: bool) {
        let result = crate::acts::permit(actor(role).role, crate::acts::Act::PublishAgenda);
        assert_eq!(result.is_ok(), allowed);
        if let Err(r) = result {
            assert_eq!(r, Refusal::SecretariatOnly);
            assert_eq!(r.code(), "secretariat_only");
        }
    }

    #[rstest]
    #[case(MeetingStatus::Planned, Visibility::Secretariat)]
    #[case(MeetingStatus::Published, Visibility::Everyone)]
    #[case(MeetingStatus::Held, Visibility::Everyone)]
    #[case(MeetingStatus::Cancelled, Visibility::Everyone)]
    fn agenda_and_material_once_published(
        #[case] status: MeetingStatus,
        #[case] expected: Visibility,
    ) {
        assert_eq!(meeting_content_visibility(status), expected);
    }

    #[rstest]
    #[case(MinutesState::Draft, Visibility::Secretariat)]
    #[case(MinutesState::CommentRoundOpen, Visibility::Everyone)]
    #[case(MinutesState::CommentRoundClosed, Visibility::Everyone)]
    #[case(MinutesState::Approved, Visibility::Everyone)]
    fn minutes_once_the_comment_round_opens(
        #[case] state: MinutesState,
        #[case] expected: Visibility,
    ) {
        assert_eq!(minutes_visibility(state), expected);
    }

    #[test]
    fn comments_are_seen_by_their_organisation() {
        let c = MinutesComment {
            disposition: None,
            id: CommentId::from_uuid(Uuid::nil()),
            minutes: MinutesId::from_uuid(Uuid::nil()),
            agenda_item: AgendaItemId::from_uuid(Uuid::nil()),
            author: PersonId::from_uuid(Uuid::nil()),
            org: org("ATP"),
            text: "Bemærkning".into(),
            written_on: NaiveDate::from_ymd_opt(2026, 3, 2).expect("date"),
        };
        assert_eq!(comment_visibility(&c), Visibility::Organisation(org("ATP")));
    }

    #[rstest]
    #[case(Visibility::Everyone, Role::Observer, "KL", true)]
    #[case(Visibility::Everyone, Role::Member, "ATP", true)]
    #[case(Visibility::Secretariat, Role::Secretariat, "DIGST", true)]
    #[case(Visibility::Secretariat, Role::Chair, "DIGST", false)]
    #[case(Visibility::Secretariat, Role::Member, "KL", false)]
    #[case(Visibility::Organisation(org("KL")), Role::Member, "KL", true)]
    #[case(Visibility::Organisation(org("KL")), Role::Observer, "KL", true)]
    #[case(Visibility::Organisation(org("KL")), Role::Member, "ATP", false)]
    #[case(Visibility::Organisation(org("KL")), Role::Chair, "DIGST", false)]
    #[case(Visibility::Organisation(org("KL")), Role::Secretariat, "DIGST", true)]
    fn who_sees_what(
        #[case] visibility: Visibility,
        #[case] role: Role,
        #[case] viewer_org: &str,
        #[case] allowed: bool,
    ) {
        assert_eq!(visibility.allows(role, &org(viewer_org)), allowed);
    }
}
