//! Updates of the member's app, served by the hub itself (state networks often block outside
//! update servers).
//!
//! Everything lives in `<data>/updates/`: the organisation's public signing key (`signing.pub`,
//! the same key the apps are built with), the release index (`releases.json`) and the packages
//! (`packages/<sha256>`). Plain files rather than tables: the serving hub reads the small index
//! on each check, so `publish-update` needs no running hub and no schema change.
//!
//! A package is accepted only if its minisign signature (made by `tauri signer sign`, the Tauri
//! updater's format) verifies against the configured key and is bound to the version it is
//! published as. So a wrong key or a mislabelled package is refused at the secretariat's desk,
//! not on every member's laptop. The app verifies again with the key built into it
//! (`src-tauri/src/commands/update.rs`): the hub's check is a courtesy, the app's is the guard.

use std::cmp::Ordering;
use std::io::Write;
use std::path::{Path, PathBuf};

use base64::Engine;
use serde::{Deserialize, Serialize};

use crate::error::HubError;

/// Operating systems and architectures the Tauri updater names in its requests
/// (`{{target}}` and `{{arch}}`), and the bundle kinds it may add (`{{bundle_type}}`).
const OSES: &[&str] = &["linux", "windows", "darwin"];
const ARCHES: &[&str] = &["x86_64", "aarch64", "i686", "armv7"];
const BUNDLES: &[&str] = &["deb", "rpm", "appimage", "msi", "nsis", "app"];

/// One published package: a version of the app for one target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Release {
    pub version: String,
    /// `os-arch` or `os-arch-bundle`, e.g. `linux-x86_64` or `windows-x86_64-msi`.
    pub target: String,
    pub notes: Option<String>,
    /// RFC 3339, when it was published.
    pub pub_date: String,
    /// The package file's name as published (offered when the member saves it).
    pub file_name: String,
    pub sha256: String,
    pub size: u64,
    /// The `.sig` file's contents as `tauri signer sign` wrote them (base64 minisign).
    pub signature: String,
    /// RFC 3339, when it was withdrawn (`withdraw-update`): no longer offered or served. Kept in
    /// the index so its version is never published again for the target: an app that installed
    /// it would never be offered another package under the same version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn: Option<String>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Index {
    releases: Vec<Release>,
}

/// The hub's update folder under its data directory.
pub fn dir(data: &Path) -> PathBuf {
    data.join("updates")
}

fn key_file(data: &Path) -> PathBuf {
    dir(data).join("signing.pub")
}

fn index_file(data: &Path) -> PathBuf {
    dir(data).join("releases.json")
}

pub fn package_path(data: &Path, sha256: &str) -> PathBuf {
    dir(data).join("packages").join(sha256)
}

/// A public key as Tauri writes it (`tauri signer generate` → `KEY.pub`, and the updater's
/// `pubkey`): base64 of minisign's two-line public key file.
struct Key {
    text: String,
    key: minisign_verify::PublicKey,
}

impl Key {
    fn parse(raw: &str) -> Result<Key, HubError> {
        let text = decode_b64_text(raw.trim()).ok_or_else(|| {
            HubError::Invalid(
                "the public key is not a Tauri updater key (the base64 text `tauri signer \
                 generate` writes to KEY.pub)"
                    .into(),
            )
        })?;
        let key = minisign_verify::PublicKey::decode(&text)
            .map_err(|e| HubError::Invalid(format!("the public key is not a minisign key: {e}")))?;
        Ok(Key { text, key })
    }

    /// The key id minisign prints (`minisign public key: B76898F2C523FC5D`), for messages.
    fn id(&self) -> String {
        key_id(&self.text)
    }
}

fn key_id(minisign_text: &str) -> String {
    minisign_text
        .lines()
        .next()
        .and_then(|l| l.rsplit(' ').next())
        .unwrap_or("?")
        .to_owned()
}

fn decode_b64_text(raw: &str) -> Option<String> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(raw.trim())
        .ok()?;
    String::from_utf8(bytes).ok()
}

/// Records the public key the apps were built with. Refuses to replace a different key unless
/// `replace`: apps built with the old key would refuse every update signed with the new one.
pub fn set_key(data: &Path, raw: &str, replace: bool) -> Result<String, HubError> {
    let key = Key::parse(raw)?;
    if let Ok(old) = std::fs::read_to_string(key_file(data)) {
        let old = Key::parse(&old)?;
        if old.text.trim() != key.text.trim() && !replace {
            return Err(HubError::Invalid(format!(
                "the hub already has update key {} and this is {}. Apps built with {} refuse \
                 updates signed with another key; pass --replace only if the apps are rebuilt \
                 with the new key",
                old.id(),
                key.id(),
                old.id()
            )));
        }
    }
    write_atomically(&key_file(data), raw.trim().as_bytes())?;
    Ok(key.id())
}

fn configured_key(data: &Path) -> Result<Key, HubError> {
    let raw = std::fs::read_to_string(key_file(data)).map_err(|_| {
        HubError::Invalid(
            "the hub has no update signing key: run `styrebord-hub update-key KEY.pub` with the \
             public key the apps were built with (see docs/RELEASING.md)"
                .into(),
        )
    })?;
    Key::parse(&raw)
}

/// Checks `target` is `os-arch` or `os-arch-bundle` as the updater names them.
pub fn parse_target(target: &str) -> Result<(), HubError> {
    let parts: Vec<&str> = target.split('-').collect();
    let ok = match parts.as_slice() {
        [os, arch] => OSES.contains(os) && ARCHES.contains(arch),
        [os, arch, bundle] => {
            OSES.contains(os) && ARCHES.contains(arch) && BUNDLES.contains(bundle)
        }
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(HubError::Invalid(format!(
            "target {target:?} is not OS-ARCH[-BUNDLE] with OS one of {OSES:?}, ARCH one of \
             {ARCHES:?} and BUNDLE one of {BUNDLES:?} (e.g. linux-x86_64 or windows-x86_64-msi)"
        )))
    }
}

fn parse_version(v: &str) -> Result<semver::Version, HubError> {
    semver::Version::parse(v.trim_start_matches('v')).map_err(|e| {
        HubError::Invalid(format!(
            "version {v:?} is not a version like 1.2.3 ({e}); use the app's version from \
             tauri.conf.json"
        ))
    })
}

/// What the secretariat hands `publish-update`.
pub struct Publish<'a> {
    pub version: &'a str,
    pub target: &'a str,
    pub package: &'a Path,
    pub signature: &'a Path,
    pub notes: Option<&'a str>,
    pub now: chrono::DateTime<chrono::Utc>,
}

/// Verifies and stores a release. The package is stored before the index names it, so a
/// checking app never sees a release whose package is missing.
pub fn publish(data: &Path, p: Publish<'_>) -> Result<Release, HubError> {
    let version = parse_version(p.version)?;
    parse_target(p.target)?;
    let key = configured_key(data)?;
    let bytes = std::fs::read(p.package).map_err(|e| {
        HubError::Invalid(format!(
            "cannot read the package {}: {e}",
            p.package.display()
        ))
    })?;
    let sig_raw = std::fs::read_to_string(p.signature).map_err(|e| {
        HubError::Invalid(format!(
            "cannot read the signature {}: {e}",
            p.signature.display()
        ))
    })?;
    let signed_version = verify(&key, &bytes, &sig_raw).map_err(HubError::Invalid)?;
    match signed_version {
        None => {
            return Err(HubError::Invalid(format!(
                "the signature does not say which version it was made for; the apps refuse \
                 such updates. Sign again with `tauri signer sign --app-version {version} …` \
                 (`tauri build` does this itself)"
            )))
        }
        Some(signed) if parse_version(&signed).ok().as_ref() != Some(&version) => {
            return Err(HubError::Invalid(format!(
                "the package was signed as version {signed}, not {version}: publish it as \
                 {signed}, or sign the right package"
            )))
        }
        Some(_) => {}
    }
    let _writer = lock_for_writing(data)?;
    let mut index = read_index(data)?;
    if let Some(old) = index
        .releases
        .iter()
        .find(|r| r.target == p.target && parse_version(&r.version).ok() == Some(version.clone()))
    {
        let withdrawn = old
            .withdrawn
            .as_deref()
            .map(|on| format!(" and withdrawn on {on}; apps that installed it keep it"))
            .unwrap_or_default();
        return Err(HubError::Invalid(format!(
            "version {} for {} is already published (package {}){withdrawn}; publish a higher \
             version",
            old.version, old.target, old.file_name
        )));
    }
    let sha256 = crate::blobs::sha256_of(&bytes).as_str().to_owned();
    write_atomically(&package_path(data, &sha256), &bytes)?;
    let release = Release {
        version: version.to_string(),
        target: p.target.to_owned(),
        notes: p.notes.map(str::to_owned).filter(|n| !n.trim().is_empty()),
        pub_date: p.now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        file_name: p
            .package
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| sha256.clone()),
        sha256,
        size: bytes.len() as u64,
        signature: sig_raw.trim().to_owned(),
        withdrawn: None,
    };
    index.releases.push(release.clone());
    write_atomically(&index_file(data), &serde_json::to_vec_pretty(&index)?)?;
    Ok(release)
}

/// Verifies a Tauri updater signature (`.sig` contents) over `bytes` with `key`, as the app's
/// updater does; returns the version the signature is bound to, if it names one.
fn verify(key: &Key, bytes: &[u8], sig_raw: &str) -> Result<Option<String>, String> {
    let text = decode_b64_text(sig_raw).ok_or_else(|| {
        "the signature file is not a Tauri updater signature (the base64 text `tauri signer \
         sign` writes to FILE.sig)"
            .to_owned()
    })?;
    let sig = minisign_verify::Signature::decode(&text)
        .map_err(|e| format!("the signature file is not a minisign signature: {e}"))?;
    key.key.verify(bytes, &sig, false).map_err(|e| match e {
        minisign_verify::Error::UnexpectedKeyId => format!(
            "the package was signed with another key than the hub's update key {}: apps \
             built with that key would refuse it. Sign it with the organisation's update key",
            key.id()
        ),
        _ => format!(
            "the signature does not match the package ({e}): it was made for another file, or \
             the package was changed after signing"
        ),
    })?;
    // Only after `verify` is the trusted comment covered by the signature.
    Ok(sig
        .trusted_comment()
        .split('\t')
        .find_map(|f| f.strip_prefix("version:"))
        .map(str::to_owned))
}

fn read_index(data: &Path) -> Result<Index, HubError> {
    match std::fs::read(index_file(data)) {
        Ok(bytes) => Ok(serde_json::from_slice(&bytes)?),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Index::default()),
        Err(e) => Err(e.into()),
    }
}

/// What a backup keeps of the update folder ([`crate::backup`]), read at one moment: the key,
/// the index as it stands and the packages that index names. A package is stored before the
/// index names it and never deleted, so each one named is there.
#[cfg(feature = "server-ops")]
pub(crate) struct ForBackup {
    /// `signing.pub`, when the hub has been given the key.
    pub key: Option<Vec<u8>>,
    /// `releases.json`'s bytes, when anything has been published.
    pub index: Option<Vec<u8>>,
    /// The SHA-256 (hex) and size of each package the index names, once each.
    pub packages: Vec<(String, u64)>,
}

#[cfg(feature = "server-ops")]
pub(crate) fn for_backup(data: &Path) -> Result<ForBackup, HubError> {
    let read = |path: PathBuf| match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(HubError::from(e)),
    };
    let key = read(key_file(data))?;
    let index = read(index_file(data))?;
    let mut packages: Vec<(String, u64)> = match &index {
        Some(bytes) => serde_json::from_slice::<Index>(bytes)?
            .releases
            .into_iter()
            .map(|r| (r.sha256, r.size))
            .collect(),
        None => Vec::new(),
    };
    packages.sort();
    packages.dedup();
    Ok(ForBackup {
        key,
        index,
        packages,
    })
}

/// Every published release, oldest first.
pub fn releases(data: &Path) -> Result<Vec<Release>, HubError> {
    Ok(read_index(data)?.releases)
}

/// The newest release for `os`/`arch` newer than `current`: one published for the bundle kind
/// the app was installed from (`os-arch-bundle`) wins over one for any bundle (`os-arch`) of
/// the same version.
pub fn newest_for(
    data: &Path,
    os: &str,
    arch: &str,
    bundle: Option<&str>,
    current: &semver::Version,
) -> Result<Option<Release>, HubError> {
    let general = format!("{os}-{arch}");
    let specific = bundle.map(|b| format!("{general}-{b}"));
    let mut best: Option<(semver::Version, bool, Release)> = None;
    for r in offered(read_index(data)?) {
        let is_specific = specific.as_deref() == Some(r.target.as_str());
        if !is_specific && r.target != general {
            continue;
        }
        let Ok(v) = parse_version(&r.version) else {
            continue;
        };
        if v <= *current {
            continue;
        }
        let better = match &best {
            None => true,
            Some((bv, bs, _)) => match v.cmp(bv) {
                Ordering::Greater => true,
                Ordering::Equal => is_specific && !bs,
                Ordering::Less => false,
            },
        };
        if better {
            best = Some((v, is_specific, r));
        }
    }
    Ok(best.map(|(_, _, r)| r))
}

/// Whether `sha256` is a published package not withdrawn (only those are served).
pub fn published_package(data: &Path, sha256: &str) -> Result<Option<Release>, HubError> {
    Ok(offered(read_index(data)?).find(|r| r.sha256 == sha256))
}

/// The releases offered to apps: published and not withdrawn.
fn offered(index: Index) -> impl Iterator<Item = Release> {
    index.releases.into_iter().filter(|r| r.withdrawn.is_none())
}

/// What [`withdraw`] did: the release withdrawn, and the newest one still offered for its target.
#[derive(Debug)]
pub struct Withdrawal {
    pub withdrawn: Release,
    pub now_newest: Option<Release>,
}

/// Withdraws a published release: from now on no app is offered it or can download it (a
/// download under way when the index is written finishes). Apps that installed it keep it; the
/// remedy for them is a higher version. The package file stays, named in the index, so a backup
/// and the record of what was offered keep it.
pub fn withdraw(
    data: &Path,
    version: &str,
    target: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Withdrawal, HubError> {
    let wanted = parse_version(version)?;
    parse_target(target)?;
    let _writer = lock_for_writing(data)?;
    let mut index = read_index(data)?;
    let release = index
        .releases
        .iter_mut()
        .find(|r| r.target == target && parse_version(&r.version).ok().as_ref() == Some(&wanted))
        .ok_or_else(|| {
            HubError::Invalid(format!(
                "version {wanted} is not published for {target}: nothing was withdrawn"
            ))
        })?;
    if let Some(on) = &release.withdrawn {
        return Err(HubError::Invalid(format!(
            "version {wanted} for {target} was already withdrawn on {on}"
        )));
    }
    release.withdrawn = Some(now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    let withdrawn = release.clone();
    write_atomically(&index_file(data), &serde_json::to_vec_pretty(&index)?)?;
    let now_newest = offered(index)
        .filter(|r| r.target == target)
        .filter_map(|r| parse_version(&r.version).ok().map(|v| (v, r)))
        .max_by(|a, b| a.0.cmp(&b.0))
        .map(|(_, r)| r);
    Ok(Withdrawal {
        withdrawn,
        now_newest,
    })
}

/// One writer of the release index at a time: `publish-update` and `withdraw-update` read it,
/// change it and write it back, so two at once would lose the first one's change while telling
/// its operator it was done. Held until the returned file is dropped; the system lets go of it
/// if the process dies. Readers (the serving hub, a backup) need none: the index is replaced by
/// a rename, never written in place.
fn lock_for_writing(data: &Path) -> Result<std::fs::File, HubError> {
    std::fs::create_dir_all(dir(data))?;
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir(data).join(".lock"))?;
    file.lock()?;
    Ok(file)
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), HubError> {
    let parent = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = parent.join(format!(".{name}.tmp"));
    {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, path)?;
    std::fs::File::open(parent)?.sync_all()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_the_updaters_names() {
        for ok in ["linux-x86_64", "windows-x86_64-msi", "darwin-aarch64-app"] {
            assert!(parse_target(ok).is_ok(), "{ok}");
        }
        for bad in [
            "linux",
            "linux-amd64",
            "win-x86_64",
            "linux-x86_64-zip",
            "a-b-c-d",
        ] {
            assert!(parse_target(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_key_id_is_read_from_minisigns_comment() {
        assert_eq!(
            key_id("untrusted comment: minisign public key: B76898F2C523FC5D\nRWR…"),
            "B76898F2C523FC5D"
        );
    }
}
