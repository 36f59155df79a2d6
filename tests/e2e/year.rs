//! A committee year without the demo: a hub made with `init` and the secretariat's own acts, a
//! member who registers a substitute offline, the meeting held, the minutes sent — and the
//! member's organisation comments though its substitute sat the meeting, while the approval of
//! the minutes appears on the next meeting's agenda.

use std::time::Duration;

use serde_json::{json, Value};

use crate::harness::App;
use crate::hub::{cli, invite, Hub};

const SUBSTITUTE: &str = "Søren Stedfortræder";
const COMMENT: &str = "KL bakker op; præcisér datoerne for migreringen.";

#[tokio::test(flavor = "current_thread")]
async fn a_substitute_registered_offline_sits_the_meeting_and_the_member_comments_on_its_minutes() {
    let home = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let data = data.path();
    // The app decides with its own clock: the meeting is today, the next in two months.
    let today = crate::harness::test_day();
    let next = today + chrono::Days::new(60);

    // The secretariat sets up the year at the hub's machine.
    cli(data, &["init"]);
    let member = invite(data, "KL", "member", "Karin Medlem", "karin@kl.dk");
    let meeting = cli(
        data,
        &["add-meeting", "--ordinary", "--date", &today.to_string()],
    );
    let meeting = meeting.trim().to_owned();
    let following = cli(
        data,
        &["add-meeting", "--ordinary", "--date", &next.to_string()],
    );
    let following = following.trim().to_owned();
    let item = cli(
        data,
        &[
            "add-item",
            "--meeting",
            &meeting,
            "--title",
            "Migrering til ny signeringsløsning",
            "--kind",
            "decision",
        ],
    );
    let item = item.trim().to_owned();
    cli(data, &["publish-agenda", "--meeting", &meeting]);
    cli(data, &["publish-agenda", "--meeting", &following]);

    let port = crate::harness::free_port();
    let mut hub = Hub::serve(data, port, json!({ "member": { "token": member } }));
    let app = App::launch_in(home.path(), &[]).await;
    app.sign_in(&hub.url(), &hub.token("member")).await;
    app.wait_until("the meeting to arrive", Duration::from_secs(60), || async {
        let view = app.invoke("meeting", json!({ "id": meeting })).await.ok()?;
        (view["agenda"].as_array()?.len() == 1).then_some(())
    })
    .await;

    // Offline, the member registers her substitute.
    hub.stop();
    app.goto(&format!("#/moeder/{meeting}")).await;
    app.click(r#"[data-testid="register-kind-substitute"]"#)
        .await;
    app.type_into(r#"[data-testid="register-name"]"#, SUBSTITUTE)
        .await;
    app.type_into(r#"[data-testid="register-email"]"#, "soeren@kl.dk")
        .await;
    app.click(r#"[data-testid="register-submit"]"#).await;
    let pending = app
        .text_of(r#"[data-testid="registration-item"][data-state="pending"]"#)
        .await;
    assert!(pending.contains(SUBSTITUTE), "shown as pending: {pending}");
    hub.start();
    app.invoke("sync_now", json!({})).await.unwrap();
    app.wait_until(
        "the registration to reach the hub",
        Duration::from_secs(60),
        || async {
            let outbox = app.invoke("outbox", json!({})).await.ok()?;
            outbox
                .as_array()?
                .iter()
                .all(|e| e["state"] == "applied")
                .then_some(())
        },
    )
    .await;

    // The meeting is held (with the substitute in KL's seat), the draft sent for comments.
    hub.stop();
    cli(data, &["mark-held", "--meeting", &meeting]);
    cli(
        data,
        &[
            "minutes-draft",
            "--meeting",
            &meeting,
            "--decision",
            &format!("{item}=Styregruppen godkendte planen."),
        ],
    );
    let closes = (today + chrono::Days::new(14)).to_string();
    cli(
        data,
        &["open-comments", "--meeting", &meeting, "--closes", &closes],
    );
    hub.start();
    app.invoke("sync_now", json!({})).await.unwrap();
    app.wait_until("the minutes to arrive", Duration::from_secs(60), || async {
        let m = app
            .invoke("minutes", json!({ "meeting": meeting }))
            .await
            .ok()?;
        (m["round_open"] == Value::Bool(true)).then_some(())
    })
    .await;

    // The member comments, though her substitute sat the meeting.
    app.goto(&format!("#/referater/{meeting}")).await;
    app.type_into(r#"[data-testid="comment-text"]"#, COMMENT)
        .await;
    app.click(r#"[data-testid="comment-submit"]"#).await;
    app.wait_until(
        "the comment to reach the hub",
        Duration::from_secs(60),
        || async {
            app.invoke("sync_now", json!({})).await.ok()?;
            let outbox = app.invoke("outbox", json!({})).await.ok()?;
            let refused = outbox.as_array()?.iter().find(|e| e["state"] == "rejected");
            assert!(refused.is_none(), "the comment was refused: {refused:?}");
            outbox
                .as_array()?
                .iter()
                .all(|e| e["state"] == "applied")
                .then_some(())
        },
    )
    .await;
    let changes = hub.changes_as("member").await;
    assert_eq!(
        changes
            .iter()
            .filter(|c| c["kind"] == "minutes_comment" && c["body"]["text"] == COMMENT)
            .count(),
        1,
        "the hub has the comment once"
    );
    let attended = changes
        .iter()
        .rfind(|c| c["kind"] == "attendance")
        .expect("the meeting's attendance");
    assert!(
        attended["body"]["attendees"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["name"] == SUBSTITUTE && a["role"] == "substitute" && a["org"] == "KL"),
        "{attended}"
    );

    // The approval of the minutes is on the next meeting's agenda, in the app.
    let title = format!(
        "Godkendelse af referat fra mødet den {}",
        styrebord_core::text::long_date_da(today)
    );
    app.goto(&format!("#/moeder/{following}")).await;
    app.wait_until(
        "the approval item on the next agenda",
        Duration::from_secs(30),
        || async {
            let text = app.text_of("main").await;
            text.contains(&format!("1. {title}")).then_some(())
        },
    )
    .await;
    app.close().await;
    hub.stop();
}
