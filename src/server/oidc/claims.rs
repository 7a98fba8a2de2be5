//! Reading the roles claim and the identity claim out of validated token claims.
//!
//! A claim name may be a dotted path into nested objects, as Keycloak puts realm roles in
//! `realm_access.roles`. A top-level claim whose name is literally the whole dotted string wins
//! over the path, so a provider that emits `"realm_access.roles"` as one key works too.

use serde_json::{Map, Value};

use super::jwks::shorten;

/// The claim named `name`: the literal top-level key if there is one, else the dotted path.
pub fn lookup_claim<'a>(claims: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    if let Some(value) = claims.get(name) {
        return Some(value);
    }
    if !name.contains('.') {
        return None;
    }
    let mut segments = name.split('.');
    let first = segments.next()?;
    if first.is_empty() {
        return None;
    }
    let mut current = claims.get(first)?;
    for segment in segments {
        if segment.is_empty() {
            return None;
        }
        current = current.as_object()?.get(segment)?;
    }
    Some(current)
}

/// The role values in claim `claim_name`, and warnings about what was ignored.
///
/// The claim may be an array of strings or a single string. Non-string items, empty strings and
/// other claim types are ignored with a warning; duplicates are dropped.
pub fn extract_roles(claims: &Map<String, Value>, claim_name: &str) -> (Vec<String>, Vec<String>) {
    let mut roles: Vec<String> = Vec::new();
    let mut warnings: Vec<String> = Vec::new();
    let shown = shorten(claim_name, 80);
    let Some(value) = lookup_claim(claims, claim_name) else {
        warnings.push(format!(
            "the token has no \"{shown}\" claim, so no role policies apply"
        ));
        return (roles, warnings);
    };
    let mut push = |role: &str, warnings: &mut Vec<String>| {
        if role.is_empty() {
            warnings.push(format!("an empty role value in \"{shown}\" was ignored"));
        } else if !roles.iter().any(|r| r == role) {
            roles.push(role.to_string());
        }
    };
    match value {
        Value::String(role) => push(role, &mut warnings),
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                match item {
                    Value::String(role) => push(role, &mut warnings),
                    other => warnings.push(format!(
                        "item {index} of \"{shown}\" is {}, not a string; it was ignored",
                        json_type(other)
                    )),
                }
            }
        }
        Value::Null => warnings.push(format!(
            "the \"{shown}\" claim is null, so no role policies apply"
        )),
        other => warnings.push(format!(
            "the \"{shown}\" claim is {}, not a string or an array of strings; it was ignored",
            json_type(other)
        )),
    }
    (roles, warnings)
}

/// The identity claim as a string: strings as they are, numbers in their JSON form; `None` when
/// absent or of another type.
pub fn claim_as_string(claims: &Map<String, Value>, name: &str) -> Option<String> {
    match lookup_claim(claims, name)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn claims(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }

    #[test]
    fn roles_are_extracted() {
        struct Case {
            name: &'static str,
            claims: Value,
            claim: &'static str,
            roles: &'static [&'static str],
            warnings: &'static [&'static str],
        }
        let cases = [
            Case {
                name: "array",
                claims: json!({"roles": ["s3admin", "reader"]}),
                claim: "roles",
                roles: &["s3admin", "reader"],
                warnings: &[],
            },
            Case {
                name: "single string",
                claims: json!({"roles": "s3admin"}),
                claim: "roles",
                roles: &["s3admin"],
                warnings: &[],
            },
            Case {
                name: "case preserved",
                claims: json!({"roles": ["S3Admin", "s3admin"]}),
                claim: "roles",
                roles: &["S3Admin", "s3admin"],
                warnings: &[],
            },
            Case {
                name: "duplicates dropped",
                claims: json!({"roles": ["a", "a", "b"]}),
                claim: "roles",
                roles: &["a", "b"],
                warnings: &[],
            },
            Case {
                name: "empty array",
                claims: json!({"roles": []}),
                claim: "roles",
                roles: &[],
                warnings: &[],
            },
            Case {
                name: "nested path",
                claims: json!({"realm_access": {"roles": ["a", "b"]}}),
                claim: "realm_access.roles",
                roles: &["a", "b"],
                warnings: &[],
            },
            Case {
                name: "deeply nested",
                claims: json!({"a": {"b": {"c": "x"}}}),
                claim: "a.b.c",
                roles: &["x"],
                warnings: &[],
            },
            Case {
                name: "literal dotted key wins",
                claims: json!({"realm_access.roles": ["literal"], "realm_access": {"roles": ["nested"]}}),
                claim: "realm_access.roles",
                roles: &["literal"],
                warnings: &[],
            },
            Case {
                name: "custom claim",
                claims: json!({"groups": ["g1"], "roles": ["r"]}),
                claim: "groups",
                roles: &["g1"],
                warnings: &[],
            },
            Case {
                name: "absent",
                claims: json!({"sub": "x"}),
                claim: "roles",
                roles: &[],
                warnings: &["no \"roles\" claim"],
            },
            Case {
                name: "path through a non-object",
                claims: json!({"realm_access": ["x"]}),
                claim: "realm_access.roles",
                roles: &[],
                warnings: &["no \"realm_access.roles\" claim"],
            },
            Case {
                name: "empty path segment",
                claims: json!({"a": {"": {"b": "x"}}}),
                claim: "a..b",
                roles: &[],
                warnings: &["no \"a..b\" claim"],
            },
            Case {
                name: "mixed item types",
                claims: json!({"roles": ["a", 5, null, {"x": 1}, ["y"], true, "b"]}),
                claim: "roles",
                roles: &["a", "b"],
                warnings: &[
                    "item 1 of \"roles\" is a number",
                    "item 2 of \"roles\" is null",
                    "item 3 of \"roles\" is an object",
                    "item 4 of \"roles\" is an array",
                    "item 5 of \"roles\" is a boolean",
                ],
            },
            Case {
                name: "empty string",
                claims: json!({"roles": ["", "a"]}),
                claim: "roles",
                roles: &["a"],
                warnings: &["an empty role value"],
            },
            Case {
                name: "number claim",
                claims: json!({"roles": 7}),
                claim: "roles",
                roles: &[],
                warnings: &["is a number, not a string or an array"],
            },
            Case {
                name: "object claim",
                claims: json!({"roles": {"a": true}}),
                claim: "roles",
                roles: &[],
                warnings: &["is an object"],
            },
            Case {
                name: "boolean claim",
                claims: json!({"roles": true}),
                claim: "roles",
                roles: &[],
                warnings: &["is a boolean"],
            },
            Case {
                name: "null claim",
                claims: json!({"roles": null}),
                claim: "roles",
                roles: &[],
                warnings: &["is null"],
            },
        ];
        for case in cases {
            let (roles, warnings) = extract_roles(&claims(case.claims), case.claim);
            assert_eq!(roles, case.roles, "{}", case.name);
            assert_eq!(warnings.len(), case.warnings.len(), "{}: {warnings:?}", case.name);
            for (warning, expected) in warnings.iter().zip(case.warnings) {
                assert!(
                    warning.contains(expected),
                    "{}: {warning:?} lacks {expected:?}",
                    case.name
                );
            }
        }
    }

    #[test]
    fn identity_claim_is_read_as_a_string() {
        let c = claims(json!({
            "sub": "abc",
            "oid": 12345,
            "ratio": 1.5,
            "admin": true,
            "user": {"name": "ada", "id": 7},
            "user.name": "literal",
            "list": ["x"],
        }));
        let cases: &[(&str, Option<&str>)] = &[
            ("sub", Some("abc")),
            ("oid", Some("12345")),
            ("ratio", Some("1.5")),
            ("admin", None),
            ("user.name", Some("literal")),
            ("user.id", Some("7")),
            ("user", None),
            ("list", None),
            ("missing", None),
            ("user.missing", None),
        ];
        for (name, expected) in cases {
            assert_eq!(claim_as_string(&c, name).as_deref(), *expected, "{name}");
        }
    }
}
