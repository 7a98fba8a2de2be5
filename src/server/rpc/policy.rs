//! `s3_policy_*` methods.

use serde_json::json;

use crate::api::policy::{
    AddParams, AttachParams, BUILTIN_POLICIES, NameParams, PolicyDetail, PolicySummary, validate_name,
};
use crate::api::{ApiError, Empty, ErrorCode};
use crate::server::auth::Caller;
use crate::server::iam::{Policy, PolicyError, PolicyErrorKind};
use crate::server::state::AppState;
use crate::server::store::{now_unix, policies};

/// Longest identity (a value of the OIDC user claim) a policy can be attached to.
const MAX_IDENTITY_LEN: usize = 1024;

/// The JSON-RPC error for a rejected policy document, with the position in `details`.
pub fn invalid_policy(name: &str, e: &PolicyError) -> ApiError {
    let mut details = json!({
        "statement": e.statement_index(),
        "sid": e.sid(),
        "field": e.field(),
    });
    match e.kind() {
        PolicyErrorKind::Syntax { line, column } => {
            details["line"] = json!(line);
            details["column"] = json!(column);
        }
        PolicyErrorKind::TooLarge { chars } => details["chars"] = json!(chars),
        PolicyErrorKind::Invalid => {}
    }
    ApiError::new(
        ErrorCode::InvalidPolicy,
        format!("policy '{name}' is not valid: {e}"),
    )
    .with_hint("fix the document and add it again; policies follow AWS IAM's JSON grammar for s3: actions")
    .with_details(details)
}

pub async fn add(state: &AppState, _caller: &Caller, p: AddParams) -> Result<PolicySummary, ApiError> {
    validate_name(&p.name).map_err(ApiError::invalid_argument)?;
    if BUILTIN_POLICIES.contains(&p.name.as_str()) {
        return Err(ApiError::new(
            ErrorCode::Protected,
            format!("'{}' is a built-in policy and cannot be replaced", p.name),
        )
        .with_hint("add your policy under another name"));
    }
    let policy = Policy::parse(&p.document).map_err(|e| invalid_policy(&p.name, &e))?;
    let statements = policy.statement_count();
    let now = now_unix();
    let name = p.name.clone();
    state
        .store
        .write_async(move |tx| policies::insert(tx, &p.name, &p.document, statements, false, now))
        .await?;
    tracing::info!(policy = %name, statements, "policy added");
    Ok(PolicySummary {
        name,
        builtin: false,
        statements,
        attached_to: Vec::new(),
        updated_at: crate::server::store::to_datetime(now),
    })
}

pub async fn list(state: &AppState, _caller: &Caller, _p: Empty) -> Result<Vec<PolicySummary>, ApiError> {
    Ok(state.store.read_async(policies::list).await?)
}

pub async fn show(state: &AppState, _caller: &Caller, p: NameParams) -> Result<PolicyDetail, ApiError> {
    let name = p.name.clone();
    state
        .store
        .read_async(move |c| policies::detail(c, &p.name))
        .await?
        .ok_or_else(|| {
            ApiError::not_found("policy", &name)
                .with_hint("see the policies with `weka s3 policy list`; names are case-sensitive")
        })
}

pub async fn remove(state: &AppState, _caller: &Caller, p: NameParams) -> Result<Empty, ApiError> {
    let name = p.name.clone();
    state
        .store
        .write_async(move |tx| policies::remove(tx, &p.name))
        .await?;
    tracing::info!(policy = %name, "policy removed");
    Ok(Empty {})
}

fn check_identity(identity: &str) -> Result<(), ApiError> {
    if identity.is_empty() || identity.len() > MAX_IDENTITY_LEN {
        return Err(ApiError::invalid_argument(format!(
            "an identity must be 1-{MAX_IDENTITY_LEN} bytes: a value of the OIDC user claim (by default the token's `sub`)"
        )));
    }
    Ok(())
}

pub async fn attach(state: &AppState, _caller: &Caller, p: AttachParams) -> Result<Empty, ApiError> {
    check_identity(&p.identity)?;
    let now = now_unix();
    state
        .store
        .write_async(move |tx| policies::attach(tx, &p.policy, &p.identity, now))
        .await?;
    Ok(Empty {})
}

pub async fn detach(state: &AppState, _caller: &Caller, p: AttachParams) -> Result<Empty, ApiError> {
    check_identity(&p.identity)?;
    state
        .store
        .write_async(move |tx| policies::detach(tx, &p.policy, &p.identity))
        .await?;
    Ok(Empty {})
}
