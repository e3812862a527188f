//! What the window knows of the saved projects: the list from the projects
//! file and each secret as the worker read it. Changed only by the shell,
//! from the worker's reports; pages read it through `PageContext`.

use std::collections::HashMap;

use super::widgets::Tone;
use crate::app::{Project, Settings};
use crate::token::SecretKey;

/// Where a project's secret is, as far as the window knows.
#[derive(Clone)]
pub(crate) enum SecretState {
    /// Being read from the keyring.
    Loading,
    /// In the OS keyring (and cached here).
    Keyring(SecretKey),
    /// Held in memory for this session only.
    Session(SecretKey),
    /// No secret stored.
    Missing,
    /// The keyring failed.
    Error(String),
}

impl SecretState {
    /// The secret, if the window holds it.
    pub(crate) fn secret(&self) -> Option<&SecretKey> {
        match self {
            Self::Keyring(s) | Self::Session(s) => Some(s),
            _ => None,
        }
    }

    /// The badge's words.
    pub(crate) fn badge(&self) -> &'static str {
        match self {
            Self::Loading => "secret: loading...",
            Self::Keyring(_) => "secret: OS keyring",
            Self::Session(_) => "secret: this session only",
            Self::Missing => "secret: missing",
            Self::Error(_) => "secret: keyring error",
        }
    }

    /// The badge's colour.
    pub(crate) fn tone(&self) -> Tone {
        match self {
            Self::Keyring(_) => Tone::Good,
            Self::Session(_) | Self::Loading => Tone::Warning,
            Self::Missing | Self::Error(_) => Tone::Bad,
        }
    }
}

/// The saved projects and their secrets, with a version that changes with
/// either (so a page can tell whether what it computed from them is stale).
#[derive(Default)]
pub(crate) struct KnownProjects {
    settings: Settings,
    secrets: HashMap<String, SecretState>,
    version: u64,
}

const LOADING: SecretState = SecretState::Loading;

impl KnownProjects {
    /// The projects as loaded at start-up, their secrets still loading.
    pub(crate) fn loading(settings: Settings) -> Self {
        let secrets = settings
            .projects
            .iter()
            .map(|p| (p.id.clone(), SecretState::Loading))
            .collect();
        Self {
            settings,
            secrets,
            version: 0,
        }
    }

    /// The projects file's content.
    pub(crate) fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The saved projects, in the file's order.
    pub(crate) fn list(&self) -> &[Project] {
        &self.settings.projects
    }

    /// The project with this id.
    pub(crate) fn get(&self, id: &str) -> Option<&Project> {
        self.settings.by_id(id)
    }

    /// Where the project's secret is.
    pub(crate) fn secret_state(&self, id: &str) -> &SecretState {
        self.secrets.get(id).unwrap_or(&LOADING)
    }

    /// Every saved project whose secret the window holds.
    pub(crate) fn with_secrets(&self) -> Vec<(&Project, &SecretKey)> {
        self.list()
            .iter()
            .filter_map(|p| Some((p, self.secrets.get(&p.id)?.secret()?)))
            .collect()
    }

    /// The secret `project` signs with, or why there is none: one wording
    /// for Generate, its batches and its scenarios.
    pub(crate) fn signing_secret(&self, project: &Project) -> Result<&SecretKey, String> {
        match self.secret_state(&project.id) {
            SecretState::Keyring(s) | SecretState::Session(s) => Ok(s),
            SecretState::Loading => Err(
                "The secret is still being read from the keyring; try again in a moment."
                    .to_owned(),
            ),
            SecretState::Missing => Err(format!(
                "Project {} has no secret: edit it in Projects and type the secret.",
                project.name
            )),
            SecretState::Error(e) => {
                Err(format!("Cannot read the secret of {}: {e}", project.name))
            }
        }
    }

    /// Changes whenever the projects or their secrets change.
    pub(crate) fn version(&self) -> u64 {
        self.version
    }

    /// The projects file changed (in this window, another one, the command
    /// line or an editor). Returns the projects not seen before: their
    /// secrets are loading, and the caller asks the worker for them.
    pub(crate) fn replace(&mut self, settings: Settings) -> Vec<Project> {
        let mut new = Vec::new();
        for p in &settings.projects {
            if !self.secrets.contains_key(&p.id) {
                self.secrets.insert(p.id.clone(), SecretState::Loading);
                new.push(p.clone());
            }
        }
        self.secrets
            .retain(|id, _| settings.projects.iter().any(|p| &p.id == id));
        self.settings = settings;
        self.version += 1;
        new
    }

    /// A secret was read from the keyring. One typed in this session wins
    /// over what the keyring says (it could not keep it).
    pub(crate) fn secret_read(&mut self, id: String, state: SecretState) {
        if matches!(self.secrets.get(&id), Some(SecretState::Session(_))) {
            return;
        }
        self.set_secret(id, state);
    }

    /// A secret was saved (or kept for the session).
    pub(crate) fn set_secret(&mut self, id: String, state: SecretState) {
        self.secrets.insert(id, state);
        self.version += 1;
    }

    /// A project and its secret are gone.
    pub(crate) fn forget_secret(&mut self, id: &str) {
        self.secrets.remove(id);
        self.version += 1;
    }
}
