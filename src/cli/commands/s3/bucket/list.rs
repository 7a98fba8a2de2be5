use crate::api::{Empty, S3BucketList};
use crate::cli::context::CommandContext;
use crate::cli::error::CliError;
use crate::cli::output::{Human, Table, format_time};

/// List the buckets.
#[derive(Debug, clap::Args)]
pub struct ListArgs {}

pub fn cmd_list(ctx: &CommandContext, _args: ListArgs) -> Result<(), CliError> {
    let buckets = ctx.call::<S3BucketList>(Empty {})?;
    ctx.out().emit(&buckets, |_| {
        let mut table = Table::new(&["NAME", "CREATED"], "No buckets.");
        for b in &buckets {
            table.row(vec![b.name.clone(), format_time(b.created_at)]);
        }
        Human::Table(table)
    })
}
