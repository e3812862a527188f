//! Use cases: the only callers of [`crate::store`]. The window and the
//! command line both come here for anything stored (projects and their
//! secrets) and for the policies around it, so each policy lives once:
//!
//! - [`projects`]: add, edit, remove, set default, import from `.env`, list,
//!   and the order of every two-step change (keyring and file).
//! - [`signing`]: the secret a project signs with, requests built from a
//!   project's defaults, and the self-test behind "Test".
//! - [`verify`]: which secrets the inspector tries, in which order.

pub mod projects;
pub mod signing;
pub mod verify;

pub use projects::{
    AppError, Diagnosis, KeyringFallback, Listing, ProjectEdit, Projects, Saved, SecretStatus,
    preset_named, presets_for,
};
pub use signing::{Choices, SigningError, request, secret_of, self_test};
pub use verify::{KnownSecrets, candidates};
