//! The one error shape every command returns to the UI: `{code, message_da, message_en}`, the
//! same shape the hub and the core rules use, so the UI shows every "no" the same way.

use serde::Serialize;
use styrebord_protocol::ErrorBody;

#[derive(Debug, Clone, Serialize, PartialEq, Eq, ts_rs::TS)]
#[ts(export)]
pub struct CommandError(pub ErrorBody);

pub type CommandResult<T> = Result<T, CommandError>;

impl CommandError {
    pub fn new(code: &str, da: impl Into<String>, en: impl Into<String>) -> Self {
        CommandError(ErrorBody::new(code, da, en))
    }

    pub fn not_signed_in() -> Self {
        CommandError::new(
            "not_signed_in",
            "Du er ikke logget ind. Angiv hub-adresse og invitationskode, eller vælg demo.",
            "You are not signed in. Enter the hub address and invitation token, or choose the demo.",
        )
    }

    pub fn not_found(what_da: &str, what_en: &str) -> Self {
        CommandError::new(
            "not_found",
            format!("{what_da} findes ikke i din lokale kopi. Synkronisér og prøv igen."),
            format!("{what_en} is not in your local copy. Sync and try again."),
        )
    }

    pub fn internal(detail: impl std::fmt::Display) -> Self {
        CommandError::new(
            "internal",
            format!("Noget gik galt i appen: {detail}. Prøv igen; intet af det, du har skrevet, er tabt."),
            format!("Something went wrong in the app: {detail}. Try again; nothing you wrote is lost."),
        )
    }
}

impl From<ErrorBody> for CommandError {
    fn from(body: ErrorBody) -> Self {
        CommandError(body)
    }
}

impl From<styrebord_store::StoreError> for CommandError {
    fn from(e: styrebord_store::StoreError) -> Self {
        match serde_json::to_value(&e).and_then(serde_json::from_value::<ErrorBody>) {
            Ok(body) => CommandError(body),
            Err(_) => CommandError::internal(e),
        }
    }
}

impl From<styrebord_store::WriteError> for CommandError {
    fn from(e: styrebord_store::WriteError) -> Self {
        CommandError(e.body())
    }
}

impl From<styrebord_sync::SyncError> for CommandError {
    fn from(e: styrebord_sync::SyncError) -> Self {
        CommandError(e.body())
    }
}
