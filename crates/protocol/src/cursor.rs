//! The change-feed cursor: `"<epoch>.<seq>"`, opaque to clients.
//!
//! `seq` is the last change the client has applied; `epoch` names the hub's log. A restored hub
//! gets a new, random epoch and remembers the backed-up one up to the backup's last seq: an older
//! cursor up to there is answered as usual (under the new epoch), one past it with 409
//! `cursor_ahead`, and an epoch the hub never had with a reset (HTTP 410) — so a client never
//! resumes from a position that means something else now (docs/API.md).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, type = "string"))]
#[serde(try_from = "String", into = "String")]
pub struct Cursor {
    pub epoch: u32,
    pub seq: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CursorError(pub String);

impl fmt::Display for CursorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not a cursor (expected \"<epoch>.<seq>\")",
            self.0
        )
    }
}

impl std::error::Error for CursorError {}

impl Cursor {
    /// The position before every change of `epoch`.
    pub const fn start(epoch: u32) -> Self {
        Self { epoch, seq: 0 }
    }
}

impl fmt::Display for Cursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.epoch, self.seq)
    }
}

impl FromStr for Cursor {
    type Err = CursorError;
    fn from_str(s: &str) -> Result<Self, CursorError> {
        let err = || CursorError(s.to_owned());
        let (epoch, seq) = s.split_once('.').ok_or_else(err)?;
        let digits =
            |t: &str| !t.is_empty() && t.len() <= 20 && t.bytes().all(|b| b.is_ascii_digit());
        if !digits(epoch) || !digits(seq) {
            return Err(err());
        }
        Ok(Cursor {
            epoch: epoch.parse().map_err(|_| err())?,
            seq: seq.parse().map_err(|_| err())?,
        })
    }
}

impl TryFrom<String> for Cursor {
    type Error = CursorError;
    fn try_from(s: String) -> Result<Self, CursorError> {
        s.parse()
    }
}

impl From<Cursor> for String {
    fn from(c: Cursor) -> String {
        c.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("1.0", Some((1, 0)))]
    #[case("3.18446744073709551615", Some((3, u64::MAX)))]
    #[case("1.18446744073709551616", None)]
    #[case("1", None)]
    #[case("a.1", None)]
    #[case("1.-1", None)]
    #[case("1.+1", None)]
    #[case(".1", None)]
    #[case("", None)]
    #[case("1.2.3", None)]
    fn parse(#[case] text: &str, #[case] expected: Option<(u32, u64)>) {
        assert_eq!(
            text.parse::<Cursor>().ok().map(|c| (c.epoch, c.seq)),
            expected
        );
    }

    #[test]
    fn round_trips_as_a_string() {
        let c = Cursor { epoch: 2, seq: 42 };
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"2.42\"");
        assert_eq!(serde_json::from_str::<Cursor>("\"2.42\"").unwrap(), c);
    }
}
