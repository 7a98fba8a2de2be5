//! `weka`: the management command-line tool.

use std::process::ExitCode;

pub fn run() -> ExitCode {
    eprintln!("weka: under construction");
    ExitCode::FAILURE
}
