-- The BLAKE3 digest (hex) of each blob, computed when it is stored (after its SHA-256 matched):
-- the hub sends it with the blob (`styrebord-blake3`), and the app checks a download with it,
-- ≈ 3× cheaper on the CPU than SHA-256 (docs/API.md, "Blobs"). NULL for blobs stored before
-- this migration: those are sent without it, and the app checks them by their SHA-256.
ALTER TABLE blobs ADD COLUMN blake3 TEXT;
