//! What every request handler shares.

use std::sync::Arc;

use super::config::Config;
use super::secrets::ServerKey;
use super::store::Store;

pub struct AppState {
    pub config: Config,
    pub store: Store,
    pub key: ServerKey,
    /// HTTP client for the identity provider (bounded timeouts, rustls).
    pub http: reqwest::Client,
}

pub type SharedState = Arc<AppState>;
