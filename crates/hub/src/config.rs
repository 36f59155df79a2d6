//! `serve`'s settings: flags, a TOML file (`--config`, e.g. /etc/styrebord-hub/hub.toml, see
//! packaging/hub/hub.toml), and built-in defaults, in that order of precedence.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use serde::Deserialize;

use crate::error::HubError;
use crate::server::{DEFAULT_MAX_BODY, DEFAULT_MAX_UPLOAD};
use crate::tls::TlsFiles;

/// The default address: loopback, because without TLS the members' tokens would cross the
/// network in clear text. Serve on a network address with `tls_cert`/`tls_key` or behind a proxy.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:7890";

/// How log lines are written to stderr.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// One human-readable line per event.
    #[default]
    Text,
    /// One JSON object per line (for journald/Loki/Elastic), with the request's id.
    Json,
}

/// `styrebord-hub serve`'s flags. Each overrides the same key of `--config`.
#[derive(Debug, Clone, Default, Args)]
pub struct ServeArgs {
    /// A TOML file with the settings below (keys as the flags, with `_`: `listen`, `data`,
    /// `tls_cert`, `tls_key`, `max_body`, `max_upload`, `log_format`, `metrics_listen`).
    /// Flags given on the command line win over the file.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Address to serve on [default: 127.0.0.1:7890].
    #[arg(long)]
    pub listen: Option<SocketAddr>,
    /// Largest accepted request body in bytes [default: 1 MiB].
    #[arg(long)]
    pub max_body: Option<usize>,
    /// Largest file the secretariat may upload, in bytes [default: 200 MiB].
    #[arg(long)]
    pub max_upload: Option<u64>,
    /// Serve HTTPS with this certificate chain (PEM, leaf first); needs --tls-key. Reloaded
    /// with the key on SIGHUP.
    #[arg(long)]
    pub tls_cert: Option<PathBuf>,
    /// The certificate's private key (PEM).
    #[arg(long)]
    pub tls_key: Option<PathBuf>,
    /// Log lines as text or as JSON [default: text].
    #[arg(long, value_enum)]
    pub log_format: Option<LogFormat>,
    /// Serve Prometheus metrics at http://ADDR/metrics, on this separate address only (keep it
    /// on loopback or a management network) [default: off].
    #[arg(long)]
    pub metrics_listen: Option<SocketAddr>,
}

/// The file's keys. Unknown keys are refused (a typo must not silently fall back to a default).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub listen: Option<SocketAddr>,
    pub data: Option<PathBuf>,
    pub tls_cert: Option<PathBuf>,
    pub tls_key: Option<PathBuf>,
    pub max_body: Option<usize>,
    pub max_upload: Option<u64>,
    pub log_format: Option<LogFormat>,
    pub metrics_listen: Option<SocketAddr>,
}

impl FileConfig {
    pub fn read(path: &Path) -> Result<Self, HubError> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            HubError::Invalid(format!(
                "cannot read the config file {}: {e}",
                path.display()
            ))
        })?;
        Self::parse(&text).map_err(|e| HubError::Invalid(format!("{}: {e}", path.display())))
    }

    /// Parses the TOML text; the error names the key and line.
    pub fn parse(text: &str) -> Result<Self, String> {
        toml::from_str(text).map_err(|e| e.to_string().trim_end().to_owned())
    }
}

/// Everything `serve` needs, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// `None`: neither `--data` nor the file said; the caller picks the platform's directory.
    pub data: Option<PathBuf>,
    pub listen: SocketAddr,
    pub max_body: usize,
    pub max_upload: u64,
    pub tls: Option<TlsFiles>,
    pub log_format: LogFormat,
    pub metrics_listen: Option<SocketAddr>,
}

impl ServeArgs {
    fn file(&self) -> Result<FileConfig, HubError> {
        self.config
            .as_deref()
            .map(FileConfig::read)
            .transpose()
            .map(Option::unwrap_or_default)
    }

    /// The log format alone (logging starts before anything else is resolved).
    pub fn log_format(&self) -> Result<LogFormat, HubError> {
        Ok(match self.log_format {
            Some(f) => f,
            None => self.file()?.log_format.unwrap_or_default(),
        })
    }

    /// Flags over the file over the defaults. `data` is the global `--data` flag.
    pub fn resolve(&self, data: Option<PathBuf>) -> Result<Resolved, HubError> {
        let file = self.file()?;
        let tls = match (
            self.tls_cert.clone().or(file.tls_cert),
            self.tls_key.clone().or(file.tls_key),
        ) {
            (Some(cert), Some(key)) => Some(TlsFiles { cert, key }),
            (None, None) => None,
            (Some(_), None) => {
                return Err(HubError::Invalid(
                    "tls_cert is set but tls_key is not: give both (--tls-key FILE)".into(),
                ))
            }
            (None, Some(_)) => {
                return Err(HubError::Invalid(
                    "tls_key is set but tls_cert is not: give both (--tls-cert FILE)".into(),
                ))
            }
        };
        let max_body = self.max_body.or(file.max_body).unwrap_or(DEFAULT_MAX_BODY);
        if max_body == 0 {
            return Err(HubError::Invalid("max_body must be above 0".into()));
        }
        Ok(Resolved {
            data: data.or(file.data),
            listen: self
                .listen
                .or(file.listen)
                .unwrap_or_else(|| DEFAULT_LISTEN.parse().expect("a valid default address")),
            max_body,
            max_upload: self
                .max_upload
                .or(file.max_upload)
                .unwrap_or(DEFAULT_MAX_UPLOAD),
            tls,
            log_format: self.log_format.or(file.log_format).unwrap_or_default(),
            metrics_listen: self.metrics_listen.or(file.metrics_listen),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_packaged_hub_toml_is_valid_and_says_what_the_package_promises() {
        let text = include_str!("../../../packaging/hub/hub.toml");
        let file = FileConfig::parse(text).unwrap();
        assert_eq!(file.data, Some(PathBuf::from("/var/lib/styrebord-hub")));
        assert_eq!(file.listen, Some(DEFAULT_LISTEN.parse().unwrap()));
        assert_eq!(file.metrics_listen, Some("127.0.0.1:9464".parse().unwrap()));
        assert!(file.metrics_listen.unwrap().ip().is_loopback());
        assert_eq!(
            file.tls_cert, None,
            "TLS is commented out until there is a certificate"
        );
    }

    #[test]
    fn an_unknown_key_is_refused_by_name() {
        let err = FileConfig::parse("listen = \"127.0.0.1:1\"\nmax_bdoy = 5\n").unwrap_err();
        assert!(err.contains("max_bdoy"), "{err}");
        assert!(err.contains("line 2"), "{err}");
    }

    #[test]
    fn a_wrong_type_names_the_key() {
        let err = FileConfig::parse("max_body = \"big\"\n").unwrap_err();
        assert!(err.contains("max_body"), "{err}");
        let err = FileConfig::parse("log_format = \"xml\"\n").unwrap_err();
        assert!(err.contains("log_format"), "{err}");
    }

    #[test]
    fn flags_override_the_file_and_defaults_fill_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hub.toml");
        std::fs::write(
            &path,
            "listen = \"0.0.0.0:443\"\ndata = \"/srv/hub\"\nmax_body = 2048\n\
             tls_cert = \"/etc/c.pem\"\ntls_key = \"/etc/k.pem\"\nlog_format = \"json\"\n",
        )
        .unwrap();
        let args = ServeArgs {
            config: Some(path.clone()),
            listen: Some("127.0.0.1:9000".parse().unwrap()),
            log_format: Some(LogFormat::Text),
            ..Default::default()
        };
        let r = args.resolve(None).unwrap();
        assert_eq!(r.listen, "127.0.0.1:9000".parse().unwrap());
        assert_eq!(r.data, Some(PathBuf::from("/srv/hub")));
        assert_eq!(r.max_body, 2048);
        assert_eq!(r.max_upload, DEFAULT_MAX_UPLOAD);
        assert_eq!(r.log_format, LogFormat::Text);
        assert_eq!(args.log_format().unwrap(), LogFormat::Text);
        assert_eq!(
            r.tls,
            Some(TlsFiles {
                cert: "/etc/c.pem".into(),
                key: "/etc/k.pem".into()
            })
        );
        assert_eq!(r.metrics_listen, None);
        // The global --data wins over the file's data.
        let r = args.resolve(Some("/tmp/other".into())).unwrap();
        assert_eq!(r.data, Some(PathBuf::from("/tmp/other")));

        let bare = ServeArgs::default().resolve(None).unwrap();
        assert_eq!(bare.listen, DEFAULT_LISTEN.parse().unwrap());
        assert_eq!(
            (bare.max_body, bare.tls, bare.data),
            (DEFAULT_MAX_BODY, None, None)
        );
    }

    #[test]
    fn half_a_tls_setting_is_refused() {
        let args = ServeArgs {
            tls_cert: Some("/etc/c.pem".into()),
            ..Default::default()
        };
        let err = args.resolve(None).unwrap_err().to_string();
        assert!(err.contains("tls_key"), "{err}");
    }

    #[test]
    fn a_missing_config_file_says_which() {
        let args = ServeArgs {
            config: Some("/nonexistent/hub.toml".into()),
            ..Default::default()
        };
        let err = args.resolve(None).unwrap_err().to_string();
        assert!(err.contains("/nonexistent/hub.toml"), "{err}");
    }
}
