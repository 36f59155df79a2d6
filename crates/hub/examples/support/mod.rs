//! What the hub's process benchmarks share: finding the release `styrebord-hub` beside the
//! example, starting it on a free port and reading the address it prints, and killing it after.

use std::error::Error;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

pub type Res<T> = Result<T, Box<dyn Error + Send + Sync>>;

/// The hub process we started: killed when dropped.
pub struct Hub {
    child: Child,
}

impl Hub {
    /// The process id, for reading the hub's CPU time from /proc.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Hub {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `bin --data DATA [global…] serve --listen 127.0.0.1:0` and returns it with its base URL.
/// `global` holds options that go before `serve` (e.g. `--today`). Its log goes to /dev/null.
#[allow(dead_code)] // not every example that includes this module starts a hub this way
pub fn start_hub(bin: &Path, data: &Path, global: &[&str]) -> Res<(Hub, String)> {
    start_hub_logging(bin, data, global, false)
}

/// [`start_hub`], with the hub's log (stderr) read through a pipe and dropped when `read_log`,
/// as journald reads a hub run by systemd: writing a line then costs what it does in service.
pub fn start_hub_logging(
    bin: &Path,
    data: &Path,
    global: &[&str],
    read_log: bool,
) -> Res<(Hub, String)> {
    let mut child = Command::new(bin)
        .arg("--data")
        .arg(data)
        .args(global)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(if read_log {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
    if let Some(mut log) = child.stderr.take() {
        std::thread::spawn(move || std::io::copy(&mut log, &mut std::io::sink()));
    }
    let mut out = BufReader::new(child.stdout.take().ok_or("no stdout")?);
    let hub = Hub { child };
    let mut line = String::new();
    out.read_line(&mut line)?;
    // Keep reading what the hub prints, so it never writes to a closed pipe.
    std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    let base = line
        .trim()
        .strip_prefix("listening on ")
        .ok_or_else(|| format!("unexpected first line from serve: {line:?}"))?
        .to_owned();
    Ok((hub, base))
}

/// The hub binary: the one given, or target/<profile>/styrebord-hub beside
/// target/<profile>/examples/<this example>.
pub fn hub_bin(given: Option<PathBuf>) -> Res<PathBuf> {
    if let Some(bin) = given {
        return Ok(bin);
    }
    let exe = std::env::current_exe()?;
    let bin = exe
        .parent()
        .and_then(Path::parent)
        .ok_or("no target directory")?
        .join("styrebord-hub");
    if !bin.exists() {
        return Err(format!(
            "{} is missing: cargo build --profile release-hub -p styrebord-hub --bin styrebord-hub",
            bin.display()
        )
        .into());
    }
    Ok(bin)
}
