-- Styrebord member store, schema 5: the (kind, date) index gone everywhere. Append-only.
--
-- 0003 was edited after it landed (b4b3e1a): as first committed (ce64247) it still made the
-- (kind, date) index that today's 0003 leaves out (every write paid for it; see 0003). A store
-- created by that code keeps the index, since its version is 3 already; this drops it there and
-- does nothing anywhere else (tests/fixtures/schema-v3-ce64247.sql is such a store).
DROP INDEX IF EXISTS entities_date;
