//! The real AWS CLI (`aws`, from PyPI's awscli) with a cleared environment.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

/// Temporary credentials as `aws sts assume-role-with-web-identity` prints them.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: String,
    pub expiration: String,
}

impl Credentials {
    /// Reads the `Credentials` of the CLI's JSON answer.
    pub fn from_json(v: &Value) -> Credentials {
        let c = &v["Credentials"];
        let s = |k: &str| {
            c[k].as_str()
                .unwrap_or_else(|| panic!("no {k} in {v}"))
                .to_string()
        };
        Credentials {
            access_key_id: s("AccessKeyId"),
            secret_access_key: s("SecretAccessKey"),
            session_token: s("SessionToken"),
            expiration: s("Expiration"),
        }
    }
}

/// An `aws` command line with its own empty HOME and configuration.
pub struct AwsCli {
    home: tempfile::TempDir,
    envs: Vec<(String, String)>,
}

impl Default for AwsCli {
    fn default() -> Self {
        Self::new()
    }
}

impl AwsCli {
    pub fn new() -> AwsCli {
        if Command::new("aws").arg("--version").output().is_err() {
            panic!("the AWS CLI is needed by this test; install it: python3 -m pip install awscli");
        }
        AwsCli {
            home: tempfile::tempdir().expect("tempdir"),
            envs: Vec::new(),
        }
    }

    /// The same CLI with these credentials exported, as the seed's step 3 does.
    pub fn with_credentials(&self, c: &Credentials) -> AwsCli {
        let mut envs = self.envs.clone();
        envs.retain(|(k, _)| {
            !k.starts_with("AWS_ACCESS") && !k.starts_with("AWS_SECRET") && !k.starts_with("AWS_SESSION")
        });
        envs.push(("AWS_ACCESS_KEY_ID".into(), c.access_key_id.clone()));
        envs.push(("AWS_SECRET_ACCESS_KEY".into(), c.secret_access_key.clone()));
        envs.push(("AWS_SESSION_TOKEN".into(), c.session_token.clone()));
        AwsCli {
            home: tempfile::tempdir().expect("tempdir"),
            envs,
        }
    }

    /// Turns off botocore's client-side parameter checks (`parameter_validation = false` in
    /// the config file), e.g. to ask for a session shorter than AWS's 900 s minimum.
    pub fn without_parameter_validation(self) -> AwsCli {
        std::fs::write(
            self.home.path().join("config"),
            "[default]\nparameter_validation = false\n",
        )
        .expect("config");
        self
    }

    pub fn env(mut self, k: &str, v: &str) -> AwsCli {
        self.envs.push((k.into(), v.into()));
        self
    }

    pub fn home(&self) -> &Path {
        self.home.path()
    }

    pub fn command(&self) -> Command {
        let mut cmd = Command::new("aws");
        let home = self.home.path();
        cmd.env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", home)
            .env("AWS_DEFAULT_REGION", "us-east-1")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_CONFIG_FILE", home.join("config"))
            .env("AWS_SHARED_CREDENTIALS_FILE", home.join("credentials"))
            .env("AWS_PAGER", "")
            .current_dir(home);
        for (k, v) in &self.envs {
            cmd.env(k, v);
        }
        cmd
    }

    /// Runs `aws ARGS...` and returns its output.
    pub fn run(&self, args: &[&str]) -> Output {
        self.command().args(args).output().expect("run aws")
    }

    /// Runs `aws ARGS...`, asserting success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "aws {} failed ({}):\n{}{}",
            args.join(" "),
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Runs `aws ARGS...`, asserting failure with `code` in the message; returns stderr.
    pub fn fails_with(&self, args: &[&str], code: &str) -> String {
        let out = self.run(args);
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(
            !out.status.success(),
            "aws {} should fail with {code}",
            args.join(" ")
        );
        assert!(
            err.contains(code),
            "aws {} failed, but not with {code}:\n{err}",
            args.join(" ")
        );
        err
    }
}
