use crate::api::S3PolicyDetach;
use crate::api::policy::AttachParams;
use crate::cli::context::CommandContext;
use crate::cli::error::CliError;
use crate::cli::output::Human;

/// Detach an IAM policy from an identity.
///
/// Needs the ClusterAdmin role.
#[derive(Debug, clap::Args)]
pub struct DetachArgs {
    /// The policy name (case-sensitive).
    pub policy: String,

    /// The identity the policy is attached to.
    pub identity: String,
}

pub fn cmd_detach(ctx: &CommandContext, args: DetachArgs) -> Result<(), CliError> {
    let result = ctx.call::<S3PolicyDetach>(AttachParams {
        policy: args.policy.clone(),
        identity: args.identity.clone(),
    })?;
    ctx.out().emit(&result, |_| {
        Human::Status(format!(
            "Policy '{}' detached from '{}'.",
            args.policy, args.identity
        ))
    })
}
