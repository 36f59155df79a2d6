//! The member's account on this device: which hub, and the invitation token for it.
//!
//! The token goes into the OS keyring (Secret Service on Linux, Keychain on macOS, Credential
//! Manager on Windows). Where no keyring service runs — a bare window manager, a CI machine, a
//! server session — it falls back to a file in the app's data directory readable only by the
//! user (mode 0600), and Settings says so. Documented in docs/ARCHITECTURE.md ("Account").

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

const KEYRING_SERVICE: &str = "dk.digst.styrebord";

/// Where the token is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum TokenStorage {
    Keyring,
    /// The keyring was unavailable; the token is in `account.toml` (mode 0600).
    File,
}

/// What `account.toml` holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Account {
    pub hub_url: String,
    pub storage: TokenStorage,
    /// Only when `storage` is `file`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("could not read or write the account file {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the account file {path} is damaged ({detail}); sign in again")]
    Damaged { path: PathBuf, detail: String },
    #[error("the token is missing from the keyring; sign in again")]
    TokenMissing,
}

/// The keyring, behind a seam so tests can stand in for an absent or broken one.
pub trait Keyring {
    fn set(&self, account: &str, token: &str) -> Result<(), String>;
    fn get(&self, account: &str) -> Result<Option<String>, String>;
    fn delete(&self, account: &str);
}

/// The platform keyring through the `keyring` crate.
pub struct OsKeyring;

impl Keyring for OsKeyring {
    fn set(&self, account: &str, token: &str) -> Result<(), String> {
        keyring::Entry::new(KEYRING_SERVICE, account)
            .and_then(|e| e.set_password(token))
            .map_err(|e| e.to_string())
    }

    fn get(&self, account: &str) -> Result<Option<String>, String> {
        match keyring::Entry::new(KEYRING_SERVICE, account).and_then(|e| e.get_password()) {
            Ok(token) => Ok(Some(token)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(e.to_string()),
        }
    }

    fn delete(&self, account: &str) {
        if let Ok(entry) = keyring::Entry::new(KEYRING_SERVICE, account) {
            let _ = entry.delete_credential();
        }
    }
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> AccountError + '_ {
    move |source| AccountError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Saves the account, the token in the keyring when it works and in the file otherwise.
pub fn save(
    file: &Path,
    hub_url: &str,
    token: &str,
    keyring: &dyn Keyring,
) -> Result<Account, AccountError> {
    let account = match keyring.set(hub_url, token) {
        Ok(()) => Account {
            hub_url: hub_url.to_string(),
            storage: TokenStorage::Keyring,
            token: None,
        },
        Err(_) => Account {
            hub_url: hub_url.to_string(),
            storage: TokenStorage::File,
            token: Some(token.to_string()),
        },
    };
    write_private(
        file,
        &toml::to_string(&account).expect("account serializes"),
    )?;
    Ok(account)
}

/// The saved account and its token, if one is saved.
pub fn load(file: &Path, keyring: &dyn Keyring) -> Result<Option<(Account, String)>, AccountError> {
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_err(file)(e)),
    };
    let account: Account = toml::from_str(&text).map_err(|e| AccountError::Damaged {
        path: file.to_path_buf(),
        detail: e.message().to_string(),
    })?;
    let token = match account.storage {
        TokenStorage::File => account.token.clone(),
        TokenStorage::Keyring => keyring.get(&account.hub_url).ok().flatten(),
    }
    .ok_or(AccountError::TokenMissing)?;
    Ok(Some((account, token)))
}

/// Signs out: forgets the token wherever it is.
pub fn forget(file: &Path, keyring: &dyn Keyring) -> Result<(), AccountError> {
    if let Ok(Some((account, _))) = load(file, keyring) {
        keyring.delete(&account.hub_url);
    }
    match std::fs::remove_file(file) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io_err(file)(e)),
    }
}

/// Writes a file only its owner can read, atomically (temp file + rename).
fn write_private(file: &Path, contents: &str) -> Result<(), AccountError> {
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    }
    let tmp = file.with_extension("toml.tmp");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options.open(&tmp).map_err(io_err(&tmp))?;
    f.write_all(contents.as_bytes()).map_err(io_err(&tmp))?;
    f.sync_all().map_err(io_err(&tmp))?;
    std::fs::rename(&tmp, file).map_err(io_err(file))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::collections::HashMap;

    #[derive(Default)]
    struct MemoryKeyring(RefCell<HashMap<String, String>>);
    impl Keyring for MemoryKeyring {
        fn set(&self, account: &str, token: &str) -> Result<(), String> {
            self.0.borrow_mut().insert(account.into(), token.into());
            Ok(())
        }
        fn get(&self, account: &str) -> Result<Option<String>, String> {
            Ok(self.0.borrow().get(account).cloned())
        }
        fn delete(&self, account: &str) {
            self.0.borrow_mut().remove(account);
        }
    }

    /// A desktop with no Secret Service running.
    struct NoKeyring;
    impl Keyring for NoKeyring {
        fn set(&self, _: &str, _: &str) -> Result<(), String> {
            Err("org.freedesktop.secrets was not provided by any .service files".into())
        }
        fn get(&self, _: &str) -> Result<Option<String>, String> {
            Err("no secret service".into())
        }
        fn delete(&self, _: &str) {}
    }

    const HUB: &str = "https://hub.example.dk";

    #[test]
    fn token_goes_to_the_keyring_and_never_into_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("account.toml");
        let keyring = MemoryKeyring::default();
        let account = save(&file, HUB, "sbt_secret", &keyring).unwrap();
        assert_eq!(account.storage, TokenStorage::Keyring);
        assert!(!std::fs::read_to_string(&file)
            .unwrap()
            .contains("sbt_secret"));
        let (loaded, token) = load(&file, &keyring).unwrap().unwrap();
        assert_eq!(
            (loaded.hub_url.as_str(), token.as_str()),
            (HUB, "sbt_secret")
        );
    }

    #[test]
    fn without_a_keyring_the_token_is_kept_in_a_private_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("account.toml");
        let account = save(&file, HUB, "sbt_secret", &NoKeyring).unwrap();
        assert_eq!(account.storage, TokenStorage::File);
        let (_, token) = load(&file, &NoKeyring).unwrap().unwrap();
        assert_eq!(token, "sbt_secret");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn no_file_means_not_signed_in() {
        let dir = tempfile::tempdir().unwrap();
        assert!(load(&dir.path().join("account.toml"), &NoKeyring)
            .unwrap()
            .is_none());
    }

    #[test]
    fn a_damaged_file_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("account.toml");
        std::fs::write(&file, "hub_url = 3").unwrap();
        let err = load(&file, &NoKeyring).unwrap_err();
        assert!(matches!(err, AccountError::Damaged { .. }), "{err}");
    }

    #[test]
    fn a_token_lost_from_the_keyring_asks_for_sign_in() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("account.toml");
        let keyring = MemoryKeyring::default();
        save(&file, HUB, "sbt_secret", &keyring).unwrap();
        keyring.delete(HUB);
        assert!(matches!(
            load(&file, &keyring),
            Err(AccountError::TokenMissing)
        ));
    }

    #[test]
    fn forget_removes_file_and_keyring_entry() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("account.toml");
        let keyring = MemoryKeyring::default();
        save(&file, HUB, "sbt_secret", &keyring).unwrap();
        forget(&file, &keyring).unwrap();
        assert!(!file.exists());
        assert_eq!(keyring.get(HUB).unwrap(), None);
    }
}
