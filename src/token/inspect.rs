//! Taking a token apart: decode, verify, diagnose, and say it in one sentence.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{KeyInit, Mac};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::Serialize;
use serde_json::{Map, Value};

use super::claims::{Permission, Role, claim_meaning};
use super::clean::{Cleaned, clean};
use super::findings::{Finding, FindingCode, Severity};
use super::generate::HmacSha256;
use super::secret::SecretKey;
use super::time::{ShownTime, local, relative, span};

/// Longer input than this is refused before any work: VideoSDK tokens are
/// well under 1 KB, and a 10 MB paste must not freeze the window.
pub const MAX_INPUT_BYTES: usize = 16 * 1024;

/// Tokens issued up to this far in the future are put down to clock skew.
const IAT_SKEW_SECS: i64 = 60;
/// Lifetimes above this get `long_lived`.
const LONG_LIVED_SECS: i64 = 30 * 86_400;
/// Secrets shorter than this get `weak_secret` (RFC 7518 §3.2: key ≥ hash size).
const STRONG_SECRET_BYTES: usize = 32;

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

impl KeySource {
    fn signed_by(&self) -> String {
        match self {
            Self::Given => "signed with the given secret".to_owned(),
            Self::Environment => "signed with VIDEOSDK_SECRET_KEY".to_owned(),
            Self::Project { name } => format!("signed by project {name}"),
        }
    }
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

/// What the inspector needs from the outside world: the time, the local
/// zone and the secrets to try. The inspector reads no clock itself.
#[derive(Debug, Clone)]
pub struct Context<'a> {
    /// Now.
    pub now: Timestamp,
    /// The user's zone, for local times.
    pub tz: TimeZone,
    /// Secrets to try, in any order (the matching API key is tried first).
    pub candidates: &'a [Candidate<'a>],
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

impl Outcome {
    /// The `inspect` exit code.
    pub fn exit_code(self) -> u8 {
        match self {
            Self::Valid => 0,
            Self::Invalid => 1,
            Self::NotJwt => 2,
            Self::Unverified => 3,
        }
    }
}

/// One row of the claims table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimRow {
    /// Claim name, as in the token.
    pub name: String,
    /// Value: strings as they are, everything else as compact JSON.
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
                    Value::String(s) => s.clone(),
                    v => v.to_string(),
                },
                meaning: claim_meaning(name),
                time: match name.as_str() {
                    "iat" | "exp" | "nbf" => numeric_date(value)
                        .ok()
                        .and_then(|s| ShownTime::of_seconds(s, now, tz)),
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
    /// paste into a ticket (the token cannot be replayed from it).
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
        out
    }

    /// The `--json` shape: `{verdict, outcome, header, claims, signature:
    /// {status, project, source}, findings: [{code, severity, message}]}`.
    pub fn to_json(&self) -> Value {
        let (project, source) = match &self.signature {
            Signature::Verified(src) => (
                match src {
                    KeySource::Project { name } => Value::String(name.clone()),
                    _ => Value::Null,
                },
                serde_json::to_value(src).unwrap_or(Value::Null),
            ),
            _ => (Value::Null, Value::Null),
        };
        serde_json::json!({
            "verdict": self.verdict,
            "outcome": self.outcome,
            "header": self.header,
            "claims": self.claims,
            "signature": {"status": self.signature.status(), "project": project, "source": source},
            "findings": self.findings,
            "input_cleaning": self.cleaned.actions,
        })
    }
}

fn pretty(v: Option<&Map<String, Value>>) -> String {
    v.and_then(|m| serde_json::to_string_pretty(m).ok())
        .unwrap_or_default()
}

const PART_NAMES: [&str; 3] = ["header", "payload", "signature"];

/// Checks one part is base64url and decodes it, or says exactly why not.
fn decode_part(part: &str, index: usize, offset: usize) -> Result<Vec<u8>, String> {
    let name = PART_NAMES[index];
    let n = index + 1;
    if part.is_empty() && index < 2 {
        return Err(format!("part {n} ({name}) is empty"));
    }
    for (i, c) in part.chars().enumerate() {
        if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
            continue;
        }
        let at = format!(
            "character {} of the part, {} of the token",
            i + 1,
            offset + i + 1
        );
        let why = match c {
            '=' => format!("'=' padding at {at}; JWTs use unpadded base64url"),
            '+' | '/' => {
                format!("'{c}' at {at}: that is standard base64, JWTs use base64url ('-' and '_')")
            }
            c if c.is_whitespace() => format!("whitespace at {at}"),
            c if c.is_control() => format!("control character U+{:04X} at {at}", c as u32),
            c => format!("'{c}' at {at}"),
        };
        return Err(format!("part {n} ({name}) is not base64url: {why}"));
    }
    if part.len() % 4 == 1 {
        return Err(format!(
            "part {n} ({name}) has {} characters, a length base64url cannot have: it was probably cut off",
            part.len()
        ));
    }
    URL_SAFE_NO_PAD.decode(part).map_err(|e| {
        format!(
            "part {n} ({name}) is not valid base64url ({e}): it was probably cut off or altered"
        )
    })
}

fn parse_json_part(bytes: &[u8], index: usize) -> Result<Map<String, Value>, String> {
    let name = PART_NAMES[index];
    let n = index + 1;
    let text = std::str::from_utf8(bytes).map_err(|e| {
        format!(
            "part {n} ({name}) decodes to bytes that are not UTF-8 text (at byte {})",
            e.valid_up_to()
        )
    })?;
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(other) => Err(format!(
            "part {n} ({name}) is JSON but not an object: found {}",
            match other {
                Value::Array(_) => "an array",
                Value::String(_) => "a string",
                Value::Number(_) => "a number",
                Value::Bool(_) => "a boolean",
                _ => "null",
            }
        )),
        Err(e) => Err(format!("part {n} ({name}) is not JSON: {e}")),
    }
}

struct Decoded {
    segments: Segments,
    header: Map<String, Value>,
    claims: Map<String, Value>,
    signing_input_len: usize,
    signature: Vec<u8>,
}

fn decode(token: &str) -> Result<Decoded, String> {
    if token.is_empty() {
        return Err("the input is empty: paste a token".to_owned());
    }
    let parts: Vec<&str> = token.split('.').collect();
    if parts.len() != 3 {
        let hint = match parts.len() {
            1 => ": there is no '.' in it",
            5 => ": that is an encrypted JWE, not a VideoSDK token",
            _ => "",
        };
        return Err(format!(
            "found {} part{} separated by '.', a JWT has 3 (header.payload.signature){hint}",
            parts.len(),
            if parts.len() == 1 { "" } else { "s" }
        ));
    }
    let h_end = parts[0].len();
    let p_end = h_end + 1 + parts[1].len();
    let segments = Segments {
        header: 0..h_end,
        payload: h_end + 1..p_end,
        signature: p_end + 1..token.len(),
    };
    let header_bytes = decode_part(parts[0], 0, 0)?;
    let payload_bytes = decode_part(parts[1], 1, h_end + 1)?;
    let signature = decode_part(parts[2], 2, p_end + 1)?;
    let header = parse_json_part(&header_bytes, 0)?;
    let claims = parse_json_part(&payload_bytes, 1)?;
    Ok(Decoded {
        segments,
        header,
        claims,
        signing_input_len: p_end,
        signature,
    })
}

fn numeric_date(v: &Value) -> Result<i64, String> {
    match v {
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

fn short(s: &str) -> String {
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s.to_owned()
    }
}

fn too_long_reason(bytes: usize) -> String {
    format!(
        "the input is {bytes} bytes, too long for a VideoSDK token (they are under 1 KB; the limit here is {} KB)",
        MAX_INPUT_BYTES / 1024
    )
}

fn not_a_jwt(cleaned: Cleaned, mut findings: Vec<Finding>, why: &str) -> Report {
    findings.insert(
        0,
        Finding::new(
            FindingCode::Malformed,
            format!("Not a JWT: {why}"),
            format!("Not a JWT: {why}."),
        ),
    );
    let verdict = findings[0].summary.clone();
    Report {
        cleaned,
        segments: None,
        header: None,
        claims: None,
        signature: Signature::NotChecked,
        findings,
        outcome: Outcome::NotJwt,
        verdict,
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
    not_a_jwt(cleaned, Vec::new(), &too_long_reason(bytes))
}

/// Inspects pasted text: cleans it, decodes it, checks the signature against
/// the candidates and every claim, and sums it up.
pub fn inspect(input: &str, ctx: &Context<'_>) -> Report {
    // Refuse huge input before cleaning copies it around. Cleaning only
    // removes characters, so the cleaned token is never longer than this.
    let too_long = input.len() > MAX_INPUT_BYTES;
    let cleaned = if too_long {
        Cleaned {
            token: String::new(),
            actions: Vec::new(),
        }
    } else {
        clean(input)
    };
    let decoded = if too_long {
        Err(too_long_reason(input.len()))
    } else {
        decode(&cleaned.token)
    };
    let mut findings = Vec::new();
    if !cleaned.actions.is_empty() {
        findings.push(Finding::new(
            FindingCode::InputCleaned,
            "input cleaned",
            format!("The input was cleaned: {}.", cleaned.actions.join(", ")),
        ));
    }
    let d = match decoded {
        Ok(d) => d,
        Err(why) => return not_a_jwt(cleaned, findings, &why),
    };
    let apikey = d.claims.get("apikey").and_then(Value::as_str);
    let signature = check_signature(&d, &cleaned.token, apikey, ctx, &mut findings);
    check_claims(&d.claims, ctx, &mut findings);
    findings.sort_by_key(|f| (f.severity, f.code));
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let outcome = match (&signature, errors) {
        (_, e) if e > 0 => Outcome::Invalid,
        (Signature::Verified(_), _) => Outcome::Valid,
        _ => Outcome::Unverified,
    };
    let verdict = verdict(&d.claims, &signature, &findings, outcome, ctx);
    Report {
        cleaned,
        segments: Some(d.segments),
        header: Some(d.header),
        claims: Some(d.claims),
        signature,
        findings,
        outcome,
        verdict,
    }
}

fn check_signature(
    d: &Decoded,
    token: &str,
    apikey: Option<&str>,
    ctx: &Context<'_>,
    findings: &mut Vec<Finding>,
) -> Signature {
    match d.header.get("alg") {
        Some(Value::String(a)) if a == "HS256" => {}
        Some(Value::String(a)) if a.eq_ignore_ascii_case("none") => {
            findings.push(Finding::new(
                FindingCode::AlgNone,
                "Unsigned token (alg none): never valid",
                "The header says alg \"none\": the token is unsigned and anyone could have written it; VideoSDK needs HS256.",
            ));
            return Signature::Unsupported;
        }
        other => {
            let alg = match other {
                Some(Value::String(a)) => format!("alg \"{}\"", short(a)),
                Some(v) => format!("alg {}", short(&v.to_string())),
                None => "no alg".to_owned(),
            };
            findings.push(Finding::new(
                FindingCode::AlgUnsupported,
                format!("Unsupported algorithm: the header has {alg}, VideoSDK tokens are HS256"),
                format!("The header has {alg}; VideoSDK tokens are signed with HS256 and the project secret, so this one cannot be valid."),
            ));
            return Signature::Unsupported;
        }
    }
    let signing_input = &token.as_bytes()[..d.signing_input_len];
    let matches = |c: &Candidate<'_>| c.api_key.is_some() && c.api_key == apikey;
    // Authoritative first: secrets given for this token, then the project
    // whose API key matches; then the others, in case a key was mixed up.
    let mut order: Vec<&Candidate<'_>> = ctx
        .candidates
        .iter()
        .filter(|c| c.api_key.is_none())
        .collect();
    order.extend(ctx.candidates.iter().filter(|c| matches(c)));
    order.extend(
        ctx.candidates
            .iter()
            .filter(|c| c.api_key.is_some() && !matches(c)),
    );
    for c in &order {
        let Ok(mut mac) = HmacSha256::new_from_slice(c.secret.expose()) else {
            continue;
        };
        mac.update(signing_input);
        // verify_slice compares in constant time.
        if mac.verify_slice(&d.signature).is_ok() {
            if c.secret.len() < STRONG_SECRET_BYTES {
                findings.push(Finding::new(
                    FindingCode::WeakSecret,
                    "weak secret",
                    format!(
                        "Verified with a {}-byte secret; HS256 secrets should be at least {STRONG_SECRET_BYTES} bytes to resist guessing.",
                        c.secret.len()
                    ),
                ));
            }
            if let (Some(key), Some(claimed)) = (c.api_key, apikey)
                && key != claimed
            {
                findings.push(Finding::new(
                    FindingCode::UnknownApikey,
                    "API key does not match",
                    format!(
                        "Signed with the secret of {}, whose API key is {}, but the token says apikey {}: VideoSDK would answer 4001.",
                        match &c.source { KeySource::Project { name } => format!("project {name}"), _ => "VIDEOSDK_SECRET_KEY".to_owned() },
                        short(key),
                        short(claimed)
                    ),
                ));
            }
            return Signature::Verified(c.source.clone());
        }
    }
    let sig_len_note = if d.signature.len() != 32 {
        format!(
            " (the signature is {} bytes; HS256 gives 32, so the token was probably cut off)",
            d.signature.len()
        )
    } else {
        String::new()
    };
    let given = ctx.candidates.iter().find(|c| c.api_key.is_none());
    let matching: Vec<&Candidate<'_>> = ctx.candidates.iter().filter(|c| matches(c)).collect();
    if let Some(g) = given {
        let what = match g.source {
            KeySource::Environment => "VIDEOSDK_SECRET_KEY",
            _ => "the given secret",
        };
        findings.push(Finding::new(
            FindingCode::SignatureMismatch,
            format!("Signature does not match {what}"),
            format!("The signature does not match {what}{sig_len_note}: the token was signed with another secret, or altered after signing."),
        ));
        return Signature::Mismatch;
    }
    if !matching.is_empty() {
        let names: Vec<String> = matching
            .iter()
            .map(|c| match &c.source {
                KeySource::Project { name } => format!("the secret of project {name}"),
                KeySource::Environment => "VIDEOSDK_SECRET_KEY".to_owned(),
                KeySource::Given => "the given secret".to_owned(),
            })
            .collect();
        findings.push(Finding::new(
            FindingCode::SignatureMismatch,
            format!("Signature does not match {}", names.join(" or ").replace("the secret of ", "")),
            format!(
                "The signature does not match {}, which has this API key{sig_len_note}: the token was signed with another secret (rotated?), or altered.",
                names.join(" or ")
            ),
        ));
        return Signature::Mismatch;
    }
    if let Some(key) = apikey
        && ctx.candidates.iter().any(|c| c.api_key.is_some())
    {
        findings.push(Finding::new(
            FindingCode::UnknownApikey,
            "unknown API key",
            format!(
                "No saved project has API key {}, and no saved secret verifies the token.",
                short(key)
            ),
        ));
    }
    findings.push(Finding::new(
        FindingCode::Unverified,
        "Not verified",
        match apikey {
            Some(key) => format!(
                "Not verified: no secret for API key {}; add its project or give the secret to check the signature.",
                short(key)
            ),
            None => "Not verified: no secret given; give the secret to check the signature.".to_owned(),
        },
    ));
    Signature::Unverified
}

fn check_claims(c: &Map<String, Value>, ctx: &Context<'_>, findings: &mut Vec<Finding>) {
    let now = ctx.now.as_second();
    let tz = &ctx.tz;
    let at = |secs: i64| {
        Timestamp::from_second(secs)
            .map(|t| local(t, tz))
            .unwrap_or_else(|_| secs.to_string())
    };
    let rel = |secs: i64| {
        Timestamp::from_second(secs)
            .map(|t| relative(t, ctx.now))
            .unwrap_or_else(|_| "out of range".to_owned())
    };
    let time = |name: &str, findings: &mut Vec<Finding>| -> Option<i64> {
        let v = c.get(name)?;
        match numeric_date(v) {
            Ok(s) => Some(s),
            Err(shown) => {
                findings.push(Finding::new(
                    FindingCode::Malformed,
                    format!("Claim {name} is not a time"),
                    format!(
                        "Claim {name} is {}, not a NumericDate (seconds since 1970): nothing can read it.",
                        short(&shown)
                    ),
                ));
                None
            }
        }
    };

    let exp = time("exp", findings);
    let nbf = time("nbf", findings);
    let iat = time("iat", findings);
    match exp {
        Some(exp) if exp <= now => findings.push(Finding::new(
            FindingCode::Expired,
            format!("Expired {} ({})", rel(exp), at(exp)),
            format!(
                "Expired {} ({}): VideoSDK answers 4002 INVALID_TOKEN; generate a new token.",
                rel(exp),
                at(exp)
            ),
        )),
        Some(_) => {}
        None if !c.contains_key("exp") => findings.push(Finding::new(
            FindingCode::MissingExp,
            "never expires",
            "No exp claim: the token never expires, so anyone who gets it can use it forever; set an expiry.",
        )),
        None => {}
    }
    if let Some(nbf) = nbf.filter(|&n| n > now) {
        findings.push(Finding::new(
            FindingCode::NotYetValid,
            format!("Not valid yet: usable {} ({})", rel(nbf), at(nbf)),
            format!(
                "Not valid before {} ({}): nbf is in the future; wait, or remove nbf.",
                at(nbf),
                rel(nbf)
            ),
        ));
    }
    if let Some(iat) = iat.filter(|&i| i > now + IAT_SKEW_SECS) {
        findings.push(Finding::new(
            FindingCode::IssuedInFuture,
            "issued in the future",
            format!(
                "Issued {} in the future ({}): the clock of the machine that made it is probably ahead.",
                span(iat - now),
                at(iat)
            ),
        ));
    }
    if let Some(exp) = exp {
        let start = iat.unwrap_or(now);
        if exp - start > LONG_LIVED_SECS {
            findings.push(Finding::new(
                FindingCode::LongLived,
                "long-lived",
                format!(
                    "Lives {} (over 30 days): if it leaks it stays usable that long; prefer short-lived tokens.",
                    span(exp - start)
                ),
            ));
        }
    }

    match c.get("apikey") {
        Some(Value::String(s)) if !s.is_empty() => {}
        other => {
            let alt = ["apiKey", "api_key", "APIKEY", "ApiKey", "API_KEY"]
                .into_iter()
                .find(|k| c.contains_key(*k));
            let msg = match (other, alt) {
                (_, Some(alt)) => format!(
                    "No apikey claim, but {alt} is present: the claim must be spelled apikey, all lower case (VideoSDK answers 4001)."
                ),
                (Some(v), None) => format!(
                    "The apikey claim is {}, not your API key as a string: VideoSDK answers 4001 INVALID_API_KEY.",
                    short(&v.to_string())
                ),
                (None, None) => {
                    "No apikey claim: VideoSDK answers 4001 INVALID_API_KEY; add your project's API key as apikey.".to_owned()
                }
            };
            findings.push(Finding::new(
                FindingCode::MissingApikey,
                "No apikey claim (4001)",
                msg,
            ));
        }
    }

    match c.get("permissions") {
        None => findings.push(Finding::new(
            FindingCode::MissingPermissions,
            "No permissions claim",
            "No permissions claim: add permissions, e.g. [\"allow_join\"].",
        )),
        Some(Value::Array(items)) if items.is_empty() => findings.push(Finding::new(
            FindingCode::MissingPermissions,
            "Empty permissions",
            "The permissions array is empty: add at least one of allow_join, ask_join, allow_mod.",
        )),
        Some(Value::Array(items)) => {
            let mut valid = Vec::new();
            let mut unknown = Vec::new();
            for item in items {
                match item.as_str().and_then(Permission::parse) {
                    Some(p) => valid.push(p),
                    None => unknown.push(item),
                }
            }
            if !unknown.is_empty() {
                let shown: Vec<String> = unknown.iter().map(|v| short(&v.to_string())).collect();
                let hint = unknown
                    .iter()
                    .filter_map(|v| v.as_str())
                    .find_map(|s| Permission::parse(&s.trim().to_ascii_lowercase()))
                    .map(|p| format!(" (did you mean {p}? values are case-sensitive)"))
                    .unwrap_or_default();
                findings.push(Finding::new(
                    FindingCode::UnknownPermission,
                    format!("Unknown permission {}", shown.join(", ")),
                    format!(
                        "Unknown permission {}{hint}: the valid ones are allow_join, ask_join, allow_mod.",
                        shown.join(", ")
                    ),
                ));
            }
            if super::claims::permissions_conflict(&valid) {
                findings.push(Finding::new(
                    FindingCode::AskJoinConflict,
                    "ask_join combined with allow_join/allow_mod (4008)",
                    "ask_join is combined with allow_join or allow_mod: VideoSDK refuses this with 4008 INVALID_PERMISSIONS; keep ask_join alone, or drop it.",
                ));
            }
        }
        Some(other) => findings.push(Finding::new(
            FindingCode::MissingPermissions,
            "permissions is not an array",
            format!(
                "permissions is {}, not an array: write it as [\"allow_join\"].",
                short(&other.to_string())
            ),
        )),
    }

    let v2_claims: Vec<&str> = ["roomId", "participantId", "roles"]
        .into_iter()
        .filter(|k| c.contains_key(*k))
        .collect();
    match c.get("version") {
        None if !v2_claims.is_empty() => findings.push(Finding::new(
            FindingCode::NeedsVersion2,
            format!("{} needs version: 2", v2_claims.join(", ")),
            format!(
                "{} {} without version: 2; add \"version\": 2 or VideoSDK ignores or refuses it.",
                v2_claims.join(", "),
                if v2_claims.len() == 1 {
                    "is used"
                } else {
                    "are used"
                }
            ),
        )),
        None => {}
        Some(Value::Number(n)) if n.as_f64() == Some(2.0) => {}
        Some(v) => {
            let hint = if v.as_str() == Some("2") {
                ": it is the string \"2\", write the number 2"
            } else {
                ": the only valid value is the number 2"
            };
            findings.push(Finding::new(
                FindingCode::BadVersion,
                format!("version is {}, not 2", short(&v.to_string())),
                format!("version is {}{hint}.", short(&v.to_string())),
            ));
        }
    }
    match c.get("roles") {
        None => {}
        Some(Value::Array(items)) => {
            let unknown: Vec<String> = items
                .iter()
                .filter(|v| v.as_str().and_then(Role::parse).is_none())
                .map(|v| short(&v.to_string()))
                .collect();
            if !unknown.is_empty() {
                findings.push(Finding::new(
                    FindingCode::UnknownRole,
                    format!("Unknown role {}", unknown.join(", ")),
                    format!(
                        "Unknown role {}: the valid ones are crawler (REST API only) and rtc (meetings only).",
                        unknown.join(", ")
                    ),
                ));
            }
        }
        Some(other) => findings.push(Finding::new(
            FindingCode::UnknownRole,
            "roles is not an array",
            format!(
                "roles is {}, not an array: write it as [\"rtc\"] or [\"crawler\"].",
                short(&other.to_string())
            ),
        )),
    }
    if let Some(Value::String(p)) = c.get("participantId")
        && p.chars().any(char::is_whitespace)
    {
        findings.push(Finding::new(
                FindingCode::ParticipantIdWhitespace,
                "participantId contains whitespace (4004)",
                format!(
                    "participantId \"{}\" contains whitespace: VideoSDK answers 4004; use an id without spaces.",
                    short(p)
                ),
            ));
    }
}

fn verdict(
    claims: &Map<String, Value>,
    signature: &Signature,
    findings: &[Finding],
    outcome: Outcome,
    ctx: &Context<'_>,
) -> String {
    let errors: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    let mut parts: Vec<String> = Vec::new();
    match outcome {
        Outcome::Valid => parts.push("Valid".to_owned()),
        Outcome::Unverified => parts.push("Not verified".to_owned()),
        _ => parts.push(
            errors
                .first()
                .map(|f| f.summary.clone())
                .unwrap_or_default(),
        ),
    }
    let headline_is_signature = errors.first().is_some_and(|f| {
        matches!(
            f.code,
            FindingCode::SignatureMismatch | FindingCode::AlgNone | FindingCode::AlgUnsupported
        )
    });
    match signature {
        Signature::Verified(src) => parts.push(src.signed_by()),
        Signature::Mismatch if !headline_is_signature => {
            parts.push("signature does not match".to_owned());
        }
        Signature::Unverified => {
            let key = claims.get("apikey").and_then(Value::as_str);
            parts.push(match key {
                Some(k) => format!("no saved project or secret for API key {}", short(k)),
                None => "no secret given".to_owned(),
            });
        }
        _ => {}
    }
    let expired = findings.iter().any(|f| f.code == FindingCode::Expired);
    if !expired && !headline_is_signature {
        match claims.get("exp").and_then(|v| numeric_date(v).ok()) {
            Some(exp) => {
                if let Ok(t) = Timestamp::from_second(exp) {
                    parts.push(format!("expires {}", relative(t, ctx.now)));
                }
            }
            None if !claims.contains_key("exp") => parts.push("never expires".to_owned()),
            None => {}
        }
    }
    let mut s = parts.join(" — ");
    if errors.len() > 1 {
        s.push_str(&format!(
            " (+{} more problem{})",
            errors.len() - 1,
            if errors.len() == 2 { "" } else { "s" }
        ));
    }
    s
}
