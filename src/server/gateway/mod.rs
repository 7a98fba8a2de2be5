//! The S3 listener: the STS endpoint (AWS query protocol) and the S3 gateway.

use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;

use super::state::SharedState;

/// What a listener answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    S3AndSts,
    StsOnly,
}

pub fn router(state: SharedState, _surface: Surface) -> Router {
    Router::new()
        .route("/healthz", get(|| async { "ok\n" }))
        .fallback(|| async {
            (
                StatusCode::NOT_IMPLEMENTED,
                [(header::CONTENT_TYPE, "application/xml")],
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NotImplemented</Code><Message>The S3 gateway is not built yet</Message></Error>",
            )
                .into_response()
        })
        .with_state(state)
}
