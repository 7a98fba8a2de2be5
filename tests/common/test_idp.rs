//! An in-process OpenID Connect identity provider for tests.
//!
//! It listens on a free port of 127.0.0.1 and serves `/.well-known/openid-configuration` and
//! `/jwks`. Keys are generated when it starts (RSA 2048 for RS256 and PS256, EC P-256, EC P-384,
//! Ed25519). `sign` mints tokens with arbitrary claims and header, including deliberately wrong
//! ones; `rotate` replaces the signing key; `set_availability` makes it answer 503 or drop
//! connections; the fetch counters say how often each document was requested.
//!
//! This file depends on external crates only, so the library's unit tests include it too
//! (`#[path]` from `src/server/oidc/mod.rs`) and integration tests use it through `mod common;`.

#![allow(dead_code)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{
    ECDSA_P256_SHA256_FIXED_SIGNING, ECDSA_P384_SHA384_FIXED_SIGNING, EcdsaKeyPair, Ed25519KeyPair, KeyPair,
};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use jsonwebtoken::jwk::Jwk;
use jsonwebtoken::{Algorithm, EncodingKey};
use serde_json::{Map, Value, json};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

pub const WELL_KNOWN_PATH: &str = "/.well-known/openid-configuration";
pub const JWKS_PATH: &str = "/jwks";
/// The `aud` that `claims()` puts into tokens.
pub const DEFAULT_AUDIENCE: &str = "weka-test-client";

/// The kinds of signing key the provider can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyKind {
    /// RSA 2048, published with `alg: RS256`.
    Rs256,
    /// RSA 2048, published with `alg: PS256`.
    Ps256,
    /// EC P-256, `alg: ES256`.
    Es256,
    /// EC P-384, `alg: ES384`.
    Es384,
    /// Ed25519, `alg: EdDSA`.
    EdDsa,
}

impl KeyKind {
    pub const ALL: [KeyKind; 5] = [
        KeyKind::Rs256,
        KeyKind::Ps256,
        KeyKind::Es256,
        KeyKind::Es384,
        KeyKind::EdDsa,
    ];

    pub fn algorithm(self) -> Algorithm {
        match self {
            KeyKind::Rs256 => Algorithm::RS256,
            KeyKind::Ps256 => Algorithm::PS256,
            KeyKind::Es256 => Algorithm::ES256,
            KeyKind::Es384 => Algorithm::ES384,
            KeyKind::EdDsa => Algorithm::EdDSA,
        }
    }

    pub fn alg_name(self) -> &'static str {
        match self {
            KeyKind::Rs256 => "RS256",
            KeyKind::Ps256 => "PS256",
            KeyKind::Es256 => "ES256",
            KeyKind::Es384 => "ES384",
            KeyKind::EdDsa => "EdDSA",
        }
    }

    fn kid_prefix(self) -> &'static str {
        match self {
            KeyKind::Rs256 => "rs256",
            KeyKind::Ps256 => "ps256",
            KeyKind::Es256 => "es256",
            KeyKind::Es384 => "es384",
            KeyKind::EdDsa => "eddsa",
        }
    }
}

/// A generated key pair with its public JWK.
pub struct TestKey {
    pub kid: String,
    pub kind: KeyKind,
    encoding: EncodingKey,
    jwk: Value,
    public_der: Vec<u8>,
}

impl std::fmt::Debug for TestKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestKey")
            .field("kid", &self.kid)
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

impl TestKey {
    /// Generates a fresh key pair; panics if the crypto library cannot (a broken test setup).
    pub fn generate(kind: KeyKind, kid: &str) -> TestKey {
        let rng = SystemRandom::new();
        let (pkcs8, public_der): (Vec<u8>, Vec<u8>) = match kind {
            KeyKind::Rs256 | KeyKind::Ps256 => {
                let pair =
                    aws_lc_rs::rsa::KeyPair::generate(aws_lc_rs::rsa::KeySize::Rsa2048).expect("RSA keygen");
                let pkcs8: aws_lc_rs::encoding::Pkcs8V1Der<'static> = pair.as_der().expect("RSA pkcs8");
                let public = pair.public_key().as_der().expect("RSA spki");
                (pkcs8.as_ref().to_vec(), public.as_ref().to_vec())
            }
            KeyKind::Es256 | KeyKind::Es384 => {
                let alg = if kind == KeyKind::Es256 {
                    &ECDSA_P256_SHA256_FIXED_SIGNING
                } else {
                    &ECDSA_P384_SHA384_FIXED_SIGNING
                };
                let doc = EcdsaKeyPair::generate_pkcs8(alg, &rng).expect("EC keygen");
                let pair = EcdsaKeyPair::from_pkcs8(alg, doc.as_ref()).expect("EC parse");
                let public = pair.public_key().as_der().expect("EC spki");
                (doc.as_ref().to_vec(), public.as_ref().to_vec())
            }
            KeyKind::EdDsa => {
                let doc = Ed25519KeyPair::generate_pkcs8v1(&rng).expect("Ed25519 keygen");
                let pair = Ed25519KeyPair::from_pkcs8(doc.as_ref()).expect("Ed25519 parse");
                let public = pair.public_key().as_der().expect("Ed25519 spki");
                (doc.as_ref().to_vec(), public.as_ref().to_vec())
            }
        };
        let pem = pem_encode("PRIVATE KEY", &pkcs8);
        let encoding = match kind {
            KeyKind::Rs256 | KeyKind::Ps256 => EncodingKey::from_rsa_pem(pem.as_bytes()),
            KeyKind::Es256 | KeyKind::Es384 => EncodingKey::from_ec_pem(pem.as_bytes()),
            KeyKind::EdDsa => EncodingKey::from_ed_pem(pem.as_bytes()),
        }
        .expect("encoding key");
        let jwk = Jwk::from_encoding_key(&encoding, kind.algorithm()).expect("jwk");
        let mut jwk = serde_json::to_value(jwk).expect("jwk json");
        jwk["kid"] = json!(kid);
        jwk["use"] = json!("sig");
        jwk["alg"] = json!(kind.alg_name());
        TestKey {
            kid: kid.to_string(),
            kind,
            encoding,
            jwk,
            public_der,
        }
    }

    /// The public JWK as published (with `kid`, `use` and `alg`).
    pub fn jwk(&self) -> Value {
        self.jwk.clone()
    }

    /// The public key as a PEM `PUBLIC KEY` (SubjectPublicKeyInfo), e.g. for key-confusion tests.
    pub fn public_pem(&self) -> String {
        pem_encode("PUBLIC KEY", &self.public_der)
    }

    /// Signs `message` with this key and `alg` (which must fit the key).
    pub fn sign_message(&self, message: &[u8], alg: Algorithm) -> String {
        jsonwebtoken::crypto::sign(message, &self.encoding, alg).expect("sign")
    }
}

fn pem_encode(label: &str, der: &[u8]) -> String {
    let b64 = STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(line).unwrap_or_default());
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

/// How the provider answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Availability {
    Up,
    /// Every request is answered `503 Service Unavailable`.
    ServiceUnavailable,
    /// New connections are dropped unanswered and open ones are closed.
    Closed,
}

/// Which key signs a token minted by `sign_with`.
#[derive(Debug, Clone)]
pub enum Signer {
    /// The provider's current signing key.
    Current,
    /// A key the provider generated (published now or earlier), by kid.
    Kid(String),
    /// Any key, e.g. one the provider never published.
    Key(Arc<TestKey>),
    /// HMAC with this secret (header alg HS256 unless overridden with HS384 or HS512).
    Hmac(Vec<u8>),
    /// No signature at all (empty third segment), as for `alg: none`.
    Unsigned,
}

/// The `kid` header of a minted token.
#[derive(Debug, Clone)]
pub enum KidHeader {
    /// The signing key's kid.
    FromKey,
    Absent,
    Value(String),
}

/// Header overrides for `sign_with`.
#[derive(Debug, Clone)]
pub struct SignOptions {
    /// The header's `alg`; the signing key's algorithm when `None`.
    pub alg: Option<String>,
    pub kid: KidHeader,
    /// The header's `typ`; absent when `None`. Defaults to `JWT`.
    pub typ: Option<String>,
    pub signer: Signer,
    /// Extra header members, set last (they may override `alg`, `kid`, `typ`).
    pub extra_header: Map<String, Value>,
}

impl Default for SignOptions {
    fn default() -> SignOptions {
        SignOptions {
            alg: None,
            kid: KidHeader::FromKey,
            typ: Some("JWT".into()),
            signer: Signer::Current,
            extra_header: Map::new(),
        }
    }
}

impl SignOptions {
    pub fn alg(mut self, alg: &str) -> SignOptions {
        self.alg = Some(alg.into());
        self
    }

    pub fn kid(mut self, kid: &str) -> SignOptions {
        self.kid = KidHeader::Value(kid.into());
        self
    }

    pub fn no_kid(mut self) -> SignOptions {
        self.kid = KidHeader::Absent;
        self
    }

    pub fn typ(mut self, typ: Option<&str>) -> SignOptions {
        self.typ = typ.map(str::to_string);
        self
    }

    pub fn signer(mut self, signer: Signer) -> SignOptions {
        self.signer = signer;
        self
    }

    pub fn header(mut self, name: &str, value: Value) -> SignOptions {
        self.extra_header.insert(name.into(), value);
        self
    }
}

struct CannedResponse {
    status: u16,
    content_type: String,
    body: String,
}

struct State {
    issuer: String,
    /// Published keys, in JWKS order.
    published: Vec<Arc<TestKey>>,
    /// Every key ever generated, published or not, by kid.
    all: HashMap<String, Arc<TestKey>>,
    signing_kid: String,
    next_serial: HashMap<KeyKind, usize>,
    availability: Availability,
    delay: Duration,
    advertised_algorithms: Option<Vec<String>>,
    discovery_override: Option<CannedResponse>,
    jwks_override: Option<CannedResponse>,
    discovery_redirect: Option<String>,
}

struct Shared {
    base_url: String,
    state: Mutex<State>,
    discovery_fetches: AtomicUsize,
    jwks_fetches: AtomicUsize,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The running provider; stops when dropped.
pub struct TestIdp {
    addr: SocketAddr,
    shared: Arc<Shared>,
    server: JoinHandle<()>,
}

impl Drop for TestIdp {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl TestIdp {
    /// Starts a provider with one key of every kind; the RS256 key signs by default.
    pub async fn start() -> TestIdp {
        TestIdp::start_with(&KeyKind::ALL).await
    }

    /// Starts a provider publishing one key of each given kind; the first signs by default.
    pub async fn start_with(kinds: &[KeyKind]) -> TestIdp {
        assert!(!kinds.is_empty(), "a test provider needs at least one key");
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port");
        let addr = listener.local_addr().expect("local address");
        let base_url = format!("http://{addr}");
        let mut state = State {
            issuer: base_url.clone(),
            published: Vec::new(),
            all: HashMap::new(),
            signing_kid: String::new(),
            next_serial: HashMap::new(),
            availability: Availability::Up,
            delay: Duration::ZERO,
            advertised_algorithms: Some(
                ["RS256", "PS256", "ES256", "ES384", "EdDSA"]
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
            ),
            discovery_override: None,
            jwks_override: None,
            discovery_redirect: None,
        };
        for kind in kinds {
            let key = state.generate(*kind);
            state.published.push(key);
        }
        state.signing_kid = state.published[0].kid.clone();
        let shared = Arc::new(Shared {
            base_url,
            state: Mutex::new(state),
            discovery_fetches: AtomicUsize::new(0),
            jwks_fetches: AtomicUsize::new(0),
        });
        let server = tokio::spawn(serve(listener, shared.clone()));
        TestIdp { addr, shared, server }
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`
    pub fn base_url(&self) -> String {
        self.shared.base_url.clone()
    }

    /// The discovery document's URL.
    pub fn config_url(&self) -> String {
        format!("{}{WELL_KNOWN_PATH}", self.shared.base_url)
    }

    pub fn jwks_uri(&self) -> String {
        format!("{}{JWKS_PATH}", self.shared.base_url)
    }

    /// The issuer the discovery document announces (by default the base URL).
    pub fn issuer(&self) -> String {
        self.shared.state().issuer.clone()
    }

    /// Changes the announced issuer, e.g. to `http://127.0.0.1:PORT/{tenantid}/v2.0`.
    pub fn set_issuer(&self, issuer: &str) {
        self.shared.state().issuer = issuer.to_string();
    }

    /// `id_token_signing_alg_values_supported`; `None` leaves the member out.
    pub fn set_advertised_algorithms(&self, algorithms: Option<Vec<String>>) {
        self.shared.state().advertised_algorithms = algorithms;
    }

    /// The discovery document the provider serves when nothing is overridden.
    pub fn discovery_document(&self) -> Value {
        discovery_document(&self.shared.base_url, &self.shared.state())
    }

    /// The JWKS the provider serves when nothing is overridden.
    pub fn jwks(&self) -> Value {
        jwks_document(&self.shared.state())
    }

    /// Kids of the published keys, in JWKS order.
    pub fn published_kids(&self) -> Vec<String> {
        self.shared
            .state()
            .published
            .iter()
            .map(|k| k.kid.clone())
            .collect()
    }

    pub fn signing_kid(&self) -> String {
        self.shared.state().signing_kid.clone()
    }

    /// A key the provider generated, published or not.
    pub fn key(&self, kid: &str) -> Arc<TestKey> {
        self.shared
            .state()
            .all
            .get(kid)
            .cloned()
            .unwrap_or_else(|| panic!("no test key {kid:?}"))
    }

    /// The kid of the first published key of `kind`.
    pub fn kid_of(&self, kind: KeyKind) -> String {
        self.shared
            .state()
            .published
            .iter()
            .find(|k| k.kind == kind)
            .map(|k| k.kid.clone())
            .unwrap_or_else(|| panic!("no published {kind:?} key"))
    }

    /// Generates a key of `kind`, publishes it (without making it the signing key) and returns its kid.
    pub fn add_key(&self, kind: KeyKind) -> String {
        let mut state = self.shared.state();
        let key = state.generate(kind);
        let kid = key.kid.clone();
        state.published.push(key);
        kid
    }

    /// Generates a key of `kind` and publishes it with `alg` in its JWK instead of the kind's
    /// own algorithm; `None` leaves `alg` out, so any algorithm that fits the key type verifies
    /// with it (how RS384, RS512, PS384 and PS512 tokens get a key). Returns the kid.
    pub fn add_key_published_as(&self, kind: KeyKind, alg: Option<&str>) -> String {
        let mut state = self.shared.state();
        let generated = state.generate(kind);
        let mut jwk = generated.jwk.clone();
        match (alg, jwk.as_object_mut()) {
            (Some(alg), Some(object)) => {
                object.insert("alg".into(), json!(alg));
            }
            (None, Some(object)) => {
                object.remove("alg");
            }
            (_, None) => {}
        }
        let key = Arc::new(TestKey {
            kid: generated.kid.clone(),
            kind,
            encoding: generated.encoding.clone(),
            jwk,
            public_der: generated.public_der.clone(),
        });
        state.all.insert(key.kid.clone(), key.clone());
        state.published.push(key.clone());
        key.kid.clone()
    }

    /// A key of `kind` that is generated but never published: a forger's key.
    pub fn unpublished_key(&self, kind: KeyKind) -> Arc<TestKey> {
        self.shared.state().generate(kind)
    }

    /// Stops publishing `kid` (it can still sign through `Signer::Kid`).
    pub fn remove_key(&self, kid: &str) {
        self.shared.state().published.retain(|k| k.kid != kid);
    }

    pub fn set_signing_key(&self, kid: &str) {
        let mut state = self.shared.state();
        assert!(state.all.contains_key(kid), "no test key {kid:?}");
        state.signing_kid = kid.to_string();
    }

    /// Key rotation: publishes a new key of the current signing key's kind and signs with it from
    /// now on; with `drop_old`, the old signing key is no longer published. Returns the new kid.
    pub fn rotate(&self, drop_old: bool) -> String {
        let mut state = self.shared.state();
        let old = state.signing_kid.clone();
        let kind = state.all.get(&old).map(|k| k.kind).unwrap_or(KeyKind::Rs256);
        let key = state.generate(kind);
        let kid = key.kid.clone();
        state.published.push(key);
        if drop_old {
            state.published.retain(|k| k.kid != old);
        }
        state.signing_kid = kid.clone();
        kid
    }

    pub fn set_availability(&self, availability: Availability) {
        self.shared.state().availability = availability;
    }

    /// `true`: answer 503; `false`: answer normally.
    pub fn set_down(&self, down: bool) {
        self.set_availability(if down {
            Availability::ServiceUnavailable
        } else {
            Availability::Up
        });
    }

    /// Waits this long before answering any request.
    pub fn set_delay(&self, delay: Duration) {
        self.shared.state().delay = delay;
    }

    /// Serves this instead of the discovery document.
    pub fn set_discovery_body(&self, status: u16, content_type: &str, body: &str) {
        self.shared.state().discovery_override = Some(CannedResponse {
            status,
            content_type: content_type.into(),
            body: body.into(),
        });
    }

    /// Serves this instead of the JWKS.
    pub fn set_jwks_body(&self, status: u16, content_type: &str, body: &str) {
        self.shared.state().jwks_override = Some(CannedResponse {
            status,
            content_type: content_type.into(),
            body: body.into(),
        });
    }

    /// An HTML sign-in page where the discovery document should be.
    pub fn serve_html_discovery(&self) {
        self.set_discovery_body(
            200,
            "text/html; charset=utf-8",
            "<!DOCTYPE html><html><head><title>Sign in</title></head><body>Sign in</body></html>",
        );
    }

    /// The discovery document without `member` (e.g. `jwks_uri` or `issuer`).
    pub fn serve_discovery_without(&self, member: &str) {
        let mut doc = self.discovery_document();
        if let Some(object) = doc.as_object_mut() {
            object.remove(member);
        }
        self.set_discovery_body(200, "application/json", &doc.to_string());
    }

    /// Redirects requests for the discovery document to `target` (`/moved/...` paths serve it).
    pub fn set_discovery_redirect(&self, target: Option<String>) {
        self.shared.state().discovery_redirect = target;
    }

    /// Back to the normal documents, up, without delay.
    pub fn reset_overrides(&self) {
        let mut state = self.shared.state();
        state.discovery_override = None;
        state.jwks_override = None;
        state.discovery_redirect = None;
        state.availability = Availability::Up;
        state.delay = Duration::ZERO;
    }

    /// Requests received for the discovery document (503 answers included).
    pub fn discovery_fetches(&self) -> usize {
        self.shared.discovery_fetches.load(Ordering::SeqCst)
    }

    /// Requests received for the JWKS (503 answers included).
    pub fn jwks_fetches(&self) -> usize {
        self.shared.jwks_fetches.load(Ordering::SeqCst)
    }

    /// Standard claims for `sub`: `iss` (the announced issuer), `aud`, `iat`, `nbf`, `exp` (in an hour).
    pub fn claims(&self, sub: &str) -> Value {
        let now = now_unix();
        json!({
            "iss": self.issuer(),
            "sub": sub,
            "aud": DEFAULT_AUDIENCE,
            "iat": now,
            "nbf": now,
            "exp": now + 3600,
        })
    }

    /// A valid token for `claims`, signed by the current signing key.
    pub fn sign(&self, claims: &Value) -> String {
        self.sign_with(claims, &SignOptions::default())
    }

    /// A token for `claims` with the header and signature `options` ask for.
    pub fn sign_with(&self, claims: &Value, options: &SignOptions) -> String {
        let key: Option<Arc<TestKey>> = match &options.signer {
            Signer::Current => {
                let state = self.shared.state();
                state.all.get(&state.signing_kid).cloned()
            }
            Signer::Kid(kid) => Some(self.key(kid)),
            Signer::Key(key) => Some(key.clone()),
            Signer::Hmac(_) | Signer::Unsigned => None,
        };
        let mut header = Map::new();
        let header_alg = options
            .alg
            .clone()
            .unwrap_or_else(|| match (&options.signer, &key) {
                (Signer::Hmac(_), _) => "HS256".into(),
                (Signer::Unsigned, _) => "none".into(),
                (_, Some(key)) => key.kind.alg_name().into(),
                (_, None) => "none".into(),
            });
        header.insert("alg".into(), json!(header_alg));
        if let Some(typ) = &options.typ {
            header.insert("typ".into(), json!(typ));
        }
        match (&options.kid, &key) {
            (KidHeader::FromKey, Some(key)) => {
                header.insert("kid".into(), json!(key.kid));
            }
            (KidHeader::Value(kid), _) => {
                header.insert("kid".into(), json!(kid));
            }
            _ => {}
        }
        for (name, value) in &options.extra_header {
            header.insert(name.clone(), value.clone());
        }
        let message = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(Value::Object(header).to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let signature = match (&options.signer, key) {
            (Signer::Unsigned, _) => String::new(),
            (Signer::Hmac(secret), _) => {
                let alg = match header_alg.as_str() {
                    "HS384" => Algorithm::HS384,
                    "HS512" => Algorithm::HS512,
                    _ => Algorithm::HS256,
                };
                let key = EncodingKey::from_secret(secret).expect("HMAC secret");
                jsonwebtoken::crypto::sign(message.as_bytes(), &key, alg).expect("HMAC sign")
            }
            (_, Some(key)) => {
                // Sign with the header's algorithm when the key can, else with the key's own.
                let alg = header_alg
                    .parse::<Algorithm>()
                    .ok()
                    .filter(|alg| alg_fits(*alg, key.kind))
                    .unwrap_or_else(|| key.kind.algorithm());
                key.sign_message(message.as_bytes(), alg)
            }
            (_, None) => String::new(),
        };
        format!("{message}.{signature}")
    }
}

fn alg_fits(alg: Algorithm, kind: KeyKind) -> bool {
    match kind {
        KeyKind::Rs256 | KeyKind::Ps256 => matches!(
            alg,
            Algorithm::RS256
                | Algorithm::RS384
                | Algorithm::RS512
                | Algorithm::PS256
                | Algorithm::PS384
                | Algorithm::PS512
        ),
        KeyKind::Es256 => alg == Algorithm::ES256,
        KeyKind::Es384 => alg == Algorithm::ES384,
        KeyKind::EdDsa => alg == Algorithm::EdDSA,
    }
}

/// Seconds since the epoch, now.
pub fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

impl State {
    fn generate(&mut self, kind: KeyKind) -> Arc<TestKey> {
        let serial = self.next_serial.entry(kind).or_insert(0);
        *serial += 1;
        let kid = format!("{}-{}", kind.kid_prefix(), serial);
        let key = Arc::new(TestKey::generate(kind, &kid));
        self.all.insert(kid, key.clone());
        key
    }
}

fn discovery_document(base_url: &str, state: &State) -> Value {
    let mut doc = json!({
        "issuer": state.issuer,
        "authorization_endpoint": format!("{base_url}/authorize"),
        "token_endpoint": format!("{base_url}/token"),
        "jwks_uri": format!("{base_url}{JWKS_PATH}"),
        "response_types_supported": ["code", "id_token"],
        "subject_types_supported": ["public"],
    });
    if let Some(algs) = &state.advertised_algorithms {
        doc["id_token_signing_alg_values_supported"] = json!(algs);
    }
    doc
}

fn jwks_document(state: &State) -> Value {
    json!({ "keys": state.published.iter().map(|k| k.jwk()).collect::<Vec<_>>() })
}

/// The service returns this error to make hyper close the connection without an answer.
#[derive(Debug)]
struct CloseConnection;

impl std::fmt::Display for CloseConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("closing the connection")
    }
}

impl std::error::Error for CloseConnection {}

async fn serve(listener: TcpListener, shared: Arc<Shared>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        if shared.state().availability == Availability::Closed {
            drop(stream);
            continue;
        }
        let shared = shared.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request| handle(request, shared.clone()));
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

fn respond(status: u16, content_type: &str, body: String) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if let Ok(value) = content_type.parse() {
        response.headers_mut().insert(hyper::header::CONTENT_TYPE, value);
    }
    response
}

async fn handle(
    request: Request<Incoming>,
    shared: Arc<Shared>,
) -> Result<Response<Full<Bytes>>, CloseConnection> {
    let path = request.uri().path().to_string();
    let is_discovery = path.ends_with(WELL_KNOWN_PATH);
    if is_discovery {
        shared.discovery_fetches.fetch_add(1, Ordering::SeqCst);
    } else if path == JWKS_PATH {
        shared.jwks_fetches.fetch_add(1, Ordering::SeqCst);
    }
    let delay = shared.state().delay;
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let state = shared.state();
    match state.availability {
        Availability::Closed => return Err(CloseConnection),
        Availability::ServiceUnavailable => {
            return Ok(respond(503, "text/plain", "Service Unavailable".into()));
        }
        Availability::Up => {}
    }
    if path == WELL_KNOWN_PATH || (is_discovery && path.starts_with("/moved/")) {
        if path == WELL_KNOWN_PATH
            && let Some(target) = &state.discovery_redirect
        {
            let mut response = respond(302, "text/plain", String::new());
            if let Ok(value) = target.parse() {
                response.headers_mut().insert(hyper::header::LOCATION, value);
            }
            return Ok(response);
        }
        if let Some(canned) = &state.discovery_override {
            return Ok(respond(canned.status, &canned.content_type, canned.body.clone()));
        }
        return Ok(respond(
            200,
            "application/json",
            discovery_document(&shared.base_url, &state).to_string(),
        ));
    }
    if path == JWKS_PATH {
        if let Some(canned) = &state.jwks_override {
            return Ok(respond(canned.status, &canned.content_type, canned.body.clone()));
        }
        return Ok(respond(
            200,
            "application/json",
            jwks_document(&state).to_string(),
        ));
    }
    Ok(respond(404, "text/plain", "Not Found".into()))
}
