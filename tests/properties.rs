//! Property tests: inspect never panics, whatever it is given, and every
//! generated token inspects as verified with identical claims.
//!
//! 10,000 cases per property by default; `PROPTEST_CASES=1000000` for a long
//! run (scripts/long-proptest.sh).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report

use jiff::Timestamp;
use jiff::tz::TimeZone;
use proptest::prelude::*;
use videosdk_token::token::{
    Candidate, Context, Expiry, Generator, KeySource, Outcome, Permission, Role, SecretEncoding,
    SecretKey, Signature, TokenRequest, inspect,
};

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000)
}

fn now() -> Timestamp {
    "2026-11-28T10:00:00Z".parse().unwrap()
}

const SECRET: &str = "property-secret-property-secret-!";

fn check(input: &str) {
    let key = SecretKey::parse(SECRET, SecretEncoding::Text).unwrap();
    let c = [Candidate {
        source: KeySource::Given,
        api_key: None,
        secret: &key,
    }];
    let r = inspect(
        input,
        &Context {
            now: now(),
            tz: TimeZone::UTC,
            candidates: &c,
        },
    );
    // Whatever the input: a verdict, and never "valid" without a verified signature.
    assert!(!r.verdict.is_empty());
    if r.outcome == Outcome::Valid {
        assert!(matches!(r.signature, Signature::Verified(_)));
    }
    let _ = videosdk_token::cli::report_json(&r);
    let _ = r.redacted_text();
    let _ = r.claim_rows(now(), &TimeZone::UTC);
}

fn a_token() -> String {
    let key = SecretKey::parse(SECRET, SecretEncoding::Text).unwrap();
    let req = TokenRequest {
        api_key: "key-1".into(),
        ..TokenRequest::default()
    };
    Generator::new(&req, &key)
        .unwrap()
        .sign(now(), 1)
        .unwrap()
        .token
}

#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, char),
    Delete(usize),
    Replace(usize, char),
}

fn edit() -> impl Strategy<Value = Edit> {
    let ch = prop_oneof![
        proptest::char::range('!', '~'),
        Just('.'),
        Just(' '),
        Just('\n'),
        any::<char>(),
    ];
    prop_oneof![
        (any::<usize>(), ch.clone()).prop_map(|(i, c)| Edit::Insert(i, c)),
        any::<usize>().prop_map(Edit::Delete),
        (any::<usize>(), ch).prop_map(|(i, c)| Edit::Replace(i, c)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_any_string(s in any::<String>()) {
        check(&s);
    }

    #[test]
    fn never_panics_on_any_bytes(b in proptest::collection::vec(any::<u8>(), 0..600)) {
        check(&String::from_utf8_lossy(&b));
    }

    #[test]
    fn never_panics_on_token_shaped_strings(s in "(Bearer )?eyJ[A-Za-z0-9_=+/-]{0,60}\\.[A-Za-z0-9_=.-]{0,80}\\.[A-Za-z0-9_-]{0,50}") {
        check(&s);
    }

    #[test]
    fn never_panics_on_mutated_valid_tokens(edits in proptest::collection::vec(edit(), 1..6)) {
        let mut chars: Vec<char> = a_token().chars().collect();
        for e in edits {
            match e {
                Edit::Insert(i, c) => { let i = i % (chars.len() + 1); chars.insert(i, c); }
                Edit::Delete(i) => { if !chars.is_empty() { let i = i % chars.len(); chars.remove(i); } }
                Edit::Replace(i, c) => { if !chars.is_empty() { let i = i % chars.len(); chars[i] = c; } }
            }
        }
        let s: String = chars.into_iter().collect();
        check(&s);
    }

    #[test]
    fn generated_tokens_verify_with_identical_claims(
        api_key in "[A-Za-z0-9-]{1,40}",
        secret in "[ -~]{1,64}",
        perms in proptest::sample::subsequence(vec![Permission::AllowJoin, Permission::AllowMod], 1..=2),
        ask in any::<bool>(),
        lifetime in 1i64..=(10 * 365 * 86_400),
        room in proptest::option::of("[a-z0-9-]{1,20}"),
        participant in proptest::option::of("[A-Za-z0-9_-]{1,20}"),
        roles in proptest::sample::subsequence(vec![Role::Crawler, Role::Rtc], 0..=2),
    ) {
        prop_assume!(!secret.trim().is_empty());
        let key = SecretKey::parse(&secret, SecretEncoding::Text).unwrap();
        let permissions = if ask { vec![Permission::AskJoin] } else { perms };
        let req = TokenRequest {
            api_key: api_key.clone(),
            permissions: permissions.clone(),
            expiry: Expiry::In(lifetime),
            room_id: room.clone(),
            participant_id: participant.clone(),
            roles: roles.clone(),
        };
        let t = Generator::new(&req, &key).unwrap().sign(now(), 1).unwrap();
        let c = [Candidate { source: KeySource::Given, api_key: None, secret: &key }];
        let r = inspect(&t.token, &Context { now: now(), tz: TimeZone::UTC, candidates: &c });
        prop_assert_eq!(&r.signature, &Signature::Verified(KeySource::Given));
        prop_assert!(r.findings.iter().all(|f| f.severity != videosdk_token::token::Severity::Error), "{:?}", r.findings);
        let claims = r.claims.unwrap();
        prop_assert_eq!(claims["apikey"].as_str(), Some(api_key.as_str()));
        let got: Vec<&str> = claims["permissions"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        let want: Vec<&str> = permissions.iter().map(|p| p.as_str()).collect();
        prop_assert_eq!(got, want);
        prop_assert_eq!(claims["exp"].as_i64(), Some(now().as_second() + lifetime));
        prop_assert_eq!(claims["iat"].as_i64(), Some(now().as_second()));
        prop_assert_eq!(claims["jti"].as_str(), Some(t.jti.as_str()));
        prop_assert_eq!(claims.get("roomId").and_then(|v| v.as_str()), room.as_deref());
        prop_assert_eq!(claims.get("participantId").and_then(|v| v.as_str()), participant.as_deref());
        let is_v2 = room.is_some() || participant.is_some() || !roles.is_empty();
        prop_assert_eq!(claims.get("version").and_then(|v| v.as_i64()), is_v2.then_some(2));
    }
}
