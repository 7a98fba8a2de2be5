//! `weka s3 cluster`: cluster-wide S3 settings.

pub mod oidc;

use clap::Subcommand;

use crate::cli::context::CommandContext;
use crate::cli::error::CliError;

/// Cluster-wide S3 settings: the OIDC identity provider.
#[derive(Debug, Subcommand)]
pub enum ClusterCommand {
    /// The OIDC identity provider whose tokens the STS endpoint accepts.
    #[command(subcommand)]
    Oidc(oidc::OidcCommand),
}

pub fn run(ctx: &CommandContext, cmd: ClusterCommand) -> Result<(), CliError> {
    match cmd {
        ClusterCommand::Oidc(cmd) => oidc::run(ctx, cmd),
    }
}
