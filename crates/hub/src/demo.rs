//! `styrebord-hub demo`: a complete demo hub from `styrebord_demo::demo_dataset`, for rehearsals,
//! the desktop app's demo mode and end-to-end tests.
//!
//! Nothing is written as a finished state: the demo's script of acts (`styrebord_demo::acts`) is
//! run through core's decisions, each on its day and as its person, in **one** transaction — so
//! the demo hub holds only what a real committee's acts make, and serves each person what a real
//! hub would. Every document's PDF is stored as a blob with its extracted text first, as an
//! upload does.
//!
//! It only builds into a new (or empty) data directory and refuses otherwise: demo people and
//! tokens must never be mixed into a real committee's hub, and refusing is simpler to reason
//! about than "idempotent" on a hub that may have moved on since. Delete the directory to
//! rebuild.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use styrebord_core::meeting::MeetingStatus;
use styrebord_core::org::{Person, Role};
use styrebord_core::write::{decide, decide_appointment};
use styrebord_core::{OrgId, PersonId};
use styrebord_demo::{acts, DemoDataset};
use styrebord_protocol::Entity;
use uuid::Uuid;

use crate::admin::{extract_text, text_json};
use crate::auth::generate_token;
use crate::blobs;
use crate::error::HubError;
use crate::facts::HubFacts;
use crate::ops;
use crate::store::{self, Store};
use styrebord_core::access::Visibility;

/// Where `demo` writes the tokens (in the data directory).
pub const TOKENS_FILE: &str = "demo-tokens.json";

/// One demo person's access.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoToken {
    pub person: PersonId,
    pub name: String,
    pub email: String,
    pub org: OrgId,
    pub role: Role,
    pub token_id: String,
    pub token: String,
}

/// What `demo` writes to [`TOKENS_FILE`]: the three people to try the app as, and everyone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoTokens {
    /// The day the demo was built for; serve with `--today` set to it.
    pub today: NaiveDate,
    /// A member whose organisation has no registration yet for the upcoming meeting, so they can
    /// register an observer (once) or a substitute.
    pub member: DemoToken,
    /// An observer (bisidder): sees everything members see, cannot comment or register.
    pub observer: DemoToken,
    pub secretariat: DemoToken,
    /// Every demo person (the three above included), in the demo's order.
    pub people: Vec<DemoToken>,
}

/// How much the demo hub holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoCounts {
    pub organisations: usize,
    pub people: usize,
    pub meetings: usize,
    pub agenda_items: usize,
    pub documents: usize,
    pub registrations: usize,
    pub minutes: usize,
    pub comments: usize,
    pub procedures: usize,
    pub systems: usize,
    pub statuses: usize,
    pub roadmap: usize,
    pub escalations: usize,
    pub changes: u64,
}

pub struct DemoHub {
    pub tokens: DemoTokens,
    pub counts: DemoCounts,
    pub tokens_file: PathBuf,
}

fn invalid(msg: impl Into<String>) -> HubError {
    HubError::Invalid(msg.into())
}

/// Builds the demo hub in `data_dir` as it stands on `today`, with the system fonts.
pub fn build(data_dir: &Path, today: NaiveDate) -> Result<DemoHub, HubError> {
    refuse_unless_new(data_dir)?;
    let fonts = styrebord_pdf::Fonts::from_system()
        .map_err(|e| invalid(format!("cannot render the demo's PDFs: {e}")))?;
    let data = styrebord_demo::demo_dataset(today, &fonts)
        .map_err(|e| invalid(format!("cannot build the demo data for {today}: {e}")))?;
    let store = Store::open(data_dir)?;
    build_from(&store, data_dir, &data)
}

/// Refuses a directory that already holds a hub with data or demo tokens.
fn refuse_unless_new(data_dir: &Path) -> Result<(), HubError> {
    let tokens = data_dir.join(TOKENS_FILE);
    let db = data_dir.join(store::DB_FILE);
    let changes = if db.exists() {
        Store::open(data_dir)?.read(store::change_count)?
    } else {
        0
    };
    if changes > 0 || tokens.exists() {
        return Err(invalid(format!(
            "{} already holds a hub ({changes} changes{}); `demo` only builds into a new or \
             empty directory, so it never mixes demo data into a real committee. Delete the \
             directory to rebuild the demo, or choose another --data.",
            data_dir.display(),
            if tokens.exists() {
                format!(", {TOKENS_FILE}")
            } else {
                String::new()
            }
        )));
    }
    Ok(())
}

/// Writes `data` into an empty `store` — by the demo's script of acts, each decided by core as
/// on its day and by its person, exactly as the hub decides a live mutation — and the tokens file
/// into `data_dir`. An act core refuses fails the build: the demo shows only reachable states.
pub fn build_from(store: &Store, data_dir: &Path, data: &DemoDataset) -> Result<DemoHub, HubError> {
    // Blobs first (files, outside the transaction; content-addressed, so harmless if the
    // transaction fails), with their text.
    let mut blob_rows = Vec::new();
    for d in &data.documents {
        let sha = blobs::put(store.blob_dir(), &d.bytes)?;
        if sha != d.document.sha256 {
            return Err(invalid(format!(
                "demo document {:?} does not hash to its sha256",
                d.document.title
            )));
        }
        let text = text_json(extract_text(&d.bytes).as_deref())?;
        let blake3 = blobs::blake3_of(&d.bytes);
        blob_rows.push((
            sha,
            blake3,
            d.bytes.len() as u64,
            d.document.mime.clone(),
            text,
        ));
    }
    let mut people_tokens = Vec::new();
    for p in &data.people {
        let (token, hash) = generate_token()?;
        people_tokens.push((p, Uuid::now_v7().to_string(), token, hash));
    }
    let script = acts::script(data).map_err(|e| invalid(e.to_string()))?;

    let mut counts = DemoCounts::default();
    store.write(|tx| {
        if store::change_count(tx)? > 0 {
            return Err(invalid(
                "the hub is no longer empty; `demo` refuses to add to it",
            ));
        }
        let everyone = Visibility::Everyone;
        store::record(
            tx,
            &Entity::Committee(data.composition.committee()),
            &everyone,
        )?;
        for org in &data.composition.organisations {
            store::record(tx, &Entity::Organisation(org.clone()), &everyone)?;
        }
        let secretariat = acts::actor(data, None).map_err(|e| invalid(e.to_string()))?;
        for (p, token_id, _, hash) in &people_tokens {
            let info = store::person_info(p, true);
            let decision = decide_appointment(&HubFacts::new(tx), &secretariat, &info)
                .map_err(|e| invalid(format!("appointing {}: {e}", p.name)))?;
            store::insert_person(tx, p)?;
            ops::record(tx, decision)?;
            store::insert_token(tx, token_id, &p.id, hash)?;
        }
        for (sha, blake3, size, mime, text) in &blob_rows {
            store::insert_blob(tx, sha.as_str(), blake3, *size, mime, text.as_deref())?;
        }
        for act in &script {
            let actor = acts::actor(data, act.by).map_err(|e| invalid(e.to_string()))?;
            let decision = decide(&HubFacts::new(tx), &actor, &act.op, act.on)
                .map_err(|e| invalid(acts::refused(act, e).to_string()))?;
            ops::record(tx, decision)?;
        }
        counts.changes = store::change_count(tx)?;
        Ok::<_, HubError>(())
    })?;
    counts.organisations = data.composition.organisations.len();
    counts.people = data.people.len();
    counts.meetings = data.meetings.len();
    counts.agenda_items = data.agenda_items.len();
    counts.documents = data.documents.len();
    counts.registrations = data.registrations.len();
    counts.minutes = data.minutes.len();
    counts.comments = data.minutes.iter().map(|m| m.comments.len()).sum();
    counts.procedures = data.written_procedures.len();
    counts.systems = data.systems.len();
    counts.statuses = data.statuses.len();
    counts.roadmap = data.roadmap.len();
    counts.escalations = data.escalations.len();

    let all: Vec<DemoToken> = people_tokens
        .iter()
        .map(|(p, token_id, token, _)| demo_token(p, token_id, token))
        .collect();
    let tokens = DemoTokens {
        today: data.today,
        member: pick_member(data, &all)?,
        observer: pick(&all, |t| t.role == Role::Observer, "an observer")?,
        secretariat: pick(&all, |t| t.role == Role::Secretariat, "a secretariat")?,
        people: all,
    };
    let tokens_file = data_dir.join(TOKENS_FILE);
    write_private(&tokens_file, &serde_json::to_vec_pretty(&tokens)?)?;
    Ok(DemoHub {
        tokens,
        counts,
        tokens_file,
    })
}

fn demo_token(p: &Person, token_id: &str, token: &str) -> DemoToken {
    DemoToken {
        person: p.id,
        name: p.name.clone(),
        email: p.email.clone(),
        org: p.org.clone(),
        role: p.role,
        token_id: token_id.to_owned(),
        token: token.to_owned(),
    }
}

fn pick(
    all: &[DemoToken],
    want: impl Fn(&DemoToken) -> bool,
    what: &str,
) -> Result<DemoToken, HubError> {
    all.iter()
        .find(|t| want(t))
        .cloned()
        .ok_or_else(|| invalid(format!("the demo has no {what}")))
}

/// The first member whose organisation has nobody registered for the upcoming meeting.
fn pick_member(data: &DemoDataset, all: &[DemoToken]) -> Result<DemoToken, HubError> {
    let upcoming = data
        .meetings
        .iter()
        .find(|m| m.status == MeetingStatus::Published && m.date >= data.today)
        .map(|m| m.id);
    pick(
        all,
        |t| {
            t.role == Role::Member
                && !data
                    .registrations
                    .iter()
                    .any(|r| Some(r.meeting) == upcoming && r.org == t.org)
        },
        "member free to register for the upcoming meeting",
    )
}

/// Writes a file only its owner can read (it holds tokens).
fn write_private(path: &Path, bytes: &[u8]) -> Result<(), HubError> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts
        .open(path)
        .map_err(|e| invalid(format!("cannot write {}: {e}", path.display())))?;
    f.write_all(bytes)?;
    f.sync_all()?;
    Ok(())
}

/// The demo's summary and tokens as the CLI prints them.
pub fn report(hub: &DemoHub, data_dir: &Path) -> String {
    let c = &hub.counts;
    let t = &hub.tokens;
    let line = |label: &str, d: &DemoToken| {
        format!(
            "{label}\t{}\t{} ({}, {})\n",
            d.token,
            d.name,
            d.org,
            crate::store::role_str(d.role)
        )
    };
    let mut out = format!(
        "demo hub for {} in {}\n\
         {} organisations, {} people, {} meetings, {} agenda items, {} documents, \
         {} registrations, {} minutes with {} comments, {} written procedures, {} systems, \
         {} quarterly statuses, {} roadmap items ({} changes)\n",
        t.today,
        data_dir.display(),
        c.organisations,
        c.people,
        c.meetings,
        c.agenda_items,
        c.documents,
        c.registrations,
        c.minutes,
        c.comments,
        c.procedures,
        c.systems,
        c.statuses,
        c.roadmap,
        c.changes,
    );
    out.push_str(&line("member", &t.member));
    out.push_str(&line("observer", &t.observer));
    out.push_str(&line("secretariat", &t.secretariat));
    out.push_str(&format!(
        "tokens\t{}\nserve\tstyrebord-hub --data {} --today {} serve\n",
        hub.tokens_file.display(),
        data_dir.display(),
        t.today
    ));
    out
}
