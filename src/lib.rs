//! OIDC-federated S3 access, after WEKA S3's OIDC authentication.
//!
//! - [`api`]: the JSON-RPC wire contract shared by the CLI and the server.
//! - `cli`: the `weka` command-line tool (feature `cli`).
//! - `server`: `weka-server`, the management server, STS endpoint and S3 gateway (feature `server`).

pub mod api;

#[cfg(feature = "cli")]
pub mod cli;

#[cfg(feature = "server")]
pub mod server;
