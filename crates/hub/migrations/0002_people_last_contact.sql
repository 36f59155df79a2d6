-- When each token was last used and each device last wrote: the secretariat's list of people
-- shows who is still in contact. Tokens are touched at most every few minutes (see auth.rs), so a
-- poll stays a read.
ALTER TABLE tokens ADD COLUMN last_used_at TEXT;
ALTER TABLE devices ADD COLUMN last_seen TEXT;
