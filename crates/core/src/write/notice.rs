//! [`Notice`]: what a person should know about a write that was allowed — a deadline of the rules
//! of procedure missed (counted in working days), an annual plan that is not four meetings, where
//! an objected case went. The write is done; the notice says how it stands against the rules.

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use crate::plan::PlanWarning;
use crate::text::{long_date_da, long_date_en};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// The year's plan does not have the expected number of ordinary meetings.
    Plan(PlanWarning),
    /// The agenda went out after the material deadline.
    AgendaLate {
        meeting_date: NaiveDate,
        due: NaiveDate,
        working_days: u32,
    },
    /// A document went out after the material deadline.
    MaterialLate {
        meeting_date: NaiveDate,
        due: NaiveDate,
        working_days: u32,
    },
    /// The minutes draft went out after the 10-working-day deadline.
    MinutesLate {
        meeting_date: NaiveDate,
        due: NaiveDate,
        working_days: u32,
    },
    /// No later ordinary meeting is planned, so no approval item could be placed.
    NoApprovalMeeting,
    /// The approval of the minutes was put on the agenda of this meeting.
    ApprovalItemAdded { meeting_date: NaiveDate },
    /// An objection moved the case to this meeting's agenda.
    CaseMovedToMeeting { meeting_date: NaiveDate },
    /// An objection moved the case to the next meeting, but none is planned yet.
    CaseAwaitsNextMeeting,
    /// The agenda went out without the chair's approval of it as it stands.
    AgendaNotApproved { meeting_date: NaiveDate },
    /// The agenda changed after the chair approved it: the chair must approve it again.
    AgendaApprovalCleared { meeting_date: NaiveDate },
    /// A reminder went to this many organisations.
    RemindersSent { organisations: usize },
}

fn working_days_da(n: u32) -> String {
    if n == 1 {
        "1 arbejdsdag".to_owned()
    } else {
        format!("{n} arbejdsdage")
    }
}

fn working_days_en(n: u32) -> String {
    if n == 1 {
        "1 working day".to_owned()
    } else {
        format!("{n} working days")
    }
}

impl Notice {
    pub const fn code(&self) -> &'static str {
        match self {
            Notice::Plan(PlanWarning::TooFew { .. }) => "plan_too_few_meetings",
            Notice::Plan(PlanWarning::TooMany { .. }) => "plan_too_many_meetings",
            Notice::AgendaLate { .. } => "agenda_late",
            Notice::MaterialLate { .. } => "material_late",
            Notice::MinutesLate { .. } => "minutes_late",
            Notice::NoApprovalMeeting => "no_approval_meeting",
            Notice::ApprovalItemAdded { .. } => "approval_item_added",
            Notice::CaseMovedToMeeting { .. } => "case_moved_to_meeting",
            Notice::CaseAwaitsNextMeeting => "case_awaits_next_meeting",
            Notice::AgendaNotApproved { .. } => "agenda_not_approved",
            Notice::AgendaApprovalCleared { .. } => "agenda_approval_cleared",
            Notice::RemindersSent { .. } => "reminders_sent",
        }
    }

    pub fn message_da(&self) -> String {
        match self {
            Notice::Plan(w) => w.message_da(),
            Notice::AgendaLate {
                meeting_date,
                due,
                working_days,
            } => format!(
                "Dagsordenen til mødet den {} er udsendt {} for sent (fristen var den {}).",
                long_date_da(*meeting_date),
                working_days_da(*working_days),
                long_date_da(*due)
            ),
            Notice::MaterialLate {
                meeting_date,
                due,
                working_days,
            } => format!(
                "Materialet til mødet den {} er udsendt {} for sent (fristen var den {}).",
                long_date_da(*meeting_date),
                working_days_da(*working_days),
                long_date_da(*due)
            ),
            Notice::MinutesLate {
                meeting_date,
                due,
                working_days,
            } => format!(
                "Udkastet til referat af mødet den {} er sendt {} for sent (fristen var den {}).",
                long_date_da(*meeting_date),
                working_days_da(*working_days),
                long_date_da(*due)
            ),
            Notice::NoApprovalMeeting => "Der er ikke planlagt et senere ordinært møde, så \
                 godkendelsen af referatet er ikke sat på en dagsorden. Planlæg mødet; \
                 godkendelsen registreres, når referatet godkendes."
                .to_owned(),
            Notice::ApprovalItemAdded { meeting_date } => format!(
                "Godkendelsen af referatet er sat på dagsordenen til mødet den {}.",
                long_date_da(*meeting_date)
            ),
            Notice::CaseMovedToMeeting { meeting_date } => format!(
                "Der er gjort indsigelse, så sagen er sat på dagsordenen til mødet den {}.",
                long_date_da(*meeting_date)
            ),
            Notice::CaseAwaitsNextMeeting => "Der er gjort indsigelse, så sagen skal på \
                 dagsordenen til næste møde, men der er ikke planlagt noget møde endnu."
                .to_owned(),
            Notice::AgendaNotApproved { meeting_date } => format!(
                "Dagsordenen til mødet den {} er udsendt uden formandens godkendelse.",
                long_date_da(*meeting_date)
            ),
            Notice::AgendaApprovalCleared { meeting_date } => format!(
                "Dagsordenen til mødet den {} er ændret efter formandens godkendelse; \
                 formanden skal godkende den igen.",
                long_date_da(*meeting_date)
            ),
            Notice::RemindersSent { organisations } => match organisations {
                1 => "Påmindelsen er sendt til 1 organisation.".to_owned(),
                n => format!("Påmindelsen er sendt til {n} organisationer."),
            },
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            Notice::Plan(w) => w.message_en(),
            Notice::AgendaLate {
                meeting_date,
                due,
                working_days,
            } => format!(
                "The agenda for the meeting on {} went out {} late (the deadline was {}).",
                long_date_en(*meeting_date),
                working_days_en(*working_days),
                long_date_en(*due)
            ),
            Notice::MaterialLate {
                meeting_date,
                due,
                working_days,
            } => format!(
                "The material for the meeting on {} went out {} late (the deadline was {}).",
                long_date_en(*meeting_date),
                working_days_en(*working_days),
                long_date_en(*due)
            ),
            Notice::MinutesLate {
                meeting_date,
                due,
                working_days,
            } => format!(
                "The draft minutes of the meeting on {} went out {} late (the deadline was {}).",
                long_date_en(*meeting_date),
                working_days_en(*working_days),
                long_date_en(*due)
            ),
            Notice::NoApprovalMeeting => "No later ordinary meeting is planned, so the approval \
                 of the minutes is on no agenda yet. Plan the meeting; the approval is recorded \
                 when the minutes are approved."
                .to_owned(),
            Notice::ApprovalItemAdded { meeting_date } => format!(
                "The approval of the minutes is on the agenda of the meeting on {}.",
                long_date_en(*meeting_date)
            ),
            Notice::CaseMovedToMeeting { meeting_date } => format!(
                "An objection was made, so the case is on the agenda of the meeting on {}.",
                long_date_en(*meeting_date)
            ),
            Notice::CaseAwaitsNextMeeting => "An objection was made, so the case goes on the \
                 next meeting's agenda, but no meeting is planned yet."
                .to_owned(),
            Notice::AgendaNotApproved { meeting_date } => format!(
                "The agenda for the meeting on {} went out without the chair's approval.",
                long_date_en(*meeting_date)
            ),
            Notice::AgendaApprovalCleared { meeting_date } => format!(
                "The agenda for the meeting on {} changed after the chair approved it; the \
                 chair must approve it again.",
                long_date_en(*meeting_date)
            ),
            Notice::RemindersSent { organisations } => match organisations {
                1 => "The reminder went to 1 organisation.".to_owned(),
                n => format!("The reminder went to {n} organisations."),
            },
        }
    }
}

impl crate::text::Message for Notice {
    fn code(&self) -> &'static str {
        Notice::code(self)
    }
    fn message_da(&self) -> String {
        Notice::message_da(self)
    }
    fn message_en(&self) -> String {
        Notice::message_en(self)
    }
}

impl Serialize for Notice {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        crate::text::serialize_message(self, serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn lateness_is_in_working_days_with_plural_forms() {
        let one = Notice::AgendaLate {
            meeting_date: d("2026-11-26"),
            due: d("2026-11-18"),
            working_days: 1,
        };
        assert_eq!(
            one.message_da(),
            "Dagsordenen til mødet den 26. november 2026 er udsendt 1 arbejdsdag for sent \
             (fristen var den 18. november 2026)."
        );
        let three = Notice::MinutesLate {
            meeting_date: d("2026-11-26"),
            due: d("2026-12-10"),
            working_days: 3,
        };
        assert!(three.message_da().contains("3 arbejdsdage for sent"));
        assert!(three.message_en().contains("3 working days late"));
        assert_eq!(three.code(), "minutes_late");
    }
}
