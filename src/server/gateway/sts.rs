//! `AssumeRoleWithWebIdentity`: a web identity token in, temporary credentials out.

use std::net::IpAddr;
use std::time::Instant;

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use crate::server::iam::Policy;
use crate::server::provider::{Mapping, map_claims};
use crate::server::secrets::{access_key_id, session_token, sha256_hex};
use crate::server::state::AppState;
use crate::server::store::credentials::{self, CredentialRow};
use crate::server::sts::{
    AssumeRoleWithWebIdentityResponse, AssumedRoleUser, Credentials, DurationLimits, StsError,
    parse_with_limits, render_assume_role_with_web_identity,
};

/// Largest STS request body: a 20,000-byte token and a 2,048-character policy, URL-encoded.
pub const MAX_BODY: usize = 128 * 1024;

/// Whether a request on the S3 listener is for the STS: the AWS query protocol at `/`, as a
/// form POST or a GET with `Action`.
pub fn is_sts_request(method: &Method, path: &str, query: Option<&str>, headers: &HeaderMap) -> bool {
    if path != "/" {
        return false;
    }
    let form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        });
    let action_in_query = query.is_some_and(|q| q.split('&').any(|kv| kv.starts_with("Action=")));
    (method == Method::POST && (form || action_in_query)) || (method == Method::GET && action_in_query)
}

pub fn request_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

fn xml(status: u16, body: String, request_id: &str) -> Response {
    let mut resp = (
        StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
        [(header::CONTENT_TYPE, crate::server::sts::xml::CONTENT_TYPE)],
        body,
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(request_id) {
        resp.headers_mut().insert("x-amzn-requestid", v);
    }
    resp
}

/// Answers one STS request.
pub async fn handle(state: &AppState, client_ip: IpAddr, query: Option<&str>, body: &Bytes) -> Response {
    let request_id = request_id();
    let started = Instant::now();
    match assume_role(state, query, body, &request_id).await {
        Ok((resp, issued)) => {
            tracing::info!(
                request_id = %request_id,
                client = %client_ip,
                access_key = %issued.access_key,
                subject = %issued.subject,
                policies = ?issued.policies,
                expires_at = issued.expires_at,
                ms = started.elapsed().as_secs_f64() * 1000.0,
                "AssumeRoleWithWebIdentity issued credentials"
            );
            xml(200, render_assume_role_with_web_identity(&resp), &request_id)
        }
        Err(e) => refuse(client_ip, &request_id, &e),
    }
}

/// Logs a refusal with its reason and answers it in AWS's error shape.
pub fn refuse(client_ip: IpAddr, request_id: &str, e: &StsError) -> Response {
    tracing::info!(
        request_id = %request_id,
        client = %client_ip,
        code = e.code,
        reason = %e.message,
        "AssumeRoleWithWebIdentity refused"
    );
    xml(e.status, e.to_xml(request_id), request_id)
}

fn form_pairs(query: Option<&str>, body: &[u8]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    if let Some(q) = query {
        pairs
            .extend(url::form_urlencoded::parse(q.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())));
    }
    pairs.extend(url::form_urlencoded::parse(body).map(|(k, v)| (k.into_owned(), v.into_owned())));
    pairs
}

/// A stable role id for `AssumedRoleId`: `AROA` and 17 characters derived from the role ARN.
fn role_id(role_arn: &str) -> String {
    let digest = Sha256::digest(role_arn.as_bytes());
    let b32 = base64::engine::general_purpose::STANDARD_NO_PAD.encode(digest);
    let mut id: String = "AROA".into();
    id.extend(
        b32.chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_uppercase())
            .take(17),
    );
    id
}

async fn assume_role(
    state: &AppState,
    query: Option<&str>,
    body: &Bytes,
    request_id: &str,
) -> Result<(AssumeRoleWithWebIdentityResponse, CredentialRow), StsError> {
    let pairs = form_pairs(query, body);
    let limits = DurationLimits {
        min: u32::try_from(state.config.sts_min_duration.as_secs()).unwrap_or(900),
        max: u32::try_from(state.config.sts_max_duration.as_secs()).unwrap_or(u32::MAX),
    };
    let req = parse_with_limits(&pairs, limits)?;

    let store_failure = |e: crate::server::store::StoreError| {
        tracing::error!(error = %e, "STS store failure");
        StsError::internal_failure("the server could not complete the request; see its log")
    };
    let provider = state.oidc.sync().map_err(store_failure)?.ok_or_else(|| {
        StsError::invalid_identity_token(
            "No OpenIDConnect provider is configured on this server; an administrator adds one with \
             `weka s3 cluster oidc add --config-url URL`",
        )
    })?;
    let now = OffsetDateTime::now_utc();
    let token = provider
        .cache
        .validate(&provider.validator, &req.web_identity_token, now)
        .await?;
    let mapping: Mapping =
        map_claims(&state.store, &provider.row, &token.claims, false).map_err(store_failure)?;
    for w in &mapping.warnings {
        tracing::info!(request_id, warning = %w, "roles claim");
    }
    let policies = mapping.merged();
    if policies.is_empty() {
        let roles = if mapping.roles.is_empty() {
            format!(
                "the token has no values in its '{}' claim",
                provider.row.claim_name
            )
        } else {
            format!(
                "no IAM policy is named like the token's role values {:?} (names are case-sensitive)",
                mapping.roles
            )
        };
        return Err(StsError::access_denied(format!(
            "Not authorized to perform sts:AssumeRoleWithWebIdentity: {roles}, and no policy is attached to \
             its identity"
        )));
    }
    if let Some(p) = &req.policy {
        Policy::parse(p).map_err(|e| {
            StsError::malformed_policy_document(format!("The session policy is not valid: {e}"))
        })?;
    }

    let access_key = access_key_id();
    let secret = state.key.sts_secret_key(&access_key);
    let session = session_token();
    let created = now.unix_timestamp();
    let expires = created + i64::from(req.duration_seconds);
    let row = CredentialRow {
        access_key: access_key.clone(),
        session_token_hash: sha256_hex(&session),
        subject: token.subject.clone(),
        identity: mapping.identity.clone(),
        issuer: token.issuer.clone(),
        audience: token.audience.clone(),
        session_name: req.role_session_name.clone(),
        role_arn: req.role_arn.as_str().to_string(),
        policies,
        session_policy: req.policy.clone(),
        claims: serde_json::Value::Object(token.claims.clone()).to_string(),
        created_at: created,
        expires_at: expires,
    };
    let stored = row.clone();
    // Concurrent exchanges share one commit (one fsync); the credential is durable when
    // this returns, before the caller sees it.
    state
        .store
        .write_grouped(move |tx| credentials::insert(tx, &stored))
        .await
        .map_err(store_failure)?;

    let audience = token
        .claims
        .get("azp")
        .and_then(|v| v.as_str())
        .map(str::to_string)
        .or_else(|| token.audience.first().cloned());
    let response = AssumeRoleWithWebIdentityResponse {
        credentials: Credentials {
            access_key_id: access_key,
            secret_access_key: secret,
            session_token: session,
            expiration: crate::server::store::to_datetime(expires),
        },
        subject_from_web_identity_token: token.subject.clone(),
        assumed_role_user: AssumedRoleUser {
            arn: req.role_arn.assumed_role_arn(&req.role_session_name),
            assumed_role_id: format!("{}:{}", role_id(req.role_arn.as_str()), req.role_session_name),
        },
        provider: token.issuer.clone(),
        audience,
        source_identity: None,
        packed_policy_size: req.packed_policy_size(),
        request_id: request_id.to_string(),
    };
    Ok((response, row))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognizes_sts_requests() {
        let form = {
            let mut h = HeaderMap::new();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/x-www-form-urlencoded; charset=utf-8"),
            );
            h
        };
        let none = HeaderMap::new();
        assert!(is_sts_request(&Method::POST, "/", None, &form));
        assert!(is_sts_request(
            &Method::GET,
            "/",
            Some("Action=AssumeRoleWithWebIdentity&Version=2011-06-15"),
            &none
        ));
        assert!(!is_sts_request(&Method::GET, "/", None, &none), "ListBuckets");
        assert!(
            !is_sts_request(&Method::POST, "/bucket", None, &form),
            "S3 POST object"
        );
        assert!(!is_sts_request(&Method::GET, "/", Some("prefix=Action=x"), &none));
    }

    #[test]
    fn role_ids_look_like_aws() {
        let id = role_id("arn:aws:iam::000000000000:role/weka-oidc");
        assert!(id.starts_with("AROA"));
        assert_eq!(id.len(), 21);
        assert_eq!(id, role_id("arn:aws:iam::000000000000:role/weka-oidc"));
    }
}
