//! Listing objects in key order, with prefix, delimiter and pagination.
//!
//! The walk visits directories depth-first, each directory's entries sorted by the key (or
//! key prefix) they stand for, which yields keys in UTF-8 byte order. It starts in the
//! directory of the prefix's complete segments, skips whole directories before the resume
//! point or outside the prefix, and never descends into a directory that rolls up into one
//! common prefix: it only checks that the directory holds an object. Metadata is read only for
//! the objects returned, so a page costs about one directory read per level plus one small
//! read per returned object, however many objects the bucket holds.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::fs;
use std::path::{Path, PathBuf};

use super::layout::{self, EntryName};
use super::{ObjectMeta, Result, StorageError, read_dir_or_empty, read_object_meta};

/// What to list.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    /// Only keys that start with this.
    pub prefix: String,
    /// Roll keys up to common prefixes at the first occurrence of this after the prefix.
    pub delimiter: Option<String>,
    /// Resume after this key or common prefix (exclusive): a V1 marker, a V2 start-after or
    /// the key a continuation token stands for. Keys that roll up into a common prefix at or
    /// before it are skipped as well.
    pub after: Option<String>,
    /// At most this many keys and common prefixes together.
    pub max_keys: usize,
}

/// One page of a listing.
#[derive(Debug, Clone, Default)]
pub struct ListPage {
    pub objects: Vec<ObjectMeta>,
    pub common_prefixes: Vec<String>,
    /// There is more after this page.
    pub is_truncated: bool,
    /// The last key or common prefix of this page; pass it as [`ListQuery::after`] to resume.
    pub next_after: Option<String>,
}

enum Item {
    Object { path: PathBuf },
    Prefix(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Object,
    Dir,
}

/// A directory entry that can hold wanted keys.
struct Entry {
    /// The key relative to the directory's key prefix: the last segment of an object, or a
    /// directory's segment followed by `/`. Entries sort by it.
    rel: String,
    kind: Kind,
    dirent: fs::DirEntry,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Entry {}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        self.rel.cmp(&other.rel).then(self.kind.cmp(&other.kind))
    }
}

struct Walk<'a> {
    query: &'a ListQuery,
    delimiter: Option<&'a str>,
    items: Vec<(String, Item)>,
    last_prefix: Option<String>,
    truncated: bool,
}

pub(super) fn list(objects: &Path, query: &ListQuery) -> Result<ListPage> {
    if query.max_keys == 0 {
        return Ok(ListPage::default());
    }
    let mut walk = Walk {
        query,
        delimiter: query.delimiter.as_deref().filter(|d| !d.is_empty()),
        items: Vec::new(),
        last_prefix: None,
        truncated: false,
    };
    let (start_dir, start_prefix) = layout::prefix_dir(objects, &query.prefix);
    walk.visit(&start_dir, &start_prefix)?;

    let mut page = ListPage {
        is_truncated: walk.truncated,
        ..ListPage::default()
    };
    if walk.truncated {
        page.next_after = walk.items.last().map(|(key, _)| key.clone());
    }
    for (key, item) in walk.items {
        match item {
            Item::Prefix(prefix) => page.common_prefixes.push(prefix),
            Item::Object { path } => match read_object_meta(&path) {
                Ok(Some((meta, _))) if meta.key == key => page.objects.push(meta),
                // Deleted since the directory was read.
                Ok(None) => {}
                Ok(Some((meta, _))) => {
                    tracing::warn!(path = %path.display(), key = %meta.key, "object file holds another key; skipped");
                }
                Err(e @ StorageError::Corrupt(_)) => {
                    tracing::warn!(error = %e, "corrupt object skipped in a listing")
                }
                Err(e) => return Err(e),
            },
        }
    }
    Ok(page)
}

impl Walk<'_> {
    fn done(&self) -> bool {
        self.truncated
    }

    fn visit(&mut self, dir: &Path, dir_prefix: &str) -> Result<()> {
        // A heap rather than a sort: a page usually needs only the first entries of a large
        // directory.
        let mut entries = self.entries(dir, dir_prefix)?;
        while let Some(Reverse(entry)) = entries.pop() {
            if self.done() {
                break;
            }
            let key = format!("{dir_prefix}{}", entry.rel);
            match entry.kind {
                Kind::Object => self.object(key, entry.dirent.path()),
                Kind::Dir => self.dir(&key, &entry.dirent.path())?,
            }
        }
        Ok(())
    }

    fn object(&mut self, key: String, path: PathBuf) {
        if let Some(prefix) = self.common_prefix_of(&key) {
            let prefix = prefix.to_owned();
            self.push_prefix(prefix);
        } else {
            self.push(key, Item::Object { path });
        }
    }

    fn dir(&mut self, dir_key: &str, path: &Path) -> Result<()> {
        // Every key below starts with `dir_key`; when that already holds the delimiter, the
        // whole directory is one common prefix.
        if dir_key.len() >= self.query.prefix.len()
            && let Some(prefix) = self.common_prefix_of(dir_key)
        {
            if self.is_before_resume(prefix) || self.last_prefix.as_deref() == Some(prefix) {
                return Ok(());
            }
            if has_any_object(path)? {
                self.push_prefix(prefix.to_owned());
            }
            return Ok(());
        }
        self.visit(path, dir_key)
    }

    /// The common prefix `key` rolls up into, if any.
    fn common_prefix_of<'k>(&self, key: &'k str) -> Option<&'k str> {
        let delimiter = self.delimiter?;
        let start = self.query.prefix.len();
        let at = key.get(start..)?.find(delimiter)?;
        key.get(..start + at + delimiter.len())
    }

    fn is_before_resume(&self, key: &str) -> bool {
        self.query.after.as_deref().is_some_and(|after| key <= after)
    }

    fn push_prefix(&mut self, prefix: String) {
        if self.is_before_resume(&prefix) || self.last_prefix.as_ref() == Some(&prefix) {
            return;
        }
        self.last_prefix = Some(prefix.clone());
        self.push(prefix.clone(), Item::Prefix(prefix));
    }

    fn push(&mut self, key: String, item: Item) {
        if self.items.len() >= self.query.max_keys {
            self.truncated = true;
            return;
        }
        self.items.push((key, item));
    }

    /// The entries of `dir` that can hold wanted keys, smallest key first.
    fn entries(&self, dir: &Path, dir_prefix: &str) -> Result<BinaryHeap<Reverse<Entry>>> {
        // Every key here starts with `dir_prefix`, so compare only what follows it. We only
        // visit directories inside the prefix or on the way to it.
        let prefix = self.query.prefix.strip_prefix(dir_prefix).unwrap_or_default();
        let after = match self.query.after.as_deref() {
            None => None,
            Some(after) => match after.strip_prefix(dir_prefix) {
                Some(rest) => Some(rest),
                None if after < dir_prefix => None,
                // Everything here sorts before the resume point.
                None => return Ok(BinaryHeap::new()),
            },
        };
        let mut entries = Vec::new();
        for dirent in read_dir_or_empty(dir)? {
            let name = dirent.file_name();
            let Some(name) = name.to_str() else { continue };
            let is_dir = dirent.file_type().is_ok_and(|t| t.is_dir());
            let (kind, rel) = match layout::decode_name(name) {
                EntryName::Object(segment) if !is_dir => (Kind::Object, segment),
                EntryName::Dir(segment) if is_dir => (Kind::Dir, segment + "/"),
                EntryName::HashedObject if !is_dir => match hashed_object_segment(&dirent.path(), dir_prefix)
                {
                    Some(segment) => (Kind::Object, segment),
                    None => continue,
                },
                EntryName::HashedDir if is_dir => match hashed_dir_segment(&dirent.path(), name, dir_prefix)?
                {
                    Some(segment) => (Kind::Dir, segment + "/"),
                    None => continue,
                },
                _ => continue,
            };
            let wanted = match kind {
                Kind::Object => rel.starts_with(prefix) && after.is_none_or(|after| rel.as_str() > after),
                // A directory may hold wanted keys when its range overlaps the prefix and
                // extends past the resume point.
                Kind::Dir => {
                    (rel.starts_with(prefix) || prefix.starts_with(rel.as_str()))
                        && after.is_none_or(|after| rel.as_str() > after || after.starts_with(rel.as_str()))
                }
            };
            if wanted {
                entries.push(Reverse(Entry { rel, kind, dirent }));
            }
        }
        Ok(BinaryHeap::from(entries))
    }
}

/// The last segment of the key stored in a hashed object file, if the key belongs in the
/// directory of `dir_prefix`.
fn hashed_object_segment(path: &Path, dir_prefix: &str) -> Option<String> {
    match read_object_meta(path) {
        Ok(Some((meta, _))) => {
            let segment = meta.key.strip_prefix(dir_prefix)?;
            let name = path.file_name()?.to_str()?;
            (!segment.contains('/') && layout::object_name(segment) == name).then(|| segment.to_owned())
        }
        Ok(None) => None,
        Err(e) => {
            tracing::warn!(path = %path.display(), error = %e, "unreadable object file skipped in a listing");
            None
        }
    }
}

/// The segment a hashed directory stands for, taken from the key of any object below it.
/// `None` when it holds no object.
fn hashed_dir_segment(path: &Path, name: &str, dir_prefix: &str) -> Result<Option<String>> {
    let Some(key) = find_any_object_key(path)? else {
        return Ok(None);
    };
    let segment = key
        .strip_prefix(dir_prefix)
        .and_then(|rest| rest.split_once('/'))
        .map(|(segment, _)| segment)
        .filter(|segment| layout::dir_name(segment) == name);
    if segment.is_none() {
        tracing::warn!(path = %path.display(), key = %key, "hashed directory holds a foreign key; skipped");
    }
    Ok(segment.map(str::to_owned))
}

fn find_any_object_key(dir: &Path) -> Result<Option<String>> {
    for dirent in read_dir_or_empty(dir)? {
        let name = dirent.file_name();
        let Some(name) = name.to_str() else { continue };
        let is_dir = dirent.file_type().is_ok_and(|t| t.is_dir());
        match layout::decode_name(name) {
            EntryName::Object(_) | EntryName::HashedObject if !is_dir => {
                match read_object_meta(&dirent.path()) {
                    Ok(Some((meta, _))) => return Ok(Some(meta.key)),
                    Ok(None) => {}
                    Err(e) => tracing::warn!(error = %e, "unreadable object file skipped"),
                }
            }
            EntryName::Dir(_) | EntryName::HashedDir if is_dir => {
                if let Some(key) = find_any_object_key(&dirent.path())? {
                    return Ok(Some(key));
                }
            }
            _ => {}
        }
    }
    Ok(None)
}

/// Whether the tree below `dir` holds at least one object file.
pub(super) fn has_any_object(dir: &Path) -> Result<bool> {
    for dirent in read_dir_or_empty(dir)? {
        let name = dirent.file_name();
        let Some(name) = name.to_str() else { continue };
        let is_dir = dirent.file_type().is_ok_and(|t| t.is_dir());
        match layout::decode_name(name) {
            EntryName::Object(_) | EntryName::HashedObject if !is_dir => return Ok(true),
            EntryName::Dir(_) | EntryName::HashedDir if is_dir && has_any_object(&dirent.path())? => {
                return Ok(true);
            }
            _ => {}
        }
    }
    Ok(false)
}
