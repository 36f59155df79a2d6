//! Updates from the member's own hub: the real app (version N, a debug build that trusts the
//! test-only key) finds version N+1 that the secretariat published on a real hub, downloads it
//! and verifies its signature through tauri-plugin-updater; a package changed on the hub, a
//! manifest naming another file's signature, and a manifest announcing another version than the
//! package was signed for are all refused with the same clear message. Nothing of the member's
//! data (store rows, documents, account) changes along the way.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use base64::Engine;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::harness::App;
use crate::hub::{cli, Hub};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/update-signing")
        .join(name)
}

fn b64() -> base64::engine::GeneralPurpose {
    base64::engine::general_purpose::STANDARD
}

/// A `.sig` as `tauri signer sign --app-version VERSION` writes it, with the test-only key.
fn sign(bytes: &[u8], version: &str) -> String {
    let raw = std::fs::read_to_string(fixture("test-only.key")).unwrap();
    let text = String::from_utf8(b64().decode(raw.trim()).unwrap()).unwrap();
    let sk = minisign::SecretKeyBox::from_string(&text)
        .unwrap()
        .into_unencrypted_secret_key()
        .unwrap();
    let trusted =
        format!("timestamp:1700000000\tfile:Styrebord_{version}_amd64.deb\tversion:{version}");
    let sig = minisign::sign(None, &sk, bytes, Some(&trusted), None).unwrap();
    b64().encode(sig.into_string())
}

/// Publishes a package for `version` with the hub's CLI, as the secretariat does.
fn publish(hub: &Path, files: &Path, version: &str, notes: &str) -> Vec<u8> {
    // Not a real .deb: the app never installs in this test (a cargo build is no package).
    let bytes = format!("!<arch>\nStyrebord {version} {}", "x".repeat(300_000)).into_bytes();
    let pkg = files.join(format!("Styrebord_{version}_amd64.deb"));
    std::fs::write(&pkg, &bytes).unwrap();
    let sig = files.join(format!("Styrebord_{version}_amd64.deb.sig"));
    std::fs::write(&sig, sign(&bytes, version)).unwrap();
    cli(
        hub,
        &[
            "publish-update",
            "--version",
            version,
            "--target",
            "linux-x86_64",
            "--package",
            pkg.to_str().unwrap(),
            "--signature",
            sig.to_str().unwrap(),
            "--notes",
            notes,
        ],
    );
    bytes
}

fn next_minor(v: &str, by: u64) -> String {
    let mut parts = v.split('.').map(|p| p.parse::<u64>().unwrap());
    let (major, minor) = (parts.next().unwrap(), parts.next().unwrap());
    format!("{major}.{}.0", minor + by)
}

/// The member's data: the row count of every table in the store but the sync engine's own
/// bookkeeping (`meta`: cursor, last sync) and FTS5's internal segments (`search_data`,
/// `search_idx`, which its merges rewrite between rounds), and every other file's digest.
fn member_data(dir: &Path) -> (BTreeMap<String, i64>, BTreeMap<String, String>) {
    let conn = rusqlite::Connection::open_with_flags(
        dir.join("styrebord.sqlite3"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND name NOT IN ('meta', 'search_data', 'search_idx')",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(tables.iter().any(|t| t == "entities") && tables.iter().any(|t| t == "outbox"));
    let rows = tables
        .into_iter()
        .map(|t| {
            let n: i64 = conn
                .query_row(&format!("SELECT count(*) FROM \"{t}\""), [], |r| r.get(0))
                .unwrap();
            (t, n)
        })
        .collect();
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            let name = p.strip_prefix(dir).unwrap().display().to_string();
            if p.is_dir() {
                stack.push(p);
            } else if !name.starts_with("styrebord.sqlite3") {
                let digest = hex_digest(&std::fs::read(&p).unwrap());
                files.insert(name, digest);
            }
        }
    }
    (rows, files)
}

fn hex_digest(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn releases(hub: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(hub.join("updates/releases.json")).unwrap()).unwrap()
}

fn set_releases(hub: &Path, v: &Value) {
    std::fs::write(
        hub.join("updates/releases.json"),
        serde_json::to_vec_pretty(v).unwrap(),
    )
    .unwrap();
}

async fn check(app: &App) -> Value {
    app.invoke("update_check", json!({}))
        .await
        .expect("update_check answers a status")
}

fn assert_refused(status: &Value, what: &str) {
    assert_eq!(status["phase"], "failed", "{what}: {status}");
    assert_eq!(
        status["error"]["code"], "update_unverified",
        "{what}: {status}"
    );
    let da = status["error"]["message_da"].as_str().unwrap();
    assert!(
        da.starts_with("Opdateringen kunne ikke bekræftes"),
        "{what}: {da}"
    );
    assert!(status["ready"].is_null(), "{what}: {status}");
}

#[tokio::test(flavor = "current_thread")]
async fn the_app_finds_a_signed_update_on_its_hub_and_refuses_tampered_ones() {
    let home = tempfile::tempdir().unwrap();
    let hub_dir = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let hub = Hub::demo(hub_dir.path(), crate::harness::free_port());
    let data = hub_dir.path();
    cli(
        data,
        &["update-key", fixture("test-only.key.pub").to_str().unwrap()],
    );

    let app = App::launch_in(home.path(), &[]).await;
    app.sign_in(&hub.url(), &hub.token("member")).await;
    app.wait_until(
        "the first sync with its documents",
        Duration::from_secs(90),
        || async {
            let s = app.invoke("sync_status", json!({})).await.ok()?;
            let b = &s["blobs"];
            (b["available"].as_u64().unwrap_or(0) > 0
                && b["queued"].as_u64() == Some(0)
                && b["downloading"].as_u64() == Some(0))
            .then_some(())
        },
    )
    .await;
    let member_dir = home.path().join("data/styrebord");
    let before = member_data(&member_dir);

    let status = app.invoke("update_status", json!({})).await.unwrap();
    assert!(status["off"].is_null(), "{status}");
    assert_eq!(
        status["test_key"], true,
        "a debug build trusts the test-only key"
    );
    let n = status["current_version"].as_str().unwrap().to_owned();

    // Nothing newer yet.
    let s = check(&app).await;
    assert_eq!(s["phase"], "up_to_date", "{s}");

    // N+1: found, downloaded, verified; kept until the member acts.
    let n1 = next_minor(&n, 1);
    let p1 = publish(data, files.path(), &n1, "Rettelser til referatsiden");
    let s = check(&app).await;
    assert_eq!(s["phase"], "ready", "{s}");
    assert!(s["error"].is_null(), "{s}");
    assert_eq!(s["ready"]["version"], n1.as_str());
    assert_eq!(s["ready"]["notes"], "Rettelser til referatsiden");
    // A cargo build is not an installed package: the member saves it instead of installing.
    assert_eq!(s["ready"]["install"], "manual");
    let e = app
        .invoke("update_install", json!({}))
        .await
        .expect_err("no self-install from a cargo build");
    assert_eq!(e["code"], "update_install_manual");
    let saved = app.invoke("update_save", json!({})).await.unwrap();
    let saved_to = saved["ready"]["saved_to"].as_str().unwrap();
    assert!(
        saved_to.starts_with(home.path().to_str().unwrap()),
        "{saved_to}"
    );
    assert_eq!(std::fs::read(saved_to).unwrap(), p1, "the verified bytes");

    // The settings page says so, in Danish.
    app.goto("#/indstillinger").await;
    let ready_text = app.text_of(r#"[data-testid="update-ready"]"#).await;
    assert!(
        ready_text.contains(&format!("Version {n1} er klar")),
        "{ready_text}"
    );

    // N+2 published, then one byte of the package flipped on the hub's disk.
    let n2 = next_minor(&n, 2);
    publish(data, files.path(), &n2, "Ny version");
    let good = releases(data);
    let p2_sha = good["releases"][1]["sha256"].as_str().unwrap().to_owned();
    let p2_file = data.join("updates/packages").join(&p2_sha);
    let mut bytes = std::fs::read(&p2_file).unwrap();
    bytes[1000] ^= 0x01;
    std::fs::write(&p2_file, &bytes).unwrap();
    assert_refused(&check(&app).await, "a flipped byte");
    bytes[1000] ^= 0x01;
    std::fs::write(&p2_file, &bytes).unwrap();

    // A manifest whose signature belongs to another file (N+1's package).
    let mut forged = good.clone();
    forged["releases"][1]["signature"] = good["releases"][0]["signature"].clone();
    set_releases(data, &forged);
    assert_refused(&check(&app).await, "another file's signature");

    // A manifest announcing N+2 that serves N+1's package with its own, valid signature.
    let mut forged = good.clone();
    for field in ["sha256", "size", "signature", "file_name"] {
        forged["releases"][1][field] = good["releases"][0][field].clone();
    }
    set_releases(data, &forged);
    assert_refused(
        &check(&app).await,
        "a version the package was not signed for",
    );
    app.goto("#/overblik").await;
    app.goto("#/indstillinger").await;
    let error_text = app.text_of(r#"[data-testid="update-error"]"#).await;
    assert!(
        error_text.contains("Opdateringen kunne ikke bekræftes"),
        "{error_text}"
    );

    // The hub put right: N+2 is found and verified.
    set_releases(data, &good);
    let s = check(&app).await;
    assert_eq!(s["phase"], "ready", "{s}");
    assert_eq!(s["ready"]["version"], n2.as_str());

    // Through it all, the member's store, documents and account stayed as they were.
    assert_eq!(member_data(&member_dir), before);
    app.close().await;
}
