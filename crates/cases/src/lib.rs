//! # styrebord-cases — one list of cases for every write rule, run three ways
//!
//! The committee's rules are decided once, in `styrebord_core::write::decide`. This crate holds
//! the cases that prove it is the *same* decision everywhere: a small committee ([`CAST`]), a
//! world built by real acts ([`world`]), and [`cases`] — a write by someone on some day, with the
//! refusal code core must give. Three suites run the list:
//!
//! - core directly, on its in-memory state (`tests/core.rs` here);
//! - the hub, over HTTP, on a real hub built by the same acts (`crates/hub/tests/rules.rs`);
//! - the app's store, offline, on a local copy pulled from that state
//!   (`crates/store/tests/rules.rs`; the members' writes — the secretariat's need the hub).
//!
//! Each suite asserts the code listed here *and* the exact Danish and English words core gives
//! ([`reference`]), so a refusal cannot drift between a train and the server.

use chrono::NaiveDate;
use styrebord_core::entity::{AttendedAs, Attendee, Entity, PersonInfo};
use styrebord_core::meeting::{
    AgendaItem, AgendaItemKind, AttendanceMode, Meeting, MeetingKind, MeetingStatus,
};
use styrebord_core::minutes::{Decision, Disposition};
use styrebord_core::org::{Actor, Role};
use styrebord_core::portfolio::{
    Criticality, PortfolioSystem, Quarter, QuarterlyStatus, TrafficLight,
};
use styrebord_core::procedure::Response;
use styrebord_core::registration::RegistrationKind;
use styrebord_core::roadmap::{DateRange, RoadmapItem, RoadmapKind};
use styrebord_core::write::{decide, decide_appointment, Change, Denied, Memory, Op};
use styrebord_core::{
    parse_composition, AgendaItemId, CommentId, MeetingId, MinutesId, OrgId, PersonId,
    RegistrationId, RoadmapItemId, SystemId, WrittenProcedureId, SEED_COMPOSITION,
};
use uuid::Uuid;

/// The day the cases happen unless they say otherwise: Monday 2 March 2026.
pub const TODAY: &str = "2026-03-02";

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("date {s:?}: {e}"))
}

/// A stable id from a readable name, so every suite names the same records.
pub fn id(name: &str) -> Uuid {
    Uuid::new_v5(
        &Uuid::NAMESPACE_OID,
        format!("styrebord-cases/{name}").as_bytes(),
    )
}

/// One person of the cast: a key the cases use, and who they are.
#[derive(Debug, Clone, Copy)]
pub struct CastMember {
    pub key: &'static str,
    pub org: &'static str,
    pub role: Role,
    pub name: &'static str,
    pub email: &'static str,
}

/// The committee the cases are played by.
pub const CAST: &[CastMember] = &[
    CastMember {
        key: "secretariat",
        org: "DIGST",
        role: Role::Secretariat,
        name: "Sara Sekretær",
        email: "sara@digst.dk",
    },
    CastMember {
        key: "chair",
        org: "DIGST",
        role: Role::Chair,
        name: "Carl Formand",
        email: "carl@digst.dk",
    },
    CastMember {
        key: "kl_member",
        org: "KL",
        role: Role::Member,
        name: "Karin Medlem",
        email: "karin@kl.dk",
    },
    // Sat February's meeting for KL: the member registered her by e-mail, before she had an
    // account; the secretariat invited her afterwards.
    CastMember {
        key: "kl_substitute",
        org: "KL",
        role: Role::Substitute,
        name: "Søren Stedfortræder",
        email: "soeren@kl.dk",
    },
    CastMember {
        key: "kl_observer",
        org: "KL",
        role: Role::Observer,
        name: "Bo Bisidder",
        email: "bo@kl.dk",
    },
    CastMember {
        key: "atp_member",
        org: "ATP",
        role: Role::Member,
        name: "Anna Medlem",
        email: "anna@atp.dk",
    },
    // A substitute of ATP who sat no meeting.
    CastMember {
        key: "atp_substitute",
        org: "ATP",
        role: Role::Substitute,
        name: "Aksel Stedfortræder",
        email: "aksel@atp.dk",
    },
];

pub fn cast(key: &str) -> CastMember {
    *CAST
        .iter()
        .find(|c| c.key == key)
        .unwrap_or_else(|| panic!("no cast member {key}"))
}

/// The person a cast member is, with the id every suite gives them.
pub fn person(key: &str) -> PersonInfo {
    let c = cast(key);
    PersonInfo {
        id: PersonId::from_uuid(id(c.key)),
        name: c.name.to_owned(),
        email: c.email.to_owned(),
        org: OrgId::parse(c.org).expect("cast org"),
        role: c.role,
        active: true,
    }
}

pub fn actor(key: &str) -> Actor {
    Actor::from(&person(key).person())
}

// ---------------------------------------------------------------- the records the cases name

pub fn meeting_id(name: &str) -> MeetingId {
    MeetingId::from_uuid(id(&format!("meeting/{name}")))
}
pub fn item_id(name: &str) -> AgendaItemId {
    AgendaItemId::from_uuid(id(&format!("item/{name}")))
}
pub fn minutes_id() -> MinutesId {
    MinutesId::from_uuid(id("minutes/february"))
}
pub fn procedure_id() -> WrittenProcedureId {
    WrittenProcedureId::from_uuid(id("procedure/window"))
}
fn org(code: &str) -> OrgId {
    OrgId::parse(code).expect("org code")
}
fn system(code: &str) -> SystemId {
    SystemId::parse(code).expect("system code")
}

fn meeting(name: &str, date: &str) -> Meeting {
    Meeting {
        live: None,
        agenda_approved_on: None,
        link: None,
        cancellation_reason: None,
        id: meeting_id(name),
        kind: MeetingKind::Ordinary,
        date: d(date),
        start: chrono::NaiveTime::from_hms_opt(10, 0, 0).expect("time"),
        end: chrono::NaiveTime::from_hms_opt(12, 0, 0),
        location: "Landgreven 4, København".into(),
        attendance: AttendanceMode::InPerson,
        status: MeetingStatus::Planned,
        agenda_published_on: None,
    }
}

fn item(name: &str, meeting: &str, title: &str) -> AgendaItem {
    AgendaItem {
        presenter: None,
        id: item_id(name),
        meeting: meeting_id(meeting),
        number: 0,
        title: title.into(),
        description: String::new(),
        kind: AgendaItemKind::Decision,
        systems: vec![],
        escalation: None,
        procedure: None,
    }
}

/// One act of the world: by a cast member (`None`: the secretariat) on a day.
#[derive(Debug, Clone)]
pub struct Step {
    pub by: &'static str,
    pub on: NaiveDate,
    pub op: Op,
}

fn step(by: &'static str, on: &str, op: Op) -> Step {
    Step { by, on: d(on), op }
}

/// The world every case starts from, made by the acts that would make it on a real hub:
/// February's meeting held (KL sent its substitute), its minutes out for comments until 6 March,
/// March's agenda published (ATP brings an observer), June planned, a procedure running.
pub fn world() -> Vec<Step> {
    let sec = "secretariat";
    vec![
        step(
            sec,
            "2026-01-05",
            Op::ImportPortfolio {
                systems: vec![PortfolioSystem {
                    decided_at: None,
                    code: system("MITID"),
                    name: "MitID".into(),
                    owner: org("DIGST"),
                    description: "Fælles digital identitet".into(),
                    criticality: Criticality::High,
                    depends_on: vec![],
                    critical_integrations: vec![],
                }],
            },
        ),
        step(
            sec,
            "2026-01-05",
            Op::UpsertMeeting {
                meeting: meeting("february", "2026-02-10"),
            },
        ),
        step(
            sec,
            "2026-01-05",
            Op::UpsertMeeting {
                meeting: meeting("march", "2026-03-12"),
            },
        ),
        step(
            sec,
            "2026-01-05",
            Op::UpsertMeeting {
                meeting: meeting("june", "2026-06-11"),
            },
        ),
        step(
            sec,
            "2026-01-30",
            Op::UpsertAgendaItem {
                item: item("roadmap", "february", "Køreplan 2026"),
            },
        ),
        step(
            sec,
            "2026-01-30",
            Op::PublishAgenda {
                meeting: meeting_id("february"),
            },
        ),
        step(
            "kl_member",
            "2026-02-05",
            Op::RegisterParticipant {
                meeting: meeting_id("february"),
                registration: RegistrationId::from_uuid(id("registration/kl-substitute")),
                org: org("KL"),
                kind: RegistrationKind::Substitute,
                person: None,
                name: cast("kl_substitute").name.into(),
                email: cast("kl_substitute").email.into(),
            },
        ),
        step(
            sec,
            "2026-02-10",
            Op::MarkMeetingHeld {
                meeting: meeting_id("february"),
                attendance: vec![],
            },
        ),
        step(
            sec,
            "2026-02-20",
            Op::DraftMinutes {
                meeting: meeting_id("february"),
                minutes: minutes_id(),
                decisions: vec![Decision {
                    agenda_item: item_id("roadmap"),
                    text: "Køreplanen blev godkendt.".into(),
                }],
            },
        ),
        step(
            sec,
            "2026-02-20",
            Op::SendMinutesForComments {
                minutes: minutes_id(),
                closes: d("2026-03-06"),
            },
        ),
        step(
            "atp_member",
            "2026-02-24",
            Op::CommentMinutes {
                minutes: minutes_id(),
                comment: CommentId::from_uuid(id("comment/world")),
                agenda_item: item_id("roadmap"),
                text: "Angiv datoerne for migreringen.".into(),
            },
        ),
        step(
            sec,
            "2026-02-25",
            Op::UpsertAgendaItem {
                item: item("status", "march", "Driftsstatus 4. kvartal"),
            },
        ),
        step(
            sec,
            "2026-02-25",
            Op::PublishAgenda {
                meeting: meeting_id("march"),
            },
        ),
        step(
            "atp_member",
            "2026-02-26",
            Op::RegisterParticipant {
                meeting: meeting_id("march"),
                registration: RegistrationId::from_uuid(id("registration/atp-observer")),
                org: org("ATP"),
                kind: RegistrationKind::Observer,
                person: None,
                name: "Ole Observatør".into(),
                email: "ole@atp.dk".into(),
            },
        ),
        step(
            sec,
            "2026-02-27",
            Op::StartProcedure {
                procedure: procedure_id(),
                title: "Vedligeholdelsesvindue for MitID".into(),
                description: "Godkendelse af vinduet 14.–15. marts.".into(),
                deadline: d("2026-03-20"),
            },
        ),
    ]
}

/// What a case must come to: applied, or refused with this code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    Applied,
    Refused(&'static str),
}

#[derive(Debug, Clone)]
pub struct Case {
    pub name: &'static str,
    pub by: &'static str,
    pub on: NaiveDate,
    pub op: Op,
    pub expect: Expect,
}

fn case(name: &'static str, by: &'static str, op: Op, expect: Expect) -> Case {
    Case {
        name,
        by,
        on: d(TODAY),
        op,
        expect,
    }
}

fn on(mut c: Case, day: &str) -> Case {
    c.on = d(day);
    c
}

fn comment(n: &str, item: &str, text: &str) -> Op {
    Op::CommentMinutes {
        minutes: minutes_id(),
        comment: CommentId::from_uuid(id(&format!("comment/{n}"))),
        agenda_item: item_id(item),
        text: text.into(),
    }
}

fn register(meeting: &str, org_code: &str, kind: RegistrationKind, email: &str) -> Op {
    Op::RegisterParticipant {
        meeting: meeting_id(meeting),
        registration: RegistrationId::from_uuid(id(&format!("registration/{email}"))),
        org: org(org_code),
        kind,
        person: None,
        name: "Gæst Gæstesen".into(),
        email: email.into(),
    }
}

fn respond(org_code: &str, response: Response) -> Op {
    Op::RespondProcedure {
        procedure: procedure_id(),
        org: org(org_code),
        response,
    }
}

/// Every case. A case names one write; the world is fresh for each.
pub fn cases() -> Vec<Case> {
    use Expect::{Applied, Refused};
    use RegistrationKind::{Observer, Substitute};
    let status = |availability: f64| Op::RecordQuarterlyStatus {
        status: QuarterlyStatus {
            system: system("MITID"),
            quarter: Quarter::new(2025, 4).expect("quarter"),
            light: TrafficLight::Green,
            availability_percent: availability,
            major_incidents: 0,
            note: String::new(),
        },
    };
    let approve = |at: &str| Op::ApproveMinutes {
        minutes: minutes_id(),
        at_meeting: meeting_id(at),
        changed: vec![],
    };
    vec![
        // Comments on the minutes "blandt medlemmerne".
        case(
            "member comments although her substitute sat the meeting",
            "kl_member",
            comment("1", "roadmap", "KL bakker op."),
            Applied,
        ),
        case(
            "the substitute who sat the meeting comments",
            "kl_substitute",
            comment("2", "roadmap", "Tilføj datoerne."),
            Applied,
        ),
        case(
            "another organisation's member comments",
            "atp_member",
            comment("3", "roadmap", "Fint."),
            Applied,
        ),
        case(
            "the chair comments",
            "chair",
            comment("4", "roadmap", "Fint."),
            Applied,
        ),
        case(
            "an observer never comments",
            "kl_observer",
            comment("5", "roadmap", "Fint."),
            Refused("observer_cannot_comment"),
        ),
        case(
            "a substitute who sat no meeting",
            "atp_substitute",
            comment("6", "roadmap", "Fint."),
            Refused("not_seat_holder"),
        ),
        on(
            case(
                "after the round closed",
                "kl_member",
                comment("7", "roadmap", "Sent."),
                Refused("comment_round_closed"),
            ),
            "2026-03-09",
        ),
        case(
            "an item the minutes do not cover",
            "kl_member",
            comment("8", "status", "Forkert punkt."),
            Refused("agenda_item_not_in_minutes"),
        ),
        case(
            "an empty comment",
            "kl_member",
            comment("9", "roadmap", "  "),
            Refused("comment_empty"),
        ),
        case(
            "minutes that do not exist",
            "kl_member",
            Op::CommentMinutes {
                minutes: MinutesId::from_uuid(id("minutes/none")),
                comment: CommentId::from_uuid(id("comment/10")),
                agenda_item: item_id("roadmap"),
                text: "Hvor?".into(),
            },
            Refused("minutes_not_found"),
        ),
        // Registrations: one seat, one observer.
        case(
            "the member registers an observer",
            "kl_member",
            register("march", "KL", Observer, "gaest@kl.dk"),
            Applied,
        ),
        case(
            "a second observer for ATP",
            "atp_member",
            register("march", "ATP", Observer, "gaest2@atp.dk"),
            Refused("observer_limit_reached"),
        ),
        case(
            "the member registers a substitute",
            "kl_member",
            register("march", "KL", Substitute, "vikar@kl.dk"),
            Applied,
        ),
        case(
            "registering for another organisation",
            "kl_member",
            register("march", "DR", Observer, "gaest@regioner.dk"),
            Refused("not_seat_holder"),
        ),
        case(
            "an observer registers",
            "kl_observer",
            register("march", "KL", Observer, "gaest3@kl.dk"),
            Refused("observer_cannot_register"),
        ),
        case(
            "for a meeting already held",
            "kl_member",
            register("february", "KL", Observer, "sent@kl.dk"),
            Refused("meeting_closed_for_registration"),
        ),
        case(
            "an e-mail that is not one",
            "kl_member",
            register("march", "KL", Observer, "ikke-en-adresse"),
            Refused("registrant_email_invalid"),
        ),
        case(
            "the secretariat for an organisation that does not exist",
            "secretariat",
            register("march", "XX", Observer, "x@x.dk"),
            Refused("unknown_organisation"),
        ),
        case(
            "the member cancels the observer ATP registered",
            "atp_member",
            Op::CancelRegistration {
                meeting: meeting_id("march"),
                registration: RegistrationId::from_uuid(id("registration/atp-observer")),
            },
            Applied,
        ),
        // Written procedures.
        case(
            "the member agrees",
            "kl_member",
            respond("KL", Response::Agree),
            Applied,
        ),
        case(
            "an objection",
            "atp_member",
            respond(
                "ATP",
                Response::Object("Vinduet rammer Udbetaling Danmark.".into()),
            ),
            Applied,
        ),
        case(
            "answering for another organisation",
            "kl_member",
            respond("DR", Response::Agree),
            Refused("not_org_representative"),
        ),
        on(
            case(
                "after the deadline",
                "kl_member",
                respond("KL", Response::Agree),
                Refused("procedure_deadline_passed"),
            ),
            "2026-03-23",
        ),
        case(
            "an observer answers",
            "kl_observer",
            respond("KL", Response::Agree),
            Refused("observer_cannot_respond"),
        ),
        case(
            "a procedure that does not exist",
            "kl_member",
            Op::RespondProcedure {
                procedure: WrittenProcedureId::from_uuid(id("procedure/none")),
                org: org("KL"),
                response: Response::Agree,
            },
            Refused("procedure_not_found"),
        ),
        // The secretariat's acts.
        case(
            "a member plans a meeting",
            "kl_member",
            Op::UpsertMeeting {
                meeting: meeting("extra", "2026-04-20"),
            },
            Refused("secretariat_only"),
        ),
        case(
            "the secretariat plans an extra meeting",
            "secretariat",
            Op::UpsertMeeting {
                meeting: meeting("extra", "2026-04-20"),
            },
            Applied,
        ),
        case(
            "availability above 100 %",
            "secretariat",
            status(150.0),
            Refused("availability_out_of_range"),
        ),
        case(
            "availability as reported",
            "secretariat",
            status(99.95),
            Applied,
        ),
        case(
            "a roadmap item for a system outside the portfolio",
            "secretariat",
            Op::UpsertRoadmapItem {
                item: RoadmapItem {
                    id: RoadmapItemId::from_uuid(id("roadmap/nope")),
                    system: system("NOPE"),
                    title: "Release".into(),
                    kind: RoadmapKind::Release,
                    window: DateRange {
                        start: d("2026-05-01"),
                        end: d("2026-05-03"),
                    },
                },
            },
            Refused("system_not_in_portfolio"),
        ),
        case(
            "an agenda item about a system outside the portfolio",
            "secretariat",
            Op::UpsertAgendaItem {
                item: AgendaItem {
                    systems: vec![system("NOPE")],
                    ..item("nope", "june", "Ukendt system")
                },
            },
            Refused("system_not_in_portfolio"),
        ),
        case(
            "minutes of a meeting not held",
            "secretariat",
            Op::DraftMinutes {
                meeting: meeting_id("march"),
                minutes: MinutesId::from_uuid(id("minutes/march")),
                decisions: vec![],
            },
            Refused("meeting_not_held"),
        ),
        case(
            "sending minutes already sent",
            "secretariat",
            Op::SendMinutesForComments {
                minutes: minutes_id(),
                closes: d("2026-03-20"),
            },
            Refused("minutes_not_draft"),
        ),
        case(
            "approving while the round is open",
            "secretariat",
            approve("march"),
            Refused("comment_round_still_open"),
        ),
        on(
            case(
                "approving at the meeting they record",
                "secretariat",
                approve("february"),
                Refused("approval_meeting_not_later"),
            ),
            "2026-03-12",
        ),
        on(
            case(
                "approving before the approving meeting",
                "secretariat",
                approve("march"),
                Refused("approval_meeting_in_future"),
            ),
            "2026-03-11",
        ),
        on(
            case(
                "approving at the next meeting",
                "secretariat",
                approve("march"),
                Applied,
            ),
            "2026-03-12",
        ),
        case(
            "closing the round",
            "secretariat",
            Op::CloseCommentRound {
                minutes: minutes_id(),
            },
            Applied,
        ),
        case(
            "holding a meeting before its day",
            "secretariat",
            Op::MarkMeetingHeld {
                meeting: meeting_id("june"),
                attendance: vec![],
            },
            Refused("meeting_not_yet_held"),
        ),
        on(
            case(
                "two people in KL's seat",
                "secretariat",
                Op::MarkMeetingHeld {
                    meeting: meeting_id("march"),
                    attendance: vec![
                        Attendee {
                            org: org("KL"),
                            role: AttendedAs::Member,
                            person: None,
                            name: "A".into(),
                        },
                        Attendee {
                            org: org("KL"),
                            role: AttendedAs::Substitute,
                            person: None,
                            name: "B".into(),
                        },
                    ],
                },
                Refused("attendance_seat_twice"),
            ),
            "2026-03-12",
        ),
        case(
            "a procedure whose deadline has passed",
            "secretariat",
            Op::StartProcedure {
                procedure: WrittenProcedureId::from_uuid(id("procedure/late")),
                title: "For sent".into(),
                description: String::new(),
                deadline: d("2026-02-27"),
            },
            Refused("deadline_in_past"),
        ),
        case(
            "publishing a meeting that does not exist",
            "secretariat",
            Op::PublishAgenda {
                meeting: meeting_id("none"),
            },
            Refused("meeting_not_found"),
        ),
        // Cancelling and withdrawing.
        case(
            "the secretariat cancels June's meeting",
            "secretariat",
            Op::CancelMeeting {
                meeting: meeting_id("june"),
                reason: "Flyttes til august på grund af ferie.".into(),
            },
            Applied,
        ),
        case(
            "a cancellation without a reason",
            "secretariat",
            Op::CancelMeeting {
                meeting: meeting_id("june"),
                reason: " ".into(),
            },
            Refused("cancellation_reason_missing"),
        ),
        case(
            "editing a held meeting's agenda",
            "secretariat",
            Op::UpsertAgendaItem {
                item: item("roadmap", "february", "Køreplan 2026 (rettet)"),
            },
            Refused("agenda_closed"),
        ),
        case(
            "withdrawing an item from a held meeting",
            "secretariat",
            Op::WithdrawAgendaItem {
                item: item_id("roadmap"),
            },
            Refused("agenda_closed"),
        ),
        case(
            "cancelling a meeting already held",
            "secretariat",
            Op::CancelMeeting {
                meeting: meeting_id("february"),
                reason: "For sent.".into(),
            },
            Refused("meeting_already_held"),
        ),
        case(
            "a member cancels a meeting",
            "kl_member",
            Op::CancelMeeting {
                meeting: meeting_id("june"),
                reason: "Vi kan ikke.".into(),
            },
            Refused("secretariat_only"),
        ),
        case(
            "taking an item off the agenda",
            "secretariat",
            Op::WithdrawAgendaItem {
                item: item_id("status"),
            },
            Applied,
        ),
        case(
            "taking off an item that does not exist",
            "secretariat",
            Op::WithdrawAgendaItem {
                item: item_id("none"),
            },
            Refused("agenda_item_not_found"),
        ),
        case(
            "withdrawing a document that does not exist",
            "secretariat",
            Op::WithdrawDocument {
                document: styrebord_core::DocumentId::from_uuid(id("document/none")),
            },
            Refused("document_not_found"),
        ),
        // The secretariat's answer to a comment.
        case(
            "the secretariat says why a comment was not worked in",
            "secretariat",
            Op::DisposeComment {
                comment: CommentId::from_uuid(id("comment/world")),
                disposition: Disposition::NotIncorporated("Datoerne er endnu ikke aftalt.".into()),
            },
            Applied,
        ),
        case(
            "not worked in, without saying why",
            "secretariat",
            Op::DisposeComment {
                comment: CommentId::from_uuid(id("comment/world")),
                disposition: Disposition::NotIncorporated(" ".into()),
            },
            Refused("disposition_reason_missing"),
        ),
        case(
            "answering a comment that does not exist",
            "secretariat",
            Op::DisposeComment {
                comment: CommentId::from_uuid(id("comment/none")),
                disposition: Disposition::Incorporated,
            },
            Refused("comment_not_found"),
        ),
        case(
            "a member answers a comment",
            "kl_member",
            Op::DisposeComment {
                comment: CommentId::from_uuid(id("comment/world")),
                disposition: Disposition::Incorporated,
            },
            Refused("secretariat_only"),
        ),
        // The meeting in progress.
        on(
            case(
                "the secretariat marks the item being dealt with, on the meeting's day",
                "secretariat",
                Op::SetCurrentItem {
                    meeting: meeting_id("march"),
                    item: Some(item_id("status")),
                },
                Applied,
            ),
            "2026-03-12",
        ),
        case(
            "a meeting is followed live only on its day",
            "secretariat",
            Op::SetCurrentItem {
                meeting: meeting_id("march"),
                item: Some(item_id("status")),
            },
            Refused("meeting_not_in_progress"),
        ),
        on(
            case(
                "a live decision names an item of that meeting",
                "secretariat",
                Op::RecordLiveDecision {
                    meeting: meeting_id("march"),
                    item: item_id("world"),
                    text: "Taget til efterretning.".into(),
                },
                Refused("agenda_item_not_found"),
            ),
            "2026-03-12",
        ),
        on(
            case(
                "a live decision says something",
                "secretariat",
                Op::RecordLiveDecision {
                    meeting: meeting_id("march"),
                    item: item_id("status"),
                    text: "  ".into(),
                },
                Refused("decision_text_missing"),
            ),
            "2026-03-12",
        ),
        on(
            case(
                "the decision is recorded as it is taken",
                "secretariat",
                Op::RecordLiveDecision {
                    meeting: meeting_id("march"),
                    item: item_id("status"),
                    text: "Styregruppen tog driftsstatus til efterretning.".into(),
                },
                Applied,
            ),
            "2026-03-12",
        ),
        on(
            case(
                "a member does not run the meeting",
                "kl_member",
                Op::SetCurrentItem {
                    meeting: meeting_id("march"),
                    item: None,
                },
                Refused("secretariat_only"),
            ),
            "2026-03-12",
        ),
    ]
}

/// The committee's state after the world's acts, decided by core on its in-memory state (the
/// seed's settings and organisations, and the cast appointed by the secretariat).
pub fn memory_world() -> Memory {
    let composition = parse_composition(SEED_COMPOSITION).expect("seed composition");
    let mut memory = Memory::new(composition.committee());
    for o in &composition.organisations {
        memory.apply(&Change::everyone(Entity::Organisation(o.clone())));
    }
    let secretariat = actor("secretariat");
    for c in CAST {
        let decision =
            decide_appointment(&memory, &secretariat, &person(c.key)).expect("cast appointed");
        memory.apply_all(&decision.changes);
    }
    for s in world() {
        let decision = decide(&memory, &actor(s.by), &s.op, s.on)
            .unwrap_or_else(|e| panic!("the world's {} on {}: {e}", s.op.name(), s.on));
        memory.apply_all(&decision.changes);
    }
    memory
}

/// What a suite saw a write come to: applied, or refused with a code and words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Applied,
    Refused {
        code: String,
        message_da: String,
        message_en: String,
    },
}

impl Outcome {
    pub fn code(&self) -> Option<&str> {
        match self {
            Outcome::Applied => None,
            Outcome::Refused { code, .. } => Some(code),
        }
    }

    /// Whether this is what the case list says.
    pub fn matches(&self, expect: Expect) -> bool {
        match (self, expect) {
            (Outcome::Applied, Expect::Applied) => true,
            (Outcome::Refused { code, .. }, Expect::Refused(want)) => code == want,
            _ => false,
        }
    }
}

/// Core's own answer to `case` on the world: the reference every suite must agree with.
pub fn reference(case: &Case) -> Outcome {
    let memory = memory_world();
    match decide(&memory, &actor(case.by), &case.op, case.on) {
        Ok(_) => Outcome::Applied,
        Err(Denied::Refused(r)) => Outcome::Refused {
            code: r.code().to_owned(),
            message_da: r.message_da(),
            message_en: r.message_en(),
        },
        Err(Denied::Facts(e)) => panic!("core could not read its own memory: {e}"),
    }
}
