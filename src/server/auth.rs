//! Management users' authentication: argon2 password hashes, access and refresh tokens.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use super::secrets::{random_token, sha256_hex};
use super::state::AppState;
use super::store::sessions::{self, TokenKind};
use super::store::{now_unix, to_datetime, users};
use crate::api::user::{LoginResult, Role};
use crate::api::{Access, ApiError, ErrorCode};

/// Who is calling the management API.
#[derive(Debug, Clone)]
pub struct Caller {
    pub username: String,
    pub role: Role,
    pub token_hash: String,
    pub refresh_hash: Option<String>,
    pub expires_at: i64,
}

pub fn hash_password(password: &str) -> Result<String, ApiError> {
    let mut bytes = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut bytes);
    let salt =
        SaltString::encode_b64(&bytes).map_err(|e| ApiError::internal(format!("password salt: {e}")))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| ApiError::internal(format!("password hashing failed: {e}")))
}

pub fn verify_password(hash: &str, password: &str) -> bool {
    match PasswordHash::new(hash) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// A fixed hash verified for unknown users, so a failed login takes as long either way.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password("weka-dummy-password").unwrap_or_default())
}

fn bad_credentials() -> ApiError {
    ApiError::new(ErrorCode::NotAuthenticated, "wrong username or password").with_hint(
        "check the username and password; the first admin's password is in <data-dir>/admin-password",
    )
}

/// Checks the password and issues a refresh token and an access token.
pub async fn login(state: &AppState, username: String, password: String) -> Result<LoginResult, ApiError> {
    let store = state.store.clone();
    let access_ttl = state.config.access_token_ttl.as_secs() as i64;
    let refresh_ttl = state.config.refresh_token_ttl.as_secs() as i64;
    run_blocking(move || {
        let user = store.read(|c| users::get(c, &username))?;
        let Some(user) = user else {
            verify_password(dummy_hash(), &password);
            return Err(bad_credentials());
        };
        if !verify_password(&user.password_hash, &password) {
            return Err(bad_credentials());
        }
        let now = now_unix();
        let refresh = random_token("wrt_");
        let access = random_token("wat_");
        let refresh_hash = sha256_hex(&refresh);
        store.write(|tx| {
            sessions::insert(
                tx,
                &refresh_hash,
                TokenKind::Refresh,
                &user.username,
                None,
                now,
                now + refresh_ttl,
            )?;
            sessions::insert(
                tx,
                &sha256_hex(&access),
                TokenKind::Access,
                &user.username,
                Some(&refresh_hash),
                now,
                now + access_ttl,
            )
        })?;
        Ok(LoginResult {
            username: user.username,
            role: user.role,
            access_token: access,
            access_token_expires_at: to_datetime(now + access_ttl),
            refresh_token: refresh,
            refresh_token_expires_at: to_datetime(now + refresh_ttl),
        })
    })
    .await
}

/// Issues a new access token for a valid refresh token.
pub async fn refresh(state: &AppState, refresh_token: String) -> Result<LoginResult, ApiError> {
    let store = state.store.clone();
    let access_ttl = state.config.access_token_ttl.as_secs() as i64;
    run_blocking(move || {
        let refresh_hash = sha256_hex(&refresh_token);
        let now = now_unix();
        let session = store.read(|c| sessions::lookup(c, &refresh_hash))?;
        let session = match session {
            Some(s) if s.kind == TokenKind::Refresh && s.expires_at > now => s,
            Some(s) if s.kind == TokenKind::Refresh => {
                return Err(
                    ApiError::new(ErrorCode::NotAuthenticated, "the refresh token expired")
                        .with_hint("log in again with `weka user login`"),
                );
            }
            _ => {
                return Err(ApiError::new(
                    ErrorCode::NotAuthenticated,
                    "the refresh token is not valid or was revoked",
                )
                .with_hint("log in again with `weka user login`"));
            }
        };
        let access = random_token("wat_");
        store.write(|tx| {
            sessions::insert(
                tx,
                &sha256_hex(&access),
                TokenKind::Access,
                &session.username,
                Some(&refresh_hash),
                now,
                now + access_ttl,
            )
        })?;
        Ok(LoginResult {
            username: session.username,
            role: session.role,
            access_token: access,
            access_token_expires_at: to_datetime(now + access_ttl),
            refresh_token,
            refresh_token_expires_at: to_datetime(session.expires_at),
        })
    })
    .await
}

/// Resolves the bearer token of a request and checks the method's access rule.
pub fn authorize(
    state: &AppState,
    bearer: Option<&str>,
    method: &str,
    access: Access,
) -> Result<Option<Caller>, ApiError> {
    if access == Access::Anonymous {
        return Ok(None);
    }
    let Some(token) = bearer else {
        return Err(ApiError::new(
            ErrorCode::NotAuthenticated,
            format!("'{method}' needs a logged-in user"),
        )
        .with_hint("log in with `weka user login`"));
    };
    let token_hash = sha256_hex(token);
    let session = state
        .store
        .read(|c| sessions::lookup(c, &token_hash))
        .map_err(ApiError::from)?;
    let now = now_unix();
    let caller = match session {
        Some(s) if s.kind == TokenKind::Access && s.expires_at > now => Caller {
            username: s.username,
            role: s.role,
            token_hash,
            refresh_hash: s.refresh_hash,
            expires_at: s.expires_at,
        },
        Some(s) if s.kind == TokenKind::Access => {
            return Err(ApiError::new(ErrorCode::TokenExpired, "the access token expired")
                .with_hint("refresh it with `user_refresh`; the weka CLI does so by itself"));
        }
        _ => {
            return Err(ApiError::new(
                ErrorCode::NotAuthenticated,
                "the access token is not valid or was revoked",
            )
            .with_hint("log in again with `weka user login`"));
        }
    };
    if access == Access::Admin && caller.role != Role::ClusterAdmin {
        return Err(ApiError::new(
            ErrorCode::PermissionDenied,
            format!(
                "'{method}' needs the ClusterAdmin role; user '{}' has {}",
                caller.username, caller.role
            ),
        )
        .with_hint("log in as a ClusterAdmin user"));
    }
    Ok(Some(caller))
}

/// Revokes the caller's access token and, when given and theirs, the refresh token family.
pub fn logout(state: &AppState, caller: &Caller, refresh_token: Option<&str>) -> Result<(), ApiError> {
    let mut families: Vec<String> = caller.refresh_hash.iter().cloned().collect();
    if let Some(rt) = refresh_token {
        let h = sha256_hex(rt);
        let owned = state
            .store
            .read(|c| sessions::lookup(c, &h))?
            .is_some_and(|s| s.kind == TokenKind::Refresh && s.username == caller.username);
        if owned && !families.contains(&h) {
            families.push(h);
        }
    }
    state.store.write(|tx| {
        sessions::delete(tx, &caller.token_hash)?;
        for f in &families {
            sessions::delete_family(tx, f)?;
        }
        Ok(())
    })?;
    Ok(())
}

/// Runs CPU-heavy work (argon2) off the async threads.
pub async fn run_blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ApiError::internal(format!("worker failed: {e}")))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_hash_round_trip() {
        let h = hash_password("correct horse").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password(&h, "correct horse"));
        assert!(!verify_password(&h, "wrong horse"));
        assert!(!verify_password("not a hash", "x"));
    }
}
