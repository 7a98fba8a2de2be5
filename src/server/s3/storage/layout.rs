//! How keys map to paths, the object file format, and durable file-system steps.
//!
//! # Keys to paths
//!
//! A key is split at every `/` into segments; all but the last name directories, the last
//! names the object file. Each segment becomes one file name with a one-letter type prefix:
//!
//! | name          | what                                                                  |
//! |---------------|-----------------------------------------------------------------------|
//! | `o<escaped>`  | object file whose last key segment is `<escaped>` unescaped           |
//! | `d<escaped>`  | directory for the key prefix `<escaped>/`                             |
//! | `h<sha256>`   | object file whose last segment is too long for a file name            |
//! | `H<sha256>`   | directory whose segment is too long for a file name                   |
//!
//! Escaping turns `%`, the ASCII control characters and DEL into `%XX`; everything else,
//! unicode included, stays as it is. So `.` becomes `o.`, `..` becomes `d..`, an empty
//! segment (leading `/`, `//`, trailing `/`) becomes `o` or `d`: no name is ever `.`, `..`,
//! empty or contains `/`, so no key can leave its bucket's `objects/` directory. The type
//! prefix keeps an object `a` (`oa`) apart from the directory of `a/b` (`da`). A name whose
//! escaped form would exceed [`MAX_NAME_BYTES`] uses the SHA-256 of the segment instead; the
//! real segment is recovered from the key stored in the object file (for `H` directories, in
//! any object file below). Every other name (temporary files of other tools, NFS silly
//! renames) is ignored.
//!
//! The file system is the only source of truth: no index has to be kept consistent with it.
//! Listing with a `/` delimiter reads one directory; a prefix listing starts in the directory
//! of the prefix's complete segments.
//!
//! # Object files
//!
//! An object file is the object's bytes followed by its metadata:
//!
//! ```text
//! [data: size bytes][metadata: JSON, n bytes][n: u32 little-endian][magic: "WKOBJ\x01\r\n"]
//! ```
//!
//! Data and metadata live in one file so that one `rename` replaces both at once: a reader
//! sees either the old object or the new one, never new data with old metadata. The metadata
//! goes last because the ETag and checksums are known only after the data has streamed
//! through; the file is written once, front to back, and never rewritten. Multipart parts use
//! the same format with part metadata.

use std::fs::{self, File};
use std::io::{self, Write};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use s3s::crypto::{Checksum as _, Sha256};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Longest file name we create; most file systems allow 255 bytes.
pub(super) const MAX_NAME_BYTES: usize = 200;

const MAGIC: &[u8; 8] = b"WKOBJ\x01\r\n";
const TRAILER_FIXED: u64 = 4 + MAGIC.len() as u64;
/// Metadata is bounded by the key (1 KiB) and user metadata (2 KiB) limits; this is generous.
const MAX_METADATA_BYTES: u64 = 1 << 20;

/// A directory entry of an `objects/` tree, decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum EntryName {
    Object(String),
    Dir(String),
    HashedObject,
    HashedDir,
    /// Not ours; ignored.
    Foreign,
}

pub(super) fn escape_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for ch in segment.chars() {
        if ch == '%' || ch.is_ascii_control() {
            out.push_str(&format!("%{:02X}", ch as u32));
        } else {
            out.push(ch);
        }
    }
    out
}

pub(super) fn unescape_segment(escaped: &str) -> Option<String> {
    let bytes = escaped.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = escaped.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

pub(super) fn segment_hash(segment: &str) -> String {
    hex::encode(Sha256::checksum(segment.as_bytes()))
}

fn name_for(segment: &str, plain: char, hashed: char) -> String {
    let escaped = escape_segment(segment);
    if escaped.len() + 1 > MAX_NAME_BYTES {
        format!("{hashed}{}", segment_hash(segment))
    } else {
        format!("{plain}{escaped}")
    }
}

pub(super) fn dir_name(segment: &str) -> String {
    name_for(segment, 'd', 'H')
}

pub(super) fn object_name(segment: &str) -> String {
    name_for(segment, 'o', 'h')
}

pub(super) fn decode_name(name: &str) -> EntryName {
    let mut chars = name.chars();
    let kind = chars.next();
    let rest = chars.as_str();
    let is_hash = rest.len() == 64 && rest.bytes().all(|b| b.is_ascii_hexdigit());
    // Fast path for the usual name without escapes: it is canonical when escaping would
    // leave it as it is and it is short enough not to be hashed.
    let plain = || {
        (!rest.contains('%') && !rest.chars().any(|c| c.is_ascii_control()) && name.len() <= MAX_NAME_BYTES)
            .then(|| rest.to_owned())
    };
    match kind {
        Some('o') if !rest.contains('%') => plain().map_or(EntryName::Foreign, EntryName::Object),
        Some('d') if !rest.contains('%') => plain().map_or(EntryName::Foreign, EntryName::Dir),
        // Only the canonical name of a segment is ours; `o%41` is not another name for `oA`.
        Some('o') => match unescape_segment(rest) {
            Some(segment) if object_name(&segment) == name => EntryName::Object(segment),
            _ => EntryName::Foreign,
        },
        Some('d') => match unescape_segment(rest) {
            Some(segment) if dir_name(&segment) == name => EntryName::Dir(segment),
            _ => EntryName::Foreign,
        },
        Some('h') if is_hash => EntryName::HashedObject,
        Some('H') if is_hash => EntryName::HashedDir,
        _ => EntryName::Foreign,
    }
}

/// The directory names and the object file name of `key`.
pub(super) fn key_names(key: &str) -> (Vec<String>, String) {
    let mut segments: Vec<&str> = key.split('/').collect();
    let last = segments.pop().unwrap_or_default();
    (segments.into_iter().map(dir_name).collect(), object_name(last))
}

/// The path of the object file of `key` under `objects`.
pub(super) fn object_path(objects: &Path, key: &str) -> PathBuf {
    let (dirs, file) = key_names(key);
    let mut path = objects.to_path_buf();
    path.extend(dirs);
    path.push(file);
    path
}

/// The directory holding the keys that start with `prefix`'s complete segments (everything
/// up to its last `/`), and that key prefix.
pub(super) fn prefix_dir(objects: &Path, prefix: &str) -> (PathBuf, String) {
    let mut path = objects.to_path_buf();
    match prefix.rfind('/') {
        Some(end) => {
            path.extend(prefix[..end].split('/').map(dir_name));
            (path, prefix[..=end].to_owned())
        }
        None => (path, String::new()),
    }
}

/// Why an object or part file could not be read.
#[derive(Debug)]
pub(super) enum TrailerError {
    Io(io::Error),
    Corrupt(String),
}

impl From<io::Error> for TrailerError {
    fn from(e: io::Error) -> Self {
        TrailerError::Io(e)
    }
}

/// Appends the metadata trailer to a file whose data has been written.
pub(super) fn write_trailer<T: Serialize>(file: &mut impl Write, meta: &T) -> io::Result<()> {
    let json = serde_json::to_vec(meta).map_err(io::Error::other)?;
    let len = u32::try_from(json.len()).map_err(io::Error::other)?;
    file.write_all(&json)?;
    file.write_all(&len.to_le_bytes())?;
    file.write_all(MAGIC)?;
    Ok(())
}

/// Reads the metadata trailer; returns it with the length of the data before it.
pub(super) fn read_trailer<T: DeserializeOwned>(file: &File) -> Result<(T, u64), TrailerError> {
    let file_len = file.metadata()?.len();
    if file_len < TRAILER_FIXED {
        return Err(TrailerError::Corrupt(format!(
            "file of {file_len} bytes has no metadata trailer"
        )));
    }
    // One read usually covers the whole trailer.
    let guess = file_len.min(8 * 1024);
    let mut tail = vec![0u8; usize::try_from(guess).map_err(io::Error::other)?];
    file.read_exact_at(&mut tail, file_len - guess)?;
    let fixed = &tail[tail.len() - TRAILER_FIXED as usize..];
    if &fixed[4..] != MAGIC {
        return Err(TrailerError::Corrupt("metadata trailer magic is missing".into()));
    }
    let meta_len = u64::from(u32::from_le_bytes([fixed[0], fixed[1], fixed[2], fixed[3]]));
    if meta_len > MAX_METADATA_BYTES || meta_len + TRAILER_FIXED > file_len {
        return Err(TrailerError::Corrupt(format!(
            "metadata length {meta_len} does not fit a file of {file_len} bytes"
        )));
    }
    let data_len = file_len - TRAILER_FIXED - meta_len;
    let json = if meta_len + TRAILER_FIXED <= guess {
        let end = tail.len() - TRAILER_FIXED as usize;
        tail[end - meta_len as usize..end].to_vec()
    } else {
        let mut buf = vec![0u8; meta_len as usize];
        file.read_exact_at(&mut buf, data_len)?;
        buf
    };
    let meta = serde_json::from_slice(&json)
        .map_err(|e| TrailerError::Corrupt(format!("metadata is not valid: {e}")))?;
    Ok((meta, data_len))
}

/// Makes a directory's entries durable (new, renamed or removed names).
pub(super) fn fsync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Creates `names` as nested directories below `base` and makes every new entry durable.
///
/// Returns the innermost directory. Fails with `NotFound` when a directory vanishes while
/// we work (a concurrent delete pruned it); the caller retries.
pub(super) fn create_dirs(base: &Path, names: &[String]) -> io::Result<PathBuf> {
    let mut dir = base.to_path_buf();
    let mut created_in: Vec<PathBuf> = Vec::new();
    for name in names {
        let parent = dir.clone();
        dir.push(name);
        match fs::create_dir(&dir) {
            Ok(()) => created_in.push(parent),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    for parent in created_in.iter().rev() {
        fsync_dir(parent)?;
    }
    Ok(dir)
}

/// Makes the removal of a name from `dir` durable, where `dir` lies below `stop`.
///
/// A concurrent delete of a sibling key may prune `dir` (now empty) before we flush it; then
/// the name is gone with its directory, and flushing the nearest ancestor that still exists
/// makes that removal durable instead.
pub(super) fn fsync_dir_after_remove(stop: &Path, dir: &Path) -> io::Result<()> {
    let mut dir = dir.to_path_buf();
    loop {
        match fsync_dir(&dir) {
            Err(e) if e.kind() == io::ErrorKind::NotFound && dir != stop && dir.starts_with(stop) => {
                dir.pop();
            }
            other => return other,
        }
    }
}

/// Removes `dir` and its ancestors below `stop` while they are empty.
pub(super) fn prune_empty_dirs(stop: &Path, dir: &Path) {
    let mut dir = dir.to_path_buf();
    while dir != stop && dir.starts_with(stop) {
        if fs::remove_dir(&dir).is_err() {
            break;
        }
        dir.pop();
    }
}

#[cfg(test)]
mod tests {
    use std::path::Component;

    use super::*;

    #[test]
    fn escaping_round_trips() {
        let cases = [
            "",
            ".",
            "..",
            "a b",
            "100%",
            "%41",
            "tab\there",
            "nl\n",
            "del\x7f",
            "ünïcødé ✓",
            "日本語",
        ];
        for segment in cases {
            let escaped = escape_segment(segment);
            assert!(!escaped.contains('/') && !escaped.contains('\0'), "{segment:?}");
            assert!(!escaped.chars().any(|c| c.is_ascii_control()), "{segment:?}");
            assert_eq!(unescape_segment(&escaped).as_deref(), Some(segment));
            assert_eq!(
                decode_name(&object_name(segment)),
                EntryName::Object(segment.to_owned())
            );
            assert_eq!(
                decode_name(&dir_name(segment)),
                EntryName::Dir(segment.to_owned())
            );
        }
        assert_eq!(unescape_segment("%4"), None);
        assert_eq!(unescape_segment("%zz"), None);
        assert_eq!(decode_name("o%41"), EntryName::Foreign);
        assert_eq!(decode_name(&format!("o{}", "x".repeat(250))), EntryName::Foreign);
        assert_eq!(decode_name(".nfs0001"), EntryName::Foreign);
    }

    #[test]
    fn paths_never_leave_the_objects_dir() {
        let objects = Path::new("/data/objects/b/objects");
        let keys = [
            "../../etc/passwd",
            "/etc/passwd",
            "a/../../..",
            "./.",
            "//",
            "a//b/",
            "..",
            ".",
            "a\0b",
            &"x/".repeat(400),
            &"é".repeat(512),
        ];
        for key in keys {
            let path = object_path(objects, key);
            let rel = path.strip_prefix(objects).expect("under objects");
            for component in rel.components() {
                let Component::Normal(name) = component else {
                    panic!("{key:?} produced a {component:?} component")
                };
                let name = name.to_str().unwrap_or_default();
                assert!(
                    !name.is_empty() && name.len() <= MAX_NAME_BYTES,
                    "{key:?}: {name:?}"
                );
                assert_ne!(decode_name(name), EntryName::Foreign, "{key:?}: {name:?}");
            }
        }
    }

    #[test]
    fn object_and_dir_of_the_same_segment_differ() {
        let objects = Path::new("/o");
        assert_eq!(object_path(objects, "a"), Path::new("/o/oa"));
        assert_eq!(object_path(objects, "a/b"), Path::new("/o/da/ob"));
        assert_eq!(object_path(objects, "a/"), Path::new("/o/da/o"));
        assert_eq!(object_path(objects, "/a"), Path::new("/o/d/oa"));
    }

    #[test]
    fn long_segments_are_hashed() {
        let long = "x".repeat(300);
        assert_eq!(object_name(&long), format!("h{}", segment_hash(&long)));
        assert_eq!(dir_name(&long), format!("H{}", segment_hash(&long)));
        assert_eq!(decode_name(&object_name(&long)), EntryName::HashedObject);
        assert_eq!(decode_name(&dir_name(&long)), EntryName::HashedDir);
        // Escaping can push a short segment over the limit.
        let controls = "\x01".repeat(70);
        assert!(object_name(&controls).starts_with('h'));
    }

    #[test]
    fn prefix_dirs() {
        let objects = Path::new("/o");
        assert_eq!(prefix_dir(objects, ""), (PathBuf::from("/o"), String::new()));
        assert_eq!(prefix_dir(objects, "ab"), (PathBuf::from("/o"), String::new()));
        assert_eq!(
            prefix_dir(objects, "a/b/c"),
            (PathBuf::from("/o/da/db"), "a/b/".to_owned())
        );
        assert_eq!(
            prefix_dir(objects, "a/"),
            (PathBuf::from("/o/da"), "a/".to_owned())
        );
    }

    #[test]
    fn trailer_round_trip_and_corruption() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        for (data_len, meta_len) in [(0usize, 10usize), (100, 20), (10, 9000), (20_000, 3)] {
            let path = dir.path().join(format!("f{data_len}-{meta_len}"));
            let mut file = File::create(&path)?;
            file.write_all(&vec![7u8; data_len])?;
            let meta = "m".repeat(meta_len);
            write_trailer(&mut file, &meta)?;
            drop(file);
            let (read, len): (String, u64) = match read_trailer(&File::open(&path)?) {
                Ok(v) => v,
                Err(e) => panic!("{e:?}"),
            };
            assert_eq!((read, len), (meta, data_len as u64));
        }
        let path = dir.path().join("garbage");
        fs::write(&path, b"just some bytes without a trailer")?;
        assert!(matches!(
            read_trailer::<String>(&File::open(&path)?),
            Err(TrailerError::Corrupt(_))
        ));
        fs::write(&path, b"x")?;
        assert!(matches!(
            read_trailer::<String>(&File::open(&path)?),
            Err(TrailerError::Corrupt(_))
        ));
        Ok(())
    }
}
