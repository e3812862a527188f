//! `videosdk-token diff`: the real binary compares two tokens.

use serde_json::json;

use super::common::{API_KEY, SECRET, Sandbox, now_s, sign};

fn env() -> [(&'static str, &'static str); 2] {
    [
        ("VIDEOSDK_API_KEY", API_KEY),
        ("VIDEOSDK_SECRET_KEY", SECRET),
    ]
}

/// A v2 token for `room`, 24 h, issued `ago` seconds ago.
fn token(room: &str, permissions: &[&str], ago: i64) -> String {
    let iat = now_s() - ago;
    sign(
        &json!({
            "apikey": API_KEY,
            "permissions": permissions,
            "version": 2,
            "roomId": room,
            "iat": iat,
            "exp": iat + 86_400,
        }),
        SECRET,
    )
}

#[test]
fn json_lists_each_difference_by_meaning() {
    let s = Sandbox::new();
    let a = token("abc", &["allow_join"], 0);
    let b = token("xyz", &["allow_mod", "allow_join"], 0);
    let r = s.run_env(&["diff", &a, &b, "--json"], &env(), "");
    assert_eq!(r.code, 0, "{r:?}");
    let v = r.json();
    for side in ["a", "b"] {
        assert!(
            v[side]["verdict"].as_str().unwrap().starts_with("Valid"),
            "{r:?}"
        );
        assert_eq!(v[side]["outcome"], "valid");
        assert_eq!(v[side]["claims"]["apikey"], API_KEY);
    }
    assert_eq!(
        v["differences"],
        json!([
            {"claim": "permissions", "a": ["allow_join"], "b": ["allow_mod", "allow_join"],
             "meaning": "permissions gained: allow_mod; lost: none"},
            {"claim": "roomId", "a": "abc", "b": "xyz", "meaning": "room abc -> xyz"},
        ])
    );
    r.assert_no_secret(SECRET);
}

#[test]
fn human_output_is_a_table_and_identical_tokens_say_so() {
    let s = Sandbox::new();
    let a = token("abc", &["allow_join"], 0);
    let b = token("xyz", &["allow_join"], 0);
    let r = s.run_env(&["diff", &a, &b], &env(), "");
    assert_eq!(r.code, 0, "{r:?}");
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert!(lines[0].starts_with("A: Valid"), "{r:?}");
    assert!(lines[1].starts_with("B: Valid"), "{r:?}");
    assert!(r.stdout.contains("1 difference (A -> B):"), "{r:?}");
    assert!(r.stdout.contains("CLAIM"), "{r:?}");
    let row = lines
        .iter()
        .find(|l| l.trim_start().starts_with("roomId"))
        .unwrap();
    assert!(row.contains("abc") && row.contains("xyz") && row.ends_with("room abc -> xyz"));
    assert!(!r.stdout.contains('\u{1b}'), "no colour in a pipe: {r:?}");

    let same = s.run_env(&["diff", &a, &a], &env(), "");
    assert_eq!(same.code, 0, "{same:?}");
    assert!(same.stdout.contains("No differences"), "{same:?}");
    let same = s.run_env(&["diff", &a, &a, "--json"], &env(), "");
    assert_eq!(same.json()["differences"], json!([]));
}

#[test]
fn tokens_minted_minutes_apart_differ_only_in_time() {
    let s = Sandbox::new();
    let a = token("abc", &["allow_join"], 600);
    let b = token("abc", &["allow_join"], 0);
    let r = s.run(&["diff", &a, &b, "--json"], "");
    assert_eq!(r.code, 0, "{r:?}");
    let v = r.json();
    let claims: Vec<&str> = v["differences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["claim"].as_str().unwrap())
        .collect();
    assert_eq!(claims, ["iat", "exp"]);
    assert_eq!(
        v["differences"][0]["meaning"],
        "same claims, issued 10 min apart (B later)"
    );
    // Without a secret each verdict says it is not verified; still exit 0.
    assert_eq!(v["a"]["outcome"], "unverified");
}

#[test]
fn not_a_jwt_exits_2_and_names_the_side() {
    let s = Sandbox::new();
    let good = token("abc", &["allow_join"], 0);
    let r = s.run(&["diff", &good, "hello"], "");
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("B is not a JWT: "), "{r:?}");
    assert!(!r.stderr.contains("A is not"), "{r:?}");
    assert!(r.stdout.is_empty(), "{r:?}");
    let r = s.run(&["diff", "a.b", "", "--json"], "");
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("A is not a JWT: ") && r.stderr.contains("B is not a JWT: "));
}

#[test]
fn stdin_gives_one_side_cleaned_and_bounded() {
    let s = Sandbox::new();
    let a = token("abc", &["allow_join"], 0);
    let b = token("xyz", &["allow_join"], 0);
    let piped = format!("Authorization: Bearer \"{a}\"\n");
    let r = s.run_env(&["diff", "-", &b, "--json"], &env(), &piped);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(r.json()["differences"][0]["claim"], "roomId");
    let r = s.run_env(&["diff", &b, "-", "--json"], &env(), &a);
    assert_eq!(r.json()["differences"][0]["meaning"], "room xyz -> abc");

    let r = s.run(&["diff", "-", "-"], &a);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("only one of A and B can be -"), "{r:?}");

    let huge = "x".repeat(3 << 20);
    let r = s.run(&["diff", "-", &b], &huge);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("A is not a JWT: ") && r.stderr.contains("too long"),
        "{r:?}"
    );
}

#[test]
fn hostile_claims_cannot_drive_the_terminal() {
    let s = Sandbox::new();
    let a = token("abc", &["allow_join"], 0);
    let evil_room = "abc\u{1b}]0;pwned\u{7}\u{1b}[2J\u{202E}";
    let b = sign(
        &json!({
            "apikey": API_KEY,
            "permissions": ["allow_join"],
            "version": 2,
            "roomId": evil_room,
            "x\u{1b}[31m": "\u{9b}6n",
            "iat": now_s(),
            "exp": now_s() + 86_400,
        }),
        SECRET,
    );
    let r = s.run_env(&["diff", &a, &b], &env(), "");
    assert_eq!(r.code, 0, "{r:?}");
    for c in ['\u{1b}', '\u{7}', '\u{202E}', '\u{9b}'] {
        assert!(!r.stdout.contains(c), "{c:?} raw in {r:?}");
        assert!(!r.stderr.contains(c), "{c:?} raw in {r:?}");
    }
    assert!(r.stdout.contains("abc\\u{1b}]0;pwned\\u{7}"), "{r:?}");
    assert!(r.stdout.contains("<U+202E>"), "{r:?}");
    // JSON keeps the exact values, escaped.
    let j = s.run_env(&["diff", &a, &b, "--json"], &env(), "");
    assert!(!j.stdout.contains('\u{1b}') && !j.stdout.contains('\u{202E}'));
    let v = j.json();
    let room = v["differences"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["claim"] == "roomId")
        .unwrap();
    assert_eq!(room["b"], evil_room);
}
