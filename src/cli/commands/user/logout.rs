use serde_json::json;

use crate::api::UserLogout;
use crate::api::user::LogoutParams;
use crate::cli::context::CommandContext;
use crate::cli::error::{CliError, ExitStatus};
use crate::cli::output::Human;

/// End the session with the server and forget its tokens.
///
/// The server revokes the session's refresh token; the local copy of the tokens is removed.
/// When the server cannot be reached the tokens are kept, so that logging out can be retried;
/// --local forgets them without telling the server.
#[derive(Debug, clap::Args)]
pub struct LogoutArgs {
    /// Only forget the local tokens; do not contact the server.
    #[arg(long)]
    pub local: bool,
}

pub fn cmd_logout(ctx: &CommandContext, args: LogoutArgs) -> Result<(), CliError> {
    let client = ctx.client()?;
    let server = client.server().key();
    let session = match client.session() {
        Ok(s) => Some(s),
        Err(e) if e.status() == ExitStatus::Authentication => None,
        Err(e) => return Err(e),
    };
    let Some(session) = session else {
        return ctx
            .out()
            .emit(&json!({"server": server, "logged_out": false}), |_| {
                Human::Status(format!("Not logged in to {server}; nothing to do."))
            });
    };
    if !args.local {
        let params = LogoutParams {
            refresh_token: Some(session.refresh_token.clone()),
        };
        match client.call::<UserLogout>(params) {
            Ok(_) => {}
            // The server had ended the session already: nothing left to revoke there.
            Err(e) if e.status() == ExitStatus::Authentication => {}
            Err(e) => {
                return Err(e
                    .context("cannot end the session on the server; the local tokens are kept")
                    .with_hint(format!(
                        "try again when {server} answers, or run `weka user logout --local` to only \
                         forget the local tokens"
                    )));
            }
        }
    }
    client.forget_session()?;
    ctx.out().emit(
        &json!({"server": server, "username": session.username, "logged_out": true}),
        |_| {
            Human::Status(if args.local {
                format!(
                    "Forgot the local session of '{}' on {server}; the server was not told.",
                    session.username
                )
            } else {
                format!("Logged out '{}' from {server}.", session.username)
            })
        },
    )
}
