//! Issue 19 in the window: the corpus of real-world shapes, the damaged
//! secret (with snapshots), "Make a fresh token like this" only from a
//! verified token, hidden characters refused by Generate.

use super::common::wild::corpus;
use super::*;
use egui_kittest::kittest::NodeT as _;

/// A window whose one project, acme, holds the corpus' API key and secret.
fn acme() -> (World, Harness<'static, App>) {
    let c = corpus();
    let w = World::empty();
    w.add_project("acme", &c.api_key, &c.secret);
    let h = w.app(ThemeChoice::Light, Tab::Inspect);
    (w, h)
}

#[test]
fn every_wild_shape_gets_its_verdict_in_the_window() {
    let c = corpus();
    let (w, mut h) = acme();
    let mut failures = Vec::new();
    for shape in &c.shapes {
        let verdict = inspect_text(&mut h, &w, &c.text(shape, NOW));
        let want = &shape.now;
        let outcome_ok = match want.exit {
            0 => verdict.starts_with("Valid"),
            2 => verdict.starts_with("Not a JWT") || verdict.starts_with("A shortened example"),
            _ => !verdict.starts_with("Valid") && !verdict.starts_with("Not a JWT"),
        };
        let first_ok = want.first.as_deref().is_none_or(|code| has_exact(&h, code));
        if !outcome_ok || !first_ok {
            failures.push(format!("{}: {verdict}", shape.name));
        }
        click(&mut h, "Clear");
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

fn damaged_token() -> String {
    let c = corpus();
    let shape = c
        .shapes
        .iter()
        .find(|s| s.name == "secret-doubled")
        .unwrap();
    c.text(shape, NOW)
}

#[test]
fn a_damaged_secret_is_named_and_fresh_tokens_like_it_are_refused() {
    let (w, mut h) = acme();
    let v = inspect_text(&mut h, &w, &damaged_token());
    assert!(
        v.starts_with("Signed with a damaged copy of project acme's secret: written twice"),
        "{v}"
    );
    assert!(has_exact(&h, "damaged_secret"));
    assert!(has(&h, "128 characters instead of 64"));
    // Not verified, so not copied into a fresh, valid token.
    let node = h.get_by_label("Make a fresh token like this");
    assert!(node.accesskit_node().is_disabled());
    h.get_by_label("Make a fresh token like this").hover();
    h.run();
    assert!(has(&h, "not verified by any secret known here"));
}

fn damaged_screen(theme: ThemeChoice, name: &str) {
    let c = corpus();
    let w = World::empty();
    w.add_project("acme", &c.api_key, &c.secret);
    let mut h = w.app(theme, Tab::Inspect);
    inspect_text(&mut h, &w, &damaged_token());
    snapshot(&mut h, name);
}

#[test]
fn screen_inspect_damaged_secret_light() {
    damaged_screen(ThemeChoice::Light, "inspect_damaged_secret_light");
}

#[test]
fn screen_inspect_damaged_secret_dark() {
    damaged_screen(ThemeChoice::Dark, "inspect_damaged_secret_dark");
}

#[test]
fn the_claims_table_shows_json_values_as_json() {
    let w = World::with_project();
    let mut h = w.app(ThemeChoice::Light, Tab::Inspect);
    let claims = format!(
        r#"{{"apikey":"{API_KEY}","permissions":["allow_join"],"version":"2","iat":{},"exp":{}}}"#,
        NOW - 60,
        NOW + 3600
    );
    let v = inspect_text(&mut h, &w, &hand_token(&claims, SECRET));
    assert!(v.starts_with("Valid"), "the string \"2\" is a warning: {v}");
    assert!(has_exact(&h, "\"2\""), "the string with its quotes");
    assert!(has_exact(&h, "bad_version"));
}

#[test]
fn generate_refuses_hidden_characters_in_the_room_and_participant() {
    for (field, c) in [("roomId", '\u{202E}'), ("participantId", '\u{200B}')] {
        let w = World::with_project();
        let mut h = w.harness();
        click(
            &mut h,
            "Version 2 claims (optional): room, participant, roles",
        );
        type_into(&mut h, field, &format!("qa{c}1"));
        click(&mut h, "Generate token");
        assert!(h.state().generated_token().is_none(), "{field}");
        assert!(
            has(&h, &format!("U+{:04X}", u32::from(c))),
            "{field}: the character is named"
        );
    }
}
