use crate::api::UserRemove;
use crate::api::user::RemoveParams;
use crate::cli::context::CommandContext;
use crate::cli::error::CliError;
use crate::cli::input::require_yes;
use crate::cli::output::Human;

/// Remove a management user and end their sessions.
///
/// Needs the ClusterAdmin role, and --yes.
#[derive(Debug, clap::Args)]
pub struct RemoveArgs {
    /// The user to remove.
    pub username: String,

    /// Confirm the removal.
    #[arg(long)]
    pub yes: bool,
}

pub fn cmd_remove(ctx: &CommandContext, args: RemoveArgs) -> Result<(), CliError> {
    require_yes(args.yes, &format!("remove user '{}'", args.username))?;
    let result = ctx.call::<UserRemove>(RemoveParams {
        username: args.username.clone(),
    })?;
    ctx.out().emit(&result, |_| {
        Human::Status(format!("User '{}' removed.", args.username))
    })
}
