//! `GET /v1/me`: who the token belongs to.

use serde::{Deserialize, Serialize};

use crate::changes::PersonInfo;
use crate::cursor::Cursor;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub person: PersonInfo,
    /// The id of the token used (not the token), for the secretariat's `revoke --token`.
    pub token_id: String,
    /// The newest cursor the hub has, so a client can tell how far behind it is.
    pub head: Cursor,
    pub api_version: String,
}
