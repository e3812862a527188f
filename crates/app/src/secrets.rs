//! Which secret signs, and which secrets verify: one resolution for
//! `generate`, `--like`, `scenarios`, `inspect`, `diff`, batches and the
//! window. The front ends read what the user gave (`--secret-stdin`, a
//! project name, the window's fields) and come here for the rest.

use zeroize::Zeroizing;

use crate::model::{Project, Settings};
use crate::projects::AppError;
use crate::signing::{SigningError, secret_of};
use crate::storage::Storage;
use crate::token::{SecretEncoding, SecretError, SecretKey};

/// The variable holding a secret for scripts and CI.
pub const SECRET_ENV: &str = "VIDEOSDK_SECRET_KEY";
/// The variable holding the API key that goes with [`SECRET_ENV`].
pub const API_KEY_ENV: &str = "VIDEOSDK_API_KEY";

/// `VIDEOSDK_SECRET_KEY`, with `VIDEOSDK_API_KEY` if set.
pub struct EnvPair {
    /// The secret.
    pub secret: SecretKey,
    /// The API key it goes with, trimmed.
    pub api_key: Option<String>,
}

impl EnvPair {
    /// The process environment's pair; `None` without a (non-blank) secret.
    pub fn from_process() -> Result<Option<Self>, SecretError> {
        let Some(secret) = env_var(SECRET_ENV) else {
            return Ok(None);
        };
        Ok(Some(Self {
            secret: SecretKey::parse(&secret, SecretEncoding::Text)?,
            api_key: env_api_key(),
        }))
    }
}

/// The environment's API key alone (`VIDEOSDK_API_KEY`), trimmed.
pub fn env_api_key() -> Option<String> {
    env_var(API_KEY_ENV).map(|k| k.trim().to_owned())
}

/// A non-blank environment variable, wiped from memory when dropped.
fn env_var(name: &str) -> Option<Zeroizing<String>> {
    std::env::var(name)
        .ok()
        .filter(|v| !v.trim().is_empty())
        .map(Zeroizing::new)
}

/// What the user chose about secrets before anything is read from storage.
#[derive(Default)]
pub struct SecretChoice {
    /// A secret typed or piped for this command (`--secret-stdin`).
    pub given: Option<SecretKey>,
    /// A project named by the user (`--project`, the window's picker).
    pub project: Option<String>,
    /// The environment's pair, when the front end reads it.
    pub environment: Option<EnvPair>,
}

/// The secret to sign with, where it came from, and the project whose
/// defaults apply (if any).
pub struct Signer {
    /// The secret.
    pub secret: SecretKey,
    /// The project: named, holding the key, or the default.
    pub project: Option<Project>,
    /// The environment's API key, when the secret is the environment's (or
    /// given without a project).
    pub env_api_key: Option<String>,
}

impl Signer {
    /// The API key the token carries: an explicit one, else the project's,
    /// else the environment's.
    pub fn api_key(&self, explicit: Option<&str>) -> Option<String> {
        explicit
            .map(str::to_owned)
            .or_else(|| self.project.as_ref().map(|p| p.api_key.clone()))
            .or_else(|| self.env_api_key.clone())
    }
}

/// Why no secret could be chosen.
#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    /// `--project NAME` names no saved project.
    #[error("{0}")]
    Projects(#[from] AppError),
    /// The project cannot sign (no secret, keyring failure).
    #[error("{0}")]
    Signing(#[from] SigningError),
    /// No source at all.
    #[error("no secret to sign with")]
    NoSecret,
    /// `--like`: the named project has another API key than the token.
    #[error("project {name} has API key {has}, but the token's is {wanted}")]
    KeyMismatch {
        /// The project.
        name: String,
        /// Its API key.
        has: String,
        /// The token's.
        wanted: String,
    },
    /// `--like`: nothing known holds the token's API key.
    #[error("no saved project has API key {0}")]
    UnknownKey(String),
}

fn named(settings: &Settings, name: &str) -> Result<Project, ResolveError> {
    settings.find(name).cloned().ok_or_else(|| {
        ResolveError::Projects(crate::store::ProjectsError::NotFound(name.to_owned()).into())
    })
}

/// The secret to sign with, in the one documented order: the given
/// secret (with the named project's defaults), the named project, the
/// environment, the default project. The projects file is read only when
/// a project may be needed; the keyring only for the project chosen.
pub fn signer(storage: &Storage, choice: SecretChoice) -> Result<Signer, ResolveError> {
    let needs_file =
        choice.project.is_some() || choice.given.is_none() && choice.environment.is_none();
    let settings = if needs_file {
        storage.listing()?.settings
    } else {
        Settings::default()
    };
    let project = match &choice.project {
        Some(name) => Some(named(&settings, name)?),
        None => None,
    };
    let env_key = choice.environment.as_ref().and_then(|e| e.api_key.clone());
    if let Some(secret) = choice.given {
        return Ok(Signer {
            secret,
            project,
            env_api_key: env_key.or_else(env_api_key),
        });
    }
    if let Some(p) = project {
        return from_project(storage, p);
    }
    if let Some(env) = choice.environment {
        return Ok(Signer {
            secret: env.secret,
            project: None,
            env_api_key: env.api_key,
        });
    }
    match settings.default_project() {
        Some(p) => from_project(storage, p.clone()),
        None => Err(ResolveError::NoSecret),
    }
}

fn from_project(storage: &Storage, p: Project) -> Result<Signer, ResolveError> {
    let secret = secret_of(storage, &p)?;
    Ok(Signer {
        secret,
        project: Some(p),
        env_api_key: None,
    })
}

/// The secret for a token that must keep `api_key` (`--like`): the given
/// secret; else the named project, which must hold that key; else the
/// saved project that holds it; else the environment's pair if its key is
/// that one.
pub fn signer_for_key(
    storage: &Storage,
    choice: SecretChoice,
    api_key: &str,
) -> Result<Signer, ResolveError> {
    if let Some(secret) = choice.given {
        return Ok(Signer {
            secret,
            project: None,
            env_api_key: None,
        });
    }
    let settings = storage.listing()?.settings;
    let project = match &choice.project {
        Some(name) => {
            let p = named(&settings, name)?;
            if p.api_key != api_key {
                return Err(ResolveError::KeyMismatch {
                    name: p.name,
                    has: p.api_key,
                    wanted: api_key.to_owned(),
                });
            }
            Some(p)
        }
        None => settings
            .projects
            .iter()
            .find(|p| p.api_key == api_key)
            .cloned(),
    };
    if let Some(p) = project {
        return from_project(storage, p);
    }
    match choice.environment {
        Some(env) if env.api_key.as_deref() == Some(api_key) => Ok(Signer {
            secret: env.secret,
            project: None,
            env_api_key: env.api_key,
        }),
        _ => Err(ResolveError::UnknownKey(api_key.to_owned())),
    }
}
