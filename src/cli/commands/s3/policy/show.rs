use crate::api::S3PolicyShow;
use crate::api::policy::NameParams;
use crate::cli::context::CommandContext;
use crate::cli::error::CliError;
use crate::cli::output::Human;

/// Show an IAM policy's document.
///
/// Prints the document as pretty-printed JSON, keys in their original order, so that it can
/// be saved and added again. With --json prints the policy with its document (as stored,
/// byte for byte), attachments and times.
#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// The policy name (case-sensitive).
    pub name: String,
}

pub fn cmd_show(ctx: &CommandContext, args: ShowArgs) -> Result<(), CliError> {
    let policy = ctx.call::<S3PolicyShow>(NameParams { name: args.name })?;
    ctx.out()
        .emit(&policy, |_| Human::Text(pretty_document(&policy.document)))
}

/// The document pretty-printed; as stored when it is not JSON (the server only stores valid
/// documents, but the CLI does not rely on it).
fn pretty_document(document: &str) -> String {
    serde_json::from_str::<serde_json::Value>(document)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| document.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_pretty_printed_in_their_key_order() {
        let doc = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"*"}]}"#;
        assert_eq!(
            pretty_document(doc),
            "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \
             \"Action\": [\n        \"s3:GetObject\"\n      ],\n      \"Resource\": \"*\"\n    }\n  ]\n}"
        );
        assert_eq!(pretty_document("not json"), "not json");
    }
}
