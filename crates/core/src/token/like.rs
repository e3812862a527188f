//! "Make a fresh token like this": what to copy from a decoded token so
//! that a new one has the same claims and the same lifetime, with new
//! `iat`, `exp` and `jti`.

use serde_json::{Map, Value};

use super::claims::{Permission, REGISTERED_CLAIMS, Role, VIDEOSDK_CLAIMS};
use super::decode::numeric_date;
use super::inspect::{Report, Signature};
use super::messages::short;
use super::time::{MAX_LIFETIME_SECS, millis_meant};

/// Claims a fresh token sets itself, or that the generator writes from
/// the fields of [`Like`]; everything else is a custom claim, copied.
fn is_own(claim: &str) -> bool {
    VIDEOSDK_CLAIMS.contains(&claim) || REGISTERED_CLAIMS.contains(&claim)
}

/// What a fresh token copies from an old one.
#[derive(Debug, Clone, PartialEq)]
pub struct Like {
    /// The `apikey`: the project to sign with is the one that holds it.
    pub api_key: String,
    /// The permissions.
    pub permissions: Vec<Permission>,
    /// v2 `roomId`.
    pub room_id: Option<String>,
    /// v2 `participantId`.
    pub participant_id: Option<String>,
    /// v2 roles.
    pub roles: Vec<Role>,
    /// `exp - iat` in seconds (milliseconds read as such); `None` when the
    /// token has no `exp` or no `iat` to measure it by.
    pub lifetime: Option<i64>,
    /// Custom claims, in token order.
    pub extra: Map<String, Value>,
}

/// Why no fresh token can be made like this one: each names the claim.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LikeError {
    /// No usable `apikey`.
    #[error("the token has no apikey to make a token for")]
    NoApiKey,
    /// A permission or role VideoSDK does not know.
    #[error(
        "the token's {claim} has {value}, which VideoSDK does not know; fix it in the form instead"
    )]
    Unknown {
        /// `permissions` or `roles`.
        claim: &'static str,
        /// The value, shortened and made visible.
        value: String,
    },
    /// A `roomId` or `participantId` that is not a string: copying it
    /// would drop the limit without a word.
    #[error(
        "the token's {claim} is {value}, not a string: VideoSDK cannot match it, and leaving it out would drop the limit; give it yourself (--{flag}, or in the form)"
    )]
    NotAString {
        /// `roomId` or `participantId`.
        claim: &'static str,
        /// The value, shortened and made visible.
        value: String,
        /// The flag that sets it (`room-id`, `participant-id`).
        flag: &'static str,
    },
    /// No known secret verifies the token: a fresh one like it would turn
    /// unchecked (perhaps forged) claims into a valid, signed token.
    #[error(
        "the token is not verified by any secret known here ({0}), and a fresh token like it would sign claims nobody checked (a forged token would become a real one); type the claims yourself (generate --permission, --room-id…, or the form), or give the secret that signed it (--secret-stdin, or save its project) and try again"
    )]
    Untrusted(String),
    /// `exp` before `iat`, or longer than any lifetime the generator makes.
    #[error(
        "the token's lifetime (exp - iat = {0} s) cannot be copied: it is negative or longer than 10 years"
    )]
    Lifetime(i64),
}

/// What to copy from an inspected token, if a known secret verified it:
/// only then are its claims ours to copy (see [`LikeError::Untrusted`]).
pub fn like_verified(report: &Report) -> Result<Like, LikeError> {
    let why = match &report.signature {
        Signature::Verified(_) => None,
        Signature::Mismatch | Signature::Unsupported | Signature::NotChecked => Some(
            report
                .findings
                .first()
                .map_or_else(|| report.verdict.clone(), |f| f.summary.clone()),
        ),
        Signature::Unverified => Some(match report.claims.as_ref().and_then(|c| c.get("apikey")) {
            Some(Value::String(k)) => {
                format!("no saved project or secret for API key {}", short(k))
            }
            _ => "no secret given".to_owned(),
        }),
    };
    if let Some(why) = why {
        return Err(LikeError::Untrusted(why));
    }
    let claims = report
        .claims
        .as_ref()
        .ok_or_else(|| LikeError::Untrusted(report.verdict.clone()))?;
    like(claims)
}

/// What to copy from `claims` (a decoded payload), whoever signed it:
/// callers that mint a token from it use [`like_verified`].
pub fn like(claims: &Map<String, Value>) -> Result<Like, LikeError> {
    let api_key = match claims.get("apikey") {
        Some(Value::String(k)) if !k.trim().is_empty() => k.clone(),
        _ => return Err(LikeError::NoApiKey),
    };
    let permissions = parse_all(claims, "permissions", Permission::parse)?;
    let roles = parse_all(claims, "roles", Role::parse)?;
    let text = |claim: &'static str, flag: &'static str| match claims.get(claim) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(LikeError::NotAString {
            claim,
            value: short(&other.to_string()),
            flag,
        }),
    };
    let extra = claims
        .iter()
        .filter(|(k, _)| !is_own(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    Ok(Like {
        api_key,
        permissions,
        room_id: text("roomId", "room-id")?,
        participant_id: text("participantId", "participant-id")?,
        roles,
        lifetime: lifetime(claims)?,
        extra,
    })
}

/// Every value of an array claim, parsed; an unknown one is an error.
fn parse_all<T>(
    claims: &Map<String, Value>,
    claim: &'static str,
    parse: fn(&str) -> Option<T>,
) -> Result<Vec<T>, LikeError> {
    let Some(value) = claims.get(claim) else {
        return Ok(Vec::new());
    };
    let unknown = || LikeError::Unknown {
        claim,
        value: short(&value.to_string()),
    };
    let Value::Array(items) = value else {
        return Err(unknown());
    };
    items
        .iter()
        .map(|v| v.as_str().and_then(parse).ok_or_else(unknown))
        .collect()
}

/// `exp - iat`, reading milliseconds as such.
fn lifetime(claims: &Map<String, Value>) -> Result<Option<i64>, LikeError> {
    let secs = |name: &str| {
        let v = numeric_date(claims.get(name)?)?;
        Some(if millis_meant(v).is_some() {
            v / 1000
        } else {
            v
        })
    };
    let (Some(iat), Some(exp)) = (secs("iat"), secs("exp")) else {
        return Ok(None);
    };
    let lives = exp.saturating_sub(iat);
    if lives <= 0 || lives > MAX_LIFETIME_SECS {
        return Err(LikeError::Lifetime(lives));
    }
    Ok(Some(lives))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[allow(clippy::needless_pass_by_value)] // tests read better with json!(…) inline
    fn of(v: Value) -> Result<Like, LikeError> {
        like(v.as_object().unwrap())
    }

    #[test]
    fn claims_lifetime_and_custom_claims_are_copied() {
        let l = of(
            json!({"apikey": "k", "permissions": ["allow_join", "allow_mod"],
            "version": 2, "roomId": "r", "participantId": "p", "roles": ["rtc"],
            "iat": 1000, "exp": 8200, "jti": "old", "team": {"id": 7}, "nbf": 900}),
        )
        .unwrap();
        assert_eq!(l.api_key, "k");
        assert_eq!(l.permissions, [Permission::AllowJoin, Permission::AllowMod]);
        assert_eq!(
            (l.room_id.as_deref(), l.participant_id.as_deref()),
            (Some("r"), Some("p"))
        );
        assert_eq!(l.roles, [Role::Rtc]);
        assert_eq!(l.lifetime, Some(7200));
        assert_eq!(Value::Object(l.extra), json!({"team": {"id": 7}}));
        // Milliseconds (Date.now()) are read as what they meant.
        let ms =
            of(json!({"apikey": "k", "iat": 1_795_860_000_000_i64, "exp": 1_795_863_600_000_i64}));
        assert_eq!(ms.unwrap().lifetime, Some(3600));
        assert_eq!(of(json!({"apikey": "k", "exp": 5})).unwrap().lifetime, None);
    }

    #[test]
    fn what_cannot_be_copied_is_named() {
        assert_eq!(of(json!({"permissions": []})), Err(LikeError::NoApiKey));
        assert_eq!(of(json!({"apikey": " "})), Err(LikeError::NoApiKey));
        let e = of(json!({"apikey": "k", "roles": ["CRAWLER"]})).unwrap_err();
        assert!(e.to_string().contains("roles has [\"CRAWLER\"]"), "{e}");
        let e = of(json!({"apikey": "k", "permissions": "allow_join"})).unwrap_err();
        assert!(e.to_string().contains("permissions"), "{e}");
        let e = of(json!({"apikey": "k", "version": 2, "roomId": 12345})).unwrap_err();
        assert!(
            matches!(
                e,
                LikeError::NotAString {
                    claim: "roomId",
                    ..
                }
            ),
            "{e}"
        );
        assert!(e.to_string().contains("12345, not a string"), "{e}");
        let e = of(json!({"apikey": "k", "participantId": ["a"]})).unwrap_err();
        assert!(e.to_string().contains("--participant-id"), "{e}");
        assert_eq!(
            of(json!({"apikey": "k", "iat": 10, "exp": 5})),
            Err(LikeError::Lifetime(-5))
        );
    }
}
