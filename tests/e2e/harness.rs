//! Starts tauri-driver for the real Styrebord binary and connects a WebDriver client to it.
//!
//! Every process started here is put in its own process group and the group is killed on drop,
//! so a failing or hanging test leaves no window, driver or WebKitWebDriver behind.

use std::collections::HashMap;
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;

/// The app under test, built by Cargo for this test target.
pub const APP_BINARY: &str = env!("CARGO_BIN_EXE_styrebord");

pub struct App {
    pub client: Client,
    // Held for its Drop: stops the driver, WebKitWebDriver and the app with the test.
    _driver: DriverGroup,
    // Kept alive for the session when the app made its own home (see `launch`).
    _home: Option<tempfile::TempDir>,
}

fn tauri_driver_path() -> PathBuf {
    if let Some(path) = std::env::var_os("TAURI_DRIVER") {
        return PathBuf::from(path);
    }
    let in_repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../.tools/bin/tauri-driver");
    if in_repo.exists() {
        return in_repo;
    }
    PathBuf::from("tauri-driver")
}

/// How long the app may take from launch to an open WebDriver session (≈2 s when healthy).
const SESSION_START_LIMIT: Duration = Duration::from_secs(90);

/// The committee's day now: the date in Copenhagen, the clock the app and the hub decide with.
/// Not the machine's local date: between 23:00 and 24:00 UTC in winter (22–24 in summer) a UTC
/// runner's date is still yesterday in Copenhagen's eyes, and a meeting "today" by that date is
/// not in progress for the hub (a CI run at 00:0x Copenhagen time failed three tests on it).
pub fn committee_today() -> chrono::NaiveDate {
    styrebord_core::calendar::committee_today(chrono::Utc::now())
}

/// The day a test that runs on the real clock works with; call it once, at the test's start.
/// A test runs for minutes and the app decides with the clock: within [`MIDNIGHT_MARGIN`] of
/// Copenhagen's midnight this first waits for the new day, so "today" cannot change under the
/// test (a meeting held today would become yesterday's).
pub fn test_day() -> chrono::NaiveDate {
    let today = committee_today();
    let soon = styrebord_core::calendar::committee_today(chrono::Utc::now() + MIDNIGHT_MARGIN);
    if soon != today {
        eprintln!("waiting for Copenhagen's midnight, so that the test's day does not change");
        while committee_today() == today {
            std::thread::sleep(Duration::from_secs(1));
        }
    }
    committee_today()
}

/// Longer than the slowest test that calls [`test_day`] (about two minutes under load).
const MIDNIGHT_MARGIN: chrono::TimeDelta = chrono::TimeDelta::minutes(10);

/// How long one launched app may live. The slowest test (every view, with screenshots) takes
/// about a minute; past this limit the app is killed so that a hang fails its test instead of
/// stalling CI until its own time limit.
const APP_LIFETIME_LIMIT: Duration = Duration::from_secs(600);

pub fn free_port() -> u16 {
    // The tests run in parallel threads of one process: never hand out the same port twice, or
    // two tests' drivers (or a driver and a hub) race for it. A CI run once had two tests fail at
    // the same moment with a WebDriver session cut mid-answer, which such a race would explain.
    static HANDED_OUT: std::sync::Mutex<Vec<u16>> = std::sync::Mutex::new(Vec::new());
    let mut handed_out = HANDED_OUT.lock().unwrap_or_else(|p| p.into_inner());
    loop {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("no free TCP port on loopback");
        if !handed_out.contains(&port) {
            handed_out.push(port);
            return port;
        }
    }
}

fn wait_for_port(port: u16, timeout: Duration) {
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < timeout,
            "tauri-driver/WebKitWebDriver did not listen on port {port} within {timeout:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

impl App {
    /// Launches the app in a fresh home directory and returns a connected WebDriver client.
    pub async fn launch() -> App {
        let home = tempfile::tempdir().expect("temp home");
        let mut app = App::launch_in(home.path(), &[]).await;
        app._home = Some(home);
        app
    }

    /// Launches the app with `args`, its HOME and XDG folders under `home` (so a test can quit
    /// and start it again on the same data).
    pub async fn launch_in(home: &Path, args: &[&str]) -> App {
        App::launch_binary(Path::new(APP_BINARY), home, args).await
    }

    /// Launches `binary` (the app) under valgrind's callgrind, which writes
    /// `{out}.PID.callgrind` when the app ends: the profile `scripts/hot-code.sh` lays the
    /// release binary's code out by (`hot_code.rs`).
    pub async fn launch_profiled(binary: &str, home: &Path, args: &[&str], out: &Path) -> App {
        if let Some(lib) = touched_pages_lib() {
            // The pages of the binary's read-only segments the run touches, to `out`.touched
            // (scripts/touched-pages.c); the app runs at its own speed.
            let name = Path::new(binary)
                .file_name()
                .and_then(|n| n.to_str())
                .expect("the app binary's file name");
            let preload = format!("LD_PRELOAD={lib}");
            let record = format!("STYREBORD_TOUCHED_OUT={}.touched", out.display());
            let exe = format!("STYREBORD_TOUCHED_EXE={name}");
            let mut wrapped = vec![preload.as_str(), record.as_str(), exe.as_str(), binary];
            wrapped.extend_from_slice(args);
            return App::launch_binary(Path::new("/usr/bin/env"), home, &wrapped).await;
        }
        let out_file = format!("--callgrind-out-file={}.%p.callgrind", out.display());
        let mut wrapped = vec![
            "-q",
            "--tool=callgrind",
            "--dump-instr=yes",
            &out_file,
            binary,
        ];
        wrapped.extend_from_slice(args);
        App::launch_binary(Path::new("/usr/bin/valgrind"), home, &wrapped).await
    }

    /// Launches another Tauri binary the same way (the memory benchmark's bare window).
    pub async fn launch_binary(binary: &Path, home: &Path, args: &[&str]) -> App {
        assert!(
            std::env::var_os("DISPLAY").is_some(),
            "the end-to-end tests need a display: run them through `make test` (which uses xvfb-run)"
        );
        let port = free_port();
        let native_port = free_port();
        let driver_path = tauri_driver_path();
        let driver = DriverGroup::new(
            Command::new(&driver_path)
                .args(["--port", &port.to_string()])
                .args(["--native-port", &native_port.to_string()])
                .env("HOME", home)
                .env("XDG_DATA_HOME", home.join("data"))
                .env("XDG_CONFIG_HOME", home.join("config"))
                .env("XDG_CACHE_HOME", home.join("cache"))
                // Lets the app answer `e2e_snapshot` (see `App::png`).
                .env(styrebord_app::webview::SNAPSHOT_VAR, "1")
                // No desktop session here: the keyring is absent and the app must fall back.
                .env_remove("DBUS_SESSION_BUS_ADDRESS")
                .stdout(Stdio::null())
                .stderr(Stdio::inherit())
                .process_group(0)
                .spawn()
                .unwrap_or_else(|e| {
                    panic!(
                        "could not start {}: {e}. `make test` installs it into .tools/bin",
                        driver_path.display()
                    )
                }),
        );
        // tauri-driver starts WebKitWebDriver on the native port itself; a session request that
        // arrives before both listen is dropped mid-answer, so wait for both.
        wait_for_port(port, Duration::from_secs(20));
        wait_for_port(native_port, Duration::from_secs(20));

        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), "wry".into());
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": binary, "args": args }),
        );
        // WebKitWebDriver waits for the app's window without a limit of its own: an app that
        // dies at start (a display that refuses it, say) would otherwise hang the whole run.
        let mut builder = ClientBuilder::new(HttpConnector::new());
        builder.capabilities(caps);
        let driver_url = format!("http://127.0.0.1:{port}");
        let connect = builder.connect(&driver_url);
        let client = match tokio::time::timeout(SESSION_START_LIMIT, connect).await {
            Ok(Ok(client)) => client,
            Ok(Err(e)) => panic!("WebDriver session with the app: {e}"),
            Err(_) => panic!(
                "the app's window did not open within {SESSION_START_LIMIT:?} \
                 (see the app's stderr above for why)"
            ),
        };
        App {
            client,
            _driver: driver,
            _home: None,
        }
    }

    /// Calls a Tauri command the way the UI does and returns its result or its error body.
    pub async fn invoke(
        &self,
        command: &str,
        args: serde_json::Value,
    ) -> Result<serde_json::Value, serde_json::Value> {
        let script = r#"
            const [command, args, done] = arguments;
            window.__TAURI_INTERNALS__.invoke(command, args)
                .then((ok) => done({ ok }), (err) => done({ err }));
        "#;
        // A WebDriver error (the page reloading under the call: "Callback was not called before
        // the unload event") is an error answer too, so a `wait_until` around it tries again.
        let answer = match self
            .client
            .execute_async(script, vec![command.into(), args])
            .await
        {
            Ok(answer) => answer,
            Err(e) => {
                return Err(
                    serde_json::json!({ "code": "webdriver", "message": format!("invoke {command}: {e}") }),
                )
            }
        };
        match answer.get("ok") {
            Some(ok) => Ok(ok.clone()),
            None => Err(answer.get("err").cloned().unwrap_or(answer)),
        }
    }

    /// Polls `check` (every 200 ms, up to `timeout`) until it returns `Some`.
    pub async fn wait_until<T, F, Fut>(&self, what: &str, timeout: Duration, mut check: F) -> T
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Option<T>>,
    {
        let start = Instant::now();
        loop {
            if let Some(v) = check().await {
                return v;
            }
            assert!(
                start.elapsed() < timeout,
                "timed out after {timeout:?} waiting for {what}"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Runs `script` in the page (with `args` as `arguments`) every 200 ms, up to `timeout`,
    /// until it returns `true`; a script error (the page navigating, say) counts as not yet.
    pub async fn wait_until_script(
        &self,
        what: &str,
        timeout: Duration,
        script: &str,
        args: Vec<serde_json::Value>,
    ) {
        self.wait_until(what, timeout, || {
            let args = args.clone();
            async move {
                let v = self.client.execute(script, args).await.ok()?;
                (v == serde_json::Value::Bool(true)).then_some(())
            }
        })
        .await;
    }

    /// Waits until an element matching `css` exists and returns its text.
    pub async fn text_of(&self, css: &str) -> String {
        self.client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css}: {e}"))
            .text()
            .await
            .expect("element text")
    }

    /// The text of the first element matching `css` right now, if there is one (for polling).
    pub async fn text_now(&self, css: &str) -> Option<String> {
        self.client
            .execute(
                "const e = document.querySelector(arguments[0]); return e ? e.textContent : null;",
                vec![css.into()],
            )
            .await
            .ok()?
            .as_str()
            .map(str::to_owned)
    }

    /// Saves a PNG of the window to target/screenshots/NAME.png for humans to look at, once the
    /// window has painted its current state (see [`App::wait_for_paint`]).
    pub async fn screenshot(&self, name: &str) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots");
        std::fs::create_dir_all(&dir).expect("screenshot dir");
        self.wait_for_paint().await;
        let png = self.png().await;
        std::fs::write(dir.join(format!("{name}.png")), png).expect("write screenshot");
    }

    /// A PNG of the window's page as WebKit paints it (the app's `e2e_snapshot` command), checked
    /// to be a PNG of the window's size. Not WebDriver's screenshot command: with compositing off
    /// (src-tauri/src/webview.rs) that one never answers.
    pub async fn png(&self) -> Vec<u8> {
        use base64::Engine as _;
        let script = r#"
            const done = arguments[0];
            window.__TAURI_INTERNALS__.invoke("e2e_snapshot", {}).then((bytes) => {
                const all = new Uint8Array(bytes);
                let text = "";
                for (let i = 0; i < all.length; i += 0x8000) {
                    text += String.fromCharCode.apply(null, all.subarray(i, i + 0x8000));
                }
                done({ ok: btoa(text), width: innerWidth, height: innerHeight });
            }, (err) => done({ err }));
        "#;
        let answer = self
            .client
            .execute_async(script, vec![])
            .await
            .expect("run the snapshot script");
        let Some(b64) = answer["ok"].as_str() else {
            panic!("the app's snapshot failed: {}", answer["err"]);
        };
        let png = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .expect("the snapshot is base64");
        // A PNG's IHDR holds the width and height (big-endian) at bytes 16..24.
        assert!(
            png.len() > 24 && png.starts_with(b"\x89PNG\r\n\x1a\n"),
            "the snapshot is not a PNG ({} bytes)",
            png.len()
        );
        let dim = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().expect("4 bytes"));
        let (w, h) = (answer["width"].as_u64(), answer["height"].as_u64());
        assert_eq!(
            (Some(u64::from(dim(16))), Some(u64::from(dim(20)))),
            (w, h),
            "the snapshot is not the size of the page's viewport"
        );
        png
    }

    /// Ends the WebDriver session (closing the window); Drop then stops the driver.
    /// Navigates the UI to a route such as `#/moeder/<id>`.
    pub async fn goto(&self, hash: &str) {
        self.client
            .execute("location.hash = arguments[0];", vec![hash.into()])
            .await
            .expect("navigate");
    }

    /// Waits for the first element matching `css` and clicks it.
    pub async fn click(&self, css: &str) {
        self.client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css}: {e}"))
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    /// Waits for the first element matching `css`, clears it and types `text`.
    pub async fn type_into(&self, css: &str, text: &str) {
        let field = self
            .client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css}: {e}"));
        field.clear().await.expect("clear");
        field.send_keys(text).await.expect("type");
    }

    /// Saves a PNG of the window as NAME.png, once the window has painted its current state (see
    /// [`App::wait_for_paint`]): to target/screenshots/ on an ordinary test run, so `make test`
    /// leaves the working tree as it found it; to docs/screenshots/ (committed: the README shows
    /// them) only when `STYREBORD_SCREENSHOTS=docs` asks for it, as `make screenshots` does.
    pub async fn save_screenshot_to_docs(&self, name: &str) {
        let to_docs = std::env::var("STYREBORD_SCREENSHOTS").is_ok_and(|v| v == "docs");
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(if to_docs {
            "../docs/screenshots"
        } else {
            "../target/screenshots"
        });
        std::fs::create_dir_all(&dir).expect("screenshot dir");
        self.wait_for_paint().await;
        let png = self.png().await;
        std::fs::write(dir.join(format!("{name}.png")), png).expect("write screenshot");
    }

    /// Waits (up to two minutes) until the copy has the committee's data and every document is
    /// downloaded: nothing queued or downloading. What the benchmarks measure after.
    pub async fn wait_for_full_sync(&self) {
        self.wait_for_full_sync_within(Duration::from_secs(120))
            .await;
    }

    /// The same, with a limit of the caller's (an app under valgrind is 50 times slower).
    pub async fn wait_for_full_sync_within(&self, limit: Duration) {
        self.wait_until("the full sync", limit, || async {
            let o = self.invoke("overview", serde_json::json!({})).await.ok()?;
            let b = &o["sync"]["blobs"];
            (o["next_meeting"].is_object()
                && b["queued"].as_u64() == Some(0)
                && b["downloading"].as_u64() == Some(0))
            .then_some(())
        })
        .await;
    }

    /// Waits until the web fonts are loaded and two animation frames have passed: by then WebKit
    /// has laid out and painted what the DOM holds now (the first frame runs after the pending
    /// style and layout, the second after that frame was painted). Wait for the state itself
    /// first (an element, a text); this only makes sure it is on screen.
    pub async fn wait_for_paint(&self) {
        self.client
            .execute_async(
                r#"const done = arguments[0];
                   document.fonts.ready.then(() =>
                     requestAnimationFrame(() => requestAnimationFrame(() => done(true))));"#,
                vec![],
            )
            .await
            .expect("wait for fonts and two frames");
    }

    /// Resizes the window (its outer size; under Xvfb there is no window manager, so no frame)
    /// and waits until the page has the new width as its viewport.
    pub async fn set_window_size(&self, width: u32, height: u32) {
        self.client
            .set_window_rect(0, 0, width, height)
            .await
            .unwrap_or_else(|e| panic!("resize the window to {width}×{height}: {e}"));
        self.wait_until(
            "the page to take the window's new width",
            Duration::from_secs(10),
            || async {
                let inner = self
                    .client
                    .execute("return window.innerWidth;", vec![])
                    .await
                    .ok()?
                    .as_u64()?;
                (inner == u64::from(width)).then_some(())
            },
        )
        .await;
        self.wait_for_paint().await;
    }

    /// The widths that show sideways scrolling: `[scrollWidth, clientWidth]` of the page (the
    /// scrolling element) and of the main region. The page reflows when neither scrolls.
    pub async fn sideways(&self) -> ([u64; 2], [u64; 2]) {
        let v = self
            .client
            .execute(
                r#"const p = document.scrollingElement, m = document.querySelector("main");
                   return [p.scrollWidth, p.clientWidth, m.scrollWidth, m.clientWidth];"#,
                vec![],
            )
            .await
            .expect("measure the page");
        let n = |i: usize| v[i].as_u64().expect("a width in CSS px");
        ([n(0), n(1)], [n(2), n(3)])
    }

    /// Signs in through the first-run form, as a member would: the hub's address and the token.
    pub async fn sign_in(&self, hub_url: &str, token: &str) {
        self.type_into(r#"[data-testid="first-run-hub"]"#, hub_url)
            .await;
        self.type_into(r#"[data-testid="first-run-token"]"#, token)
            .await;
        self.click(r#"[data-testid="first-run-sign-in"]"#).await;
    }

    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

fn signal_group(pid: u32, signal: libc::c_int) {
    // A negative pid addresses the whole process group: driver, WebKitWebDriver and the app.
    // The driver was started with process_group(0), so its pgid is its pid. A guard against ever
    // signalling our own group (pid 0 or 1 would mean "everyone we can reach").
    if let Ok(pid) = libc::pid_t::try_from(pid) {
        if pid > 1 {
            // SAFETY: kill(2) with a negative pid signals that process group; no memory is shared.
            unsafe { libc::kill(-pid, signal) };
        }
    }
}

/// The driver's process group, killed on drop — also when a test fails before the session is
/// open (a panic in `launch` must not leave a driver or a window behind) — and by a watchdog
/// when it outlives `APP_LIFETIME_LIMIT`.
struct DriverGroup {
    child: Child,
    // Dropping the sender tells the watchdog thread the group ended in time.
    watchdog: Option<std::sync::mpsc::Sender<()>>,
}

impl DriverGroup {
    fn new(child: Child) -> DriverGroup {
        let (stop, stopped) = std::sync::mpsc::channel::<()>();
        let pid = child.id();
        std::thread::spawn(move || {
            if let Err(std::sync::mpsc::RecvTimeoutError::Timeout) =
                stopped.recv_timeout(APP_LIFETIME_LIMIT)
            {
                eprintln!(
                    "e2e watchdog: the app (driver pid {pid}) ran longer than \
                     {APP_LIFETIME_LIMIT:?}; killing it so its test fails instead of hanging"
                );
                signal_group(pid, libc::SIGKILL);
            }
        });
        DriverGroup {
            child,
            watchdog: Some(stop),
        }
    }
}

impl Drop for DriverGroup {
    fn drop(&mut self) {
        self.watchdog.take();
        signal_group(self.child.id(), libc::SIGTERM);
        let _ = self.child.wait();
    }
}

/// A process's command name and the fields of `/proc/PID/stat` after it.
pub fn stat_fields(pid: u32) -> Option<(String, Vec<String>)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let open = stat.find('(')?;
    let close = stat.rfind(')')?;
    let name = stat[open + 1..close].to_string();
    Some((
        name,
        stat[close + 1..]
            .split_whitespace()
            .map(str::to_owned)
            .collect(),
    ))
}

/// The process named `name` (the binary's first 15 bytes, as the kernel keeps it) whose HOME is
/// `home`, and every process below it (WebKit's web and network processes, through a sandbox
/// launcher if there is one).
pub fn app_tree(home: &Path, name: &str) -> Vec<u32> {
    let home_var = format!("HOME={}", home.display());
    let comm: String = name.chars().take(15).collect();
    let mut parent = HashMap::new();
    let mut roots = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        let Some((pname, fields)) = stat_fields(pid) else {
            continue;
        };
        if let Some(ppid) = fields.get(1).and_then(|p| p.parse::<u32>().ok()) {
            parent.insert(pid, ppid);
        }
        if pname == comm {
            let environ = std::fs::read(entry.path().join("environ")).unwrap_or_default();
            if environ.split(|b| *b == 0).any(|v| v == home_var.as_bytes()) {
                roots.push(pid);
            }
        }
    }
    let mut tree = roots.clone();
    let mut grew = true;
    while grew {
        grew = false;
        for (&pid, ppid) in &parent {
            if tree.contains(ppid) && !tree.contains(&pid) {
                tree.push(pid);
                grew = true;
            }
        }
    }
    tree
}

/// `make hot-code`'s second profile (scripts/hot-code.sh): the built scripts/touched-pages.c,
/// which [`App::launch_profiled`] preloads instead of running the app under callgrind.
pub fn touched_pages_lib() -> Option<String> {
    std::env::var("STYREBORD_PROFILE_TOUCHED_LIB").ok()
}
