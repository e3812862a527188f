//! Making VideoSDK tokens: HS256 over `{apikey, permissions, [version,
//! roomId, participantId, roles], iat, exp, jti}`, the claims VideoSDK's
//! documented Node example produces.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::Mac;
use jiff::Timestamp;

use serde_json::{Map, Value};

use super::claims::{Permission, Role, permissions_conflict};
use super::extra::check_extra_claims;
use super::payload::{Claims, extra_fragment};
pub(crate) use super::secret::HmacSha256;
use super::secret::SecretKey;
use super::time::{Expiry, ExpiryError, check_lifetime};
use super::visible::{describe, invisible_chars, visible};

/// The header of every token we make, byte for byte.
pub const HEADER_JSON: &str = r#"{"alg":"HS256","typ":"JWT"}"#;

/// What the user asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRequest {
    /// The project's API key (the `apikey` claim).
    pub api_key: String,
    /// At least one; `ask_join` alone or `allow_join`/`allow_mod` in any mix.
    pub permissions: Vec<Permission>,
    /// Lifetime or absolute expiry.
    pub expiry: Expiry,
    /// v2: limit to one room.
    pub room_id: Option<String>,
    /// v2: limit to one participant. In batches, `{n}` is replaced by 1, 2, 3…
    pub participant_id: Option<String>,
    /// v2: `crawler` and/or `rtc`.
    pub roles: Vec<Role>,
    /// Custom claims, written after VideoSDK's (see [`check_extra_claims`]).
    pub extra_claims: Map<String, Value>,
}

impl Default for TokenRequest {
    /// VideoSDK's documented example: `allow_join`, 24 h, no v2 claims.
    fn default() -> Self {
        Self {
            api_key: String::new(),
            permissions: vec![Permission::AllowJoin],
            expiry: Expiry::default(),
            room_id: None,
            participant_id: None,
            roles: Vec::new(),
            extra_claims: Map::new(),
        }
    }
}

impl TokenRequest {
    /// True when the token will carry `version: 2` (any v2 claim is used).
    pub fn is_v2(&self) -> bool {
        self.room_id.is_some() || self.participant_id.is_some() || !self.roles.is_empty()
    }
}

/// Why a token was not signed. Every message says what to change.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GenerateError {
    /// No API key.
    #[error("the API key is empty: give the project's API key from the VideoSDK dashboard")]
    EmptyApiKey,
    /// API key with spaces or line breaks (a copy-paste accident).
    #[error("the API key contains whitespace: copy it again from the VideoSDK dashboard")]
    ApiKeyWhitespace,
    /// No permission ticked.
    #[error("no permission chosen: pick at least one of allow_join, ask_join, allow_mod")]
    NoPermission,
    /// `ask_join` mixed with `allow_join`/`allow_mod`.
    #[error(
        "ask_join cannot be combined with allow_join or allow_mod: VideoSDK refuses such a token (4008 INVALID_PERMISSIONS); keep ask_join alone, or drop it"
    )]
    AskJoinConflict,
    /// A permission string that is not one of the three.
    #[error("unknown permission '{0}': the valid ones are allow_join, ask_join, allow_mod")]
    UnknownPermission(String),
    /// A role string that is not one of the two.
    #[error(
        "unknown role '{0}': the valid ones are crawler (REST API only) and rtc (meetings only)"
    )]
    UnknownRole(String),
    /// `participantId` with whitespace.
    #[error(
        "participantId '{0}' contains whitespace: VideoSDK refuses it (4004); use letters, digits, '-' or '_'"
    )]
    ParticipantIdWhitespace(String),
    /// `--room-id ""`.
    #[error("roomId is empty: give a room id, or leave it out")]
    EmptyRoomId,
    /// `--participant-id ""`.
    #[error("participantId is empty: give a participant id, or leave it out")]
    EmptyParticipantId,
    /// A field far longer than VideoSDK ever uses.
    #[error(
        "{field} is {bytes} bytes, more than the {limit} allowed: VideoSDK ids and keys are short; check what was pasted"
    )]
    TooLong {
        /// Which claim.
        field: &'static str,
        /// Its length.
        bytes: usize,
        /// The limit.
        limit: usize,
    },
    /// A control, bidi or invisible character (a pasted escape, line
    /// break, zero-width space, text-direction override, blank letter) in
    /// the API key or an id: the same classification `inspect` uses.
    #[error(
        "{field} contains {chars}: VideoSDK matches {field} exactly, so it would never match what a person types or sees (inspect calls such a token invalid); type it again by hand"
    )]
    HiddenCharacter {
        /// Which claim.
        field: &'static str,
        /// The characters, described (`U+200B ZERO WIDTH SPACE`).
        chars: String,
    },
    /// The expiry is unusable.
    #[error(transparent)]
    Expiry(#[from] ExpiryError),
    /// A custom claim that would override or shadow a VideoSDK claim.
    #[error(
        "custom claim '{}' {} VideoSDK's '{claim}' claim{}, which this tool sets: {hint}",
        super::shown_name(.name),
        if .name == .claim { "would override" } else { "looks like" },
        odd_part(.name)
    )]
    ReservedClaim {
        /// The custom claim's name, as given.
        name: String,
        /// The VideoSDK claim it stands for.
        claim: &'static str,
        /// How to set that claim instead.
        hint: &'static str,
    },
    /// Custom claims text that is not JSON.
    #[error(
        "the custom claims are not valid JSON at line {line}, column {column}: {reason}; write an object such as {{\"team\": \"qa\"}}"
    )]
    ClaimsNotJson {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The parser's complaint.
        reason: String,
    },
    /// Custom claims that are JSON but not an object.
    #[error("the custom claims are {0}, not a JSON object: write them as {{\"name\": value, ...}}")]
    ClaimsNotObject(&'static str),
    /// A custom claim name given twice.
    #[error("custom claim '{}' is given twice: keep one", visible(.0))]
    DuplicateClaim(String),
    /// A custom claim with an empty or blank name.
    #[error("a custom claim has an empty name: give every claim a name")]
    EmptyClaimName,
    /// A custom claim name with control or invisible characters.
    #[error(
        "custom claim '{}' contains a control or invisible character: type its name again by hand",
        visible(.0)
    )]
    HiddenInClaimName(String),
}

/// Parses a permission as typed on the command line.
pub fn parse_permission(s: &str) -> Result<Permission, GenerateError> {
    Permission::parse(s.trim()).ok_or_else(|| GenerateError::UnknownPermission(s.trim().to_owned()))
}

/// Parses a role as typed on the command line.
pub fn parse_role(s: &str) -> Result<Role, GenerateError> {
    Role::parse(s.trim()).ok_or_else(|| GenerateError::UnknownRole(s.trim().to_owned()))
}

/// Longest API key accepted (VideoSDK's are 36-character UUIDs).
pub const MAX_API_KEY_BYTES: usize = 256;
/// Longest `roomId` or `participantId` accepted. With the API key's limit and
/// no control characters (so JSON escaping at most doubles a byte), every
/// token `generate` can make stays far under what `inspect` accepts
/// ([`super::MAX_INPUT_BYTES`]); a test checks the worst case.
pub const MAX_ID_BYTES: usize = 1024;

fn check_size(field: &'static str, value: &str, limit: usize) -> Result<(), GenerateError> {
    if value.len() > limit {
        return Err(GenerateError::TooLong {
            field,
            bytes: value.len(),
            limit,
        });
    }
    Ok(())
}

/// Checks everything that does not depend on the clock.
pub fn validate(req: &TokenRequest) -> Result<(), GenerateError> {
    check_size("apikey", &req.api_key, MAX_API_KEY_BYTES)?;
    if let Some(r) = &req.room_id {
        check_size("roomId", r, MAX_ID_BYTES)?;
    }
    if let Some(p) = &req.participant_id {
        check_size("participantId", p, MAX_ID_BYTES)?;
    }
    // Hidden characters first: a line separator is also whitespace, and
    // the one policy (inspect's classification) should name it.
    let fields = [
        ("apikey", Some(req.api_key.as_str())),
        ("roomId", req.room_id.as_deref()),
        ("participantId", req.participant_id.as_deref()),
    ];
    for (field, value) in fields {
        let hidden = invisible_chars(value.unwrap_or_default());
        if !hidden.is_empty() {
            let chars: Vec<String> = hidden.into_iter().map(describe).collect();
            return Err(GenerateError::HiddenCharacter {
                field,
                chars: chars.join(", "),
            });
        }
    }
    if req.api_key.trim().is_empty() {
        return Err(GenerateError::EmptyApiKey);
    }
    if req.api_key.chars().any(char::is_whitespace) {
        return Err(GenerateError::ApiKeyWhitespace);
    }
    if req.permissions.is_empty() {
        return Err(GenerateError::NoPermission);
    }
    if permissions_conflict(&req.permissions) {
        return Err(GenerateError::AskJoinConflict);
    }
    if req.room_id.as_deref() == Some("") {
        return Err(GenerateError::EmptyRoomId);
    }
    if let Some(p) = req.participant_id.as_deref() {
        if p.is_empty() {
            return Err(GenerateError::EmptyParticipantId);
        }
        if p.chars().any(char::is_whitespace) {
            return Err(GenerateError::ParticipantIdWhitespace(p.to_owned()));
        }
    }
    if let Expiry::In(secs) = req.expiry {
        // Same bounds as parsing, so a GUI-built request is held to them too.
        check_lifetime(secs, &secs.to_string())?;
    }
    check_extra_claims(&req.extra_claims)
}

/// A signed token and the claims that matter to whoever shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedToken {
    /// `header.payload.signature`.
    pub token: String,
    /// Issued at (seconds).
    pub iat: i64,
    /// Expires at (seconds).
    pub exp: i64,
    /// The unique id.
    pub jti: String,
}

/// Signs many tokens for one validated request: the HMAC key schedule, the
/// header and the claim strings are prepared once, so a batch costs little
/// more than the hashing.
pub struct Generator {
    mac: HmacSha256,
    api_key: String,
    permissions: Vec<&'static str>,
    roles: Vec<&'static str>,
    room_id: Option<String>,
    participant_id: Option<String>,
    expiry: Expiry,
    /// The custom claims as `,"name":value…`, rendered once.
    extra: String,
    header_b64: String,
    json: String,
}

impl std::fmt::Debug for Generator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Generator")
            .field("api_key", &self.api_key)
            .field("secret", &"<redacted>")
            .finish_non_exhaustive()
    }
}

impl Generator {
    /// Validates the request and prepares the key.
    pub fn new(req: &TokenRequest, secret: &SecretKey) -> Result<Self, GenerateError> {
        validate(req)?;
        let mut permissions: Vec<&'static str> = Vec::new();
        for p in &req.permissions {
            if !permissions.contains(&p.as_str()) {
                permissions.push(p.as_str());
            }
        }
        let mut roles: Vec<&'static str> = Vec::new();
        for r in &req.roles {
            if !roles.contains(&r.as_str()) {
                roles.push(r.as_str());
            }
        }
        Ok(Self {
            mac: secret.hmac(),
            api_key: req.api_key.clone(),
            permissions,
            roles,
            room_id: req.room_id.clone(),
            participant_id: req.participant_id.clone(),
            expiry: req.expiry,
            extra: extra_fragment(&req.extra_claims),
            header_b64: URL_SAFE_NO_PAD.encode(HEADER_JSON),
            json: String::with_capacity(256),
        })
    }

    /// True when the participant id contains `{n}` (a batch makes distinct ids).
    pub fn has_participant_template(&self) -> bool {
        self.participant_id
            .as_deref()
            .is_some_and(|p| p.contains("{n}"))
    }

    /// The payload JSON of the token [`sign`](Self::sign) made last (empty
    /// before the first): compact, byte for byte what `serde_json` writes for
    /// its claims, so a batch can print them without decoding the token again.
    pub fn last_claims_json(&self) -> &str {
        &self.json
    }

    /// Signs one token at `now`. `n` replaces `{n}` in the participant id.
    pub fn sign(&mut self, now: Timestamp, n: u64) -> Result<GeneratedToken, GenerateError> {
        let iat = now.as_second();
        let exp = self.expiry.exp_at(now)?;
        let jti = uuid::Uuid::new_v4();
        let mut jti_buf = uuid::Uuid::encode_buffer();
        let jti = jti.hyphenated().encode_lower(&mut jti_buf);
        let participant = self.participant_id.as_deref().map(|p| {
            if p.contains("{n}") {
                p.replace("{n}", &n.to_string())
            } else {
                p.to_owned()
            }
        });
        let claims = Claims {
            apikey: &self.api_key,
            permissions: &self.permissions,
            room_id: self.room_id.as_deref(),
            participant_id: participant.as_deref(),
            roles: &self.roles,
            iat,
            exp,
            jti,
            extra: &self.extra,
        };
        self.json.clear();
        claims.write_json(&mut self.json);
        let mut token = String::with_capacity(self.header_b64.len() + self.json.len() * 4 / 3 + 48);
        token.push_str(&self.header_b64);
        token.push('.');
        URL_SAFE_NO_PAD.encode_string(&self.json, &mut token);
        let mut mac = self.mac.clone();
        mac.update(token.as_bytes());
        let sig = mac.finalize().into_bytes();
        token.push('.');
        URL_SAFE_NO_PAD.encode_string(sig, &mut token);
        Ok(GeneratedToken {
            token,
            iat,
            exp,
            jti: jti.to_owned(),
        })
    }
}

/// Signs one token: validation, then HS256.
pub fn generate(
    req: &TokenRequest,
    secret: &SecretKey,
    now: Timestamp,
) -> Result<GeneratedToken, GenerateError> {
    Generator::new(req, secret)?.sign(now, 1)
}

/// ` (character 1 is U+0430 (Cyrillic))` for a name with characters
/// outside ASCII, else nothing.
fn odd_part(name: &str) -> String {
    match super::odd_characters(name) {
        odd if odd.is_empty() => String::new(),
        odd => format!(" ({odd})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::SecretEncoding;

    fn secret() -> SecretKey {
        SecretKey::parse("0123456789abcdef0123456789abcdef", SecretEncoding::Text).unwrap()
    }
    fn now() -> Timestamp {
        "2026-11-28T10:00:00Z".parse().unwrap()
    }
    fn req() -> TokenRequest {
        TokenRequest {
            api_key: "key-123".into(),
            ..TokenRequest::default()
        }
    }
    fn payload(token: &str) -> serde_json::Value {
        let p = token.split('.').nth(1).unwrap();
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(p).unwrap()).unwrap()
    }

    #[test]
    fn default_token_matches_the_documented_example() {
        let t = generate(&req(), &secret(), now()).unwrap();
        let mut parts = t.token.split('.');
        let header = URL_SAFE_NO_PAD.decode(parts.next().unwrap()).unwrap();
        assert_eq!(header, HEADER_JSON.as_bytes());
        let p = payload(&t.token);
        let keys: Vec<_> = p.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["apikey", "permissions", "iat", "exp", "jti"]);
        assert_eq!(p["apikey"], "key-123");
        assert_eq!(p["permissions"], serde_json::json!(["allow_join"]));
        assert_eq!(
            p["exp"].as_i64().unwrap() - p["iat"].as_i64().unwrap(),
            86_400
        );
        let jti = uuid::Uuid::parse_str(p["jti"].as_str().unwrap()).unwrap();
        assert_eq!(jti.get_version_num(), 4);
    }

    #[test]
    fn v2_claims_add_version_2() {
        let r = TokenRequest {
            room_id: Some("room-1".into()),
            participant_id: Some("qa-{n}".into()),
            roles: vec![Role::Rtc, Role::Rtc],
            ..req()
        };
        let mut g = Generator::new(&r, &secret()).unwrap();
        let a = payload(&g.sign(now(), 7).unwrap().token);
        assert_eq!(a["version"], 2);
        assert_eq!(a["roomId"], "room-1");
        assert_eq!(a["participantId"], "qa-7");
        assert_eq!(a["roles"], serde_json::json!(["rtc"]));
        let only_roles = TokenRequest {
            roles: vec![Role::Crawler],
            ..req()
        };
        assert_eq!(
            payload(&generate(&only_roles, &secret(), now()).unwrap().token)["version"],
            2
        );
    }

    /// `req()` with one change.
    fn req_with(change: impl FnOnce(&mut TokenRequest)) -> TokenRequest {
        let mut r = req();
        change(&mut r);
        r
    }

    #[test]
    fn every_refusal_has_its_reason() {
        use GenerateError as E;
        let cases: Vec<(TokenRequest, GenerateError)> = vec![
            (req_with(|r| r.api_key = String::new()), E::EmptyApiKey),
            (req_with(|r| r.api_key = "a b".into()), E::ApiKeyWhitespace),
            (req_with(|r| r.permissions = vec![]), E::NoPermission),
            (
                req_with(|r| r.permissions = vec![Permission::AskJoin, Permission::AllowJoin]),
                E::AskJoinConflict,
            ),
            (
                req_with(|r| r.permissions = vec![Permission::AllowMod, Permission::AskJoin]),
                E::AskJoinConflict,
            ),
            (
                req_with(|r| r.participant_id = Some("qa 1".into())),
                E::ParticipantIdWhitespace("qa 1".into()),
            ),
            (
                req_with(|r| r.participant_id = Some(String::new())),
                E::EmptyParticipantId,
            ),
            (
                req_with(|r| r.room_id = Some(String::new())),
                E::EmptyRoomId,
            ),
            (
                req_with(|r| r.expiry = Expiry::In(0)),
                E::Expiry(ExpiryError::NotInFuture("0".into())),
            ),
            (
                req_with(|r| r.expiry = Expiry::In(i64::MAX)),
                E::Expiry(ExpiryError::TooLong(i64::MAX.to_string())),
            ),
        ];
        for (r, want) in cases {
            assert_eq!(generate(&r, &secret(), now()).unwrap_err(), want, "{r:?}");
        }
        let past = TokenRequest {
            expiry: Expiry::At("2026-11-28T09:00:00Z".parse().unwrap()),
            ..req()
        };
        assert!(matches!(
            generate(&past, &secret(), now()).unwrap_err(),
            GenerateError::Expiry(ExpiryError::NotInFuture(_))
        ));
        assert_eq!(
            parse_permission("allow_joins").unwrap_err(),
            GenerateError::UnknownPermission("allow_joins".into())
        );
        assert_eq!(
            parse_role("admin").unwrap_err(),
            GenerateError::UnknownRole("admin".into())
        );
        assert!(GenerateError::AskJoinConflict.to_string().contains("4008"));
        assert!(SecretKey::parse("", SecretEncoding::Text).is_err());
    }

    #[test]
    fn ask_join_alone_is_fine_and_duplicates_collapse() {
        let r = TokenRequest {
            permissions: vec![Permission::AskJoin, Permission::AskJoin],
            ..req()
        };
        let p = payload(&generate(&r, &secret(), now()).unwrap().token);
        assert_eq!(p["permissions"], serde_json::json!(["ask_join"]));
    }

    #[test]
    fn batch_tokens_are_distinct() {
        let mut g = Generator::new(&req(), &secret()).unwrap();
        let a = g.sign(now(), 1).unwrap();
        let b = g.sign(now(), 2).unwrap();
        assert_ne!(a.jti, b.jti);
        assert_ne!(a.token, b.token);
        assert!(!format!("{g:?}").contains("0123456789abcdef"));
    }
}

#[cfg(test)]
mod limits {
    use super::*;
    use crate::token::{
        Context, MAX_INPUT_BYTES, MAX_LIFETIME_SECS, Role, SecretEncoding, inspect,
    };
    use jiff::tz::TimeZone;

    /// Custom claims exactly as large as accepted.
    fn worst_extra_claims() -> Map<String, Value> {
        let limit = crate::token::MAX_EXTRA_CLAIMS_BYTES;
        let mut m = Map::new();
        m.insert("x".into(), "\\".repeat((limit - 8) / 2).into());
        assert_eq!(Value::Object(m.clone()).to_string().len(), limit);
        m
    }

    /// The longest token `generate` can make is one `inspect` reads.
    #[test]
    fn the_largest_request_makes_a_token_inspect_accepts() {
        let req = TokenRequest {
            api_key: "\"".repeat(MAX_API_KEY_BYTES),
            permissions: vec![Permission::AllowJoin, Permission::AllowMod],
            expiry: Expiry::In(MAX_LIFETIME_SECS),
            room_id: Some("\\".repeat(MAX_ID_BYTES)),
            participant_id: Some(format!("{}{{n}}", "\"".repeat(MAX_ID_BYTES - 3))),
            roles: vec![Role::Crawler, Role::Rtc],
            extra_claims: worst_extra_claims(),
        };
        let secret = SecretKey::parse("s", SecretEncoding::Text).unwrap();
        let now = jiff::Timestamp::from_second(1_795_860_000).unwrap();
        let t = Generator::new(&req, &secret)
            .unwrap()
            .sign(now, 10_000_000)
            .unwrap();
        assert!(t.token.len() < MAX_INPUT_BYTES, "{}", t.token.len());
        let ctx = Context {
            now,
            tz: TimeZone::UTC,
            candidates: &[],
            usage: Default::default(),
        };
        assert!(!inspect(&t.token, &ctx).verdict.contains("too long"));
        let too_long = TokenRequest {
            participant_id: Some("p".repeat(MAX_ID_BYTES + 1)),
            ..req.clone()
        };
        assert!(matches!(
            validate(&too_long),
            Err(GenerateError::TooLong {
                field: "participantId",
                ..
            })
        ));
        let control = TokenRequest {
            room_id: Some("room\u{1b}[2J".into()),
            ..req.clone()
        };
        assert!(matches!(
            validate(&control),
            Err(GenerateError::HiddenCharacter {
                field: "roomId",
                ..
            })
        ));
        // The inspector's classification: bidi, zero-width, separators, blank letters.
        for (field, c) in [
            ("roomId", '\u{202E}'),
            ("participantId", '\u{200B}'),
            ("apikey", '\u{2028}'),
            ("roomId", '\u{3164}'),
        ] {
            let mut r = req.clone();
            let v = format!("id{c}x");
            match field {
                "roomId" => r.room_id = Some(v),
                "participantId" => r.participant_id = Some(v),
                _ => r.api_key = v,
            }
            let e = validate(&r).unwrap_err();
            assert!(
                matches!(&e, GenerateError::HiddenCharacter { field: f, .. } if *f == field),
                "{c:?}: {e}"
            );
            assert!(e.to_string().contains("U+"), "{e}");
        }
    }
}
