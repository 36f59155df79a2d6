-- Styrebord hub, schema 1. Append-only: never edit this file; add 0002_….sql instead.

-- Key/value settings: 'epoch' (the change-log epoch in every cursor), 'log_floor' (changes with
-- seq <= log_floor may have been pruned: older cursors get a reset).
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
INSERT INTO meta (key, value) VALUES ('epoch', '1'), ('log_floor', '0');

CREATE TABLE persons (
    id         TEXT PRIMARY KEY,
    org        TEXT NOT NULL,
    role       TEXT NOT NULL,
    name       TEXT NOT NULL,
    email      TEXT NOT NULL,
    active     INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
) STRICT;

-- Only the SHA-256 of a token is stored; the token itself is printed once by `invite`.
CREATE TABLE tokens (
    id         TEXT PRIMARY KEY,
    person_id  TEXT NOT NULL REFERENCES persons (id),
    hash       TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
) STRICT;
CREATE INDEX tokens_person ON tokens (person_id);

-- The committee's records as serde_json of crates/core types. `audience` says who sees the
-- current state: 'all', 'secretariat' or 'org:<CODE>'.
CREATE TABLE entities (
    kind     TEXT NOT NULL,
    id       TEXT NOT NULL,
    meeting  TEXT,
    sha256   TEXT,
    audience TEXT NOT NULL,
    body     TEXT NOT NULL,
    PRIMARY KEY (kind, id)
) STRICT;
CREATE INDEX entities_meeting ON entities (kind, meeting);
CREATE INDEX entities_sha256 ON entities (sha256) WHERE sha256 IS NOT NULL;

CREATE TABLE blobs (
    sha256     TEXT PRIMARY KEY,
    size       INTEGER NOT NULL,
    mime       TEXT NOT NULL,
    text       TEXT,
    created_at TEXT NOT NULL
) STRICT;

-- The change feed: appended in the same transaction as the effect it describes.
CREATE TABLE changes (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    audience   TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE devices (
    id              TEXT PRIMARY KEY,
    person_id       TEXT NOT NULL REFERENCES persons (id),
    last_client_seq INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Every mutation seen, with the hash of its payload and the result given, for replays.
CREATE TABLE mutations (
    mutation_id  TEXT PRIMARY KEY,
    device_id    TEXT NOT NULL REFERENCES devices (id),
    client_seq   INTEGER NOT NULL,
    payload_hash TEXT NOT NULL,
    result       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    UNIQUE (device_id, client_seq)
) STRICT;
