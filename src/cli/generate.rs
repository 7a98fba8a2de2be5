//! The files generated from the clap tree: shell completions (`completions/`) and man pages
//! (`man/`). `tests/generated_files.rs` checks that the committed copies are current and
//! rewrites them with `UPDATE_GENERATED=1 cargo test --test generated_files`.

use std::io;
use std::path::PathBuf;

use clap_complete::{Generator, Shell};

/// The directories (relative to the package root) that hold only generated files.
pub const GENERATED_DIRS: &[&str] = &["completions", "man"];

/// The shells completions are generated for.
pub const SHELLS: &[Shell] = &[
    Shell::Bash,
    Shell::Zsh,
    Shell::Fish,
    Shell::Elvish,
    Shell::PowerShell,
];

/// One generated file: its path relative to the package root and its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: PathBuf,
    pub contents: Vec<u8>,
}

/// Every generated file, in a stable order.
pub fn generated_files() -> io::Result<Vec<GeneratedFile>> {
    let mut files = Vec::new();
    for shell in SHELLS {
        let mut contents = Vec::new();
        clap_complete::generate(*shell, &mut super::command(), "weka", &mut contents);
        files.push(GeneratedFile {
            path: PathBuf::from("completions").join(shell.file_name("weka")),
            contents,
        });
    }
    let mut cmd = super::command().disable_help_subcommand(true);
    cmd.build();
    man_pages(&cmd, &mut files)?;
    Ok(files)
}

/// A man page for `cmd` and for each of its visible subcommands (`weka-s3-policy-add.1`).
fn man_pages(cmd: &clap::Command, files: &mut Vec<GeneratedFile>) -> io::Result<()> {
    let man = clap_mangen::Man::new(cmd.clone())
        .source(concat!("weka ", env!("CARGO_PKG_VERSION")))
        .manual("weka manual");
    let mut contents = Vec::new();
    man.render(&mut contents)?;
    files.push(GeneratedFile {
        path: PathBuf::from("man").join(man.get_filename()),
        contents,
    });
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        man_pages(sub, files)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_leaf_command_has_a_man_page_and_every_shell_a_script() {
        let files = generated_files().unwrap();
        let names: Vec<String> = files.iter().map(|f| f.path.display().to_string()).collect();
        for want in [
            "completions/weka.bash",
            "completions/_weka",
            "completions/weka.fish",
            "completions/weka.elv",
            "completions/_weka.ps1",
            "man/weka.1",
            "man/weka-s3-policy-add.1",
            "man/weka-s3-cluster-oidc-show.1",
            "man/weka-user-login.1",
            "man/weka-completions.1",
        ] {
            assert!(names.iter().any(|n| n == want), "missing {want} in {names:?}");
        }
        assert!(!names.iter().any(|n| n.contains("help")), "{names:?}");
        let add = files
            .iter()
            .find(|f| f.path.ends_with("weka-s3-cluster-oidc-add.1"))
            .unwrap();
        let text = String::from_utf8_lossy(&add.contents);
        assert!(text.contains("config\\-url"), "{text}");
        assert!(
            !text.contains("claim\\-name"),
            "the hidden option leaked into the man page:\n{text}"
        );
    }
}
