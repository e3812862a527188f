//! Compare: two tokens side by side, the differences marked and explained.

use super::*;

/// Token A: a v1 moderator token of project Staging, 24 h.
fn token_a() -> String {
    hand_token(
        &format!(
            r#"{{"apikey":"{API_KEY}","permissions":["allow_join","allow_mod"],"iat":{},"exp":{},"jti":"5b0c0c5e-8f3a-4f0e-9a51-2f7d3c1e9b42"}}"#,
            NOW - 600,
            NOW - 600 + 86_400
        ),
        SECRET,
    )
}

/// Token B: the same project, v2, one room, ask_join, 7 d, a custom claim.
fn token_b() -> String {
    hand_token(
        &format!(
            r#"{{"apikey":"{API_KEY}","permissions":["ask_join"],"version":2,"roomId":"abc-defg-hij","iat":{},"exp":{},"jti":"0f9e8d7c-6b5a-4c3d-9e2f-1a0b9c8d7e6f","team":"qa"}}"#,
            NOW - 300,
            NOW - 300 + 7 * 86_400
        ),
        SECRET,
    )
}

fn compare(w: &World, theme: ThemeChoice) -> Harness<'static, App> {
    let mut h = w.app(theme, Tab::Compare);
    w.clip.put(&format!("Bearer {}", token_a()));
    click(&mut h, "Paste A");
    type_into(&mut h, "Token B", &token_b());
    h
}

#[test]
fn two_tokens_show_their_differences_by_meaning() {
    let w = World::with_project();
    let mut h = compare(&w, ThemeChoice::Light);
    // Each field has its verdict, verified against the saved project.
    let valid = h
        .query_all_by_label_contains("Valid — signed by project Staging")
        .count();
    assert_eq!(valid, 2, "both verdicts");
    assert!(has_exact(&h, "8 differences, marked below."));
    for meaning in [
        "permissions gained: ask_join; lost: allow_join, allow_mod",
        "version 1 (absent) -> 2",
        "B is limited to room abc-defg-hij, A to any room",
        "lifetime 24 h -> 7 d",
        "B issued 5 min later",
        "custom claim added: team = \"qa\"",
    ] {
        assert!(has_exact(&h, meaning), "{meaning}");
    }
    // The unchanged claim is listed, not marked; markers are words.
    assert!(has_exact(&h, "same in both"), "apikey is the same");
    assert_eq!(
        h.query_all_by_label("added").count(),
        3,
        "version, roomId, team"
    );
    assert_eq!(h.query_all_by_label("changed").count(), 5);
    assert!(has_exact(&h, "(absent)"));
    assert!(has_exact(&h, "24 h") && has_exact(&h, "7 d"));

    // Idle frames compare nothing again; a change in a field does.
    let n = h.state().comparisons();
    for _ in 0..5 {
        h.run();
    }
    assert_eq!(h.state().comparisons(), n, "no recomputation per frame");
    click(&mut h, "Clear B");
    assert_eq!(h.state().comparisons(), n + 1);
    assert!(!has(&h, "differences, marked below"));
    assert!(has(&h, "Paste token B here"));
}

#[test]
fn identical_tokens_and_garbage_are_said_plainly() {
    let w = World::with_project();
    let mut h = w.app(ThemeChoice::Light, Tab::Compare);
    w.clip.put(&token_a());
    click(&mut h, "Paste A");
    click(&mut h, "Paste B");
    assert!(has_exact(
        &h,
        "No differences: the two tokens carry the same claims."
    ));
    click(&mut h, "Clear B");
    type_into(&mut h, "Token B", "hello world");
    assert!(has(&h, "Not a JWT"), "a clear message under B");
    assert!(!has(&h, "Differences (A -> B)"));
}

#[test]
fn hostile_values_are_shown_as_markers() {
    let w = World::with_project();
    let mut h = w.app(ThemeChoice::Light, Tab::Compare);
    w.clip.put(&token_a());
    click(&mut h, "Paste A");
    let evil = hand_token(
        &format!(
            r#"{{"apikey":"{API_KEY}\u202e","permissions":["allow_join","allow_mod"],"iat":{},"exp":{}}}"#,
            NOW - 600,
            NOW - 600 + 86_400
        ),
        SECRET,
    );
    w.clip.put(&evil);
    click(&mut h, "Paste B");
    assert!(has(&h, "different project (API key"), "apikey differs");
    assert!(has(&h, "<U+202E>"), "the bidi control is shown, not obeyed");
}

#[test]
fn ctrl_4_opens_compare() {
    let w = World::with_project();
    let mut h = w.harness();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num4);
    h.run();
    assert_eq!(h.state().tab(), Tab::Compare);
    assert!(has_exact(&h, "Token A") && has_exact(&h, "Token B"));
}

both_themes! {
    screen_compare => "compare", |theme, name| {
        let w = World::with_project();
        let mut h = compare(&w, theme);
        snapshot(&mut h, name);
    };
}

#[test]
fn the_grid_fits_the_minimum_window() {
    let w = World::with_project();
    let services = w.services();
    let remembered = Remembered {
        theme: ThemeChoice::Light,
        tab: Tab::Compare,
        ..Remembered::default()
    };
    let mut h = Harness::builder()
        .with_size([780.0, 560.0])
        .with_render_cursor(false)
        .build_eframe(move |cc| App::with_remembered(&cc.egui_ctx, services, remembered));
    h.run();
    w.clip.put(&token_a());
    click(&mut h, "Paste A");
    w.clip.put(&token_b());
    click(&mut h, "Paste B");
    for meaning in [
        "permissions gained: ask_join; lost: allow_join, allow_mod",
        "different token id (jti): every token minted gets its own",
    ] {
        h.get_by_label(meaning).scroll_to_me();
        h.run();
        let right = h.get_by_label(meaning).rect().right();
        assert!(right <= 780.0, "{meaning} ends at {right}");
    }
    snapshot(&mut h, "compare_min_size_light");
}
