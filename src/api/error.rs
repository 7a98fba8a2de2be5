//! JSON-RPC errors: the standard codes plus application codes, each with a stable name in
//! `data.name` that scripts can match on, and an optional `data.hint` telling the user the
//! next action.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

macro_rules! error_codes {
    ($($variant:ident = $code:literal, $doc:literal;)*) => {
        /// Every error the API can return. The numeric code and the name never change.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ErrorCode {
            $(#[doc = $doc] $variant,)*
        }

        impl ErrorCode {
            pub const ALL: &[ErrorCode] = &[$(ErrorCode::$variant),*];

            /// The JSON-RPC `code` number.
            pub fn code(self) -> i64 {
                match self { $(ErrorCode::$variant => $code,)* }
            }

            /// The stable name carried in `data.name`.
            pub fn name(self) -> &'static str {
                match self { $(ErrorCode::$variant => stringify!($variant),)* }
            }

            pub fn from_name(name: &str) -> Option<ErrorCode> {
                match name { $(stringify!($variant) => Some(ErrorCode::$variant),)* _ => None }
            }

            pub fn from_code(code: i64) -> Option<ErrorCode> {
                match code { $($code => Some(ErrorCode::$variant),)* _ => None }
            }
        }
    };
}

error_codes! {
    ParseError = -32700, "The request body is not valid JSON.";
    InvalidRequest = -32600, "The body is JSON but not a JSON-RPC 2.0 request.";
    MethodNotFound = -32601, "No method of that name.";
    InvalidParams = -32602, "The parameters do not match the method.";
    InternalError = -32603, "The server failed; its log has the details.";
    NotAuthenticated = -32001, "No valid bearer token: log in first.";
    TokenExpired = -32002, "The access token expired: refresh it or log in again.";
    PermissionDenied = -32003, "The user's role does not allow this method.";
    NotFound = -32004, "The named object does not exist.";
    AlreadyExists = -32005, "An object of that name already exists.";
    InvalidPolicy = -32006, "The IAM policy document is not valid.";
    OidcDiscoveryFailed = -32007, "The OIDC discovery document or its JWKS could not be used.";
    OidcNotConfigured = -32008, "No OIDC provider is configured.";
    InvalidArgument = -32009, "An argument is out of range or malformed.";
    Protected = -32010, "A built-in object cannot be changed or removed.";
    NotEmpty = -32011, "The bucket still holds objects.";
    InvalidIdentityToken = -32012, "The web identity token was rejected.";
    Unavailable = -32013, "The server is shutting down or overloaded; try again.";
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Extra information in an error's `data` member.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ErrorData {
    /// The stable name of the error (`ErrorCode::name`).
    pub name: String,
    /// What to do next, when the server knows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// Structured details (for example the policy statement and field at fault).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<Value>,
}

/// A JSON-RPC error object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiError {
    pub code: i64,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Box<ErrorData>>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError {
            code: code.code(),
            message: message.into(),
            data: Some(Box::new(ErrorData {
                name: code.name().to_string(),
                hint: None,
                details: None,
            })),
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.data.get_or_insert_with(Default::default).hint = Some(hint.into());
        self
    }

    pub fn with_details(mut self, details: Value) -> Self {
        self.data.get_or_insert_with(Default::default).details = Some(details);
        self
    }

    /// The error's kind, from `data.name` when present, else from the numeric code.
    pub fn kind(&self) -> Option<ErrorCode> {
        self.data
            .as_ref()
            .and_then(|d| ErrorCode::from_name(&d.name))
            .or_else(|| ErrorCode::from_code(self.code))
    }

    pub fn hint(&self) -> Option<&str> {
        self.data.as_ref().and_then(|d| d.hint.as_deref())
    }

    pub fn not_found(what: &str, name: &str) -> Self {
        ApiError::new(ErrorCode::NotFound, format!("{what} '{name}' does not exist"))
    }

    pub fn invalid_argument(message: impl Into<String>) -> Self {
        ApiError::new(ErrorCode::InvalidArgument, message)
    }

    pub fn internal(message: impl Into<String>) -> Self {
        ApiError::new(ErrorCode::InternalError, message)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_round_trip() {
        let mut codes = std::collections::HashSet::new();
        for c in ErrorCode::ALL {
            assert!(codes.insert(c.code()), "duplicate code {}", c.code());
            assert_eq!(ErrorCode::from_name(c.name()), Some(*c));
            assert_eq!(ErrorCode::from_code(c.code()), Some(*c));
        }
    }

    #[test]
    fn error_serializes_with_name_and_hint() {
        let e = ApiError::new(ErrorCode::AlreadyExists, "exists").with_hint("use update");
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"code": -32005, "message": "exists", "data": {"name": "AlreadyExists", "hint": "use update"}})
        );
        assert_eq!(e.kind(), Some(ErrorCode::AlreadyExists));
    }
}
