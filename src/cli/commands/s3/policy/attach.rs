use crate::api::S3PolicyAttach;
use crate::api::policy::AttachParams;
use crate::cli::context::CommandContext;
use crate::cli::error::CliError;
use crate::cli::output::Human;

/// Attach an IAM policy to an identity.
///
/// Tokens whose user claim (by default `sub`) has this value get the policy, merged with the
/// policies their role values name. Needs the ClusterAdmin role.
#[derive(Debug, clap::Args)]
pub struct AttachArgs {
    /// The policy name (case-sensitive).
    pub policy: String,

    /// The identity: a value of the OIDC user claim, such as a token's `sub`.
    pub identity: String,
}

pub fn cmd_attach(ctx: &CommandContext, args: AttachArgs) -> Result<(), CliError> {
    let result = ctx.call::<S3PolicyAttach>(AttachParams {
        policy: args.policy.clone(),
        identity: args.identity.clone(),
    })?;
    ctx.out().emit(&result, |_| {
        Human::Status(format!(
            "Policy '{}' attached to '{}'.",
            args.policy, args.identity
        ))
    })
}
