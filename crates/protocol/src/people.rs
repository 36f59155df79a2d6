//! The secretariat's acts on people and access (`/v1/people`, `/v1/tokens`) and the list of
//! organisations whose answer is awaited (`/v1/outstanding`). Tokens are secrets: they are never
//! in the change feed or a stored mutation result, only in the one response that creates them.

use serde::{Deserialize, Serialize};
use styrebord_core::entity::PersonInfo;
use styrebord_core::ids::{OrgId, PersonId};
use styrebord_core::org::Role;

/// `POST /v1/people`: give someone access. The client mints `id`, so a retry after a lost answer
/// is refused as `id_conflict` instead of creating the person twice (then issue a new token).
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewPerson {
    pub id: PersonId,
    pub org: OrgId,
    pub role: Role,
    pub name: String,
    pub email: String,
    /// The new representative takes the organisation's seat from the sitting one, who loses
    /// access in the same act.
    #[serde(default)]
    pub replace_representative: bool,
}

/// The answer to creating a person or a token: the token, shown this once.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    pub person: PersonId,
    pub token_id: String,
    pub token: String,
}

/// One access token (never the token itself).
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenInfo {
    pub id: String,
    pub created_at: String,
    /// Noted at most every five minutes.
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

/// One device that has sent writes, with when it last did.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceInfo {
    pub id: String,
    pub last_client_seq: u64,
    pub last_seen: Option<String>,
}

/// `GET /v1/people`: each person with their tokens and devices.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonAccess {
    pub person: PersonInfo,
    pub tokens: Vec<TokenInfo>,
    pub devices: Vec<DeviceInfo>,
}

/// `DELETE /v1/people/{id}`: the person is inactive and this many tokens were revoked.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revoked {
    pub person: Option<PersonId>,
    pub tokens_revoked: usize,
}

/// `GET /v1/outstanding?procedure=…` or `?minutes=…`: who has not answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outstanding {
    pub orgs: Vec<OrgId>,
}
