use std::collections::BTreeSet;

use futures::StreamExt;
use s3s::crypto::Checksum as _;

use super::*;

type TestResult = std::result::Result<(), Box<dyn std::error::Error>>;

async fn store() -> std::result::Result<(tempfile::TempDir, FsStorage), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let storage = FsStorage::open(dir.path().join("objects")).await?;
    storage.create_bucket("bucket").await?;
    Ok((dir, storage))
}

fn body(chunks: Vec<Vec<u8>>) -> impl Stream<Item = std::result::Result<Bytes, io::Error>> + Unpin + Send {
    futures::stream::iter(chunks.into_iter().map(|c| Ok(Bytes::from(c))))
}

async fn put(storage: &FsStorage, bucket: &str, key: &str, data: &[u8]) -> Result<ObjectMeta> {
    put_chunks(storage, bucket, key, vec![data.to_vec()]).await
}

/// [`put`] of a body that arrives in `chunks`.
async fn put_chunks(
    storage: &FsStorage,
    bucket: &str,
    key: &str,
    chunks: Vec<Vec<u8>>,
) -> Result<ObjectMeta> {
    let staged = storage.stage(bucket, &[], body(chunks)).await?;
    storage
        .commit_object(
            bucket,
            key,
            staged,
            ObjectAttrs::default(),
            WriteConditions::default(),
        )
        .await
}

async fn get(
    storage: &FsStorage,
    bucket: &str,
    key: &str,
) -> std::result::Result<Vec<u8>, Box<dyn std::error::Error>> {
    let reader = storage.open_object(bucket, key).await?;
    let size = reader.meta().size;
    let mut stream = reader.into_stream(0..size);
    let mut out = Vec::new();
    while let Some(chunk) = stream.next().await {
        out.extend_from_slice(&chunk?);
    }
    Ok(out)
}

fn data(len: usize, seed: u8) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
        .collect()
}

fn tmp_entries(storage: &FsStorage, bucket: &str) -> usize {
    fs::read_dir(storage.root().join(bucket).join("tmp"))
        .map(|d| d.count())
        .unwrap_or(0)
}

#[tokio::test]
async fn bucket_lifecycle() -> TestResult {
    let dir = tempfile::tempdir()?;
    let storage = FsStorage::open(dir.path().join("objects")).await?;
    assert!(storage.list_buckets().await?.is_empty());
    let created = storage.create_bucket("photos").await?;
    assert_eq!(created.name, "photos");
    assert!(matches!(
        storage.create_bucket("photos").await,
        Err(StorageError::BucketAlreadyExists(_))
    ));
    assert!(matches!(
        storage.create_bucket("Not_Valid").await,
        Err(StorageError::InvalidBucketName { .. })
    ));
    storage.create_bucket("archive").await?;
    let names: Vec<String> = storage
        .list_buckets()
        .await?
        .into_iter()
        .map(|b| b.name)
        .collect();
    assert_eq!(names, ["archive", "photos"]);
    assert_eq!(
        storage.bucket_info("photos").await?.created_at,
        created.created_at
    );
    assert!(storage.bucket_exists("photos").await?);
    assert!(!storage.bucket_exists("missing").await?);
    assert!(!storage.bucket_exists("../etc").await?);

    put(&storage, "photos", "a/b/c.jpg", b"x").await?;
    assert!(matches!(
        storage.delete_bucket("photos", false).await,
        Err(StorageError::BucketNotEmpty(_))
    ));
    storage.delete_object("photos", "a/b/c.jpg", None).await?;
    // Deleting the last object prunes its directories, so the bucket is empty again.
    storage.delete_bucket("photos", false).await?;
    put(&storage, "archive", "x", b"x").await?;
    storage.delete_bucket("archive", true).await?;
    assert!(storage.list_buckets().await?.is_empty());
    assert!(matches!(
        storage.delete_bucket("archive", true).await,
        Err(StorageError::NoSuchBucket(_))
    ));
    assert!(matches!(
        put(&storage, "archive", "x", b"x").await,
        Err(StorageError::NoSuchBucket(_))
    ));
    // Nothing is left behind at the root but the store's own directory.
    let left: Vec<_> = fs::read_dir(storage.root())?
        .map(|e| e.map(|e| e.file_name()))
        .collect::<io::Result<_>>()?;
    assert_eq!(left, [std::ffi::OsString::from(ROOT_TMP)]);
    assert_eq!(fs::read_dir(storage.root().join(ROOT_TMP))?.count(), 0);
    Ok(())
}

#[tokio::test]
async fn objects_round_trip_with_metadata() -> TestResult {
    let (_dir, storage) = store().await?;
    let attrs = ObjectAttrs {
        content_type: Some("text/plain".into()),
        content_encoding: Some("gzip".into()),
        content_disposition: Some("attachment".into()),
        content_language: Some("en".into()),
        cache_control: Some("no-cache".into()),
        expires: Some(OffsetDateTime::from_unix_timestamp(2_000_000_000)?),
        user_metadata: [("color".to_owned(), "blue".to_owned())].into(),
    };
    let content = data(3 * 1024 * 1024 + 17, 1);
    let staged = storage
        .stage(
            "bucket",
            &[ChecksumAlgorithm::Sha256],
            body(content.chunks(100_000).map(<[u8]>::to_vec).collect()),
        )
        .await?;
    let meta = storage
        .commit_object(
            "bucket",
            "dir/file.txt",
            staged,
            attrs.clone(),
            WriteConditions::default(),
        )
        .await?;
    assert_eq!(meta.size, content.len() as u64);
    assert_eq!(meta.etag, hex::encode(s3s::crypto::Md5::checksum(&content)));
    assert!(meta.checksums.sha256.is_some());
    let head = storage.head_object("bucket", "dir/file.txt").await?;
    assert_eq!(head, meta);
    assert_eq!(head.attrs, attrs);
    assert_eq!(get(&storage, "bucket", "dir/file.txt").await?, content);

    // Ranges stream exactly the requested bytes.
    let reader = storage.open_object("bucket", "dir/file.txt").await?;
    let mut stream = reader.into_stream(1_000_000..2_500_000);
    assert_eq!(stream.remaining(), 1_500_000);
    let mut got = Vec::new();
    while let Some(chunk) = stream.next().await {
        got.extend_from_slice(&chunk?);
    }
    assert_eq!(got, &content[1_000_000..2_500_000]);

    // Overwrite replaces data and metadata together.
    let second = put(&storage, "bucket", "dir/file.txt", b"short").await?;
    assert_eq!(storage.head_object("bucket", "dir/file.txt").await?, second);
    assert_eq!(second.attrs, ObjectAttrs::default());
    assert_eq!(get(&storage, "bucket", "dir/file.txt").await?, b"short");

    assert!(storage.delete_object("bucket", "dir/file.txt", None).await?);
    assert!(!storage.delete_object("bucket", "dir/file.txt", None).await?);
    assert!(matches!(
        storage.head_object("bucket", "dir/file.txt").await,
        Err(StorageError::NoSuchKey { .. })
    ));
    assert_eq!(tmp_entries(&storage, "bucket"), 0);
    Ok(())
}

#[tokio::test]
async fn a_reader_keeps_its_version() -> TestResult {
    let (_dir, storage) = store().await?;
    put(&storage, "bucket", "k", &data(10_000, 1)).await?;
    let reader = storage.open_object("bucket", "k").await?;
    put(&storage, "bucket", "k", b"new").await?;
    storage.delete_object("bucket", "k", None).await?;
    let mut stream = reader.into_stream(0..10_000);
    let mut got = Vec::new();
    while let Some(chunk) = stream.next().await {
        got.extend_from_slice(&chunk?);
    }
    assert_eq!(got, data(10_000, 1));
    Ok(())
}

#[tokio::test]
async fn failed_writes_leave_the_previous_version() -> TestResult {
    let (_dir, storage) = store().await?;
    let original = put(&storage, "bucket", "k", b"original").await?;

    // The body fails halfway.
    let failing = futures::stream::iter(vec![
        Ok(Bytes::from(vec![1u8; 2 * 1024 * 1024])),
        Err(io::Error::new(io::ErrorKind::ConnectionReset, "client went away")),
    ]);
    assert!(matches!(
        storage.stage("bucket", &[], failing).await,
        Err(StorageError::Body(_))
    ));

    // Staged but never committed (a checksum mismatch or an aborted request).
    let staged = storage.stage("bucket", &[], body(vec![vec![9u8; 4096]])).await?;
    assert_eq!(tmp_entries(&storage, "bucket"), 1);
    drop(staged);

    // A checksum that does not match stores nothing.
    let staged = storage
        .stage(
            "bucket",
            &[ChecksumAlgorithm::Crc32],
            body(vec![b"payload".to_vec()]),
        )
        .await?;
    let mut expected = ExpectedDigests::default();
    expected.checksums.crc32 = Some("AAAAAA==".into());
    assert!(matches!(
        staged.verify(&expected),
        Err(StorageError::BadDigest(_))
    ));
    drop(staged);

    // A failed precondition stores nothing either.
    let staged = storage
        .stage("bucket", &[], body(vec![b"other".to_vec()]))
        .await?;
    let create_only = WriteConditions {
        if_none_match: Some(ETagMatch::Any),
        if_match: None,
    };
    assert!(matches!(
        storage
            .commit_object("bucket", "k", staged, ObjectAttrs::default(), create_only)
            .await,
        Err(StorageError::PreconditionFailed)
    ));

    // Temporary files go away on a blocking thread.
    for _ in 0..100 {
        if tmp_entries(&storage, "bucket") == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(tmp_entries(&storage, "bucket"), 0);
    assert_eq!(storage.head_object("bucket", "k").await?, original);
    assert_eq!(get(&storage, "bucket", "k").await?, b"original");
    let page = storage
        .list_objects(
            "bucket",
            ListQuery {
                max_keys: 1000,
                ..Default::default()
            },
        )
        .await?;
    assert_eq!(page.objects.len(), 1);
    Ok(())
}

#[tokio::test]
async fn digests_are_verified() -> TestResult {
    let (_dir, storage) = store().await?;
    let payload = b"The quick brown fox".to_vec();
    let staged = storage
        .stage("bucket", &ChecksumAlgorithm::ALL, body(vec![payload.clone()]))
        .await?;
    let md5 = s3s::crypto::Md5::checksum(&payload);
    use base64::Engine as _;
    let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
    let good = ExpectedDigests {
        content_md5: Some(b64(&md5)),
        checksums: staged.checksums().clone(),
    };
    staged.verify(&good)?;
    let cases = [
        (
            ExpectedDigests {
                content_md5: Some(b64(&[0u8; 16])),
                ..Default::default()
            },
            "bad",
        ),
        (
            ExpectedDigests {
                content_md5: Some("not base64!".into()),
                ..Default::default()
            },
            "invalid",
        ),
        (
            ExpectedDigests {
                content_md5: Some(b64(&[0u8; 15])),
                ..Default::default()
            },
            "invalid",
        ),
    ];
    for (expected, kind) in cases {
        match (staged.verify(&expected), kind) {
            (Err(StorageError::BadDigest(_)), "bad") | (Err(StorageError::InvalidDigest(_)), "invalid") => {}
            (other, kind) => panic!("expected {kind}, got {other:?}"),
        }
    }
    for algorithm in ChecksumAlgorithm::ALL {
        let mut wrong = good.clone();
        wrong.content_md5 = None;
        let mut value = base64::engine::general_purpose::STANDARD
            .decode(good.checksums.get(algorithm).unwrap_or_default())?;
        value[0] ^= 1;
        wrong.checksums.set(algorithm, Some(b64(&value)));
        assert!(
            matches!(staged.verify(&wrong), Err(StorageError::BadDigest(_))),
            "{algorithm}"
        );
        wrong.checksums.set(algorithm, Some("%%%".into()));
        assert!(
            matches!(staged.verify(&wrong), Err(StorageError::InvalidDigest(_))),
            "{algorithm}"
        );
    }
    Ok(())
}

#[tokio::test]
async fn size_limit_is_enforced_while_streaming() -> TestResult {
    let (_dir, storage) = store().await?;
    let paths = storage.bucket_paths("bucket")?;
    let result = write::stage_stream(
        paths.tmp.clone(),
        vec![],
        1000,
        body(vec![vec![0u8; 600], vec![0u8; 600]]),
    )
    .await;
    assert!(matches!(
        result,
        Err(StorageError::EntityTooLarge { max_size: 1000 })
    ));
    Ok(())
}

const EDGE_KEYS: &[&str] = &[
    "../../etc/passwd",
    "..",
    ".",
    "./",
    "./.",
    "/leading",
    "//double",
    "a",
    "a/b",
    "a/b/c",
    "a/",
    "a//b",
    "a b",
    "a+b",
    "100%",
    "%2F",
    "tab\there",
    "line\nbreak",
    "del\x7f",
    "ünïcødé/ファイル.txt",
    "emoji/😀",
    "a-b",
    "a0",
];

fn long_keys() -> Vec<String> {
    vec![
        "k".repeat(MAX_KEY_BYTES),
        format!("{}/{}", "d".repeat(300), "leaf"),
        format!("{}/{}", "d".repeat(300), "e".repeat(300)),
        format!("dir/{}", "\x01".repeat(100)),
        "x/".repeat(MAX_KEY_BYTES / 2),
        "é".repeat(MAX_KEY_BYTES / 2),
    ]
}

#[tokio::test]
async fn edge_case_keys_round_trip_and_stay_inside_the_bucket() -> TestResult {
    let (dir, storage) = store().await?;
    let mut keys: Vec<String> = EDGE_KEYS.iter().map(|k| (*k).to_owned()).collect();
    keys.extend(long_keys());
    for (i, key) in keys.iter().enumerate() {
        put(&storage, "bucket", key, key.as_bytes())
            .await
            .map_err(|e| format!("{key:?}: {e}"))?;
        assert_eq!(
            get(&storage, "bucket", key).await?,
            key.as_bytes(),
            "{key:?} after {i} keys"
        );
    }
    for key in &keys {
        assert_eq!(get(&storage, "bucket", key).await?, key.as_bytes(), "{key:?}");
    }
    let listed = list_all(&storage, "", None, 7).await?;
    let mut expected = keys.clone();
    expected.sort();
    assert_eq!(listed.0, expected);

    // Every file is inside the bucket's directory.
    let bucket_dir = storage.root().join("bucket");
    let mut files = 0;
    let mut stack = vec![dir.path().to_path_buf()];
    while let Some(path) = stack.pop() {
        for entry in fs::read_dir(&path)? {
            let entry = entry?;
            if entry.file_type()?.is_dir() {
                stack.push(entry.path());
            } else if entry.file_name() != BUCKET_META {
                assert!(
                    entry.path().starts_with(&bucket_dir),
                    "{}",
                    entry.path().display()
                );
                files += 1;
            }
        }
    }
    assert_eq!(files, keys.len());

    for bad in [String::new(), "k".repeat(MAX_KEY_BYTES + 1)] {
        assert!(put(&storage, "bucket", &bad, b"x").await.is_err(), "{bad:?}");
    }
    for key in &keys {
        assert!(storage.delete_object("bucket", key, None).await?, "{key:?}");
    }
    assert!(!listing::has_any_object(&bucket_dir.join("objects"))?);
    assert_eq!(
        fs::read_dir(bucket_dir.join("objects"))?.count(),
        0,
        "directories are pruned"
    );
    Ok(())
}

/// Stores `content` under `key` as a body of `chunk`-byte pieces and checks what was stored:
/// size, ETag (another MD5 implementation) and the bytes read back.
async fn assert_stored_whole(storage: &FsStorage, key: &str, content: &[u8], chunk: usize) -> TestResult {
    let chunks: Vec<Vec<u8>> = content.chunks(chunk).map(<[u8]>::to_vec).collect();
    let meta = put_chunks(storage, "bucket", key, chunks).await?;
    assert_eq!(meta.size, content.len() as u64);
    assert_eq!(meta.etag, hex::encode(s3s::crypto::Md5::checksum(content)));
    assert!(get(storage, "bucket", key).await? == content);
    Ok(())
}

/// A body of many small chunks: one batch holds more chunks than one `writev` takes (1,024).
#[tokio::test]
async fn bodies_of_many_small_chunks_are_written_whole() -> TestResult {
    let (_dir, storage) = store().await?;
    let content = data(5_000 * 333 + 17, 9);
    assert!(content.len() / 333 > 3 * 1024);
    assert_stored_whole(&storage, "many", &content, 333).await
}

/// Large enough for several writeback windows and background flushes, whose threads may
/// still be running when the object is committed; written twice over the same key.
#[tokio::test]
async fn objects_larger_than_the_flush_interval_are_written_whole() -> TestResult {
    let (_dir, storage) = store().await?;
    let content = data(3 * (32 << 20) + 12_345, 5);
    assert_stored_whole(&storage, "big", &content, 1 << 20).await?;
    assert_stored_whole(&storage, "big", &content, 1 << 20).await
}

/// `aws s3 rm --recursive` deletes siblings in parallel: one delete empties a directory and
/// prunes it while another still has to flush it. Every delete must still succeed.
#[tokio::test]
async fn concurrent_deletes_of_siblings_all_succeed() -> TestResult {
    let (_dir, storage) = store().await?;
    let keys = [
        "p/ü n i.txt",
        "p/a.txt",
        "p/sub/b.txt",
        "p/sub/deeper/c.txt",
        "p/sub/deeper/d",
    ];
    for round in 0..300 {
        for key in keys {
            put(&storage, "bucket", key, key.as_bytes()).await?;
        }
        let deletes = keys.iter().map(|key| storage.delete_object("bucket", key, None));
        for (key, deleted) in keys.iter().zip(futures::future::join_all(deletes).await) {
            assert!(
                deleted.map_err(|e| format!("round {round}, {key:?}: {e}"))?,
                "{key:?}"
            );
        }
        assert_eq!(
            fs::read_dir(storage.root().join("bucket").join("objects"))?.count(),
            0,
            "round {round}: directories are pruned"
        );
    }
    Ok(())
}

/// Pages through a listing; returns keys and common prefixes in order.
async fn list_all(
    storage: &FsStorage,
    prefix: &str,
    delimiter: Option<&str>,
    page_size: usize,
) -> std::result::Result<(Vec<String>, Vec<String>), Box<dyn std::error::Error>> {
    let mut after = None;
    let (mut keys, mut prefixes) = (Vec::new(), Vec::new());
    for _ in 0..10_000 {
        let page = storage
            .list_objects(
                "bucket",
                ListQuery {
                    prefix: prefix.to_owned(),
                    delimiter: delimiter.map(str::to_owned),
                    after: after.clone(),
                    max_keys: page_size,
                },
            )
            .await?;
        assert!(page.objects.len() + page.common_prefixes.len() <= page_size);
        keys.extend(page.objects.into_iter().map(|o| o.key));
        prefixes.extend(page.common_prefixes);
        if !page.is_truncated {
            return Ok((keys, prefixes));
        }
        after = page.next_after;
        assert!(after.is_some(), "a truncated page names where to resume");
    }
    Err("listing did not end".into())
}

/// The listing semantics, by brute force over all keys.
fn reference(keys: &BTreeSet<String>, prefix: &str, delimiter: Option<&str>) -> (Vec<String>, Vec<String>) {
    let (mut objects, mut prefixes) = (Vec::new(), Vec::<String>::new());
    for key in keys.iter().filter(|k| k.starts_with(prefix)) {
        let rest = &key[prefix.len()..];
        match delimiter.and_then(|d| rest.find(d).map(|at| &key[..prefix.len() + at + d.len()])) {
            Some(cp) => {
                if prefixes.last().map(String::as_str) != Some(cp) {
                    prefixes.push(cp.to_owned());
                }
            }
            None => objects.push(key.clone()),
        }
    }
    (objects, prefixes)
}

#[tokio::test]
async fn listing_matches_the_reference_semantics() -> TestResult {
    let (_dir, storage) = store().await?;
    let mut keys: BTreeSet<String> = EDGE_KEYS.iter().map(|k| (*k).to_owned()).collect();
    for a in ["photos", "photos-old", "docs", "x"] {
        for b in ["2023", "2024", "2024-01", ""] {
            for c in ["a.jpg", "b.jpg", "sub/c.jpg"] {
                keys.insert(format!("{a}/{b}/{c}"));
            }
        }
    }
    keys.insert(format!("{}/{}/z", "d".repeat(250), "e".repeat(250)));
    keys.insert(format!("{}/y", "d".repeat(250)));
    for key in &keys {
        put(&storage, "bucket", key, b"").await?;
    }
    let prefixes = [
        "",
        "a",
        "a/",
        "photos",
        "photos/",
        "photos/2024",
        "photos/2024/",
        "ph",
        "zzz",
        "d",
        "/",
    ];
    let delimiters = [None, Some("/"), Some("-"), Some("o"), Some("/2"), Some("jpg")];
    for prefix in prefixes {
        for delimiter in delimiters {
            let expected = reference(&keys, prefix, delimiter);
            for page_size in [1, 3, 1000] {
                let got = list_all(&storage, prefix, delimiter, page_size).await?;
                assert_eq!(
                    got, expected,
                    "prefix {prefix:?} delimiter {delimiter:?} page size {page_size}"
                );
            }
        }
    }

    // Items come in one merged order, and the resume point is the last item.
    let page = storage
        .list_objects(
            "bucket",
            ListQuery {
                prefix: "photos/".into(),
                delimiter: Some("/".into()),
                after: None,
                max_keys: 2,
            },
        )
        .await?;
    assert_eq!(page.common_prefixes, ["photos//", "photos/2023/"]);
    assert!(page.is_truncated);
    assert_eq!(page.next_after.as_deref(), Some("photos/2023/"));

    // A plain start-after key.
    let page = storage
        .list_objects(
            "bucket",
            ListQuery {
                after: Some("a/b".into()),
                max_keys: 3,
                ..Default::default()
            },
        )
        .await?;
    let got: Vec<&str> = page.objects.iter().map(|o| o.key.as_str()).collect();
    assert_eq!(got.len(), 3);
    assert_eq!(got[..2], ["a/b/c", "a0"]);
    Ok(())
}

#[tokio::test]
async fn empty_directories_are_not_common_prefixes() -> TestResult {
    let (_dir, storage) = store().await?;
    put(&storage, "bucket", "keep/x", b"").await?;
    // What a crash between mkdir and rename, or a racing delete, leaves behind.
    fs::create_dir_all(storage.root().join("bucket/objects/dempty/dnested"))?;
    fs::write(storage.root().join("bucket/objects/.nfs0001"), b"")?;
    let page = storage
        .list_objects(
            "bucket",
            ListQuery {
                delimiter: Some("/".into()),
                max_keys: 1000,
                ..Default::default()
            },
        )
        .await?;
    assert_eq!(page.common_prefixes, ["keep/"]);
    assert!(page.objects.is_empty());
    let page = storage
        .list_objects(
            "bucket",
            ListQuery {
                max_keys: 1000,
                ..Default::default()
            },
        )
        .await?;
    assert_eq!(page.objects.len(), 1);
    Ok(())
}

#[tokio::test]
async fn max_keys_zero_lists_nothing() -> TestResult {
    let (_dir, storage) = store().await?;
    put(&storage, "bucket", "k", b"").await?;
    let page = storage.list_objects("bucket", ListQuery::default()).await?;
    assert!(page.objects.is_empty() && !page.is_truncated);
    Ok(())
}

#[tokio::test]
async fn many_objects_list_in_pages() -> TestResult {
    let (_dir, storage) = store().await?;
    let paths = storage.bucket_paths("bucket")?;
    // Write the files directly: this checks the listing, not the write path.
    let mut keys = Vec::new();
    for i in 0..3000 {
        let key = format!("flat-{i:05}");
        let meta = ObjectMeta {
            key: key.clone(),
            size: 0,
            etag: "d41d8cd98f00b204e9800998ecf8427e".into(),
            last_modified: now(),
            attrs: ObjectAttrs::default(),
            checksums: Checksums::default(),
            checksum_type: None,
            part_sizes: Vec::new(),
        };
        let mut file = File::create(layout::object_path(&paths.objects, &key))?;
        layout::write_trailer(&mut file, &meta)?;
        keys.push(key);
    }
    let started = std::time::Instant::now();
    let (listed, _) = list_all(&storage, "", None, 1000).await?;
    assert_eq!(listed, keys);
    let (listed, _) = list_all(&storage, "flat-012", None, 1000).await?;
    assert_eq!(listed.len(), 100);
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "listing took {:?}",
        started.elapsed()
    );
    Ok(())
}

#[tokio::test]
async fn conditional_writes_and_deletes() -> TestResult {
    let (_dir, storage) = store().await?;
    let commit = |cond: WriteConditions, content: &'static [u8]| {
        let storage = storage.clone();
        async move {
            let staged = storage.stage("bucket", &[], body(vec![content.to_vec()])).await?;
            storage
                .commit_object("bucket", "k", staged, ObjectAttrs::default(), cond)
                .await
        }
    };
    let create_only = WriteConditions {
        if_none_match: Some(ETagMatch::Any),
        if_match: None,
    };
    let first = commit(create_only.clone(), b"one").await?;
    assert!(matches!(
        commit(create_only, b"two").await,
        Err(StorageError::PreconditionFailed)
    ));
    let wrong = WriteConditions {
        if_match: Some(ETagMatch::ETag("nope".into())),
        if_none_match: None,
    };
    assert!(matches!(
        commit(wrong, b"two").await,
        Err(StorageError::PreconditionFailed)
    ));
    let right = WriteConditions {
        if_match: Some(ETagMatch::ETag(first.etag.clone())),
        if_none_match: None,
    };
    commit(right, b"two").await?;
    assert_eq!(get(&storage, "bucket", "k").await?, b"two");

    assert!(matches!(
        storage
            .delete_object("bucket", "k", Some(ETagMatch::ETag(first.etag)))
            .await,
        Err(StorageError::PreconditionFailed)
    ));
    assert!(storage.delete_object("bucket", "k", Some(ETagMatch::Any)).await?);
    assert!(matches!(
        storage.delete_object("bucket", "k", Some(ETagMatch::Any)).await,
        Err(StorageError::NoSuchKey { .. })
    ));
    Ok(())
}

#[test]
fn read_conditions_follow_rfc_precedence() {
    let t = |s: i64| OffsetDateTime::from_unix_timestamp(s).unwrap_or(OffsetDateTime::UNIX_EPOCH);
    let meta = ObjectMeta {
        key: "k".into(),
        size: 1,
        etag: "abc".into(),
        last_modified: t(1000) + time::Duration::milliseconds(500),
        attrs: ObjectAttrs::default(),
        checksums: Checksums::default(),
        checksum_type: None,
        part_sizes: Vec::new(),
    };
    let tag = |s: &str| Some(ETagMatch::ETag(s.into()));
    #[derive(Debug, PartialEq)]
    enum Outcome {
        Ok,
        Precondition,
        NotModified,
    }
    let cases = [
        (ReadConditions::default(), Outcome::Ok),
        (
            ReadConditions {
                if_match: tag("abc"),
                ..Default::default()
            },
            Outcome::Ok,
        ),
        (
            ReadConditions {
                if_match: Some(ETagMatch::Any),
                ..Default::default()
            },
            Outcome::Ok,
        ),
        (
            ReadConditions {
                if_match: tag("xyz"),
                ..Default::default()
            },
            Outcome::Precondition,
        ),
        (
            ReadConditions {
                if_unmodified_since: Some(t(999)),
                ..Default::default()
            },
            Outcome::Precondition,
        ),
        // Whole seconds: the object's 1000.5 is "not after" 1000.
        (
            ReadConditions {
                if_unmodified_since: Some(t(1000)),
                ..Default::default()
            },
            Outcome::Ok,
        ),
        // If-Match true wins over If-Unmodified-Since false.
        (
            ReadConditions {
                if_match: tag("abc"),
                if_unmodified_since: Some(t(999)),
                ..Default::default()
            },
            Outcome::Ok,
        ),
        (
            ReadConditions {
                if_none_match: tag("abc"),
                ..Default::default()
            },
            Outcome::NotModified,
        ),
        (
            ReadConditions {
                if_none_match: Some(ETagMatch::Any),
                ..Default::default()
            },
            Outcome::NotModified,
        ),
        (
            ReadConditions {
                if_none_match: tag("xyz"),
                ..Default::default()
            },
            Outcome::Ok,
        ),
        (
            ReadConditions {
                if_modified_since: Some(t(1000)),
                ..Default::default()
            },
            Outcome::NotModified,
        ),
        (
            ReadConditions {
                if_modified_since: Some(t(999)),
                ..Default::default()
            },
            Outcome::Ok,
        ),
        // If-None-Match false (no match) wins over If-Modified-Since.
        (
            ReadConditions {
                if_none_match: tag("xyz"),
                if_modified_since: Some(t(2000)),
                ..Default::default()
            },
            Outcome::Ok,
        ),
        // 412 before 304.
        (
            ReadConditions {
                if_match: tag("xyz"),
                if_none_match: tag("abc"),
                ..Default::default()
            },
            Outcome::Precondition,
        ),
    ];
    for (conditions, expected) in cases {
        let got = match conditions.evaluate(&meta) {
            Ok(()) => Outcome::Ok,
            Err(StorageError::PreconditionFailed) => Outcome::Precondition,
            Err(StorageError::NotModified { .. }) => Outcome::NotModified,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(got, expected, "{conditions:?}");
        let copy = match conditions.evaluate_for_copy(&meta) {
            Ok(()) => Outcome::Ok,
            Err(_) => Outcome::Precondition,
        };
        assert_eq!(copy == Outcome::Ok, expected == Outcome::Ok, "{conditions:?}");
    }
}

#[test]
fn byte_ranges_resolve() {
    let cases = [
        (
            ByteRange::FromTo {
                first: 0,
                last: Some(0),
            },
            10,
            Some(0..1),
        ),
        (
            ByteRange::FromTo {
                first: 2,
                last: Some(5),
            },
            10,
            Some(2..6),
        ),
        (
            ByteRange::FromTo {
                first: 2,
                last: Some(100),
            },
            10,
            Some(2..10),
        ),
        (ByteRange::FromTo { first: 9, last: None }, 10, Some(9..10)),
        (
            ByteRange::FromTo {
                first: 10,
                last: None,
            },
            10,
            None,
        ),
        (
            ByteRange::FromTo {
                first: 5,
                last: Some(4),
            },
            10,
            None,
        ),
        (ByteRange::FromTo { first: 0, last: None }, 0, None),
        (ByteRange::Suffix { length: 3 }, 10, Some(7..10)),
        (ByteRange::Suffix { length: 30 }, 10, Some(0..10)),
        (ByteRange::Suffix { length: 0 }, 10, None),
        (ByteRange::Suffix { length: 1 }, 0, None),
    ];
    for (range, size, expected) in cases {
        assert_eq!(range.resolve(size).ok(), expected, "{range:?} of {size}");
    }
}

#[tokio::test]
async fn copies_keep_or_replace_attributes() -> TestResult {
    let (_dir, storage) = store().await?;
    storage.create_bucket("other").await?;
    let attrs = ObjectAttrs {
        content_type: Some("image/png".into()),
        ..Default::default()
    };
    let content = data(100_000, 3);
    let staged = storage
        .stage(
            "bucket",
            &[ChecksumAlgorithm::Crc32c],
            body(vec![content.clone()]),
        )
        .await?;
    let source = storage
        .commit_object("bucket", "src", staged, attrs.clone(), WriteConditions::default())
        .await?;
    let request = |key: &str, attrs: Option<ObjectAttrs>| CopyRequest {
        source_bucket: "bucket".into(),
        source_key: "src".into(),
        source_conditions: ReadConditions::default(),
        bucket: "other".into(),
        key: key.into(),
        attrs,
        checksum_algorithms: Vec::new(),
        conditions: WriteConditions::default(),
    };
    let copied = storage.copy_object(request("kept", None)).await?;
    assert_eq!(
        (copied.etag.as_str(), &copied.attrs),
        (source.etag.as_str(), &attrs)
    );
    assert_eq!(copied.checksums, source.checksums);
    assert_eq!(get(&storage, "other", "kept").await?, content);

    let replaced = ObjectAttrs {
        content_type: Some("text/plain".into()),
        ..Default::default()
    };
    let copied = storage
        .copy_object(request("replaced", Some(replaced.clone())))
        .await?;
    assert_eq!(copied.attrs, replaced);

    // Onto itself, with new attributes.
    let mut itself = request("src", Some(replaced.clone()));
    itself.bucket = "bucket".into();
    storage.copy_object(itself).await?;
    assert_eq!(storage.head_object("bucket", "src").await?.attrs, replaced);
    assert_eq!(get(&storage, "bucket", "src").await?, content);

    let mut guarded = request("x", None);
    guarded.source_conditions.if_match = Some(ETagMatch::ETag("other".into()));
    assert!(matches!(
        storage.copy_object(guarded).await,
        Err(StorageError::PreconditionFailed)
    ));
    let mut missing = request("x", None);
    missing.source_key = "missing".into();
    assert!(matches!(
        storage.copy_object(missing).await,
        Err(StorageError::NoSuchKey { .. })
    ));
    Ok(())
}

async fn upload_parts(
    storage: &FsStorage,
    upload: &UploadMeta,
    parts: &[Vec<u8>],
) -> std::result::Result<Vec<CompletedPartSpec>, Box<dyn std::error::Error>> {
    let mut specs = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        let staged = storage
            .stage(
                "bucket",
                &[upload.effective_algorithm()],
                body(vec![part.clone()]),
            )
            .await?;
        let number = u32::try_from(i + 1)?;
        let meta = storage
            .upload_part("bucket", &upload.key, &upload.upload_id, number, staged)
            .await?;
        specs.push(CompletedPartSpec {
            part_number: number,
            etag: meta.etag,
            checksums: Checksums::default(),
        });
    }
    Ok(specs)
}

#[tokio::test]
async fn multipart_upload_assembles_parts() -> TestResult {
    let (_dir, storage) = store().await?;
    let mib = 1024 * 1024;
    let parts = vec![data(5 * mib, 1), data(5 * mib + 3, 2), data(1000, 3)];
    let attrs = ObjectAttrs {
        content_type: Some("video/mp4".into()),
        ..Default::default()
    };
    let upload = storage
        .create_multipart_upload(
            "bucket",
            "movie.mp4",
            attrs.clone(),
            Some(ChecksumAlgorithm::Sha256),
            None,
        )
        .await?;
    assert_eq!(upload.checksum_type, ChecksumType::Composite);
    let specs = upload_parts(&storage, &upload, &parts).await?;

    let listed = storage
        .list_parts("bucket", "movie.mp4", &upload.upload_id, 0, 2)
        .await?;
    assert_eq!(
        listed.parts.iter().map(|p| p.part_number).collect::<Vec<_>>(),
        [1, 2]
    );
    assert!(listed.is_truncated);
    assert_eq!(listed.next_part_number_marker, Some(2));
    let listed = storage
        .list_parts("bucket", "movie.mp4", &upload.upload_id, 2, 2)
        .await?;
    assert_eq!(listed.parts.len(), 1);
    assert!(!listed.is_truncated);

    let uploads = storage
        .list_multipart_uploads(
            "bucket",
            UploadsQuery {
                max_uploads: 10,
                ..Default::default()
            },
        )
        .await?;
    assert_eq!(uploads.uploads, std::slice::from_ref(&upload));

    let meta = storage
        .complete_multipart_upload(
            "bucket",
            "movie.mp4",
            &upload.upload_id,
            specs.clone(),
            Checksums::default(),
            Some(parts.iter().map(|p| p.len() as u64).sum()),
            WriteConditions::default(),
        )
        .await?;
    let whole: Vec<u8> = parts.concat();
    assert_eq!(get(&storage, "bucket", "movie.mp4").await?, whole);
    let md5s: Vec<String> = parts
        .iter()
        .map(|p| hex::encode(s3s::crypto::Md5::checksum(p)))
        .collect();
    let expected_etag = checksum::multipart_etag(&md5s.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(Some(meta.etag.clone()), expected_etag);
    assert!(meta.etag.ends_with("-3"));
    assert!(
        meta.checksums
            .sha256
            .as_deref()
            .is_some_and(|v| v.ends_with("-3"))
    );
    assert_eq!(meta.attrs, attrs);
    assert_eq!(meta.part_range(2), Some(5 * mib as u64..10 * mib as u64 + 3));
    assert_eq!(meta.parts_count(), 3);
    assert_eq!(meta.part_range(4), None);

    // The upload is gone.
    assert!(matches!(
        storage
            .list_parts("bucket", "movie.mp4", &upload.upload_id, 0, 10)
            .await,
        Err(StorageError::NoSuchUpload(_))
    ));
    assert_eq!(fs::read_dir(storage.root().join("bucket/uploads"))?.count(), 0);
    assert_eq!(tmp_entries(&storage, "bucket"), 0);
    Ok(())
}

#[tokio::test]
async fn full_object_crc_of_multipart_equals_crc_of_data() -> TestResult {
    let (_dir, storage) = store().await?;
    let mib = 1024 * 1024;
    let parts = vec![data(5 * mib, 7), data(123, 8)];
    for algorithm in [
        None,
        Some(ChecksumAlgorithm::Crc32),
        Some(ChecksumAlgorithm::Crc32c),
    ] {
        let upload = storage
            .create_multipart_upload(
                "bucket",
                "k",
                ObjectAttrs::default(),
                algorithm,
                Some(ChecksumType::FullObject),
            )
            .await?;
        let specs = upload_parts(&storage, &upload, &parts).await?;
        let meta = storage
            .complete_multipart_upload(
                "bucket",
                "k",
                &upload.upload_id,
                specs,
                Checksums::default(),
                None,
                WriteConditions::default(),
            )
            .await?;
        let effective = algorithm.unwrap_or(ChecksumAlgorithm::Crc64Nvme);
        let mut digester = checksum::Digester::new(false, &[effective]);
        digester.update(&parts.concat());
        assert_eq!(meta.checksums, digester.finish().checksums, "{effective}");
        assert_eq!(meta.checksum_type, Some(ChecksumType::FullObject));
    }
    assert!(matches!(
        storage
            .create_multipart_upload(
                "bucket",
                "k",
                ObjectAttrs::default(),
                Some(ChecksumAlgorithm::Sha1),
                Some(ChecksumType::FullObject)
            )
            .await,
        Err(StorageError::InvalidArgument(_))
    ));
    Ok(())
}

#[tokio::test]
async fn multipart_completion_is_validated() -> TestResult {
    let (_dir, storage) = store().await?;
    let mib = 1024 * 1024;
    let upload = storage
        .create_multipart_upload("bucket", "k", ObjectAttrs::default(), None, None)
        .await?;
    let specs = upload_parts(&storage, &upload, &[data(5 * mib, 1), data(10, 2), data(10, 3)]).await?;
    let complete = |parts: Vec<CompletedPartSpec>| {
        let storage = storage.clone();
        let id = upload.upload_id.clone();
        async move {
            storage
                .complete_multipart_upload(
                    "bucket",
                    "k",
                    &id,
                    parts,
                    Checksums::default(),
                    None,
                    WriteConditions::default(),
                )
                .await
        }
    };
    let swapped = vec![specs[1].clone(), specs[0].clone()];
    assert!(matches!(
        complete(swapped).await,
        Err(StorageError::InvalidPartOrder)
    ));
    let duplicate = vec![specs[0].clone(), specs[0].clone()];
    assert!(matches!(
        complete(duplicate).await,
        Err(StorageError::InvalidPartOrder)
    ));
    let mut wrong_etag = specs[..2].to_vec();
    wrong_etag[1].etag = "0123456789abcdef0123456789abcdef".into();
    assert!(matches!(
        complete(wrong_etag).await,
        Err(StorageError::InvalidPart { part_number: 2, .. })
    ));
    let mut missing = specs[..1].to_vec();
    missing.push(CompletedPartSpec {
        part_number: 7,
        etag: specs[1].etag.clone(),
        ..Default::default()
    });
    assert!(matches!(
        complete(missing).await,
        Err(StorageError::InvalidPart { part_number: 7, .. })
    ));
    // Part 2 is 10 bytes and not the last.
    assert!(matches!(
        complete(specs.clone()).await,
        Err(StorageError::EntityTooSmall {
            part_number: 2,
            size: 10
        })
    ));
    assert!(matches!(
        complete(Vec::new()).await,
        Err(StorageError::InvalidArgument(_))
    ));
    let mut bad_checksum = specs[..2].to_vec();
    bad_checksum[0].checksums.crc64nvme = Some("AAAAAAAAAAA=".into());
    assert!(matches!(
        complete(bad_checksum).await,
        Err(StorageError::InvalidPart { part_number: 1, .. })
    ));
    let wrong_whole = Checksums {
        crc64nvme: Some("AAAAAAAAAAA=".into()),
        ..Default::default()
    };
    assert!(matches!(
        storage
            .complete_multipart_upload(
                "bucket",
                "k",
                &upload.upload_id,
                specs[..2].to_vec(),
                wrong_whole,
                None,
                WriteConditions::default()
            )
            .await,
        Err(StorageError::BadDigest(_))
    ));
    assert!(matches!(
        storage.head_object("bucket", "k").await,
        Err(StorageError::NoSuchKey { .. })
    ));

    // Parts 1 and 2 are a valid object; failed attempts changed nothing.
    complete(specs[..2].to_vec()).await?;
    assert_eq!(
        get(&storage, "bucket", "k").await?,
        [data(5 * mib, 1), data(10, 2)].concat()
    );
    Ok(())
}

#[tokio::test]
async fn aborted_uploads_leave_nothing() -> TestResult {
    let (_dir, storage) = store().await?;
    let upload = storage
        .create_multipart_upload("bucket", "k", ObjectAttrs::default(), None, None)
        .await?;
    upload_parts(&storage, &upload, &[data(1000, 1)]).await?;
    assert!(matches!(
        storage
            .abort_multipart_upload("bucket", "other-key", &upload.upload_id)
            .await,
        Err(StorageError::NoSuchUpload(_))
    ));
    storage
        .abort_multipart_upload("bucket", "k", &upload.upload_id)
        .await?;
    assert!(matches!(
        storage
            .abort_multipart_upload("bucket", "k", &upload.upload_id)
            .await,
        Err(StorageError::NoSuchUpload(_))
    ));
    let staged = storage.stage("bucket", &[], body(vec![b"late".to_vec()])).await?;
    assert!(matches!(
        storage
            .upload_part("bucket", "k", &upload.upload_id, 2, staged)
            .await,
        Err(StorageError::NoSuchUpload(_))
    ));
    for bad_id in ["../../../etc", "", "ZZZZ"] {
        assert!(matches!(
            storage.upload_meta("bucket", "k", bad_id).await,
            Err(StorageError::NoSuchUpload(_))
        ));
    }
    assert_eq!(fs::read_dir(storage.root().join("bucket/uploads"))?.count(), 0);
    for _ in 0..100 {
        if tmp_entries(&storage, "bucket") == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(tmp_entries(&storage, "bucket"), 0);
    Ok(())
}

#[tokio::test]
async fn part_copy_takes_a_range() -> TestResult {
    let (_dir, storage) = store().await?;
    let content = data(6 * 1024 * 1024, 5);
    put(&storage, "bucket", "src", &content).await?;
    let upload = storage
        .create_multipart_upload("bucket", "dst", ObjectAttrs::default(), None, None)
        .await?;
    let copy = |number: u32, range: Option<ByteRange>| UploadPartCopyRequest {
        source_bucket: "bucket".into(),
        source_key: "src".into(),
        source_conditions: ReadConditions::default(),
        source_range: range,
        bucket: "bucket".into(),
        key: "dst".into(),
        upload_id: upload.upload_id.clone(),
        part_number: number,
    };
    let first = storage.upload_part_copy(copy(1, None)).await?;
    let second = storage
        .upload_part_copy(copy(
            2,
            Some(ByteRange::FromTo {
                first: 10,
                last: Some(19),
            }),
        ))
        .await?;
    assert_eq!(second.size, 10);
    for beyond in [
        ByteRange::FromTo {
            first: 7_000_000,
            last: None,
        },
        ByteRange::FromTo {
            first: 0,
            last: Some(7_000_000),
        },
    ] {
        assert!(matches!(
            storage.upload_part_copy(copy(3, Some(beyond))).await,
            Err(StorageError::InvalidRange { .. })
        ));
    }
    assert!(matches!(
        storage.upload_part_copy(copy(0, None)).await,
        Err(StorageError::InvalidArgument(_))
    ));
    let specs = [first, second]
        .into_iter()
        .map(|p| CompletedPartSpec {
            part_number: p.part_number,
            etag: p.etag,
            checksums: Checksums::default(),
        })
        .collect();
    storage
        .complete_multipart_upload(
            "bucket",
            "dst",
            &upload.upload_id,
            specs,
            Checksums::default(),
            None,
            WriteConditions::default(),
        )
        .await?;
    assert_eq!(
        get(&storage, "bucket", "dst").await?,
        [&content[..], &content[10..20]].concat()
    );
    Ok(())
}

#[tokio::test]
async fn stale_temporary_files_are_removed() -> TestResult {
    let (_dir, storage) = store().await?;
    let tmp = storage.root().join("bucket/tmp");
    let old = tmp.join("old.tmp");
    let fresh = tmp.join("fresh.tmp");
    fs::write(&old, b"x")?;
    fs::write(&fresh, b"x")?;
    File::options()
        .write(true)
        .open(&old)?
        .set_modified(SystemTime::now() - Duration::from_secs(48 * 3600))?;
    fs::create_dir(storage.root().join(ROOT_TMP).join("gone.abc.deleted"))?;
    assert_eq!(
        storage
            .remove_stale_temp_files(Duration::from_secs(24 * 3600))
            .await?,
        2
    );
    assert!(!old.exists() && fresh.exists());
    Ok(())
}

#[allow(dead_code)]
fn assert_send_sync() {
    fn check<T: Send + Sync>() {}
    check::<FsStorage>();
    check::<ObjectStream>();
    check::<StagedData>();
}
