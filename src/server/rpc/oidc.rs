//! `s3_oidc_*` methods: the identity provider configuration.

use time::OffsetDateTime;

use crate::api::oidc::{
    AddParams, DEFAULT_CLAIM_NAME, DEFAULT_USER_CLAIM, NearMiss, OidcConfig, TestParams, TestReport,
    UpdateParams,
};
use crate::api::{ApiError, Empty, ErrorCode};
use crate::server::auth::Caller;
use crate::server::oidc::{FetchedProvider, KeySet, decode_unverified, fetch_provider};
use crate::server::provider::map_claims;
use crate::server::state::AppState;
use crate::server::store::now_unix;
use crate::server::store::oidc::{self as oidc_store, ProviderRow};

fn not_configured() -> ApiError {
    ApiError::new(ErrorCode::OidcNotConfigured, "no OIDC provider is configured")
        .with_hint("add one with `weka s3 cluster oidc add --config-url URL`")
}

fn check_claim_name(what: &str, name: &str) -> Result<(), ApiError> {
    if name.is_empty() || name.len() > 256 || name.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(ApiError::invalid_argument(format!(
            "{what} must be 1-256 characters without spaces, e.g. `roles` or `realm_access.roles`"
        )));
    }
    Ok(())
}

fn check_audiences(audiences: &[String]) -> Result<(), ApiError> {
    if audiences.len() > 100 || audiences.iter().any(|a| a.is_empty() || a.len() > 1024) {
        return Err(ApiError::invalid_argument(
            "audiences must be 1-1024 characters each, at most 100 of them",
        ));
    }
    Ok(())
}

async fn discover(state: &AppState, config_url: &str) -> Result<FetchedProvider, ApiError> {
    fetch_provider(&state.http, config_url, state.config.oidc_timeout)
        .await
        .map_err(|e| {
            ApiError::new(ErrorCode::OidcDiscoveryFailed, e.to_string()).with_hint(
                "check the URL from your identity provider's administrator and that this server can reach it",
            )
        })
}

fn key_ids(row: &ProviderRow) -> Vec<String> {
    KeySet::parse(&row.jwks).map(|k| k.key_ids()).unwrap_or_default()
}

fn row_from(
    fetched: FetchedProvider,
    claim_name: String,
    user_claim: String,
    audiences: Vec<String>,
    created_at: i64,
) -> ProviderRow {
    let now = now_unix();
    ProviderRow {
        config_url: fetched.config_url,
        claim_name,
        user_claim,
        audiences,
        issuer: fetched.issuer,
        jwks_uri: fetched.jwks_uri,
        signing_algs: fetched.signing_algorithms.unwrap_or_default(),
        discovery: fetched.discovery_json,
        jwks: fetched.jwks_json,
        jwks_fetched_at: fetched.fetched_at.unix_timestamp(),
        created_at,
        updated_at: now,
    }
}

pub async fn add(state: &AppState, _caller: &Caller, p: AddParams) -> Result<OidcConfig, ApiError> {
    let claim_name = p.claim_name.unwrap_or_else(|| DEFAULT_CLAIM_NAME.into());
    let user_claim = p.user_claim.unwrap_or_else(|| DEFAULT_USER_CLAIM.into());
    check_claim_name("--claim-name", &claim_name)?;
    check_claim_name("--user-claim", &user_claim)?;
    check_audiences(&p.audiences)?;
    if state.store.read_async(oidc_store::get).await?.is_some() {
        return Err(ApiError::new(ErrorCode::AlreadyExists, "an OIDC provider is already configured (one is supported)")
            .with_hint("change it with `weka s3 cluster oidc update`, or remove it with `weka s3 cluster oidc remove --yes`"));
    }
    let fetched = discover(state, &p.config_url).await?;
    let row = row_from(fetched, claim_name, user_claim, p.audiences, now_unix());
    let stored = row.clone();
    state
        .store
        .write_async(move |tx| {
            if oidc_store::get(tx)?.is_some() {
                return Err(ApiError::new(
                    ErrorCode::AlreadyExists,
                    "an OIDC provider is already configured",
                )
                .into());
            }
            oidc_store::put(tx, &stored)
        })
        .await?;
    tracing::info!(config_url = %row.config_url, issuer = %row.issuer, claim = %row.claim_name, "OIDC provider added");
    let ids = key_ids(&row);
    state.oidc.activate(row.clone());
    Ok(row.to_api(ids))
}

pub async fn show(state: &AppState, _caller: &Caller, _p: Empty) -> Result<Option<OidcConfig>, ApiError> {
    let row = state.store.read_async(oidc_store::get).await?;
    Ok(row.map(|r| {
        let ids = key_ids(&r);
        r.to_api(ids)
    }))
}

pub async fn update(state: &AppState, _caller: &Caller, p: UpdateParams) -> Result<OidcConfig, ApiError> {
    let current = state
        .store
        .read_async(oidc_store::get)
        .await?
        .ok_or_else(not_configured)?;
    let claim_name = p.claim_name.unwrap_or(current.claim_name.clone());
    let user_claim = p.user_claim.unwrap_or(current.user_claim.clone());
    let audiences = p.audiences.unwrap_or(current.audiences.clone());
    check_claim_name("--claim-name", &claim_name)?;
    check_claim_name("--user-claim", &user_claim)?;
    check_audiences(&audiences)?;
    let config_url = p.config_url.unwrap_or(current.config_url.clone());
    let fetched = discover(state, &config_url).await?;
    let row = row_from(fetched, claim_name, user_claim, audiences, current.created_at);
    let stored = row.clone();
    state
        .store
        .write_async(move |tx| oidc_store::put(tx, &stored))
        .await?;
    tracing::info!(config_url = %row.config_url, issuer = %row.issuer, claim = %row.claim_name, "OIDC provider updated");
    let ids = key_ids(&row);
    state.oidc.activate(row.clone());
    Ok(row.to_api(ids))
}

pub async fn remove(state: &AppState, _caller: &Caller, _p: Empty) -> Result<Empty, ApiError> {
    let removed = state.store.write_async(|tx| oidc_store::delete(tx)).await?;
    if !removed {
        return Err(not_configured());
    }
    state.oidc.clear();
    tracing::info!("OIDC provider removed; issued temporary credentials stay valid until they expire");
    Ok(Empty {})
}

pub async fn test(state: &AppState, _caller: &Caller, p: TestParams) -> Result<TestReport, ApiError> {
    let token = p.token.trim();
    let provider = state.oidc.sync()?.ok_or_else(not_configured)?;
    let (header, claims) = match decode_unverified(token) {
        Ok((h, serde_json::Value::Object(c))) => (h, c),
        Ok((h, _)) => (h, serde_json::Map::new()),
        Err(e) => {
            return Err(
                ApiError::new(ErrorCode::InvalidIdentityToken, format!("not a JWT: {e}")).with_hint(
                    "give the token exactly as the identity provider issued it (three base64url parts)",
                ),
            );
        }
    };
    let verdict = provider
        .cache
        .validate(&provider.validator, token, OffsetDateTime::now_utc())
        .await;
    let mapping = map_claims(&state.store, &provider.row, &claims, true)?;
    let str_claim = |k: &str| claims.get(k).and_then(|v| v.as_str()).map(str::to_string);
    let audience = match claims.get("aud") {
        Some(serde_json::Value::String(s)) => vec![s.clone()],
        Some(serde_json::Value::Array(a)) => {
            a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect()
        }
        _ => Vec::new(),
    };
    let expires_at = claims
        .get("exp")
        .and_then(|v| v.as_i64())
        .and_then(|t| OffsetDateTime::from_unix_timestamp(t).ok());
    let (valid, error_code, error_message) = match &verdict {
        Ok(_) => (true, None, None),
        Err(e) => (false, Some(e.sts_code().to_string()), Some(e.to_string())),
    };
    let would_issue = valid && !mapping.merged().is_empty();
    Ok(TestReport {
        valid,
        error_code,
        error_message,
        header,
        issuer: str_claim("iss"),
        subject: str_claim("sub"),
        audience,
        expires_at,
        claim_name: provider.row.claim_name.clone(),
        roles: mapping.roles.clone(),
        identity: mapping.identity.clone(),
        matched_policies: mapping.role_policies.clone(),
        attached_policies: mapping.attached_policies.clone(),
        unmatched_roles: mapping.unmatched_roles.clone(),
        near_misses: mapping
            .near_misses
            .iter()
            .map(|(r, p)| NearMiss {
                role: r.clone(),
                policy: p.clone(),
            })
            .collect(),
        would_issue,
    })
}
