//! The JSON-RPC client: one typed [`Client::call`] per method of [`crate::api`], over HTTP(S)
//! with reqwest's blocking client and rustls.
//!
//! Calls that need a login send the stored access token as a bearer token. When the server
//! answers `TokenExpired`, or the stored token is known to be expired, the client trades the
//! refresh token for new tokens (`user_refresh`), stores them and retries once.

use std::cell::{Cell, RefCell};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use reqwest::blocking::Client as HttpClient;
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderValue};
use serde_json::Value;
use serde_json::value::RawValue;
use time::OffsetDateTime;

use super::error::{CliError, ExitStatus};
use super::tokens::{Location, StoredTokens, TokenStore};
use crate::api::user::{LoginResult, RefreshParams};
use crate::api::{self, Access, ApiError, ErrorCode, Id, Method, UserRefresh};

/// A token that expires within this margin is treated as expired already: the request
/// must still be accepted when it arrives.
const EXPIRY_MARGIN: Duration = Duration::from_secs(10);
/// Answers larger than this are not read (a list of thousands of objects is far smaller).
const MAX_RESPONSE_BYTES: usize = 64 << 20;

/// The server a command talks to: scheme, host and port identify it (and its stored session).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerAddr {
    pub tls: bool,
    pub host: String,
    pub port: u16,
    /// The `--ca-cert` file, repeated in hints; not part of the server's identity.
    pub ca_cert: Option<PathBuf>,
}

impl ServerAddr {
    pub fn new(tls: bool, host: &str, port: u16) -> ServerAddr {
        let host = host.trim();
        // `[::1]` and `::1` are the same server; keep the bare form.
        let host = host
            .strip_prefix('[')
            .and_then(|h| h.strip_suffix(']'))
            .unwrap_or(host);
        ServerAddr {
            tls,
            host: host.to_ascii_lowercase(),
            port,
            ca_cert: None,
        }
    }

    /// The same server, with the `--ca-cert` file to repeat in hints (implies TLS).
    pub fn with_ca_cert(mut self, ca_cert: Option<PathBuf>) -> ServerAddr {
        self.tls |= ca_cert.is_some();
        self.ca_cert = ca_cert;
        self
    }

    pub fn scheme(&self) -> &'static str {
        if self.tls { "https" } else { "http" }
    }

    /// `host:port`, with brackets around an IPv6 address.
    pub fn host_port(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }

    /// `scheme://host:port`: the key of the stored session.
    pub fn key(&self) -> String {
        format!("{}://{}", self.scheme(), self.host_port())
    }

    /// The JSON-RPC endpoint.
    pub fn url(&self) -> String {
        format!("{}{}", self.key(), api::RPC_PATH)
    }

    /// The options that select this server on the command line, empty for the defaults:
    /// ` -H host -P port --tls`.
    pub fn cli_flags(&self) -> String {
        let mut s = String::new();
        if self.host != super::DEFAULT_HOST {
            s.push_str(&format!(" -H {}", self.host));
        }
        if self.port != api::DEFAULT_API_PORT {
            s.push_str(&format!(" -P {}", self.port));
        }
        match &self.ca_cert {
            Some(path) => s.push_str(&format!(" --ca-cert {}", path.display())),
            None if self.tls => s.push_str(" --tls"),
            None => {}
        }
        s
    }

    /// The login command for this server, for hints.
    pub fn login_command(&self) -> String {
        format!("`weka{} user login`", self.cli_flags())
    }
}

/// Connection settings from the global options.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    pub connect_timeout: Duration,
    pub timeout: Duration,
    /// A PEM file of root certificates to trust besides the system's.
    pub ca_cert: Option<PathBuf>,
    /// Log method names and timings to stderr.
    pub verbose: bool,
}

/// A typed JSON-RPC client for one server.
pub struct Client {
    http: HttpClient,
    server: ServerAddr,
    options: ClientOptions,
    store: TokenStore,
    next_id: Cell<i64>,
    /// The session once loaded from the store (and after each refresh).
    session: RefCell<Option<StoredTokens>>,
}

impl Client {
    pub fn new(server: ServerAddr, options: ClientOptions, store: TokenStore) -> Result<Client, CliError> {
        let mut builder = HttpClient::builder()
            .connect_timeout(options.connect_timeout)
            .timeout(options.timeout)
            .user_agent(concat!("weka/", env!("CARGO_PKG_VERSION")))
            // A bearer token must never follow a redirect, nor go through a proxy by surprise.
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy();
        // A bad --ca-cert file is named whatever the scheme.
        let extra_roots = match &options.ca_cert {
            Some(path) => load_ca_certs(path)?,
            None => Vec::new(),
        };
        builder = if server.tls {
            builder.tls_certs_merge(extra_roots)
        } else {
            // Plain HTTP makes no TLS connection: skip loading the system's CA roots, which
            // costs more than the whole request (a file per certificate).
            builder.tls_certs_only(Vec::new())
        };
        let http = builder.build().map_err(|e| {
            CliError::failure("cannot set up the HTTP client")
                .with_source_chain(&e)
                .with_hint("check the --ca-cert file; without --ca-cert the system's CA roots are used")
        })?;
        Ok(Client {
            http,
            server,
            options,
            store,
            next_id: Cell::new(1),
            session: RefCell::new(None),
        })
    }

    pub fn server(&self) -> &ServerAddr {
        &self.server
    }

    pub fn store(&self) -> &TokenStore {
        &self.store
    }

    /// Calls method `M` and returns its typed result. Methods that need a login use the
    /// stored session, renewing it once when the access token expired.
    pub fn call<M: Method>(&self, params: M::Params) -> Result<M::Result, CliError> {
        let params = serde_json::to_value(&params).map_err(|e| {
            CliError::failure(format!("cannot encode the parameters of {}", M::NAME)).with_cause(e)
        })?;
        let value = if M::ACCESS == Access::Anonymous {
            self.send(M::NAME, &params, None)?.map_err(CliError::from)?
        } else {
            self.call_authenticated(M::NAME, &params)?
        };
        decode_result::<M>(&value)
    }

    fn call_authenticated(&self, method: &str, params: &Value) -> Result<Box<RawValue>, CliError> {
        let mut session = self.session()?;
        if expired(session.access_token_expires_at) {
            session = self.refresh(&session)?;
        }
        let answer = match self.send(method, params, Some(&session.access_token))? {
            Err(e) if e.kind() == Some(ErrorCode::TokenExpired) => {
                session = self.refresh(&session)?;
                self.send(method, params, Some(&session.access_token))?
            }
            other => other,
        };
        answer.map_err(|e| self.explain(e, &session))
    }

    /// Adds the client's hint to errors about the session or the role.
    fn explain(&self, err: ApiError, session: &StoredTokens) -> CliError {
        let kind = err.kind();
        let err = CliError::from(err);
        match kind {
            // The server's hint says `weka user login`; only the client knows the -H/-P/--ca-cert
            // this server needs, so its hint replaces the server's.
            Some(ErrorCode::NotAuthenticated | ErrorCode::TokenExpired) => err.with_hint(format!(
                "the server no longer accepts the session of '{}'; log in again with {}",
                session.username,
                self.server.login_command()
            )),
            Some(ErrorCode::PermissionDenied) => err.with_default_hint(format!(
                "'{}' has the role {}; log in as a user with the ClusterAdmin role",
                session.username, session.role
            )),
            _ => err,
        }
    }

    /// The stored session for this server, or the "not logged in" error.
    pub fn session(&self) -> Result<StoredTokens, CliError> {
        if let Some(s) = self.session.borrow().as_ref() {
            return Ok(s.clone());
        }
        match self.store.load(&self.server.key())? {
            Some((tokens, _)) => {
                *self.session.borrow_mut() = Some(tokens.clone());
                Ok(tokens)
            }
            None => Err(
                CliError::not_authenticated(format!("not logged in to {}", self.server.key()))
                    .with_hint(format!("log in with {}", self.server.login_command())),
            ),
        }
    }

    /// Where the session for this server is stored, if there is one.
    pub fn session_location(&self) -> Result<Option<Location>, CliError> {
        Ok(self.store.load(&self.server.key())?.map(|(_, loc)| loc))
    }

    /// Stores a new session (after login) and says where it went.
    pub fn save_session(&self, tokens: StoredTokens) -> Result<Location, CliError> {
        let location = self.store.save(&self.server.key(), &tokens)?;
        *self.session.borrow_mut() = Some(tokens);
        Ok(location)
    }

    /// Forgets the session for this server. Returns whether there was one.
    pub fn forget_session(&self) -> Result<bool, CliError> {
        *self.session.borrow_mut() = None;
        self.store.remove(&self.server.key())
    }

    /// Trades the refresh token for new tokens and stores them.
    fn refresh(&self, old: &StoredTokens) -> Result<StoredTokens, CliError> {
        let relogin = || format!("log in again with {}", self.server.login_command());
        if expired(old.refresh_token_expires_at) {
            self.forget_session()?;
            return Err(CliError::not_authenticated(format!(
                "the session of '{}' on {} expired",
                old.username,
                self.server.key()
            ))
            .with_hint(relogin()));
        }
        self.log(format_args!("the access token expired; renewing it"));
        let params = serde_json::to_value(RefreshParams {
            refresh_token: old.refresh_token.clone(),
        })
        .map_err(|e| CliError::failure("cannot encode the refresh request").with_cause(e))?;
        match self.send(UserRefresh::NAME, &params, None)? {
            Ok(value) => {
                let result: LoginResult = decode_result::<UserRefresh>(&value)?;
                let tokens = StoredTokens::from(result);
                self.save_session(tokens.clone())?;
                Ok(tokens)
            }
            Err(e)
                if matches!(
                    e.kind(),
                    Some(
                        ErrorCode::NotAuthenticated
                            | ErrorCode::TokenExpired
                            | ErrorCode::NotFound
                            | ErrorCode::InvalidArgument
                    )
                ) =>
            {
                self.forget_session()?;
                Err(CliError::not_authenticated(format!(
                    "the session of '{}' on {} expired and could not be renewed",
                    old.username,
                    self.server.key()
                ))
                .with_cause(e.message)
                .with_hint(relogin()))
            }
            Err(e) => Err(CliError::from(e).context("cannot renew the session")),
        }
    }

    /// Sends one request. The outer error is the transport's (the server was not reached or
    /// did not answer JSON-RPC), the inner one is the server's answer.
    fn send(
        &self,
        method: &str,
        params: &Value,
        bearer: Option<&str>,
    ) -> Result<Result<Box<RawValue>, ApiError>, CliError> {
        let id = self.next_id.get();
        self.next_id.set(id + 1);
        let body = serde_json::to_vec(&api::Request::new(id, method, params.clone()))
            .map_err(|e| CliError::failure("cannot encode the request").with_cause(e))?;
        let url = self.server.url();
        self.log(format_args!("-> {method} (POST {url})"));
        let started = Instant::now();
        let mut request = self
            .http
            .post(&url)
            .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
            .body(body);
        if let Some(token) = bearer {
            let mut value = HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| {
                CliError::not_authenticated("the stored access token is not a valid header value")
                    .with_hint(format!("log in again with {}", self.server.login_command()))
            })?;
            value.set_sensitive(true);
            request = request.header(AUTHORIZATION, value);
        }
        let response = request
            .send()
            .map_err(|e| transport_error(&e, &self.server, &self.options))?;
        let status = response.status();
        let bytes = response
            .bytes()
            .map_err(|e| transport_error(&e, &self.server, &self.options))?;
        let elapsed = started.elapsed().as_millis();
        if bytes.len() > MAX_RESPONSE_BYTES {
            return Err(CliError::failure(format!(
                "the answer to {method} is {} bytes, more than this client reads",
                bytes.len()
            )));
        }
        // The result stays raw text here and is decoded once, into the method's type.
        let parsed: RawResponse<'_> = match serde_json::from_slice(&bytes) {
            Ok(r) => r,
            Err(_) => {
                self.log(format_args!(
                    "<- {method}: HTTP {status}, not JSON-RPC, in {elapsed} ms"
                ));
                return Err(not_json_rpc(&self.server, status));
            }
        };
        if let Some(err) = parsed.error {
            let name = err.kind().map_or("error", ErrorCode::name);
            self.log(format_args!("<- {method}: {name} in {elapsed} ms"));
            return Ok(Err(err));
        }
        if parsed.id != Id::Number(id) {
            return Err(CliError::failure(format!(
                "the server answered request {id} ({method}) with the id {:?}",
                parsed.id
            ))
            .with_hint("a proxy or another program may be answering on that port; check -H and -P"));
        }
        self.log(format_args!("<- {method}: ok in {elapsed} ms"));
        Ok(Ok(parsed.result.map_or_else(
            || RawValue::from_string("null".into()).expect("null is JSON"),
            RawValue::to_owned,
        )))
    }

    fn log(&self, message: std::fmt::Arguments<'_>) {
        if self.options.verbose {
            eprintln!("weka: {message}");
        }
    }
}

/// Whether a token expiring at `at` is (about to be) expired now.
fn expired(at: OffsetDateTime) -> bool {
    at <= OffsetDateTime::now_utc() + EXPIRY_MARGIN
}

/// A JSON-RPC response with its result kept as raw JSON text (see [`api::Response`]).
#[derive(serde::Deserialize)]
struct RawResponse<'a> {
    /// Required, as in [`api::Response`]: a JSON document without it is not JSON-RPC.
    #[serde(rename = "jsonrpc")]
    _jsonrpc: serde::de::IgnoredAny,
    #[serde(default, borrow)]
    result: Option<&'a RawValue>,
    #[serde(default)]
    error: Option<ApiError>,
    id: Id,
}

fn decode_result<M: Method>(value: &RawValue) -> Result<M::Result, CliError> {
    serde_json::from_str(value.get()).map_err(|e| {
        CliError::failure(format!(
            "the server's answer to {} does not match this client's contract",
            M::NAME
        ))
        .with_cause(e)
        .with_hint("the client and the server versions may differ; use matching versions")
    })
}

fn load_ca_certs(path: &Path) -> Result<Vec<reqwest::Certificate>, CliError> {
    let usage = |message: String| {
        CliError::usage(message).with_hint(
            "--ca-cert (or WEKA_CA_CERT) takes a PEM file with the server's CA certificate; \
             weka-server --tls-self-signed writes it to tls/ca.pem in its data directory",
        )
    };
    let bytes = std::fs::read(path).map_err(|e| {
        usage(format!("cannot read the CA certificate file {}", path.display())).with_cause(e)
    })?;
    let certs = reqwest::Certificate::from_pem_bundle(&bytes).map_err(|e| {
        usage(format!("{} is not a PEM certificate file", path.display())).with_source_chain(&e)
    })?;
    if certs.is_empty() {
        return Err(usage(format!(
            "{} holds no PEM certificate (-----BEGIN CERTIFICATE-----)",
            path.display()
        )));
    }
    Ok(certs)
}

fn not_json_rpc(server: &ServerAddr, status: reqwest::StatusCode) -> CliError {
    CliError::new(
        ExitStatus::Connection,
        "NotWekaServer",
        format!(
            "the server at {} did not answer as weka-server's management API (HTTP {status})",
            server.host_port()
        ),
    )
    .with_hint(format!(
        "check -P/--port: the management API listens on port {} by default; the S3 and STS port is another one",
        api::DEFAULT_API_PORT
    ))
}

/// Turns a reqwest error (the server was not reached, or the exchange broke) into exit code 3
/// with a hint matching the cause.
fn transport_error(e: &reqwest::Error, server: &ServerAddr, options: &ClientOptions) -> CliError {
    let mut chain = Vec::new();
    let mut next: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = next {
        chain.push(err.to_string().to_ascii_lowercase());
        next = err.source();
    }
    let all = chain.join(" | ");
    let has = |needle: &str| all.contains(needle);
    let at = server.host_port();
    let start_hint = format!(
        "is weka-server running on {at}? start it with `weka-server`, or point -H/--hostname and \
         -P/--port (WEKA_HOST, WEKA_PORT) at it"
    );
    let tls_hint_for_plain = if server.tls {
        String::new()
    } else {
        "; if weka-server listens with TLS, add --tls (and --ca-cert FILE for a self-signed certificate)"
            .into()
    };

    let (name, message, hint) = if e.is_timeout() || has("timed out") {
        if e.is_connect() {
            (
                "Timeout",
                format!("cannot connect to {at} within {}", secs(options.connect_timeout)),
                format!("{start_hint}; a slow network needs a longer -C/--connect-timeout"),
            )
        } else {
            (
                "Timeout",
                format!("{at} did not answer within {}", secs(options.timeout)),
                "the server may be overloaded; try again, or allow longer with -T/--timeout".into(),
            )
        }
    } else if server.tls && (has("invalidcontenttype") || has("corrupt message") || has("wrong version")) {
        (
            "TlsFailure",
            format!("the TLS handshake with {at} failed: the server does not seem to speak TLS"),
            "drop --tls and --ca-cert (and WEKA_TLS, WEKA_CA_CERT) for a server that listens without TLS"
                .into(),
        )
    } else if !server.tls && (has("invalid http version") || has("connection reset")) {
        (
            "TlsRequired",
            format!("{at} does not answer plain HTTP: the server seems to expect TLS"),
            "add --tls, and --ca-cert FILE for a self-signed certificate (weka-server \
             --tls-self-signed writes its CA to tls/ca.pem in its data directory)"
                .into(),
        )
    } else if has("causedasendentity") {
        (
            "TlsFailure",
            format!("the server at {at} presents a CA certificate as its own"),
            "give weka-server a certificate signed by that CA (without the CA flag), or let it \
             generate one with --tls-self-signed"
                .into(),
        )
    } else if has("notvalidforname") || has("not valid for name") {
        (
            "TlsFailure",
            format!(
                "the server's certificate is not valid for the name {}",
                server.host
            ),
            "connect with -H to a name the certificate lists, or add the name to the certificate \
             (weka-server --tls-san NAME)"
                .into(),
        )
    } else if has("certificate")
        || has("unknownissuer")
        || has("unknown issuer")
        || has("tls")
        || has("handshake")
    {
        (
            "TlsFailure",
            format!("the TLS connection to {at} failed"),
            "if the server's certificate is self-signed, pass its CA certificate with --ca-cert FILE \
             (WEKA_CA_CERT); weka-server --tls-self-signed writes it to tls/ca.pem in its data directory"
                .into(),
        )
    } else if has("dns error") || has("failed to lookup") || has("name or service not known") {
        (
            "ConnectionFailed",
            format!("cannot resolve the host name {}", server.host),
            "check -H/--hostname (WEKA_HOST)".into(),
        )
    } else if e.is_connect() || has("connection refused") {
        (
            "ConnectionFailed",
            format!("cannot connect to weka-server at {at}"),
            start_hint,
        )
    } else {
        (
            "ConnectionFailed",
            format!("the connection to {at} failed"),
            format!("check that {at} is weka-server's management API{tls_hint_for_plain}"),
        )
    };
    // reqwest's outer layers ("error sending request for url", "client error (Connect)") say
    // nothing the message does not; the innermost error is the one that tells.
    let mut err = CliError::new(ExitStatus::Connection, name, message).with_hint(hint);
    if let Some(root) = root_cause(e) {
        err = err.with_cause(root);
    }
    err
}

fn root_cause(e: &(dyn std::error::Error + 'static)) -> Option<String> {
    let mut last = None;
    let mut next = e.source();
    while let Some(err) = next {
        last = Some(err.to_string());
        next = err.source();
    }
    last
}

fn secs(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0} s")
    } else {
        format!("{s} s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_addresses() {
        let table = [
            (false, "127.0.0.1", 14000, "http://127.0.0.1:14000", ""),
            (
                true,
                "Weka.Example.COM",
                14000,
                "https://weka.example.com:14000",
                " -H weka.example.com --tls",
            ),
            (false, "::1", 15000, "http://[::1]:15000", " -H ::1 -P 15000"),
            (false, "[::1]", 15000, "http://[::1]:15000", " -H ::1 -P 15000"),
        ];
        for (tls, host, port, key, flags) in table {
            let s = ServerAddr::new(tls, host, port);
            assert_eq!(s.key(), key);
            assert_eq!(s.url(), format!("{key}/api/v1"));
            assert_eq!(s.cli_flags(), flags);
        }
        assert_eq!(
            ServerAddr::new(false, "127.0.0.1", 14000).login_command(),
            "`weka user login`"
        );
        let with_ca = ServerAddr::new(false, "localhost", 14000).with_ca_cert(Some("ca.pem".into()));
        assert_eq!(with_ca.key(), "https://localhost:14000");
        assert_eq!(
            with_ca.login_command(),
            "`weka -H localhost --ca-cert ca.pem user login`"
        );
    }

    #[test]
    fn ca_cert_errors_are_usage_errors() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.pem");
        let err = load_ca_certs(&missing).unwrap_err();
        assert_eq!(err.status(), ExitStatus::Usage);
        let not_pem = dir.path().join("x.pem");
        std::fs::write(&not_pem, "hello").unwrap();
        let err = load_ca_certs(&not_pem).unwrap_err();
        assert_eq!(err.status(), ExitStatus::Usage, "{err:?}");
    }

    #[test]
    fn expiry_has_a_margin() {
        let now = OffsetDateTime::now_utc();
        assert!(expired(now - Duration::from_secs(1)));
        assert!(expired(now + Duration::from_secs(5)));
        assert!(!expired(now + Duration::from_secs(60)));
    }

    #[test]
    fn seconds_print_plainly() {
        assert_eq!(secs(Duration::from_secs(10)), "10 s");
        assert_eq!(secs(Duration::from_millis(2500)), "2.5 s");
    }
}

/// The client against a scripted JSON-RPC server on a loopback port.
#[cfg(test)]
mod exchange_tests {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpListener;
    use std::sync::{Arc, Mutex};

    use serde_json::json;

    use super::*;
    use crate::api::policy::PolicySummary;
    use crate::api::user::Role;
    use crate::api::{Empty, S3PolicyList, UserLogin};
    use crate::cli::tokens::{StoreMode, Vault};

    /// What the fake server saw: method and bearer token of each request.
    type Seen = Arc<Mutex<Vec<(String, Option<String>)>>>;

    /// One scripted answer: given the request's `id`, the full HTTP body to send back.
    type Answer = Box<dyn Fn(i64) -> String + Send>;

    fn result(value: Value) -> Answer {
        Box::new(move |id| json!({"jsonrpc": "2.0", "id": id, "result": value}).to_string())
    }

    fn error(code: ErrorCode, message: &str) -> Answer {
        let e = ApiError::new(code, message);
        Box::new(move |id| json!({"jsonrpc": "2.0", "id": id, "error": e}).to_string())
    }

    /// Serves the answers in order, one request per connection, and records what it saw.
    fn serve(answers: Vec<Answer>) -> (u16, Seen) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen: Seen = Arc::default();
        let record = seen.clone();
        std::thread::spawn(move || {
            for answer in answers {
                let Ok((stream, _)) = listener.accept() else {
                    return;
                };
                let mut reader = BufReader::new(stream);
                let mut length = 0;
                let mut bearer = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                        break;
                    }
                    let lower = line.to_ascii_lowercase();
                    if let Some(v) = lower.strip_prefix("content-length:") {
                        length = v.trim().parse().unwrap_or(0);
                    }
                    if lower.starts_with("authorization:") {
                        bearer = line.trim_end()["authorization:".len()..]
                            .trim()
                            .strip_prefix("Bearer ")
                            .map(str::to_string);
                    }
                }
                let mut body = vec![0; length];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let request: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
                let method = request["method"].as_str().unwrap_or_default().to_string();
                record.lock().unwrap().push((method, bearer));
                let reply = answer(request["id"].as_i64().unwrap_or(0));
                let mut stream = reader.into_inner();
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
                     Connection: close\r\n\r\n{reply}",
                    reply.len()
                );
            }
        });
        (port, seen)
    }

    #[derive(Default, Clone)]
    struct NoKeyring;
    impl Vault for NoKeyring {
        fn set(&self, _: &str, _: &str) -> Result<(), String> {
            Err("none".into())
        }
        fn get(&self, _: &str) -> Result<Option<String>, String> {
            Err("none".into())
        }
        fn delete(&self, _: &str) -> Result<(), String> {
            Err("none".into())
        }
    }

    fn client(port: u16, dir: &Path) -> Client {
        let store = TokenStore::new(StoreMode::File, dir.join("tokens.json"), Box::new(NoKeyring));
        let options = ClientOptions {
            connect_timeout: Duration::from_secs(5),
            timeout: Duration::from_secs(5),
            ca_cert: None,
            verbose: false,
        };
        Client::new(ServerAddr::new(false, "127.0.0.1", port), options, store).unwrap()
    }

    fn tokens(access: &str, refresh: &str, access_valid: bool) -> StoredTokens {
        let now = OffsetDateTime::now_utc();
        StoredTokens {
            username: "admin".into(),
            role: Role::ClusterAdmin,
            access_token: access.into(),
            access_token_expires_at: if access_valid {
                now + Duration::from_secs(600)
            } else {
                now - Duration::from_secs(1)
            },
            refresh_token: refresh.into(),
            refresh_token_expires_at: now + Duration::from_secs(3600),
        }
    }

    fn login_result(access: &str, refresh: &str) -> Value {
        json!({
            "username": "admin", "role": "ClusterAdmin",
            "access_token": access, "access_token_expires_at": "2099-01-01T00:00:00Z",
            "refresh_token": refresh, "refresh_token_expires_at": "2099-01-02T00:00:00Z",
        })
    }

    fn policies() -> Value {
        json!([{"name": "readonly", "builtin": true, "statements": 1, "attached_to": [],
                "updated_at": "2025-11-29T04:00:00Z"}])
    }

    fn seen(s: &Seen) -> Vec<(String, Option<String>)> {
        s.lock().unwrap().clone()
    }

    fn pair(method: &str, bearer: Option<&str>) -> (String, Option<String>) {
        (method.to_string(), bearer.map(str::to_string))
    }

    #[test]
    fn login_needs_no_token_and_returns_the_typed_result() {
        let dir = tempfile::tempdir().unwrap();
        let (port, log) = serve(vec![result(login_result("AT1", "RT1"))]);
        let c = client(port, dir.path());
        let r = c
            .call::<UserLogin>(crate::api::user::LoginParams {
                username: "admin".into(),
                password: "password".into(),
            })
            .unwrap();
        assert_eq!(r.access_token, "AT1");
        assert_eq!(seen(&log), [pair("user_login", None)]);
    }

    #[test]
    fn calls_without_a_session_fail_before_connecting() {
        let dir = tempfile::tempdir().unwrap();
        let (port, log) = serve(vec![]);
        let err = client(port, dir.path())
            .call::<S3PolicyList>(Empty {})
            .unwrap_err();
        assert_eq!(err.status(), ExitStatus::Authentication);
        assert!(err.hint().unwrap().contains("user login"), "{err:?}");
        assert!(seen(&log).is_empty());
    }

    #[test]
    fn token_expired_answer_refreshes_stores_and_retries_once() {
        let dir = tempfile::tempdir().unwrap();
        let (port, log) = serve(vec![
            error(ErrorCode::TokenExpired, "the access token expired"),
            result(login_result("AT2", "RT2")),
            result(policies()),
        ]);
        let c = client(port, dir.path());
        c.save_session(tokens("AT1", "RT1", true)).unwrap();
        let list: Vec<PolicySummary> = c.call::<S3PolicyList>(Empty {}).unwrap();
        assert_eq!(list[0].name, "readonly");
        assert_eq!(
            seen(&log),
            [
                pair("s3_policy_list", Some("AT1")),
                pair("user_refresh", None),
                pair("s3_policy_list", Some("AT2")),
            ]
        );
        // A later process finds the renewed session.
        let later = client(port, dir.path());
        let s = later.session().unwrap();
        assert_eq!(
            (s.access_token.as_str(), s.refresh_token.as_str()),
            ("AT2", "RT2")
        );
    }

    #[test]
    fn a_known_expired_access_token_is_renewed_first() {
        let dir = tempfile::tempdir().unwrap();
        let (port, log) = serve(vec![result(login_result("AT2", "RT2")), result(policies())]);
        let c = client(port, dir.path());
        c.save_session(tokens("AT1", "RT1", false)).unwrap();
        c.call::<S3PolicyList>(Empty {}).unwrap();
        assert_eq!(
            seen(&log),
            [pair("user_refresh", None), pair("s3_policy_list", Some("AT2"))]
        );
    }

    #[test]
    fn a_rejected_refresh_forgets_the_session() {
        let dir = tempfile::tempdir().unwrap();
        let (port, log) = serve(vec![
            error(ErrorCode::TokenExpired, "expired"),
            error(ErrorCode::NotAuthenticated, "the refresh token was revoked"),
        ]);
        let c = client(port, dir.path());
        c.save_session(tokens("AT1", "RT1", true)).unwrap();
        let err = c.call::<S3PolicyList>(Empty {}).unwrap_err();
        assert_eq!(err.status(), ExitStatus::Authentication);
        assert!(err.message().contains("could not be renewed"), "{err:?}");
        assert_eq!(err.causes(), ["the refresh token was revoked"]);
        assert_eq!(seen(&log).len(), 2, "exactly one refresh, no second retry");
        assert!(
            client(port, dir.path()).session().is_err(),
            "the dead session is gone"
        );
    }

    #[test]
    fn a_second_token_expired_is_not_retried_again() {
        let dir = tempfile::tempdir().unwrap();
        let (port, log) = serve(vec![
            error(ErrorCode::TokenExpired, "expired"),
            result(login_result("AT2", "RT2")),
            error(ErrorCode::TokenExpired, "expired again"),
        ]);
        let c = client(port, dir.path());
        c.save_session(tokens("AT1", "RT1", true)).unwrap();
        let err = c.call::<S3PolicyList>(Empty {}).unwrap_err();
        assert_eq!(err.status(), ExitStatus::Authentication);
        assert_eq!(seen(&log).len(), 3);
    }

    #[test]
    fn permission_denied_says_which_role_is_needed() {
        let dir = tempfile::tempdir().unwrap();
        let (port, _) = serve(vec![error(
            ErrorCode::PermissionDenied,
            "ReadOnly may not do this",
        )]);
        let c = client(port, dir.path());
        let mut t = tokens("AT1", "RT1", true);
        t.role = Role::ReadOnly;
        c.save_session(t).unwrap();
        let err = c.call::<S3PolicyList>(Empty {}).unwrap_err();
        assert_eq!(err.status(), ExitStatus::PermissionDenied);
        assert!(err.hint().unwrap().contains("ClusterAdmin"), "{err:?}");
    }

    #[test]
    fn answers_that_are_not_json_rpc_are_a_connection_problem() {
        let dir = tempfile::tempdir().unwrap();
        let (port, _) = serve(vec![Box::new(|_| {
            "<Error><Code>NoSuchBucket</Code></Error>".into()
        })]);
        let c = client(port, dir.path());
        let err = c
            .call::<UserLogin>(crate::api::user::LoginParams {
                username: "a".into(),
                password: "b".into(),
            })
            .unwrap_err();
        assert_eq!(err.status(), ExitStatus::Connection);
        assert_eq!(err.name(), "NotWekaServer");
    }

    #[test]
    fn a_result_of_the_wrong_shape_names_the_version_mismatch() {
        let dir = tempfile::tempdir().unwrap();
        let (port, _) = serve(vec![result(json!({"unexpected": true}))]);
        let c = client(port, dir.path());
        c.save_session(tokens("AT1", "RT1", true)).unwrap();
        let err = c.call::<S3PolicyList>(Empty {}).unwrap_err();
        assert_eq!(err.status(), ExitStatus::Failure);
        assert!(err.hint().unwrap().contains("versions"), "{err:?}");
    }

    #[test]
    fn nothing_listening_is_exit_code_3_with_a_hint() {
        let port = {
            let l = TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let dir = tempfile::tempdir().unwrap();
        let err = client(port, dir.path())
            .call::<UserLogin>(crate::api::user::LoginParams {
                username: "a".into(),
                password: "b".into(),
            })
            .unwrap_err();
        assert_eq!(err.status(), ExitStatus::Connection);
        assert!(err.hint().unwrap().contains("is weka-server running"), "{err:?}");
    }
}
