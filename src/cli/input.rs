//! Input from the user: prompts (passwords without echo), files or stdin, and the `--yes`
//! confirmation of destructive commands.

use std::io::{BufRead, IsTerminal, Read};
use std::path::Path;

use super::error::CliError;
use crate::api::user::validate_password;

/// Whether prompts can be shown: stdin is a terminal.
pub fn interactive() -> bool {
    std::io::stdin().is_terminal()
}

/// Asks for one line on the terminal (echoed), the prompt on stderr.
pub fn prompt_line(prompt: &str) -> Result<String, CliError> {
    eprint!("{prompt}");
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| CliError::failure("cannot read from the terminal").with_cause(e))?;
    Ok(line.trim().to_string())
}

/// Asks for a secret on the terminal without echo.
pub fn prompt_secret(prompt: &str) -> Result<String, CliError> {
    rpassword::prompt_password(prompt)
        .map_err(|e| CliError::failure("cannot read the password from the terminal").with_cause(e))
}

/// Asks for a new password twice and checks it against the server's rules.
pub fn prompt_new_password(username: &str) -> Result<String, CliError> {
    let first = prompt_secret(&format!("New password for '{username}': "))?;
    check_new_password(&first)?;
    let second = prompt_secret("Repeat the new password: ")?;
    if first != second {
        return Err(CliError::invalid_argument("the two passwords differ")
            .with_hint("run the command again and type the same password twice"));
    }
    Ok(first)
}

/// The server's password rules, checked before anything is sent.
pub fn check_new_password(password: &str) -> Result<(), CliError> {
    validate_password(password).map_err(CliError::invalid_argument)
}

/// A value given as an option or, on a terminal, asked for; else a usage error naming the
/// option to pass.
pub fn given_or_prompted(
    given: Option<String>,
    what: &str,
    how_to_give: &str,
    prompt: impl FnOnce() -> Result<String, CliError>,
) -> Result<String, CliError> {
    match given.filter(|v| !v.is_empty()) {
        Some(v) => Ok(v),
        None if interactive() => prompt(),
        None => Err(CliError::usage(format!(
            "no {what} given, and stdin is not a terminal to ask for it"
        ))
        .with_hint(how_to_give.to_string())),
    }
}

/// Refuses a destructive action unless `--yes` was given. `action` completes "add --yes to ...".
pub fn require_yes(yes: bool, action: &str) -> Result<(), CliError> {
    if yes {
        Ok(())
    } else {
        Err(CliError::confirmation_required(action))
    }
}

/// Reads a file, or stdin when the path is `-`, byte for byte.
pub fn read_file_or_stdin(path: &Path, what: &str) -> Result<Vec<u8>, CliError> {
    if path == Path::new("-") {
        let mut buf = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut buf)
            .map_err(|e| CliError::failure(format!("cannot read the {what} from stdin")).with_cause(e))?;
        return Ok(buf);
    }
    std::fs::read(path).map_err(|e| {
        CliError::failure(format!("cannot read the {what} file {}", path.display()))
            .with_cause(e)
            .with_hint("check the path; pass - to read from stdin")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::error::ExitStatus;

    #[test]
    fn yes_refusal_names_the_flag_and_the_action() {
        assert!(require_yes(true, "remove user 'bob'").is_ok());
        let err = require_yes(false, "remove user 'bob'").unwrap_err();
        assert_eq!(err.status(), ExitStatus::Usage);
        assert_eq!(err.hint(), Some("add --yes to remove user 'bob'"));
    }

    #[test]
    fn short_passwords_are_refused_before_sending() {
        let err = check_new_password("short").unwrap_err();
        assert_eq!(err.status(), ExitStatus::InvalidInput);
        assert!(check_new_password("long enough").is_ok());
    }

    #[test]
    fn given_values_need_no_terminal() {
        let v = given_or_prompted(Some("x".into()), "password", "pass --password", || {
            panic!("must not prompt")
        });
        assert_eq!(v.unwrap(), "x");
    }

    #[test]
    fn files_are_read_byte_for_byte() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("p.json");
        let bytes = b"\xef\xbb\xbf{ \"Version\" :\r\n \"2012-10-17\" }\n";
        std::fs::write(&p, bytes).unwrap();
        assert_eq!(read_file_or_stdin(&p, "policy").unwrap(), bytes);
        let err = read_file_or_stdin(&dir.path().join("missing"), "policy").unwrap_err();
        assert!(err.message().contains("cannot read the policy file"), "{err:?}");
    }
}
