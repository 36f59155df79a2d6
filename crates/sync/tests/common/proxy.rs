//! A small fault-injecting HTTP proxy between the sync engine and the hub. One request per
//! connection (it answers `connection: close`); each request may get a scripted fault.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[derive(Debug, Clone, PartialEq)]
pub enum Fault {
    Pass,
    /// The hub is unreachable: the connection is closed at once, nothing forwarded.
    Down,
    /// Forwarded (the hub commits), but the answer never reaches the client.
    DropResponse,
    /// Forwarded; only the first `n` bytes of the body reach the client, then the connection ends.
    Truncate(usize),
    /// Forwarded; one byte in the middle of the body is flipped.
    CorruptBody,
    /// Forwarded twice; the client gets the second answer.
    Duplicate,
    /// The previous POST is sent to the hub again first (a late duplicate, out of order).
    ReplayPrevious,
    /// The connection goes mid-request: the hub gets the head and only the first `n` bytes of
    /// the body, then both sides are closed (a train entering a tunnel during an upload).
    CutRequest(usize),
    /// Forwarded; every `from` in a text body becomes `to` (a newer hub's wording of an answer).
    Rewrite(String, String),
    /// Forwarded; the answer's header `name` (lowercase) is set to `value`, replacing the hub's.
    SetHeader(String, String),
}

#[derive(Default)]
struct Shared {
    upstream: Option<SocketAddr>,
    script: VecDeque<(String, Fault)>,
    default: Option<Fault>,
    log: Vec<String>,
    last_post: Option<Vec<u8>>,
}

#[derive(Clone)]
pub struct Proxy {
    pub addr: SocketAddr,
    shared: Arc<Mutex<Shared>>,
}

impl Proxy {
    pub async fn start(upstream: SocketAddr) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let shared = Arc::new(Mutex::new(Shared {
            upstream: Some(upstream),
            ..Default::default()
        }));
        let s = shared.clone();
        tokio::spawn(async move {
            loop {
                let Ok((conn, _)) = listener.accept().await else {
                    return;
                };
                let s = s.clone();
                tokio::spawn(async move {
                    let _ = handle(conn, s).await;
                });
            }
        });
        Proxy { addr, shared }
    }

    pub fn base(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn set_upstream(&self, addr: SocketAddr) {
        self.shared.lock().unwrap().upstream = Some(addr);
    }

    /// The next request whose path starts with `prefix` gets `fault`.
    pub fn push(&self, prefix: &str, fault: Fault) {
        self.shared
            .lock()
            .unwrap()
            .script
            .push_back((prefix.to_owned(), fault));
    }

    /// Every request without a scripted fault gets this one.
    pub fn set_default(&self, fault: Fault) {
        self.shared.lock().unwrap().default = Some(fault);
    }

    /// Forgets scripted faults not yet used.
    pub fn clear_script(&self) {
        self.shared.lock().unwrap().script.clear();
    }

    /// "METHOD path" of every request seen.
    pub fn log(&self) -> Vec<String> {
        self.shared.lock().unwrap().log.clone()
    }

    pub fn clear_log(&self) {
        self.shared.lock().unwrap().log.clear();
    }
}

async fn read_request(conn: &mut TcpStream) -> std::io::Result<Option<Vec<u8>>> {
    let mut buf = Vec::new();
    let mut tmp = [0u8; 8192];
    let head_end = loop {
        if let Some(i) = find(&buf, b"\r\n\r\n") {
            break i + 4;
        }
        let n = conn.read(&mut tmp).await?;
        if n == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&tmp[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_lowercase();
    let len: usize = head
        .lines()
        .find_map(|l| {
            l.strip_prefix("content-length:")
                .map(|v| v.trim().parse().unwrap_or(0))
        })
        .unwrap_or(0);
    while buf.len() < head_end + len {
        let n = conn.read(&mut tmp).await?;
        if n == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&tmp[..n]);
    }
    Ok(Some(buf))
}

fn find(h: &[u8], n: &[u8]) -> Option<usize> {
    h.windows(n.len()).position(|w| w == n)
}

/// Adds `connection: close` so the upstream ends the answer by closing.
fn close_request(req: &[u8]) -> Vec<u8> {
    let i = find(req, b"\r\n").unwrap() + 2;
    let mut out = req[..i].to_vec();
    out.extend_from_slice(b"connection: close\r\n");
    for line in req[i..].split_inclusive(|b| *b == b'\n') {
        if !line.to_ascii_lowercase().starts_with(b"connection:") {
            out.extend_from_slice(line);
        }
    }
    out
}

async fn forward(upstream: SocketAddr, req: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut up = TcpStream::connect(upstream).await?;
    up.write_all(&close_request(req)).await?;
    let mut resp = Vec::new();
    up.read_to_end(&mut resp).await?;
    Ok(resp)
}

/// Splits an answer into its head lines (without framing headers) and its de-chunked body.
fn normalize(resp: &[u8]) -> (Vec<String>, Vec<u8>) {
    let i = find(resp, b"\r\n\r\n").map(|i| i + 4).unwrap_or(resp.len());
    let head = String::from_utf8_lossy(&resp[..i]).to_string();
    let chunked = head.to_lowercase().contains("transfer-encoding: chunked");
    let mut body = resp[i..].to_vec();
    if chunked {
        let mut out = Vec::new();
        let mut rest = &body[..];
        while let Some(j) = find(rest, b"\r\n") {
            let size =
                usize::from_str_radix(String::from_utf8_lossy(&rest[..j]).trim(), 16).unwrap_or(0);
            if size == 0 {
                break;
            }
            out.extend_from_slice(&rest[j + 2..j + 2 + size]);
            rest = &rest[j + 2 + size + 2..];
        }
        body = out;
    }
    let lines = head
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .filter(|l| {
            let l = l.to_lowercase();
            !l.starts_with("transfer-encoding")
                && !l.starts_with("content-length")
                && !l.starts_with("connection")
        })
        .map(str::to_owned)
        .collect();
    (lines, body)
}

fn render(lines: &[String], body: &[u8], announced: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for l in lines {
        out.extend_from_slice(l.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(
        format!("content-length: {announced}\r\nconnection: close\r\n\r\n").as_bytes(),
    );
    out.extend_from_slice(body);
    out
}

async fn handle(mut conn: TcpStream, shared: Arc<Mutex<Shared>>) -> std::io::Result<()> {
    let Some(req) = read_request(&mut conn).await? else {
        return Ok(());
    };
    let first = String::from_utf8_lossy(&req[..find(&req, b"\r\n").unwrap_or(0)]).to_string();
    let mut parts = first.split(' ');
    let method = parts.next().unwrap_or("").to_owned();
    let path = parts.next().unwrap_or("").to_owned();
    let (fault, upstream, previous) = {
        let mut s = shared.lock().unwrap();
        s.log.push(format!("{method} {path}"));
        let pos = s
            .script
            .iter()
            .position(|(p, _)| path.starts_with(p.as_str()));
        let fault = match pos {
            Some(i) => s.script.remove(i).unwrap().1,
            None => s.default.clone().unwrap_or(Fault::Pass),
        };
        let previous = s.last_post.clone();
        if method == "POST" {
            s.last_post = Some(req.clone());
        }
        (fault, s.upstream.unwrap(), previous)
    };
    if fault == Fault::Down {
        return Ok(());
    }
    if let Fault::CutRequest(n) = fault {
        let head_end = find(&req, b"\r\n\r\n").map(|i| i + 4).unwrap_or(req.len());
        if let Ok(mut up) = TcpStream::connect(upstream).await {
            let _ = up.write_all(&req[..(head_end + n).min(req.len())]).await;
            let _ = up.flush().await;
            // Let the hub take in what arrived before the line goes dead.
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        return Ok(());
    }
    if fault == Fault::ReplayPrevious {
        if let Some(prev) = previous {
            let _ = forward(upstream, &prev).await;
        }
    }
    let mut resp = match forward(upstream, &req).await {
        Ok(r) => r,
        Err(_) => return Ok(()), // hub down: the client sees the connection close
    };
    if fault == Fault::Duplicate {
        if let Ok(r) = forward(upstream, &req).await {
            resp = r;
        }
    }
    if resp.is_empty() {
        return Ok(());
    }
    let (lines, mut body) = normalize(&resp);
    let out = match fault {
        Fault::DropResponse => return Ok(()),
        Fault::Truncate(n) => {
            let len = body.len();
            body.truncate(n.min(len.saturating_sub(1)));
            render(&lines, &body, len)
        }
        Fault::CorruptBody => {
            let mid = body.len() / 2;
            if let Some(b) = body.get_mut(mid) {
                *b ^= 0xff;
            }
            render(&lines, &body, body.len())
        }
        // Text only: a blob passes as it is.
        Fault::Rewrite(from, to) => match std::str::from_utf8(&body) {
            Ok(text) => {
                let text = text.replace(&from, &to);
                render(&lines, text.as_bytes(), text.len())
            }
            Err(_) => render(&lines, &body, body.len()),
        },
        Fault::SetHeader(name, value) => {
            let prefix = format!("{name}:");
            let mut lines: Vec<String> = lines
                .into_iter()
                .filter(|l| !l.to_lowercase().starts_with(&prefix))
                .collect();
            lines.push(format!("{name}: {value}"));
            render(&lines, &body, body.len())
        }
        _ => render(&lines, &body, body.len()),
    };
    conn.write_all(&out).await?;
    conn.shutdown().await?;
    Ok(())
}
