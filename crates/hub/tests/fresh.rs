//! The up-to-date poll answered from memory (`fresh.rs`: the log's head and the tokens found
//! active, kept until the next commit by anyone) keeps the feed's promises: a revoked token is
//! refused by the very next request — revoked over the API or by the CLI in another process — and
//! "nothing new" is never said past a change, whether this hub or another process wrote it.
//! Every poll is made three times before the act under test, so the token and the head are
//! remembered when it happens.

mod common;
mod serve_process;

use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use common::{mutation, World, TODAY};
use reqwest::StatusCode;
use serde_json::Value;
use styrebord_core::meeting::{AgendaItem, AgendaItemKind};
use styrebord_core::org::Role;
use styrebord_core::{AgendaItemId, OrgId};
use styrebord_hub::admin;
use uuid::Uuid;

/// `GET /v1/changes?since=…` as `token`, three times (the answers must agree), and the answer.
async fn poll_thrice(base: &str, token: &str, since: &str) -> Value {
    let mut last = None;
    for _ in 0..3 {
        let (s, v) = get(base, &format!("/v1/changes?since={since}"), token).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        if let Some(prev) = &last {
            assert_eq!(prev, &v);
        }
        last = Some(v);
    }
    last.unwrap()
}

async fn get(base: &str, path: &str, token: &str) -> (StatusCode, Value) {
    let resp = styrebord_sync::http::client()
        .get(format!("{base}{path}"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = resp.status();
    let text = resp.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON ({status}): {text}")),
    )
}

async fn head(base: &str, token: &str) -> String {
    let (s, me) = get(base, "/v1/me", token).await;
    assert_eq!(s, StatusCode::OK, "{me}");
    me["head"].as_str().unwrap().to_owned()
}

fn assert_refused(answer: (StatusCode, Value), code: &str) {
    assert_eq!(answer.0, StatusCode::UNAUTHORIZED, "{}", answer.1);
    assert_eq!(answer.1["code"], code);
}

fn empty_at(page: &Value, cursor: &str) {
    assert_eq!(page["changes"], serde_json::json!([]), "{page}");
    assert_eq!(page["cursor"], cursor, "{page}");
    assert_eq!(page["has_more"], false);
}

#[tokio::test]
async fn a_token_revoked_over_the_api_is_refused_at_once() {
    let w = World::start().await;
    let h = head(&w.base, &w.kl_member.token).await;
    empty_at(&poll_thrice(&w.base, &w.kl_member.token, &h).await, &h);
    empty_at(&poll_thrice(&w.base, &w.dr_member.token, &h).await, &h);

    // One token: revoking it writes no change, so the head stays where the cache has it.
    let resp = w
        .client
        .delete(format!("{}/v1/tokens/{}", w.base, w.kl_member.token_id))
        .bearer_auth(&w.sec.token)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let v: Value = resp.json().await.unwrap();
    assert_eq!(v["tokens_revoked"], 1, "{v}");
    let url = format!("/v1/changes?since={h}");
    assert_refused(
        get(&w.base, &url, &w.kl_member.token).await,
        "token_revoked",
    );
    assert_refused(
        get(&w.base, "/v1/me", &w.kl_member.token).await,
        "token_revoked",
    );

    // A person, with every token of theirs.
    let resp = w
        .client
        .delete(format!("{}/v1/people/{}", w.base, w.dr_member.person))
        .bearer_auth(&w.sec.token)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_refused(
        get(&w.base, &url, &w.dr_member.token).await,
        "token_revoked",
    );
    // The others are not affected.
    let h2 = head(&w.base, &w.chair.token).await;
    empty_at(&poll_thrice(&w.base, &w.chair.token, &h2).await, &h2);
}

#[tokio::test]
async fn a_poll_parked_when_its_token_is_revoked_gets_no_page() {
    let w = World::start().await;
    let h = head(&w.base, &w.kl_member.token).await;
    empty_at(&poll_thrice(&w.base, &w.kl_member.token, &h).await, &h);

    let base = w.base.clone();
    let token = w.kl_member.token.clone();
    let parked = tokio::spawn(async move {
        let started = Instant::now();
        let answer = get(&base, &format!("/v1/changes?since={h}&wait=30"), &token).await;
        (answer, started.elapsed())
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    // Revoking the person announces them (a change everyone may see), which wakes the poll.
    let resp = w
        .client
        .delete(format!("{}/v1/people/{}", w.base, w.kl_member.person))
        .bearer_auth(&w.sec.token)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let (answer, waited) = parked.await.unwrap();
    assert_refused(answer, "token_revoked");
    assert!(
        waited < Duration::from_secs(25),
        "woken, not timed out: {waited:?}"
    );
}

#[tokio::test]
async fn nothing_new_is_never_said_past_a_change() {
    let w = World::start().await;
    let h = head(&w.base, &w.kl_member.token).await;
    empty_at(&poll_thrice(&w.base, &w.kl_member.token, &h).await, &h);

    // A change only the secretariat may see (an item on a meeting whose agenda is not
    // published) moves the head: KL's answer is still empty, but its cursor moves on (the
    // ordinary way), and from there it is "nothing new" again.
    let item = AgendaItem {
        presenter: None,
        id: AgendaItemId::from_uuid(Uuid::now_v7()),
        meeting: w.m2,
        number: 2,
        title: "Intern forberedelse".into(),
        description: String::new(),
        kind: AgendaItemKind::Decision,
        systems: vec![],
        escalation: None,
        procedure: None,
    };
    let (s, v) = w
        .mutate(
            &w.sec.token,
            Uuid::now_v7(),
            vec![mutation(
                1,
                serde_json::json!({"type": "upsert_agenda_item", "item": item}),
            )],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["results"][0]["status"], "applied", "{v}");
    let h2 = head(&w.base, &w.kl_member.token).await;
    assert_ne!(h2, h);
    empty_at(&poll_thrice(&w.base, &w.kl_member.token, &h).await, &h2);
    empty_at(&poll_thrice(&w.base, &w.kl_member.token, &h2).await, &h2);
    let sec = poll_thrice(&w.base, &w.sec.token, &h).await;
    assert_eq!(sec["changes"].as_array().unwrap().len(), 1, "{sec}");

    // A write through another connection than the hub's (as the CLI makes in another process):
    // the next poll at the remembered head has it.
    admin::invite(
        &w.store,
        &OrgId::parse("KL").unwrap(),
        Role::Observer,
        "Nina Ny",
        "nina@kl.dk",
    )
    .unwrap();
    let page = poll_thrice(&w.base, &w.kl_member.token, &h2).await;
    let changes = page["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{page}");
    assert_eq!(changes[0]["body"]["name"], "Nina Ny", "{page}");
    assert_ne!(page["cursor"], h2.as_str());

    // A cursor ahead of the log is not "nothing new".
    let (epoch, seq) = h2.split_once('.').unwrap();
    let ahead = format!("{epoch}.{}", seq.parse::<u64>().unwrap() + 100);
    let (s, v) = get(
        &w.base,
        &format!("/v1/changes?since={ahead}"),
        &w.kl_member.token,
    )
    .await;
    assert!(s.is_client_error(), "{s}: {v}");
}

// ------------------------------------------------------------------ another process: the CLI

fn hub(data: &Path) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("styrebord-hub"));
    cmd.arg("--data").arg(data).args(["--today", TODAY]);
    cmd
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A demo hub's data and its tokens, served by the real binary; stopped when dropped.
struct Served {
    _dir: tempfile::TempDir,
    data: std::path::PathBuf,
    child: Child,
    base: String,
    tokens: Value,
}

impl Served {
    fn demo() -> Served {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("hub");
        run(hub(&data).arg("demo"));
        let tokens = std::fs::read_to_string(data.join(styrebord_hub::demo::TOKENS_FILE)).unwrap();
        let (child, addr) = serve_process::spawn(&data, Some(TODAY));
        Served {
            _dir: dir,
            data,
            child,
            base: format!("http://{addr}"),
            tokens: serde_json::from_str(&tokens).unwrap(),
        }
    }

    fn token(&self, who: &str) -> String {
        self.tokens[who]["token"].as_str().unwrap().to_owned()
    }

    fn field(&self, who: &str, field: &str) -> String {
        self.tokens[who][field].as_str().unwrap().to_owned()
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn a_token_revoked_by_the_cli_in_another_process_is_refused_at_once() {
    let hub_ = Served::demo();
    let (member, observer) = (hub_.token("member"), hub_.token("observer"));
    let h = head(&hub_.base, &member).await;
    empty_at(&poll_thrice(&hub_.base, &member, &h).await, &h);
    empty_at(&poll_thrice(&hub_.base, &observer, &h).await, &h);
    let url = format!("/v1/changes?since={h}");

    let out = run(hub(&hub_.data).args(["revoke", &hub_.field("member", "token_id")]));
    assert!(out.starts_with("revoked token"), "{out}");
    assert_refused(get(&hub_.base, &url, &member).await, "token_revoked");

    let out = run(hub(&hub_.data).args(["revoke", &hub_.field("observer", "person")]));
    assert!(out.starts_with("revoked person"), "{out}");
    assert_refused(get(&hub_.base, &url, &observer).await, "token_revoked");
}

#[tokio::test]
async fn a_cli_write_in_another_process_is_seen_by_the_next_poll_and_wakes_a_parked_one() {
    let hub_ = Served::demo();
    let member = hub_.token("member");
    let h = head(&hub_.base, &member).await;
    empty_at(&poll_thrice(&hub_.base, &member, &h).await, &h);

    // Parked before the CLI writes; woken by the hub noticing the other process's commit.
    let (base, token, since) = (hub_.base.clone(), member.clone(), h.clone());
    let parked = tokio::spawn(async move {
        let started = Instant::now();
        let answer = get(&base, &format!("/v1/changes?since={since}&wait=30"), &token).await;
        (answer, started.elapsed())
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    let out = run(hub(&hub_.data).args([
        "invite",
        "--org",
        "KL",
        "--role",
        "observer",
        "--name",
        "Nina Ny",
        "--email",
        "nina@kl.dk",
    ]));
    assert!(out.starts_with("person\t"), "{out}");

    let ((s, page), waited) = parked.await.unwrap();
    assert_eq!(s, StatusCode::OK, "{page}");
    assert!(
        waited < Duration::from_secs(25),
        "woken, not timed out: {waited:?}"
    );
    let names: Vec<&Value> = page["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["body"]["name"])
        .collect();
    assert!(names.contains(&&Value::from("Nina Ny")), "{page}");
    // And a poll without waiting, at the head the hub had remembered.
    let again = poll_thrice(&hub_.base, &member, &h).await;
    assert_eq!(again, page);
}
