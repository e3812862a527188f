//! Issue 21: every path the user names, and stdin, is read with a bound. A
//! FIFO, a device or an oversized file is refused at once with exit 2; a
//! secret has one length limit whatever its source.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{Run, Sandbox};

/// A hang guard, not a speed check: a refused read ends in milliseconds;
/// the old code read `/dev/zero` or waited on a FIFO forever.
const HANG: Duration = Duration::from_secs(60);

/// Runs the binary with its address space capped at 1 GiB (`prlimit`), so a
/// regression that reads `/dev/zero` dies of ENOMEM instead of taking the
/// machine's memory, and kills it if it has not ended after [`HANG`].
fn run_bounded(s: &Sandbox, args: &[&str]) -> Run {
    let plain = s.cmd(args);
    let mut c = Command::new("prlimit");
    c.arg("--as=1073741824").arg("--").arg(plain.get_program());
    c.args(plain.get_args());
    for (k, v) in plain.get_envs() {
        match v {
            Some(v) => c.env(k, v),
            None => c.env_remove(k),
        };
    }
    c.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().expect("prlimit (util-linux) runs");
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > HANG {
            let _ = child.kill();
            panic!("{args:?} still running after {HANG:?}: an unbounded or blocking read");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Run::from(child.wait_with_output().unwrap())
}

fn fifo_in(dir: &Path) -> std::path::PathBuf {
    let p = dir.join("pipe.env");
    let made = Command::new("mkfifo").arg(&p).status().unwrap();
    assert!(made.success());
    p
}

#[test]
fn import_env_refuses_devices_fifos_folders_and_huge_files_unread() {
    let s = Sandbox::new();
    let fifo = fifo_in(s.home());
    let huge = s.home().join("huge.env");
    std::fs::write(
        &huge,
        format!(
            "VIDEOSDK_API_KEY=k\nVIDEOSDK_SECRET_KEY={}\n",
            "s".repeat(3 << 20)
        ),
    )
    .unwrap();
    let cases = [
        (
            "/dev/zero",
            "cannot read /dev/zero: it is a device, not a regular file",
        ),
        (
            fifo.to_str().unwrap(),
            "it is a named pipe (FIFO), not a regular file",
        ),
        (
            s.home().to_str().unwrap(),
            "it is a folder, not a regular file",
        ),
        (huge.to_str().unwrap(), "it is larger than 1 MB"),
    ];
    for (path, said) in cases {
        let r = run_bounded(&s, &["project", "import-env", path, "--name", "x"]);
        assert_eq!(r.code, 2, "{path}: {r:?}");
        assert!(r.stderr.contains(said), "{path}: {r:?}");
        assert!(r.stdout.is_empty(), "{r:?}");
        assert!(!r.stderr.contains("sss"), "{r:?}");
    }
    assert!(!s.config_file().exists(), "nothing saved");
}

#[test]
fn claims_files_are_bounded_the_same_way() {
    let s = Sandbox::new();
    let fifo = fifo_in(s.home());
    let env = [
        ("VIDEOSDK_API_KEY", "k"),
        ("VIDEOSDK_SECRET_KEY", "0123456789abcdef0123456789abcdef"),
    ];
    for (path, said) in [
        (
            "@/dev/zero".to_owned(),
            "it is a device, not a regular file; give a .json file",
        ),
        (format!("@{}", fifo.display()), "it is a named pipe (FIFO)"),
    ] {
        let mut c = s.cmd(&["generate", "--claims", &path]);
        c.envs(env);
        let r = s.run_cmd(c, "");
        assert_eq!(r.code, 2, "{r:?}");
        assert!(r.stderr.contains(said), "{r:?}");
        assert!(r.stdout.is_empty(), "no token before the refusal: {r:?}");
    }
}

#[test]
fn one_secret_length_limit_on_every_path() {
    let s = Sandbox::new();
    let long = "s".repeat(5000);
    let said = "the secret is 5000 bytes, longer than the 1024 accepted";
    // The environment.
    let r = s.run_env(
        &["generate"],
        &[("VIDEOSDK_API_KEY", "k"), ("VIDEOSDK_SECRET_KEY", &long)],
        "",
    );
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains(said), "{r:?}");
    // A .env import.
    let env = s.home().join(".env");
    std::fs::write(
        &env,
        format!("VIDEOSDK_API_KEY=k\nVIDEOSDK_SECRET_KEY={long}\n"),
    )
    .unwrap();
    let r = s.run(
        &[
            "project",
            "import-env",
            env.to_str().unwrap(),
            "--name",
            "x",
        ],
        "",
    );
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains(said), "{r:?}");
    // stdin: stops reading past the limit, whatever follows.
    let r = s.run(
        &["project", "add", "x", "--api-key", "k", "--secret-stdin"],
        &format!("{}\n", "s".repeat(1 << 20)),
    );
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("longer than the 1024 bytes accepted"),
        "{r:?}"
    );
    let r = s.run(
        &["project", "add", "x", "--api-key", "k", "--secret-stdin"],
        &format!("{}\n", "s".repeat(1025)),
    );
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("the secret is 1025 bytes"), "{r:?}");
    assert!(!r.stderr.contains("sss"), "{r:?}");
    assert!(!s.config_file().exists(), "nothing saved");
}
