//! Fixtures of released schemas as plain SQL: a dump of a real database (its schema in creation
//! order, every row with its rowid, FTS5 indexes as the raw rows of their shadow tables, the
//! schema version), loading such a dump into a real SQLite file, and the normalised schema two
//! databases are compared by.
//!
//! Used by the member store's `tests/migrations.rs` and, through `#[path]`, by the hub's: one
//! dump format and one comparison for both databases.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rusqlite::types::Value;
use rusqlite::Connection;

/// A table as `PRAGMA table_list` describes it.
struct Table {
    name: String,
    /// `table`, `virtual`, `shadow` (an FTS5 table's internals) or `view`.
    kind: String,
    without_rowid: bool,
}

fn tables(conn: &Connection) -> Vec<Table> {
    let mut stmt = conn
        .prepare("SELECT name, type, wr FROM pragma_table_list WHERE schema = 'main' ORDER BY name")
        .unwrap();
    stmt.query_map([], |r| {
        Ok(Table {
            name: r.get(0)?,
            kind: r.get(1)?,
            without_rowid: r.get::<_, i64>(2)? != 0,
        })
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn literal(v: &Value) -> String {
    match v {
        Value::Null => "NULL".into(),
        Value::Integer(i) => i.to_string(),
        Value::Real(f) => format!("{f:?}"),
        Value::Text(s) => format!("'{}'", s.replace('\'', "''")),
        Value::Blob(b) => format!("X'{}'", hex(b)),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02X}");
            s
        })
}

/// The column names of `table`, in order.
pub fn columns(conn: &Connection, table: &str) -> Vec<String> {
    let mut stmt = conn
        .prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")
        .unwrap();
    stmt.query_map([table], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Whether `table` has a column that is an alias of its rowid (`INTEGER PRIMARY KEY`).
fn rowid_alias(conn: &Connection, table: &str) -> bool {
    let pk: Vec<String> = conn
        .prepare("SELECT type FROM pragma_table_info(?1) WHERE pk > 0")
        .unwrap()
        .query_map([table], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    pk.len() == 1 && pk[0].eq_ignore_ascii_case("INTEGER")
}

/// Every row of `table` as SQL values: the rowid first where the table has one (a migration
/// such as the store's 0003 turns an implicit rowid into a column, and the search index refers
/// to it), then `cols`.
pub fn rows(conn: &Connection, table: &str, cols: &[String]) -> Vec<Vec<Value>> {
    select_rows(conn, table, cols, true)
}

/// Panics with the first row that differs, if `old` (a table's rows before an upgrade, from
/// [`rows`]) and the same table's rows now differ.
pub fn assert_same_rows(
    conn: &Connection,
    table: &str,
    cols: &[String],
    old: &[Vec<Value>],
    what: &str,
) {
    let new = rows(conn, table, cols);
    if new.len() != old.len() {
        panic!("{what}: {table} had {} rows, now {}", old.len(), new.len());
    }
    if let Some((a, b)) = old.iter().zip(&new).find(|(a, b)| a != b) {
        panic!("{what}: a row of {table} changed in the upgrade:\n  was {a:?}\n  now {b:?}");
    }
}

/// Like [`rows`]; `alias_too`: the rowid also where a column aliases it (a dump must not name
/// both).
fn select_rows(
    conn: &Connection,
    table: &str,
    cols: &[String],
    alias_too: bool,
) -> Vec<Vec<Value>> {
    let t = tables(conn)
        .into_iter()
        .find(|t| t.name == table)
        .unwrap_or_else(|| panic!("no table {table}"));
    let with_rowid = !t.without_rowid && (alias_too || !rowid_alias(conn, table));
    let mut select: Vec<String> = cols.iter().map(|c| quote_ident(c)).collect();
    if with_rowid {
        select.insert(0, "rowid".into());
    }
    let order = if t.without_rowid {
        String::new()
    } else {
        " ORDER BY rowid".into()
    };
    let sql = format!(
        "SELECT {} FROM {}{order}",
        select.join(", "),
        quote_ident(table)
    );
    let mut stmt = conn.prepare(&sql).unwrap();
    let n = select.len();
    stmt.query_map([], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect())
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The database as SQL that recreates it exactly: `PRAGMA user_version`, every table and
/// virtual table, every row (shadow tables of FTS5 included, so an index is restored as it
/// was, not rebuilt), then indexes, triggers and views, in one transaction.
pub fn dump(conn: &Connection) -> String {
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    let objects: Vec<(String, String, String)> = conn
        .prepare(
            "SELECT type, name, sql FROM sqlite_master
             WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let tables = tables(conn);
    let kind_of = |name: &str| {
        tables
            .iter()
            .find(|t| t.name == name)
            .map(|t| t.kind.as_str())
    };
    let mut out = String::from("BEGIN;\n");
    for (ty, name, sql) in &objects {
        // Shadow tables are made by their virtual table's CREATE.
        if ty == "table" && kind_of(name) != Some("shadow") {
            let _ = writeln!(out, "{sql};");
        }
    }
    let data = objects
        .iter()
        .filter(|(ty, name, _)| {
            ty == "table" && matches!(kind_of(name), Some("table") | Some("shadow"))
        })
        .map(|(_, name, _)| name.as_str())
        // Last, so it overrides what the inserts above made of it.
        .chain(
            tables
                .iter()
                .filter(|t| t.name == "sqlite_sequence")
                .map(|t| t.name.as_str()),
        );
    for name in data {
        let cols = columns(conn, name);
        let rows = select_rows(conn, name, &cols, false);
        let with_rowid = rows.first().is_some_and(|r| r.len() > cols.len());
        if matches!(kind_of(name), Some("shadow")) || name == "sqlite_sequence" {
            // Their CREATE (or the inserts above) already wrote rows of their own.
            let _ = writeln!(out, "DELETE FROM {};", quote_ident(name));
        }
        let mut names: Vec<String> = cols.iter().map(|c| quote_ident(c)).collect();
        if with_rowid {
            names.insert(0, "rowid".into());
        }
        for row in rows {
            let values: Vec<String> = row.iter().map(literal).collect();
            let _ = writeln!(
                out,
                "INSERT INTO {} ({}) VALUES ({});",
                quote_ident(name),
                names.join(", "),
                values.join(", ")
            );
        }
    }
    for (ty, _, sql) in &objects {
        if ty != "table" {
            let _ = writeln!(out, "{sql};");
        }
    }
    let _ = writeln!(out, "PRAGMA user_version = {version};\nCOMMIT;");
    out
}

/// Writes `sql` (a [`dump`], comments allowed) into a new database file at `path`.
pub fn load(path: &Path, sql: &str) {
    assert!(!path.exists(), "{} exists already", path.display());
    let conn = Connection::open(path).unwrap();
    // A dump inserts tables in creation order, not in the order their references need.
    conn.pragma_update(None, "foreign_keys", "OFF").unwrap();
    conn.execute_batch(sql)
        .unwrap_or_else(|e| panic!("loading the fixture into {}: {e}", path.display()));
}

/// The schema as comparable lines: the version, each object's normalised SQL (whitespace
/// collapsed) and each table's `PRAGMA table_info`. Names, not page numbers or creation order.
pub fn schema(conn: &Connection) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    out.insert(format!("user_version {version}"));
    let objects: Vec<(String, String, String, Option<String>)> = conn
        .prepare("SELECT type, name, tbl_name, sql FROM sqlite_master")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (ty, name, tbl, sql) in objects {
        let sql = sql
            .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_else(|| "(automatic)".into());
        out.insert(format!("{ty} {name} on {tbl}: {sql}"));
    }
    for t in tables(conn) {
        let mut stmt = conn
            .prepare(
                "SELECT cid, name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?1)",
            )
            .unwrap();
        let cols: Vec<String> = stmt
            .query_map([&t.name], |r| {
                Ok(format!(
                    "column {}.{} #{} {} notnull={} default={:?} pk={}",
                    t.name,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, i64>(5)?,
                ))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        out.extend(cols);
        out.insert(format!(
            "{} {} without_rowid={}",
            t.kind, t.name, t.without_rowid
        ));
    }
    out
}

/// Panics with the lines only one side has, if the two schemas differ.
pub fn assert_same_schema(upgraded: &Connection, fresh: &Connection, what: &str) {
    let (a, b) = (schema(upgraded), schema(fresh));
    if a != b {
        let list = |lines: Vec<&String>| {
            if lines.is_empty() {
                "(nothing)".to_owned()
            } else {
                lines
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join("\n  ")
            }
        };
        panic!(
            "{what}: the upgraded schema differs from a freshly created one.\n\
             only in the upgraded database:\n  {}\n\
             only in the fresh database:\n  {}",
            list(a.difference(&b).collect()),
            list(b.difference(&a).collect()),
        );
    }
}

/// The ordinary tables (not virtual, not an FTS5 table's internals, not SQLite's own).
pub fn plain_tables(conn: &Connection) -> Vec<String> {
    tables(conn)
        .into_iter()
        .filter(|t| t.kind == "table" && !t.name.starts_with("sqlite_"))
        .map(|t| t.name)
        .collect()
}

/// A fixture file: `schema-v<N>.sql`, or `schema-v<N>-<what>.sql` for a variant of version N
/// that a since-edited migration once created.
#[derive(Debug)]
pub struct Fixture {
    pub path: PathBuf,
    pub version: usize,
    pub name: String,
}

/// Every fixture in `dir`, by version; panics on a file that is not named like one.
pub fn fixtures(dir: &Path) -> Vec<Fixture> {
    let mut out: Vec<Fixture> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "sql"))
        .map(|path| {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            let version = name
                .strip_prefix("schema-v")
                .and_then(|rest| rest.split('-').next())
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| {
                    panic!(
                        "{}: a fixture is named schema-v<N>.sql or schema-v<N>-<what>.sql",
                        path.display()
                    )
                });
            Fixture {
                path,
                version,
                name,
            }
        })
        .collect();
    out.sort_by(|a, b| (a.version, &a.name).cmp(&(b.version, &b.name)));
    out
}

/// The commit the working tree is at (with a note if it has changes), for a fixture's header.
pub fn git_head() -> String {
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
    };
    let head = git(&["rev-parse", "--short", "HEAD"]).unwrap_or_else(|| "unknown".into());
    match git(&["status", "--porcelain", "--", "."]) {
        Some(s) if !s.is_empty() => format!("{head} with uncommitted changes"),
        _ => head,
    }
}

/// The header every generated fixture starts with.
pub fn header(what: &str, version: usize, how: &str) -> String {
    format!(
        "-- {what}, schema version {version}: a database as that version created it, with rows in\n\
         -- every table. Generated, never edited by hand ({how}).\n\
         -- Loaded by tests/migrations.rs, upgraded by today's migrations and compared.\n"
    )
}
