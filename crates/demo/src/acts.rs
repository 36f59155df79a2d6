//! The demo year as the acts that make it: what the secretariat and the members did, day by day.
//!
//! A hub is never filled with the dataset's states directly. [`script`] turns the dataset into
//! [`Act`]s — plan the meetings, publish agendas and material, register substitutes, hold the
//! meetings, draft, send, comment on, close and approve the minutes, answer procedures, escalate —
//! and whoever builds a demo hub runs every act through core's `decide`, as on that day and as
//! that person. An act core refuses is a bug in the demo: it can only show what a real committee
//! can reach. [`replay`] runs the script on core's in-memory [`Memory`], which the tests compare
//! with the dataset.

use chrono::{Datelike, Days, NaiveDate};
use styrebord_core::entity::Entity;
use styrebord_core::meeting::{AgendaItem, Document, MeetingStatus};
use styrebord_core::minutes::{Decision, MinutesState};
use styrebord_core::org::{Actor, Role};
use styrebord_core::write::{decide, decide_appointment, Change, Memory, Op};
use styrebord_core::{AgendaItemId, PersonId};

use crate::{DemoDataset, DemoError};

/// One act of the year: on which day, by whom (`None`: the secretariat), and what.
#[derive(Debug, Clone, PartialEq)]
pub struct Act {
    pub on: NaiveDate,
    pub by: Option<PersonId>,
    pub op: Op,
}

/// The day the year's planning starts: well before its first meeting.
fn planning_day(data: &DemoDataset) -> NaiveDate {
    let first = data
        .meetings
        .iter()
        .map(|m| m.date)
        .min()
        .unwrap_or(data.today);
    first.checked_sub_days(Days::new(60)).unwrap_or(first)
}

/// Everything of the dataset, as acts in the order they happened (stable within a day).
pub fn script(data: &DemoDataset) -> Result<Vec<Act>, DemoError> {
    let cal = data.calendar();
    let wd = |from: NaiveDate, n: i64| cal.add_working_days(from, n).unwrap_or(from);
    let day0 = planning_day(data);
    let mut acts: Vec<Act> = Vec::new();
    let mut secretariat = |on: NaiveDate, op: Op| acts.push(Act { on, by: None, op });

    // The portfolio, its status history and the roadmap.
    // The portfolio the committee took over (later systems would be admitted by decision).
    secretariat(
        day0,
        Op::ImportPortfolio {
            systems: data.systems.clone(),
        },
    );
    for status in &data.statuses {
        let after_quarter = quarter_end(status.quarter).succ_opt().unwrap_or(day0);
        secretariat(
            after_quarter.max(day0).min(data.today),
            Op::RecordQuarterlyStatus {
                status: status.clone(),
            },
        );
    }
    for item in &data.roadmap {
        secretariat(day0, Op::UpsertRoadmapItem { item: item.clone() });
    }

    // The year plan, planned ahead; each agenda built and published with its material.
    for m in &data.meetings {
        let mut planned = m.clone();
        planned.status = MeetingStatus::Planned;
        planned.agenda_published_on = None;
        secretariat(day0, Op::UpsertMeeting { meeting: planned });
    }
    let approval_items = approval_items(data);
    for m in &data.meetings {
        // The agenda is put together on the day it goes out, or drafted ahead for a meeting
        // still only planned (approval items come with the minutes they approve, below).
        let drafted = m.agenda_published_on.unwrap_or(day0);
        for item in data.agenda_items.iter().filter(|i| i.meeting == m.id) {
            if approval_items.contains(&item.id) {
                continue;
            }
            // Number 0: in order of creation; an escalation is proposed on the item below.
            let new = AgendaItem {
                number: 0,
                escalation: None,
                ..item.clone()
            };
            secretariat(drafted, Op::UpsertAgendaItem { item: new });
        }
        let Some(published) = m.agenda_published_on else {
            continue;
        };
        for d in first_versions(data, m.id) {
            secretariat(published, publish(d));
        }
        secretariat(published, Op::PublishAgenda { meeting: m.id });
        for d in later_versions(data, m.id) {
            secretariat(d.published_on, publish(d));
        }
    }
    for e in &data.escalations {
        let Some(item) = e.agenda_item else { continue };
        let placed = data
            .agenda_items
            .iter()
            .find(|i| i.id == item)
            .and_then(|i| data.meetings.iter().find(|m| m.id == i.meeting))
            .and_then(|m| m.agenda_published_on)
            .unwrap_or(day0);
        secretariat(
            placed,
            Op::ProposeEscalation {
                escalation: e.id,
                agenda_item: item,
                case: e.case.clone(),
                needs_funds: e.needs_funds,
            },
        );
        if let Some(approval) = &e.economic_forum_approval {
            secretariat(
                placed.max(approval.approved_on),
                Op::RecordForumApproval {
                    escalation: e.id,
                    approved_on: approval.approved_on,
                    reference: approval.reference.clone(),
                },
            );
        }
    }

    // Registrations, made by the organisation's member a few days before the meeting.
    for r in &data.registrations {
        let meeting = data
            .meetings
            .iter()
            .find(|m| m.id == r.meeting)
            .ok_or_else(|| {
                DemoError::Data(format!("registration for unknown meeting {}", r.meeting))
            })?;
        let on = wd(meeting.date, -3).min(data.today);
        acts.push(Act {
            on,
            by: Some(r.registered_by),
            op: Op::RegisterParticipant {
                meeting: r.meeting,
                registration: r.id,
                org: r.org.clone(),
                kind: r.kind,
                person: r.person,
                name: r.name.clone(),
                email: r.email.clone(),
            },
        });
    }

    // Held meetings, with who came as registered.
    for m in data
        .meetings
        .iter()
        .filter(|m| m.status == MeetingStatus::Held)
    {
        acts.push(Act {
            on: m.date,
            by: None,
            op: Op::MarkMeetingHeld {
                meeting: m.id,
                attendance: vec![],
            },
        });
    }

    // The minutes: drafted, sent (the approval item appears), commented, closed, approved.
    for dm in &data.minutes {
        let id = dm.draft.id;
        let sent = dm
            .draft_decisions
            .clone()
            .unwrap_or_else(|| dm.draft.decisions.clone());
        let secretariat = |on: NaiveDate, op: Op| Act { on, by: None, op };
        acts.push(secretariat(
            dm.round.opens,
            Op::DraftMinutes {
                meeting: dm.draft.meeting,
                minutes: id,
                decisions: sent.clone(),
            },
        ));
        acts.push(secretariat(
            dm.round.opens,
            Op::SendMinutesForComments {
                minutes: id,
                closes: dm.round.closes,
            },
        ));
        // The approval item as the secretariat words it.
        if let Some(item) = data
            .agenda_items
            .iter()
            .find(|i| i.id == approval_item_of(id))
        {
            acts.push(secretariat(
                dm.round.opens,
                Op::UpsertAgendaItem {
                    item: AgendaItem {
                        number: 0,
                        ..item.clone()
                    },
                },
            ));
        }
        for c in &dm.comments {
            acts.push(Act {
                on: c.written_on,
                by: Some(c.author),
                op: Op::CommentMinutes {
                    minutes: id,
                    comment: c.id,
                    agenda_item: c.agenda_item,
                    text: c.text.clone(),
                },
            });
        }
        if matches!(
            dm.draft.state,
            MinutesState::CommentRoundClosed | MinutesState::Approved
        ) {
            let after = dm.round.closes.succ_opt().unwrap_or(dm.round.closes);
            acts.push(secretariat(after, Op::CloseCommentRound { minutes: id }));
        }
        if dm.draft.state == MinutesState::Approved {
            let at = dm
                .approved_at
                .and_then(|a| data.meetings.iter().find(|m| m.id == a))
                .ok_or_else(|| DemoError::Data(format!("approved minutes {id} name no meeting")))?;
            let changed: Vec<Decision> = dm
                .draft
                .decisions
                .iter()
                .filter(|d| !sent.contains(d))
                .cloned()
                .collect();
            acts.push(secretariat(
                at.date,
                Op::ApproveMinutes {
                    minutes: id,
                    at_meeting: at.id,
                    changed,
                },
            ));
        }
    }

    // Written procedures: started on the day of the first answer, answered by the members.
    for p in &data.written_procedures {
        let first_answer = p.responses.iter().map(|r| r.given_on).min();
        let start = first_answer.unwrap_or_else(|| wd(p.deadline, -7));
        acts.push(Act {
            on: start,
            by: None,
            op: Op::StartProcedure {
                procedure: p.id,
                title: p.title.clone(),
                description: p.description.clone(),
                deadline: p.deadline,
            },
        });
        for r in &p.responses {
            acts.push(Act {
                on: r.given_on,
                by: Some(r.by),
                op: Op::RespondProcedure {
                    procedure: p.id,
                    org: r.org.clone(),
                    response: r.response.clone(),
                },
            });
        }
    }

    // Chronological; a stable sort keeps each day's acts in the order above.
    acts.sort_by_key(|a| a.on);
    Ok(acts)
}

/// The id of the agenda item that approves minutes `id` (core derives it when they are sent).
pub fn approval_item_of(id: styrebord_core::MinutesId) -> AgendaItemId {
    AgendaItemId::from_uuid(styrebord_core::write::derived_id(
        id.as_uuid(),
        "approval_item",
    ))
}

fn approval_items(data: &DemoDataset) -> Vec<AgendaItemId> {
    data.minutes
        .iter()
        .map(|m| approval_item_of(m.draft.id))
        .collect()
}

fn publish(d: &Document) -> Op {
    Op::PublishDocument {
        change_note: d.change_note.clone(),
        document: d.id,
        meeting: d
            .meeting
            .unwrap_or_else(|| unreachable!("demo material belongs to a meeting")),
        agenda_item: d.agenda_item,
        title: d.title.clone(),
        sha256: d.sha256.clone(),
    }
}

/// Each document of the meeting in its first version.
fn first_versions(data: &DemoDataset, meeting: styrebord_core::MeetingId) -> Vec<&Document> {
    data.documents
        .iter()
        .map(|d| &d.document)
        .filter(|d| d.meeting == Some(meeting) && d.version == 1)
        .collect()
}

/// The meeting's corrected versions, published later.
fn later_versions(data: &DemoDataset, meeting: styrebord_core::MeetingId) -> Vec<&Document> {
    data.documents
        .iter()
        .map(|d| &d.document)
        .filter(|d| d.meeting == Some(meeting) && d.version > 1)
        .collect()
}

fn quarter_end(q: styrebord_core::portfolio::Quarter) -> NaiveDate {
    let (year, month) = match q.q() {
        4 => (q.year() + 1, 1),
        n => (q.year(), u32::from(n) * 3 + 1),
    };
    NaiveDate::from_ymd_opt(year, month, 1)
        .and_then(|d| d.pred_opt())
        .unwrap_or(NaiveDate::MIN)
}

/// Who an act is done by, as core sees them.
pub fn actor(data: &DemoDataset, by: Option<PersonId>) -> Result<Actor, DemoError> {
    match by {
        None => Ok(Actor {
            person: PersonId::from_uuid(uuid::Uuid::nil()),
            org: data.composition.secretariat.clone(),
            role: Role::Secretariat,
        }),
        Some(id) => data
            .people
            .iter()
            .find(|p| p.id == id)
            .map(Actor::from)
            .ok_or_else(|| DemoError::Data(format!("an act by unknown person {id}"))),
    }
}

/// The committee's state after every act of the year, decided by core as the hub would: the
/// seed's settings and organisations, the people, the files, then the script.
pub fn replay(data: &DemoDataset) -> Result<Memory, DemoError> {
    let mut memory = Memory::new(data.composition.committee());
    for org in &data.composition.organisations {
        memory.apply(&Change::everyone(Entity::Organisation(org.clone())));
    }
    let secretariat = actor(data, None)?;
    for p in &data.people {
        let info = styrebord_core::entity::PersonInfo {
            id: p.id,
            name: p.name.clone(),
            email: p.email.clone(),
            org: p.org.clone(),
            role: p.role,
            active: true,
        };
        let decision = decide_appointment(&memory, &secretariat, &info)
            .map_err(|e| DemoError::Data(format!("appointing {}: {e}", p.name)))?;
        memory.apply_all(&decision.changes);
    }
    for d in &data.documents {
        memory.store_blob(
            d.document.sha256.clone(),
            styrebord_core::write::BlobInfo {
                size_bytes: d.document.size_bytes,
                mime: d.document.mime.clone(),
            },
        );
    }
    for act in script(data)? {
        let decision = decide(&memory, &actor(data, act.by)?, &act.op, act.on)
            .map_err(|e| refused(&act, e))?;
        memory.apply_all(&decision.changes);
    }
    Ok(memory)
}

/// An act core refused: a bug in the demo, named with the act.
pub fn refused(act: &Act, e: styrebord_core::write::Denied) -> DemoError {
    DemoError::Data(format!(
        "the demo's act {} on {} ({}) was refused: {e}",
        act.op.name(),
        act.on,
        act.on.weekday()
    ))
}
