//! The resolve stage: flags in, what a command needs out (the storage
//! handle, the secret and its project, the saved projects), in small named
//! steps. Each command then only computes and prints. The policies
//! themselves (which secret first, which are tried) are `app`'s.

use super::args::SecretArgs;
use super::input::{encoding, read_secret_stdin};
use super::{Result, app_failed, fail, signing_failed};
use crate::app::{
    EnvPair, Projects, ResolveError, SecretChoice, Settings, Signer, Storage, signer,
    signer_for_key,
};
use crate::token::{SecretKey, visible};

/// The user's storage: the platform config directory and keyring (opened
/// only when a command needs a secret).
pub fn storage() -> Storage {
    Storage::platform()
}

/// The project use cases over the user's storage.
pub fn projects(storage: &Storage) -> Result<Projects<'_>> {
    storage.projects().map_err(app_failed)
}

/// The saved projects (none without a config directory); a corrupt file
/// is reported on stderr. Does not open the keyring.
pub fn settings(storage: &Storage) -> Result<Settings> {
    let listing = storage.listing().map_err(app_failed)?;
    if let Some(w) = listing.warning {
        super::output::warning(&w.to_string());
    }
    Ok(listing.settings)
}

/// The environment's `VIDEOSDK_SECRET_KEY` / `VIDEOSDK_API_KEY` pair.
pub fn environment() -> Result<Option<EnvPair>> {
    EnvPair::from_process().map_err(|e| fail(format!("VIDEOSDK_SECRET_KEY: {e}")))
}

/// The secret given with `--secret-stdin` (`--secret-base64`), read now
/// (prompting on a terminal); `None` without the flag.
pub fn given(secret: &SecretArgs) -> Result<Option<SecretKey>> {
    if !secret.secret_stdin {
        return Ok(None);
    }
    read_secret_stdin(
        "Secret key (input hidden): ",
        encoding(secret.secret_base64),
    )
    .map(Some)
}

/// The secret flags, read: `--secret-stdin` now (prompting on a terminal),
/// the named project, and the environment.
pub fn choice(secret: SecretArgs, project: Option<&String>) -> Result<SecretChoice> {
    Ok(SecretChoice {
        given: given(&secret)?,
        project: project.cloned(),
        environment: environment()?,
    })
}

/// Advice when there is no secret at all, for a command that signs.
pub const NO_SECRET: &str = "add a project (`videosdk-token project add NAME --api-key KEY`), pipe the secret with --secret-stdin, or set VIDEOSDK_SECRET_KEY and VIDEOSDK_API_KEY";

/// The secret to sign with (`generate`, `scenarios`), in `app`'s order.
pub fn signer_for(storage: &Storage, choice: SecretChoice, what: &str) -> Result<Signer> {
    signer(storage, choice).map_err(|e| resolve_failed(e, what))
}

/// The secret for a token that keeps `api_key` (`generate --like`).
pub fn signer_keeping(storage: &Storage, choice: SecretChoice, api_key: &str) -> Result<Signer> {
    signer_for_key(storage, choice, api_key).map_err(|e| resolve_failed(e, "sign with"))
}

/// A resolution failure, with what to do about it on the command line.
fn resolve_failed(e: ResolveError, what: &str) -> super::CliError {
    match e {
        ResolveError::Projects(e) => app_failed(e),
        ResolveError::Signing(e) => signing_failed(&e),
        ResolveError::NoSecret => fail(format!("no secret to {what}: {NO_SECRET}")),
        ResolveError::KeyMismatch { name, has, wanted } => fail(format!(
            "project {} has API key {}, but the token's is {}: a token signed by it would be refused (4001); leave out --project to use the project that has this key",
            visible(&name),
            visible(&has),
            visible(&wanted)
        )),
        ResolveError::UnknownKey(key) => fail(format!(
            "no saved project has API key {}: add it (`videosdk-token project add NAME --api-key {}`), or pipe its secret with --secret-stdin",
            visible(&key),
            visible(&key)
        )),
    }
}
