//! `weka s3 bucket`: the S3 gateway's buckets.

pub mod create;
pub mod list;
pub mod remove;

use clap::Subcommand;

use crate::cli::context::CommandContext;
use crate::cli::error::CliError;

/// Buckets of the S3 gateway.
#[derive(Debug, Subcommand)]
pub enum BucketCommand {
    Create(create::CreateArgs),
    List(list::ListArgs),
    Remove(remove::RemoveArgs),
}

pub fn run(ctx: &CommandContext, cmd: BucketCommand) -> Result<(), CliError> {
    match cmd {
        BucketCommand::Create(args) => create::cmd_create(ctx, args),
        BucketCommand::List(args) => list::cmd_list(ctx, args),
        BucketCommand::Remove(args) => remove::cmd_remove(ctx, args),
    }
}
