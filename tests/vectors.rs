//! The public HS256 vectors (copied from shared/vectors into tests/data):
//! every `expect` must hold.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report

use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde_json::Value;
use videosdk_token::token::{
    Candidate, Context, KeySource, Outcome, SecretEncoding, SecretKey, inspect,
};

#[test]
fn every_public_vector_reaches_its_expected_conclusion() {
    let text = include_str!("data/jwt-vectors.json");
    let doc: Value = serde_json::from_str(text).unwrap();
    let vectors = doc["vectors"].as_array().unwrap();
    assert!(vectors.len() >= 5);
    let now: Timestamp = "2026-11-28T10:00:00Z".parse().unwrap();
    for v in vectors {
        let name = v["name"].as_str().unwrap();
        let secret = v["secret"].as_str().map(|s| {
            let enc = match v["secret_encoding"].as_str() {
                Some("base64" | "base64url") => SecretEncoding::Base64,
                _ => SecretEncoding::Text,
            };
            SecretKey::parse(s, enc).unwrap()
        });
        let candidates: Vec<Candidate<'_>> = secret
            .iter()
            .map(|s| Candidate {
                source: KeySource::Given,
                api_key: None,
                secret: s,
            })
            .collect();
        let r = inspect(
            v["token"].as_str().unwrap(),
            &Context {
                now,
                tz: TimeZone::UTC,
                candidates: &candidates,
                usage: Default::default(),
            },
        );
        let expect = &v["expect"];
        assert_eq!(
            r.signature.status(),
            expect["signature"].as_str().unwrap(),
            "{name}: {}",
            r.verdict
        );
        for code in expect["findings_include"].as_array().unwrap() {
            let code = code.as_str().unwrap();
            assert!(
                r.findings.iter().any(|f| f.code.as_str() == code),
                "{name}: expected {code} in {:?}",
                r.findings
                    .iter()
                    .map(|f| f.code.as_str())
                    .collect::<Vec<_>>()
            );
        }
        if expect["never"] == "valid" {
            assert_ne!(r.outcome, Outcome::Valid, "{name}");
        }
    }
}
