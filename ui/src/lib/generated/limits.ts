// Generated from styrebord-core (crates/core/src/text.rs) by `make types`. Do not edit.
/** Most characters (Unicode scalar values) in a comment, response or note. */
export const MAX_TEXT_CHARS = 4000;
