//! Hub benchmarks on loopback, printed as Markdown for docs/BENCHMARKS.md:
//!
//! ```text
//! cargo run --release -p styrebord-hub --example bench
//! ```
//!
//! Builds the demo hub in a temp directory, serves it in-process on 127.0.0.1:0 (its own 2-worker
//! runtime; the clients run on another), and measures:
//! - `/v1/changes` latency (p50/p99) with 1, 100 and 1,000 concurrent polling clients, each its
//!   own HTTP connection, polling back to back without pause (the worst case), both "up to date"
//!   (since = head: an empty page, the steady state) and "first sync" (the whole demo log);
//! - mutations applied per second (`record_quarterly_status` by the secretariat) in batches of
//!   100, 10 (ten devices at once) and 1;
//! - blob download throughput of one 128 MiB blob: this Rust client (reqwest, as the app's sync
//!   engine) against `curl` of the same file from the same hub, alternating, in the same run.
//!
//! Every loop is bounded by a request count and a time limit per scenario.

use std::error::Error;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use serde_json::{json, Value};
use styrebord_core::entity::EntityKind;
use styrebord_core::meeting::{AgendaItem, Meeting, MeetingStatus};
use styrebord_hub::store::{self, Store};
use styrebord_hub::{admin, Clock, ServeConfig};
use tokio::sync::Barrier;
use uuid::Uuid;

type Res<T> = Result<T, Box<dyn Error + Send + Sync>>;

/// Per scenario: stop starting new requests after this long.
const TIME_LIMIT: Duration = Duration::from_secs(60);
const BLOB_MIB: usize = 128;
const BLOB_ROUNDS: usize = 5;

fn main() -> Res<()> {
    let today = NaiveDate::from_ymd_opt(2026, 3, 2).ok_or("date")?;
    let dir = tempfile::tempdir()?;
    let demo = styrebord_hub::demo::build(dir.path(), today)?;
    let member = demo.tokens.member.token.clone();
    let secretariat = demo.tokens.secretariat.token.clone();

    // One big blob on the upcoming meeting (visible to members). Material is PDF, so a PDF
    // header over incompressible bytes: the hub takes it, and it has no text to extract.
    let store = Store::open(dir.path())?;
    let item = published_item(&store)?;
    let mut big = b"%PDF-1.7\n".to_vec();
    big.extend(pseudo_random(BLOB_MIB * 1024 * 1024));
    let file = dir.path().join("big.bin");
    std::fs::write(&file, &big)?;
    let (doc, _) = admin::publish_material(&store, &file, item, Some("Stor fil"), today)?;
    drop(big);
    std::fs::remove_file(&file)?;

    let server_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let hub = server_rt.block_on(styrebord_hub::start(ServeConfig {
        max_upload: styrebord_hub::DEFAULT_MAX_UPLOAD,
        data: dir.path().to_path_buf(),
        listen: "127.0.0.1:0".parse()?,
        max_body: styrebord_hub::DEFAULT_MAX_BODY,
        clock: Clock::Fixed(today),
    }))?;
    let base = format!("http://{}", hub.addr);
    let client_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;

    println!(
        "Demo hub: {} changes; blob {} MiB.\n",
        demo.counts.changes, BLOB_MIB
    );
    client_rt.block_on(async {
        let me: Value = styrebord_sync::http::client()
            .get(format!("{base}/v1/me"))
            .bearer_auth(&member)
            .send()
            .await?
            .json()
            .await?;
        let head = me["head"].as_str().ok_or("no head")?.to_owned();
        let whole = styrebord_sync::http::client()
            .get(format!("{base}/v1/changes?limit=1000"))
            .bearer_auth(&member)
            .send()
            .await?
            .bytes()
            .await?;
        println!(
            "A member's whole log is one page of {} KB.\n",
            whole.len() / 1000
        );

        println!("### `/v1/changes` latency\n");
        println!("| clients | request | requests | p50 ms | p99 ms | max ms | requests/s |");
        println!("|---:|---|---:|---:|---:|---:|---:|");
        let up_to_date = format!("/v1/changes?since={head}");
        let first_sync = "/v1/changes?limit=1000".to_owned();
        for (clients, per_client, path, label) in [
            (1, 2000, &up_to_date, "up to date (empty page)"),
            (100, 30, &up_to_date, "up to date (empty page)"),
            (1000, 5, &up_to_date, "up to date (empty page)"),
            (1, 500, &first_sync, "first sync (whole log)"),
            (100, 5, &first_sync, "first sync (whole log)"),
            (1000, 1, &first_sync, "first sync (whole log)"),
        ] {
            let r = poll(&base, &member, path, clients, per_client).await?;
            println!(
                "| {clients} | {label} | {} | {:.2} | {:.2} | {:.2} | {:.0} |",
                r.latencies.len(),
                ms(pct(&r.latencies, 0.50)),
                ms(pct(&r.latencies, 0.99)),
                ms(*r.latencies.last().unwrap_or(&Duration::ZERO)),
                r.latencies.len() as f64 / r.wall.as_secs_f64(),
            );
            let what = format!("hub in-process: {label}, {clients} clients");
            bench_line(&format!("{what}, p99"), ms(pct(&r.latencies, 0.99)), "ms");
            bench_line(
                &format!("{what}, rate"),
                r.latencies.len() as f64 / r.wall.as_secs_f64(),
                "req/s",
            );
        }

        println!("\n### Mutations\n");
        println!("| devices | batch size | mutations | seconds | mutations/s |");
        println!("|---:|---:|---:|---:|---:|");
        let status = first_status(&base, &member).await?;
        for (devices, batches, batch) in [(1, 50, 100), (10, 20, 10), (1, 1000, 1)] {
            let (n, wall) = mutate(&base, &secretariat, &status, devices, batches, batch).await?;
            println!(
                "| {devices} | {batch} | {n} | {:.2} | {:.0} |",
                wall.as_secs_f64(),
                n as f64 / wall.as_secs_f64()
            );
            bench_line(
                &format!("hub: mutations, {devices} device(s), batches of {batch}"),
                n as f64 / wall.as_secs_f64(),
                "mut/s",
            );
        }

        println!("\n### Blob download ({BLOB_MIB} MiB, loopback, median of {BLOB_ROUNDS})\n");
        let url = format!("{base}/v1/blobs/{}", doc.sha256.as_str());
        let (mut ours, mut curl) = (Vec::new(), Vec::new());
        for _ in 0..BLOB_ROUNDS {
            ours.push(download_reqwest(&url, &member, doc.size_bytes).await?);
            curl.push(download_curl(&url, &member, doc.size_bytes)?);
        }
        let (ours, curl) = (median(&mut ours), median(&mut curl));
        println!("| client | MB/s (10^6 B/s) |");
        println!("|---|---:|");
        println!("| reqwest (the app's HTTP client) | {ours:.0} |");
        println!("| curl | {curl:.0} |");
        println!("| ratio reqwest / curl | {:.2} |", ours / curl);
        bench_line("hub: blob download, reqwest", ours, "MB/s");
        bench_line("hub: blob download, reqwest / curl", ours / curl, "x");
        Ok::<_, Box<dyn Error + Send + Sync>>(())
    })?;
    server_rt.block_on(hub.stop())?;
    Ok(())
}

/// One figure for `make bench` (scripts/bench/run.py): a single run, so only the median field;
/// the runner fills in wall time, CPU and load for the whole example.
fn bench_line(figure: &str, value: f64, unit: &str) {
    println!("BENCH\t{figure}\t-\t-\t{value:.2}\t-\t{unit}\t-\t-\t-");
}

fn published_item(store: &Store) -> Res<styrebord_core::AgendaItemId> {
    Ok(store
        .read(|c| {
            let meetings: Vec<Meeting> = store::list_entities(c, EntityKind::Meeting, None)?;
            let items: Vec<AgendaItem> = store::list_entities(c, EntityKind::AgendaItem, None)?;
            Ok(items.into_iter().find(|i| {
                meetings
                    .iter()
                    .any(|m| m.id == i.meeting && m.status == MeetingStatus::Published)
            }))
        })?
        .ok_or("no agenda item of a published meeting")?
        .id)
}

/// Incompressible, deterministic bytes (xorshift64).
fn pseudo_random(len: usize) -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.extend_from_slice(&x.to_le_bytes());
    }
    out.truncate(len);
    out
}

struct Run {
    /// Sorted.
    latencies: Vec<Duration>,
    wall: Duration,
}

/// `clients` connections at once, each sending `per_client` GETs of `path` back to back.
async fn poll(base: &str, token: &str, path: &str, clients: usize, per_client: usize) -> Res<Run> {
    let barrier = Arc::new(Barrier::new(clients + 1));
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (barrier, url, token) = (barrier.clone(), format!("{base}{path}"), token.to_owned());
        let health = format!("{base}/health");
        tasks.push(tokio::spawn(async move {
            // Each client has its own connection, opened before the clock starts.
            let client = styrebord_sync::http::builder()
                .pool_max_idle_per_host(1)
                .build()?;
            client.get(health).send().await?.bytes().await?;
            barrier.wait().await;
            let start = Instant::now();
            let mut lat = Vec::with_capacity(per_client);
            for _ in 0..per_client {
                if start.elapsed() > TIME_LIMIT {
                    break;
                }
                let t = Instant::now();
                let resp = client.get(&url).bearer_auth(&token).send().await?;
                if !resp.status().is_success() {
                    return Err(format!("{}", resp.status()).into());
                }
                resp.bytes().await?;
                lat.push(t.elapsed());
            }
            Ok::<_, Box<dyn Error + Send + Sync>>(lat)
        }));
    }
    barrier.wait().await;
    let start = Instant::now();
    let mut latencies = Vec::new();
    for t in tasks {
        latencies.extend(t.await??);
    }
    let wall = start.elapsed();
    latencies.sort();
    Ok(Run { latencies, wall })
}

async fn first_status(base: &str, token: &str) -> Res<Value> {
    let page: Value = styrebord_sync::http::client()
        .get(format!("{base}/v1/changes?limit=1000"))
        .bearer_auth(token)
        .send()
        .await?
        .json()
        .await?;
    page["changes"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["kind"] == "quarterly_status"))
        .map(|c| c["body"].clone())
        .ok_or_else(|| "no quarterly status".into())
}

/// `devices` devices at once, each sending `batches` batches of `batch` status records.
async fn mutate(
    base: &str,
    token: &str,
    status: &Value,
    devices: usize,
    batches: usize,
    batch: usize,
) -> Res<(usize, Duration)> {
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..devices {
        let (url, token, status) = (
            format!("{base}/v1/mutations"),
            token.to_owned(),
            status.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let client = styrebord_sync::http::client();
            let device = Uuid::now_v7();
            let mut seq = 0u64;
            let mut applied = 0usize;
            for _ in 0..batches {
                if start.elapsed() > TIME_LIMIT {
                    break;
                }
                let mutations: Vec<Value> = (0..batch)
                    .map(|_| {
                        seq += 1;
                        json!({
                            "mutation_id": Uuid::now_v7(),
                            "client_seq": seq,
                            "op": {"type": "record_quarterly_status", "status": status},
                        })
                    })
                    .collect();
                let body = json!({"device_id": device, "mutations": mutations});
                let v: Value = client
                    .post(&url)
                    .bearer_auth(&token)
                    .json(&body)
                    .send()
                    .await?
                    .json()
                    .await?;
                let results = v["results"].as_array().ok_or("no results")?;
                if let Some(bad) = results.iter().find(|r| r["status"] != "applied") {
                    return Err(format!("not applied: {bad}").into());
                }
                applied += results.len();
            }
            Ok::<_, Box<dyn Error + Send + Sync>>(applied)
        }));
    }
    let mut n = 0;
    for t in tasks {
        n += t.await??;
    }
    Ok((n, start.elapsed()))
}

/// MB/s (10^6 bytes per second) for one download, reading the body as a stream.
async fn download_reqwest(url: &str, token: &str, size: u64) -> Res<f64> {
    let client = styrebord_sync::http::client();
    let t = Instant::now();
    let mut resp = client.get(url).bearer_auth(token).send().await?;
    let mut got = 0u64;
    while let Some(chunk) = resp.chunk().await? {
        got += chunk.len() as u64;
    }
    let secs = t.elapsed().as_secs_f64();
    if got != size {
        return Err(format!("got {got} of {size} bytes").into());
    }
    Ok(got as f64 / secs / 1e6)
}

/// MB/s as curl itself measures it (`speed_download`, bytes per second).
fn download_curl(url: &str, token: &str, size: u64) -> Res<f64> {
    let out = Command::new("curl")
        .args([
            "-sS",
            "--fail",
            "-o",
            "/dev/null",
            "-w",
            "%{size_download} %{speed_download}",
        ])
        .args(["--max-time", "60", "-H"])
        .arg(format!("Authorization: Bearer {token}"))
        .arg(url)
        .output()?;
    if !out.status.success() {
        return Err(format!("curl failed: {}", String::from_utf8_lossy(&out.stderr)).into());
    }
    let text = String::from_utf8(out.stdout)?;
    let mut parts = text.split_whitespace();
    let got: u64 = parts.next().ok_or("curl output")?.parse()?;
    let speed: f64 = parts.next().ok_or("curl output")?.parse()?;
    if got != size {
        return Err(format!("curl got {got} of {size} bytes").into());
    }
    Ok(speed / 1e6)
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((sorted.len() as f64) * p).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
