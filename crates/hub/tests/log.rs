//! The request log (docs/OPERATIONS.md, "Logs"): one line per answered request, carrying the
//! `x-request-id` the answer had, through the real binary. The hub hands its lines to a thread
//! that writes them in batches (telemetry.rs, `tracing-appender`): every answered request's line
//! is on stderr, once and whole, after a hub stopped with SIGTERM has exited.

use std::process::Command;

mod serve_process;

/// Requests sent at once, in each of a few rounds, the last just before SIGTERM.
const AT_ONCE: usize = 100;
const ROUNDS: usize = 3;

#[tokio::test]
async fn every_answered_request_is_logged_once_by_the_time_a_stopped_hub_exits() {
    let dir = tempfile::tempdir().unwrap();
    let log_path = dir.path().join("stderr.log");
    let (mut hub, addr) = serve_process::spawn_with_stderr(
        &dir.path().join("data"),
        None,
        std::fs::File::create(&log_path).unwrap(),
    );
    let base = format!("http://{addr}");

    let client = styrebord_sync::http::client();
    let mut ids = Vec::new();
    for _ in 0..ROUNDS {
        let answers = futures_util::future::join_all((0..AT_ONCE).map(|_| {
            let req = client.get(format!("{base}/health"));
            async move { req.send().await.unwrap() }
        }))
        .await;
        for a in answers {
            assert_eq!(a.status(), reqwest::StatusCode::OK);
            let id = a.headers()["x-request-id"].to_str().unwrap().to_owned();
            assert!(uuid::Uuid::parse_str(&id).is_ok(), "not a UUID: {id}");
            ids.push(id);
        }
    }

    let pid = hub.id().to_string();
    let killed = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(killed.success(), "kill -TERM {pid}");
    let status = hub.wait().unwrap();
    assert!(status.success(), "the hub stopped with {status}");

    let log = std::fs::read_to_string(&log_path).unwrap();
    let answered: Vec<&str> = log.lines().filter(|l| l.contains(" answered ")).collect();
    for id in &ids {
        let lines = answered.iter().filter(|l| l.contains(id.as_str())).count();
        assert_eq!(
            lines, 1,
            "request {id}: {lines} log lines, not one, in:\n{log}"
        );
    }
    assert_eq!(answered.len(), ids.len(), "{log}");
    // Lines are whole: the batches never split or interleave them.
    for l in &answered {
        assert!(l.ends_with(|c: char| c.is_ascii_digit()), "{l}");
        assert!(l.contains("status=200 latency_ms="), "{l}");
    }
    assert!(
        log.lines()
            .last()
            .is_some_and(|l| l.contains("shutting down")),
        "the last line is the shutdown's:\n{log}"
    );
}
