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

/// A change in a page that this app cannot read: a kind, or a shape, that a newer hub sends.
/// The app applies the rest of the page, tells the member to update, and reads the feed again
/// after its update (docs/API.md, "A newer hub").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnreadableChange {
    pub seq: u64,
    /// The change's `kind` as sent (empty when it had none).
    pub kind: String,
}

impl ChangesPage {
    /// Reads a page as an app must: one change it cannot read does not cost it the others.
    /// The whole page is refused (the error) only when it is not a page at all, or a change in
    /// it has no `seq`. A page that reads whole (every page of a hub of the app's own version)
    /// is decoded once, the fast way.
    pub fn from_json_tolerant(
        bytes: &[u8],
    ) -> Result<(ChangesPage, Vec<UnreadableChange>), serde_json::Error> {
        if let Ok(page) = serde_json::from_slice::<ChangesPage>(bytes) {
            return Ok((page, Vec::new()));
        }
        #[derive(Deserialize)]
        struct Loose {
            changes: Vec<serde_json::Value>,
            cursor: Cursor,
            has_more: bool,
        }
        let loose: Loose = serde_json::from_slice(bytes)?;
        let mut changes = Vec::with_capacity(loose.changes.len());
        let mut unreadable = Vec::new();
        for value in loose.changes {
            let seq = value.get("seq").and_then(serde_json::Value::as_u64);
            let kind = value
                .get("kind")
                .and_then(serde_json::Value::as_str)
                .unwrap_or_default()
                .to_owned();
            match (Change::deserialize(value), seq) {
                (Ok(change), _) => changes.push(change),
                (Err(_), Some(seq)) => unreadable.push(UnreadableChange { seq, kind }),
                (Err(e), None) => return Err(e),
            }
        }
        let page = ChangesPage {
            changes,
            cursor: loose.cursor,
            has_more: loose.has_more,
        };
        Ok((page, unreadable))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use styrebord_core::entity::EntityKind;
    use styrebord_core::escalation::Escalation;
    use styrebord_core::{MeetingId, RegistrationId};

    const KL_ORG: &str =
        r#"{"seq":3,"kind":"organisation","body":{"code":"KL","name":"KL","short_name":"KL"}}"#;

    fn page_of(changes: &[&str]) -> String {
        format!(
            r#"{{"changes":[{}],"cursor":"7.12","has_more":false}}"#,
            changes.join(",")
        )
    }

    #[test]
    fn a_page_the_app_can_read_whole_has_nothing_unreadable() {
        let text = page_of(&[KL_ORG]);
        let whole: ChangesPage = serde_json::from_str(&text).unwrap();
        let (page, unreadable) = ChangesPage::from_json_tolerant(text.as_bytes()).unwrap();
        assert_eq!(page, whole);
        assert_eq!(page.changes.len(), 1);
        assert!(unreadable.is_empty());
    }

    #[test]
    fn a_newer_hubs_kinds_and_shapes_are_set_aside_and_the_rest_is_read() {
        let text = page_of(&[
            r#"{"seq":1,"kind":"meeting_series","body":{"id":"x"}}"#,
            KL_ORG,
            // A known kind in a shape this app does not know (a role it has never heard of).
            r#"{"seq":5,"kind":"person","body":{"id":"01890a5d-ac96-774b-bcce-b302099a8057","name":"Ida","email":"ida@kl.dk","org":"KL","role":"deputy_chair"}}"#,
        ]);
        let (page, unreadable) = ChangesPage::from_json_tolerant(text.as_bytes()).unwrap();
        assert_eq!(page.changes.iter().map(|c| c.seq).collect::<Vec<_>>(), [3]);
        assert_eq!(page.cursor.to_string(), "7.12");
        assert!(!page.has_more);
        assert_eq!(
            unreadable,
            [
                UnreadableChange {
                    seq: 1,
                    kind: "meeting_series".into()
                },
                UnreadableChange {
                    seq: 5,
                    kind: "person".into()
                },
            ]
        );
    }

    #[test]
    fn a_change_without_a_seq_or_a_page_that_is_no_page_is_refused_whole() {
        let no_seq = page_of(&[KL_ORG, r#"{"kind":"meeting_series","body":{}}"#]);
        assert!(ChangesPage::from_json_tolerant(no_seq.as_bytes()).is_err());
        let cut = &page_of(&[KL_ORG])[..40];
        assert!(ChangesPage::from_json_tolerant(cut.as_bytes()).is_err());
        assert!(ChangesPage::from_json_tolerant(br#"{"changes":[]}"#).is_err());
    }

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
