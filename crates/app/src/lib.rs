//! Use cases, and the storage behind them. The window and the command line
//! both come here for anything stored (projects and their secrets) and for
//! the policies around it, so each policy lives once.
//!
//! `store` (the projects file and the OS keyring) is private to this crate:
//! the window and the command line cannot name it, so they cannot read a
//! secret or write the file except through a use case below. The saved types
//! they do see ([`Project`], [`Settings`], [`SavedPreset`]) live in [`model`].
//!
//!
//! - [`projects`]: add, edit, remove, set default, import from `.env`, list,
//!   and the order of every two-step change (keyring and file).
//! - [`signing`]: the secret a project signs with, requests built from a
//!   project's defaults, and the self-test behind "Test".
//! - [`verify`]: which secrets the inspector tries, in which order.

// The pure core, under the same path as in the binary crate.
use videosdk_token_core::token;

#[cfg(not(feature = "test-support"))]
mod store;
/// Storage adapters, opened only to the integration tests (feature `test-support`).
#[cfg(feature = "test-support")]
pub mod store;

pub mod evidence;
pub mod export;
pub mod files;
pub mod model;
pub mod projects;
pub mod signing;
pub mod verify;

pub mod secrets;
pub mod storage;

pub use model::{
    MAX_PRESETS, PresetError, Project, SavedPreset, Settings, check_preset_name, same_name,
    same_preset,
};
pub use projects::{
    AppError, Diagnosis, KeyringFallback, Listing, ProjectEdit, Projects, Saved, SecretStatus,
    preset_named, presets_for,
};
pub use secrets::{EnvPair, ResolveError, SecretChoice, Signer, signer, signer_for_key};
pub use signing::{Choices, SigningError, request, secret_of, self_test};
pub use storage::{FileStamp, KeyringSource, Storage};
pub use store::{
    DotEnvError, EnvProject, KEYRING_SERVICE, KeyringError, LoadWarning, ProjectsError, SERVICE_ENV,
};
pub use verify::{KnownSecrets, SavedSecrets, candidates};
