//! Cross-implementation check with the `jsonwebtoken` crate (a dev-dependency
//! only): every token we generate decodes with its `decode` (HS256) to the
//! same header and claims, and every token its `encode` makes inspects as
//! verified in ours. Runs everywhere: no external tool.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde_json::{Value, json};
use videosdk_token::token::{
    Candidate, Context, Expiry, FindingCode, Generator, HEADER_JSON, KeySource, Outcome,
    Permission, Role, SecretEncoding, SecretKey, Severity, Signature, TokenRequest, generate,
    inspect,
};

/// 2026-11-28T10:00:00Z.
const NOW: i64 = 1_795_860_000;
const API_KEY: &str = "8a1f6c2e-4b7d-4e19-9c3a-5d2f0e7b1a64";
const SECRET: &str = "a3f1c9e07b5d4e2f8c6a1b0d9e7f3c5a2b4d6e8f0a1c3e5b7d9f1a2c4e6b8d0f";

fn now() -> Timestamp {
    Timestamp::from_second(NOW).unwrap()
}

fn text_key(s: &str) -> SecretKey {
    SecretKey::parse(s, SecretEncoding::Text).unwrap()
}

fn req() -> TokenRequest {
    TokenRequest {
        api_key: API_KEY.to_owned(),
        ..TokenRequest::default()
    }
}

/// HS256 only; no claim required (VideoSDK tokens carry no `sub`/`aud`),
/// and no clock: the claims, not the time, are what is compared.
fn validation() -> Validation {
    let mut v = Validation::new(Algorithm::HS256);
    v.required_spec_claims.clear();
    v.validate_exp = false;
    v.validate_aud = false;
    v
}

/// The header and payload as we wrote them, as JSON values.
fn our_parts(token: &str) -> (Vec<u8>, Value) {
    let mut parts = token.split('.');
    let header = URL_SAFE_NO_PAD.decode(parts.next().unwrap()).unwrap();
    let payload = URL_SAFE_NO_PAD.decode(parts.next().unwrap()).unwrap();
    (header, serde_json::from_slice(&payload).unwrap())
}

/// Decodes with the crate, asserting it accepts the token.
fn their_decode(token: &str, secret: &[u8]) -> jsonwebtoken::TokenData<Value> {
    jsonwebtoken::decode::<Value>(token, &DecodingKey::from_secret(secret), &validation())
        .unwrap_or_else(|e| panic!("jsonwebtoken rejected our token {token}: {e}"))
}

/// Every shape we make: v1, each valid permission mix, v2 claims, roles,
/// long and non-ASCII ids, lifetimes.
fn requests() -> Vec<(&'static str, TokenRequest)> {
    use Permission::{AllowJoin, AllowMod, AskJoin};
    let mut out = vec![("v1 default", req())];
    let mixes: [&[Permission]; 5] = [
        &[AllowJoin],
        &[AskJoin],
        &[AllowMod],
        &[AllowJoin, AllowMod],
        &[AllowMod, AllowJoin],
    ];
    for perms in mixes {
        out.push((
            "permission mix",
            TokenRequest {
                permissions: perms.to_vec(),
                ..req()
            },
        ));
    }
    let v2 = TokenRequest {
        room_id: Some("abc-defg-hij".into()),
        participant_id: Some("qa-{n}".into()),
        roles: vec![Role::Rtc],
        ..req()
    };
    out.push(("v2 room, participant, rtc", v2.clone()));
    for roles in [vec![Role::Crawler], vec![Role::Rtc, Role::Crawler], vec![]] {
        out.push((
            "v2 roles",
            TokenRequest {
                roles,
                room_id: None,
                ..v2.clone()
            },
        ));
    }
    out.push((
        "v2 room only, 1 y",
        TokenRequest {
            room_id: Some("room-only".into()),
            expiry: Expiry::In(365 * 86_400),
            ..req()
        },
    ));
    out.push((
        "long ids",
        TokenRequest {
            room_id: Some("r".repeat(1024)),
            participant_id: Some(format!("{}-{{n}}", "p".repeat(1000))),
            permissions: vec![AllowJoin, AllowMod],
            ..req()
        },
    ));
    out.push((
        "non-ASCII ids and quotes",
        TokenRequest {
            room_id: Some("salle-été-会议室-🎥".into()),
            participant_id: Some("Zoë\"Ünal\\{n}-Дмитрий".into()),
            roles: vec![Role::Rtc],
            ..req()
        },
    ));
    out
}

#[test]
fn our_tokens_decode_with_jsonwebtoken_to_identical_header_and_claims() {
    let secret = text_key(SECRET);
    let mut checked = 0;
    for (name, r) in requests() {
        let mut g = Generator::new(&r, &secret).unwrap();
        for n in [1, 42, 100_000] {
            let t = g.sign(now(), n).unwrap().token;
            let (header_bytes, claims) = our_parts(&t);
            assert_eq!(header_bytes, HEADER_JSON.as_bytes(), "{name}");
            let theirs = their_decode(&t, SECRET.as_bytes());
            assert_eq!(theirs.claims, claims, "{name}: claims differ");
            // Their header, serialised, is the same JSON object as ours
            // (the order of keys aside: theirs puts typ first).
            let their_header = serde_json::to_value(&theirs.header).unwrap();
            let our_header: Value = serde_json::from_slice(&header_bytes).unwrap();
            assert_eq!(their_header, our_header, "{name}: header differs");
            assert_eq!(their_header, json!({"alg": "HS256", "typ": "JWT"}));
            if r.participant_id
                .as_deref()
                .is_some_and(|p| p.contains("{n}"))
            {
                let p = theirs.claims["participantId"].as_str().unwrap();
                assert!(p.contains(&n.to_string()), "{name}: {p}");
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 3 * requests().len());
}

#[test]
fn secrets_given_as_base64_sign_the_same_bytes_jsonwebtoken_reads() {
    let raw: Vec<u8> = (0u8..48).map(|i| i.wrapping_mul(37) ^ 0xa5).collect();
    for text in [STANDARD.encode(&raw), URL_SAFE_NO_PAD.encode(&raw)] {
        let secret = SecretKey::parse(&text, SecretEncoding::Base64).unwrap();
        let t = generate(&req(), &secret, now()).unwrap().token;
        let (_, claims) = our_parts(&t);
        assert_eq!(their_decode(&t, &raw).claims, claims);
        // The crate's own base64 reader (standard alphabet) agrees.
        let key = DecodingKey::from_base64_secret(&STANDARD.encode(&raw)).unwrap();
        assert!(jsonwebtoken::decode::<Value>(&t, &key, &validation()).is_ok());
        // Signed with the base64 text itself (a common slip), it is refused.
        assert!(
            jsonwebtoken::decode::<Value>(
                &t,
                &DecodingKey::from_secret(text.as_bytes()),
                &validation()
            )
            .is_err()
        );
    }
}

#[test]
fn jsonwebtoken_rejects_our_token_signed_with_another_secret() {
    let t = generate(
        &req(),
        &text_key("another-secret-entirely-123456789"),
        now(),
    )
    .unwrap()
    .token;
    let err = jsonwebtoken::decode::<Value>(
        &t,
        &DecodingKey::from_secret(SECRET.as_bytes()),
        &validation(),
    )
    .unwrap_err();
    assert_eq!(
        *err.kind(),
        jsonwebtoken::errors::ErrorKind::InvalidSignature,
        "{err}"
    );
}

/// What VideoSDK's documented example signs, plus `extra` claims.
fn videosdk_claims(extra: Value) -> Value {
    let mut c = json!({
        "apikey": API_KEY,
        "permissions": ["allow_join", "allow_mod"],
        "iat": NOW - 60,
        "exp": NOW + 3600,
        "jti": "5b0c0c5e-8f3a-4f0e-9a51-2f7d3c1e9b42",
    });
    let (Value::Object(c_map), Value::Object(e_map)) = (&mut c, extra) else {
        panic!("objects only");
    };
    c_map.extend(e_map);
    c
}

fn their_encode(claims: &Value, secret: &[u8]) -> String {
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(secret),
    )
    .unwrap()
}

fn inspect_with(token: &str, secret: &SecretKey) -> videosdk_token::token::Report {
    let candidates = [Candidate {
        source: KeySource::Project {
            name: "Staging".into(),
        },
        api_key: Some(API_KEY),
        secret,
    }];
    inspect(
        token,
        &Context {
            now: now(),
            tz: TimeZone::UTC,
            candidates: &candidates,
            usage: Default::default(),
        },
    )
}

#[test]
fn tokens_made_by_jsonwebtoken_inspect_as_verified() {
    let secret = text_key(SECRET);
    let cases = [
        ("documented claims", videosdk_claims(json!({}))),
        (
            "v2 claims",
            videosdk_claims(json!({
                "version": 2, "roomId": "abc-defg-hij", "participantId": "qa-1", "roles": ["rtc"]
            })),
        ),
        (
            "extra custom claims",
            videosdk_claims(json!({
                "tenant": "acme", "meta": {"tier": 3, "tags": ["a", "b"]}, "isRecorder": false
            })),
        ),
        ("nbf in the past", videosdk_claims(json!({"nbf": NOW - 30}))),
        (
            "non-ASCII participant",
            videosdk_claims(json!({"version": 2, "participantId": "Zoë-会议-🎥"})),
        ),
    ];
    for (name, claims) in cases {
        let t = their_encode(&claims, SECRET.as_bytes());
        // Their header is the same JSON with typ first, so our byte-exact
        // header check must not be what decides.
        let header = URL_SAFE_NO_PAD
            .decode(t.split('.').next().unwrap())
            .unwrap();
        assert_eq!(header, br#"{"typ":"JWT","alg":"HS256"}"#, "{name}");
        let r = inspect_with(&t, &secret);
        assert_eq!(
            r.signature,
            Signature::Verified(KeySource::Project {
                name: "Staging".into()
            }),
            "{name}: {}",
            r.verdict
        );
        assert_eq!(r.outcome, Outcome::Valid, "{name}: {}", r.verdict);
        assert!(
            r.findings.iter().all(|f| f.severity != Severity::Error),
            "{name}: {:?}",
            r.findings
        );
        assert_eq!(r.claims.clone().map(Value::Object), Some(claims), "{name}");
        assert!(r.verdict.starts_with("Valid"), "{name}: {}", r.verdict);
    }
}

#[test]
fn a_jsonwebtoken_token_with_a_future_nbf_is_not_valid_yet() {
    let t = their_encode(
        &videosdk_claims(json!({"nbf": NOW + 600})),
        SECRET.as_bytes(),
    );
    let r = inspect_with(&t, &text_key(SECRET));
    assert!(
        matches!(r.signature, Signature::Verified(_)),
        "{}",
        r.verdict
    );
    assert!(r.has(FindingCode::NotYetValid), "{:?}", r.findings);
    assert_eq!(r.outcome, Outcome::Invalid);
}

#[test]
fn a_jsonwebtoken_token_checked_with_the_wrong_secret_is_a_mismatch() {
    let t = their_encode(
        &videosdk_claims(json!({})),
        b"another-secret-entirely-123456789",
    );
    // Given for this token: the answer must be "not signed with this".
    let wrong = text_key(SECRET);
    let given = [Candidate {
        source: KeySource::Given,
        api_key: None,
        secret: &wrong,
    }];
    let r = inspect(
        &t,
        &Context {
            now: now(),
            tz: TimeZone::UTC,
            candidates: &given,
            usage: Default::default(),
        },
    );
    assert_eq!(r.signature, Signature::Mismatch, "{}", r.verdict);
    assert!(r.has(FindingCode::SignatureMismatch), "{:?}", r.findings);
    assert_eq!(r.outcome, Outcome::Invalid);
    // The saved project whose API key it claims: the same mismatch.
    let r = inspect_with(&t, &wrong);
    assert_eq!(r.signature, Signature::Mismatch, "{}", r.verdict);
    assert_eq!(r.outcome, Outcome::Invalid);
}
