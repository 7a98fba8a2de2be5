use crate::api::{Empty, UserList};
use crate::cli::context::CommandContext;
use crate::cli::error::CliError;
use crate::cli::output::{Human, Table, format_time};

/// List the management users.
#[derive(Debug, clap::Args)]
pub struct ListArgs {}

pub fn cmd_list(ctx: &CommandContext, _args: ListArgs) -> Result<(), CliError> {
    let users = ctx.call::<UserList>(Empty {})?;
    ctx.out().emit(&users, |_| {
        let mut table = Table::new(&["USERNAME", "ROLE", "CREATED"], "No users.");
        for u in &users {
            table.row(vec![
                u.username.clone(),
                u.role.to_string(),
                format_time(u.created_at),
            ]);
        }
        Human::Table(table)
    })
}
