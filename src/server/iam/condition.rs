//! The `Condition` element: parsing into typed values, and evaluation against a request.
//!
//! Semantics follow AWS's documentation:
//! - several operators in one block, and several keys under one operator, are ANDed;
//! - several policy values for one key are ORed (for negated operators: NOR);
//! - a key missing from the request makes a condition false, except: negated operators
//!   (`StringNotEquals`, `NotIpAddress`, ...) are true, `...IfExists` is true, `Null` tests
//!   for exactly that, `ForAllValues:` is true and `ForAnyValue:` is false;
//! - `ForAnyValue:` holds when at least one request value satisfies the operator,
//!   `ForAllValues:` when every one does; without a prefix a multi-valued key behaves like
//!   `ForAnyValue:` for positive operators and as its negation for negated ones.

use std::net::IpAddr;

use time::format_description::well_known::{Iso8601, Rfc3339};
use time::{Date, OffsetDateTime, PrimitiveDateTime};

use super::actions::closest_in;
use super::eval::{ContextValue, RequestContext};
use super::json::Json;
use super::pattern::{Key, Pattern, Syntax, same_char, same_char_ci};

/// Where in the `Condition` element a problem is (`StringEquals.aws:username[1]`), and what.
#[derive(Debug)]
pub(crate) struct ConditionError {
    pub(crate) field: String,
    pub(crate) message: String,
}

fn error(field: impl Into<String>, message: impl Into<String>) -> ConditionError {
    ConditionError {
        field: field.into(),
        message: message.into(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Qualifier {
    Single,
    ForAnyValue,
    ForAllValues,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BaseOp {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    IpAddress,
    NotIpAddress,
    Null,
}

/// The supported operators, without prefix or `IfExists` suffix.
pub(crate) const OPERATORS: &[(&str, BaseOp)] = &[
    ("StringEquals", BaseOp::StringEquals),
    ("StringNotEquals", BaseOp::StringNotEquals),
    ("StringEqualsIgnoreCase", BaseOp::StringEqualsIgnoreCase),
    ("StringNotEqualsIgnoreCase", BaseOp::StringNotEqualsIgnoreCase),
    ("StringLike", BaseOp::StringLike),
    ("StringNotLike", BaseOp::StringNotLike),
    ("NumericEquals", BaseOp::NumericEquals),
    ("NumericNotEquals", BaseOp::NumericNotEquals),
    ("NumericLessThan", BaseOp::NumericLessThan),
    ("NumericLessThanEquals", BaseOp::NumericLessThanEquals),
    ("NumericGreaterThan", BaseOp::NumericGreaterThan),
    ("NumericGreaterThanEquals", BaseOp::NumericGreaterThanEquals),
    ("DateEquals", BaseOp::DateEquals),
    ("DateNotEquals", BaseOp::DateNotEquals),
    ("DateLessThan", BaseOp::DateLessThan),
    ("DateLessThanEquals", BaseOp::DateLessThanEquals),
    ("DateGreaterThan", BaseOp::DateGreaterThan),
    ("DateGreaterThanEquals", BaseOp::DateGreaterThanEquals),
    ("Bool", BaseOp::Bool),
    ("IpAddress", BaseOp::IpAddress),
    ("NotIpAddress", BaseOp::NotIpAddress),
    ("Null", BaseOp::Null),
];

/// AWS operators this server rejects: no request here has ARN- or binary-valued keys.
const UNSUPPORTED_OPERATORS: &[&str] = &[
    "ArnEquals",
    "ArnNotEquals",
    "ArnLike",
    "ArnNotLike",
    "BinaryEquals",
];

impl BaseOp {
    /// A negated operator holds when its positive form does not.
    fn negated(self) -> bool {
        matches!(
            self,
            BaseOp::StringNotEquals
                | BaseOp::StringNotEqualsIgnoreCase
                | BaseOp::StringNotLike
                | BaseOp::NumericNotEquals
                | BaseOp::DateNotEquals
                | BaseOp::NotIpAddress
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Compare {
    Eq,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Compare {
    fn of(op: BaseOp) -> Compare {
        match op {
            BaseOp::NumericLessThan | BaseOp::DateLessThan => Compare::Lt,
            BaseOp::NumericLessThanEquals | BaseOp::DateLessThanEquals => Compare::Le,
            BaseOp::NumericGreaterThan | BaseOp::DateGreaterThan => Compare::Gt,
            BaseOp::NumericGreaterThanEquals | BaseOp::DateGreaterThanEquals => Compare::Ge,
            _ => Compare::Eq,
        }
    }

    /// `request <op> policy`.
    fn holds<T: PartialOrd>(self, request: T, policy: T) -> bool {
        match self {
            Compare::Eq => request == policy,
            Compare::Lt => request < policy,
            Compare::Le => request <= policy,
            Compare::Gt => request > policy,
            Compare::Ge => request >= policy,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Values {
    Strings {
        patterns: Vec<Pattern>,
        ignore_case: bool,
    },
    Numbers(Vec<f64>),
    Dates(Vec<OffsetDateTime>),
    Bools(Vec<bool>),
    Cidrs(Vec<Cidr>),
}

/// One operator applied to one key.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Condition {
    op: BaseOp,
    qualifier: Qualifier,
    if_exists: bool,
    key: Key,
    values: Values,
}

/// Parses a `Condition` element. `variables` is false for `Version` 2008-10-17, where
/// `${...}` is literal text.
pub(crate) fn parse_block(json: &Json, variables: bool) -> Result<Vec<Condition>, ConditionError> {
    let Json::Object(operators) = json else {
        return Err(error(
            "",
            format!(
                "Condition must be an object of operator -> {{key -> value}}, got {}",
                json.kind()
            ),
        ));
    };
    let mut conditions = Vec::new();
    for (operator, block) in operators {
        let (qualifier, op, if_exists) = parse_operator(operator).map_err(|m| error(operator.as_str(), m))?;
        let Json::Object(keys) = block else {
            return Err(error(
                operator.as_str(),
                format!(
                    "{operator} must be an object of condition key -> value, got {}",
                    block.kind()
                ),
            ));
        };
        if keys.is_empty() {
            return Err(error(
                operator.as_str(),
                format!("{operator} has no condition keys; add one or remove the operator"),
            ));
        }
        for (key_text, value) in keys {
            let field = format!("{operator}.{key_text}");
            let key = Key::parse(key_text).map_err(|m| error(field.as_str(), m))?;
            let values = parse_values(op, operator, value, variables, &field)?;
            conditions.push(Condition {
                op,
                qualifier,
                if_exists,
                key,
                values,
            });
        }
    }
    Ok(conditions)
}

fn parse_operator(text: &str) -> Result<(Qualifier, BaseOp, bool), String> {
    let (qualifier, rest) = if let Some(rest) = text.strip_prefix("ForAnyValue:") {
        (Qualifier::ForAnyValue, rest)
    } else if let Some(rest) = text.strip_prefix("ForAllValues:") {
        (Qualifier::ForAllValues, rest)
    } else {
        (Qualifier::Single, text)
    };
    let (base, if_exists) = match rest.strip_suffix("IfExists") {
        Some(base) => (base, true),
        None => (rest, false),
    };
    let Some(&(_, op)) = OPERATORS.iter().find(|(name, _)| *name == base) else {
        let supported = OPERATORS.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ");
        if UNSUPPORTED_OPERATORS.contains(&base) {
            return Err(format!(
                "the operator {base} is not supported: S3 requests here have no ARN- or \
                 binary-valued condition keys; supported are {supported}"
            ));
        }
        if let Some(prefix) = rest.split_once(':').map(|(p, _)| p) {
            return Err(format!(
                "unknown set operator prefix {prefix:?} in {text:?}; use ForAnyValue: or ForAllValues:"
            ));
        }
        let names: Vec<&'static str> = OPERATORS.iter().map(|(n, _)| *n).collect();
        let hint = match closest_in(base, &names) {
            Some(name) => format!("did you mean {name}? "),
            None => String::new(),
        };
        return Err(format!(
            "unknown condition operator {text:?}; {hint}supported are {supported}, each also with \
             an IfExists suffix (except Null) and a ForAnyValue: or ForAllValues: prefix"
        ));
    };
    if op == BaseOp::Null && if_exists {
        return Err("NullIfExists is not an operator; Null already tests whether the key exists".into());
    }
    if op == BaseOp::Null && qualifier != Qualifier::Single {
        return Err(format!(
            "{text:?}: Null tests whether the key exists and takes no ForAnyValue:/ForAllValues: prefix"
        ));
    }
    Ok((qualifier, op, if_exists))
}

/// The scalar values of one key: a string, number or boolean, or a non-empty array of them.
fn scalars<'j>(value: &'j Json, field: &str) -> Result<Vec<(String, &'j str)>, ConditionError> {
    fn scalar(v: &Json) -> Option<&str> {
        match v {
            Json::String(s) | Json::Number(s) => Some(s),
            Json::Bool(true) => Some("true"),
            Json::Bool(false) => Some("false"),
            _ => None,
        }
    }
    let expected = "a string, number or boolean, or an array of them";
    match value {
        Json::Array(items) => {
            if items.is_empty() {
                return Err(error(field, "the value list is empty; give at least one value"));
            }
            items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let f = format!("{field}[{i}]");
                    match scalar(item) {
                        Some(s) => Ok((f, s)),
                        None => Err(error(f, format!("expected {expected}, got {}", item.kind()))),
                    }
                })
                .collect()
        }
        other => match scalar(other) {
            Some(s) => Ok(vec![(field.to_owned(), s)]),
            None => Err(error(field, format!("expected {expected}, got {}", other.kind()))),
        },
    }
}

fn parse_values(
    op: BaseOp,
    operator: &str,
    value: &Json,
    variables: bool,
    field: &str,
) -> Result<Values, ConditionError> {
    let items = scalars(value, field)?;
    let no_variables = |s: &str| {
        if s.contains("${") {
            " (policy variables work only with the String operators)"
        } else {
            ""
        }
    };
    Ok(match op {
        BaseOp::StringEquals
        | BaseOp::StringNotEquals
        | BaseOp::StringEqualsIgnoreCase
        | BaseOp::StringNotEqualsIgnoreCase
        | BaseOp::StringLike
        | BaseOp::StringNotLike => {
            let syntax = Syntax {
                wildcards: matches!(op, BaseOp::StringLike | BaseOp::StringNotLike),
                variables,
            };
            let patterns = items
                .iter()
                .map(|(f, s)| Pattern::parse(s, syntax).map_err(|m| error(f.as_str(), m)))
                .collect::<Result<_, _>>()?;
            Values::Strings {
                patterns,
                ignore_case: matches!(
                    op,
                    BaseOp::StringEqualsIgnoreCase | BaseOp::StringNotEqualsIgnoreCase
                ),
            }
        }
        BaseOp::NumericEquals
        | BaseOp::NumericNotEquals
        | BaseOp::NumericLessThan
        | BaseOp::NumericLessThanEquals
        | BaseOp::NumericGreaterThan
        | BaseOp::NumericGreaterThanEquals => Values::Numbers(
            items
                .iter()
                .map(|(f, s)| {
                    parse_number(s).ok_or_else(|| {
                        error(
                            f.as_str(),
                            format!(
                                "{operator} needs a number such as 10 or 2.5, got {s:?}{}",
                                no_variables(s)
                            ),
                        )
                    })
                })
                .collect::<Result<_, _>>()?,
        ),
        BaseOp::DateEquals
        | BaseOp::DateNotEquals
        | BaseOp::DateLessThan
        | BaseOp::DateLessThanEquals
        | BaseOp::DateGreaterThan
        | BaseOp::DateGreaterThanEquals => Values::Dates(
            items
                .iter()
                .map(|(f, s)| {
                    parse_date(s).ok_or_else(|| {
                        error(
                            f.as_str(),
                            format!(
                                "{operator} needs an ISO 8601 date such as 2030-01-01T00:00:00Z \
                                 or epoch seconds, got {s:?}{}",
                                no_variables(s)
                            ),
                        )
                    })
                })
                .collect::<Result<_, _>>()?,
        ),
        BaseOp::Bool | BaseOp::Null => Values::Bools(
            items
                .iter()
                .map(|(f, s)| {
                    parse_bool(s).ok_or_else(|| {
                        error(
                            f.as_str(),
                            format!("{operator} needs true or false, got {s:?}{}", no_variables(s)),
                        )
                    })
                })
                .collect::<Result<_, _>>()?,
        ),
        BaseOp::IpAddress | BaseOp::NotIpAddress => Values::Cidrs(
            items
                .iter()
                .map(|(f, s)| {
                    Cidr::parse(s).map_err(|m| error(f.as_str(), format!("{m}{}", no_variables(s))))
                })
                .collect::<Result<_, _>>()?,
        ),
    })
}

impl Condition {
    /// Whether the condition holds for the request.
    pub(crate) fn holds(&self, ctx: &RequestContext<'_>) -> bool {
        let found = ctx.lookup(&self.key);
        if self.op == BaseOp::Null {
            let absent = found.is_none();
            return matches!(&self.values, Values::Bools(b) if b.contains(&absent));
        }
        let negated = self.op.negated();
        let Some(values) = found else {
            return self.if_exists
                || match self.qualifier {
                    Qualifier::ForAllValues => true,
                    Qualifier::ForAnyValue => false,
                    Qualifier::Single => negated,
                };
        };
        match self.qualifier {
            Qualifier::Single => values.iter().any(|v| self.matches(v, ctx)) != negated,
            Qualifier::ForAnyValue => values.iter().any(|v| self.matches(v, ctx) != negated),
            Qualifier::ForAllValues => values.iter().all(|v| self.matches(v, ctx) != negated),
        }
    }

    /// Whether one request value matches any policy value under the positive operator.
    /// A request value of the wrong type (an IP address that does not parse) matches nothing.
    fn matches(&self, value: ContextValue<'_>, ctx: &RequestContext<'_>) -> bool {
        match &self.values {
            Values::Strings {
                patterns,
                ignore_case,
            } => {
                let Some(text) = value.as_string() else {
                    return false;
                };
                let fold = if *ignore_case { same_char_ci } else { same_char };
                patterns.iter().any(|p| p.matches(&text, ctx, fold))
            }
            Values::Numbers(numbers) => {
                let Some(x) = value.as_number() else {
                    return false;
                };
                let cmp = Compare::of(self.op);
                numbers.iter().any(|n| cmp.holds(x, *n))
            }
            Values::Dates(dates) => {
                let Some(t) = value.as_time() else {
                    return false;
                };
                let cmp = Compare::of(self.op);
                dates.iter().any(|d| cmp.holds(t, *d))
            }
            Values::Bools(bools) => value.as_bool().is_some_and(|b| bools.contains(&b)),
            Values::Cidrs(cidrs) => value
                .as_ip()
                .is_some_and(|ip| cidrs.iter().any(|c| c.contains(ip))),
        }
    }
}

/// A decimal number: `-?digits(.digits)?`. Exponents, `inf` and `NaN` are refused.
pub(crate) fn parse_number(s: &str) -> Option<f64> {
    let unsigned = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = match unsigned.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (unsigned, None),
    };
    let digits = |d: &str| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || frac.is_some_and(|f| !digits(f)) {
        return None;
    }
    s.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// `true` or `false`, any case.
pub(crate) fn parse_bool(s: &str) -> Option<bool> {
    if s.eq_ignore_ascii_case("true") {
        Some(true)
    } else if s.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// Epoch seconds (all digits, optionally negative) or an ISO 8601 date: RFC 3339, ISO 8601
/// with an offset, a date and time without offset (UTC), or a date alone (midnight UTC).
pub(crate) fn parse_date(s: &str) -> Option<OffsetDateTime> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return s
            .parse::<i64>()
            .ok()
            .and_then(|n| OffsetDateTime::from_unix_timestamp(n).ok());
    }
    if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
        return Some(t);
    }
    if let Ok(t) = OffsetDateTime::parse(s, &Iso8601::DEFAULT) {
        return Some(t);
    }
    if let Ok(t) = PrimitiveDateTime::parse(s, &Iso8601::DEFAULT) {
        return Some(t.assume_utc());
    }
    if let Ok(d) = Date::parse(s, &Iso8601::DEFAULT) {
        return Some(d.midnight().assume_utc());
    }
    None
}

/// An IPv4 or IPv6 network: `203.0.113.0/24`, `2001:db8::/32`, or one address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cidr {
    net: IpAddr,
    prefix: u8,
}

impl Cidr {
    pub(crate) fn parse(s: &str) -> Result<Cidr, String> {
        let bad = || {
            format!("expected an IP address or CIDR block such as 203.0.113.0/24 or 2001:db8::/32, got {s:?}")
        };
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let net: IpAddr = addr.parse().map_err(|_| bad())?;
        let max = if net.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => match p.parse::<u8>() {
                Ok(n) if n <= max => n,
                _ => {
                    return Err(format!("the prefix length in {s:?} must be 0 to {max}"));
                }
            },
            Some(_) => return Err(bad()),
        };
        Ok(Cidr {
            net: mask(net, prefix),
            prefix,
        })
    }

    /// IPv4-mapped IPv6 addresses (`::ffff:10.0.0.1`) count as their IPv4 address.
    pub(crate) fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        ip.is_ipv4() == self.net.is_ipv4() && mask(ip, self.prefix) == self.net
    }
}

fn mask(ip: IpAddr, prefix: u8) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => {
            let bits = u32::from(v4);
            let m = u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0);
            IpAddr::V4((bits & m).into())
        }
        IpAddr::V6(v6) => {
            let bits = u128::from(v6);
            let m = u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0);
            IpAddr::V6((bits & m).into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operators() {
        for (text, expected) in [
            (
                "StringEquals",
                Some((Qualifier::Single, BaseOp::StringEquals, false)),
            ),
            (
                "StringLikeIfExists",
                Some((Qualifier::Single, BaseOp::StringLike, true)),
            ),
            (
                "ForAnyValue:StringLike",
                Some((Qualifier::ForAnyValue, BaseOp::StringLike, false)),
            ),
            (
                "ForAllValues:NumericLessThanIfExists",
                Some((Qualifier::ForAllValues, BaseOp::NumericLessThan, true)),
            ),
            (
                "NotIpAddressIfExists",
                Some((Qualifier::Single, BaseOp::NotIpAddress, true)),
            ),
            ("Null", Some((Qualifier::Single, BaseOp::Null, false))),
            ("NullIfExists", None),
            ("ForAnyValue:Null", None),
            ("stringequals", None),
            ("ArnLike", None),
            ("ForSomeValues:StringLike", None),
            ("IfExists", None),
        ] {
            assert_eq!(parse_operator(text).ok(), expected, "{text}");
        }
        let err = parse_operator("StringEqual").unwrap_err();
        assert!(err.contains("did you mean StringEquals?"), "{err}");
        let err = parse_operator("ArnEquals").unwrap_err();
        assert!(err.contains("not supported"), "{err}");
    }

    #[test]
    fn dates() {
        let t = |s: &str| parse_date(s).map(|d| d.unix_timestamp());
        assert_eq!(t("2024-01-01T00:00:00Z"), Some(1_704_067_200));
        assert_eq!(t("2024-01-01T02:00:00+02:00"), Some(1_704_067_200));
        assert_eq!(t("2024-01-01T00:00:00.250Z"), Some(1_704_067_200));
        assert_eq!(t("2024-01-01T00:00:00"), Some(1_704_067_200));
        assert_eq!(t("2024-01-01T00:00Z"), Some(1_704_067_200));
        assert_eq!(t("2024-01-01"), Some(1_704_067_200));
        assert_eq!(t("1704067200"), Some(1_704_067_200));
        assert_eq!(t("-1"), Some(-1));
        for bad in ["", "yesterday", "2024-13-01", "2024-01-01T25:00:00Z", "1.5", "-"] {
            assert_eq!(t(bad), None, "{bad}");
        }
    }

    #[test]
    fn numbers_and_bools() {
        assert_eq!(parse_number("10"), Some(10.0));
        assert_eq!(parse_number("-2.5"), Some(-2.5));
        for bad in ["", "1e3", "inf", "NaN", "+1", "1.", ".5", " 1", "0x10"] {
            assert_eq!(parse_number(bad), None, "{bad}");
        }
        assert_eq!(parse_bool("TRUE"), Some(true));
        assert_eq!(parse_bool("false"), Some(false));
        assert_eq!(parse_bool("yes"), None);
    }

    #[test]
    fn cidrs() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        for (cidr, addr, expected) in [
            ("203.0.113.0/24", "203.0.113.9", true),
            ("203.0.113.0/24", "203.0.114.9", false),
            ("203.0.113.7", "203.0.113.7", true),
            ("203.0.113.7", "203.0.113.8", false),
            ("0.0.0.0/0", "198.51.100.1", true),
            ("0.0.0.0/0", "2001:db8::1", false),
            ("10.1.2.3/8", "10.200.0.1", true),
            ("2001:db8::/32", "2001:db8:ffff::1", true),
            ("2001:db8::/32", "2001:db9::1", false),
            ("::/0", "::1", true),
            ("203.0.113.0/24", "::ffff:203.0.113.5", true),
        ] {
            assert_eq!(
                Cidr::parse(cidr).unwrap().contains(ip(addr)),
                expected,
                "{cidr} {addr}"
            );
        }
        for bad in [
            "",
            "10.0.0.0/33",
            "10.0.0.0/",
            "10.0.0/8",
            "::/129",
            "10.0.0.0/8/8",
            "10.0.0.0/-1",
            "host",
        ] {
            assert!(Cidr::parse(bad).is_err(), "{bad}");
        }
    }
}
