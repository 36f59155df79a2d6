//! The seed composition and its validation.

use rstest::rstest;
use styrebord_core::calendar::CalendarRules;
use styrebord_core::composition::{parse_composition, CompositionError, SEED_COMPOSITION};
use styrebord_core::ids::OrgId;

fn code(s: &str) -> OrgId {
    OrgId::parse(s).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_seed_is_driftsstyregruppen() {
    let c = parse_composition(SEED_COMPOSITION).unwrap_or_else(|e| panic!("seed: {e}"));
    assert_eq!(c.name, "Driftsstyregruppen");
    assert_eq!(c.organisations.len(), 13);
    assert_eq!(c.chair, code("DIGST"));
    assert_eq!(c.secretariat, code("DIGST"));
    assert_eq!(
        c.organisation(&c.chair).map(|o| o.name.as_str()),
        Some("Finansministeriet v. Digitaliseringsstyrelsen")
    );
    assert_eq!(c.calendar, CalendarRules::default());
    assert_eq!(c.ordinary_meetings_per_year, 4);
}

#[test]
fn the_seed_lists_the_thirteen_organisations_of_the_rules() {
    let c = parse_composition(SEED_COMPOSITION).unwrap_or_else(|e| panic!("seed: {e}"));
    let short: Vec<&str> = c
        .organisations
        .iter()
        .map(|o| o.short_name.as_str())
        .collect();
    assert_eq!(
        short,
        [
            "Digitaliseringsstyrelsen",
            "KL",
            "Danske Regioner",
            "ATP",
            "Erhvervsstyrelsen",
            "Skatteministeriet",
            "Beskæftigelsesministeriet",
            "Styrelsen for It og Læring",
            "Styrelsen for Dataforsyning og Effektivisering",
            "Sundhedsdatastyrelsen",
            "CPR-kontoret",
            "Statens IT",
            "KOMBIT",
        ]
    );
    let sdfe = c.organisation(&code("SDFE")).map(|o| o.name.as_str());
    assert_eq!(
        sdfe,
        Some("Energi-, Forsynings- og Klimaministeriet v. Styrelsen for Dataforsyning og Effektivisering")
    );
}

const BASE: &str = r#"
[committee]
name = "Testudvalget"
chair = "A"
secretariat = "B"

[[organisations]]
code = "A"
name = "Alfa"
short_name = "Alfa"

[[organisations]]
code = "B"
name = "Beta"
short_name = "Beta"
"#;

fn check(toml: &str) -> Result<(), CompositionError> {
    parse_composition(toml).map(|_| ())
}

#[rstest]
#[case::minimal_with_defaults(BASE.to_owned(), Ok(()))]
#[case::duplicate_code(BASE.replace("code = \"B\"", "code = \"A\""), Err(CompositionError::DuplicateCode(code("A"))))]
#[case::missing_chair(BASE.replace("chair = \"A\"\n", ""), Err(CompositionError::MissingChair))]
#[case::unknown_chair(BASE.replace("chair = \"A\"", "chair = \"Z\""), Err(CompositionError::UnknownChair(code("Z"))))]
#[case::missing_secretariat(BASE.replace("secretariat = \"B\"\n", ""), Err(CompositionError::MissingSecretariat))]
#[case::unknown_secretariat(BASE.replace("secretariat = \"B\"", "secretariat = \"Z\""), Err(CompositionError::UnknownSecretariat(code("Z"))))]
#[case::empty_name(BASE.replace("name = \"Beta\"", "name = \" \""), Err(CompositionError::EmptyName(code("B"))))]
#[case::empty_short_name(BASE.replace("short_name = \"Alfa\"", "short_name = \"\""), Err(CompositionError::EmptyName(code("A"))))]
#[case::empty_committee_name(BASE.replace("Testudvalget", ""), Err(CompositionError::EmptyCommitteeName))]
#[case::no_organisations(BASE.split("[[organisations]]").next().unwrap_or_default().to_owned(), Err(CompositionError::NoOrganisations))]
#[case::zero_notice(format!("{BASE}\n[calendar]\nmaterial_notice_working_days = 0\n"), Err(CompositionError::OutOfRange { field: "calendar.material_notice_working_days", value: 0, max: 60 }))]
#[case::absurd_notice(format!("{BASE}\n[calendar]\nminutes_draft_working_days = 1000000\n"), Err(CompositionError::OutOfRange { field: "calendar.minutes_draft_working_days", value: 1_000_000, max: 60 }))]
fn validation(#[case] toml: String, #[case] expected: Result<(), CompositionError>) {
    assert_eq!(check(&toml), expected);
}

#[test]
fn invalid_codes_and_typos_are_refused() {
    let lower = BASE.replace("code = \"B\"", "code = \"b\"");
    assert!(matches!(
        check(&lower),
        Err(CompositionError::InvalidCode { .. })
    ));
    let typo = BASE.replace("chair =", "chiar =");
    assert!(matches!(check(&typo), Err(CompositionError::Toml(_))));
}

#[test]
fn calendar_settings_override_defaults_field_by_field() {
    let toml = format!("{BASE}\n[calendar]\ncustom_days_off = false\n");
    let c = parse_composition(&toml).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        c.calendar,
        CalendarRules {
            custom_days_off: false,
            ..CalendarRules::default()
        }
    );
}
