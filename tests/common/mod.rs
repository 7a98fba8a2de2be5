//! Shared harness of the integration tests: the real `weka-server` on free loopback ports with
//! a temporary data directory, the real `weka` binary with a cleared environment.
#![allow(dead_code)]

pub mod idp;
pub mod server;

pub use server::TestServer;
