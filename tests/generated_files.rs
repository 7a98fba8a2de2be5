//! The committed shell completions (`completions/`) and man pages (`man/`) must be what the
//! clap tree generates. Regenerates them into a temporary directory and compares; with
//! `UPDATE_GENERATED=1` rewrites the committed files instead:
//!
//!     UPDATE_GENERATED=1 cargo test --test generated_files

#![cfg(feature = "cli")]

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use weka::cli::generate::{GENERATED_DIRS, generated_files};

const UPDATE_COMMAND: &str = "UPDATE_GENERATED=1 cargo test --test generated_files";

/// Every file under the generated directories, relative to `root`.
fn files_under(root: &Path) -> BTreeSet<PathBuf> {
    let mut found = BTreeSet::new();
    for dir in GENERATED_DIRS {
        let Ok(entries) = fs::read_dir(root.join(dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            if entry.path().is_file() {
                found.insert(PathBuf::from(dir).join(entry.file_name()));
            }
        }
    }
    found
}

fn write_all(root: &Path) -> BTreeSet<PathBuf> {
    let files = generated_files().expect("the clap tree renders");
    let mut written = BTreeSet::new();
    for f in files {
        let path = root.join(&f.path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, &f.contents).unwrap();
        written.insert(f.path);
    }
    written
}

#[test]
fn generated_files_are_current() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("UPDATE_GENERATED").is_some_and(|v| !v.is_empty() && v != "0") {
        for stale in files_under(repo) {
            fs::remove_file(repo.join(stale)).unwrap();
        }
        let written = write_all(repo);
        eprintln!(
            "rewrote {} generated files under {GENERATED_DIRS:?}",
            written.len()
        );
        return;
    }

    let temp = tempfile::tempdir().unwrap();
    let expected = write_all(temp.path());
    let committed = files_under(repo);
    let mut problems = Vec::new();
    for path in expected.union(&committed) {
        let want = fs::read(temp.path().join(path)).ok();
        let have = fs::read(repo.join(path)).ok();
        match (want, have) {
            (Some(_), None) => problems.push(format!("missing: {}", path.display())),
            (None, Some(_)) => problems.push(format!("stale (no longer generated): {}", path.display())),
            (Some(w), Some(h)) if w != h => problems.push(format!("out of date: {}", path.display())),
            _ => {}
        }
    }
    assert!(
        problems.is_empty(),
        "the generated files differ from the clap tree:\n  {}\nupdate them with:\n  {UPDATE_COMMAND}",
        problems.join("\n  ")
    );
}
