//! Storage adapters: the projects file (non-secret metadata) and the OS
//! keyring (secrets). Both are thin, so tests can swap in temporary
//! directories and `keyring_core::mock`.

mod dotenv;
mod fs_safe;
mod keyring;
mod projects;

pub use dotenv::{DotEnvError, EnvProject, read_env_file};
pub use keyring::{KEYRING_SERVICE, Keyring, KeyringError, SERVICE_ENV};
#[cfg(test)]
pub(crate) use projects::FAIL_NEXT_WRITE;
pub use projects::{
    LoadWarning, Loaded, Project, ProjectsError, ProjectsFile, Settings, default_config_dir,
    is_hidden, same_name, validate_name,
};
pub use projects::{MAX_PRESETS, PresetError, SavedPreset, check_preset_name, same_preset};
