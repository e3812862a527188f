//! Files customers send (HAR, log, `.env`): opening one within bounds, and
//! judging each token found at the moment it was used.
//!
//! The reading is the core's ([`videosdk_token_core::evidence`]); this
//! module opens the file (refusing what is not a regular file or is too
//! large, before reading a byte) and puts the verdicts together.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::token::{FindingCode, Outcome, Report};
use videosdk_token_core::evidence::{self, Evidence, Kind, ResponseCode, Timeline};

/// A file larger than this is refused at once.
pub const MAX_EVIDENCE_BYTES: u64 = 512 * 1024 * 1024;

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// A folder, a named pipe, a device or a socket.
    #[error(
        "cannot read {path}: it is {what}, not a regular file; give a saved file (HAR, log or .env)"
    )]
    NotAFile {
        /// The path given.
        path: String,
        /// What it is instead.
        what: &'static str,
    },
    /// Larger than [`MAX_EVIDENCE_BYTES`].
    #[error(
        "cannot read {path}: it is {size} bytes, over the limit of 512 MB; export fewer requests (or cut the log) and try again"
    )]
    TooLarge {
        /// The path given.
        path: String,
        /// Its size.
        size: u64,
    },
    /// The system's refusal.
    #[error("cannot read {path}: {why}")]
    Io {
        /// The path given.
        path: String,
        /// The system's reason.
        why: std::io::Error,
    },
}

/// A file opened for reading, never read past [`MAX_EVIDENCE_BYTES`] even
/// if it grows meanwhile.
pub struct Bounded {
    file: File,
    pos: u64,
}

impl Read for Bounded {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = MAX_EVIDENCE_BYTES.saturating_sub(self.pos);
        let max = usize::try_from(left).unwrap_or(usize::MAX).min(buf.len());
        let n = self.file.read(&mut buf[..max])?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for Bounded {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        self.pos = self.file.seek(to)?;
        Ok(self.pos)
    }
}

fn what_it_is(meta: &std::fs::Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
    }
    "not a regular file"
}

/// Opens a file to read as evidence: a regular file (a link to one is
/// followed) of at most [`MAX_EVIDENCE_BYTES`]; anything else is refused
/// before a byte is read, and without blocking on a named pipe.
pub fn open_evidence(path: &Path) -> Result<BufReader<Bounded>, OpenError> {
    let shown = path.display().to_string();
    let io = |why| OpenError::Io {
        path: shown.clone(),
        why,
    };
    let check = |meta: &std::fs::Metadata| {
        if !meta.is_file() {
            return Err(OpenError::NotAFile {
                path: shown.clone(),
                what: what_it_is(meta),
            });
        }
        if meta.len() > MAX_EVIDENCE_BYTES {
            return Err(OpenError::TooLarge {
                path: shown.clone(),
                size: meta.len(),
            });
        }
        Ok(())
    };
    check(&std::fs::metadata(path).map_err(io)?)?;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        // Swapped for a pipe since the check: open without waiting for a writer.
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    let file = options.open(path).map_err(io)?;
    check(&file.metadata().map_err(io)?)?;
    Ok(BufReader::with_capacity(
        256 * 1024,
        Bounded { file, pos: 0 },
    ))
}

/// One place a token was seen, judged at that moment.
#[derive(Debug, Clone)]
pub struct Occurrence {
    /// When (`None`: the file does not say; judged now).
    pub at: Option<Timestamp>,
    /// The file gave the time without a zone: read as local time.
    pub local_time: bool,
    /// Where in the file.
    pub place: String,
    /// The answer's HTTP status.
    pub status: Option<u16>,
    /// VideoSDK's error in the answer.
    pub response_code: Option<ResponseCode>,
    /// The verdict at that moment.
    pub outcome: Outcome,
    /// The findings at that moment, worst first.
    pub findings: Vec<FindingCode>,
    /// Whether those findings explain the answer (`None`: nothing to explain).
    pub explains: Option<bool>,
    /// The token's lifetime, with now and that moment.
    pub timeline: Timeline,
}

/// One token of the file: its report now, and every sighting.
#[derive(Debug, Clone)]
pub struct FileToken {
    /// Its first characters, the only part ever shown.
    pub start: String,
    /// The token judged now.
    pub report: Report,
    /// Where it was seen, in file order.
    pub seen: Vec<Occurrence>,
}

/// What a file says about VideoSDK tokens.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// HAR, `.env` or text.
    pub kind: Kind,
    /// The tokens, in order of first sighting.
    pub tokens: Vec<FileToken>,
    /// Sightings past the limits, not reported.
    pub unrecorded: usize,
    /// Why reading stopped early, if it did.
    pub problem: Option<String>,
}

/// The kind of file, in words: "a HAR export", "a .env file", "a log (text)".
pub fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Har => "a HAR export",
        Kind::Env => "a .env file",
        Kind::Text => "a log (text)",
    }
}

fn outcome_word(o: Outcome) -> &'static str {
    match o {
        Outcome::Valid => "valid",
        Outcome::Invalid => "invalid",
        Outcome::NotJwt => "not a JWT",
        Outcome::Unverified => "not verified (no secret for it), no error found",
    }
}

/// How long a token has left: "expires in 3 h", "expired 2 d ago".
pub fn time_left(report: &Report, now: Timestamp) -> String {
    let exp = report
        .claims
        .as_ref()
        .and_then(|c| c.get("exp"))
        .and_then(crate::token::numeric_date)
        .and_then(|s| Timestamp::from_second(s).ok());
    match exp {
        Some(t) if t > now => format!("expires {}", crate::token::relative(t, now)),
        Some(t) => format!("expired {}", crate::token::relative(t, now)),
        None => "no expiry".to_owned(),
    }
}

impl Occurrence {
    /// What VideoSDK answered, in words: "HTTP 401, 4002 INVALID_TOKEN".
    pub fn answer(&self) -> Option<String> {
        let mut parts = Vec::new();
        if let Some(s) = self.status {
            parts.push(format!("HTTP {s}"));
        }
        if let Some(c) = self.response_code {
            if c.code == 401 && self.status == Some(401) {
                parts.push(format!("\"{}\"", c.name));
            } else {
                parts.push(format!("{} {}", c.code, c.name));
            }
        }
        (!parts.is_empty()).then(|| parts.join(", "))
    }

    /// The token's state at that moment and whether it explains the answer:
    /// "invalid (expired) at that moment: explains the 401".
    pub fn explanation(&self) -> String {
        let findings: Vec<&str> = self.findings.iter().map(|c| c.as_str()).collect();
        let state = if findings.is_empty() {
            outcome_word(self.outcome).to_owned()
        } else {
            format!("{} ({})", outcome_word(self.outcome), findings.join(", "))
        };
        let what = self
            .response_code
            .map(|c| c.code.to_string())
            .or(self.status.map(|s| s.to_string()))
            .unwrap_or_default();
        match self.explains {
            Some(true) => format!("{state} at that moment: explains the {what}"),
            Some(false) => {
                let advice = match self.response_code.map(|c| c.code) {
                    Some(4001) => "look at the API key the app sent",
                    _ => "look at what else the request sent (API key, room, account)",
                };
                format!(
                    "{state} at that moment: the {what} is not explained by this token, {advice}"
                )
            }
            None => format!("{state} at that moment"),
        }
    }

    /// When, in words: "at 2026-11-28 10:14 CET (2026-11-28T09:14:02Z)".
    pub fn when(&self, tz: &TimeZone) -> String {
        match self.at {
            Some(at) if self.local_time => format!(
                "at {} (no zone in the file: read as local time)",
                crate::token::local(at, tz)
            ),
            Some(at) => format!(
                "at {} ({})",
                crate::token::local(at, tz),
                crate::token::utc(at)
            ),
            None => "no time in the file: judged now".to_owned(),
        }
    }
}

impl FileReport {
    /// The kind of file, in words.
    pub fn kind_name(&self) -> &'static str {
        kind_name(self.kind)
    }

    /// The report for a ticket: each token's redacted report (no
    /// signature) and where it was seen, with nothing else from the file.
    pub fn redacted_text(&self, name: &str, tz: &TimeZone) -> String {
        let n = self.tokens.len();
        let mut out = format!(
            "File: {name} ({}): {n} VideoSDK token(s)\n",
            self.kind_name()
        );
        for (i, t) in self.tokens.iter().enumerate() {
            out.push_str(&format!("\nToken {} of {n}: {}\n", i + 1, t.start));
            out.push_str(&t.report.redacted_text());
            out.push_str("Seen:\n");
            for o in &t.seen {
                let answer = o
                    .answer()
                    .map_or(String::new(), |a| format!("; answer: {a}"));
                out.push_str(&format!("- {} {}{answer}\n", o.place, o.when(tz)));
                out.push_str(&format!("  {}\n", o.explanation()));
                out.push_str(&format!("  {}\n", o.timeline.text(tz)));
            }
        }
        out
    }
}

/// Judges every token of `ev` now and at each sighting's moment.
/// `inspect(token, moment)` is the inspection to run (with whatever
/// secrets the caller has).
pub fn judge(
    ev: &Evidence,
    now: Timestamp,
    mut inspect: impl FnMut(&str, Timestamp) -> Report,
) -> FileReport {
    let tokens = ev
        .tokens()
        .into_iter()
        .map(|token| {
            let report = inspect(token, now);
            let seen = ev
                .seen(token)
                .into_iter()
                .map(|s| {
                    let then = inspect(token, s.at.unwrap_or(now));
                    let timeline = match &report.claims {
                        Some(c) => evidence::timeline(c, now, s.at),
                        None => evidence::timeline(&Default::default(), now, s.at),
                    };
                    Occurrence {
                        at: s.at,
                        local_time: s.local_time,
                        place: s.place.clone(),
                        status: s.status,
                        response_code: s.response_code,
                        outcome: then.outcome,
                        findings: then.findings.iter().map(|f| f.code).collect(),
                        explains: evidence::explains_response(
                            s.response_code,
                            s.status,
                            &then.findings,
                        ),
                        timeline,
                    }
                })
                .collect();
            FileToken {
                start: evidence::token_start(token),
                report,
                seen,
            }
        })
        .collect();
    FileReport {
        kind: ev.kind,
        tokens,
        unrecorded: ev.unrecorded,
        problem: ev.problem.clone(),
    }
}

/// Reads the evidence in an opened file; times without a zone are read in `tz`.
pub fn read(reader: BufReader<Bounded>, tz: &TimeZone) -> Evidence {
    evidence::read(reader, tz)
}

/// A `.env` larger than this is not edited.
pub const MAX_ENV_BYTES: u64 = 1024 * 1024;

/// Why a token was not written into a `.env`.
#[derive(Debug, thiserror::Error)]
pub enum EnvWriteError {
    /// The path is a symlink: written through, it would change another file.
    #[error("cannot write {0}: it is a symbolic link; give the file it points to")]
    Symlink(String),
    /// A folder, a pipe, a device.
    #[error("cannot write {0}: not a regular file")]
    NotAFile(String),
    /// Too large to be a `.env`.
    #[error("cannot write {0}: over 1 MB, not a .env file")]
    TooLarge(String),
    /// Not UTF-8 text.
    #[error("cannot write {0}: not text (UTF-8)")]
    NotText(String),
    /// A variable name a `.env` cannot hold.
    #[error("cannot write {path}: {name:?} is not a variable name (letters, digits and _)")]
    BadName {
        /// The file.
        path: String,
        /// The name given.
        name: String,
    },
    /// The system's refusal.
    #[error("cannot write {path}: {why}")]
    Io {
        /// The file.
        path: String,
        /// The system's reason.
        why: std::io::Error,
    },
}

/// Writes `token` into the `.env` at `path` as variable `var` (default:
/// [`evidence::default_token_var`]), every other byte kept; a missing file
/// is created. Atomic ([`crate::files::replace_private`]), the file's mode
/// kept, a symlink refused. Returns the variable written.
pub fn write_into_env(
    path: &Path,
    var: Option<&str>,
    token: &str,
) -> Result<String, EnvWriteError> {
    let shown = path.display().to_string();
    let io = |why| EnvWriteError::Io {
        path: shown.clone(),
        why,
    };
    let (text, mode) = match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => return Err(EnvWriteError::Symlink(shown)),
        Ok(meta) if !meta.is_file() => return Err(EnvWriteError::NotAFile(shown)),
        Ok(meta) if meta.len() > MAX_ENV_BYTES => return Err(EnvWriteError::TooLarge(shown)),
        Ok(meta) => {
            let mut bytes = Vec::new();
            File::open(path)
                .and_then(|f| f.take(MAX_ENV_BYTES + 1).read_to_end(&mut bytes))
                .map_err(io)?;
            if bytes.len() as u64 > MAX_ENV_BYTES {
                return Err(EnvWriteError::TooLarge(shown));
            }
            let text =
                String::from_utf8(bytes).map_err(|_| EnvWriteError::NotText(shown.clone()))?;
            (text, Some(meta.permissions()))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (String::new(), None),
        Err(e) => return Err(io(e)),
    };
    let name = match var {
        Some(v) => {
            let ok = v
                .bytes()
                .next()
                .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
                && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
            if !ok {
                return Err(EnvWriteError::BadName {
                    path: shown,
                    name: v.to_owned(),
                });
            }
            v.to_owned()
        }
        None => evidence::default_token_var(&text).to_owned(),
    };
    let new = evidence::set_env_var(&text, &name, token);
    crate::files::replace_private(path, new.as_bytes(), ".env.tmp-").map_err(io)?;
    if let Some(mode) = mode {
        std::fs::set_permissions(path, mode).map_err(io)?;
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_within_the_limit_are_opened() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.har");
        std::fs::write(&f, b"{}").unwrap();
        assert!(open_evidence(&f).is_ok());
        let e = open_evidence(dir.path()).err().unwrap();
        assert!(e.to_string().contains("it is a folder"), "{e}");
        let e = open_evidence(&dir.path().join("missing")).err().unwrap();
        assert!(matches!(e, OpenError::Io { .. }), "{e}");
        let big = dir.path().join("big.har");
        let file = File::create(&big).unwrap();
        file.set_len(MAX_EVIDENCE_BYTES + 1).unwrap();
        let e = open_evidence(&big).err().unwrap();
        assert!(e.to_string().contains("over the limit of 512 MB"), "{e}");
        #[cfg(unix)]
        {
            let e = open_evidence(Path::new("/dev/zero")).err().unwrap();
            assert!(e.to_string().contains("a device"), "{e}");
            let fifo = dir.path().join("pipe");
            rustix::fs::mkfifoat(
                rustix::fs::CWD,
                &fifo,
                rustix::fs::Mode::RUSR | rustix::fs::Mode::WUSR,
            )
            .unwrap();
            let e = open_evidence(&fifo).err().unwrap();
            assert!(e.to_string().contains("named pipe"), "{e}");
            let link = dir.path().join("link.har");
            std::os::unix::fs::symlink(&f, &link).unwrap();
            assert!(open_evidence(&link).is_ok());
        }
    }

    #[test]
    fn a_token_goes_into_a_dotenv_with_every_other_byte_kept() {
        let dir = tempfile::tempdir().unwrap();
        let env = dir.path().join(".env");
        let before = "# app\r\nVITE_API=x\r\nREACT_APP_VIDEOSDK_TOKEN='old' # c\r\n\r\nZ=1";
        std::fs::write(&env, before).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(&env, std::fs::Permissions::from_mode(0o640)).unwrap();
        }
        assert_eq!(
            write_into_env(&env, None, "NEW").unwrap(),
            "REACT_APP_VIDEOSDK_TOKEN"
        );
        let after = std::fs::read_to_string(&env).unwrap();
        assert_eq!(after, before.replace("'old'", "'NEW'"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&env).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o640);
        }
        assert_eq!(
            write_into_env(&env, Some("OTHER_TOKEN"), "T2").unwrap(),
            "OTHER_TOKEN"
        );
        assert_eq!(
            std::fs::read_to_string(&env).unwrap(),
            format!("{}\r\nOTHER_TOKEN=T2\r\n", before.replace("'old'", "'NEW'"))
        );
        let e = write_into_env(&env, Some("BAD NAME"), "T").unwrap_err();
        assert!(e.to_string().contains("not a variable name"), "{e}");
        let fresh = dir.path().join("new.env");
        assert_eq!(write_into_env(&fresh, None, "T").unwrap(), "VIDEOSDK_TOKEN");
        assert_eq!(
            std::fs::read_to_string(&fresh).unwrap(),
            "VIDEOSDK_TOKEN=T\n"
        );
        #[cfg(unix)]
        {
            let victim = dir.path().join("victim");
            std::fs::write(&victim, "A=1\n").unwrap();
            let link = dir.path().join("link.env");
            std::os::unix::fs::symlink(&victim, &link).unwrap();
            let e = write_into_env(&link, None, "T").unwrap_err();
            assert!(matches!(e, EnvWriteError::Symlink(_)), "{e}");
            assert_eq!(std::fs::read_to_string(&victim).unwrap(), "A=1\n");
        }
        let bin = dir.path().join("bin.env");
        std::fs::write(&bin, b"A=\xff\n").unwrap();
        assert!(matches!(
            write_into_env(&bin, None, "T"),
            Err(EnvWriteError::NotText(_))
        ));
        assert!(matches!(
            write_into_env(dir.path(), None, "T"),
            Err(EnvWriteError::NotAFile(_))
        ));
    }
}
