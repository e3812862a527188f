//! Issue 18: one policy for the window and the command line, and a window
//! that follows the projects file.
//!
//! - The same request signed by `generate --project` and by the window with
//!   that project picked gives the same claims, apart from `iat`/`exp`/`jti`.
//! - A project added, changed or removed by another process shows up
//!   without a restart and without losing the form.

use super::*;
use videosdk_token_app::store::ProjectsFile;

const MOD_SECRET: &str = "moderators-secret-0123456789abcdef0123456789";

/// A project "moderators" whose saved defaults are `allow_join,allow_mod`
/// and one hour, beside the default project "Staging".
fn with_moderators(w: &World) -> Project {
    w.add_project("moderators", "mod-api-key", MOD_SECRET);
    let file = ProjectsFile::in_dir(w.dir.path());
    let mut p = file
        .load()
        .unwrap()
        .settings
        .find("moderators")
        .unwrap()
        .clone();
    p.permissions = [Permission::AllowJoin, Permission::AllowMod]
        .into_iter()
        .collect::<PermissionSet>();
    p.expires = Lifetime::parse("1h").unwrap();
    file.replace(p.clone()).unwrap();
    p
}

/// The claims `generate --project moderators` signs, through the real
/// binary reading the same projects file (the secret piped, so no keyring).
fn cli_claims(w: &World) -> serde_json::Value {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("videosdk-token");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::copy(
        w.dir.path().join("projects.toml"),
        config.join("projects.toml"),
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_videosdk-token"))
        .args(["generate", "--project", "moderators", "--secret-stdin"])
        .env("XDG_CONFIG_HOME", home.path())
        .env("HOME", home.path())
        .env_remove("VIDEOSDK_SECRET_KEY")
        .env_remove("VIDEOSDK_API_KEY")
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write as _;
            c.stdin.take().unwrap().write_all(MOD_SECRET.as_bytes())?;
            c.wait_with_output()
        })
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let token = String::from_utf8(out.stdout).unwrap();
    verify(token.trim(), MOD_SECRET).claims.unwrap().into()
}

fn without_times(mut claims: serde_json::Value) -> serde_json::Value {
    let o = claims.as_object_mut().unwrap();
    let lifetime = o["exp"].as_i64().unwrap() - o["iat"].as_i64().unwrap();
    for k in ["iat", "exp", "jti"] {
        o.remove(k);
    }
    o.insert("lifetime".into(), lifetime.into());
    claims
}

#[test]
fn the_window_and_the_cli_sign_the_same_claims_for_a_project() {
    let w = World::with_project();
    let p = with_moderators(&w);
    let mut h = w.harness();
    // Picking the project brings its saved defaults into the form.
    click(&mut h, "Project");
    click(&mut h, "moderators");
    click(&mut h, "Generate token");
    let window = verify(h.state().generated_token().unwrap(), MOD_SECRET)
        .claims
        .unwrap();
    let window = without_times(window.into());
    let cli = without_times(cli_claims(&w));
    assert_eq!(window, cli, "claim by claim, apart from iat/exp/jti");
    assert_eq!(
        window["permissions"],
        serde_json::json!(["allow_join", "allow_mod"])
    );
    assert_eq!(window["lifetime"], 3600);
    assert_eq!(window["apikey"], p.api_key.as_str());
}

#[test]
fn the_remembered_form_wins_over_the_defaults_until_a_project_is_picked() {
    let w = World::with_project();
    let p = with_moderators(&w);
    // Last run: moderators was chosen and the user ticked ask_join alone.
    let mut generate = videosdk_token::gui::GenerateSettings {
        project_id: Some(p.id.clone()),
        ..Default::default()
    };
    generate.permissions = [Permission::AskJoin].into_iter().collect();
    let remembered = Remembered {
        generate,
        theme: ThemeChoice::Light,
        ..Remembered::default()
    };
    let services = w.services();
    let mut h = Harness::builder()
        .with_size(SIZE)
        .build_eframe(move |cc| App::with_remembered(&cc.egui_ctx, services, remembered));
    h.run();
    click(&mut h, "Generate token");
    let claims = verify(h.state().generated_token().unwrap(), MOD_SECRET)
        .claims
        .unwrap();
    assert_eq!(claims["permissions"], serde_json::json!(["ask_join"]));
}

#[test]
fn a_project_added_elsewhere_appears_and_a_removed_one_is_explained() {
    let w = World::with_project();
    let mut h = w.harness();
    click(
        &mut h,
        "Version 2 claims (optional): room, participant, roles",
    );
    type_into(&mut h, "roomId", "qa-room");
    // The command line (here: the same file, another handle) adds one.
    let other = Project::new("from-cli", "cli-api-key", ProjectDefaults::default());
    ProjectsFile::in_dir(w.dir.path())
        .add(other.clone())
        .unwrap();
    h.state_mut().check_files_now();
    h.run();
    assert!(h.state().projects().iter().any(|p| p.name == "from-cli"));
    click(&mut h, "Project");
    click(&mut h, "from-cli");
    // ...then removes it while it is picked.
    ProjectsFile::in_dir(w.dir.path())
        .remove(&other.id)
        .unwrap();
    h.state_mut().check_files_now();
    h.run();
    let status = h.state().status_text().unwrap_or_default().to_owned();
    assert!(
        status.contains("Project from-cli was removed outside this window"),
        "{status}"
    );
    assert!(status.contains("Generate now uses Staging"), "{status}");
    // The form the user typed is still there.
    assert_eq!(h.state().remembered().generate.room_id, "qa-room");
    click(&mut h, "Generate token");
    let claims = verify(h.state().generated_token().unwrap(), SECRET)
        .claims
        .unwrap();
    assert_eq!(claims["roomId"], "qa-room");
}
