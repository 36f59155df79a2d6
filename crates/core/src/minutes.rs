//! Decision minutes (beslutningsreferat) and the comment round on a draft.
//!
//! The draft holds one decision text per agenda item. It goes out for written comments "blandt
//! medlemmerne": while the comment round is open, each organisation's member may comment per
//! item, and so may the substitute who sat the meeting for it — as may the chair and the
//! secretariat. Observers never comment: they speak through their member.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ids::{AgendaItemId, CommentId, CommentRoundId, MeetingId, MinutesId, OrgId, PersonId};
use crate::org::{Actor, Role};
use crate::refusal::Refusal;
use crate::registration::MeetingContext;
use crate::text::MAX_TEXT_CHARS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum MinutesState {
    Draft,
    CommentRoundOpen,
    CommentRoundClosed,
    /// Approved at the next ordinary meeting: final and read-only.
    Approved,
}

/// The decision recorded for one agenda item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Decision {
    pub agenda_item: AgendaItemId,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct MinutesDraft {
    pub id: MinutesId,
    pub meeting: MeetingId,
    pub state: MinutesState,
    pub decisions: Vec<Decision>,
}

impl MinutesDraft {
    pub fn covers(&self, item: AgendaItemId) -> bool {
        self.decisions.iter().any(|d| d.agenda_item == item)
    }
}

/// The period in which a draft can be commented on; `closes` is the last day comments are taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CommentRound {
    pub id: CommentRoundId,
    pub minutes: MinutesId,
    pub opens: NaiveDate,
    pub closes: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct MinutesComment {
    pub id: CommentId,
    pub minutes: MinutesId,
    pub agenda_item: AgendaItemId,
    pub author: PersonId,
    pub org: OrgId,
    pub text: String,
    pub written_on: NaiveDate,
    /// What the secretariat did with the comment; seen by the commenting organisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disposition: Option<Disposition>,
}

/// The secretariat's answer to a comment on the draft minutes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case", tag = "kind", content = "why")]
pub enum Disposition {
    /// Worked into the minutes.
    Incorporated,
    /// Not worked in, and why.
    NotIncorporated(String),
}

/// A comment as written, before it has an id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewComment {
    pub agenda_item: AgendaItemId,
    pub text: String,
}

/// May `actor` post `comment` on `draft` today? `ctx` is the meeting the minutes are of;
/// `round` is absent until the draft is sent for comments.
pub fn check_comment(
    ctx: &MeetingContext<'_>,
    draft: &MinutesDraft,
    round: Option<&CommentRound>,
    comment: &NewComment,
    actor: &Actor,
    today: NaiveDate,
) -> Result<(), Refusal> {
    match actor.role {
        Role::Observer => return Err(Refusal::ObserverCannotComment),
        Role::Chair | Role::Secretariat | Role::Member => {}
        Role::Substitute if ctx.sat_as_substitute(actor) => {}
        Role::Substitute => {
            return Err(Refusal::NotSeatHolder {
                org: actor.org.clone(),
                meeting_date: ctx.meeting.date,
            })
        }
    }
    check_round_open(draft.state, round, today)?;
    if !draft.covers(comment.agenda_item) {
        return Err(Refusal::AgendaItemNotInMinutes);
    }
    check_text(&comment.text)
}

/// Both the state (set by the secretariat) and the dates must say "open": a round is closed by
/// whichever comes first, so a forgotten state change never keeps a round open past its date.
pub(crate) fn check_round_open(
    state: MinutesState,
    round: Option<&CommentRound>,
    today: NaiveDate,
) -> Result<(), Refusal> {
    let Some(round) = round else {
        return Err(Refusal::MinutesNotSent);
    };
    match state {
        MinutesState::Draft => Err(Refusal::MinutesNotSent),
        MinutesState::CommentRoundClosed | MinutesState::Approved => {
            Err(Refusal::CommentRoundClosed {
                closes: round.closes,
            })
        }
        MinutesState::CommentRoundOpen if today < round.opens => {
            Err(Refusal::CommentRoundNotOpen { opens: round.opens })
        }
        MinutesState::CommentRoundOpen if today > round.closes => {
            Err(Refusal::CommentRoundClosed {
                closes: round.closes,
            })
        }
        MinutesState::CommentRoundOpen => Ok(()),
    }
}

/// Non-blank and at most [`MAX_TEXT_CHARS`] characters (counted as Unicode scalars, so "æøå"
/// are one each).
pub(crate) fn check_text(text: &str) -> Result<(), Refusal> {
    if text.trim().is_empty() {
        return Err(Refusal::CommentEmpty);
    }
    let chars = text.chars().count();
    if chars > MAX_TEXT_CHARS {
        return Err(Refusal::CommentTooLong {
            max_chars: MAX_TEXT_CHARS,
            chars,
        });
    }
    Ok(())
}
