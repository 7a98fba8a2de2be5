//! The command tree: one folder per group, one file per leaf command. Each leaf pairs an
//! `XxxArgs` (whose doc comments are the help text and the man page) with `cmd_xxx`.

pub mod completions;
pub mod s3;
pub mod user;
