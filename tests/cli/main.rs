//! The real binary: exit codes, JSON shapes, messages for bad input, and
//! the secret never on stdout or stderr.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report

#[path = "../common/mod.rs"]
mod common;
mod scenarios;

mod bounded;
mod lookalike;
mod numbers;
mod presets;
mod project_edit;
mod projects_file;
mod shell;
mod support;
mod wild;

use common::{API_KEY, SECRET, Sandbox, now_s, payload, sign};
use serde_json::json;

fn env() -> [(&'static str, &'static str); 2] {
    [
        ("VIDEOSDK_API_KEY", API_KEY),
        ("VIDEOSDK_SECRET_KEY", SECRET),
    ]
}

#[test]
fn help_and_version_describe_the_contract() {
    let s = Sandbox::new();
    let r = s.run_env(&["--help"], &[], "");
    assert_eq!(r.code, 0, "{r:?}");
    for word in ["generate", "inspect", "project", "Exit codes"] {
        assert!(r.stdout.contains(word), "{word}: {r:?}");
    }
    let v = s.run(&["--version"], "");
    assert_eq!(v.code, 0);
    assert!(v.stdout.contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn generate_prints_one_token_that_inspects_as_valid() {
    let s = Sandbox::new();
    let r = s.run_env(&["generate"], &env(), "");
    assert_eq!(r.code, 0, "{r:?}");
    let token = r.stdout.trim();
    assert_eq!(r.stdout.lines().count(), 1);
    assert_eq!(token.split('.').count(), 3);
    let p = payload(token);
    assert_eq!(p["apikey"], API_KEY);
    assert_eq!(p["permissions"], json!(["allow_join"]));
    assert_eq!(
        p["exp"].as_i64().unwrap() - p["iat"].as_i64().unwrap(),
        86_400
    );
    assert!(p.get("version").is_none());
    r.assert_no_secret(SECRET);

    let i = s.run_env(&["inspect", token], &env(), "");
    assert_eq!(i.code, 0, "{i:?}");
    assert!(
        i.stdout
            .starts_with("Valid — signed with VIDEOSDK_SECRET_KEY — expires in 23 h 59 min")
            || i.stdout
                .starts_with("Valid — signed with VIDEOSDK_SECRET_KEY — expires in 1 d"),
        "{i:?}"
    );
    // The lifetime in one line, judged now.
    let life = i.stdout.lines().nth(1).unwrap_or_default();
    assert!(
        life.starts_with("Lifetime: issued ")
            && life.contains(" ─ expires ")
            && (life.ends_with(": now is 23 h 59 min before expiry")
                || life.ends_with(": now is 1 d before expiry")),
        "{life}"
    );
    i.assert_no_secret(SECRET);
}

#[test]
fn generate_with_every_option_and_json() {
    let s = Sandbox::new();
    let r = s.run_env(
        &[
            "generate",
            "--permission",
            "allow_join,allow_mod",
            "--expires",
            "90m",
            "--room-id",
            "abc-defg-hij",
            "--participant-id",
            "qa-1",
            "--role",
            "rtc",
            "--json",
        ],
        &env(),
        "",
    );
    assert_eq!(r.code, 0, "{r:?}");
    let v = r.json();
    assert_eq!(v["header"], json!({"alg": "HS256", "typ": "JWT"}));
    let c = &v["claims"];
    assert_eq!(c["permissions"], json!(["allow_join", "allow_mod"]));
    assert_eq!(c["version"], 2);
    assert_eq!(c["roomId"], "abc-defg-hij");
    assert_eq!(c["participantId"], "qa-1");
    assert_eq!(c["roles"], json!(["rtc"]));
    assert_eq!(
        c["exp"].as_i64().unwrap() - c["iat"].as_i64().unwrap(),
        5400
    );
    assert_eq!(payload(v["token"].as_str().unwrap()), *c);

    // One reading of the clock: a second may turn while the binary runs.
    let wanted = now_s() + 7200;
    let at = jiff::Timestamp::from_second(wanted).unwrap().to_string();
    let r = s.run_env(&["generate", "--expires-at", &at], &env(), "");
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(payload(&r.stdout)["exp"].as_i64().unwrap(), wanted);
}

#[test]
fn batch_generation_makes_distinct_participant_tokens() {
    let s = Sandbox::new();
    let r = s.run_env(
        &["generate", "--count", "2000", "--participant-id", "qa-{n}"],
        &env(),
        "",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 2000);
    let unique: std::collections::HashSet<&&str> = lines.iter().collect();
    assert_eq!(unique.len(), 2000);
    assert_eq!(payload(lines[0])["participantId"], "qa-1");
    assert_eq!(payload(lines[1999])["participantId"], "qa-2000");
    let jtis: std::collections::HashSet<String> = lines
        .iter()
        .map(|l| payload(l)["jti"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(jtis.len(), 2000);
}

#[test]
fn generate_refusals_say_what_to_do() {
    let s = Sandbox::new();
    let cases: &[(&[&str], &str)] = &[
        (&["generate", "--permission", "ask_join,allow_join"], "4008"),
        (
            &["generate", "--permission", "allow_joins"],
            "unknown permission 'allow_joins'",
        ),
        (&["generate", "--role", "admin"], "unknown role 'admin'"),
        (&["generate", "--expires", "soon"], "is not a duration"),
        (&["generate", "--expires", "0s"], "must be in the future"),
        (&["generate", "--expires", "99999999999999w"], "too long"),
        (
            &["generate", "--expires-at", "2001-01-01T00:00:00Z"],
            "must be in the future",
        ),
        (&["generate", "--expires-at", "tomorrow"], "RFC 3339"),
        (&["generate", "--participant-id", "qa 1"], "4004"),
        (&["generate", "--room-id", ""], "roomId is empty"),
        (&["generate", "--api-key", ""], "API key is empty"),
    ];
    for (args, want) in cases {
        let r = s.run_env(args, &env(), "");
        assert_eq!(r.code, 2, "{args:?}: {r:?}");
        assert!(r.stdout.is_empty(), "{args:?}: {r:?}");
        assert!(r.stderr.contains(want), "{args:?}: want {want}: {r:?}");
        r.assert_no_secret(SECRET);
    }
}

#[test]
fn generate_without_any_secret_explains_the_sources() {
    let s = Sandbox::new();
    let r = s.run(&["generate"], "");
    assert_eq!(r.code, 2, "{r:?}");
    for word in ["project add", "--secret-stdin", "VIDEOSDK_SECRET_KEY"] {
        assert!(r.stderr.contains(word), "{word}: {r:?}");
    }
    let r = s.run_env(&["generate"], &[("VIDEOSDK_SECRET_KEY", SECRET)], "");
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no API key"), "{r:?}");
}

#[test]
fn no_flag_takes_a_secret_on_the_command_line() {
    let s = Sandbox::new();
    for flag in ["--secret", "--secret-key", "--key"] {
        let r = s.run(&["generate", flag, SECRET], "");
        assert_eq!(r.code, 2, "{flag}: {r:?}");
        let help = s.run(&["generate", "--help"], "");
        assert!(!help.stdout.contains(&format!("{flag} ")), "{flag} exists");
    }
}

#[test]
fn secret_from_stdin_signs_and_stays_hidden() {
    let s = Sandbox::new();
    let r = s.run(
        &["generate", "--secret-stdin", "--api-key", API_KEY],
        &format!("{SECRET}\n"),
    );
    assert_eq!(r.code, 0, "{r:?}");
    r.assert_no_secret(SECRET);
    let token = r.stdout.trim().to_owned();
    // Verify with the same secret piped in, token as argument.
    let i = s.run(
        &["inspect", &token, "--secret-stdin", "--json"],
        &format!("{SECRET}\n"),
    );
    assert_eq!(i.code, 0, "{i:?}");
    assert_eq!(i.json()["signature"]["status"], "verified");
    i.assert_no_secret(SECRET);
    // Both on stdin: secret first line, token after.
    let i = s.run(
        &["inspect", "--secret-stdin"],
        &format!("{SECRET}\nBearer {token}\n"),
    );
    assert_eq!(i.code, 0, "{i:?}");
    // base64 secret.
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD.encode(SECRET);
    let i = s.run(
        &["inspect", &token, "--secret-stdin", "--secret-base64"],
        &b64,
    );
    assert_eq!(i.code, 0, "{i:?}");
    let i = s.run(
        &["inspect", &token, "--secret-stdin", "--secret-base64"],
        "not*base64",
    );
    assert_eq!(i.code, 2, "{i:?}");
    assert!(i.stderr.contains("not valid base64"), "{i:?}");
    assert!(!i.stderr.contains("not*base64"));
}

#[test]
fn inspect_exit_codes() {
    let s = Sandbox::new();
    let good = json!({"apikey": API_KEY, "permissions": ["allow_join"], "iat": now_s(), "exp": now_s() + 600});
    let valid = sign(&good, SECRET);
    let expired = sign(
        &json!({"apikey": API_KEY, "permissions": ["allow_join"], "exp": now_s() - 900}),
        SECRET,
    );
    let wrong = sign(&good, "some-other-secret-some-other-secret");

    let r = s.run_env(&["inspect", &valid], &env(), "");
    assert_eq!(r.code, 0, "{r:?}");
    let r = s.run_env(&["inspect", &expired], &env(), "");
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stdout.starts_with("Expired 15 min ago"), "{r:?}");
    assert!(r.stdout.contains("4002"));
    let r = s.run_env(&["inspect", &wrong], &env(), "");
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stdout.contains("signature_mismatch"));
    let r = s.run(&["inspect", &valid], "");
    assert_eq!(r.code, 3, "not verified without a secret: {r:?}");
    let r = s.run(&["inspect", "definitely not a token"], "");
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stdout.starts_with("Not a JWT: "), "{r:?}");
    let r = s.run(&["inspect", "--no-such-flag"], "");
    assert_eq!(r.code, 2, "usage error: {r:?}");
}

#[test]
fn inspect_reads_messy_stdin() {
    let s = Sandbox::new();
    let t = sign(
        &json!({"apikey": API_KEY, "permissions": ["allow_join"], "exp": now_s() + 600}),
        SECRET,
    );
    let messy = format!("  Authorization: Bearer \"{}\n{}\"  \n", &t[..40], &t[40..]);
    for args in [&["inspect"][..], &["inspect", "-"][..]] {
        let r = s.run_env(&[args, &["--json"]].concat(), &env(), &messy);
        assert_eq!(r.code, 0, "{r:?}");
        let v = r.json();
        assert!(
            v["findings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["code"] == "input_cleaned"),
            "{v}"
        );
    }
    // A token inside a log line.
    let line = format!("2026-11-28T10:00:00Z WARN join failed token={t} room=abc");
    let r = s.run_env(&["inspect", &line], &env(), "");
    assert_eq!(r.code, 0, "{r:?}");
}

#[test]
fn inspect_json_shape() {
    let s = Sandbox::new();
    let t = sign(
        &json!({"apikey": API_KEY, "permissions": ["ask_join", "allow_mod"], "exp": now_s() + 60}),
        SECRET,
    );
    let r = s.run_env(&["inspect", &t, "--json"], &env(), "");
    assert_eq!(r.code, 1, "{r:?}");
    let v = r.json();
    assert!(v["verdict"].as_str().unwrap().contains("4008"));
    assert_eq!(v["header"]["alg"], "HS256");
    assert_eq!(v["claims"]["apikey"], API_KEY);
    assert_eq!(v["signature"]["status"], "verified");
    assert!(v["signature"].get("project").is_some());
    let f = &v["findings"][0];
    assert_eq!(f["code"], "ask_join_conflict");
    assert_eq!(f["severity"], "error");
    assert!(f["message"].as_str().unwrap().len() > 10);
    // Malformed input still answers in JSON.
    let r = s.run(&["inspect", "abc.def", "--json"], "");
    assert_eq!(r.code, 2);
    assert_eq!(r.json()["findings"][0]["code"], "malformed");
    assert_eq!(r.json()["signature"]["status"], "not_checked");
}

#[test]
fn every_finding_code_is_reachable_from_the_cli() {
    let s = Sandbox::new();
    let n = now_s();
    let base = json!({"apikey": API_KEY, "permissions": ["allow_join"], "iat": n, "exp": n + 600});
    let with = |k: &str, v: serde_json::Value| {
        let mut c = base.clone();
        if v.is_null() {
            c.as_object_mut().unwrap().remove(k);
        } else {
            c[k] = v;
        }
        sign(&c, SECRET)
    };
    use base64::Engine as _;
    let b = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    let e = env();
    type Case<'a> = (String, &'a str, &'a [(&'a str, &'a str)]);
    let cases: Vec<Case<'_>> = vec![
        ("x.y".into(), "malformed", &[]),
        (
            format!("{}.{}.", b(r#"{"alg":"none"}"#), b(&base.to_string())),
            "alg_none",
            &[],
        ),
        (
            format!("{}.{}.c2ln", b(r#"{"alg":"RS256"}"#), b(&base.to_string())),
            "alg_unsupported",
            &[],
        ),
        (
            sign(&base, "wrong-secret-wrong-secret-wrong-secret"),
            "signature_mismatch",
            &e,
        ),
        (sign(&base, SECRET), "unverified", &[]),
        (with("exp", json!(n - 5)), "expired", &e),
        (with("nbf", json!(n + 600)), "not_yet_valid", &e),
        (with("iat", json!(n + 600)), "issued_in_future", &e),
        (with("exp", json!(null)), "missing_exp", &e),
        (with("exp", json!(n + 40 * 86_400)), "long_lived", &e),
        (with("apikey", json!(null)), "missing_apikey", &e),
        (
            with("apikey", json!("other-key")),
            "unknown_apikey",
            &[
                ("VIDEOSDK_API_KEY", "mine"),
                ("VIDEOSDK_SECRET_KEY", "nope-nope-nope-nope-nope-nope-nope"),
            ],
        ),
        (with("permissions", json!(null)), "missing_permissions", &e),
        (
            with("permissions", json!(["superuser"])),
            "unknown_permission",
            &e,
        ),
        (
            with("permissions", json!(["ask_join", "allow_join"])),
            "ask_join_conflict",
            &e,
        ),
        (with("roomId", json!("r")), "needs_version_2", &e),
        (with("version", json!("2")), "bad_version", &e),
        (with("roles", json!(["root"])), "unknown_role", &e),
        (
            with("participantId", json!("a b")),
            "participant_id_whitespace",
            &e,
        ),
        (
            sign(&base, "short"),
            "weak_secret",
            &[("VIDEOSDK_SECRET_KEY", "short")],
        ),
        (
            format!("Bearer {}", sign(&base, SECRET)),
            "input_cleaned",
            &e,
        ),
        (
            with("note", json!("looks empty\u{200B}")),
            "invisible_characters",
            &e,
        ),
        (with("exp", json!(1e308)), "time_out_of_range", &e),
        (
            format!(
                "{}.{}.c2ln",
                b(r#"{"alg":"HS256","alg":"HS256"}"#),
                b(&base.to_string())
            ),
            "duplicate_key",
            &[],
        ),
        (
            with("apikey", json!("someone-elses")),
            "apikey_mismatch",
            &e,
        ),
        (sign(&base, API_KEY), "signed_with_api_key", &[]),
        (
            with("exp", json!((n + 600) * 1000)),
            "milliseconds_timestamp",
            &e,
        ),
        (
            format!("{} {}", sign(&base, SECRET), sign(&base, SECRET)),
            "more_tokens",
            &e,
        ),
        (
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...".into(),
            "placeholder",
            &[],
        ),
        (
            sign(&base, &format!("{SECRET}{SECRET}")),
            "damaged_secret",
            &e,
        ),
        (with("meetingId", json!("m")), "meeting_id_ignored", &e),
        (
            with("expiresIn", json!("24h")),
            "signing_option_in_payload",
            &e,
        ),
        (
            with("permission", json!(["allow_join"])),
            "misspelt_claim",
            &e,
        ),
        (with("roles", json!(["rtc"])), "roles_without_version", &e),
    ];
    // The four that need a join context (--room-id, --participant-id,
    // --for) are run through the binary in support.rs.
    let with_context = [
        "room_mismatch",
        "participant_mismatch",
        "role_not_allowed",
        "not_for_api",
    ];
    assert_eq!(
        cases.len() + with_context.len(),
        videosdk_token::token::FindingCode::ALL.len()
    );
    for (token, code, env) in cases {
        let r = s.run_env(&["inspect", &token, "--json"], env, "");
        let v = r.json();
        let codes: Vec<&str> = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap())
            .collect();
        assert!(codes.contains(&code), "{code}: {codes:?} {r:?}");
        let severity = videosdk_token::token::FindingCode::ALL
            .iter()
            .find(|c| c.as_str() == code)
            .unwrap()
            .severity();
        let expected_exit = if code == "malformed" || code == "placeholder" {
            2
        } else if severity == videosdk_token::token::Severity::Error {
            1
        } else {
            r.code
        };
        assert_eq!(r.code, expected_exit, "{code}: {r:?}");
    }
}

#[test]
fn huge_input_is_answered_quickly_with_a_clear_message() {
    let s = Sandbox::new();
    for size in [1 << 20, 10 << 20] {
        let input = "eyJ".repeat(size / 3);
        let r = s.run(&["inspect"], &input);
        assert_eq!(r.code, 2, "{size}");
        assert!(
            r.stdout.contains("too long for a VideoSDK token"),
            "{}",
            &r.stdout[..r.stdout.len().min(300)]
        );
        assert!(r.stdout.len() < 2000, "the input is not echoed back");
    }
}

#[test]
fn non_utf8_and_control_bytes_do_not_crash() {
    let s = Sandbox::new();
    let mut c = s.cmd(&["inspect"]);
    c.stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = c.spawn().unwrap();
    {
        use std::io::Write as _;
        let mut stdin = child.stdin.take().unwrap();
        stdin
            .write_all(&[0xff, 0xfe, b'e', b'y', b'J', 0, 7, b'.', 0x80, b'.', b'x'])
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Not a JWT"));
}

#[test]
fn keyring_unavailable_is_explained_with_exit_2_and_nothing_saved() {
    let s = Sandbox::new(); // D-Bus points at nothing
    let r = s.run(
        &["project", "add", "staging", "--api-key", API_KEY],
        &format!("{SECRET}\n"),
    );
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("no Secret Service found"), "{r:?}");
    assert!(r.stderr.contains("--secret-stdin"), "{r:?}");
    r.assert_no_secret(SECRET);
    let list = s.run(&["project", "list"], "");
    assert!(list.stdout.contains("No projects yet"), "{list:?}");
    for (path, bytes) in s.all_files() {
        assert!(
            !String::from_utf8_lossy(&bytes).contains(SECRET),
            "secret in {}",
            path.display()
        );
    }
}

#[test]
fn corrupt_config_is_kept_aside_and_reported() {
    let s = Sandbox::new();
    let cfg = s.config_file();
    std::fs::create_dir_all(cfg.parent().unwrap()).unwrap();
    std::fs::write(&cfg, "[[project]]\nname = \"broken\nid=").unwrap();
    let r = s.run(&["project", "list"], "");
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stderr.contains("could not be read") && r.stderr.contains("projects.toml.corrupt-"),
        "{r:?}"
    );
    let kept: Vec<_> = std::fs::read_dir(cfg.parent().unwrap())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("corrupt-"))
        .collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(
        std::fs::read_to_string(kept[0].path()).unwrap(),
        "[[project]]\nname = \"broken\nid="
    );
    // Generating with env secrets still works despite the broken file.
    std::fs::write(&cfg, "garbage = = =").unwrap();
    let r = s.run_env(&["generate"], &env(), "");
    assert_eq!(r.code, 0, "{r:?}");
}

#[test]
fn project_commands_validate_before_touching_the_keyring() {
    let s = Sandbox::new();
    let r = s.run(&["project", "add", "", "--api-key", API_KEY], "x");
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("invalid project name"), "{r:?}");
    let r = s.run(
        &[
            "project",
            "add",
            "p",
            "--api-key",
            API_KEY,
            "--permission",
            "ask_join,allow_mod",
        ],
        "x",
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("4008"), "{r:?}");
    let r = s.run(&["project", "remove", "nope"], "");
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no project named 'nope'"), "{r:?}");
    let r = s.run(
        &["project", "import-env", "/nonexistent/.env", "--name", "x"],
        "",
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("cannot read /nonexistent/.env"), "{r:?}");
    let r = s.run(&["generate", "--project", "ghost"], "");
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no project named 'ghost'"), "{r:?}");
}

#[test]
fn killing_the_cli_mid_write_never_corrupts_or_loses_projects() {
    use videosdk_token::token::ProjectDefaults;
    use videosdk_token_app::store::{Project, ProjectsFile};
    let s = Sandbox::new();
    let dir = s.config_file().parent().unwrap().to_path_buf();
    let file = ProjectsFile::in_dir(&dir);
    for name in ["a", "b", "c"] {
        file.add(Project::new(
            name,
            &format!("key-{name}"),
            ProjectDefaults::default(),
        ))
        .unwrap();
    }
    let mut killed_early = 0;
    for i in 0..60u32 {
        let mut child = s
            .cmd(&["project", "default", ["a", "b", "c"][i as usize % 3]])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // A pseudo-random moment between 0 and ~8 ms, the life of the process.
        let delay = uuid::Uuid::new_v4().as_bytes()[0] as u64 * 32;
        std::thread::sleep(std::time::Duration::from_micros(delay));
        if child.try_wait().unwrap().is_none() {
            killed_early += 1;
        }
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let loaded = file.load().unwrap();
        assert!(loaded.warning.is_none(), "run {i}: {:?}", loaded.warning);
        let mut names: Vec<&str> = loaded
            .settings
            .projects
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        names.sort_unstable();
        assert_eq!(names, ["a", "b", "c"], "run {i}");
        assert!(loaded.settings.default_project().is_some(), "run {i}");
    }
    assert!(
        killed_early > 0,
        "no process was killed while running: the test proves nothing"
    );
    // The next successful write sweeps away what killed writers left behind.
    assert_eq!(s.run(&["project", "default", "a"], "").code, 0);
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// The remove ordering policy (src/app/projects.rs), seen from the command
/// line: a keyring that fails at the first step changes nothing, so the
/// project stays listed and no secret is orphaned.
#[test]
fn remove_with_an_unreachable_keyring_changes_nothing() {
    use videosdk_token::token::ProjectDefaults;
    use videosdk_token_app::store::{Project, ProjectsFile};
    let s = Sandbox::new(); // D-Bus points at nothing
    let file = ProjectsFile::in_dir(s.config_file().parent().unwrap());
    file.add(Project::new("kept", API_KEY, ProjectDefaults::default()))
        .unwrap();
    let r = s.run(&["project", "remove", "kept"], "");
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("no Secret Service found"), "{r:?}");
    assert!(r.stderr.contains("--secret-stdin"), "{r:?}");
    let names: Vec<String> = file
        .load()
        .unwrap()
        .settings
        .projects
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(names, ["kept"]);
}

/// A 64 KB API key used to make `project list` panic in the formatter.
#[test]
fn project_list_survives_a_huge_api_key() {
    use videosdk_token::token::ProjectDefaults;
    use videosdk_token_app::store::{Project, ProjectsFile};
    let s = Sandbox::new();
    let file = ProjectsFile::in_dir(s.config_file().parent().unwrap());
    let huge = "k".repeat(64 * 1024);
    file.add(Project::new("big", &huge, ProjectDefaults::default()))
        .unwrap();
    let r = s.run(&["project", "list"], "");
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains(&huge), "the key is printed whole");
}
mod diff;
mod evidence;

/// Issue 21: clap reads `{n}` in help text as a line break; every `{…}` in
/// help and examples must print literally.
#[test]
fn every_help_prints_braces_literally() {
    let s = Sandbox::new();
    let commands: &[&[&str]] = &[
        &["--help"],
        &["generate", "--help"],
        &["inspect", "--help"],
        &["diff", "--help"],
        &["scenarios", "--help"],
        &["project", "--help"],
        &["project", "add", "--help"],
        &["project", "list", "--help"],
    ];
    for args in commands {
        let r = s.run(args, "");
        assert_eq!(r.code, 0, "{args:?}: {r:?}");
        for line in r.stdout.lines() {
            assert!(
                !line.trim_end().ends_with('{') && !line.trim_start().starts_with('}'),
                "{args:?}: a brace pair became a line break: {line:?}"
            );
            assert!(
                !line.contains('\u{1b}'),
                "{args:?}: an escape in a pipe: {line:?}"
            );
        }
    }
    let r = s.run(&["generate", "--help"], "");
    assert!(
        r.stdout.contains("--participant-id 'qa-{n}' --count 500"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("{n} becomes 1, 2, 3"), "{}", r.stdout);
}

/// Issue 21: `generate --count N --csv` writes the window's CSV (header,
/// one row per token), with cells a spreadsheet would run neutralised.
#[test]
fn generate_csv_writes_a_header_and_neutralised_rows() {
    let s = Sandbox::new();
    let r = s.run_env(
        &[
            "generate",
            "--count",
            "3",
            "--participant-id",
            "=qa-{n}",
            "--csv",
        ],
        &env(),
        "",
    );
    assert_eq!(r.code, 0, "{r:?}");
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{}", r.stdout);
    assert_eq!(lines[0], "participantId,token");
    for (i, line) in lines[1..].iter().enumerate() {
        let (id, token) = line.split_once(',').unwrap();
        assert_eq!(id, format!("'=qa-{}", i + 1));
        assert_eq!(payload(token)["participantId"], format!("=qa-{}", i + 1));
    }
    let r = s.run_env(&["generate", "--csv", "--json"], &env(), "");
    assert_eq!(r.code, 2, "{r:?}");
}
