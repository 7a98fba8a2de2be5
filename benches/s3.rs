//! Throughput of the S3 gateway against a release-built `weka-server`.
//!
//! Run: `cargo bench --bench s3` (both parts), `cargo bench --bench s3 -- small` or `-- large`.
//! `cargo test` does not run it; built as a test (`--all-targets`) it only prints how to run it.
//!
//! 1. **Small objects**: PUT, then GET, of 4 KiB objects by 16 concurrent clients (aws-sigv4
//!    signed, keep-alive connections), reporting ops/s, p50 and p99, against a baseline measured
//!    in the same run: the same requests (session token header included) to the same
//!    `S3Backend` and `FsStorage` behind s3s with `SimpleAuth` and an allow-all access hook
//!    (the token is not looked at, no credential lookup, no IAM evaluation), served the same way
//!    (axum-server, TCP_NODELAY, the idle-timeout layer) by a child process of this benchmark.
//!    The difference is the cost of the gateway's checks (session lookup and token, policy
//!    evaluation). Besides throughput it reports each server's CPU time per request, which
//!    the other users of a shared machine disturb less than throughput, and the checks' own
//!    cost per request, timed in this process on the server's database.
//! 2. **Large object**: a 1 GiB PUT (`UNSIGNED-PAYLOAD`, sent in 1 MiB slices of the source
//!    file read into memory beforehand) and GET (body discarded) over HTTP/1.1 with hyper,
//!    against `std::fs::copy` of the same file plus `fsync`, on the same file system, in the
//!    same run.
//!
//! The machine is shared, so each part runs several rounds alternating the two sides (for the
//! small objects, which side goes first alternates too) and reports every round and the
//! median.

#[path = "../tests/common/mod.rs"]
mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use common::s3::{Creds, Gateway, Sign, Token};
use http_body_util::{BodyExt, StreamBody};
use hyper::body::Frame;
use serde_json::json;

const BASELINE_ENV: &str = "WEKA_BENCH_BASELINE_DATA_DIR";
const BASELINE_ACCESS_KEY: &str = "BASELINEACCESSKEY000";
const BASELINE_SECRET_KEY: &str = "baseline-secret-key-for-the-benchmark-only";
const BUCKET: &str = "bench";
const CLIENTS: usize = 16;
const SMALL: usize = 4096;
const SMALL_OPS_PER_CLIENT: usize = 250;
const SMALL_ROUNDS: usize = 9;
const LARGE: u64 = 1 << 30;
const LARGE_ROUNDS: usize = 5;
const CHUNK: usize = 1 << 20;

fn main() {
    if let Some(dir) = std::env::var_os(BASELINE_ENV) {
        baseline_server(PathBuf::from(dir));
        return;
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    if !args.iter().any(|a| a == "--bench") {
        println!("s3 benchmarks: run them with `cargo bench --bench s3` (skipped under cargo test)");
        return;
    }
    let wanted = |part: &str| {
        let filters: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
        filters.is_empty() || filters.iter().any(|f| part.contains(f.as_str()))
    };
    let g = Gateway::start();
    g.policy(
        "bench",
        json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["s3:ListBucket"], "Resource": [format!("arn:aws:s3:::{BUCKET}")]},
            {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
             "Resource": [format!("arn:aws:s3:::{BUCKET}/*")]},
            {"Effect": "Deny", "Action": ["s3:DeleteObject"], "Resource": [format!("arn:aws:s3:::{BUCKET}/keep/*")]}
        ]}),
    );
    g.bucket(BUCKET);
    let creds = g.creds("bench", &["bench"]);
    let gateway = Target {
        name: "gateway",
        addr: g.server.s3,
        creds,
        token: Token::Own,
        pid: g.server.pid().expect("server pid"),
    };
    println!("weka-server: {}", env!("CARGO_BIN_EXE_weka-server"));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    if wanted("small") {
        let baseline = BaselineServer::start();
        let baseline_target = Target {
            name: "baseline",
            addr: baseline.addr,
            creds: Creds {
                access_key: BASELINE_ACCESS_KEY.into(),
                secret_key: BASELINE_SECRET_KEY.into(),
                session_token: String::new(),
                expiration: String::new(),
            },
            // The same requests: the baseline ignores the session token, but it still
            // receives, parses and checks the signature of the header that carries it.
            token: Token::Other(gateway.creds.session_token.clone()),
            pid: baseline.child.id(),
        };
        let gateway_cpu_per_get = runtime.block_on(small_objects(&baseline_target, &gateway));
        checks_in_process(&g.server.data_dir, &gateway.creds, gateway_cpu_per_get);
    }
    if wanted("large") {
        let dir = g.server.data_dir.parent().expect("data dir parent").join("large");
        std::fs::create_dir_all(&dir).expect("mkdir");
        runtime.block_on(large_object(&gateway, &dir));
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// Where requests go and how they are signed.
struct Target {
    name: &'static str,
    addr: SocketAddr,
    creds: Creds,
    token: Token,
    /// The server process, for its CPU time.
    pid: u32,
}

impl Target {
    fn sign(&self, sign: Sign) -> http::Request<Vec<u8>> {
        let url = format!("http://{}/{}", self.addr, sign.path);
        sign.token(self.token.clone()).sign(&self.creds, &url)
    }
}

// ----- small objects -----

struct Phase {
    ops: usize,
    elapsed: Duration,
    latencies: Vec<Duration>,
    /// CPU time the server process used during the phase.
    server_cpu: Duration,
}

impl Phase {
    fn ops_per_sec(&self) -> f64 {
        self.ops as f64 / self.elapsed.as_secs_f64()
    }

    fn percentile(&self, p: f64) -> Duration {
        let mut l = self.latencies.clone();
        l.sort();
        let i = ((l.len() as f64 * p).ceil() as usize).clamp(1, l.len()) - 1;
        l[i]
    }

    fn cpu_per_op_us(&self) -> f64 {
        self.server_cpu.as_secs_f64() * 1e6 / self.ops as f64
    }

    fn line(&self, what: &str) -> String {
        format!(
            "{what:<16} {:>9.0} ops/s   p50 {:>7.2} ms   p99 {:>7.2} ms   server CPU {:>6.0} us/op",
            self.ops_per_sec(),
            self.percentile(0.50).as_secs_f64() * 1e3,
            self.percentile(0.99).as_secs_f64() * 1e3,
            self.cpu_per_op_us()
        )
    }
}

async fn run_phase(client: &reqwest::Client, target: &Arc<Target>, method: &str, round: usize) -> Phase {
    let body = Arc::new(vec![b'x'; SMALL]);
    let cpu_before = cpu_time(target.pid);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..CLIENTS {
        let (client, target, body, method) =
            (client.clone(), target.clone(), body.clone(), method.to_string());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::with_capacity(SMALL_OPS_PER_CLIENT);
            for i in 0..SMALL_OPS_PER_CLIENT {
                let path = format!("{BUCKET}/r{round}/c{c}/o{i}");
                let sign = if method == "PUT" {
                    Sign::put(&path, body.as_slice())
                } else {
                    Sign::get(&path)
                };
                let t = Instant::now();
                let req = target.sign(sign);
                let (parts, body) = req.into_parts();
                let resp = client
                    .request(parts.method, parts.uri.to_string())
                    .headers(parts.headers)
                    .body(body)
                    .send()
                    .await
                    .expect("request");
                let status = resp.status();
                let bytes = resp.bytes().await.expect("body");
                assert!(
                    status.is_success(),
                    "{} {method} {path}: {status} {bytes:?}",
                    target.name
                );
                if method == "GET" {
                    assert_eq!(bytes.len(), SMALL);
                }
                latencies.push(t.elapsed());
            }
            latencies
        }));
    }
    let mut latencies = Vec::new();
    for t in tasks {
        latencies.extend(t.await.expect("client task"));
    }
    let elapsed = started.elapsed();
    Phase {
        ops: latencies.len(),
        elapsed,
        latencies,
        server_cpu: cpu_time(target.pid).saturating_sub(cpu_before),
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Returns the gateway's median server CPU time per GET, in microseconds.
async fn small_objects(baseline: &Target, gateway: &Target) -> f64 {
    println!(
        "\n== small objects: {SMALL} B PUT then GET, {CLIENTS} concurrent clients, {} requests per phase ==",
        CLIENTS * SMALL_OPS_PER_CLIENT
    );
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(CLIENTS)
        .tcp_nodelay(true)
        .build()
        .expect("client");
    let targets = [Arc::new(clone_target(baseline)), Arc::new(clone_target(gateway))];
    // Warm up: connections, caches.
    for t in &targets {
        run_phase(&client, t, "PUT", 99).await;
        run_phase(&client, t, "GET", 99).await;
    }
    let mut ratios_put = Vec::new();
    let mut ratios_get = Vec::new();
    let mut all: Vec<[Phase; 4]> = Vec::new();
    for round in 0..SMALL_ROUNDS {
        // Which side goes first alternates, so that neither always follows the other's
        // after-effects (journal commits, a warmer cache).
        let (bp, gp, bg, gg) = if round % 2 == 0 {
            let bp = run_phase(&client, &targets[0], "PUT", round).await;
            let gp = run_phase(&client, &targets[1], "PUT", round).await;
            let bg = run_phase(&client, &targets[0], "GET", round).await;
            let gg = run_phase(&client, &targets[1], "GET", round).await;
            (bp, gp, bg, gg)
        } else {
            let gp = run_phase(&client, &targets[1], "PUT", round).await;
            let bp = run_phase(&client, &targets[0], "PUT", round).await;
            let gg = run_phase(&client, &targets[1], "GET", round).await;
            let bg = run_phase(&client, &targets[0], "GET", round).await;
            (bp, gp, bg, gg)
        };
        println!("round {}", round + 1);
        println!("  {}", bp.line("baseline PUT"));
        println!("  {}", gp.line("gateway PUT"));
        println!("  {}", bg.line("baseline GET"));
        println!("  {}", gg.line("gateway GET"));
        ratios_put.push(gp.ops_per_sec() / bp.ops_per_sec());
        ratios_get.push(gg.ops_per_sec() / bg.ops_per_sec());
        all.push([bp, gp, bg, gg]);
    }
    let med = |i: usize| median(all.iter().map(|r| r[i].ops_per_sec()).collect());
    let cpu = |i: usize| median(all.iter().map(|r| r[i].cpu_per_op_us()).collect());
    let (rp, rg) = (median(ratios_put), median(ratios_get));
    println!("median over {SMALL_ROUNDS} rounds:");
    for (what, b, g, r) in [("PUT", 0, 1, rp), ("GET", 2, 3, rg)] {
        println!(
            "  {what}: baseline {:.0} ops/s, gateway {:.0} ops/s: gateway/baseline {:.3} (checks cost {:.1}%); \
             server CPU per request {:.0} us vs {:.0} us (+{:.0} us)",
            med(b),
            med(g),
            r,
            (1.0 - r) * 100.0,
            cpu(b),
            cpu(g),
            cpu(g) - cpu(b)
        );
    }
    println!("  target: checks cost under 10% of small-object throughput");
    cpu(3)
}

/// The gateway's checks alone, in this process, on the running server's own database and key:
/// the same `AuthzCache::authorize` that `PolicyAccess` runs for every request, for a GET of
/// an object with the benchmark's credential. Their cost per request does not depend on the
/// load generator sharing the machine, unlike throughput.
fn checks_in_process(data_dir: &Path, creds: &Creds, gateway_cpu_per_get_us: f64) {
    use weka::server::gateway::authz::{AccessRequest, AuthzCache, ClientInfo};
    const CALLS: u32 = 200_000;
    let store =
        weka::server::store::Store::open(&data_dir.join("weka.db")).expect("open the server's database");
    let key = weka::server::secrets::ServerKey::load_or_create(data_dir).expect("server key");
    let cache = AuthzCache::new(store, key);
    let path = s3s::path::S3Path::Object {
        bucket: BUCKET.into(),
        key: "r0/c0/o0".into(),
    };
    let request = AccessRequest {
        access_key: &creds.access_key,
        session_token: Some(&creds.session_token),
        client: ClientInfo {
            ip: std::net::Ipv4Addr::LOCALHOST.into(),
            secure: false,
        },
        op: "GetObject",
        query: None,
        path: &path,
    };
    cache.authorize(&request).expect("the benchmark's GET is allowed");
    let mut per_call = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        for _ in 0..CALLS {
            std::hint::black_box(cache.authorize(std::hint::black_box(&request)).is_ok());
        }
        per_call.push(t.elapsed().as_secs_f64() * 1e6 / f64::from(CALLS));
    }
    let us = median(per_call);
    println!(
        "  checks in process (credential, session token, policies, evaluation): {us:.2} us per GET, \
         {:.1}% of the gateway's {gateway_cpu_per_get_us:.0} us of server CPU per GET",
        us / gateway_cpu_per_get_us * 100.0
    );
}

fn clone_target(t: &Target) -> Target {
    Target {
        name: t.name,
        addr: t.addr,
        creds: t.creds.clone(),
        token: t.token.clone(),
        pid: t.pid,
    }
}

/// User and system CPU time of a process, all threads, from `/proc/<pid>/stat` (in clock
/// ticks of 1/100 s, Linux's USER_HZ).
fn cpu_time(pid: u32) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the parenthesized command name; utime and stime are fields 14 and 15.
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<u64>().ok()).unwrap_or(0);
    Duration::from_millis((ticks(11) + ticks(12)) * 10)
}

// ----- large object -----

fn write_source(path: &Path) {
    let mut f = std::fs::File::create(path).expect("create source");
    let mut block = vec![0u8; CHUNK];
    for i in 0..(LARGE as usize / CHUNK) {
        for (j, b) in block.iter_mut().enumerate() {
            *b = (i * 31 + j * 7) as u8;
        }
        f.write_all(&block).expect("write source");
    }
    f.sync_all().expect("fsync source");
}

fn file_copy(src: &Path, dst: &Path) -> Duration {
    let _ = std::fs::remove_file(dst);
    let t = Instant::now();
    std::fs::copy(src, dst).expect("copy");
    std::fs::File::open(dst)
        .expect("open copy")
        .sync_all()
        .expect("fsync copy");
    t.elapsed()
}

async fn connect(
    addr: SocketAddr,
) -> hyper::client::conn::http1::SendRequest<http_body_util::combinators::UnsyncBoxBody<Bytes, std::io::Error>>
{
    let stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    stream.set_nodelay(true).expect("nodelay");
    let (sender, conn) = hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
        .await
        .expect("handshake");
    tokio::spawn(conn);
    sender
}

fn to_hyper(
    target: &Target,
    req: http::Request<Vec<u8>>,
    body: http_body_util::combinators::UnsyncBoxBody<Bytes, std::io::Error>,
) -> http::Request<http_body_util::combinators::UnsyncBoxBody<Bytes, std::io::Error>> {
    let (mut parts, _) = req.into_parts();
    parts
        .headers
        .insert("host", target.addr.to_string().parse().expect("host"));
    parts.uri = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/")
        .parse()
        .expect("uri");
    http::Request::from_parts(parts, body)
}

/// PUTs `data` (the source file, read into memory before the clock starts: the load
/// generator shares the two cores with the server, so it sends slices of one buffer rather
/// than reading and copying the file as it goes).
async fn put_large(target: &Target, data: &Bytes, key: &str) -> Duration {
    let t = Instant::now();
    let chunks: Vec<Result<Frame<Bytes>, std::io::Error>> = (0..data.len())
        .step_by(CHUNK)
        .map(|at| Ok(Frame::data(data.slice(at..(at + CHUNK).min(data.len())))))
        .collect();
    let body = StreamBody::new(futures::stream::iter(chunks)).boxed_unsync();
    let req = target.sign(
        Sign::new("PUT", &format!("{BUCKET}/{key}"))
            .header("content-length", &LARGE.to_string())
            .unsigned_payload(),
    );
    let mut sender = connect(target.addr).await;
    let resp = sender
        .send_request(to_hyper(target, req, body))
        .await
        .expect("PUT");
    let status = resp.status();
    let text = resp.into_body().collect().await.expect("PUT answer").to_bytes();
    assert!(status.is_success(), "PUT: {status} {text:?}");
    t.elapsed()
}

/// Sends a request without a body on a new connection; panics unless it succeeds.
async fn send_bodiless(target: &Target, sign: Sign, what: &str) -> hyper::Response<hyper::body::Incoming> {
    let req = target.sign(sign);
    let empty = http_body_util::Empty::<Bytes>::new()
        .map_err(|never| match never {})
        .boxed_unsync();
    let mut sender = connect(target.addr).await;
    let resp = sender
        .send_request(to_hyper(target, req, empty))
        .await
        .expect(what);
    assert!(resp.status().is_success(), "{what}: {}", resp.status());
    resp
}

async fn get_large(target: &Target, key: &str) -> Duration {
    let t = Instant::now();
    let resp = send_bodiless(target, Sign::get(&format!("{BUCKET}/{key}")), "GET").await;
    let mut body = resp.into_body();
    let mut n = 0u64;
    while let Some(frame) = body.frame().await {
        if let Ok(data) = frame.expect("GET body").into_data() {
            n += data.len() as u64;
        }
    }
    assert_eq!(n, LARGE, "GET returned the whole object");
    t.elapsed()
}

async fn delete_large(target: &Target, key: &str) {
    send_bodiless(target, Sign::new("DELETE", &format!("{BUCKET}/{key}")), "DELETE").await;
}

async fn large_object(gateway: &Target, dir: &Path) {
    println!(
        "\n== large object: 1 GiB, one connection, in {} ==",
        dir.display()
    );
    let src = dir.join("source.bin");
    write_source(&src);
    let mib_s = |d: Duration| LARGE as f64 / (1 << 20) as f64 / d.as_secs_f64();
    let mut put_ratios = Vec::new();
    let mut get_ratios = Vec::new();
    let data = Bytes::from(std::fs::read(&src).expect("read the source file"));
    for round in 0..LARGE_ROUNDS {
        // Each side writes a new file and removes it after, and which goes first alternates,
        // so neither pays alone for the other's unlinking or writeback.
        let key = format!("large-{round}.bin");
        let copy_once = || {
            let copy = file_copy(&src, &dir.join("copy.bin"));
            let _ = std::fs::remove_file(dir.join("copy.bin"));
            copy
        };
        let (copy, put, get) = if round % 2 == 0 {
            let copy = copy_once();
            let put = put_large(gateway, &data, &key).await;
            let get = get_large(gateway, &key).await;
            delete_large(gateway, &key).await;
            (copy, put, get)
        } else {
            let put = put_large(gateway, &data, &key).await;
            let get = get_large(gateway, &key).await;
            delete_large(gateway, &key).await;
            (copy_once(), put, get)
        };
        println!(
            "round {}: file copy+fsync {:>6.0} MiB/s   PUT {:>6.0} MiB/s ({:.2} of copy)   GET {:>6.0} MiB/s ({:.2} of copy)",
            round + 1,
            mib_s(copy),
            mib_s(put),
            copy.as_secs_f64() / put.as_secs_f64(),
            mib_s(get),
            copy.as_secs_f64() / get.as_secs_f64(),
        );
        put_ratios.push(copy.as_secs_f64() / put.as_secs_f64());
        get_ratios.push(copy.as_secs_f64() / get.as_secs_f64());
    }
    println!(
        "median: PUT {:.2} of the file copy, GET {:.2} of the file copy (target: at least 0.70)",
        median(put_ratios),
        median(get_ratios)
    );
}

// ----- the baseline server -----

/// The baseline in a child process (this benchmark binary again), so that it and the real
/// gateway both run in their own process.
struct BaselineServer {
    child: Child,
    addr: SocketAddr,
    _dir: tempfile::TempDir,
}

impl BaselineServer {
    fn start() -> BaselineServer {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut child = Command::new(std::env::current_exe().expect("current exe"))
            .env(BASELINE_ENV, dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the baseline server");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("baseline address");
        let addr = line
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("baseline printed {line:?}"));
        BaselineServer {
            child,
            addr,
            _dir: dir,
        }
    }
}

impl Drop for BaselineServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct AllowAll;

#[async_trait::async_trait]
impl s3s::access::S3Access for AllowAll {
    async fn check(&self, cx: &mut s3s::access::S3AccessContext<'_>) -> s3s::S3Result<()> {
        match cx.credentials() {
            Some(_) => Ok(()),
            None => Err(s3s::s3_error!(AccessDenied)),
        }
    }
}

fn baseline_server(dir: PathBuf) {
    use weka::server::s3::{FsStorage, S3Backend};
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async move {
        let storage = FsStorage::open(dir.join("objects")).await.expect("storage");
        storage.create_bucket(BUCKET).await.expect("bucket");
        let mut builder = s3s::service::S3ServiceBuilder::new(S3Backend::new(storage));
        builder.set_auth(s3s::auth::SimpleAuth::from_single(
            BASELINE_ACCESS_KEY,
            BASELINE_SECRET_KEY,
        ));
        builder.set_access(AllowAll);
        let s3 = builder.build();
        // Served like the gateway: the same idle-timeout layer and acceptor.
        let app = axum::Router::new().fallback(move |req: axum::extract::Request| {
            let s3 = s3.clone();
            async move {
                use axum::response::IntoResponse;
                match s3.call(req.map(s3s::Body::http_body_unsync)).await {
                    Ok(resp) => resp.map(axum::body::Body::new),
                    Err(_) => axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response(),
                }
            }
        });
        let app = app.layer(axum::middleware::map_request_with_state(
            Duration::from_secs(60),
            weka::server::timeout::idle_body,
        ));
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        println!("{}", listener.local_addr().expect("address"));
        let _ = std::io::stdout().flush();
        // Stop when the benchmark goes away (stdin closes).
        std::thread::spawn(|| {
            let mut sink = String::new();
            let _ = std::io::stdin().read_line(&mut sink);
            std::process::exit(0);
        });
        let mut server = axum_server::from_tcp(listener)
            .expect("listener")
            .acceptor(axum_server::accept::NoDelayAcceptor::new());
        server
            .http_builder()
            .http1()
            .header_read_timeout(Duration::from_secs(60));
        server
            .serve(app.into_make_service_with_connect_info::<SocketAddr>())
            .await
            .expect("serve");
    });
}
