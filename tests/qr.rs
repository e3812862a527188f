//! `generate --qr` and `--qr-png` through the real binary, decoded with a
//! real QR decoder (`zbarimg`, Debian `zbar-tools`): the PNG and the
//! terminal text both give back exactly the token. Without zbarimg the
//! decoding tests print SKIPPED (with `CI=true` they fail).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report

mod common;

use std::path::Path;
use std::process::Command;

use common::{API_KEY, Run, SECRET, Sandbox};

/// Whether `zbarimg` runs here.
fn zbarimg() -> Result<(), String> {
    match Command::new("zbarimg").arg("--version").output() {
        Ok(o) if o.status.success() => Ok(()),
        Ok(o) => Err(format!("zbarimg --version exited {}", o.status)),
        Err(e) => Err(format!("zbarimg: {e}")),
    }
}

fn need_zbarimg() -> bool {
    common::require(zbarimg(), "zbarimg (apt-get install zbar-tools)")
}

/// What zbarimg reads in the image: the payload, without the newline it adds.
fn decode(png: &Path) -> String {
    let out = Command::new("zbarimg")
        .args(["-q", "--raw"])
        .arg(png)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "zbarimg found no code in {} (exit {}): {}",
        png.display(),
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    text.strip_suffix('\n').unwrap_or(&text).to_owned()
}

/// `generate` signed with the environment's secret (no keyring needed).
fn generate(s: &Sandbox, args: &[&str]) -> Run {
    let mut all = vec!["generate"];
    all.extend_from_slice(args);
    s.run_env(
        &all,
        &[
            ("VIDEOSDK_API_KEY", API_KEY),
            ("VIDEOSDK_SECRET_KEY", SECRET),
        ],
        "",
    )
}

fn is_jwt(line: &str) -> bool {
    line.split('.').count() == 3
        && line
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Terminal QR text drawn as pixels: each character is one module wide and
/// two tall (upper half, lower half); a block is light, a space dark, as
/// the terminal shows them on a dark background. `px` pixels per module.
fn terminal_to_png(text: &str, px: usize) -> Vec<u8> {
    let lines: Vec<Vec<char>> = text.lines().map(|l| l.chars().collect()).collect();
    let width = lines[0].len();
    assert!(lines.iter().all(|l| l.len() == width), "ragged QR text");
    let mut pixels = Vec::new();
    for line in &lines {
        for half in [0, 1] {
            let row: Vec<u8> = line
                .iter()
                .flat_map(|&c| {
                    let light = match (c, half) {
                        ('█', _) | ('▀', 0) | ('▄', 1) => true,
                        (' ' | '▀' | '▄', _) => false,
                        (other, _) => panic!("unexpected character {other:?} in the QR text"),
                    };
                    std::iter::repeat_n(if light { 255 } else { 0 }, px)
                })
                .collect();
            for _ in 0..px {
                pixels.extend_from_slice(&row);
            }
        }
    }
    let (w, h) = (width * px, lines.len() * 2 * px);
    let mut out = Vec::new();
    let mut e = png::Encoder::new(&mut out, w as u32, h as u32);
    e.set_color(png::ColorType::Grayscale);
    e.set_depth(png::BitDepth::Eight);
    let mut wr = e.write_header().unwrap();
    wr.write_image_data(&pixels).unwrap();
    wr.finish().unwrap();
    out
}

#[test]
fn qr_png_decodes_to_exactly_the_printed_token() {
    let s = Sandbox::new();
    let path = s.home().join("token.png");
    let r = generate(&s, &["--qr-png", path.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{r:?}");
    let token = r.stdout.trim_end();
    assert!(is_jwt(token), "{r:?}");
    assert_eq!(r.stdout.lines().count(), 1, "only the token on stdout");
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    // Holds a credential: readable by the owner only.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "mode {mode:o}");
    }
    if need_zbarimg() {
        assert_eq!(decode(&path), token);
    }
}

#[test]
fn qr_png_with_json_decodes_to_the_json_token() {
    let s = Sandbox::new();
    let path = s.home().join("t.png");
    let r = generate(&s, &["--json", "--qr-png", path.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{r:?}");
    let token = r.json()["token"].as_str().unwrap().to_owned();
    if need_zbarimg() {
        assert_eq!(decode(&path), token);
    }
}

#[test]
fn terminal_qr_follows_the_token_and_decodes_to_it() {
    let s = Sandbox::new();
    // A v2 token, longer than the plain one (a bigger code).
    let r = generate(
        &s,
        &[
            "--qr",
            "--room-id",
            "abcd-efgh-ijkl",
            "--participant-id",
            "qa-1",
            "--role",
            "rtc",
        ],
    );
    assert_eq!(r.code, 0, "{r:?}");
    let (token, qr) = r.stdout.split_once('\n').unwrap();
    assert!(is_jwt(token), "{r:?}");
    // Not a terminal: plain text, no escape sequences.
    assert!(!qr.contains('\x1b'));
    let lines: Vec<&str> = qr.lines().collect();
    let width = lines[0].chars().count();
    assert_eq!(lines.len(), width.div_ceil(2), "square in modules");
    assert!(
        lines[..2].iter().all(|l| l.chars().all(|c| c == '█')),
        "quiet zone"
    );
    let png = s.home().join("terminal.png");
    std::fs::write(&png, terminal_to_png(qr, 4)).unwrap();
    if need_zbarimg() {
        assert_eq!(decode(&png), token, "the terminal QR scans as the token");
    }
}

#[test]
fn terminal_qr_paints_both_colours_when_colours_are_on() {
    let s = Sandbox::new();
    let mut c = s.cmd(&["generate", "--qr"]);
    c.env("VIDEOSDK_API_KEY", API_KEY)
        .env("VIDEOSDK_SECRET_KEY", SECRET)
        .env("CLICOLOR_FORCE", "1")
        .env_remove("NO_COLOR");
    let r = s.run_cmd(c, "");
    assert_eq!(r.code, 0, "{r:?}");
    let (token, qr) = r.stdout.split_once('\n').unwrap();
    assert!(is_jwt(token), "{r:?}");
    let paint = "\x1b[38;5;231;48;5;16m";
    let mut plain = String::new();
    for line in qr.lines() {
        let inner = line
            .strip_prefix(paint)
            .and_then(|l| l.strip_suffix("\x1b[0m"))
            .unwrap_or_else(|| panic!("line not painted white on black: {line:?}"));
        plain.push_str(inner);
        plain.push('\n');
    }
    let png = s.home().join("colored.png");
    std::fs::write(&png, terminal_to_png(&plain, 4)).unwrap();
    if need_zbarimg() {
        assert_eq!(decode(&png), token);
    }
}

#[test]
fn an_existing_png_is_replaced_and_no_temporary_is_left() {
    let s = Sandbox::new();
    let dir = s.home().join("out");
    std::fs::create_dir(&dir).unwrap();
    let path = dir.join("token.png");
    std::fs::write(&path, "old").unwrap();
    let r = generate(&s, &["--qr-png", path.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(std::fs::read(&path).unwrap().starts_with(b"\x89PNG"));
    let names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["token.png"]);
}

#[test]
fn refusals_say_what_to_do_and_exit_2() {
    let s = Sandbox::new();
    let home = s.home();
    let target = home.join("elsewhere.png");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&target, home.join("link.png")).unwrap();
    std::fs::create_dir(home.join("folder")).unwrap();
    let cases: [(&[&str], &str); 5] = [
        (
            &["--qr", "--count", "2"],
            "--count asks for 2: drop --count",
        ),
        (
            &["--qr-png", "x.png", "-n", "5"],
            "--qr and --qr-png show one token",
        ),
        (&["--qr", "--json"], "'--qr' cannot be used with '--json'"),
        (
            &["--qr-png", "missing/dir/t.png"],
            "the folder missing/dir does not exist",
        ),
        (
            &["--qr-png", "folder"],
            "is a folder: give a file name in it",
        ),
    ];
    for (args, expect) in cases {
        let mut c = s.cmd(&[&["generate"], args].concat());
        // No secret at all: the refusal comes first.
        c.current_dir(home);
        let r = s.run_cmd(c, "");
        assert_eq!(r.code, 2, "{args:?}: {r:?}");
        assert!(r.stderr.contains(expect), "{args:?}: {r:?}");
        assert!(r.stdout.is_empty(), "{args:?}: {r:?}");
    }
    #[cfg(unix)]
    {
        let mut c = s.cmd(&["generate", "--qr-png", "link.png"]);
        c.current_dir(home)
            .env("VIDEOSDK_API_KEY", API_KEY)
            .env("VIDEOSDK_SECRET_KEY", SECRET);
        let r = s.run_cmd(c, "");
        assert_eq!(r.code, 2, "{r:?}");
        assert!(r.stderr.contains("link.png is a symbolic link"), "{r:?}");
        assert!(
            r.stderr.contains("remove it or choose another path"),
            "{r:?}"
        );
        assert!(!target.exists(), "nothing written through the link");
        // A folder that cannot be written (even by root: /proc): refused
        // before anything is signed, so no token is printed (issue 21).
        let mut c = s.cmd(&["generate", "--qr-png", "/proc/token.png"]);
        c.env("VIDEOSDK_API_KEY", API_KEY)
            .env("VIDEOSDK_SECRET_KEY", SECRET);
        let r = s.run_cmd(c, "");
        assert_eq!(r.code, 2, "{r:?}");
        assert!(r.stderr.contains("/proc is not writable"), "{r:?}");
        assert!(r.stderr.contains("Nothing was signed"), "{r:?}");
        assert!(r.stdout.is_empty(), "a token was printed: {r:?}");
    }
}

#[test]
fn a_token_too_long_for_a_qr_code_is_refused_with_the_token_still_printed() {
    let s = Sandbox::new();
    let path = s.home().join("long.png");
    // The longest claims the generator accepts: about 3,400 bytes of token.
    let (key, id) = ("k".repeat(256), "p".repeat(1024));
    let mut c = s.cmd(&[
        "generate",
        "--qr",
        "--qr-png",
        path.to_str().unwrap(),
        "--api-key",
        &key,
        "--room-id",
        &id,
        "--participant-id",
        &id,
        "--role",
        "rtc,crawler",
    ]);
    c.env("VIDEOSDK_SECRET_KEY", SECRET);
    let r = s.run_cmd(c, "");
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("too long for a QR code"), "{r:?}");
    assert!(r.stderr.contains("copy it as text instead"), "{r:?}");
    assert!(!r.stderr.contains("panicked"), "{r:?}");
    assert!(is_jwt(r.stdout.trim_end()), "the token is printed: {r:?}");
    assert!(!path.exists());
}
