//! Saved projects under attack and faults, through the real binary: a
//! hostile local user (symlinks, writable directories, FIFOs, devices,
//! look-alike names), an unlucky machine (a failing rename, corrupt files),
//! endless input, and concurrent writers. Tests that need the real Secret
//! Service (or strace) skip with the reason outside CI and fail inside it.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{API_KEY, SECRET, Sandbox};
use videosdk_token::token::{ProjectDefaults, SecretEncoding, SecretKey};
use videosdk_token_app::store::{Keyring, Project, ProjectsFile, SERVICE_ENV};

fn config_dir(s: &Sandbox) -> PathBuf {
    s.config_file().parent().unwrap().to_path_buf()
}

/// Projects written straight into the sandbox's file (no keyring needed).
fn seed(s: &Sandbox, names: &[&str]) -> ProjectsFile {
    let dir = config_dir(s);
    std::fs::create_dir_all(&dir).unwrap();
    set_mode(&dir, 0o700);
    let file = ProjectsFile::in_dir(&dir);
    for n in names {
        file.add(Project::new(
            n,
            &format!("key-{n}"),
            ProjectDefaults::default(),
        ))
        .unwrap();
    }
    file
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn names(file: &ProjectsFile) -> Vec<String> {
    let mut n: Vec<String> = file
        .load()
        .unwrap()
        .settings
        .projects
        .into_iter()
        .map(|p| p.name)
        .collect();
    n.sort();
    n
}

// ------------------------------------------------------- files and links

#[test]
fn planted_symlinks_are_never_followed() {
    let s = Sandbox::new();
    let file = seed(&s, &["a", "b"]);
    let dir = config_dir(&s);
    let victim = s.home().join("bashrc");
    std::fs::write(&victim, "# the victim's file\n").unwrap();
    // Temporary names an attacker might guess, as links to the victim.
    for n in 0..200 {
        std::os::unix::fs::symlink(&victim, dir.join(format!("projects.toml.tmp-{n}"))).unwrap();
    }
    let r = s.run(&["project", "default", "b"], "");
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(
        std::fs::read_to_string(&victim).unwrap(),
        "# the victim's file\n"
    );
    assert_eq!(names(&file), ["a", "b"]);
    let left = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .count();
    assert_eq!(left, 0, "stale temporaries (and planted links) are swept");

    // The lock file as a link: refused, the victim untouched.
    std::fs::remove_file(dir.join("projects.toml.lock")).unwrap();
    std::os::unix::fs::symlink(&victim, dir.join("projects.toml.lock")).unwrap();
    let r = s.run(&["project", "default", "a"], "");
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("lock file"), "{r:?}");
    assert_eq!(
        std::fs::read_to_string(&victim).unwrap(),
        "# the victim's file\n"
    );
}

#[test]
fn a_config_directory_or_file_others_can_write_is_refused_with_the_fix() {
    let s = Sandbox::new();
    let file = seed(&s, &["a"]);
    let dir = config_dir(&s);
    set_mode(&dir, 0o777);
    let r = s.run(&["project", "list"], "");
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("other users can write"), "{r:?}");
    assert!(
        r.stderr.contains(&format!("chmod 700 {}", dir.display())),
        "{r:?}"
    );
    set_mode(&dir, 0o700);
    set_mode(file.path(), 0o666);
    let r = s.run(&["project", "list"], "");
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("chmod 600"), "{r:?}");
    set_mode(file.path(), 0o600);
    assert_eq!(s.run(&["project", "list"], "").code, 0);
}

#[test]
fn fifos_devices_and_huge_files_are_refused_at_once() {
    let s = Sandbox::new();
    seed(&s, &[]);
    let path = s.config_file();
    type Make<'a> = &'a dyn Fn(&Path);
    let cases: [(&str, Make<'_>); 3] = [
        ("named pipe", &|p| {
            assert!(Command::new("mkfifo").arg(p).status().unwrap().success());
        }),
        ("a device", &|p| {
            std::os::unix::fs::symlink("/dev/zero", p).unwrap();
        }),
        ("far more than a projects file", &|p| {
            std::fs::write(p, "#".repeat(2 << 20)).unwrap();
            set_mode(p, 0o600);
        }),
    ];
    for (want, make) in cases {
        let _ = std::fs::remove_file(&path);
        make(&path);
        let started = Instant::now();
        let r = s.run(&["project", "list"], "");
        assert!(started.elapsed() < Duration::from_secs(10), "{want}: hung");
        assert_eq!(r.code, 2, "{want}: {r:?}");
        assert!(r.stderr.contains(want), "{want}: {r:?}");
        // inspect still explains a token, with a warning.
        let r = s.run(&["inspect", "not-a-token"], "");
        assert_eq!(r.code, 2, "{want}: {r:?}");
        assert!(r.stdout.starts_with("Not a JWT"), "{want}: {r:?}");
    }
}

#[test]
fn corrupt_files_within_one_second_keep_every_backup() {
    let s = Sandbox::new();
    seed(&s, &[]);
    let path = s.config_file();
    for (i, junk) in ["first [broken", "second [broken", "third [broken"]
        .iter()
        .enumerate()
    {
        std::fs::write(&path, junk).unwrap();
        set_mode(&path, 0o600);
        let r = s.run(&["project", "list"], "");
        assert_eq!(r.code, 0, "{i}: {r:?}");
    }
    let mut kept: Vec<String> = std::fs::read_dir(config_dir(&s))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("corrupt-"))
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect();
    kept.sort();
    assert_eq!(kept, ["first [broken", "second [broken", "third [broken"]);
}

// ------------------------------------------------------- input and limits

#[test]
fn endless_input_ends_at_once() {
    let s = Sandbox::new();
    for source in ["/dev/zero", "yes"] {
        let mut c = s.cmd(&["inspect"]);
        let mut feeder = None;
        if source == "yes" {
            let mut yes = Command::new("yes").stdout(Stdio::piped()).spawn().unwrap();
            c.stdin(yes.stdout.take().unwrap());
            feeder = Some(yes);
        } else {
            c.stdin(std::fs::File::open(source).unwrap());
        }
        let started = Instant::now();
        let out = c.output().unwrap();
        if let Some(mut y) = feeder {
            let _ = y.kill();
            let _ = y.wait();
        }
        assert!(started.elapsed() < Duration::from_secs(10), "{source}");
        assert_eq!(out.status.code(), Some(2), "{source}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("too long for a VideoSDK token"),
            "{source}"
        );
    }
}

#[test]
fn generate_never_makes_a_token_inspect_refuses() {
    let s = Sandbox::new();
    let env = [
        ("VIDEOSDK_API_KEY", API_KEY),
        ("VIDEOSDK_SECRET_KEY", SECRET),
    ];
    let huge = "p".repeat(12 * 1024);
    let r = s.run_env(&["generate", "--participant-id", &huge], &env, "");
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("participantId is 12288 bytes"), "{r:?}");
    // The largest accepted values still make a token inspect reads.
    let room = "r".repeat(1024);
    let participant = "q".repeat(1024);
    let r = s.run_env(
        &[
            "generate",
            "--room-id",
            &room,
            "--participant-id",
            &participant,
        ],
        &env,
        "",
    );
    assert_eq!(r.code, 0, "{r:?}");
    let i = s.run_env(&["inspect", r.stdout.trim()], &env, "");
    assert_eq!(i.code, 0, "{i:?}");
    // An API key of 64 KB is refused before the secret is asked for.
    let key = "k".repeat(64 * 1024);
    let r = s.run(&["project", "add", "big", "--api-key", &key], "");
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("apikey is 65536 bytes"), "{r:?}");
}

#[test]
fn look_alike_names_and_hidden_characters_are_refused() {
    let s = Sandbox::new();
    let file = seed(&s, &["staging"]);
    let cases = [
        ("ｓｔａｇｉｎｇ", "already exists"),
        ("STAGING", "already exists"),
        ("staging\u{200b}", "invisible"),
        ("\u{202e}gnigats", "invisible"),
        ("stag\u{1b}[2Jing", "control characters"),
    ];
    for (name, want) in cases {
        let r = s.run(&["project", "add", name, "--api-key", API_KEY], "x\n");
        assert_eq!(r.code, 2, "{name:?}: {r:?}");
        assert!(r.stderr.contains(want), "{name:?}: want {want}: {r:?}");
    }
    let r = s.run(
        &[
            "project",
            "add",
            "other",
            "--api-key",
            "key\u{1b}]0;pwned\u{7}",
        ],
        "x\n",
    );
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("control character"), "{r:?}");
    assert_eq!(names(&file), ["staging"]);
}

// ------------------------------------------------------- the process

/// The owner of `/proc/PID/environ` becomes root when a process makes
/// itself non-dumpable; so the binary runs as an unprivileged user (nobody,
/// through setpriv, when the test runs as root).
#[test]
fn the_process_is_not_dumpable() {
    use std::os::unix::fs::MetadataExt as _;
    use std::os::unix::fs::PermissionsExt as _;
    let me = rustix::process::geteuid().as_raw();
    let work = tempfile::tempdir().unwrap();
    let bin = work.path().join("videosdk-token");
    std::fs::copy(env!("CARGO_BIN_EXE_videosdk-token"), &bin).unwrap();
    std::fs::set_permissions(work.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut c = if me == 0 {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&bin);
        c
    } else {
        Command::new(&bin)
    };
    let mut child = c
        .args(["inspect", "-"])
        .env("HOME", work.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let runs_as = if me == 0 { 65534 } else { me };
    let environ = PathBuf::from(format!("/proc/{}/environ", child.id()));
    // Wait until the process is our binary, past exec and its first line.
    let mut owner = None;
    for _ in 0..200 {
        let exe = std::fs::read_link(format!("/proc/{}/exe", child.id())).ok();
        if exe.as_deref() == Some(bin.as_path()) {
            std::thread::sleep(Duration::from_millis(100));
            owner = std::fs::metadata(&environ).ok().map(|m| m.uid());
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    drop(child.stdin.take());
    let _ = child.wait();
    assert_eq!(
        owner,
        Some(0),
        "a non-dumpable process's /proc files belong to root, not to {runs_as}"
    );
}

// ------------------------------------------------------- with the keyring

/// A Secret Service for this test alone: entries under a service name of
/// their own, so parallel tests never see each other's secrets.
fn keyring_sandbox() -> Option<(Sandbox, String)> {
    let service = format!("videosdk-token-test-{}", uuid::Uuid::new_v4());
    let k = Keyring::platform().with_service(&service);
    let probe = (|| {
        k.status().map_err(|e| e.to_string())?;
        let key = SecretKey::parse("probe", SecretEncoding::Text).unwrap();
        k.set("probe", &key).map_err(|e| e.to_string())?;
        k.delete("probe").map_err(|e| e.to_string())
    })();
    if !common::require(probe, "an unlocked Secret Service") {
        return None;
    }
    Some((Sandbox::with_keyring(), service))
}

fn accounts(service: &str) -> BTreeSet<String> {
    Keyring::platform()
        .with_service(service)
        .accounts()
        .unwrap()
        .into_iter()
        .collect()
}

fn ids(s: &Sandbox) -> BTreeSet<String> {
    ProjectsFile::in_dir(&config_dir(s))
        .load()
        .unwrap()
        .settings
        .projects
        .into_iter()
        .map(|p| p.id)
        .collect()
}

fn run_in(s: &Sandbox, service: &str, args: &[&str], stdin: &str) -> common::Run {
    s.run_env(args, &[(SERVICE_ENV, service)], stdin)
}

#[test]
fn sixteen_processes_of_mixed_changes_leave_file_and_keyring_agreeing() {
    let Some((s, service)) = keyring_sandbox() else {
        return;
    };
    let s = std::sync::Arc::new(s);
    let workers: Vec<_> = (0..16)
        .map(|w| {
            let (s, service) = (s.clone(), service.clone());
            std::thread::spawn(move || {
                for i in 0..6 {
                    let name = format!("n{}", (w * 7 + i * 3) % 5);
                    let args: Vec<&str> = match (w + i) % 3 {
                        0 => vec!["project", "add", &name, "--api-key", API_KEY],
                        1 => vec!["project", "remove", &name],
                        _ => vec!["project", "default", &name],
                    };
                    let r = run_in(&s, &service, &args, &format!("{SECRET}-{w}-{i}\n"));
                    assert!(r.code == 0 || r.code == 2, "{args:?}: {r:?}");
                }
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    assert_eq!(ids(&s), accounts(&service), "file ids == keyring accounts");
    let d = run_in(&s, &service, &["project", "doctor", "--json"], "");
    assert_eq!(d.code, 0, "{d:?}");
    assert_eq!(d.json()["orphaned_secrets"], serde_json::json!([]));
    assert_eq!(d.json()["without_secret"], serde_json::json!([]));
    for id in accounts(&service) {
        Keyring::platform()
            .with_service(&service)
            .delete(&id)
            .unwrap();
    }
}

#[test]
fn doctor_finds_and_fixes_orphans_both_ways() {
    let Some((s, service)) = keyring_sandbox() else {
        return;
    };
    assert_eq!(
        run_in(
            &s,
            &service,
            &["project", "add", "kept", "--api-key", API_KEY],
            "s1\n"
        )
        .code,
        0
    );
    // A secret whose project is gone, and a project whose secret is gone.
    let k = Keyring::platform().with_service(&service);
    k.set(
        "orphan-id",
        &SecretKey::parse("s2", SecretEncoding::Text).unwrap(),
    )
    .unwrap();
    ProjectsFile::in_dir(&config_dir(&s))
        .add(Project::new("hollow", "key-h", ProjectDefaults::default()))
        .unwrap();
    let d = run_in(&s, &service, &["project", "doctor"], "");
    assert_eq!(d.code, 0, "{d:?}");
    assert!(
        d.stdout
            .contains("secret without a project: keyring account orphan-id"),
        "{d:?}"
    );
    assert!(
        d.stdout.contains("project without a secret: hollow"),
        "{d:?}"
    );
    let f = run_in(&s, &service, &["project", "doctor", "--fix"], "");
    assert_eq!(f.code, 0, "{f:?}");
    assert!(
        f.stdout
            .contains("Deleted 1 orphaned secret(s) and removed 1 project(s)"),
        "{f:?}"
    );
    let d = run_in(&s, &service, &["project", "doctor", "--json"], "");
    assert_eq!(d.json()["orphaned_secrets"], serde_json::json!([]));
    assert_eq!(ids(&s), accounts(&service));
    assert_eq!(ids(&s).len(), 1, "'kept' stays");
    for id in accounts(&service) {
        k.delete(&id).unwrap();
    }
}

/// The file's rename fails (ENOSPC, injected with strace) after the keyring
/// step of `project remove`: the secret is put back, the project stays.
#[test]
fn a_failing_rename_during_remove_loses_nothing() {
    let Some((s, service)) = keyring_sandbox() else {
        return;
    };
    let strace = Command::new("strace")
        .arg("-V")
        .output()
        .map(|_| ())
        .map_err(|e| e.to_string());
    if !common::require(strace, "strace (fault injection)") {
        return;
    }
    assert_eq!(
        run_in(
            &s,
            &service,
            &["project", "add", "one", "--api-key", API_KEY],
            "s1\n"
        )
        .code,
        0
    );
    let before = ids(&s);
    let mut c = Command::new("strace");
    c.args([
        "-f",
        "-qq",
        "-o",
        "/dev/null",
        "-e",
        "inject=rename,renameat,renameat2:error=ENOSPC",
        "--",
    ])
    .arg(env!("CARGO_BIN_EXE_videosdk-token"))
    .args(["project", "remove", "one"]);
    let base = s.cmd(&[]);
    for (k, v) in base.get_envs() {
        match v {
            Some(v) => c.env(k, v),
            None => c.env_remove(k),
        };
    }
    let out = c.env(SERVICE_ENV, &service).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("No space left on device"), "{stderr}");
    assert_eq!(ids(&s), before, "the project stays listed");
    assert_eq!(accounts(&service), before, "and keeps its secret");
    assert_eq!(
        run_in(&s, &service, &["project", "remove", "one"], "").code,
        0
    );
    assert!(accounts(&service).is_empty());
}
