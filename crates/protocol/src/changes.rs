//! `GET /v1/changes?since=<cursor>&limit=<n>`: one page of the change feed a person may see.
//!
//! Each [`Change`] carries the whole new state of one entity (or a tombstone), so applying a page
//! is an upsert per change and applying it twice is harmless.

use serde::{Deserialize, Serialize};
use styrebord_core::escalation::Escalation;
use styrebord_core::meeting::{AgendaItem, Document, Meeting};
use styrebord_core::minutes::{CommentRound, Decision, MinutesComment, MinutesDraft};
use styrebord_core::org::{Organisation, Role};
use styrebord_core::portfolio::{PortfolioSystem, QuarterlyStatus};
use styrebord_core::procedure::WrittenProcedure;
use styrebord_core::registration::Registration;
use styrebord_core::roadmap::RoadmapItem;
use styrebord_core::{MeetingId, OrgId, PersonId, RegistrationId};

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
    pub body: ChangeBody,
}

/// A person as the committee sees them (never a token).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct PersonInfo {
    pub id: PersonId,
    pub name: String,
    pub email: String,
    pub org: OrgId,
    pub role: Role,
    /// False once the secretariat has revoked the person.
    pub active: bool,
}

/// Decision minutes with their comment round (absent until the secretariat opens one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Minutes {
    /// `draft.decisions` is always the current text: the final text once approved.
    pub draft: MinutesDraft,
    pub round: Option<CommentRound>,
    /// The decision texts as sent for comments, kept only when the approved text differs
    /// (so a reader can see draft → final). Absent otherwise, and in JSON from before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draft_decisions: Option<Vec<Decision>>,
}

/// The new state of one entity. `kind` names the variant, `body` holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "body", rename_all = "snake_case")]
pub enum ChangeBody {
    Organisation(Organisation),
    Person(PersonInfo),
    Meeting(Meeting),
    AgendaItem(AgendaItem),
    /// Document metadata; the bytes are at `GET /v1/blobs/{sha256}`.
    Document(Document),
    Registration(Registration),
    RegistrationCancelled {
        id: RegistrationId,
        meeting: MeetingId,
    },
    Minutes(Minutes),
    MinutesComment(MinutesComment),
    WrittenProcedure(WrittenProcedure),
    PortfolioSystem(PortfolioSystem),
    QuarterlyStatus(QuarterlyStatus),
    RoadmapItem(RoadmapItem),
    /// A case's escalation to PSTG (state and the economic forum's approval of funds).
    Escalation(Escalation),
}

impl ChangeBody {
    /// The `kind` tag, as stored in the hub's change log.
    pub fn kind(&self) -> &'static str {
        match self {
            ChangeBody::Organisation(_) => "organisation",
            ChangeBody::Person(_) => "person",
            ChangeBody::Meeting(_) => "meeting",
            ChangeBody::AgendaItem(_) => "agenda_item",
            ChangeBody::Document(_) => "document",
            ChangeBody::Registration(_) => "registration",
            ChangeBody::RegistrationCancelled { .. } => "registration_cancelled",
            ChangeBody::Minutes(_) => "minutes",
            ChangeBody::MinutesComment(_) => "minutes_comment",
            ChangeBody::WrittenProcedure(_) => "written_procedure",
            ChangeBody::PortfolioSystem(_) => "portfolio_system",
            ChangeBody::QuarterlyStatus(_) => "quarterly_status",
            ChangeBody::RoadmapItem(_) => "roadmap_item",
            ChangeBody::Escalation(_) => "escalation",
        }
    }

    /// The id of the entity the change is about (for keys and logs).
    pub fn entity_id(&self) -> String {
        match self {
            ChangeBody::Organisation(o) => o.code.to_string(),
            ChangeBody::Person(p) => p.id.to_string(),
            ChangeBody::Meeting(m) => m.id.to_string(),
            ChangeBody::AgendaItem(a) => a.id.to_string(),
            ChangeBody::Document(d) => format!("{}@{}", d.id, d.version),
            ChangeBody::Registration(r) => r.id.to_string(),
            ChangeBody::RegistrationCancelled { id, .. } => id.to_string(),
            ChangeBody::Minutes(m) => m.draft.id.to_string(),
            ChangeBody::MinutesComment(c) => c.id.to_string(),
            ChangeBody::WrittenProcedure(p) => p.id.to_string(),
            ChangeBody::PortfolioSystem(s) => s.code.to_string(),
            ChangeBody::QuarterlyStatus(s) => format!("{}@{}", s.system, s.quarter),
            ChangeBody::RoadmapItem(r) => r.id.to_string(),
            ChangeBody::Escalation(e) => e.id.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn change_is_flat_with_kind_and_body() {
        let id = RegistrationId::parse("01890a5d-ac96-774b-bcce-b302099a8057").unwrap();
        let meeting = MeetingId::parse("01890a5d-ac96-774b-bcce-b302099a8058").unwrap();
        let change = Change {
            seq: 7,
            body: ChangeBody::RegistrationCancelled { id, meeting },
        };
        let json = serde_json::to_value(&change).unwrap();
        assert_eq!(json["seq"], 7);
        assert_eq!(json["kind"], "registration_cancelled");
        assert_eq!(json["body"]["id"], id.to_string());
        let back: Change = serde_json::from_value(json).unwrap();
        assert_eq!(back, change);
        assert_eq!(back.body.kind(), "registration_cancelled");
    }

    #[test]
    fn escalation_change_round_trips() {
        use styrebord_core::escalation::{EscalationState, ForumApproval};
        use styrebord_core::{AgendaItemId, EscalationId, SystemId};
        let id = EscalationId::parse("01890a5d-ac96-774b-bcce-b302099a805b").unwrap();
        let item = AgendaItemId::parse("01890a5d-ac96-774b-bcce-b302099a805a").unwrap();
        let change = Change {
            seq: 9,
            body: ChangeBody::Escalation(Escalation {
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
        assert_eq!(back.body.kind(), "escalation");
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
