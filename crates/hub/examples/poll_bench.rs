//! An empty poll against `/health` under `wrk`: 1,000 connections polling a member's up-to-date
//! cursor (`GET /v1/changes?since=<head>`, no long-poll wait) on a release hub process with the demo
//! data, and `/health` in the same run, alternating, several rounds. Printed as Markdown for
//! docs/BENCHMARKS.md, plus one `BENCH` line per figure:
//!
//! ```text
//! apt-get install -y wrk
//! cargo build --profile release-hub -p styrebord-hub --bin styrebord-hub --example poll_bench
//! target/release-hub/examples/poll_bench [--rounds 3] [--connections 1000] [--seconds 8] [--threads 2]
//!     [--hub-log pipe|null] [--hub-bin PATH]
//! ```
//!
//! It builds the demo hub (`styrebord-hub demo`) in a temporary directory, starts the
//! `styrebord-hub serve` built beside this example (or `--hub-bin PATH`) on 127.0.0.1:0, reads the
//! member's cursor from `/v1/me`, and checks that the poll is answered `200` with no changes
//! before measuring. Per wrk run: requests/s, p50 and p99 from wrk's `--latency` distribution,
//! wrk's timeouts (> 2 s) and non-2xx answers, and the hub process's CPU time (utime + stime from
//! /proc) over the run. The goal (issue 13) is an empty poll at ≥ 0.8× the `/health` rate of the
//! same round and a p99 under 50 ms; both are reported, not asserted. The hub logs one line per
//! request; its stderr is read through a pipe, as journald would (`--hub-log null`: /dev/null).
//! wrk and the hub share the machine's cores, so compare ratios within one round.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;

mod support;
use support::{hub_bin, start_hub_logging, Res};

/// Linux reports /proc CPU times in USER_HZ ticks, which is 100 on every Linux ABI.
const TICK: Duration = Duration::from_millis(10);
/// The demo's day; the hub serves with the same `--today`.
const TODAY: &str = "2026-03-02";

struct Args {
    hub_bin: Option<PathBuf>,
    rounds: usize,
    connections: usize,
    seconds: u64,
    threads: usize,
    /// The hub's stderr read through a pipe (as journald does), or sent to /dev/null.
    log_pipe: bool,
}

fn args() -> Res<Args> {
    let mut a = Args {
        hub_bin: None,
        rounds: 3,
        connections: 1000,
        seconds: 8,
        threads: 2,
        log_pipe: true,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--hub-bin" => a.hub_bin = Some(value()?.into()),
            "--rounds" => a.rounds = value()?.parse()?,
            "--connections" => a.connections = value()?.parse()?,
            "--seconds" => a.seconds = value()?.parse()?,
            "--threads" => a.threads = value()?.parse()?,
            "--hub-log" => {
                a.log_pipe = match value()?.as_str() {
                    "pipe" => true,
                    "null" => false,
                    other => return Err(format!("--hub-log is pipe or null, not {other}").into()),
                }
            }
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    Ok(a)
}

/// utime + stime of a process, from /proc/PID/stat fields 14–15.
fn cpu_of(pid: u32) -> Res<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    // The command name may hold spaces; the fields after it do not.
    let after = &stat[stat.rfind(')').ok_or("no ) in stat")? + 2..];
    let f: Vec<u64> = after
        .split_whitespace()
        .skip(11) // fields 3..=13
        .take(2)
        .map(str::parse)
        .collect::<Result<_, _>>()?;
    Ok(TICK * (f[0] + f[1]) as u32)
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

/// `curl -s` of a JSON answer with the token.
fn get_json(url: &str, token: &str) -> Res<(u16, Value)> {
    let out = Command::new("curl")
        .args(["-s", "-w", "\n%{http_code}", "-H"])
        .arg(format!("Authorization: Bearer {token}"))
        .arg(url)
        .output()
        .map_err(|e| format!("cannot run curl: {e}"))?;
    let text = String::from_utf8(out.stdout)?;
    let (body, code) = text.rsplit_once('\n').ok_or("no status from curl")?;
    Ok((code.parse()?, serde_json::from_str(body)?))
}

/// What one wrk run gave.
struct Wrk {
    rps: f64,
    /// Requests answered in the run.
    requests: u64,
    p50_ms: f64,
    p99_ms: f64,
    timeouts: u64,
    non_2xx: u64,
    hub_cpu: Duration,
    wall: Duration,
}

/// wrk's durations: "812.00us", "1.23ms", "2.01s", "1.50m".
fn wrk_ms(text: &str) -> Option<f64> {
    let (num, unit) = text.split_at(text.find(|c: char| c.is_ascii_alphabetic())?);
    let n: f64 = num.parse().ok()?;
    Some(match unit {
        "us" => n / 1000.0,
        "ms" => n,
        "s" => n * 1000.0,
        "m" => n * 60_000.0,
        _ => return None,
    })
}

/// Requests/s, p50 ms, p99 ms, timeouts, non-2xx answers, requests.
type WrkFigures = (f64, f64, f64, u64, u64, u64);

fn parse_wrk(out: &str) -> Res<WrkFigures> {
    let mut rps = None;
    let mut requests = None;
    let (mut p50, mut p99) = (None, None);
    let (mut timeouts, mut non_2xx) = (0, 0);
    for line in out.lines().map(str::trim) {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["Requests/sec:", n] => rps = n.parse().ok(),
            // "123456 requests in 8.00s, 20.00MB read"
            [n, "requests", "in", ..] => requests = n.parse().ok(),
            ["50%", t] => p50 = wrk_ms(t),
            ["99%", t] => p99 = wrk_ms(t),
            ["Non-2xx", "or", "3xx", "responses:", n] => non_2xx = n.parse()?,
            ["Socket", "errors:", ..] => {
                // "Socket errors: connect 0, read 0, write 0, timeout 12"
                if let Some(i) = words.iter().position(|w| *w == "timeout") {
                    timeouts = words.get(i + 1).ok_or("timeout count")?.parse()?;
                }
            }
            _ => {}
        }
    }
    match (rps, p50, p99, requests) {
        (Some(r), Some(a), Some(b), Some(n)) => Ok((r, a, b, timeouts, non_2xx, n)),
        _ => Err(format!("cannot read wrk's output:\n{out}").into()),
    }
}

fn wrk(a: &Args, pid: u32, url: &str, token: &str) -> Res<Wrk> {
    let cpu0 = cpu_of(pid)?;
    let t0 = Instant::now();
    let out = Command::new("wrk")
        .arg(format!("-t{}", a.threads))
        .arg(format!("-c{}", a.connections))
        .arg(format!("-d{}s", a.seconds))
        .arg("--latency")
        // The same header on both routes, so the requests are the same size.
        .arg("-H")
        .arg(format!("Authorization: Bearer {token}"))
        .arg(url)
        .output()
        .map_err(|e| format!("cannot run wrk (apt-get install -y wrk): {e}"))?;
    let wall = t0.elapsed();
    let hub_cpu = cpu_of(pid)? - cpu0;
    if !out.status.success() {
        return Err(format!("wrk failed: {}", String::from_utf8_lossy(&out.stderr)).into());
    }
    let (rps, p50_ms, p99_ms, timeouts, non_2xx, requests) =
        parse_wrk(&String::from_utf8(out.stdout)?)?;
    Ok(Wrk {
        rps,
        requests,
        p50_ms,
        p99_ms,
        timeouts,
        non_2xx,
        hub_cpu,
        wall,
    })
}

fn min_median_max(mut v: Vec<f64>) -> (f64, f64, f64) {
    v.sort_by(f64::total_cmp);
    (v[0], v[v.len() / 2], v[v.len() - 1])
}

fn main() -> Res<()> {
    let a = args()?;
    let bin = hub_bin(a.hub_bin.clone())?;
    let started = Instant::now();
    let load_start = loadavg();
    let dir = tempfile::tempdir()?;
    let data = dir.path().join("hub");
    let built = Command::new(&bin)
        .arg("--data")
        .arg(&data)
        .args(["--today", TODAY, "demo"])
        .output()?;
    if !built.status.success() {
        return Err(format!("demo failed: {}", String::from_utf8_lossy(&built.stderr)).into());
    }
    let tokens: Value =
        serde_json::from_str(&std::fs::read_to_string(data.join("demo-tokens.json"))?)?;
    let token = tokens["member"]["token"]
        .as_str()
        .ok_or("no member token in demo-tokens.json")?
        .to_owned();
    let (hub, base) = start_hub_logging(&bin, &data, &["--today", TODAY], a.log_pipe)?;
    let pid = hub.pid();

    let (status, me) = get_json(&format!("{base}/v1/me"), &token)?;
    let head = me["head"]
        .as_str()
        .ok_or(format!("no head in /v1/me ({status}): {me}"))?;
    let poll = format!("{base}/v1/changes?since={head}");
    // The first request notes the token's contact (a write); measure after it.
    let (status, page) = get_json(&poll, &token)?;
    if status != 200 || page["changes"].as_array().is_none_or(|c| !c.is_empty()) {
        return Err(format!("the poll at the head is not an empty page ({status}): {page}").into());
    }
    let health = format!("{base}/health");

    println!(
        "wrk -t{} -c{} -d{}s --latency; the member's poll `{poll}` vs `{health}`; {} rounds, \
         the order turned each round; the hub's log to {}. Load average at start: {load_start}.\n",
        a.threads,
        a.connections,
        a.seconds,
        a.rounds,
        if a.log_pipe { "a pipe" } else { "/dev/null" }
    );
    println!(
        "| round | request | requests/s | p50 ms | p99 ms | timeouts | non-2xx | hub CPU s | hub CPU µs per request | wall s | poll / health |"
    );
    println!("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let (mut ratios, mut p99s, mut poll_rates, mut health_rates) = (vec![], vec![], vec![], vec![]);
    // The hub's CPU per empty poll over its CPU per /health request, per round: what the poll
    // costs beyond the HTTP around it, less moved by other processes than the rates.
    let mut cpu_ratios = vec![];
    let mut hub_cpu = Duration::ZERO;
    for round in 1..=a.rounds {
        let poll_first = round % 2 == 1;
        let mut runs = Vec::new();
        for is_poll in [poll_first, !poll_first] {
            let url = if is_poll { &poll } else { &health };
            runs.push((is_poll, wrk(&a, pid, url, &token)?));
        }
        let get = |want: bool| runs.iter().find(|(p, _)| *p == want).map(|(_, w)| w);
        let (p, h) = (
            get(true).ok_or("poll run")?,
            get(false).ok_or("health run")?,
        );
        let ratio = p.rps / h.rps;
        let per_request = |w: &Wrk| w.hub_cpu.as_secs_f64() * 1e6 / w.requests.max(1) as f64;
        cpu_ratios.push(per_request(p) / per_request(h));
        for (label, w, r) in [
            ("empty poll", p, format!("**{ratio:.2}**")),
            ("/health", h, String::new()),
        ] {
            println!(
                "| {round} | {label} | {:.0} | {:.2} | {:.2} | {} | {} | {:.2} | {:.1} | {:.1} | {r} |",
                w.rps,
                w.p50_ms,
                w.p99_ms,
                w.timeouts,
                w.non_2xx,
                w.hub_cpu.as_secs_f64(),
                per_request(w),
                w.wall.as_secs_f64()
            );
            hub_cpu += w.hub_cpu;
        }
        if p.non_2xx > 0 {
            return Err(format!("{} polls were not answered 2xx", p.non_2xx).into());
        }
        ratios.push(ratio);
        p99s.push(p.p99_ms);
        poll_rates.push(p.rps);
        health_rates.push(h.rps);
    }
    let load_end = loadavg();
    println!("\nLoad average at end: {load_end}.");
    drop(hub);

    let wall = started.elapsed().as_secs_f64();
    let cpu = hub_cpu.as_secs_f64();
    let load1 = load_end.split_whitespace().next().unwrap_or("-").to_owned();
    let c = a.connections;
    for (figure, goal, values, unit) in [
        (
            format!("hub empty poll / health rate, {c} connections"),
            ">= 0.8",
            ratios,
            "x",
        ),
        (
            format!("hub empty poll p99, {c} connections"),
            "< 50",
            p99s,
            "ms",
        ),
        (
            format!("hub CPU per empty poll / per /health request, {c} connections"),
            "-",
            cpu_ratios,
            "x",
        ),
        (
            format!("hub empty poll rate, {c} connections"),
            "-",
            poll_rates,
            "req/s",
        ),
        (
            format!("hub /health rate, {c} connections"),
            "-",
            health_rates,
            "req/s",
        ),
    ] {
        let (lo, mid, hi) = min_median_max(values);
        println!("BENCH\t{figure}\t{goal}\t{lo:.2}\t{mid:.2}\t{hi:.2}\t{unit}\t{wall:.1}\t{cpu:.2}\t{load1}");
    }
    Ok(())
}
