//! Schema migrations of the hub from every released schema.
//!
//! `tests/fixtures/schema-v<N>.sql` is a hub database as schema version N created it, with rows
//! in every table (a dump made by the store's `tests/schema_fixture`, see the file's header for
//! the commit whose code made it, and its `-- token` lines for the plain tokens of two people).
//! Each is loaded into a real SQLite file, upgraded by today's migrations and compared with a
//! freshly created database: same schema, the rows still there, and a real `styrebord-hub serve`
//! on it answering a member's pull and applying a member's write.
//!
//! A new migration needs the fixture of its schema: see [`write_current_fixture`].

mod common;
mod serve_process;
// One dump format and one schema comparison for both databases (the store's tests own it).
#[path = "../../store/tests/schema_fixture/mod.rs"]
mod schema_fixture;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::*;
use reqwest::StatusCode;
use rusqlite::Connection;
use schema_fixture::{assert_same_rows, assert_same_schema, columns, plain_tables, rows};
use serde_json::{json, Value};
use styrebord_hub::db;
use styrebord_hub::store::DB_FILE;
use uuid::Uuid;

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The device the fixture's member wrote from.
const DEVICE: Uuid = Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_00de_71ce);

/// The schema version today's migrations create (the number of migrations).
fn latest() -> usize {
    let dir = tempfile::tempdir().unwrap();
    let conn = db::open(&dir.path().join(DB_FILE)).unwrap();
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap()
}

/// The hub's realistic state (the small committee of tests/common: people and tokens, meetings,
/// agenda, material with its blob, minutes, a procedure, the change log) plus a member's write
/// from a device, so `devices` and `mutations` have rows too. Returns the data directory and the
/// plain tokens of the secretariat and the KL member. (The same calls made the old fixtures with
/// the code of their commits.)
async fn fill() -> (tempfile::TempDir, Vec<(&'static str, String)>) {
    let mut w = World::start().await;
    let (s, v) = w
        .mutate(
            &w.kl_member.token,
            DEVICE,
            vec![mutation(1, register_observer(w.m3, "KL", "olga@kl.dk"))],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["results"][0]["status"], "applied", "{v}");
    assert!(!w.all_changes(&w.kl_member.token).await.is_empty());
    w.hub.take().unwrap().stop().await.unwrap();
    let tokens = vec![
        ("secretariat", w.sec.token.clone()),
        ("kl_member", w.kl_member.token.clone()),
    ];
    (w.dir, tokens)
}

/// Writes the fixture of the current schema version, `tests/fixtures/schema-v<latest>.sql`.
/// Run it once when adding a migration (after adding it to `db.rs`):
///
/// ```text
/// cargo test -p styrebord-hub --test migrations -- --ignored write_current_fixture
/// ```
///
/// It refuses to overwrite a fixture: a released schema's fixture is never regenerated.
#[tokio::test]
#[ignore = "writes tests/fixtures/schema-v<latest>.sql; run by hand when adding a migration"]
async fn write_current_fixture() {
    let path = fixtures_dir().join(format!("schema-v{}.sql", latest()));
    assert!(
        !path.exists(),
        "{} exists already; a released schema's fixture is never regenerated",
        path.display()
    );
    let (dir, tokens) = fill().await;
    let conn = Connection::open(dir.path().join(DB_FILE)).unwrap();
    let how = format!(
        "write_current_fixture in tests/migrations.rs, code of commit {}",
        schema_fixture::git_head()
    );
    let mut sql = schema_fixture::header("Styrebord hub", latest(), &how);
    for (who, token) in tokens {
        sql += &format!("-- token {who}: {token}\n");
    }
    sql += &schema_fixture::dump(&conn);
    std::fs::create_dir_all(fixtures_dir()).unwrap();
    std::fs::write(&path, sql).unwrap();
    println!("wrote {}", path.display());
}

#[test]
fn every_schema_version_has_a_fixture() {
    let latest = latest();
    let have: BTreeSet<usize> = schema_fixture::fixtures(&fixtures_dir())
        .iter()
        .map(|f| f.version)
        .collect();
    for v in 1..=latest {
        assert!(
            have.contains(&v),
            "schema version {v} has no fixture tests/fixtures/schema-v{v}.sql. A new migration \
             needs one, made with the code of its commit: run\n  cargo test -p styrebord-hub \
             --test migrations -- --ignored write_current_fixture\nand commit the file it writes"
        );
    }
    if let Some(v) = have.iter().find(|v| **v > latest) {
        panic!("a fixture of schema version {v}, but only {latest} migrations");
    }
}

fn token(sql: &str, who: &str) -> String {
    let prefix = format!("-- token {who}: ");
    sql.lines()
        .find_map(|l| l.strip_prefix(&prefix))
        .unwrap_or_else(|| panic!("the fixture has no `{prefix}` line"))
        .to_owned()
}

#[test]
fn every_released_schema_upgrades_to_todays_with_its_rows_and_serves() {
    let fixtures = schema_fixture::fixtures(&fixtures_dir());
    assert!(!fixtures.is_empty(), "no fixtures in {:?}", fixtures_dir());
    let tmp = tempfile::tempdir().unwrap();
    let fresh = db::open(&tmp.path().join("fresh.sqlite3")).unwrap();
    for fixture in fixtures {
        let name = &fixture.name;
        let sql = std::fs::read_to_string(&fixture.path).unwrap();
        let data = tmp.path().join(name);
        std::fs::create_dir_all(&data).unwrap();
        let path = data.join(DB_FILE);
        schema_fixture::load(&path, &sql);

        let before = Connection::open(&path).unwrap();
        let version: usize = before
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(
            version, fixture.version,
            "{name}: the fixture's user_version is not the version its name says"
        );
        let tables: Vec<(String, Vec<String>, _)> = plain_tables(&before)
            .into_iter()
            .map(|t| {
                let cols = columns(&before, &t);
                let rows = rows(&before, &t, &cols);
                (t, cols, rows)
            })
            .collect();
        drop(before);

        // (1) Today's migrations, as the hub runs them on start; then a new install's schema.
        let conn =
            db::open(&path).unwrap_or_else(|e| panic!("{name}: today's migrations failed: {e}"));
        assert_same_schema(&conn, &fresh, name);

        // (2) Every row kept, rowids included; the columns added since are empty.
        for (table, cols, old_rows) in &tables {
            assert!(
                plain_tables(&conn).contains(table),
                "{name}: table {table} is gone after the upgrade"
            );
            assert_same_rows(&conn, table, cols, old_rows, name);
        }
        let changes: i64 = conn
            .query_row("SELECT COUNT(*) FROM changes", [], |r| r.get(0))
            .unwrap();
        drop(conn);

        // (3) The real hub serves it: a member pulls and writes, the secretariat pulls.
        serve_and_use(&data, &sql, name, changes);
    }
}

fn serve_and_use(data: &Path, sql: &str, name: &str, changes: i64) {
    let (child, addr) = serve_process::spawn(data, Some(TODAY));
    // Stopped however this ends, a failed assertion included.
    let _hub = KillOnDrop(child);
    let base = format!("http://{addr}");
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let client = styrebord_sync::http::client();
        let pull = |token: String| {
            let client = client.clone();
            let url = format!("{base}/v1/changes?limit=1000");
            async move {
                let resp = client.get(url).bearer_auth(token).send().await.unwrap();
                let status = resp.status();
                let v: Value = resp.json().await.unwrap();
                (status, v)
            }
        };
        let (s, v) = pull(token(sql, "kl_member")).await;
        assert_eq!(s, StatusCode::OK, "{name}: a member's pull: {v}");
        let seen = v["changes"].as_array().unwrap().len();
        assert!(seen > 0, "{name}: the member sees nothing");
        let (s, v) = pull(token(sql, "secretariat")).await;
        assert_eq!(s, StatusCode::OK, "{name}: the secretariat's pull: {v}");
        let all = v["changes"].as_array().unwrap().len();
        assert_eq!(
            all as i64, changes,
            "{name}: the secretariat sees the whole log"
        );

        // The member's device writes on where it left off (client_seq 2 after the fixture's 1):
        // KL agrees in the written procedure.
        let procedure: String = Connection::open(data.join(DB_FILE))
            .unwrap()
            .query_row(
                "SELECT id FROM entities WHERE kind = 'written_procedure'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let body = json!({
            "device_id": DEVICE,
            "mutations": [mutation(2, json!({
                "type": "respond_procedure",
                "procedure": procedure,
                "org": "KL",
                "response": {"kind": "agree"},
            }))],
        });
        let resp = client
            .post(format!("{base}/v1/mutations"))
            .bearer_auth(token(sql, "kl_member"))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = resp.status();
        let v: Value = resp.json().await.unwrap();
        assert_eq!(status, StatusCode::OK, "{name}: a member's write: {v}");
        assert_eq!(
            v["results"][0]["status"], "applied",
            "{name}: a member's write: {v}"
        );
        let (_, v) = pull(token(sql, "kl_member")).await;
        assert!(
            v["changes"].as_array().unwrap().len() > seen,
            "{name}: the write is not in the member's feed"
        );
    });
}

struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
