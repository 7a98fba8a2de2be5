//! Object checksums: Content-MD5 (the ETag) and the `x-amz-checksum-*` algorithms.
//!
//! All digests are computed with `s3s::crypto`, the same code s3s uses, so the values agree
//! with what AWS SDKs compute. Stored and transmitted values are base64 of the big-endian
//! digest bytes, as in the `x-amz-checksum-*` headers.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use s3s::crypto::{Checksum as _, Crc32, Crc32c, Crc64Nvme, Sha1, Sha256};
use serde::{Deserialize, Serialize};

/// The additional checksum algorithms of S3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum ChecksumAlgorithm {
    Crc32,
    Crc32c,
    Crc64Nvme,
    Sha1,
    Sha256,
}

impl ChecksumAlgorithm {
    pub const ALL: [ChecksumAlgorithm; 5] = [
        ChecksumAlgorithm::Crc32,
        ChecksumAlgorithm::Crc32c,
        ChecksumAlgorithm::Crc64Nvme,
        ChecksumAlgorithm::Sha1,
        ChecksumAlgorithm::Sha256,
    ];

    /// The name used in `x-amz-checksum-algorithm` and in XML (`CRC32`, `SHA256`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            ChecksumAlgorithm::Crc32 => "CRC32",
            ChecksumAlgorithm::Crc32c => "CRC32C",
            ChecksumAlgorithm::Crc64Nvme => "CRC64NVME",
            ChecksumAlgorithm::Sha1 => "SHA1",
            ChecksumAlgorithm::Sha256 => "SHA256",
        }
    }

    /// Parses an algorithm name, ignoring ASCII case.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|a| a.as_str().eq_ignore_ascii_case(name))
    }

    /// The header that carries a value of this algorithm, e.g. `x-amz-checksum-crc32c`.
    pub fn header_name(self) -> &'static str {
        match self {
            ChecksumAlgorithm::Crc32 => "x-amz-checksum-crc32",
            ChecksumAlgorithm::Crc32c => "x-amz-checksum-crc32c",
            ChecksumAlgorithm::Crc64Nvme => "x-amz-checksum-crc64nvme",
            ChecksumAlgorithm::Sha1 => "x-amz-checksum-sha1",
            ChecksumAlgorithm::Sha256 => "x-amz-checksum-sha256",
        }
    }

    /// CRCs can be combined into a checksum of the whole object (`FULL_OBJECT`); hashes only
    /// into a checksum of the part checksums (`COMPOSITE`).
    pub fn is_crc(self) -> bool {
        matches!(
            self,
            ChecksumAlgorithm::Crc32 | ChecksumAlgorithm::Crc32c | ChecksumAlgorithm::Crc64Nvme
        )
    }

    fn digest_len(self) -> usize {
        match self {
            ChecksumAlgorithm::Crc32 | ChecksumAlgorithm::Crc32c => 4,
            ChecksumAlgorithm::Crc64Nvme => 8,
            ChecksumAlgorithm::Sha1 => 20,
            ChecksumAlgorithm::Sha256 => 32,
        }
    }

    fn crc_fast(self) -> Option<crc_fast::CrcAlgorithm> {
        match self {
            ChecksumAlgorithm::Crc32 => Some(crc_fast::CrcAlgorithm::Crc32IsoHdlc),
            ChecksumAlgorithm::Crc32c => Some(crc_fast::CrcAlgorithm::Crc32Iscsi),
            ChecksumAlgorithm::Crc64Nvme => Some(crc_fast::CrcAlgorithm::Crc64Nvme),
            ChecksumAlgorithm::Sha1 | ChecksumAlgorithm::Sha256 => None,
        }
    }
}

impl fmt::Display for ChecksumAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How the checksum of a multipart object relates to its data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ChecksumType {
    /// A checksum of the object's bytes.
    FullObject,
    /// A checksum of the parts' checksums, written `<base64>-<number of parts>`.
    Composite,
}

impl ChecksumType {
    pub fn as_str(self) -> &'static str {
        match self {
            ChecksumType::FullObject => "FULL_OBJECT",
            ChecksumType::Composite => "COMPOSITE",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        [ChecksumType::FullObject, ChecksumType::Composite]
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(name))
    }
}

/// Checksum values (base64), one optional value per algorithm.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checksums {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crc32: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crc32c: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crc64nvme: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha1: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
}

impl Checksums {
    pub fn get(&self, algorithm: ChecksumAlgorithm) -> Option<&str> {
        match algorithm {
            ChecksumAlgorithm::Crc32 => self.crc32.as_deref(),
            ChecksumAlgorithm::Crc32c => self.crc32c.as_deref(),
            ChecksumAlgorithm::Crc64Nvme => self.crc64nvme.as_deref(),
            ChecksumAlgorithm::Sha1 => self.sha1.as_deref(),
            ChecksumAlgorithm::Sha256 => self.sha256.as_deref(),
        }
    }

    pub fn set(&mut self, algorithm: ChecksumAlgorithm, value: Option<String>) {
        let slot = match algorithm {
            ChecksumAlgorithm::Crc32 => &mut self.crc32,
            ChecksumAlgorithm::Crc32c => &mut self.crc32c,
            ChecksumAlgorithm::Crc64Nvme => &mut self.crc64nvme,
            ChecksumAlgorithm::Sha1 => &mut self.sha1,
            ChecksumAlgorithm::Sha256 => &mut self.sha256,
        };
        *slot = value;
    }

    /// The algorithms that have a value, in [`ChecksumAlgorithm::ALL`] order.
    pub fn algorithms(&self) -> Vec<ChecksumAlgorithm> {
        ChecksumAlgorithm::ALL
            .into_iter()
            .filter(|a| self.get(*a).is_some())
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.algorithms().is_empty()
    }
}

/// MD5 from AWS-LC, which the server links anyway (TLS, JWT signatures).
///
/// Every object's ETag is its MD5, and MD5 cannot be split across threads, so on a large PUT
/// it is the step that bounds the throughput. AWS-LC's assembly runs about a quarter faster
/// than the pure-Rust `md-5` here (608 against 492 MiB/s, one core).
pub(crate) struct Md5(aws_lc_sys::MD5_CTX);

impl Md5 {
    pub fn new() -> Self {
        let mut ctx = std::mem::MaybeUninit::<aws_lc_sys::MD5_CTX>::zeroed();
        // SAFETY: MD5_Init only writes the plain-data context it is given; MD5_CTX is valid
        // when zeroed, and initialized after the call.
        unsafe {
            aws_lc_sys::MD5_Init(ctx.as_mut_ptr());
            Md5(ctx.assume_init())
        }
    }

    pub fn update(&mut self, data: &[u8]) {
        // SAFETY: the context was initialized by MD5_Init; `data` is valid for its length.
        unsafe {
            aws_lc_sys::MD5_Update(&mut self.0, data.as_ptr().cast(), data.len());
        }
    }

    pub fn finalize(mut self) -> [u8; 16] {
        let mut out = [0u8; 16];
        // SAFETY: MD5_Final writes exactly 16 bytes (MD5_DIGEST_LENGTH) to `out`.
        unsafe {
            aws_lc_sys::MD5_Final(out.as_mut_ptr(), &mut self.0);
        }
        out
    }

    #[cfg(test)]
    pub fn checksum(data: &[u8]) -> [u8; 16] {
        let mut h = Md5::new();
        h.update(data);
        h.finalize()
    }
}

/// Computes the MD5 and the requested checksums of a byte stream in one pass.
pub(crate) struct Digester {
    md5: Option<Md5>,
    crc32: Option<Crc32>,
    crc32c: Option<Crc32c>,
    crc64nvme: Option<Crc64Nvme>,
    sha1: Option<Sha1>,
    sha256: Option<Sha256>,
}

/// The result of a [`Digester`].
#[derive(Debug, Clone)]
pub(crate) struct Digests {
    pub md5: Option<[u8; 16]>,
    pub checksums: Checksums,
}

impl Digester {
    pub fn new(md5: bool, algorithms: &[ChecksumAlgorithm]) -> Self {
        let has = |a| algorithms.contains(&a);
        Digester {
            md5: md5.then(Md5::new),
            crc32: has(ChecksumAlgorithm::Crc32).then(Crc32::new),
            crc32c: has(ChecksumAlgorithm::Crc32c).then(Crc32c::new),
            crc64nvme: has(ChecksumAlgorithm::Crc64Nvme).then(Crc64Nvme::new),
            sha1: has(ChecksumAlgorithm::Sha1).then(Sha1::new),
            sha256: has(ChecksumAlgorithm::Sha256).then(Sha256::new),
        }
    }

    pub fn update(&mut self, data: &[u8]) {
        if let Some(h) = &mut self.md5 {
            h.update(data);
        }
        if let Some(h) = &mut self.crc32 {
            h.update(data);
        }
        if let Some(h) = &mut self.crc32c {
            h.update(data);
        }
        if let Some(h) = &mut self.crc64nvme {
            h.update(data);
        }
        if let Some(h) = &mut self.sha1 {
            h.update(data);
        }
        if let Some(h) = &mut self.sha256 {
            h.update(data);
        }
    }

    pub fn finish(self) -> Digests {
        let b64 = |bytes: &[u8]| BASE64.encode(bytes);
        Digests {
            md5: self.md5.map(|h| h.finalize()),
            checksums: Checksums {
                crc32: self.crc32.map(|h| b64(&h.finalize())),
                crc32c: self.crc32c.map(|h| b64(&h.finalize())),
                crc64nvme: self.crc64nvme.map(|h| b64(&h.finalize())),
                sha1: self.sha1.map(|h| b64(&h.finalize())),
                sha256: self.sha256.map(|h| b64(&h.finalize())),
            },
        }
    }
}

/// Decodes a base64 checksum value of `algorithm`, checking its length.
pub(crate) fn decode_checksum(algorithm: ChecksumAlgorithm, value: &str) -> Option<Vec<u8>> {
    let bytes = BASE64.decode(value.trim()).ok()?;
    (bytes.len() == algorithm.digest_len()).then_some(bytes)
}

/// Decodes a Content-MD5 header value (base64 of the 16 digest bytes).
pub(crate) fn decode_content_md5(value: &str) -> Option<[u8; 16]> {
    BASE64.decode(value.trim()).ok()?.try_into().ok()
}

/// Two checksum values are equal when they decode to the same bytes (base64 text may differ
/// in padding or whitespace).
pub(crate) fn checksum_eq(algorithm: ChecksumAlgorithm, a: &str, b: &str) -> bool {
    match (decode_checksum(algorithm, a), decode_checksum(algorithm, b)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// Combines the CRCs of consecutive parts into the CRC of their concatenation.
///
/// `parts` holds each part's base64 CRC and length. Returns `None` when a value is missing or
/// malformed, or when `algorithm` is not a CRC.
pub(crate) fn combine_crcs(algorithm: ChecksumAlgorithm, parts: &[(Option<&str>, u64)]) -> Option<String> {
    let crc = algorithm.crc_fast()?;
    let mut combined: Option<u64> = None;
    for (value, len) in parts {
        let bytes = decode_checksum(algorithm, (*value)?)?;
        let value = bytes.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
        combined = Some(match combined {
            None => value,
            Some(acc) => crc_fast::checksum_combine(crc, acc, value, *len),
        });
    }
    let combined = combined?;
    let bytes = combined.to_be_bytes();
    Some(BASE64.encode(&bytes[8 - algorithm.digest_len()..]))
}

/// The composite checksum of a multipart object: the checksum of the concatenated raw part
/// checksums, followed by `-<number of parts>`.
pub(crate) fn composite_checksum(algorithm: ChecksumAlgorithm, parts: &[Option<&str>]) -> Option<String> {
    let mut digester = Digester::new(false, &[algorithm]);
    for value in parts {
        digester.update(&decode_checksum(algorithm, (*value)?)?);
    }
    let value = digester.finish().checksums.get(algorithm)?.to_owned();
    Some(format!("{value}-{}", parts.len()))
}

/// The ETag of a multipart object: the MD5 of the concatenated binary part MD5s, followed by
/// `-<number of parts>`.
pub(crate) fn multipart_etag(part_etags: &[&str]) -> Option<String> {
    let mut md5 = Md5::new();
    for etag in part_etags {
        md5.update(&hex::decode(etag).ok()?);
    }
    Some(format!("{}-{}", hex::encode(md5.finalize()), part_etags.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checksum_of(algorithm: ChecksumAlgorithm, data: &[u8]) -> String {
        let mut d = Digester::new(false, &[algorithm]);
        d.update(data);
        d.finish()
            .checksums
            .get(algorithm)
            .map(str::to_owned)
            .unwrap_or_default()
    }

    #[test]
    fn known_values() {
        // CRC check values of "123456789" from the CRC catalogue.
        let cases = [
            (ChecksumAlgorithm::Crc32, 0xcbf4_3926_u64),
            (ChecksumAlgorithm::Crc32c, 0xe306_9283),
            (ChecksumAlgorithm::Crc64Nvme, 0xae8b_1486_0a79_9888),
        ];
        for (algorithm, check) in cases {
            let bytes = check.to_be_bytes();
            let expected = BASE64.encode(&bytes[8 - algorithm.digest_len()..]);
            assert_eq!(checksum_of(algorithm, b"123456789"), expected, "{algorithm}");
        }
        assert_eq!(
            checksum_of(ChecksumAlgorithm::Sha256, b""),
            "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        );
        let mut d = Digester::new(true, &[]);
        d.update(b"");
        assert_eq!(
            hex::encode(d.finish().md5.unwrap_or_default()),
            "d41d8cd98f00b204e9800998ecf8427e"
        );
    }

    #[test]
    fn md5_matches_the_reference_vectors_and_another_implementation() {
        // RFC 1321, appendix A.5.
        for (input, hex_digest) in [
            ("", "d41d8cd98f00b204e9800998ecf8427e"),
            ("a", "0cc175b9c0f1b6a831c399e269772661"),
            ("abc", "900150983cd24fb0d6963f7d28e17f72"),
            ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
            (
                "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
                "57edf4a22be3c955ac49da2e2107b67a",
            ),
        ] {
            assert_eq!(
                hex::encode(Md5::checksum(input.as_bytes())),
                hex_digest,
                "{input:?}"
            );
        }
        // Fed in uneven pieces, as bodies arrive.
        let data: Vec<u8> = (0..300_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        let mut ours = Md5::new();
        for piece in data.chunks(4_093) {
            ours.update(piece);
        }
        assert_eq!(ours.finalize(), s3s::crypto::Md5::checksum(&data));
    }

    #[test]
    fn combined_crc_equals_crc_of_concatenation() {
        let data: Vec<u8> = (0..10_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let (a, b) = data.split_at(3_333);
        for algorithm in [
            ChecksumAlgorithm::Crc32,
            ChecksumAlgorithm::Crc32c,
            ChecksumAlgorithm::Crc64Nvme,
        ] {
            let ca = checksum_of(algorithm, a);
            let cb = checksum_of(algorithm, b);
            let combined = combine_crcs(
                algorithm,
                &[(Some(&ca), a.len() as u64), (Some(&cb), b.len() as u64)],
            );
            assert_eq!(
                combined.as_deref(),
                Some(checksum_of(algorithm, &data).as_str()),
                "{algorithm}"
            );
        }
        assert_eq!(combine_crcs(ChecksumAlgorithm::Sha1, &[]), None);
        assert_eq!(combine_crcs(ChecksumAlgorithm::Crc32, &[(None, 1)]), None);
    }

    #[test]
    fn multipart_etag_matches_aws_formula() {
        let md5_a = hex::encode(Md5::checksum(b"a"));
        let md5_b = hex::encode(Md5::checksum(b"b"));
        let mut concat = Vec::new();
        concat.extend_from_slice(&Md5::checksum(b"a"));
        concat.extend_from_slice(&Md5::checksum(b"b"));
        let expected = format!("{}-2", hex::encode(Md5::checksum(&concat)));
        assert_eq!(multipart_etag(&[&md5_a, &md5_b]), Some(expected));
        assert_eq!(multipart_etag(&["not-hex"]), None);
    }

    #[test]
    fn names_parse_case_insensitively() {
        for a in ChecksumAlgorithm::ALL {
            assert_eq!(ChecksumAlgorithm::parse(&a.as_str().to_lowercase()), Some(a));
        }
        assert_eq!(ChecksumAlgorithm::parse("md5"), None);
        assert_eq!(ChecksumType::parse("full_object"), Some(ChecksumType::FullObject));
    }

    #[test]
    fn checksum_comparison_decodes_base64() {
        let v = checksum_of(ChecksumAlgorithm::Crc32, b"x");
        assert!(checksum_eq(ChecksumAlgorithm::Crc32, &v, &format!(" {v}")));
        assert!(!checksum_eq(ChecksumAlgorithm::Crc32, &v, "AAAAAA=="));
        assert!(!checksum_eq(ChecksumAlgorithm::Crc32, &v, "not base64"));
    }
}
