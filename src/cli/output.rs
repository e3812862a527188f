//! What the CLI prints for people. Colours go through `anstream`, which
//! drops them when stdout is not a terminal or `NO_COLOR` is set, keeps them
//! with `CLICOLOR_FORCE`, and speaks to Windows consoles.

use std::fmt::Write as _;
use std::io::Write as _;

use anstyle::{AnsiColor, Style};

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::token::{Outcome, Report};

/// Writes to stdout, colours kept only where they belong (see the module docs).
/// A closed pipe (`| head`) is the reader's choice, not an error.
pub fn stdout(text: &str) {
    let _ = anstream::stdout().write_all(text.as_bytes());
}

/// `videosdk-token: error: …` on stderr.
pub fn error(msg: &str) {
    let _ = writeln!(anstream::stderr(), "videosdk-token: error: {msg}");
}

/// `videosdk-token: warning: …` on stderr.
pub fn warning(msg: &str) {
    let _ = writeln!(anstream::stderr(), "videosdk-token: warning: {msg}");
}

/// The verdict's colour: green valid, yellow not verified, red invalid.
fn verdict_style(outcome: Outcome) -> Style {
    let colour = match outcome {
        Outcome::Valid => AnsiColor::Green,
        Outcome::Unverified => AnsiColor::Yellow,
        Outcome::Invalid | Outcome::NotJwt => AnsiColor::Red,
    };
    Style::new().bold().fg_color(Some(colour.into()))
}

/// The human form of an inspection: verdict first (coloured), then
/// findings, claims, header.
pub fn human(report: &Report, now: Timestamp, tz: &TimeZone) -> String {
    let mut out = String::new();
    let style = verdict_style(report.outcome);
    let _ = writeln!(out, "{style}{}{style:#}", report.verdict);
    if !report.findings.is_empty() {
        let _ = writeln!(out, "\nFindings (worst first):");
        let width = report
            .findings
            .iter()
            .map(|f| f.code.as_str().len())
            .max()
            .unwrap_or(0);
        for f in &report.findings {
            let code = f
                .videosdk_error
                .map(|c| format!(" [VideoSDK {c}]"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {:<7} {:<width$}  {}{code}",
                f.severity.as_str(),
                f.code.as_str(),
                f.message
            );
        }
    }
    let rows = report.claim_rows(now, tz);
    if !rows.is_empty() {
        let _ = writeln!(out, "\nClaims:");
        let width = rows
            .iter()
            .map(|r| r.name.chars().count())
            .max()
            .unwrap_or(0)
            .min(24);
        for r in &rows {
            let value = match &r.time {
                Some(t) => format!("{} = {} = {} ({})", r.value, t.utc, t.local, t.relative),
                None => r.value.clone(),
            };
            let meaning = r.meaning.map(|m| format!("  — {m}")).unwrap_or_default();
            let _ = writeln!(out, "  {:<width$}  {value}{meaning}", r.name);
        }
    }
    if let Some(h) = &report.header {
        let _ = writeln!(out, "\nHeader: {}", serde_json::Value::Object(h.clone()));
    }
    out
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
}

/// `project list` as a table or JSON.
pub fn projects(rows: &[ProjectRow], json: bool) -> String {
    if json {
        return serde_json::to_string_pretty(rows)
            .map(|s| s + "\n")
            .unwrap_or_default();
    }
    let headers = ["", "NAME", "API KEY", "PERMISSIONS", "EXPIRES", "SECRET"];
    let cells: Vec<[String; 6]> = rows
        .iter()
        .map(|r| {
            [
                if r.default { "*".into() } else { String::new() },
                r.name.clone(),
                r.api_key.clone(),
                r.permissions.clone(),
                r.expires.clone(),
                r.secret.clone(),
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
    out
}
