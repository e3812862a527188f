//! `generate --qr` and `generate --qr-png PATH`: the generated token as a QR
//! code, to move it to a phone. The token line is printed as always; the
//! code comes after it.
//!
//! Decisions:
//! - One token only: with `--count` above 1 both flags are refused (exit 2),
//!   before any secret is read.
//! - `--qr` is refused with `--json` (by the argument parser), so stdout
//!   stays one JSON object per line; `--qr-png` works with `--json`.
//! - On a terminal the code is painted white on black explicitly (see
//!   [`crate::qr::terminal_colored`]), so it scans on light and dark
//!   themes alike. Piped, or with `NO_COLOR`, it is plain text whose blocks
//!   are the light modules: it reads right on a dark background.
//! - The PNG replaces PATH atomically: written to a new temporary file in
//!   the same folder (readable by the owner only: it holds a credential),
//!   then renamed over PATH. A symlink or anything but a regular file at
//!   PATH is refused, so nothing is written through a planted link.

use std::path::{Path, PathBuf};

use super::{GenerateArgs, Result, fail};
use crate::app::files::folder_of;
use crate::qr;

/// Pixels per module in the PNG: a 1,000-byte token (129 modules with the
/// quiet zone) is about 1,000 pixels square, big enough for a phone camera
/// across a desk when shown at 100 %.
const PNG_SCALE: u32 = 8;

/// What `generate` was asked to show as QR codes.
#[derive(Debug, Default)]
pub(super) struct Output {
    terminal: bool,
    png: Option<PathBuf>,
}

impl Output {
    /// From the flags; refuses `--count` above 1 and a PNG path that cannot
    /// be written, before any secret is read or prompted for.
    pub(super) fn from_args(a: &GenerateArgs) -> Result<Self> {
        let out = Self {
            terminal: a.qr,
            png: a.qr_png.clone(),
        };
        if !out.terminal && out.png.is_none() {
            return Ok(out);
        }
        if a.count > 1 {
            return Err(fail(format!(
                "--qr and --qr-png show one token, but --count asks for {}: drop --count, or drop --qr/--qr-png",
                a.count
            )));
        }
        if let Some(path) = &out.png {
            check_target(path)?;
        }
        Ok(out)
    }

    /// After the token's line: writes the PNG, then prints the terminal code
    /// into `out` (stdout). A closed pipe is the reader's choice: not an error.
    pub(super) fn show(&self, token: &str, out: &mut impl std::io::Write) -> Result<()> {
        if !self.terminal && self.png.is_none() {
            return Ok(());
        }
        let matrix = qr::encode(token)?;
        if let Some(path) = &self.png {
            let bytes = qr::png(&matrix, PNG_SCALE)?;
            write_png(path, &bytes)?;
        }
        if self.terminal {
            let text = if paint_colours() {
                qr::terminal_colored(&matrix)
            } else {
                qr::terminal(&matrix)
            };
            match out.write_all(text.as_bytes()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    return Err(fail(format!("cannot write the QR code: {e}")));
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// Whether stdout takes colours (a terminal; not with `NO_COLOR`; forced
/// with `CLICOLOR_FORCE`), decided as for the rest of the output.
fn paint_colours() -> bool {
    !matches!(
        anstream::AutoStream::choice(&std::io::stdout()),
        anstream::ColorChoice::Never
    )
}

/// Refuses a target that is a symlink or not a regular file, or whose
/// folder does not exist, saying what to do.
fn check_target(path: &Path) -> Result<()> {
    let shown = path.display();
    if path.as_os_str().is_empty() || path.file_name().is_none() {
        return Err(fail(format!(
            "--qr-png needs a file name, got '{shown}': give one, e.g. --qr-png token.png"
        )));
    }
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            return Err(fail(format!(
                "{shown} is a symbolic link; the QR code is not written through links: remove it or choose another path"
            )));
        }
        Ok(m) if m.is_dir() => {
            return Err(fail(format!(
                "{shown} is a folder: give a file name in it, e.g. --qr-png {}",
                path.join("token.png").display()
            )));
        }
        Ok(m) if !m.is_file() => {
            return Err(fail(format!(
                "{shown} is not a regular file (a pipe or device?): choose another path"
            )));
        }
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(fail(format!("cannot check {shown}: {e}"))),
    }
    let folder = folder_of(path);
    if !folder.is_dir() {
        return Err(fail(format!(
            "cannot write the QR code to {shown}: the folder {} does not exist; create it or choose another path",
            folder.display()
        )));
    }
    crate::app::files::check_writable(folder).map_err(|e| {
        fail(format!(
            "cannot write the QR code to {shown}: the folder {} is not writable ({e}); choose another path. Nothing was signed",
            folder.display()
        ))
    })?;
    Ok(())
}

/// Writes `bytes` to a new temporary file beside `path`, then renames it
/// over `path` (a rename replaces a link planted meanwhile; it never writes
/// through it).
fn write_png(path: &Path, bytes: &[u8]) -> Result<()> {
    check_target(path)?;
    let shown = path.display();
    let failed = |what: &str, e: &dyn std::fmt::Display| {
        fail(format!(
            "cannot write the QR code to {shown} ({what}: {e}); check that the folder is writable and has space, or choose another path"
        ))
    };
    // The program's one atomic writer (crate::app::files).
    crate::app::files::replace_private(path, bytes, ".qr-").map_err(|e| failed("writing", &e))?;
    Ok(())
}
