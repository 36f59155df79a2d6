//! What a person typed as search terms, and the marked title and snippet of a hit.
//!
//! The search table is contentless (it stores the index, not the text), so highlights and
//! snippets are computed here from the text that was indexed. Tokens are runs of letters and
//! digits compared case-folded, the same rule as FTS5's `unicode61` tokenizer with
//! `remove_diacritics 0`, so what is marked is what matched: "Møde" marks "møder", and "far"
//! never marks "får". Pure: no IO.

use crate::search::{MATCH_END, MATCH_START};

/// At most this many terms are taken from one query (the rest is ignored).
const MAX_TERMS: usize = 16;

/// Words in a snippet (what FTS5's `snippet()` was asked for before).
pub const SNIPPET_TOKENS: usize = 16;

/// A prefix term is looked up in the index's vocabulary from this many letters on; a shorter
/// one is still being typed and stands for many words.
pub const EXPANDED_FROM_CHARS: usize = 4;

/// At most this many indexed words replace a prefix term; with more it stays a prefix.
pub const MAX_EXPANSIONS: usize = 4;

#[derive(Debug, Clone, PartialEq, Eq)]
struct Term {
    /// As typed (FTS folds case itself).
    typed: String,
    folded: String,
    /// The first char of `folded` (most words are rejected on it).
    first: char,
    /// One-letter terms match whole words only: as prefixes they would match nearly every
    /// page ("d", "i") and cost a scan of the whole index for nothing a person wants.
    prefix: bool,
}

impl Term {
    /// The term in FTS5's syntax: quoted, starred when a prefix.
    fn fts_term(&self) -> String {
        if self.prefix {
            format!("\"{}\"*", self.typed)
        } else {
            format!("\"{}\"", self.typed)
        }
    }

    /// Whether the index's vocabulary is worth asking what this term stands for: a prefix of
    /// [`EXPANDED_FROM_CHARS`] letters or more, all ASCII or Latin-1 letters and digits (where
    /// `to_lowercase` is what FTS5's `unicode61` folds to; µ and the ordinals it folds apart).
    fn is_expandable(&self) -> bool {
        self.prefix
            && self.folded.chars().count() >= EXPANDED_FROM_CHARS
            && self.typed.chars().all(|c| {
                c.is_ascii_alphanumeric() || matches!(c, 'À'..='ÿ') && c != '×' && c != '÷'
            })
    }
}

/// Whether `w` is a single word by the tokenizer's rule (so it is safe inside quotes).
fn is_one_word(w: &str) -> bool {
    tokens(w).next() == Some((0, w.len()))
}

/// The terms of a query: every run of letters and digits, all of which must match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Terms(Vec<Term>);

impl Terms {
    pub fn parse(input: &str) -> Terms {
        Terms(
            tokens(input)
                .take(MAX_TERMS)
                .map(|(s, e)| {
                    let typed = &input[s..e];
                    let folded = typed.to_lowercase();
                    Term {
                        typed: typed.to_owned(),
                        first: folded.chars().next().unwrap_or_default(),
                        folded,
                        prefix: typed.chars().nth(1).is_some(),
                    }
                })
                .collect(),
        )
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// A safe FTS5 query: each term quoted (so no input is FTS syntax), a prefix term starred.
    pub fn fts_query(&self) -> Option<String> {
        match self.fts_query_expanded(|_| Ok::<_, std::convert::Infallible>(None)) {
            Ok(q) => q,
            Err(never) => match never {},
        }
    }

    /// [`Terms::fts_query`], with each prefix term that `expand` resolves replaced by the
    /// indexed words it stands for: `"drift"*` becomes `("drift" OR "driftsstatus")` when those
    /// are the only words in the index that start with "drift".
    ///
    /// Why: FTS5 without a prefix index answers a prefix term by copying the whole position
    /// list of every word it stands for into memory, twice (the match and bm25's count of
    /// matching rows), while an exact word's list is read in place and only as far as needed.
    /// On 10,000 documents that is most of a two-word search's time (docs/STORE-DECISIONS.md).
    /// The rows matched are the same; bm25 then weighs each word on its own.
    ///
    /// `expand` is asked about each prefix term of [`EXPANDED_FROM_CHARS`] letters or more, with
    /// the term case-folded, and answers with the indexed words that start with it (at most
    /// [`MAX_EXPANSIONS`], else `None`: the term stays a prefix). Only terms of ASCII and Latin-1
    /// letters and digits are asked, where lower-casing is exactly FTS5's case folding.
    pub fn fts_query_expanded<E>(
        &self,
        mut expand: impl FnMut(&str) -> Result<Option<Vec<String>>, E>,
    ) -> Result<Option<String>, E> {
        if self.is_empty() {
            return Ok(None);
        }
        let mut parts = Vec::with_capacity(self.0.len());
        let mut expanded = false;
        for t in &self.0 {
            let words = if t.is_expandable() {
                expand(&t.folded)?.filter(|w| {
                    !w.is_empty()
                        && w.len() <= MAX_EXPANSIONS
                        && w.iter().all(|w| w.starts_with(&t.folded) && is_one_word(w))
                })
            } else {
                None
            };
            parts.push(match words {
                Some(words) => {
                    expanded = true;
                    let or = words
                        .iter()
                        .map(|w| format!("\"{w}\""))
                        .collect::<Vec<_>>()
                        .join(" OR ");
                    if words.len() == 1 {
                        or
                    } else {
                        format!("({or})")
                    }
                }
                None => t.fts_term(),
            });
        }
        // Parenthesised groups need an explicit AND (FTS5's implicit AND joins phrases only).
        Ok(Some(parts.join(if expanded { " AND " } else { " " })))
    }

    /// Which term the word `token` matches, if any. Folds as it compares, without allocating,
    /// and rejects on the first letter first: this runs for every word of every shown hit.
    fn matching(&self, token: &str) -> Option<usize> {
        let first = match *token.as_bytes().first()? {
            b if b < 0x80 => b.to_ascii_lowercase() as char,
            _ => token.chars().next()?.to_lowercase().next()?,
        };
        self.0.iter().position(|t| {
            if t.first != first {
                return false;
            }
            let mut word = token.chars().flat_map(char::to_lowercase);
            t.folded.chars().all(|c| word.next() == Some(c)) && (t.prefix || word.next().is_none())
        })
    }
}

/// Byte ranges of the words of `text` (maximal runs of letters and digits).
///
/// Runs for every word of every shown hit (a document's four pages are a thousand words), so
/// it walks bytes and answers ASCII and Latin-1 (æ, ø, å, é, ü) without Unicode's tables.
fn tokens(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let word = next_word(text, at)?;
        at = word.1;
        Some(word)
    })
}

/// The first word of `text` at or after byte `from` (a char boundary). ASCII is answered in
/// the loops themselves; only a byte from 0x80 up decodes its char.
#[inline]
fn next_word(text: &str, from: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut at = from;
    loop {
        let b = *bytes.get(at)?;
        if b < 0x80 {
            if b.is_ascii_alphanumeric() {
                break;
            }
            at += 1;
        } else {
            let (word, n) = wide_char_class(text, at);
            if word {
                break;
            }
            at += n;
        }
    }
    let start = at;
    while let Some(&b) = bytes.get(at) {
        if b < 0x80 {
            if !b.is_ascii_alphanumeric() {
                break;
            }
            at += 1;
        } else {
            let (word, n) = wide_char_class(text, at);
            if !word {
                break;
            }
            at += n;
        }
    }
    Some((start, at))
}

/// Whether the non-ASCII char starting at byte `i` (a char boundary) is a word char, and its
/// length in bytes.
#[inline]
fn wide_char_class(text: &str, i: usize) -> (bool, usize) {
    let bytes = text.as_bytes();
    let b = bytes[i];
    // Two bytes (U+0080..U+07FF: Latin-1, Latin Extended, Greek, Cyrillic) are decoded here;
    // the text is a `str`, so the continuation byte is there.
    if b < 0xe0 {
        let c = (u32::from(b & 0x1f) << 6) | u32::from(bytes[i + 1] & 0x3f);
        return (char::from_u32(c).is_some_and(is_word_char), 2);
    }
    match text[i..].chars().next() {
        Some(c) => (is_word_char(c), c.len_utf8()),
        None => (false, 1),
    }
}

/// `char::is_alphanumeric`, with the common cases first.
#[inline]
fn is_word_char(c: char) -> bool {
    match c as u32 {
        0..=0x7f => c.is_ascii_alphanumeric(),
        // Latin-1: letters except × and ÷, and ª ² ³ µ ¹ º ¼ ½ ¾ (the test checks all 256).
        0xc0..=0xff => c != '×' && c != '÷',
        0x80..=0xbf => matches!(c, 'ª' | '²' | '³' | 'µ' | '¹' | 'º' | '¼' | '½' | '¾'),
        _ => c.is_alphanumeric(),
    }
}

/// Whether any word of `text` matches a term.
pub fn mentions(text: &str, terms: &Terms) -> bool {
    tokens(text).any(|(s, e)| terms.matching(&text[s..e]).is_some())
}

/// `text` with every matching word marked ([`MATCH_START`] … [`MATCH_END`]).
pub fn highlight(text: &str, terms: &Terms) -> String {
    mark(text, 0, text.len(), terms)
}

fn mark(text: &str, from: usize, to: usize, terms: &Terms) -> String {
    let mut out = String::with_capacity(to - from + 8);
    let mut at = from;
    for (s, e) in tokens(&text[from..to]).map(|(s, e)| (s + from, e + from)) {
        if terms.matching(&text[s..e]).is_some() {
            out.push_str(&text[at..s]);
            out.push(MATCH_START);
            out.push_str(&text[s..e]);
            out.push(MATCH_END);
            at = e;
        }
    }
    out.push_str(&text[at..to]);
    out
}

/// The best passage of a text of several pages (a document's pages, a minutes' decisions).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// 0-based page the snippet is from.
    pub page: usize,
    /// About [`SNIPPET_TOKENS`] words around the matches, marked, with "…" where cut.
    pub snippet: String,
    /// Distinct terms matched in the passage (ties: more matches), for choosing between passages.
    pub score: (usize, usize),
}

/// The window of [`SNIPPET_TOKENS`] words with the most distinct terms (then the most matches);
/// the earliest wins a tie, so a text without matches gives its beginning. `None` when no page
/// has a word.
///
/// Runs for every shown hit over all of a document's words, so it slides the window as it
/// tokenises (the last [`SNIPPET_TOKENS`] words' matches in a ring) instead of collecting each
/// page's words first, and re-reads only the chosen page for the snippet's byte range.
pub fn best_passage<S: AsRef<str>>(pages: &[S], terms: &Terms) -> Option<Passage> {
    let mut best: Option<Window> = None;
    for (p, page) in pages.iter().enumerate() {
        let page = page.as_ref();
        let mut window = SlidingWindow::new(terms.0.len());
        for (s, e) in tokens(page) {
            window.push(terms.matching(&page[s..e]));
            if window.is_full() {
                window.offer(p, &mut best);
            }
        }
        // A page shorter than a snippet is one window, all of it.
        if window.words > 0 && !window.is_full() {
            window.offer(p, &mut best);
        }
    }
    let best = best?;
    let page = pages[best.page].as_ref();
    let (mut from, mut to) = (0, 0);
    for (i, (s, e)) in tokens(page).enumerate() {
        if i == best.first {
            from = s;
        }
        if i == best.last {
            to = e;
            break;
        }
    }
    let mut snippet = String::new();
    if best.first > 0 {
        snippet.push('…');
    }
    snippet.push_str(&mark(page, from, to, terms));
    if next_word(page, to).is_some() {
        snippet.push('…');
    }
    Some(Passage {
        page: best.page,
        snippet,
        score: best.score,
    })
}

/// A candidate passage: page, first and last word (0-based, inclusive), score.
#[derive(Clone, Copy)]
struct Window {
    page: usize,
    first: usize,
    last: usize,
    score: (usize, usize),
}

/// The last [`SNIPPET_TOKENS`] words of a page and what they match.
struct SlidingWindow {
    /// Which term each of the last words matched, in a ring indexed by word number.
    ring: [Option<usize>; SNIPPET_TOKENS],
    /// Words of the window matching each term.
    per_term: [usize; MAX_TERMS],
    distinct: usize,
    hits: usize,
    /// Words of the page seen so far.
    words: usize,
}

impl SlidingWindow {
    fn new(terms: usize) -> Self {
        debug_assert!(terms <= MAX_TERMS);
        SlidingWindow {
            ring: [None; SNIPPET_TOKENS],
            per_term: [0; MAX_TERMS],
            distinct: 0,
            hits: 0,
            words: 0,
        }
    }

    /// The next word: it enters the window, and the word [`SNIPPET_TOKENS`] before it leaves.
    fn push(&mut self, matched: Option<usize>) {
        let slot = self.words % SNIPPET_TOKENS;
        if let Some(t) = self.ring[slot].take() {
            self.per_term[t] -= 1;
            self.hits -= 1;
            if self.per_term[t] == 0 {
                self.distinct -= 1;
            }
        }
        if let Some(t) = matched {
            self.per_term[t] += 1;
            self.hits += 1;
            if self.per_term[t] == 1 {
                self.distinct += 1;
            }
        }
        self.ring[slot] = matched;
        self.words += 1;
    }

    fn is_full(&self) -> bool {
        self.words >= SNIPPET_TOKENS
    }

    /// Makes the current window `best` if it scores higher (an earlier one wins a tie).
    fn offer(&self, page: usize, best: &mut Option<Window>) {
        let score = (self.distinct, self.hits);
        if best.is_none_or(|b| score > b.score) {
            *best = Some(Window {
                page,
                first: self.words.saturating_sub(SNIPPET_TOKENS),
                last: self.words - 1,
                score,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("møde", Some(r#""møde"*"#))]
    #[case("  Møde   referat ", Some(r#""Møde"* "referat"*"#))]
    #[case(r#"drift" OR x*"#, Some(r#""drift"* "OR"* "x""#))]
    #[case("NEAR(a b)", Some(r#""NEAR"* "a" "b""#))]
    #[case("\"*():^-", None)]
    #[case("", None)]
    #[case("æøå", Some(r#""æøå"*"#))]
    #[case("å", Some(r#""å""#))]
    fn query_builder(#[case] input: &str, #[case] expected: Option<&str>) {
        assert_eq!(Terms::parse(input).fts_query().as_deref(), expected);
    }

    /// The expansion asked for and given by a fake vocabulary: each asked prefix is recorded.
    fn expanded(input: &str, vocabulary: &[&str]) -> (Option<String>, Vec<String>) {
        let mut asked = Vec::new();
        let q = Terms::parse(input)
            .fts_query_expanded(|prefix| {
                asked.push(prefix.to_owned());
                let words: Vec<String> = vocabulary
                    .iter()
                    .filter(|w| w.starts_with(prefix))
                    .map(|w| w.to_string())
                    .collect();
                Ok::<_, ()>((words.len() <= MAX_EXPANSIONS).then_some(words))
            })
            .unwrap();
        (q, asked)
    }

    #[rstest]
    // The words a prefix stands for replace it; one word needs no parentheses.
    #[case("Drift", &["drift", "driftsstatus"], r#"("drift" OR "driftsstatus")"#, &["drift"])]
    #[case("møde", &["møde"], r#""møde""#, &["møde"])]
    #[case(
        "drift Møde",
        &["drift", "møde", "møder"],
        r#""drift" AND ("møde" OR "møder")"#,
        &["drift", "møde"]
    )]
    // More than MAX_EXPANSIONS words: it stays a prefix (and the others still join with AND).
    #[case(
        "dri møde",
        &["drift", "driv", "drive", "driver", "drivhus", "møde"],
        r#""dri"* AND "møde""#,
        &["møde"]
    )]
    #[case("drift", &["drift", "drifta", "driftb", "driftc", "driftd"], r#""drift"*"#, &["drift"])]
    // Short terms (still being typed) are not looked up; nor are one-letter whole words.
    #[case("mød d", &["møde"], r#""mød"* "d""#, &[])]
    // Only ASCII and Latin-1: outside it lower-casing may not be FTS5's folding.
    #[case("Δίκτυο", &["δίκτυο"], r#""Δίκτυο"*"#, &[])]
    #[case("µsekund", &["µsekund"], r#""µsekund"*"#, &[])]
    #[case("ẞtraße", &["ßtraße"], r#""ẞtraße"*"#, &[])]
    #[case("ÆBLERNE", &["æblerne"], r#""æblerne""#, &["æblerne"])]
    // A word no longer in the index: nothing starts with it, so nothing is found, as before.
    #[case("zzzz", &[], r#""zzzz"*"#, &["zzzz"])]
    fn prefixes_become_the_words_they_stand_for(
        #[case] input: &str,
        #[case] vocabulary: &[&str],
        #[case] expected: &str,
        #[case] asked: &[&str],
    ) {
        assert_eq!(
            expanded(input, vocabulary),
            (
                Some(expected.to_owned()),
                asked.iter().map(|s| s.to_string()).collect()
            )
        );
    }

    #[test]
    fn an_expansion_that_is_not_words_of_the_prefix_is_ignored() {
        for bad in [
            vec![],
            vec!["drift\" OR \"x".to_owned()],
            vec!["andet".to_owned()],
        ] {
            let q = Terms::parse("drift")
                .fts_query_expanded(|_| Ok::<_, ()>(Some(bad.clone())))
                .unwrap();
            assert_eq!(q.as_deref(), Some(r#""drift"*"#), "{bad:?}");
        }
        assert_eq!(
            Terms::parse("").fts_query_expanded(|_| Ok::<_, ()>(None)),
            Ok(None)
        );
    }

    #[test]
    fn word_chars_are_unicode_letters_and_digits() {
        for c in (0..0x3000).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
        }
        let words: Vec<_> = tokens("Møde-referat: ½ år, µ×2 NemLog-in")
            .map(|(s, e)| &"Møde-referat: ½ år, µ×2 NemLog-in"[s..e])
            .collect();
        assert_eq!(
            words,
            ["Møde", "referat", "½", "år", "µ", "2", "NemLog", "in"]
        );
    }

    #[test]
    fn at_most_sixteen_terms() {
        let input = (0..40)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(Terms::parse(&input).0.len(), 16);
    }

    #[rstest]
    #[case("Møde", "Mødet og møderne", "\u{2}Mødet\u{3} og \u{2}møderne\u{3}")]
    #[case("far", "Han får en far", "Han får en \u{2}far\u{3}")]
    #[case("o", "ø o oo", "ø \u{2}o\u{3} oo")]
    #[case("nemlog", "NemLog-in kører", "\u{2}NemLog\u{3}-in kører")]
    #[case("zz", "ingen træf", "ingen træf")]
    fn highlight_marks_what_fts_matched(
        #[case] query: &str,
        #[case] text: &str,
        #[case] expected: &str,
    ) {
        assert_eq!(highlight(text, &Terms::parse(query)), expected);
    }

    fn words(n: usize, word: &str) -> String {
        vec![word; n].join(" ")
    }

    #[test]
    fn passage_is_the_window_with_most_distinct_terms_on_its_page() {
        let pages = [
            format!("{} drift {}", words(30, "fyld"), words(30, "fyld")),
            format!("{} drift frist {}", words(40, "fyld"), words(40, "fyld")),
        ];
        let p = best_passage(&pages, &Terms::parse("drift frist")).unwrap();
        assert_eq!(p.page, 1);
        assert_eq!(p.score, (2, 2));
        assert!(p.snippet.starts_with('…') && p.snippet.ends_with('…'));
        assert!(p.snippet.contains("\u{2}drift\u{3} \u{2}frist\u{3}"));
        assert_eq!(
            p.snippet.trim_matches('…').split(' ').count(),
            SNIPPET_TOKENS
        );
    }

    #[test]
    fn no_match_gives_the_beginning_and_short_texts_are_whole() {
        let p = best_passage(&["", "Kort tekst."], &Terms::parse("zz")).unwrap();
        assert_eq!(
            (p.page, p.snippet.as_str(), p.score),
            (1, "Kort tekst", (0, 0))
        );
        assert_eq!(best_passage(&["", " - "], &Terms::parse("zz")), None);
        let none: [&str; 0] = [];
        assert_eq!(best_passage(&none, &Terms::parse("zz")), None);
    }

    /// The rule of [`best_passage`] written the plain way: every window of every page scored.
    fn best_window_by_brute_force(pages: &[String], terms: &Terms) -> Option<(usize, String)> {
        let mut best: Option<((usize, usize), usize, usize, usize)> = None;
        for (p, page) in pages.iter().enumerate() {
            let words: Vec<(usize, usize)> = tokens(page).collect();
            let width = SNIPPET_TOKENS.min(words.len());
            for first in 0..(words.len() + 1).saturating_sub(width.max(1)) {
                let matched: Vec<usize> = words[first..first + width]
                    .iter()
                    .filter_map(|&(s, e)| terms.matching(&page[s..e]))
                    .collect();
                let mut distinct = matched.clone();
                distinct.sort_unstable();
                distinct.dedup();
                let score = (distinct.len(), matched.len());
                if best.is_none_or(|b| score > b.0) {
                    best = Some((score, p, first, first + width - 1));
                }
            }
        }
        let (_, p, first, last) = best?;
        let words: Vec<(usize, usize)> = tokens(&pages[p]).collect();
        Some((p, pages[p][words[first].0..words[last].1].to_owned()))
    }

    #[test]
    fn the_sliding_window_finds_what_scoring_every_window_finds() {
        let vocabulary = [
            "drift", "frist", "møde", "økonomi", "og", "i", "Drift", "fristen",
        ];
        let mut seed = 7u64;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        for round in 0..400 {
            let pages: Vec<String> = (0..1 + next(4))
                .map(|_| {
                    (0..next(60))
                        .map(|_| vocabulary[next(vocabulary.len())])
                        .collect::<Vec<_>>()
                        .join(if next(3) == 0 { ", " } else { " " })
                })
                .collect();
            let query = ["drift", "frist møde", "økonomi drift og", "zz"][round % 4];
            let terms = Terms::parse(query);
            let got = best_passage(&pages, &terms);
            let want = best_window_by_brute_force(&pages, &terms);
            match (got, want) {
                (None, None) => {}
                (Some(got), Some((page, text))) => {
                    assert_eq!(got.page, page, "{pages:?} {query}");
                    let plain: String = got
                        .snippet
                        .chars()
                        .filter(|c| !matches!(*c, '…' | MATCH_START | MATCH_END))
                        .collect();
                    assert_eq!(plain, text, "{pages:?} {query}");
                }
                (got, want) => panic!("{got:?} vs {want:?} for {pages:?} {query}"),
            }
        }
    }

    #[test]
    fn a_tie_goes_to_the_earliest_window() {
        let pages = ["drift en to tre", "drift en to tre"];
        let p = best_passage(&pages, &Terms::parse("drift")).unwrap();
        assert_eq!(p.page, 0);
        assert!(p.snippet.starts_with('\u{2}'));
    }
}
