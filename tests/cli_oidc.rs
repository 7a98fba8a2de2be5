//! `weka s3 cluster oidc` and `weka s3 sts` end to end: the real `weka` binary against the real
//! `weka-server`, with the real OpenID provider (tests/idp, node) for the success paths and the
//! in-process test provider for documents no real provider serves. Transcripts are
//! snapshotted in tests/snapshots/.

#![cfg(all(feature = "cli", feature = "server"))]

mod common;

use common::TestServer;
use common::cli::{Outcome, Redact, closed_port, run, write_file};
use common::idp::Idp;
use common::test_idp::{KeyKind, TestIdp};
use serde_json::{Value, json};

fn weka(s: &TestServer, args: &[&str]) -> Outcome {
    run(s.weka().args(args))
}

/// `application/x-www-form-urlencoded` for the STS request (everything but unreserved escaped).
fn form_encode(pairs: &[(&str, &str)]) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The text of the first `<tag>` element of an XML answer.
fn xml_text<'a>(xml: &'a str, tag: &str) -> &'a str {
    let open = format!("<{tag}>");
    let start = xml.find(&open).unwrap_or_else(|| panic!("no <{tag}> in {xml}")) + open.len();
    let end = xml[start..].find(&format!("</{tag}>")).expect("closing tag") + start;
    &xml[start..end]
}

/// Trades `token` for temporary credentials at the server's STS endpoint; returns the access key.
fn assume_role(s: &TestServer, token: &str, session: &str) -> String {
    let body = form_encode(&[
        ("Action", "AssumeRoleWithWebIdentity"),
        ("Version", "2011-06-15"),
        ("RoleArn", "arn:aws:iam::000000000000:role/weka-oidc"),
        ("RoleSessionName", session),
        ("WebIdentityToken", token),
        ("DurationSeconds", "900"),
    ]);
    let resp = reqwest::blocking::Client::new()
        .post(s.sts_url())
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .expect("STS request");
    let status = resp.status();
    let xml = resp.text().expect("STS body");
    assert!(status.is_success(), "STS answered {status}: {xml}");
    xml_text(&xml, "AccessKeyId").to_string()
}

/// The seed's procedure with the real provider: add, show (the seed's format), the refusal of a
/// second add, update, remove; then credentials issued through the STS show in `sts list`.
#[test]
fn oidc_and_sts_with_the_real_provider() {
    let idp = Idp::start(json!({
        "clients": [
            {"client_id": "svc-backup", "client_secret": "backup-secret", "roles": ["backup-rw"]}
        ]
    }));
    let s = TestServer::start();
    s.login_admin();
    let kid = idp.ready["kid"].as_str().expect("kid").to_string();
    let r = Redact::server(&s)
        .literal(&idp.issuer, "[IDP]")
        .literal(&kid, "[KID]");
    let url = idp.discovery.clone();

    let none = weka(&s, &["s3", "cluster", "oidc", "show"]).expect_success();
    assert_transcript!("oidc_show_not_configured", r, none);
    assert_transcript!(
        "oidc_show_not_configured_json",
        r,
        weka(&s, &["--json", "s3", "cluster", "oidc", "show"]).expect_success()
    );

    assert_transcript!(
        "oidc_add",
        r,
        weka(&s, &["s3", "cluster", "oidc", "add", "--config-url", &url]).expect_success()
    );
    let show = weka(&s, &["s3", "cluster", "oidc", "show"]).expect_success();
    assert_transcript!("oidc_show", r, show);
    // Exactly the seed's first three lines.
    assert!(
        show.stdout.starts_with(&format!(
            "OIDC Configuration:\n  Config URL:   {url}\n  Claim Name:   roles\n"
        )),
        "{}",
        show.stdout
    );
    let show_json = weka(&s, &["--json", "s3", "cluster", "oidc", "show"]).expect_success();
    assert_transcript!("oidc_show_json", r, show_json);
    let config = show_json.stdout_json();
    assert_eq!(config["config_url"], url.as_str());
    assert_eq!(config["claim_name"], "roles");
    assert_eq!(config["issuer"], idp.issuer.as_str());
    assert_eq!(config["key_ids"], json!([kid]));

    // One provider: a second add is refused, naming update and remove.
    let again = weka(&s, &["s3", "cluster", "oidc", "add", "--config-url", &url]).expect_code(7);
    assert_transcript!("oidc_add_again", r, again);
    assert!(again.stderr.contains("weka s3 cluster oidc update"));
    assert!(again.stderr.contains("weka s3 cluster oidc remove --yes"));
    let again_json = weka(
        &s,
        &["--json", "s3", "cluster", "oidc", "add", "--config-url", &url],
    )
    .expect_code(7);
    assert_eq!(again_json.stderr_json()["error"]["name"], "AlreadyExists");

    let update_json = weka(
        &s,
        &["--json", "s3", "cluster", "oidc", "update", "--user-claim", "sub"],
    )
    .expect_success();
    assert!(update_json.stderr.is_empty(), "{}", update_json.transcript());
    assert_eq!(update_json.stdout_json()["user_claim"], "sub");
    assert_transcript!(
        "oidc_update_audience",
        r,
        weka(&s, &["s3", "cluster", "oidc", "update", "--audience", "weka-s3"]).expect_success()
    );
    assert_transcript!(
        "oidc_update_nothing",
        r,
        weka(&s, &["s3", "cluster", "oidc", "update"]).expect_code(2)
    );
    // --claim-name is hidden from help but works.
    let claim = weka(&s, &["s3", "cluster", "oidc", "update", "--claim-name", "groups"]).expect_success();
    assert!(
        claim.stdout.contains("\n  Claim Name:   groups\n"),
        "{}",
        claim.transcript()
    );

    assert_transcript!(
        "oidc_remove_without_yes",
        r,
        weka(&s, &["s3", "cluster", "oidc", "remove"]).expect_code(2)
    );
    assert_transcript!(
        "oidc_remove",
        r,
        weka(&s, &["s3", "cluster", "oidc", "remove", "--yes"]).expect_success()
    );
    let add_json = weka(
        &s,
        &["--json", "s3", "cluster", "oidc", "add", "--config-url", &url],
    )
    .expect_success();
    assert!(add_json.stderr.is_empty(), "{}", add_json.transcript());
    assert_eq!(add_json.stdout_json()["config_url"], url.as_str());
    assert_transcript!(
        "oidc_remove_json",
        r,
        weka(&s, &["--json", "s3", "cluster", "oidc", "remove", "--yes"]).expect_success()
    );
    let gone = weka(&s, &["s3", "cluster", "oidc", "show"]).expect_success();
    assert_eq!(gone.stdout, "OIDC is not configured.\n");
    assert_transcript!(
        "oidc_remove_not_configured",
        r,
        weka(&s, &["s3", "cluster", "oidc", "remove", "--yes"]).expect_code(6)
    );
    assert_transcript!(
        "oidc_update_not_configured",
        r,
        weka(&s, &["s3", "cluster", "oidc", "update", "--audience", "x"]).expect_code(6)
    );

    // add with --claim-name and --audience, then credentials through the STS.
    let add = weka(
        &s,
        &[
            "s3",
            "cluster",
            "oidc",
            "add",
            "--config-url",
            &url,
            "--claim-name",
            "roles",
            "--audience",
            "weka-s3",
        ],
    )
    .expect_success();
    assert!(
        add.stdout
            .contains("\n  Claim Name:   roles\n  User Claim:   sub\n  Audiences:    weka-s3\n")
    );
    let dir = tempfile::tempdir().unwrap();
    let policy = write_file(
        dir.path(),
        "p.json",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::backup*"}]}"#,
    );
    weka(&s, &["s3", "policy", "add", "backup-rw", &policy]).expect_success();
    weka(&s, &["s3", "policy", "attach", "readonly", "svc-backup"]).expect_success();
    let token = idp.client_token("svc-backup", "backup-secret");
    let key1 = assume_role(&s, &token, "nightly-backup");
    let key2 = assume_role(&s, &token, "weekly-backup");
    let r = r
        .literal(&key1, "[ACCESS_KEY_1]")
        .literal(&key2, "[ACCESS_KEY_2]");

    let list = weka(&s, &["s3", "sts", "list"]).expect_success();
    assert!(
        list.stdout.contains(&key1) && list.stdout.contains(&key2),
        "{}",
        list.transcript()
    );
    let list_json = weka(&s, &["--json", "s3", "sts", "list", "--subject", "svc-backup"]).expect_success();
    let creds = list_json.stdout_json();
    let creds = creds.as_array().expect("array");
    assert_eq!(creds.len(), 2);
    for c in creds {
        assert_eq!(c["subject"], "svc-backup");
        assert_eq!(c["policies"], json!(["backup-rw", "readonly"]));
        // Secrets are never listed.
        assert!(
            c.get("secret_access_key").is_none() && c.get("session_token").is_none(),
            "{c}"
        );
    }
    let other = weka(&s, &["--json", "s3", "sts", "list", "--subject", "someone-else"]).expect_success();
    assert_eq!(other.stdout_json(), json!([]));
    // Keys are random, so the table's row order is not stable: snapshot one credential.
    assert_transcript!(
        "sts_revoke_one",
        r,
        weka(&s, &["s3", "sts", "revoke", &key1]).expect_success()
    );
    assert_transcript!("sts_list", r, weka(&s, &["s3", "sts", "list"]).expect_success());
    assert_transcript!(
        "sts_list_no_header",
        r,
        weka(&s, &["--no-header", "s3", "sts", "list"]).expect_success()
    );
    assert_transcript!(
        "sts_revoke_subject_without_yes",
        r,
        weka(&s, &["s3", "sts", "revoke", "--subject", "svc-backup"]).expect_code(2)
    );
    assert_transcript!(
        "sts_revoke_subject",
        r,
        weka(&s, &["s3", "sts", "revoke", "--subject", "svc-backup", "--yes"]).expect_success()
    );
    let empty = weka(&s, &["--json", "s3", "sts", "list"]).expect_success();
    assert_eq!(empty.stdout_json(), json!([]));
}

/// Providers the server cannot use are refused at `add` (exit 8, a message naming the problem)
/// and nothing is stored; an `update` to one keeps the working configuration.
#[test]
fn oidc_add_refuses_unusable_providers_and_stores_nothing() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let idp = rt.block_on(TestIdp::start_with(&[KeyKind::Rs256]));
    let s = TestServer::builder().args(["--oidc-timeout", "2s"]).start();
    s.login_admin();
    let closed = closed_port();
    let r = Redact::server(&s)
        .literal(&idp.base_url(), "[IDP]")
        .port(closed, "[CLOSED_PORT]");
    let closed_url = format!("http://127.0.0.1:{closed}/.well-known/openid-configuration");
    let good = idp.config_url();

    type Setup = fn(&TestIdp);
    let cases: Vec<(&str, &str, Setup)> = vec![
        ("closed_port", closed_url.as_str(), |_| {}),
        ("html_page", good.as_str(), |idp| idp.serve_html_discovery()),
        ("not_json", good.as_str(), |idp| {
            idp.set_discovery_body(200, "application/json", "{\"issuer\": ")
        }),
        ("no_jwks_uri", good.as_str(), |idp| {
            idp.serve_discovery_without("jwks_uri")
        }),
        ("jwks_without_keys", good.as_str(), |idp| {
            idp.set_jwks_body(200, "application/json", r#"{"keys":[]}"#)
        }),
        ("provider_unavailable", good.as_str(), |idp| idp.set_down(true)),
        ("not_a_url", "login.example.com", |_| {}),
    ];
    for (name, url, setup) in cases {
        idp.reset_overrides();
        setup(&idp);
        let out = weka(&s, &["s3", "cluster", "oidc", "add", "--config-url", url]);
        assert_eq!(out.code, 8, "{name}:\n{}", out.transcript());
        assert_transcript!(format!("oidc_add_{name}"), r, out);
        let js = weka(
            &s,
            &["--json", "s3", "cluster", "oidc", "add", "--config-url", url],
        )
        .expect_code(8);
        let e = js.stderr_json();
        assert_eq!(e["error"]["code"], 8, "{name}");
        assert_eq!(e["error"]["name"], "OidcDiscoveryFailed", "{name}: {e}");
        let show = weka(&s, &["--json", "s3", "cluster", "oidc", "show"]).expect_success();
        assert_eq!(show.stdout_json(), Value::Null, "{name}: nothing stored");
    }

    // The same provider, working, is accepted; an update to a broken URL keeps it.
    idp.reset_overrides();
    weka(&s, &["s3", "cluster", "oidc", "add", "--config-url", &good]).expect_success();
    let before = weka(&s, &["--json", "s3", "cluster", "oidc", "show"])
        .expect_success()
        .stdout_json();
    let update = weka(
        &s,
        &["s3", "cluster", "oidc", "update", "--config-url", &closed_url],
    )
    .expect_code(8);
    assert_transcript!("oidc_update_to_unusable_url", r, update);
    let after = weka(&s, &["--json", "s3", "cluster", "oidc", "show"])
        .expect_success()
        .stdout_json();
    assert_eq!(before, after, "a failed update changes nothing");
}
