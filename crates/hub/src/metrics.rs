//! Prometheus metrics (`serve --metrics-listen ADDR`): the `metrics` facade recording into this
//! hub's own `metrics-exporter-prometheus` recorder, rendered at `GET /metrics` on a separate
//! listener that serves nothing else.
//!
//! Why a separate listener: behind a reverse proxy every request comes from loopback, so "only
//! from 127.0.0.1" on the members' address would publish the metrics to the world through the
//! proxy. Off unless asked for; the packaged hub.toml puts it on 127.0.0.1:9464.
//!
//! Why a recorder per hub and not the global one: tests and the app's demo run several hubs in
//! one process, and each must count its own requests.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use metrics::{counter, gauge, histogram, with_local_recorder, Gauge, Unit};
use metrics_exporter_prometheus::{
    Matcher, PrometheusBuilder, PrometheusHandle, PrometheusRecorder,
};

use crate::error::ApiError;
use crate::store::{self, Store};

const REQUESTS: &str = "styrebord_hub_http_requests_total";
const DURATION: &str = "styrebord_hub_http_request_duration_seconds";
const CONNECTED: &str = "styrebord_hub_connected_devices";
const LOG_ENTRIES: &str = "styrebord_hub_change_log_entries";
const LOG_HEAD: &str = "styrebord_hub_change_log_head_seq";
const BLOB_BYTES: &str = "styrebord_hub_blob_bytes";
const BLOBS: &str = "styrebord_hub_blobs";

/// Latency buckets, in seconds: from a cached "nothing new" (well under a millisecond) to a
/// large upload.
const BUCKETS: &[f64] = &[
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

#[derive(Clone)]
pub struct Metrics {
    recorder: Arc<PrometheusRecorder>,
    handle: PrometheusHandle,
    /// Open long polls: see [`CONNECTED`]'s description.
    connected: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Full(DURATION.into()), BUCKETS)
            .expect("latency buckets are not empty")
            .build_recorder();
        let handle = recorder.handle();
        let connected = with_local_recorder(&recorder, || {
            metrics::describe_counter!(
                REQUESTS,
                "Requests answered, by route template, method and status."
            );
            metrics::describe_histogram!(
                DURATION,
                Unit::Seconds,
                "Time to answer, by route template and method (long polls excluded: they wait \
                 on purpose)."
            );
            metrics::describe_gauge!(
                CONNECTED,
                "Connected devices: open long polls on /v1/changes (each app that is online \
                 keeps one open between sync rounds)."
            );
            metrics::describe_gauge!(LOG_ENTRIES, "Changes in the change log (after compaction).");
            metrics::describe_gauge!(LOG_HEAD, "The newest change's sequence number.");
            metrics::describe_gauge!(BLOB_BYTES, Unit::Bytes, "Bytes of stored files (blobs).");
            metrics::describe_gauge!(BLOBS, "Stored files (blobs).");
            gauge!(CONNECTED)
        });
        // Shown as 0 from the start rather than missing until the first long poll.
        connected.set(0.0);
        Metrics {
            recorder: Arc::new(recorder),
            handle,
            connected,
        }
    }

    /// Keeps the histograms' memory bounded between scrapes (the exporter's upkeep task, which
    /// we do not get without its HTTP listener).
    pub fn upkeep(&self) {
        self.handle.run_upkeep();
    }

    /// The text exposition, with the store's figures read now.
    pub async fn render(&self, store: &Store) -> Result<String, ApiError> {
        let (entries, head, (blobs, blob_bytes)) = store
            .run(|s| {
                s.read(|c| {
                    Ok((
                        store::change_count(c)?,
                        store::head_seq(c)?,
                        blob_totals(c)?,
                    ))
                })
            })
            .await
            .and_then(|r| r)
            .map_err(|e| {
                tracing::error!("metrics: cannot read the store: {e}");
                ApiError::internal()
            })?;
        with_local_recorder(&*self.recorder, || {
            gauge!(LOG_ENTRIES).set(entries as f64);
            gauge!(LOG_HEAD).set(head as f64);
            gauge!(BLOBS).set(blobs as f64);
            gauge!(BLOB_BYTES).set(blob_bytes as f64);
        });
        self.handle.run_upkeep();
        Ok(self.handle.render())
    }
}

/// How many files are stored and their bytes. (Here rather than in store.rs: a read for the
/// metrics only, of a table nothing else sums.)
fn blob_totals(conn: &rusqlite::Connection) -> Result<(u64, u64), crate::HubError> {
    let (n, bytes): (i64, i64) = conn.query_row(
        "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM blobs",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok((n as u64, bytes as u64))
}

/// `/v1/changes?…&wait=N` with N > 0: held open until news or time is up.
fn is_long_poll(req: &Request) -> bool {
    req.uri().path() == "/v1/changes"
        && req.uri().query().is_some_and(|q| {
            q.split('&')
                .filter_map(|kv| kv.strip_prefix("wait="))
                .any(|n| n.parse::<u64>().is_ok_and(|n| n > 0))
        })
}

/// Decrements on drop, so a long poll whose client went away is not counted forever.
struct Open(Gauge);

impl Drop for Open {
    fn drop(&mut self) {
        self.0.decrement(1.0);
    }
}

/// Counts every answer by route template (unmatched paths as one label, so a scanner cannot
/// create series) and status, and times it. Route-level (`Router::layer`) for the template.
pub async fn track(State(m): State<Metrics>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let method: &'static str = match *req.method() {
        Method::GET => "GET",
        Method::PUT => "PUT",
        Method::POST => "POST",
        Method::DELETE => "DELETE",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        Method::PATCH => "PATCH",
        _ => "other",
    };
    let long_poll = is_long_poll(&req);
    let open = long_poll.then(|| {
        m.connected.increment(1.0);
        Open(m.connected.clone())
    });
    let start = Instant::now();
    let res = next.run(req).await;
    let elapsed = start.elapsed().as_secs_f64();
    drop(open);
    let status = res.status().as_u16().to_string();
    with_local_recorder(&*m.recorder, || {
        counter!(REQUESTS, "route" => route.clone(), "method" => method, "status" => status)
            .increment(1);
        if !long_poll {
            histogram!(DURATION, "route" => route, "method" => method).record(elapsed);
        }
    });
    res
}

/// The metrics listener's whole surface.
pub fn router(metrics: Metrics, store: Store) -> Router {
    Router::new()
        .route("/metrics", get(scrape))
        .fallback(|| async { ApiError::not_found() })
        .with_state((metrics, store))
}

async fn scrape(State((m, store)): State<(Metrics, Store)>) -> Response {
    match m.render(&store).await {
        Ok(text) => (
            StatusCode::OK,
            [(
                header::CONTENT_TYPE,
                "text/plain; version=0.0.4; charset=utf-8",
            )],
            text,
        )
            .into_response(),
        Err(e) => e.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(uri: &str) -> Request {
        Request::builder()
            .uri(uri)
            .body(axum::body::Body::empty())
            .unwrap()
    }

    #[test]
    fn a_long_poll_is_a_changes_request_that_waits() {
        assert!(is_long_poll(&req("/v1/changes?since=1.5&limit=1&wait=25")));
        assert!(!is_long_poll(&req("/v1/changes?since=1.5&wait=0")));
        assert!(!is_long_poll(&req("/v1/changes?since=1.5")));
        assert!(!is_long_poll(&req("/v1/me?wait=25")));
    }
}
