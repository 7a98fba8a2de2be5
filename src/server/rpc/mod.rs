//! The management API: JSON-RPC 2.0 over HTTP at `POST /api/v1`, with batches.

mod bucket;
mod oidc;
pub mod policy;
mod sts;
mod user;

use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::Value;

use super::auth::{self, Caller};
use super::state::{AppState, SharedState};
use crate::api::{self, ApiError, ErrorCode, Id, Method, RPC_PATH};

/// Largest request body the management API reads.
const MAX_BODY: usize = 1 << 20;
/// Most requests in one batch.
const MAX_BATCH: usize = 100;

pub fn router(state: SharedState) -> Router {
    Router::new()
        .route(RPC_PATH, post(handle_http))
        .route("/healthz", get(|| async { "ok\n" }))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(state)
}

async fn handle_http(State(state): State<SharedState>, headers: HeaderMap, body: Bytes) -> Response {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_string());
    let value: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => {
            let err = ApiError::new(
                ErrorCode::ParseError,
                format!("the request body is not valid JSON: {e}"),
            );
            return json_response(&api::Response::failure(Id::Null, err));
        }
    };
    match value {
        Value::Array(items) if items.is_empty() => {
            let err = ApiError::new(ErrorCode::InvalidRequest, "an empty batch is not a request");
            json_response(&api::Response::failure(Id::Null, err))
        }
        Value::Array(items) if items.len() > MAX_BATCH => {
            let err = ApiError::new(
                ErrorCode::InvalidRequest,
                format!("a batch may hold at most {MAX_BATCH} requests"),
            );
            json_response(&api::Response::failure(Id::Null, err))
        }
        Value::Array(items) => {
            let mut responses = Vec::with_capacity(items.len());
            for item in items {
                if let Some(r) = handle_one(&state, bearer.clone(), item).await {
                    responses.push(r);
                }
            }
            if responses.is_empty() {
                StatusCode::NO_CONTENT.into_response()
            } else {
                json_response(&responses)
            }
        }
        other => match handle_one(&state, bearer, other).await {
            Some(r) => json_response(&r),
            None => StatusCode::NO_CONTENT.into_response(),
        },
    }
}

fn json_response<T: serde::Serialize>(body: &T) -> Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => ([(header::CONTENT_TYPE, "application/json")], bytes).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// Handles one request object; `None` for a notification.
async fn handle_one(state: &SharedState, bearer: Option<String>, value: Value) -> Option<api::Response> {
    let raw_id = value.get("id").cloned();
    let req: api::Request = match serde_json::from_value(value) {
        Ok(r) => r,
        Err(e) => {
            let id = raw_id
                .and_then(|v| serde_json::from_value(v).ok())
                .unwrap_or(Id::Null);
            let err = ApiError::new(
                ErrorCode::InvalidRequest,
                format!("not a JSON-RPC 2.0 request: {e}"),
            );
            return Some(api::Response::failure(id, err));
        }
    };
    let id = req.id.clone();
    let outcome = if req.jsonrpc != "2.0" {
        Err(ApiError::new(
            ErrorCode::InvalidRequest,
            "`jsonrpc` must be \"2.0\"",
        ))
    } else {
        let started = Instant::now();
        let method = req.method.clone();
        // A task of its own: a panic in a handler becomes an InternalError, never a dropped connection.
        let task = tokio::spawn(dispatch(state.clone(), bearer, req.method, req.params));
        let outcome = match task.await {
            Ok(r) => r,
            Err(e) => {
                tracing::error!(method = %method, panic = e.is_panic(), "handler failed");
                Err(ApiError::internal(
                    "the server failed while handling the request; see its log",
                ))
            }
        };
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        match &outcome {
            Ok(_) => tracing::info!(method = %method, ms, "rpc ok"),
            Err(e) => {
                tracing::info!(method = %method, ms, error = %e.kind().map(|k| k.name()).unwrap_or("?"), "rpc error")
            }
        }
        outcome
    };
    let id = id?;
    Some(match outcome {
        Ok(v) => api::Response::success(id, v),
        Err(e) => api::Response::failure(id, e),
    })
}

fn parse_params<M: Method>(params: Option<Value>) -> Result<M::Params, ApiError> {
    let value = match params {
        None | Some(Value::Null) => Value::Object(Default::default()),
        Some(v @ Value::Object(_)) => v,
        Some(_) => {
            return Err(ApiError::new(
                ErrorCode::InvalidParams,
                format!("'{}' takes its params as an object", M::NAME),
            ));
        }
    };
    serde_json::from_value(value).map_err(|e| {
        ApiError::new(
            ErrorCode::InvalidParams,
            format!("invalid params for '{}': {e}", M::NAME),
        )
    })
}

fn to_value<T: serde::Serialize>(v: T) -> Result<Value, ApiError> {
    serde_json::to_value(v).map_err(|e| ApiError::internal(format!("cannot encode the result: {e}")))
}

/// Routes a method name to its handler. Anonymous handlers take `(state, params)`; the others
/// take `(state, caller, params)` with the caller already checked against the method's rule.
macro_rules! route {
    ($state:ident, $caller:ident, $method:ident, $params:ident;
     anonymous { $($am:ty => $ah:path,)* }
     authenticated { $($m:ty => $h:path,)* }) => {
        match $method.as_str() {
            $(<$am as Method>::NAME => to_value($ah(&$state, parse_params::<$am>($params)?).await?),)*
            $(<$m as Method>::NAME => {
                let caller = $caller.as_ref().ok_or_else(|| ApiError::internal("no caller"))?;
                to_value($h(&$state, caller, parse_params::<$m>($params)?).await?)
            })*
            other => Err(ApiError::new(ErrorCode::MethodNotFound, format!("no method '{other}'"))
                .with_hint("the client and the server versions may differ")),
        }
    };
}

async fn dispatch(
    state: Arc<AppState>,
    bearer: Option<String>,
    method: String,
    params: Option<Value>,
) -> Result<Value, ApiError> {
    let Some(access) = api::method_access(&method) else {
        return Err(
            ApiError::new(ErrorCode::MethodNotFound, format!("no method '{method}'"))
                .with_hint("the client and the server versions may differ"),
        );
    };
    let caller: Option<Caller> = auth::authorize(&state, bearer.as_deref(), &method, access)?;
    route!(state, caller, method, params;
        anonymous {
            api::UserLogin => user::login,
            api::UserRefresh => user::refresh,
        }
        authenticated {
            api::UserLogout => user::logout,
            api::UserWhoami => user::whoami,
            api::UserAdd => user::add,
            api::UserList => user::list,
            api::UserRemove => user::remove,
            api::UserSetPassword => user::set_password,
            api::S3OidcAdd => oidc::add,
            api::S3OidcShow => oidc::show,
            api::S3OidcUpdate => oidc::update,
            api::S3OidcRemove => oidc::remove,
            api::S3OidcTest => oidc::test,
            api::S3PolicyAdd => policy::add,
            api::S3PolicyList => policy::list,
            api::S3PolicyShow => policy::show,
            api::S3PolicyRemove => policy::remove,
            api::S3PolicyAttach => policy::attach,
            api::S3PolicyDetach => policy::detach,
            api::S3StsList => sts::list,
            api::S3StsRevoke => sts::revoke,
            api::S3BucketCreate => bucket::create,
            api::S3BucketList => bucket::list,
            api::S3BucketRemove => bucket::remove,
        }
    )
}
