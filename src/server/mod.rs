//! `weka-server`: the management API, the STS endpoint and the S3 gateway.

pub mod s3;

use std::process::ExitCode;

pub fn run() -> ExitCode {
    eprintln!("weka-server: under construction");
    ExitCode::FAILURE
}
