//! The shared systems, their quarterly operations status and the roadmap.

use styrebord_core::portfolio::{
    Criticality, Integration, PortfolioSystem, Quarter, QuarterlyStatus, TrafficLight,
};
use styrebord_core::roadmap::{DateRange, RoadmapItem, RoadmapKind};
use styrebord_core::{OrgId, RoadmapItemId, SystemId};

use crate::ids::uuid;
use crate::schedule::{add_days, next_quarter, quarter_start};
use crate::DemoError;

pub(crate) fn code(s: &str) -> Result<SystemId, DemoError> {
    SystemId::parse(s).map_err(|e| DemoError::Data(format!("system code {s:?}: {e}")))
}

pub(crate) fn org(s: &str) -> Result<OrgId, DemoError> {
    OrgId::parse(s).map_err(|e| DemoError::Data(format!("organisation code {s:?}: {e}")))
}

struct SystemSpec {
    code: &'static str,
    name: &'static str,
    owner: &'static str,
    criticality: Criticality,
    description: &'static str,
    depends_on: &'static [&'static str],
    integrations: &'static [(&'static str, &'static str)],
}

use Criticality::{High, Medium};

const SYSTEMS: &[SystemSpec] = &[
    SystemSpec {
        code: "CPR",
        name: "CPR (Det Centrale Personregister)",
        owner: "CPR",
        criticality: High,
        description: "Grunddata om personer: navn, adresse, civilstand og familierelationer. \
            Leverer opslag og hændelser til næsten alle offentlige løsninger.",
        depends_on: &[],
        integrations: &[],
    },
    SystemSpec {
        code: "CVR",
        name: "CVR (Det Centrale Virksomhedsregister)",
        owner: "ERST",
        criticality: High,
        description: "Grunddata om virksomheder, produktionsenheder og deres ejere og \
            tegningsberettigede.",
        depends_on: &[],
        integrations: &[("CPR", "Opslag af personer bag virksomheder")],
    },
    SystemSpec {
        code: "MITID",
        name: "MitID",
        owner: "DIGST",
        criticality: High,
        description: "Den fælles digitale identitet for borgere. Drives sammen med \
            Finans Danmark; kernebroker for offentlige og private tjenester.",
        depends_on: &["CPR"],
        integrations: &[("NEMLOG-IN", "Autentifikation af borgere via MitID-broker")],
    },
    SystemSpec {
        code: "MITID-ERHVERV",
        name: "MitID Erhverv",
        owner: "ERST",
        criticality: High,
        description: "Erhvervsidentiteter og rettighedsstyring for medarbejdere i \
            virksomheder og myndigheder.",
        depends_on: &["MITID", "CVR"],
        integrations: &[("NEMLOG-IN", "Erhvervslogin og fuldmagter")],
    },
    SystemSpec {
        code: "NEMLOG-IN",
        name: "NemLog-in",
        owner: "DIGST",
        criticality: High,
        description: "Fællesoffentlig log-in, signering og fuldmagt. Formidler MitID og \
            MitID Erhverv til over 1.000 tjenesteudbydere.",
        depends_on: &["MITID", "MITID-ERHVERV", "CPR", "CVR"],
        integrations: &[("MITID", "Broker-integration (OIDC)")],
    },
    SystemSpec {
        code: "DIGITAL-POST",
        name: "Digital Post",
        owner: "DIGST",
        criticality: High,
        description: "Offentlig digital post til borgere og virksomheder, med postkasser i \
            mit.dk, e-Boks og borger.dk.",
        depends_on: &["NEMLOG-IN", "CPR", "CVR"],
        integrations: &[
            ("CPR", "Adressering og fritagelser"),
            ("BORGER-DK", "Visning af post på borger.dk"),
        ],
    },
    SystemSpec {
        code: "NEMKONTO",
        name: "NemKonto",
        owner: "DIGST",
        criticality: High,
        description: "Register over borgeres og virksomheders konti til offentlige \
            udbetalinger.",
        depends_on: &["CPR", "CVR", "NEMLOG-IN"],
        integrations: &[("UDBETALING-DK", "Udbetalingsfiler")],
    },
    SystemSpec {
        code: "DATAFORDELER",
        name: "Datafordeleren",
        owner: "SDFE",
        criticality: High,
        description: "Fælles distribution af grunddata (adresser, ejendomme, geodata, \
            personer og virksomheder) via tjenester og filudtræk.",
        depends_on: &["CPR", "CVR"],
        integrations: &[("CPR", "Replikering af CPR-data")],
    },
    SystemSpec {
        code: "BORGER-DK",
        name: "borger.dk",
        owner: "DIGST",
        criticality: Medium,
        description: "Den fællesoffentlige borgerportal med Mit Overblik og \
            selvbetjeningsløsninger.",
        depends_on: &["NEMLOG-IN", "DIGITAL-POST"],
        integrations: &[("NEMLOG-IN", "Log-in til Mit Overblik")],
    },
    SystemSpec {
        code: "VIRK",
        name: "Virk",
        owner: "ERST",
        criticality: Medium,
        description: "Den fællesoffentlige erhvervsportal med indberetninger og \
            selvbetjening for virksomheder.",
        depends_on: &["NEMLOG-IN", "CVR", "DIGITAL-POST"],
        integrations: &[("MITID-ERHVERV", "Rettigheder til indberetninger")],
    },
    SystemSpec {
        code: "SUNDHED-DK",
        name: "sundhed.dk",
        owner: "DR",
        criticality: High,
        description: "Den offentlige sundhedsportal: journaloplysninger, prøvesvar og \
            henvisninger for borgere og sundhedspersoner.",
        depends_on: &["NEMLOG-IN", "CPR"],
        integrations: &[("FMK", "Visning af medicinoplysninger")],
    },
    SystemSpec {
        code: "FMK",
        name: "FMK (Fælles Medicinkort)",
        owner: "SDS",
        criticality: High,
        description: "Borgernes aktuelle medicinoplysninger, delt mellem læger, \
            sygehuse, apoteker og kommuner.",
        depends_on: &["CPR", "NEMLOG-IN"],
        integrations: &[("SUNDHED-DK", "Borgervisning af medicinkort")],
    },
    SystemSpec {
        code: "SERVICEPLATFORMEN",
        name: "Serviceplatformen",
        owner: "KOMBIT",
        criticality: High,
        description: "Kommunernes integrationsplatform med fælles datatjenester mod \
            grunddataregistre.",
        depends_on: &["CPR", "CVR", "DATAFORDELER"],
        integrations: &[(
            "DATAFORDELER",
            "Opslag i grunddata for kommunale fagsystemer",
        )],
    },
    SystemSpec {
        code: "FKA",
        name: "Fælleskommunal Adgangsstyring",
        owner: "KOMBIT",
        criticality: Medium,
        description: "Adgangsstyring for kommunale medarbejdere til fælleskommunale og \
            statslige løsninger.",
        depends_on: &["NEMLOG-IN", "MITID-ERHVERV"],
        integrations: &[("SERVICEPLATFORMEN", "Adgang til datatjenester")],
    },
    SystemSpec {
        code: "EINDKOMST",
        name: "eIndkomst",
        owner: "SKM",
        criticality: High,
        description: "Indkomstregistret med arbejdsgiveres månedlige indberetninger af \
            løn og ydelser.",
        depends_on: &["CPR", "CVR", "NEMLOG-IN"],
        integrations: &[("UDBETALING-DK", "Indkomstoplysninger til ydelsessager")],
    },
    SystemSpec {
        code: "UDBETALING-DK",
        name: "Udbetaling Danmarks ydelsessystemer",
        owner: "ATP",
        criticality: High,
        description: "Administration og udbetaling af folkepension, boligstøtte, \
            barselsdagpenge og familieydelser.",
        depends_on: &["CPR", "NEMKONTO", "EINDKOMST", "DIGITAL-POST", "NEMLOG-IN"],
        integrations: &[
            ("NEMKONTO", "Udbetalinger"),
            ("DIGITAL-POST", "Afgørelsesbreve"),
        ],
    },
    SystemSpec {
        code: "NEMREFUSION",
        name: "NemRefusion",
        owner: "BM",
        criticality: Medium,
        description: "Virksomheders anmeldelse af fravær og krav om refusion af sygedagpenge \
            og barselsdagpenge.",
        depends_on: &["NEMLOG-IN", "CVR", "EINDKOMST", "DIGITAL-POST"],
        integrations: &[("UDBETALING-DK", "Barselssager")],
    },
    SystemSpec {
        code: "UNILOGIN",
        name: "Unilogin",
        owner: "STIL",
        criticality: Medium,
        description: "Log-in for elever, studerende og ansatte i uddannelsessektoren.",
        depends_on: &["CPR", "MITID"],
        integrations: &[("MITID", "MitID som log-in for voksne brugere")],
    },
];

pub(crate) fn systems() -> Result<Vec<PortfolioSystem>, DemoError> {
    SYSTEMS
        .iter()
        .map(|s| {
            Ok(PortfolioSystem {
                decided_at: None,
                code: code(s.code)?,
                name: s.name.to_owned(),
                owner: org(s.owner)?,
                description: s.description.to_owned(),
                criticality: s.criticality,
                depends_on: s
                    .depends_on
                    .iter()
                    .map(|c| code(c))
                    .collect::<Result<_, _>>()?,
                critical_integrations: s
                    .integrations
                    .iter()
                    .map(|(to, d)| {
                        Ok(Integration {
                            to: code(to)?,
                            description: (*d).to_owned(),
                        })
                    })
                    .collect::<Result<_, DemoError>>()?,
            })
        })
        .collect()
}

/// The system left without a status in the latest quarter (its owner reported late).
pub const MISSING_IN_LATEST: &str = "FKA";

/// Notable quarters, counted back from the latest reported quarter (0 = latest).
const NOTABLE: &[(&str, u32, TrafficLight, f64, u32, &str)] = &[
    (
        "DIGITAL-POST",
        0,
        TrafficLight::Red,
        99.21,
        3,
        "To længerevarende nedbrud i forsendelsesmotoren og forsinket levering af post til \
      mit.dk. Leverandøren har iværksat en handlingsplan; opfølgning på næste møde.",
    ),
    (
        "NEMLOG-IN",
        0,
        TrafficLight::Yellow,
        99.87,
        1,
        "Forhøjede svartider ved signering i spidsbelastning. Kapaciteten er udvidet.",
    ),
    (
        "SERVICEPLATFORMEN",
        0,
        TrafficLight::Yellow,
        99.84,
        1,
        "Fejl i certifikatfornyelse gav afbrud for enkelte kommuners fagsystemer i fire timer.",
    ),
    (
        "DIGITAL-POST",
        1,
        TrafficLight::Yellow,
        99.71,
        2,
        "Ustabil forsendelse efter release; fejlen blev rettet med en hotfix.",
    ),
    (
        "MITID",
        1,
        TrafficLight::Yellow,
        99.90,
        1,
        "Forsinkelser i app-godkendelser ved spidsbelastning omkring lønudbetaling.",
    ),
    (
        "DATAFORDELER",
        2,
        TrafficLight::Yellow,
        99.80,
        1,
        "Forsinkede hændelsesbeskeder fra CPR-replikeringen i to døgn.",
    ),
    (
        "CPR",
        3,
        TrafficLight::Yellow,
        99.93,
        1,
        "Planlagt serviceomlægning overskred servicevinduet med tre timer.",
    ),
    (
        "UDBETALING-DK",
        3,
        TrafficLight::Red,
        99.40,
        2,
        "Forsinket udbetaling af boligstøtte til ca. 4.000 borgere efter fejl i NemKonto-filen.",
    ),
];

/// Statuses for every quarter from `first` to `latest`; `latest` lacks [`MISSING_IN_LATEST`].
pub(crate) fn statuses(
    systems: &[PortfolioSystem],
    first: Quarter,
    latest: Quarter,
) -> Vec<QuarterlyStatus> {
    let mut quarters = vec![first];
    while let Some(&q) = quarters.last() {
        if q >= latest {
            break;
        }
        quarters.push(next_quarter(q));
    }
    let n = quarters.len();
    let mut out = Vec::new();
    for (qi, q) in quarters.iter().enumerate() {
        let back = u32::try_from(n - 1 - qi).unwrap_or(u32::MAX);
        for (si, s) in systems.iter().enumerate() {
            if back == 0 && s.code.as_str() == MISSING_IN_LATEST {
                continue;
            }
            let notable = NOTABLE
                .iter()
                .find(|(c, b, ..)| *c == s.code.as_str() && *b == back);
            let status = match notable {
                Some((_, _, light, availability, incidents, note)) => QuarterlyStatus {
                    system: s.code.clone(),
                    quarter: *q,
                    light: *light,
                    availability_percent: *availability,
                    major_incidents: *incidents,
                    note: (*note).to_owned(),
                },
                None => {
                    // A deterministic spread of good availability figures, 99.95–99.99 %.
                    let step = (si * 7 + usize::from(q.q()) * 3 + qi) % 5;
                    QuarterlyStatus {
                        system: s.code.clone(),
                        quarter: *q,
                        light: TrafficLight::Green,
                        availability_percent: 99.95 + step as f64 * 0.01,
                        major_incidents: 0,
                        note: "Stabil drift. Ingen væsentlige hændelser.".to_owned(),
                    }
                }
            };
            out.push(status);
        }
    }
    out
}

struct RoadmapSpec {
    system: &'static str,
    title: &'static str,
    kind: RoadmapKind,
    /// Quarters after today's quarter, then days into that quarter and the window's length.
    quarter: u8,
    start_day: i64,
    days: i64,
}

/// Windows are chosen so that NemLog-in's signing release overlaps a MitID change and a
/// Digital Post release overlaps a CPR service window — both coordination conflicts — while
/// FMK and Datafordeleren overlap without depending on each other (no conflict).
const ROADMAP: &[RoadmapSpec] = &[
    RoadmapSpec {
        system: "NEMLOG-IN",
        title: "NemLog-in Signering 2.0: udskiftning af signeringskomponent",
        kind: RoadmapKind::Release,
        quarter: 1,
        start_day: 20,
        days: 21,
    },
    RoadmapSpec {
        system: "MITID",
        title: "MitID: ny kernekomponent i app og certifikatrotation",
        kind: RoadmapKind::Change,
        quarter: 1,
        start_day: 32,
        days: 4,
    },
    RoadmapSpec {
        system: "DIGITAL-POST",
        title: "Digital Post release 4.2 (ny forsendelsesmotor)",
        kind: RoadmapKind::Release,
        quarter: 2,
        start_day: 10,
        days: 3,
    },
    RoadmapSpec {
        system: "CPR",
        title: "CPR: serviceomlægning af databaseplatform",
        kind: RoadmapKind::Maintenance,
        quarter: 2,
        start_day: 11,
        days: 2,
    },
    RoadmapSpec {
        system: "FMK",
        title: "FMK: opgradering af receptserver",
        kind: RoadmapKind::Maintenance,
        quarter: 2,
        start_day: 40,
        days: 2,
    },
    RoadmapSpec {
        system: "DATAFORDELER",
        title: "Datafordeleren: nyt udtræksformat for ejendomsdata",
        kind: RoadmapKind::Release,
        quarter: 2,
        start_day: 40,
        days: 5,
    },
    RoadmapSpec {
        system: "MITID-ERHVERV",
        title: "MitID Erhverv: udfasning af lokale IdP'er (fase 2)",
        kind: RoadmapKind::Change,
        quarter: 0,
        start_day: 70,
        days: 14,
    },
    RoadmapSpec {
        system: "SERVICEPLATFORMEN",
        title: "Serviceplatformen: flytning til nyt driftscenter",
        kind: RoadmapKind::Maintenance,
        quarter: 3,
        start_day: 15,
        days: 3,
    },
    RoadmapSpec {
        system: "UDBETALING-DK",
        title: "Udbetaling Danmark: ny beregningsmotor for boligstøtte",
        kind: RoadmapKind::Release,
        quarter: 3,
        start_day: 50,
        days: 7,
    },
    RoadmapSpec {
        system: "BORGER-DK",
        title: "borger.dk: ny version af Mit Overblik",
        kind: RoadmapKind::Release,
        quarter: 1,
        start_day: 70,
        days: 2,
    },
    RoadmapSpec {
        system: "NEMKONTO",
        title: "NemKonto: årlig sikkerhedsopdatering",
        kind: RoadmapKind::Maintenance,
        quarter: 3,
        start_day: 5,
        days: 1,
    },
];

pub(crate) fn roadmap(today_quarter: Quarter) -> Result<Vec<RoadmapItem>, DemoError> {
    ROADMAP
        .iter()
        .map(|r| {
            let mut q = today_quarter;
            for _ in 0..r.quarter {
                q = next_quarter(q);
            }
            let start = add_days(quarter_start(q), r.start_day);
            let end = add_days(start, r.days - 1);
            Ok(RoadmapItem {
                id: RoadmapItemId::from_uuid(uuid("roadmap", &format!("{}/{}", r.system, r.title))),
                system: code(r.system)?,
                title: r.title.to_owned(),
                kind: r.kind,
                window: DateRange { start, end },
            })
        })
        .collect()
}

pub(crate) fn light_da(light: TrafficLight) -> &'static str {
    match light {
        TrafficLight::Green => "grøn",
        TrafficLight::Yellow => "gul",
        TrafficLight::Red => "rød",
    }
}

pub(crate) fn quarter_da(q: Quarter) -> String {
    format!("{}. kvartal {}", q.q(), q.year())
}

pub(crate) fn percent_da(p: f64) -> String {
    format!("{p:.2} %").replace('.', ",")
}

pub(crate) fn date_range_da(r: &DateRange) -> String {
    use styrebord_core::text::long_date_da;
    if r.start == r.end {
        long_date_da(r.start)
    } else {
        format!("{} – {}", long_date_da(r.start), long_date_da(r.end))
    }
}
