use std::path::PathBuf;

use crate::api::policy::{AddParams, validate_name};
use crate::api::{ErrorCode, S3PolicyAdd};
use crate::cli::context::CommandContext;
use crate::cli::error::CliError;
use crate::cli::input::read_file_or_stdin;
use crate::cli::output::Human;

/// Add an IAM policy from a JSON file.
///
/// The document is AWS IAM policy JSON (`Version`, `Statement` with `Effect`, `Action`,
/// `Resource`, optional `Condition`), sent byte for byte; the server checks it and says
/// which statement and field it rejects. Name the policy exactly as the role value the
/// identity provider puts in tokens: matching is case-sensitive. Needs the ClusterAdmin role.
#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The policy name: 1-128 characters of A-Z a-z 0-9 + = , . @ _ -.
    pub name: String,

    /// The policy document (JSON); - reads it from stdin.
    pub file: PathBuf,
}

pub fn cmd_add(ctx: &CommandContext, args: AddArgs) -> Result<(), CliError> {
    validate_name(&args.name).map_err(CliError::invalid_argument)?;
    let bytes = read_file_or_stdin(&args.file, "policy")?;
    let source = if args.file.as_os_str() == "-" {
        "the policy read from stdin".to_string()
    } else {
        args.file.display().to_string()
    };
    let document = String::from_utf8(bytes).map_err(|e| {
        CliError::invalid_argument(format!("{source} is not UTF-8 text"))
            .with_cause(e)
            .with_hint("save the policy document as UTF-8 JSON")
    })?;
    let summary = ctx
        .call::<S3PolicyAdd>(AddParams {
            name: args.name.clone(),
            document,
        })
        .map_err(|e| match e.api_kind() {
            Some(ErrorCode::AlreadyExists) => e.with_default_hint(format!(
                "remove it first with `weka s3 policy remove {} --yes`, or choose another name",
                args.name
            )),
            _ => e,
        })?;
    ctx.out().emit(&summary, |_| {
        let n = summary.statements;
        Human::Status(format!(
            "Policy '{}' added ({n} statement{}).",
            summary.name,
            if n == 1 { "" } else { "s" }
        ))
    })
}
