//! TLS for every listener: certificate files given by the operator, or a private CA and a
//! server certificate generated once and kept in `<data-dir>/tls/`.

use std::path::{Path, PathBuf};

use anyhow::Context;
use axum_server::tls_rustls::RustlsConfig;
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose};

use super::config::{Config, TlsSource};
use super::secrets::{check_private, write_secret_file};

/// Names every generated certificate covers.
const DEFAULT_NAMES: &[&str] = &["localhost", "127.0.0.1", "::1"];

/// The files of a generated certificate.
pub struct SelfSignedPaths {
    /// The CA certificate clients trust (`weka --ca-cert`, `aws --ca-bundle`).
    pub ca_cert: PathBuf,
    pub ca_key: PathBuf,
    pub cert: PathBuf,
    pub key: PathBuf,
    pub names: PathBuf,
}

impl SelfSignedPaths {
    pub fn new(data_dir: &Path) -> Self {
        let dir = data_dir.join("tls");
        SelfSignedPaths {
            ca_cert: dir.join("ca.pem"),
            ca_key: dir.join("ca-key.pem"),
            cert: dir.join("cert.pem"),
            key: dir.join("key.pem"),
            names: dir.join("names.json"),
        }
    }
}

/// Builds the rustls configuration, or `None` when TLS is off.
pub async fn load(config: &Config) -> anyhow::Result<Option<RustlsConfig>> {
    let (cert, key) = match &config.tls {
        TlsSource::None => return Ok(None),
        TlsSource::Files { cert, key } => (cert.clone(), key.clone()),
        TlsSource::SelfSigned { extra_names } => {
            let paths = ensure_self_signed(&config.data_dir, extra_names)?;
            tracing::info!(ca = %paths.ca_cert.display(), "TLS with a generated certificate; clients trust this CA file");
            (paths.cert, paths.key)
        }
    };
    let tls = RustlsConfig::from_pem_file(&cert, &key).await.with_context(|| {
        format!(
            "cannot use the TLS certificate {} with the key {}",
            cert.display(),
            key.display()
        )
    })?;
    Ok(Some(tls))
}

/// Creates the CA and the server certificate when missing, or a new server certificate when
/// the requested names changed. The CA stays, so clients keep trusting the same file.
pub fn ensure_self_signed(data_dir: &Path, extra_names: &[String]) -> anyhow::Result<SelfSignedPaths> {
    let paths = SelfSignedPaths::new(data_dir);
    let dir = paths.cert.parent().context("tls directory")?;
    create_private_dir(dir)?;
    let mut names: Vec<String> = DEFAULT_NAMES.iter().map(|s| s.to_string()).collect();
    for n in extra_names {
        if !names.contains(n) {
            names.push(n.clone());
        }
    }
    let names_json = serde_json::to_string(&names)?;

    if !paths.ca_cert.exists() || !paths.ca_key.exists() {
        let ca_key = KeyPair::generate()?;
        let ca = ca_params()?.self_signed(&ca_key)?;
        write_secret_file(&paths.ca_key, ca_key.serialize_pem().as_bytes())?;
        std::fs::write(&paths.ca_cert, ca.pem())?;
        let _ = std::fs::remove_file(&paths.cert);
    }
    check_private(&paths.ca_key)?;

    let current = std::fs::read_to_string(&paths.names).unwrap_or_default();
    if !paths.cert.exists() || !paths.key.exists() || current != names_json {
        let ca_key = KeyPair::from_pem(&std::fs::read_to_string(&paths.ca_key)?)?;
        // The same parameters as the stored CA certificate: same subject, same key.
        let issuer = Issuer::new(ca_params()?, ca_key);
        let key = KeyPair::generate()?;
        let mut params = CertificateParams::new(names.clone())?;
        params.distinguished_name.push(DnType::CommonName, "weka-server");
        params.not_after = rcgen::date_time_ymd(2100, 1, 1);
        let cert = params.signed_by(&key, &issuer)?;
        write_secret_file(&paths.key, key.serialize_pem().as_bytes())?;
        std::fs::write(&paths.cert, cert.pem())?;
        std::fs::write(&paths.names, names_json)?;
    }
    check_private(&paths.key)?;
    Ok(paths)
}

fn ca_params() -> anyhow::Result<CertificateParams> {
    let mut params = CertificateParams::new(Vec::<String>::new())?;
    params
        .distinguished_name
        .push(DnType::CommonName, "weka-server local CA");
    params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    params.not_before = rcgen::date_time_ymd(2024, 1, 1);
    params.not_after = rcgen::date_time_ymd(2100, 1, 1);
    Ok(params)
}

/// Creates a directory readable by the owner only.
pub fn create_private_dir(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_once_and_reissued_for_new_names() {
        let dir = tempfile::tempdir().unwrap();
        let p = ensure_self_signed(dir.path(), &[]).unwrap();
        let ca1 = std::fs::read_to_string(&p.ca_cert).unwrap();
        let cert1 = std::fs::read_to_string(&p.cert).unwrap();
        let p = ensure_self_signed(dir.path(), &[]).unwrap();
        assert_eq!(cert1, std::fs::read_to_string(&p.cert).unwrap());
        let p = ensure_self_signed(dir.path(), &["s3.example.com".into()]).unwrap();
        assert_ne!(cert1, std::fs::read_to_string(&p.cert).unwrap());
        assert_eq!(ca1, std::fs::read_to_string(&p.ca_cert).unwrap());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            for f in [&p.key, &p.ca_key] {
                assert_eq!(std::fs::metadata(f).unwrap().permissions().mode() & 0o777, 0o600);
            }
        }
    }
}
