//! `weka s3 cluster oidc`: the OIDC identity provider (one per cluster, as in WEKA).

pub mod add;
pub mod remove;
pub mod show;
pub mod test;
pub mod update;

use clap::Subcommand;

use crate::api::oidc::OidcConfig;
use crate::cli::context::CommandContext;
use crate::cli::error::CliError;
use crate::cli::output::{field_line, format_time, list_or};

/// The OIDC identity provider whose tokens the STS endpoint accepts.
#[derive(Debug, Subcommand)]
pub enum OidcCommand {
    Add(add::AddArgs),
    Show(show::ShowArgs),
    Update(update::UpdateArgs),
    Remove(remove::RemoveArgs),
    Test(test::TestArgs),
}

pub fn run(ctx: &CommandContext, cmd: OidcCommand) -> Result<(), CliError> {
    match cmd {
        OidcCommand::Add(args) => add::cmd_add(ctx, args),
        OidcCommand::Show(args) => show::cmd_show(ctx, args),
        OidcCommand::Update(args) => update::cmd_update(ctx, args),
        OidcCommand::Remove(args) => remove::cmd_remove(ctx, args),
        OidcCommand::Test(args) => test::cmd_test(ctx, args),
    }
}

/// The value column of `oidc show`, as in WEKA's documented output:
/// `  Config URL:   https://...`.
const VALUE_COLUMN: usize = 14;

/// The configuration as `weka s3 cluster oidc show` prints it.
pub fn render_config(c: &OidcConfig) -> String {
    let keys = if c.key_ids.is_empty() {
        "none".to_string()
    } else {
        format!("{} ({})", c.key_ids.len(), c.key_ids.join(", "))
    };
    let rows = [
        ("Config URL", c.config_url.clone()),
        ("Claim Name", c.claim_name.clone()),
        ("User Claim", c.user_claim.clone()),
        ("Audiences", list_or(&c.audiences, "any (not checked)")),
        ("Issuer", c.issuer.clone()),
        ("JWKS URI", c.jwks_uri.clone()),
        ("Algorithms", list_or(&c.signing_algorithms, "not advertised")),
        ("Keys", keys),
        ("Keys Fetched", format_time(c.jwks_fetched_at)),
        ("Updated", format_time(c.updated_at)),
    ];
    let mut s = String::from("OIDC Configuration:\n");
    for (label, value) in rows {
        s.push_str(&field_line(label, &value, VALUE_COLUMN));
    }
    s
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    fn entra() -> OidcConfig {
        OidcConfig {
            config_url: "https://login.microsoftonline.com/<tenant-id>/v2.0/.well-known/openid-configuration"
                .into(),
            claim_name: "roles".into(),
            user_claim: "sub".into(),
            audiences: vec![],
            issuer: "https://login.microsoftonline.com/<tenant-id>/v2.0".into(),
            jwks_uri: "https://login.microsoftonline.com/<tenant-id>/discovery/v2.0/keys".into(),
            signing_algorithms: vec!["RS256".into()],
            key_ids: vec!["k1".into(), "k2".into()],
            jwks_fetched_at: datetime!(2025-11-29 04:00:00 UTC),
            created_at: datetime!(2025-11-28 10:00:00 UTC),
            updated_at: datetime!(2025-11-29 03:59:59 UTC),
        }
    }

    #[test]
    fn show_starts_exactly_as_the_documented_example() {
        let text = render_config(&entra());
        let documented = "OIDC Configuration:\n  \
            Config URL:   https://login.microsoftonline.com/<tenant-id>/v2.0/.well-known/openid-configuration\n  \
            Claim Name:   roles\n";
        assert!(text.starts_with(documented), "{text}");
    }

    #[test]
    fn show_lists_the_other_settings_in_the_same_layout() {
        let mut c = entra();
        c.audiences = vec!["api://weka".into(), "weka-s3".into()];
        assert_eq!(
            render_config(&c),
            "OIDC Configuration:\n\
             \x20 Config URL:   https://login.microsoftonline.com/<tenant-id>/v2.0/.well-known/openid-configuration\n\
             \x20 Claim Name:   roles\n\
             \x20 User Claim:   sub\n\
             \x20 Audiences:    api://weka, weka-s3\n\
             \x20 Issuer:       https://login.microsoftonline.com/<tenant-id>/v2.0\n\
             \x20 JWKS URI:     https://login.microsoftonline.com/<tenant-id>/discovery/v2.0/keys\n\
             \x20 Algorithms:   RS256\n\
             \x20 Keys:         2 (k1, k2)\n\
             \x20 Keys Fetched: 2025-11-29T04:00:00Z\n\
             \x20 Updated:      2025-11-29T03:59:59Z\n"
        );
    }

    #[test]
    fn show_says_any_audience_and_no_keys_plainly() {
        let mut c = entra();
        c.key_ids.clear();
        let text = render_config(&c);
        assert!(text.contains("  Audiences:    any (not checked)\n"), "{text}");
        assert!(text.contains("  Keys:         none\n"), "{text}");
    }
}
