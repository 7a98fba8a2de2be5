//! The S3 listener: the STS endpoint (AWS query protocol at `/`) and the S3 gateway (s3s with
//! our storage backend, SigV4 authentication and IAM authorization). An optional second
//! listener serves the STS alone.

pub mod authz;
pub mod sts;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use s3s::service::{S3Service, S3ServiceBuilder};

use self::authz::{ClientInfo, PolicyAccess, SessionAuth};
use super::s3::S3Backend;
use super::state::SharedState;

/// What a listener answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    S3AndSts,
    StsOnly,
}

#[derive(Clone)]
struct Gateway {
    state: SharedState,
    s3: S3Service,
    surface: Surface,
    secure: bool,
}

/// The s3s service: our backend behind SigV4 (`SessionAuth`) and IAM checks (`PolicyAccess`).
pub fn s3_service(state: &SharedState) -> S3Service {
    let backend = S3Backend::new(state.storage.clone()).with_region(state.config.region.clone());
    let mut builder = S3ServiceBuilder::new(backend);
    builder.set_auth(SessionAuth(state.authz.clone()));
    builder.set_access(PolicyAccess(state.authz.clone()));
    builder.build()
}

pub fn router(state: SharedState, surface: Surface) -> Router {
    let gateway = Gateway {
        s3: s3_service(&state),
        secure: state.config.tls_enabled(),
        state,
        surface,
    };
    Router::new()
        .route("/healthz", get(|| async { "ok\n" }))
        .fallback(dispatch)
        .with_state(Arc::new(gateway))
}

async fn dispatch(
    State(g): State<Arc<Gateway>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    mut req: Request,
) -> Response {
    let is_sts = g.surface == Surface::StsOnly
        || sts::is_sts_request(req.method(), req.uri().path(), req.uri().query(), req.headers());
    if is_sts {
        let query = req.uri().query().map(str::to_string);
        return match axum::body::to_bytes(req.into_body(), sts::MAX_BODY).await {
            Ok(body) => sts::handle(&g.state, peer.ip(), query.as_deref(), &body).await,
            Err(_) => {
                let e = crate::server::sts::StsError::validation_error(format!(
                    "The request body is larger than {} bytes or was cut off",
                    sts::MAX_BODY
                ));
                sts::refuse(peer.ip(), &sts::request_id(), &e)
            }
        };
    }
    req.extensions_mut().insert(ClientInfo {
        ip: peer.ip(),
        secure: g.secure,
    });
    let req = req.map(s3s::Body::http_body_unsync);
    match g.s3.call(req).await {
        Ok(resp) => resp.map(Body::new),
        Err(e) => {
            tracing::error!(error = ?e, "S3 request failed inside the gateway");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                [(header::CONTENT_TYPE, "application/xml")],
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>InternalError</Code>\
                 <Message>We encountered an internal error. Please try again.</Message></Error>",
            )
                .into_response()
        }
    }
}
