use crate::api::S3BucketCreate;
use crate::api::bucket::CreateParams;
use crate::cli::context::CommandContext;
use crate::cli::error::CliError;
use crate::cli::output::Human;

/// Create a bucket.
///
/// Bucket names follow S3's rules: 3-63 characters of a-z 0-9 . -, starting and ending with
/// a letter or a digit. Needs the ClusterAdmin role.
#[derive(Debug, clap::Args)]
pub struct CreateArgs {
    /// The bucket name.
    pub name: String,
}

pub fn cmd_create(ctx: &CommandContext, args: CreateArgs) -> Result<(), CliError> {
    let bucket = ctx.call::<S3BucketCreate>(CreateParams { name: args.name })?;
    ctx.out().emit(&bucket, |_| {
        Human::Status(format!("Bucket '{}' created.", bucket.name))
    })
}
