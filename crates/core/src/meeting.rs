//! Meetings, their agendas and the documents published for them.

use std::fmt;
use std::str::FromStr;

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::ids::{
    AgendaItemId, DocumentId, EscalationId, MeetingId, OrgId, SystemId, WrittenProcedureId,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum MeetingKind {
    /// One of the (by default 4) meetings of the annual plan.
    Ordinary,
    /// Called as needed ("efter behov"); does not count towards the annual plan.
    Extra,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum AttendanceMode {
    InPerson,
    Hybrid,
    Online,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum MeetingStatus {
    Planned,
    /// Agenda published.
    Published,
    Held,
    Cancelled,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Meeting {
    pub id: MeetingId,
    pub kind: MeetingKind,
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub end: Option<NaiveTime>,
    pub location: String,
    pub attendance: AttendanceMode,
    pub status: MeetingStatus,
    /// The day the agenda first went out (set by the hub when it is published; judged against
    /// the material deadline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agenda_published_on: Option<NaiveDate>,
    /// Why the meeting was cancelled, as members are told (set by `cancel_meeting`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancellation_reason: Option<String>,
    /// The link to join an online or hybrid meeting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// The day the chair approved the agenda as it now stands (cleared when the agenda changes
    /// before publication; set by `approve_agenda`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agenda_approved_on: Option<NaiveDate>,
    /// The meeting in progress ("Mødet er i gang"): the item being dealt with and the decisions
    /// recorded so far, as the secretariat records them live; the minutes draft starts from them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub live: Option<LiveMeeting>,
}

impl Meeting {
    /// Whether the meeting can be run live today: it is its day, its agenda is out and it has
    /// not been recorded as held (nor cancelled).
    pub fn in_progress(&self, today: NaiveDate) -> bool {
        self.date == today && self.status == MeetingStatus::Published
    }

    /// Whether its agenda may still change: not once it is held (the agenda is then the record
    /// of what was dealt with), nor when it is cancelled.
    pub fn agenda_may_change(&self) -> bool {
        !matches!(self.status, MeetingStatus::Held | MeetingStatus::Cancelled)
    }

    /// Whether the meeting can be recorded as held today: its day has come, and it is neither
    /// held already nor cancelled.
    pub fn may_be_marked_held(&self, today: NaiveDate) -> bool {
        self.date <= today
            && matches!(
                self.status,
                MeetingStatus::Planned | MeetingStatus::Published
            )
    }
}

/// What members follow while the meeting is in progress.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct LiveMeeting {
    /// The item being dealt with now (none between items, and once the meeting is over).
    pub current_item: Option<AgendaItemId>,
    /// The decisions as taken, one per item, in the order recorded.
    pub decisions: Vec<crate::minutes::Decision>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum AgendaItemKind {
    Decision,
    Orientation,
    Discussion,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct AgendaItem {
    pub id: AgendaItemId,
    pub meeting: MeetingId,
    /// 1-based position on the agenda.
    pub number: u32,
    pub title: String,
    pub description: String,
    pub kind: AgendaItemKind,
    /// Portfolio systems the item concerns.
    pub systems: Vec<SystemId>,
    /// Set when the item proposes or concerns an escalation to PSTG.
    pub escalation: Option<EscalationId>,
    /// Set when an objection moved a written procedure's case to this item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedure: Option<WrittenProcedureId>,
    /// The organisation that presents the item at the meeting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presenter: Option<OrgId>,
}

/// A published document; its bytes are addressed by [`Sha256`] and live outside core.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Document {
    pub id: DocumentId,
    pub meeting: Option<MeetingId>,
    pub agenda_item: Option<AgendaItemId>,
    pub title: String,
    pub sha256: Sha256,
    pub size_bytes: u64,
    pub mime: String,
    /// 1 for the first publication; a republished document gets a higher version.
    pub version: u32,
    pub published_on: NaiveDate,
    /// What changed in this version, in one line (a version after the first has one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change_note: Option<String>,
    /// The written procedure the document is material for (then `meeting` is absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedure: Option<WrittenProcedureId>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a SHA-256 digest (64 hexadecimal characters)")]
pub struct Sha256Error(pub String);

/// A SHA-256 digest as 64 lowercase hex characters (upper case is accepted and normalised, so
/// two spellings of one digest compare equal).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, type = "string"))]
#[serde(try_from = "String", into = "String")]
pub struct Sha256(String);

impl Sha256 {
    pub fn parse(hex: &str) -> Result<Self, Sha256Error> {
        if hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            Ok(Self(hex.to_ascii_lowercase()))
        } else {
            Err(Sha256Error(hex.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Sha256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Sha256 {
    type Err = Sha256Error;
    fn from_str(s: &str) -> Result<Self, Sha256Error> {
        Self::parse(s)
    }
}

impl TryFrom<String> for Sha256 {
    type Error = Sha256Error;
    fn try_from(s: String) -> Result<Self, Sha256Error> {
        Self::parse(&s)
    }
}

impl From<Sha256> for String {
    fn from(h: Sha256) -> String {
        h.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    const EMPTY: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    #[rstest]
    #[case(EMPTY, Some(EMPTY))]
    #[case(
        "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
        Some(EMPTY)
    )]
    #[case("e3b0c442", None)] // too short
    #[case(
        "g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        None
    )] // not hex
    #[case(
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8550",
        None
    )] // too long
    #[case("", None)]
    fn sha256_validation(#[case] input: &str, #[case] expected: Option<&str>) {
        assert_eq!(
            Sha256::parse(input).ok().as_ref().map(Sha256::as_str),
            expected
        );
    }

    #[test]
    fn sha256_serde_validates() {
        assert!(serde_json::from_str::<Sha256>("\"abc\"").is_err());
        let h: Sha256 = serde_json::from_str(&format!("\"{EMPTY}\"")).expect("valid");
        assert_eq!(h.as_str(), EMPTY);
    }
}
