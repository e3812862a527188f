//! Issue 21: a hand-edited `projects.toml` survives the command line byte for
//! byte outside the entry a command changes, and presets the program cannot
//! use are listed, never dropped.

use super::common::Sandbox;

/// Comments, unknown keys and tables, 10,000 presets (50 are read), and
/// presets the program cannot use, as people keep the file in dotfiles.
fn hand_edited() -> String {
    let mut t = String::from(
        "# My VideoSDK projects: hand-edited, kept in my dotfiles.\n\
default = \"id-staging\"   # staging first\n\
editor = \"me\"\n\
\n\
[ui]\n\
colour = \"green\"\n\
\n\
[[project]]\n\
id = \"id-staging\"\n\
name = \"staging\"\n\
api_key = \"key-s\"\n\
permissions = [\"allow_join\"]   # the QA default\n\
team = \"qa\"\n\
\n\
[[project.preset]]\n\
name = \"weird\"\n\
permissions = [\"allow_everything\"]\n\
\n\
[[project.preset]]\n\
name = \"forever\"\n\
permissions = [\"allow_join\"]\n\
expires = \"100y\"\n\
\n\
[[project.preset]]\n\
name = \"host\"\n\
permissions = [\"allow_join\", \"allow_mod\"]\n\
\n\
[[project.preset]]\n\
name = \"HOST\"\n\
permissions = [\"allow_join\"]\n\
\n\
[[project.preset]]\n\
name = \"esc\\u001B[31mred\"\n\
permissions = [\"allow_join\"]\n",
    );
    for i in 0..10_000 {
        t.push_str(&format!(
            "\n[[project.preset]]\nname = \"p{i}\"\npermissions = [\"allow_join\"]\n"
        ));
    }
    t.push_str("\n# production: careful\n[[project]]\nid = \"id-prod\"\nname = \"prod\"\napi_key = \"key-p\"\n");
    t
}

fn write(s: &Sandbox, text: &str) {
    let path = s.config_file();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(
            path.parent().unwrap(),
            std::fs::Permissions::from_mode(0o700),
        )
        .unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
}

#[test]
fn project_default_changes_one_line_of_a_hand_edited_file() {
    let s = Sandbox::new();
    let old = hand_edited();
    write(&s, &old);
    let r = s.run(&["project", "default", "prod"], "");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let now = std::fs::read_to_string(s.config_file()).unwrap();
    let want = old.replace(
        "default = \"id-staging\"   # staging first",
        "default = \"id-prod\"   # staging first",
    );
    assert!(now == want, "{} bytes, want {}", now.len(), want.len());
    // Before this change, the same command kept 50 presets of 10,000.
    assert_eq!(now.matches("[[project.preset]]").count(), 10_005);
}

#[test]
fn presets_the_program_cannot_use_are_listed_with_their_reason() {
    let s = Sandbox::new();
    write(&s, &hand_edited());
    let r = s.run(&["project", "list"], "");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = &r.stdout;
    assert!(
        out.contains("Project staging: 6 preset entries the program cannot use"),
        "{out}"
    );
    assert!(out.contains("preset weird cannot be read"), "{out}");
    assert!(out.contains("preset forever cannot be read"), "{out}");
    assert!(
        out.contains("preset HOST: 'host' is a built-in preset"),
        "{out}"
    );
    assert!(
        out.contains("preset esc\\u{1b}[31mred: invalid preset name"),
        "{out}"
    );
    assert!(
        out.contains("9950 more presets past the 50 the program reads"),
        "{out}"
    );
    // The ESC in a name is shown escaped, never raw.
    assert!(!out.contains('\u{1b}'), "raw ESC on stdout");
    let r = s.run(&["project", "list", "--json"], "");
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v[0]["unusable_presets"].as_array().unwrap().len(), 6);
    assert_eq!(v[1]["unusable_presets"].as_array().unwrap().len(), 0);
}
