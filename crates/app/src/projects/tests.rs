//! The ordering policy under injected faults: whatever fails between the
//! keyring step and the file step, no secret is left without its project and
//! no project without its secret.

use std::sync::Arc;

use keyring_core::{CredentialStore, mock};

use super::*;
use crate::store::FAIL_NEXT_WRITE;
use crate::token::SecretEncoding;

struct World {
    _dir: tempfile::TempDir,
    file: ProjectsFile,
    store: Arc<CredentialStore>,
    keyring: Keyring,
}

impl World {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let file = ProjectsFile::in_dir(dir.path());
        let store = mock::Store::new().unwrap();
        let keyring = Keyring::with_store(store.clone());
        Self {
            _dir: dir,
            file,
            store,
            keyring,
        }
    }

    fn projects(&self) -> Projects<'_> {
        Projects::new(&self.file, &self.keyring)
    }

    /// What another process would see: the file and a fresh (uncached) keyring.
    fn on_disk(&self) -> (Vec<String>, impl Fn(&str) -> Option<Vec<u8>> + '_) {
        let names = self
            .file
            .load()
            .unwrap()
            .settings
            .projects
            .into_iter()
            .map(|p| p.name)
            .collect();
        let fresh = Keyring::with_store(self.store.clone());
        (names, move |id: &str| {
            fresh.get(id).unwrap().map(|s| s.expose().to_vec())
        })
    }

    fn fail_next_keyring_call(&self, id: &str) {
        let raw = Keyring::with_store(self.store.clone())
            .raw_entry(id)
            .unwrap();
        let cred: &mock::Cred = raw.as_any().downcast_ref().unwrap();
        cred.set_error(keyring_core::Error::NoStorageAccess(
            "locked by test".into(),
        ));
    }

    fn add(&self, name: &str, secret: &str) -> Project {
        self.projects()
            .add(edit(name), &key(secret), KeyringFallback::Refuse)
            .unwrap()
            .project
    }
}

fn key(s: &str) -> SecretKey {
    SecretKey::parse(s, SecretEncoding::Text).unwrap()
}

fn edit(name: &str) -> ProjectEdit {
    ProjectEdit {
        name: name.to_owned(),
        api_key: format!("key-{name}"),
        defaults: ProjectDefaults::default(),
    }
}

#[test]
fn remove_with_a_keyring_failure_changes_nothing() {
    let w = World::new();
    let p = w.add("staging", "s3cret");
    w.fail_next_keyring_call(&p.id);
    // A fresh keyring, so the failure is met at the read, as in a new process.
    let keyring = Keyring::with_store(w.store.clone());
    let err = Projects::new(&w.file, &keyring).remove(&p.id).unwrap_err();
    assert!(err.to_string().contains("locked"), "{err}");
    let (names, secret) = w.on_disk();
    assert_eq!(names, ["staging"]);
    assert_eq!(secret(&p.id).unwrap(), b"s3cret");

    // The failure at the delete itself (the read came from the cache).
    w.keyring.get(&p.id).unwrap();
    w.fail_next_keyring_call(&p.id);
    assert!(w.projects().remove(&p.id).is_err());
    let (names, secret) = w.on_disk();
    assert_eq!(names, ["staging"]);
    assert_eq!(secret(&p.id).unwrap(), b"s3cret");
}

#[test]
fn remove_with_a_file_write_failure_puts_the_secret_back() {
    let w = World::new();
    let p = w.add("staging", "s3cret");
    FAIL_NEXT_WRITE.with(|f| f.set(true));
    let err = w.projects().remove(&p.id).unwrap_err();
    assert!(err.to_string().contains("injected failure"), "{err}");
    let (names, secret) = w.on_disk();
    assert_eq!(names, ["staging"], "still listed");
    assert_eq!(
        secret(&p.id).unwrap(),
        b"s3cret",
        "and still has its secret"
    );
    // Without a fault, both go.
    w.projects().remove(&p.id).unwrap();
    let (names, secret) = w.on_disk();
    assert!(names.is_empty());
    assert_eq!(secret(&p.id), None);
}

#[test]
fn add_with_a_file_write_failure_leaves_no_secret_behind() {
    let w = World::new();
    FAIL_NEXT_WRITE.with(|f| f.set(true));
    let err = w
        .projects()
        .add(edit("qa"), &key("qa-secret"), KeyringFallback::Refuse)
        .unwrap_err();
    assert!(err.to_string().contains("injected failure"), "{err}");
    let (names, _) = w.on_disk();
    assert!(names.is_empty());
    let orphans = w.store.search(&std::collections::HashMap::new()).unwrap();
    let left: Vec<_> = orphans.iter().filter(|e| e.get_secret().is_ok()).collect();
    assert!(left.is_empty(), "no secret without its project");
}

#[test]
fn add_with_a_keyring_failure_refuses_or_keeps_the_secret_for_the_session() {
    let w = World::new();
    let broken = Keyring::unavailable(KeyringError::Unavailable("no bus".into()));
    let projects = Projects::new(&w.file, &broken);
    let err = projects
        .add(edit("cli"), &key("x"), KeyringFallback::Refuse)
        .unwrap_err();
    assert!(err.to_string().contains("no Secret Service"), "{err}");
    assert!(w.on_disk().0.is_empty(), "refused: nothing saved");
    let saved = projects
        .add(edit("window"), &key("x"), KeyringFallback::SessionOnly)
        .unwrap();
    assert!(saved.keyring_error.is_some());
    assert!(saved.is_default);
    assert_eq!(w.on_disk().0, ["window"]);
}

#[test]
fn edit_with_a_new_secret_and_a_failing_write_keeps_the_old_secret() {
    let w = World::new();
    let p = w.add("staging", "old-secret");
    FAIL_NEXT_WRITE.with(|f| f.set(true));
    let renamed = ProjectEdit {
        name: "renamed".into(),
        ..edit("staging")
    };
    assert!(
        w.projects()
            .edit(
                &p.id,
                renamed.clone(),
                Some(&key("new-secret")),
                KeyringFallback::Refuse
            )
            .is_err()
    );
    let (names, secret) = w.on_disk();
    assert_eq!(names, ["staging"]);
    assert_eq!(secret(&p.id).unwrap(), b"old-secret");
    let saved = w
        .projects()
        .edit(
            &p.id,
            renamed,
            Some(&key("new-secret")),
            KeyringFallback::Refuse,
        )
        .unwrap();
    assert_eq!(
        (saved.project.id.as_str(), saved.project.name.as_str()),
        (p.id.as_str(), "renamed")
    );
    assert_eq!(w.on_disk().1(&p.id).unwrap(), b"new-secret");
}

#[test]
fn removing_by_id_never_takes_a_newer_project_of_the_same_name() {
    let w = World::new();
    let old = w.add("n", "first");
    // Another process removes `n` and adds a new `n` meanwhile.
    let other = Keyring::with_store(w.store.clone());
    Projects::new(&w.file, &other).remove(&old.id).unwrap();
    let new = Projects::new(&w.file, &other)
        .add(edit("n"), &key("second"), KeyringFallback::Refuse)
        .unwrap()
        .project;
    // This process still holds the old id.
    let err = w.projects().remove(&old.id).unwrap_err();
    assert!(err.to_string().contains("removed meanwhile"), "{err}");
    let (names, secret) = w.on_disk();
    assert_eq!(names, ["n"]);
    assert_eq!(secret(&new.id).unwrap(), b"second");
}

#[test]
fn checks_come_before_the_keyring() {
    let w = World::new();
    w.add("staging", "s");
    let broken = Keyring::unavailable(KeyringError::Unavailable("no bus".into()));
    let projects = Projects::new(&w.file, &broken);
    let taken = projects
        .add(edit("STAGING"), &key("x"), KeyringFallback::Refuse)
        .unwrap_err();
    assert!(taken.to_string().contains("already exists"), "{taken}");
    let conflict = ProjectEdit {
        defaults: ProjectDefaults {
            permissions: [
                crate::token::Permission::AskJoin,
                crate::token::Permission::AllowMod,
            ]
            .into_iter()
            .collect(),
            ..ProjectDefaults::default()
        },
        ..edit("p")
    };
    let err = projects
        .add(conflict, &key("x"), KeyringFallback::Refuse)
        .unwrap_err();
    assert!(err.to_string().contains("4008"), "{err}");
}
