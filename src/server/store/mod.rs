//! The embedded database: SQLite in WAL mode with `synchronous=FULL`, so an acknowledged write
//! survives a crash or a power cut, and several processes may open the same data directory.
//!
//! One writer connection (writes are serialized in this process; SQLite serializes them across
//! processes) and a few reader connections. Schema migrations live in code, keyed by
//! `PRAGMA user_version`. Frequent small writes (temporary credentials) can share one commit
//! and one fsync with the writes queued meanwhile ([`Store::write_grouped`]).

pub mod credentials;
pub mod oidc;
pub mod policies;
pub mod sessions;
pub mod users;

use std::path::Path;
use std::sync::atomic::{AtomicI64, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, Weak, mpsc};
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::api::ApiError;

/// A database failure or a domain error raised inside a transaction.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error(transparent)]
    Api(#[from] ApiError),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    /// A grouped commit failed; every write of the group gets this.
    #[error("the database commit failed: {0}")]
    Commit(String),
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            StoreError::Api(e) => e,
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, _))
                if matches!(
                    f.code,
                    rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                ) =>
            {
                ApiError::new(
                    crate::api::ErrorCode::Unavailable,
                    "the database is busy; try again",
                )
            }
            other => {
                tracing::error!(error = %other, "store failure");
                ApiError::internal("the server's database failed; see the server log")
            }
        }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

const READERS: usize = 4;

/// One write of a grouped commit: runs inside the shared transaction.
type GroupedFn = Box<dyn FnOnce(&Transaction<'_>) -> StoreResult<()> + Send>;

/// A write queued for a grouped commit, and where to report its outcome.
struct GroupedWrite {
    write: GroupedFn,
    done: tokio::sync::oneshot::Sender<StoreResult<()>>,
}

/// Most writes one grouped commit takes.
const MAX_GROUP: usize = 512;

struct Inner {
    writer: Mutex<Connection>,
    /// The queue of the grouped-commit thread, started on first use.
    group: OnceLock<mpsc::Sender<GroupedWrite>>,
    /// Never writes: its `data_version` moves with every commit of any other connection.
    watch: Mutex<Connection>,
    readers: Vec<Mutex<Connection>>,
    next_reader: AtomicUsize,
    /// Moves after every commit of this process (see [`Store::change_mark`]).
    generation: AtomicU64,
    /// The `data_version` last polled, and when (milliseconds since `opened`, plus one; zero
    /// means never).
    external: AtomicI64,
    polled_at: AtomicU64,
    opened: Instant,
}

/// How often [`Store::change_mark`] asks SQLite whether another process committed.
pub const EXTERNAL_POLL: Duration = Duration::from_millis(100);

/// A point in the store's history, for caches: two equal marks mean no commit happened in
/// between, as far as [`Store::change_mark`] can tell (see there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChangeMark {
    local: u64,
    external: i64,
}

/// Handle to the database; cheap to clone.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

/// The schema, one entry per version. Never edit a released entry: add a new one.
const MIGRATIONS: &[&str] = &[
    // 1: the first schema.
    r#"
    CREATE TABLE users (
        username      TEXT PRIMARY KEY,
        role          TEXT NOT NULL CHECK (role IN ('ClusterAdmin', 'ReadOnly')),
        password_hash TEXT NOT NULL,
        created_at    INTEGER NOT NULL,
        updated_at    INTEGER NOT NULL
    ) STRICT;

    -- Login tokens are stored as SHA-256 digests, never in clear.
    CREATE TABLE login_sessions (
        token_hash   TEXT PRIMARY KEY,
        kind         TEXT NOT NULL CHECK (kind IN ('access', 'refresh')),
        username     TEXT NOT NULL REFERENCES users(username) ON DELETE CASCADE,
        refresh_hash TEXT,
        created_at   INTEGER NOT NULL,
        expires_at   INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX login_sessions_expiry ON login_sessions(expires_at);
    CREATE INDEX login_sessions_refresh ON login_sessions(refresh_hash);

    CREATE TABLE oidc_provider (
        id              INTEGER PRIMARY KEY CHECK (id = 1),
        config_url      TEXT NOT NULL,
        claim_name      TEXT NOT NULL,
        user_claim      TEXT NOT NULL,
        audiences       TEXT NOT NULL,
        issuer          TEXT NOT NULL,
        jwks_uri        TEXT NOT NULL,
        signing_algs    TEXT NOT NULL,
        discovery       TEXT NOT NULL,
        jwks            TEXT NOT NULL,
        jwks_fetched_at INTEGER NOT NULL,
        created_at      INTEGER NOT NULL,
        updated_at      INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE policies (
        name       TEXT PRIMARY KEY,
        document   TEXT NOT NULL,
        statements INTEGER NOT NULL,
        builtin    INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE policy_attachments (
        policy     TEXT NOT NULL REFERENCES policies(name) ON DELETE CASCADE,
        identity   TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (policy, identity)
    ) STRICT;
    CREATE INDEX policy_attachments_identity ON policy_attachments(identity);

    -- Temporary credentials issued by the STS. The secret key is derived from the server key
    -- and the access key; the session token is stored as a SHA-256 digest.
    CREATE TABLE temporary_credentials (
        access_key         TEXT PRIMARY KEY,
        session_token_hash TEXT NOT NULL,
        subject            TEXT NOT NULL,
        identity           TEXT,
        issuer             TEXT NOT NULL,
        audience           TEXT NOT NULL,
        session_name       TEXT NOT NULL,
        role_arn           TEXT NOT NULL,
        policies           TEXT NOT NULL,
        session_policy     TEXT,
        claims             TEXT NOT NULL,
        created_at         INTEGER NOT NULL,
        expires_at         INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX temporary_credentials_expiry ON temporary_credentials(expires_at);
    CREATE INDEX temporary_credentials_subject ON temporary_credentials(subject);
    "#,
];

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(Duration::from_secs(10))?;
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA trusted_schema = OFF;",
    )?;
    Ok(())
}

impl Store {
    /// Opens (creating if needed) the database and brings its schema up to date.
    pub fn open(path: &Path) -> anyhow::Result<Store> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut writer = Connection::open_with_flags(path, flags)?;
        configure(&writer)?;
        migrate(&mut writer)?;
        let mut readers = Vec::with_capacity(READERS);
        for _ in 0..READERS {
            let r = Connection::open_with_flags(path, flags)?;
            configure(&r)?;
            r.execute_batch("PRAGMA query_only = ON;")?;
            readers.push(Mutex::new(r));
        }
        let watch = Connection::open_with_flags(path, flags)?;
        configure(&watch)?;
        restrict_permissions(path);
        Ok(Store {
            inner: Arc::new(Inner {
                writer: Mutex::new(writer),
                watch: Mutex::new(watch),
                readers,
                next_reader: AtomicUsize::new(0),
                group: OnceLock::new(),
                generation: AtomicU64::new(0),
                external: AtomicI64::new(0),
                polled_at: AtomicU64::new(0),
                opened: Instant::now(),
            }),
        })
    }

    fn reader(&self) -> MutexGuard<'_, Connection> {
        // Try each reader once without waiting, then wait on the next in turn.
        let n = self.inner.readers.len();
        let start = self.inner.next_reader.fetch_add(1, Ordering::Relaxed);
        for i in 0..n {
            if let Ok(guard) = self.inner.readers[(start + i) % n].try_lock() {
                return guard;
            }
        }
        lock(&self.inner.readers[start % n])
    }

    /// A number that changes whenever anything (this process or another) commits a write.
    /// Caches tag what they read with it and trust an entry only while it is unchanged.
    pub fn data_version(&self) -> StoreResult<i64> {
        query_data_version(&lock(&self.inner.watch))
    }

    /// Where the store's history is now, cheaply enough for every S3 request.
    ///
    /// A commit of this process changes the mark at once. A commit of another process on the
    /// same database changes it within [`EXTERNAL_POLL`]: `PRAGMA data_version` costs a few
    /// microseconds (a read transaction and its locks), so it is asked at most once per
    /// interval, by whichever caller finds the last answer too old. So a revocation or a policy
    /// change through this server applies to the very next request, and one made through
    /// another server on the same data directory within a tenth of a second.
    pub fn change_mark(&self) -> StoreResult<ChangeMark> {
        // Read before anything the caller then reads from the database, so a commit that
        // lands in between moves the mark away from what the caller caches.
        let local = self.inner.generation.load(Ordering::Acquire);
        let now = u64::try_from(self.inner.opened.elapsed().as_millis())
            .unwrap_or(u64::MAX - 1)
            .saturating_add(1);
        let polled = self.inner.polled_at.load(Ordering::Acquire);
        let stale = polled == 0 || now.saturating_sub(polled) >= EXTERNAL_POLL.as_millis() as u64;
        if stale {
            // One caller polls; the others keep the last answer meanwhile, unless there is
            // none yet.
            let conn = if polled == 0 {
                Some(lock(&self.inner.watch))
            } else {
                self.inner.watch.try_lock().ok()
            };
            if let Some(conn) = conn {
                let version = query_data_version(&conn)?;
                self.inner.external.store(version, Ordering::Release);
                self.inner.polled_at.store(now, Ordering::Release);
            }
        }
        Ok(ChangeMark {
            local,
            external: self.inner.external.load(Ordering::Acquire),
        })
    }

    /// Runs `f` on a read-only connection. Blocking: call from blocking contexts or for
    /// short indexed lookups.
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> StoreResult<T>) -> StoreResult<T> {
        let conn = self.reader();
        f(&conn)
    }

    /// Runs `f` in an IMMEDIATE transaction and commits if it returns `Ok`.
    pub fn write<T>(&self, f: impl FnOnce(&Transaction<'_>) -> StoreResult<T>) -> StoreResult<T> {
        let mut conn = lock(&self.inner.writer);
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        self.inner.generation.fetch_add(1, Ordering::AcqRel);
        Ok(value)
    }

    /// [`Store::read`] on the blocking thread pool.
    pub async fn read_async<T, F>(&self, f: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> StoreResult<T> + Send + 'static,
    {
        let store = self.clone();
        run_blocking(move || store.read(f)).await
    }

    /// [`Store::write`] on the blocking thread pool: a commit waits for fsync.
    pub async fn write_async<T, F>(&self, f: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction<'_>) -> StoreResult<T> + Send + 'static,
    {
        let store = self.clone();
        run_blocking(move || store.write(f)).await
    }
}

impl Store {
    /// Runs `f` in a transaction shared with the other grouped writes queued meanwhile, and
    /// returns once that transaction is committed (durable: `synchronous = FULL`). Under
    /// concurrency many writes share one commit and one fsync instead of waiting for each
    /// other's. Each write runs in its own savepoint: an error undoes only that write and is
    /// returned to its caller alone.
    pub async fn write_grouped<F>(&self, f: F) -> StoreResult<()>
    where
        F: FnOnce(&Transaction<'_>) -> StoreResult<()> + Send + 'static,
    {
        let (done, outcome) = tokio::sync::oneshot::channel();
        let job = GroupedWrite {
            write: Box::new(f),
            done,
        };
        if self.group_queue().send(job).is_err() {
            return Err(StoreError::Commit(
                "the database writer thread has stopped".into(),
            ));
        }
        outcome.await.unwrap_or_else(|_| {
            Err(StoreError::Commit(
                "the database writer thread has stopped".into(),
            ))
        })
    }

    fn group_queue(&self) -> &mpsc::Sender<GroupedWrite> {
        self.inner.group.get_or_init(|| {
            let (queue, jobs) = mpsc::channel();
            let inner = Arc::downgrade(&self.inner);
            let spawned = std::thread::Builder::new()
                .name("weka-db-group-commit".into())
                .spawn(move || run_group_commits(&inner, &jobs));
            if let Err(e) = spawned {
                // The queue's receiver is gone with the closure: senders get an error.
                tracing::error!(error = %e, "cannot start the database writer thread");
            }
            queue
        })
    }
}

/// The grouped-commit thread: takes whatever is queued (at least one write), commits it in one
/// transaction, reports each outcome, and repeats. While a commit waits for its fsync, the next
/// group queues up. Ends when the store is dropped (the queue's sender goes with it).
fn run_group_commits(inner: &Weak<Inner>, jobs: &mpsc::Receiver<GroupedWrite>) {
    while let Ok(first) = jobs.recv() {
        let mut group = vec![first];
        while group.len() < MAX_GROUP {
            match jobs.try_recv() {
                Ok(job) => group.push(job),
                Err(_) => break,
            }
        }
        let (writes, dones): (Vec<_>, Vec<_>) = group.into_iter().map(|j| (j.write, j.done)).unzip();
        let Some(inner) = inner.upgrade() else {
            for done in dones {
                let _ = done.send(Err(StoreError::Commit("the database is closed".into())));
            }
            return;
        };
        let store = Store { inner };
        let mut outcomes: Vec<StoreResult<()>> = Vec::with_capacity(writes.len());
        let committed = store.write(|tx| {
            for write in writes {
                tx.prepare_cached("SAVEPOINT grouped_write")?.execute([])?;
                // A panicking write fails alone; the thread keeps serving the others.
                let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| write(tx)))
                    .unwrap_or_else(|_| Err(StoreError::Commit("a database write panicked".into())));
                if outcome.is_err() {
                    tx.prepare_cached("ROLLBACK TO grouped_write")?.execute([])?;
                }
                tx.prepare_cached("RELEASE grouped_write")?.execute([])?;
                outcomes.push(outcome);
            }
            Ok(())
        });
        // Hold no reference to the store while waiting for the next group.
        drop(store);
        match committed {
            Ok(()) => {
                for (done, outcome) in dones.into_iter().zip(outcomes) {
                    let _ = done.send(outcome);
                }
            }
            Err(e) => {
                tracing::error!(error = %e, writes = dones.len(), "a grouped database commit failed");
                for done in dones {
                    let _ = done.send(Err(StoreError::Commit(e.to_string())));
                }
            }
        }
    }
}

async fn run_blocking<T: Send + 'static>(
    f: impl FnOnce() -> StoreResult<T> + Send + 'static,
) -> StoreResult<T> {
    match tokio::task::spawn_blocking(f).await {
        Ok(r) => r,
        Err(e) => Err(StoreError::Corrupt(format!("database task failed: {e}"))),
    }
}

/// A poisoned lock only means another request panicked while holding it; SQLite's own
/// transaction rollback keeps the data consistent, so carry on.
/// `PRAGMA data_version` of the watch connection. Asked often: the statement stays prepared.
fn query_data_version(conn: &Connection) -> StoreResult<i64> {
    Ok(conn
        .prepare_cached("PRAGMA data_version")?
        .query_row([], |r| r.get(0))?)
}

fn lock(m: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn migrate(conn: &mut Connection) -> anyhow::Result<()> {
    let version: usize = conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))? as usize;
    if version > MIGRATIONS.len() {
        anyhow::bail!(
            "the database has schema version {version}, newer than this weka-server knows ({}); \
             use the newer weka-server that wrote it",
            MIGRATIONS.len()
        );
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Exclusive)?;
        // Another process may have migrated while we waited for the lock.
        let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if now as usize > i {
            continue;
        }
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(unix)]
fn restrict_permissions(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    for p in [
        path.to_path_buf(),
        path.with_extension("db-wal"),
        path.with_extension("db-shm"),
    ] {
        if p.exists() {
            let _ = std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600));
        }
    }
}

#[cfg(not(unix))]
fn restrict_permissions(_path: &Path) {}

/// Seconds since the Unix epoch.
pub fn now_unix() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

pub fn to_datetime(unix: i64) -> time::OffsetDateTime {
    time::OffsetDateTime::from_unix_timestamp(unix).unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
}

/// Whether a SQLite error is a uniqueness violation.
pub fn is_unique_violation(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
        || f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE)
}

#[cfg(test)]
pub(crate) fn test_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(&dir.path().join("weka.db")).expect("open");
    (dir, store)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_apply_once_and_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("weka.db");
        let s = Store::open(&path).unwrap();
        let v: i64 = s
            .read(|c| Ok(c.query_row("PRAGMA user_version", [], |r| r.get(0))?))
            .unwrap();
        assert_eq!(v as usize, MIGRATIONS.len());
        drop(s);
        let s = Store::open(&path).unwrap();
        let mode: String = s
            .read(|c| Ok(c.query_row("PRAGMA journal_mode", [], |r| r.get(0))?))
            .unwrap();
        assert_eq!(mode, "wal");
    }

    #[test]
    fn two_handles_on_one_file_see_each_other() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("weka.db");
        let a = Store::open(&path).unwrap();
        let b = Store::open(&path).unwrap();
        a.write(|tx| {
            tx.execute("INSERT INTO users VALUES ('x', 'ReadOnly', 'h', 1, 1)", [])?;
            Ok(())
        })
        .unwrap();
        let n: i64 = b
            .read(|c| Ok(c.query_row("SELECT count(*) FROM users", [], |r| r.get(0))?))
            .unwrap();
        assert_eq!(n, 1);
    }

    #[test]
    fn change_mark_moves_at_once_for_own_commits_and_soon_for_other_processes() {
        let (dir, s) = test_store();
        let m0 = s.change_mark().unwrap();
        assert_eq!(m0, s.change_mark().unwrap());
        s.write(user_insert("a")).unwrap();
        let m1 = s.change_mark().unwrap();
        assert_ne!(m0, m1, "a commit of this store moves the mark at once");
        // Another process: a second handle on the same file shares nothing in memory.
        let other = Store::open(&dir.path().join("weka.db")).unwrap();
        // The next poll also sees our own commit once more; after that the mark holds still.
        std::thread::sleep(EXTERNAL_POLL);
        let m2 = s.change_mark().unwrap();
        std::thread::sleep(EXTERNAL_POLL);
        assert_eq!(m2, s.change_mark().unwrap(), "nothing was committed");
        other.write(user_insert("b")).unwrap();
        let deadline = Instant::now() + EXTERNAL_POLL * 20;
        loop {
            if s.change_mark().unwrap() != m2 {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "another process's commit was never noticed"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    #[test]
    fn data_version_moves_with_every_commit() {
        let (_d, s) = test_store();
        let v0 = s.data_version().unwrap();
        assert_eq!(v0, s.data_version().unwrap());
        s.write(|tx| {
            tx.execute("INSERT INTO users VALUES ('x', 'ReadOnly', 'h', 1, 1)", [])?;
            Ok(())
        })
        .unwrap();
        let v1 = s.data_version().unwrap();
        assert_ne!(v0, v1);
        assert_eq!(v1, s.data_version().unwrap());
    }

    fn user_insert(name: &str) -> impl FnOnce(&Transaction<'_>) -> StoreResult<()> + Send + 'static {
        let name = name.to_string();
        move |tx| {
            tx.execute("INSERT INTO users VALUES (?1, 'ReadOnly', 'h', 1, 1)", [name])?;
            Ok(())
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn grouped_writes_commit_together_and_fail_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("weka.db");
        let s = Store::open(&path).unwrap();
        let mut tasks = Vec::new();
        for i in 0..200 {
            let s = s.clone();
            tasks.push(tokio::spawn(async move {
                s.write_grouped(user_insert(&format!("u{i}"))).await
            }));
        }
        // A duplicate fails alone; the writes grouped with it are kept.
        let dup = s.clone();
        tasks.push(tokio::spawn(async move {
            dup.write_grouped(|tx| {
                tx.execute("INSERT INTO users VALUES ('dup', 'ReadOnly', 'h', 1, 1)", [])?;
                tx.execute("INSERT INTO users VALUES ('dup', 'ReadOnly', 'h', 1, 1)", [])?;
                Ok(())
            })
            .await
        }));
        let mut failed = 0;
        for t in tasks {
            if t.await.unwrap().is_err() {
                failed += 1;
            }
        }
        assert_eq!(failed, 1);
        // Acknowledged writes are committed: another connection sees them.
        let other = Connection::open(&path).unwrap();
        let n: i64 = other
            .query_row(
                "SELECT count(*) FROM users WHERE username LIKE 'u%' OR username = 'dup'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 200, "the failed write left nothing behind");
    }

    #[tokio::test]
    async fn a_panicking_grouped_write_fails_alone() {
        let (_d, s) = test_store();
        let err = s
            .write_grouped(|_| panic!("a bug in one write"))
            .await
            .expect_err("the panic is an error");
        assert!(err.to_string().contains("panicked"), "{err}");
        s.write_grouped(user_insert("after")).await.unwrap();
        let n: i64 = s
            .read(|c| {
                Ok(
                    c.query_row("SELECT count(*) FROM users WHERE username = 'after'", [], |r| {
                        r.get(0)
                    })?,
                )
            })
            .unwrap();
        assert_eq!(n, 1, "the writer thread still works");
    }

    #[tokio::test]
    async fn grouped_writer_stops_with_the_store() {
        let (_d, s) = test_store();
        s.write_grouped(user_insert("a")).await.unwrap();
        let weak = Arc::downgrade(&s.inner);
        drop(s);
        assert!(
            weak.upgrade().is_none(),
            "the writer thread keeps no strong reference"
        );
    }

    #[test]
    fn newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("weka.db");
        drop(Store::open(&path).unwrap());
        let c = Connection::open(&path).unwrap();
        c.pragma_update(None, "user_version", 999).unwrap();
        drop(c);
        let e = Store::open(&path).err().unwrap().to_string();
        assert!(e.contains("schema version 999"), "{e}");
    }
}
