//! The OIDC and STS modules against the in-process test identity provider, as the STS handler
//! will use them: discovery, key cache, validation, claims, and the STS wire format.

mod common;

use std::sync::Arc;

use common::test_idp::{DEFAULT_AUDIENCE, KeyKind, SignOptions, TestIdp};
use serde_json::json;
use time::OffsetDateTime;
use weka::server::oidc::{
    JwksCache, JwksCacheConfig, TokenValidator, build_http_client, claim_as_string, extract_roles,
    fetch_provider,
};
use weka::server::sts::{
    AssumeRoleWithWebIdentityResponse, AssumedRoleUser, Credentials, StsError,
    parse_assume_role_with_web_identity, render_assume_role_with_web_identity,
};

fn form(token: &str) -> Vec<(String, String)> {
    [
        ("Action", "AssumeRoleWithWebIdentity"),
        ("Version", "2011-06-15"),
        ("RoleArn", "arn:aws:iam::000000000000:role/weka-oidc"),
        ("RoleSessionName", "oidc-test"),
        ("WebIdentityToken", token),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

#[tokio::test]
async fn a_token_becomes_an_sts_response() {
    let idp = TestIdp::start().await;
    let http = build_http_client().expect("client");
    let provider = fetch_provider(&http, &idp.config_url(), std::time::Duration::from_secs(5))
        .await
        .expect("discovery");
    let cache = Arc::new(JwksCache::new(
        http,
        provider.jwks_uri.clone(),
        JwksCacheConfig::default(),
        None,
    ));
    cache
        .seed(&provider.jwks_json, provider.fetched_at)
        .expect("seed");
    let validator = TokenValidator::new(provider.issuer.clone())
        .with_audiences(vec![DEFAULT_AUDIENCE.into()])
        .with_provider_algorithms(provider.signing_algorithms.clone());

    let mut claims = idp.claims("service-principal-1");
    claims["realm_access"] = json!({"roles": ["s3admin", 5]});
    let token = idp.sign_with(&claims, &SignOptions::default().typ(Some("at+jwt")));
    let request = parse_assume_role_with_web_identity(&form(&token), 3600).expect("request");
    let valid = cache
        .validate(&validator, &request.web_identity_token, OffsetDateTime::now_utc())
        .await
        .expect("valid");
    let (roles, warnings) = extract_roles(&valid.claims, "realm_access.roles");
    assert_eq!(roles, vec!["s3admin".to_string()]);
    assert_eq!(warnings.len(), 1);
    assert_eq!(
        claim_as_string(&valid.claims, "sub").as_deref(),
        Some("service-principal-1")
    );
    assert_eq!(idp.jwks_fetches(), 1, "discovery's JWKS seeded the cache");

    let xml = render_assume_role_with_web_identity(&AssumeRoleWithWebIdentityResponse {
        credentials: Credentials {
            access_key_id: "ASIATEST".into(),
            secret_access_key: "secret".into(),
            session_token: "session".into(),
            expiration: valid.expires_at,
        },
        subject_from_web_identity_token: valid.subject.clone(),
        assumed_role_user: AssumedRoleUser {
            arn: request.role_arn.assumed_role_arn(&request.role_session_name),
            assumed_role_id: format!("AROATEST:{}", request.role_session_name),
        },
        provider: valid.issuer.clone(),
        audience: valid.audience.first().cloned(),
        source_identity: None,
        packed_policy_size: request.packed_policy_size(),
        request_id: "req-1".into(),
    });
    assert!(
        xml.contains("<Arn>arn:aws:sts::000000000000:assumed-role/weka-oidc/oidc-test</Arn>"),
        "{xml}"
    );
    assert!(xml.contains("<SubjectFromWebIdentityToken>service-principal-1</SubjectFromWebIdentityToken>"));
}

#[tokio::test]
async fn refusals_become_sts_errors() {
    let idp = TestIdp::start_with(&[KeyKind::Es256]).await;
    let http = build_http_client().expect("client");
    let cache = JwksCache::new(http, idp.jwks_uri(), JwksCacheConfig::default(), None);
    let validator = TokenValidator::new(idp.issuer());
    let mut claims = idp.claims("u");
    claims["exp"] = json!(common::test_idp::now_unix() - 3600);
    let expired = idp.sign(&claims);
    let error = StsError::from(
        cache
            .validate(&validator, &expired, OffsetDateTime::now_utc())
            .await
            .expect_err("expired"),
    );
    assert_eq!((error.code, error.status), ("ExpiredTokenException", 400));
    assert!(error.to_xml("r").contains("<Code>ExpiredTokenException</Code>"));

    idp.set_down(true);
    let fresh = JwksCache::new(
        build_http_client().expect("client"),
        idp.jwks_uri(),
        JwksCacheConfig::default(),
        None,
    );
    let error = StsError::from(
        fresh
            .validate(&validator, &idp.sign(&idp.claims("u")), OffsetDateTime::now_utc())
            .await
            .expect_err("down"),
    );
    assert_eq!(error.code, "IDPCommunicationError");
}

#[tokio::test]
async fn the_test_provider_serves_broken_documents_on_request() {
    let idp = TestIdp::start().await;
    let http = build_http_client().expect("client");
    idp.serve_html_discovery();
    let error = fetch_provider(&http, &idp.config_url(), std::time::Duration::from_secs(5))
        .await
        .expect_err("html");
    assert!(error.to_string().contains("an HTML page"), "{error}");
    idp.reset_overrides();
    idp.serve_discovery_without("jwks_uri");
    let error = fetch_provider(&http, &idp.config_url(), std::time::Duration::from_secs(5))
        .await
        .expect_err("no jwks_uri");
    assert!(error.to_string().contains("has no \"jwks_uri\""), "{error}");
    assert_eq!(idp.discovery_fetches(), 2);
}
