//! Reading `VIDEOSDK_API_KEY` and `VIDEOSDK_SECRET_KEY` from a `.env` file.

use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use crate::token::{SecretEncoding, SecretKey};

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
    /// Unreadable.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
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
    let lines = dotenvy::from_path_iter(path).map_err(|e| match e {
        dotenvy::Error::Io(source) => read_error(source),
        other => read_error(std::io::Error::other(other.to_string())),
    })?;
    let mut api_key: Option<String> = None;
    let mut secret: Option<Zeroizing<String>> = None;
    for line in lines {
        let (key, value) = line.map_err(|e| match e {
            dotenvy::Error::Io(source) => read_error(source),
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
        .filter(|s| !s.is_empty())
        .and_then(|s| SecretKey::parse(&s, SecretEncoding::Text).ok())
        .ok_or_else(|| missing("VIDEOSDK_SECRET_KEY"))?;
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
}
