//! Issue 19: right about the tokens people actually have. Damaged copies of
//! the right secret, claims VideoSDK ignores, tokens pasted from code and
//! docs, and `like` only from a verified token.

use super::*;

/// A VideoSDK-like secret: 64 hex characters.
const HEX_SECRET: &str = "9f2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c0b2d4f6e8a1c3e5b7d9f0a2c4e6b8d1f";

/// Signs the good claims with raw key bytes (any length, empty too).
fn signed_with(key: &[u8]) -> String {
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"HS256","typ":"JWT"}"#),
        URL_SAFE_NO_PAD.encode(good_claims().to_string())
    );
    let mut mac = HmacSha256::new_from_slice(key).unwrap();
    mac.update(input.as_bytes());
    format!(
        "{input}.{}",
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    )
}

/// The token checked against project acme (key-1, `HEX_SECRET`) and a
/// second project, other.
fn against_acme(token: &str) -> Report {
    let acme = key(HEX_SECRET);
    let other = key("other-project-secret-0123456789abcdef");
    let c = [
        Candidate {
            source: KeySource::Project {
                name: "other".into(),
            },
            api_key: Some("key-2"),
            secret: &other,
        },
        Candidate {
            source: KeySource::Project {
                name: "acme".into(),
            },
            api_key: Some("key-1"),
            secret: &acme,
        },
    ];
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

#[test]
fn each_damaged_copy_of_the_secret_is_named_with_its_variant() {
    let s = HEX_SECRET.as_bytes();
    let hex: Vec<u8> = (0..32)
        .map(|i| u8::from_str_radix(&HEX_SECRET[2 * i..2 * i + 2], 16).unwrap())
        .collect();
    let b64 = base64::engine::general_purpose::STANDARD;
    let cases: Vec<(Vec<u8>, &str, &str)> = vec![
        (
            [s, s].concat(),
            "doubled",
            "written twice (128 characters instead of 64)",
        ),
        ([b"\"", s, b"\""].concat(), "quoted", "with its quotes"),
        (
            [s, b"\n"].concat(),
            "whitespace",
            "with a trailing line break",
        ),
        ([s, b"\r\n"].concat(), "whitespace", "Windows line break"),
        ([b" ", s].concat(), "whitespace", "leading space"),
        (s.to_ascii_uppercase(), "case_changed", "upper-cased"),
        (
            s[..32].to_vec(),
            "truncated",
            "cut to 32 characters (of 64)",
        ),
        (
            s[..63].to_vec(),
            "truncated",
            "cut to 63 characters (of 64)",
        ),
        (hex, "hex_decoded", "decoded from hex (32 bytes"),
        (
            b64.decode(s).unwrap(),
            "base64_decoded",
            "decoded from base64 (48 bytes",
        ),
        (
            b64.encode(s).into_bytes(),
            "base64_encoded",
            "base64-encoded (88 characters instead of 64)",
        ),
        (
            b"undefined".to_vec(),
            "placeholder_text",
            "the text \"undefined\"",
        ),
        (Vec::new(), "placeholder_text", "an empty secret"),
        (b"your-secret".to_vec(), "placeholder_text", "your-secret"),
    ];
    for (bytes, variant, said) in cases {
        let r = against_acme(&signed_with(&bytes));
        let f = &r.findings[0];
        assert_eq!(
            f.code,
            FindingCode::DamagedSecret,
            "{variant}: {:?}",
            codes(&r)
        );
        assert_eq!(f.variant, Some(variant), "{said}");
        assert_eq!(f.severity, Severity::Error);
        assert_eq!(f.videosdk_error, Some(4002));
        assert!(f.message.contains(said), "{said}: {}", f.message);
        assert!(
            f.message.contains("acme"),
            "names the project: {}",
            f.message
        );
        assert!(!f.message.contains(HEX_SECRET), "never the secret");
        assert_eq!(r.signature, Signature::Mismatch);
        assert_eq!(r.outcome, Outcome::Invalid);
        assert!(r.verdict.starts_with("Signed with"), "{}", r.verdict);
        let json = serde_json::to_value(f).unwrap();
        assert_eq!(json["variant"], variant);
    }
}

#[test]
fn a_plainly_different_secret_stays_a_mismatch_and_the_right_one_verifies() {
    let r = against_acme(&signed_with(b"a-plainly-different-secret-7d1e0c9b8a7f6e5d"));
    assert!(r.has(FindingCode::SignatureMismatch), "{:?}", codes(&r));
    assert!(!r.has(FindingCode::DamagedSecret));
    let f = finding(&r, FindingCode::SignatureMismatch);
    assert_eq!(f.variant, None);
    assert!(serde_json::to_value(f).unwrap().get("variant").is_none());
    let r = against_acme(&signed_with(HEX_SECRET.as_bytes()));
    assert_eq!(r.outcome, Outcome::Valid, "{}", r.verdict);
    // A given secret and the environment's are known secrets too.
    let doubled = signed_with(format!("{SECRET}{SECRET}").as_bytes());
    let f = &given(&doubled).findings[0];
    assert_eq!(f.variant, Some("doubled"));
    assert!(f.message.contains("the given secret"), "{}", f.message);
    // With no secret at all, only a placeholder text can be recognised.
    let r = alone(&signed_with(b"undefined"));
    assert_eq!(r.findings[0].variant, Some("placeholder_text"));
    assert!(!alone(&doubled).has(FindingCode::DamagedSecret));
}

#[test]
fn claims_videosdk_ignores_are_named() {
    let r = given(&sign(&with(&json!({"meetingId": "abcd-efgh-ijkl"}))));
    let f = finding(&r, FindingCode::MeetingIdIgnored);
    assert_eq!(f.severity, Severity::Warning);
    assert!(
        f.message.contains("VideoSDK reads roomId, with version 2"),
        "{}",
        f.message
    );
    assert_eq!(r.outcome, Outcome::Valid);
    for name in ["expiresIn", "expiresin", "notBefore"] {
        let r = given(&sign(&with(&json!({ name: "24h" }))));
        let f = finding(&r, FindingCode::SigningOptionInPayload);
        assert!(
            f.message
                .contains("an option of the signing call, not a claim"),
            "{}",
            f.message
        );
    }
    let f = finding(
        &given(&sign(&with(&json!({"expiresIn": "24h"})))),
        FindingCode::SigningOptionInPayload,
    )
    .clone();
    assert!(f.message.contains("only exp counts"), "{}", f.message);
    for (name, meant) in [
        ("apiKey", "apikey"),
        ("api_key", "apikey"),
        ("permission", "permissions"),
        ("role", "roles"),
    ] {
        let r = given(&sign(&with(&json!({ name: "x" }))));
        let f = finding(&r, FindingCode::MisspeltClaim);
        assert!(
            f.message.contains(&format!("it reads {meant}")),
            "{}",
            f.message
        );
    }
    // Without apikey, missing_apikey names the spelling (one finding, not two).
    let r = given(&sign(&with(&json!({"apikey": null, "apiKey": "key-1"}))));
    assert!(
        finding(&r, FindingCode::MissingApikey)
            .message
            .contains("apiKey")
    );
    assert!(!r.has(FindingCode::MisspeltClaim));
}

#[test]
fn tokens_split_over_string_literals_are_joined() {
    let t = sign(&good_claims());
    let (h, rest) = t.split_at(t.find('.').unwrap() + 1);
    let (p, s) = rest.split_at(rest.find('.').unwrap() + 1);
    for paste in [
        format!("const token =\n  \"{h}\" +\n  \"{p}\" +\n  \"{s}\";"),
        format!("TOKEN = (\n    \"{h}\"\n    \"{p}\"\n    \"{s}\"\n)"),
        format!("String token = \"{h}{p}\"\n    + \"{s}\";"),
        format!("var token = @\"{h}\" + @\"{p}{s}\";"),
        format!("token := `{h}` +\n\t`{p}{s}`"),
        format!("token = '{h}' \\\n    '{p}{s}'"),
    ] {
        let r = given(&paste);
        assert_eq!(r.outcome, Outcome::Valid, "{paste}: {}", r.verdict);
        assert!(
            r.cleaned
                .actions
                .iter()
                .any(|a| a.contains("string literals")),
            "{paste}"
        );
    }
    // What worked keeps working.
    for paste in [
        format!(r#"{{"token": "{t}", "room": "x"}}"#),
        format!("https://example.com/join?token={t}&room=x"),
        format!("VIDEOSDK_TOKEN={t}"),
        format!("Authorization: {t}"),
        format!("curl -H \"Authorization: {t}\" https://api.videosdk.live/v2/rooms"),
    ] {
        assert_eq!(given(&paste).outcome, Outcome::Valid, "{paste}");
    }
    // Two whole tokens side by side are not one.
    let two = format!("\"{t}\" \"{t}\"");
    assert_eq!(clean(&two).token, t);
}

#[test]
fn shortened_examples_are_placeholders_not_broken_tokens() {
    for paste in [
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...",
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhcGlrZXkiOi\u{2026}",
        "Authorization: <YOUR_TOKEN>",
        "YOUR_TOKEN",
        "{{token}}",
    ] {
        let r = alone(paste);
        assert_eq!(r.outcome, Outcome::NotJwt, "{paste}");
        let f = &r.findings[0];
        assert_eq!(f.code, FindingCode::Placeholder, "{paste}: {:?}", codes(&r));
        assert!(r.verdict.contains("copy the whole token"), "{}", r.verdict);
    }
    // A token cut off without an ellipsis is still malformed.
    let t = sign(&good_claims());
    assert!(alone(&t[..t.len() - 50]).findings[0].code != FindingCode::Placeholder);
}

#[test]
fn like_is_refused_for_a_token_no_known_secret_verifies() {
    let forged = sign_raw(
        r#"{"alg":"HS256","typ":"JWT"}"#,
        &with(&json!({"permissions": ["allow_mod"]})).to_string(),
        "an-attackers-secret-0123456789",
    );
    let e = like_verified(&given(&forged)).unwrap_err();
    assert!(matches!(e, LikeError::Untrusted(_)), "{e}");
    assert!(e.to_string().contains("Signature does not match"), "{e}");
    let e = like_verified(&alone(&sign(&good_claims()))).unwrap_err();
    assert!(
        e.to_string()
            .contains("no saved project or secret for API key key-1"),
        "{e}"
    );
    let none = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#),
        URL_SAFE_NO_PAD.encode(good_claims().to_string())
    );
    assert!(like_verified(&given(&none)).is_err());
    let ok = like_verified(&given(&sign(&good_claims()))).unwrap();
    assert_eq!(ok.api_key, "key-1");
}
