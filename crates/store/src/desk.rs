//! What the secretariat's and the chair's desk shows: the year's meetings and one meeting's
//! agenda as they will be once the acts still waiting in the outbox reach the hub (read through
//! [`LocalFacts`], which lays them over the mirror), with what core says about them — the annual
//! plan check, and how late the agenda would go out if published today. No rule is decided here.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use styrebord_core::acts::{permit, Act};
use styrebord_core::calendar::{Timeliness, WorkingDayCalendar};
use styrebord_core::entity::Attendee;
use styrebord_core::entity::ReminderAbout;
use styrebord_core::meeting::{AgendaItem, Document, Meeting};
use styrebord_core::plan::annual_plan_check;
use styrebord_core::write::{
    default_attendance, may_approve_at, outstanding, Denied, Facts, FactsUnavailable, Notice,
};
use styrebord_core::{MeetingId, OrgId};
use styrebord_protocol::ErrorBody;

use crate::facts::LocalFacts;
use crate::{Store, StoreError};

/// The year on the desk: its meetings (waiting acts included) and the plan check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct DeskYear {
    pub year: i32,
    pub meetings: Vec<Meeting>,
    /// Core's annual plan check, when the year is not the expected number of ordinary meetings.
    pub plan_warning: Option<ErrorBody>,
}

/// One meeting on the desk: its agenda and material as they will be, and what publishing today
/// would mean.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct DeskMeeting {
    pub meeting: Meeting,
    pub items: Vec<AgendaItem>,
    pub documents: Vec<Document>,
    /// The material deadline (6 working days before, by the committee's calendar).
    pub material_due: NaiveDate,
    /// Working days late the agenda would be if it went out today (0: on time).
    pub late_if_published_today: u32,
    /// The meeting can be run live now (core's `Meeting::in_progress`).
    pub in_progress: bool,
    /// Who is expected at the table (core's `default_attendance`: each organisation's member or
    /// registered substitute, and its observer): the desk's attendance list starts from it.
    pub expected_attendance: Vec<Attendee>,
    /// It can be recorded as held today (core's `Meeting::may_be_marked_held`).
    pub may_be_marked_held: bool,
    /// Its agenda may still change (core's `Meeting::agenda_may_change`).
    pub agenda_may_change: bool,
    /// The meetings at which this meeting's minutes may be approved today (core's
    /// `may_approve_at`), earliest first.
    pub approval_meetings: Vec<Meeting>,
}

fn facts_error(e: FactsUnavailable) -> StoreError {
    StoreError::Corrupt(e.0)
}

impl Store {
    /// The acts the signed-in person's role may ask for (core's matrix): what the app offers.
    pub fn my_acts(&self) -> Result<Vec<Act>, StoreError> {
        let Some(me) = self.me()? else {
            return Ok(vec![]);
        };
        Ok(Act::ALL
            .into_iter()
            .filter(|a| permit(me.role, *a).is_ok())
            .collect())
    }

    /// The organisations whose answer is awaited (core's `outstanding`, over the local copy).
    pub fn desk_outstanding(&self, about: ReminderAbout) -> Result<Vec<OrgId>, StoreError> {
        self.read(|tx| match outstanding(&LocalFacts::new(tx), about) {
            Ok(orgs) => Ok(orgs),
            Err(Denied::Refused(_)) => Ok(vec![]),
            Err(Denied::Facts(e)) => Err(facts_error(e)),
        })
    }

    pub fn desk_year(&self, year: i32) -> Result<DeskYear, StoreError> {
        self.read(|tx| {
            let facts = LocalFacts::new(tx);
            let all = facts.meetings().map_err(facts_error)?;
            let expected = facts
                .committee()
                .map_err(facts_error)?
                .ordinary_meetings_per_year;
            let plan_warning =
                annual_plan_check(year, &all, expected).map(|w| ErrorBody::from(&Notice::Plan(w)));
            let mut meetings: Vec<Meeting> =
                all.into_iter().filter(|m| m.date.year() == year).collect();
            meetings.sort_by_key(|m| (m.date, m.start));
            Ok(DeskYear {
                year,
                meetings,
                plan_warning,
            })
        })
    }

    pub fn desk_meeting(
        &self,
        meeting: MeetingId,
        today: NaiveDate,
    ) -> Result<Option<DeskMeeting>, StoreError> {
        self.read(|tx| {
            let facts = LocalFacts::new(tx);
            let Some(m) = facts.meeting(meeting).map_err(facts_error)? else {
                return Ok(None);
            };
            let mut items = facts.agenda_items(meeting).map_err(facts_error)?;
            items.sort_by_key(|i| i.number);
            let documents = facts.documents(meeting).map_err(facts_error)?;
            let cal = WorkingDayCalendar::new(facts.committee().map_err(facts_error)?.calendar);
            let late = match cal.material_lateness(m.date, today) {
                Timeliness::Late { working_days } => working_days,
                Timeliness::OnTime => 0,
            };
            let expected_attendance = default_attendance(
                &facts.active_people().map_err(facts_error)?,
                &facts.registrations(meeting).map_err(facts_error)?,
                meeting,
            )
            .attendees;
            let mut approval_meetings: Vec<Meeting> = facts
                .meetings()
                .map_err(facts_error)?
                .into_iter()
                .filter(|at| may_approve_at(&m, at, today).is_ok())
                .collect();
            approval_meetings.sort_by_key(|at| (at.date, at.start));
            Ok(Some(DeskMeeting {
                approval_meetings,
                expected_attendance,
                material_due: cal.material_due(m.date),
                late_if_published_today: late,
                in_progress: m.in_progress(today),
                may_be_marked_held: m.may_be_marked_held(today),
                agenda_may_change: m.agenda_may_change(),
                meeting: m,
                items,
                documents,
            }))
        })
    }
}
