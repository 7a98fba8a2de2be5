//! Parsing and validating AWS IAM identity policies for S3.

use std::fmt;

use super::actions::{S3_ACTIONS, canonical, closest, closest_in, other_action, strip_service};
use super::condition::{Condition, parse_block};
use super::eval::ARN_PREFIX;
use super::json::{self, Json};
use super::pattern::{Pattern, Syntax, same_char_ascii_ci};

/// The size limit, in characters not counting whitespace: AWS's limit for managed policies.
pub const MAX_POLICY_CHARS: usize = 6144;

/// The policy language version (`Version`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// `2012-10-17`: the current language, with policy variables.
    V2012_10_17,
    /// `2008-10-17`: the old language; `${...}` is literal text.
    V2008_10_17,
}

impl Version {
    pub fn as_str(self) -> &'static str {
        match self {
            Version::V2012_10_17 => "2012-10-17",
            Version::V2008_10_17 => "2008-10-17",
        }
    }
}

/// A statement's `Effect`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Allow,
    Deny,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ActionPattern {
    /// `*` or `s3:*`.
    All,
    /// A known action, canonical spelling, without `s3:`.
    Exact(&'static str),
    /// A wildcard pattern over the action name (after `s3:`), matched case-insensitively.
    Glob(Pattern),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ResourcePattern {
    /// `*`.
    All,
    /// An `arn:aws:s3:::` ARN: the pattern over what follows the prefix.
    Arn(Pattern),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Statement {
    pub(crate) sid: Option<String>,
    pub(crate) effect: Effect,
    pub(crate) not_action: bool,
    pub(crate) actions: Vec<ActionPattern>,
    pub(crate) not_resource: bool,
    pub(crate) resources: Vec<ResourcePattern>,
    pub(crate) conditions: Vec<Condition>,
}

/// A validated policy, ready to evaluate; it keeps the document exactly as given.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    source: String,
    version: Version,
    id: Option<String>,
    pub(crate) statements: Vec<Statement>,
}

impl Policy {
    /// Parses and validates a policy document. See the module documentation of
    /// [`crate::server::iam`] for what is accepted.
    pub fn parse(doc: &str) -> Result<Policy, PolicyError> {
        let chars = doc.chars().filter(|c| !c.is_whitespace()).count();
        if chars > MAX_POLICY_CHARS {
            return Err(PolicyError {
                kind: PolicyErrorKind::TooLarge { chars },
                ..PolicyError::invalid(Location::Document, String::new())
            });
        }
        let json = json::parse(doc).map_err(|e| PolicyError {
            kind: PolicyErrorKind::Syntax {
                line: e.line(),
                column: e.column(),
            },
            ..PolicyError::invalid(Location::Document, e.to_string())
        })?;
        let Json::Object(top) = json else {
            return Err(PolicyError::invalid(
                Location::Document,
                format!(
                    "a policy must be a JSON object with Version and Statement, got {}",
                    json.kind()
                ),
            ));
        };

        let top_field = |name: &str| Location::Top(name.to_owned());
        let mut version = None;
        let mut id = None;
        let mut statement = None;
        for (name, value) in &top {
            match name.as_str() {
                "Version" => version = Some(value),
                "Id" => id = Some(value),
                "Statement" => statement = Some(value),
                other => {
                    let hint = match closest_in(other, &["Version", "Id", "Statement"]) {
                        Some(known) => format!("did you mean {known:?}? "),
                        None => String::new(),
                    };
                    return Err(PolicyError::invalid(
                        top_field(other),
                        format!(
                            "unknown top-level field {other:?}; {hint}a policy has Version, \
                             Statement and optionally Id"
                        ),
                    ));
                }
            }
        }

        let version = match version {
            None => {
                return Err(PolicyError::invalid(
                    top_field("Version"),
                    "Version is missing; add \"Version\": \"2012-10-17\"".into(),
                ));
            }
            Some(Json::String(v)) if v == "2012-10-17" => Version::V2012_10_17,
            Some(Json::String(v)) if v == "2008-10-17" => Version::V2008_10_17,
            Some(other) => {
                let got = match other {
                    Json::String(s) => format!("{s:?}"),
                    other => other.kind().to_owned(),
                };
                return Err(PolicyError::invalid(
                    top_field("Version"),
                    format!("Version must be \"2012-10-17\" (or the older \"2008-10-17\"), got {got}"),
                ));
            }
        };
        let id = match id {
            None => None,
            Some(Json::String(s)) => Some(s.clone()),
            Some(other) => {
                return Err(PolicyError::invalid(
                    top_field("Id"),
                    format!("Id must be a string, got {}", other.kind()),
                ));
            }
        };
        let (items, in_array): (Vec<&Json>, bool) = match statement {
            None => {
                return Err(PolicyError::invalid(
                    top_field("Statement"),
                    "Statement is missing; add a statement or an array of statements".into(),
                ));
            }
            Some(single @ Json::Object(_)) => (vec![single], false),
            Some(Json::Array(list)) if list.is_empty() => {
                return Err(PolicyError::invalid(
                    top_field("Statement"),
                    "Statement is an empty array; a policy needs at least one statement".into(),
                ));
            }
            Some(Json::Array(list)) => (list.iter().collect(), true),
            Some(other) => {
                return Err(PolicyError::invalid(
                    top_field("Statement"),
                    format!(
                        "Statement must be an object or an array of objects, got {}",
                        other.kind()
                    ),
                ));
            }
        };

        let variables = version == Version::V2012_10_17;
        let mut statements: Vec<Statement> = Vec::with_capacity(items.len());
        for (index, item) in items.into_iter().enumerate() {
            let st = parse_statement(index, in_array, item, variables)?;
            if let Some(sid) = &st.sid
                && let Some(first) = statements
                    .iter()
                    .position(|s| s.sid.as_deref() == Some(sid.as_str()))
            {
                return Err(PolicyError::invalid(
                    Location::Statement {
                        index,
                        in_array,
                        sid: Some(sid.clone()),
                        field: Some("Sid".into()),
                    },
                    format!(
                        "the Sid {sid:?} is already used by Statement[{first}]; Sids must be unique \
                         within a policy"
                    ),
                ));
            }
            statements.push(st);
        }
        Ok(Policy {
            source: doc.to_owned(),
            version,
            id,
            statements,
        })
    }

    /// The document exactly as given to [`Policy::parse`].
    pub fn source(&self) -> &str {
        &self.source
    }

    pub fn statement_count(&self) -> usize {
        self.statements.len()
    }

    pub fn version(&self) -> Version {
        self.version
    }

    /// The policy's `Id`, if it has one.
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// The `Sid` of statement `index`, if it has one.
    pub fn statement_sid(&self, index: usize) -> Option<&str> {
        self.statements.get(index)?.sid.as_deref()
    }
}

/// What kind of problem a [`PolicyError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyErrorKind {
    /// Not JSON; the position is 1-based.
    Syntax { line: usize, column: usize },
    /// More than [`MAX_POLICY_CHARS`] characters not counting whitespace.
    TooLarge { chars: usize },
    /// Valid JSON, but not a valid policy.
    Invalid,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Location {
    Document,
    Top(String),
    Statement {
        index: usize,
        in_array: bool,
        sid: Option<String>,
        field: Option<String>,
    },
}

/// Why a policy was rejected: the statement (index and Sid) and field, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyError {
    kind: PolicyErrorKind,
    location: Location,
    message: String,
}

impl PolicyError {
    fn invalid(location: Location, message: String) -> PolicyError {
        PolicyError {
            kind: PolicyErrorKind::Invalid,
            location,
            message,
        }
    }

    pub fn kind(&self) -> PolicyErrorKind {
        self.kind
    }

    /// The 0-based index of the statement at fault.
    pub fn statement_index(&self) -> Option<usize> {
        match &self.location {
            Location::Statement { index, .. } => Some(*index),
            _ => None,
        }
    }

    /// The Sid of the statement at fault, if it has one.
    pub fn sid(&self) -> Option<&str> {
        match &self.location {
            Location::Statement { sid, .. } => sid.as_deref(),
            _ => None,
        }
    }

    /// The field at fault: `Version`, `Action[2]`, `Condition.StringEquals.aws:username`.
    pub fn field(&self) -> Option<&str> {
        match &self.location {
            Location::Top(field) => Some(field),
            Location::Statement { field, .. } => field.as_deref(),
            Location::Document => None,
        }
    }

    /// What is wrong, without the location.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            PolicyErrorKind::Syntax { .. } => {
                return write!(f, "the policy is not valid JSON: {}", self.message);
            }
            PolicyErrorKind::TooLarge { chars } => {
                return write!(
                    f,
                    "the policy has {chars} characters not counting whitespace; the limit is \
                     {MAX_POLICY_CHARS} (as for AWS managed policies): split it into several policies"
                );
            }
            PolicyErrorKind::Invalid => {}
        }
        match &self.location {
            Location::Document => {}
            Location::Top(field) => write!(f, "field {field:?}: ")?,
            Location::Statement {
                index,
                in_array,
                sid,
                field,
            } => {
                if *in_array {
                    write!(f, "Statement[{index}]")?;
                } else {
                    f.write_str("Statement")?;
                }
                if let Some(sid) = sid {
                    write!(f, " (Sid {sid:?})")?;
                }
                if let Some(field) = field {
                    write!(f, ", field {field:?}")?;
                }
                f.write_str(": ")?;
            }
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for PolicyError {}

/// Where a statement is, to build its errors.
struct At {
    index: usize,
    in_array: bool,
    sid: Option<String>,
}

impl At {
    fn err(&self, field: Option<&str>, message: String) -> PolicyError {
        PolicyError::invalid(
            Location::Statement {
                index: self.index,
                in_array: self.in_array,
                sid: self.sid.clone(),
                field: field.map(str::to_owned),
            },
            message,
        )
    }
}

const STATEMENT_FIELDS: &[&str] = &[
    "Sid",
    "Effect",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];

fn parse_statement(
    index: usize,
    in_array: bool,
    json: &Json,
    variables: bool,
) -> Result<Statement, PolicyError> {
    let mut at = At {
        index,
        in_array,
        sid: None,
    };
    let Json::Object(fields) = json else {
        return Err(at.err(
            None,
            format!("a statement must be an object, got {}", json.kind()),
        ));
    };
    // The Sid first, so that every later error can name it.
    if let Some((_, sid)) = fields.iter().find(|(k, _)| k == "Sid") {
        let Json::String(sid) = sid else {
            return Err(at.err(Some("Sid"), format!("Sid must be a string, got {}", sid.kind())));
        };
        if !sid.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(at.err(
                Some("Sid"),
                format!("the Sid {sid:?} may contain only letters A-Z, a-z and digits 0-9"),
            ));
        }
        if !sid.is_empty() {
            at.sid = Some(sid.clone());
        }
    }

    let mut effect = None;
    let mut actions: Option<(bool, Vec<ActionPattern>)> = None;
    let mut resources: Option<(bool, Vec<ResourcePattern>)> = None;
    let mut conditions = Vec::new();
    for (name, value) in fields {
        match name.as_str() {
            "Sid" => {}
            "Effect" => {
                effect = Some(match value {
                    Json::String(s) if s == "Allow" => Effect::Allow,
                    Json::String(s) if s == "Deny" => Effect::Deny,
                    Json::String(s) => {
                        return Err(at.err(
                            Some("Effect"),
                            format!("Effect must be \"Allow\" or \"Deny\" (exactly so), got {s:?}"),
                        ));
                    }
                    other => {
                        return Err(at.err(
                            Some("Effect"),
                            format!(
                                "Effect must be the string \"Allow\" or \"Deny\", got {}",
                                other.kind()
                            ),
                        ));
                    }
                });
            }
            "Action" | "NotAction" => {
                if actions.is_some() {
                    return Err(at.err(
                        Some(name),
                        "the statement has both Action and NotAction; keep exactly one".into(),
                    ));
                }
                let list = string_list(&at, name, value)?
                    .into_iter()
                    .map(|(field, text)| parse_action(text).map_err(|m| at.err(Some(&field), m)))
                    .collect::<Result<_, _>>()?;
                actions = Some((name == "NotAction", list));
            }
            "Resource" | "NotResource" => {
                if resources.is_some() {
                    return Err(at.err(
                        Some(name),
                        "the statement has both Resource and NotResource; keep exactly one".into(),
                    ));
                }
                let list = string_list(&at, name, value)?
                    .into_iter()
                    .map(|(field, text)| parse_resource(text, variables).map_err(|m| at.err(Some(&field), m)))
                    .collect::<Result<_, _>>()?;
                resources = Some((name == "NotResource", list));
            }
            "Condition" => {
                conditions = parse_block(value, variables).map_err(|e| {
                    let field = if e.field.is_empty() {
                        "Condition".to_owned()
                    } else {
                        format!("Condition.{}", e.field)
                    };
                    at.err(Some(&field), e.message)
                })?;
            }
            "Principal" | "NotPrincipal" => {
                return Err(at.err(
                    Some(name),
                    format!(
                        "identity policies don't take a principal: the policy applies to the \
                         identities whose token roles name it; remove {name}"
                    ),
                ));
            }
            other => {
                let hint = match closest_in(other, STATEMENT_FIELDS) {
                    Some(known) => format!("did you mean {known:?}? "),
                    None => String::new(),
                };
                return Err(at.err(
                    Some(other),
                    format!(
                        "unknown statement field {other:?}; {hint}a statement has Sid, Effect, \
                         Action or NotAction, Resource or NotResource, and Condition"
                    ),
                ));
            }
        }
    }

    let Some(effect) = effect else {
        return Err(at.err(
            Some("Effect"),
            "Effect is missing; add \"Effect\": \"Allow\" or \"Effect\": \"Deny\"".into(),
        ));
    };
    let Some((not_action, actions)) = actions else {
        return Err(at.err(
            Some("Action"),
            "the statement needs Action (or NotAction), e.g. \"Action\": \"s3:GetObject\"".into(),
        ));
    };
    let Some((not_resource, resources)) = resources else {
        return Err(at.err(
            Some("Resource"),
            "the statement needs Resource (or NotResource), e.g. \"Resource\": \
             \"arn:aws:s3:::my-bucket/*\""
                .into(),
        ));
    };
    Ok(Statement {
        sid: at.sid,
        effect,
        not_action,
        actions,
        not_resource,
        resources,
        conditions,
    })
}

/// A string or a non-empty array of strings, each with its field name (`Action[1]`).
fn string_list<'j>(at: &At, name: &str, value: &'j Json) -> Result<Vec<(String, &'j str)>, PolicyError> {
    match value {
        Json::String(s) => Ok(vec![(name.to_owned(), s)]),
        Json::Array(items) if items.is_empty() => Err(at.err(
            Some(name),
            format!("{name} is an empty array; give at least one value"),
        )),
        Json::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let field = format!("{name}[{i}]");
                match item {
                    Json::String(s) => Ok((field, s.as_str())),
                    other => Err(at.err(Some(&field), format!("expected a string, got {}", other.kind()))),
                }
            })
            .collect(),
        other => Err(at.err(
            Some(name),
            format!(
                "{name} must be a string or an array of strings, got {}",
                other.kind()
            ),
        )),
    }
}

fn parse_action(text: &str) -> Result<ActionPattern, String> {
    if text == "*" {
        return Ok(ActionPattern::All);
    }
    let Some(name) = strip_service(text) else {
        return Err(match text.split_once(':') {
            Some((service, _)) => {
                format!("{text:?} is not an S3 action: only s3: actions apply here, not {service}:")
            }
            None => format!("{text:?} is not an action; write service:name, e.g. \"s3:GetObject\", or \"*\""),
        });
    };
    if name == "*" {
        return Ok(ActionPattern::All);
    }
    if name.is_empty() {
        return Err(format!("{text:?} names no action; e.g. \"s3:GetObject\""));
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '*' || *c == '?'))
    {
        return Err(format!(
            "{text:?} contains {bad:?}; action names have only letters and digits, with * and ? \
             as wildcards"
        ));
    }
    if name.contains(['*', '?']) {
        let glob = Pattern::parse(
            name,
            Syntax {
                wildcards: true,
                variables: false,
            },
        )?;
        if !S3_ACTIONS
            .iter()
            .any(|known| glob.matches_plain(known, same_char_ascii_ci))
        {
            return Err(format!(
                "{text:?} matches no S3 action on buckets or objects; check the spelling"
            ));
        }
        return Ok(ActionPattern::Glob(glob));
    }
    if let Some(known) = canonical(name) {
        return Ok(ActionPattern::Exact(known));
    }
    if let Some(other) = other_action(name) {
        return Err(format!(
            "s3:{other} acts on access points, batch jobs, Storage Lens, access grants or account \
             settings, which this server does not have; remove it"
        ));
    }
    Err(match closest(name) {
        Some(known) => format!("unknown S3 action {text:?}; did you mean \"s3:{known}\"?"),
        None => format!(
            "unknown S3 action {text:?}; known are e.g. s3:GetObject, s3:PutObject, \
             s3:ListBucket ({} in all)",
            S3_ACTIONS.len()
        ),
    })
}

fn parse_resource(text: &str, variables: bool) -> Result<ResourcePattern, String> {
    if text == "*" {
        return Ok(ResourcePattern::All);
    }
    let Some(tail) = text.strip_prefix(ARN_PREFIX) else {
        let hint = if text.starts_with("arn:") && text.contains(":s3:") {
            " (S3 bucket and object ARNs have no region or account: arn:aws:s3:::bucket/key)"
        } else {
            ""
        };
        return Err(format!(
            "{text:?} is not an S3 resource; use \"*\" or an ARN such as \"arn:aws:s3:::my-bucket\" \
             or \"arn:aws:s3:::my-bucket/*\"{hint}"
        ));
    };
    if tail.is_empty() {
        return Err(format!(
            "{text:?} names no bucket; use \"arn:aws:s3:::*\" for every bucket"
        ));
    }
    let pattern = Pattern::parse(
        tail,
        Syntax {
            wildcards: true,
            variables,
        },
    )?;
    Ok(ResourcePattern::Arn(pattern))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A policy whose second statement is `{"Sid": "Bad", <body>}`.
    fn second(body: &str) -> String {
        format!(
            r#"{{"Version": "2012-10-17", "Statement": [
                {{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}},
                {{"Sid": "Bad", {body}}}]}}"#
        )
    }

    const OK_PARTS: &str = r#""Effect": "Allow", "Action": "s3:GetObject", "Resource": "*""#;

    #[rustfmt::skip]
    const STATEMENT_ERRORS: &[(&str, &str, &str)] = &[
        // (statement body after the Sid, field, part of the message)
        (r#""Action": "s3:GetObject", "Resource": "*""#, "Effect", "Effect is missing"),
        (r#""Effect": "allow", "Action": "s3:GetObject", "Resource": "*""#, "Effect", "\"Allow\" or \"Deny\" (exactly so), got \"allow\""),
        (r#""Effect": true, "Action": "s3:GetObject", "Resource": "*""#, "Effect", "got a boolean"),
        (r#""Effect": "Allow", "Action": "s3:GetObject", "NotAction": "s3:PutObject", "Resource": "*""#, "NotAction", "both Action and NotAction"),
        (r#""Effect": "Allow", "Resource": "*""#, "Action", "needs Action (or NotAction)"),
        (r#""Effect": "Allow", "Action": [], "Resource": "*""#, "Action", "empty array"),
        (r#""Effect": "Allow", "Action": {"s3": "GetObject"}, "Resource": "*""#, "Action", "a string or an array of strings, got an object"),
        (r#""Effect": "Allow", "Action": ["s3:GetObject", 5], "Resource": "*""#, "Action[1]", "expected a string, got a number"),
        (r#""Effect": "Allow", "Action": ["s3:PutObject", "s3:GetObjcet"], "Resource": "*""#, "Action[1]", "unknown S3 action \"s3:GetObjcet\"; did you mean \"s3:GetObject\"?"),
        (r#""Effect": "Allow", "NotAction": "s3:Frobnicate", "Resource": "*""#, "NotAction", "unknown S3 action \"s3:Frobnicate\"; known are e.g."),
        (r#""Effect": "Allow", "Action": "iam:CreateUser", "Resource": "*""#, "Action", "only s3: actions apply here, not iam:"),
        (r#""Effect": "Allow", "Action": "GetObject", "Resource": "*""#, "Action", "write service:name"),
        (r#""Effect": "Allow", "Action": "s3:", "Resource": "*""#, "Action", "names no action"),
        (r#""Effect": "Allow", "Action": "s3:Frob*", "Resource": "*""#, "Action", "matches no S3 action"),
        (r#""Effect": "Allow", "Action": "s3:Get-Object", "Resource": "*""#, "Action", "contains '-'"),
        (r#""Effect": "Allow", "Action": "s3:CreateJob", "Resource": "*""#, "Action", "s3:CreateJob acts on access points, batch jobs"),
        (r#""Effect": "Allow", "Action": "s3:*", "Resource": "*", "NotResource": "arn:aws:s3:::b""#, "NotResource", "both Resource and NotResource"),
        (r#""Effect": "Allow", "Action": "s3:*""#, "Resource", "needs Resource (or NotResource)"),
        (r#""Effect": "Allow", "Action": "s3:*", "Resource": "my-bucket""#, "Resource", "\"my-bucket\" is not an S3 resource"),
        (r#""Effect": "Allow", "Action": "s3:*", "Resource": ["*", "arn:aws:s3:us-east-1:123456789012:b"]"#, "Resource[1]", "have no region or account"),
        (r#""Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::""#, "Resource", "names no bucket"),
        (r#""Effect": "Allow", "Action": "s3:*", "Resource": ["*", "arn:aws:s3:::home/${aws:username"]"#, "Resource[1]", "no closing '}'"),
        (r#""Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::${username}""#, "Resource", "has no namespace"),
        (r#""Effect": "Allow", "Action": "s3:*", "Resource": "*", "Principal": {"AWS": "*"}"#, "Principal", "identity policies don't take a principal"),
        (r#""Effect": "Allow", "Action": "s3:*", "Resource": "*", "NotPrincipal": "*""#, "NotPrincipal", "identity policies don't take a principal"),
        (r#""Effect": "Allow", "Action": "s3:*", "Resource": "*", "Conditions": {}"#, "Conditions", "did you mean \"Condition\"?"),
        (r#""Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": []"#, "Condition", "must be an object"),
        (r#""Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringEqual": {"aws:username": "a"}}"#, "Condition.StringEqual", "did you mean StringEquals?"),
        (r#""Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"ArnLike": {"aws:SourceArn": "a"}}"#, "Condition.ArnLike", "is not supported"),
        (r#""Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"NullIfExists": {"jwt:a": "true"}}"#, "Condition.NullIfExists", "NullIfExists is not an operator"),
        (r#""Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"ForAllValues:Null": {"jwt:a": "true"}}"#, "Condition.ForAllValues:Null", "takes no ForAnyValue:/ForAllValues: prefix"),
        (r#""Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"ForEachValue:StringLike": {"jwt:a": "x"}}"#, "Condition.ForEachValue:StringLike", "unknown set operator prefix"),
        (r#""Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": "alice"}"#, "Condition.StringEquals", "must be an object of condition key -> value, got a string"),
        (r#""Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": {}}"#, "Condition.StringEquals", "has no condition keys"),
        (r#""Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": {"username": "a"}}"#, "Condition.StringEquals.username", "has no namespace"),
        (r#""Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": {"aws:user name": "a"}}"#, "Condition.StringEquals.aws:user name", "contains ' '"),
        (r#""Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": {"aws:username": null}}"#, "Condition.StringEquals.aws:username", "got null"),
        (r#""Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": {"aws:username": []}}"#, "Condition.StringEquals.aws:username", "value list is empty"),
        (r#""Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": {"aws:username": ["a", {"b": 1}]}}"#, "Condition.StringEquals.aws:username[1]", "got an object"),
        (r#""Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringLike": {"s3:prefix": "${aws:username/*"}}"#, "Condition.StringLike.s3:prefix", "no closing '}'"),
        (r#""Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/33"}}"#, "Condition.IpAddress.aws:SourceIp", "prefix length"),
        (r#""Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"NotIpAddress": {"aws:SourceIp": ["10.0.0.0/8", "intranet"]}}"#, "Condition.NotIpAddress.aws:SourceIp[1]", "expected an IP address or CIDR block"),
        (r#""Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"NumericLessThan": {"s3:max-keys": ["10", "ten"]}}"#, "Condition.NumericLessThan.s3:max-keys[1]", "needs a number"),
        (r#""Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"NumericEquals": {"jwt:level": "${jwt:min}"}}"#, "Condition.NumericEquals.jwt:level", "policy variables work only with the String operators"),
        (r#""Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"DateLessThan": {"aws:CurrentTime": "next year"}}"#, "Condition.DateLessThan.aws:CurrentTime", "needs an ISO 8601 date"),
        (r#""Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "yes"}}"#, "Condition.Bool.aws:SecureTransport", "needs true or false"),
        (r#""Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"Null": {"jwt:email": 1}}"#, "Condition.Null.jwt:email", "needs true or false"),
    ];

    #[test]
    fn statement_errors_name_statement_and_field() {
        assert!(STATEMENT_ERRORS.len() >= 40);
        for (body, field, needle) in STATEMENT_ERRORS {
            let doc = second(body);
            let err = Policy::parse(&doc).expect_err(body);
            let shown = err.to_string();
            assert_eq!(err.kind(), PolicyErrorKind::Invalid, "{body}: {shown}");
            assert_eq!(err.statement_index(), Some(1), "{body}: {shown}");
            assert_eq!(err.sid(), Some("Bad"), "{body}: {shown}");
            assert_eq!(err.field(), Some(*field), "{body}: {shown}");
            assert!(err.message().contains(needle), "{body}: {shown}");
            let prefix = format!("Statement[1] (Sid \"Bad\"), field {field:?}: ");
            assert!(shown.starts_with(&prefix), "{body}: {shown}");
        }
    }

    #[test]
    fn sid_errors() {
        for (doc, index, sid, field, needle) in [
            (
                format!(r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"my-sid",{OK_PARTS}}}]}}"#),
                0,
                None,
                "Sid",
                "only letters A-Z, a-z and digits",
            ),
            (
                format!(r#"{{"Version":"2012-10-17","Statement":[{{"Sid":7,{OK_PARTS}}}]}}"#),
                0,
                None,
                "Sid",
                "Sid must be a string, got a number",
            ),
            (
                format!(
                    r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"A",{OK_PARTS}}},
                       {{"Sid":"B",{OK_PARTS}}},{{"Sid":"A",{OK_PARTS}}}]}}"#
                ),
                2,
                Some("A"),
                "Sid",
                "already used by Statement[0]",
            ),
        ] {
            let err = Policy::parse(&doc).unwrap_err();
            assert_eq!(err.statement_index(), Some(index), "{err}");
            assert_eq!(err.sid(), sid, "{err}");
            assert_eq!(err.field(), Some(field), "{err}");
            assert!(err.message().contains(needle), "{err}");
        }
    }

    #[test]
    fn statement_shape_errors() {
        let err = Policy::parse(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}, 1]}"#,
        )
        .unwrap_err();
        assert_eq!(err.statement_index(), Some(1));
        assert_eq!(err.field(), None);
        assert_eq!(
            err.to_string(),
            "Statement[1]: a statement must be an object, got a number"
        );

        // A single statement object is shown without an index; no Sid, no "(Sid ...)".
        let err = Policy::parse(r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Resource":"*"}}"#)
            .unwrap_err();
        assert_eq!(err.statement_index(), Some(0));
        assert!(
            err.to_string()
                .starts_with("Statement, field \"Action\": the statement needs Action"),
            "{err}"
        );
    }

    #[test]
    fn top_level_errors() {
        for (doc, field, needle) in [
            (
                r#"[]"#,
                None,
                "must be a JSON object with Version and Statement, got an array",
            ),
            (
                r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}"#,
                Some("Version"),
                "Version is missing",
            ),
            (
                r#"{"Version":"2012-10-18","Statement":[]}"#,
                Some("Version"),
                "got \"2012-10-18\"",
            ),
            (
                r#"{"Version":2012,"Statement":[]}"#,
                Some("Version"),
                "got a number",
            ),
            (
                r#"{"Version":"2012-10-17","Statements":[]}"#,
                Some("Statements"),
                "did you mean \"Statement\"?",
            ),
            (
                r#"{"Version":"2012-10-17","Principal":"*","Statement":[]}"#,
                Some("Principal"),
                "unknown top-level field",
            ),
            (
                r#"{"Version":"2012-10-17","Id":5,"Statement":[]}"#,
                Some("Id"),
                "Id must be a string",
            ),
            (
                r#"{"Version":"2012-10-17"}"#,
                Some("Statement"),
                "Statement is missing",
            ),
            (
                r#"{"Version":"2012-10-17","Statement":[]}"#,
                Some("Statement"),
                "empty array",
            ),
            (
                r#"{"Version":"2012-10-17","Statement":"Allow"}"#,
                Some("Statement"),
                "an object or an array of objects, got a string",
            ),
        ] {
            let err = Policy::parse(doc).unwrap_err();
            assert_eq!(err.kind(), PolicyErrorKind::Invalid, "{doc}");
            assert_eq!(err.statement_index(), None, "{doc}");
            assert_eq!(err.field(), field, "{doc}: {err}");
            assert!(err.message().contains(needle), "{doc}: {err}");
            if let Some(field) = field {
                assert!(
                    err.to_string().starts_with(&format!("field {field:?}: ")),
                    "{err}"
                );
            }
        }
    }

    #[test]
    fn syntax_errors_have_line_and_column() {
        for (doc, line, column, needle) in [
            (
                "{\"Version\": \"2012-10-17\",\n  \"Statement\": [}",
                2,
                17,
                "expected value",
            ),
            (
                "{\"Version\": \"2012-10-17\",\n \"Version\": \"2012-10-17\"}",
                2,
                10,
                "appears twice",
            ),
            (
                "{\"Version\": \"2012-10-17\"} trailing",
                1,
                27,
                "trailing characters",
            ),
            ("", 1, 0, "EOF"),
        ] {
            let err = Policy::parse(doc).unwrap_err();
            assert_eq!(
                err.kind(),
                PolicyErrorKind::Syntax { line, column },
                "{doc:?}: {err}"
            );
            let shown = err.to_string();
            assert!(shown.starts_with("the policy is not valid JSON: "), "{shown}");
            assert!(shown.contains(needle), "{shown}");
            assert!(shown.contains(&format!("line {line} column {column}")), "{shown}");
        }
    }

    #[test]
    fn size_limit_ignores_whitespace() {
        let with_id = |n: usize, pad: usize| {
            format!(
                r#"{{"Version":"2012-10-17","Id":"{}",{}"Statement":{{{OK_PARTS}}}}}"#,
                "x".repeat(n),
                " \n\t".repeat(pad)
            )
        };
        let base = with_id(0, 0).chars().filter(|c| !c.is_whitespace()).count();
        let at_limit = with_id(MAX_POLICY_CHARS - base, 3000);
        assert!(at_limit.len() > MAX_POLICY_CHARS + 8000);
        Policy::parse(&at_limit).unwrap();
        let over = with_id(MAX_POLICY_CHARS - base + 1, 0);
        let err = Policy::parse(&over).unwrap_err();
        assert_eq!(
            err.kind(),
            PolicyErrorKind::TooLarge {
                chars: MAX_POLICY_CHARS + 1
            }
        );
        assert!(err.to_string().contains("the limit is 6144"), "{err}");
    }

    #[test]
    fn valid_policies() {
        let doc = "{\n  \"Version\": \"2008-10-17\",\n  \"Id\": \"p1\",\n  \"Statement\": [\n    {\"Sid\": \"\", \"Effect\": \"Deny\", \"NotAction\": [\"s3:Get*\", \"*\"],\n     \"NotResource\": \"arn:aws:s3:::b/${x}\", \"Condition\": {}},\n    {\"Sid\": \"Two\", \"Effect\": \"Allow\", \"Action\": \"S3:getobject\", \"Resource\": [\"*\"],\n     \"Condition\": {\"ForAnyValue:StringLikeIfExists\": {\"jwt:https://example.com/groups\": [\"a*\", 1, true]},\n                    \"DateGreaterThan\": {\"aws:CurrentTime\": 1700000000},\n                    \"aws:unknown-but-valid\": {}}}\n  ]\n}\n";
        // The last operator is not an operator: the document is invalid as written.
        let err = Policy::parse(doc).unwrap_err();
        assert_eq!(err.field(), Some("Condition.aws:unknown-but-valid"), "{err}");
        let doc = doc.replace(",\n                    \"aws:unknown-but-valid\": {}", "");
        let policy = Policy::parse(&doc).unwrap();
        assert_eq!(policy.source(), doc);
        assert_eq!(policy.statement_count(), 2);
        assert_eq!(policy.version(), Version::V2008_10_17);
        assert_eq!(policy.id(), Some("p1"));
        assert_eq!(policy.statement_sid(0), None);
        assert_eq!(policy.statement_sid(1), Some("Two"));
        assert_eq!(policy.statement_sid(2), None);
        assert_eq!(policy.statements[1].actions, [ActionPattern::Exact("GetObject")]);

        // The action forms of the brief: exact (any case), `s3:*`, `*`, and wildcards.
        let policy = Policy::parse(&second(
            r#""Effect": "Allow", "Action": ["s3:GetObject", "s3:LISTBUCKET", "s3:*", "*",
               "s3:Get*", "s3:?etObject", "s3:*Multipart*"], "Resource": "*""#,
        ))
        .unwrap();
        assert_eq!(policy.statements[1].actions.len(), 7);
        assert_eq!(
            policy.statements[1].actions[1],
            ActionPattern::Exact("ListBucket")
        );
        assert_eq!(policy.statements[1].actions[2], ActionPattern::All);
        assert_eq!(policy.statements[1].actions[3], ActionPattern::All);

        // Unknown condition keys are accepted (they evaluate as missing), as AWS does.
        Policy::parse(&second(
            r#""Effect": "Deny", "Action": "s3:*", "Resource": "*",
               "Condition": {"StringEquals": {"aws:PrincipalTag/team": "x", "kms:Foo": "y"}}"#,
        ))
        .unwrap();
    }

    #[test]
    fn policies_can_be_shared_between_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Policy>();
        assert_send_sync::<PolicyError>();
    }
}
