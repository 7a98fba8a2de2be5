use clap::ArgGroup;

use crate::api::S3StsRevoke;
use crate::api::sts::RevokeParams;
use crate::cli::context::CommandContext;
use crate::cli::error::{CliError, ExitStatus};
use crate::cli::input::require_yes;
use crate::cli::output::Human;

/// Revoke temporary credentials before they expire.
///
/// Give one access key, or --subject to revoke every credential issued to that subject
/// (which needs --yes). Revoked credentials are refused by the S3 gateway at once. Needs the
/// ClusterAdmin role.
#[derive(Debug, clap::Args)]
#[command(group(ArgGroup::new("target").required(true).args(["access_key", "subject"])))]
pub struct RevokeArgs {
    /// The access key of the credential to revoke.
    pub access_key: Option<String>,

    /// Revoke all credentials issued to this subject (the token's `sub`).
    #[arg(long, value_name = "SUB")]
    pub subject: Option<String>,

    /// Confirm revoking all credentials of --subject.
    #[arg(long)]
    pub yes: bool,
}

pub fn cmd_revoke(ctx: &CommandContext, args: RevokeArgs) -> Result<(), CliError> {
    if let Some(subject) = &args.subject {
        require_yes(
            args.yes,
            &format!("revoke all temporary credentials of subject '{subject}'"),
        )?;
    }
    let result = ctx.call::<S3StsRevoke>(RevokeParams {
        access_key: args.access_key.clone(),
        subject: args.subject.clone(),
    })?;
    if let (Some(key), 0) = (&args.access_key, result.revoked) {
        return Err(CliError::new(
            ExitStatus::NotFound,
            "NotFound",
            format!("no temporary credential has the access key '{key}'"),
        )
        .with_hint("list the current ones with `weka s3 sts list`"));
    }
    ctx.out().emit(&result, |_| {
        Human::Status(match (&args.subject, result.revoked) {
            (Some(s), 0) => format!("Subject '{s}' has no temporary credentials; nothing revoked."),
            (_, 1) => "Revoked 1 temporary credential.".to_string(),
            (_, n) => format!("Revoked {n} temporary credentials."),
        })
    })
}
