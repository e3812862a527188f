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
        unusable_presets: Vec::new(),
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
    // Written back as the user wrote it: only the changed line differs.
    let text = fs::read_to_string(f.path()).unwrap();
    assert_eq!(
        text,
        old.replace("default = \"id-a\"", "default = \"id-b\"")
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

/// A projects file as people keep it in their dotfiles: comments, unknown
/// keys and tables, 10,000 presets (the program reads 50), and presets it
/// cannot use (unknown permission, `100y`, no permissions, `host`/`HOST`,
/// ESC in a name, a 2,000-character room).
fn hand_edited() -> String {
    let mut t = String::from(
        "# My VideoSDK projects: hand-edited, kept in my dotfiles.\n\
default = \"id-staging\"   # staging first\n\
editor = \"me\"            # a key the program does not know\n\
\n\
[ui]                       # a table the program does not know\n\
colour = \"green\"\n\
\n\
[[project]]\n\
id = \"id-staging\"\n\
name = \"staging\"\n\
api_key = \"key-s\"\n\
permissions = [\"allow_join\"]   # the QA default\n\
expires = \"24h\"\n\
team = \"qa\"                    # unknown key in a project\n",
    );
    let unusual = [
        r#"name = "weird"
permissions = ["allow_everything"]"#,
        r#"name = "forever"
permissions = ["allow_join"]
expires = "100y""#,
        r#"name = "nothing"
permissions = []"#,
        r#"name = "host"
permissions = ["allow_join", "allow_mod"]"#,
        r#"name = "HOST"
permissions = ["allow_join"]"#,
        r#"name = "esc\u001B[31m"
permissions = ["allow_join"]"#,
    ];
    for u in unusual {
        t.push_str(&format!("\n[[project.preset]]\n{u}\n"));
    }
    t.push_str(&format!(
        "\n[[project.preset]]\nname = \"long room\"\npermissions = [\"allow_join\"]\nroom_id = \"{}\"\n",
        "r".repeat(2000)
    ));
    for i in 0..10_000 {
        t.push_str(&format!(
            "\n[[project.preset]]\nname = \"p{i}\"\npermissions = [\"allow_join\"]\n"
        ));
    }
    t.push_str(
        "\n# production: careful\n[[project]]\nid = \"id-prod\"\nname = \"prod\"\napi_key = \"key-p\"\n",
    );
    t
}

/// Equal texts, or the first line that differs (the files are large).
#[track_caller]
fn same_text(got: &str, want: &str) {
    if got == want {
        return;
    }
    let (g, w): (Vec<_>, Vec<_>) = (got.lines().collect(), want.lines().collect());
    let i = g
        .iter()
        .zip(&w)
        .position(|(a, b)| a != b)
        .unwrap_or(g.len().min(w.len()));
    panic!(
        "texts differ at line {} (lengths {} and {}):\n got: {:?}\nwant: {:?}",
        i + 1,
        got.len(),
        want.len(),
        g.get(i),
        w.get(i)
    );
}

/// Issue 21: `add`, `edit`, `default` and `remove` change their entry and
/// nothing else, byte for byte.
#[test]
fn a_hand_edited_file_survives_every_change_byte_for_byte_outside_it() {
    let dir = tempfile::tempdir().unwrap();
    let f = ProjectsFile::in_dir(dir.path());
    let old = hand_edited();
    assert!(old.len() > 400_000, "{} bytes", old.len());
    fs::write(f.path(), &old).unwrap();
    let read = |f: &ProjectsFile| fs::read_to_string(f.path()).unwrap();

    f.set_default("id-prod").unwrap();
    same_text(
        &read(&f),
        &old.replace("default = \"id-staging\"", "default = \"id-prod\""),
    );
    f.set_default("id-staging").unwrap();
    same_text(&read(&f), &old);

    let loaded = f.load().unwrap().settings;
    let mut prod = loaded.by_id("id-prod").unwrap().clone();
    prod.api_key = "key-p2".into();
    f.replace(prod.clone()).unwrap();
    same_text(
        &read(&f),
        &old.replace("api_key = \"key-p\"", "api_key = \"key-p2\""),
    );
    prod.api_key = "key-p".into();
    f.replace(prod).unwrap();
    same_text(&read(&f), &old);

    let mut other = Project::new("other", "key-o", ProjectDefaults::default());
    other.id = "id-other".into();
    f.add(other).unwrap();
    let added = read(&f);
    same_text(&added[..old.len().min(added.len())], &old);
    assert!(
        added[old.len()..].contains("name = \"other\""),
        "{}",
        &added[old.len()..]
    );
    f.remove("id-other").unwrap();
    same_text(&read(&f), &old);
}

/// What cannot be changed entry by entry is refused, and the file is left.
#[test]
fn a_change_that_would_lose_something_is_refused_and_the_file_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let f = ProjectsFile::in_dir(dir.path());
    let inline = "# inline\nproject = [{ id = \"id-a\", name = \"a\", api_key = \"key-a\" }]\n";
    fs::write(f.path(), inline).unwrap();
    let mut b = Project::new("b", "key-b", ProjectDefaults::default());
    b.id = "id-b".into();
    let e = f.add(b).unwrap_err();
    assert!(matches!(e, ProjectsError::Lossy { .. }), "{e}");
    assert!(e.to_string().contains("[[project]]"), "{e}");
    assert!(e.to_string().contains("left as it was"), "{e}");
    assert_eq!(fs::read_to_string(f.path()).unwrap(), inline);
    // Setting the default touches no project entry: allowed.
    f.set_default("id-a").unwrap();
    assert!(
        fs::read_to_string(f.path())
            .unwrap()
            .contains("default = \"id-a\"")
    );
}
