//! `user_*` methods.

use crate::api::user::{
    AddParams, LoginParams, LoginResult, LogoutParams, RefreshParams, RemoveParams, Role, SetPasswordParams,
    UserInfo, WhoamiResult, validate_password, validate_username,
};
use crate::api::{ApiError, Empty, ErrorCode};
use crate::server::auth::{self, Caller, run_blocking};
use crate::server::state::AppState;
use crate::server::store::{now_unix, sessions, to_datetime, users};

pub async fn login(state: &AppState, p: LoginParams) -> Result<LoginResult, ApiError> {
    if p.username.is_empty() || p.password.is_empty() {
        return Err(ApiError::invalid_argument(
            "username and password must not be empty",
        ));
    }
    auth::login(state, p.username, p.password).await
}

pub async fn refresh(state: &AppState, p: RefreshParams) -> Result<LoginResult, ApiError> {
    auth::refresh(state, p.refresh_token).await
}

pub async fn logout(state: &AppState, caller: &Caller, p: LogoutParams) -> Result<Empty, ApiError> {
    auth::logout(state, caller, p.refresh_token.as_deref())?;
    Ok(Empty {})
}

pub async fn whoami(_state: &AppState, caller: &Caller, _p: Empty) -> Result<WhoamiResult, ApiError> {
    Ok(WhoamiResult {
        username: caller.username.clone(),
        role: caller.role,
        access_token_expires_at: to_datetime(caller.expires_at),
    })
}

pub async fn add(state: &AppState, _caller: &Caller, p: AddParams) -> Result<UserInfo, ApiError> {
    validate_username(&p.username).map_err(ApiError::invalid_argument)?;
    validate_password(&p.password).map_err(ApiError::invalid_argument)?;
    let store = state.store.clone();
    run_blocking(move || {
        let hash = auth::hash_password(&p.password)?;
        let now = now_unix();
        store.write(|tx| users::insert(tx, &p.username, p.role, &hash, now))?;
        Ok(UserInfo {
            username: p.username,
            role: p.role,
            created_at: to_datetime(now),
        })
    })
    .await
}

pub async fn list(state: &AppState, _caller: &Caller, _p: Empty) -> Result<Vec<UserInfo>, ApiError> {
    Ok(state.store.read_async(users::list).await?)
}

pub async fn remove(state: &AppState, caller: &Caller, p: RemoveParams) -> Result<Empty, ApiError> {
    if p.username == caller.username {
        return Err(
            ApiError::invalid_argument("you cannot remove the user you are logged in as")
                .with_hint("log in as another ClusterAdmin to remove this user"),
        );
    }
    let name = p.username;
    state
        .store
        .write_async(move |tx| {
            let Some(user) = users::get(tx, &name)? else {
                return Err(ApiError::not_found("user", &name)
                    .with_hint("see the users with `weka user list`")
                    .into());
            };
            if user.role == Role::ClusterAdmin && users::count_admins(tx)? <= 1 {
                return Err(
                    ApiError::new(ErrorCode::InvalidArgument, "cannot remove the last ClusterAdmin").into(),
                );
            }
            users::remove(tx, &name)?;
            Ok(())
        })
        .await?;
    Ok(Empty {})
}

pub async fn set_password(
    state: &AppState,
    caller: &Caller,
    p: SetPasswordParams,
) -> Result<Empty, ApiError> {
    validate_password(&p.password).map_err(ApiError::invalid_argument)?;
    let target = p.username.clone().unwrap_or_else(|| caller.username.clone());
    let own = target == caller.username;
    if !own && caller.role != Role::ClusterAdmin {
        return Err(ApiError::new(
            ErrorCode::PermissionDenied,
            "only a ClusterAdmin may set another user's password",
        ));
    }
    let store = state.store.clone();
    let caller = caller.clone();
    run_blocking(move || {
        let Some(user) = store.read(|c| users::get(c, &target))? else {
            return Err(ApiError::not_found("user", &target).with_hint("see the users with `weka user list`"));
        };
        if own {
            let Some(current) = p.current_password.as_deref() else {
                return Err(ApiError::invalid_argument("changing your own password needs the current password"));
            };
            if !auth::verify_password(&user.password_hash, current) {
                return Err(ApiError::new(ErrorCode::NotAuthenticated, "the current password is wrong"));
            }
        }
        let hash = auth::hash_password(&p.password)?;
        let now = now_unix();
        store.write(|tx| {
            users::set_password(tx, &target, &hash, now)?;
            // Other sessions of that user end; the caller's own session goes on.
            let keep = caller.refresh_hash.clone().unwrap_or_default();
            tx.execute(
                "DELETE FROM login_sessions WHERE username = ?1 AND token_hash != ?2 AND ifnull(refresh_hash, '') != ?2",
                rusqlite::params![target, keep],
            )?;
            if !own {
                sessions::delete_for_user(tx, &target)?;
            }
            Ok(())
        })?;
        Ok(Empty {})
    })
    .await
}
