//! Secret material: the server key (a 0600 file in the data directory), derived STS secret
//! keys, random tokens and their digests. Nothing here is ever logged.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use base64::Engine;
use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// 32 random bytes from which temporary secret keys are derived, so they are never stored.
#[derive(Clone)]
pub struct ServerKey([u8; 32]);

impl std::fmt::Debug for ServerKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ServerKey(..)")
    }
}

impl ServerKey {
    /// Reads `<data-dir>/server.key`, creating it (mode 0600) on the first start.
    pub fn load_or_create(data_dir: &Path) -> anyhow::Result<ServerKey> {
        let path = data_dir.join("server.key");
        if !path.exists() {
            let mut key = [0u8; 32];
            rand::rng().fill_bytes(&mut key);
            // Two processes starting on a new data directory must end with the same key: the
            // file is published with a hard link, which fails if the other one won.
            let tmp = data_dir.join(format!(".server.key.{}", std::process::id()));
            write_secret_file(&tmp, URL_SAFE_NO_PAD.encode(key).as_bytes())?;
            let linked = std::fs::hard_link(&tmp, &path);
            let _ = std::fs::remove_file(&tmp);
            match linked {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e).with_context(|| format!("cannot create {}", path.display())),
            }
        }
        check_private(&path)?;
        let text =
            std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let bytes = URL_SAFE_NO_PAD
            .decode(text.trim())
            .ok()
            .filter(|b| b.len() == 32)
            .with_context(|| {
                format!(
                    "{} is not a weka server key (32 bytes, base64url)",
                    path.display()
                )
            })?;
        let mut key = [0u8; 32];
        key.copy_from_slice(&bytes);
        Ok(ServerKey(key))
    }

    #[cfg(test)]
    pub fn for_tests() -> ServerKey {
        ServerKey([7u8; 32])
    }

    fn mac(&self, label: &str, input: &str) -> [u8; 32] {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(label.as_bytes());
        mac.update(&[0]);
        mac.update(input.as_bytes());
        mac.finalize().into_bytes().into()
    }

    /// The secret access key of a temporary credential: 40 characters, as AWS's.
    pub fn sts_secret_key(&self, access_key: &str) -> String {
        let mut s = STANDARD_NO_PAD.encode(self.mac("weka-sts-secret-key", access_key));
        s.truncate(40);
        s
    }
}

/// Writes a new file readable by the owner only, atomically (temporary file, fsync, rename).
pub fn write_secret_file(path: &Path, contents: &[u8]) -> anyhow::Result<()> {
    let dir = path.parent().context("secret file path has no directory")?;
    let tmp = dir.join(format!(
        ".{}.tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("secret")
    ));
    let _ = std::fs::remove_file(&tmp);
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts
        .open(&tmp)
        .with_context(|| format!("cannot create {}", tmp.display()))?;
    f.write_all(contents)?;
    f.sync_all()?;
    drop(f);
    std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))?;
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Refuses a secret file that others can read.
pub fn check_private(path: &Path) -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)?.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            anyhow::bail!(
                "{} has mode {mode:o}, readable by others; it holds a secret.\nHint: chmod 600 {}",
                path.display(),
                path.display()
            );
        }
    }
    Ok(())
}

/// A random token: the prefix and 32 random bytes in base64url.
pub fn random_token(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// An STS session token: 64 random bytes, opaque to clients.
pub fn session_token() -> String {
    let mut bytes = [0u8; 64];
    rand::rng().fill_bytes(&mut bytes);
    format!("WSTS{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// A temporary access key id: `ASIA` and 16 characters of `A-Z2-7`, as AWS's temporary keys.
pub fn access_key_id() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    let mut s = String::with_capacity(20);
    s.push_str("ASIA");
    s.extend(bytes.iter().map(|b| ALPHABET[(b & 31) as usize] as char));
    s
}

/// A random password for the first admin: 24 characters of base64url.
pub fn random_password() -> String {
    let mut bytes = [0u8; 18];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn sha256_hex(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

/// Compares two strings in time that does not depend on where they differ.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_secret_is_stable_and_40_chars() {
        let k = ServerKey::for_tests();
        let a = k.sts_secret_key("ASIAAAAAAAAAAAAAAAAA");
        assert_eq!(a.len(), 40);
        assert_eq!(a, k.sts_secret_key("ASIAAAAAAAAAAAAAAAAA"));
        assert_ne!(a, k.sts_secret_key("ASIAAAAAAAAAAAAAAAAB"));
    }

    #[test]
    fn access_keys_look_like_aws() {
        let k = access_key_id();
        assert_eq!(k.len(), 20);
        assert!(k.starts_with("ASIA"));
        assert!(
            k.chars()
                .all(|c| c.is_ascii_uppercase() || ('2'..='7').contains(&c))
        );
        assert_ne!(k, access_key_id());
    }

    #[test]
    fn server_key_file_is_private_and_reloads() {
        let dir = tempfile::tempdir().unwrap();
        let a = ServerKey::load_or_create(dir.path()).unwrap();
        let b = ServerKey::load_or_create(dir.path()).unwrap();
        assert_eq!(a.sts_secret_key("x"), b.sts_secret_key("x"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("server.key"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
            std::fs::set_permissions(
                dir.path().join("server.key"),
                std::fs::Permissions::from_mode(0o644),
            )
            .unwrap();
            assert!(
                ServerKey::load_or_create(dir.path())
                    .unwrap_err()
                    .to_string()
                    .contains("chmod 600")
            );
        }
    }

    #[test]
    fn constant_time_compare() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
