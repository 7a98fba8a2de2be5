//! The backend driven through s3s itself: real SigV4-signed HTTP requests (signed with
//! `aws-sigv4`, as AWS SDKs sign them) against an `S3Service` with `SimpleAuth` and an access
//! hook that inserts an [`Authorizer`].

use std::sync::Arc;
use std::time::SystemTime;

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{
    PayloadChecksumKind, PercentEncodingMode, SignableBody, SignableRequest, SigningSettings,
    UriPathNormalizationMode, sign,
};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use s3s::access::{S3Access, S3AccessContext};
use s3s::auth::SimpleAuth;
use s3s::crypto::{Checksum as _, Crc32, Md5};
use s3s::service::{S3Service, S3ServiceBuilder};

use super::super::{Authorizer, ObjectAuthorizer};
use super::*;

type TestResult = Result<(), Box<dyn std::error::Error>>;
type BoxError = Box<dyn std::error::Error>;

const ACCESS_KEY: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const PATH_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

struct AllowAll;

impl ObjectAuthorizer for AllowAll {
    fn is_allowed(&self, _action: &str, _bucket: &str, _key: Option<&str>) -> bool {
        true
    }
}

/// Allows everything except listing buckets not named `visible-*` and deleting keys under
/// `protected/`, and records what it was asked.
#[derive(Default)]
struct Policy {
    asked: std::sync::Mutex<Vec<String>>,
}

impl ObjectAuthorizer for Policy {
    fn is_allowed(&self, action: &str, bucket: &str, key: Option<&str>) -> bool {
        if let Ok(mut asked) = self.asked.lock() {
            asked.push(format!("{action} {bucket} {}", key.unwrap_or("-")));
        }
        match action {
            "s3:ListBucket" => bucket.starts_with("visible-"),
            "s3:DeleteObject" => !key.is_some_and(|k| k.starts_with("protected/")),
            _ => false,
        }
    }
}

/// The integrator's access hook in miniature: signed requests get the authorizer.
struct InsertAuthorizer(Option<Authorizer>);

#[async_trait::async_trait]
impl S3Access for InsertAuthorizer {
    async fn check(&self, cx: &mut S3AccessContext<'_>) -> S3Result<()> {
        if cx.credentials().is_none() {
            return Err(s3_error!(AccessDenied, "Signature is required"));
        }
        if let Some(authorizer) = &self.0 {
            cx.extensions_mut().insert(authorizer.clone());
        }
        Ok(())
    }
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Reply {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    fn code(&self) -> Option<String> {
        tags(&self.text(), "Code").into_iter().next()
    }
}

/// The texts of every `<tag>...</tag>`, XML entities decoded.
fn tags(xml: &str, tag: &str) -> Vec<String> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find(&open) {
        rest = &rest[start + open.len()..];
        let Some(end) = rest.find(&close) else { break };
        out.push(
            rest[..end]
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&"),
        );
        rest = &rest[end..];
    }
    out
}

fn path(bucket: &str, key: &str) -> String {
    format!("/{bucket}/{}", utf8_percent_encode(key, PATH_SET))
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

enum Payload {
    Signed(Vec<u8>),
    /// Signed for the first body, sent with the second.
    Tampered(Vec<u8>, Vec<u8>),
    UnsignedTrailer(Vec<u8>),
    Anonymous(Vec<u8>),
}

struct Gateway {
    _dir: tempfile::TempDir,
    service: S3Service,
    storage: FsStorage,
}

impl Gateway {
    async fn new(authorizer: Option<Arc<dyn ObjectAuthorizer>>) -> Result<Gateway, BoxError> {
        let dir = tempfile::tempdir()?;
        let storage = FsStorage::open(dir.path().join("objects")).await?;
        let mut builder = S3ServiceBuilder::new(S3Backend::new(storage.clone()));
        builder.set_auth(SimpleAuth::from_single(ACCESS_KEY, SECRET_KEY));
        builder.set_access(InsertAuthorizer(authorizer.map(Authorizer)));
        Ok(Gateway {
            _dir: dir,
            service: builder.build(),
            storage,
        })
    }

    async fn allow_all() -> Result<Gateway, BoxError> {
        Gateway::new(Some(Arc::new(AllowAll))).await
    }

    async fn send(
        &self,
        method: &str,
        uri: &str,
        headers: &[(&str, &str)],
        payload: Payload,
    ) -> Result<Reply, BoxError> {
        let (body, signable) = match &payload {
            Payload::Signed(body) => (body.clone(), Some(SignableBody::Bytes(body))),
            Payload::Tampered(signed, sent) => (sent.clone(), Some(SignableBody::Bytes(signed))),
            Payload::UnsignedTrailer(body) => {
                (body.clone(), Some(SignableBody::StreamingUnsignedPayloadTrailer))
            }
            Payload::Anonymous(body) => (body.clone(), None),
        };
        let mut builder = http::Request::builder()
            .method(method)
            .uri(uri)
            .header("host", "localhost");
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        let has_length = headers
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case("content-length"));
        if !has_length && (!body.is_empty() || method == "PUT" || method == "POST") {
            builder = builder.header("content-length", body.len().to_string());
        }
        let mut request = builder.body(s3s::Body::from(body))?;
        if let Some(signable) = signable {
            let identity: Identity = Credentials::new(ACCESS_KEY, SECRET_KEY, None, None, "test").into();
            let mut settings = SigningSettings::default();
            settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
            settings.percent_encoding_mode = PercentEncodingMode::Single;
            settings.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
            let params = v4::SigningParams::builder()
                .identity(&identity)
                .region("us-east-1")
                .name("s3")
                .time(SystemTime::now())
                .settings(settings)
                .build()?
                .into();
            let pairs: Vec<(String, String)> = request
                .headers()
                .iter()
                .map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap_or_default().to_owned()))
                .collect();
            let signable_request = SignableRequest::new(
                method,
                format!("http://localhost{uri}"),
                pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
                signable,
            )?;
            let (instructions, _) = sign(signable_request, &params)?.into_parts();
            instructions.apply_to_request_http1x(&mut request);
        }
        let response = self.service.call(request).await.map_err(|e| format!("{e:?}"))?;
        let (parts, body) = response.into_parts();
        let body = http_body_util::BodyExt::collect(body)
            .await
            .map_err(|e| e.to_string())?
            .to_bytes();
        Ok(Reply {
            status: parts.status,
            headers: parts.headers,
            body,
        })
    }

    async fn call(
        &self,
        method: &str,
        uri: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Result<Reply, BoxError> {
        self.send(method, uri, headers, Payload::Signed(body.to_vec()))
            .await
    }

    async fn ok(
        &self,
        method: &str,
        uri: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Result<Reply, BoxError> {
        let reply = self.call(method, uri, headers, body).await?;
        if !reply.status.is_success() {
            return Err(format!("{method} {uri}: {} {}", reply.status, reply.text()).into());
        }
        Ok(reply)
    }
}

#[tokio::test]
async fn objects_round_trip_through_signed_requests() -> TestResult {
    let gw = Gateway::allow_all().await?;
    gw.ok("PUT", "/bucket", &[], b"").await?;
    assert_eq!(
        gw.call("PUT", "/bucket", &[], b"").await?.code().as_deref(),
        Some("BucketAlreadyOwnedByYou")
    );
    assert_eq!(gw.ok("HEAD", "/bucket", &[], b"").await?.status, StatusCode::OK);
    assert_eq!(
        gw.call("HEAD", "/missing", &[], b"").await?.status,
        StatusCode::NOT_FOUND
    );
    assert!(
        gw.ok("GET", "/bucket?location", &[], b"")
            .await?
            .text()
            .contains("LocationConstraint")
    );

    let content = b"hello, weka".to_vec();
    let md5 = b64(&Md5::checksum(&content));
    let keys = [
        "plain.txt",
        "dir/sub/file name with spaces",
        "ünïcødé/ファイル",
        "a+b=c&d",
        "../../etc/passwd",
    ];
    for key in keys {
        let put = gw
            .ok(
                "PUT",
                &path("bucket", key),
                &[
                    ("content-type", "text/plain"),
                    ("content-md5", &md5),
                    ("x-amz-meta-color", "blue"),
                    ("cache-control", "max-age=60"),
                    ("content-disposition", "inline"),
                ],
                &content,
            )
            .await?;
        let etag = format!("\"{}\"", hex::encode(Md5::checksum(&content)));
        assert_eq!(put.header("etag"), Some(etag.as_str()), "{key}");

        let got = gw.ok("GET", &path("bucket", key), &[], b"").await?;
        assert_eq!(got.body.as_ref(), content.as_slice(), "{key}");
        assert_eq!(got.header("etag"), Some(etag.as_str()));
        assert_eq!(got.header("content-type"), Some("text/plain"));
        assert_eq!(got.header("x-amz-meta-color"), Some("blue"));
        assert_eq!(got.header("cache-control"), Some("max-age=60"));
        assert_eq!(got.header("content-disposition"), Some("inline"));
        assert_eq!(
            got.header("content-length"),
            Some(content.len().to_string().as_str())
        );
        assert!(got.header("last-modified").is_some());

        let head = gw.ok("HEAD", &path("bucket", key), &[], b"").await?;
        assert!(head.body.is_empty());
        assert_eq!(head.header("etag"), Some(etag.as_str()));
        assert_eq!(head.header("x-amz-meta-color"), Some("blue"));
    }
    let listed = gw.ok("GET", "/bucket?list-type=2", &[], b"").await?;
    let mut expected: Vec<String> = keys.iter().map(|k| (*k).to_owned()).collect();
    expected.sort();
    assert_eq!(tags(&listed.text(), "Key"), expected);

    let wrong_md5 = b64(&Md5::checksum(b"something else"));
    let reply = gw
        .call(
            "PUT",
            &path("bucket", "plain.txt"),
            &[("content-md5", &wrong_md5)],
            b"changed",
        )
        .await?;
    assert_eq!(
        (reply.status, reply.code().as_deref()),
        (StatusCode::BAD_REQUEST, Some("BadDigest"))
    );
    assert_eq!(
        gw.ok("GET", &path("bucket", "plain.txt"), &[], b"")
            .await?
            .body
            .as_ref(),
        content.as_slice()
    );

    for key in keys {
        assert_eq!(
            gw.call("DELETE", &path("bucket", key), &[], b"").await?.status,
            StatusCode::NO_CONTENT
        );
        let missing = gw.call("GET", &path("bucket", key), &[], b"").await?;
        assert_eq!(
            (missing.status, missing.code().as_deref()),
            (StatusCode::NOT_FOUND, Some("NoSuchKey"))
        );
        // Deleting a missing key succeeds.
        assert_eq!(
            gw.call("DELETE", &path("bucket", key), &[], b"").await?.status,
            StatusCode::NO_CONTENT
        );
    }
    let missing_bucket = gw.call("GET", &path("nobucket", "k"), &[], b"").await?;
    assert_eq!(missing_bucket.code().as_deref(), Some("NoSuchBucket"));
    assert_eq!(
        gw.call("DELETE", "/bucket", &[], b"").await?.status,
        StatusCode::NO_CONTENT
    );
    assert!(!gw.storage.bucket_exists("bucket").await?);
    Ok(())
}

#[tokio::test]
async fn anonymous_and_badly_signed_requests_are_refused() -> TestResult {
    let gw = Gateway::allow_all().await?;
    gw.ok("PUT", "/bucket", &[], b"").await?;
    let anonymous = gw
        .send("GET", "/bucket?list-type=2", &[], Payload::Anonymous(Vec::new()))
        .await?;
    assert_eq!(
        (anonymous.status, anonymous.code().as_deref()),
        (StatusCode::FORBIDDEN, Some("AccessDenied"))
    );
    // The body is not the one that was signed.
    let reply = gw
        .send(
            "PUT",
            &path("bucket", "k"),
            &[],
            Payload::Tampered(b"original".to_vec(), b"tampered".to_vec()),
        )
        .await?;
    assert_eq!(
        (reply.status, reply.code().as_deref()),
        (StatusCode::BAD_REQUEST, Some("XAmzContentSHA256Mismatch")),
        "{}",
        reply.text()
    );
    assert!(matches!(
        gw.storage.head_object("bucket", "k").await,
        Err(StorageError::NoSuchKey { .. })
    ));
    Ok(())
}

#[tokio::test]
async fn ranges_and_conditional_reads() -> TestResult {
    let gw = Gateway::allow_all().await?;
    gw.ok("PUT", "/bucket", &[], b"").await?;
    let content: Vec<u8> = (0u8..100).collect();
    let etag = gw
        .ok("PUT", "/bucket/k", &[], &content)
        .await?
        .header("etag")
        .unwrap_or_default()
        .to_owned();
    let last_modified = gw
        .ok("HEAD", "/bucket/k", &[], b"")
        .await?
        .header("last-modified")
        .unwrap_or_default()
        .to_owned();

    let cases: [(&str, StatusCode, &[u8], Option<&str>); 5] = [
        (
            "bytes=2-5",
            StatusCode::PARTIAL_CONTENT,
            &content[2..6],
            Some("bytes 2-5/100"),
        ),
        (
            "bytes=-3",
            StatusCode::PARTIAL_CONTENT,
            &content[97..],
            Some("bytes 97-99/100"),
        ),
        (
            "bytes=95-",
            StatusCode::PARTIAL_CONTENT,
            &content[95..],
            Some("bytes 95-99/100"),
        ),
        (
            "bytes=90-1000",
            StatusCode::PARTIAL_CONTENT,
            &content[90..],
            Some("bytes 90-99/100"),
        ),
        (
            "bytes=0-",
            StatusCode::PARTIAL_CONTENT,
            &content[..],
            Some("bytes 0-99/100"),
        ),
    ];
    for (range, status, body, content_range) in cases {
        let reply = gw.call("GET", "/bucket/k", &[("range", range)], b"").await?;
        assert_eq!(reply.status, status, "{range}");
        assert_eq!(reply.body.as_ref(), body, "{range}");
        assert_eq!(reply.header("content-range"), content_range, "{range}");
        assert_eq!(
            reply.header("content-length"),
            Some(body.len().to_string().as_str()),
            "{range}"
        );
        // s3s 0.14 sends HeadObject with status 200 whatever the backend asks, so a ranged HEAD
        // is 200 with the range's headers.
        let head = gw.call("HEAD", "/bucket/k", &[("range", range)], b"").await?;
        assert_eq!(
            (head.status, head.header("content-range")),
            (StatusCode::OK, content_range),
            "HEAD {range}"
        );
        assert_eq!(
            head.header("content-length"),
            Some(body.len().to_string().as_str()),
            "HEAD {range}"
        );
    }
    let unsatisfiable = gw
        .call("GET", "/bucket/k", &[("range", "bytes=100-")], b"")
        .await?;
    assert_eq!(
        (unsatisfiable.status, unsatisfiable.code().as_deref()),
        (StatusCode::RANGE_NOT_SATISFIABLE, Some("InvalidRange"))
    );
    assert_eq!(unsatisfiable.header("content-range"), Some("bytes */100"));

    let past = "Mon, 01 Jan 2001 00:00:00 GMT";
    let future = "Fri, 01 Jan 2100 00:00:00 GMT";
    let cases: [(&[(&str, &str)], StatusCode); 12] = [
        (&[("if-match", &etag)], StatusCode::OK),
        (&[("if-match", "\"other\"")], StatusCode::PRECONDITION_FAILED),
        (&[("if-match", "*")], StatusCode::OK),
        (&[("if-none-match", &etag)], StatusCode::NOT_MODIFIED),
        (&[("if-none-match", "\"other\"")], StatusCode::OK),
        (&[("if-modified-since", future)], StatusCode::NOT_MODIFIED),
        (&[("if-modified-since", &last_modified)], StatusCode::NOT_MODIFIED),
        (&[("if-modified-since", past)], StatusCode::OK),
        (&[("if-unmodified-since", past)], StatusCode::PRECONDITION_FAILED),
        (&[("if-unmodified-since", &last_modified)], StatusCode::OK),
        // If-Match wins over If-Unmodified-Since; If-None-Match over If-Modified-Since.
        (
            &[("if-match", &etag), ("if-unmodified-since", past)],
            StatusCode::OK,
        ),
        (
            &[("if-none-match", "\"other\""), ("if-modified-since", future)],
            StatusCode::OK,
        ),
    ];
    for (headers, status) in cases {
        let reply = gw.call("GET", "/bucket/k", headers, b"").await?;
        assert_eq!(reply.status, status, "GET {headers:?}");
        if status == StatusCode::NOT_MODIFIED {
            assert_eq!(reply.header("etag"), Some(etag.as_str()));
        }
        if status == StatusCode::OK {
            assert_eq!(reply.body.as_ref(), content.as_slice());
        }
        assert_eq!(
            gw.call("HEAD", "/bucket/k", headers, b"").await?.status,
            status,
            "HEAD {headers:?}"
        );
    }
    // A single-part object has part 1 only.
    let part = gw.call("GET", "/bucket/k?partNumber=1", &[], b"").await?;
    assert_eq!(
        (part.status, part.body.len(), part.header("x-amz-mp-parts-count")),
        (StatusCode::OK, 100, Some("1"))
    );
    assert_eq!(
        gw.call("GET", "/bucket/k?partNumber=2", &[], b"").await?.status,
        StatusCode::RANGE_NOT_SATISFIABLE
    );
    assert_eq!(
        gw.call("GET", "/bucket/k?versionId=abc", &[], b"")
            .await?
            .code()
            .as_deref(),
        Some("InvalidArgument")
    );
    Ok(())
}

#[tokio::test]
async fn conditional_puts() -> TestResult {
    let gw = Gateway::allow_all().await?;
    gw.ok("PUT", "/bucket", &[], b"").await?;
    gw.ok("PUT", "/bucket/k", &[("if-none-match", "*")], b"first")
        .await?;
    let again = gw
        .call("PUT", "/bucket/k", &[("if-none-match", "*")], b"second")
        .await?;
    assert_eq!(again.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(gw.ok("GET", "/bucket/k", &[], b"").await?.body.as_ref(), b"first");
    Ok(())
}

#[tokio::test]
async fn checksums_in_headers_and_trailers() -> TestResult {
    let gw = Gateway::allow_all().await?;
    gw.ok("PUT", "/bucket", &[], b"").await?;
    let content = b"checksummed content".to_vec();
    let crc32 = b64(&Crc32::checksum(&content));

    let put = gw
        .ok(
            "PUT",
            "/bucket/header",
            &[("x-amz-checksum-crc32", &crc32)],
            &content,
        )
        .await?;
    assert_eq!(put.header("x-amz-checksum-crc32"), Some(crc32.as_str()));
    let wrong = b64(&Crc32::checksum(b"other"));
    let reply = gw
        .call(
            "PUT",
            "/bucket/bad",
            &[("x-amz-checksum-crc32", &wrong)],
            &content,
        )
        .await?;
    assert_eq!(
        (reply.status, reply.code().as_deref()),
        (StatusCode::BAD_REQUEST, Some("BadDigest"))
    );
    assert_eq!(
        gw.call("HEAD", "/bucket/bad", &[], b"").await?.status,
        StatusCode::NOT_FOUND
    );

    // Checksums are returned only when asked for.
    let plain = gw.ok("GET", "/bucket/header", &[], b"").await?;
    assert_eq!(plain.header("x-amz-checksum-crc32"), None);
    let asked = gw
        .ok(
            "GET",
            "/bucket/header",
            &[("x-amz-checksum-mode", "ENABLED")],
            b"",
        )
        .await?;
    assert_eq!(asked.header("x-amz-checksum-crc32"), Some(crc32.as_str()));
    assert_eq!(asked.header("x-amz-checksum-type"), Some("FULL_OBJECT"));
    // Without an algorithm, objects get a CRC64NVME, as in S3.
    gw.ok("PUT", "/bucket/default", &[], &content).await?;
    let asked = gw
        .ok(
            "HEAD",
            "/bucket/default",
            &[("x-amz-checksum-mode", "ENABLED")],
            b"",
        )
        .await?;
    assert!(asked.header("x-amz-checksum-crc64nvme").is_some());

    // aws-chunked with a trailing checksum, as the AWS SDKs send by default.
    let chunked = |trailer_value: &str| {
        let mut body = format!("{:x}\r\n", content.len()).into_bytes();
        body.extend_from_slice(&content);
        body.extend_from_slice(format!("\r\n0\r\nx-amz-checksum-crc32:{trailer_value}\r\n\r\n").as_bytes());
        body
    };
    let length = content.len().to_string();
    let headers = [
        ("content-encoding", "aws-chunked"),
        ("x-amz-decoded-content-length", length.as_str()),
        ("x-amz-trailer", "x-amz-checksum-crc32"),
        ("x-amz-sdk-checksum-algorithm", "CRC32"),
    ];
    let reply = gw
        .send(
            "PUT",
            "/bucket/trailer",
            &headers,
            Payload::UnsignedTrailer(chunked(&crc32)),
        )
        .await?;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let got = gw
        .ok(
            "GET",
            "/bucket/trailer",
            &[("x-amz-checksum-mode", "ENABLED")],
            b"",
        )
        .await?;
    assert_eq!(got.body.as_ref(), content.as_slice());
    assert_eq!(got.header("x-amz-checksum-crc32"), Some(crc32.as_str()));

    let reply = gw
        .send(
            "PUT",
            "/bucket/bad-trailer",
            &headers,
            Payload::UnsignedTrailer(chunked(&wrong)),
        )
        .await?;
    assert_eq!(
        (reply.status, reply.code().as_deref()),
        (StatusCode::BAD_REQUEST, Some("BadDigest"))
    );
    assert_eq!(
        gw.call("HEAD", "/bucket/bad-trailer", &[], b"").await?.status,
        StatusCode::NOT_FOUND
    );
    Ok(())
}

#[tokio::test]
async fn listings_paginate_and_encode() -> TestResult {
    let gw = Gateway::allow_all().await?;
    gw.ok("PUT", "/bucket", &[], b"").await?;
    let keys = ["a/1", "a/2", "b", "c d", "c/x/y", "e%f", "g+h"];
    for key in keys {
        gw.ok("PUT", &path("bucket", key), &[], b"x").await?;
    }
    // V2 pages with continuation tokens.
    let mut token: Option<String> = None;
    let mut seen = Vec::new();
    for _ in 0..10 {
        let uri = match &token {
            Some(t) => format!(
                "/bucket?list-type=2&max-keys=2&continuation-token={}",
                utf8_percent_encode(t, NON_ALPHANUMERIC)
            ),
            None => "/bucket?list-type=2&max-keys=2".to_owned(),
        };
        let text = gw.ok("GET", &uri, &[], b"").await?.text();
        assert_eq!(tags(&text, "MaxKeys"), ["2"]);
        seen.extend(tags(&text, "Key"));
        if tags(&text, "IsTruncated") == ["false"] {
            assert!(tags(&text, "NextContinuationToken").is_empty());
            break;
        }
        token = tags(&text, "NextContinuationToken").into_iter().next();
        assert!(token.is_some());
    }
    assert_eq!(seen, keys);
    let bad = gw
        .call("GET", "/bucket?list-type=2&continuation-token=garbage", &[], b"")
        .await?;
    assert_eq!(bad.code().as_deref(), Some("InvalidArgument"));

    // Delimiter, common prefixes and start-after.
    let text = gw
        .ok(
            "GET",
            "/bucket?list-type=2&delimiter=%2F&start-after=a%2F1",
            &[],
            b"",
        )
        .await?
        .text();
    assert_eq!(tags(&text, "Key"), ["b", "c d", "e%f", "g+h"]);
    assert_eq!(tags(&text, "Prefix")[1..], ["c/"]);
    assert_eq!(tags(&text, "KeyCount"), ["5"]);
    assert!(tags(&text, "Owner").is_empty());
    let text = gw
        .ok(
            "GET",
            "/bucket?list-type=2&fetch-owner=true&prefix=a%2F",
            &[],
            b"",
        )
        .await?
        .text();
    assert_eq!(tags(&text, "Key"), ["a/1", "a/2"]);
    assert_eq!(tags(&text, "ID"), ["weka", "weka"]);

    // encoding-type=url, as the AWS CLI asks for.
    let text = gw
        .ok("GET", "/bucket?list-type=2&encoding-type=url&prefix=c", &[], b"")
        .await?
        .text();
    assert_eq!(tags(&text, "Key"), ["c%20d", "c/x/y"]);
    assert_eq!(tags(&text, "EncodingType"), ["url"]);

    // V1 with a marker; NextMarker when truncated.
    let text = gw
        .ok("GET", "/bucket?marker=b&max-keys=2&delimiter=%2F", &[], b"")
        .await?
        .text();
    assert_eq!(tags(&text, "Key"), ["c d"]);
    assert_eq!(tags(&text, "NextMarker"), ["c/"]);
    assert_eq!(tags(&text, "IsTruncated"), ["true"]);
    let text = gw
        .ok("GET", "/bucket?marker=c%2F&delimiter=%2F", &[], b"")
        .await?
        .text();
    assert_eq!(tags(&text, "Key"), ["e%f", "g+h"]);
    assert_eq!(tags(&text, "IsTruncated"), ["false"]);
    let text = gw.ok("GET", "/bucket?max-keys=5000", &[], b"").await?.text();
    assert_eq!(tags(&text, "MaxKeys"), ["1000"]);
    assert_eq!(
        gw.call("GET", "/bucket?max-keys=-1", &[], b"")
            .await?
            .code()
            .as_deref(),
        Some("InvalidArgument")
    );
    assert_eq!(
        gw.call("GET", "/missing?list-type=2", &[], b"")
            .await?
            .code()
            .as_deref(),
        Some("NoSuchBucket")
    );
    Ok(())
}

#[tokio::test]
async fn copies_follow_the_metadata_directive() -> TestResult {
    let gw = Gateway::allow_all().await?;
    gw.ok("PUT", "/bucket", &[], b"").await?;
    gw.ok(
        "PUT",
        "/bucket/src",
        &[("content-type", "image/png"), ("x-amz-meta-a", "1")],
        b"picture",
    )
    .await?;
    let source_etag = gw
        .ok("HEAD", "/bucket/src", &[], b"")
        .await?
        .header("etag")
        .unwrap_or_default()
        .to_owned();

    let copy = gw
        .ok(
            "PUT",
            "/bucket/copy",
            &[("x-amz-copy-source", "/bucket/src")],
            b"",
        )
        .await?;
    assert_eq!(tags(&copy.text(), "ETag"), std::slice::from_ref(&source_etag));
    let head = gw.ok("HEAD", "/bucket/copy", &[], b"").await?;
    assert_eq!(
        (head.header("content-type"), head.header("x-amz-meta-a")),
        (Some("image/png"), Some("1"))
    );

    let replaced = [
        ("x-amz-copy-source", "bucket/src"),
        ("x-amz-metadata-directive", "REPLACE"),
        ("content-type", "text/plain"),
        ("x-amz-meta-b", "2"),
    ];
    gw.ok("PUT", "/bucket/replaced", &replaced, b"").await?;
    let head = gw.ok("HEAD", "/bucket/replaced", &[], b"").await?;
    assert_eq!(
        (
            head.header("content-type"),
            head.header("x-amz-meta-a"),
            head.header("x-amz-meta-b")
        ),
        (Some("text/plain"), None, Some("2"))
    );
    assert_eq!(
        gw.ok("GET", "/bucket/replaced", &[], b"").await?.body.as_ref(),
        b"picture"
    );

    // Onto itself only with REPLACE.
    let itself = gw
        .call("PUT", "/bucket/src", &[("x-amz-copy-source", "bucket/src")], b"")
        .await?;
    assert_eq!(
        (itself.status, itself.code().as_deref()),
        (StatusCode::BAD_REQUEST, Some("InvalidRequest"))
    );
    let mut onto_itself = replaced;
    onto_itself[0] = ("x-amz-copy-source", "bucket/src");
    gw.ok("PUT", "/bucket/src", &onto_itself, b"").await?;
    assert_eq!(
        gw.ok("HEAD", "/bucket/src", &[], b"")
            .await?
            .header("content-type"),
        Some("text/plain")
    );

    let guarded = [
        ("x-amz-copy-source", "bucket/src"),
        ("x-amz-copy-source-if-match", "\"nope\""),
    ];
    assert_eq!(
        gw.call("PUT", "/bucket/x", &guarded, b"").await?.status,
        StatusCode::PRECONDITION_FAILED
    );
    let guarded = [
        ("x-amz-copy-source", "bucket/src"),
        ("x-amz-copy-source-if-none-match", &source_etag),
    ];
    assert_eq!(
        gw.call("PUT", "/bucket/x", &guarded, b"").await?.status,
        StatusCode::PRECONDITION_FAILED
    );
    let missing = gw
        .call(
            "PUT",
            "/bucket/x",
            &[("x-amz-copy-source", "bucket/missing")],
            b"",
        )
        .await?;
    assert_eq!(missing.code().as_deref(), Some("NoSuchKey"));
    Ok(())
}

fn delete_body(keys: &[&str], quiet: bool) -> Vec<u8> {
    let mut xml = format!("<Delete><Quiet>{quiet}</Quiet>");
    for key in keys {
        xml.push_str(&format!("<Object><Key>{key}</Key></Object>"));
    }
    xml.push_str("</Delete>");
    xml.into_bytes()
}

#[tokio::test]
async fn delete_objects_checks_each_key() -> TestResult {
    let policy = Arc::new(Policy::default());
    let gw = Gateway::new(Some(policy.clone())).await?;
    gw.ok("PUT", "/bucket", &[], b"").await?;
    for key in ["a", "b", "protected/c"] {
        gw.ok("PUT", &path("bucket", key), &[], b"x").await?;
    }
    let body = delete_body(&["a", "protected/c", "never-existed"], false);
    let md5 = b64(&Md5::checksum(&body));
    let text = gw
        .ok("POST", "/bucket?delete", &[("content-md5", &md5)], &body)
        .await?
        .text();
    assert_eq!(tags(&text, "Deleted").len(), 2);
    let errors = tags(&text, "Error");
    assert_eq!(errors.len(), 1);
    assert!(errors[0].contains("<Key>protected/c</Key>") && errors[0].contains("<Code>AccessDenied</Code>"));
    let asked = policy.asked.lock().map(|a| a.clone()).unwrap_or_default();
    assert!(asked.contains(&"s3:DeleteObject bucket protected/c".to_owned()));
    assert!(matches!(
        gw.storage.head_object("bucket", "a").await,
        Err(StorageError::NoSuchKey { .. })
    ));
    assert!(gw.storage.head_object("bucket", "protected/c").await.is_ok());

    // Quiet mode reports only the failures.
    let body = delete_body(&["b", "protected/c"], true);
    let md5 = b64(&Md5::checksum(&body));
    let text = gw
        .ok("POST", "/bucket?delete", &[("content-md5", &md5)], &body)
        .await?
        .text();
    assert!(tags(&text, "Deleted").is_empty());
    assert_eq!(tags(&text, "Key"), ["protected/c"]);
    Ok(())
}

#[tokio::test]
async fn list_buckets_shows_what_the_policy_permits() -> TestResult {
    let gw = Gateway::new(Some(Arc::new(Policy::default()))).await?;
    for bucket in ["visible-one", "hidden", "visible-two"] {
        gw.ok("PUT", &format!("/{bucket}"), &[], b"").await?;
    }
    let text = gw.ok("GET", "/", &[], b"").await?.text();
    assert_eq!(tags(&text, "Name"), ["visible-one", "visible-two"]);
    assert_eq!(tags(&text, "ID"), ["weka"]);
    Ok(())
}

#[tokio::test]
async fn without_an_authorizer_the_per_item_operations_are_denied() -> TestResult {
    let gw = Gateway::new(None).await?;
    gw.ok("PUT", "/bucket", &[], b"").await?;
    gw.ok("PUT", "/bucket/k", &[], b"x").await?;
    let list = gw.call("GET", "/", &[], b"").await?;
    assert_eq!(
        (list.status, list.code().as_deref()),
        (StatusCode::FORBIDDEN, Some("AccessDenied"))
    );
    let body = delete_body(&["k"], false);
    let md5 = b64(&Md5::checksum(&body));
    let delete = gw
        .call("POST", "/bucket?delete", &[("content-md5", &md5)], &body)
        .await?;
    assert_eq!(
        (delete.status, delete.code().as_deref()),
        (StatusCode::FORBIDDEN, Some("AccessDenied"))
    );
    assert!(gw.storage.head_object("bucket", "k").await.is_ok());
    Ok(())
}

#[tokio::test]
async fn bucket_errors() -> TestResult {
    let gw = Gateway::allow_all().await?;
    gw.ok("PUT", "/bucket", &[], b"").await?;
    gw.ok("PUT", "/bucket/k", &[], b"x").await?;
    let reply = gw.call("DELETE", "/bucket", &[], b"").await?;
    assert_eq!(
        (reply.status, reply.code().as_deref()),
        (StatusCode::CONFLICT, Some("BucketNotEmpty"))
    );
    let reply = gw.call("DELETE", "/nothere", &[], b"").await?;
    assert_eq!(
        (reply.status, reply.code().as_deref()),
        (StatusCode::NOT_FOUND, Some("NoSuchBucket"))
    );
    // A declared size over the single-PUT limit is refused before the body is read.
    let too_big = (MAX_PUT_BYTES + 1).to_string();
    let reply = gw
        .call("PUT", "/bucket/huge", &[("content-length", &too_big)], b"x")
        .await?;
    assert_eq!(
        (reply.status, reply.code().as_deref()),
        (StatusCode::BAD_REQUEST, Some("EntityTooLarge"))
    );
    let reply = gw
        .call("PUT", &path("bucket", &"k".repeat(1025)), &[], b"x")
        .await?;
    assert_eq!(reply.code().as_deref(), Some("KeyTooLongError"));
    let reply = gw
        .call("PUT", &path("bucket", &"k".repeat(1024)), &[], b"x")
        .await?;
    assert_eq!(reply.status, StatusCode::OK);
    Ok(())
}

fn complete_body(parts: &[(u32, String)]) -> Vec<u8> {
    let mut xml = "<CompleteMultipartUpload>".to_owned();
    for (number, etag) in parts {
        xml.push_str(&format!(
            "<Part><PartNumber>{number}</PartNumber><ETag>{etag}</ETag></Part>"
        ));
    }
    xml.push_str("</CompleteMultipartUpload>");
    xml.into_bytes()
}

#[tokio::test]
async fn multipart_upload_of_20_mib_is_byte_identical() -> TestResult {
    let gw = Gateway::allow_all().await?;
    gw.ok("PUT", "/bucket", &[], b"").await?;
    let mib = 1024 * 1024;
    let content: Vec<u8> = (0..20 * mib).map(|i| ((i * 7 + i / 4093) % 251) as u8).collect();
    let created = gw
        .ok(
            "POST",
            "/bucket/big.bin?uploads",
            &[("content-type", "application/x-big")],
            b"",
        )
        .await?;
    let upload_id = tags(&created.text(), "UploadId")
        .into_iter()
        .next()
        .ok_or("no UploadId")?;

    let mut parts = Vec::new();
    for (i, chunk) in content.chunks(5 * mib).enumerate() {
        let number = u32::try_from(i + 1)?;
        let uri = format!("/bucket/big.bin?partNumber={number}&uploadId={upload_id}");
        let reply = gw.ok("PUT", &uri, &[], chunk).await?;
        parts.push((number, reply.header("etag").ok_or("no ETag")?.to_owned()));
    }
    assert_eq!(parts.len(), 4);

    let listed = gw
        .ok(
            "GET",
            &format!("/bucket/big.bin?uploadId={upload_id}&max-parts=3"),
            &[],
            b"",
        )
        .await?
        .text();
    assert_eq!(tags(&listed, "PartNumber"), ["1", "2", "3"]);
    assert_eq!(tags(&listed, "IsTruncated"), ["true"]);
    let uploads = gw.ok("GET", "/bucket?uploads", &[], b"").await?.text();
    assert_eq!(tags(&uploads, "UploadId"), std::slice::from_ref(&upload_id));

    // Parts in the wrong order are refused, and change nothing.
    let swapped = [parts[1].clone(), parts[0].clone()];
    let reply = gw
        .call(
            "POST",
            &format!("/bucket/big.bin?uploadId={upload_id}"),
            &[],
            &complete_body(&swapped),
        )
        .await?;
    assert_eq!(reply.code().as_deref(), Some("InvalidPartOrder"));
    let mut wrong = parts.clone();
    wrong[2].1 = "\"00000000000000000000000000000000\"".into();
    let reply = gw
        .call(
            "POST",
            &format!("/bucket/big.bin?uploadId={upload_id}"),
            &[],
            &complete_body(&wrong),
        )
        .await?;
    assert_eq!(reply.code().as_deref(), Some("InvalidPart"));

    let done = gw
        .ok(
            "POST",
            &format!("/bucket/big.bin?uploadId={upload_id}"),
            &[],
            &complete_body(&parts),
        )
        .await?;
    let etag = tags(&done.text(), "ETag").into_iter().next().ok_or("no ETag")?;
    assert!(etag.ends_with("-4\""), "{etag}");

    let got = gw.ok("GET", "/bucket/big.bin", &[], b"").await?;
    assert_eq!(got.body.len(), content.len());
    assert!(
        got.body.as_ref() == content.as_slice(),
        "assembled object differs"
    );
    assert_eq!(got.header("etag"), Some(etag.as_str()));
    assert_eq!(got.header("content-type"), Some("application/x-big"));
    let part = gw.ok("GET", "/bucket/big.bin?partNumber=2", &[], b"").await?;
    assert_eq!(part.status, StatusCode::PARTIAL_CONTENT);
    assert!(part.body.as_ref() == &content[5 * mib..10 * mib]);
    assert_eq!(part.header("x-amz-mp-parts-count"), Some("4"));

    let gone = gw
        .call("GET", &format!("/bucket/big.bin?uploadId={upload_id}"), &[], b"")
        .await?;
    assert_eq!(gone.code().as_deref(), Some("NoSuchUpload"));
    Ok(())
}

#[tokio::test]
async fn multipart_errors_and_abort() -> TestResult {
    let gw = Gateway::allow_all().await?;
    gw.ok("PUT", "/bucket", &[], b"").await?;
    gw.ok("PUT", "/bucket/source", &[], &vec![3u8; 1000]).await?;
    let created = gw
        .ok(
            "POST",
            "/bucket/k?uploads",
            &[("x-amz-checksum-algorithm", "SHA256")],
            b"",
        )
        .await?;
    assert_eq!(created.header("x-amz-checksum-algorithm"), Some("SHA256"));
    let upload_id = tags(&created.text(), "UploadId")
        .into_iter()
        .next()
        .ok_or("no UploadId")?;
    let part_uri = |n: u32| format!("/bucket/k?partNumber={n}&uploadId={upload_id}");

    let small = gw.ok("PUT", &part_uri(1), &[], b"tiny").await?;
    assert!(small.header("x-amz-checksum-sha256").is_some());
    let copied = gw
        .ok(
            "PUT",
            &part_uri(2),
            &[
                ("x-amz-copy-source", "bucket/source"),
                ("x-amz-copy-source-range", "bytes=0-99"),
            ],
            b"",
        )
        .await?;
    let copied_etag = tags(&copied.text(), "ETag").into_iter().next().ok_or("no ETag")?;
    assert_eq!(
        copied_etag,
        format!("\"{}\"", hex::encode(Md5::checksum(&[3u8; 100])))
    );
    let bad_range = gw
        .call(
            "PUT",
            &part_uri(3),
            &[
                ("x-amz-copy-source", "bucket/source"),
                ("x-amz-copy-source-range", "bytes=0-5000"),
            ],
            b"",
        )
        .await?;
    assert_eq!(bad_range.code().as_deref(), Some("InvalidRange"));
    assert_eq!(
        gw.call("PUT", &part_uri(0), &[], b"x").await?.code().as_deref(),
        Some("InvalidArgument")
    );
    assert_eq!(
        gw.call("PUT", &part_uri(10_001), &[], b"x")
            .await?
            .code()
            .as_deref(),
        Some("InvalidArgument")
    );

    let parts = [
        (1, small.header("etag").unwrap_or_default().to_owned()),
        (2, copied_etag),
    ];
    let reply = gw
        .call(
            "POST",
            &format!("/bucket/k?uploadId={upload_id}"),
            &[],
            &complete_body(&parts),
        )
        .await?;
    assert_eq!(reply.code().as_deref(), Some("EntityTooSmall"));

    assert_eq!(
        gw.call("DELETE", &format!("/bucket/k?uploadId={upload_id}"), &[], b"")
            .await?
            .status,
        StatusCode::NO_CONTENT
    );
    let again = gw
        .call("DELETE", &format!("/bucket/k?uploadId={upload_id}"), &[], b"")
        .await?;
    assert_eq!(
        (again.status, again.code().as_deref()),
        (StatusCode::NOT_FOUND, Some("NoSuchUpload"))
    );
    let late = gw.call("PUT", &part_uri(3), &[], b"late").await?;
    assert_eq!(late.code().as_deref(), Some("NoSuchUpload"));
    let bogus = gw
        .call("PUT", "/bucket/k?partNumber=1&uploadId=..%2F..%2Fx", &[], b"x")
        .await?;
    assert_eq!(bogus.code().as_deref(), Some("NoSuchUpload"));
    assert!(
        tags(
            &gw.ok("GET", "/bucket?uploads", &[], b"").await?.text(),
            "UploadId"
        )
        .is_empty()
    );
    Ok(())
}

#[test]
fn continuation_tokens_round_trip() {
    for key in ["", "a", "a/b c", "ü/😀", &"k".repeat(1024)] {
        assert_eq!(
            parse_continuation_token(&continuation_token(key)).ok().as_deref(),
            Some(key)
        );
    }
    assert!(parse_continuation_token("abc").is_err());
    assert!(parse_continuation_token("1.!!!").is_err());
}

#[test]
fn url_encoding_keeps_slashes() {
    assert_eq!(encode("a b/c+d%e~f", true), "a%20b/c%2Bd%25e~f");
    assert_eq!(encode("a b", false), "a b");
    assert_eq!(encode("ü", true), "%C3%BC");
}

#[test]
fn storage_errors_map_to_s3_codes() {
    let cases = [
        (StorageError::NoSuchBucket("b".into()), "NoSuchBucket", 404),
        (
            StorageError::BucketAlreadyExists("b".into()),
            "BucketAlreadyOwnedByYou",
            409,
        ),
        (StorageError::BucketNotEmpty("b".into()), "BucketNotEmpty", 409),
        (
            StorageError::NoSuchKey {
                bucket: "b".into(),
                key: "k".into(),
            },
            "NoSuchKey",
            404,
        ),
        (StorageError::KeyTooLong { len: 2000 }, "KeyTooLongError", 400),
        (StorageError::InvalidRange { size: 1 }, "InvalidRange", 416),
        (StorageError::PreconditionFailed, "PreconditionFailed", 412),
        (
            StorageError::NotModified {
                etag: "e".into(),
                last_modified: OffsetDateTime::UNIX_EPOCH,
            },
            "NotModified",
            304,
        ),
        (StorageError::BadDigest("x".into()), "BadDigest", 400),
        (StorageError::InvalidDigest("x".into()), "InvalidDigest", 400),
        (
            StorageError::EntityTooSmall {
                part_number: 1,
                size: 1,
            },
            "EntityTooSmall",
            400,
        ),
        (
            StorageError::InvalidPart {
                part_number: 1,
                reason: "x".into(),
            },
            "InvalidPart",
            400,
        ),
        (StorageError::InvalidPartOrder, "InvalidPartOrder", 400),
        (StorageError::NoSuchUpload("u".into()), "NoSuchUpload", 404),
        (
            StorageError::MetadataTooLarge { size: 9000 },
            "MetadataTooLarge",
            400,
        ),
        (
            StorageError::Internal("secret detail".into()),
            "InternalError",
            500,
        ),
    ];
    for (error, code, status) in cases {
        let e = s3_err(error);
        assert_eq!(e.code().as_str(), code);
        assert_eq!(e.status_code().map(|s| s.as_u16()), Some(status), "{code}");
        assert!(!e.message().unwrap_or_default().contains("secret"), "{code}");
    }
    let sha = s3_err(StorageError::Body(Box::new(std::io::Error::other(
        "UploadStreamError: Sha256Mismatch",
    ))));
    assert_eq!(
        (sha.code().as_str(), sha.status_code().map(|s| s.as_u16())),
        ("XAmzContentSHA256Mismatch", Some(400))
    );
    let cut = s3_err(StorageError::Body(Box::new(std::io::Error::other(
        "connection reset",
    ))));
    assert_eq!(cut.code().as_str(), "IncompleteBody");
}
