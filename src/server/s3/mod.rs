//! The S3 gateway's storage: a durable object store in a directory tree ([`FsStorage`]) and
//! the `s3s::S3` implementation on top of it ([`S3Backend`]).
//!
//! Authentication (SigV4, session tokens) and authorization (IAM policy evaluation) live in
//! the gateway's `S3Auth` and `S3Access` hooks, outside this module. The seam between them and
//! this module is [`Authorizer`]: the access hook puts one into the request extensions, and the
//! backend asks it about the operations that need a decision per item rather than per request
//! (the buckets shown by ListBuckets and the keys deleted by DeleteObjects).

use std::fmt;
use std::sync::Arc;

mod backend;
pub mod storage;

pub use backend::S3Backend;
pub use storage::FsStorage;
pub use storage::StorageError;

/// Decides whether the caller of the current request may do `action` (an IAM action such as
/// `s3:ListBucket` or `s3:DeleteObject`) on a bucket, or on an object when `key` is given.
pub trait ObjectAuthorizer: Send + Sync {
    fn is_allowed(&self, action: &str, bucket: &str, key: Option<&str>) -> bool;
}

/// The request extension that carries the caller's authorization into the backend.
///
/// When a request has no `Authorizer`, the backend denies the operations that consult it
/// (default deny).
#[derive(Clone)]
pub struct Authorizer(pub Arc<dyn ObjectAuthorizer>);

impl Authorizer {
    pub fn is_allowed(&self, action: &str, bucket: &str, key: Option<&str>) -> bool {
        self.0.is_allowed(action, bucket, key)
    }
}

impl fmt::Debug for Authorizer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Authorizer").finish_non_exhaustive()
    }
}
