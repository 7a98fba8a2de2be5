//! STS benchmark: `AssumeRoleWithWebIdentity` exchanges per second and their latency with
//! concurrent clients against a release-built `weka-server`, compared with the bare RS256
//! signature-verification rate of the same machine (jsonwebtoken verifying the same token in a
//! loop, on one thread and on two), measured in the same run.
//!
//! Also measured in the same run, for context: `GET /healthz` on the same listener by the same
//! clients (the rate of bare HTTP round trips) and the latency of one durable commit (a small
//! write and fdatasync in the data directory), which every exchange waits for.
//!
//! Run: `cargo bench --bench sts` (cargo builds `weka-server` in release mode for it).
//! Knobs: `STS_BENCH_SECONDS` (measured seconds, default 10), `STS_BENCH_CLIENTS` (default 16).
//! Under `cargo test --benches` it only says how to run it.

#[path = "../tests/common/test_idp.rs"]
mod test_idp;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use jsonwebtoken::jwk::Jwk;
use jsonwebtoken::{Algorithm, DecodingKey};
use serde_json::{Value, json};
use test_idp::{KeyKind, TestIdp};

const ADMIN_PASSWORD: &str = "bench-admin-password";
const ROLE_ARN: &str = "arn:aws:iam::000000000000:role/weka-oidc";

fn main() -> anyhow::Result<()> {
    if !std::env::args().any(|a| a == "--bench") {
        println!("the STS benchmark runs with `cargo bench --bench sts`");
        return Ok(());
    }
    let seconds = env_number("STS_BENCH_SECONDS", 10);
    let clients = env_number("STS_BENCH_CLIENTS", 16);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(run(Duration::from_secs(seconds), clients as usize))
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(default)
}

/// The server process; killed when dropped.
struct Server {
    child: Child,
    api: String,
    sts: String,
    /// `ms` of every "issued credentials" log line: the server's own time per exchange.
    server_ms: Arc<std::sync::Mutex<Vec<f64>>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_server(data_dir: &std::path::Path) -> anyhow::Result<Server> {
    let binary = env!("CARGO_BIN_EXE_weka-server");
    let mut child = Command::new(binary)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("WEKA_ADMIN_PASSWORD", ADMIN_PASSWORD)
        .arg("--data-dir")
        .arg(data_dir)
        .args(["--api-listen", "127.0.0.1:0", "--s3-listen", "127.0.0.1:0"])
        .args(["--sts-listen", "127.0.0.1:0", "--log-format", "json"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot start {binary}"))?;
    let stderr = child.stderr.take().context("stderr")?;
    let (ready_tx, ready_rx) = mpsc::channel::<Value>();
    let server_ms = Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = server_ms.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            let Ok(event) = serde_json::from_str::<Value>(&line) else {
                continue;
            };
            match event["message"].as_str() {
                Some("weka-server ready") => {
                    let _ = ready_tx.send(event);
                }
                Some("AssumeRoleWithWebIdentity issued credentials") => {
                    if let (Some(ms), Ok(mut all)) = (event["ms"].as_f64(), sink.lock()) {
                        all.push(ms);
                    }
                }
                _ => {}
            }
        }
    });
    let ready = ready_rx
        .recv_timeout(Duration::from_secs(60))
        .context("weka-server did not become ready within 60 s")?;
    let url = |key: &str| ready[key].as_str().map(str::to_string).context("ready line");
    Ok(Server {
        api: url("api")?,
        sts: url("sts")?,
        child,
        server_ms,
    })
}

async fn rpc(
    http: &reqwest::Client,
    server: &Server,
    token: Option<&str>,
    method: &str,
    params: Value,
) -> anyhow::Result<Value> {
    let mut req = http
        .post(format!("{}/api/v1", server.api))
        .json(&json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let answer: Value = req.send().await?.json().await?;
    if let Some(error) = answer.get("error") {
        bail!("{method} failed: {error}");
    }
    Ok(answer["result"].clone())
}

/// Bare RS256 verifications per second of `token` on `threads` threads for `duration`.
fn verification_rate(token: &str, key: &DecodingKey, threads: usize, duration: Duration) -> f64 {
    let (message, signature) = token.rsplit_once('.').unwrap_or_default();
    let total = AtomicU64::new(0);
    let started = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                let mut n = 0u64;
                while started.elapsed() < duration {
                    for _ in 0..64 {
                        let ok = jsonwebtoken::crypto::verify(
                            signature,
                            message.as_bytes(),
                            key,
                            Algorithm::RS256,
                        )
                        .unwrap_or(false);
                        assert!(ok, "the benchmark token must verify");
                        n += 1;
                    }
                }
                total.fetch_add(n, Ordering::Relaxed);
            });
        }
    });
    total.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64()
}

struct Load {
    exchanges: usize,
    errors: usize,
    elapsed: Duration,
    latencies: Vec<Duration>,
}

/// `clients` concurrent clients exchanging `token` for `duration`, each on its own connection.
/// With `token` `None` they ask `GET /healthz` of the same listener instead: the rate of a bare
/// HTTP round trip through the same server, clients and connections.
async fn load(sts: &str, token: Option<&str>, clients: usize, duration: Duration) -> anyhow::Result<Load> {
    let healthz = token.is_none();
    let token = token.unwrap_or_default();
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("Action", "AssumeRoleWithWebIdentity"),
            ("Version", "2011-06-15"),
            ("RoleArn", ROLE_ARN),
            ("RoleSessionName", "bench"),
            ("WebIdentityToken", token),
        ])
        .finish();
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(clients);
    for _ in 0..clients {
        let http = reqwest::Client::builder()
            .pool_max_idle_per_host(1)
            .tcp_nodelay(true)
            .build()?;
        let url = if healthz {
            format!("{sts}/healthz")
        } else {
            format!("{sts}/")
        };
        let body = body.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0usize;
            while started.elapsed() < duration {
                let t0 = Instant::now();
                let request = if healthz {
                    http.get(&url)
                } else {
                    http.post(&url)
                        .header("content-type", "application/x-www-form-urlencoded; charset=utf-8")
                        .body(body.clone())
                };
                let ok = match request.send().await {
                    Ok(resp) => {
                        let status = resp.status();
                        let text = resp.text().await.unwrap_or_default();
                        status.is_success() && (healthz || text.contains("<SecretAccessKey>"))
                    }
                    Err(_) => false,
                };
                if ok {
                    latencies.push(t0.elapsed());
                } else {
                    errors += 1;
                }
            }
            (latencies, errors)
        }));
    }
    let mut all = Vec::new();
    let mut errors = 0;
    for task in tasks {
        let (latencies, e) = task.await?;
        all.extend(latencies);
        errors += e;
    }
    let elapsed = started.elapsed();
    all.sort_unstable();
    Ok(Load {
        exchanges: all.len(),
        errors,
        elapsed,
        latencies: all,
    })
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

async fn run(duration: Duration, clients: usize) -> anyhow::Result<()> {
    let idp = TestIdp::start_with(&[KeyKind::Rs256]).await;
    let tmp = tempfile::Builder::new()
        .prefix("sts-bench-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))?;
    let server = start_server(&tmp.path().join("data"))?;
    let http = reqwest::Client::new();
    let login = rpc(
        &http,
        &server,
        None,
        "user_login",
        json!({"username": "admin", "password": ADMIN_PASSWORD}),
    )
    .await?;
    let admin = login["access_token"]
        .as_str()
        .context("access token")?
        .to_string();
    rpc(
        &http,
        &server,
        Some(&admin),
        "s3_oidc_add",
        json!({"config_url": idp.config_url()}),
    )
    .await?;
    let policy = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]});
    rpc(
        &http,
        &server,
        Some(&admin),
        "s3_policy_add",
        json!({"name": "bench", "document": policy.to_string()}),
    )
    .await?;
    let mut claims = idp.claims("bench-client");
    claims["roles"] = json!(["bench"]);
    let token = idp.sign(&claims);

    // The ceiling: verifying the same token's signature, nothing else.
    let jwk: Jwk = serde_json::from_value(idp.jwks()["keys"][0].clone())?;
    let key = DecodingKey::from_jwk(&jwk)?;
    let verify_time = Duration::from_secs(2);
    let verified = token.clone();
    let (one, two) = tokio::task::spawn_blocking(move || {
        (
            verification_rate(&verified, &key, 1, verify_time),
            verification_rate(&verified, &key, 2, verify_time),
        )
    })
    .await?;

    // The same clients asking GET /healthz: what the HTTP round trip alone allows here.
    let bare_http = load(&server.sts, None, clients, Duration::from_secs(3)).await?;
    let http_rate = bare_http.exchanges as f64 / bare_http.elapsed.as_secs_f64();
    // One durable commit: a small write and fdatasync in the data directory.
    let commit = commit_latency(tmp.path(), 200)?;

    load(&server.sts, Some(&token), clients, Duration::from_secs(1)).await?; // warm-up
    let before = server.server_ms.lock().map(|v| v.len()).unwrap_or(0);
    let result = load(&server.sts, Some(&token), clients, duration).await?;
    let mut server_ms: Vec<f64> = server
        .server_ms
        .lock()
        .map(|v| v[before.min(v.len())..].to_vec())
        .unwrap_or_default();
    server_ms.sort_by(f64::total_cmp);
    let server_p50 = server_ms.get(server_ms.len() / 2).copied().unwrap_or(0.0);

    let rate = result.exchanges as f64 / result.elapsed.as_secs_f64();
    let p50 = percentile(&result.latencies, 0.50);
    let p99 = percentile(&result.latencies, 0.99);
    println!(
        "STS benchmark ({} CPUs, data directory {})",
        num_cpus(),
        tmp.path().display()
    );
    println!("  bare RS256 verification, 1 thread : {one:>9.0} /s");
    println!("  bare RS256 verification, 2 threads: {two:>9.0} /s  (the ceiling)");
    println!(
        "  GET /healthz, {clients} clients, {:.1} s   : {http_rate:>9.0} /s  (bare HTTP round trips, p50 {:.2} ms)",
        bare_http.elapsed.as_secs_f64(),
        ms(percentile(&bare_http.latencies, 0.50))
    );
    println!(
        "  durable commit (write + fdatasync)  : p50 {:.2} ms, p99 {:.2} ms",
        ms(percentile(&commit, 0.50)),
        ms(percentile(&commit, 0.99))
    );
    println!(
        "  STS exchanges, {clients} clients, {:.1} s : {rate:>9.0} /s  = {:.1}% of the ceiling, {:.1}% of 1 thread, {:.1}% of bare HTTP",
        result.elapsed.as_secs_f64(),
        rate / two * 100.0,
        rate / one * 100.0,
        rate / http_rate * 100.0
    );
    println!(
        "  latency p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; server time p50 {server_p50:.2} ms; {} exchanges, {} errors",
        ms(p50),
        ms(p99),
        ms(result.latencies.last().copied().unwrap_or_default()),
        result.exchanges,
        result.errors
    );
    let verdict_rate = rate >= two * 0.5;
    let verdict_p99 = p99 < Duration::from_millis(20);
    println!(
        "  targets: >= 50% of the ceiling: {}; p99 < 20 ms: {}",
        if verdict_rate { "met" } else { "MISSED" },
        if verdict_p99 { "met" } else { "MISSED" }
    );
    drop(server);
    Ok(())
}

/// Latencies of `n` durable commits of one small write (write, then fdatasync) in `dir`.
fn commit_latency(dir: &std::path::Path, n: usize) -> anyhow::Result<Vec<Duration>> {
    use std::io::Write;
    let path = dir.join("commit-probe");
    let mut f = std::fs::File::create(&path)?;
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let t = Instant::now();
        f.write_all(format!("{i:08}").as_bytes())?;
        f.sync_data()?;
        out.push(t.elapsed());
    }
    std::fs::remove_file(&path)?;
    out.sort_unstable();
    Ok(out)
}

fn num_cpus() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
}
