//! A JSON tree that keeps object keys in order and refuses duplicate keys.
//!
//! `serde_json::Value` silently keeps the last of two equal keys; for a policy that would
//! let `{"Effect": "Deny", "Effect": "Allow"}` read as an Allow, so policies are read
//! through this type instead.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, MapAccess, SeqAccess, Visitor};

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Json {
    Null,
    Bool(bool),
    /// The number as JSON text (`10`, `-3`, `2.5`).
    Number(String),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    /// The kind of value, with its article, for error messages.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number(_) => "a number",
            Json::String(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }
}

/// Parses a complete JSON document (trailing characters are an error).
pub(crate) fn parse(doc: &str) -> Result<Json, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(doc);
    let value = Json::deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }

    fn visit_none<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Json, E> {
        Ok(Json::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Json, E> {
        Ok(Json::Number(v.to_string()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Json, E> {
        Ok(Json::Number(v.to_string()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Json, E> {
        match serde_json::Number::from_f64(v) {
            Some(n) => Ok(Json::Number(n.to_string())),
            None => Err(E::custom("the number is out of range")),
        }
    }

    fn visit_str<E>(self, v: &str) -> Result<Json, E> {
        Ok(Json::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Json, E> {
        Ok(Json::String(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Json>()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut entries: Vec<(String, Json)> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if entries.iter().any(|(k, _)| *k == key) {
                return Err(de::Error::custom(format_args!(
                    "the key {key:?} appears twice in the same object; keep only one"
                )));
            }
            let value = map.next_value::<Json>()?;
            entries.push((key, value));
        }
        Ok(Json::Object(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_and_types() {
        let v = parse(r#"{"b": [1, -2, 2.5, true, null, "x"], "a": {}}"#).unwrap();
        assert_eq!(
            v,
            Json::Object(vec![
                (
                    "b".into(),
                    Json::Array(vec![
                        Json::Number("1".into()),
                        Json::Number("-2".into()),
                        Json::Number("2.5".into()),
                        Json::Bool(true),
                        Json::Null,
                        Json::String("x".into()),
                    ])
                ),
                ("a".into(), Json::Object(vec![])),
            ])
        );
    }

    #[test]
    fn errors_have_positions() {
        for (doc, line, column) in [
            ("{\n  \"a\": 1,\n  \"a\": 2\n}", 3, 5),
            ("{\"a\": }", 1, 7),
            ("{} x", 1, 4),
            ("", 1, 0),
        ] {
            let err = parse(doc).unwrap_err();
            assert_eq!((err.line(), err.column()), (line, column), "{doc:?}: {err}");
        }
        let err = parse("{\"a\": 1, \"a\": 2}").unwrap_err();
        assert!(err.to_string().contains("\"a\" appears twice"), "{err}");
    }
}
