//! Two real windows side by side against one hub made with `init` (no demo): the secretariat's
//! app builds an agenda at the desk, drops a PDF on the item (progress, upload, publish) and
//! publishes; the member's app shows it and reads the PDF with the hub stopped; the meeting is
//! run live from the desk (the member sees the item and the decision arrive); attendance is
//! recorded, the draft starts from the live decision and goes out for comments; the member
//! comments in her window; the secretariat incorporates it, closes the round and approves the
//! minutes at the extra meeting later that day, with the final text changed; the member reads the
//! approved text. Every desk view is checked with axe-core and photographed for the docs.

use std::time::Duration;

use serde_json::{json, Value};

use crate::harness::App;
use crate::hub::{cli, invite, Hub};
use crate::views::axe_serious_violations;

const ITEM: &str = "Driftsforstyrrelse i Digital Post den 18. november";
const DECISION: &str = "Styregruppen tog orienteringen til efterretning.";
const FINAL: &str = "Styregruppen tog orienteringen om driftsforstyrrelsen til efterretning.";
const COMMENT: &str = "Nævn, at borgerne fik besked via Borger.dk.";

/// A small, valid one-page PDF (pdf.js draws it), built with the byte offsets its xref needs.
fn one_page_pdf(text: &str) -> Vec<u8> {
    let content = format!("BT /F1 24 Tf 72 720 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        pdf.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

/// A meeting `today` at `start`, through the desk's own command as its form sends it.
async fn plan_meeting_today(desk: &App, today: chrono::NaiveDate, start: &str) -> String {
    let id = uuid::Uuid::now_v7().to_string();
    desk.invoke(
        "desk_act",
        json!({ "op": { "type": "upsert_meeting", "meeting": { "id": id, "kind": "extra",
            "date": today.to_string(), "start": start, "end": null, "location": "Landgreven 4",
            "attendance": "in_person", "status": "planned" } } }),
    )
    .await
    .expect("the desk plans a meeting");
    id
}

/// Sets a form control's value the way a person's input would (date inputs and selects take no
/// typed text in WebKit's WebDriver).
async fn set_value(app: &App, css: &str, value: &str) {
    let ok = app
        .client
        .execute(
            r#"const [css, value] = arguments;
               const el = document.querySelector(css);
               if (!el) return false;
               el.value = value;
               el.dispatchEvent(new Event("input", { bubbles: true }));
               el.dispatchEvent(new Event("change", { bubbles: true }));
               return true;"#,
            vec![css.into(), value.into()],
        )
        .await
        .expect("set a value");
    assert_eq!(ok, json!(true), "no element {css}");
}

/// axe-core over the window as it is now, and a screenshot for docs/screenshots.
async fn check_and_photograph(app: &App, view: &str) {
    let serious = axe_serious_violations(app).await;
    assert!(serious.is_empty(), "axe on {view}: {serious:#?}");
    // The screenshot waits for the window to paint (fonts, two frames), not for a timer.
    app.save_screenshot_to_docs(view).await;
}

async fn hub_has(hub: &Hub, what: &str, app: &App, found: impl Fn(&Value) -> bool) -> Value {
    app.wait_until(what, Duration::from_secs(40), || async {
        hub.all_changes().await.into_iter().rev().find(|c| found(c))
    })
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn two_windows_run_a_meeting_from_the_agenda_to_approved_minutes() {
    let today = crate::harness::test_day();
    let data = tempfile::tempdir().unwrap();
    let data = data.path();
    cli(data, &["init"]);
    let sec = invite(
        data,
        "DIGST",
        "secretariat",
        "Sara Sekretær",
        "sara@digst.dk",
    );
    let member = invite(data, "KL", "member", "Karin Medlem", "karin@kl.dk");
    let mut hub = Hub::serve(
        data,
        crate::harness::free_port(),
        json!({ "secretariat": { "token": sec }, "member": { "token": member } }),
    );

    // Both windows at once, each with its own token and its own local copy.
    let desk_home = tempfile::tempdir().unwrap();
    let member_home = tempfile::tempdir().unwrap();
    let desk = App::launch_in(desk_home.path(), &[]).await;
    let app = App::launch_in(member_home.path(), &[]).await;
    desk.sign_in(&hub.url(), &hub.token("secretariat")).await;
    app.sign_in(&hub.url(), &hub.token("member")).await;

    // The desk: this morning's meeting and an extra one this afternoon (it will approve the
    // minutes). The agenda item by the form.
    desk.click(r#"[data-route="desk"]"#).await;
    let meeting = plan_meeting_today(&desk, today, "08:00:00").await;
    let afternoon = plan_meeting_today(&desk, today, "16:00:00").await;
    desk.goto("#/sekretariat").await;
    desk.wait_until("the year's meetings", Duration::from_secs(20), || async {
        let rows = desk.text_now(r#"[data-testid="desk-meetings"]"#).await?;
        rows.contains("08.00").then_some(())
    })
    .await;
    check_and_photograph(&desk, "desk-year").await;
    desk.goto(&format!("#/sekretariat/{meeting}")).await;
    desk.type_into(r#"[data-testid="desk-add-item"] input"#, ITEM)
        .await;
    desk.click(r#"[data-testid="desk-add-item"] button[type="submit"]"#)
        .await;
    desk.wait_until(
        "the item on the agenda",
        Duration::from_secs(20),
        || async {
            desk.text_now(r#"[data-testid="desk-items"]"#)
                .await?
                .contains(ITEM)
                .then_some(())
        },
    )
    .await;

    // A PDF dropped on the item: uploaded with the bar, then published on it.
    let pdf = one_page_pdf("Driftsforstyrrelse");
    let dropped = desk
        .client
        .execute(
            r#"const [bytes] = arguments;
               const file = new File([Uint8Array.from(bytes)], "Hændelsesrapport.pdf", { type: "application/pdf" });
               const dt = new DataTransfer();
               dt.items.add(file);
               const zone = document.querySelector('[data-testid="desk-material"]');
               zone.dispatchEvent(new DragEvent("dragover", { dataTransfer: dt, bubbles: true, cancelable: true }));
               zone.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
               return true;"#,
            vec![json!(pdf)],
        )
        .await
        .expect("drop a file");
    assert_eq!(dropped, json!(true));
    desk.wait_until("the PDF on the item", Duration::from_secs(30), || async {
        let material = desk.text_now(r#"[data-testid="desk-material"]"#).await?;
        material.contains("Hændelsesrapport (v1)").then_some(())
    })
    .await;
    check_and_photograph(&desk, "desk-agenda").await;
    // Late by the six-working-day rule: the desk asks once more, then it goes out.
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

    // The member's window: the agenda and the material arrive; the PDF reads with the hub gone.
    app.goto(&format!("#/moeder/{meeting}")).await;
    let view = app
        .wait_until(
            "the agenda and its PDF",
            Duration::from_secs(60),
            || async {
                let view = app.invoke("meeting", json!({ "id": meeting })).await.ok()?;
                let doc = view["agenda"][0]["documents"][0].clone();
                (doc["blob"] == "available").then_some(view)
            },
        )
        .await;
    assert_eq!(view["agenda"][0]["item"]["title"], ITEM);
    let document = view["agenda"][0]["documents"][0]["document"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    hub.stop();
    app.goto(&format!("#/dokument/{document}")).await;
    app.wait_until_script(
        "the page drawn offline",
        Duration::from_secs(20),
        r#"const c = document.querySelector('[data-testid="reader-canvas"]');
           return !!(c && c.style.width);"#,
        vec![],
    )
    .await;
    hub.start();
    app.goto(&format!("#/moeder/{meeting}")).await;

    // Run live from the desk: the member's page follows the item and the decision.
    desk.goto(&format!("#/sekretariat/{meeting}")).await;
    desk.click(&format!(r#"button[aria-label="Behandl nu: »{ITEM}«"]"#))
        .await;
    app.wait_until(
        "the item dealt with now",
        Duration::from_secs(20),
        || async {
            let live = app.text_now(r#"[data-testid="meeting-live"]"#).await?;
            live.contains(ITEM).then_some(())
        },
    )
    .await;
    desk.type_into(r#"form.decision textarea"#, DECISION).await;
    desk.click(r#"form.decision button[type="submit"]"#).await;
    app.wait_until("the decision as taken", Duration::from_secs(20), || async {
        let decided = app.text_now(r#"[data-testid="live-decision"]"#).await?;
        decided.contains(DECISION).then_some(())
    })
    .await;
    check_and_photograph(&desk, "desk-live").await;
    app.save_screenshot_to_docs("member-live").await;

    // Attendance, then the meeting is held; the draft starts from the live decision.
    desk.wait_until("the attendance list", Duration::from_secs(20), || async {
        let list = desk.text_now(r#"[data-testid="desk-attendance"]"#).await?;
        list.contains("Karin Medlem").then_some(())
    })
    .await;
    check_and_photograph(&desk, "desk-attendance").await;
    desk.click(r#"[data-testid="desk-mark-held"]"#).await;
    let prefilled = desk
        .wait_until("the draft from the live decision", Duration::from_secs(20), || async {
            let v = desk
                .client
                .execute(
                    r#"const t = document.querySelector('[data-testid="desk-minutes-form"] textarea');
                       return t ? t.value : null;"#,
                    vec![],
                )
                .await
                .ok()?;
            v.as_str().filter(|s| !s.is_empty()).map(str::to_owned)
        })
        .await;
    assert_eq!(prefilled, DECISION);
    desk.click(r#"[data-testid="desk-minutes-form"] button[type="submit"]"#)
        .await;
    let closes = (today + chrono::Days::new(14)).to_string();
    desk.wait_until("the send form", Duration::from_secs(20), || async {
        desk.text_now(r#"[data-testid="desk-send-minutes"]"#).await
    })
    .await;
    set_value(&desk, "#closes", &closes).await;
    desk.click(r#"[data-testid="desk-send-minutes"]"#).await;
    hub_has(&hub, "the minutes out for comments", &desk, |c| {
        c["kind"] == "minutes" && c["body"]["draft"]["state"] == "comment_round_open"
    })
    .await;

    // The member comments in her window.
    app.goto(&format!("#/referater/{meeting}")).await;
    app.type_into(r#"[data-testid="comment-text"]"#, COMMENT)
        .await;
    app.click(r#"[data-testid="comment-submit"]"#).await;
    hub_has(&hub, "the member's comment", &app, |c| {
        c["kind"] == "minutes_comment" && c["body"]["text"] == COMMENT
    })
    .await;

    // The desk sees it beside the draft, incorporates it, closes the round and approves the
    // minutes at this afternoon's meeting with the final text changed.
    desk.wait_until(
        "the comment on the desk",
        Duration::from_secs(40),
        || async {
            let c = desk.text_now(r#"[data-testid="desk-comment"]"#).await?;
            c.contains(COMMENT).then_some(())
        },
    )
    .await;
    check_and_photograph(&desk, "desk-minutes").await;
    desk.click(r#"[data-testid="desk-incorporate"]"#).await;
    desk.wait_until("the disposition", Duration::from_secs(20), || async {
        let c = desk.text_now(r#"[data-testid="desk-comment"]"#).await?;
        c.contains("Indarbejdet").then_some(())
    })
    .await;
    desk.click(r#"[data-testid="desk-close-round"]"#).await;
    desk.wait_until("the approval form", Duration::from_secs(20), || async {
        desk.text_now("#approve-at").await
    })
    .await;
    desk.type_into(r#"[data-testid="desk-minutes-form"] textarea"#, FINAL)
        .await;
    desk.wait_until("the change shown", Duration::from_secs(10), || async {
        desk.text_now(r#"[data-testid="decision-diff"]"#).await
    })
    .await;
    set_value(&desk, "#approve-at", &afternoon).await;
    desk.click(r#"[data-testid="desk-minutes-form"] button[type="submit"]"#)
        .await;
    hub_has(&hub, "the minutes approved", &desk, |c| {
        c["kind"] == "minutes" && c["body"]["draft"]["state"] == "approved"
    })
    .await;

    // The member reads the approved text.
    app.goto(&format!("#/referater/{meeting}")).await;
    app.wait_until("the approved minutes", Duration::from_secs(40), || async {
        let page = app.text_now("main").await?;
        page.contains(FINAL).then_some(())
    })
    .await;

    // The desk's other pages, checked and photographed.
    desk.goto("#/sekretariat/personer").await;
    desk.wait_until(
        "the people with access",
        Duration::from_secs(20),
        || async {
            let table = desk
                .text_now(r#"[data-testid="desk-people-table"]"#)
                .await?;
            table.contains("Karin Medlem").then_some(())
        },
    )
    .await;
    check_and_photograph(&desk, "desk-people").await;
    desk.goto("#/sekretariat/portefoelje").await;
    desk.wait_until("the portfolio page", Duration::from_secs(20), || async {
        desk.text_now("main h2").await
    })
    .await;
    check_and_photograph(&desk, "desk-portfolio").await;

    desk.close().await;
    app.close().await;
}
