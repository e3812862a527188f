//! Issue 19's corpus of real-world token shapes, through the core: each
//! shape's verdict, and the table of verdicts before and now
//! (`cargo test --test wild -- --nocapture table` prints it).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report

#[path = "common/mod.rs"]
mod common;

use common::wild::{Corpus, Expect, Shape, corpus};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use videosdk_token::token::{
    Candidate, Context, KeySource, Outcome, Report, SecretEncoding, SecretKey, inspect,
};

const NOW: i64 = 1_795_860_000;

fn report(c: &Corpus, shape: &Shape) -> Report {
    let secret = SecretKey::parse(&c.secret, SecretEncoding::Text).unwrap();
    let candidates = [Candidate {
        source: KeySource::Project {
            name: "acme".into(),
        },
        api_key: Some(&c.api_key),
        secret: &secret,
    }];
    let ctx = Context {
        now: Timestamp::from_second(NOW).unwrap(),
        tz: TimeZone::UTC,
        candidates: &candidates,
        usage: Default::default(),
    };
    inspect(&c.text(shape, NOW), &ctx)
}

fn exit(r: &Report) -> i32 {
    match r.outcome {
        Outcome::Valid => 0,
        Outcome::Invalid => 1,
        Outcome::NotJwt => 2,
        Outcome::Unverified => 3,
    }
}

/// Checks a report against what the corpus expects; the mismatch, if any.
pub fn check(name: &str, r: &Report, want: &Expect) -> Result<(), String> {
    let codes: Vec<&str> = r.findings.iter().map(|f| f.code.as_str()).collect();
    let first = r.findings.first();
    let fail = |what: &str| Err(format!("{name}: {what}: {codes:?} / {}", r.verdict));
    if exit(r) != want.exit {
        return fail(&format!("exit {} not {}", exit(r), want.exit));
    }
    if first.map(|f| f.code.as_str()) != want.first.as_deref() {
        return fail("first finding");
    }
    if let Some(sev) = &want.severity
        && first.map(|f| f.severity.as_str()) != Some(sev.as_str())
    {
        return fail("severity");
    }
    if let Some(v) = &want.variant
        && first.and_then(|f| f.variant) != Some(v.as_str())
    {
        return fail("variant");
    }
    for c in &want.has {
        if !codes.contains(&c.as_str()) {
            return fail(&format!("missing {c}"));
        }
    }
    for c in &want.not {
        if codes.contains(&c.as_str()) {
            return fail(&format!("has {c}"));
        }
    }
    Ok(())
}

#[test]
fn every_wild_shape_gets_its_verdict() {
    let c = corpus();
    assert!(c.shapes.len() >= 30);
    let failures: Vec<String> = c
        .shapes
        .iter()
        .filter_map(|s| check(&s.name, &report(&c, s), &s.now).err())
        .collect();
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn the_corpus_holds_no_live_credential_and_says_where_each_shape_was_seen() {
    let c = corpus();
    for s in &c.shapes {
        assert!(!s.source.is_empty() && !s.why.is_empty(), "{}", s.name);
        // Every token is re-signed here: the file holds claims, never a token.
        let raw = serde_json::to_string(&s.claims).unwrap() + s.paste.as_deref().unwrap_or("");
        assert!(!raw.contains("eyJ"), "{}: a token in the corpus", s.name);
    }
}

/// The table of the closing note: shape, verdict before, verdict now.
#[test]
fn table() {
    let c = corpus();
    println!("| shape | before (c5df5b4) | now |\n|---|---|---|");
    for s in &c.shapes {
        let r = report(&c, s);
        let first = r.findings.first();
        let shown = |e: &Expect| {
            format!(
                "exit {}, {}",
                e.exit,
                e.first.as_deref().unwrap_or("no finding")
            )
        };
        println!(
            "| {} | {} | exit {}, {}{} |",
            s.name,
            shown(&s.before),
            exit(&r),
            first.map_or("no finding".to_owned(), |f| format!(
                "{} ({})",
                f.code,
                f.severity.as_str()
            )),
            first
                .and_then(|f| f.variant)
                .map(|v| format!(", variant {v}"))
                .unwrap_or_default()
        );
    }
}
