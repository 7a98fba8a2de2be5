//! `s3_bucket_*` methods: bucket administration over the management API.

use crate::api::bucket::{BucketInfo, CreateParams, RemoveParams, validate_name};
use crate::api::{ApiError, Empty, ErrorCode};
use crate::server::auth::Caller;
use crate::server::s3::StorageError;
use crate::server::state::AppState;

fn storage_error(e: StorageError) -> ApiError {
    match e {
        StorageError::NoSuchBucket(name) => {
            ApiError::not_found("bucket", &name).with_hint("see the buckets with `weka s3 bucket list`")
        }
        StorageError::BucketAlreadyExists(name) => ApiError::new(
            ErrorCode::AlreadyExists,
            format!("bucket '{name}' already exists"),
        ),
        StorageError::BucketNotEmpty(name) => {
            ApiError::new(ErrorCode::NotEmpty, format!("bucket '{name}' is not empty")).with_hint(format!(
                "add --force to remove bucket '{name}' with all its objects"
            ))
        }
        StorageError::InvalidBucketName { name, reason } => {
            ApiError::invalid_argument(format!("'{name}' is not a valid bucket name: {reason}"))
        }
        other => {
            tracing::error!(error = %other, "bucket operation failed");
            ApiError::internal(format!("the storage failed: {other}"))
        }
    }
}

pub async fn create(state: &AppState, caller: &Caller, p: CreateParams) -> Result<BucketInfo, ApiError> {
    validate_name(&p.name)
        .map_err(|e| ApiError::invalid_argument(format!("'{}' is not a valid bucket name: {e}", p.name)))?;
    let info = state
        .storage
        .create_bucket(&p.name)
        .await
        .map_err(storage_error)?;
    tracing::info!(bucket = %p.name, by = %caller.username, "bucket created");
    Ok(info)
}

pub async fn list(state: &AppState, _caller: &Caller, _p: Empty) -> Result<Vec<BucketInfo>, ApiError> {
    state.storage.list_buckets().await.map_err(storage_error)
}

pub async fn remove(state: &AppState, caller: &Caller, p: RemoveParams) -> Result<Empty, ApiError> {
    state
        .storage
        .delete_bucket(&p.name, p.force)
        .await
        .map_err(storage_error)?;
    tracing::info!(bucket = %p.name, force = p.force, by = %caller.username, "bucket removed");
    Ok(Empty {})
}
