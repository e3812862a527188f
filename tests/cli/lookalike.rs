//! Issue 21: one look-alike policy (UTS #39 confusable skeletons plus the
//! invisible class, extended with U+034F, variation selectors and U+2800)
//! for VideoSDK claim names, project names and preset names. Refused at
//! input, naming what it resembles; flagged by inspect; escaped in every
//! human output, diff included.

use serde_json::json;

use crate::common::{API_KEY, SECRET, Sandbox, now_s, sign};

fn env() -> [(&'static str, &'static str); 2] {
    [
        ("VIDEOSDK_API_KEY", API_KEY),
        ("VIDEOSDK_SECRET_KEY", SECRET),
    ]
}

/// Each look-alike, the claim it reads as, and how human output shows it.
const CASES: [(&str, &str, &str); 7] = [
    ("\u{430}pikey", "apikey", "<U+0430>pikey"),
    ("r\u{43e}\u{43e}mId", "roomId", "r<U+043E><U+043E>mId"),
    ("room\u{399}d", "roomId", "room<U+0399>d"),
    ("ap\u{131}key", "apikey", "ap<U+0131>key"),
    ("apikey\u{34f}", "apikey", "apikey<U+034F>"),
    ("apikey\u{fe0f}", "apikey", "apikey<U+FE0F>"),
    ("apikey\u{2800}", "apikey", "apikey<U+2800>"),
];

#[test]
fn look_alike_claim_names_are_refused_at_input_naming_the_claim() {
    let s = Sandbox::new();
    for (name, claim, shown) in CASES {
        let claims = json!({ name: "x" }).to_string();
        let r = s.run_env(&["generate", "--claims", &claims], &env(), "");
        assert_eq!(r.code, 2, "{name:?}: {r:?}");
        assert!(r.stdout.is_empty(), "{r:?}");
        assert!(
            r.stderr
                .contains(&format!("'{shown}' looks like VideoSDK's '{claim}' claim")),
            "{name:?}: {r:?}"
        );
        assert!(!r.stderr.contains(name), "raw in {r:?}");
    }
    let r = s.run_env(&["generate", "--claims", r#"{"аpikey": "x"}"#], &env(), "");
    assert!(
        r.stderr.contains("(character 1 is U+0430 (Cyrillic))"),
        "{r:?}"
    );
}

#[test]
fn inspect_flags_look_alikes_and_shows_them_escaped_in_text_and_diff() {
    let s = Sandbox::new();
    let base = json!({"apikey": API_KEY, "permissions": ["allow_join"],
        "iat": now_s() - 60, "exp": now_s() + 3600});
    for (name, claim, shown) in CASES {
        let mut claims = base.clone();
        claims[name] = json!("x");
        let token = sign(&claims, SECRET);
        let r = s.run_env(&["inspect", &token], &env(), "");
        assert!(
            r.stdout.contains("misspelt_claim") || r.stdout.contains("invisible_characters"),
            "{name:?} flagged: {r:?}"
        );
        assert!(r.stdout.contains(shown), "{name:?} shown as {shown}: {r:?}");
        assert!(!r.stdout.contains(name), "{name:?} raw: {r:?}");
        assert!(!r.stdout.starts_with("Valid\n"), "{r:?}");
        // JSON keeps the name exactly, for scripts.
        let r = s.run_env(&["inspect", &token, "--json"], &env(), "");
        let v = r.json();
        assert!(v["claims"].get(name).is_some(), "{name:?}: {v}");
        let codes: Vec<&str> = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap())
            .collect();
        assert!(
            codes.contains(&"misspelt_claim") || codes.contains(&"invisible_characters"),
            "{name:?}: {codes:?}"
        );
        if !name
            .chars()
            .any(|c| matches!(c, '\u{34f}' | '\u{fe0f}' | '\u{2800}'))
        {
            let f = &v["findings"].as_array().unwrap()[0];
            assert!(
                f["message"]
                    .as_str()
                    .unwrap()
                    .contains(&format!("looks like VideoSDK's {claim}")),
                "{f}"
            );
        }
        // diff against the same token without it: the row is escaped.
        let plain = sign(&base, SECRET);
        let r = s.run_env(&["diff", &plain, &token], &env(), "");
        assert!(r.stdout.contains(shown), "diff {name:?}: {r:?}");
        assert!(!r.stdout.contains(name), "diff raw {name:?}: {r:?}");
    }
}

#[test]
fn project_names_that_look_like_another_are_refused_naming_it() {
    use videosdk_token::token::ProjectDefaults;
    use videosdk_token_app::store::{Project, ProjectsFile};
    let s = Sandbox::new();
    let dir = s.config_file().parent().unwrap().to_path_buf();
    ProjectsFile::in_dir(&dir)
        .add(Project::new("staging", "k", ProjectDefaults::default()))
        .unwrap();
    // The name is checked before the secret is stored: no keyring needed.
    let add = |name: &str| {
        s.run(
            &["project", "add", name, "--api-key", "k", "--secret-stdin"],
            "0123456789abcdef0123456789abcdef\n",
        )
    };
    let r = add("\u{455}taging");
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains(
            "'\u{455}taging' looks like the project 'staging' but is another name (character 1 is U+0455 (Cyrillic))"
        ),
        "{r:?}"
    );
    let r = add("st\u{430}ging");
    assert_eq!(r.code, 2, "{r:?}");
    let r = s.run(
        &["project", "edit", "staging", "--rename", "st\u{430}ging"],
        "",
    );
    assert_eq!(
        r.code, 0,
        "renaming a project to a look-alike of itself: {r:?}"
    );
}
