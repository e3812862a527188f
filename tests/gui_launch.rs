//! `videosdk-token` with no arguments opens the window; without a display it
//! says why, points to the command line, and exits 2.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report

use std::process::Command;

// Linux: elsewhere there is always a display server to ask.
#[cfg(target_os = "linux")]
#[test]
fn no_display_says_why_and_exits_2() {
    let out = Command::new(env!("CARGO_BIN_EXE_videosdk-token"))
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(stderr.contains("cannot open the window"), "{stderr}");
    assert!(
        stderr.contains("use the command line: videosdk-token --help"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}
