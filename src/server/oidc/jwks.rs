//! JSON Web Key Sets: the provider's public signing keys, parsed into verification keys.
//!
//! Only asymmetric signing keys are kept (RSA of at least 2048 bits, EC P-256 and P-384, Ed25519).
//! Encryption keys, symmetric (`oct`) keys, unknown key types and malformed entries are skipped
//! with a debug log: one odd entry must not make the whole provider unusable.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey};
use serde_json::Value;

/// The smallest RSA modulus accepted, in bits (the verifier refuses smaller keys anyway).
pub const MIN_RSA_BITS: usize = 2048;

/// The largest RSA modulus accepted, in bits (aws-lc verifies up to 8192).
pub const MAX_RSA_BITS: usize = 8192;

/// The `kty` of a usable key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyType {
    Rsa,
    Ec,
    Okp,
}

impl KeyType {
    /// The `kty` value as it appears in a JWK.
    pub fn as_str(self) -> &'static str {
        match self {
            KeyType::Rsa => "RSA",
            KeyType::Ec => "EC",
            KeyType::Okp => "OKP",
        }
    }
}

impl fmt::Display for KeyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One public key from the provider's JWKS, ready to verify signatures.
#[derive(Clone)]
pub struct VerificationKey {
    kid: Option<String>,
    kty: KeyType,
    crv: Option<String>,
    alg: Option<String>,
    key_use: Option<String>,
    decoding: DecodingKey,
}

impl fmt::Debug for VerificationKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerificationKey")
            .field("kid", &self.kid)
            .field("kty", &self.kty)
            .field("crv", &self.crv)
            .field("alg", &self.alg)
            .field("use", &self.key_use)
            .finish_non_exhaustive()
    }
}

impl VerificationKey {
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    pub fn kty(&self) -> KeyType {
        self.kty
    }

    /// `crv` for EC and OKP keys (`P-256`, `P-384`, `Ed25519`).
    pub fn crv(&self) -> Option<&str> {
        self.crv.as_deref()
    }

    /// The key's own `alg`, when the provider pinned one.
    pub fn alg(&self) -> Option<&str> {
        self.alg.as_deref()
    }

    /// `use`, when present (always `sig` for kept keys).
    pub fn key_use(&self) -> Option<&str> {
        self.key_use.as_deref()
    }

    pub fn decoding_key(&self) -> &DecodingKey {
        &self.decoding
    }

    /// Whether this key may verify a signature made with `alg`: the key type and curve must fit
    /// the algorithm, and a key that names its own `alg` only verifies that one.
    pub fn supports(&self, alg: Algorithm) -> bool {
        let type_fits = match alg {
            Algorithm::RS256
            | Algorithm::RS384
            | Algorithm::RS512
            | Algorithm::PS256
            | Algorithm::PS384
            | Algorithm::PS512 => self.kty == KeyType::Rsa,
            Algorithm::ES256 => self.kty == KeyType::Ec && self.crv() == Some("P-256"),
            Algorithm::ES384 => self.kty == KeyType::Ec && self.crv() == Some("P-384"),
            Algorithm::EdDSA => self.kty == KeyType::Okp && self.crv() == Some("Ed25519"),
            // HMAC never verifies with a provider key: that is the key-confusion attack.
            _ => false,
        };
        type_fits && self.alg.as_deref().is_none_or(|own| own == algorithm_name(alg))
    }

    /// A short description for messages: `RSA key "abc" (alg RS256)`.
    pub fn describe(&self) -> String {
        let mut out = match &self.crv {
            Some(crv) => format!("{} {crv} key", self.kty),
            None => format!("{} key", self.kty),
        };
        match &self.kid {
            Some(kid) => out.push_str(&format!(" \"{}\"", shorten(kid, 80))),
            None => out.push_str(" without kid"),
        }
        if let Some(alg) = &self.alg {
            out.push_str(&format!(" (alg {alg})"));
        }
        out
    }
}

/// A key that was in the JWKS but cannot verify tokens, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedKey {
    pub kid: Option<String>,
    pub reason: String,
}

/// The usable keys of one JWKS document.
#[derive(Debug, Clone, Default)]
pub struct KeySet {
    keys: Vec<VerificationKey>,
    skipped: Vec<SkippedKey>,
}

/// Why a JWKS document gave no key set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JwksError {
    #[error("the JWKS is not valid JSON ({0})")]
    NotJson(String),
    #[error("the JWKS is not a JSON object with a \"keys\" array")]
    NotAnObject,
    #[error("the JWKS has no \"keys\" array")]
    NoKeys,
    #[error("the JWKS has no usable signing key{}", describe_skipped(.skipped))]
    NoUsableKey { skipped: Vec<SkippedKey> },
}

fn describe_skipped(skipped: &[SkippedKey]) -> String {
    if skipped.is_empty() {
        return " (the \"keys\" array is empty)".to_string();
    }
    let parts: Vec<String> = skipped
        .iter()
        .take(5)
        .map(|s| match &s.kid {
            Some(kid) => format!("\"{}\": {}", shorten(kid, 60), s.reason),
            None => format!("key without kid: {}", s.reason),
        })
        .collect();
    let more = if skipped.len() > 5 {
        format!("; and {} more", skipped.len() - 5)
    } else {
        String::new()
    };
    format!(" (skipped {}{more})", parts.join("; "))
}

impl KeySet {
    /// An empty set, for a cache that has not fetched yet.
    pub fn empty() -> KeySet {
        KeySet::default()
    }

    /// Parses a JWKS document; fails when it has no usable signing key.
    pub fn parse(json: &str) -> Result<KeySet, JwksError> {
        let value: Value = serde_json::from_str(json).map_err(|e| JwksError::NotJson(e.to_string()))?;
        KeySet::from_value(&value)
    }

    /// Parses an already decoded JWKS document; fails when it has no usable signing key.
    pub fn from_value(value: &Value) -> Result<KeySet, JwksError> {
        let object = value.as_object().ok_or(JwksError::NotAnObject)?;
        let entries = object
            .get("keys")
            .and_then(Value::as_array)
            .ok_or(JwksError::NoKeys)?;
        let mut set = KeySet::default();
        for entry in entries {
            match parse_key(entry) {
                Ok(key) => set.keys.push(key),
                Err(reason) => {
                    let kid = entry.get("kid").and_then(Value::as_str).map(str::to_string);
                    tracing::debug!(kid = kid.as_deref().unwrap_or(""), %reason, "skipping JWKS entry");
                    set.skipped.push(SkippedKey { kid, reason });
                }
            }
        }
        if set.keys.is_empty() {
            return Err(JwksError::NoUsableKey { skipped: set.skipped });
        }
        Ok(set)
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    pub fn keys(&self) -> &[VerificationKey] {
        &self.keys
    }

    /// Entries of the document that were not usable.
    pub fn skipped(&self) -> &[SkippedKey] {
        &self.skipped
    }

    /// The key ids of the usable keys (keys without `kid` are not listed), in document order.
    pub fn key_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = Vec::new();
        for kid in self.keys.iter().filter_map(VerificationKey::kid) {
            if !ids.iter().any(|known| known == kid) {
                ids.push(kid.to_string());
            }
        }
        ids
    }

    /// The usable keys with this `kid` (normally one).
    pub fn with_kid<'a, 'b>(
        &'a self,
        kid: &'b str,
    ) -> impl Iterator<Item = &'a VerificationKey> + use<'a, 'b> {
        self.keys.iter().filter(move |k| k.kid() == Some(kid))
    }
}

/// The JOSE name of an algorithm (`RS256`, `EdDSA`, ...).
pub fn algorithm_name(alg: Algorithm) -> &'static str {
    match alg {
        Algorithm::HS256 => "HS256",
        Algorithm::HS384 => "HS384",
        Algorithm::HS512 => "HS512",
        Algorithm::ES256 => "ES256",
        Algorithm::ES384 => "ES384",
        Algorithm::RS256 => "RS256",
        Algorithm::RS384 => "RS384",
        Algorithm::RS512 => "RS512",
        Algorithm::PS256 => "PS256",
        Algorithm::PS384 => "PS384",
        Algorithm::PS512 => "PS512",
        Algorithm::EdDSA => "EdDSA",
        // `Algorithm` is non-exhaustive; a future variant is simply not one we accept.
        _ => "unknown",
    }
}

/// The signature algorithms a token may use: asymmetric only.
pub const ACCEPTED_ALGORITHMS: &[Algorithm] = &[
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
    Algorithm::ES256,
    Algorithm::ES384,
    Algorithm::EdDSA,
];

/// Maps an accepted algorithm name to the algorithm; `None` for anything else (`none`, `HS256`, ...).
pub fn accepted_algorithm(name: &str) -> Option<Algorithm> {
    ACCEPTED_ALGORITHMS
        .iter()
        .copied()
        .find(|alg| algorithm_name(*alg) == name)
}

fn parse_key(entry: &Value) -> Result<VerificationKey, String> {
    let object = entry.as_object().ok_or("the entry is not a JSON object")?;
    let kid = match object.get("kid") {
        None | Some(Value::Null) => None,
        Some(Value::String(kid)) => Some(kid.clone()),
        Some(_) => return Err("\"kid\" is not a string".into()),
    };
    let key_use = match object.get("use") {
        None | Some(Value::Null) => None,
        Some(Value::String(u)) if u == "sig" => Some(u.clone()),
        Some(Value::String(u)) if u == "enc" => return Err("an encryption key (\"use\": \"enc\")".into()),
        Some(Value::String(u)) => return Err(format!("\"use\" is \"{}\", not \"sig\"", shorten(u, 40))),
        Some(_) => return Err("\"use\" is not a string".into()),
    };
    if let Some(ops) = object.get("key_ops") {
        let ops = ops.as_array().ok_or("\"key_ops\" is not an array")?;
        if !ops.iter().any(|op| op.as_str() == Some("verify")) {
            return Err("\"key_ops\" does not include \"verify\"".into());
        }
    }
    let alg = match object.get("alg") {
        None | Some(Value::Null) => None,
        Some(Value::String(alg)) => {
            if accepted_algorithm(alg).is_none() {
                return Err(format!(
                    "\"alg\" is \"{}\", not an accepted signature algorithm",
                    shorten(alg, 40)
                ));
            }
            Some(alg.clone())
        }
        Some(_) => return Err("\"alg\" is not a string".into()),
    };
    let kty = object
        .get("kty")
        .and_then(Value::as_str)
        .ok_or("\"kty\" is missing or not a string")?;
    let (kty, crv, decoding) = match kty {
        "RSA" => {
            let n = b64_member(object, "n")?;
            let e = b64_member(object, "e")?;
            let bits = modulus_bits(&n);
            if bits < MIN_RSA_BITS {
                return Err(format!(
                    "RSA modulus of {bits} bits is below the {MIN_RSA_BITS}-bit minimum"
                ));
            }
            if bits > MAX_RSA_BITS {
                return Err(format!(
                    "RSA modulus of {bits} bits is above the {MAX_RSA_BITS}-bit maximum"
                ));
            }
            if e.iter().all(|b| *b == 0) {
                return Err("RSA exponent is zero".into());
            }
            (KeyType::Rsa, None, DecodingKey::from_rsa_raw_components(&n, &e))
        }
        "EC" => {
            let crv = object
                .get("crv")
                .and_then(Value::as_str)
                .ok_or("\"crv\" is missing or not a string")?;
            let size = match crv {
                "P-256" => 32,
                "P-384" => 48,
                other => return Err(format!("unsupported EC curve \"{}\"", shorten(other, 40))),
            };
            let x = b64_member(object, "x")?;
            let y = b64_member(object, "y")?;
            if x.len() != size || y.len() != size {
                return Err(format!("EC coordinates for {crv} must be {size} bytes each"));
            }
            let mut point = Vec::with_capacity(1 + 2 * size);
            point.push(0x04);
            point.extend_from_slice(&x);
            point.extend_from_slice(&y);
            (
                KeyType::Ec,
                Some(crv.to_string()),
                DecodingKey::from_ec_der(&point),
            )
        }
        "OKP" => {
            let crv = object
                .get("crv")
                .and_then(Value::as_str)
                .ok_or("\"crv\" is missing or not a string")?;
            if crv != "Ed25519" {
                return Err(format!("unsupported OKP curve \"{}\"", shorten(crv, 40)));
            }
            let x = b64_member(object, "x")?;
            if x.len() != 32 {
                return Err("Ed25519 public key must be 32 bytes".into());
            }
            (KeyType::Okp, Some(crv.to_string()), DecodingKey::from_ed_der(&x))
        }
        "oct" => return Err("a symmetric (\"oct\") key; only public keys verify tokens".into()),
        other => return Err(format!("unknown key type \"{}\"", shorten(other, 40))),
    };
    let key = VerificationKey {
        kid,
        kty,
        crv,
        alg,
        key_use,
        decoding,
    };
    if let Some(alg) = key.alg.as_deref().and_then(accepted_algorithm)
        && !key.supports(alg)
    {
        return Err(format!(
            "\"alg\" {} does not fit a {}",
            algorithm_name(alg),
            key.describe()
        ));
    }
    Ok(key)
}

fn b64_member(object: &serde_json::Map<String, Value>, name: &str) -> Result<Vec<u8>, String> {
    let text = object
        .get(name)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("\"{name}\" is missing or not a string"))?;
    // base64url without padding per RFC 7517; some providers pad anyway.
    let bytes = URL_SAFE_NO_PAD
        .decode(text.trim_end_matches('='))
        .map_err(|_| format!("\"{name}\" is not base64url"))?;
    if bytes.is_empty() {
        return Err(format!("\"{name}\" is empty"));
    }
    Ok(bytes)
}

fn modulus_bits(n: &[u8]) -> usize {
    let Some(first) = n.iter().position(|b| *b != 0) else {
        return 0;
    };
    let significant = &n[first..];
    significant.len() * 8 - significant[0].leading_zeros() as usize
}

/// Cuts `s` to at most `max` characters for messages, marking the cut.
pub(crate) fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn rsa_jwk(bits: usize) -> Value {
        let mut n = vec![0u8; bits / 8];
        n[0] = 0xc5;
        n[bits / 8 - 1] = 0x01;
        json!({"kty": "RSA", "n": URL_SAFE_NO_PAD.encode(&n), "e": "AQAB", "kid": "r"})
    }

    fn ec_jwk(crv: &str, size: usize) -> Value {
        let c = URL_SAFE_NO_PAD.encode(vec![7u8; size]);
        json!({"kty": "EC", "crv": crv, "x": c, "y": c, "kid": "e"})
    }

    #[test]
    fn usable_keys_are_kept() {
        let doc = json!({"keys": [
            rsa_jwk(2048),
            ec_jwk("P-256", 32),
            ec_jwk("P-384", 48),
            {"kty": "OKP", "crv": "Ed25519", "x": URL_SAFE_NO_PAD.encode([1u8; 32])},
        ]});
        let set = KeySet::from_value(&doc).expect("usable");
        assert_eq!(set.len(), 4);
        assert!(set.skipped().is_empty());
        assert_eq!(set.key_ids(), vec!["r".to_string(), "e".to_string()]);
        assert!(set.keys()[3].kid().is_none());
        assert!(set.keys()[0].supports(Algorithm::PS512));
        assert!(set.keys()[1].supports(Algorithm::ES256));
        assert!(!set.keys()[1].supports(Algorithm::ES384));
        assert!(set.keys()[2].supports(Algorithm::ES384));
        assert!(set.keys()[3].supports(Algorithm::EdDSA));
        assert!(!set.keys()[0].supports(Algorithm::HS256));
    }

    #[test]
    fn unusable_entries_are_skipped_with_a_reason() {
        let mut with_alg = rsa_jwk(2048);
        with_alg["alg"] = json!("RS256");
        let cases: Vec<(Value, &str)> = vec![
            (
                json!({"kty": "RSA", "use": "enc", "n": "AQAB", "e": "AQAB"}),
                "encryption key",
            ),
            (json!({"kty": "oct", "k": "c2VjcmV0"}), "symmetric"),
            (json!({"kty": "XYZ"}), "unknown key type"),
            (json!({"kty": "RSA", "n": "AQAB"}), "\"e\" is missing"),
            (json!({"kty": "RSA", "n": "!!!", "e": "AQAB"}), "not base64url"),
            (rsa_jwk(1024), "below the 2048-bit minimum"),
            (ec_jwk("P-521", 66), "unsupported EC curve"),
            (ec_jwk("P-256", 31), "must be 32 bytes"),
            (
                json!({"kty": "OKP", "crv": "Ed448", "x": "AAAA"}),
                "unsupported OKP curve",
            ),
            (
                json!({"kty": "OKP", "crv": "Ed25519", "x": "AAAA"}),
                "must be 32 bytes",
            ),
            (
                json!({"kty": "RSA", "alg": "RSA-OAEP", "n": "AQAB", "e": "AQAB"}),
                "not an accepted",
            ),
            (
                json!({"kty": "RSA", "alg": "HS256", "n": "AQAB", "e": "AQAB"}),
                "not an accepted",
            ),
            (json!({"kid": 5, "kty": "RSA"}), "\"kid\" is not a string"),
            (json!({"kty": "RSA", "key_ops": ["encrypt"]}), "key_ops"),
            (json!("a string"), "not a JSON object"),
            (
                json!({"kty": "EC", "alg": "ES384", "crv": "P-256", "x": URL_SAFE_NO_PAD.encode([1u8; 32]), "y": URL_SAFE_NO_PAD.encode([1u8; 32])}),
                "does not fit",
            ),
        ];
        for (entry, expected) in cases {
            let doc = json!({"keys": [entry.clone(), with_alg.clone()]});
            let set = KeySet::from_value(&doc).expect("the good key keeps the set usable");
            assert_eq!(set.len(), 1, "{entry}");
            assert_eq!(set.skipped().len(), 1, "{entry}");
            let reason = &set.skipped()[0].reason;
            assert!(reason.contains(expected), "{entry}: {reason}");
        }
    }

    #[test]
    fn documents_without_usable_keys_are_refused() {
        let cases: Vec<(&str, &str)> = vec![
            ("not json", "not valid JSON"),
            ("[1, 2]", "not a JSON object"),
            ("{}", "no \"keys\" array"),
            ("{\"keys\": {}}", "no \"keys\" array"),
            ("{\"keys\": []}", "array is empty"),
            (
                "{\"keys\": [{\"kty\": \"oct\", \"k\": \"AA\", \"kid\": \"h\"}]}",
                "\"h\": a symmetric",
            ),
        ];
        for (doc, expected) in cases {
            let err = KeySet::parse(doc).expect_err(doc);
            assert!(err.to_string().contains(expected), "{doc}: {err}");
        }
    }

    #[test]
    fn padded_base64_is_tolerated() {
        let doc = json!({"keys": [{"kty": "OKP", "crv": "Ed25519", "x": format!("{}=", URL_SAFE_NO_PAD.encode([1u8; 32]))}]});
        assert_eq!(KeySet::from_value(&doc).expect("padded").len(), 1);
    }

    #[test]
    fn accepted_algorithms_exclude_none_and_hmac() {
        for name in ["none", "None", "HS256", "HS384", "HS512", "rs256", "", "RSA-OAEP"] {
            assert!(accepted_algorithm(name).is_none(), "{name}");
        }
        for name in [
            "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "EdDSA",
        ] {
            assert_eq!(accepted_algorithm(name).map(algorithm_name), Some(name));
        }
    }
}
