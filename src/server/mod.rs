//! `weka-server`: the management API, the STS endpoint and the S3 gateway.

pub mod auth;
pub mod bootstrap;
pub mod cleanup;
pub mod config;
pub mod gateway;
pub mod iam;
pub mod oidc;
pub mod provider;
pub mod rpc;
pub mod s3;
pub mod secrets;
pub mod state;
pub mod store;
pub mod sts;
pub mod timeout;
pub mod tls;

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use axum_server::Handle;
use axum_server::accept::NoDelayAcceptor;
use axum_server::tls_rustls::{RustlsAcceptor, RustlsConfig};
use clap::Parser;

use self::config::{Config, LogFormat, ServerArgs};
use self::state::AppState;

/// How long connections may take to finish after a shutdown signal.
const GRACE: Duration = Duration::from_secs(10);

pub fn run() -> ExitCode {
    let args = ServerArgs::parse();
    let config = match Config::resolve(args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("Error: {e:#}");
            return ExitCode::from(2);
        }
    };
    init_logging(&config);
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("Error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(serve(config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %format!("{e:#}"), "weka-server stopped");
            eprintln!("Error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging(config: &Config) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_new(&config.log).unwrap_or_else(|_| EnvFilter::new("info"));
    use std::io::IsTerminal;
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal());
    let _ = match config.log_format {
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
        LogFormat::Text => builder.try_init(),
    };
}

async fn serve(config: Config) -> anyhow::Result<()> {
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    tls::create_private_dir(&config.data_dir)
        .with_context(|| format!("cannot use the data directory {}", config.data_dir.display()))?;
    let store = store::Store::open(&config.database_path())
        .with_context(|| format!("cannot open the database {}", config.database_path().display()))?;
    bootstrap::first_start(&store, &config.data_dir)?;
    let key = secrets::ServerKey::load_or_create(&config.data_dir)?;
    let tls = tls::load(&config).await?;
    let http = reqwest::Client::builder()
        .timeout(config.oidc_timeout)
        .connect_timeout(config.oidc_timeout)
        .redirect(reqwest::redirect::Policy::limited(3))
        .user_agent(concat!("weka-server/", env!("CARGO_PKG_VERSION")))
        .build()
        .context("cannot build the HTTP client")?;

    let oidc = provider::OidcRuntime::new(store.clone(), http.clone(), config.clone());
    if let Some(row) = store.read(store::oidc::get)? {
        tracing::info!(config_url = %row.config_url, issuer = %row.issuer, "OIDC provider loaded");
        oidc.activate(row);
    }
    let authz = Arc::new(gateway::authz::AuthzCache::new(store.clone(), key.clone()));
    let objects = config.data_dir.join("objects");
    let storage = s3::FsStorage::open(&objects)
        .await
        .with_context(|| format!("cannot use the object directory {}", objects.display()))?;
    let state = Arc::new(AppState {
        config: config.clone(),
        store,
        key,
        http,
        oidc,
        authz,
        storage,
    });

    let handle: Handle<SocketAddr> = Handle::new();
    let mut servers = tokio::task::JoinSet::new();
    let api = bind(config.api_listen, "--api-listen")?;
    let s3 = bind(config.s3_listen, "--s3-listen")?;
    let sts = config.sts_listen.map(|a| bind(a, "--sts-listen")).transpose()?;
    let (api_addr, s3_addr) = (api.local_addr()?, s3.local_addr()?);
    let sts_addr = sts.as_ref().map(|l| l.local_addr()).transpose()?;

    let idle = config.idle_timeout;
    servers.spawn(serve_listener(
        api,
        rpc::router(state.clone()),
        tls.clone(),
        handle.clone(),
        idle,
    ));
    servers.spawn(serve_listener(
        s3,
        gateway::router(state.clone(), gateway::Surface::S3AndSts),
        tls.clone(),
        handle.clone(),
        idle,
    ));
    if let Some(l) = sts {
        servers.spawn(serve_listener(
            l,
            gateway::router(state.clone(), gateway::Surface::StsOnly),
            tls.clone(),
            handle.clone(),
            idle,
        ));
    }
    let background = cleanup::spawn(state.clone());

    let scheme = if tls.is_some() { "https" } else { "http" };
    tracing::info!(
        api = %format!("{scheme}://{api_addr}"),
        s3 = %format!("{scheme}://{s3_addr}"),
        sts = %sts_addr.map(|a| format!("{scheme}://{a}")).unwrap_or_else(|| format!("{scheme}://{s3_addr}")),
        data_dir = %config.data_dir.display(),
        "weka-server ready"
    );

    tokio::select! {
        _ = shutdown_signal() => {
            tracing::info!("shutting down: finishing open requests");
            handle.graceful_shutdown(Some(GRACE));
        }
        Some(res) = servers.join_next() => {
            handle.shutdown();
            background.abort();
            return match res {
                Ok(Ok(())) => Err(anyhow::anyhow!("a listener stopped unexpectedly")),
                Ok(Err(e)) => Err(e),
                Err(e) => Err(anyhow::anyhow!("a listener failed: {e}")),
            };
        }
    }
    while let Some(res) = servers.join_next().await {
        if let Ok(Err(e)) = res {
            tracing::warn!(error = %e, "listener ended with an error");
        }
    }
    background.abort();
    tracing::info!("weka-server stopped");
    Ok(())
}

fn bind(addr: SocketAddr, flag: &str) -> anyhow::Result<std::net::TcpListener> {
    let l = std::net::TcpListener::bind(addr).with_context(|| {
        format!("cannot listen on {addr} ({flag}); is another weka-server running? choose another address with {flag}")
    })?;
    l.set_nonblocking(true)?;
    Ok(l)
}

async fn serve_listener(
    listener: std::net::TcpListener,
    app: Router,
    tls: Option<RustlsConfig>,
    handle: Handle<SocketAddr>,
    idle: Duration,
) -> anyhow::Result<()> {
    // Request bodies: see `timeout`. Headers: hyper closes the connection when they do not
    // arrive within `idle`, which also ends idle keep-alive connections.
    let app = app.layer(axum::middleware::map_request_with_state(idle, timeout::idle_body));
    let make = app.into_make_service_with_connect_info::<SocketAddr>();
    match tls {
        Some(tls) => {
            let mut server = axum_server::from_tcp(listener)?
                .acceptor(RustlsAcceptor::new(tls).acceptor(NoDelayAcceptor::new()))
                .handle(handle);
            server.http_builder().http1().header_read_timeout(idle);
            server.serve(make).await?
        }
        None => {
            let mut server = axum_server::from_tcp(listener)?
                .acceptor(NoDelayAcceptor::new())
                .handle(handle);
            server.http_builder().http1().header_read_timeout(idle);
            server.serve(make).await?
        }
    }
    Ok(())
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = match signal(SignalKind::terminate()) {
            Ok(s) => s,
            Err(_) => return std::future::pending().await,
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
