//! Desktop notifications: new material, comment rounds about to close, and writes the hub
//! refused. Deciding what to announce is a pure function over two snapshots of the local copy
//! ([`notices`]); showing them is one call to the notification plugin.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use styrebord_core::text::long_date_da;

/// What the notifier remembers of the local copy between syncs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snapshot {
    /// Document id → title.
    pub documents: BTreeMap<String, String>,
    /// Open comment rounds: minutes id → closing date.
    pub open_rounds: BTreeMap<String, NaiveDate>,
    /// Rejected writes: mutation id → the hub's Danish reason.
    pub rejected: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub title: String,
    pub body: String,
}

/// How many days before a round closes the member is reminded.
pub const ROUND_REMINDER_DAYS: i64 = 2;

/// What is new in `now` compared with `before`, worth telling the member. The first snapshot
/// after start-up (an empty `before`) announces nothing: that would repeat what they know.
/// `reminded` holds the rounds already reminded of, so each is announced once.
pub fn notices(
    before: &Snapshot,
    now: &Snapshot,
    today: NaiveDate,
    reminded: &mut BTreeSet<String>,
) -> Vec<Notice> {
    if *before == Snapshot::default() {
        reminded.extend(now.open_rounds.keys().cloned());
        return Vec::new();
    }
    let mut out = Vec::new();
    let new_docs: Vec<&String> = now
        .documents
        .iter()
        .filter(|(id, _)| !before.documents.contains_key(*id))
        .map(|(_, title)| title)
        .collect();
    match new_docs.as_slice() {
        [] => {}
        [one] => out.push(Notice {
            title: "Nyt materiale".into(),
            body: format!("«{one}» er hentet og kan læses offline."),
        }),
        many => out.push(Notice {
            title: "Nyt materiale".into(),
            body: format!(
                "{} nye dokumenter er hentet og kan læses offline.",
                many.len()
            ),
        }),
    }
    for (minutes, closes) in &now.open_rounds {
        let days_left = (*closes - today).num_days();
        if (0..=ROUND_REMINDER_DAYS).contains(&days_left) && reminded.insert(minutes.clone()) {
            out.push(Notice {
                title: "Kommentering lukker snart".into(),
                body: format!(
                    "Kommenteringsrunden for referatet lukker {}. Send dine bemærkninger inden da.",
                    long_date_da(*closes)
                ),
            });
        }
    }
    for (id, reason) in &now.rejected {
        if !before.rejected.contains_key(id) {
            out.push(Notice {
                title: "En ændring blev afvist".into(),
                body: reason.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn snap(docs: &[&str], rounds: &[(&str, &str)], rejected: &[(&str, &str)]) -> Snapshot {
        Snapshot {
            documents: docs
                .iter()
                .map(|t| (format!("id-{t}"), t.to_string()))
                .collect(),
            open_rounds: rounds.iter().map(|(m, c)| (m.to_string(), d(c))).collect(),
            rejected: rejected
                .iter()
                .map(|(id, r)| (id.to_string(), r.to_string()))
                .collect(),
        }
    }

    #[test]
    fn nothing_is_announced_at_start_up() {
        let mut reminded = BTreeSet::new();
        let now = snap(&["Dagsorden"], &[("m1", "2026-11-28")], &[("x", "nej")]);
        assert!(notices(&Snapshot::default(), &now, d("2026-11-27"), &mut reminded).is_empty());
        // ... and the round seen at start-up is not reminded of later either.
        assert!(notices(&now, &now, d("2026-11-27"), &mut reminded).is_empty());
    }

    #[test]
    fn new_material_is_announced_by_title_or_count() {
        let mut reminded = BTreeSet::new();
        let before = snap(&["Dagsorden"], &[], &[]);
        let one = snap(&["Dagsorden", "Driftsstatus Q3"], &[], &[]);
        let got = notices(&before, &one, d("2026-11-27"), &mut reminded);
        assert_eq!(got.len(), 1);
        assert!(got[0].body.contains("«Driftsstatus Q3»"), "{got:?}");
        let three = snap(&["Dagsorden", "a", "b", "c"], &[], &[]);
        let got = notices(&before, &three, d("2026-11-27"), &mut reminded);
        assert!(got[0].body.starts_with("3 nye dokumenter"), "{got:?}");
    }

    #[test]
    fn a_closing_round_is_reminded_once_within_two_days() {
        let mut reminded = BTreeSet::new();
        let before = snap(&["x"], &[], &[]);
        let far = snap(&["x"], &[("m1", "2026-12-10")], &[]);
        assert!(notices(&before, &far, d("2026-11-27"), &mut reminded).is_empty());
        let near = snap(&["x"], &[("m1", "2026-11-29")], &[]);
        let got = notices(&before, &near, d("2026-11-27"), &mut reminded);
        assert_eq!(got.len(), 1);
        assert!(got[0].body.contains("29. november 2026"), "{got:?}");
        assert!(notices(&before, &near, d("2026-11-28"), &mut reminded).is_empty());
    }

    #[test]
    fn a_refused_write_is_announced_with_the_hubs_reason() {
        let mut reminded = BTreeSet::new();
        let before = snap(&["x"], &[], &[]);
        let now = snap(
            &["x"],
            &[],
            &[("mut-1", "KL har allerede tilmeldt en bisidder")],
        );
        let got = notices(&before, &now, d("2026-11-27"), &mut reminded);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].body, "KL har allerede tilmeldt en bisidder");
    }
}
