use super::*;
use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use icalendar::{Calendar, CalendarComponent, Component};
use rstest::rstest;
use styrebord_core::MeetingId;

fn meeting(id: &str, date: &str, start: &str, end: Option<&str>) -> Meeting {
    Meeting {
        live: None,
        agenda_approved_on: None,
        link: None,
        cancellation_reason: None,
        agenda_published_on: None,
        id: MeetingId::parse(id).unwrap(),
        kind: MeetingKind::Ordinary,
        date: NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
        start: NaiveTime::parse_from_str(start, "%H:%M").unwrap(),
        end: end.map(|e| NaiveTime::parse_from_str(e, "%H:%M").unwrap()),
        location: "Digitaliseringsstyrelsen, Landgreven 4, 1301 København K".into(),
        attendance: AttendanceMode::InPerson,
        status: MeetingStatus::Published,
    }
}

const A: &str = "01890a5d-ac96-774b-bcce-b302099a8001";
const B: &str = "01890a5d-ac96-774b-bcce-b302099a8002";

fn info() -> CalendarInfo<'static> {
    CalendarInfo {
        committee: "Driftsstyregruppen",
        language: Language::Danish,
        generated_at: Utc.with_ymd_and_hms(2026, 11, 27, 8, 0, 0).unwrap(),
    }
}

fn events(ics: &str) -> Vec<icalendar::Event> {
    let parsed: Calendar = ics.parse().expect("our output parses as iCalendar");
    parsed
        .components
        .into_iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect()
}

#[test]
fn one_vevent_per_meeting_in_date_order_with_stable_uids() {
    let later = meeting(A, "2026-12-16", "13:00", Some("15:00"));
    let earlier = meeting(B, "2026-09-16", "10:00", None);
    let ics = meetings_calendar(&[later.clone(), earlier.clone()], &info());
    let evs = events(&ics);
    assert_eq!(evs.len(), 2);
    assert_eq!(evs[0].get_uid(), Some(meeting_uid(&earlier).as_str()));
    assert_eq!(evs[1].get_uid(), Some(meeting_uid(&later).as_str()));
    // The same meetings give the same UIDs next time, so a re-import updates events.
    assert_eq!(ics, meetings_calendar(&[earlier, later], &info()));
}

#[test]
fn is_a_published_calendar_not_an_invitation() {
    let ics = meetings_calendar(&[meeting(A, "2026-12-16", "13:00", None)], &info());
    assert!(!ics.contains("METHOD"), "{ics}");
    assert!(!ics.contains("ATTENDEE"), "{ics}");
    assert!(!ics.contains("ORGANIZER"), "{ics}");
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(ics.contains("VERSION:2.0\r\n"));
}

#[test]
fn location_and_summary_survive_escaping() {
    let ics = meetings_calendar(&[meeting(A, "2026-12-16", "13:00", None)], &info());
    let ev = &events(&ics)[0];
    assert_eq!(
        ev.get_location(),
        Some("Digitaliseringsstyrelsen, Landgreven 4, 1301 København K")
    );
    assert_eq!(ev.get_summary(), Some("Driftsstyregruppen: møde"));
    // Commas in text values must be escaped on the wire (RFC 5545 §3.3.11).
    assert!(ics.contains("Landgreven 4\\, 1301"), "{ics}");
}

#[rstest]
// Winter: Copenhagen is UTC+1.
#[case(
    "2026-12-16",
    "13:00",
    Some("15:00"),
    "20261216T120000Z",
    "20261216T140000Z"
)]
// Summer: UTC+2.
#[case(
    "2026-06-10",
    "10:00",
    Some("12:30"),
    "20260610T080000Z",
    "20260610T103000Z"
)]
// No end time: two hours.
#[case("2026-03-12", "09:00", None, "20260312T080000Z", "20260312T100000Z")]
fn times_are_copenhagen_wall_clock_written_in_utc(
    #[case] date: &str,
    #[case] start: &str,
    #[case] end: Option<&str>,
    #[case] dtstart: &str,
    #[case] dtend: &str,
) {
    let ics = meetings_calendar(&[meeting(A, date, start, end)], &info());
    assert!(ics.contains(&format!("DTSTART:{dtstart}\r\n")), "{ics}");
    assert!(ics.contains(&format!("DTEND:{dtend}\r\n")), "{ics}");
    assert!(ics.contains("DTSTAMP:20261127T080000Z\r\n"), "{ics}");
}

#[rstest]
#[case(MeetingStatus::Planned, "STATUS:TENTATIVE")]
#[case(MeetingStatus::Published, "STATUS:CONFIRMED")]
#[case(MeetingStatus::Cancelled, "STATUS:CANCELLED")]
fn status_follows_the_meeting(#[case] status: MeetingStatus, #[case] expected: &str) {
    let mut m = meeting(A, "2026-12-16", "13:00", None);
    m.status = status;
    assert!(meetings_calendar(&[m], &info()).contains(expected));
}

#[rstest]
#[case(
    MeetingKind::Extra,
    AttendanceMode::Hybrid,
    Language::Danish,
    "Driftsstyregruppen: ekstraordinært møde (hybridmøde)"
)]
#[case(
    MeetingKind::Ordinary,
    AttendanceMode::Online,
    Language::English,
    "Driftsstyregruppen: meeting (online)"
)]
fn summary_names_kind_and_mode(
    #[case] kind: MeetingKind,
    #[case] mode: AttendanceMode,
    #[case] language: Language,
    #[case] expected: &str,
) {
    let mut m = meeting(A, "2026-12-16", "13:00", None);
    m.kind = kind;
    m.attendance = mode;
    let info = CalendarInfo { language, ..info() };
    assert_eq!(
        events(&meetings_calendar(&[m], &info))[0].get_summary(),
        Some(expected)
    );
}
