//! Material uploaded over HTTP (`PUT /v1/blobs/{sha256}`): resumable, checked, secretariat-only,
//! and published by a mutation — no shell on the hub's machine.

mod common;

use std::time::{Duration, Instant};

use common::{mutation, World};
use reqwest::StatusCode;
use serde_json::{json, Value};
use styrebord_core::meeting::Sha256;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use uuid::Uuid;

fn pdf() -> Vec<u8> {
    let fonts = styrebord_pdf::Fonts::from_system().expect("system fonts (fonts-liberation2)");
    let doc = styrebord_pdf::PdfDocument::new("Driftsstatus, 4. kvartal")
        .heading("MitID")
        .paragraph("Tilgængeligheden var 99,97 procent; ingen større hændelser i kvartalet.");
    styrebord_pdf::write_pdf(&doc, &fonts).unwrap()
}

fn sha(bytes: &[u8]) -> String {
    styrebord_hub::blobs::sha256_of(bytes).to_string()
}

async fn put(
    w: &World,
    token: &str,
    sha: &str,
    bytes: &[u8],
    range: Option<(u64, u64, u64)>,
) -> (StatusCode, reqwest::header::HeaderMap, Value) {
    put_with(&w.client, &w.base, token, sha, bytes, range).await
}

async fn put_with(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    sha: &str,
    bytes: &[u8],
    range: Option<(u64, u64, u64)>,
) -> (StatusCode, reqwest::header::HeaderMap, Value) {
    let mut req = client
        .put(format!("{base}/v1/blobs/{sha}"))
        .bearer_auth(token)
        .body(bytes.to_vec());
    if let Some((start, end, total)) = range {
        req = req.header("content-range", format!("bytes {start}-{end}/{total}"));
    }
    let resp = req.send().await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = resp.json().await.unwrap_or(Value::Null);
    (status, headers, body)
}

#[tokio::test]
async fn a_pdf_uploaded_in_pieces_resumes_and_is_published_by_a_mutation() {
    let w = World::start().await;
    let bytes = pdf();
    let sha = sha(&bytes);
    let total = bytes.len() as u64;
    let half = bytes.len() / 2;

    // Only the secretariat uploads.
    let (s, _, v) = put(&w, &w.kl_member.token, &sha, &bytes, None).await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("secretariat_only"))
    );

    // The first half, then the connection "breaks".
    let first = Some((0, half as u64 - 1, total));
    let (s, h, v) = put(&w, &w.sec.token, &sha, &bytes[..half], first).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["complete"], false);
    assert_eq!(h["upload-offset"], half.to_string().as_str());
    // Where to resume, asked afterwards.
    let (s, v) = w
        .get_json(&format!("/v1/uploads/{sha}"), &w.sec.token)
        .await;
    assert_eq!(
        (s, v["received"].as_u64()),
        (StatusCode::OK, Some(half as u64))
    );
    // A piece that skips bytes is refused, with the offset to resume at.
    let gap = Some((half as u64 + 10, total - 1, total));
    let (s, h, v) = put(&w, &w.sec.token, &sha, &bytes[half + 10..], gap).await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::CONFLICT, Some("upload_offset_mismatch"))
    );
    assert_eq!(h["upload-offset"], half.to_string().as_str());
    // The rest: checked and stored.
    let rest = Some((half as u64, total - 1, total));
    let (s, _, v) = put(&w, &w.sec.token, &sha, &bytes[half..], rest).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(v["complete"], true);

    // Nobody sees it until it is published; then members get it with its text.
    let (s, _, _) = w
        .get(&format!("/v1/blobs/{sha}"), Some(&w.kl_member.token))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let op = json!({
        "type": "publish_document",
        "document": Uuid::now_v7(),
        "meeting": w.m1,
        "agenda_item": w.m1_item,
        "title": "Driftsstatus, 4. kvartal",
        "sha256": sha,
    });
    let (s, v) = w
        .mutate(&w.sec.token, Uuid::now_v7(), vec![mutation(1, op)])
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["results"][0]["status"], "applied", "{v}");
    let (s, _, got) = w
        .get(&format!("/v1/blobs/{sha}"), Some(&w.kl_member.token))
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(got, bytes);
    let (s, text) = w
        .get_json(&format!("/v1/blobs/{sha}/text"), &w.kl_member.token)
        .await;
    assert_eq!(s, StatusCode::OK, "{text}");
    assert!(text.to_string().contains("99,97 procent"), "{text}");
}

#[tokio::test]
async fn a_bad_upload_is_refused_clearly_and_leaves_nothing() {
    let w = World::start().await;
    let bytes = pdf();

    // Bytes that are not what their digest says.
    let claimed = sha(b"%PDF-1.7 something else");
    let (s, _, v) = put(&w, &w.sec.token, &claimed, &bytes, None).await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("blob_hash_mismatch"))
    );
    let (_, v) = w
        .get_json(&format!("/v1/uploads/{claimed}"), &w.sec.token)
        .await;
    assert_eq!(v["received"], 0, "nothing half-kept");

    // Not a PDF.
    let text = b"Referat i tekstformat".to_vec();
    let (s, _, v) = put(&w, &w.sec.token, &sha(&text), &text, None).await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::UNSUPPORTED_MEDIA_TYPE, Some("material_not_pdf"))
    );
    assert!(v["message_da"].as_str().unwrap().contains("PDF"));

    // Larger than the hub takes: refused before a byte is kept.
    let huge = Some((0, 9, styrebord_hub::DEFAULT_MAX_UPLOAD + 1));
    let (s, _, v) = put(&w, &w.sec.token, &sha(&bytes), &bytes[..10], huge).await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::PAYLOAD_TOO_LARGE, Some("upload_too_large"))
    );

    // A malformed range.
    let (s, _, v) = put(&w, &w.sec.token, &sha(&bytes), &bytes, Some((5, 2, 10))).await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("content_range_invalid"))
    );

    // Publishing a file the hub does not have is refused by core.
    let op = json!({
        "type": "publish_document",
        "document": Uuid::now_v7(),
        "meeting": w.m1,
        "agenda_item": w.m1_item,
        "title": "Mangler",
        "sha256": claimed,
    });
    let (_, v) = w
        .mutate(&w.sec.token, Uuid::now_v7(), vec![mutation(1, op)])
        .await;
    assert_eq!(v["results"][0]["code"], "file_not_stored", "{v}");
}

/// `%PDF-1.7` and incompressible bytes after it, `len` in all, different for each `seed`: it
/// passes the hub's PDF check (there is no text to extract) and is big enough for two requests
/// to overlap.
fn big_pdf(len: usize, seed: u64) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    while out.len() < len {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.extend_from_slice(&x.to_le_bytes());
    }
    out.truncate(len);
    out
}

async fn upload_state(client: &reqwest::Client, base: &str, token: &str, sha: &str) -> Value {
    let resp = client
        .get(format!("{base}/v1/uploads/{sha}"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    resp.json().await.unwrap()
}

/// A resuming uploader, as a client should be: asks how far the upload is, sends the next piece
/// from there, and after a 409 (the other connection holds the file, or moved the offset) asks
/// again. Returns the status and body of every answer to its PUTs.
async fn upload_in_pieces(
    base: &str,
    token: &str,
    sha: &str,
    bytes: &[u8],
    piece: u64,
) -> Vec<(StatusCode, Value)> {
    let client = styrebord_sync::http::client();
    let total = bytes.len() as u64;
    let mut replies = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        let state = upload_state(&client, base, token, sha).await;
        if state["complete"] == true {
            return replies;
        }
        let from = state["received"].as_u64().unwrap();
        if from >= total {
            // All bytes are in; the other connection is checking and storing them.
            tokio::time::sleep(Duration::from_millis(5)).await;
            continue;
        }
        let to = (from + piece).min(total);
        let range = Some((from, to - 1, total));
        let (s, _, v) = put_with(
            &client,
            base,
            token,
            sha,
            &bytes[from as usize..to as usize],
            range,
        )
        .await;
        replies.push((s, v));
        if s == StatusCode::CONFLICT {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    }
    panic!("the upload did not complete in 60 s: {replies:?}");
}

/// Every answer is a success or a clear refusal to try again later: a 409 with its JSON error.
fn assert_clean(replies: &[(StatusCode, Value)], sha: &str) {
    for (s, v) in replies {
        match *s {
            StatusCode::OK | StatusCode::CREATED => assert_eq!(v["sha256"], sha, "{v}"),
            StatusCode::CONFLICT => {
                let code = v["code"].as_str().unwrap_or_default();
                assert!(
                    ["upload_in_progress", "upload_offset_mismatch"].contains(&code),
                    "{v}"
                );
                assert!(!v["message_da"].as_str().unwrap_or_default().is_empty());
                assert!(!v["message_en"].as_str().unwrap_or_default().is_empty());
            }
            other => panic!("neither a success nor a clean conflict: {other} {v}"),
        }
    }
}

/// The file is in the store once, under its digest, with exactly these bytes; no temporary or
/// part file is left beside it; the hub says the upload is complete.
async fn assert_stored_once(w: &World, sha: &str, bytes: &[u8]) {
    let conn =
        rusqlite::Connection::open(w.dir.path().join(styrebord_hub::store::DB_FILE)).unwrap();
    let sizes: Vec<i64> = conn
        .prepare("SELECT size FROM blobs WHERE sha256 = ?1")
        .unwrap()
        .query_map([sha], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(sizes, [bytes.len() as i64], "recorded once, with its size");

    let path = styrebord_hub::blobs::blob_path(w.store.blob_dir(), &Sha256::parse(sha).unwrap());
    let on_disk = std::fs::read(&path).unwrap();
    assert_eq!(styrebord_hub::blobs::sha256_of(&on_disk).as_str(), sha);
    assert!(on_disk == bytes, "the stored bytes are the uploaded ones");
    let beside: Vec<String> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(sha))
        .collect();
    assert_eq!(beside, [sha], "one file of it in the store");
    let uploads = w.store.blob_dir().join("uploads");
    let parts: Vec<_> = std::fs::read_dir(&uploads)
        .map(|d| d.map(|e| e.unwrap().file_name()).collect())
        .unwrap_or_default();
    assert!(parts.is_empty(), "no part file left: {parts:?}");

    let state = upload_state(&w.client, &w.base, &w.sec.token, sha).await;
    assert_eq!(state["complete"], true, "{state}");
    assert_eq!(state["received"], bytes.len() as u64, "{state}");
}

/// Publishes the file on the first agenda item of `m1` and downloads it as a member.
async fn publish_and_download(w: &World, sha: &str) -> Vec<u8> {
    let op = json!({
        "type": "publish_document",
        "document": Uuid::now_v7(),
        "meeting": w.m1,
        "agenda_item": w.m1_item,
        "title": "Bilag",
        "sha256": sha,
    });
    let (s, v) = w
        .mutate(&w.sec.token, Uuid::now_v7(), vec![mutation(1, op)])
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["results"][0]["status"], "applied", "{v}");
    let (s, _, got) = w
        .get(&format!("/v1/blobs/{sha}"), Some(&w.kl_member.token))
        .await;
    assert_eq!(s, StatusCode::OK);
    got
}

/// Not visible to anyone, and not publishable: nothing of an unfinished upload shows.
async fn assert_not_visible(w: &World, sha: &str) {
    for token in [&w.sec.token, &w.kl_member.token] {
        let (s, _, _) = w.get(&format!("/v1/blobs/{sha}"), Some(token)).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
    }
    let op = json!({
        "type": "publish_document",
        "document": Uuid::now_v7(),
        "meeting": w.m1,
        "agenda_item": w.m1_item,
        "title": "For tidligt",
        "sha256": sha,
    });
    let (_, v) = w
        .mutate(&w.sec.token, Uuid::now_v7(), vec![mutation(1, op)])
        .await;
    assert_eq!(v["results"][0]["code"], "file_not_stored", "{v}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_uploads_of_the_same_file_at_once_end_clean_and_store_it_once() {
    let w = World::start().await;

    // Two clients PUT the whole file in one request each, at the same moment.
    let bytes = big_pdf(4 * 1024 * 1024, 1);
    let sha = sha(&bytes);
    let (a, b) = (
        styrebord_sync::http::client(),
        styrebord_sync::http::client(),
    );
    let ((sa, _, va), (sb, _, vb)) = tokio::join!(
        put_with(&a, &w.base, &w.sec.token, &sha, &bytes, None),
        put_with(&b, &w.base, &w.sec.token, &sha, &bytes, None),
    );
    let replies = [(sa, va), (sb, vb)];
    assert_clean(&replies, &sha);
    let created = replies
        .iter()
        .filter(|(s, _)| *s == StatusCode::CREATED)
        .count();
    assert_eq!(created, 1, "stored by exactly one of them: {replies:?}");
    for (s, v) in &replies {
        if *s == StatusCode::CONFLICT {
            assert_eq!(v["code"], "upload_in_progress", "{v}");
        } else {
            assert_eq!(v["complete"], true, "{v}");
        }
    }
    // The one told to wait tries again: the file is there.
    let (s, _, v) = put_with(&b, &w.base, &w.sec.token, &sha, &bytes, None).await;
    assert_eq!((s, &v["complete"]), (StatusCode::OK, &json!(true)), "{v}");
    assert_stored_once(&w, &sha, &bytes).await;
    assert!(publish_and_download(&w, &sha).await == bytes);

    // Two clients upload another file in pieces at the same time, each resuming from where the
    // hub says the upload stands (so they may well finish each other's upload).
    let bytes = big_pdf(3 * 1024 * 1024 + 12_345, 2);
    let sha = self::sha(&bytes);
    let piece = 256 * 1024;
    let (ra, rb) = tokio::join!(
        upload_in_pieces(&w.base, &w.sec.token, &sha, &bytes, piece),
        upload_in_pieces(&w.base, &w.sec.token, &sha, &bytes, piece),
    );
    assert_clean(&ra, &sha);
    assert_clean(&rb, &sha);
    let created = ra
        .iter()
        .chain(&rb)
        .filter(|(s, _)| *s == StatusCode::CREATED)
        .count();
    assert_eq!(created, 1, "completed by exactly one PUT: {ra:?} {rb:?}");
    assert_stored_once(&w, &sha, &bytes).await;
    assert!(publish_and_download(&w, &sha).await == bytes);
}

/// A `PUT` whose head and first `sent` bytes (from `from`) are on the wire and whose rest has
/// not come yet: the hub holds the upload open, as for a slow connection.
async fn open_put(
    addr: &str,
    token: &str,
    sha: &str,
    bytes: &[u8],
    from: usize,
    sent: usize,
) -> TcpStream {
    let total = bytes.len();
    let mut conn = TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "PUT /v1/blobs/{sha} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\
         Content-Range: bytes {from}-{}/{total}\r\nContent-Length: {}\r\n\r\n",
        total - 1,
        total - from
    );
    conn.write_all(head.as_bytes()).await.unwrap();
    conn.write_all(&bytes[from..from + sent]).await.unwrap();
    conn.flush().await.unwrap();
    conn
}

/// Sends the rest of an [`open_put`] and reads the answer: status and JSON body.
async fn finish_put(mut conn: TcpStream, rest: &[u8]) -> (u16, Value) {
    conn.write_all(rest).await.unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = conn.read(&mut buf).await.unwrap();
        assert!(n > 0, "closed before the answer: {got:?}");
        got.extend_from_slice(&buf[..n]);
        let Some(end) = got.windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&got[..end]).to_ascii_lowercase();
        let length: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .map_or(0, |v| v.trim().parse().unwrap());
        if got.len() >= end + 4 + length {
            let status = head[9..12].parse().unwrap();
            let body = serde_json::from_slice(&got[end + 4..end + 4 + length]).unwrap();
            return (status, body);
        }
    }
}

/// Waits until the hub has written at least `n` bytes of the upload.
async fn wait_received(w: &World, sha: &str, n: u64) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let state = upload_state(&w.client, &w.base, &w.sec.token, sha).await;
        if state["received"].as_u64().unwrap() >= n {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the hub never got {n} bytes: {state}"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

#[tokio::test]
async fn an_upload_of_a_file_another_connection_is_sending_is_told_to_wait_and_ends_clean() {
    let w = World::start().await;
    let bytes = big_pdf(2 * 1024 * 1024, 3);
    let sha = sha(&bytes);
    let addr = w.base.strip_prefix("http://").unwrap().to_owned();

    // The first connection has sent 512 KiB of the file and is still sending.
    let sent = 512 * 1024;
    let first = open_put(&addr, &w.sec.token, &sha, &bytes, 0, sent).await;
    wait_received(&w, &sha, 1).await;

    // A second connection sends the whole file, or resumes at the offset the hub reports.
    let (s, _, v) = put(&w, &w.sec.token, &sha, &bytes, None).await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::CONFLICT, Some("upload_in_progress")),
        "{v}"
    );
    let at = upload_state(&w.client, &w.base, &w.sec.token, &sha).await["received"]
        .as_u64()
        .unwrap();
    assert!(at > 0 && at <= sent as u64, "{at}");
    let range = Some((at, bytes.len() as u64 - 1, bytes.len() as u64));
    let (s, _, v) = put(&w, &w.sec.token, &sha, &bytes[at as usize..], range).await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::CONFLICT, Some("upload_in_progress")),
        "{v}"
    );
    assert_not_visible(&w, &sha).await;

    // The first connection finishes: the file is checked and stored.
    let (s, v) = finish_put(first, &bytes[sent..]).await;
    assert_eq!(s, 201, "{v}");
    assert_eq!(v["complete"], true, "{v}");
    // The second, trying again, is told it is there.
    let (s, h, v) = put(&w, &w.sec.token, &sha, &bytes, None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["complete"], true, "{v}");
    assert_eq!(h["upload-offset"], bytes.len().to_string().as_str());
    assert_stored_once(&w, &sha, &bytes).await;
    assert!(publish_and_download(&w, &sha).await == bytes);
}

#[tokio::test]
async fn a_file_the_hub_stored_but_had_not_recorded_when_it_died_is_recorded_by_the_next_put() {
    let w = World::start().await;
    let bytes = big_pdf(300_000, 4);
    let sha = sha(&bytes);

    // What a hub killed between moving the finished part into the store and recording it in the
    // database leaves behind: the file under its name, no row, no part.
    styrebord_hub::blobs::put(w.store.blob_dir(), &bytes).unwrap();
    let state = upload_state(&w.client, &w.base, &w.sec.token, &sha).await;
    assert_eq!(
        state["complete"], false,
        "not complete until recorded: {state}"
    );
    assert_eq!(state["received"], 0, "{state}");
    assert_not_visible(&w, &sha).await;

    // The secretariat uploads the file again: the hub records the one it has.
    let (s, h, v) = put(&w, &w.sec.token, &sha, &bytes, None).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(v["complete"], true, "{v}");
    assert_eq!(h["upload-offset"], bytes.len().to_string().as_str());
    assert_stored_once(&w, &sha, &bytes).await;
    assert!(publish_and_download(&w, &sha).await == bytes);

    // A damaged file under a digest's name is dropped, and the upload after it stores the file.
    let bytes = big_pdf(200_000, 5);
    let sha = self::sha(&bytes);
    let path = styrebord_hub::blobs::blob_path(w.store.blob_dir(), &Sha256::parse(&sha).unwrap());
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, &bytes[..1000]).unwrap();
    let (s, _, v) = put(&w, &w.sec.token, &sha, &bytes, None).await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("blob_hash_mismatch"))
    );
    assert!(!path.exists());
    let (s, _, v) = put(&w, &w.sec.token, &sha, &bytes, None).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_stored_once(&w, &sha, &bytes).await;
}
