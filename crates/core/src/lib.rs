//! # styrebord-core — Driftsstyregruppen's rules as pure Rust
//!
//! This crate owns the committee's domain: organisations and people, meetings and agendas,
//! documents, registrations (substitutes and observers), decision minutes and their comment
//! round, written procedures, the system portfolio with its dependencies, the roadmap and
//! escalation to PSTG. Every rule of `shared/domain/RULES.md` is a pure function here, so the
//! desktop app (offline validation) and the hub (authoritative validation) enforce it the same
//! way.
//!
//! What it must **not** do: no IO (files, network, database), no async, no SQL, no Tauri, and no
//! reading of the clock or a random source. "Today" is always a parameter, and new ids are minted
//! by callers. The one file it knows is the seed composition, embedded at compile time.
//!
//! A rule that says no returns a [`Refusal`]: a stable machine-readable `code` plus Danish and
//! English messages telling the person what to do instead.
//!
//! Map:
//! - [`calendar`] — working days, holidays, material and minutes deadlines, lateness.
//! - [`ids`] — newtype ids; [`org`], [`meeting`] — the core records.
//! - [`registration`] — seats, substitutes, observers.
//! - [`minutes`] — decision minutes and who may comment until when.
//! - [`procedure`] — written procedures and their outcome.
//! - [`plan`] — the annual plan check, the minutes-approval agenda item, material timeliness.
//! - [`portfolio`] — systems, dependency impact, quarterly status.
//! - [`roadmap`] — roadmap items and coordination conflicts.
//! - [`escalation`] — readiness for PSTG.
//! - [`acts`] — the role × act matrix: who may ask for which act at all.
//! - [`access`] — who sees which records.
//! - [`composition`] — the committee's composition (seed TOML).
//! - [`refusal`] — the typed "no"; [`text`] — the long dates the rules write.
//! - [`entity`] — the records as whole states, with their typed kinds (what the hub stores and
//!   the change feed carries).
//! - [`write`] — every write decided once: `decide(facts, actor, op, today)` returns the changed
//!   records with who may see them, or a refusal. The hub and the app both call it.

pub mod access;
pub mod acts;
pub mod calendar;
pub mod composition;
pub mod entity;
pub mod escalation;
pub mod ids;
pub mod meeting;
pub mod minutes;
pub mod org;
pub mod plan;
pub mod portfolio;
pub mod procedure;
pub mod refusal;
pub mod registration;
pub mod roadmap;
pub mod text;
pub mod write;

pub use calendar::{CalendarRules, Holiday, NonWorkingReason, Timeliness, WorkingDayCalendar};
pub use composition::{parse_composition, Composition, CompositionError, SEED_COMPOSITION};
pub use ids::*;
pub use refusal::Refusal;
