//! Helpers shared by the integration tests: run the real binary in a
//! sandboxed home, sign arbitrary tokens, decide whether an external service
//! test runs or skips.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{KeyInit, Mac};

pub mod wild;

pub const SECRET: &str = "test-secret-0123456789-abcdefghijklmnop";
pub const API_KEY: &str = "test-api-key-1";

/// True when running in CI, where every external-service test must run.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// Skips (prints why and returns false) outside CI; fails the test in CI.
pub fn require(available: Result<(), String>, what: &str) -> bool {
    match available {
        Ok(()) => true,
        Err(why) if in_ci() => panic!("CI=true but {what} is not available: {why}"),
        Err(why) => {
            // Through the io handle, not eprintln!: the harness swallows the
            // macro's output for passing tests, and a skip must be seen.
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED {}: {what} is not available here ({why}); with CI=true this fails",
                std::thread::current().name().unwrap_or("test")
            );
            false
        }
    }
}

/// A home directory of its own for one test: config, data and the like.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
    /// Keep the real D-Bus session (for keyring tests); otherwise point at nothing.
    pub real_dbus: bool,
}

impl Sandbox {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
            real_dbus: false,
        }
    }
    pub fn with_keyring() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
            real_dbus: true,
        }
    }
    pub fn home(&self) -> &Path {
        self.dir.path()
    }
    pub fn config_file(&self) -> PathBuf {
        self.home().join("config/videosdk-token/projects.toml")
    }

    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_videosdk-token"));
        c.args(args)
            .env("HOME", self.home())
            .env("XDG_CONFIG_HOME", self.home().join("config"))
            .env("XDG_DATA_HOME", self.home().join("data"))
            .env("XDG_CACHE_HOME", self.home().join("cache"))
            .env("TZ", "UTC")
            .env_remove("VIDEOSDK_SECRET_KEY")
            .env_remove("VIDEOSDK_API_KEY")
            .stdin(Stdio::null());
        if !self.real_dbus {
            c.env(
                "DBUS_SESSION_BUS_ADDRESS",
                "unix:path=/nonexistent/videosdk-token-test-bus",
            );
        }
        c
    }

    /// Runs with `stdin` piped in.
    pub fn run(&self, args: &[&str], stdin: &str) -> Run {
        self.run_cmd(self.cmd(args), stdin)
    }

    pub fn run_env(&self, args: &[&str], env: &[(&str, &str)], stdin: &str) -> Run {
        let mut c = self.cmd(args);
        for (k, v) in env {
            c.env(k, v);
        }
        self.run_cmd(c, stdin)
    }

    pub fn run_cmd(&self, mut c: Command, stdin: &str) -> Run {
        c.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = c.spawn().unwrap();
        let mut pipe = child.stdin.take().unwrap();
        let input = stdin.as_bytes().to_vec();
        // Write from a thread so a large input cannot deadlock against a full stdout.
        let writer = std::thread::spawn(move || {
            let _ = pipe.write_all(&input);
        });
        let out = child.wait_with_output().unwrap();
        let _ = writer.join();
        Run::from(out)
    }

    /// Every file under the sandbox, with its bytes.
    pub fn all_files(&self) -> Vec<(PathBuf, Vec<u8>)> {
        fn walk(dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return;
            };
            for e in entries.flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, out);
                } else if let Ok(b) = std::fs::read(&p) {
                    out.push((p, b));
                }
            }
        }
        let mut out = Vec::new();
        walk(self.home(), &mut out);
        out
    }
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Self {
        Self {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.stdout))
    }
    pub fn assert_no_secret(&self, secret: &str) {
        assert!(
            !self.stdout.contains(secret),
            "secret on stdout: {}",
            self.stdout
        );
        assert!(
            !self.stderr.contains(secret),
            "secret on stderr: {}",
            self.stderr
        );
    }
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// Signs any claims with HS256 (a stand-in for someone else's backend).
pub fn sign(claims: &serde_json::Value, secret: &str) -> String {
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"HS256","typ":"JWT"}"#),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(input.as_bytes());
    format!(
        "{input}.{}",
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    )
}

pub fn now_s() -> i64 {
    jiff::Timestamp::now().as_second()
}

/// Decodes a token's payload without checking anything.
pub fn payload(token: &str) -> serde_json::Value {
    let p = token.trim().split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(p).unwrap()).unwrap()
}

/// A failed snapshot, with where to look: the picture this run drew, the
/// difference, and how to accept the new one (README "Snapshots").
#[allow(dead_code)] // only the window tests take snapshots
pub fn snapshot_failure(name: &str, e: &dyn std::fmt::Display) -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    format!(
        "snapshot '{name}' failed: {e}\n  expected: {}\n  this run: {}\n  difference: {}\n  look at them, then accept a wanted change with UPDATE_SNAPSHOTS=1 cargo test --test gui",
        dir.join(format!("{name}.png")).display(),
        dir.join(format!("{name}.new.png")).display(),
        dir.join(format!("{name}.diff.png")).display(),
    )
}
