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

use super::{InspectArgs, Result, json as contract, output, resolve};
use crate::app::evidence::{FileReport, Occurrence, judge, open_evidence, read};
use crate::app::{KnownSecrets, SavedSecrets, candidates};
use crate::token::{self, Context, Usage, utc};
use videosdk_token_core::evidence::Kind;

pub fn run(a: &InspectArgs, path: &Path) -> Result<u8> {
    let given = super::resolve::given(&a.secret)?;
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

fn human(report: &FileReport, path: &str, now: Timestamp, tz: &TimeZone) -> String {
    let mut out = String::new();
    let n = report.tokens.len();
    let _ = writeln!(
        out,
        "File: {} ({}): {}",
        output::shown(path),
        report.kind_name(),
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
                    crate::app::evidence::time_left(&t.report, now)
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
            let when = o.when(tz);
            let answer = o
                .answer()
                .map_or(String::new(), |a| format!("; answer: {a}"));
            let _ = writeln!(out, "    {when}{answer}");
            let _ = writeln!(out, "    {}", output::shown(&o.explanation()));
            let _ = writeln!(out, "    {}", o.timeline.text(tz));
        }
    }
    out
}
