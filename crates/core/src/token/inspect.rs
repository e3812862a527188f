//! Taking a token apart: what the inspector is given, what it reports, and
//! [`inspect`], the pipeline that cleans the input and then runs the steps:
//! [`decode`](super::decode), [`signature`], [`checks`], [`verdict`].

use std::borrow::Cow;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::Serialize;
use serde_json::{Map, Value};

use super::claims::claim_meaning;
use super::clean::{Cleaned, clean, is_placeholder, token_runs};
use super::decode::{DecodeError, decode, numeric_date};
use super::findings::{Finding, FindingCode};
use super::secret::SecretKey;
use super::time::ShownTime;
use super::videosdk::{LogCode, log_codes};
use super::visible::visible;
use super::{checks, hidden, messages, signature, verdict};

/// Longer input than this is refused before any work: VideoSDK tokens are
/// well under 1 KB, and a 10 MB paste must not freeze the window.
pub const MAX_INPUT_BYTES: usize = 16 * 1024;

/// Where a secret tried on a token came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum KeySource {
    /// Typed or piped in for this one inspection.
    Given,
    /// `VIDEOSDK_SECRET_KEY`.
    Environment,
    /// A saved project.
    Project {
        /// The project's name.
        name: String,
    },
}

/// A secret to try, and the API key it belongs to if known.
#[derive(Debug, Clone)]
pub struct Candidate<'a> {
    /// Where it came from.
    pub source: KeySource,
    /// The API key of its project. `None` (a secret given for this token)
    /// means "this is the secret to check against": a mismatch is an error.
    pub api_key: Option<&'a str>,
    /// The secret.
    pub secret: &'a SecretKey,
}

/// What a token was used for, when the user says so: a meeting (which room,
/// which participant) or the REST API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Purpose {
    /// Joining a meeting with an SDK.
    Join,
    /// Calling the REST API.
    Api,
}

impl Purpose {
    /// Parses `join` or `api`.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "join" | "meeting" => Some(Self::Join),
            "api" | "rest" => Some(Self::Api),
            _ => None,
        }
    }
}

/// The join context: what the token was used for. Empty by default, and then
/// nothing is checked against it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Usage {
    /// The room (meeting id) it was used to join.
    pub room_id: Option<String>,
    /// The participant id it was used with.
    pub participant_id: Option<String>,
    /// A meeting or the REST API. A room or participant implies a meeting.
    #[serde(rename = "for")]
    pub purpose: Option<Purpose>,
}

impl Usage {
    /// True if nothing was said about the use.
    pub fn is_empty(&self) -> bool {
        self.room_id.is_none() && self.participant_id.is_none() && self.purpose.is_none()
    }
}

/// What the inspector needs from the outside world: the time, the local
/// zone, the secrets to try and what the token was used for. The inspector
/// reads no clock itself.
#[derive(Debug, Clone)]
pub struct Context<'a> {
    /// Now.
    pub now: Timestamp,
    /// The user's zone, for local times.
    pub tz: TimeZone,
    /// Secrets to try, in any order (the matching API key is tried first).
    pub candidates: &'a [Candidate<'a>],
    /// What the token was used for; empty checks nothing more.
    pub usage: Usage,
}

/// What happened to the signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signature {
    /// HS256 verified with this secret.
    Verified(KeySource),
    /// Checked against the secret it should match, and it does not.
    Mismatch,
    /// No secret for this token.
    Unverified,
    /// `alg` is `none` or not HS256: never checked, never valid.
    Unsupported,
    /// Not a JWT, nothing to check.
    NotChecked,
}

impl Signature {
    /// Stable status string for JSON.
    pub fn status(&self) -> &'static str {
        match self {
            Self::Verified(_) => "verified",
            Self::Mismatch => "mismatch",
            Self::Unverified => "unverified",
            Self::Unsupported => "unsupported",
            Self::NotChecked => "not_checked",
        }
    }
}

/// The overall outcome, which decides the banner colour and the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Verified and no error finding. Exit 0.
    Valid,
    /// At least one error finding. Exit 1.
    Invalid,
    /// Not a JWT at all. Exit 2.
    NotJwt,
    /// Decoded, no error finding, but not verified. Exit 3.
    Unverified,
}

/// One row of the claims table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimRow {
    /// Claim name, as in the token.
    pub name: String,
    /// Value as compact JSON: strings in quotes, so the string `"2"` and the
    /// number `2` look different, as they are to VideoSDK. A top-level
    /// string keeps its control and invisible characters raw (only `"` and
    /// `\` escaped), for the caller to show with [`visible`].
    pub value: String,
    /// What VideoSDK does with it; `None` for claims it does not read.
    pub meaning: Option<&'static str>,
    /// For `iat`, `exp`, `nbf`: the time three ways.
    pub time: Option<ShownTime>,
}

/// Byte ranges of the three parts in the cleaned token, for colouring.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segments {
    /// Header part.
    pub header: std::ops::Range<usize>,
    /// Payload part.
    pub payload: std::ops::Range<usize>,
    /// Signature part.
    pub signature: std::ops::Range<usize>,
}

/// Everything the inspector found out.
#[derive(Debug, Clone)]
pub struct Report {
    /// The token after cleaning, and what cleaning did.
    pub cleaned: Cleaned,
    /// Where the three parts are, if there are three.
    pub segments: Option<Segments>,
    /// The decoded header.
    pub header: Option<Map<String, Value>>,
    /// The decoded payload.
    pub claims: Option<Map<String, Value>>,
    /// Signature result.
    pub signature: Signature,
    /// Findings, worst first.
    pub findings: Vec<Finding>,
    /// Overall outcome.
    pub outcome: Outcome,
    /// One sentence for a banner or a ticket.
    pub verdict: String,
    /// VideoSDK errors named in the pasted text, and what explains them.
    pub log_codes: Vec<LogCode>,
}

impl Report {
    /// True if a finding with this code is present.
    pub fn has(&self, code: FindingCode) -> bool {
        self.findings.iter().any(|f| f.code == code)
    }

    /// Rows of the claims table, in token order.
    pub fn claim_rows(&self, now: Timestamp, tz: &TimeZone) -> Vec<ClaimRow> {
        let Some(claims) = &self.claims else {
            return Vec::new();
        };
        claims
            .iter()
            .map(|(name, value)| ClaimRow {
                name: name.clone(),
                value: match value {
                    // JSON's quotes and escapes for `"` and `\`; other
                    // characters as they are, so hidden ones get the same
                    // visible markers as everywhere else (`visible`).
                    Value::String(s) => {
                        format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
                    }
                    v => v.to_string(),
                },
                meaning: claim_meaning(name),
                time: match name.as_str() {
                    "iat" | "exp" | "nbf" => {
                        numeric_date(value).and_then(|s| ShownTime::of_seconds(s, now, tz))
                    }
                    _ => None,
                },
            })
            .collect()
    }

    /// The header as pretty JSON (empty if it did not decode).
    pub fn header_pretty(&self) -> String {
        pretty(self.header.as_ref())
    }

    /// The payload as pretty JSON (empty if it did not decode).
    pub fn claims_pretty(&self) -> String {
        pretty(self.claims.as_ref())
    }

    /// Verdict, header, claims and findings without the signature: safe to
    /// paste into a ticket (the token cannot be replayed from it). Control,
    /// bidi and invisible characters are shown as escapes (see [`visible`]),
    /// so the ticket's reader sees them too.
    pub fn redacted_text(&self) -> String {
        let mut out = format!("Verdict: {}\n", self.verdict);
        if self.header.is_some() {
            out.push_str(&format!("Header: {}\n", self.header_pretty()));
            out.push_str(&format!("Claims: {}\n", self.claims_pretty()));
            out.push_str("Signature: <redacted>\n");
        }
        out.push_str("Findings:\n");
        for f in &self.findings {
            out.push_str(&format!(
                "- [{}] {}: {}\n",
                f.severity.as_str(),
                f.code,
                f.message
            ));
        }
        // Line by line: the line breaks are the layout's own.
        let lines: Vec<Cow<'_, str>> = out.split('\n').map(visible).collect();
        lines.join("\n")
    }
}

/// A decoded header or payload as pretty JSON; empty if it did not decode.
fn pretty(v: Option<&Map<String, Value>>) -> String {
    // `{:#}` is serde_json's pretty form, and writing a `Value` cannot fail.
    v.map(|m| format!("{:#}", Value::Object(m.clone())))
        .unwrap_or_default()
}

/// The report for input that is not a JWT: `why` becomes the first finding
/// and the verdict.
fn not_a_jwt(cleaned: Cleaned, mut findings: Vec<Finding>, why: &DecodeError) -> Report {
    // A docs example cut short is not a broken token: say what it is.
    let malformed = if is_placeholder(&cleaned.token) {
        messages::placeholder(why)
    } else {
        messages::not_a_jwt(why)
    };
    let verdict = malformed.summary.clone();
    findings.insert(0, malformed);
    Report {
        cleaned,
        segments: None,
        header: None,
        claims: None,
        signature: Signature::NotChecked,
        findings,
        outcome: Outcome::NotJwt,
        verdict,
        log_codes: Vec::new(),
    }
}

/// The report for input of `bytes` bytes that was too long to keep: what
/// [`inspect`] says of it, for callers (the window) that refuse such a paste
/// without holding the text.
pub fn inspect_oversized(bytes: usize) -> Report {
    let cleaned = Cleaned {
        token: String::new(),
        actions: Vec::new(),
    };
    not_a_jwt(cleaned, Vec::new(), &DecodeError::TooLong(bytes))
}

/// Inspects pasted text: cleans it, decodes it, checks the signature against
/// the candidates and every claim, and sums it up. A paste with several
/// tokens is reported on its first, with a `more_tokens` finding; VideoSDK
/// errors named in the paste are listed in [`Report::log_codes`].
pub fn inspect(input: &str, ctx: &Context<'_>) -> Report {
    inspect_all(input, ctx, 1).swap_remove(0)
}

/// Inspects up to `limit` tokens found in pasted text, in order of
/// appearance (at least one report, even for text with no token in it).
/// Each report lists the VideoSDK errors named anywhere in the paste.
pub fn inspect_all(input: &str, ctx: &Context<'_>, limit: usize) -> Vec<Report> {
    // Refuse huge input before cleaning copies it around. Cleaning only
    // removes characters, so the cleaned token is never longer than this.
    if input.len() > MAX_INPUT_BYTES {
        return vec![inspect_oversized(input.len())];
    }
    // A bare token (the usual paste) is one token and names no error code:
    // no scanning for more.
    let bare = input
        .trim()
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b));
    let tokens = if bare { Vec::new() } else { token_runs(input) };
    if tokens.len() < 2 {
        let mut report = inspect_one(input, ctx);
        report.log_codes = log_codes(input, &report.findings);
        return vec![report];
    }
    let more = tokens.len() - 1;
    tokens
        .iter()
        .take(limit.max(1))
        .enumerate()
        .map(|(i, token)| {
            let mut report = inspect_one(token, ctx);
            if i == 0 && limit <= 1 {
                report.findings.push(messages::more_tokens(more));
            }
            report.log_codes = log_codes(input, &report.findings);
            report
        })
        .collect()
}

/// One token's report.
fn inspect_one(input: &str, ctx: &Context<'_>) -> Report {
    let cleaned = clean(input);
    let mut findings = Vec::new();
    if !cleaned.actions.is_empty() {
        findings.push(messages::input_cleaned(&cleaned.actions));
    }
    let decoded = match decode(&cleaned.token) {
        Ok(decoded) => decoded,
        Err(why) => return not_a_jwt(cleaned, findings, &why),
    };
    let signature = signature::check(&decoded, ctx, &mut findings);
    hidden::check(&decoded, &mut findings);
    checks::check_claims(&decoded.claims, ctx, &mut findings);
    // Worst first; the sort is stable, so within a severity and code the
    // findings stay in the order the steps found them.
    findings.sort_by_key(|f| (f.severity, f.code));
    let (outcome, verdict) = verdict::conclude(&decoded.claims, &signature, &findings, ctx.now);
    Report {
        segments: Some(decoded.segments),
        header: Some(decoded.header),
        claims: Some(decoded.claims),
        cleaned,
        signature,
        findings,
        outcome,
        verdict,
        log_codes: Vec::new(),
    }
}
