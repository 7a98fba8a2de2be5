//! The S3 gateway as applications see it: a server with the in-process test identity provider
//! configured, temporary credentials from the STS for any subject and role values, and the
//! real clients with those credentials: the `aws` CLI, boto3 (through `tests/s3_boto3.py`)
//! and requests signed with `aws-sigv4`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant, SystemTime};

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{
    PayloadChecksumKind, PercentEncodingMode, SignableBody, SignableRequest, SignatureLocation,
    SigningSettings, UriPathNormalizationMode, sign,
};
use aws_sigv4::sign::v4;
use base64::Engine;
use serde_json::{Value, json};

use super::server::{Builder, TestServer};
use super::test_idp::{KeyKind, TestIdp};

/// The role ARN sent to the STS (the gateway maps roles claim values, not this ARN).
pub const ROLE_ARN: &str = "arn:aws:iam::000000000000:role/weka-oidc";

/// Temporary credentials as the STS returned them.
#[derive(Debug, Clone)]
pub struct Creds {
    pub access_key: String,
    pub secret_key: String,
    pub session_token: String,
    /// `Expiration` as sent (RFC 3339).
    pub expiration: String,
}

impl Creds {
    /// The same credentials with another session token.
    pub fn with_token(&self, token: &str) -> Creds {
        Creds {
            session_token: token.to_string(),
            ..self.clone()
        }
    }

    fn to_json(&self) -> Value {
        json!({
            "access_key": self.access_key,
            "secret_key": self.secret_key,
            "session_token": self.session_token,
        })
    }
}

/// A refusal of the STS: HTTP status, `<Code>` and the whole body.
#[derive(Debug, Clone)]
pub struct StsRefusal {
    pub status: u16,
    pub code: String,
    pub body: String,
}

/// A server with an OIDC provider configured, an admin session and a scratch directory.
pub struct Gateway {
    pub server: TestServer,
    pub idp: TestIdp,
    /// The admin's management API token.
    pub admin: String,
    /// Scratch space: HOME of the aws CLI, files to upload and download.
    pub work: tempfile::TempDir,
    runtime: tokio::runtime::Runtime,
}

impl Gateway {
    /// A gateway on a plain-HTTP loopback server with default flags.
    pub fn start() -> Gateway {
        Gateway::start_with(TestServer::builder())
    }

    /// A gateway on a server started from `builder` (extra flags, TLS).
    pub fn start_with(builder: Builder) -> Gateway {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("tokio runtime for the test identity provider");
        let idp = runtime.block_on(TestIdp::start_with(&[KeyKind::Es256]));
        let server = builder.start();
        let admin = server.admin_token();
        server
            .rpc(
                Some(&admin),
                "s3_oidc_add",
                json!({"config_url": idp.config_url()}),
            )
            .unwrap_or_else(|e| panic!("s3_oidc_add: {e}"));
        Gateway {
            server,
            idp,
            admin,
            work: tempfile::tempdir().expect("tempdir"),
            runtime,
        }
    }

    /// Adds (or, after `remove_policy`, re-adds) the IAM policy `name`.
    pub fn policy(&self, name: &str, document: Value) {
        self.server
            .rpc(
                Some(&self.admin),
                "s3_policy_add",
                json!({"name": name, "document": document.to_string()}),
            )
            .unwrap_or_else(|e| panic!("s3_policy_add {name}: {e}"));
    }

    pub fn remove_policy(&self, name: &str) {
        self.server
            .rpc(Some(&self.admin), "s3_policy_remove", json!({"name": name}))
            .unwrap_or_else(|e| panic!("s3_policy_remove {name}: {e}"));
    }

    /// Creates a bucket over the management API.
    pub fn bucket(&self, name: &str) {
        self.server
            .rpc(Some(&self.admin), "s3_bucket_create", json!({"name": name}))
            .unwrap_or_else(|e| panic!("s3_bucket_create {name}: {e}"));
    }

    /// A web identity token for `sub` with these values in its `roles` claim.
    pub fn web_identity_token(&self, sub: &str, roles: &[&str]) -> String {
        let mut claims = self.idp.claims(sub);
        claims["roles"] = json!(roles);
        self.idp.sign(&claims)
    }

    /// Temporary credentials for `sub` with `roles`, valid for the STS's default hour.
    pub fn creds(&self, sub: &str, roles: &[&str]) -> Creds {
        self.creds_for(&self.web_identity_token(sub, roles), None)
            .unwrap_or_else(|e| panic!("STS refused {sub} {roles:?}: {e:?}"))
    }

    /// Temporary credentials valid for `seconds` (the server's `--sts-min-duration` allowing).
    pub fn short_creds(&self, sub: &str, roles: &[&str], seconds: u32) -> Creds {
        self.creds_for(&self.web_identity_token(sub, roles), Some(seconds))
            .unwrap_or_else(|e| panic!("STS refused {sub} {roles:?}: {e:?}"))
    }

    /// `AssumeRoleWithWebIdentity` as a form POST to the STS endpoint.
    pub fn creds_for(&self, token: &str, duration_seconds: Option<u32>) -> Result<Creds, StsRefusal> {
        let mut form: Vec<(&str, String)> = vec![
            ("Action", "AssumeRoleWithWebIdentity".into()),
            ("Version", "2011-06-15".into()),
            ("RoleArn", ROLE_ARN.into()),
            ("RoleSessionName", "s3-gateway-test".into()),
            ("WebIdentityToken", token.into()),
        ];
        if let Some(d) = duration_seconds {
            form.push(("DurationSeconds", d.to_string()));
        }
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish();
        let resp = self
            .http()
            .post(format!("{}/", self.server.sts_url()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .expect("STS request");
        let status = resp.status().as_u16();
        let text = resp.text().expect("STS body");
        if status != 200 {
            return Err(StsRefusal {
                status,
                code: xml_value(&text, "Code").unwrap_or_default(),
                body: text,
            });
        }
        let field = |name: &str| {
            xml_value(&text, name).unwrap_or_else(|| panic!("STS response lacks <{name}>: {text}"))
        };
        Ok(Creds {
            access_key: field("AccessKeyId"),
            secret_key: field("SecretAccessKey"),
            session_token: field("SessionToken"),
            expiration: field("Expiration"),
        })
    }

    /// A blocking HTTP client that trusts the server's certificate when it serves TLS.
    pub fn http(&self) -> reqwest::blocking::Client {
        let mut b = reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(60))
            .redirect(reqwest::redirect::Policy::none());
        if self.server.tls {
            let pem = std::fs::read(self.server.ca_cert()).expect("ca.pem");
            b = b.add_root_certificate(reqwest::Certificate::from_pem(&pem).expect("pem"));
        }
        b.build().expect("HTTP client")
    }

    /// `http://127.0.0.1:PORT/{path}` of the S3 listener (`path` already URL-encoded).
    pub fn url(&self, path: &str) -> String {
        format!("{}/{}", self.server.s3_url(), path.trim_start_matches('/'))
    }

    /// The real `aws` CLI with a cleared environment, these credentials and the gateway as
    /// endpoint (with `--ca-bundle` under TLS).
    pub fn aws(&self, creds: &Creds) -> Command {
        let mut cmd = self.aws_without_credentials();
        cmd.env("AWS_ACCESS_KEY_ID", &creds.access_key)
            .env("AWS_SECRET_ACCESS_KEY", &creds.secret_key)
            .env("AWS_SESSION_TOKEN", &creds.session_token)
            .args(["--endpoint-url", &self.server.s3_url()]);
        if self.server.tls {
            cmd.arg("--ca-bundle").arg(self.server.ca_cert());
        }
        cmd
    }

    /// The `aws` CLI with a cleared environment and no credentials (for `aws sts`).
    pub fn aws_without_credentials(&self) -> Command {
        let home = self.work.path();
        let mut cmd = Command::new("aws");
        cmd.env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", home)
            .env("AWS_DEFAULT_REGION", "us-east-1")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_CONFIG_FILE", home.join("no-aws-config"))
            .env("AWS_SHARED_CREDENTIALS_FILE", home.join("no-aws-credentials"))
            .env("AWS_MAX_ATTEMPTS", "1")
            .env("AWS_PAGER", "")
            .current_dir(home)
            .stdin(Stdio::null());
        cmd
    }

    /// Runs boto3 calls (see `tests/s3_boto3.py`) with the named credentials; `config` holds
    /// extra botocore `Config` arguments. Returns one outcome per call.
    pub fn boto3(&self, creds: &[(&str, &Creds)], config: Value, calls: Value) -> Vec<Value> {
        let credentials: serde_json::Map<String, Value> = creds
            .iter()
            .map(|(name, c)| (name.to_string(), c.to_json()))
            .collect();
        let ca_bundle = self
            .server
            .tls
            .then(|| self.server.ca_cert().display().to_string());
        let spec = json!({
            "endpoint": self.server.s3_url(),
            "ca_bundle": ca_bundle,
            "credentials": credentials,
            "config": config,
            "calls": calls,
        });
        let home = self.work.path();
        let mut child = Command::new("python3")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/s3_boto3.py"))
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", home)
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_CONFIG_FILE", home.join("no-aws-config"))
            .env("AWS_SHARED_CREDENTIALS_FILE", home.join("no-aws-credentials"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run python3 ({e}); boto3 tests need python3 with boto3"));
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(spec.to_string().as_bytes())
            .expect("write the calls");
        let out = child.wait_with_output().expect("python3");
        assert!(
            out.status.success(),
            "tests/s3_boto3.py failed: {}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        let outcomes: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "tests/s3_boto3.py printed no JSON ({e}): {}",
                String::from_utf8_lossy(&out.stdout)
            )
        });
        assert_eq!(outcomes.len(), spec["calls"].as_array().map_or(0, Vec::len));
        outcomes
    }

    /// A request signed with aws-sigv4 as an S3 SDK signs it; see [`Sign`].
    pub fn signed(&self, creds: &Creds, sign: Sign) -> http::Request<Vec<u8>> {
        sign.sign(creds, &self.url(&sign.path))
    }

    /// Sends a request; returns status, headers and body.
    pub fn send(&self, req: http::Request<Vec<u8>>) -> Reply {
        send_with(&self.http(), req)
    }

    /// Runs `f` on the identity provider's runtime (for its async methods).
    pub fn block_on<F: std::future::Future>(&self, f: F) -> F::Output {
        self.runtime.block_on(f)
    }

    /// The files under the data directory, relative to it, sorted.
    pub fn data_files(&self) -> Vec<PathBuf> {
        let mut out = Vec::new();
        walk(&self.server.data_dir, &self.server.data_dir, &mut out);
        out.sort();
        out
    }
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(root, &p, out);
        } else {
            out.push(p.strip_prefix(root).expect("under root").to_path_buf());
        }
    }
}

/// An HTTP answer.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The S3 error `<Code>`, or "" when the body has none.
    pub fn code(&self) -> String {
        xml_value(&self.text(), "Code").unwrap_or_default()
    }
}

pub fn send_with(client: &reqwest::blocking::Client, req: http::Request<Vec<u8>>) -> Reply {
    let (parts, body) = req.into_parts();
    let resp = client
        .request(parts.method, parts.uri.to_string())
        .headers(parts.headers)
        .body(body)
        .send()
        .expect("send the request");
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let body = resp.bytes().expect("response body").to_vec();
    Reply {
        status,
        headers,
        body,
    }
}

/// Which session token a signed request carries.
#[derive(Debug, Clone)]
pub enum Token {
    /// The credentials' own.
    Own,
    /// None at all.
    Missing,
    /// Another one.
    Other(String),
}

/// A request to sign with aws-sigv4 the way the AWS SDKs sign S3 requests (no double
/// encoding, no path normalization, `x-amz-content-sha256`).
#[derive(Debug, Clone)]
pub struct Sign {
    pub method: String,
    /// Path and query, URL-encoded, without the leading `/`: `bucket/key?x=y`.
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// The signing time (now by default).
    pub time: SystemTime,
    /// Presign into the query string for this long instead of signing headers.
    pub presign: Option<Duration>,
    pub token: Token,
    /// Sign `UNSIGNED-PAYLOAD` instead of the body's SHA-256 (for streamed bodies).
    pub unsigned_payload: bool,
}

impl Sign {
    pub fn new(method: &str, path: &str) -> Sign {
        Sign {
            method: method.into(),
            path: path.into(),
            headers: Vec::new(),
            body: Vec::new(),
            time: SystemTime::now(),
            presign: None,
            token: Token::Own,
            unsigned_payload: false,
        }
    }

    pub fn get(path: &str) -> Sign {
        Sign::new("GET", path)
    }

    pub fn put(path: &str, body: impl Into<Vec<u8>>) -> Sign {
        Sign {
            body: body.into(),
            ..Sign::new("PUT", path)
        }
    }

    pub fn header(mut self, name: &str, value: &str) -> Sign {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn at(mut self, time: SystemTime) -> Sign {
        self.time = time;
        self
    }

    pub fn presigned(mut self, expires_in: Duration) -> Sign {
        self.presign = Some(expires_in);
        self
    }

    pub fn token(mut self, token: Token) -> Sign {
        self.token = token;
        self
    }

    pub fn unsigned_payload(mut self) -> Sign {
        self.unsigned_payload = true;
        self
    }

    /// Signs for the full `url` (the gateway's address and `self.path`).
    pub fn sign(&self, creds: &Creds, url: &str) -> http::Request<Vec<u8>> {
        let token = match &self.token {
            Token::Own => Some(creds.session_token.clone()),
            Token::Missing => None,
            Token::Other(t) => Some(t.clone()),
        };
        let identity = Credentials::new(&creds.access_key, &creds.secret_key, token, None, "test").into();
        let mut settings = SigningSettings::default();
        settings.percent_encoding_mode = PercentEncodingMode::Single;
        settings.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
        let body = match self.presign {
            Some(expires) => {
                settings.signature_location = SignatureLocation::QueryParams;
                settings.expires_in = Some(expires);
                SignableBody::UnsignedPayload
            }
            None => {
                settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
                if self.unsigned_payload {
                    SignableBody::UnsignedPayload
                } else {
                    SignableBody::Bytes(&self.body)
                }
            }
        };
        let params = v4::SigningParams::builder()
            .identity(&identity)
            .region("us-east-1")
            .name("s3")
            .time(self.time)
            .settings(settings)
            .build()
            .expect("signing parameters")
            .into();
        let signable = SignableRequest::new(
            &self.method,
            url,
            self.headers.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            body,
        )
        .expect("signable request");
        let (instructions, _signature) = sign(signable, &params).expect("sign").into_parts();
        let mut req = http::Request::builder().method(self.method.as_str()).uri(url);
        for (k, v) in &self.headers {
            req = req.header(k, v);
        }
        let mut req = req.body(self.body.clone()).expect("request");
        instructions.apply_to_request_http1x(&mut req);
        req
    }
}

/// The text of the first `<name>` element, XML entities decoded.
pub fn xml_value(xml: &str, name: &str) -> Option<String> {
    xml_values(xml, name).into_iter().next()
}

/// The texts of every `<name>...</name>`, XML entities decoded.
pub fn xml_values(xml: &str, name: &str) -> Vec<String> {
    let (open, close) = (format!("<{name}>"), format!("</{name}>"));
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find(&open) {
        rest = &rest[start + open.len()..];
        let Some(end) = rest.find(&close) else { break };
        out.push(
            rest[..end]
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&"),
        );
        rest = &rest[end..];
    }
    out
}

/// The `ok` member of a boto3 outcome, or a panic that shows the error.
#[track_caller]
pub fn ok(outcome: &Value) -> &Value {
    match outcome.get("ok") {
        Some(v) => v,
        None => panic!("expected success, got {outcome}"),
    }
}

/// The error code of a boto3 outcome, or a panic when it succeeded.
#[track_caller]
pub fn err(outcome: &Value) -> &str {
    match outcome.pointer("/error/code").and_then(Value::as_str) {
        Some(code) => code,
        None => panic!("expected an error, got {outcome}"),
    }
}

/// The bytes of a boto3 `Body` (or any `{"b64": ..}` value).
#[track_caller]
pub fn body_bytes(v: &Value) -> Vec<u8> {
    let b64 = v["b64"].as_str().unwrap_or_else(|| panic!("not a body: {v}"));
    base64::engine::general_purpose::STANDARD
        .decode(b64)
        .expect("base64")
}

/// `{"$bytes": base64}` for boto3 call arguments.
pub fn bytes_arg(data: &[u8]) -> Value {
    json!({"$bytes": base64::engine::general_purpose::STANDARD.encode(data)})
}

/// The keys of a ListObjects(V2) response's `Contents`.
pub fn listed_keys(v: &Value) -> Vec<String> {
    v["Contents"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|o| o["Key"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// The prefixes of a ListObjects(V2) response's `CommonPrefixes`.
pub fn listed_prefixes(v: &Value) -> Vec<String> {
    v["CommonPrefixes"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|o| o["Prefix"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// Runs a command and returns its output; panics with a hint when the program is missing.
pub fn run(cmd: &mut Command) -> Output {
    match cmd.output() {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            panic!(
                "{:?} is not installed: install it: python3 -m pip install awscli",
                cmd.get_program()
            )
        }
        Err(e) => panic!("cannot run {:?}: {e}", cmd.get_program()),
    }
}

/// Runs a command that must succeed; returns its stdout.
#[track_caller]
pub fn run_ok(cmd: &mut Command) -> String {
    let out = run(cmd);
    assert!(
        out.status.success(),
        "{:?} {:?} failed ({}):\nstdout: {}\nstderr: {}",
        cmd.get_program(),
        cmd.get_args().collect::<Vec<_>>(),
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs a command that must fail; returns its stderr.
#[track_caller]
pub fn run_err(cmd: &mut Command) -> String {
    let out = run(cmd);
    assert!(
        !out.status.success(),
        "{:?} {:?} succeeded but should have failed:\nstdout: {}",
        cmd.get_program(),
        cmd.get_args().collect::<Vec<_>>(),
        String::from_utf8_lossy(&out.stdout),
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Polls `f` until it returns `Some` or `timeout` passes.
pub fn wait_for<T>(timeout: Duration, mut f: impl FnMut() -> Option<T>) -> Option<T> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(v) = f() {
            return Some(v);
        }
        if Instant::now() > deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}
