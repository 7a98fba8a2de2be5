//! Where the CLI keeps its login tokens, one session per server.
//!
//! Tokens go to the OS keyring when a write followed by a read-back works there, else to a
//! JSON file (`~/.weka/auth-token.json`, mode 0600 in a 0700 directory, replaced atomically).
//! `WEKA_TOKEN_STORE=auto|keyring|file` forces a choice and `WEKA_TOKEN_FILE` moves the file.
//! Tokens are never printed: [`StoredTokens`]'s `Debug` leaves them out.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fmt;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::error::CliError;
use crate::api::user::{LoginResult, Role};

/// Selects the token store.
pub const TOKEN_STORE_ENV: &str = "WEKA_TOKEN_STORE";
/// Overrides the token file's path.
pub const TOKEN_FILE_ENV: &str = "WEKA_TOKEN_FILE";
/// The keyring service name under which entries are kept (one entry per server).
const KEYRING_SERVICE: &str = "weka-cli";
const FILE_FORMAT_VERSION: u32 = 1;

/// One login session: the tokens and what the server said about them.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredTokens {
    pub username: String,
    pub role: Role,
    pub access_token: String,
    #[serde(with = "time::serde::rfc3339")]
    pub access_token_expires_at: OffsetDateTime,
    pub refresh_token: String,
    #[serde(with = "time::serde::rfc3339")]
    pub refresh_token_expires_at: OffsetDateTime,
}

impl From<LoginResult> for StoredTokens {
    fn from(r: LoginResult) -> Self {
        StoredTokens {
            username: r.username,
            role: r.role,
            access_token: r.access_token,
            access_token_expires_at: r.access_token_expires_at,
            refresh_token: r.refresh_token,
            refresh_token_expires_at: r.refresh_token_expires_at,
        }
    }
}

impl fmt::Debug for StoredTokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoredTokens")
            .field("username", &self.username)
            .field("role", &self.role)
            .field("access_token", &"<redacted>")
            .field("access_token_expires_at", &self.access_token_expires_at)
            .field("refresh_token", &"<redacted>")
            .field("refresh_token_expires_at", &self.refresh_token_expires_at)
            .finish()
    }
}

/// Which store `WEKA_TOKEN_STORE` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreMode {
    /// The keyring when it works, else the file.
    Auto,
    Keyring,
    File,
}

impl StoreMode {
    pub fn parse(value: Option<&str>) -> Result<StoreMode, CliError> {
        match value.map(str::trim) {
            None | Some("") | Some("auto") => Ok(StoreMode::Auto),
            Some("keyring") => Ok(StoreMode::Keyring),
            Some("file") => Ok(StoreMode::File),
            Some(other) => Err(CliError::usage(format!(
                "{TOKEN_STORE_ENV} is {other:?}, which is not a token store"
            ))
            .with_hint(format!("set {TOKEN_STORE_ENV} to auto, keyring or file"))),
        }
    }
}

/// Where one server's tokens are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Keyring,
    File(PathBuf),
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Keyring => f.write_str("the OS keyring"),
            Location::File(p) => write!(f, "{}", p.display()),
        }
    }
}

impl Location {
    /// A short stable word for JSON output: `keyring` or `file`.
    pub fn kind(&self) -> &'static str {
        match self {
            Location::Keyring => "keyring",
            Location::File(_) => "file",
        }
    }
}

/// A secret store keyed by name: the OS keyring in production, a map in tests.
pub trait Vault {
    fn set(&self, key: &str, secret: &str) -> Result<(), String>;
    /// `Ok(None)` when there is no entry.
    fn get(&self, key: &str) -> Result<Option<String>, String>;
    /// Removing a missing entry is not an error.
    fn delete(&self, key: &str) -> Result<(), String>;
}

/// The OS keyring through the `keyring` crate (kernel keyutils on Linux, Keychain on macOS,
/// Credential Manager on Windows).
pub struct OsKeyring;

impl OsKeyring {
    fn entry(key: &str) -> Result<keyring::Entry, String> {
        keyring::Entry::new(KEYRING_SERVICE, key).map_err(|e| e.to_string())
    }
}

impl Vault for OsKeyring {
    fn set(&self, key: &str, secret: &str) -> Result<(), String> {
        Self::entry(key)?.set_password(secret).map_err(|e| e.to_string())
    }

    fn get(&self, key: &str) -> Result<Option<String>, String> {
        match Self::entry(key)?.get_password() {
            Ok(s) => Ok(Some(s)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(e.to_string()),
        }
    }

    fn delete(&self, key: &str) -> Result<(), String> {
        match Self::entry(key)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(e.to_string()),
        }
    }
}

/// The token file's content: sessions keyed by server (`scheme://host:port`).
#[derive(Debug, Default, Serialize, Deserialize)]
struct TokenFile {
    version: u32,
    #[serde(default)]
    servers: BTreeMap<String, StoredTokens>,
}

/// The token store the CLI uses.
pub struct TokenStore {
    mode: StoreMode,
    file: PathBuf,
    vault: Box<dyn Vault>,
}

impl TokenStore {
    /// The store the environment selects (`WEKA_TOKEN_STORE`, `WEKA_TOKEN_FILE`, `HOME`).
    pub fn from_env() -> Result<TokenStore, CliError> {
        TokenStore::configure(
            std::env::var(TOKEN_STORE_ENV).ok().as_deref(),
            std::env::var_os(TOKEN_FILE_ENV),
            dirs::home_dir(),
            Box::new(OsKeyring),
        )
    }

    /// The store for the given values of `WEKA_TOKEN_STORE`, `WEKA_TOKEN_FILE` and the home
    /// directory.
    pub fn configure(
        store: Option<&str>,
        file: Option<OsString>,
        home: Option<PathBuf>,
        vault: Box<dyn Vault>,
    ) -> Result<TokenStore, CliError> {
        let mode = StoreMode::parse(store)?;
        let file = match file.filter(|v| !v.is_empty()) {
            Some(p) => PathBuf::from(p),
            None => default_token_file(home)?,
        };
        Ok(TokenStore::new(mode, file, vault))
    }

    pub fn new(mode: StoreMode, file: PathBuf, vault: Box<dyn Vault>) -> TokenStore {
        TokenStore { mode, file, vault }
    }

    pub fn mode(&self) -> StoreMode {
        self.mode
    }

    pub fn file_path(&self) -> &Path {
        &self.file
    }

    /// The session for `server`, and where it was found.
    pub fn load(&self, server: &str) -> Result<Option<(StoredTokens, Location)>, CliError> {
        if self.mode != StoreMode::File {
            match self.vault.get(server) {
                Ok(Some(text)) => match serde_json::from_str::<StoredTokens>(&text) {
                    Ok(t) => return Ok(Some((t, Location::Keyring))),
                    Err(e) if self.mode == StoreMode::Keyring => {
                        return Err(CliError::failure(format!(
                            "the keyring entry for {server} is not a weka session"
                        ))
                        .with_cause(e)
                        .with_hint("log in again with `weka user login`"));
                    }
                    // Auto: an unreadable entry is as good as none; the file may have one.
                    Err(_) => {}
                },
                Ok(None) => {}
                Err(e) if self.mode == StoreMode::Keyring => {
                    return Err(keyring_unusable("read", e));
                }
                Err(_) => {}
            }
        }
        if self.mode == StoreMode::Keyring {
            return Ok(None);
        }
        let file = self.read_file()?;
        Ok(file
            .servers
            .get(server)
            .cloned()
            .map(|t| (t, Location::File(self.file.clone()))))
    }

    /// Stores the session for `server` and says where it went.
    pub fn save(&self, server: &str, tokens: &StoredTokens) -> Result<Location, CliError> {
        let text = serde_json::to_string(tokens)
            .map_err(|e| CliError::failure("cannot encode the session").with_cause(e))?;
        if self.mode != StoreMode::File {
            match self.write_keyring_checked(server, &text) {
                Ok(()) => {
                    if self.mode == StoreMode::Auto {
                        // One place per server: drop an older copy from the file.
                        self.remove_from_file(server)?;
                    }
                    return Ok(Location::Keyring);
                }
                Err(e) if self.mode == StoreMode::Keyring => return Err(keyring_unusable("write", e)),
                Err(_) => {}
            }
        }
        let mut file = self.read_file()?;
        file.servers.insert(server.to_string(), tokens.clone());
        self.write_file(&file)?;
        Ok(Location::File(self.file.clone()))
    }

    /// Forgets the session for `server` everywhere it might be. Returns whether one existed.
    pub fn remove(&self, server: &str) -> Result<bool, CliError> {
        let mut existed = false;
        if self.mode != StoreMode::File {
            match self.vault.get(server) {
                Ok(Some(_)) => {
                    existed = true;
                    if let Err(e) = self.vault.delete(server) {
                        return Err(keyring_unusable("delete", e));
                    }
                }
                Ok(None) => {}
                Err(e) if self.mode == StoreMode::Keyring => return Err(keyring_unusable("read", e)),
                Err(_) => {}
            }
        }
        if self.mode != StoreMode::Keyring {
            existed |= self.remove_from_file(server)?;
        }
        Ok(existed)
    }

    /// Writes to the keyring and reads back; a keyring that cannot give the secret back is
    /// not used (headless Linux sessions and some containers).
    fn write_keyring_checked(&self, server: &str, text: &str) -> Result<(), String> {
        self.vault.set(server, text)?;
        match self.vault.get(server) {
            Ok(Some(back)) if back == text => Ok(()),
            other => {
                let _ = self.vault.delete(server);
                Err(match other {
                    Err(e) => e,
                    _ => "the keyring did not return what was written".into(),
                })
            }
        }
    }

    fn remove_from_file(&self, server: &str) -> Result<bool, CliError> {
        if !self.file.exists() {
            return Ok(false);
        }
        let mut file = self.read_file()?;
        let existed = file.servers.remove(server).is_some();
        if existed {
            self.write_file(&file)?;
        }
        Ok(existed)
    }

    fn read_file(&self) -> Result<TokenFile, CliError> {
        let bytes = match fs::read(&self.file) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(TokenFile::default()),
            Err(e) => {
                return Err(
                    CliError::failure(format!("cannot read the token file {}", self.file.display()))
                        .with_cause(e)
                        .with_hint(format!(
                            "check the file's permissions, or point {TOKEN_FILE_ENV} elsewhere"
                        )),
                );
            }
        };
        tighten_if_readable_by_others(&self.file);
        let file: TokenFile = serde_json::from_slice(&bytes).map_err(|e| {
            CliError::failure(format!("the token file {} is damaged", self.file.display()))
                .with_cause(e)
                .with_hint(format!(
                    "delete {} and log in again with `weka user login`",
                    self.file.display()
                ))
        })?;
        if file.version != FILE_FORMAT_VERSION {
            return Err(CliError::failure(format!(
                "the token file {} has format version {}, this weka reads version {FILE_FORMAT_VERSION}",
                self.file.display(),
                file.version
            ))
            .with_hint("use the weka version that wrote it, or delete the file and log in again"));
        }
        Ok(file)
    }

    fn write_file(&self, file: &TokenFile) -> Result<(), CliError> {
        let file = TokenFile {
            version: FILE_FORMAT_VERSION,
            servers: file.servers.clone(),
        };
        let mut bytes = serde_json::to_vec_pretty(&file)
            .map_err(|e| CliError::failure("cannot encode the token file").with_cause(e))?;
        bytes.push(b'\n');
        write_private_atomically(&self.file, &bytes).map_err(|e| {
            CliError::failure(format!("cannot write the token file {}", self.file.display()))
                .with_cause(e)
                .with_hint(format!(
                    "check that the directory is writable, or point {TOKEN_FILE_ENV} elsewhere"
                ))
        })
    }
}

fn keyring_unusable(action: &str, cause: String) -> CliError {
    CliError::failure(format!("cannot {action} the OS keyring"))
        .with_cause(cause)
        .with_hint(format!(
            "set {TOKEN_STORE_ENV}=file to keep tokens in a file (mode 0600) instead"
        ))
}

/// `~/.weka/auth-token.json`.
fn default_token_file(home: Option<PathBuf>) -> Result<PathBuf, CliError> {
    match home {
        Some(home) => Ok(home.join(".weka").join("auth-token.json")),
        None => Err(
            CliError::failure("cannot find the home directory for the token file").with_hint(format!(
                "set HOME, or set {TOKEN_FILE_ENV} to the token file's path"
            )),
        ),
    }
}

/// A token file others can read (copied in, or made by an older tool) is tightened to 0600;
/// only when that fails is the user warned.
#[cfg(unix)]
fn tighten_if_readable_by_others(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = fs::metadata(path)
        && meta.permissions().mode() & 0o077 != 0
        && fs::set_permissions(path, fs::Permissions::from_mode(0o600)).is_err()
    {
        eprintln!(
            "Warning: the token file {} can be read by other users; run `chmod 600 {}`",
            path.display(),
            path.display()
        );
    }
}

#[cfg(not(unix))]
fn tighten_if_readable_by_others(_path: &Path) {}

/// Creates the parent directories (0700 when new) and replaces `path` with `bytes` through a
/// temporary file in the same directory (0600) and a rename, so a reader never sees half a file.
pub fn write_private_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    create_private_dir_all(&dir)?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "auth-token.json".into());
    let tmp = dir.join(format!(
        ".{file_name}.tmp.{}.{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| {
        let mut f = open_private_new(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

#[cfg(unix)]
fn create_private_dir_all(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    if dir.is_dir() {
        return Ok(());
    }
    fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)
}

#[cfg(not(unix))]
fn create_private_dir_all(dir: &Path) -> std::io::Result<()> {
    fs::create_dir_all(dir)
}

#[cfg(unix)]
fn open_private_new(path: &Path) -> std::io::Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

#[cfg(not(unix))]
fn open_private_new(path: &Path) -> std::io::Result<fs::File> {
    fs::OpenOptions::new().write(true).create_new(true).open(path)
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::collections::HashMap;
    use std::rc::Rc;

    use time::macros::datetime;

    use super::*;

    /// A keyring double: works, fails outright, or silently loses what is written.
    #[derive(Clone, Copy, PartialEq)]
    enum Behaviour {
        Works,
        Fails,
        Forgets,
    }

    #[derive(Clone)]
    struct FakeVault {
        behaviour: Behaviour,
        entries: Rc<RefCell<HashMap<String, String>>>,
    }

    impl FakeVault {
        fn new(behaviour: Behaviour) -> Self {
            FakeVault {
                behaviour,
                entries: Rc::default(),
            }
        }
    }

    impl Vault for FakeVault {
        fn set(&self, key: &str, secret: &str) -> Result<(), String> {
            match self.behaviour {
                Behaviour::Fails => Err("no keyring here".into()),
                Behaviour::Forgets => Ok(()),
                Behaviour::Works => {
                    self.entries.borrow_mut().insert(key.into(), secret.into());
                    Ok(())
                }
            }
        }
        fn get(&self, key: &str) -> Result<Option<String>, String> {
            match self.behaviour {
                Behaviour::Fails => Err("no keyring here".into()),
                _ => Ok(self.entries.borrow().get(key).cloned()),
            }
        }
        fn delete(&self, key: &str) -> Result<(), String> {
            match self.behaviour {
                Behaviour::Fails => Err("no keyring here".into()),
                _ => {
                    self.entries.borrow_mut().remove(key);
                    Ok(())
                }
            }
        }
    }

    fn tokens(user: &str) -> StoredTokens {
        StoredTokens {
            username: user.into(),
            role: Role::ClusterAdmin,
            access_token: format!("access-secret-{user}"),
            access_token_expires_at: datetime!(2030-01-01 0:00 UTC),
            refresh_token: format!("refresh-secret-{user}"),
            refresh_token_expires_at: datetime!(2030-01-02 0:00 UTC),
        }
    }

    fn store(mode: StoreMode, vault: &FakeVault, dir: &Path) -> TokenStore {
        TokenStore::new(
            mode,
            dir.join("sub").join("auth-token.json"),
            Box::new(vault.clone()),
        )
    }

    const A: &str = "http://127.0.0.1:14000";
    const B: &str = "https://weka.example.com:14000";

    #[cfg(unix)]
    fn mode_of(p: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn file_store_keeps_servers_apart_with_private_modes() {
        let dir = tempfile::tempdir().unwrap();
        let vault = FakeVault::new(Behaviour::Works);
        let s = store(StoreMode::File, &vault, dir.path());
        assert_eq!(s.load(A).unwrap(), None);
        let loc = s.save(A, &tokens("admin")).unwrap();
        assert_eq!(loc, Location::File(s.file_path().to_path_buf()));
        s.save(B, &tokens("ops")).unwrap();
        assert!(
            vault.entries.borrow().is_empty(),
            "file mode must not touch the keyring"
        );
        assert_eq!(s.load(A).unwrap().unwrap().0, tokens("admin"));
        assert_eq!(s.load(B).unwrap().unwrap().0, tokens("ops"));
        #[cfg(unix)]
        {
            assert_eq!(mode_of(s.file_path()), 0o600);
            assert_eq!(mode_of(s.file_path().parent().unwrap()), 0o700);
        }
        assert!(s.remove(A).unwrap());
        assert!(!s.remove(A).unwrap());
        assert_eq!(s.load(A).unwrap(), None);
        assert_eq!(s.load(B).unwrap().unwrap().0, tokens("ops"));
    }

    #[test]
    fn atomic_write_leaves_no_temporary_files_and_replaces_content() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.json");
        write_private_atomically(&path, b"one").unwrap();
        write_private_atomically(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names, ["t.json"]);
        #[cfg(unix)]
        assert_eq!(mode_of(&path), 0o600);
    }

    #[cfg(unix)]
    #[test]
    fn atomic_write_tightens_an_existing_loose_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.json");
        fs::write(&path, b"old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        write_private_atomically(&path, b"new").unwrap();
        assert_eq!(mode_of(&path), 0o600);
    }

    #[test]
    fn auto_uses_a_working_keyring_and_drops_the_file_copy() {
        let dir = tempfile::tempdir().unwrap();
        let vault = FakeVault::new(Behaviour::Works);
        // An older session in the file, from a time the keyring did not work.
        store(StoreMode::File, &vault, dir.path())
            .save(A, &tokens("old"))
            .unwrap();
        let s = store(StoreMode::Auto, &vault, dir.path());
        assert_eq!(s.save(A, &tokens("admin")).unwrap(), Location::Keyring);
        let (t, loc) = s.load(A).unwrap().unwrap();
        assert_eq!((t, loc), (tokens("admin"), Location::Keyring));
        let file_copy = store(StoreMode::File, &vault, dir.path()).load(A).unwrap();
        assert_eq!(file_copy, None);
        assert!(s.remove(A).unwrap());
        assert_eq!(s.load(A).unwrap(), None);
    }

    #[test]
    fn auto_falls_back_to_the_file_when_the_keyring_fails_or_forgets() {
        for behaviour in [Behaviour::Fails, Behaviour::Forgets] {
            let dir = tempfile::tempdir().unwrap();
            let vault = FakeVault::new(behaviour);
            let s = store(StoreMode::Auto, &vault, dir.path());
            let loc = s.save(A, &tokens("admin")).unwrap();
            assert_eq!(loc, Location::File(s.file_path().to_path_buf()));
            assert_eq!(s.load(A).unwrap().unwrap().0, tokens("admin"));
            assert!(s.remove(A).unwrap());
            assert_eq!(s.load(A).unwrap(), None);
        }
    }

    #[test]
    fn keyring_mode_reports_a_broken_keyring() {
        let dir = tempfile::tempdir().unwrap();
        let vault = FakeVault::new(Behaviour::Fails);
        let s = store(StoreMode::Keyring, &vault, dir.path());
        let err = s.save(A, &tokens("admin")).unwrap_err();
        assert!(err.hint().unwrap().contains("WEKA_TOKEN_STORE=file"), "{err:?}");
        assert!(!s.file_path().exists(), "keyring mode must not write the file");
        let vault = FakeVault::new(Behaviour::Forgets);
        let s = store(StoreMode::Keyring, &vault, dir.path());
        assert!(s.save(A, &tokens("admin")).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_loose_token_file_is_tightened_on_read() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let vault = FakeVault::new(Behaviour::Works);
        let s = store(StoreMode::File, &vault, dir.path());
        s.save(A, &tokens("admin")).unwrap();
        fs::set_permissions(s.file_path(), fs::Permissions::from_mode(0o644)).unwrap();
        assert_eq!(s.load(A).unwrap().unwrap().0, tokens("admin"));
        assert_eq!(mode_of(s.file_path()), 0o600);
    }

    #[test]
    fn damaged_file_is_reported_with_a_hint() {
        let dir = tempfile::tempdir().unwrap();
        let vault = FakeVault::new(Behaviour::Works);
        let s = store(StoreMode::File, &vault, dir.path());
        write_private_atomically(s.file_path(), b"{not json").unwrap();
        let err = s.load(A).unwrap_err();
        assert!(err.message().contains("damaged"), "{err:?}");
        assert!(err.hint().unwrap().contains("log in again"), "{err:?}");
    }

    #[test]
    fn store_mode_parsing() {
        for (value, mode) in [
            (None, StoreMode::Auto),
            (Some(""), StoreMode::Auto),
            (Some("auto"), StoreMode::Auto),
            (Some("keyring"), StoreMode::Keyring),
            (Some("file"), StoreMode::File),
        ] {
            assert_eq!(StoreMode::parse(value).unwrap(), mode, "{value:?}");
        }
        let err = StoreMode::parse(Some("vault")).unwrap_err();
        assert!(err.hint().unwrap().contains("auto, keyring or file"));
    }

    #[test]
    fn environment_selects_mode_and_file() {
        let vault = || Box::new(FakeVault::new(Behaviour::Works)) as Box<dyn Vault>;
        let home = Some(PathBuf::from("/home/ops"));
        let s = TokenStore::configure(None, None, home.clone(), vault()).unwrap();
        assert_eq!(s.mode(), StoreMode::Auto);
        assert_eq!(s.file_path(), Path::new("/home/ops/.weka/auth-token.json"));
        let s = TokenStore::configure(Some("file"), Some("/tmp/t.json".into()), None, vault()).unwrap();
        assert_eq!(s.mode(), StoreMode::File);
        assert_eq!(s.file_path(), Path::new("/tmp/t.json"));
        // An empty WEKA_TOKEN_FILE is as good as none.
        let s = TokenStore::configure(Some("keyring"), Some("".into()), home, vault()).unwrap();
        assert_eq!(s.file_path(), Path::new("/home/ops/.weka/auth-token.json"));
        let err = TokenStore::configure(None, None, None, vault()).err().unwrap();
        assert!(err.hint().unwrap().contains("WEKA_TOKEN_FILE"));
        assert!(TokenStore::configure(Some("nope"), None, Some("/h".into()), vault()).is_err());
    }

    #[test]
    fn debug_never_shows_tokens() {
        let shown = format!("{:?}", tokens("admin"));
        assert!(!shown.contains("secret"), "{shown}");
        assert!(shown.contains("admin"));
    }
}
