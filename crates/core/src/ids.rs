//! Newtype identifiers, so an id of one entity can never be passed where another is meant.
//!
//! Two families:
//! - **code ids** (`OrgId`, `SystemId`): short human codes such as `KL` or `MITID`, chosen by the
//!   secretariat and shown to people, so they are validated (A–Z, 0–9, `-`, `_`; 1–32 chars);
//! - **UUID ids** for everything else. Core never generates them (that would read the clock or a
//!   random source); callers mint a UUIDv7 and hand it in with `from_uuid`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Why a string is not a valid id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("a code must not be empty")]
    EmptyCode,
    #[error("code {0:?} is longer than {max} characters", max = MAX_CODE_LEN)]
    CodeTooLong(String),
    #[error("code {0:?} may only contain A-Z, 0-9, '-' and '_'")]
    CodeCharacters(String),
    #[error("{0:?} is not a UUID")]
    NotAUuid(String),
}

/// Longest code accepted for an organisation or a system.
pub const MAX_CODE_LEN: usize = 32;

fn validate_code(s: &str) -> Result<(), IdError> {
    if s.is_empty() {
        return Err(IdError::EmptyCode);
    }
    if s.chars().count() > MAX_CODE_LEN {
        return Err(IdError::CodeTooLong(s.to_owned()));
    }
    let allowed = |c: char| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-' || c == '_';
    if !s.chars().all(allowed) {
        return Err(IdError::CodeCharacters(s.to_owned()));
    }
    Ok(())
}

macro_rules! code_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, type = "string"))]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Validates and wraps a code (`A-Z`, `0-9`, `-`, `_`; 1–32 characters).
            pub fn parse(code: &str) -> Result<Self, IdError> {
                validate_code(code)?;
                Ok(Self(code.to_owned()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl FromStr for $name {
            type Err = IdError;
            fn from_str(s: &str) -> Result<Self, IdError> {
                Self::parse(s)
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(s: String) -> Result<Self, IdError> {
                validate_code(&s)?;
                Ok(Self(s))
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }
    };
}

macro_rules! uuid_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, type = "string"))]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// Wraps a UUID minted by the caller (UUIDv7 by convention).
            pub const fn from_uuid(uuid: Uuid) -> Self {
                Self(uuid)
            }

            pub const fn as_uuid(&self) -> Uuid {
                self.0
            }

            /// Parses the hyphenated (or simple) textual form.
            pub fn parse(s: &str) -> Result<Self, IdError> {
                Uuid::parse_str(s)
                    .map(Self)
                    .map_err(|_| IdError::NotAUuid(s.to_owned()))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        impl FromStr for $name {
            type Err = IdError;
            fn from_str(s: &str) -> Result<Self, IdError> {
                Self::parse(s)
            }
        }
    };
}

code_id!(
    /// An organisation's short code, e.g. `KL`, `DIGST`.
    OrgId
);
code_id!(
    /// A portfolio system's short code, e.g. `MITID`.
    SystemId
);

uuid_id!(
    /// A person (member, substitute, observer, chair or secretariat staff).
    PersonId
);
uuid_id!(MeetingId);
uuid_id!(AgendaItemId);
uuid_id!(DocumentId);
uuid_id!(RegistrationId);
uuid_id!(MinutesId);
uuid_id!(CommentId);
uuid_id!(CommentRoundId);
uuid_id!(WrittenProcedureId);
uuid_id!(RoadmapItemId);
uuid_id!(EscalationId);
uuid_id!(ReminderId);

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("KL", true)]
    #[case("DIGST", true)]
    #[case("NEMLOG-IN", true)]
    #[case("CPR_2", true)]
    #[case("", false)]
    #[case("kl", false)]
    #[case("K L", false)]
    #[case("Æ", false)]
    #[case("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456", false)] // 33 chars
    fn code_validation(#[case] code: &str, #[case] ok: bool) {
        assert_eq!(OrgId::parse(code).is_ok(), ok, "{code:?}");
        assert_eq!(SystemId::parse(code).is_ok(), ok, "{code:?}");
    }

    #[test]
    fn code_serde_validates() {
        let ok: OrgId = serde_json::from_str("\"KL\"").unwrap();
        assert_eq!(ok.as_str(), "KL");
        assert!(serde_json::from_str::<OrgId>("\"not a code\"").is_err());
        assert_eq!(serde_json::to_string(&ok).unwrap(), "\"KL\"");
    }

    #[test]
    fn uuid_round_trip() {
        let text = "01890a5d-ac96-774b-bcce-b302099a8057";
        let id = MeetingId::parse(text).unwrap();
        assert_eq!(id.to_string(), text);
        assert_eq!(serde_json::to_string(&id).unwrap(), format!("\"{text}\""));
        assert_eq!(MeetingId::from_uuid(id.as_uuid()), id);
        assert!(MeetingId::parse("nope").is_err());
    }
}
