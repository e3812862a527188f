//! The real binary on real desktops, through the scripts that drive them:
//!
//! - `scripts/wayland-test.sh`: sway headless, no X server; keys by wtype,
//!   the clipboard through wl-copy/wl-paste (data-control), grim screenshots.
//! - `scripts/atspi-test.sh` (+ `atspi-test.py`): the accessibility bus as a
//!   screen reader reads it, under Xvfb.
//!
//! Without their tools these print `SKIPPED` and pass; with `CI=true` they
//! fail instead (`.ci/run` installs the tools and creates the unprivileged
//! user sway needs).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report

mod common;

use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_videosdk-token");

/// Ok if every program is on the PATH (or is an existing path).
fn have(programs: &[&str]) -> Result<(), String> {
    let missing: Vec<&str> = programs
        .iter()
        .copied()
        .filter(|p| {
            if p.starts_with('/') {
                !Path::new(p).exists()
            } else {
                !Command::new("sh")
                    .args(["-c", &format!("command -v {p}")])
                    .output()
                    .is_ok_and(|o| o.status.success())
            }
        })
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!("missing {}", missing.join(", ")))
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Pyatspi, the accessibility bus's Python client, can be imported.
fn have_pyatspi() -> Result<(), String> {
    let ok = Command::new("/usr/bin/python3")
        .args(["-c", "import pyatspi"])
        .output()
        .is_ok_and(|o| o.status.success());
    if ok {
        Ok(())
    } else {
        Err("python3-pyatspi is not installed".to_owned())
    }
}

/// Runs a script once; its output is shown when it fails. The scripts wait
/// for states, not fixed times, so a failure is a failure: no second try.
fn run_script(script: &str, args: &[&str]) {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = Command::new(format!("{root}/scripts/{script}"))
        .args(args)
        .current_dir(root)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "{script} failed ({})\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
        out.status
    );
    // The checks that passed, in the test's output (`--nocapture` shows them).
    print!("{stdout}");
}

#[test]
fn wayland_without_x_window_keyboard_clipboard_and_auto_clear() {
    let user = std::env::var("WAYLAND_TEST_USER").unwrap_or_else(|_| "vtest".to_owned());
    let tools = have(&[
        "sway",
        "swaymsg",
        "wtype",
        "wl-copy",
        "wl-paste",
        "grim",
        "convert",
        "dbus-run-session",
        "dbus-send",
        "gnome-keyring-daemon",
        "/usr/libexec/at-spi-bus-launcher",
        "/usr/bin/python3",
    ])
    .and_then(|()| have_pyatspi())
    .and_then(|()| {
        // sway refuses root: as root the script needs a user to run it as.
        if is_root()
            && !Command::new("id")
                .arg(&user)
                .output()
                .is_ok_and(|o| o.status.success())
        {
            Err(format!(
                "running as root and there is no user '{user}' (useradd -m {user})"
            ))
        } else {
            Ok(())
        }
    });
    if !common::require(
        tools,
        "a headless Wayland compositor (apt-get install sway wtype wl-clipboard grim imagemagick dbus-daemon gnome-keyring at-spi2-core python3-pyatspi)",
    ) {
        return;
    }
    let shot = tempfile::tempdir().unwrap();
    let shot = shot.path().join("wayland-inspect.png");
    run_script("wayland-test.sh", &[BIN, shot.to_str().unwrap()]);
    assert!(shot.exists(), "the Wayland screenshot was taken");
}

#[test]
fn screen_reader_reads_every_screen_over_atspi() {
    let tools = have(&[
        "Xvfb",
        "xdotool",
        "xclip",
        "dbus-run-session",
        "dbus-send",
        "gnome-keyring-daemon",
        "/usr/libexec/at-spi-bus-launcher",
        "/usr/bin/python3",
    ])
    .and_then(|()| have_pyatspi());
    if !common::require(
        tools,
        "the AT-SPI accessibility bus (apt-get install at-spi2-core python3-pyatspi xvfb xdotool xclip dbus-daemon gnome-keyring)",
    ) {
        return;
    }
    run_script("atspi-test.sh", &[BIN]);
}
