//! Generate, "Many participants": N participant tokens signed off the UI
//! thread, copied all at once, dropped with the project.
//!
//! The native file chooser (rfd: xdg portal, or zenity) cannot be driven
//! headless, so Save is not clicked here: the writer behind it (CSV / JSON
//! lines bytes, mode 0600, atomic replace) is unit-tested with a path given
//! directly in `src/gui/export.rs`.

use super::*;

const SECTION: &str = "Many participants: one token each, saved as CSV or JSON lines";

fn open_section(h: &mut Harness<'_, App>) {
    click(h, SECTION);
}

fn set_count(h: &mut Harness<'_, App>, n: u32) {
    // A focused DragValue selects its text: typing replaces it.
    type_into(h, "Count", &n.to_string());
    h.key_press(egui::Key::Enter);
    h.run();
}

fn repaint_delay(h: &Harness<'_, App>) -> std::time::Duration {
    h.output().viewport_output[&egui::ViewportId::ROOT].repaint_delay
}

/// Opens the section and makes 1000 tokens for Staging.
fn thousand(w: &World, theme: ThemeChoice) -> Harness<'static, App> {
    let mut h = w.app(theme, Tab::Generate);
    open_section(&mut h);
    assert!(has_exact(&h, "participantId pattern"));
    set_count(&mut h, 1000);
    click(&mut h, "Generate 1000 tokens");
    wait_for(&mut h, "1000 tokens for Staging: qa-1 ... qa-1000");
    h
}

#[test]
fn a_thousand_participants_are_signed_and_copied_all_at_once() {
    let w = World::with_project();
    let mut h = thousand(&w, ThemeChoice::Light);
    assert!(has(&h, "1000 tokens for Staging: qa-1 ... qa-1000"));
    assert!(has(&h, "These are live tokens"), "the warning is shown");
    // Done: nothing repaints any more (no countdown on show either).
    h.run();
    assert_eq!(repaint_delay(&h), std::time::Duration::MAX);

    click(&mut h, "Copy all");
    let copied = w.clip.current();
    let lines: Vec<&str> = copied.lines().collect();
    assert_eq!(lines.len(), 1000);
    assert_eq!(h.state().status_text(), Some("Copied the 1000 tokens."));
    assert!(
        has_exact(&h, "Clipboard clears in 60 s"),
        "wiped like any token"
    );
    let mut jtis = std::collections::HashSet::new();
    for (i, token) in lines.iter().enumerate() {
        let r = verify(token, SECRET);
        assert_eq!(r.outcome, Outcome::Valid, "{i}: {}", r.verdict);
        let claims = r.claims.unwrap();
        assert_eq!(claims["participantId"], format!("qa-{}", i + 1));
        assert_eq!(claims["version"], 2);
        assert_eq!(claims["apikey"], API_KEY);
        assert_eq!(claims["iat"], NOW);
        assert_eq!(claims["exp"], NOW + 86_400);
        assert!(claims.get("roomId").is_none());
        assert!(jtis.insert(claims["jti"].as_str().unwrap().to_owned()));
    }

    // Clear forgets them: nothing left to copy or save.
    click(&mut h, "Clear tokens");
    assert!(!has_exact(&h, "Copy all"));
    assert!(!has_exact(&h, "Save as CSV..."));
}

#[test]
fn room_permissions_and_expiry_come_along() {
    let w = World::with_project();
    let mut h = w.harness();
    click(&mut h, "allow_mod");
    click(&mut h, "1 h");
    open_section(&mut h);
    set_count(&mut h, 3);
    type_into(&mut h, "participantId pattern", "-load");
    type_into(&mut h, "roomId (optional)", "abcd-efgh-ijkl");
    click(&mut h, "Generate 3 tokens");
    wait_for(&mut h, "3 tokens for Staging");
    click(&mut h, "Copy all");
    let copied = w.clip.current();
    let tokens: Vec<&str> = copied.lines().collect();
    assert_eq!(tokens.len(), 3);
    let claims = verify(tokens[2], SECRET).claims.unwrap();
    assert_eq!(claims["participantId"], "qa-{n}-load".replace("{n}", "3"));
    assert_eq!(claims["roomId"], "abcd-efgh-ijkl");
    assert_eq!(
        claims["permissions"],
        serde_json::json!(["allow_join", "allow_mod"])
    );
    assert_eq!(claims["exp"], NOW + 3600);
}

#[test]
fn refusals_are_said_in_place() {
    let w = World::with_project();
    let mut h = w.harness();
    open_section(&mut h);
    // All N tokens would name the same participant.
    h.get_by_label("participantId pattern").click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_label("participantId pattern").type_text("alice");
    h.run();
    click(&mut h, "Generate 100 tokens");
    assert!(has(&h, "The participantId pattern needs {n}"));
    assert!(!has_exact(&h, "Copy all"));
    // Whitespace: VideoSDK refuses it (4004).
    type_into(&mut h, "participantId pattern", " {n}");
    click(&mut h, "Generate 100 tokens");
    assert!(has(&h, "4004"), "the core's reason is shown");
    // No permission ticked: the page's own rule holds here too.
    click(&mut h, "allow_join");
    set_count(&mut h, 1);
    click(&mut h, "Generate 1 token");
    assert!(has(&h, "No permission chosen"));
}

#[test]
fn cancel_stops_and_keeps_nothing() {
    let w = World::with_project();
    let mut h = w.harness();
    open_section(&mut h);
    set_count(&mut h, 100_000);
    click(&mut h, "Generate 100000 tokens");
    // Still running on the next frame (100,000 take a while in a debug build).
    assert!(has_exact(&h, "Cancel generating"));
    assert!(
        repaint_delay(&h) <= std::time::Duration::from_millis(100),
        "the progress bar repaints while running"
    );
    click(&mut h, "Cancel generating");
    assert_eq!(
        h.state().status_text(),
        Some("Cancelled: no tokens were kept.")
    );
    assert!(has_exact(&h, "Generate 100000 tokens"));
    // The thread stops; nothing arrives later.
    std::thread::sleep(std::time::Duration::from_millis(200));
    h.run();
    assert!(!has_exact(&h, "Copy all"));
    assert!(!has(&h, "100000 tokens for"));
}

#[test]
fn choosing_another_project_drops_the_tokens() {
    let w = World::with_project();
    w.add_project(
        "Production",
        "prod-api-key",
        "another-secret-that-is-long-enough-0123",
    );
    let mut h = w.harness();
    open_section(&mut h);
    set_count(&mut h, 5);
    click(&mut h, "Generate 5 tokens");
    wait_for(&mut h, "5 tokens for Staging");
    assert!(has_exact(&h, "Copy all"));
    click(&mut h, "Project");
    click(&mut h, "Production");
    assert!(!has_exact(&h, "Copy all"));
    assert!(has(&h, "the tokens of the previous one were dropped"));
}

fn batch_screen(theme: ThemeChoice, name: &str) {
    let w = World::with_project();
    let mut h = thousand(&w, theme);
    // Keep the snapshot steady: nothing focused, the section in view.
    h.get_by_label("Copy all").scroll_to_me();
    h.run();
    snapshot(&mut h, name);
}

both_themes! {
    screen_generate_batch => "generate_batch", batch_screen;
}
