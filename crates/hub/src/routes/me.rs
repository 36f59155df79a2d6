//! `GET /v1/me`.

use axum::extract::State;
use axum::Json;
use styrebord_protocol::{Cursor, Me};

use crate::auth::Authed;
use crate::error::ApiError;
use crate::routes::AppState;
use crate::store;

pub async fn get(State(state): State<AppState>, auth: Authed) -> Result<Json<Me>, ApiError> {
    let (epoch, head) = state
        .store
        .run(|s| s.read(|c| Ok((store::epoch(c)?, store::head_seq(c)?))))
        .await??;
    Ok(Json(Me {
        person: store::person_info(&auth.person, true),
        token_id: auth.token_id,
        head: Cursor { epoch, seq: head },
        api_version: "v1".into(),
    }))
}
