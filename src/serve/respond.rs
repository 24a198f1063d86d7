//! How the service answers: JSON with a status, an [`ApiError`] as `{code, message}`, and a
//! database step run off the async threads. Shared by the routes of [`super::http`] and
//! [`super::district`].

use std::sync::Arc;

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::{ApiCode, ApiError, App};

pub fn json_response(status: u16, v: &Value) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        crate::json::to_string(v),
    )
        .into_response()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        json_response(self.status, &self.body())
    }
}

/// Runs a database step off the async threads.
pub async fn blocking<T: Send + 'static>(
    app: &Arc<App>,
    f: impl FnOnce(&App) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let app = app.clone();
    tokio::task::spawn_blocking(move || f(&app))
        .await
        .unwrap_or_else(|e| {
            Err(ApiError::new(
                500,
                ApiCode::Internal,
                format!("the request failed: {e}"),
            ))
        })
}
