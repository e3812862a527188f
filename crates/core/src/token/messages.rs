//! The wording of every finding, in catalogue order: one function per code,
//! or per variant of a code, building the summary (for the verdict) and the
//! message (for the list) from what the check found. The checks decide
//! *whether*; this file decides *what is said*, so each sentence lives here once.

mod hostile;
mod support;

use serde_json::Value;

pub(super) use hostile::{
    OutOfRange, Place, Stakes, duplicate_key, expired_before_any_date, invisible_characters,
    more_duplicate_keys, more_invisible, never_valid, time_out_of_range,
};
pub(super) use support::{
    apikey_mismatch, damaged_secret, milliseconds_timestamp, more_tokens, not_for_api,
    participant_mismatch, role_not_allowed, room_mismatch, signed_with_api_key,
};

use super::claims::Permission;
use super::decode::DecodeError;
use super::findings::{Finding, FindingCode};
use super::inspect::KeySource;
use super::signature::STRONG_SECRET_BYTES;
use super::time::span;
use super::visible::visible;

/// A value as shown inside a sentence: at most 40 characters, then `…`,
/// invisible characters shown as escapes (see [`visible`]).
pub(super) fn short(s: &str) -> String {
    let mut chars = s.chars();
    let head: String = chars.by_ref().take(40).collect();
    let shown = visible(&head).into_owned();
    if chars.next().is_some() {
        shown + "…"
    } else {
        shown
    }
}

/// A claim name as shown inside a sentence: [`short`], with a look-alike of
/// a VideoSDK claim escaped in full (`<U+0430>pikey`, see
/// [`super::shown_name`]).
pub(super) fn short_name(name: &str) -> String {
    short(&super::shown_name(name))
}

/// `malformed`: the input is not a JWT at all.
pub(super) fn not_a_jwt(why: &DecodeError) -> Finding {
    Finding::new(
        FindingCode::Malformed,
        format!("Not a JWT: {why}"),
        format!("Not a JWT: {why}."),
    )
}

/// `placeholder`: a shortened example from docs, not a token; `why` is
/// what the decoder said of it.
pub(super) fn placeholder(why: &DecodeError) -> Finding {
    Finding::new(
        FindingCode::Placeholder,
        "A shortened example, not a token: copy the whole token",
        format!(
            "A shortened example, not a token (cut with ... or \u{2026}, or holding a placeholder such as <YOUR_TOKEN>; {why}): copy the whole token, or generate one."
        ),
    )
}

/// `malformed`: a time claim holds something other than a NumericDate.
pub(super) fn claim_not_a_time(name: &str, value: &Value) -> Finding {
    let shown = short(&value.to_string());
    let message = match value {
        Value::String(s) if s.trim().parse::<f64>().is_ok() => format!(
            "Claim {name} is the string {shown}, not a number: VideoSDK's parser refuses it (invalid {name} value); write the number without quotes."
        ),
        _ => format!(
            "Claim {name} is {shown}, not a NumericDate (seconds since 1970): nothing can read it."
        ),
    };
    Finding::new(
        FindingCode::Malformed,
        format!("Claim {name} is not a time"),
        message,
    )
}

/// `alg_none`.
pub(super) fn alg_none() -> Finding {
    Finding::new(
        FindingCode::AlgNone,
        "Unsigned token (alg none): never valid",
        "The header says alg \"none\": the token is unsigned and anyone could have written it; VideoSDK needs HS256.",
    )
}

/// `alg_unsupported`: `alg` is the header's `alg` value, if any.
pub(super) fn alg_unsupported(alg: Option<&Value>) -> Finding {
    let alg = match alg {
        Some(Value::String(a)) => format!("alg \"{}\"", short(a)),
        Some(v) => format!("alg {}", short(&v.to_string())),
        None => "no alg".to_owned(),
    };
    Finding::new(
        FindingCode::AlgUnsupported,
        format!("Unsupported algorithm: the header has {alg}, VideoSDK tokens are HS256"),
        format!(
            "The header has {alg}; VideoSDK tokens are signed with HS256 and the project secret, so this one cannot be valid."
        ),
    )
}

/// Added to a mismatch when the signature has the wrong length for HS256.
fn cut_off_note(signature_len: usize) -> String {
    if signature_len == 32 {
        String::new()
    } else {
        format!(
            " (the signature is {signature_len} bytes; HS256 gives 32, so the token was probably cut off)"
        )
    }
}

/// `signature_mismatch` against a secret given for this token.
pub(super) fn mismatch_given(source: &KeySource, signature_len: usize) -> Finding {
    let what = match source {
        KeySource::Environment => "VIDEOSDK_SECRET_KEY",
        KeySource::Given | KeySource::Project { .. } => "the given secret",
    };
    Finding::new(
        FindingCode::SignatureMismatch,
        format!("Signature does not match {what}"),
        format!(
            "The signature does not match {what}{}: the token was signed with another secret, or altered after signing.",
            cut_off_note(signature_len)
        ),
    )
}

/// `signature_mismatch` against the saved secrets for the token's API key.
pub(super) fn mismatch_matching(sources: &[&KeySource], signature_len: usize) -> Finding {
    let names: Vec<String> = sources
        .iter()
        .map(|source| match source {
            KeySource::Project { name } => format!("the secret of project {}", visible(name)),
            KeySource::Environment => "VIDEOSDK_SECRET_KEY".to_owned(),
            KeySource::Given => "the given secret".to_owned(),
        })
        .collect();
    let names = names.join(" or ");
    Finding::new(
        FindingCode::SignatureMismatch,
        format!(
            "Signature does not match {}",
            names.replace("the secret of ", "")
        ),
        format!(
            "The signature does not match {names}, which has this API key{}: the token was signed with another secret (rotated?), or altered.",
            cut_off_note(signature_len)
        ),
    )
}

/// `expired`: `rel` and `at` say when, relative and local.
pub(super) fn expired(rel: &str, at: &str) -> Finding {
    Finding::new(
        FindingCode::Expired,
        format!("Expired {rel} ({at})"),
        format!("Expired {rel} ({at}): VideoSDK answers 4002 INVALID_TOKEN; generate a new token."),
    )
}

/// `not_yet_valid`: `rel` and `at` say when it becomes usable.
pub(super) fn not_yet_valid(rel: &str, at: &str) -> Finding {
    Finding::new(
        FindingCode::NotYetValid,
        format!("Not valid yet: usable {rel} ({at})"),
        format!("Not valid before {at} ({rel}): nbf is in the future; wait, or remove nbf."),
    )
}

const MISSING_APIKEY: &str = "No apikey claim (4001)";

/// `missing_apikey`: no `apikey`, but a near spelling of it is present.
pub(super) fn apikey_misspelt(alt: &str) -> Finding {
    Finding::new(
        FindingCode::MissingApikey,
        MISSING_APIKEY,
        format!(
            "No apikey claim, but {alt} is present: the claim must be spelled apikey, all lower case (VideoSDK answers 4001)."
        ),
    )
}

/// `missing_apikey`: `apikey` is there but is not a non-empty string.
pub(super) fn apikey_unusable(value: &Value) -> Finding {
    Finding::new(
        FindingCode::MissingApikey,
        MISSING_APIKEY,
        format!(
            "The apikey claim is {}, not your API key as a string: VideoSDK answers 4001 INVALID_API_KEY.",
            short(&value.to_string())
        ),
    )
}

/// `missing_apikey`: no `apikey` at all.
pub(super) fn missing_apikey() -> Finding {
    Finding::new(
        FindingCode::MissingApikey,
        MISSING_APIKEY,
        "No apikey claim: VideoSDK answers 4001 INVALID_API_KEY; add your project's API key as apikey.",
    )
}

/// `missing_permissions`: no `permissions` claim.
pub(super) fn missing_permissions() -> Finding {
    Finding::new(
        FindingCode::MissingPermissions,
        "No permissions claim",
        "No permissions claim: add permissions, e.g. [\"allow_join\"].",
    )
}

/// `missing_permissions`: `permissions` is `[]`.
pub(super) fn empty_permissions() -> Finding {
    Finding::new(
        FindingCode::MissingPermissions,
        "Empty permissions",
        "The permissions array is empty: add at least one of allow_join, ask_join, allow_mod.",
    )
}

/// `missing_permissions`: `permissions` is not an array.
pub(super) fn permissions_not_an_array(value: &Value) -> Finding {
    Finding::new(
        FindingCode::MissingPermissions,
        "permissions is not an array",
        format!(
            "permissions is {}, not an array: write it as [\"allow_join\"].",
            short(&value.to_string())
        ),
    )
}

/// `unknown_permission`: `near` is a valid permission one of the unknown
/// values becomes once trimmed and lower-cased.
pub(super) fn unknown_permission(unknown: &[&Value], near: Option<Permission>) -> Finding {
    let shown = shown_values(unknown);
    let hint = near
        .map(|p| format!(" (did you mean {p}? values are case-sensitive)"))
        .unwrap_or_default();
    Finding::new(
        FindingCode::UnknownPermission,
        format!("Unknown permission {shown}"),
        format!(
            "Unknown permission {shown}{hint}: the valid ones are allow_join, ask_join, allow_mod."
        ),
    )
}

/// `ask_join_conflict`.
pub(super) fn ask_join_conflict() -> Finding {
    Finding::new(
        FindingCode::AskJoinConflict,
        "ask_join combined with allow_join/allow_mod (4008)",
        "ask_join is combined with allow_join or allow_mod: VideoSDK refuses this with 4008 INVALID_PERMISSIONS; keep ask_join alone, or drop it.",
    )
}

/// `needs_version_2`: `used` are the v2 limits present (at least one).
pub(super) fn needs_version_2(used: &[&str]) -> Finding {
    let (verb, it) = if used.len() == 1 {
        ("is used", "it")
    } else {
        ("are used", "them")
    };
    Finding::new(
        FindingCode::NeedsVersion2,
        format!("{} without version: 2", used.join(", ")),
        format!(
            "{} {verb} without version: 2. VideoSDK's docs ask for version 2 with {it}, and without it the limit may not be enforced (the token may work in any room or for anyone); add \"version\": 2.",
            used.join(", ")
        ),
    )
}

/// `roles_without_version`: `roles` without `version`, as VideoSDK's
/// dashboard issues tokens.
pub(super) fn roles_without_version() -> Finding {
    Finding::new(
        FindingCode::RolesWithoutVersion,
        "roles without version (the dashboard's form)",
        "roles without version: this is the form VideoSDK's dashboard issues ({apikey, permissions, roles, iat, exp}, since about October 2025), and such tokens work; nothing to fix.",
    )
}

/// `bad_version`: `version` is present and is not the number 2. The
/// string "2" is a warning (VideoSDK's .NET sample sends it, and what
/// VideoSDK makes of it is not known for certain); anything else an error.
pub(super) fn bad_version(value: &Value) -> Finding {
    let shown = short(&value.to_string());
    if value.as_str() == Some("2") {
        return Finding::new(
            FindingCode::BadVersion,
            "version is the string \"2\": write the number 2",
            "version is the string \"2\", not the number 2: VideoSDK's .NET sample sends it so, but whether VideoSDK reads it as version 2 (and enforces roomId/participantId) is not known for certain; write the number 2.",
        );
    }
    Finding::new(
        FindingCode::BadVersion,
        format!("version is {shown}, not 2"),
        format!("version is {shown}: the only valid value is the number 2."),
    )
    .as_error(None)
}

/// `meeting_id_ignored`: `name` (e.g. `meetingId`) holds `shown`;
/// `has_room` if the token also has a `roomId`.
pub(super) fn meeting_id_ignored(name: &str, shown: &str, has_room: bool) -> Finding {
    let advice = if has_room {
        "only roomId limits the room; drop meetingId"
    } else {
        "to limit the token to that room, write it as roomId with \"version\": 2"
    };
    Finding::new(
        FindingCode::MeetingIdIgnored,
        format!("{name} is not read by VideoSDK"),
        format!(
            "{name} {shown} is not a claim VideoSDK reads: it does not limit the token to a meeting. VideoSDK reads roomId, with version 2; {advice}."
        ),
    )
}

/// `signing_option_in_payload`: `name` (e.g. `expiresIn`) holds `shown`;
/// `has_exp` if the token also has an `exp`.
pub(super) fn signing_option_in_payload(name: &str, shown: &str, has_exp: bool) -> Finding {
    let (counts, advice) = match name.to_ascii_lowercase().as_str() {
        "notbefore" | "not_before" => (
            "nbf",
            "pass notBefore in the options (third argument of jwt.sign), not in the payload",
        ),
        "jwtid" => (
            "jti",
            "pass jwtid in the options (third argument of jwt.sign), not in the payload",
        ),
        _ => (
            "exp",
            if has_exp {
                "the token's exp is what counts; drop expiresIn from the payload"
            } else {
                "so this token never expires; pass it as jwt.sign(payload, secret, { expiresIn: \"24h\" })"
            },
        ),
    };
    Finding::new(
        FindingCode::SigningOptionInPayload,
        format!("{name} in the payload is not a claim"),
        format!(
            "{name} {shown} is an option of the signing call, not a claim: nothing reads it in the payload, only {counts} counts; {advice}."
        ),
    )
}

/// `misspelt_claim`: `name` stands for VideoSDK's `meant`, which the
/// token also has (`has_meant`) or not.
pub(super) fn misspelt_claim(name: &str, meant: &str, has_meant: bool) -> Finding {
    let then = if has_meant {
        format!("the token's {meant} is what counts; drop {name}")
    } else {
        format!("rename it to {meant}")
    };
    Finding::new(
        FindingCode::MisspeltClaim,
        format!("{name} is not read by VideoSDK (it reads {meant})"),
        format!(
            "{name} is not a claim VideoSDK reads: it reads {meant}, spelled exactly so; {then}."
        ),
    )
}

/// `misspelt_claim` for a look-alike by script: `name` reads as VideoSDK's
/// `meant` (Cyrillic а for a, Greek Ι for I) but is another name.
pub(super) fn look_alike_claim(name: &str, meant: &str, has_meant: bool) -> Finding {
    let shown = super::shown_name(name);
    let odd = super::odd_characters(name);
    let then = if has_meant {
        format!("the token's real {meant} is what counts; whoever reads {shown} is misled")
    } else {
        format!("VideoSDK sees no {meant} at all; type the name again in plain ASCII")
    };
    Finding::new(
        FindingCode::MisspeltClaim,
        format!("{shown} looks like {meant} but is another name ({odd})"),
        format!(
            "{shown} looks like VideoSDK's {meant} but is a different name: {odd}. VideoSDK reads {meant} only, spelled in ASCII; {then}."
        ),
    )
}

/// `unknown_role`: values of `roles` that are not roles (at least one).
pub(super) fn unknown_role(unknown: &[&Value], lower: Option<&str>) -> Finding {
    let shown = shown_values(unknown);
    let message = match lower {
        Some(role) => format!(
            "Unknown role {shown}: VideoSDK's roles are lower case and compared exactly; write \"{role}\". The valid ones are crawler (REST API only) and rtc (meetings only)."
        ),
        None => format!(
            "Unknown role {shown}: the valid ones are crawler (REST API only) and rtc (meetings only)."
        ),
    };
    Finding::new(
        FindingCode::UnknownRole,
        format!("Unknown role {shown}"),
        message,
    )
}

/// `unknown_role`: `roles` is not an array.
pub(super) fn roles_not_an_array(value: &Value) -> Finding {
    Finding::new(
        FindingCode::UnknownRole,
        "roles is not an array",
        format!(
            "roles is {}, not an array: write it as [\"rtc\"] or [\"crawler\"].",
            short(&value.to_string())
        ),
    )
}

/// `participant_id_whitespace`.
pub(super) fn participant_id_whitespace(id: &str) -> Finding {
    Finding::new(
        FindingCode::ParticipantIdWhitespace,
        "participantId contains whitespace (4004)",
        format!(
            "participantId \"{}\" contains whitespace: VideoSDK answers 4004; use an id without spaces.",
            short(id)
        ),
    )
}

/// `issued_in_future`: `ahead_secs` past now, at local time `at`.
pub(super) fn issued_in_future(ahead_secs: i64, at: &str) -> Finding {
    Finding::new(
        FindingCode::IssuedInFuture,
        "issued in the future",
        format!(
            "Issued {} in the future ({at}): the clock of the machine that made it is probably ahead.",
            span(ahead_secs)
        ),
    )
}

/// `missing_exp`.
pub(super) fn missing_exp() -> Finding {
    Finding::new(
        FindingCode::MissingExp,
        "never expires",
        "No exp claim: the token never expires, so anyone who gets it can use it forever; set an expiry.",
    )
}

/// `long_lived`: the token lives `lifetime_secs`.
pub(super) fn long_lived(lifetime_secs: i64) -> Finding {
    Finding::new(
        FindingCode::LongLived,
        "long-lived",
        format!(
            "Lives {} (over 30 days): if it leaks it stays usable that long; prefer short-lived tokens.",
            span(lifetime_secs)
        ),
    )
}

/// `weak_secret`: the verifying secret is `len` bytes.
pub(super) fn weak_secret(len: usize) -> Finding {
    Finding::new(
        FindingCode::WeakSecret,
        "weak secret",
        format!(
            "Verified with a {len}-byte secret; HS256 secrets should be at least {STRONG_SECRET_BYTES} bytes to resist guessing."
        ),
    )
}

/// `unverified`: `apikey` is the token's API key, if it has one.
pub(super) fn unverified(apikey: Option<&str>) -> Finding {
    Finding::new(
        FindingCode::Unverified,
        "Not verified",
        match apikey {
            Some(key) => format!(
                "Not verified: no secret for API key {}; add its project or give the secret to check the signature.",
                short(key)
            ),
            None => {
                "Not verified: no secret given; give the secret to check the signature.".to_owned()
            }
        },
    )
}

/// `unknown_apikey`: no saved project has the token's API key.
pub(super) fn unknown_apikey(apikey: &str) -> Finding {
    Finding::new(
        FindingCode::UnknownApikey,
        "unknown API key",
        format!(
            "No saved project has API key {}, and no saved secret verifies the token.",
            short(apikey)
        ),
    )
}

/// `input_cleaned`: `actions` say what cleaning did (at least one).
pub(super) fn input_cleaned(actions: &[&str]) -> Finding {
    Finding::new(
        FindingCode::InputCleaned,
        "input cleaned",
        format!("The input was cleaned: {}.", actions.join(", ")),
    )
}

/// JSON values as listed in a sentence: each shortened, comma-separated.
fn shown_values(values: &[&Value]) -> String {
    let shown: Vec<String> = values.iter().map(|v| short(&v.to_string())).collect();
    shown.join(", ")
}
