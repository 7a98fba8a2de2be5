use crate::api::S3OidcUpdate;
use crate::api::oidc::UpdateParams;
use crate::cli::context::CommandContext;
use crate::cli::error::CliError;
use crate::cli::output::Human;

/// Change the OIDC identity provider configuration.
///
/// Changes only what is given; the discovery document and the signing keys are fetched again
/// either way (so an update with only --config-url of the same URL refreshes the keys).
/// Needs the ClusterAdmin role.
#[derive(Debug, clap::Args)]
pub struct UpdateArgs {
    /// The provider's discovery URL (`.../.well-known/openid-configuration`).
    #[arg(long, value_name = "URL")]
    pub config_url: Option<String>,

    /// The JWT claim that holds role values.
    #[arg(long, hide = true, value_name = "NAME")]
    pub claim_name: Option<String>,

    /// An accepted `aud` value; repeat for several. Replaces the current list.
    #[arg(long = "audience", value_name = "AUD", conflicts_with = "clear_audiences")]
    pub audiences: Vec<String>,

    /// Accept any audience (empties the list).
    #[arg(long)]
    pub clear_audiences: bool,

    /// The claim that names the identity policies are attached to.
    #[arg(long, value_name = "NAME")]
    pub user_claim: Option<String>,
}

impl UpdateArgs {
    fn into_params(self) -> UpdateParams {
        let audiences = if self.clear_audiences {
            Some(Vec::new())
        } else if self.audiences.is_empty() {
            None
        } else {
            Some(self.audiences)
        };
        UpdateParams {
            config_url: self.config_url,
            claim_name: self.claim_name,
            audiences,
            user_claim: self.user_claim,
        }
    }
}

pub fn cmd_update(ctx: &CommandContext, args: UpdateArgs) -> Result<(), CliError> {
    let params = args.into_params();
    if params.config_url.is_none()
        && params.claim_name.is_none()
        && params.audiences.is_none()
        && params.user_claim.is_none()
    {
        return Err(CliError::usage("nothing to update")
            .with_hint("pass at least one of --config-url, --audience, --clear-audiences, --user-claim"));
    }
    let config = ctx.call::<S3OidcUpdate>(params)?;
    ctx.out().status_unless_json("OIDC provider updated.");
    ctx.out()
        .emit(&config, |_| Human::Text(super::render_config(&config)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(audiences: &[&str], clear: bool) -> UpdateArgs {
        UpdateArgs {
            config_url: None,
            claim_name: None,
            audiences: audiences.iter().map(|s| s.to_string()).collect(),
            clear_audiences: clear,
            user_claim: None,
        }
    }

    #[test]
    fn audiences_are_kept_replaced_or_cleared() {
        assert_eq!(args(&[], false).into_params().audiences, None);
        assert_eq!(
            args(&["a", "b"], false).into_params().audiences,
            Some(vec!["a".into(), "b".into()])
        );
        assert_eq!(args(&[], true).into_params().audiences, Some(vec![]));
    }
}
