//! The JSON-RPC 2.0 envelope (<https://www.jsonrpc.org/specification>).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::error::ApiError;

/// A request id: a number or a string. Requests without an id are notifications.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Id {
    Number(i64),
    String(String),
    Null,
}

/// A request as the client sends it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Request {
    pub jsonrpc: String,
    pub method: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<Value>,
    /// Absent for a notification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Id>,
}

impl Request {
    pub fn new(id: i64, method: &str, params: Value) -> Self {
        Request {
            jsonrpc: "2.0".into(),
            method: method.into(),
            params: Some(params),
            id: Some(Id::Number(id)),
        }
    }
}

/// A response: exactly one of `result` and `error`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Response {
    pub jsonrpc: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ApiError>,
    pub id: Id,
}

impl Response {
    pub fn success(id: Id, result: Value) -> Self {
        Response {
            jsonrpc: "2.0".into(),
            result: Some(result),
            error: None,
            id,
        }
    }

    pub fn failure(id: Id, error: ApiError) -> Self {
        Response {
            jsonrpc: "2.0".into(),
            result: None,
            error: Some(error),
            id,
        }
    }

    /// Turns the response into the typed result or the error it carries.
    pub fn into_result<T: serde::de::DeserializeOwned>(self) -> Result<T, ApiError> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let value = self.result.unwrap_or(Value::Null);
        serde_json::from_value(value).map_err(|e| {
            ApiError::new(
                super::ErrorCode::InternalError,
                format!("the server's result does not match this client's contract: {e}"),
            )
            .with_hint("the client and the server versions may differ; use matching versions")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_round_trip_and_notification() {
        let r = Request::new(7, "user_whoami", serde_json::json!({}));
        let s = serde_json::to_string(&r).unwrap();
        assert_eq!(
            s,
            r#"{"jsonrpc":"2.0","method":"user_whoami","params":{},"id":7}"#
        );
        let n: Request = serde_json::from_str(r#"{"jsonrpc":"2.0","method":"x"}"#).unwrap();
        assert!(n.id.is_none());
        let s: Request = serde_json::from_str(r#"{"jsonrpc":"2.0","method":"x","id":"a"}"#).unwrap();
        assert_eq!(s.id, Some(Id::String("a".into())));
    }
}
