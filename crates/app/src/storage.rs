//! One handle on what is stored: the projects file and the OS keyring. The
//! window and the command line hold a [`Storage`] and ask it (or the use
//! cases it hands out) for everything; neither can name the file or the
//! keyring adapter behind it.
//!
//! The keyring is opened on first use, not when the handle is made: opening
//! it is a D-Bus connection and a Secret Service session on Linux. The
//! window makes its handle on the UI thread and only uses the keyring on its
//! storage thread, so the UI thread never waits for it.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::SystemTime;

use keyring_core::CredentialStore;

use crate::projects::{AppError, Listing, Projects, listing};
use crate::store::{Keyring, KeyringError, ProjectsError, ProjectsFile, default_config_dir};
use crate::token::SecretKey;

/// Where the keyring comes from.
#[derive(Clone)]
pub enum KeyringSource {
    /// The platform's keyring (Secret Service, Keychain, Credential
    /// Manager), opened on first use.
    Platform,
    /// A given store (`keyring_core::mock::Store` in tests).
    Store(Arc<CredentialStore>),
    /// A keyring known not to work, with the reason (tests, and a window
    /// told there is none).
    Unavailable(KeyringError),
}

/// The projects file and the keyring, as one handle.
pub struct Storage {
    file: Option<ProjectsFile>,
    source: KeyringSource,
    keyring: OnceLock<Keyring>,
}

impl std::fmt::Debug for Storage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Storage")
            .field("file", &self.file.as_ref().map(ProjectsFile::path))
            .field("keyring_open", &self.keyring.get().is_some())
            .finish()
    }
}

impl Storage {
    /// The user's: the platform config directory (none on a system without
    /// one: then nothing is saved) and the platform keyring.
    pub fn platform() -> Self {
        Self {
            file: default_config_dir().ok().map(|d| ProjectsFile::in_dir(&d)),
            source: KeyringSource::Platform,
            keyring: OnceLock::new(),
        }
    }

    /// `projects.toml` in `dir`, secrets from `keyring`.
    pub fn in_dir(dir: &Path, keyring: KeyringSource) -> Self {
        Self {
            file: Some(ProjectsFile::in_dir(dir)),
            source: keyring,
            keyring: OnceLock::new(),
        }
    }

    /// The platform config directory, where the window keeps its own state.
    pub fn config_dir() -> Result<PathBuf, ProjectsError> {
        default_config_dir()
    }

    /// The projects file's path, if there is a config directory.
    pub fn file_path(&self) -> Option<&Path> {
        self.file.as_ref().map(ProjectsFile::path)
    }

    pub(crate) fn keyring(&self) -> &Keyring {
        self.keyring.get_or_init(|| match &self.source {
            KeyringSource::Platform => Keyring::platform(),
            KeyringSource::Store(s) => Keyring::with_store(s.clone()),
            KeyringSource::Unavailable(e) => Keyring::unavailable(e.clone()),
        })
    }

    fn file(&self) -> Result<&ProjectsFile, AppError> {
        self.file
            .as_ref()
            .ok_or_else(|| ProjectsError::NoConfigDir.into())
    }

    /// The use cases over this file and keyring.
    pub fn projects(&self) -> Result<Projects<'_>, AppError> {
        Ok(Projects::new(self.file()?, self.keyring()))
    }

    /// The saved projects, without opening the keyring (nothing saved when
    /// there is no config directory). A corrupt file is moved aside and
    /// reported in the listing's warning.
    pub fn listing(&self) -> Result<Listing, AppError> {
        match &self.file {
            Some(f) => listing(f),
            None => Ok(Listing::default()),
        }
    }

    /// Whether the keyring could be opened (opens it).
    pub fn keyring_status(&self) -> Result<(), KeyringError> {
        self.keyring().status()
    }

    /// The secret saved under a project id: `None` if there is none. Read
    /// from the keyring once per process, then from its cache.
    pub fn secret(&self, project_id: &str) -> Result<Option<SecretKey>, KeyringError> {
        self.keyring().get(project_id)
    }

    /// What the projects file looks like on disk now (modification time and
    /// length), to notice a change made by another process without reading
    /// the file. `None` if it does not exist.
    pub fn file_stamp(&self) -> Option<FileStamp> {
        let meta = std::fs::metadata(self.file_path()?).ok()?;
        Some(FileStamp {
            modified: meta.modified().ok(),
            len: meta.len(),
        })
    }
}

/// A projects file's modification time and length (see [`Storage::file_stamp`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    modified: Option<SystemTime>,
    len: u64,
}
