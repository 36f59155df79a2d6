//! The Danish prose of the demo: agenda items, decisions, comments and the documents' text.

use styrebord_core::meeting::{AgendaItemKind, Meeting};
use styrebord_core::portfolio::{PortfolioSystem, Quarter, QuarterlyStatus, TrafficLight};
use styrebord_core::roadmap::{Conflict, RoadmapItem};
use styrebord_core::text::long_date_da;
use styrebord_pdf::PdfDocument;

use crate::portfolio::{date_range_da, light_da, percent_da, quarter_da};

/// What an agenda item is about; decides its description, material and decision.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Topic {
    /// Approval of the minutes of an earlier meeting (index into the meetings).
    Approval(usize),
    /// Quarterly operations status for the quarter.
    Status(Quarter),
    DependencyAnalysis,
    PortfolioExtension,
    MigrationStatus,
    DigitalPostDisruptions,
    OwnersOrientation,
    Roadmap {
        year: i32,
    },
    MigrationEscalation,
    Incident,
    CrisisCommunication,
    Any,
}

pub(crate) struct ItemText {
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) kind: AgendaItemKind,
    pub(crate) systems: &'static [&'static str],
}

pub(crate) fn item_text(topic: &Topic, approval_title: Option<&str>) -> ItemText {
    use AgendaItemKind::{Decision, Discussion, Orientation};
    let t = |title: &str, description: &str, kind, systems| ItemText {
        title: title.to_owned(),
        description: description.to_owned(),
        kind,
        systems,
    };
    match topic {
        Topic::Approval(_) => t(
            approval_title.unwrap_or("Godkendelse af referat"),
            "Beslutningsreferatet har været i skriftlig kommentering. Indkomne bemærkninger er \
             indarbejdet. Sekretariatet indstiller, at styregruppen godkender referatet.",
            Decision,
            &[],
        ),
        Topic::Status(q) => ItemText {
            title: format!("Driftsstatus for systemporteføljen, {}", quarter_da(*q)),
            description: format!(
                "Sekretariatet orienterer om driftsstatus for de fællesoffentlige systemer i \
                 {}, på grundlag af løsningsejernes kvartalsindberetninger.",
                quarter_da(*q)
            ),
            kind: Orientation,
            systems: &[],
        },
        Topic::DependencyAnalysis => t(
            "Afhængighedsanalyse: CPR og Datafordeleren",
            "Styrelsen for Dataforsyning og Effektivisering og CPR-kontoret fremlægger en \
             analyse af, hvilke løsninger der påvirkes, når CPR-data distribueres via \
             Datafordeleren, og hvordan ændringer fremover varsles.",
            Discussion,
            &["CPR", "DATAFORDELER", "SERVICEPLATFORMEN"],
        ),
        Topic::PortfolioExtension => t(
            "Optagelse af Unilogin i systemporteføljen",
            "Styrelsen for It og Læring foreslår, at Unilogin optages i porteføljen, da \
             løsningen er afhængig af MitID og CPR og bruges af over en million brugere.",
            Decision,
            &["UNILOGIN", "MITID"],
        ),
        Topic::MigrationStatus => t(
            "MitID og NemLog-in: status for migrering af tjenesteudbydere",
            "Digitaliseringsstyrelsen orienterer om status for tjenesteudbydernes migrering \
             til NemLog-in's nye broker-snitflade og de udfordringer, der er set undervejs.",
            Orientation,
            &["MITID", "NEMLOG-IN"],
        ),
        Topic::DigitalPostDisruptions => t(
            "Digital Post: tilbagevendende driftsforstyrrelser",
            "Drøftelse af driftsforstyrrelserne i Digital Post og konsekvenserne for \
             myndigheder, der sender breve med frister, herunder Udbetaling Danmark.",
            Discussion,
            &["DIGITAL-POST", "UDBETALING-DK"],
        ),
        Topic::OwnersOrientation => t(
            "Orientering fra løsningsejerne om planlagte ændringer",
            "Løsningsejerne orienterer kort om større planlagte ændringer, som kan påvirke \
             andre løsninger i porteføljen.",
            Orientation,
            &[],
        ),
        Topic::Roadmap { year } => ItemText {
            title: format!("Roadmap for drift og vedligehold {year}"),
            description: "Sekretariatet fremlægger den samlede roadmap for planlagte \
                          ændringer, releases og servicevinduer. To koordineringskonflikter \
                          kræver, at løsningsejerne aftaler rækkefølgen."
                .to_owned(),
            kind: Decision,
            systems: &["NEMLOG-IN", "MITID", "DIGITAL-POST", "CPR"],
        },
        Topic::MigrationEscalation => t(
            "MitID og NemLog-in: forlænget parallel drift – anbefaling til PSTG",
            "Digitaliseringsstyrelsen indstiller, at styregruppen anbefaler PSTG at forlænge \
             den parallelle drift af den gamle signeringsløsning med seks måneder. \
             Finansieringen er godkendt i Økonomiforum for NemLog-in.",
            Decision,
            &["NEMLOG-IN", "MITID"],
        ),
        Topic::Incident => t(
            "Driftsforstyrrelse i Digital Post: hændelsesforløb og opfølgning",
            "Digitaliseringsstyrelsen gennemgår forløbet af den seneste driftsforstyrrelse, \
             årsagen og de tiltag, der er sat i gang hos leverandøren.",
            Orientation,
            &["DIGITAL-POST"],
        ),
        Topic::CrisisCommunication => t(
            "Koordineret kommunikation ved større driftsforstyrrelser",
            "Drøftelse af, hvordan myndighederne i fællesskab informerer borgere og \
             virksomheder, når en fællesoffentlig løsning er ude af drift.",
            Discussion,
            &["DIGITAL-POST", "BORGER-DK", "VIRK"],
        ),
        Topic::Any => t("Eventuelt", "", Orientation, &[]),
    }
}

/// The decision recorded in the minutes.
pub(crate) fn decision(topic: &Topic, meeting_no: usize) -> String {
    match topic {
        Topic::Approval(_) if meeting_no.is_multiple_of(2) => {
            "Referatet blev godkendt med en præcisering fra KL under punktet om driftsstatus."
                .to_owned()
        }
        Topic::Approval(_) => "Referatet blev godkendt uden bemærkninger.".to_owned(),
        Topic::Status(q) => format!(
            "Styregruppen tog orienteringen om driftsstatus for {} til efterretning. \
             Løsningsejere med gul eller rød status følger op skriftligt over for \
             sekretariatet inden næste møde.",
            quarter_da(*q)
        ),
        Topic::DependencyAnalysis => "Styregruppen tilsluttede sig analysens anbefalinger. \
            Ændringer i CPR's hændelsesformat varsles fremover mindst tre måneder før \
            idriftsættelse, og Serviceplatformen inddrages i testen. CPR-kontoret og SDFE \
            fremlægger en fælles testplan på næste møde."
            .to_owned(),
        Topic::PortfolioExtension => "Styregruppen besluttede at optage Unilogin i \
            systemporteføljen. Styrelsen for It og Læring indberetter driftsstatus fra og med \
            næste kvartal."
            .to_owned(),
        Topic::MigrationStatus => "Styregruppen tog orienteringen til efterretning og bad \
            Digitaliseringsstyrelsen om at vurdere behovet for forlænget parallel drift og \
            vende tilbage med en indstilling."
            .to_owned(),
        Topic::DigitalPostDisruptions => "Styregruppen noterede med bekymring antallet af \
            driftsforstyrrelser. Digitaliseringsstyrelsen fremlægger leverandørens \
            handlingsplan, og ATP og Skatteministeriet melder frister, der er særligt \
            følsomme over for forsinket post, til sekretariatet."
            .to_owned(),
        Topic::OwnersOrientation => "Styregruppen tog orienteringen til efterretning. \
            Ændringerne indarbejdes i roadmap for drift og vedligehold."
            .to_owned(),
        Topic::Roadmap { year } => format!(
            "Styregruppen godkendte roadmap for {year} med den bemærkning, at \
             koordineringskonflikterne løses bilateralt mellem løsningsejerne inden for en \
             måned."
        ),
        Topic::MigrationEscalation => "Styregruppen anbefalede PSTG at forlænge den \
            parallelle drift med seks måneder."
            .to_owned(),
        Topic::Incident => "Styregruppen tog redegørelsen til efterretning. \
            Digitaliseringsstyrelsen udsender leverandørens endelige årsagsanalyse, når den \
            foreligger."
            .to_owned(),
        Topic::CrisisCommunication => "Styregruppen bad sekretariatet om at udarbejde et \
            udkast til fælles kommunikationsberedskab, som behandles skriftligt."
            .to_owned(),
        Topic::Any => "Intet til referat.".to_owned(),
    }
}

/// The final decision text once `org`'s comment on it is incorporated at approval, when the
/// comment asks for a precise change (see [`comment`]).
pub(crate) fn amended_decision(topic: &Topic, org: &str) -> Option<String> {
    match (org, topic) {
        ("KL", Topic::Status(q)) => Some(format!(
            "Styregruppen tog orienteringen om driftsstatus for {} til efterretning og \
             noterede, at kommunerne blev ramt af afbrud på Serviceplatformen, og at KOMBIT har \
             informeret kommunerne direkte. Løsningsejere med gul eller rød status følger op \
             skriftligt over for sekretariatet senest ti arbejdsdage før næste møde.",
            quarter_da(*q)
        )),
        ("CPR", Topic::DependencyAnalysis) => Some(
            "Styregruppen tilsluttede sig analysens anbefalinger. Ændringer i CPR's \
             hændelsesformat varsles fremover mindst tre måneder før idriftsættelse; rettelser \
             af fejl er undtaget. Serviceplatformen inddrages i testen. CPR-kontoret og SDFE \
             fremlægger en fælles testplan på næste møde, og CPR-kontoret er ansvarlig."
                .to_owned(),
        ),
        ("ATP", Topic::DigitalPostDisruptions) => Some(
            "Styregruppen noterede med bekymring antallet af driftsforstyrrelser. \
             Digitaliseringsstyrelsen fremlægger leverandørens handlingsplan, og ATP og \
             Skatteministeriet melder frister, der er særligt følsomme over for forsinket post, \
             til sekretariatet. ATP varsles særskilt om forstyrrelser, der berører \
             partshøring i ydelsessager."
                .to_owned(),
        ),
        _ => None,
    }
}

/// A member's comment on a minutes draft, by organisation.
pub(crate) fn comment(org: &str, topic: &Topic) -> String {
    match (org, topic) {
        ("KL", Topic::Status(_)) => "KL foreslår, at det fremgår, at kommunerne blev ramt af \
            afbrud på Serviceplatformen, og at KOMBIT har informeret kommunerne direkte."
            .to_owned(),
        ("ATP", _) => "ATP ønsker tilføjet, at forsinket Digital Post har betydning for \
            partshøring i ydelsessager, og at ATP derfor skal varsles særskilt."
            .to_owned(),
        ("CPR", _) => "CPR-kontoret bemærker, at varslingsfristen på tre måneder gælder \
            ændringer i hændelsesformatet, ikke rettelser af fejl."
            .to_owned(),
        ("DR", _) => "Danske Regioner kan tilslutte sig referatet, men ønsker, at \
            sundhed.dk nævnes blandt de berørte løsninger."
            .to_owned(),
        _ => "Ingen bemærkninger til beslutningen, men vi foreslår en mindre sproglig \
            præcisering af andet afsnit."
            .to_owned(),
    }
}

fn incidents_da(n: u32) -> String {
    match n {
        0 => "ingen større hændelser".to_owned(),
        1 => "1 større hændelse".to_owned(),
        n => format!("{n} større hændelser"),
    }
}

fn footer(meeting: &Meeting) -> String {
    format!(
        "Driftsstyregruppen · møde den {}",
        long_date_da(meeting.date)
    )
}

fn subtitle(meeting: &Meeting, item: Option<(u32, &str)>) -> String {
    let head = match item {
        Some((n, title)) => format!("Dagsordenspunkt {n}: {title}"),
        None => "Driftsstyregruppen".to_owned(),
    };
    format!(
        "{head}\nMøde den {} kl. {} · {}",
        long_date_da(meeting.date),
        meeting.start.format("%H.%M"),
        meeting.location
    )
}

pub(crate) fn agenda(meeting: &Meeting, items: &[(u32, ItemText)]) -> PdfDocument {
    let mut doc = PdfDocument::new(format!(
        "Dagsorden for møde i Driftsstyregruppen den {}",
        long_date_da(meeting.date)
    ))
    .subtitle(subtitle(meeting, None))
    .author("Digitaliseringsstyrelsen, sekretariatet for Driftsstyregruppen")
    .footer(footer(meeting))
    .paragraph(
        "Materialet til mødet er udsendt via Styrebord. Medlemmer, der er forhindrede, kan \
         registrere en stedfortræder, og hver organisation kan medtage én bisidder. \
         Registrering sker senest dagen før mødet.",
    );
    for (n, item) in items {
        doc = doc.heading(format!("{n}. {}", item.title));
        if !item.description.is_empty() {
            doc = doc.paragraph(&item.description);
        }
        let kind = match item.kind {
            AgendaItemKind::Decision => "Til beslutning.",
            AgendaItemKind::Orientation => "Til orientering.",
            AgendaItemKind::Discussion => "Til drøftelse.",
        };
        doc = doc.paragraph(kind);
    }
    doc
}

/// The decision minutes of `meeting`, as sent for approval at the next ordinary meeting.
pub(crate) fn minutes(
    meeting: &Meeting,
    items: &[(u32, String, String)],
    attendees: &[String],
) -> PdfDocument {
    let title = format!(
        "Beslutningsreferat fra møde i Driftsstyregruppen den {}",
        long_date_da(meeting.date)
    );
    let status = "Til godkendelse på næste ordinære møde. Bemærkninger fra den skriftlige \
                  kommentering er indarbejdet.";
    let mut doc = PdfDocument::new(title)
        .subtitle(subtitle(meeting, None))
        .author("Digitaliseringsstyrelsen, sekretariatet for Driftsstyregruppen")
        .footer(footer(meeting))
        .paragraph(status)
        .heading("Deltagere")
        .bullets(attendees.iter().cloned());
    for (n, title, decision) in items {
        doc = doc
            .heading(format!("Punkt {n}. {title}"))
            .paragraph(decision);
    }
    doc
}

pub(crate) struct StatusReport<'a> {
    pub(crate) quarter: Quarter,
    pub(crate) systems: &'a [PortfolioSystem],
    pub(crate) statuses: &'a [QuarterlyStatus],
    pub(crate) missing: &'a [String],
}

pub(crate) fn status_report(
    meeting: &Meeting,
    item: (u32, &str),
    r: &StatusReport<'_>,
) -> PdfDocument {
    let of_quarter: Vec<&QuarterlyStatus> = r
        .statuses
        .iter()
        .filter(|s| s.quarter == r.quarter)
        .collect();
    let count = |light| of_quarter.iter().filter(|s| s.light == light).count();
    let (green, yellow, red) = (
        count(TrafficLight::Green),
        count(TrafficLight::Yellow),
        count(TrafficLight::Red),
    );
    let incidents: u32 = of_quarter.iter().map(|s| s.major_incidents).sum();
    let name = |code: &str| {
        r.systems
            .iter()
            .find(|s| s.code.as_str() == code)
            .map_or_else(|| code.to_owned(), |s| s.name.clone())
    };
    let mut doc = PdfDocument::new(format!(
        "Driftsstatus for systemporteføljen, {}",
        quarter_da(r.quarter)
    ))
    .subtitle(subtitle(meeting, Some(item)))
    .author("Digitaliseringsstyrelsen, sekretariatet for Driftsstyregruppen")
    .footer(footer(meeting))
    .heading("Samlet vurdering")
    .paragraph(format!(
        "Der er indberettet status for {} af porteføljens {} systemer. {green} har grøn, \
         {yellow} gul og {red} rød status. Samlet blev der registreret {} i kvartalet. Tilgængeligheden er opgjort som andel af den aftalte \
         åbningstid, eksklusive varslede servicevinduer.",
        of_quarter.len(),
        r.systems.len(),
        incidents_da(incidents),
    ))
    .paragraph(
        "Sekretariatet vurderer, at den samlede drift er tilfredsstillende, men at \
         driftsforstyrrelserne i de mest kritiske løsninger fortsat kræver opmærksomhed, \
         fordi de forplanter sig til de løsninger, der afhænger af dem.",
    );
    let flagged: Vec<String> = of_quarter
        .iter()
        .filter(|s| s.light != TrafficLight::Green)
        .map(|s| {
            format!(
                "{} ({}, {}, {}): {}",
                name(s.system.as_str()),
                light_da(s.light),
                percent_da(s.availability_percent),
                incidents_da(s.major_incidents),
                s.note
            )
        })
        .collect();
    if !flagged.is_empty() {
        doc = doc
            .heading("Systemer med gul eller rød status")
            .bullets(flagged);
    }
    if !r.missing.is_empty() {
        doc = doc.heading("Manglende indberetninger").paragraph(format!(
            "Der mangler indberetning for: {}. Sekretariatet har rykket løsningsejeren, og \
             status eftersendes.",
            r.missing
                .iter()
                .map(|c| name(c))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    doc = doc
        .heading("Status pr. system")
        .bullets(of_quarter.iter().map(|s| {
            format!(
                "{}: {}, tilgængelighed {}, {}",
                name(s.system.as_str()),
                light_da(s.light),
                percent_da(s.availability_percent),
                incidents_da(s.major_incidents)
            )
        }));
    doc.heading("Indstilling").paragraph(
        "Sekretariatet indstiller, at styregruppen tager orienteringen til efterretning, og \
         at løsningsejere med gul eller rød status redegør skriftligt for opfølgningen.",
    )
}

fn note(meeting: &Meeting, item: (u32, &str), title: &str) -> PdfDocument {
    PdfDocument::new(title)
        .subtitle(subtitle(meeting, Some(item)))
        .author("Digitaliseringsstyrelsen, sekretariatet for Driftsstyregruppen")
        .footer(footer(meeting))
}

pub(crate) fn dependency_analysis(meeting: &Meeting, item: (u32, &str)) -> PdfDocument {
    note(
        meeting,
        item,
        "Afhængighedsanalyse: CPR-data via Datafordeleren",
    )
    .heading("Baggrund")
    .paragraph(
        "CPR-data distribueres i stigende omfang via Datafordeleren i stedet for direkte \
             fra CPR. Det betyder, at en ændring i CPR nu kan påvirke løsninger, som ikke selv \
             har en aftale med CPR-kontoret, og at fejl i replikeringen kan give forskellige \
             data i forskellige løsninger på samme tid.",
    )
    .paragraph(
        "Analysen er udarbejdet af CPR-kontoret og Styrelsen for Dataforsyning og \
             Effektivisering med bidrag fra KOMBIT og Sundhedsdatastyrelsen. Den bygger på \
             porteføljens registrerede afhængigheder og på logdata fra de seneste tolv \
             måneder.",
    )
    .heading("Hovedresultater")
    .bullets([
        "Serviceplatformen henter over halvdelen af sine CPR-opslag via Datafordeleren og \
             er dermed indirekte afhængig af replikeringen.",
        "En forsinkelse på to døgn i hændelsesbeskeder ramte kommunale fagsystemer, men \
             blev først opdaget ved henvendelser fra borgere.",
        "FMK og sundhed.dk bruger fortsat CPR direkte og blev ikke påvirket.",
        "Der findes ingen fælles varslingsfrist for ændringer i CPR's hændelsesformat.",
    ])
    .heading("Anbefalinger")
    .paragraph(
        "Det anbefales, at ændringer i CPR's hændelsesformat varsles mindst tre måneder \
             før idriftsættelse, at Datafordeleren overvåger forsinkelse i replikeringen med \
             en fælles tærskel, og at Serviceplatformen indgår i CPR-kontorets testmiljø ved \
             større ændringer.",
    )
    .heading("Indstilling")
    .paragraph(
        "Det indstilles, at styregruppen drøfter analysen og tilslutter sig \
             anbefalingerne.",
    )
}

pub(crate) fn portfolio_extension(meeting: &Meeting, item: (u32, &str)) -> PdfDocument {
    note(
        meeting,
        item,
        "Forslag om optagelse af Unilogin i systemporteføljen",
    )
    .heading("Sagsfremstilling")
    .paragraph(
        "Unilogin er log-in for elever, studerende og ansatte i grundskolen, på \
             ungdomsuddannelserne og i dele af de videregående uddannelser. Løsningen \
             anvender MitID for voksne brugere og CPR til at fastslå identitet og \
             tilhørsforhold.",
    )
    .paragraph(
        "Et nedbrud i MitID eller CPR vil derfor ramme undervisningen direkte, og \
             ændringer i Unilogin kan omvendt påvirke MitID's belastning i \
             skoleårets spidsperioder. Styrelsen for It og Læring ønsker derfor, at Unilogin \
             indgår i porteføljen, så afhængighederne bliver synlige og kan koordineres.",
    )
    .heading("Konsekvenser")
    .bullets([
        "Styrelsen for It og Læring indberetter kvartalsvis driftsstatus.",
        "Planlagte ændringer i Unilogin optages i roadmap for drift og vedligehold.",
        "Unilogin registreres som afhængig af MitID og CPR.",
    ])
    .heading("Indstilling")
    .paragraph("Det indstilles, at styregruppen beslutter at optage Unilogin i porteføljen.")
}

pub(crate) fn migration_status(meeting: &Meeting, item: (u32, &str)) -> PdfDocument {
    note(
        meeting,
        item,
        "Status for migrering af tjenesteudbydere til NemLog-in's nye broker",
    )
    .heading("Status")
    .paragraph(
        "Ved udgangen af kvartalet var 842 af 1.130 tjenesteudbydere migreret til den nye \
             broker-snitflade. De resterende er overvejende mindre kommunale og regionale \
             løsninger, som afventer leverandørernes opdateringer.",
    )
    .paragraph(
        "Migreringen forløber planmæssigt for de statslige løsninger. For kommunerne er \
             tempoet lavere, fordi flere fagsystemer skal opdateres samtidig med \
             Fælleskommunal Adgangsstyring.",
    )
    .heading("Risici")
    .bullets([
        "Tjenesteudbydere, der ikke når at migrere, mister adgang til signering, når den \
             gamle løsning lukkes.",
        "Parallel drift af to signeringsløsninger øger driftsomkostningerne og risikoen \
             for fejl.",
        "Leverandørernes kapacitet er begrænset i de sidste måneder før fristen.",
    ])
    .heading("Videre proces")
    .paragraph(
        "Digitaliseringsstyrelsen vurderer behovet for forlænget parallel drift og vender \
             tilbage til styregruppen med en indstilling.",
    )
}

pub(crate) fn digital_post_disruptions(meeting: &Meeting, item: (u32, &str)) -> PdfDocument {
    note(meeting, item, "Driftsforstyrrelser i Digital Post")
        .heading("Baggrund")
        .paragraph(
            "Digital Post har i de seneste to kvartaler haft gentagne driftsforstyrrelser, \
             primært i forsendelsesmotoren, som fordeler post til mit.dk og e-Boks. Under \
             forstyrrelserne er post blevet modtaget, men leveret til borgerne med op til et \
             døgns forsinkelse.",
        )
        .paragraph(
            "For myndigheder, der sender afgørelser og partshøringer med frister, har \
             forsinkelsen betydning for, hvornår fristen begynder at løbe. Udbetaling \
             Danmark og Skatteministeriet har særligt peget på dette.",
        )
        .heading("Til drøftelse")
        .bullets([
            "Hvordan skal afsendende myndigheder varsles ved forsinket levering?",
            "Skal frister forlænges automatisk, når forsinkelsen overstiger et døgn?",
            "Hvilke krav skal stilles til leverandørens handlingsplan?",
        ])
}

pub(crate) fn owners_orientation(meeting: &Meeting, item: (u32, &str)) -> PdfDocument {
    note(meeting, item, "Planlagte ændringer hos løsningsejerne")
        .paragraph(
            "Løsningsejerne har til dette møde indmeldt de større ændringer, der er planlagt \
             i de kommende to kvartaler. Oversigten nedenfor er et uddrag; de fulde \
             oplysninger findes i roadmap for drift og vedligehold.",
        )
        .bullets([
            "CPR: ny databaseplatform; servicevindue i weekenden med reduceret opslag.",
            "NemLog-in: forberedelse af Signering 2.0 og udfasning af gamle snitflader.",
            "Datafordeleren: nyt udtræksformat for ejendomsdata.",
            "KOMBIT: flytning af Serviceplatformen til nyt driftscenter.",
        ])
        .paragraph(
            "Løsningsejerne opfordres til at melde ændringer ind senest tre måneder før \
             idriftsættelse, så afhængige løsninger kan nå at teste.",
        )
}

pub(crate) struct RoadmapNote<'a> {
    pub(crate) year: i32,
    pub(crate) items: &'a [RoadmapItem],
    pub(crate) conflicts: &'a [Conflict],
    pub(crate) systems: &'a [PortfolioSystem],
    pub(crate) version: u32,
}

pub(crate) fn roadmap(meeting: &Meeting, item: (u32, &str), r: &RoadmapNote<'_>) -> PdfDocument {
    let name = |code: &str| {
        r.systems
            .iter()
            .find(|s| s.code.as_str() == code)
            .map_or_else(|| code.to_owned(), |s| s.name.clone())
    };
    let title_of = |id| {
        r.items
            .iter()
            .find(|i| i.id == id)
            .map_or_else(String::new, |i| i.title.clone())
    };
    let mut doc = note(
        meeting,
        item,
        &format!("Roadmap for drift og vedligehold {}", r.year),
    );
    if r.version > 1 {
        doc = doc.paragraph(format!(
            "Version {}: rettet tidsvindue for CPR's serviceomlægning efter aftale med \
             CPR-kontoret. Øvrige oplysninger er uændrede.",
            r.version
        ));
    }
    let mut sorted: Vec<&RoadmapItem> = r.items.iter().collect();
    sorted.sort_by_key(|i| (i.window.start, i.id));
    doc = doc
        .heading("Formål")
        .paragraph(
            "Roadmappen samler de planlagte releases, ændringer og servicevinduer for \
             porteføljens systemer. Når to systemer, der afhænger af hinanden direkte eller \
             via andre systemer, har ændringer i overlappende perioder, markeres det som en \
             koordineringskonflikt.",
        )
        .heading("Planlagte ændringer")
        .bullets(
            sorted
                .iter()
                .map(|i| format!("{} ({})", i.title, date_range_da(&i.window))),
        )
        .heading("Koordineringskonflikter");
    doc = doc.bullets(r.conflicts.iter().map(|c| {
        format!(
            "{} og {} overlapper {}: «{}» og «{}».",
            name(c.systems.0.as_str()),
            name(c.systems.1.as_str()),
            date_range_da(&c.overlap),
            title_of(c.a),
            title_of(c.b)
        )
    }));
    doc.heading("Indstilling").paragraph(
        "Det indstilles, at styregruppen godkender roadmappen, og at de berørte løsningsejere \
         aftaler en rækkefølge for de konfliktende ændringer og melder den til sekretariatet \
         inden for en måned.",
    )
}

pub(crate) fn migration_escalation(
    meeting: &Meeting,
    item: (u32, &str),
    forum_reference: &str,
) -> PdfDocument {
    note(
        meeting,
        item,
        "Forlænget parallel drift af NemLog-in's signeringsløsning",
    )
    .heading("Indstilling")
    .paragraph(
        "Digitaliseringsstyrelsen indstiller, at styregruppen anbefaler PSTG at forlænge \
             den parallelle drift af den gamle signeringsløsning med seks måneder, så de \
             resterende tjenesteudbydere kan nå at migrere uden afbrud for borgere og \
             virksomheder.",
    )
    .heading("Baggrund")
    .paragraph(
        "Knap en fjerdedel af tjenesteudbyderne har endnu ikke migreret. De fleste er \
             kommunale og regionale løsninger, der afventer leverandøropdateringer. Lukkes \
             den gamle løsning som planlagt, vil blandt andet digitale fuldmagter og \
             underskrifter på ansøgninger ikke kunne gennemføres.",
    )
    .heading("Økonomi")
    .paragraph(format!(
        "Forlængelsen koster 4,2 mio. kr. til drift og support. Finansieringen er \
             godkendt i Økonomiforum for NemLog-in (jf. {forum_reference}). Styregruppen har \
             ikke selv midler, og sagen kan derfor først sendes videre til PSTG, når \
             godkendelsen foreligger, hvilket nu er tilfældet.",
    ))
    .heading("Konsekvenser ved ikke at forlænge")
    .bullets([
        "Cirka 290 tjenesteudbydere mister adgang til signering.",
        "Øget pres på support hos kommuner og regioner.",
        "Risiko for, at frister i ansøgningssager ikke kan overholdes.",
    ])
}

pub(crate) fn incident(meeting: &Meeting, item: (u32, &str), incident_day: &str) -> PdfDocument {
    note(
        meeting,
        item,
        "Redegørelse for driftsforstyrrelse i Digital Post",
    )
    .heading("Hændelsesforløb")
    .paragraph(format!(
        "Den {incident_day} kl. 07.40 stoppede forsendelsesmotoren i Digital Post efter en \
             fejl i en opdatering af køsystemet. Post blev modtaget fra afsendende \
             myndigheder, men ikke leveret til postkasserne. Fejlen blev rettet kl. 15.10, og \
             den ophobede post var leveret kl. 21.30."
    ))
    .heading("Konsekvenser")
    .bullets([
        "Cirka 1,3 mio. breve blev leveret med op til 14 timers forsinkelse.",
        "Udbetaling Danmark og Skattestyrelsen havde breve med frister i køen.",
        "borger.dk og Virk viste ikke nye breve i perioden.",
    ])
    .heading("Opfølgning")
    .paragraph(
        "Leverandøren har indført en ekstra kontrol før opdateringer af køsystemet og \
             udarbejder en årsagsanalyse. Digitaliseringsstyrelsen vurderer, om \
             fristberegningen for de berørte breve skal justeres.",
    )
}
