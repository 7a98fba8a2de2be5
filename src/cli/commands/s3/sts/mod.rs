//! `weka s3 sts`: temporary credentials issued by `AssumeRoleWithWebIdentity`.

pub mod list;
pub mod revoke;

use clap::Subcommand;

use crate::cli::context::CommandContext;
use crate::cli::error::CliError;

/// Temporary credentials issued by the STS endpoint.
#[derive(Debug, Subcommand)]
pub enum StsCommand {
    List(list::ListArgs),
    Revoke(revoke::RevokeArgs),
}

pub fn run(ctx: &CommandContext, cmd: StsCommand) -> Result<(), CliError> {
    match cmd {
        StsCommand::List(args) => list::cmd_list(ctx, args),
        StsCommand::Revoke(args) => revoke::cmd_revoke(ctx, args),
    }
}
