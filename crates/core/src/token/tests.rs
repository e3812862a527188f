//! Inspector tests: every finding code, the verdict, the outcome.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{KeyInit, Mac};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde_json::json;

use super::generate::HmacSha256;
use super::*;

const SECRET: &str = "0123456789abcdef0123456789abcdef";

fn now() -> Timestamp {
    "2026-11-28T10:00:00Z".parse().unwrap()
}
fn secs(offset: i64) -> i64 {
    now().as_second() + offset
}
fn key(s: &str) -> SecretKey {
    SecretKey::parse(s, SecretEncoding::Text).unwrap()
}

/// Signs any header and payload with HS256, as a third-party backend would.
fn sign_raw(header: &str, payload: &str, secret: &str) -> String {
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(payload)
    );
    let mut mac = HmacSha256::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(input.as_bytes());
    format!(
        "{input}.{}",
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    )
}
fn sign(claims: &serde_json::Value) -> String {
    sign_raw(
        r#"{"alg":"HS256","typ":"JWT"}"#,
        &claims.to_string(),
        SECRET,
    )
}
fn good_claims() -> serde_json::Value {
    json!({"apikey": "key-1", "permissions": ["allow_join"], "iat": secs(-60), "exp": secs(3600), "jti": "x"})
}
fn with(changes: &serde_json::Value) -> serde_json::Value {
    let mut c = good_claims();
    for (k, v) in changes.as_object().unwrap() {
        if v.is_null() {
            c.as_object_mut().unwrap().remove(k);
        } else {
            c[k] = v.clone();
        }
    }
    c
}

fn given(token: &str) -> Report {
    let k = key(SECRET);
    let c = [Candidate {
        source: KeySource::Given,
        api_key: None,
        secret: &k,
    }];
    inspect(
        token,
        &Context {
            now: now(),
            tz: TimeZone::UTC,
            candidates: &c,
            usage: Default::default(),
        },
    )
}
fn alone(token: &str) -> Report {
    inspect(
        token,
        &Context {
            now: now(),
            tz: TimeZone::UTC,
            candidates: &[],
            usage: Default::default(),
        },
    )
}
fn codes(r: &Report) -> Vec<&'static str> {
    r.findings.iter().map(|f| f.code.as_str()).collect()
}
fn finding(r: &Report, code: FindingCode) -> &Finding {
    r.findings
        .iter()
        .find(|f| f.code == code)
        .unwrap_or_else(|| panic!("no {code} in {:?}", codes(r)))
}

#[test]
fn a_good_token_is_valid_and_says_so_in_one_sentence() {
    let r = given(&sign(&good_claims()));
    assert_eq!(r.outcome, Outcome::Valid, "{:?}", r.findings);
    assert!(r.findings.is_empty(), "{:?}", codes(&r));
    assert_eq!(
        r.verdict,
        "Valid — signed with the given secret — expires in 1 h"
    );
    assert_eq!(r.signature, Signature::Verified(KeySource::Given));
    assert_eq!(r.outcome, Outcome::Valid);
}

#[test]
fn malformed_says_which_part_and_why() {
    let cases = [
        ("", "empty"),
        ("hello", "found 1 part"),
        ("a.b", "found 2 parts"),
        ("a.b.c.d.e", "JWE"),
        (".eyJ9.sig", "part 1 (header) is empty"),
        (
            "eyJhbGciOiJIUzI1NiJ9.eyJh+IjoxfQ.sig",
            "'+' at character 5 of the part, 26 of the token",
        ),
        ("eyJhbGciOiJIUzI1NiJ9.eyJhIjoxfQ==.sig", "'=' padding"),
        (
            "eyJhbGciOiJIUzI1NiJ9.eyJhIjox$Q.sig",
            "part 2 (payload) is not base64url: '$'",
        ),
        ("eyJhbGciOiJIUzI1NiJ9.eyJhIjoxf.sig", "cut off"),
        ("bm90IGpzb24.eyJhIjoxfQ.sig", "part 1 (header) is not JSON"),
        (
            "eyJhbGciOiJIUzI1NiJ9.WzEsMl0.sig",
            "part 2 (payload) is JSON but not an object: found an array",
        ),
        (
            "eyJhbGciOiJIUzI1NiJ9.eyJhIjoxfQ.s!g",
            "part 3 (signature) is not base64url",
        ),
        ("eyJhbGciOiJIUzI1NiJ9.__8.sig", "not UTF-8"),
    ];
    for (input, want) in cases {
        let r = alone(input);
        assert_eq!(r.outcome, Outcome::NotJwt, "{input}");
        assert_eq!(r.outcome, Outcome::NotJwt);
        let f = finding(&r, FindingCode::Malformed);
        assert!(f.message.contains(want), "{input}: {}", f.message);
        assert!(r.verdict.starts_with("Not a JWT: "), "{}", r.verdict);
    }
}

#[test]
fn huge_input_is_refused_as_too_long() {
    let big = "eyJ".repeat(400_000);
    let r = alone(&big);
    assert_eq!(r.outcome, Outcome::NotJwt);
    assert!(
        r.verdict.contains("too long for a VideoSDK token"),
        "{}",
        r.verdict
    );
}

#[test]
fn alg_none_is_never_valid_even_with_a_secret() {
    let t = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#),
        URL_SAFE_NO_PAD.encode(good_claims().to_string())
    );
    let r = given(&t);
    assert_eq!(r.signature, Signature::Unsupported);
    assert_eq!(r.outcome, Outcome::Invalid);
    assert!(r.verdict.starts_with("Unsigned token"), "{}", r.verdict);
    finding(&r, FindingCode::AlgNone);
    // Case games do not help.
    let t = t.replacen(
        &URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#),
        &URL_SAFE_NO_PAD.encode(r#"{"alg":"NoNe"}"#),
        1,
    );
    assert!(given(&t).has(FindingCode::AlgNone));
}

#[test]
fn other_algorithms_are_unsupported() {
    for header in [
        r#"{"alg":"RS256"}"#,
        r#"{"alg":"HS512"}"#,
        r#"{"typ":"JWT"}"#,
        r#"{"alg":7}"#,
    ] {
        let t = sign_raw(header, &good_claims().to_string(), SECRET);
        let r = given(&t);
        assert_eq!(r.signature, Signature::Unsupported, "{header}");
        assert_ne!(r.outcome, Outcome::Valid);
        assert!(
            finding(&r, FindingCode::AlgUnsupported)
                .message
                .contains("HS256")
        );
    }
}

#[test]
fn signature_mismatch_with_the_given_secret() {
    let t = sign_raw(
        r#"{"alg":"HS256","typ":"JWT"}"#,
        &good_claims().to_string(),
        "another-secret-another-secret-123",
    );
    let r = given(&t);
    assert_eq!(r.signature, Signature::Mismatch);
    assert_eq!(r.outcome, Outcome::Invalid);
    assert_eq!(r.verdict, "Signature does not match the given secret");
    // A truncated signature is called out.
    let full = sign(&good_claims());
    let cut = &full[..full.len() - 3];
    assert!(
        finding(&given(cut), FindingCode::SignatureMismatch)
            .message
            .contains("cut off")
    );
}

#[test]
fn saved_projects_are_tried_matching_key_first() {
    let staging = key(SECRET);
    let prod = key("prod-secret-prod-secret-prod-secret");
    let candidates = [
        Candidate {
            source: KeySource::Project {
                name: "Production".into(),
            },
            api_key: Some("key-prod"),
            secret: &prod,
        },
        Candidate {
            source: KeySource::Project {
                name: "Staging".into(),
            },
            api_key: Some("key-1"),
            secret: &staging,
        },
    ];
    let ctx = Context {
        now: now(),
        tz: TimeZone::UTC,
        candidates: &candidates,
        usage: Default::default(),
    };
    let r = inspect(&sign(&good_claims()), &ctx);
    assert_eq!(
        r.signature,
        Signature::Verified(KeySource::Project {
            name: "Staging".into()
        })
    );
    assert!(
        r.verdict
            .starts_with("Valid — signed by project Staging — expires in 1 h"),
        "{}",
        r.verdict
    );

    // The matching project's secret does not verify: mismatch, named.
    let forged = sign_raw(
        r#"{"alg":"HS256"}"#,
        &good_claims().to_string(),
        "rotated-secret-rotated-secret-rot",
    );
    let r = inspect(&forged, &ctx);
    assert_eq!(r.signature, Signature::Mismatch);
    assert_eq!(r.verdict, "Signature does not match project Staging");

    // No project has the key: unknown_apikey + unverified (exit 3).
    let other = sign_raw(
        r#"{"alg":"HS256"}"#,
        &with(&json!({"apikey": "key-x"})).to_string(),
        "x-secret-x-secret-x-secret-x-secret",
    );
    let r = inspect(&other, &ctx);
    assert_eq!(r.signature, Signature::Unverified);
    assert_eq!(r.outcome, Outcome::Unverified);
    assert_eq!(r.outcome, Outcome::Unverified);
    assert!(
        finding(&r, FindingCode::UnknownApikey)
            .message
            .contains("key-x")
    );
    finding(&r, FindingCode::Unverified);
    assert!(
        r.verdict
            .starts_with("Not verified — no saved project or secret for API key key-x"),
        "{}",
        r.verdict
    );
}

#[test]
fn unverified_without_any_secret() {
    let r = alone(&sign(&good_claims()));
    assert_eq!(r.signature, Signature::Unverified);
    assert_eq!(codes(&r), ["unverified"]);
    assert_ne!(
        r.outcome,
        Outcome::Valid,
        "not verified is never shown as valid"
    );
}

#[test]
fn expired_says_by_how_long_and_when() {
    let r = given(&sign(&with(
        &json!({"iat": secs(-7200), "exp": secs(-840)}),
    )));
    let f = finding(&r, FindingCode::Expired);
    assert_eq!(f.videosdk_error, Some(4002));
    assert_eq!(
        r.verdict,
        "Expired 14 min ago (2026-11-28 09:46 UTC) — signed with the given secret"
    );
    // No hidden leeway: one second past exp is expired.
    assert!(given(&sign(&with(&json!({"exp": secs(-1)})))).has(FindingCode::Expired));
    assert!(!given(&sign(&with(&json!({"exp": secs(1)})))).has(FindingCode::Expired));
}

#[test]
fn time_claims() {
    let r = given(&sign(&with(&json!({"nbf": secs(300)}))));
    assert!(
        finding(&r, FindingCode::NotYetValid)
            .message
            .contains("in 5 min")
    );
    let r = given(&sign(&with(&json!({"iat": secs(600)}))));
    assert_eq!(
        finding(&r, FindingCode::IssuedInFuture).severity,
        Severity::Warning
    );
    assert!(
        !given(&sign(&with(&json!({"iat": secs(30)})))).has(FindingCode::IssuedInFuture),
        "60 s skew allowed"
    );
    let r = given(&sign(&with(&json!({"exp": null}))));
    assert!(r.has(FindingCode::MissingExp));
    assert_eq!(
        r.outcome,
        Outcome::Valid,
        "a warning does not make it invalid"
    );
    assert!(r.verdict.ends_with("never expires"), "{}", r.verdict);
    let r = given(&sign(&with(&json!({"exp": secs(31 * 86_400)}))));
    assert!(finding(&r, FindingCode::LongLived).message.contains("31 d"));
    assert!(!given(&sign(&with(&json!({"exp": secs(29 * 86_400)})))).has(FindingCode::LongLived));
    let r = given(&sign(&with(&json!({"exp": "tomorrow"}))));
    assert!(
        finding(&r, FindingCode::Malformed)
            .message
            .contains("not a NumericDate")
    );
    assert_eq!(r.outcome, Outcome::Invalid);
}

#[test]
fn apikey_claim() {
    let r = given(&sign(&with(&json!({"apikey": null}))));
    assert_eq!(
        finding(&r, FindingCode::MissingApikey).videosdk_error,
        Some(4001)
    );
    let r = given(&sign(&with(&json!({"apikey": null, "apiKey": "key-1"}))));
    assert!(
        finding(&r, FindingCode::MissingApikey)
            .message
            .contains("apiKey is present")
    );
    assert!(given(&sign(&with(&json!({"apikey": 5})))).has(FindingCode::MissingApikey));
}

#[test]
fn permissions_claim() {
    assert!(
        given(&sign(&with(&json!({"permissions": null})))).has(FindingCode::MissingPermissions)
    );
    assert!(given(&sign(&with(&json!({"permissions": []})))).has(FindingCode::MissingPermissions));
    let r = given(&sign(&with(&json!({"permissions": "allow_join"}))));
    assert!(
        finding(&r, FindingCode::MissingPermissions)
            .message
            .contains("not an array")
    );
    let r = given(&sign(&with(&json!({"permissions": ["ALLOW_JOIN"]}))));
    assert!(
        finding(&r, FindingCode::UnknownPermission)
            .message
            .contains("did you mean allow_join")
    );
    let r = given(&sign(&with(
        &json!({"permissions": ["ask_join", "allow_mod"]}),
    )));
    let f = finding(&r, FindingCode::AskJoinConflict);
    assert_eq!(f.videosdk_error, Some(4008));
    assert!(r.verdict.contains("4008"), "{}", r.verdict);
    assert_eq!(
        given(&sign(&with(&json!({"permissions": ["ask_join"]})))).outcome,
        Outcome::Valid
    );
}

#[test]
fn v2_claims() {
    // roomId without version: the docs ask for 2, the limit may not be
    // enforced; a warning, and the token is valid.
    let r = given(&sign(&with(&json!({"roomId": "r1"}))));
    let f = finding(&r, FindingCode::NeedsVersion2);
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.message.contains("roomId") && f.message.contains("may not be enforced"));
    assert_eq!(r.outcome, Outcome::Valid, "{}", r.verdict);
    // roles without version: the dashboard's form, an info.
    let r = given(&sign(&with(&json!({"roles": ["rtc"]}))));
    assert!(!r.has(FindingCode::NeedsVersion2), "{:?}", codes(&r));
    let f = finding(&r, FindingCode::RolesWithoutVersion);
    assert_eq!(f.severity, Severity::Info);
    assert!(f.message.contains("dashboard"));
    assert_eq!(r.outcome, Outcome::Valid);
    // The string "2": a warning that says write the number.
    let r = given(&sign(&with(&json!({"roomId": "r1", "version": "2"}))));
    let f = finding(&r, FindingCode::BadVersion);
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.message.contains("string \"2\""), "{}", f.message);
    assert!(f.message.contains("write the number 2"), "{}", f.message);
    assert!(!r.has(FindingCode::NeedsVersion2));
    assert_eq!(r.outcome, Outcome::Valid);
    // Any other version is an error.
    let r = given(&sign(&with(&json!({"version": 1}))));
    assert_eq!(
        finding(&r, FindingCode::BadVersion).severity,
        Severity::Error
    );
    assert_eq!(r.outcome, Outcome::Invalid);
    let r = given(&sign(&with(
        &json!({"version": 2, "roles": ["rtc", "admin"]}),
    )));
    assert!(
        finding(&r, FindingCode::UnknownRole)
            .message
            .contains("admin")
    );
    assert!(
        given(&sign(&with(&json!({"version": 2, "roles": "rtc"})))).has(FindingCode::UnknownRole)
    );
    let r = given(&sign(&with(
        &json!({"version": 2, "participantId": "qa 1"}),
    )));
    assert_eq!(
        finding(&r, FindingCode::ParticipantIdWhitespace).videosdk_error,
        Some(4004)
    );
    let ok = given(&sign(&with(
        &json!({"version": 2, "roomId": "r", "participantId": "p", "roles": ["crawler"]}),
    )));
    assert_eq!(ok.outcome, Outcome::Valid, "{:?}", codes(&ok));
}

#[test]
fn weak_secret_is_a_warning() {
    let t = sign_raw(r#"{"alg":"HS256"}"#, &good_claims().to_string(), "short");
    let k = key("short");
    let c = [Candidate {
        source: KeySource::Given,
        api_key: None,
        secret: &k,
    }];
    let r = inspect(
        &t,
        &Context {
            now: now(),
            tz: TimeZone::UTC,
            candidates: &c,
            usage: Default::default(),
        },
    );
    assert!(
        finding(&r, FindingCode::WeakSecret)
            .message
            .contains("5-byte")
    );
    assert_eq!(r.outcome, Outcome::Valid);
}

#[test]
fn input_cleaning_is_reported_and_harmless() {
    let t = sign(&good_claims());
    let messy = format!("Authorization: Bearer {}\n{}\n", &t[..30], &t[30..]);
    let r = given(&messy);
    assert_eq!(r.outcome, Outcome::Valid);
    let f = finding(&r, FindingCode::InputCleaned);
    assert!(
        f.message.contains("Bearer") && f.message.contains("line breaks"),
        "{}",
        f.message
    );
}

#[test]
fn findings_are_worst_first_and_every_code_is_reachable() {
    let r = given(&sign(&with(
        &json!({"exp": null, "permissions": ["ask_join", "allow_join"], "version": 1}),
    )));
    let sev: Vec<Severity> = r.findings.iter().map(|f| f.severity).collect();
    let mut sorted = sev.clone();
    sorted.sort();
    assert_eq!(sev, sorted);
    assert!(r.verdict.contains("more problem"), "{}", r.verdict);
    // Every catalogue code is produced by at least one test above; this
    // list keeps a new code from being added without one.
    assert_eq!(FindingCode::ALL.len(), 38);
}

#[test]
fn claims_table_and_redacted_copy() {
    let t = sign(&with(&json!({"custom": {"a": 1}})));
    let r = given(&t);
    let rows = r.claim_rows(now(), &TimeZone::UTC);
    let exp = rows.iter().find(|r| r.name == "exp").unwrap();
    let shown = exp.time.as_ref().unwrap();
    assert_eq!(shown.utc, "2026-11-28T11:00:00Z");
    assert_eq!(shown.relative, "in 1 h");
    assert_eq!(exp.meaning, Some("expires at"));
    let custom = rows.iter().find(|r| r.name == "custom").unwrap();
    assert_eq!(custom.value, r#"{"a":1}"#);
    // Strings in quotes, as JSON: "key-1" is a string, 2 a number.
    let apikey = rows.iter().find(|r| r.name == "apikey").unwrap();
    assert_eq!(apikey.value, r#""key-1""#);
    assert_eq!(custom.meaning, None);
    let red = r.redacted_text();
    let sig = t.rsplit('.').next().unwrap();
    assert!(!red.contains(sig) && !red.contains(&t));
    assert!(red.contains("key-1") && red.contains("<redacted>"));
}

#[test]
fn generated_tokens_inspect_as_valid_with_their_own_secret() {
    let req = TokenRequest {
        api_key: "key-1".into(),
        permissions: vec![Permission::AllowJoin, Permission::AllowMod],
        expiry: Expiry::In(600),
        room_id: Some("room".into()),
        participant_id: Some("p1".into()),
        roles: vec![Role::Rtc],
        extra_claims: serde_json::Map::new(),
    };
    let t = generate(&req, &key(SECRET), now()).unwrap();
    let r = given(&t.token);
    assert_eq!(r.outcome, Outcome::Valid, "{:?}", codes(&r));
    assert_eq!(r.claims.as_ref().unwrap()["version"], 2);
    assert_eq!(
        r.verdict,
        "Valid — signed with the given secret — expires in 10 min"
    );
}

mod hostile;
mod real_world;
mod support;
