//! Inspecting, step 1: the cleaned token into its three parts, each
//! base64url-decoded, the header and payload parsed as JSON objects. Every
//! way this fails has its own sentence, naming the part and the character.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value};

use super::duplicates::{self, Duplicate};
use super::inspect::{MAX_INPUT_BYTES, Segments};
use super::visible::{describe, is_invisible, visible};

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
    #[error(
        "{0} starts with a UTF-8 byte-order mark (EF BB BF), which JSON parsers reject: the token was made by a tool that wrote a BOM before the JSON; it must write the JSON alone"
    )]
    ByteOrderMark(Part),
    #[error(
        "{part} is UTF-16 text ({order}), not UTF-8: the tool that made the token wrote UTF-16 (e.g. PowerShell's Unicode encoding); JSON in a JWT must be UTF-8"
    )]
    Utf16 { part: Part, order: &'static str },
    #[error(
        "{part} is Latin-1 text, not UTF-8: byte {byte:02X} (byte {at} of the part) is '{shown}' in Latin-1; the tool that made the token must encode the JSON as UTF-8"
    )]
    Latin1 {
        part: Part,
        byte: u8,
        at: usize,
        shown: String,
    },
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
            c if c.is_control() => write!(f, "control character {} at {at}", describe(c)),
            c if is_invisible(c) => write!(f, "invisible character {} at {at}", describe(c)),
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
    /// Keys that appear more than once in the header.
    pub(super) header_duplicates: Vec<Duplicate>,
    /// Keys that appear more than once in the payload.
    pub(super) claim_duplicates: Vec<Duplicate>,
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
    let (header, header_duplicates) = parse_object(Part::Header, &header_bytes)?;
    let (claims, claim_duplicates) = parse_object(Part::Payload, &payload_bytes)?;
    Ok(Decoded {
        header,
        claims,
        header_duplicates,
        claim_duplicates,
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

/// Parses a decoded header or payload: UTF-8, JSON, and an object, with
/// the keys that appear more than once in it.
fn parse_object(
    part: Part,
    bytes: &[u8],
) -> Result<(Map<String, Value>, Vec<Duplicate>), DecodeError> {
    if let Some(slip) = encoding_slip(part, bytes) {
        return Err(slip);
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        latin1(part, bytes, e.valid_up_to()).unwrap_or(DecodeError::NotUtf8 {
            part,
            valid_up_to: e.valid_up_to(),
        })
    })?;
    let found = match duplicates::parse(text) {
        Ok((Value::Object(m), duplicates)) => return Ok((m, duplicates)),
        Ok((Value::Array(_), _)) => "an array",
        Ok((Value::String(_), _)) => "a string",
        Ok((Value::Number(_), _)) => "a number",
        Ok((Value::Bool(_), _)) => "a boolean",
        Ok((Value::Null, _)) => "null",
        Err(error) => return Err(DecodeError::NotJson { part, error }),
    };
    Err(DecodeError::NotAnObject { part, found })
}

/// JSON written in the wrong encoding by the tool that made the token: a
/// UTF-8 byte-order mark, or UTF-16 (with a byte-order mark, or ASCII text
/// with every other byte zero).
fn encoding_slip(part: Part, bytes: &[u8]) -> Option<DecodeError> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Some(DecodeError::ByteOrderMark(part));
    }
    let pairs = || bytes.chunks_exact(2);
    let even = bytes.len() >= 4 && bytes.len().is_multiple_of(2);
    let order = if bytes.starts_with(&[0xFF, 0xFE]) {
        "little-endian, with a byte-order mark"
    } else if bytes.starts_with(&[0xFE, 0xFF]) {
        "big-endian, with a byte-order mark"
    } else if even && pairs().all(|p| p[0] != 0 && p[1] == 0) {
        "little-endian"
    } else if even && pairs().all(|p| p[0] == 0 && p[1] != 0) {
        "big-endian"
    } else {
        return None;
    };
    Some(DecodeError::Utf16 { part, order })
}

/// Bytes that are not UTF-8 but read as printable Latin-1 text, the mark
/// of a tool that encoded the JSON as Latin-1. `bad` is where UTF-8 failed.
fn latin1(part: Part, bytes: &[u8], bad: usize) -> Option<DecodeError> {
    let printable = |b: &u8| matches!(b, b'\t' | b'\n' | b'\r' | 0x20..=0x7E | 0xA0..=0xFF);
    let byte = *bytes.get(bad)?;
    (byte >= 0xA0 && bytes.iter().all(printable)).then(|| DecodeError::Latin1 {
        part,
        byte,
        at: bad + 1,
        shown: visible(char::from(byte).encode_utf8(&mut [0; 2])).into_owned(),
    })
}

/// Reads a NumericDate claim (`exp`, `nbf`, `iat`): whole seconds, a
/// fraction rounded down; `None` if it is not a number.
/// A NumericDate claim in whole seconds, as jsonwebtoken reads it: a
/// fraction floored, a number beyond i64 (even `1e400`) saturated.
pub fn numeric_date(v: &Value) -> Option<i64> {
    // `as` saturates a float beyond i64, which then reads as out of range.
    // A number beyond any f64 (`1e400`, kept as written) is Infinity to
    // JSON.parse, and jsonwebtoken 9 verifies such an exp as never
    // expiring (checked): it saturates the same way.
    // (`as_f64` refuses an infinite value: the number's text is read.)
    let n = v.as_number()?;
    n.as_i64().or_else(|| {
        n.to_string()
            .parse::<f64>()
            .ok()
            .filter(|f| !f.is_nan())
            .map(|f| f.floor() as i64)
    })
}
