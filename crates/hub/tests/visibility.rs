//! Who sees what is decided by core's `Visibility::allows` alone; the hub's SQL filter on the
//! change feed must agree with it for every role, organisation, record and state. This table
//! proves it: a change for each record kind in each state, read back through the hub's own
//! `changes_for` by every kind of viewer.

use styrebord_core::access::{
    comment_visibility, meeting_content_visibility, minutes_visibility, Visibility,
};
use styrebord_core::entity::{Entity, EntityKind};
use styrebord_core::meeting::MeetingStatus;
use styrebord_core::minutes::{MinutesComment, MinutesState};
use styrebord_core::org::{Person, Role};
use styrebord_core::{AgendaItemId, CommentId, MinutesId, OrgId, PersonId};
use styrebord_hub::store::{self, Store, Viewer};
use uuid::Uuid;

fn org(code: &str) -> OrgId {
    OrgId::parse(code).unwrap()
}

/// Every record kind whose visibility depends on something, in every state, with core's answer.
fn records() -> Vec<(String, Visibility)> {
    let mut out = Vec::new();
    for status in [
        MeetingStatus::Planned,
        MeetingStatus::Published,
        MeetingStatus::Held,
        MeetingStatus::Cancelled,
    ] {
        for kind in [
            EntityKind::AgendaItem,
            EntityKind::Document,
            EntityKind::Escalation,
        ] {
            out.push((
                format!("{kind}/{status:?}"),
                meeting_content_visibility(status),
            ));
        }
    }
    for state in [
        MinutesState::Draft,
        MinutesState::CommentRoundOpen,
        MinutesState::CommentRoundClosed,
        MinutesState::Approved,
    ] {
        out.push((format!("minutes/{state:?}"), minutes_visibility(state)));
    }
    for by in ["KL", "ATP", "DIGST"] {
        let c = MinutesComment {
            disposition: None,
            id: CommentId::from_uuid(Uuid::nil()),
            minutes: MinutesId::from_uuid(Uuid::nil()),
            agenda_item: AgendaItemId::from_uuid(Uuid::nil()),
            author: PersonId::from_uuid(Uuid::nil()),
            org: org(by),
            text: "Bemærkning".into(),
            written_on: chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        };
        out.push((format!("minutes_comment/{by}"), comment_visibility(&c)));
    }
    out.push(("everyone's".into(), Visibility::Everyone));
    out.push(("escalation/without item".into(), Visibility::Secretariat));
    out
}

#[test]
fn the_feed_filter_agrees_with_core_for_every_role_org_record_and_state() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Store::open(dir.path()).unwrap();
    let records = records();
    hub.write(|tx| {
        for (label, visibility) in &records {
            // The label rides in a withdrawal, which is stored in the feed alone.
            let body = Entity::Withdrawn {
                of: EntityKind::AgendaItem,
                id: label.clone(),
            };
            store::record(tx, &body, visibility)?;
        }
        Ok::<_, styrebord_hub::HubError>(())
    })
    .unwrap();

    let roles = [
        Role::Chair,
        Role::Secretariat,
        Role::Member,
        Role::Substitute,
        Role::Observer,
    ];
    let mut checked = 0;
    for role in roles {
        for viewer_org in ["KL", "ATP", "DIGST"] {
            let person = Person {
                id: PersonId::from_uuid(Uuid::nil()),
                name: "Læser".into(),
                email: "l@x.dk".into(),
                org: org(viewer_org),
                role,
            };
            let (seen, _, _) = hub
                .read(|c| store::changes_for(c, &Viewer::of(&person), 0, 1000))
                .unwrap();
            let seen: Vec<String> = seen
                .into_iter()
                .map(|c| match c.body {
                    Entity::Withdrawn { id, .. } => id,
                    other => panic!("unexpected {other:?}"),
                })
                .collect();
            for (label, visibility) in &records {
                let sql = seen.contains(label);
                let core = visibility.allows(role, &org(viewer_org));
                assert_eq!(sql, core, "{role:?} of {viewer_org} × {label}");
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 15 * records.len());
}
