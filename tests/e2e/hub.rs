//! A real `styrebord-hub` process for the end-to-end tests: demo data, serve, stop, start again.

use std::net::TcpStream;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// The hub binary Cargo built beside the app for this same test run.
pub fn hub_binary() -> PathBuf {
    Path::new(super::harness::APP_BINARY)
        .with_file_name("styrebord-hub")
        .to_path_buf()
}

pub struct Hub {
    pub data: PathBuf,
    pub port: u16,
    pub tokens: Value,
    process: Option<Child>,
}

impl Hub {
    /// `styrebord-hub demo` into `data`, then serves it on `port`.
    pub fn demo(data: &Path, port: u16) -> Hub {
        let out = Command::new(hub_binary())
            .arg("--data")
            .arg(data)
            .arg("demo")
            .output()
            .expect("run styrebord-hub demo (built by cargo test --workspace)");
        assert!(
            out.status.success(),
            "styrebord-hub demo failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let tokens: Value = serde_json::from_slice(
            &std::fs::read(data.join("demo-tokens.json")).expect("demo-tokens.json"),
        )
        .expect("tokens JSON");
        Hub::serve(data, port, tokens)
    }

    /// Serves a hub already in `data` (made with `init` and the CLI's acts) on `port`; `tokens`
    /// maps a name to `{"token": …}`, as demo-tokens.json does.
    pub fn serve(data: &Path, port: u16, tokens: Value) -> Hub {
        let mut hub = Hub {
            data: data.to_path_buf(),
            port,
            tokens,
            process: None,
        };
        hub.start();
        hub
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn token(&self, who: &str) -> String {
        self.tokens[who]["token"]
            .as_str()
            .unwrap_or_else(|| panic!("no {who} token in demo-tokens.json"))
            .to_string()
    }

    pub fn start(&mut self) {
        assert!(self.process.is_none(), "hub already running");
        let child = Command::new(hub_binary())
            .arg("--data")
            .arg(&self.data)
            .arg("serve")
            .args(["--listen", &format!("127.0.0.1:{}", self.port)])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("start styrebord-hub serve");
        self.process = Some(child);
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "hub did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Stops the hub (SIGTERM, graceful) and waits until it is gone: the app is offline.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.process.take() {
            if let Ok(pid) = libc::pid_t::try_from(child.id()) {
                // SAFETY: kill(2) on our own child's pid; no memory is shared.
                unsafe { libc::kill(pid, libc::SIGTERM) };
            }
            let _ = child.wait();
        }
    }

    /// Every change the secretariat can see, paging to the head of the log.
    pub async fn all_changes(&self) -> Vec<Value> {
        self.changes_as("secretariat").await
    }

    /// Every change `who` can see, paging to the head of the log.
    pub async fn changes_as(&self, who: &str) -> Vec<Value> {
        let http = styrebord_sync::http::client();
        let mut since = String::new();
        let mut changes = Vec::new();
        loop {
            // Cursors are "epoch.seq": nothing in them needs URL-escaping.
            let url = if since.is_empty() {
                format!("{}/v1/changes", self.url())
            } else {
                format!("{}/v1/changes?since={since}", self.url())
            };
            let page: Value = http
                .get(url)
                .bearer_auth(self.token(who))
                .send()
                .await
                .expect("GET /v1/changes")
                .error_for_status()
                .expect("changes status")
                .json()
                .await
                .expect("changes JSON");
            changes.extend(page["changes"].as_array().cloned().unwrap_or_default());
            since = page["cursor"].as_str().unwrap_or_default().to_string();
            if page["has_more"] != Value::Bool(true) {
                return changes;
            }
        }
    }
}

/// Runs a `styrebord-hub` admin command on `data` (the secretariat at the hub's machine) and
/// returns what it printed; it must succeed.
pub fn cli(data: &Path, args: &[&str]) -> String {
    let out = Command::new(hub_binary())
        .arg("--data")
        .arg(data)
        .args(args)
        .output()
        .expect("run styrebord-hub");
    assert!(
        out.status.success(),
        "styrebord-hub {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// Invites someone with the CLI (as the secretariat does at installation) and returns their
/// token.
pub fn invite(data: &Path, org: &str, role: &str, name: &str, email: &str) -> String {
    let out = cli(
        data,
        &[
            "invite", "--org", org, "--role", role, "--name", name, "--email", email,
        ],
    );
    field(&out, "token")
}

/// The value after `label<TAB>` in a command's output (e.g. the token of `invite`).
pub fn field(out: &str, label: &str) -> String {
    out.lines()
        .find_map(|l| l.strip_prefix(&format!("{label}\t")))
        .unwrap_or_else(|| panic!("no {label} in {out}"))
        .to_owned()
}

impl Drop for Hub {
    fn drop(&mut self) {
        self.stop();
    }
}
