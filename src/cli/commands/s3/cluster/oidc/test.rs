use std::path::PathBuf;

use serde_json::Value;
use time::OffsetDateTime;

use crate::api::oidc::{TestParams, TestReport};
use crate::api::{ErrorCode, S3OidcTest};
use crate::cli::context::CommandContext;
use crate::cli::error::{CliError, ExitStatus};
use crate::cli::input::read_file_or_stdin;
use crate::cli::output::{Human, Output, Paint, field_line, format_relative, format_time, list_or, sanitize};

/// Check what the STS would make of a token, without issuing anything.
///
/// Reads a JWT from the identity provider and reports its header, issuer, subject, audience
/// and expiry, the role values in the roles claim, which of them name a policy, the
/// policies attached to the identity, and role values that miss a policy only by letter
/// case. Exits 0 when the STS would issue credentials for the token now, 8 when it would not.
#[derive(Debug, clap::Args)]
pub struct TestArgs {
    /// The file holding the JWT; - reads it from stdin.
    #[arg(long, value_name = "FILE")]
    pub token_file: PathBuf,
}

pub fn cmd_test(ctx: &CommandContext, args: TestArgs) -> Result<(), CliError> {
    let bytes = read_file_or_stdin(&args.token_file, "token")?;
    let token = String::from_utf8(bytes)
        .map_err(|_| CliError::invalid_argument("the token file is not text; a JWT is ASCII"))?
        .trim()
        .to_string();
    if token.is_empty() {
        return Err(CliError::invalid_argument("the token file is empty").with_hint(
            "save the JWT issued by the identity provider to the file, or pipe it with --token-file -",
        ));
    }
    let report = ctx.call::<S3OidcTest>(TestParams { token })?;
    ctx.out().emit(&report, |out| {
        Human::Text(render_report(&report, out, OffsetDateTime::now_utc()))
    })?;
    match verdict_error(&report) {
        None => Ok(()),
        Some(err) => Err(err),
    }
}

/// The policies credentials would carry: matched role values, then attached policies.
fn effective_policies(r: &TestReport) -> Vec<String> {
    let mut all = r.matched_policies.clone();
    for p in &r.attached_policies {
        if !all.contains(p) {
            all.push(p.clone());
        }
    }
    all
}

fn header_field(header: &Value, name: &str) -> String {
    match header.get(name) {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => "none".into(),
    }
}

const VALUE_COLUMN: usize = 19;

/// The human report of `oidc test`.
pub fn render_report(r: &TestReport, out: &Output, now: OffsetDateTime) -> String {
    let field = |label: &str, value: &str| field_line(label, value, VALUE_COLUMN);
    let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".into());
    let mut s = String::from("OIDC Token Test:\n");
    s += &field(
        "Header",
        &format!(
            "alg {}, kid {}, typ {}",
            header_field(&r.header, "alg"),
            header_field(&r.header, "kid"),
            header_field(&r.header, "typ")
        ),
    );
    s += &field("Issuer", &opt(&r.issuer));
    s += &field("Subject", &opt(&r.subject));
    s += &field("Audience", &list_or(&r.audience, "none"));
    let expiry = match r.expires_at {
        Some(t) => format!("{} ({})", format_time(t), format_relative(t, now)),
        None => "none".into(),
    };
    s += &field("Expires", &expiry);
    s += &field("Identity", &opt(&r.identity));
    s += &field("Roles Claim", &r.claim_name);
    s += &field("Roles", &list_or(&r.roles, "none"));
    s += &field("Matched Policies", &list_or(&r.matched_policies, "none"));
    s += &field("Attached Policies", &list_or(&r.attached_policies, "none"));
    s += &field("Unmatched Roles", &list_or(&r.unmatched_roles, "none"));
    if !r.valid {
        let reason = match (&r.error_code, &r.error_message) {
            (Some(c), Some(m)) => format!("{c}: {m}"),
            (Some(c), None) => c.clone(),
            (None, Some(m)) => m.clone(),
            (None, None) => "the token is not valid".into(),
        };
        s += &field("Rejected", &reason);
    }
    if !r.near_misses.is_empty() {
        s += "Near Misses:\n";
        for m in &r.near_misses {
            s += &format!(
                "  role \"{}\" differs from policy \"{}\" only by letter case\n",
                sanitize(&m.role),
                sanitize(&m.policy)
            );
        }
    }
    let policies = effective_policies(r);
    let verdict = if r.would_issue {
        format!(
            "{} with the policies {}",
            out.paint(Paint::Green, "the STS would issue credentials"),
            sanitize(&list_or(&policies, "none"))
        )
    } else {
        format!(
            "{}: {}",
            out.paint(Paint::Red, "the STS would not issue credentials"),
            refusal_reason(r)
        )
    };
    s += &format!("Verdict: {verdict}.\n");
    s
}

fn refusal_reason(r: &TestReport) -> String {
    if !r.valid {
        return sanitize(
            r.error_message
                .as_deref()
                .or(r.error_code.as_deref())
                .unwrap_or("the token is not valid"),
        );
    }
    if effective_policies(r).is_empty() {
        return "no role value names a policy and no policy is attached to the identity".into();
    }
    "the token is not accepted".into()
}

/// The error (exit code 8) when the STS would not issue credentials.
fn verdict_error(r: &TestReport) -> Option<CliError> {
    if r.would_issue {
        return None;
    }
    let (name, hint) = if !r.valid {
        let hint = match r.error_code.as_deref() {
            Some(c) if c.contains("Expired") => "get a fresh token from the identity provider".to_string(),
            _ => "fix what the report above names: the token, or the OIDC configuration \
                  (`weka s3 cluster oidc show`)"
                .to_string(),
        };
        (ErrorCode::InvalidIdentityToken.name(), hint)
    } else if let Some(m) = r.near_misses.first() {
        (
            "NoMatchingPolicy",
            format!(
                "policy names match role values exactly, letter case included: rename the role \"{}\" \
                 in the identity provider, or add a policy named \"{}\"",
                sanitize(&m.role),
                sanitize(&m.role)
            ),
        )
    } else {
        let identity = r
            .identity
            .as_deref()
            .map(sanitize)
            .unwrap_or_else(|| "IDENTITY".into());
        (
            "NoMatchingPolicy",
            format!(
                "add a policy named like one of the role values (`weka s3 policy add NAME FILE`), or \
                 attach one to the identity (`weka s3 policy attach POLICY {identity}`)"
            ),
        )
    };
    Some(
        CliError::new(
            ExitStatus::InvalidInput,
            name,
            "the STS would not issue credentials for this token",
        )
        .with_hint(hint),
    )
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use time::macros::datetime;

    use super::*;
    use crate::api::oidc::NearMiss;

    fn report() -> TestReport {
        TestReport {
            valid: true,
            error_code: None,
            error_message: None,
            header: json!({"alg": "RS256", "kid": "key-1", "typ": "at+jwt"}),
            issuer: Some("https://idp.example.com/realms/weka".into()),
            subject: Some("svc-backup".into()),
            audience: vec!["weka-s3".into()],
            expires_at: Some(datetime!(2025-11-29 05:00:00 UTC)),
            claim_name: "roles".into(),
            roles: vec!["s3admin".into(), "S3Reader".into()],
            identity: Some("svc-backup".into()),
            matched_policies: vec!["s3admin".into()],
            attached_policies: vec!["readonly".into()],
            unmatched_roles: vec!["S3Reader".into()],
            near_misses: vec![NearMiss {
                role: "S3Reader".into(),
                policy: "s3reader".into(),
            }],
            would_issue: true,
        }
    }

    const NOW: OffsetDateTime = datetime!(2025-11-29 04:00:00 UTC);

    #[test]
    fn report_for_a_token_that_would_be_accepted() {
        let out = Output::new(false, false, false);
        assert_eq!(
            render_report(&report(), &out, NOW),
            "OIDC Token Test:\n\
             \x20 Header:            alg RS256, kid key-1, typ at+jwt\n\
             \x20 Issuer:            https://idp.example.com/realms/weka\n\
             \x20 Subject:           svc-backup\n\
             \x20 Audience:          weka-s3\n\
             \x20 Expires:           2025-11-29T05:00:00Z (in 1h)\n\
             \x20 Identity:          svc-backup\n\
             \x20 Roles Claim:       roles\n\
             \x20 Roles:             s3admin, S3Reader\n\
             \x20 Matched Policies:  s3admin\n\
             \x20 Attached Policies: readonly\n\
             \x20 Unmatched Roles:   S3Reader\n\
             Near Misses:\n\
             \x20 role \"S3Reader\" differs from policy \"s3reader\" only by letter case\n\
             Verdict: the STS would issue credentials with the policies s3admin, readonly.\n"
        );
        assert!(verdict_error(&report()).is_none());
    }

    #[test]
    fn near_miss_without_policies_is_refused_with_a_case_hint() {
        let mut r = report();
        r.matched_policies.clear();
        r.attached_policies.clear();
        r.would_issue = false;
        let out = Output::new(false, false, false);
        let text = render_report(&r, &out, NOW);
        assert!(
            text.ends_with(
                "Verdict: the STS would not issue credentials: no role value names a policy and no \
                 policy is attached to the identity.\n"
            ),
            "{text}"
        );
        let err = verdict_error(&r).unwrap();
        assert_eq!(err.status().code(), 8);
        assert_eq!(err.name(), "NoMatchingPolicy");
        assert!(err.hint().unwrap().contains("letter case"), "{err:?}");
    }

    #[test]
    fn invalid_token_shows_the_sts_error() {
        let mut r = report();
        r.valid = false;
        r.would_issue = false;
        r.error_code = Some("ExpiredTokenException".into());
        r.error_message = Some("the token expired at 2025-11-29T03:00:00Z".into());
        r.header = json!({"alg": "RS256", "kid": "key-1"});
        let out = Output::new(false, false, false);
        let text = render_report(&r, &out, NOW);
        assert!(
            text.contains("  Header:            alg RS256, kid key-1, typ none\n"),
            "{text}"
        );
        assert!(
            text.contains(
                "  Rejected:          ExpiredTokenException: the token expired at 2025-11-29T03:00:00Z\n"
            ),
            "{text}"
        );
        let err = verdict_error(&r).unwrap();
        assert_eq!(err.name(), "InvalidIdentityToken");
        assert_eq!(err.hint(), Some("get a fresh token from the identity provider"));
    }

    #[test]
    fn verdict_is_colored_only_with_color() {
        let out = Output::new(false, false, true);
        let text = render_report(&report(), &out, NOW);
        assert!(
            text.contains("\x1b[32mthe STS would issue credentials\x1b[0m"),
            "{text}"
        );
    }
}
