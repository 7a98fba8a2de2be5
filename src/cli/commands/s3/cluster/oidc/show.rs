use crate::api::{Empty, S3OidcShow};
use crate::cli::context::CommandContext;
use crate::cli::error::CliError;
use crate::cli::output::Human;

/// Show the OIDC identity provider configuration.
///
/// Prints the discovery URL and the roles claim, then what discovery resolved: issuer, JWKS
/// URI, signing algorithms and keys. With --json prints the configuration, or null when
/// none is configured.
#[derive(Debug, clap::Args)]
pub struct ShowArgs {}

pub fn cmd_show(ctx: &CommandContext, _args: ShowArgs) -> Result<(), CliError> {
    let config = ctx.call::<S3OidcShow>(Empty {})?;
    ctx.out().emit(&config, |out| match &config {
        Some(c) => Human::Text(super::render_config(c)),
        None => {
            out.status("Hint: configure a provider with `weka s3 cluster oidc add --config-url URL`");
            Human::Text("OIDC is not configured.".into())
        }
    })
}
