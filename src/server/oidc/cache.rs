//! The provider's signing keys, cached for request handlers.
//!
//! Reading the keys is a read lock and an `Arc` clone. A token with an unknown `kid` triggers one
//! refetch of the JWKS (key rotation at the provider), at most once per `refetch_min_interval`;
//! concurrent refetches coalesce into one request. A periodic refresh keeps the set current.
//! When the provider is down, the cached keys keep working; with no cached keys, validation fails
//! with `IDPCommunicationError`. Every successful fetch is handed to a persistence callback so
//! that the keys survive a restart while the provider is unreachable.

use std::future::Future;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant};

use time::OffsetDateTime;

use super::discovery::{DEFAULT_FETCH_TIMEOUT, DiscoveryError, fetch_jwks};
use super::jwks::{JwksError, KeySet};
use super::validate::{TokenError, TokenValidator, ValidatedToken};

/// Called with the JWKS document and the fetch time after every successful fetch. It runs inline
/// on the fetching task: keep it short (one database write is fine) and do not block on the cache.
pub type PersistJwks = Arc<dyn Fn(&str, OffsetDateTime) + Send + Sync>;

/// Timing of fetches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JwksCacheConfig {
    /// The shortest time between two fetch attempts caused by unknown key ids.
    pub refetch_min_interval: Duration,
    /// How often `run_refresher` fetches the keys.
    pub refresh_interval: Duration,
    /// The bound on one fetch.
    pub fetch_timeout: Duration,
}

impl Default for JwksCacheConfig {
    fn default() -> JwksCacheConfig {
        JwksCacheConfig {
            refetch_min_interval: Duration::from_secs(10),
            refresh_interval: Duration::from_secs(15 * 60),
            fetch_timeout: DEFAULT_FETCH_TIMEOUT,
        }
    }
}

/// What the cache holds now, for status displays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JwksCacheStatus {
    pub jwks_uri: String,
    pub key_ids: Vec<String>,
    pub key_count: usize,
    pub fetched_at: Option<OffsetDateTime>,
    /// Why the last fetch failed, if it did.
    pub last_error: Option<String>,
}

struct Snapshot {
    keys: Arc<KeySet>,
    fetched_at: Option<OffsetDateTime>,
    /// Increases with every change of the key set; lets waiting requests see that another one
    /// already refetched.
    generation: u64,
}

#[derive(Default)]
struct FetchState {
    last_attempt: Option<Instant>,
    last_error: Option<String>,
}

/// The JWKS of one provider, shared by request handlers (`Arc<JwksCache>`).
pub struct JwksCache {
    http: reqwest::Client,
    jwks_uri: String,
    config: JwksCacheConfig,
    current: RwLock<Arc<Snapshot>>,
    /// Held for the duration of a fetch: concurrent refetches wait here and then find the keys
    /// already fresh.
    fetch: tokio::sync::Mutex<FetchState>,
    persist: Option<PersistJwks>,
}

impl std::fmt::Debug for JwksCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JwksCache")
            .field("jwks_uri", &self.jwks_uri)
            .field("config", &self.config)
            .field("keys", &self.keys().len())
            .finish_non_exhaustive()
    }
}

enum Refetch {
    /// The keys changed (by this fetch or a concurrent one).
    Updated(Arc<Snapshot>),
    /// A fetch was attempted too recently; nothing was requested.
    RateLimited(Option<String>),
    Failed(DiscoveryError),
}

impl JwksCache {
    /// An empty cache for `jwks_uri`; call `seed` with stored keys, or let the first token fetch.
    pub fn new(
        http: reqwest::Client,
        jwks_uri: impl Into<String>,
        config: JwksCacheConfig,
        persist: Option<PersistJwks>,
    ) -> JwksCache {
        JwksCache {
            http,
            jwks_uri: jwks_uri.into(),
            config,
            current: RwLock::new(Arc::new(Snapshot { keys: Arc::new(KeySet::empty()), fetched_at: None, generation: 0 })),
            fetch: tokio::sync::Mutex::new(FetchState::default()),
            persist,
        }
    }

    pub fn jwks_uri(&self) -> &str {
        &self.jwks_uri
    }

    pub fn config(&self) -> JwksCacheConfig {
        self.config
    }

    /// Installs keys fetched earlier (from the store at startup, or from discovery just now)
    /// without calling the persistence callback. Returns the number of usable keys.
    pub fn seed(&self, jwks_json: &str, fetched_at: OffsetDateTime) -> Result<usize, JwksError> {
        let keys = KeySet::parse(jwks_json)?;
        let count = keys.len();
        self.install(keys, fetched_at);
        Ok(count)
    }

    /// Installs an already parsed key set (e.g. `FetchedProvider::keys`) without persisting it.
    pub fn seed_keys(&self, keys: KeySet, fetched_at: OffsetDateTime) {
        self.install(keys, fetched_at);
    }

    /// The current keys (cheap: a read lock and an `Arc` clone).
    pub fn keys(&self) -> Arc<KeySet> {
        self.snapshot().keys.clone()
    }

    pub fn fetched_at(&self) -> Option<OffsetDateTime> {
        self.snapshot().fetched_at
    }

    pub async fn status(&self) -> JwksCacheStatus {
        let last_error = self.fetch.lock().await.last_error.clone();
        let snapshot = self.snapshot();
        JwksCacheStatus {
            jwks_uri: self.jwks_uri.clone(),
            key_ids: snapshot.keys.key_ids(),
            key_count: snapshot.keys.len(),
            fetched_at: snapshot.fetched_at,
            last_error,
        }
    }

    /// Validates `token` with the cached keys; on an unknown key id, refetches the keys once
    /// (rate-limited, coalesced) and tries again.
    pub async fn validate(
        &self,
        validator: &TokenValidator,
        token: &str,
        now: OffsetDateTime,
    ) -> Result<ValidatedToken, TokenError> {
        let snapshot = self.snapshot();
        let first = validator.validate(token, &snapshot.keys, now);
        let error = match first {
            Err(error) if error.wants_key_refresh() => error,
            other => return other,
        };
        match self.refetch_after(snapshot.generation).await {
            Refetch::Updated(fresh) => validator.validate(token, &fresh.keys, now),
            Refetch::RateLimited(last_error) => {
                if snapshot.keys.is_empty() {
                    Err(TokenError::ProviderUnreachable(match last_error {
                        Some(reason) => reason,
                        None => format!("no signing keys are cached for {}", self.jwks_uri),
                    }))
                } else {
                    Err(error)
                }
            }
            Refetch::Failed(fetch_error) => {
                let mut reason = fetch_error.to_string();
                if let TokenError::UnknownKid { kid, .. } = &error {
                    reason = format!("the token's key id \"{kid}\" is not cached and {reason}");
                }
                Err(TokenError::ProviderUnreachable(reason))
            }
        }
    }

    /// Fetches the keys now, whatever the rate limit (periodic refresh, administrator request).
    /// On failure the cached keys stay.
    pub async fn refresh(&self) -> Result<Arc<KeySet>, DiscoveryError> {
        let mut state = self.fetch.lock().await;
        self.fetch_locked(&mut state).await.map(|snapshot| snapshot.keys.clone())
    }

    /// Refreshes every `refresh_interval` until `shutdown` completes. Spawn it once per cache:
    /// `tokio::spawn(cache.clone().run_refresher(shutdown))`.
    pub async fn run_refresher(self: Arc<Self>, shutdown: impl Future<Output = ()> + Send) {
        tokio::pin!(shutdown);
        loop {
            tokio::select! {
                () = &mut shutdown => break,
                () = tokio::time::sleep(self.config.refresh_interval) => {
                    match self.refresh().await {
                        Ok(keys) => tracing::debug!(jwks_uri = %self.jwks_uri, keys = keys.len(), "refreshed the provider's signing keys"),
                        Err(error) => tracing::warn!(jwks_uri = %self.jwks_uri, %error, "could not refresh the provider's signing keys; the cached keys stay in use"),
                    }
                }
            }
        }
    }

    fn snapshot(&self) -> Arc<Snapshot> {
        self.current.read().unwrap_or_else(PoisonError::into_inner).clone()
    }

    fn install(&self, keys: KeySet, fetched_at: OffsetDateTime) -> Arc<Snapshot> {
        let mut current = self.current.write().unwrap_or_else(PoisonError::into_inner);
        let snapshot =
            Arc::new(Snapshot { keys: Arc::new(keys), fetched_at: Some(fetched_at), generation: current.generation + 1 });
        *current = snapshot.clone();
        snapshot
    }

    /// A refetch for a request that saw key set `seen_generation`.
    async fn refetch_after(&self, seen_generation: u64) -> Refetch {
        let mut state = self.fetch.lock().await;
        let current = self.snapshot();
        if current.generation != seen_generation {
            // Another request refetched (or a seed happened) while this one waited.
            return Refetch::Updated(current);
        }
        if let Some(last) = state.last_attempt
            && last.elapsed() < self.config.refetch_min_interval
        {
            tracing::debug!(jwks_uri = %self.jwks_uri, "not refetching the signing keys: the last fetch was too recent");
            return Refetch::RateLimited(state.last_error.clone());
        }
        match self.fetch_locked(&mut state).await {
            Ok(snapshot) => Refetch::Updated(snapshot),
            Err(error) => Refetch::Failed(error),
        }
    }

    async fn fetch_locked(&self, state: &mut FetchState) -> Result<Arc<Snapshot>, DiscoveryError> {
        state.last_attempt = Some(Instant::now());
        match fetch_jwks(&self.http, &self.jwks_uri, self.config.fetch_timeout).await {
            Ok(fetched) => {
                state.last_error = None;
                let snapshot = self.install(fetched.keys, fetched.fetched_at);
                tracing::info!(jwks_uri = %self.jwks_uri, key_ids = ?snapshot.keys.key_ids(), "fetched the provider's signing keys");
                if let Some(persist) = &self.persist {
                    persist(&fetched.jwks_json, fetched.fetched_at);
                }
                Ok(snapshot)
            }
            Err(error) => {
                state.last_error = Some(error.to_string());
                tracing::warn!(jwks_uri = %self.jwks_uri, %error, "could not fetch the provider's signing keys");
                Err(error)
            }
        }
    }
}
