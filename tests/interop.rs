//! Interoperability with the library VideoSDK's documentation uses (Node
//! `jsonwebtoken`): our tokens pass its `verify`, its tokens pass our
//! `inspect`. Needs Node.js and `npm ci --prefix tests/node`; skips with the
//! reason when they are missing, fails instead when CI=true.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report

mod common;

use std::path::PathBuf;
use std::process::{Command, Stdio};

use common::{API_KEY, SECRET, Sandbox, payload};

fn node_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/node")
}

fn node_ready() -> Result<(), String> {
    let v = Command::new("node")
        .arg("--version")
        .output()
        .map_err(|e| format!("node: {e}"))?;
    if !v.status.success() {
        return Err("node --version failed".into());
    }
    if !node_dir()
        .join("node_modules/jsonwebtoken/package.json")
        .exists()
    {
        return Err("tests/node/node_modules is missing: run `npm ci --prefix tests/node`".into());
    }
    Ok(())
}

fn node(script: &str, args: &[&str], stdin: &str) -> (i32, String, String) {
    use std::io::Write as _;
    let mut child = Command::new("node")
        .arg(node_dir().join(script))
        .args(args)
        .env("VIDEOSDK_API_KEY", API_KEY)
        .env("VIDEOSDK_SECRET_KEY", SECRET)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const ENV: [(&str, &str); 2] = [
    ("VIDEOSDK_API_KEY", API_KEY),
    ("VIDEOSDK_SECRET_KEY", SECRET),
];

#[test]
fn our_tokens_pass_jsonwebtoken_verify_with_identical_claims() {
    if !common::require(node_ready(), "Node.js with jsonwebtoken") {
        return;
    }
    let s = Sandbox::new();
    let variants: &[&[&str]] = &[
        &["generate"],
        &["generate", "--permission", "ask_join", "--expires", "10m"],
        &[
            "generate",
            "--permission",
            "allow_join,allow_mod",
            "--expires",
            "7d",
        ],
        &[
            "generate",
            "--room-id",
            "abc-defg-hij",
            "--participant-id",
            "qa-{n}",
            "--role",
            "rtc,crawler",
            "--count",
            "50",
        ],
        &["generate", "--role", "crawler", "--expires", "1y"],
    ];
    let mut tokens = Vec::new();
    for args in variants {
        let r = s.run_env(args, &ENV, "");
        assert_eq!(r.code, 0, "{args:?}: {r:?}");
        tokens.extend(r.stdout.lines().map(str::to_owned));
    }
    assert_eq!(tokens.len(), 54);
    let (code, out, err) = node("verify.js", &[], &(tokens.join("\n") + "\n"));
    assert_eq!(code, 0, "jsonwebtoken rejected our token: {err}");
    let verified: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(verified.len(), tokens.len());
    for (t, v) in tokens.iter().zip(&verified) {
        assert_eq!(v["claims"], payload(t), "claims differ for {t}");
        assert_eq!(
            v["header"],
            serde_json::json!({"alg": "HS256", "typ": "JWT"})
        );
    }
    // And the negative: a token signed with another secret is rejected by Node too.
    let r = s.run_env(
        &["generate"],
        &[
            ("VIDEOSDK_API_KEY", API_KEY),
            ("VIDEOSDK_SECRET_KEY", "another-secret-entirely-123456789"),
        ],
        "",
    );
    let (code, _, err) = node("verify.js", &[], &r.stdout);
    assert_eq!(code, 1);
    assert!(err.contains("invalid signature"), "{err}");
}

#[test]
fn tokens_from_the_documented_node_snippet_inspect_as_verified() {
    if !common::require(node_ready(), "Node.js with jsonwebtoken") {
        return;
    }
    let s = Sandbox::new();
    let (code, out, err) = node("sign.js", &["20"], "");
    assert_eq!(code, 0, "{err}");
    let (code2, out2, err2) = node(
        "sign.js",
        &[
            "5",
            r#"{"version":2,"roomId":"abc-defg-hij","participantId":"qa-1","roles":["rtc"]}"#,
        ],
        "",
    );
    assert_eq!(code2, 0, "{err2}");
    let tokens: Vec<&str> = out.lines().chain(out2.lines()).collect();
    assert_eq!(tokens.len(), 25);
    for t in tokens {
        let r = s.run_env(&["inspect", t, "--json"], &ENV, "");
        assert_eq!(r.code, 0, "{r:?}");
        let v = r.json();
        assert_eq!(v["signature"]["status"], "verified");
        assert!(
            v["findings"]
                .as_array()
                .unwrap()
                .iter()
                .all(|f| f["severity"] != "error"),
            "{v}"
        );
        assert!(
            v["verdict"]
                .as_str()
                .unwrap()
                .starts_with("Valid — signed with VIDEOSDK_SECRET_KEY"),
            "{v}"
        );
        assert_eq!(v["claims"]["apikey"], API_KEY);
        let claims = v["claims"].as_object().unwrap();
        for k in ["apikey", "permissions", "iat", "exp", "jti"] {
            assert!(claims.contains_key(k), "{k} missing: {v}");
        }
    }
}
