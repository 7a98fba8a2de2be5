//! What every request handler shares.

use std::sync::Arc;

use super::config::Config;
use super::gateway::authz::AuthzCache;
use super::provider::OidcRuntime;
use super::s3::FsStorage;
use super::secrets::ServerKey;
use super::store::Store;

pub struct AppState {
    pub config: Config,
    pub store: Store,
    pub key: ServerKey,
    /// HTTP client for the identity provider (bounded timeouts, rustls).
    pub http: reqwest::Client,
    /// The configured identity provider, ready to validate tokens.
    pub oidc: OidcRuntime,
    /// Temporary credentials and parsed policies for the S3 gateway.
    pub authz: Arc<AuthzCache>,
    /// The objects, under `<data-dir>/objects`.
    pub storage: FsStorage,
}

pub type SharedState = Arc<AppState>;
