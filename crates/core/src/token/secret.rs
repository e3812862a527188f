//! The project secret in memory: zeroed on drop, never printed.

use base64::Engine as _;
use hmac::KeyInit as _;
use hmac::digest::{Digest as _, Key};
use zeroize::{Zeroize as _, Zeroizing};

/// HMAC-SHA256, the only algorithm VideoSDK tokens use.
pub(crate) type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// The longest secret accepted, from any source (`--secret`, stdin, the
/// environment, a `.env` import, the window, the keyring): 16 times a
/// VideoSDK secret (64 characters), room for every damaged copy the
/// inspector names, and far below anything that could be a whole file.
pub const MAX_SECRET_BYTES: usize = 1024;

/// An HMAC key. `Debug` is redacted; the bytes are zeroed when dropped.
#[derive(Clone)]
pub struct SecretKey(Zeroizing<Vec<u8>>);

/// How a secret typed or piped by the user is to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SecretEncoding {
    /// The UTF-8 bytes of the text, as VideoSDK's dashboard shows it (default).
    #[default]
    Text,
    /// base64 or base64url, padded or not.
    Base64,
}

/// A secret that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    /// Nothing was given.
    #[error("the secret is empty: give the project's secret key from the VideoSDK dashboard")]
    Empty,
    /// `--secret-base64` was given but the text is not base64.
    #[error(
        "the secret is not valid base64/base64url (character {position}); drop --secret-base64 to use it as text"
    )]
    NotBase64 {
        /// 1-based character position of the first bad character (the secret itself is never shown).
        position: usize,
    },
    /// Longer than [`MAX_SECRET_BYTES`]: a file or a paste, not a secret.
    #[error(
        "the secret is {len} bytes, longer than the {MAX_SECRET_BYTES} accepted: a VideoSDK secret is 64 characters; give only the secret key from the dashboard"
    )]
    TooLong {
        /// Its length in bytes.
        len: usize,
    },
}

impl SecretKey {
    /// Wraps raw key bytes.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Self, SecretError> {
        let bytes = Zeroizing::new(bytes);
        if bytes.is_empty() {
            return Err(SecretError::Empty);
        }
        if bytes.len() > MAX_SECRET_BYTES {
            return Err(SecretError::TooLong { len: bytes.len() });
        }
        Ok(Self(bytes))
    }

    /// Reads a secret as the user gave it. Surrounding whitespace (a trailing
    /// newline from a pipe or a file) is not part of the secret.
    pub fn parse(text: &str, encoding: SecretEncoding) -> Result<Self, SecretError> {
        let text = text.trim();
        match encoding {
            SecretEncoding::Text => Self::from_bytes(text.as_bytes().to_vec()),
            SecretEncoding::Base64 => {
                if text.is_empty() {
                    return Err(SecretError::Empty);
                }
                let unpadded = text.trim_end_matches('=');
                if let Some(i) = unpadded
                    .chars()
                    .position(|c| !(c.is_ascii_alphanumeric() || "+/-_".contains(c)))
                {
                    return Err(SecretError::NotBase64 { position: i + 1 });
                }
                // Accept both alphabets: map the standard one onto base64url.
                let normal: String = unpadded
                    .chars()
                    .map(|c| match c {
                        '+' => '-',
                        '/' => '_',
                        c => c,
                    })
                    .collect();
                let normal = Zeroizing::new(normal);
                let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
                    .decode(normal.as_bytes())
                    .map_err(|_| SecretError::NotBase64 {
                        position: unpadded.chars().count(),
                    })?;
                Self::from_bytes(bytes)
            }
        }
    }

    /// The key bytes, for signing and verifying only.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// An HMAC-SHA256 keyed with this secret, for signing and verifying.
    ///
    /// HMAC has no invalid key length: RFC 2104 §2 hashes a key longer than
    /// the hash's block and zero-pads a shorter one. Doing that here gives a
    /// block-sized key for the infallible `KeyInit::new`, so there is no
    /// "invalid length" error to handle for a state that cannot occur.
    pub(crate) fn hmac(&self) -> HmacSha256 {
        let mut block = Key::<HmacSha256>::default();
        if self.0.len() <= block.len() {
            block[..self.0.len()].copy_from_slice(&self.0);
        } else {
            let digest = sha2::Sha256::digest(self.0.as_slice());
            block[..digest.len()].copy_from_slice(&digest);
        }
        let mac = HmacSha256::new(&block);
        block.as_mut_slice().zeroize();
        mac
    }

    /// Length in bytes (for the `weak_secret` finding).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Always false: an empty secret cannot be built.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_secret() {
        let s = SecretKey::parse("hunter2-very-secret", SecretEncoding::Text).unwrap();
        let shown = format!("{s:?} {:?}", Some(&s));
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("redacted"));
    }

    #[test]
    fn text_is_trimmed_and_empty_refused() {
        let s = SecretKey::parse("  abc\n", SecretEncoding::Text).unwrap();
        assert_eq!(s.expose(), b"abc");
        assert_eq!(
            SecretKey::parse(" \n", SecretEncoding::Text).unwrap_err(),
            SecretError::Empty
        );
    }

    #[test]
    fn one_length_limit_for_text_base64_and_raw_bytes() {
        let max = "k".repeat(MAX_SECRET_BYTES);
        assert_eq!(
            SecretKey::parse(&max, SecretEncoding::Text).unwrap().len(),
            MAX_SECRET_BYTES
        );
        let over = format!("{max}k");
        let e = SecretKey::parse(&over, SecretEncoding::Text).unwrap_err();
        assert_eq!(e, SecretError::TooLong { len: 1025 });
        assert!(!e.to_string().contains("kk"), "{e}");
        // 1368 base64 characters decode to 1026 bytes.
        let b64 = "a".repeat(1368);
        assert_eq!(
            SecretKey::parse(&b64, SecretEncoding::Base64).unwrap_err(),
            SecretError::TooLong { len: 1026 }
        );
        assert!(matches!(
            SecretKey::from_bytes(vec![1; 3 << 20]),
            Err(SecretError::TooLong { .. })
        ));
    }

    #[test]
    fn hmac_key_schedule_matches_the_hmac_crate_for_every_length() {
        use hmac::Mac as _;
        // Around the 64-byte block: padded below, hashed above.
        for len in [1, 5, 32, 63, 64, 65, 100, 200] {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 7 + 3) as u8).collect();
            let key = SecretKey::from_bytes(bytes.clone()).unwrap();
            let mut ours = key.hmac();
            let mut theirs = HmacSha256::new_from_slice(&bytes).unwrap();
            ours.update(b"header.payload");
            theirs.update(b"header.payload");
            assert_eq!(
                ours.finalize().into_bytes(),
                theirs.finalize().into_bytes(),
                "{len}"
            );
        }
    }

    #[test]
    fn base64_accepts_both_alphabets_with_or_without_padding() {
        let a = SecretKey::parse("-_8=", SecretEncoding::Base64).unwrap();
        let b = SecretKey::parse("+/8", SecretEncoding::Base64).unwrap();
        assert_eq!(a.expose(), b.expose());
        assert_eq!(a.expose(), &[0xfb, 0xff]);
        let err = SecretKey::parse("ab!d", SecretEncoding::Base64).unwrap_err();
        assert_eq!(err, SecretError::NotBase64 { position: 3 });
        assert!(!err.to_string().contains("ab!d"));
    }
}
