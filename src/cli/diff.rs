//! `videosdk-token diff A B`: two tokens compared claim by claim, by what
//! the differences mean ([`crate::token::diff`]).
//!
//! Each token is read and cleaned as `inspect` reads it (argument or `-`
//! for stdin, at most one of them; bounded input) and inspected with the
//! same secrets (given by `VIDEOSDK_SECRET_KEY` or saved projects), so each
//! gets the verdict `inspect` would give it. Exit 0 when both decode,
//! whether or not they differ; 2 when either is not a JWT (the message says
//! which) or on a usage error.
//!
//! `--json`: `{a, b, differences: [{claim, a, b, meaning}]}`, where the
//! top-level `a` and `b` sum each token up as `{verdict, outcome, claims}`
//! (`outcome` as in `inspect --json`, `claims` the decoded payload).

use std::fmt::Write as _;
use std::io::{IsTerminal as _, Write as _};

use anstyle::Style;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde_json::{Map, Value, json};
use zeroize::Zeroizing;

use super::input::{STDIN_LIMIT, read_stdin_limited, strip_one_newline};
use super::output::{shown, verdict_style};
use super::{DiffArgs, Result, fail, json, output, resolve};
use crate::app::{EnvPair, SavedSecrets};
use crate::token::{self, Difference, Outcome, Report, Usage, inspect_oversized, shown_name};

/// One side's text, or the size of a piped input too long to be a token.
enum Input {
    Text(Zeroizing<String>),
    TooLong(usize),
}

/// A token argument: the text itself, or stdin for `-`.
fn read(arg: &str) -> Result<Input> {
    if arg != "-" {
        return Ok(Input::Text(Zeroizing::new(arg.to_owned())));
    }
    if std::io::stdin().is_terminal() {
        eprintln!("Paste the token, then press Enter and Ctrl-D:");
    }
    Ok(match read_stdin_limited(STDIN_LIMIT)? {
        Ok(text) => Input::Text(Zeroizing::new(strip_one_newline(&text).to_owned())),
        Err(read) => Input::TooLong(read),
    })
}

/// The verdict `inspect` would give, with the same secrets.
fn inspect(
    input: &Input,
    saved: &mut SavedSecrets<'_>,
    environment: Option<&EnvPair>,
    now: Timestamp,
    tz: &TimeZone,
) -> Report {
    match input {
        Input::Text(text) => saved
            .inspect_all(environment, text, now, tz, &Usage::default(), 1)
            .swap_remove(0),
        Input::TooLong(read) => inspect_oversized(*read),
    }
}

/// `A is not a JWT: …` for each side that is not.
fn not_a_jwt(a: &Report, b: &Report) -> Option<String> {
    let why: Vec<String> = [("A", a), ("B", b)]
        .into_iter()
        .filter(|(_, r)| r.outcome == Outcome::NotJwt)
        .map(|(side, r)| {
            let reason = r.verdict.strip_prefix("Not a JWT: ").unwrap_or(&r.verdict);
            format!("{side} is not a JWT: {reason}")
        })
        .collect();
    (!why.is_empty()).then(|| why.join("; "))
}

pub fn run(args: &DiffArgs) -> Result<u8> {
    if args.a == "-" && args.b == "-" {
        return Err(fail(
            "only one of A and B can be - (stdin): give the other token as an argument",
        ));
    }
    let (input_a, input_b) = (read(&args.a)?, read(&args.b)?);
    let storage = resolve::storage();
    let environment = resolve::environment()?;
    let (now, tz) = (Timestamp::now(), TimeZone::system());
    let mut saved = SavedSecrets::open(&storage);
    let env = environment.as_ref();
    let a = inspect(&input_a, &mut saved, env, now, &tz);
    let b = inspect(&input_b, &mut saved, env, now, &tz);
    for w in saved.warnings() {
        output::warning(w);
    }
    if let Some(why) = not_a_jwt(&a, &b) {
        return Err(fail(why));
    }
    let empty = Map::new();
    let claims = |r: &Report| r.claims.clone().unwrap_or_else(|| empty.clone());
    let differences = token::diff(&claims(&a), &claims(&b));
    let text = if args.json {
        json::to_text(&diff_json(&a, &b, &differences), true) + "\n"
    } else {
        human(&a, &b, &differences)
    };
    output::stdout(&text);
    let _ = std::io::stdout().flush();
    Ok(0)
}

/// The `diff --json` shape (see the module docs).
fn diff_json(a: &Report, b: &Report, differences: &[Difference]) -> Value {
    let summary =
        |r: &Report| json!({"verdict": r.verdict, "outcome": r.outcome, "claims": r.claims});
    json!({"a": summary(a), "b": summary(b), "differences": differences})
}

/// Widest a value column grows; longer values are cut with `…`.
const MAX_CELL: usize = 28;

/// `text` cut to `max` characters (the last one `…`).
fn cell(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let head: String = text.chars().take(max - 1).collect();
    head + "…"
}

/// The human form: each verdict (coloured on a terminal), then a table
/// of the differences. Everything from the tokens is [`shown`].
fn human(a: &Report, b: &Report, differences: &[Difference]) -> String {
    let mut out = String::new();
    for (side, r) in [("A", a), ("B", b)] {
        let style: Style = verdict_style(r.outcome);
        let _ = writeln!(out, "{side}: {style}{}{style:#}", shown(&r.verdict));
    }
    out.push('\n');
    if differences.is_empty() {
        out.push_str("No differences: the two tokens carry the same claims.\n");
        return out;
    }
    let n = differences.len();
    let plural = if n == 1 { "" } else { "s" };
    let _ = writeln!(out, "{n} difference{plural} (A -> B):");
    let rows: Vec<[String; 4]> = differences
        .iter()
        .map(|d| {
            [
                cell(&shown_name(&d.claim), 24),
                cell(&d.shown_a(), MAX_CELL),
                cell(&d.shown_b(), MAX_CELL),
                shown(&d.meaning).into_owned(),
            ]
        })
        .collect();
    let header = ["CLAIM", "A", "B", "MEANING"].map(str::to_owned);
    let mut widths = [0usize; 3];
    for row in std::iter::once(&header).chain(&rows) {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    for row in std::iter::once(&header).chain(&rows) {
        let [claim, va, vb, meaning] = row;
        let (w0, w1, w2) = (widths[0], widths[1], widths[2]);
        let _ = writeln!(out, "  {claim:<w0$}  {va:<w1$}  {vb:<w2$}  {meaning}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_cut_with_an_ellipsis() {
        assert_eq!(cell("abc", 5), "abc");
        assert_eq!(cell("abcdef", 5), "abcd…");
        assert_eq!(cell("ééééééé", 3), "éé…");
    }
}
