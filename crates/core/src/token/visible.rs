//! Characters a reader cannot see, or that act on a terminal instead of
//! being shown: control characters, bidi controls, zero-width and other
//! invisible format characters. One classification and one way of showing
//! them, shared by every human-readable output (the CLI prints through it;
//! the window draws through it, since egui would drop or hide them too).

use std::borrow::Cow;
use std::fmt::Write as _;

/// Unicode's format characters (general category Cf): zero-width spaces and
/// joiners, bidi embeddings, overrides and isolates, the byte-order mark,
/// soft hyphen, invisible operators, tag characters.
const FORMAT: &[(u32, u32)] = &[
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
];

/// Letters that are drawn as nothing at all (Hangul fillers), a known way
/// to make a name look empty or like another.
const BLANK_LETTERS: [char; 4] = ['\u{115F}', '\u{1160}', '\u{3164}', '\u{FFA0}'];

/// Characters that change nothing a reader sees, though they are not format
/// characters: the combining grapheme joiner, variation selectors (U+FE0F
/// after a letter), Mongolian free variation selectors, and the blank
/// Braille pattern, drawn as a space-width nothing.
const IGNORED: &[(u32, u32)] = &[
    (0x034F, 0x034F),
    (0x180B, 0x180D),
    (0x180F, 0x180F),
    (0x2800, 0x2800),
    (0xFE00, 0xFE0F),
    (0xE0100, 0xE01EF),
];

/// True for a character that must never be written raw where a person
/// reads: C0 and C1 control characters and DEL (they drive terminals), the
/// line and paragraph separators, format characters (zero-width, bidi
/// controls, byte-order mark…), letters drawn as blank and the [`IGNORED`]
/// ones (variation selectors, U+034F, U+2800).
pub fn is_invisible(c: char) -> bool {
    let u = u32::from(c);
    // Most text is ASCII or Latin-1: answered without the tables.
    if u < 0xAD {
        return c.is_control();
    }
    matches!(c, '\u{2028}' | '\u{2029}')
        || BLANK_LETTERS.contains(&c)
        || FORMAT.iter().any(|&(lo, hi)| lo <= u && u <= hi)
        || IGNORED.iter().any(|&(lo, hi)| lo <= u && u <= hi)
}

/// True for the bidi controls, which reorder the text around them.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// How one invisible character is shown: `\n`, `\t`, `\r` as in source
/// code, other control characters as `\u{1b}`, everything else as
/// `<U+202E>`. Every form is plain printable ASCII.
fn push_escape(out: &mut String, c: char) {
    let _ = match c {
        '\n' => out.write_str("\\n"),
        '\t' => out.write_str("\\t"),
        '\r' => out.write_str("\\r"),
        c if c.is_control() => write!(out, "\\u{{{:x}}}", u32::from(c)),
        c => write!(out, "<U+{:04X}>", u32::from(c)),
    };
}

/// `s` with every invisible character (see [`is_invisible`]) replaced by a
/// visible escape, e.g. `\u{1b}[2J` or `key<U+200B>`. Borrowed when there is
/// nothing to replace, which is the common case.
pub fn visible(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_invisible) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if is_invisible(c) {
            push_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The distinct invisible characters in `s`, in order of first appearance.
pub fn invisible_chars(s: &str) -> Vec<char> {
    let mut found = Vec::new();
    for c in s.chars().filter(|&c| is_invisible(c)) {
        if !found.contains(&c) {
            found.push(c);
        }
    }
    found
}

/// `s` without its invisible characters: what a reader believes it says.
pub fn without_invisible(s: &str) -> String {
    s.chars().filter(|&c| !is_invisible(c)).collect()
}

/// The everyday name of a character people meet in hostile text, if it has one.
fn name(c: char) -> Option<&'static str> {
    Some(match c {
        '\0' => "NUL",
        '\u{7}' => "BEL (bell)",
        '\u{8}' => "BACKSPACE",
        '\t' => "TAB",
        '\n' => "LINE FEED",
        '\r' => "CARRIAGE RETURN",
        '\u{1b}' => "ESC (terminal escape)",
        '\u{7f}' => "DEL",
        '\u{9b}' => "CSI (8-bit terminal escape)",
        '\u{9d}' => "OSC (8-bit terminal command)",
        '\u{AD}' => "SOFT HYPHEN",
        '\u{61C}' => "ARABIC LETTER MARK",
        '\u{200B}' => "ZERO WIDTH SPACE",
        '\u{200C}' => "ZERO WIDTH NON-JOINER",
        '\u{200D}' => "ZERO WIDTH JOINER",
        '\u{200E}' => "LEFT-TO-RIGHT MARK",
        '\u{200F}' => "RIGHT-TO-LEFT MARK",
        '\u{202A}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202B}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202C}' => "POP DIRECTIONAL FORMATTING",
        '\u{202D}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202E}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2028}' => "LINE SEPARATOR",
        '\u{2029}' => "PARAGRAPH SEPARATOR",
        '\u{2060}' => "WORD JOINER",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        '\u{3164}' => "HANGUL FILLER",
        '\u{34F}' => "COMBINING GRAPHEME JOINER",
        '\u{2800}' => "BRAILLE PATTERN BLANK",
        '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}' => "VARIATION SELECTOR",
        '\u{FEFF}' => "BYTE ORDER MARK (zero width no-break space)",
        '\u{E0001}' | '\u{E0020}'..='\u{E007F}' => "TAG CHARACTER",
        _ => return None,
    })
}

/// One character for a sentence: `U+200B ZERO WIDTH SPACE`, `U+001B ESC
/// (terminal escape)`, or just `U+0600` when it has no everyday name.
pub fn describe(c: char) -> String {
    match name(c) {
        Some(n) => format!("U+{:04X} {n}", u32::from(c)),
        None => format!("U+{:04X}", u32::from(c)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_escapes_become_visible_text() {
        let hostile = "key\u{1b}[2J\u{1b}]0;pwned\u{7}";
        assert_eq!(visible(hostile), "key\\u{1b}[2J\\u{1b}]0;pwned\\u{7}");
        assert_eq!(visible("a\nb\tc\rd"), "a\\nb\\tc\\rd");
        assert_eq!(visible("\u{7f}\u{9b}\0"), "\\u{7f}\\u{9b}\\u{0}");
    }

    #[test]
    fn bidi_and_zero_width_become_markers() {
        assert_eq!(visible("user\u{202E}gnp.exe"), "user<U+202E>gnp.exe");
        assert_eq!(visible("8a1f\u{200B}"), "8a1f<U+200B>");
        assert_eq!(
            visible("\u{FEFF}x\u{2066}y\u{2069}"),
            "<U+FEFF>x<U+2066>y<U+2069>"
        );
        assert_eq!(visible("\u{E0041}"), "<U+E0041>");
        assert_eq!(visible("\u{2028}"), "<U+2028>");
        assert!(is_bidi_control('\u{202E}') && !is_bidi_control('\u{200B}'));
    }

    #[test]
    fn ordinary_text_is_borrowed_untouched() {
        for s in [
            "",
            "allow_join",
            "café",
            "日本語",
            "emoji 👍🏽",
            "a b",
            "\\u{1b}",
        ] {
            assert!(matches!(visible(s), Cow::Borrowed(_)), "{s:?}");
            assert!(invisible_chars(s).is_empty(), "{s:?}");
        }
    }

    #[test]
    fn the_visible_form_never_holds_an_invisible_character() {
        let all: String = (0u32..0x11_0000).filter_map(char::from_u32).collect();
        let shown = visible(&all);
        assert!(!shown.chars().any(is_invisible));
        assert_eq!(visible(&shown), shown, "showing twice changes nothing");
    }

    #[test]
    fn characters_are_listed_once_and_named() {
        assert_eq!(
            invisible_chars("a\u{200B}b\u{200B}\u{1b}"),
            ['\u{200B}', '\u{1b}']
        );
        assert_eq!(describe('\u{200B}'), "U+200B ZERO WIDTH SPACE");
        assert_eq!(describe('\u{1b}'), "U+001B ESC (terminal escape)");
        assert_eq!(describe('\u{600}'), "U+0600");
        assert_eq!(without_invisible("8a1f\u{200B}"), "8a1f");
    }
}
