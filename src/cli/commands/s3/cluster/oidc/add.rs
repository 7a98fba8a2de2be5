use crate::api::S3OidcAdd;
use crate::api::oidc::AddParams;
use crate::cli::context::CommandContext;
use crate::cli::error::CliError;
use crate::cli::output::Human;

/// Configure the OIDC identity provider.
///
/// The server fetches the discovery document at --config-url and the provider's signing keys
/// (JWKS) right away, and refuses a URL it cannot use. Role values in the tokens' `roles`
/// claim are then matched, case-sensitively, to IAM policies of the same name.
///
/// Needs the ClusterAdmin role. To change an existing configuration use
/// `weka s3 cluster oidc update`.
#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The provider's discovery URL (`.../.well-known/openid-configuration`).
    #[arg(long, value_name = "URL")]
    pub config_url: String,

    /// The JWT claim that holds role values (default: roles). Set it only if your IdP uses another claim name.
    #[arg(long, hide = true, value_name = "NAME")]
    pub claim_name: Option<String>,

    /// An accepted `aud` value; repeat for several. Without it any audience is accepted.
    #[arg(long = "audience", value_name = "AUD")]
    pub audiences: Vec<String>,

    /// The claim that names the identity policies are attached to (default: sub).
    #[arg(long, value_name = "NAME")]
    pub user_claim: Option<String>,
}

pub fn cmd_add(ctx: &CommandContext, args: AddArgs) -> Result<(), CliError> {
    let params = AddParams {
        config_url: args.config_url,
        claim_name: args.claim_name,
        audiences: args.audiences,
        user_claim: args.user_claim,
    };
    let config = ctx.call::<S3OidcAdd>(params)?;
    ctx.out().status_unless_json("OIDC provider configured.");
    ctx.out()
        .emit(&config, |_| Human::Text(super::render_config(&config)))
}
