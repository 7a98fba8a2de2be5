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
    /// Why the last fetch failed; outside `fetch` so that status reads never wait for a fetch.
    last_error: std::sync::Mutex<Option<String>>,
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
            current: RwLock::new(Arc::new(Snapshot {
                keys: Arc::new(KeySet::empty()),
                fetched_at: None,
                generation: 0,
            })),
            fetch: tokio::sync::Mutex::new(FetchState::default()),
            last_error: std::sync::Mutex::new(None),
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

    pub fn status(&self) -> JwksCacheStatus {
        let last_error = self.last_error();
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
        self.fetch_locked(&mut state)
            .await
            .map(|snapshot| snapshot.keys.clone())
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

    fn last_error(&self) -> Option<String> {
        self.last_error
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn set_last_error(&self, error: Option<String>) {
        *self.last_error.lock().unwrap_or_else(PoisonError::into_inner) = error;
    }

    fn snapshot(&self) -> Arc<Snapshot> {
        self.current
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn install(&self, keys: KeySet, fetched_at: OffsetDateTime) -> Arc<Snapshot> {
        let mut current = self.current.write().unwrap_or_else(PoisonError::into_inner);
        let snapshot = Arc::new(Snapshot {
            keys: Arc::new(keys),
            fetched_at: Some(fetched_at),
            generation: current.generation + 1,
        });
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
            return Refetch::RateLimited(self.last_error());
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
                self.set_last_error(None);
                let snapshot = self.install(fetched.keys, fetched.fetched_at);
                tracing::info!(jwks_uri = %self.jwks_uri, key_ids = ?snapshot.keys.key_ids(), "fetched the provider's signing keys");
                if let Some(persist) = &self.persist {
                    persist(&fetched.jwks_json, fetched.fetched_at);
                }
                Ok(snapshot)
            }
            Err(error) => {
                self.set_last_error(Some(error.to_string()));
                tracing::warn!(jwks_uri = %self.jwks_uri, %error, "could not fetch the provider's signing keys");
                Err(error)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;
    use crate::server::oidc::discovery::build_http_client;
    use crate::server::oidc::test_idp::{Availability, DEFAULT_AUDIENCE, SignOptions, TestIdp};

    type Persisted = Arc<Mutex<Vec<(String, OffsetDateTime)>>>;

    fn cache_for(idp: &TestIdp, config: JwksCacheConfig) -> (Arc<JwksCache>, Persisted) {
        let persisted: Persisted = Arc::new(Mutex::new(Vec::new()));
        let sink = persisted.clone();
        let persist: PersistJwks = Arc::new(move |json: &str, at: OffsetDateTime| {
            sink.lock().expect("persisted").push((json.to_string(), at));
        });
        let http = build_http_client().expect("client");
        (
            Arc::new(JwksCache::new(http, idp.jwks_uri(), config, Some(persist))),
            persisted,
        )
    }

    fn quick() -> JwksCacheConfig {
        JwksCacheConfig {
            refetch_min_interval: Duration::from_millis(500),
            refresh_interval: Duration::from_millis(100),
            fetch_timeout: Duration::from_secs(2),
        }
    }

    fn validator(idp: &TestIdp) -> TokenValidator {
        TokenValidator::new(idp.issuer()).with_audiences(vec![DEFAULT_AUDIENCE.into()])
    }

    fn now() -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }

    #[tokio::test]
    async fn the_first_token_fetches_the_keys_and_persists_them() {
        let idp = TestIdp::start().await;
        let (cache, persisted) = cache_for(&idp, quick());
        assert!(cache.keys().is_empty());
        assert!(cache.fetched_at().is_none());
        let token = idp.sign(&idp.claims("u"));
        cache
            .validate(&validator(&idp), &token, now())
            .await
            .expect("valid");
        assert_eq!(idp.jwks_fetches(), 1);
        assert_eq!(cache.keys().key_ids(), idp.published_kids());
        assert!(cache.fetched_at().is_some());
        // Cached: no further fetch.
        cache
            .validate(&validator(&idp), &token, now())
            .await
            .expect("valid again");
        assert_eq!(idp.jwks_fetches(), 1);
        let persisted = persisted.lock().expect("persisted").clone();
        assert_eq!(persisted.len(), 1);
        assert_eq!(
            KeySet::parse(&persisted[0].0)
                .expect("stored JWKS parses")
                .key_ids(),
            idp.published_kids()
        );
        assert_eq!(Some(persisted[0].1), cache.fetched_at());
    }

    #[tokio::test]
    async fn key_rotation_is_picked_up_on_an_unknown_kid() {
        let idp = TestIdp::start().await;
        let (cache, persisted) = cache_for(&idp, quick());
        cache.refresh().await.expect("initial fetch");
        assert_eq!(idp.jwks_fetches(), 1);
        let old_token = idp.sign(&idp.claims("u"));
        let new_kid = idp.rotate(true);
        let new_token = idp.sign(&idp.claims("u"));
        // The initial fetch was just now: wait out the rate limit so that the refetch is allowed.
        tokio::time::sleep(Duration::from_millis(600)).await;
        let valid = cache
            .validate(&validator(&idp), &new_token, now())
            .await
            .expect("rotated key");
        assert_eq!(valid.key_id.as_deref(), Some(new_kid.as_str()));
        assert_eq!(idp.jwks_fetches(), 2);
        assert_eq!(persisted.lock().expect("persisted").len(), 2);
        // The old key is gone from the provider and so from the cache.
        let error = cache
            .validate(&validator(&idp), &old_token, now())
            .await
            .expect_err("old key dropped");
        assert!(matches!(error, TokenError::UnknownKid { .. }), "{error}");
    }

    #[tokio::test]
    async fn unknown_kid_refetches_are_rate_limited() {
        let idp = TestIdp::start().await;
        let (cache, _) = cache_for(&idp, quick());
        cache.refresh().await.expect("initial fetch");
        let forged = idp.sign_with(&idp.claims("u"), &SignOptions::default().kid("no-such-key"));
        tokio::time::sleep(Duration::from_millis(600)).await;
        // One refetch, then none within the interval, however many tokens arrive.
        for _ in 0..5 {
            let error = cache
                .validate(&validator(&idp), &forged, now())
                .await
                .expect_err("unknown kid");
            assert!(matches!(error, TokenError::UnknownKid { .. }), "{error}");
            assert_eq!(error.sts_code(), "InvalidIdentityToken");
        }
        assert_eq!(idp.jwks_fetches(), 2);
        // After the interval, one more.
        tokio::time::sleep(Duration::from_millis(600)).await;
        cache
            .validate(&validator(&idp), &forged, now())
            .await
            .expect_err("unknown kid");
        assert_eq!(idp.jwks_fetches(), 3);
    }

    #[tokio::test]
    async fn the_default_rate_limit_is_ten_seconds() {
        assert_eq!(
            JwksCacheConfig::default().refetch_min_interval,
            Duration::from_secs(10)
        );
        assert_eq!(
            JwksCacheConfig::default().refresh_interval,
            Duration::from_secs(900)
        );
        let idp = TestIdp::start().await;
        let (cache, _) = cache_for(&idp, JwksCacheConfig::default());
        cache.refresh().await.expect("fetch");
        let forged = idp.sign_with(&idp.claims("u"), &SignOptions::default().kid("no-such-key"));
        for _ in 0..3 {
            cache
                .validate(&validator(&idp), &forged, now())
                .await
                .expect_err("unknown kid");
        }
        assert_eq!(idp.jwks_fetches(), 1, "no refetch within 10 s of the last fetch");
    }

    #[tokio::test]
    async fn concurrent_refetches_coalesce() {
        let idp = TestIdp::start().await;
        let (cache, _) = cache_for(&idp, quick());
        cache.refresh().await.expect("initial fetch");
        idp.rotate(false);
        let token = idp.sign(&idp.claims("u"));
        idp.set_delay(Duration::from_millis(300));
        tokio::time::sleep(Duration::from_millis(600)).await;
        let v = validator(&idp);
        let mut tasks = Vec::new();
        for _ in 0..16 {
            let cache = cache.clone();
            let v = v.clone();
            let token = token.clone();
            tasks.push(tokio::spawn(async move {
                cache.validate(&v, &token, OffsetDateTime::now_utc()).await
            }));
        }
        for task in tasks {
            task.await
                .expect("task")
                .expect("valid after the coalesced refetch");
        }
        assert_eq!(idp.jwks_fetches(), 2, "sixteen requests, one refetch");
    }

    #[tokio::test]
    async fn cached_keys_keep_working_while_the_provider_is_down() {
        let idp = TestIdp::start().await;
        let (cache, persisted) = cache_for(&idp, quick());
        cache.refresh().await.expect("initial fetch");
        let token = idp.sign(&idp.claims("u"));
        for availability in [Availability::ServiceUnavailable, Availability::Closed] {
            idp.set_availability(availability);
            cache
                .validate(&validator(&idp), &token, now())
                .await
                .expect("cached keys");
            // A refresh fails but the keys stay.
            let error = cache.refresh().await.expect_err("provider down");
            assert!(error.to_string().contains(&idp.jwks_uri()), "{error}");
            assert_eq!(cache.keys().key_ids(), idp.published_kids());
            cache
                .validate(&validator(&idp), &token, now())
                .await
                .expect("still cached");
            let status = cache.status();
            assert!(status.last_error.is_some());
            assert_eq!(status.key_count, idp.published_kids().len());
        }
        assert_eq!(
            persisted.lock().expect("persisted").len(),
            1,
            "failed fetches persist nothing"
        );
        // An unknown kid while down: the provider could not be asked.
        tokio::time::sleep(Duration::from_millis(600)).await;
        let unknown = idp.sign_with(&idp.claims("u"), &SignOptions::default().kid("new-key"));
        let error = cache
            .validate(&validator(&idp), &unknown, now())
            .await
            .expect_err("down");
        assert!(matches!(error, TokenError::ProviderUnreachable(_)), "{error}");
        assert!(error.to_string().contains("\"new-key\" is not cached"), "{error}");
        // Back up: the cache refreshes and clears the error.
        idp.set_availability(Availability::Up);
        cache.refresh().await.expect("back up");
        assert!(cache.status().last_error.is_none());
    }

    #[tokio::test]
    async fn without_cached_keys_a_down_provider_is_an_idp_communication_error() {
        let idp = TestIdp::start().await;
        let (cache, persisted) = cache_for(&idp, quick());
        let token = idp.sign(&idp.claims("u"));
        for availability in [Availability::ServiceUnavailable, Availability::Closed] {
            idp.set_availability(availability);
            tokio::time::sleep(Duration::from_millis(600)).await;
            let error = cache
                .validate(&validator(&idp), &token, now())
                .await
                .expect_err("no keys");
            assert!(
                matches!(error, TokenError::ProviderUnreachable(_)),
                "{availability:?}: {error}"
            );
            assert_eq!(error.sts_code(), "IDPCommunicationError");
            // Within the rate limit: no new request, still IDPCommunicationError with the last reason.
            let before = idp.jwks_fetches();
            let again = cache
                .validate(&validator(&idp), &token, now())
                .await
                .expect_err("no keys");
            assert_eq!(again.sts_code(), "IDPCommunicationError");
            assert!(again.to_string().contains(&idp.jwks_uri()), "{again}");
            assert_eq!(idp.jwks_fetches(), before);
        }
        assert!(persisted.lock().expect("persisted").is_empty());
        // The provider comes back: the next token after the interval fetches and passes.
        idp.set_availability(Availability::Up);
        tokio::time::sleep(Duration::from_millis(600)).await;
        cache
            .validate(&validator(&idp), &token, now())
            .await
            .expect("provider back");
    }

    #[tokio::test]
    async fn seeded_keys_work_without_the_provider() {
        let idp = TestIdp::start().await;
        let stored = idp.jwks().to_string();
        idp.set_down(true);
        let (cache, persisted) = cache_for(&idp, quick());
        let at = OffsetDateTime::now_utc() - time::Duration::hours(1);
        assert_eq!(
            cache.seed(&stored, at).expect("stored JWKS"),
            idp.published_kids().len()
        );
        assert_eq!(cache.fetched_at(), Some(at));
        let token = idp.sign(&idp.claims("u"));
        cache
            .validate(&validator(&idp), &token, now())
            .await
            .expect("seeded keys");
        assert_eq!(idp.jwks_fetches(), 0);
        assert!(
            persisted.lock().expect("persisted").is_empty(),
            "seeding does not persist"
        );
        assert!(cache.seed("{\"keys\": []}", at).is_err());
        assert_eq!(
            cache.keys().len(),
            idp.published_kids().len(),
            "a bad seed keeps the keys"
        );
    }

    #[tokio::test]
    async fn keys_from_discovery_can_seed_the_cache() {
        let idp = TestIdp::start().await;
        let (cache, _) = cache_for(&idp, quick());
        // The provider is down, but discovery just handed over the new keys.
        idp.set_down(true);
        let fresh = KeySet::from_value(&idp.jwks()).expect("keys");
        let token = idp.sign(&idp.claims("u"));
        cache.seed_keys(fresh, OffsetDateTime::now_utc());
        cache
            .validate(&validator(&idp), &token, now())
            .await
            .expect("seeded");
        assert_eq!(idp.jwks_fetches(), 0);
    }

    #[tokio::test]
    async fn the_refresher_follows_rotation_and_stops_on_shutdown() {
        let idp = TestIdp::start().await;
        let (cache, persisted) = cache_for(&idp, quick());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(cache.clone().run_refresher(async move {
            let _ = stopped.await;
        }));
        let new_kid = idp.rotate(true);
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while !cache.keys().key_ids().contains(&new_kid) {
            assert!(
                std::time::Instant::now() < deadline,
                "the refresher did not pick up the new key"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(!persisted.lock().expect("persisted").is_empty());
        // Provider down: the refresher keeps going and the keys stay.
        idp.set_down(true);
        tokio::time::sleep(Duration::from_millis(250)).await;
        assert!(cache.keys().key_ids().contains(&new_kid));
        let _ = stop.send(());
        tokio::time::timeout(Duration::from_secs(2), task)
            .await
            .expect("stops on shutdown")
            .expect("task");
    }
}
