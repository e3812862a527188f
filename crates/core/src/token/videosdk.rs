//! What VideoSDK answers: its error codes and names (from its SDK error
//! tables), and finding the ones a customer pasted along with a token, e.g.
//! `{"code": 4001, "name": "INVALID_API_KEY"}` or the REST API's
//! "Token is invalid or expired".

use serde::Serialize;

use super::findings::{Finding, FindingCode, Severity};

/// VideoSDK's error codes: number, name, and `true` for the ones a token
/// causes.
pub const ERRORS: [(u16, &str, bool); 16] = [
    (4001, "INVALID_API_KEY", true),
    (4002, "INVALID_TOKEN", true),
    (4003, "INVALID_MEETING_ID", false),
    (4004, "INVALID_PARTICIPANT_ID", true),
    (4005, "DUPLICATE_PARTICIPANT", false),
    (4006, "ACCOUNT_DEACTIVATED", false),
    (4007, "ACCOUNT_DISCONTINUED", false),
    (4008, "INVALID_PERMISSIONS", true),
    (4009, "MAX_PARTCIPANT_REACHED", false),
    (4010, "MAX_SPEAKER_REACHED", false),
    (4022, "UNAUTHORIZED_MEETING_ID", true),
    (4023, "UNAUTHORIZED_PARTICIPANT_ID", true),
    (4024, "UNAUTHORIZED_ROLE", true),
    (4025, "UNAUTHORIZED_REQUEST", true),
    (4026, "MAX_SPEAKER_LIMIT_REACHED_ON_ORGANIZATION", false),
    (4027, "MAX_VIEWER_LIMIT_REACHED_ON_ORGANIZATION", false),
];

/// Other spellings some SDKs use for the same numbers.
const ALIASES: [(&str, u16); 3] = [
    ("UNAUTHORIZED_ROOM_ID", 4022),
    ("UNAUTHORIZED_PARTCIPANT_ID", 4023),
    ("MAX_PARTICIPANT_REACHED", 4009),
];

/// The REST API's answer to any refused token (HTTP 401), matched without
/// regard to case.
pub const REST_REFUSAL: &str = "Token is invalid or expired";
/// The code `log_codes` gives that answer: its HTTP status.
pub const REST_REFUSAL_CODE: u16 = 401;

/// VideoSDK's name for an error code.
pub fn error_name(code: u16) -> Option<&'static str> {
    ERRORS.iter().find(|e| e.0 == code).map(|e| e.1)
}

/// A VideoSDK error found in pasted text, and which findings explain it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LogCode {
    /// The number (4001…, or 401 for the REST API's refusal).
    pub code: u16,
    /// VideoSDK's name, or the REST API's sentence.
    pub name: &'static str,
    /// Error findings of this token that lead VideoSDK to answer this;
    /// empty when the token does not explain it.
    pub explained_by: Vec<FindingCode>,
}

/// Every VideoSDK error named in `text`, in order of first appearance, once
/// each. Numbers count only standing alone (not inside a token, an id or a
/// longer number); names only as whole upper-case words.
pub fn log_codes(text: &str, findings: &[Finding]) -> Vec<LogCode> {
    // A bare token (the usual paste) names no code: nothing to scan.
    if text
        .trim()
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
    {
        return Vec::new();
    }
    let mut found: Vec<(usize, u16)> = Vec::new();
    found.extend(numbers(text));
    found.extend(names(text));
    if let Some(at) = find_ignoring_case(text, REST_REFUSAL) {
        found.push((at, REST_REFUSAL_CODE));
    }
    found.sort_unstable();
    let mut out: Vec<LogCode> = Vec::new();
    for (_, code) in found {
        if out.iter().any(|l| l.code == code) {
            continue;
        }
        let name = if code == REST_REFUSAL_CODE {
            REST_REFUSAL
        } else {
            error_name(code).unwrap_or_default()
        };
        out.push(LogCode {
            code,
            name,
            explained_by: explained_by(code, findings),
        });
    }
    out
}

/// The error findings that make VideoSDK answer `code`. Any error makes the
/// REST API refuse the token.
fn explained_by(code: u16, findings: &[Finding]) -> Vec<FindingCode> {
    let mut codes: Vec<FindingCode> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .filter(|f| code == REST_REFUSAL_CODE || f.videosdk_error == Some(code))
        .map(|f| f.code)
        .collect();
    codes.dedup();
    codes
}

/// Token-ish characters: a number next to one of these is part of
/// something else (a token, an id, a longer number, a decimal).
fn joins(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.'
}

/// Four-digit numbers that are VideoSDK error codes, standing alone.
fn numbers(text: &str) -> impl Iterator<Item = (usize, u16)> + '_ {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(3)).filter_map(move |i| {
        let run = &bytes[i..i + 4];
        let alone = i.checked_sub(1).is_none_or(|j| !joins(bytes[j]))
            && bytes
                .get(i + 4)
                .is_none_or(|&b| !joins(b) || b == b'.' && !next_is_digit(bytes, i + 5));
        if !alone || !run.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let n = std::str::from_utf8(run).ok()?.parse::<u16>().ok()?;
        error_name(n).map(|_| (i, n))
    })
}

fn next_is_digit(bytes: &[u8], i: usize) -> bool {
    bytes.get(i).is_some_and(u8::is_ascii_digit)
}

/// VideoSDK's error names (and their other spellings) as whole words.
fn names(text: &str) -> Vec<(usize, u16)> {
    let all = ERRORS.iter().map(|e| (e.1, e.0)).chain(ALIASES);
    let mut out = Vec::new();
    for (name, code) in all {
        let mut from = 0;
        while let Some(pos) = text.get(from..).and_then(|t| t.find(name)) {
            let at = from + pos;
            let end = at + name.len();
            let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
            let bytes = text.as_bytes();
            if at.checked_sub(1).is_none_or(|j| !word(bytes[j]))
                && bytes.get(end).is_none_or(|&b| !word(b))
            {
                out.push((at, code));
                break;
            }
            from = end;
        }
    }
    out
}

/// Byte offset of `needle` (ASCII) in `text`, ignoring ASCII case.
fn find_ignoring_case(text: &str, needle: &str) -> Option<usize> {
    let (t, n) = (text.as_bytes(), needle.as_bytes());
    (0..=t.len().checked_sub(n.len())?).find(|&i| t[i..i + n.len()].eq_ignore_ascii_case(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<u16> {
        log_codes(text, &[]).into_iter().map(|l| l.code).collect()
    }

    #[test]
    fn codes_names_and_the_rest_sentence_are_found_once_each_in_order() {
        assert_eq!(
            codes(r#"{"code":4002,"message":"..."} then code=4001 INVALID_API_KEY, 4002 again"#),
            [4002, 4001]
        );
        assert_eq!(codes("meeting error UNAUTHORIZED_ROOM_ID"), [4022]);
        assert_eq!(codes("HTTP 401: token is INVALID or expired"), [401]);
        assert_eq!(
            codes("401 {\"error\":\"Token is invalid or expired\"}"),
            [401]
        );
        assert_eq!(codes("4024: UNAUTHORIZED_ROLE"), [4024]);
    }

    #[test]
    fn numbers_inside_tokens_ids_and_longer_numbers_do_not_count() {
        for text in [
            "eyJhbGciOiJIUzI1NiJ9.eyJ4001IjoxfQ.c2ln",
            "room ab4001cd, participant qa-4001, port 14001, 4001.5 ms, 40012",
            "4000 4011 4099",
            "NOT_INVALID_API_KEY INVALID_API_KEYS",
        ] {
            assert_eq!(codes(text), Vec::<u16>::new(), "{text}");
        }
        assert_eq!(codes("ended with 4001."), [4001]);
    }

    #[test]
    fn each_code_says_which_findings_explain_it() {
        let f = |code| Finding::new(code, "s", "m");
        let findings = [
            f(FindingCode::ApikeyMismatch),
            f(FindingCode::Expired),
            f(FindingCode::LongLived),
        ];
        let got = log_codes("4001 4002 4022 Token is invalid or expired", &findings);
        let explained: Vec<(u16, Vec<FindingCode>)> =
            got.into_iter().map(|l| (l.code, l.explained_by)).collect();
        assert_eq!(
            explained,
            [
                (4001, vec![FindingCode::ApikeyMismatch]),
                (4002, vec![FindingCode::Expired]),
                (4022, vec![]),
                (401, vec![FindingCode::ApikeyMismatch, FindingCode::Expired]),
            ]
        );
    }

    #[test]
    fn hostile_text_never_panics() {
        for text in [
            "",
            "4",
            "400",
            "é4001é",
            "\u{202E}4001",
            "4001\u{200B}",
            "Token is invalid or expire",
        ] {
            let _ = codes(text);
        }
        assert_eq!(codes("é4001é"), [4001]);
    }
}
