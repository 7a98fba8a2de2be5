//! The seed's procedure ("Configure S3 OIDC authentication"), word for word, with the real
//! OpenID provider (oidc-provider), the real `weka` and `weka-server` binaries and the real AWS
//! CLI; then the cases the seed warns about; then the same flow over TLS.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::TestServer;
use common::awscli::{AwsCli, Credentials};
use common::idp::{Idp, decode};
use serde_json::{Value, json};

/// The seed's example policy, as printed in the documentation.
const S3ADMIN_JSON: &str = r#"{
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Action": [
            "s3:GetObject",
            "s3:PutObject",
            "s3:DeleteObject",
            "s3:ListBucket"
          ],
          "Resource": [
            "arn:aws:s3:::my-bucket",
            "arn:aws:s3:::my-bucket/*"
          ]
        }
      ]
}
"#;

/// Read access to the reports bucket: the second role of the multi-role principal.
const REPORTS_READER_JSON: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"],
     "Resource": ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"]}
  ]
}
"#;

fn idp_config() -> Value {
    json!({
        "clients": [
            {"client_id": "svc-s3admin", "client_secret": "s3admin-secret", "roles": ["s3admin"]},
            {"client_id": "svc-wrongcase", "client_secret": "wrongcase-secret", "roles": ["S3Admin"]},
            {"client_id": "svc-multi", "client_secret": "multi-secret", "roles": ["s3admin", "reports-reader"]},
            {"client_id": "svc-custom", "client_secret": "custom-secret", "roles": ["s3admin"], "roles_claim": "weka_roles"},
            {"client_id": "svc-short", "client_secret": "short-secret", "roles": ["s3admin"], "access_token_ttl": 2},
            {"client_id": "webapp", "client_secret": "webapp-secret", "redirect_uris": ["http://127.0.0.1/callback"]}
        ],
        "users": [
            {"username": "alice", "password": "alice-password", "email": "alice@example.test",
             "roles": ["reports-reader"]}
        ]
    })
}

/// `weka ARGS...`, asserting success; returns stdout.
fn weka_ok(s: &TestServer, dir: &Path, args: &[&str]) -> String {
    let out = s.weka().current_dir(dir).args(args).output().expect("run weka");
    assert!(
        out.status.success(),
        "weka {} failed ({}):\n{}{}",
        args.join(" "),
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Step 5.2 of the seed: exchange the JWT in `idp-token.jwt` for temporary credentials.
fn assume_role(aws: &AwsCli, sts_endpoint: &str, token_file: &Path, extra: &[&str]) -> Credentials {
    let token_arg = format!("file://{}", token_file.display());
    let mut args = vec![
        "sts",
        "assume-role-with-web-identity",
        "--role-arn",
        "arn:aws:iam::000000000000:role/weka-oidc",
        "--role-session-name",
        "oidc-test",
        "--web-identity-token",
        &token_arg,
        "--endpoint-url",
        sts_endpoint,
    ];
    args.extend_from_slice(extra);
    let out = aws.ok(&args);
    let v: Value = serde_json::from_str(&out).expect("assume-role JSON");
    assert_eq!(
        v["AssumedRoleUser"]["Arn"],
        "arn:aws:sts::000000000000:assumed-role/weka-oidc/oidc-test"
    );
    Credentials::from_json(&v)
}

fn assume_role_fails(aws: &AwsCli, sts_endpoint: &str, token_file: &Path, code: &str) -> String {
    let token_arg = format!("file://{}", token_file.display());
    aws.fails_with(
        &[
            "sts",
            "assume-role-with-web-identity",
            "--role-arn",
            "arn:aws:iam::000000000000:role/weka-oidc",
            "--role-session-name",
            "oidc-test",
            "--web-identity-token",
            &token_arg,
            "--endpoint-url",
            sts_endpoint,
        ],
        code,
    )
}

/// The seed's procedure and the cases around it, on one server.
fn seed_procedure(s: &TestServer, idp: &Idp, work: &Path) {
    let aws = AwsCli::new();
    let ca_bundle = s.ca_cert().display().to_string();
    let aws = if s.tls {
        aws.env("AWS_CA_BUNDLE", &ca_bundle)
    } else {
        aws
    };
    s.login_admin();

    // Step 1: configure the OIDC provider, then verify discovery.
    let config_url = format!("{}/.well-known/openid-configuration", idp.issuer);
    weka_ok(
        s,
        work,
        &["s3", "cluster", "oidc", "add", "--config-url", &config_url],
    );
    let show = weka_ok(s, work, &["s3", "cluster", "oidc", "show"]);
    assert!(show.starts_with("OIDC Configuration:\n"), "{show}");
    assert!(
        show.contains(&format!("  Config URL:   {config_url}\n")),
        "{show}"
    );
    assert!(show.contains("  Claim Name:   roles\n"), "{show}");

    // Step 2: create the IAM policy from the seed's s3admin.json.
    std::fs::write(work.join("s3admin.json"), S3ADMIN_JSON).unwrap();
    weka_ok(s, work, &["s3", "policy", "add", "s3admin", "s3admin.json"]);

    // Step 3: the policy is listed under the role value's name.
    let list = weka_ok(s, work, &["s3", "policy", "list"]);
    assert!(
        list.lines()
            .any(|l| l.split_whitespace().next() == Some("s3admin")),
        "{list}"
    );

    // Step 4: show the configuration again.
    let show = weka_ok(s, work, &["s3", "cluster", "oidc", "show"]);
    assert!(show.contains("  Claim Name:   roles\n"));

    // Buckets for the S3 check (an administrator creates them).
    for b in ["my-bucket", "other-bucket", "reports"] {
        weka_ok(s, work, &["s3", "bucket", "create", b]);
    }

    // Step 5: a token from the IdP, exchanged at the STS, then an S3 operation.
    let sts_endpoint = s.sts_url();
    let s3_endpoint = s.s3_url();
    let token_file = work.join("idp-token.jwt");
    std::fs::write(&token_file, idp.client_token("svc-s3admin", "s3admin-secret")).unwrap();
    let creds = assume_role(&aws, &sts_endpoint, &token_file, &[]);
    assert_eq!(creds.access_key_id.len(), 20);
    assert_eq!(creds.secret_access_key.len(), 40);
    let app = aws.with_credentials(&creds);
    let app = if s.tls {
        app.env("AWS_CA_BUNDLE", &ca_bundle)
    } else {
        app
    };
    let ls = app.ok(&["s3", "ls", "--endpoint-url", &s3_endpoint]);
    let listed: Vec<&str> = ls.lines().filter_map(|l| l.split_whitespace().nth(2)).collect();
    assert_eq!(listed, ["my-bucket"], "only the bucket the policy permits: {ls}");

    // Put, get and delete in my-bucket; another bucket is denied.
    std::fs::write(work.join("hello.txt"), "hello from the seed\n").unwrap();
    let hello = work.join("hello.txt").display().to_string();
    app.ok(&[
        "s3",
        "cp",
        &hello,
        "s3://my-bucket/hello.txt",
        "--endpoint-url",
        &s3_endpoint,
    ]);
    let got = app.ok(&[
        "s3",
        "cp",
        "s3://my-bucket/hello.txt",
        "-",
        "--endpoint-url",
        &s3_endpoint,
    ]);
    assert_eq!(got, "hello from the seed\n");
    let ls = app.ok(&["s3", "ls", "s3://my-bucket", "--endpoint-url", &s3_endpoint]);
    assert!(ls.contains("hello.txt"), "{ls}");
    app.fails_with(
        &["s3", "ls", "s3://other-bucket", "--endpoint-url", &s3_endpoint],
        "AccessDenied",
    );
    app.fails_with(
        &[
            "s3",
            "cp",
            &hello,
            "s3://other-bucket/x",
            "--endpoint-url",
            &s3_endpoint,
        ],
        "AccessDenied",
    );
    app.ok(&[
        "s3",
        "rm",
        "s3://my-bucket/hello.txt",
        "--endpoint-url",
        &s3_endpoint,
    ]);
    let ls = app.ok(&["s3", "ls", "s3://my-bucket", "--endpoint-url", &s3_endpoint]);
    assert!(!ls.contains("hello.txt"), "{ls}");

    // The seed's warning: the role value must match the policy name exactly (case-sensitive).
    let wrong = work.join("wrongcase.jwt");
    std::fs::write(&wrong, idp.client_token("svc-wrongcase", "wrongcase-secret")).unwrap();
    let err = assume_role_fails(&aws, &sts_endpoint, &wrong, "AccessDenied");
    assert!(
        err.contains("S3Admin"),
        "the refusal names the role values: {err}"
    );
    let out = s
        .weka()
        .current_dir(work)
        .args(["s3", "cluster", "oidc", "test", "--token-file", "wrongcase.jwt"])
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(8),
        "no credentials would be issued:\n{report}"
    );
    assert!(
        report.contains(r#"role "S3Admin" differs from policy "s3admin" only by letter case"#),
        "{report}"
    );

    // Two roles: the policies merge.
    std::fs::write(work.join("reports-reader.json"), REPORTS_READER_JSON).unwrap();
    weka_ok(
        s,
        work,
        &["s3", "policy", "add", "reports-reader", "reports-reader.json"],
    );
    let multi = work.join("multi.jwt");
    std::fs::write(&multi, idp.client_token("svc-multi", "multi-secret")).unwrap();
    let both = aws.with_credentials(&assume_role(&aws, &sts_endpoint, &multi, &[]));
    let both = if s.tls {
        both.env("AWS_CA_BUNDLE", &ca_bundle)
    } else {
        both
    };
    let ls = both.ok(&["s3", "ls", "--endpoint-url", &s3_endpoint]);
    let mut listed: Vec<&str> = ls.lines().filter_map(|l| l.split_whitespace().nth(2)).collect();
    listed.sort_unstable();
    assert_eq!(listed, ["my-bucket", "reports"], "{ls}");
    both.ok(&[
        "s3",
        "cp",
        &hello,
        "s3://my-bucket/multi.txt",
        "--endpoint-url",
        &s3_endpoint,
    ]);
    both.fails_with(
        &[
            "s3",
            "cp",
            &hello,
            "s3://reports/x",
            "--endpoint-url",
            &s3_endpoint,
        ],
        "AccessDenied",
    );

    // A human user: an ID token from the authorization code flow with identity claims. Her
    // role gives read access to reports; a policy attached to her identity adds my-bucket.
    let id_token = idp.user_token("webapp", Some("webapp-secret"), "alice", "alice-password", "id");
    let (header, claims) = decode(&id_token);
    assert!(header.get("typ").is_none() || header["typ"] == "JWT");
    assert_eq!(claims["sub"], "alice");
    let alice_file = work.join("alice.jwt");
    std::fs::write(&alice_file, &id_token).unwrap();
    let alice = aws.with_credentials(&assume_role(&aws, &sts_endpoint, &alice_file, &[]));
    let alice = if s.tls {
        alice.env("AWS_CA_BUNDLE", &ca_bundle)
    } else {
        alice
    };
    alice.fails_with(
        &["s3", "ls", "s3://my-bucket", "--endpoint-url", &s3_endpoint],
        "AccessDenied",
    );
    alice.ok(&["s3", "ls", "s3://reports", "--endpoint-url", &s3_endpoint]);
    weka_ok(s, work, &["s3", "policy", "attach", "s3admin", "alice"]);
    // Attachments are read when credentials are issued: a new exchange merges them.
    let access_token = idp.user_token(
        "webapp",
        Some("webapp-secret"),
        "alice",
        "alice-password",
        "access",
    );
    let (header, _) = decode(&access_token);
    assert_eq!(header["typ"], "at+jwt", "a JWT access token (RFC 9068)");
    std::fs::write(&alice_file, &access_token).unwrap();
    let alice = aws.with_credentials(&assume_role(&aws, &sts_endpoint, &alice_file, &[]));
    let alice = if s.tls {
        alice.env("AWS_CA_BUNDLE", &ca_bundle)
    } else {
        alice
    };
    alice.ok(&["s3", "ls", "s3://my-bucket", "--endpoint-url", &s3_endpoint]);
    alice.ok(&["s3", "ls", "s3://reports", "--endpoint-url", &s3_endpoint]);

    // Key rotation at the provider while the server runs.
    let rotated = idp.rotate(false);
    let fresh = idp.client_token("svc-s3admin", "s3admin-secret");
    assert_eq!(decode(&fresh).0["kid"], rotated["kid"]);
    std::fs::write(&token_file, &fresh).unwrap();
    assume_role(&aws, &sts_endpoint, &token_file, &[]);

    // An expired token is refused (the server runs with a 1 s clock-skew leeway).
    let short = work.join("short.jwt");
    std::fs::write(&short, idp.client_token("svc-short", "short-secret")).unwrap();
    std::thread::sleep(Duration::from_millis(3500));
    assume_role_fails(&aws, &sts_endpoint, &short, "ExpiredTokenException");

    // Credentials stop working after their expiry and are deleted by the cleanup routine.
    std::fs::write(&token_file, idp.client_token("svc-s3admin", "s3admin-secret")).unwrap();
    let short_sessions = AwsCli::new().without_parameter_validation();
    let short_sessions = if s.tls {
        short_sessions.env("AWS_CA_BUNDLE", &ca_bundle)
    } else {
        short_sessions
    };
    let issued = Instant::now();
    let brief = assume_role(
        &short_sessions,
        &sts_endpoint,
        &token_file,
        &["--duration-seconds", "8"],
    );
    let brief_app = aws.with_credentials(&brief);
    let brief_app = if s.tls {
        brief_app.env("AWS_CA_BUNDLE", &ca_bundle)
    } else {
        brief_app
    };
    brief_app.ok(&["s3", "ls", "--endpoint-url", &s3_endpoint]);
    let sts_list = weka_ok(s, work, &["s3", "sts", "list"]);
    assert!(sts_list.contains(&brief.access_key_id), "{sts_list}");
    std::thread::sleep(Duration::from_millis(9000).saturating_sub(issued.elapsed()));
    // Refused at once: ExpiredToken, or InvalidAccessKeyId if the cleanup (every second here)
    // already deleted it.
    let out = brief_app.run(&["s3", "ls", "--endpoint-url", &s3_endpoint]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && (err.contains("ExpiredToken") || err.contains("InvalidAccessKeyId")),
        "{err}"
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let json = weka_ok(s, work, &["--json", "s3", "sts", "list"]);
        if !json.contains(&brief.access_key_id) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the expired credential was not cleaned up"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    brief_app.fails_with(
        &["s3", "ls", "--endpoint-url", &s3_endpoint],
        "InvalidAccessKeyId",
    );
    assert!(
        s.log().contains("deleted expired entries"),
        "the cleanup is logged"
    );
}

fn server_args() -> [&'static str; 6] {
    [
        "--clock-skew",
        "1s",
        "--sts-min-duration",
        "2s",
        "--cleanup-interval",
        "1s",
    ]
}

#[test]
fn seed_procedure_with_the_real_provider_and_aws_cli() {
    let idp = Idp::start(idp_config());
    let s = TestServer::builder().args(server_args()).start();
    let work = tempfile::tempdir().unwrap();
    seed_procedure(&s, &idp, work.path());
}

#[test]
fn seed_procedure_over_tls() {
    let idp = Idp::start(idp_config());
    let s = TestServer::builder()
        .args(server_args())
        .arg("--tls-self-signed")
        .start();
    assert!(s.tls && s.s3_url().starts_with("https://"));
    let work = tempfile::tempdir().unwrap();
    // The CLI is given the CA explicitly, as an administrator would.
    let out = s
        .weka()
        .env_remove("WEKA_CA_CERT")
        .args(["--ca-cert", &s.ca_cert().display().to_string(), "user", "whoami"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(4),
        "reaches the TLS server, not logged in yet"
    );
    seed_procedure(&s, &idp, work.path());
}

#[test]
fn custom_claim_name_and_a_separate_sts_listener() {
    let idp = Idp::start(idp_config());
    let s = TestServer::builder()
        .args(server_args())
        .args(["--sts-listen", "127.0.0.1:0"])
        .start();
    assert_ne!(s.sts, s.s3);
    let work = tempfile::tempdir().unwrap();
    let work = work.path();
    s.login_admin();
    let config_url = format!("{}/.well-known/openid-configuration", idp.issuer);
    weka_ok(
        &s,
        work,
        &[
            "s3",
            "cluster",
            "oidc",
            "add",
            "--config-url",
            &config_url,
            "--claim-name",
            "weka_roles",
        ],
    );
    let show = weka_ok(&s, work, &["s3", "cluster", "oidc", "show"]);
    assert!(show.contains("  Claim Name:   weka_roles\n"), "{show}");
    std::fs::write(work.join("s3admin.json"), S3ADMIN_JSON).unwrap();
    weka_ok(&s, work, &["s3", "policy", "add", "s3admin", "s3admin.json"]);
    weka_ok(&s, work, &["s3", "bucket", "create", "my-bucket"]);
    let aws = AwsCli::new();
    let token_file = work.join("idp-token.jwt");
    // A token with the roles in `roles` does not match any more...
    std::fs::write(&token_file, idp.client_token("svc-s3admin", "s3admin-secret")).unwrap();
    assume_role_fails(&aws, &s.sts_url(), &token_file, "AccessDenied");
    // ...one with `weka_roles` does, at the separate STS listener.
    std::fs::write(&token_file, idp.client_token("svc-custom", "custom-secret")).unwrap();
    let creds = assume_role(&aws, &s.sts_url(), &token_file, &[]);
    let app = aws.with_credentials(&creds);
    let ls = app.ok(&["s3", "ls", "--endpoint-url", &s.s3_url()]);
    assert!(ls.contains("my-bucket"), "{ls}");
}
