//! The command line's contract with scripts: `--json` shapes and exit codes.

use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::token::{KeySource, Outcome, Report, Signature, is_invisible};

/// JSON text for a script or a terminal: pretty or on one line, with every
/// invisible character `\u`-escaped. serde_json escapes C0 controls in
/// strings but writes DEL, C1 controls, bidi and zero-width characters raw;
/// escaped, they parse back to exactly the same values and cannot act on a
/// terminal. (Outside strings serde_json writes only ASCII and line breaks,
/// so every such character is inside a string, where `\u` is valid.)
pub fn to_text(value: &impl serde::Serialize, pretty: bool) -> String {
    let text = if pretty {
        serde_json::to_string_pretty(value)
    } else {
        serde_json::to_string(value)
    };
    // Serialising a Value or a plain struct cannot fail; nothing to print if it did.
    escape_invisible(text.unwrap_or_default())
}

/// `text` (JSON as serde_json writes it) with every invisible character
/// `\u`-escaped, as [`to_text`] gives it.
pub fn escape_invisible(text: String) -> String {
    if !text.chars().any(|c| c != '\n' && is_invisible(c)) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 32);
    for c in text.chars() {
        if c != '\n' && is_invisible(c) {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                let _ = write!(out, "\\u{unit:04x}");
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The exit code of `inspect --all`: the worst of its reports, in the
/// order invalid (1), not a JWT (2), not verified (3), valid (0).
pub fn exit_code_all(outcomes: impl IntoIterator<Item = Outcome>) -> u8 {
    let rank = |o: Outcome| match o {
        Outcome::Invalid => 3,
        Outcome::NotJwt => 2,
        Outcome::Unverified => 1,
        Outcome::Valid => 0,
    };
    outcomes
        .into_iter()
        .max_by_key(|o| rank(*o))
        .map_or(0, exit_code)
}

/// The `inspect` exit code: 0 verified and no error finding; 1 at least one
/// error finding; 2 not a JWT; 3 decoded without error findings but not verified.
pub fn exit_code(outcome: Outcome) -> u8 {
    match outcome {
        Outcome::Valid => 0,
        Outcome::Invalid => 1,
        Outcome::NotJwt => 2,
        Outcome::Unverified => 3,
    }
}

/// The `inspect --json` shape: `{verdict, outcome, header, claims, signature:
/// {status, project, source}, findings: [{code, severity, message,
/// videosdk_error?, videosdk_error_name?}], input_cleaning, log_codes:
/// [{code, name, explained_by}]}`.
pub fn report_json(report: &Report) -> Value {
    let (project, source) = match &report.signature {
        Signature::Verified(KeySource::Project { name }) => (
            Value::String(name.clone()),
            json!({"kind": "project", "name": name}),
        ),
        Signature::Verified(KeySource::Given) => (Value::Null, json!({"kind": "given"})),
        Signature::Verified(KeySource::Environment) => {
            (Value::Null, json!({"kind": "environment"}))
        }
        _ => (Value::Null, Value::Null),
    };
    json!({
        "verdict": report.verdict,
        "outcome": report.outcome,
        "header": report.header,
        "claims": report.claims,
        "signature": {"status": report.signature.status(), "project": project, "source": source},
        "findings": report.findings,
        "input_cleaning": report.cleaned.actions,
        "log_codes": report.log_codes,
    })
}

#[cfg(test)]
mod tests {
    use jiff::Timestamp;
    use jiff::tz::TimeZone;

    use super::*;
    use crate::token::{
        Candidate, Context, Expiry, SecretEncoding, SecretKey, TokenRequest, generate, inspect,
    };

    fn report(secret: &SecretKey, source: KeySource, api_key: Option<&str>) -> Report {
        let now = Timestamp::from_second(1_795_860_000).unwrap();
        let req = TokenRequest {
            api_key: "key-1".into(),
            expiry: Expiry::In(60),
            ..TokenRequest::default()
        };
        let t = generate(&req, secret, now).unwrap();
        let later = Timestamp::from_second(1_795_860_000 + 120).unwrap();
        let candidates = [Candidate {
            source,
            api_key,
            secret,
        }];
        let ctx = Context {
            now: later,
            tz: TimeZone::UTC,
            candidates: &candidates,
            usage: Default::default(),
        };
        inspect(&t.token, &ctx)
    }

    #[test]
    fn json_shape_is_stable() {
        let s = SecretKey::parse("a-secret-of-thirty-two-bytes-000", SecretEncoding::Text).unwrap();
        let v = report_json(&report(&s, KeySource::Given, None));
        for k in [
            "verdict",
            "outcome",
            "header",
            "claims",
            "signature",
            "findings",
        ] {
            assert!(v.get(k).is_some(), "{k}");
        }
        assert_eq!(v["signature"]["status"], "verified");
        assert_eq!(v["signature"]["source"], json!({"kind": "given"}));
        assert_eq!(v["findings"][0]["code"], "expired");
        assert_eq!(v["findings"][0]["severity"], "error");
        assert_eq!(v["findings"][0]["videosdk_error"], 4002);
        assert!(
            v["findings"][0]["message"]
                .as_str()
                .unwrap()
                .contains("ago")
        );
        let project = KeySource::Project {
            name: "Staging".into(),
        };
        let v = report_json(&report(&s, project, Some("key-1")));
        assert_eq!(v["signature"]["project"], "Staging");
        assert_eq!(
            v["signature"]["source"],
            json!({"kind": "project", "name": "Staging"})
        );
    }

    #[test]
    fn json_text_escapes_what_a_terminal_would_act_on_and_keeps_values() {
        let v = json!({"a\u{202E}": ["\u{1b}[2J\u{7f}\u{9b}\u{200B}\u{E0041}\n"], "b": "café"});
        for pretty in [false, true] {
            let text = to_text(&v, pretty);
            assert!(
                text.chars().all(|c| c == '\n' || !is_invisible(c)),
                "{text}"
            );
            assert!(
                text.contains("\\u202e") && text.contains("\\udb40\\udc41"),
                "{text}"
            );
            assert!(text.contains("café"));
            assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), v);
        }
    }

    #[test]
    fn exit_codes_follow_the_contract() {
        let codes = [
            Outcome::Valid,
            Outcome::Invalid,
            Outcome::NotJwt,
            Outcome::Unverified,
        ]
        .map(exit_code);
        assert_eq!(codes, [0, 1, 2, 3]);
    }
}
