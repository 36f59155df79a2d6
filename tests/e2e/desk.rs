//! The secretariat's desk in the real window, against a hub made with `init`: the secretariat
//! signs in with its own token, gets the desk (a member never does), builds an agenda by the
//! form, publishes it (asked first, since it is late), and runs the meeting live; the member's
//! window, signed in to the same hub, sees the agenda and follows the item being dealt with
//! change within seconds (the long poll). A desk call forged from the member's window is refused.

use std::time::Duration;

use serde_json::{json, Value};

use crate::harness::App;
use crate::hub::{cli, invite, Hub};

const ITEM: &str = "Hændelse i NemLog-in den 2. november";
/// A tiny file the hub accepts as PDF (it checks the header) and extracts no text from.
const PDF: &str = "%PDF-1.7\n% Hændelsesrapport\n%%EOF\n";

async fn act_over_http(hub: &Hub, token: &str, op: Value) -> Value {
    let body = json!({"device_id": uuid::Uuid::now_v7(),
        "mutations": [{"mutation_id": uuid::Uuid::now_v7(), "client_seq": 1, "op": op}]});
    styrebord_sync::http::client()
        .post(format!("{}/v1/mutations", hub.url()))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .expect("POST /v1/mutations")
        .json()
        .await
        .expect("JSON")
}

#[tokio::test(flavor = "current_thread")]
async fn the_secretariat_builds_and_runs_a_meeting_at_the_desk_and_the_member_follows_it() {
    let data = tempfile::tempdir().unwrap();
    let data = data.path();
    let today = crate::harness::test_day();
    // Installation: the database and the secretariat's account; the rest is the desk's.
    cli(data, &["init"]);
    let sec = invite(
        data,
        "DIGST",
        "secretariat",
        "Sara Sekretær",
        "sara@digst.dk",
    );
    let member = invite(data, "KL", "member", "Karin Medlem", "karin@kl.dk");
    let port = crate::harness::free_port();
    let hub = Hub::serve(
        data,
        port,
        json!({ "secretariat": { "token": sec }, "member": { "token": member } }),
    );

    // The secretariat's window: the desk is in its menu.
    let home = tempfile::tempdir().unwrap();
    let desk = App::launch_in(home.path(), &[]).await;
    desk.sign_in(&hub.url(), &hub.token("secretariat")).await;
    desk.click(r#"[data-route="desk"]"#).await;
    assert!(desk
        .text_of(r#"[data-testid="desk-year"]"#)
        .await
        .contains(&today.format("%Y").to_string()));
    // A meeting today (an extra one), through the desk's own command as the form sends it.
    let meeting = uuid::Uuid::now_v7().to_string();
    desk.invoke(
        "desk_act",
        json!({ "op": { "type": "upsert_meeting", "meeting": { "id": meeting, "kind": "extra",
            "date": today.to_string(), "start": "09:00:00", "end": null, "location": "Landgreven 4",
            "attendance": "in_person", "status": "planned" } } }),
    )
    .await
    .expect("the desk plans a meeting");
    desk.goto(&format!("#/sekretariat/{meeting}")).await;
    desk.type_into(r#"[data-testid="desk-add-item"] input"#, ITEM)
        .await;
    desk.click(r#"[data-testid="desk-add-item"] button[type="submit"]"#)
        .await;
    desk.wait_until(
        "the item on the desk's agenda",
        Duration::from_secs(20),
        || async {
            desk.text_now(r#"[data-testid="desk-items"]"#)
                .await?
                .contains(ITEM)
                .then_some(())
        },
    )
    .await;
    // Material: a PDF handed to the desk's upload as the raw IPC body (as the file picker does),
    // then published on the item.
    let uploaded = desk
        .client
        .execute_async(
            r#"const [text, done] = arguments;
               window.__TAURI_INTERNALS__.invoke("desk_upload", new TextEncoder().encode(text))
                 .then((ok) => done({ ok }), (err) => done({ err }));"#,
            vec![PDF.into()],
        )
        .await
        .expect("desk_upload");
    let sha = uploaded["ok"]["sha256"]
        .as_str()
        .unwrap_or_else(|| panic!("upload refused: {uploaded}"))
        .to_owned();
    let items = desk
        .invoke("desk_meeting", json!({ "meeting": meeting }))
        .await
        .expect("desk meeting")["items"]
        .clone();
    let document = uuid::Uuid::now_v7().to_string();
    desk.invoke(
        "desk_act",
        json!({ "op": { "type": "publish_document", "document": document, "meeting": meeting,
            "agenda_item": items[0]["id"], "title": "Hændelsesrapport", "sha256": sha } }),
    )
    .await
    .expect("the desk publishes the uploaded PDF");
    // (The desk's screenshots are taken in desk_round.rs, which runs the whole meeting.)
    // The page has settled with the published PDF on the item (a click during the re-render that
    // brings it could land beside the button).
    desk.wait_until("the PDF on the item", Duration::from_secs(20), || async {
        desk.text_now(r#"[data-testid="desk-material"]"#)
            .await?
            .contains("Hændelsesrapport (v1)")
            .then_some(())
    })
    .await;
    // Today's meeting is late by the six-working-day rule: the desk says so, and asks once more.
    assert!(desk
        .text_of(r#"[data-testid="desk-late"]"#)
        .await
        .contains("for sent"));
    desk.click(r#"[data-testid="desk-publish"]"#).await;
    desk.wait_until(
        "the desk to ask once more",
        Duration::from_secs(10),
        || async {
            let label = desk.text_now(r#"[data-testid="desk-publish"]"#).await?;
            (label.trim() == "Send alligevel").then_some(())
        },
    )
    .await;
    desk.click(r#"[data-testid="desk-publish"]"#).await;
    // The hub gets the acts once each (the desk's outbox delivers them).
    let item_id = hub
        .all_changes()
        .await
        .iter()
        .rev()
        .find(|c| c["kind"] == "agenda_item" && c["body"]["title"] == ITEM)
        .map(|c| c["body"]["id"].as_str().unwrap().to_owned());
    let item_id = match item_id {
        Some(id) => id,
        None => {
            desk.wait_until("the item at the hub", Duration::from_secs(30), || async {
                hub.all_changes()
                    .await
                    .iter()
                    .find(|c| c["kind"] == "agenda_item" && c["body"]["title"] == ITEM)
                    .map(|c| c["body"]["id"].as_str().unwrap().to_owned())
            })
            .await
        }
    };
    desk.wait_until(
        "the agenda published at the hub",
        Duration::from_secs(30),
        || async {
            hub.all_changes()
                .await
                .iter()
                .rev()
                .find(|c| c["kind"] == "meeting" && c["body"]["id"] == meeting.as_str())
                .filter(|c| c["body"]["status"] == "published")
                .map(|_| ())
        },
    )
    .await;
    desk.close().await;

    // The member's window: no desk, the agenda arrives.
    let home = tempfile::tempdir().unwrap();
    let app = App::launch_in(home.path(), &[]).await;
    app.sign_in(&hub.url(), &hub.token("member")).await;
    app.wait_until("the agenda to arrive", Duration::from_secs(60), || async {
        let view = app.invoke("meeting", json!({ "id": meeting })).await.ok()?;
        (view["agenda"].as_array()?.len() == 1).then_some(())
    })
    .await;
    // The material reads from the member's own disk (checked against its hash on the read).
    let length = app
        .wait_until(
            "the PDF on the member's disk",
            Duration::from_secs(60),
            || async {
                let answer = app
                    .client
                    .execute_async(
                        r#"const [sha256, done] = arguments;
                       window.__TAURI_INTERNALS__.invoke("document_bytes", { sha256 })
                         .then((b) => done({ ok: b.byteLength }), (err) => done({ err }));"#,
                        vec![sha.clone().into()],
                    )
                    .await
                    .ok()?;
                answer["ok"].as_u64()
            },
        )
        .await;
    assert_eq!(length, PDF.len() as u64);
    let menu = app.text_of("nav").await;
    assert!(!menu.contains("Sekretariatet"), "a member's menu: {menu}");
    let forged = app
        .invoke(
            "desk_act",
            json!({ "op": { "type": "publish_agenda", "meeting": meeting } }),
        )
        .await
        .expect_err("a member's desk act is refused");
    assert_eq!(forged["code"], "secretariat_only");

    // The meeting is run live: the member's page follows the item being dealt with.
    app.goto(&format!("#/moeder/{meeting}")).await;
    let r = act_over_http(
        &hub,
        &hub.token("secretariat"),
        json!({"type": "set_current_item", "meeting": meeting, "item": item_id}),
    )
    .await;
    assert_eq!(r["results"][0]["status"], "applied", "{r}");
    app.wait_until(
        "the live item on the member's page",
        Duration::from_secs(15),
        || async {
            let text = app.text_now(r#"[data-testid="meeting-live"]"#).await?;
            text.contains(ITEM).then_some(())
        },
    )
    .await;
    let r = act_over_http(
        &hub,
        &hub.token("secretariat"),
        json!({"type": "record_live_decision", "meeting": meeting, "item": item_id,
               "text": "Styregruppen tog hændelsen til efterretning."}),
    )
    .await;
    assert_eq!(r["results"][0]["status"], "applied", "{r}");
    app.wait_until(
        "the decision on the member's page",
        Duration::from_secs(15),
        || async {
            let text = app.text_now(r#"[data-testid="live-decision"]"#).await?;
            text.contains("tog hændelsen til efterretning")
                .then_some(())
        },
    )
    .await;
    app.close().await;
}
