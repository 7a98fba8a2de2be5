//! The real OpenID provider of the end-to-end tests: the npm package `oidc-provider`,
//! configured by `tests/idp/server.mjs`, on a free loopback port.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;

pub struct Idp {
    child: Child,
    /// Kept open: the provider exits when its stdin closes, so it never outlives the tests.
    _stdin: ChildStdin,
    pub issuer: String,
    pub discovery: String,
    pub admin_secret: String,
    pub ready: Value,
}

fn idp_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("idp")
}

fn node() -> Command {
    if Command::new("node").arg("--version").output().is_err() {
        panic!("node is needed for the test identity provider; install it: apt-get install -y nodejs npm");
    }
    if !idp_dir().join("node_modules").join("oidc-provider").exists() {
        panic!("the test identity provider's packages are missing; install them: npm ci --prefix tests/idp");
    }
    Command::new("node")
}

impl Idp {
    /// Starts the provider with a configuration (see tests/idp/README.md).
    pub fn start(config: Value) -> Idp {
        let mut child = node()
            .arg(idp_dir().join("server.mjs"))
            .arg("--config-json")
            .arg(config.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start node tests/idp/server.mjs");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let stderr = child.stderr.take().expect("stderr");
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if std::env::var_os("IDP_LOG").is_some() {
                    eprintln!("[idp] {line}");
                }
            }
        });
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            if let Some(Ok(first)) = lines.next() {
                let _ = tx.send(first);
            }
            for _ in lines {}
        });
        let line = match rx.recv_timeout(Duration::from_secs(120)) {
            Ok(l) => l,
            Err(_) => {
                let _ = child.kill();
                panic!("the test identity provider did not start (set IDP_LOG=1 to see its log)");
            }
        };
        let ready: Value = serde_json::from_str(&line).expect("ready line is JSON");
        Idp {
            issuer: ready["issuer"].as_str().expect("issuer").to_string(),
            discovery: ready["discovery"].as_str().expect("discovery").to_string(),
            admin_secret: ready["admin_secret"].as_str().expect("admin_secret").to_string(),
            ready,
            child,
            _stdin: stdin,
        }
    }

    fn script(&self, name: &str, args: &[&str]) -> Result<String, String> {
        let out = node()
            .arg(idp_dir().join(name))
            .args(["--issuer", &self.issuer])
            .args(args)
            .output()
            .expect("run an idp script");
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
        }
    }

    /// A client credentials token (service principal), exactly as an application gets one.
    pub fn client_token(&self, client_id: &str, secret: &str) -> String {
        self.script(
            "token.mjs",
            &["--client-id", client_id, "--client-secret", secret],
        )
        .unwrap_or_else(|e| panic!("client credentials grant for {client_id} failed: {e}"))
    }

    /// A token from the authorization code flow of a human user: `kind` is `id` or `access`.
    pub fn user_token(
        &self,
        client_id: &str,
        secret: Option<&str>,
        user: &str,
        password: &str,
        kind: &str,
    ) -> String {
        let mut args = vec![
            "--client-id",
            client_id,
            "--username",
            user,
            "--password",
            password,
            "--token",
            kind,
        ];
        if let Some(s) = secret {
            args.extend(["--client-secret", s]);
        }
        self.script("login.mjs", &args)
            .unwrap_or_else(|e| panic!("login of {user} failed: {e}"))
    }

    /// Makes a new key the signing key; `drop_old` also stops publishing the older keys.
    pub fn rotate(&self, drop_old: bool) -> Value {
        let url = self.ready["admin_rotate"].as_str().expect("admin_rotate");
        let resp = reqwest::blocking::Client::builder()
            .timeout(std::time::Duration::from_secs(120))
            .build()
            .expect("client")
            .post(url)
            .bearer_auth(&self.admin_secret)
            .json(&serde_json::json!({"drop_old": drop_old}))
            .send()
            .expect("rotate");
        assert!(resp.status().is_success(), "rotate failed: {}", resp.status());
        resp.json().expect("rotate answer")
    }

    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Idp {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The JOSE header and claims of a JWT, without checking anything.
pub fn decode(token: &str) -> (Value, Value) {
    use base64::Engine;
    let part = |i: usize| -> Value {
        let seg = token.split('.').nth(i).expect("JWT segment");
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(seg)
            .expect("base64url");
        serde_json::from_slice(&bytes).expect("JSON")
    };
    (part(0), part(1))
}
