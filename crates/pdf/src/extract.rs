//! Reading text back out of any PDF, for search indexing.

use std::panic::{catch_unwind, AssertUnwindSafe};

use lopdf::Document;

use crate::error::PdfError;

/// Decompressed content above this per page is refused rather than inflated (a "zip bomb").
const MAX_PAGE_CONTENT_BYTES: usize = 64 * 1024 * 1024;

/// The text of each page, in page order. Lines end in `\n`; separate text objects are never
/// glued together, so every word comes out whole.
pub fn extract_text(pdf: &[u8]) -> Result<Vec<String>, PdfError> {
    let doc = load(pdf)?;
    guarded(|| {
        doc.get_pages()
            .keys()
            .map(|&page| page_text(&doc, page))
            .collect()
    })?
}

/// The number of pages.
pub fn page_count(pdf: &[u8]) -> Result<usize, PdfError> {
    let doc = load(pdf)?;
    guarded(|| doc.get_pages().len())
}

fn page_text(doc: &Document, page: u32) -> Result<String, PdfError> {
    let chunks = doc.extract_text_chunks_with_limit(&[page], MAX_PAGE_CONTENT_BYTES);
    let mut text = String::new();
    for chunk in chunks {
        let chunk = chunk.map_err(|e| PdfError::PageText {
            page,
            reason: e.to_string(),
        })?;
        // lopdf starts a new chunk at every font change without a separator.
        if !text.is_empty() && !text.ends_with(char::is_whitespace) {
            text.push('\n');
        }
        // lopdf ends each shown string with a space; drop it before the line break.
        for line in chunk.split_inclusive('\n') {
            match line.strip_suffix('\n') {
                Some(line) => {
                    text.push_str(line.trim_end());
                    text.push('\n');
                }
                None => text.push_str(line),
            }
        }
    }
    Ok(text)
}

fn load(pdf: &[u8]) -> Result<Document, PdfError> {
    // The header may be preceded by a little junk (the spec tolerates 1024 bytes).
    let head = &pdf[..pdf.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(PdfError::NotPdf);
    }
    guarded(|| Document::load_mem(pdf))?.map_err(|e| PdfError::Malformed(e.to_string()))
}

/// lopdf returns errors for the damage we have seen, but it parses untrusted bytes: should it
/// ever panic, that becomes [`PdfError::Malformed`] rather than taking the hub down.
fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, PdfError> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "the PDF reader failed".to_owned());
        PdfError::Malformed(what)
    })
}
