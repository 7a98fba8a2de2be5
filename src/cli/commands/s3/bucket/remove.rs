use crate::api::bucket::RemoveParams;
use crate::api::{ErrorCode, S3BucketRemove};
use crate::cli::context::CommandContext;
use crate::cli::error::CliError;
use crate::cli::input::require_yes;
use crate::cli::output::Human;

/// Remove a bucket.
///
/// A bucket that still holds objects is only removed with --force, which deletes the
/// objects too. Needs the ClusterAdmin role, and --yes.
#[derive(Debug, clap::Args)]
pub struct RemoveArgs {
    /// The bucket name.
    pub name: String,

    /// Also delete the objects in the bucket.
    #[arg(long)]
    pub force: bool,

    /// Confirm the removal.
    #[arg(long)]
    pub yes: bool,
}

pub fn cmd_remove(ctx: &CommandContext, args: RemoveArgs) -> Result<(), CliError> {
    let action = if args.force {
        format!("remove bucket '{}' and all its objects", args.name)
    } else {
        format!("remove bucket '{}'", args.name)
    };
    require_yes(args.yes, &action)?;
    let result = ctx
        .call::<S3BucketRemove>(RemoveParams {
            name: args.name.clone(),
            force: args.force,
        })
        .map_err(|e| match e.api_kind() {
            Some(ErrorCode::NotEmpty) => e.with_default_hint(format!(
                "add --force to delete the objects with the bucket: `weka s3 bucket remove {} --force --yes`",
                args.name
            )),
            _ => e,
        })?;
    ctx.out().emit(&result, |_| {
        Human::Status(format!("Bucket '{}' removed.", args.name))
    })
}
