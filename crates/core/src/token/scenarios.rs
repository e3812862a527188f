//! Failure scenarios for QA: one token per way VideoSDK refuses a token,
//! each broken on purpose in exactly one way, labelled with the finding the
//! inspector must give it and the VideoSDK error a client would see.
//!
//! [`generate`](super::generate) refuses every invalid mix, so these tokens
//! are signed here, by a small signer of their own that writes any header
//! and payload. Everything else about each token is what a good token has
//! (the project's `apikey`, `allow_join`, issued now, valid for 24 h), so the
//! intended failure is the first finding. Some scenarios fail only in a
//! context (a room, a participant, a meeting or the REST API): that context
//! comes with the scenario.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::Mac as _;
use jiff::Timestamp;
use serde_json::{Map, Value, json};

use super::findings::FindingCode;
use super::generate::HEADER_JSON;
use super::inspect::{Purpose, Usage};
use super::secret::SecretKey;

/// The header of the unsigned scenario.
const NONE_HEADER_JSON: &str = r#"{"alg":"none","typ":"JWT"}"#;
/// What scenario tokens are valid for, unless the scenario is about time.
const LIFETIME_SECS: i64 = 86_400;
/// The secret of the "wrong secret" scenario (and its fallback, should a
/// project really use the first one).
const WRONG_SECRETS: [&str; 2] = [
    "this-is-not-the-project-secret-0000000",
    "this-is-not-the-project-secret-1111111",
];
/// The room, participant and the other ones the context-bound scenarios use.
const ROOM: &str = "qa-room-1";
const OTHER_ROOM: &str = "qa-room-2";
const PARTICIPANT: &str = "qa-1";
const OTHER_PARTICIPANT: &str = "qa-2";

/// Every scenario's name, in the order [`scenarios`] lists them. The names
/// are stable: scripts and tests select scenarios by them.
pub const SCENARIO_NAMES: [&str; 16] = [
    "expired",
    "not-yet-valid",
    "milliseconds-nbf",
    "wrong-secret",
    "signed-with-api-key",
    "alg-none",
    "missing-apikey",
    "other-project-key",
    "ask-join-with-allow-join",
    "no-permissions",
    "unknown-permission",
    "whitespace-participant",
    "wrong-room",
    "wrong-participant",
    "crawler-joins-meeting",
    "meeting-only-for-api",
];

/// A project to make scenario tokens for: its name, API key and secret.
#[derive(Clone, Copy)]
pub struct ScenarioProject<'a> {
    /// How descriptions name it, e.g. `project staging`.
    pub name: &'a str,
    /// Its API key (the `apikey` claim).
    pub api_key: &'a str,
    /// Its secret.
    pub secret: &'a SecretKey,
}

impl std::fmt::Debug for ScenarioProject<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScenarioProject")
            .field("name", &self.name)
            .field("api_key", &self.api_key)
            .field("secret", &"<redacted>")
            .finish()
    }
}

impl ScenarioProject<'_> {
    /// True if `other` can play the other project of `other-project-key`:
    /// another API key and another secret (with the same key or secret the
    /// token would simply be valid).
    pub fn can_pair_with(&self, other: &ScenarioProject<'_>) -> bool {
        self.api_key != other.api_key && self.secret.expose() != other.secret.expose()
    }
}

/// One token broken on purpose, and what inspecting it must say.
#[derive(Clone, PartialEq, Eq)]
pub struct Scenario {
    /// Stable kebab-case name, e.g. `wrong-room`.
    pub name: &'static str,
    /// What is wrong with the token, in a sentence.
    pub description: String,
    /// The VideoSDK error a client gets, if VideoSDK answers with a code.
    pub videosdk_error: Option<u16>,
    /// VideoSDK's name for that error, e.g. `INVALID_TOKEN`.
    pub videosdk_error_name: Option<&'static str>,
    /// The finding the inspector must put first.
    pub finding: FindingCode,
    /// What the token must be used for to fail; empty when it fails anywhere.
    pub context: Usage,
    /// The token. It is a live token (most are signed with the project's
    /// real secret): never logged, and redacted from `Debug`.
    pub token: String,
}

impl Scenario {
    /// True if the token fails only when used as [`Scenario::context`] says.
    pub fn needs_context(&self) -> bool {
        !self.context.is_empty()
    }
}

impl std::fmt::Debug for Scenario {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scenario")
            .field("name", &self.name)
            .field("finding", &self.finding)
            .field("videosdk_error", &self.videosdk_error)
            .field("context", &self.context)
            .field("token", &"<redacted>")
            .finish_non_exhaustive()
    }
}

/// How a scenario token is signed.
enum Signing<'a> {
    /// HS256 with the project's secret, as a good token is.
    Own,
    /// HS256 with this key.
    Hs256(&'a SecretKey),
    /// `alg: none`, empty signature.
    Unsigned,
}

/// `header.payload.signature`, whatever the payload holds.
fn sign(payload: &Map<String, Value>, key: Option<&SecretKey>) -> String {
    let header = match key {
        Some(_) => HEADER_JSON,
        None => NONE_HEADER_JSON,
    };
    // Writing a `Value` cannot fail.
    let body = Value::Object(payload.clone()).to_string();
    let mut token = URL_SAFE_NO_PAD.encode(header);
    token.push('.');
    URL_SAFE_NO_PAD.encode_string(body, &mut token);
    // The signature covers `header.payload`; `none` has an empty one.
    let signature = key.map(|key| {
        let mut mac = key.hmac();
        mac.update(token.as_bytes());
        mac.finalize().into_bytes()
    });
    token.push('.');
    if let Some(signature) = signature {
        URL_SAFE_NO_PAD.encode_string(signature, &mut token);
    }
    token
}

/// The claims of a good token: the project's key, `allow_join`, issued
/// now, valid for 24 h.
fn good_claims(api_key: &str, name: &str, now: i64) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("apikey".into(), json!(api_key));
    m.insert("permissions".into(), json!(["allow_join"]));
    m.insert("iat".into(), json!(now));
    m.insert("exp".into(), json!(now + LIFETIME_SECS));
    m.insert("jti".into(), json!(format!("scenario-{name}-{now}")));
    m
}

/// What makes one scenario: name, finding, description, how its claims
/// differ from a good token's, how it is signed, and its context.
struct Recipe<'a> {
    name: &'static str,
    finding: FindingCode,
    videosdk_error: Option<u16>,
    description: String,
    changes: Value,
    signing: Signing<'a>,
    context: Usage,
}

impl Recipe<'_> {
    fn new(name: &'static str, finding: FindingCode, description: impl Into<String>) -> Self {
        Self {
            name,
            finding,
            videosdk_error: finding.videosdk_error(),
            description: description.into(),
            changes: json!({}),
            signing: Signing::Own,
            context: Usage::default(),
        }
    }
}

fn used(room: Option<&str>, participant: Option<&str>, purpose: Option<Purpose>) -> Usage {
    Usage {
        room_id: room.map(Into::into),
        participant_id: participant.map(Into::into),
        purpose,
    }
}

/// One token per way VideoSDK refuses a token, for `project`. With `other`
/// (another project that [can pair](ScenarioProject::can_pair_with)), also
/// `other-project-key`: `project`'s API key signed with `other`'s secret;
/// without it that scenario is left out, and the caller says why.
pub fn scenarios(
    project: &ScenarioProject<'_>,
    other: Option<&ScenarioProject<'_>>,
    now: Timestamp,
) -> Vec<Scenario> {
    let now = now.as_second();
    let wrong = wrong_secret(project, other);
    let as_secret = SecretKey::from_bytes(project.api_key.as_bytes().to_vec()).ok();
    let mut recipes = Vec::new();
    recipes.extend(time_recipes(now));
    if let Some(key) = &wrong {
        recipes.push(Recipe {
            signing: Signing::Hs256(key),
            ..Recipe::new(
                "wrong-secret",
                FindingCode::SignatureMismatch,
                "Signed with some other secret than the project's",
            )
        });
    }
    if let Some(key) = &as_secret {
        recipes.push(Recipe {
            signing: Signing::Hs256(key),
            ..Recipe::new(
                "signed-with-api-key",
                FindingCode::SignedWithApiKey,
                "Signed with the API key instead of the secret (a common mix-up)",
            )
        });
    }
    recipes.push(Recipe {
        signing: Signing::Unsigned,
        ..Recipe::new(
            "alg-none",
            FindingCode::AlgNone,
            "Not signed at all: alg is none and the signature is empty",
        )
    });
    recipes.push(Recipe {
        changes: json!({"apikey": null}),
        ..Recipe::new(
            "missing-apikey",
            FindingCode::MissingApikey,
            "No apikey claim",
        )
    });
    if let Some(o) = other.filter(|o| project.can_pair_with(o)) {
        recipes.push(Recipe {
            signing: Signing::Hs256(o.secret),
            ..Recipe::new(
                "other-project-key",
                FindingCode::ApikeyMismatch,
                format!(
                    "API key of {}, signed with the secret of {}: key and secret from different projects",
                    project.name, o.name
                ),
            )
        });
    }
    recipes.extend(claim_recipes());
    recipes.extend(context_recipes());
    recipes.into_iter().map(|r| make(r, project, now)).collect()
}

/// A secret that is neither the project's nor the other's.
fn wrong_secret(p: &ScenarioProject<'_>, other: Option<&ScenarioProject<'_>>) -> Option<SecretKey> {
    let taken = |s: &str| {
        p.secret.expose() == s.as_bytes()
            || other.is_some_and(|o| o.secret.expose() == s.as_bytes())
    };
    WRONG_SECRETS
        .into_iter()
        .find(|s| !taken(s))
        .and_then(|s| SecretKey::from_bytes(s.as_bytes().to_vec()).ok())
}

fn time_recipes<'a>(now: i64) -> [Recipe<'a>; 3] {
    [
        Recipe {
            changes: json!({"iat": now - LIFETIME_SECS - 3600, "exp": now - 3600}),
            ..Recipe::new("expired", FindingCode::Expired, "Expired an hour ago")
        },
        Recipe {
            changes: json!({"nbf": now + 3600}),
            ..Recipe::new(
                "not-yet-valid",
                FindingCode::NotYetValid,
                "Not valid before an hour from now (nbf)",
            )
        },
        Recipe {
            changes: json!({"nbf": (now - 60) * 1000}),
            videosdk_error: Some(4002),
            ..Recipe::new(
                "milliseconds-nbf",
                FindingCode::MillisecondsTimestamp,
                "nbf in milliseconds (Date.now()): read as seconds it is never reached",
            )
        },
    ]
}

/// (No "roomId without version 2" scenario: VideoSDK's docs ask for
/// version 2, but whether such a token is refused, or its room limit just
/// ignored, is not known; QA must never be told a token that may work will
/// fail. `inspect` gives it the `needs_version_2` warning.)
fn claim_recipes<'a>() -> [Recipe<'a>; 4] {
    [
        Recipe {
            changes: json!({"permissions": ["ask_join", "allow_join"]}),
            ..Recipe::new(
                "ask-join-with-allow-join",
                FindingCode::AskJoinConflict,
                "ask_join together with allow_join",
            )
        },
        Recipe {
            changes: json!({"permissions": null}),
            ..Recipe::new(
                "no-permissions",
                FindingCode::MissingPermissions,
                "No permissions claim",
            )
        },
        Recipe {
            changes: json!({"permissions": ["allow_join", "allow_chat"]}),
            ..Recipe::new(
                "unknown-permission",
                FindingCode::UnknownPermission,
                "A permission VideoSDK does not know: allow_chat",
            )
        },
        Recipe {
            changes: json!({"version": 2, "participantId": "qa tester"}),
            ..Recipe::new(
                "whitespace-participant",
                FindingCode::ParticipantIdWhitespace,
                "participantId with a space in it: \"qa tester\"",
            )
        },
    ]
}

fn context_recipes<'a>() -> [Recipe<'a>; 4] {
    [
        Recipe {
            changes: json!({"version": 2, "roomId": ROOM}),
            context: used(Some(OTHER_ROOM), None, None),
            ..Recipe::new(
                "wrong-room",
                FindingCode::RoomMismatch,
                format!("Limited to room {ROOM}, used to join room {OTHER_ROOM}"),
            )
        },
        Recipe {
            changes: json!({"version": 2, "participantId": PARTICIPANT}),
            context: used(None, Some(OTHER_PARTICIPANT), None),
            ..Recipe::new(
                "wrong-participant",
                FindingCode::ParticipantMismatch,
                format!("Limited to participant {PARTICIPANT}, used by {OTHER_PARTICIPANT}"),
            )
        },
        Recipe {
            changes: json!({"version": 2, "roles": ["crawler"]}),
            context: used(None, None, Some(Purpose::Join)),
            ..Recipe::new(
                "crawler-joins-meeting",
                FindingCode::RoleNotAllowed,
                "Role crawler (REST API only), used to join a meeting",
            )
        },
        Recipe {
            changes: json!({"version": 2, "roles": ["rtc"]}),
            context: used(None, None, Some(Purpose::Api)),
            ..Recipe::new(
                "meeting-only-for-api",
                FindingCode::NotForApi,
                "Role rtc (meetings only), used to call the REST API (HTTP 401)",
            )
        },
    ]
}

/// Signs a recipe: a good token's claims with its changes (`null` removes).
fn make(r: Recipe<'_>, project: &ScenarioProject<'_>, now: i64) -> Scenario {
    let mut claims = good_claims(project.api_key, r.name, now);
    if let Value::Object(changes) = r.changes {
        for (k, v) in changes {
            if v.is_null() {
                claims.shift_remove(&k);
            } else {
                claims.insert(k, v);
            }
        }
    }
    Scenario {
        name: r.name,
        description: r.description,
        videosdk_error: r.videosdk_error,
        videosdk_error_name: r.videosdk_error.and_then(super::videosdk::error_name),
        finding: r.finding,
        context: r.context,
        token: sign(
            &claims,
            match r.signing {
                Signing::Own => Some(project.secret),
                Signing::Hs256(key) => Some(key),
                Signing::Unsigned => None,
            },
        ),
    }
}

#[cfg(test)]
mod tests;
