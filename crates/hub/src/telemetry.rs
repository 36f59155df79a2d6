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
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::trace::{DefaultOnFailure, TraceLayer};
use tower_http::LatencyUnit;
use tracing::{Level, Span};
#[cfg(feature = "server-ops")]
use tracing_subscriber::EnvFilter;

#[cfg(feature = "server-ops")]
use crate::config::LogFormat;

pub const REQUEST_ID: &str = "x-request-id";

/// Starts logging to stderr. `RUST_LOG` filters as usual (default `info`). The hub binary's
/// only: the app's demo hub logs through whatever the app set up (nothing, today). Keep the
/// guard until the process ends: dropping it writes out the lines still waiting.
#[cfg(feature = "server-ops")]
pub fn init(format: LogFormat) -> std::io::Result<LogGuard> {
    let (writer, guard) = pipe::start()?;
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
    Ok(guard)
}

#[cfg(feature = "server-ops")]
pub use pipe::LogGuard;

/// Where log lines go: handed to one thread that writes them to stderr in batches, instead of
/// a `write` to stderr (under its lock) per line on the thread answering the request. Lossless: a
/// line is never dropped; when 1 MiB is waiting (stderr blocked), the logging thread waits for
/// the writer. The writer gathers for at most [`GATHER`] after the first line of a batch, so a
/// busy hub writes one batch per interval rather than waking a thread per line, and a line
/// reaches the journal within that time. [`LogGuard`] (held by `main`) writes out what is left
/// when the process ends; a panic's message is printed after the lines logged before it.
#[cfg(feature = "server-ops")]
mod pipe {
    use std::io::{self, Write};
    use std::sync::{Arc, Condvar, Mutex, MutexGuard};
    use std::thread::JoinHandle;
    use std::time::Duration;

    /// How long the writer waits after the first line of a batch for more.
    pub(super) const GATHER: Duration = Duration::from_millis(2);
    /// Bytes waiting above which a logging thread waits for the writer (back-pressure).
    const HIGH_WATER: usize = 1 << 20;
    /// The longest a flush waits for the writer (a flush runs in the panic hook: never hang).
    const FLUSH_LIMIT: Duration = Duration::from_secs(2);

    #[derive(Default)]
    struct Pending {
        lines: Vec<u8>,
        /// The writer is parked waiting for a first line: only then is it woken (a futex wake
        /// per line costs what the write it replaces did).
        idle: bool,
        /// The writer has taken a batch and not finished writing it.
        writing: bool,
        closed: bool,
    }

    #[derive(Default)]
    struct Shared {
        pending: Mutex<Pending>,
        /// Lines arrived (for the idle writer), or closing.
        arrived: Condvar,
        /// A batch was written (for flushes and for logging threads held back).
        written: Condvar,
    }

    impl Shared {
        fn lock(&self) -> MutexGuard<'_, Pending> {
            self.pending.lock().unwrap_or_else(|p| p.into_inner())
        }
    }

    /// The `MakeWriter` for `tracing_subscriber::fmt`: every line is appended whole (fmt
    /// formats a line, then writes it with one `write_all`).
    #[derive(Clone)]
    pub struct LogPipe(Arc<Shared>);

    impl io::Write for &LogPipe {
        fn write(&mut self, line: &[u8]) -> io::Result<usize> {
            let mut p = self.0.lock();
            while p.lines.len() >= HIGH_WATER && !p.closed {
                p = self.0.written.wait(p).unwrap_or_else(|e| e.into_inner());
            }
            if p.closed {
                // After the guard was dropped (e.g. a thread still running at exit): as before.
                drop(p);
                return io::stderr().write(line);
            }
            p.lines.extend_from_slice(line);
            if p.idle {
                p.idle = false;
                self.0.arrived.notify_one();
            }
            Ok(line.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for LogPipe {
        type Writer = &'a LogPipe;

        fn make_writer(&'a self) -> Self::Writer {
            self
        }
    }

    impl LogPipe {
        /// Waits until every line written so far is on stderr (at most [`FLUSH_LIMIT`]).
        pub fn flush(&self) {
            let mut p = self.0.lock();
            let mut left = FLUSH_LIMIT;
            while !p.lines.is_empty() || p.writing {
                if p.idle {
                    p.idle = false;
                    self.0.arrived.notify_one();
                }
                let t = std::time::Instant::now();
                let (q, timeout) = self
                    .0
                    .written
                    .wait_timeout(p, left)
                    .unwrap_or_else(|e| e.into_inner());
                p = q;
                left = left.saturating_sub(t.elapsed());
                if timeout.timed_out() || left.is_zero() {
                    return;
                }
            }
        }
    }

    /// Stops the writer after it has written every line; held by `main` for the process's
    /// life.
    pub struct LogGuard {
        pipe: LogPipe,
        writer: Option<JoinHandle<()>>,
    }

    impl Drop for LogGuard {
        fn drop(&mut self) {
            self.pipe.0.lock().closed = true;
            self.pipe.0.arrived.notify_one();
            if let Some(w) = self.writer.take() {
                let _ = w.join();
            }
        }
    }

    /// The pipe, its writer thread, and a panic hook that writes out the lines before the
    /// panic's message.
    pub fn start() -> io::Result<(LogPipe, LogGuard)> {
        let (pipe, guard) = start_to(io::stderr())?;
        let hook = std::panic::take_hook();
        let flushed = pipe.clone();
        std::panic::set_hook(Box::new(move |info| {
            flushed.flush();
            hook(info);
        }));
        Ok((pipe, guard))
    }

    /// The pipe and its writer thread, writing to `out` (stderr, or a test's buffer). `out` is
    /// written once per batch and not otherwise held: a panic's message goes to stderr too.
    pub(super) fn start_to(out: impl Write + Send + 'static) -> io::Result<(LogPipe, LogGuard)> {
        let pipe = LogPipe(Arc::default());
        let shared = Arc::clone(&pipe.0);
        let writer = std::thread::Builder::new()
            .name("log-writer".into())
            .spawn(move || write_batches(&shared, out))?;
        Ok((
            pipe.clone(),
            LogGuard {
                pipe,
                writer: Some(writer),
            },
        ))
    }

    fn write_batches(shared: &Shared, mut out: impl Write) {
        let mut batch = Vec::new();
        loop {
            let mut p = shared.lock();
            while p.lines.is_empty() && !p.closed {
                p.idle = true;
                p = shared.arrived.wait(p).unwrap_or_else(|e| e.into_inner());
            }
            p.idle = false;
            if p.lines.is_empty() {
                return; // closed, and everything written
            }
            if !p.closed {
                // Let more lines join this batch (woken early only by closing).
                drop(p);
                std::thread::sleep(GATHER);
                p = shared.lock();
            }
            std::mem::swap(&mut batch, &mut p.lines);
            p.writing = true;
            drop(p);
            let _ = out.write_all(&batch).and_then(|()| out.flush());
            batch.clear();
            shared.lock().writing = false;
            shared.written.notify_all();
        }
    }
}

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

/// Request ids as before (random UUID v4, as `tower_http`'s `MakeRequestUuid` made them), from
/// the OS's randomness fetched 4 KiB at a time per thread rather than one `getrandom` system
/// call per request (≈ 2 % of the hub's CPU under `wrk`).
#[derive(Clone, Copy)]
struct RandomIds;

/// 256 ids' worth of randomness.
const ID_POOL: usize = 4096;

thread_local! {
    static RANDOM: std::cell::RefCell<(Box<[u8; ID_POOL]>, usize)> =
        std::cell::RefCell::new((Box::new([0; ID_POOL]), ID_POOL));
}

fn random_uuid() -> Option<uuid::Uuid> {
    RANDOM.with_borrow_mut(|(pool, used)| {
        if *used + 16 > ID_POOL {
            getrandom::fill(&mut pool[..]).ok()?;
            *used = 0;
        }
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&pool[*used..*used + 16]);
        *used += 16;
        Some(uuid::Builder::from_random_bytes(bytes).into_uuid())
    })
}

impl MakeRequestId for RandomIds {
    fn make_request_id<B>(&mut self, _: &axum::http::Request<B>) -> Option<RequestId> {
        // Without randomness (never seen) the request goes on without an id.
        let id = random_uuid()?;
        let mut text = [0u8; uuid::fmt::Hyphenated::LENGTH];
        let text = id.hyphenated().encode_lower(&mut text);
        HeaderValue::from_str(text).ok().map(RequestId::new)
    }
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
        .layer(SetRequestIdLayer::x_request_id(RandomIds))
        .layer(axum::middleware::map_request(drop_implausible_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A buffer the writer thread writes into and the test reads.
    #[cfg(feature = "server-ops")]
    #[derive(Clone, Default)]
    struct Shared(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

    #[cfg(feature = "server-ops")]
    impl std::io::Write for Shared {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[cfg(feature = "server-ops")]
    #[test]
    fn the_log_guard_writes_out_every_line_in_order() {
        use std::io::Write;
        let out = Shared::default();
        let (pipe, guard) = pipe::start_to(out.clone()).unwrap();
        let lines: Vec<String> = (0..5_000).map(|i| format!("line {i}\n")).collect();
        std::thread::scope(|s| {
            // Two threads, as the runtime's workers log; each thread's lines in its order.
            for half in lines.chunks(2_500) {
                let pipe = &pipe;
                s.spawn(move || {
                    for l in half {
                        (&*pipe).write_all(l.as_bytes()).unwrap();
                    }
                });
            }
        });
        // Lines still waiting (the writer gathers for a moment): dropping the guard writes them.
        drop(guard);
        let text = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
        let written: Vec<&str> = text.lines().collect();
        assert_eq!(written.len(), lines.len());
        for half in [0..2_500, 2_500..5_000] {
            let mine: Vec<usize> = written
                .iter()
                .map(|l| l["line ".len()..].parse::<usize>().unwrap())
                .filter(|i| half.contains(i))
                .collect();
            assert_eq!(mine, half.collect::<Vec<_>>());
        }
    }

    #[cfg(feature = "server-ops")]
    #[test]
    fn a_flush_waits_for_the_lines_written_before_it() {
        use std::io::Write;
        let out = Shared::default();
        let (pipe, _guard) = pipe::start_to(out.clone()).unwrap();
        (&pipe).write_all(b"before the panic\n").unwrap();
        pipe.flush();
        assert_eq!(&out.0.lock().unwrap()[..], b"before the panic\n");
    }

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
