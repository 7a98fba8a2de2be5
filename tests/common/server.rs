//! Starts and drives a real `weka-server` process.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use serde_json::{Value, json};

pub const ADMIN_PASSWORD: &str = "admin-password-for-tests";

/// A running server; killed when dropped.
pub struct TestServer {
    child: Option<Child>,
    pub data_dir: PathBuf,
    _data_tmp: Option<tempfile::TempDir>,
    /// HOME of the CLI invocations (holds `~/.weka/auth-token.json`).
    pub home: tempfile::TempDir,
    pub api: SocketAddr,
    pub s3: SocketAddr,
    pub sts: SocketAddr,
    pub tls: bool,
    /// Listen on these (API, S3) addresses instead of free ports: set by `restart_on_same_ports`.
    fixed_listen: Option<(SocketAddr, SocketAddr)>,
    args: Vec<String>,
    envs: Vec<(String, String)>,
    log: Arc<Mutex<Vec<String>>>,
}

#[derive(Default)]
pub struct Builder {
    args: Vec<String>,
    envs: Vec<(String, String)>,
    data_dir: Option<PathBuf>,
    admin_password: Option<String>,
}

impl Builder {
    pub fn arg(mut self, a: impl Into<String>) -> Self {
        self.args.push(a.into());
        self
    }

    pub fn args<I: IntoIterator<Item = S>, S: Into<String>>(mut self, args: I) -> Self {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    pub fn env(mut self, k: &str, v: &str) -> Self {
        self.envs.push((k.into(), v.into()));
        self
    }

    pub fn data_dir(mut self, dir: &Path) -> Self {
        self.data_dir = Some(dir.to_path_buf());
        self
    }

    /// Without this the first admin password comes from `WEKA_ADMIN_PASSWORD` = [`ADMIN_PASSWORD`];
    /// `None` lets the server generate one.
    pub fn admin_password(mut self, p: Option<&str>) -> Self {
        self.admin_password = p.map(str::to_string);
        self
    }

    pub fn start(self) -> TestServer {
        let (data_dir, tmp) = match self.data_dir {
            Some(d) => (d, None),
            None => {
                let t = tempfile::tempdir().expect("tempdir");
                (t.path().join("data"), Some(t))
            }
        };
        let mut envs = self.envs;
        if let Some(p) = self.admin_password {
            envs.push(("WEKA_ADMIN_PASSWORD".into(), p));
        }
        let mut s = TestServer {
            child: None,
            data_dir,
            _data_tmp: tmp,
            home: tempfile::tempdir().expect("tempdir"),
            api: "127.0.0.1:0".parse().unwrap(),
            s3: "127.0.0.1:0".parse().unwrap(),
            sts: "127.0.0.1:0".parse().unwrap(),
            tls: false,
            fixed_listen: None,
            args: self.args,
            envs,
            log: Arc::new(Mutex::new(Vec::new())),
        };
        s.spawn();
        s
    }
}

impl TestServer {
    pub fn builder() -> Builder {
        Builder {
            admin_password: Some(ADMIN_PASSWORD.into()),
            ..Default::default()
        }
    }

    pub fn start() -> TestServer {
        Self::builder().start()
    }

    fn spawn(&mut self) {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_weka-server"));
        cmd.env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", self.home.path())
            .arg("--data-dir")
            .arg(&self.data_dir)
            .arg("--api-listen")
            .arg(
                self.fixed_listen
                    .map_or("127.0.0.1:0".into(), |(api, _)| api.to_string()),
            )
            .arg("--s3-listen")
            .arg(
                self.fixed_listen
                    .map_or("127.0.0.1:0".into(), |(_, s3)| s3.to_string()),
            )
            .args(["--log-format", "json"])
            .args(["--log", "info,weka=debug,s3s=off"])
            .args(&self.args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (k, v) in &self.envs {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("start weka-server");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, rx) = mpsc::channel::<Value>();
        let log = self.log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if let Ok(v) = serde_json::from_str::<Value>(&line)
                    && v["message"] == "weka-server ready"
                {
                    let _ = tx.send(v);
                }
                log.lock().unwrap().push(line);
            }
        });
        let ready = match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(v) => v,
            Err(_) => {
                let _ = child.kill();
                panic!(
                    "weka-server did not become ready; its log:\n{}",
                    self.log.lock().unwrap().join("\n")
                );
            }
        };
        let addr = |key: &str| -> SocketAddr {
            let url = ready[key]
                .as_str()
                .unwrap_or_else(|| panic!("ready line lacks {key}: {ready}"));
            url.split("://").nth(1).unwrap().parse().unwrap()
        };
        self.tls = ready["api"].as_str().is_some_and(|u| u.starts_with("https"));
        self.api = addr("api");
        self.s3 = addr("s3");
        self.sts = addr("sts");
        self.child = Some(child);
    }

    /// The server's process id while it runs.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// Everything the server logged so far.
    pub fn log(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }

    /// Stops the server with SIGTERM and waits for it.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            #[cfg(unix)]
            unsafe {
                libc_kill(child.id() as i32, 15);
            }
            let deadline = std::time::Instant::now() + Duration::from_secs(20);
            loop {
                if child.try_wait().ok().flatten().is_some() {
                    break;
                }
                if std::time::Instant::now() > deadline {
                    let _ = child.kill();
                    let _ = child.wait();
                    break;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }

    /// Kills the server with SIGKILL, as a crash would.
    pub fn crash(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts the server again on the same data directory (new ports).
    pub fn restart(&mut self) {
        self.stop();
        self.spawn();
    }

    /// Starts the server again on the same data directory and the same API and S3 ports, as
    /// an operator's restart would: CLI sessions (kept per `scheme://host:port`) still apply.
    pub fn restart_on_same_ports(&mut self) {
        self.stop();
        self.fixed_listen = Some((self.api, self.s3));
        self.spawn();
        self.fixed_listen = None;
    }

    pub fn restart_after_crash(&mut self) {
        self.crash();
        self.spawn();
    }

    pub fn scheme(&self) -> &'static str {
        if self.tls { "https" } else { "http" }
    }

    pub fn s3_url(&self) -> String {
        format!("{}://{}", self.scheme(), self.s3)
    }

    pub fn sts_url(&self) -> String {
        format!("{}://{}", self.scheme(), self.sts)
    }

    pub fn ca_cert(&self) -> PathBuf {
        self.data_dir.join("tls").join("ca.pem")
    }

    /// The `weka` CLI with a cleared environment pointed at this server.
    pub fn weka(&self) -> assert_cmd::Command {
        let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_weka"));
        cmd.env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", self.home.path())
            .env("WEKA_HOST", self.api.ip().to_string())
            .env("WEKA_PORT", self.api.port().to_string())
            .env("WEKA_TOKEN_STORE", "file")
            .env("NO_COLOR", "1");
        if self.tls {
            cmd.env("WEKA_CA_CERT", self.ca_cert());
        }
        cmd
    }

    /// `weka user login admin <password>`, asserting success.
    pub fn login_admin(&self) {
        self.weka()
            .args(["user", "login", "admin", ADMIN_PASSWORD])
            .assert()
            .success();
    }

    fn http(&self) -> reqwest::blocking::Client {
        let mut b = reqwest::blocking::Client::builder().timeout(Duration::from_secs(30));
        if self.tls {
            let pem = std::fs::read(self.ca_cert()).expect("ca.pem");
            b = b.add_root_certificate(reqwest::Certificate::from_pem(&pem).expect("pem"));
        }
        b.build().expect("client")
    }

    /// Posts a raw JSON-RPC body and returns the HTTP status and the parsed body (Null if empty).
    pub fn rpc_raw(&self, token: Option<&str>, body: &str) -> (u16, Value) {
        let mut req = self
            .http()
            .post(format!("{}://{}/api/v1", self.scheme(), self.api))
            .header("content-type", "application/json")
            .body(body.to_string());
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let resp = req.send().expect("rpc request");
        let status = resp.status().as_u16();
        let text = resp.text().unwrap_or_default();
        (
            status,
            if text.is_empty() {
                Value::Null
            } else {
                serde_json::from_str(&text).expect("json body")
            },
        )
    }

    /// Calls one method; returns `Ok(result)` or `Err(error object)`.
    pub fn rpc(&self, token: Option<&str>, method: &str, params: Value) -> Result<Value, Value> {
        let body = json!({"jsonrpc": "2.0", "method": method, "params": params, "id": 1}).to_string();
        let (_, v) = self.rpc_raw(token, &body);
        match v.get("error") {
            Some(e) => Err(e.clone()),
            None => Ok(v["result"].clone()),
        }
    }

    /// Logs in over JSON-RPC and returns the access token.
    pub fn token(&self, user: &str, password: &str) -> String {
        let r = self
            .rpc(
                None,
                "user_login",
                json!({"username": user, "password": password}),
            )
            .expect("login");
        r["access_token"].as_str().unwrap().to_string()
    }

    pub fn admin_token(&self) -> String {
        self.token("admin", ADMIN_PASSWORD)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

#[cfg(unix)]
unsafe extern "C" {
    #[link_name = "kill"]
    fn libc_kill(pid: i32, sig: i32) -> i32;
}

/// The `data.name` of a JSON-RPC error object.
pub fn error_name(e: &Value) -> &str {
    e["data"]["name"].as_str().unwrap_or("")
}
