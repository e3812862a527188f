//! Reading `VIDEOSDK_API_KEY` and `VIDEOSDK_SECRET_KEY` from a `.env` file.

use std::path::{Path, PathBuf};

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
    /// A variable is missing or empty.
    #[error("{path} has no {var}: add a line {var}=… (copy it from the VideoSDK dashboard)")]
    Missing {
        /// The file.
        path: PathBuf,
        /// Which variable.
        var: &'static str,
    },
}

/// Parses `KEY=VALUE` lines: `export ` prefixes, quotes, comments and blank
/// lines are handled as shells and dotenv libraries do.
pub fn read_env_file(path: &Path) -> Result<EnvProject, DotEnvError> {
    let text = std::fs::read_to_string(path).map_err(|source| DotEnvError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let text = zeroize::Zeroizing::new(text);
    let get = |var: &'static str| -> Result<String, DotEnvError> {
        text.lines()
            .rev()
            .filter_map(|line| {
                let line = line.trim();
                let line = line.strip_prefix("export ").unwrap_or(line).trim_start();
                let (k, v) = line.split_once('=')?;
                (k.trim() == var).then(|| unquote(v.trim()))
            })
            .next()
            .filter(|v| !v.is_empty())
            .ok_or_else(|| DotEnvError::Missing {
                path: path.to_path_buf(),
                var,
            })
    };
    let api_key = get("VIDEOSDK_API_KEY")?;
    let secret = zeroize::Zeroizing::new(get("VIDEOSDK_SECRET_KEY")?);
    let secret =
        SecretKey::parse(&secret, SecretEncoding::Text).map_err(|_| DotEnvError::Missing {
            path: path.to_path_buf(),
            var: "VIDEOSDK_SECRET_KEY",
        })?;
    Ok(EnvProject { api_key, secret })
}

fn unquote(v: &str) -> String {
    for q in ['"', '\''] {
        if let Some(inner) = v.strip_prefix(q).and_then(|r| r.split(q).next()) {
            return inner.to_owned();
        }
    }
    // Unquoted: a ` #` starts a comment.
    v.split(" #").next().unwrap_or(v).trim().to_owned()
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
