//! `scenarios`: the acceptance rule through the real binary. Every token
//! `scenarios --json` prints, inspected with its context flags, gets its
//! finding as the headline, its VideoSDK code, and exit code 1.

use serde_json::Value;

use super::common::{self, API_KEY, SECRET, Sandbox};
use super::env;

const PROD_KEY: &str = "prod-api-key-2";
const PROD_SECRET: &str = "prod-secret-9f8e7d6c5b4a39281706f5e4";

/// `inspect --json TOKEN` with the scenario's context as flags.
fn inspect_args(s: &Value) -> Vec<String> {
    let mut args = vec![
        "inspect".to_owned(),
        "--json".to_owned(),
        s["token"].as_str().unwrap().to_owned(),
    ];
    let ctx = &s["context"];
    for (key, flag) in [
        ("room_id", "--room-id"),
        ("participant_id", "--participant-id"),
        ("for", "--for"),
    ] {
        if let Some(v) = ctx[key].as_str() {
            args.extend([flag.to_owned(), v.to_owned()]);
        }
    }
    args
}

/// Runs the acceptance rule on every scenario; returns their names.
fn accept_all(s: &Sandbox, list: &Value, env: &[(&str, &str)]) -> Vec<String> {
    let mut names = Vec::new();
    for sc in list.as_array().unwrap() {
        let name = sc["name"].as_str().unwrap();
        let args = inspect_args(sc);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let r = s.run_env(&args, env, "");
        assert_eq!(r.code, 1, "{name}: {r:?}");
        let report = r.json();
        let findings = report["findings"].as_array().unwrap();
        let head = &findings[0];
        assert_eq!(head["code"], sc["finding"], "{name}: {findings:?}");
        assert_eq!(head["severity"], "error", "{name}");
        // Absent in the report and null in the scenario both mean no code.
        let code = head.get("videosdk_error").cloned().unwrap_or(Value::Null);
        assert_eq!(code, sc["videosdk_error"], "{name}");
        let code_name = head.get("videosdk_error_name").cloned();
        assert_eq!(
            code_name.unwrap_or(Value::Null),
            sc["videosdk_error_name"],
            "{name}"
        );
        r.assert_no_secret(SECRET);
        names.push(name.to_owned());
    }
    names
}

#[test]
fn every_scenario_inspects_as_promised_with_the_environment_secret() {
    let s = Sandbox::new();
    let r = s.run_env(&["scenarios", "--json"], &env(), "");
    assert_eq!(r.code, 0, "{r:?}");
    r.assert_no_secret(SECRET);
    // Only one project: the stderr note says how to get the last one.
    assert!(
        r.stderr
            .contains("other-project-key needs a second saved project: add one with `project add`"),
        "{r:?}"
    );
    let list = r.json();
    for sc in list.as_array().unwrap() {
        let ctx = sc["context"].as_object().unwrap();
        let keys: Vec<&str> = ctx.keys().map(String::as_str).collect();
        assert_eq!(keys, ["room_id", "participant_id", "for"]);
        assert!(!sc["description"].as_str().unwrap().is_empty());
    }
    let names = accept_all(&s, &list, &env());
    assert_eq!(names.len(), 15, "{names:?}");
    for must in [
        "expired",
        "wrong-secret",
        "alg-none",
        "wrong-room",
        "crawler-joins-meeting",
        "meeting-only-for-api",
    ] {
        assert!(names.iter().any(|n| n == must), "{must}: {names:?}");
    }
    assert!(!names.iter().any(|n| n == "other-project-key"));
    // Without its context, a context scenario's token is valid (exit 0).
    let room = list
        .as_array()
        .unwrap()
        .iter()
        .find(|sc| sc["name"] == "wrong-room")
        .unwrap();
    let r = s.run_env(&["inspect", room["token"].as_str().unwrap()], &env(), "");
    assert_eq!(r.code, 0, "{r:?}");
}

#[test]
fn the_human_form_labels_every_token_broken_on_purpose() {
    let s = Sandbox::new();
    let r = s.run_env(&["scenarios"], &env(), "");
    assert_eq!(r.code, 0, "{r:?}");
    r.assert_no_secret(SECRET);
    assert!(!r.stdout.contains('\u{1b}'), "no colour into a pipe");
    assert!(
        r.stdout.starts_with(
            "Failure scenarios for VIDEOSDK_API_KEY: every token below is BROKEN ON PURPOSE."
        ),
        "{r:?}"
    );
    let labels = r.stdout.matches("\nBROKEN ON PURPOSE ").count();
    assert_eq!(labels, 15, "{}", r.stdout);
    assert!(
        r.stdout
            .lines()
            .any(|l| l.starts_with("wrong-room ") && l.ends_with("--room-id qa-room-2")),
        "{}",
        r.stdout
    );
    // Every token is on a line of its own, right under its label.
    let lines: Vec<&str> = r.stdout.lines().collect();
    for (i, l) in lines.iter().enumerate() {
        if l.starts_with("BROKEN ON PURPOSE ") {
            assert_eq!(lines[i + 1].split('.').count(), 3, "{}", lines[i + 1]);
        }
    }
}

#[test]
fn without_a_secret_or_an_api_key_it_says_what_to_do() {
    let s = Sandbox::new();
    let r = s.run(&["scenarios"], "");
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("no secret to make the tokens with"),
        "{r:?}"
    );
    let r = s.run_env(&["scenarios"], &[("VIDEOSDK_SECRET_KEY", SECRET)], "");
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("no API key"), "{r:?}");
    let r = s.run_env(
        &["scenarios"],
        &[
            ("VIDEOSDK_SECRET_KEY", SECRET),
            ("VIDEOSDK_API_KEY", "a key"),
        ],
        "",
    );
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("whitespace"), "{r:?}");
    let r = s.run(&["scenarios", "--project", "ghost"], "");
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("no project named 'ghost'"), "{r:?}");
    // The secret piped in, with the environment's API key.
    let r = s.run_env(
        &["scenarios", "--json", "--secret-stdin"],
        &[("VIDEOSDK_API_KEY", API_KEY)],
        &format!("{SECRET}\n"),
    );
    assert_eq!(r.code, 0, "{r:?}");
    r.assert_no_secret(SECRET);
    assert_eq!(r.json().as_array().unwrap().len(), 15);
}

/// A real round trip on a throwaway entry of the OS keyring.
fn secret_service() -> Result<(), String> {
    use videosdk_token::token::{SecretEncoding, SecretKey};
    use videosdk_token_app::store::Keyring;
    let k = Keyring::platform();
    k.status().map_err(|e| e.to_string())?;
    let account = format!("probe-{}", uuid::Uuid::new_v4());
    let probe = SecretKey::parse("probe", SecretEncoding::Text).unwrap();
    k.set(&account, &probe).map_err(|e| e.to_string())?;
    let got = k.get(&account).map_err(|e| e.to_string())?;
    k.delete(&account).map_err(|e| e.to_string())?;
    match got {
        Some(s) if s.expose() == b"probe" => Ok(()),
        _ => Err("the keyring did not return what was stored".into()),
    }
}

#[test]
fn two_saved_projects_add_other_project_key_and_all_sixteen_pass() {
    if !common::require(secret_service(), "an unlocked Secret Service") {
        return;
    }
    let s = Sandbox::with_keyring();
    let add = |name: &str, key: &str, secret: &str| {
        let r = s.run(
            &["project", "add", name, "--api-key", key],
            &format!("{secret}\n"),
        );
        assert_eq!(r.code, 0, "{r:?}");
    };
    add("staging", API_KEY, SECRET);
    add("prod", PROD_KEY, PROD_SECRET);
    let r = s.run(&["scenarios", "--json"], "");
    assert_eq!(r.code, 0, "{r:?}");
    assert!(!r.stderr.contains("other-project-key"), "{r:?}");
    r.assert_no_secret(SECRET);
    r.assert_no_secret(PROD_SECRET);
    let list = r.json();
    let other = list
        .as_array()
        .unwrap()
        .iter()
        .find(|sc| sc["name"] == "other-project-key")
        .expect("other-project-key with two projects");
    assert_eq!(other["videosdk_error"], 4001);
    assert_eq!(
        other["description"],
        "API key of project staging, signed with the secret of project prod: key and secret from different projects"
    );
    // The saved projects are the inspector's candidates here.
    let names = accept_all(&s, &list, &[]);
    assert_eq!(names.len(), 16, "{names:?}");
    // --project picks the other one.
    let r = s.run(&["scenarios", "--json", "--project", "prod"], "");
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(accept_all(&s, &r.json(), &[]).len(), 16);
    for name in ["staging", "prod"] {
        assert_eq!(s.run(&["project", "remove", name], "").code, 0);
    }
}
