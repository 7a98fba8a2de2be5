//! The background routine that deletes expired temporary credentials and login sessions.

use std::sync::Arc;

use super::state::AppState;
use super::store::{credentials, now_unix, sessions};

/// Runs one pass; returns (credentials, sessions) deleted.
pub async fn run_once(state: &AppState) -> anyhow::Result<(usize, usize)> {
    let now = now_unix();
    let counts = state
        .store
        .write_async(move |tx| {
            Ok((
                credentials::delete_expired(tx, now)?,
                sessions::delete_expired(tx, now)?,
            ))
        })
        .await?;
    Ok(counts)
}

pub fn spawn(state: Arc<AppState>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(state.config.cleanup_interval);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match run_once(&state).await {
                Ok((0, 0)) => {}
                Ok((creds, logins)) => {
                    tracing::info!(
                        temporary_credentials = creds,
                        login_sessions = logins,
                        "deleted expired entries"
                    )
                }
                Err(e) => tracing::warn!(error = %e, "cleanup failed; will retry"),
            }
        }
    })
}
