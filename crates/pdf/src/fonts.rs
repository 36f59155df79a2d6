//! The two faces a document is set in (regular and bold), and measuring text in them.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

use crate::error::PdfError;

/// Regular/bold pairs looked for by [`Fonts::from_system`], in order of preference: Liberation
/// Sans (Debian `fonts-liberation2`, metric-compatible with Arial) and DejaVu Sans
/// (`fonts-dejavu-core`). Both are freely embeddable.
pub const SYSTEM_FONT_CANDIDATES: &[(&str, &str)] = &[
    (
        "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf",
    ),
    (
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    ),
    (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
];

/// Characters every font must have: Danish text must never fall back to empty boxes.
const REQUIRED_CHARS: &str = "AZaz09æøåÆØÅ«»–•";

/// A regular and a bold TrueType face. Cheap to clone (the font data is shared).
#[derive(Clone)]
pub struct Fonts {
    pub(crate) regular: Face,
    pub(crate) bold: Face,
}

impl fmt::Debug for Fonts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Fonts")
            .field("regular_bytes", &self.regular.data.len())
            .field("bold_bytes", &self.bold.data.len())
            .finish()
    }
}

impl Fonts {
    /// Uses font files given as bytes (TrueType or OpenType with TrueType outlines).
    pub fn from_bytes(regular: Vec<u8>, bold: Vec<u8>) -> Result<Self, PdfError> {
        Ok(Self {
            regular: Face::new(regular, "regular")?,
            bold: Face::new(bold, "bold")?,
        })
    }

    /// Finds Liberation Sans or DejaVu Sans in the standard Debian paths
    /// ([`SYSTEM_FONT_CANDIDATES`]).
    pub fn from_system() -> Result<Self, PdfError> {
        Self::from_candidates(SYSTEM_FONT_CANDIDATES)
    }

    /// Uses the first `(regular, bold)` pair whose files both exist. When none does, the error
    /// lists every path looked for and names the Debian package to install.
    pub fn from_candidates<P: AsRef<Path>>(candidates: &[(P, P)]) -> Result<Self, PdfError> {
        for (regular, bold) in candidates {
            let (regular, bold) = (regular.as_ref(), bold.as_ref());
            if regular.is_file() && bold.is_file() {
                return Self::from_bytes(read(regular)?, read(bold)?);
            }
        }
        Err(PdfError::FontsNotFound {
            searched: candidates
                .iter()
                .flat_map(|(r, b)| [r.as_ref().to_path_buf(), b.as_ref().to_path_buf()])
                .collect(),
        })
    }
}

fn read(path: &Path) -> Result<Vec<u8>, PdfError> {
    std::fs::read(path).map_err(|source| PdfError::FontRead {
        path: PathBuf::from(path),
        source,
    })
}

/// One face: the bytes, krilla's handle for embedding, and the font's units per em.
#[derive(Clone)]
pub(crate) struct Face {
    data: Arc<Vec<u8>>,
    pub(crate) krilla: krilla::text::Font,
    units_per_em: f32,
}

impl Face {
    fn new(data: Vec<u8>, which: &'static str) -> Result<Self, PdfError> {
        let invalid = |reason: String| PdfError::InvalidFont { which, reason };
        let font = FontRef::new(&data)
            .map_err(|e| invalid(format!("not a TrueType/OpenType font ({e})")))?;
        let units_per_em = f32::from(
            font.metrics(Size::unscaled(), LocationRef::default())
                .units_per_em,
        );
        if units_per_em <= 0.0 {
            return Err(invalid("units per em is zero".into()));
        }
        let charmap = font.charmap();
        if let Some(missing) = REQUIRED_CHARS.chars().find(|c| charmap.map(*c).is_none()) {
            return Err(invalid(format!("it has no glyph for {missing:?}")));
        }
        let data = Arc::new(data);
        let krilla = krilla::text::Font::new(krilla::Data::from(Arc::clone(&data)), 0)
            .ok_or_else(|| invalid("krilla cannot embed it".into()))?;
        Ok(Self {
            data,
            krilla,
            units_per_em,
        })
    }

    /// A measurer over this face; builds its glyph cache as it goes.
    pub(crate) fn measurer(&self) -> Measurer<'_> {
        // `new` already parsed these bytes successfully, and they are immutable since.
        let font = FontRef::new(&self.data).ok();
        Measurer {
            metrics: font
                .as_ref()
                .map(|f| f.glyph_metrics(Size::unscaled(), LocationRef::default())),
            charmap: font.as_ref().map(|f| f.charmap()),
            units_per_em: self.units_per_em,
            cache: HashMap::new(),
        }
    }
}

/// Glyph ids and advances (in em) per character.
pub(crate) struct Measurer<'a> {
    metrics: Option<skrifa::metrics::GlyphMetrics<'a>>,
    charmap: Option<skrifa::charmap::Charmap<'a>>,
    units_per_em: f32,
    cache: HashMap<char, (u32, f32)>,
}

impl Measurer<'_> {
    /// The glyph id (0, `.notdef`, when the font lacks the character) and advance in em.
    pub(crate) fn glyph(&mut self, c: char) -> (u32, f32) {
        if let Some(g) = self.cache.get(&c) {
            return *g;
        }
        let gid = self
            .charmap
            .as_ref()
            .and_then(|m| m.map(c))
            .unwrap_or_default();
        let advance = self
            .metrics
            .as_ref()
            .and_then(|m| m.advance_width(gid))
            .unwrap_or(0.0)
            / self.units_per_em;
        let g = (gid.to_u32(), advance);
        self.cache.insert(c, g);
        g
    }

    /// Width of `text` in points at `size`.
    pub(crate) fn width(&mut self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.glyph(c).1).sum::<f32>() * size
    }
}
