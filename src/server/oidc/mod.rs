//! OpenID Connect: provider discovery, signing keys, token validation and claim reading.
//!
//! This module does no storage and knows no other server module. The integrator:
//! - runs [`discovery::fetch_provider`] when the administrator adds or updates the provider, and
//!   stores what it returns;
//! - builds a [`cache::JwksCache`] for the provider's `jwks_uri`, seeds it with the stored JWKS,
//!   spawns [`cache::JwksCache::run_refresher`], and gives it a persistence callback;
//! - builds a [`validate::TokenValidator`] from the stored issuer, audiences and algorithms and
//!   validates each `AssumeRoleWithWebIdentity` token with [`cache::JwksCache::validate`];
//! - reads roles and the identity with [`claims::extract_roles`] and [`claims::claim_as_string`].

pub mod cache;
pub mod claims;
pub mod discovery;
pub mod jwks;
pub mod validate;

pub use cache::{JwksCache, JwksCacheConfig, JwksCacheStatus, PersistJwks};
pub use claims::{claim_as_string, extract_roles, lookup_claim};
pub use discovery::{
    DiscoveryError, FetchedJwks, FetchedProvider, build_http_client, fetch_jwks, fetch_provider,
};
pub use jwks::{JwksError, KeySet, KeyType, VerificationKey};
pub use validate::{DEFAULT_LEEWAY, TokenError, TokenValidator, ValidatedToken, decode_unverified};

/// The in-process identity provider of the integration tests, shared with the unit tests.
#[cfg(test)]
#[path = "../../../tests/common/test_idp.rs"]
pub(crate) mod test_idp;
