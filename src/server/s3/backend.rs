//! [`S3Backend`]: the `s3s::S3` operations on top of [`FsStorage`].
//!
//! This layer translates between S3's wire types and the store: it parses conditions,
//! ranges and checksum headers, verifies declared digests (including trailing checksums of
//! streaming uploads) before anything is committed, and maps [`StorageError`]s to S3 error
//! codes. Authorization per request is the gateway's `S3Access` hook; only ListBuckets and
//! DeleteObjects consult the [`Authorizer`] per item.

use std::error::Error as StdError;
use std::pin::Pin;
use std::task::{Context, Poll};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use bytes::Bytes;
use futures::{Stream, StreamExt};
use hyper::header::{CONTENT_RANGE, ETAG, LAST_MODIFIED};
use hyper::{HeaderMap, StatusCode, header::HeaderValue};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use s3s::dto::{self, StreamingBlob, Timestamp};
use s3s::stream::{ByteStream, RemainingLength};
use s3s::{S3, S3Error, S3ErrorCode, S3Request, S3Response, S3Result, TrailingHeaders, s3_error};
use time::OffsetDateTime;

use super::Authorizer;
use super::storage::{
    ByteRange, ChecksumAlgorithm, ChecksumType, Checksums, CompletedPartSpec, CopyRequest, ETagMatch,
    ExpectedDigests, FsStorage, ListQuery, MAX_PART_NUMBER, MAX_PUT_BYTES, ObjectAttrs, ObjectMeta,
    ObjectStream, PartMeta, ReadConditions, StorageError, UploadMeta, UploadPartCopyRequest, UploadsQuery,
    WriteConditions,
};

/// Default and largest page size of the list operations, as in S3.
const MAX_LIST: usize = 1000;
/// Largest number of keys one DeleteObjects may name, as in S3.
const MAX_DELETE_KEYS: usize = 1000;
/// Deletes of one DeleteObjects request that run at once.
const DELETE_CONCURRENCY: usize = 16;
/// Characters left as they are by `encoding-type=url`: RFC 3986 unreserved, and `/`.
const URL_ENCODE_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');
const CONTINUATION_PREFIX: &str = "1.";
const DEFAULT_CONTENT_TYPE: &str = "binary/octet-stream";

/// The S3 operations of the gateway, served from an [`FsStorage`].
#[derive(Clone, Debug)]
pub struct S3Backend {
    storage: FsStorage,
    region: String,
    owner_id: String,
    owner_name: String,
}

impl S3Backend {
    /// A backend for region `us-east-1` whose buckets are owned by `weka`.
    pub fn new(storage: FsStorage) -> S3Backend {
        S3Backend {
            storage,
            region: "us-east-1".to_owned(),
            owner_id: "weka".to_owned(),
            owner_name: "weka".to_owned(),
        }
    }

    /// The region reported by HeadBucket and GetBucketLocation.
    #[must_use]
    pub fn with_region(mut self, region: impl Into<String>) -> S3Backend {
        self.region = region.into();
        self
    }

    /// The owner ID and display name reported in listings.
    #[must_use]
    pub fn with_owner(mut self, id: impl Into<String>, display_name: impl Into<String>) -> S3Backend {
        self.owner_id = id.into();
        self.owner_name = display_name.into();
        self
    }

    pub fn storage(&self) -> &FsStorage {
        &self.storage
    }

    fn owner(&self) -> dto::Owner {
        dto::Owner {
            id: Some(self.owner_id.clone()),
            display_name: Some(self.owner_name.clone()),
        }
    }

    fn initiator(&self) -> dto::Initiator {
        dto::Initiator {
            id: Some(self.owner_id.clone()),
            display_name: Some(self.owner_name.clone()),
        }
    }
}

// ----- errors -----

fn internal(e: &StorageError) -> S3Error {
    tracing::error!(error = %e, "S3 storage failure");
    s3_error!(
        InternalError,
        "We encountered an internal error. Please try again."
    )
}

/// Maps a storage error to the S3 error a client expects.
fn s3_err(e: StorageError) -> S3Error {
    use StorageError as E;
    match e {
        E::NoSuchBucket(bucket) => s3_error!(NoSuchBucket, "The specified bucket does not exist: {bucket}"),
        E::BucketAlreadyExists(bucket) => s3_error!(
            BucketAlreadyOwnedByYou,
            "Your previous request to create the named bucket succeeded and you already own it: {bucket}"
        ),
        E::BucketNotEmpty(bucket) => s3_error!(
            BucketNotEmpty,
            "The bucket you tried to delete is not empty: {bucket}. Delete its objects first."
        ),
        E::InvalidBucketName { name, reason } => s3_error!(InvalidBucketName, "{name:?}: {reason}"),
        E::NoSuchKey { .. } => s3_error!(NoSuchKey, "The specified key does not exist."),
        e @ E::KeyTooLong { .. } => s3_error!(KeyTooLongError, "{e}"),
        E::InvalidArgument(message) => S3Error::with_message(S3ErrorCode::InvalidArgument, message),
        E::InvalidRange { size } => {
            let mut err = s3_error!(InvalidRange, "The requested range is not satisfiable");
            let mut headers = HeaderMap::new();
            if let Ok(value) = HeaderValue::try_from(format!("bytes */{size}")) {
                headers.insert(CONTENT_RANGE, value);
            }
            err.set_headers(headers);
            err
        }
        E::PreconditionFailed => {
            s3_error!(
                PreconditionFailed,
                "At least one of the pre-conditions you specified did not hold"
            )
        }
        E::NotModified { etag, last_modified } => {
            let mut err = s3_error!(NotModified);
            let mut headers = HeaderMap::new();
            if let Ok(value) = HeaderValue::try_from(format!("\"{etag}\"")) {
                headers.insert(ETAG, value);
            }
            if let Ok(value) = HeaderValue::try_from(http_date(last_modified)) {
                headers.insert(LAST_MODIFIED, value);
            }
            err.set_headers(headers);
            err
        }
        E::BadDigest(message) => S3Error::with_message(S3ErrorCode::BadDigest, message),
        E::InvalidDigest(message) => S3Error::with_message(S3ErrorCode::InvalidDigest, message),
        e @ E::MetadataTooLarge { .. } => s3_error!(MetadataTooLarge, "{e}"),
        e @ E::EntityTooLarge { .. } => s3_error!(EntityTooLarge, "{e}"),
        e @ E::EntityTooSmall { .. } => s3_error!(EntityTooSmall, "{e}"),
        e @ E::InvalidPart { .. } => s3_error!(InvalidPart, "{e}"),
        e @ E::InvalidPartOrder => s3_error!(InvalidPartOrder, "{e}"),
        e @ E::NoSuchUpload(_) => s3_error!(NoSuchUpload, "{e}"),
        E::Body(source) => body_error(&*source),
        e @ (E::Corrupt(_) | E::Io { .. } | E::Internal(_)) => internal(&e),
    }
}

/// The error of a request body that could not be read. s3s's stream errors are private
/// types, so their kind is recognized by name.
fn body_error(source: &(dyn StdError + 'static)) -> S3Error {
    if let Some(err) = source.downcast_ref::<S3Error>() {
        let mut copy = S3Error::new(err.code().clone());
        if let Some(message) = err.message() {
            copy.set_message(message.to_owned());
        }
        return copy;
    }
    let text = source.to_string();
    if source
        .downcast_ref::<crate::server::timeout::RequestStalled>()
        .is_some()
        || text.contains("the request timed out")
    {
        s3_error!(
            RequestTimeout,
            "Your socket connection to the server was not read from or written to within the timeout \
             period: {text}"
        )
    } else if text.contains("Sha256Mismatch") {
        let mut err = S3Error::with_message(
            "XAmzContentSHA256Mismatch"
                .parse::<S3ErrorCode>()
                .unwrap_or(S3ErrorCode::BadDigest),
            "The provided 'x-amz-content-sha256' header does not match what was computed.",
        );
        err.set_status_code(StatusCode::BAD_REQUEST);
        err
    } else if text.contains("SignatureMismatch") {
        s3_error!(
            SignatureDoesNotMatch,
            "The request signature we calculated does not match the signature you provided (a chunk signature)."
        )
    } else {
        s3_error!(
            IncompleteBody,
            "The request body ended early or could not be read: {text}"
        )
    }
}

fn http_date(t: OffsetDateTime) -> String {
    let format = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    t.to_offset(time::UtcOffset::UTC)
        .format(&format)
        .unwrap_or_default()
}

// ----- conversions -----

fn etag_match(cond: Option<dto::ETagCondition>) -> Option<ETagMatch> {
    cond.map(|cond| match cond {
        dto::ETagCondition::Any => ETagMatch::Any,
        dto::ETagCondition::ETag(etag) => ETagMatch::ETag(etag.into_value()),
    })
}

fn time_of(ts: Option<Timestamp>) -> Option<OffsetDateTime> {
    ts.map(OffsetDateTime::from)
}

fn timestamp(t: OffsetDateTime) -> Timestamp {
    Timestamp::from(t)
}

fn etag(value: &str) -> dto::ETag {
    dto::ETag::Strong(value.to_owned())
}

fn byte_range(range: dto::Range) -> ByteRange {
    match range {
        dto::Range::Int { first, last } => ByteRange::FromTo { first, last },
        dto::Range::Suffix { length } => ByteRange::Suffix { length },
    }
}

fn parse_algorithm(name: &str) -> S3Result<ChecksumAlgorithm> {
    ChecksumAlgorithm::parse(name).ok_or_else(|| {
        s3_error!(
            InvalidArgument,
            "Unsupported checksum algorithm {name:?}; use CRC32, CRC32C, CRC64NVME, SHA1 or SHA256"
        )
    })
}

fn algorithm_of(algorithm: Option<&dto::ChecksumAlgorithm>) -> S3Result<Option<ChecksumAlgorithm>> {
    algorithm.map(|a| parse_algorithm(a.as_str())).transpose()
}

fn dto_algorithm(algorithm: ChecksumAlgorithm) -> dto::ChecksumAlgorithm {
    dto::ChecksumAlgorithm::from(algorithm.as_str().to_owned())
}

fn dto_checksum_type(t: ChecksumType) -> dto::ChecksumType {
    dto::ChecksumType::from(t.as_str().to_owned())
}

fn header_str<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// The checksums a write must compute: the algorithm the client named (in
/// `x-amz-checksum-algorithm`, `x-amz-sdk-checksum-algorithm` or `x-amz-trailer`) and every
/// algorithm it sent a value for.
fn requested_algorithms(
    headers: &HeaderMap,
    declared: Option<&dto::ChecksumAlgorithm>,
    expected: &ExpectedDigests,
) -> S3Result<Vec<ChecksumAlgorithm>> {
    let mut algorithms = expected.algorithms();
    let mut add = |a: ChecksumAlgorithm| {
        if !algorithms.contains(&a) {
            algorithms.push(a);
        }
    };
    if let Some(a) = algorithm_of(declared)? {
        add(a);
    }
    if let Some(name) = header_str(headers, "x-amz-sdk-checksum-algorithm") {
        add(parse_algorithm(name)?);
    }
    for a in trailer_algorithms(headers)? {
        add(a);
    }
    Ok(algorithms)
}

/// The checksum algorithms announced in `x-amz-trailer`.
fn trailer_algorithms(headers: &HeaderMap) -> S3Result<Vec<ChecksumAlgorithm>> {
    let mut algorithms = Vec::new();
    for value in headers.get_all("x-amz-trailer") {
        let value = value
            .to_str()
            .map_err(|_| s3_error!(InvalidArgument, "The x-amz-trailer header is not valid text"))?;
        for name in value.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let algorithm = ChecksumAlgorithm::ALL
                .into_iter()
                .find(|a| a.header_name().eq_ignore_ascii_case(name))
                .ok_or_else(|| s3_error!(InvalidArgument, "Unsupported trailer {name:?} in x-amz-trailer"))?;
            algorithms.push(algorithm);
        }
    }
    Ok(algorithms)
}

/// Adds the checksums that arrived as trailers to `expected`; each announced trailer must
/// have arrived.
fn add_trailer_checksums(
    headers: &HeaderMap,
    trailers: Option<&TrailingHeaders>,
    expected: &mut ExpectedDigests,
) -> S3Result<()> {
    let announced = trailer_algorithms(headers)?;
    if announced.is_empty() {
        return Ok(());
    }
    let received = trailers.and_then(TrailingHeaders::take).unwrap_or_default();
    for algorithm in announced {
        let value = header_str(&received, algorithm.header_name()).ok_or_else(|| {
            s3_error!(
                InvalidRequest,
                "The {} trailer announced in x-amz-trailer was not sent",
                algorithm.header_name()
            )
        })?;
        expected.checksums.set(algorithm, Some(value.to_owned()));
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn expected_digests(
    content_md5: Option<String>,
    crc32: Option<String>,
    crc32c: Option<String>,
    crc64nvme: Option<String>,
    sha1: Option<String>,
    sha256: Option<String>,
) -> ExpectedDigests {
    ExpectedDigests {
        content_md5,
        checksums: Checksums {
            crc32,
            crc32c,
            crc64nvme,
            sha1,
            sha256,
        },
    }
}

/// Rejects server-side encryption with customer keys: we cannot honour it, and silently
/// storing plaintext would be worse than refusing.
fn reject_sse_c(algorithm: Option<&String>) -> S3Result<()> {
    if algorithm.is_some() {
        return Err(s3_error!(
            NotImplemented,
            "Server-side encryption with customer keys is not supported"
        ));
    }
    Ok(())
}

fn reject_version(version_id: Option<&str>) -> S3Result<()> {
    match version_id {
        None | Some("null") => Ok(()),
        Some(_) => Err(s3_error!(
            InvalidArgument,
            "Invalid version id specified: this gateway does not keep versions"
        )),
    }
}

#[allow(clippy::too_many_arguments)]
fn attrs_of(
    content_type: Option<String>,
    content_encoding: Option<String>,
    content_disposition: Option<String>,
    content_language: Option<String>,
    cache_control: Option<String>,
    expires: Option<Timestamp>,
    metadata: Option<dto::Metadata>,
) -> ObjectAttrs {
    ObjectAttrs {
        content_type,
        content_encoding,
        content_disposition,
        content_language,
        cache_control,
        expires: time_of(expires),
        user_metadata: metadata.unwrap_or_default().into_iter().collect(),
    }
}

fn copy_source(source: &dto::CopySource) -> S3Result<(String, String)> {
    match source {
        dto::CopySource::Bucket {
            bucket,
            key,
            version_id,
        } => {
            reject_version(version_id.as_deref())?;
            Ok((bucket.to_string(), key.to_string()))
        }
        _ => Err(s3_error!(
            NotImplemented,
            "Copying from access points or outposts is not supported"
        )),
    }
}

fn max_items(requested: Option<i32>, what: &str) -> S3Result<usize> {
    match requested {
        None => Ok(MAX_LIST),
        Some(n) if n < 0 => Err(s3_error!(
            InvalidArgument,
            "{what} must be a non-negative integer"
        )),
        Some(n) => Ok(usize::try_from(n).unwrap_or(MAX_LIST).min(MAX_LIST)),
    }
}

fn part_number(n: i32) -> S3Result<u32> {
    u32::try_from(n)
        .ok()
        .filter(|n| (1..=MAX_PART_NUMBER).contains(n))
        .ok_or_else(|| {
            s3_error!(
                InvalidArgument,
                "Part number must be an integer between 1 and {MAX_PART_NUMBER}"
            )
        })
}

/// Whether keys are returned URL-encoded (`encoding-type=url`).
fn url_encoding(encoding: Option<&dto::EncodingType>) -> S3Result<bool> {
    match encoding.map(dto::EncodingType::as_str) {
        None => Ok(false),
        Some(e) if e.eq_ignore_ascii_case("url") => Ok(true),
        Some(_) => Err(s3_error!(
            InvalidArgument,
            "Invalid Encoding Method specified in Request"
        )),
    }
}

fn encode(value: &str, url: bool) -> String {
    if url {
        utf8_percent_encode(value, URL_ENCODE_SET).to_string()
    } else {
        value.to_owned()
    }
}

fn continuation_token(after: &str) -> String {
    format!("{CONTINUATION_PREFIX}{}", URL_SAFE_NO_PAD.encode(after))
}

fn parse_continuation_token(token: &str) -> S3Result<String> {
    token
        .strip_prefix(CONTINUATION_PREFIX)
        .and_then(|t| URL_SAFE_NO_PAD.decode(t).ok())
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .ok_or_else(|| s3_error!(InvalidArgument, "The continuation token provided is incorrect"))
}

fn authorizer<T>(req: &S3Request<T>) -> S3Result<&Authorizer> {
    req.extensions
        .get::<Authorizer>()
        .ok_or_else(|| s3_error!(AccessDenied, "Access Denied"))
}

/// An object's bytes as an s3s body with an exact length.
struct BodyStream(ObjectStream);

impl Stream for BodyStream {
    type Item = Result<Bytes, s3s::StdError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Pin::new(&mut self.0)
            .poll_next(cx)
            .map(|item| item.map(|r| r.map_err(|e| Box::new(e) as s3s::StdError)))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl ByteStream for BodyStream {
    fn remaining_length(&self) -> RemainingLength {
        usize::try_from(self.0.remaining())
            .map_or_else(|_| RemainingLength::unknown(), RemainingLength::new_exact)
    }
}

/// What GetObject and HeadObject return about an object.
struct ReadPlan {
    range: std::ops::Range<u64>,
    partial: bool,
}

fn plan_read(meta: &ObjectMeta, range: Option<dto::Range>, part: Option<i32>) -> S3Result<ReadPlan> {
    match (range, part) {
        (Some(_), Some(_)) => Err(s3_error!(
            InvalidRequest,
            "Cannot specify both Range header and partNumber query parameter"
        )),
        (Some(range), None) => {
            let range = byte_range(range).resolve(meta.size).map_err(s3_err)?;
            Ok(ReadPlan { range, partial: true })
        }
        (None, Some(n)) => {
            let n = part_number(n)?;
            let range = meta.part_range(n).ok_or_else(|| {
                let mut err = S3Error::with_message(
                    "InvalidPartNumber"
                        .parse::<S3ErrorCode>()
                        .unwrap_or(S3ErrorCode::InvalidArgument),
                    "The requested partnumber is not satisfiable",
                );
                err.set_status_code(StatusCode::RANGE_NOT_SATISFIABLE);
                err
            })?;
            // A whole single-part object is not a partial response.
            let partial = !(meta.part_sizes.is_empty() && range == (0..meta.size));
            Ok(ReadPlan { range, partial })
        }
        (None, None) => Ok(ReadPlan {
            range: 0..meta.size,
            partial: false,
        }),
    }
}

fn content_range(plan: &ReadPlan, size: u64) -> Option<String> {
    (plan.partial && plan.range.end > plan.range.start)
        .then(|| format!("bytes {}-{}/{size}", plan.range.start, plan.range.end - 1))
}

/// Checksums are returned on request, and only for the whole object (a range has none).
fn visible_checksums(meta: &ObjectMeta, mode: Option<&dto::ChecksumMode>, plan: &ReadPlan) -> Checksums {
    let enabled = mode.is_some_and(|m| m.as_str().eq_ignore_ascii_case(dto::ChecksumMode::ENABLED));
    if enabled && plan.range == (0..meta.size) {
        meta.checksums.clone()
    } else {
        Checksums::default()
    }
}

fn metadata_of(meta: &ObjectMeta) -> Option<dto::Metadata> {
    (!meta.attrs.user_metadata.is_empty()).then(|| {
        meta.attrs
            .user_metadata
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    })
}

fn list_object(meta: ObjectMeta, owner: Option<dto::Owner>, url: bool) -> dto::Object {
    let algorithms = meta.checksums.algorithms();
    dto::Object {
        key: Some(encode(&meta.key, url)),
        last_modified: Some(timestamp(meta.last_modified)),
        e_tag: Some(etag(&meta.etag)),
        size: Some(i64::try_from(meta.size).unwrap_or(i64::MAX)),
        storage_class: Some(dto::ObjectStorageClass::from_static(
            dto::ObjectStorageClass::STANDARD,
        )),
        owner,
        checksum_algorithm: (!algorithms.is_empty())
            .then(|| algorithms.into_iter().map(dto_algorithm).collect()),
        checksum_type: meta.checksum_type.map(dto_checksum_type),
        restore_status: None,
    }
}

fn common_prefixes(prefixes: Vec<String>, url: bool) -> Option<Vec<dto::CommonPrefix>> {
    (!prefixes.is_empty()).then(|| {
        prefixes
            .into_iter()
            .map(|p| dto::CommonPrefix {
                prefix: Some(encode(&p, url)),
            })
            .collect()
    })
}

fn part_checksums(part: &PartMeta, upload: &UploadMeta) -> Checksums {
    // Report the algorithm the client asked for; the default CRC64NVME is internal.
    let mut checksums = Checksums::default();
    if let Some(algorithm) = upload.checksum_algorithm {
        checksums.set(algorithm, part.checksums.get(algorithm).map(str::to_owned));
    }
    checksums
}

fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn to_i32(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

impl S3Backend {
    /// Streams a request body into the store and checks every digest the client declared.
    #[allow(clippy::too_many_arguments)]
    async fn stage_verified(
        &self,
        bucket: &str,
        headers: &HeaderMap,
        trailers: Option<&TrailingHeaders>,
        body: Option<StreamingBlob>,
        mut expected: ExpectedDigests,
        declared: Option<&dto::ChecksumAlgorithm>,
        extra: Option<ChecksumAlgorithm>,
    ) -> S3Result<super::storage::StagedData> {
        // Refuse a declared oversize body before reading it.
        let declared_length = header_str(headers, "x-amz-decoded-content-length")
            .or_else(|| header_str(headers, "content-length"))
            .and_then(|v| v.parse::<u64>().ok());
        if let Some(length) = declared_length
            && length > MAX_PUT_BYTES
        {
            return Err(s3_err(StorageError::EntityTooLarge {
                max_size: MAX_PUT_BYTES,
            }));
        }
        let mut algorithms = requested_algorithms(headers, declared, &expected)?;
        if let Some(extra) = extra
            && !algorithms.contains(&extra)
        {
            algorithms.push(extra);
        }
        let staged = match body {
            Some(body) => self.storage.stage(bucket, &algorithms, body).await,
            None => {
                self.storage
                    .stage(
                        bucket,
                        &algorithms,
                        futures::stream::empty::<Result<Bytes, std::io::Error>>(),
                    )
                    .await
            }
        }
        .map_err(s3_err)?;
        add_trailer_checksums(headers, trailers, &mut expected)?;
        staged.verify(&expected).map_err(s3_err)?;
        Ok(staged)
    }
}

#[async_trait::async_trait]
impl S3 for S3Backend {
    async fn list_buckets(
        &self,
        req: S3Request<dto::ListBucketsInput>,
    ) -> S3Result<S3Response<dto::ListBucketsOutput>> {
        let authorizer = authorizer(&req)?;
        let input = &req.input;
        let max = match input.max_buckets {
            None => 10_000,
            Some(n) if (1..=10_000).contains(&n) => usize::try_from(n).unwrap_or(10_000),
            Some(_) => {
                return Err(s3_error!(
                    InvalidArgument,
                    "max-buckets must be between 1 and 10000"
                ));
            }
        };
        let mut buckets: Vec<dto::Bucket> = Vec::new();
        let mut continuation = None;
        for bucket in self.storage.list_buckets().await.map_err(s3_err)? {
            if input
                .prefix
                .as_deref()
                .is_some_and(|p| !bucket.name.starts_with(p))
                || input
                    .continuation_token
                    .as_deref()
                    .is_some_and(|after| bucket.name.as_str() <= after)
                || !authorizer.is_allowed("s3:ListBucket", &bucket.name, None)
            {
                continue;
            }
            if buckets.len() == max {
                continuation = buckets.last().and_then(|b| b.name.clone());
                break;
            }
            buckets.push(dto::Bucket {
                name: Some(bucket.name),
                creation_date: Some(timestamp(bucket.created_at)),
                bucket_region: Some(self.region.clone()),
            });
        }
        Ok(S3Response::new(dto::ListBucketsOutput {
            buckets: Some(buckets),
            owner: Some(self.owner()),
            prefix: input.prefix.clone(),
            continuation_token: continuation,
        }))
    }

    async fn create_bucket(
        &self,
        req: S3Request<dto::CreateBucketInput>,
    ) -> S3Result<S3Response<dto::CreateBucketOutput>> {
        let input = req.input;
        if input.object_lock_enabled_for_bucket == Some(true) {
            return Err(s3_error!(NotImplemented, "Object Lock is not supported"));
        }
        let bucket = self.storage.create_bucket(&input.bucket).await.map_err(s3_err)?;
        Ok(S3Response::new(dto::CreateBucketOutput {
            location: Some(format!("/{}", bucket.name)),
        }))
    }

    async fn delete_bucket(
        &self,
        req: S3Request<dto::DeleteBucketInput>,
    ) -> S3Result<S3Response<dto::DeleteBucketOutput>> {
        self.storage
            .delete_bucket(&req.input.bucket, false)
            .await
            .map_err(s3_err)?;
        Ok(S3Response::new(dto::DeleteBucketOutput {}))
    }

    async fn head_bucket(
        &self,
        req: S3Request<dto::HeadBucketInput>,
    ) -> S3Result<S3Response<dto::HeadBucketOutput>> {
        self.storage
            .bucket_info(&req.input.bucket)
            .await
            .map_err(s3_err)?;
        Ok(S3Response::new(dto::HeadBucketOutput {
            bucket_region: Some(self.region.clone()),
            ..Default::default()
        }))
    }

    async fn get_bucket_location(
        &self,
        req: S3Request<dto::GetBucketLocationInput>,
    ) -> S3Result<S3Response<dto::GetBucketLocationOutput>> {
        self.storage
            .bucket_info(&req.input.bucket)
            .await
            .map_err(s3_err)?;
        // S3 reports us-east-1 as an empty constraint.
        let location_constraint =
            (self.region != "us-east-1").then(|| dto::BucketLocationConstraint::from(self.region.clone()));
        Ok(S3Response::new(dto::GetBucketLocationOutput {
            location_constraint,
        }))
    }

    async fn list_objects(
        &self,
        req: S3Request<dto::ListObjectsInput>,
    ) -> S3Result<S3Response<dto::ListObjectsOutput>> {
        let input = req.input;
        let url = url_encoding(input.encoding_type.as_ref())?;
        let max_keys = max_items(input.max_keys, "max-keys")?;
        let prefix = input.prefix.clone().unwrap_or_default();
        let query = ListQuery {
            prefix: prefix.clone(),
            delimiter: input.delimiter.clone(),
            after: input.marker.clone().filter(|m| !m.is_empty()),
            max_keys,
        };
        let page = self
            .storage
            .list_objects(&input.bucket, query)
            .await
            .map_err(s3_err)?;
        let contents = page
            .objects
            .into_iter()
            .map(|o| list_object(o, Some(self.owner()), url))
            .collect();
        Ok(S3Response::new(dto::ListObjectsOutput {
            name: Some(input.bucket),
            prefix: Some(encode(&prefix, url)),
            marker: Some(encode(input.marker.as_deref().unwrap_or_default(), url)),
            max_keys: Some(to_i32(max_keys)),
            is_truncated: Some(page.is_truncated),
            contents: Some(contents),
            common_prefixes: common_prefixes(page.common_prefixes, url),
            delimiter: input.delimiter.map(|d| encode(&d, url)),
            next_marker: page.next_after.map(|n| encode(&n, url)),
            encoding_type: input.encoding_type,
            request_charged: None,
        }))
    }

    async fn list_objects_v2(
        &self,
        req: S3Request<dto::ListObjectsV2Input>,
    ) -> S3Result<S3Response<dto::ListObjectsV2Output>> {
        let input = req.input;
        let url = url_encoding(input.encoding_type.as_ref())?;
        let max_keys = max_items(input.max_keys, "max-keys")?;
        let prefix = input.prefix.clone().unwrap_or_default();
        let after = match input.continuation_token.as_deref() {
            Some(token) => Some(parse_continuation_token(token)?),
            None => input.start_after.clone().filter(|s| !s.is_empty()),
        };
        let query = ListQuery {
            prefix: prefix.clone(),
            delimiter: input.delimiter.clone(),
            after,
            max_keys,
        };
        let page = self
            .storage
            .list_objects(&input.bucket, query)
            .await
            .map_err(s3_err)?;
        let owner = (input.fetch_owner == Some(true)).then(|| self.owner());
        let key_count = page.objects.len() + page.common_prefixes.len();
        let contents = page
            .objects
            .into_iter()
            .map(|o| list_object(o, owner.clone(), url))
            .collect();
        Ok(S3Response::new(dto::ListObjectsV2Output {
            name: Some(input.bucket),
            prefix: Some(encode(&prefix, url)),
            max_keys: Some(to_i32(max_keys)),
            key_count: Some(to_i32(key_count)),
            continuation_token: input.continuation_token,
            is_truncated: Some(page.is_truncated),
            next_continuation_token: page.next_after.as_deref().map(continuation_token),
            contents: Some(contents),
            common_prefixes: common_prefixes(page.common_prefixes, url),
            delimiter: input.delimiter.map(|d| encode(&d, url)),
            encoding_type: input.encoding_type,
            start_after: input.start_after.map(|s| encode(&s, url)),
            request_charged: None,
        }))
    }

    async fn put_object(
        &self,
        req: S3Request<dto::PutObjectInput>,
    ) -> S3Result<S3Response<dto::PutObjectOutput>> {
        let S3Request {
            input,
            headers,
            trailing_headers,
            ..
        } = req;
        reject_sse_c(input.sse_customer_algorithm.as_ref())?;
        if input.write_offset_bytes.is_some() {
            return Err(s3_error!(
                NotImplemented,
                "Appending to objects (x-amz-write-offset-bytes) is not supported"
            ));
        }
        let expected = expected_digests(
            input.content_md5,
            input.checksum_crc32,
            input.checksum_crc32c,
            input.checksum_crc64nvme,
            input.checksum_sha1,
            input.checksum_sha256,
        );
        let mut algorithms_hint = None;
        if requested_algorithms(&headers, input.checksum_algorithm.as_ref(), &expected)?.is_empty() {
            // S3 gives every object a CRC64NVME checksum when the client names none.
            algorithms_hint = Some(ChecksumAlgorithm::Crc64Nvme);
        }
        let staged = self
            .stage_verified(
                &input.bucket,
                &headers,
                trailing_headers.as_ref(),
                input.body,
                expected,
                input.checksum_algorithm.as_ref(),
                algorithms_hint,
            )
            .await?;
        let attrs = attrs_of(
            input.content_type,
            input.content_encoding,
            input.content_disposition,
            input.content_language,
            input.cache_control,
            input.expires,
            input.metadata,
        );
        let conditions = WriteConditions {
            if_match: etag_match(input.if_match),
            if_none_match: etag_match(input.if_none_match),
        };
        let meta = self
            .storage
            .commit_object(&input.bucket, &input.key, staged, attrs, conditions)
            .await
            .map_err(s3_err)?;
        let c = meta.checksums;
        Ok(S3Response::new(dto::PutObjectOutput {
            e_tag: Some(etag(&meta.etag)),
            checksum_crc32: c.crc32,
            checksum_crc32c: c.crc32c,
            checksum_crc64nvme: c.crc64nvme,
            checksum_sha1: c.sha1,
            checksum_sha256: c.sha256,
            checksum_type: meta.checksum_type.map(dto_checksum_type),
            size: Some(to_i64(meta.size)),
            ..Default::default()
        }))
    }

    async fn get_object(
        &self,
        req: S3Request<dto::GetObjectInput>,
    ) -> S3Result<S3Response<dto::GetObjectOutput>> {
        let input = req.input;
        reject_sse_c(input.sse_customer_algorithm.as_ref())?;
        reject_version(input.version_id.as_deref())?;
        let reader = self
            .storage
            .open_object(&input.bucket, &input.key)
            .await
            .map_err(s3_err)?;
        let meta = reader.meta().clone();
        ReadConditions {
            if_match: etag_match(input.if_match),
            if_none_match: etag_match(input.if_none_match),
            if_modified_since: time_of(input.if_modified_since),
            if_unmodified_since: time_of(input.if_unmodified_since),
        }
        .evaluate(&meta)
        .map_err(s3_err)?;
        let plan = plan_read(&meta, input.range, input.part_number)?;
        let c = visible_checksums(&meta, input.checksum_mode.as_ref(), &plan);
        let checksum_type = if c.is_empty() {
            None
        } else {
            meta.checksum_type.map(dto_checksum_type)
        };
        let body = StreamingBlob::new(BodyStream(reader.into_stream(plan.range.clone())));
        Ok(S3Response::new(dto::GetObjectOutput {
            body: Some(body),
            accept_ranges: Some("bytes".to_owned()),
            content_length: Some(to_i64(plan.range.end - plan.range.start)),
            content_range: content_range(&plan, meta.size),
            content_type: Some(
                meta.attrs
                    .content_type
                    .clone()
                    .unwrap_or_else(|| DEFAULT_CONTENT_TYPE.to_owned()),
            ),
            content_encoding: meta.attrs.content_encoding.clone(),
            content_disposition: meta.attrs.content_disposition.clone(),
            content_language: meta.attrs.content_language.clone(),
            cache_control: meta.attrs.cache_control.clone(),
            expires: meta.attrs.expires.map(timestamp),
            e_tag: Some(etag(&meta.etag)),
            last_modified: Some(timestamp(meta.last_modified)),
            metadata: metadata_of(&meta),
            checksum_crc32: c.crc32,
            checksum_crc32c: c.crc32c,
            checksum_crc64nvme: c.crc64nvme,
            checksum_sha1: c.sha1,
            checksum_sha256: c.sha256,
            checksum_type,
            parts_count: input.part_number.map(|_| to_i32(meta.parts_count())),
            storage_class: Some(dto::StorageClass::from_static(dto::StorageClass::STANDARD)),
            ..Default::default()
        }))
    }

    async fn head_object(
        &self,
        req: S3Request<dto::HeadObjectInput>,
    ) -> S3Result<S3Response<dto::HeadObjectOutput>> {
        let input = req.input;
        reject_sse_c(input.sse_customer_algorithm.as_ref())?;
        reject_version(input.version_id.as_deref())?;
        let meta = self
            .storage
            .head_object(&input.bucket, &input.key)
            .await
            .map_err(s3_err)?;
        ReadConditions {
            if_match: etag_match(input.if_match),
            if_none_match: etag_match(input.if_none_match),
            if_modified_since: time_of(input.if_modified_since),
            if_unmodified_since: time_of(input.if_unmodified_since),
        }
        .evaluate(&meta)
        .map_err(s3_err)?;
        let plan = plan_read(&meta, input.range, input.part_number)?;
        let c = visible_checksums(&meta, input.checksum_mode.as_ref(), &plan);
        let checksum_type = if c.is_empty() {
            None
        } else {
            meta.checksum_type.map(dto_checksum_type)
        };
        let a = &meta.attrs;
        let output = dto::HeadObjectOutput {
            accept_ranges: Some("bytes".to_owned()),
            content_length: Some(to_i64(plan.range.end - plan.range.start)),
            content_range: content_range(&plan, meta.size),
            content_type: input
                .response_content_type
                .or_else(|| a.content_type.clone())
                .or_else(|| Some(DEFAULT_CONTENT_TYPE.to_owned())),
            content_encoding: input
                .response_content_encoding
                .or_else(|| a.content_encoding.clone()),
            content_disposition: input
                .response_content_disposition
                .or_else(|| a.content_disposition.clone()),
            content_language: input
                .response_content_language
                .or_else(|| a.content_language.clone()),
            cache_control: input.response_cache_control.or_else(|| a.cache_control.clone()),
            expires: input.response_expires.or_else(|| a.expires.map(timestamp)),
            e_tag: Some(etag(&meta.etag)),
            last_modified: Some(timestamp(meta.last_modified)),
            metadata: metadata_of(&meta),
            checksum_crc32: c.crc32,
            checksum_crc32c: c.crc32c,
            checksum_crc64nvme: c.crc64nvme,
            checksum_sha1: c.sha1,
            checksum_sha256: c.sha256,
            checksum_type,
            parts_count: input.part_number.map(|_| to_i32(meta.parts_count())),
            storage_class: Some(dto::StorageClass::from_static(dto::StorageClass::STANDARD)),
            ..Default::default()
        };
        // s3s 0.14 always answers HeadObject with 200, so a ranged HEAD carries Content-Range
        // and the range's length with status 200.
        Ok(S3Response::new(output))
    }

    async fn copy_object(
        &self,
        req: S3Request<dto::CopyObjectInput>,
    ) -> S3Result<S3Response<dto::CopyObjectOutput>> {
        let input = req.input;
        reject_sse_c(input.sse_customer_algorithm.as_ref())?;
        reject_sse_c(input.copy_source_sse_customer_algorithm.as_ref())?;
        let (source_bucket, source_key) = copy_source(&input.copy_source)?;
        let replace = match input
            .metadata_directive
            .as_ref()
            .map(dto::MetadataDirective::as_str)
        {
            None | Some(dto::MetadataDirective::COPY) => false,
            Some(dto::MetadataDirective::REPLACE) => true,
            Some(other) => {
                return Err(s3_error!(
                    InvalidArgument,
                    "Unknown metadata directive {other:?}; use COPY or REPLACE"
                ));
            }
        };
        let checksum_algorithms: Vec<ChecksumAlgorithm> = algorithm_of(input.checksum_algorithm.as_ref())?
            .into_iter()
            .collect();
        if source_bucket == input.bucket
            && source_key == input.key
            && !replace
            && checksum_algorithms.is_empty()
        {
            return Err(s3_error!(
                InvalidRequest,
                "This copy request is illegal because it is trying to copy an object to itself without changing the \
                 object's metadata, storage class, website redirect location or encryption attributes."
            ));
        }
        let attrs = replace.then(|| {
            attrs_of(
                input.content_type,
                input.content_encoding,
                input.content_disposition,
                input.content_language,
                input.cache_control,
                input.expires,
                input.metadata,
            )
        });
        let meta = self
            .storage
            .copy_object(CopyRequest {
                source_bucket,
                source_key,
                source_conditions: ReadConditions {
                    if_match: etag_match(input.copy_source_if_match),
                    if_none_match: etag_match(input.copy_source_if_none_match),
                    if_modified_since: time_of(input.copy_source_if_modified_since),
                    if_unmodified_since: time_of(input.copy_source_if_unmodified_since),
                },
                bucket: input.bucket,
                key: input.key,
                attrs,
                checksum_algorithms,
                conditions: WriteConditions::default(),
            })
            .await
            .map_err(s3_err)?;
        let c = meta.checksums;
        Ok(S3Response::new(dto::CopyObjectOutput {
            copy_object_result: Some(dto::CopyObjectResult {
                e_tag: Some(etag(&meta.etag)),
                last_modified: Some(timestamp(meta.last_modified)),
                checksum_crc32: c.crc32,
                checksum_crc32c: c.crc32c,
                checksum_crc64nvme: c.crc64nvme,
                checksum_sha1: c.sha1,
                checksum_sha256: c.sha256,
                checksum_type: meta.checksum_type.map(dto_checksum_type),
            }),
            ..Default::default()
        }))
    }

    async fn delete_object(
        &self,
        req: S3Request<dto::DeleteObjectInput>,
    ) -> S3Result<S3Response<dto::DeleteObjectOutput>> {
        let input = req.input;
        reject_version(input.version_id.as_deref())?;
        self.storage
            .delete_object(&input.bucket, &input.key, etag_match(input.if_match))
            .await
            .map_err(s3_err)?;
        Ok(S3Response::new(dto::DeleteObjectOutput::default()))
    }

    async fn delete_objects(
        &self,
        req: S3Request<dto::DeleteObjectsInput>,
    ) -> S3Result<S3Response<dto::DeleteObjectsOutput>> {
        let authorizer = authorizer(&req)?.clone();
        let input = req.input;
        let objects = input.delete.objects;
        if objects.is_empty() || objects.len() > MAX_DELETE_KEYS {
            return Err(s3_error!(
                MalformedXML,
                "The request must name between 1 and {MAX_DELETE_KEYS} keys, it names {}",
                objects.len()
            ));
        }
        let quiet = input.delete.quiet == Some(true);
        let bucket = input.bucket;
        self.storage.bucket_info(&bucket).await.map_err(s3_err)?;
        let error = |key: String, code: &str, message: String| dto::Error {
            code: Some(code.to_owned()),
            key: Some(key),
            message: Some(message),
            version_id: None,
        };
        let results: Vec<Result<String, dto::Error>> = futures::stream::iter(objects)
            .map(|object| {
                let (storage, authorizer, bucket) = (&self.storage, &authorizer, &bucket);
                async move {
                    let key = object.key;
                    if !authorizer.is_allowed("s3:DeleteObject", bucket, Some(&key)) {
                        return Err(error(key, "AccessDenied", "Access Denied".to_owned()));
                    }
                    if let Err(e) = reject_version(object.version_id.as_deref()) {
                        return Err(error(
                            key,
                            "NoSuchVersion",
                            e.message().unwrap_or_default().to_owned(),
                        ));
                    }
                    let if_match = object.e_tag.map(|e| ETagMatch::ETag(e.into_value()));
                    match storage.delete_object(bucket, &key, if_match).await {
                        Ok(_) => Ok(key),
                        Err(e) => {
                            let e = s3_err(e);
                            let message = e.message().unwrap_or_default().to_owned();
                            Err(error(key, e.code().as_str(), message))
                        }
                    }
                }
            })
            .buffered(DELETE_CONCURRENCY)
            .collect()
            .await;
        let mut deleted = Vec::new();
        let mut errors = Vec::new();
        for result in results {
            match result {
                Ok(key) if !quiet => deleted.push(dto::DeletedObject {
                    key: Some(key),
                    ..Default::default()
                }),
                Ok(_) => {}
                Err(e) => errors.push(e),
            }
        }
        Ok(S3Response::new(dto::DeleteObjectsOutput {
            deleted: (!deleted.is_empty()).then_some(deleted),
            errors: (!errors.is_empty()).then_some(errors),
            request_charged: None,
        }))
    }

    async fn create_multipart_upload(
        &self,
        req: S3Request<dto::CreateMultipartUploadInput>,
    ) -> S3Result<S3Response<dto::CreateMultipartUploadOutput>> {
        let input = req.input;
        reject_sse_c(input.sse_customer_algorithm.as_ref())?;
        let algorithm = algorithm_of(input.checksum_algorithm.as_ref())?;
        let checksum_type = input
            .checksum_type
            .as_ref()
            .map(|t| {
                ChecksumType::parse(t.as_str()).ok_or_else(|| {
                    s3_error!(
                        InvalidArgument,
                        "Unknown checksum type {:?}; use COMPOSITE or FULL_OBJECT",
                        t.as_str()
                    )
                })
            })
            .transpose()?;
        let attrs = attrs_of(
            input.content_type,
            input.content_encoding,
            input.content_disposition,
            input.content_language,
            input.cache_control,
            input.expires,
            input.metadata,
        );
        let upload = self
            .storage
            .create_multipart_upload(&input.bucket, &input.key, attrs, algorithm, checksum_type)
            .await
            .map_err(s3_err)?;
        Ok(S3Response::new(dto::CreateMultipartUploadOutput {
            bucket: Some(input.bucket),
            key: Some(upload.key),
            upload_id: Some(upload.upload_id),
            checksum_algorithm: upload.checksum_algorithm.map(dto_algorithm),
            checksum_type: upload
                .checksum_algorithm
                .map(|_| dto_checksum_type(upload.checksum_type)),
            ..Default::default()
        }))
    }

    async fn upload_part(
        &self,
        req: S3Request<dto::UploadPartInput>,
    ) -> S3Result<S3Response<dto::UploadPartOutput>> {
        let S3Request {
            input,
            headers,
            trailing_headers,
            ..
        } = req;
        reject_sse_c(input.sse_customer_algorithm.as_ref())?;
        let number = part_number(input.part_number)?;
        // Fail before reading the body when the upload does not exist.
        let upload = self
            .storage
            .upload_meta(&input.bucket, &input.key, &input.upload_id)
            .await
            .map_err(s3_err)?;
        let expected = expected_digests(
            input.content_md5,
            input.checksum_crc32,
            input.checksum_crc32c,
            input.checksum_crc64nvme,
            input.checksum_sha1,
            input.checksum_sha256,
        );
        let staged = self
            .stage_verified(
                &input.bucket,
                &headers,
                trailing_headers.as_ref(),
                input.body,
                expected,
                input.checksum_algorithm.as_ref(),
                Some(upload.effective_algorithm()),
            )
            .await?;
        let part = self
            .storage
            .upload_part(&input.bucket, &input.key, &input.upload_id, number, staged)
            .await
            .map_err(s3_err)?;
        let c = part_checksums(&part, &upload);
        Ok(S3Response::new(dto::UploadPartOutput {
            e_tag: Some(etag(&part.etag)),
            checksum_crc32: c.crc32,
            checksum_crc32c: c.crc32c,
            checksum_crc64nvme: c.crc64nvme,
            checksum_sha1: c.sha1,
            checksum_sha256: c.sha256,
            ..Default::default()
        }))
    }

    async fn upload_part_copy(
        &self,
        req: S3Request<dto::UploadPartCopyInput>,
    ) -> S3Result<S3Response<dto::UploadPartCopyOutput>> {
        let input = req.input;
        reject_sse_c(input.sse_customer_algorithm.as_ref())?;
        reject_sse_c(input.copy_source_sse_customer_algorithm.as_ref())?;
        let number = part_number(input.part_number)?;
        let (source_bucket, source_key) = copy_source(&input.copy_source)?;
        let source_range = input
            .copy_source_range
            .as_deref()
            .map(|r| match dto::Range::parse(r) {
                Ok(dto::Range::Int { first, last: Some(last) }) => Ok(ByteRange::FromTo { first, last: Some(last) }),
                _ => Err(s3_error!(
                    InvalidArgument,
                    "The x-amz-copy-source-range value must be of the form bytes=first-last where first and last \
                     are the zero-based offsets of the first and last bytes to copy"
                )),
            })
            .transpose()?;
        let upload = self
            .storage
            .upload_meta(&input.bucket, &input.key, &input.upload_id)
            .await
            .map_err(s3_err)?;
        let part = self
            .storage
            .upload_part_copy(UploadPartCopyRequest {
                source_bucket,
                source_key,
                source_conditions: ReadConditions {
                    if_match: etag_match(input.copy_source_if_match),
                    if_none_match: etag_match(input.copy_source_if_none_match),
                    if_modified_since: time_of(input.copy_source_if_modified_since),
                    if_unmodified_since: time_of(input.copy_source_if_unmodified_since),
                },
                source_range,
                bucket: input.bucket,
                key: input.key,
                upload_id: input.upload_id,
                part_number: number,
            })
            .await
            .map_err(s3_err)?;
        let c = part_checksums(&part, &upload);
        Ok(S3Response::new(dto::UploadPartCopyOutput {
            copy_part_result: Some(dto::CopyPartResult {
                e_tag: Some(etag(&part.etag)),
                last_modified: Some(timestamp(part.last_modified)),
                checksum_crc32: c.crc32,
                checksum_crc32c: c.crc32c,
                checksum_crc64nvme: c.crc64nvme,
                checksum_sha1: c.sha1,
                checksum_sha256: c.sha256,
            }),
            ..Default::default()
        }))
    }

    async fn complete_multipart_upload(
        &self,
        req: S3Request<dto::CompleteMultipartUploadInput>,
    ) -> S3Result<S3Response<dto::CompleteMultipartUploadOutput>> {
        let input = req.input;
        reject_sse_c(input.sse_customer_algorithm.as_ref())?;
        let mut parts = Vec::new();
        for part in input.multipart_upload.and_then(|m| m.parts).unwrap_or_default() {
            let number = part
                .part_number
                .ok_or_else(|| s3_error!(MalformedXML, "Every Part must have a PartNumber"))?;
            let etag = part
                .e_tag
                .ok_or_else(|| s3_error!(MalformedXML, "Every Part must have an ETag"))?;
            parts.push(CompletedPartSpec {
                part_number: part_number(number)
                    .map_err(|_| s3_error!(InvalidPart, "Invalid part number {number}"))?,
                etag: etag.into_value(),
                checksums: Checksums {
                    crc32: part.checksum_crc32,
                    crc32c: part.checksum_crc32c,
                    crc64nvme: part.checksum_crc64nvme,
                    sha1: part.checksum_sha1,
                    sha256: part.checksum_sha256,
                },
            });
        }
        if parts.is_empty() {
            return Err(s3_error!(MalformedXML, "You must specify at least one part"));
        }
        let expected = Checksums {
            crc32: input.checksum_crc32,
            crc32c: input.checksum_crc32c,
            crc64nvme: input.checksum_crc64nvme,
            sha1: input.checksum_sha1,
            sha256: input.checksum_sha256,
        };
        let expected_size = input
            .mpu_object_size
            .map(|n| {
                u64::try_from(n)
                    .map_err(|_| s3_error!(InvalidArgument, "x-amz-mp-object-size must not be negative"))
            })
            .transpose()?;
        let conditions = WriteConditions {
            if_match: etag_match(input.if_match),
            if_none_match: etag_match(input.if_none_match),
        };
        let meta = self
            .storage
            .complete_multipart_upload(
                &input.bucket,
                &input.key,
                &input.upload_id,
                parts,
                expected,
                expected_size,
                conditions,
            )
            .await
            .map_err(s3_err)?;
        let c = meta.checksums;
        Ok(S3Response::new(dto::CompleteMultipartUploadOutput {
            location: Some(format!("/{}/{}", input.bucket, meta.key)),
            bucket: Some(input.bucket),
            key: Some(meta.key),
            e_tag: Some(etag(&meta.etag)),
            checksum_crc32: c.crc32,
            checksum_crc32c: c.crc32c,
            checksum_crc64nvme: c.crc64nvme,
            checksum_sha1: c.sha1,
            checksum_sha256: c.sha256,
            checksum_type: meta.checksum_type.map(dto_checksum_type),
            ..Default::default()
        }))
    }

    async fn abort_multipart_upload(
        &self,
        req: S3Request<dto::AbortMultipartUploadInput>,
    ) -> S3Result<S3Response<dto::AbortMultipartUploadOutput>> {
        let input = req.input;
        self.storage
            .abort_multipart_upload(&input.bucket, &input.key, &input.upload_id)
            .await
            .map_err(s3_err)?;
        Ok(S3Response::new(dto::AbortMultipartUploadOutput::default()))
    }

    async fn list_parts(
        &self,
        req: S3Request<dto::ListPartsInput>,
    ) -> S3Result<S3Response<dto::ListPartsOutput>> {
        let input = req.input;
        let max_parts = max_items(input.max_parts, "max-parts")?;
        let marker = match input.part_number_marker {
            None => 0,
            Some(n) => u32::try_from(n)
                .map_err(|_| s3_error!(InvalidArgument, "part-number-marker must not be negative"))?,
        };
        let page = self
            .storage
            .list_parts(&input.bucket, &input.key, &input.upload_id, marker, max_parts)
            .await
            .map_err(s3_err)?;
        let upload = &page.upload;
        let parts = page
            .parts
            .iter()
            .map(|part| {
                let c = part_checksums(part, upload);
                dto::Part {
                    part_number: i32::try_from(part.part_number).ok(),
                    e_tag: Some(etag(&part.etag)),
                    size: Some(to_i64(part.size)),
                    last_modified: Some(timestamp(part.last_modified)),
                    checksum_crc32: c.crc32,
                    checksum_crc32c: c.crc32c,
                    checksum_crc64nvme: c.crc64nvme,
                    checksum_sha1: c.sha1,
                    checksum_sha256: c.sha256,
                }
            })
            .collect();
        Ok(S3Response::new(dto::ListPartsOutput {
            bucket: Some(input.bucket),
            key: Some(input.key),
            upload_id: Some(input.upload_id),
            part_number_marker: input.part_number_marker,
            next_part_number_marker: page.next_part_number_marker.and_then(|n| i32::try_from(n).ok()),
            max_parts: Some(to_i32(max_parts)),
            is_truncated: Some(page.is_truncated),
            parts: Some(parts),
            initiator: Some(self.initiator()),
            owner: Some(self.owner()),
            storage_class: Some(dto::StorageClass::from_static(dto::StorageClass::STANDARD)),
            checksum_algorithm: upload.checksum_algorithm.map(dto_algorithm),
            checksum_type: upload
                .checksum_algorithm
                .map(|_| dto_checksum_type(upload.checksum_type)),
            ..Default::default()
        }))
    }

    async fn list_multipart_uploads(
        &self,
        req: S3Request<dto::ListMultipartUploadsInput>,
    ) -> S3Result<S3Response<dto::ListMultipartUploadsOutput>> {
        let input = req.input;
        let url = url_encoding(input.encoding_type.as_ref())?;
        let max_uploads = max_items(input.max_uploads, "max-uploads")?;
        let query = UploadsQuery {
            prefix: input.prefix.clone().unwrap_or_default(),
            delimiter: input.delimiter.clone(),
            key_marker: input.key_marker.clone().filter(|m| !m.is_empty()),
            upload_id_marker: input.upload_id_marker.clone().filter(|m| !m.is_empty()),
            max_uploads,
        };
        let page = self
            .storage
            .list_multipart_uploads(&input.bucket, query)
            .await
            .map_err(s3_err)?;
        let uploads = page
            .uploads
            .into_iter()
            .map(|u| dto::MultipartUpload {
                key: Some(encode(&u.key, url)),
                upload_id: Some(u.upload_id),
                initiated: Some(timestamp(u.initiated)),
                initiator: Some(self.initiator()),
                owner: Some(self.owner()),
                storage_class: Some(dto::StorageClass::from_static(dto::StorageClass::STANDARD)),
                checksum_algorithm: u.checksum_algorithm.map(dto_algorithm),
                checksum_type: u.checksum_algorithm.map(|_| dto_checksum_type(u.checksum_type)),
            })
            .collect();
        Ok(S3Response::new(dto::ListMultipartUploadsOutput {
            bucket: Some(input.bucket),
            prefix: input.prefix.map(|p| encode(&p, url)),
            delimiter: input.delimiter.map(|d| encode(&d, url)),
            key_marker: input.key_marker.map(|k| encode(&k, url)),
            upload_id_marker: input.upload_id_marker,
            next_key_marker: page.next_key_marker.map(|k| encode(&k, url)),
            next_upload_id_marker: page.next_upload_id_marker,
            max_uploads: Some(to_i32(max_uploads)),
            is_truncated: Some(page.is_truncated),
            uploads: Some(uploads),
            common_prefixes: common_prefixes(page.common_prefixes, url),
            encoding_type: input.encoding_type,
            request_charged: None,
        }))
    }
}

#[cfg(test)]
mod tests;
