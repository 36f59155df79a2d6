//! The committee's composition: its organisations, chair, secretariat and rule settings, read
//! from TOML. Driftsstyregruppen's own is shipped as [`SEED_COMPOSITION`]; a sibling committee
//! (e.g. PSTG) brings its own file, so nothing here hard-codes the 13 organisations.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::calendar::CalendarRules;
use crate::ids::{IdError, OrgId};
use crate::org::Organisation;
use crate::plan::DEFAULT_ORDINARY_MEETINGS_PER_YEAR;

/// `assets/seed/committee.toml`: Driftsstyregruppen as RULES.md describes it.
pub const SEED_COMPOSITION: &str = include_str!("../../../assets/seed/committee.toml");

/// Notice periods above this many working days are taken to be typing errors.
pub const MAX_NOTICE_WORKING_DAYS: u32 = 60;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Composition {
    /// Short name, e.g. "Driftsstyregruppen".
    pub name: String,
    pub full_name: String,
    pub chair: OrgId,
    pub secretariat: OrgId,
    pub ordinary_meetings_per_year: u32,
    pub calendar: CalendarRules,
    pub organisations: Vec<Organisation>,
}

impl Composition {
    /// The committee's settings as the hub announces them.
    pub fn committee(&self) -> crate::entity::Committee {
        crate::entity::Committee {
            name: self.name.clone(),
            full_name: self.full_name.clone(),
            chair: self.chair.clone(),
            secretariat: self.secretariat.clone(),
            ordinary_meetings_per_year: self.ordinary_meetings_per_year,
            calendar: self.calendar,
        }
    }

    pub fn organisation(&self, code: &OrgId) -> Option<&Organisation> {
        self.organisations.iter().find(|o| o.code == *code)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CompositionError {
    #[error("the composition is not valid TOML: {0}")]
    Toml(String),
    #[error("the committee's name is empty")]
    EmptyCommitteeName,
    #[error("the composition lists no organisations")]
    NoOrganisations,
    #[error("organisation code {code:?} is invalid: {source}")]
    InvalidCode { code: String, source: IdError },
    #[error("organisation code {0} is listed more than once")]
    DuplicateCode(OrgId),
    #[error("organisation {0} has an empty name or short name")]
    EmptyName(OrgId),
    #[error("no chair organisation is given (committee.chair)")]
    MissingChair,
    #[error("the chair {0} is not one of the listed organisations")]
    UnknownChair(OrgId),
    #[error("no secretariat organisation is given (committee.secretariat)")]
    MissingSecretariat,
    #[error("the secretariat {0} is not one of the listed organisations")]
    UnknownSecretariat(OrgId),
    #[error("{field} must be between 1 and {max}, not {value}")]
    OutOfRange {
        field: &'static str,
        value: u32,
        max: u32,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawComposition {
    committee: RawCommittee,
    #[serde(default)]
    calendar: CalendarRules,
    #[serde(default)]
    organisations: Vec<RawOrganisation>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCommittee {
    name: String,
    #[serde(default)]
    full_name: String,
    chair: Option<String>,
    secretariat: Option<String>,
    ordinary_meetings_per_year: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOrganisation {
    code: String,
    name: String,
    short_name: String,
}

/// Parses and validates a composition: unique valid codes, non-empty names, a chair and a
/// secretariat that are listed organisations, and sane rule settings.
pub fn parse_composition(toml_text: &str) -> Result<Composition, CompositionError> {
    let raw: RawComposition =
        toml::from_str(toml_text).map_err(|e| CompositionError::Toml(e.to_string()))?;

    let name = raw.committee.name.trim().to_owned();
    if name.is_empty() {
        return Err(CompositionError::EmptyCommitteeName);
    }
    if raw.organisations.is_empty() {
        return Err(CompositionError::NoOrganisations);
    }

    let mut organisations = Vec::with_capacity(raw.organisations.len());
    let mut seen = BTreeSet::new();
    for o in raw.organisations {
        let code = parse_code(&o.code)?;
        if !seen.insert(code.clone()) {
            return Err(CompositionError::DuplicateCode(code));
        }
        if o.name.trim().is_empty() || o.short_name.trim().is_empty() {
            return Err(CompositionError::EmptyName(code));
        }
        organisations.push(Organisation {
            code,
            name: o.name.trim().to_owned(),
            short_name: o.short_name.trim().to_owned(),
        });
    }

    let chair = parse_code(
        raw.committee
            .chair
            .as_deref()
            .ok_or(CompositionError::MissingChair)?,
    )?;
    if !seen.contains(&chair) {
        return Err(CompositionError::UnknownChair(chair));
    }
    let secretariat = parse_code(
        raw.committee
            .secretariat
            .as_deref()
            .ok_or(CompositionError::MissingSecretariat)?,
    )?;
    if !seen.contains(&secretariat) {
        return Err(CompositionError::UnknownSecretariat(secretariat));
    }

    let calendar = raw.calendar;
    in_range(
        "calendar.material_notice_working_days",
        calendar.material_notice_working_days,
        MAX_NOTICE_WORKING_DAYS,
    )?;
    in_range(
        "calendar.minutes_draft_working_days",
        calendar.minutes_draft_working_days,
        MAX_NOTICE_WORKING_DAYS,
    )?;
    let ordinary_meetings_per_year = raw
        .committee
        .ordinary_meetings_per_year
        .unwrap_or(DEFAULT_ORDINARY_MEETINGS_PER_YEAR);
    in_range(
        "committee.ordinary_meetings_per_year",
        ordinary_meetings_per_year,
        52,
    )?;

    Ok(Composition {
        name,
        full_name: raw.committee.full_name.trim().to_owned(),
        chair,
        secretariat,
        ordinary_meetings_per_year,
        calendar,
        organisations,
    })
}

fn parse_code(code: &str) -> Result<OrgId, CompositionError> {
    OrgId::parse(code).map_err(|source| CompositionError::InvalidCode {
        code: code.to_owned(),
        source,
    })
}

fn in_range(field: &'static str, value: u32, max: u32) -> Result<(), CompositionError> {
    if (1..=max).contains(&value) {
        Ok(())
    } else {
        Err(CompositionError::OutOfRange { field, value, max })
    }
}
