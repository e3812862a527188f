//! `inspect --file`: HAR, log and `.env` files through the real binary.
//! The fixtures are built here from the HAR 1.2 format, with times relative
//! to the test's own clock, so they never expire; the privacy tests search
//! every output for each cookie, password and signature in them.

#![allow(clippy::needless_pass_by_value)] // fixture builders, written for brevity

use serde_json::{Value, json};

use crate::common::{API_KEY, SECRET, Sandbox, now_s, sign};

fn env() -> [(&'static str, &'static str); 2] {
    [
        ("VIDEOSDK_API_KEY", API_KEY),
        ("VIDEOSDK_SECRET_KEY", SECRET),
    ]
}

/// A token issued at `iat` that expires at `exp` (seconds since the epoch).
/// Each one different (its `jti`), even when made in the same second.
fn token(iat: i64, exp: i64) -> String {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let jti = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    sign(
        &json!({"apikey": API_KEY, "permissions": ["allow_join"], "iat": iat, "exp": exp, "jti": format!("t-{jti}")}),
        SECRET,
    )
}

fn signature(token: &str) -> &str {
    token.rsplit('.').next().unwrap()
}

fn rfc(secs: i64) -> String {
    jiff::Timestamp::from_second(secs).unwrap().to_string()
}

/// Cookies, passwords and someone else's token that must never be printed.
const COOKIE: &str = "sessionid=COOKIE-7f3a9b-NEVER-PRINT";
const PASSWORD: &str = "hunter2-PASSWORD-NEVER-PRINT";
const OTHER_JWT_CLAIMS: &str = r#"{"sub":"someone-else","role":"admin"}"#;

fn other_jwt() -> String {
    sign(
        &serde_json::from_str(OTHER_JWT_CLAIMS).unwrap(),
        "other-backend-secret",
    )
}

/// One HAR 1.2 entry as Chrome writes it (with `_initiator`, `_resourceType`).
fn chrome_entry(
    method: &str,
    url: &str,
    at: i64,
    headers: Value,
    status: i64,
    body: &str,
) -> Value {
    json!({
        "_initiator": {"type": "script", "stack": {"callFrames": [{"functionName": "join", "url": "https://app.example/main.js"}]}},
        "_priority": "High",
        "_resourceType": "fetch",
        "cache": {},
        "connection": "443",
        "pageref": "page_1",
        "request": {
            "method": method, "url": url, "httpVersion": "http/2.0",
            "headers": headers, "queryString": [], "cookies": [
                {"name": "sessionid", "value": COOKIE, "httpOnly": true, "secure": true}
            ],
            "headersSize": -1, "bodySize": 0
        },
        "response": {
            "status": status, "statusText": "", "httpVersion": "http/2.0",
            "headers": [{"name": "set-cookie", "value": format!("{COOKIE}; Path=/")}],
            "cookies": [],
            "content": {"size": body.len(), "mimeType": "application/json", "text": body},
            "redirectURL": "", "headersSize": -1, "bodySize": -1, "_transferSize": 100, "_error": null
        },
        "serverIPAddress": "203.0.113.7",
        "startedDateTime": rfc(at),
        "time": 85.2,
        "timings": {"blocked": 1.0, "dns": -1, "ssl": -1, "connect": -1, "send": 0.1, "wait": 80.0, "receive": 4.1, "_blocked_queueing": 0.5}
    })
}

/// A Firefox entry: no underscore fields; times with an offset.
fn firefox_entry(url: &str, at_text: &str, headers: Value, status: i64, body: &str) -> Value {
    json!({
        "pageref": "page_1",
        "startedDateTime": at_text,
        "request": {"bodySize": 0, "method": "GET", "url": url, "httpVersion": "HTTP/2",
                    "headers": headers, "cookies": [{"name": "sessionid", "value": COOKIE}],
                    "queryString": [], "headersSize": 420},
        "response": {"status": status, "statusText": "Unauthorized", "httpVersion": "HTTP/2",
                     "headers": [], "cookies": [],
                     "content": {"mimeType": "application/json; charset=utf-8", "size": body.len(), "text": body},
                     "redirectURL": "", "headersSize": 300, "bodySize": body.len()},
        "cache": {}, "timings": {"blocked": 0, "dns": 0, "connect": 0, "ssl": 0, "send": 0, "wait": 30, "receive": 0},
        "time": 30, "_securityState": "secure", "serverIPAddress": "203.0.113.7", "connection": "443"
    })
}

fn har(creator: &str, entries: Vec<Value>) -> String {
    serde_json::to_string_pretty(&json!({"log": {
        "version": "1.2",
        "creator": {"name": creator, "version": "1.0"},
        "pages": [{"startedDateTime": rfc(now_s() - 7200), "id": "page_1", "title": "https://app.example/", "pageTimings": {}}],
        "entries": entries,
    }}))
    .unwrap()
}

/// The support case: one token valid when used at first, expired since and
/// refused later; another valid now, refused with 4001 (the API key).
struct Case {
    /// The clock the times were made from.
    now: i64,
    har: String,
    expired_since: String,
    valid: String,
}

fn case() -> Case {
    let now = now_s();
    let expired_since = token(now - 7200, now - 3600);
    let valid = token(now - 600, now + 3600);
    let entries = vec![
        // Noise: a login with a password and cookies, and someone else's JWT.
        {
            let mut e = chrome_entry(
                "POST",
                &format!("https://app.example/login?password={PASSWORD}"),
                now - 6000,
                json!([{"name": "Cookie", "value": COOKIE},
                       {"name": "Authorization", "value": format!("Bearer {}", other_jwt())}]),
                200,
                &format!("{{\"ok\":true,\"session\":\"{COOKIE}\"}}"),
            );
            e["request"]["postData"] = json!({"mimeType": "application/x-www-form-urlencoded",
                "text": format!("user=ann&password={PASSWORD}"),
                "params": [{"name": "user", "value": "ann"}, {"name": "password", "value": PASSWORD}]});
            e["request"]["queryString"] = json!([{"name": "password", "value": PASSWORD}]);
            e
        },
        // Used while valid: 200.
        chrome_entry(
            "POST",
            "https://api.videosdk.live/v2/rooms",
            now - 5400,
            json!([{"name": "authorization", "value": expired_since.clone()},
                   {"name": "cookie", "value": COOKIE}]),
            200,
            r#"{"roomId":"abcd-efgh-ijkl"}"#,
        ),
        // Used after expiry: the REST API's 401.
        chrome_entry(
            "POST",
            &format!(
                "https://api.videosdk.live/v2/rooms?token={expired_since}&password={PASSWORD}"
            ),
            now - 3000,
            json!([{"name": "Authorization", "value": format!("Bearer {expired_since}")}]),
            401,
            r#"{"statusCode":401,"error":"Unauthorized","message":"Token is invalid or expired"}"#,
        ),
        // Valid, but the API key was refused: not this token's doing.
        chrome_entry(
            "GET",
            "https://api.videosdk.live/v2/sessions/",
            now - 60,
            json!([{"name": "Authorization", "value": valid.clone()}]),
            400,
            r#"{"code":4001,"name":"INVALID_API_KEY","message":"api key is invalid"}"#,
        ),
    ];
    Case {
        now,
        har: har("WebInspector", entries),
        expired_since,
        valid,
    }
}

fn write(s: &Sandbox, name: &str, bytes: &[u8]) -> String {
    let p = s.home().join(name);
    std::fs::write(&p, bytes).unwrap();
    p.display().to_string()
}

#[test]
fn a_har_in_json_each_token_judged_when_it_was_used() {
    let s = Sandbox::new();
    let c = case();
    let path = write(&s, "support.har", c.har.as_bytes());
    let r = s.run_env(&["inspect", "--file", &path, "--json"], &env(), "");
    // The worst token now: the expired one (1).
    assert_eq!(r.code, 1, "{r:?}");
    let v = r.json();
    assert_eq!(v["file"], json!({"kind": "har", "path": path}));
    let tokens = v["tokens"].as_array().unwrap();
    assert_eq!(tokens.len(), 2, "{v:#}");
    let old = &tokens[0];
    assert_eq!(old["outcome"], "invalid");
    assert_eq!(old["token"], format!("{}…", &c.expired_since[..20]));
    assert_eq!(old["signature"]["status"], "verified");
    let seen = old["seen"].as_array().unwrap();
    assert_eq!(seen.len(), 2, "{v:#}");
    assert_eq!(
        seen[0]["where"],
        "POST api.videosdk.live/v2/rooms (entry 2)"
    );
    assert_eq!(seen[0]["status"], 200);
    assert_eq!(seen[0]["response_code"], Value::Null);
    assert_eq!(seen[0]["at_that_time"]["outcome"], "valid");
    assert_eq!(seen[0]["explains_response"], Value::Null);
    assert_eq!(seen[0]["at"], rfc(c.now - 5400));
    assert_eq!(
        seen[1]["where"],
        "POST api.videosdk.live/v2/rooms?… (entry 3)"
    );
    assert_eq!(seen[1]["status"], 401);
    assert_eq!(seen[1]["response_code"]["code"], 401);
    assert_eq!(
        seen[1]["response_code"]["name"],
        "Token is invalid or expired"
    );
    assert_eq!(seen[1]["at_that_time"]["outcome"], "invalid");
    assert!(
        seen[1]["at_that_time"]["findings"]
            .as_array()
            .unwrap()
            .contains(&json!("expired"))
    );
    assert_eq!(seen[1]["explains_response"], true);
    let valid = &tokens[1];
    assert_eq!(valid["outcome"], "valid");
    let seen = &valid["seen"][0];
    assert_eq!(
        seen["response_code"],
        json!({"code": 4001, "name": "INVALID_API_KEY"})
    );
    assert_eq!(
        seen["at_that_time"],
        json!({"outcome": "valid", "findings": []})
    );
    assert_eq!(seen["explains_response"], false);
    // Every key of an occurrence, and no other.
    let keys: Vec<&str> = seen
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "at",
            "where",
            "status",
            "response_code",
            "at_that_time",
            "explains_response"
        ]
    );
}

#[test]
fn a_har_for_people_with_a_timeline_per_use() {
    let s = Sandbox::new();
    let c = case();
    let path = write(&s, "support.har", c.har.as_bytes());
    let r = s.run_env(&["inspect", "--file", &path], &env(), "");
    assert_eq!(r.code, 1, "{r:?}");
    let out = &r.stdout;
    assert!(out.contains("(a HAR export): 2 VideoSDK tokens"), "{out}");
    assert!(out.contains("Token 1 of 2: eyJ"), "{out}");
    assert!(out.contains("Seen 2 times:"), "{out}");
    assert!(
        out.contains("invalid (expired) at that moment: explains the 401"),
        "{out}"
    );
    assert!(out.contains("the request was 10 min after expiry"), "{out}");
    assert!(out.contains(" ─ expires "), "{out}");
    assert!(
        out.contains("valid at that moment: the 4001 is not explained by this token, look at the API key the app sent"),
        "{out}"
    );
}

#[test]
fn nothing_private_from_the_file_is_printed() {
    let s = Sandbox::new();
    let c = case();
    let now = now_s();
    // Add a WebSocket, a base64 body and a Firefox-shaped entry to the case.
    let mut v: Value = serde_json::from_str(&c.har).unwrap();
    let ws_token = token(now - 100, now + 3600);
    let mut ws = chrome_entry(
        "GET",
        &format!("wss://signal.videosdk.live/?token={ws_token}&secret={PASSWORD}"),
        now - 90,
        json!([{"name": "Cookie", "value": COOKIE}]),
        101,
        "",
    );
    ws["_resourceType"] = json!("websocket");
    ws["_webSocketMessages"] = json!([
        {"type": "send", "time": (now - 89) as f64 + 0.5, "opcode": 1, "data": json!({"token": ws_token, "password": PASSWORD}).to_string()},
        {"type": "receive", "time": (now - 88) as f64, "opcode": 1, "data": r#"{"type":"error","code":4002,"message":"INVALID_TOKEN"}"#},
    ]);
    let b64_token = token(now - 100, now + 3600);
    let mut b64 = chrome_entry(
        "GET",
        "https://api.videosdk.live/v2/rooms/validate/x",
        now - 80,
        json!([{"name": "Authorization", "value": b64_token}]),
        403,
        "",
    );
    b64["response"]["content"] = json!({"size": 60, "mimeType": "application/json", "encoding": "base64",
        "text": base64_std(&format!(r#"{{"code":4008,"name":"INVALID_PERMISSIONS","cookie":"{COOKIE}"}}"#))});
    let ff_token = token(now - 100, now + 3600);
    let ff = firefox_entry(
        &format!("https://api.videosdk.live/v2/rooms?token={ff_token}"),
        &rfc(now - 70),
        json!([{"name": "Cookie", "value": COOKIE}]),
        200,
        "{}",
    );
    let entries = v["log"]["entries"].as_array_mut().unwrap();
    entries.extend([ws, b64, ff]);
    let path = write(&s, "all.har", v.to_string().as_bytes());
    let tokens = [&c.expired_since, &c.valid, &ws_token, &b64_token, &ff_token];
    let other = other_jwt();
    for json_flag in [false, true] {
        let mut args = vec!["inspect", "--file", path.as_str()];
        if json_flag {
            args.push("--json");
        }
        let r = s.run_env(&args, &env(), "");
        assert_eq!(r.code, 1, "{r:?}");
        for secret in [
            COOKIE,
            "COOKIE-7f3a9b",
            PASSWORD,
            "hunter2",
            SECRET,
            &other,
            signature(&other),
            "someone-else",
        ] {
            r.assert_no_secret(secret);
        }
        for t in tokens {
            r.assert_no_secret(t);
            r.assert_no_secret(signature(t));
            // Not even the payload's end: only the first characters are shown.
            r.assert_no_secret(&t[25..]);
        }
        if json_flag {
            let v = r.json();
            assert_eq!(v["tokens"].as_array().unwrap().len(), 5, "{v:#}");
            let all: Vec<&Value> = v["tokens"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|t| t["seen"].as_array().unwrap())
                .collect();
            let ws_seen: Vec<_> = all
                .iter()
                .filter(|o| o["where"].as_str().unwrap().starts_with("WebSocket"))
                .collect();
            assert_eq!(ws_seen.len(), 1, "{v:#}");
            assert_eq!(
                ws_seen[0]["where"],
                "WebSocket signal.videosdk.live/?… (entry 5)"
            );
            assert_eq!(ws_seen[0]["response_code"]["code"], 4002);
            assert_eq!(ws_seen[0]["explains_response"], false);
            let b = all
                .iter()
                .find(|o| o["where"].as_str().unwrap().contains("validate"))
                .unwrap();
            assert_eq!(
                b["response_code"],
                json!({"code": 4008, "name": "INVALID_PERMISSIONS"})
            );
            assert_eq!(b["status"], 403);
        }
    }
}

fn base64_std(s: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(s)
}

#[test]
fn a_log_each_line_judged_at_its_time() {
    let s = Sandbox::new();
    let now = now_s();
    let t = token(now - 7200, now - 3600);
    let at = |secs: i64| {
        jiff::Timestamp::from_second(secs)
            .unwrap()
            .strftime("%Y-%m-%dT%H:%M:%S%.3fZ")
            .to_string()
    };
    let log = format!(
        "{} INFO server started\n{} INFO joining with token={t}\n{} ERROR POST /v2/rooms Authorization: {t}\n{} ERROR <- 401 Token is invalid or expired\n",
        at(now - 8000),
        at(now - 5000),
        at(now - 1200),
        at(now - 1199)
    );
    let path = write(&s, "server.log", log.as_bytes());
    let r = s.run_env(&["inspect", "--file", &path, "--json"], &env(), "");
    assert_eq!(r.code, 1, "{r:?}");
    let v = r.json();
    assert_eq!(v["file"]["kind"], "text");
    let seen = v["tokens"][0]["seen"].as_array().unwrap();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0]["where"], "line 2");
    assert_eq!(seen[0]["at_that_time"]["outcome"], "valid");
    assert_eq!(seen[0]["explains_response"], Value::Null);
    assert_eq!(seen[1]["where"], "line 3");
    assert_eq!(seen[1]["response_code"]["code"], 401);
    assert_eq!(seen[1]["explains_response"], true);
    r.assert_no_secret(signature(&t));
    // A time without a zone is local time, and the text says so.
    let local = format!("2026-01-05 10:00:00 token={t}\n");
    let path = write(&s, "local.log", local.as_bytes());
    let r = s.run_env(&["inspect", "--file", &path], &env(), "");
    assert!(
        r.stdout.contains("no zone in the file: read as local time"),
        "{r:?}"
    );
    r.assert_no_secret(signature(&t));
}

#[test]
fn a_dotenv_lists_each_token_variable_with_time_left() {
    let s = Sandbox::new();
    let now = now_s();
    let fresh = token(now - 60, now + 7 * 86_400);
    let old = token(now - 30 * 86_400, now - 23 * 86_400);
    let text = format!(
        "# sample app\nVITE_API_URL=https://api.videosdk.live\nVITE_VIDEOSDK_TOKEN=\"{old}\"\nREACT_APP_VIDEOSDK_TOKEN={fresh}\n"
    );
    let path = write(&s, ".env", text.as_bytes());
    let r = s.run_env(&["inspect", "--file", &path], &env(), "");
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stdout.contains("(a .env file): 2 VideoSDK tokens"),
        "{r:?}"
    );
    assert!(r.stdout.contains("VITE_VIDEOSDK_TOKEN  eyJ"), "{r:?}");
    assert!(r.stdout.contains("; expired 23 d ago"), "{r:?}");
    assert!(r.stdout.contains("; expires in 7 d"), "{r:?}");
    for t in [&fresh, &old] {
        r.assert_no_secret(signature(t));
    }
    let r = s.run_env(&["inspect", "--file", &path, "--json"], &env(), "");
    let v = r.json();
    assert_eq!(v["file"]["kind"], "env");
    assert_eq!(v["tokens"][0]["seen"][0]["where"], "VITE_VIDEOSDK_TOKEN");
    assert_eq!(v["tokens"][0]["seen"][0]["at"], Value::Null);
    assert_eq!(v["tokens"][1]["outcome"], "valid");
}

#[test]
fn files_that_are_not_regular_or_too_large_are_refused_at_once() {
    let s = Sandbox::new();
    let big = s.home().join("big.har");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(512 * 1024 * 1024 + 1)
        .unwrap();
    let fifo = s.home().join("pipe");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let cases = [
        (s.home().display().to_string(), "it is a folder"),
        ("/dev/zero".to_owned(), "it is a device"),
        (fifo.display().to_string(), "it is a named pipe (FIFO)"),
        (big.display().to_string(), "over the limit of 512 MB"),
        (
            s.home().join("missing.har").display().to_string(),
            "cannot read",
        ),
    ];
    for (path, why) in cases {
        let started = std::time::Instant::now();
        let r = s.run_env(&["inspect", "--file", &path], &env(), "");
        assert_eq!(r.code, 2, "{path}: {r:?}");
        assert!(r.stderr.contains(why), "{path}: {r:?}");
        assert!(r.stdout.is_empty(), "{r:?}");
        assert!(
            started.elapsed().as_secs() < 10,
            "{path} took {:?}",
            started.elapsed()
        );
    }
    // --file is a mode of its own.
    let r = s.run_env(&["inspect", "eyJx.eyJ.x", "--file", "x.har"], &env(), "");
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("cannot be used with"), "{r:?}");
}

#[test]
fn hostile_files_are_read_without_a_crash() {
    let s = Sandbox::new();
    let now = now_s();
    let t = token(now - 60, now + 3600);
    let cases: Vec<(&str, Vec<u8>)> =
        vec![
        (
            "deep.har",
            format!("{{\"log\":{{\"entries\":[{}", "[".repeat(200_000)).into_bytes(),
        ),
        (
            "binary.log",
            [&[0xff, 0xfe, 0x00, 0x9b, b' '][..], t.as_bytes(), &[b' ', 0x80, 0x0a]].concat(),
        ),
        ("cut.har", {
            let h = case().har;
            h.as_bytes()[..h.len() * 2 / 3].to_vec()
        }),
        ("empty.env", Vec::new()),
        (
            "types.har",
            br#"{"log":{"entries":[{"request":[],"response":7,"startedDateTime":{}},null,"x"]}}"#
                .to_vec(),
        ),
    ];
    for (name, bytes) in cases {
        let path = write(&s, name, &bytes);
        for json_flag in [false, true] {
            let mut args = vec!["inspect", "--file", path.as_str()];
            if json_flag {
                args.push("--json");
            }
            let r = s.run_env(&args, &env(), "");
            assert!(matches!(r.code, 0..=3), "{name}: {r:?}");
            assert!(!r.stderr.contains("panicked"), "{name}: {r:?}");
            r.assert_no_secret(signature(&t));
            if json_flag {
                let _ = r.json();
            }
        }
    }
    // The binary log's token is found (invalid UTF-8 around it).
    let r = s.run_env(
        &[
            "inspect",
            "--file",
            &s.home().join("binary.log").display().to_string(),
            "--json",
        ],
        &env(),
        "",
    );
    assert_eq!(r.code, 0, "{r:?}");
    // A HAR cut short: what came before is reported, with a warning.
    let r = s.run_env(
        &[
            "inspect",
            "--file",
            &s.home().join("cut.har").display().to_string(),
        ],
        &env(),
        "",
    );
    assert!(r.stderr.contains("the HAR is broken or cut short"), "{r:?}");
}

#[test]
fn generate_into_env_replaces_one_variable_and_keeps_every_other_byte() {
    let s = Sandbox::new();
    let path = s.home().join(".env");
    let before = "# VideoSDK sample\r\nVITE_API_URL=\"https://api.videosdk.live\"\r\nVITE_VIDEOSDK_TOKEN=\"eyJold.eyJold.sig\" # from the dashboard\r\n\r\n# end\r\n";
    std::fs::write(&path, before).unwrap();
    let p = path.display().to_string();
    let r = s.run_env(&["generate", "--into-env", &p], &env(), "");
    assert_eq!(r.code, 0, "{r:?}");
    let token = r.stdout.trim().to_owned();
    assert!(
        r.stderr
            .contains("wrote the token into VITE_VIDEOSDK_TOKEN"),
        "{r:?}"
    );
    let after = std::fs::read_to_string(&path).unwrap();
    assert_eq!(after, before.replace("eyJold.eyJold.sig", &token));
    assert!(!after.contains(SECRET));
    // The file now inspects as valid.
    let r = s.run_env(&["inspect", "--file", &p, "--json"], &env(), "");
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(
        r.json()["tokens"][0]["seen"][0]["where"],
        "VITE_VIDEOSDK_TOKEN"
    );
    // Another variable: added at the end, with the file's line breaks.
    let r = s.run_env(
        &["generate", "--into-env", &p, "--var", "MY_TOKEN"],
        &env(),
        "",
    );
    assert_eq!(r.code, 0, "{r:?}");
    let again = std::fs::read_to_string(&path).unwrap();
    assert_eq!(again, format!("{after}MY_TOKEN={}\r\n", r.stdout.trim()));
    // A symlink is refused, and the file it points to is left alone.
    let link = s.home().join("link.env");
    std::os::unix::fs::symlink(&path, &link).unwrap();
    let r = s.run_env(
        &["generate", "--into-env", &link.display().to_string()],
        &env(),
        "",
    );
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("symbolic link"), "{r:?}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), again);
    let r = s.run_env(&["generate", "--into-env", &p, "-n", "2"], &env(), "");
    assert_eq!(r.code, 2, "{r:?}");
    let r = s.run_env(&["generate", "--var", "X"], &env(), "");
    assert_eq!(r.code, 2, "{r:?}");
}
