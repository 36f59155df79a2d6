//! Rendering laid-out pages with krilla.

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::surface::Surface;
use krilla::text::{GlyphId, KrillaGlyph};
use krilla::Document;

use crate::error::PdfError;
use crate::fonts::{Face, Fonts, Measurer};
use crate::layout::{layout, Ink, Page, PdfDocument, Weight, PAGE_HEIGHT, PAGE_WIDTH};

/// Lays out `doc` on A4 pages and returns the PDF's bytes.
///
/// The same document and fonts always give the same bytes (no creation date, no random ids),
/// so a document's SHA-256 is stable.
pub fn write_pdf(doc: &PdfDocument, fonts: &Fonts) -> Result<Vec<u8>, PdfError> {
    let pages = layout(doc, fonts);

    let mut document = Document::new();
    let mut metadata = Metadata::new()
        .title(doc.title.clone())
        .language("da".to_owned())
        .creator("Styrebord".to_owned());
    if let Some(author) = &doc.author {
        metadata = metadata.authors(vec![author.clone()]);
    }
    document.set_metadata(metadata);

    let mut regular = fonts.regular.measurer();
    let mut bold = fonts.bold.measurer();
    let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
        .ok_or_else(|| PdfError::Write("invalid page size".into()))?;
    for page in &pages {
        let mut p = document.start_page_with(settings.clone());
        let mut surface = p.surface();
        draw_page(&mut surface, page, fonts, &mut regular, &mut bold);
        surface.finish();
        p.finish();
    }
    document
        .finish()
        .map_err(|e| PdfError::Write(format!("{e:?}")))
}

fn draw_page<'m>(
    surface: &mut Surface<'_>,
    page: &Page,
    fonts: &Fonts,
    regular: &mut Measurer<'m>,
    bold: &mut Measurer<'m>,
) {
    for rule in &page.rules {
        if let Some(rect) = Rect::from_xywh(rule.x, rule.y, rule.width, 0.6) {
            let mut pb = PathBuilder::new();
            pb.push_rect(rect);
            if let Some(path) = pb.finish() {
                surface.set_fill(Some(fill(Ink::Grey)));
                surface.draw_path(&path);
            }
        }
    }
    for run in &page.runs {
        let (face, m): (&Face, &mut Measurer<'m>) = match run.style.weight {
            Weight::Regular => (&fonts.regular, &mut *regular),
            Weight::Bold => (&fonts.bold, &mut *bold),
        };
        let glyphs: Vec<KrillaGlyph> = run
            .text
            .char_indices()
            .map(|(i, c)| {
                let (gid, advance) = m.glyph(c);
                KrillaGlyph::new(
                    GlyphId::new(gid),
                    advance,
                    0.0,
                    0.0,
                    0.0,
                    i..i + c.len_utf8(),
                    None,
                )
            })
            .collect();
        surface.set_fill(Some(fill(run.style.ink)));
        surface.draw_glyphs(
            Point::from_xy(run.x, run.baseline),
            &glyphs,
            face.krilla.clone(),
            &run.text,
            run.style.size,
            false,
        );
    }
}

fn fill(ink: Ink) -> Fill {
    let color = match ink {
        Ink::Black => rgb::Color::new(0x1a, 0x1a, 0x1a),
        Ink::Grey => rgb::Color::new(0x59, 0x59, 0x59),
    };
    Fill {
        paint: color.into(),
        ..Fill::default()
    }
}
