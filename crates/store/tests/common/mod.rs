//! Fixtures: a small committee as a change page, built from core types.
#![allow(dead_code)]

use chrono::{NaiveDate, NaiveTime};
use styrebord_core::meeting::{
    AgendaItem, AgendaItemKind, AttendanceMode, Document, Meeting, MeetingKind, MeetingStatus,
    Sha256,
};
use styrebord_core::minutes::{CommentRound, Decision, MinutesDraft, MinutesState};
use styrebord_core::org::{Organisation, Role};
use styrebord_core::procedure::WrittenProcedure;
use styrebord_core::*;
use styrebord_protocol::{Change, ChangesPage, Cursor, Entity, Minutes, PersonInfo};
use styrebord_store::Store;
use uuid::Uuid;

pub fn id(n: u128) -> Uuid {
    Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0000 | n)
}

pub fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub const TODAY: &str = "2026-11-02";

pub struct Fixture {
    pub me: PersonInfo,
    pub other_member: PersonInfo,
    pub meeting: Meeting,
    pub past_meeting: Meeting,
    pub items: Vec<AgendaItem>,
    pub doc: Document,
    pub minutes: Minutes,
    pub procedure: WrittenProcedure,
}

pub fn org(code: &str, name: &str) -> Organisation {
    Organisation {
        code: OrgId::parse(code).unwrap(),
        name: name.into(),
        short_name: code.into(),
    }
}

pub fn person(n: u128, org: &str, role: Role, name: &str) -> PersonInfo {
    PersonInfo {
        id: PersonId::from_uuid(id(n)),
        name: name.into(),
        email: format!("p{n}@{}.dk", org.to_lowercase()),
        org: OrgId::parse(org).unwrap(),
        role,
        active: true,
    }
}

pub fn sha(n: u8) -> Sha256 {
    Sha256::parse(&format!("{:02x}", n).repeat(32)).unwrap()
}

pub fn fixture() -> Fixture {
    let meeting = Meeting {
        live: None,
        agenda_approved_on: None,
        link: None,
        cancellation_reason: None,
        agenda_published_on: None,
        id: MeetingId::from_uuid(id(100)),
        kind: MeetingKind::Ordinary,
        date: day("2026-11-26"),
        start: NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
        end: None,
        location: "Landgreven 4, København".into(),
        attendance: AttendanceMode::InPerson,
        status: MeetingStatus::Published,
    };
    let past_meeting = Meeting {
        id: MeetingId::from_uuid(id(101)),
        date: day("2026-09-10"),
        status: MeetingStatus::Held,
        ..meeting.clone()
    };
    let items = vec![
        AgendaItem {
            presenter: None,
            procedure: None,
            id: AgendaItemId::from_uuid(id(200)),
            meeting: past_meeting.id,
            number: 1,
            title: "Godkendelse af referat fra mødet".into(),
            description: "Styregruppen godkender referatet fra sidste møde.".into(),
            kind: AgendaItemKind::Decision,
            systems: vec![],
            escalation: None,
        },
        AgendaItem {
            presenter: None,
            procedure: None,
            id: AgendaItemId::from_uuid(id(201)),
            meeting: past_meeting.id,
            number: 2,
            title: "Driftsstatus for MitID og NemLog-in".into(),
            description: "Orientering om møder med leverandøren og større hændelser i kvartalet."
                .into(),
            kind: AgendaItemKind::Orientation,
            systems: vec![],
            escalation: None,
        },
        AgendaItem {
            presenter: None,
            procedure: None,
            id: AgendaItemId::from_uuid(id(202)),
            meeting: meeting.id,
            number: 1,
            title: "Vedligeholdelsesvinduer i 2027".into(),
            description:
                "Koordinering af vinduer, så afhængige systemer ikke får nedetid samtidig.".into(),
            kind: AgendaItemKind::Discussion,
            systems: vec![],
            escalation: None,
        },
    ];
    let doc = Document {
        change_note: None,
        procedure: None,
        id: DocumentId::from_uuid(id(300)),
        meeting: Some(meeting.id),
        agenda_item: Some(items[2].id),
        title: "Bilag 1: Vinduer for drift".into(),
        sha256: sha(0xab),
        size_bytes: 1234,
        mime: "application/pdf".into(),
        version: 1,
        published_on: day("2026-11-10"),
    };
    let minutes = Minutes {
        sent_on: None,
        approved_on: None,
        approval: None,
        draft: MinutesDraft {
            id: MinutesId::from_uuid(id(400)),
            meeting: past_meeting.id,
            state: MinutesState::CommentRoundOpen,
            decisions: vec![
                Decision { agenda_item: items[0].id, text: "Referatet blev godkendt uden bemærkninger.".into() },
                Decision { agenda_item: items[1].id, text: "Styregruppen tog orienteringen til efterretning og bad om en plan før næste møde.".into() },
            ],
        },
        round: Some(CommentRound { id: CommentRoundId::from_uuid(id(401)), minutes: MinutesId::from_uuid(id(400)), opens: day("2026-10-20"), closes: day("2026-11-20") }),
        draft_decisions: None,
    };
    let procedure = WrittenProcedure {
        ended: None,
        id: WrittenProcedureId::from_uuid(id(500)),
        title: "Optagelse af Digital Post i porteføljen".into(),
        description: "Sekretariatet foreslår, at Digital Post optages i den fælles portefølje."
            .into(),
        deadline: day("2026-11-15"),
        responses: vec![],
    };
    Fixture {
        me: person(1, "KL", Role::Member, "Søren Ærø"),
        other_member: person(2, "ATP", Role::Member, "Åse Øberg"),
        meeting,
        past_meeting,
        items,
        doc,
        minutes,
        procedure,
    }
}

impl Fixture {
    pub fn bodies(&self) -> Vec<Entity> {
        let mut v = vec![
            Entity::Organisation(org("KL", "KL")),
            Entity::Organisation(org("ATP", "ATP")),
            Entity::Person(self.me.clone()),
            Entity::Person(self.other_member.clone()),
            Entity::Meeting(self.past_meeting.clone()),
            Entity::Meeting(self.meeting.clone()),
        ];
        v.extend(self.items.iter().cloned().map(Entity::AgendaItem));
        v.push(Entity::Document(self.doc.clone()));
        v.push(Entity::Minutes(self.minutes.clone()));
        v.push(Entity::WrittenProcedure(self.procedure.clone()));
        v
    }

    /// All of it as one page from seq `from`+1, with the cursor after it.
    pub fn page(&self, from: u64) -> ChangesPage {
        page(from, self.bodies())
    }

    pub fn store(&self, dir: &std::path::Path) -> Store {
        let store = Store::open(&dir.join("store.sqlite3")).unwrap();
        store.set_me(&self.me).unwrap();
        store.apply_page(&self.page(0)).unwrap();
        store
    }
}

pub fn page(from: u64, bodies: Vec<Entity>) -> ChangesPage {
    let n = bodies.len() as u64;
    ChangesPage {
        changes: bodies
            .into_iter()
            .enumerate()
            .map(|(i, body)| Change {
                seq: from + 1 + i as u64,
                body,
            })
            .collect(),
        cursor: Cursor {
            epoch: 1,
            seq: from + n,
        },
        has_more: false,
    }
}
