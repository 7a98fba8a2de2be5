//! `weka s3 policy`: IAM policies. A role value in a token names the policy of exactly the
//! same name (case-sensitive); policies can also be attached to identities.

pub mod add;
pub mod attach;
pub mod detach;
pub mod list;
pub mod remove;
pub mod show;

use clap::Subcommand;

use crate::cli::context::CommandContext;
use crate::cli::error::CliError;

/// IAM policies, named as the identity provider's role values.
#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    Add(add::AddArgs),
    List(list::ListArgs),
    Show(show::ShowArgs),
    Remove(remove::RemoveArgs),
    Attach(attach::AttachArgs),
    Detach(detach::DetachArgs),
}

pub fn run(ctx: &CommandContext, cmd: PolicyCommand) -> Result<(), CliError> {
    match cmd {
        PolicyCommand::Add(args) => add::cmd_add(ctx, args),
        PolicyCommand::List(args) => list::cmd_list(ctx, args),
        PolicyCommand::Show(args) => show::cmd_show(ctx, args),
        PolicyCommand::Remove(args) => remove::cmd_remove(ctx, args),
        PolicyCommand::Attach(args) => attach::cmd_attach(ctx, args),
        PolicyCommand::Detach(args) => detach::cmd_detach(ctx, args),
    }
}
