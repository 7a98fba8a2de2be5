//! `weka user`: the login session and the management users.

pub mod add;
pub mod list;
pub mod login;
pub mod logout;
pub mod passwd;
pub mod remove;
pub mod whoami;

use clap::Subcommand;

use crate::cli::context::CommandContext;
use crate::cli::error::CliError;

/// Log in and out, and manage the management users.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    Login(login::LoginArgs),
    Logout(logout::LogoutArgs),
    Whoami(whoami::WhoamiArgs),
    Add(add::AddArgs),
    List(list::ListArgs),
    Remove(remove::RemoveArgs),
    Passwd(passwd::PasswdArgs),
}

pub fn run(ctx: &CommandContext, cmd: UserCommand) -> Result<(), CliError> {
    match cmd {
        UserCommand::Login(args) => login::cmd_login(ctx, args),
        UserCommand::Logout(args) => logout::cmd_logout(ctx, args),
        UserCommand::Whoami(args) => whoami::cmd_whoami(ctx, args),
        UserCommand::Add(args) => add::cmd_add(ctx, args),
        UserCommand::List(args) => list::cmd_list(ctx, args),
        UserCommand::Remove(args) => remove::cmd_remove(ctx, args),
        UserCommand::Passwd(args) => passwd::cmd_passwd(ctx, args),
    }
}
