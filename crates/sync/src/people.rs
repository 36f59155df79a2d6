//! The secretariat's acts on people and access over `/v1/people` and `/v1/tokens`. Unlike the
//! desk's other acts these are not queued: a token is a secret the hub mints and shows once, so
//! they need the hub there and then, and the caller says so plainly when it is not.

use styrebord_core::ids::PersonId;
use styrebord_protocol::people::{Invitation, NewPerson, PersonAccess, Revoked};

use crate::engine::{SyncEngine, SyncReport};
use crate::SyncError;

impl SyncEngine {
    /// Everyone with access, with their tokens and devices and when each was last used.
    pub async fn people(&self) -> Result<Vec<PersonAccess>, SyncError> {
        self.get_json("/v1/people", &mut SyncReport::default())
            .await
    }

    /// Gives someone access (and, with `replace_representative`, the organisation's seat).
    /// The answer carries the token, shown this once.
    pub async fn invite(&self, person: &NewPerson) -> Result<Invitation, SyncError> {
        self.send_json(reqwest::Method::POST, "/v1/people", Some(person))
            .await
    }

    /// A new token for someone who lost theirs or got a new computer.
    pub async fn new_token(&self, person: PersonId) -> Result<Invitation, SyncError> {
        self.send_json::<(), _>(
            reqwest::Method::POST,
            &format!("/v1/people/{person}/tokens"),
            None,
        )
        .await
    }

    /// Takes away someone's access: every token of theirs stops working at once.
    pub async fn revoke_person(&self, person: PersonId) -> Result<Revoked, SyncError> {
        self.send_json::<(), _>(
            reqwest::Method::DELETE,
            &format!("/v1/people/{person}"),
            None,
        )
        .await
    }

    /// Revokes one token (a lost laptop) and leaves the person's others working.
    pub async fn revoke_token(&self, token_id: &str) -> Result<Revoked, SyncError> {
        self.send_json::<(), _>(
            reqwest::Method::DELETE,
            &format!("/v1/tokens/{token_id}"),
            None,
        )
        .await
    }

    /// A request with an optional JSON body, answered with JSON. Not retried here: the person at
    /// the desk sees the answer (or that the hub is away) and decides.
    async fn send_json<B: serde::Serialize, T: serde::de::DeserializeOwned>(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&B>,
    ) -> Result<T, SyncError> {
        let mut req = self.request(method, path).timeout(self.cfg.request_timeout);
        if let Some(body) = body {
            req = req.json(body);
        }
        Self::json(self.send_checked(req, &mut SyncReport::default()).await?).await
    }
}
