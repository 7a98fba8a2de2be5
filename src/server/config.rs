//! Server configuration: command-line flags, then `WEKA_*` environment variables, then an
//! optional TOML file, then the embedded defaults, in that order of precedence.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use clap::Parser;
use serde::Deserialize;

/// weka-server: the management API, the STS endpoint and the S3 gateway.
///
/// Applications trade a JWT from their OIDC identity provider for short-lived S3 credentials at
/// the STS endpoint (`AssumeRoleWithWebIdentity`), then use them with the S3 gateway. The
/// `weka` CLI configures the provider and the IAM policies through the management API.
///
/// With no arguments the server runs on its embedded defaults: data in the user's data
/// directory, the management API on 127.0.0.1:14000 and S3 and STS on 127.0.0.1:9000. On the
/// first start it creates the user `admin`; its password is `WEKA_ADMIN_PASSWORD` or a
/// generated one written to `<data-dir>/admin-password` (mode 0600).
#[derive(Debug, Default, Parser)]
#[command(name = "weka-server", version, max_term_width = 100)]
pub struct ServerArgs {
    /// TOML configuration file; its keys are the long option names with `_` for `-`.
    #[arg(long, env = "WEKA_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Directory for the database, keys, certificates and objects.
    #[arg(long, env = "WEKA_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Address of the management API (JSON-RPC at /api/v1).
    #[arg(long, env = "WEKA_API_LISTEN", value_name = "ADDR")]
    pub api_listen: Option<SocketAddr>,

    /// Address of the S3 gateway, which also answers STS requests.
    #[arg(long, env = "WEKA_S3_LISTEN", value_name = "ADDR")]
    pub s3_listen: Option<SocketAddr>,

    /// Optional separate address for the STS endpoint alone.
    #[arg(long, env = "WEKA_STS_LISTEN", value_name = "ADDR")]
    pub sts_listen: Option<SocketAddr>,

    /// TLS certificate chain (PEM) for every listener; needs --tls-key.
    #[arg(long, env = "WEKA_TLS_CERT", value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,

    /// TLS private key (PEM) matching --tls-cert.
    #[arg(long, env = "WEKA_TLS_KEY", value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,

    /// Serve TLS with a certificate generated once and kept in the data directory (`tls/`), signed
    /// by a generated CA; give clients `tls/ca.pem` as their CA (`weka --ca-cert`, `aws --ca-bundle`).
    #[arg(long, env = "WEKA_TLS_SELF_SIGNED", conflicts_with_all = ["tls_cert", "tls_key"])]
    pub tls_self_signed: bool,

    /// Extra DNS names or IP addresses for the self-signed certificate (localhost, 127.0.0.1
    /// and ::1 are always included).
    #[arg(
        long = "tls-san",
        env = "WEKA_TLS_SAN",
        value_name = "NAME",
        value_delimiter = ','
    )]
    pub tls_san: Vec<String>,

    /// Allow plain HTTP on a non-loopback address (credentials then cross the network in clear).
    #[arg(long, env = "WEKA_ALLOW_INSECURE_HTTP")]
    pub allow_insecure_http: bool,

    /// Log format.
    #[arg(long, env = "WEKA_LOG_FORMAT", value_enum)]
    pub log_format: Option<LogFormat>,

    /// Log filter, e.g. `info` or `weka=debug,info` (default `info,s3s=off`).
    #[arg(long, env = "WEKA_LOG", value_name = "FILTER")]
    pub log: Option<String>,

    /// Lifetime of a management access token (e.g. `300`, `5m`).
    #[arg(long, env = "WEKA_ACCESS_TOKEN_TTL", value_name = "DURATION", value_parser = parse_duration)]
    pub access_token_ttl: Option<Duration>,

    /// Lifetime of a management refresh token (e.g. `30d`).
    #[arg(long, env = "WEKA_REFRESH_TOKEN_TTL", value_name = "DURATION", value_parser = parse_duration)]
    pub refresh_token_ttl: Option<Duration>,

    /// Largest `DurationSeconds` the STS grants (AWS's ceiling is 12 hours).
    #[arg(long, env = "WEKA_STS_MAX_DURATION", value_name = "DURATION", value_parser = parse_duration)]
    pub sts_max_duration: Option<Duration>,

    /// Shortest `DurationSeconds` the STS grants (AWS: 900s). Lower it only for tests and
    /// demonstrations of expiry.
    #[arg(long, env = "WEKA_STS_MIN_DURATION", value_name = "DURATION", value_parser = parse_duration)]
    pub sts_min_duration: Option<Duration>,

    /// How often expired temporary credentials and login sessions are deleted.
    #[arg(long, env = "WEKA_CLEANUP_INTERVAL", value_name = "DURATION", value_parser = parse_duration)]
    pub cleanup_interval: Option<Duration>,

    /// Clock-skew leeway for `exp`, `nbf` and `iat` of web identity tokens.
    #[arg(long, env = "WEKA_CLOCK_SKEW", value_name = "DURATION", value_parser = parse_duration)]
    pub clock_skew: Option<Duration>,

    /// How often the identity provider's signing keys are fetched again.
    #[arg(long, env = "WEKA_JWKS_REFRESH_INTERVAL", value_name = "DURATION", value_parser = parse_duration)]
    pub jwks_refresh_interval: Option<Duration>,

    /// Shortest pause between two key fetches caused by an unknown `kid`.
    #[arg(long, env = "WEKA_JWKS_MIN_REFETCH", value_name = "DURATION", value_parser = parse_duration)]
    pub jwks_min_refetch: Option<Duration>,

    /// Timeout of each request to the identity provider.
    #[arg(long, env = "WEKA_OIDC_TIMEOUT", value_name = "DURATION", value_parser = parse_duration)]
    pub oidc_timeout: Option<Duration>,

    /// Region reported by the S3 gateway and the STS.
    #[arg(long, env = "WEKA_REGION", value_name = "REGION")]
    pub region: Option<String>,

    /// How long a client may send nothing: a connection whose request headers do not arrive
    /// in time (also between keep-alive requests) is closed, and a request whose body stalls
    /// fails with RequestTimeout.
    #[arg(long, env = "WEKA_IDLE_TIMEOUT", value_name = "DURATION", value_parser = parse_duration)]
    pub idle_timeout: Option<Duration>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

/// The TOML file: the same settings as the flags.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
struct FileConfig {
    data_dir: Option<PathBuf>,
    api_listen: Option<SocketAddr>,
    s3_listen: Option<SocketAddr>,
    sts_listen: Option<SocketAddr>,
    tls_cert: Option<PathBuf>,
    tls_key: Option<PathBuf>,
    tls_self_signed: Option<bool>,
    tls_san: Option<Vec<String>>,
    allow_insecure_http: Option<bool>,
    log_format: Option<LogFormat>,
    log: Option<String>,
    access_token_ttl: Option<String>,
    refresh_token_ttl: Option<String>,
    sts_max_duration: Option<String>,
    sts_min_duration: Option<String>,
    cleanup_interval: Option<String>,
    clock_skew: Option<String>,
    jwks_refresh_interval: Option<String>,
    jwks_min_refetch: Option<String>,
    oidc_timeout: Option<String>,
    region: Option<String>,
    idle_timeout: Option<String>,
}

/// Where TLS certificates come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TlsSource {
    None,
    Files { cert: PathBuf, key: PathBuf },
    SelfSigned { extra_names: Vec<String> },
}

/// The effective configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub data_dir: PathBuf,
    pub api_listen: SocketAddr,
    pub s3_listen: SocketAddr,
    pub sts_listen: Option<SocketAddr>,
    pub tls: TlsSource,
    pub allow_insecure_http: bool,
    pub log_format: LogFormat,
    pub log: String,
    pub access_token_ttl: Duration,
    pub refresh_token_ttl: Duration,
    pub sts_max_duration: Duration,
    pub sts_min_duration: Duration,
    pub cleanup_interval: Duration,
    pub clock_skew: Duration,
    pub jwks_refresh_interval: Duration,
    pub jwks_min_refetch: Duration,
    pub oidc_timeout: Duration,
    pub region: String,
    pub idle_timeout: Duration,
}

/// s3s logs every refused request as an error; the gateway logs refusals with their reason.
pub const DEFAULT_LOG: &str = "info,s3s=off";
pub const DEFAULT_API_LISTEN: &str = "127.0.0.1:14000";
pub const DEFAULT_S3_LISTEN: &str = "127.0.0.1:9000";

impl Config {
    /// Merges flags and environment (already in `args`) over the TOML file over the defaults.
    pub fn resolve(args: ServerArgs) -> anyhow::Result<Config> {
        let file = match &args.config {
            Some(path) => read_file_config(path)?,
            None => FileConfig::default(),
        };
        let dur = |flag: Option<Duration>,
                   file: &Option<String>,
                   key: &str,
                   default: Duration|
         -> anyhow::Result<Duration> {
            match (flag, file) {
                (Some(d), _) => Ok(d),
                (None, Some(s)) => {
                    parse_duration(s).map_err(|e| anyhow::anyhow!("config file key `{key}`: {e}"))
                }
                (None, None) => Ok(default),
            }
        };
        let data_dir = match args.data_dir.or(file.data_dir) {
            Some(dir) => dir,
            None => default_data_dir()?,
        };
        let tls = if let (Some(cert), Some(key)) =
            (args.tls_cert.or(file.tls_cert), args.tls_key.or(file.tls_key))
        {
            TlsSource::Files { cert, key }
        } else if args.tls_self_signed || file.tls_self_signed.unwrap_or(false) {
            let mut extra_names = args.tls_san;
            if extra_names.is_empty() {
                extra_names = file.tls_san.unwrap_or_default();
            }
            TlsSource::SelfSigned { extra_names }
        } else {
            TlsSource::None
        };
        let config = Config {
            data_dir,
            api_listen: args
                .api_listen
                .or(file.api_listen)
                .unwrap_or_else(|| DEFAULT_API_LISTEN.parse().expect("valid")),
            s3_listen: args
                .s3_listen
                .or(file.s3_listen)
                .unwrap_or_else(|| DEFAULT_S3_LISTEN.parse().expect("valid")),
            sts_listen: args.sts_listen.or(file.sts_listen),
            tls,
            allow_insecure_http: args.allow_insecure_http || file.allow_insecure_http.unwrap_or(false),
            log_format: args.log_format.or(file.log_format).unwrap_or(LogFormat::Text),
            log: args.log.or(file.log).unwrap_or_else(|| DEFAULT_LOG.into()),
            access_token_ttl: dur(
                args.access_token_ttl,
                &file.access_token_ttl,
                "access_token_ttl",
                Duration::from_secs(300),
            )?,
            refresh_token_ttl: dur(
                args.refresh_token_ttl,
                &file.refresh_token_ttl,
                "refresh_token_ttl",
                Duration::from_secs(30 * 86400),
            )?,
            sts_max_duration: dur(
                args.sts_max_duration,
                &file.sts_max_duration,
                "sts_max_duration",
                Duration::from_secs(43200),
            )?,
            sts_min_duration: dur(
                args.sts_min_duration,
                &file.sts_min_duration,
                "sts_min_duration",
                Duration::from_secs(900),
            )?,
            cleanup_interval: dur(
                args.cleanup_interval,
                &file.cleanup_interval,
                "cleanup_interval",
                Duration::from_secs(60),
            )?,
            clock_skew: dur(
                args.clock_skew,
                &file.clock_skew,
                "clock_skew",
                Duration::from_secs(60),
            )?,
            jwks_refresh_interval: dur(
                args.jwks_refresh_interval,
                &file.jwks_refresh_interval,
                "jwks_refresh_interval",
                Duration::from_secs(900),
            )?,
            jwks_min_refetch: dur(
                args.jwks_min_refetch,
                &file.jwks_min_refetch,
                "jwks_min_refetch",
                Duration::from_secs(10),
            )?,
            oidc_timeout: dur(
                args.oidc_timeout,
                &file.oidc_timeout,
                "oidc_timeout",
                Duration::from_secs(10),
            )?,
            region: args.region.or(file.region).unwrap_or_else(|| "us-east-1".into()),
            idle_timeout: dur(
                args.idle_timeout,
                &file.idle_timeout,
                "idle_timeout",
                Duration::from_secs(60),
            )?,
        };
        config.check()?;
        Ok(config)
    }

    fn check(&self) -> anyhow::Result<()> {
        if self.access_token_ttl < Duration::from_secs(1) || self.refresh_token_ttl < self.access_token_ttl {
            bail!("--access-token-ttl must be at least 1s and not longer than --refresh-token-ttl");
        }
        if self.sts_min_duration < Duration::from_secs(1) || self.sts_min_duration > self.sts_max_duration {
            bail!("--sts-min-duration must be at least 1s and not longer than --sts-max-duration");
        }
        if self.sts_max_duration < Duration::from_secs(900)
            && self.sts_min_duration >= Duration::from_secs(900)
        {
            bail!("--sts-max-duration must be at least 900s (15m), the shortest session AWS's STS grants");
        }
        if self.sts_max_duration.as_secs() > u64::from(u32::MAX) {
            bail!("--sts-max-duration is too long");
        }
        if self.cleanup_interval < Duration::from_secs(1) {
            bail!("--cleanup-interval must be at least 1s");
        }
        if self.oidc_timeout < Duration::from_millis(100) {
            bail!("--oidc-timeout must be at least 100ms");
        }
        if self.idle_timeout < Duration::from_millis(100) {
            bail!("--idle-timeout must be at least 100ms");
        }
        if self.tls == TlsSource::None && !self.allow_insecure_http {
            let mut addrs = vec![("--api-listen", self.api_listen), ("--s3-listen", self.s3_listen)];
            if let Some(sts) = self.sts_listen {
                addrs.push(("--sts-listen", sts));
            }
            for (flag, addr) in addrs {
                if !addr.ip().is_loopback() {
                    bail!(
                        "{flag} {addr} is not a loopback address and TLS is off: passwords, tokens and S3 \
                         credentials would cross the network in clear.\nHint: add --tls-self-signed or \
                         --tls-cert/--tls-key, or --allow-insecure-http if the network is trusted"
                    );
                }
            }
        }
        Ok(())
    }

    pub fn tls_enabled(&self) -> bool {
        self.tls != TlsSource::None
    }

    pub fn database_path(&self) -> PathBuf {
        self.data_dir.join("weka.db")
    }
}

fn read_file_config(path: &Path) -> anyhow::Result<FileConfig> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read config file {}", path.display()))?;
    toml::from_str(&text).with_context(|| format!("config file {} is not valid", path.display()))
}

fn default_data_dir() -> anyhow::Result<PathBuf> {
    match dirs::data_dir() {
        Some(dir) => Ok(dir.join("weka")),
        None => bail!("no data directory is known for this user; give one with --data-dir or WEKA_DATA_DIR"),
    }
}

/// Parses `90`, `90s`, `5m`, `12h`, `30d` (and `500ms`).
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let (digits, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()));
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("'{s}' is not a duration; use e.g. 90, 90s, 5m, 12h or 30d"))?;
    let secs = |mult: u64| n.checked_mul(mult).map(Duration::from_secs);
    let d = match unit {
        "" | "s" => secs(1),
        "ms" => Some(Duration::from_millis(n)),
        "m" => secs(60),
        "h" => secs(3600),
        "d" => secs(86400),
        _ => {
            return Err(format!(
                "'{s}' has the unknown unit '{unit}'; use ms, s, m, h or d"
            ));
        }
    };
    d.ok_or_else(|| format!("'{s}' is too long a duration"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("5m"), Ok(Duration::from_secs(300)));
        assert_eq!(parse_duration("30d"), Ok(Duration::from_secs(2_592_000)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert!(parse_duration("5 minutes").is_err());
        assert!(parse_duration("").is_err());
        assert!(parse_duration("m").is_err());
    }

    fn args(data: &Path) -> ServerArgs {
        ServerArgs {
            data_dir: Some(data.to_path_buf()),
            ..Default::default()
        }
    }

    #[test]
    fn defaults_are_loopback_and_plain() {
        let c = Config::resolve(args(Path::new("/tmp/x"))).unwrap();
        assert_eq!(c.api_listen.to_string(), DEFAULT_API_LISTEN);
        assert_eq!(c.s3_listen.to_string(), DEFAULT_S3_LISTEN);
        assert_eq!(c.tls, TlsSource::None);
        assert_eq!(c.access_token_ttl, Duration::from_secs(300));
    }

    #[test]
    fn non_loopback_without_tls_is_refused() {
        let mut a = args(Path::new("/tmp/x"));
        a.s3_listen = Some("0.0.0.0:9000".parse().unwrap());
        let e = Config::resolve(a).unwrap_err().to_string();
        assert!(
            e.contains("--s3-listen 0.0.0.0:9000") && e.contains("--tls-self-signed"),
            "{e}"
        );
        let mut a = args(Path::new("/tmp/x"));
        a.s3_listen = Some("0.0.0.0:9000".parse().unwrap());
        a.allow_insecure_http = true;
        assert!(Config::resolve(a).is_ok());
    }

    #[test]
    fn file_is_below_flags() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("weka.toml");
        std::fs::write(
            &path,
            "api_listen = \"127.0.0.1:15000\"\ns3_listen = \"127.0.0.1:9100\"\ncleanup_interval = \"5m\"\n",
        )
        .unwrap();
        let mut a = args(dir.path());
        a.config = Some(path.clone());
        a.s3_listen = Some("127.0.0.1:9200".parse().unwrap());
        let c = Config::resolve(a).unwrap();
        assert_eq!(c.api_listen.port(), 15000);
        assert_eq!(c.s3_listen.port(), 9200);
        assert_eq!(c.cleanup_interval, Duration::from_secs(300));
        std::fs::write(&path, "unknown_key = 1\n").unwrap();
        let mut a = args(dir.path());
        a.config = Some(path);
        assert!(Config::resolve(a).is_err());
    }
}
