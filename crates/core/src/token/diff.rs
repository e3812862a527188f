//! Comparing two tokens: their decoded payloads, claim by claim, explained
//! by what each difference means to VideoSDK ("different project", "B is
//! limited to room xyz, A to any room", "permissions gained: allow_mod"),
//! not only by the raw values.
//!
//! The order is stable: VideoSDK's claims (`apikey`, `permissions`,
//! `version`, `roomId`, `participantId`, `roles`), then the lifetime, then
//! `iat`, `exp`, `nbf`, `jti`, then every other claim in alphabetical order.
//!
//! The lifetime (`exp − iat`) is not a claim: it is said once, as an entry
//! of its own named `lifetime` (`lifetime (exp - iat)` if a token carries a
//! real claim of that name), whose `a`/`b` are the lifetimes in seconds
//! (`null` for a token that never expires or whose times are unusable). It
//! appears only when the lifetimes differ; the raw `iat`/`exp` entries are
//! there besides it, saying when each token was issued and expires.
//!
//! Every value quoted in a meaning goes through [`crate::token::visible`] and is cut to
//! 40 characters, as finding messages are: a hostile token cannot hide or
//! reorder text in the explanation. The `claim`, `a` and `b` fields keep
//! the exact names and values (the CLI's `--json` escapes them; people see
//! them through [`Difference::shown_a`] and [`Difference::shown_b`]).

use std::collections::BTreeSet;

use jiff::Timestamp;
use serde::Serialize;
use serde_json::{Map, Value};

use super::claims::{REGISTERED_CLAIMS, VIDEOSDK_CLAIMS};
use super::decode::numeric_date;
use super::messages::{short, short_name};
use super::time::{span, utc};

/// VideoSDK's claims, in the order they are listed.
const VIDEOSDK: [&str; 6] = VIDEOSDK_CLAIMS;

/// The registered claims listed after them (and after the lifetime).
const REGISTERED: [&str; 4] = REGISTERED_CLAIMS;

/// The name of the derived lifetime entry.
pub const LIFETIME: &str = "lifetime";

/// Its name when a token has a real claim called `lifetime`.
const LIFETIME_DERIVED: &str = "lifetime (exp - iat)";

/// How a claim differs from token A to token B.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Only B has it.
    Added,
    /// Only A has it.
    Removed,
    /// Both have it, with different meanings.
    Changed,
}

impl Change {
    /// One word, for a marker beside the claim.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Added => "added",
            Self::Removed => "removed",
            Self::Changed => "changed",
        }
    }
}

/// One claim compared between token A and token B.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Difference {
    /// The claim's name as in the tokens (or [`LIFETIME`]).
    pub claim: String,
    /// Its value in A; `None` when A does not have it.
    pub a: Option<Value>,
    /// Its value in B; `None` when B does not have it.
    pub b: Option<Value>,
    /// What the difference means, in a sentence ("same in both" for a
    /// claim that does not differ, in [`side_by_side`]).
    pub meaning: String,
    /// `None`: the same in both (only in [`side_by_side`]).
    #[serde(skip)]
    change: Option<Change>,
    /// The lifetime entry, not a claim.
    #[serde(skip)]
    derived: bool,
}

impl Difference {
    /// How it differs; `None` when it does not (a row of [`side_by_side`]).
    pub fn change(&self) -> Option<Change> {
        self.change
    }

    /// True for the lifetime entry (`exp − iat`), which is not a claim.
    pub fn is_derived(&self) -> bool {
        self.derived
    }

    /// A's value as a person reads it: see [`Difference::shown_b`].
    pub fn shown_a(&self) -> String {
        self.shown(self.a.as_ref())
    }

    /// B's value as a person reads it: strings as they are, times in UTC,
    /// a lifetime as a duration, anything else as JSON; invisible
    /// characters made visible, cut to 40 characters; `(absent)` when the
    /// token does not have the claim.
    pub fn shown_b(&self) -> String {
        self.shown(self.b.as_ref())
    }

    fn shown(&self, v: Option<&Value>) -> String {
        match (v, self.derived) {
            (None, true) => "(none)".to_owned(),
            (None, false) => "(absent)".to_owned(),
            (Some(v), true) => v.as_i64().map_or_else(|| text(v), lifetime_text),
            (Some(v), false) if is_time(&self.claim) => time_text(v),
            (Some(v), false) => text(v),
        }
    }
}

/// The claims that differ between two decoded payloads, in the stable
/// order described in the module docs. Identical payloads give an empty
/// list; so do payloads that differ only in the order of their
/// `permissions` or `roles`, or in repeated values there.
pub fn diff(a: &Map<String, Value>, b: &Map<String, Value>) -> Vec<Difference> {
    side_by_side(a, b)
        .into_iter()
        .filter(|d| d.change.is_some())
        .collect()
}

/// Every claim of either payload, in the same order as [`diff`], those
/// that do not differ included (meaning "same in both"): what the window
/// shows, the differences marked.
pub fn side_by_side(a: &Map<String, Value>, b: &Map<String, Value>) -> Vec<Difference> {
    let mut rows = Vec::new();
    let mut add = |name: &str| {
        let (va, vb) = (a.get(name), b.get(name));
        let meaning = compare(name, va, vb);
        rows.push(Difference {
            claim: name.to_owned(),
            a: va.cloned(),
            b: vb.cloned(),
            change: meaning.as_ref().map(|_| change(va, vb)),
            meaning: meaning.unwrap_or_else(|| "same in both".to_owned()),
            derived: false,
        });
    };
    for name in VIDEOSDK
        .iter()
        .filter(|n| a.contains_key(**n) || b.contains_key(**n))
    {
        add(name);
    }
    let others = others(a, b);
    let registered: Vec<&str> = REGISTERED
        .into_iter()
        .filter(|n| a.contains_key(*n) || b.contains_key(*n))
        .collect();
    for name in registered.iter().chain(&others) {
        add(name);
    }
    if let Some(lifetime) = lifetime_row(a, b) {
        let at = rows
            .iter()
            .position(|r| REGISTERED.contains(&r.claim.as_str()))
            .unwrap_or(rows.len());
        rows.insert(at, lifetime);
    }
    mint_twins(&mut rows, a, b);
    rows
}

/// The claims that are neither VideoSDK's nor registered, sorted, once.
fn others<'a>(a: &'a Map<String, Value>, b: &'a Map<String, Value>) -> Vec<&'a str> {
    let known = |n: &str| VIDEOSDK.contains(&n) || REGISTERED.contains(&n);
    let names: BTreeSet<&str> = a
        .keys()
        .chain(b.keys())
        .map(String::as_str)
        .filter(|n| !known(n))
        .collect();
    names.into_iter().collect()
}

fn change(a: Option<&Value>, b: Option<&Value>) -> Change {
    match (a, b) {
        (None, Some(_)) => Change::Added,
        (Some(_), None) => Change::Removed,
        _ => Change::Changed,
    }
}

/// What the difference in one claim means; `None` when there is none.
fn compare(name: &str, a: Option<&Value>, b: Option<&Value>) -> Option<String> {
    if a == b {
        return None;
    }
    match name {
        "apikey" => Some(apikey(a, b)),
        "permissions" => set_claim("permissions", a, b),
        "roles" => set_claim("roles", a, b),
        "version" => Some(format!("version {} -> {}", version(a), version(b))),
        "roomId" => Some(scope("room", a, b)),
        "participantId" => Some(scope("participant", a, b)),
        "iat" | "exp" | "nbf" => Some(time(name, a, b)),
        "jti" => Some(match (a, b) {
            (Some(_), Some(_)) => {
                "different token id (jti): every token minted gets its own".to_owned()
            }
            (Some(_), None) => "only A has a token id (jti)".to_owned(),
            _ => "only B has a token id (jti)".to_owned(),
        }),
        _ => Some(custom(name, a, b)),
    }
}

/// A value for a sentence: a string as it is, anything else as JSON;
/// made visible and cut to 40 characters.
fn text(v: &Value) -> String {
    match v {
        Value::String(s) => short(s),
        v => short(&v.to_string()),
    }
}

/// A value for a sentence, always as JSON (`"2"` and `2` must read apart).
fn json(v: &Value) -> String {
    short(&v.to_string())
}

fn is_time(name: &str) -> bool {
    matches!(name, "iat" | "exp" | "nbf")
}

/// A NumericDate in UTC; anything else as [`json`].
fn time_text(v: &Value) -> String {
    numeric_date(v)
        .and_then(|s| Timestamp::from_second(s).ok())
        .map_or_else(|| json(v), utc)
}

/// A lifetime as people say it: whole hours up to two days (`24 h`,
/// `36 h`), else the two largest units (`7 d`, `1 y 35 d`, `90 min`).
pub fn lifetime_text(secs: i64) -> String {
    let shown = if secs != 0 && secs % 3600 == 0 && secs.unsigned_abs() <= 48 * 3600 {
        format!("{} h", secs.unsigned_abs() / 3600)
    } else {
        span(secs)
    };
    if secs < 0 {
        format!("{shown} negative (exp before iat)")
    } else {
        shown
    }
}

fn apikey(a: Option<&Value>, b: Option<&Value>) -> String {
    match (a, b) {
        (Some(a), Some(b)) => format!("different project (API key {} -> {})", text(a), text(b)),
        (Some(a), None) => format!(
            "only A has an API key ({}): VideoSDK refuses B (4001 INVALID_API_KEY)",
            text(a)
        ),
        (None, Some(b)) => format!(
            "only B has an API key ({}): VideoSDK refuses A (4001 INVALID_API_KEY)",
            text(b)
        ),
        (None, None) => String::new(),
    }
}

/// An absent claim, a list of strings, or `None` for anything else.
fn string_set(v: Option<&Value>) -> Option<BTreeSet<&str>> {
    match v {
        None => Some(BTreeSet::new()),
        Some(Value::Array(items)) => items.iter().map(Value::as_str).collect(),
        Some(_) => None,
    }
}

/// `permissions` or `roles`: what B gained and lost, order and repeats
/// ignored; `None` when the sets are the same.
fn set_claim(name: &str, a: Option<&Value>, b: Option<&Value>) -> Option<String> {
    let (Some(sa), Some(sb)) = (string_set(a), string_set(b)) else {
        let shown = |v: Option<&Value>| v.map_or_else(|| "(absent)".to_owned(), json);
        return Some(format!("{name} {} -> {}", shown(a), shown(b)));
    };
    if sa == sb && a.is_some() == b.is_some() {
        return None;
    }
    let list = |s: Vec<&&str>| {
        let names: Vec<String> = s.into_iter().map(|n| short(n)).collect();
        if names.is_empty() {
            "none".to_owned()
        } else {
            names.join(", ")
        }
    };
    let mut out = format!(
        "{name} gained: {}; lost: {}",
        list(sb.difference(&sa).collect()),
        list(sa.difference(&sb).collect())
    );
    let absent = match (a, b) {
        (None, _) => Some("A"),
        (_, None) => Some("B"),
        _ => None,
    };
    if let Some(side) = absent {
        out.push_str(&match name {
            "permissions" => format!(" ({side} has no permissions claim: VideoSDK refuses it)"),
            _ => format!(" ({side} has no {name} claim: any use)"),
        });
    }
    Some(out)
}

fn version(v: Option<&Value>) -> String {
    match v {
        None => "1 (absent)".to_owned(),
        Some(s @ Value::String(_)) => format!("{} (a string, not the number)", json(s)),
        Some(v) => json(v),
    }
}

/// `roomId` / `participantId`: what each token is limited to.
fn scope(what: &str, a: Option<&Value>, b: Option<&Value>) -> String {
    match (a, b) {
        (Some(a), Some(b)) => format!("{what} {} -> {}", text(a), text(b)),
        (Some(a), None) => format!("A is limited to {what} {}, B to any {what}", text(a)),
        (None, Some(b)) => format!("B is limited to {what} {}, A to any {what}", text(b)),
        (None, None) => String::new(),
    }
}

/// `iat`, `exp`, `nbf`: the two times and how far apart.
fn time(name: &str, a: Option<&Value>, b: Option<&Value>) -> String {
    let verb = match name {
        "iat" => "issued",
        "exp" => "expires",
        _ => "valid from",
    };
    match (a, b) {
        (Some(va), Some(vb)) => match (numeric_date(va), numeric_date(vb)) {
            // The times themselves are in the A and B columns.
            (Some(sa), Some(sb)) => match sb.saturating_sub(sa) {
                0 => format!("{verb} within the same second"),
                d if d > 0 => format!("B {verb} {} later", span(d)),
                d => format!("B {verb} {} earlier", span(d)),
            },
            _ => format!("{name} {} -> {}", json(va), json(vb)),
        },
        (Some(va), None) => one_time(name, "A", "B", va),
        (None, Some(vb)) => one_time(name, "B", "A", vb),
        (None, None) => String::new(),
    }
}

/// A time claim only `has` has.
fn one_time(name: &str, has: &str, other: &str, v: &Value) -> String {
    let t = time_text(v);
    match name {
        "exp" => format!("{other} never expires (no exp); {has} expires {t}"),
        "iat" => format!("only {has} says when it was issued ({t})"),
        _ => format!("only {has} has a start time (nbf {t})"),
    }
}

fn custom(name: &str, a: Option<&Value>, b: Option<&Value>) -> String {
    let name = short_name(name);
    match (a, b) {
        (Some(a), Some(b)) => format!("custom claim {name} changed: {} -> {}", json(a), json(b)),
        (Some(a), None) => format!("custom claim removed: {name} = {}", json(a)),
        (None, Some(b)) => format!("custom claim added: {name} = {}", json(b)),
        (None, None) => String::new(),
    }
}

/// A token's lifetime: `exp − iat`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Life {
    Secs(i64),
    /// No `exp`.
    Never,
    /// An `exp` without a usable `iat`, or not a number.
    Unknown,
}

fn life(m: &Map<String, Value>) -> Life {
    let Some(exp) = m.get("exp") else {
        return Life::Never;
    };
    match (numeric_date(exp), m.get("iat").and_then(numeric_date)) {
        (Some(e), Some(i)) => Life::Secs(e.saturating_sub(i)),
        _ => Life::Unknown,
    }
}

fn life_text(l: Life) -> String {
    match l {
        Life::Secs(s) => lifetime_text(s),
        Life::Never => "never expires (no exp)".to_owned(),
        Life::Unknown => "unknown (no usable iat or exp)".to_owned(),
    }
}

/// The lifetime entry, when the lifetimes differ.
fn lifetime_row(a: &Map<String, Value>, b: &Map<String, Value>) -> Option<Difference> {
    let (la, lb) = (life(a), life(b));
    if la == lb {
        return None;
    }
    let value = |l: Life| match l {
        Life::Secs(s) => Some(Value::from(s)),
        _ => None,
    };
    let name = if a.contains_key(LIFETIME) || b.contains_key(LIFETIME) {
        LIFETIME_DERIVED
    } else {
        LIFETIME
    };
    Some(Difference {
        claim: name.to_owned(),
        a: value(la),
        b: value(lb),
        meaning: format!("lifetime {} -> {}", life_text(la), life_text(lb)),
        change: Some(change(value(la).as_ref(), value(lb).as_ref())),
        derived: true,
    })
}

/// Two tokens minted by the same backend for the same use differ only in
/// `iat`, `exp` and `jti`: the `iat` entry then says so.
fn mint_twins(rows: &mut [Difference], a: &Map<String, Value>, b: &Map<String, Value>) {
    let twins = rows
        .iter()
        .filter(|r| r.change.is_some())
        .all(|r| !r.derived && matches!(r.claim.as_str(), "iat" | "exp" | "jti"));
    if !twins {
        return;
    }
    let (Some(ia), Some(ib)) = (
        a.get("iat").and_then(numeric_date),
        b.get("iat").and_then(numeric_date),
    ) else {
        return;
    };
    let d = ib.saturating_sub(ia);
    if let Some(row) = rows
        .iter_mut()
        .find(|r| r.claim == "iat" && r.change.is_some())
    {
        let later = if d > 0 { "B" } else { "A" };
        row.meaning = format!("same claims, issued {} apart ({later} later)", span(d));
    }
}

#[cfg(test)]
mod tests;
