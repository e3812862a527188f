//! Storage adapters: the projects file (non-secret metadata) and the OS
//! keyring (secrets). Both are thin, so tests can swap in temporary
//! directories and `keyring_core::mock`.

mod document;
mod dotenv;
mod fs_safe;
mod keyring;
mod projects;

pub use dotenv::{DotEnvError, EnvProject, read_env_file};
pub use keyring::{KEYRING_SERVICE, Keyring, KeyringError, SERVICE_ENV};
#[cfg(test)]
pub(crate) use projects::FAIL_NEXT_WRITE;
#[cfg(feature = "test-support")]
pub use projects::Loaded;
pub use projects::{LoadWarning, ProjectsError, ProjectsFile, default_config_dir, validate_name};
// The saved types, under the old paths the integration tests use.
#[cfg(feature = "test-support")]
pub use crate::model::{Project, SavedPreset, Settings};
