//! The shared case list (`styrebord-cases`), through a real hub over HTTP: for each case a hub is
//! built by the world's acts, served with the case's day as its clock, and the case's write is
//! posted with the cast member's own token. The answer must be what core decides on its own —
//! the same code, and the same Danish and English words.

use std::collections::BTreeMap;

use reqwest::StatusCode;
use serde_json::{json, Value};
use styrebord_cases::{cases, reference, world, Case, Outcome, CAST};
use styrebord_core::org::Actor;
use styrebord_core::OrgId;
use styrebord_hub::{admin, ops, Clock, ServeConfig, Store};
use uuid::Uuid;

/// A hub holding the world, and each cast member's token.
fn build(dir: &std::path::Path) -> (Store, BTreeMap<&'static str, String>) {
    let store = Store::open(dir).unwrap();
    admin::init(&store).unwrap();
    let mut tokens = BTreeMap::new();
    let mut actors = BTreeMap::new();
    for c in CAST {
        let inv = admin::invite(
            &store,
            &OrgId::parse(c.org).unwrap(),
            c.role,
            c.name,
            c.email,
        )
        .unwrap();
        let person = store
            .read(|conn| styrebord_hub::store::get_person(conn, &inv.person))
            .unwrap()
            .unwrap()
            .0;
        actors.insert(c.key, Actor::from(&person));
        tokens.insert(c.key, inv.token);
    }
    for step in world() {
        if step.by == "secretariat" {
            admin::act(&store, &step.op, step.on).unwrap();
        } else {
            // A member's act of the world, decided and recorded exactly as a mutation is.
            store
                .write(|tx| {
                    ops::apply(tx, &actors[step.by], &step.op, step.on).map_err(|e| match e {
                        ops::OpError::Hub(e) => e,
                        ops::OpError::Rejected(b) => styrebord_hub::HubError::Invalid(b.code),
                    })
                })
                .unwrap();
        }
    }
    (store, tokens)
}

async fn over_http(case: &Case) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let (_store, tokens) = build(dir.path());
    let hub = styrebord_hub::start(ServeConfig {
        max_upload: styrebord_hub::DEFAULT_MAX_UPLOAD,
        data: dir.path().to_path_buf(),
        listen: "127.0.0.1:0".parse().unwrap(),
        max_body: 1024 * 1024,
        clock: Clock::Fixed(case.on),
    })
    .await
    .unwrap();
    let body = json!({
        "device_id": Uuid::now_v7(),
        "mutations": [{ "mutation_id": Uuid::now_v7(), "client_seq": 1, "op": case.op }],
    });
    let resp = styrebord_sync::http::client()
        .post(format!("http://{}/v1/mutations", hub.addr))
        .bearer_auth(&tokens[case.by])
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = resp.status();
    let v: Value = resp.json().await.unwrap();
    hub.stop().await.unwrap();
    if status == StatusCode::FORBIDDEN {
        // The role × act matrix: refused for the whole batch, in core's words.
        return Outcome::Refused {
            code: v["code"].as_str().unwrap().to_owned(),
            message_da: v["message_da"].as_str().unwrap().to_owned(),
            message_en: v["message_en"].as_str().unwrap().to_owned(),
        };
    }
    assert_eq!(status, StatusCode::OK, "{}", case.name);
    let result = &v["results"][0];
    match result["status"].as_str() {
        Some("applied") => Outcome::Applied,
        Some("rejected") => Outcome::Refused {
            code: result["code"].as_str().unwrap().to_owned(),
            message_da: result["message_da"].as_str().unwrap().to_owned(),
            message_en: result["message_en"].as_str().unwrap().to_owned(),
        },
        _ => panic!("{}: unexpected answer {v}", case.name),
    }
}

#[tokio::test]
async fn the_hub_decides_every_case_as_core_does() {
    let mut failures = Vec::new();
    for case in cases() {
        let got = over_http(&case).await;
        let want = reference(&case);
        if got != want || !got.matches(case.expect) {
            failures.push(format!(
                "{} ({} on {}): hub {got:?}, core {want:?}, list {:?}",
                case.name, case.by, case.on, case.expect
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
