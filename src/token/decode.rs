//! Inspecting, step 1: the cleaned token into its three parts, each
//! base64url-decoded, the header and payload parsed as JSON objects. Every
//! way this fails has its own sentence, naming the part and the character.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value};

use super::inspect::{MAX_INPUT_BYTES, Segments};

/// One of the three dot-separated parts of a JWT.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Part {
    Header,
    Payload,
    Signature,
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Header => "part 1 (header)",
            Self::Payload => "part 2 (payload)",
            Self::Signature => "part 3 (signature)",
        })
    }
}

/// Why the input is not a JWT. Each message completes "Not a JWT: …".
#[derive(Debug, thiserror::Error)]
pub(super) enum DecodeError {
    /// Refused before any work (see [`MAX_INPUT_BYTES`]).
    #[error(
        "the input is {0} bytes, too long for a VideoSDK token (they are under 1 KB; the limit here is {limit} KB)",
        limit = MAX_INPUT_BYTES / 1024
    )]
    TooLong(usize),
    #[error("the input is empty: paste a token")]
    Empty,
    #[error(
        "found {count} part{} separated by '.', a JWT has 3 (header.payload.signature){}",
        plural_s(*.count),
        part_count_hint(*.count)
    )]
    PartCount { count: usize },
    #[error("{0} is empty")]
    EmptyPart(Part),
    #[error("{part} is not base64url: {bad}")]
    NotBase64Url { part: Part, bad: BadChar },
    #[error("{part} has {len} characters, a length base64url cannot have: it was probably cut off")]
    ImpossibleLength { part: Part, len: usize },
    #[error("{part} is not valid base64url ({error}): it was probably cut off or altered")]
    Base64 {
        part: Part,
        error: base64::DecodeError,
    },
    #[error("{part} decodes to bytes that are not UTF-8 text (at byte {valid_up_to})")]
    NotUtf8 { part: Part, valid_up_to: usize },
    #[error("{part} is not JSON: {error}")]
    NotJson {
        part: Part,
        error: serde_json::Error,
    },
    #[error("{part} is JSON but not an object: found {found}")]
    NotAnObject { part: Part, found: &'static str },
}

fn plural_s(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

fn part_count_hint(count: usize) -> &'static str {
    match count {
        1 => ": there is no '.' in it",
        5 => ": that is an encrypted JWE, not a VideoSDK token",
        _ => "",
    }
}

/// The first character of a part that base64url does not use, and where:
/// 1-based, counted in characters within the part and from the part's byte
/// offset in the token.
#[derive(Debug)]
pub(super) struct BadChar {
    c: char,
    in_part: usize,
    in_token: usize,
}

impl fmt::Display for BadChar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = format!(
            "character {} of the part, {} of the token",
            self.in_part, self.in_token
        );
        match self.c {
            '=' => write!(f, "'=' padding at {at}; JWTs use unpadded base64url"),
            c @ ('+' | '/') => write!(
                f,
                "'{c}' at {at}: that is standard base64, JWTs use base64url ('-' and '_')"
            ),
            c if c.is_whitespace() => write!(f, "whitespace at {at}"),
            c if c.is_control() => write!(f, "control character U+{:04X} at {at}", c as u32),
            c => write!(f, "'{c}' at {at}"),
        }
    }
}

/// A token taken apart.
#[derive(Debug)]
pub(super) struct Decoded<'t> {
    /// Where the parts are in the token.
    pub(super) segments: Segments,
    /// The header object.
    pub(super) header: Map<String, Value>,
    /// The payload object.
    pub(super) claims: Map<String, Value>,
    /// `header.payload` as in the token: what the signature covers.
    pub(super) signing_input: &'t str,
    /// The decoded signature bytes.
    pub(super) signature: Vec<u8>,
}

/// Takes a cleaned token apart, or says exactly why it is not a JWT.
/// The checks run in reading order: all three parts' base64url first, then
/// the header's JSON, then the payload's.
pub(super) fn decode(token: &str) -> Result<Decoded<'_>, DecodeError> {
    if token.is_empty() {
        return Err(DecodeError::Empty);
    }
    let parts: Vec<&str> = token.split('.').collect();
    let [header, payload, signature] = <[&str; 3]>::try_from(parts)
        .map_err(|parts| DecodeError::PartCount { count: parts.len() })?;
    let payload_at = header.len() + 1;
    let signature_at = payload_at + payload.len() + 1;
    let segments = Segments {
        header: 0..header.len(),
        payload: payload_at..signature_at - 1,
        signature: signature_at..token.len(),
    };
    let header_bytes = decode_part(Part::Header, header, 0)?;
    let payload_bytes = decode_part(Part::Payload, payload, payload_at)?;
    let signature = decode_part(Part::Signature, signature, signature_at)?;
    Ok(Decoded {
        header: parse_object(Part::Header, &header_bytes)?,
        claims: parse_object(Part::Payload, &payload_bytes)?,
        // Ends at the second '.', a character boundary.
        signing_input: &token[..signature_at - 1],
        segments,
        signature,
    })
}

/// Checks one part is base64url and decodes it. `offset` is where the part
/// starts in the token, for pointing at a bad character.
fn decode_part(part: Part, text: &str, offset: usize) -> Result<Vec<u8>, DecodeError> {
    // An empty signature decodes (to nothing) and is then reported as a mismatch.
    if text.is_empty() && part != Part::Signature {
        return Err(DecodeError::EmptyPart(part));
    }
    let is_base64url = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    if let Some((i, c)) = text.chars().enumerate().find(|&(_, c)| !is_base64url(c)) {
        let bad = BadChar {
            c,
            in_part: i + 1,
            in_token: offset + i + 1,
        };
        return Err(DecodeError::NotBase64Url { part, bad });
    }
    if text.len() % 4 == 1 {
        return Err(DecodeError::ImpossibleLength {
            part,
            len: text.len(),
        });
    }
    URL_SAFE_NO_PAD
        .decode(text)
        .map_err(|error| DecodeError::Base64 { part, error })
}

/// Parses a decoded header or payload: UTF-8, JSON, and an object.
fn parse_object(part: Part, bytes: &[u8]) -> Result<Map<String, Value>, DecodeError> {
    let text = std::str::from_utf8(bytes).map_err(|e| DecodeError::NotUtf8 {
        part,
        valid_up_to: e.valid_up_to(),
    })?;
    let found = match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(m)) => return Ok(m),
        Ok(Value::Array(_)) => "an array",
        Ok(Value::String(_)) => "a string",
        Ok(Value::Number(_)) => "a number",
        Ok(Value::Bool(_)) => "a boolean",
        Ok(Value::Null) => "null",
        Err(error) => return Err(DecodeError::NotJson { part, error }),
    };
    Err(DecodeError::NotAnObject { part, found })
}

/// Reads a NumericDate claim (`exp`, `nbf`, `iat`): whole seconds, a
/// fraction rounded down. `Err` carries the value as JSON, to show.
pub(super) fn numeric_date(v: &Value) -> Result<i64, String> {
    match v {
        // `as` saturates a float beyond i64, which then shows as out of range.
        Value::Number(n) => n
            .as_i64()
            .or_else(|| {
                n.as_f64()
                    .filter(|f| f.is_finite())
                    .map(|f| f.floor() as i64)
            })
            .ok_or_else(|| n.to_string()),
        other => Err(other.to_string()),
    }
}
