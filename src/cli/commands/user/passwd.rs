use crate::api::UserSetPassword;
use crate::api::user::SetPasswordParams;
use crate::cli::context::CommandContext;
use crate::cli::error::{CliError, ExitStatus};
use crate::cli::input;
use crate::cli::output::Human;

/// Change a password: your own, or (as ClusterAdmin) another user's.
///
/// Changing your own password asks for the current one. Passwords not given as options are
/// asked for on the terminal, the new one twice.
#[derive(Debug, clap::Args)]
pub struct PasswdArgs {
    /// The user whose password to change; yourself when omitted.
    pub username: Option<String>,

    /// The new password (at least 8 characters); asked for when not given.
    #[arg(long)]
    pub password: Option<String>,

    /// Your current password, needed to change your own; asked for when not given.
    #[arg(long)]
    pub current_password: Option<String>,
}

pub fn cmd_passwd(ctx: &CommandContext, args: PasswdArgs) -> Result<(), CliError> {
    let me = ctx.client()?.session()?.username;
    let target = args.username.unwrap_or_else(|| me.clone());
    let own = target == me;
    let current = if own {
        Some(input::given_or_prompted(
            args.current_password,
            "current password",
            "pass --current-password and --password, or run on a terminal to be asked",
            || input::prompt_secret(&format!("Current password for '{me}': ")),
        )?)
    } else {
        None
    };
    let password = input::given_or_prompted(
        args.password,
        "new password",
        "pass --password, or run on a terminal to be asked",
        || input::prompt_new_password(&target),
    )?;
    input::check_new_password(&password)?;
    let params = SetPasswordParams {
        username: if own { None } else { Some(target.clone()) },
        password,
        current_password: current,
    };
    let result = ctx.call::<UserSetPassword>(params).map_err(|e| {
        if own && e.status() == ExitStatus::Authentication {
            // The server answers a wrong current password as it answers a dead session.
            e.with_hint(format!(
                "check the current password of '{me}'; if the session ended, log in again with {}",
                ctx.server().login_command()
            ))
        } else {
            e
        }
    })?;
    ctx.out().emit(&result, |_| {
        Human::Status(format!("Password of '{target}' changed."))
    })
}
