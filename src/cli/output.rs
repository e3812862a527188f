//! What the CLI prints for people, and the one place it is made safe to
//! print: every piece of text that can come from outside (a token, a
//! project's name, an argument, an error about them) goes through [`shown`],
//! which writes control, bidi and invisible characters as visible escapes
//! (`\u{1b}`, `<U+202E>`), so nothing pasted can act on the terminal or hide
//! from the reader. The tool's own colours are added around text already
//! shown, so they survive. Colours go through `anstream`, which drops them
//! when stdout is not a terminal or `NO_COLOR` is set, keeps them with
//! `CLICOLOR_FORCE`, and speaks to Windows consoles. (`--json` output is
//! made safe in [`super::json`], keeping exact values.)

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::Write as _;

use anstyle::{AnsiColor, Style};

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::token::{Outcome, Report, is_invisible, shown_name, visible};

/// Text from outside, made safe to print: see the module docs.
pub(super) fn shown(text: &str) -> Cow<'_, str> {
    visible(text)
}

/// Several lines of text from outside: each line [`shown`], the line
/// breaks kept.
fn shown_lines(text: &str) -> String {
    text.split('\n').map(shown).collect::<Vec<_>>().join("\n")
}

/// Writes to stdout, colours kept only where they belong (see the module
/// docs). `text` is already safe: built here from [`shown`] pieces.
/// A closed pipe (`| head`) is the reader's choice, not an error.
pub fn stdout(text: &str) {
    let _ = anstream::stdout().write_all(text.as_bytes());
}

/// One line for people on stdout (e.g. "Saved project …"), [`shown`].
pub fn say(text: &str) {
    let _ = writeln!(anstream::stdout(), "{}", shown(text));
}

/// `videosdk-token: error: …` on stderr, [`shown`].
pub fn error(msg: &str) {
    let _ = writeln!(anstream::stderr(), "videosdk-token: error: {}", shown(msg));
}

/// `videosdk-token: …` on stderr, [`shown`]: a note beside the output
/// (stdout keeps only what scripts read).
pub fn note(msg: &str) {
    let _ = writeln!(anstream::stderr(), "videosdk-token: {}", shown(msg));
}

/// `videosdk-token: warning: …` on stderr, [`shown`].
pub fn warning(msg: &str) {
    let _ = writeln!(
        anstream::stderr(),
        "videosdk-token: warning: {}",
        shown(msg)
    );
}

/// A usage error or `--help` from the argument parser. An argument holding
/// control or invisible characters is echoed in clap's error (and clap's
/// own colour stripping would cut an escape sequence out of it unseen):
/// then `unstyled`, the same message without clap's styling, is printed
/// with those characters [`shown`]; otherwise clap prints it as it styles it.
pub fn usage(e: &clap::Error, unstyled: impl FnOnce() -> Option<String>) {
    use clap::error::ErrorKind;
    let own_text = matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion);
    let text = if own_text { None } else { unstyled() };
    match text {
        Some(text) if text.chars().any(|c| c != '\n' && is_invisible(c)) => {
            let _ = anstream::stderr().write_all(shown_lines(&text).as_bytes());
        }
        _ => {
            let _ = e.print();
        }
    }
}

/// The verdict's colour: green valid, yellow not verified, red invalid.
pub(super) fn verdict_style(outcome: Outcome) -> Style {
    let colour = match outcome {
        Outcome::Valid => AnsiColor::Green,
        Outcome::Unverified => AnsiColor::Yellow,
        Outcome::Invalid | Outcome::NotJwt => AnsiColor::Red,
    };
    Style::new().bold().fg_color(Some(colour.into()))
}

/// The human form of an inspection: verdict first (coloured if `colour`),
/// then findings, claims, header. Everything from the token is [`shown`].
pub fn human(report: &Report, now: Timestamp, tz: &TimeZone, colour: bool) -> String {
    let mut out = String::new();
    let style = if colour {
        verdict_style(report.outcome)
    } else {
        Style::new()
    };
    let _ = writeln!(out, "{style}{}{style:#}", shown(&report.verdict));
    if let Some(claims) = &report.claims {
        let life = videosdk_token_core::evidence::timeline(claims, now, None);
        if life.has_lifetime() {
            let _ = writeln!(out, "Lifetime: {}", life.text(tz));
        }
    }
    if !report.findings.is_empty() {
        let _ = writeln!(out, "\nFindings (worst first):");
        let width = report
            .findings
            .iter()
            .map(|f| f.code.as_str().len())
            .max()
            .unwrap_or(0);
        for f in &report.findings {
            let code = match (f.videosdk_error, f.videosdk_error_name) {
                (Some(c), Some(name)) => format!(" [VideoSDK {c} {name}]"),
                (Some(c), None) => format!(" [VideoSDK {c}]"),
                _ => String::new(),
            };
            let _ = writeln!(
                out,
                "  {:<7} {:<width$}  {}{code}",
                f.severity.as_str(),
                f.code.as_str(),
                shown(&f.message)
            );
        }
    }
    log_codes(&mut out, report);
    claims_table(&mut out, report, now, tz);
    if let Some(h) = &report.header {
        let json = serde_json::Value::Object(h.clone()).to_string();
        let _ = writeln!(out, "\nHeader: {}", shown(&json));
    }
    out
}

/// VideoSDK errors named in the paste, and whether this token explains each.
fn log_codes(out: &mut String, report: &Report) {
    if report.log_codes.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nVideoSDK errors in the pasted text:");
    for l in &report.log_codes {
        let why = if l.explained_by.is_empty() {
            "not explained by this token".to_owned()
        } else {
            let codes: Vec<&str> = l.explained_by.iter().map(|c| c.as_str()).collect();
            format!("explained by {}", codes.join(", "))
        };
        let _ = writeln!(out, "  {} {}: {why}", l.code, l.name);
    }
}

/// The claims table: name, value (times three ways), meaning.
fn claims_table(out: &mut String, report: &Report, now: Timestamp, tz: &TimeZone) {
    let rows = report.claim_rows(now, tz);
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nClaims:");
    let names: Vec<Cow<'_, str>> = rows.iter().map(|r| shown_name(&r.name)).collect();
    let width = names
        .iter()
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(0)
        .min(24);
    for (r, name) in rows.iter().zip(&names) {
        let value = match &r.time {
            Some(t) => format!("{} = {} = {} ({})", r.value, t.utc, t.local, t.relative),
            None => r.value.clone(),
        };
        let meaning = r.meaning.map(|m| format!("  — {m}")).unwrap_or_default();
        let _ = writeln!(out, "  {name:<width$}  {}{meaning}", shown(&value));
    }
}

/// One row of `project list`.
#[derive(Debug, serde::Serialize)]
pub struct ProjectRow {
    /// Name.
    pub name: String,
    /// API key (not secret).
    pub api_key: String,
    /// Is it the default?
    pub default: bool,
    /// Default permissions, comma-separated.
    pub permissions: String,
    /// Default lifetime.
    pub expires: String,
    /// "in keyring", "missing" or "keyring unavailable" — never the secret.
    pub secret: String,
    /// Preset entries in the file the program cannot use, and why (left
    /// in the file untouched).
    pub unusable_presets: Vec<String>,
}

/// `project list` as a table or JSON.
pub fn projects(rows: &[ProjectRow], json: bool) -> String {
    if json {
        return super::json::to_text(&rows, true) + "\n";
    }
    let headers = ["", "NAME", "API KEY", "PERMISSIONS", "EXPIRES", "SECRET"];
    let cells: Vec<[String; 6]> = rows
        .iter()
        .map(|r| {
            [
                if r.default { "*".into() } else { String::new() },
                shown_name(&r.name).into_owned(),
                shown(&r.api_key).into_owned(),
                shown(&r.permissions).into_owned(),
                shown(&r.expires).into_owned(),
                shown(&r.secret).into_owned(),
            ]
        })
        .collect();
    // Columns are padded up to a cap: a 64 KB API key must not make the
    // formatter's width overflow (it panics past u16::MAX).
    const MAX_PAD: usize = 48;
    let mut widths = headers.map(str::len);
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count().min(MAX_PAD));
        }
    }
    let mut out = String::new();
    let line = |cols: Vec<&str>, out: &mut String| {
        let parts: Vec<String> = cols
            .iter()
            .zip(widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        let _ = writeln!(out, "{}", parts.join("  ").trim_end());
    };
    line(headers.to_vec(), &mut out);
    for row in &cells {
        line(row.iter().map(String::as_str).collect(), &mut out);
    }
    out.push_str("(* = default project)\n");
    for r in rows.iter().filter(|r| !r.unusable_presets.is_empty()) {
        let _ = writeln!(
            out,
            "\nProject {}: {} preset entr{} the program cannot use (left in the file as they are; fix or delete them by hand):",
            shown_name(&r.name),
            r.unusable_presets.len(),
            if r.unusable_presets.len() == 1 {
                "y"
            } else {
                "ies"
            }
        );
        for u in &r.unusable_presets {
            let _ = writeln!(out, "  - {}", shown(u));
        }
    }
    out
}
