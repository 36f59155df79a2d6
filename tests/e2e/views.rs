//! Every view in demo mode: it renders in the real window, has a Danish heading, and gets a
//! screenshot in docs/screenshots/ (the README shows the overview).

use std::time::Duration;

use fantoccini::Locator;
use serde_json::json;

use crate::harness::App;

const VIEWS: &[(&str, &str, &str)] = &[
    ("overview", "#/overblik", "Overblik"),
    ("meetings", "#/moeder", "Møder"),
    ("minutes", "#/referater", "Referater"),
    ("written", "#/skriftlige-sager", "Skriftlige sager"),
    ("portfolio", "#/portefoelje", "Portefølje"),
    ("roadmap", "#/roadmap", "Roadmap"),
    ("search", "#/soeg?q=drift", "Søg"),
    ("settings", "#/indstillinger", "Indstillinger"),
];

#[tokio::test(flavor = "current_thread")]
async fn demo_mode_shows_every_view_with_screenshots() {
    let home = tempfile::tempdir().unwrap();
    let app = App::launch_in(home.path(), &["--demo"]).await;
    app.wait_until("the demo to sync", Duration::from_secs(90), || async {
        let o = app.invoke("overview", json!({})).await.ok()?;
        let ready = o["next_meeting"].is_object()
            && o["sync"]["blobs"]["queued"].as_u64() == Some(0)
            && o["sync"]["blobs"]["downloading"].as_u64() == Some(0);
        ready.then_some(())
    })
    .await;
    for (name, hash, title) in VIEWS {
        app.client
            .execute(&format!("location.hash = {hash:?}"), vec![])
            .await
            .expect("navigate");
        let heading = app.text_of("h1").await;
        assert_eq!(&heading, title, "heading of {name}");
        // Let the view fetch and render its data before the picture is taken.
        tokio::time::sleep(Duration::from_millis(700)).await;
        app.save_screenshot_to_docs(name).await;
    }
    // The reader, on the first material of the next meeting.
    let overview = app.invoke("overview", json!({})).await.unwrap();
    let meeting = overview["next_meeting"]["meeting"]["id"].as_str().unwrap();
    let view = app
        .invoke("meeting", json!({ "id": meeting }))
        .await
        .unwrap();
    let doc = view["agenda"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|i| i["documents"].as_array().cloned().unwrap_or_default())
        .next()
        .expect("a document");
    app.goto(&format!(
        "#/dokument/{}",
        doc["document"]["id"].as_str().unwrap()
    ))
    .await;
    tokio::time::sleep(Duration::from_millis(2500)).await;
    app.save_screenshot_to_docs("reader").await;
    let errors = app
        .client
        .find_all(Locator::Css(r#"[data-testid="reader-error"]"#))
        .await
        .unwrap();
    for e in errors {
        panic!("reader error: {}", e.text().await.unwrap());
    }
    app.close().await;
}
