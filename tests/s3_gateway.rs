//! The S3 gateway with the real clients: temporary credentials from the STS (session tokens,
//! expiry, signatures), every supported operation through boto3 and the aws CLI, IAM
//! authorization (actions, ARNs, deny, conditions), storage of awkward keys, crash safety,
//! limits, and bucket administration with the `weka` CLI.
//!
//! Each test starts its own `weka-server` and in-process identity provider (see
//! `common::s3::Gateway`). boto3 runs through `tests/s3_boto3.py`.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::mpsc;
use std::time::{Duration, SystemTime};

use common::TestServer;
use common::s3::{
    Creds, Gateway, Sign, Token, body_bytes, bytes_arg, err, listed_keys, listed_prefixes, ok, run_err,
    run_ok, wait_for,
};
use serde_json::{Value, json};

/// The seed's example policy: read, write and list `my-bucket`, nothing else.
fn seed_s3admin() -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket"],
            "Resource": ["arn:aws:s3:::my-bucket", "arn:aws:s3:::my-bucket/*"]
        }]
    })
}

fn policy(statements: Value) -> Value {
    json!({"Version": "2012-10-17", "Statement": statements})
}

fn allow(actions: &[&str], resources: &[&str]) -> Value {
    json!({"Effect": "Allow", "Action": actions, "Resource": resources})
}

fn deny(actions: &[&str], resources: &[&str]) -> Value {
    json!({"Effect": "Deny", "Action": actions, "Resource": resources})
}

fn sha256_hex(data: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(data))
}

/// Bytes that differ at every position, so a shifted or partial copy is noticed.
fn pattern(len: usize, seed: u8) -> Vec<u8> {
    (0..len)
        .map(|i| {
            (i as u32)
                .wrapping_mul(2_654_435_761)
                .rotate_left(seed as u32 % 32) as u8
                ^ seed
        })
        .collect()
}

// ----- credentials, tokens and signatures (aws-sigv4) -----

#[test]
fn temporary_credentials_are_the_only_way_in() {
    let g = Gateway::start_with(TestServer::builder().args(["--sts-min-duration", "2s"]));
    g.policy("s3admin", seed_s3admin());
    g.bucket("my-bucket");
    let c = g.creds("alice", &["s3admin"]);
    let other = g.creds("bob", &["s3admin"]);

    // Header authentication.
    let r = g.send(g.signed(&c, Sign::put("my-bucket/hello.txt", "hello")));
    assert_eq!(r.status, 200, "{}", r.text());
    let r = g.send(g.signed(&c, Sign::get("my-bucket/hello.txt")));
    assert_eq!((r.status, r.text().as_str()), (200, "hello"));
    // Presigned query authentication: the session token travels in the query.
    let presigned = g.signed(
        &c,
        Sign::get("my-bucket/hello.txt").presigned(Duration::from_secs(300)),
    );
    let query = presigned.uri().query().unwrap_or_default().to_string();
    assert!(query.contains("X-Amz-Security-Token="), "{query}");
    assert!(presigned.headers().get("authorization").is_none());
    let r = g.send(presigned);
    assert_eq!((r.status, r.text().as_str()), (200, "hello"));

    // The session token must be the credential's own, in the header and in the query.
    for (token, what) in [
        (Token::Missing, "no token"),
        (Token::Other("not-a-token".into()), "a made-up token"),
        (
            Token::Other(other.session_token.clone()),
            "another session's token",
        ),
    ] {
        for presign in [false, true] {
            let mut s = Sign::get("my-bucket/hello.txt").token(token.clone());
            if presign {
                s = s.presigned(Duration::from_secs(300));
            }
            let r = g.send(g.signed(&c, s));
            assert_eq!(
                (r.status, r.code().as_str()),
                (400, "InvalidToken"),
                "{what}, presigned: {presign}: {}",
                r.text()
            );
        }
    }

    // An access key the STS never issued.
    let unknown = Creds {
        access_key: "ASIAUNKNOWNKEY000000".into(),
        ..c.clone()
    };
    let r = g.send(g.signed(&unknown, Sign::get("my-bucket/hello.txt")));
    assert_eq!(
        (r.status, r.code().as_str()),
        (403, "InvalidAccessKeyId"),
        "{}",
        r.text()
    );

    // A signature made with the wrong secret.
    let wrong_secret = Creds {
        secret_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".into(),
        ..c.clone()
    };
    for presign in [false, true] {
        let mut s = Sign::get("my-bucket/hello.txt");
        if presign {
            s = s.presigned(Duration::from_secs(300));
        }
        let r = g.send(g.signed(&wrong_secret, s));
        assert_eq!(
            (r.status, r.code().as_str()),
            (403, "SignatureDoesNotMatch"),
            "{}",
            r.text()
        );
    }

    // Tampered requests: a signed header changed, the path changed, the presigned expiry
    // extended, the body swapped.
    let mut req = g.signed(
        &c,
        Sign::put("my-bucket/hello.txt", "HELLO").header("x-amz-meta-owner", "alice"),
    );
    req.headers_mut()
        .insert("x-amz-meta-owner", "mallory".parse().expect("header"));
    let r = g.send(req);
    assert_eq!(
        (r.status, r.code().as_str()),
        (403, "SignatureDoesNotMatch"),
        "{}",
        r.text()
    );
    let mut req = g.signed(&c, Sign::get("my-bucket/hello.txt"));
    *req.uri_mut() = g.url("my-bucket/hello.txx").parse().expect("uri");
    let r = g.send(req);
    assert_eq!(
        (r.status, r.code().as_str()),
        (403, "SignatureDoesNotMatch"),
        "{}",
        r.text()
    );
    let mut req = g.signed(
        &c,
        Sign::get("my-bucket/hello.txt").presigned(Duration::from_secs(60)),
    );
    let extended = req
        .uri()
        .to_string()
        .replace("X-Amz-Expires=60", "X-Amz-Expires=604800");
    assert_ne!(extended, req.uri().to_string());
    *req.uri_mut() = extended.parse().expect("uri");
    let r = g.send(req);
    assert_eq!(
        (r.status, r.code().as_str()),
        (403, "SignatureDoesNotMatch"),
        "{}",
        r.text()
    );
    let mut req = g.signed(&c, Sign::put("my-bucket/hello.txt", "HELLO"));
    *req.body_mut() = b"JELLO".to_vec();
    let r = g.send(req);
    assert_eq!(r.status, 400, "{}", r.text());
    assert_eq!(r.code(), "XAmzContentSHA256Mismatch", "{}", r.text());
    let r = g.send(g.signed(&c, Sign::get("my-bucket/hello.txt")));
    assert_eq!(r.text(), "hello", "no refused write was stored");

    // Clock skew of 20 minutes either way.
    for skew in [-1200i64, 1200] {
        let at = if skew < 0 {
            SystemTime::now() - Duration::from_secs(skew.unsigned_abs())
        } else {
            SystemTime::now() + Duration::from_secs(skew as u64)
        };
        let r = g.send(g.signed(&c, Sign::get("my-bucket/hello.txt").at(at)));
        assert_eq!(
            (r.status, r.code().as_str()),
            (403, "RequestTimeTooSkewed"),
            "{skew}s: {}",
            r.text()
        );
    }

    // Anonymous requests.
    let http = g.http();
    for (method, path) in [
        ("GET", ""),
        ("GET", "my-bucket"),
        ("GET", "my-bucket/hello.txt"),
        ("PUT", "my-bucket/anonymous.txt"),
        ("DELETE", "my-bucket/hello.txt"),
    ] {
        let resp = http
            .request(method.parse().expect("method"), g.url(path))
            .body("x")
            .send()
            .expect("anonymous request");
        let status = resp.status().as_u16();
        let body = resp.text().unwrap_or_default();
        assert_eq!(status, 403, "{method} /{path}: {body}");
        assert!(
            body.contains("<Code>AccessDenied</Code>"),
            "{method} /{path}: {body}"
        );
    }
    let r = g.send(g.signed(&c, Sign::get("my-bucket/anonymous.txt")));
    assert_eq!(r.code(), "NoSuchKey", "the anonymous PUT stored nothing");

    // Expiry: a 3-second session works, then is refused with ExpiredToken, header and presigned.
    let short = g.short_creds("alice", &["s3admin"], 3);
    let r = g.send(g.signed(&short, Sign::get("my-bucket/hello.txt")));
    assert_eq!(r.status, 200, "{}", r.text());
    let presigned_before_expiry = g.signed(
        &short,
        Sign::get("my-bucket/hello.txt").presigned(Duration::from_secs(3600)),
    );
    let expired = wait_for(Duration::from_secs(15), || {
        let r = g.send(g.signed(&short, Sign::get("my-bucket/hello.txt")));
        (r.status != 200).then_some(r)
    })
    .expect("the session never expired");
    assert_eq!(
        (expired.status, expired.code().as_str()),
        (400, "ExpiredToken"),
        "{}",
        expired.text()
    );
    let r = g.send(presigned_before_expiry);
    assert_eq!(
        (r.status, r.code().as_str()),
        (400, "ExpiredToken"),
        "{}",
        r.text()
    );
    // The long session is unaffected.
    let r = g.send(g.signed(&c, Sign::get("my-bucket/hello.txt")));
    assert_eq!(r.status, 200);
}

// ----- operations through boto3 -----

#[test]
fn bucket_operations_through_boto3() {
    let g = Gateway::start();
    g.policy("s3admin", seed_s3admin());
    g.policy(
        "team-admin",
        policy(json!([allow(
            &[
                "s3:CreateBucket",
                "s3:DeleteBucket",
                "s3:ListBucket",
                "s3:GetBucketLocation",
                "s3:PutObject",
            ],
            &["arn:aws:s3:::team-*", "arn:aws:s3:::team-*/*"],
        )])),
    );
    g.policy(
        "keep-team-a",
        policy(json!([deny(&["s3:DeleteBucket"], &["arn:aws:s3:::team-a"])])),
    );
    g.policy(
        "no-listing",
        policy(json!([
            allow(&["s3:ListBucket"], &["arn:aws:s3:::*"]),
            deny(&["s3:ListAllMyBuckets"], &["*"]),
        ])),
    );
    for b in ["my-bucket", "other-bucket", "team-a", "team-b"] {
        g.bucket(b);
    }
    let seed = g.creds("app", &["s3admin"]);
    let team = g.creds("ops", &["team-admin"]);
    let guarded = g.creds("ops", &["team-admin", "keep-team-a"]);
    let unlisted = g.creds("ops", &["no-listing"]);
    let merged = g.creds("ops", &["s3admin", "team-admin", "no-such-policy"]);
    let names = |v: &Value| -> Vec<String> {
        v["Buckets"]
            .as_array()
            .expect("Buckets")
            .iter()
            .map(|b| b["Name"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    let out = g.boto3(
        &[
            ("seed", &seed),
            ("team", &team),
            ("guarded", &guarded),
            ("unlisted", &unlisted),
            ("merged", &merged),
        ],
        json!({}),
        json!([
            {"as": "seed", "op": "list_buckets"},
            {"as": "seed", "op": "head_bucket", "args": {"Bucket": "my-bucket"}},
            {"as": "seed", "op": "head_bucket", "args": {"Bucket": "other-bucket"}},
            {"as": "seed", "op": "create_bucket", "args": {"Bucket": "team-c"}},
            {"as": "seed", "op": "get_bucket_location", "args": {"Bucket": "my-bucket"}},
            // 5
            {"as": "team", "op": "list_buckets"},
            {"as": "team", "op": "create_bucket", "args": {"Bucket": "team-new"}},
            {"as": "team", "op": "list_buckets"},
            {"as": "team", "op": "head_bucket", "args": {"Bucket": "team-new"}},
            {"as": "team", "op": "get_bucket_location", "args": {"Bucket": "team-new"}},
            // 10
            {"as": "team", "op": "create_bucket", "args": {"Bucket": "team-new"}},
            {"as": "team", "op": "create_bucket", "args": {"Bucket": "team-bad_name"}},
            {"as": "team", "op": "put_object", "args": {"Bucket": "team-b", "Key": "k", "Body": {"$text": "x"}}},
            {"as": "team", "op": "delete_bucket", "args": {"Bucket": "team-b"}},
            {"as": "team", "op": "delete_bucket", "args": {"Bucket": "team-new"}},
            // 15
            {"as": "team", "op": "head_bucket", "args": {"Bucket": "team-new"}},
            {"as": "team", "op": "delete_bucket", "args": {"Bucket": "team-new"}},
            {"as": "guarded", "op": "delete_bucket", "args": {"Bucket": "team-a"}},
            {"as": "team", "op": "delete_bucket", "args": {"Bucket": "team-a"}},
            {"as": "unlisted", "op": "list_buckets"},
            // 20
            {"as": "team", "op": "head_bucket", "args": {"Bucket": "team-missing"}},
            {"as": "merged", "op": "list_buckets"},
        ]),
    );
    // The seed's policy lists exactly the bucket it names.
    assert_eq!(names(ok(&out[0])), ["my-bucket"]);
    assert_eq!(ok(&out[1])["HTTPStatusCode"], 200);
    assert_eq!(err(&out[2]), "403");
    assert_eq!(err(&out[3]), "AccessDenied");
    assert_eq!(
        err(&out[4]),
        "AccessDenied",
        "s3admin does not grant s3:GetBucketLocation"
    );

    assert_eq!(names(ok(&out[5])), ["team-a", "team-b"]);
    ok(&out[6]);
    assert_eq!(names(ok(&out[7])), ["team-a", "team-b", "team-new"]);
    assert_eq!(ok(&out[8])["Headers"]["x-amz-bucket-region"], "us-east-1");
    assert_eq!(
        ok(&out[9])["LocationConstraint"],
        Value::Null,
        "us-east-1 is the empty constraint"
    );
    assert_eq!(err(&out[10]), "BucketAlreadyOwnedByYou");
    assert_eq!(err(&out[11]), "InvalidBucketName");
    ok(&out[12]);
    assert_eq!(err(&out[13]), "BucketNotEmpty");
    assert_eq!(ok(&out[14])["HTTPStatusCode"], 204);
    assert_eq!(err(&out[15]), "404");
    assert_eq!(err(&out[16]), "NoSuchBucket");
    assert_eq!(
        err(&out[17]),
        "AccessDenied",
        "the explicit deny wins over the allow"
    );
    assert_eq!(ok(&out[18])["HTTPStatusCode"], 204);
    assert_eq!(err(&out[19]), "AccessDenied", "s3:ListAllMyBuckets is denied");
    assert_eq!(err(&out[20]), "404");
    assert_eq!(
        names(ok(&out[21])),
        ["my-bucket", "team-b"],
        "the union of both policies"
    );

    // The management API sees what the S3 clients did.
    let buckets = g
        .server
        .rpc(Some(&g.admin), "s3_bucket_list", json!({}))
        .expect("bucket list");
    let listed: Vec<&str> = buckets
        .as_array()
        .expect("list")
        .iter()
        .map(|b| b["name"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(listed, ["my-bucket", "other-bucket", "team-b"]);
}

#[test]
fn object_operations_through_boto3() {
    let g = Gateway::start();
    g.policy(
        "data-rw",
        policy(json!([
            allow(&["s3:ListBucket"], &["arn:aws:s3:::data"]),
            allow(&["s3:GetObject", "s3:PutObject"], &["arn:aws:s3:::data/*"]),
            allow(
                &["s3:DeleteObject"],
                &["arn:aws:s3:::data/docs/*", "arn:aws:s3:::data/a.txt"]
            ),
            deny(&["s3:GetObject"], &["arn:aws:s3:::data/secret/*"]),
        ])),
    );
    g.bucket("data");
    g.bucket("elsewhere");
    let c = g.creds("app", &["data-rw"]);
    let keys = [
        "docs/x/1.txt",
        "docs/x/2.txt",
        "docs/y.txt",
        "photos/p1.jpg",
        "photos/p2.jpg",
        "top.txt",
        "secret/s.txt",
    ];
    let mut calls = vec![json!({"op": "put_object", "args": {
        "Bucket": "data", "Key": "a.txt", "Body": {"$text": "hello world"},
        "ContentType": "text/plain", "Metadata": {"owner": "app"}}})];
    for k in keys {
        calls.push(json!({"op": "put_object", "args": {"Bucket": "data", "Key": k, "Body": {"$text": k}}}));
    }
    let base = calls.len();
    calls.extend([
        // base + 0: ranges
        json!({"op": "get_object", "args": {"Bucket": "data", "Key": "a.txt", "Range": "bytes=0-4"}}),
        json!({"op": "get_object", "args": {"Bucket": "data", "Key": "a.txt", "Range": "bytes=-5"}}),
        json!({"op": "get_object", "args": {"Bucket": "data", "Key": "a.txt", "Range": "bytes=20-30"}}),
        // base + 3: conditions
        json!({"op": "get_object", "args": {"Bucket": "data", "Key": "a.txt", "IfMatch": "${0.ETag}"}}),
        json!({"op": "get_object", "args": {"Bucket": "data", "Key": "a.txt", "IfMatch": "\"0123\""}}),
        json!({"op": "get_object", "args": {"Bucket": "data", "Key": "a.txt", "IfNoneMatch": "${0.ETag}"}}),
        json!({"op": "get_object", "args": {"Bucket": "data", "Key": "a.txt", "IfModifiedSince": "2100-01-01T00:00:00Z"}}),
        json!({"op": "get_object", "args": {"Bucket": "data", "Key": "a.txt", "IfUnmodifiedSince": "2000-01-01T00:00:00Z"}}),
        // base + 8: head
        json!({"op": "head_object", "args": {"Bucket": "data", "Key": "a.txt"}}),
        json!({"op": "head_object", "args": {"Bucket": "data", "Key": "missing"}}),
        json!({"op": "get_object", "args": {"Bucket": "data", "Key": "missing"}}),
        // base + 11: copies
        json!({"op": "copy_object", "args": {"Bucket": "data", "Key": "copy.txt", "CopySource": "data/a.txt"}}),
        json!({"op": "get_object", "args": {"Bucket": "data", "Key": "copy.txt"}}),
        json!({"op": "copy_object", "args": {"Bucket": "data", "Key": "leak.txt", "CopySource": "data/secret/s.txt"}}),
        json!({"op": "copy_object", "args": {"Bucket": "elsewhere", "Key": "a.txt", "CopySource": "data/a.txt"}}),
        json!({"op": "copy_object", "args": {"Bucket": "data", "Key": "nope.txt", "CopySource": "elsewhere/x"}}),
        // base + 16: listings V2
        json!({"op": "list_objects_v2", "args": {"Bucket": "data"}}),
        json!({"op": "list_objects_v2", "args": {"Bucket": "data", "Prefix": "docs/", "Delimiter": "/"}}),
        json!({"op": "list_objects_v2", "args": {"Bucket": "data", "Delimiter": "/"}}),
        json!({"op": "list_objects_v2", "args": {"Bucket": "data", "MaxKeys": 3}}),
        json!({"op": "list_objects_v2", "args": {"Bucket": "data", "MaxKeys": 3, "ContinuationToken": "${base19.NextContinuationToken}"}}),
        json!({"op": "list_objects_v2", "args": {"Bucket": "data", "StartAfter": "photos/p1.jpg"}}),
        // base + 22: listings V1
        json!({"op": "list_objects", "args": {"Bucket": "data", "MaxKeys": 2, "Delimiter": "/"}}),
        json!({"op": "list_objects", "args": {"Bucket": "data", "Marker": "photos/p2.jpg"}}),
        json!({"op": "list_objects", "args": {"Bucket": "elsewhere"}}),
        // base + 25: deletes
        json!({"op": "delete_object", "args": {"Bucket": "data", "Key": "a.txt"}}),
        json!({"op": "get_object", "args": {"Bucket": "data", "Key": "a.txt"}}),
        json!({"op": "delete_object", "args": {"Bucket": "data", "Key": "top.txt"}}),
        json!({"op": "delete_objects", "args": {"Bucket": "data", "Delete": {"Objects": [
            {"Key": "docs/x/1.txt"}, {"Key": "photos/p1.jpg"}, {"Key": "docs/never-existed"}, {"Key": "top.txt"}]}}}),
        json!({"op": "list_objects_v2", "args": {"Bucket": "data"}}),
        // base + 30
        json!({"op": "delete_objects", "args": {"Bucket": "data", "Delete": {"Quiet": true, "Objects": [
            {"Key": "docs/x/2.txt"}, {"Key": "photos/p2.jpg"}]}}}),
        json!({"op": "get_object", "args": {"Bucket": "data", "Key": "secret/s.txt"}}),
    ]);
    // References to listing results by position.
    let calls: Vec<Value> = calls
        .into_iter()
        .map(|c| {
            let s = c.to_string().replace("${base19.", &format!("${{{}.", base + 19));
            serde_json::from_str(&s).expect("json")
        })
        .collect();
    let out = g.boto3(&[("default", &c)], json!({}), Value::Array(calls));
    for (i, o) in out[..base].iter().enumerate() {
        assert_eq!(ok(o)["HTTPStatusCode"], 200, "put {i}");
    }
    let etag = ok(&out[0])["ETag"].as_str().expect("etag").to_string();
    assert_eq!(etag, format!("\"{}\"", md5_hex(b"hello world")));
    let at = |i: usize| &out[base + i];

    let r = ok(at(0));
    assert_eq!(
        (
            r["HTTPStatusCode"].as_u64(),
            r["Body"]["text"].as_str(),
            r["ContentRange"].as_str()
        ),
        (Some(206), Some("hello"), Some("bytes 0-4/11"))
    );
    assert_eq!(ok(at(1))["Body"]["text"], "world");
    assert_eq!(err(at(2)), "InvalidRange");
    assert_eq!(ok(at(3))["Body"]["text"], "hello world");
    assert_eq!(err(at(4)), "PreconditionFailed");
    assert_eq!(err(at(5)), "304");
    assert_eq!(err(at(6)), "304");
    assert_eq!(err(at(7)), "PreconditionFailed");

    let h = ok(at(8));
    assert_eq!(h["ContentLength"], 11);
    assert_eq!(h["ETag"], etag.as_str());
    assert_eq!(h["ContentType"], "text/plain");
    assert_eq!(h["Metadata"]["owner"], "app");
    assert_eq!(err(at(9)), "404");
    assert_eq!(err(at(10)), "NoSuchKey");

    assert_eq!(ok(at(11))["CopyObjectResult"]["ETag"], etag.as_str());
    assert_eq!(ok(at(12))["Body"]["text"], "hello world");
    assert_eq!(
        err(at(13)),
        "AccessDenied",
        "copy needs s3:GetObject on the source"
    );
    assert_eq!(
        err(at(14)),
        "AccessDenied",
        "copy needs s3:PutObject on the target"
    );
    assert_eq!(err(at(15)), "AccessDenied", "no s3:GetObject on the other bucket");

    let all = [
        "a.txt",
        "copy.txt",
        "docs/x/1.txt",
        "docs/x/2.txt",
        "docs/y.txt",
        "photos/p1.jpg",
        "photos/p2.jpg",
        "secret/s.txt",
        "top.txt",
    ];
    let v = ok(at(16));
    assert_eq!(listed_keys(v), all);
    assert_eq!(v["KeyCount"], 9);
    assert_eq!(v["Contents"][0]["ETag"], etag.as_str());
    assert_eq!(v["Contents"][0]["Size"], 11);
    let v = ok(at(17));
    assert_eq!(
        (listed_keys(v), listed_prefixes(v)),
        (vec!["docs/y.txt".to_string()], vec!["docs/x/".to_string()])
    );
    let v = ok(at(18));
    assert_eq!(listed_keys(v), ["a.txt", "copy.txt", "top.txt"]);
    assert_eq!(listed_prefixes(v), ["docs/", "photos/", "secret/"]);
    let v = ok(at(19));
    assert_eq!(listed_keys(v), &all[..3]);
    assert_eq!(v["IsTruncated"], true);
    let v = ok(at(20));
    assert_eq!(listed_keys(v), &all[3..6]);
    assert_eq!(v["IsTruncated"], true);
    assert_eq!(listed_keys(ok(at(21))), &all[6..]);

    let v = ok(at(22));
    assert_eq!(listed_keys(v), ["a.txt", "copy.txt"]);
    assert_eq!(v["IsTruncated"], true);
    assert_eq!(v["NextMarker"], "copy.txt");
    assert_eq!(listed_keys(ok(at(23))), ["secret/s.txt", "top.txt"]);
    assert_eq!(err(at(24)), "AccessDenied");

    assert_eq!(ok(at(25))["HTTPStatusCode"], 204);
    assert_eq!(err(at(26)), "NoSuchKey");
    assert_eq!(
        err(at(27)),
        "AccessDenied",
        "s3:DeleteObject is only allowed on docs/*"
    );
    let v = ok(at(28));
    let deleted: Vec<&str> = v["Deleted"]
        .as_array()
        .expect("Deleted")
        .iter()
        .map(|d| d["Key"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(deleted, ["docs/x/1.txt", "docs/never-existed"]);
    let errors: Vec<(&str, &str)> = v["Errors"]
        .as_array()
        .expect("Errors")
        .iter()
        .map(|e| {
            (
                e["Key"].as_str().unwrap_or_default(),
                e["Code"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        errors,
        [("photos/p1.jpg", "AccessDenied"), ("top.txt", "AccessDenied")]
    );
    assert_eq!(
        listed_keys(ok(at(29))),
        [
            "copy.txt",
            "docs/x/2.txt",
            "docs/y.txt",
            "photos/p1.jpg",
            "photos/p2.jpg",
            "secret/s.txt",
            "top.txt"
        ]
    );
    let v = ok(at(30));
    assert!(
        v.get("Deleted").is_none(),
        "quiet mode lists no deleted keys: {v}"
    );
    assert_eq!(v["Errors"][0]["Key"], "photos/p2.jpg");
    assert_eq!(err(at(31)), "AccessDenied", "the explicit deny wins over data/*");
}

fn md5_hex(data: &[u8]) -> String {
    use md5::Digest;
    hex::encode(md5::Md5::digest(data))
}

#[test]
fn multipart_uploads_through_boto3() {
    let g = Gateway::start();
    g.policy(
        "uploader",
        policy(json!([allow(
            &[
                "s3:PutObject",
                "s3:GetObject",
                "s3:ListBucket",
                "s3:ListBucketMultipartUploads",
                "s3:ListMultipartUploadParts",
                "s3:AbortMultipartUpload",
            ],
            &["arn:aws:s3:::mpu", "arn:aws:s3:::mpu/*"],
        )])),
    );
    // Only s3:PutObject: enough to create, upload and complete, not to list or abort.
    g.policy(
        "writer",
        policy(json!([allow(&["s3:PutObject"], &["arn:aws:s3:::mpu/*"])])),
    );
    g.bucket("mpu");
    let full = g.creds("app", &["uploader"]);
    let writer = g.creds("drop", &["writer"]);
    const MIB: usize = 1 << 20;
    let part1 = pattern(5 * MIB, 1);
    let source = pattern(6 * MIB, 2);
    let part3 = b"the last part may be small".to_vec();
    let out = g.boto3(
        &[("default", &full), ("writer", &writer)],
        json!({}),
        json!([
            {"op": "put_object", "args": {"Bucket": "mpu", "Key": "source.bin", "Body": bytes_arg(&source)}},
            {"op": "create_multipart_upload", "args": {"Bucket": "mpu", "Key": "big.bin", "ContentType": "application/x-test"}},
            {"op": "upload_part", "args": {"Bucket": "mpu", "Key": "big.bin", "UploadId": "${1.UploadId}", "PartNumber": 1, "Body": bytes_arg(&part1)}},
            {"op": "upload_part_copy", "args": {"Bucket": "mpu", "Key": "big.bin", "UploadId": "${1.UploadId}", "PartNumber": 2,
                "CopySource": "mpu/source.bin", "CopySourceRange": "bytes=1048576-2097151"}},
            {"op": "upload_part_copy", "args": {"Bucket": "mpu", "Key": "big.bin", "UploadId": "${1.UploadId}", "PartNumber": 2,
                "CopySource": "mpu/source.bin"}},
            // 5
            {"op": "upload_part", "args": {"Bucket": "mpu", "Key": "big.bin", "UploadId": "${1.UploadId}", "PartNumber": 3, "Body": bytes_arg(&part3)}},
            {"op": "list_parts", "args": {"Bucket": "mpu", "Key": "big.bin", "UploadId": "${1.UploadId}"}},
            {"op": "create_multipart_upload", "args": {"Bucket": "mpu", "Key": "abandoned.bin"}},
            {"op": "list_multipart_uploads", "args": {"Bucket": "mpu"}},
            {"op": "complete_multipart_upload", "args": {"Bucket": "mpu", "Key": "big.bin", "UploadId": "${1.UploadId}",
                "MultipartUpload": {"Parts": [
                    {"PartNumber": 1, "ETag": "${2.ETag}"},
                    {"PartNumber": 2, "ETag": "${4.CopyPartResult.ETag}"},
                    {"PartNumber": 3, "ETag": "${5.ETag}"}]}}},
            // 10
            {"op": "head_object", "args": {"Bucket": "mpu", "Key": "big.bin"}},
            {"op": "get_object", "args": {"Bucket": "mpu", "Key": "big.bin", "Range": "bytes=5242870-5242889"}},
            {"op": "abort_multipart_upload", "args": {"Bucket": "mpu", "Key": "abandoned.bin", "UploadId": "${7.UploadId}"}},
            {"op": "list_multipart_uploads", "args": {"Bucket": "mpu"}},
            {"op": "upload_part", "args": {"Bucket": "mpu", "Key": "abandoned.bin", "UploadId": "${7.UploadId}", "PartNumber": 1, "Body": {"$text": "x"}}},
            // 15: the write-only session
            {"as": "writer", "op": "create_multipart_upload", "args": {"Bucket": "mpu", "Key": "dropped.bin"}},
            {"as": "writer", "op": "upload_part", "args": {"Bucket": "mpu", "Key": "dropped.bin", "UploadId": "${15.UploadId}", "PartNumber": 1, "Body": {"$text": "dropped"}}},
            {"as": "writer", "op": "list_parts", "args": {"Bucket": "mpu", "Key": "dropped.bin", "UploadId": "${15.UploadId}"}},
            {"as": "writer", "op": "list_multipart_uploads", "args": {"Bucket": "mpu"}},
            {"as": "writer", "op": "complete_multipart_upload", "args": {"Bucket": "mpu", "Key": "dropped.bin", "UploadId": "${15.UploadId}",
                "MultipartUpload": {"Parts": [{"PartNumber": 1, "ETag": "${16.ETag}"}]}}},
            // 20
            {"as": "writer", "op": "head_object", "args": {"Bucket": "mpu", "Key": "dropped.bin"}},
            {"as": "writer", "op": "abort_multipart_upload", "args": {"Bucket": "mpu", "Key": "x.bin", "UploadId": "${7.UploadId}"}},
            {"op": "get_object", "args": {"Bucket": "mpu", "Key": "dropped.bin"}},
            {"op": "complete_multipart_upload", "args": {"Bucket": "mpu", "Key": "big.bin", "UploadId": "${1.UploadId}",
                "MultipartUpload": {"Parts": [{"PartNumber": 1, "ETag": "${2.ETag}"}]}}},
            // 24: parts but the last must have 5 MiB
            {"op": "create_multipart_upload", "args": {"Bucket": "mpu", "Key": "tiny.bin"}},
            {"op": "upload_part", "args": {"Bucket": "mpu", "Key": "tiny.bin", "UploadId": "${24.UploadId}", "PartNumber": 1, "Body": {"$text": "a"}}},
            {"op": "upload_part", "args": {"Bucket": "mpu", "Key": "tiny.bin", "UploadId": "${24.UploadId}", "PartNumber": 2, "Body": {"$text": "b"}}},
            {"op": "complete_multipart_upload", "args": {"Bucket": "mpu", "Key": "tiny.bin", "UploadId": "${24.UploadId}",
                "MultipartUpload": {"Parts": [{"PartNumber": 1, "ETag": "${25.ETag}"}, {"PartNumber": 2, "ETag": "${26.ETag}"}]}}},
            {"op": "complete_multipart_upload", "args": {"Bucket": "mpu", "Key": "tiny.bin", "UploadId": "${24.UploadId}",
                "MultipartUpload": {"Parts": [{"PartNumber": 2, "ETag": "${26.ETag}"}, {"PartNumber": 1, "ETag": "${25.ETag}"}]}}},
            {"op": "complete_multipart_upload", "args": {"Bucket": "mpu", "Key": "tiny.bin", "UploadId": "${24.UploadId}",
                "MultipartUpload": {"Parts": [{"PartNumber": 1, "ETag": "\"0000\""}]}}},
            // 30: a single (last) part may be small
            {"op": "complete_multipart_upload", "args": {"Bucket": "mpu", "Key": "tiny.bin", "UploadId": "${24.UploadId}",
                "MultipartUpload": {"Parts": [{"PartNumber": 2, "ETag": "${26.ETag}"}]}}},
            // UploadPartCopy needs s3:GetObject on the source, like CopyObject.
            {"as": "writer", "op": "create_multipart_upload", "args": {"Bucket": "mpu", "Key": "copied.bin"}},
            {"as": "writer", "op": "upload_part_copy", "args": {"Bucket": "mpu", "Key": "copied.bin", "UploadId": "${31.UploadId}",
                "PartNumber": 1, "CopySource": "mpu/source.bin"}},
        ]),
    );
    for i in [0, 1, 2, 3, 4, 5] {
        ok(&out[i]);
    }
    assert_eq!(
        ok(&out[3])["CopyPartResult"]["ETag"],
        format!("\"{}\"", md5_hex(&source[MIB..2 * MIB])).as_str(),
        "a part copied from a range"
    );
    // Uploading part 2 again (the whole source) replaced the range copy.
    assert_eq!(
        ok(&out[4])["CopyPartResult"]["ETag"],
        format!("\"{}\"", md5_hex(&source)).as_str()
    );
    let parts = ok(&out[6])["Parts"].as_array().expect("Parts").clone();
    let sizes: Vec<(u64, u64)> = parts
        .iter()
        .map(|p| {
            (
                p["PartNumber"].as_u64().unwrap_or(0),
                p["Size"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        sizes,
        [(1, 5 * MIB as u64), (2, 6 * MIB as u64), (3, part3.len() as u64)]
    );
    let uploads: Vec<&str> = ok(&out[8])["Uploads"]
        .as_array()
        .expect("Uploads")
        .iter()
        .map(|u| u["Key"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(uploads, ["abandoned.bin", "big.bin"]);
    let etag = ok(&out[9])["ETag"].as_str().expect("ETag").to_string();
    assert!(etag.ends_with("-3\""), "a multipart ETag: {etag}");
    let head = ok(&out[10]);
    let total = part1.len() + source.len() + part3.len();
    assert_eq!(head["ContentLength"], total as u64);
    assert_eq!(head["ContentType"], "application/x-test");
    assert_eq!(head["ETag"], etag.as_str());
    let mut expected = part1[5 * MIB - 10..].to_vec();
    expected.extend_from_slice(&source[..10]);
    assert_eq!(
        body_bytes(&ok(&out[11])["Body"]),
        expected,
        "part 1 is followed by the copied part"
    );
    assert_eq!(ok(&out[12])["HTTPStatusCode"], 204);
    let uploads: Vec<&str> = ok(&out[13])["Uploads"]
        .as_array()
        .map(|a| a.iter().map(|u| u["Key"].as_str().unwrap_or_default()).collect())
        .unwrap_or_default();
    assert!(
        uploads.is_empty(),
        "completed and aborted uploads are gone: {uploads:?}"
    );
    assert_eq!(err(&out[14]), "NoSuchUpload");

    ok(&out[15]);
    ok(&out[16]);
    assert_eq!(
        err(&out[17]),
        "AccessDenied",
        "ListParts needs s3:ListMultipartUploadParts"
    );
    assert_eq!(
        err(&out[18]),
        "AccessDenied",
        "ListMultipartUploads needs s3:ListBucketMultipartUploads"
    );
    ok(&out[19]);
    assert_eq!(err(&out[20]), "403", "HeadObject needs s3:GetObject");
    assert_eq!(
        err(&out[21]),
        "AccessDenied",
        "AbortMultipartUpload has its own action"
    );
    assert_eq!(ok(&out[22])["Body"]["text"], "dropped");
    assert_eq!(
        err(&out[23]),
        "NoSuchUpload",
        "a completed upload cannot be completed again"
    );

    assert_eq!(err(&out[27]), "EntityTooSmall");
    assert_eq!(err(&out[28]), "InvalidPartOrder");
    assert_eq!(err(&out[29]), "InvalidPart", "an ETag that is not the part's");
    let v = ok(&out[30]);
    assert_eq!(v["Key"], "tiny.bin");
    assert!(v["ETag"].as_str().is_some_and(|e| e.ends_with("-1\"")), "{v}");
    ok(&out[31]);
    assert_eq!(
        err(&out[32]),
        "AccessDenied",
        "no s3:GetObject on the copy source"
    );
}

/// Base64 checksums of `123456789`, the check input of the CRC catalogue.
const CHECK_INPUT: &str = "123456789";
const CHECK_CRC32: &str = "y/Q5Jg=="; // 0xCBF43926
const CHECK_CRC32C: &str = "4waSgw=="; // 0xE3069283

fn b64(data: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(data)
}

fn check_sha1() -> String {
    use sha1::Digest;
    b64(&sha1::Sha1::digest(CHECK_INPUT.as_bytes()))
}

fn check_sha256() -> String {
    use sha2::Digest;
    b64(&sha2::Sha256::digest(CHECK_INPUT.as_bytes()))
}

#[test]
fn checksums_through_boto3() {
    let g = Gateway::start();
    g.policy(
        "rw",
        policy(json!([allow(
            &["s3:*"],
            &["arn:aws:s3:::sums", "arn:aws:s3:::sums/*"]
        )])),
    );
    g.bucket("sums");
    let c = g.creds("app", &["rw"]);
    let md5_of = |d: &[u8]| {
        use md5::Digest;
        b64(&md5::Md5::digest(d))
    };
    let put = |key: &str, extra: Value| {
        let mut args = json!({"Bucket": "sums", "Key": key, "Body": {"$text": CHECK_INPUT}});
        for (k, v) in extra.as_object().expect("object") {
            args[k] = v.clone();
        }
        json!({"op": "put_object", "args": args})
    };
    let head = |key: &str| json!({"op": "head_object", "args": {"Bucket": "sums", "Key": key, "ChecksumMode": "ENABLED"}});
    let out = g.boto3(
        &[("default", &c)],
        json!({}),
        json!([
            put("md5", json!({"ContentMD5": md5_of(b"something else")})),
            head("md5"),
            put("md5", json!({"ContentMD5": md5_of(CHECK_INPUT.as_bytes())})),
            put("crc32", json!({"ChecksumAlgorithm": "CRC32"})),
            put("sha1", json!({"ChecksumAlgorithm": "SHA1"})),
            // 5
            put("sha256", json!({"ChecksumAlgorithm": "SHA256"})),
            put("crc32c", json!({"ChecksumCRC32C": CHECK_CRC32C})),
            put("crc32c-bad", json!({"ChecksumCRC32C": "AAAAAA=="})),
            head("crc32c-bad"),
            put("sha256-bad", json!({"ChecksumSHA256": b64(&[7u8; 32])})),
            // 10
            head("sha256"),
            head("crc32c"),
            {"op": "get_object", "args": {"Bucket": "sums", "Key": "sha1", "ChecksumMode": "ENABLED"}},
            head("sha256-bad"),
            put("sha256-malformed", json!({"ChecksumSHA256": check_sha1()})),
        ]),
    );
    assert_eq!(err(&out[0]), "BadDigest");
    assert_eq!(
        err(&out[1]),
        "404",
        "a body with a wrong Content-MD5 is not stored"
    );
    assert_eq!(
        ok(&out[2])["ETag"],
        format!("\"{}\"", md5_hex(CHECK_INPUT.as_bytes())).as_str()
    );
    let sent = &out[3]["Sent"];
    assert_eq!(
        sent["x-amz-checksum-crc32"], CHECK_CRC32,
        "over HTTP botocore sends a header: {sent}"
    );
    assert_eq!(ok(&out[3])["ChecksumCRC32"], CHECK_CRC32);
    assert_eq!(ok(&out[4])["ChecksumSHA1"], check_sha1().as_str());
    assert_eq!(ok(&out[5])["ChecksumSHA256"], check_sha256().as_str());
    assert_eq!(ok(&out[6])["ChecksumCRC32C"], CHECK_CRC32C);
    assert_eq!(err(&out[7]), "BadDigest");
    assert_eq!(err(&out[8]), "404");
    assert_eq!(err(&out[9]), "BadDigest");
    assert_eq!(ok(&out[10])["ChecksumSHA256"], check_sha256().as_str());
    assert_eq!(ok(&out[11])["ChecksumCRC32C"], CHECK_CRC32C);
    let v = ok(&out[12]);
    assert_eq!(v["Body"]["text"], CHECK_INPUT);
    assert_eq!(
        v["ChecksumSHA1"],
        check_sha1().as_str(),
        "botocore validated it too"
    );
    assert_eq!(err(&out[13]), "404");
    assert_eq!(
        err(&out[14]),
        "InvalidDigest",
        "a SHA-1 sized value is no SHA-256"
    );
}

#[test]
fn secure_transport_and_trailing_checksums_over_tls() {
    let g = Gateway::start_with(TestServer::builder().arg("--tls-self-signed"));
    assert!(g.server.s3_url().starts_with("https://"));
    g.policy(
        "tls-only",
        policy(json!([{
            "Effect": "Allow",
            "Action": "s3:*",
            "Resource": ["arn:aws:s3:::secure", "arn:aws:s3:::secure/*"],
            "Condition": {"Bool": {"aws:SecureTransport": "true"}}
        }])),
    );
    g.bucket("secure");
    let c = g.creds("app", &["tls-only"]);

    // The aws CLI with --ca-bundle: list, upload and download.
    let file = g.work.path().join("upload.bin");
    let data = pattern(300_000, 7);
    std::fs::write(&file, &data).expect("write");
    let ls = run_ok(g.aws(&c).args(["s3", "ls"]));
    assert!(ls.contains("secure"), "{ls}");
    run_ok(
        g.aws(&c)
            .args(["s3", "cp"])
            .arg(&file)
            .arg("s3://secure/upload.bin"),
    );
    let back = g.work.path().join("back.bin");
    run_ok(g.aws(&c).args(["s3", "cp", "s3://secure/upload.bin"]).arg(&back));
    assert_eq!(std::fs::read(&back).expect("read"), data);

    // boto3 sends checksums as aws-chunked trailers over TLS.
    let out = g.boto3(
        &[("default", &c)],
        json!({}),
        json!([
            {"op": "put_object", "args": {"Bucket": "secure", "Key": "sha256", "Body": {"$text": CHECK_INPUT}, "ChecksumAlgorithm": "SHA256"}},
            {"op": "put_object", "args": {"Bucket": "secure", "Key": "default", "Body": {"$repeat": ["0123456789", 100000]}}},
            {"op": "head_object", "args": {"Bucket": "secure", "Key": "sha256", "ChecksumMode": "ENABLED"}},
            {"op": "get_object", "args": {"Bucket": "secure", "Key": "default", "ChecksumMode": "ENABLED"}},
            {"op": "put_object", "args": {"Bucket": "secure", "Key": "sha1", "Body": {"$text": CHECK_INPUT}, "ChecksumAlgorithm": "SHA1"}},
        ]),
    );
    for (i, trailer) in [
        (0, "x-amz-checksum-sha256"),
        (1, "x-amz-checksum-crc32"),
        (4, "x-amz-checksum-sha1"),
    ] {
        let sent = &out[i]["Sent"];
        assert_eq!(sent["x-amz-trailer"], trailer, "call {i}: {sent}");
        assert!(
            sent["content-encoding"]
                .as_str()
                .is_some_and(|e| e.contains("aws-chunked")),
            "call {i}: {sent}"
        );
        ok(&out[i]);
    }
    assert_eq!(ok(&out[0])["ChecksumSHA256"], check_sha256().as_str());
    assert_eq!(ok(&out[2])["ChecksumSHA256"], check_sha256().as_str());
    assert_eq!(
        ok(&out[2])["ContentLength"],
        9,
        "the stored object is the decoded body"
    );
    let v = ok(&out[3]);
    assert_eq!(v["Body"]["len"], 1_000_000);
    assert!(v["ChecksumCRC32"].is_string(), "{}", v["ChecksumCRC32"]);
    assert_eq!(ok(&out[4])["ChecksumSHA1"], check_sha1().as_str());
}

// ----- authorization -----

#[test]
fn operations_map_to_actions_and_conditions_apply() {
    let g = Gateway::start();
    let data = ["arn:aws:s3:::data", "arn:aws:s3:::data/*"];
    let when = |actions: &[&str], resources: &[&str], condition: Value| json!({"Effect": "Allow", "Action": actions, "Resource": resources, "Condition": condition});
    g.policy(
        "writer",
        policy(json!([
            allow(&["s3:*"], &["arn:aws:s3:::*"]),
            deny(&["s3:DeleteObject"], &["arn:aws:s3:::data/keep/*"])
        ])),
    );
    g.policy(
        "from-loopback",
        policy(json!([when(
            &["s3:ListBucket", "s3:GetObject"],
            &data,
            json!({"IpAddress": {"aws:SourceIp": "127.0.0.1/32"}})
        )])),
    );
    g.policy(
        "from-ten",
        policy(json!([when(
            &["s3:ListBucket", "s3:GetObject"],
            &data,
            json!({"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}})
        )])),
    );
    g.policy(
        "tls-only",
        policy(json!([when(
            &["s3:ListBucket", "s3:GetObject"],
            &data,
            json!({"Bool": {"aws:SecureTransport": "true"}})
        )])),
    );
    // s3:ListBucket granted on the object ARN does not allow listing: the bucket ARN is needed.
    g.policy(
        "wrong-arn",
        policy(json!([allow(
            &["s3:ListBucket", "s3:GetObject"],
            &["arn:aws:s3:::data/*"]
        )])),
    );
    g.policy(
        "home",
        policy(json!([
            when(
                &["s3:ListBucket"],
                &["arn:aws:s3:::users"],
                json!({"StringLike": {"s3:prefix": "home/${jwt:sub}/*"}})
            ),
            allow(
                &["s3:GetObject", "s3:PutObject"],
                &["arn:aws:s3:::users/home/${jwt:sub}/*"]
            ),
        ])),
    );
    g.bucket("data");
    g.bucket("users");
    let writer = g.creds("admin-app", &["writer"]);
    let loopback = g.creds("app", &["from-loopback"]);
    let ten = g.creds("app", &["from-ten"]);
    let tls = g.creds("app", &["tls-only"]);
    let wrong_arn = g.creds("app", &["wrong-arn"]);
    let alice = g.creds("alice", &["home"]);
    let bob = g.creds("bob", &["home"]);
    let list = |who: &str, bucket: &str, prefix: Option<&str>| {
        let mut args = json!({"Bucket": bucket});
        if let Some(p) = prefix {
            args["Prefix"] = json!(p);
        }
        json!({"as": who, "op": "list_objects_v2", "args": args})
    };
    let get = |who: &str, bucket: &str, key: &str| json!({"as": who, "op": "get_object", "args": {"Bucket": bucket, "Key": key}});
    let put = |who: &str, bucket: &str, key: &str| json!({"as": who, "op": "put_object", "args": {"Bucket": bucket, "Key": key, "Body": {"$text": key}}});
    let out = g.boto3(
        &[
            ("writer", &writer),
            ("loopback", &loopback),
            ("ten", &ten),
            ("tls", &tls),
            ("wrong_arn", &wrong_arn),
            ("alice", &alice),
            ("bob", &bob),
        ],
        json!({}),
        json!([
            put("writer", "data", "keep/k"),
            put("writer", "users", "home/bob/b.txt"),
            {"as": "writer", "op": "delete_object", "args": {"Bucket": "data", "Key": "keep/k"}},
            list("loopback", "data", None),
            get("loopback", "data", "keep/k"),
            // 5
            list("ten", "data", None),
            get("ten", "data", "keep/k"),
            list("tls", "data", None),
            get("tls", "data", "keep/k"),
            list("wrong_arn", "data", None),
            // 10
            {"as": "wrong_arn", "op": "head_object", "args": {"Bucket": "data", "Key": "keep/k"}},
            put("loopback", "data", "x"),
            list("alice", "users", Some("home/alice/")),
            list("alice", "users", Some("home/bob/")),
            list("alice", "users", None),
            // 15
            put("alice", "users", "home/alice/a.txt"),
            put("alice", "users", "home/bob/evil.txt"),
            get("alice", "users", "home/bob/b.txt"),
            get("bob", "users", "home/bob/b.txt"),
            get("bob", "users", "home/alice/a.txt"),
            // 20
            list("bob", "users", Some("home/bob/")),
            list("alice", "users", Some("home/alice/")),
        ]),
    );
    ok(&out[0]);
    ok(&out[1]);
    assert_eq!(err(&out[2]), "AccessDenied", "the Deny wins over s3:*");
    assert_eq!(
        ok(&out[3])["KeyCount"],
        1,
        "aws:SourceIp 127.0.0.1/32 matches a loopback client"
    );
    assert_eq!(ok(&out[4])["Body"]["text"], "keep/k");
    assert_eq!(
        err(&out[5]),
        "AccessDenied",
        "aws:SourceIp 10.0.0.0/8 does not match"
    );
    assert_eq!(err(&out[6]), "AccessDenied");
    assert_eq!(
        err(&out[7]),
        "AccessDenied",
        "aws:SecureTransport is false over plain HTTP"
    );
    assert_eq!(err(&out[8]), "AccessDenied");
    assert_eq!(
        err(&out[9]),
        "AccessDenied",
        "ListObjects is s3:ListBucket on the bucket ARN"
    );
    assert_eq!(
        ok(&out[10])["ContentLength"],
        6,
        "HeadObject is s3:GetObject on the object ARN"
    );
    assert_eq!(err(&out[11]), "AccessDenied", "no s3:PutObject");
    assert_eq!(ok(&out[12])["KeyCount"], 0);
    assert_eq!(err(&out[13]), "AccessDenied", "s3:prefix must be home/alice/...");
    assert_eq!(err(&out[14]), "AccessDenied", "a listing without a prefix");
    ok(&out[15]);
    assert_eq!(
        err(&out[16]),
        "AccessDenied",
        "${{jwt:sub}} in the Resource is alice"
    );
    assert_eq!(err(&out[17]), "AccessDenied");
    assert_eq!(ok(&out[18])["Body"]["text"], "home/bob/b.txt");
    assert_eq!(err(&out[19]), "AccessDenied");
    assert_eq!(listed_keys(ok(&out[20])), ["home/bob/b.txt"]);
    assert_eq!(listed_keys(ok(&out[21])), ["home/alice/a.txt"]);

    // Every refusal is logged with its reason, never with a secret.
    let log = g.server.log();
    assert!(log.contains("explicit deny by"), "{log}");
    assert!(log.contains("no statement allows it"), "{log}");
    for c in [&writer, &alice, &bob] {
        assert!(!log.contains(&c.secret_key) && !log.contains(&c.session_token));
    }
}

// ----- storage -----

#[test]
fn awkward_keys_round_trip_and_stay_inside_the_bucket() {
    let g = Gateway::start();
    g.policy(
        "rw",
        policy(json!([allow(
            &["s3:*"],
            &["arn:aws:s3:::keys", "arn:aws:s3:::keys/*"]
        )])),
    );
    g.bucket("keys");
    let c = g.creds("app", &["rw"]);
    let outside_before = std::fs::read_dir(g.server.data_dir.parent().expect("parent"))
        .expect("read")
        .count();
    let files_before = g.data_files();
    let mut keys: Vec<String> = [
        "..",
        ".",
        "./x",
        "../x",
        "../../../../etc/passwd",
        "a/../../b",
        "/leading",
        "//double//slash",
        "trailing/",
        "a",
        "a/b",
        "a/b/c",
        "ünïcödé/日本語 ✓.txt",
        "percent%2F%41%00",
        "sp ace+plus&amp=;?#",
        "back\\slash",
        "o-prefix/d-prefix",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    keys.push("k".repeat(1024));
    keys.push(format!("{}/{}", "d".repeat(301), "é".repeat(361)));
    assert_eq!(keys[keys.len() - 1].len(), 1024);
    let too_long = "k".repeat(1025);
    let mut calls: Vec<Value> = keys
        .iter()
        .map(|k| json!({"op": "put_object", "args": {"Bucket": "keys", "Key": k, "Body": {"$text": k}}}))
        .collect();
    calls.extend(
        keys.iter()
            .map(|k| json!({"op": "get_object", "args": {"Bucket": "keys", "Key": k}})),
    );
    calls.push(json!({"op": "list_objects_v2", "args": {"Bucket": "keys"}}));
    calls.push(
        json!({"op": "put_object", "args": {"Bucket": "keys", "Key": too_long, "Body": {"$text": "x"}}}),
    );
    calls.push(json!({"op": "list_objects_v2", "args": {"Bucket": "keys", "Prefix": "a", "Delimiter": "/"}}));
    calls.push(json!({"op": "list_objects_v2", "args": {"Bucket": "keys", "Prefix": "", "Delimiter": "/", "StartAfter": "a/"}}));
    let out = g.boto3(&[("default", &c)], json!({}), Value::Array(calls));
    let n = keys.len();
    for (i, k) in keys.iter().enumerate() {
        ok(&out[i]);
        assert_eq!(
            ok(&out[n + i])["Body"]["text"].as_str(),
            Some(k.as_str()),
            "GET {k:?}"
        );
    }
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(
        listed_keys(ok(&out[2 * n])),
        sorted,
        "a listing returns every key as written"
    );
    assert_eq!(err(&out[2 * n + 1]), "KeyTooLongError");
    let v = ok(&out[2 * n + 2]);
    assert_eq!(
        (listed_keys(v), listed_prefixes(v)),
        (vec!["a".to_string()], vec!["a/".to_string()])
    );
    let v = ok(&out[2 * n + 3]);
    assert!(
        !listed_keys(v).contains(&"a".to_string()) && listed_keys(v).contains(&"back\\slash".to_string()),
        "{v}"
    );

    // The aws CLI reads the same objects.
    let got = g.work.path().join("got.txt");
    run_ok(
        g.aws(&c)
            .args([
                "s3api",
                "get-object",
                "--bucket",
                "keys",
                "--key",
                "ünïcödé/日本語 ✓.txt",
            ])
            .arg(&got),
    );
    assert_eq!(
        std::fs::read_to_string(&got).expect("read"),
        "ünïcödé/日本語 ✓.txt"
    );
    run_ok(
        g.aws(&c)
            .args([
                "s3api",
                "put-object",
                "--bucket",
                "keys",
                "--key",
                "../../cli",
                "--body",
            ])
            .arg(&got),
    );

    // Nothing was written outside the bucket's directory.
    assert_eq!(
        std::fs::read_dir(g.server.data_dir.parent().expect("parent"))
            .expect("read")
            .count(),
        outside_before
    );
    let new: Vec<_> = g
        .data_files()
        .into_iter()
        .filter(|f| !files_before.contains(f))
        .collect();
    assert!(!new.is_empty());
    for f in &new {
        let ok_place = f.starts_with("objects/keys/objects") || f.starts_with("weka.db");
        assert!(ok_place, "a file outside the bucket tree: {}", f.display());
    }
    assert!(!g.server.data_dir.join("etc").exists());
    assert!(!g.server.data_dir.join("objects/b").exists());
}

/// A PUT whose body is fed by the caller: `first` is sent at once, then the body waits until
/// the returned sender releases it (or is dropped, which fails the upload).
fn start_streaming_put(
    g: &Gateway,
    c: &Creds,
    path: &str,
    total: usize,
    first: usize,
) -> (mpsc::Sender<()>, std::thread::JoinHandle<Result<u16, String>>) {
    struct Feed {
        data: Vec<u8>,
        pos: usize,
        first: usize,
        gate: mpsc::Receiver<()>,
        open: bool,
    }
    impl Read for Feed {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.pos == self.data.len() {
                return Ok(0);
            }
            if self.pos >= self.first && !self.open {
                if self.gate.recv().is_err() {
                    return Err(std::io::Error::other("the test stopped the upload"));
                }
                self.open = true;
            }
            let end = if self.open { self.data.len() } else { self.first };
            let n = buf.len().min(end - self.pos);
            buf[..n].copy_from_slice(&self.data[self.pos..self.pos + n]);
            self.pos += n;
            Ok(n)
        }
    }
    let (tx, rx) = mpsc::channel();
    let feed = Feed {
        data: pattern(total, 9),
        pos: 0,
        first,
        gate: rx,
        open: false,
    };
    let req = g.signed(
        c,
        Sign::new("PUT", path)
            .header("content-length", &total.to_string())
            .unsigned_payload(),
    );
    let client = g.http();
    let handle = std::thread::spawn(move || {
        let (parts, _) = req.into_parts();
        client
            .request(parts.method, parts.uri.to_string())
            .headers(parts.headers)
            .body(reqwest::blocking::Body::sized(feed, total as u64))
            .send()
            .map(|r| r.status().as_u16())
            .map_err(|e| e.to_string())
    });
    (tx, handle)
}

#[test]
fn a_crash_during_an_upload_leaves_the_previous_object() {
    let mut g = Gateway::start();
    g.policy(
        "rw",
        policy(json!([allow(
            &["s3:*"],
            &["arn:aws:s3:::crash", "arn:aws:s3:::crash/*"]
        )])),
    );
    g.bucket("crash");
    let c = g.creds("app", &["rw"]);
    let r = g.send(g.signed(&c, Sign::put("crash/obj", "version 1")));
    assert_eq!(r.status, 200, "{}", r.text());

    // Replace it with 32 MiB; crash once most of the first 8 MiB reached the temporary file.
    const MIB: usize = 1 << 20;
    let (gate, upload) = start_streaming_put(&g, &c, "crash/obj", 32 * MIB, 8 * MIB);
    let tmp_dir = g.server.data_dir.join("objects/crash/tmp");
    wait_for(Duration::from_secs(30), || {
        std::fs::read_dir(&tmp_dir)
            .ok()?
            .flatten()
            .any(|e| e.metadata().is_ok_and(|m| m.len() >= 7 * MIB as u64))
            .then_some(())
    })
    .expect("the upload never reached the temporary file");
    g.server.restart_after_crash();
    drop(gate);
    assert!(
        upload.join().expect("upload thread").is_err(),
        "the crashed upload failed"
    );

    // After the restart: the previous version, whole; the new one never appears.
    let r = g.send(g.signed(&c, Sign::get("crash/obj")));
    assert_eq!((r.status, r.text().as_str()), (200, "version 1"));
    let r = g.send(g.signed(&c, Sign::get("crash?list-type=2")));
    assert_eq!(r.text().matches("<Key>").count(), 1, "{}", r.text());
    assert!(r.text().contains("<Size>9</Size>"), "{}", r.text());

    // A new object crashed mid-upload is absent, not partial.
    let earlier: Vec<_> = std::fs::read_dir(&tmp_dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    let (gate, upload) = start_streaming_put(&g, &c, "crash/new", 16 * MIB, 4 * MIB);
    wait_for(Duration::from_secs(30), || {
        std::fs::read_dir(&tmp_dir)
            .ok()?
            .flatten()
            .filter(|e| !earlier.contains(&e.path()))
            .any(|e| e.metadata().is_ok_and(|m| m.len() >= 3 * MIB as u64))
            .then_some(())
    })
    .expect("the second upload never reached the temporary file");
    g.server.restart_after_crash();
    drop(gate);
    let _ = upload.join();
    let r = g.send(g.signed(&c, Sign::get("crash/new")));
    assert_eq!((r.status, r.code().as_str()), (404, "NoSuchKey"));

    // An acknowledged PUT survives a crash right after the answer.
    let (gate, upload) = start_streaming_put(&g, &c, "crash/obj", 3 * MIB, 3 * MIB);
    drop(gate);
    assert_eq!(upload.join().expect("thread"), Ok(200));
    g.server.restart_after_crash();
    let r = g.send(g.signed(&c, Sign::get("crash/obj")));
    assert_eq!(r.status, 200);
    assert_eq!(r.body.len(), 3 * MIB);
    assert_eq!(sha256_hex(&r.body), sha256_hex(&pattern(3 * MIB, 9)));
}

// ----- limits -----

/// Writes `request` on a fresh connection and reads until the server answers and closes, or
/// `timeout` passes. Write errors are ignored: a server may refuse before reading everything.
fn raw_exchange(addr: std::net::SocketAddr, request: &[u8], timeout: Duration) -> String {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(timeout)).expect("timeout");
    stream.set_write_timeout(Some(timeout)).expect("timeout");
    let _ = stream.write_all(request);
    let mut out = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    loop {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                out.extend_from_slice(&buf[..n]);
                // One answer is enough: stop at the end of an S3 error document.
                if out.windows(8).any(|w| w == b"</Error>") {
                    break;
                }
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The head of a signed request as raw HTTP/1.1 (the body is the caller's).
fn raw_head(g: &Gateway, req: &http::Request<Vec<u8>>) -> Vec<u8> {
    let mut head = format!(
        "{} {} HTTP/1.1\r\nhost: {}\r\n",
        req.method(),
        req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/"),
        g.server.s3
    );
    for (k, v) in req.headers() {
        head.push_str(&format!("{}: {}\r\n", k, v.to_str().expect("ascii header")));
    }
    head.push_str("\r\n");
    head.into_bytes()
}

#[test]
fn size_limits_and_timeouts_are_enforced() {
    let g = Gateway::start_with(TestServer::builder().args(["--idle-timeout", "1s"]));
    g.policy(
        "rw",
        policy(json!([allow(
            &["s3:*"],
            &["arn:aws:s3:::lim", "arn:aws:s3:::lim/*"]
        )])),
    );
    g.bucket("lim");
    let c = g.creds("app", &["rw"]);

    // Keys: 1024 bytes are fine, 1025 are not.
    let r = g.send(g.signed(&c, Sign::put(&format!("lim/{}", "k".repeat(1024)), "x")));
    assert_eq!(r.status, 200, "{}", r.text());
    let r = g.send(g.signed(&c, Sign::put(&format!("lim/{}", "k".repeat(1025)), "x")));
    assert_eq!(
        (r.status, r.code().as_str()),
        (400, "KeyTooLongError"),
        "{}",
        r.text()
    );

    // User metadata above 2 KiB.
    let r = g.send(g.signed(
        &c,
        Sign::put("lim/meta", "x").header("x-amz-meta-big", &"m".repeat(2100)),
    ));
    assert_eq!(
        (r.status, r.code().as_str()),
        (400, "MetadataTooLarge"),
        "{}",
        r.text()
    );

    // A body declared larger than 5 GiB is refused before it is sent.
    let req = g.signed(
        &c,
        Sign::new("PUT", "lim/huge")
            .header("content-length", "6442450944")
            .unsigned_payload(),
    );
    let started = std::time::Instant::now();
    let answer = raw_exchange(g.server.s3, &raw_head(&g, &req), Duration::from_secs(20));
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert!(answer.contains("<Code>EntityTooLarge</Code>"), "{answer}");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "it did not wait for the body"
    );
    let r = g.send(g.signed(&c, Sign::get("lim/huge")));
    assert_eq!(r.code(), "NoSuchKey");

    // A giant header and too many headers are refused by the HTTP layer.
    let req = g.signed(&c, Sign::get("lim/meta"));
    let mut giant = raw_head(&g, &req);
    giant.truncate(giant.len() - 2);
    giant.extend_from_slice(b"x-giant: ");
    giant.extend(std::iter::repeat_n(b'a', 1 << 20));
    giant.extend_from_slice(b"\r\n\r\n");
    let answer = raw_exchange(g.server.s3, &giant, Duration::from_secs(20));
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 431"),
        "a 1 MiB header is refused: {answer}"
    );
    let mut many = raw_head(&g, &req);
    many.truncate(many.len() - 2);
    for i in 0..200 {
        many.extend_from_slice(format!("x-h{i}: v\r\n").as_bytes());
    }
    many.extend_from_slice(b"\r\n");
    let answer = raw_exchange(g.server.s3, &many, Duration::from_secs(20));
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 431"),
        "200 headers are refused: {answer}"
    );

    // A client that stops sending: while sending headers the connection is closed, while
    // sending a body the request fails with RequestTimeout and nothing is stored.
    let started = std::time::Instant::now();
    let partial = format!("GET /lim/meta HTTP/1.1\r\nhost: {}\r\nx-amz-date: 2", g.server.s3);
    let answer = raw_exchange(g.server.s3, partial.as_bytes(), Duration::from_secs(20));
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(900) && waited < Duration::from_secs(10),
        "closed after {waited:?}: {answer}"
    );
    assert!(!answer.contains("200 OK"), "{answer}");
    let req = g.signed(
        &c,
        Sign::new("PUT", "lim/stalled")
            .header("content-length", "1000")
            .unsigned_payload(),
    );
    let mut stalled = raw_head(&g, &req);
    stalled.extend_from_slice(&[b'x'; 100]);
    let started = std::time::Instant::now();
    let answer = raw_exchange(g.server.s3, &stalled, Duration::from_secs(20));
    let waited = started.elapsed();
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert!(answer.contains("<Code>RequestTimeout</Code>"), "{answer}");
    assert!(waited < Duration::from_secs(10), "answered after {waited:?}");
    let r = g.send(g.signed(&c, Sign::get("lim/stalled")));
    assert_eq!(r.code(), "NoSuchKey");

    // The STS takes at most 128 KiB.
    let big_token = "a".repeat(200 * 1024);
    let refusal = g.creds_for(&big_token, None).expect_err("oversize STS body");
    assert_eq!(
        (refusal.status, refusal.code.as_str()),
        (400, "ValidationError"),
        "{}",
        refusal.body
    );

    // The server still answers normally.
    let r = g.send(g.signed(&c, Sign::get("lim?list-type=2")));
    assert_eq!(r.status, 200, "{}", r.text());
}

// ----- bucket administration with the weka CLI -----

#[test]
fn bucket_administration_with_the_weka_cli() {
    use predicates::str::contains;
    let g = Gateway::start();
    let s = &g.server;
    s.login_admin();
    s.weka()
        .args(["s3", "bucket", "create", "my-bucket"])
        .assert()
        .success()
        .stderr(contains("Bucket 'my-bucket' created."));
    s.weka()
        .args(["s3", "bucket", "create", "my-bucket"])
        .assert()
        .code(7)
        .stderr(contains("already exists"));
    for (name, reason) in [
        ("My_Bucket", "allowed are a-z 0-9 . -"),
        ("ab", "3-63 characters"),
        ("-bucket", "start and end with a letter or a digit"),
        ("a..b", "two adjacent periods"),
        ("192.168.1.1", "IP address"),
        ("xn--bucket", "reserved prefix xn--"),
        ("bucket-s3alias", "reserved suffix -s3alias"),
    ] {
        s.weka()
            .args(["s3", "bucket", "create", "--", name])
            .assert()
            .code(8)
            .stderr(contains(reason));
    }
    let listed = s.weka().args(["s3", "bucket", "list"]).assert().success();
    let table = String::from_utf8_lossy(&listed.get_output().stdout).into_owned();
    assert!(table.contains("NAME") && table.contains("my-bucket"), "{table}");
    let listed = s
        .weka()
        .args(["s3", "bucket", "list", "--json"])
        .assert()
        .success();
    let v: Value = serde_json::from_slice(&listed.get_output().stdout).expect("JSON list");
    assert_eq!(v.as_array().map(Vec::len), Some(1), "{v}");
    assert_eq!(v[0]["name"], "my-bucket");
    assert!(v[0]["created_at"].is_string(), "{v}");

    // A bucket with an object needs --force.
    g.policy("s3admin", seed_s3admin());
    let c = g.creds("app", &["s3admin"]);
    let r = g.send(g.signed(&c, Sign::put("my-bucket/object", "data")));
    assert_eq!(r.status, 200, "{}", r.text());
    s.weka()
        .args(["s3", "bucket", "remove", "my-bucket"])
        .assert()
        .code(2)
        .stderr(contains("--yes"));
    s.weka()
        .args(["s3", "bucket", "remove", "my-bucket", "--yes"])
        .assert()
        .code(7)
        .stderr(contains("--force"));
    let r = g.send(g.signed(&c, Sign::get("my-bucket/object")));
    assert_eq!(r.text(), "data", "the refused removal kept the object");

    // ReadOnly users may list but not change.
    s.rpc(
        Some(&g.admin),
        "user_add",
        json!({"username": "viewer", "password": "viewer-password", "role": "ReadOnly"}),
    )
    .expect("user_add");
    s.weka()
        .args(["user", "login", "viewer", "viewer-password"])
        .assert()
        .success();
    s.weka()
        .args(["s3", "bucket", "list"])
        .assert()
        .success()
        .stdout(contains("my-bucket"));
    s.weka()
        .args(["s3", "bucket", "create", "viewer-bucket"])
        .assert()
        .code(5);
    s.weka()
        .args(["s3", "bucket", "remove", "my-bucket", "--force", "--yes"])
        .assert()
        .code(5);

    s.login_admin();
    s.weka()
        .args(["s3", "bucket", "remove", "my-bucket", "--force", "--yes"])
        .assert()
        .success()
        .stderr(contains("Bucket 'my-bucket' removed."));
    s.weka()
        .args(["s3", "bucket", "remove", "my-bucket", "--yes"])
        .assert()
        .code(6);
    let r = g.send(g.signed(&c, Sign::get("my-bucket/object")));
    assert_eq!(r.code(), "NoSuchBucket");
    let listed = s
        .weka()
        .args(["s3", "bucket", "list", "--json"])
        .assert()
        .success();
    let v: Value = serde_json::from_slice(&listed.get_output().stdout).expect("JSON list");
    assert_eq!(v, json!([]));
}

// ----- the aws CLI -----

fn write_tree(root: &std::path::Path, files: &[(&str, &[u8])]) {
    for (name, data) in files {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, data).expect("write");
    }
}

#[test]
fn aws_cli_lists_copies_and_removes() {
    let g = Gateway::start();
    g.policy("s3admin", seed_s3admin());
    g.bucket("my-bucket");
    g.bucket("other-bucket");
    let c = g.creds("app", &["s3admin"]);
    let work = g.work.path();

    // aws s3 ls: exactly the buckets the policy permits.
    let ls = run_ok(g.aws(&c).args(["s3", "ls"]));
    let buckets: Vec<&str> = ls.lines().filter_map(|l| l.split_whitespace().nth(2)).collect();
    assert_eq!(buckets, ["my-bucket"], "{ls}");

    // 20 MiB: the CLI uploads it in parts and downloads it byte for byte.
    let big = pattern(20 << 20, 3);
    std::fs::write(work.join("big.bin"), &big).expect("write");
    run_ok(g.aws(&c).args(["s3", "cp", "big.bin", "s3://my-bucket/big.bin"]));
    let head = run_ok(g.aws(&c).args([
        "s3api",
        "head-object",
        "--bucket",
        "my-bucket",
        "--key",
        "big.bin",
    ]));
    let head: Value = serde_json::from_str(&head).expect("head-object JSON");
    assert_eq!(head["ContentLength"], 20 << 20);
    let etag = head["ETag"].as_str().expect("ETag");
    assert!(etag.ends_with("-3\""), "uploaded in 3 parts of 8 MiB: {etag}");
    run_ok(
        g.aws(&c)
            .args(["s3", "cp", "s3://my-bucket/big.bin", "big-back.bin"]),
    );
    let back = std::fs::read(work.join("big-back.bin")).expect("read");
    assert_eq!(back.len(), big.len());
    assert_eq!(sha256_hex(&back), sha256_hex(&big));

    // rm.
    let rm = run_ok(g.aws(&c).args(["s3", "rm", "s3://my-bucket/big.bin"]));
    assert!(rm.contains("delete: s3://my-bucket/big.bin"), "{rm}");
    let ls = run_ok(g.aws(&c).args(["s3", "ls", "--recursive", "s3://my-bucket/"]));
    assert_eq!(ls.trim(), "", "{ls}");

    // Outside the policy.
    let e = run_err(g.aws(&c).args(["s3", "ls", "s3://other-bucket/"]));
    assert!(e.contains("AccessDenied"), "{e}");
    let e = run_err(
        g.aws(&c)
            .args(["s3", "cp", "big.bin", "s3://other-bucket/big.bin"]),
    );
    assert!(e.contains("AccessDenied"), "{e}");
}

#[test]
fn aws_cli_syncs_and_lists_with_delimiters() {
    let g = Gateway::start();
    g.policy("s3admin", seed_s3admin());
    g.bucket("my-bucket");
    let c = g.creds("app", &["s3admin"]);
    let work = g.work.path();

    // sync up and down; a second sync has nothing to do.
    write_tree(
        &work.join("tree"),
        &[
            ("a.txt", b"a"),
            ("sub/b.txt", b"bb"),
            ("sub/deeper/c.txt", b"ccc"),
            ("ü n i.txt", "unicode".as_bytes()),
        ],
    );
    let up = run_ok(g.aws(&c).args(["s3", "sync", "tree", "s3://my-bucket/synced/"]));
    assert_eq!(up.matches("upload:").count(), 4, "{up}");
    let again = run_ok(g.aws(&c).args(["s3", "sync", "tree", "s3://my-bucket/synced/"]));
    assert_eq!(again.trim(), "", "nothing changed: {again}");
    let down = run_ok(g.aws(&c).args(["s3", "sync", "s3://my-bucket/synced/", "copy"]));
    assert_eq!(down.matches("download:").count(), 4, "{down}");
    assert_eq!(
        std::fs::read(work.join("copy/sub/deeper/c.txt")).expect("read"),
        b"ccc"
    );
    assert_eq!(
        std::fs::read(work.join("copy/ü n i.txt")).expect("read"),
        b"unicode"
    );
    let again = run_ok(g.aws(&c).args(["s3", "sync", "s3://my-bucket/synced/", "copy"]));
    assert_eq!(again.trim(), "", "nothing changed: {again}");

    // Listings with a delimiter show prefixes; --recursive shows keys.
    std::fs::write(work.join("top.txt"), "top").expect("write");
    run_ok(g.aws(&c).args(["s3", "cp", "top.txt", "s3://my-bucket/top.txt"]));
    let ls = run_ok(g.aws(&c).args(["s3", "ls", "s3://my-bucket/"]));
    assert!(ls.contains("PRE synced/") && ls.contains("top.txt"), "{ls}");
    let ls = run_ok(g.aws(&c).args(["s3", "ls", "s3://my-bucket/synced/"]));
    assert!(
        ls.contains("PRE sub/") && ls.contains("a.txt") && !ls.contains("b.txt"),
        "{ls}"
    );
    let ls = run_ok(
        g.aws(&c)
            .args(["s3", "ls", "--recursive", "s3://my-bucket/synced/"]),
    );
    assert_eq!(ls.lines().count(), 4, "{ls}");
    assert!(ls.contains("synced/sub/deeper/c.txt"), "{ls}");

    // rm of a prefix.
    run_ok(
        g.aws(&c)
            .args(["s3", "rm", "--recursive", "s3://my-bucket/synced/"]),
    );
    let ls = run_ok(g.aws(&c).args(["s3", "ls", "--recursive", "s3://my-bucket/"]));
    assert!(ls.contains("top.txt") && !ls.contains("synced"), "{ls}");
}

#[test]
fn aws_cli_presign_revocation_expiry_and_live_policy_changes() {
    let g = Gateway::start_with(TestServer::builder().args(["--sts-min-duration", "2s"]));
    g.policy("s3admin", seed_s3admin());
    g.bucket("my-bucket");
    let work = g.work.path();

    // Credentials from `aws sts assume-role-with-web-identity`.
    let sts = || -> Creds {
        let out = run_ok(
            g.aws_without_credentials()
                .args(["sts", "assume-role-with-web-identity", "--endpoint-url"])
                .arg(g.server.sts_url())
                .args(["--role-arn", common::s3::ROLE_ARN, "--role-session-name", "cli"])
                .arg("--web-identity-token")
                .arg(g.web_identity_token("app", &["s3admin"])),
        );
        let v: Value = serde_json::from_str(&out).expect("STS JSON");
        let field = |k: &str| {
            v["Credentials"][k]
                .as_str()
                .unwrap_or_else(|| panic!("{k}: {v}"))
                .to_string()
        };
        Creds {
            access_key: field("AccessKeyId"),
            secret_key: field("SecretAccessKey"),
            session_token: field("SessionToken"),
            expiration: field("Expiration"),
        }
    };
    let c = sts();
    std::fs::write(work.join("obj.txt"), "object body").expect("write");
    run_ok(g.aws(&c).args(["s3", "cp", "obj.txt", "s3://my-bucket/obj.txt"]));

    // Presigned GET (SigV4), fetched by another client; and one that expired.
    let config = work.join("aws-config-s3v4");
    std::fs::write(&config, "[default]\ns3 =\n    signature_version = s3v4\n").expect("write");
    let presign = |expires: &str| -> String {
        run_ok(g.aws(&c).env("AWS_CONFIG_FILE", &config).args([
            "s3",
            "presign",
            "s3://my-bucket/obj.txt",
            "--expires-in",
            expires,
        ]))
        .trim()
        .to_string()
    };
    let url = presign("300");
    assert!(
        url.contains("X-Amz-Algorithm=AWS4-HMAC-SHA256") && url.contains("X-Amz-Security-Token="),
        "{url}"
    );
    let resp = g.http().get(&url).send().expect("GET presigned");
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(resp.text().expect("body"), "object body");
    let short_url = presign("1");
    let expired = wait_for(Duration::from_secs(15), || {
        let resp = g.http().get(&short_url).send().expect("GET presigned");
        (resp.status().as_u16() != 200).then(|| resp.text().unwrap_or_default())
    })
    .expect("the presigned URL never expired");
    assert!(
        expired.contains("<Code>AccessDenied</Code>") && expired.contains("expired"),
        "{expired}"
    );

    // A policy change applies to a live session at once: without the ListBucket statement
    // the session can still read but no longer list.
    let ls = run_ok(g.aws(&c).args(["s3", "ls", "s3://my-bucket/"]));
    assert!(ls.contains("obj.txt"), "{ls}");
    g.remove_policy("s3admin");
    g.policy(
        "s3admin",
        policy(json!([allow(
            &["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
            &["arn:aws:s3:::my-bucket/*"],
        )])),
    );
    let e = run_err(g.aws(&c).args(["s3", "ls", "s3://my-bucket/"]));
    assert!(e.contains("AccessDenied"), "{e}");
    let body = run_ok(g.aws(&c).args(["s3", "cp", "s3://my-bucket/obj.txt", "-"]));
    assert_eq!(body, "object body");

    // Revocation: refused at once, presigned URLs included.
    g.server.login_admin();
    g.server
        .weka()
        .args(["s3", "sts", "revoke", &c.access_key])
        .assert()
        .success();
    // (`s3api get-object`: `s3 cp` starts with a HEAD, whose refusal has no error code.)
    let get = [
        "s3api",
        "get-object",
        "--bucket",
        "my-bucket",
        "--key",
        "obj.txt",
        "got.txt",
    ];
    let e = run_err(g.aws(&c).args(get));
    assert!(e.contains("InvalidAccessKeyId"), "{e}");
    let resp = g.http().get(&url).send().expect("GET presigned");
    assert_eq!(resp.status().as_u16(), 403);
    assert!(resp.text().unwrap_or_default().contains("InvalidAccessKeyId"));

    // Expiry: a 4-second session works, then the CLI is refused with ExpiredToken.
    // (The CLI refuses DurationSeconds under 900 itself, so the STS is asked directly.)
    let short = g.short_creds("app", &["s3admin"], 4);
    let r = g.send(g.signed(&short, Sign::get("my-bucket/obj.txt")));
    assert_eq!(r.status, 200, "{}", r.text());
    wait_for(Duration::from_secs(15), || {
        let r = g.send(g.signed(&short, Sign::get("my-bucket/obj.txt")));
        (r.status != 200).then_some(())
    })
    .expect("the session never expired");
    let e = run_err(g.aws(&short).args(get));
    assert!(e.contains("ExpiredToken"), "{e}");
}
