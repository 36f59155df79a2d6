-- Styrebord member store, schema 1. Append-only: never edit this file; add 0003_….sql instead.

-- Key/value: 'device_id', 'next_client_seq', 'cursor' ("<epoch>.<seq>"), 'me' (PersonInfo JSON),
-- 'resyncing' ('1' while a from-scratch sync is under way).
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- The hub's records as this person may see them: one row per entity, upserted from the change
-- feed. `body` is the serde JSON of the crates/core (or protocol) type; the other columns are what
-- the UI filters and sorts on. `seq` is the change that last wrote the row.
CREATE TABLE entities (
    kind     TEXT NOT NULL,
    id       TEXT NOT NULL,
    meeting  TEXT,
    parent   TEXT,
    date     TEXT,
    num      INTEGER,
    sha256   TEXT,
    seq      INTEGER NOT NULL,
    body     TEXT NOT NULL,
    PRIMARY KEY (kind, id)
) STRICT;
CREATE INDEX entities_meeting ON entities (kind, meeting, num);
CREATE INDEX entities_date ON entities (kind, date);
CREATE INDEX entities_sha256 ON entities (sha256) WHERE sha256 IS NOT NULL;

-- The member's own writes, in device order. Saved with the optimistic effect in one transaction.
-- state: pending (not sent), sent (sent, no answer yet), applied (hub applied it at ack_seq),
-- rejected (business refusal with code and messages; shown until dismissed).
CREATE TABLE outbox (
    client_seq  INTEGER PRIMARY KEY,
    mutation_id TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    op          TEXT NOT NULL,
    effect      TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'applied', 'rejected')),
    ack_seq     INTEGER,
    code        TEXT,
    message_da  TEXT,
    message_en  TEXT,
    attempts    INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX outbox_state ON outbox (state, client_seq);

-- One row per blob a visible document needs (content-addressed).
CREATE TABLE blobs (
    sha256      TEXT PRIMARY KEY,
    size        INTEGER NOT NULL,
    mime        TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('queued', 'downloading', 'available', 'failed')),
    bytes_done  INTEGER NOT NULL DEFAULT 0,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    retry_after TEXT,
    text        TEXT,
    updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX blobs_state ON blobs (state);

-- Full-text search. `search_rows` maps an indexed thing to the FTS rowid so re-indexing one
-- entity never scans the index.
CREATE TABLE search_rows (
    rowid   INTEGER PRIMARY KEY,
    kind    TEXT NOT NULL,
    ref     TEXT NOT NULL,
    page    INTEGER NOT NULL DEFAULT 0,
    meeting TEXT,
    UNIQUE (kind, ref, page)
) STRICT;
CREATE VIRTUAL TABLE search USING fts5 (
    title,
    body,
    tokenize = "unicode61 remove_diacritics 0"
);
