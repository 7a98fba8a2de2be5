//! First start: the `admin` user (ClusterAdmin) and the built-in policies.

use std::path::Path;

use super::auth::hash_password;
use super::iam::{BUILTIN_POLICY_DOCUMENTS, Policy};
use super::secrets::{random_password, write_secret_file};
use super::store::{Store, now_unix, policies, users};
use crate::api::user::{Role, validate_password};

/// The file that receives a generated first admin password.
pub const ADMIN_PASSWORD_FILE: &str = "admin-password";

pub fn first_start(store: &Store, data_dir: &Path) -> anyhow::Result<()> {
    builtin_policies(store)?;
    if store.read(users::count)? == 0 {
        let (password, generated) = match std::env::var("WEKA_ADMIN_PASSWORD") {
            Ok(p) if !p.is_empty() => {
                validate_password(&p).map_err(|e| anyhow::anyhow!("WEKA_ADMIN_PASSWORD: {e}"))?;
                (p, false)
            }
            _ => (random_password(), true),
        };
        let hash = hash_password(&password).map_err(|e| anyhow::anyhow!("{e}"))?;
        let created = store.write(|tx| {
            // Another process may have created it meanwhile.
            if users::count(tx)? > 0 {
                return Ok(false);
            }
            users::insert(tx, "admin", Role::ClusterAdmin, &hash, now_unix())?;
            Ok(true)
        })?;
        if created {
            if generated {
                let path = data_dir.join(ADMIN_PASSWORD_FILE);
                write_secret_file(&path, format!("{password}\n").as_bytes())?;
                tracing::info!(
                    file = %path.display(),
                    "created user 'admin' (ClusterAdmin); its generated password is in this file (mode 0600)"
                );
            } else {
                tracing::info!(
                    "created user 'admin' (ClusterAdmin) with the password from WEKA_ADMIN_PASSWORD"
                );
            }
        }
    }
    Ok(())
}

/// Adds the built-in policies that are missing (all of them on the first start).
fn builtin_policies(store: &Store) -> anyhow::Result<()> {
    let now = now_unix();
    store.write(|tx| {
        for (name, doc) in BUILTIN_POLICY_DOCUMENTS {
            let statements = Policy::parse(doc).map(|p| p.statement_count()).unwrap_or(1);
            policies::ensure_builtin(tx, name, doc, statements, now)?;
        }
        Ok(())
    })?;
    Ok(())
}
