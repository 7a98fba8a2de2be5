//! The CLI's one error type and the one function that prints it.
//!
//! Every failure becomes a [`CliError`]: a message, the chain of causes, an optional hint
//! telling the user what to do next, and the exit code scripts can rely on (see
//! [`ExitStatus`]). [`print_error`] writes it to stderr as text (`Error:`, `Caused by:`,
//! `Hint:`) or, with `--json`, as one JSON object.

use std::fmt;
use std::io::Write;
use std::process::ExitCode;

use serde_json::{Value, json};

use crate::api::{ApiError, ErrorCode};

/// The documented exit codes of `weka`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// 0: the command did what was asked.
    Success,
    /// 1: a failure that fits no other code, including errors of the server itself.
    Failure,
    /// 2: the command line is wrong (clap's code), a needed input is missing, or `--yes` is missing.
    Usage,
    /// 3: the server cannot be reached: connection refused, TLS failure, timeout, not a weka server.
    Connection,
    /// 4: not logged in, the session expired and could not be renewed, or a bad password.
    Authentication,
    /// 5: the user's role does not allow the command.
    PermissionDenied,
    /// 6: the named object does not exist.
    NotFound,
    /// 7: the object already exists, or its state forbids the change (built-in, not empty).
    Conflict,
    /// 8: the server (or the CLI before sending) rejected the input as invalid.
    InvalidInput,
}

impl ExitStatus {
    pub const ALL: &[ExitStatus] = &[
        ExitStatus::Success,
        ExitStatus::Failure,
        ExitStatus::Usage,
        ExitStatus::Connection,
        ExitStatus::Authentication,
        ExitStatus::PermissionDenied,
        ExitStatus::NotFound,
        ExitStatus::Conflict,
        ExitStatus::InvalidInput,
    ];

    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::Usage => 2,
            ExitStatus::Connection => 3,
            ExitStatus::Authentication => 4,
            ExitStatus::PermissionDenied => 5,
            ExitStatus::NotFound => 6,
            ExitStatus::Conflict => 7,
            ExitStatus::InvalidInput => 8,
        }
    }

    /// One line for the exit code table in `weka --help` and the README.
    pub fn description(self) -> &'static str {
        match self {
            ExitStatus::Success => "success",
            ExitStatus::Failure => "failure, including an error of the server itself",
            ExitStatus::Usage => "usage error: bad arguments, missing input, or a missing --yes",
            ExitStatus::Connection => "cannot reach the server: refused, TLS failure, timeout",
            ExitStatus::Authentication => "not logged in, session expired, or bad password",
            ExitStatus::PermissionDenied => "permission denied by the user's role",
            ExitStatus::NotFound => "not found",
            ExitStatus::Conflict => "already exists, or the object's state forbids the change",
            ExitStatus::InvalidInput => "invalid input (policy, argument, token) rejected",
        }
    }

    /// The exit code a server error maps to.
    pub fn for_api_error(kind: Option<ErrorCode>) -> ExitStatus {
        match kind {
            Some(ErrorCode::NotAuthenticated | ErrorCode::TokenExpired) => ExitStatus::Authentication,
            Some(ErrorCode::PermissionDenied) => ExitStatus::PermissionDenied,
            Some(ErrorCode::NotFound | ErrorCode::OidcNotConfigured) => ExitStatus::NotFound,
            Some(ErrorCode::AlreadyExists | ErrorCode::Protected | ErrorCode::NotEmpty) => {
                ExitStatus::Conflict
            }
            Some(
                ErrorCode::InvalidPolicy
                | ErrorCode::InvalidArgument
                | ErrorCode::InvalidParams
                | ErrorCode::OidcDiscoveryFailed
                | ErrorCode::InvalidIdentityToken,
            ) => ExitStatus::InvalidInput,
            Some(
                ErrorCode::ParseError
                | ErrorCode::InvalidRequest
                | ErrorCode::MethodNotFound
                | ErrorCode::InternalError
                | ErrorCode::Unavailable,
            )
            | None => ExitStatus::Failure,
        }
    }
}

impl From<ExitStatus> for ExitCode {
    fn from(s: ExitStatus) -> ExitCode {
        ExitCode::from(s.code())
    }
}

/// The exit code table as plain text, for `weka --help` and the README.
pub fn exit_code_table() -> String {
    let mut s = String::new();
    for status in ExitStatus::ALL {
        s.push_str(&format!("  {}  {}\n", status.code(), status.description()));
    }
    s
}

/// An error as the user sees it. Boxed: results stay small on the success path.
#[derive(Debug, Clone)]
pub struct CliError(Box<ErrorInner>);

#[derive(Debug, Clone)]
struct ErrorInner {
    status: ExitStatus,
    /// A stable name scripts can match on: the server's `data.name`, or a client-side name
    /// such as `ConnectionFailed`.
    name: String,
    message: String,
    causes: Vec<String>,
    hint: Option<String>,
    /// The JSON-RPC code when the server answered with an error.
    rpc_code: Option<i64>,
    /// Structured details from the server (for example the policy field at fault).
    details: Option<Value>,
}

impl CliError {
    pub fn new(status: ExitStatus, name: &str, message: impl Into<String>) -> Self {
        CliError(Box::new(ErrorInner {
            status,
            name: name.to_string(),
            message: message.into(),
            causes: Vec::new(),
            hint: None,
            rpc_code: None,
            details: None,
        }))
    }

    /// A failure with no more specific code (exit 1).
    pub fn failure(message: impl Into<String>) -> Self {
        CliError::new(ExitStatus::Failure, "Failure", message)
    }

    /// A usage error found after parsing (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        CliError::new(ExitStatus::Usage, "UsageError", message)
    }

    /// Input the CLI itself rejects before sending (exit 8), named like the server's error.
    pub fn invalid_argument(message: impl Into<String>) -> Self {
        CliError::new(
            ExitStatus::InvalidInput,
            ErrorCode::InvalidArgument.name(),
            message,
        )
    }

    /// Not logged in, or the session cannot be renewed (exit 4).
    pub fn not_authenticated(message: impl Into<String>) -> Self {
        CliError::new(
            ExitStatus::Authentication,
            ErrorCode::NotAuthenticated.name(),
            message,
        )
    }

    /// The refusal of a destructive command run without `--yes` (exit 2).
    /// `action` completes "add --yes to ...", for example "remove policy 's3admin'".
    pub fn confirmation_required(action: &str) -> Self {
        CliError::new(
            ExitStatus::Usage,
            "ConfirmationRequired",
            format!("refusing to {action} without --yes"),
        )
        .with_hint(format!("add --yes to {action}"))
    }

    /// An error the server answered with.
    pub fn from_api(err: ApiError) -> Self {
        let kind = err.kind();
        let name = match (&err.data, kind) {
            (Some(d), _) if !d.name.is_empty() => d.name.clone(),
            (_, Some(k)) => k.name().to_string(),
            _ => "ServerError".to_string(),
        };
        let hint = err.hint().map(str::to_string);
        let details = err.data.as_ref().and_then(|d| d.details.clone());
        CliError(Box::new(ErrorInner {
            status: ExitStatus::for_api_error(kind),
            name,
            message: err.message,
            causes: Vec::new(),
            hint,
            rpc_code: Some(err.code),
            details,
        }))
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.0.hint = Some(hint.into());
        self
    }

    /// Sets the hint only when there is none yet (the server's own hint wins).
    pub fn with_default_hint(mut self, hint: impl Into<String>) -> Self {
        if self.0.hint.is_none() {
            self.0.hint = Some(hint.into());
        }
        self
    }

    pub fn with_cause(mut self, cause: impl fmt::Display) -> Self {
        self.0.causes.push(cause.to_string());
        self
    }

    /// Appends the error and its `source()` chain as causes, skipping repeated messages.
    pub fn with_source_chain(mut self, err: &(dyn std::error::Error + 'static)) -> Self {
        let mut next: Option<&(dyn std::error::Error + 'static)> = Some(err);
        while let Some(e) = next {
            let text = e.to_string();
            let repeated =
                self.0.causes.last().is_some_and(|last| last.contains(&text)) || text == self.0.message;
            if !text.is_empty() && !repeated {
                self.0.causes.push(text);
            }
            next = e.source();
        }
        self
    }

    /// Prefixes the message, keeping the code, name and hint: "while doing X: message".
    pub fn context(mut self, context: impl fmt::Display) -> Self {
        self.0.message = format!("{context}: {}", self.0.message);
        self
    }

    pub fn status(&self) -> ExitStatus {
        self.0.status
    }

    pub fn name(&self) -> &str {
        &self.0.name
    }

    pub fn message(&self) -> &str {
        &self.0.message
    }

    pub fn hint(&self) -> Option<&str> {
        self.0.hint.as_deref()
    }

    pub fn causes(&self) -> &[String] {
        &self.0.causes
    }

    pub fn details(&self) -> Option<&Value> {
        self.0.details.as_ref()
    }

    /// The server error kind, when the server answered with an error.
    pub fn api_kind(&self) -> Option<ErrorCode> {
        self.0.rpc_code?;
        ErrorCode::from_name(&self.0.name)
    }

    /// The error as text, exactly as [`print_error`] writes it without `--json`.
    pub fn to_text(&self) -> String {
        let mut s = format!("Error: {}\n", self.0.message);
        match self.0.causes.as_slice() {
            [] => {}
            [one] => s.push_str(&format!("Caused by: {one}\n")),
            many => {
                s.push_str("Caused by:\n");
                for (i, c) in many.iter().enumerate() {
                    s.push_str(&format!("{}: {c}\n", i + 1));
                }
            }
        }
        if let Some(details) = &self.0.details {
            // Details whose values are all null (a document that is not an object) print nothing.
            let lines = details_lines(details);
            if !lines.is_empty() {
                s.push_str("Details:\n");
                for line in lines {
                    s.push_str(&format!("  {line}\n"));
                }
            }
        }
        if let Some(hint) = &self.0.hint {
            s.push_str(&format!("Hint: {hint}\n"));
        }
        s
    }

    /// The error as the JSON object [`print_error`] writes with `--json`.
    pub fn to_json(&self) -> Value {
        let mut error = json!({
            "code": self.0.status.code(),
            "name": self.0.name,
            "message": self.0.message,
            "hint": self.0.hint,
        });
        if let Some(obj) = error.as_object_mut() {
            if !self.0.causes.is_empty() {
                obj.insert("causes".into(), json!(self.0.causes));
            }
            if let Some(code) = self.0.rpc_code {
                obj.insert("rpc_code".into(), json!(code));
            }
            if let Some(details) = &self.0.details {
                obj.insert("details".into(), details.clone());
            }
        }
        json!({ "error": error })
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl std::error::Error for CliError {}

impl From<ApiError> for CliError {
    fn from(err: ApiError) -> Self {
        CliError::from_api(err)
    }
}

/// Renders server-provided details as `key: value` lines (nested objects as `a.b: value`).
fn details_lines(details: &Value) -> Vec<String> {
    fn walk(prefix: &str, v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(map) if !map.is_empty() => {
                for (k, v) in map {
                    let key = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    walk(&key, v, out);
                }
            }
            // A field the server left empty says nothing.
            Value::Null => {}
            Value::String(s) if prefix.is_empty() => out.push(s.clone()),
            Value::String(s) => out.push(format!("{prefix}: {s}")),
            other if prefix.is_empty() => out.push(other.to_string()),
            other => out.push(format!("{prefix}: {other}")),
        }
    }
    let mut out = Vec::new();
    walk("", details, &mut out);
    out
}

/// Prints the error to stderr, as text or (with `json`) as one JSON object, and returns the
/// exit code to end the process with.
pub fn print_error(err: &CliError, json: bool) -> ExitCode {
    let mut stderr = std::io::stderr().lock();
    // A closed stderr leaves nothing to report the failure to; the exit code still tells.
    let _ = write_error(&mut stderr, err, json);
    err.status().into()
}

/// Writes the error as [`print_error`] does, to any writer.
pub fn write_error(w: &mut dyn Write, err: &CliError, json: bool) -> std::io::Result<()> {
    if json {
        let text = serde_json::to_string_pretty(&err.to_json()).unwrap_or_else(|_| {
            // Serializing a tree of strings and numbers cannot fail; keep a valid fallback anyway.
            r#"{"error":{"code":1,"name":"Failure","message":"unprintable error","hint":null}}"#.into()
        });
        writeln!(w, "{text}")
    } else {
        w.write_all(err.to_text().as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_are_the_documented_ones() {
        let codes: Vec<u8> = ExitStatus::ALL.iter().map(|s| s.code()).collect();
        assert_eq!(codes, [0, 1, 2, 3, 4, 5, 6, 7, 8]);
        let table = exit_code_table();
        assert!(table.contains("  3  cannot reach the server"), "{table}");
        assert!(table.contains("  8  invalid input"), "{table}");
    }

    #[test]
    fn every_api_error_maps_to_an_exit_code() {
        let table = [
            (ErrorCode::ParseError, 1),
            (ErrorCode::InvalidRequest, 1),
            (ErrorCode::MethodNotFound, 1),
            (ErrorCode::InvalidParams, 8),
            (ErrorCode::InternalError, 1),
            (ErrorCode::NotAuthenticated, 4),
            (ErrorCode::TokenExpired, 4),
            (ErrorCode::PermissionDenied, 5),
            (ErrorCode::NotFound, 6),
            (ErrorCode::AlreadyExists, 7),
            (ErrorCode::InvalidPolicy, 8),
            (ErrorCode::OidcDiscoveryFailed, 8),
            (ErrorCode::OidcNotConfigured, 6),
            (ErrorCode::InvalidArgument, 8),
            (ErrorCode::Protected, 7),
            (ErrorCode::NotEmpty, 7),
            (ErrorCode::InvalidIdentityToken, 8),
            (ErrorCode::Unavailable, 1),
        ];
        assert_eq!(
            table.len(),
            ErrorCode::ALL.len(),
            "a new ErrorCode needs a row here"
        );
        for (kind, code) in table {
            assert_eq!(ExitStatus::for_api_error(Some(kind)).code(), code, "{kind}");
        }
        assert_eq!(ExitStatus::for_api_error(None), ExitStatus::Failure);
    }

    #[test]
    fn text_with_one_cause_and_hint() {
        let err = CliError::new(ExitStatus::Connection, "ConnectionFailed", "cannot reach x")
            .with_cause("Connection refused (os error 111)")
            .with_hint("start it with `weka-server`");
        assert_eq!(
            err.to_text(),
            "Error: cannot reach x\nCaused by: Connection refused (os error 111)\n\
             Hint: start it with `weka-server`\n"
        );
    }

    #[test]
    fn text_with_several_causes_numbers_them() {
        let err = CliError::failure("top").with_cause("a").with_cause("b");
        assert_eq!(err.to_text(), "Error: top\nCaused by:\n1: a\n2: b\n");
    }

    #[test]
    fn source_chain_skips_repeats() {
        #[derive(Debug)]
        struct E(&'static str, Option<Box<E>>);
        impl fmt::Display for E {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.0)
            }
        }
        impl std::error::Error for E {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                self.1.as_deref().map(|e| e as _)
            }
        }
        let chain = E(
            "outer: refused",
            Some(Box::new(E("refused", Some(Box::new(E("os 111", None)))))),
        );
        let err = CliError::failure("m").with_source_chain(&chain);
        assert_eq!(err.causes(), ["outer: refused", "os 111"]);
    }

    #[test]
    fn details_without_values_print_no_heading() {
        let api = ApiError::new(ErrorCode::InvalidPolicy, "a policy must be a JSON object")
            .with_hint("fix the document")
            .with_details(json!({"statement": null, "sid": null, "field": null}));
        assert_eq!(
            CliError::from(api).to_text(),
            "Error: a policy must be a JSON object\nHint: fix the document\n"
        );
    }

    #[test]
    fn server_error_keeps_name_hint_details() {
        let api = ApiError::new(ErrorCode::InvalidPolicy, "Statement[0].Action: unknown action")
            .with_hint("see the supported actions")
            .with_details(json!({"statement": 0, "sid": null, "field": "Action"}));
        let err = CliError::from(api);
        assert_eq!(err.status(), ExitStatus::InvalidInput);
        assert_eq!(err.api_kind(), Some(ErrorCode::InvalidPolicy));
        assert_eq!(
            err.to_text(),
            "Error: Statement[0].Action: unknown action\nDetails:\n  statement: 0\n  field: Action\n\
             Hint: see the supported actions\n"
        );
        assert_eq!(
            err.to_json(),
            json!({"error": {
                "code": 8,
                "name": "InvalidPolicy",
                "message": "Statement[0].Action: unknown action",
                "hint": "see the supported actions",
                "rpc_code": -32006,
                "details": {"statement": 0, "sid": null, "field": "Action"},
            }})
        );
    }

    #[test]
    fn json_error_has_null_hint_when_none() {
        let err = CliError::not_authenticated("not logged in");
        let mut out = Vec::new();
        write_error(&mut out, &err, true).unwrap();
        let v: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(
            v,
            json!({"error": {"code": 4, "name": "NotAuthenticated", "message": "not logged in", "hint": null}})
        );
    }

    #[test]
    fn server_hint_wins_over_default_hint() {
        let err = CliError::from(ApiError::new(ErrorCode::NotFound, "gone").with_hint("server says"))
            .with_default_hint("client says");
        assert_eq!(err.hint(), Some("server says"));
        let err = CliError::from(ApiError::new(ErrorCode::NotFound, "gone")).with_default_hint("client says");
        assert_eq!(err.hint(), Some("client says"));
    }

    #[test]
    fn confirmation_names_what_to_add() {
        let err = CliError::confirmation_required("remove policy 's3admin'");
        assert_eq!(err.status(), ExitStatus::Usage);
        assert_eq!(
            err.to_text(),
            "Error: refusing to remove policy 's3admin' without --yes\n\
             Hint: add --yes to remove policy 's3admin'\n"
        );
    }

    #[test]
    fn unknown_server_error_is_a_failure_with_its_code() {
        let api = ApiError {
            code: -31999,
            message: "odd".into(),
            data: None,
        };
        let err = CliError::from(api);
        assert_eq!(err.status(), ExitStatus::Failure);
        assert_eq!(err.name(), "ServerError");
        assert_eq!(err.to_json()["error"]["rpc_code"], json!(-31999));
    }
}
