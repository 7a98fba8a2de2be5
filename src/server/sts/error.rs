//! STS errors in AWS's query-protocol shape.
//!
//! botocore reads `ErrorResponse/Error/{Type,Code,Message}` and `ErrorResponse/RequestId`, and
//! raises `ClientError` with the code (the AWS CLI prints `An error occurred (Code) when calling
//! the AssumeRoleWithWebIdentity operation: Message`). Codes and statuses follow AWS STS.

use std::fmt;

use super::xml::{STS_NAMESPACE, xml_escape};
use crate::server::oidc::TokenError;

/// One STS error: the AWS error code, a message for the caller and the HTTP status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StsError {
    pub code: &'static str,
    pub message: String,
    pub status: u16,
}

impl fmt::Display for StsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for StsError {}

impl StsError {
    pub fn new(code: &'static str, status: u16, message: impl Into<String>) -> StsError {
        StsError {
            code,
            message: message.into(),
            status,
        }
    }

    /// The web identity token was refused (signature, claims, audience, issuer ...).
    pub fn invalid_identity_token(message: impl Into<String>) -> StsError {
        StsError::new("InvalidIdentityToken", 400, message)
    }

    /// The web identity token has expired.
    pub fn expired_token(message: impl Into<String>) -> StsError {
        StsError::new("ExpiredTokenException", 400, message)
    }

    /// The identity provider could not be reached to check the token; a retry may succeed.
    pub fn idp_communication_error(message: impl Into<String>) -> StsError {
        StsError::new("IDPCommunicationError", 400, message)
    }

    /// The token is valid but its claims grant nothing (no role maps to a policy).
    pub fn idp_rejected_claim(message: impl Into<String>) -> StsError {
        StsError::new("IDPRejectedClaim", 403, message)
    }

    pub fn access_denied(message: impl Into<String>) -> StsError {
        StsError::new("AccessDenied", 403, message)
    }

    /// The session policy is not a valid IAM policy.
    pub fn malformed_policy_document(message: impl Into<String>) -> StsError {
        StsError::new("MalformedPolicyDocument", 400, message)
    }

    /// The session policy exceeds the packed size limit.
    pub fn packed_policy_too_large(message: impl Into<String>) -> StsError {
        StsError::new("PackedPolicyTooLarge", 400, message)
    }

    /// A parameter value breaks a constraint.
    pub fn validation_error(message: impl Into<String>) -> StsError {
        StsError::new("ValidationError", 400, message)
    }

    /// A required parameter is absent: "The request must contain the parameter RoleArn".
    pub fn missing_parameter(parameter: &str) -> StsError {
        StsError::new(
            "MissingParameter",
            400,
            format!("The request must contain the parameter {parameter}"),
        )
    }

    /// No `Action` parameter.
    pub fn missing_action() -> StsError {
        StsError::new(
            "MissingAction",
            400,
            "The request must contain the parameter Action (this endpoint serves Action=AssumeRoleWithWebIdentity)",
        )
    }

    /// An action or version this endpoint does not serve.
    pub fn invalid_action(message: impl Into<String>) -> StsError {
        StsError::new("InvalidAction", 400, message)
    }

    /// A server-side failure; the message must not reveal internals.
    pub fn internal_failure(message: impl Into<String>) -> StsError {
        StsError::new("InternalFailure", 500, message)
    }

    /// `Sender` for the caller's errors (4xx), `Receiver` for ours (5xx).
    pub fn error_type(&self) -> &'static str {
        if self.status >= 500 { "Receiver" } else { "Sender" }
    }

    /// The XML body, in AWS's shape.
    pub fn to_xml(&self, request_id: &str) -> String {
        format!(
            "<ErrorResponse xmlns=\"{STS_NAMESPACE}\">\
             <Error><Type>{}</Type><Code>{}</Code><Message>{}</Message></Error>\
             <RequestId>{}</RequestId>\
             </ErrorResponse>",
            self.error_type(),
            xml_escape(self.code),
            xml_escape(&self.message),
            xml_escape(request_id),
        )
    }
}

impl From<TokenError> for StsError {
    fn from(error: TokenError) -> StsError {
        let message = sentence(&error.to_string());
        match error.sts_code() {
            "ExpiredTokenException" => StsError::expired_token(message),
            "IDPCommunicationError" => StsError::idp_communication_error(message),
            _ => StsError::invalid_identity_token(message),
        }
    }
}

/// AWS messages are sentences: the first letter is a capital.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl From<&TokenError> for StsError {
    fn from(error: &TokenError) -> StsError {
        StsError::from(error.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constructors_use_aws_codes_and_statuses() {
        let cases = [
            (
                StsError::invalid_identity_token("m"),
                "InvalidIdentityToken",
                400,
                "Sender",
            ),
            (
                StsError::expired_token("m"),
                "ExpiredTokenException",
                400,
                "Sender",
            ),
            (
                StsError::idp_communication_error("m"),
                "IDPCommunicationError",
                400,
                "Sender",
            ),
            (
                StsError::idp_rejected_claim("m"),
                "IDPRejectedClaim",
                403,
                "Sender",
            ),
            (StsError::access_denied("m"), "AccessDenied", 403, "Sender"),
            (
                StsError::malformed_policy_document("m"),
                "MalformedPolicyDocument",
                400,
                "Sender",
            ),
            (
                StsError::packed_policy_too_large("m"),
                "PackedPolicyTooLarge",
                400,
                "Sender",
            ),
            (StsError::validation_error("m"), "ValidationError", 400, "Sender"),
            (
                StsError::missing_parameter("RoleArn"),
                "MissingParameter",
                400,
                "Sender",
            ),
            (StsError::missing_action(), "MissingAction", 400, "Sender"),
            (StsError::invalid_action("m"), "InvalidAction", 400, "Sender"),
            (
                StsError::internal_failure("m"),
                "InternalFailure",
                500,
                "Receiver",
            ),
        ];
        for (error, code, status, kind) in cases {
            assert_eq!(
                (error.code, error.status, error.error_type()),
                (code, status, kind)
            );
        }
        assert_eq!(
            StsError::missing_parameter("RoleArn").message,
            "The request must contain the parameter RoleArn"
        );
    }

    #[test]
    fn error_xml_has_aws_shape_and_escapes() {
        let error = StsError::validation_error("Value '<a&b>' at \"x\"");
        let xml = error.to_xml("req-1<");
        assert_eq!(
            xml,
            "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\
             <Error><Type>Sender</Type><Code>ValidationError</Code>\
             <Message>Value &apos;&lt;a&amp;b&gt;&apos; at &quot;x&quot;</Message></Error>\
             <RequestId>req-1&lt;</RequestId></ErrorResponse>"
        );
        crate::server::sts::xml::tests::assert_well_formed(&xml);
    }

    #[test]
    fn token_errors_map_to_sts_codes() {
        let cases = [
            (TokenError::BadSignature, "InvalidIdentityToken"),
            (TokenError::Malformed("x".into()), "InvalidIdentityToken"),
            (
                TokenError::Expired {
                    expired_at: "a".into(),
                    now: "b".into(),
                    leeway_seconds: 60,
                },
                "ExpiredTokenException",
            ),
            (
                TokenError::ProviderUnreachable("down".into()),
                "IDPCommunicationError",
            ),
            (
                TokenError::WrongAudience {
                    found: vec![],
                    accepted: vec!["a".into()],
                },
                "InvalidIdentityToken",
            ),
        ];
        for (token_error, code) in cases {
            let message = token_error.to_string();
            let error = StsError::from(&token_error);
            assert_eq!(error.code, code);
            assert_eq!(error.status, 400);
            assert_eq!(error.message.to_lowercase(), message.to_lowercase());
            assert!(
                error.message.starts_with(|c: char| c.is_uppercase()),
                "{}",
                error.message
            );
        }
    }
}
