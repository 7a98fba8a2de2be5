use serde::Serialize;
use time::OffsetDateTime;

use crate::api::user::{Role, WhoamiResult};
use crate::api::{Empty, UserWhoami};
use crate::cli::context::CommandContext;
use crate::cli::error::CliError;
use crate::cli::output::{Human, field_line, format_relative, format_time};
use crate::cli::tokens::Location;

/// Show who you are logged in as, on which server, and where the session is stored.
#[derive(Debug, clap::Args)]
pub struct WhoamiArgs {}

/// What `--json` prints: the server's answer plus where the session is kept.
#[derive(Serialize)]
struct Whoami {
    username: String,
    role: Role,
    #[serde(with = "time::serde::rfc3339")]
    access_token_expires_at: OffsetDateTime,
    server: String,
    token_store: &'static str,
    token_file: Option<String>,
}

pub fn cmd_whoami(ctx: &CommandContext, _args: WhoamiArgs) -> Result<(), CliError> {
    let client = ctx.client()?;
    let WhoamiResult {
        username,
        role,
        access_token_expires_at,
    } = client.call::<UserWhoami>(Empty {})?;
    let location = client.session_location()?;
    let who = Whoami {
        username,
        role,
        access_token_expires_at,
        server: client.server().key(),
        token_store: location.as_ref().map_or("none", Location::kind),
        token_file: match &location {
            Some(Location::File(p)) => Some(p.display().to_string()),
            _ => None,
        },
    };
    ctx.out().emit(&who, |_| {
        const W: usize = 15;
        let store = match &location {
            Some(Location::Keyring) => "OS keyring".to_string(),
            Some(Location::File(p)) => format!("file {}", p.display()),
            None => "none".to_string(),
        };
        let now = OffsetDateTime::now_utc();
        Human::Text(format!(
            "Session:\n{}{}{}{}{}",
            field_line("Username", &who.username, W),
            field_line("Role", who.role.as_str(), W),
            field_line("Server", &who.server, W),
            field_line("Token Store", &store, W),
            field_line(
                "Token Expires",
                &format!(
                    "{} ({}; renewed automatically)",
                    format_time(who.access_token_expires_at),
                    format_relative(who.access_token_expires_at, now)
                ),
                W
            ),
        ))
    })
}
