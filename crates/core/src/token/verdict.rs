//! Inspecting, step 4: the outcome, and the one sentence that sums a
//! decoded token up, e.g. "Valid — signed by project Staging — expires in 1 h".

use jiff::Timestamp;
use serde_json::{Map, Value};

use super::decode::numeric_date;
use super::findings::{Finding, FindingCode, Severity};
use super::inspect::{KeySource, Outcome, Signature};
use super::messages::short;
use super::time::{millis_meant, relative};
use super::visible::visible;

/// The outcome and the verdict for a decoded token. `findings` are sorted
/// worst first, so the first error is the headline.
pub(super) fn conclude(
    claims: &Map<String, Value>,
    signature: &Signature,
    findings: &[Finding],
    now: Timestamp,
) -> (Outcome, String) {
    let errors: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    let (outcome, headline) = match (errors.first(), signature) {
        (Some(worst), _) => (Outcome::Invalid, worst.summary.clone()),
        (None, Signature::Verified(_)) => (Outcome::Valid, "Valid".to_owned()),
        (None, _) => (Outcome::Unverified, "Not verified".to_owned()),
    };
    // A signature headline says all there is: the claims cannot be trusted.
    let about_signature = errors.first().is_some_and(|f| {
        matches!(
            f.code,
            FindingCode::SignatureMismatch
                | FindingCode::SignedWithApiKey
                | FindingCode::DamagedSecret
                | FindingCode::AlgNone
                | FindingCode::AlgUnsupported
        )
    });
    let mut parts = vec![headline];
    parts.extend(signature_part(signature, about_signature, claims));
    let expired = findings.iter().any(|f| f.code == FindingCode::Expired);
    if !expired && !about_signature {
        parts.extend(expiry_part(claims, now));
    }
    let verdict = parts.join(" — ") + &more_problems(errors.len());
    (outcome, verdict)
}

/// Who signed it, or why nobody could tell.
fn signature_part(
    signature: &Signature,
    headline_is_signature: bool,
    claims: &Map<String, Value>,
) -> Option<String> {
    match signature {
        Signature::Verified(source) => Some(signed_by(source)),
        Signature::Mismatch if !headline_is_signature => {
            Some("signature does not match".to_owned())
        }
        Signature::Unverified => Some(match claims.get("apikey").and_then(Value::as_str) {
            Some(key) => format!("no saved project or secret for API key {}", short(key)),
            None => "no secret given".to_owned(),
        }),
        Signature::Mismatch | Signature::Unsupported | Signature::NotChecked => None,
    }
}

fn signed_by(source: &KeySource) -> String {
    match source {
        KeySource::Given => "signed with the given secret".to_owned(),
        KeySource::Environment => "signed with VIDEOSDK_SECRET_KEY".to_owned(),
        KeySource::Project { name } => format!("signed by project {}", visible(name)),
    }
}

/// When it expires; nothing if `exp` is not a time, or before any real date.
fn expiry_part(claims: &Map<String, Value>, now: Timestamp) -> Option<String> {
    let Some(exp) = claims.get("exp") else {
        return Some("never expires".to_owned());
    };
    let secs = numeric_date(exp)?;
    if millis_meant(secs).is_some() {
        return Some("never expires (exp is in milliseconds)".to_owned());
    }
    match Timestamp::from_second(secs) {
        Ok(t) => Some(format!("expires {}", relative(t, now))),
        // Beyond any real date: VideoSDK's parser never expires it.
        Err(_) if secs > 0 => Some("never expires".to_owned()),
        Err(_) => None,
    }
}

/// " (+2 more problems)" after the headline error; empty for one or none.
fn more_problems(errors: usize) -> String {
    match errors {
        0 | 1 => String::new(),
        2 => " (+1 more problem)".to_owned(),
        n => format!(" (+{} more problems)", n - 1),
    }
}
