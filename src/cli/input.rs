//! Reading what the user pipes or types: tokens, secrets, environment.

use std::io::{IsTerminal as _, Read as _};

use zeroize::Zeroizing;

use super::{Result, fail};
use crate::token::{MAX_SECRET_BYTES, SecretEncoding, SecretKey};

/// How much of piped input is read: far above [`crate::token::MAX_INPUT_BYTES`],
/// so the core still sees (and explains) an oversized paste, and far below
/// what could exhaust memory. Reading stops there: `yes | inspect` or
/// `inspect < /dev/zero` end at once instead of reading forever.
pub const STDIN_LIMIT: usize = 1 << 20;

/// Reads stdin up to `limit` + 1 bytes and stops: `Err` carries what was
/// read when there is more (the caller refuses it), never waiting for an
/// endless writer to finish.
pub fn read_stdin_limited(limit: usize) -> Result<Result<Zeroizing<String>, usize>> {
    let mut buf = Vec::new();
    std::io::stdin()
        .lock()
        .take(limit as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(|e| fail(format!("cannot read stdin: {e}")))?;
    let read = buf.len();
    let text = Zeroizing::new(String::from_utf8_lossy(&buf).into_owned());
    buf.fill(0);
    Ok(if read > limit { Err(read) } else { Ok(text) })
}

/// `s` without one trailing line break.
pub fn strip_one_newline(s: &str) -> &str {
    s.strip_suffix("\r\n")
        .or_else(|| s.strip_suffix('\n'))
        .unwrap_or(s)
}

/// `--secret-base64` or text.
pub fn encoding(base64: bool) -> SecretEncoding {
    if base64 {
        SecretEncoding::Base64
    } else {
        SecretEncoding::Text
    }
}

/// A secret from stdin: a hidden prompt on a terminal, else the first line.
pub fn read_secret_stdin(prompt: &str, encoding: SecretEncoding) -> Result<SecretKey> {
    let text = if std::io::stdin().is_terminal() {
        Zeroizing::new(
            rpassword::prompt_password(prompt)
                .map_err(|e| fail(format!("cannot read the secret: {e}")))?,
        )
    } else {
        // The secret, a line break, and room for the core to name a
        // slightly long one; anything longer is not a secret.
        read_stdin_limited(MAX_SECRET_BYTES + 2)?.map_err(|_| {
            fail(format!(
                "the secret on stdin is longer than the {MAX_SECRET_BYTES} bytes accepted: a VideoSDK secret is 64 characters; pipe only the secret (one line)"
            ))
        })?
    };
    SecretKey::parse(strip_one_newline(&text), encoding).map_err(Into::into)
}
