//! The STS endpoint (`AssumeRoleWithWebIdentity`) of the real `weka-server`, with the in-process
//! test identity provider (it signs anything, goes down, rotates keys): the endpoint on both
//! listeners, parameters, response shape, AWS error codes, token validation, the signing-key
//! cache, the roles-claim mapping, the temporary credentials' life, `weka s3 sts` and
//! `weka s3 cluster oidc test`. The AWS CLI and boto3 prove that real clients parse our XML.

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime};

use aws_credential_types::Credentials as AwsCredentials;
use aws_sigv4::http_request::{PayloadChecksumKind, SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use common::TestServer;
use common::s3::{xml_value, xml_values};
use common::test_idp::{DEFAULT_AUDIENCE, KeyKind, SignOptions, Signer, TestIdp, now_unix};
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

const ROLE_ARN: &str = "arn:aws:iam::000000000000:role/weka-oidc";
const STS_NAMESPACE: &str = "https://sts.amazonaws.com/doc/2011-06-15/";

// ---------------------------------------------------------------------------------------------
// The provider, the server and its configuration
// ---------------------------------------------------------------------------------------------

/// The in-process provider on a runtime of its own, so that test bodies stay blocking.
struct Provider {
    idp: TestIdp,
    _runtime: tokio::runtime::Runtime,
}

impl std::ops::Deref for Provider {
    type Target = TestIdp;
    fn deref(&self) -> &TestIdp {
        &self.idp
    }
}

/// A change to a token's claims.
type Edit<'a> = dyn Fn(&mut Value) + 'a;
fn provider(kinds: &[KeyKind]) -> Provider {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("tokio runtime");
    let idp = runtime.block_on(TestIdp::start_with(kinds));
    Provider {
        idp,
        _runtime: runtime,
    }
}

/// A server with these extra flags and an admin access token.
fn server(args: &[&str]) -> (TestServer, String) {
    let s = TestServer::builder().args(args.iter().copied()).start();
    let admin = s.admin_token();
    (s, admin)
}

fn rpc(s: &TestServer, token: &str, method: &str, params: Value) -> Value {
    s.rpc(Some(token), method, params.clone())
        .unwrap_or_else(|e| panic!("{method} {params}: {e}"))
}

/// `s3_oidc_add` for `idp` with the extra parameters in `extra` (an object).
fn add_oidc(s: &TestServer, admin: &str, idp: &TestIdp, extra: Value) -> Value {
    let mut params = json!({ "config_url": idp.config_url() });
    if let (Some(p), Some(e)) = (params.as_object_mut(), extra.as_object()) {
        p.extend(e.clone());
    }
    rpc(s, admin, "s3_oidc_add", params)
}

fn add_policy(s: &TestServer, admin: &str, name: &str, document: &Value) {
    rpc(
        s,
        admin,
        "s3_policy_add",
        json!({ "name": name, "document": document.to_string() }),
    );
}

/// A policy allowing `actions` on `resources`.
fn allow(actions: &[&str], resources: &[&str]) -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{ "Effect": "Allow", "Action": actions, "Resource": resources }]
    })
}

fn create_bucket(s: &TestServer, admin: &str, name: &str) {
    rpc(s, admin, "s3_bucket_create", json!({ "name": name }));
}

/// Standard claims for `sub` with these role values.
fn claims(idp: &TestIdp, sub: &str, roles: Value) -> Value {
    let mut c = idp.claims(sub);
    c["roles"] = roles;
    c
}

// ---------------------------------------------------------------------------------------------
// STS requests
// ---------------------------------------------------------------------------------------------

fn http() -> &'static reqwest::blocking::Client {
    static CLIENT: OnceLock<reqwest::blocking::Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .expect("http client")
    })
}

type Pairs = Vec<(String, String)>;

/// The parameters of a complete request for `token`.
fn form(token: &str) -> Pairs {
    [
        ("Action", "AssumeRoleWithWebIdentity"),
        ("Version", "2011-06-15"),
        ("RoleArn", ROLE_ARN),
        ("RoleSessionName", "sts-test"),
        ("WebIdentityToken", token),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

/// Replaces (or adds) parameter `name`.
fn with(mut pairs: Pairs, name: &str, value: &str) -> Pairs {
    match pairs.iter_mut().find(|(k, _)| k == name) {
        Some(pair) => pair.1 = value.to_string(),
        None => pairs.push((name.to_string(), value.to_string())),
    }
    pairs
}

fn without(mut pairs: Pairs, name: &str) -> Pairs {
    pairs.retain(|(k, _)| k != name);
    pairs
}

fn encode(pairs: &[(String, String)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

#[derive(Debug, Clone)]
struct StsReply {
    status: u16,
    content_type: String,
    /// The `x-amzn-requestid` header.
    request_id: String,
    body: String,
}

impl StsReply {
    fn tag(&self, name: &str) -> Option<String> {
        xml_value(&self.body, name)
    }

    fn code(&self) -> String {
        self.tag("Code").unwrap_or_default()
    }

    fn message(&self) -> String {
        self.tag("Message").unwrap_or_default()
    }

    /// The credentials of a successful answer; panics with the body otherwise.
    fn issued(&self) -> Issued {
        assert_eq!(self.status, 200, "expected credentials, got: {}", self.body);
        let get = |name: &str| {
            self.tag(name)
                .unwrap_or_else(|| panic!("no <{name}> in {}", self.body))
        };
        Issued {
            access_key: get("AccessKeyId"),
            secret_key: get("SecretAccessKey"),
            session_token: get("SessionToken"),
            expiration: get("Expiration"),
        }
    }
}

fn reply(resp: reqwest::blocking::Response) -> StsReply {
    let status = resp.status().as_u16();
    let header = |name: &str| {
        resp.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let content_type = header("content-type");
    let request_id = header("x-amzn-requestid");
    let body = resp.text().unwrap_or_default();
    StsReply {
        status,
        content_type,
        request_id,
        body,
    }
}

/// `POST /` with a form body, as the AWS SDKs send it.
fn sts_post(base: &str, pairs: &[(String, String)]) -> StsReply {
    let resp = http()
        .post(format!("{base}/"))
        .header("content-type", "application/x-www-form-urlencoded; charset=utf-8")
        .body(encode(pairs))
        .send()
        .expect("STS request");
    reply(resp)
}

/// `GET /?Action=...` with the parameters in the query string.
fn sts_get(base: &str, pairs: &[(String, String)]) -> StsReply {
    let resp = http()
        .get(format!("{base}/?{}", encode(pairs)))
        .send()
        .expect("STS request");
    reply(resp)
}

/// Temporary credentials as the STS returned them.
#[derive(Debug, Clone)]
struct Issued {
    access_key: String,
    secret_key: String,
    session_token: String,
    expiration: String,
}

fn assume(base: &str, token: &str) -> Issued {
    sts_post(base, &form(token)).issued()
}

// ---------------------------------------------------------------------------------------------
// S3 requests signed with temporary credentials (aws-sigv4, as the AWS SDKs sign)
// ---------------------------------------------------------------------------------------------

#[derive(Debug)]
struct S3Reply {
    status: u16,
    body: String,
}

impl S3Reply {
    fn code(&self) -> String {
        xml_value(&self.body, "Code").unwrap_or_default()
    }
}

fn s3_call(s: &TestServer, creds: &Issued, method: &str, path: &str, body: &[u8]) -> S3Reply {
    let url = format!("{}{path}", s.s3_url());
    let identity: Identity = AwsCredentials::new(
        &creds.access_key,
        &creds.secret_key,
        Some(creds.session_token.clone()),
        None,
        "sts-test",
    )
    .into();
    let mut settings = SigningSettings::default();
    settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region("us-east-1")
        .name("s3")
        .time(SystemTime::now())
        .settings(settings)
        .build()
        .expect("signing parameters")
        .into();
    let signable = SignableRequest::new(method, url.clone(), std::iter::empty(), SignableBody::Bytes(body))
        .expect("signable request");
    let (instructions, _) = sign(signable, &params).expect("sign").into_parts();
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
    let mut req = http().request(method, &url).body(body.to_vec());
    for (name, value) in instructions.headers() {
        req = req.header(name, value);
    }
    let resp = req.send().expect("S3 request");
    let status = resp.status().as_u16();
    S3Reply {
        status,
        body: resp.text().unwrap_or_default(),
    }
}

/// ListBuckets.
fn list_buckets(s: &TestServer, creds: &Issued) -> S3Reply {
    s3_call(s, creds, "GET", "/", b"")
}

// ---------------------------------------------------------------------------------------------
// The AWS CLI and boto3
// ---------------------------------------------------------------------------------------------

/// The AWS CLI with a cleared environment: no configuration, no credentials but `creds`.
fn aws(home: &Path, creds: Option<&Issued>, args: &[&str]) -> Output {
    let mut cmd = Command::new("aws");
    cmd.env_clear()
        .env("HOME", home)
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", home.join("no-aws-config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.join("no-aws-credentials"))
        .args(args)
        .stdin(Stdio::null());
    if let Ok(root) = std::env::var("PYENV_ROOT") {
        cmd.env("PYENV_ROOT", root);
    }
    if let Some(c) = creds {
        cmd.env("AWS_ACCESS_KEY_ID", &c.access_key)
            .env("AWS_SECRET_ACCESS_KEY", &c.secret_key)
            .env("AWS_SESSION_TOKEN", &c.session_token);
    }
    match cmd.output() {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            panic!("the aws CLI is not installed; install it: python3 -m pip install awscli")
        }
        Err(e) => panic!("could not run aws: {e}"),
    }
}

/// Runs a Python script with boto3, `input` as JSON on stdin; returns its stdout as JSON.
fn boto3(home: &Path, script: &str, input: &Value) -> Value {
    use std::io::Write;
    let mut cmd = Command::new("python3");
    cmd.env_clear()
        .env("HOME", home)
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", home.join("no-aws-config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.join("no-aws-credentials"))
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Ok(root) = std::env::var("PYENV_ROOT") {
        cmd.env("PYENV_ROOT", root);
    }
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("could not run python3: {e}"));
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.to_string().as_bytes())
        .expect("write the script's input");
    let out = child.wait_with_output().expect("python3");
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stderr.contains("No module named 'boto3'") {
        panic!("boto3 is not installed; install it: python3 -m pip install boto3");
    }
    assert!(out.status.success(), "boto3 script failed: {stderr}");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "boto3 script output is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

// ---------------------------------------------------------------------------------------------
// The server log
// ---------------------------------------------------------------------------------------------

fn log_events(s: &TestServer) -> Vec<Value> {
    s.log()
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .collect()
}

/// Waits (bounded) until an event with `message` and, if given, `request_id` is logged.
fn wait_for_event(s: &TestServer, message: &str, request_id: Option<&str>) -> Value {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(e) = log_events(s)
            .into_iter()
            .find(|e| e["message"] == message && request_id.is_none_or(|id| e["request_id"] == id))
        {
            return e;
        }
        assert!(
            Instant::now() < deadline,
            "no log event {message:?} (request {request_id:?}); the log:\n{}",
            s.log()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Polls `check` every 100 ms until it returns `Some`, for at most `limit`.
fn eventually<T>(limit: Duration, what: &str, mut check: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(v) = check() {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

// ---------------------------------------------------------------------------------------------
// Rejections, table-driven
// ---------------------------------------------------------------------------------------------

/// What a rejection case needs to build its request.
struct Ctx<'a> {
    idp: &'a TestIdp,
}

impl Ctx<'_> {
    /// Claims that the server accepts: audience, issuer, times and a role naming a policy.
    fn claims(&self) -> Value {
        claims(self.idp, "table-user", json!(["s3reader"]))
    }

    fn token(&self, edit: impl FnOnce(&mut Value)) -> String {
        let mut c = self.claims();
        edit(&mut c);
        self.idp.sign(&c)
    }

    fn token_with(&self, options: &SignOptions) -> String {
        self.idp.sign_with(&self.claims(), options)
    }

    /// A complete, valid request.
    fn valid(&self) -> Pairs {
        form(&self.token(|_| {}))
    }

    fn edited(&self, edit: impl FnOnce(&mut Value)) -> Pairs {
        form(&self.token(edit))
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Via {
    /// Form POST to the S3 listener.
    PostS3,
    /// GET with the query string on the S3 listener.
    GetS3,
    /// Form POST to the separate STS listener.
    PostSts,
    /// GET to the separate STS listener.
    GetSts,
}

struct Case {
    name: &'static str,
    via: Via,
    request: fn(&Ctx<'_>) -> Pairs,
    status: u16,
    code: &'static str,
    /// A substring of the message.
    message: &'static str,
}

fn case(
    name: &'static str,
    status: u16,
    code: &'static str,
    message: &'static str,
    request: fn(&Ctx<'_>) -> Pairs,
) -> Case {
    Case {
        name,
        via: Via::PostS3,
        request,
        status,
        code,
        message,
    }
}

impl Case {
    fn via(mut self, via: Via) -> Case {
        self.via = via;
        self
    }
}

fn rejection_cases() -> Vec<Case> {
    const V: &str = "ValidationError";
    const BAD: &str = "InvalidIdentityToken";
    vec![
        // The protocol.
        case("no Action", 400, "MissingAction", "parameter Action", |c| {
            without(c.valid(), "Action")
        }),
        case(
            "another STS action",
            400,
            "InvalidAction",
            "Could not find operation AssumeRole ",
            |c| with(c.valid(), "Action", "AssumeRole"),
        ),
        case(
            "GetCallerIdentity by GET",
            400,
            "InvalidAction",
            "GetCallerIdentity",
            |c| with(c.valid(), "Action", "GetCallerIdentity"),
        )
        .via(Via::GetS3),
        case(
            "another API version",
            400,
            "InvalidAction",
            "the STS API version is 2011-06-15",
            |c| with(c.valid(), "Version", "2010-05-08"),
        ),
        case("no Version", 400, "MissingParameter", "parameter Version", |c| {
            without(c.valid(), "Version")
        }),
        case("no RoleArn", 400, "MissingParameter", "parameter RoleArn", |c| {
            without(c.valid(), "RoleArn")
        })
        .via(Via::PostSts),
        case(
            "no RoleSessionName",
            400,
            "MissingParameter",
            "parameter RoleSessionName",
            |c| without(c.valid(), "RoleSessionName"),
        ),
        case(
            "no WebIdentityToken",
            400,
            "MissingParameter",
            "parameter WebIdentityToken",
            |c| without(c.valid(), "WebIdentityToken"),
        )
        .via(Via::GetSts),
        case(
            "S3 ListBuckets on the STS-only listener",
            400,
            "MissingAction",
            "parameter Action",
            |_| Vec::new(),
        )
        .via(Via::GetSts),
        case(
            "a parameter twice with different values",
            400,
            V,
            "more than once",
            |c| {
                let mut p = c.valid();
                p.push(("RoleSessionName".into(), "other-name".into()));
                p
            },
        ),
        case("request body over 128 KiB", 400, V, "larger than", |c| {
            with(c.valid(), "Padding", &"p".repeat(140 * 1024))
        }),
        // RoleArn.
        case(
            "RoleArn shorter than 20",
            400,
            V,
            "at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20",
            |c| with(c.valid(), "RoleArn", "arn:aws:iam::1:r/x"),
        ),
        case("RoleArn of a bucket", 400, V, "Member must be a role ARN", |c| {
            with(c.valid(), "RoleArn", "arn:aws:s3:::a-bucket-of-mine")
        }),
        case("RoleArn with a region", 400, V, "a role ARN has no region", |c| {
            with(
                c.valid(),
                "RoleArn",
                "arn:aws:iam:us-east-1:000000000000:role/weka-oidc",
            )
        }),
        case(
            "RoleArn with a short account id",
            400,
            V,
            "the account id must be 12 digits",
            |c| with(c.valid(), "RoleArn", "arn:aws:iam::12345:role/weka-oidc"),
        ),
        case(
            "RoleArn of a user",
            400,
            V,
            "the resource must be role/<name>",
            |c| with(c.valid(), "RoleArn", "arn:aws:iam::000000000000:user/alice"),
        ),
        // RoleSessionName.
        case(
            "RoleSessionName of one character",
            400,
            V,
            "at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2",
            |c| with(c.valid(), "RoleSessionName", "a"),
        ),
        case(
            "RoleSessionName of 65 characters",
            400,
            V,
            "Member must have length less than or equal to 64",
            |c| with(c.valid(), "RoleSessionName", &"s".repeat(65)),
        ),
        case(
            "RoleSessionName with a space",
            400,
            V,
            "regular expression pattern: [\\w+=,.@-]*",
            |c| with(c.valid(), "RoleSessionName", "my session"),
        ),
        case(
            "RoleSessionName with a slash",
            400,
            V,
            "regular expression pattern",
            |c| with(c.valid(), "RoleSessionName", "team/app"),
        )
        .via(Via::GetS3),
        // WebIdentityToken size.
        case(
            "token over 20,000 bytes",
            400,
            V,
            "at 'webIdentityToken' failed to satisfy constraint: Member must have length less than or equal to 20000",
            |c| c.edited(|claims| claims["padding"] = json!("x".repeat(20_000))),
        ),
        case(
            "token under 4 bytes",
            400,
            V,
            "Member must have length greater than or equal to 4",
            |c| with(c.valid(), "WebIdentityToken", "e30"),
        ),
        // DurationSeconds.
        case(
            "DurationSeconds 899",
            400,
            V,
            "at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
            |c| with(c.valid(), "DurationSeconds", "899"),
        ),
        case(
            "DurationSeconds 43201",
            400,
            V,
            "Member must have value less than or equal to 43200",
            |c| with(c.valid(), "DurationSeconds", "43201"),
        ),
        case(
            "DurationSeconds above --sts-max-duration",
            400,
            V,
            "exceeds the MaxSessionDuration set for this role (14400 seconds)",
            |c| with(c.valid(), "DurationSeconds", "14401"),
        ),
        case(
            "DurationSeconds not a number",
            400,
            V,
            "Member must be an integer",
            |c| with(c.valid(), "DurationSeconds", "1h"),
        ),
        // Policy.
        case(
            "Policy over 2048 characters",
            400,
            V,
            "at 'policy' failed to satisfy constraint: Member must have length less than or equal to 2048",
            |c| {
                let padding = " ".repeat(2100);
                with(
                    c.valid(),
                    "Policy",
                    &format!("{{\"Version\":\"2012-10-17\",{padding}\"Statement\":[]}}"),
                )
            },
        ),
        case(
            "Policy not JSON",
            400,
            "MalformedPolicyDocument",
            "not a JSON object",
            |c| with(c.valid(), "Policy", "Allow everything"),
        ),
        case(
            "Policy without Statement",
            400,
            "MalformedPolicyDocument",
            "Statement is missing",
            |c| with(c.valid(), "Policy", r#"{"Version":"2012-10-17"}"#),
        ),
        case(
            "Policy with an unknown Effect",
            400,
            "MalformedPolicyDocument",
            "The session policy is not valid",
            |c| {
                with(
                    c.valid(),
                    "Policy",
                    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Perhaps","Action":"s3:*","Resource":"*"}]}"#,
                )
            },
        ),
        case("PolicyArns", 400, V, "PolicyArns", |c| {
            with(
                c.valid(),
                "PolicyArns.member.1.arn",
                "arn:aws:iam::aws:policy/ReadOnlyAccess",
            )
        }),
        case("ProviderId", 400, V, "ProviderId", |c| {
            with(c.valid(), "ProviderId", "graph.facebook.com")
        }),
        // Malformed tokens.
        case(
            "token that is no JWT",
            400,
            BAD,
            "three base64url segments separated by dots, this has 1",
            |c| with(c.valid(), "WebIdentityToken", "this-is-not-a-jwt"),
        ),
        case(
            "token segments not base64url",
            400,
            BAD,
            "the header segment is not base64url",
            |c| with(c.valid(), "WebIdentityToken", "h*a*d.p*y.s*g"),
        ),
        case(
            "encrypted token (JWE)",
            400,
            BAD,
            "an encrypted token (JWE)",
            |c| {
                with(
                    c.valid(),
                    "WebIdentityToken",
                    "eyJhbGciOiJSU0EtT0FFUCJ9.a2V5.aXY.Y2lwaGVy.dGFn",
                )
            },
        ),
        case(
            "token header not JSON",
            400,
            BAD,
            "the header segment is not JSON",
            |c| with(c.valid(), "WebIdentityToken", "bm90IGpzb24.e30.c2ln"),
        ),
        // Algorithms and keys.
        case("alg none", 400, BAD, "algorithm \"none\" is not accepted", |c| {
            c.token_with(&SignOptions::default().signer(Signer::Unsigned).no_kid())
                .pipe(form)
        }),
        case(
            "HS256 keyed with the provider's public key",
            400,
            BAD,
            "algorithm \"HS256\" is not accepted",
            |c| {
                let pem = c.idp.key(&c.idp.kid_of(KeyKind::Rs256)).public_pem();
                c.token_with(&SignOptions::default().signer(Signer::Hmac(pem.into_bytes())))
                    .pipe(form)
            },
        ),
        case("HS512", 400, BAD, "algorithm \"HS512\" is not accepted", |c| {
            c.token_with(
                &SignOptions::default()
                    .signer(Signer::Hmac(b"shared-secret".to_vec()))
                    .alg("HS512"),
            )
            .pipe(form)
        }),
        case(
            "RS384 which the provider does not advertise",
            400,
            BAD,
            "which the provider does not advertise",
            |c| c.token_with(&SignOptions::default().alg("RS384")).pipe(form),
        ),
        case(
            "RS256 under an EC key's kid",
            400,
            BAD,
            "does not fit the provider's EC P-256 key",
            |c| {
                c.token_with(
                    &SignOptions::default()
                        .alg("RS256")
                        .kid(&c.idp.kid_of(KeyKind::Es256)),
                )
                .pipe(form)
            },
        ),
        case("tampered payload", 400, BAD, "signature does not verify", |c| {
            let token = c.token(|_| {});
            let parts: Vec<&str> = token.split('.').collect();
            let mut forged = c.claims();
            forged["roles"] = json!(["s3admin"]);
            let payload = base64_url(forged.to_string().as_bytes());
            form(&format!("{}.{payload}.{}", parts[0], parts[2]))
        }),
        case(
            "forged with an unpublished key under a published kid",
            400,
            BAD,
            "signature does not verify",
            |c| {
                let forger = c.idp.unpublished_key(KeyKind::Es256);
                c.token_with(
                    &SignOptions::default()
                        .signer(Signer::Key(forger))
                        .kid(&c.idp.kid_of(KeyKind::Es256)),
                )
                .pipe(form)
            },
        ),
        case(
            "unknown kid",
            400,
            BAD,
            "is not among the provider's signing keys",
            |c| {
                let forger = c.idp.unpublished_key(KeyKind::Es256);
                c.token_with(&SignOptions::default().signer(Signer::Key(forger)))
                    .pipe(form)
            },
        ),
        case(
            "typ of an encrypted token",
            400,
            BAD,
            "token's header has typ \"JOSE\"",
            |c| c.token_with(&SignOptions::default().typ(Some("JOSE"))).pipe(form),
        ),
        case(
            "critical header",
            400,
            BAD,
            "marks \"exp-ext\" as critical",
            |c| {
                c.token_with(&SignOptions::default().header("crit", json!(["exp-ext"])))
                    .pipe(form)
            },
        ),
        // Claims.
        case(
            "wrong issuer",
            400,
            BAD,
            "token's issuer \"https://evil.example\" is not the configured provider's issuer",
            |c| c.edited(|claims| claims["iss"] = json!("https://evil.example")),
        ),
        case("no iss", 400, BAD, "no \"iss\" claim", |c| {
            c.edited(|claims| remove(claims, "iss"))
        }),
        case(
            "wrong audience",
            400,
            BAD,
            "token's audience (\"someone-else\") is not accepted",
            |c| c.edited(|claims| claims["aud"] = json!("someone-else")),
        ),
        case(
            "audience array without an accepted value",
            400,
            BAD,
            "is not accepted; accepted: weka-test-client, second-audience",
            |c| c.edited(|claims| claims["aud"] = json!(["one", "two"])),
        ),
        case(
            "no aud while audiences are configured",
            400,
            BAD,
            "no \"aud\" claim",
            |c| c.edited(|claims| remove(claims, "aud")),
        ),
        case(
            "expired an hour ago",
            400,
            "ExpiredTokenException",
            "The token expired at",
            |c| c.edited(|claims| claims["exp"] = json!(now_unix() - 3600)),
        ),
        case(
            "expired beyond the 60 s clock-skew leeway",
            400,
            "ExpiredTokenException",
            "allowing 60 s of clock skew",
            |c| c.edited(|claims| claims["exp"] = json!(now_unix() - 120)),
        )
        .via(Via::GetSts),
        case("no exp", 400, BAD, "no \"exp\" claim", |c| {
            c.edited(|claims| remove(claims, "exp"))
        }),
        case("exp not a number", 400, BAD, "\"exp\" claim is invalid", |c| {
            c.edited(|claims| claims["exp"] = json!("tomorrow"))
        }),
        case("nbf in the future", 400, BAD, "is not valid before", |c| {
            c.edited(|claims| claims["nbf"] = json!(now_unix() + 600))
        }),
        case("iat in the future", 400, BAD, "in the future", |c| {
            c.edited(|claims| claims["iat"] = json!(now_unix() + 600))
        }),
        case("no sub", 400, BAD, "no \"sub\" claim", |c| {
            c.edited(|claims| remove(claims, "sub"))
        }),
        // Mapping.
        case(
            "roles naming no policy",
            403,
            "AccessDenied",
            "no IAM policy is named like the token's role values [\"nonexistent\"]",
            |c| c.edited(|claims| claims["roles"] = json!(["nonexistent"])),
        ),
        case(
            "role differing from a policy only by case",
            403,
            "AccessDenied",
            "names are case-sensitive",
            |c| c.edited(|claims| claims["roles"] = json!(["S3Reader"])),
        )
        .via(Via::PostSts),
        case(
            "no roles claim",
            403,
            "AccessDenied",
            "the token has no values in its 'roles' claim",
            |c| c.edited(|claims| remove(claims, "roles")),
        ),
    ]
}

/// `token.pipe(form)` = `form(&token)`, to keep the table's entries short.
trait Pipe: AsRef<str> {
    fn pipe<T>(&self, f: impl FnOnce(&str) -> T) -> T {
        f(self.as_ref())
    }
}

impl Pipe for String {}

/// Removes claim `name`.
fn remove(claims: &mut Value, name: &str) {
    if let Some(object) = claims.as_object_mut() {
        object.remove(name);
    }
}

fn base64_url(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

#[test]
fn endpoint_refuses_bad_requests_with_aws_codes_and_logs_why() {
    let idp = provider(&[KeyKind::Rs256, KeyKind::Es256]);
    let (s, admin) = server(&["--sts-listen", "127.0.0.1:0", "--sts-max-duration", "4h"]);
    assert_ne!(s.s3, s.sts, "the STS has its own listener");
    add_oidc(
        &s,
        &admin,
        &idp,
        json!({ "audiences": [DEFAULT_AUDIENCE, "second-audience"] }),
    );
    add_policy(&s, &admin, "s3reader", &allow(&["s3:ListAllMyBuckets"], &["*"]));
    let ctx = Ctx { idp: &idp };

    // The baseline every case changes one thing of is accepted on both listeners.
    for base in [s.s3_url(), s.sts_url()] {
        assert_eq!(sts_post(&base, &ctx.valid()).status, 200);
    }

    let cases = rejection_cases();
    assert!(cases.len() >= 30, "{} cases", cases.len());
    let mut failures: Vec<String> = Vec::new();
    let mut answered: Vec<(&'static str, StsReply)> = Vec::new();
    let mut tokens: Vec<String> = Vec::new();
    for case in &cases {
        let pairs = (case.request)(&ctx);
        let token = pairs
            .iter()
            .find(|(k, _)| k == "WebIdentityToken")
            .map(|(_, v)| v.clone());
        let reply = match case.via {
            Via::PostS3 => sts_post(&s.s3_url(), &pairs),
            Via::GetS3 => sts_get(&s.s3_url(), &pairs),
            Via::PostSts => sts_post(&s.sts_url(), &pairs),
            Via::GetSts => sts_get(&s.sts_url(), &pairs),
        };
        let mut problems = Vec::new();
        if reply.status != case.status {
            problems.push(format!("status {} (want {})", reply.status, case.status));
        }
        if reply.code() != case.code {
            problems.push(format!("code {:?} (want {})", reply.code(), case.code));
        }
        if !reply.message().contains(case.message) {
            problems.push(format!("message lacks {:?}", case.message));
        }
        if !reply.body.starts_with(&format!(
            "<ErrorResponse xmlns=\"{STS_NAMESPACE}\"><Error><Type>Sender</Type>"
        )) {
            problems.push("not an ErrorResponse of type Sender in the STS namespace".into());
        }
        if !reply.content_type.starts_with("text/xml") && !reply.content_type.starts_with("application/xml") {
            problems.push(format!("content type {:?}", reply.content_type));
        }
        if reply.request_id.is_empty() || reply.tag("RequestId").as_deref() != Some(reply.request_id.as_str())
        {
            problems.push(format!(
                "x-amzn-requestid {:?} differs from <RequestId> {:?}",
                reply.request_id,
                reply.tag("RequestId")
            ));
        }
        if let Some(token) = token.filter(|t| t.len() >= 8) {
            let signature = token.rsplit('.').next().unwrap_or_default().to_string();
            if reply.body.contains(&token) || (signature.len() >= 8 && reply.body.contains(&signature)) {
                problems.push("the message echoes the token".into());
            }
            tokens.push(token);
        }
        if !problems.is_empty() {
            failures.push(format!(
                "{}: {}\n    body: {}",
                case.name,
                problems.join("; "),
                shorten(&reply.body)
            ));
        }
        answered.push((case.name, reply));
    }

    // Every refusal is logged with its request id, code and reason, and no token is.
    if let Some((_, last)) = answered.last() {
        wait_for_event(&s, "AssumeRoleWithWebIdentity refused", Some(&last.request_id));
    }
    let events = log_events(&s);
    for (name, reply) in &answered {
        let event = events.iter().find(|e| {
            e["message"] == "AssumeRoleWithWebIdentity refused"
                && e["request_id"] == reply.request_id.as_str()
        });
        match event {
            None => failures.push(format!(
                "{name}: no log line with request id {:?}",
                reply.request_id
            )),
            Some(e) => {
                if e["code"] != reply.code().as_str() || e["reason"] != reply.message().as_str() {
                    failures.push(format!("{name}: the log line {e} does not carry code and reason"));
                }
            }
        }
    }
    let log = s.log();
    for token in &tokens {
        if log.contains(token.as_str()) {
            failures.push(format!("the log contains a token: {}", shorten(token)));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

fn shorten(s: &str) -> String {
    if s.len() > 400 {
        format!("{}…", &s[..s.floor_char_boundary(400)])
    } else {
        s.to_string()
    }
}

// ---------------------------------------------------------------------------------------------
// Success: listeners, parameters, response shape
// ---------------------------------------------------------------------------------------------

fn parse_time(s: &str) -> OffsetDateTime {
    OffsetDateTime::parse(s, &Rfc3339).unwrap_or_else(|e| panic!("{s:?} is not RFC 3339: {e}"))
}

/// Asserts that `expiration` is ISO-8601 UTC (`...Z`, whole seconds) about `seconds` from now.
fn assert_expires_in(expiration: &str, seconds: i64) {
    assert!(
        expiration.len() == 20 && expiration.ends_with('Z'),
        "Expiration {expiration:?} is not YYYY-MM-DDTHH:MM:SSZ"
    );
    let left = parse_time(expiration).unix_timestamp() - now_unix();
    assert!(
        (seconds - 5..=seconds + 1).contains(&left),
        "Expiration {expiration} is {left} s away, want about {seconds}"
    );
}

#[test]
fn issues_credentials_in_aws_shape_on_every_listener() {
    let idp = provider(&[KeyKind::Rs256]);
    let (s, admin) = server(&["--sts-listen", "127.0.0.1:0", "--sts-max-duration", "24h"]);
    add_oidc(&s, &admin, &idp, json!({}));
    add_policy(&s, &admin, "lister", &allow(&["s3:ListAllMyBuckets"], &["*"]));
    let token = idp.sign(&claims(&idp, "service-principal-7", json!(["lister"])));

    // POST with a form body and GET with a query string, on the S3 listener and on --sts-listen.
    let replies = [
        ("POST on the S3 listener", sts_post(&s.s3_url(), &form(&token))),
        ("GET on the S3 listener", sts_get(&s.s3_url(), &form(&token))),
        ("POST on the STS listener", sts_post(&s.sts_url(), &form(&token))),
        ("GET on the STS listener", sts_get(&s.sts_url(), &form(&token))),
    ];
    let mut keys = Vec::new();
    for (how, reply) in &replies {
        assert_eq!(reply.status, 200, "{how}: {}", reply.body);
        let issued = reply.issued();
        // The credentials work for S3 (no SigV4 was needed for the STS call itself).
        assert_eq!(list_buckets(&s, &issued).status, 200, "{how}");
        keys.push(issued.access_key);
    }
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), 4, "every exchange issues new credentials");

    // The whole document, in AWS's shape and namespace.
    let reply = &replies[0].1;
    assert!(
        reply.content_type.starts_with("text/xml"),
        "{}",
        reply.content_type
    );
    let body = &reply.body;
    assert!(
        body.starts_with(&format!(
            "<AssumeRoleWithWebIdentityResponse xmlns=\"{STS_NAMESPACE}\"><AssumeRoleWithWebIdentityResult>"
        )),
        "{body}"
    );
    assert!(
        body.ends_with("</RequestId></ResponseMetadata></AssumeRoleWithWebIdentityResponse>"),
        "{body}"
    );
    let issued = reply.issued();
    assert_eq!(issued.access_key.len(), 20);
    assert!(issued.access_key.starts_with("ASIA"), "{}", issued.access_key);
    assert!(
        issued
            .access_key
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    );
    assert_eq!(issued.secret_key.len(), 40);
    assert!(issued.session_token.len() >= 64, "{}", issued.session_token);
    assert_expires_in(&issued.expiration, 3600);
    assert_eq!(
        reply.tag("SubjectFromWebIdentityToken").as_deref(),
        Some("service-principal-7")
    );
    assert_eq!(reply.tag("Audience").as_deref(), Some(DEFAULT_AUDIENCE));
    assert_eq!(reply.tag("Provider"), Some(idp.issuer()));
    assert_eq!(
        reply.tag("Arn").as_deref(),
        Some("arn:aws:sts::000000000000:assumed-role/weka-oidc/sts-test")
    );
    let role_id = reply.tag("AssumedRoleId").unwrap_or_default();
    assert!(
        role_id.starts_with("AROA") && role_id.ends_with(":sts-test"),
        "{role_id}"
    );
    assert_eq!(reply.tag("RequestId"), Some(reply.request_id.clone()));
    assert_eq!(reply.tag("PackedPolicySize"), None, "no session policy, no size");
    let issued_event = wait_for_event(
        &s,
        "AssumeRoleWithWebIdentity issued credentials",
        Some(&reply.request_id),
    );
    assert_eq!(issued_event["access_key"], issued.access_key.as_str());
    assert_eq!(issued_event["subject"], "service-principal-7");

    // RoleArn is echoed: path, account and partition.
    let reply = sts_post(
        &s.s3_url(),
        &with(
            form(&token),
            "RoleArn",
            "arn:aws-cn:iam::123456789012:role/team/app/reader",
        ),
    );
    assert_eq!(
        reply.tag("Arn").as_deref(),
        Some("arn:aws-cn:sts::123456789012:assumed-role/reader/sts-test"),
        "{}",
        reply.body
    );

    // RoleSessionName: 2 and 64 characters of [\w+=,.@-].
    let long_name = format!("{}x_+=,.@-", "N1".repeat(28));
    assert_eq!(long_name.len(), 64);
    for name in ["ab", long_name.as_str()] {
        let reply = sts_post(&s.s3_url(), &with(form(&token), "RoleSessionName", name));
        assert_eq!(reply.status, 200, "{name}: {}", reply.body);
        assert!(
            reply
                .tag("Arn")
                .is_some_and(|arn| arn.ends_with(&format!("/{name}"))),
            "{}",
            reply.body
        );
    }

    // DurationSeconds from 900 up to --sts-max-duration (raised to 24 h here).
    for seconds in [900, 43_200, 86_400] {
        let reply = sts_post(
            &s.s3_url(),
            &with(form(&token), "DurationSeconds", &seconds.to_string()),
        );
        assert_expires_in(&reply.issued().expiration, seconds);
    }
    let reply = sts_post(&s.s3_url(), &with(form(&token), "DurationSeconds", "86401"));
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (400, "ValidationError"),
        "{}",
        reply.body
    );
    assert!(
        reply.message().contains("less than or equal to 86400"),
        "{}",
        reply.body
    );

    // A session policy of exactly 2048 characters is accepted and its packed size reported.
    let base = allow(&["s3:ListAllMyBuckets"], &["*"]).to_string();
    let policy = format!("{}{}", base, " ".repeat(2048 - base.len()));
    assert_eq!(policy.chars().count(), 2048);
    let reply = sts_post(&s.s3_url(), &with(form(&token), "Policy", &policy));
    assert_eq!(reply.status, 200, "{}", reply.body);
    let size: u32 = reply
        .tag("PackedPolicySize")
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no PackedPolicySize: {}", reply.body));
    assert!((1..=100).contains(&size), "{size}");
}

#[test]
fn every_asymmetric_algorithm_is_accepted_and_none_and_hmac_are_refused() {
    let idp = provider(&KeyKind::ALL);
    // RS384/RS512/PS384/PS512 verify with an RSA key whose JWK names no algorithm.
    let any_rsa = idp.add_key_published_as(KeyKind::Rs256, None);
    idp.set_advertised_algorithms(None);
    let (s, admin) = server(&[]);
    add_oidc(&s, &admin, &idp, json!({}));
    add_policy(&s, &admin, "lister", &allow(&["s3:ListAllMyBuckets"], &["*"]));
    let claims = claims(&idp, "alg-user", json!(["lister"]));

    let accepted = [
        ("RS256", idp.kid_of(KeyKind::Rs256)),
        ("RS384", any_rsa.clone()),
        ("RS512", any_rsa.clone()),
        ("PS256", idp.kid_of(KeyKind::Ps256)),
        ("PS384", any_rsa.clone()),
        ("PS512", any_rsa.clone()),
        ("ES256", idp.kid_of(KeyKind::Es256)),
        ("ES384", idp.kid_of(KeyKind::Es384)),
        ("EdDSA", idp.kid_of(KeyKind::EdDsa)),
    ];
    for (alg, kid) in &accepted {
        let token = idp.sign_with(
            &claims,
            &SignOptions::default().alg(alg).signer(Signer::Kid(kid.clone())),
        );
        let header: Value =
            serde_json::from_slice(&base64_decode(token.split('.').next().unwrap_or_default()))
                .expect("header");
        assert_eq!(header["alg"], *alg, "the test provider signed with {alg}");
        let reply = sts_post(&s.s3_url(), &form(&token));
        assert_eq!(reply.status, 200, "{alg}: {}", reply.body);
    }

    let rsa_pem = idp.key(&idp.kid_of(KeyKind::Rs256)).public_pem();
    let refused = [
        ("none", SignOptions::default().signer(Signer::Unsigned).no_kid()),
        (
            "none with a kid",
            SignOptions::default()
                .signer(Signer::Unsigned)
                .kid(&idp.kid_of(KeyKind::Rs256)),
        ),
        (
            "HS256",
            SignOptions::default().signer(Signer::Hmac(rsa_pem.clone().into_bytes())),
        ),
        (
            "HS384",
            SignOptions::default()
                .signer(Signer::Hmac(rsa_pem.clone().into_bytes()))
                .alg("HS384"),
        ),
        (
            "HS512",
            SignOptions::default()
                .signer(Signer::Hmac(rsa_pem.into_bytes()))
                .alg("HS512"),
        ),
        (
            "ES512",
            SignOptions::default()
                .signer(Signer::Kid(idp.kid_of(KeyKind::Es384)))
                .alg("ES512"),
        ),
    ];
    for (name, options) in &refused {
        let reply = sts_post(&s.s3_url(), &form(&idp.sign_with(&claims, options)));
        assert_eq!(
            (reply.status, reply.code().as_str()),
            (400, "InvalidIdentityToken"),
            "{name}: {}",
            reply.body
        );
        assert!(
            reply.message().contains("is not accepted; use RS256"),
            "{name}: {}",
            reply.body
        );
    }
}

fn base64_decode(segment: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(segment)
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Real clients: the AWS CLI and boto3
// ---------------------------------------------------------------------------------------------

const BOTO3_SCRIPT: &str = r#"
import datetime, json, sys
import boto3
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError

inp = json.load(sys.stdin)
sts = boto3.client("sts", endpoint_url=inp["sts"], region_name="us-east-1",
                   config=Config(signature_version=UNSIGNED, retries={"max_attempts": 1}))

def assume(token, policy=None):
    kw = dict(RoleArn=inp["role_arn"], RoleSessionName="boto3-session",
              WebIdentityToken=token, DurationSeconds=900)
    if policy is not None:
        kw["Policy"] = policy
    return sts.assume_role_with_web_identity(**kw)

def outcome(call):
    try:
        call()
        return "ok"
    except ClientError as e:
        return e.response["Error"]["Code"]

def s3(answer):
    c = answer["Credentials"]
    return boto3.client("s3", endpoint_url=inp["s3"], region_name="us-east-1",
                        aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"],
                        aws_session_token=c["SessionToken"],
                        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}))

def buckets(client):
    try:
        return sorted(b["Name"] for b in client.list_buckets()["Buckets"])
    except ClientError as e:
        return e.response["Error"]["Code"]

def probe(client):
    return {
        "list_buckets": buckets(client),
        "get_alpha": outcome(lambda: client.get_object(Bucket="alpha-bucket", Key="seed.txt")["Body"].read()),
        "list_alpha": outcome(lambda: client.list_objects_v2(Bucket="alpha-bucket")),
        "put_alpha": outcome(lambda: client.put_object(Bucket="alpha-bucket", Key="new.txt", Body=b"new")),
        "get_beta": outcome(lambda: client.get_object(Bucket="beta-bucket", Key="seed.txt")["Body"].read()),
        "list_beta": outcome(lambda: client.list_objects_v2(Bucket="beta-bucket")),
    }

out = {}
full = assume(inp["tokens"]["admin"])
expiration = full["Credentials"]["Expiration"]
out["expiration_utc"] = expiration.utcoffset() == datetime.timedelta(0)
out["expiration_in"] = (expiration - datetime.datetime.now(datetime.timezone.utc)).total_seconds()
out["arn"] = full["AssumedRoleUser"]["Arn"]
out["subject"] = full["SubjectFromWebIdentityToken"]
out["request_id"] = full["ResponseMetadata"]["RequestId"]
admin = s3(full)
out["seed"] = [outcome(lambda: admin.put_object(Bucket=b, Key="seed.txt", Body=b"seed"))
               for b in ("alpha-bucket", "beta-bucket")]
out["admin"] = probe(admin)
out["narrowed"] = probe(s3(assume(inp["tokens"]["admin"], inp["narrow_policy"])))
out["reader_widened"] = probe(s3(assume(inp["tokens"]["reader"], inp["wide_policy"])))
out["errors"] = {}
for name, token in inp["bad_tokens"].items():
    try:
        assume(token)
        out["errors"][name] = ["ok", ""]
    except ClientError as e:
        out["errors"][name] = [e.response["Error"]["Code"], e.response["Error"]["Message"]]
print(json.dumps(out))
"#;

#[test]
fn aws_cli_and_boto3_parse_our_answers_and_session_policies_narrow_access() {
    let idp = provider(&[KeyKind::Rs256]);
    let (s, admin) = server(&[]);
    add_oidc(&s, &admin, &idp, json!({}));
    create_bucket(&s, &admin, "alpha-bucket");
    create_bucket(&s, &admin, "beta-bucket");
    let home = tempfile::tempdir().expect("tempdir");
    let admin_token = idp.sign(&claims(&idp, "cli-user", json!(["readwrite"])));

    // The AWS CLI parses the success document...
    let out = aws(
        home.path(),
        None,
        &[
            "sts",
            "assume-role-with-web-identity",
            "--endpoint-url",
            &s.sts_url(),
            "--role-arn",
            ROLE_ARN,
            "--role-session-name",
            "cli-session",
            "--web-identity-token",
            &admin_token,
            "--duration-seconds",
            "900",
            "--output",
            "json",
        ],
    );
    assert!(out.status.success(), "aws sts failed: {}", text(&out.stderr));
    let answer: Value = serde_json::from_slice(&out.stdout).expect("aws prints JSON");
    let c = &answer["Credentials"];
    let issued = Issued {
        access_key: c["AccessKeyId"].as_str().unwrap_or_default().into(),
        secret_key: c["SecretAccessKey"].as_str().unwrap_or_default().into(),
        session_token: c["SessionToken"].as_str().unwrap_or_default().into(),
        expiration: c["Expiration"].as_str().unwrap_or_default().into(),
    };
    assert_eq!(
        (issued.access_key.len(), issued.secret_key.len()),
        (20, 40),
        "{answer}"
    );
    let left = parse_time(&issued.expiration).unix_timestamp() - now_unix();
    assert!((895..=901).contains(&left), "Expiration {}", issued.expiration);
    assert_eq!(
        answer["AssumedRoleUser"]["Arn"],
        "arn:aws:sts::000000000000:assumed-role/weka-oidc/cli-session"
    );
    assert_eq!(answer["SubjectFromWebIdentityToken"], "cli-user");
    assert_eq!(answer["Provider"], idp.issuer().as_str());
    assert_eq!(answer["Audience"], DEFAULT_AUDIENCE);

    // ... and the credentials work with `aws s3`.
    let out = aws(
        home.path(),
        Some(&issued),
        &["s3", "ls", "--endpoint-url", &s.s3_url()],
    );
    assert!(out.status.success(), "aws s3 ls failed: {}", text(&out.stderr));
    let listing = text(&out.stdout);
    assert!(
        listing.contains("alpha-bucket") && listing.contains("beta-bucket"),
        "{listing}"
    );

    // The AWS CLI parses our errors: code and message, exit status 254.
    let mut expired = claims(&idp, "cli-user", json!(["readwrite"]));
    expired["exp"] = json!(now_unix() - 3600);
    let expired = idp.sign(&expired);
    let unmapped = idp.sign(&claims(&idp, "cli-user", json!(["nobody"])));
    for (token, code, message) in [
        (&expired, "ExpiredTokenException", "The token expired at"),
        (
            &unmapped,
            "AccessDenied",
            "Not authorized to perform sts:AssumeRoleWithWebIdentity",
        ),
    ] {
        let out = aws(
            home.path(),
            None,
            &[
                "sts",
                "assume-role-with-web-identity",
                "--endpoint-url",
                &s.s3_url(),
                "--role-arn",
                ROLE_ARN,
                "--role-session-name",
                "cli-session",
                "--web-identity-token",
                token,
            ],
        );
        let stderr = text(&out.stderr);
        // aws CLI v1 exits 255 on a service error, v2 254.
        assert!(
            matches!(out.status.code(), Some(254 | 255)),
            "{:?} {stderr}",
            out.status
        );
        let expected = format!(
            "An error occurred ({code}) when calling the AssumeRoleWithWebIdentity operation: {message}"
        );
        assert!(stderr.contains(&expected), "want {expected:?} in {stderr:?}");
        assert!(!stderr.contains(token.as_str()), "the error echoes the token");
    }

    // boto3: the Expiration is a UTC datetime; a session policy narrows what the roles allow
    // and never widens it; errors arrive as ClientError with our codes.
    let narrow = json!({
        "Version": "2012-10-17",
        "Statement": [
            { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::alpha-bucket/*" },
            { "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::alpha-bucket" }
        ]
    });
    let wide = allow(&["s3:*"], &["*"]);
    let mut tampered = admin_token.clone();
    tampered.truncate(tampered.len() - 4);
    tampered.push_str("AAAA");
    let mut wrong_issuer = claims(&idp, "cli-user", json!(["readwrite"]));
    wrong_issuer["iss"] = json!("https://elsewhere.example");
    let input = json!({
        "sts": s.sts_url(),
        "s3": s.s3_url(),
        "role_arn": ROLE_ARN,
        "tokens": {
            "admin": admin_token,
            "reader": idp.sign(&claims(&idp, "reader-user", json!(["readonly"]))),
        },
        "narrow_policy": narrow.to_string(),
        "wide_policy": wide.to_string(),
        "bad_tokens": {
            "tampered": tampered,
            "wrong_issuer": idp.sign(&wrong_issuer),
            "expired": expired,
            "not_a_jwt": "not-a-token",
        },
    });
    let out = boto3(home.path(), BOTO3_SCRIPT, &input);
    assert_eq!(out["expiration_utc"], true, "{out}");
    let left = out["expiration_in"].as_f64().unwrap_or_default();
    assert!((890.0..=901.0).contains(&left), "{out}");
    assert_eq!(
        out["arn"],
        "arn:aws:sts::000000000000:assumed-role/weka-oidc/boto3-session"
    );
    assert_eq!(out["subject"], "cli-user");
    assert_eq!(out["request_id"].as_str().map(str::len), Some(36), "{out}");
    assert_eq!(out["seed"], json!(["ok", "ok"]));
    let both = json!(["alpha-bucket", "beta-bucket"]);
    assert_eq!(
        out["admin"],
        json!({
            "list_buckets": both, "get_alpha": "ok", "list_alpha": "ok",
            "put_alpha": "ok", "get_beta": "ok", "list_beta": "ok",
        }),
        "readwrite allows everything"
    );
    assert_eq!(
        out["narrowed"],
        json!({
            "list_buckets": ["alpha-bucket"], "get_alpha": "ok", "list_alpha": "ok",
            "put_alpha": "AccessDenied", "get_beta": "AccessDenied", "list_beta": "AccessDenied",
        }),
        "the session policy narrows readwrite"
    );
    assert_eq!(
        out["reader_widened"],
        json!({
            "list_buckets": both, "get_alpha": "ok", "list_alpha": "ok",
            "put_alpha": "AccessDenied", "get_beta": "ok", "list_beta": "ok",
        }),
        "a session policy allowing s3:* does not widen readonly"
    );
    let errors = &out["errors"];
    assert_eq!(errors["tampered"][0], "InvalidIdentityToken", "{errors}");
    assert_eq!(errors["wrong_issuer"][0], "InvalidIdentityToken", "{errors}");
    assert_eq!(errors["expired"][0], "ExpiredTokenException", "{errors}");
    assert_eq!(errors["not_a_jwt"][0], "InvalidIdentityToken", "{errors}");
    assert!(
        errors["wrong_issuer"][1]
            .as_str()
            .is_some_and(|m| m.contains("https://elsewhere.example")),
        "{errors}"
    );
}

// ---------------------------------------------------------------------------------------------
// The provider's signing keys: cache, refetch, refresh, outage, restart
// ---------------------------------------------------------------------------------------------

#[test]
fn signing_keys_are_cached_refetched_on_rotation_and_survive_an_outage_and_a_restart() {
    let idp = provider(&[KeyKind::Rs256]);
    let (mut s, admin) = server(&["--jwks-min-refetch", "2s", "--oidc-timeout", "2s"]);
    add_oidc(&s, &admin, &idp, json!({}));
    add_policy(&s, &admin, "lister", &allow(&["s3:ListAllMyBuckets"], &["*"]));
    let claims = claims(&idp, "key-user", json!(["lister"]));
    let first_kid = idp.signing_kid();
    let ok = |s: &TestServer, token: &str| {
        let reply = sts_post(&s.s3_url(), &form(token));
        assert_eq!(reply.status, 200, "{}", reply.body);
    };

    // The keys fetched by `oidc add` validate; repeated exchanges fetch nothing.
    let fetches = idp.jwks_fetches();
    for _ in 0..3 {
        ok(&s, &idp.sign(&claims));
    }
    assert_eq!(idp.jwks_fetches(), fetches, "the keys are cached in memory");

    // Provider down: cached keys keep working.
    idp.set_down(true);
    ok(&s, &idp.sign(&claims));
    idp.set_down(false);

    // Unknown kids trigger one refetch, then the refetches are rate-limited.
    let fetches = idp.jwks_fetches();
    let burst_started = Instant::now();
    for _ in 0..4 {
        let forger = idp.unpublished_key(KeyKind::Es256);
        let token = idp.sign_with(&claims, &SignOptions::default().signer(Signer::Key(forger)));
        let reply = sts_post(&s.s3_url(), &form(&token));
        assert_eq!(reply.code(), "InvalidIdentityToken", "{}", reply.body);
        assert!(
            reply
                .message()
                .contains("is not among the provider's signing keys"),
            "{}",
            reply.body
        );
    }
    assert!(
        burst_started.elapsed() < Duration::from_secs(2),
        "the burst took too long to test the rate limit"
    );
    assert_eq!(
        idp.jwks_fetches(),
        fetches + 1,
        "one refetch for four unknown kids"
    );

    // Key rotation at the provider: the new kid is fetched on first sight, without a restart.
    let rotated_kid = idp.rotate(true);
    std::thread::sleep(Duration::from_millis(2100).saturating_sub(burst_started.elapsed()));
    let fetches = idp.jwks_fetches();
    ok(&s, &idp.sign(&claims));
    assert_eq!(idp.jwks_fetches(), fetches + 1);
    let old = idp.sign_with(&claims, &SignOptions::default().signer(Signer::Kid(first_kid)));
    let reply = sts_post(&s.s3_url(), &form(&old));
    assert_eq!(
        reply.code(),
        "InvalidIdentityToken",
        "the withdrawn key no longer validates: {}",
        reply.body
    );

    // Provider down and a kid that is not cached: IDPCommunicationError.
    idp.set_down(true);
    let rotated_at = Instant::now();
    let unseen_kid = idp.rotate(false);
    std::thread::sleep(Duration::from_millis(2100).saturating_sub(rotated_at.elapsed()));
    let unseen = idp.sign(&claims);
    let reply = sts_post(&s.s3_url(), &form(&unseen));
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (400, "IDPCommunicationError"),
        "{}",
        reply.body
    );
    assert!(
        reply
            .message()
            .contains(&format!("key id \"{unseen_kid}\" is not cached")),
        "{}",
        reply.body
    );
    let event = wait_for_event(&s, "AssumeRoleWithWebIdentity refused", Some(&reply.request_id));
    assert_eq!(event["code"], "IDPCommunicationError");
    let rotated = idp.sign_with(
        &claims,
        &SignOptions::default().signer(Signer::Kid(rotated_kid.clone())),
    );
    ok(&s, &rotated);

    // Restart while the provider is down: the keys stored after the rotation still validate.
    s.restart();
    ok(&s, &rotated);
    let reply = sts_post(&s.s3_url(), &form(&unseen));
    assert_eq!(reply.code(), "IDPCommunicationError", "{}", reply.body);

    // Periodic refresh: a key published later is fetched without any request asking for it,
    // so it validates even once the provider is down again.
    idp.set_down(false);
    s.stop();
    let s = TestServer::builder()
        .data_dir(&s.data_dir)
        .args(["--jwks-refresh-interval", "1s", "--jwks-min-refetch", "1h"])
        .start();
    let later_kid = idp.add_key(KeyKind::EdDsa);
    let fetches = idp.jwks_fetches();
    eventually(
        Duration::from_secs(10),
        "a periodic refresh with the new key",
        || {
            log_events(&s)
                .into_iter()
                .any(|e| {
                    e["message"] == "fetched the provider's signing keys"
                        && e["key_ids"].as_str().is_some_and(|ids| ids.contains(&later_kid))
                })
                .then_some(())
        },
    );
    assert!(idp.jwks_fetches() > fetches);
    idp.set_down(true);
    let later = idp.sign_with(&claims, &SignOptions::default().signer(Signer::Kid(later_kid)));
    ok(&s, &later);
}

// ---------------------------------------------------------------------------------------------
// Token rules: clock skew, tenant issuers, audiences
// ---------------------------------------------------------------------------------------------

#[test]
fn clock_skew_tenant_issuer_and_audience_allow_list() {
    let idp = provider(&[KeyKind::Es256]);
    // An Entra-style issuer: the discovery document names a template, tokens carry `tid`.
    let template = format!("{}/{{tenantid}}/v2.0", idp.base_url());
    idp.set_issuer(&template);
    let (s, admin) = server(&["--clock-skew", "10s"]);
    add_policy(&s, &admin, "lister", &allow(&["s3:ListAllMyBuckets"], &["*"]));
    // Configured through the real CLI, with two accepted audiences.
    s.login_admin();
    let out = s
        .weka()
        .args(["s3", "cluster", "oidc", "add", "--config-url", &idp.config_url()])
        .args(["--audience", "api://weka", "--audience", "weka-s3"])
        .output()
        .expect("weka");
    assert!(out.status.success(), "oidc add: {}", text(&out.stderr));
    assert!(text(&out.stdout).contains(&template), "{}", text(&out.stdout));

    let tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    let base = |edit: &dyn Fn(&mut Value)| {
        let mut c = claims(&idp, "entra-app", json!(["lister"]));
        c["iss"] = json!(template.replace("{tenantid}", tenant));
        c["tid"] = json!(tenant);
        c["aud"] = json!("weka-s3");
        edit(&mut c);
        sts_post(&s.s3_url(), &form(&idp.sign(&c)))
    };
    let now = now_unix();
    let accepted: [(&str, &Edit<'_>); 6] = [
        ("the tenant issuer resolved with tid", &|_| {}),
        ("aud as a string", &|c| c["aud"] = json!("api://weka")),
        ("aud as an array with one accepted value", &|c| {
            c["aud"] = json!(["other", "api://weka"])
        }),
        ("expired 5 s ago, within the 10 s leeway", &|c| {
            c["exp"] = json!(now - 5)
        }),
        ("nbf 5 s ahead", &|c| c["nbf"] = json!(now + 5)),
        ("iat 5 s ahead", &|c| c["iat"] = json!(now + 5)),
    ];
    for (name, edit) in accepted {
        let reply = base(edit);
        assert_eq!(reply.status, 200, "{name}: {}", reply.body);
        assert_eq!(
            reply.tag("Provider"),
            Some(template.replace("{tenantid}", tenant)),
            "{name}: the resolved issuer"
        );
    }
    let typed = {
        let mut c = claims(&idp, "entra-app", json!(["lister"]));
        c["iss"] = json!(template.replace("{tenantid}", tenant));
        c["tid"] = json!(tenant);
        c["aud"] = json!("weka-s3");
        idp.sign_with(&c, &SignOptions::default().typ(Some("at+jwt")))
    };
    assert_eq!(sts_post(&s.s3_url(), &form(&typed)).status, 200, "typ at+jwt");

    let refused: [(&str, &Edit<'_>, &str, &str); 9] = [
        (
            "another tenant's issuer",
            &|c| c["iss"] = json!(template.replace("{tenantid}", "other-tenant")),
            "InvalidIdentityToken",
            "is not the configured provider's issuer",
        ),
        (
            "no tid",
            &|c| remove(c, "tid"),
            "InvalidIdentityToken",
            "depends on the tenant",
        ),
        (
            "the template itself as iss",
            &|c| c["iss"] = json!(template.clone()),
            "InvalidIdentityToken",
            "is not the configured provider's issuer",
        ),
        (
            "aud not in the allow-list",
            &|c| c["aud"] = json!("weka-test-client"),
            "InvalidIdentityToken",
            "accepted: api://weka, weka-s3",
        ),
        (
            "aud array without an accepted value",
            &|c| c["aud"] = json!(["a", "b"]),
            "InvalidIdentityToken",
            "is not accepted",
        ),
        (
            "expired 20 s ago, beyond the 10 s leeway",
            &|c| c["exp"] = json!(now - 20),
            "ExpiredTokenException",
            "allowing 10 s of clock skew",
        ),
        (
            "nbf 30 s ahead",
            &|c| c["nbf"] = json!(now + 30),
            "InvalidIdentityToken",
            "is not valid before",
        ),
        (
            "iat 30 s ahead",
            &|c| c["iat"] = json!(now + 30),
            "InvalidIdentityToken",
            "in the future",
        ),
        (
            "no exp",
            &|c| remove(c, "exp"),
            "InvalidIdentityToken",
            "no \"exp\" claim",
        ),
    ];
    for (name, edit, code, message) in refused {
        let reply = base(edit);
        assert_eq!(
            (reply.status, reply.code().as_str()),
            (400, code),
            "{name}: {}",
            reply.body
        );
        assert!(reply.message().contains(message), "{name}: {}", reply.body);
    }
}

// ---------------------------------------------------------------------------------------------
// Roles claim -> policies
// ---------------------------------------------------------------------------------------------

/// The policies `s3_sts_list` shows for `access_key`.
fn issued_policies(s: &TestServer, admin: &str, access_key: &str) -> Vec<String> {
    let list = rpc(s, admin, "s3_sts_list", json!({}));
    let entry = list
        .as_array()
        .and_then(|a| a.iter().find(|c| c["access_key"] == access_key))
        .unwrap_or_else(|| panic!("{access_key} is not listed: {list}"));
    serde_json::from_value(entry["policies"].clone()).expect("policy names")
}

#[test]
fn roles_claim_selects_policies_of_exactly_that_name_and_identities_add_theirs() {
    let idp = provider(&[KeyKind::Rs256]);
    let (s, admin) = server(&[]);
    add_oidc(&s, &admin, &idp, json!({}));
    let list_all = allow(&["s3:ListAllMyBuckets"], &["*"]);
    for name in ["s3admin", "reader", "attached-only", "Team.Data"] {
        add_policy(&s, &admin, name, &list_all);
    }
    let exchange = |c: &Value| sts_post(&s.s3_url(), &form(&idp.sign(c)));
    let policies_for = |c: &Value| {
        let reply = exchange(c);
        issued_policies(&s, &admin, &reply.issued().access_key)
    };

    // Array, single string, exact names (case and punctuation included), unknown values ignored.
    let cases: [(&str, Value, &[&str]); 5] = [
        ("an array", json!(["s3admin", "reader"]), &["s3admin", "reader"]),
        ("a single string", json!("reader"), &["reader"]),
        (
            "a name with a dot and capitals",
            json!(["Team.Data"]),
            &["Team.Data"],
        ),
        (
            "unknown and near-miss values ignored",
            json!(["S3Admin", "unknown", "reader"]),
            &["reader"],
        ),
        ("duplicates once", json!(["reader", "reader"]), &["reader"]),
    ];
    for (name, roles, expected) in cases {
        assert_eq!(policies_for(&claims(&idp, "user-1", roles)), expected, "{name}");
    }

    // Values of other types are ignored, each with a log line that names the request.
    let reply = exchange(&claims(
        &idp,
        "user-1",
        json!(["reader", 42, {"role": "s3admin"}, null]),
    ));
    assert_eq!(
        issued_policies(&s, &admin, &reply.issued().access_key),
        ["reader"]
    );
    let id = reply.request_id.as_str();
    wait_for_event(&s, "AssumeRoleWithWebIdentity issued credentials", Some(id));
    let warnings: Vec<String> = log_events(&s)
        .into_iter()
        .filter(|e| e["message"] == "roles claim" && e["request_id"] == id)
        .filter_map(|e| e["warning"].as_str().map(str::to_string))
        .collect();
    assert_eq!(
        warnings,
        [
            "item 1 of \"roles\" is a number, not a string; it was ignored",
            "item 2 of \"roles\" is an object, not a string; it was ignored",
            "item 3 of \"roles\" is null, not a string; it was ignored",
        ]
    );
    let reply = exchange(&claims(&idp, "user-1", json!({"s3admin": true})));
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (403, "AccessDenied"),
        "{}",
        reply.body
    );
    let refused = wait_for_event(&s, "AssumeRoleWithWebIdentity refused", Some(&reply.request_id));
    assert_eq!(refused["code"], "AccessDenied");
    let warned = log_events(&s).into_iter().any(|e| {
        e["message"] == "roles claim"
            && e["request_id"] == reply.request_id.as_str()
            && e["warning"]
                .as_str()
                .is_some_and(|w| w.contains("is an object, not a string or an array"))
    });
    assert!(warned, "no warning logged for an object roles claim");

    // Policies attached to the identity (`sub` by default) are merged in, and suffice alone.
    rpc(
        &s,
        &admin,
        "s3_policy_attach",
        json!({"policy": "attached-only", "identity": "user-7"}),
    );
    assert_eq!(
        policies_for(&claims(&idp, "user-7", json!(["reader"]))),
        ["reader", "attached-only"]
    );
    let mut no_roles = idp.claims("user-7");
    remove(&mut no_roles, "roles");
    assert_eq!(policies_for(&no_roles), ["attached-only"]);
    let reply = exchange(&claims(&idp, "user-8", json!(["nobody"])));
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (403, "AccessDenied"),
        "{}",
        reply.body
    );

    // A nested claim through the CLI's --claim-name, and a literal dotted key that wins over it.
    s.login_admin();
    let out = s
        .weka()
        .args([
            "s3",
            "cluster",
            "oidc",
            "update",
            "--claim-name",
            "realm_access.roles",
        ])
        .output()
        .expect("weka");
    assert!(out.status.success(), "oidc update: {}", text(&out.stderr));
    let mut nested = idp.claims("user-1");
    nested["realm_access"] = json!({"roles": ["s3admin"]});
    assert_eq!(policies_for(&nested), ["s3admin"]);
    nested["realm_access.roles"] = json!(["reader"]);
    assert_eq!(policies_for(&nested), ["reader"], "the literal dotted key wins");
    let reply = exchange(&claims(&idp, "user-1", json!(["s3admin"])));
    assert_eq!(
        reply.code(),
        "AccessDenied",
        "`roles` is no longer read: {}",
        reply.body
    );
    assert!(
        reply.message().contains("'realm_access.roles' claim"),
        "{}",
        reply.body
    );

    // Another identity claim: `email`.
    rpc(
        &s,
        &admin,
        "s3_oidc_update",
        json!({"user_claim": "email", "claim_name": "roles"}),
    );
    rpc(
        &s,
        &admin,
        "s3_policy_attach",
        json!({"policy": "attached-only", "identity": "alice@example.test"}),
    );
    let mut alice = idp.claims("0f3c-alice");
    alice["email"] = json!("alice@example.test");
    assert_eq!(policies_for(&alice), ["attached-only"]);
    let reply = exchange(&idp.claims("user-7"));
    assert_eq!(
        reply.code(),
        "AccessDenied",
        "`sub` no longer names the identity: {}",
        reply.body
    );
}

#[test]
fn a_policy_change_applies_to_live_sessions() {
    let idp = provider(&[KeyKind::Es256]);
    let (s, admin) = server(&[]);
    add_oidc(&s, &admin, &idp, json!({}));
    create_bucket(&s, &admin, "alpha-bucket");
    create_bucket(&s, &admin, "beta-bucket");
    add_policy(
        &s,
        &admin,
        "live",
        &allow(&["s3:ListBucket"], &["arn:aws:s3:::alpha-bucket"]),
    );
    let creds = assume(&s.s3_url(), &idp.sign(&claims(&idp, "user-1", json!(["live"]))));
    let list = |bucket: &str| s3_call(&s, &creds, "GET", &format!("/{bucket}?list-type=2"), b"");
    // ListBuckets shows the buckets the policies allow s3:ListBucket on.
    let listed = |creds: &Issued| xml_values(&list_buckets(&s, creds).body, "Name");
    assert_eq!(list("alpha-bucket").status, 200);
    assert_eq!(list("beta-bucket").code(), "AccessDenied");
    assert_eq!(listed(&creds), ["alpha-bucket"]);

    // The same credentials, after the policy was removed...
    rpc(&s, &admin, "s3_policy_remove", json!({"name": "live"}));
    assert_eq!(
        list("alpha-bucket").code(),
        "AccessDenied",
        "no policy, no access"
    );
    assert!(listed(&creds).is_empty());

    // ... and added again with another document.
    add_policy(
        &s,
        &admin,
        "live",
        &allow(&["s3:ListBucket"], &["arn:aws:s3:::beta-bucket"]),
    );
    assert_eq!(list("beta-bucket").status, 200, "{}", list("beta-bucket").body);
    assert_eq!(list("alpha-bucket").code(), "AccessDenied");
    assert_eq!(listed(&creds), ["beta-bucket"]);
}

// ---------------------------------------------------------------------------------------------
// Temporary credentials: secrecy, durability, expiry, cleanup, list and revoke
// ---------------------------------------------------------------------------------------------

/// Every file under `dir`, recursively, as bytes.
fn all_file_bytes(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(bytes) = std::fs::read(&path) {
                out.push((path, bytes));
            }
        }
    }
    out
}

fn contains_bytes(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// Rows of `temporary_credentials` with this access key, read from the database file.
fn stored_rows(data_dir: &Path, access_key: &str) -> i64 {
    let conn = rusqlite::Connection::open_with_flags(
        data_dir.join("weka.db"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .expect("open the database read-only");
    conn.query_row(
        "SELECT count(*) FROM temporary_credentials WHERE access_key = ?1",
        [access_key],
        |r| r.get(0),
    )
    .expect("count")
}

fn weka_ok(s: &TestServer, args: &[&str]) -> Output {
    let out = s.weka().args(args).output().expect("weka");
    assert!(
        out.status.success(),
        "weka {}: {}{}",
        args.join(" "),
        text(&out.stdout),
        text(&out.stderr)
    );
    out
}

#[test]
fn temporary_credentials_are_secret_durable_expire_and_can_be_revoked() {
    let idp = provider(&[KeyKind::Rs256]);
    let (mut s, admin) = server(&["--sts-min-duration", "2s"]);
    add_oidc(&s, &admin, &idp, json!({}));
    add_policy(&s, &admin, "lister", &allow(&["s3:ListAllMyBuckets"], &["*"]));
    let alice_token = idp.sign(&claims(&idp, "alice", json!(["lister"])));
    let bob_token = idp.sign(&claims(&idp, "bob", json!(["lister"])));
    let alice = assume(&s.s3_url(), &alice_token);
    let short = sts_post(&s.s3_url(), &with(form(&alice_token), "DurationSeconds", "2")).issued();
    let bob = assume(&s.s3_url(), &bob_token);
    for c in [&alice, &short, &bob] {
        assert_eq!(c.access_key.len(), 20);
        assert_eq!(c.secret_key.len(), 40);
        assert_eq!(list_buckets(&s, c).status, 200);
    }

    // A wrong session token or none is refused, though the signature is right.
    let mut wrong = alice.clone();
    wrong.session_token = bob.session_token.clone();
    assert_eq!(list_buckets(&s, &wrong).code(), "InvalidToken");

    // Expired credentials are refused at once (the next cleanup is a minute away).
    let expires = parse_time(&short.expiration).unix_timestamp();
    eventually(Duration::from_secs(5), "the short credential to expire", || {
        (now_unix() > expires).then_some(())
    });
    let reply = list_buckets(&s, &short);
    assert_eq!(reply.code(), "ExpiredToken", "{}", reply.body);
    assert_eq!(stored_rows(&s.data_dir, &short.access_key), 1, "not deleted yet");

    // An acknowledged credential survives a crash and works after it.
    s.restart_after_crash();
    assert_eq!(list_buckets(&s, &alice).status, 200, "after the crash");

    // Neither the database files nor the log hold a secret key, a session token or the JWT.
    let files = all_file_bytes(&s.data_dir);
    assert!(
        files.iter().any(|(p, _)| p.ends_with("weka.db")),
        "no database file"
    );
    let log = s.log();
    for c in [&alice, &short, &bob] {
        for secret in [&c.secret_key, &c.session_token] {
            for (path, bytes) in &files {
                assert!(
                    !contains_bytes(bytes, secret.as_bytes()),
                    "{} holds a secret",
                    path.display()
                );
            }
            assert!(!log.contains(secret.as_str()), "the log holds a secret");
        }
    }
    for token in [&alice_token, &bob_token] {
        let signature = token.rsplit('.').next().unwrap_or_default();
        for (path, bytes) in &files {
            assert!(
                !contains_bytes(bytes, signature.as_bytes()),
                "{} holds the JWT",
                path.display()
            );
        }
        assert!(!log.contains(signature), "the log holds the JWT");
    }
    assert!(log.contains(&alice.access_key), "issued access keys are logged");

    // `weka s3 sts list`: live credentials only, as a table and as JSON.
    s.login_admin();
    let table = text(&weka_ok(&s, &["s3", "sts", "list"]).stdout);
    assert!(
        table.contains("ACCESS KEY") && table.contains("EXPIRES"),
        "{table}"
    );
    assert!(
        table.contains(&alice.access_key) && table.contains(&bob.access_key),
        "{table}"
    );
    assert!(
        !table.contains(&short.access_key),
        "expired credentials are not listed: {table}"
    );
    assert!(!table.contains(&alice.secret_key) && !table.contains(&alice.session_token));
    let listed: Value =
        serde_json::from_slice(&weka_ok(&s, &["s3", "sts", "list", "--json"]).stdout).expect("JSON list");
    let keys: Vec<&str> = listed
        .as_array()
        .map(|a| a.iter().filter_map(|c| c["access_key"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(keys.len(), 2, "{listed}");
    assert!(keys.contains(&alice.access_key.as_str()) && keys.contains(&bob.access_key.as_str()));
    let entry = listed
        .as_array()
        .and_then(|a| a.iter().find(|c| c["access_key"] == alice.access_key.as_str()))
        .expect("alice's entry");
    assert_eq!(entry["subject"], "alice");
    assert_eq!(entry["policies"], json!(["lister"]));
    assert_eq!(entry["session_name"], "sts-test");
    assert_eq!(entry["role_arn"], ROLE_ARN);
    assert_eq!(
        parse_time(entry["expires_at"].as_str().unwrap_or_default()),
        parse_time(&alice.expiration)
    );
    let bobs = text(&weka_ok(&s, &["s3", "sts", "list", "--subject", "bob"]).stdout);
    assert!(
        bobs.contains(&bob.access_key) && !bobs.contains(&alice.access_key),
        "{bobs}"
    );

    // ReadOnly may list, not revoke.
    rpc(
        &s,
        &admin,
        "user_add",
        json!({"username": "auditor", "password": "auditor-password", "role": "ReadOnly"}),
    );
    weka_ok(&s, &["user", "login", "auditor", "auditor-password"]);
    weka_ok(&s, &["s3", "sts", "list"]);
    let out = s
        .weka()
        .args(["s3", "sts", "revoke", &alice.access_key])
        .output()
        .expect("weka");
    assert_eq!(out.status.code(), Some(5), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("PermissionDenied") || text(&out.stderr).contains("ClusterAdmin"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(list_buckets(&s, &alice).status, 200, "nothing was revoked");

    // ClusterAdmin revokes one access key, then a subject; S3 refuses them at once.
    s.login_admin();
    let out = weka_ok(&s, &["s3", "sts", "revoke", &alice.access_key]);
    assert!(
        text(&out.stderr).contains("Revoked 1 temporary credential."),
        "{}",
        text(&out.stderr)
    );
    let reply = list_buckets(&s, &alice);
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (403, "InvalidAccessKeyId"),
        "{}",
        reply.body
    );
    let out = s
        .weka()
        .args(["s3", "sts", "revoke", "--subject", "bob"])
        .output()
        .expect("weka");
    assert_eq!(
        out.status.code(),
        Some(2),
        "--yes is required: {}",
        text(&out.stderr)
    );
    assert!(text(&out.stderr).contains("--yes"), "{}", text(&out.stderr));
    assert_eq!(
        list_buckets(&s, &bob).status,
        200,
        "nothing was revoked without --yes"
    );
    let out = weka_ok(
        &s,
        &["s3", "sts", "revoke", "--subject", "bob", "--yes", "--json"],
    );
    assert_eq!(
        serde_json::from_slice::<Value>(&out.stdout).expect("JSON"),
        json!({"revoked": 1})
    );
    assert_eq!(list_buckets(&s, &bob).code(), "InvalidAccessKeyId");
    let out = s
        .weka()
        .args(["s3", "sts", "revoke", &alice.access_key])
        .output()
        .expect("weka");
    assert_eq!(
        out.status.code(),
        Some(6),
        "already revoked: {}",
        text(&out.stderr)
    );
    wait_for_event(&s, "temporary credentials revoked", None);

    // The background cleanup deletes expired credentials and says so.
    s.stop();
    let s = TestServer::builder()
        .data_dir(&s.data_dir)
        .args(["--sts-min-duration", "2s", "--cleanup-interval", "1s"])
        .start();
    let deletions = || {
        log_events(&s)
            .into_iter()
            .filter(|e| {
                e["message"] == "deleted expired entries" && e["temporary_credentials"].as_u64() >= Some(1)
            })
            .count()
    };
    let brief = sts_post(&s.s3_url(), &with(form(&alice_token), "DurationSeconds", "2")).issued();
    let before = deletions();
    assert_eq!(list_buckets(&s, &brief).status, 200);
    assert_eq!(stored_rows(&s.data_dir, &brief.access_key), 1);
    eventually(
        Duration::from_secs(10),
        "the cleanup to delete the expired credential",
        || (stored_rows(&s.data_dir, &brief.access_key) == 0).then_some(()),
    );
    eventually(Duration::from_secs(5), "the cleanup's log line", || {
        (deletions() > before).then_some(())
    });
    assert_eq!(
        list_buckets(&s, &brief).code(),
        "InvalidAccessKeyId",
        "deleted, so unknown"
    );
    assert_eq!(stored_rows(&s.data_dir, &short.access_key), 0);
    s.login_admin();
    let listed = text(&weka_ok(&s, &["s3", "sts", "list", "--json"]).stdout);
    assert_eq!(
        serde_json::from_str::<Value>(&listed).expect("JSON"),
        json!([]),
        "{listed}"
    );
}

// ---------------------------------------------------------------------------------------------
// `weka s3 cluster oidc test`
// ---------------------------------------------------------------------------------------------

/// Runs `weka s3 cluster oidc test --token-file FILE [extra]` for `token`.
fn oidc_test(s: &TestServer, dir: &Path, name: &str, token: &str, extra: &[&str]) -> Output {
    let file = dir.join(format!("{name}.jwt"));
    std::fs::write(&file, format!("{token}\n")).expect("write the token file");
    s.weka()
        .args(["s3", "cluster", "oidc", "test", "--token-file"])
        .arg(&file)
        .args(extra)
        .output()
        .expect("weka")
}

/// Ports, times and key ids change from run to run.
fn snapshot_settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r"127\.0\.0\.1:\d+", "127.0.0.1:[PORT]");
    settings.add_filter(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z", "[TIME]");
    settings.add_filter(r"\((in [0-9dhms ]+|[0-9dhms ]+ ago|now)\)", "([RELATIVE])");
    settings.add_filter(r"kid [A-Za-z0-9_-]+", "kid [KID]");
    settings.add_filter(r#"key id "[A-Za-z0-9_-]+""#, r#"key id "[KID]""#);
    settings.set_prepend_module_to_snapshot(false);
    settings
}

#[test]
fn oidc_test_reports_what_the_sts_would_do() {
    let idp = provider(&[KeyKind::Rs256]);
    let (s, admin) = server(&[]);
    add_oidc(&s, &admin, &idp, json!({}));
    let list_all = allow(&["s3:ListAllMyBuckets"], &["*"]);
    add_policy(&s, &admin, "s3admin", &list_all);
    add_policy(&s, &admin, "reader", &list_all);
    rpc(
        &s,
        &admin,
        "s3_policy_attach",
        json!({"policy": "reader", "identity": "svc-attached"}),
    );
    s.login_admin();
    let dir = tempfile::tempdir().expect("tempdir");
    let settings = snapshot_settings();
    let run = |name: &str, token: &str, extra: &[&str]| {
        let out = oidc_test(&s, dir.path(), name, token, extra);
        (out.status.code(), text(&out.stdout), text(&out.stderr))
    };

    // Credentials would be issued: exit 0.
    let (code, stdout, stderr) = run(
        "would-issue",
        &idp.sign(&claims(&idp, "svc-backup", json!(["s3admin", "Unknown"]))),
        &[],
    );
    assert_eq!(code, Some(0), "{stderr}");
    settings.bind(|| insta::assert_snapshot!("oidc_test_would_issue", stdout));

    // Only an attached policy: still issued.
    let mut attached = idp.claims("svc-attached");
    remove(&mut attached, "roles");
    let (code, stdout, stderr) = run("attached", &idp.sign(&attached), &[]);
    assert_eq!(code, Some(0), "{stderr}");
    settings.bind(|| insta::assert_snapshot!("oidc_test_attached_only", stdout));

    // A role that differs from a policy name by case: the near miss is named; exit 8.
    let (code, stdout, stderr) = run(
        "near-miss",
        &idp.sign(&claims(&idp, "svc-other", json!(["S3Admin"]))),
        &[],
    );
    assert_eq!(code, Some(8), "{stderr}");
    assert!(
        stdout.contains("role \"S3Admin\" differs from policy \"s3admin\" only by letter case"),
        "{stdout}"
    );
    settings.bind(|| {
        insta::assert_snapshot!("oidc_test_near_miss", stdout);
        insta::assert_snapshot!("oidc_test_near_miss_stderr", stderr);
    });

    // An expired token: the STS's refusal, exit 8.
    let mut expired = claims(&idp, "svc-backup", json!(["s3admin"]));
    expired["exp"] = json!(now_unix() - 7200);
    let (code, stdout, stderr) = run("expired", &idp.sign(&expired), &[]);
    assert_eq!(code, Some(8), "{stderr}");
    settings.bind(|| {
        insta::assert_snapshot!("oidc_test_expired", stdout);
        insta::assert_snapshot!("oidc_test_expired_stderr", stderr);
    });

    // The same report as JSON: a forged signature, then a token that would be accepted.
    let forger = idp.unpublished_key(KeyKind::Rs256);
    let forged = idp.sign_with(
        &claims(&idp, "svc-backup", json!(["s3admin"])),
        &SignOptions::default()
            .signer(Signer::Key(forger))
            .kid(&idp.signing_kid()),
    );
    let (code, stdout, _) = run("forged", &forged, &["--json"]);
    assert_eq!(code, Some(8));
    let report: Value = serde_json::from_str(&stdout).expect("JSON report");
    assert_eq!(report["valid"], false);
    assert_eq!(report["would_issue"], false);
    assert_eq!(report["error_code"], "InvalidIdentityToken");
    assert_eq!(
        report["matched_policies"],
        json!(["s3admin"]),
        "the claims are still shown"
    );
    let (code, stdout, _) = run(
        "json-ok",
        &idp.sign(&claims(&idp, "svc-backup", json!(["s3admin", "S3Admin"]))),
        &["--json"],
    );
    assert_eq!(code, Some(0));
    let report: Value = serde_json::from_str(&stdout).expect("JSON report");
    assert_eq!(report["would_issue"], true);
    assert_eq!(report["subject"], "svc-backup");
    assert_eq!(report["audience"], json!([DEFAULT_AUDIENCE]));
    assert_eq!(report["roles"], json!(["s3admin", "S3Admin"]));
    assert_eq!(report["unmatched_roles"], json!(["S3Admin"]));
    assert_eq!(
        report["near_misses"],
        json!([{"role": "S3Admin", "policy": "s3admin"}])
    );

    // Not a JWT at all.
    let (code, stdout, stderr) = run("garbage", "not a token", &[]);
    assert_eq!(code, Some(8), "{stdout}{stderr}");
    settings.bind(|| insta::assert_snapshot!("oidc_test_not_a_jwt_stderr", stderr));
}
