//! Saved projects and the keyring, opened only when a command needs them
//! (opening the keyring costs a D-Bus round trip).

use std::cell::OnceCell;

use super::{Result, app_failed, fail};
use crate::app::{Listing, Projects, projects::listing};
use crate::store::{Keyring, ProjectsError, ProjectsFile, Settings, default_config_dir};

/// The projects file (if there is a config directory) and a lazily opened keyring.
pub struct Storage {
    file: Option<ProjectsFile>,
    keyring: OnceCell<Keyring>,
}

impl Storage {
    pub fn new() -> Self {
        Self {
            file: default_config_dir().ok().map(|d| ProjectsFile::in_dir(&d)),
            keyring: OnceCell::new(),
        }
    }

    pub fn keyring(&self) -> &Keyring {
        self.keyring.get_or_init(Keyring::platform)
    }

    /// The use cases over this file and keyring.
    pub fn projects(&self) -> Result<Projects<'_>> {
        let file = self
            .file
            .as_ref()
            .ok_or_else(|| fail(ProjectsError::NoConfigDir.to_string()))?;
        Ok(Projects::new(file, self.keyring()))
    }

    /// The saved projects (none without a config directory); a corrupt file
    /// is reported on stderr. Does not open the keyring.
    pub fn settings(&self) -> Result<Settings> {
        let Some(file) = &self.file else {
            return Ok(Settings::default());
        };
        let Listing { settings, warning } = listing(file).map_err(app_failed)?;
        if let Some(w) = warning {
            super::output::warning(&w.to_string());
        }
        Ok(settings)
    }
}
