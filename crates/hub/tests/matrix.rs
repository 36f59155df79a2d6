//! The role × action authorization matrix, as a table. Each cell is the outcome over HTTP:
//! `ok` (applied / 200) or the refusal code; every cell also checks the stored state.

mod common;

use common::{mutation, register_observer, World};
use reqwest::StatusCode;
use rstest::rstest;
use serde_json::{json, Value};
use styrebord_core::acts::{permit, Act};
use styrebord_core::org::Role;
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

/// A request for `act` that is well-formed (so whatever answer it gets is about the act, not
/// its shape), naming records that keep the other roles' accounts intact.
fn request_for(w: &World, act: Act) -> (reqwest::Method, String, Option<Value>) {
    use reqwest::Method;
    let any = || Uuid::now_v7();
    let op = |op: Value| {
        (
            Method::POST,
            "/v1/mutations".to_owned(),
            Some(json!({"device_id": any(), "mutations": [mutation(1, op)]})),
        )
    };
    let item = json!({"id": any(), "meeting": w.m2, "number": 0, "title": "Punkt", "description": "",
                      "kind": "orientation", "systems": [], "escalation": null});
    let system = json!({"code": "MITID", "name": "MitID", "owner": "DIGST", "description": "",
                        "criticality": "high", "depends_on": [], "critical_integrations": []});
    let sha = "0".repeat(64);
    match act {
        Act::RegisterParticipant => op(register_observer(w.m3, "KL", "olga@kl.dk")),
        Act::CancelRegistration => {
            op(json!({"type": "cancel_registration", "meeting": w.m1, "registration": any()}))
        }
        Act::CommentMinutes => op(
            json!({"type": "comment_minutes", "minutes": w.m0_minutes, "comment": any(), "agenda_item": w.m0_item, "text": "Bemærkning"}),
        ),
        Act::RespondProcedure => op(
            json!({"type": "respond_procedure", "procedure": w.procedure, "org": "KL", "response": {"kind": "agree"}}),
        ),
        Act::UpsertAgendaItem => op(json!({"type": "upsert_agenda_item", "item": item})),
        Act::ReorderAgenda => op(json!({"type": "reorder_agenda", "meeting": w.m2, "items": []})),
        Act::WithdrawAgendaItem => op(json!({"type": "withdraw_agenda_item", "item": any()})),
        Act::ApproveAgenda => op(json!({"type": "approve_agenda", "meeting": any()})),
        Act::UpsertMeeting => op(
            json!({"type": "upsert_meeting", "meeting": {"id": any(), "kind": "extra",
            "date": "2026-04-20", "start": "10:00:00", "end": null, "location": "Online",
            "attendance": "online", "status": "planned"}}),
        ),
        Act::PublishAgenda => op(json!({"type": "publish_agenda", "meeting": any()})),
        Act::CancelMeeting => {
            op(json!({"type": "cancel_meeting", "meeting": any(), "reason": "Aflyst"}))
        }
        Act::MarkMeetingHeld => {
            op(json!({"type": "mark_meeting_held", "meeting": any(), "attendance": []}))
        }
        Act::SetCurrentItem => {
            op(json!({"type": "set_current_item", "meeting": w.m1, "item": null}))
        }
        Act::RecordLiveDecision => op(
            json!({"type": "record_live_decision", "meeting": w.m1, "item": w.m1_item, "text": "Besluttet"}),
        ),
        Act::UploadFile => (Method::PUT, format!("/v1/blobs/{sha}"), None),
        Act::PublishDocument => op(
            json!({"type": "publish_document", "document": any(), "meeting": any(), "title": "Bilag", "sha256": sha}),
        ),
        Act::PublishProcedureDocument => op(
            json!({"type": "publish_procedure_document", "document": any(), "procedure": any(), "title": "Bilag", "sha256": sha}),
        ),
        Act::WithdrawDocument => op(json!({"type": "withdraw_document", "document": any()})),
        Act::DraftMinutes => op(
            json!({"type": "draft_minutes", "meeting": any(), "minutes": any(), "decisions": []}),
        ),
        Act::SendMinutesForComments => op(
            json!({"type": "send_minutes_for_comments", "minutes": any(), "closes": "2026-04-01"}),
        ),
        Act::CloseCommentRound => op(json!({"type": "close_comment_round", "minutes": any()})),
        Act::DisposeComment => op(
            json!({"type": "dispose_comment", "comment": any(), "disposition": {"kind": "incorporated"}}),
        ),
        Act::ApproveMinutes => op(
            json!({"type": "approve_minutes", "minutes": any(), "at_meeting": any(), "changed": []}),
        ),
        Act::StartProcedure => op(
            json!({"type": "start_procedure", "procedure": any(), "title": "Sag", "description": "", "deadline": "2026-12-31"}),
        ),
        Act::CloseProcedure => op(json!({"type": "close_procedure", "procedure": any()})),
        Act::WithdrawProcedure => {
            op(json!({"type": "withdraw_procedure", "procedure": any(), "reason": "Trukket"}))
        }
        Act::ListOutstanding => (
            Method::GET,
            format!("/v1/outstanding?procedure={}", w.procedure),
            None,
        ),
        Act::SendReminder => op(
            json!({"type": "send_reminder", "reminder": any(), "about": {"kind": "procedure", "id": any()}}),
        ),
        Act::ImportPortfolio => op(json!({"type": "import_portfolio", "systems": []})),
        Act::AdmitSystem => {
            op(json!({"type": "admit_system", "system": system, "decided_at": any()}))
        }
        Act::UpsertSystem => op(json!({"type": "upsert_system", "system": system})),
        Act::RecordQuarterlyStatus => op(
            json!({"type": "record_quarterly_status", "status": {"system": "MITID",
            "quarter": "2026-Q1", "light": "green", "availability_percent": 99.9, "major_incidents": 0, "note": ""}}),
        ),
        Act::UpsertRoadmapItem => op(
            json!({"type": "upsert_roadmap_item", "item": {"id": any(), "system": "MITID",
            "title": "Release", "kind": "release", "window": {"start": "2026-05-01", "end": "2026-05-02"}}}),
        ),
        Act::ProposeEscalation => op(
            json!({"type": "propose_escalation", "escalation": any(), "agenda_item": any(), "case": "Sag", "needs_funds": false}),
        ),
        Act::RecordForumApproval => op(
            json!({"type": "record_forum_approval", "escalation": any(), "approved_on": "2026-03-01", "reference": "J.nr. 1"}),
        ),
        Act::MarkEscalationReady => {
            op(json!({"type": "mark_escalation_ready", "escalation": any()}))
        }
        Act::MarkEscalationSent => op(json!({"type": "mark_escalation_sent", "escalation": any()})),
        Act::CloseEscalation => op(json!({"type": "close_escalation", "escalation": any()})),
        Act::InvitePerson => (
            Method::POST,
            "/v1/people".into(),
            Some(json!({"id": any(), "org": "KL",
            "role": "observer", "name": "Ny Bisidder", "email": "ny@kl.dk"})),
        ),
        Act::ChangeRepresentative => (
            Method::POST,
            "/v1/people".into(),
            Some(json!({"id": any(), "org": "ATP",
            "role": "member", "name": "Ny Repræsentant", "email": "ny@atp.dk", "replace_representative": true})),
        ),
        Act::IssueToken => (
            Method::POST,
            format!("/v1/people/{}/tokens", w.dr_member.person),
            None,
        ),
        Act::RevokeAccess => (Method::DELETE, "/v1/tokens/no-such-token".into(), None),
        Act::ListDevices => (Method::GET, "/v1/people".into(), None),
    }
}

/// Every act of core's matrix, for every role, over HTTP: refused with 403 and the matrix's own
/// refusal exactly where the matrix says so, and never refused for the role where it allows it.
#[tokio::test]
async fn every_act_is_open_to_exactly_the_roles_the_matrix_names() {
    let w = World::start().await;
    let roles = [
        (Role::Secretariat, &w.sec),
        (Role::Chair, &w.chair),
        (Role::Member, &w.kl_member),
        (Role::Substitute, &w.kl_sub),
        (Role::Observer, &w.kl_obs),
    ];
    let mut cells = 0;
    for act in Act::ALL {
        for (role, who) in roles {
            let (method, path, body) = request_for(&w, act);
            let before = w.changes_count();
            let mut req = w
                .client
                .request(method, format!("{}{path}", w.base))
                .bearer_auth(&who.token);
            if let Some(b) = body {
                req = req.json(&b);
            }
            let resp = req.send().await.unwrap();
            let status = resp.status();
            let v: Value = resp.json().await.unwrap_or(Value::Null);
            match permit(role, act) {
                Err(refusal) => {
                    assert_eq!(status, StatusCode::FORBIDDEN, "{role:?} × {act:?}: {v}");
                    assert_eq!(v["code"], refusal.code(), "{role:?} × {act:?}");
                    assert_eq!(
                        w.changes_count(),
                        before,
                        "{role:?} × {act:?} stored something"
                    );
                }
                Ok(()) => assert_ne!(status, StatusCode::FORBIDDEN, "{role:?} × {act:?}: {v}"),
            }
            cells += 1;
        }
    }
    assert_eq!(cells, Act::ALL.len() * 5);
}
