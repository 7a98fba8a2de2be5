use crate::api::S3StsList;
use crate::api::sts::ListParams;
use crate::cli::context::CommandContext;
use crate::cli::error::CliError;
use crate::cli::output::{Human, Table, format_time, list_or};

/// List the temporary credentials that have not expired.
///
/// Expired credentials are deleted by the server's background cleanup. Secret keys and
/// session tokens are never shown.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Only the credentials issued to this subject (the token's `sub`).
    #[arg(long, value_name = "SUB")]
    pub subject: Option<String>,
}

pub fn cmd_list(ctx: &CommandContext, args: ListArgs) -> Result<(), CliError> {
    let creds = ctx.call::<S3StsList>(ListParams {
        subject: args.subject,
    })?;
    ctx.out().emit(&creds, |_| {
        let mut table = Table::new(
            &["ACCESS KEY", "SUBJECT", "SESSION", "POLICIES", "EXPIRES"],
            "No temporary credentials.",
        );
        for c in &creds {
            let mut policies = list_or(&c.policies, "-");
            if c.has_session_policy {
                policies.push_str(" (+session policy)");
            }
            table.row(vec![
                c.access_key.clone(),
                c.subject.clone(),
                c.session_name.clone(),
                policies,
                format_time(c.expires_at),
            ]);
        }
        Human::Table(table)
    })
}
