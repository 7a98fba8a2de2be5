use serde::Serialize;
use time::OffsetDateTime;

use crate::api::UserLogin;
use crate::api::user::{LoginParams, Role};
use crate::cli::context::CommandContext;
use crate::cli::error::{CliError, ExitStatus};
use crate::cli::input;
use crate::cli::output::{Human, format_time};
use crate::cli::tokens::{Location, StoredTokens};

/// Log in to weka-server and keep the session for later commands.
///
/// The username and password come from the arguments, from WEKA_USERNAME and WEKA_PASSWORD,
/// or, on a terminal, from prompts (the password is not echoed). Prefer the prompt or the
/// variables: arguments can be seen by other users of the machine.
///
/// The session (an access token and a refresh token, renewed automatically) is kept per
/// server in the OS keyring, or in ~/.weka/auth-token.json (mode 0600) where no keyring
/// works; WEKA_TOKEN_STORE and WEKA_TOKEN_FILE change that. Tokens are never printed.
#[derive(Debug, clap::Args)]
pub struct LoginArgs {
    /// The user to log in as.
    #[arg(env = "WEKA_USERNAME")]
    pub username: Option<String>,

    /// The user's password.
    #[arg(env = "WEKA_PASSWORD", hide_env_values = true)]
    pub password: Option<String>,
}

/// What `--json` prints: the login result without its tokens.
#[derive(Serialize)]
struct LoginSummary {
    server: String,
    username: String,
    role: Role,
    #[serde(with = "time::serde::rfc3339")]
    access_token_expires_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    refresh_token_expires_at: OffsetDateTime,
    token_store: &'static str,
    token_file: Option<String>,
}

pub fn cmd_login(ctx: &CommandContext, args: LoginArgs) -> Result<(), CliError> {
    let how = "pass USER and PASSWORD as arguments, or set WEKA_USERNAME and WEKA_PASSWORD";
    let username = input::given_or_prompted(args.username, "username", how, || {
        input::prompt_line("Username: ")
    })?;
    let password = input::given_or_prompted(args.password, "password", how, || {
        input::prompt_secret(&format!("Password for '{username}': "))
    })?;
    let client = ctx.client()?;
    let result = client
        .call::<UserLogin>(LoginParams {
            username: username.clone(),
            password,
        })
        .map_err(|e| {
            if e.status() == ExitStatus::Authentication {
                e.with_default_hint(format!("check the username '{username}' and its password"))
            } else {
                e
            }
        })?;
    let tokens = StoredTokens::from(result);
    let (username, role) = (tokens.username.clone(), tokens.role);
    let (access_until, refresh_until) = (tokens.access_token_expires_at, tokens.refresh_token_expires_at);
    let location = client.save_session(tokens)?;
    let summary = LoginSummary {
        server: client.server().key(),
        username,
        role,
        access_token_expires_at: access_until,
        refresh_token_expires_at: refresh_until,
        token_store: location.kind(),
        token_file: match &location {
            Location::File(p) => Some(p.display().to_string()),
            Location::Keyring => None,
        },
    };
    ctx.out().emit(&summary, |_| {
        Human::Status(format!(
            "Login completed successfully.\n\
             Logged in to {} as '{}' ({}) until {}; the session is stored in {location}.",
            summary.server,
            summary.username,
            summary.role,
            format_time(summary.refresh_token_expires_at),
        ))
    })
}
