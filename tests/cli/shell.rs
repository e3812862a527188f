//! `completions SHELL` and `man DIR`: generated from the clap definitions,
//! they name every subcommand and the flags' fixed values, and the shells
//! and `man` can read them.

use super::common::{self, Sandbox};

/// Every visible subcommand, with its path under videosdk-token.
const SUBCOMMANDS: &[&str] = &[
    "generate",
    "inspect",
    "diff",
    "project",
    "project add",
    "project edit",
    "project list",
    "project remove",
    "project default",
    "project doctor",
    "project import-env",
    "scenarios",
    "completions",
    "man",
];

/// Values Tab must offer: permissions, roles, presets and --for.
const VALUES: &[&str] = &[
    "allow_join",
    "ask_join",
    "allow_mod",
    "crawler",
    "rtc",
    "host",
    "lobby-guest",
    "meeting-only",
    "join",
    "api",
];

fn tool(name: &str) -> Result<(), String> {
    std::process::Command::new("sh")
        .args(["-c", &format!("command -v {name}")])
        .output()
        .map_err(|e| e.to_string())
        .and_then(|o| {
            if o.status.success() {
                Ok(())
            } else {
                Err(format!("{name} is not installed"))
            }
        })
}

#[test]
fn completions_name_every_subcommand_flag_and_fixed_value() {
    let s = Sandbox::new();
    for shell in ["bash", "zsh", "fish"] {
        let r = s.run(&["completions", shell], "");
        assert_eq!(r.code, 0, "{shell}: {r:?}");
        for sub in SUBCOMMANDS {
            let last = sub.rsplit(' ').next().unwrap();
            assert!(r.stdout.contains(last), "{shell}: no {sub}");
        }
        for flag in ["--secret-stdin", "--rename", "--json", "--count", "--for"] {
            assert!(
                r.stdout.contains(flag.trim_start_matches('-')),
                "{shell}: no {flag}"
            );
        }
        for value in VALUES {
            assert!(r.stdout.contains(value), "{shell}: no value {value}");
        }
    }
    let r = s.run(&["completions", "tcsh"], "");
    assert_eq!(r.code, 2, "{r:?}");
}

#[test]
fn bash_sources_the_completion_and_completes_subcommands() {
    if !common::require(tool("bash"), "bash") {
        return;
    }
    let s = Sandbox::new();
    let script = s.home().join("videosdk-token.bash");
    std::fs::write(&script, s.run(&["completions", "bash"], "").stdout).unwrap();
    // What bash offers after `videosdk-token project e<Tab>` and `--permission <Tab>`.
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            r#"source '{}' && complete -p videosdk-token &&
               COMP_WORDS=(videosdk-token project e); COMP_CWORD=2; COMP_LINE='videosdk-token project e'; COMP_POINT=${{#COMP_LINE}}
               _videosdk__token videosdk-token e project; echo "project: ${{COMPREPLY[*]}}"
               COMP_WORDS=(videosdk-token generate --permission ''); COMP_CWORD=3; COMP_LINE='videosdk-token generate --permission '; COMP_POINT=${{#COMP_LINE}}
               _videosdk__token videosdk-token '' --permission; echo "permission: ${{COMPREPLY[*]}}""#,
            script.display()
        ))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("-F _videosdk__token videosdk-token"),
        "{stdout}"
    );
    assert!(stdout.contains("project: edit"), "{stdout}");
    assert!(
        stdout.contains("permission: allow_join ask_join allow_mod"),
        "{stdout}"
    );
}

#[test]
fn man_pages_cover_every_subcommand_with_examples_and_exit_codes() {
    let s = Sandbox::new();
    let dir = s.home().join("man1");
    let r = s.run(&["man", dir.to_str().unwrap()], "");
    assert_eq!(r.code, 0, "{r:?}");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expected: Vec<String> = std::iter::once("videosdk-token.1".to_owned())
        .chain(
            SUBCOMMANDS
                .iter()
                .map(|s| format!("videosdk-token-{}.1", s.replace(' ', "-"))),
        )
        .collect();
    expected.sort();
    assert_eq!(names, expected);
    assert_eq!(r.stdout.lines().count(), expected.len(), "{r:?}");

    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    let main = read("videosdk-token.1");
    assert!(
        main.starts_with(".ie") || main.contains(".TH videosdk-token 1"),
        "{main}"
    );
    for sub in [
        "generate",
        "inspect",
        "diff",
        "project",
        "scenarios",
        "completions",
        "man",
    ] {
        assert!(
            main.contains(&format!("videosdk\\-token\\-{sub}(1)")),
            "{sub}: {main}"
        );
    }
    assert!(
        main.contains(".SH \"EXIT STATUS\"") || main.contains(".SH EXIT STATUS"),
        "{main}"
    );
    let generate = read("videosdk-token-generate.1");
    for part in [
        "EXAMPLES",
        "SECRET SOURCES",
        "VIDEOSDK_SECRET_KEY",
        "allow_mod",
        "\\-\\-count",
    ] {
        assert!(generate.contains(part), "{part}: {generate}");
    }
    let inspect = read("videosdk-token-inspect.1");
    assert!(
        inspect.contains("EXIT STATUS") && inspect.contains("not verified"),
        "{inspect}"
    );
    let edit = read("videosdk-token-project-edit.1");
    for part in ["\\-\\-rename", "\\-\\-secret\\-stdin", "EXAMPLES"] {
        assert!(edit.contains(part), "{part}: {edit}");
    }

    // man(1) renders them without a warning.
    if !common::require(tool("man"), "man (package man-db)") {
        return;
    }
    let out = std::process::Command::new("man")
        .args(["--warnings", "-l"])
        .arg(dir.join("videosdk-token-generate.1"))
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "100")
        // CI runs these tests again under faketime (LD_PRELOAD); man's
        // groff pipeline fails under it (exit 127), and rendering does not
        // depend on the clock.
        .env_remove("LD_PRELOAD")
        .env_remove("FAKETIME")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let warnings = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{warnings}");
    assert!(warnings.trim().is_empty(), "man warned: {warnings}");
    assert!(text.contains("EXAMPLES"), "{text}");
    assert!(
        text.contains(
            "videosdk-token generate --room-id abc-defg-hij --participant-id 'qa-{n}' --count 500"
        ),
        "examples keep their lines: {text}"
    );
}
