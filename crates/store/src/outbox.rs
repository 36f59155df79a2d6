//! The member's own writes: validated offline with the hub's rules, saved with an outbox row in
//! one transaction, shown at once (as pending), pushed later, and settled by the hub's answer.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use styrebord_core::entity::{Entity, EntityKind};
use styrebord_core::minutes::{MinutesComment, NewComment};
use styrebord_core::org::Actor;
use styrebord_core::procedure::{ProcedureResponse, Response, WrittenProcedure};
use styrebord_core::registration::{NewRegistration, Registration};
use styrebord_core::write::{decide, Decision};
use styrebord_core::{CommentId, MeetingId, MinutesId, RegistrationId, WrittenProcedureId};
use styrebord_protocol::{ErrorBody, Mutation, MutationId, MutationResult, Op};

use crate::facts::LocalFacts;
use crate::{meta_get, meta_set, now, Store, StoreError, WriteError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum OutboxState {
    /// Saved, not sent yet.
    Pending,
    /// Sent at least once, no answer yet (it is sent again; the hub deduplicates).
    Sent,
    /// The hub applied it (at `ack_seq`).
    Applied,
    /// The hub refused it; the reason stays visible until the member dismisses it.
    Rejected,
}

impl OutboxState {
    fn parse(s: &str) -> Result<Self, StoreError> {
        Ok(match s {
            "pending" => OutboxState::Pending,
            "sent" => OutboxState::Sent,
            "applied" => OutboxState::Applied,
            "rejected" => OutboxState::Rejected,
            _ => return Err(StoreError::Corrupt(format!("outbox state {s:?}"))),
        })
    }
}

/// A local write just made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct LocalWrite {
    pub mutation_id: MutationId,
    pub client_seq: u64,
    /// What core's decision says the person should know (a deadline missed, a plan short).
    #[serde(default)]
    pub notices: Vec<styrebord_protocol::ErrorBody>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct OutboxEntry {
    pub mutation_id: MutationId,
    pub client_seq: u64,
    pub op: Op,
    pub state: OutboxState,
    pub ack_seq: Option<u64>,
    /// Why the hub refused it (state `rejected`).
    pub error: Option<ErrorBody>,
    pub attempts: u32,
    pub created_at: String,
}

impl OutboxEntry {
    pub fn mutation(&self) -> Mutation {
        Mutation {
            mutation_id: self.mutation_id,
            client_seq: self.client_seq,
            op: self.op.clone(),
        }
    }
}

/// What a write does to the local view until the hub's version arrives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub(crate) enum Effect {
    Register {
        registration: Registration,
    },
    Cancel {
        meeting: MeetingId,
        registration: RegistrationId,
    },
    Comment {
        comment: MinutesComment,
    },
    Respond {
        procedure: WrittenProcedureId,
        response: ProcedureResponse,
    },
    /// A desk act of the secretariat or the chair: the records core decided it changes, laid over
    /// the mirror for the next decision and the desk's views until the hub's versions arrive.
    Act {
        changes: Vec<Entity>,
    },
}

/// What the hub answered for a batch, as recorded.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Recorded {
    pub applied: usize,
    pub rejected: usize,
    /// Results for mutations no longer waiting (answered before): ignored.
    pub stale: usize,
}

fn not_signed_in() -> WriteError {
    WriteError::unavailable(
        "not_signed_in",
        "Appen kender ikke din konto endnu. Forbind til serveren én gang, og prøv igen.",
        "The app does not know your account yet. Connect to the server once and try again.",
    )
}

fn not_offline() -> WriteError {
    WriteError::unavailable(
        "not_available_offline",
        "Det kan kun gøres med forbindelse til serveren.",
        "This can only be done while connected to the server.",
    )
}

fn actor(conn: &Connection) -> Result<Actor, WriteError> {
    let me = crate::me(conn)?.ok_or_else(not_signed_in)?;
    Ok(Actor {
        person: me.id,
        org: me.org.clone(),
        role: me.role,
    })
}

pub(crate) fn load<T: serde::de::DeserializeOwned>(
    conn: &Connection,
    kind: EntityKind,
    id: &str,
) -> Result<Option<T>, StoreError> {
    let body: Option<String> = conn
        .prepare_cached("SELECT body FROM entities WHERE kind = ?1 AND id = ?2")?
        .query_row([kind.as_str(), id], |r| r.get(0))
        .optional()?;
    body.map(|b| serde_json::from_str(&b).map_err(StoreError::from))
        .transpose()
}

pub(crate) fn list<T: serde::de::DeserializeOwned>(
    conn: &Connection,
    sql: &str,
    args: impl rusqlite::Params,
) -> Result<Vec<T>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(args, |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for row in rows {
        out.push(serde_json::from_str(&row?)?);
    }
    Ok(out)
}

/// Every stored record of `kind`, typed: `rest` continues the SQL after `WHERE kind = ?1` (more
/// conditions with `?2`…, an order), and `args` binds those. Kinds are named by [`EntityKind`],
/// never by string.
pub(crate) fn of_kind<T: serde::de::DeserializeOwned>(
    conn: &Connection,
    kind: EntityKind,
    rest: &str,
    args: &[&dyn rusqlite::ToSql],
) -> Result<Vec<T>, StoreError> {
    let sql = format!("SELECT body FROM entities WHERE kind = ?1 {rest}");
    let kind = kind.as_str();
    let mut all: Vec<&dyn rusqlite::ToSql> = vec![&kind];
    all.extend_from_slice(args);
    list(conn, &sql, all.as_slice())
}

/// The records this device's waiting desk acts change, in the order they were made.
pub(crate) fn pending_changes(conn: &Connection) -> Result<Vec<Entity>, StoreError> {
    Ok(live_effects(conn)?
        .into_iter()
        .flat_map(|(_, _, effect)| match effect {
            Effect::Act { changes } => changes,
            _ => vec![],
        })
        .collect())
}

/// The outbox effects still to be reflected by the mirror: not answered yet, or applied at a seq
/// the cursor has not reached. In device order.
pub(crate) fn live_effects(
    conn: &Connection,
) -> Result<Vec<(MutationId, OutboxState, Effect)>, StoreError> {
    let cursor = crate::cursor(conn)?.map_or(0, |c| c.seq) as i64;
    let mut stmt = conn.prepare_cached(
        "SELECT mutation_id, state, effect FROM outbox
         WHERE state IN ('pending', 'sent') OR (state = 'applied' AND ack_seq > ?1)
         ORDER BY client_seq",
    )?;
    let rows = stmt.query_map([cursor], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, state, effect) = row?;
        out.push((
            parse_mutation_id(&id)?,
            OutboxState::parse(&state)?,
            serde_json::from_str(&effect)?,
        ));
    }
    Ok(out)
}

fn parse_mutation_id(s: &str) -> Result<MutationId, StoreError> {
    uuid::Uuid::parse_str(s)
        .map(MutationId)
        .map_err(|_| StoreError::Corrupt(format!("mutation id {s:?}")))
}

/// The meeting's active registrations as the member sees them: the mirror, minus pending
/// cancellations, plus pending registrations. Each with whether it is still pending.
pub(crate) fn registrations_with_overlay(
    conn: &Connection,
    meeting: MeetingId,
) -> Result<Vec<(Registration, bool)>, StoreError> {
    let mut regs: Vec<(Registration, bool)> = of_kind::<Registration>(
        conn,
        EntityKind::Registration,
        "AND meeting = ?2 ORDER BY id",
        &[&meeting.to_string()],
    )?
    .into_iter()
    .map(|r| (r, false))
    .collect();
    for (_, _, effect) in live_effects(conn)? {
        match effect {
            Effect::Register { registration }
                if registration.meeting == meeting
                    && !regs.iter().any(|(r, _)| r.id == registration.id) =>
            {
                regs.push((registration, true));
            }
            Effect::Cancel {
                meeting: m,
                registration,
            } if m == meeting => {
                regs.retain(|(r, _)| r.id != registration);
            }
            _ => {}
        }
    }
    Ok(regs)
}

/// The procedure with the member's pending responses applied (and whether any are pending).
pub(crate) fn procedure_with_overlay(
    conn: &Connection,
    mut p: WrittenProcedure,
) -> Result<(WrittenProcedure, bool), StoreError> {
    let mut pending = false;
    for (_, _, effect) in live_effects(conn)? {
        if let Effect::Respond {
            procedure,
            response,
        } = effect
        {
            if procedure == p.id {
                p.responses.retain(|r| r.org != response.org);
                p.responses.push(response);
                pending = true;
            }
        }
    }
    Ok((p, pending))
}

pub(crate) fn comments_with_overlay(
    conn: &Connection,
    minutes: MinutesId,
) -> Result<Vec<(MinutesComment, bool)>, StoreError> {
    let mut comments: Vec<(MinutesComment, bool)> = of_kind::<MinutesComment>(
        conn,
        EntityKind::MinutesComment,
        "AND parent = ?2 ORDER BY date, rowid",
        &[&minutes.to_string()],
    )?
    .into_iter()
    .map(|c| (c, false))
    .collect();
    for (_, _, effect) in live_effects(conn)? {
        if let Effect::Comment { comment } = effect {
            if comment.minutes == minutes && !comments.iter().any(|(c, _)| c.id == comment.id) {
                comments.push((comment, true));
            }
        }
    }
    Ok(comments)
}

/// Allocates the next `client_seq` and saves the outbox row (call inside the write's transaction).
fn enqueue(tx: &Transaction<'_>, op: &Op, effect: &Effect) -> Result<LocalWrite, StoreError> {
    crate::device_id(tx)?;
    let seq: u64 = meta_get(tx, "next_client_seq")?
        .map(|v| {
            v.parse()
                .map_err(|_| StoreError::Corrupt(format!("next_client_seq {v:?}")))
        })
        .transpose()?
        .unwrap_or(1);
    meta_set(tx, "next_client_seq", &(seq + 1).to_string())?;
    let id = MutationId(uuid::Uuid::now_v7());
    let op_json = serde_json::to_value(op)?;
    let kind = op.name();
    let at = now();
    tx.prepare_cached(
        "INSERT INTO outbox (client_seq, mutation_id, kind, op, effect, state, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 'pending', ?6, ?6)",
    )?
    .execute(params![seq as i64, id.0.to_string(), kind, op_json.to_string(), serde_json::to_string(effect)?, at])?;
    Ok(LocalWrite {
        mutation_id: id,
        client_seq: seq,
        notices: vec![],
    })
}

/// What a decided member write shows locally until the hub's version arrives: the records it
/// changes, as the store's overlay kinds. Other changes (the agenda item an objection adds) are
/// the hub's to announce.
fn effect_of(
    decision: &Decision,
    org_of_response: Option<&styrebord_core::OrgId>,
) -> Option<Effect> {
    decision.changes.iter().find_map(|c| match &c.entity {
        Entity::Registration(registration) => Some(Effect::Register {
            registration: registration.clone(),
        }),
        Entity::RegistrationCancelled { id, meeting } => Some(Effect::Cancel {
            meeting: *meeting,
            registration: *id,
        }),
        Entity::MinutesComment(comment) => Some(Effect::Comment {
            comment: comment.clone(),
        }),
        Entity::WrittenProcedure(p) => {
            let org = org_of_response?;
            p.responses
                .iter()
                .find(|r| r.org == *org)
                .map(|response| Effect::Respond {
                    procedure: p.id,
                    response: response.clone(),
                })
        }
        _ => None,
    })
}

impl Store {
    /// Makes a write offline — a member's own, or an act at the secretariat's or the chair's desk:
    /// core decides `op` from the local copy (with this device's unsent writes laid over it)
    /// exactly as the hub will, and an allowed write is saved with its outbox row in one
    /// transaction, to be delivered exactly once. A refusal is core's, in core's words (a member
    /// asking for a desk act is refused by core's matrix).
    pub fn write_op(&self, op: Op, today: NaiveDate) -> Result<LocalWrite, WriteError> {
        self.write(|tx| {
            let actor = actor(tx)?;
            let decision = decide(&LocalFacts::new(tx), &actor, &op, today)?;
            if !op.is_member_write() {
                // The desk's acts: the whole decision waits in the outbox, laid over the mirror.
                let notices = decision
                    .notices
                    .iter()
                    .map(styrebord_protocol::ErrorBody::from)
                    .collect();
                let effect = Effect::Act {
                    changes: decision.changes.into_iter().map(|c| c.entity).collect(),
                };
                let mut write = enqueue(tx, &op, &effect)?;
                write.notices = notices;
                return Ok(write);
            }
            let org = match &op {
                Op::RespondProcedure { org, .. } => Some(org),
                _ => None,
            };
            let effect = effect_of(&decision, org).ok_or_else(not_offline)?;
            Ok(enqueue(tx, &op, &effect)?)
        })
    }

    /// Registers a substitute or the one observer for `new.org` at `meeting`, as the signed-in
    /// person.
    pub fn register(
        &self,
        meeting: MeetingId,
        new: NewRegistration,
        today: NaiveDate,
    ) -> Result<LocalWrite, WriteError> {
        let op = Op::RegisterParticipant {
            meeting,
            registration: RegistrationId::from_uuid(uuid::Uuid::now_v7()),
            org: new.org,
            kind: new.kind,
            person: new.person,
            name: new.name,
            email: new.email,
        };
        self.write_op(op, today)
    }

    /// Cancels a registration (pending or synced).
    pub fn cancel_registration(
        &self,
        meeting: MeetingId,
        registration: RegistrationId,
        today: NaiveDate,
    ) -> Result<LocalWrite, WriteError> {
        self.write_op(
            Op::CancelRegistration {
                meeting,
                registration,
            },
            today,
        )
    }

    /// Comments on one agenda item of a minutes draft during its comment round.
    pub fn comment(
        &self,
        minutes: MinutesId,
        new: NewComment,
        today: NaiveDate,
    ) -> Result<LocalWrite, WriteError> {
        let op = Op::CommentMinutes {
            minutes,
            comment: CommentId::from_uuid(uuid::Uuid::now_v7()),
            agenda_item: new.agenda_item,
            text: new.text,
        };
        self.write_op(op, today)
    }

    /// Agrees, comments or objects in a written procedure, for the member's own organisation.
    pub fn respond(
        &self,
        procedure: WrittenProcedureId,
        response: Response,
        today: NaiveDate,
    ) -> Result<LocalWrite, WriteError> {
        let org = self.me()?.ok_or_else(not_signed_in)?.org;
        self.write_op(
            Op::RespondProcedure {
                procedure,
                org,
                response,
            },
            today,
        )
    }

    /// Writes waiting to be sent (pending, or sent without an answer), in device order.
    pub fn outbox_to_push(&self, limit: usize) -> Result<Vec<OutboxEntry>, StoreError> {
        self.read(|tx| {
            outbox_rows(
                tx,
                "WHERE state IN ('pending', 'sent') ORDER BY client_seq LIMIT ?1",
                [limit as i64],
            )
        })
    }

    /// Every write the member should see: waiting, rejected, or applied but not yet pulled.
    pub fn outbox(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        self.read(|tx| outbox_rows(tx, "ORDER BY client_seq", []))
    }

    /// Marks mutations as sent (just before the request goes out).
    pub fn mark_sent(&self, ids: &[MutationId]) -> Result<(), StoreError> {
        self.write(|tx| {
            let mut stmt = tx.prepare_cached(
                "UPDATE outbox SET state = 'sent', attempts = attempts + 1, updated_at = ?2
                 WHERE mutation_id = ?1 AND state IN ('pending', 'sent')",
            )?;
            let at = now();
            for id in ids {
                stmt.execute(params![id.0.to_string(), at])?;
            }
            Ok(())
        })
    }

    /// Records the hub's per-mutation answers in one transaction. An answer for a mutation that
    /// is no longer waiting (a duplicate response) changes nothing.
    pub fn record_results(&self, results: &[MutationResult]) -> Result<Recorded, StoreError> {
        self.write(|tx| {
            let mut rec = Recorded::default();
            let at = now();
            for r in results {
                let n = match r {
                    MutationResult::Applied {
                        mutation_id, seq, ..
                    } => {
                        let n = tx
                            .prepare_cached(
                                "UPDATE outbox SET state = 'applied', ack_seq = ?2, updated_at = ?3
                                 WHERE mutation_id = ?1 AND state IN ('pending', 'sent')",
                            )?
                            .execute(params![mutation_id.0.to_string(), *seq as i64, at])?;
                        rec.applied += n;
                        n
                    }
                    MutationResult::Rejected {
                        mutation_id, error, ..
                    } => {
                        let n = tx
                            .prepare_cached(
                                "UPDATE outbox SET state = 'rejected', code = ?2, message_da = ?3,
                                   message_en = ?4, updated_at = ?5
                                 WHERE mutation_id = ?1 AND state IN ('pending', 'sent')",
                            )?
                            .execute(params![
                                mutation_id.0.to_string(),
                                error.code,
                                error.message_da,
                                error.message_en,
                                at
                            ])?;
                        rec.rejected += n;
                        n
                    }
                };
                if n == 0 {
                    rec.stale += 1;
                }
            }
            // Applied writes the pulled mirror already shows need no overlay any more.
            prune_settled(tx)?;
            Ok(rec)
        })
    }

    /// The member has read why a write was refused: file it in the history (it used its
    /// `client_seq`, so a restored hub may need it again). `false` if it was not rejected.
    pub fn dismiss_rejected(&self, mutation_id: MutationId) -> Result<bool, StoreError> {
        self.write(|tx| {
            Ok(settle(
                tx,
                "state = 'rejected' AND mutation_id = ?1",
                &[&mutation_id.0.to_string()],
            )? > 0)
        })
    }

    /// The hub has forgotten writes it had (it was restored from a backup, HTTP 409
    /// `cursor_ahead`): clears the mirror as a reset does (notes, read status and blobs stay),
    /// puts every write of the history and the outbox back to be sent again, and keeps a notice
    /// for the member. Returns how many writes will be sent again.
    pub fn recover_from_restore(&self) -> Result<usize, StoreError> {
        self.write(|tx| {
            crate::apply::reset_mirror(tx)?;
            requeue_all(tx, true)
        })
    }

    /// The hub was restored from a backup taken after everything this copy has pulled: the
    /// copy stays (its cursor is a position in the restored log, which the hub now calls
    /// `epoch`), but writes the hub took after the backup are gone from it, so every write of
    /// the history and the outbox is sent again. Returns how many.
    pub fn continue_restored_log(&self, epoch: u32) -> Result<usize, StoreError> {
        self.write(|tx| {
            if let Some(c) = crate::cursor(tx)? {
                let moved = styrebord_protocol::Cursor { epoch, seq: c.seq };
                meta_set(tx, "cursor", &moved.to_string())?;
            }
            // A replay after an update (newer_hub) is a position in the same log.
            if let Some(Some(c)) = crate::newer_hub::replay(tx)? {
                let moved = styrebord_protocol::Cursor { epoch, seq: c.seq };
                meta_set(tx, crate::newer_hub::REPLAY, &moved.to_string())?;
            }
            requeue_all(tx, false)
        })
    }

    /// The hub is missing writes of this device before the ones waiting (HTTP 409
    /// `client_seq_gap`: it was restored from a backup): every write of the history and the
    /// outbox is sent again. Returns how many.
    pub fn resend_history(&self) -> Result<usize, StoreError> {
        self.write(|tx| requeue_all(tx, false))
    }

    /// The hub lacks writes of this device older than the history keeps (a restore from a
    /// backup older than [`HISTORY_DAYS`]), so the device's sequence can never be continued:
    /// start a new device with the waiting writes numbered from 1. Safe because the hub, having
    /// answered the oldest waiting write with a gap, has none of them.
    pub fn restart_device_sequence(&self) -> Result<usize, StoreError> {
        self.write(|tx| {
            let seqs: Vec<i64> = tx
                .prepare("SELECT client_seq FROM outbox ORDER BY client_seq")?
                .query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            tx.execute("UPDATE outbox SET client_seq = -client_seq", [])?;
            let mut stmt = tx.prepare("UPDATE outbox SET client_seq = ?1 WHERE client_seq = ?2")?;
            for (i, old) in seqs.iter().enumerate() {
                stmt.execute([i as i64 + 1, -old])?;
            }
            tx.execute("DELETE FROM outbox_history", [])?;
            meta_set(tx, "next_client_seq", &(seqs.len() + 1).to_string())?;
            meta_set(tx, "device_id", &uuid::Uuid::now_v7().to_string())?;
            Ok(seqs.len())
        })
    }

    /// Writes in the history (settled, kept for a restored hub), oldest first.
    pub fn outbox_history(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        self.read(|tx| {
            let mut stmt = tx.prepare_cached(
                "SELECT mutation_id, client_seq, op, outcome, created_at FROM outbox_history
                 ORDER BY client_seq",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })?;
            let mut out = Vec::new();
            for row in rows {
                let (id, seq, op, outcome, created_at) = row?;
                out.push(OutboxEntry {
                    mutation_id: parse_mutation_id(&id)?,
                    client_seq: seq as u64,
                    op: serde_json::from_str(&op)?,
                    state: OutboxState::parse(&outcome)?,
                    ack_seq: None,
                    error: None,
                    attempts: 0,
                    created_at,
                });
            }
            Ok(out)
        })
    }
}

/// How long a settled write is kept for re-sending to a restored hub, counted from when it
/// settled. A hub is backed up at least nightly (docs/OPERATIONS.md), so a restore normally goes
/// back a day; 90 days also covers a backup found bad and one restored from before the last
/// quarterly meeting. A member writes a few dozen times a quarter and the secretariat some
/// hundreds, each a few kilobytes, so the history stays small.
pub const HISTORY_DAYS: i64 = 90;

/// Moves the outbox rows `condition` picks into the history, then lets the history's oldest
/// expire. Returns how many moved.
fn settle(
    conn: &Connection,
    condition: &str,
    args: &[&dyn rusqlite::ToSql],
) -> Result<usize, StoreError> {
    // The settling time is the parameter after the condition's, so the SQL text is the same on
    // every call and the statements come from the cache: this runs on every page a sync
    // applies, and preparing them anew was ≈5 % of apply's CPU (docs/BENCHMARKS.md).
    let at = now();
    let mut with_at: Vec<&dyn rusqlite::ToSql> = args.to_vec();
    with_at.push(&at);
    let copied = conn
        .prepare_cached(&format!(
            "INSERT OR REPLACE INTO outbox_history
               (client_seq, mutation_id, kind, op, effect, outcome, created_at, settled_at)
             SELECT client_seq, mutation_id, kind, op, effect, state, created_at, ?{}
             FROM outbox WHERE {condition}",
            args.len() + 1
        ))?
        .execute(&*with_at)?;
    if copied == 0 {
        // Nothing settled (every page of a first sync): nothing to delete or expire.
        return Ok(0);
    }
    let n = conn
        .prepare_cached(&format!("DELETE FROM outbox WHERE {condition}"))?
        .execute(args)?;
    expire_history(conn)?;
    Ok(n)
}

/// Drops history rows settled more than [`HISTORY_DAYS`] ago — and every older `client_seq`
/// with them, so what is kept is one unbroken run up to the newest write.
fn expire_history(conn: &Connection) -> Result<(), StoreError> {
    let cutoff = (chrono::Utc::now() - chrono::Duration::days(HISTORY_DAYS))
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    conn.prepare_cached(
        "DELETE FROM outbox_history WHERE client_seq <=
           (SELECT MAX(client_seq) FROM outbox_history WHERE settled_at < ?1)",
    )?
    .execute([cutoff])?;
    Ok(())
}

/// Puts every write of the history back into the outbox, and every outbox row back to
/// `pending`, to be sent again in `client_seq` order under its own id: the hub answers the ones
/// it has from its record and applies the ones it lost. A notice tells the member when the copy
/// was fetched again (`refetched`) or anything is sent again.
fn requeue_all(conn: &Connection, refetched: bool) -> Result<usize, StoreError> {
    let at = now();
    conn.execute(
        "INSERT INTO outbox
           (client_seq, mutation_id, kind, op, effect, state, created_at, updated_at, resent)
         SELECT client_seq, mutation_id, kind, op, effect, 'pending', created_at, ?1, 1
         FROM outbox_history",
        [&at],
    )?;
    conn.execute("DELETE FROM outbox_history", [])?;
    let n = conn.execute(
        "UPDATE outbox SET state = 'pending', ack_seq = NULL, code = NULL, message_da = NULL,
           message_en = NULL, updated_at = ?1",
        [&at],
    )?;
    if n == 0 && !refetched {
        return Ok(0);
    }
    meta_set(
        conn,
        "hub_restored",
        &serde_json::to_string(&RestoreNotice {
            at,
            resent: n as u64,
        })?,
    )?;
    Ok(n)
}

/// What the app keeps to tell the member about a restored hub.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct RestoreNotice {
    /// When the app noticed (RFC 3339).
    pub at: String,
    /// How many of the member's writes it sent again.
    pub resent: u64,
}

/// How long the notice about a restored hub is shown.
const NOTICE_DAYS: i64 = 14;

/// The notice about a restored hub, while it is recent.
pub(crate) fn restore_notice(conn: &Connection) -> Result<Option<ErrorBody>, StoreError> {
    let Some(json) = meta_get(conn, "hub_restored")? else {
        return Ok(None);
    };
    let notice: RestoreNotice = serde_json::from_str(&json)?;
    let recent = chrono::DateTime::parse_from_rfc3339(&notice.at)
        .is_ok_and(|t| chrono::Utc::now() - t.to_utc() < chrono::Duration::days(NOTICE_DAYS));
    if !recent {
        return Ok(None);
    }
    let n = notice.resent;
    let (da, en) = if n == 0 {
        (String::new(), String::new())
    } else {
        (
            format!(" Dine {n} seneste ændringer er sendt igen, så hubben har dem alle én gang."),
            format!(" Your {n} latest changes were sent again, so the hub has each of them once."),
        )
    };
    Ok(Some(ErrorBody::new(
        "hub_restored",
        format!(
            "Hubben er blevet genskabt fra en sikkerhedskopi, og appen har hentet data igen.{da}"
        ),
        format!("The hub was restored from a backup, and the app has fetched its data again.{en}"),
    )))
}

/// Files settled rows in the history: applied rows whose effect the mirror shows (their seq is
/// at or behind the cursor), and refusals of writes sent again after a restore that the member
/// had already dismissed once.
pub(crate) fn prune_settled(conn: &Connection) -> Result<(), StoreError> {
    if let Some(c) = crate::cursor(conn)? {
        settle(
            conn,
            "state = 'applied' AND ack_seq <= ?1",
            &[&(c.seq as i64)],
        )?;
    }
    settle(conn, "state = 'rejected' AND resent = 1", &[])?;
    Ok(())
}

fn outbox_rows(
    conn: &Connection,
    tail: &str,
    args: impl rusqlite::Params,
) -> Result<Vec<OutboxEntry>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT mutation_id, client_seq, op, state, ack_seq, code, message_da, message_en, attempts, created_at
         FROM outbox {tail}"
    ))?;
    let rows = stmt.query_map(args, |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<i64>>(4)?,
            r.get::<_, Option<String>>(5)?,
            r.get::<_, Option<String>>(6)?,
            r.get::<_, Option<String>>(7)?,
            r.get::<_, i64>(8)?,
            r.get::<_, String>(9)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, seq, op, state, ack, code, da, en, attempts, created_at) = row?;
        out.push(OutboxEntry {
            mutation_id: parse_mutation_id(&id)?,
            client_seq: seq as u64,
            op: serde_json::from_str(&op)?,
            state: OutboxState::parse(&state)?,
            ack_seq: ack.map(|a| a as u64),
            error: code.map(|code| ErrorBody {
                code,
                message_da: da.unwrap_or_default(),
                message_en: en.unwrap_or_default(),
            }),
            attempts: attempts as u32,
            created_at,
        });
    }
    Ok(out)
}
