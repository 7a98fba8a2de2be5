//! Login sessions of management users: access and refresh tokens, stored as SHA-256 digests.

use rusqlite::{Connection, OptionalExtension, params};

use super::StoreResult;
use crate::api::user::Role;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Access,
    Refresh,
}

impl TokenKind {
    fn as_str(self) -> &'static str {
        match self {
            TokenKind::Access => "access",
            TokenKind::Refresh => "refresh",
        }
    }
}

#[derive(Debug, Clone)]
pub struct SessionRow {
    pub kind: TokenKind,
    pub username: String,
    pub role: Role,
    /// For an access token, the digest of the refresh token it came from.
    pub refresh_hash: Option<String>,
    pub expires_at: i64,
}

pub fn insert(
    conn: &Connection,
    token_hash: &str,
    kind: TokenKind,
    username: &str,
    refresh_hash: Option<&str>,
    now: i64,
    expires_at: i64,
) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO login_sessions (token_hash, kind, username, refresh_hash, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![token_hash, kind.as_str(), username, refresh_hash, now, expires_at],
    )?;
    Ok(())
}

pub fn lookup(conn: &Connection, token_hash: &str) -> StoreResult<Option<SessionRow>> {
    Ok(conn
        .query_row(
            "SELECT s.kind, s.username, u.role, s.refresh_hash, s.expires_at
             FROM login_sessions s JOIN users u ON u.username = s.username
             WHERE s.token_hash = ?1",
            [token_hash],
            |r| {
                let kind: String = r.get(0)?;
                let role: String = r.get(2)?;
                Ok(SessionRow {
                    kind: if kind == "refresh" {
                        TokenKind::Refresh
                    } else {
                        TokenKind::Access
                    },
                    username: r.get(1)?,
                    role: Role::parse(&role).unwrap_or(Role::ReadOnly),
                    refresh_hash: r.get(3)?,
                    expires_at: r.get(4)?,
                })
            },
        )
        .optional()?)
}

/// Revokes one token.
pub fn delete(conn: &Connection, token_hash: &str) -> StoreResult<usize> {
    Ok(conn.execute("DELETE FROM login_sessions WHERE token_hash = ?1", [token_hash])?)
}

/// Revokes a refresh token and every access token issued from it.
pub fn delete_family(conn: &Connection, refresh_hash: &str) -> StoreResult<usize> {
    Ok(conn.execute(
        "DELETE FROM login_sessions WHERE token_hash = ?1 OR refresh_hash = ?1",
        [refresh_hash],
    )?)
}

/// Revokes every session of a user (password change, removal).
pub fn delete_for_user(conn: &Connection, username: &str) -> StoreResult<usize> {
    Ok(conn.execute("DELETE FROM login_sessions WHERE username = ?1", [username])?)
}

pub fn delete_expired(conn: &Connection, now: i64) -> StoreResult<usize> {
    Ok(conn.execute("DELETE FROM login_sessions WHERE expires_at <= ?1", [now])?)
}
