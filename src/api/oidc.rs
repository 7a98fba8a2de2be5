//! The OIDC identity provider configuration (one provider, as in WEKA).

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;

/// The default name of the JWT claim that carries role values.
pub const DEFAULT_CLAIM_NAME: &str = "roles";
/// The default identity claim that policy attachments match.
pub const DEFAULT_USER_CLAIM: &str = "sub";

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddParams {
    /// The `.well-known/openid-configuration` URL.
    pub config_url: String,
    /// The roles claim; `roles` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim_name: Option<String>,
    /// Accepted `aud` values; empty accepts any audience.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub audiences: Vec<String>,
    /// The identity claim; `sub` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_claim: Option<String>,
}

/// Changes only what is given; the discovery document is fetched again either way.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim_name: Option<String>,
    /// Replaces the audience list; an empty list accepts any audience.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audiences: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_claim: Option<String>,
}

/// The stored provider configuration with what discovery resolved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OidcConfig {
    pub config_url: String,
    pub claim_name: String,
    pub user_claim: String,
    pub audiences: Vec<String>,
    /// `issuer` from the discovery document.
    pub issuer: String,
    /// `jwks_uri` from the discovery document.
    pub jwks_uri: String,
    /// Signing algorithms the provider advertises (`id_token_signing_alg_values_supported`).
    #[serde(default)]
    pub signing_algorithms: Vec<String>,
    /// Key ids in the cached JWKS.
    pub key_ids: Vec<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub jwks_fetched_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestParams {
    /// The JWT to check, as the application would send it to the STS.
    pub token: String,
}

/// A role value that differs from a policy name only by letter case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NearMiss {
    pub role: String,
    pub policy: String,
}

/// What the STS would make of a token, without issuing anything.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TestReport {
    /// The STS would accept the token's signature and claims.
    pub valid: bool,
    /// Why the token is rejected: the STS error code and message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
    /// The decoded JOSE header (`alg`, `kid`, `typ`).
    pub header: Value,
    pub issuer: Option<String>,
    pub subject: Option<String>,
    pub audience: Vec<String>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub expires_at: Option<OffsetDateTime>,
    pub claim_name: String,
    /// The role values found in the roles claim.
    pub roles: Vec<String>,
    /// The identity (value of the user claim), if present.
    pub identity: Option<String>,
    /// Role values that name an existing policy.
    pub matched_policies: Vec<String>,
    /// Policies attached to the identity.
    pub attached_policies: Vec<String>,
    /// Role values that match no policy.
    pub unmatched_roles: Vec<String>,
    pub near_misses: Vec<NearMiss>,
    /// `AssumeRoleWithWebIdentity` would issue credentials for this token now.
    pub would_issue: bool,
}
