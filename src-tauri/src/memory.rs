//! glibc's allocator, told to keep less of what the app has freed (the window's memory,
//! docs/BENCHMARKS.md "Memory beside a bare window").
//!
//! glibc gives each thread that allocates its own arena, up to eight per core, and keeps what is
//! freed in them for reuse. The app has many threads (Tokio's workers and blocking pool, GTK's,
//! SQLite's checkpointer), and a first sync allocates and frees a lot (JSON pages, PDF text to
//! index) once: without this, tens of MiB of freed memory stay with the process after it.

/// Benchmarks only: set to `default` to leave glibc's allocator as it is, to measure what this
/// module saves. Unset in normal use.
pub const VAR: &str = "STYREBORD_MALLOC";

#[cfg_attr(not(all(target_os = "linux", target_env = "gnu")), allow(dead_code))]
fn tuned() -> bool {
    std::env::var_os(VAR).is_none_or(|v| v != "default")
}

/// At most two arenas. Called first thing in `main`, before any other thread exists.
pub fn limit_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if tuned() {
        // SAFETY: mallopt only sets a parameter of glibc's allocator; no other thread runs yet.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, 2);
        }
    }
}

/// Returns the freed memory at the top of the heap and whole free pages inside every arena to
/// the system. After a sync round: costs about a millisecond, rounds are seconds apart.
pub fn give_back() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if tuned() {
        // SAFETY: malloc_trim only releases free memory glibc holds; it is thread-safe.
        unsafe {
            libc::malloc_trim(0);
        }
    }
}
