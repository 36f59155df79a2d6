//! Referater, the list: every held meeting and every meeting with minutes this device can see,
//! newest first, with where its minutes stand (draft not yet out, open for comments until a
//! date, closed, approved on a date). Built from the minutes records themselves, so minutes a
//! member can see are listed even when the meeting's own record says less.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use styrebord_core::entity::{EntityKind, Minutes};
use styrebord_core::meeting::{Meeting, MeetingStatus};
use styrebord_core::minutes::MinutesState;

use crate::outbox::of_kind;
use crate::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct MinutesListEntry {
    pub meeting: Meeting,
    /// None: the meeting is held but its minutes have not reached this device (not yet sent).
    pub state: Option<MinutesState>,
    /// The comment round's last day, once the draft has been sent.
    pub closes: Option<NaiveDate>,
    /// Comments can be written today (core's `Minutes::open_for_comments`).
    pub open_for_comments: bool,
    pub approved_on: Option<NaiveDate>,
}

impl Store {
    pub fn minutes_list(&self, today: NaiveDate) -> Result<Vec<MinutesListEntry>, StoreError> {
        self.read(|tx| {
            let meetings: Vec<Meeting> = of_kind(tx, EntityKind::Meeting, "", &[])?;
            let minutes: Vec<Minutes> = of_kind(tx, EntityKind::Minutes, "", &[])?;
            let mut list: Vec<MinutesListEntry> = meetings
                .into_iter()
                .filter_map(|meeting| {
                    let of = minutes.iter().find(|m| m.draft.meeting == meeting.id);
                    if of.is_none() && meeting.status != MeetingStatus::Held {
                        return None;
                    }
                    Some(MinutesListEntry {
                        state: of.map(|m| m.draft.state),
                        closes: of.and_then(|m| m.round.as_ref().map(|r| r.closes)),
                        open_for_comments: of.is_some_and(|m| m.open_for_comments(today)),
                        approved_on: of.and_then(|m| m.approved_on),
                        meeting,
                    })
                })
                .collect();
            list.sort_by(|a, b| {
                (b.meeting.date, b.meeting.start).cmp(&(a.meeting.date, a.meeting.start))
            });
            Ok(list)
        })
    }
}
