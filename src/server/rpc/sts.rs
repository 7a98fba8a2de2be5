//! `s3_sts_*` methods: the temporary credentials the STS issued.

use crate::api::sts::{ListParams, RevokeParams, RevokeResult, TemporaryCredentialInfo};
use crate::api::{ApiError, ErrorCode};
use crate::server::auth::Caller;
use crate::server::state::AppState;
use crate::server::store::{credentials, now_unix};

pub async fn list(
    state: &AppState,
    _caller: &Caller,
    p: ListParams,
) -> Result<Vec<TemporaryCredentialInfo>, ApiError> {
    let now = now_unix();
    let rows = state
        .store
        .read_async(move |c| credentials::list(c, p.subject.as_deref(), now))
        .await?;
    Ok(rows.iter().map(|r| r.to_api()).collect())
}

pub async fn revoke(state: &AppState, caller: &Caller, p: RevokeParams) -> Result<RevokeResult, ApiError> {
    let revoked = match (p.access_key, p.subject) {
        (Some(key), None) => {
            let k = key.clone();
            let n = state
                .store
                .write_async(move |tx| credentials::revoke(tx, &k))
                .await?;
            if n == 0 {
                return Err(ApiError::new(
                    ErrorCode::NotFound,
                    format!("no temporary credential has the access key '{key}'"),
                )
                .with_hint("see the live credentials with `weka s3 sts list`"));
            }
            tracing::info!(access_key = %key, by = %caller.username, "temporary credential revoked");
            n
        }
        (None, Some(subject)) => {
            let s = subject.clone();
            let n = state
                .store
                .write_async(move |tx| credentials::revoke_subject(tx, &s))
                .await?;
            tracing::info!(subject = %subject, count = n, by = %caller.username, "temporary credentials revoked");
            n
        }
        _ => {
            return Err(ApiError::invalid_argument(
                "give exactly one of access_key and subject",
            ));
        }
    };
    Ok(RevokeResult {
        revoked: revoked as u64,
    })
}
