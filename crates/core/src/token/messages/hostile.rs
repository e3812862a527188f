//! The wording of the findings about what a token hides from its reader:
//! invisible characters, keys given twice, times beyond any real date.

use std::fmt;

use super::short;
use crate::token::duplicates::Duplicate;
use crate::token::findings::{Finding, FindingCode};
use crate::token::visible::{describe, is_bidi_control, visible};

/// The JSON object a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::token) enum Place {
    Header,
    Payload,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Header => "header",
            Self::Payload => "payload",
        })
    }
}

/// What invisible characters change for VideoSDK.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(in crate::token) enum Stakes {
    /// Nothing it matches: a reader may be misled, the token works as it is.
    Shown,
    /// A claim VideoSDK compares exactly, and the error a client gets.
    Matched(&'static str, Option<u16>),
    /// A claim name that looks like this VideoSDK claim but is another.
    LookAlike(String),
}

/// Up to three characters by name, e.g. `U+200B ZERO WIDTH SPACE and U+202E
/// RIGHT-TO-LEFT OVERRIDE`.
fn described(chars: &[char]) -> String {
    let mut names: Vec<String> = chars.iter().take(3).map(|&c| describe(c)).collect();
    if chars.len() > 3 {
        names.push(format!("{} more", chars.len() - 3));
    }
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.concat(),
    }
}

/// What such characters do where the text is shown.
fn effect(chars: &[char]) -> &'static str {
    let one = chars.len() == 1;
    let acts = |c: &char| c.is_control() && !matches!(c, '\n' | '\t' | '\r');
    if chars.iter().any(acts) {
        "which a terminal acts on instead of showing"
    } else if chars.iter().copied().any(is_bidi_control) {
        if one {
            "which reorders the text around it"
        } else {
            "which reorder the text around them"
        }
    } else if chars
        .iter()
        .any(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}'))
    {
        if one {
            "which breaks lines and columns"
        } else {
            "which break lines and columns"
        }
    } else {
        "which cannot be seen"
    }
}

/// "remove it" or "remove them", where the token is made.
fn remove(chars: &[char]) -> &'static str {
    if chars.len() == 1 {
        "remove it where the token is made"
    } else {
        "remove them where the token is made"
    }
}

/// `invisible_characters`: in a name (`is_name`) or a string value at
/// `path`. An error when VideoSDK matches the value or would miss the claim.
pub(in crate::token) fn invisible_characters(
    place: Place,
    path: &str,
    is_name: bool,
    text: &str,
    chars: &[char],
    stakes: &Stakes,
) -> Finding {
    let what = match (place, is_name, path.is_empty()) {
        (Place::Payload, true, true) => format!("Claim name \"{}\"", short(text)),
        (Place::Header, true, true) => format!("Header field name \"{}\"", short(text)),
        (_, true, false) => format!("Name \"{}\" in {place} {}", short(text), short(path)),
        (Place::Payload, false, _) => format!("{} \"{}\"", short(path), short(text)),
        (Place::Header, false, _) => format!("Header field {} \"{}\"", short(path), short(text)),
    };
    let escapes: String = chars
        .iter()
        .map(|c| visible(&c.to_string()).into_owned())
        .collect();
    let (summary, tail) = match stakes {
        Stakes::Shown => (
            format!("invisible characters in the {place} ({escapes})"),
            "they are shown here as escapes, never written raw; whatever made the token put them there.".to_owned(),
        ),
        Stakes::Matched(claim, code) => (
            format!(
                "{claim} contains invisible characters ({escapes}){}",
                code.map(|c| format!(" ({c})")).unwrap_or_default()
            ),
            matched_consequence(claim, *code, chars),
        ),
        Stakes::LookAlike(meant) => (
            format!("Claim name only looks like {meant} ({escapes})"),
            format!(
                "it looks like {meant} but is another name, so VideoSDK does not read it as {meant}; {}.",
                remove(chars)
            ),
        ),
    };
    let message = format!(
        "{what} contains {}, {}: {tail}",
        described(chars),
        effect(chars)
    );
    let finding = Finding::new(FindingCode::InvisibleCharacters, summary, message);
    match stakes {
        Stakes::Shown => finding,
        Stakes::Matched(_, code) => finding.as_error(*code),
        Stakes::LookAlike(_) => finding.as_error(None),
    }
}

/// What an exactly matched claim with invisible characters leads to.
fn matched_consequence(claim: &str, code: Option<u16>, chars: &[char]) -> String {
    let refused = match claim {
        "apikey" => "it matches no project's API key (VideoSDK answers 4001 INVALID_API_KEY)",
        "roomId" => "joining the room it looks like is refused with 4022 UNAUTHORIZED_MEETING_ID",
        "participantId" => {
            "joining as the participant it looks like is refused with 4023 UNAUTHORIZED_PARTICIPANT_ID"
        }
        _ => "it is not the value it looks like",
    };
    match code {
        Some(_) => format!(
            "VideoSDK compares {claim} exactly, so {refused}; {}.",
            remove(chars)
        ),
        None => format!("VideoSDK compares {claim} exactly, so {refused}."),
    }
}

/// `invisible_characters`: the spots past the ones listed one by one.
pub(in crate::token) fn more_invisible(count: usize, chars: &[char]) -> Finding {
    Finding::new(
        FindingCode::InvisibleCharacters,
        "more invisible characters",
        format!(
            "{count} more names or values contain {}: each is shown with escapes in the claims and the header.",
            described(chars)
        ),
    )
}

fn times(count: usize) -> String {
    if count == 2 {
        "twice".to_owned()
    } else {
        format!("{count} times")
    }
}

/// `duplicate_key`: one key given more than once; the last counts.
pub(in crate::token) fn duplicate_key(place: Place, d: &Duplicate) -> Finding {
    let name = short(&d.path);
    let times = times(d.count);
    let first = short(&d.first.to_string());
    let last = short(&d.last.to_string());
    let message = if place == Place::Header && d.path == "alg" {
        format!(
            "The header gives alg {times} (first {first}, last {last}): this tool and VideoSDK's parser use the last, {last}, but other JWT libraries may use the first or refuse the token, a known trick to get a token past a check; the algorithm must be given once."
        )
    } else {
        format!(
            "The {place} gives {name} {times} (first {first}, last {last}): the last one counts, as VideoSDK's parser (Node's JSON.parse) reads it, but other parsers may take the first or refuse the token; write each key once."
        )
    };
    Finding::new(
        FindingCode::DuplicateKey,
        format!("{name} given {times} in the {place}"),
        message,
    )
}

/// `duplicate_key`: the keys past the ones listed one by one.
pub(in crate::token) fn more_duplicate_keys(place: Place, paths: &[&str]) -> Finding {
    let mut shown: Vec<String> = paths.iter().take(5).map(|p| short(p)).collect();
    if paths.len() > 5 {
        shown.push("…".to_owned());
    }
    Finding::new(
        FindingCode::DuplicateKey,
        "more keys given twice",
        format!(
            "{} more keys are given more than once in the {place} ({}): the last of each counts.",
            paths.len(),
            shown.join(", ")
        ),
    )
}

/// Where a time claim lies outside the dates that exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(in crate::token) enum OutOfRange {
    /// After the year 9999.
    Beyond,
    /// Before the year -9999.
    Before,
    /// Negative: before 1970, at this UTC time.
    Pre1970(String),
}

/// `time_out_of_range`: `claim` (exp, nbf or iat) is `shown`, a number
/// that is no time any token was made for.
pub(in crate::token) fn time_out_of_range(claim: &str, shown: &str, range: &OutOfRange) -> Finding {
    let (summary, what) = match range {
        OutOfRange::Beyond => (
            format!("{claim} beyond any real date"),
            format!(
                "{claim} {shown} is beyond any real date (the last this tool can show is 9999-12-31)"
            ),
        ),
        OutOfRange::Before => (
            format!("{claim} before any real date"),
            format!(
                "{claim} {shown} is before any real date (the first this tool can show is in the year -9999)"
            ),
        ),
        OutOfRange::Pre1970(utc) => (
            format!("{claim} before 1970"),
            format!("{claim} {shown} is negative, {utc}: NumericDates count seconds since 1970"),
        ),
    };
    let meaning = match (claim, range) {
        ("exp", OutOfRange::Beyond) => {
            "VideoSDK's Node parser compares it as a number, so the token never expires and stays usable forever if it leaks; set a real expiry"
        }
        ("exp", _) => "the token has been expired all along; whatever made it is broken",
        ("nbf", OutOfRange::Beyond) => "the token will never become valid",
        ("nbf", _) => "it has no effect, but whatever made the token is broken",
        _ => {
            "VideoSDK does not check iat, but no token was made then; whatever made this one is broken"
        }
    };
    Finding::new(
        FindingCode::TimeOutOfRange,
        summary,
        format!("{what}: {meaning}."),
    )
}

/// `expired`: `exp` is before any real date.
pub(in crate::token) fn expired_before_any_date(shown: &str) -> Finding {
    Finding::new(
        FindingCode::Expired,
        "Expired before any real date",
        format!(
            "exp {shown} is before any real date, so the token is expired: VideoSDK answers 4002 INVALID_TOKEN; generate a new token."
        ),
    )
}

/// `not_yet_valid`: `nbf` is beyond any real date.
pub(in crate::token) fn never_valid(shown: &str) -> Finding {
    Finding::new(
        FindingCode::NotYetValid,
        "Never valid: nbf is beyond any real date",
        format!(
            "Never valid: nbf {shown} is beyond any real date, so the token will never be usable; remove nbf or set a real time."
        ),
    )
}
