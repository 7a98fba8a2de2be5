//! Multipart uploads.
//!
//! An upload is a directory `uploads/<upload-id>/` with `upload.json` (key, attributes,
//! checksum settings) and one file per part, `part-00001` and so on, in the object file
//! format (data, then part metadata). Each part is staged in `tmp/` and renamed into place,
//! so a part is either complete or absent. Completing concatenates the parts into one new
//! object file (in-kernel `copy_file_range` where the file system allows it), renames it over
//! the key and removes the upload directory.

use std::cmp::Ordering;
use std::fs::{self, File};
use std::io::{self, Read};
use std::ops::Range;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::checksum::{self, ChecksumAlgorithm, ChecksumType, Checksums};
use super::layout::{self, TrailerError};
use super::write::{self, StagedData, TempFile};
use super::{
    BucketPaths, ByteRange, FsStorage, MAX_PART_NUMBER, MAX_PUT_BYTES, MIN_PART_BYTES, ObjectAttrs,
    ObjectMeta, ReadConditions, Result, StorageError, WriteConditions, blocking, now, open_object_blocking,
    read_dir_or_empty, validate_key,
};

const UPLOAD_META: &str = "upload.json";

/// A multipart upload in progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadMeta {
    pub upload_id: String,
    pub key: String,
    #[serde(with = "time::serde::rfc3339")]
    pub initiated: OffsetDateTime,
    /// Content headers and metadata of the object to be.
    pub attrs: ObjectAttrs,
    /// The algorithm the client asked for, if any.
    #[serde(default)]
    pub checksum_algorithm: Option<ChecksumAlgorithm>,
    /// How the object's checksum is formed from the parts'.
    pub checksum_type: ChecksumType,
}

impl UploadMeta {
    /// The algorithm computed for every part: the requested one, else CRC64NVME (which S3
    /// also adds to objects uploaded without a checksum).
    pub fn effective_algorithm(&self) -> ChecksumAlgorithm {
        self.checksum_algorithm.unwrap_or(ChecksumAlgorithm::Crc64Nvme)
    }
}

/// A stored part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartMeta {
    pub part_number: u32,
    pub size: u64,
    /// The hex MD5 of the part, without quotes.
    pub etag: String,
    #[serde(with = "time::serde::rfc3339")]
    pub last_modified: OffsetDateTime,
    #[serde(default)]
    pub checksums: Checksums,
}

/// A part as listed in CompleteMultipartUpload.
#[derive(Debug, Clone, Default)]
pub struct CompletedPartSpec {
    pub part_number: u32,
    /// Without quotes.
    pub etag: String,
    /// Checksums the client recorded for the part; each must match the stored one.
    pub checksums: Checksums,
}

/// A part copied from a stored object (UploadPartCopy).
#[derive(Debug, Clone)]
pub struct UploadPartCopyRequest {
    pub source_bucket: String,
    pub source_key: String,
    pub source_conditions: ReadConditions,
    pub source_range: Option<ByteRange>,
    pub bucket: String,
    pub key: String,
    pub upload_id: String,
    pub part_number: u32,
}

/// One page of ListParts.
#[derive(Debug, Clone)]
pub struct PartsPage {
    pub upload: UploadMeta,
    pub parts: Vec<PartMeta>,
    pub is_truncated: bool,
    pub next_part_number_marker: Option<u32>,
}

/// What ListMultipartUploads lists.
#[derive(Debug, Clone, Default)]
pub struct UploadsQuery {
    pub prefix: String,
    pub delimiter: Option<String>,
    pub key_marker: Option<String>,
    pub upload_id_marker: Option<String>,
    pub max_uploads: usize,
}

/// One page of ListMultipartUploads.
#[derive(Debug, Clone, Default)]
pub struct UploadsPage {
    pub uploads: Vec<UploadMeta>,
    pub common_prefixes: Vec<String>,
    pub is_truncated: bool,
    pub next_key_marker: Option<String>,
    pub next_upload_id_marker: Option<String>,
}

fn is_upload_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fn part_file_name(part_number: u32) -> String {
    format!("part-{part_number:05}")
}

fn parse_part_file_name(name: &str) -> Option<u32> {
    let digits = name.strip_prefix("part-")?;
    if digits.len() != 5 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|n| (1..=MAX_PART_NUMBER).contains(n))
}

fn check_part_number(part_number: u32) -> Result<()> {
    if !(1..=MAX_PART_NUMBER).contains(&part_number) {
        return Err(StorageError::InvalidArgument(format!(
            "part number must be an integer between 1 and {MAX_PART_NUMBER}, got {part_number}"
        )));
    }
    Ok(())
}

fn upload_dir(paths: &BucketPaths, upload_id: &str) -> Result<PathBuf> {
    if !is_upload_id(upload_id) {
        return Err(StorageError::NoSuchUpload(upload_id.to_owned()));
    }
    Ok(paths.uploads.join(upload_id))
}

/// Reads an upload's metadata, checking that it is an upload of `key`.
fn read_upload(paths: &BucketPaths, key: Option<&str>, upload_id: &str) -> Result<(UploadMeta, PathBuf)> {
    paths.ensure_exists()?;
    let dir = upload_dir(paths, upload_id)?;
    let meta: UploadMeta = match fs::read(dir.join(UPLOAD_META)) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map_err(|e| StorageError::Corrupt(format!("{}: {e}", dir.join(UPLOAD_META).display())))?,
        Err(e) if matches!(e.kind(), io::ErrorKind::NotFound | io::ErrorKind::NotADirectory) => {
            return Err(StorageError::NoSuchUpload(upload_id.to_owned()));
        }
        Err(e) => return Err(StorageError::from_io("read a multipart upload")(e)),
    };
    if key.is_some_and(|key| key != meta.key) || meta.upload_id != upload_id {
        return Err(StorageError::NoSuchUpload(upload_id.to_owned()));
    }
    Ok((meta, dir))
}

fn read_part(path: &Path) -> Result<Option<(PartMeta, File)>> {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(StorageError::from_io("open a part")(e)),
    };
    match layout::read_trailer::<PartMeta>(&file) {
        Ok((meta, len)) if len == meta.size => Ok(Some((meta, file))),
        Ok(_) => Err(StorageError::Corrupt(format!(
            "{}: size does not match its metadata",
            path.display()
        ))),
        Err(TrailerError::Io(e)) => Err(StorageError::from_io("read a part")(e)),
        Err(TrailerError::Corrupt(reason)) => {
            Err(StorageError::Corrupt(format!("{}: {reason}", path.display())))
        }
    }
}

/// Moves a directory out of sight, then removes it.
fn remove_dir_atomically(dir: &Path, tmp: &Path, what: &'static str) -> Result<bool> {
    let trash = tmp.join(format!("{}.removed", uuid::Uuid::new_v4().simple()));
    match fs::rename(dir, &trash) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(StorageError::from_io(what)(e)),
    }
    if let Some(parent) = dir.parent() {
        layout::fsync_dir(parent).map_err(StorageError::from_io(what))?;
    }
    if let Err(e) = fs::remove_dir_all(&trash) {
        tracing::warn!(path = %trash.display(), error = %e, "could not remove a finished upload's files");
    }
    Ok(true)
}

impl FsStorage {
    /// Starts a multipart upload of `key`.
    ///
    /// `checksum_type` defaults to `FULL_OBJECT` for CRC64NVME and `COMPOSITE` for the other
    /// algorithms, as in S3; SHA algorithms cannot be `FULL_OBJECT` nor CRC64NVME `COMPOSITE`.
    pub async fn create_multipart_upload(
        &self,
        bucket: &str,
        key: &str,
        attrs: ObjectAttrs,
        checksum_algorithm: Option<ChecksumAlgorithm>,
        checksum_type: Option<ChecksumType>,
    ) -> Result<UploadMeta> {
        validate_key(key)?;
        attrs.check_size()?;
        let effective = checksum_algorithm.unwrap_or(ChecksumAlgorithm::Crc64Nvme);
        let checksum_type = match (checksum_type, effective) {
            (None, ChecksumAlgorithm::Crc64Nvme) => ChecksumType::FullObject,
            (None, _) => ChecksumType::Composite,
            (Some(ChecksumType::FullObject), a) if !a.is_crc() => {
                return Err(StorageError::InvalidArgument(format!(
                    "the {a} checksum cannot be FULL_OBJECT; use COMPOSITE or a CRC algorithm"
                )));
            }
            (Some(ChecksumType::Composite), ChecksumAlgorithm::Crc64Nvme) => {
                return Err(StorageError::InvalidArgument(
                    "the CRC64NVME checksum cannot be COMPOSITE; use FULL_OBJECT".into(),
                ));
            }
            (Some(t), _) => t,
        };
        let paths = self.bucket_paths(bucket)?;
        let meta = UploadMeta {
            upload_id: uuid::Uuid::new_v4().simple().to_string(),
            key: key.to_owned(),
            initiated: now(),
            attrs,
            checksum_algorithm,
            checksum_type,
        };
        let result = meta.clone();
        blocking(move || {
            paths.ensure_exists()?;
            let io = StorageError::from_io("start a multipart upload");
            // Build the upload directory aside so that it appears complete.
            let staging = paths.tmp.join(format!("{}.upload", meta.upload_id));
            let build = || -> io::Result<()> {
                fs::create_dir(&staging)?;
                let json = serde_json::to_vec(&meta).map_err(io::Error::other)?;
                let file = File::create(staging.join(UPLOAD_META))?;
                file.write_all_at(&json, 0)?;
                file.sync_all()?;
                layout::fsync_dir(&staging)?;
                fs::rename(&staging, paths.uploads.join(&meta.upload_id))?;
                layout::fsync_dir(&paths.uploads)
            };
            build().map_err(|e| {
                let _ = fs::remove_dir_all(&staging);
                io(e)
            })
        })
        .await?;
        Ok(result)
    }

    /// The metadata of an upload of `key`.
    pub async fn upload_meta(&self, bucket: &str, key: &str, upload_id: &str) -> Result<UploadMeta> {
        let paths = self.bucket_paths(bucket)?;
        let (key, upload_id) = (key.to_owned(), upload_id.to_owned());
        blocking(move || Ok(read_upload(&paths, Some(&key), &upload_id)?.0)).await
    }

    /// Stores staged data as part `part_number`, replacing an earlier upload of that part.
    pub async fn upload_part(
        &self,
        bucket: &str,
        key: &str,
        upload_id: &str,
        part_number: u32,
        staged: StagedData,
    ) -> Result<PartMeta> {
        check_part_number(part_number)?;
        let paths = self.bucket_paths(bucket)?;
        let (key, upload_id) = (key.to_owned(), upload_id.to_owned());
        blocking(move || install_part(&paths, &key, &upload_id, part_number, staged)).await
    }

    /// Stores a range of a stored object as a part.
    pub async fn upload_part_copy(&self, request: UploadPartCopyRequest) -> Result<PartMeta> {
        check_part_number(request.part_number)?;
        let source_paths = self.bucket_paths(&request.source_bucket)?;
        let paths = self.bucket_paths(&request.bucket)?;
        blocking(move || {
            let (upload, _) = read_upload(&paths, Some(&request.key), &request.upload_id)?;
            let source = open_object_blocking(&source_paths, &request.source_key)?;
            request.source_conditions.evaluate_for_copy(&source.meta)?;
            let size = source.meta.size;
            let range: Range<u64> = match request.source_range {
                // Unlike a GET's Range, a copy range must lie within the object.
                Some(ByteRange::FromTo { last: Some(last), .. }) if last >= size => {
                    return Err(StorageError::InvalidRange { size });
                }
                Some(range) => range.resolve(size)?,
                None => 0..size,
            };
            if range.end - range.start > MAX_PUT_BYTES {
                return Err(StorageError::InvalidArgument(format!(
                    "a part is at most {MAX_PUT_BYTES} bytes; copy a smaller range"
                )));
            }
            let staged = write::stage_file_range(
                &paths.tmp,
                &[upload.effective_algorithm()],
                &source.file,
                range.start,
                range.end - range.start,
            )?;
            install_part(
                &paths,
                &request.key,
                &request.upload_id,
                request.part_number,
                staged,
            )
        })
        .await
    }

    /// Completes an upload: checks the listed parts, concatenates them into the object and
    /// removes the upload.
    ///
    /// Fails with [`StorageError::InvalidPartOrder`] unless part numbers ascend,
    /// [`StorageError::InvalidPart`] when a part is missing or its ETag or checksum differs,
    /// [`StorageError::EntityTooSmall`] when a part other than the last is under
    /// [`MIN_PART_BYTES`], and [`StorageError::BadDigest`] when `expected` (the whole-object
    /// checksum the client sent) does not match.
    #[allow(clippy::too_many_arguments)]
    pub async fn complete_multipart_upload(
        &self,
        bucket: &str,
        key: &str,
        upload_id: &str,
        parts: Vec<CompletedPartSpec>,
        expected: Checksums,
        expected_size: Option<u64>,
        conditions: WriteConditions,
    ) -> Result<ObjectMeta> {
        validate_key(key)?;
        if parts.is_empty() {
            return Err(StorageError::InvalidArgument(
                "you must specify at least one part to complete a multipart upload".into(),
            ));
        }
        if parts.windows(2).any(|w| w[0].part_number >= w[1].part_number) {
            return Err(StorageError::InvalidPartOrder);
        }
        let paths = self.bucket_paths(bucket)?;
        let this = self.clone();
        let (key, upload_id) = (key.to_owned(), upload_id.to_owned());
        blocking(move || {
            let (upload, dir) = read_upload(&paths, Some(&key), &upload_id)?;
            let algorithm = upload.effective_algorithm();

            // Check everything before copying a byte; keep the handles so that a part
            // re-uploaded meanwhile cannot slip in unchecked.
            let mut stored: Vec<(PartMeta, File)> = Vec::with_capacity(parts.len());
            for (index, spec) in parts.iter().enumerate() {
                check_part_number(spec.part_number)?;
                let invalid = |reason: &str| StorageError::InvalidPart {
                    part_number: spec.part_number,
                    reason: reason.to_owned(),
                };
                let Some((part, file)) = read_part(&dir.join(part_file_name(spec.part_number)))? else {
                    return Err(invalid("the part was not uploaded"));
                };
                if part.etag != spec.etag {
                    return Err(invalid("the ETag does not match the uploaded part's"));
                }
                for a in spec.checksums.algorithms() {
                    let (Some(given), Some(have)) = (spec.checksums.get(a), part.checksums.get(a)) else {
                        return Err(invalid(&format!("the part has no {a} checksum")));
                    };
                    if !checksum::checksum_eq(a, given, have) {
                        return Err(invalid(&format!(
                            "the {a} checksum does not match the uploaded part's"
                        )));
                    }
                }
                if index + 1 < parts.len() && part.size < MIN_PART_BYTES {
                    return Err(StorageError::EntityTooSmall {
                        part_number: spec.part_number,
                        size: part.size,
                    });
                }
                stored.push((part, file));
            }

            let total: u64 = stored.iter().map(|(p, _)| p.size).sum();
            if let Some(expected_size) = expected_size
                && expected_size != total
            {
                return Err(StorageError::InvalidArgument(format!(
                    "the declared object size {expected_size} does not match the parts' total {total}"
                )));
            }
            let etags: Vec<&str> = stored.iter().map(|(p, _)| p.etag.as_str()).collect();
            let etag = checksum::multipart_etag(&etags)
                .ok_or_else(|| StorageError::Corrupt("a stored part has an ETag that is not hex".into()))?;
            let value = match upload.checksum_type {
                ChecksumType::FullObject => {
                    let values: Vec<(Option<&str>, u64)> = stored
                        .iter()
                        .map(|(p, _)| (p.checksums.get(algorithm), p.size))
                        .collect();
                    checksum::combine_crcs(algorithm, &values)
                }
                ChecksumType::Composite => {
                    let values: Vec<Option<&str>> =
                        stored.iter().map(|(p, _)| p.checksums.get(algorithm)).collect();
                    checksum::composite_checksum(algorithm, &values)
                }
            }
            .ok_or_else(|| StorageError::Corrupt(format!("a stored part lacks its {algorithm} checksum")))?;
            for a in expected.algorithms() {
                let Some(given) = expected.get(a) else { continue };
                if a != algorithm {
                    return Err(StorageError::InvalidArgument(format!(
                        "the upload computes {algorithm} checksums; a {a} checksum cannot be checked"
                    )));
                }
                let strip = |v: &str| v.split_once('-').map_or(v, |(v, _)| v).to_owned();
                if !checksum::checksum_eq(a, &strip(given), &strip(&value)) {
                    return Err(StorageError::BadDigest(format!(
                        "the {a} checksum you specified did not match the calculated checksum"
                    )));
                }
            }
            let mut checksums = Checksums::default();
            checksums.set(algorithm, Some(value));

            let mut temp =
                TempFile::create(&paths.tmp).map_err(StorageError::from_io("create a temporary file"))?;
            {
                let out = temp
                    .file_mut()
                    .map_err(StorageError::from_io("assemble the object"))?;
                for (part, file) in &stored {
                    let copied = io::copy(&mut file.take(part.size), out)
                        .map_err(StorageError::from_io("assemble the object"))?;
                    if copied != part.size {
                        return Err(StorageError::Corrupt(format!(
                            "part {} is shorter than its metadata says",
                            part.part_number
                        )));
                    }
                }
            }
            let meta = ObjectMeta {
                key: key.clone(),
                size: total,
                etag,
                last_modified: now(),
                attrs: upload.attrs.clone(),
                checksums,
                checksum_type: Some(upload.checksum_type),
                part_sizes: stored.iter().map(|(p, _)| p.size).collect(),
            };
            this.finish_and_install(&paths, &mut temp, &meta, &conditions)?;
            remove_dir_atomically(&dir, &paths.tmp, "remove a completed upload")?;
            Ok(meta)
        })
        .await
    }

    /// Aborts an upload and removes its parts.
    pub async fn abort_multipart_upload(&self, bucket: &str, key: &str, upload_id: &str) -> Result<()> {
        let paths = self.bucket_paths(bucket)?;
        let (key, upload_id) = (key.to_owned(), upload_id.to_owned());
        blocking(move || {
            let (_, dir) = read_upload(&paths, Some(&key), &upload_id)?;
            if !remove_dir_atomically(&dir, &paths.tmp, "abort a multipart upload")? {
                return Err(StorageError::NoSuchUpload(upload_id));
            }
            Ok(())
        })
        .await
    }

    /// Lists the parts of an upload after `part_number_marker`, at most `max_parts`.
    pub async fn list_parts(
        &self,
        bucket: &str,
        key: &str,
        upload_id: &str,
        part_number_marker: u32,
        max_parts: usize,
    ) -> Result<PartsPage> {
        let paths = self.bucket_paths(bucket)?;
        let (key, upload_id) = (key.to_owned(), upload_id.to_owned());
        blocking(move || {
            let (upload, dir) = read_upload(&paths, Some(&key), &upload_id)?;
            let mut numbers: Vec<u32> = read_dir_or_empty(&dir)?
                .iter()
                .filter_map(|e| e.file_name().to_str().and_then(parse_part_file_name))
                .filter(|n| *n > part_number_marker)
                .collect();
            numbers.sort_unstable();
            let is_truncated = numbers.len() > max_parts;
            numbers.truncate(max_parts);
            let mut parts = Vec::with_capacity(numbers.len());
            for number in numbers {
                if let Some((part, _)) = read_part(&dir.join(part_file_name(number)))? {
                    parts.push(part);
                }
            }
            let next_part_number_marker = if is_truncated {
                parts.last().map(|p| p.part_number)
            } else {
                None
            };
            Ok(PartsPage {
                upload,
                parts,
                is_truncated,
                next_part_number_marker,
            })
        })
        .await
    }

    /// Lists the uploads in progress, by key and then by initiation time.
    pub async fn list_multipart_uploads(&self, bucket: &str, query: UploadsQuery) -> Result<UploadsPage> {
        let paths = self.bucket_paths(bucket)?;
        blocking(move || {
            paths.ensure_exists()?;
            let mut uploads = Vec::new();
            for entry in read_dir_or_empty(&paths.uploads)? {
                let name = entry.file_name();
                let Some(id) = name.to_str().filter(|n| is_upload_id(n)) else {
                    continue;
                };
                match read_upload(&paths, None, id) {
                    Ok((upload, _)) if upload.key.starts_with(&query.prefix) => uploads.push(upload),
                    Ok(_) | Err(StorageError::NoSuchUpload(_)) => {}
                    Err(e) => tracing::warn!(upload_id = id, error = %e, "skipping an unreadable upload"),
                }
            }
            let order = |a: &UploadMeta, b: &UploadMeta| -> Ordering {
                a.key
                    .cmp(&b.key)
                    .then(a.initiated.cmp(&b.initiated))
                    .then(a.upload_id.cmp(&b.upload_id))
            };
            uploads.sort_by(order);
            Ok(page_uploads(uploads, &query))
        })
        .await
    }
}

fn install_part(
    paths: &BucketPaths,
    key: &str,
    upload_id: &str,
    part_number: u32,
    staged: StagedData,
) -> Result<PartMeta> {
    let (_, dir) = read_upload(paths, Some(key), upload_id)?;
    let mut staged = staged;
    let meta = PartMeta {
        part_number,
        size: staged.size,
        etag: staged.md5_hex(),
        last_modified: now(),
        checksums: staged.checksums.clone(),
    };
    let io = StorageError::from_io("store a part");
    {
        let file = staged
            .temp
            .file_mut()
            .map_err(StorageError::from_io("store a part"))?;
        std::io::Seek::seek(file, std::io::SeekFrom::End(0))
            .map_err(StorageError::from_io("store a part"))?;
        layout::write_trailer(file, &meta).map_err(StorageError::from_io("store a part"))?;
        file.sync_all().map_err(StorageError::from_io("store a part"))?;
    }
    match fs::rename(&staged.temp.path, dir.join(part_file_name(part_number))) {
        Ok(()) => staged.temp.mark_installed(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(StorageError::NoSuchUpload(upload_id.to_owned()));
        }
        Err(e) => return Err(io(e)),
    }
    layout::fsync_dir(&dir).map_err(StorageError::from_io("store a part"))?;
    Ok(meta)
}

fn page_uploads(uploads: Vec<UploadMeta>, query: &UploadsQuery) -> UploadsPage {
    let delimiter = query.delimiter.as_deref().filter(|d| !d.is_empty());
    let common_prefix = |key: &str| -> Option<String> {
        let d = delimiter?;
        let rest = key.get(query.prefix.len()..)?;
        rest.find(d)
            .map(|at| key[..query.prefix.len() + at + d.len()].to_owned())
    };
    let after_marker = |u: &UploadMeta| -> bool {
        match (&query.key_marker, &query.upload_id_marker) {
            (None, _) => true,
            (Some(key), None) => u.key.as_str() > key.as_str(),
            // Within the marker key, uploads after the marker upload in listing order.
            (Some(key), Some(_)) if u.key != *key => u.key.as_str() > key.as_str(),
            (Some(_), Some(_)) => false,
        }
    };
    let mut marker_passed = false;
    let mut page = UploadsPage::default();
    let mut count = 0usize;
    let mut last: Option<(String, Option<String>)> = None;
    for upload in uploads {
        // Uploads of the marker key that follow the marker upload.
        let in_marker_key = match (&query.key_marker, &query.upload_id_marker) {
            (Some(key), Some(id)) if upload.key == *key => {
                if marker_passed {
                    true
                } else {
                    marker_passed = upload.upload_id == *id;
                    false
                }
            }
            _ => false,
        };
        if !in_marker_key && !after_marker(&upload) {
            continue;
        }
        if let Some(prefix) = common_prefix(&upload.key) {
            if query.key_marker.as_deref().is_some_and(|m| prefix.as_str() <= m)
                || page.common_prefixes.last() == Some(&prefix)
            {
                continue;
            }
            if count >= query.max_uploads {
                page.is_truncated = true;
                break;
            }
            last = Some((prefix.clone(), None));
            page.common_prefixes.push(prefix);
        } else {
            if count >= query.max_uploads {
                page.is_truncated = true;
                break;
            }
            last = Some((upload.key.clone(), Some(upload.upload_id.clone())));
            page.uploads.push(upload);
        }
        count += 1;
    }
    if page.is_truncated
        && let Some((key, id)) = last
    {
        page.next_key_marker = Some(key);
        page.next_upload_id_marker = id;
    }
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    fn upload(key: &str, id: &str, second: i64) -> UploadMeta {
        UploadMeta {
            upload_id: id.to_owned(),
            key: key.to_owned(),
            initiated: OffsetDateTime::from_unix_timestamp(second).unwrap_or(OffsetDateTime::UNIX_EPOCH),
            attrs: ObjectAttrs::default(),
            checksum_algorithm: None,
            checksum_type: ChecksumType::FullObject,
        }
    }

    #[test]
    fn part_file_names() {
        assert_eq!(part_file_name(7), "part-00007");
        assert_eq!(parse_part_file_name("part-00007"), Some(7));
        assert_eq!(parse_part_file_name("part-10000"), Some(10_000));
        for bad in ["part-00000", "part-10001", "part-7", "part-0000x", "upload.json"] {
            assert_eq!(parse_part_file_name(bad), None, "{bad}");
        }
        assert!(is_upload_id(&uuid::Uuid::new_v4().simple().to_string()));
        assert!(!is_upload_id("../../../etc"));
    }

    #[test]
    fn upload_pages() {
        let uploads = vec![
            upload("a", "01", 1),
            upload("a", "02", 2),
            upload("b/1", "03", 3),
            upload("b/2", "04", 4),
            upload("c", "05", 5),
        ];
        let q =
            |key_marker: Option<&str>, id_marker: Option<&str>, delimiter: Option<&str>, max| UploadsQuery {
                prefix: String::new(),
                delimiter: delimiter.map(str::to_owned),
                key_marker: key_marker.map(str::to_owned),
                upload_id_marker: id_marker.map(str::to_owned),
                max_uploads: max,
            };
        let ids = |p: &UploadsPage| p.uploads.iter().map(|u| u.upload_id.clone()).collect::<Vec<_>>();

        let page = page_uploads(uploads.clone(), &q(None, None, None, 2));
        assert_eq!(ids(&page), ["01", "02"]);
        assert!(page.is_truncated);
        assert_eq!(page.next_key_marker.as_deref(), Some("a"));
        assert_eq!(page.next_upload_id_marker.as_deref(), Some("02"));

        let page = page_uploads(uploads.clone(), &q(Some("a"), Some("01"), None, 10));
        assert_eq!(ids(&page), ["02", "03", "04", "05"]);
        assert!(!page.is_truncated);

        let page = page_uploads(uploads.clone(), &q(Some("a"), None, None, 10));
        assert_eq!(ids(&page), ["03", "04", "05"]);

        let page = page_uploads(uploads.clone(), &q(None, None, Some("/"), 2));
        assert_eq!(ids(&page), ["01", "02"]);
        assert!(page.is_truncated);
        let page = page_uploads(uploads, &q(Some("a"), Some("02"), Some("/"), 10));
        assert_eq!(page.common_prefixes, ["b/"]);
        assert_eq!(ids(&page), ["05"]);
    }
}
