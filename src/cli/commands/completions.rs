use clap_complete::Shell;

use crate::cli::context::CommandContext;
use crate::cli::error::CliError;
use crate::cli::output::write_stdout;

/// Print a shell completion script to stdout.
///
/// Load it in your shell, for example:
///
///   bash:  weka completions bash > ~/.local/share/bash-completion/completions/weka
///
///   zsh:   weka completions zsh > ~/.zfunc/_weka   (with ~/.zfunc in $fpath)
///
///   fish:  weka completions fish > ~/.config/fish/completions/weka.fish
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to write the script for.
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn cmd_completions(_ctx: &CommandContext, args: CompletionsArgs) -> Result<(), CliError> {
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut crate::cli::command(), "weka", &mut buf);
    write_stdout(&String::from_utf8_lossy(&buf))
}
