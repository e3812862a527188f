//! Property tests: inspect never panics, whatever it is given; every
//! generated token inspects as verified with identical claims; and no JSON
//! a token can carry gets a raw control or invisible character into the
//! CLI's human output.
//!
//! 10,000 cases per property by default; `PROPTEST_CASES=1000000` for a long
//! run (scripts/long-proptest.sh).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{KeyInit as _, Mac as _};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use proptest::prelude::*;
use serde_json::{Map, Value};
use videosdk_token::token::{
    Candidate, Context, Expiry, Generator, KeySource, Outcome, Permission, Role, SecretEncoding,
    SecretKey, Signature, TokenRequest, inspect, is_invisible,
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
            usage: Default::default(),
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

/// A token with this header and payload, signed with [`SECRET`].
fn signed(header: &Value, payload: &Value) -> String {
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(payload.to_string())
    );
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(input.as_bytes());
    format!(
        "{input}.{}",
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    )
}

/// Characters that act on a terminal or hide from a reader.
const HOSTILE: &[char] = &[
    '\0',
    '\u{7}',
    '\u{8}',
    '\t',
    '\n',
    '\r',
    '\u{1b}',
    '\u{7f}',
    '\u{85}',
    '\u{9b}',
    '\u{9d}',
    '\u{ad}',
    '\u{61c}',
    '\u{200b}',
    '\u{200c}',
    '\u{200d}',
    '\u{200e}',
    '\u{200f}',
    '\u{202a}',
    '\u{202b}',
    '\u{202c}',
    '\u{202d}',
    '\u{202e}',
    '\u{2028}',
    '\u{2029}',
    '\u{2060}',
    '\u{2066}',
    '\u{2067}',
    '\u{2068}',
    '\u{2069}',
    '\u{3164}',
    '\u{feff}',
    '\u{e0001}',
    '\u{e0041}',
];

/// Strings a hostile token is made of: a third of the characters from
/// [`HOSTILE`], a third any character, a third printable ASCII. Made from
/// one random number per character: proptest's `any::<String>()` and
/// unions of char strategies are far slower to generate than the test is
/// to run.
fn hostile_string() -> impl Strategy<Value = String> {
    proptest::collection::vec(any::<u32>(), 0..16).prop_map(|ns| {
        ns.into_iter()
            .map(|n| match n % 3 {
                0 => HOSTILE[(n / 3) as usize % HOSTILE.len()],
                1 => char::from_u32(n / 3 % 0x11_0000).unwrap_or('\u{fffd}'),
                _ => char::from(b' ' + (n / 3 % 95) as u8),
            })
            .collect()
    })
}

/// Claim names: the ones the inspector reads (their values are quoted in
/// findings), and anything.
fn claim_name() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(vec![
            "apikey",
            "permissions",
            "version",
            "roomId",
            "participantId",
            "roles",
            "iat",
            "exp",
            "nbf",
            "jti",
            "apiKey",
        ])
        .prop_map(str::to_owned),
        hostile_string(),
    ]
}

/// Claim values: strings, numbers, and arrays and objects of them (two
/// levels, built without `prop_recursive`, whose lazy trees make
/// generation many times slower than the test).
fn claim_value() -> impl Strategy<Value = Value> {
    let leaf = || {
        prop_oneof![
            3 => hostile_string().prop_map(Value::String),
            1 => any::<i64>().prop_map(Value::from),
            1 => any::<f64>().prop_map(Value::from),
        ]
    };
    prop_oneof![
        4 => leaf(),
        1 => proptest::collection::vec(leaf(), 0..4).prop_map(Value::Array),
        1 => proptest::collection::vec((hostile_string(), leaf()), 0..4)
            .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
    ]
}

/// The first character of the human output a terminal must not get raw.
fn raw_in(text: &str) -> Option<char> {
    text.chars().find(|&c| c != '\n' && is_invisible(c))
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
    fn human_output_never_holds_a_raw_control_character(
        claims in proptest::collection::vec((claim_name(), claim_value()), 0..6),
        header_extra in proptest::collection::vec((hostile_string(), hostile_string()), 0..3),
        alg in prop_oneof![Just("HS256".to_owned()), hostile_string()],
        verified in any::<bool>(),
    ) {
        let mut header = serde_json::json!({"alg": alg, "typ": "JWT"});
        for (k, v) in header_extra {
            header[k] = Value::String(v);
        }
        let payload = Value::Object(claims.into_iter().collect());
        let token = signed(&header, &payload);
        let key = SecretKey::parse(SECRET, SecretEncoding::Text).unwrap();
        let c = [Candidate { source: KeySource::Given, api_key: None, secret: &key }];
        let candidates: &[Candidate<'_>] = if verified { &c } else { &[] };
        let r = inspect(&token, &Context { now: now(), tz: TimeZone::UTC, candidates, usage: Default::default() });
        let text = videosdk_token::cli::human(&r, now(), &TimeZone::UTC, false);
        prop_assert_eq!(raw_in(&text), None, "{}", text);
        // With colours, the only escapes are the verdict's own style.
        let coloured = videosdk_token::cli::human(&r, now(), &TimeZone::UTC, true);
        let (first, rest) = coloured.split_once('\n').unwrap();
        prop_assert!(first.starts_with("\u{1b}[") && first.ends_with("\u{1b}[0m"), "{:?}", first);
        prop_assert_eq!(raw_in(rest), None);
        let plain_first = text.split('\n').next().unwrap();
        prop_assert!(first.contains(plain_first));
        // Nor the JSON (which keeps exact values: tests/hostile.rs, cli::json).
        let json_text = videosdk_token::cli::json_text(&videosdk_token::cli::report_json(&r), true);
        prop_assert_eq!(raw_in(&json_text), None);
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
            extra_claims: serde_json::Map::new(),
        };
        let t = Generator::new(&req, &key).unwrap().sign(now(), 1).unwrap();
        let c = [Candidate { source: KeySource::Given, api_key: None, secret: &key }];
        let r = inspect(&t.token, &Context { now: now(), tz: TimeZone::UTC, candidates: &c, usage: Default::default() });
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
