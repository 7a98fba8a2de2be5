//! Streaming a body into a temporary file while computing its digests.
//!
//! The async side pulls the body and hands batches of bytes to two blocking threads, one
//! computing MD5 and the checksums, one writing the file, so network, hashing and disk
//! overlap and memory stays bounded (a few MiB per upload, whatever the object size). The
//! writing side also drains a large object to disk as it goes ([`Drain`]).

use std::error::Error as StdError;
use std::fs::{self, File, OpenOptions};
use std::io::{self, IoSlice, Write};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use bytes::Bytes;
use futures::{Stream, StreamExt};
use tokio::sync::mpsc;

use super::checksum::{ChecksumAlgorithm, Checksums, Digester, Digests, checksum_eq, decode_content_md5};
use super::{StorageError, blocking};

/// Bytes handed to the blocking threads at a time.
const BATCH_BYTES: usize = 1 << 20;
/// Batches in flight per thread.
const CHANNEL_DEPTH: usize = 4;
/// Buffer of the copy loop that reads from a stored file.
const COPY_BUFFER: usize = 1 << 20;

/// Chunks of a body as they arrived, handed to the hashing and the writing thread alike.
type Batch = std::sync::Arc<Vec<Bytes>>;

/// A temporary file that is removed when dropped, unless it was renamed into place.
pub(super) struct TempFile {
    pub path: PathBuf,
    pub file: Option<File>,
    installed: bool,
}

impl TempFile {
    /// Creates a new, uniquely named file in `dir`.
    pub fn create(dir: &Path) -> io::Result<TempFile> {
        let path = dir.join(format!("{}.tmp", uuid::Uuid::new_v4().simple()));
        let file = OpenOptions::new()
            .write(true)
            .read(true)
            .create_new(true)
            .open(&path)?;
        Ok(TempFile {
            path,
            file: Some(file),
            installed: false,
        })
    }

    /// Records that the file now lives under another name and must not be removed.
    pub fn mark_installed(&mut self) {
        self.installed = true;
    }

    pub fn file_mut(&mut self) -> io::Result<&mut File> {
        self.file
            .as_mut()
            .ok_or_else(|| io::Error::other("temporary file was already handed off"))
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if self.installed {
            return;
        }
        drop(self.file.take());
        let path = std::mem::take(&mut self.path);
        // Unlinking a large file can take a while; keep it off the async threads.
        match tokio::runtime::Handle::try_current() {
            Ok(handle) => {
                handle.spawn_blocking(move || {
                    let _ = fs::remove_file(&path);
                });
            }
            Err(_) => {
                let _ = fs::remove_file(&path);
            }
        }
    }
}

/// Data written to a temporary file, with its digests, waiting to be committed.
///
/// Dropping it removes the file: nothing becomes visible unless it is committed.
pub struct StagedData {
    pub(super) temp: TempFile,
    pub(super) size: u64,
    pub(super) md5: [u8; 16],
    pub(super) checksums: Checksums,
}

impl std::fmt::Debug for StagedData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StagedData")
            .field("size", &self.size)
            .field("md5", &self.md5_hex())
            .field("checksums", &self.checksums)
            .finish_non_exhaustive()
    }
}

/// Digests a client declared for a body: `Content-MD5` and `x-amz-checksum-*` values.
#[derive(Debug, Clone, Default)]
pub struct ExpectedDigests {
    /// The `Content-MD5` header: base64 of the 16 MD5 bytes.
    pub content_md5: Option<String>,
    pub checksums: Checksums,
}

impl ExpectedDigests {
    /// The algorithms that must be computed to check these values.
    pub fn algorithms(&self) -> Vec<ChecksumAlgorithm> {
        self.checksums.algorithms()
    }
}

impl StagedData {
    pub fn size(&self) -> u64 {
        self.size
    }

    pub fn md5_hex(&self) -> String {
        hex::encode(self.md5)
    }

    pub fn checksums(&self) -> &Checksums {
        &self.checksums
    }

    /// Checks the data against what the client declared.
    ///
    /// A malformed `Content-MD5` is [`StorageError::InvalidDigest`]; a value that does not
    /// match is [`StorageError::BadDigest`]. Every algorithm in `expected` must have been
    /// computed when staging.
    pub fn verify(&self, expected: &ExpectedDigests) -> Result<(), StorageError> {
        if let Some(content_md5) = &expected.content_md5 {
            let declared = decode_content_md5(content_md5).ok_or_else(|| {
                StorageError::InvalidDigest(
                    "the Content-MD5 header is not the base64 of a 16-byte MD5 digest".into(),
                )
            })?;
            if declared != self.md5 {
                return Err(StorageError::BadDigest(
                    "the Content-MD5 you specified did not match what we received".into(),
                ));
            }
        }
        for algorithm in expected.checksums.algorithms() {
            let Some(declared) = expected.checksums.get(algorithm) else {
                continue;
            };
            let Some(computed) = self.checksums.get(algorithm) else {
                return Err(StorageError::Internal(format!(
                    "the {algorithm} checksum was not computed while staging"
                )));
            };
            if super::checksum::decode_checksum(algorithm, declared).is_none() {
                return Err(StorageError::InvalidDigest(format!(
                    "the {} header is not a valid base64 {algorithm} value",
                    algorithm.header_name()
                )));
            }
            if !checksum_eq(algorithm, declared, computed) {
                return Err(StorageError::BadDigest(format!(
                    "the {algorithm} you specified did not match the calculated checksum"
                )));
            }
        }
        Ok(())
    }
}

/// Streams `body` into a new temporary file in `tmp_dir`, computing the MD5 and the checksums
/// of `algorithms`. Fails with [`StorageError::EntityTooLarge`] past `max_size` bytes.
pub(super) async fn stage_stream<S, E>(
    tmp_dir: PathBuf,
    algorithms: Vec<ChecksumAlgorithm>,
    max_size: u64,
    mut body: S,
) -> Result<StagedData, StorageError>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin + Send,
    E: Into<Box<dyn StdError + Send + Sync>>,
{
    let mut temp = blocking(move || {
        TempFile::create(&tmp_dir).map_err(StorageError::from_io("create a temporary file"))
    })
    .await?;
    let file = temp
        .file
        .take()
        .ok_or_else(|| StorageError::Internal("temporary file has no handle".into()))?;

    // A batch is the body's own chunks, shared by both threads: nothing is copied to gather
    // them (gathering into one buffer copied every byte and allocated a fresh 1 MiB each time).
    let (hash_tx, mut hash_rx) = mpsc::channel::<Batch>(CHANNEL_DEPTH);
    let (write_tx, mut write_rx) = mpsc::channel::<Batch>(CHANNEL_DEPTH);
    let hasher = tokio::task::spawn_blocking(move || {
        let mut digester = Digester::new(true, &algorithms);
        while let Some(batch) = hash_rx.blocking_recv() {
            for chunk in batch.iter() {
                digester.update(chunk);
            }
        }
        digester.finish()
    });
    let writer = tokio::task::spawn_blocking(move || -> io::Result<File> {
        let mut file = file;
        let mut drain = Drain::default();
        while let Some(batch) = write_rx.blocking_recv() {
            let len = write_chunks(&mut file, &batch)?;
            drain.wrote(&file, len);
        }
        Ok(file)
    });

    let mut size = 0u64;
    let mut pending: Vec<Bytes> = Vec::new();
    let mut pending_len = 0usize;
    let pumped: Result<(), StorageError> = async {
        let send = async |batch: Batch| -> Result<(), StorageError> {
            // A closed channel means the thread stopped on an I/O error, reported below.
            if hash_tx.send(batch.clone()).await.is_err() || write_tx.send(batch).await.is_err() {
                return Err(StorageError::Internal("the storage writer stopped".into()));
            }
            Ok(())
        };
        while let Some(chunk) = body.next().await {
            let chunk = chunk.map_err(|e| StorageError::Body(e.into()))?;
            size += chunk.len() as u64;
            if size > max_size {
                return Err(StorageError::EntityTooLarge { max_size });
            }
            pending_len += chunk.len();
            pending.push(chunk);
            if pending_len >= BATCH_BYTES {
                pending_len = 0;
                send(Batch::new(std::mem::take(&mut pending))).await?;
            }
        }
        if !pending.is_empty() {
            send(Batch::new(std::mem::take(&mut pending))).await?;
        }
        Ok(())
    }
    .await;
    drop(hash_tx);
    drop(write_tx);

    let written = writer
        .await
        .map_err(|e| StorageError::Internal(format!("storage writer task failed: {e}")))?;
    let digests: Digests = hasher
        .await
        .map_err(|e| StorageError::Internal(format!("checksum task failed: {e}")))?;
    let file = match (pumped, written) {
        (Err(e @ (StorageError::Body(_) | StorageError::EntityTooLarge { .. })), _) => return Err(e),
        (_, Err(e)) => return Err(StorageError::from_io("write a temporary file")(e)),
        (Err(e), Ok(_)) => return Err(e),
        (Ok(()), Ok(file)) => file,
    };
    temp.file = Some(file);
    let md5 = digests
        .md5
        .ok_or_else(|| StorageError::Internal("MD5 was not computed".into()))?;
    Ok(StagedData {
        temp,
        size,
        md5,
        checksums: digests.checksums,
    })
}

/// Writes `chunks` at the file's position with as few `writev` calls as the chunks allow,
/// without gathering them into one buffer first. Returns the bytes written.
fn write_chunks(file: &mut File, chunks: &[Bytes]) -> io::Result<u64> {
    let mut slices: Vec<IoSlice<'_>> = chunks.iter().map(|c| IoSlice::new(c)).collect();
    let mut rest = &mut slices[..];
    let total: usize = chunks.iter().map(Bytes::len).sum();
    let mut left = total;
    while left > 0 {
        match file.write_vectored(rest) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => {
                left -= n;
                IoSlice::advance_slices(&mut rest, n);
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(total as u64)
}

/// Bytes after which the kernel is asked to start writing them out.
const WRITEBACK_WINDOW: u64 = 8 << 20;
/// Bytes after which a background `fdatasync` drains them to stable storage.
const FLUSH_INTERVAL: u64 = 32 << 20;

/// Moves a large write toward stable storage while its body is still streaming in, so that
/// the `fsync` that makes it durable at the end finds little left to do.
///
/// Without it a 1 GiB object sat in the page cache (and in the disk's own cache) until that
/// final `fsync`, which then took 1.2 to 1.6 s while the client waited: the whole write at
/// disk speed, after the whole body at network speed. Two steps overlap the two:
/// - every [`WRITEBACK_WINDOW`], `sync_file_range(SYNC_FILE_RANGE_WRITE)` starts writing the
///   window's pages without waiting for them;
/// - every [`FLUSH_INTERVAL`], unless one is still running, a thread runs `fdatasync` on a
///   clone of the descriptor, which also empties the device's volatile cache.
///
/// Both are hints: an I/O error they meet is reported again by the final `fsync` (Linux keeps
/// a write error for every descriptor opened before it), and that `fsync` is what makes the
/// object durable. Objects smaller than a window never get either.
#[derive(Default)]
struct Drain {
    written: u64,
    window_start: u64,
    flushed_at: u64,
    flushing: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Drain {
    /// Records that `len` more bytes were written to `file`.
    fn wrote(&mut self, file: &File, len: u64) {
        use std::sync::atomic::Ordering;
        self.written += len;
        if self.written - self.window_start >= WRITEBACK_WINDOW {
            start_writeback(file, self.window_start, self.written - self.window_start);
            self.window_start = self.written;
        }
        if self.written - self.flushed_at >= FLUSH_INTERVAL && !self.flushing.load(Ordering::Acquire) {
            let Ok(clone) = file.try_clone() else {
                return;
            };
            self.flushed_at = self.written;
            self.flushing.store(true, Ordering::Release);
            let flushing = self.flushing.clone();
            let spawned = std::thread::Builder::new()
                .name("weka-object-flush".into())
                .spawn(move || {
                    let _ = clone.sync_data();
                    flushing.store(false, Ordering::Release);
                });
            if spawned.is_err() {
                self.flushing.store(false, Ordering::Release);
            }
        }
    }
}

/// Asks the kernel to start writing `len` bytes at `offset` to disk now, without waiting.
fn start_writeback(file: &File, offset: u64, len: u64) {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let (Ok(offset), Ok(len)) = (i64::try_from(offset), i64::try_from(len)) else {
            return;
        };
        // SAFETY: a plain system call on a descriptor we own; no memory is shared with it.
        unsafe {
            libc::sync_file_range(file.as_raw_fd(), offset, len, libc::SYNC_FILE_RANGE_WRITE);
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (file, offset, len);
}

/// Copies `len` bytes at `offset` of `source` into a new temporary file in `tmp_dir`,
/// computing digests as [`stage_stream`] does. Blocking.
pub(super) fn stage_file_range(
    tmp_dir: &Path,
    algorithms: &[ChecksumAlgorithm],
    source: &File,
    offset: u64,
    len: u64,
) -> Result<StagedData, StorageError> {
    let mut temp = TempFile::create(tmp_dir).map_err(StorageError::from_io("create a temporary file"))?;
    let mut digester = Digester::new(true, algorithms);
    let mut buf = vec![0u8; COPY_BUFFER];
    let mut drain = Drain::default();
    {
        let file = temp
            .file_mut()
            .map_err(StorageError::from_io("write a temporary file"))?;
        let mut done = 0u64;
        while done < len {
            let want = usize::try_from((len - done).min(COPY_BUFFER as u64)).unwrap_or(COPY_BUFFER);
            let n = source
                .read_at(&mut buf[..want], offset + done)
                .map_err(StorageError::from_io("read the source object"))?;
            if n == 0 {
                return Err(StorageError::Corrupt(
                    "the source object is shorter than its metadata says".into(),
                ));
            }
            digester.update(&buf[..n]);
            file.write_all(&buf[..n])
                .map_err(StorageError::from_io("write a temporary file"))?;
            drain.wrote(file, n as u64);
            done += n as u64;
        }
    }
    let digests = digester.finish();
    let md5 = digests
        .md5
        .ok_or_else(|| StorageError::Internal("MD5 was not computed".into()))?;
    Ok(StagedData {
        temp,
        size: len,
        md5,
        checksums: digests.checksums,
    })
}
