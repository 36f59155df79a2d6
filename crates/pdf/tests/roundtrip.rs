//! Writing documents and reading them back; reading what is not a (whole) PDF.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use styrebord_pdf::{extract_text, page_count, write_pdf, Block, Fonts, PdfDocument, PdfError};

fn fonts() -> Fonts {
    Fonts::from_system().expect("install fonts-liberation2 to run these tests")
}

const DANISH: &str = "Styregruppen drøftede driftsstatus for Digital Post, NemLog-in og MitID. \
    Økonomiforum skal godkende finansieringen – «som udgangspunkt» inden årsskiftet. \
    Æbler, øl og ål: ÆØÅ æøå. Sagen behandles på næste møde i Driftsstyregruppen, \
    og sekretariatet udsender materialet seks arbejdsdage før.";

/// A document of `paragraphs` paragraphs under headings, with bullet lists in between.
fn long_doc(paragraphs: usize) -> PdfDocument {
    let mut doc = PdfDocument::new("Referat af møde i Driftsstyregruppen")
        .subtitle("Driftsstyregruppen · 12. marts 2026\nDigitaliseringsstyrelsen, Landgreven 4, København K")
        .author("Digitaliseringsstyrelsen")
        .footer("Driftsstyregruppen – beslutningsreferat");
    for n in 0..paragraphs {
        if n % 4 == 0 {
            doc = doc.heading(format!("Punkt {}. Status for systemporteføljen", n / 4 + 1));
        }
        doc = doc.paragraph(DANISH);
        if n % 5 == 2 {
            doc = doc.bullets(["Første punkt på listen med æøå", "Andet punkt – «citat»"]);
        }
    }
    doc
}

/// Every word the document shows, as written.
fn source_words(doc: &PdfDocument) -> BTreeSet<String> {
    let mut texts: Vec<&str> = vec![&doc.title];
    texts.extend(doc.subtitle.as_deref());
    texts.extend(doc.footer.as_deref());
    for block in &doc.blocks {
        match block {
            Block::Heading(t) | Block::Paragraph(t) => texts.push(t),
            Block::Bullets(items) => texts.extend(items.iter().map(String::as_str)),
            Block::PageBreak => {}
        }
    }
    texts
        .iter()
        .flat_map(|t| t.split_whitespace())
        .map(str::to_owned)
        .collect()
}

fn extracted_words(pages: &[String]) -> BTreeSet<String> {
    pages
        .iter()
        .flat_map(|p| p.split_whitespace())
        .map(str::to_owned)
        .collect()
}

#[test]
fn danish_text_round_trips_word_for_word() {
    let doc = long_doc(30);
    let pdf = write_pdf(&doc, &fonts()).expect("write");
    let pages = extract_text(&pdf).expect("extract");

    let written = source_words(&doc);
    let read = extracted_words(&pages);
    let missing: Vec<_> = written.difference(&read).collect();
    assert!(missing.is_empty(), "words lost: {missing:?}");

    // Wrapping keeps words whole: nothing comes out that was not written, apart from the
    // bullets and the page numbers.
    let page_numbers = ["•", "Side", "af", "1", "2", "3", "4", "5"];
    let unexpected: Vec<_> = read
        .iter()
        .filter(|w| !written.contains(*w) && !page_numbers.contains(&w.as_str()))
        .collect();
    assert!(
        unexpected.is_empty(),
        "broken or glued words: {unexpected:?}"
    );
    for word in [
        "drøftede",
        "Økonomiforum",
        "«som",
        "udgangspunkt»",
        "–",
        "ÆØÅ",
        "æøå.",
    ] {
        assert!(read.contains(word), "{word}");
    }
}

#[test]
fn pages_are_numbered_side_n_af_m() {
    let pdf = write_pdf(&long_doc(30), &fonts()).expect("write");
    let pages = extract_text(&pdf).expect("extract");
    let total = pages.len();
    assert!(
        total >= 3,
        "30 paragraphs fill at least three pages, not {total}"
    );
    assert_eq!(page_count(&pdf).expect("count"), total);
    for (n, page) in pages.iter().enumerate() {
        let number = format!("Side {} af {total}", n + 1);
        assert!(page.contains(&number), "page {}: {page}", n + 1);
        assert!(page.contains("Driftsstyregruppen – beslutningsreferat"));
    }
    assert!(pages[0].starts_with("Referat af møde i Driftsstyregruppen"));
}

#[test]
fn page_breaks_start_new_pages_but_never_blank_ones() {
    let doc = PdfDocument::new("Dagsorden")
        .paragraph("Første side.")
        .page_break()
        .page_break()
        .heading("Bilag")
        .paragraph("Anden side.")
        .page_break();
    let pdf = write_pdf(&doc, &fonts()).expect("write");
    let pages = extract_text(&pdf).expect("extract");
    assert_eq!(pages.len(), 2);
    assert!(pages[0].contains("Første side.") && pages[0].contains("Side 1 af 2"));
    assert!(pages[1].contains("Anden side.") && pages[1].contains("Side 2 af 2"));
}

#[test]
fn an_empty_document_is_one_page_with_its_title() {
    let pdf = write_pdf(&PdfDocument::new("Tom"), &fonts()).expect("write");
    assert_eq!(extract_text(&pdf).expect("extract"), ["Tom\nSide 1 af 1\n"]);
}

#[test]
fn same_document_same_bytes() {
    let fonts = fonts();
    let a = write_pdf(&long_doc(8), &fonts).expect("write");
    let b = write_pdf(&long_doc(8), &fonts).expect("write");
    assert_eq!(a, b, "output must not depend on the clock");
}

#[test]
fn a_word_wider_than_the_page_is_split_not_lost() {
    let long = "Fællesoffentligdigitalinfrastrukturdriftsstyregruppesekretariatsbetjeningsopgave"
        .repeat(2);
    let pdf = write_pdf(&PdfDocument::new("Lang").paragraph(&long), &fonts()).expect("write");
    let text = extract_text(&pdf).expect("extract").concat();
    let joined: String = text.split_whitespace().collect();
    assert!(joined.contains(&long));
}

/// Well under a second in a debug build, thanks to the opt-level overrides in Cargo.toml.
#[test]
fn three_pages_are_written_fast() {
    let fonts = fonts();
    let started = Instant::now();
    let pdf = write_pdf(&long_doc(30), &fonts).expect("write");
    let took = started.elapsed();
    eprintln!("3 pages, {} bytes, written in {took:?}", pdf.len());
    assert!(took < Duration::from_secs(1), "took {took:?}");
    assert!(
        pdf.len() < 60_000,
        "the font must be subsetted: {} bytes",
        pdf.len()
    );
}

#[test]
fn text_from_a_pdf_we_did_not_write() {
    let pdf = minimal_helvetica_pdf("Hello Styrebord");
    assert_eq!(page_count(&pdf).expect("count"), 1);
    let pages = extract_text(&pdf).expect("extract");
    assert_eq!(pages.len(), 1);
    assert!(pages[0].contains("Hello Styrebord"), "{:?}", pages[0]);
}

/// A one-page PDF written by hand, with a correct cross-reference table.
fn minimal_helvetica_pdf(text: &str) -> Vec<u8> {
    let content = format!("BT /F1 12 Tf 72 720 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_owned(),
        format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_owned(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (n, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", n + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[test]
fn what_is_not_a_pdf_is_an_error() {
    for input in [&b""[..], b"hello", b"\x89PNG\r\n\x1a\n", "æøå".as_bytes()] {
        assert!(
            matches!(extract_text(input), Err(PdfError::NotPdf)),
            "{input:?}"
        );
        assert!(
            matches!(page_count(input), Err(PdfError::NotPdf)),
            "{input:?}"
        );
    }
}

/// Truncated and damaged PDFs give an error or (where lopdf can recover) text, never a panic.
#[test]
fn damaged_pdfs_never_panic() {
    let pdf = write_pdf(&long_doc(8), &fonts()).expect("write");
    assert!(matches!(
        extract_text(&pdf[..10]),
        Err(PdfError::Malformed(_))
    ));

    let mut cuts: Vec<usize> = (1..40).map(|k| pdf.len() * k / 40).collect();
    cuts.extend([5, 6, 9, pdf.len() - 1]);
    for cut in cuts {
        let _ = extract_text(&pdf[..cut]);
        let _ = page_count(&pdf[..cut]);
    }
    // Deterministic "random" byte damage (a tiny LCG, so the test needs no rand crate).
    let mut seed: u64 = 0x5eed;
    for _ in 0..60 {
        let mut damaged = pdf.clone();
        for _ in 0..8 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let at = (seed >> 33) as usize % damaged.len();
            damaged[at] = (seed >> 16) as u8;
        }
        let _ = extract_text(&damaged);
    }
}

#[test]
fn missing_fonts_name_the_paths_and_the_package() {
    let nowhere = (
        PathBuf::from("/nonexistent/Regular.ttf"),
        PathBuf::from("/nonexistent/Bold.ttf"),
    );
    let err = Fonts::from_candidates(&[nowhere]).expect_err("no fonts there");
    assert!(matches!(err, PdfError::FontsNotFound { .. }));
    let message = err.to_string();
    assert!(message.contains("/nonexistent/Regular.ttf"), "{message}");
    assert!(message.contains("fonts-liberation2"), "{message}");
}

#[test]
fn bytes_that_are_not_a_font_are_refused() {
    let err = Fonts::from_bytes(b"not a font".to_vec(), b"nor this".to_vec()).expect_err("garbage");
    assert!(
        matches!(
            err,
            PdfError::InvalidFont {
                which: "regular",
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn dejavu_works_too_when_installed() {
    let dejavu = (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    );
    if !std::path::Path::new(dejavu.0).is_file() {
        eprintln!("DejaVu not installed; skipped");
        return;
    }
    let fonts = Fonts::from_candidates(&[dejavu]).expect("dejavu");
    let pdf = write_pdf(&long_doc(4), &fonts).expect("write");
    let read = extracted_words(&extract_text(&pdf).expect("extract"));
    assert!(read.contains("Økonomiforum") && read.contains("«som"));
}
