//! Shared harness of the integration tests: the real `weka-server` on free loopback ports with
//! a temporary data directory, the real `weka` binary with a cleared environment, the real
//! OIDC provider (`idp`) and an in-process test provider for rejection cases (`test_idp`).
#![allow(dead_code)]

pub mod awscli;
pub mod cli;
pub mod idp;
pub mod s3;
pub mod server;
pub mod test_idp;

#[allow(unused_imports)]
pub use server::TestServer;
