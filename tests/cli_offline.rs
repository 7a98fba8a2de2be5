//! The `weka` binary where no server is needed or none listens: connection failures,
//! refusals, usage errors, the session file. Runs with a cleared environment and a
//! temporary HOME. (Tests against a running weka-server live with the server's tests.)

#![cfg(feature = "cli")]

use std::net::TcpListener;
use std::path::Path;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use serde_json::Value;

/// `weka` with nothing from the caller's environment but PATH, and HOME in `home`.
fn weka(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_weka"));
    cmd.env_clear()
        .env("HOME", home)
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("WEKA_TOKEN_STORE", "file")
        .timeout(Duration::from_secs(30));
    cmd
}

/// A loopback port where nothing listens (bound, then released).
fn dead_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Writes a session for `server` into HOME's token file, as `weka user login` would.
fn write_session(home: &Path, server: &str) {
    let dir = home.join(".weka");
    std::fs::create_dir_all(&dir).unwrap();
    let file = serde_json::json!({
        "version": 1,
        "servers": { server: {
            "username": "admin", "role": "ClusterAdmin",
            "access_token": "at", "access_token_expires_at": "2099-01-01T00:00:00Z",
            "refresh_token": "rt", "refresh_token_expires_at": "2099-01-02T00:00:00Z",
        }}
    });
    std::fs::write(dir.join("auth-token.json"), file.to_string()).unwrap();
}

#[test]
fn login_to_a_port_where_nothing_listens_fails_fast_with_exit_3() {
    let home = tempfile::tempdir().unwrap();
    let port = dead_port();
    let started = Instant::now();
    let out = weka(home.path())
        .args(["-P", &port.to_string(), "user", "login", "admin", "password"])
        .output()
        .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(out.status.code(), Some(3));
    assert!(out.stdout.is_empty());
    let stderr = stderr_of(&out);
    assert!(
        stderr.starts_with(&format!(
            "Error: cannot connect to weka-server at 127.0.0.1:{port}\n"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("Caused by: Connection refused"), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "Hint: is weka-server running on 127.0.0.1:{port}? start it with `weka-server`"
        )),
        "{stderr}"
    );
    assert!(
        !home.path().join(".weka").exists(),
        "a failed login stores nothing"
    );
}

#[test]
fn a_logged_in_command_against_a_dead_server_is_exit_3_in_json_too() {
    let home = tempfile::tempdir().unwrap();
    let port = dead_port();
    write_session(home.path(), &format!("http://127.0.0.1:{port}"));
    let out = weka(home.path())
        .args(["--json", "-P", &port.to_string(), "s3", "policy", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(out.stdout.is_empty());
    let err: Value = serde_json::from_slice(&out.stderr).expect("stderr is one JSON object");
    assert_eq!(err["error"]["code"], 3);
    assert_eq!(err["error"]["name"], "ConnectionFailed");
    assert!(err["error"]["hint"].as_str().unwrap().contains("weka-server"));
}

#[test]
fn without_a_session_commands_say_how_to_log_in() {
    let home = tempfile::tempdir().unwrap();
    let out = weka(home.path())
        .args(["-P", "15000", "s3", "policy", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert_eq!(
        stderr_of(&out),
        "Error: not logged in to http://127.0.0.1:15000\nHint: log in with `weka -P 15000 user login`\n"
    );
}

#[test]
fn destructive_commands_without_yes_are_refused_before_connecting() {
    let home = tempfile::tempdir().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (&["s3", "policy", "remove", "s3admin"], "remove policy 's3admin'"),
        (
            &["s3", "cluster", "oidc", "remove"],
            "remove the OIDC configuration",
        ),
        (&["user", "remove", "bob"], "remove user 'bob'"),
        (&["s3", "bucket", "remove", "data"], "remove bucket 'data'"),
        (
            &["s3", "bucket", "remove", "data", "--force"],
            "remove bucket 'data' and all its objects",
        ),
        (
            &["s3", "sts", "revoke", "--subject", "svc"],
            "revoke all temporary credentials of subject 'svc'",
        ),
    ];
    for (args, action) in cases {
        let out = weka(home.path()).args(*args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(
            stderr_of(&out),
            format!("Error: refusing to {action} without --yes\nHint: add --yes to {action}\n"),
            "{args:?}"
        );
    }
}

#[test]
fn login_without_terminal_or_credentials_explains_the_options() {
    let home = tempfile::tempdir().unwrap();
    let out = weka(home.path()).args(["user", "login"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr_of(&out),
        "Error: no username given, and stdin is not a terminal to ask for it\n\
         Hint: pass USER and PASSWORD as arguments, or set WEKA_USERNAME and WEKA_PASSWORD\n"
    );
}

#[test]
fn logout_without_a_session_is_a_no_op() {
    let home = tempfile::tempdir().unwrap();
    let out = weka(home.path()).args(["user", "logout"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stderr_of(&out),
        "Not logged in to http://127.0.0.1:14000; nothing to do.\n"
    );
}

#[test]
fn logout_local_forgets_only_that_server() {
    let home = tempfile::tempdir().unwrap();
    write_session(home.path(), "http://127.0.0.1:14000");
    let out = weka(home.path())
        .args(["user", "logout", "--local"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let file: Value =
        serde_json::from_slice(&std::fs::read(home.path().join(".weka/auth-token.json")).unwrap()).unwrap();
    assert_eq!(file["servers"], serde_json::json!({}));
}

#[test]
fn logout_keeps_the_session_when_the_server_cannot_be_told() {
    let home = tempfile::tempdir().unwrap();
    let port = dead_port();
    let server = format!("http://127.0.0.1:{port}");
    write_session(home.path(), &server);
    let out = weka(home.path())
        .args(["-P", &port.to_string(), "user", "logout"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr_of(&out).contains("weka user logout --local"),
        "{}",
        stderr_of(&out)
    );
    let file: Value =
        serde_json::from_slice(&std::fs::read(home.path().join(".weka/auth-token.json")).unwrap()).unwrap();
    assert!(file["servers"].get(&server).is_some());
}

#[test]
fn usage_errors_are_exit_2_and_json_with_json() {
    let home = tempfile::tempdir().unwrap();
    let out = weka(home.path())
        .args(["s3", "policy", "add", "x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("<FILE>"), "{}", stderr_of(&out));

    let out = weka(home.path())
        .args(["-J", "s3", "sts", "revoke"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["error"]["name"], "UsageError");
    assert_eq!(err["error"]["code"], 2);

    let out = weka(home.path())
        .args(["s3", "cluster", "oidc", "update"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_of(&out).starts_with("Error: nothing to update\n"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn invalid_input_is_refused_before_sending() {
    let home = tempfile::tempdir().unwrap();
    let out = weka(home.path())
        .args(["s3", "policy", "add", "bad name", "-"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(8));
    assert!(
        stderr_of(&out).contains("the policy name has the character ' '"),
        "{}",
        stderr_of(&out)
    );

    let out = weka(home.path())
        .args(["user", "add", "bob", "--password", "short"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(8));
}

#[test]
fn help_version_and_completions_go_to_stdout() {
    let home = tempfile::tempdir().unwrap();
    let out = weka(home.path()).arg("--help").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("Exit codes:"), "{help}");
    assert!(help.contains("WEKA_TOKEN_STORE"), "{help}");

    let out = weka(home.path()).arg("--version").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("weka "));

    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = weka(home.path()).args(["completions", shell]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{shell}");
        assert!(String::from_utf8_lossy(&out.stdout).contains("weka"), "{shell}");
    }
}

#[test]
fn a_bad_token_store_setting_is_named() {
    let home = tempfile::tempdir().unwrap();
    let out = weka(home.path())
        .env("WEKA_TOKEN_STORE", "vault")
        .args(["user", "whoami"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_of(&out).contains("WEKA_TOKEN_STORE is \"vault\""),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn the_token_file_can_be_moved() {
    let home = tempfile::tempdir().unwrap();
    let elsewhere = home.path().join("custom").join("tokens.json");
    let out = weka(home.path())
        .env("WEKA_TOKEN_FILE", &elsewhere)
        .args(["user", "whoami"])
        .output()
        .unwrap();
    // Not logged in: the (missing) custom file was consulted, nothing was created.
    assert_eq!(out.status.code(), Some(4));
    assert!(!elsewhere.exists());
}
