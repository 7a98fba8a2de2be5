//! First start: the `admin` user (ClusterAdmin) and the built-in policies.

use std::path::Path;

use super::auth::hash_password;
use super::secrets::{random_password, write_secret_file};
use super::store::{Store, now_unix, users};
use crate::api::user::{Role, validate_password};

/// The file that receives a generated first admin password.
pub const ADMIN_PASSWORD_FILE: &str = "admin-password";

pub fn first_start(store: &Store, data_dir: &Path) -> anyhow::Result<()> {
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
