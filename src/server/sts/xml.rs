//! The `AssumeRoleWithWebIdentity` success response, in AWS's XML shape.
//!
//! botocore's query parser finds `AssumeRoleWithWebIdentityResult` under the root (namespaces
//! stripped), reads members by element name (order does not matter) and
//! `ResponseMetadata/RequestId`; `Expiration` is parsed as an ISO-8601 timestamp.

use time::OffsetDateTime;
use time::macros::format_description;

/// The STS XML namespace.
pub const STS_NAMESPACE: &str = "https://sts.amazonaws.com/doc/2011-06-15/";

/// The Content-Type AWS STS answers with.
pub const CONTENT_TYPE: &str = "text/xml";

/// Temporary credentials as the response shows them.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: String,
    pub expiration: OffsetDateTime,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"[redacted]")
            .field("session_token", &"[redacted]")
            .field("expiration", &self.expiration)
            .finish()
    }
}

/// `AssumedRoleUser`: `Arn` is `arn:aws:sts::<account>:assumed-role/<role>/<session>`,
/// `AssumedRoleId` is `<role id>:<session>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssumedRoleUser {
    pub arn: String,
    pub assumed_role_id: String,
}

/// Everything the success response carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssumeRoleWithWebIdentityResponse {
    pub credentials: Credentials,
    /// The token's `sub`.
    pub subject_from_web_identity_token: String,
    pub assumed_role_user: AssumedRoleUser,
    /// The token's `iss`.
    pub provider: String,
    /// The token's audience (client id): `azp` if present, else the first `aud`.
    pub audience: Option<String>,
    /// Omitted when `None`.
    pub source_identity: Option<String>,
    /// The session policy's packed size in percent; present only when a policy was given.
    pub packed_policy_size: Option<u32>,
    pub request_id: String,
}

/// Formats a time as AWS does in `Expiration`: `2026-01-01T00:00:00Z` (UTC, whole seconds).
pub fn format_expiration(at: OffsetDateTime) -> String {
    let utc = at.to_offset(time::UtcOffset::UTC);
    utc.format(format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second]Z"
    ))
    .unwrap_or_else(|_| utc.unix_timestamp().to_string())
}

/// Escapes text for element content and attribute values. Characters XML 1.0 cannot carry at
/// all (most control characters) become U+FFFD.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn element(out: &mut String, name: &str, value: &str) {
    out.push('<');
    out.push_str(name);
    out.push('>');
    out.push_str(&xml_escape(value));
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

/// Renders the success response document.
pub fn render_assume_role_with_web_identity(response: &AssumeRoleWithWebIdentityResponse) -> String {
    let mut out = String::with_capacity(2048);
    out.push_str(&format!(
        "<AssumeRoleWithWebIdentityResponse xmlns=\"{STS_NAMESPACE}\">"
    ));
    out.push_str("<AssumeRoleWithWebIdentityResult>");
    element(
        &mut out,
        "SubjectFromWebIdentityToken",
        &response.subject_from_web_identity_token,
    );
    if let Some(audience) = &response.audience {
        element(&mut out, "Audience", audience);
    }
    out.push_str("<AssumedRoleUser>");
    element(&mut out, "Arn", &response.assumed_role_user.arn);
    element(
        &mut out,
        "AssumedRoleId",
        &response.assumed_role_user.assumed_role_id,
    );
    out.push_str("</AssumedRoleUser>");
    out.push_str("<Credentials>");
    element(&mut out, "AccessKeyId", &response.credentials.access_key_id);
    element(
        &mut out,
        "SecretAccessKey",
        &response.credentials.secret_access_key,
    );
    element(&mut out, "SessionToken", &response.credentials.session_token);
    element(
        &mut out,
        "Expiration",
        &format_expiration(response.credentials.expiration),
    );
    out.push_str("</Credentials>");
    if let Some(source_identity) = &response.source_identity {
        element(&mut out, "SourceIdentity", source_identity);
    }
    element(&mut out, "Provider", &response.provider);
    if let Some(size) = response.packed_policy_size {
        element(&mut out, "PackedPolicySize", &size.to_string());
    }
    out.push_str("</AssumeRoleWithWebIdentityResult>");
    out.push_str("<ResponseMetadata>");
    element(&mut out, "RequestId", &response.request_id);
    out.push_str("</ResponseMetadata>");
    out.push_str("</AssumeRoleWithWebIdentityResponse>");
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use time::macros::datetime;

    use super::*;

    /// A parsed element: name, attributes, text, children.
    #[derive(Debug)]
    pub(crate) struct Node {
        pub name: String,
        pub attributes: Vec<(String, String)>,
        pub text: String,
        pub children: Vec<Node>,
    }

    impl Node {
        pub fn child(&self, name: &str) -> Option<&Node> {
            self.children.iter().find(|c| c.name == name)
        }

        pub fn path(&self, path: &[&str]) -> Option<&Node> {
            let mut node = self;
            for name in path {
                node = node.child(name)?;
            }
            Some(node)
        }
    }

    /// A strict little XML parser for tests: one root element, balanced tags, quoted attributes,
    /// only the five predefined entities and numeric references, no stray `<` or `&`.
    pub(crate) fn parse(xml: &str) -> Result<Node, String> {
        let mut parser = Parser {
            s: xml.as_bytes(),
            i: 0,
        };
        parser.skip_ws();
        if parser.rest().starts_with(b"<?xml") {
            let end = find(parser.rest(), b"?>").ok_or("unterminated declaration")?;
            parser.i += end + 2;
        }
        parser.skip_ws();
        let root = parser.element()?;
        parser.skip_ws();
        if parser.i != parser.s.len() {
            return Err(format!("content after the root element at byte {}", parser.i));
        }
        Ok(root)
    }

    pub(crate) fn assert_well_formed(xml: &str) -> Node {
        match parse(xml) {
            Ok(node) => node,
            Err(e) => panic!("not well-formed XML ({e}): {xml}"),
        }
    }

    fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
        haystack.windows(needle.len()).position(|w| w == needle)
    }

    struct Parser<'a> {
        s: &'a [u8],
        i: usize,
    }

    impl Parser<'_> {
        fn rest(&self) -> &[u8] {
            &self.s[self.i..]
        }

        fn skip_ws(&mut self) {
            while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
                self.i += 1;
            }
        }

        fn name(&mut self) -> Result<String, String> {
            let start = self.i;
            while self.i < self.s.len()
                && (self.s[self.i].is_ascii_alphanumeric()
                    || matches!(self.s[self.i], b':' | b'_' | b'-' | b'.'))
            {
                self.i += 1;
            }
            if start == self.i {
                return Err(format!("expected a name at byte {start}"));
            }
            Ok(String::from_utf8_lossy(&self.s[start..self.i]).into_owned())
        }

        fn expect(&mut self, c: u8) -> Result<(), String> {
            if self.s.get(self.i) == Some(&c) {
                self.i += 1;
                Ok(())
            } else {
                Err(format!("expected '{}' at byte {}", c as char, self.i))
            }
        }

        fn text_until(&mut self, stop: u8) -> Result<String, String> {
            let mut out = String::new();
            let start = self.i;
            while self.i < self.s.len() && self.s[self.i] != stop {
                match self.s[self.i] {
                    b'<' => return Err(format!("stray '<' at byte {}", self.i)),
                    b'&' => {
                        let end = find(self.rest(), b";").ok_or("unterminated entity")?;
                        let entity = String::from_utf8_lossy(&self.s[self.i + 1..self.i + end]).into_owned();
                        let c = match entity.as_str() {
                            "amp" => '&',
                            "lt" => '<',
                            "gt" => '>',
                            "quot" => '"',
                            "apos" => '\'',
                            e if e.starts_with("#x") => u32::from_str_radix(&e[2..], 16)
                                .ok()
                                .and_then(char::from_u32)
                                .ok_or("bad character reference")?,
                            e if e.starts_with('#') => e[1..]
                                .parse::<u32>()
                                .ok()
                                .and_then(char::from_u32)
                                .ok_or("bad character reference")?,
                            other => return Err(format!("unknown entity &{other};")),
                        };
                        out.push(c);
                        self.i += end + 1;
                    }
                    _ => {
                        let len = utf8_len(self.s[self.i]);
                        let chunk =
                            std::str::from_utf8(&self.s[self.i..self.i + len]).map_err(|e| e.to_string())?;
                        if chunk
                            .chars()
                            .any(|c| (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r'))
                        {
                            return Err(format!("control character at byte {}", self.i));
                        }
                        out.push_str(chunk);
                        self.i += len;
                    }
                }
            }
            if self.i >= self.s.len() && start != self.i && stop != b'<' {
                return Err("unterminated text".into());
            }
            Ok(out)
        }

        fn element(&mut self) -> Result<Node, String> {
            self.expect(b'<')?;
            let name = self.name()?;
            let mut attributes = Vec::new();
            loop {
                self.skip_ws();
                match self.s.get(self.i) {
                    Some(b'/') => {
                        self.i += 1;
                        self.expect(b'>')?;
                        return Ok(Node {
                            name,
                            attributes,
                            text: String::new(),
                            children: Vec::new(),
                        });
                    }
                    Some(b'>') => {
                        self.i += 1;
                        break;
                    }
                    Some(_) => {
                        let attribute = self.name()?;
                        self.expect(b'=')?;
                        self.expect(b'"')?;
                        let value = self.text_until(b'"')?;
                        self.expect(b'"')?;
                        attributes.push((attribute, value));
                    }
                    None => return Err("unterminated start tag".into()),
                }
            }
            let mut text = String::new();
            let mut children = Vec::new();
            loop {
                text.push_str(&self.text_until(b'<')?);
                if self.i >= self.s.len() {
                    return Err(format!("element <{name}> is not closed"));
                }
                if self.rest().starts_with(b"</") {
                    self.i += 2;
                    let closing = self.name()?;
                    if closing != name {
                        return Err(format!("<{name}> closed by </{closing}>"));
                    }
                    self.skip_ws();
                    self.expect(b'>')?;
                    return Ok(Node {
                        name,
                        attributes,
                        text,
                        children,
                    });
                }
                children.push(self.element()?);
            }
        }
    }

    fn utf8_len(first: u8) -> usize {
        match first {
            0x00..=0x7f => 1,
            0xc0..=0xdf => 2,
            0xe0..=0xef => 3,
            _ => 4,
        }
    }

    fn sample() -> AssumeRoleWithWebIdentityResponse {
        AssumeRoleWithWebIdentityResponse {
            credentials: Credentials {
                access_key_id: "ASIAEXAMPLE".into(),
                secret_access_key: "secret/+key".into(),
                session_token: "token<&>\"'".into(),
                expiration: datetime!(2026-01-01 00:00:00.123 UTC),
            },
            subject_from_web_identity_token: "user<1>&co".into(),
            assumed_role_user: AssumedRoleUser {
                arn: "arn:aws:sts::000000000000:assumed-role/weka-oidc/app1".into(),
                assumed_role_id: "AROAEXAMPLE:app1".into(),
            },
            provider: "https://idp.example.com/realms/a?b=c&d=e".into(),
            audience: Some("client-1".into()),
            source_identity: None,
            packed_policy_size: None,
            request_id: "c6104cbe-af31-11e0-8154-cbc7ccf896c7".into(),
        }
    }

    #[test]
    fn success_response_has_aws_shape() {
        let xml = render_assume_role_with_web_identity(&sample());
        let root = assert_well_formed(&xml);
        assert_eq!(root.name, "AssumeRoleWithWebIdentityResponse");
        assert_eq!(
            root.attributes,
            vec![("xmlns".to_string(), STS_NAMESPACE.to_string())]
        );
        let result = root.child("AssumeRoleWithWebIdentityResult").expect("result");
        let text = |path: &[&str]| result.path(path).map(|n| n.text.clone());
        assert_eq!(
            text(&["Credentials", "AccessKeyId"]).as_deref(),
            Some("ASIAEXAMPLE")
        );
        assert_eq!(
            text(&["Credentials", "SecretAccessKey"]).as_deref(),
            Some("secret/+key")
        );
        assert_eq!(
            text(&["Credentials", "SessionToken"]).as_deref(),
            Some("token<&>\"'")
        );
        assert_eq!(
            text(&["Credentials", "Expiration"]).as_deref(),
            Some("2026-01-01T00:00:00Z")
        );
        assert_eq!(
            text(&["SubjectFromWebIdentityToken"]).as_deref(),
            Some("user<1>&co")
        );
        assert_eq!(
            text(&["AssumedRoleUser", "Arn"]).as_deref(),
            Some("arn:aws:sts::000000000000:assumed-role/weka-oidc/app1")
        );
        assert_eq!(
            text(&["AssumedRoleUser", "AssumedRoleId"]).as_deref(),
            Some("AROAEXAMPLE:app1")
        );
        assert_eq!(
            text(&["Provider"]).as_deref(),
            Some("https://idp.example.com/realms/a?b=c&d=e")
        );
        assert_eq!(text(&["Audience"]).as_deref(), Some("client-1"));
        assert!(result.child("SourceIdentity").is_none());
        assert!(result.child("PackedPolicySize").is_none());
        assert_eq!(
            root.path(&["ResponseMetadata", "RequestId"])
                .map(|n| n.text.as_str()),
            Some("c6104cbe-af31-11e0-8154-cbc7ccf896c7")
        );
        assert!(
            xml.contains("<SessionToken>token&lt;&amp;&gt;&quot;&apos;</SessionToken>"),
            "{xml}"
        );
    }

    #[test]
    fn optional_members_appear_when_set() {
        let mut response = sample();
        response.source_identity = Some("ada".into());
        response.packed_policy_size = Some(7);
        response.audience = None;
        let root = assert_well_formed(&render_assume_role_with_web_identity(&response));
        let result = root.child("AssumeRoleWithWebIdentityResult").expect("result");
        assert_eq!(
            result.child("SourceIdentity").map(|n| n.text.as_str()),
            Some("ada")
        );
        assert_eq!(
            result.child("PackedPolicySize").map(|n| n.text.as_str()),
            Some("7")
        );
        assert!(result.child("Audience").is_none());
    }

    #[test]
    fn escaping_keeps_documents_well_formed() {
        let cases = [
            "plain",
            "a&b",
            "<tag>",
            "\"quoted\" 'single'",
            "ctl\u{1}\u{8}\u{1f}end",
            "tab\tnl\ncr\r",
            "ünïcødé ✓",
            "]]>",
            "&amp;",
        ];
        for value in cases {
            let mut response = sample();
            response.subject_from_web_identity_token = value.into();
            let root = assert_well_formed(&render_assume_role_with_web_identity(&response));
            let got = root
                .path(&["AssumeRoleWithWebIdentityResult", "SubjectFromWebIdentityToken"])
                .expect("subject");
            let expected: String = value
                .chars()
                .map(|c| {
                    if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') {
                        '\u{FFFD}'
                    } else {
                        c
                    }
                })
                .collect();
            assert_eq!(got.text, expected, "{value:?}");
        }
    }

    #[test]
    fn expiration_is_utc_whole_seconds() {
        let cases = [
            (datetime!(2026-01-01 00:00:00 UTC), "2026-01-01T00:00:00Z"),
            (datetime!(2026-06-30 23:59:59.999 UTC), "2026-06-30T23:59:59Z"),
            (datetime!(2026-01-01 02:00:00 +02:00), "2026-01-01T00:00:00Z"),
        ];
        for (at, expected) in cases {
            assert_eq!(format_expiration(at), expected);
        }
    }

    #[test]
    fn the_test_parser_refuses_broken_documents() {
        for broken in [
            "<a>",
            "<a></b>",
            "<a>x & y</a>",
            "<a>1 < 2</a>",
            "<a b=c/>",
            "<a/><b/>",
            "<a>&foo;</a>",
            "<a>\u{1}</a>",
        ] {
            assert!(parse(broken).is_err(), "{broken:?}");
        }
        assert!(parse("<?xml version=\"1.0\"?><a x=\"1\"><b>t</b><c/></a>").is_ok());
    }

    #[test]
    fn credentials_debug_hides_secrets() {
        let shown = format!("{:?}", sample().credentials);
        assert!(
            !shown.contains("secret/+key") && !shown.contains("token<"),
            "{shown}"
        );
    }
}
