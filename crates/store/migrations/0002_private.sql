-- Styrebord member store, schema 2: what never leaves the device. Append-only.

-- Private notes per document (and page); never synced.
CREATE TABLE notes (
    id         TEXT PRIMARY KEY,
    document   TEXT NOT NULL,
    page       INTEGER,
    text       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX notes_document ON notes (document, page);

-- Read status per document; never synced.
CREATE TABLE read_status (
    document   TEXT PRIMARY KEY,
    read_at    TEXT NOT NULL,
    last_page  INTEGER
) STRICT;
