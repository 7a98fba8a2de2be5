//! The management plane end to end: the real `weka` binary (cleared environment) against the
//! real `weka-server`, with stdout, stderr and the exit status snapshotted (tests/snapshots/).
//!
//! Ports, directories and times are redacted (`common::cli`). Review snapshot changes with
//! `cargo insta review`, or run with `INSTA_UPDATE=always` and read the diff.

#![cfg(all(feature = "cli", feature = "server"))]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::TestServer;
use common::cli::{Outcome, Redact, closed_port, run, run_with_stdin, weka_offline, write_file};
use common::server::ADMIN_PASSWORD;
use serde_json::{Value, json};

const S3ADMIN_POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "All", "Effect": "Allow", "Action": "s3:*", "Resource": ["arn:aws:s3:::*", "arn:aws:s3:::*/*"]}
  ]
}"#;

const BACKUP_POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:ListBucket","s3:GetObject","s3:PutObject"],"Resource":["arn:aws:s3:::backup","arn:aws:s3:::backup/*"]},{"Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"}]}"#;

/// Runs `weka ARGS` against the server as its logged-in admin (or nobody, before login).
fn weka(s: &TestServer, args: &[&str]) -> Outcome {
    run(s.weka().args(args))
}

/// Runs `weka ARGS` with HOME in `home`: another user's (or machine's) session.
fn weka_as(s: &TestServer, home: &Path, args: &[&str]) -> Outcome {
    run(s.weka().env("HOME", home).args(args))
}

fn token_file(s: &TestServer) -> PathBuf {
    s.home.path().join(".weka").join("auth-token.json")
}

/// The session the token file holds for the server.
fn stored_session(s: &TestServer, file: &Path) -> Value {
    let text = std::fs::read_to_string(file).expect("token file");
    let v: Value = serde_json::from_str(&text).expect("token file is JSON");
    v["servers"][format!("{}://{}", s.scheme(), s.api)].clone()
}

fn parse_time(v: &Value) -> time::OffsetDateTime {
    time::OffsetDateTime::parse(
        v.as_str().expect("a time string"),
        &time::format_description::well_known::Rfc3339,
    )
    .expect("RFC 3339")
}

/// Waits (bounded) until the stored access token has expired by the wall clock.
fn wait_until_access_token_expired(s: &TestServer, file: &Path) {
    let expires = parse_time(&stored_session(s, file)["access_token_expires_at"]);
    let deadline = Instant::now() + Duration::from_secs(15);
    while time::OffsetDateTime::now_utc() <= expires {
        assert!(
            Instant::now() < deadline,
            "the access token did not expire in time"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn login_whoami_and_logout() {
    let s = TestServer::start();
    let r = Redact::server(&s);

    // Before any login.
    assert_transcript!(
        "whoami_not_logged_in",
        r,
        weka(&s, &["user", "whoami"]).expect_code(4)
    );

    let wrong = weka(&s, &["user", "login", "admin", "not-the-password"]).expect_code(4);
    assert_transcript!("login_wrong_password", r, wrong);
    assert!(!token_file(&s).exists(), "a failed login stores nothing");

    let login = weka(&s, &["user", "login", "admin", ADMIN_PASSWORD]).expect_success();
    assert_transcript!("login_with_arguments", r, login);

    assert_transcript!("whoami", r, weka(&s, &["user", "whoami"]).expect_success());
    let who = weka(&s, &["--json", "user", "whoami"]).expect_success();
    assert_transcript!("whoami_json", r, who);
    assert_eq!(who.stdout_json()["token_store"], "file");

    assert_transcript!("logout", r, weka(&s, &["user", "logout"]).expect_success());
    assert_eq!(
        stored_session(&s, &token_file(&s)),
        Value::Null,
        "logout forgets the session"
    );
    assert_transcript!("logout_again", r, weka(&s, &["user", "logout"]).expect_success());
    assert_transcript!(
        "policy_list_after_logout",
        r,
        weka(&s, &["s3", "policy", "list"]).expect_code(4)
    );

    // WEKA_USERNAME and WEKA_PASSWORD, as scripts log in; --json never shows the tokens.
    let env_login = run(s
        .weka()
        .env("WEKA_USERNAME", "admin")
        .env("WEKA_PASSWORD", ADMIN_PASSWORD)
        .args(["--json", "user", "login"]))
    .expect_success();
    assert_transcript!("login_from_environment_json", r, env_login);
    let summary = env_login.stdout_json();
    assert!(summary.get("access_token").is_none() && summary.get("refresh_token").is_none());
    let stored = stored_session(&s, &token_file(&s));
    for token in ["access_token", "refresh_token"] {
        let t = stored[token].as_str().expect("stored token");
        assert!(!env_login.stdout.contains(t) && !env_login.stderr.contains(t));
    }
    weka(&s, &["s3", "policy", "list"]).expect_success();

    // A username without a password, on no terminal: says how to pass it.
    let half = weka(&s, &["user", "login", "admin"]).expect_code(2);
    assert_transcript!("login_without_password_no_terminal", r, half);
}

#[test]
fn user_management() {
    let s = TestServer::start();
    s.login_admin();
    let r = Redact::server(&s);
    let bob_home = tempfile::tempdir().unwrap();

    assert_transcript!(
        "user_add",
        r,
        weka(&s, &["user", "add", "bob", "--password", "bob-password-1"]).expect_success()
    );
    assert_transcript!(
        "user_add_cluster_admin_json",
        r,
        weka(
            &s,
            &[
                "--json",
                "user",
                "add",
                "carol",
                "--role",
                "ClusterAdmin",
                "--password",
                "carol-password"
            ]
        )
        .expect_success()
    );
    assert_transcript!(
        "user_add_exists",
        r,
        weka(&s, &["user", "add", "bob", "--password", "bob-password-1"]).expect_code(7)
    );
    assert_transcript!(
        "user_add_exists_json",
        r,
        weka(
            &s,
            &["--json", "user", "add", "bob", "--password", "bob-password-1"]
        )
        .expect_code(7)
    );
    assert_transcript!(
        "user_add_bad_name",
        r,
        weka(&s, &["user", "add", "bob smith", "--password", "bob-password-1"]).expect_code(8)
    );
    assert_transcript!(
        "user_add_short_password",
        r,
        weka(&s, &["user", "add", "dave", "--password", "short"]).expect_code(8)
    );
    assert_transcript!("user_list", r, weka(&s, &["user", "list"]).expect_success());
    assert_transcript!(
        "user_list_no_header",
        r,
        weka(&s, &["--no-header", "user", "list"]).expect_success()
    );
    let list = weka(&s, &["--json", "user", "list"]).expect_success();
    assert_transcript!("user_list_json", r, list);
    let users = list.stdout_json();
    let names: Vec<&str> = users
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["admin", "bob", "carol"]);

    // bob logs in on his own machine.
    weka_as(&s, bob_home.path(), &["user", "login", "bob", "bob-password-1"]).expect_success();
    let bob_who = weka_as(&s, bob_home.path(), &["user", "whoami"]).expect_success();
    assert!(
        bob_who.stdout.contains("  Role:          ReadOnly\n"),
        "{}",
        bob_who.transcript()
    );

    // An admin sets another user's password: no current password needed.
    assert_transcript!(
        "user_passwd_other",
        r,
        weka(&s, &["user", "passwd", "bob", "--password", "bob-password-2"]).expect_success()
    );
    weka_as(&s, bob_home.path(), &["user", "login", "bob", "bob-password-1"]).expect_code(4);
    weka_as(&s, bob_home.path(), &["user", "login", "bob", "bob-password-2"]).expect_success();

    // One's own password needs the current one.
    assert_transcript!(
        "user_passwd_own_wrong_current",
        r,
        weka(
            &s,
            &[
                "user",
                "passwd",
                "--current-password",
                "wrong-password",
                "--password",
                "admin-password-2"
            ]
        )
        .expect_code(4)
    );
    assert_transcript!(
        "user_passwd_own",
        r,
        weka(
            &s,
            &[
                "user",
                "passwd",
                "--current-password",
                ADMIN_PASSWORD,
                "--password",
                "admin-password-2"
            ]
        )
        .expect_success()
    );
    let other = tempfile::tempdir().unwrap();
    weka_as(&s, other.path(), &["user", "login", "admin", ADMIN_PASSWORD]).expect_code(4);
    weka_as(&s, other.path(), &["user", "login", "admin", "admin-password-2"]).expect_success();

    assert_transcript!(
        "user_remove_without_yes",
        r,
        weka(&s, &["user", "remove", "bob"]).expect_code(2)
    );
    assert_transcript!(
        "user_remove",
        r,
        weka(&s, &["user", "remove", "bob", "--yes"]).expect_success()
    );
    assert_transcript!(
        "user_remove_missing",
        r,
        weka(&s, &["user", "remove", "bob", "--yes"]).expect_code(6)
    );
    // bob's session ended with his account; the hint names this server's port.
    let ended = weka_as(&s, bob_home.path(), &["s3", "policy", "list"]).expect_code(4);
    let bob_r = r
        .clone()
        .literal(&bob_home.path().display().to_string(), "[BOB_HOME]");
    assert_transcript!("session_of_removed_user", bob_r, ended);
}

#[test]
fn policy_commands() {
    let s = TestServer::start();
    s.login_admin();
    let dir = tempfile::tempdir().unwrap();
    let r = Redact::server(&s).literal(&dir.path().display().to_string(), "[DIR]");
    let s3admin = write_file(dir.path(), "s3admin.json", S3ADMIN_POLICY);

    assert_transcript!(
        "policy_add",
        r,
        weka(&s, &["s3", "policy", "add", "s3admin", &s3admin]).expect_success()
    );
    assert_transcript!(
        "policy_add_stdin_json",
        r,
        run_with_stdin(
            s.weka().args(["--json", "s3", "policy", "add", "backup-rw", "-"]),
            BACKUP_POLICY
        )
        .expect_success()
    );
    assert_transcript!(
        "policy_add_exists",
        r,
        weka(&s, &["s3", "policy", "add", "s3admin", &s3admin]).expect_code(7)
    );
    assert_transcript!(
        "policy_add_missing_file",
        r,
        weka(
            &s,
            &[
                "s3",
                "policy",
                "add",
                "other",
                &format!("{}/nope.json", dir.path().display())
            ]
        )
        .expect_code(1)
    );

    assert_transcript!(
        "policy_attach",
        r,
        weka(&s, &["s3", "policy", "attach", "backup-rw", "svc-backup"]).expect_success()
    );
    weka(&s, &["s3", "policy", "attach", "readonly", "svc-backup"]).expect_success();
    weka(&s, &["s3", "policy", "attach", "backup-rw", "u-0002"]).expect_success();
    assert_transcript!(
        "policy_attach_missing_policy",
        r,
        weka(&s, &["s3", "policy", "attach", "nope", "svc-backup"]).expect_code(6)
    );

    assert_transcript!(
        "policy_list",
        r,
        weka(&s, &["s3", "policy", "list"]).expect_success()
    );
    assert_transcript!(
        "policy_list_no_header",
        r,
        weka(&s, &["--no-header", "s3", "policy", "list"]).expect_success()
    );
    let list = weka(&s, &["--json", "s3", "policy", "list"]).expect_success();
    assert_transcript!("policy_list_json", r, list);
    let backup = list
        .stdout_json()
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "backup-rw")
        .cloned()
        .expect("backup-rw listed");
    assert_eq!(backup["attached_to"], json!(["svc-backup", "u-0002"]));

    // show: pretty JSON that can be added again as it is.
    let show = weka(&s, &["s3", "policy", "show", "backup-rw"]).expect_success();
    assert_transcript!("policy_show", r, show);
    let pretty: Value = serde_json::from_str(&show.stdout).expect("show prints JSON");
    assert_eq!(pretty, serde_json::from_str::<Value>(BACKUP_POLICY).unwrap());
    let again = write_file(dir.path(), "again.json", &show.stdout);
    weka(&s, &["s3", "policy", "add", "backup-rw-copy", &again]).expect_success();
    let show_json = weka(&s, &["--json", "s3", "policy", "show", "backup-rw"]).expect_success();
    assert_transcript!("policy_show_json", r, show_json);
    assert_eq!(
        show_json.stdout_json()["document"],
        BACKUP_POLICY,
        "--json shows the document byte for byte"
    );
    assert_transcript!(
        "policy_show_missing",
        r,
        weka(&s, &["s3", "policy", "show", "S3Admin"]).expect_code(6)
    );

    assert_transcript!(
        "policy_detach",
        r,
        weka(&s, &["s3", "policy", "detach", "backup-rw", "u-0002"]).expect_success()
    );
    assert_transcript!(
        "policy_detach_not_attached",
        r,
        weka(&s, &["s3", "policy", "detach", "backup-rw", "u-0002"])
    );

    assert_transcript!(
        "policy_remove_without_yes",
        r,
        weka(&s, &["s3", "policy", "remove", "s3admin"]).expect_code(2)
    );
    assert_transcript!(
        "policy_remove",
        r,
        weka(&s, &["s3", "policy", "remove", "s3admin", "--yes"]).expect_success()
    );
    assert_transcript!(
        "policy_remove_missing",
        r,
        weka(&s, &["s3", "policy", "remove", "s3admin", "--yes"]).expect_code(6)
    );
    assert_transcript!(
        "policy_list_after_remove",
        r,
        weka(&s, &["s3", "policy", "list"]).expect_success()
    );
}

/// Every class of policy the server refuses, through the CLI: the message names the statement
/// and the field, the exit status is 8, nothing is stored.
#[test]
fn policy_validation_errors() {
    let s = TestServer::start();
    s.login_admin();
    let dir = tempfile::tempdir().unwrap();
    let r = Redact::server(&s).literal(&dir.path().display().to_string(), "[DIR]");
    let statement = |extra: &str| {
        format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"{extra}}}]}}"#
        )
    };
    let large = {
        let resources: Vec<String> = (0..300)
            .map(|i| format!("\"arn:aws:s3:::bucket-{i:04}/*\""))
            .collect();
        format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"s3:GetObject","Resource":[{}]}}]}}"#,
            resources.join(",")
        )
    };
    let cases: Vec<(&str, String)> = vec![
        (
            "json_syntax",
            "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\",}\n  ]\n}\n".into(),
        ),
        ("not_an_object", "[1, 2, 3]".into()),
        (
            "version_missing",
            r#"{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#.into(),
        ),
        (
            "version_unknown",
            r#"{"Version":"2020-01-01","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#.into(),
        ),
        ("statement_missing", r#"{"Version":"2012-10-17"}"#.into()),
        ("statement_empty", r#"{"Version":"2012-10-17","Statement":[]}"#.into()),
        (
            "effect",
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Permit","Action":"s3:GetObject","Resource":"*"}]}"#.into(),
        ),
        (
            "action_unknown",
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":["s3:GetObject","s3:GetObjekt"],"Resource":"*"}]}"#.into(),
        ),
        (
            "not_action_unknown",
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"},{"Effect":"Deny","NotAction":"s3:ListBukket","Resource":"*"}]}"#.into(),
        ),
        (
            "resource_not_s3",
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:iam::123456789012:role/x"}]}"#.into(),
        ),
        ("principal", statement(r#","Principal":"*""#)),
        (
            "condition_operator",
            statement(r#","Condition":{"StringFoo":{"aws:username":"x"}}"#),
        ),
        ("too_large", large),
        ("unknown_statement_field", statement(r#","Colour":"blue""#)),
        (
            "unknown_top_level_field",
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}],"Extra":1}"#.into(),
        ),
    ];
    for (name, document) in &cases {
        let file = write_file(dir.path(), &format!("{name}.json"), document);
        let out = weka(&s, &["s3", "policy", "add", &format!("p-{name}"), &file]);
        assert_eq!(out.code, 8, "{name}:\n{}", out.transcript());
        assert_transcript!(format!("policy_invalid_{name}"), r, out);
    }
    // JSON errors carry the field at fault as details.
    let file = dir.path().join("action_unknown.json").display().to_string();
    let json_err = weka(&s, &["--json", "s3", "policy", "add", "p", &file]).expect_code(8);
    assert_transcript!("policy_invalid_json_error", r, json_err);
    let e = json_err.stderr_json();
    assert_eq!(e["error"]["name"], "InvalidPolicy");
    assert_eq!(
        e["error"]["details"],
        json!({"statement": 0, "sid": "Read", "field": "Action[1]"})
    );

    // Names.
    let good = write_file(dir.path(), "good.json", S3ADMIN_POLICY);
    let long = "a".repeat(129);
    for (name, policy) in [
        ("name_invalid_characters", "s3 admin!"),
        ("name_too_long", long.as_str()),
        ("name_empty", ""),
    ] {
        let out = weka(&s, &["s3", "policy", "add", policy, &good]).expect_code(8);
        assert_transcript!(format!("policy_{name}"), r, out);
    }
    weka(&s, &["s3", "policy", "add", &"a".repeat(128), &good]).expect_success();

    // Built-in policies cannot be replaced or removed.
    assert_transcript!(
        "policy_builtin_add",
        r,
        weka(&s, &["s3", "policy", "add", "readonly", &good]).expect_code(7)
    );
    assert_transcript!(
        "policy_builtin_remove",
        r,
        weka(&s, &["s3", "policy", "remove", "readwrite", "--yes"]).expect_code(7)
    );

    // Nothing invalid was stored.
    let list = weka(&s, &["--json", "s3", "policy", "list"]).expect_success();
    let names: Vec<String> = list
        .stdout_json()
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names.len(), 4, "{names:?}");
    assert!(names.iter().all(|n| !n.starts_with("p-")), "{names:?}");
}

/// `--json` prints every command's result as one JSON document on stdout and nothing on stderr.
#[test]
fn json_results_of_the_remaining_commands() {
    let s = TestServer::start();
    s.login_admin();
    let dir = tempfile::tempdir().unwrap();
    let r = Redact::server(&s).literal(&dir.path().display().to_string(), "[DIR]");
    let policy = write_file(dir.path(), "p.json", S3ADMIN_POLICY);
    weka(&s, &["user", "add", "bob", "--password", "bob-password-1"]).expect_success();
    weka(&s, &["s3", "policy", "add", "s3admin", &policy]).expect_success();
    weka(&s, &["s3", "bucket", "create", "data"]).expect_success();
    let steps: &[(&str, &[&str])] = &[
        (
            "user_passwd",
            &["user", "passwd", "bob", "--password", "bob-password-2"],
        ),
        ("user_remove", &["user", "remove", "bob", "--yes"]),
        (
            "policy_attach",
            &["s3", "policy", "attach", "s3admin", "svc-backup"],
        ),
        (
            "policy_detach",
            &["s3", "policy", "detach", "s3admin", "svc-backup"],
        ),
        ("policy_remove", &["s3", "policy", "remove", "s3admin", "--yes"]),
        ("bucket_remove", &["s3", "bucket", "remove", "data", "--yes"]),
        (
            "sts_revoke_subject",
            &["s3", "sts", "revoke", "--subject", "svc-backup", "--yes"],
        ),
        ("logout", &["user", "logout"]),
        ("logout_not_logged_in", &["user", "logout"]),
    ];
    for (name, args) in steps {
        let mut json_args = vec!["--json"];
        json_args.extend_from_slice(args);
        let out = weka(&s, &json_args).expect_success();
        assert!(out.stderr.is_empty(), "{name}:\n{}", out.transcript());
        out.stdout_json();
        assert_transcript!(format!("json_{name}"), r, out);
    }
}

#[test]
fn bucket_and_sts_commands() {
    let s = TestServer::start();
    s.login_admin();
    let r = Redact::server(&s);

    assert_transcript!(
        "bucket_list_empty",
        r,
        weka(&s, &["s3", "bucket", "list"]).expect_success()
    );
    assert_transcript!(
        "bucket_create",
        r,
        weka(&s, &["s3", "bucket", "create", "backup"]).expect_success()
    );
    assert_transcript!(
        "bucket_create_json",
        r,
        weka(&s, &["--json", "s3", "bucket", "create", "media.archive-2"]).expect_success()
    );
    assert_transcript!(
        "bucket_create_exists",
        r,
        weka(&s, &["s3", "bucket", "create", "backup"]).expect_code(7)
    );
    assert_transcript!(
        "bucket_create_invalid",
        r,
        weka(&s, &["s3", "bucket", "create", "Backup_1"]).expect_code(8)
    );
    assert_transcript!(
        "bucket_list",
        r,
        weka(&s, &["s3", "bucket", "list"]).expect_success()
    );
    assert_transcript!(
        "bucket_list_no_header",
        r,
        weka(&s, &["--no-header", "s3", "bucket", "list"]).expect_success()
    );
    assert_transcript!(
        "bucket_list_json",
        r,
        weka(&s, &["--json", "s3", "bucket", "list"]).expect_success()
    );
    assert_transcript!(
        "bucket_remove_without_yes",
        r,
        weka(&s, &["s3", "bucket", "remove", "backup"]).expect_code(2)
    );
    assert_transcript!(
        "bucket_remove",
        r,
        weka(&s, &["s3", "bucket", "remove", "backup", "--yes"]).expect_success()
    );
    assert_transcript!(
        "bucket_remove_missing",
        r,
        weka(&s, &["s3", "bucket", "remove", "backup", "--yes"]).expect_code(6)
    );
    let left = weka(&s, &["--json", "s3", "bucket", "list"]).expect_success();
    assert_eq!(left.stdout_json().as_array().unwrap().len(), 1);

    assert_transcript!(
        "sts_list_empty",
        r,
        weka(&s, &["s3", "sts", "list"]).expect_success()
    );
    assert_transcript!(
        "sts_list_empty_json",
        r,
        weka(&s, &["--json", "s3", "sts", "list"]).expect_success()
    );
    assert_transcript!(
        "sts_revoke_unknown",
        r,
        weka(&s, &["s3", "sts", "revoke", "ASIANOTISSUED0000000"]).expect_code(6)
    );
}

/// A command expected to fail with `code`, run with HOME in `home`.
struct ErrorCase<'a> {
    name: &'a str,
    code: i32,
    /// The stable `error.name` of the JSON error.
    error_name: &'a str,
    home: &'a Path,
    args: Vec<&'a str>,
}

/// One refusal per documented exit code, as text and as JSON; the JSON error's code is the
/// exit status and its name is stable.
#[test]
fn exit_codes_and_json_errors() {
    let s = TestServer::start();
    s.login_admin();
    let dir = tempfile::tempdir().unwrap();
    let r = Redact::server(&s).literal(&dir.path().display().to_string(), "[DIR]");
    let bad_policy = write_file(
        dir.path(),
        "bad.json",
        r#"{"Version":"2012-10-17","Statement":[]}"#,
    );
    weka(&s, &["user", "add", "viewer", "--password", "viewer-password"]).expect_success();
    let viewer = tempfile::tempdir().unwrap();
    weka_as(&s, viewer.path(), &["user", "login", "viewer", "viewer-password"]).expect_success();
    let nobody = tempfile::tempdir().unwrap();
    let dead = closed_port().to_string();

    let cases = [
        ErrorCase {
            name: "usage",
            code: 2,
            error_name: "UsageError",
            home: s.home.path(),
            args: vec!["s3", "policy", "add", "only-a-name"],
        },
        ErrorCase {
            name: "connection",
            code: 3,
            error_name: "ConnectionFailed",
            home: s.home.path(),
            args: vec!["-P", &dead, "user", "login", "admin", "x"],
        },
        ErrorCase {
            name: "auth",
            code: 4,
            error_name: "NotAuthenticated",
            home: nobody.path(),
            args: vec!["s3", "policy", "list"],
        },
        ErrorCase {
            name: "permission",
            code: 5,
            error_name: "PermissionDenied",
            home: viewer.path(),
            args: vec!["s3", "bucket", "create", "data"],
        },
        ErrorCase {
            name: "not_found",
            code: 6,
            error_name: "NotFound",
            home: s.home.path(),
            args: vec!["s3", "policy", "show", "nope"],
        },
        ErrorCase {
            name: "exists",
            code: 7,
            error_name: "AlreadyExists",
            home: s.home.path(),
            args: vec!["user", "add", "viewer", "--password", "viewer-password"],
        },
        ErrorCase {
            name: "invalid",
            code: 8,
            error_name: "InvalidPolicy",
            home: s.home.path(),
            args: vec!["s3", "policy", "add", "bad", &bad_policy],
        },
    ];
    let r = r.port(dead.parse().unwrap(), "[CLOSED_PORT]");
    for ErrorCase {
        name,
        code,
        error_name,
        home,
        args,
    } in cases
    {
        let text = weka_as(&s, home, &args);
        assert_eq!(text.code, code, "{name}:\n{}", text.transcript());
        assert!(text.stdout.is_empty(), "{name}: errors go to stderr");
        assert!(
            text.stderr.starts_with("Error: ") || text.stderr.starts_with("error: "),
            "{name}"
        );
        assert_transcript!(format!("exit_{code}_{name}"), r, text);

        let mut json_args = vec!["--json"];
        json_args.extend(&args);
        let js = weka_as(&s, home, &json_args);
        assert_eq!(js.code, code, "{name} --json:\n{}", js.transcript());
        assert!(js.stdout.is_empty(), "{name}: errors go to stderr");
        let e = js.stderr_json();
        assert_eq!(e["error"]["code"], code, "{name}");
        assert_eq!(e["error"]["name"], error_name, "{name}");
        assert!(
            e["error"]["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{name}"
        );
        assert_transcript!(format!("exit_{code}_{name}_json"), r, js);
    }
}

/// ReadOnly users may show and list, nothing else; without a session nothing works.
#[test]
fn read_only_and_unauthenticated_callers_are_refused() {
    let s = TestServer::start();
    s.login_admin();
    let dir = tempfile::tempdir().unwrap();
    let policy = write_file(dir.path(), "p.json", S3ADMIN_POLICY);
    weka(&s, &["user", "add", "viewer", "--password", "viewer-password"]).expect_success();
    weka(&s, &["s3", "policy", "add", "s3admin", &policy]).expect_success();
    weka(&s, &["s3", "bucket", "create", "data"]).expect_success();
    let viewer = tempfile::tempdir().unwrap();
    let nobody = tempfile::tempdir().unwrap();
    let r = Redact::server(&s)
        .literal(&dir.path().display().to_string(), "[DIR]")
        .literal(&viewer.path().display().to_string(), "[VIEWER_HOME]")
        .literal(&nobody.path().display().to_string(), "[NOBODY_HOME]");
    weka_as(&s, viewer.path(), &["user", "login", "viewer", "viewer-password"]).expect_success();

    let reads: &[&[&str]] = &[
        &["user", "whoami"],
        &["user", "list"],
        &["s3", "policy", "list"],
        &["s3", "policy", "show", "s3admin"],
        &["s3", "cluster", "oidc", "show"],
        &["s3", "bucket", "list"],
        &["s3", "sts", "list"],
    ];
    for args in reads {
        weka_as(&s, viewer.path(), args).expect_success();
        let refused = weka_as(&s, nobody.path(), args).expect_code(4);
        assert!(
            refused.stderr.contains("not logged in"),
            "{}",
            refused.transcript()
        );
    }

    let writes: &[(&str, &[&str])] = &[
        ("user_add", &["user", "add", "eve", "--password", "eve-password"]),
        ("user_remove", &["user", "remove", "admin", "--yes"]),
        (
            "user_passwd_other",
            &["user", "passwd", "admin", "--password", "taken-over-1"],
        ),
        ("policy_add", &["s3", "policy", "add", "mine", &policy]),
        ("policy_remove", &["s3", "policy", "remove", "s3admin", "--yes"]),
        ("policy_attach", &["s3", "policy", "attach", "s3admin", "viewer"]),
        ("policy_detach", &["s3", "policy", "detach", "s3admin", "viewer"]),
        (
            "oidc_add",
            &[
                "s3",
                "cluster",
                "oidc",
                "add",
                "--config-url",
                "http://127.0.0.1:1/x",
            ],
        ),
        ("oidc_remove", &["s3", "cluster", "oidc", "remove", "--yes"]),
        ("bucket_create", &["s3", "bucket", "create", "mine"]),
        ("bucket_remove", &["s3", "bucket", "remove", "data", "--yes"]),
        (
            "sts_revoke",
            &["s3", "sts", "revoke", "--subject", "svc", "--yes"],
        ),
    ];
    for (name, args) in writes {
        let out = weka_as(&s, viewer.path(), args);
        assert_eq!(out.code, 5, "{name}:\n{}", out.transcript());
        assert_transcript!(format!("read_only_{name}"), r, out);
        let unauth = weka_as(&s, nobody.path(), args).expect_code(4);
        assert!(
            unauth.stderr.starts_with("Error: not logged in to "),
            "{}",
            unauth.transcript()
        );
    }
    assert_transcript!(
        "unauthenticated_policy_add",
        r,
        weka_as(&s, nobody.path(), &["s3", "policy", "add", "mine", &policy]).expect_code(4)
    );

    // Nothing changed.
    let policies = weka(&s, &["--json", "s3", "policy", "list"])
        .expect_success()
        .stdout_json();
    assert_eq!(policies.as_array().unwrap().len(), 4);
    let buckets = weka(&s, &["--json", "s3", "bucket", "list"])
        .expect_success()
        .stdout_json();
    assert_eq!(
        buckets,
        json!([{"name": "data", "created_at": buckets[0]["created_at"]}])
    );
    // The viewer may change their own password.
    weka_as(
        &s,
        viewer.path(),
        &[
            "user",
            "passwd",
            "--current-password",
            "viewer-password",
            "--password",
            "viewer-password-2",
        ],
    )
    .expect_success();
}

#[test]
fn an_expired_access_token_is_renewed_by_the_cli() {
    let s = TestServer::builder().args(["--access-token-ttl", "3s"]).start();
    s.login_admin();
    let file = token_file(&s);
    let before = stored_session(&s, &file);
    wait_until_access_token_expired(&s, &file);

    let out = weka(&s, &["-v", "s3", "policy", "list"]).expect_success();
    assert!(out.stdout.starts_with("NAME "), "{}", out.transcript());
    assert!(
        out.stderr.contains("the access token expired; renewing it"),
        "{}",
        out.transcript()
    );
    let after = stored_session(&s, &file);
    assert_ne!(
        after["access_token"], before["access_token"],
        "a new access token was stored"
    );
    assert!(parse_time(&after["access_token_expires_at"]) > parse_time(&before["access_token_expires_at"]));
    assert_eq!(after["username"], "admin");
    // The tokens never reach the terminal, not even with -v.
    for token in [
        &before["access_token"],
        &before["refresh_token"],
        &after["access_token"],
    ] {
        let t = token.as_str().unwrap();
        assert!(!out.stdout.contains(t) && !out.stderr.contains(t));
    }
    // The file stays private after being rewritten.
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    weka(&s, &["user", "whoami"]).expect_success();
}

#[test]
fn a_revoked_refresh_token_is_refused() {
    let s = TestServer::builder().args(["--access-token-ttl", "3s"]).start();
    let r = Redact::server(&s);
    let file = token_file(&s);

    // Logout from another copy of the same session.
    s.login_admin();
    let copy = tempfile::tempdir().unwrap();
    let copy_file = copy.path().join("copy.json");
    std::fs::copy(&file, &copy_file).unwrap();
    run(s
        .weka()
        .env("WEKA_TOKEN_FILE", &copy_file)
        .args(["user", "logout"]))
    .expect_success();
    wait_until_access_token_expired(&s, &file);
    let out = weka(&s, &["s3", "policy", "list"]).expect_code(4);
    assert_transcript!("refresh_token_revoked_by_logout_elsewhere", r, out);
    assert_eq!(
        stored_session(&s, &file),
        Value::Null,
        "the dead session is forgotten"
    );
    assert_transcript!(
        "after_revoked_session",
        r,
        weka(&s, &["s3", "policy", "list"]).expect_code(4)
    );

    // user_logout over JSON-RPC with the CLI's refresh token (the admin from another client).
    s.login_admin();
    let refresh = stored_session(&s, &file)["refresh_token"]
        .as_str()
        .unwrap()
        .to_string();
    let other = s.admin_token();
    s.rpc(Some(&other), "user_logout", json!({"refresh_token": refresh}))
        .expect("user_logout");
    wait_until_access_token_expired(&s, &file);
    let out = weka(&s, &["--json", "s3", "policy", "list"]).expect_code(4);
    assert_transcript!("refresh_token_revoked_over_rpc_json", r, out);
    assert_eq!(out.stderr_json()["error"]["name"], "NotAuthenticated");
    s.login_admin();
    weka(&s, &["s3", "policy", "list"]).expect_success();
}

#[test]
fn a_restart_keeps_users_policies_buckets_oidc_and_sessions() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let idp = rt.block_on(common::test_idp::TestIdp::start_with(&[
        common::test_idp::KeyKind::Rs256,
    ]));
    let mut s = TestServer::start();
    s.login_admin();
    let dir = tempfile::tempdir().unwrap();
    let policy = write_file(dir.path(), "p.json", BACKUP_POLICY);
    weka(&s, &["user", "add", "viewer", "--password", "viewer-password"]).expect_success();
    let viewer = tempfile::tempdir().unwrap();
    weka_as(&s, viewer.path(), &["user", "login", "viewer", "viewer-password"]).expect_success();
    weka(&s, &["s3", "policy", "add", "backup-rw", &policy]).expect_success();
    weka(&s, &["s3", "policy", "attach", "backup-rw", "svc-backup"]).expect_success();
    weka(&s, &["s3", "bucket", "create", "backup"]).expect_success();
    weka(
        &s,
        &[
            "s3",
            "cluster",
            "oidc",
            "add",
            "--config-url",
            &idp.config_url(),
            "--audience",
            "weka-s3",
        ],
    )
    .expect_success();

    let views: &[&[&str]] = &[
        &["--json", "user", "list"],
        &["--json", "s3", "policy", "list"],
        &["--json", "s3", "policy", "show", "backup-rw"],
        &["--json", "s3", "bucket", "list"],
        &["--json", "s3", "cluster", "oidc", "show"],
    ];
    let before: Vec<Value> = views
        .iter()
        .map(|a| weka(&s, a).expect_success().stdout_json())
        .collect();

    s.restart_on_same_ports();

    // The same sessions work without logging in again.
    for (args, was) in views.iter().zip(&before) {
        let now = weka(&s, args).expect_success().stdout_json();
        assert_eq!(&now, was, "{args:?} changed across the restart");
    }
    let who = weka_as(&s, viewer.path(), &["--json", "user", "whoami"]).expect_success();
    assert_eq!(who.stdout_json()["username"], "viewer");
    let r = Redact::server(&s).literal(&idp.base_url(), "[IDP]");
    assert_transcript!(
        "oidc_show_after_restart",
        r,
        weka(&s, &["s3", "cluster", "oidc", "show"]).expect_success()
    );
}

#[test]
fn the_token_file_is_private() {
    let s = TestServer::start();
    s.login_admin();
    let file = token_file(&s);
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&file), 0o600, "token file");
    assert_eq!(mode(file.parent().unwrap()), 0o700, "its directory");

    // WEKA_TOKEN_FILE in a directory that does not exist yet.
    let other = tempfile::tempdir().unwrap();
    let moved = other.path().join("nested").join("tokens.json");
    run(s
        .weka()
        .env("WEKA_TOKEN_FILE", &moved)
        .args(["user", "login", "admin", ADMIN_PASSWORD]))
    .expect_success();
    assert_eq!(mode(&moved), 0o600, "moved token file");
    assert_eq!(mode(moved.parent().unwrap()), 0o700, "its new directory");
    let who = run(s
        .weka()
        .env("WEKA_TOKEN_FILE", &moved)
        .args(["--json", "user", "whoami"]))
    .expect_success();
    assert_eq!(who.stdout_json()["token_file"], moved.display().to_string());
}

/// `WEKA_TOKEN_STORE=auto` (the default) uses the kernel keyring where a write-then-read
/// works and the file elsewhere; whichever it picks, login, whoami and logout agree on it.
#[test]
fn the_auto_token_store_works_here_and_says_which_store() {
    let s = TestServer::start();
    let auto = || {
        let mut c = s.weka();
        c.env("WEKA_TOKEN_STORE", "auto");
        c
    };
    let login = run(auto().args(["--json", "user", "login", "admin", ADMIN_PASSWORD])).expect_success();
    let store = login.stdout_json()["token_store"].as_str().unwrap().to_string();
    let who = run(auto().args(["--json", "user", "whoami"]))
        .expect_success()
        .stdout_json();
    assert_eq!(who["token_store"], store.as_str());
    let in_file = token_file(&s).exists() && stored_session(&s, &token_file(&s)) != Value::Null;
    match store.as_str() {
        "file" => {
            assert!(in_file, "auto fell back to the file, which holds the session");
            assert_eq!(who["token_file"], token_file(&s).display().to_string());
            let text = run(auto().args(["user", "whoami"])).expect_success();
            assert!(
                text.stdout
                    .contains(&format!("  Token Store:   file {}\n", token_file(&s).display())),
                "{}",
                text.transcript()
            );
        }
        "keyring" => {
            assert!(!in_file, "a keyring session is not also in the file");
            assert_eq!(who["token_file"], Value::Null);
            let text = run(auto().args(["user", "whoami"])).expect_success();
            assert!(
                text.stdout.contains("  Token Store:   OS keyring\n"),
                "{}",
                text.transcript()
            );
        }
        other => panic!("unexpected token store {other:?}"),
    }
    run(auto().args(["s3", "policy", "list"])).expect_success();
    run(auto().args(["user", "logout"])).expect_success();
    run(auto().args(["user", "whoami"])).expect_code(4);
}

#[test]
fn tls_with_a_self_signed_certificate() {
    let s = TestServer::builder().arg("--tls-self-signed").start();
    assert!(s.tls);
    let ca = s.ca_cert();
    assert!(ca.exists(), "weka-server wrote {}", ca.display());
    let r = Redact::server(&s);
    let bare = || {
        let mut c = s.weka();
        c.env_remove("WEKA_CA_CERT");
        c
    };
    let login = ["user", "login", "admin", ADMIN_PASSWORD];

    // Plain HTTP to a TLS port; TLS without the CA.
    let plain = run(bare().args(login)).expect_code(3);
    assert_transcript!("tls_plain_http_to_tls_server", r, plain);
    let untrusted = run(bare().arg("--tls").args(login)).expect_code(3);
    assert_transcript!("tls_without_ca_cert", r, untrusted);
    assert!(untrusted.stderr.contains("--ca-cert"));
    let untrusted_json = run(bare().args(["--tls", "--json"]).args(login)).expect_code(3);
    assert_eq!(untrusted_json.stderr_json()["error"]["name"], "TlsFailure");
    // The leaf certificate is not a CA.
    run(bare()
        .arg("--ca-cert")
        .arg(s.data_dir.join("tls").join("cert.pem"))
        .args(login))
    .expect_code(3);

    // --ca-cert, and WEKA_CA_CERT.
    let ok = run(bare().arg("--ca-cert").arg(&ca).args(login)).expect_success();
    assert_transcript!("tls_login_with_ca_cert", r, ok);
    run(bare().arg("--ca-cert").arg(&ca).args(["s3", "policy", "list"])).expect_success();
    let env = run(bare().env("WEKA_CA_CERT", &ca).args(["user", "whoami"])).expect_success();
    assert!(
        env.stdout
            .contains(&format!("  Server:        https://{}\n", s.api)),
        "{}",
        env.transcript()
    );
    // A session expects the same trust: without the CA the next command fails the same way.
    let later = run(bare().args(["--tls", "s3", "policy", "list"])).expect_code(3);
    assert!(later.stderr.contains("--ca-cert"), "{}", later.transcript());
}

#[test]
fn completions_for_every_shell() {
    let home = tempfile::tempdir().unwrap();
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    for (shell, file, marker) in [
        ("bash", "weka.bash", "complete -F _weka"),
        ("zsh", "_weka", "#compdef weka"),
        ("fish", "weka.fish", "complete -c weka"),
        ("powershell", "_weka.ps1", "Register-ArgumentCompleter"),
        ("elvish", "weka.elv", "edit:completion:arg-completer[weka]"),
    ] {
        let out = run(weka_offline(home.path()).args(["completions", shell])).expect_success();
        assert!(out.stderr.is_empty(), "{shell}: {}", out.stderr);
        assert!(out.stdout.contains(marker), "{shell} script lacks {marker:?}");
        for command in ["login", "policy", "oidc", "bucket", "completions"] {
            assert!(out.stdout.contains(command), "{shell} script lacks {command}");
        }
        // The committed file (checked against the clap tree by tests/generated_files.rs).
        let want = std::fs::read_to_string(committed.join(file)).unwrap();
        assert!(
            out.stdout == want,
            "`weka completions {shell}` differs from completions/{file}"
        );
    }
    let bad = run(weka_offline(home.path()).args(["completions", "tcsh"])).expect_code(2);
    assert_transcript!("completions_unknown_shell", Redact::default(), bad);
}

#[test]
fn help_texts() {
    let home = tempfile::tempdir().unwrap();
    for (name, args) in [
        ("help_weka", &["--help"][..]),
        ("help_s3", &["s3", "--help"]),
        ("help_user", &["user", "--help"]),
        ("help_s3_policy", &["s3", "policy", "--help"]),
        ("help_s3_cluster_oidc", &["s3", "cluster", "oidc", "--help"]),
        (
            "help_s3_cluster_oidc_add",
            &["s3", "cluster", "oidc", "add", "--help"],
        ),
        ("help_s3_policy_add", &["s3", "policy", "add", "--help"]),
        ("help_user_login", &["user", "login", "--help"]),
    ] {
        let out = run(weka_offline(home.path()).args(args)).expect_success();
        assert!(out.stderr.is_empty(), "{name}: {}", out.stderr);
        assert!(
            !out.stdout.contains("--claim-name"),
            "{name} shows the hidden --claim-name"
        );
        assert_transcript!(name, Redact::default(), out);
    }
    // Short help (-h) lists every group.
    let short = run(weka_offline(home.path()).arg("-h")).expect_success();
    for group in ["user", "s3", "completions"] {
        assert!(short.stdout.contains(&format!("  {group}")), "{}", short.stdout);
    }
    let version = run(weka_offline(home.path()).arg("--version")).expect_success();
    assert_eq!(version.stdout, format!("weka {}\n", env!("CARGO_PKG_VERSION")));
}
