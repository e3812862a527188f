//! `videosdk-token inspect --file PATH`: a HAR, log or `.env` a customer
//! sent; every VideoSDK token in it judged now and at each moment it was
//! used. Nothing from the file is printed but what concerns those tokens:
//! places with their query strings cut, and a token's first characters.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde_json::{Value, json};

use super::input::{encoding, read_secret_stdin};
use super::{InspectArgs, Result, json as contract, output, resolve};
use crate::app::evidence::{FileReport, Occurrence, judge, open_evidence, read};
use crate::app::{KnownSecrets, SavedSecrets, candidates};
use crate::token::{self, Context, Outcome, Report, Usage, local, relative, utc};
use videosdk_token_core::evidence::Kind;

pub fn run(a: &InspectArgs, path: &Path) -> Result<u8> {
    let given = if a.secret.secret_stdin {
        Some(read_secret_stdin(
            "Secret key (input hidden): ",
            encoding(a.secret.secret_base64),
        )?)
    } else {
        None
    };
    // Refused before a byte is read: not a regular file, or over 512 MB.
    let reader = open_evidence(path)?;
    let environment = resolve::environment()?;
    let now = Timestamp::now();
    let tz = TimeZone::system();
    let ev = read(reader, &tz);
    let usage = Usage::default();
    let report = if let Some(given) = &given {
        let candidates = candidates(&KnownSecrets {
            given: Some(given),
            ..KnownSecrets::default()
        });
        judge(&ev, now, |t, at| {
            let ctx = Context {
                now: at,
                tz: tz.clone(),
                candidates: &candidates,
                usage: usage.clone(),
            };
            token::inspect(t, &ctx)
        })
    } else {
        let storage = resolve::storage();
        let mut saved = SavedSecrets::open(&storage);
        let report = judge(&ev, now, |t, at| {
            saved
                .inspect_all(environment.as_ref(), t, at, &tz, &usage, 1)
                .swap_remove(0)
        });
        for w in saved.warnings() {
            output::warning(w);
        }
        report
    };
    if let Some(problem) = &report.problem {
        output::warning(problem);
    }
    if report.unrecorded > 0 {
        output::warning(&format!(
            "{} more sightings were not reported (limits: {} tokens, {} sightings)",
            report.unrecorded,
            videosdk_token_core::evidence::MAX_TOKENS,
            videosdk_token_core::evidence::MAX_SIGHTINGS
        ));
    }
    let shown_path = path.display().to_string();
    let text = if a.json {
        contract::to_text(&file_json(&report, &shown_path), true) + "\n"
    } else {
        human(&report, &shown_path, now, &tz)
    };
    output::stdout(&text);
    let _ = std::io::stdout().flush();
    if report.tokens.is_empty() {
        return Ok(2);
    }
    Ok(contract::exit_code_all(
        report.tokens.iter().map(|t| t.report.outcome),
    ))
}

/// The `inspect --file --json` shape: `{file: {kind, path}, tokens: [report
/// + {token, seen: [occurrence]}]}`.
pub fn file_json(report: &FileReport, path: &str) -> Value {
    let tokens: Vec<Value> = report
        .tokens
        .iter()
        .map(|t| {
            let mut v = contract::report_json(&t.report);
            if let Value::Object(m) = &mut v {
                m.insert("token".into(), Value::String(t.start.clone()));
                let seen: Vec<Value> = t.seen.iter().map(occurrence_json).collect();
                m.insert("seen".into(), Value::Array(seen));
            }
            v
        })
        .collect();
    json!({
        "file": {"kind": report.kind.as_str(), "path": path},
        "tokens": tokens,
    })
}

fn occurrence_json(o: &Occurrence) -> Value {
    json!({
        "at": o.at.map(utc),
        "where": o.place,
        "status": o.status,
        "response_code": o.response_code.map(|c| json!({"code": c.code, "name": c.name})),
        "at_that_time": {
            "outcome": o.outcome,
            "findings": o.findings.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
        },
        "explains_response": o.explains,
    })
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Har => "a HAR export",
        Kind::Env => "a .env file",
        Kind::Text => "a log (text)",
    }
}

fn outcome_word(o: Outcome) -> &'static str {
    match o {
        Outcome::Valid => "valid",
        Outcome::Invalid => "invalid",
        Outcome::NotJwt => "not a JWT",
        Outcome::Unverified => "not verified (no secret for it), no error found",
    }
}

/// How long a token has left: "expires in 3 h", "expired 2 d ago".
fn time_left(report: &Report, now: Timestamp) -> String {
    let exp = report
        .claims
        .as_ref()
        .and_then(|c| c.get("exp"))
        .and_then(Value::as_i64)
        .and_then(|s| Timestamp::from_second(s).ok());
    match exp {
        Some(t) if t > now => format!("expires {}", relative(t, now)),
        Some(t) => format!("expired {}", relative(t, now)),
        None => "no expiry".to_owned(),
    }
}

/// What VideoSDK answered, in words: "HTTP 401, 4002 INVALID_TOKEN".
fn answer(o: &Occurrence) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(s) = o.status {
        parts.push(format!("HTTP {s}"));
    }
    if let Some(c) = o.response_code {
        if c.code == 401 && o.status == Some(401) {
            parts.push(format!("\"{}\"", c.name));
        } else {
            parts.push(format!("{} {}", c.code, c.name));
        }
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// The sentence on whether the token explains the answer.
fn explanation(o: &Occurrence) -> String {
    let findings: Vec<&str> = o.findings.iter().map(|c| c.as_str()).collect();
    let state = if findings.is_empty() {
        outcome_word(o.outcome).to_owned()
    } else {
        format!("{} ({})", outcome_word(o.outcome), findings.join(", "))
    };
    let what = o
        .response_code
        .map(|c| c.code.to_string())
        .or(o.status.map(|s| s.to_string()))
        .unwrap_or_default();
    match o.explains {
        Some(true) => format!("{state} at that moment: explains the {what}"),
        Some(false) => {
            let advice = match o.response_code.map(|c| c.code) {
                Some(4001) => "look at the API key the app sent",
                _ => "look at what else the request sent (API key, room, account)",
            };
            format!("{state} at that moment: the {what} is not explained by this token, {advice}")
        }
        None => format!("{state} at that moment"),
    }
}

fn human(report: &FileReport, path: &str, now: Timestamp, tz: &TimeZone) -> String {
    let mut out = String::new();
    let n = report.tokens.len();
    let _ = writeln!(
        out,
        "File: {} ({}): {}",
        output::shown(path),
        kind_name(report.kind),
        match n {
            0 => "no VideoSDK token found".to_owned(),
            1 => "1 VideoSDK token".to_owned(),
            n => format!("{n} VideoSDK tokens"),
        }
    );
    if report.kind == Kind::Env {
        for t in &report.tokens {
            for o in &t.seen {
                let _ = writeln!(
                    out,
                    "  {}  {}  {}; {}",
                    output::shown(&o.place),
                    output::shown(&t.start),
                    output::shown(&t.report.verdict),
                    time_left(&t.report, now)
                );
            }
        }
    }
    for (i, t) in report.tokens.iter().enumerate() {
        let _ = writeln!(out, "\nToken {} of {n}: {}", i + 1, output::shown(&t.start));
        out.push_str(&output::human(&t.report, now, tz, true));
        if report.kind == Kind::Env {
            continue;
        }
        let times = if t.seen.len() == 1 { "once" } else { "times" };
        let count = if t.seen.len() == 1 {
            String::new()
        } else {
            format!("{} ", t.seen.len())
        };
        let _ = writeln!(out, "\nSeen {count}{times}:");
        for o in &t.seen {
            let _ = writeln!(out, "  {}", output::shown(&o.place));
            let when = match o.at {
                Some(at) if o.local_time => format!(
                    "at {} (no zone in the file: read as local time)",
                    local(at, tz)
                ),
                Some(at) => format!("at {} ({})", local(at, tz), utc(at)),
                None => "no time in the file: judged now".to_owned(),
            };
            let answer = answer(o).map_or(String::new(), |a| format!("; answer: {a}"));
            let _ = writeln!(out, "    {when}{answer}");
            let _ = writeln!(out, "    {}", output::shown(&explanation(o)));
            let _ = writeln!(out, "    {}", o.timeline.text(tz));
        }
    }
    out
}
