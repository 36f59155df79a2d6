//! Where the app keeps its files, following the platform's conventions (XDG on Linux), so two
//! users — or a test with its own HOME — never share a copy.

use std::io;
use std::path::{Path, PathBuf};

/// The app's directories for one mode (a real hub, or the demo).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppPaths {
    /// The local store, blob cache and account of this mode.
    pub data: PathBuf,
}

impl AppPaths {
    /// `~/.local/share/styrebord` on Linux (or `$XDG_DATA_HOME/styrebord`); the demo gets its own
    /// `demo/` folder beside the member's real copy, never mixed with it.
    pub fn resolve(demo: bool) -> io::Result<AppPaths> {
        let dirs = directories::ProjectDirs::from("dk", "Digitaliseringsstyrelsen", "Styrebord")
            .ok_or_else(|| io::Error::other("no home directory: cannot place the app's data"))?;
        Ok(AppPaths::under(dirs.data_dir(), demo))
    }

    pub fn under(base: &Path, demo: bool) -> AppPaths {
        let data = if demo {
            base.join("demo")
        } else {
            base.to_path_buf()
        };
        AppPaths { data }
    }

    pub fn store_file(&self) -> PathBuf {
        self.data.join("styrebord.sqlite3")
    }

    pub fn blob_dir(&self) -> PathBuf {
        self.data.join("blobs")
    }

    pub fn account_file(&self) -> PathBuf {
        self.data.join("account.toml")
    }

    /// The in-process demo hub's own data (its database and blobs).
    pub fn demo_hub_dir(&self) -> PathBuf {
        self.data.join("hub")
    }
}

/// Empties a directory and recreates it: `--demo` starts from fresh demo data every time.
pub fn recreate_dir(dir: &Path) -> io::Result<()> {
    match std::fs::remove_dir_all(dir) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    std::fs::create_dir_all(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_lives_apart_from_the_real_copy() {
        let real = AppPaths::under(Path::new("/home/a/.local/share/styrebord"), false);
        let demo = AppPaths::under(Path::new("/home/a/.local/share/styrebord"), true);
        assert_ne!(real.store_file(), demo.store_file());
        assert!(demo.data.starts_with(&real.data));
        assert!(!real.store_file().starts_with(&demo.data));
    }

    #[test]
    fn resolve_follows_xdg_data_home() {
        // directories reads XDG_DATA_HOME on Linux; the e2e tests rely on that for isolation.
        if cfg!(target_os = "linux") {
            let dir = tempfile::tempdir().unwrap();
            // SAFETY (test only): single-threaded use of the variable within this test binary's
            // one test that reads it.
            unsafe { std::env::set_var("XDG_DATA_HOME", dir.path()) };
            let paths = AppPaths::resolve(false).unwrap();
            assert!(paths.data.starts_with(dir.path()), "{paths:?}");
        }
    }

    #[test]
    fn recreate_dir_empties_it() {
        let dir = tempfile::tempdir().unwrap();
        let demo = dir.path().join("demo");
        std::fs::create_dir_all(demo.join("hub")).unwrap();
        std::fs::write(demo.join("hub/old.sqlite3"), b"old").unwrap();
        recreate_dir(&demo).unwrap();
        assert!(demo.is_dir());
        assert_eq!(std::fs::read_dir(&demo).unwrap().count(), 0);
    }
}
