//! The real OS keyring (Secret Service on Linux) through the real binary.
//! Skips with the reason when no unlocked Secret Service is reachable;
//! with CI=true a missing service fails these tests instead.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report

mod common;

use common::{API_KEY, SECRET, Sandbox, now_s, sign};
use serde_json::json;
use videosdk_token::token::{SecretEncoding, SecretKey};
use videosdk_token_app::store::{Keyring, ProjectsFile};

/// A real round trip on a throwaway entry: open, write, read, delete.
fn secret_service() -> Result<(), String> {
    let k = Keyring::platform();
    k.status().map_err(|e| e.to_string())?;
    let account = format!("probe-{}", uuid::Uuid::new_v4());
    let probe = SecretKey::parse("probe", SecretEncoding::Text).unwrap();
    k.set(&account, &probe).map_err(|e| e.to_string())?;
    let fresh = Keyring::platform();
    let got = fresh.get(&account).map_err(|e| e.to_string())?;
    fresh.delete(&account).map_err(|e| e.to_string())?;
    match got {
        Some(s) if s.expose() == b"probe" => Ok(()),
        _ => Err("the keyring did not return what was stored".into()),
    }
}

fn project_id(s: &Sandbox, name: &str) -> String {
    let dir = s.config_file().parent().unwrap().to_path_buf();
    let settings = ProjectsFile::in_dir(&dir).load().unwrap().settings;
    settings.find(name).unwrap().id.clone()
}

#[test]
fn projects_live_in_the_real_keyring_and_never_on_disk() {
    if !common::require(secret_service(), "an unlocked Secret Service") {
        return;
    }
    let s = Sandbox::with_keyring();
    let prod_secret = "prod-secret-9f8e7d6c5b4a39281706f5e4";
    let mut outputs = Vec::new();

    let r = s.run(
        &["project", "add", "staging", "--api-key", API_KEY],
        &format!("{SECRET}\n"),
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains("It is the default project"), "{r:?}");
    outputs.push(r);
    let r = s.run(
        &[
            "project",
            "add",
            "prod",
            "--api-key",
            "prod-key",
            "--permission",
            "allow_join,allow_mod",
            "--expires",
            "2h",
        ],
        prod_secret,
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert!(!r.stdout.contains("default"), "{r:?}");
    outputs.push(r);
    let r = s.run(&["project", "add", "staging", "--api-key", "x"], "whatever");
    assert_eq!(r.code, 2, "duplicate name: {r:?}");

    let list = s.run(&["project", "list", "--json"], "");
    assert_eq!(list.code, 0, "{list:?}");
    let rows = list.json();
    assert_eq!(rows.as_array().unwrap().len(), 2);
    assert_eq!(rows[0]["name"], "staging");
    assert_eq!(rows[0]["default"], true);
    assert_eq!(rows[0]["secret"], "in keyring");
    assert_eq!(rows[1]["secret"], "in keyring");
    outputs.push(list);
    outputs.push(s.run(&["project", "list"], ""));

    // The default project signs when nothing else is given.
    let g = s.run(&["generate"], "");
    assert_eq!(g.code, 0, "{g:?}");
    let staging_token = g.stdout.trim().to_owned();
    outputs.push(g);
    let g = s.run(&["generate", "--project", "prod"], "");
    assert_eq!(g.code, 0, "{g:?}");
    let prod_token = g.stdout.trim().to_owned();
    let p = common::payload(&prod_token);
    assert_eq!(p["apikey"], "prod-key");
    assert_eq!(p["permissions"], json!(["allow_join", "allow_mod"]));
    assert_eq!(
        p["exp"].as_i64().unwrap() - p["iat"].as_i64().unwrap(),
        7200
    );
    outputs.push(g);

    // inspect tries saved projects and names the signer.
    let i = s.run(&["inspect", &staging_token, "--json"], "");
    assert_eq!(i.code, 0, "{i:?}");
    assert_eq!(i.json()["signature"]["project"], "staging");
    outputs.push(i);
    let i = s.run(&["inspect", &prod_token], "");
    assert_eq!(i.code, 0, "{i:?}");
    assert!(
        i.stdout.starts_with("Valid — signed by project prod"),
        "{i:?}"
    );
    outputs.push(i);
    // Staging's key but another secret: mismatch, naming staging.
    let forged = sign(
        &json!({"apikey": API_KEY, "permissions": ["allow_join"], "exp": now_s() + 60}),
        "rotated-secret-rotated-secret-rot",
    );
    let i = s.run(&["inspect", &forged, "--json"], "");
    assert_eq!(i.code, 1, "{i:?}");
    let v = i.json();
    assert_eq!(v["signature"]["status"], "mismatch");
    assert!(
        v["verdict"].as_str().unwrap().contains("project staging"),
        "{v}"
    );
    // A key no project has: unknown_apikey, not verified.
    let stranger = sign(
        &json!({"apikey": "someone-else", "permissions": ["allow_join"], "exp": now_s() + 60}),
        "their-secret-their-secret-their-se",
    );
    let i = s.run(&["inspect", &stranger, "--json"], "");
    assert_eq!(i.code, 3, "{i:?}");
    let codes: Vec<String> = i.json()["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_owned())
        .collect();
    assert!(codes.contains(&"unknown_apikey".to_owned()), "{codes:?}");

    // Secrets are in no file and in no output.
    for (path, bytes) in s.all_files() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains(SECRET) && !text.contains(prod_secret),
            "secret in {}",
            path.display()
        );
    }
    for o in &outputs {
        o.assert_no_secret(SECRET);
        o.assert_no_secret(prod_secret);
    }

    // Default, then remove: the keyring entry goes with the project.
    let d = s.run(&["project", "default", "prod"], "");
    assert_eq!(d.code, 0, "{d:?}");
    let staging_id = project_id(&s, "staging");
    assert!(Keyring::platform().get(&staging_id).unwrap().is_some());
    let r = s.run(&["project", "remove", "staging"], "");
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        Keyring::platform().get(&staging_id).unwrap().is_none(),
        "keyring entry removed"
    );
    let prod_id = project_id(&s, "prod");
    let r = s.run(&["project", "remove", "prod"], "");
    assert_eq!(r.code, 0, "{r:?}");
    assert!(Keyring::platform().get(&prod_id).unwrap().is_none());
}

#[test]
fn concurrent_cli_writers_lose_no_project() {
    if !common::require(secret_service(), "an unlocked Secret Service") {
        return;
    }
    let s = Sandbox::with_keyring();
    let children: Vec<_> = (0..8)
        .map(|i| {
            let mut c = s.cmd(&[
                "project",
                "add",
                &format!("p{i}"),
                "--api-key",
                &format!("key-{i}"),
            ]);
            c.stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped());
            let mut child = c.spawn().unwrap();
            use std::io::Write as _;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(format!("secret-number-{i}-0123456789abcdef").as_bytes())
                .unwrap();
            child
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let rows = s.run(&["project", "list", "--json"], "").json();
    let mut names: Vec<String> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    assert_eq!(names, (0..8).map(|i| format!("p{i}")).collect::<Vec<_>>());
    assert_eq!(
        rows.as_array()
            .unwrap()
            .iter()
            .filter(|r| r["default"] == true)
            .count(),
        1
    );
    assert!(
        rows.as_array()
            .unwrap()
            .iter()
            .all(|r| r["secret"] == "in keyring")
    );
    for i in 0..8 {
        assert_eq!(s.run(&["project", "remove", &format!("p{i}")], "").code, 0);
    }
}

#[test]
fn import_env_file_into_the_keyring() {
    if !common::require(secret_service(), "an unlocked Secret Service") {
        return;
    }
    let s = Sandbox::with_keyring();
    let env_path = s.home().join("app.env");
    std::fs::write(
        &env_path,
        format!("# app\nVIDEOSDK_API_KEY={API_KEY}\nexport VIDEOSDK_SECRET_KEY=\"{SECRET}\"\n"),
    )
    .unwrap();
    let r = s.run(
        &[
            "project",
            "import-env",
            env_path.to_str().unwrap(),
            "--name",
            "from-env",
        ],
        "",
    );
    assert_eq!(r.code, 0, "{r:?}");
    r.assert_no_secret(SECRET);
    let g = s.run(&["generate", "--project", "from-env"], "");
    assert_eq!(g.code, 0, "{g:?}");
    let i = s.run_env(
        &["inspect", g.stdout.trim()],
        &[("VIDEOSDK_SECRET_KEY", SECRET)],
        "",
    );
    assert_eq!(i.code, 0, "signed with the imported secret: {i:?}");
    assert_eq!(s.run(&["project", "remove", "from-env"], "").code, 0);
}
