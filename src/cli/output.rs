//! Everything the CLI prints on success: one [`Output::emit`] that writes either the RPC
//! result as pretty JSON (`--json`) or the human form (a table or text) to stdout, and
//! [`Output::status`] for status lines on stderr.

use std::fmt::Write as _;
use std::io::{IsTerminal, Write};

use serde::Serialize;
use tabled::grid::util::string::get_text_width;
use time::{OffsetDateTime, UtcOffset};

use super::error::CliError;

/// When to color headers and status words (`--color`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Color when stdout is a terminal and `NO_COLOR` is not set.
    Auto,
    /// Always color, even into a pipe.
    Always,
    /// Never color.
    Never,
}

impl ColorChoice {
    /// Whether to color, given whether stdout is a terminal and the value of `NO_COLOR` and `TERM`.
    pub fn resolve(self, is_terminal: bool, no_color: Option<&str>, term: Option<&str>) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => is_terminal && no_color.is_none_or(str::is_empty) && term != Some("dumb"),
        }
    }
}

/// Terminal paint for headers and status words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paint {
    Bold,
    Green,
    Red,
    Yellow,
}

impl Paint {
    fn code(self) -> &'static str {
        match self {
            Paint::Bold => "1",
            Paint::Green => "32",
            Paint::Red => "31",
            Paint::Yellow => "33",
        }
    }
}

/// The human form of a result.
pub enum Human {
    /// A table to stdout.
    Table(Table),
    /// Text to stdout (a trailing newline is added when missing).
    Text(String),
    /// Nothing on stdout: the result is only a status line, written to stderr.
    Status(String),
}

/// A table of strings with fixed column headers, and what to say when it has no rows.
pub struct Table {
    headers: Vec<&'static str>,
    rows: Vec<Vec<String>>,
    empty: String,
}

impl Table {
    /// `empty` is the status line written to stderr when there are no rows.
    pub fn new(headers: &[&'static str], empty: impl Into<String>) -> Table {
        Table {
            headers: headers.to_vec(),
            rows: Vec::new(),
            empty: empty.into(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells.into_iter().map(|c| sanitize(&c)).collect());
    }

    /// The table as text: columns separated by two spaces, header line first unless
    /// `no_header`, headers in bold when `color`. Empty when there are no rows.
    ///
    /// Cells are single lines (`row` escapes control characters), so the layout is one pass
    /// for the display widths (tabled's measure: wide and combining characters count right)
    /// and one to write; tabled's general grid took most of the time of a 1,000-row listing.
    pub fn render(&self, no_header: bool, color: bool) -> String {
        if self.rows.is_empty() {
            return String::new();
        }
        let width = get_text_width;
        let columns = self
            .headers
            .len()
            .max(self.rows.iter().map(Vec::len).max().unwrap_or(0));
        let mut widths = vec![0usize; columns];
        if !no_header {
            for (w, h) in widths.iter_mut().zip(&self.headers) {
                *w = width(h);
            }
        }
        for r in &self.rows {
            for (w, cell) in widths.iter_mut().zip(r) {
                *w = (*w).max(width(cell));
            }
        }
        let total: usize = widths.iter().map(|w| w + 2).sum::<usize>() + 1;
        let mut out = String::with_capacity(total * (self.rows.len() + 1));
        let mut line = String::with_capacity(total);
        let mut write_line = |out: &mut String, cells: &mut dyn Iterator<Item = &str>, bold: bool| {
            line.clear();
            for (cell, w) in cells.zip(&widths) {
                line.push_str(cell);
                let pad = w + 2 - width(cell);
                line.extend(std::iter::repeat_n(' ', pad));
            }
            let trimmed = line.trim_end();
            if bold {
                out.push_str(&paint(Paint::Bold, trimmed));
            } else {
                out.push_str(trimmed);
            }
            out.push('\n');
        };
        if !no_header {
            write_line(&mut out, &mut self.headers.iter().copied(), color);
        }
        for r in &self.rows {
            write_line(&mut out, &mut r.iter().map(String::as_str), false);
        }
        out
    }
}

/// How results are printed, from the global options.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    json: bool,
    no_header: bool,
    color: bool,
}

impl Output {
    pub fn new(json: bool, no_header: bool, color: bool) -> Output {
        Output {
            json,
            no_header,
            color,
        }
    }

    /// Resolves `--color` against the terminal and the environment (`NO_COLOR`, `TERM`).
    pub fn from_options(json: bool, no_header: bool, color: ColorChoice) -> Output {
        let no_color = std::env::var("NO_COLOR").ok();
        let term = std::env::var("TERM").ok();
        let color = color.resolve(
            std::io::stdout().is_terminal(),
            no_color.as_deref(),
            term.as_deref(),
        );
        Output::new(json, no_header, color)
    }

    pub fn json(&self) -> bool {
        self.json
    }

    pub fn color(&self) -> bool {
        self.color
    }

    /// Prints a result: `value` as pretty JSON with `--json`, else what `human` makes of it.
    pub fn emit<T: Serialize + ?Sized>(
        &self,
        value: &T,
        human: impl FnOnce(&Output) -> Human,
    ) -> Result<(), CliError> {
        if self.json {
            let text = serde_json::to_string_pretty(value)
                .map_err(|e| CliError::failure("cannot encode the result as JSON").with_cause(e))?;
            return write_stdout(&format!("{text}\n"));
        }
        self.emit_human(human(self))
    }

    /// Prints the human form (whatever `--json` says; for output that has no JSON form).
    pub fn emit_human(&self, human: Human) -> Result<(), CliError> {
        match human {
            Human::Table(table) if table.rows.is_empty() => {
                self.status(&table.empty);
                Ok(())
            }
            Human::Table(table) => write_stdout(&table.render(self.no_header, self.color)),
            Human::Text(mut text) => {
                if !text.ends_with('\n') {
                    text.push('\n');
                }
                write_stdout(&text)
            }
            Human::Status(line) => {
                self.status(&line);
                Ok(())
            }
        }
    }

    /// A status line on stderr (shown with and without `--json`; stdout stays clean).
    pub fn status(&self, line: &str) {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "{line}");
    }

    /// A status line on stderr, left out with `--json` (where the JSON result says it all).
    pub fn status_unless_json(&self, line: &str) {
        if !self.json {
            self.status(line);
        }
    }

    /// `text` in the given paint when color is on.
    pub fn paint(&self, p: Paint, text: &str) -> String {
        if self.color {
            paint(p, text)
        } else {
            text.to_string()
        }
    }
}

fn paint(p: Paint, text: &str) -> String {
    format!("\x1b[{}m{text}\x1b[0m", p.code())
}

/// Writes to stdout; a reader that went away (`weka ... | head`) is not an error.
pub fn write_stdout(text: &str) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CliError::failure("cannot write to stdout").with_cause(e)),
    }
}

/// Replaces control characters (terminal escapes included) in text that came from the server
/// or a token, so that printing it cannot drive the terminal.
pub fn sanitize(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

/// One `  Label:   value` line: two spaces, the label and its colon padded to `width`, the value.
pub fn field_line(label: &str, value: &str, width: usize) -> String {
    let label = format!("{label}:");
    format!("  {label:<width$}{}\n", sanitize(value))
}

/// A list joined with ", ", or `none` when empty.
pub fn list_or(items: &[String], none: &str) -> String {
    if items.is_empty() {
        none.to_string()
    } else {
        items.join(", ")
    }
}

/// A timestamp as RFC 3339 in UTC, to the second: `2025-11-29T04:21:07Z`.
pub fn format_time(t: OffsetDateTime) -> String {
    let t = t.to_offset(UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// How far `t` is from `now`: `in 5m`, `2h 3m ago`, `now`.
pub fn format_relative(t: OffsetDateTime, now: OffsetDateTime) -> String {
    let secs = (t - now).whole_seconds();
    let span = |s: i64| -> String {
        let (d, h, m) = (s / 86_400, (s % 86_400) / 3600, (s % 3600) / 60);
        match (d, h, m) {
            (0, 0, 0) => format!("{s}s"),
            (0, 0, m) => format!("{m}m"),
            (0, h, 0) => format!("{h}h"),
            (0, h, m) => format!("{h}h {m}m"),
            (d, 0, _) => format!("{d}d"),
            (d, h, _) => format!("{d}d {h}h"),
        }
    };
    match secs {
        0 => "now".to_string(),
        s if s > 0 => format!("in {}", span(s)),
        s => format!("{} ago", span(-s)),
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    fn sample() -> Table {
        let mut t = Table::new(&["NAME", "BUILTIN", "ATTACHED TO"], "No policies.");
        t.row(vec!["readonly".into(), "yes".into(), "-".into()]);
        t.row(vec!["s3admin".into(), "no".into(), "alice, bob".into()]);
        t
    }

    #[test]
    fn table_columns_are_aligned_and_lines_trimmed() {
        assert_eq!(
            sample().render(false, false),
            "NAME      BUILTIN  ATTACHED TO\n\
             readonly  yes      -\n\
             s3admin   no       alice, bob\n"
        );
    }

    #[test]
    fn no_header_drops_the_header_line() {
        assert_eq!(
            sample().render(true, false),
            "readonly  yes  -\ns3admin   no   alice, bob\n"
        );
    }

    #[test]
    fn color_paints_only_the_header() {
        let text = sample().render(false, true);
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some("\x1b[1mNAME      BUILTIN  ATTACHED TO\x1b[0m"));
        assert_eq!(lines.next(), Some("readonly  yes      -"));
    }

    #[test]
    fn empty_table_renders_nothing() {
        let t = Table::new(&["NAME"], "No buckets.");
        assert_eq!(t.render(false, false), "");
    }

    #[test]
    fn cells_cannot_carry_terminal_escapes() {
        let mut t = Table::new(&["IDENTITY"], "");
        t.row(vec!["evil\x1b[2Jname\n".into()]);
        assert_eq!(t.render(true, false), "evil\\u{1b}[2Jname\\u{a}\n");
    }

    #[test]
    fn color_choice_resolution() {
        let table = [
            (ColorChoice::Auto, true, None, None, true),
            (ColorChoice::Auto, false, None, None, false),
            (ColorChoice::Auto, true, Some("1"), None, false),
            (ColorChoice::Auto, true, Some(""), None, true),
            (ColorChoice::Auto, true, None, Some("dumb"), false),
            (ColorChoice::Always, false, Some("1"), None, true),
            (ColorChoice::Never, true, None, None, false),
        ];
        for (choice, tty, no_color, term, want) in table {
            assert_eq!(
                choice.resolve(tty, no_color, term),
                want,
                "{choice:?} {tty} {no_color:?} {term:?}"
            );
        }
    }

    #[test]
    fn field_lines_pad_the_label_to_the_value_column() {
        assert_eq!(
            field_line("Config URL", "https://x", 14),
            "  Config URL:   https://x\n"
        );
        assert_eq!(field_line("Claim Name", "roles", 14), "  Claim Name:   roles\n");
        assert_eq!(field_line("Keys Fetched", "t", 14), "  Keys Fetched: t\n");
    }

    #[test]
    fn times() {
        let t = datetime!(2025-11-29 04:21:07.5 +02:00);
        assert_eq!(format_time(t), "2025-11-29T02:21:07Z");
        let now = datetime!(2025-11-29 02:00:00 UTC);
        assert_eq!(format_relative(now, now), "now");
        assert_eq!(format_relative(datetime!(2025-11-29 02:00:30 UTC), now), "in 30s");
        assert_eq!(format_relative(datetime!(2025-11-29 02:59:00 UTC), now), "in 59m");
        assert_eq!(
            format_relative(datetime!(2025-11-29 04:05:00 UTC), now),
            "in 2h 5m"
        );
        assert_eq!(format_relative(datetime!(2025-11-29 03:00:00 UTC), now), "in 1h");
        assert_eq!(
            format_relative(datetime!(2025-12-02 05:00:00 UTC), now),
            "in 3d 3h"
        );
        assert_eq!(format_relative(datetime!(2025-11-29 01:57:00 UTC), now), "3m ago");
    }
}
