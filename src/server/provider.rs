//! The configured OIDC provider at run time: its token validator and its signing-key cache,
//! rebuilt when the configuration changes (here or in another process sharing the database),
//! and the mapping of a token's claims to IAM policies shared by the STS and `oidc test`.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, RwLock};

use serde_json::{Map, Value};

use super::config::Config;
use super::oidc::{JwksCache, JwksCacheConfig, PersistJwks, TokenValidator, claim_as_string, extract_roles};
use super::store::oidc::{self as oidc_store, ProviderRow};
use super::store::{Store, StoreResult, policies, to_datetime};

/// One provider, ready to validate tokens.
pub struct ActiveProvider {
    pub row: ProviderRow,
    pub validator: TokenValidator,
    pub cache: Arc<JwksCache>,
    refresher: tokio::task::JoinHandle<()>,
}

impl Drop for ActiveProvider {
    fn drop(&mut self) {
        self.refresher.abort();
    }
}

/// Holds the active provider; cheap to read on every STS request.
pub struct OidcRuntime {
    store: Store,
    http: reqwest::Client,
    config: Config,
    current: RwLock<Option<Arc<ActiveProvider>>>,
    /// The store's data version when the provider row was last compared.
    synced_version: AtomicI64,
}

impl OidcRuntime {
    pub fn new(store: Store, http: reqwest::Client, config: Config) -> Self {
        OidcRuntime {
            store,
            http,
            config,
            current: RwLock::new(None),
            synced_version: AtomicI64::new(i64::MIN),
        }
    }

    pub fn current(&self) -> Option<Arc<ActiveProvider>> {
        self.current.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Installs a provider (after `add`/`update`, or at start).
    pub fn activate(&self, row: ProviderRow) -> Arc<ActiveProvider> {
        let validator = TokenValidator::new(row.issuer.clone())
            .with_audiences(row.audiences.clone())
            .with_provider_algorithms((!row.signing_algs.is_empty()).then(|| row.signing_algs.clone()))
            .with_leeway(self.config.clock_skew);
        let store = self.store.clone();
        let jwks_uri = row.jwks_uri.clone();
        let persist: PersistJwks = Arc::new(move |jwks: &str, at| {
            if let Err(e) =
                store.write(|tx| oidc_store::update_jwks(tx, &jwks_uri, jwks, at.unix_timestamp()))
            {
                tracing::warn!(error = %e, "could not store the refreshed signing keys");
            }
        });
        let cache = Arc::new(JwksCache::new(
            self.http.clone(),
            row.jwks_uri.clone(),
            JwksCacheConfig {
                refetch_min_interval: self.config.jwks_min_refetch,
                refresh_interval: self.config.jwks_refresh_interval,
                fetch_timeout: self.config.oidc_timeout,
            },
            Some(persist),
        ));
        if let Err(e) = cache.seed(&row.jwks, to_datetime(row.jwks_fetched_at)) {
            tracing::warn!(error = %e, "the stored signing keys are not usable; they will be fetched again");
        }
        let refresher = tokio::spawn(cache.clone().run_refresher(std::future::pending::<()>()));
        let active = Arc::new(ActiveProvider {
            row,
            validator,
            cache,
            refresher,
        });
        *self.current.write().unwrap_or_else(|p| p.into_inner()) = Some(active.clone());
        active
    }

    pub fn clear(&self) {
        *self.current.write().unwrap_or_else(|p| p.into_inner()) = None;
    }

    /// The active provider, after picking up a configuration another process may have
    /// written. Costs one `PRAGMA data_version` unless something changed.
    pub fn sync(&self) -> StoreResult<Option<Arc<ActiveProvider>>> {
        let version = self.store.data_version()?;
        if self.synced_version.swap(version, Ordering::AcqRel) == version {
            return Ok(self.current());
        }
        let row = self.store.read(oidc_store::get)?;
        let current = self.current();
        Ok(match (row, current) {
            (None, None) => None,
            (None, Some(_)) => {
                self.clear();
                None
            }
            (Some(row), Some(active)) if same_config(&row, &active.row) => Some(active),
            (Some(row), _) => Some(self.activate(row)),
        })
    }
}

/// Whether two rows configure the same validation (key refreshes do not count).
fn same_config(a: &ProviderRow, b: &ProviderRow) -> bool {
    a.config_url == b.config_url
        && a.claim_name == b.claim_name
        && a.user_claim == b.user_claim
        && a.audiences == b.audiences
        && a.issuer == b.issuer
        && a.jwks_uri == b.jwks_uri
        && a.signing_algs == b.signing_algs
        && a.updated_at == b.updated_at
}

/// What a token's claims select.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mapping {
    /// Values of the roles claim.
    pub roles: Vec<String>,
    /// Why some role values were ignored (wrong types).
    pub warnings: Vec<String>,
    /// The value of the user claim.
    pub identity: Option<String>,
    /// Role values naming an existing policy (exact, case-sensitive).
    pub role_policies: Vec<String>,
    /// Policies attached to the identity.
    pub attached_policies: Vec<String>,
    /// Role values naming no policy.
    pub unmatched_roles: Vec<String>,
    /// (role, policy) pairs equal but for letter case.
    pub near_misses: Vec<(String, String)>,
}

impl Mapping {
    /// Role policies and identity policies, merged, without repeats.
    pub fn merged(&self) -> Vec<String> {
        let mut all = self.role_policies.clone();
        for p in &self.attached_policies {
            if !all.contains(p) {
                all.push(p.clone());
            }
        }
        all
    }
}

/// Maps the roles claim and the identity claim to policies. `with_near_misses` also compares
/// unmatched role values with every policy name (for diagnostics).
pub fn map_claims(
    store: &Store,
    row: &ProviderRow,
    claims: &Map<String, Value>,
    with_near_misses: bool,
) -> StoreResult<Mapping> {
    let (roles, warnings) = extract_roles(claims, &row.claim_name);
    let identity = claim_as_string(claims, &row.user_claim);
    store.read(|c| {
        let role_policies = policies::existing(c, &roles)?;
        let attached_policies = match &identity {
            Some(id) => policies::attached_to(c, id)?,
            None => Vec::new(),
        };
        let unmatched_roles: Vec<String> = roles
            .iter()
            .filter(|r| !role_policies.contains(r))
            .cloned()
            .collect();
        let mut near_misses = Vec::new();
        if with_near_misses && !unmatched_roles.is_empty() {
            let names = policies::names(c)?;
            for r in &unmatched_roles {
                for n in &names {
                    if n != r && n.eq_ignore_ascii_case(r) {
                        near_misses.push((r.clone(), n.clone()));
                    }
                }
            }
        }
        Ok(Mapping {
            roles: roles.clone(),
            warnings: warnings.clone(),
            identity: identity.clone(),
            role_policies,
            attached_policies,
            unmatched_roles,
            near_misses,
        })
    })
}
