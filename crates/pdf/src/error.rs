use std::path::PathBuf;

/// Everything that can go wrong writing or reading a PDF. The messages say what to do next.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PdfError {
    /// None of the font files looked for exists.
    #[error(
        "no usable font was found (looked for {}); install the Debian package \
         fonts-liberation2 (or fonts-dejavu-core), or pass font files explicitly",
        display_paths(.searched)
    )]
    FontsNotFound { searched: Vec<PathBuf> },

    /// A font file exists but could not be read.
    #[error("could not read the font file {path}: {source}")]
    FontRead {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// The bytes are not a TrueType/OpenType font, or the font lacks what we need.
    #[error("the {which} font is not usable: {reason}")]
    InvalidFont { which: &'static str, reason: String },

    /// The PDF library refused to write the document.
    #[error("the PDF could not be written: {0}")]
    Write(String),

    /// The input does not start like a PDF file at all.
    #[error("this is not a PDF file (it does not begin with \"%PDF-\")")]
    NotPdf,

    /// The input starts like a PDF but cannot be parsed: damaged, truncated or encrypted.
    #[error("the PDF is damaged, truncated or encrypted and could not be read: {0}")]
    Malformed(String),

    /// The document was read, but the text of one page could not be decoded.
    #[error("the text of page {page} could not be read: {reason}")]
    PageText { page: u32, reason: String },
}

fn display_paths(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
