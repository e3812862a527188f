//! Inspecting, step 2c: when no known secret verifies a token, is it signed
//! with a *damaged copy* of one? The commonest real cause of 4002: the
//! server's copy of the secret is written twice, quoted, read with its
//! newline, upper-cased, cut short, hex- or base64-decoded by its JWT
//! library, base64-encoded, or the text `undefined` of an unset variable.
//!
//! Bounded: at most [`MAX_VARIANTS_PER_SECRET`] HMACs per known secret plus
//! [`PLACEHOLDERS`] once, and only after every secret failed as it is.

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use hmac::{KeyInit as _, Mac as _};
use zeroize::Zeroizing;

use super::decode::Decoded;
use super::findings::Finding;
use super::inspect::{Candidate, KeySource};
use super::messages;
use super::secret::HmacSha256;

/// The most damaged forms tried per known secret.
pub(super) const MAX_VARIANTS_PER_SECRET: usize = 20;

/// What an unset or unfilled secret variable becomes, tried once.
pub(super) const PLACEHOLDERS: [&str; 14] = [
    "",
    "undefined",
    "null",
    "None",
    "nil",
    "[object Object]",
    "secret",
    "your-secret",
    "your_secret",
    "YOUR_SECRET",
    "YOUR_SECRET_KEY",
    "your-secret-key",
    "your_secret_key",
    "VIDEOSDK_SECRET_KEY",
];

/// How a copy of a secret is damaged, with what a sentence needs to say so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Damage {
    /// Written twice.
    Doubled,
    /// Wrapped in this quote character.
    Quoted(char),
    /// With this whitespace before (`true`) or after it.
    Whitespace(&'static str, bool),
    /// Upper-cased (`true`) or lower-cased.
    CaseChanged(bool),
    /// Cut to this many bytes.
    Truncated(usize),
    /// Decoded from hex into bytes.
    HexDecoded,
    /// Decoded from base64 into bytes.
    Base64Decoded,
    /// Encoded as base64.
    Base64Encoded,
    /// A placeholder text instead of the secret.
    Placeholder(&'static str),
}

impl Damage {
    /// The stable `variant` name in JSON.
    pub(super) fn variant(&self) -> &'static str {
        match self {
            Self::Doubled => "doubled",
            Self::Quoted(_) => "quoted",
            Self::Whitespace(..) => "whitespace",
            Self::CaseChanged(_) => "case_changed",
            Self::Truncated(_) => "truncated",
            Self::HexDecoded => "hex_decoded",
            Self::Base64Decoded => "base64_decoded",
            Self::Base64Encoded => "base64_encoded",
            Self::Placeholder(_) => "placeholder_text",
        }
    }
}

/// The damaged forms of `s`, each with its damage; never `s` itself.
fn variants(s: &[u8]) -> Vec<(Damage, Zeroizing<Vec<u8>>)> {
    let mut out: Vec<(Damage, Zeroizing<Vec<u8>>)> = Vec::with_capacity(MAX_VARIANTS_PER_SECRET);
    let mut push = |damage: Damage, bytes: Vec<u8>| {
        let bytes = Zeroizing::new(bytes);
        if bytes.as_slice() != s && !out.iter().any(|(_, b)| *b == bytes) {
            out.push((damage, bytes));
        }
    };
    push(Damage::Doubled, [s, s].concat());
    for q in ['"', '\''] {
        let q = q as u8;
        push(Damage::Quoted(q as char), [&[q], s, &[q]].concat());
    }
    for (ws, before) in [("\n", false), ("\r\n", false), (" ", false), (" ", true)] {
        let bytes = if before {
            [ws.as_bytes(), s].concat()
        } else {
            [s, ws.as_bytes()].concat()
        };
        push(Damage::Whitespace(ws, before), bytes);
    }
    push(Damage::CaseChanged(true), s.to_ascii_uppercase());
    push(Damage::CaseChanged(false), s.to_ascii_lowercase());
    let n = s.len();
    for cut in [32, n / 2, n.saturating_sub(1)] {
        if cut > 0 && cut < n {
            push(Damage::Truncated(cut), s[..cut].to_vec());
        }
    }
    if let Some(bytes) = hex(s) {
        push(Damage::HexDecoded, bytes);
    }
    let text = std::str::from_utf8(s).unwrap_or_default();
    let unpadded = text.trim_end_matches('=');
    let decoded = URL_SAFE_NO_PAD
        .decode(unpadded.replace('+', "-").replace('/', "_"))
        .ok()
        .filter(|b| !b.is_empty());
    if let Some(bytes) = decoded {
        push(Damage::Base64Decoded, bytes);
    }
    push(Damage::Base64Encoded, STANDARD.encode(s).into_bytes());
    push(
        Damage::Base64Encoded,
        URL_SAFE_NO_PAD.encode(s).into_bytes(),
    );
    out
}

/// `s` read as hex digits, if it is an even number of them.
fn hex(s: &[u8]) -> Option<Vec<u8>> {
    if s.is_empty() || !s.len().is_multiple_of(2) {
        return None;
    }
    let digit = |b: u8| char::from(b).to_digit(16);
    s.chunks(2)
        .map(|pair| u8::try_from(digit(pair[0])? * 16 + digit(pair[1])?).ok())
        .collect()
}

fn verifies_with(key: &[u8], d: &Decoded<'_>) -> bool {
    // HMAC takes a key of any length, the empty one included.
    let Ok(mut mac) = HmacSha256::new_from_slice(key) else {
        return false;
    };
    mac.update(d.signing_input.as_bytes());
    mac.verify_slice(&d.signature).is_ok()
}

/// The damaged copy of a known secret that verifies the token, if any:
/// `candidates` in trial order; `owner` names the project whose API key
/// the token carries, for a placeholder text (no secret of ours to name).
pub(super) fn diagnose(
    d: &Decoded<'_>,
    candidates: &[&Candidate<'_>],
    owner: Option<&KeySource>,
) -> Option<Finding> {
    for c in candidates {
        let secret = c.secret.expose();
        if let Some((damage, bytes)) = variants(secret)
            .into_iter()
            .find(|(_, bytes)| verifies_with(bytes, d))
        {
            return Some(messages::damaged_secret(
                Some(&c.source),
                &damage,
                secret.len(),
                bytes.len(),
            ));
        }
    }
    PLACEHOLDERS
        .into_iter()
        .find(|p| verifies_with(p.as_bytes(), d))
        .map(|p| messages::damaged_secret(owner, &Damage::Placeholder(p), 0, p.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_are_bounded_distinct_and_never_the_secret() {
        for s in [
            &b"a3f1c9e07b5d4e2f8c6a1b0d9e7f3c5a2b4d6e8f0a1c3e5b7d9f1a2c4e6b8d0f"[..],
            b"x",
            b"Mixed-Case-Secret_with/base64+chars==",
        ] {
            let v = variants(s);
            assert!(v.len() <= MAX_VARIANTS_PER_SECRET, "{}", v.len());
            assert!(v.iter().all(|(_, b)| b.as_slice() != s));
        }
        let hexed = variants(b"00ff");
        assert!(
            hexed
                .iter()
                .any(|(d, b)| *d == Damage::HexDecoded && b.as_slice() == [0, 255])
        );
        assert_eq!(hex(b"0g"), None);
    }
}
