//! IAM policies: parsing, validation and evaluation of AWS IAM identity policies for S3.
//!
//! Self-contained (serde, serde_json, time and std only). The public API:
//!
//! - [`Policy::parse`] validates a policy document and prepares it for evaluation (wildcard
//!   patterns and condition values are parsed once, here). It rejects, with a
//!   [`PolicyError`] that names the statement (index and Sid) and the field: invalid JSON
//!   (with line and column), more than [`MAX_POLICY_CHARS`] characters not counting
//!   whitespace, a missing or unknown `Version`, a missing or empty `Statement`, unknown
//!   fields, `Principal`/`NotPrincipal`, an `Effect` other than exactly `Allow`/`Deny`,
//!   both or neither of `Action`/`NotAction` (and of `Resource`/`NotResource`), actions
//!   that are not `s3:` actions on buckets or objects (with a suggestion for a misspelled
//!   one), wildcard actions that match no action, resources that are not `*` or an
//!   `arn:aws:s3:::` ARN, unknown or unsupported condition operators, malformed condition
//!   keys and values, duplicate JSON keys and duplicate Sids. [`Policy::source`] returns the
//!   document byte for byte; [`Policy::statement_count`] counts its statements.
//! - [`evaluate`] decides a request ([`RequestContext`]: action, resource ARN and condition
//!   keys) against the identity policies and an optional session policy, returning a
//!   [`Decision`]: `Allow`, `ExplicitDeny` (with the statement that decided) or
//!   `ImplicitDeny`. Deny wins; default deny; a session policy can only narrow.
//! - [`S3_ACTIONS`] lists the action names policies may use; [`is_known_action`] checks one.
//! - [`BUILTIN_POLICY_DOCUMENTS`]: `readonly`, `writeonly`, `readwrite`.
//!
//! # Matching
//!
//! Actions match case-insensitively, with `*` and `?`. Resources match case-sensitively,
//! with `*` (which spans `/`) and `?`; a request for `s3:ListAllMyBuckets` uses
//! [`ACCOUNT_RESOURCE_ARN`]. `NotAction`/`NotResource` apply a statement to everything not
//! listed.
//!
//! # Conditions
//!
//! Operators: `StringEquals`, `StringNotEquals`, `StringEqualsIgnoreCase`,
//! `StringNotEqualsIgnoreCase`, `StringLike`, `StringNotLike`, `Bool`, `IpAddress`,
//! `NotIpAddress` (IPv4 and IPv6 CIDR), `Numeric{Equals,NotEquals,LessThan,LessThanEquals,
//! GreaterThan,GreaterThanEquals}`, `Date{...}` likewise (ISO 8601 or epoch seconds), and
//! `Null`; each but `Null` also with an `IfExists` suffix and a `ForAnyValue:` or
//! `ForAllValues:` prefix. AWS's `Arn*` and `BinaryEquals` operators are rejected.
//! Evaluation follows AWS: operators and keys AND, values OR (NOR for negated operators);
//! a missing key makes a condition false, except negated operators, `...IfExists` and
//! `ForAllValues:` (true) and `Null`.
//!
//! Keys the server provides (see [`RequestContext`]): `aws:SourceIp`,
//! `aws:SecureTransport`, `aws:CurrentTime`, `aws:EpochTime`, `aws:username`, `aws:userid`,
//! `s3:prefix`, `s3:delimiter`, `s3:max-keys`, and `jwt:<claim>` for every claim of the
//! token. Other keys are accepted, as AWS does, and are missing at evaluation; their syntax
//! (`namespace:name`) is checked.
//!
//! # Policy variables
//!
//! In `Resource`/`NotResource` and in the values of the String operators (with `Version`
//! 2012-10-17): `${key}` for any key above (e.g. `${jwt:sub}`, `${aws:username}`),
//! `${key, 'default'}`, and `${*}`, `${?}`, `${$}` for a literal `*`, `?`, `$`. The value
//! replaces the variable as literal text. A variable whose key is missing or has several
//! values makes that resource or value match nothing (never everything).

mod actions;
mod builtin;
mod condition;
mod eval;
mod json;
mod pattern;
mod policy;

pub use actions::{OTHER_S3_ACTIONS, S3_ACTIONS, is_known_action};
pub use builtin::{BUILTIN_POLICY_DOCUMENTS, READONLY, READWRITE, WRITEONLY};
pub use eval::{
    ACCOUNT_RESOURCE_ARN, ARN_PREFIX, ContextValue, ContextValues, Decision, PolicyRef, RequestContext,
    StatementRef, ValuesIter, evaluate, resource_arn,
};
pub use policy::{Effect, MAX_POLICY_CHARS, Policy, PolicyError, PolicyErrorKind, Version};
