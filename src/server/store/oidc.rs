//! The OIDC provider configuration (a single row, as WEKA has one provider).

use rusqlite::{Connection, OptionalExtension, params};

use super::{StoreError, StoreResult, to_datetime};
use crate::api::oidc::OidcConfig;

#[derive(Debug, Clone, PartialEq)]
pub struct ProviderRow {
    pub config_url: String,
    pub claim_name: String,
    pub user_claim: String,
    pub audiences: Vec<String>,
    pub issuer: String,
    pub jwks_uri: String,
    pub signing_algs: Vec<String>,
    pub discovery: String,
    pub jwks: String,
    pub jwks_fetched_at: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

impl ProviderRow {
    pub fn to_api(&self, key_ids: Vec<String>) -> OidcConfig {
        OidcConfig {
            config_url: self.config_url.clone(),
            claim_name: self.claim_name.clone(),
            user_claim: self.user_claim.clone(),
            audiences: self.audiences.clone(),
            issuer: self.issuer.clone(),
            jwks_uri: self.jwks_uri.clone(),
            signing_algorithms: self.signing_algs.clone(),
            key_ids,
            jwks_fetched_at: to_datetime(self.jwks_fetched_at),
            created_at: to_datetime(self.created_at),
            updated_at: to_datetime(self.updated_at),
        }
    }
}

fn json_list(s: &str) -> Result<Vec<String>, StoreError> {
    serde_json::from_str(s).map_err(|e| StoreError::Corrupt(format!("oidc_provider list: {e}")))
}

pub fn get(conn: &Connection) -> StoreResult<Option<ProviderRow>> {
    // Read whenever another connection committed (every STS exchange commits): keep it prepared.
    let mut stmt = conn.prepare_cached(
        "SELECT config_url, claim_name, user_claim, audiences, issuer, jwks_uri, signing_algs, discovery, jwks,
                jwks_fetched_at, created_at, updated_at
         FROM oidc_provider WHERE id = 1",
    )?;
    let raw = stmt
        .query_row([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?,
                r.get::<_, String>(8)?,
                r.get::<_, i64>(9)?,
                r.get::<_, i64>(10)?,
                r.get::<_, i64>(11)?,
            ))
        })
        .optional()?;
    let Some((
        config_url,
        claim_name,
        user_claim,
        aud,
        issuer,
        jwks_uri,
        algs,
        discovery,
        jwks,
        fetched,
        created,
        updated,
    )) = raw
    else {
        return Ok(None);
    };
    Ok(Some(ProviderRow {
        config_url,
        claim_name,
        user_claim,
        audiences: json_list(&aud)?,
        issuer,
        jwks_uri,
        signing_algs: json_list(&algs)?,
        discovery,
        jwks,
        jwks_fetched_at: fetched,
        created_at: created,
        updated_at: updated,
    }))
}

/// Inserts or replaces the provider row.
pub fn put(conn: &Connection, row: &ProviderRow) -> StoreResult<()> {
    conn.execute(
        "INSERT OR REPLACE INTO oidc_provider
           (id, config_url, claim_name, user_claim, audiences, issuer, jwks_uri, signing_algs, discovery, jwks,
            jwks_fetched_at, created_at, updated_at)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            row.config_url,
            row.claim_name,
            row.user_claim,
            serde_json::to_string(&row.audiences).unwrap_or_else(|_| "[]".into()),
            row.issuer,
            row.jwks_uri,
            serde_json::to_string(&row.signing_algs).unwrap_or_else(|_| "[]".into()),
            row.discovery,
            row.jwks,
            row.jwks_fetched_at,
            row.created_at,
            row.updated_at,
        ],
    )?;
    Ok(())
}

pub fn delete(conn: &Connection) -> StoreResult<bool> {
    Ok(conn.execute("DELETE FROM oidc_provider WHERE id = 1", [])? > 0)
}

/// Keeps the last good JWKS, so a restart while the provider is down still validates tokens.
/// Only stores it when the provider row still has that JWKS URI (it may have been changed).
pub fn update_jwks(conn: &Connection, jwks_uri: &str, jwks: &str, fetched_at: i64) -> StoreResult<bool> {
    Ok(conn.execute(
        "UPDATE oidc_provider SET jwks = ?2, jwks_fetched_at = ?3 WHERE id = 1 AND jwks_uri = ?1",
        params![jwks_uri, jwks, fetched_at],
    )? > 0)
}
