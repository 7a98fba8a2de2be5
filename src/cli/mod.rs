//! `weka`: the management command-line tool.
//!
//! The clap tree lives in [`commands`] (one file per leaf command, one folder per group);
//! this module holds the top of it, the global options and the dispatcher.

pub mod client;
pub mod commands;
pub mod context;
pub mod error;
pub mod generate;
pub mod input;
pub mod output;
pub mod tokens;

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use self::commands::{completions, s3, user};
use self::context::CommandContext;
use self::error::{CliError, ExitStatus, print_error};
use self::output::ColorChoice;

/// The management server the CLI talks to unless told otherwise.
pub const DEFAULT_HOST: &str = "127.0.0.1";

/// Runs the CLI with the process's arguments and returns its exit code.
pub fn run() -> ExitCode {
    run_with_args(std::env::args_os())
}

/// Runs the CLI with the given arguments (the first is the program name).
pub fn run_with_args(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let args: Vec<OsString> = args.into_iter().collect();
    let cli = match command()
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(cli) => cli,
        Err(e) => return report_usage_error(e, wants_json(&args)),
    };
    let json = cli.global.json;
    match dispatch(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => print_error(&e, json),
    }
}

/// The whole clap command tree: for parsing, completions and man pages.
pub fn command() -> clap::Command {
    Cli::command()
}

/// `weka`: manage OIDC-federated S3 access on weka-server.
#[derive(Debug, Parser)]
#[command(
    name = "weka",
    version,
    about = "Manage OIDC-federated S3 access on weka-server",
    long_about = "Manage OIDC-federated S3 access on weka-server.\n\n\
        Applications trade a JWT from their identity provider for short-lived S3 credentials at \
        the STS endpoint; the JWT's roles claim names IAM policies of exactly the same name. \
        This tool configures that: the OIDC provider (`weka s3 cluster oidc`), the IAM policies \
        (`weka s3 policy`), the temporary credentials issued (`weka s3 sts`), buckets \
        (`weka s3 bucket`) and the management users (`weka user`).\n\n\
        Start with `weka user login`. The session is kept per server (scheme, host and port) in \
        the OS keyring, or in ~/.weka/auth-token.json (mode 0600) where no keyring works.\n\n\
        TLS: when weka-server listens with TLS, add --tls, or --ca-cert FILE (which implies \
        --tls) to trust a self-signed certificate; weka-server --tls-self-signed writes its CA \
        certificate to tls/ca.pem in its data directory.",
    after_long_help = after_long_help(),
    subcommand_required = true,
    arg_required_else_help = true
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes, as in WEKA's own CLI.
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Global Options")]
pub struct GlobalArgs {
    /// The management server's host name or IP address.
    #[arg(short = 'H', long, env = "WEKA_HOST", default_value = DEFAULT_HOST, global = true, value_name = "HOST")]
    pub hostname: String,

    /// The management API port.
    #[arg(short = 'P', long, env = "WEKA_PORT", default_value_t = crate::api::DEFAULT_API_PORT, global = true)]
    pub port: u16,

    /// Connect with TLS (HTTPS); needed when weka-server listens with TLS.
    #[arg(
        long,
        env = "WEKA_TLS",
        global = true,
        value_parser = clap::builder::BoolishValueParser::new()
    )]
    pub tls: bool,

    /// Trust the CA certificate(s) in this PEM file besides the system's; implies --tls.
    ///
    /// Use it for a server with a self-signed certificate: weka-server --tls-self-signed
    /// writes its CA certificate to tls/ca.pem in its data directory.
    #[arg(long, env = "WEKA_CA_CERT", global = true, value_name = "FILE")]
    pub ca_cert: Option<PathBuf>,

    /// Print results (and errors, on stderr) as JSON.
    #[arg(short = 'J', long, global = true)]
    pub json: bool,

    /// Leave out table headers.
    #[arg(long, global = true)]
    pub no_header: bool,

    /// When to color table headers and status words; NO_COLOR turns `auto` off.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Seconds to wait for the connection to the server.
    #[arg(
        short = 'C',
        long,
        default_value = "10",
        value_parser = parse_seconds,
        global = true,
        value_name = "SECONDS"
    )]
    pub connect_timeout: Duration,

    /// Seconds to wait for each answer of the server.
    #[arg(
        short = 'T',
        long,
        default_value = "60",
        value_parser = parse_seconds,
        global = true,
        value_name = "SECONDS"
    )]
    pub timeout: Duration,

    /// Log each request's method and timing to stderr (never tokens or passwords).
    #[arg(short = 'v', long, global = true)]
    pub verbose: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Log in and out, and manage the management users.
    #[command(subcommand)]
    User(user::UserCommand),
    /// Configure S3: the OIDC provider, IAM policies, temporary credentials and buckets.
    #[command(subcommand)]
    S3(s3::S3Command),
    /// Print a shell completion script to stdout.
    Completions(completions::CompletionsArgs),
}

fn dispatch(cli: Cli) -> Result<(), CliError> {
    let ctx = CommandContext::new(cli.global);
    match cli.command {
        Command::User(cmd) => user::run(&ctx, cmd),
        Command::S3(cmd) => s3::run(&ctx, cmd),
        Command::Completions(args) => completions::cmd_completions(&ctx, args),
    }
}

/// Parses a positive number of seconds, fractions allowed: `10`, `0.5`.
fn parse_seconds(s: &str) -> Result<Duration, String> {
    let secs: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("{s:?} is not a number of seconds"))?;
    if !(secs.is_finite() && secs > 0.0 && secs <= 86_400.0) {
        return Err(format!("{s} is not between 0 and 86400 seconds"));
    }
    Ok(Duration::from_secs_f64(secs))
}

fn after_long_help() -> String {
    format!(
        "Exit codes:\n{}\n\
         Environment:\n\
         \x20 WEKA_HOST, WEKA_PORT, WEKA_TLS, WEKA_CA_CERT\n\
         \x20     the server, as -H, -P, --tls and --ca-cert\n\
         \x20 WEKA_USERNAME, WEKA_PASSWORD\n\
         \x20     the credentials of `weka user login`, for scripts\n\
         \x20 WEKA_TOKEN_STORE\n\
         \x20     where sessions are kept: auto (the default: the OS keyring when it works, else\n\
         \x20     the file), keyring or file\n\
         \x20 WEKA_TOKEN_FILE\n\
         \x20     the session file (default ~/.weka/auth-token.json, mode 0600)\n\
         \x20 NO_COLOR\n\
         \x20     no color with --color auto\n\n\
         Errors go to stderr as `Error:`, `Caused by:` and `Hint:` lines; with --json as \
         {{\"error\": {{\"code\": EXIT CODE, \"name\": STABLE NAME, \"message\": ..., \"hint\": ...}}}}.",
        error::exit_code_table()
    )
}

/// Whether the command line asks for JSON, for reporting errors that stop parsing.
fn wants_json(args: &[OsString]) -> bool {
    args.iter()
        .skip(1)
        .take_while(|a| *a != "--")
        .any(|a| a == "--json" || a == "-J")
}

/// Prints a clap error (or help and version, which clap also returns as errors) and returns
/// its exit code: 0 for help and version, 2 for usage errors.
fn report_usage_error(e: clap::Error, json: bool) -> ExitCode {
    if json && e.use_stderr() {
        let rendered = e.render().to_string();
        // The error and its indented details, up to clap's blank line before "Usage:".
        let message = rendered
            .lines()
            .take_while(|l| !l.trim().is_empty())
            .map(str::trim)
            .collect::<Vec<_>>()
            .join(" ");
        let message = message.trim_start_matches("error: ").to_string();
        let usage = CliError::new(ExitStatus::Usage, "UsageError", message)
            .with_hint("run `weka --help`, or add --help to the command, for its usage");
        return print_error(&usage, true);
    }
    let _ = e.print();
    ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(ExitStatus::Usage.code()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        let mut full = vec!["weka"];
        full.extend_from_slice(args);
        command()
            .try_get_matches_from(full)
            .and_then(|m| Cli::from_arg_matches(&m))
    }

    #[test]
    fn the_command_tree_is_consistent() {
        command().debug_assert();
    }

    #[test]
    fn global_options_go_before_or_after_the_command() {
        for args in [
            &["-H", "10.0.0.1", "-P", "15000", "-J", "s3", "policy", "list"][..],
            &["s3", "policy", "list", "-H", "10.0.0.1", "-P", "15000", "--json"][..],
        ] {
            let cli = parse(args).unwrap();
            assert_eq!(cli.global.hostname, "10.0.0.1");
            assert_eq!(cli.global.port, 15000);
            assert!(cli.global.json);
        }
    }

    #[test]
    fn defaults() {
        let cli = parse(&["user", "whoami"]).unwrap();
        // The environment may set WEKA_HOST in a developer's shell; only check the untouched case.
        if std::env::var_os("WEKA_HOST").is_none() {
            assert_eq!(cli.global.hostname, "127.0.0.1");
        }
        if std::env::var_os("WEKA_PORT").is_none() {
            assert_eq!(cli.global.port, 14000);
        }
        assert_eq!(cli.global.connect_timeout, Duration::from_secs(10));
        assert_eq!(cli.global.timeout, Duration::from_secs(60));
        assert_eq!(cli.global.color, ColorChoice::Auto);
    }

    #[test]
    fn seconds() {
        assert_eq!(parse_seconds("10"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_seconds("0.5"), Ok(Duration::from_millis(500)));
        for bad in ["0", "-1", "abc", "NaN", "inf", "100000"] {
            assert!(parse_seconds(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn claim_name_is_accepted_but_hidden() {
        let cli = parse(&[
            "s3",
            "cluster",
            "oidc",
            "add",
            "--config-url",
            "https://idp/x",
            "--claim-name",
            "groups",
        ]);
        assert!(cli.is_ok());
        for path in [
            ["s3", "cluster", "oidc", "add"],
            ["s3", "cluster", "oidc", "update"],
        ] {
            let mut cmd = command();
            cmd.build();
            let mut sub = &cmd;
            for name in path {
                sub = sub.find_subcommand(name).unwrap();
            }
            let arg = sub.get_arguments().find(|a| a.get_id() == "claim_name").unwrap();
            assert!(arg.is_hide_set(), "{path:?}");
            let help = sub.clone().render_long_help().to_string();
            assert!(!help.contains("--claim-name"), "{help}");
            assert!(help.contains("--config-url"), "{help}");
        }
    }

    #[test]
    fn usage_errors_name_the_problem() {
        let err = parse(&["s3", "sts", "revoke"]).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        let err = parse(&["s3", "sts", "revoke", "AKIA", "--subject", "x"]).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        let err = parse(&[
            "s3",
            "cluster",
            "oidc",
            "update",
            "--audience",
            "a",
            "--clear-audiences",
        ])
        .unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(parse(&["--color", "sometimes", "user", "list"]).is_err());
    }

    #[test]
    fn json_is_detected_before_the_double_dash() {
        let args = |v: &[&str]| v.iter().map(OsString::from).collect::<Vec<_>>();
        assert!(wants_json(&args(&["weka", "-J", "x"])));
        assert!(wants_json(&args(&["weka", "user", "list", "--json"])));
        assert!(!wants_json(&args(&["weka", "user", "--", "--json"])));
        assert!(!wants_json(&args(&["--json"])));
    }

    #[test]
    fn long_help_documents_exit_codes_and_environment() {
        let help = command().render_long_help().to_string();
        for needle in [
            "Exit codes:",
            "3  cannot reach the server",
            "4  not logged in",
            "WEKA_TOKEN_STORE",
            "WEKA_TOKEN_FILE",
            "--ca-cert",
        ] {
            assert!(help.contains(needle), "missing {needle:?} in:\n{help}");
        }
    }
}
