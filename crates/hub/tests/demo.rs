//! `styrebord-hub demo` end to end: the real binary builds a demo hub, `serve` serves it, and a
//! member, an observer and the secretariat use it over HTTP.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Child, Command as StdCommand};

use assert_cmd::Command;
use chrono::NaiveDate;
use reqwest::StatusCode;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use styrebord_core::portfolio::PortfolioSystem;
use styrebord_core::roadmap::{coordination_conflicts, RoadmapItem};
use styrebord_core::{OrgId, Refusal};
use styrebord_hub::demo::{DemoTokens, TOKENS_FILE};
use uuid::Uuid;

mod serve_process;

const TODAY: &str = "2026-03-02";

fn hub(data: &Path) -> Command {
    let mut cmd = Command::cargo_bin("styrebord-hub").unwrap();
    cmd.arg("--data").arg(data).args(["--today", TODAY]);
    cmd
}

/// `serve` as a child process, stopped (SIGTERM, by its pid) when dropped.
struct Served {
    child: Child,
    base: String,
}

impl Served {
    fn start(data: &Path) -> Served {
        let (child, addr) = serve_process::spawn(data, Some(TODAY));
        Served {
            child,
            base: format!("http://{addr}"),
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = StdCommand::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

struct Client {
    http: reqwest::Client,
    base: String,
}

impl Client {
    async fn get(&self, path: &str, token: &str) -> (StatusCode, Vec<u8>) {
        let resp = self
            .http
            .get(format!("{}{path}", self.base))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        (resp.status(), resp.bytes().await.unwrap().to_vec())
    }

    async fn json(&self, path: &str, token: &str) -> Value {
        let (s, b) = self.get(path, token).await;
        assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&b));
        serde_json::from_slice(&b).unwrap()
    }

    /// Every change `token` may see, paging to the head.
    async fn all_changes(&self, token: &str) -> Vec<Value> {
        let mut out = Vec::new();
        let mut since: Option<String> = None;
        for _ in 0..100 {
            let path = match &since {
                Some(c) => format!("/v1/changes?limit=50&since={c}"),
                None => "/v1/changes?limit=50".to_owned(),
            };
            let page = self.json(&path, token).await;
            out.extend(page["changes"].as_array().unwrap().iter().cloned());
            since = Some(page["cursor"].as_str().unwrap().to_owned());
            if page["has_more"] == false {
                let me = self.json("/v1/me", token).await;
                assert_eq!(me["head"].as_str(), since.as_deref(), "paged to the head");
                return out;
            }
        }
        panic!("the change feed did not end within 100 pages");
    }

    async fn mutate(&self, token: &str, op: Value) -> Value {
        let (status, v) = self.post(token, op).await;
        assert_eq!(status, StatusCode::OK, "{v}");
        v["results"][0].clone()
    }

    async fn post(&self, token: &str, op: Value) -> (StatusCode, Value) {
        let body = json!({
            "device_id": Uuid::now_v7(),
            "mutations": [{ "mutation_id": Uuid::now_v7(), "client_seq": 1, "op": op }],
        });
        let resp = self
            .http
            .post(format!("{}/v1/mutations", self.base))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap();
        (resp.status(), resp.json().await.unwrap())
    }
}

fn of_kind<'a>(changes: &'a [Value], kind: &str) -> Vec<&'a Value> {
    changes.iter().filter(|c| c["kind"] == kind).collect()
}

/// The newest state of each entity of `kind`, by the body's `key` (a JSON pointer).
fn latest<'a>(changes: &'a [Value], kind: &str, key: &str) -> BTreeMap<String, &'a Value> {
    of_kind(changes, kind)
        .into_iter()
        .map(|c| {
            let id = c["body"]
                .pointer(key)
                .unwrap_or_else(|| panic!("no {key} in {c}"));
            (id.to_string(), &c["body"])
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_hub_serves_a_realistic_committee() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("hub");

    let out = hub(&data)
        .arg("demo")
        .assert()
        .success()
        .get_output()
        .clone();
    let stdout = String::from_utf8(out.stdout).unwrap();
    for label in ["member\tsbh1_", "observer\tsbh1_", "secretariat\tsbh1_"] {
        assert!(stdout.contains(label), "{label:?} missing in {stdout}");
    }
    assert!(stdout.contains("13 organisations"), "{stdout}");
    let tokens: DemoTokens =
        serde_json::from_slice(&std::fs::read(data.join(TOKENS_FILE)).unwrap()).unwrap();
    assert_eq!(tokens.today.to_string(), TODAY);
    assert!(stdout.contains(&tokens.member.token));

    // A second run refuses clearly and changes nothing.
    let before = std::fs::read(data.join(TOKENS_FILE)).unwrap();
    let out = hub(&data)
        .arg("demo")
        .assert()
        .failure()
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("already holds a hub"), "{stderr}");
    assert!(!stderr.contains("backtrace"), "{stderr}");
    assert_eq!(std::fs::read(data.join(TOKENS_FILE)).unwrap(), before);

    let served = Served::start(&data);
    let c = Client {
        http: styrebord_sync::http::client(),
        base: served.base.clone(),
    };
    let member = &tokens.member.token;
    let changes = c.all_changes(member).await;

    // The committee.
    assert_eq!(latest(&changes, "organisation", "/code").len(), 13);
    let people = latest(&changes, "person", "/id");
    assert_eq!(people.len(), tokens.people.len());
    for role in ["chair", "secretariat", "member", "observer"] {
        assert!(people.values().any(|p| p["role"] == role), "no {role}");
    }

    // The year plan: held meetings with approved minutes, the upcoming one published, planned
    // ones; the member sees no agenda of a planned meeting.
    let meetings = latest(&changes, "meeting", "/id");
    assert!(meetings.len() >= 4, "{}", meetings.len());
    let status = |s: &str| meetings.values().filter(|m| m["status"] == s).count();
    assert!(status("held") >= 2);
    assert_eq!(status("published"), 1);
    assert!(status("planned") >= 1);
    let upcoming = meetings
        .values()
        .find(|m| m["status"] == "published")
        .unwrap();
    assert!(upcoming["date"].as_str().unwrap() > TODAY);
    let items = latest(&changes, "agenda_item", "/id");
    assert!(items.values().any(|i| i["meeting"] == upcoming["id"]));
    for m in meetings.values().filter(|m| m["status"] == "planned") {
        assert!(!items.values().any(|i| i["meeting"] == m["id"]));
    }
    let minutes = latest(&changes, "minutes", "/draft/id");
    let approved = minutes
        .values()
        .filter(|m| m["draft"]["state"] == "approved")
        .count();
    assert!(approved >= 2, "{approved} approved minutes");
    // At least one approved set of minutes incorporated a comment: draft text kept beside it.
    assert!(minutes.values().any(|m| {
        m["draft"]["state"] == "approved"
            && m["draft_decisions"]
                .as_array()
                .is_some_and(|sent| sent != m["draft"]["decisions"].as_array().unwrap())
    }));
    assert!(!of_kind(&changes, "minutes_comment").is_empty());
    assert!(of_kind(&changes, "minutes_comment")
        .iter()
        .all(|c| c["body"]["org"] == tokens.member.org.as_str()));

    // Documents: real PDFs whose bytes hash to their sha256, with their text.
    let docs = of_kind(&changes, "document");
    assert!(docs.iter().any(|d| d["body"]["meeting"] == upcoming["id"]));
    for d in &docs {
        let sha = d["body"]["sha256"].as_str().unwrap();
        let (s, bytes) = c.get(&format!("/v1/blobs/{sha}"), member).await;
        assert_eq!(s, StatusCode::OK);
        assert!(bytes.starts_with(b"%PDF-"));
        assert_eq!(
            bytes.len() as u64,
            d["body"]["size_bytes"].as_u64().unwrap()
        );
        assert_eq!(hex::encode(Sha256::digest(&bytes)), sha);
    }
    let first = docs[0]["body"]["sha256"].as_str().unwrap();
    let text = c.json(&format!("/v1/blobs/{first}/text"), member).await;
    assert!(text["pages"][0]
        .as_str()
        .unwrap()
        .contains("Driftsstyregruppen"));

    // Portfolio, four quarters of status, roadmap, written procedure.
    let systems = latest(&changes, "portfolio_system", "/code");
    assert!(systems.len() >= 15, "{}", systems.len());
    assert!(systems
        .values()
        .any(|s| s["depends_on"].as_array().is_some_and(|a| !a.is_empty())));
    let quarters: std::collections::BTreeSet<String> = of_kind(&changes, "quarterly_status")
        .iter()
        .map(|s| s["body"]["quarter"].to_string())
        .collect();
    assert!(quarters.len() >= 4, "{quarters:?}");
    // The roadmap has a coordination conflict, by core's own rule.
    let roadmap: Vec<RoadmapItem> = of_kind(&changes, "roadmap_item")
        .iter()
        .map(|c| serde_json::from_value(c["body"].clone()).unwrap())
        .collect();
    let portfolio: Vec<PortfolioSystem> = systems
        .values()
        .map(|s| serde_json::from_value((*s).clone()).unwrap())
        .collect();
    assert!(!coordination_conflicts(&roadmap, &portfolio).is_empty());
    assert!(!of_kind(&changes, "written_procedure").is_empty());

    // The escalation to PSTG reaches members, on its agenda item of the upcoming meeting, with
    // the economic forum's approval of the funds.
    let escalations = latest(&changes, "escalation", "/id");
    assert_eq!(escalations.len(), 1, "{escalations:?}");
    let e = escalations.values().next().unwrap();
    assert_eq!(e["needs_funds"], true);
    assert!(e["economic_forum_approval"]["reference"]
        .as_str()
        .is_some_and(|r| !r.trim().is_empty()));
    let item = items
        .values()
        .find(|i| i["escalation"] == e["id"])
        .expect("an agenda item refers to the escalation");
    assert_eq!(e["agenda_item"], item["id"]);
    assert_eq!(item["meeting"], upcoming["id"]);

    // The observer sees the minutes out for comments but cannot comment.
    let open = minutes
        .values()
        .find(|m| m["draft"]["state"] == "comment_round_open")
        .expect("minutes out for comments");
    let (status, r) = c
        .post(
            &tokens.observer.token,
            json!({
                "type": "comment_minutes",
                "minutes": open["draft"]["id"],
                "comment": Uuid::now_v7(),
                "agenda_item": open["draft"]["decisions"][0]["agenda_item"],
                "text": "Bisidderen har en bemærkning.",
            }),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{r}");
    assert_eq!(r["code"], "observer_cannot_comment", "{r}");

    // The member registers their organisation's one observer; a second is refused with core's
    // Danish message.
    let register = |email: &str| {
        json!({
            "type": "register_participant",
            "meeting": upcoming["id"],
            "registration": Uuid::now_v7(),
            "org": tokens.member.org,
            "kind": "observer",
            "person": null,
            "name": "Olga Observatør",
            "email": email,
        })
    };
    let r = c.mutate(member, register("olga@example.dk")).await;
    assert_eq!(r["status"], "applied", "{r}");
    let r = c.mutate(member, register("otto@example.dk")).await;
    assert_eq!(r["status"], "rejected", "{r}");
    assert_eq!(r["code"], "observer_limit_reached");
    let date = NaiveDate::parse_from_str(upcoming["date"].as_str().unwrap(), "%Y-%m-%d").unwrap();
    let expected = Refusal::ObserverLimitReached {
        org: OrgId::parse(tokens.member.org.as_str()).unwrap(),
        meeting_date: date,
    };
    assert_eq!(r["message_da"], expected.message_da());

    // The secretariat sees everything: the planned meetings' agendas, every organisation's
    // comments (approved minutes have some).
    let all = c.all_changes(&tokens.secretariat.token).await;
    assert!(all.len() > changes.len());
    let all_items = latest(&all, "agenda_item", "/id");
    for m in meetings.values().filter(|m| m["status"] == "planned") {
        assert!(all_items.values().any(|i| i["meeting"] == m["id"]));
    }
    let all_minutes = latest(&all, "minutes", "/draft/id");
    let comments = of_kind(&all, "minutes_comment");
    assert!(all_minutes
        .values()
        .filter(|m| m["draft"]["state"] == "approved")
        .any(|m| comments
            .iter()
            .any(|c| c["body"]["minutes"] == m["draft"]["id"])));
    drop(served);
}

#[test]
fn demo_refuses_a_directory_that_holds_a_hub() {
    let dir = tempfile::tempdir().unwrap();
    hub(dir.path()).arg("init").assert().success();
    let out = hub(dir.path())
        .arg("demo")
        .assert()
        .failure()
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("already holds a hub (14 changes)"),
        "{stderr}"
    );
    assert!(!dir.path().join(TOKENS_FILE).exists());
    // And `demo` never falls back to the platform's data directory.
    let out = Command::cargo_bin("styrebord-hub")
        .unwrap()
        .arg("demo")
        .assert()
        .failure()
        .get_output()
        .clone();
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs --data"));
}
