-- Styrebord member store, schema 4: the outbox's history. Append-only.
--
-- A write the hub has settled (applied and pulled back, or refused and dismissed) used to be
-- deleted. It is now kept here, for 90 days after it settled (see outbox.rs, HISTORY_DAYS), so
-- that when the hub is restored from a backup taken before it arrived, the app can send it again
-- under its own mutation id and client_seq: the hub applies what it lacks and answers what it
-- has from its own record, so nothing is lost and nothing applied twice. The history is always
-- the newest run of client_seqs (expired rows go oldest first), so re-sending it has no gaps.
CREATE TABLE outbox_history (
    client_seq  INTEGER PRIMARY KEY,
    mutation_id TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    op          TEXT NOT NULL,
    effect      TEXT NOT NULL,
    outcome     TEXT NOT NULL CHECK (outcome IN ('applied', 'rejected')),
    created_at  TEXT NOT NULL,
    settled_at  TEXT NOT NULL
) STRICT;

-- 1 on a write put back into the outbox from the history after a restore: the member had
-- already seen it settled, so a refusal the second time is filed away again, not shown anew.
ALTER TABLE outbox ADD COLUMN resent INTEGER NOT NULL DEFAULT 0;
