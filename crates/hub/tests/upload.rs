//! Material uploaded over HTTP (`PUT /v1/blobs/{sha256}`): resumable, checked, secretariat-only,
//! and published by a mutation — no shell on the hub's machine.

mod common;

use common::{mutation, World};
use reqwest::StatusCode;
use serde_json::{json, Value};
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
    let mut req = w
        .client
        .put(format!("{}/v1/blobs/{sha}", w.base))
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
