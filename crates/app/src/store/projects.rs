//! The projects file: names, API keys, ids and defaults, never secrets.
//!
//! Writes are atomic (temporary file, fsync, rename) and happen under an
//! advisory lock on a sibling `.lock` file, so two app instances and the
//! CLI can all add projects at once without losing any. A file that does not
//! parse is moved aside, never overwritten.

use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};

use super::fs_safe::{
    MAX_FILE_BYTES, check_private, create_private_dir, no_follow, non_blocking, private_options,
};

use crate::files::file_kind;
use crate::model::{Project, Settings, is_hidden, same_name};

/// What went wrong with the projects file. Each message names the path.
#[derive(Debug, thiserror::Error)]
pub enum ProjectsError {
    /// Reading, writing or locking failed.
    #[error("cannot {action} {path}: {source}")]
    Io {
        /// What we were doing.
        action: &'static str,
        /// Which file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// No config directory could be determined (no HOME).
    #[error("cannot find a configuration directory: set HOME (or XDG_CONFIG_HOME)")]
    NoConfigDir,
    /// Name already taken.
    #[error("a project named '{0}' already exists: pick another name, or remove it first")]
    NameTaken(String),
    /// A name that looks like another project's without being it
    /// (`ѕtaging` with a Cyrillic ѕ beside `staging`).
    #[error(
        "'{}' looks like the project '{}' but is another name ({odd}): two names that read alike get mixed up; pick a name that reads differently, in plain letters",
        crate::token::visible(.name),
        crate::token::visible(.other)
    )]
    NameLooksLike {
        /// The name given.
        name: String,
        /// The existing project's name.
        other: String,
        /// Its characters that differ, described.
        odd: String,
    },
    /// No such project.
    #[error("no project named '{0}'; see `videosdk-token project list`")]
    NotFound(String),
    /// The projects file is a FIFO, a device, a directory…
    #[error(
        "{path} is {what}, not a regular file: move it away (it is not this app's) and try again"
    )]
    NotRegular {
        /// Which file.
        path: PathBuf,
        /// What it is instead.
        what: &'static str,
    },
    /// The projects file is far larger than any this app writes.
    #[error(
        "{path} is {bytes} bytes, far more than a projects file (a few KB): move it away and try again"
    )]
    TooBig {
        /// Which file.
        path: PathBuf,
        /// Its size.
        bytes: u64,
    },
    /// Others could change the file between our check and our read.
    #[error(
        "refusing {path}: {why}, so secrets' metadata could be tampered with; fix it with `{fix}` (and check who changed it)"
    )]
    NotPrivate {
        /// The directory or file.
        path: PathBuf,
        /// What is wrong.
        why: &'static str,
        /// The command that fixes it.
        fix: String,
    },
    /// A project looked up a moment ago was removed by another process
    /// (or window) meanwhile.
    #[error(
        "that project was removed meanwhile (by another window or command); nothing was changed"
    )]
    Gone(String),
    /// Bad name.
    #[error("invalid project name: {0}")]
    BadName(String),
    /// The change cannot be written without dropping part of a hand-edited file.
    #[error("cannot change {path} without losing part of it: {why}. The file was left as it was")]
    Lossy {
        /// Which file.
        path: PathBuf,
        /// What stands in the way.
        why: String,
    },
}

/// A problem found while loading that did not stop us.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadWarning {
    /// The file did not parse; it was moved here and an empty list was used.
    CorruptMovedAside {
        /// Where the broken file now is.
        moved_to: PathBuf,
        /// The parser's complaint.
        reason: String,
    },
}

impl std::fmt::Display for LoadWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::CorruptMovedAside { moved_to, reason } => write!(
                f,
                "the projects file could not be read ({reason}); it was kept as {} and a new one was started. Secrets are still in the keyring: add the projects again with the same names, or fix that file and move it back",
                moved_to.display()
            ),
        }
    }
}

/// The loaded settings and any warning to show.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// The settings.
    pub settings: Settings,
    /// Set if the file was corrupt and moved aside.
    pub warning: Option<LoadWarning>,
}

/// Checks a project name: 1–64 characters, no control characters, not blank.
pub fn validate_name(name: &str) -> Result<(), ProjectsError> {
    let bad = |why: &str| Err(ProjectsError::BadName(why.to_owned()));
    let trimmed = name.trim();
    if trimmed.is_empty() {
        return bad("the name is empty");
    }
    if trimmed != name {
        return bad("the name starts or ends with whitespace");
    }
    if name.chars().count() > 64 {
        return bad("the name is longer than 64 characters");
    }
    if name.chars().any(char::is_control) {
        return bad("the name contains control characters");
    }
    if name.chars().any(is_hidden) {
        return bad(
            "the name contains an invisible or text-direction character (zero-width, bidi): type it again by hand",
        );
    }
    Ok(())
}

/// The platform config directory, e.g. `~/.config/videosdk-token` on Linux.
pub fn default_config_dir() -> Result<PathBuf, ProjectsError> {
    directories::ProjectDirs::from("live", "videosdk", "videosdk-token")
        .map(|d| d.config_dir().to_path_buf())
        .ok_or(ProjectsError::NoConfigDir)
}

/// The projects file at a path.
#[derive(Debug, Clone)]
pub struct ProjectsFile {
    path: PathBuf,
}

impl ProjectsFile {
    /// `projects.toml` in `dir`.
    pub fn in_dir(dir: &Path) -> Self {
        Self {
            path: dir.join("projects.toml"),
        }
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn io(
        &self,
        action: &'static str,
        path: &Path,
    ) -> impl FnOnce(std::io::Error) -> ProjectsError {
        let path = path.to_path_buf();
        move |source| ProjectsError::Io {
            action,
            path,
            source,
        }
    }

    fn lock(&self) -> Result<File, ProjectsError> {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        create_private_dir(dir).map_err(self.io("create the directory", dir))?;
        check_private(dir, "chmod 700")?;
        let lock_path = self.path.with_extension("toml.lock");
        // Not following a symlink: an attacker's link must not make us
        // create or truncate a file elsewhere.
        let f = no_follow(private_options())
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lock_path)
            .map_err(self.io("open the lock file", &lock_path))?;
        f.lock().map_err(self.io("lock", &lock_path))?;
        Ok(f)
    }

    /// Reads the settings. A missing file is an empty list; a corrupt one is
    /// moved aside (under the lock, so no writer races the move).
    pub fn load(&self) -> Result<Loaded, ProjectsError> {
        if !self.path.exists() {
            return Ok(Loaded::default());
        }
        let _lock = self.lock()?;
        self.load_locked()
    }

    fn load_locked(&self) -> Result<Loaded, ProjectsError> {
        self.load_text_locked().map(|(loaded, _)| loaded)
    }

    /// The settings and the text they were read from (`None`: no file, or
    /// a corrupt one, now moved aside).
    fn load_text_locked(&self) -> Result<(Loaded, Option<String>), ProjectsError> {
        let text = match self.read_bounded() {
            Ok(bytes) => bytes,
            Err(ProjectsError::Io { source, .. })
                if source.kind() == std::io::ErrorKind::NotFound =>
            {
                return Ok((Loaded::default(), None));
            }
            Err(e) => return Err(e),
        };
        let parsed = std::str::from_utf8(&text)
            .map_err(|e| format!("not UTF-8 text: {e}"))
            .and_then(|t| crate::model::read_settings(t).map(|s| (s, t.to_owned())))
            .and_then(|(s, t)| check_consistent(&s).map(|()| (s, t)));
        match parsed {
            Ok((settings, text)) => Ok((
                Loaded {
                    settings,
                    warning: None,
                },
                Some(text),
            )),
            Err(reason) => {
                let moved_to = self.move_aside()?;
                Ok((
                    Loaded {
                        settings: Settings::default(),
                        warning: Some(LoadWarning::CorruptMovedAside { moved_to, reason }),
                    },
                    None,
                ))
            }
        }
    }

    /// Reads the file only if it is a regular file of a sane size, owned by
    /// us and not writable by others. Opened non-blocking, and checked on the
    /// open descriptor, so a FIFO or a device swapped in cannot hang or flood us.
    fn read_bounded(&self) -> Result<Vec<u8>, ProjectsError> {
        use std::io::Read as _;
        let mut f = non_blocking(OpenOptions::new().read(true))
            .open(&self.path)
            .map_err(self.io("read", &self.path))?;
        let meta = f.metadata().map_err(self.io("read", &self.path))?;
        if !meta.is_file() {
            return Err(ProjectsError::NotRegular {
                path: self.path.clone(),
                what: file_kind(&meta),
            });
        }
        if meta.len() > MAX_FILE_BYTES {
            return Err(ProjectsError::TooBig {
                path: self.path.clone(),
                bytes: meta.len(),
            });
        }
        check_private(&self.path, "chmod 600")?;
        let mut bytes = Vec::new();
        std::io::Read::by_ref(&mut f)
            .take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(self.io("read", &self.path))?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(ProjectsError::TooBig {
                path: self.path.clone(),
                bytes: bytes.len() as u64,
            });
        }
        Ok(bytes)
    }

    /// Moves a corrupt file to `projects.toml.corrupt-<time>[-N]`, never over
    /// an earlier backup: a hard link fails if the name exists, then the
    /// original name is removed. Under the lock.
    fn move_aside(&self) -> Result<PathBuf, ProjectsError> {
        let stamp = jiff::Timestamp::now()
            .strftime("%Y%m%dT%H%M%SZ")
            .to_string();
        for n in 1..=1000 {
            let suffix = if n == 1 {
                format!("toml.corrupt-{stamp}")
            } else {
                format!("toml.corrupt-{stamp}-{n}")
            };
            let candidate = self.path.with_extension(suffix);
            match fs::hard_link(&self.path, &candidate) {
                Ok(()) => {
                    fs::remove_file(&self.path).map_err(self.io("move aside", &self.path))?;
                    return Ok(candidate);
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(self.io("move aside", &self.path)(e)),
            }
        }
        Err(self.io("move aside", &self.path)(std::io::Error::other(
            "a thousand backups already exist for this second",
        )))
    }

    /// Read, change, write back: all under the lock. `change` returning an
    /// error leaves the file as it was.
    pub fn update<T, E: From<ProjectsError>>(
        &self,
        change: impl FnOnce(&mut Settings) -> Result<T, E>,
    ) -> Result<(T, Option<LoadWarning>), E> {
        let _lock = self.lock()?;
        // Under the lock, whether or not this change writes (a change to
        // what is already there writes nothing): what killed writers left.
        self.remove_stale_temporaries();
        let (
            Loaded {
                mut settings,
                warning,
            },
            text,
        ) = self.load_text_locked()?;
        let before = settings.clone();
        let out = change(&mut settings)?;
        if settings != before {
            self.write_locked(text.as_deref(), &before, &settings)?;
        }
        Ok((out, warning))
    }

    /// Writes the change from `before` to `after` into the file as it was
    /// (`old`), touching nothing else ([`super::document`]), and only if
    /// the result reads back as `after`.
    fn write_locked(
        &self,
        old: Option<&str>,
        before: &Settings,
        after: &Settings,
    ) -> Result<(), ProjectsError> {
        let lossy = |why: String| ProjectsError::Lossy {
            path: self.path.clone(),
            why,
        };
        #[cfg(test)]
        if FAIL_NEXT_WRITE.with(|f| f.replace(false)) {
            return Err(self.io("write", &self.path)(std::io::Error::other(
                "injected failure",
            )));
        }
        let text = super::document::apply(old, before, after).map_err(lossy)?;
        match crate::model::read_settings(&text) {
            Ok(back) if without_unusable(&back) == without_unusable(after) => {}
            Ok(_) => {
                return Err(lossy(
                    "the edited file would not read back as intended (an entry the program cannot read shares a name with the change?)".to_owned(),
                ));
            }
            Err(e) => return Err(lossy(format!("the edited file would not parse ({e})"))),
        }
        // The program's one atomic writer: exclusive 0600 temporary, fsync,
        // rename (never through a symlink), fsync of the folder.
        let prefix = format!("{}.tmp-", self.file_name());
        crate::files::replace_private(&self.path, text.as_bytes(), &prefix)
            .map_err(self.io("write", &self.path))
    }

    fn file_name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    /// Temporary files left by a writer that was killed mid-write. Only
    /// called under the lock, so no live writer owns one.
    fn remove_stale_temporaries(&self) {
        let Some(dir) = self.path.parent() else {
            return;
        };
        let prefix = format!("{}.tmp-", self.file_name());
        if let Ok(entries) = fs::read_dir(dir) {
            for e in entries.flatten() {
                if e.file_name().to_string_lossy().starts_with(&prefix) {
                    let _ = fs::remove_file(e.path());
                }
            }
        }
    }

    /// Adds a project (first one becomes the default).
    pub fn add(&self, project: Project) -> Result<Option<LoadWarning>, ProjectsError> {
        validate_name(&project.name)?;
        self.update(|s| {
            if s.projects.iter().any(|p| same_name(&p.name, &project.name)) {
                return Err(ProjectsError::NameTaken(project.name.clone()));
            }
            if s.default_project().is_none() {
                s.default = Some(project.id.clone());
            }
            s.projects.push(project);
            Ok(())
        })
        .map(|((), w)| w)
    }

    /// Replaces the project with the same id (edit, rename).
    pub fn replace(&self, project: Project) -> Result<(), ProjectsError> {
        validate_name(&project.name)?;
        self.update(|s| {
            if s.projects
                .iter()
                .any(|p| p.id != project.id && same_name(&p.name, &project.name))
            {
                return Err(ProjectsError::NameTaken(project.name.clone()));
            }
            let slot = s
                .projects
                .iter_mut()
                .find(|p| p.id == project.id)
                .ok_or_else(|| ProjectsError::Gone(project.id.clone()))?;
            *slot = project;
            Ok(())
        })
        .map(|_| ())
    }

    /// Removes the project with this id; returns it. If it was the default,
    /// the first remaining project becomes the default. By id, not by name:
    /// a name looked up earlier may belong to another project by now.
    pub fn remove(&self, id: &str) -> Result<Project, ProjectsError> {
        self.update(|s| {
            let pos = s
                .projects
                .iter()
                .position(|p| p.id == id)
                .ok_or_else(|| ProjectsError::Gone(id.to_owned()))?;
            let removed = s.projects.remove(pos);
            if s.default.as_deref() == Some(&removed.id) {
                s.default = s.projects.first().map(|p| p.id.clone());
            }
            Ok(removed)
        })
        .map(|(p, _)| p)
    }

    /// Makes the project with this id the default.
    pub fn set_default(&self, id: &str) -> Result<Project, ProjectsError> {
        self.update(|s| {
            let p = s
                .by_id(id)
                .cloned()
                .ok_or_else(|| ProjectsError::Gone(id.to_owned()))?;
            s.default = Some(p.id.clone());
            Ok(p)
        })
        .map(|(p, _)| p)
    }
}

#[cfg(test)]
thread_local! {
    /// Makes this thread's next write of any projects file fail (tests of
    /// what a failing disk leaves behind).
    pub(crate) static FAIL_NEXT_WRITE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The settings without the lists of unusable presets (which a change of
/// presets may legitimately move, e.g. a duplicate name becoming free).
fn without_unusable(s: &Settings) -> Settings {
    let mut s = s.clone();
    for p in &mut s.projects {
        p.unusable_presets.clear();
    }
    s
}

fn check_consistent(s: &Settings) -> Result<(), String> {
    for (i, p) in s.projects.iter().enumerate() {
        if p.id.is_empty() || p.name.is_empty() {
            return Err(format!("project {} has an empty id or name", i + 1));
        }
        if s.projects[..i].iter().any(|q| q.id == p.id) {
            return Err(format!("two projects share the id {}", p.id));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
