//! Command-line parsing and printing for `styrebord-hub` (server and admin commands).

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use styrebord_core::meeting::{AgendaItemKind, MeetingKind};
use styrebord_core::org::Role;
use styrebord_core::write::{Notice, Op};
use styrebord_core::{AgendaItemId, EscalationId, MeetingId, OrgId, PersonId, SystemId};

use crate::admin;
use crate::error::HubError;
use crate::routes::Clock;
use crate::server;
use crate::store::Store;

#[derive(Debug, Parser)]
#[command(
    name = "styrebord-hub",
    version,
    about = "Styrebord hub: server and the secretariat's admin tool"
)]
pub struct Cli {
    /// Data directory (database and blobs). Default: the platform's data directory.
    #[arg(long, global = true)]
    pub data: Option<PathBuf>,
    /// Treat this day as today (YYYY-MM-DD), for rehearsals and tests.
    #[arg(long, global = true)]
    pub today: Option<NaiveDate>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleArg {
    Chair,
    Secretariat,
    Member,
    Substitute,
    Observer,
}

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Role {
        match r {
            RoleArg::Chair => Role::Chair,
            RoleArg::Secretariat => Role::Secretariat,
            RoleArg::Member => Role::Member,
            RoleArg::Substitute => Role::Substitute,
            RoleArg::Observer => Role::Observer,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ItemKindArg {
    Decision,
    Orientation,
    Discussion,
}

impl From<ItemKindArg> for AgendaItemKind {
    fn from(kind: ItemKindArg) -> Self {
        match kind {
            ItemKindArg::Decision => AgendaItemKind::Decision,
            ItemKindArg::Orientation => AgendaItemKind::Orientation,
            ItemKindArg::Discussion => AgendaItemKind::Discussion,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the HTTP(S) server (settings from flags, then `--config FILE`, then defaults).
    Serve(crate::config::ServeArgs),
    /// Create the database and seed the committee's organisations.
    Init,
    /// Back up the hub (database, blobs and app updates, with a manifest of SHA-256 hashes) into
    /// one archive, also while it serves.
    Backup {
        /// The archive to write (replaced only once the new one is complete).
        #[arg(long)]
        to: PathBuf,
    },
    /// Restore a backup into --data DIR, which must be new or empty; the restored hub gets a
    /// new log identity, so members' apps catch up (see docs/OPERATIONS.md).
    Restore {
        /// The archive `backup` wrote.
        #[arg(long)]
        from: PathBuf,
    },
    /// Add a person and print their access token (shown once).
    Invite {
        #[arg(long)]
        org: OrgId,
        #[arg(long, value_enum)]
        role: RoleArg,
        #[arg(long)]
        name: String,
        #[arg(long)]
        email: String,
    },
    /// Issue another access token to an existing person (printed once; other tokens stay valid).
    IssueToken {
        /// The person's id (printed by `invite`).
        person: PersonId,
    },
    /// Revoke a person (all their tokens) or a single token, by id.
    Revoke { id: String },
    /// Plan a year's ordinary meetings.
    Plan {
        year: i32,
        #[arg(long, value_delimiter = ',', required = true)]
        dates: Vec<NaiveDate>,
        #[arg(
            long,
            default_value = "Digitaliseringsstyrelsen, Landgreven 4, København K"
        )]
        location: String,
    },
    /// Add a single (extra, by default) meeting.
    AddMeeting {
        #[arg(long)]
        date: NaiveDate,
        #[arg(long)]
        ordinary: bool,
        #[arg(
            long,
            default_value = "Digitaliseringsstyrelsen, Landgreven 4, København K"
        )]
        location: String,
    },
    /// Add an agenda item to a meeting.
    AddItem {
        #[arg(long)]
        meeting: MeetingId,
        #[arg(long)]
        title: String,
        #[arg(long, value_enum, default_value = "orientation")]
        kind: ItemKindArg,
        #[arg(long, default_value = "")]
        description: String,
        /// A portfolio system the item concerns (repeat for several), e.g. `--system MITID`.
        #[arg(long = "system")]
        systems: Vec<SystemId>,
    },
    /// Correct an agenda item: only the options given change (the agenda number stays).
    EditItem {
        item: AgendaItemId,
        #[arg(long)]
        title: Option<String>,
        #[arg(long, value_enum)]
        kind: Option<ItemKindArg>,
        #[arg(long)]
        description: Option<String>,
        /// The systems it concerns, replacing the old list (repeat for several).
        #[arg(long = "system", conflicts_with = "no_systems")]
        systems: Vec<SystemId>,
        /// It concerns no portfolio system.
        #[arg(long)]
        no_systems: bool,
    },
    /// Propose escalating an agenda item's case to PSTG (seen by whoever sees the item).
    Escalate {
        #[arg(long)]
        item: AgendaItemId,
        /// What is escalated, in a sentence.
        #[arg(long)]
        case: String,
        /// The case needs funds: the solution's economic forum must approve it first.
        #[arg(long)]
        needs_funds: bool,
    },
    /// Record the economic forum's approval of the funds an escalated case needs.
    ForumApproval {
        escalation: EscalationId,
        /// The day the forum approved.
        #[arg(long)]
        on: NaiveDate,
        /// Where the approval is recorded, e.g. "Økonomiforum, referat 3. februar 2027, pkt. 4".
        #[arg(long)]
        reference: String,
    },
    /// Mark an escalated case ready for PSTG (refused while needed funds lack the approval).
    ReadyForPstg { escalation: EscalationId },
    /// Record that an escalated case has gone to PSTG (only once it was marked ready).
    SentToPstg { escalation: EscalationId },
    /// Close an escalated case: PSTG has dealt with it, or it was withdrawn.
    CloseEscalation { escalation: EscalationId },
    /// Publish a meeting's agenda and material to everyone.
    PublishAgenda {
        #[arg(long)]
        meeting: MeetingId,
    },
    /// Publish a file (PDF) as material for an agenda item.
    PublishMaterial {
        file: PathBuf,
        #[arg(long)]
        item: AgendaItemId,
        #[arg(long)]
        title: Option<String>,
    },
    /// Record that a meeting has been held, with the attendance its registrations give (each
    /// organisation's substitute or member, and its observer); `--absent ORG` for one that did
    /// not attend.
    MarkHeld {
        #[arg(long)]
        meeting: MeetingId,
        #[arg(long)]
        absent: Vec<OrgId>,
    },
    /// Write the decision minutes draft of a held meeting: one `--decision ITEM_ID=TEXT` per
    /// agenda item.
    MinutesDraft {
        #[arg(long)]
        meeting: MeetingId,
        #[arg(long = "decision", value_parser = parse_decision)]
        decisions: Vec<(AgendaItemId, String)>,
    },
    /// Send a meeting's minutes draft for written comments until `--closes` (publishes it and
    /// puts its approval on the next ordinary meeting's agenda).
    OpenComments {
        #[arg(long)]
        meeting: MeetingId,
        #[arg(long)]
        closes: NaiveDate,
    },
    /// Close a meeting's written comment round (also before its `--closes` day): members can no
    /// longer comment, the comments stay for the secretariat's disposition and the approval
    CloseComments {
        #[arg(long)]
        meeting: MeetingId,
    },
    /// Approve a meeting's minutes at a later meeting (`--at`). `--decision ITEM_ID=TEXT`
    /// replaces that item's decision with its final text (e.g. a comment incorporated); the text
    /// as sent for comments is kept.
    ApproveMinutes {
        #[arg(long)]
        meeting: MeetingId,
        /// The meeting at which the minutes were approved.
        #[arg(long)]
        at: MeetingId,
        #[arg(long = "decision", value_parser = parse_decision)]
        decisions: Vec<(AgendaItemId, String)>,
    },
    /// Start a written procedure.
    Procedure {
        #[arg(long)]
        title: String,
        #[arg(long, default_value = "")]
        description: String,
        #[arg(long)]
        deadline: NaiveDate,
    },
    /// Do any of the secretariat's acts, given as the op's JSON (the `op` of `POST
    /// /v1/mutations`, see docs/API.md) or `@FILE`: the same decision as over HTTP, for scripts
    /// and rescue.
    Act {
        /// e.g. '{"type":"close_procedure","procedure":"0193…"}'
        op: String,
    },
    /// Remove changes that later changes of the same thing supersede, to keep the log small.
    /// Safe while the hub serves: members' apps need no re-sync.
    CompactLog,
    /// Import portfolio systems, quarterly statuses and roadmap items from TOML or JSON.
    Import { file: PathBuf },
    /// Build a complete demo hub in a new, empty `--data` directory (refuses any other) and print
    /// tokens for a member, an observer and the secretariat (also written to
    /// DIR/demo-tokens.json). Use `--today` to fix the date; serve with the same `--today`.
    Demo,
    /// Print `meeting  material_due  minutes_draft_due` (tab-separated) for each date.
    Deadlines {
        #[arg(required = true)]
        dates: Vec<NaiveDate>,
    },
    /// Record the public key the apps are built with (KEY.pub from `tauri signer generate`);
    /// `publish-update` accepts only packages signed with its private key.
    UpdateKey {
        key: PathBuf,
        /// Replace a different key already recorded (only when the apps are rebuilt with it).
        #[arg(long)]
        replace: bool,
    },
    /// Publish a new version of the member's app: the package and its signature (`tauri signer
    /// sign`), checked against the update key; members' apps find it on their next check.
    PublishUpdate {
        /// The app's version in the package, e.g. 1.2.0.
        #[arg(long)]
        version: String,
        /// OS-ARCH[-BUNDLE]: linux-x86_64, windows-x86_64, darwin-aarch64, windows-x86_64-msi …
        #[arg(long)]
        target: String,
        #[arg(long)]
        package: PathBuf,
        /// The package's .sig file.
        #[arg(long)]
        signature: PathBuf,
        /// What is new, shown to members before they install.
        #[arg(long)]
        notes: Option<String>,
    },
    /// Stop offering a published app update (a release found faulty): apps are offered the
    /// newest release still published; those that installed it keep it until a higher version.
    WithdrawUpdate {
        /// The version to withdraw, e.g. 1.2.0.
        #[arg(long)]
        version: String,
        /// The target it was published for, as in publish-update.
        #[arg(long)]
        target: String,
    },
}

fn parse_decision(s: &str) -> Result<(AgendaItemId, String), String> {
    let (id, text) = s.split_once('=').ok_or("expected ITEM_ID=TEXT")?;
    let id = AgendaItemId::parse(id).map_err(|e| e.to_string())?;
    Ok((id, text.to_owned()))
}

fn data_dir(cli_data: Option<PathBuf>) -> Result<PathBuf, HubError> {
    if let Some(d) = cli_data {
        return Ok(d);
    }
    directories::ProjectDirs::from("dk", "Digitaliseringsstyrelsen", "styrebord-hub")
        .map(|p| p.data_dir().to_path_buf())
        .ok_or_else(|| HubError::Invalid("no home directory: pass --data DIR".into()))
}

pub fn run(cli: Cli) -> Result<(), HubError> {
    let clock = cli.today.map_or(Clock::System, Clock::Fixed);
    let today = clock.today();
    if let Command::Demo = cli.command {
        let data = cli.data.ok_or_else(|| {
            HubError::Invalid("`demo` needs --data DIR: a new or empty directory".into())
        })?;
        let hub = crate::demo::build(&data, today)?;
        print!("{}", crate::demo::report(&hub, &data));
        eprintln!("The tokens give access to the demo hub only; they are not secret elsewhere.");
        return Ok(());
    }
    if let Command::Serve(args) = &cli.command {
        let settings = args.resolve(cli.data.clone())?;
        let data = data_dir(settings.data.clone())?;
        return server::serve(settings, data, clock);
    }
    let data = data_dir(cli.data)?;
    // Neither opens the data directory as a hub: a backup must not migrate the serving hub's
    // database, and a restore starts from an empty directory.
    if let Command::Backup { to } = &cli.command {
        let s = crate::backup::backup(&data, to)?;
        println!(
            "backed up {}.{} ({} bytes of database, {} blobs of {} bytes, {} app update \
             packages) to {}",
            s.epoch,
            s.head,
            s.database_bytes,
            s.blobs,
            s.blob_bytes,
            s.update_packages,
            to.display()
        );
        return Ok(());
    }
    if let Command::Restore { from } = &cli.command {
        let s = crate::backup::restore(from, &data)?;
        println!(
            "restored {}.{} with {} blobs and {} app update packages into {}; the restored hub's \
             log is epoch {} (apps that synced past {} catch up by themselves)",
            s.from_epoch,
            s.head,
            s.blobs,
            s.update_packages,
            data.display(),
            s.epoch,
            s.head
        );
        return Ok(());
    }
    if let Command::Deadlines { dates } = &cli.command {
        for line in admin::deadlines(&Store::open(&data)?, dates)? {
            println!("{line}");
        }
        return Ok(());
    }
    let store = Store::open(&data)?;
    match cli.command {
        Command::Serve(_)
        | Command::Deadlines { .. }
        | Command::Demo
        | Command::Backup { .. }
        | Command::Restore { .. } => {}
        Command::Init => {
            let n = admin::init(&store)?;
            println!("initialised {} with {n} organisations", data.display());
        }
        Command::Invite {
            org,
            role,
            name,
            email,
        } => {
            let inv = admin::invite(&store, &org, role.into(), &name, &email)?;
            println!(
                "person\t{}\ntoken_id\t{}\ntoken\t{}",
                inv.person, inv.token_id, inv.token
            );
            eprintln!("The token is shown only this once; give it to {name} securely.");
        }
        Command::IssueToken { person } => {
            let inv = admin::issue_token(&store, &person)?;
            println!(
                "person\t{}\ntoken_id\t{}\ntoken\t{}",
                inv.person, inv.token_id, inv.token
            );
            eprintln!("The token is shown only this once; give it to the person securely.");
        }
        Command::Revoke { id } => println!("{}", admin::revoke(&store, &id)?),
        Command::Plan {
            year,
            dates,
            location,
        } => {
            let (ids, notices) = admin::plan(&store, year, &dates, &location, today)?;
            for (id, date) in ids.iter().zip(&dates) {
                println!("{date}\t{id}");
            }
            print_notices(&notices);
        }
        Command::AddMeeting {
            date,
            ordinary,
            location,
        } => {
            let kind = if ordinary {
                MeetingKind::Ordinary
            } else {
                MeetingKind::Extra
            };
            let (id, notices) = admin::add_meeting(&store, date, kind, &location, today)?;
            println!("{id}");
            print_notices(&notices);
        }
        Command::AddItem {
            meeting,
            title,
            kind,
            description,
            systems,
        } => {
            println!(
                "{}",
                admin::add_item(
                    &store,
                    meeting,
                    &title,
                    kind.into(),
                    &description,
                    &systems,
                    today
                )?
            );
        }
        Command::EditItem {
            item,
            title,
            kind,
            description,
            systems,
            no_systems,
        } => {
            let edit = admin::ItemEdit {
                title,
                kind: kind.map(Into::into),
                description,
                systems: if no_systems {
                    Some(vec![])
                } else {
                    Some(systems).filter(|s| !s.is_empty())
                },
            };
            admin::edit_item(&store, item, edit, today)?;
        }
        Command::Act { op } => {
            let json = match op.strip_prefix('@') {
                Some(file) => std::fs::read_to_string(file)
                    .map_err(|e| HubError::Invalid(format!("cannot read {file}: {e}")))?,
                None => op,
            };
            let op: Op = serde_json::from_str(&json)
                .map_err(|e| HubError::Invalid(format!("not an op: {e}")))?;
            let applied = admin::act(&store, &op, today)?;
            println!("{} (change {})", op.name(), applied.seq);
            print_notices(&applied.notices);
        }
        Command::PublishAgenda { meeting } => {
            let applied = admin::publish_agenda(&store, meeting, today)?;
            println!("published agenda of {meeting} (change {})", applied.seq);
            print_notices(&applied.notices);
        }
        Command::PublishMaterial { file, item, title } => {
            let (doc, notices) =
                admin::publish_material(&store, &file, item, title.as_deref(), today)?;
            println!(
                "document\t{}\nsha256\t{}\nsize\t{}",
                doc.id, doc.sha256, doc.size_bytes
            );
            print_notices(&notices);
        }
        Command::MarkHeld { meeting, absent } => {
            let applied = admin::mark_held_as_registered(&store, meeting, &absent, today)?;
            println!("meeting {meeting} held (change {})", applied.seq);
        }
        Command::MinutesDraft { meeting, decisions } => {
            println!(
                "{}",
                admin::minutes_draft(&store, meeting, decisions, today)?
            );
        }
        Command::OpenComments { meeting, closes } => {
            let applied = admin::open_comments(&store, meeting, closes, today)?;
            println!("comment round open {today} to {closes}");
            print_notices(&applied.notices);
        }
        Command::CloseComments { meeting } => {
            admin::close_comments(&store, meeting, today)?;
            println!("comment round closed");
        }
        Command::ApproveMinutes {
            meeting,
            at,
            decisions,
        } => {
            admin::approve_minutes(&store, meeting, at, decisions, today)?;
            println!("minutes approved");
        }
        Command::Procedure {
            title,
            description,
            deadline,
        } => {
            println!(
                "{}",
                admin::new_procedure(&store, &title, &description, deadline, today)?
            );
        }
        Command::Escalate {
            item,
            case,
            needs_funds,
        } => {
            println!(
                "{}",
                admin::escalate(&store, item, &case, needs_funds, today)?
            );
        }
        Command::ForumApproval {
            escalation,
            on,
            reference,
        } => admin::record_forum_approval(&store, escalation, on, &reference, today)?,
        Command::ReadyForPstg { escalation } => admin::ready_for_pstg(&store, escalation, today)?,
        Command::SentToPstg { escalation } => admin::sent_to_pstg(&store, escalation, today)?,
        Command::CloseEscalation { escalation } => {
            admin::close_escalation(&store, escalation, today)?
        }
        Command::CompactLog => {
            let (removed, remaining) = admin::compact_log(&store)?;
            println!("removed {removed} superseded changes; {remaining} remain");
        }
        Command::Import { file } => {
            let (s, q, r) = admin::import(&store, admin::read_import(&file)?, today)?;
            println!("imported {s} systems, {q} statuses, {r} roadmap items");
        }
        Command::UpdateKey { key, replace } => {
            let raw = std::fs::read_to_string(&key)
                .map_err(|e| HubError::Invalid(format!("cannot read {}: {e}", key.display())))?;
            let id = crate::updates::set_key(&data, &raw, replace)?;
            println!("update key {id} recorded");
        }
        Command::PublishUpdate {
            version,
            target,
            package,
            signature,
            notes,
        } => {
            let r = crate::updates::publish(
                &data,
                crate::updates::Publish {
                    version: &version,
                    target: &target,
                    package: &package,
                    signature: &signature,
                    notes: notes.as_deref(),
                    now: chrono::Utc::now(),
                },
            )?;
            println!(
                "published {} for {}: {} ({} bytes, sha256 {})",
                r.version, r.target, r.file_name, r.size, r.sha256
            );
        }
        Command::WithdrawUpdate { version, target } => {
            let w = crate::updates::withdraw(&data, &version, &target, chrono::Utc::now())?;
            let now = match &w.now_newest {
                Some(r) => format!("apps are offered {} now", r.version),
                None => format!("nothing is offered for {target} now"),
            };
            println!(
                "withdrew {} for {}: {now}; apps that installed it keep it until a higher \
                 version is published",
                w.withdrawn.version, w.withdrawn.target
            );
        }
    }
    Ok(())
}

/// What the person should know about an act that was done: Danish first, then English.
fn print_notices(notices: &[Notice]) {
    for n in notices {
        eprintln!("bemærk: {}\nnote: {}", n.message_da(), n.message_en());
    }
}
