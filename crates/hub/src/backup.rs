//! `styrebord-hub backup` and `restore`: one tar archive of a serving hub — a consistent copy of
//! the database (SQLite's online backup API) and the blobs that copy knows, and the app updates
//! it offers (`updates/`: the key, the release index and the packages it names) — with a
//! manifest of every file's SHA-256, and its restore into a new directory as a hub with a new
//! log identity.
//!
//! Consistency: the database is copied first, in one step of the backup API (one read
//! transaction, so writes committed meanwhile are simply not in it); then exactly the blobs *that
//! copy* lists are added. A blob is on disk before its row is committed (`blobs::ingest`) and is
//! never deleted, so every listed blob is there; blobs stored after the copy are not listed and
//! are left out, which is harmless (nothing in the copy names them).
//!
//! Restore verifies every file against the manifest while it is still in a staging folder, and
//! only then moves it into place; then it gives the hub a new random epoch and records the old
//! one in `log_ancestors` with the backup's head, so apps tell a restored hub from the one they
//! synced with (see docs/ARCHITECTURE.md, "Backup, restore and the log's identity").

use std::fs::File;
use std::io::{BufReader, BufWriter, Read};
use std::path::{Component, Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::HubError;
use crate::store::{self, DB_FILE};

/// The manifest's `format`; a restore refuses any other.
pub const FORMAT: &str = "styrebord-hub-backup/1";
const MANIFEST: &str = "manifest.json";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    /// When the backup was taken (RFC 3339, UTC).
    pub created_at: String,
    /// The backed-up log's epoch and last change seq: where an app that synced this far stands.
    pub epoch: u32,
    pub head: u64,
    /// Every file of the archive but the manifest, in archive order.
    pub files: Vec<FileEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// `hub.sqlite3`, `blobs/<first two hex>/<sha256>`, `updates/signing.pub`,
    /// `updates/releases.json` or `updates/packages/<sha256>`.
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

/// What a backup holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupSummary {
    pub epoch: u32,
    pub head: u64,
    pub database_bytes: u64,
    pub blobs: usize,
    pub blob_bytes: u64,
    /// App update packages (with the key and the release index that names them).
    pub update_packages: usize,
}

/// What a restore made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreSummary {
    /// The backed-up log.
    pub from_epoch: u32,
    pub head: u64,
    /// The restored hub's new epoch.
    pub epoch: u32,
    pub blobs: usize,
    pub update_packages: usize,
}

fn invalid(msg: impl Into<String>) -> HubError {
    HubError::Invalid(msg.into())
}

/// Writes a backup of the hub in `data` to `to`, while the hub may be serving. The archive
/// appears under its name only when complete (written beside it, then renamed).
pub fn backup(data: &Path, to: &Path) -> Result<BackupSummary, HubError> {
    let db_path = data.join(DB_FILE);
    if !db_path.is_file() {
        return Err(invalid(format!(
            "{} has no hub database ({DB_FILE}): is --data the hub's data directory?",
            data.display()
        )));
    }
    let dir = match to.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = to
        .file_name()
        .ok_or_else(|| invalid(format!("{} is not a file name", to.display())))?
        .to_string_lossy()
        .into_owned();
    let snapshot = dir.join(format!(".{name}.db.partial"));
    let partial = dir.join(format!(".{name}.partial"));
    let result = (|| {
        let (epoch, head, blobs) = snapshot_database(&db_path, &snapshot)?;
        let updates = crate::updates::for_backup(data)?;
        let summary = write_archive(data, &snapshot, &blobs, &updates, epoch, head, &partial)?;
        std::fs::rename(&partial, to)?;
        File::open(&dir)?.sync_all()?;
        Ok(summary)
    })();
    let _ = std::fs::remove_file(&snapshot);
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}

/// Copies the live database into `snapshot` with the online backup API, in one step (one read
/// transaction: a write by the serving hub cannot make it start over, and it sees one committed
/// state). Returns that state's epoch, head and its blobs (`sha256`, size).
fn snapshot_database(
    db_path: &Path,
    snapshot: &Path,
) -> Result<(u32, u64, Vec<StoredBlob>), HubError> {
    // Not `db::open`: a backup must never migrate the serving hub's database.
    let src = Connection::open_with_flags(
        db_path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    src.busy_timeout(std::time::Duration::from_secs(10))?;
    let _ = std::fs::remove_file(snapshot);
    let mut dst = Connection::open(snapshot)?;
    {
        use rusqlite::backup::{Backup, StepResult};
        let backup = Backup::new(&src, &mut dst)?;
        let mut tries = 0;
        loop {
            match backup.step(-1)? {
                StepResult::Done => break,
                StepResult::Busy | StepResult::Locked if tries < 200 => {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                StepResult::More | StepResult::Busy | StepResult::Locked => {
                    return Err(invalid(
                        "the hub's database stayed busy for 10 seconds; try the backup again",
                    ))
                }
                _ => return Err(invalid("the database copy stopped unexpectedly")),
            }
        }
    }
    // The copy is a plain database file (the backup API writes pages, not the WAL).
    dst.pragma_update(None, "journal_mode", "DELETE")?;
    let epoch = store::epoch(&dst)?;
    let head = store::head_seq(&dst)?;
    let mut stmt = dst.prepare("SELECT sha256, size FROM blobs ORDER BY sha256")?;
    let blobs = stmt
        .query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    drop(stmt);
    dst.close().map_err(|(_, e)| e)?;
    Ok((epoch, head, blobs))
}

/// A blob the database lists: its SHA-256 (hex) and size.
type StoredBlob = (String, u64);

fn blob_rel_path(sha: &str) -> String {
    format!("blobs/{}/{sha}", &sha[..2])
}

const UPDATE_KEY: &str = "updates/signing.pub";
const UPDATE_INDEX: &str = "updates/releases.json";
const UPDATE_PACKAGES: &str = "updates/packages/";

fn is_sha(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Hashes what passes through.
struct Hashing<R> {
    inner: R,
    hash: Sha256,
    size: u64,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hash.update(&buf[..n]);
        self.size += n as u64;
        Ok(n)
    }
}

impl<R> Hashing<R> {
    fn new(inner: R) -> Self {
        Hashing {
            inner,
            hash: Sha256::new(),
            size: 0,
        }
    }
    fn finish(self) -> (u64, String) {
        (self.size, hex::encode(self.hash.finalize()))
    }
}

fn header(path: &str, size: u64) -> Result<tar::Header, HubError> {
    let mut h = tar::Header::new_gnu();
    h.set_path(path)?;
    h.set_size(size);
    h.set_mode(0o600);
    h.set_mtime(chrono::Utc::now().timestamp().max(0) as u64);
    h.set_entry_type(tar::EntryType::Regular);
    h.set_cksum();
    Ok(h)
}

/// Appends `size` bytes of `source` as `rel`, hashing them into the manifest's entry.
fn append(
    tar: &mut tar::Builder<BufWriter<File>>,
    files: &mut Vec<FileEntry>,
    rel: &str,
    source: impl Read,
    size: u64,
) -> Result<u64, HubError> {
    let mut reader = Hashing::new(source.take(size));
    tar.append(&header(rel, size)?, &mut reader)?;
    let (n, sha) = reader.finish();
    if n != size {
        return Err(invalid(format!(
            "{rel}: the file changed size during the backup"
        )));
    }
    files.push(FileEntry {
        path: rel.to_owned(),
        size,
        sha256: sha,
    });
    Ok(size)
}

/// Appends the file at `file` as `rel`; `expected` is the size the database (or the release
/// index) gives it, which it must have.
fn append_file(
    tar: &mut tar::Builder<BufWriter<File>>,
    files: &mut Vec<FileEntry>,
    rel: &str,
    file: &Path,
    expected: Option<u64>,
) -> Result<u64, HubError> {
    let f = File::open(file).map_err(|e| {
        invalid(format!(
            "{rel}: cannot read {} for the backup: {e}",
            file.display()
        ))
    })?;
    let size = f.metadata()?.len();
    if let Some(want) = expected.filter(|&want| want != size) {
        return Err(invalid(format!(
            "{rel}: the file has {size} bytes but the hub's records say {want}; the hub's data \
             folder is damaged"
        )));
    }
    append(tar, files, rel, BufReader::with_capacity(1 << 20, f), size)
}

fn write_archive(
    data: &Path,
    snapshot: &Path,
    blobs: &[StoredBlob],
    updates: &crate::updates::ForBackup,
    epoch: u32,
    head: u64,
    partial: &Path,
) -> Result<BackupSummary, HubError> {
    let out = BufWriter::with_capacity(1 << 20, File::create(partial)?);
    let mut tar = tar::Builder::new(out);
    let mut files = Vec::with_capacity(blobs.len() + updates.packages.len() + 3);
    let database_bytes = append_file(&mut tar, &mut files, DB_FILE, snapshot, None)?;
    let mut blob_bytes = 0;
    let blob_dir = data.join("blobs");
    for (sha, size) in blobs {
        if !is_sha(sha) {
            return Err(invalid(format!("the database lists a blob named {sha:?}")));
        }
        let rel = blob_rel_path(sha);
        let file = blob_dir.join(&sha[..2]).join(sha);
        blob_bytes += append_file(&mut tar, &mut files, &rel, &file, Some(*size))?;
    }
    for (rel, bytes) in [(UPDATE_KEY, &updates.key), (UPDATE_INDEX, &updates.index)] {
        if let Some(bytes) = bytes {
            append(
                &mut tar,
                &mut files,
                rel,
                bytes.as_slice(),
                bytes.len() as u64,
            )?;
        }
    }
    for (sha, size) in &updates.packages {
        if !is_sha(sha) {
            return Err(invalid(format!(
                "the release index lists a package named {sha:?}"
            )));
        }
        let rel = format!("{UPDATE_PACKAGES}{sha}");
        let file = crate::updates::package_path(data, sha);
        append_file(&mut tar, &mut files, &rel, &file, Some(*size))?;
    }
    let manifest = Manifest {
        format: FORMAT.into(),
        created_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        epoch,
        head,
        files,
    };
    let json = serde_json::to_vec_pretty(&manifest)?;
    tar.append(&header(MANIFEST, json.len() as u64)?, json.as_slice())?;
    let out = tar.into_inner()?;
    let file = out.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()?;
    Ok(BackupSummary {
        epoch,
        head,
        database_bytes,
        blobs: blobs.len(),
        blob_bytes,
        update_packages: updates.packages.len(),
    })
}

/// Restores the archive `from` into `data`, which must be new or empty. Every file is checked
/// against the manifest before anything is moved into place; a damaged archive is refused
/// naming the file, and leaves `data` empty.
pub fn restore(from: &Path, data: &Path) -> Result<RestoreSummary, HubError> {
    if data.exists() {
        let mut entries = std::fs::read_dir(data).map_err(|e| {
            invalid(format!(
                "{}: cannot read the directory to restore into: {e}",
                data.display()
            ))
        })?;
        if entries.next().is_some() {
            return Err(invalid(format!(
                "{} is not empty: restore only into a new or empty directory (then serve the \
                 hub from there); nothing was changed",
                data.display()
            )));
        }
    }
    let archive = File::open(from)
        .map_err(|e| invalid(format!("{}: cannot open the backup: {e}", from.display())))?;
    std::fs::create_dir_all(data)?;
    let staging = data.join(".restoring");
    let result = unpack_verified(archive, &staging).and_then(|manifest| {
        // Everything checked: now move it into place.
        std::fs::rename(staging.join(DB_FILE), data.join(DB_FILE))?;
        for folder in ["blobs", "updates"] {
            if staging.join(folder).exists() {
                std::fs::rename(staging.join(folder), data.join(folder))?;
            }
        }
        std::fs::remove_dir_all(&staging)?;
        new_identity(data, &manifest)
    });
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

/// Unpacks the archive into `staging`, hashing each file as it is written, and checks the whole
/// against its manifest. Returns the manifest.
fn unpack_verified(archive: File, staging: &Path) -> Result<Manifest, HubError> {
    let damaged =
        |what: String| invalid(format!("the backup is damaged or not a hub backup: {what}"));
    std::fs::create_dir_all(staging)?;
    let mut tar = tar::Archive::new(BufReader::with_capacity(1 << 20, archive));
    let mut found: Vec<FileEntry> = Vec::new();
    let mut manifest: Option<Manifest> = None;
    for entry in tar.entries().map_err(|e| damaged(e.to_string()))? {
        let mut entry = entry.map_err(|e| damaged(e.to_string()))?;
        let path = entry
            .path()
            .map_err(|e| damaged(e.to_string()))?
            .into_owned();
        let rel = archive_path(&path).ok_or_else(|| {
            damaged(format!(
                "it holds {}, which a hub backup never does",
                path.display()
            ))
        })?;
        if rel == MANIFEST {
            let mut json = Vec::new();
            entry
                .read_to_end(&mut json)
                .map_err(|e| damaged(format!("{MANIFEST}: {e}")))?;
            manifest = Some(
                serde_json::from_slice(&json).map_err(|e| damaged(format!("{MANIFEST}: {e}")))?,
            );
            continue;
        }
        let dest = staging.join(&rel);
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let mut out = BufWriter::with_capacity(1 << 20, File::create(&dest)?);
        let mut reader = Hashing::new(&mut entry);
        std::io::copy(&mut reader, &mut out).map_err(|e| damaged(format!("{rel}: {e}")))?;
        let file = out.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        let (size, sha256) = reader.finish();
        found.push(FileEntry {
            path: rel,
            size,
            sha256,
        });
    }
    let manifest = manifest.ok_or_else(|| damaged(format!("it has no {MANIFEST}")))?;
    if manifest.format != FORMAT {
        return Err(damaged(format!(
            "its format is {:?}; this hub restores {FORMAT:?}",
            manifest.format
        )));
    }
    verify(&manifest, &found)?;
    Ok(manifest)
}

/// The archive's files must be exactly the manifest's, each of its size and SHA-256, and each
/// blob named by its own hash.
fn verify(manifest: &Manifest, found: &[FileEntry]) -> Result<(), HubError> {
    let damaged = |what: String| invalid(format!("the backup is damaged: {what}"));
    for want in &manifest.files {
        let Some(got) = found.iter().find(|f| f.path == want.path) else {
            return Err(damaged(format!(
                "{} is missing from the archive",
                want.path
            )));
        };
        if got.sha256 != want.sha256 || got.size != want.size {
            return Err(damaged(format!(
                "{}: SHA-256 {} ({} bytes), but the manifest says {} ({} bytes)",
                want.path, got.sha256, got.size, want.sha256, want.size
            )));
        }
        let named_by_hash = want
            .path
            .strip_prefix("blobs/")
            .map(|p| &p[3..])
            .or_else(|| want.path.strip_prefix(UPDATE_PACKAGES));
        if let Some(name) = named_by_hash {
            if name != want.sha256 {
                return Err(damaged(format!(
                    "{}: its content hashes to {}, not to its name",
                    want.path, want.sha256
                )));
            }
        }
    }
    if let Some(extra) = found
        .iter()
        .find(|f| !manifest.files.iter().any(|m| m.path == f.path))
    {
        return Err(damaged(format!("{} is not in the manifest", extra.path)));
    }
    if !found.iter().any(|f| f.path == DB_FILE) {
        return Err(damaged(format!("it has no {DB_FILE}")));
    }
    Ok(())
}

/// A path a hub backup may hold: `manifest.json`, `hub.sqlite3`, `blobs/<xx>/<sha256>`, and
/// `updates/`'s `signing.pub`, `releases.json` and `packages/<sha256>` (nothing absolute, no
/// `..`).
fn archive_path(path: &Path) -> Option<String> {
    let parts: Vec<&str> = path
        .components()
        .map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect::<Option<_>>()?;
    match parts.as_slice() {
        [f] if *f == MANIFEST || *f == DB_FILE => Some((*f).to_owned()),
        ["blobs", pre, sha] if is_sha(sha) && sha.starts_with(pre) && pre.len() == 2 => {
            Some(blob_rel_path(sha))
        }
        ["updates", f] if [UPDATE_KEY, UPDATE_INDEX].contains(&format!("updates/{f}").as_str()) => {
            Some(format!("updates/{f}"))
        }
        ["updates", "packages", sha] if is_sha(sha) => Some(format!("{UPDATE_PACKAGES}{sha}")),
        _ => None,
    }
}

/// Opens the restored database (migrating a backup of an older hub), checks it, and gives the
/// log a new random epoch, recording the backed-up one as an ancestor shared up to its head.
fn new_identity(data: &Path, manifest: &Manifest) -> Result<RestoreSummary, HubError> {
    let db = crate::store::Store::open(data)?;
    db.write(|tx| {
        let ok: String = tx.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if ok != "ok" {
            return Err(invalid(format!(
                "the restored database fails SQLite's integrity check: {ok}"
            )));
        }
        let epoch = store::epoch(tx)?;
        let head = store::head_seq(tx)?;
        if epoch != manifest.epoch || head != manifest.head {
            return Err(invalid(format!(
                "the database is at {epoch}.{head}, the manifest says {}.{}",
                manifest.epoch, manifest.head
            )));
        }
        // Earlier ancestors share with this log at most what the backup holds.
        tx.execute(
            "UPDATE log_ancestors SET through = MIN(through, ?1)",
            [head as i64],
        )?;
        tx.execute(
            "INSERT INTO log_ancestors (epoch, through) VALUES (?1, ?2)
             ON CONFLICT (epoch) DO UPDATE SET through = excluded.through",
            rusqlite::params![epoch, head as i64],
        )?;
        let new = loop {
            // Random, not epoch + 1: two restores of one backup (a drill and the real one)
            // must not share an identity once their logs grow apart.
            let e = getrandom::u32().map_err(|e| invalid(format!("no randomness: {e}")))?;
            let taken: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM log_ancestors WHERE epoch = ?1)",
                [e],
                |r| r.get(0),
            )?;
            if e > 1 && !taken {
                break e;
            }
        };
        store::meta_set(tx, "epoch", u64::from(new))?;
        Ok(RestoreSummary {
            from_epoch: epoch,
            head,
            epoch: new,
            blobs: count(manifest, "blobs/"),
            update_packages: count(manifest, UPDATE_PACKAGES),
        })
    })
}

/// How many of the manifest's files are under `folder`.
fn count(manifest: &Manifest, folder: &str) -> usize {
    manifest
        .files
        .iter()
        .filter(|f| f.path.starts_with(folder))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archive_paths_are_only_the_hubs_own() {
        let sha = "ab".repeat(32);
        assert_eq!(
            archive_path(Path::new("hub.sqlite3")).as_deref(),
            Some("hub.sqlite3")
        );
        assert_eq!(
            archive_path(Path::new(&format!("blobs/ab/{sha}"))),
            Some(format!("blobs/ab/{sha}"))
        );
        for update in [
            "updates/signing.pub".to_owned(),
            "updates/releases.json".to_owned(),
            format!("updates/packages/{sha}"),
        ] {
            assert_eq!(archive_path(Path::new(&update)), Some(update.clone()));
        }
        for bad in [
            "../hub.sqlite3",
            "/etc/passwd",
            "blobs/cd/x",
            "x/hub.sqlite3",
            &format!("blobs/cd/{sha}"),
            &format!("blobs/../{sha}"),
            "updates/other.json",
            "updates/packages/x",
            &format!("updates/packages/ab/{sha}"),
            &format!("updates/../{sha}"),
        ] {
            assert_eq!(archive_path(Path::new(bad)), None, "{bad}");
        }
    }

    #[test]
    fn a_package_must_hash_to_its_name_as_a_blob_must() {
        let (named, content) = ("ab".repeat(32), "cd".repeat(32));
        let file = |path: String| FileEntry {
            path,
            size: 3,
            sha256: content.clone(),
        };
        for path in [
            format!("updates/packages/{named}"),
            format!("blobs/ab/{named}"),
        ] {
            let files = vec![file(DB_FILE.to_owned()), file(path.clone())];
            let manifest = Manifest {
                format: FORMAT.into(),
                created_at: String::new(),
                epoch: 1,
                head: 0,
                files: files.clone(),
            };
            let err = verify(&manifest, &files).unwrap_err().to_string();
            assert!(
                err.contains(&path) && err.contains("not to its name"),
                "{err}"
            );
            let named_right = vec![
                file(DB_FILE.to_owned()),
                file(path.replace(&named, &content)),
            ];
            let manifest = Manifest {
                files: named_right.clone(),
                ..manifest
            };
            verify(&manifest, &named_right).unwrap();
        }
    }
}
