//! Hostile tokens through the real binary (`tests/data/hostile-tokens.json`,
//! made by `tests/data/make-hostile-tokens.py`): nothing a customer pastes
//! reaches the terminal raw (control, bidi, zero-width characters are shown
//! as escapes; only the tool's own colours are escape sequences), exit codes
//! are right, the JSON keeps exact values, nothing panics.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report

mod common;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use common::{Run, Sandbox};
use serde_json::Value;
use videosdk_token::token::is_invisible;

const CORPUS: &str = include_str!("data/hostile-tokens.json");

#[derive(Debug, serde::Deserialize)]
struct Case {
    name: String,
    token: String,
    secret: Option<String>,
    api_key: Option<String>,
    expect_exit: i32,
    expect_findings: Vec<String>,
    expect_shown: Vec<String>,
}

fn corpus() -> Vec<Case> {
    serde_json::from_str(CORPUS).unwrap()
}

/// Runs `inspect` on a case: the secret piped (or, with an API key, as a
/// saved-project stand-in through the environment), the token as argument
/// or, with `via_stdin`, on stdin after the secret.
fn inspect(s: &Sandbox, c: &Case, extra: &[&str], env: &[(&str, &str)], via_stdin: bool) -> Run {
    let mut args = vec!["inspect"];
    if !via_stdin {
        args.push(&c.token);
    }
    args.extend(extra);
    let mut env = env.to_vec();
    let mut stdin = String::new();
    match (&c.secret, &c.api_key) {
        (Some(secret), Some(key)) => {
            env.extend([
                ("VIDEOSDK_SECRET_KEY", secret.as_str()),
                ("VIDEOSDK_API_KEY", key),
            ]);
        }
        (Some(secret), None) => {
            args.push("--secret-stdin");
            stdin = format!("{secret}\n");
        }
        (None, _) => {}
    }
    if via_stdin {
        stdin.push_str(&c.token);
    }
    s.run_env(&args, &env, &stdin)
}

/// The first raw control, bidi or invisible character other than a line
/// break, with what surrounds it.
fn raw_invisible(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let at = chars.iter().position(|&c| c != '\n' && is_invisible(c))?;
    let around: String = chars[at.saturating_sub(40)..(at + 40).min(chars.len())]
        .iter()
        .collect();
    Some(format!("U+{:04X} in {around:?}", u32::from(chars[at])))
}

fn assert_no_raw(c: &Case, what: &str, text: &str) {
    if let Some(found) = raw_invisible(text) {
        panic!("{}: raw character on {what}: {found}", c.name);
    }
}

/// With colours forced, the only escape sequences are the verdict's own
/// style around the first line; the rest is as plain as without colours.
fn assert_only_own_colours(c: &Case, r: &Run) {
    let mut lines = r.stdout.split('\n');
    let first = lines.next().unwrap();
    let body = first
        .strip_suffix("\u{1b}[0m")
        .unwrap_or_else(|| panic!("{}: verdict not styled: {first:?}", c.name));
    let mut body = body;
    while let Some(rest) = body.strip_prefix("\u{1b}[") {
        let end = rest.find('m').unwrap();
        assert!(rest[..end].bytes().all(|b| b.is_ascii_digit() || b == b';'));
        body = &rest[end + 1..];
    }
    assert_no_raw(c, "the coloured verdict", body);
    for line in lines {
        assert_no_raw(c, "coloured stdout", line);
    }
}

fn codes(v: &Value) -> Vec<&str> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect()
}

/// The payload as any JSON parser reads it (last duplicate wins), if it is JSON.
fn payload(token: &str) -> Option<Value> {
    let part = token.split('.').nth(1)?;
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).ok()?).ok()
}

#[test]
fn the_corpus_covers_every_kind_of_hostile_token() {
    let cases = corpus();
    let names: Vec<&str> = cases.iter().map(|c| c.name.as_str()).collect();
    for kind in [
        "escape-in-claim-name",
        "escape-in-header-fields",
        "rlo-in-participant-id",
        "zero-width-space-in-apikey-of-a-project",
        "duplicate-alg",
        "duplicate-exp",
        "exp-1e308",
        "exp-negative",
        "exp-fractional",
        "exp-string",
        "bom-before-payload",
        "utf16le-payload-with-bom",
        "latin1-payload",
        "nested-200-deep",
        "16kb-of-claims",
    ] {
        assert!(names.contains(&kind), "{kind} missing");
    }
    // Every code the issue adds is exercised.
    for code in ["invisible_characters", "duplicate_key", "time_out_of_range"] {
        assert!(
            cases
                .iter()
                .any(|c| c.expect_findings.iter().any(|f| f == code)),
            "{code}"
        );
    }
}

#[test]
fn human_output_never_writes_a_hostile_character_raw() {
    let s = Sandbox::new();
    for c in corpus() {
        let r = inspect(&s, &c, &[], &[], false);
        assert_eq!(r.code, c.expect_exit, "{}: {r:?}", c.name);
        assert_no_raw(&c, "stdout", &r.stdout);
        assert_no_raw(&c, "stderr", &r.stderr);
        for want in &c.expect_shown {
            assert!(r.stdout.contains(want), "{}: want {want:?}: {r:?}", c.name);
        }
        // A terminal keeps colours: only the tool's own get through.
        let coloured = inspect(&s, &c, &[], &[("CLICOLOR_FORCE", "1")], false);
        assert_eq!(coloured.code, c.expect_exit, "{}: {coloured:?}", c.name);
        assert_only_own_colours(&c, &coloured);
        assert_no_raw(&c, "coloured stderr", &coloured.stderr);
    }
}

#[test]
fn json_output_keeps_exact_values_and_nothing_raw() {
    let s = Sandbox::new();
    for c in corpus() {
        let r = inspect(&s, &c, &["--json"], &[], false);
        assert_eq!(r.code, c.expect_exit, "{}: {r:?}", c.name);
        assert_no_raw(&c, "JSON stdout", &r.stdout);
        let v = r.json();
        let found = codes(&v);
        for want in &c.expect_findings {
            assert!(
                found.contains(&want.as_str()),
                "{}: want {want}: {found:?}",
                c.name
            );
        }
        if c.expect_exit != 2 {
            assert_eq!(Some(&v["claims"]), payload(&c.token).as_ref(), "{}", c.name);
        }
    }
}

#[test]
fn hostile_tokens_on_stdin_are_answered_the_same() {
    let s = Sandbox::new();
    for c in corpus() {
        let r = inspect(&s, &c, &[], &[], true);
        // On stdin a secret line comes first; the pasted-text cases have none.
        assert_eq!(r.code, c.expect_exit, "{}: {r:?}", c.name);
        assert_no_raw(&c, "stdout", &r.stdout);
    }
}

#[test]
fn hostile_arguments_are_shown_in_error_messages() {
    let s = Sandbox::new();
    for args in [
        &["generate", "--permission", "allow_join\u{1b}[2J"][..],
        &["generate", "--role", "rtc\u{202E}"][..],
        &["generate", "--expires", "1h\u{1b}]0;x\u{7}"][..],
        &["project", "remove", "\u{1b}[2Jghost\u{200B}"][..],
        &["inspect", "\u{9b}2J"][..],
    ] {
        let r = s.run(args, "");
        assert_eq!(r.code, 2, "{args:?}: {r:?}");
        assert_no_raw_arg(args, &r.stderr);
        assert_no_raw_arg(args, &r.stdout);
        // Forced colours: the tool and clap style their own words; none
        // of the argument gets through raw.
        let r = s.run_env(args, &[("CLICOLOR_FORCE", "1")], "");
        assert_eq!(r.code, 2, "{args:?}: {r:?}");
        for out in [&r.stderr, &r.stdout] {
            assert!(
                !out.contains("\u{1b}[2J") && !out.contains("\u{1b}]0;"),
                "{args:?}: {r:?}"
            );
            assert!(
                !out.contains(['\u{202E}', '\u{200B}', '\u{9b}', '\u{7}']),
                "{args:?}: {r:?}"
            );
        }
    }
    let r = s.run(&["project", "remove", "\u{1b}[2Jghost\u{200B}"], "");
    assert!(r.stderr.contains("'\\u{1b}[2Jghost<U+200B>'"), "{r:?}");
    let r = s.run(&["generate", "--role", "rtc\u{202E}"], "");
    assert!(r.stderr.contains("rtc<U+202E>"), "{r:?}");
}

fn assert_no_raw_arg(args: &[&str], text: &str) {
    if let Some(found) = raw_invisible(text) {
        panic!("{args:?}: raw character: {found}");
    }
}

#[test]
fn hostile_api_keys_are_shown_in_the_project_list() {
    use videosdk_token::token::ProjectDefaults;
    use videosdk_token_app::store::{Project, ProjectsFile};
    let s = Sandbox::new();
    let file = ProjectsFile::in_dir(s.config_file().parent().unwrap());
    let key = "8a1f\u{200B}\u{1b}[2J";
    // Names with control or invisible characters are refused when saved;
    // an API key written to the file is listed as it is.
    file.add(Project::new("staging", key, ProjectDefaults::default()))
        .unwrap();
    let r = s.run(&["project", "list"], "");
    assert_eq!(r.code, 0, "{r:?}");
    assert_no_raw_arg(&["project", "list"], &r.stdout);
    assert!(r.stdout.contains("8a1f<U+200B>\\u{1b}[2J"), "{r:?}");
    let r = s.run(&["project", "list", "--json"], "");
    assert_no_raw_arg(&["project", "list", "--json"], &r.stdout);
    assert_eq!(r.json()[0]["api_key"], key, "exact in JSON");
}
