//! Policy evaluation, as AWS does it for identity policies and a session policy.
//!
//! Default deny; a matching `Deny` statement in any policy wins; otherwise some `Allow`
//! statement must match. With a session policy the request must be allowed by the identity
//! policies *and* by the session policy, and a `Deny` in either wins.

use std::borrow::Cow;
use std::fmt;
use std::net::IpAddr;

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::actions::strip_service;
use super::condition::{parse_bool, parse_date, parse_number};
use super::pattern::{Key, same_char, same_char_ascii_ci};
use super::policy::{ActionPattern, Effect, Policy, ResourcePattern, Statement};

/// The ARN prefix of every S3 resource.
pub const ARN_PREFIX: &str = "arn:aws:s3:::";

/// The resource to check `s3:ListAllMyBuckets` (and other account-level requests) against.
/// `"Resource": "*"` and `"Resource": "arn:aws:s3:::*"` match it; a bucket ARN does not.
pub const ACCOUNT_RESOURCE_ARN: &str = "arn:aws:s3:::*";

/// `arn:aws:s3:::bucket`, or `arn:aws:s3:::bucket/key` when there is a key.
pub fn resource_arn(bucket: &str, key: Option<&str>) -> String {
    let mut arn = String::with_capacity(ARN_PREFIX.len() + bucket.len() + key.map_or(0, |k| k.len() + 1));
    arn.push_str(ARN_PREFIX);
    arn.push_str(bucket);
    if let Some(key) = key {
        arn.push('/');
        arn.push_str(key);
    }
    arn
}

/// One value of a request's condition key.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ContextValue<'a> {
    Str(&'a str),
    Bool(bool),
    Int(i64),
    Float(f64),
    Ip(IpAddr),
    Time(OffsetDateTime),
}

impl<'a> ContextValue<'a> {
    /// The value as text, for string operators and policy variables. Only non-string values
    /// are formatted (allocated).
    pub(crate) fn as_string(&self) -> Option<Cow<'a, str>> {
        Some(match *self {
            ContextValue::Str(s) => Cow::Borrowed(s),
            ContextValue::Bool(true) => Cow::Borrowed("true"),
            ContextValue::Bool(false) => Cow::Borrowed("false"),
            ContextValue::Int(n) => Cow::Owned(n.to_string()),
            ContextValue::Float(x) => Cow::Owned(x.to_string()),
            ContextValue::Ip(ip) => Cow::Owned(ip.to_string()),
            ContextValue::Time(t) => Cow::Owned(t.format(&Rfc3339).ok()?),
        })
    }

    pub(crate) fn as_number(&self) -> Option<f64> {
        match *self {
            ContextValue::Int(n) => Some(n as f64),
            ContextValue::Float(x) => Some(x).filter(|x| x.is_finite()),
            ContextValue::Str(s) => parse_number(s),
            _ => None,
        }
    }

    pub(crate) fn as_time(&self) -> Option<OffsetDateTime> {
        match *self {
            ContextValue::Time(t) => Some(t),
            ContextValue::Int(n) => OffsetDateTime::from_unix_timestamp(n).ok(),
            ContextValue::Str(s) => parse_date(s),
            _ => None,
        }
    }

    pub(crate) fn as_bool(&self) -> Option<bool> {
        match *self {
            ContextValue::Bool(b) => Some(b),
            ContextValue::Str(s) => parse_bool(s),
            _ => None,
        }
    }

    pub(crate) fn as_ip(&self) -> Option<IpAddr> {
        match *self {
            ContextValue::Ip(ip) => Some(ip),
            ContextValue::Str(s) => s.parse().ok(),
            _ => None,
        }
    }
}

/// The value or values of one condition key, borrowed from the caller.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ContextValues<'a> {
    One(ContextValue<'a>),
    Strings(&'a [String]),
    Strs(&'a [&'a str]),
    /// A token claim: a string, number or boolean is one value, an array is its scalar
    /// elements; `null` and objects are no value (the key counts as missing).
    Json(&'a serde_json::Value),
}

impl<'a> From<ContextValue<'a>> for ContextValues<'a> {
    fn from(v: ContextValue<'a>) -> Self {
        ContextValues::One(v)
    }
}

impl<'a> From<&'a str> for ContextValues<'a> {
    fn from(v: &'a str) -> Self {
        ContextValues::One(ContextValue::Str(v))
    }
}

impl<'a> From<&'a String> for ContextValues<'a> {
    fn from(v: &'a String) -> Self {
        ContextValues::One(ContextValue::Str(v))
    }
}

impl From<bool> for ContextValues<'_> {
    fn from(v: bool) -> Self {
        ContextValues::One(ContextValue::Bool(v))
    }
}

impl From<i64> for ContextValues<'_> {
    fn from(v: i64) -> Self {
        ContextValues::One(ContextValue::Int(v))
    }
}

impl From<IpAddr> for ContextValues<'_> {
    fn from(v: IpAddr) -> Self {
        ContextValues::One(ContextValue::Ip(v))
    }
}

impl From<OffsetDateTime> for ContextValues<'_> {
    fn from(v: OffsetDateTime) -> Self {
        ContextValues::One(ContextValue::Time(v))
    }
}

impl<'a> From<&'a [String]> for ContextValues<'a> {
    fn from(v: &'a [String]) -> Self {
        ContextValues::Strings(v)
    }
}

impl<'a> From<&'a [&'a str]> for ContextValues<'a> {
    fn from(v: &'a [&'a str]) -> Self {
        ContextValues::Strs(v)
    }
}

impl<'a> From<&'a serde_json::Value> for ContextValues<'a> {
    fn from(v: &'a serde_json::Value) -> Self {
        ContextValues::Json(v)
    }
}

fn json_scalar(v: &serde_json::Value) -> Option<ContextValue<'_>> {
    match v {
        serde_json::Value::String(s) => Some(ContextValue::Str(s)),
        serde_json::Value::Bool(b) => Some(ContextValue::Bool(*b)),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Some(ContextValue::Int(i)),
            None => n.as_f64().map(ContextValue::Float),
        },
        _ => None,
    }
}

impl<'a> ContextValues<'a> {
    /// Iterates over the values.
    pub fn iter(&self) -> ValuesIter<'a> {
        ValuesIter(match *self {
            ContextValues::One(v) => IterState::One(Some(v)),
            ContextValues::Strings(s) => IterState::Strings(s.iter()),
            ContextValues::Strs(s) => IterState::Strs(s.iter()),
            ContextValues::Json(serde_json::Value::Array(items)) => IterState::Json(items.iter()),
            ContextValues::Json(v) => IterState::One(json_scalar(v)),
        })
    }

    /// The value if there is exactly one.
    pub(crate) fn single(&self) -> Option<ContextValue<'a>> {
        let mut it = self.iter();
        let first = it.next()?;
        it.next().is_none().then_some(first)
    }
}

/// Iterator over [`ContextValues`].
pub struct ValuesIter<'a>(IterState<'a>);

enum IterState<'a> {
    One(Option<ContextValue<'a>>),
    Strings(std::slice::Iter<'a, String>),
    Strs(std::slice::Iter<'a, &'a str>),
    Json(std::slice::Iter<'a, serde_json::Value>),
}

impl<'a> Iterator for ValuesIter<'a> {
    type Item = ContextValue<'a>;

    fn next(&mut self) -> Option<ContextValue<'a>> {
        match &mut self.0 {
            IterState::One(v) => v.take(),
            IterState::Strings(it) => it.next().map(|s| ContextValue::Str(s)),
            IterState::Strs(it) => it.next().map(|s| ContextValue::Str(s)),
            IterState::Json(it) => it.find_map(json_scalar),
        }
    }
}

#[derive(Debug, Clone)]
struct Entry<'a> {
    namespace: &'a str,
    name: &'a str,
    values: ContextValues<'a>,
}

/// What a request is: its action, its resource, and its condition keys.
///
/// Everything is borrowed from the caller; the only allocation is the entry list (one
/// `Vec`, sized by [`RequestContext::with_capacity`]). Keys are `namespace:name` and
/// compared case-insensitively; setting a key twice keeps the last value.
///
/// `aws:CurrentTime` and `aws:EpochTime` are always present (the time of
/// [`RequestContext::new`], or [`RequestContext::set_current_time`]); every other key is
/// present only if the caller inserts it. The gateway should insert, when known:
///
/// | key | value |
/// |---|---|
/// | `aws:SourceIp` | the client's IP address ([`RequestContext::set_source_ip`]) |
/// | `aws:SecureTransport` | whether the request came over TLS ([`RequestContext::set_secure_transport`]) |
/// | `aws:username`, `aws:userid` | the identity's user name and id |
/// | `s3:prefix`, `s3:delimiter`, `s3:max-keys` | the ListObjects parameters, when given |
/// | `jwt:<claim>` | every claim of the token the credentials came from ([`RequestContext::insert_jwt_claims`]) |
///
/// A policy may name any other key (as AWS allows); it is simply missing here.
#[derive(Debug, Clone)]
pub struct RequestContext<'a> {
    action: &'a str,
    resource: &'a str,
    now: OffsetDateTime,
    entries: Vec<Entry<'a>>,
}

impl<'a> RequestContext<'a> {
    /// A request for `action` (`s3:GetObject`) on `resource` (`arn:aws:s3:::bucket/key`, see
    /// [`resource_arn`] and [`ACCOUNT_RESOURCE_ARN`]), at the current time.
    pub fn new(action: &'a str, resource: &'a str) -> Self {
        Self::with_capacity(action, resource, 0)
    }

    /// As [`RequestContext::new`], with room for `keys` condition keys.
    pub fn with_capacity(action: &'a str, resource: &'a str, keys: usize) -> Self {
        RequestContext {
            action,
            resource,
            now: OffsetDateTime::now_utc(),
            entries: Vec::with_capacity(keys),
        }
    }

    pub fn action(&self) -> &'a str {
        self.action
    }

    pub fn resource(&self) -> &'a str {
        self.resource
    }

    /// Sets `key` (`namespace:name`, e.g. `aws:username`, `s3:prefix`, `jwt:sub`). A key
    /// without a `:` can never match a policy key.
    pub fn insert(&mut self, key: &'a str, values: impl Into<ContextValues<'a>>) -> &mut Self {
        let (namespace, name) = key.split_once(':').unwrap_or(("", key));
        self.entries.push(Entry {
            namespace,
            name,
            values: values.into(),
        });
        self
    }

    /// Sets `jwt:<name>` for one token claim.
    pub fn insert_jwt_claim(&mut self, name: &'a str, values: impl Into<ContextValues<'a>>) -> &mut Self {
        self.entries.push(Entry {
            namespace: "jwt",
            name,
            values: values.into(),
        });
        self
    }

    /// Sets `jwt:<name>` for every claim of a token.
    pub fn insert_jwt_claims(&mut self, claims: &'a serde_json::Map<String, serde_json::Value>) -> &mut Self {
        self.entries.reserve(claims.len());
        for (name, value) in claims {
            self.insert_jwt_claim(name, value);
        }
        self
    }

    /// Sets `aws:SourceIp`.
    pub fn set_source_ip(&mut self, ip: IpAddr) -> &mut Self {
        self.insert("aws:SourceIp", ip)
    }

    /// Sets `aws:SecureTransport`.
    pub fn set_secure_transport(&mut self, tls: bool) -> &mut Self {
        self.insert("aws:SecureTransport", tls)
    }

    /// Sets the time `aws:CurrentTime` and `aws:EpochTime` report.
    pub fn set_current_time(&mut self, now: OffsetDateTime) -> &mut Self {
        self.now = now;
        self
    }

    /// The values of a key; `None` when the key is missing or has no value.
    pub(crate) fn lookup(&self, key: &Key) -> Option<ContextValues<'a>> {
        let (ns, name) = (key.namespace(), key.name());
        if let Some(entry) = self
            .entries
            .iter()
            .rev()
            .find(|e| e.namespace.eq_ignore_ascii_case(ns) && e.name.eq_ignore_ascii_case(name))
        {
            return entry.values.iter().next().is_some().then_some(entry.values);
        }
        if ns.eq_ignore_ascii_case("aws") {
            if name.eq_ignore_ascii_case("CurrentTime") {
                return Some(ContextValues::One(ContextValue::Time(self.now)));
            }
            if name.eq_ignore_ascii_case("EpochTime") {
                return Some(ContextValues::One(ContextValue::Int(self.now.unix_timestamp())));
            }
        }
        None
    }

    /// The value of a policy variable: the key's value if it has exactly one.
    pub(crate) fn variable(&self, key: &Key) -> Option<Cow<'a, str>> {
        self.lookup(key)?.single()?.as_string()
    }
}

/// Which policy a statement came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyRef {
    /// The identity policy at this index of the `policies` slice.
    Identity(usize),
    /// The session policy.
    Session,
}

/// The statement that decided a request, for logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatementRef<'p> {
    pub policy: PolicyRef,
    /// Index in the policy's `Statement` list.
    pub statement: usize,
    pub sid: Option<&'p str>,
}

impl fmt::Display for StatementRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.policy {
            PolicyRef::Identity(i) => write!(f, "policy #{i}")?,
            PolicyRef::Session => f.write_str("session policy")?,
        }
        write!(f, ", Statement[{}]", self.statement)?;
        if let Some(sid) = self.sid {
            write!(f, " (Sid {sid:?})")?;
        }
        Ok(())
    }
}

/// The outcome of [`evaluate`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision<'p> {
    /// An `Allow` statement matched (the first one found) and no `Deny` did.
    Allow(StatementRef<'p>),
    /// A `Deny` statement matched.
    ExplicitDeny(StatementRef<'p>),
    /// Nothing allowed the request (or the session policy did not).
    ImplicitDeny,
}

impl Decision<'_> {
    pub fn is_allowed(&self) -> bool {
        matches!(self, Decision::Allow(_))
    }
}

enum Scan<'p> {
    Deny(StatementRef<'p>),
    Allow(StatementRef<'p>),
    Nothing,
}

/// Finds a matching Deny, else the first matching Allow. With `allowed` (an Allow was
/// already found elsewhere) Allow statements are skipped: only a Deny can change the outcome.
fn scan<'p>(policy: &'p Policy, which: PolicyRef, allowed: bool, ctx: &RequestContext<'_>) -> Scan<'p> {
    let action = strip_service(ctx.action);
    let mut allow = None;
    for (i, st) in policy.statements.iter().enumerate() {
        if (allowed || allow.is_some()) && st.effect == Effect::Allow {
            continue;
        }
        if !applies(st, action, ctx) {
            continue;
        }
        let found = StatementRef {
            policy: which,
            statement: i,
            sid: st.sid.as_deref(),
        };
        match st.effect {
            Effect::Deny => return Scan::Deny(found),
            Effect::Allow => allow = Some(found),
        }
    }
    match allow {
        Some(found) => Scan::Allow(found),
        None => Scan::Nothing,
    }
}

fn applies(st: &Statement, action: Option<&str>, ctx: &RequestContext<'_>) -> bool {
    let action_listed = st.actions.iter().any(|p| match p {
        ActionPattern::All => true,
        ActionPattern::Exact(name) => action.is_some_and(|a| a.eq_ignore_ascii_case(name)),
        ActionPattern::Glob(g) => action.is_some_and(|a| g.matches_plain(a, same_char_ascii_ci)),
    });
    if action_listed == st.not_action {
        return false;
    }
    let resource_listed = st.resources.iter().any(|p| match p {
        ResourcePattern::All => true,
        ResourcePattern::Arn(pattern) => ctx
            .resource
            .strip_prefix(ARN_PREFIX)
            .is_some_and(|tail| pattern.matches(tail, ctx, same_char)),
    });
    if resource_listed == st.not_resource {
        return false;
    }
    st.conditions.iter().all(|c| c.holds(ctx))
}

/// Decides a request against the identity `policies` (merged: any of them may allow, any
/// may deny) and an optional session policy that further limits them.
pub fn evaluate<'p>(
    policies: &[&'p Policy],
    session_policy: Option<&'p Policy>,
    ctx: &RequestContext<'_>,
) -> Decision<'p> {
    let mut allow = None;
    for (i, policy) in policies.iter().enumerate() {
        match scan(policy, PolicyRef::Identity(i), allow.is_some(), ctx) {
            Scan::Deny(found) => return Decision::ExplicitDeny(found),
            Scan::Allow(found) => {
                allow.get_or_insert(found);
            }
            Scan::Nothing => {}
        }
    }
    if let Some(session) = session_policy {
        match scan(session, PolicyRef::Session, false, ctx) {
            Scan::Deny(found) => return Decision::ExplicitDeny(found),
            Scan::Allow(_) => {}
            Scan::Nothing => return Decision::ImplicitDeny,
        }
    }
    match allow {
        Some(found) => Decision::Allow(found),
        None => Decision::ImplicitDeny,
    }
}

#[cfg(test)]
mod tests {
    use super::super::policy::Policy;
    use super::*;

    /// The seed's example policy (configure-s3-oidc-authentication.md), verbatim.
    const S3ADMIN: &str = r#"{
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Action": [
            "s3:GetObject",
            "s3:PutObject",
            "s3:DeleteObject",
            "s3:ListBucket"
          ],
          "Resource": [
            "arn:aws:s3:::my-bucket",
            "arn:aws:s3:::my-bucket/*"
          ]
        }
      ]
}"#;

    const ALLOW_ALL: &str =
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}"#;

    const DENY_SECRET: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::*"},
        {"Sid":"NoSecrets","Effect":"Deny","Action":"s3:*",
         "Resource":["arn:aws:s3:::secret","arn:aws:s3:::secret/*"]}]}"#;

    const DENY_DELETE: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Sid":"NoDelete","Effect":"Deny","Action":"s3:Delete*","Resource":"*"}]}"#;

    const READ_OTHER: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::other-bucket/*"}]}"#;

    const NOT_ACTION: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","NotAction":"s3:Delete*","Resource":"arn:aws:s3:::data/*"}]}"#;

    const DENY_NOT_ACTION: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"s3:*","Resource":"*"},
        {"Effect":"Deny","NotAction":["s3:GetObject","s3:ListBucket"],"Resource":"*"}]}"#;

    const NOT_RESOURCE: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"s3:GetObject","NotResource":"arn:aws:s3:::private/*"}]}"#;

    const DENY_NOT_RESOURCE: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"s3:*","Resource":"*"},
        {"Effect":"Deny","Action":"s3:*",
         "NotResource":["arn:aws:s3:::allowed","arn:aws:s3:::allowed/*"]}]}"#;

    const ACTION_GLOBS: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":["s3:Get*","s3:List?ucket"],"Resource":"*"}]}"#;

    const RESOURCE_GLOBS: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::logs-????/2024/*"}]}"#;

    const FROM_NETWORKS: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"s3:GetObject","Resource":"*",
         "Condition":{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","2001:db8::/32"]}}}]}"#;

    const DENY_OUTSIDE: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"s3:*","Resource":"*"},
        {"Effect":"Deny","Action":"s3:*","Resource":"*",
         "Condition":{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}"#;

    const DENY_PLAIN_HTTP: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"s3:*","Resource":"*"},
        {"Effect":"Deny","Action":"s3:*","Resource":"*",
         "Condition":{"Bool":{"aws:SecureTransport":false}}}]}"#;

    const HOME_DIRS: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],
         "Resource":"arn:aws:s3:::home/${aws:username}/*"},
        {"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::home",
         "Condition":{"StringLike":{"s3:prefix":["${aws:username}/*","${aws:username}"]}}}]}"#;

    const SUB_BUCKET: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::${jwt:sub}/*"}]}"#;

    const DEPT_IGNORE_CASE: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"s3:GetObject","Resource":"*",
         "Condition":{"StringEqualsIgnoreCase":{"jwt:department":"Finance"}}}]}"#;

    const DENY_OTHER_TENANT: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"s3:*","Resource":"*"},
        {"Effect":"Deny","Action":"s3:*","Resource":"*",
         "Condition":{"StringNotEquals":{"jwt:tenant":"acme"}}}]}"#;

    const TENANT_IF_EXISTS: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"s3:GetObject","Resource":"*",
         "Condition":{"StringEqualsIfExists":{"jwt:tenant":"acme"}}}]}"#;

    const EMAIL_DOMAINS: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"s3:GetObject","Resource":"*",
         "Condition":{"StringLike":{"jwt:email":["*@example.com","*@example.org"]}}}]}"#;

    const DENY_PREFIXES: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"s3:*","Resource":"*"},
        {"Effect":"Deny","Action":"s3:ListBucket","Resource":"*",
         "Condition":{"StringNotLike":{"s3:prefix":["public/*","shared/*"]}}}]}"#;

    const TWO_KEYS: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"s3:GetObject","Resource":"*",
         "Condition":{"StringEquals":{"jwt:dept":"eng","jwt:level":"senior"}}}]}"#;

    const TWO_OPERATORS: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"s3:GetObject","Resource":"*",
         "Condition":{"StringEquals":{"jwt:dept":"eng"},
                      "IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}"#;

    const MAX_KEYS: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"s3:ListBucket","Resource":"*",
         "Condition":{"NumericLessThanEquals":{"s3:max-keys":100}}}]}"#;

    const DENY_BIG_LISTS: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"s3:*","Resource":"*"},
        {"Effect":"Deny","Action":"s3:ListBucket","Resource":"*",
         "Condition":{"NumericGreaterThanIfExists":{"s3:max-keys":"1000"}}}]}"#;

    const LEVEL_NOT_ZERO: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"s3:GetObject","Resource":"*",
         "Condition":{"NumericNotEquals":{"jwt:level":0}}}]}"#;

    const UNTIL_2030: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"s3:GetObject","Resource":"*",
         "Condition":{"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}}]}"#;

    const SINCE_2025_EPOCH: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"s3:GetObject","Resource":"*",
         "Condition":{"DateGreaterThanEquals":{"aws:EpochTime":"1735689600"}}}]}"#;

    const ISSUED_AT: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"s3:GetObject","Resource":"*",
         "Condition":{"DateEquals":{"jwt:iat":"2023-11-14T22:13:20Z"}}}]}"#;

    const NEEDS_EMAIL: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"s3:GetObject","Resource":"*",
         "Condition":{"Null":{"jwt:email":"false"}}}]}"#;

    const DENY_NO_IP: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"s3:*","Resource":"*"},
        {"Effect":"Deny","Action":"s3:*","Resource":"*",
         "Condition":{"Null":{"aws:SourceIp":true}}}]}"#;

    const ANY_GROUP: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"s3:GetObject","Resource":"*",
         "Condition":{"ForAnyValue:StringEquals":{"jwt:groups":["admins","ops"]}}}]}"#;

    const ALL_GROUPS: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"s3:GetObject","Resource":"*",
         "Condition":{"ForAllValues:StringLike":{"jwt:groups":"team-*"}}}]}"#;

    const DENY_ANY_NON_TEAM: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"s3:*","Resource":"*"},
        {"Effect":"Deny","Action":"s3:*","Resource":"*",
         "Condition":{"ForAnyValue:StringNotLike":{"jwt:groups":"team-*"}}}]}"#;

    const DENY_UNLESS_ADMIN: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"s3:*","Resource":"*"},
        {"Effect":"Deny","Action":"s3:*","Resource":"*",
         "Condition":{"ForAllValues:StringNotEquals":{"jwt:groups":"admins"}}}]}"#;

    const GROUP_ADMINS: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"s3:GetObject","Resource":"*",
         "Condition":{"StringEquals":{"jwt:groups":"admins"}}}]}"#;

    const DENY_NOT_ADMINS: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"s3:*","Resource":"*"},
        {"Effect":"Deny","Action":"s3:*","Resource":"*",
         "Condition":{"StringNotEquals":{"jwt:groups":"admins"}}}]}"#;

    const SESSION_GET_MY_BUCKET: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::my-bucket/*"}]}"#;

    const SESSION_DENY_PUT: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"s3:*","Resource":"*"},
        {"Sid":"NoPut","Effect":"Deny","Action":"s3:PutObject","Resource":"*"}]}"#;

    const ESCAPES: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${*}lit${?}${$}"}]}"#;

    const TEAM_DEFAULT: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"s3:GetObject",
         "Resource":"arn:aws:s3:::b/${jwt:team, 'shared'}/*"}]}"#;

    const OLD_VERSION: &str = r#"{"Version":"2008-10-17","Statement":[
        {"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::home/${aws:username}/*"}]}"#;

    const VERIFIED_EMAIL: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"s3:GetObject","Resource":"*",
         "Condition":{"Bool":{"jwt:email_verified":"true"}}}]}"#;

    const LEVEL_THREE: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"s3:GetObject","Resource":"*",
         "Condition":{"StringEquals":{"jwt:level":"3"}}}]}"#;

    const KEY_CASE: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"s3:GetObject","Resource":"*",
         "Condition":{"IpAddress":{"AWS:SOURCEIP":"10.0.0.0/8"},
                      "Bool":{"aws:securetransport":"TRUE"}}}]}"#;

    const SUB_PREFIX_VALUE: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::shared",
         "Condition":{"StringEquals":{"s3:prefix":"${jwt:sub}/"}}}]}"#;

    const DENY_OTHER_SUB: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"s3:*","Resource":"*"},
        {"Effect":"Deny","Action":"s3:*","Resource":"*",
         "Condition":{"StringNotEquals":{"jwt:owner":"${jwt:sub}"}}}]}"#;

    #[derive(Debug, Clone, Copy)]
    enum V {
        S(&'static str),
        L(&'static [&'static str]),
        B(bool),
        I(i64),
        Ip(&'static str),
        /// A token claim, as JSON text.
        J(&'static str),
    }

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Want {
        Allow,
        Deny,
        Implicit,
    }
    use V::*;
    use Want::{Allow as A, Deny as D, Implicit as N};

    struct Case {
        name: &'static str,
        policies: &'static [&'static str],
        session: Option<&'static str>,
        action: &'static str,
        resource: &'static str,
        keys: &'static [(&'static str, V)],
        want: Want,
    }

    const fn case(
        name: &'static str,
        policies: &'static [&'static str],
        action: &'static str,
        resource: &'static str,
        keys: &'static [(&'static str, V)],
        want: Want,
    ) -> Case {
        Case {
            name,
            policies,
            session: None,
            action,
            resource,
            keys,
            want,
        }
    }

    const fn with_session(
        name: &'static str,
        policies: &'static [&'static str],
        session: &'static str,
        action: &'static str,
        resource: &'static str,
        want: Want,
    ) -> Case {
        Case {
            name,
            policies,
            session: Some(session),
            action,
            resource,
            keys: &[],
            want,
        }
    }

    const ACCOUNT: &str = ACCOUNT_RESOURCE_ARN;

    #[rustfmt::skip]
    const CASES: &[Case] = &[
        // The seed's s3admin policy.
        case("s3admin get", &[S3ADMIN], "s3:GetObject", "arn:aws:s3:::my-bucket/file.txt", &[], A),
        case("s3admin put nested", &[S3ADMIN], "s3:PutObject", "arn:aws:s3:::my-bucket/dir/file", &[], A),
        case("s3admin delete", &[S3ADMIN], "s3:DeleteObject", "arn:aws:s3:::my-bucket/x", &[], A),
        case("s3admin list my-bucket", &[S3ADMIN], "s3:ListBucket", "arn:aws:s3:::my-bucket", &[], A),
        case("s3admin list other bucket", &[S3ADMIN], "s3:ListBucket", "arn:aws:s3:::other-bucket", &[], N),
        case("s3admin list all buckets", &[S3ADMIN], "s3:ListAllMyBuckets", ACCOUNT, &[], N),
        case("s3admin get other bucket", &[S3ADMIN], "s3:GetObject", "arn:aws:s3:::other-bucket/file", &[], N),
        case("s3admin put other bucket", &[S3ADMIN], "s3:PutObject", "arn:aws:s3:::other-bucket/file", &[], N),
        case("s3admin bucket name prefix", &[S3ADMIN], "s3:PutObject", "arn:aws:s3:::my-bucket-2/file", &[], N),
        case("s3admin action case", &[S3ADMIN], "S3:getobject", "arn:aws:s3:::my-bucket/x", &[], A),
        case("s3admin resource case", &[S3ADMIN], "s3:ListBucket", "arn:aws:s3:::My-Bucket", &[], N),
        case("s3admin delete bucket", &[S3ADMIN], "s3:DeleteBucket", "arn:aws:s3:::my-bucket", &[], N),
        case("s3admin non-s3 action", &[S3ADMIN], "iam:GetObject", "arn:aws:s3:::my-bucket/x", &[], N),
        case("no policies", &[], "s3:GetObject", "arn:aws:s3:::my-bucket/x", &[], N),
        // Deny wins, across statements and across policies.
        case("deny: other buckets allowed", &[DENY_SECRET], "s3:GetObject", "arn:aws:s3:::public/x", &[], A),
        case("deny: secret object", &[DENY_SECRET], "s3:GetObject", "arn:aws:s3:::secret/x", &[], D),
        case("deny: secret bucket", &[DENY_SECRET], "s3:ListBucket", "arn:aws:s3:::secret", &[], D),
        case("deny: secretive is not secret", &[DENY_SECRET], "s3:ListBucket", "arn:aws:s3:::secretive", &[], A),
        case("merged deny wins", &[S3ADMIN, DENY_DELETE], "s3:DeleteObject", "arn:aws:s3:::my-bucket/x", &[], D),
        case("merged deny order", &[DENY_DELETE, S3ADMIN], "s3:DeleteObject", "arn:aws:s3:::my-bucket/x", &[], D),
        case("merged other allow", &[S3ADMIN, DENY_DELETE], "s3:GetObject", "arn:aws:s3:::my-bucket/x", &[], A),
        case("merged second grants", &[S3ADMIN, READ_OTHER], "s3:GetObject", "arn:aws:s3:::other-bucket/x", &[], A),
        case("merged neither grants", &[S3ADMIN, READ_OTHER], "s3:PutObject", "arn:aws:s3:::other-bucket/x", &[], N),
        // NotAction / NotResource.
        case("notaction get", &[NOT_ACTION], "s3:GetObject", "arn:aws:s3:::data/x", &[], A),
        case("notaction delete", &[NOT_ACTION], "s3:DeleteObject", "arn:aws:s3:::data/x", &[], N),
        case("notaction delete version", &[NOT_ACTION], "s3:DeleteObjectVersion", "arn:aws:s3:::data/x", &[], N),
        case("notaction other resource", &[NOT_ACTION], "s3:GetObject", "arn:aws:s3:::other/x", &[], N),
        case("deny notaction put", &[DENY_NOT_ACTION], "s3:PutObject", "arn:aws:s3:::b/x", &[], D),
        case("deny notaction get", &[DENY_NOT_ACTION], "s3:GetObject", "arn:aws:s3:::b/x", &[], A),
        case("notresource public", &[NOT_RESOURCE], "s3:GetObject", "arn:aws:s3:::public/x", &[], A),
        case("notresource private", &[NOT_RESOURCE], "s3:GetObject", "arn:aws:s3:::private/x", &[], N),
        case("deny notresource elsewhere", &[DENY_NOT_RESOURCE], "s3:PutObject", "arn:aws:s3:::elsewhere/x", &[], D),
        case("deny notresource allowed", &[DENY_NOT_RESOURCE], "s3:PutObject", "arn:aws:s3:::allowed/x", &[], A),
        // Wildcards.
        case("action glob Get*", &[ACTION_GLOBS], "s3:GetObjectTagging", "arn:aws:s3:::b/x", &[], A),
        case("action glob List?ucket", &[ACTION_GLOBS], "s3:ListBucket", "arn:aws:s3:::b", &[], A),
        case("action glob is whole-name", &[ACTION_GLOBS], "s3:ListBucketVersions", "arn:aws:s3:::b", &[], N),
        case("action glob put", &[ACTION_GLOBS], "s3:PutObject", "arn:aws:s3:::b/x", &[], N),
        case("action glob case", &[ACTION_GLOBS], "S3:GETOBJECT", "arn:aws:s3:::b/x", &[], A),
        case("resource glob", &[RESOURCE_GLOBS], "s3:GetObject", "arn:aws:s3:::logs-2024/2024/a/b", &[], A),
        case("resource glob ? count", &[RESOURCE_GLOBS], "s3:GetObject", "arn:aws:s3:::logs-24/2024/x", &[], N),
        case("resource glob literal part", &[RESOURCE_GLOBS], "s3:GetObject", "arn:aws:s3:::logs-2024/2023/x", &[], N),
        // IpAddress / NotIpAddress.
        case("ip v4 inside", &[FROM_NETWORKS], "s3:GetObject", "arn:aws:s3:::b/x", &[("aws:SourceIp", Ip("10.1.2.3"))], A),
        case("ip v4 outside", &[FROM_NETWORKS], "s3:GetObject", "arn:aws:s3:::b/x", &[("aws:SourceIp", Ip("192.168.1.1"))], N),
        case("ip v6 inside", &[FROM_NETWORKS], "s3:GetObject", "arn:aws:s3:::b/x", &[("aws:SourceIp", Ip("2001:db8::5"))], A),
        case("ip v4-mapped v6", &[FROM_NETWORKS], "s3:GetObject", "arn:aws:s3:::b/x", &[("aws:SourceIp", Ip("::ffff:10.9.9.9"))], A),
        case("ip as string", &[FROM_NETWORKS], "s3:GetObject", "arn:aws:s3:::b/x", &[("aws:SourceIp", S("10.0.0.1"))], A),
        case("ip garbage", &[FROM_NETWORKS], "s3:GetObject", "arn:aws:s3:::b/x", &[("aws:SourceIp", S("ten"))], N),
        case("ip missing", &[FROM_NETWORKS], "s3:GetObject", "arn:aws:s3:::b/x", &[], N),
        case("not-ip inside", &[DENY_OUTSIDE], "s3:GetObject", "arn:aws:s3:::b/x", &[("aws:SourceIp", Ip("10.0.0.1"))], A),
        case("not-ip outside", &[DENY_OUTSIDE], "s3:GetObject", "arn:aws:s3:::b/x", &[("aws:SourceIp", Ip("8.8.8.8"))], D),
        case("not-ip missing is true", &[DENY_OUTSIDE], "s3:GetObject", "arn:aws:s3:::b/x", &[], D),
        // Bool.
        case("tls", &[DENY_PLAIN_HTTP], "s3:GetObject", "arn:aws:s3:::b/x", &[("aws:SecureTransport", B(true))], A),
        case("plain http", &[DENY_PLAIN_HTTP], "s3:GetObject", "arn:aws:s3:::b/x", &[("aws:SecureTransport", B(false))], D),
        case("plain http as string", &[DENY_PLAIN_HTTP], "s3:GetObject", "arn:aws:s3:::b/x", &[("aws:SecureTransport", S("false"))], D),
        case("transport unknown", &[DENY_PLAIN_HTTP], "s3:GetObject", "arn:aws:s3:::b/x", &[], A),
        case("bool from claim", &[VERIFIED_EMAIL], "s3:GetObject", "arn:aws:s3:::b/x", &[("jwt:email_verified", J("true"))], A),
        case("bool claim false", &[VERIFIED_EMAIL], "s3:GetObject", "arn:aws:s3:::b/x", &[("jwt:email_verified", J("false"))], N),
        // Policy variables in resources.
        case("home own", &[HOME_DIRS], "s3:GetObject", "arn:aws:s3:::home/alice/f", &[("aws:username", S("alice"))], A),
        case("home other", &[HOME_DIRS], "s3:GetObject", "arn:aws:s3:::home/bob/f", &[("aws:username", S("alice"))], N),
        case("home no username", &[HOME_DIRS], "s3:GetObject", "arn:aws:s3:::home/alice/f", &[], N),
        case("home empty-named dir", &[HOME_DIRS], "s3:GetObject", "arn:aws:s3:::home//f", &[], N),
        case("home list own prefix", &[HOME_DIRS], "s3:ListBucket", "arn:aws:s3:::home", &[("aws:username", S("alice")), ("s3:prefix", S("alice/docs/"))], A),
        case("home list own root", &[HOME_DIRS], "s3:ListBucket", "arn:aws:s3:::home", &[("aws:username", S("alice")), ("s3:prefix", S("alice"))], A),
        case("home list other prefix", &[HOME_DIRS], "s3:ListBucket", "arn:aws:s3:::home", &[("aws:username", S("alice")), ("s3:prefix", S("bob/"))], N),
        case("home list no prefix", &[HOME_DIRS], "s3:ListBucket", "arn:aws:s3:::home", &[("aws:username", S("alice"))], N),
        case("jwt sub bucket", &[SUB_BUCKET], "s3:GetObject", "arn:aws:s3:::u123/x", &[("jwt:sub", S("u123"))], A),
        case("jwt sub other bucket", &[SUB_BUCKET], "s3:GetObject", "arn:aws:s3:::u124/x", &[("jwt:sub", S("u123"))], N),
        case("jwt sub missing", &[SUB_BUCKET], "s3:GetObject", "arn:aws:s3:::/x", &[], N),
        case("jwt sub multi-valued", &[SUB_BUCKET], "s3:GetObject", "arn:aws:s3:::a/x", &[("jwt:sub", L(&["a", "b"]))], N),
        case("jwt sub from claim", &[SUB_BUCKET], "s3:GetObject", "arn:aws:s3:::u9/x", &[("jwt:sub", J("\"u9\""))], A),
        case("escapes literal", &[ESCAPES], "s3:GetObject", "arn:aws:s3:::b/*lit?$", &[], A),
        case("escapes not wildcards", &[ESCAPES], "s3:GetObject", "arn:aws:s3:::b/xlitx$", &[], N),
        case("variable default", &[TEAM_DEFAULT], "s3:GetObject", "arn:aws:s3:::b/shared/x", &[], A),
        case("variable default unused", &[TEAM_DEFAULT], "s3:GetObject", "arn:aws:s3:::b/shared/x", &[("jwt:team", S("red"))], N),
        case("variable value used", &[TEAM_DEFAULT], "s3:GetObject", "arn:aws:s3:::b/red/x", &[("jwt:team", S("red"))], A),
        case("2008 version: no variables", &[OLD_VERSION], "s3:GetObject", "arn:aws:s3:::home/alice/x", &[("aws:username", S("alice"))], N),
        case("2008 version: literal", &[OLD_VERSION], "s3:GetObject", "arn:aws:s3:::home/${aws:username}/x", &[("aws:username", S("alice"))], A),
        // String operators.
        case("ignore case", &[DEPT_IGNORE_CASE], "s3:GetObject", "arn:aws:s3:::b/x", &[("jwt:department", S("FINANCE"))], A),
        case("ignore case other", &[DEPT_IGNORE_CASE], "s3:GetObject", "arn:aws:s3:::b/x", &[("jwt:department", S("Sales"))], N),
        case("not-equals same", &[DENY_OTHER_TENANT], "s3:GetObject", "arn:aws:s3:::b/x", &[("jwt:tenant", S("acme"))], A),
        case("not-equals other", &[DENY_OTHER_TENANT], "s3:GetObject", "arn:aws:s3:::b/x", &[("jwt:tenant", S("evil"))], D),
        case("not-equals case-sensitive", &[DENY_OTHER_TENANT], "s3:GetObject", "arn:aws:s3:::b/x", &[("jwt:tenant", S("ACME"))], D),
        case("not-equals missing is true", &[DENY_OTHER_TENANT], "s3:GetObject", "arn:aws:s3:::b/x", &[], D),
        case("if-exists missing", &[TENANT_IF_EXISTS], "s3:GetObject", "arn:aws:s3:::b/x", &[], A),
        case("if-exists match", &[TENANT_IF_EXISTS], "s3:GetObject", "arn:aws:s3:::b/x", &[("jwt:tenant", S("acme"))], A),
        case("if-exists mismatch", &[TENANT_IF_EXISTS], "s3:GetObject", "arn:aws:s3:::b/x", &[("jwt:tenant", S("other"))], N),
        case("like values OR", &[EMAIL_DOMAINS], "s3:GetObject", "arn:aws:s3:::b/x", &[("jwt:email", S("a@example.org"))], A),
        case("like no value", &[EMAIL_DOMAINS], "s3:GetObject", "arn:aws:s3:::b/x", &[("jwt:email", S("a@example.net"))], N),
        case("not-like values NOR: listed", &[DENY_PREFIXES], "s3:ListBucket", "arn:aws:s3:::b", &[("s3:prefix", S("shared/x"))], A),
        case("not-like values NOR: other", &[DENY_PREFIXES], "s3:ListBucket", "arn:aws:s3:::b", &[("s3:prefix", S("private/"))], D),
        case("keys AND: both", &[TWO_KEYS], "s3:GetObject", "arn:aws:s3:::b/x", &[("jwt:dept", S("eng")), ("jwt:level", S("senior"))], A),
        case("keys AND: one", &[TWO_KEYS], "s3:GetObject", "arn:aws:s3:::b/x", &[("jwt:dept", S("eng"))], N),
        case("operators AND: both", &[TWO_OPERATORS], "s3:GetObject", "arn:aws:s3:::b/x", &[("jwt:dept", S("eng")), ("aws:SourceIp", Ip("10.0.0.7"))], A),
        case("operators AND: one", &[TWO_OPERATORS], "s3:GetObject", "arn:aws:s3:::b/x", &[("jwt:dept", S("eng")), ("aws:SourceIp", Ip("11.0.0.7"))], N),
        case("number claim as string", &[LEVEL_THREE], "s3:GetObject", "arn:aws:s3:::b/x", &[("jwt:level", J("3"))], A),
        case("variable in value", &[SUB_PREFIX_VALUE], "s3:ListBucket", "arn:aws:s3:::shared", &[("jwt:sub", S("u1")), ("s3:prefix", S("u1/"))], A),
        case("variable in value other", &[SUB_PREFIX_VALUE], "s3:ListBucket", "arn:aws:s3:::shared", &[("jwt:sub", S("u1")), ("s3:prefix", S("u2/"))], N),
        case("variable in value missing", &[SUB_PREFIX_VALUE], "s3:ListBucket", "arn:aws:s3:::shared", &[("s3:prefix", S("/"))], N),
        case("variable in negated value", &[DENY_OTHER_SUB], "s3:GetObject", "arn:aws:s3:::b/x", &[("jwt:sub", S("u1")), ("jwt:owner", S("u1"))], A),
        case("variable in negated value other", &[DENY_OTHER_SUB], "s3:GetObject", "arn:aws:s3:::b/x", &[("jwt:sub", S("u1")), ("jwt:owner", S("u2"))], D),
        // Numeric.
        case("numeric below", &[MAX_KEYS], "s3:ListBucket", "arn:aws:s3:::b", &[("s3:max-keys", S("50"))], A),
        case("numeric equal", &[MAX_KEYS], "s3:ListBucket", "arn:aws:s3:::b", &[("s3:max-keys", S("100"))], A),
        case("numeric above", &[MAX_KEYS], "s3:ListBucket", "arn:aws:s3:::b", &[("s3:max-keys", S("101"))], N),
        case("numeric int value", &[MAX_KEYS], "s3:ListBucket", "arn:aws:s3:::b", &[("s3:max-keys", I(7))], A),
        case("numeric missing", &[MAX_KEYS], "s3:ListBucket", "arn:aws:s3:::b", &[], N),
        case("numeric garbage", &[MAX_KEYS], "s3:ListBucket", "arn:aws:s3:::b", &[("s3:max-keys", S("lots"))], N),
        case("numeric if-exists over", &[DENY_BIG_LISTS], "s3:ListBucket", "arn:aws:s3:::b", &[("s3:max-keys", S("5000"))], D),
        case("numeric if-exists under", &[DENY_BIG_LISTS], "s3:ListBucket", "arn:aws:s3:::b", &[("s3:max-keys", S("10"))], A),
        case("numeric if-exists missing", &[DENY_BIG_LISTS], "s3:ListBucket", "arn:aws:s3:::b", &[], D),
        case("numeric not-equals", &[LEVEL_NOT_ZERO], "s3:GetObject", "arn:aws:s3:::b/x", &[("jwt:level", J("3"))], A),
        case("numeric not-equals equal", &[LEVEL_NOT_ZERO], "s3:GetObject", "arn:aws:s3:::b/x", &[("jwt:level", J("0"))], N),
        // Dates (the context's time is 2025-06-01T12:00:00Z unless set).
        case("date before", &[UNTIL_2030], "s3:GetObject", "arn:aws:s3:::b/x", &[], A),
        case("date after", &[UNTIL_2030], "s3:GetObject", "arn:aws:s3:::b/x", &[("aws:CurrentTime", S("2031-01-01T00:00:00Z"))], N),
        case("epoch since", &[SINCE_2025_EPOCH], "s3:GetObject", "arn:aws:s3:::b/x", &[], A),
        case("epoch since, earlier", &[SINCE_2025_EPOCH], "s3:GetObject", "arn:aws:s3:::b/x", &[("aws:EpochTime", I(1_700_000_000))], N),
        case("date from epoch claim", &[ISSUED_AT], "s3:GetObject", "arn:aws:s3:::b/x", &[("jwt:iat", J("1700000000"))], A),
        case("date from other claim", &[ISSUED_AT], "s3:GetObject", "arn:aws:s3:::b/x", &[("jwt:iat", J("1700000001"))], N),
        // Null.
        case("null false, present", &[NEEDS_EMAIL], "s3:GetObject", "arn:aws:s3:::b/x", &[("jwt:email", S("a@b"))], A),
        case("null false, missing", &[NEEDS_EMAIL], "s3:GetObject", "arn:aws:s3:::b/x", &[], N),
        case("null false, json null", &[NEEDS_EMAIL], "s3:GetObject", "arn:aws:s3:::b/x", &[("jwt:email", J("null"))], N),
        case("null true, missing", &[DENY_NO_IP], "s3:GetObject", "arn:aws:s3:::b/x", &[], D),
        case("null true, present", &[DENY_NO_IP], "s3:GetObject", "arn:aws:s3:::b/x", &[("aws:SourceIp", Ip("10.0.0.1"))], A),
        // Set operators on multi-valued keys.
        case("any-value hit", &[ANY_GROUP], "s3:GetObject", "arn:aws:s3:::b/x", &[("jwt:groups", L(&["dev", "ops"]))], A),
        case("any-value miss", &[ANY_GROUP], "s3:GetObject", "arn:aws:s3:::b/x", &[("jwt:groups", L(&["dev"]))], N),
        case("any-value missing", &[ANY_GROUP], "s3:GetObject", "arn:aws:s3:::b/x", &[], N),
        case("any-value empty array", &[ANY_GROUP], "s3:GetObject", "arn:aws:s3:::b/x", &[("jwt:groups", J("[]"))], N),
        case("any-value json array", &[ANY_GROUP], "s3:GetObject", "arn:aws:s3:::b/x", &[("jwt:groups", J(r#"["x", "admins"]"#))], A),
        case("all-values all", &[ALL_GROUPS], "s3:GetObject", "arn:aws:s3:::b/x", &[("jwt:groups", L(&["team-a", "team-b"]))], A),
        case("all-values one off", &[ALL_GROUPS], "s3:GetObject", "arn:aws:s3:::b/x", &[("jwt:groups", L(&["team-a", "admin"]))], N),
        case("all-values missing is true", &[ALL_GROUPS], "s3:GetObject", "arn:aws:s3:::b/x", &[], A),
        case("any-value negated hit", &[DENY_ANY_NON_TEAM], "s3:GetObject", "arn:aws:s3:::b/x", &[("jwt:groups", L(&["team-a", "admin"]))], D),
        case("any-value negated miss", &[DENY_ANY_NON_TEAM], "s3:GetObject", "arn:aws:s3:::b/x", &[("jwt:groups", L(&["team-a"]))], A),
        case("all-values negated: none admin", &[DENY_UNLESS_ADMIN], "s3:GetObject", "arn:aws:s3:::b/x", &[("jwt:groups", L(&["dev", "ops"]))], D),
        case("all-values negated: one admin", &[DENY_UNLESS_ADMIN], "s3:GetObject", "arn:aws:s3:::b/x", &[("jwt:groups", L(&["dev", "admins"]))], A),
        case("plain operator, multi-valued", &[GROUP_ADMINS], "s3:GetObject", "arn:aws:s3:::b/x", &[("jwt:groups", L(&["dev", "admins"]))], A),
        case("plain negated, multi-valued", &[DENY_NOT_ADMINS], "s3:GetObject", "arn:aws:s3:::b/x", &[("jwt:groups", L(&["dev", "admins"]))], A),
        case("plain negated, multi-valued miss", &[DENY_NOT_ADMINS], "s3:GetObject", "arn:aws:s3:::b/x", &[("jwt:groups", L(&["dev"]))], D),
        // Key names are case-insensitive; Bool values too.
        case("key case", &[KEY_CASE], "s3:GetObject", "arn:aws:s3:::b/x", &[("aws:SourceIp", Ip("10.0.0.1")), ("aws:SecureTransport", B(true))], A),
        case("key case, last value wins", &[KEY_CASE], "s3:GetObject", "arn:aws:s3:::b/x", &[("aws:SourceIp", Ip("10.0.0.1")), ("aws:SecureTransport", B(true)), ("AWS:SecureTransport", B(false))], N),
        // Session policies intersect.
        with_session("session narrows: allowed", &[ALLOW_ALL], SESSION_GET_MY_BUCKET, "s3:GetObject", "arn:aws:s3:::my-bucket/x", A),
        with_session("session narrows: action", &[ALLOW_ALL], SESSION_GET_MY_BUCKET, "s3:PutObject", "arn:aws:s3:::my-bucket/x", N),
        with_session("session narrows: resource", &[ALLOW_ALL], SESSION_GET_MY_BUCKET, "s3:GetObject", "arn:aws:s3:::other/x", N),
        with_session("session cannot widen", &[S3ADMIN], ALLOW_ALL, "s3:GetObject", "arn:aws:s3:::other-bucket/x", N),
        with_session("session both allow", &[S3ADMIN], ALLOW_ALL, "s3:GetObject", "arn:aws:s3:::my-bucket/x", A),
        with_session("session deny wins", &[S3ADMIN], SESSION_DENY_PUT, "s3:PutObject", "arn:aws:s3:::my-bucket/x", D),
        with_session("session deny, identity silent", &[], SESSION_DENY_PUT, "s3:PutObject", "arn:aws:s3:::my-bucket/x", D),
        with_session("identity deny wins over session", &[DENY_SECRET], ALLOW_ALL, "s3:GetObject", "arn:aws:s3:::secret/x", D),
        with_session("session alone grants nothing", &[], ALLOW_ALL, "s3:GetObject", "arn:aws:s3:::b/x", N),
    ];

    fn run(case: &Case) -> Decision<'static> {
        // Policies are leaked so that the decision can borrow them for 'static in the table.
        let parse = |doc: &str| -> &'static Policy {
            Box::leak(Box::new(
                Policy::parse(doc).unwrap_or_else(|e| panic!("{}: {e}", case.name)),
            ))
        };
        let policies: Vec<&'static Policy> = case.policies.iter().map(|d| parse(d)).collect();
        let session = case.session.map(parse);
        let claims: Vec<serde_json::Value> = case
            .keys
            .iter()
            .map(|(_, v)| match v {
                J(text) => serde_json::from_str(text).unwrap(),
                _ => serde_json::Value::Null,
            })
            .collect();
        let times: Vec<Option<OffsetDateTime>> = case
            .keys
            .iter()
            .map(|(k, v)| match v {
                S(text) if k.eq_ignore_ascii_case("aws:CurrentTime") => parse_date(text),
                _ => None,
            })
            .collect();
        let mut ctx = RequestContext::with_capacity(case.action, case.resource, case.keys.len());
        ctx.set_current_time(time::macros::datetime!(2025-06-01 12:00 UTC));
        for (((key, value), claim), t) in case.keys.iter().zip(&claims).zip(&times) {
            if let Some(t) = t {
                ctx.set_current_time(*t);
                continue;
            }
            match *value {
                S(s) => ctx.insert(key, s),
                L(list) => ctx.insert(key, list),
                B(b) => ctx.insert(key, b),
                I(n) => ctx.insert(key, n),
                Ip(ip) => ctx.insert(key, ip.parse::<IpAddr>().unwrap()),
                J(_) => ctx.insert(key, claim),
            };
        }
        evaluate(&policies, session, &ctx)
    }

    #[test]
    fn evaluation_table() {
        assert!(CASES.len() >= 60, "{} cases", CASES.len());
        let mut failures = Vec::new();
        for case in CASES {
            let got = run(case);
            let kind = match got {
                Decision::Allow(_) => A,
                Decision::ExplicitDeny(_) => D,
                Decision::ImplicitDeny => N,
            };
            if kind != case.want {
                failures.push(format!("{}: want {:?}, got {got:?}", case.name, case.want));
            }
        }
        assert!(
            failures.is_empty(),
            "{} failures:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    #[test]
    fn decisions_name_the_statement() {
        let secret = Policy::parse(DENY_SECRET).unwrap();
        let admin = Policy::parse(S3ADMIN).unwrap();
        let ctx = RequestContext::new("s3:GetObject", "arn:aws:s3:::secret/x");
        let got = evaluate(&[&admin, &secret], None, &ctx);
        let want = StatementRef {
            policy: PolicyRef::Identity(1),
            statement: 1,
            sid: Some("NoSecrets"),
        };
        assert_eq!(got, Decision::ExplicitDeny(want));
        assert_eq!(want.to_string(), "policy #1, Statement[1] (Sid \"NoSecrets\")");

        let ctx = RequestContext::new("s3:GetObject", "arn:aws:s3:::my-bucket/x");
        let got = evaluate(&[&secret, &admin], None, &ctx);
        assert_eq!(
            got,
            Decision::Allow(StatementRef {
                policy: PolicyRef::Identity(0),
                statement: 0,
                sid: None
            })
        );

        let session = Policy::parse(SESSION_DENY_PUT).unwrap();
        let ctx = RequestContext::new("s3:PutObject", "arn:aws:s3:::my-bucket/x");
        let got = evaluate(&[&admin], Some(&session), &ctx);
        let want = StatementRef {
            policy: PolicyRef::Session,
            statement: 1,
            sid: Some("NoPut"),
        };
        assert_eq!(got, Decision::ExplicitDeny(want));
        assert_eq!(want.to_string(), "session policy, Statement[1] (Sid \"NoPut\")");
    }

    #[test]
    fn current_time_defaults_to_now() {
        let policy = Policy::parse(UNTIL_2030).unwrap();
        let ctx = RequestContext::new("s3:GetObject", "arn:aws:s3:::b/x");
        let now = OffsetDateTime::now_utc();
        assert!(evaluate(&[&policy], None, &ctx).is_allowed() == (now.year() < 2030));
    }

    #[test]
    fn jwt_claims_map() {
        let policy = Policy::parse(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*",
               "Resource":"arn:aws:s3:::${jwt:preferred_username}/*",
               "Condition":{"ForAnyValue:StringEquals":{"jwt:roles":"s3admin"},
                            "NumericGreaterThan":{"jwt:exp":1700000000}}}]}"#,
        )
        .unwrap();
        let claims: serde_json::Map<String, serde_json::Value> = serde_json::from_str(
            r#"{"sub":"abc","preferred_username":"alice","roles":["s3admin","other"],
                "exp":1800000000,"address":{"country":"NL"}}"#,
        )
        .unwrap();
        let mut ctx = RequestContext::new("s3:PutObject", "arn:aws:s3:::alice/f");
        ctx.insert_jwt_claims(&claims);
        assert!(evaluate(&[&policy], None, &ctx).is_allowed());
        let mut ctx = RequestContext::new("s3:PutObject", "arn:aws:s3:::bob/f");
        ctx.insert_jwt_claims(&claims);
        assert_eq!(evaluate(&[&policy], None, &ctx), Decision::ImplicitDeny);
    }

    #[test]
    fn context_values() {
        let v = ContextValues::Json(&serde_json::Value::Null);
        assert_eq!(v.iter().count(), 0);
        let list = serde_json::json!(["a", 1, true, null, {"x": 1}, [2]]);
        let got: Vec<ContextValue<'_>> = ContextValues::Json(&list).iter().collect();
        assert_eq!(
            got,
            [
                ContextValue::Str("a"),
                ContextValue::Int(1),
                ContextValue::Bool(true)
            ]
        );
        assert_eq!(ContextValues::from("x").single(), Some(ContextValue::Str("x")));
        let two = ["a".to_owned(), "b".to_owned()];
        assert_eq!(ContextValues::from(&two[..]).single(), None);
        assert_eq!(
            ContextValue::Time(time::macros::datetime!(2024-01-02 03:04:05 UTC))
                .as_string()
                .as_deref(),
            Some("2024-01-02T03:04:05Z")
        );
        assert_eq!(resource_arn("b", Some("k/l")), "arn:aws:s3:::b/k/l");
        assert_eq!(resource_arn("b", None), "arn:aws:s3:::b");
    }
}
