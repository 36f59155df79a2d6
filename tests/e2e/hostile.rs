//! Nothing from the hub is ever rendered as HTML: a hostile agenda title shows as text.

use std::process::Command;
use std::time::Duration;

use serde_json::json;

use crate::harness::App;
use crate::hub::{hub_binary, Hub};

const HOSTILE: &str = r#"<img src=x onerror="window.__pwned=1"> Punkt <b>fed</b>"#;

#[tokio::test(flavor = "current_thread")]
async fn a_hostile_agenda_title_shows_as_text() {
    let home = tempfile::tempdir().unwrap();
    let hub_dir = tempfile::tempdir().unwrap();
    let hub = Hub::demo(hub_dir.path(), crate::harness::free_port());
    let app = App::launch_in(home.path(), &[]).await;
    app.sign_in(&hub.url(), &hub.token("member")).await;
    let meeting = app
        .wait_until("the first sync", Duration::from_secs(60), || async {
            let o = app.invoke("overview", json!({})).await.ok()?;
            o["next_meeting"]["meeting"]["id"]
                .as_str()
                .map(String::from)
        })
        .await;

    // The secretariat adds an agenda item with markup in its title, while the hub runs.
    let out = Command::new(hub_binary())
        .arg("--data")
        .arg(hub_dir.path())
        .args(["add-item", "--meeting", &meeting, "--title", HOSTILE])
        .output()
        .expect("styrebord-hub add-item");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    app.invoke("sync_now", json!({})).await.unwrap();
    app.wait_until(
        "the new item to arrive",
        Duration::from_secs(30),
        || async {
            let v = app.invoke("meeting", json!({ "id": meeting })).await.ok()?;
            let items = v["agenda"].as_array()?;
            items
                .iter()
                .any(|i| i["item"]["title"] == HOSTILE)
                .then_some(())
        },
    )
    .await;

    app.goto(&format!("#/moeder/{meeting}")).await;
    app.wait_until(
        "the title shown as text",
        Duration::from_secs(10),
        || async {
            let text = app.text_of("main").await;
            text.contains(HOSTILE).then_some(())
        },
    )
    .await;
    let injected = app
        .client
        .execute(
            r#"return [window.__pwned === 1,
                       document.querySelectorAll('main img[src="x"], main b').length];"#,
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        injected,
        json!([false, 0]),
        "markup in hub data must not become elements"
    );
    app.close().await;
}
