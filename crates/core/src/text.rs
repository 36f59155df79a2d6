//! The little text the rules themselves produce: long dates inside agenda titles and refusal
//! messages. Presentation formatting beyond that belongs in the UI.

use chrono::{Datelike, NaiveDate};

const MONTHS_DA: [&str; 12] = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Longest comment, objection or response text accepted, in characters.
pub const MAX_TEXT_CHARS: usize = 4000;

/// Something core says to a person — a refusal or a notice: a stable code for programs and the
/// same words in Danish and English. It crosses every boundary as `{code, message_da, message_en}`.
pub trait Message {
    fn code(&self) -> &'static str;
    fn message_da(&self) -> String;
    fn message_en(&self) -> String;
}

/// Serialises a [`Message`] as `{code, message_da, message_en}` (for `impl Serialize`).
pub fn serialize_message<M: Message, S: serde::Serializer>(
    message: &M,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeStruct;
    let mut s = serializer.serialize_struct("Message", 3)?;
    s.serialize_field("code", message.code())?;
    s.serialize_field("message_da", &message.message_da())?;
    s.serialize_field("message_en", &message.message_en())?;
    s.end()
}

/// "12. marts 2026" — Danish long date without weekday.
pub fn long_date_da(date: NaiveDate) -> String {
    format!(
        "{}. {} {}",
        date.day(),
        month(&MONTHS_DA, date),
        date.year()
    )
}

/// "12 March 2026".
pub fn long_date_en(date: NaiveDate) -> String {
    format!("{} {} {}", date.day(), month(&MONTHS_EN, date), date.year())
}

fn month(names: &[&'static str; 12], date: NaiveDate) -> &'static str {
    // month0() is 0..=11 for every NaiveDate; `get` keeps this free of indexing panics anyway.
    names.get(date.month0() as usize).copied().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("2026-03-12", "12. marts 2026", "12 March 2026")]
    #[case("2026-01-01", "1. januar 2026", "1 January 2026")]
    #[case("2027-12-31", "31. december 2027", "31 December 2027")]
    #[case("2026-05-05", "5. maj 2026", "5 May 2026")]
    fn long_dates(#[case] date: &str, #[case] da: &str, #[case] en: &str) {
        let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("test date");
        assert_eq!(long_date_da(date), da);
        assert_eq!(long_date_en(date), en);
    }
}

/// The UI's copy of the text limit is generated from this constant (`make types`), like the
/// ts-rs types, so the comment counter and the rule can never disagree.
#[cfg(all(test, feature = "ts"))]
mod export_bindings_limits {
    #[test]
    fn export_bindings_limits() {
        let dir = std::env::var("TS_RS_EXPORT_DIR").expect("TS_RS_EXPORT_DIR (.cargo/config.toml)");
        let text = format!(
            "// Generated from styrebord-core (crates/core/src/text.rs) by `make types`. Do not edit.\n\
             /** Most characters (Unicode scalar values) in a comment, response or note. */\n\
             export const MAX_TEXT_CHARS = {};\n",
            super::MAX_TEXT_CHARS
        );
        std::fs::write(std::path::Path::new(&dir).join("limits.ts"), text)
            .expect("write limits.ts");
    }
}
