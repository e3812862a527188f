//! Inspect, files customers send: a HAR dropped on the window (or opened
//! with "Open file..."), each token judged at the moment it was used, its
//! lifetime drawn and labelled for screen readers. The fixture's times are
//! relative to the test's clock (NOW).
//!
//! The native file chooser cannot be driven headless: the window's
//! chooser is a stand-in here (`World::chooser`) that answers a path, so
//! "Open file..." and "Write into .env..." run their real tasks.

use std::path::{Path, PathBuf};

use super::*;

const COOKIE: &str = "sessionid=GUI-COOKIE-NEVER-SHOWN";
const PASSWORD: &str = "gui-password-never-shown";

#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

fn drop_file(h: &mut Harness<'_, App>, path: &Path) {
    h.input_mut()
        .dropped_files
        .push(Arc::new(Dropped(path.to_path_buf())));
    h.run();
}

fn token(iat: i64, exp: i64, jti: &str) -> String {
    hand_token(
        &format!(
            r#"{{"apikey":"{API_KEY}","permissions":["allow_join"],"iat":{iat},"exp":{exp},"jti":"{jti}"}}"#
        ),
        SECRET,
    )
}

fn entry(url: &str, at: i64, token: &str, status: i64, body: &str) -> serde_json::Value {
    serde_json::json!({
        "startedDateTime": ts(at).to_string(),
        "_resourceType": "fetch",
        "request": {"method": "POST", "url": url,
                    "headers": [{"name": "Authorization", "value": token},
                                {"name": "Cookie", "value": COOKIE}]},
        "response": {"status": status, "content": {"mimeType": "application/json", "text": body}}
    })
}

/// A HAR: one token used while valid, then 10 min after it expired; another
/// refused with 4001 while valid.
fn support_har(dir: &Path) -> (PathBuf, Vec<String>) {
    let old = token(NOW - 7200, NOW - 3600, "old");
    let fresh = token(NOW - 600, NOW + 3000, "fresh");
    let entries = vec![
        entry(
            &format!("https://app.example/login?password={PASSWORD}"),
            NOW - 6000,
            "none",
            200,
            "{}",
        ),
        entry(
            "https://api.videosdk.live/v2/rooms",
            NOW - 5400,
            &old,
            200,
            r#"{"roomId":"abcd-efgh-ijkl"}"#,
        ),
        entry(
            "https://api.videosdk.live/v2/rooms?debug=1",
            NOW - 3000,
            &old,
            401,
            r#"{"message":"Token is invalid or expired"}"#,
        ),
        entry(
            "https://api.videosdk.live/v2/sessions",
            NOW - 60,
            &fresh,
            400,
            r#"{"code":4001,"name":"INVALID_API_KEY"}"#,
        ),
    ];
    let har = serde_json::json!({"log": {"version": "1.2", "creator": {"name": "WebInspector"}, "entries": entries}});
    let path = dir.join("support.har");
    std::fs::write(&path, har.to_string()).unwrap();
    (path, vec![old, fresh])
}

#[test]
fn a_dropped_har_shows_each_use_judged_at_that_moment() {
    let w = World::with_project();
    let mut h = w.app(ThemeChoice::Light, Tab::Generate);
    let (path, tokens) = support_har(w.dir.path());
    drop_file(&mut h, &path);
    wait_for(&mut h, "support.har (a HAR export): 2 VideoSDK tokens");
    assert!(has(
        &h,
        "Read support.har: 2 VideoSDK tokens. Nothing of it is saved."
    ));
    assert!(has(
        &h,
        "invalid (expired) at that moment: explains the 401"
    ));
    assert!(has(
        &h,
        "valid at that moment: the 4001 is not explained by this token, look at the API key the app sent"
    ));
    // The picture's sentence, for screen readers.
    assert!(has_exact(
        &h,
        "Token lifetime: issued 2026-11-28 08:00, expires 2026-11-28 09:00; the request was 10 min after expiry"
    ));
    assert!(has(&h, "POST api.videosdk.live/v2/rooms?… (entry 3)"));

    click(&mut h, "Copy redacted");
    let copied = w.clip.current();
    assert!(
        copied.contains("File: support.har (a HAR export)"),
        "{copied}"
    );
    assert!(copied.contains("explains the 401"), "{copied}");
    for t in &tokens {
        let sig = t.rsplit('.').next().unwrap();
        assert!(!copied.contains(sig), "signature copied: {copied}");
    }
    assert!(
        !copied.contains(COOKIE) && !copied.contains(PASSWORD),
        "{copied}"
    );

    click(&mut h, "Close file");
    assert!(!has(&h, "VideoSDK tokens"));
}

#[test]
fn a_dropped_folder_is_refused_and_said() {
    let w = World::with_project();
    let mut h = w.app(ThemeChoice::Light, Tab::Inspect);
    drop_file(&mut h, w.dir.path());
    wait_for(&mut h, "it is a folder, not a regular file");
}

fn file_screen(theme: ThemeChoice, name: &str) {
    let w = World::with_project();
    let mut h = w.app(theme, Tab::Inspect);
    let (path, _) = support_har(w.dir.path());
    drop_file(&mut h, &path);
    wait_for(&mut h, "support.har (a HAR export): 2 VideoSDK tokens");
    h.run();
    snapshot(&mut h, name);
}

both_themes! {
    screen_inspect_har_file => "inspect_har_file", file_screen;
}

#[test]
fn open_file_reads_a_log_through_the_chooser_each_line_judged_at_its_time() {
    let w = World::with_project();
    let mut h = w.app(ThemeChoice::Light, Tab::Inspect);
    let t = token(NOW - 7200, NOW - 3600, "log");
    // Used while valid at 08:30 UTC; refused 12 min after expiry, at 10:12
    // in +01:00; a line with no zone, read as local time (UTC here).
    let log = format!(
        "2026-11-28T08:30:00Z INFO join token={t}\n\
         2026-11-28T09:00:01Z INFO heartbeat password={PASSWORD}\n\
         2026-11-28T10:12:00+01:00 ERROR 401 Token is invalid or expired Authorization: {t}\n\
         2026-11-28 09:40:00 WARN retry {t}\n"
    );
    let path = w.dir.path().join("server.log");
    std::fs::write(&path, log).unwrap();
    w.chooser.answer(Some(path));
    click(&mut h, "Open file...");
    wait_for(&mut h, "server.log (a log (text)): 1 VideoSDK token");
    assert_eq!(w.chooser.asked(), ["Open a HAR, log or .env file"]);
    assert!(has(&h, "valid at that moment"));
    assert!(has(
        &h,
        "invalid (expired) at that moment: explains the 401"
    ));
    assert!(has_exact(
        &h,
        "Token lifetime: issued 2026-11-28 08:00, expires 2026-11-28 09:00; the request was 12 min after expiry"
    ));
    assert!(has(&h, "(no zone in the file: read as local time)"));
    assert!(!has(&h, PASSWORD));

    // Ctrl+O asks again; cancelled, the report on show stays.
    w.chooser.answer(None);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    h.run();
    wait_for(&mut h, "No file chosen.");
    assert_eq!(w.chooser.asked().len(), 2);
    assert!(has(&h, "server.log (a log (text))"));
}

#[test]
fn a_dropped_env_lists_each_token_variable_and_its_time_left() {
    let w = World::with_project();
    let mut h = w.app(ThemeChoice::Light, Tab::Generate);
    let old = token(NOW - 8 * 86_400, NOW - 7 * 86_400, "week-old");
    let fresh = token(NOW - 600, NOW + 3000, "fresh");
    let env = format!(
        "# sample app\r\nVITE_VIDEOSDK_TOKEN=\"{old}\"\r\nVITE_API_URL=https://x\r\nAUTH_TOKEN={fresh}\r\n"
    );
    let path = w.dir.path().join(".env");
    std::fs::write(&path, env).unwrap();
    drop_file(&mut h, &path);
    wait_for(&mut h, ".env (a .env file): 2 VideoSDK tokens");
    assert_eq!(h.state().tab(), Tab::Inspect);
    assert!(has_exact(&h, "VITE_VIDEOSDK_TOKEN: expired 7 d ago"));
    assert!(has_exact(&h, "AUTH_TOKEN: expires in 50 min"));
}

/// Generate, then "Write into .env...": the token replaces the sample app's
/// token variable; comments, order, quotes, CRLF and the mode stay; the
/// secret is not written. Cancelled: nothing changes.
#[test]
fn write_into_env_replaces_only_the_token() {
    use std::os::unix::fs::PermissionsExt as _;
    let w = World::with_project();
    let mut h = w.app(ThemeChoice::Light, Tab::Generate);
    click(&mut h, "Generate token");
    let token = h.state().generated_token().unwrap().to_owned();
    let path = w.dir.path().join(".env");
    let before =
        "# sample app\r\nVITE_API_URL=https://x\r\nVITE_VIDEOSDK_TOKEN=\"old-token\" # pasted\r\n";
    std::fs::write(&path, before).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();

    w.chooser.answer(None);
    click(&mut h, "Write into .env...");
    wait_for(&mut h, "No file chosen: nothing was written.");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);

    w.chooser.answer(Some(path.clone()));
    click(&mut h, "Write into .env...");
    wait_for(&mut h, "Wrote the token into VITE_VIDEOSDK_TOKEN in ");
    let after = std::fs::read_to_string(&path).unwrap();
    assert_eq!(after, before.replace("old-token", &token));
    assert!(!after.contains(SECRET));
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);

    // A symlink is refused, and said.
    let link = w.dir.path().join("link.env");
    std::os::unix::fs::symlink(&path, &link).unwrap();
    w.chooser.answer(Some(link));
    click(&mut h, "Write into .env...");
    wait_for(&mut h, "it is a symbolic link; give the file it points to");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), after);
}
