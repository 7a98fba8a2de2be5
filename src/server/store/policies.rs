//! IAM policies and their attachments to identities (values of the OIDC user claim).

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension, params};

use super::{StoreResult, is_unique_violation, to_datetime};
use crate::api::policy::{PolicyDetail, PolicySummary};
use crate::api::{ApiError, ErrorCode};

#[derive(Debug, Clone)]
pub struct PolicyRow {
    pub name: String,
    pub document: String,
    pub builtin: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

pub fn insert(
    conn: &Connection,
    name: &str,
    document: &str,
    statements: usize,
    builtin: bool,
    now: i64,
) -> StoreResult<()> {
    match conn.execute(
        "INSERT INTO policies (name, document, statements, builtin, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
        params![name, document, statements as i64, builtin, now],
    ) {
        Ok(_) => Ok(()),
        Err(e) if is_unique_violation(&e) => {
            let existing_builtin: bool = conn
                .query_row("SELECT builtin FROM policies WHERE name = ?1", [name], |r| {
                    r.get(0)
                })
                .unwrap_or(false);
            let err = if existing_builtin {
                ApiError::new(
                    ErrorCode::Protected,
                    format!("'{name}' is a built-in policy and cannot be replaced"),
                )
                .with_hint("add your policy under another name")
            } else {
                ApiError::new(
                    ErrorCode::AlreadyExists,
                    format!("policy '{name}' already exists"),
                )
                .with_hint(format!(
                    "remove it first with `weka s3 policy remove {name} --yes`, or choose another name"
                ))
            };
            Err(err.into())
        }
        Err(e) => Err(e.into()),
    }
}

/// Inserts a built-in policy unless one of that name exists.
pub fn ensure_builtin(
    conn: &Connection,
    name: &str,
    document: &str,
    statements: usize,
    now: i64,
) -> StoreResult<()> {
    conn.execute(
        "INSERT OR IGNORE INTO policies (name, document, statements, builtin, created_at, updated_at)
         VALUES (?1, ?2, ?3, 1, ?4, ?4)",
        params![name, document, statements as i64, now],
    )?;
    Ok(())
}

pub fn get(conn: &Connection, name: &str) -> StoreResult<Option<PolicyRow>> {
    Ok(conn
        .query_row(
            "SELECT name, document, builtin, created_at, updated_at FROM policies WHERE name = ?1",
            [name],
            |r| {
                Ok(PolicyRow {
                    name: r.get(0)?,
                    document: r.get(1)?,
                    builtin: r.get(2)?,
                    created_at: r.get(3)?,
                    updated_at: r.get(4)?,
                })
            },
        )
        .optional()?)
}

pub fn detail(conn: &Connection, name: &str) -> StoreResult<Option<PolicyDetail>> {
    let Some(row) = get(conn, name)? else {
        return Ok(None);
    };
    Ok(Some(PolicyDetail {
        attached_to: attachments_of(conn, name)?,
        name: row.name,
        builtin: row.builtin,
        document: row.document,
        created_at: to_datetime(row.created_at),
        updated_at: to_datetime(row.updated_at),
    }))
}

fn attachments_of(conn: &Connection, name: &str) -> StoreResult<Vec<String>> {
    let mut stmt =
        conn.prepare_cached("SELECT identity FROM policy_attachments WHERE policy = ?1 ORDER BY identity")?;
    let rows = stmt.query_map([name], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn list(conn: &Connection) -> StoreResult<Vec<PolicySummary>> {
    let mut attached: BTreeMap<String, Vec<String>> = BTreeMap::new();
    {
        let mut stmt =
            conn.prepare("SELECT policy, identity FROM policy_attachments ORDER BY policy, identity")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            attached.entry(r.get(0)?).or_default().push(r.get(1)?);
        }
    }
    let mut stmt =
        conn.prepare("SELECT name, builtin, statements, updated_at FROM policies ORDER BY name")?;
    let rows = stmt.query_map([], |r| {
        let name: String = r.get(0)?;
        Ok(PolicySummary {
            attached_to: attached.get(&name).cloned().unwrap_or_default(),
            name,
            builtin: r.get(1)?,
            statements: r.get::<_, i64>(2)? as usize,
            updated_at: to_datetime(r.get(3)?),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn names(conn: &Connection) -> StoreResult<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT name FROM policies ORDER BY name")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn remove(conn: &Connection, name: &str) -> StoreResult<()> {
    match get(conn, name)? {
        None => Err(ApiError::not_found("policy", name)
            .with_hint("see the policies with `weka s3 policy list`")
            .into()),
        Some(row) if row.builtin => Err(ApiError::new(
            ErrorCode::Protected,
            format!("'{name}' is a built-in policy and cannot be removed"),
        )
        .into()),
        Some(_) => {
            conn.execute("DELETE FROM policies WHERE name = ?1", [name])?;
            Ok(())
        }
    }
}

pub fn attach(conn: &Connection, policy: &str, identity: &str, now: i64) -> StoreResult<()> {
    if get(conn, policy)?.is_none() {
        return Err(ApiError::not_found("policy", policy)
            .with_hint("see the policies with `weka s3 policy list`")
            .into());
    }
    match conn.execute(
        "INSERT INTO policy_attachments (policy, identity, created_at) VALUES (?1, ?2, ?3)",
        params![policy, identity, now],
    ) {
        Ok(_) => Ok(()),
        Err(e) if is_unique_violation(&e) => Err(ApiError::new(
            ErrorCode::AlreadyExists,
            format!("policy '{policy}' is already attached to '{identity}'"),
        )
        .into()),
        Err(e) => Err(e.into()),
    }
}

pub fn detach(conn: &Connection, policy: &str, identity: &str) -> StoreResult<()> {
    let n = conn.execute(
        "DELETE FROM policy_attachments WHERE policy = ?1 AND identity = ?2",
        params![policy, identity],
    )?;
    if n == 0 {
        if get(conn, policy)?.is_none() {
            return Err(ApiError::not_found("policy", policy).into());
        }
        return Err(ApiError::new(
            ErrorCode::NotFound,
            format!("policy '{policy}' is not attached to '{identity}'"),
        )
        .with_hint("see which identities each policy is attached to with `weka s3 policy list` (ATTACHED TO)")
        .into());
    }
    Ok(())
}

/// Policies attached to an identity.
pub fn attached_to(conn: &Connection, identity: &str) -> StoreResult<Vec<String>> {
    let mut stmt =
        conn.prepare_cached("SELECT policy FROM policy_attachments WHERE identity = ?1 ORDER BY policy")?;
    let rows = stmt.query_map([identity], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Of `names`, those that exist, in the order given.
pub fn existing(conn: &Connection, names: &[String]) -> StoreResult<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT 1 FROM policies WHERE name = ?1")?;
    let mut out = Vec::new();
    for n in names {
        if stmt.exists([n])? && !out.contains(n) {
            out.push(n.clone());
        }
    }
    Ok(out)
}

/// The documents of the named policies with their update time; missing names are skipped.
pub fn documents(conn: &Connection, names: &[String]) -> StoreResult<Vec<(String, String, i64)>> {
    let mut stmt = conn.prepare_cached("SELECT document, updated_at FROM policies WHERE name = ?1")?;
    let mut out = Vec::with_capacity(names.len());
    for n in names {
        if let Some((doc, updated)) = stmt
            .query_row([n], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
            .optional()?
        {
            out.push((n.clone(), doc, updated));
        }
    }
    Ok(out)
}
