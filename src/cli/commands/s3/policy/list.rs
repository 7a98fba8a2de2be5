use crate::api::{Empty, S3PolicyList};
use crate::cli::context::CommandContext;
use crate::cli::error::CliError;
use crate::cli::output::{Human, Table, format_time, list_or};

/// List the IAM policies.
///
/// Built-in policies (readonly, writeonly, readwrite) exist from the start and cannot be
/// changed. ATTACHED TO lists the identities a policy is attached to.
#[derive(Debug, clap::Args)]
pub struct ListArgs {}

pub fn cmd_list(ctx: &CommandContext, _args: ListArgs) -> Result<(), CliError> {
    let policies = ctx.call::<S3PolicyList>(Empty {})?;
    ctx.out().emit(&policies, |_| {
        let mut table = Table::new(
            &["NAME", "BUILTIN", "STATEMENTS", "ATTACHED TO", "UPDATED"],
            "No policies.",
        );
        for p in &policies {
            table.row(vec![
                p.name.clone(),
                if p.builtin { "yes" } else { "no" }.into(),
                p.statements.to_string(),
                list_or(&p.attached_to, "-"),
                format_time(p.updated_at),
            ]);
        }
        Human::Table(table)
    })
}
