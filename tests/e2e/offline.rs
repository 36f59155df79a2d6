//! The member's promise: what they do offline is delivered to the hub exactly once, across a
//! restart of the app — and a rule's "no" is given offline in Danish.

use std::time::Duration;

use serde_json::{json, Value};

use crate::harness::App;
use crate::hub::Hub;

const OBSERVER: &str = "Bisidder Offline-Testesen";
const COMMENT: &str = "Kommentar skrevet uden net: præcisér ansvaret for driftsvinduet.";

async fn wait_for_first_sync(app: &App) -> Value {
    app.wait_until(
        "the first sync with materials",
        Duration::from_secs(60),
        || async {
            let overview = app.invoke("overview", json!({})).await.ok()?;
            let blobs = &overview["sync"]["blobs"];
            let ready = overview["next_meeting"].is_object()
                && overview["open_comment_rounds"]
                    .as_array()
                    .is_some_and(|r| !r.is_empty())
                && blobs["available"].as_u64().unwrap_or(0) > 0
                && blobs["queued"].as_u64() == Some(0)
                && blobs["downloading"].as_u64() == Some(0);
            ready.then_some(overview)
        },
    )
    .await
}

/// Reads a document's bytes over IPC as the reader does; returns the byte count.
async fn document_length(app: &App, sha256: &str) -> Result<u64, Value> {
    let script = r#"
        const [sha256, done] = arguments;
        window.__TAURI_INTERNALS__.invoke("document_bytes", { sha256 })
            .then((b) => done({ ok: b.byteLength }), (err) => done({ err }));
    "#;
    let answer = app
        .client
        .execute_async(script, vec![sha256.into()])
        .await
        .expect("execute");
    answer["ok"].as_u64().ok_or(answer["err"].clone())
}

#[tokio::test(flavor = "current_thread")]
async fn offline_writes_reach_the_hub_exactly_once_after_a_restart() {
    let home = tempfile::tempdir().unwrap();
    let hub_dir = tempfile::tempdir().unwrap();
    let port = crate::harness::free_port();
    let mut hub = Hub::demo(hub_dir.path(), port);

    // First run: sign in with the hub's address and the member's invitation token.
    let app = App::launch_in(home.path(), &[]).await;
    app.sign_in(&hub.url(), &hub.token("member")).await;
    app.wait_until(
        "the UI to be signed in",
        Duration::from_secs(20),
        || async {
            let s = app.invoke("session_state", json!({})).await.ok()?;
            (s["mode"] == "hub").then_some(())
        },
    )
    .await;
    let overview = wait_for_first_sync(&app).await;
    let meeting = overview["next_meeting"]["meeting"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let minutes = &overview["open_comment_rounds"][0]["draft"];
    let view = app
        .invoke("meeting", json!({ "id": meeting }))
        .await
        .unwrap();
    let doc = view["agenda"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|i| i["documents"].as_array().cloned().unwrap_or_default())
        .find(|d| d["blob"] == "available")
        .expect("an available document for the upcoming meeting");
    let sha = doc["document"]["sha256"].as_str().unwrap().to_string();
    let size = doc["document"]["size_bytes"].as_u64().unwrap();

    // The train: no hub. Everything below goes through the UI, as the member would.
    hub.stop();
    assert_eq!(
        document_length(&app, &sha).await,
        Ok(size),
        "material reads offline"
    );
    let doc_id = doc["document"]["id"].as_str().unwrap();
    app.goto(&format!("#/dokument/{doc_id}")).await;
    app.wait_until(
        "the reader to draw page 1 offline",
        Duration::from_secs(20),
        || async {
            let drawn = app
                .client
                .execute(
                    r#"const c = document.querySelector('[data-testid="reader-canvas"]');
                   return !!c && c.width > 100 && c.height > 100
                          && !document.querySelector('[data-testid="reader-error"]');"#,
                    vec![],
                )
                .await
                .ok()?;
            (drawn == Value::Bool(true)).then_some(())
        },
    )
    .await;

    app.goto(&format!("#/moeder/{meeting}")).await;
    app.click(r#"[data-testid="register-kind-observer"]"#).await;
    app.type_into(r#"[data-testid="register-name"]"#, OBSERVER)
        .await;
    app.type_into(r#"[data-testid="register-email"]"#, "bisidder@atp.dk")
        .await;
    app.click(r#"[data-testid="register-submit"]"#).await;
    let pending = app
        .text_of(r#"[data-testid="registration-item"][data-state="pending"]"#)
        .await;
    assert!(pending.contains(OBSERVER), "shown as pending: {pending}");

    // A second observer for the same organisation is refused offline, in Danish.
    app.click(r#"[data-testid="register-kind-observer"]"#).await;
    app.type_into(r#"[data-testid="register-name"]"#, "Anden Bisidder")
        .await;
    app.type_into(r#"[data-testid="register-email"]"#, "anden@atp.dk")
        .await;
    app.click(r#"[data-testid="register-submit"]"#).await;
    let refusal = app.text_of(r#"[data-testid="registration-error"]"#).await;
    assert!(refusal.contains("én bisidder"), "Danish refusal: {refusal}");

    let minutes_meeting = minutes["meeting"].as_str().unwrap();
    app.goto(&format!("#/referater/{minutes_meeting}")).await;
    app.type_into(r#"[data-testid="comment-text"]"#, COMMENT)
        .await;
    app.click(r#"[data-testid="comment-submit"]"#).await;
    app.wait_until(
        "the comment to be saved locally",
        Duration::from_secs(10),
        || async {
            let status = app.text_of(r#"[data-testid="comment-status"]"#).await;
            (!status.is_empty()).then_some(())
        },
    )
    .await;

    let outbox = app.invoke("outbox", json!({})).await.unwrap();
    let pending: Vec<Value> = outbox
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["state"] != "applied")
        .cloned()
        .collect();
    assert_eq!(pending.len(), 2, "both writes wait in the outbox: {outbox}");
    let ids: Vec<Value> = pending.iter().map(|e| e["mutation_id"].clone()).collect();

    // Quit and start again, still offline; then the hub comes back.
    app.close().await;
    let app = App::launch_in(home.path(), &[]).await;
    app.wait_until(
        "the saved session to resume",
        Duration::from_secs(20),
        || async {
            let s = app.invoke("session_state", json!({})).await.ok()?;
            (s["mode"] == "hub").then_some(())
        },
    )
    .await;
    hub.start();
    app.invoke("sync_now", json!({})).await.unwrap();
    app.wait_until(
        "both writes to be delivered",
        Duration::from_secs(60),
        || async {
            // Delivered = no longer waiting in the outbox (applied entries are pruned once the
            // pulled cursor passes them, so absence counts too).
            let outbox = app.invoke("outbox", json!({})).await.ok()?;
            let waiting = outbox
                .as_array()?
                .iter()
                .filter(|e| ids.contains(&e["mutation_id"]) && e["state"] != "applied")
                .count();
            (waiting == 0).then_some(())
        },
    )
    .await;

    // The hub holds each write exactly once.
    let changes = hub.all_changes().await;
    let observers = changes
        .iter()
        .filter(|c| c["kind"] == "registration" && c["body"]["name"] == OBSERVER)
        .count();
    let comments = changes
        .iter()
        .filter(|c| c["kind"] == "minutes_comment" && c["body"]["text"] == COMMENT)
        .count();
    assert_eq!((observers, comments), (1, 1), "exactly once at the hub");
    // And the app shows the hub's confirmed registration, not a pending copy of its own.
    let view = app
        .invoke("meeting", json!({ "id": meeting }))
        .await
        .unwrap();
    let mine: Vec<&Value> = view["registrations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["registration"]["name"] == OBSERVER)
        .collect();
    assert_eq!(mine.len(), 1, "{view}");
    assert_eq!(mine[0]["pending"], false);
    app.close().await;
}
