//! Issue 9 in the window: several tokens listed, the "Used for" context,
//! VideoSDK codes in the paste, and "Make a fresh token like this".

use super::*;
use egui_kittest::kittest::NodeT as _;

fn v2_claims(extra: &str) -> String {
    format!(
        r#"{{"apikey":"{API_KEY}","permissions":["allow_join"],"version":2,{extra}"iat":{},"exp":{}}}"#,
        NOW - 60,
        NOW + 3600
    )
}

fn click_contains(h: &mut Harness<'_, App>, label: &str) {
    h.get_by_label_contains(label).scroll_to_me();
    h.run();
    h.get_by_label_contains(label).click();
    h.run();
}

fn several_tokens(w: &World, h: &mut Harness<'_, App>) {
    let good = hand_token(&valid_claims(), SECRET);
    let expired = hand_token(
        &format!(
            r#"{{"apikey":"{API_KEY}","permissions":["allow_join"],"iat":{},"exp":{}}}"#,
            NOW - 7200,
            NOW - 840
        ),
        SECRET,
    );
    let forged = hand_token(&valid_claims(), "not-the-secret");
    inspect_text(
        h,
        w,
        &format!(
            "customer said: join failed with 4002 INVALID_TOKEN\nA {good}\nB {expired}\nC {forged}\n"
        ),
    );
}

#[test]
fn several_tokens_are_listed_and_the_picked_one_is_shown() {
    let w = World::with_project();
    let mut h = w.app(ThemeChoice::Light, Tab::Inspect);
    several_tokens(&w, &mut h);
    assert!(has(&h, "3 tokens in the paste"));
    assert!(h.state().inspect_verdict().unwrap().starts_with("Valid"));
    // The code in the paste is listed, and this (valid) token does not explain it.
    assert!(has(
        &h,
        "4002 INVALID_TOKEN: this token does not explain it"
    ));
    click_contains(&mut h, "Token 2: Expired 14 min ago");
    let v = h.state().inspect_verdict().unwrap().to_owned();
    assert!(v.starts_with("Expired 14 min ago"), "{v}");
    assert!(has(&h, "4002 INVALID_TOKEN: explained by expired"));
    click_contains(&mut h, "Token 3:");
    let v = h.state().inspect_verdict().unwrap().to_owned();
    assert!(v.contains("does not match"), "{v}");
}

#[test]
fn the_used_for_row_predicts_4022_and_4024() {
    let w = World::with_project();
    let mut h = w.app(ThemeChoice::Light, Tab::Inspect);
    let t = hand_token(
        &v2_claims(r#""roomId":"abc-defg-hij","roles":["crawler"],"#),
        SECRET,
    );
    let v = inspect_text(&mut h, &w, &t);
    assert!(v.starts_with("Valid"), "{v}");
    type_into(&mut h, "Room id", "zzz-zzzz-zzz");
    let v = h.state().inspect_verdict().unwrap().to_owned();
    assert!(
        v.starts_with("Not valid for room zzz-zzzz-zzz (4022)"),
        "{v}"
    );
    assert!(has(&h, "4024 UNAUTHORIZED_ROLE"), "a room implies joining");
    // The REST API takes a crawler token anywhere: only the room is wrong.
    click(&mut h, "Used for (optional):");
    h.get_by_label("the REST API").click();
    h.run();
    assert!(!has(&h, "4024 UNAUTHORIZED_ROLE"));
}

#[test]
fn make_a_fresh_token_like_this_fills_generate() {
    let w = World::with_project();
    let mut h = w.app(ThemeChoice::Light, Tab::Inspect);
    let claims = format!(
        r#"{{"apikey":"{API_KEY}","permissions":["allow_join","allow_mod"],"version":2,"roomId":"abc-defg-hij","participantId":"qa-7","iat":{},"exp":{},"team":{{"id":7}}}}"#,
        NOW - 7200,
        NOW - 3600
    );
    inspect_text(&mut h, &w, &hand_token(&claims, SECRET));
    click(&mut h, "Make a fresh token like this");
    assert_eq!(h.state().tab(), Tab::Generate);
    assert!(has(
        &h,
        "Filled in like the inspected token, for project Staging"
    ));
    click(&mut h, "Generate token");
    let token = h.state().generated_token().unwrap().to_owned();
    let p = common::payload(&token);
    assert_eq!(p["roomId"], "abc-defg-hij");
    assert_eq!(p["participantId"], "qa-7");
    assert_eq!(
        p["permissions"],
        serde_json::json!(["allow_join", "allow_mod"])
    );
    assert_eq!(
        p["exp"].as_i64().unwrap() - p["iat"].as_i64().unwrap(),
        3600
    );
    // A token no known secret verifies (issue 19): the button is greyed
    // out and says why; clicking it does nothing.
    let mut h = w.app(ThemeChoice::Light, Tab::Inspect);
    inspect_text(
        &mut h,
        &w,
        &hand_token(&valid_claims().replace(API_KEY, "other-key"), "s"),
    );
    assert!(
        h.get_by_label("Make a fresh token like this")
            .accesskit_node()
            .is_disabled()
    );
    h.get_by_label("Make a fresh token like this").click();
    h.run();
    assert_eq!(h.state().tab(), Tab::Inspect);
    h.get_by_label("Make a fresh token like this").hover();
    h.run();
    assert!(has(&h, "not verified by any secret known here"));
}

fn several_screen(theme: ThemeChoice, name: &str) {
    let w = World::with_project();
    let mut h = w.app(theme, Tab::Inspect);
    several_tokens(&w, &mut h);
    click_contains(&mut h, "Token 2: Expired 14 min ago");
    snapshot(&mut h, name);
}

both_themes! {
    screen_inspect_several => "inspect_several", several_screen;
}

#[test]
fn the_used_for_row_predicts_4023_and_the_rest_refusal() {
    let w = World::with_project();
    let mut h = w.app(ThemeChoice::Light, Tab::Inspect);
    let t = hand_token(
        &v2_claims(r#""participantId":"qa-1","roles":["rtc"],"#),
        SECRET,
    );
    assert!(inspect_text(&mut h, &w, &t).starts_with("Valid"));
    type_into(&mut h, "Participant id", "qa-2");
    let v = h.state().inspect_verdict().unwrap().to_owned();
    assert!(
        v.starts_with("Not valid for participant qa-2 (4023)"),
        "{v}"
    );
    assert!(has_exact(&h, "participant_mismatch"));
    // The same rtc-only token on the REST API: refused there too.
    click(&mut h, "Used for (optional):");
    click(&mut h, "the REST API");
    assert!(
        has_exact(&h, "not_for_api"),
        "an rtc-only token on the REST API"
    );
}
