//! IAM policies, named as the IdP's role values, and their attachments to identities.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// Policies that exist from the first start and cannot be removed or replaced.
pub const BUILTIN_POLICIES: &[&str] = &["readonly", "writeonly", "readwrite"];

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddParams {
    pub name: String,
    /// The policy document as given, stored byte for byte.
    pub document: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NameParams {
    pub name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttachParams {
    pub policy: String,
    /// A value of the OIDC user claim (by default the token's `sub`).
    pub identity: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PolicySummary {
    pub name: String,
    pub builtin: bool,
    /// Number of statements in the document.
    pub statements: usize,
    /// Identities the policy is attached to.
    pub attached_to: Vec<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PolicyDetail {
    pub name: String,
    pub builtin: bool,
    pub document: String,
    pub attached_to: Vec<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// Policy names: 1-128 characters of `A-Za-z0-9+=,.@_-`, case-sensitive (AWS's rule).
pub fn validate_name(name: &str) -> Result<(), String> {
    if name.is_empty() || name.chars().count() > 128 {
        return Err(format!(
            "a policy name must be 1-128 characters, got {}",
            name.chars().count()
        ));
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "+=,.@_-".contains(*c)))
    {
        return Err(format!(
            "the policy name has the character {c:?}; allowed are A-Z a-z 0-9 and + = , . @ _ -"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for ok in ["s3admin", "S3Admin", "a", "x+=,.@_-y", &"p".repeat(128)] {
            assert!(validate_name(ok).is_ok(), "{ok}");
        }
        for bad in ["", "a b", "a/b", "ü", &"p".repeat(129)] {
            assert!(validate_name(bad).is_err(), "{bad}");
        }
    }
}
