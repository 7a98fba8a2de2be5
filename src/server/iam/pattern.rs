//! Wildcard patterns with policy variables, parsed once when a policy is added and matched
//! per request without allocating (unless a variable's value has to be formatted).
//!
//! Syntax: `*` matches any run of characters (including `/`), `?` exactly one character;
//! `${key}` is replaced by the request's single value for `key`, `${key, 'default'}` falls
//! back to `default`; `${*}`, `${?}` and `${$}` are a literal `*`, `?` and `$`. A
//! substituted value is always literal text: a `*` inside a user name is not a wildcard.

use std::borrow::Cow;

use super::eval::RequestContext;

/// More variables than this in one value is refused at parse time (it keeps matching
/// allocation-free; real policies use one or two).
pub(crate) const MAX_VARIABLES: usize = 8;

/// A condition key or policy variable name: `namespace:name`, compared case-insensitively.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Key {
    text: String,
    colon: usize,
}

impl Key {
    /// Checks the syntax `namespace:name`: the namespace of ASCII letters, digits, `-` and
    /// `_`; the name of printable characters other than whitespace and `$ { } ' " , \ * ?`.
    pub(crate) fn parse(text: &str) -> Result<Key, String> {
        let Some(colon) = text.find(':') else {
            return Err(format!(
                "the condition key {text:?} has no namespace; write it as namespace:name, \
                 e.g. aws:username, s3:prefix or jwt:sub"
            ));
        };
        let (ns, name) = (&text[..colon], &text[colon + 1..]);
        if ns.is_empty()
            || !ns
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(format!(
                "the condition key {text:?} has an invalid namespace {ns:?}; \
                 use letters, digits, '-' or '_' (e.g. aws, s3, jwt)"
            ));
        }
        if name.is_empty() {
            return Err(format!(
                "the condition key {text:?} has nothing after the ':'; write namespace:name"
            ));
        }
        if let Some(bad) = name.chars().find(|c| {
            c.is_whitespace()
                || c.is_control()
                || matches!(c, '$' | '{' | '}' | '\'' | '"' | ',' | '\\' | '*' | '?')
        }) {
            return Err(format!(
                "the condition key {text:?} contains {bad:?}, which a key name cannot contain"
            ));
        }
        if text.len() > 256 {
            return Err(format!(
                "the condition key is {} bytes long; the limit is 256",
                text.len()
            ));
        }
        Ok(Key {
            text: text.to_owned(),
            colon,
        })
    }

    pub(crate) fn namespace(&self) -> &str {
        &self.text[..self.colon]
    }

    pub(crate) fn name(&self) -> &str {
        &self.text[self.colon + 1..]
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Variable {
    pub(crate) key: Key,
    pub(crate) default: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
enum Seg {
    Lit(String),
    Var(usize),
    Star,
    One,
}

/// Whether `*` and `?` are wildcards, and whether `${...}` is a variable.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Syntax {
    pub(crate) wildcards: bool,
    pub(crate) variables: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pattern {
    segs: Vec<Seg>,
    vars: Vec<Variable>,
}

impl Pattern {
    pub(crate) fn parse(text: &str, syntax: Syntax) -> Result<Pattern, String> {
        let mut segs = Vec::new();
        let mut vars = Vec::new();
        let mut lit = String::new();
        let mut rest = text;
        while let Some(c) = rest.chars().next() {
            if syntax.variables && rest.starts_with("${") {
                let Some(end) = rest.find('}') else {
                    return Err(format!(
                        "the policy variable starting at {:?} has no closing '}}'",
                        truncate(rest)
                    ));
                };
                let inner = &rest[2..end];
                rest = &rest[end + 1..];
                match inner {
                    "*" => lit.push('*'),
                    "?" => lit.push('?'),
                    "$" => lit.push('$'),
                    _ => {
                        if vars.len() == MAX_VARIABLES {
                            return Err(format!("{text:?} has more than {MAX_VARIABLES} policy variables"));
                        }
                        let var = parse_variable(inner)?;
                        if !lit.is_empty() {
                            segs.push(Seg::Lit(std::mem::take(&mut lit)));
                        }
                        segs.push(Seg::Var(vars.len()));
                        vars.push(var);
                    }
                }
                continue;
            }
            rest = &rest[c.len_utf8()..];
            let wildcard = match c {
                '*' if syntax.wildcards => Seg::Star,
                '?' if syntax.wildcards => Seg::One,
                _ => {
                    lit.push(c);
                    continue;
                }
            };
            if !lit.is_empty() {
                segs.push(Seg::Lit(std::mem::take(&mut lit)));
            }
            // `**` matches the same as `*`; keeping one makes backtracking cheaper.
            if !(wildcard == Seg::Star && segs.last() == Some(&Seg::Star)) {
                segs.push(wildcard);
            }
        }
        if !lit.is_empty() {
            segs.push(Seg::Lit(lit));
        }
        Ok(Pattern { segs, vars })
    }

    /// Matches `text`; variables take their values from `ctx`. A variable without a value
    /// (and without a default) makes the pattern match nothing.
    pub(crate) fn matches(&self, text: &str, ctx: &RequestContext<'_>, fold: fn(char, char) -> bool) -> bool {
        if self.vars.is_empty() {
            return glob(&self.segs, &[], text, fold);
        }
        let mut values: [Cow<'_, str>; MAX_VARIABLES] = Default::default();
        for (slot, var) in values.iter_mut().zip(&self.vars) {
            match ctx.variable(&var.key) {
                Some(v) => *slot = v,
                None => match &var.default {
                    Some(d) => *slot = Cow::Borrowed(d.as_str()),
                    None => return false,
                },
            }
        }
        glob(&self.segs, &values, text, fold)
    }

    /// Matches `text` on a pattern known to have no variables (actions).
    pub(crate) fn matches_plain(&self, text: &str, fold: fn(char, char) -> bool) -> bool {
        self.vars.is_empty() && glob(&self.segs, &[], text, fold)
    }
}

fn truncate(s: &str) -> &str {
    match s.char_indices().nth(24) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// `key` or `key, 'default'`.
fn parse_variable(inner: &str) -> Result<Variable, String> {
    let (key, default) = match inner.split_once(',') {
        None => (inner.trim(), None),
        Some((key, default)) => {
            let default = default.trim();
            let quoted = default
                .strip_prefix('\'')
                .and_then(|d| d.strip_suffix('\''))
                .filter(|d| !d.contains('\''));
            match quoted {
                Some(d) => (key.trim(), Some(d.to_owned())),
                None => {
                    return Err(format!(
                        "the policy variable ${{{inner}}} has a default value that is not in \
                         single quotes; write ${{{}, 'value'}}",
                        key.trim()
                    ));
                }
            }
        }
    };
    let key = Key::parse(key).map_err(|e| format!("in the policy variable ${{{inner}}}: {e}"))?;
    Ok(Variable { key, default })
}

/// Exact character comparison (resources, `StringLike`, `StringEquals`).
pub(crate) fn same_char(a: char, b: char) -> bool {
    a == b
}

/// ASCII case-insensitive comparison (action names).
pub(crate) fn same_char_ascii_ci(a: char, b: char) -> bool {
    a.eq_ignore_ascii_case(&b)
}

/// Unicode case-insensitive comparison (`StringEqualsIgnoreCase`).
pub(crate) fn same_char_ci(a: char, b: char) -> bool {
    a == b || a.to_lowercase().eq(b.to_lowercase())
}

enum Elem {
    Char(char),
    Star,
    One,
}

/// A position in the pattern: a segment and a byte offset inside a literal or a value.
#[derive(Clone, Copy)]
struct Cursor {
    seg: usize,
    off: usize,
}

fn next_elem(segs: &[Seg], values: &[Cow<'_, str>], mut at: Cursor) -> Option<(Elem, Cursor)> {
    while let Some(seg) = segs.get(at.seg) {
        let lit: &str = match seg {
            Seg::Star => {
                return Some((
                    Elem::Star,
                    Cursor {
                        seg: at.seg + 1,
                        off: 0,
                    },
                ));
            }
            Seg::One => {
                return Some((
                    Elem::One,
                    Cursor {
                        seg: at.seg + 1,
                        off: 0,
                    },
                ));
            }
            Seg::Lit(s) => s,
            Seg::Var(i) => values.get(*i).map_or("", |v| v),
        };
        if let Some(c) = lit.get(at.off..).and_then(|s| s.chars().next()) {
            return Some((
                Elem::Char(c),
                Cursor {
                    seg: at.seg,
                    off: at.off + c.len_utf8(),
                },
            ));
        }
        at = Cursor {
            seg: at.seg + 1,
            off: 0,
        };
    }
    None
}

/// Wildcard match of the whole `text`. Greedy with one backtrack point: with only `*` and
/// `?` that is exact, and O(pattern × text) in the worst case.
fn glob(segs: &[Seg], values: &[Cow<'_, str>], text: &str, fold: fn(char, char) -> bool) -> bool {
    let mut p = Cursor { seg: 0, off: 0 };
    let mut t = 0usize;
    let mut star: Option<(Cursor, usize)> = None;
    loop {
        let here = text[t..].chars().next();
        match (next_elem(segs, values, p), here) {
            (Some((Elem::Star, np)), _) => {
                star = Some((np, t));
                p = np;
                continue;
            }
            (Some((Elem::One, np)), Some(c)) => {
                p = np;
                t += c.len_utf8();
                continue;
            }
            (Some((Elem::Char(pc), np)), Some(c)) if fold(pc, c) => {
                p = np;
                t += c.len_utf8();
                continue;
            }
            (None, None) => return true,
            _ => {}
        }
        // Mismatch: let the last `*` swallow one more character, or fail.
        match star {
            Some((sp, st)) => match text[st..].chars().next() {
                Some(c) => {
                    let st = st + c.len_utf8();
                    star = Some((sp, st));
                    p = sp;
                    t = st;
                }
                None => return false,
            },
            None => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GLOB: Syntax = Syntax {
        wildcards: true,
        variables: true,
    };
    const EXACT: Syntax = Syntax {
        wildcards: false,
        variables: true,
    };
    const LITERAL: Syntax = Syntax {
        wildcards: false,
        variables: false,
    };

    #[test]
    fn glob_table() {
        let ctx = RequestContext::new("s3:GetObject", "arn:aws:s3:::b/k");
        for (pattern, text, expected) in [
            ("*", "", true),
            ("*", "anything/at/all", true),
            ("a*", "a", true),
            ("a*", "ba", false),
            ("*a", "bba", true),
            ("*a", "ab", false),
            ("a?c", "abc", true),
            ("a?c", "ac", false),
            ("a?c", "aéc", true),
            ("bucket/*", "bucket/a/b/c", true),
            ("bucket/*", "bucket", false),
            ("bucket*", "bucket-2/x", true),
            ("*/*", "bucket/key", true),
            ("*/*", "bucket", false),
            ("a*b*c", "a-b-b-c", true),
            ("a*b*c", "a-c-b", false),
            ("a**b", "axxb", true),
            ("*?", "", false),
            ("*?", "x", true),
            ("ab", "AB", false),
            ("${*}", "*", true),
            ("${*}", "x", false),
            ("a${?}", "a?", true),
            ("a${?}", "ab", false),
            ("${$}{x}", "${x}", true),
        ] {
            let p = Pattern::parse(pattern, GLOB).unwrap();
            assert_eq!(
                p.matches(text, &ctx, same_char),
                expected,
                "{pattern:?} ~ {text:?}"
            );
        }
    }

    #[test]
    fn exact_and_literal_syntax() {
        let ctx = RequestContext::new("s3:GetObject", "arn:aws:s3:::b/k");
        let p = Pattern::parse("a*", EXACT).unwrap();
        assert!(p.matches("a*", &ctx, same_char));
        assert!(!p.matches("ab", &ctx, same_char));
        let p = Pattern::parse("home/${aws:username}", LITERAL).unwrap();
        assert!(p.matches("home/${aws:username}", &ctx, same_char));
        assert!(Pattern::parse("${unclosed", LITERAL).is_ok());
    }

    #[test]
    fn case_folding() {
        let p = Pattern::parse("get*", GLOB).unwrap();
        assert!(p.matches_plain("GetObject", same_char_ascii_ci));
        assert!(!p.matches_plain("GetObject", same_char));
        let p = Pattern::parse("straße", EXACT).unwrap();
        assert!(p.matches_plain("STRAßE", same_char_ci));
        assert!(!p.matches_plain("strasse", same_char_ci));
    }

    #[test]
    fn variables() {
        let mut ctx = RequestContext::new("s3:GetObject", "arn:aws:s3:::b/k");
        ctx.insert("aws:username", "alice")
            .insert("jwt:sub", "a*b")
            .insert("jwt:groups", &["x", "y"][..]);
        for (pattern, text, expected) in [
            ("home/${aws:username}/*", "home/alice/f", true),
            ("home/${AWS:UserName}/*", "home/alice/f", true),
            ("home/${aws:username}/*", "home/bob/f", false),
            ("home/${ aws:username }", "home/alice", true),
            // Substituted values are literal: the `*` in the sub is not a wildcard.
            ("u/${jwt:sub}", "a*b", false),
            ("${jwt:sub}", "a*b", true),
            ("${jwt:sub}", "axxb", false),
            // No value: no match, never match-everything.
            ("${jwt:email}", "", false),
            ("*${jwt:email}*", "anything", false),
            // A multi-valued key is not a variable value.
            ("${jwt:groups}", "x", false),
            ("${jwt:email, 'nobody'}/*", "nobody/x", true),
            ("${jwt:email, ''}x", "x", true),
            ("${aws:username, 'nobody'}", "alice", true),
        ] {
            let p = Pattern::parse(pattern, GLOB).unwrap();
            assert_eq!(
                p.matches(text, &ctx, same_char),
                expected,
                "{pattern:?} ~ {text:?}"
            );
        }
    }

    #[test]
    fn parse_errors() {
        for (pattern, needle) in [
            ("home/${aws:username", "no closing"),
            ("${username}", "no namespace"),
            ("${aws:}", "nothing after"),
            ("${aws:user name}", "contains ' '"),
            ("${aws:username, nobody}", "single quotes"),
            (
                "${a:1}${a:2}${a:3}${a:4}${a:5}${a:6}${a:7}${a:8}${a:9}",
                "more than 8",
            ),
            ("${*x:y}", "invalid namespace"),
        ] {
            let err = Pattern::parse(pattern, GLOB).unwrap_err();
            assert!(err.contains(needle), "{pattern:?}: {err}");
        }
    }

    #[test]
    fn keys() {
        for ok in [
            "aws:username",
            "jwt:https://example.com/roles",
            "jwt:cognito:groups",
            "s3:max-keys",
        ] {
            let k = Key::parse(ok).unwrap();
            assert_eq!(format!("{}:{}", k.namespace(), k.name()), ok);
        }
        let k = Key::parse("jwt:cognito:groups").unwrap();
        assert_eq!((k.namespace(), k.name()), ("jwt", "cognito:groups"));
        for bad in ["username", ":x", "aws:", "a b:c", "aws:a b", "aws:a*", "aws:${x}"] {
            assert!(Key::parse(bad).is_err(), "{bad}");
        }
    }
}
