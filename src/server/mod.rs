//! `weka-server`: the management API, the STS endpoint and the S3 gateway.

use std::process::ExitCode;

pub mod oidc;
pub mod sts;

pub fn run() -> ExitCode {
    eprintln!("weka-server: under construction");
    ExitCode::FAILURE
}
