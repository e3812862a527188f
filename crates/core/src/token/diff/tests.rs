//! Each kind of difference, hostile values, identical and twin tokens.

use serde_json::{Map, Value, json};

use super::*;

const NOW: i64 = 1_795_860_000;

fn map(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => panic!("not an object"),
    }
}

/// A 24 h v1 token as VideoSDK's example makes it, with `extra` merged in.
fn token(extra: Value) -> Map<String, Value> {
    let mut m = map(json!({
        "apikey": "key-a",
        "permissions": ["allow_join"],
        "iat": NOW,
        "exp": NOW + 86_400,
        "jti": "5b0c0c5e-8f3a-4f0e-9a51-2f7d3c1e9b42",
    }));
    for (k, v) in map(extra) {
        if v.is_null() {
            m.shift_remove(&k);
        } else {
            m.insert(k, v);
        }
    }
    m
}

fn meanings(d: &[Difference]) -> Vec<(&str, &str)> {
    d.iter()
        .map(|d| (d.claim.as_str(), d.meaning.as_str()))
        .collect()
}

fn only(d: &[Difference]) -> &Difference {
    assert_eq!(d.len(), 1, "{:?}", meanings(d));
    &d[0]
}

#[test]
fn identical_payloads_have_no_difference() {
    assert!(diff(&token(json!({})), &token(json!({}))).is_empty());
    assert!(diff(&Map::new(), &Map::new()).is_empty());
}

#[test]
fn reordered_or_repeated_permissions_and_roles_are_not_a_difference() {
    let a = token(json!({"permissions": ["allow_join", "allow_mod"], "roles": ["rtc", "crawler"]}));
    let b = token(
        json!({"permissions": ["allow_mod", "allow_join", "allow_mod"], "roles": ["crawler", "rtc"]}),
    );
    assert!(diff(&a, &b).is_empty(), "{:?}", meanings(&diff(&a, &b)));
}

#[test]
fn another_api_key_is_another_project() {
    let d = diff(&token(json!({})), &token(json!({"apikey": "key-b"})));
    let d = only(&d);
    assert_eq!(d.claim, "apikey");
    assert_eq!(d.meaning, "different project (API key key-a -> key-b)");
    assert_eq!(
        (d.a.clone(), d.b.clone()),
        (Some(json!("key-a")), Some(json!("key-b")))
    );
    assert_eq!(d.change(), Some(Change::Changed));
    let d = diff(&token(json!({})), &token(json!({"apikey": null})));
    assert!(
        only(&d).meaning.contains("only A has an API key"),
        "{:?}",
        meanings(&d)
    );
    assert!(only(&d).meaning.contains("4001"));
    assert_eq!(only(&d).change(), Some(Change::Removed));
}

#[test]
fn permissions_gained_and_lost_as_sets() {
    let a = token(json!({"permissions": ["ask_join", "allow_join"]}));
    let b = token(json!({"permissions": ["allow_mod", "allow_join"]}));
    let d = diff(&a, &b);
    assert_eq!(
        only(&d).meaning,
        "permissions gained: allow_mod; lost: ask_join"
    );
    let d = diff(&a, &token(json!({"permissions": ["allow_join"]})));
    assert_eq!(only(&d).meaning, "permissions gained: none; lost: ask_join");
    let d = diff(&a, &token(json!({"permissions": null})));
    assert_eq!(
        only(&d).meaning,
        "permissions gained: none; lost: allow_join, ask_join (B has no permissions claim: VideoSDK refuses it)"
    );
    // Not a list: said as the values.
    let d = diff(&a, &token(json!({"permissions": "allow_join"})));
    assert_eq!(
        only(&d).meaning,
        r#"permissions ["ask_join","allow_join"] -> "allow_join""#
    );
}

#[test]
fn room_and_participant_limits() {
    let v2 = |extra: Value| {
        let mut m = token(json!({"version": 2}));
        m.extend(map(extra));
        m
    };
    let d = diff(&v2(json!({"roomId": "abc"})), &v2(json!({"roomId": "xyz"})));
    assert_eq!(only(&d).meaning, "room abc -> xyz");
    let d = diff(&v2(json!({})), &v2(json!({"roomId": "xyz"})));
    assert_eq!(only(&d).meaning, "B is limited to room xyz, A to any room");
    assert_eq!(only(&d).change(), Some(Change::Added));
    let d = diff(&v2(json!({"participantId": "alice"})), &v2(json!({})));
    assert_eq!(
        only(&d).meaning,
        "A is limited to participant alice, B to any participant"
    );
    let d = diff(
        &v2(json!({"participantId": "alice"})),
        &v2(json!({"participantId": "bob"})),
    );
    assert_eq!(only(&d).meaning, "participant alice -> bob");
}

#[test]
fn version_and_roles() {
    let d = diff(&token(json!({})), &token(json!({"version": 2})));
    assert_eq!(only(&d).meaning, "version 1 (absent) -> 2");
    let d = diff(
        &token(json!({"version": "2"})),
        &token(json!({"version": 2})),
    );
    assert_eq!(
        only(&d).meaning,
        r#"version "2" (a string, not the number) -> 2"#
    );
    let d = diff(
        &token(json!({"version": 2, "roles": ["rtc"]})),
        &token(json!({"version": 2, "roles": ["crawler"]})),
    );
    assert_eq!(only(&d).meaning, "roles gained: crawler; lost: rtc");
    let d = diff(
        &token(json!({"version": 2})),
        &token(json!({"version": 2, "roles": ["rtc"]})),
    );
    assert_eq!(
        only(&d).meaning,
        "roles gained: rtc; lost: none (A has no roles claim: any use)"
    );
}

#[test]
fn lifetime_is_said_once_beside_the_raw_times() {
    let a = token(json!({}));
    let b = token(json!({"exp": NOW + 7 * 86_400}));
    let d = diff(&a, &b);
    let names: Vec<&str> = d.iter().map(|d| d.claim.as_str()).collect();
    assert_eq!(names, ["lifetime", "exp"]);
    assert_eq!(d[0].meaning, "lifetime 24 h -> 7 d");
    assert!(d[0].is_derived());
    assert_eq!(
        (d[0].a.clone(), d[0].b.clone()),
        (Some(json!(86_400)), Some(json!(604_800)))
    );
    assert_eq!(
        (d[0].shown_a(), d[0].shown_b()),
        ("24 h".into(), "7 d".into())
    );
    assert_eq!(d[1].meaning, "B expires 6 d later");
    assert_eq!(d[1].shown_a(), "2026-11-29T10:00:00Z");
    // No exp: never expires.
    let d = diff(&a, &token(json!({"exp": null})));
    assert_eq!(d[0].meaning, "lifetime 24 h -> never expires (no exp)");
    assert_eq!(d[0].shown_b(), "(none)");
    assert!(
        d[1].meaning
            .starts_with("B never expires (no exp); A expires 2026-11-29")
    );
    assert_eq!(d[1].shown_b(), "(absent)");
    // A real claim called "lifetime" keeps its name; the derived entry yields.
    let d = diff(&token(json!({"lifetime": 1})), &b);
    let names: Vec<&str> = d.iter().map(|d| d.claim.as_str()).collect();
    assert_eq!(names, ["lifetime (exp - iat)", "exp", "lifetime"]);
}

#[test]
fn tokens_minted_apart_by_the_same_backend_differ_only_in_time_and_id() {
    let a = token(json!({}));
    let b = token(json!({"iat": NOW + 300, "exp": NOW + 300 + 86_400, "jti": "another"}));
    let d = diff(&a, &b);
    let names: Vec<&str> = d.iter().map(|d| d.claim.as_str()).collect();
    assert_eq!(
        names,
        ["iat", "exp", "jti"],
        "no lifetime entry: same lifetime"
    );
    assert_eq!(d[0].meaning, "same claims, issued 5 min apart (B later)");
    assert_eq!(d[1].meaning, "B expires 5 min later");
    assert_eq!(
        d[2].meaning,
        "different token id (jti): every token minted gets its own"
    );
    // With another difference, the iat entry just says when.
    let mut c = b.clone();
    c.insert("roomId".into(), json!("r"));
    let d = diff(&a, &c);
    let iat = d.iter().find(|d| d.claim == "iat").unwrap();
    assert_eq!(iat.meaning, "B issued 5 min later");
}

#[test]
fn custom_claims_added_removed_changed_in_alphabetical_order() {
    let a = token(json!({"zeta": 1, "meta": {"a": 1}, "same": true}));
    let b = token(json!({"alpha": "x", "meta": {"a": 2}, "same": true}));
    let d = diff(&a, &b);
    assert_eq!(
        meanings(&d),
        [
            ("alpha", r#"custom claim added: alpha = "x""#),
            ("meta", r#"custom claim meta changed: {"a":1} -> {"a":2}"#),
            ("zeta", "custom claim removed: zeta = 1"),
        ]
    );
    // "1" and 1 read apart.
    let d = diff(&token(json!({"n": "1"})), &token(json!({"n": 1})));
    assert_eq!(only(&d).meaning, r#"custom claim n changed: "1" -> 1"#);
}

#[test]
fn the_order_is_videosdk_then_lifetime_then_registered_then_others() {
    let a = map(
        json!({"z": 1, "jti": "a", "exp": NOW + 60, "iat": NOW, "roles": ["rtc"], "apikey": "k"}),
    );
    let b = map(
        json!({"apikey": "j", "version": 2, "iat": NOW + 1, "exp": NOW + 3600, "jti": "b", "a": 1}),
    );
    let d = diff(&a, &b);
    let names: Vec<&str> = d.iter().map(|d| d.claim.as_str()).collect();
    assert_eq!(
        names,
        [
            "apikey", "version", "roles", "lifetime", "iat", "exp", "jti", "a", "z"
        ]
    );
    // side_by_side keeps the unchanged claims too, in the same order.
    let all = side_by_side(&token(json!({"x": 1})), &token(json!({"x": 2})));
    let names: Vec<&str> = all.iter().map(|d| d.claim.as_str()).collect();
    assert_eq!(names, ["apikey", "permissions", "iat", "exp", "jti", "x"]);
    assert_eq!(all[0].change(), None);
    assert_eq!(all[0].meaning, "same in both");
    assert_eq!(all[5].change(), Some(Change::Changed));
}

#[test]
fn hostile_values_are_visible_and_short_in_meanings() {
    let a = token(json!({"version": 2, "roomId": "abc"}));
    let b = token(json!({
        "version": 2,
        "roomId": "abc\u{200B}",
        "apikey": "key-a\u{1b}[2J\u{202E}",
        "x\u{7}": "y".repeat(500),
    }));
    let d = diff(&a, &b);
    for m in d.iter().map(|d| &d.meaning) {
        assert!(!m.chars().any(crate::token::is_invisible), "{m:?}");
        assert!(m.chars().count() < 200, "{m}");
    }
    let m = meanings(&d);
    assert_eq!(
        m[0].1,
        "different project (API key key-a -> key-a\\u{1b}[2J<U+202E>)"
    );
    assert_eq!(m[1].1, "room abc -> abc<U+200B>");
    assert!(
        m[2].1.starts_with("custom claim added: x\\u{7} = \"yyy"),
        "{}",
        m[2].1
    );
    assert!(m[2].1.ends_with('…'));
    // Exact values are kept for JSON; the shown ones are safe.
    assert_eq!(d[1].b, Some(json!("abc\u{200B}")));
    assert_eq!(d[1].shown_b(), "abc<U+200B>");
    assert_eq!(d[2].claim, "x\u{7}");
}

#[test]
fn absurd_times_do_not_overflow() {
    let a = token(json!({"exp": 1e308, "iat": -1e308}));
    let b = token(json!({"exp": i64::MAX, "iat": i64::MIN}));
    let d = diff(&a, &b);
    assert!(!d.is_empty());
    let c = token(json!({"exp": "tomorrow"}));
    let d = diff(&a, &c);
    assert!(
        d.iter().any(|d| d.meaning.contains("unknown")),
        "{:?}",
        meanings(&d)
    );
}

#[test]
fn lifetimes_read_as_people_say_them() {
    assert_eq!(lifetime_text(86_400), "24 h");
    assert_eq!(lifetime_text(36 * 3600), "36 h");
    assert_eq!(lifetime_text(7 * 86_400), "7 d");
    assert_eq!(lifetime_text(90 * 60), "1 h 30 min");
    assert_eq!(lifetime_text(600), "10 min");
    assert_eq!(lifetime_text(-3600), "1 h negative (exp before iat)");
}

#[test]
fn json_shape_is_claim_a_b_meaning() {
    let d = diff(&token(json!({})), &token(json!({"version": 2})));
    let v = serde_json::to_value(&d).unwrap();
    assert_eq!(
        v,
        json!([{"claim": "version", "a": null, "b": 2, "meaning": "version 1 (absent) -> 2"}])
    );
}
