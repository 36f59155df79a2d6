//! Upload of a 50 MB PDF to a release hub: the app's HTTP client (reqwest, the whole file in one
//! `PUT /v1/blobs/{sha256}`) against `curl -T`, interleaved, printed as Markdown for
//! docs/BENCHMARKS.md:
//!
//! ```text
//! cargo build --release -p styrebord-hub --bin styrebord-hub --example upload_bench
//! target/release/examples/upload_bench [--rounds 5] [--mb 50]
//! target/release/examples/upload_bench --url http://HOST:PORT --token TOKEN   # a running hub
//! ```
//!
//! Without `--url` it initialises a temporary data directory (`init`, then a secretariat person
//! invited, as `styrebord-hub init` and `invite` do) and starts the release `styrebord-hub serve`
//! beside this example (or `--hub-bin PATH`) on 127.0.0.1:0.
//!
//! Each upload is of a different file (the same image bytes, a few bytes of the page text
//! changed, so a new SHA-256): an upload of a stored file would be a no-op. Timed: from reading
//! the file to the hub's `201` (reqwest; the file is read into memory and sent as one body, since
//! this workspace's reqwest has no streaming-body feature), and the whole `curl` process
//! (`curl -T file -H "Authorization: Bearer …" URL`). A third row times the same reqwest PUT from
//! when the file is already in memory, to tell the read from the send. CPU from /proc: this
//! process's (the reqwest client), curl's (children's time), and the hub process's when it is
//! ours.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;
use styrebord_core::org::Role;
use styrebord_core::OrgId;
use styrebord_hub::admin;
use styrebord_hub::store::Store;

mod support;
use support::{hub_bin, start_hub, Res};

/// Linux reports /proc CPU times in USER_HZ ticks, which is 100 on every Linux ABI.
const TICK: Duration = Duration::from_millis(10);

struct Args {
    url: Option<String>,
    token: Option<String>,
    hub_bin: Option<PathBuf>,
    rounds: usize,
    mb: usize,
}

fn args() -> Res<Args> {
    let mut a = Args {
        url: None,
        token: None,
        hub_bin: None,
        rounds: 5,
        mb: 50,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--url" => a.url = Some(value()?),
            "--token" => a.token = Some(value()?),
            "--hub-bin" => a.hub_bin = Some(value()?.into()),
            "--rounds" => a.rounds = value()?.parse()?,
            "--mb" => a.mb = value()?.parse()?,
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    if a.url.is_some() != a.token.is_some() {
        return Err("--url and --token go together".into());
    }
    Ok(a)
}

/// (user + system CPU of the process, user + system CPU of its waited-for children), from
/// /proc/PID/stat fields 14–17.
fn cpu_of(pid: &str) -> Res<(Duration, Duration)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    // The command name may hold spaces; the fields after it do not.
    let after = &stat[stat.rfind(')').ok_or("no ) in stat")? + 2..];
    let f: Vec<u64> = after
        .split_whitespace()
        .skip(11) // fields 3..=13
        .take(4)
        .map(str::parse)
        .collect::<Result<_, _>>()?;
    Ok((TICK * (f[0] + f[1]) as u32, TICK * (f[2] + f[3]) as u32))
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

/// xorshift64: incompressible, deterministic.
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

/// The label on the page, always this many bytes, so every variant has the same layout.
const LABEL: usize = 24;

/// A valid one-page PDF of about `mb` × 10^6 bytes: a line of text (`LABEL` bytes of it at
/// `label_at`, to vary per upload) over an uncompressed RGB image of random pixels, as a scan
/// would be. Returns the bytes and where the label is.
fn build_pdf(mb: usize) -> (Vec<u8>, usize) {
    let width = 4096usize;
    let height = (mb * 1_000_000).saturating_sub(2_000) / (width * 3);
    let mut pdf = Vec::with_capacity(mb * 1_000_000 + 4096);
    let mut offsets = Vec::new();
    pdf.extend_from_slice(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
    let mut obj = |pdf: &mut Vec<u8>, body: &[u8]| {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n", offsets.len()).as_bytes());
        pdf.extend_from_slice(body);
        pdf.extend_from_slice(b"\nendobj\n");
    };
    obj(&mut pdf, b"<< /Type /Catalog /Pages 2 0 R >>");
    obj(&mut pdf, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    obj(
        &mut pdf,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
          /Resources << /Font << /F1 5 0 R >> /XObject << /Im1 6 0 R >> >> >>",
    );
    let label = "#".repeat(LABEL);
    let content =
        format!("q 595 0 0 842 0 0 cm /Im1 Do Q BT /F1 12 Tf 72 800 Td (Bilag {label}) Tj ET");
    let stream = format!(
        "<< /Length {} >>\nstream\n{content}\nendstream",
        content.len()
    );
    obj(&mut pdf, stream.as_bytes());
    let label_at = pdf.len() - "\nendobj\n\nendstream) Tj ET".len() - LABEL;
    obj(
        &mut pdf,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    );
    let pixels = pseudo_random(width * height * 3);
    let mut image = format!(
        "<< /Type /XObject /Subtype /Image /Width {width} /Height {height} \
         /ColorSpace /DeviceRGB /BitsPerComponent 8 /Length {} >>\nstream\n",
        pixels.len()
    )
    .into_bytes();
    image.extend_from_slice(&pixels);
    image.extend_from_slice(b"\nendstream");
    obj(&mut pdf, &image);
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1).as_bytes(),
    );
    for o in &offsets {
        pdf.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            offsets.len() + 1
        )
        .as_bytes(),
    );
    assert_eq!(&pdf[label_at..label_at + LABEL], label.as_bytes());
    (pdf, label_at)
}

#[derive(Clone, Copy, PartialEq)]
enum Client {
    /// Reads the file, then sends it in one PUT; timed from the read.
    Reqwest,
    /// The same PUT, timed from when the file is already in memory: the send alone.
    ReqwestInMemory,
    Curl,
}

impl Client {
    fn name(self) -> &'static str {
        match self {
            Client::Reqwest => "reqwest",
            Client::ReqwestInMemory => "in-mem",
            Client::Curl => "curl",
        }
    }
}

struct Sample {
    wall: Duration,
    /// CPU of the client: this process (reqwest) or the curl process.
    client_cpu: Duration,
    /// CPU of the hub process during the upload, when it is ours.
    hub_cpu: Option<Duration>,
}

struct Target<'a> {
    base: &'a str,
    token: &'a str,
    hub_pid: Option<String>,
}

fn hub_cpu(t: &Target<'_>) -> Res<Option<Duration>> {
    t.hub_pid
        .as_deref()
        .map(|pid| cpu_of(pid).map(|(own, _)| own))
        .transpose()
}

async fn upload_reqwest(
    http: &reqwest::Client,
    t: &Target<'_>,
    file: &Path,
    sha: &str,
    time_the_read: bool,
) -> Res<Sample> {
    let mut body = None;
    if !time_the_read {
        body = Some(tokio::fs::read(file).await?);
    }
    let (cpu0, hub0) = (cpu_of("self")?.0, hub_cpu(t)?);
    let start = Instant::now();
    // From the file, the body streams as it is read (as the app's desk will send a large PDF);
    // the in-memory row sends bytes already read.
    let body = match body {
        Some(body) => reqwest::Body::from(body),
        None => reqwest::Body::wrap_stream(tokio_util::io::ReaderStream::with_capacity(
            tokio::fs::File::open(file).await?,
            256 * 1024,
        )),
    };
    let resp = http
        .put(format!("{}/v1/blobs/{sha}", t.base))
        .bearer_auth(t.token)
        .body(body)
        .send()
        .await?;
    let status = resp.status();
    let text = resp.text().await?;
    let wall = start.elapsed();
    let (cpu1, hub1) = (cpu_of("self")?.0, hub_cpu(t)?);
    if status != reqwest::StatusCode::CREATED {
        return Err(format!("reqwest upload: {status} {text}").into());
    }
    Ok(Sample {
        wall,
        client_cpu: cpu1 - cpu0,
        hub_cpu: hub0.zip(hub1).map(|(a, b)| b - a),
    })
}

fn upload_curl(t: &Target<'_>, file: &Path, sha: &str) -> Res<Sample> {
    let (children0, hub0) = (cpu_of("self")?.1, hub_cpu(t)?);
    let start = Instant::now();
    let out = Command::new("curl")
        .args(["-sS", "-o", "/dev/null", "-w", "%{http_code}", "-T"])
        .arg(file)
        .arg("-H")
        .arg(format!("Authorization: Bearer {}", t.token))
        .arg(format!("{}/v1/blobs/{sha}", t.base))
        .output()?;
    let wall = start.elapsed();
    let (children1, hub1) = (cpu_of("self")?.1, hub_cpu(t)?);
    let code = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() || code != "201" {
        return Err(format!(
            "curl upload: {code} {}",
            String::from_utf8_lossy(&out.stderr)
        )
        .into());
    }
    Ok(Sample {
        wall,
        client_cpu: children1 - children0,
        hub_cpu: hub0.zip(hub1).map(|(a, b)| b - a),
    })
}

/// The hub says the upload is complete, with all its bytes.
async fn check_stored(http: &reqwest::Client, t: &Target<'_>, sha: &str, size: u64) -> Res<()> {
    let v: Value = http
        .get(format!("{}/v1/uploads/{sha}", t.base))
        .bearer_auth(t.token)
        .send()
        .await?
        .json()
        .await?;
    if v["complete"] != true || v["received"].as_u64() != Some(size) {
        return Err(format!("not stored: {v}").into());
    }
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() -> Res<()> {
    let args = args()?;
    let dir = tempfile::tempdir()?;
    let load_before = loadavg();

    // The hub: a running one, or the release binary on a fresh data directory.
    let (hub, base, token) = match (&args.url, &args.token) {
        (Some(url), Some(token)) => (None, url.trim_end_matches('/').to_owned(), token.clone()),
        _ => {
            let data = dir.path().join("hub");
            std::fs::create_dir_all(&data)?;
            let store = Store::open(&data)?;
            admin::init(&store)?;
            let sec = admin::invite(
                &store,
                &OrgId::parse("DIGST")?,
                Role::Secretariat,
                "Sara Sekretær",
                "sara@digst.dk",
            )?;
            drop(store);
            let (hub, base) = start_hub(&hub_bin(args.hub_bin.clone())?, &data, &[])?;
            (Some(hub), base, sec.token)
        }
    };
    let target = Target {
        base: &base,
        token: &token,
        hub_pid: hub.as_ref().map(|h| h.pid().to_string()),
    };

    let (mut pdf, label_at) = build_pdf(args.mb);
    let size = pdf.len() as u64;
    let file = dir.path().join("bilag.pdf");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let http = styrebord_sync::http::client();
    let mut samples: Vec<(Client, Sample)> = Vec::new();
    for round in 0..args.rounds {
        // Interleaved, and which goes first turns with the rounds.
        let mut order = [Client::Reqwest, Client::Curl, Client::ReqwestInMemory];
        order.rotate_left(round % 3);
        for client in order {
            let name = client.name();
            let label = format!("{:<width$}", format!("{name} {round}"), width = LABEL);
            pdf[label_at..label_at + LABEL].copy_from_slice(label.as_bytes());
            std::fs::write(&file, &pdf)?;
            let sha = styrebord_hub::blobs::sha256_of(&pdf).to_string();
            let sample = match client {
                Client::Reqwest => {
                    rt.block_on(upload_reqwest(&http, &target, &file, &sha, true))?
                }
                Client::ReqwestInMemory => {
                    rt.block_on(upload_reqwest(&http, &target, &file, &sha, false))?
                }
                Client::Curl => upload_curl(&target, &file, &sha)?,
            };
            rt.block_on(check_stored(&http, &target, &sha, size))?;
            eprintln!(
                "round {round} {name:>7}: {:7.1} ms, client CPU {:6.0} ms, hub CPU {}",
                ms(sample.wall),
                ms(sample.client_cpu),
                sample
                    .hub_cpu
                    .map_or("n/a".to_owned(), |c| format!("{:.0} ms", ms(c))),
            );
            samples.push((client, sample));
        }
    }
    let load_after = loadavg();
    let (own_cpu, children_cpu) = cpu_of("self")?;

    println!(
        "{} uploads of a {:.1} MB PDF ({size} bytes) each way, interleaved, to the release hub on \
         loopback ({}).\n",
        args.rounds,
        size as f64 / 1e6,
        if hub.is_some() {
            "started by the bench"
        } else {
            base.as_str()
        },
    );
    println!(
        "| client | median ms | min ms | max ms | MB/s (median) | client CPU ms (median) | hub CPU ms (median) |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");
    let mut medians = Vec::new();
    for (client, name) in [
        (Client::Reqwest, "reqwest: streams the file, one PUT"),
        (Client::Curl, "`curl -T`"),
        (
            Client::ReqwestInMemory,
            "reqwest: the same PUT, file already in memory",
        ),
    ] {
        let mine: Vec<&Sample> = samples
            .iter()
            .filter(|(c, _)| *c == client)
            .map(|(_, s)| s)
            .collect();
        let walls: Vec<Duration> = mine.iter().map(|s| s.wall).collect();
        let med = median(walls.clone());
        medians.push(med);
        let hub_cpu = if mine.iter().all(|s| s.hub_cpu.is_some()) {
            format!(
                "{:.0}",
                ms(median(mine.iter().filter_map(|s| s.hub_cpu).collect()))
            )
        } else {
            "n/a".into()
        };
        println!(
            "| {name} | {:.0} | {:.0} | {:.0} | {:.0} | {:.0} | {hub_cpu} |",
            ms(med),
            ms(*walls.iter().min().ok_or("no samples")?),
            ms(*walls.iter().max().ok_or("no samples")?),
            size as f64 / med.as_secs_f64() / 1e6,
            ms(median(mine.iter().map(|s| s.client_cpu).collect())),
        );
        // For `make bench` (scripts/bench/run.py); the runner adds wall, CPU and load.
        println!(
            "BENCH\tupload of a 50 MB PDF: {name}\t-\t{:.0}\t{:.0}\t{:.0}\tms\t-\t-\t-",
            ms(*walls.iter().min().ok_or("no samples")?),
            ms(med),
            ms(*walls.iter().max().ok_or("no samples")?),
        );
    }
    let ratio = medians[0].as_secs_f64() / medians[1].as_secs_f64();
    let sending = medians[2].as_secs_f64() / medians[1].as_secs_f64();
    println!("BENCH\tupload: reqwest / curl (medians)\t<= 1.2\t-\t{ratio:.2}\t-\tx\t-\t-\t-");
    println!(
        "\nRatio reqwest / curl (median wall time): **{ratio:.2}×** (goal ≤ 1.2×); the send \
         alone (file in memory) / curl: {sending:.2}×. This process's \
         CPU in all: {:.0} ms (reqwest client, file building and hashing); curl's in all: {:.0} ms. \
         Load average (1, 5, 15 min) before: {load_before}; after: {load_after}.",
        ms(own_cpu),
        ms(children_cpu),
    );
    drop(hub);
    Ok(())
}
