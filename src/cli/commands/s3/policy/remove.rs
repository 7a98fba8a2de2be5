use crate::api::S3PolicyRemove;
use crate::api::policy::NameParams;
use crate::cli::context::CommandContext;
use crate::cli::error::CliError;
use crate::cli::input::require_yes;
use crate::cli::output::Human;

/// Remove an IAM policy.
///
/// Tokens whose role values name it no longer get its permissions; temporary credentials
/// already issued lose them at once. Built-in policies cannot be removed. Needs the
/// ClusterAdmin role, and --yes.
#[derive(Debug, clap::Args)]
pub struct RemoveArgs {
    /// The policy name (case-sensitive).
    pub name: String,

    /// Confirm the removal.
    #[arg(long)]
    pub yes: bool,
}

pub fn cmd_remove(ctx: &CommandContext, args: RemoveArgs) -> Result<(), CliError> {
    require_yes(args.yes, &format!("remove policy '{}'", args.name))?;
    let result = ctx.call::<S3PolicyRemove>(NameParams {
        name: args.name.clone(),
    })?;
    ctx.out().emit(&result, |_| {
        Human::Status(format!("Policy '{}' removed.", args.name))
    })
}
