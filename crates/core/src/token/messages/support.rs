//! The wording of what a support desk asks: whose key signed it, whether the
//! API key was used as the secret, milliseconds for seconds, and whether the
//! token fits the room, participant or call it was used for.

use super::{Finding, FindingCode, KeySource, short, visible};
use crate::token::damaged::Damage;

/// Who a secret belongs to, for a sentence.
fn whose(source: &KeySource) -> String {
    match source {
        KeySource::Project { name } => format!("project {}", visible(name)),
        KeySource::Environment => "VIDEOSDK_SECRET_KEY".to_owned(),
        KeySource::Given => "the given secret".to_owned(),
    }
}

/// `apikey_mismatch`: verified by the secret of `source`, whose API key
/// (`key`) is not the token's (`claimed`); `owner` is the saved project
/// that does hold the claimed key, if any.
pub(in crate::token) fn apikey_mismatch(
    source: &KeySource,
    key: &str,
    claimed: &str,
    owner: Option<&KeySource>,
) -> Finding {
    let signer = whose(source);
    // Shown whole: the difference may be past the first 40 characters.
    let (key_shown, claimed_shown) = (visible(key), visible(claimed));
    let claimed_is = match owner {
        Some(o) => format!("{claimed_shown}, the API key of {}", whose(o)),
        None => claimed_shown.to_string(),
    };
    let message = format!(
        "Signed with the secret of {signer}, whose API key is {key_shown}, but the token's apikey is {claimed_is}: VideoSDK checks the signature with that key's secret and answers 4001. Sign with the secret that belongs to the token's API key, or put {signer}'s API key in the token."
    );
    Finding::new(
        FindingCode::ApikeyMismatch,
        format!("API key and secret are from different projects (signed by {signer})"),
        message,
    )
}

/// `signed_with_api_key`: the HMAC key was an API key (`key`), `whose` it is.
pub(in crate::token) fn signed_with_api_key(key: &str, whose: Option<&KeySource>) -> Finding {
    let which = match whose {
        Some(source) => format!("the API key of {}", self::whose(source)),
        None => "the token's own API key".to_owned(),
    };
    Finding::new(
        FindingCode::SignedWithApiKey,
        "Signed with the API key instead of the secret",
        format!(
            "The token is signed with {which} ({}) where the secret belongs: VideoSDK checks it with the project's secret and answers 4002. Sign with the secret key from the VideoSDK dashboard, not the API key.",
            short(key)
        ),
    )
}

/// `milliseconds_timestamp`: `claim` holds `raw`, which is `meant` (a UTC
/// date) in milliseconds; `effect` says what VideoSDK does with it.
pub(in crate::token) fn milliseconds_timestamp(claim: &str, raw: i64, meant: &str) -> Finding {
    let (summary, effect) = match claim {
        "exp" => (
            "exp is in milliseconds: the token never expires",
            "VideoSDK reads seconds, so it never expires; a leaked token works for ever",
        ),
        "nbf" => (
            "nbf is in milliseconds: the token is never valid (4002)",
            "VideoSDK reads seconds, so the token is not valid before the year 50 000 and is refused (4002)",
        ),
        _ => (
            "iat is in milliseconds",
            "VideoSDK reads seconds, so the token claims to be issued tens of thousands of years from now",
        ),
    };
    let finding = Finding::new(
        FindingCode::MillisecondsTimestamp,
        summary,
        format!(
            "{claim} {raw} is in milliseconds (JavaScript's Date.now()), meant as {meant}: {effect}. Divide by 1000: Math.floor(Date.now() / 1000)."
        ),
    );
    if claim == "nbf" {
        finding.as_error(Some(4002))
    } else {
        finding
    }
}

/// `room_mismatch`: the token is limited to `token_room`, used for `room`.
pub(in crate::token) fn room_mismatch(token_room: &str, room: &str) -> Finding {
    Finding::new(
        FindingCode::RoomMismatch,
        format!("Not valid for room {} (4022)", short(room)),
        format!(
            "The token is limited to room {} (roomId), but it was used for room {}: VideoSDK answers 4022 UNAUTHORIZED_MEETING_ID. Make a token for that room, or one without roomId.",
            short(token_room),
            short(room)
        ),
    )
}

/// `participant_mismatch`: limited to `token_id`, used by `id`.
pub(in crate::token) fn participant_mismatch(token_id: &str, id: &str) -> Finding {
    Finding::new(
        FindingCode::ParticipantMismatch,
        format!("Not valid for participant {} (4023)", short(id)),
        format!(
            "The token is limited to participant {} (participantId), but participant {} joined with it: VideoSDK answers 4023 UNAUTHORIZED_PARTICIPANT_ID. Join with that participantId, or make a token for this one.",
            short(token_id),
            short(id)
        ),
    )
}

/// `role_not_allowed`: `roles` (as written) do not include `rtc`.
pub(in crate::token) fn role_not_allowed(roles: &str) -> Finding {
    Finding::new(
        FindingCode::RoleNotAllowed,
        "Roles do not allow joining a meeting (4024)",
        format!(
            "The token's roles {roles} do not include rtc, so it cannot join a meeting: VideoSDK answers 4024 UNAUTHORIZED_ROLE. Add the rtc role, or leave roles out (a token without roles works for both)."
        ),
    )
}

/// `not_for_api`: `roles` (as written) do not include `crawler`.
pub(in crate::token) fn not_for_api(roles: &str) -> Finding {
    Finding::new(
        FindingCode::NotForApi,
        "Meeting-only token used for the REST API (401)",
        format!(
            "The token's roles {roles} do not include crawler, so the REST API refuses it with 401 \"Token is invalid or expired\". Add the crawler role, or leave roles out (a token without roles works for both)."
        ),
    )
}

/// `more_tokens`: `more` further tokens were in the paste.
pub(in crate::token) fn more_tokens(more: usize) -> Finding {
    let (n, them) = if more == 1 {
        ("1 more token".to_owned(), "it")
    } else {
        (format!("{more} more tokens"), "them")
    };
    Finding::new(
        FindingCode::MoreTokens,
        format!("{n} in the paste"),
        format!(
            "The paste holds {n} after this one; this report is about the first. Inspect {them} with `inspect --all`, or pick one in the window's list."
        ),
    )
}

/// `damaged_secret`: a damaged copy (`damage`) of the secret of `source`
/// (`len` bytes; the copy is `copy_len`) verifies the token. For a
/// placeholder text, `source` is the project whose API key the token has.
pub(in crate::token) fn damaged_secret(
    source: Option<&KeySource>,
    damage: &Damage,
    len: usize,
    copy_len: usize,
) -> Finding {
    let owner = source.map(whose);
    let secret = match &owner {
        Some(o) if o.starts_with("project ") => format!("{o}'s secret"),
        Some(o) if o == "VIDEOSDK_SECRET_KEY" => "the secret in VIDEOSDK_SECRET_KEY".to_owned(),
        Some(_) => "the given secret".to_owned(),
        None => "the secret".to_owned(),
    };
    let (what, why) = match damage {
        Damage::Doubled => (
            format!("written twice ({copy_len} characters instead of {len})"),
            "the server's copy of the secret is duplicated (pasted twice, or two values joined)",
        ),
        Damage::Quoted(q) => (
            format!("with its quotes {q}…{q} ({copy_len} characters instead of {len})"),
            "the quotes around the value in a .env or config file became part of the secret; remove them",
        ),
        Damage::Whitespace(ws, before) => (
            format!(
                "with a {} {} ({copy_len} characters instead of {len})",
                if *before { "leading" } else { "trailing" },
                match *ws {
                    "\n" => "line break (\\n)",
                    "\r\n" => "Windows line break (\\r\\n)",
                    _ => "space",
                }
            ),
            "the server read the secret with the whitespace around it (echo, a file, a copied line); trim it",
        ),
        Damage::CaseChanged(upper) => (
            if *upper { "upper-cased" } else { "lower-cased" }.to_owned(),
            "the secret is case-sensitive: the server's copy changed its case; copy it again exactly",
        ),
        Damage::Truncated(cut) => (
            format!("cut to {cut} characters (of {len})"),
            "the server's copy of the secret is cut short (a field or column too short, a partial copy); copy the whole secret",
        ),
        Damage::HexDecoded => (
            format!("decoded from hex ({copy_len} bytes instead of the {len}-character text)"),
            "the server's JWT library was told the secret is hex; VideoSDK uses the secret's text as it is: pass it as a plain string",
        ),
        Damage::Base64Decoded => (
            format!("decoded from base64 ({copy_len} bytes instead of the {len}-character text)"),
            "the server's JWT library was told the secret is base64 (e.g. jjwt's Decoders.BASE64, a secret encoding option); VideoSDK uses the secret's text as it is: pass it as a plain string",
        ),
        Damage::Base64Encoded => (
            format!("base64-encoded ({copy_len} characters instead of {len})"),
            "the server encodes the secret as base64 before signing; sign with the secret's text as it is",
        ),
        Damage::Placeholder(text) => {
            let shown = if text.is_empty() {
                "an empty secret".to_owned()
            } else {
                format!("the text \"{text}\" as the secret")
            };
            let summary = format!("Signed with {shown}, not a real secret (4002)");
            let whose_token = owner
                .map(|o| format!(" (the token is for {o})"))
                .unwrap_or_default();
            let message = format!(
                "Signed with {shown}{whose_token}: the server's secret variable is not set (an unset environment variable reads as undefined, None or empty) or still holds an example value. VideoSDK answers 4002 INVALID_TOKEN; set the secret from the VideoSDK dashboard on the server."
            );
            let mut f = Finding::new(FindingCode::DamagedSecret, summary, message);
            f.variant = Some(damage.variant());
            return f;
        }
    };
    let summary = format!("Signed with a damaged copy of {secret}: {what} (4002)");
    let message = format!(
        "Signed with {secret} {what}: {why}. VideoSDK checks the signature with the real secret and answers 4002 INVALID_TOKEN."
    );
    let mut f = Finding::new(FindingCode::DamagedSecret, summary, message);
    f.variant = Some(damage.variant());
    f
}
