//! Schema migrations of the member's store from every released schema.
//!
//! `tests/fixtures/schema-v<N>.sql` is a database as schema version N created it, with rows in
//! every table (a dump made by `schema_fixture::dump`, see that file's header for the commit whose
//! code made it). Each is loaded into a real SQLite file, upgraded by today's migrations and
//! compared with a freshly created database: same schema, the rows still there (and the search
//! index rebuilt where a migration asks for it), and the store usable through its normal API.
//! `schema-v<N>-<what>.sql` is a variant of version N made by a migration edited since.
//!
//! A new migration needs the fixture of its schema: see [`write_current_fixture`].

mod common;
mod schema_fixture;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::*;
use rusqlite::Connection;
use schema_fixture::{assert_same_rows, assert_same_schema, columns, plain_tables, rows};
use styrebord_core::minutes::NewComment;
use styrebord_core::procedure::Response;
use styrebord_protocol::{Cursor, Entity, ErrorBody, MutationResult};
use styrebord_store::{db, BlobState, OutboxState, SearchKind, Store};

const DB: &str = "store.sqlite3";

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn latest() -> usize {
    db::MIGRATIONS.len()
}

/// Tables a migration removes on purpose, with the version that removed them.
const DROPPED: &[(&str, usize)] = &[("search_rows", 3)];

/// Text of the document's file as the sync engine extracts it (one string per page); its words
/// appear nowhere else, so finding them proves the document's search row was rebuilt from it.
const DOC_PAGES: [&str; 2] = [
    "Vinduer for drift i 2027.",
    "Rigsarkivet ønsker weekendvinduer koordineret med kommunernes nattekørsler.",
];
const NOTE: &str = "Spørg til weekendvinduet i kvartal 3.";
const COMMENT: &str = "KL foreslår, at planen også nævner leverandørens testmiljø.";

/// The member's realistic state: the small committee synced, the document's file downloaded
/// with its text, a private note and read status, one comment waiting in the outbox and one
/// answer sent (and, since schema 5's fixture, a refused write in the outbox's history). (The same calls made the old fixtures with the code of their commits.)
fn fill(dir: &Path) -> Store {
    let f = fixture();
    let store = f.store(dir);
    let pages: Vec<String> = DOC_PAGES.iter().map(|s| s.to_string()).collect();
    store
        .blob_available(&f.doc.sha256.to_string(), Some(&pages))
        .unwrap();
    store.add_note(f.doc.id, Some(2), NOTE).unwrap();
    store.mark_read(f.doc.id, Some(2)).unwrap();
    let comment = NewComment {
        agenda_item: f.items[1].id,
        text: COMMENT.into(),
    };
    store
        .comment(f.minutes.draft.id, comment, day(TODAY))
        .unwrap();
    let answer = store
        .respond(f.procedure.id, Response::Agree, day(TODAY))
        .unwrap();
    store.mark_sent(&[answer.mutation_id]).unwrap();
    // A write the hub refused and the member dismissed: filed in the outbox's history (schema 4).
    let refused = NewComment {
        agenda_item: f.items[0].id,
        text: "Kommentar, som sekretariatet afviste.".into(),
    };
    let refused = store
        .comment(f.minutes.draft.id, refused, day(TODAY))
        .unwrap();
    store.mark_sent(&[refused.mutation_id]).unwrap();
    store
        .record_results(&[MutationResult::Rejected {
            mutation_id: refused.mutation_id,
            client_seq: refused.client_seq,
            error: ErrorBody::new(
                "comment_round_closed",
                "Runden er lukket.",
                "The round is closed.",
            ),
        }])
        .unwrap();
    assert!(store.dismiss_rejected(refused.mutation_id).unwrap());
    store
}

/// Writes the fixture of the current schema version, `tests/fixtures/schema-v<latest>.sql`.
/// Run it once when adding a migration (after adding it to `db::MIGRATIONS`):
///
/// ```text
/// cargo test -p styrebord-store --test migrations -- --ignored write_current_fixture
/// ```
///
/// It refuses to overwrite a fixture: a released schema's fixture is never regenerated.
#[test]
#[ignore = "writes tests/fixtures/schema-v<latest>.sql; run by hand when adding a migration"]
fn write_current_fixture() {
    let path = fixtures_dir().join(format!("schema-v{}.sql", latest()));
    assert!(
        !path.exists(),
        "{} exists already; a released schema's fixture is never regenerated",
        path.display()
    );
    let dir = tempfile::tempdir().unwrap();
    drop(fill(dir.path()));
    let conn = Connection::open(dir.path().join(DB)).unwrap();
    let how = format!(
        "write_current_fixture in tests/migrations.rs, code of commit {}",
        schema_fixture::git_head()
    );
    let sql = schema_fixture::header("Styrebord member store", latest(), &how)
        + &schema_fixture::dump(&conn);
    std::fs::write(&path, sql).unwrap();
    println!("wrote {}", path.display());
}

#[test]
fn every_schema_version_has_a_fixture() {
    let have: BTreeSet<usize> = schema_fixture::fixtures(&fixtures_dir())
        .iter()
        .map(|f| f.version)
        .collect();
    for v in 1..=latest() {
        assert!(
            have.contains(&v),
            "schema version {v} has no fixture tests/fixtures/schema-v{v}.sql. A new migration \
             needs one, made with the code of its commit: run\n  cargo test -p styrebord-store \
             --test migrations -- --ignored write_current_fixture\nand commit the file it writes"
        );
    }
    if let Some(v) = have.iter().find(|v| **v > latest()) {
        panic!(
            "a fixture of schema version {v}, but only {} migrations",
            latest()
        );
    }
}

/// A database as a fixture left it: its tables with their columns and rows.
struct Snapshot {
    version: usize,
    tables: Vec<(String, Vec<String>, Vec<Vec<rusqlite::types::Value>>)>,
}

fn snapshot(conn: &Connection) -> Snapshot {
    let version: usize = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    let tables = plain_tables(conn)
        .into_iter()
        .map(|t| {
            let cols = columns(conn, &t);
            let rows = rows(conn, &t, &cols);
            (t, cols, rows)
        })
        .collect();
    Snapshot { version, tables }
}

fn reindex_mark(conn: &Connection) -> Option<String> {
    conn.query_row(
        "SELECT value FROM meta WHERE key = 'search_reindex'",
        [],
        |r| r.get(0),
    )
    .ok()
}

fn search_rowids(conn: &Connection) -> Vec<i64> {
    conn.prepare("SELECT rowid FROM search ORDER BY rowid")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn every_released_schema_upgrades_to_todays_with_its_rows_and_works() {
    let fixtures = schema_fixture::fixtures(&fixtures_dir());
    assert!(!fixtures.is_empty(), "no fixtures in {:?}", fixtures_dir());
    let tmp = tempfile::tempdir().unwrap();
    let fresh_path = tmp.path().join("fresh").join(DB);
    std::fs::create_dir_all(fresh_path.parent().unwrap()).unwrap();
    drop(Store::open(&fresh_path).unwrap());
    let fresh = Connection::open(&fresh_path).unwrap();
    for fixture in fixtures {
        let name = &fixture.name;
        let dir = tmp.path().join(name);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(DB);
        schema_fixture::load(&path, &std::fs::read_to_string(&fixture.path).unwrap());

        let mut conn = Connection::open(&path).unwrap();
        let before = snapshot(&conn);
        assert_eq!(
            before.version, fixture.version,
            "{name}: the fixture's user_version is not the version its name says"
        );

        // (1) Today's migrations, exactly as the app runs them; then the schema a new install has.
        db::migrate(&mut conn, &db::migrations())
            .unwrap_or_else(|e| panic!("{name}: today's migrations failed: {e}"));
        assert_same_schema(&conn, &fresh, name);

        // Migration 3 changed what the search index holds: it leaves the mark that has the app
        // rebuild the index on opening.
        assert_eq!(
            reindex_mark(&conn).is_some(),
            before.version < 3,
            "{name}: the re-index mark after migrating"
        );
        drop(conn);

        // The app opens it and rebuilds the index from the stored entities and the files' text.
        let store = Store::open(&path).unwrap_or_else(|e| panic!("{name}: Store::open: {e}"));
        let conn = Connection::open(&path).unwrap();
        assert_eq!(
            reindex_mark(&conn),
            None,
            "{name}: the re-index mark stayed"
        );

        // (2) Every row of every table that is still there, unchanged (rowids included: the
        // search index refers to them).
        for (table, cols, old_rows) in &before.tables {
            if !plain_tables(&conn).contains(table) {
                assert!(
                    DROPPED
                        .iter()
                        .any(|(t, v)| t == table && before.version < *v),
                    "{name}: table {table} is gone after the upgrade"
                );
                continue;
            }
            assert_same_rows(&conn, table, cols, old_rows, name);
        }

        let indexed = search_rowids(&conn);
        // What today's code indexes from the same rows: a copy re-indexed from scratch.
        let copy = dir.join("reindexed.sqlite3");
        conn.execute("VACUUM INTO ?1", [copy.to_str().unwrap()])
            .unwrap();
        Connection::open(&copy)
            .unwrap()
            .execute(
                "INSERT INTO meta (key, value) VALUES ('search_reindex', '1')",
                [],
            )
            .unwrap();
        drop(Store::open(&copy).unwrap());
        assert_eq!(
            indexed,
            search_rowids(&Connection::open(&copy).unwrap()),
            "{name}: the search index differs from a rebuilt one"
        );
        assert!(!indexed.is_empty(), "{name}: nothing indexed");

        // (3) The store reads and writes it through its normal API.
        let next_client_seq: String = conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'next_client_seq'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        use_store(
            &store,
            before.version,
            next_client_seq.parse().unwrap(),
            name,
        );
        drop(store);
        let store = Store::open(&path).unwrap();
        assert_eq!(
            store.cursor().unwrap(),
            Some(Cursor { epoch: 1, seq: 13 }),
            "{name}: after reopening"
        );
    }
}

fn use_store(store: &Store, version: usize, next_client_seq: u64, name: &str) {
    let f = fixture();
    assert_eq!(store.me().unwrap().unwrap().id, f.me.id, "{name}: me");
    assert_eq!(
        store.cursor().unwrap(),
        Some(Cursor { epoch: 1, seq: 12 }),
        "{name}: cursor"
    );
    assert_eq!(store.meeting_plan(Some(2026)).unwrap().len(), 2, "{name}");
    assert_eq!(store.agenda(f.past_meeting.id).unwrap().len(), 2, "{name}");
    let blob = store.blob(&f.doc.sha256.to_string()).unwrap().unwrap();
    assert_eq!(blob.state, BlobState::Available, "{name}: blob");

    // Search: an agenda item by its title, the document by a word only its file's text has.
    let hits = store.search("vedligeholdelsesvinduer", 10).unwrap().hits;
    assert!(
        hits.iter()
            .any(|h| h.kind == SearchKind::AgendaItem && h.id == f.items[2].id.to_string()),
        "{name}: agenda item not found: {hits:?}"
    );
    let hits = store.search("nattekørsler", 10).unwrap().hits;
    assert!(
        hits.iter()
            .any(|h| h.kind == SearchKind::Material && h.id == f.doc.id.to_string()),
        "{name}: the document's text not found: {hits:?}"
    );

    let outbox = store.outbox().unwrap();
    let states: Vec<OutboxState> = outbox.iter().map(|e| e.state).collect();
    assert_eq!(
        states,
        [OutboxState::Pending, OutboxState::Sent],
        "{name}: outbox"
    );
    // Private data came with schema 2 (a version-1 fixture has none).
    let notes = store.notes(f.doc.id).unwrap();
    if version >= 2 {
        assert_eq!(notes.len(), 1, "{name}: notes");
        assert_eq!(notes[0].text, NOTE);
        assert!(store.read_status(f.doc.id).unwrap().is_some(), "{name}");
    } else {
        assert!(notes.is_empty(), "{name}: notes");
    }

    // Writes: a note, a local write into the outbox, a page from the hub.
    store
        .add_note(f.doc.id, None, "Efter opgraderingen")
        .unwrap();
    assert_eq!(store.notes(f.doc.id).unwrap().len(), notes.len() + 1);
    let w = store
        .respond(
            f.procedure.id,
            Response::Comment("Også efter opgraderingen.".into()),
            day(TODAY),
        )
        .unwrap_or_else(|e| panic!("{name}: a local write: {e:?}"));
    assert_eq!(
        w.client_seq, next_client_seq,
        "{name}: client_seq continues"
    );
    let moved = styrebord_core::meeting::Meeting {
        location: "Stormgade 2".into(),
        ..f.meeting.clone()
    };
    store
        .apply_page(&page(12, vec![Entity::Meeting(moved)]))
        .unwrap();
    let m = store.meeting(f.meeting.id, day(TODAY)).unwrap().unwrap();
    assert_eq!(m.summary.meeting.location, "Stormgade 2", "{name}");
}
