//! Logs and request ids: text or JSON lines on stderr (journald keeps them), and an `x-request-id`
//! on every response that is also in the request's log span, so the line behind an error a member
//! reports ("fejl-id …") can be found with `journalctl -u styrebord-hub | grep ID`.

#[cfg(feature = "server-ops")]
use std::io::IsTerminal;
use std::time::Duration;

use axum::extract::{MatchedPath, Request};
use axum::http::header::HeaderValue;
use axum::http::Response;
use axum::Router;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::{DefaultOnFailure, TraceLayer};
use tower_http::LatencyUnit;
use tracing::{Level, Span};
#[cfg(feature = "server-ops")]
use tracing_subscriber::EnvFilter;

#[cfg(feature = "server-ops")]
use crate::config::LogFormat;

pub const REQUEST_ID: &str = "x-request-id";

/// Starts logging to stderr. `RUST_LOG` filters as usual (default `info`). The hub binary's
/// only: the app's demo hub logs through whatever the app set up (nothing, today).
///
/// Lines go through `tracing-appender`'s non-blocking writer: the thread answering a request
/// hands its line to one writer thread instead of taking stderr's lock for a `write` per line,
/// and that thread writes through a buffer it flushes whenever its queue is empty, so a busy hub
/// makes one system call per batch (docs/BENCHMARKS.md, "An up-to-date poll"). Lossless: when
/// the queue is full, the logging thread waits rather than a line being dropped. Keep the guard
/// until the process ends: dropping it writes out the lines still waiting.
#[cfg(feature = "server-ops")]
pub fn init(format: LogFormat) -> LogGuard {
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .lossy(false)
        .thread_name("log-writer")
        .finish(std::io::BufWriter::new(std::io::stderr()));
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        // No colour codes in journald or a log file.
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(writer);
    match format {
        LogFormat::Text => builder.init(),
        // One object per line; the request's span (with its request_id, method and route) is
        // on every line logged while answering it.
        LogFormat::Json => builder
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .init(),
    }
    guard
}

/// Writes out the log lines still waiting when dropped (held by `main`).
#[cfg(feature = "server-ops")]
pub use tracing_appender::non_blocking::WorkerGuard as LogGuard;

/// An id a client or a proxy sent is kept (so nginx's `$request_id` and ours agree) if it looks
/// like one; anything else is replaced, so a client cannot write arbitrary text into the log.
fn plausible(id: &HeaderValue) -> bool {
    let b = id.as_bytes();
    (1..=64).contains(&b.len())
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
}

async fn drop_implausible_id(mut req: Request) -> Request {
    if req
        .headers()
        .get(REQUEST_ID)
        .is_some_and(|id| !plausible(id))
    {
        req.headers_mut().remove(REQUEST_ID);
    }
    req
}

fn request_span(req: &Request) -> Span {
    let id = req
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    // The route's template (`/v1/blobs/{sha256}`) to group by, and the URI for the one request
    // someone asks about (its query holds a cursor, a limit, a wait; tokens travel only in the
    // Authorization header, which is never logged).
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or("-", MatchedPath::as_str);
    tracing::info_span!(
        "request",
        request_id = %id,
        method = %req.method(),
        route = %route,
        uri = %req.uri(),
    )
}

fn on_response<B>(res: &Response<B>, latency: Duration, _span: &Span) {
    tracing::info!(
        status = res.status().as_u16(),
        latency_ms = latency.as_secs_f64() * 1000.0,
        "answered"
    );
}

/// Adds the request id (set, logged, returned) and one log line per answer to every route.
/// Route-level (`Router::layer`), so the matched route is known to the span.
pub fn layer(router: Router) -> Router {
    router
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_request(())
                .on_response(on_response)
                .on_failure(
                    DefaultOnFailure::new()
                        .latency_unit(LatencyUnit::Millis)
                        .level(Level::ERROR),
                ),
        )
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .layer(axum::middleware::map_request(drop_implausible_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plausible_ids_are_kept() {
        for ok in ["3f2b9c1e-8d4a-4f6b-9e21-0c7d5a1b2e3f", "a", "nginx.req_42"] {
            assert!(plausible(&HeaderValue::from_static(ok)), "{ok}");
        }
        let long = "x".repeat(65);
        for bad in ["", "two words", "line\tbreak", "ø", long.as_str()] {
            let v = HeaderValue::from_bytes(bad.as_bytes()).unwrap();
            assert!(!plausible(&v), "{bad:?}");
        }
    }
}
