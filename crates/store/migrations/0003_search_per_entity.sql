-- Styrebord member store, schema 3: one search row per indexed entity. Append-only.
--
-- `entities` gets an explicit rowid column (`rid`): the search row of an entity has the entity's
-- rid as its rowid, and an implicit rowid may be renumbered by VACUUM, an explicit one never.
-- The (kind, date) index is not made again: only small kinds (meetings, procedures, quarterly
-- status, roadmap) are queried by date, found through the (kind, id) index and sorted in
-- memory, while every registration, document and comment paid for the index on each write.
CREATE TABLE entities_v3 (
    rid      INTEGER PRIMARY KEY,
    kind     TEXT NOT NULL,
    id       TEXT NOT NULL,
    meeting  TEXT,
    parent   TEXT,
    date     TEXT,
    num      INTEGER,
    sha256   TEXT,
    seq      INTEGER NOT NULL,
    body     TEXT NOT NULL,
    UNIQUE (kind, id)
) STRICT;
INSERT INTO entities_v3 (rid, kind, id, meeting, parent, date, num, sha256, seq, body)
    SELECT rowid, kind, id, meeting, parent, date, num, sha256, seq, body FROM entities;
DROP TABLE entities;
ALTER TABLE entities_v3 RENAME TO entities;
CREATE INDEX entities_meeting ON entities (kind, meeting, num);
CREATE INDEX entities_sha256 ON entities (sha256) WHERE sha256 IS NOT NULL;

-- Search: one row per agenda item, written procedure, minutes and document (rowid = rid), ranked
-- per thing rather than per page. Contentless: the texts are in `entities` and `blobs.text`, and
-- the hit's snippet and page are computed from there (src/snippet.rs). `search_rows` is gone.
DROP TABLE search;
DROP TABLE search_rows;
CREATE VIRTUAL TABLE search USING fts5 (
    title,
    body,
    content = '',
    contentless_delete = 1,
    tokenize = "unicode61 remove_diacritics 0"
);
-- Store::open re-indexes everything once with the current code, then removes this mark.
INSERT INTO meta (key, value) VALUES ('search_reindex', '1')
    ON CONFLICT (key) DO UPDATE SET value = excluded.value;
