//! OIDC discovery: the provider's `.well-known/openid-configuration` document and its JWKS.
//!
//! Every refusal names the URL, says what was wrong and suggests the fix, because the person
//! reading it is an administrator who just typed a URL into `weka s3 cluster oidc add`.

use std::time::Duration;

use serde_json::Value;
use time::OffsetDateTime;
use url::Url;

use super::jwks::{JwksError, KeySet, shorten};

/// The path suffix of a discovery document.
pub const WELL_KNOWN_PATH: &str = "/.well-known/openid-configuration";

/// Discovery documents and key sets larger than this are refused.
pub const MAX_DOCUMENT_BYTES: usize = 1024 * 1024;

/// How long one fetch (connect, headers and body) may take.
pub const DEFAULT_FETCH_TIMEOUT: Duration = Duration::from_secs(10);

/// Redirects followed before giving up.
pub const MAX_REDIRECTS: usize = 5;

/// What discovery found.
#[derive(Debug, Clone)]
pub struct FetchedProvider {
    /// The URL the discovery document was fetched from.
    pub config_url: String,
    /// `issuer`, possibly containing `{tenantid}` (Microsoft Entra ID multi-tenant documents).
    pub issuer: String,
    pub jwks_uri: String,
    /// `id_token_signing_alg_values_supported`, when the document has it.
    pub signing_algorithms: Option<Vec<String>>,
    /// The discovery document as received.
    pub discovery_json: String,
    /// The JWKS as received.
    pub jwks_json: String,
    /// The usable keys of the JWKS.
    pub keys: KeySet,
    /// Key ids of the usable keys.
    pub key_ids: Vec<String>,
    pub fetched_at: OffsetDateTime,
}

/// A JWKS fetched from a provider.
#[derive(Debug, Clone)]
pub struct FetchedJwks {
    pub jwks_uri: String,
    pub jwks_json: String,
    pub keys: KeySet,
    pub fetched_at: OffsetDateTime,
}

/// Why discovery or a key fetch failed. `Display` is a complete sentence with a hint.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DiscoveryError {
    #[error(
        "{url:?} is not a usable URL: {reason}. Give the full https:// URL of the provider's discovery document, e.g. https://login.example.com/realm{WELL_KNOWN_PATH}"
    )]
    InvalidUrl { url: String, reason: String },
    #[error(
        "could not reach {url}: {detail}. Check the host name and port, that the provider is running, and that this server can reach it (firewall, proxy, DNS)"
    )]
    Unreachable { url: String, detail: String },
    #[error(
        "{url} did not answer within {after}. Check that the provider is up and reachable from this server"
    )]
    Timeout { url: String, after: String },
    #[error("{url} answered HTTP {status}. {hint}")]
    HttpStatus { url: String, status: u16, hint: String },
    #[error("{url} sent more than {limit} bytes. This is not a discovery document or key set; check the URL")]
    TooLarge { url: String, limit: usize },
    #[error("{url} did not return JSON but {looked_like}. {hint}")]
    NotJson {
        url: String,
        looked_like: String,
        hint: String,
    },
    #[error(
        "the discovery document at {url} {problem}. Check that the URL points to the provider's .well-known/openid-configuration"
    )]
    BadDocument { url: String, problem: String },
    #[error("the key set at {url} is unusable: {source}. Check the provider's signing key configuration")]
    BadJwks { url: String, source: JwksError },
}

/// An HTTP client fit for discovery: bounded redirects, connect timeout, rustls.
pub fn build_http_client() -> Result<reqwest::Client, reqwest::Error> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::limited(MAX_REDIRECTS))
        .connect_timeout(DEFAULT_FETCH_TIMEOUT)
        .timeout(DEFAULT_FETCH_TIMEOUT)
        .user_agent(concat!("weka-server/", env!("CARGO_PKG_VERSION")))
        .build()
}

/// Fetches the discovery document at `config_url`, then the JWKS at its `jwks_uri`.
pub async fn fetch_provider(
    http: &reqwest::Client,
    config_url: &str,
    timeout: Duration,
) -> Result<FetchedProvider, DiscoveryError> {
    let url = parse_http_url(config_url)?;
    let discovery_json = fetch_json_text(http, &url, timeout, Document::Discovery).await?;
    let document: Value = serde_json::from_str(&discovery_json).map_err(|_| DiscoveryError::NotJson {
        url: url.to_string(),
        looked_like: describe_body(discovery_json.as_bytes(), None),
        hint: discovery_hint(&url),
    })?;
    let object = document.as_object().ok_or_else(|| DiscoveryError::BadDocument {
        url: url.to_string(),
        problem: "is JSON but not an object".into(),
    })?;
    let issuer = required_string(object, "issuer", &url)?;
    let jwks_uri = required_string(object, "jwks_uri", &url)?;
    let jwks_url = parse_http_url(&jwks_uri).map_err(|e| DiscoveryError::BadDocument {
        url: url.to_string(),
        problem: format!(
            "has a jwks_uri that is not an http(s) URL ({})",
            match e {
                DiscoveryError::InvalidUrl { reason, .. } => reason,
                other => other.to_string(),
            }
        ),
    })?;
    let signing_algorithms = match object.get("id_token_signing_alg_values_supported") {
        Some(Value::Array(items)) => Some(
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect::<Vec<_>>(),
        ),
        Some(_) => {
            tracing::debug!(url = %url, "id_token_signing_alg_values_supported is not an array; ignoring it");
            None
        }
        None => None,
    };
    if !issuer.contains(super::validate::TENANT_PLACEHOLDER)
        && !url.as_str().starts_with(issuer.trim_end_matches('/'))
    {
        tracing::debug!(url = %url, issuer = %issuer, "the discovery URL does not start with the issuer");
    }
    let jwks = fetch_jwks_url(http, &jwks_url, timeout).await?;
    let key_ids = jwks.keys.key_ids();
    Ok(FetchedProvider {
        config_url: url.to_string(),
        issuer,
        jwks_uri: jwks.jwks_uri,
        signing_algorithms,
        discovery_json,
        jwks_json: jwks.jwks_json,
        keys: jwks.keys,
        key_ids,
        fetched_at: jwks.fetched_at,
    })
}

/// Fetches and parses the JWKS at `jwks_uri`.
pub async fn fetch_jwks(
    http: &reqwest::Client,
    jwks_uri: &str,
    timeout: Duration,
) -> Result<FetchedJwks, DiscoveryError> {
    let url = parse_http_url(jwks_uri)?;
    fetch_jwks_url(http, &url, timeout).await
}

async fn fetch_jwks_url(
    http: &reqwest::Client,
    url: &Url,
    timeout: Duration,
) -> Result<FetchedJwks, DiscoveryError> {
    let jwks_json = fetch_json_text(http, url, timeout, Document::Jwks).await?;
    let value: Value = serde_json::from_str(&jwks_json).map_err(|_| DiscoveryError::NotJson {
        url: url.to_string(),
        looked_like: describe_body(jwks_json.as_bytes(), None),
        hint: "The provider's jwks_uri must serve its JSON Web Key Set".into(),
    })?;
    let keys = KeySet::from_value(&value).map_err(|source| DiscoveryError::BadJwks {
        url: url.to_string(),
        source,
    })?;
    Ok(FetchedJwks {
        jwks_uri: url.to_string(),
        jwks_json,
        keys,
        fetched_at: OffsetDateTime::now_utc(),
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Document {
    Discovery,
    Jwks,
}

fn parse_http_url(raw: &str) -> Result<Url, DiscoveryError> {
    let invalid = |reason: String| DiscoveryError::InvalidUrl {
        url: shorten(raw, 200),
        reason,
    };
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(invalid("it is empty".into()));
    }
    let url = Url::parse(trimmed).map_err(|e| invalid(e.to_string()))?;
    match url.scheme() {
        "http" | "https" => {}
        other => {
            return Err(invalid(format!(
                "the scheme is \"{other}\", only http and https are supported"
            )));
        }
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid("it has no host".into()));
    }
    if !url.username().is_empty() || url.password().is_some() {
        let mut redacted = url.clone();
        // Cannot fail for a URL with a host, which this one has.
        let _ = redacted.set_username("");
        let _ = redacted.set_password(None);
        return Err(DiscoveryError::InvalidUrl {
            url: redacted.to_string(),
            reason: "it contains credentials; discovery documents are public, remove them".into(),
        });
    }
    Ok(url)
}

/// GETs `url` and returns the body as text, within `timeout` and `MAX_DOCUMENT_BYTES`.
async fn fetch_json_text(
    http: &reqwest::Client,
    url: &Url,
    timeout: Duration,
    what: Document,
) -> Result<String, DiscoveryError> {
    let timed_out = || DiscoveryError::Timeout {
        url: url.to_string(),
        after: describe_duration(timeout),
    };
    let work = async {
        let mut response = http
            .get(url.clone())
            .header(reqwest::header::ACCEPT, "application/json")
            .timeout(timeout)
            .send()
            .await
            .map_err(|e| request_error(url, &e, timeout))?;
        let status = response.status();
        if !status.is_success() {
            return Err(DiscoveryError::HttpStatus {
                url: url.to_string(),
                status: status.as_u16(),
                hint: status_hint(status.as_u16(), url, what),
            });
        }
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        if response
            .content_length()
            .is_some_and(|len| len > MAX_DOCUMENT_BYTES as u64)
        {
            return Err(DiscoveryError::TooLarge {
                url: url.to_string(),
                limit: MAX_DOCUMENT_BYTES,
            });
        }
        let mut body: Vec<u8> = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| request_error(url, &e, timeout))?
        {
            if body.len() + chunk.len() > MAX_DOCUMENT_BYTES {
                return Err(DiscoveryError::TooLarge {
                    url: url.to_string(),
                    limit: MAX_DOCUMENT_BYTES,
                });
            }
            body.extend_from_slice(&chunk);
        }
        let hint = match what {
            Document::Discovery => discovery_hint(url),
            Document::Jwks => "The provider's jwks_uri must serve its JSON Web Key Set".to_string(),
        };
        let text = String::from_utf8(body).map_err(|e| DiscoveryError::NotJson {
            url: url.to_string(),
            looked_like: describe_body(e.as_bytes(), content_type.as_deref()),
            hint: hint.clone(),
        })?;
        if serde_json::from_str::<serde::de::IgnoredAny>(&text).is_err() {
            return Err(DiscoveryError::NotJson {
                url: url.to_string(),
                looked_like: describe_body(text.as_bytes(), content_type.as_deref()),
                hint,
            });
        }
        Ok(text)
    };
    // The request timeout covers the body too; this outer bound is a second fence.
    match tokio::time::timeout(timeout + Duration::from_millis(500), work).await {
        Ok(result) => result,
        Err(_) => Err(timed_out()),
    }
}

fn request_error(url: &Url, error: &reqwest::Error, timeout: Duration) -> DiscoveryError {
    if error.is_timeout() {
        return DiscoveryError::Timeout {
            url: url.to_string(),
            after: describe_duration(timeout),
        };
    }
    let mut detail = if error.is_redirect() {
        format!("more than {MAX_REDIRECTS} redirects")
    } else if error.is_connect() {
        "the connection failed".to_string()
    } else {
        "the request failed".to_string()
    };
    // The source chain says why (refused, DNS, certificate); the URL is already in the message.
    let mut source = std::error::Error::source(error);
    let mut seen = 0;
    while let Some(cause) = source {
        let text = cause.to_string();
        if !text.is_empty() && !detail.contains(&text) && seen < 4 {
            detail.push_str(": ");
            detail.push_str(&shorten(&text, 200));
            seen += 1;
        }
        source = cause.source();
    }
    if detail.contains("certificate") || detail.contains("Certificate") {
        detail.push_str(" (the provider's TLS certificate is not trusted by this server)");
    }
    DiscoveryError::Unreachable {
        url: url.to_string(),
        detail,
    }
}

fn status_hint(status: u16, url: &Url, what: Document) -> String {
    match (status, what) {
        (404, Document::Discovery) => discovery_hint(url),
        (404, Document::Jwks) => "The discovery document's jwks_uri points to a missing page; check the provider".into(),
        (401 | 403, _) => "The document must be public; check the URL (tenant or realm name) and the provider's access rules".into(),
        (500..=599, _) => "The provider has a problem; try again later or check its status".into(),
        _ => "Check the URL".into(),
    }
}

fn discovery_hint(url: &Url) -> String {
    if url.path().ends_with(WELL_KNOWN_PATH) {
        "Check that the URL is the provider's discovery document (tenant or realm name included)".into()
    } else {
        let mut suggested = url.clone();
        let path = format!("{}{WELL_KNOWN_PATH}", url.path().trim_end_matches('/'));
        suggested.set_path(&path);
        suggested.set_query(None);
        format!("Discovery URLs end in {WELL_KNOWN_PATH}; did you mean {suggested}?")
    }
}

fn describe_duration(duration: Duration) -> String {
    if duration < Duration::from_secs(1) {
        format!("{} ms", duration.as_millis())
    } else {
        format!("{} s", duration.as_secs())
    }
}

/// Says what a non-JSON body looked like, without quoting much of it.
fn describe_body(body: &[u8], content_type: Option<&str>) -> String {
    let kind = match std::str::from_utf8(body) {
        Err(_) => "binary data".to_string(),
        Ok(text) => {
            let start = text.trim_start();
            let lower: String = start.chars().take(64).collect::<String>().to_ascii_lowercase();
            if start.is_empty() {
                "an empty body".to_string()
            } else if lower.starts_with("<!doctype html")
                || lower.starts_with("<html")
                || lower.contains("<head")
            {
                "an HTML page".to_string()
            } else if lower.starts_with("<?xml") || lower.starts_with('<') {
                "an XML document".to_string()
            } else {
                let preview: String = start
                    .chars()
                    .take(40)
                    .map(|c| if c.is_control() { ' ' } else { c })
                    .collect();
                format!("text starting with \"{}\"", preview.trim_end())
            }
        }
    };
    match content_type {
        Some(ct) if !ct.is_empty() => format!("{kind} (Content-Type {})", shorten(ct, 60)),
        _ => kind,
    }
}

fn required_string(
    object: &serde_json::Map<String, Value>,
    field: &str,
    url: &Url,
) -> Result<String, DiscoveryError> {
    match object.get(field) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.trim().to_string()),
        Some(Value::String(_)) => Err(DiscoveryError::BadDocument {
            url: url.to_string(),
            problem: format!("has an empty \"{field}\""),
        }),
        Some(_) => Err(DiscoveryError::BadDocument {
            url: url.to_string(),
            problem: format!("has an \"{field}\" that is not a string"),
        }),
        None => Err(DiscoveryError::BadDocument {
            url: url.to_string(),
            problem: format!("has no \"{field}\""),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::oidc::test_idp::{Availability, TestIdp};

    fn client() -> reqwest::Client {
        build_http_client().expect("client")
    }

    #[tokio::test]
    async fn fetches_a_provider() {
        let idp = TestIdp::start().await;
        let provider = fetch_provider(&client(), &idp.config_url(), DEFAULT_FETCH_TIMEOUT)
            .await
            .expect("discovery");
        assert_eq!(provider.issuer, idp.issuer());
        assert_eq!(provider.jwks_uri, idp.jwks_uri());
        assert_eq!(provider.key_ids, idp.published_kids());
        assert_eq!(provider.keys.len(), idp.published_kids().len());
        let algs = provider.signing_algorithms.expect("advertised");
        assert!(algs.contains(&"RS256".to_string()) && algs.contains(&"EdDSA".to_string()));
        assert!(provider.discovery_json.contains("jwks_uri"));
        assert!(provider.jwks_json.contains("\"keys\""));
        assert_eq!(idp.discovery_fetches(), 1);
        assert_eq!(idp.jwks_fetches(), 1);
    }

    #[tokio::test]
    async fn signing_algorithms_may_be_absent() {
        let idp = TestIdp::start().await;
        let mut doc = idp.discovery_document();
        doc.as_object_mut()
            .expect("object")
            .remove("id_token_signing_alg_values_supported");
        idp.set_discovery_body(200, "application/json", &doc.to_string());
        let provider = fetch_provider(&client(), &idp.config_url(), DEFAULT_FETCH_TIMEOUT)
            .await
            .expect("discovery");
        assert!(provider.signing_algorithms.is_none());
    }

    #[tokio::test]
    async fn refusals_name_the_problem_and_the_fix() {
        let idp = TestIdp::start().await;
        let base = idp.base_url();
        let config = idp.config_url();
        let with_doc = |f: &dyn Fn(&mut serde_json::Map<String, Value>)| {
            let mut doc = idp.discovery_document();
            f(doc.as_object_mut().expect("object"));
            doc.to_string()
        };
        struct Case {
            name: &'static str,
            url: String,
            discovery: Option<(u16, &'static str, String)>,
            jwks: Option<(u16, &'static str, String)>,
            expect: Vec<&'static str>,
        }
        let cases = vec![
            Case {
                name: "ftp scheme",
                url: "ftp://example.com/x".into(),
                discovery: None,
                jwks: None,
                expect: vec!["\"ftp\"", "https://"],
            },
            Case {
                name: "unparsable",
                url: "not a url".into(),
                discovery: None,
                jwks: None,
                expect: vec!["not a usable URL"],
            },
            Case {
                name: "empty",
                url: "".into(),
                discovery: None,
                jwks: None,
                expect: vec!["it is empty"],
            },
            Case {
                name: "credentials",
                url: "https://u:p@example.com/.well-known/openid-configuration".into(),
                discovery: None,
                jwks: None,
                expect: vec!["credentials"],
            },
            Case {
                name: "not found",
                url: format!("{base}/realms/x"),
                discovery: None,
                jwks: None,
                expect: vec![
                    "HTTP 404",
                    "did you mean",
                    "/realms/x/.well-known/openid-configuration",
                ],
            },
            Case {
                name: "server error",
                url: config.clone(),
                discovery: Some((500, "text/plain", "oops".into())),
                jwks: None,
                expect: vec!["HTTP 500", "try again later"],
            },
            Case {
                name: "forbidden",
                url: config.clone(),
                discovery: Some((403, "text/plain", "no".into())),
                jwks: None,
                expect: vec!["HTTP 403", "must be public"],
            },
            Case {
                name: "html",
                url: config.clone(),
                discovery: Some((
                    200,
                    "text/html",
                    "<!DOCTYPE html><html><body>Sign in</body></html>".into(),
                )),
                jwks: None,
                expect: vec!["an HTML page", "text/html"],
            },
            Case {
                name: "plain text",
                url: config.clone(),
                discovery: Some((200, "text/plain", "hello world".into())),
                jwks: None,
                expect: vec!["text starting with \"hello world\""],
            },
            Case {
                name: "empty body",
                url: config.clone(),
                discovery: Some((200, "application/json", "".into())),
                jwks: None,
                expect: vec!["an empty body"],
            },
            Case {
                name: "json array",
                url: config.clone(),
                discovery: Some((200, "application/json", "[]".into())),
                jwks: None,
                expect: vec!["not an object"],
            },
            Case {
                name: "missing issuer",
                url: config.clone(),
                discovery: Some((
                    200,
                    "application/json",
                    with_doc(&|d| {
                        d.remove("issuer");
                    }),
                )),
                jwks: None,
                expect: vec!["has no \"issuer\""],
            },
            Case {
                name: "missing jwks_uri",
                url: config.clone(),
                discovery: Some((
                    200,
                    "application/json",
                    with_doc(&|d| {
                        d.remove("jwks_uri");
                    }),
                )),
                jwks: None,
                expect: vec!["has no \"jwks_uri\"", "openid-configuration"],
            },
            Case {
                name: "issuer not a string",
                url: config.clone(),
                discovery: Some((
                    200,
                    "application/json",
                    with_doc(&|d| {
                        d.insert("issuer".into(), Value::from(5));
                    }),
                )),
                jwks: None,
                expect: vec!["\"issuer\" that is not a string"],
            },
            Case {
                name: "jwks_uri not a string",
                url: config.clone(),
                discovery: Some((
                    200,
                    "application/json",
                    with_doc(&|d| {
                        d.insert("jwks_uri".into(), Value::Bool(true));
                    }),
                )),
                jwks: None,
                expect: vec!["\"jwks_uri\" that is not a string"],
            },
            Case {
                name: "jwks_uri not http",
                url: config.clone(),
                discovery: Some((
                    200,
                    "application/json",
                    with_doc(&|d| {
                        d.insert("jwks_uri".into(), Value::from("file:///etc/keys"));
                    }),
                )),
                jwks: None,
                expect: vec!["jwks_uri that is not an http(s) URL"],
            },
            Case {
                name: "jwks not json",
                url: config.clone(),
                discovery: None,
                jwks: Some((200, "text/html", "<html></html>".into())),
                expect: vec!["an HTML page", "/jwks"],
            },
            Case {
                name: "jwks without keys",
                url: config.clone(),
                discovery: None,
                jwks: Some((200, "application/json", "{\"foo\": 1}".into())),
                expect: vec!["no \"keys\" array"],
            },
            Case {
                name: "jwks without usable key",
                url: config.clone(),
                discovery: None,
                jwks: Some((
                    200,
                    "application/json",
                    "{\"keys\": [{\"kty\": \"oct\", \"k\": \"AAAA\"}]}".into(),
                )),
                expect: vec!["no usable signing key", "symmetric"],
            },
            Case {
                name: "jwks missing",
                url: config.clone(),
                discovery: None,
                jwks: Some((404, "text/plain", "".into())),
                expect: vec!["HTTP 404", "jwks_uri"],
            },
        ];
        for case in cases {
            idp.reset_overrides();
            if let Some((status, ct, body)) = &case.discovery {
                idp.set_discovery_body(*status, ct, body);
            }
            if let Some((status, ct, body)) = &case.jwks {
                idp.set_jwks_body(*status, ct, body);
            }
            let err = fetch_provider(&client(), &case.url, DEFAULT_FETCH_TIMEOUT)
                .await
                .expect_err(case.name);
            let text = err.to_string();
            for needle in &case.expect {
                assert!(text.contains(needle), "{}: {text:?} lacks {needle:?}", case.name);
            }
            // Every refusal names the URL it is about (the JWKS URL for key set problems).
            let named = if case.name == "credentials" {
                "https://example.com/.well-known/openid-configuration".to_string()
            } else if case.jwks.is_some() {
                idp.jwks_uri()
            } else {
                case.url.clone()
            };
            assert!(
                text.contains(&named),
                "{}: {text:?} does not name {named:?}",
                case.name
            );
            assert!(
                !text.contains("u:p@"),
                "{}: the message repeats credentials",
                case.name
            );
        }
    }

    #[tokio::test]
    async fn unreachable_and_unavailable_providers_are_refused() {
        let idp = TestIdp::start().await;
        idp.set_availability(Availability::ServiceUnavailable);
        let err = fetch_provider(&client(), &idp.config_url(), DEFAULT_FETCH_TIMEOUT)
            .await
            .expect_err("503");
        assert!(
            matches!(err, DiscoveryError::HttpStatus { status: 503, .. }),
            "{err}"
        );

        idp.set_availability(Availability::Closed);
        let err = fetch_provider(&client(), &idp.config_url(), DEFAULT_FETCH_TIMEOUT)
            .await
            .expect_err("closed");
        assert!(matches!(err, DiscoveryError::Unreachable { .. }), "{err}");
        assert!(err.to_string().contains(&idp.config_url()), "{err}");

        // Nothing listens on a port we bound and released.
        let port = {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
            listener.local_addr().expect("addr").port()
        };
        let url = format!("http://127.0.0.1:{port}{WELL_KNOWN_PATH}");
        let err = fetch_provider(&client(), &url, DEFAULT_FETCH_TIMEOUT)
            .await
            .expect_err("refused");
        let text = err.to_string();
        assert!(matches!(err, DiscoveryError::Unreachable { .. }), "{text}");
        assert!(
            text.contains("could not reach") && text.contains("firewall"),
            "{text}"
        );
    }

    #[tokio::test]
    async fn slow_providers_time_out() {
        let idp = TestIdp::start().await;
        idp.set_delay(Duration::from_secs(3));
        let started = std::time::Instant::now();
        let err = fetch_provider(&client(), &idp.config_url(), Duration::from_millis(300))
            .await
            .expect_err("slow");
        assert!(matches!(err, DiscoveryError::Timeout { .. }), "{err}");
        assert!(started.elapsed() < Duration::from_secs(2));
        assert!(err.to_string().contains("did not answer within 300 ms"), "{err}");
    }

    #[tokio::test]
    async fn oversized_documents_are_refused() {
        let idp = TestIdp::start().await;
        let huge = format!("{{\"pad\": \"{}\"}}", "x".repeat(MAX_DOCUMENT_BYTES + 10));
        idp.set_discovery_body(200, "application/json", &huge);
        let err = fetch_provider(&client(), &idp.config_url(), DEFAULT_FETCH_TIMEOUT)
            .await
            .expect_err("huge");
        assert!(matches!(err, DiscoveryError::TooLarge { .. }), "{err}");
    }

    #[tokio::test]
    async fn redirects_are_followed_but_bounded() {
        let idp = TestIdp::start().await;
        idp.set_discovery_redirect(Some(format!("{}/moved{WELL_KNOWN_PATH}", idp.base_url())));
        let provider = fetch_provider(&client(), &idp.config_url(), DEFAULT_FETCH_TIMEOUT)
            .await
            .expect("one redirect");
        assert_eq!(provider.issuer, idp.issuer());

        // A redirect loop onto itself.
        idp.set_discovery_redirect(Some(idp.config_url()));
        let err = fetch_provider(&client(), &idp.config_url(), DEFAULT_FETCH_TIMEOUT)
            .await
            .expect_err("loop");
        assert!(err.to_string().contains("redirects"), "{err}");
    }

    #[test]
    fn bodies_are_described() {
        let cases: Vec<(&[u8], Option<&str>, &str)> = vec![
            (b"<html><head></head></html>", None, "an HTML page"),
            (
                b"  <!doctype HTML>",
                Some("text/html"),
                "an HTML page (Content-Type text/html)",
            ),
            (b"<?xml version=\"1.0\"?><a/>", None, "an XML document"),
            (b"", None, "an empty body"),
            (&[0xff, 0xfe, 0x00], None, "binary data"),
            (
                b"Service\nUnavailable",
                None,
                "text starting with \"Service Unavailable\"",
            ),
        ];
        for (body, ct, expected) in cases {
            assert_eq!(describe_body(body, ct), expected);
        }
    }
}
