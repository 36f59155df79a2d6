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
        (!self.is_empty()).then(|| {
            self.0
                .iter()
                .map(|t| {
                    if t.prefix {
                        format!("\"{}\"*", t.typed)
                    } else {
                        format!("\"{}\"", t.typed)
                    }
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
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
        let start = loop {
            let (c, n) = char_at(text, at)?;
            if is_word_char(c) {
                break at;
            }
            at += n;
        };
        while let Some((c, n)) = char_at(text, at) {
            if !is_word_char(c) {
                break;
            }
            at += n;
        }
        Some((start, at))
    })
}

/// The char starting at byte `i` (a char boundary) and its length in bytes.
#[inline]
fn char_at(text: &str, i: usize) -> Option<(char, usize)> {
    let b = *text.as_bytes().get(i)?;
    if b < 0x80 {
        return Some((b as char, 1));
    }
    let c = text[i..].chars().next()?;
    Some((c, c.len_utf8()))
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
pub fn best_passage<S: AsRef<str>>(pages: &[S], terms: &Terms) -> Option<Passage> {
    let mut best: Option<(usize, usize, usize, (usize, usize))> = None; // page, first, last, score
    for (p, page) in pages.iter().enumerate() {
        let page = page.as_ref();
        let words: Vec<(usize, usize, Option<usize>)> = tokens(page)
            .map(|(s, e)| (s, e, terms.matching(&page[s..e])))
            .collect();
        if words.is_empty() {
            continue;
        }
        let width = SNIPPET_TOKENS.min(words.len());
        let mut per_term = vec![0usize; terms.0.len()];
        let (mut distinct, mut hits) = (0, 0);
        for (i, w) in words.iter().enumerate() {
            if let Some(t) = w.2 {
                per_term[t] += 1;
                hits += 1;
                if per_term[t] == 1 {
                    distinct += 1;
                }
            }
            if i + 1 < width {
                continue;
            }
            let first = i + 1 - width;
            let score = (distinct, hits);
            if best.is_none_or(|b| score > b.3) {
                best = Some((p, first, i, score));
            }
            // Slide: the first word leaves the window.
            if let Some(t) = words[first].2 {
                per_term[t] -= 1;
                hits -= 1;
                if per_term[t] == 0 {
                    distinct -= 1;
                }
            }
        }
    }
    let (p, first, last, score) = best?;
    let page = pages[p].as_ref();
    let words: Vec<(usize, usize)> = tokens(page).collect();
    let mut snippet = String::new();
    if first > 0 {
        snippet.push('…');
    }
    snippet.push_str(&mark(page, words[first].0, words[last].1, terms));
    if last + 1 < words.len() {
        snippet.push('…');
    }
    Some(Passage {
        page: p,
        snippet,
        score,
    })
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

    #[test]
    fn a_tie_goes_to_the_earliest_window() {
        let pages = ["drift en to tre", "drift en to tre"];
        let p = best_passage(&pages, &Terms::parse("drift")).unwrap();
        assert_eq!(p.page, 0);
        assert!(p.snippet.starts_with('\u{2}'));
    }
}
