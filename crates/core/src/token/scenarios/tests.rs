//! The acceptance rule of every scenario, and what the scenarios promise.

use jiff::tz::TimeZone;

use super::*;
use crate::token::{
    Candidate, Context, KeySource, Outcome, Report, SecretEncoding, Severity, inspect,
};

const A_SECRET: &str = "staging-secret-staging-secret-0123";
const B_SECRET: &str = "prod-secret-prod-secret-prod-4567";

fn now() -> Timestamp {
    "2026-11-28T10:00:00Z".parse().unwrap()
}
fn key(s: &str) -> SecretKey {
    SecretKey::parse(s, SecretEncoding::Text).unwrap()
}

/// The scenarios of staging, with prod as the other project if `two`.
fn made(two: bool) -> Vec<Scenario> {
    let (a, b) = (key(A_SECRET), key(B_SECRET));
    let staging = ScenarioProject {
        name: "staging",
        api_key: "key-a",
        secret: &a,
    };
    let prod = ScenarioProject {
        name: "prod",
        api_key: "key-b",
        secret: &b,
    };
    scenarios(&staging, two.then_some(&prod), now())
}

/// Inspects as the saved projects would: both projects as candidates.
fn inspected(token: &str, usage: Usage) -> Report {
    let (a, b) = (key(A_SECRET), key(B_SECRET));
    let project = |name: &str| KeySource::Project { name: name.into() };
    let c = [
        Candidate {
            source: project("staging"),
            api_key: Some("key-a"),
            secret: &a,
        },
        Candidate {
            source: project("prod"),
            api_key: Some("key-b"),
            secret: &b,
        },
    ];
    let ctx = Context {
        now: now(),
        tz: TimeZone::UTC,
        candidates: &c,
        usage,
    };
    inspect(token, &ctx)
}

#[test]
fn every_scenario_is_headlined_by_its_finding_and_videosdk_error() {
    let all = made(true);
    let names: Vec<&str> = all.iter().map(|s| s.name).collect();
    assert_eq!(names, SCENARIO_NAMES);
    for s in &all {
        let r = inspected(&s.token, s.context.clone());
        let codes: Vec<&str> = r.findings.iter().map(|f| f.code.as_str()).collect();
        let found = r.findings.iter().find(|f| f.code == s.finding);
        let found = found.unwrap_or_else(|| panic!("{}: {codes:?}", s.name));
        assert_eq!(found.severity, Severity::Error, "{}", s.name);
        assert_eq!(r.findings[0].code, s.finding, "{}: {codes:?}", s.name);
        assert_eq!(r.findings[0].videosdk_error, s.videosdk_error, "{}", s.name);
        assert_eq!(
            r.findings[0].videosdk_error_name, s.videosdk_error_name,
            "{}",
            s.name
        );
        // Exactly the intended failure: no other error.
        let errors = r.findings.iter().filter(|f| f.severity == Severity::Error);
        assert_eq!(errors.count(), 1, "{}: {codes:?}", s.name);
        assert_eq!(r.outcome, Outcome::Invalid, "{}", s.name);
    }
}

#[test]
fn the_codes_are_the_ones_qa_expects() {
    let all = made(true);
    let code = |name: &str| {
        let s = all.iter().find(|s| s.name == name).unwrap();
        (s.videosdk_error, s.finding.as_str())
    };
    assert_eq!(code("expired"), (Some(4002), "expired"));
    assert_eq!(code("missing-apikey"), (Some(4001), "missing_apikey"));
    assert_eq!(code("other-project-key"), (Some(4001), "apikey_mismatch"));
    assert_eq!(
        code("signed-with-api-key"),
        (Some(4002), "signed_with_api_key")
    );
    assert_eq!(
        code("ask-join-with-allow-join"),
        (Some(4008), "ask_join_conflict")
    );
    assert_eq!(
        code("whitespace-participant"),
        (Some(4004), "participant_id_whitespace")
    );
    assert_eq!(code("wrong-room"), (Some(4022), "room_mismatch"));
    assert_eq!(
        code("wrong-participant"),
        (Some(4023), "participant_mismatch")
    );
    assert_eq!(
        code("crawler-joins-meeting"),
        (Some(4024), "role_not_allowed")
    );
    assert_eq!(
        code("milliseconds-nbf"),
        (Some(4002), "milliseconds_timestamp")
    );
    assert_eq!(code("meeting-only-for-api"), (None, "not_for_api"));
    assert_eq!(code("alg-none"), (Some(4002), "alg_none"));
    let s = all.iter().find(|s| s.name == "wrong-room").unwrap();
    assert_eq!(s.videosdk_error_name, Some("UNAUTHORIZED_MEETING_ID"));
}

#[test]
fn without_their_context_the_context_scenarios_are_valid() {
    let bound: Vec<Scenario> = made(true)
        .into_iter()
        .filter(Scenario::needs_context)
        .collect();
    let names: Vec<&str> = bound.iter().map(|s| s.name).collect();
    assert_eq!(
        names,
        [
            "wrong-room",
            "wrong-participant",
            "crawler-joins-meeting",
            "meeting-only-for-api"
        ]
    );
    for s in &bound {
        let r = inspected(&s.token, Usage::default());
        assert_eq!(r.outcome, Outcome::Valid, "{}: {}", s.name, r.verdict);
        assert!(!r.has(s.finding), "{}", s.name);
    }
}

#[test]
fn one_project_leaves_out_only_other_project_key() {
    let names: Vec<&str> = made(false).iter().map(|s| s.name).collect();
    let expected: Vec<&str> = SCENARIO_NAMES
        .into_iter()
        .filter(|n| *n != "other-project-key")
        .collect();
    assert_eq!(names, expected);
    // A second project with the same key or secret cannot play the other.
    let (a, b) = (key(A_SECRET), key(B_SECRET));
    let p = |api_key, secret| ScenarioProject {
        name: "x",
        api_key,
        secret,
    };
    assert!(p("key-a", &a).can_pair_with(&p("key-b", &b)));
    assert!(!p("key-a", &a).can_pair_with(&p("key-a", &b)));
    assert!(!p("key-a", &a).can_pair_with(&p("key-b", &a)));
    let same = scenarios(&p("key-a", &a), Some(&p("key-a", &b)), now());
    assert!(same.iter().all(|s| s.name != "other-project-key"));
}

#[test]
fn names_are_kebab_case_and_debug_never_shows_a_token() {
    for s in made(true) {
        assert!(
            s.name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{}",
            s.name
        );
        let shown = format!("{s:?}");
        assert!(!shown.contains(&s.token), "{shown}");
        assert!(shown.contains("<redacted>") && shown.contains(s.name));
    }
    let a = key(A_SECRET);
    let p = ScenarioProject {
        name: "staging",
        api_key: "key-a",
        secret: &a,
    };
    assert!(!format!("{p:?}").contains(A_SECRET));
}

#[test]
fn tokens_are_fresh_and_an_independent_library_verifies_the_signer() {
    use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode};
    let all = made(true);
    let room = all.iter().find(|s| s.name == "wrong-room").unwrap();
    let mut v = Validation::new(Algorithm::HS256);
    v.required_spec_claims.clear();
    v.validate_exp = false;
    let got = decode::<serde_json::Value>(
        &room.token,
        &DecodingKey::from_secret(A_SECRET.as_bytes()),
        &v,
    )
    .unwrap();
    let c = got.claims;
    assert_eq!(c["apikey"], "key-a");
    assert_eq!(c["permissions"], json!(["allow_join"]));
    assert_eq!(c["iat"], now().as_second());
    assert_eq!(c["exp"], now().as_second() + 86_400);
    assert_eq!(
        (c["version"].clone(), c["roomId"].clone()),
        (json!(2), json!(ROOM))
    );
    let none = all.iter().find(|s| s.name == "alg-none").unwrap();
    assert!(none.token.ends_with('.'), "empty signature");
}
