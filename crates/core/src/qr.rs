//! QR codes of a token, for moving it to a phone: pure (no I/O), shared by
//! the command line (terminal text, PNG) and the window (egui rectangles).
//!
//! A token is plain ASCII (base64url and dots), 300 to 1,000 bytes for
//! VideoSDK's claims. It is encoded at error-correction level M (15 % of the
//! code may be lost: a phone photographing a screen sees moiré and glare);
//! a token too long for M at any version falls back to L, which holds the
//! most (2,953 bytes in version 40). Longer data is a [`QrError::TooLong`].
//!
//! Every rendering keeps a quiet zone of [`QUIET_ZONE`] light modules on
//! each side, as the QR standard asks: without it scanners lose the code
//! against a dark window or terminal background.

use qrcode::types::QrError as EncodeError;
use qrcode::{Color, EcLevel, QrCode};

/// Light modules around the code on each side (the standard's minimum).
pub const QUIET_ZONE: usize = 4;

/// The most bytes a QR code holds (version 40, level L, byte mode).
pub const MAX_BYTES: usize = 2953;

/// The largest PNG scale (pixels per module) [`png`] uses: version 40 at
/// this scale is 3,700 pixels square already.
pub const MAX_SCALE: u32 = 20;

/// Why a QR code could not be made.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum QrError {
    /// More data than the largest QR code holds.
    #[error(
        "the token is {bytes} bytes, too long for a QR code (at most {MAX_BYTES} bytes fit): copy it as text instead"
    )]
    TooLong {
        /// Length of the data.
        bytes: usize,
    },
    /// The QR encoder refused the data for another reason (not expected for
    /// a token).
    #[error("cannot make a QR code of the token: {0}")]
    Encode(String),
    /// The PNG encoder failed (not expected: it writes to memory).
    #[error("cannot encode the QR code as PNG: {0}")]
    Png(String),
}

/// The modules of a QR code, without the quiet zone: `width` × `width`,
/// dark or light.
#[derive(Clone, PartialEq, Eq)]
pub struct QrMatrix {
    width: usize,
    dark: Vec<bool>,
}

/// Only the size: the modules spell out a token, which is a credential.
impl std::fmt::Debug for QrMatrix {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QrMatrix")
            .field("width", &self.width)
            .finish_non_exhaustive()
    }
}

impl QrMatrix {
    /// Modules per side, without the quiet zone (21 for version 1 … 177).
    pub fn width(&self) -> usize {
        self.width
    }

    /// Modules per side with the quiet zone on both sides.
    pub fn size_with_quiet_zone(&self) -> usize {
        self.width + 2 * QUIET_ZONE
    }

    /// Whether the module at column `x`, row `y` (0-based, without the
    /// quiet zone) is dark; anything outside the code is light.
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.width && y < self.width && self.dark[y * self.width + x]
    }

    /// Whether the module at `(x, y)` counted from the quiet zone's corner
    /// is dark: the quiet zone and anything beyond it is light.
    pub fn is_dark_padded(&self, x: usize, y: usize) -> bool {
        match (x.checked_sub(QUIET_ZONE), y.checked_sub(QUIET_ZONE)) {
            (Some(x), Some(y)) => self.is_dark(x, y),
            _ => false,
        }
    }

    /// Runs of dark modules per row, for drawing: `(row, first column,
    /// length)`, counted without the quiet zone.
    pub fn dark_runs(&self) -> Vec<(usize, usize, usize)> {
        let mut runs = Vec::new();
        for y in 0..self.width {
            let mut x = 0;
            while x < self.width {
                if self.is_dark(x, y) {
                    let start = x;
                    while x < self.width && self.is_dark(x, y) {
                        x += 1;
                    }
                    runs.push((y, start, x - start));
                } else {
                    x += 1;
                }
            }
        }
        runs
    }
}

/// Encodes `data` (a token) as a QR code: level M, or L when M cannot
/// hold it. See the module docs.
pub fn encode(data: &str) -> Result<QrMatrix, QrError> {
    let bytes = data.len();
    // Checked first, so a pasted megabyte costs nothing.
    if bytes > MAX_BYTES {
        return Err(QrError::TooLong { bytes });
    }
    let code = match QrCode::with_error_correction_level(data, EcLevel::M) {
        Err(EncodeError::DataTooLong) => QrCode::with_error_correction_level(data, EcLevel::L),
        other => other,
    }
    .map_err(|e| match e {
        EncodeError::DataTooLong => QrError::TooLong { bytes },
        other => QrError::Encode(other.to_string()),
    })?;
    let dark = code
        .to_colors()
        .into_iter()
        .map(|c| c == Color::Dark)
        .collect();
    Ok(QrMatrix {
        width: code.width(),
        dark,
    })
}

/// The code as terminal text, two module rows per line with Unicode half
/// blocks, the quiet zone included, each line ending in `\n`.
///
/// The block characters draw the LIGHT modules; a space is a dark module.
/// Glyphs are painted in the terminal's foreground colour, so this reads
/// the right way round as plain text on a dark background (light glyphs);
/// on a light background it would come out inverted, which many scanners
/// refuse. [`terminal_colored`] paints both colours explicitly and scans
/// on any background; the command line uses it on a terminal.
pub fn terminal(m: &QrMatrix) -> String {
    let size = m.size_with_quiet_zone();
    let mut out = String::with_capacity((size + 1) * size.div_ceil(2) * 3);
    for row in (0..size).step_by(2) {
        for x in 0..size {
            let top = !m.is_dark_padded(x, row);
            // The last line's lower half lies outside the code (the height
            // is odd): left unpainted, so the quiet zone is exactly 4 there.
            let bottom = row + 1 < size && !m.is_dark_padded(x, row + 1);
            out.push(match (top, bottom) {
                (true, true) => '█',
                (true, false) => '▀',
                (false, true) => '▄',
                (false, false) => ' ',
            });
        }
        out.push('\n');
    }
    out
}

/// ANSI colours for [`terminal_colored`]: white glyphs on a black
/// background, from the 256-colour cube (231 and 16), which terminal themes
/// do not remap, unlike the 16 basic colours.
const PAINT: &str = "\x1b[38;5;231;48;5;16m";
const RESET: &str = "\x1b[0m";

/// [`terminal`] with both colours set on every line (white glyphs for the
/// light modules on a black background for the dark ones), so the code is
/// dark on light whatever the terminal's own colours are.
pub fn terminal_colored(m: &QrMatrix) -> String {
    terminal(m)
        .lines()
        .map(|line| format!("{PAINT}{line}{RESET}\n"))
        .collect()
}

/// The code as a PNG: 8-bit grayscale, black modules on white, the quiet
/// zone included, `scale` pixels per module (clamped to 1..=[`MAX_SCALE`]).
pub fn png(m: &QrMatrix, scale: u32) -> Result<Vec<u8>, QrError> {
    let scale = scale.clamp(1, MAX_SCALE) as usize;
    let side = m.size_with_quiet_zone() * scale;
    let mut pixels = Vec::with_capacity(side * side);
    for y in 0..m.size_with_quiet_zone() {
        let row: Vec<u8> = (0..m.size_with_quiet_zone())
            .flat_map(|x| {
                let v = if m.is_dark_padded(x, y) { 0 } else { 255 };
                std::iter::repeat_n(v, scale)
            })
            .collect();
        for _ in 0..scale {
            pixels.extend_from_slice(&row);
        }
    }
    let side = u32::try_from(side).map_err(|e| QrError::Png(e.to_string()))?;
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, side, side);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    let png_error = |e: png::EncodingError| QrError::Png(e.to_string());
    let mut writer = encoder.write_header().map_err(png_error)?;
    writer.write_image_data(&pixels).map_err(png_error)?;
    writer.finish().map_err(png_error)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    /// A token-shaped string of `n` bytes.
    fn token(n: usize) -> String {
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut s: String = (0..n)
            .map(|i| char::from(alphabet[(i * 7 + i / 3) % alphabet.len()]))
            .collect();
        if n > 40 {
            s.replace_range(20..21, ".");
            s.replace_range(n - 44..n - 43, ".");
        }
        s
    }

    /// Reads terminal text back into modules (true = dark), quiet zone
    /// included; the odd last half row is dropped.
    fn read_terminal(text: &str, size: usize) -> Vec<Vec<bool>> {
        let mut rows = Vec::new();
        for line in text.lines() {
            let (mut top, mut bottom) = (Vec::new(), Vec::new());
            for c in line.chars() {
                let (t, b) = match c {
                    '█' => (false, false),
                    '▀' => (false, true),
                    '▄' => (true, false),
                    ' ' => (true, true),
                    other => panic!("unexpected {other:?}"),
                };
                top.push(t);
                bottom.push(b);
            }
            rows.push(top);
            rows.push(bottom);
        }
        rows.truncate(size);
        rows
    }

    #[test]
    fn a_typical_token_fits_at_level_m() {
        for n in [1, 300, 600, 1000, 2331] {
            let m = encode(&token(n)).unwrap();
            assert_eq!((m.width() - 17) % 4, 0, "{n}: width {}", m.width());
            assert!(m.width() <= 177);
        }
        // 300 bytes: version 13 or less at M (69 modules).
        assert!(encode(&token(300)).unwrap().width() <= 69);
    }

    #[test]
    fn too_long_data_is_a_typed_error_not_a_panic() {
        // Fits only at level L.
        assert!(encode(&token(2900)).is_ok());
        let e = encode(&token(MAX_BYTES + 1)).unwrap_err();
        assert_eq!(e, QrError::TooLong { bytes: 2954 });
        assert!(e.to_string().contains("2954 bytes"), "{e}");
        assert!(e.to_string().contains("copy it as text"), "{e}");
        let e = encode(&"x".repeat(1 << 20)).unwrap_err();
        assert!(matches!(e, QrError::TooLong { bytes } if bytes == 1 << 20));
    }

    #[test]
    fn terminal_text_has_the_quiet_zone_and_two_rows_per_line() {
        let m = encode(&token(400)).unwrap();
        let size = m.width() + 8;
        let text = terminal(&m);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), size.div_ceil(2));
        assert!(lines.iter().all(|l| l.chars().count() == size));
        assert!(text.ends_with('\n'));
        // Quiet zone: the first two lines are all light (4 module rows).
        assert!(lines[..2].iter().all(|l| l.chars().all(|c| c == '█')));
        // The last line: its upper half is the 4th quiet row, its lower half
        // is outside the code (odd height) and left unpainted.
        assert!(lines[lines.len() - 1].chars().all(|c| c == '▀'));
        // Four light columns on each side of every full line.
        for l in &lines[..lines.len() - 1] {
            let chars: Vec<char> = l.chars().collect();
            assert!(chars[..4].iter().all(|&c| c == '█'), "{l}");
            assert!(chars[size - 4..].iter().all(|&c| c == '█'), "{l}");
        }
        // The finder pattern's top rows (4 and 5) are dark from column 4.
        assert_eq!(lines[2].chars().nth(3), Some('█'));
        assert_eq!(lines[2].chars().nth(4), Some(' '));
    }

    #[test]
    fn terminal_text_reads_back_as_the_same_modules() {
        let m = encode(&token(700)).unwrap();
        let size = m.size_with_quiet_zone();
        let read = read_terminal(&terminal(&m), size);
        assert_eq!(read.len(), size);
        for (y, row) in read.iter().enumerate() {
            for (x, &dark) in row.iter().enumerate() {
                assert_eq!(dark, m.is_dark_padded(x, y), "({x}, {y})");
            }
        }
    }

    #[test]
    fn colored_terminal_text_paints_both_colours_on_every_line() {
        let m = encode("hello").unwrap();
        let plain = terminal(&m);
        let colored = terminal_colored(&m);
        assert_eq!(colored.lines().count(), plain.lines().count());
        for (c, p) in colored.lines().zip(plain.lines()) {
            assert_eq!(c, format!("{PAINT}{p}{RESET}"));
        }
    }

    #[test]
    fn png_header_size_and_pixels() {
        let m = encode(&token(300)).unwrap();
        let bytes = png(&m, 8).unwrap();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let mut reader = decoder.read_info().unwrap();
        let info = reader.info();
        let side = u32::try_from((m.width() + 8) * 8).unwrap();
        assert_eq!((info.width, info.height), (side, side));
        assert_eq!(info.color_type, png::ColorType::Grayscale);
        assert_eq!(info.bit_depth, png::BitDepth::Eight);
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        reader.next_frame(&mut buf).unwrap();
        let side = side as usize;
        // Quiet zone white, the finder's corner (module 4,4) black.
        assert!(buf[..side * 32].iter().all(|&p| p == 255));
        assert_eq!(buf[32 * side + 32], 0);
        assert_eq!(buf[33 * side + 39], 0);
        assert!(buf.iter().all(|&p| p == 0 || p == 255));
    }

    #[test]
    fn png_scale_is_clamped() {
        let m = encode("hi").unwrap();
        let size = m.size_with_quiet_zone();
        for (scale, expect) in [(0, 1), (1, 1), (1000, MAX_SCALE as usize)] {
            let bytes = png(&m, scale).unwrap();
            let info = png::Decoder::new(std::io::Cursor::new(bytes))
                .read_info()
                .unwrap()
                .info()
                .width;
            assert_eq!(info as usize, size * expect);
        }
    }

    #[test]
    fn dark_runs_cover_exactly_the_dark_modules() {
        let m = encode(&token(500)).unwrap();
        let mut dark = vec![false; m.width() * m.width()];
        for (y, x0, len) in m.dark_runs() {
            for x in x0..x0 + len {
                assert!(!dark[y * m.width() + x]);
                dark[y * m.width() + x] = true;
            }
        }
        for y in 0..m.width() {
            for x in 0..m.width() {
                assert_eq!(dark[y * m.width() + x], m.is_dark(x, y));
            }
        }
    }

    #[test]
    fn debug_shows_no_modules() {
        let m = encode("secret-ish").unwrap();
        assert_eq!(format!("{m:?}"), "QrMatrix { width: 21, .. }");
    }
}
