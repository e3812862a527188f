//! Issue 9 through the real binary: the verdict predicts VideoSDK's answer,
//! the join context, codes in the paste, several tokens.

use super::common::{API_KEY, SECRET, Sandbox, now_s, sign};
use super::env;
use serde_json::{Value, json};

#[allow(clippy::needless_pass_by_value)] // json!(…) inline reads better
fn claims(extra: Value) -> Value {
    let mut c = json!({"apikey": API_KEY, "permissions": ["allow_join"],
        "iat": now_s() - 60, "exp": now_s() + 3600});
    for (k, v) in extra.as_object().unwrap() {
        c[k] = v.clone();
    }
    c
}

fn codes(v: &Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_owned())
        .collect()
}

fn finding<'a>(v: &'a Value, code: &str) -> &'a Value {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {v}"))
}

#[test]
fn another_projects_key_is_4001_and_exit_1_not_valid() {
    let s = Sandbox::new();
    // Signed with our secret, but carrying another project's API key.
    let t = sign(&claims(json!({"apikey": "someone-elses-key"})), SECRET);
    let r = s.run_env(&["inspect", "--json", &t], &env(), "");
    assert_eq!(r.code, 1, "{r:?}");
    let v = r.json();
    assert_eq!(v["outcome"], "invalid");
    let f = finding(&v, "apikey_mismatch");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["videosdk_error"], 4001);
    assert_eq!(f["videosdk_error_name"], "INVALID_API_KEY");
    assert!(!v["verdict"].as_str().unwrap().starts_with("Valid"), "{v}");
    r.assert_no_secret(SECRET);
}

#[test]
fn the_api_key_as_the_secret_is_named_in_words_and_code() {
    let s = Sandbox::new();
    let t = sign(&claims(json!({})), API_KEY);
    let r = s.run(&["inspect", &t], "");
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stdout
            .starts_with("Signed with the API key instead of the secret"),
        "{r:?}"
    );
    assert!(r.stdout.contains("[VideoSDK 4002 INVALID_TOKEN]"), "{r:?}");
}

#[test]
fn milliseconds_are_a_warning_for_exp_and_an_error_for_nbf() {
    let s = Sandbox::new();
    let ms = claims(json!({"iat": (now_s() - 60) * 1000, "exp": (now_s() + 3600) * 1000}));
    let r = s.run_env(&["inspect", "--json", &sign(&ms, SECRET)], &env(), "");
    assert_eq!(r.code, 0, "{r:?}");
    let v = r.json();
    assert_eq!(
        codes(&v),
        ["milliseconds_timestamp", "milliseconds_timestamp"],
        "{v}"
    );
    let nbf = claims(json!({"nbf": (now_s() - 60) * 1000}));
    let r = s.run_env(&["inspect", "--json", &sign(&nbf, SECRET)], &env(), "");
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(
        finding(&r.json(), "milliseconds_timestamp")["videosdk_error"],
        4002
    );
}

#[test]
fn the_join_context_flags_predict_4022_4023_4024_and_401() {
    let s = Sandbox::new();
    let limited = sign(
        &claims(
            json!({"version": 2, "roomId": "abc-defg-hij", "participantId": "qa-1", "roles": ["crawler"]}),
        ),
        SECRET,
    );
    let run = |flags: &[&str]| {
        let mut args = vec!["inspect", "--json"];
        args.extend_from_slice(flags);
        args.push(&limited);
        s.run_env(&args, &env(), "")
    };
    // No context: valid.
    assert_eq!(run(&[]).code, 0);
    let r = run(&["--room-id", "zzz-zzzz-zzz", "--participant-id", "qa-2"]);
    assert_eq!(r.code, 1, "{r:?}");
    let got = codes(&r.json());
    for c in ["room_mismatch", "participant_mismatch", "role_not_allowed"] {
        assert!(got.iter().any(|g| g == c), "{c}: {got:?}");
    }
    let v = r.json();
    assert_eq!(finding(&v, "room_mismatch")["videosdk_error"], 4022);
    assert_eq!(finding(&v, "participant_mismatch")["videosdk_error"], 4023);
    assert_eq!(
        finding(&v, "role_not_allowed")["videosdk_error_name"],
        "UNAUTHORIZED_ROLE"
    );
    // The crawler token is right for the REST API.
    assert_eq!(run(&["--for", "api"]).code, 0);
    let rtc = sign(&claims(json!({"version": 2, "roles": ["rtc"]})), SECRET);
    let r = s.run_env(&["inspect", "--json", "--for", "api", &rtc], &env(), "");
    assert_eq!(r.code, 1, "{r:?}");
    assert!(codes(&r.json()).contains(&"not_for_api".to_owned()));
    // A bad --for is a usage error that says what to write.
    let r = s.run_env(&["inspect", "--for", "meetingz", &rtc], &env(), "");
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("join") && r.stderr.contains("api"),
        "{r:?}"
    );
}

#[test]
fn codes_in_a_pasted_log_are_listed_and_explained() {
    let s = Sandbox::new();
    let t = sign(&claims(json!({"exp": now_s() - 30})), SECRET);
    let paste = format!(
        "2026-11-28 ERROR join failed code=4002 INVALID_TOKEN\n\
         2026-11-28 ERROR api: 401 Token is invalid or expired\n\
         also saw UNAUTHORIZED_ROOM_ID once\ntoken: {t}\n"
    );
    let r = s.run_env(&["inspect", "--json"], &env(), &paste);
    assert_eq!(r.code, 1, "{r:?}");
    let v = r.json();
    assert_eq!(
        v["log_codes"],
        json!([
            {"code": 4002, "name": "INVALID_TOKEN", "explained_by": ["expired"]},
            {"code": 401, "name": "Token is invalid or expired", "explained_by": ["expired"]},
            {"code": 4022, "name": "UNAUTHORIZED_MEETING_ID", "explained_by": []},
        ])
    );
    let human = s.run_env(&["inspect"], &env(), &paste);
    assert!(
        human
            .stdout
            .contains("4022 UNAUTHORIZED_MEETING_ID: not explained by this token"),
        "{human:?}"
    );
}

#[test]
fn several_tokens_first_with_a_note_or_all_as_an_array() {
    let s = Sandbox::new();
    let good = sign(&claims(json!({})), SECRET);
    let expired = sign(&claims(json!({"exp": now_s() - 30})), SECRET);
    let paste = format!("A: {good}\nB: {expired}\n");
    let r = s.run_env(&["inspect", "--json"], &env(), &paste);
    assert_eq!(r.code, 0, "{r:?}");
    let v = r.json();
    assert!(
        finding(&v, "more_tokens")["message"]
            .as_str()
            .unwrap()
            .contains("1 more token")
    );
    let r = s.run_env(&["inspect", "--all", "--json"], &env(), &paste);
    assert_eq!(r.code, 1, "worst of valid and expired: {r:?}");
    let all = r.json();
    let outcomes: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(outcomes, ["valid", "invalid"]);
    let human = s.run_env(&["inspect", "--all"], &env(), &paste);
    assert!(human.stdout.starts_with("Token 1 of 2\nValid"), "{human:?}");
    assert!(human.stdout.contains("Token 2 of 2\nExpired"), "{human:?}");
}

#[test]
fn generate_like_copies_claims_and_lifetime_with_fresh_times() {
    let s = Sandbox::new();
    let old = sign(
        &claims(
            json!({"version": 2, "roomId": "abc-defg-hij", "participantId": "qa-7",
            "roles": ["rtc"], "permissions": ["allow_join", "allow_mod"],
            "iat": now_s() - 7200, "exp": now_s() - 3600, "jti": "old-id"}),
        ),
        SECRET,
    );
    let r = s.run_env(&["generate", "--like", &old], &env(), "");
    assert_eq!(r.code, 0, "{r:?}");
    let fresh = r.stdout.trim();
    let p = super::payload(fresh);
    for k in [
        "apikey",
        "permissions",
        "version",
        "roomId",
        "participantId",
        "roles",
    ] {
        assert_eq!(p[k], super::payload(&old)[k], "{k}");
    }
    assert_eq!(
        p["exp"].as_i64().unwrap() - p["iat"].as_i64().unwrap(),
        3600
    );
    assert!((p["iat"].as_i64().unwrap() - now_s()).abs() < 60);
    assert_ne!(p["jti"], "old-id");
    let i = s.run_env(&["inspect", fresh], &env(), "");
    assert_eq!(i.code, 0, "the fresh token is valid: {i:?}");
    // Flags override what is copied.
    let r = s.run_env(
        &["generate", "--like", &old, "--room-id", "other"],
        &env(),
        "",
    );
    assert_eq!(super::payload(r.stdout.trim())["roomId"], "other");
    // No project or secret for the token's API key: a clear refusal.
    let foreign = sign(&claims(json!({"apikey": "nobodys-key"})), SECRET);
    let r = s.run_env(&["generate", "--like", &foreign], &env(), "");
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr
            .contains("no saved project has API key nobodys-key"),
        "{r:?}"
    );
    // Not a token at all.
    let r = s.run_env(&["generate", "--like", "hello"], &env(), "");
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("--like"), "{r:?}");
}
