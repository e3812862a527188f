//! Custom claims (VideoSDK's server SDKs allow them): a JSON object whose
//! members are written after the VideoSDK claims. None of them may override
//! a claim this tool sets, nor shadow one with a look-alike name (`apiKey`,
//! `room_id`, `apikey` + a zero-width space): VideoSDK would read the real
//! claim, and whoever reads the token would believe the fake one.

use serde_json::{Map, Value};

use super::duplicates;
use super::generate::GenerateError;
use super::lookalike::reading_key;
use super::visible::is_invisible;

/// Largest custom claims accepted, as compact JSON. With the largest
/// VideoSDK claims `generate` accepts, the token stays under what `inspect`
/// reads ([`super::MAX_INPUT_BYTES`], 16 KB; a test checks the worst case):
/// 8 KB would not.
pub const MAX_EXTRA_CLAIMS_BYTES: usize = 4 * 1024;
/// Largest custom-claims text read (a file, a paste), before parsing:
/// indentation may make it much larger than its compact form.
pub const MAX_EXTRA_CLAIMS_TEXT_BYTES: usize = 64 * 1024;

/// The claims this tool sets, and how to set each one instead.
const RESERVED: [(&str, &str); 10] = [
    (
        "apikey",
        "the API key comes from the project (or --api-key), not from custom claims",
    ),
    (
        "permissions",
        "use --permission (the Permissions boxes in the window)",
    ),
    (
        "version",
        "version: 2 is set automatically when a room, participant or role is given",
    ),
    ("roomId", "use --room-id (roomId in the window)"),
    (
        "participantId",
        "use --participant-id (participantId in the window)",
    ),
    ("roles", "use --role (the roles boxes in the window)"),
    ("iat", "iat is the signing time, set automatically"),
    (
        "exp",
        "use --expires or --expires-at (Expires in the window)",
    ),
    (
        "nbf",
        "tokens are valid from the moment they are signed; nbf is not settable here",
    ),
    (
        "jti",
        "jti is a fresh UUID for every token, set automatically",
    ),
];

/// A claim name as a reader takes it ([`reading_key`]: no invisible
/// characters, compatibility forms, case and confusables folded), without
/// `_`, `-`, `.` or spaces. `api_key`, `APIKEY`, `apikey\u{200b}` and
/// `аpikey` (Cyrillic а) all become `apikey`.
fn folded(name: &str) -> String {
    reading_key(name)
        .chars()
        .filter(|c| !matches!(c, '_' | '-' | '.') && !c.is_whitespace())
        .collect()
}

/// The VideoSDK claim `name` overrides or looks like, with its hint.
pub fn reserved_claim(name: &str) -> Option<(&'static str, &'static str)> {
    let key = folded(name);
    RESERVED.into_iter().find(|(claim, _)| folded(claim) == key)
}

/// Checks custom claims: bounded, every name non-empty, free of control and
/// invisible characters, and none standing for a VideoSDK claim.
pub fn check_extra_claims(claims: &Map<String, Value>) -> Result<(), GenerateError> {
    if claims.is_empty() {
        return Ok(());
    }
    let bytes = Value::Object(claims.clone()).to_string().len();
    if bytes > MAX_EXTRA_CLAIMS_BYTES {
        return Err(GenerateError::TooLong {
            field: "the custom claims",
            bytes,
            limit: MAX_EXTRA_CLAIMS_BYTES,
        });
    }
    for name in claims.keys() {
        if let Some((claim, hint)) = reserved_claim(name) {
            return Err(GenerateError::ReservedClaim {
                name: name.clone(),
                claim,
                hint,
            });
        }
        if name.trim().is_empty() {
            return Err(GenerateError::EmptyClaimName);
        }
        if name.chars().any(is_invisible) {
            return Err(GenerateError::HiddenInClaimName(name.clone()));
        }
    }
    Ok(())
}

/// Parses custom claims as typed or read from a file: a JSON object
/// (blank text is none). Errors say where (line and column), and a name
/// given twice is refused rather than silently keeping the last one.
pub fn parse_extra_claims(text: &str) -> Result<Map<String, Value>, GenerateError> {
    if text.len() > MAX_EXTRA_CLAIMS_TEXT_BYTES {
        return Err(GenerateError::TooLong {
            field: "the custom claims text",
            bytes: text.len(),
            limit: MAX_EXTRA_CLAIMS_TEXT_BYTES,
        });
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Ok(Map::new());
    }
    let (value, dups) = duplicates::parse(text).map_err(|e| {
        let full = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        GenerateError::ClaimsNotJson {
            line: e.line(),
            column: e.column(),
            reason: full.strip_suffix(&suffix).unwrap_or(&full).to_owned(),
        }
    })?;
    let Value::Object(map) = value else {
        return Err(GenerateError::ClaimsNotObject(kind(&value)));
    };
    if let Some(d) = dups.into_iter().next() {
        return Err(GenerateError::DuplicateClaim(d.path));
    }
    check_extra_claims(&map)?;
    Ok(map)
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(text: &str) -> GenerateError {
        parse_extra_claims(text).unwrap_err()
    }

    #[test]
    fn every_videosdk_claim_is_refused_by_name_with_what_to_use() {
        // The same names the rest of the core calls VideoSDK's and registered.
        let all: Vec<&str> = crate::token::claims::VIDEOSDK_CLAIMS
            .into_iter()
            .chain(crate::token::claims::REGISTERED_CLAIMS)
            .collect();
        let reserved: Vec<&str> = RESERVED.iter().map(|(c, _)| *c).collect();
        assert_eq!(reserved, all);
        for (claim, _) in RESERVED {
            let e = refused(&format!(r#"{{"{claim}": 1}}"#));
            let GenerateError::ReservedClaim { name, claim: c, .. } = &e else {
                panic!("{claim}: {e:?}");
            };
            assert_eq!((name.as_str(), *c), (claim, claim));
            assert!(e.to_string().contains(&format!("'{claim}'")), "{e}");
        }
        assert!(
            refused(r#"{"roomId":"r"}"#)
                .to_string()
                .contains("--room-id")
        );
        assert!(refused(r#"{"exp":1}"#).to_string().contains("--expires"));
        assert!(
            refused(r#"{"permissions":[]}"#)
                .to_string()
                .contains("--permission")
        );
    }

    #[test]
    fn look_alike_names_are_refused_too() {
        for (fake, real) in [
            ("apiKey", "apikey"),
            ("api_key", "apikey"),
            ("API-KEY", "apikey"),
            ("apikey\u{200b}", "apikey"),
            ("\u{feff}apikey", "apikey"),
            ("ａｐｉｋｅｙ", "apikey"),
            ("roomid", "roomId"),
            ("room_id", "roomId"),
            ("Participant_Id", "participantId"),
            ("ROLES", "roles"),
            ("Exp", "exp"),
            ("j\u{200d}ti", "jti"),
        ] {
            let e = refused(&serde_json::json!({ fake: true }).to_string());
            assert!(
                matches!(&e, GenerateError::ReservedClaim { claim, .. } if *claim == real),
                "{fake:?}: {e:?}"
            );
            let said = e.to_string();
            assert!(said.contains(real), "{said}");
            assert!(!said.chars().any(is_invisible), "shown visibly: {said}");
        }
    }

    #[test]
    fn custom_claims_of_any_json_value_are_kept_in_order() {
        let m = parse_extra_claims(
            "\u{feff}{\"team\": \"qa\", \"n\": 3, \"deep\": {\"a\": [1, null, true]}, \"apikeys_seen\": 2}",
        )
        .unwrap();
        let keys: Vec<_> = m.keys().cloned().collect();
        assert_eq!(keys, ["team", "n", "deep", "apikeys_seen"]);
        assert!(parse_extra_claims("  \n").unwrap().is_empty());
        assert!(parse_extra_claims("{}").unwrap().is_empty());
    }

    #[test]
    fn broken_text_says_where_and_why() {
        let e = refused("{\n  \"team\": \"qa\",\n  oops\n}");
        assert!(
            matches!(
                e,
                GenerateError::ClaimsNotJson {
                    line: 3,
                    column: 3,
                    ..
                }
            ),
            "{e:?}"
        );
        assert!(e.to_string().contains("line 3, column 3"), "{e}");
        assert_eq!(refused("[1]"), GenerateError::ClaimsNotObject("an array"));
        assert_eq!(refused("\"x\""), GenerateError::ClaimsNotObject("a string"));
        assert_eq!(refused("null"), GenerateError::ClaimsNotObject("null"));
        assert_eq!(
            refused(r#"{"a":1,"a":2}"#),
            GenerateError::DuplicateClaim("a".into())
        );
        assert_eq!(refused(r#"{"":1}"#), GenerateError::EmptyClaimName);
        assert_eq!(refused(r#"{" ":1}"#), GenerateError::EmptyClaimName);
        let e = refused(r#"{"te\u0000am":1}"#);
        assert!(matches!(e, GenerateError::HiddenInClaimName(_)), "{e:?}");
        assert!(e.to_string().contains("\\u{0}"), "{e}");
        let e = refused("{\"te\u{202e}am\":1}");
        assert!(e.to_string().contains("<U+202E>"), "{e}");
    }

    #[test]
    fn sizes_are_bounded() {
        let big = format!(r#"{{"blob":"{}"}}"#, "x".repeat(MAX_EXTRA_CLAIMS_BYTES));
        assert!(matches!(
            refused(&big),
            GenerateError::TooLong {
                field: "the custom claims",
                ..
            }
        ));
        let huge = " ".repeat(MAX_EXTRA_CLAIMS_TEXT_BYTES + 1);
        assert!(matches!(
            refused(&huge),
            GenerateError::TooLong {
                field: "the custom claims text",
                ..
            }
        ));
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(matches!(
            refused(&format!(r#"{{"a":{deep}}}"#)),
            GenerateError::ClaimsNotJson { .. }
        ));
    }
}
