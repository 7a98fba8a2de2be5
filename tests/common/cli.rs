//! Running the real `weka` binary and turning what it printed into a stable snapshot text.
//!
//! A transcript is `status: N`, then stdout and stderr. Values that change from run to run
//! are replaced: the server's ports, its data directory and HOME (by [`Redact`]), then times
//! and temporary paths (by the insta filters of [`settings`]).

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use serde_json::Value;

use super::TestServer;

/// What one `weka` run printed, and its exit status.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Outcome {
    /// The snapshot text: status, stdout, stderr.
    pub fn transcript(&self) -> String {
        format!(
            "status: {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }

    /// stdout as JSON; panics with the transcript when it is not.
    pub fn stdout_json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.transcript()))
    }

    /// stderr as JSON (an error printed with --json); panics with the transcript when it is not.
    pub fn stderr_json(&self) -> Value {
        serde_json::from_str(&self.stderr)
            .unwrap_or_else(|e| panic!("stderr is not JSON ({e}):\n{}", self.transcript()))
    }

    /// Panics with the transcript unless the exit status is `code`.
    #[track_caller]
    pub fn expect_code(self, code: i32) -> Outcome {
        assert_eq!(self.code, code, "unexpected exit status:\n{}", self.transcript());
        self
    }

    /// Panics with the transcript unless the command succeeded.
    #[track_caller]
    pub fn expect_success(self) -> Outcome {
        self.expect_code(0)
    }
}

/// Runs the command (with a deadline) and collects its output.
pub fn run(cmd: &mut assert_cmd::Command) -> Outcome {
    let out = cmd.timeout(Duration::from_secs(60)).output().expect("run weka");
    outcome(out)
}

/// Runs the command with `input` on stdin.
pub fn run_with_stdin(cmd: &mut assert_cmd::Command, input: &str) -> Outcome {
    let out = cmd
        .timeout(Duration::from_secs(60))
        .write_stdin(input.to_string())
        .output()
        .expect("run weka");
    outcome(out)
}

fn outcome(out: std::process::Output) -> Outcome {
    Outcome {
        // A signal (no code) shows up as -1, never as success.
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `weka` with nothing from the caller's environment but PATH, and HOME in `home`: for
/// commands that need no server (help, completions, usage errors).
pub fn weka_offline(home: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_weka"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("WEKA_TOKEN_STORE", "file")
        .env("NO_COLOR", "1");
    cmd
}

/// Literal replacements of the values one test run makes up: ports, directories, URLs.
#[derive(Debug, Clone, Default)]
pub struct Redact {
    /// (text, replacement), applied longest text first.
    literals: Vec<(String, String)>,
    /// (port, replacement): the port as a whole number only.
    ports: Vec<(u16, String)>,
}

impl Redact {
    /// The server's ports, data directory and HOME.
    pub fn server(s: &TestServer) -> Redact {
        let mut r = Redact::default();
        r = r
            .literal(&s.data_dir.display().to_string(), "[DATA]")
            .literal(&s.home.path().display().to_string(), "[HOME]")
            .port(s.api.port(), "[API_PORT]");
        if s.s3.port() != s.api.port() {
            r = r.port(s.s3.port(), "[S3_PORT]");
        }
        if s.sts.port() != s.s3.port() {
            r = r.port(s.sts.port(), "[STS_PORT]");
        }
        r
    }

    pub fn literal(mut self, text: &str, replacement: &str) -> Redact {
        if !text.is_empty() {
            self.literals.push((text.to_string(), replacement.to_string()));
            self.literals.sort_by_key(|(t, _)| std::cmp::Reverse(t.len()));
        }
        self
    }

    pub fn port(mut self, port: u16, replacement: &str) -> Redact {
        self.ports.push((port, replacement.to_string()));
        self
    }

    pub fn apply(&self, text: &str) -> String {
        let mut text = text.to_string();
        for (from, to) in &self.literals {
            text = text.replace(from.as_str(), to);
        }
        for (port, to) in &self.ports {
            text = replace_number(&text, &port.to_string(), to);
        }
        text
    }

    /// The redacted transcript of `outcome`.
    pub fn transcript(&self, outcome: &Outcome) -> String {
        self.apply(&outcome.transcript())
    }
}

/// Replaces `number` where it stands alone (not part of a longer run of digits).
fn replace_number(text: &str, number: &str, replacement: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        if text[i..].starts_with(number) {
            let before = i > 0 && bytes[i - 1].is_ascii_digit();
            let end = i + number.len();
            let after = end < bytes.len() && bytes[end].is_ascii_digit();
            if !before && !after {
                out.push_str(replacement);
                i = end;
                continue;
            }
        }
        let ch = text[i..].chars().next().expect("in bounds");
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

/// insta settings with the filters for times and temporary paths.
pub fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.add_filter(
        r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})",
        "[TIME]",
    );
    s.add_filter(
        r"\[TIME\] \((in [0-9dhms ]+|now|[0-9dhms ]+ ago)",
        "[TIME] ([RELATIVE]",
    );
    s.add_filter(r"/tmp/\.tmp[A-Za-z0-9]+", "[TMP]");
    s.set_omit_expression(true);
    s
}

/// Asserts a redacted transcript against the named snapshot in `tests/snapshots/`.
#[macro_export]
macro_rules! assert_transcript {
    ($name:expr, $redact:expr, $outcome:expr) => {{
        let text = $redact.transcript(&$outcome);
        $crate::common::cli::settings().bind(|| {
            insta::assert_snapshot!($name, text);
        });
    }};
}

/// Writes `contents` to `dir/name` and returns the path as a string.
pub fn write_file(dir: &Path, name: &str, contents: &str) -> String {
    let path = dir.join(name);
    let mut f = std::fs::File::create(&path).expect("create file");
    f.write_all(contents.as_bytes()).expect("write file");
    path.display().to_string()
}

/// A loopback port where nothing listens (bound, then released).
pub fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("addr").port()
}
