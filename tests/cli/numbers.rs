//! Issue 21: numbers in custom claims are kept exactly, from `--claims` to
//! the signed payload to what `inspect` shows (serde_json's
//! `arbitrary_precision`). Before: 123456789012345678901234567890 became
//! 1.2345678901234568e+29, 1e2 became 100.0, -0 became -0.0.

use base64::Engine as _;

use crate::common::{API_KEY, SECRET, Sandbox};

/// The payload's JSON text, byte for byte as signed.
fn payload_text(token: &str) -> String {
    let part = token.split('.').nth(1).unwrap();
    String::from_utf8(
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(part)
            .unwrap(),
    )
    .unwrap()
}

#[test]
fn custom_claim_numbers_are_signed_and_shown_as_written() {
    let s = Sandbox::new();
    let env = [
        ("VIDEOSDK_API_KEY", API_KEY),
        ("VIDEOSDK_SECRET_KEY", SECRET),
    ];
    let claims = r#"{"big": 123456789012345678901234567890, "neg": -98765432109876543210987654321, "e": 1e2, "small": 5E-3, "z": -0, "f": 1.50, "pi": 3.141592653589793238462643383279}"#;
    let r = s.run_env(&["generate", "--claims", claims], &env, "");
    assert_eq!(r.code, 0, "{r:?}");
    let token = r.stdout.trim();
    let text = payload_text(token);
    // serde_json writes an exponent with its sign (1e2 as 1e+2, 5E-3 as
    // 5e-3): the same number to every JSON parser; digits are never lost.
    for kept in [
        r#""big":123456789012345678901234567890"#,
        r#""neg":-98765432109876543210987654321"#,
        r#""e":1e+2"#,
        r#""small":5e-3"#,
        r#""z":-0"#,
        r#""f":1.50"#,
        r#""pi":3.141592653589793238462643383279"#,
    ] {
        assert!(text.contains(kept), "{kept} in {text}");
    }
    // inspect shows the claims as signed, in text and in JSON.
    let r = s.run_env(&["inspect", token], &env, "");
    assert_eq!(r.code, 0, "{r:?}");
    for shown in [
        "123456789012345678901234567890",
        "-98765432109876543210987654321",
        "3.141592653589793238462643383279",
        "1.50",
    ] {
        assert!(r.stdout.contains(shown), "{shown}: {r:?}");
    }
    let r = s.run_env(&["inspect", token, "--json"], &env, "");
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stdout.contains("123456789012345678901234567890")
            && r.stdout.contains("3.141592653589793238462643383279"),
        "{r:?}"
    );
    // --like copies them as they are.
    let r = s.run_env(&["generate", "--like", token], &env, "");
    assert_eq!(r.code, 0, "{r:?}");
    let again = payload_text(r.stdout.trim());
    assert!(
        again.contains(r#""big":123456789012345678901234567890"#),
        "{again}"
    );
    assert!(again.contains(r#""z":-0"#), "{again}");
}
