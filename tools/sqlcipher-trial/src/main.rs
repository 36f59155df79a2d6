// Measures SQLite vs SQLCipher on a workload shaped like the member store: 200 transactions of
// 1,000 inserts into an entities table (a unique and a secondary index) plus an FTS5 row for
// every fourth, in WAL mode, then full-text queries and key lookups. `KEY=...` sets a SQLCipher
// key (encryption on); without it SQLCipher writes a plain database.
use rusqlite::{params, Connection};
use std::time::Instant;

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| {
        std::env::temp_dir()
            .join("sqlcipher-trial")
            .display()
            .to_string()
    });
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let conn = Connection::open(format!("{dir}/t.sqlite3")).unwrap();
    if let Ok(k) = std::env::var("KEY") {
        conn.pragma_update(None, "key", &k).unwrap();
    }
    conn.execute_batch(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
         CREATE TABLE entities (rid INTEGER PRIMARY KEY, kind TEXT NOT NULL, id TEXT NOT NULL,
           meeting TEXT, num INTEGER, seq INTEGER NOT NULL, body TEXT NOT NULL, UNIQUE (kind, id)) STRICT;
         CREATE INDEX entities_meeting ON entities (kind, meeting, num);
         CREATE VIRTUAL TABLE search USING fts5 (title, body, content='', contentless_delete=1,
           tokenize = 'unicode61 remove_diacritics 0');",
    )
    .unwrap();
    let words = [
        "møde",
        "drift",
        "frist",
        "leverandør",
        "økonomi",
        "risiko",
        "plan",
        "ændring",
        "kommune",
        "region",
        "udrulning",
        "nedetid",
        "sikkerhed",
        "vindue",
        "test",
        "status",
    ];
    let mut x: u64 = 42;
    let mut text = |n: usize| {
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                words[(x % 16) as usize]
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let bodies: Vec<(String, String)> = (0..200_000).map(|_| (text(5), text(30))).collect();
    let t = Instant::now();
    for p in 0..200 {
        let tx = conn.unchecked_transaction().unwrap();
        for i in p * 1000..(p + 1) * 1000 {
            let (title, desc) = &bodies[i];
            let body = format!("{{\"title\":\"{title}\",\"description\":\"{desc}\",\"n\":{i}}}");
            tx.prepare_cached("INSERT INTO entities (kind, id, meeting, num, seq, body) VALUES ('x', ?1, 'm', ?2, ?2, ?3)")
                .unwrap().execute(params![format!("{i:036}"), i as i64, body]).unwrap();
            if i % 4 == 0 {
                let rid = tx.last_insert_rowid();
                tx.prepare_cached("INSERT INTO search (rowid, title, body) VALUES (?1, ?2, ?3)")
                    .unwrap()
                    .execute(params![rid, title, desc])
                    .unwrap();
            }
        }
        tx.commit().unwrap();
    }
    let apply = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let mut n = 0;
    for q in 0..200 {
        let w = words[q % 16];
        let mut st = conn.prepare_cached("SELECT rowid, bm25(search) AS r FROM search WHERE search MATCH ?1 ORDER BY r LIMIT 20").unwrap();
        n += st
            .query_map([format!("\"{w}\"*")], |_| Ok(()))
            .unwrap()
            .count();
        let mut st = conn
            .prepare_cached("SELECT body FROM entities WHERE kind = 'x' AND id = ?1")
            .unwrap();
        for k in 0..50 {
            let _: String = st
                .query_row([format!("{:036}", (q * 997 + k * 31) % 200_000)], |r| {
                    r.get(0)
                })
                .unwrap();
        }
    }
    let query = t.elapsed().as_secs_f64();
    let size = std::fs::metadata(format!("{dir}/t.sqlite3")).unwrap().len()
        + std::fs::metadata(format!("{dir}/t.sqlite3-wal"))
            .map(|m| m.len())
            .unwrap_or(0);
    println!("key={} apply 200000 rows: {apply:.2} s ({:.0}/s); 200 FTS queries + 10000 lookups: {query:.2} s ({n} hits); {} MB",
        std::env::var("KEY").is_ok(), 200000.0 / apply, size / 1_000_000);
}
