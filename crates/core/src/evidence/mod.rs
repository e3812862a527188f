//! Files customers send support: a browser's HAR, a log, a sample app's
//! `.env`. Every VideoSDK token in them (a JWT carrying an `apikey` claim),
//! each place it was seen, when, and what VideoSDK answered.
//!
//! Pure like the rest of the core: the caller opens the file and passes a
//! reader, and the local zone for times written without one. A HAR is
//! streamed: bodies that cannot matter are skipped without being kept, so
//! memory stays bounded by the largest single string that is looked at.

mod env;
mod har;
mod text;
mod timeline;

#[cfg(test)]
mod tests;

use std::io::{BufRead, Seek, SeekFrom};

use base64::Engine as _;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::Serialize;

use crate::token::token_runs;

pub use env::{
    DEFAULT_TOKEN_VARS, EnvVar, FALLBACK_TOKEN_VAR, default_token_var, env_token_vars, set_env_var,
};
pub use text::parse_moment;
pub use timeline::{Timeline, timeline};

#[doc(hidden)]
pub use text::MAX_LINE;

/// At most this many distinct tokens are kept from one file; more are
/// counted in [`Evidence::unrecorded`].
pub const MAX_TOKENS: usize = 100;
/// At most this many sightings are kept from one file (all tokens together).
pub const MAX_SIGHTINGS: usize = 10_000;
/// Only this much of a response body or WebSocket message is searched for
/// VideoSDK's error codes: its answers are short.
pub const MAX_SCANNED_BODY: usize = 64 * 1024;
/// How much of the file is looked at to tell its kind.
pub const SNIFF_BYTES: usize = 64 * 1024;

/// What kind of file it is, told from its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A HAR 1.2 export: JSON with `log.entries`.
    Har,
    /// `KEY=value` lines.
    Env,
    /// Anything else: a log.
    Text,
}

impl Kind {
    /// `har`, `env` or `text`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Har => "har",
            Self::Env => "env",
            Self::Text => "text",
        }
    }
}

/// A VideoSDK error code found in an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ResponseCode {
    /// 4001…, or 401 for the REST API's "Token is invalid or expired".
    pub code: u16,
    /// VideoSDK's name for it, or the REST API's sentence.
    pub name: &'static str,
}

/// One place a token was seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sighting {
    /// The token, whole (to be inspected; never to be shown).
    pub token: String,
    /// When it was used, if the file says.
    pub at: Option<Timestamp>,
    /// The time had no zone and was read as local time.
    pub local_time: bool,
    /// Where: `POST api.videosdk.live/v2/rooms (entry 3)`, `line 12`, or a
    /// variable name. Query strings are cut and tokens in it shortened.
    pub place: String,
    /// The HTTP status of the answer.
    pub status: Option<u16>,
    /// VideoSDK's error in the answer, if one was named.
    pub response_code: Option<ResponseCode>,
}

/// What a file holds about VideoSDK tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// The kind of file.
    pub kind: Kind,
    /// Every sighting, in file order (up to [`MAX_SIGHTINGS`]).
    pub sightings: Vec<Sighting>,
    /// Sightings not kept, past the limits.
    pub unrecorded: usize,
    /// Why reading stopped early (a HAR cut short, a read error): what was
    /// found before is still reported.
    pub problem: Option<String>,
}

impl Evidence {
    fn new(kind: Kind) -> Self {
        Self {
            kind,
            sightings: Vec::new(),
            unrecorded: 0,
            problem: None,
        }
    }

    /// Records a sighting, within the limits.
    fn add(&mut self, s: Sighting) {
        let known = self.sightings.iter().any(|k| k.token == s.token);
        if self.sightings.len() >= MAX_SIGHTINGS || (!known && self.tokens().len() >= MAX_TOKENS) {
            self.unrecorded += 1;
        } else {
            self.sightings.push(s);
        }
    }

    /// The distinct tokens, in order of first sighting.
    pub fn tokens(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for s in &self.sightings {
            if !out.contains(&s.token.as_str()) {
                out.push(&s.token);
            }
        }
        out
    }

    /// The sightings of one token, in file order.
    pub fn seen(&self, token: &str) -> Vec<&Sighting> {
        self.sightings.iter().filter(|s| s.token == token).collect()
    }
}

/// Tells the kind of a file from its first bytes.
pub fn detect(head: &[u8]) -> Kind {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let first = head.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'{') && contains(head, b"\"log\"") {
        return Kind::Har;
    }
    if env::looks_like_env(head) {
        return Kind::Env;
    }
    Kind::Text
}

/// Reads a file's evidence: tells its kind from the first bytes, then reads
/// it (a HAR streamed). A `{` file that turns out to hold no `log.entries`
/// is read again from the start as text. Times without a zone are read in
/// `tz`.
pub fn read<R: BufRead + Seek>(mut reader: R, tz: &TimeZone) -> Evidence {
    let head = match sniff(&mut reader) {
        Ok(h) => h,
        Err(e) => {
            let mut ev = Evidence::new(Kind::Text);
            ev.problem = Some(format!("the file could not be read: {e}"));
            return ev;
        }
    };
    let kind = detect(&head);
    if kind == Kind::Har {
        match har::read(&mut reader, tz) {
            Some(ev) => return ev,
            None => {
                // JSON, but no HAR: a log after all.
                if let Err(e) = reader.seek(SeekFrom::Start(0)) {
                    let mut ev = Evidence::new(Kind::Text);
                    ev.problem = Some(format!("the file could not be read: {e}"));
                    return ev;
                }
            }
        }
        return text::read(reader, tz, Kind::Text);
    }
    text::read(reader, tz, kind)
}

/// The first [`SNIFF_BYTES`] of the reader, which is then rewound.
fn sniff<R: BufRead + Seek>(reader: &mut R) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    std::io::Read::read_to_end(
        &mut std::io::Read::take(&mut *reader, SNIFF_BYTES as u64),
        &mut head,
    )?;
    reader.seek(SeekFrom::Start(0))?;
    Ok(head)
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// The VideoSDK tokens in `s`: JWTs whose payload carries an `apikey`.
pub fn videosdk_tokens(s: &str) -> Vec<&str> {
    if !s.contains("eyJ") {
        return Vec::new();
    }
    token_runs(s)
        .into_iter()
        .filter(|t| has_apikey(t))
        .collect()
}

/// True if the JWT's payload decodes to a JSON object with an `apikey`.
fn has_apikey(token: &str) -> bool {
    let Some(payload) = token.split('.').nth(1) else {
        return false;
    };
    if payload.len() > 16 * 1024 {
        return false;
    }
    let payload = payload.trim_end_matches('=');
    let Ok(bytes) = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload) else {
        return false;
    };
    serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(&bytes)
        .is_ok_and(|m| m.contains_key("apikey"))
}

/// The first VideoSDK error named in an answer (`{"code": 4001, …}`, a
/// name such as `INVALID_TOKEN`, or "Token is invalid or expired"); only
/// the first [`MAX_SCANNED_BODY`] bytes are searched.
pub fn response_code(body: &str) -> Option<ResponseCode> {
    let mut end = body.len().min(MAX_SCANNED_BODY);
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    let body = &body[..end];
    let first = crate::token::log_codes(body, &[]).into_iter().next()?;
    Some(ResponseCode {
        code: first.code,
        name: first.name,
    })
}

/// A token as it may be shown: its first characters only, never the
/// signature.
pub fn token_start(token: &str) -> String {
    let cut: String = token.chars().take(20).collect();
    format!("{cut}…")
}

/// `text` with every JWT-looking run replaced by its first characters, and
/// cut to `max` characters: for places (URLs, paths) that are shown.
pub fn shorten_tokens(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max + 8));
    let mut rest = text;
    while let Some(pos) = rest.find("eyJ") {
        out.push_str(&rest[..pos]);
        let run = &rest[pos..];
        let len = run
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || b"-_.".contains(b))
            .count();
        if run[..len].matches('.').count() >= 1 {
            out.push_str(&token_start(&run[..len]));
        } else {
            out.push_str(&run[..len]);
        }
        rest = &run[len..];
    }
    out.push_str(rest);
    if out.chars().count() > max {
        let cut: String = out.chars().take(max).collect();
        return format!("{cut}…");
    }
    out
}

/// Whether a token's findings at the moment of use explain VideoSDK's
/// answer: `Some(true)` if an error finding leads to the code named (any
/// error, for the REST API's 401), `Some(false)` if the answer was a
/// refusal the findings do not explain, `None` if there was nothing to
/// explain (no error named and a status that is not a refusal, as a 200).
/// The same rule as [`log_codes`](crate::token::log_codes).
pub fn explains_response(
    code: Option<ResponseCode>,
    status: Option<u16>,
    findings: &[crate::token::Finding],
) -> Option<bool> {
    use crate::token::Severity;
    let refusal = match (code, status) {
        (Some(c), _) => c.code,
        (None, Some(401 | 403)) => crate::token::REST_REFUSAL_CODE,
        _ => return None,
    };
    Some(findings.iter().any(|f| {
        f.severity == Severity::Error
            && (refusal == crate::token::REST_REFUSAL_CODE || f.videosdk_error == Some(refusal))
    }))
}
