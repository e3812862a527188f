//! Inspecting, step 2: the signature. Only HS256 is checked; the secrets the
//! caller knows are tried authoritative first, and the result says which one
//! verified, or why none did.

use hmac::Mac as _;
use serde_json::Value;

use super::damaged;
use super::decode::Decoded;
use super::findings::Finding;
use super::inspect::{Candidate, Context, Signature};
use super::messages;
use super::secret::SecretKey;
use super::visible::without_invisible;

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
            check_verifying_secret(c, ctx.candidates, apikey, findings);
            Signature::Verified(c.source.clone())
        }
        None => match signed_with_api_key(d, ctx.candidates, apikey)
            .or_else(|| damaged_copy(d, ctx.candidates, apikey))
        {
            Some(finding) => {
                findings.push(finding);
                Signature::Mismatch
            }
            None => not_verified(ctx.candidates, apikey, d.signature.len(), findings),
        },
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
/// belonging to another API key than the token claims (VideoSDK checks the
/// token with the secret of the key it claims, so that is 4001).
fn check_verifying_secret(
    c: &Candidate<'_>,
    candidates: &[Candidate<'_>],
    apikey: Option<&str>,
    findings: &mut Vec<Finding>,
) {
    if c.secret.len() < STRONG_SECRET_BYTES {
        findings.push(messages::weak_secret(c.secret.len()));
    }
    // A key that differs only by invisible characters is the
    // `invisible_characters` error (hidden.rs), which names them.
    if let (Some(key), Some(claimed)) = (c.api_key, apikey)
        && key != claimed
        && without_invisible(claimed) != key
    {
        let owner = candidates
            .iter()
            .find(|o| holds_key(o, apikey))
            .map(|o| &o.source);
        findings.push(messages::apikey_mismatch(&c.source, key, claimed, owner));
    }
}

/// The commonest mix-up: the API key used as the HMAC secret. Tried with
/// the token's own `apikey`, then every known project's API key.
fn signed_with_api_key(
    d: &Decoded<'_>,
    candidates: &[Candidate<'_>],
    apikey: Option<&str>,
) -> Option<Finding> {
    let own = apikey.map(|k| (k, None));
    let known = candidates
        .iter()
        .filter_map(|c| c.api_key.map(|k| (k, Some(&c.source))));
    own.into_iter()
        .chain(known)
        .find(|(key, _)| {
            SecretKey::from_bytes(key.as_bytes().to_vec()).is_ok_and(|s| verifies(&s, d))
        })
        .map(|(key, source)| {
            // The token's own key may also be a project's: name it.
            let owner = source.or_else(|| {
                candidates
                    .iter()
                    .find(|c| c.api_key == Some(key))
                    .map(|c| &c.source)
            });
            messages::signed_with_api_key(key, owner)
        })
}

/// A damaged copy of a known secret (or a placeholder text) that verifies
/// the token, tried only once every secret failed as it is.
fn damaged_copy(
    d: &Decoded<'_>,
    candidates: &[Candidate<'_>],
    apikey: Option<&str>,
) -> Option<Finding> {
    let owner = candidates
        .iter()
        .find(|c| holds_key(c, apikey))
        .map(|c| &c.source);
    damaged::diagnose(d, &in_trial_order(candidates, apikey), owner)
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
