//! Generate's presets row, "Save as preset" and the extra-claims editor.

use eframe::egui;
use egui::accesskit::{Role, Toggled};
use egui_kittest::kittest::{NodeT as _, Queryable};
use videosdk_token::gui::{Tab, ThemeChoice};
use videosdk_token_app::store::ProjectsFile;

use super::common::payload;
use super::{World, click, has, snapshot, type_into};

const CLAIMS_HEADER: &str = "Extra claims (JSON, optional): custom claims for your app";

fn ticked(h: &egui_kittest::Harness<'_, videosdk_token::gui::App>, label: &str) -> bool {
    let node = h.get_by_role_and_label(Role::CheckBox, label);
    node.accesskit_node().toggled() == Some(Toggled::True)
}

#[test]
fn a_preset_says_what_it_sets_then_fills_the_form_without_generating() {
    let w = World::with_project();
    let mut h = w.harness();
    h.get_by_label("api").hover();
    h.run();
    assert!(
        has(
            &h,
            "api: allow_join, expiry unchanged, version 2, roles [crawler]"
        ),
        "hovering says what it sets"
    );
    click(&mut h, "host");
    assert!(ticked(&h, "allow_join") && ticked(&h, "allow_mod") && !ticked(&h, "ask_join"));
    assert!(
        h.state().generated_token().is_none(),
        "a preset does not generate"
    );
    click(&mut h, "lobby-guest");
    assert!(ticked(&h, "ask_join") && !ticked(&h, "allow_join") && !ticked(&h, "allow_mod"));
    click(&mut h, "api");
    assert!(has(&h, "version: 2 is set"));
    click(&mut h, "Generate token");
    let p = payload(h.state().generated_token().unwrap());
    assert_eq!(p["permissions"], serde_json::json!(["allow_join"]));
    assert_eq!(p["roles"], serde_json::json!(["crawler"]));
    assert_eq!(p["version"], 2);
}

#[test]
fn the_form_is_saved_as_a_preset_of_the_project_and_comes_back() {
    let w = World::with_project();
    let mut h = w.harness();
    click(&mut h, "lobby-guest");
    click(&mut h, "1 h");
    type_into(&mut h, "Preset name", "host");
    assert!(
        has(&h, "'host' is a built-in preset"),
        "built-in names are refused"
    );
    clear_and_type(&mut h, "Preset name", "QA guest");
    click(&mut h, "Save as preset");
    assert!(has(&h, "Saved preset QA guest in Staging."));
    let file = ProjectsFile::in_dir(w.dir.path()).load().unwrap().settings;
    let saved = &file.projects[0].presets;
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].name, "QA guest");
    assert_eq!(saved[0].permissions.to_string(), "ask_join");
    assert_eq!(saved[0].expires.as_ref().unwrap().secs(), 3600);
    drop(h);

    // A new window shows it after the built-ins; a click fills the form.
    let mut h = w.harness();
    click(&mut h, "host");
    assert!(ticked(&h, "allow_mod"));
    click(&mut h, "QA guest");
    assert!(ticked(&h, "ask_join") && !ticked(&h, "allow_mod"));
    type_into(&mut h, "Preset name", "qa GUEST");
    assert!(has(&h, "replaces Staging's preset QA guest"));
    assert!(has(&h, "Replace preset"), "replacing is explicit");
}

#[test]
fn extra_claims_are_checked_as_typed_and_hold_generate_back() {
    let w = World::with_project();
    let mut h = w.harness();
    click(&mut h, CLAIMS_HEADER);
    type_into(&mut h, "Extra claims (JSON)", "{\"team\": \"qa\",\n  oops}");
    assert!(has(&h, "line 2, column 3"), "where the JSON breaks");
    assert!(has(&h, "Fix the extra claims first."));
    click(&mut h, "Generate token");
    assert!(
        h.state().generated_token().is_none(),
        "no token while invalid"
    );

    clear_and_type(&mut h, "Extra claims (JSON)", "{\"apiKey\": \"x\"}");
    assert!(has(
        &h,
        "Custom claim 'apiKey' looks like VideoSDK's 'apikey' claim"
    ));

    clear_and_type(
        &mut h,
        "Extra claims (JSON)",
        "{\"team\": \"qa\", \"tier\": 2}",
    );
    assert!(has(
        &h,
        "Valid: 2 extra claims added after VideoSDK's: team, tier"
    ));
    click(&mut h, "Generate token");
    let p = payload(h.state().generated_token().unwrap());
    assert_eq!(
        (&p["team"], &p["tier"]),
        (&serde_json::json!("qa"), &serde_json::json!(2))
    );
    assert_eq!(
        h.state().remembered().generate.extra_claims,
        "{\"team\": \"qa\", \"tier\": 2}"
    );
}

/// Selects everything in the field, deletes it and types `text`.
fn clear_and_type(
    h: &mut egui_kittest::Harness<'_, videosdk_token::gui::App>,
    label: &str,
    text: &str,
) {
    h.get_by_label(label).focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.key_press(egui::Key::Backspace);
    h.run();
    h.get_by_label(label).type_text(text);
    h.run();
}

fn presets_screen(theme: ThemeChoice, name: &str) {
    let w = World::with_project();
    {
        let mut h = w.harness();
        click(&mut h, "lobby-guest");
        type_into(&mut h, "Preset name", "QA guest");
        click(&mut h, "Save as preset");
    }
    let mut h = w.app(theme, Tab::Generate);
    click(&mut h, "host");
    click(&mut h, CLAIMS_HEADER);
    type_into(
        &mut h,
        "Extra claims (JSON)",
        "{\"team\": \"qa\", \"tier\": 2}",
    );
    h.get_by_label("api").hover();
    h.run();
    snapshot(&mut h, name);
}

both_themes! {
    screen_generate_presets => "generate_presets", presets_screen;
}
