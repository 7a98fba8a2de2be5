//! Temporary credentials issued by the STS.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{StoreError, StoreResult, to_datetime};
use crate::api::sts::TemporaryCredentialInfo;

#[derive(Debug, Clone, PartialEq)]
pub struct CredentialRow {
    pub access_key: String,
    pub session_token_hash: String,
    pub subject: String,
    pub identity: Option<String>,
    pub issuer: String,
    pub audience: Vec<String>,
    pub session_name: String,
    pub role_arn: String,
    pub policies: Vec<String>,
    pub session_policy: Option<String>,
    /// The web identity token's claims as JSON (for `jwt:*` condition keys).
    pub claims: String,
    pub created_at: i64,
    pub expires_at: i64,
}

impl CredentialRow {
    pub fn to_api(&self) -> TemporaryCredentialInfo {
        TemporaryCredentialInfo {
            access_key: self.access_key.clone(),
            subject: self.subject.clone(),
            issuer: self.issuer.clone(),
            session_name: self.session_name.clone(),
            role_arn: self.role_arn.clone(),
            policies: self.policies.clone(),
            has_session_policy: self.session_policy.is_some(),
            created_at: to_datetime(self.created_at),
            expires_at: to_datetime(self.expires_at),
        }
    }
}

const COLUMNS: &str = "access_key, session_token_hash, subject, identity, issuer, audience, session_name, role_arn, \
                       policies, session_policy, claims, created_at, expires_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<(CredentialRow, String, String)> {
    Ok((
        CredentialRow {
            access_key: r.get(0)?,
            session_token_hash: r.get(1)?,
            subject: r.get(2)?,
            identity: r.get(3)?,
            issuer: r.get(4)?,
            audience: Vec::new(),
            session_name: r.get(6)?,
            role_arn: r.get(7)?,
            policies: Vec::new(),
            session_policy: r.get(9)?,
            claims: r.get(10)?,
            created_at: r.get(11)?,
            expires_at: r.get(12)?,
        },
        r.get(5)?,
        r.get(8)?,
    ))
}

fn finish((mut row, aud, pol): (CredentialRow, String, String)) -> StoreResult<CredentialRow> {
    row.audience =
        serde_json::from_str(&aud).map_err(|e| StoreError::Corrupt(format!("credential audience: {e}")))?;
    row.policies =
        serde_json::from_str(&pol).map_err(|e| StoreError::Corrupt(format!("credential policies: {e}")))?;
    Ok(row)
}

pub fn insert(conn: &Connection, c: &CredentialRow) -> StoreResult<()> {
    // One insert per STS exchange: keep the statement prepared.
    let mut stmt = conn.prepare_cached(&format!(
        "INSERT INTO temporary_credentials ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
    ))?;
    stmt.execute(params![
        c.access_key,
        c.session_token_hash,
        c.subject,
        c.identity,
        c.issuer,
        serde_json::to_string(&c.audience).unwrap_or_else(|_| "[]".into()),
        c.session_name,
        c.role_arn,
        serde_json::to_string(&c.policies).unwrap_or_else(|_| "[]".into()),
        c.session_policy,
        c.claims,
        c.created_at,
        c.expires_at,
    ])?;
    Ok(())
}

pub fn get(conn: &Connection, access_key: &str) -> StoreResult<Option<CredentialRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM temporary_credentials WHERE access_key = ?1"
    ))?;
    match stmt.query_row([access_key], from_row).optional()? {
        Some(raw) => Ok(Some(finish(raw)?)),
        None => Ok(None),
    }
}

/// Unexpired credentials, newest first, optionally of one subject.
pub fn list(conn: &Connection, subject: Option<&str>, now: i64) -> StoreResult<Vec<CredentialRow>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM temporary_credentials
         WHERE expires_at > ?1 AND (?2 IS NULL OR subject = ?2)
         ORDER BY created_at DESC, access_key"
    ))?;
    let rows = stmt.query_map(params![now, subject], from_row)?;
    rows.map(|r| finish(r?)).collect()
}

pub fn revoke(conn: &Connection, access_key: &str) -> StoreResult<usize> {
    Ok(conn.execute(
        "DELETE FROM temporary_credentials WHERE access_key = ?1",
        [access_key],
    )?)
}

pub fn revoke_subject(conn: &Connection, subject: &str) -> StoreResult<usize> {
    Ok(conn.execute("DELETE FROM temporary_credentials WHERE subject = ?1", [subject])?)
}

pub fn delete_expired(conn: &Connection, now: i64) -> StoreResult<usize> {
    Ok(conn.execute("DELETE FROM temporary_credentials WHERE expires_at <= ?1", [now])?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::store::test_store;

    fn cred(key: &str, subject: &str, expires_at: i64) -> CredentialRow {
        CredentialRow {
            access_key: key.into(),
            session_token_hash: "h".into(),
            subject: subject.into(),
            identity: Some(subject.into()),
            issuer: "https://idp".into(),
            audience: vec!["weka".into()],
            session_name: "s".into(),
            role_arn: "arn:aws:iam::000000000000:role/x".into(),
            policies: vec!["s3admin".into()],
            session_policy: None,
            claims: "{}".into(),
            created_at: 100,
            expires_at,
        }
    }

    #[test]
    fn round_trip_list_revoke_expire() {
        let (_d, s) = test_store();
        s.write(|tx| {
            insert(tx, &cred("AK1", "alice", 1000))?;
            insert(tx, &cred("AK2", "bob", 2000))?;
            insert(tx, &cred("AK3", "alice", 3000))
        })
        .unwrap();
        assert_eq!(
            s.read(|c| get(c, "AK1")).unwrap(),
            Some(cred("AK1", "alice", 1000))
        );
        assert_eq!(s.read(|c| list(c, Some("alice"), 0)).unwrap().len(), 2);
        assert_eq!(s.read(|c| list(c, None, 1500)).unwrap().len(), 2);
        assert_eq!(s.write(|tx| delete_expired(tx, 1000)).unwrap(), 1);
        assert_eq!(s.write(|tx| revoke_subject(tx, "alice")).unwrap(), 1);
        assert_eq!(s.write(|tx| revoke(tx, "AK2")).unwrap(), 1);
        assert_eq!(s.read(|c| list(c, None, 0)).unwrap().len(), 0);
    }
}
