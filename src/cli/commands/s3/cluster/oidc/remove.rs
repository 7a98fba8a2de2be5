use crate::api::{Empty, S3OidcRemove};
use crate::cli::context::CommandContext;
use crate::cli::error::CliError;
use crate::cli::input::require_yes;
use crate::cli::output::Human;

/// Remove the OIDC identity provider configuration.
///
/// The STS endpoint then refuses every web identity token. Temporary credentials already
/// issued stay valid until they expire (revoke them with `weka s3 sts revoke`). Needs the
/// ClusterAdmin role, and --yes.
#[derive(Debug, clap::Args)]
pub struct RemoveArgs {
    /// Confirm the removal.
    #[arg(long)]
    pub yes: bool,
}

pub fn cmd_remove(ctx: &CommandContext, args: RemoveArgs) -> Result<(), CliError> {
    require_yes(args.yes, "remove the OIDC configuration")?;
    let result = ctx.call::<S3OidcRemove>(Empty {})?;
    ctx.out()
        .emit(&result, |_| Human::Status("OIDC configuration removed.".into()))
}
