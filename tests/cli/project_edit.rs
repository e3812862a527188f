//! `project edit` and `project add --secret-stdin` through the real binary:
//! what is not given is kept, a rename keeps the secret, a new secret
//! replaces the old one, a taken name is refused, and a keyring that fails
//! loses nothing.

use std::collections::BTreeSet;

use super::common::{self, API_KEY, SECRET, Sandbox};
use videosdk_token::token::{ProjectDefaults, SecretEncoding, SecretKey};
use videosdk_token_app::store::{Keyring, Project, ProjectsFile, SERVICE_ENV};

fn file(s: &Sandbox) -> ProjectsFile {
    ProjectsFile::in_dir(s.config_file().parent().unwrap())
}

/// (name, api key, permissions, lifetime) of every saved project, in order.
fn rows(s: &Sandbox) -> Vec<(String, String, String, String)> {
    file(s)
        .load()
        .unwrap()
        .settings
        .projects
        .into_iter()
        .map(|p| {
            (
                p.name,
                p.api_key,
                p.permissions.to_string(),
                p.expires.to_string(),
            )
        })
        .collect()
}

fn row(name: &str, key: &str, perms: &str, expires: &str) -> (String, String, String, String) {
    (name.into(), key.into(), perms.into(), expires.into())
}

#[test]
fn edit_changes_only_what_is_given_and_needs_no_keyring() {
    let s = Sandbox::new(); // D-Bus points at nothing: no flag here opens the keyring
    file(&s)
        .add(Project::new("staging", API_KEY, ProjectDefaults::default()))
        .unwrap();
    let before = rows(&s);
    assert_eq!(before, [row("staging", API_KEY, "allow_join", "24h")]);

    let r = s.run(
        &[
            "project",
            "edit",
            "staging",
            "--expires",
            "2h",
            "--permission",
            "allow_join,allow_mod",
        ],
        "",
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains("its secret is unchanged"), "{r:?}");
    assert_eq!(
        rows(&s),
        [row("staging", API_KEY, "allow_join,allow_mod", "2h")]
    );

    let r = s.run(&["project", "edit", "staging", "--api-key", "new-key"], "");
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(
        rows(&s),
        [row("staging", "new-key", "allow_join,allow_mod", "2h")],
        "permissions and lifetime are kept when not given"
    );

    let r = s.run(&["project", "edit", "staging"], "");
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("nothing to change"), "{r:?}");
    let r = s.run(&["project", "edit", "ghost", "--expires", "1h"], "");
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("no project named 'ghost'"), "{r:?}");
    let r = s.run(
        &[
            "project",
            "edit",
            "staging",
            "--permission",
            "ask_join,allow_join",
        ],
        "",
    );
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("4008"), "{r:?}");
    assert_eq!(
        rows(&s),
        [row("staging", "new-key", "allow_join,allow_mod", "2h")]
    );
}

#[test]
fn edit_refuses_a_name_another_project_has() {
    let s = Sandbox::new();
    for name in ["staging", "prod"] {
        file(&s)
            .add(Project::new(name, API_KEY, ProjectDefaults::default()))
            .unwrap();
    }
    let before = std::fs::read(s.config_file()).unwrap();
    for taken in ["prod", "PROD"] {
        let r = s.run(
            &[
                "project",
                "edit",
                "staging",
                "--rename",
                taken,
                "--secret-stdin",
            ],
            &format!("{SECRET}\n"),
        );
        assert_eq!(r.code, 2, "{taken}: {r:?}");
        assert!(r.stderr.contains("already exists"), "{r:?}");
        // Refused before the secret is read or the keyring is opened.
        assert!(!r.stderr.contains("Secret Service"), "{r:?}");
        r.assert_no_secret(SECRET);
    }
    assert_eq!(std::fs::read(s.config_file()).unwrap(), before);
    // Its own name (renaming to itself) is not "taken".
    let r = s.run(&["project", "edit", "staging", "--rename", "staging"], "");
    assert_eq!(r.code, 0, "{r:?}");
}

/// The keyring-first policy: a new secret goes to the keyring before the
/// file is written, so a keyring that cannot be reached changes nothing:
/// not the name, not the API key, not the file's bytes.
#[test]
fn edit_with_an_unreachable_keyring_loses_nothing() {
    let s = Sandbox::new(); // D-Bus points at nothing
    file(&s)
        .add(Project::new("kept", API_KEY, ProjectDefaults::default()))
        .unwrap();
    let before = std::fs::read(s.config_file()).unwrap();
    let r = s.run(
        &[
            "project",
            "edit",
            "kept",
            "--rename",
            "renamed",
            "--api-key",
            "other-key",
            "--secret-stdin",
        ],
        &format!("{SECRET}\n"),
    );
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("no Secret Service found"), "{r:?}");
    assert!(r.stderr.contains("--secret-stdin"), "{r:?}");
    r.assert_no_secret(SECRET);
    assert_eq!(std::fs::read(s.config_file()).unwrap(), before);
    for (path, bytes) in s.all_files() {
        assert!(
            !String::from_utf8_lossy(&bytes).contains(SECRET),
            "secret in {}",
            path.display()
        );
    }
}

#[test]
fn add_accepts_secret_stdin_spelt_out() {
    let s = Sandbox::new(); // D-Bus points at nothing
    for args in [
        &[
            "project",
            "add",
            "p",
            "--api-key",
            API_KEY,
            "--secret-stdin",
        ][..],
        &[
            "project",
            "add",
            "p",
            "--api-key",
            API_KEY,
            "--secret-stdin",
            "--secret-base64",
        ],
    ] {
        let r = s.run(args, "c2VjcmV0LXNlY3JldC1zZWNyZXQ\n");
        // Parsed, the secret read, then refused by the missing keyring (not
        // "unexpected argument").
        assert_eq!(r.code, 2, "{r:?}");
        assert!(!r.stderr.contains("unexpected argument"), "{r:?}");
        assert!(r.stderr.contains("no Secret Service found"), "{r:?}");
    }
    assert!(rows(&s).is_empty());
}

// ------------------------------------------------------- with the keyring

/// A Secret Service service name of this test's own (as in tests/attacks.rs).
fn keyring_service() -> Option<String> {
    let service = format!("videosdk-token-test-{}", uuid::Uuid::new_v4());
    let k = Keyring::platform().with_service(&service);
    let probe = (|| {
        k.status().map_err(|e| e.to_string())?;
        let key = SecretKey::parse("probe", SecretEncoding::Text).unwrap();
        k.set("probe", &key).map_err(|e| e.to_string())?;
        k.delete("probe").map_err(|e| e.to_string())
    })();
    common::require(probe, "an unlocked Secret Service").then_some(service)
}

fn accounts(service: &str) -> BTreeSet<String> {
    Keyring::platform()
        .with_service(service)
        .accounts()
        .unwrap()
        .into_iter()
        .collect()
}

/// Whether `token` verifies with `secret` given on stdin (the keyring unused).
fn verifies_with(s: &Sandbox, token: &str, secret: &str) -> bool {
    let r = s.run(
        &["inspect", token, "--secret-stdin", "--json"],
        &format!("{secret}\n"),
    );
    r.json()["signature"]["status"] == "verified"
}

#[test]
fn rename_keeps_the_secret_and_secret_stdin_replaces_it() {
    let Some(service) = keyring_service() else {
        return;
    };
    let s = Sandbox::with_keyring();
    let run = |args: &[&str], stdin: &str| s.run_env(args, &[(SERVICE_ENV, &service)], stdin);
    let new_secret = "rotated-secret-0123456789-zyxwvutsrq";

    // add, with --secret-stdin spelt out
    let r = run(
        &[
            "project",
            "add",
            "staging",
            "--api-key",
            API_KEY,
            "--secret-stdin",
        ],
        &format!("{SECRET}\n"),
    );
    assert_eq!(r.code, 0, "{r:?}");
    let id = file(&s).load().unwrap().settings.projects[0].id.clone();
    assert_eq!(accounts(&service), BTreeSet::from([id.clone()]));

    // rename: same id, same keyring entry, still signs with the old secret
    let r = run(
        &["project", "edit", "staging", "--rename", "staging-eu"],
        "",
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains("staging-eu (was staging)"), "{r:?}");
    let settings = file(&s).load().unwrap().settings;
    assert_eq!(settings.projects.len(), 1);
    assert_eq!(settings.projects[0].id, id);
    assert_eq!(settings.projects[0].name, "staging-eu");
    assert_eq!(accounts(&service), BTreeSet::from([id.clone()]));
    let g = run(&["generate", "--project", "staging-eu"], "");
    assert_eq!(g.code, 0, "{g:?}");
    assert!(verifies_with(&s, g.stdout.trim(), SECRET), "{g:?}");
    let gone = run(&["generate", "--project", "staging"], "");
    assert_eq!(gone.code, 2, "{gone:?}");

    // a new secret replaces the old one in the keyring, nothing else changes
    let r = run(
        &["project", "edit", "staging-eu", "--secret-stdin"],
        &format!("{new_secret}\n"),
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stdout.contains("new secret is in the OS keyring"),
        "{r:?}"
    );
    r.assert_no_secret(new_secret);
    assert_eq!(rows(&s), [row("staging-eu", API_KEY, "allow_join", "24h")]);
    let g = run(&["generate", "--project", "staging-eu"], "");
    assert_eq!(g.code, 0, "{g:?}");
    assert!(verifies_with(&s, g.stdout.trim(), new_secret));
    assert!(!verifies_with(&s, g.stdout.trim(), SECRET));
    for (path, bytes) in s.all_files() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains(SECRET) && !text.contains(new_secret),
            "secret in {}",
            path.display()
        );
    }

    let r = run(&["project", "remove", "staging-eu"], "");
    assert_eq!(r.code, 0, "{r:?}");
    assert!(accounts(&service).is_empty());
}
