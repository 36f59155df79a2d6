//! `styrebord-hub serve` as a child process on a free loopback port, for the tests that need the
//! real binary (CLI, demo, a hub killed mid-page).

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// Starts `serve --listen 127.0.0.1:0` on `data` (with a fixed clock when `today` is given) and
/// returns the process and the address it printed on its first line ("listening on http://…").
// The log test uses only spawn_with_stderr; the module is compiled into each test binary.
#[allow(dead_code)]
pub fn spawn(data: &Path, today: Option<&str>) -> (Child, SocketAddr) {
    spawn_with_stderr(data, today, Stdio::null())
}

/// [`spawn`], with the hub's stderr (its log) going to `stderr`.
pub fn spawn_with_stderr(
    data: &Path,
    today: Option<&str>,
    stderr: impl Into<Stdio>,
) -> (Child, SocketAddr) {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("styrebord-hub"));
    cmd.arg("--data").arg(data);
    if let Some(today) = today {
        cmd.args(["--today", today]);
    }
    let mut child = cmd
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .expect("start styrebord-hub serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .strip_prefix("listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line from serve: {line:?}"))
        .parse()
        .unwrap_or_else(|e| panic!("no address in {line:?}: {e}"));
    (child, addr)
}
