//! The projects file: names, API keys, ids and defaults, never secrets.
//!
//! Writes are atomic (temporary file, fsync, rename) and happen under an
//! advisory lock on a sibling `.lock` file, so two app instances and the
//! CLI can all add projects at once without losing any. A file that does not
//! parse is moved aside, never overwritten.

use std::fs::{self, File, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::token::{Lifetime, PermissionSet, ProjectDefaults};

/// One saved VideoSDK project. The secret lives in the keyring under `id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    /// Stable id (UUID): the keyring account. Survives renames.
    pub id: String,
    /// What the user calls it: "staging", "production"…
    pub name: String,
    /// The project's API key (not a secret: it is in every token).
    pub api_key: String,
    /// Default permissions for tokens of this project (a list of strings in
    /// the file; missing means VideoSDK's documented default).
    #[serde(default = "default_permissions")]
    pub permissions: PermissionSet,
    /// Default lifetime, kept as typed (e.g. "24h").
    #[serde(default)]
    pub expires: Lifetime,
}

fn default_permissions() -> PermissionSet {
    ProjectDefaults::default().permissions
}

impl Project {
    /// A new project with a fresh id.
    pub fn new(name: &str, api_key: &str, defaults: ProjectDefaults) -> Self {
        Self {
            id: uuid::Uuid::new_v4().to_string(),
            name: name.to_owned(),
            api_key: api_key.to_owned(),
            permissions: defaults.permissions,
            expires: defaults.lifetime,
        }
    }

    /// What this project's tokens get unless the user says otherwise.
    pub fn defaults(&self) -> ProjectDefaults {
        ProjectDefaults {
            permissions: self.permissions,
            lifetime: self.expires.clone(),
        }
    }
}

/// Everything in the file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// Id of the default project.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// The projects, in the order they were added.
    #[serde(default, rename = "project")]
    pub projects: Vec<Project>,
}

impl Settings {
    /// Finds a project by exact name, else by case-insensitive name if that is unambiguous.
    pub fn find(&self, name: &str) -> Option<&Project> {
        self.projects.iter().find(|p| p.name == name).or_else(|| {
            let mut it = self
                .projects
                .iter()
                .filter(|p| p.name.eq_ignore_ascii_case(name));
            let first = it.next()?;
            it.next().is_none().then_some(first)
        })
    }

    /// The project with this id (the keyring account).
    pub fn by_id(&self, id: &str) -> Option<&Project> {
        self.projects.iter().find(|p| p.id == id)
    }

    /// The default project, if any.
    pub fn default_project(&self) -> Option<&Project> {
        let id = self.default.as_deref()?;
        self.projects.iter().find(|p| p.id == id)
    }
}

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
    /// No such project.
    #[error("no project named '{0}'; see `videosdk-token project list`")]
    NotFound(String),
    /// A project looked up a moment ago was removed by another process
    /// (or window) meanwhile.
    #[error(
        "that project was removed meanwhile (by another window or command); nothing was changed"
    )]
    Gone(String),
    /// Bad name.
    #[error("invalid project name: {0}")]
    BadName(String),
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
    let trimmed = name.trim();
    if trimmed.is_empty() {
        return Err(ProjectsError::BadName("the name is empty".to_owned()));
    }
    if trimmed != name {
        return Err(ProjectsError::BadName(
            "the name starts or ends with whitespace".to_owned(),
        ));
    }
    if name.chars().count() > 64 {
        return Err(ProjectsError::BadName(
            "the name is longer than 64 characters".to_owned(),
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(ProjectsError::BadName(
            "the name contains control characters".to_owned(),
        ));
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
        let lock_path = self.path.with_extension("toml.lock");
        let f = private_options()
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
        let text = match fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Loaded::default()),
            Err(e) => return Err(self.io("read", &self.path)(e)),
        };
        let parsed = std::str::from_utf8(&text)
            .map_err(|e| format!("not UTF-8 text: {e}"))
            .and_then(|t| toml::from_str::<Settings>(t).map_err(|e| e.message().to_owned()))
            .and_then(|s| check_consistent(&s).map(|()| s));
        match parsed {
            Ok(settings) => Ok(Loaded {
                settings,
                warning: None,
            }),
            Err(reason) => {
                let stamp = jiff::Timestamp::now()
                    .strftime("%Y%m%dT%H%M%SZ")
                    .to_string();
                let moved_to = self.path.with_extension(format!("toml.corrupt-{stamp}"));
                fs::rename(&self.path, &moved_to).map_err(self.io("move aside", &self.path))?;
                Ok(Loaded {
                    settings: Settings::default(),
                    warning: Some(LoadWarning::CorruptMovedAside { moved_to, reason }),
                })
            }
        }
    }

    /// Read, change, write back: all under the lock. `change` returning an
    /// error leaves the file as it was.
    pub fn update<T>(
        &self,
        change: impl FnOnce(&mut Settings) -> Result<T, ProjectsError>,
    ) -> Result<(T, Option<LoadWarning>), ProjectsError> {
        let _lock = self.lock()?;
        let Loaded {
            mut settings,
            warning,
        } = self.load_locked()?;
        let out = change(&mut settings)?;
        self.write_locked(&settings)?;
        Ok((out, warning))
    }

    fn write_locked(&self, settings: &Settings) -> Result<(), ProjectsError> {
        #[cfg(test)]
        if FAIL_NEXT_WRITE.with(|f| f.replace(false)) {
            return Err(self.io("write", &self.path)(std::io::Error::other(
                "injected failure",
            )));
        }
        let text = toml::to_string_pretty(settings).map_err(|e| ProjectsError::Io {
            action: "serialise",
            path: self.path.clone(),
            source: std::io::Error::other(e.to_string()),
        })?;
        let text = format!(
            "# videosdk-token projects: names and API keys only; secrets are in the OS keyring.\n{text}"
        );
        self.remove_stale_temporaries();
        let tmp = self
            .path
            .with_extension(format!("toml.tmp-{}", std::process::id()));
        let result = (|| {
            let mut f = private_options()
                .write(true)
                .create(true)
                .truncate(true)
                .open(&tmp)?;
            f.write_all(text.as_bytes())?;
            f.sync_all()?;
            fs::rename(&tmp, &self.path)?;
            if let Some(dir) = self.path.parent() {
                // Make the rename itself durable.
                if let Ok(d) = File::open(dir) {
                    let _ = d.sync_all();
                }
            }
            Ok(())
        })();
        if result.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        result.map_err(self.io("write", &self.path))
    }

    /// Temporary files left by a writer that was killed mid-write. Only
    /// called under the lock, so no live writer owns one.
    fn remove_stale_temporaries(&self) {
        let (Some(dir), Some(stem)) = (self.path.parent(), self.path.file_name()) else {
            return;
        };
        let prefix = format!("{}.tmp-", stem.to_string_lossy());
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
            if s.projects
                .iter()
                .any(|p| p.name.eq_ignore_ascii_case(&project.name))
            {
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
                .any(|p| p.id != project.id && p.name.eq_ignore_ascii_case(&project.name))
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

#[cfg(unix)]
fn private_options() -> OpenOptions {
    use std::os::unix::fs::OpenOptionsExt as _;
    let mut o = OpenOptions::new();
    o.mode(0o600);
    o
}

#[cfg(not(unix))]
fn private_options() -> OpenOptions {
    OpenOptions::new()
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt as _;
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    fs::create_dir_all(dir)
}

#[cfg(test)]
mod tests;
