//! `AssumeRoleWithWebIdentity` request parameters (AWS query protocol), checked as AWS checks them.
//!
//! The integrator decodes the form body and the query string into pairs and passes them all;
//! SigV4 query parameters (`X-Amz-*`) and unknown parameters are ignored, as AWS does.

use std::fmt;

use serde_json::Value;

use super::error::StsError;

/// The only API version of STS.
pub const STS_VERSION: &str = "2011-06-15";
/// The action this module parses.
pub const ACTION: &str = "AssumeRoleWithWebIdentity";
/// The shortest session AWS allows.
pub const MIN_DURATION_SECONDS: u32 = 900;
/// The longest session AWS allows for any role.
pub const MAX_DURATION_SECONDS_LIMIT: u32 = 43_200;
/// The session length when `DurationSeconds` is absent, and the default maximum.
pub const DEFAULT_DURATION_SECONDS: u32 = 3600;
/// AWS's limit on the inline session policy, in characters.
pub const MAX_POLICY_CHARS: usize = 2048;
/// AWS's limits on `WebIdentityToken`, in bytes.
pub const MIN_TOKEN_BYTES: usize = 4;
pub const MAX_TOKEN_BYTES: usize = 20_000;
/// AWS's limits on `RoleSessionName`.
pub const MIN_SESSION_NAME_CHARS: usize = 2;
pub const MAX_SESSION_NAME_CHARS: usize = 64;
/// AWS's limits on `RoleArn`.
pub const MIN_ROLE_ARN_CHARS: usize = 20;
pub const MAX_ROLE_ARN_CHARS: usize = 2048;

/// A role ARN: `arn:<partition>:iam::<12-digit account>:role/<optional path/><name>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleArn {
    raw: String,
    pub partition: String,
    pub account_id: String,
    /// The path between `role/` and the name, with its slashes (`/` when there is none).
    pub path: String,
    pub role_name: String,
}

impl RoleArn {
    /// Parses a role ARN; the error says what is wrong.
    pub fn parse(raw: &str) -> Result<RoleArn, String> {
        let parts: Vec<&str> = raw.splitn(6, ':').collect();
        let [arn, partition, service, region, account, resource] = parts.as_slice() else {
            return Err("it does not have the six colon-separated fields of an ARN".into());
        };
        if *arn != "arn" {
            return Err("it does not start with \"arn:\"".into());
        }
        if !(*partition == "aws"
            || partition.strip_prefix("aws-").is_some_and(|rest| {
                !rest.is_empty()
                    && rest
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            }))
        {
            return Err(format!(
                "\"{partition}\" is not an AWS partition (aws, aws-cn, aws-us-gov, ...)"
            ));
        }
        if *service != "iam" {
            return Err(format!("the service is \"{service}\", a role ARN has \"iam\""));
        }
        if !region.is_empty() {
            return Err("a role ARN has no region (arn:aws:iam::<account>:role/<name>)".into());
        }
        if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
            return Err("the account id must be 12 digits".into());
        }
        let Some(role_path) = resource.strip_prefix("role/") else {
            return Err("the resource must be role/<name>".into());
        };
        let (path, name) = match role_path.rfind('/') {
            Some(slash) => (format!("/{}", &role_path[..=slash]), &role_path[slash + 1..]),
            None => ("/".to_string(), role_path),
        };
        if name.is_empty() || name.chars().count() > 64 || !name.chars().all(is_name_char) {
            return Err("the role name must be 1-64 characters of letters, digits and +=,.@_-".into());
        }
        if path.len() > 512 || !path.bytes().all(|b| (0x21..=0x7e).contains(&b)) || path.contains("//") {
            return Err("the role path must be printable ASCII segments separated by single slashes".into());
        }
        Ok(RoleArn {
            raw: raw.to_string(),
            partition: partition.to_string(),
            account_id: account.to_string(),
            path,
            role_name: name.to_string(),
        })
    }

    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// `arn:<partition>:sts::<account>:assumed-role/<role name>/<session name>`
    pub fn assumed_role_arn(&self, session_name: &str) -> String {
        format!(
            "arn:{}:sts::{}:assumed-role/{}/{}",
            self.partition, self.account_id, self.role_name, session_name
        )
    }
}

impl fmt::Display for RoleArn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

/// A checked `AssumeRoleWithWebIdentity` request.
#[derive(Clone, PartialEq, Eq)]
pub struct AssumeRoleWithWebIdentityRequest {
    pub role_arn: RoleArn,
    pub role_session_name: String,
    /// The JWT. Never log it: it is a bearer credential.
    pub web_identity_token: String,
    /// The session length, `DEFAULT_DURATION_SECONDS` when the request had none.
    pub duration_seconds: u32,
    /// Whether `DurationSeconds` was in the request.
    pub duration_given: bool,
    /// The inline session policy (JSON text), if any.
    pub policy: Option<String>,
}

impl fmt::Debug for AssumeRoleWithWebIdentityRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AssumeRoleWithWebIdentityRequest")
            .field("role_arn", &self.role_arn.as_str())
            .field("role_session_name", &self.role_session_name)
            .field(
                "web_identity_token",
                &format_args!("[{} bytes, redacted]", self.web_identity_token.len()),
            )
            .field("duration_seconds", &self.duration_seconds)
            .field(
                "policy",
                &self
                    .policy
                    .as_ref()
                    .map(|p| format!("[{} chars]", p.chars().count())),
            )
            .finish()
    }
}

impl AssumeRoleWithWebIdentityRequest {
    /// `PackedPolicySize` for the response when a session policy was given.
    pub fn packed_policy_size(&self) -> Option<u32> {
        self.policy.as_deref().map(packed_policy_size)
    }
}

/// The session policy's size as a percentage of the limit, as AWS reports it in
/// `PackedPolicySize`: the policy is measured with insignificant whitespace removed.
pub fn packed_policy_size(policy: &str) -> u32 {
    let packed = match serde_json::from_str::<Value>(policy) {
        Ok(value) => value.to_string().chars().count(),
        Err(_) => policy.chars().count(),
    };
    (packed * 100).div_ceil(MAX_POLICY_CHARS) as u32
}

/// Parses and checks the request. `max_duration_seconds` is the longest session the server
/// grants (`DEFAULT_DURATION_SECONDS` if unsure); it is clamped to 900..=43200.
pub fn parse_assume_role_with_web_identity(
    pairs: &[(String, String)],
    max_duration_seconds: u32,
) -> Result<AssumeRoleWithWebIdentityRequest, StsError> {
    parse_with_limits(
        pairs,
        DurationLimits {
            min: MIN_DURATION_SECONDS,
            max: max_duration_seconds.clamp(MIN_DURATION_SECONDS, MAX_DURATION_SECONDS_LIMIT),
        },
    )
}

/// The session lengths a server grants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DurationLimits {
    /// Shortest `DurationSeconds` (AWS: 900). Lower only for tests and demonstrations.
    pub min: u32,
    /// Longest `DurationSeconds` the server grants (AWS: at most 43200 unless raised).
    pub max: u32,
}

/// [`parse_assume_role_with_web_identity`] with the server's own duration limits.
pub fn parse_with_limits(
    pairs: &[(String, String)],
    limits: DurationLimits,
) -> Result<AssumeRoleWithWebIdentityRequest, StsError> {
    let min_duration = limits.min.max(1);
    let max_duration = limits.max.max(min_duration);
    let hard_max = max_duration.max(MAX_DURATION_SECONDS_LIMIT);
    let params = Params { pairs };

    let action = params.single("Action")?.ok_or_else(StsError::missing_action)?;
    let version = params.single("Version")?;
    if action != ACTION {
        return Err(StsError::invalid_action(format!(
            "Could not find operation {} for version {}; this endpoint serves only {ACTION}",
            shown(action, 64),
            version
                .map(|v| shown(v, 32))
                .unwrap_or_else(|| "NO_VERSION_SPECIFIED".into()),
        )));
    }
    match version {
        None => return Err(StsError::missing_parameter("Version")),
        Some(STS_VERSION) => {}
        Some(other) => {
            return Err(StsError::invalid_action(format!(
                "Could not find operation {ACTION} for version {}; the STS API version is {STS_VERSION}",
                shown(other, 32)
            )));
        }
    }

    if params.has_prefix("PolicyArns.") {
        return Err(StsError::validation_error(
            "Managed session policies (PolicyArns) are not supported; the roles claim of the token selects the \
             policies. Remove PolicyArns, or pass an inline session policy with Policy",
        ));
    }
    if params.single("ProviderId")?.is_some() {
        return Err(StsError::validation_error(
            "ProviderId is only used with OAuth 2.0 access tokens from Login with Amazon and Facebook; this \
             endpoint accepts OpenID Connect tokens. Remove ProviderId",
        ));
    }

    // AWS reports every constraint violation of the present parameters in one message.
    let mut violations: Vec<String> = Vec::new();

    let role_arn_raw = params
        .single("RoleArn")?
        .ok_or_else(|| StsError::missing_parameter("RoleArn"))?;
    let session_name = params
        .single("RoleSessionName")?
        .ok_or_else(|| StsError::missing_parameter("RoleSessionName"))?;
    let token = params
        .single("WebIdentityToken")?
        .ok_or_else(|| StsError::missing_parameter("WebIdentityToken"))?;

    let role_arn_chars = role_arn_raw.chars().count();
    let mut role_arn = None;
    if role_arn_chars < MIN_ROLE_ARN_CHARS {
        violations.push(format!(
            "Value '{}' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to {MIN_ROLE_ARN_CHARS}",
            shown(role_arn_raw, 64)
        ));
    } else if role_arn_chars > MAX_ROLE_ARN_CHARS {
        violations.push(format!(
            "Value at 'roleArn' failed to satisfy constraint: Member must have length less than or equal to {MAX_ROLE_ARN_CHARS}"
        ));
    } else {
        match RoleArn::parse(role_arn_raw) {
            Ok(arn) => role_arn = Some(arn),
            Err(reason) => violations.push(format!(
                "Value '{}' at 'roleArn' failed to satisfy constraint: Member must be a role ARN \
                 (arn:aws:iam::<12-digit account>:role/<name>): {reason}",
                shown(role_arn_raw, 128)
            )),
        }
    }

    let session_chars = session_name.chars().count();
    if session_chars < MIN_SESSION_NAME_CHARS {
        violations.push(format!(
            "Value '{}' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to {MIN_SESSION_NAME_CHARS}",
            shown(session_name, 64)
        ));
    } else if session_chars > MAX_SESSION_NAME_CHARS {
        violations.push(format!(
            "Value '{}' at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to {MAX_SESSION_NAME_CHARS}",
            shown(session_name, 80)
        ));
    }
    if !session_name.chars().all(is_name_char) {
        violations.push(format!(
            "Value '{}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
            shown(session_name, 80)
        ));
    }

    // The token is never echoed: it is a bearer credential.
    if token.len() < MIN_TOKEN_BYTES {
        violations.push(format!(
            "Value at 'webIdentityToken' failed to satisfy constraint: Member must have length greater than or equal to {MIN_TOKEN_BYTES}"
        ));
    } else if token.len() > MAX_TOKEN_BYTES {
        violations.push(format!(
            "Value at 'webIdentityToken' failed to satisfy constraint: Member must have length less than or equal to {MAX_TOKEN_BYTES}"
        ));
    }

    let mut duration_seconds = DEFAULT_DURATION_SECONDS.clamp(min_duration, max_duration);
    let mut duration_given = false;
    let mut duration_over_max = false;
    if let Some(raw) = params.single("DurationSeconds")? {
        duration_given = true;
        match raw.trim().parse::<i64>() {
            Err(_) => violations.push(format!(
                "Value '{}' at 'durationSeconds' failed to satisfy constraint: Member must be an integer",
                shown(raw, 32)
            )),
            Ok(value) if value < i64::from(min_duration) => violations.push(format!(
                "Value '{value}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to {min_duration}"
            )),
            Ok(value) if value > i64::from(hard_max) => violations.push(format!(
                "Value '{value}' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to {hard_max}"
            )),
            Ok(value) => {
                // In range min..=hard_max by the arms above.
                duration_seconds = u32::try_from(value).unwrap_or(hard_max);
                duration_over_max = duration_seconds > max_duration;
            }
        }
    }

    let policy = params.single("Policy")?;
    if let Some(policy) = policy {
        let chars = policy.chars().count();
        if chars < 1 {
            violations.push(
                "Value at 'policy' failed to satisfy constraint: Member must have length greater than or equal to 1"
                    .into(),
            );
        } else if chars > MAX_POLICY_CHARS {
            violations.push(format!(
                "Value at 'policy' failed to satisfy constraint: Member must have length less than or equal to {MAX_POLICY_CHARS}"
            ));
        }
        if !policy
            .chars()
            .all(|c| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{FF}'))
        {
            violations.push(
                "Value at 'policy' failed to satisfy constraint: Member must satisfy regular expression pattern: \
                 [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+"
                    .into(),
            );
        }
    }

    if !violations.is_empty() {
        let count = violations.len();
        let noun = if count == 1 { "error" } else { "errors" };
        return Err(StsError::validation_error(format!(
            "{count} validation {noun} detected: {}",
            violations.join("; ")
        )));
    }
    if duration_over_max {
        return Err(StsError::validation_error(format!(
            "The requested DurationSeconds exceeds the MaxSessionDuration set for this role ({max_duration} seconds)"
        )));
    }
    if let Some(policy) = policy
        && !serde_json::from_str::<Value>(policy).is_ok_and(|v| v.is_object())
    {
        return Err(StsError::malformed_policy_document(
            "The session policy (Policy) is not a JSON object; give an IAM policy document with Version and Statement",
        ));
    }

    let Some(role_arn) = role_arn else {
        return Err(StsError::internal_failure("the role ARN was not checked"));
    };
    Ok(AssumeRoleWithWebIdentityRequest {
        role_arn,
        role_session_name: session_name.to_string(),
        web_identity_token: token.to_string(),
        duration_seconds,
        duration_given,
        policy: policy.map(str::to_string),
    })
}

/// `[\w+=,.@-]`: AWS's `\w` is ASCII letters, digits and underscore.
fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '=' | ',' | '.' | '@' | '-')
}

/// A parameter value for a message, cut and stripped of control characters.
fn shown(value: &str, max: usize) -> String {
    let mut out: String = value
        .chars()
        .take(max)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    if value.chars().count() > max {
        out.push('…');
    }
    out
}

struct Params<'a> {
    pairs: &'a [(String, String)],
}

impl<'a> Params<'a> {
    /// The value of `name`; a parameter given twice with different values is refused, since
    /// which one counts would be a guess.
    fn single(&self, name: &str) -> Result<Option<&'a str>, StsError> {
        let mut found: Option<&'a str> = None;
        for (key, value) in self.pairs {
            if key == name {
                match found {
                    Some(previous) if previous != value => {
                        return Err(StsError::validation_error(format!(
                            "The parameter {name} was given more than once with different values; give it once"
                        )));
                    }
                    _ => found = Some(value.as_str()),
                }
            }
        }
        Ok(found)
    }

    fn has_prefix(&self, prefix: &str) -> bool {
        self.pairs.iter().any(|(key, _)| key.starts_with(prefix))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARN: &str = "arn:aws:iam::000000000000:role/weka-oidc";

    /// Parameters to set (`Some`) or remove (`None`) from the base request.
    type Changes<'a> = Vec<(&'a str, Option<&'a str>)>;

    fn base() -> Vec<(String, String)> {
        vec![
            ("Action".into(), ACTION.into()),
            ("Version".into(), STS_VERSION.into()),
            ("RoleArn".into(), ARN.into()),
            ("RoleSessionName".into(), "oidc-test".into()),
            ("WebIdentityToken".into(), "aaaa.bbbb.cccc".into()),
        ]
    }

    fn with(changes: &[(&str, Option<&str>)]) -> Vec<(String, String)> {
        let mut pairs = base();
        for (name, value) in changes {
            pairs.retain(|(k, _)| k != name);
            if let Some(value) = value {
                pairs.push((name.to_string(), value.to_string()));
            }
        }
        pairs
    }

    #[test]
    fn a_minimal_request_parses() {
        let request = parse_assume_role_with_web_identity(&base(), DEFAULT_DURATION_SECONDS).expect("valid");
        assert_eq!(request.role_arn.as_str(), ARN);
        assert_eq!(request.role_arn.role_name, "weka-oidc");
        assert_eq!(request.role_arn.account_id, "000000000000");
        assert_eq!(request.role_session_name, "oidc-test");
        assert_eq!(request.web_identity_token, "aaaa.bbbb.cccc");
        assert_eq!(request.duration_seconds, 3600);
        assert!(!request.duration_given);
        assert_eq!(request.policy, None);
        assert_eq!(request.packed_policy_size(), None);
        assert_eq!(
            request.role_arn.assumed_role_arn("oidc-test"),
            "arn:aws:sts::000000000000:assumed-role/weka-oidc/oidc-test"
        );
    }

    #[test]
    fn accepted_variants() {
        let policy = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#;
        let name64 = "a".repeat(64);
        let cases: Vec<(&str, Changes, u32)> = vec![
            ("duration 900", vec![("DurationSeconds", Some("900"))], 900),
            ("duration at max", vec![("DurationSeconds", Some("3600"))], 3600),
            (
                "session name 2 chars",
                vec![("RoleSessionName", Some("ab"))],
                3600,
            ),
            (
                "session name 64 chars",
                vec![("RoleSessionName", Some(&name64))],
                3600,
            ),
            (
                "session name charset",
                vec![("RoleSessionName", Some("A_z0+=,.@-"))],
                3600,
            ),
            (
                "aws-cn partition",
                vec![("RoleArn", Some("arn:aws-cn:iam::123456789012:role/r"))],
                3600,
            ),
            (
                "aws-us-gov partition",
                vec![("RoleArn", Some("arn:aws-us-gov:iam::123456789012:role/r"))],
                3600,
            ),
            (
                "role path",
                vec![("RoleArn", Some("arn:aws:iam::123456789012:role/team/app/r"))],
                3600,
            ),
            ("session policy", vec![("Policy", Some(policy))], 3600),
            ("token of 4 bytes", vec![("WebIdentityToken", Some("a.b."))], 3600),
            (
                "sigv4 query parameters ignored",
                vec![("X-Amz-Date", Some("20260101T000000Z"))],
                3600,
            ),
            ("unknown parameter ignored", vec![("Foo", Some("bar"))], 3600),
        ];
        for (name, changes, duration) in cases {
            let request = parse_assume_role_with_web_identity(&with(&changes), 3600)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(request.duration_seconds, duration, "{name}");
        }
        let request =
            parse_assume_role_with_web_identity(&with(&[("Policy", Some(policy))]), 3600).expect("policy");
        assert_eq!(request.policy.as_deref(), Some(policy));
        assert_eq!(request.packed_policy_size(), Some(5));
        let path = RoleArn::parse("arn:aws:iam::123456789012:role/team/app/r").expect("path");
        assert_eq!((path.path.as_str(), path.role_name.as_str()), ("/team/app/", "r"));
        // A larger server maximum allows longer sessions.
        let long = parse_assume_role_with_web_identity(&with(&[("DurationSeconds", Some("43200"))]), 43_200)
            .expect("12 hours");
        assert_eq!(long.duration_seconds, 43_200);
        assert!(long.duration_given);
        // The same value given twice (form body and query string) is fine.
        let mut twice = base();
        twice.push(("Action".into(), ACTION.into()));
        assert!(parse_assume_role_with_web_identity(&twice, 3600).is_ok());
    }

    #[test]
    fn refused_requests() {
        let long_token = "a".repeat(MAX_TOKEN_BYTES + 1);
        let long_policy = format!("{{\"a\": \"{}\"}}", "x".repeat(MAX_POLICY_CHARS));
        let name65 = "a".repeat(65);
        let long_arn = format!(
            "arn:aws:iam::123456789012:role/{}",
            "a".repeat(MAX_ROLE_ARN_CHARS)
        );
        let cases: Vec<(&str, Changes, &str, &str)> = vec![
            (
                "no action",
                vec![("Action", None)],
                "MissingAction",
                "parameter Action",
            ),
            (
                "other action",
                vec![("Action", Some("AssumeRole"))],
                "InvalidAction",
                "Could not find operation AssumeRole for version 2011-06-15",
            ),
            (
                "no version",
                vec![("Version", None)],
                "MissingParameter",
                "parameter Version",
            ),
            (
                "wrong version",
                vec![("Version", Some("2011-06-16"))],
                "InvalidAction",
                "for version 2011-06-16",
            ),
            (
                "no role arn",
                vec![("RoleArn", None)],
                "MissingParameter",
                "The request must contain the parameter RoleArn",
            ),
            (
                "no session name",
                vec![("RoleSessionName", None)],
                "MissingParameter",
                "parameter RoleSessionName",
            ),
            (
                "no token",
                vec![("WebIdentityToken", None)],
                "MissingParameter",
                "parameter WebIdentityToken",
            ),
            (
                "short arn",
                vec![("RoleArn", Some("arn:aws:iam::1:r"))],
                "ValidationError",
                "at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20",
            ),
            (
                "long arn",
                vec![("RoleArn", Some(&long_arn))],
                "ValidationError",
                "less than or equal to 2048",
            ),
            (
                "not an arn",
                vec![("RoleArn", Some("this-is-not-an-arn-at-all"))],
                "ValidationError",
                "six colon-separated fields",
            ),
            (
                "not arn prefix",
                vec![("RoleArn", Some("urn:aws:iam::123456789012:role/r"))],
                "ValidationError",
                "does not start with \"arn:\"",
            ),
            (
                "bad partition",
                vec![("RoleArn", Some("arn:gcp:iam::123456789012:role/r"))],
                "ValidationError",
                "not an AWS partition",
            ),
            (
                "not iam",
                vec![("RoleArn", Some("arn:aws:sts::123456789012:role/r"))],
                "ValidationError",
                "a role ARN has \"iam\"",
            ),
            (
                "region given",
                vec![("RoleArn", Some("arn:aws:iam:us-east-1:123456789012:role/r"))],
                "ValidationError",
                "no region",
            ),
            (
                "short account",
                vec![("RoleArn", Some("arn:aws:iam::12345:role/some-role"))],
                "ValidationError",
                "12 digits",
            ),
            (
                "user not role",
                vec![("RoleArn", Some("arn:aws:iam::123456789012:user/alice"))],
                "ValidationError",
                "role/<name>",
            ),
            (
                "empty role name",
                vec![("RoleArn", Some("arn:aws:iam::123456789012:role/"))],
                "ValidationError",
                "role name must be",
            ),
            (
                "bad role name",
                vec![("RoleArn", Some("arn:aws:iam::123456789012:role/a b"))],
                "ValidationError",
                "role name must be",
            ),
            (
                "short session",
                vec![("RoleSessionName", Some("a"))],
                "ValidationError",
                "1 validation error detected: Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2",
            ),
            (
                "long session",
                vec![("RoleSessionName", Some(&name65))],
                "ValidationError",
                "less than or equal to 64",
            ),
            (
                "session charset",
                vec![("RoleSessionName", Some("a b"))],
                "ValidationError",
                "Value 'a b' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
            ),
            (
                "session non-ascii",
                vec![("RoleSessionName", Some("ünï"))],
                "ValidationError",
                "regular expression pattern",
            ),
            (
                "short token",
                vec![("WebIdentityToken", Some("abc"))],
                "ValidationError",
                "at 'webIdentityToken' failed to satisfy constraint: Member must have length greater than or equal to 4",
            ),
            (
                "long token",
                vec![("WebIdentityToken", Some(&long_token))],
                "ValidationError",
                "less than or equal to 20000",
            ),
            (
                "duration not a number",
                vec![("DurationSeconds", Some("1h"))],
                "ValidationError",
                "Value '1h' at 'durationSeconds' failed to satisfy constraint: Member must be an integer",
            ),
            (
                "duration too short",
                vec![("DurationSeconds", Some("899"))],
                "ValidationError",
                "Member must have value greater than or equal to 900",
            ),
            (
                "duration negative",
                vec![("DurationSeconds", Some("-5"))],
                "ValidationError",
                "greater than or equal to 900",
            ),
            (
                "duration over limit",
                vec![("DurationSeconds", Some("43201"))],
                "ValidationError",
                "less than or equal to 43200",
            ),
            (
                "duration over max",
                vec![("DurationSeconds", Some("3601"))],
                "ValidationError",
                "The requested DurationSeconds exceeds the MaxSessionDuration set for this role (3600 seconds)",
            ),
            (
                "empty policy",
                vec![("Policy", Some(""))],
                "ValidationError",
                "at 'policy' failed to satisfy constraint: Member must have length greater than or equal to 1",
            ),
            (
                "long policy",
                vec![("Policy", Some(&long_policy))],
                "ValidationError",
                "less than or equal to 2048",
            ),
            (
                "policy charset",
                vec![("Policy", Some("{\"a\": \"\u{2603}\"}"))],
                "ValidationError",
                "regular expression pattern",
            ),
            (
                "policy not json",
                vec![("Policy", Some("allow everything"))],
                "MalformedPolicyDocument",
                "not a JSON object",
            ),
            (
                "policy json array",
                vec![("Policy", Some("[]"))],
                "MalformedPolicyDocument",
                "not a JSON object",
            ),
            (
                "provider id",
                vec![("ProviderId", Some("graph.facebook.com"))],
                "ValidationError",
                "Remove ProviderId",
            ),
            (
                "policy arns",
                vec![(
                    "PolicyArns.member.1.arn",
                    Some("arn:aws:iam::aws:policy/ReadOnly"),
                )],
                "ValidationError",
                "Managed session policies (PolicyArns) are not supported",
            ),
        ];
        for (name, changes, code, message) in cases {
            let error = parse_assume_role_with_web_identity(&with(&changes), 3600).expect_err(name);
            assert_eq!(error.code, code, "{name}: {error}");
            assert!(
                error.message.contains(message),
                "{name}: {:?} lacks {message:?}",
                error.message
            );
            assert!(error.status == 400, "{name}");
        }
    }

    #[test]
    fn violations_are_reported_together_and_never_echo_the_token() {
        let token = "x".repeat(MAX_TOKEN_BYTES + 5);
        let error = parse_assume_role_with_web_identity(
            &with(&[
                ("RoleSessionName", Some("a")),
                ("WebIdentityToken", Some(&token)),
                ("DurationSeconds", Some("10")),
            ]),
            3600,
        )
        .expect_err("three violations");
        assert!(
            error.message.starts_with("3 validation errors detected: "),
            "{}",
            error.message
        );
        assert!(!error.message.contains("xxxx"), "the token must not be echoed");
    }

    #[test]
    fn conflicting_duplicates_are_refused() {
        let mut pairs = base();
        pairs.push(("RoleSessionName".into(), "other".into()));
        let error = parse_assume_role_with_web_identity(&pairs, 3600).expect_err("conflict");
        assert_eq!(error.code, "ValidationError");
        assert!(
            error.message.contains("RoleSessionName was given more than once"),
            "{}",
            error.message
        );
    }

    #[test]
    fn debug_redacts_the_token() {
        let request = parse_assume_role_with_web_identity(&base(), 3600).expect("valid");
        let shown = format!("{request:?}");
        assert!(!shown.contains("aaaa.bbbb.cccc"), "{shown}");
        assert!(shown.contains("redacted"));
    }

    #[test]
    fn packed_policy_size_is_a_percentage_of_the_limit() {
        assert_eq!(packed_policy_size("{}"), 1);
        assert_eq!(
            packed_policy_size(&format!("{{\"a\":\"{}\"}}", "x".repeat(2040))),
            100
        );
        // Whitespace does not count.
        assert_eq!(
            packed_policy_size("{ \"a\" :   1 }"),
            packed_policy_size("{\"a\":1}")
        );
    }
}
