//! Reading `VIDEOSDK_API_KEY` and `VIDEOSDK_SECRET_KEY` from a `.env` file.

use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use crate::files::{ReadError, read_limited};
use crate::token::{SecretEncoding, SecretError, SecretKey};

/// The largest `.env` read: sample apps' files are a few hundred bytes.
pub const MAX_ENV_FILE_BYTES: u64 = 1 << 20;

/// The two values a project needs.
#[derive(Debug)]
pub struct EnvProject {
    /// `VIDEOSDK_API_KEY`.
    pub api_key: String,
    /// `VIDEOSDK_SECRET_KEY`.
    pub secret: SecretKey,
}

/// Why the file could not be imported. Never contains a value from the file.
#[derive(Debug, thiserror::Error)]
pub enum DotEnvError {
    /// Unreadable: missing, not a regular file, larger than
    /// [`MAX_ENV_FILE_BYTES`], or an OS error.
    #[error("cannot read {path}: {source}; give the .env file of the project")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: ReadError,
    },
    /// The file is not UTF-8 text.
    #[error("{path} is not UTF-8 text (byte {at}): save it as UTF-8")]
    NotText {
        /// The file.
        path: PathBuf,
        /// 0-based offset of the first bad byte.
        at: usize,
    },
    /// `VIDEOSDK_SECRET_KEY` holds more than a secret.
    #[error("{path}: VIDEOSDK_SECRET_KEY is unusable: {source}")]
    BadSecret {
        /// The file.
        path: PathBuf,
        /// Why (never the value).
        source: SecretError,
    },
    /// A line is not `KEY=VALUE` (an unclosed quote, say).
    #[error(
        "{path} is not a valid .env file: a line is not KEY=VALUE (an unclosed quote?); fix it, or copy the two values into a new file"
    )]
    Syntax {
        /// The file.
        path: PathBuf,
    },
    /// A variable is missing or empty.
    #[error("{path} has no {var}: add a line {var}=… (copy it from the VideoSDK dashboard)")]
    Missing {
        /// The file.
        path: PathBuf,
        /// Which variable.
        var: &'static str,
    },
}

/// Reads the file with `dotenvy` (`export ` prefixes, quotes, escapes,
/// multi-line quoted values and comments, as dotenv libraries do). The last
/// assignment of a variable wins, as when a shell sources the file.
pub fn read_env_file(path: &Path) -> Result<EnvProject, DotEnvError> {
    let read_error = |source| DotEnvError::Read {
        path: path.to_path_buf(),
        source,
    };
    // Bounded and non-blocking: /dev/zero, a FIFO or a huge file is refused
    // before anything is read (dotenvy would read a path without limit).
    let bytes = Zeroizing::new(read_limited(path, MAX_ENV_FILE_BYTES).map_err(read_error)?);
    if let Err(e) = std::str::from_utf8(&bytes) {
        return Err(DotEnvError::NotText {
            path: path.to_path_buf(),
            at: e.valid_up_to(),
        });
    }
    let lines = dotenvy::from_read_iter(bytes.as_slice());
    let mut api_key: Option<String> = None;
    let mut secret: Option<Zeroizing<String>> = None;
    for line in lines {
        let (key, value) = line.map_err(|e| match e {
            dotenvy::Error::Io(source) => read_error(source.into()),
            // LineParse carries the offending line, which may hold a secret: never shown.
            _ => DotEnvError::Syntax {
                path: path.to_path_buf(),
            },
        })?;
        let value = Zeroizing::new(value);
        match key.as_str() {
            "VIDEOSDK_API_KEY" => api_key = Some(value.trim().to_owned()),
            "VIDEOSDK_SECRET_KEY" => secret = Some(value),
            _ => {}
        }
    }
    let missing = |var| DotEnvError::Missing {
        path: path.to_path_buf(),
        var,
    };
    let api_key = api_key
        .filter(|k| !k.is_empty())
        .ok_or_else(|| missing("VIDEOSDK_API_KEY"))?;
    let secret = secret
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| missing("VIDEOSDK_SECRET_KEY"))?;
    let secret = SecretKey::parse(&secret, SecretEncoding::Text).map_err(|source| {
        DotEnvError::BadSecret {
            path: path.to_path_buf(),
            source,
        }
    })?;
    Ok(EnvProject { api_key, secret })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_usual_shapes() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(".env");
        std::fs::write(
            &p,
            "# VideoSDK\nexport VIDEOSDK_API_KEY=\"key-1\"\nOTHER=1\nVIDEOSDK_SECRET_KEY='s3cr=et' # prod\n",
        )
        .unwrap();
        let e = read_env_file(&p).unwrap();
        assert_eq!(e.api_key, "key-1");
        assert_eq!(e.secret.expose(), b"s3cr=et");
        std::fs::write(&p, "VIDEOSDK_API_KEY=k # note\nVIDEOSDK_SECRET_KEY=abc\n").unwrap();
        assert_eq!(read_env_file(&p).unwrap().api_key, "k");
    }

    #[test]
    fn multi_line_values_escapes_and_syntax_errors() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(".env");
        std::fs::write(
            &p,
            "VIDEOSDK_API_KEY=old\nVIDEOSDK_SECRET_KEY=\"line1\\nline2\"\nVIDEOSDK_API_KEY=new\n",
        )
        .unwrap();
        let e = read_env_file(&p).unwrap();
        assert_eq!(e.api_key, "new", "the last assignment wins");
        assert_eq!(e.secret.expose(), b"line1\nline2");
        std::fs::write(
            &p,
            "VIDEOSDK_API_KEY=k\nVIDEOSDK_SECRET_KEY=\"very-secret\n",
        )
        .unwrap();
        let e = read_env_file(&p).unwrap_err().to_string();
        assert!(
            e.contains("not a valid .env file") && !e.contains("very-secret"),
            "{e}"
        );
    }

    #[test]
    fn missing_values_are_named_and_values_never_shown() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(".env");
        std::fs::write(&p, "VIDEOSDK_SECRET_KEY=very-secret\n").unwrap();
        let e = read_env_file(&p).unwrap_err().to_string();
        assert!(e.contains("VIDEOSDK_API_KEY"), "{e}");
        std::fs::write(&p, "VIDEOSDK_API_KEY=k\nVIDEOSDK_SECRET_KEY=\n").unwrap();
        let e = read_env_file(&p).unwrap_err().to_string();
        assert!(
            e.contains("VIDEOSDK_SECRET_KEY") && !e.contains("very-secret"),
            "{e}"
        );
        assert!(read_env_file(&dir.path().join("nope")).is_err());
    }

    #[test]
    fn devices_pipes_huge_files_and_huge_secrets_are_refused_unread() {
        let dir = tempfile::tempdir().unwrap();
        let e = read_env_file(Path::new("/dev/zero"))
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "cannot read /dev/zero: it is a device, not a regular file; give the .env file of the project"
        );
        let p = dir.path().join(".env");
        std::fs::write(&p, vec![b'#'; (MAX_ENV_FILE_BYTES + 1) as usize]).unwrap();
        let e = read_env_file(&p).unwrap_err().to_string();
        assert!(
            e.ends_with("it is larger than 1 MB; give the .env file of the project"),
            "{e}"
        );
        // 3 MB of secret once reached the keyring.
        let huge = "s".repeat(3 << 20);
        std::fs::write(
            &p,
            format!("VIDEOSDK_API_KEY=k\nVIDEOSDK_SECRET_KEY={huge}\n"),
        )
        .unwrap();
        let e = read_env_file(&p).unwrap_err().to_string();
        assert!(e.contains("larger than 1 MB"), "{e}");
        let long = "s".repeat(5000);
        std::fs::write(
            &p,
            format!("VIDEOSDK_API_KEY=k\nVIDEOSDK_SECRET_KEY={long}\n"),
        )
        .unwrap();
        let e = read_env_file(&p).unwrap_err().to_string();
        assert!(
            e.contains("VIDEOSDK_SECRET_KEY is unusable: the secret is 5000 bytes, longer than the 1024 accepted")
                && !e.contains("sss"),
            "{e}"
        );
        std::fs::write(&p, b"VIDEOSDK_API_KEY=k\nVIDEOSDK_SECRET_KEY=\xff\n").unwrap();
        let e = read_env_file(&p).unwrap_err().to_string();
        assert!(e.contains("is not UTF-8 text (byte 39)"), "{e}");
    }
}
