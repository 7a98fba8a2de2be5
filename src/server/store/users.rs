//! Management users.

use rusqlite::{Connection, OptionalExtension, params};

use super::{StoreResult, is_unique_violation, to_datetime};
use crate::api::user::{Role, UserInfo};
use crate::api::{ApiError, ErrorCode};

#[derive(Debug, Clone)]
pub struct UserRow {
    pub username: String,
    pub role: Role,
    pub password_hash: String,
    pub created_at: i64,
}

fn role_of(s: String) -> rusqlite::Result<Role> {
    Role::parse(&s).ok_or_else(|| {
        rusqlite::Error::InvalidColumnType(1, format!("role {s}"), rusqlite::types::Type::Text)
    })
}

pub fn insert(
    conn: &Connection,
    username: &str,
    role: Role,
    password_hash: &str,
    now: i64,
) -> StoreResult<()> {
    match conn.execute(
        "INSERT INTO users (username, role, password_hash, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
        params![username, role.as_str(), password_hash, now],
    ) {
        Ok(_) => Ok(()),
        Err(e) if is_unique_violation(&e) => Err(ApiError::new(
            ErrorCode::AlreadyExists,
            format!("user '{username}' already exists"),
        )
        .with_hint("choose another name, or change the existing user's password with `weka user passwd`")
        .into()),
        Err(e) => Err(e.into()),
    }
}

pub fn get(conn: &Connection, username: &str) -> StoreResult<Option<UserRow>> {
    Ok(conn
        .query_row(
            "SELECT username, role, password_hash, created_at FROM users WHERE username = ?1",
            [username],
            |r| {
                Ok(UserRow {
                    username: r.get(0)?,
                    role: role_of(r.get(1)?)?,
                    password_hash: r.get(2)?,
                    created_at: r.get(3)?,
                })
            },
        )
        .optional()?)
}

pub fn list(conn: &Connection) -> StoreResult<Vec<UserInfo>> {
    let mut stmt = conn.prepare("SELECT username, role, created_at FROM users ORDER BY username")?;
    let rows = stmt.query_map([], |r| {
        Ok(UserInfo {
            username: r.get(0)?,
            role: role_of(r.get(1)?)?,
            created_at: to_datetime(r.get(2)?),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn count(conn: &Connection) -> StoreResult<i64> {
    Ok(conn.query_row("SELECT count(*) FROM users", [], |r| r.get(0))?)
}

pub fn count_admins(conn: &Connection) -> StoreResult<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM users WHERE role = 'ClusterAdmin'",
        [],
        |r| r.get(0),
    )?)
}

pub fn remove(conn: &Connection, username: &str) -> StoreResult<bool> {
    Ok(conn.execute("DELETE FROM users WHERE username = ?1", [username])? > 0)
}

pub fn set_password(conn: &Connection, username: &str, password_hash: &str, now: i64) -> StoreResult<bool> {
    Ok(conn.execute(
        "UPDATE users SET password_hash = ?2, updated_at = ?3 WHERE username = ?1",
        params![username, password_hash, now],
    )? > 0)
}
