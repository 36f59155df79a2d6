-- The logs this one continues. `styrebord-hub restore` gives the restored hub a new, random
-- epoch and records the backed-up one here with the last seq the backup holds: a cursor of that
-- epoch up to `through` is a position in this log too (the log up to there is the same), so an
-- app that synced no further than the backup goes on without a re-sync; a cursor past `through`
-- holds changes this log never had, and is answered 409 `cursor_ahead` however far this log has
-- grown since (the same seq here means other changes).
CREATE TABLE log_ancestors (
    epoch   INTEGER PRIMARY KEY,
    through INTEGER NOT NULL
) STRICT;
