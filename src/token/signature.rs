//! Inspecting, step 2: the signature. Only HS256 is checked; the secrets the
//! caller knows are tried authoritative first, and the result says which one
//! verified, or why none did.

use hmac::Mac as _;
use serde_json::Value;

use super::decode::Decoded;
use super::findings::Finding;
use super::inspect::{Candidate, Context, Signature};
use super::messages;
use super::secret::SecretKey;

/// Secrets shorter than this get `weak_secret` (RFC 7518 §3.2: key ≥ hash size).
pub(super) const STRONG_SECRET_BYTES: usize = 32;

/// Checks the signature of a decoded token against the candidates, pushing
/// what it finds.
pub(super) fn check(d: &Decoded<'_>, ctx: &Context<'_>, findings: &mut Vec<Finding>) -> Signature {
    if let Err(unsupported) = check_alg(d.header.get("alg")) {
        findings.push(unsupported);
        return Signature::Unsupported;
    }
    let apikey = d.claims.get("apikey").and_then(Value::as_str);
    let verifying = in_trial_order(ctx.candidates, apikey)
        .into_iter()
        .find(|c| verifies(c.secret, d));
    match verifying {
        Some(c) => {
            check_verifying_secret(c, apikey, findings);
            Signature::Verified(c.source.clone())
        }
        None => not_verified(ctx.candidates, apikey, d.signature.len(), findings),
    }
}

/// HS256 or nothing: `none` is unsigned, anything else is not what VideoSDK signs.
fn check_alg(alg: Option<&Value>) -> Result<(), Finding> {
    match alg {
        Some(Value::String(a)) if a == "HS256" => Ok(()),
        Some(Value::String(a)) if a.eq_ignore_ascii_case("none") => Err(messages::alg_none()),
        other => Err(messages::alg_unsupported(other)),
    }
}

/// True for a saved secret whose API key is the token's.
fn holds_key(c: &Candidate<'_>, apikey: Option<&str>) -> bool {
    c.api_key.is_some() && c.api_key == apikey
}

/// Authoritative first: secrets given for this token, then the projects
/// whose API key matches; then the others, in case a key was mixed up.
fn in_trial_order<'c, 'k>(
    candidates: &'c [Candidate<'k>],
    apikey: Option<&str>,
) -> Vec<&'c Candidate<'k>> {
    let given = candidates.iter().filter(|c| c.api_key.is_none());
    let matching = candidates.iter().filter(|c| holds_key(c, apikey));
    let others = candidates
        .iter()
        .filter(|c| c.api_key.is_some() && !holds_key(c, apikey));
    given.chain(matching).chain(others).collect()
}

fn verifies(secret: &SecretKey, d: &Decoded<'_>) -> bool {
    let mut mac = secret.hmac();
    mac.update(d.signing_input.as_bytes());
    // verify_slice compares in constant time.
    mac.verify_slice(&d.signature).is_ok()
}

/// What is worth saying about the secret that verified: too short, or
/// belonging to another API key than the token claims.
fn check_verifying_secret(c: &Candidate<'_>, apikey: Option<&str>, findings: &mut Vec<Finding>) {
    if c.secret.len() < STRONG_SECRET_BYTES {
        findings.push(messages::weak_secret(c.secret.len()));
    }
    if let (Some(key), Some(claimed)) = (c.api_key, apikey)
        && key != claimed
    {
        findings.push(messages::apikey_does_not_match(&c.source, key, claimed));
    }
}

/// No candidate verified: a mismatch if one of them is the secret this
/// token should match (one given for it, else its API key's projects),
/// otherwise simply not verified.
fn not_verified(
    candidates: &[Candidate<'_>],
    apikey: Option<&str>,
    signature_len: usize,
    findings: &mut Vec<Finding>,
) -> Signature {
    if let Some(given) = candidates.iter().find(|c| c.api_key.is_none()) {
        findings.push(messages::mismatch_given(&given.source, signature_len));
        return Signature::Mismatch;
    }
    let matching: Vec<_> = candidates
        .iter()
        .filter(|c| holds_key(c, apikey))
        .map(|c| &c.source)
        .collect();
    if !matching.is_empty() {
        findings.push(messages::mismatch_matching(&matching, signature_len));
        return Signature::Mismatch;
    }
    if let Some(key) = apikey
        && candidates.iter().any(|c| c.api_key.is_some())
    {
        findings.push(messages::unknown_apikey(key));
    }
    findings.push(messages::unverified(apikey));
    Signature::Unverified
}
