//! Generate's "Failure scenarios": collapsed until opened, one row per
//! scenario, Copy through the app's clipboard, Open in Inspect, and never
//! in place of the generated token.

use videosdk_token::token::{FindingCode, SCENARIO_NAMES, Usage};

use super::*;

const HEADER: &str = "Failure scenarios for QA (tokens broken on purpose)";
const PROD_SECRET: &str = "another-secret-that-is-long-enough-0123";

/// Staging (default) and Production, both with a secret.
fn two_projects() -> World {
    let w = World::with_project();
    w.add_project("Production", "prod-api-key", PROD_SECRET);
    w
}

fn open_and_make(h: &mut Harness<'_, App>) {
    click(h, HEADER);
    click(h, "Make fresh scenario tokens");
}

/// The scenario rows on show, by their Copy buttons.
fn rows(h: &Harness<'_, App>) -> Vec<&'static str> {
    SCENARIO_NAMES
        .into_iter()
        .filter(|n| has_exact(h, &format!("Copy {n} token")))
        .collect()
}

/// Inspects as the window's saved projects would, in a context.
fn inspected(token: &str, usage: Usage) -> videosdk_token::token::Report {
    let (s, p) = (key(SECRET), key(PROD_SECRET));
    let project = |name: &str| KeySource::Project { name: name.into() };
    let c = [
        Candidate {
            source: project("Staging"),
            api_key: Some(API_KEY),
            secret: &s,
        },
        Candidate {
            source: project("Production"),
            api_key: Some("prod-api-key"),
            secret: &p,
        },
    ];
    inspect(
        token,
        &Context {
            now: ts(NOW),
            tz: jiff::tz::TimeZone::UTC,
            candidates: &c,
            usage,
        },
    )
}

#[test]
fn scenarios_are_listed_copied_and_opened_in_inspect() {
    let w = two_projects();
    let mut h = w.harness();
    // Collapsed by default: nothing is made until asked for.
    assert!(has_exact(&h, HEADER));
    assert!(!has_exact(&h, "Make fresh scenario tokens"));
    open_and_make(&mut h);
    assert!(has_exact(&h, "BROKEN ON PURPOSE"));
    assert_eq!(rows(&h), SCENARIO_NAMES, "one row per scenario");
    assert!(has(&h, "4022 UNAUTHORIZED_MEETING_ID"));
    assert!(has(&h, "joining room qa-room-2"));

    // Copy goes through the app's clipboard, wiped like any token.
    click(&mut h, "Copy wrong-room token");
    let copied = w.clip.current();
    assert!(has_exact(&h, "Clipboard clears in 60 s"));
    assert_eq!(
        h.state().status_text(),
        Some("Copied the scenario token (broken on purpose).")
    );
    let used = Usage {
        room_id: Some("qa-room-2".into()),
        ..Usage::default()
    };
    let r = inspected(&copied, used);
    assert_eq!(
        r.findings[0].code,
        FindingCode::RoomMismatch,
        "{}",
        r.verdict
    );
    assert_eq!(inspected(&copied, Usage::default()).outcome, Outcome::Valid);
    // The other project's key scenario, signed with Production's secret.
    click(&mut h, "Copy other-project-key token");
    let r = inspected(&w.clip.current(), Usage::default());
    assert_eq!(r.findings[0].code, FindingCode::ApikeyMismatch);
    // Never in place of the generated token.
    assert_eq!(h.state().generated_token(), None);
    assert!(!has_exact(&h, "Copy token"));

    // Open in Inspect: the token goes there, the status says the use.
    click(&mut h, "Open crawler-joins-meeting in Inspect");
    assert_eq!(h.state().tab(), Tab::Inspect);
    assert!(h.state().inspect_input_len() > 100);
    let status = h.state().status_text().unwrap_or_default().to_owned();
    assert!(
        status.contains("crawler-joins-meeting") && status.contains("joining a meeting"),
        "{status}"
    );
    assert_eq!(w.clip.copied().len(), 2, "opening copies nothing");
}

#[test]
fn one_project_says_why_other_project_key_is_missing() {
    let w = World::with_project();
    let mut h = w.harness();
    open_and_make(&mut h);
    let names = rows(&h);
    assert_eq!(names.len(), SCENARIO_NAMES.len() - 1);
    assert!(!names.contains(&"other-project-key"));
    assert!(has(&h, "other-project-key needs a second project"));
}

#[test]
fn without_the_secret_nothing_is_made_and_it_says_why() {
    let w = World::empty();
    w.add_project("Staging", API_KEY, SECRET);
    Keyring::with_store(w.store.clone())
        .delete("id-Staging")
        .unwrap();
    let mut h = w.harness();
    open_and_make(&mut h);
    assert!(has_exact(&h, "No scenario tokens were made."));
    assert!(rows(&h).is_empty());
}

/// A window tall enough to show the whole list.
fn tall(w: &World, theme: ThemeChoice) -> Harness<'static, App> {
    let services = w.services();
    let remembered = Remembered {
        theme,
        tab: Tab::Generate,
        ..Remembered::default()
    };
    let mut h = Harness::builder()
        .with_size([SIZE[0], 1560.0])
        .with_render_cursor(false)
        .build_eframe(move |cc| App::with_remembered(&cc.egui_ctx, services, remembered));
    h.run();
    h
}

fn scenarios_snapshot(theme: ThemeChoice, name: &str) {
    let w = two_projects();
    let mut h = tall(&w, theme);
    open_and_make(&mut h);
    // Back to the top: the form above, then the section with every row.
    h.get_by_label("Project").scroll_to_me();
    h.run();
    snapshot(&mut h, name);
}

both_themes! {
    scenarios => "scenarios", scenarios_snapshot;
}
