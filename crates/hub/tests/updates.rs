//! App updates from the hub: `update-key` and `publish-update` (a package is refused unless its
//! signature verifies against the hub's key and names the version it is published as), and the
//! Tauri updater's manifest and package download over HTTP from the real binary.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use base64::Engine;
use reqwest::StatusCode;
use serde_json::Value;

mod serve_process;

fn hub(data: &Path) -> Command {
    let mut cmd = Command::cargo_bin("styrebord-hub").unwrap();
    cmd.arg("--data").arg(data);
    cmd
}

fn ok(cmd: &mut Command) -> String {
    let out = cmd.assert().success().get_output().clone();
    String::from_utf8(out.stdout).unwrap()
}

fn refused(cmd: &mut Command) -> String {
    let out = cmd.assert().failure().get_output().clone();
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/update-signing")
        .join(name)
}

fn b64() -> base64::engine::GeneralPurpose {
    base64::engine::general_purpose::STANDARD
}

/// The committed test-only secret key (unencrypted, so no slow key derivation in tests).
fn test_key() -> minisign::SecretKey {
    let raw = std::fs::read_to_string(fixture("test-only.key")).unwrap();
    let text = String::from_utf8(b64().decode(raw.trim()).unwrap()).unwrap();
    minisign::SecretKeyBox::from_string(&text)
        .unwrap()
        .into_unencrypted_secret_key()
        .unwrap()
}

/// A `.sig` file's contents as `tauri signer sign [--app-version V]` writes them.
fn sign(sk: &minisign::SecretKey, bytes: &[u8], version: Option<&str>) -> String {
    let mut trusted = "timestamp:1700000000\tfile:Styrebord.deb".to_owned();
    if let Some(v) = version {
        trusted.push_str(&format!("\tversion:{v}"));
    }
    let sig = minisign::sign(None, sk, bytes, Some(&trusted), None).unwrap();
    b64().encode(sig.into_string())
}

struct Files {
    dir: tempfile::TempDir,
}

impl Files {
    fn new() -> Files {
        Files {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }
}

fn publish<'a>(
    cmd: &'a mut Command,
    version: &str,
    target: &str,
    package: &Path,
    sig: &Path,
) -> &'a mut Command {
    cmd.args(["publish-update", "--version", version, "--target", target])
        .arg("--package")
        .arg(package)
        .arg("--signature")
        .arg(sig)
}

/// A hub in `data` with the committed test key and one member; returns the member's token.
fn hub_with_update_key(data: &Path) -> String {
    ok(hub(data).arg("init"));
    let invited = ok(hub(data).args([
        "invite", "--org", "KL", "--role", "member", "--name", "Karin", "--email", "k@kl.dk",
    ]));
    ok(hub(data)
        .arg("update-key")
        .arg(fixture("test-only.key.pub")));
    invited
        .lines()
        .find_map(|l| l.strip_prefix("token\t"))
        .unwrap()
        .to_owned()
}

/// What the hub at `addr` offers an app on `current` for linux/x86_64: `None` for "nothing newer"
/// (204), the updater's manifest otherwise.
async fn offered_to(
    http: &reqwest::Client,
    addr: std::net::SocketAddr,
    token: &str,
    current: &str,
) -> Option<Value> {
    let r = http
        .get(format!("http://{addr}/v1/updates/linux/x86_64/{current}"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    match r.status() {
        StatusCode::NO_CONTENT => None,
        StatusCode::OK => Some(r.json::<Value>().await.unwrap()),
        other => panic!("{other}"),
    }
}

/// A package for `version` and its signature, written into `files`: (bytes, package, .sig).
fn signed_release(files: &Files, version: &str) -> (Vec<u8>, PathBuf, PathBuf) {
    let bytes = format!("package {version}").into_bytes();
    let pkg = files.write(&format!("styrebord-{version}.deb"), &bytes);
    let sig = files.write(
        &format!("styrebord-{version}.deb.sig"),
        sign(&test_key(), &bytes, Some(version)).as_bytes(),
    );
    (bytes, pkg, sig)
}

#[test]
fn publishing_refuses_what_the_apps_would_refuse() {
    let data = tempfile::tempdir().unwrap();
    let data = data.path();
    ok(hub(data).arg("init"));
    let files = Files::new();
    let sk = test_key();
    let pkg_bytes = b"!<arch>\ndebian-binary   Styrebord 0.2.0".to_vec();
    let pkg = files.write("Styrebord_0.2.0_amd64.deb", &pkg_bytes);
    let sig = files.write("good.sig", sign(&sk, &pkg_bytes, Some("0.2.0")).as_bytes());

    // No key recorded yet: nothing can be checked, so nothing is published.
    let err = refused(publish(&mut hub(data), "0.2.0", "linux-x86_64", &pkg, &sig));
    assert!(err.contains("no update signing key"), "{err}");

    let out = ok(hub(data)
        .arg("update-key")
        .arg(fixture("test-only.key.pub")));
    assert!(out.starts_with("update key "), "{out}");

    // Signed with another key (a new pair, as a secretariat that used the wrong one).
    let other = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
    let wrong_key = files.write(
        "wrong-key.sig",
        sign(&other.sk, &pkg_bytes, Some("0.2.0")).as_bytes(),
    );
    let err = refused(publish(
        &mut hub(data),
        "0.2.0",
        "linux-x86_64",
        &pkg,
        &wrong_key,
    ));
    assert!(err.contains("signed with another key"), "{err}");

    // The signature of another file.
    let other_file = files.write(
        "other-file.sig",
        sign(&sk, b"another package", Some("0.2.0")).as_bytes(),
    );
    let err = refused(publish(
        &mut hub(data),
        "0.2.0",
        "linux-x86_64",
        &pkg,
        &other_file,
    ));
    assert!(err.contains("does not match the package"), "{err}");

    // A signature bound to another version, or to none.
    let err = refused(publish(&mut hub(data), "0.3.0", "linux-x86_64", &pkg, &sig));
    assert!(err.contains("signed as version 0.2.0, not 0.3.0"), "{err}");
    let unversioned = files.write("none.sig", sign(&sk, &pkg_bytes, None).as_bytes());
    let err = refused(publish(
        &mut hub(data),
        "0.2.0",
        "linux-x86_64",
        &pkg,
        &unversioned,
    ));
    assert!(err.contains("--app-version 0.2.0"), "{err}");

    // A target the updater never asks for, and a version that is not one.
    let err = refused(publish(&mut hub(data), "0.2.0", "linux-amd64", &pkg, &sig));
    assert!(err.contains("is not OS-ARCH"), "{err}");
    let err = refused(publish(
        &mut hub(data),
        "latest",
        "linux-x86_64",
        &pkg,
        &sig,
    ));
    assert!(err.contains("is not a version"), "{err}");

    // None of that stored anything.
    assert!(!data.join("updates/releases.json").exists());

    let out =
        ok(publish(&mut hub(data), "0.2.0", "linux-x86_64", &pkg, &sig)
            .args(["--notes", "Rettelser"]));
    assert!(
        out.starts_with("published 0.2.0 for linux-x86_64: Styrebord_0.2.0_amd64.deb"),
        "{out}"
    );
    // Once per version and target.
    let err = refused(publish(&mut hub(data), "0.2.0", "linux-x86_64", &pkg, &sig));
    assert!(err.contains("already published"), "{err}");

    // Another key over the recorded one only with --replace.
    let other_pub = files.write(
        "other.pub",
        b64()
            .encode(other.pk.to_box().unwrap().into_string())
            .as_bytes(),
    );
    let err = refused(hub(data).arg("update-key").arg(&other_pub));
    assert!(err.contains("--replace"), "{err}");
}

#[tokio::test]
async fn the_updater_finds_the_newest_release_for_its_platform_and_downloads_it() {
    let data = tempfile::tempdir().unwrap();
    let data = data.path();
    ok(hub(data).arg("init"));
    let invited = ok(hub(data).args([
        "invite",
        "--org",
        "KL",
        "--role",
        "member",
        "--name",
        "Karin",
        "--email",
        "karin@kl.dk",
    ]));
    let token = invited
        .lines()
        .find_map(|l| l.strip_prefix("token\t"))
        .unwrap()
        .to_owned();
    ok(hub(data)
        .arg("update-key")
        .arg(fixture("test-only.key.pub")));
    let files = Files::new();
    let sk = test_key();
    let mut published = Vec::new();
    for (version, target, notes) in [
        ("0.2.0", "linux-x86_64", "Nyt i 0.2.0"),
        ("0.3.0", "linux-x86_64", "Nyt i 0.3.0"),
        ("0.3.0", "linux-x86_64-deb", "Nyt i 0.3.0 (deb)"),
        ("0.4.0", "windows-x86_64", "Kun Windows"),
    ] {
        let bytes = format!("package {version} {target}").into_bytes();
        let pkg = files.write(&format!("{target}-{version}.pkg"), &bytes);
        let sig = files.write(
            &format!("{target}-{version}.sig"),
            sign(&sk, &bytes, Some(version)).as_bytes(),
        );
        ok(publish(&mut hub(data), version, target, &pkg, &sig).args(["--notes", notes]));
        published.push((version, target, bytes, sig));
    }

    let (mut child, addr) = serve_process::spawn(data, None);
    let base = format!("http://{addr}");
    let http = styrebord_sync::http::client();
    let get = |path: &str, token: Option<&str>| {
        let mut req = http.get(format!("{base}{path}"));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send()
    };

    // Like the rest of /v1: a token is needed.
    let r = get("/v1/updates/linux/x86_64/0.1.0", None).await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);

    // The newest for linux/x86_64 without a bundle kind: 0.3.0 for any bundle.
    let r = get("/v1/updates/linux/x86_64/0.1.0", Some(&token))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let m: Value = r.json().await.unwrap();
    assert_eq!(m["version"], "0.3.0");
    assert_eq!(m["notes"], "Nyt i 0.3.0");
    assert_eq!(m["file_name"], "linux-x86_64-0.3.0.pkg");
    let sig_text = std::fs::read_to_string(&published[1].3).unwrap();
    assert_eq!(m["signature"].as_str().unwrap(), sig_text.trim());
    assert!(m["pub_date"].as_str().unwrap().ends_with('Z'), "{m}");
    let url = m["url"].as_str().unwrap();
    assert!(
        url.starts_with(&format!("{base}/v1/updates/packages/")),
        "{url}"
    );
    let bytes = http
        .get(url)
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(bytes.as_ref(), published[1].2.as_slice());
    let r = http.get(url).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);

    // An app installed from the .deb gets the package made for it.
    let m: Value = get("/v1/updates/linux/x86_64/0.2.0?bundle=deb", Some(&token))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(m["notes"], "Nyt i 0.3.0 (deb)");

    // Up to date, or nothing for the platform: 204, which the updater reads as "no update".
    for path in [
        "/v1/updates/linux/x86_64/0.3.0",
        "/v1/updates/linux/x86_64/1.0.0",
        "/v1/updates/darwin/aarch64/0.1.0",
    ] {
        let r = get(path, Some(&token)).await.unwrap();
        assert_eq!(r.status(), StatusCode::NO_CONTENT, "{path}");
    }
    let m: Value = get("/v1/updates/windows/x86_64/0.1.0", Some(&token))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(m["version"], "0.4.0");

    let r = get("/v1/updates/linux/x86_64/nyeste", Some(&token))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["code"], "update_version_invalid");

    // Only published packages are served.
    let r = get(
        &format!("/v1/updates/packages/{}", "0".repeat(64)),
        Some(&token),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    let _ = child.kill();
    let _ = child.wait();
}

/// A hub restored from a backup goes on offering the update it offered, and can take the next
/// one without being given its key again: the backup holds the update folder too.
#[tokio::test]
async fn a_restored_hub_offers_the_updates_it_offered_before() {
    let tmp = tempfile::tempdir().unwrap();
    let (data, restored) = (tmp.path().join("hub"), tmp.path().join("restored"));
    let token = hub_with_update_key(&data);
    let files = Files::new();
    let release = |version: &str| signed_release(&files, version);
    let (bytes, pkg, sig) = release("0.2.0");
    ok(publish(
        &mut hub(&data),
        "0.2.0",
        "linux-x86_64",
        &pkg,
        &sig,
    ));

    let archive = tmp.path().join("hub.tar");
    let said = ok(hub(&data).arg("backup").arg("--to").arg(&archive));
    assert!(said.contains("1 app update packages"), "{said}");
    let said = ok(hub(&restored).arg("restore").arg("--from").arg(&archive));
    assert!(said.contains("and 1 app update packages"), "{said}");

    // The key came along: the next release is checked against it, and a wrongly signed one
    // still refused.
    let (_, pkg3, sig3) = release("0.3.0");
    let err = refused(publish(
        &mut hub(&restored),
        "0.3.0",
        "linux-x86_64",
        &pkg3,
        &sig,
    ));
    assert!(err.contains("signature"), "{err}");
    ok(publish(
        &mut hub(&restored),
        "0.3.0",
        "linux-x86_64",
        &pkg3,
        &sig3,
    ));

    let (mut child, addr) = serve_process::spawn(&restored, None);
    let http = styrebord_sync::http::client();
    let m = offered_to(&http, addr, &token, "0.2.5")
        .await
        .expect("an update");
    assert_eq!(m["version"], "0.3.0");
    let m = offered_to(&http, addr, &token, "0.1.0")
        .await
        .expect("an update");
    assert_eq!(m["version"], "0.3.0");
    // The package published before the backup is served from the restored folder.
    let old = format!(
        "http://{addr}/v1/updates/packages/{}",
        styrebord_hub::blobs::sha256_of(&bytes).as_str()
    );
    let got = http.get(old).bearer_auth(&token).send().await.unwrap();
    assert_eq!(got.status(), StatusCode::OK);
    assert_eq!(got.bytes().await.unwrap().as_ref(), bytes.as_slice());
    let _ = child.kill();
    let _ = child.wait();
}

/// A release found faulty is withdrawn while the hub serves: apps are offered the newest one
/// still published, its package is no longer served, and its version cannot be published again.
#[tokio::test]
async fn a_withdrawn_update_is_no_longer_offered_or_served() {
    let data = tempfile::tempdir().unwrap();
    let data = data.path();
    let token = hub_with_update_key(data);
    let files = Files::new();
    let release = |version: &str| signed_release(&files, version);
    for version in ["0.2.0", "0.3.0"] {
        let (_, pkg, sig) = release(version);
        ok(publish(&mut hub(data), version, "linux-x86_64", &pkg, &sig));
    }
    let (mut child, addr) = serve_process::spawn(data, None);
    let http = styrebord_sync::http::client();
    let offered = |current: &'static str| offered_to(&http, addr, &token, current);
    let faulty = offered("0.1.0").await.expect("an update");
    assert_eq!(faulty["version"], "0.3.0");
    let faulty_url = faulty["url"].as_str().unwrap().to_owned();

    let said = ok(hub(data).args([
        "withdraw-update",
        "--version",
        "0.3.0",
        "--target",
        "linux-x86_64",
    ]));
    assert!(said.contains("apps are offered 0.2.0 now"), "{said}");
    // The serving hub reads the index on each check: no restart.
    assert_eq!(
        offered("0.1.0").await.expect("an update")["version"],
        "0.2.0"
    );
    assert_eq!(offered("0.2.0").await, None, "0.2.0 is the newest again");
    let r = http
        .get(&faulty_url)
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::NOT_FOUND,
        "the package is not served"
    );

    let (_, pkg, sig) = release("0.3.0");
    let err = refused(publish(&mut hub(data), "0.3.0", "linux-x86_64", &pkg, &sig));
    assert!(err.contains("withdrawn on"), "{err}");
    let err = refused(hub(data).args([
        "withdraw-update",
        "--version",
        "0.3.0",
        "--target",
        "linux-x86_64",
    ]));
    assert!(err.contains("already withdrawn"), "{err}");
    let err = refused(hub(data).args([
        "withdraw-update",
        "--version",
        "0.9.0",
        "--target",
        "linux-x86_64",
    ]));
    assert!(err.contains("not published"), "{err}");

    // The remedy: a higher version, offered to those on the withdrawn one too.
    let (_, pkg, sig) = release("0.3.1");
    ok(publish(&mut hub(data), "0.3.1", "linux-x86_64", &pkg, &sig));
    assert_eq!(
        offered("0.3.0").await.expect("an update")["version"],
        "0.3.1"
    );
    let _ = child.kill();
    let _ = child.wait();
}

/// Two people publishing at once (or one withdrawing while another publishes) both get what
/// they were told: each reads the release index and writes it back, one after the other.
#[test]
fn releases_published_at_once_are_all_kept() {
    let data = tempfile::tempdir().unwrap();
    let data = data.path();
    hub_with_update_key(data);
    let files = Files::new();
    let versions: Vec<String> = (1..=12).map(|n| format!("0.{n}.0")).collect();
    let children: Vec<_> = versions
        .iter()
        .map(|version| {
            let (_, pkg, sig) = signed_release(&files, version);
            std::process::Command::new(assert_cmd::cargo::cargo_bin("styrebord-hub"))
                .arg("--data")
                .arg(data)
                .args([
                    "publish-update",
                    "--version",
                    version,
                    "--target",
                    "linux-x86_64",
                ])
                .arg("--package")
                .arg(pkg)
                .arg("--signature")
                .arg(sig)
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let index: Value =
        serde_json::from_slice(&std::fs::read(data.join("updates/releases.json")).unwrap())
            .unwrap();
    let mut kept: Vec<String> = index["releases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["version"].as_str().unwrap().to_owned())
        .collect();
    kept.sort_by_key(|v| v.split('.').nth(1).unwrap().parse::<u32>().unwrap());
    assert_eq!(kept, versions);
}
