//! The meeting in progress: the secretariat records, item by item, which item is being dealt
//! with and the decision as it is taken; every member's app follows within moments (the meeting
//! record carries it, see [`crate::meeting::LiveMeeting`]). Only on the meeting's day, while its
//! agenda is out and it is not yet marked held.

use chrono::NaiveDate;

use crate::entity::Entity;
use crate::ids::{AgendaItemId, MeetingId};
use crate::meeting::Meeting;
use crate::minutes::Decision;
use crate::refusal::Refusal;

use super::{not_cancelled, require_text, Change, Decided, Decision as Outcome, Denied, Facts};

fn in_progress(
    facts: &impl Facts,
    meeting: MeetingId,
    today: NaiveDate,
) -> Result<Meeting, Denied> {
    let m = facts.meeting(meeting)?.ok_or(Refusal::MeetingNotFound)?;
    not_cancelled(&m)?;
    if !m.in_progress(today) {
        return Err(Refusal::MeetingNotInProgress {
            meeting_date: m.date,
        }
        .into());
    }
    Ok(m)
}

fn on_agenda(facts: &impl Facts, meeting: &Meeting, item: AgendaItemId) -> Result<(), Denied> {
    match facts.agenda_item(item)? {
        Some(i) if i.meeting == meeting.id => Ok(()),
        _ => Err(Refusal::AgendaItemNotFound.into()),
    }
}

pub(super) fn set_current(
    facts: &impl Facts,
    meeting: MeetingId,
    item: Option<AgendaItemId>,
    today: NaiveDate,
) -> Decided {
    let mut m = in_progress(facts, meeting, today)?;
    if let Some(item) = item {
        on_agenda(facts, &m, item)?;
    }
    m.live.get_or_insert_with(Default::default).current_item = item;
    Ok(Outcome::one(Change::everyone(Entity::Meeting(m))))
}

pub(super) fn record_decision(
    facts: &impl Facts,
    meeting: MeetingId,
    item: AgendaItemId,
    text: &str,
    today: NaiveDate,
) -> Decided {
    require_text(text, Refusal::DecisionTextMissing)?;
    let mut m = in_progress(facts, meeting, today)?;
    on_agenda(facts, &m, item)?;
    let live = m.live.get_or_insert_with(Default::default);
    live.decisions.retain(|d| d.agenda_item != item);
    live.decisions.push(Decision {
        agenda_item: item,
        text: text.trim().to_owned(),
    });
    Ok(Outcome::one(Change::everyone(Entity::Meeting(m))))
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, NaiveTime};

    use crate::ids::MeetingId;
    use crate::meeting::{AttendanceMode, Meeting, MeetingKind, MeetingStatus};

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    #[test]
    fn a_meeting_runs_live_only_on_its_day_with_its_agenda_out() {
        let meeting = |status| Meeting {
            id: MeetingId::from_uuid(uuid::Uuid::nil()),
            kind: MeetingKind::Ordinary,
            date: d("2026-03-12"),
            start: NaiveTime::from_hms_opt(10, 0, 0).expect("time"),
            end: None,
            location: "Landgreven 4".into(),
            attendance: AttendanceMode::InPerson,
            status,
            agenda_published_on: None,
            cancellation_reason: None,
            link: None,
            agenda_approved_on: None,
            live: None,
        };
        assert!(meeting(MeetingStatus::Published).in_progress(d("2026-03-12")));
        assert!(!meeting(MeetingStatus::Published).in_progress(d("2026-03-11")));
        assert!(!meeting(MeetingStatus::Published).in_progress(d("2026-03-13")));
        assert!(!meeting(MeetingStatus::Planned).in_progress(d("2026-03-12")));
        assert!(!meeting(MeetingStatus::Held).in_progress(d("2026-03-12")));
        assert!(!meeting(MeetingStatus::Cancelled).in_progress(d("2026-03-12")));
        // Recorded as held from its day on, once, and never when cancelled (what `hold` refuses).
        assert!(meeting(MeetingStatus::Published).may_be_marked_held(d("2026-03-12")));
        assert!(meeting(MeetingStatus::Planned).may_be_marked_held(d("2026-03-20")));
        assert!(!meeting(MeetingStatus::Published).may_be_marked_held(d("2026-03-11")));
        assert!(!meeting(MeetingStatus::Held).may_be_marked_held(d("2026-03-12")));
        assert!(!meeting(MeetingStatus::Cancelled).may_be_marked_held(d("2026-03-12")));
        // The agenda changes until the meeting is held or cancelled.
        assert!(meeting(MeetingStatus::Published).agenda_may_change());
        assert!(!meeting(MeetingStatus::Held).agenda_may_change());
        assert!(!meeting(MeetingStatus::Cancelled).agenda_may_change());
    }
}
