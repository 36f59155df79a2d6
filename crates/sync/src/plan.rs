//! Pure decisions of the sync engine, each with a table of cases.

use std::path::{Path, PathBuf};
use std::time::Duration;

use styrebord_protocol::{DeviceId, MutationBatch, MutationResult, MAX_BATCH};
use styrebord_store::OutboxEntry;

/// What to do about an HTTP answer (or its absence).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disposition {
    Ok,
    /// Worth trying again later with backoff: the network, a timeout, overload, a server fault.
    Retry,
    /// Trying again cannot help: say why and wait for the member or the secretariat.
    Permanent,
    /// The hub says start over (410): reset the mirror, keep the outbox, pull from scratch.
    Reset,
    /// The cursor is ahead of the hub's log (409 `cursor_ahead`): the hub was restored from a
    /// backup older than what this copy has seen. Reset the mirror, send every write of the
    /// outbox history again (the hub may have lost them), pull from scratch.
    Ahead,
    /// The token was revoked: wipe the local copy.
    Revoked,
}

/// Classifies an HTTP status and the error body's `code`. `None` status = no HTTP answer at all
/// (connection refused or cut, timeout, unreadable body): always worth a retry.
pub fn classify(status: Option<u16>, code: Option<&str>) -> Disposition {
    match status {
        None => Disposition::Retry,
        Some(200..=299) => Disposition::Ok,
        Some(410) => Disposition::Reset,
        Some(409) if code == Some("cursor_ahead") => Disposition::Ahead,
        Some(401) if code == Some("token_revoked") => Disposition::Revoked,
        Some(408 | 429) => Disposition::Retry,
        Some(500..=599) => Disposition::Retry,
        Some(_) => Disposition::Permanent,
    }
}

/// Wait before retry number `attempt` (1-based): 1 s, 2 s, 4 s … capped at 5 minutes. The caller
/// adds up to 25 % jitter so that many clients coming back online do not arrive together.
pub fn backoff(attempt: u32) -> Duration {
    const MAX: Duration = Duration::from_secs(300);
    let exp = attempt.saturating_sub(1).min(16);
    Duration::from_secs(1u64 << exp).min(MAX)
}

/// Adds `fraction` (0.0–1.0) of 25 % jitter to `d`.
pub fn with_jitter(d: Duration, fraction: f64) -> Duration {
    d + d.mul_f64(0.25 * fraction.clamp(0.0, 1.0))
}

/// The next batch to push: the oldest waiting writes, in `client_seq` order, contiguous (the hub
/// refuses a gap), at most [`MAX_BATCH`]. `None` when nothing waits.
pub fn plan_push(device: DeviceId, waiting: &[OutboxEntry]) -> Option<MutationBatch> {
    let mut mutations = Vec::new();
    for e in waiting.iter().take(MAX_BATCH) {
        if let Some(prev) = mutations
            .last()
            .map(|m: &styrebord_protocol::Mutation| m.client_seq)
        {
            if e.client_seq != prev + 1 {
                break;
            }
        }
        mutations.push(e.mutation());
    }
    (!mutations.is_empty()).then_some(MutationBatch {
        device_id: device,
        mutations,
    })
}

/// The hub must answer each mutation sent, in order. Returns the results that belong to the
/// batch, or why the answer cannot be trusted.
pub fn check_results<'a>(
    batch: &MutationBatch,
    results: &'a [MutationResult],
) -> Result<&'a [MutationResult], String> {
    if results.len() != batch.mutations.len() {
        return Err(format!(
            "{} results for {} mutations",
            results.len(),
            batch.mutations.len()
        ));
    }
    for (m, r) in batch.mutations.iter().zip(results) {
        if m.mutation_id != r.mutation_id() {
            return Err(format!(
                "result for {:?} where {:?} was sent",
                r.mutation_id(),
                m.mutation_id
            ));
        }
    }
    Ok(results)
}

/// Where a verified blob lives: `<dir>/<sha>`. One flat folder: a committee's few hundred
/// documents a year are nothing for a directory index, while a folder per hash prefix cost a
/// first sync up to 256 directory creations (ext4 searches its block groups for each one).
pub fn blob_path(dir: &Path, sha: &str) -> PathBuf {
    dir.join(sha)
}

/// Where a blob is downloaded to before verification.
pub fn part_path(dir: &Path, sha: &str) -> PathBuf {
    dir.join("tmp").join(format!("{sha}.part"))
}

/// Where to resume a download, given the partial file's length and the blob's size: `None`
/// means start over (the partial file is longer than the blob, so it cannot be right).
pub fn resume_from(partial: u64, size: u64) -> Option<u64> {
    (partial <= size).then_some(partial)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;
    use styrebord_protocol::{MutationId, Op};
    use styrebord_store::OutboxState;

    #[rstest]
    #[case(None, None, Disposition::Retry)]
    #[case(Some(200), None, Disposition::Ok)]
    #[case(Some(206), None, Disposition::Ok)]
    #[case(Some(410), Some("reset_epoch_changed"), Disposition::Reset)]
    #[case(Some(401), Some("token_revoked"), Disposition::Revoked)]
    #[case(Some(401), Some("token_unknown"), Disposition::Permanent)]
    #[case(Some(401), None, Disposition::Permanent)]
    #[case(Some(409), Some("client_seq_gap"), Disposition::Permanent)]
    #[case(Some(409), Some("cursor_ahead"), Disposition::Ahead)]
    #[case(Some(400), Some("cursor_ahead"), Disposition::Permanent)]
    #[case(Some(400), Some("json_invalid"), Disposition::Permanent)]
    #[case(Some(404), None, Disposition::Permanent)]
    #[case(Some(408), None, Disposition::Retry)]
    #[case(Some(429), None, Disposition::Retry)]
    #[case(Some(500), Some("internal"), Disposition::Retry)]
    #[case(Some(502), None, Disposition::Retry)]
    #[case(Some(503), None, Disposition::Retry)]
    fn classification(
        #[case] status: Option<u16>,
        #[case] code: Option<&str>,
        #[case] expected: Disposition,
    ) {
        assert_eq!(classify(status, code), expected);
    }

    #[rstest]
    #[case(0, 1)]
    #[case(1, 1)]
    #[case(2, 2)]
    #[case(3, 4)]
    #[case(9, 256)]
    #[case(10, 300)]
    #[case(1000, 300)]
    fn backoff_doubles_up_to_five_minutes(#[case] attempt: u32, #[case] secs: u64) {
        assert_eq!(backoff(attempt), Duration::from_secs(secs));
    }

    #[test]
    fn jitter_adds_at_most_a_quarter() {
        let d = Duration::from_secs(4);
        assert_eq!(with_jitter(d, 0.0), d);
        assert_eq!(with_jitter(d, 1.0), Duration::from_secs(5));
        assert_eq!(with_jitter(d, 7.0), Duration::from_secs(5));
    }

    fn entry(seq: u64) -> OutboxEntry {
        OutboxEntry {
            mutation_id: MutationId(uuid::Uuid::from_u128(seq as u128)),
            client_seq: seq,
            op: Op::PublishAgenda {
                meeting: styrebord_core::MeetingId::from_uuid(uuid::Uuid::nil()),
            },
            state: OutboxState::Pending,
            ack_seq: None,
            error: None,
            attempts: 0,
            created_at: String::new(),
        }
    }

    #[rstest]
    #[case(vec![], vec![])]
    #[case(vec![1, 2, 3], vec![1, 2, 3])]
    #[case(vec![4, 5, 7], vec![4, 5])]
    #[case((1..=150).collect(), (1..=100).collect())]
    fn push_plans(#[case] waiting: Vec<u64>, #[case] sent: Vec<u64>) {
        let device = DeviceId(uuid::Uuid::nil());
        let entries: Vec<_> = waiting.into_iter().map(entry).collect();
        let got: Vec<u64> = plan_push(device, &entries)
            .map(|b| b.mutations.iter().map(|m| m.client_seq).collect())
            .unwrap_or_default();
        assert_eq!(got, sent);
    }

    #[test]
    fn results_must_answer_the_batch_in_order() {
        let device = DeviceId(uuid::Uuid::nil());
        let batch = plan_push(device, &[entry(1), entry(2)]).unwrap();
        let ok = |seq: u64| MutationResult::Applied {
            mutation_id: MutationId(uuid::Uuid::from_u128(seq as u128)),
            client_seq: seq,
            seq: 10,
            notices: vec![],
        };
        assert!(check_results(&batch, &[ok(1), ok(2)]).is_ok());
        assert!(check_results(&batch, &[ok(1)]).is_err());
        assert!(check_results(&batch, &[ok(2), ok(1)]).is_err());
    }

    #[rstest]
    #[case(0, 10, Some(0))]
    #[case(5, 10, Some(5))]
    #[case(10, 10, Some(10))]
    #[case(11, 10, None)]
    fn resume(#[case] partial: u64, #[case] size: u64, #[case] expected: Option<u64>) {
        assert_eq!(resume_from(partial, size), expected);
    }

    #[test]
    fn blobs_live_in_one_folder_and_parts_beside_them() {
        let sha = "ab".repeat(32);
        assert_eq!(blob_path(Path::new("/b"), &sha), Path::new("/b").join(&sha));
        assert_eq!(
            part_path(Path::new("/b"), &sha),
            Path::new("/b/tmp").join(format!("{sha}.part"))
        );
    }
}
