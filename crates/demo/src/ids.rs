//! Deterministic ids: UUIDv5 over a fixed namespace and a readable key, so the same `today`
//! always gives the same ids (core's convention of UUIDv7 is for ids minted live).

use uuid::Uuid;

/// The demo's own namespace (a fixed, arbitrary UUID).
const NAMESPACE: Uuid = Uuid::from_u128(0x6d1f_3c2a_8b4e_4f7a_9c15_2e7d_0b3a_5c81);

pub(crate) fn uuid(kind: &str, key: &str) -> Uuid {
    Uuid::new_v5(&NAMESPACE, format!("{kind}/{key}").as_bytes())
}
