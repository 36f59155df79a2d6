//! Writes the demo's PDFs to a folder and prints an overview, to look at the material:
//! `cargo run -p styrebord-demo --example dump -- 2026-11-26 /tmp/demo`

use std::path::PathBuf;

use chrono::NaiveDate;
use styrebord_demo::demo_dataset;
use styrebord_pdf::Fonts;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let today: NaiveDate = args.next().ok_or("usage: dump YYYY-MM-DD DIR")?.parse()?;
    let dir = PathBuf::from(args.next().ok_or("usage: dump YYYY-MM-DD DIR")?);
    std::fs::create_dir_all(&dir)?;
    let d = demo_dataset(today, &Fonts::from_system()?)?;
    for m in &d.meetings {
        println!("{} {:?} {:?} {}", m.date, m.kind, m.status, m.location);
        for i in d.agenda_items.iter().filter(|i| i.meeting == m.id) {
            println!("    {}. {}", i.number, i.title);
        }
    }
    for (n, doc) in d.documents.iter().enumerate() {
        let name = format!(
            "{n:02}-v{}-{}.pdf",
            doc.document.version, doc.document.published_on
        );
        std::fs::write(dir.join(&name), &doc.bytes)?;
        println!("{name}  {}", doc.document.title);
    }
    Ok(())
}
