//! `GET /v1/changes?since=<cursor>&limit=<n>`: one page of the change feed a person may see.
//!
//! Each [`Change`] carries the whole new state of one entity (or a tombstone), so applying a page
//! is an upsert per change and applying it twice is harmless.

use serde::{Deserialize, Serialize};

use crate::cursor::Cursor;

/// Page size when `limit` is absent.
pub const DEFAULT_LIMIT: u32 = 500;
/// Largest `limit` accepted; larger values are refused (`limit_out_of_range`), not clamped.
pub const MAX_LIMIT: u32 = 1000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangesPage {
    pub changes: Vec<Change>,
    /// Store this with the applied changes, in the same transaction; send it as `since` next time.
    pub cursor: Cursor,
    /// More changes are waiting: ask again at once.
    pub has_more: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub seq: u64,
    #[serde(flatten)]
    pub body: Entity,
}

// The records themselves (`Entity`, with `Minutes` and `PersonInfo`) are core's: the hub stores
// them, the feed carries them and the app mirrors them, all in one shape.
pub use styrebord_core::entity::{Entity, Minutes, PersonInfo};

#[cfg(test)]
mod tests {
    use super::*;
    use styrebord_core::entity::EntityKind;
    use styrebord_core::escalation::Escalation;
    use styrebord_core::{MeetingId, RegistrationId};

    #[test]
    fn change_is_flat_with_kind_and_body() {
        let id = RegistrationId::parse("01890a5d-ac96-774b-bcce-b302099a8057").unwrap();
        let meeting = MeetingId::parse("01890a5d-ac96-774b-bcce-b302099a8058").unwrap();
        let change = Change {
            seq: 7,
            body: Entity::RegistrationCancelled { id, meeting },
        };
        let json = serde_json::to_value(&change).unwrap();
        assert_eq!(json["seq"], 7);
        assert_eq!(json["kind"], "registration_cancelled");
        assert_eq!(json["body"]["id"], id.to_string());
        let back: Change = serde_json::from_value(json).unwrap();
        assert_eq!(back, change);
        assert_eq!(back.body.kind(), EntityKind::RegistrationCancelled);
    }

    #[test]
    fn escalation_change_round_trips() {
        use styrebord_core::escalation::{EscalationState, ForumApproval};
        use styrebord_core::{AgendaItemId, EscalationId, SystemId};
        let id = EscalationId::parse("01890a5d-ac96-774b-bcce-b302099a805b").unwrap();
        let item = AgendaItemId::parse("01890a5d-ac96-774b-bcce-b302099a805a").unwrap();
        let change = Change {
            seq: 9,
            body: Entity::Escalation(Escalation {
                id,
                case: "Udskiftning af signeringsplatform".into(),
                agenda_item: Some(item),
                systems: vec![SystemId::parse("MITID").unwrap()],
                needs_funds: true,
                economic_forum_approval: Some(ForumApproval {
                    approved_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 3).unwrap(),
                    reference: "ØF 2026-11 pkt. 4".into(),
                }),
                state: EscalationState::ReadyForPstg,
            }),
        };
        let json = serde_json::to_value(&change).unwrap();
        assert_eq!(json["kind"], "escalation");
        assert_eq!(json["body"]["id"], id.to_string());
        assert_eq!(json["body"]["state"], "ready_for_pstg");
        assert_eq!(
            json["body"]["economic_forum_approval"]["approved_on"],
            "2026-11-03"
        );
        let back: Change = serde_json::from_value(json).unwrap();
        assert_eq!(back, change);
        assert_eq!(back.body.kind(), EntityKind::Escalation);
        assert_eq!(back.body.entity_id(), id.to_string());
    }

    fn minutes_json(extra: &str) -> String {
        format!(
            r#"{{"draft":{{"id":"01890a5d-ac96-774b-bcce-b302099a8059",
                "meeting":"01890a5d-ac96-774b-bcce-b302099a8058","state":"approved",
                "decisions":[{{"agenda_item":"01890a5d-ac96-774b-bcce-b302099a805a",
                "text":"Godkendt med frist 1. marts."}}]}},"round":null{extra}}}"#
        )
    }

    #[test]
    fn minutes_without_draft_decisions_parses_and_omits_the_field() {
        let m: Minutes = serde_json::from_str(&minutes_json("")).unwrap();
        assert_eq!(m.draft_decisions, None);
        let json = serde_json::to_value(&m).unwrap();
        assert!(json.get("draft_decisions").is_none());
    }

    #[test]
    fn minutes_with_draft_decisions_round_trips() {
        let extra = r#","draft_decisions":[{"agenda_item":"01890a5d-ac96-774b-bcce-b302099a805a",
            "text":"Godkendt."}]"#;
        let m: Minutes = serde_json::from_str(&minutes_json(extra)).unwrap();
        let sent = m.draft_decisions.as_ref().unwrap();
        assert_eq!(sent[0].text, "Godkendt.");
        assert_eq!(m.draft.decisions[0].text, "Godkendt med frist 1. marts.");
        assert_eq!(sent[0].agenda_item, m.draft.decisions[0].agenda_item);
        let back: Minutes = serde_json::from_value(serde_json::to_value(&m).unwrap()).unwrap();
        assert_eq!(back, m);
    }
}
