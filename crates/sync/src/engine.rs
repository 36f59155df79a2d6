//! The IO around [`crate::plan`]: HTTP with reqwest, files under `blob_dir`, the store.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::{NaiveDate, Utc};
use reqwest::header::{AUTHORIZATION, RANGE};
use reqwest::{Response, StatusCode};
use serde::Serialize;
use sha2::{Digest, Sha256};
use styrebord_protocol::{
    ChangesPage, DocumentText, ErrorBody, Me, MutationResults, UnreadableChange, MAX_BATCH,
};
use styrebord_store::{BlobEntry, Store, StoreError};
use tokio::sync::{watch, Notify};

use crate::download::{sha256_of_file, Expected, PartWriter};
use crate::plan::{self, classify, Disposition};
use crate::progress::{Phase, Progress};
use crate::SyncError;

/// Blobs downloaded at the same time by [`SyncEngine::fetch_blobs`]: enough to keep the link
/// busy while one download waits for its hash and database update, few enough not to
/// crowd out the API requests of other members on a small hub.
pub const BLOB_CONCURRENCY: usize = 3;
// `fetch_blobs` joins exactly this many workers.
const _: () = assert!(BLOB_CONCURRENCY == 3);

#[derive(Debug, Clone)]
pub struct SyncConfig {
    /// e.g. `https://styrebord.example.dk` (no trailing `/v1`).
    pub base_url: String,
    pub token: String,
    /// Verified blobs live here (`<sha[0..2]>/<sha>`); partial downloads in `tmp/`.
    pub blob_dir: PathBuf,
    /// Changes per page asked for.
    pub page_limit: u32,
    /// How often `run` syncs when nothing else triggers it.
    pub interval: Duration,
    /// Per-request timeout for API calls (blob downloads have none, only a connect timeout).
    pub request_timeout: Duration,
    /// Get the text of downloaded PDFs from the hub for search ([`SyncEngine::index_text`]).
    pub index_text: bool,
    /// First wait before a failed blob (hash mismatch, refused) is tried again; doubles each time.
    pub blob_retry: Duration,
    /// Between syncs, `run` holds a long poll open this long (the hub answers as soon as
    /// anything changes, so a meeting in progress reaches members within a second or two)
    /// instead of sleeping `interval`. `None`: poll every `interval`.
    pub long_poll: Option<Duration>,
    /// This app's version. When it is not the version that applied the feed (the app was
    /// updated), the first round reads the whole feed again over the copy, to pick up what
    /// the older version could not read (`Store::replay_if_updated`).
    pub app_version: String,
}

impl SyncConfig {
    pub fn new(
        base_url: impl Into<String>,
        token: impl Into<String>,
        blob_dir: impl Into<PathBuf>,
    ) -> Self {
        SyncConfig {
            base_url: base_url.into().trim_end_matches('/').to_owned(),
            token: token.into(),
            blob_dir: blob_dir.into(),
            page_limit: 1000,
            interval: Duration::from_secs(60),
            request_timeout: Duration::from_secs(30),
            index_text: true,
            blob_retry: Duration::from_secs(30),
            long_poll: None,
            // The workspace's version: the app's own.
            app_version: env!("CARGO_PKG_VERSION").to_owned(),
        }
    }
}

/// What one `sync_once` did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SyncReport {
    pub requests: u32,
    pub pushed: u32,
    pub applied: u32,
    pub rejected: u32,
    pub pages: u32,
    pub changes: u32,
    pub resets: u32,
    /// Times the hub was found restored from a backup (a cursor ahead of its log, or a log that
    /// continues the one this copy synced from), and the writes sent again because of it.
    pub restores: u32,
    pub resent: u32,
    pub blobs_fetched: u32,
    pub blobs_failed: u32,
    pub bytes: u64,
    pub indexed: u32,
}

impl SyncReport {
    /// Adds what another part of the same round did.
    fn absorb(&mut self, other: SyncReport) {
        self.requests += other.requests;
        self.pushed += other.pushed;
        self.applied += other.applied;
        self.rejected += other.rejected;
        self.pages += other.pages;
        self.changes += other.changes;
        self.resets += other.resets;
        self.restores += other.restores;
        self.resent += other.resent;
        self.blobs_fetched += other.blobs_fetched;
        self.blobs_failed += other.blobs_failed;
        self.bytes += other.bytes;
        self.indexed += other.indexed;
    }
}

/// Runs `each` on `items` three at a time, concurrently on the calling task (nothing is
/// spawned, so items start in their order: the priority order). After the first error no new
/// item is started (those under way finish); that error is returned with what was done.
async fn three_at_a_time<T, Fut>(
    items: Vec<T>,
    each: impl Fn(T, SyncReport) -> Fut,
) -> (SyncReport, Option<SyncError>)
where
    Fut: std::future::Future<Output = (SyncReport, Result<(), SyncError>)>,
{
    let queue = std::sync::Mutex::new(items.into_iter());
    let stop = std::sync::atomic::AtomicBool::new(false);
    let worker = || async {
        let mut report = SyncReport::default();
        loop {
            if stop.load(std::sync::atomic::Ordering::Relaxed) {
                return (report, None);
            }
            let Some(item) = queue.lock().unwrap_or_else(|p| p.into_inner()).next() else {
                return (report, None);
            };
            let (done, result) = each(item, std::mem::take(&mut report)).await;
            report = done;
            if let Err(e) = result {
                stop.store(true, std::sync::atomic::Ordering::Relaxed);
                return (report, Some(e));
            }
        }
    };
    let ((r1, e1), (r2, e2), (r3, e3)) = tokio::join!(worker(), worker(), worker());
    let mut report = SyncReport::default();
    let mut first_error = None;
    for (r, e) in [(r1, e1), (r2, e2), (r3, e3)] {
        report.absorb(r);
        if first_error.is_none() {
            first_error = e;
        }
    }
    (report, first_error)
}

pub struct SyncEngine {
    store: Arc<Store>,
    http: reqwest::Client,
    pub(crate) cfg: SyncConfig,
    progress: watch::Sender<Progress>,
    wake: Notify,
    /// Whether this engine has asked the hub whose token it holds (`fetch_me`). Until it has,
    /// nothing is pushed: a local copy must never be sent, or shown, under another person.
    identity_checked: std::sync::atomic::AtomicBool,
}

/// An HTTP answer reduced to what the engine needs.
enum Answer {
    Ok(Response),
    Err(SyncError, Disposition),
}

impl SyncEngine {
    pub fn new(store: Arc<Store>, cfg: SyncConfig) -> Result<Self, SyncError> {
        let http = crate::http::builder()
            .connect_timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| crate::http::client_failed(&e))?;
        Ok(SyncEngine {
            store,
            http,
            cfg,
            progress: watch::Sender::new(Progress::default()),
            wake: Notify::new(),
            identity_checked: std::sync::atomic::AtomicBool::new(false),
        })
    }

    pub fn store(&self) -> &Arc<Store> {
        &self.store
    }

    /// Progress for the UI; the latest value is always there.
    pub fn progress(&self) -> watch::Receiver<Progress> {
        self.progress.subscribe()
    }

    /// Asks `run` to sync now (a new local write, the network came back, the window got focus).
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// The verified file of an available blob.
    pub fn blob_file(&self, sha256: &str) -> PathBuf {
        plan::blob_path(&self.cfg.blob_dir, sha256)
    }

    fn set(&self, f: impl FnOnce(&mut Progress)) {
        self.progress.send_modify(f);
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.cfg.base_url)
    }

    /// Sends a request; an error status becomes a classified [`SyncError`].
    async fn send(&self, req: reqwest::RequestBuilder, report: &mut SyncReport) -> Answer {
        report.requests += 1;
        let resp = match req
            .header(AUTHORIZATION, format!("Bearer {}", self.cfg.token))
            .send()
            .await
        {
            Ok(r) => r,
            Err(e) => {
                self.set(|p| p.online = false);
                return Answer::Err(crate::error::request_failed(&e), Disposition::Retry);
            }
        };
        self.set(|p| p.online = true);
        let status = resp.status();
        if status.is_success() {
            return Answer::Ok(resp);
        }
        let body: Option<ErrorBody> = resp
            .bytes()
            .await
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok());
        let disposition = classify(
            Some(status.as_u16()),
            body.as_ref().map(|b| b.code.as_str()),
        );
        let body = body.unwrap_or_else(|| {
            ErrorBody::new(
                "http_error",
                format!("Serveren svarede {status}."),
                format!("The server answered {status}."),
            )
        });
        let err = match disposition {
            Disposition::Revoked => SyncError::Revoked(body),
            d => SyncError::Hub {
                status: status.as_u16(),
                body,
                retry: d == Disposition::Retry,
            },
        };
        Answer::Err(err, disposition)
    }

    /// A request to the hub (the token is added by `send`).
    pub(crate) fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.http.request(method, self.url(path))
    }

    /// Sends a request and fails with the classified error unless the hub answered 2xx.
    pub(crate) async fn send_checked(
        &self,
        req: reqwest::RequestBuilder,
        report: &mut SyncReport,
    ) -> Result<Response, SyncError> {
        match self.send(req, report).await {
            Answer::Ok(resp) => Ok(resp),
            Answer::Err(e, d) => Err(self.fail(e, d).await),
        }
    }

    /// `GET path` as JSON.
    pub(crate) async fn get_json<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        report: &mut SyncReport,
    ) -> Result<T, SyncError> {
        let req = self
            .request(reqwest::Method::GET, path)
            .timeout(self.cfg.request_timeout);
        Self::json(self.send_checked(req, report).await?).await
    }

    /// Reads a whole JSON body; a cut or malformed body is a (retryable) network error.
    pub(crate) async fn json<T: serde::de::DeserializeOwned>(
        resp: Response,
    ) -> Result<T, SyncError> {
        Self::read_json(resp, |bytes| serde_json::from_slice(bytes)).await
    }

    /// A page of the feed, read so that changes of a newer hub that this version cannot read
    /// are set aside instead of failing the page (`ChangesPage::from_json_tolerant`).
    async fn changes_page(
        resp: Response,
    ) -> Result<(ChangesPage, Vec<UnreadableChange>), SyncError> {
        Self::read_json(resp, ChangesPage::from_json_tolerant).await
    }

    /// The whole body, decoded by `decode`; a cut or malformed body is a network error.
    async fn read_json<T>(
        resp: Response,
        decode: impl FnOnce(&[u8]) -> serde_json::Result<T>,
    ) -> Result<T, SyncError> {
        let bytes = resp
            .bytes()
            .await
            .map_err(|e| SyncError::Network(format!("reading the answer: {e}")))?;
        decode(&bytes).map_err(|e| SyncError::Network(format!("unreadable answer: {e}")))
    }

    /// Wipes the local copy (database and blob files) after a revocation.
    async fn wipe(&self, err: SyncError) -> SyncError {
        if let Err(e) = self.wipe_local_copy().await {
            tracing::error!(error = %e, "wiping the local copy failed");
        }
        err
    }

    /// Deletes the local copy: every row of the store and the blob folder.
    async fn wipe_local_copy(&self) -> Result<(), SyncError> {
        self.store.wipe()?;
        match tokio::fs::remove_dir_all(&self.cfg.blob_dir).await {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
            _ => Ok(()),
        }
    }

    async fn fail(&self, err: SyncError, d: Disposition) -> SyncError {
        match d {
            Disposition::Revoked => self.wipe(err).await,
            _ => err,
        }
    }

    /// Push, then pull, then fetch blobs (and index their text). One request when nothing changed.
    pub async fn sync_once(&self, today: NaiveDate) -> Result<SyncReport, SyncError> {
        let mut report = SyncReport::default();
        let result = async {
            // Once per engine (per app start or sign-in): whose token is this?
            if !self
                .identity_checked
                .load(std::sync::atomic::Ordering::Acquire)
            {
                self.fetch_me(&mut report).await?;
            }
            self.push(&mut report).await?;
            self.pull(&mut report).await?;
            self.fetch_blobs(today, &mut report).await?;
            if self.cfg.index_text {
                self.index_text(&mut report).await?;
            }
            if report.changes > 0 || report.indexed > 0 {
                self.tidy_search().await?;
            }
            Ok::<_, SyncError>(())
        }
        .await;
        match result {
            Ok(()) => {
                self.store.note_synced(chrono::Utc::now())?;
                self.set(|p| {
                    p.phase = Phase::Idle;
                    p.current = None;
                    p.rounds += 1;
                    p.last_error = None;
                });
                Ok(report)
            }
            Err(e) => {
                let body = e.body();
                self.set(|p| {
                    p.phase = Phase::Idle;
                    p.current = None;
                    p.rounds += 1;
                    p.last_error = Some(body);
                });
                Err(e)
            }
        }
    }

    /// `GET /v1/me`: who this copy belongs to.
    pub async fn fetch_me(&self, report: &mut SyncReport) -> Result<Me, SyncError> {
        match self
            .send(
                self.http
                    .get(self.url("/v1/me"))
                    .timeout(self.cfg.request_timeout),
                report,
            )
            .await
        {
            Answer::Ok(resp) => {
                let me: Me = Self::json(resp).await?;
                if self.store.me()?.is_some_and(|old| old.id != me.person.id) {
                    // This copy belongs to someone else (signing out wipes it, so only a lost
                    // account file gets here): never show one person's data, notes or unsent
                    // writes to another, nor send them with another's token.
                    tracing::warn!("the local copy belonged to another person; wiping it");
                    self.wipe_local_copy().await?;
                }
                self.store.set_me(&me.person)?;
                self.identity_checked
                    .store(true, std::sync::atomic::Ordering::Release);
                Ok(me)
            }
            Answer::Err(e, d) => Err(self.fail(e, d).await),
        }
    }

    /// Pushes every waiting write, a batch at a time, recording each mutation's result.
    ///
    /// A 409 `client_seq_gap` means the hub lacks earlier writes of this device (it was restored
    /// from a backup): the outbox history is sent again first. Should the hub lack writes even
    /// older than the history keeps, the waiting writes go on as a new device.
    pub async fn push(&self, report: &mut SyncReport) -> Result<(), SyncError> {
        let mut gaps = 0;
        loop {
            let device = self.store.device_id()?;
            let waiting = self.store.outbox_to_push(MAX_BATCH)?;
            let Some(batch) = plan::plan_push(device, &waiting) else {
                return Ok(());
            };
            let n = batch.mutations.len() as u64;
            self.set(|p| {
                p.phase = Phase::Pushing;
                p.items_done = 0;
                p.items_total = n;
            });
            let ids: Vec<_> = batch.mutations.iter().map(|m| m.mutation_id).collect();
            self.store.mark_sent(&ids)?;
            let req = self
                .http
                .post(self.url("/v1/mutations"))
                .timeout(self.cfg.request_timeout)
                .json(&batch);
            let resp = match self.send(req, report).await {
                Answer::Ok(r) => r,
                Answer::Err(
                    SyncError::Hub {
                        status: 409, body, ..
                    },
                    _,
                ) if body.code == "client_seq_gap" && gaps < 2 => {
                    gaps += 1;
                    if gaps == 1 {
                        tracing::warn!(
                            "the hub lacks earlier writes (restored?); re-sending the history"
                        );
                        report.resent += self.store.resend_history()? as u32;
                        report.restores += 1;
                    } else {
                        tracing::warn!(
                            "the hub lacks writes older than the history; going on as a new device"
                        );
                        self.store.restart_device_sequence()?;
                    }
                    continue;
                }
                Answer::Err(e, d) => return Err(self.fail(e, d).await),
            };
            let results: MutationResults = Self::json(resp).await?;
            let results =
                plan::check_results(&batch, &results.results).map_err(SyncError::Network)?;
            let rec = self.store.record_results(results)?;
            report.pushed += n as u32;
            report.applied += rec.applied as u32;
            report.rejected += rec.rejected as u32;
            self.set(|p| p.items_done = n);
        }
    }

    /// Pulls pages until the hub has no more, each applied with its cursor in one transaction.
    /// A 410 resets the mirror (outbox kept) and starts from scratch.
    ///
    /// A hub restored from a backup is noticed two ways. Its log has a new epoch, recorded as
    /// continuing the old one up to the backup: a cursor up to there gets the next page under
    /// the new epoch, and the copy goes on from where it is. A cursor past it is answered 409
    /// `cursor_ahead`: the copy is fetched again from scratch. Either way the hub may lack
    /// writes it had taken after the backup, so every write of the outbox history is sent
    /// again (the hub answers the ones it has from its record: none applies twice), then the
    /// pull goes on, so the round ends with them in the copy.
    pub async fn pull(&self, report: &mut SyncReport) -> Result<(), SyncError> {
        self.set(|p| {
            p.phase = Phase::Pulling;
            p.items_done = 0;
            p.items_total = 0;
        });
        if self.store.replay_if_updated(&self.cfg.app_version)? {
            tracing::info!(version = %self.cfg.app_version, "the app was updated: reading the hub's feed again");
        }
        let mut resend = false;
        loop {
            let cursor = self.store.next_pull()?;
            // A cursor is digits and a dot: nothing to escape.
            let path = match cursor {
                Some(c) => format!("/v1/changes?since={c}&limit={}", self.cfg.page_limit),
                None => format!("/v1/changes?limit={}", self.cfg.page_limit),
            };
            let req = self
                .http
                .get(self.url(&path))
                .timeout(self.cfg.request_timeout);
            let resp = match self.send(req, report).await {
                Answer::Ok(r) => r,
                Answer::Err(_, Disposition::Reset) if report.resets < 3 => {
                    self.store.reset_for_resync()?;
                    report.resets += 1;
                    continue;
                }
                Answer::Err(e, Disposition::Ahead) if report.restores < 3 => {
                    tracing::warn!(error = %e, "the hub was restored from a backup; fetching again and re-sending");
                    report.resent += self.store.recover_from_restore()? as u32;
                    report.resets += 1;
                    report.restores += 1;
                    resend = true;
                    continue;
                }
                Answer::Err(e, d) => return Err(self.fail(e, d).await),
            };
            let (page, unreadable) = Self::changes_page(resp).await?;
            if cursor.is_some_and(|c| c.epoch != page.cursor.epoch) && report.restores < 3 {
                // The hub answered our cursor under another epoch: its log continues the one
                // we synced from (it was restored from a backup no older than our cursor).
                tracing::warn!(from = ?cursor, to = %page.cursor, "the hub was restored from a backup; re-sending");
                report.resent += self.store.continue_restored_log(page.cursor.epoch)? as u32;
                report.restores += 1;
                resend = true;
            }
            if !unreadable.is_empty() {
                tracing::warn!(count = unreadable.len(), first = ?unreadable[0], "the hub sent changes this version cannot read; set aside until the app is updated");
            }
            match self.store.apply_page_with_unreadable(&page, &unreadable) {
                Ok(applied) => {
                    report.pages += 1;
                    report.changes += applied.changes as u32;
                    self.set(|p| p.items_done += applied.changes as u64);
                }
                // A stale (replayed) answer: ignore it and ask again.
                Err(StoreError::CursorBackwards { .. }) if report.pages < 10_000 => continue,
                Err(StoreError::EpochMismatch { .. }) if report.resets < 3 => {
                    self.store.reset_for_resync()?;
                    report.resets += 1;
                    continue;
                }
                Err(e) => return Err(e.into()),
            }
            if !page.has_more {
                if !std::mem::take(&mut resend) {
                    return Ok(());
                }
                self.push(report).await?;
                self.set(|p| p.phase = Phase::Pulling);
            }
        }
    }

    /// Downloads every blob due (upcoming meetings first), [`BLOB_CONCURRENCY`] at a time.
    /// Stops taking new blobs at the first network failure (the rest waits for the next round;
    /// downloads already under way finish); a hash mismatch or HTTP refusal marks that blob failed
    /// and moves on.
    pub async fn fetch_blobs(
        &self,
        today: NaiveDate,
        report: &mut SyncReport,
    ) -> Result<(), SyncError> {
        let due = self.store.blobs_to_fetch(today, Utc::now(), 100_000)?;
        if due.is_empty() {
            return Ok(());
        }
        let total: u64 = due.iter().map(|b| b.size).sum();
        self.set(|p| {
            p.phase = Phase::Downloading;
            p.items_done = 0;
            p.items_total = due.len() as u64;
            p.bytes_done = 0;
            p.bytes_total = total;
        });
        tokio::fs::create_dir_all(self.cfg.blob_dir.join("tmp")).await?;
        let (done, first_error) = three_at_a_time(due, |blob, mut r| async move {
            let result = self.fetch_one(&blob, &mut r).await;
            (r, result)
        })
        .await;
        report.absorb(done);
        match first_error {
            None => Ok(()),
            // Wiped only once no download is writing into the blob folder any more.
            Some(SyncError::Revoked(b)) => Err(self.wipe(SyncError::Revoked(b)).await),
            Some(e) => Err(e),
        }
    }

    /// One blob of [`Self::fetch_blobs`]: `Err` only for what must stop the round.
    async fn fetch_one(&self, blob: &BlobEntry, report: &mut SyncReport) -> Result<(), SyncError> {
        let title = blob.title.clone().unwrap_or_else(|| blob.sha256.clone());
        self.set(|p| p.current = Some(title));
        match self.fetch_blob(blob, report).await {
            Ok(()) => report.blobs_fetched += 1,
            // The hub is unreachable or busy: stop the round; the next one retries.
            Err(e) if e.is_retryable() => return Err(e),
            Err(e @ (SyncError::Revoked(_) | SyncError::Store(_) | SyncError::Io(_))) => {
                return Err(e)
            }
            Err(e) => {
                // Permanent for now (not published, not found, hash mismatch): try later.
                report.blobs_failed += 1;
                let retry = self.cfg.blob_retry * 2u32.saturating_pow(blob.attempts.min(10));
                let when = Utc::now() + chrono::Duration::from_std(retry).unwrap_or_default();
                self.store
                    .blob_failed(&blob.sha256, &e.body().message_en, when)?;
            }
        }
        self.set(|p| p.items_done += 1);
        Ok(())
    }

    /// Downloads one blob (resuming a partial file with Range), hashing the bytes as they
    /// arrive, and renames it into place once its digest matches: the BLAKE3 the hub sends with
    /// it, or its SHA-256 (`download::Expected`).
    ///
    /// No fsync: a blob is a copy of what the hub keeps, and integrity does not rest on the
    /// disk having it — every read goes through [`Self::read_blob`], which checks the hash
    /// again, so a file torn by a power cut is never shown; it is queued again instead
    /// (docs/STORE-DECISIONS.md, "Blobs: verified on every read instead of fsynced").
    async fn fetch_blob(&self, blob: &BlobEntry, report: &mut SyncReport) -> Result<(), SyncError> {
        let sha = blob.sha256.as_str();
        let dest = plan::blob_path(&self.cfg.blob_dir, sha);
        if tokio::fs::try_exists(&dest).await? {
            // Renamed into place by an earlier run that stopped before recording it; it may
            // not have reached the disk whole, so it counts only if its hash still matches.
            if self.hash_of(&dest).await? == blob.sha256 {
                self.store.blob_available(sha, None)?;
                self.set(|p| p.bytes_done += blob.size);
                return Ok(());
            }
            tokio::fs::remove_file(&dest).await?;
        }
        let part = plan::part_path(&self.cfg.blob_dir, sha);
        let have = match tokio::fs::metadata(&part).await {
            Ok(m) => m.len(),
            Err(_) => 0,
        };
        let offset = plan::resume_from(have, blob.size).unwrap_or(0);
        let whole = if offset < blob.size {
            self.download(blob, &part, offset, report).await?
        } else {
            // Complete from an earlier run that stopped before checking it.
            self.hash_of(&part).await? == blob.sha256
        };
        if !whole {
            let _ = tokio::fs::remove_file(&part).await;
            return Err(hash_mismatch());
        }
        if let Some(dir) = dest.parent() {
            tokio::fs::create_dir_all(dir).await?;
        }
        tokio::fs::rename(&part, &dest).await?;
        self.store.blob_available(sha, None)?;
        Ok(())
    }

    /// Fetches `blob` from byte `offset` on into `part`; returns whether the whole file, the
    /// bytes already there included, has the digest it must have ([`Expected::of`]).
    async fn download(
        &self,
        blob: &BlobEntry,
        part: &Path,
        mut offset: u64,
        report: &mut SyncReport,
    ) -> Result<bool, SyncError> {
        let sha = blob.sha256.as_str();
        let mut req = self.http.get(self.url(&format!("/v1/blobs/{sha}")));
        if offset > 0 {
            req = req.header(RANGE, format!("bytes={offset}-"));
        }
        let mut resp = match self.send(req, report).await {
            Answer::Ok(r) => r,
            Answer::Err(SyncError::Hub { status: 416, .. }, _) => {
                // Our partial file does not fit the blob: start over next time.
                let _ = tokio::fs::remove_file(part).await;
                return Err(SyncError::Network(
                    "range not satisfiable; restarting the download".into(),
                ));
            }
            Answer::Err(e, _) => return Err(e),
        };
        if resp.status() != StatusCode::PARTIAL_CONTENT {
            offset = 0; // the hub sent the whole blob
        }
        self.store.blob_downloading(sha, offset)?;
        let expected = Expected::of(sha, resp.headers());
        let writer = PartWriter::start(part.to_owned(), offset, expected.check);
        let mut written = offset;
        let mut unreported = 0u64;
        let received = loop {
            match resp.chunk().await {
                Ok(Some(chunk)) => {
                    if written + chunk.len() as u64 > blob.size {
                        break Err(SyncError::Hub {
                            status: 200,
                            body: ErrorBody::new(
                                "blob_too_long",
                                "Dokumentet fra serveren er længere end oplyst; det hentes igen senere.",
                                "The document from the server is longer than announced; it is fetched again later.",
                            ),
                            retry: false,
                        });
                    }
                    let n = chunk.len() as u64;
                    written += n;
                    report.bytes += n;
                    unreported += n;
                    if unreported >= PROGRESS_STEP {
                        self.set(|p| p.bytes_done += unreported);
                        unreported = 0;
                    }
                    if !writer.write(chunk).await {
                        break Ok(()); // the writer failed: its error comes from `finish`
                    }
                }
                Ok(None) => break Ok(()),
                // Keep what arrived: the next round resumes with Range.
                Err(e) => break Err(SyncError::Network(format!("download cut off: {e}"))),
            }
        };
        self.set(|p| p.bytes_done += unreported);
        let hasher = writer.finish().await?;
        match received {
            Err(e @ SyncError::Hub { .. }) => {
                let _ = tokio::fs::remove_file(part).await;
                Err(e)
            }
            Err(e) => Err(e),
            Ok(()) if written < blob.size => Err(SyncError::Network(format!(
                "download ended at {written} of {} bytes",
                blob.size
            ))),
            Ok(()) => Ok(hasher.hex() == expected.hex),
        }
    }

    /// SHA-256 (hex) of a file, off the async threads.
    async fn hash_of(&self, path: &Path) -> Result<String, SyncError> {
        let path = path.to_owned();
        Ok(tokio::task::spawn_blocking(move || sha256_of_file(&path))
            .await
            .map_err(|e| SyncError::Io(std::io::Error::other(e)))??)
    }

    /// The bytes of an available blob, checked against its SHA-256 on every read. A file that
    /// no longer matches (torn by a power cut, damaged on disk, missing) is queued for download
    /// again and refused with `blob_damaged`: it is never handed out.
    pub async fn read_blob(&self, sha256: &str) -> Result<Vec<u8>, SyncError> {
        let path = self.blob_file(sha256);
        let expected = sha256.to_owned();
        let read = tokio::task::spawn_blocking(move || -> std::io::Result<Option<Vec<u8>>> {
            let bytes = match std::fs::read(&path) {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
                Err(e) => return Err(e),
            };
            let ok = hex::encode(Sha256::digest(&bytes)) == expected;
            if !ok {
                let _ = std::fs::remove_file(&path);
            }
            Ok(ok.then_some(bytes))
        })
        .await
        .map_err(|e| SyncError::Io(std::io::Error::other(e)))??;
        match read {
            Some(bytes) => Ok(bytes),
            None => {
                self.store.blob_missing(sha256)?;
                self.wake();
                Err(SyncError::BlobDamaged(ErrorBody::new(
                    "blob_damaged",
                    "Dokumentets fil på denne computer var beskadiget eller væk. Det hentes igen, så snart der er forbindelse til hubben.",
                    "The document's file on this computer was damaged or missing. It is fetched again as soon as the hub can be reached.",
                )))
            }
        }
    }

    /// Gets the text of available PDFs for search from the hub, which read it from each file when
    /// it was published (`GET /v1/blobs/{sha256}/text`). The app does not parse PDFs itself: its
    /// release build aborts on a panic, so a file that made the PDF reader panic would end the
    /// app in every round, while the hub reads each upload with the panic caught and then has no
    /// text for it. Three requests at a time, as downloads; a file the hub has no text for (a
    /// scan, a damaged file, a document no longer shown) is kept, unsearchable.
    pub async fn index_text(&self, report: &mut SyncReport) -> Result<(), SyncError> {
        loop {
            let todo = self.store.blobs_to_index(32)?;
            if todo.is_empty() {
                return Ok(());
            }
            self.set(|p| {
                p.phase = Phase::Indexing;
                p.items_total = todo.len() as u64;
                p.items_done = 0;
            });
            let (done, first_error) = three_at_a_time(todo, |sha, mut r| async move {
                let result = self.index_one(&sha, &mut r).await;
                (r, result)
            })
            .await;
            report.absorb(done);
            match first_error {
                None => {}
                Some(SyncError::Revoked(b)) => return Err(self.wipe(SyncError::Revoked(b)).await),
                Some(e) => return Err(e),
            }
        }
    }

    /// One blob of [`Self::index_text`]: `Err` only for what must stop the round (the hub out of
    /// reach or busy, the token revoked, the store failing).
    async fn index_one(&self, sha: &str, report: &mut SyncReport) -> Result<(), SyncError> {
        let path = format!("/v1/blobs/{sha}/text");
        let pages = match self.get_json::<DocumentText>(&path, report).await {
            Ok(text) => text.pages,
            Err(SyncError::Hub {
                retry: false, body, ..
            }) => {
                tracing::info!(blob = sha, code = %body.code, "no text for search from the hub");
                Vec::new()
            }
            Err(e) => return Err(e),
        };
        self.store.set_blob_text(sha, &pages)?;
        report.indexed += 1;
        self.set(|p| p.items_done += 1);
        Ok(())
    }

    /// Merges the search index after a round that indexed something (see
    /// [`Store::tidy_search`]), one bounded step at a time off the async threads, so searches
    /// and reads get the store between steps.
    pub async fn tidy_search(&self) -> Result<(), SyncError> {
        loop {
            let store = self.store.clone();
            let more = tokio::task::spawn_blocking(move || store.tidy_search())
                .await
                .map_err(|e| SyncError::Io(std::io::Error::other(e)))??;
            if !more {
                return Ok(());
            }
        }
    }

    /// Syncs on start ("on connect"), every `interval`, when woken, and after a failure with
    /// backoff, until `stop` turns true. Returns after a revocation (the copy is wiped).
    pub async fn run(
        &self,
        mut stop: watch::Receiver<bool>,
        today: impl Fn() -> NaiveDate,
    ) -> Result<(), SyncError> {
        let mut attempt: u32 = 0;
        loop {
            if *stop.borrow() {
                return Ok(());
            }
            let delay = match self.sync_once(today()).await {
                Ok(_) => {
                    attempt = 0;
                    self.cfg.interval
                }
                Err(e @ SyncError::Revoked(_)) => return Err(e),
                Err(e) if e.is_retryable() => {
                    attempt += 1;
                    let jitter = f64::from(Utc::now().timestamp_subsec_nanos() % 1000) / 1000.0;
                    let d = plan::with_jitter(plan::backoff(attempt), jitter);
                    tracing::info!(error = %e, attempt, delay = ?d, "sync failed; retrying");
                    self.set(|p| p.phase = Phase::Waiting);
                    d
                }
                Err(e) => {
                    tracing::warn!(error = %e, "sync failed; not retrying before the next interval");
                    attempt = 0;
                    self.cfg.interval
                }
            };
            let wait_for_news = async {
                match (attempt, self.cfg.long_poll) {
                    (0, Some(wait)) => {
                        // Answered at once when the hub has news, else after `wait`; either
                        // way the next round syncs (a failure falls back to the interval).
                        match self.wait_for_news(wait).await {
                            // The hub says the cursor no longer fits (a reset, or a restored
                            // hub): the next round deals with it at once.
                            Err(SyncError::Hub {
                                status: 409 | 410, ..
                            }) => {}
                            Err(_) => tokio::time::sleep(delay).await,
                            Ok(()) => {}
                        }
                    }
                    _ => tokio::time::sleep(delay).await,
                }
            };
            tokio::select! {
                _ = wait_for_news => {}
                _ = self.wake.notified() => {}
                _ = stop.changed() => {}
            }
        }
    }

    /// A long poll: asks the hub for changes past the cursor and waits up to `wait` for some.
    /// Nothing is applied here; the next sync fetches and applies them as usual.
    async fn wait_for_news(&self, wait: Duration) -> Result<(), SyncError> {
        let Some(cursor) = self.store.cursor()? else {
            return Ok(());
        };
        let path = format!("/v1/changes?since={cursor}&limit=1&wait={}", wait.as_secs());
        let req = self
            .request(reqwest::Method::GET, &path)
            .timeout(wait + self.cfg.request_timeout);
        self.send_checked(req, &mut SyncReport::default()).await?;
        Ok(())
    }
}

/// Progress is reported per this many bytes, not per network chunk.
const PROGRESS_STEP: u64 = 1 << 20;

fn hash_mismatch() -> SyncError {
    SyncError::Hub {
        status: 200,
        body: ErrorBody::new(
            "blob_hash_mismatch",
            "Dokumentet kom beskadiget frem (kontrolsummen passer ikke); det hentes igen senere.",
            "The document arrived damaged (its checksum does not match); it is fetched again later.",
        ),
        retry: false,
    }
}
