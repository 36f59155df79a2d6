//! Every endpoint over real HTTP against a hub on 127.0.0.1:0.

mod common;

use common::{d, mutation, register_observer, World, TODAY};
use reqwest::StatusCode;
use serde_json::{json, Value};
use styrebord_hub::admin;
use uuid::Uuid;

fn code(v: &Value) -> &str {
    v["code"]
        .as_str()
        .unwrap_or_else(|| panic!("no code in {v}"))
}

fn assert_error(v: &Value, expected: &str) {
    assert_eq!(code(v), expected, "{v}");
    assert!(!v["message_da"].as_str().unwrap().is_empty());
    assert!(!v["message_en"].as_str().unwrap().is_empty());
}

#[tokio::test]
async fn health_needs_no_token_and_me_names_the_person() {
    let w = World::start().await;
    let (s, _, b) = w.get("/health", None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(serde_json::from_slice::<Value>(&b).unwrap()["status"], "ok");

    let (s, me) = w.get_json("/v1/me", &w.kl_member.token).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(me["person"]["name"], "Karin Medlem");
    assert_eq!(me["person"]["org"], "KL");
    assert_eq!(me["person"]["role"], "member");
    assert_eq!(me["token_id"], w.kl_member.token_id);
    assert_eq!(me["api_version"], "v1");
    assert_eq!(me["head"], format!("1.{}", w.changes_count()));
}

#[tokio::test]
async fn missing_unknown_and_revoked_tokens_are_401_with_codes() {
    let w = World::start().await;
    let (s, _, b) = w.get("/v1/me", None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_error(&serde_json::from_slice(&b).unwrap(), "token_missing");

    let (s, v) = w.get_json("/v1/changes", "sbh1_0000").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_error(&v, "token_unknown");

    // Revoke one token, then a whole person.
    styrebord_hub::admin::revoke(&w.store, &w.kl_obs.token_id).unwrap();
    let (s, v) = w.get_json("/v1/changes", &w.kl_obs.token).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_error(&v, "token_revoked");
    styrebord_hub::admin::revoke(&w.store, &w.dr_member.person.to_string()).unwrap();
    let (s, v) = w.get_json("/v1/me", &w.dr_member.token).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_error(&v, "token_revoked");
    // The others still work, and see the person marked inactive.
    let changes = w.all_changes(&w.kl_member.token).await;
    let last_dr = changes
        .iter()
        .rfind(|c| c["kind"] == "person" && c["body"]["id"] == w.dr_member.person.to_string())
        .unwrap();
    assert_eq!(last_dr["body"]["active"], false);
}

#[tokio::test]
async fn changes_are_filtered_per_person() {
    let w = World::start().await;
    // How many things of a kind a reader was told of (a thing may change several times).
    let kinds = |cs: &[Value], kind: &str| {
        cs.iter()
            .filter(|c| c["kind"] == kind)
            .map(|c| {
                c["body"]["id"]
                    .as_str()
                    .or(c["body"]["code"].as_str())
                    .unwrap_or("")
            })
            .collect::<std::collections::BTreeSet<_>>()
            .len()
    };
    let changes = |cs: &[Value], kind: &str| cs.iter().filter(|c| c["kind"] == kind).count();
    let member = w.all_changes(&w.kl_member.token).await;
    let sec = w.all_changes(&w.sec.token).await;
    // The unpublished meeting's agenda item and document are the secretariat's only. Sending
    // the February minutes for comments put their approval on the March agenda.
    assert_eq!(kinds(&sec, "agenda_item"), 4);
    assert_eq!(kinds(&member, "agenda_item"), 3);
    assert!(member.iter().any(|c| c["kind"] == "agenda_item"
        && c["body"]["meeting"] == w.m1.to_string()
        && c["body"]["title"] == "Godkendelse af referat fra mødet den 10. februar 2026"));
    assert_eq!(kinds(&sec, "document"), 2);
    assert_eq!(kinds(&member, "document"), 1);
    assert!(member
        .iter()
        .all(|c| c["body"]["meeting"] != w.m2.to_string() || c["kind"] == "meeting"));
    // The draft (before the round opened) only to the secretariat; the opened one to all.
    assert_eq!(changes(&sec, "minutes"), 2);
    assert_eq!(changes(&member, "minutes"), 1);
    assert_eq!(
        member.iter().find(|c| c["kind"] == "minutes").unwrap()["body"]["draft"]["state"],
        "comment_round_open"
    );
    // Registrations, organisations, meetings and people are everyone's.
    assert_eq!(kinds(&member, "registration"), 1);
    assert_eq!(kinds(&member, "organisation"), 13);
    assert_eq!(kinds(&member, "meeting"), 4);
    assert_eq!(kinds(&member, "person"), 6);
    // seqs strictly increase.
    assert!(member
        .windows(2)
        .all(|p| p[0]["seq"].as_u64() < p[1]["seq"].as_u64()));
}

#[tokio::test]
async fn changes_page_through_and_end_at_the_head() {
    let w = World::start().await;
    let all = w.all_changes(&w.kl_member.token).await;
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..100 {
        let path = match &cursor {
            Some(c) => format!("/v1/changes?since={c}&limit=7"),
            None => "/v1/changes?limit=7".into(),
        };
        let (s, page) = w.get_json(&path, &w.kl_member.token).await;
        assert_eq!(s, StatusCode::OK);
        seen.extend(page["changes"].as_array().unwrap().clone());
        cursor = Some(page["cursor"].as_str().unwrap().to_owned());
        if page["has_more"] == false {
            break;
        }
    }
    assert_eq!(seen, all);
    // At the head: an empty page, same cursor (the head, past the secretariat-only changes too).
    let c = cursor.unwrap();
    assert_eq!(c, format!("1.{}", w.changes_count()));
    let (_, page) = w
        .get_json(&format!("/v1/changes?since={c}"), &w.kl_member.token)
        .await;
    assert_eq!(page["changes"], json!([]));
    assert_eq!(page["cursor"], c);
    assert_eq!(page["has_more"], false);
}

#[tokio::test]
async fn old_epoch_and_pruned_log_are_410_resets_and_a_future_cursor_is_409_ahead() {
    let w = World::start().await;
    let head = w.changes_count();
    let conn = rusqlite::Connection::open(w.data_dir().join("hub.sqlite3")).unwrap();
    let (s, v) = w
        .get_json(
            &format!("/v1/changes?since=1.{}", head + 5),
            &w.kl_member.token,
        )
        .await;
    // Data put back by hand (no `restore`): the app has seen changes this log does not hold.
    assert_eq!(s, StatusCode::CONFLICT);
    assert_error(&v, "cursor_ahead");
    conn.execute("UPDATE meta SET value = '10' WHERE key = 'log_floor'", [])
        .unwrap();
    let (s, v) = w
        .get_json("/v1/changes?since=1.3", &w.kl_member.token)
        .await;
    assert_eq!(s, StatusCode::GONE);
    assert_error(&v, "reset_cursor_too_old");
    conn.execute("UPDATE meta SET value = '2' WHERE key = 'epoch'", [])
        .unwrap();
    let (s, v) = w
        .get_json("/v1/changes?since=1.12", &w.kl_member.token)
        .await;
    assert_eq!(s, StatusCode::GONE);
    assert_error(&v, "reset_epoch_changed");
    // Starting over (no cursor) works and yields the new epoch.
    let (s, v) = w.get_json("/v1/changes", &w.kl_member.token).await;
    assert_eq!(s, StatusCode::OK);
    assert!(v["cursor"].as_str().unwrap().starts_with("2."));
}

#[tokio::test]
async fn the_same_mutation_sent_three_times_is_applied_once() {
    let w = World::start().await;
    let device = Uuid::now_v7();
    let m = mutation(1, register_observer(w.m3, "KL", "olga@kl.dk"));
    let before = w.count("registration");
    let mut answers = Vec::new();
    for _ in 0..3 {
        let (s, v) = w.mutate(&w.kl_member.token, device, vec![m.clone()]).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        answers.push(v["results"][0].clone());
    }
    assert_eq!(answers[0]["status"], "applied", "{}", answers[0]);
    assert_eq!(answers[0], answers[1]);
    assert_eq!(answers[1], answers[2]);
    assert_eq!(w.count("registration"), before + 1);
    // The ack's seq is where the registration shows up in the feed.
    let seq = answers[0]["seq"].as_u64().unwrap();
    let feed = w.all_changes(&w.dr_member.token).await;
    let change = feed.iter().find(|c| c["seq"] == seq).unwrap();
    assert_eq!(change["kind"], "registration");
    assert_eq!(change["body"]["email"], "olga@kl.dk");
    assert_eq!(
        change["body"]["registered_by"],
        w.kl_member.person.to_string()
    );
}

#[tokio::test]
async fn a_sequence_gap_is_refused_and_nothing_is_stored() {
    let w = World::start().await;
    let device = Uuid::now_v7();
    let changes = w.changes_count();
    let (s, v) = w
        .mutate(
            &w.kl_member.token,
            device,
            vec![mutation(2, register_observer(w.m3, "KL", "olga@kl.dk"))],
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_error(&v, "client_seq_gap");
    assert_eq!(w.changes_count(), changes);
    // A gap inside a batch refuses the whole batch, including its valid first mutation.
    let (s, v) = w
        .mutate(
            &w.kl_member.token,
            device,
            vec![
                mutation(1, register_observer(w.m3, "KL", "olga@kl.dk")),
                mutation(3, register_observer(w.m1, "KL", "ib@kl.dk")),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_error(&v, "client_seq_gap");
    assert_eq!(w.changes_count(), changes);
    assert_eq!(w.count("registration"), 1);
}

#[tokio::test]
async fn a_rejected_mutation_does_not_block_the_next() {
    let w = World::start().await;
    let device = Uuid::now_v7();
    // An observer may write nothing: the role × act matrix refuses with 403, before anything
    // is stored or the device's sequence moves.
    let before = (w.count("registration"), w.changes_count());
    let (s, v) = w
        .mutate(
            &w.kl_obs.token,
            device,
            vec![mutation(1, register_observer(w.m3, "KL", "olga@kl.dk"))],
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_error(&v, "observer_cannot_register");
    let (s, v) = w
        .mutate(
            &w.kl_obs.token,
            device,
            vec![mutation(
                1,
                json!({"type": "respond_procedure", "procedure": w.procedure, "org": "KL", "response": {"kind": "agree"}}),
            )],
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_error(&v, "observer_cannot_respond");
    assert_eq!((w.count("registration"), w.changes_count()), before);
    // And a member's batch: rejected (duplicate e-mail) then applied, in one go.
    let device = Uuid::now_v7();
    let (s, v) = w
        .mutate(
            &w.kl_member.token,
            device,
            vec![
                mutation(1, register_observer(w.m1, "KL", "soeren@kl.dk")),
                mutation(2, json!({"type": "respond_procedure", "procedure": w.procedure, "org": "KL", "response": {"kind": "comment", "text": "Fint."}})),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["results"][0]["status"], "rejected");
    assert_eq!(v["results"][1]["status"], "applied", "{v}");
    let feed = w.all_changes(&w.dr_member.token).await;
    let p = feed
        .iter()
        .rev()
        .find(|c| c["kind"] == "written_procedure")
        .unwrap();
    assert_eq!(p["body"]["responses"][0]["org"], "KL");
    assert_eq!(p["body"]["responses"][0]["response"]["text"], "Fint.");
}

/// An app newer than the hub sends a kind of write the hub does not know, between two it does:
/// that one is answered `op_unreadable` on its own (in both languages, naming the action), the
/// others are applied, the device's sequence moves on, and a replay gets the same answers.
#[tokio::test]
async fn an_op_this_hub_cannot_read_is_refused_alone_and_blocks_nothing() {
    let w = World::start().await;
    let device = Uuid::now_v7();
    let newer = mutation(
        2,
        json!({"type": "register_guest_speaker", "meeting": w.m3, "name": "Gæst"}),
    );
    let batch = vec![
        mutation(1, register_observer(w.m3, "KL", "olga@kl.dk")),
        newer.clone(),
        mutation(
            3,
            json!({"type": "respond_procedure", "procedure": w.procedure, "org": "KL", "response": {"kind": "agree"}}),
        ),
    ];
    let (s, v) = w.mutate(&w.kl_member.token, device, batch.clone()).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let statuses: Vec<_> = v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(statuses, ["applied", "rejected", "applied"], "{v}");
    let refusal = &v["results"][1];
    assert_eq!(refusal["code"], "op_unreadable");
    assert_eq!(refusal["client_seq"], 2);
    let da = refusal["message_da"].as_str().unwrap();
    assert!(da.contains("»register_guest_speaker«"), "{da}");
    assert!(
        !da.contains("register_participant"),
        "no list of ops for the member: {da}"
    );
    assert!(refusal["message_en"]
        .as_str()
        .unwrap()
        .contains("update the hub"));

    // Sent again (the answer was lost): the same answers, no new effect.
    let changes = w.changes_count();
    let (s, again) = w.mutate(&w.kl_member.token, device, batch).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(again, v);
    assert_eq!(w.changes_count(), changes);
    // The unreadable write cannot be swapped for another under its id.
    let mut changed = newer;
    changed["op"]["name"] = json!("En anden");
    let (s, e) = w.mutate(&w.kl_member.token, device, vec![changed]).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_error(&e, "mutation_payload_changed");
    // The device goes on from 4.
    let (s, v) = w
        .mutate(
            &w.kl_member.token,
            device,
            vec![mutation(4, json!({"type": "respond_procedure", "procedure": w.procedure, "org": "KL", "response": {"kind": "comment", "text": "Fint."}}))],
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["results"][0]["status"], "applied", "{v}");
}

#[tokio::test]
async fn a_replay_with_a_changed_payload_is_refused() {
    let w = World::start().await;
    let device = Uuid::now_v7();
    let mut m = mutation(1, register_observer(w.m3, "KL", "olga@kl.dk"));
    let (s, _) = w.mutate(&w.kl_member.token, device, vec![m.clone()]).await;
    assert_eq!(s, StatusCode::OK);
    let changes = w.changes_count();
    m["op"]["name"] = json!("Someone Else");
    let (s, v) = w.mutate(&w.kl_member.token, device, vec![m.clone()]).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_error(&v, "mutation_payload_changed");
    // A new id reusing a used client_seq.
    let (s, v) = w
        .mutate(
            &w.kl_member.token,
            device,
            vec![mutation(1, register_observer(w.m1, "KL", "x@kl.dk"))],
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_error(&v, "client_seq_conflict");
    // Another person's device id.
    let (s, v) = w
        .mutate(
            &w.dr_member.token,
            device,
            vec![mutation(2, register_observer(w.m1, "DR", "x@dr.dk"))],
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_error(&v, "device_conflict");
    assert_eq!(w.changes_count(), changes);
}

#[tokio::test]
async fn unknown_ids_in_mutations_are_rejected_results() {
    let w = World::start().await;
    let changes = w.changes_count();
    let device = Uuid::now_v7();
    let (s, v) = w
        .mutate(
            &w.kl_member.token,
            device,
            vec![
                mutation(1, register_observer(styrebord_core::MeetingId::from_uuid(Uuid::now_v7()), "KL", "o@kl.dk")),
                mutation(2, json!({"type": "comment_minutes", "minutes": Uuid::now_v7(), "comment": Uuid::now_v7(), "agenda_item": w.m0_item, "text": "x"})),
                mutation(3, json!({"type": "respond_procedure", "procedure": Uuid::now_v7(), "org": "KL", "response": {"kind": "agree"}})),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_error(&v["results"][0], "meeting_not_found");
    assert_error(&v["results"][1], "minutes_not_found");
    assert_error(&v["results"][2], "procedure_not_found");
    assert_eq!(w.changes_count(), changes);
}

#[tokio::test]
async fn blobs_full_range_etag_and_visibility() {
    let w = World::start().await;
    let path = format!("/v1/blobs/{}", w.published_sha);
    let (s, h, body) = w.get(&path, Some(&w.kl_obs.token)).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(body, w.published_bytes);
    let etag = format!("\"{}\"", w.published_sha);
    assert_eq!(h["etag"], etag.as_str());
    assert_eq!(h["accept-ranges"], "bytes");
    assert_eq!(
        h["content-length"],
        w.published_bytes.len().to_string().as_str()
    );

    // Upper-case hex names the same blob.
    let (s, _, body) = w
        .get(
            &path.to_uppercase().replace("/V1/BLOBS/", "/v1/blobs/"),
            Some(&w.kl_obs.token),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(body.len(), w.published_bytes.len());

    let (s, h, body) = w
        .get_with(&path, Some(&w.kl_member.token), &[("range", "bytes=10-19")])
        .await;
    assert_eq!(s, StatusCode::PARTIAL_CONTENT);
    assert_eq!(body, w.published_bytes[10..20]);
    assert_eq!(
        h["content-range"],
        format!("bytes 10-19/{}", w.published_bytes.len()).as_str()
    );

    let (s, _, body) = w
        .get_with(&path, Some(&w.kl_member.token), &[("range", "bytes=-5")])
        .await;
    assert_eq!(s, StatusCode::PARTIAL_CONTENT);
    let len = w.published_bytes.len();
    assert_eq!(body, w.published_bytes[len - 5..]);

    let (s, _, body) = w
        .get_with(
            &path,
            Some(&w.kl_member.token),
            &[("range", format!("bytes={}-", len - 10).as_str())],
        )
        .await;
    assert_eq!(s, StatusCode::PARTIAL_CONTENT);
    assert_eq!(body, w.published_bytes[len - 10..]);

    let (s, h, body) = w
        .get_with(
            &path,
            Some(&w.kl_member.token),
            &[("range", format!("bytes={len}-").as_str())],
        )
        .await;
    assert_eq!(s, StatusCode::RANGE_NOT_SATISFIABLE);
    assert_eq!(h["content-range"], format!("bytes */{len}").as_str());
    assert_error(
        &serde_json::from_slice(&body).unwrap(),
        "range_not_satisfiable",
    );

    let (s, h, body) = w
        .get_with(&path, Some(&w.kl_member.token), &[("if-none-match", &etag)])
        .await;
    assert_eq!(s, StatusCode::NOT_MODIFIED);
    assert!(body.is_empty());
    assert_eq!(h["etag"], etag.as_str());
    let (s, _, _) = w
        .get_with(
            &path,
            Some(&w.kl_member.token),
            &[("if-none-match", "\"other\"")],
        )
        .await;
    assert_eq!(s, StatusCode::OK);

    // The unpublished meeting's document: the secretariat only.
    let hidden = format!("/v1/blobs/{}", w.unpublished_sha);
    let (s, _, body) = w.get(&hidden, Some(&w.kl_member.token)).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_error(
        &serde_json::from_slice(&body).unwrap(),
        "document_not_published",
    );
    let (s, _, body) = w.get(&hidden, Some(&w.sec.token)).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(body, b"%PDF-1.7 budget draft");
    // Publishing the agenda opens it to everyone.
    styrebord_hub::admin::publish_agenda(&w.store, w.m2, d(TODAY)).unwrap();
    let (s, _, _) = w.get(&hidden, Some(&w.kl_member.token)).await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn a_blob_is_sent_with_its_blake3_and_an_older_blob_gets_one_once_its_file_matches() {
    let w = World::start().await;
    let path = format!("/v1/blobs/{}", w.published_sha);
    let blake3 = blake3::hash(&w.published_bytes).to_hex().to_string();
    let (s, h, _) = w.get(&path, Some(&w.kl_member.token)).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(h[styrebord_protocol::BLOB_BLAKE3_HEADER], blake3.as_str());
    // A resumed download gets the whole blob's digest: the app hashes what it already has.
    let (s, h, _) = w
        .get_with(&path, Some(&w.kl_member.token), &[("range", "bytes=10-")])
        .await;
    assert_eq!(s, StatusCode::PARTIAL_CONTENT);
    assert_eq!(h[styrebord_protocol::BLOB_BLAKE3_HEADER], blake3.as_str());

    // Blobs stored before the hub recorded BLAKE3 (migration 0004): sent without, so the app
    // checks their SHA-256; the hub records it on its next start, but only from a file that
    // still matches its SHA-256.
    let forget = |sha: &str| {
        w.store
            .write(|tx| {
                tx.execute("UPDATE blobs SET blake3 = NULL WHERE sha256 = ?1", [sha])
                    .map_err(styrebord_hub::HubError::from)
            })
            .unwrap();
    };
    forget(&w.published_sha);
    forget(&w.unpublished_sha);
    let (s, h, _) = w.get(&path, Some(&w.kl_member.token)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        h.get(styrebord_protocol::BLOB_BLAKE3_HEADER).is_none(),
        "{h:?}"
    );
    let damaged = styrebord_hub::blobs::blob_path(
        w.store.blob_dir(),
        &styrebord_core::meeting::Sha256::parse(&w.unpublished_sha).unwrap(),
    );
    std::fs::write(&damaged, b"%PDF-1.7 not what was published").unwrap();
    assert_eq!(
        styrebord_hub::blobs::record_missing_blake3(&w.store).unwrap(),
        1
    );
    let (_, h, _) = w.get(&path, Some(&w.kl_member.token)).await;
    assert_eq!(h[styrebord_protocol::BLOB_BLAKE3_HEADER], blake3.as_str());
    let (s, h, _) = w
        .get(
            &format!("/v1/blobs/{}", w.unpublished_sha),
            Some(&w.sec.token),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        h.get(styrebord_protocol::BLOB_BLAKE3_HEADER).is_none(),
        "{h:?}"
    );
}

#[tokio::test]
async fn bad_blob_ids_are_4xx_json() {
    let w = World::start().await;
    for (path, status, expected) in [
        (
            format!("/v1/blobs/{}", "ab".repeat(32)),
            StatusCode::NOT_FOUND,
            "blob_not_found",
        ),
        (
            "/v1/blobs/xyz".to_owned(),
            StatusCode::BAD_REQUEST,
            "blob_id_invalid",
        ),
        (
            "/v1/blobs/..%2F..%2Fhub.sqlite3".to_owned(),
            StatusCode::BAD_REQUEST,
            "blob_id_invalid",
        ),
        (
            format!("/v1/blobs/{}g", "a".repeat(63)),
            StatusCode::BAD_REQUEST,
            "blob_id_invalid",
        ),
        (
            "/v1/blobs/../../etc/passwd".to_owned(),
            StatusCode::NOT_FOUND,
            "not_found",
        ),
    ] {
        let (s, _, body) = w.get(&path, Some(&w.kl_member.token)).await;
        assert_eq!(s, status, "{path}");
        assert_error(&serde_json::from_slice(&body).unwrap(), expected);
    }
}

#[tokio::test]
async fn bad_input_is_a_specific_4xx_and_stores_nothing() {
    let w = World::start_with(4096).await;
    let t = &w.kl_member.token;
    let changes = w.changes_count();
    let device = Uuid::now_v7();
    let ok_mutation = mutation(1, register_observer(w.m3, "KL", "olga@kl.dk"));
    let cases: Vec<(Vec<u8>, &str, StatusCode, &str)> = vec![
        (b"{not json".to_vec(), "application/json", StatusCode::BAD_REQUEST, "json_invalid"),
        (br#"{"device_id": 5, "mutations": []}"#.to_vec(), "application/json", StatusCode::UNPROCESSABLE_ENTITY, "json_wrong_shape"),
        (
            serde_json::to_vec(&json!({"device_id": device, "mutations": [ok_mutation], "admin": true})).unwrap(),
            "application/json",
            StatusCode::UNPROCESSABLE_ENTITY,
            "json_wrong_shape",
        ),
        (
            serde_json::to_vec(&json!({"device_id": device, "mutations": [{"mutation_id": Uuid::now_v7(), "client_seq": 1}]})).unwrap(),
            "application/json",
            StatusCode::UNPROCESSABLE_ENTITY,
            "json_wrong_shape",
        ),
        (
            serde_json::to_vec(&json!({"device_id": device, "mutations": [{"mutation_id": "m1", "client_seq": 1, "op": {"type": "drop_everything"}}]})).unwrap(),
            "application/json",
            StatusCode::UNPROCESSABLE_ENTITY,
            "json_wrong_shape",
        ),
        (
            serde_json::to_vec(&json!({"device_id": device, "mutations": [ok_mutation]})).unwrap(),
            "text/plain",
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "content_type_invalid",
        ),
        (
            serde_json::to_vec(&json!({"device_id": device, "mutations": [ok_mutation], "pad": "x".repeat(5000)})).unwrap(),
            "application/json",
            StatusCode::PAYLOAD_TOO_LARGE,
            "body_too_large",
        ),
        (
            serde_json::to_vec(&json!({"device_id": device, "mutations": []})).unwrap(),
            "application/json",
            StatusCode::BAD_REQUEST,
            "batch_size_invalid",
        ),
        (
            serde_json::to_vec(&json!({"device_id": device, "mutations": [mutation(0, register_observer(w.m3, "KL", "o@kl.dk"))]})).unwrap(),
            "application/json",
            StatusCode::BAD_REQUEST,
            "client_seq_invalid",
        ),
    ];
    for (body, ct, status, expected) in cases {
        let (s, v) = w.post_raw("/v1/mutations", t, body, ct).await;
        assert_eq!(s, status, "{expected}: {v}");
        assert_error(&v, expected);
    }
    for (path, status, expected) in [
        (
            "/v1/changes?limit=0",
            StatusCode::BAD_REQUEST,
            "limit_out_of_range",
        ),
        (
            "/v1/changes?limit=1000000",
            StatusCode::BAD_REQUEST,
            "limit_out_of_range",
        ),
        (
            "/v1/changes?limit=-3",
            StatusCode::BAD_REQUEST,
            "limit_out_of_range",
        ),
        (
            "/v1/changes?since=yesterday",
            StatusCode::BAD_REQUEST,
            "cursor_invalid",
        ),
        (
            "/v1/changes?since=1.5&evil=1",
            StatusCode::BAD_REQUEST,
            "query_invalid",
        ),
        ("/v2/changes", StatusCode::NOT_FOUND, "not_found"),
    ] {
        let (s, v) = w.get_json(path, t).await;
        assert_eq!(s, status, "{path}: {v}");
        assert_error(&v, expected);
    }
    let resp = w
        .client
        .delete(format!("{}/v1/changes", w.base))
        .bearer_auth(t)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_error(&resp.json::<Value>().await.unwrap(), "method_not_allowed");
    assert_eq!(w.changes_count(), changes);
    // The device was never advanced by any of that: seq 1 still fits.
    let (s, v) = w
        .mutate(
            t,
            device,
            vec![mutation(1, register_observer(w.m3, "KL", "olga@kl.dk"))],
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["results"][0]["status"], "applied", "{v}");
}

#[tokio::test]
async fn graceful_stop() {
    let mut w = World::start().await;
    let hub = w.hub.take().unwrap();
    let addr = hub.addr;
    hub.stop().await.unwrap();
    assert!(styrebord_sync::http::client()
        .get(format!("http://{addr}/health"))
        .send()
        .await
        .is_err());
}

#[tokio::test]
async fn published_pdf_text_is_stored_and_served_to_members() {
    let w = World::start().await;
    let fonts = styrebord_pdf::Fonts::from_system().expect("system fonts (fonts-liberation2)");
    let doc = styrebord_pdf::PdfDocument::new("Driftsstatus for første kvartal")
        .heading("NemLog-in")
        .paragraph("Tilgængeligheden var 99,95 procent; vedligeholdelsesvinduet flyttes.")
        .page_break()
        .paragraph("Side to nævner Digital Post og ændringsønsker.");
    let bytes = styrebord_pdf::write_pdf(&doc, &fonts).unwrap();
    let file = w.dir.path().join("driftsstatus.pdf");
    std::fs::write(&file, &bytes).unwrap();
    let (d, _) = styrebord_hub::admin::publish_material(
        &w.store,
        &file,
        w.m1_item,
        None,
        common::d(common::TODAY),
    )
    .unwrap();

    // Stored with the blob, one string per page, for search.
    let conn =
        rusqlite::Connection::open(w.dir.path().join(styrebord_hub::store::DB_FILE)).unwrap();
    let text: String = conn
        .query_row(
            "SELECT text FROM blobs WHERE sha256 = ?1",
            [d.sha256.as_str()],
            |r| r.get(0),
        )
        .unwrap();
    let pages: Vec<String> = serde_json::from_str(&text).unwrap();
    assert_eq!(pages.len(), 2, "{pages:?}");
    for word in [
        "Driftsstatus",
        "kvartal",
        "NemLog-in",
        "vedligeholdelsesvinduet",
    ] {
        assert!(pages[0].contains(word), "{word} not in {:?}", pages[0]);
    }
    assert!(pages[1].contains("ændringsønsker"), "{:?}", pages[1]);

    // Served to whoever may see the document.
    let path = format!("/v1/blobs/{}/text", d.sha256.as_str());
    let (s, v) = w.get_json(&path, &w.kl_obs.token).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let served: styrebord_protocol::DocumentText = serde_json::from_value(v).unwrap();
    assert_eq!(served.sha256, d.sha256);
    assert_eq!(served.pages, pages);

    // Not a PDF: published, but no text (404 with a code); unpublished: 403 as for the bytes.
    let (s, v) = w
        .get_json(
            &format!("/v1/blobs/{}/text", w.published_sha),
            &w.kl_member.token,
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_error(&v, "text_not_available");
    let (s, v) = w
        .get_json(
            &format!("/v1/blobs/{}/text", w.unpublished_sha),
            &w.kl_member.token,
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_error(&v, "document_not_published");
}

#[tokio::test]
async fn status_for_a_system_outside_the_portfolio_is_rejected() {
    let w = World::start().await;
    let status = |system: &str| {
        json!({"type": "record_quarterly_status", "status": {
            "system": system, "quarter": "2026-Q1", "light": "green",
            "availability_percent": 99.9, "major_incidents": 0, "note": ""}})
    };
    let before = w.changes_count();
    let (s, v) = w
        .mutate(
            &w.sec.token,
            Uuid::now_v7(),
            vec![mutation(1, status("NOPE")), mutation(2, status("MITID"))],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["results"][0]["status"], "rejected");
    assert_error(&v["results"][0], "system_not_in_portfolio");
    assert!(v["results"][0]["message_da"]
        .as_str()
        .unwrap()
        .starts_with("NOPE er ikke med i porteføljen"));
    assert_eq!(v["results"][1]["status"], "applied", "{v}");
    assert_eq!(w.changes_count(), before + 1);
}

#[tokio::test]
async fn approving_with_a_changed_decision_keeps_the_draft_text_in_the_feed() {
    let w = World::start().await;
    let sent = "Køreplanen blev godkendt.";
    let last = "Køreplanen blev godkendt. KL leverer sine datoer senest 1. april.";
    admin::close_comments(&w.store, w.m0, d(TODAY)).unwrap();
    // An item the minutes do not cover is refused, and nothing changes.
    assert!(admin::approve_minutes(
        &w.store,
        w.m0,
        w.m1,
        vec![(w.m1_item, last.into())],
        d("2026-03-12")
    )
    .is_err());
    admin::approve_minutes(
        &w.store,
        w.m0,
        w.m1,
        vec![(w.m0_item, last.into())],
        d("2026-03-12"),
    )
    .unwrap();

    let member = w.all_changes(&w.kl_member.token).await;
    let minutes = member
        .iter()
        .rev()
        .find(|c| c["kind"] == "minutes")
        .unwrap();
    let body = &minutes["body"];
    assert_eq!(body["draft"]["state"], "approved");
    assert_eq!(body["draft"]["decisions"][0]["text"], last);
    assert_eq!(body["draft_decisions"][0]["text"], sent);
    assert_eq!(
        body["draft_decisions"][0]["agenda_item"],
        w.m0_item.to_string()
    );
    // Approved minutes are final.
    assert!(admin::approve_minutes(
        &w.store,
        w.m0,
        w.m1,
        vec![(w.m0_item, sent.into())],
        d("2026-03-12")
    )
    .is_err());
}

#[tokio::test]
async fn approving_unchanged_minutes_adds_no_draft_text() {
    let w = World::start().await;
    admin::approve_minutes(&w.store, w.m0, w.m1, vec![], d("2026-03-12")).unwrap();
    let member = w.all_changes(&w.kl_member.token).await;
    let body = &member
        .iter()
        .rev()
        .find(|c| c["kind"] == "minutes")
        .unwrap()["body"];
    assert_eq!(body["draft"]["state"], "approved");
    assert!(body.get("draft_decisions").is_none(), "{body}");
}

/// Publishing by changing a meeting's status over HTTP is the same act as `publish_agenda`: the
/// members get the agenda and its material with it, and the material's bytes at once.
#[tokio::test]
async fn a_meeting_published_by_upsert_announces_its_agenda_and_material() {
    let w = World::start().await;
    let before = w.all_changes(&w.kl_member.token).await;
    assert!(!before
        .iter()
        .any(|c| c["kind"] == "agenda_item" && c["body"]["meeting"] == w.m2.to_string()));
    let sec = w.all_changes(&w.sec.token).await;
    let mut june = sec
        .iter()
        .rfind(|c| c["kind"] == "meeting" && c["body"]["id"] == w.m2.to_string())
        .unwrap()["body"]
        .clone();
    june["status"] = "published".into();
    let (s, v) = w
        .mutate(
            &w.sec.token,
            Uuid::now_v7(),
            vec![mutation(
                1,
                json!({ "type": "upsert_meeting", "meeting": june }),
            )],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["results"][0]["status"], "applied", "{v}");
    let after = w.all_changes(&w.kl_member.token).await;
    assert!(after
        .iter()
        .any(|c| c["kind"] == "agenda_item" && c["body"]["meeting"] == w.m2.to_string()));
    let (status, _, _) = w
        .get(
            &format!("/v1/blobs/{}", w.unpublished_sha),
            Some(&w.kl_member.token),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "the June material is members' now");
}

/// One objection in a written procedure puts the case on the next meeting's agenda, linked to
/// the procedure, and members see it there.
#[tokio::test]
async fn an_objection_puts_the_case_on_the_next_meetings_agenda() {
    let w = World::start().await;
    let op = json!({
        "type": "respond_procedure",
        "procedure": w.procedure,
        "org": "KL",
        "response": { "kind": "object", "text": "Vinduet rammer kommunernes lønkørsel." },
    });
    let (s, v) = w
        .mutate(&w.kl_member.token, Uuid::now_v7(), vec![mutation(1, op)])
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let result = &v["results"][0];
    assert_eq!(result["status"], "applied", "{v}");
    assert_eq!(result["notices"][0]["code"], "case_moved_to_meeting", "{v}");
    let member = w.all_changes(&w.dr_member.token).await;
    let item = member
        .iter()
        .rfind(|c| c["kind"] == "agenda_item" && c["body"]["procedure"] == w.procedure.to_string())
        .expect("the case on an agenda");
    // The next meeting after 2 March is 12 March.
    assert_eq!(item["body"]["meeting"], w.m1.to_string());
    assert_eq!(
        item["body"]["title"],
        "Skriftlig procedure: Godkendelse af vedligeholdelsesvindue"
    );
    assert!(item["body"]["description"]
        .as_str()
        .unwrap()
        .contains("KL gjorde den 2. marts 2026 indsigelse"));
}

/// The secretariat takes an item off a published agenda and cancels a meeting: members are told
/// to drop the item, the rest move up, and they see why the meeting was cancelled.
#[tokio::test]
async fn withdrawing_an_item_and_cancelling_a_meeting_reach_the_members() {
    let w = World::start().await;
    let (_, before) = w
        .get_json("/v1/changes?limit=1000", &w.kl_member.token)
        .await;
    let cursor = before["cursor"].as_str().unwrap().to_owned();
    let items = w.count("agenda_item");
    // March's agenda: the approval of February's minutes (1), then the status item (2).
    let ops = vec![
        mutation(
            1,
            json!({ "type": "withdraw_agenda_item", "item": w.m1_item }),
        ),
        mutation(
            2,
            json!({ "type": "cancel_meeting", "meeting": w.m3, "reason": "Flyttes til april." }),
        ),
    ];
    let (s, v) = w.mutate(&w.sec.token, Uuid::now_v7(), ops).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert!(
        v["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["status"] == "applied"),
        "{v}"
    );
    let (_, page) = w
        .get_json(
            &format!("/v1/changes?since={cursor}&limit=1000"),
            &w.kl_member.token,
        )
        .await;
    let changes = page["changes"].as_array().unwrap();
    assert!(changes.iter().any(|c| c["kind"] == "withdrawn"
        && c["body"]["of"] == "agenda_item"
        && c["body"]["id"] == w.m1_item.to_string()));
    let cancelled = changes
        .iter()
        .rfind(|c| c["kind"] == "meeting" && c["body"]["id"] == w.m3.to_string())
        .unwrap();
    assert_eq!(cancelled["body"]["status"], "cancelled");
    assert_eq!(
        cancelled["body"]["cancellation_reason"],
        "Flyttes til april."
    );
    // The item is gone from the hub too, and withdrawing it again is refused.
    assert_eq!(w.count("agenda_item"), items - 1);
    let again = vec![mutation(
        1,
        json!({ "type": "withdraw_agenda_item", "item": w.m1_item }),
    )];
    let (_, v) = w.mutate(&w.sec.token, Uuid::now_v7(), again).await;
    assert_eq!(v["results"][0]["code"], "agenda_item_not_found", "{v}");
}

/// `wait` holds an up-to-date poll open until something changes, then answers at once; a bad
/// `wait` is refused.
#[tokio::test]
async fn a_long_poll_answers_when_the_log_grows() {
    let w = World::start().await;
    let (s, v) = w.get_json("/v1/changes?wait=31", &w.kl_member.token).await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("wait_invalid"))
    );
    let feed = w
        .get_json("/v1/changes?limit=1000", &w.kl_member.token)
        .await
        .1;
    let cursor = feed["cursor"].as_str().unwrap().to_owned();
    // Nothing new: held for the second asked, then an empty page.
    let started = std::time::Instant::now();
    let (s, v) = w
        .get_json(
            &format!("/v1/changes?since={cursor}&wait=1"),
            &w.kl_member.token,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(v["changes"].as_array().unwrap().is_empty());
    assert!(started.elapsed() >= std::time::Duration::from_millis(900));
    // Something new while it waits: answered with it.
    let poll = {
        let (client, base, token) = (w.client.clone(), w.base.clone(), w.kl_member.token.clone());
        let cursor = cursor.clone();
        tokio::spawn(async move {
            client
                .get(format!("{base}/v1/changes?since={cursor}&wait=30"))
                .bearer_auth(token)
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let (s, _) = w
        .mutate(
            &w.kl_member.token,
            Uuid::now_v7(),
            vec![mutation(1, register_observer(w.m3, "KL", "olga@kl.dk"))],
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let page = tokio::time::timeout(std::time::Duration::from_secs(10), poll)
        .await
        .expect("answered before its 30 s were up")
        .unwrap();
    assert!(page["changes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["kind"] == "registration"));
}
