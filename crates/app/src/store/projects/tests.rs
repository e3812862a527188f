//! The projects file: atomic writes, locking, corrupt files, old formats.

use super::*;
use crate::model::default_permissions;
use crate::token::{Lifetime, ProjectDefaults};

fn project(name: &str) -> Project {
    Project {
        id: uuid::Uuid::new_v4().to_string(),
        name: name.to_owned(),
        api_key: format!("key-{name}"),
        permissions: default_permissions(),
        expires: Lifetime::default(),
        presets: Vec::new(),
    }
}

#[test]
fn add_list_default_remove() {
    let dir = tempfile::tempdir().unwrap();
    let f = ProjectsFile::in_dir(&dir.path().join("cfg"));
    assert!(f.load().unwrap().settings.projects.is_empty());
    f.add(project("staging")).unwrap();
    f.add(project("production")).unwrap();
    let s = f.load().unwrap().settings;
    assert_eq!(
        s.default_project().unwrap().name,
        "staging",
        "first added is default"
    );
    assert!(matches!(
        f.add(project("Staging")),
        Err(ProjectsError::NameTaken(_))
    ));
    let prod = f
        .load()
        .unwrap()
        .settings
        .find("production")
        .unwrap()
        .id
        .clone();
    f.set_default(&prod).unwrap();
    assert_eq!(
        f.load().unwrap().settings.default_project().unwrap().name,
        "production"
    );
    f.remove(&prod).unwrap();
    let s = f.load().unwrap().settings;
    assert_eq!(
        s.default_project().unwrap().name,
        "staging",
        "default falls back"
    );
    assert!(matches!(f.remove(&prod), Err(ProjectsError::Gone(_))));
}

#[cfg(unix)]
#[test]
fn file_is_private() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let f = ProjectsFile::in_dir(dir.path());
    f.add(project("a")).unwrap();
    let mode = fs::metadata(f.path()).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[test]
fn corrupt_file_is_kept_aside_and_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let f = ProjectsFile::in_dir(dir.path());
    fs::write(f.path(), "this is [not toml").unwrap();
    let loaded = f.load().unwrap();
    let Some(LoadWarning::CorruptMovedAside { moved_to, .. }) = &loaded.warning else {
        panic!("expected a warning");
    };
    assert_eq!(fs::read_to_string(moved_to).unwrap(), "this is [not toml");
    assert!(loaded.warning.unwrap().to_string().contains("corrupt-"));
    f.add(project("fresh")).unwrap();
    assert_eq!(f.load().unwrap().settings.projects.len(), 1);
}

#[test]
fn renames_keep_the_id() {
    let dir = tempfile::tempdir().unwrap();
    let f = ProjectsFile::in_dir(dir.path());
    let p = project("old");
    f.add(p.clone()).unwrap();
    f.replace(Project {
        name: "new".into(),
        ..p.clone()
    })
    .unwrap();
    let s = f.load().unwrap().settings;
    assert_eq!(s.find("new").unwrap().id, p.id);
    assert!(s.find("old").is_none());
}

#[test]
fn concurrent_writers_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let path = path.clone();
            std::thread::spawn(move || {
                let f = ProjectsFile::in_dir(&path);
                for i in 0..10 {
                    f.add(project(&format!("p{t}-{i}"))).unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let s = ProjectsFile::in_dir(&path).load().unwrap().settings;
    assert_eq!(s.projects.len(), 80);
    assert!(s.default_project().is_some());
}

#[test]
fn files_written_by_version_0_1_still_read_and_write_back_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let f = ProjectsFile::in_dir(dir.path());
    let old = "# videosdk-token projects: names and API keys only; secrets are in the OS keyring.\n\
default = \"id-a\"\n\n[[project]]\nid = \"id-a\"\nname = \"a\"\napi_key = \"key-a\"\n\
permissions = [\"allow_mod\", \"allow_join\"]\nexpires = \"1h30m\"\n\n\
[[project]]\nid = \"id-b\"\nname = \"b\"\napi_key = \"key-b\"\n";
    fs::write(f.path(), old).unwrap();
    let s = f.load().unwrap();
    assert!(s.warning.is_none());
    let a = s.settings.by_id("id-a").unwrap();
    assert_eq!(a.permissions.to_string(), "allow_join,allow_mod");
    assert_eq!((a.expires.as_str(), a.expires.secs()), ("1h30m", 5400));
    let b = s.settings.by_id("id-b").unwrap();
    assert_eq!(
        b.defaults(),
        ProjectDefaults::default(),
        "missing fields: VideoSDK's defaults"
    );
    f.set_default("id-b").unwrap();
    let text = fs::read_to_string(f.path()).unwrap();
    assert!(text.contains("expires = \"1h30m\""), "{text}");
    assert!(
        text.contains("permissions = [\n    \"allow_join\",\n    \"allow_mod\",\n]")
            || text.contains("permissions = [\"allow_join\", \"allow_mod\"]"),
        "{text}"
    );
}

#[test]
fn names_are_checked() {
    assert!(validate_name("staging").is_ok());
    assert!(validate_name("").is_err());
    assert!(validate_name(" x").is_err());
    assert!(validate_name("a\u{7}").is_err());
    assert!(validate_name(&"x".repeat(65)).is_err());
}
