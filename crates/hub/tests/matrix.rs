//! The role × action authorization matrix, as a table. Each cell is the outcome over HTTP:
//! `ok` (applied / 200) or the refusal code; every cell also checks the stored state.

mod common;

use common::{mutation, register_observer, World};
use reqwest::StatusCode;
use rstest::rstest;
use serde_json::{json, Value};
use uuid::Uuid;

const ROLES: [&str; 6] = [
    "secretariat",
    "chair",
    "kl_member",
    "kl_substitute",
    "kl_observer",
    "dr_member",
];

#[derive(Debug, Clone, Copy)]
enum Action {
    /// Observer for KL at m1, where `kl_sub` holds KL's seat as registered substitute.
    RegisterObserverKlWithSubstitute,
    /// Observer for KL at m3, where KL's member holds the seat.
    RegisterObserverKlNoSubstitute,
    CancelKlSubstitute,
    CommentMinutes,
    RespondProcedureForKl,
    UpsertMeeting,
    PublishAgenda,
    RecordQuarterlyStatus,
    UpsertRoadmapItem,
    ReadUnpublishedBlob,
    ReadPublishedBlob,
}

const SO: &str = "secretariat_only";
const NSH: &str = "not_seat_holder";

#[rstest]
//                                                         secretariat chair  kl_member kl_sub  kl_observer                  dr_member
#[case(Action::RegisterObserverKlWithSubstitute,         ["ok",        NSH,   NSH,      "ok",   "observer_cannot_register", NSH])]
#[case(Action::RegisterObserverKlNoSubstitute,           ["ok",        NSH,   "ok",     NSH,    "observer_cannot_register", NSH])]
#[case(Action::CancelKlSubstitute,                       ["ok",        NSH,   "ok",     "ok",   "observer_cannot_register", NSH])]
#[case(Action::CommentMinutes,                           ["ok",        "ok",  "ok",     NSH,    "observer_cannot_comment",  "ok"])]
#[case(Action::RespondProcedureForKl,                    ["ok", "not_org_representative", "ok", "ok", "observer_cannot_respond", "not_org_representative"])]
#[case(Action::UpsertMeeting,                            ["ok",        SO,    SO,       SO,     SO,                         SO])]
#[case(Action::PublishAgenda,                            ["ok",        SO,    SO,       SO,     SO,                         SO])]
#[case(Action::RecordQuarterlyStatus,                    ["ok",        SO,    SO,       SO,     SO,                         SO])]
#[case(Action::UpsertRoadmapItem,                        ["ok",        SO,    SO,       SO,     SO,                         SO])]
#[case(Action::ReadUnpublishedBlob,                      ["ok", "document_not_published", "document_not_published", "document_not_published", "document_not_published", "document_not_published"])]
#[case(Action::ReadPublishedBlob,                        ["ok",        "ok",  "ok",     "ok",   "ok",                       "ok"])]
#[tokio::test]
async fn authorization_matrix(#[case] action: Action, #[case] expected: [&str; 6]) {
    for (role, want) in ROLES.iter().zip(expected) {
        // A fresh hub per cell, so cells cannot influence each other.
        let w = World::start().await;
        let got = perform(&w, role, action).await;
        assert_eq!(got, want, "{role} × {action:?}");
    }
}

async fn perform(w: &World, role: &str, action: Action) -> String {
    let who = match role {
        "secretariat" => &w.sec,
        "chair" => &w.chair,
        "kl_member" => &w.kl_member,
        "kl_substitute" => &w.kl_sub,
        "kl_observer" => &w.kl_obs,
        _ => &w.dr_member,
    };
    let op = match action {
        Action::ReadUnpublishedBlob | Action::ReadPublishedBlob => {
            let (sha, bytes) = match action {
                Action::ReadPublishedBlob => (&w.published_sha, w.published_bytes.clone()),
                _ => (&w.unpublished_sha, b"%PDF-1.7 budget draft".to_vec()),
            };
            let (s, _, body) = w.get(&format!("/v1/blobs/{sha}"), Some(&who.token)).await;
            if s == StatusCode::OK {
                assert_eq!(body, bytes);
                return "ok".into();
            }
            assert_eq!(s, StatusCode::FORBIDDEN);
            let v: Value = serde_json::from_slice(&body).unwrap();
            return v["code"].as_str().unwrap().to_owned();
        }
        Action::RegisterObserverKlWithSubstitute => register_observer(w.m1, "KL", "olga@kl.dk"),
        Action::RegisterObserverKlNoSubstitute => register_observer(w.m3, "KL", "olga@kl.dk"),
        Action::CancelKlSubstitute => {
            json!({"type": "cancel_registration", "meeting": w.m1, "registration": w.m1_sub_registration})
        }
        Action::CommentMinutes => json!({
            "type": "comment_minutes", "minutes": w.m0_minutes, "comment": Uuid::now_v7(),
            "agenda_item": w.m0_item, "text": "Vi har en bemærkning til punkt 1."
        }),
        Action::RespondProcedureForKl => json!({
            "type": "respond_procedure", "procedure": w.procedure, "org": "KL",
            "response": {"kind": "object", "text": "Vindue kolliderer med NemLog-in."}
        }),
        Action::UpsertMeeting => json!({"type": "upsert_meeting", "meeting": {
            "id": Uuid::now_v7(), "kind": "extra", "date": "2026-04-20", "start": "10:00:00", "end": null,
            "location": "Online", "attendance": "online", "status": "planned"}}),
        Action::PublishAgenda => json!({"type": "publish_agenda", "meeting": w.m2}),
        Action::RecordQuarterlyStatus => json!({"type": "record_quarterly_status", "status": {
            "system": "MITID", "quarter": "2026-Q1", "light": "yellow", "availability_percent": 99.7,
            "major_incidents": 1, "note": "Nedbrud 3. feb."}}),
        Action::UpsertRoadmapItem => json!({"type": "upsert_roadmap_item", "item": {
            "id": Uuid::now_v7(), "system": "MITID", "title": "Release 4.2", "kind": "release",
            "window": {"start": "2026-05-01", "end": "2026-05-03"}}}),
    };
    let before = w.changes_count();
    let (s, v) = w
        .mutate(&who.token, Uuid::now_v7(), vec![mutation(1, op)])
        .await;
    if s == StatusCode::FORBIDDEN {
        // The role may never do this act: refused before anything is stored.
        assert_eq!(w.changes_count(), before, "a 403 stored a change");
        return v["code"].as_str().unwrap().to_owned();
    }
    assert_eq!(s, StatusCode::OK, "{v}");
    let result = &v["results"][0];
    match result["status"].as_str() {
        Some("applied") => {
            // The effect is in the secretariat's feed at the acknowledged seq.
            let seq = result["seq"].as_u64().unwrap();
            assert!(w.changes_count() > before);
            let feed = w.all_changes(&w.sec.token).await;
            assert!(
                feed.iter().any(|c| c["seq"] == seq),
                "seq {seq} not in feed"
            );
            "ok".into()
        }
        _ => {
            assert_eq!(result["status"], "rejected", "{v}");
            assert!(!result["message_da"].as_str().unwrap().is_empty());
            assert!(!result["message_en"].as_str().unwrap().is_empty());
            assert_eq!(w.changes_count(), before, "a rejection stored a change");
            result["code"].as_str().unwrap().to_owned()
        }
    }
}
