//! # styrebord-pdf — simple Danish PDFs in, text out
//!
//! This crate owns two things Styrebord needs around meeting material:
//! - **writing**: [`write_pdf`] lays out a [`PdfDocument`] (title, metadata line, headings,
//!   paragraphs, bullet lists, page breaks) on A4 pages with word wrapping and "Side 2 af 5"
//!   page numbers, embedding a subset of a TrueType font with a Unicode mapping so that Danish
//!   text (æøå, «», –) survives copying, searching and extraction. It is used for the demo
//!   material and anything else the hub renders.
//! - **reading**: [`extract_text`] and [`page_count`] read any PDF (not only ours) and return its
//!   text per page; the hub uses this to index published material for search.
//!
//! What it must **not** do: know about the committee's domain (it takes plain text, not
//! meetings), read the clock (a given document always gives the same bytes), or panic on bad
//! input — a damaged PDF is an [`PdfError`], never a crash. The only IO is
//! [`Fonts::from_system`] and [`Fonts::from_candidates`], which read font files.
//!
//! Writing uses krilla (font subsetting, ToUnicode maps, compressed streams); glyph lookup and
//! advance widths for the line breaker come from skrifa, the font reader krilla itself uses.
//! Reading uses lopdf.

mod error;
mod extract;
mod fonts;
mod layout;
mod write;

pub use error::PdfError;
pub use extract::{extract_text, page_count};
pub use fonts::{Fonts, SYSTEM_FONT_CANDIDATES};
pub use layout::{Block, PdfDocument};
pub use write::write_pdf;

/// The MIME type of everything [`write_pdf`] produces.
pub const PDF_MIME: &str = "application/pdf";
