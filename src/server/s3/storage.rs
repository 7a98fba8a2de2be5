//! [`FsStorage`]: a durable object store in a directory tree.
//!
//! # On-disk layout
//!
//! ```text
//! <root>/                         the caller's directory (the server passes <data-dir>/objects)
//!   .weka-tmp/                    buckets being created or deleted (never visible as buckets)
//!   <bucket>/                     one directory per bucket; names follow S3's bucket rules
//!     bucket.json                 {"created_at": "<RFC 3339>"}
//!     objects/                    the objects, one file each; see `layout` for the key encoding
//!     uploads/<upload-id>/        a multipart upload: upload.json and part-00001, part-00002, ...
//!     tmp/                        files being written; same file system, so `rename` is atomic
//! ```
//!
//! # Durability
//!
//! Every write streams into a new file in `tmp/`, is `fsync`ed, renamed over its final name,
//! and the directory is `fsync`ed before the write is acknowledged. A crash leaves either the
//! old object or the new one, never a partial one; files left in `tmp/` are never visible and
//! are removed by [`FsStorage::remove_stale_temp_files`] (run by [`FsStorage::open`]). Data and
//! metadata share one file (see `layout`), so they are replaced together.
//!
//! # Concurrency
//!
//! Readers work on an open file handle, so an object replaced or deleted while it is being
//! read is still read completely and consistently. Writers of the same key are serialized
//! by a striped lock only around the check-and-rename, which makes conditional writes
//! (`If-None-Match: *`, `If-Match`) atomic within one process. Several processes may share
//! one tree; conditional writes are then atomic per process only.
//!
//! All file-system work runs on tokio's blocking threads; the async methods never block.

use std::collections::BTreeMap;
use std::error::Error as StdError;
use std::fs::{self, File};
use std::future::Future as _;
use std::hash::{Hash, Hasher};
use std::io::{self, Seek, SeekFrom};
use std::ops::Range;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use futures::Stream;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use tokio::task::JoinHandle;

use crate::api::bucket::BucketInfo;

mod checksum;
mod layout;
mod listing;
mod multipart;
mod write;

pub use checksum::{ChecksumAlgorithm, ChecksumType, Checksums};
pub use listing::{ListPage, ListQuery};
pub use multipart::{
    CompletedPartSpec, PartMeta, PartsPage, UploadMeta, UploadPartCopyRequest, UploadsPage, UploadsQuery,
};
pub use write::{ExpectedDigests, StagedData};

use layout::TrailerError;
use write::TempFile;

/// Longest object key S3 allows, in bytes.
pub const MAX_KEY_BYTES: usize = 1024;
/// Largest user metadata (`x-amz-meta-*` names and values together), as in S3.
pub const MAX_USER_METADATA_BYTES: usize = 2 * 1024;
/// Largest object a single PUT or copy may write, and largest part, as in S3.
pub const MAX_PUT_BYTES: u64 = 5 * 1024 * 1024 * 1024;
/// Smallest part of a multipart upload, except the last one.
pub const MIN_PART_BYTES: u64 = 5 * 1024 * 1024;
/// Highest part number of a multipart upload.
pub const MAX_PART_NUMBER: u32 = 10_000;

const ROOT_TMP: &str = ".weka-tmp";
const BUCKET_META: &str = "bucket.json";
const LOCK_STRIPES: usize = 64;
/// How often a write retries when a concurrent delete removes the key's directory under it.
const INSTALL_ATTEMPTS: usize = 16;
/// Read size of object streams; two reads are in flight per stream.
const READ_CHUNK: u64 = 1 << 20;

/// Errors of the object store. Each names the problem; [`S3Backend`](super::S3Backend) maps
/// them to S3 error codes and the JSON-RPC handlers to theirs.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("bucket {0:?} does not exist")]
    NoSuchBucket(String),
    #[error("bucket {0:?} already exists")]
    BucketAlreadyExists(String),
    #[error("bucket {0:?} is not empty; delete its objects first, or force the removal")]
    BucketNotEmpty(String),
    #[error("invalid bucket name {name:?}: {reason}")]
    InvalidBucketName { name: String, reason: String },
    #[error("the object {key:?} does not exist in bucket {bucket:?}")]
    NoSuchKey { bucket: String, key: String },
    #[error("the object key is {len} bytes long; keys are at most {MAX_KEY_BYTES} bytes")]
    KeyTooLong { len: usize },
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
    #[error("the requested range is not satisfiable for an object of {size} bytes")]
    InvalidRange { size: u64 },
    #[error("at least one of the preconditions you specified did not hold")]
    PreconditionFailed,
    #[error("the object was not modified")]
    NotModified {
        etag: String,
        last_modified: OffsetDateTime,
    },
    #[error("{0}")]
    BadDigest(String),
    #[error("{0}")]
    InvalidDigest(String),
    #[error("the user metadata is {size} bytes; at most {MAX_USER_METADATA_BYTES} bytes are allowed")]
    MetadataTooLarge { size: usize },
    #[error("the upload exceeds the maximum allowed size of {max_size} bytes")]
    EntityTooLarge { max_size: u64 },
    #[error(
        "part {part_number} is {size} bytes; every part but the last must be at least {MIN_PART_BYTES} bytes"
    )]
    EntityTooSmall { part_number: u32, size: u64 },
    #[error("invalid part {part_number}: {reason}")]
    InvalidPart { part_number: u32, reason: String },
    #[error("the list of parts was not in ascending order of part number")]
    InvalidPartOrder,
    #[error("the multipart upload {0:?} does not exist; it may have been aborted or completed")]
    NoSuchUpload(String),
    #[error("the request body could not be read: {0}")]
    Body(Box<dyn StdError + Send + Sync>),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error("could not {context}: {source}")]
    Io {
        context: String,
        #[source]
        source: io::Error,
    },
    #[error("internal storage error: {0}")]
    Internal(String),
}

impl StorageError {
    /// Wraps an I/O error with what we were doing.
    pub(crate) fn from_io(context: &'static str) -> impl FnOnce(io::Error) -> StorageError {
        move |source| StorageError::Io {
            context: context.to_owned(),
            source,
        }
    }
}

type Result<T, E = StorageError> = std::result::Result<T, E>;

/// Runs blocking file-system work off the async threads.
pub(super) async fn blocking<T, F>(f: F) -> Result<T>
where
    F: FnOnce() -> Result<T> + Send + 'static,
    T: Send + 'static,
{
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| StorageError::Internal(format!("storage task failed: {e}")))?
}

/// Content headers and user metadata of an object, as given by the writer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectAttrs {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_encoding: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_disposition: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_control: Option<String>,
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub expires: Option<OffsetDateTime>,
    /// `x-amz-meta-*` values by name without the prefix.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub user_metadata: BTreeMap<String, String>,
}

impl ObjectAttrs {
    fn check_size(&self) -> Result<()> {
        let size: usize = self.user_metadata.iter().map(|(k, v)| k.len() + v.len()).sum();
        if size > MAX_USER_METADATA_BYTES {
            return Err(StorageError::MetadataTooLarge { size });
        }
        Ok(())
    }
}

/// Everything stored about an object besides its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectMeta {
    pub key: String,
    pub size: u64,
    /// Without quotes: the hex MD5, or `<hex>-<parts>` for multipart objects.
    pub etag: String,
    #[serde(with = "time::serde::rfc3339")]
    pub last_modified: OffsetDateTime,
    #[serde(flatten)]
    pub attrs: ObjectAttrs,
    #[serde(default)]
    pub checksums: Checksums,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checksum_type: Option<ChecksumType>,
    /// Part sizes of a multipart object, in order; empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub part_sizes: Vec<u64>,
}

impl ObjectMeta {
    /// The byte range of part `part_number` (1-based). An object written in one piece has
    /// exactly one part.
    pub fn part_range(&self, part_number: u32) -> Option<Range<u64>> {
        if self.part_sizes.is_empty() {
            return (part_number == 1).then_some(0..self.size);
        }
        let index = usize::try_from(part_number).ok()?.checked_sub(1)?;
        let start: u64 = self.part_sizes.get(..index)?.iter().sum();
        let len = *self.part_sizes.get(index)?;
        Some(start..start + len)
    }

    /// The number of parts: 1 for objects written in one piece.
    pub fn parts_count(&self) -> usize {
        self.part_sizes.len().max(1)
    }
}

/// An entity-tag condition: a specific ETag (without quotes) or `*`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ETagMatch {
    Any,
    ETag(String),
}

impl ETagMatch {
    fn matches(&self, etag: &str) -> bool {
        match self {
            ETagMatch::Any => true,
            ETagMatch::ETag(want) => want == etag,
        }
    }
}

/// Conditions of a read (GET, HEAD) or of a copy's source.
#[derive(Debug, Clone, Default)]
pub struct ReadConditions {
    pub if_match: Option<ETagMatch>,
    pub if_none_match: Option<ETagMatch>,
    pub if_modified_since: Option<OffsetDateTime>,
    pub if_unmodified_since: Option<OffsetDateTime>,
}

impl ReadConditions {
    /// Evaluates the conditions in the order of RFC 9110 section 13.2.2, as S3 does:
    /// `If-Match` (or else `If-Unmodified-Since`) fails with [`StorageError::PreconditionFailed`];
    /// then `If-None-Match` (or else `If-Modified-Since`) fails with [`StorageError::NotModified`].
    pub fn evaluate(&self, meta: &ObjectMeta) -> Result<()> {
        // HTTP dates have whole seconds; compare at that precision.
        let modified = meta.last_modified.unix_timestamp();
        match (&self.if_match, self.if_unmodified_since) {
            (Some(cond), _) if !cond.matches(&meta.etag) => return Err(StorageError::PreconditionFailed),
            (None, Some(since)) if modified > since.unix_timestamp() => {
                return Err(StorageError::PreconditionFailed);
            }
            _ => {}
        }
        let not_modified = || StorageError::NotModified {
            etag: meta.etag.clone(),
            last_modified: meta.last_modified,
        };
        match (&self.if_none_match, self.if_modified_since) {
            (Some(cond), _) if cond.matches(&meta.etag) => Err(not_modified()),
            (None, Some(since)) if modified <= since.unix_timestamp() => Err(not_modified()),
            _ => Ok(()),
        }
    }

    /// As [`Self::evaluate`], but every failure is [`StorageError::PreconditionFailed`] (the
    /// `x-amz-copy-source-if-*` conditions).
    pub fn evaluate_for_copy(&self, meta: &ObjectMeta) -> Result<()> {
        match self.evaluate(meta) {
            Err(StorageError::NotModified { .. }) => Err(StorageError::PreconditionFailed),
            other => other,
        }
    }
}

/// Conditions of a write: `If-None-Match: *` creates only, `If-Match` replaces only a given
/// version.
#[derive(Debug, Clone, Default)]
pub struct WriteConditions {
    pub if_match: Option<ETagMatch>,
    pub if_none_match: Option<ETagMatch>,
}

impl WriteConditions {
    fn is_empty(&self) -> bool {
        self.if_match.is_none() && self.if_none_match.is_none()
    }

    fn check(&self, bucket: &str, key: &str, current: Option<&ObjectMeta>) -> Result<()> {
        if let (Some(cond), Some(meta)) = (&self.if_none_match, current)
            && cond.matches(&meta.etag)
        {
            return Err(StorageError::PreconditionFailed);
        }
        if let Some(cond) = &self.if_match {
            let Some(meta) = current else {
                return Err(StorageError::NoSuchKey {
                    bucket: bucket.to_owned(),
                    key: key.to_owned(),
                });
            };
            if !cond.matches(&meta.etag) {
                return Err(StorageError::PreconditionFailed);
            }
        }
        Ok(())
    }
}

/// A byte range as in the HTTP `Range` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ByteRange {
    /// `bytes=first-last` (inclusive) or `bytes=first-`.
    FromTo { first: u64, last: Option<u64> },
    /// `bytes=-length`: the last `length` bytes.
    Suffix { length: u64 },
}

impl ByteRange {
    /// The half-open range within an object of `size` bytes, or
    /// [`StorageError::InvalidRange`] when no byte of it exists.
    pub fn resolve(self, size: u64) -> Result<Range<u64>> {
        let invalid = || StorageError::InvalidRange { size };
        match self {
            ByteRange::FromTo { first, last } => {
                if first >= size || last.is_some_and(|last| last < first) {
                    return Err(invalid());
                }
                let end = last.map_or(size, |last| last.saturating_add(1).min(size));
                Ok(first..end)
            }
            ByteRange::Suffix { length } => {
                if length == 0 || size == 0 {
                    return Err(invalid());
                }
                Ok(size - length.min(size)..size)
            }
        }
    }
}

/// A copy of a stored object to a key, as CopyObject does.
#[derive(Debug, Clone)]
pub struct CopyRequest {
    pub source_bucket: String,
    pub source_key: String,
    /// The `x-amz-copy-source-if-*` conditions.
    pub source_conditions: ReadConditions,
    pub bucket: String,
    pub key: String,
    /// New content headers and metadata (`REPLACE`), or `None` to keep the source's (`COPY`).
    pub attrs: Option<ObjectAttrs>,
    /// Checksums to compute for the copy; when empty, those the source has (or CRC64NVME).
    pub checksum_algorithms: Vec<ChecksumAlgorithm>,
    pub conditions: WriteConditions,
}

/// An open object: its metadata and a handle on exactly the version it describes.
pub struct ObjectReader {
    meta: ObjectMeta,
    file: Arc<File>,
}

impl std::fmt::Debug for ObjectReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ObjectReader")
            .field("meta", &self.meta)
            .finish_non_exhaustive()
    }
}

impl ObjectReader {
    pub fn meta(&self) -> &ObjectMeta {
        &self.meta
    }

    /// Streams the bytes in `range` (clamped to the object).
    pub fn into_stream(self, range: Range<u64>) -> ObjectStream {
        let end = range.end.min(self.meta.size);
        let start = range.start.min(end);
        ObjectStream {
            file: self.file,
            next_read: start,
            end,
            remaining: end - start,
            pending: None,
        }
    }
}

/// The bytes of an object, read in 1 MiB chunks on blocking threads, one chunk ahead.
pub struct ObjectStream {
    file: Arc<File>,
    next_read: u64,
    end: u64,
    remaining: u64,
    pending: Option<JoinHandle<io::Result<Bytes>>>,
}

impl ObjectStream {
    /// Bytes not yet yielded.
    pub fn remaining(&self) -> u64 {
        self.remaining
    }

    fn start_read(&mut self) {
        if self.pending.is_some() || self.next_read >= self.end {
            return;
        }
        let offset = self.next_read;
        let len = (self.end - offset).min(READ_CHUNK);
        self.next_read += len;
        let file = Arc::clone(&self.file);
        self.pending = Some(tokio::task::spawn_blocking(move || {
            let mut buf = vec![0u8; usize::try_from(len).map_err(io::Error::other)?];
            file.read_exact_at(&mut buf, offset)?;
            Ok(Bytes::from(buf))
        }));
    }
}

impl Stream for ObjectStream {
    type Item = io::Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        this.start_read();
        let Some(pending) = this.pending.as_mut() else {
            return Poll::Ready(None);
        };
        let result = match Pin::new(pending).poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(result) => result,
        };
        this.pending = None;
        match result {
            Ok(Ok(bytes)) => {
                this.remaining -= bytes.len() as u64;
                this.start_read();
                Poll::Ready(Some(Ok(bytes)))
            }
            Ok(Err(e)) => {
                this.next_read = this.end;
                Poll::Ready(Some(Err(e)))
            }
            Err(e) => {
                this.next_read = this.end;
                Poll::Ready(Some(Err(io::Error::other(format!(
                    "object read task failed: {e}"
                )))))
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let chunks = usize::try_from(self.remaining.div_ceil(READ_CHUNK)).unwrap_or(usize::MAX);
        (chunks, Some(chunks))
    }
}

/// Paths of one bucket.
pub(super) struct BucketPaths {
    pub name: String,
    pub dir: PathBuf,
    pub objects: PathBuf,
    pub uploads: PathBuf,
    pub tmp: PathBuf,
}

impl BucketPaths {
    fn new(root: &Path, name: &str) -> BucketPaths {
        let dir = root.join(name);
        BucketPaths {
            name: name.to_owned(),
            objects: dir.join("objects"),
            uploads: dir.join("uploads"),
            tmp: dir.join("tmp"),
            dir,
        }
    }

    /// Fails with [`StorageError::NoSuchBucket`] unless the bucket exists.
    pub fn ensure_exists(&self) -> Result<()> {
        match fs::metadata(self.dir.join(BUCKET_META)) {
            Ok(_) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                Err(StorageError::NoSuchBucket(self.name.clone()))
            }
            Err(e) => Err(StorageError::from_io("check the bucket")(e)),
        }
    }
}

#[derive(Serialize, Deserialize)]
struct BucketMetaFile {
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
}

/// A durable object store in a directory tree. Cheap to clone.
#[derive(Clone)]
pub struct FsStorage {
    inner: Arc<Inner>,
}

struct Inner {
    root: PathBuf,
    locks: Vec<Mutex<()>>,
}

impl std::fmt::Debug for FsStorage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FsStorage")
            .field("root", &self.inner.root)
            .finish()
    }
}

pub(super) fn validate_key(key: &str) -> Result<()> {
    if key.is_empty() {
        return Err(StorageError::InvalidArgument(
            "the object key must not be empty".into(),
        ));
    }
    if key.len() > MAX_KEY_BYTES {
        return Err(StorageError::KeyTooLong { len: key.len() });
    }
    Ok(())
}

/// Reads the metadata of the object file at `path`; `None` when there is none.
pub(super) fn read_object_meta(path: &Path) -> Result<Option<(ObjectMeta, File)>> {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) if matches!(e.kind(), io::ErrorKind::NotFound | io::ErrorKind::NotADirectory) => {
            return Ok(None);
        }
        Err(e) => return Err(StorageError::from_io("open an object")(e)),
    };
    match layout::read_trailer::<ObjectMeta>(&file) {
        Ok((meta, data_len)) if data_len == meta.size => Ok(Some((meta, file))),
        Ok((meta, data_len)) => Err(StorageError::Corrupt(format!(
            "{} holds {data_len} bytes but its metadata says {}",
            path.display(),
            meta.size
        ))),
        Err(TrailerError::Io(e)) => Err(StorageError::from_io("read an object's metadata")(e)),
        Err(TrailerError::Corrupt(reason)) => {
            Err(StorageError::Corrupt(format!("{}: {reason}", path.display())))
        }
    }
}

/// Now, at millisecond precision (what S3's XML timestamps carry).
fn now() -> OffsetDateTime {
    let now = OffsetDateTime::now_utc();
    now.replace_nanosecond(now.nanosecond() / 1_000_000 * 1_000_000)
        .unwrap_or(now)
}

impl FsStorage {
    /// Opens (creating if needed) the store at `root` and removes temporary files a crash
    /// may have left.
    pub async fn open(root: impl Into<PathBuf>) -> Result<FsStorage> {
        let root: PathBuf = root.into();
        let storage = FsStorage {
            inner: Arc::new(Inner {
                root: root.clone(),
                locks: (0..LOCK_STRIPES).map(|_| Mutex::new(())).collect(),
            }),
        };
        blocking(move || {
            fs::create_dir_all(root.join(ROOT_TMP))
                .map_err(StorageError::from_io("create the object store"))?;
            fsync_parent_chain(&root).map_err(StorageError::from_io("create the object store"))
        })
        .await?;
        storage
            .remove_stale_temp_files(Duration::from_secs(24 * 3600))
            .await?;
        Ok(storage)
    }

    pub fn root(&self) -> &Path {
        &self.inner.root
    }

    fn bucket_paths(&self, bucket: &str) -> Result<BucketPaths> {
        // Only valid names can exist, and valid names are safe path components.
        if crate::api::bucket::validate_name(bucket).is_err() {
            return Err(StorageError::NoSuchBucket(bucket.to_owned()));
        }
        Ok(BucketPaths::new(&self.inner.root, bucket))
    }

    fn lock_for(&self, bucket: &str, key: &str) -> std::sync::MutexGuard<'_, ()> {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (bucket, key).hash(&mut hasher);
        let stripe = (hasher.finish() % LOCK_STRIPES as u64) as usize;
        self.inner.locks[stripe]
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Removes temporary files older than `older_than` (files of writes that never finished)
    /// and what remains of deleted buckets. Returns how many entries were removed.
    pub async fn remove_stale_temp_files(&self, older_than: Duration) -> Result<usize> {
        let root = self.inner.root.clone();
        blocking(move || {
            let cutoff = SystemTime::now().checked_sub(older_than).unwrap_or(SystemTime::UNIX_EPOCH);
            let mut removed = 0;
            let stale = |path: &Path| {
                fs::symlink_metadata(path)
                    .and_then(|m| m.modified())
                    .is_ok_and(|modified| modified < cutoff)
            };
            let mut remove = |path: &Path| {
                let result = if path.is_dir() { fs::remove_dir_all(path) } else { fs::remove_file(path) };
                match result {
                    Ok(()) => removed += 1,
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                    Err(e) => tracing::warn!(path = %path.display(), error = %e, "could not remove a stale temporary file"),
                }
            };
            for entry in read_dir_or_empty(&root.join(ROOT_TMP))? {
                let path = entry.path();
                // A deleted bucket is invisible already; the rest may be a creation in progress.
                if path.extension().is_some_and(|e| e == "deleted") || stale(&path) {
                    remove(&path);
                }
            }
            for entry in read_dir_or_empty(&root)? {
                let name = entry.file_name();
                let Some(name) = name.to_str() else { continue };
                if crate::api::bucket::validate_name(name).is_err() {
                    continue;
                }
                for tmp in read_dir_or_empty(&BucketPaths::new(&root, name).tmp)? {
                    let path = tmp.path();
                    if stale(&path) {
                        remove(&path);
                    }
                }
            }
            Ok(removed)
        })
        .await
    }

    // ----- buckets -----

    /// Creates a bucket. Fails with [`StorageError::InvalidBucketName`] or
    /// [`StorageError::BucketAlreadyExists`].
    pub async fn create_bucket(&self, name: &str) -> Result<BucketInfo> {
        crate::api::bucket::validate_name(name).map_err(|reason| StorageError::InvalidBucketName {
            name: name.to_owned(),
            reason,
        })?;
        let root = self.inner.root.clone();
        let paths = BucketPaths::new(&root, name);
        blocking(move || {
            if paths.ensure_exists().is_ok() {
                return Err(StorageError::BucketAlreadyExists(paths.name));
            }
            let io = StorageError::from_io;
            // Build the bucket aside and rename it in, so it appears complete or not at all.
            let staging = root
                .join(ROOT_TMP)
                .join(format!("{}.bucket", uuid::Uuid::new_v4().simple()));
            let created_at = now();
            let build = || -> io::Result<()> {
                fs::create_dir(&staging)?;
                for sub in ["objects", "uploads", "tmp"] {
                    fs::create_dir(staging.join(sub))?;
                }
                let meta = serde_json::to_vec(&BucketMetaFile { created_at }).map_err(io::Error::other)?;
                let file = File::create(staging.join(BUCKET_META))?;
                file.write_all_at(&meta, 0)?;
                file.sync_all()?;
                layout::fsync_dir(&staging)
            };
            if let Err(e) = build() {
                let _ = fs::remove_dir_all(&staging);
                return Err(io("create the bucket")(e));
            }
            match fs::rename(&staging, &paths.dir) {
                Ok(()) => {}
                Err(e) => {
                    let _ = fs::remove_dir_all(&staging);
                    if matches!(
                        e.kind(),
                        io::ErrorKind::AlreadyExists | io::ErrorKind::DirectoryNotEmpty
                    ) {
                        return Err(StorageError::BucketAlreadyExists(paths.name));
                    }
                    return Err(io("create the bucket")(e));
                }
            }
            layout::fsync_dir(&root).map_err(io("create the bucket"))?;
            Ok(BucketInfo {
                name: paths.name,
                created_at,
            })
        })
        .await
    }

    /// Deletes a bucket. Without `force`, fails with [`StorageError::BucketNotEmpty`] while it
    /// holds objects; with `force`, its objects go too. Unfinished multipart uploads never
    /// keep a bucket alive.
    pub async fn delete_bucket(&self, name: &str, force: bool) -> Result<()> {
        let root = self.inner.root.clone();
        let paths = self.bucket_paths(name)?;
        blocking(move || {
            paths.ensure_exists()?;
            let io = StorageError::from_io;
            if !force && listing::has_any_object(&paths.objects)? {
                return Err(StorageError::BucketNotEmpty(paths.name));
            }
            let trash = root.join(ROOT_TMP).join(format!("{}.{}.deleted", paths.name, uuid::Uuid::new_v4().simple()));
            match fs::rename(&paths.dir, &trash) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(StorageError::NoSuchBucket(paths.name)),
                Err(e) => return Err(io("delete the bucket")(e)),
            }
            // An object written between the check and the rename must not be lost silently.
            if !force && listing::has_any_object(&trash.join("objects"))? {
                if fs::rename(&trash, &paths.dir).is_ok() {
                    return Err(StorageError::BucketNotEmpty(paths.name));
                }
                tracing::warn!(bucket = %paths.name, "an object was written while its bucket was being deleted");
            }
            layout::fsync_dir(&root).map_err(io("delete the bucket"))?;
            fs::remove_dir_all(&trash).map_err(io("remove the deleted bucket's files"))?;
            Ok(())
        })
        .await
    }

    /// All buckets, sorted by name.
    pub async fn list_buckets(&self) -> Result<Vec<BucketInfo>> {
        let root = self.inner.root.clone();
        blocking(move || {
            let mut buckets = Vec::new();
            for entry in read_dir_or_empty(&root)? {
                let name = entry.file_name();
                let Some(name) = name.to_str() else { continue };
                if crate::api::bucket::validate_name(name).is_err() {
                    continue;
                }
                match read_bucket_meta(&BucketPaths::new(&root, name)) {
                    Ok(meta) => buckets.push(BucketInfo {
                        name: name.to_owned(),
                        created_at: meta.created_at,
                    }),
                    Err(StorageError::NoSuchBucket(_)) => {}
                    Err(e) => tracing::warn!(bucket = name, error = %e, "skipping an unreadable bucket"),
                }
            }
            buckets.sort_by(|a, b| a.name.cmp(&b.name));
            Ok(buckets)
        })
        .await
    }

    pub async fn bucket_exists(&self, name: &str) -> Result<bool> {
        match self.bucket_info(name).await {
            Ok(_) => Ok(true),
            Err(StorageError::NoSuchBucket(_)) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// The bucket's creation time; [`StorageError::NoSuchBucket`] when it does not exist.
    pub async fn bucket_info(&self, name: &str) -> Result<BucketInfo> {
        let paths = self.bucket_paths(name)?;
        blocking(move || {
            let meta = read_bucket_meta(&paths)?;
            Ok(BucketInfo {
                name: paths.name,
                created_at: meta.created_at,
            })
        })
        .await
    }

    // ----- objects -----

    /// The metadata of an object.
    pub async fn head_object(&self, bucket: &str, key: &str) -> Result<ObjectMeta> {
        Ok(self.open_object(bucket, key).await?.meta)
    }

    /// Opens an object for reading; the reader keeps seeing this version even if the key is
    /// overwritten or deleted meanwhile.
    pub async fn open_object(&self, bucket: &str, key: &str) -> Result<ObjectReader> {
        let paths = self.bucket_paths(bucket)?;
        let key = key.to_owned();
        blocking(move || open_object_blocking(&paths, &key)).await
    }

    /// Streams a body into the bucket's temporary area, computing the MD5 and the checksums
    /// of `algorithms`. Nothing is visible until [`Self::commit_object`] (or
    /// [`Self::upload_part`]); dropping the result discards it.
    pub async fn stage<S, E>(
        &self,
        bucket: &str,
        algorithms: &[ChecksumAlgorithm],
        body: S,
    ) -> Result<StagedData>
    where
        S: Stream<Item = Result<Bytes, E>> + Unpin + Send,
        E: Into<Box<dyn StdError + Send + Sync>>,
    {
        let paths = self.bucket_paths(bucket)?;
        let tmp = paths.tmp.clone();
        blocking(move || paths.ensure_exists()).await?;
        write::stage_stream(tmp, algorithms.to_vec(), MAX_PUT_BYTES, body).await
    }

    /// Makes staged data the object `key`, atomically replacing any previous version.
    pub async fn commit_object(
        &self,
        bucket: &str,
        key: &str,
        staged: StagedData,
        attrs: ObjectAttrs,
        conditions: WriteConditions,
    ) -> Result<ObjectMeta> {
        validate_key(key)?;
        attrs.check_size()?;
        let paths = self.bucket_paths(bucket)?;
        let this = self.clone();
        let key = key.to_owned();
        blocking(move || {
            let mut staged = staged;
            let checksum_type = (!staged.checksums.is_empty()).then_some(ChecksumType::FullObject);
            let meta = ObjectMeta {
                key,
                size: staged.size,
                etag: staged.md5_hex(),
                last_modified: now(),
                attrs,
                checksums: staged.checksums.clone(),
                checksum_type,
                part_sizes: Vec::new(),
            };
            this.finish_and_install(&paths, &mut staged.temp, &meta, &conditions)?;
            Ok(meta)
        })
        .await
    }

    /// Appends the metadata to a temporary file, makes it durable and renames it into place.
    fn finish_and_install(
        &self,
        paths: &BucketPaths,
        temp: &mut TempFile,
        meta: &ObjectMeta,
        conditions: &WriteConditions,
    ) -> Result<()> {
        let io = StorageError::from_io;
        {
            let file = temp.file_mut().map_err(io("write an object"))?;
            file.seek(SeekFrom::End(0)).map_err(io("write an object"))?;
            layout::write_trailer(file, meta).map_err(io("write an object"))?;
            file.sync_all().map_err(io("flush an object to disk"))?;
        }
        self.install(paths, &meta.key, temp, conditions)
    }

    /// Renames a complete, durable temporary file over the object file of `key`.
    fn install(
        &self,
        paths: &BucketPaths,
        key: &str,
        temp: &mut TempFile,
        conditions: &WriteConditions,
    ) -> Result<()> {
        let io = StorageError::from_io;
        let (dir_names, file_name) = layout::key_names(key);
        for _ in 0..INSTALL_ATTEMPTS {
            let dir = match layout::create_dirs(&paths.objects, &dir_names) {
                Ok(dir) => dir,
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    paths.ensure_exists()?;
                    continue;
                }
                Err(e) => return Err(io("create the key's directories")(e)),
            };
            let dest = dir.join(&file_name);
            let renamed = {
                let _guard = self.lock_for(&paths.name, key);
                if !conditions.is_empty() {
                    let current = read_object_meta(&dest)?.map(|(meta, _)| meta);
                    conditions.check(&paths.name, key, current.as_ref())?;
                }
                fs::rename(&temp.path, &dest)
            };
            match renamed {
                Ok(()) => {
                    temp.mark_installed();
                    return layout::fsync_dir(&dir).map_err(io("flush the key's directory"));
                }
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    if !temp.path.exists() {
                        paths.ensure_exists()?;
                        return Err(StorageError::Internal(
                            "the temporary file of a write vanished".into(),
                        ));
                    }
                    // A concurrent delete pruned the directory; create it again.
                }
                Err(e) => return Err(io("move an object into place")(e)),
            }
        }
        Err(StorageError::Internal(format!(
            "the directory of key {key:?} was removed {INSTALL_ATTEMPTS} times while writing; try again"
        )))
    }

    /// Deletes an object. Returns whether it existed; deleting a missing key succeeds.
    /// With `if_match`, deletes only that version ([`StorageError::PreconditionFailed`]) and
    /// requires the object to exist ([`StorageError::NoSuchKey`]).
    pub async fn delete_object(&self, bucket: &str, key: &str, if_match: Option<ETagMatch>) -> Result<bool> {
        validate_key(key)?;
        let paths = self.bucket_paths(bucket)?;
        let this = self.clone();
        let key = key.to_owned();
        blocking(move || {
            paths.ensure_exists()?;
            let path = layout::object_path(&paths.objects, &key);
            let removed = {
                let _guard = this.lock_for(&paths.name, &key);
                if let Some(cond) = &if_match {
                    WriteConditions {
                        if_match: Some(cond.clone()),
                        if_none_match: None,
                    }
                    .check(
                        &paths.name,
                        &key,
                        read_object_meta(&path)?.map(|(meta, _)| meta).as_ref(),
                    )?;
                }
                fs::remove_file(&path)
            };
            match removed {
                Ok(()) => {
                    if let Some(dir) = path.parent() {
                        layout::fsync_dir_after_remove(&paths.objects, dir)
                            .map_err(StorageError::from_io("flush the key's directory"))?;
                        layout::prune_empty_dirs(&paths.objects, dir);
                    }
                    Ok(true)
                }
                Err(e) if matches!(e.kind(), io::ErrorKind::NotFound | io::ErrorKind::NotADirectory) => {
                    Ok(false)
                }
                Err(e) => Err(StorageError::from_io("delete an object")(e)),
            }
        })
        .await
    }

    /// Copies an object (CopyObject). The data is copied, so the source may change or vanish
    /// afterwards; copying an object onto itself rewrites it with the new attributes.
    pub async fn copy_object(&self, request: CopyRequest) -> Result<ObjectMeta> {
        validate_key(&request.key)?;
        if let Some(attrs) = &request.attrs {
            attrs.check_size()?;
        }
        let source_paths = self.bucket_paths(&request.source_bucket)?;
        let paths = self.bucket_paths(&request.bucket)?;
        let this = self.clone();
        blocking(move || {
            let source = open_object_blocking(&source_paths, &request.source_key)?;
            request.source_conditions.evaluate_for_copy(&source.meta)?;
            if source.meta.size > MAX_PUT_BYTES {
                return Err(StorageError::InvalidArgument(format!(
                    "the source object is {} bytes; objects larger than {MAX_PUT_BYTES} bytes must be copied with UploadPartCopy",
                    source.meta.size
                )));
            }
            paths.ensure_exists()?;
            let mut algorithms = request.checksum_algorithms.clone();
            if algorithms.is_empty() {
                algorithms = source.meta.checksums.algorithms();
            }
            if algorithms.is_empty() {
                algorithms.push(ChecksumAlgorithm::Crc64Nvme);
            }
            let mut staged = write::stage_file_range(&paths.tmp, &algorithms, &source.file, 0, source.meta.size)?;
            let meta = ObjectMeta {
                key: request.key.clone(),
                size: staged.size,
                etag: staged.md5_hex(),
                last_modified: now(),
                attrs: request.attrs.clone().unwrap_or_else(|| source.meta.attrs.clone()),
                checksums: staged.checksums.clone(),
                checksum_type: Some(ChecksumType::FullObject),
                part_sizes: Vec::new(),
            };
            this.finish_and_install(&paths, &mut staged.temp, &meta, &request.conditions)?;
            Ok(meta)
        })
        .await
    }

    /// Lists objects: see [`ListQuery`].
    pub async fn list_objects(&self, bucket: &str, query: ListQuery) -> Result<ListPage> {
        let paths = self.bucket_paths(bucket)?;
        blocking(move || {
            paths.ensure_exists()?;
            listing::list(&paths.objects, &query)
        })
        .await
    }
}

fn open_object_blocking(paths: &BucketPaths, key: &str) -> Result<ObjectReader> {
    validate_key(key)?;
    paths.ensure_exists()?;
    match read_object_meta(&layout::object_path(&paths.objects, key))? {
        Some((meta, file)) if meta.key == key => Ok(ObjectReader {
            meta,
            file: Arc::new(file),
        }),
        Some((meta, _)) => Err(StorageError::Corrupt(format!(
            "the file of key {key:?} holds the metadata of key {:?}",
            meta.key
        ))),
        None => Err(StorageError::NoSuchKey {
            bucket: paths.name.clone(),
            key: key.to_owned(),
        }),
    }
}

fn read_bucket_meta(paths: &BucketPaths) -> Result<BucketMetaFile> {
    match fs::read(paths.dir.join(BUCKET_META)) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map_err(|e| StorageError::Corrupt(format!("{}: {e}", paths.dir.join(BUCKET_META).display()))),
        Err(e) if matches!(e.kind(), io::ErrorKind::NotFound | io::ErrorKind::NotADirectory) => {
            Err(StorageError::NoSuchBucket(paths.name.clone()))
        }
        Err(e) => Err(StorageError::from_io("read the bucket's metadata")(e)),
    }
}

pub(super) fn read_dir_or_empty(dir: &Path) -> Result<Vec<fs::DirEntry>> {
    match fs::read_dir(dir) {
        Ok(entries) => entries
            .collect::<io::Result<Vec<_>>>()
            .map_err(StorageError::from_io("read a directory")),
        Err(e) if matches!(e.kind(), io::ErrorKind::NotFound | io::ErrorKind::NotADirectory) => {
            Ok(Vec::new())
        }
        Err(e) => Err(StorageError::from_io("read a directory")(e)),
    }
}

/// Makes `dir` and the entries leading to it durable.
fn fsync_parent_chain(dir: &Path) -> io::Result<()> {
    layout::fsync_dir(dir)?;
    if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        layout::fsync_dir(parent)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
