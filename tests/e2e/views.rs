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

/// axe-core (the UI's own dev dependency) run inside the real WebKit window, where colour
/// contrast can be computed too; returns the serious and critical violations.
pub(crate) async fn axe_serious_violations(app: &App) -> Vec<serde_json::Value> {
    let axe_path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../ui/node_modules/axe-core/axe.min.js"
    );
    let source = std::fs::read_to_string(axe_path).expect("axe-core is installed by npm ci");
    // WebDriver scripts are not subject to the page's CSP; the app itself never loads axe.
    app.client
        .execute(
            &format!("{source}\n;window.axe = axe; return true;"),
            vec![],
        )
        .await
        .expect("inject axe-core");
    let result = app
        .client
        .execute_async(
            r#"const done = arguments[0];
               window.axe.run(document, { resultTypes: ["violations"] })
                 .then((r) => done(r.violations.map((v) => ({
                     id: v.id, impact: v.impact, help: v.help,
                     nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }))),
                       (e) => done([{ id: "axe-error", impact: "critical", help: String(e) }]));"#,
            vec![],
        )
        .await
        .expect("run axe");
    result
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
        .collect()
}

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
    // The accessibility check itself must be able to fail: a button with no name is critical.
    app.client
        .execute(
            r#"const b = document.createElement("button"); b.id = "axe-canary";
               document.querySelector("main").appendChild(b); return true;"#,
            vec![],
        )
        .await
        .unwrap();
    let canary = axe_serious_violations(&app).await;
    assert!(
        canary.iter().any(|v| v["id"] == "button-name"),
        "axe must see a nameless button: {canary:#?}"
    );
    app.client
        .execute(
            r#"document.getElementById("axe-canary").remove(); return true;"#,
            vec![],
        )
        .await
        .unwrap();
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
        let serious = axe_serious_violations(&app).await;
        assert!(serious.is_empty(), "axe on {name}: {serious:#?}");
    }
    // The decision log from the Rust side's `decision_log`, one table row per decision.
    let log = app
        .invoke("decision_log", json!({}))
        .await
        .expect("decision_log");
    let decisions = log.as_array().expect("a list").len();
    assert!(decisions > 0, "the demo's minutes hold decisions");
    app.goto("#/referater").await;
    let rows = app
        .wait_until(
            "the decision log's rows",
            Duration::from_secs(10),
            || async {
                let rows = app
                    .client
                    .find_all(Locator::Css(r#"[data-testid="decision-log"] tbody tr"#))
                    .await
                    .ok()?;
                (!rows.is_empty()).then_some(rows.len())
            },
        )
        .await;
    assert_eq!(rows, decisions);

    // The next meeting's page: agenda, attendance with names, the escalation state of an item.
    let overview = app.invoke("overview", json!({})).await.unwrap();
    let next = overview["next_meeting"]["meeting"]["id"].as_str().unwrap();
    app.goto(&format!("#/moeder/{next}")).await;
    let escalation = app.text_of(r#"[data-testid="escalation"]"#).await;
    assert!(escalation.contains("PSTG"), "{escalation}");
    let attendance = app.text_of(r#"[data-testid="attendance"]"#).await;
    assert!(attendance.contains("Medlem"), "{attendance}");
    tokio::time::sleep(Duration::from_millis(500)).await;
    app.save_screenshot_to_docs("meeting").await;
    let serious = axe_serious_violations(&app).await;
    assert!(serious.is_empty(), "axe on the meeting page: {serious:#?}");

    // The calendar export: one VEVENT per meeting of the plan, no invitation semantics.
    let exported = app
        .invoke("export_calendar", json!({ "language": "da" }))
        .await
        .expect("export_calendar");
    let ics = std::fs::read_to_string(exported["path"].as_str().unwrap()).expect("the .ics file");
    let plan = app
        .invoke("meeting_plan", json!({ "year": null }))
        .await
        .unwrap();
    assert_eq!(
        ics.matches("BEGIN:VEVENT").count(),
        plan.as_array().unwrap().len(),
        "{ics}"
    );
    assert!(ics.contains("SUMMARY:Driftsstyregruppen: møde") && !ics.contains("METHOD"));

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
    // At the default zoom the page fits its frame: nothing cut off, no sideways scrolling.
    let (page_width, frame_width) = app
        .wait_until("the page to be drawn", Duration::from_secs(20), || async {
            let sizes = app
                .client
                .execute(
                    r#"const c = document.querySelector('[data-testid="reader-canvas"]');
                       return c && c.style.width ? [c.getBoundingClientRect().width, c.closest('.viewer').clientWidth] : null;"#,
                    vec![],
                )
                .await
                .ok()?;
            let page = sizes.get(0)?.as_f64()?;
            let frame = sizes.get(1)?.as_f64()?;
            (page > 0.0).then_some((page, frame))
        })
        .await;
    assert!(
        page_width <= frame_width && page_width >= frame_width - 4.0,
        "page {page_width}px in a frame of {frame_width}px"
    );
    tokio::time::sleep(Duration::from_millis(1500)).await;
    app.save_screenshot_to_docs("reader").await;
    let serious = axe_serious_violations(&app).await;
    assert!(serious.is_empty(), "axe on the reader: {serious:#?}");
    let errors = app
        .client
        .find_all(Locator::Css(r#"[data-testid="reader-error"]"#))
        .await
        .unwrap();
    if let Some(e) = errors.first() {
        panic!("reader error: {}", e.text().await.unwrap());
    }
    app.close().await;
}
