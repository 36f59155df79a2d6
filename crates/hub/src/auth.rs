//! Bearer tokens: minted from 256 bits of OS randomness, stored only as their SHA-256, checked on
//! every request but `GET /health` — from memory while nothing has been committed since the token
//! was last looked up (`fresh.rs`), so a poll with nothing new touches no SQLite.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use sha2::{Digest, Sha256};
use styrebord_core::org::Person;

use crate::error::{ApiError, HubError};
use crate::fresh::{ActiveToken, LogState, TokenKey};
use crate::routes::AppState;
use crate::store::{self, TokenLookup};

/// Tokens start with this, so a leaked one is recognisable (e.g. by secret scanners).
pub const TOKEN_PREFIX: &str = "sbh1_";

/// A fresh token and the hash to store.
pub fn generate_token() -> Result<(String, String), HubError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| HubError::Invalid(format!("no randomness from the OS: {e}")))?;
    let token = format!("{TOKEN_PREFIX}{}", hex::encode(bytes));
    let hash = hash_token(&token);
    Ok((token, hash))
}

pub fn hash_token(token: &str) -> String {
    hex::encode(token_key(token))
}

/// The token's SHA-256 as bytes: what the in-memory cache is keyed by (no hex string per
/// request); [`hash_token`] is its hex, as stored.
fn token_key(token: &str) -> TokenKey {
    Sha256::digest(token.as_bytes()).into()
}

/// How often a token's last use is written down: often enough for "last contact", rare enough
/// that a poll stays a read.
const CONTACT_RESOLUTION: chrono::TimeDelta = chrono::TimeDelta::minutes(5);

fn contact_is_stale(last_used_at: Option<chrono::DateTime<chrono::FixedOffset>>) -> bool {
    last_used_at.is_none_or(|t| chrono::Utc::now().signed_duration_since(t) > CONTACT_RESOLUTION)
}

fn parse_contact(last_used_at: Option<&str>) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    last_used_at.and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
}

/// The authenticated person of a request.
#[derive(Debug, Clone)]
pub struct Authed {
    pub person: Person,
    pub token_id: String,
    /// The token's SHA-256, to check the token again ([`Authed::recheck`]).
    hash: TokenKey,
    /// The change log as committed when the token was checked (after the request arrived), so
    /// the handler needs no second check; `None` when it could not be read from memory.
    pub log: Option<LogState>,
}

impl Authed {
    /// The same token checked again, e.g. after a long poll was parked: refused if it was revoked
    /// (or its person) in the meantime.
    pub async fn recheck(&self, state: &AppState) -> Result<Authed, ApiError> {
        authenticate(state, self.hash).await
    }
}

fn unauthorized(code: &str, da: &str, en: &str) -> ApiError {
    ApiError::new(StatusCode::UNAUTHORIZED, code, da, en)
}

impl FromRequestParts<AppState> for Authed {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let header = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok());
        let token = header
            .and_then(|h| h.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty());
        let Some(token) = token else {
            return Err(unauthorized(
                "token_missing",
                "Forespørgslen mangler adgangsnøgle (Authorization: Bearer …). Log ind igen.",
                "The request has no access token (Authorization: Bearer …). Sign in again.",
            ));
        };
        authenticate(state, token_key(token)).await
    }
}

async fn authenticate(state: &AppState, hash: TokenKey) -> Result<Authed, ApiError> {
    // From memory when the token was found active and nothing has been committed since, by this
    // process or another (a revocation is a commit, and a commit empties the cache: fresh.rs).
    // When the check cannot be made, the token is looked up as always.
    let check = state
        .store
        .check(Some(&hash))
        .inspect_err(|e| tracing::debug!("token cache not consulted: {e}"))
        .ok();
    let version = check.as_ref().map(|c| c.version);
    let log = check.as_ref().map(|c| c.log);
    if let Some(t) = check.and_then(|c| c.token) {
        if !contact_is_stale(t.last_used_at) {
            return Ok(Authed {
                person: t.person,
                token_id: t.token_id,
                hash,
                log,
            });
        }
    }
    // On the heap: this future is part of every request's, which is allocated per request, and
    // the lookup's is most of its size (an empty poll's future was 1.8 kB, /health's 0.6 kB).
    Box::pin(look_up(state, hash, version, log)).await
}

/// The token looked up in SQLite (it was not in memory, or its last use is to be written down).
async fn look_up(
    state: &AppState,
    hash: TokenKey,
    version: Option<i64>,
    log: Option<LogState>,
) -> Result<Authed, ApiError> {
    let key = hex::encode(hash);
    let lookup = state
        .store
        .run(move |s| s.read(|c| store::lookup_token(c, &key)))
        .await??;
    match lookup {
        TokenLookup::Active {
            person,
            token_id,
            last_used_at,
        } => {
            let last_used_at = parse_contact(last_used_at.as_deref());
            if contact_is_stale(last_used_at) {
                // A write: it empties the cache, and the next request remembers the token.
                let id = token_id.clone();
                state
                    .store
                    .run(move |s| s.write(|tx| store::touch_token(tx, &id)))
                    .await??;
            } else if let Some(version) = version {
                state.store.fresh().remember(
                    version,
                    hash,
                    ActiveToken {
                        person: person.clone(),
                        token_id: token_id.clone(),
                        last_used_at,
                    },
                );
            }
            Ok(Authed {
                person,
                token_id,
                hash,
                log,
            })
        }
        TokenLookup::Revoked => Err(unauthorized(
            "token_revoked",
            "Din adgang er tilbagekaldt af sekretariatet. Appen sletter sin lokale kopi; \
             kontakt sekretariatet for ny adgang.",
            "Your access has been revoked by the secretariat. The app deletes its local copy; \
             contact the secretariat for new access.",
        )),
        TokenLookup::Unknown => Err(unauthorized(
            "token_unknown",
            "Adgangsnøglen kendes ikke af denne server. Tjek serveradressen, eller bed \
             sekretariatet om en ny nøgle.",
            "This server does not know the access token. Check the server address, or ask \
             the secretariat for a new token.",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_prefixed_and_hashed() {
        let (a, ha) = generate_token().unwrap();
        let (b, _) = generate_token().unwrap();
        assert_ne!(a, b);
        assert!(a.starts_with(TOKEN_PREFIX));
        assert_eq!(a.len(), TOKEN_PREFIX.len() + 64);
        assert_eq!(ha, hash_token(&a));
        assert_eq!(ha.len(), 64);
        assert!(!ha.contains(&a[TOKEN_PREFIX.len()..]));
    }
}
