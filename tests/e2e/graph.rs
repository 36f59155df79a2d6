//! The portfolio's dependency graph in the real window, over the demo portfolio: picking a system
//! in the graph highlights exactly core's answer (the `impact` and `dependencies` commands, core's
//! `impact_of` and `depends_on_transitively`), nothing more and nothing less.

use std::collections::BTreeSet;
use std::time::Duration;

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use serde_json::json;

use crate::harness::App;

fn codes(v: &serde_json::Value) -> BTreeSet<String> {
    v.as_array()
        .expect("a list of codes")
        .iter()
        .map(|c| c.as_str().expect("a code").to_owned())
        .collect()
}

#[tokio::test(flavor = "current_thread")]
async fn picking_a_system_in_the_graph_highlights_exactly_cores_sets() {
    let home = tempfile::tempdir().unwrap();
    let app = App::launch_in(home.path(), &["--demo"]).await;
    app.wait_until("the demo's portfolio", Duration::from_secs(90), || async {
        let p = app.invoke("portfolio", json!({})).await.ok()?;
        (p.as_array()?.len() > 2).then_some(())
    })
    .await;
    app.goto("#/portefoelje").await;

    // A base register (everything above it), a broker in the middle (both sides), a leaf.
    for system in ["CPR", "NEMLOG-IN", "NEMREFUSION"] {
        let mut expected = BTreeSet::from([system.to_owned()]);
        for command in ["impact", "dependencies"] {
            let answer = app
                .invoke(command, json!({ "system": system }))
                .await
                .unwrap_or_else(|e| panic!("{command} {system}: {e}"));
            expected.extend(codes(&answer));
        }
        // Picked from the keyboard, as a keyboard user would: focus the node, press Enter.
        // (WebKitWebDriver does not click SVG elements, so the mouse path is covered in Vitest.)
        // The page draws the graph once its own portfolio query answers, so wait for the node.
        app.wait_until_script(
            &format!("{system}'s node to take focus"),
            Duration::from_secs(10),
            r#"const n = document.querySelector(`g.node[data-system="${arguments[0]}"]`);
               if (!n) return null;
               n.focus(); return document.activeElement === n;"#,
            vec![system.into()],
        )
        .await;
        let enter = KeyActions::new("keyboard".into())
            .then(KeyAction::Down {
                value: Key::Enter.into(),
            })
            .then(KeyAction::Up {
                value: Key::Enter.into(),
            });
        app.client
            .perform_actions(enter)
            .await
            .expect("press Enter");
        let lit = app
            .wait_until(
                &format!("{system}'s highlight"),
                Duration::from_secs(10),
                || async {
                    let v = app
                        .client
                        .execute(
                            r#"const picked = document.querySelector('g.node[data-role="picked"]');
                               if (!picked || picked.dataset.system !== arguments[0]) return null;
                               return [...document.querySelectorAll("g.node")]
                                 .filter((n) => !["dim", "none"].includes(n.dataset.role))
                                 .map((n) => n.dataset.system);"#,
                            vec![system.into()],
                        )
                        .await
                        .ok()?;
                    v.is_array().then(|| codes(&v))
                },
            )
            .await;
        assert_eq!(lit, expected, "highlight for {system}");
        let said = app.text_of(r#"[data-testid="graph-said"]"#).await;
        assert!(said.starts_with("Fremhævet:"), "{said}");
    }

    // The graph scrolls inside its own region: it never widens the page.
    let fits = app
        .client
        .execute(
            r#"const region = document.querySelector('[data-testid="portfolio-graph"] .scroll');
               return region.getBoundingClientRect().right <= document.documentElement.clientWidth;"#,
            vec![],
        )
        .await
        .expect("measure");
    assert_eq!(fits, json!(true));
    app.screenshot("portfolio-graph").await;
}
