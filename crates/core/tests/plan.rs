//! The annual plan, the minutes-approval item, the next meeting and material timeliness.

mod common;

use chrono::NaiveTime;
use common::*;
use rstest::rstest;
use styrebord_core::calendar::{Timeliness, WorkingDayCalendar};
use styrebord_core::ids::DocumentId;
use styrebord_core::meeting::{Document, Meeting, MeetingKind, MeetingStatus, Sha256};
use styrebord_core::plan::{
    annual_plan_check, material_timeliness, minutes_approval_item, next_meeting_after, PlanWarning,
};
use uuid::Uuid;

use MeetingKind::{Extra, Ordinary};
use MeetingStatus::{Cancelled, Held, Planned};

fn m(n: u128, date: &str, kind: MeetingKind, status: MeetingStatus) -> Meeting {
    meeting(n, date, kind, status)
}

fn year_2026(extra: Vec<Meeting>) -> Vec<Meeting> {
    let mut v = vec![
        m(1, "2026-03-12", Ordinary, Held),
        m(2, "2026-06-10", Ordinary, Planned),
        m(3, "2026-09-16", Ordinary, Planned),
        m(4, "2026-12-16", Ordinary, Planned),
        m(5, "2027-03-30", Ordinary, Planned), // next year: never counted for 2026
    ];
    v.extend(extra);
    v
}

#[rstest]
#[case::four_ordinary(vec![], None)]
#[case::extra_meetings_do_not_count(vec![m(10, "2026-04-14", Extra, Planned)], None)]
#[case::fifth_ordinary(vec![m(10, "2026-05-21", Ordinary, Planned)], Some(PlanWarning::TooMany { year: 2026, count: 5, expected: 4 }))]
#[case::cancelled_fifth_does_not_count(vec![m(10, "2026-05-21", Ordinary, Cancelled)], None)]
fn annual_plan(#[case] extra: Vec<Meeting>, #[case] expected: Option<PlanWarning>) {
    assert_eq!(annual_plan_check(2026, &year_2026(extra), 4), expected);
}

#[rstest]
#[case::too_few_when_one_is_cancelled(2026, vec![m(1, "2026-03-12", Ordinary, Cancelled)], Some(PlanWarning::TooFew { year: 2026, count: 3, expected: 4 }))]
#[case::empty_year(2028, vec![], Some(PlanWarning::TooFew { year: 2028, count: 0, expected: 4 }))]
fn annual_plan_too_few(
    #[case] year: i32,
    #[case] replace: Vec<Meeting>,
    #[case] expected: Option<PlanWarning>,
) {
    let mut meetings = year_2026(vec![]);
    meetings.retain(|x| !replace.iter().any(|r| r.id == x.id));
    meetings.extend(replace);
    assert_eq!(annual_plan_check(year, &meetings, 4), expected);
}

#[test]
fn plan_warning_messages() {
    let w = PlanWarning::TooFew {
        year: 2026,
        count: 3,
        expected: 4,
    };
    assert_eq!(
        w.message_da(),
        "Mødeplanen for 2026 har 3 ordinære møder; der skal som udgangspunkt være 4. Tilføj de manglende møder."
    );
    assert!(w.message_en().contains("2026 has 3 ordinary meetings"));
}

#[rstest]
#[case::next_ordinary(vec![], Some((2, "Godkendelse af referat fra mødet den 12. marts 2026")))]
#[case::skips_extra_meeting(vec![m(10, "2026-04-14", Extra, Planned)], Some((2, "Godkendelse af referat fra mødet den 12. marts 2026")))]
#[case::skips_cancelled_meeting(vec![m(2, "2026-06-10", Ordinary, Cancelled)], Some((3, "Godkendelse af referat fra mødet den 12. marts 2026")))]
#[case::earlier_meeting_is_not_next(vec![m(9, "2025-12-10", Ordinary, Held)], Some((2, "Godkendelse af referat fra mødet den 12. marts 2026")))]
fn approval_item(#[case] change: Vec<Meeting>, #[case] expected: Option<(u128, &str)>) {
    let mut meetings = year_2026(vec![]);
    meetings.retain(|x| !change.iter().any(|c| c.id == x.id));
    meetings.extend(change);
    let previous = m(1, "2026-03-12", Ordinary, Held);
    let got = minutes_approval_item(&previous, &meetings);
    assert_eq!(got, expected.map(|(n, t)| (mid(n), t.to_owned())));
}

#[test]
fn approval_item_after_an_extra_meeting_goes_to_the_next_ordinary() {
    let extra = m(10, "2026-04-14", Extra, Held);
    let got = minutes_approval_item(&extra, &year_2026(vec![extra.clone()]));
    assert_eq!(
        got,
        Some((
            mid(2),
            "Godkendelse af referat fra mødet den 14. april 2026".to_owned()
        ))
    );
}

#[test]
fn approval_item_for_a_later_meeting_the_same_day() {
    let mut later = m(11, "2026-03-12", Ordinary, Planned);
    later.start = NaiveTime::from_hms_opt(16, 0, 0).unwrap_or_default();
    let previous = m(1, "2026-03-12", Ordinary, Held);
    let got = minutes_approval_item(&previous, &year_2026(vec![later]));
    assert_eq!(got.map(|(id, _)| id), Some(mid(11)));
}

#[rstest]
#[case::no_later_meeting(m(5, "2027-03-30", Ordinary, Held))]
#[case::cancelled_meeting_has_no_minutes(m(2, "2026-06-10", Ordinary, Cancelled))]
fn no_approval_item(#[case] previous: Meeting) {
    assert_eq!(minutes_approval_item(&previous, &year_2026(vec![])), None);
}

#[rstest]
#[case::any_kind_counts("2026-04-01", vec![m(10, "2026-04-14", Extra, Planned)], Some(10))]
#[case::strictly_after("2026-06-10", vec![], Some(3))]
#[case::skips_cancelled("2026-03-12", vec![m(10, "2026-04-14", Extra, Cancelled)], Some(2))]
#[case::none_left("2027-03-30", vec![], None)]
fn next_meeting(#[case] after: &str, #[case] extra: Vec<Meeting>, #[case] expected: Option<u128>) {
    let meetings = year_2026(extra);
    assert_eq!(
        next_meeting_after(d(after), &meetings).map(|x| x.id),
        expected.map(mid)
    );
}

fn doc(n: u128, meeting_no: u128, version: u32, published: &str) -> Document {
    Document {
        change_note: None,
        procedure: None,
        id: DocumentId::from_uuid(Uuid::from_u128(n)),
        meeting: Some(mid(meeting_no)),
        agenda_item: None,
        title: format!("Bilag {n}"),
        sha256: Sha256::parse(&format!("{n:064x}")).unwrap_or_else(|e| panic!("{e}")),
        size_bytes: 1024,
        mime: "application/pdf".into(),
        version,
        published_on: d(published),
    }
}

#[rstest]
#[case::nothing_published(vec![], None)]
#[case::on_the_due_day(vec![doc(1, 3, 1, "2026-09-08")], Some(Timeliness::OnTime))]
#[case::worst_document_counts(vec![doc(1, 3, 1, "2026-09-01"), doc(2, 3, 1, "2026-09-10")], Some(Timeliness::Late { working_days: 2 }))]
#[case::a_corrected_version_is_not_late(vec![doc(1, 3, 1, "2026-09-08"), doc(1, 3, 2, "2026-09-15")], Some(Timeliness::OnTime))]
#[case::other_meetings_documents_ignored(vec![doc(1, 2, 1, "2026-09-15")], None)]
fn material(#[case] docs: Vec<Document>, #[case] expected: Option<Timeliness>) {
    // Meeting 3 on 2026-09-16: material due 2026-09-08.
    let cal = WorkingDayCalendar::default();
    let meeting = m(3, "2026-09-16", Ordinary, Planned);
    assert_eq!(material_timeliness(&cal, &meeting, &docs), expected);
}
