//! The minutes' life: drafted for a held meeting, sent for written comments (which puts their
//! approval on the next ordinary meeting's agenda), the round closed, approved at that later
//! meeting with the text frozen — and the text as sent kept beside it when it changed.

use chrono::NaiveDate;

use crate::access::{meeting_content_visibility, minutes_visibility};
use crate::calendar::{Timeliness, WorkingDayCalendar};
use crate::entity::{Entity, EntityKind, Minutes, MinutesApproval};
use crate::ids::{AgendaItemId, CommentRoundId, MeetingId, MinutesId};
use crate::meeting::{AgendaItem, AgendaItemKind, Meeting, MeetingStatus};
use crate::minutes::{CommentRound, Decision as DecisionText, MinutesDraft, MinutesState};
use crate::plan::minutes_approval_item;
use crate::refusal::Refusal;
use crate::text::long_date_da;

use super::meetings::clear_approval;
use super::notice::Notice;
use super::{derived_id, not_cancelled, require_text, Change, Decided, Decision, Denied, Facts};

fn saved(minutes: Minutes) -> Change {
    let visibility = minutes_visibility(minutes.draft.state);
    Change::new(Entity::Minutes(minutes), visibility)
}

fn load(facts: &impl Facts, id: MinutesId) -> Result<Minutes, Denied> {
    Ok(facts.minutes(id)?.ok_or(Refusal::MinutesNotFound)?)
}

pub(super) fn draft(
    facts: &impl Facts,
    meeting: MeetingId,
    id: MinutesId,
    decisions: &[DecisionText],
) -> Decided {
    let m = facts.meeting(meeting)?.ok_or(Refusal::MeetingNotFound)?;
    if m.status != MeetingStatus::Held {
        return Err(Refusal::MeetingNotHeld {
            meeting_date: m.date,
        }
        .into());
    }
    match facts.minutes_of(meeting)? {
        Some(existing) if existing.draft.id != id => return Err(Refusal::IdConflict.into()),
        Some(existing) if existing.draft.state != MinutesState::Draft => {
            return Err(Refusal::MinutesNotDraft.into())
        }
        None if facts.exists(EntityKind::Minutes, &id.to_string())? => {
            return Err(Refusal::IdConflict.into())
        }
        _ => {}
    }
    // A draft asked for without decisions starts from those recorded live at the meeting.
    let live: Vec<DecisionText>;
    let decisions = match (&m.live, decisions.is_empty()) {
        (Some(l), true) => {
            live = l.decisions.clone();
            &live[..]
        }
        _ => decisions,
    };
    let items = facts.agenda_items(meeting)?;
    for d in decisions {
        if !items.iter().any(|i| i.id == d.agenda_item) {
            return Err(Refusal::AgendaItemNotInMinutes.into());
        }
        if d.text.trim().is_empty() {
            return Err(Refusal::DecisionTextMissing.into());
        }
    }
    Ok(Decision::one(saved(Minutes {
        draft: MinutesDraft {
            id,
            meeting,
            state: MinutesState::Draft,
            decisions: decisions.to_vec(),
        },
        round: None,
        draft_decisions: None,
        sent_on: None,
        approval: None,
        approved_on: None,
    })))
}

pub(super) fn send_for_comments(
    facts: &impl Facts,
    id: MinutesId,
    closes: NaiveDate,
    today: NaiveDate,
) -> Decided {
    let mut minutes = load(facts, id)?;
    if minutes.draft.state != MinutesState::Draft {
        return Err(Refusal::MinutesNotDraft.into());
    }
    if closes < today {
        return Err(Refusal::RoundClosesInPast { closes }.into());
    }
    let meeting = facts
        .meeting(minutes.draft.meeting)?
        .ok_or(Refusal::MeetingNotFound)?;
    minutes.draft.state = MinutesState::CommentRoundOpen;
    minutes.round = Some(CommentRound {
        id: CommentRoundId::from_uuid(derived_id(id.as_uuid(), "comment_round")),
        minutes: id,
        opens: today,
        closes,
    });
    minutes.sent_on = Some(today);

    let mut decision = Decision::default();
    let cal = WorkingDayCalendar::new(facts.committee()?.calendar);
    if let Timeliness::Late { working_days } = cal.minutes_lateness(meeting.date, today) {
        decision.notices.push(Notice::MinutesLate {
            meeting_date: meeting.date,
            due: cal.minutes_draft_due(meeting.date),
            working_days,
        });
    }

    // The approval opens the next ordinary meeting's agenda, after the approvals already on it;
    // the items after it move down one.
    let meetings = facts.meetings()?;
    let mut item_changes = Vec::new();
    match minutes_approval_item(&meeting, &meetings) {
        Some((next_id, title)) => {
            let next = facts.meeting(next_id)?.ok_or(Refusal::MeetingNotFound)?;
            let visibility = meeting_content_visibility(next.status);
            let item_id = AgendaItemId::from_uuid(derived_id(id.as_uuid(), "approval_item"));
            let approvals = approval_items_on(facts, &meetings, next_id)?;
            let agenda = facts.agenda_items(next_id)?;
            let number = agenda
                .iter()
                .filter(|i| approvals.contains(&i.id))
                .map(|i| i.number)
                .max()
                .unwrap_or(0)
                + 1;
            for mut other in agenda.into_iter().filter(|i| i.number >= number) {
                other.number += 1;
                item_changes.push(Change::new(Entity::AgendaItem(other), visibility.clone()));
            }
            item_changes.insert(
                0,
                Change::new(
                    Entity::AgendaItem(AgendaItem {
                        presenter: None,
                        id: item_id,
                        meeting: next_id,
                        number,
                        title,
                        description: format!(
                            "Udkastet til beslutningsreferat blev sendt til skriftlig \
                             kommentering den {}. Styregruppen godkender referatet.",
                            long_date_da(today)
                        ),
                        kind: AgendaItemKind::Decision,
                        systems: vec![],
                        escalation: None,
                        procedure: None,
                    }),
                    visibility,
                ),
            );
            minutes.approval = Some(MinutesApproval {
                meeting: next_id,
                agenda_item: Some(item_id),
            });
            decision.notices.push(Notice::ApprovalItemAdded {
                meeting_date: next.date,
            });
            clear_approval(&next, &mut decision);
        }
        None => decision.notices.push(Notice::NoApprovalMeeting),
    }
    decision.changes.push(saved(minutes));
    decision.changes.extend(item_changes);
    Ok(decision)
}

/// Whether minutes of `recorded` may be approved at meeting `at` today: a later meeting (a later
/// start the same day counts), not cancelled, whose day has come.
pub fn may_approve_at(recorded: &Meeting, at: &Meeting, today: NaiveDate) -> Result<(), Refusal> {
    not_cancelled(at)?;
    if (at.date, at.start) <= (recorded.date, recorded.start) {
        return Err(Refusal::ApprovalMeetingNotLater {
            meeting_date: at.date,
        });
    }
    if at.date > today {
        return Err(Refusal::ApprovalMeetingInFuture {
            meeting_date: at.date,
        });
    }
    Ok(())
}

/// The agenda items on `meeting` that approve earlier minutes.
fn approval_items_on(
    facts: &impl Facts,
    meetings: &[crate::meeting::Meeting],
    meeting: MeetingId,
) -> Result<Vec<AgendaItemId>, Denied> {
    let mut items = Vec::new();
    for m in meetings {
        if let Some(approval) = facts.minutes_of(m.id)?.and_then(|x| x.approval) {
            if approval.meeting == meeting {
                items.extend(approval.agenda_item);
            }
        }
    }
    Ok(items)
}

pub(super) fn close_round(facts: &impl Facts, id: MinutesId) -> Decided {
    let mut minutes = load(facts, id)?;
    if minutes.draft.state != MinutesState::CommentRoundOpen {
        return Err(Refusal::CommentRoundNotOpenToClose.into());
    }
    minutes.draft.state = MinutesState::CommentRoundClosed;
    Ok(Decision::one(saved(minutes)))
}

pub(super) fn approve(
    facts: &impl Facts,
    id: MinutesId,
    at_meeting: MeetingId,
    changed: &[DecisionText],
    today: NaiveDate,
) -> Decided {
    let mut minutes = load(facts, id)?;
    match (minutes.draft.state, &minutes.round) {
        (MinutesState::Approved, _) => return Err(Refusal::MinutesAlreadyApproved.into()),
        (MinutesState::Draft, _) => return Err(Refusal::MinutesNotSent.into()),
        // A round past its closing date is over, whether or not someone closed it.
        (MinutesState::CommentRoundOpen, Some(round)) if today <= round.closes => {
            return Err(Refusal::CommentRoundStillOpen {
                closes: round.closes,
            }
            .into())
        }
        _ => {}
    }
    let recorded = facts
        .meeting(minutes.draft.meeting)?
        .ok_or(Refusal::MeetingNotFound)?;
    let at = facts.meeting(at_meeting)?.ok_or(Refusal::MeetingNotFound)?;
    may_approve_at(&recorded, &at, today)?;
    let sent = minutes.draft.decisions.clone();
    for change in changed {
        if change.text.trim().is_empty() {
            return Err(Refusal::DecisionTextMissing.into());
        }
        let decision = minutes
            .draft
            .decisions
            .iter_mut()
            .find(|d| d.agenda_item == change.agenda_item)
            .ok_or(Refusal::AgendaItemNotInMinutes)?;
        decision.text = change.text.clone();
    }
    if minutes.draft.decisions != sent && minutes.draft_decisions.is_none() {
        minutes.draft_decisions = Some(sent);
    }
    minutes.draft.state = MinutesState::Approved;
    // The approval item placed when the draft was sent, if approved at that meeting.
    let planned_item = minutes
        .approval
        .filter(|a| a.meeting == at_meeting)
        .and_then(|a| a.agenda_item);
    minutes.approval = Some(MinutesApproval {
        meeting: at_meeting,
        agenda_item: planned_item,
    });
    minutes.approved_on = Some(today);
    Ok(Decision::one(saved(minutes)))
}

/// Records what was done with a comment. The reason for not working it in must be given; the
/// answer is seen by the commenting organisation (the comment's own visibility).
pub(super) fn dispose(
    facts: &impl Facts,
    comment: crate::ids::CommentId,
    disposition: &crate::minutes::Disposition,
) -> Decided {
    let mut c = facts.comment(comment)?.ok_or(Refusal::CommentNotFound)?;
    let minutes = load(facts, c.minutes)?;
    if minutes.draft.state == MinutesState::Approved {
        return Err(Refusal::MinutesAlreadyApproved.into());
    }
    if let crate::minutes::Disposition::NotIncorporated(why) = disposition {
        require_text(why, Refusal::DispositionReasonMissing)?;
    }
    c.disposition = Some(disposition.clone());
    let visibility = crate::access::comment_visibility(&c);
    Ok(Decision::one(Change::new(
        Entity::MinutesComment(c),
        visibility,
    )))
}

#[cfg(test)]
mod tests {
    use chrono::NaiveTime;

    use super::*;
    use crate::meeting::{AttendanceMode, MeetingKind};

    fn meeting(date: &str, start: u32, status: MeetingStatus) -> Meeting {
        Meeting {
            id: MeetingId::from_uuid(uuid::Uuid::now_v7()),
            kind: MeetingKind::Ordinary,
            date: date.parse().expect("date"),
            start: NaiveTime::from_hms_opt(start, 0, 0).expect("time"),
            end: None,
            location: "Landgreven 4".into(),
            attendance: AttendanceMode::InPerson,
            status,
            agenda_published_on: None,
            cancellation_reason: None,
            link: None,
            agenda_approved_on: None,
            live: None,
        }
    }

    #[test]
    fn minutes_are_approved_at_a_later_meeting_whose_day_has_come() {
        let recorded = meeting("2026-03-12", 10, MeetingStatus::Held);
        let today: NaiveDate = "2026-06-10".parse().unwrap();
        let ok = |at: &Meeting| may_approve_at(&recorded, at, today);
        assert_eq!(
            ok(&meeting("2026-06-10", 10, MeetingStatus::Published)),
            Ok(())
        );
        // An extra meeting later the same day counts; one earlier that day does not.
        assert_eq!(
            ok(&meeting("2026-03-12", 14, MeetingStatus::Planned)),
            Ok(())
        );
        assert!(matches!(
            ok(&meeting("2026-03-12", 9, MeetingStatus::Held)),
            Err(Refusal::ApprovalMeetingNotLater { .. })
        ));
        assert!(matches!(
            ok(&meeting("2026-09-10", 10, MeetingStatus::Planned)),
            Err(Refusal::ApprovalMeetingInFuture { .. })
        ));
        assert!(matches!(
            ok(&meeting("2026-06-10", 10, MeetingStatus::Cancelled)),
            Err(Refusal::MeetingCancelled { .. })
        ));
    }
}
