//! The document model and the pure layout step: blocks in, positioned lines per page out.
//!
//! Coordinates are PDF points (1/72 inch) from the top-left corner of an A4 page, y downwards.

use crate::fonts::{Fonts, Measurer};

/// A document to write: a title block on the first page, then blocks in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PdfDocument {
    /// Shown large on the first page and stored as the PDF's title.
    pub title: String,
    /// A metadata line under the title (committee, meeting, date …); `\n` starts a new line.
    pub subtitle: Option<String>,
    /// Stored as the PDF's author, e.g. "Digitaliseringsstyrelsen".
    pub author: Option<String>,
    /// Shown at the bottom left of every page, beside the page number.
    pub footer: Option<String>,
    pub blocks: Vec<Block>,
}

/// One piece of body content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Heading(String),
    /// Wrapped at word boundaries; `\n` forces a line break.
    Paragraph(String),
    /// A simple bullet list, one entry per item.
    Bullets(Vec<String>),
    /// Continue on a new page (ignored at the top of a page).
    PageBreak,
}

impl PdfDocument {
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            ..Self::default()
        }
    }

    pub fn subtitle(mut self, subtitle: impl Into<String>) -> Self {
        self.subtitle = Some(subtitle.into());
        self
    }

    pub fn author(mut self, author: impl Into<String>) -> Self {
        self.author = Some(author.into());
        self
    }

    pub fn footer(mut self, footer: impl Into<String>) -> Self {
        self.footer = Some(footer.into());
        self
    }

    pub fn heading(mut self, text: impl Into<String>) -> Self {
        self.blocks.push(Block::Heading(text.into()));
        self
    }

    pub fn paragraph(mut self, text: impl Into<String>) -> Self {
        self.blocks.push(Block::Paragraph(text.into()));
        self
    }

    pub fn bullets<S: Into<String>>(mut self, items: impl IntoIterator<Item = S>) -> Self {
        self.blocks
            .push(Block::Bullets(items.into_iter().map(Into::into).collect()));
        self
    }

    pub fn page_break(mut self) -> Self {
        self.blocks.push(Block::PageBreak);
        self
    }
}

pub(crate) const PAGE_WIDTH: f32 = 595.28;
pub(crate) const PAGE_HEIGHT: f32 = 841.89;
const MARGIN_X: f32 = 64.0;
const MARGIN_TOP: f32 = 62.0;
/// Body text never goes below this line; the footer sits under it.
const CONTENT_BOTTOM: f32 = PAGE_HEIGHT - 72.0;
const FOOTER_BASELINE: f32 = PAGE_HEIGHT - 40.0;
const TEXT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN_X;

const TITLE: TextStyle = TextStyle::new(18.0, 1.25, Weight::Bold, Ink::Black);
const SUBTITLE: TextStyle = TextStyle::new(10.0, 1.4, Weight::Regular, Ink::Grey);
const HEADING: TextStyle = TextStyle::new(12.5, 1.3, Weight::Bold, Ink::Black);
const BODY: TextStyle = TextStyle::new(10.5, 1.45, Weight::Regular, Ink::Black);
const FOOTER: TextStyle = TextStyle::new(8.5, 1.2, Weight::Regular, Ink::Grey);

const PARAGRAPH_GAP: f32 = 7.0;
const HEADING_GAP_BEFORE: f32 = 9.0;
const HEADING_GAP_AFTER: f32 = 3.0;
const BULLET_INDENT: f32 = 16.0;
const BULLET_GAP: f32 = 2.0;
const BULLET: &str = "•";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Weight {
    Regular,
    Bold,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ink {
    Black,
    Grey,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TextStyle {
    pub(crate) size: f32,
    leading: f32,
    pub(crate) weight: Weight,
    pub(crate) ink: Ink,
}

impl TextStyle {
    const fn new(size: f32, leading: f32, weight: Weight, ink: Ink) -> Self {
        Self {
            size,
            leading,
            weight,
            ink,
        }
    }

    fn line_height(&self) -> f32 {
        self.size * self.leading
    }
}

/// One line of text at a position; `baseline` is the y of the text's baseline.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Run {
    pub(crate) x: f32,
    pub(crate) baseline: f32,
    pub(crate) style: TextStyle,
    pub(crate) text: String,
}

/// A thin horizontal rule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rule {
    pub(crate) x: f32,
    pub(crate) y: f32,
    pub(crate) width: f32,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Page {
    pub(crate) runs: Vec<Run>,
    pub(crate) rules: Vec<Rule>,
}

impl Page {
    fn is_empty(&self) -> bool {
        self.runs.is_empty() && self.rules.is_empty()
    }
}

/// Places every block; returns at least one page. Footers are included.
pub(crate) fn layout(doc: &PdfDocument, fonts: &Fonts) -> Vec<Page> {
    let mut l = Layouter {
        regular: fonts.regular.measurer(),
        bold: fonts.bold.measurer(),
        pages: vec![Page::default()],
        y: MARGIN_TOP,
    };
    l.title_block(doc);
    for block in &doc.blocks {
        match block {
            Block::Heading(text) => l.heading(text),
            Block::Paragraph(text) => l.paragraph(text),
            Block::Bullets(items) => l.bullets(items),
            Block::PageBreak => l.page_break(),
        }
    }
    if l.pages.len() > 1 && l.pages.last().is_some_and(Page::is_empty) {
        l.pages.pop();
    }
    l.footers(doc.footer.as_deref());
    l.pages
}

struct Layouter<'f> {
    regular: Measurer<'f>,
    bold: Measurer<'f>,
    pages: Vec<Page>,
    /// Top of the next line on the current page.
    y: f32,
}

impl<'f> Layouter<'f> {
    fn measurer(&mut self, weight: Weight) -> &mut Measurer<'f> {
        match weight {
            Weight::Regular => &mut self.regular,
            Weight::Bold => &mut self.bold,
        }
    }

    fn wrap(&mut self, text: &str, style: TextStyle, width: f32) -> Vec<String> {
        let m = self.measurer(style.weight);
        wrap(text, width, |s| m.width(s, style.size))
    }

    fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.pages.push(Page::default());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn at_page_top(&self) -> bool {
        self.pages.last().is_none_or(Page::is_empty)
    }

    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = MARGIN_TOP;
    }

    /// Starts a new page unless `height` more points fit on this one.
    fn ensure_room(&mut self, height: f32) {
        if self.y + height > CONTENT_BOTTOM && !self.at_page_top() {
            self.new_page();
        }
    }

    fn line(&mut self, x: f32, style: TextStyle, text: String) {
        let h = style.line_height();
        self.ensure_room(h);
        // Centre the glyphs' cap height (≈0.7 em) in the line box.
        let baseline = self.y + (h + 0.7 * style.size) / 2.0;
        self.page().runs.push(Run {
            x,
            baseline,
            style,
            text,
        });
        self.y += h;
    }

    fn title_block(&mut self, doc: &PdfDocument) {
        for line in self.wrap(&doc.title, TITLE, TEXT_WIDTH) {
            self.line(MARGIN_X, TITLE, line);
        }
        if let Some(subtitle) = doc.subtitle.as_deref() {
            self.y += 2.0;
            for line in self.wrap(subtitle, SUBTITLE, TEXT_WIDTH) {
                self.line(MARGIN_X, SUBTITLE, line);
            }
        }
        self.y += 6.0;
        let y = self.y;
        self.page().rules.push(Rule {
            x: MARGIN_X,
            y,
            width: TEXT_WIDTH,
        });
        self.y += 14.0;
    }

    fn heading(&mut self, text: &str) {
        if !self.at_page_top() {
            self.y += HEADING_GAP_BEFORE;
        }
        let lines = self.wrap(text, HEADING, TEXT_WIDTH);
        // Keep the heading with at least two lines of what follows.
        let needed = lines.len() as f32 * HEADING.line_height()
            + HEADING_GAP_AFTER
            + 2.0 * BODY.line_height();
        self.ensure_room(needed);
        for line in lines {
            self.line(MARGIN_X, HEADING, line);
        }
        self.y += HEADING_GAP_AFTER;
    }

    fn paragraph(&mut self, text: &str) {
        for line in self.wrap(text, BODY, TEXT_WIDTH) {
            self.line(MARGIN_X, BODY, line);
        }
        self.y += PARAGRAPH_GAP;
    }

    fn bullets(&mut self, items: &[String]) {
        for item in items {
            let lines = self.wrap(item, BODY, TEXT_WIDTH - BULLET_INDENT);
            for (n, line) in lines.into_iter().enumerate() {
                if n == 0 {
                    self.ensure_room(BODY.line_height());
                    let baseline = self.y + (BODY.line_height() + 0.7 * BODY.size) / 2.0;
                    self.page().runs.push(Run {
                        x: MARGIN_X + 4.0,
                        baseline,
                        style: BODY,
                        text: BULLET.to_owned(),
                    });
                }
                self.line(MARGIN_X + BULLET_INDENT, BODY, line);
            }
            self.y += BULLET_GAP;
        }
        self.y += PARAGRAPH_GAP - BULLET_GAP;
    }

    fn page_break(&mut self) {
        if !self.at_page_top() {
            self.new_page();
        }
    }

    fn footers(&mut self, footer: Option<&str>) {
        let total = self.pages.len();
        for n in 0..total {
            let number = format!("Side {} af {}", n + 1, total);
            let number_width = self.regular.width(&number, FOOTER.size);
            let left = footer.map(|f| {
                let room = TEXT_WIDTH - number_width - 12.0;
                let m = &mut self.regular;
                ellipsize(f, room, |s| m.width(s, FOOTER.size))
            });
            let page = &mut self.pages[n];
            if let Some(left) = left.filter(|s| !s.is_empty()) {
                page.runs.push(Run {
                    x: MARGIN_X,
                    baseline: FOOTER_BASELINE,
                    style: FOOTER,
                    text: left,
                });
            }
            page.runs.push(Run {
                x: PAGE_WIDTH - MARGIN_X - number_width,
                baseline: FOOTER_BASELINE,
                style: FOOTER,
                text: number,
            });
        }
    }
}

/// Greedy word wrap: lines of whole words no wider than `width`, words separated by one space.
/// `\n` forces a break (an empty line stays empty). A single word wider than the line is split
/// between characters — the only case where a word is broken.
pub(crate) fn wrap(text: &str, width: f32, mut measure: impl FnMut(&str) -> f32) -> Vec<String> {
    let mut lines = Vec::new();
    for hard_line in text.split('\n') {
        let mut current = String::new();
        for word in hard_line.split_whitespace() {
            let candidate = if current.is_empty() {
                word.to_owned()
            } else {
                format!("{current} {word}")
            };
            if measure(&candidate) <= width {
                current = candidate;
                continue;
            }
            if !current.is_empty() {
                lines.push(std::mem::take(&mut current));
            }
            if measure(word) <= width {
                current = word.to_owned();
            } else {
                let mut pieces = split_long_word(word, width, &mut measure);
                current = pieces.pop().unwrap_or_default();
                lines.extend(pieces);
            }
        }
        lines.push(current);
    }
    // A trailing empty line from a final '\n' adds nothing.
    while lines.len() > 1 && lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines
}

fn split_long_word(word: &str, width: f32, measure: &mut impl FnMut(&str) -> f32) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut current = String::new();
    for c in word.chars() {
        current.push(c);
        if measure(&current) > width && current.chars().count() > 1 {
            current.pop();
            pieces.push(std::mem::take(&mut current));
            current.push(c);
        }
    }
    pieces.push(current);
    pieces
}

/// `text`, shortened with "…" if wider than `width`.
fn ellipsize(text: &str, width: f32, mut measure: impl FnMut(&str) -> f32) -> String {
    if measure(text) <= width {
        return text.to_owned();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let candidate: String = chars.iter().collect::<String>().trim_end().to_owned() + "…";
        if measure(&candidate) <= width {
            return candidate;
        }
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character is one unit wide.
    fn check(text: &str, width: f32, expected: &[&str]) {
        let got = wrap(text, width, |s| s.chars().count() as f32);
        assert_eq!(got, expected, "wrapping {text:?} at {width}");
    }

    #[test]
    fn wraps_at_word_boundaries() {
        check("", 10.0, &[""]);
        check("én to tre", 20.0, &["én to tre"]);
        check("én to tre fire", 9.0, &["én to tre", "fire"]);
        check("æbler  og   pærer", 9.0, &["æbler og", "pærer"]);
        check("a\nb c", 10.0, &["a", "b c"]);
        check("a\n\nb", 10.0, &["a", "", "b"]);
        check("a\n", 10.0, &["a"]);
    }

    #[test]
    fn only_overlong_words_are_split() {
        check(
            "ab driftsstyregruppen cd",
            6.0,
            &["ab", "drifts", "styreg", "ruppen", "cd"],
        );
        check("x", 0.0, &["x"]);
    }

    #[test]
    fn ellipsis_only_when_needed() {
        let m = |s: &str| s.chars().count() as f32;
        assert_eq!(ellipsize("kort", 10.0, m), "kort");
        assert_eq!(ellipsize("meget lang tekst", 8.0, m), "meget l…");
    }
}
