//! The management API at the JSON-RPC level: envelope, errors, authentication, roles,
//! token lifetimes, durability across restarts and crashes, TLS.

mod common;

use std::time::Duration;

use common::TestServer;
use common::server::{ADMIN_PASSWORD, error_name};
use serde_json::json;

#[test]
fn envelope_batches_notifications_and_standard_errors() {
    let s = TestServer::start();
    // Parse error.
    let (status, v) = s.rpc_raw(None, "{not json");
    assert_eq!(status, 200);
    assert_eq!(v["error"]["code"], -32700);
    assert_eq!(v["id"], serde_json::Value::Null);
    // Not a request object.
    let (_, v) = s.rpc_raw(None, r#"{"jsonrpc":"2.0","id":3}"#);
    assert_eq!(v["error"]["code"], -32600);
    assert_eq!(v["id"], 3);
    let (_, v) = s.rpc_raw(None, r#"{"jsonrpc":"1.0","method":"user_login","id":4}"#);
    assert_eq!(v["error"]["code"], -32600);
    let (_, v) = s.rpc_raw(None, "[]");
    assert_eq!(v["error"]["code"], -32600);
    let (_, v) = s.rpc_raw(None, "42");
    assert_eq!(v["error"]["code"], -32600);
    // Unknown method.
    let (_, v) = s.rpc_raw(None, r#"{"jsonrpc":"2.0","method":"no_such","id":"x"}"#);
    assert_eq!(v["error"]["code"], -32601);
    assert_eq!(v["id"], "x");
    // Invalid params: missing field, wrong shape, unknown field.
    let (_, v) = s.rpc_raw(
        None,
        r#"{"jsonrpc":"2.0","method":"user_login","params":{"username":"admin"},"id":1}"#,
    );
    assert_eq!(v["error"]["code"], -32602);
    assert!(
        v["error"]["message"].as_str().unwrap().contains("password"),
        "{v}"
    );
    let (_, v) = s.rpc_raw(
        None,
        r#"{"jsonrpc":"2.0","method":"user_login","params":["admin","x"],"id":1}"#,
    );
    assert_eq!(v["error"]["code"], -32602);
    // A batch: responses for requests, none for the notification, in order.
    let token = s.admin_token();
    let batch = r#"[{"jsonrpc":"2.0","method":"user_whoami","id":1},
                    {"jsonrpc":"2.0","method":"user_whoami"},
                    {"jsonrpc":"2.0","method":"nope","id":2}]"#;
    let (_, v) = s.rpc_raw(Some(&token), batch);
    let arr = v.as_array().expect("batch response");
    assert_eq!(arr.len(), 2);
    assert_eq!(arr[0]["result"]["username"], "admin");
    assert_eq!(arr[1]["error"]["code"], -32601);
    // Only notifications: no body.
    let (status, v) = s.rpc_raw(Some(&token), r#"{"jsonrpc":"2.0","method":"user_whoami"}"#);
    assert_eq!(status, 204);
    assert!(v.is_null());
}

#[test]
fn authentication_and_roles() {
    let s = TestServer::start();
    // No token, bad token.
    let e = s.rpc(None, "user_list", json!({})).unwrap_err();
    assert_eq!(error_name(&e), "NotAuthenticated");
    assert!(e["data"]["hint"].as_str().unwrap().contains("weka user login"));
    let e = s.rpc(Some("wat_forged"), "user_list", json!({})).unwrap_err();
    assert_eq!(error_name(&e), "NotAuthenticated");
    // Wrong password, unknown user: the same answer.
    let a = s
        .rpc(
            None,
            "user_login",
            json!({"username": "admin", "password": "wrong-password"}),
        )
        .unwrap_err();
    let b = s
        .rpc(
            None,
            "user_login",
            json!({"username": "nobody", "password": "wrong-password"}),
        )
        .unwrap_err();
    assert_eq!(a["message"], b["message"]);
    assert_eq!(error_name(&a), "NotAuthenticated");

    let admin = s.admin_token();
    let r = s.rpc(
        Some(&admin),
        "user_add",
        json!({"username": "viewer", "password": "viewer-password", "role": "ReadOnly"}),
    );
    assert_eq!(r.unwrap()["role"], "ReadOnly");
    let e = s
        .rpc(
            Some(&admin),
            "user_add",
            json!({"username": "viewer", "password": "viewer-password", "role": "ReadOnly"}),
        )
        .unwrap_err();
    assert_eq!(error_name(&e), "AlreadyExists");
    let e = s.rpc(
        Some(&admin),
        "user_add",
        json!({"username": "x y", "password": "viewer-password", "role": "ReadOnly"}),
    );
    assert_eq!(error_name(&e.unwrap_err()), "InvalidArgument");
    let e = s.rpc(
        Some(&admin),
        "user_add",
        json!({"username": "short", "password": "short", "role": "ReadOnly"}),
    );
    assert_eq!(error_name(&e.unwrap_err()), "InvalidArgument");

    let viewer = s.token("viewer", "viewer-password");
    // ReadOnly may list and show...
    let users = s.rpc(Some(&viewer), "user_list", json!({})).unwrap();
    assert_eq!(users.as_array().unwrap().len(), 2);
    // ...but not change anything.
    let e = s
        .rpc(
            Some(&viewer),
            "user_add",
            json!({"username": "x", "password": "xxxxxxxxxx", "role": "ClusterAdmin"}),
        )
        .unwrap_err();
    assert_eq!(error_name(&e), "PermissionDenied");
    assert!(e["message"].as_str().unwrap().contains("ClusterAdmin"));
    let e = s
        .rpc(Some(&viewer), "user_remove", json!({"username": "admin"}))
        .unwrap_err();
    assert_eq!(error_name(&e), "PermissionDenied");
    // A ReadOnly user may change their own password with the current one.
    let e = s
        .rpc(
            Some(&viewer),
            "user_set_password",
            json!({"password": "new-viewer-pass"}),
        )
        .unwrap_err();
    assert_eq!(error_name(&e), "InvalidArgument");
    s.rpc(
        Some(&viewer),
        "user_set_password",
        json!({"password": "new-viewer-pass", "current_password": "viewer-password"}),
    )
    .unwrap();
    let e = s
        .rpc(
            Some(&viewer),
            "user_set_password",
            json!({"username": "admin", "password": "hijacked-pass"}),
        )
        .unwrap_err();
    assert_eq!(error_name(&e), "PermissionDenied");
    s.token("viewer", "new-viewer-pass");

    // Admin cannot remove itself, nor the last admin; can remove others.
    let e = s
        .rpc(Some(&admin), "user_remove", json!({"username": "admin"}))
        .unwrap_err();
    assert_eq!(error_name(&e), "InvalidArgument");
    s.rpc(Some(&admin), "user_remove", json!({"username": "viewer"}))
        .unwrap();
    let e = s.rpc(Some(&viewer), "user_list", json!({})).unwrap_err();
    assert_eq!(error_name(&e), "NotAuthenticated");
    let e = s
        .rpc(Some(&admin), "user_remove", json!({"username": "viewer"}))
        .unwrap_err();
    assert_eq!(error_name(&e), "NotFound");
}

#[test]
fn access_tokens_expire_refresh_works_and_logout_revokes() {
    let s = TestServer::builder().args(["--access-token-ttl", "3s"]).start();
    let login = s
        .rpc(
            None,
            "user_login",
            json!({"username": "admin", "password": ADMIN_PASSWORD}),
        )
        .unwrap();
    let access = login["access_token"].as_str().unwrap().to_string();
    let refresh = login["refresh_token"].as_str().unwrap().to_string();
    s.rpc(Some(&access), "user_whoami", json!({})).unwrap();
    std::thread::sleep(Duration::from_millis(3200));
    let e = s.rpc(Some(&access), "user_whoami", json!({})).unwrap_err();
    assert_eq!(error_name(&e), "TokenExpired");
    let again = s
        .rpc(None, "user_refresh", json!({"refresh_token": refresh}))
        .unwrap();
    let access2 = again["access_token"].as_str().unwrap().to_string();
    assert_ne!(access, access2);
    assert_eq!(
        s.rpc(Some(&access2), "user_whoami", json!({})).unwrap()["username"],
        "admin"
    );
    // The refresh token cannot be used as an access token.
    let e = s.rpc(Some(&refresh), "user_whoami", json!({})).unwrap_err();
    assert_eq!(error_name(&e), "NotAuthenticated");
    // Logout revokes the access token and the refresh token.
    s.rpc(Some(&access2), "user_logout", json!({"refresh_token": refresh}))
        .unwrap();
    let e = s.rpc(Some(&access2), "user_whoami", json!({})).unwrap_err();
    assert_eq!(error_name(&e), "NotAuthenticated");
    let e = s
        .rpc(None, "user_refresh", json!({"refresh_token": refresh}))
        .unwrap_err();
    assert_eq!(error_name(&e), "NotAuthenticated");
    assert!(e["message"].as_str().unwrap().contains("revoked"));
}

#[test]
fn changes_survive_restart_and_crash() {
    let mut s = TestServer::start();
    let admin = s.admin_token();
    s.rpc(
        Some(&admin),
        "user_add",
        json!({"username": "ops", "password": "ops-password", "role": "ClusterAdmin"}),
    )
    .unwrap();
    s.restart();
    let admin = s.admin_token();
    let users = s.rpc(Some(&admin), "user_list", json!({})).unwrap();
    assert_eq!(users.as_array().unwrap().len(), 2);
    // An acknowledged write survives SIGKILL right after the answer.
    s.rpc(
        Some(&admin),
        "user_add",
        json!({"username": "late", "password": "late-password", "role": "ReadOnly"}),
    )
    .unwrap();
    s.restart_after_crash();
    s.token("late", "late-password");
    // A login token survives too.
    s.rpc(Some(&admin), "user_whoami", json!({})).unwrap();
}

#[test]
fn generated_admin_password_is_written_once_to_a_private_file() {
    let mut s = TestServer::builder().admin_password(None).start();
    let file = s.data_dir.join("admin-password");
    let password = std::fs::read_to_string(&file)
        .expect("admin-password file")
        .trim()
        .to_string();
    assert!(password.len() >= 20);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(
            std::fs::metadata(&s.data_dir).unwrap().permissions().mode() & 0o777,
            0o700
        );
        let db = s.data_dir.join("weka.db");
        assert_eq!(std::fs::metadata(db).unwrap().permissions().mode() & 0o777, 0o600);
    }
    assert!(s.log().contains("admin-password"));
    assert!(!s.log().contains(&password), "the password must not be logged");
    s.token("admin", &password);
    s.restart();
    assert_eq!(std::fs::read_to_string(&file).unwrap().trim(), password);
}

#[test]
fn refuses_non_loopback_plain_http() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_weka-server"))
        .env_clear()
        .args([
            "--data-dir",
            "/nonexistent/never-created",
            "--s3-listen",
            "0.0.0.0:0",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("not a loopback address") && err.contains("--tls-self-signed"),
        "{err}"
    );
}

#[test]
fn tls_with_generated_certificate() {
    let s = TestServer::builder().arg("--tls-self-signed").start();
    assert!(s.tls);
    let ca = s.ca_cert();
    assert!(ca.exists());
    // Our client trusts the CA file...
    let token = s.admin_token();
    assert_eq!(
        s.rpc(Some(&token), "user_whoami", json!({})).unwrap()["username"],
        "admin"
    );
    // ...and a client without it refuses the connection.
    let plain = reqwest::blocking::Client::new();
    assert!(
        plain
            .post(format!("https://{}/api/v1", s.api))
            .body("{}")
            .send()
            .is_err()
    );
    // Plain HTTP to a TLS port fails.
    let over_http = plain.post(format!("http://{}/api/v1", s.api)).body("{}").send();
    assert!(!over_http.is_ok_and(|r| r.status().is_success()));
}

#[test]
fn healthz_on_both_listeners() {
    let s = TestServer::start();
    for addr in [s.api, s.s3] {
        let body = reqwest::blocking::get(format!("http://{addr}/healthz"))
            .unwrap()
            .text()
            .unwrap();
        assert_eq!(body, "ok\n");
    }
}

/// The seed's example policy, as the documentation prints it (indentation included).
pub const SEED_S3ADMIN: &str = r#"{
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

#[test]
fn policies_are_validated_stored_verbatim_and_protected() {
    let s = TestServer::start();
    let admin = s.admin_token();
    let list = s.rpc(Some(&admin), "s3_policy_list", json!({})).unwrap();
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["readonly", "readwrite", "writeonly"]);
    assert!(list.as_array().unwrap().iter().all(|p| p["builtin"] == true));

    let added = s
        .rpc(
            Some(&admin),
            "s3_policy_add",
            json!({"name": "s3admin", "document": SEED_S3ADMIN}),
        )
        .unwrap();
    assert_eq!(added["statements"], 1);
    let shown = s
        .rpc(Some(&admin), "s3_policy_show", json!({"name": "s3admin"}))
        .unwrap();
    assert_eq!(shown["document"], SEED_S3ADMIN, "stored byte for byte");
    let e = s
        .rpc(Some(&admin), "s3_policy_show", json!({"name": "S3Admin"}))
        .unwrap_err();
    assert_eq!(error_name(&e), "NotFound");

    let e = s
        .rpc(
            Some(&admin),
            "s3_policy_add",
            json!({"name": "s3admin", "document": SEED_S3ADMIN}),
        )
        .unwrap_err();
    assert_eq!(error_name(&e), "AlreadyExists");
    for builtin in ["readonly", "writeonly", "readwrite"] {
        let e = s
            .rpc(
                Some(&admin),
                "s3_policy_add",
                json!({"name": builtin, "document": SEED_S3ADMIN}),
            )
            .unwrap_err();
        assert_eq!(error_name(&e), "Protected");
        let e = s
            .rpc(Some(&admin), "s3_policy_remove", json!({"name": builtin}))
            .unwrap_err();
        assert_eq!(error_name(&e), "Protected");
    }
    let e = s
        .rpc(
            Some(&admin),
            "s3_policy_add",
            json!({"name": "bad name", "document": SEED_S3ADMIN}),
        )
        .unwrap_err();
    assert_eq!(error_name(&e), "InvalidArgument");

    // Validation errors carry the statement and field, or the line and column.
    let e = s
        .rpc(
            Some(&admin),
            "s3_policy_add",
            json!({"name": "broken", "document": "{\n  \"Version\": \"2012-10-17\",\n  oops\n}"}),
        )
        .unwrap_err();
    assert_eq!(error_name(&e), "InvalidPolicy");
    assert_eq!(e["data"]["details"]["line"], 3, "{e}");
    let doc =
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObjcet","Resource":"*"}]}"#;
    let e = s
        .rpc(
            Some(&admin),
            "s3_policy_add",
            json!({"name": "typo", "document": doc}),
        )
        .unwrap_err();
    assert_eq!(error_name(&e), "InvalidPolicy");
    assert_eq!(e["data"]["details"]["statement"], 0);
    assert!(
        e["message"].as_str().unwrap().contains("s3:GetObject"),
        "suggests the right name: {e}"
    );

    // Attachments.
    s.rpc(
        Some(&admin),
        "s3_policy_attach",
        json!({"policy": "s3admin", "identity": "alice"}),
    )
    .unwrap();
    let e = s
        .rpc(
            Some(&admin),
            "s3_policy_attach",
            json!({"policy": "s3admin", "identity": "alice"}),
        )
        .unwrap_err();
    assert_eq!(error_name(&e), "AlreadyExists");
    let e = s
        .rpc(
            Some(&admin),
            "s3_policy_attach",
            json!({"policy": "nope", "identity": "alice"}),
        )
        .unwrap_err();
    assert_eq!(error_name(&e), "NotFound");
    let shown = s
        .rpc(Some(&admin), "s3_policy_show", json!({"name": "s3admin"}))
        .unwrap();
    assert_eq!(shown["attached_to"], json!(["alice"]));
    s.rpc(
        Some(&admin),
        "s3_policy_detach",
        json!({"policy": "s3admin", "identity": "alice"}),
    )
    .unwrap();
    let e = s
        .rpc(
            Some(&admin),
            "s3_policy_detach",
            json!({"policy": "s3admin", "identity": "alice"}),
        )
        .unwrap_err();
    assert_eq!(error_name(&e), "NotFound");

    // ReadOnly users list and show but do not change.
    s.rpc(
        Some(&admin),
        "user_add",
        json!({"username": "viewer", "password": "viewer-password", "role": "ReadOnly"}),
    )
    .unwrap();
    let viewer = s.token("viewer", "viewer-password");
    s.rpc(Some(&viewer), "s3_policy_list", json!({})).unwrap();
    s.rpc(Some(&viewer), "s3_policy_show", json!({"name": "s3admin"}))
        .unwrap();
    for (m, p) in [
        ("s3_policy_add", json!({"name": "x", "document": SEED_S3ADMIN})),
        ("s3_policy_remove", json!({"name": "s3admin"})),
        (
            "s3_policy_attach",
            json!({"policy": "s3admin", "identity": "bob"}),
        ),
    ] {
        assert_eq!(
            error_name(&s.rpc(Some(&viewer), m, p).unwrap_err()),
            "PermissionDenied",
            "{m}"
        );
    }
    s.rpc(Some(&admin), "s3_policy_remove", json!({"name": "s3admin"}))
        .unwrap();
    let e = s
        .rpc(Some(&admin), "s3_policy_remove", json!({"name": "s3admin"}))
        .unwrap_err();
    assert_eq!(error_name(&e), "NotFound");
}

#[test]
fn every_method_is_routed() {
    let s = TestServer::start();
    let token = s.admin_token();
    for (name, _) in weka::api::ALL_METHODS {
        // Empty params are wrong for most methods; any answer but MethodNotFound shows the route.
        let e = s.rpc(Some(&token), name, json!({})).err();
        if let Some(e) = e {
            assert_ne!(e["code"], -32601, "{name} is not routed");
        }
    }
}

#[test]
fn two_servers_share_one_data_directory() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    // Started together on a new directory: one admin, one server key.
    let (a, b) = std::thread::scope(|scope| {
        let a = scope.spawn(|| TestServer::builder().data_dir(&data).start());
        let b = scope.spawn(|| TestServer::builder().data_dir(&data).start());
        (a.join().unwrap(), b.join().unwrap())
    });
    let ta = a.admin_token();
    let tb = b.admin_token();
    // Concurrent writes through both.
    std::thread::scope(|scope| {
        for (s, t, prefix) in [(&a, &ta, "a"), (&b, &tb, "b")] {
            scope.spawn(move || {
                for i in 0..20 {
                    let name = format!("{prefix}{i}");
                    s.rpc(
                        Some(t),
                        "user_add",
                        json!({"username": name, "password": "password-123", "role": "ReadOnly"}),
                    )
                    .unwrap();
                }
            });
        }
    });
    for (s, t) in [(&a, &ta), (&b, &tb)] {
        let users = s.rpc(Some(t), "user_list", json!({})).unwrap();
        assert_eq!(users.as_array().unwrap().len(), 41);
    }
    // A session from one is valid on the other.
    assert_eq!(
        b.rpc(Some(&ta), "user_whoami", json!({})).unwrap()["username"],
        "admin"
    );
    drop((a, b));
    let conn = rusqlite::Connection::open(data.join("weka.db")).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}
