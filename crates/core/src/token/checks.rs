//! Inspecting, step 3: the claim rules, one small function each. Every rule
//! reads the same [`Subject`] and pushes what it finds; [`RULES`] is the
//! order they run in, which is also the order of findings that share a
//! severity and a code.

use jiff::Timestamp;
use serde_json::{Map, Value};

use super::claims::{Permission, Role, permissions_conflict};
use super::decode::numeric_date;
use super::findings::Finding;
use super::inspect::{Context, Purpose};
use super::lookalike::videosdk_claim_like;
use super::messages::{self, OutOfRange};
use super::time::{local, millis_meant, relative, utc};
use super::visible::is_invisible;

/// Tokens issued up to this far in the future are put down to clock skew.
const IAT_SKEW_SECS: i64 = 60;
/// Lifetimes above this get `long_lived`.
const LONG_LIVED_SECS: i64 = 30 * 86_400;
/// Spellings of `apikey` that VideoSDK does not read, to point out.
const APIKEY_MISSPELLINGS: [&str; 5] = ["apiKey", "api_key", "APIKEY", "ApiKey", "API_KEY"];
/// Claims VideoSDK's docs say need `version: 2` to be enforced. (`roles`
/// alone without it is the dashboard's own form, and works.)
const V2_LIMITS: [&str; 2] = ["roomId", "participantId"];
/// Options of a signing call (`jsonwebtoken.sign(payload, secret, {expiresIn})`)
/// put into the payload, where nothing reads them.
const SIGNING_OPTIONS: [&str; 8] = [
    "expiresIn",
    "expiresin",
    "expires_in",
    "notBefore",
    "notbefore",
    "not_before",
    "jwtid",
    "jwtId",
];
/// Near spellings of VideoSDK's claims, and the claim meant; the ones of
/// `apikey` are said by `missing_apikey` when `apikey` itself is absent.
const NEAR_CLAIMS: [(&str, &str); 11] = [
    ("apiKey", "apikey"),
    ("api_key", "apikey"),
    ("APIKEY", "apikey"),
    ("ApiKey", "apikey"),
    ("API_KEY", "apikey"),
    ("permission", "permissions"),
    ("Permissions", "permissions"),
    ("role", "roles"),
    ("Roles", "roles"),
    ("roomid", "roomId"),
    ("participantid", "participantId"),
];

/// A time claim as read from the payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TimeClaim {
    Absent,
    /// Present but not a NumericDate (already reported as `malformed`).
    NotATime,
    At(i64),
    /// A time in milliseconds (said once, by [`milliseconds`]; no other
    /// rule reads it).
    Millis(i64),
}

impl TimeClaim {
    /// Reads `name`, reporting a value that is not a time.
    fn read(claims: &Map<String, Value>, name: &str, findings: &mut Vec<Finding>) -> Self {
        let Some(value) = claims.get(name) else {
            return Self::Absent;
        };
        match numeric_date(value) {
            Some(ms) if millis_meant(ms).is_some() => Self::Millis(ms),
            Some(secs) => Self::At(secs),
            None => {
                findings.push(messages::claim_not_a_time(name, value));
                Self::NotATime
            }
        }
    }

    fn secs(self) -> Option<i64> {
        match self {
            Self::At(secs) => Some(secs),
            Self::Absent | Self::NotATime | Self::Millis(_) => None,
        }
    }

    /// The time, if it is one a date can be given for (years -9999 to 9999).
    fn dated(self) -> Option<i64> {
        self.secs().filter(|&s| Timestamp::from_second(s).is_ok())
    }
}

/// What every rule reads: the payload, its time claims read once, and the
/// clock and zone to say times in.
struct Subject<'a> {
    claims: &'a Map<String, Value>,
    exp: TimeClaim,
    nbf: TimeClaim,
    iat: TimeClaim,
    ctx: &'a Context<'a>,
}

impl Subject<'_> {
    fn now(&self) -> i64 {
        self.ctx.now.as_second()
    }

    /// Local wall-clock time, or the bare number if it is out of range.
    fn at(&self, secs: i64) -> String {
        Timestamp::from_second(secs)
            .map(|t| local(t, &self.ctx.tz))
            .unwrap_or_else(|_| secs.to_string())
    }

    /// "in 5 min", "14 min ago", or "out of range".
    fn rel(&self, secs: i64) -> String {
        Timestamp::from_second(secs)
            .map(|t| relative(t, self.ctx.now))
            .unwrap_or_else(|_| "out of range".to_owned())
    }

    /// A claim's value as written in the token, for a sentence.
    fn shown(&self, name: &str) -> String {
        self.claims
            .get(name)
            .map(|v| messages::short(&v.to_string()))
            .unwrap_or_default()
    }
}

type Rule = fn(&Subject<'_>, &mut Vec<Finding>);

/// Every claim rule, in the order they run.
const RULES: [Rule; 17] = [
    milliseconds,
    time_range,
    expiry,
    not_before,
    issued_at,
    lifetime,
    apikey,
    permissions,
    version,
    roles,
    participant_id,
    meeting_id,
    signing_options,
    near_claims,
    used_in_room,
    used_by_participant,
    used_for,
];

/// Runs every claim rule on a decoded payload.
pub(super) fn check_claims(
    claims: &Map<String, Value>,
    ctx: &Context<'_>,
    findings: &mut Vec<Finding>,
) {
    let subject = Subject {
        claims,
        exp: TimeClaim::read(claims, "exp", findings),
        nbf: TimeClaim::read(claims, "nbf", findings),
        iat: TimeClaim::read(claims, "iat", findings),
        ctx,
    };
    for rule in RULES {
        rule(&subject, findings);
    }
}

/// `exp`, `nbf`, `iat` written in milliseconds (JavaScript's `Date.now()`).
fn milliseconds(s: &Subject<'_>, findings: &mut Vec<Finding>) {
    for (name, claim) in [("exp", s.exp), ("nbf", s.nbf), ("iat", s.iat)] {
        if let TimeClaim::Millis(ms) = claim
            && let Some(meant) = millis_meant(ms)
        {
            findings.push(messages::milliseconds_timestamp(name, ms, &utc(meant)));
        }
    }
}

/// `exp`, `nbf`, `iat` that are no real time: beyond the last date (year
/// 9999) or before the first, or negative (before 1970).
fn time_range(s: &Subject<'_>, findings: &mut Vec<Finding>) {
    for (name, claim) in [("exp", s.exp), ("nbf", s.nbf), ("iat", s.iat)] {
        let Some(secs) = claim.secs() else { continue };
        let range = match Timestamp::from_second(secs) {
            Ok(_) if secs >= 0 => continue,
            Ok(t) => OutOfRange::Pre1970(utc(t)),
            Err(_) if secs > 0 => OutOfRange::Beyond,
            Err(_) => OutOfRange::Before,
        };
        findings.push(messages::time_out_of_range(name, &s.shown(name), &range));
    }
}

/// `exp`: in the past is expired (no leeway); absent is never expiring.
fn expiry(s: &Subject<'_>, findings: &mut Vec<Finding>) {
    match s.exp {
        TimeClaim::At(exp) if exp <= s.now() => findings.push(match s.exp.dated() {
            Some(_) => messages::expired(&s.rel(exp), &s.at(exp)),
            None => messages::expired_before_any_date(&s.shown("exp")),
        }),
        TimeClaim::Absent => findings.push(messages::missing_exp()),
        TimeClaim::At(_) | TimeClaim::NotATime | TimeClaim::Millis(_) => {}
    }
}

/// `nbf` in the future: not usable yet, or never.
fn not_before(s: &Subject<'_>, findings: &mut Vec<Finding>) {
    if let Some(nbf) = s.nbf.secs().filter(|&n| n > s.now()) {
        findings.push(match s.nbf.dated() {
            Some(_) => messages::not_yet_valid(&s.rel(nbf), &s.at(nbf)),
            None => messages::never_valid(&s.shown("nbf")),
        });
    }
}

/// `iat` in the future, beyond clock skew (one beyond any date is
/// `time_out_of_range` already).
fn issued_at(s: &Subject<'_>, findings: &mut Vec<Finding>) {
    if let Some(iat) = s.iat.dated().filter(|&i| i > s.now() + IAT_SKEW_SECS) {
        let ahead = iat.saturating_sub(s.now());
        findings.push(messages::issued_in_future(ahead, &s.at(iat)));
    }
}

/// From `iat` (or now) to `exp`, longer than a month. Times beyond any
/// date are `time_out_of_range` instead.
fn lifetime(s: &Subject<'_>, findings: &mut Vec<Finding>) {
    let iat = match s.iat {
        TimeClaim::At(_) => s.iat.dated(),
        TimeClaim::Absent | TimeClaim::NotATime => Some(s.now()),
        // Mixed units: no lifetime can be told.
        TimeClaim::Millis(_) => None,
    };
    if let (Some(exp), Some(iat)) = (s.exp.dated(), iat) {
        let lives = exp.saturating_sub(iat);
        if lives > LONG_LIVED_SECS {
            findings.push(messages::long_lived(lives));
        }
    }
}

/// `apikey`: a non-empty string, spelled exactly so.
fn apikey(s: &Subject<'_>, findings: &mut Vec<Finding>) {
    let value = s.claims.get("apikey");
    if let Some(Value::String(key)) = value
        && !key.is_empty()
    {
        return;
    }
    let misspelt = APIKEY_MISSPELLINGS
        .into_iter()
        .find(|k| s.claims.contains_key(*k));
    findings.push(match (misspelt, value) {
        (Some(alt), _) => messages::apikey_misspelt(alt),
        (None, Some(value)) => messages::apikey_unusable(value),
        (None, None) => messages::missing_apikey(),
    });
}

/// `permissions`: a non-empty array of known permissions.
fn permissions(s: &Subject<'_>, findings: &mut Vec<Finding>) {
    match s.claims.get("permissions") {
        None => findings.push(messages::missing_permissions()),
        Some(Value::Array(items)) if items.is_empty() => {
            findings.push(messages::empty_permissions());
        }
        Some(Value::Array(items)) => permission_values(items, findings),
        Some(other) => findings.push(messages::permissions_not_an_array(other)),
    }
}

/// The values of a non-empty `permissions` array: each known, and no
/// `ask_join` mixed with the others.
fn permission_values(items: &[Value], findings: &mut Vec<Finding>) {
    let mut valid = Vec::new();
    let mut unknown = Vec::new();
    for item in items {
        match item.as_str().and_then(Permission::parse) {
            Some(p) => valid.push(p),
            None => unknown.push(item),
        }
    }
    if !unknown.is_empty() {
        // VideoSDK compares exactly; a near miss gets a "did you mean".
        let near = unknown
            .iter()
            .filter_map(|v| v.as_str())
            .find_map(|s| Permission::parse(&s.trim().to_ascii_lowercase()));
        findings.push(messages::unknown_permission(&unknown, near));
    }
    if permissions_conflict(&valid) {
        findings.push(messages::ask_join_conflict());
    }
}

/// `version`: absent is fine, but roomId/participantId may then not be
/// enforced (a warning) and roles alone is the dashboard's form (info);
/// present, it is the number 2 (the string "2" a warning).
fn version(s: &Subject<'_>, findings: &mut Vec<Finding>) {
    match s.claims.get("version") {
        None => {
            let used: Vec<&str> = V2_LIMITS
                .into_iter()
                .filter(|k| s.claims.contains_key(*k))
                .collect();
            if !used.is_empty() {
                findings.push(messages::needs_version_2(&used));
            } else if s.claims.contains_key("roles") {
                findings.push(messages::roles_without_version());
            }
        }
        Some(Value::Number(n)) if n.as_f64() == Some(2.0) => {}
        Some(other) => findings.push(messages::bad_version(other)),
    }
}

/// `meetingId`: people believe it limits the token to a meeting; VideoSDK
/// reads `roomId` (with version 2) for that.
fn meeting_id(s: &Subject<'_>, findings: &mut Vec<Finding>) {
    for name in ["meetingId", "meetingID", "meeting_id"] {
        if s.claims.contains_key(name) {
            findings.push(messages::meeting_id_ignored(
                name,
                &s.shown(name),
                s.claims.contains_key("roomId"),
            ));
        }
    }
}

/// `expiresIn` and friends: options of the signing call, not claims.
fn signing_options(s: &Subject<'_>, findings: &mut Vec<Finding>) {
    for name in SIGNING_OPTIONS {
        if s.claims.contains_key(name) {
            findings.push(messages::signing_option_in_payload(
                name,
                &s.shown(name),
                s.claims.contains_key("exp"),
            ));
        }
    }
}

/// `permission`, `role`, `apiKey` beside (or instead of) the real claim,
/// and look-alikes by script (`аpikey` with a Cyrillic а, `roomΙd` with a
/// Greek Ι): the one policy of [`super::lookalike`].
fn near_claims(s: &Subject<'_>, findings: &mut Vec<Finding>) {
    // Without apikey, `missing_apikey` already names the spelling.
    let apikey_usable = || text(s, "apikey").is_some_and(|k| !k.is_empty());
    for (name, meant) in NEAR_CLAIMS {
        if s.claims.contains_key(name) && (meant != "apikey" || apikey_usable()) {
            findings.push(messages::misspelt_claim(
                name,
                meant,
                s.claims.contains_key(meant),
            ));
        }
    }
    for name in s.claims.keys() {
        // Invisible characters are `invisible_characters`' (hidden.rs); the
        // ASCII near spellings are the list above.
        if name.is_ascii() || name.chars().any(is_invisible) {
            continue;
        }
        if let Some(meant) = videosdk_claim_like(name) {
            findings.push(messages::look_alike_claim(
                name,
                meant,
                s.claims.contains_key(meant),
            ));
        }
    }
}

/// `roles`: if present, an array of known roles.
fn roles(s: &Subject<'_>, findings: &mut Vec<Finding>) {
    match s.claims.get("roles") {
        None => {}
        Some(Value::Array(items)) => {
            let unknown: Vec<&Value> = items
                .iter()
                .filter(|v| v.as_str().and_then(Role::parse).is_none())
                .collect();
            if !unknown.is_empty() {
                // VideoSDK compares exactly; a case slip gets the right spelling.
                let lower = unknown
                    .iter()
                    .filter_map(|v| v.as_str())
                    .find_map(|r| Role::parse(&r.trim().to_ascii_lowercase()))
                    .map(Role::as_str);
                findings.push(messages::unknown_role(&unknown, lower));
            }
        }
        Some(other) => findings.push(messages::roles_not_an_array(other)),
    }
}

/// `participantId`: no whitespace.
fn participant_id(s: &Subject<'_>, findings: &mut Vec<Finding>) {
    if let Some(Value::String(id)) = s.claims.get("participantId")
        && id.chars().any(char::is_whitespace)
    {
        findings.push(messages::participant_id_whitespace(id));
    }
}

/// A string claim, if the token has one.
fn text<'a>(s: &Subject<'a>, name: &str) -> Option<&'a str> {
    s.claims.get(name).and_then(Value::as_str)
}

/// The room it was used for, against a v2 `roomId`.
fn used_in_room(s: &Subject<'_>, findings: &mut Vec<Finding>) {
    if let (Some(room), Some(limited)) = (s.ctx.usage.room_id.as_deref(), text(s, "roomId"))
        && room != limited
    {
        findings.push(messages::room_mismatch(limited, room));
    }
}

/// The participant it was used by, against a v2 `participantId`.
fn used_by_participant(s: &Subject<'_>, findings: &mut Vec<Finding>) {
    let used = s.ctx.usage.participant_id.as_deref();
    if let (Some(id), Some(limited)) = (used, text(s, "participantId"))
        && id != limited
    {
        findings.push(messages::participant_mismatch(limited, id));
    }
}

/// A meeting needs `rtc` among the roles, the REST API `crawler`; a token
/// without roles (v1) works for both.
fn used_for(s: &Subject<'_>, findings: &mut Vec<Finding>) {
    let usage = &s.ctx.usage;
    let purpose = usage.purpose.or_else(|| {
        (usage.room_id.is_some() || usage.participant_id.is_some()).then_some(Purpose::Join)
    });
    let Some(Value::Array(roles)) = s.claims.get("roles") else {
        return;
    };
    if roles.is_empty() {
        return;
    }
    let has = |role: Role| roles.iter().any(|r| r.as_str() == Some(role.as_str()));
    let shown = || messages::short(&Value::Array(roles.clone()).to_string());
    match purpose {
        Some(Purpose::Join) if !has(Role::Rtc) => {
            findings.push(messages::role_not_allowed(&shown()));
        }
        Some(Purpose::Api) if !has(Role::Crawler) => {
            findings.push(messages::not_for_api(&shown()));
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use jiff::tz::TimeZone;
    use serde_json::json;

    use super::*;
    use crate::token::FindingCode;

    fn codes(claims: &Value) -> Vec<FindingCode> {
        let ctx = Context {
            now: "2026-11-28T10:00:00Z".parse().unwrap(),
            tz: TimeZone::UTC,
            candidates: &[],
            usage: Default::default(),
        };
        let mut findings = Vec::new();
        check_claims(claims.as_object().unwrap(), &ctx, &mut findings);
        findings.iter().map(|f| f.code).collect()
    }

    #[test]
    fn absurd_times_are_judged_without_overflow() {
        // Floats beyond i64 read as its ends: they are beyond any real
        // date, said once, and nothing computes with them.
        let far_past = codes(&json!({"exp": -1e20}));
        assert!(far_past.contains(&FindingCode::Expired), "{far_past:?}");
        assert!(
            far_past.contains(&FindingCode::TimeOutOfRange),
            "{far_past:?}"
        );
        assert!(!far_past.contains(&FindingCode::LongLived), "{far_past:?}");
        let forever = codes(&json!({"exp": 1e20, "iat": -1e20}));
        assert!(!forever.contains(&FindingCode::LongLived), "{forever:?}");
        assert!(!forever.contains(&FindingCode::Expired), "{forever:?}");
        let future = codes(&json!({"exp": 1e20, "iat": 1e20, "nbf": 1e308}));
        assert!(!future.contains(&FindingCode::IssuedInFuture), "{future:?}");
        assert!(future.contains(&FindingCode::NotYetValid), "{future:?}");
        let out = future.iter().filter(|c| **c == FindingCode::TimeOutOfRange);
        assert_eq!(out.count(), 3, "{future:?}");
        // Long-lived is measured between real dates only.
        let years = codes(&json!({"exp": 4_102_444_800_i64, "iat": 1_767_225_600}));
        assert!(years.contains(&FindingCode::LongLived), "{years:?}");
    }

    #[test]
    fn times_beyond_any_date_say_what_they_mean() {
        let message = |claims: &Value, code: FindingCode| {
            let ctx = Context {
                now: "2026-11-28T10:00:00Z".parse().unwrap(),
                tz: TimeZone::UTC,
                candidates: &[],
                usage: Default::default(),
            };
            let mut findings = Vec::new();
            check_claims(claims.as_object().unwrap(), &ctx, &mut findings);
            findings
                .into_iter()
                .find(|f| f.code == code)
                .map(|f| f.message)
                .unwrap_or_default()
        };
        let m = message(&json!({"exp": 1e308}), FindingCode::TimeOutOfRange);
        assert!(m.starts_with("exp 1e+308 is beyond any real date"), "{m}");
        assert!(m.contains("never expires"), "{m}");
        let m = message(&json!({"nbf": 1e308}), FindingCode::NotYetValid);
        assert!(m.starts_with("Never valid"), "{m}");
        let m = message(&json!({"exp": -1}), FindingCode::TimeOutOfRange);
        assert!(m.contains("negative, 1969-12-31T23:59:59Z"), "{m}");
        let m = message(&json!({"exp": "1795860000"}), FindingCode::Malformed);
        assert!(m.contains("write the number without quotes"), "{m}");
        let fractional = codes(&json!({"exp": 1_795_860_000.5, "iat": 1_795_850_000.25}));
        assert!(
            !fractional.contains(&FindingCode::TimeOutOfRange),
            "{fractional:?}"
        );
        assert!(
            !fractional.contains(&FindingCode::Malformed),
            "{fractional:?}"
        );
    }
}
