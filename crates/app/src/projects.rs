//! Saved projects: metadata in the projects file, secret in the keyring
//! under the project's id. Every change that touches both goes through here.
//!
//! # The one ordering policy
//!
//! Every two-step change runs **keyring first, file second**, keyed by the
//! project's id, and undoes the keyring step if the file step fails:
//!
//! | change | step 1 (keyring) | step 2 (file) | if step 2 fails |
//! |---|---|---|---|
//! | add | store the secret | add the project | delete the secret again |
//! | edit with a new secret | store the new secret | replace the project | put the old secret back |
//! | remove | delete the secret (kept in memory) | remove the project | put the secret back |
//!
//! Why this order: the file is the index the user sees. A secret without a
//! project is invisible and would stay in the keyring forever; a project
//! without its secret fails at the next use. Doing the step that is easy to
//! undo (a keyring write of a secret we hold) first, and the file step
//! second, means one failure anywhere leaves neither. If step 1 fails,
//! nothing has changed. Only when the keyring cannot be reached at all may
//! the window keep a new secret for the session ([`KeyringFallback`]).

use std::path::Path;

use crate::model::{Project, Settings, is_hidden, same_name};
use crate::store::{
    EnvProject, Keyring, KeyringError, LoadWarning, ProjectsError, ProjectsFile, read_env_file,
    validate_name,
};
use crate::token::{GenerateError, ProjectDefaults, SecretKey, TokenRequest, validate};

/// Why a project use case failed. Messages say what happened and what to
/// do in words that hold for the window and the command line; each adds its
/// own way around keyring failures.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The projects file.
    #[error(transparent)]
    Projects(#[from] ProjectsError),
    /// The keyring, before anything was changed.
    #[error(transparent)]
    Keyring(#[from] KeyringError),
    /// A `.env` file.
    #[error(transparent)]
    DotEnv(#[from] crate::store::DotEnvError),
    /// Invisible or control characters in an API key.
    #[error(
        "the API key contains an invisible or control character: copy it again from the VideoSDK dashboard"
    )]
    HiddenInApiKey,
    /// The project's defaults could not sign a token.
    #[error(transparent)]
    Defaults(#[from] GenerateError),
    /// A preset was refused.
    #[error(transparent)]
    Preset(#[from] crate::model::PresetError),
}

/// What to do with a new secret when the keyring cannot store it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyringFallback {
    /// Refuse the whole change (the command line: nothing outlives the process).
    Refuse,
    /// Save the project anyway; the caller keeps the secret for this session
    /// (the window, which says so).
    SessionOnly,
}

/// A saved add or edit.
#[derive(Debug)]
pub struct Saved {
    /// The project as written.
    pub project: Project,
    /// Whether it became (or is) the default project.
    pub is_default: bool,
    /// Set when the secret could not go to the keyring and the caller asked
    /// for [`KeyringFallback::SessionOnly`].
    pub keyring_error: Option<KeyringError>,
    /// The file was corrupt and was moved aside before this change.
    pub warning: Option<LoadWarning>,
}

/// The editable fields of a project.
#[derive(Debug, Clone)]
pub struct ProjectEdit {
    /// The new name.
    pub name: String,
    /// The new API key.
    pub api_key: String,
    /// The new defaults.
    pub defaults: ProjectDefaults,
}

/// The projects file as read, and why it may be empty.
#[derive(Debug, Default)]
pub struct Listing {
    /// The projects and the default.
    pub settings: Settings,
    /// The file was corrupt and was moved aside.
    pub warning: Option<LoadWarning>,
}

/// Where a project's secret is, as far as the keyring says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretStatus {
    /// Stored in the keyring.
    InKeyring,
    /// No entry.
    Missing,
    /// The keyring could not be read.
    Unavailable(KeyringError),
}

impl SecretStatus {
    /// Words for `project list`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::InKeyring => "in keyring",
            Self::Missing => "missing",
            Self::Unavailable(_) => "keyring unavailable",
        }
    }
}

/// The saved projects over one file and one keyring.
#[derive(Clone, Copy)]
pub struct Projects<'a> {
    file: &'a ProjectsFile,
    keyring: &'a Keyring,
}

impl<'a> Projects<'a> {
    /// Projects stored in `file`, secrets in `keyring`.
    pub(crate) fn new(file: &'a ProjectsFile, keyring: &'a Keyring) -> Self {
        Self { file, keyring }
    }

    /// Reads the file (a corrupt one is moved aside and reported).
    pub fn list(&self) -> Result<Listing, AppError> {
        listing(self.file)
    }

    /// Looks a project up by the name the user typed.
    pub fn find(&self, name: &str) -> Result<Project, AppError> {
        self.list()?
            .settings
            .find(name)
            .cloned()
            .ok_or_else(|| ProjectsError::NotFound(name.to_owned()).into())
    }

    /// Whether the project's secret is in the keyring.
    pub fn secret_status(&self, project: &Project) -> SecretStatus {
        match self.keyring.get(&project.id) {
            Ok(Some(_)) => SecretStatus::InKeyring,
            Ok(None) => SecretStatus::Missing,
            Err(e) => SecretStatus::Unavailable(e),
        }
    }

    /// Checks a project before anything is stored: the name, the API key,
    /// and that its defaults can sign a token; and (a first look; it is
    /// checked again under the lock) that the name is free unless it is
    /// `editing`'s own. The command line calls this before it prompts for
    /// the secret.
    pub fn check(&self, edit: &ProjectEdit, editing: Option<&str>) -> Result<(), AppError> {
        validate_name(&edit.name)?;
        let api_key = edit.api_key.trim();
        if api_key.chars().any(|c| c.is_control() || is_hidden(c)) {
            return Err(AppError::HiddenInApiKey);
        }
        validate(&TokenRequest {
            api_key: api_key.to_owned(),
            permissions: edit.defaults.permissions.to_vec(),
            ..TokenRequest::default()
        })?;
        name_free(&self.list()?.settings, &edit.name, editing)?;
        Ok(())
    }

    /// Adds a project with its secret. Under one hold of the file lock:
    /// the name is checked, the secret stored (step 1), the project written
    /// (step 2); if step 2 fails the secret is deleted again.
    pub fn add(
        &self,
        edit: ProjectEdit,
        secret: &SecretKey,
        fallback: KeyringFallback,
    ) -> Result<Saved, AppError> {
        self.check(&edit, None)?;
        let project = Project::new(&edit.name, edit.api_key.trim(), edit.defaults);
        let mut stored = false;
        let mut keyring_error = None;
        let result = self.file.update(|s| -> Result<bool, AppError> {
            name_free(s, &project.name, None)?;
            match self.store_secret(&project.id, secret, fallback)? {
                None => stored = true,
                Some(e) => keyring_error = Some(e),
            }
            if s.default_project().is_none() {
                s.default = Some(project.id.clone());
            }
            s.projects.push(project.clone());
            Ok(s.default.as_deref() == Some(project.id.as_str()))
        });
        match result {
            Ok((is_default, warning)) => Ok(Saved {
                project,
                is_default,
                keyring_error,
                warning,
            }),
            Err(e) => {
                if stored {
                    // Undo step 1: no secret without its project.
                    let _ = self.keyring.delete(&project.id);
                }
                Err(e)
            }
        }
    }

    /// Changes a project's name, API key or defaults, and its secret if a new
    /// one is given; under one hold of the lock, the old secret is put back
    /// if the file write fails.
    pub fn edit(
        &self,
        id: &str,
        edit: ProjectEdit,
        new_secret: Option<&SecretKey>,
        fallback: KeyringFallback,
    ) -> Result<Saved, AppError> {
        self.check(&edit, Some(id))?;
        let ProjectEdit {
            name,
            api_key,
            defaults,
        } = edit;
        let mut restore: Option<Option<SecretKey>> = None;
        let mut keyring_error = None;
        let result = self.file.update(|s| -> Result<(Project, bool), AppError> {
            name_free(s, &name, Some(id))?;
            let is_default = s.default.as_deref() == Some(id);
            let slot = s
                .projects
                .iter_mut()
                .find(|p| p.id == id)
                .ok_or_else(|| ProjectsError::Gone(id.to_owned()))?;
            if let Some(new) = new_secret {
                let previous = self.keyring.get(id).ok().flatten();
                match self.store_secret(id, new, fallback)? {
                    None => restore = Some(previous),
                    Some(e) => keyring_error = Some(e),
                }
            }
            slot.name = name;
            slot.api_key = api_key.trim().to_owned();
            slot.permissions = defaults.permissions;
            slot.expires = defaults.lifetime;
            Ok((slot.clone(), is_default))
        });
        match result {
            Ok(((project, is_default), warning)) => Ok(Saved {
                project,
                is_default,
                keyring_error,
                warning,
            }),
            Err(e) => {
                if let Some(previous) = restore {
                    self.restore_secret(id, previous.as_ref());
                }
                Err(e)
            }
        }
    }

    /// Removes a project and its secret; under one hold of the lock, the
    /// secret is deleted (step 1) and put back if the file write fails. A
    /// keyring that cannot be reached refuses the removal: the secret would
    /// otherwise stay behind with no project to find it by.
    pub fn remove(&self, id: &str) -> Result<Project, AppError> {
        let mut restore: Option<Option<SecretKey>> = None;
        let result = self.file.update(|s| -> Result<Project, AppError> {
            let pos = s
                .projects
                .iter()
                .position(|p| p.id == id)
                .ok_or_else(|| ProjectsError::Gone(id.to_owned()))?;
            let previous = self.keyring.get(id)?;
            self.keyring.delete(id)?;
            restore = Some(previous);
            let removed = s.projects.remove(pos);
            if s.default.as_deref() == Some(id) {
                s.default = s.projects.first().map(|p| p.id.clone());
            }
            Ok(removed)
        });
        match result {
            Ok((p, _)) => Ok(p),
            Err(e) => {
                if let Some(previous) = restore {
                    self.restore_secret(id, previous.as_ref());
                }
                Err(e)
            }
        }
    }

    /// What disagrees between the file and the keyring: secrets whose
    /// project is gone, and projects whose secret is gone.
    pub fn doctor(&self) -> Result<Diagnosis, AppError> {
        let settings = self.list()?.settings;
        let accounts = self.keyring.accounts()?;
        Ok(diagnose(&settings, &accounts, self.keyring))
    }

    /// Cleans what [`Projects::doctor`] finds, under one hold of the lock
    /// (decided again there, so nothing changed meanwhile is touched):
    /// orphaned secrets are deleted, projects without a secret removed.
    pub fn fix(&self) -> Result<Diagnosis, AppError> {
        let accounts = self.keyring.accounts()?;
        let (found, _) = self.file.update(|s| -> Result<Diagnosis, AppError> {
            let found = diagnose(s, &accounts, self.keyring);
            for id in &found.orphaned_secrets {
                self.keyring.delete(id)?;
            }
            s.projects
                .retain(|p| !found.without_secret.iter().any(|q| q.id == p.id));
            if s.default_project().is_none() {
                s.default = s.projects.first().map(|p| p.id.clone());
            }
            Ok(found)
        })?;
        Ok(found)
    }

    /// Makes a project the default.
    pub fn set_default(&self, id: &str) -> Result<Project, AppError> {
        Ok(self.file.set_default(id)?)
    }

    /// Reads `VIDEOSDK_API_KEY` and `VIDEOSDK_SECRET_KEY` from a `.env` file
    /// (nothing is saved until [`Projects::add`]).
    pub fn read_env(path: &Path) -> Result<EnvProject, AppError> {
        Ok(read_env_file(path)?)
    }

    fn store_secret(
        &self,
        id: &str,
        secret: &SecretKey,
        fallback: KeyringFallback,
    ) -> Result<Option<KeyringError>, AppError> {
        match (self.keyring.set(id, secret), fallback) {
            (Ok(()), _) => Ok(None),
            (Err(e), KeyringFallback::SessionOnly) => Ok(Some(e)),
            (Err(e), KeyringFallback::Refuse) => Err(e.into()),
        }
    }

    fn restore_secret(&self, id: &str, previous: Option<&SecretKey>) {
        let _ = match previous {
            Some(s) => self.keyring.set(id, s),
            None => self.keyring.delete(id),
        };
    }
}

/// File and keyring disagreeing.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Diagnosis {
    /// Keyring accounts (project ids) with a secret but no project.
    pub orphaned_secrets: Vec<String>,
    /// Projects whose secret is not in the keyring.
    pub without_secret: Vec<Project>,
}

impl Diagnosis {
    /// Nothing to clean.
    pub fn is_clean(&self) -> bool {
        self.orphaned_secrets.is_empty() && self.without_secret.is_empty()
    }
}

fn diagnose(settings: &Settings, accounts: &[String], keyring: &Keyring) -> Diagnosis {
    Diagnosis {
        orphaned_secrets: accounts
            .iter()
            .filter(|a| settings.by_id(a).is_none())
            .cloned()
            .collect(),
        without_secret: settings
            .projects
            .iter()
            .filter(|p| !accounts.contains(&p.id) && matches!(keyring.get(&p.id), Ok(None)))
            .cloned()
            .collect(),
    }
}

/// Refuses a name another project already has (after normalisation: see
/// [`crate::store::same_name`]), unless it is `editing`'s own.
/// A name that only looks like another's (`ѕtaging`, Cyrillic ѕ) is
/// refused too, naming the one it resembles: the look-alike policy of
/// [`crate::token::looks_like`].
fn name_free(s: &Settings, name: &str, editing: Option<&str>) -> Result<(), ProjectsError> {
    let others = || s.projects.iter().filter(|p| Some(p.id.as_str()) != editing);
    if others().any(|p| same_name(&p.name, name)) {
        return Err(ProjectsError::NameTaken(name.to_owned()));
    }
    if let Some(other) = crate::token::looks_like(name, others().map(|p| p.name.as_str())) {
        return Err(ProjectsError::NameLooksLike {
            name: name.to_owned(),
            other: other.to_owned(),
            odd: odd_or_case(name),
        });
    }
    Ok(())
}

/// The characters that make `name` another name, or (plain ASCII: `0` for
/// `o`, `1` for `l`) a general word.
pub(crate) fn odd_or_case(name: &str) -> String {
    match crate::token::odd_characters(name) {
        odd if odd.is_empty() => "a digit or letter that reads as another".to_owned(),
        odd => odd,
    }
}

/// Reads the projects file without the keyring (a corrupt file is moved
/// aside and reported): listing needs no secret.
pub fn listing(file: &ProjectsFile) -> Result<Listing, AppError> {
    let loaded = file.load()?;
    Ok(Listing {
        settings: loaded.settings,
        warning: loaded.warning,
    })
}

mod presets;
pub use presets::{preset_named, presets_for};

#[cfg(test)]
mod tests;
