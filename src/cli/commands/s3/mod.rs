//! `weka s3`: the S3 service's OIDC provider, IAM policies, temporary credentials and buckets.

pub mod bucket;
pub mod cluster;
pub mod policy;
pub mod sts;

use clap::Subcommand;

use crate::cli::context::CommandContext;
use crate::cli::error::CliError;

/// Configure S3: the OIDC provider, IAM policies, temporary credentials and buckets.
#[derive(Debug, Subcommand)]
pub enum S3Command {
    /// Cluster-wide S3 settings: the OIDC identity provider.
    #[command(subcommand)]
    Cluster(cluster::ClusterCommand),
    /// IAM policies, named as the identity provider's role values.
    #[command(subcommand)]
    Policy(policy::PolicyCommand),
    /// Temporary credentials issued by the STS endpoint.
    #[command(subcommand)]
    Sts(sts::StsCommand),
    /// Buckets of the S3 gateway.
    #[command(subcommand)]
    Bucket(bucket::BucketCommand),
}

pub fn run(ctx: &CommandContext, cmd: S3Command) -> Result<(), CliError> {
    match cmd {
        S3Command::Cluster(cmd) => cluster::run(ctx, cmd),
        S3Command::Policy(cmd) => policy::run(ctx, cmd),
        S3Command::Sts(cmd) => sts::run(ctx, cmd),
        S3Command::Bucket(cmd) => bucket::run(ctx, cmd),
    }
}
