//! What the CLI prints for people (the JSON shapes live with the core).

use std::fmt::Write as _;

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::token::{Outcome, Report};

/// The human form of an inspection: verdict first, then findings, claims,
/// header. `color` paints the verdict (green valid, red invalid, yellow not
/// verified) for a terminal.
pub fn human(report: &Report, now: Timestamp, tz: &TimeZone, color: bool) -> String {
    let mut out = String::new();
    if color {
        let code = match report.outcome {
            Outcome::Valid => "1;32",
            Outcome::Unverified => "1;33",
            Outcome::Invalid | Outcome::NotJwt => "1;31",
        };
        let _ = writeln!(out, "\x1b[{code}m{}\x1b[0m", report.verdict);
    } else {
        let _ = writeln!(out, "{}", report.verdict);
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
    let mut widths = headers.map(str::len);
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
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
