//! JWT validation: the checks the STS makes before it trusts a token.
//!
//! The header is checked before anything else: only asymmetric algorithms are accepted, so
//! `none` and HMAC (the key-confusion attack, where a public key is used as a shared secret)
//! never reach a verifier. Then the key is chosen by `kid` and must fit the algorithm, the
//! signature is verified, and only then are the claims read. Messages never contain the token.

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::Algorithm;
use serde_json::{Map, Value};
use time::OffsetDateTime;

use super::jwks::{KeySet, VerificationKey, accepted_algorithm, algorithm_name, shorten};

/// Clock skew tolerated on `exp`, `nbf` and `iat`.
pub const DEFAULT_LEEWAY: Duration = Duration::from_secs(60);

/// Tokens longer than this are refused unread (AWS allows 20000 characters for WebIdentityToken).
pub const MAX_TOKEN_BYTES: usize = 64 * 1024;

/// The placeholder Microsoft Entra ID puts in the issuer of its multi-tenant discovery documents.
pub const TENANT_PLACEHOLDER: &str = "{tenantid}";

/// Why a token is refused. Messages are fit for logs and for the STS error response: they name
/// the problem and never include the token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("the token is malformed: {0}")]
    Malformed(String),
    #[error(
        "the token's signature algorithm {0} is not accepted; use RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384 or EdDSA"
    )]
    UnsupportedAlgorithm(String),
    #[error(
        "the token is signed with {alg}, which the provider does not advertise (id_token_signing_alg_values_supported: {})",
        .advertised.join(", ")
    )]
    AlgorithmNotAdvertised { alg: String, advertised: Vec<String> },
    #[error("the token's algorithm {alg} does not fit the provider's {key}")]
    AlgorithmKeyMismatch { alg: String, key: String },
    #[error("the token's header has typ \"{0}\"; accepted are none, \"JWT\" and \"at+jwt\"")]
    UnsupportedType(String),
    #[error("the token's header marks {0} as critical, which is not supported")]
    UnsupportedCriticalHeader(String),
    #[error("the token's key id \"{kid}\" is not among the provider's signing keys ({})", list_or_none(.known))]
    UnknownKid { kid: String, known: Vec<String> },
    #[error("the token has no kid and the provider publishes no {alg} signing key")]
    NoMatchingKey { alg: String },
    #[error(
        "the token has no kid and the provider publishes {count} keys for {alg}, so the signing key cannot be chosen"
    )]
    AmbiguousKey { alg: String, count: usize },
    #[error("the token's signature does not verify with the provider's key")]
    BadSignature,
    #[error(
        "the token expired at {expired_at} (checked at {now}, allowing {leeway_seconds} s of clock skew)"
    )]
    Expired {
        expired_at: String,
        now: String,
        leeway_seconds: u64,
    },
    #[error("the token is not valid before {not_before} (checked at {now})")]
    NotYetValid { not_before: String, now: String },
    #[error("the token claims to be issued at {issued_at}, in the future (checked at {now})")]
    IssuedInFuture { issued_at: String, now: String },
    #[error("the token's issuer \"{found}\" is not the configured provider's issuer \"{expected}\"")]
    WrongIssuer { expected: String, found: String },
    #[error(
        "the provider's issuer \"{template}\" depends on the tenant, and the token has no usable \"tid\" claim to resolve it"
    )]
    TenantUnresolved { template: String },
    #[error("the token's audience ({}) is not accepted; accepted: {}", list_or_none(.found), .accepted.join(", "))]
    WrongAudience {
        found: Vec<String>,
        accepted: Vec<String>,
    },
    #[error("the token has no \"{0}\" claim")]
    MissingClaim(String),
    #[error("the token's \"{claim}\" claim is invalid: {reason}")]
    InvalidClaim { claim: String, reason: String },
    #[error("the identity provider's signing keys could not be fetched: {0}")]
    ProviderUnreachable(String),
}

fn list_or_none(items: &[String]) -> String {
    if items.is_empty() {
        "none".to_string()
    } else {
        items
            .iter()
            .map(|s| format!("\"{}\"", shorten(s, 100)))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl TokenError {
    /// The AWS STS error code for this refusal.
    pub fn sts_code(&self) -> &'static str {
        match self {
            TokenError::Expired { .. } => "ExpiredTokenException",
            TokenError::ProviderUnreachable(_) => "IDPCommunicationError",
            _ => "InvalidIdentityToken",
        }
    }

    /// A refusal that fresh keys from the provider might cure (key rotation).
    pub fn wants_key_refresh(&self) -> bool {
        matches!(
            self,
            TokenError::UnknownKid { .. } | TokenError::NoMatchingKey { .. }
        )
    }
}

/// A token that passed every check.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidatedToken {
    /// The JOSE header as sent.
    pub header: Value,
    /// Every claim of the payload.
    pub claims: Map<String, Value>,
    pub algorithm: Algorithm,
    pub key_id: Option<String>,
    /// `iss`, equal to the provider's issuer (template resolved).
    pub issuer: String,
    /// `sub`.
    pub subject: String,
    /// `aud`, as a list (empty when the token has none and no audience is required).
    pub audience: Vec<String>,
    pub expires_at: OffsetDateTime,
    pub issued_at: Option<OffsetDateTime>,
}

/// The checks for one configured provider.
#[derive(Debug, Clone)]
pub struct TokenValidator {
    issuer: String,
    audiences: Vec<String>,
    provider_algorithms: Option<Vec<String>>,
    leeway: Duration,
}

impl TokenValidator {
    /// `issuer` is the discovery document's `issuer`, possibly containing `{tenantid}`.
    pub fn new(issuer: impl Into<String>) -> TokenValidator {
        TokenValidator {
            issuer: issuer.into(),
            audiences: Vec::new(),
            provider_algorithms: None,
            leeway: DEFAULT_LEEWAY,
        }
    }

    /// Accepted `aud` values; an empty list accepts any audience.
    pub fn with_audiences(mut self, audiences: Vec<String>) -> TokenValidator {
        self.audiences = audiences;
        self
    }

    /// The provider's `id_token_signing_alg_values_supported`; when given (and not empty), a token
    /// must use one of them.
    pub fn with_provider_algorithms(mut self, algorithms: Option<Vec<String>>) -> TokenValidator {
        self.provider_algorithms = algorithms.filter(|list| !list.is_empty());
        self
    }

    pub fn with_leeway(mut self, leeway: Duration) -> TokenValidator {
        self.leeway = leeway;
        self
    }

    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    pub fn audiences(&self) -> &[String] {
        &self.audiences
    }

    pub fn leeway(&self) -> Duration {
        self.leeway
    }

    /// Checks `token` against the keys and the configuration at time `now`.
    pub fn validate(
        &self,
        token: &str,
        keys: &KeySet,
        now: OffsetDateTime,
    ) -> Result<ValidatedToken, TokenError> {
        let parts = split_token(token)?;
        let header = decode_json_object(parts.header, "header")?;

        // 1. Algorithm, before anything else.
        let alg_name = match header.get("alg") {
            Some(Value::String(alg)) => alg.as_str(),
            Some(_) => {
                return Err(TokenError::Malformed(
                    "the header's \"alg\" is not a string".into(),
                ));
            }
            None => return Err(TokenError::Malformed("the header has no \"alg\"".into())),
        };
        let alg = accepted_algorithm(alg_name)
            .ok_or_else(|| TokenError::UnsupportedAlgorithm(format!("\"{}\"", shorten(alg_name, 40))))?;
        if let Some(advertised) = &self.provider_algorithms
            && !advertised.iter().any(|a| a == alg_name)
        {
            return Err(TokenError::AlgorithmNotAdvertised {
                alg: alg_name.to_string(),
                advertised: advertised.iter().map(|a| shorten(a, 40)).collect(),
            });
        }

        // 2. The rest of the header.
        check_type(&header)?;
        check_critical(&header)?;
        let kid = match header.get("kid") {
            None | Some(Value::Null) => None,
            Some(Value::String(kid)) => Some(kid.clone()),
            Some(_) => {
                return Err(TokenError::Malformed(
                    "the header's \"kid\" is not a string".into(),
                ));
            }
        };

        // 3. The key, then the signature.
        let candidates = select_keys(keys, kid.as_deref(), alg)?;
        let signature = URL_SAFE_NO_PAD
            .decode(parts.signature)
            .map_err(|_| TokenError::Malformed("the signature is not base64url".into()))?;
        if signature.is_empty() {
            return Err(TokenError::Malformed("the signature is empty".into()));
        }
        let verified = candidates.iter().any(|key| {
            // The verifier takes the signature in its base64url form.
            jsonwebtoken::crypto::verify(parts.signature, parts.signed.as_bytes(), key.decoding_key(), alg)
                .unwrap_or(false)
        });
        if !verified {
            return Err(TokenError::BadSignature);
        }

        // 4. Claims.
        let claims = decode_json_object(parts.payload, "payload")?;
        let leeway = time::Duration::try_from(self.leeway).unwrap_or(time::Duration::MAX);

        let expires_at =
            numeric_date(&claims, "exp")?.ok_or_else(|| TokenError::MissingClaim("exp".into()))?;
        if now >= expires_at.saturating_add(leeway) {
            return Err(TokenError::Expired {
                expired_at: rfc3339(expires_at),
                now: rfc3339(now),
                leeway_seconds: self.leeway.as_secs(),
            });
        }
        if let Some(not_before) = numeric_date(&claims, "nbf")?
            && not_before > now.saturating_add(leeway)
        {
            return Err(TokenError::NotYetValid {
                not_before: rfc3339(not_before),
                now: rfc3339(now),
            });
        }
        let issued_at = numeric_date(&claims, "iat")?;
        if let Some(issued_at) = issued_at
            && issued_at > now.saturating_add(leeway)
        {
            return Err(TokenError::IssuedInFuture {
                issued_at: rfc3339(issued_at),
                now: rfc3339(now),
            });
        }

        let issuer = self.check_issuer(&claims)?;
        let audience = self.check_audience(&claims)?;
        let subject = match claims.get("sub") {
            None | Some(Value::Null) => return Err(TokenError::MissingClaim("sub".into())),
            Some(Value::String(sub)) if sub.is_empty() => {
                return Err(TokenError::InvalidClaim {
                    claim: "sub".into(),
                    reason: "it is empty".into(),
                });
            }
            Some(Value::String(sub)) => sub.clone(),
            Some(_) => {
                return Err(TokenError::InvalidClaim {
                    claim: "sub".into(),
                    reason: "it is not a string".into(),
                });
            }
        };

        Ok(ValidatedToken {
            header: Value::Object(header),
            claims,
            algorithm: alg,
            key_id: kid,
            issuer,
            subject,
            audience,
            expires_at,
            issued_at,
        })
    }

    fn check_issuer(&self, claims: &Map<String, Value>) -> Result<String, TokenError> {
        let found = match claims.get("iss") {
            None | Some(Value::Null) => return Err(TokenError::MissingClaim("iss".into())),
            Some(Value::String(iss)) => iss,
            Some(_) => {
                return Err(TokenError::InvalidClaim {
                    claim: "iss".into(),
                    reason: "it is not a string".into(),
                });
            }
        };
        let expected = if self.issuer.contains(TENANT_PLACEHOLDER) {
            let tenant = claims
                .get("tid")
                .and_then(Value::as_str)
                .filter(|tid| is_tenant_id(tid))
                .ok_or_else(|| TokenError::TenantUnresolved {
                    template: shorten(&self.issuer, 200),
                })?;
            self.issuer.replace(TENANT_PLACEHOLDER, tenant)
        } else {
            self.issuer.clone()
        };
        if *found != expected {
            return Err(TokenError::WrongIssuer {
                expected: shorten(&expected, 200),
                found: shorten(found, 200),
            });
        }
        Ok(expected)
    }

    fn check_audience(&self, claims: &Map<String, Value>) -> Result<Vec<String>, TokenError> {
        let found: Vec<String> = match claims.get("aud") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::String(aud)) => vec![aud.clone()],
            Some(Value::Array(items)) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    match item {
                        Value::String(aud) => out.push(aud.clone()),
                        _ => {
                            return Err(TokenError::InvalidClaim {
                                claim: "aud".into(),
                                reason: "an array item is not a string".into(),
                            });
                        }
                    }
                }
                out
            }
            Some(_) => {
                return Err(TokenError::InvalidClaim {
                    claim: "aud".into(),
                    reason: "it is neither a string nor an array of strings".into(),
                });
            }
        };
        if !self.audiences.is_empty() {
            if found.is_empty() {
                return Err(TokenError::MissingClaim("aud".into()));
            }
            if !found.iter().any(|aud| self.audiences.contains(aud)) {
                return Err(TokenError::WrongAudience {
                    found: found.iter().take(10).map(|a| shorten(a, 100)).collect(),
                    accepted: self.audiences.clone(),
                });
            }
        }
        Ok(found)
    }
}

/// The header and claims of a token, decoded without any check, for a diagnostic view of a
/// token that may be invalid. Never use the result to grant anything.
pub fn decode_unverified(token: &str) -> Result<(Value, Value), TokenError> {
    let parts = split_token(token)?;
    let header = decode_json_object(parts.header, "header")?;
    let claims = decode_json_object(parts.payload, "payload")?;
    Ok((Value::Object(header), Value::Object(claims)))
}

struct TokenParts<'a> {
    header: &'a str,
    payload: &'a str,
    signature: &'a str,
    /// `header.payload`, the signed message.
    signed: &'a str,
}

fn split_token(token: &str) -> Result<TokenParts<'_>, TokenError> {
    let token = token.trim();
    if token.is_empty() {
        return Err(TokenError::Malformed("the token is empty".into()));
    }
    if token.len() > MAX_TOKEN_BYTES {
        return Err(TokenError::Malformed(format!(
            "the token is {} bytes long, more than the {MAX_TOKEN_BYTES} accepted",
            token.len()
        )));
    }
    let segments = token.split('.').count();
    if segments == 5 {
        return Err(TokenError::Malformed(
            "it has five segments, an encrypted token (JWE); only signed tokens (JWS) are accepted".into(),
        ));
    }
    if segments != 3 {
        return Err(TokenError::Malformed(format!(
            "a JWT has three base64url segments separated by dots, this has {segments}"
        )));
    }
    let Some((signed, signature)) = token.rsplit_once('.') else {
        return Err(TokenError::Malformed(
            "a JWT has three base64url segments separated by dots".into(),
        ));
    };
    let Some((header, payload)) = signed.split_once('.') else {
        return Err(TokenError::Malformed(
            "a JWT has three base64url segments separated by dots".into(),
        ));
    };
    Ok(TokenParts {
        header,
        payload,
        signature,
        signed,
    })
}

fn decode_json_object(segment: &str, what: &str) -> Result<Map<String, Value>, TokenError> {
    if segment.is_empty() {
        return Err(TokenError::Malformed(format!("the {what} segment is empty")));
    }
    let bytes = URL_SAFE_NO_PAD
        .decode(segment)
        .map_err(|_| TokenError::Malformed(format!("the {what} segment is not base64url")))?;
    let value: Value = serde_json::from_slice(&bytes)
        .map_err(|_| TokenError::Malformed(format!("the {what} segment is not JSON")))?;
    match value {
        Value::Object(map) => Ok(map),
        _ => Err(TokenError::Malformed(format!("the {what} is not a JSON object"))),
    }
}

fn check_type(header: &Map<String, Value>) -> Result<(), TokenError> {
    match header.get("typ") {
        None | Some(Value::Null) => Ok(()),
        Some(Value::String(typ)) => {
            let lower = typ.to_ascii_lowercase();
            // RFC 7515 4.1.9: "application/" may be omitted; RFC 9068 names "at+jwt".
            let media = lower.strip_prefix("application/").unwrap_or(&lower);
            if media == "jwt" || media == "at+jwt" {
                Ok(())
            } else {
                Err(TokenError::UnsupportedType(shorten(typ, 40)))
            }
        }
        Some(_) => Err(TokenError::Malformed(
            "the header's \"typ\" is not a string".into(),
        )),
    }
}

fn check_critical(header: &Map<String, Value>) -> Result<(), TokenError> {
    if let Some(crit) = header.get("crit") {
        // Only a few names, each cut short: the header is the sender's to fill.
        let names: Vec<String> = match crit {
            Value::Array(items) => items
                .iter()
                .take(5)
                .map(|item| match item {
                    Value::String(name) => shorten(name, 40),
                    other => shorten(&other.to_string(), 40),
                })
                .collect(),
            other => vec![shorten(&other.to_string(), 40)],
        };
        return Err(TokenError::UnsupportedCriticalHeader(list_or_none(&names)));
    }
    if header.get("b64").is_some_and(|b64| b64 != &Value::Bool(true)) {
        return Err(TokenError::Malformed(
            "the header sets \"b64\"; unencoded payloads are not supported".into(),
        ));
    }
    Ok(())
}

fn select_keys<'k>(
    keys: &'k KeySet,
    kid: Option<&str>,
    alg: Algorithm,
) -> Result<Vec<&'k VerificationKey>, TokenError> {
    let alg_name = algorithm_name(alg);
    match kid {
        Some(kid) => {
            let with_kid: Vec<&VerificationKey> = keys.with_kid(kid).collect();
            if with_kid.is_empty() {
                return Err(TokenError::UnknownKid {
                    kid: shorten(kid, 100),
                    known: keys.key_ids(),
                });
            }
            let fitting: Vec<&VerificationKey> =
                with_kid.iter().copied().filter(|k| k.supports(alg)).collect();
            if fitting.is_empty() {
                return Err(TokenError::AlgorithmKeyMismatch {
                    alg: alg_name.to_string(),
                    key: with_kid[0].describe(),
                });
            }
            Ok(fitting)
        }
        None => {
            let fitting: Vec<&VerificationKey> = keys.keys().iter().filter(|k| k.supports(alg)).collect();
            match fitting.len() {
                0 => Err(TokenError::NoMatchingKey {
                    alg: alg_name.to_string(),
                }),
                1 => Ok(fitting),
                count => Err(TokenError::AmbiguousKey {
                    alg: alg_name.to_string(),
                    count,
                }),
            }
        }
    }
}

/// A NumericDate claim (seconds since the epoch, fractions allowed), or `None` when absent.
fn numeric_date(claims: &Map<String, Value>, name: &str) -> Result<Option<OffsetDateTime>, TokenError> {
    let invalid = |reason: &str| TokenError::InvalidClaim {
        claim: name.to_string(),
        reason: reason.to_string(),
    };
    let seconds = match claims.get(name) {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Number(n)) => {
            if let Some(i) = n.as_i64() {
                i
            } else if let Some(f) = n.as_f64() {
                if !f.is_finite() || f.abs() > 1e15 {
                    return Err(invalid("it is not a representable time"));
                }
                f.floor() as i64
            } else {
                return Err(invalid("it is not a representable time"));
            }
        }
        Some(_) => return Err(invalid("it is not a number of seconds since 1970-01-01")),
    };
    OffsetDateTime::from_unix_timestamp(seconds)
        .map(Some)
        .map_err(|_| invalid("it is not a representable time"))
}

/// Whether a `tid` value may be put into an issuer URL (Entra tenant ids are GUIDs).
fn is_tenant_id(tid: &str) -> bool {
    !tid.is_empty() && tid.len() <= 64 && tid.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

fn rfc3339(at: OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| at.unix_timestamp().to_string())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use serde_json::json;

    use super::*;
    use crate::server::oidc::test_idp::{DEFAULT_AUDIENCE, KeyKind, SignOptions, Signer, TestIdp, now_unix};

    fn b64(value: &Value) -> String {
        URL_SAFE_NO_PAD.encode(value.to_string())
    }

    /// A token with exactly this header and payload text, signed by `key` with `alg`.
    fn signed_raw(
        key: &crate::server::oidc::test_idp::TestKey,
        alg: Algorithm,
        header: &Value,
        payload: &str,
    ) -> String {
        let message = format!("{}.{}", b64(header), URL_SAFE_NO_PAD.encode(payload));
        let signature = key.sign_message(message.as_bytes(), alg);
        format!("{message}.{signature}")
    }

    fn keys_of(idp: &TestIdp) -> KeySet {
        KeySet::from_value(&idp.jwks()).expect("the test provider's keys")
    }

    fn validator(idp: &TestIdp) -> TokenValidator {
        TokenValidator::new(idp.issuer()).with_audiences(vec![DEFAULT_AUDIENCE.to_string()])
    }

    fn now() -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }

    fn kind(error: &TokenError) -> &'static str {
        match error {
            TokenError::Malformed(_) => "Malformed",
            TokenError::UnsupportedAlgorithm(_) => "UnsupportedAlgorithm",
            TokenError::AlgorithmNotAdvertised { .. } => "AlgorithmNotAdvertised",
            TokenError::AlgorithmKeyMismatch { .. } => "AlgorithmKeyMismatch",
            TokenError::UnsupportedType(_) => "UnsupportedType",
            TokenError::UnsupportedCriticalHeader(_) => "UnsupportedCriticalHeader",
            TokenError::UnknownKid { .. } => "UnknownKid",
            TokenError::NoMatchingKey { .. } => "NoMatchingKey",
            TokenError::AmbiguousKey { .. } => "AmbiguousKey",
            TokenError::BadSignature => "BadSignature",
            TokenError::Expired { .. } => "Expired",
            TokenError::NotYetValid { .. } => "NotYetValid",
            TokenError::IssuedInFuture { .. } => "IssuedInFuture",
            TokenError::WrongIssuer { .. } => "WrongIssuer",
            TokenError::TenantUnresolved { .. } => "TenantUnresolved",
            TokenError::WrongAudience { .. } => "WrongAudience",
            TokenError::MissingClaim(_) => "MissingClaim",
            TokenError::InvalidClaim { .. } => "InvalidClaim",
            TokenError::ProviderUnreachable(_) => "ProviderUnreachable",
        }
    }

    struct Case {
        name: &'static str,
        token: String,
        validator: Option<TokenValidator>,
        keys: Option<KeySet>,
        kind: &'static str,
        message: &'static str,
    }

    #[tokio::test]
    async fn every_rejection_is_precise() {
        let idp = TestIdp::start().await;
        let keys = keys_of(&idp);
        let rsa = idp.kid_of(KeyKind::Rs256);
        let es256 = idp.kid_of(KeyKind::Es256);
        let es384 = idp.kid_of(KeyKind::Es384);
        let claims = idp.claims("user-1");
        let with = |changes: Value| {
            let mut c = claims.clone();
            if let (Some(target), Some(changes)) = (c.as_object_mut(), changes.as_object()) {
                for (k, v) in changes {
                    if v.is_null() {
                        target.remove(k);
                    } else {
                        target.insert(k.clone(), v.clone());
                    }
                }
            }
            c
        };
        let sign = |c: &Value| idp.sign(c);
        let sign_opts = |c: &Value, o: SignOptions| idp.sign_with(c, &o);
        let now_s = now_unix();
        let good = sign(&claims);
        let segments: Vec<&str> = good.split('.').collect();
        let other_payload = b64(&with(json!({"sub": "admin"})));
        let rsa_key = idp.key(&rsa);
        let two_rsa = TestIdp::start_with(&[KeyKind::Rs256]).await;
        two_rsa.add_key(KeyKind::Rs256);
        let two_rsa_keys = keys_of(&two_rsa);
        let two_rsa_token = two_rsa.sign_with(&two_rsa.claims("u"), &SignOptions::default().no_kid());
        let two_rsa_validator = TokenValidator::new(two_rsa.issuer());
        let ec_only = TestIdp::start_with(&[KeyKind::Es256]).await;
        let ec_only_keys = keys_of(&ec_only);
        let tenant_template = format!("{}/{{tenantid}}/v2.0", idp.base_url());
        let tenant_validator = TokenValidator::new(tenant_template.clone());
        let tenant_iss = |tid: &str| format!("{}/{tid}/v2.0", idp.base_url());
        let huge = format!("{}.{}.{}", segments[0], "a".repeat(MAX_TOKEN_BYTES), segments[2]);

        let cases = vec![
            Case {
                name: "alg none",
                token: sign_opts(&claims, SignOptions::default().signer(Signer::Unsigned)),
                validator: None,
                keys: None,
                kind: "UnsupportedAlgorithm",
                message: "\"none\" is not accepted",
            },
            Case {
                name: "alg None (case)",
                token: sign_opts(
                    &claims,
                    SignOptions::default().signer(Signer::Unsigned).alg("None"),
                ),
                validator: None,
                keys: None,
                kind: "UnsupportedAlgorithm",
                message: "\"None\"",
            },
            Case {
                name: "alg none with a signature",
                token: sign_opts(&claims, SignOptions::default().alg("none")),
                validator: None,
                keys: None,
                kind: "UnsupportedAlgorithm",
                message: "none",
            },
            Case {
                name: "HS256 with the RSA public key PEM as secret",
                token: sign_opts(
                    &claims,
                    SignOptions::default()
                        .signer(Signer::Hmac(rsa_key.public_pem().into_bytes()))
                        .kid(&rsa),
                ),
                validator: None,
                keys: None,
                kind: "UnsupportedAlgorithm",
                message: "HS256",
            },
            Case {
                name: "HS256 with the RSA JWK as secret",
                token: sign_opts(
                    &claims,
                    SignOptions::default().signer(Signer::Hmac(rsa_key.jwk().to_string().into_bytes())),
                ),
                validator: None,
                keys: None,
                kind: "UnsupportedAlgorithm",
                message: "HS256",
            },
            Case {
                name: "HS384",
                token: sign_opts(
                    &claims,
                    SignOptions::default()
                        .signer(Signer::Hmac(b"secret".to_vec()))
                        .alg("HS384"),
                ),
                validator: None,
                keys: None,
                kind: "UnsupportedAlgorithm",
                message: "HS384",
            },
            Case {
                name: "HS512",
                token: sign_opts(
                    &claims,
                    SignOptions::default()
                        .signer(Signer::Hmac(b"secret".to_vec()))
                        .alg("HS512"),
                ),
                validator: None,
                keys: None,
                kind: "UnsupportedAlgorithm",
                message: "HS512",
            },
            Case {
                name: "ES512 (P-521)",
                token: sign_opts(&claims, SignOptions::default().alg("ES512")),
                validator: None,
                keys: None,
                kind: "UnsupportedAlgorithm",
                message: "ES512",
            },
            Case {
                name: "alg missing",
                token: format!(
                    "{}.{}.{}",
                    b64(&json!({"typ": "JWT", "kid": rsa})),
                    segments[1],
                    segments[2]
                ),
                validator: None,
                keys: None,
                kind: "Malformed",
                message: "no \"alg\"",
            },
            Case {
                name: "alg not a string",
                token: sign_opts(&claims, SignOptions::default().header("alg", json!(["RS256"]))),
                validator: None,
                keys: None,
                kind: "Malformed",
                message: "\"alg\" is not a string",
            },
            Case {
                name: "RS256 with an EC key",
                token: sign_opts(&claims, SignOptions::default().alg("RS256").kid(&es256)),
                validator: None,
                keys: None,
                kind: "AlgorithmKeyMismatch",
                message: "RS256 does not fit the provider's EC P-256 key",
            },
            Case {
                name: "ES384 with a P-256 key",
                token: sign_opts(
                    &claims,
                    SignOptions::default()
                        .signer(Signer::Kid(es384.clone()))
                        .kid(&es256),
                ),
                validator: None,
                keys: None,
                kind: "AlgorithmKeyMismatch",
                message: "ES384 does not fit",
            },
            Case {
                name: "ES256 with a P-384 key",
                token: sign_opts(
                    &claims,
                    SignOptions::default()
                        .signer(Signer::Kid(es256.clone()))
                        .kid(&es384),
                ),
                validator: None,
                keys: None,
                kind: "AlgorithmKeyMismatch",
                message: "ES256 does not fit",
            },
            Case {
                name: "PS256 with a key pinned to RS256",
                token: sign_opts(&claims, SignOptions::default().alg("PS256")),
                validator: None,
                keys: None,
                kind: "AlgorithmKeyMismatch",
                message: "(alg RS256)",
            },
            Case {
                name: "EdDSA with an RSA key",
                token: sign_opts(
                    &claims,
                    SignOptions::default()
                        .signer(Signer::Kid(idp.kid_of(KeyKind::EdDsa)))
                        .kid(&rsa),
                ),
                validator: None,
                keys: None,
                kind: "AlgorithmKeyMismatch",
                message: "EdDSA does not fit the provider's RSA key",
            },
            Case {
                name: "algorithm not advertised",
                token: sign_opts(&claims, SignOptions::default().signer(Signer::Kid(es256.clone()))),
                validator: Some(validator(&idp).with_provider_algorithms(Some(vec!["RS256".into()]))),
                keys: None,
                kind: "AlgorithmNotAdvertised",
                message: "ES256, which the provider does not advertise",
            },
            Case {
                name: "unknown kid",
                token: sign_opts(&claims, SignOptions::default().kid("retired-key")),
                validator: None,
                keys: None,
                kind: "UnknownKid",
                message: "\"retired-key\" is not among",
            },
            Case {
                name: "kid not a string",
                token: sign_opts(&claims, SignOptions::default().header("kid", json!(7))),
                validator: None,
                keys: None,
                kind: "Malformed",
                message: "\"kid\" is not a string",
            },
            Case {
                name: "no kid, two RS256 keys",
                token: two_rsa_token,
                validator: Some(two_rsa_validator),
                keys: Some(two_rsa_keys),
                kind: "AmbiguousKey",
                message: "publishes 2 keys for RS256",
            },
            Case {
                name: "no kid, no RSA key",
                token: sign_opts(&claims, SignOptions::default().no_kid()),
                validator: None,
                keys: Some(ec_only_keys),
                kind: "NoMatchingKey",
                message: "no RS256 signing key",
            },
            Case {
                name: "signed by a forger's key under the provider's kid",
                token: sign_opts(
                    &claims,
                    SignOptions::default()
                        .signer(Signer::Key(Arc::new(
                            crate::server::oidc::test_idp::TestKey::generate(KeyKind::Rs256, "x"),
                        )))
                        .kid(&rsa),
                ),
                validator: None,
                keys: None,
                kind: "BadSignature",
                message: "does not verify",
            },
            Case {
                name: "signed by another published key",
                token: sign_opts(
                    &claims,
                    SignOptions::default()
                        .signer(Signer::Kid(idp.kid_of(KeyKind::Ps256)))
                        .alg("RS256")
                        .kid(&rsa),
                ),
                validator: None,
                keys: None,
                kind: "BadSignature",
                message: "does not verify",
            },
            Case {
                name: "tampered payload",
                token: format!("{}.{}.{}", segments[0], other_payload, segments[2]),
                validator: None,
                keys: None,
                kind: "BadSignature",
                message: "does not verify",
            },
            Case {
                name: "tampered header",
                token: format!(
                    "{}.{}.{}",
                    b64(&json!({"alg": "RS256", "kid": rsa, "typ": "at+jwt"})),
                    segments[1],
                    segments[2]
                ),
                validator: None,
                keys: None,
                kind: "BadSignature",
                message: "does not verify",
            },
            Case {
                name: "signature of another token",
                token: format!(
                    "{}.{}.{}",
                    segments[0],
                    segments[1],
                    sign(&with(json!({"sub": "other"})))
                        .rsplit('.')
                        .next()
                        .unwrap_or_default()
                ),
                validator: None,
                keys: None,
                kind: "BadSignature",
                message: "does not verify",
            },
            Case {
                name: "empty signature",
                token: format!("{}.{}.", segments[0], segments[1]),
                validator: None,
                keys: None,
                kind: "Malformed",
                message: "signature is empty",
            },
            Case {
                name: "signature not base64url",
                token: format!("{}.{}.{}", segments[0], segments[1], "not*base64"),
                validator: None,
                keys: None,
                kind: "Malformed",
                message: "signature is not base64url",
            },
            Case {
                name: "expired",
                token: sign(&with(
                    json!({"exp": now_s - 3600, "iat": now_s - 7200, "nbf": now_s - 7200}),
                )),
                validator: None,
                keys: None,
                kind: "Expired",
                message: "the token expired at",
            },
            Case {
                name: "expired just beyond the leeway",
                token: sign(&with(json!({"exp": now_s - 61}))),
                validator: None,
                keys: None,
                kind: "Expired",
                message: "60 s of clock skew",
            },
            Case {
                name: "expired with zero leeway",
                token: sign(&with(json!({"exp": now_s - 1}))),
                validator: Some(validator(&idp).with_leeway(Duration::ZERO)),
                keys: None,
                kind: "Expired",
                message: "expired",
            },
            Case {
                name: "nbf in the future",
                token: sign(&with(json!({"nbf": now_s + 3600}))),
                validator: None,
                keys: None,
                kind: "NotYetValid",
                message: "not valid before",
            },
            Case {
                name: "iat in the future",
                token: sign(&with(json!({"iat": now_s + 3600}))),
                validator: None,
                keys: None,
                kind: "IssuedInFuture",
                message: "in the future",
            },
            Case {
                name: "wrong issuer",
                token: sign(&with(json!({"iss": "https://evil.example.com"}))),
                validator: None,
                keys: None,
                kind: "WrongIssuer",
                message: "\"https://evil.example.com\" is not the configured provider's issuer",
            },
            Case {
                name: "issuer with a trailing slash",
                token: sign(&with(json!({"iss": format!("{}/", idp.issuer())}))),
                validator: None,
                keys: None,
                kind: "WrongIssuer",
                message: "issuer",
            },
            Case {
                name: "issuer not a string",
                token: sign(&with(json!({"iss": 1}))),
                validator: None,
                keys: None,
                kind: "InvalidClaim",
                message: "\"iss\" claim is invalid",
            },
            Case {
                name: "missing iss",
                token: sign(&with(json!({"iss": null}))),
                validator: None,
                keys: None,
                kind: "MissingClaim",
                message: "no \"iss\" claim",
            },
            Case {
                name: "tenant mismatch",
                token: sign(&with(json!({"iss": tenant_iss("tenant-b"), "tid": "tenant-a"}))),
                validator: Some(tenant_validator.clone()),
                keys: None,
                kind: "WrongIssuer",
                message: "/tenant-a/v2.0",
            },
            Case {
                name: "tenant template without tid",
                token: sign(&with(json!({"iss": tenant_iss("tenant-a")}))),
                validator: Some(tenant_validator.clone()),
                keys: None,
                kind: "TenantUnresolved",
                message: "no usable \"tid\"",
            },
            Case {
                name: "tenant id with a slash",
                token: sign(&with(json!({"iss": tenant_iss("a/b"), "tid": "a/b"}))),
                validator: Some(tenant_validator.clone()),
                keys: None,
                kind: "TenantUnresolved",
                message: "tid",
            },
            Case {
                name: "audience not accepted",
                token: sign(&with(json!({"aud": "someone-else"}))),
                validator: None,
                keys: None,
                kind: "WrongAudience",
                message: "(\"someone-else\") is not accepted",
            },
            Case {
                name: "audience array without an accepted one",
                token: sign(&with(json!({"aud": ["a", "b"]}))),
                validator: None,
                keys: None,
                kind: "WrongAudience",
                message: "\"a\", \"b\"",
            },
            Case {
                name: "audience missing",
                token: sign(&with(json!({"aud": null}))),
                validator: None,
                keys: None,
                kind: "MissingClaim",
                message: "no \"aud\" claim",
            },
            Case {
                name: "audience a number",
                token: sign(&with(json!({"aud": 5}))),
                validator: None,
                keys: None,
                kind: "InvalidClaim",
                message: "neither a string nor an array",
            },
            Case {
                name: "audience array with a number",
                token: sign(&with(json!({"aud": [DEFAULT_AUDIENCE, 5]}))),
                validator: None,
                keys: None,
                kind: "InvalidClaim",
                message: "not a string",
            },
            Case {
                name: "missing exp",
                token: sign(&with(json!({"exp": null}))),
                validator: None,
                keys: None,
                kind: "MissingClaim",
                message: "no \"exp\" claim",
            },
            Case {
                name: "exp a string",
                token: sign(&with(json!({"exp": "tomorrow"}))),
                validator: None,
                keys: None,
                kind: "InvalidClaim",
                message: "\"exp\" claim is invalid",
            },
            Case {
                name: "exp out of range",
                token: sign(&with(json!({"exp": 1e300}))),
                validator: None,
                keys: None,
                kind: "InvalidClaim",
                message: "representable",
            },
            Case {
                name: "iat a string",
                token: sign(&with(json!({"iat": "now"}))),
                validator: None,
                keys: None,
                kind: "InvalidClaim",
                message: "\"iat\"",
            },
            Case {
                name: "missing sub",
                token: sign(&with(json!({"sub": null}))),
                validator: None,
                keys: None,
                kind: "MissingClaim",
                message: "no \"sub\" claim",
            },
            Case {
                name: "sub a number",
                token: sign(&with(json!({"sub": 42}))),
                validator: None,
                keys: None,
                kind: "InvalidClaim",
                message: "\"sub\"",
            },
            Case {
                name: "empty sub",
                token: sign(&with(json!({"sub": ""}))),
                validator: None,
                keys: None,
                kind: "InvalidClaim",
                message: "empty",
            },
            Case {
                name: "typ JWE",
                token: sign_opts(&claims, SignOptions::default().typ(Some("JWE"))),
                validator: None,
                keys: None,
                kind: "UnsupportedType",
                message: "typ \"JWE\"",
            },
            Case {
                name: "typ dpop+jwt",
                token: sign_opts(&claims, SignOptions::default().typ(Some("dpop+jwt"))),
                validator: None,
                keys: None,
                kind: "UnsupportedType",
                message: "dpop+jwt",
            },
            Case {
                name: "typ logout+jwt",
                token: sign_opts(&claims, SignOptions::default().typ(Some("logout+jwt"))),
                validator: None,
                keys: None,
                kind: "UnsupportedType",
                message: "logout+jwt",
            },
            Case {
                name: "typ not a string",
                token: sign_opts(&claims, SignOptions::default().header("typ", json!(1))),
                validator: None,
                keys: None,
                kind: "Malformed",
                message: "\"typ\" is not a string",
            },
            Case {
                name: "critical header",
                token: sign_opts(
                    &claims,
                    SignOptions::default()
                        .header("crit", json!(["exp"]))
                        .header("exp", json!(1)),
                ),
                validator: None,
                keys: None,
                kind: "UnsupportedCriticalHeader",
                message: "\"exp\" as critical",
            },
            Case {
                name: "unencoded payload",
                token: sign_opts(&claims, SignOptions::default().header("b64", json!(false))),
                validator: None,
                keys: None,
                kind: "Malformed",
                message: "b64",
            },
            Case {
                name: "header not base64url",
                token: format!("!!!.{}.{}", segments[1], segments[2]),
                validator: None,
                keys: None,
                kind: "Malformed",
                message: "header segment is not base64url",
            },
            Case {
                name: "header not JSON",
                token: format!(
                    "{}.{}.{}",
                    URL_SAFE_NO_PAD.encode("not json"),
                    segments[1],
                    segments[2]
                ),
                validator: None,
                keys: None,
                kind: "Malformed",
                message: "header segment is not JSON",
            },
            Case {
                name: "header a JSON array",
                token: format!(
                    "{}.{}.{}",
                    URL_SAFE_NO_PAD.encode("[1]"),
                    segments[1],
                    segments[2]
                ),
                validator: None,
                keys: None,
                kind: "Malformed",
                message: "header is not a JSON object",
            },
            Case {
                name: "payload not base64url",
                token: format!("{}.*.{}", segments[0], segments[2]),
                validator: None,
                keys: None,
                kind: "BadSignature",
                message: "does not verify",
            },
            Case {
                name: "payload a JSON array",
                token: signed_raw(
                    &rsa_key,
                    Algorithm::RS256,
                    &json!({"alg": "RS256", "kid": rsa}),
                    "[\"sub\"]",
                ),
                validator: None,
                keys: None,
                kind: "Malformed",
                message: "payload is not a JSON object",
            },
            Case {
                name: "payload not JSON",
                token: signed_raw(
                    &rsa_key,
                    Algorithm::RS256,
                    &json!({"alg": "RS256", "kid": rsa}),
                    "sub=admin",
                ),
                validator: None,
                keys: None,
                kind: "Malformed",
                message: "payload segment is not JSON",
            },
            Case {
                name: "empty payload",
                token: signed_raw(
                    &rsa_key,
                    Algorithm::RS256,
                    &json!({"alg": "RS256", "kid": rsa}),
                    "",
                ),
                validator: None,
                keys: None,
                kind: "Malformed",
                message: "payload segment is empty",
            },
            Case {
                name: "two segments",
                token: format!("{}.{}", segments[0], segments[1]),
                validator: None,
                keys: None,
                kind: "Malformed",
                message: "this has 2",
            },
            Case {
                name: "four segments",
                token: format!("{good}.extra"),
                validator: None,
                keys: None,
                kind: "Malformed",
                message: "this has 4",
            },
            Case {
                name: "five segments (JWE)",
                token: "a.b.c.d.e".into(),
                validator: None,
                keys: None,
                kind: "Malformed",
                message: "encrypted token (JWE)",
            },
            Case {
                name: "one segment",
                token: "justtext".into(),
                validator: None,
                keys: None,
                kind: "Malformed",
                message: "this has 1",
            },
            Case {
                name: "empty",
                token: "".into(),
                validator: None,
                keys: None,
                kind: "Malformed",
                message: "empty",
            },
            Case {
                name: "too long",
                token: huge,
                validator: None,
                keys: None,
                kind: "Malformed",
                message: "more than the 65536 accepted",
            },
        ];
        assert!(cases.len() >= 30);
        let default_validator = validator(&idp);
        for case in cases {
            let v = case.validator.as_ref().unwrap_or(&default_validator);
            let k = case.keys.as_ref().unwrap_or(&keys);
            let error = v.validate(&case.token, k, now()).expect_err(case.name);
            assert_eq!(kind(&error), case.kind, "{}: {error}", case.name);
            let message = error.to_string();
            assert!(
                message.contains(case.message),
                "{}: {message:?} lacks {:?}",
                case.name,
                case.message
            );
            for segment in case.token.split('.').filter(|s| s.len() > 16) {
                assert!(
                    !message.contains(segment),
                    "{}: the message echoes the token",
                    case.name
                );
            }
            let expected_code = match case.kind {
                "Expired" => "ExpiredTokenException",
                _ => "InvalidIdentityToken",
            };
            assert_eq!(error.sts_code(), expected_code, "{}", case.name);
        }
        drop(two_rsa);
    }

    #[tokio::test]
    async fn every_algorithm_family_is_accepted() {
        let idp = TestIdp::start().await;
        let keys = keys_of(&idp);
        let v = validator(&idp);
        for kind in KeyKind::ALL {
            let kid = idp.kid_of(kind);
            let token = idp.sign_with(
                &idp.claims("user-1"),
                &SignOptions::default().signer(Signer::Kid(kid.clone())),
            );
            let valid = v
                .validate(&token, &keys, now())
                .unwrap_or_else(|e| panic!("{kind:?}: {e}"));
            assert_eq!(valid.algorithm, kind.algorithm());
            assert_eq!(valid.key_id.as_deref(), Some(kid.as_str()));
        }
        // An RSA key that does not pin its alg verifies every RSA algorithm.
        let mut unpinned = idp.jwks();
        for key in unpinned["keys"].as_array_mut().expect("keys") {
            key.as_object_mut().expect("key").remove("alg");
        }
        let unpinned = KeySet::from_value(&unpinned).expect("keys");
        let rsa = idp.kid_of(KeyKind::Rs256);
        for alg in ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"] {
            let token = idp.sign_with(
                &idp.claims("u"),
                &SignOptions::default().alg(alg).signer(Signer::Kid(rsa.clone())),
            );
            let valid = v
                .validate(&token, &unpinned, now())
                .unwrap_or_else(|e| panic!("{alg}: {e}"));
            assert_eq!(crate::server::oidc::jwks::algorithm_name(valid.algorithm), alg);
        }
    }

    #[tokio::test]
    async fn accepted_tokens_carry_their_contents() {
        let idp = TestIdp::start().await;
        let keys = keys_of(&idp);
        let now_s = now_unix();
        let mut claims = idp.claims("user-7");
        claims["aud"] = json!(["other", DEFAULT_AUDIENCE]);
        claims["roles"] = json!(["s3admin"]);
        claims["iat"] = json!(now_s - 10);
        claims["exp"] = json!(now_s + 600);
        let token = idp.sign(&claims);
        let valid = validator(&idp).validate(&token, &keys, now()).expect("valid");
        assert_eq!(valid.subject, "user-7");
        assert_eq!(valid.issuer, idp.issuer());
        assert_eq!(
            valid.audience,
            vec!["other".to_string(), DEFAULT_AUDIENCE.to_string()]
        );
        assert_eq!(valid.expires_at.unix_timestamp(), now_s + 600);
        assert_eq!(valid.issued_at.map(|t| t.unix_timestamp()), Some(now_s - 10));
        assert_eq!(valid.claims.get("roles"), Some(&json!(["s3admin"])));
        assert_eq!(valid.header["alg"], json!("RS256"));
        assert_eq!(valid.header["kid"], json!(idp.signing_kid()));
    }

    #[tokio::test]
    async fn lenient_cases_are_accepted() {
        let idp = TestIdp::start().await;
        let keys = keys_of(&idp);
        let now_s = now_unix();
        let base = idp.claims("u");
        let with = |k: &str, v: Value| {
            let mut c = base.clone();
            if v.is_null() {
                c.as_object_mut().expect("object").remove(k);
            } else {
                c[k] = v;
            }
            c
        };
        let tenant_template = format!("{}/{{tenantid}}/v2.0", idp.base_url());
        let cases: Vec<(&str, String, TokenValidator)> = vec![
            ("typ absent", idp.sign_with(&base, &SignOptions::default().typ(None)), validator(&idp)),
            ("typ jwt lowercase", idp.sign_with(&base, &SignOptions::default().typ(Some("jwt"))), validator(&idp)),
            ("typ at+jwt", idp.sign_with(&base, &SignOptions::default().typ(Some("at+jwt"))), validator(&idp)),
            ("typ AT+JWT", idp.sign_with(&base, &SignOptions::default().typ(Some("AT+JWT"))), validator(&idp)),
            ("typ application/at+jwt", idp.sign_with(&base, &SignOptions::default().typ(Some("application/at+jwt"))), validator(&idp)),
            ("typ application/jwt", idp.sign_with(&base, &SignOptions::default().typ(Some("application/jwt"))), validator(&idp)),
            ("no kid, one fitting key", idp.sign_with(&base, &SignOptions::default().no_kid()), validator(&idp)),
            ("expired within the leeway", idp.sign(&with("exp", json!(now_s - 30))), validator(&idp)),
            ("nbf within the leeway", idp.sign(&with("nbf", json!(now_s + 30))), validator(&idp)),
            ("iat within the leeway", idp.sign(&with("iat", json!(now_s + 30))), validator(&idp)),
            ("no nbf, no iat", idp.sign(&with("nbf", Value::Null)), validator(&idp)),
            ("fractional exp", idp.sign(&with("exp", json!(now_s as f64 + 100.5))), validator(&idp)),
            ("aud string", idp.sign(&with("aud", json!(DEFAULT_AUDIENCE))), validator(&idp)),
            ("any audience when none configured", idp.sign(&with("aud", json!("anything"))), TokenValidator::new(idp.issuer())),
            ("no aud when none configured", idp.sign(&with("aud", Value::Null)), TokenValidator::new(idp.issuer())),
            ("advertised algorithm", idp.sign(&base), validator(&idp).with_provider_algorithms(Some(vec!["RS256".into()]))),
            ("empty advertised list means absent", idp.sign(&base), validator(&idp).with_provider_algorithms(Some(vec![]))),
            ("tenant template", idp.sign(&json!({"iss": format!("{}/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0", idp.base_url()), "tid": "72f988bf-86f1-41af-91ab-2d7cd011db47", "sub": "s", "exp": now_s + 60})), TokenValidator::new(tenant_template)),
            ("surrounding whitespace", format!(" {}\n", idp.sign(&base)), validator(&idp)),
        ];
        for (name, token, v) in cases {
            v.validate(&token, &keys, now())
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }

    #[tokio::test]
    async fn decode_unverified_shows_invalid_tokens() {
        let idp = TestIdp::start().await;
        let mut claims = idp.claims("u");
        claims["exp"] = json!(1);
        let token = idp.sign_with(&claims, &SignOptions::default().kid("unknown"));
        let (header, payload) = decode_unverified(&token).expect("decodes");
        assert_eq!(header["kid"], json!("unknown"));
        assert_eq!(payload["exp"], json!(1));
        assert!(matches!(decode_unverified("a.b"), Err(TokenError::Malformed(_))));
        assert!(matches!(
            decode_unverified("e30.!!.x"),
            Err(TokenError::Malformed(_))
        ));
    }
}
