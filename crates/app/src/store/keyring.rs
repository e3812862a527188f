//! Secrets in the OS keyring, through keyring-core: Secret Service on
//! Linux, Keychain on macOS, Credential Manager on Windows.
//!
//! Service `videosdk-token`, account = the project's stable id, so renaming
//! a project never orphans its secret. Each secret is read at most once per
//! process and cached: nothing here may run per keystroke or per frame.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use keyring_core::{CredentialStore, Entry, Error};
use zeroize::Zeroizing;

use crate::token::SecretKey;

/// The keyring service name every entry is filed under.
pub const KEYRING_SERVICE: &str = "videosdk-token";

/// Files entries under another service name instead: separate sets of
/// projects (a second config with `XDG_CONFIG_HOME`), and tests that must
/// not see each other's secrets in one Secret Service.
pub const SERVICE_ENV: &str = "VIDEOSDK_TOKEN_KEYRING_SERVICE";

/// Why the keyring could not be used. Messages never contain a secret and
/// say what to do in terms that hold for the window and the CLI alike; the
/// CLI adds its own way around (`--secret-stdin`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyringError {
    /// No keyring service at all (no D-Bus session, no daemon, unsupported OS).
    #[error(
        "no Secret Service found ({0}): start gnome-keyring or KWallet (or log in to a desktop session)"
    )]
    Unavailable(String),
    /// The keyring is there but locked, or access was refused.
    #[error(
        "the keyring is locked or refused access ({0}): unlock it (log in to the desktop, or run your keyring's unlock)"
    )]
    Locked(String),
    /// Anything else the platform reported.
    #[error("the keyring failed ({0}); try again")]
    Failed(String),
}

impl KeyringError {
    fn from_keyring(e: Error) -> Self {
        match e {
            Error::NoStorageAccess(p) => Self::Locked(p.to_string()),
            Error::NoDefaultStore => Self::Unavailable("no credential store".to_owned()),
            Error::NotSupportedByStore(s) => Self::Unavailable(s),
            // These two carry the stored bytes: never show them.
            Error::BadEncoding(_) | Error::BadDataFormat(..) => Self::Failed(
                "the stored secret is unreadable; save the project's secret again".to_owned(),
            ),
            other => Self::Failed(other.to_string()),
        }
    }
}

/// The keyring, or the reason it is not there, plus a per-process cache.
pub struct Keyring {
    store: Result<Arc<CredentialStore>, KeyringError>,
    service: String,
    cache: Mutex<HashMap<String, Option<SecretKey>>>,
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keyring")
            .field("available", &self.store.is_ok())
            .field("service", &self.service)
            .finish_non_exhaustive()
    }
}

impl Keyring {
    /// The platform's keyring. Opening it can fail (no D-Bus session, say):
    /// the error is kept and returned by every call, so the app can explain
    /// it and carry on.
    pub fn platform() -> Self {
        let k = Self::from_store(open_platform_store());
        match std::env::var(SERVICE_ENV) {
            Ok(service) if !service.trim().is_empty() => k.with_service(service.trim()),
            _ => k,
        }
    }

    /// The same keyring, filing entries under another service name.
    pub fn with_service(mut self, service: &str) -> Self {
        self.service = service.to_owned();
        self
    }

    /// A keyring over a given store (`keyring_core::mock::Store` in tests).
    pub fn with_store(store: Arc<CredentialStore>) -> Self {
        Self::from_store(Ok(store))
    }

    /// A keyring that is known not to work, with the reason.
    pub fn unavailable(err: KeyringError) -> Self {
        Self::from_store(Err(err))
    }

    fn from_store(store: Result<Arc<CredentialStore>, KeyringError>) -> Self {
        Self {
            store,
            service: KEYRING_SERVICE.to_owned(),
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// `Ok` if the keyring could be opened.
    pub fn status(&self) -> Result<(), KeyringError> {
        self.store.as_ref().map(|_| ()).map_err(Clone::clone)
    }

    fn entry(&self, account: &str) -> Result<Entry, KeyringError> {
        let store = self.store.as_ref().map_err(Clone::clone)?;
        Entry::new_in_store(store, &self.service, account).map_err(KeyringError::from_keyring)
    }

    fn cache(&self) -> std::sync::MutexGuard<'_, HashMap<String, Option<SecretKey>>> {
        // A poisoned cache only means a panic elsewhere; the data is still sound.
        self.cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The secret of `account`, `None` if there is no entry. Read from the
    /// keyring once, then from the cache.
    pub fn get(&self, account: &str) -> Result<Option<SecretKey>, KeyringError> {
        if let Some(hit) = self.cache().get(account) {
            return Ok(hit.clone());
        }
        let entry = self.entry(account)?;
        let secret = match entry.get_secret() {
            Ok(bytes) => SecretKey::from_bytes(bytes).ok(),
            Err(Error::NoEntry) => None,
            Err(e) => return Err(KeyringError::from_keyring(e)),
        };
        self.cache().insert(account.to_owned(), secret.clone());
        Ok(secret)
    }

    /// Stores the secret of `account`.
    pub fn set(&self, account: &str, secret: &SecretKey) -> Result<(), KeyringError> {
        self.entry(account)?
            .set_secret(secret.expose())
            .map_err(KeyringError::from_keyring)?;
        self.cache()
            .insert(account.to_owned(), Some(secret.clone()));
        Ok(())
    }

    /// Deletes the entry of `account`; a missing entry is not an error.
    pub fn delete(&self, account: &str) -> Result<(), KeyringError> {
        match self.entry(account)?.delete_credential() {
            Ok(()) | Err(Error::NoEntry) => {}
            Err(e) => return Err(KeyringError::from_keyring(e)),
        }
        self.cache().insert(account.to_owned(), None);
        Ok(())
    }

    /// Every account that holds a secret under this keyring's service (to
    /// find secrets whose project is gone). Reads each secret to know it is
    /// there, and drops it at once.
    pub fn accounts(&self) -> Result<Vec<String>, KeyringError> {
        let store = self.store.as_ref().map_err(Clone::clone)?;
        let spec = HashMap::from([("service", self.service.as_str())]);
        let entries = store.search(&spec).map_err(KeyringError::from_keyring)?;
        let mut out = Vec::new();
        for e in entries {
            let Some((service, account)) = e.get_specifiers() else {
                continue;
            };
            // Some stores match by substring: keep exact matches only.
            if service == self.service && e.get_secret().map(Zeroizing::new).is_ok() {
                out.push(account);
            }
        }
        out.sort();
        out.dedup();
        Ok(out)
    }

    /// The underlying entry, for tests that inject failures into mock credentials.
    #[cfg(any(test, feature = "test-support"))]
    pub fn raw_entry(&self, account: &str) -> Result<Entry, KeyringError> {
        self.entry(account)
    }
}

#[cfg(target_os = "linux")]
fn open_platform_store() -> Result<Arc<CredentialStore>, KeyringError> {
    match zbus_secret_service_keyring_store::Store::new() {
        Ok(s) => Ok(s),
        Err(Error::NoStorageAccess(p)) => Err(KeyringError::Locked(p.to_string())),
        Err(e) => Err(KeyringError::Unavailable(e.to_string())),
    }
}

#[cfg(target_os = "macos")]
fn open_platform_store() -> Result<Arc<CredentialStore>, KeyringError> {
    apple_native_keyring_store::keychain::Store::new()
        .map(|s| s as Arc<CredentialStore>)
        .map_err(|e| KeyringError::Unavailable(e.to_string()))
}

#[cfg(windows)]
fn open_platform_store() -> Result<Arc<CredentialStore>, KeyringError> {
    windows_native_keyring_store::Store::new()
        .map(|s| s as Arc<CredentialStore>)
        .map_err(|e| KeyringError::Unavailable(e.to_string()))
}

#[cfg(not(any(target_os = "linux", target_os = "macos", windows)))]
fn open_platform_store() -> Result<Arc<CredentialStore>, KeyringError> {
    Err(KeyringError::Unavailable(
        "this platform has no supported keyring".to_owned(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::SecretEncoding;
    use keyring_core::mock;

    fn mock_keyring() -> Keyring {
        Keyring::with_store(mock::Store::new().unwrap())
    }
    fn secret(s: &str) -> SecretKey {
        SecretKey::parse(s, SecretEncoding::Text).unwrap()
    }

    #[test]
    fn set_get_delete_round_trip() {
        let k = mock_keyring();
        assert!(k.status().is_ok());
        assert!(k.get("acct").unwrap().is_none());
        k.set("acct", &secret("s3cret")).unwrap();
        assert_eq!(k.get("acct").unwrap().unwrap().expose(), b"s3cret");
        k.delete("acct").unwrap();
        assert!(k.get("acct").unwrap().is_none());
        k.delete("acct").unwrap();
    }

    #[test]
    fn reads_are_cached_so_a_failure_after_the_first_read_is_not_seen() {
        let k = mock_keyring();
        k.set("a", &secret("one")).unwrap();
        let fresh = Keyring::with_store(mock::Store::new().unwrap());
        // Prove the cache by failing the credential after the first read.
        fresh.set("a", &secret("one")).unwrap();
        fresh.cache().clear();
        assert_eq!(fresh.get("a").unwrap().unwrap().expose(), b"one");
        let raw = fresh.raw_entry("a").unwrap();
        let cred: &mock::Cred = raw.as_any().downcast_ref().unwrap();
        cred.set_error(Error::NoStorageAccess("locked".into()));
        assert_eq!(
            fresh.get("a").unwrap().unwrap().expose(),
            b"one",
            "served from cache"
        );
    }

    #[test]
    fn injected_failures_become_advice_without_secrets() {
        let k = mock_keyring();
        k.set("a", &secret("topsecret-value")).unwrap();
        k.cache().clear();
        let raw = k.raw_entry("a").unwrap();
        let cred: &mock::Cred = raw.as_any().downcast_ref().unwrap();

        cred.set_error(Error::NoStorageAccess("collection is locked".into()));
        let e = k.get("a").unwrap_err();
        assert!(matches!(e, KeyringError::Locked(_)));
        assert!(e.to_string().contains("unlock it"));

        cred.set_error(Error::BadEncoding(b"topsecret-value".to_vec()));
        let e = k.get("a").unwrap_err();
        assert!(!format!("{e} {e:?}").contains("topsecret"), "{e:?}");

        cred.set_error(Error::PlatformFailure("dbus went away".into()));
        assert!(matches!(
            k.set("a", &secret("x")).unwrap_err(),
            KeyringError::Failed(_)
        ));

        cred.set_error(Error::NoStorageAccess("denied".into()));
        assert!(matches!(
            k.delete("a").unwrap_err(),
            KeyringError::Locked(_)
        ));
    }

    #[test]
    fn an_unavailable_keyring_says_why_on_every_call() {
        let k = Keyring::unavailable(KeyringError::Unavailable("no D-Bus session".into()));
        let e = k.get("a").unwrap_err();
        assert!(
            e.to_string()
                .contains("no Secret Service found (no D-Bus session)")
        );
        assert!(e.to_string().contains("gnome-keyring"));
        assert!(k.set("a", &secret("x")).is_err());
        assert!(k.status().is_err());
        assert!(!format!("{k:?}").contains("x"));
    }
}
