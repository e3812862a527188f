#![allow(clippy::needless_pass_by_value)] // test helpers built for brevity

use std::io::Cursor;

use jiff::Timestamp;
use jiff::tz::{Offset, TimeZone};
use serde_json::json;

use super::*;
use crate::token::{Expiry, SecretEncoding, SecretKey, TokenRequest, generate};

const NOW: i64 = 1_795_860_000;

fn token(api_key: &str, issued: i64, lifetime: i64) -> String {
    let secret =
        SecretKey::parse("a-secret-of-thirty-two-bytes-000", SecretEncoding::Text).unwrap();
    let req = TokenRequest {
        api_key: api_key.into(),
        expiry: Expiry::In(lifetime),
        ..TokenRequest::default()
    };
    generate(&req, &secret, Timestamp::from_second(issued).unwrap())
        .unwrap()
        .token
}

fn rfc(secs: i64) -> String {
    Timestamp::from_second(secs).unwrap().to_string()
}

fn read_str(s: &str) -> Evidence {
    read(Cursor::new(s.as_bytes().to_vec()), &TimeZone::UTC)
}

fn entry(method: &str, url: &str, started: &str, headers: serde_json::Value) -> serde_json::Value {
    json!({
        "startedDateTime": started,
        "time": 12.5,
        "request": {"method": method, "url": url, "httpVersion": "HTTP/1.1",
                    "headers": headers, "queryString": [], "cookies": [],
                    "headersSize": -1, "bodySize": 0},
        "response": {"status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1",
                     "headers": [], "cookies": [],
                     "content": {"size": 2, "mimeType": "application/json", "text": "{}"},
                     "redirectURL": "", "headersSize": -1, "bodySize": 2},
        "cache": {}, "timings": {"send": 0, "wait": 10, "receive": 2}
    })
}

fn har(entries: Vec<serde_json::Value>) -> String {
    json!({"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"},
                   "pages": [], "entries": entries}})
    .to_string()
}

#[test]
fn the_kind_is_told_from_the_content() {
    assert_eq!(detect(br#"{"log": {"entries": []}}"#), Kind::Har);
    assert_eq!(detect(b"\xEF\xBB\xBF  {\"log\":{}}"), Kind::Har);
    assert_eq!(
        detect(b"# comment\nVITE_VIDEOSDK_TOKEN=abc\r\nexport B='x' # c\n\n"),
        Kind::Env
    );
    assert_eq!(detect(b"2026-12-07 10:14 GET /x\nfoo=bar\n"), Kind::Text);
    assert_eq!(detect(b""), Kind::Text);
    assert_eq!(detect(b"\xff\xfe\x00binary"), Kind::Text);
    // JSON that is not a HAR is read as text, tokens and all.
    let t = token("key-1", NOW, 3600);
    let ev = read_str(&json!({"token": t, "log": 3}).to_string());
    assert_eq!(ev.kind, Kind::Text);
    assert_eq!(ev.tokens(), vec![t.as_str()]);
}

#[test]
fn chrome_har_tokens_everywhere_in_a_request() {
    let bearer = token("key-bearer", NOW, 3600);
    let plain = token("key-plain", NOW, 3600);
    let query = token("key-query", NOW, 3600);
    let body = token("key-body", NOW, 3600);
    let form = token("key-form", NOW, 3600);
    let mut e1 = entry(
        "POST",
        "https://api.videosdk.live/v2/rooms",
        &rfc(NOW + 60),
        json!([{"name": "Authorization", "value": format!("Bearer {bearer}")},
               {"name": "cookie", "value": "session=COOKIE-SECRET-1"}]),
    );
    e1["_initiator"] = json!({"type": "script", "stack": {"callFrames": []}});
    e1["_resourceType"] = json!("fetch");
    e1["response"]["status"] = json!(401);
    e1["response"]["content"]["text"] =
        json!(r#"{"statusCode":401,"error":"Token is invalid or expired"}"#);
    let e2 = entry(
        "GET",
        "https://api.videosdk.live/v2/rooms/validate/abc",
        &rfc(NOW + 120),
        json!([{"name": "authorization", "value": plain}]),
    );
    let mut e3 = entry(
        "GET",
        &format!("https://example.com/join?token={query}&password=hunter2"),
        &rfc(NOW + 180),
        json!([]),
    );
    e3["request"]["queryString"] =
        json!([{"name": "token", "value": query}, {"name": "password", "value": "hunter2"}]);
    let mut e4 = entry(
        "POST",
        "https://example.com/api/start",
        &rfc(NOW + 240),
        json!([]),
    );
    e4["request"]["postData"] =
        json!({"mimeType": "application/json", "text": json!({"token": body}).to_string()});
    let mut e5 = entry(
        "POST",
        "https://example.com/form",
        &rfc(NOW + 300),
        json!([]),
    );
    e5["request"]["postData"] = json!({"mimeType": "application/x-www-form-urlencoded",
        "params": [{"name": "token", "value": form}, {"name": "password", "value": "pw"}]});
    let ev = read_str(&har(vec![e1, e2, e3, e4, e5]));
    assert_eq!(ev.kind, Kind::Har);
    assert_eq!(ev.problem, None);
    assert_eq!(
        ev.tokens(),
        vec![&*bearer, &*plain, &*query, &*body, &*form]
    );
    let s = &ev.sightings[0];
    assert_eq!(s.place, "POST api.videosdk.live/v2/rooms (entry 1)");
    assert_eq!(s.status, Some(401));
    assert_eq!(s.response_code.map(|c| c.code), Some(401));
    assert_eq!(s.at, Some(Timestamp::from_second(NOW + 60).unwrap()));
    assert!(!s.local_time);
    assert_eq!(ev.sightings[1].status, Some(200));
    assert_eq!(ev.sightings[1].response_code, None);
    // The query string is cut from the place shown.
    assert_eq!(ev.sightings[2].place, "GET example.com/join?… (entry 3)");
}

#[test]
fn a_websocket_entry_and_a_base64_body() {
    let ws_token = token("key-ws", NOW, 3600);
    let msg_token = token("key-msg", NOW, 3600);
    let b64 = token("key-b64", NOW, 3600);
    let mut ws = entry(
        "GET",
        &format!("wss://signal.videosdk.live/?token={ws_token}"),
        &rfc(NOW + 10),
        json!([]),
    );
    ws["_resourceType"] = json!("websocket");
    ws["response"]["status"] = json!(101);
    ws["_webSocketMessages"] = json!([
        {"type": "send", "time": (NOW + 11) as f64 + 0.25, "opcode": 1,
         "data": json!({"type": "join", "token": msg_token}).to_string()},
        {"type": "receive", "time": (NOW + 12) as f64, "opcode": 1,
         "data": r#"{"type":"error","code":4002,"message":"INVALID_TOKEN"}"#},
        {"type": "receive", "time": "not a number", "opcode": 2, "data": 17},
    ]);
    let mut enc = entry(
        "GET",
        "https://api.videosdk.live/v2/sessions",
        &rfc(NOW + 20),
        json!([{"name": "Authorization", "value": b64}]),
    );
    use base64::Engine as _;
    let body = base64::engine::general_purpose::STANDARD
        .encode(r#"{"code":4001,"name":"INVALID_API_KEY"}"#);
    enc["response"]["status"] = json!(403);
    enc["response"]["content"] =
        json!({"size": 40, "mimeType": "application/json", "text": body, "encoding": "base64"});
    let ev = read_str(&har(vec![ws, enc]));
    assert_eq!(ev.tokens(), vec![&*ws_token, &*msg_token, &*b64]);
    let first = &ev.sightings[0];
    assert_eq!(first.place, "WebSocket signal.videosdk.live/?… (entry 1)");
    assert_eq!(
        first.response_code.map(|c| (c.code, c.name)),
        Some((4002, "INVALID_TOKEN"))
    );
    let msg = &ev.sightings[1];
    assert_eq!(
        msg.at,
        Some(Timestamp::from_millisecond((NOW + 11) * 1000 + 250).unwrap())
    );
    assert!(
        msg.place.starts_with("WebSocket message 1 "),
        "{}",
        msg.place
    );
    let enc = &ev.sightings[2];
    assert_eq!(enc.status, Some(403));
    assert_eq!(enc.response_code.map(|c| c.code), Some(4001));
}

#[test]
fn firefox_shape_response_first_and_a_time_without_zone() {
    let t = token("key-ff", NOW, 3600);
    // Firefox writes no underscore fields; here the response even comes first.
    let e = json!({
        "pageref": "page_1",
        "startedDateTime": "2026-11-28T10:02:00.123",
        "response": {"status": 401, "content": {"mimeType": "application/json",
                     "text": "{\"message\": \"Token is invalid or expired\"}"}},
        "request": {"bodySize": 0, "method": "GET", "url": "https://api.videosdk.live/v2/rooms",
                    "headers": [{"name": "Authorization", "value": t}]},
        "timings": {}
    });
    let tz = TimeZone::fixed(Offset::from_hours(2).unwrap());
    let ev = read(Cursor::new(har(vec![e]).into_bytes()), &tz);
    let s = &ev.sightings[0];
    assert!(s.local_time);
    assert_eq!(s.at.unwrap().to_string(), "2026-11-28T08:02:00.123Z");
    assert_eq!(s.status, Some(401));
    assert_eq!(s.response_code.map(|c| c.code), Some(401));
}

/// Safari (WebKit Web Inspector) writes its own underscore fields
/// (`_fetchType`, `_priority`, `_transferSize`), fractional timings and
/// `serverIPAddress`; tokens sit in a JSON body and a form body here, and
/// VideoSDK's answer comes base64-encoded.
#[test]
fn safari_shape_tokens_in_json_and_form_bodies() {
    use base64::Engine as _;
    let json_token = token("key-safari-json", NOW, 3600);
    let form_token = token("key-safari-form", NOW, 3600);
    let answer = base64::engine::general_purpose::STANDARD
        .encode(r#"{"statusCode":401,"code":4002,"error":"INVALID_TOKEN"}"#);
    let safari = |url: &str, at: i64, post: serde_json::Value, content: serde_json::Value| {
        json!({
            "pageref": "page_0",
            "startedDateTime": Timestamp::from_millisecond(at * 1000 + 250).unwrap().to_string(),
            "time": 41.78,
            "request": {"method": "POST", "url": url, "httpVersion": "HTTP/2",
                        "cookies": [{"name": "sid", "value": "safari-cookie"}],
                        "headers": [{"name": "Content-Type", "value": post["mimeType"].clone()}],
                        "queryString": [], "postData": post,
                        "headersSize": 412, "bodySize": 220},
            "response": {"status": 401, "statusText": "Unauthorized", "httpVersion": "HTTP/2",
                         "cookies": [], "headers": [], "content": content,
                         "redirectURL": "", "headersSize": 180, "bodySize": 60},
            "cache": {}, "timings": {"blocked": 0.32, "dns": -1, "connect": -1, "ssl": -1,
                                     "send": 0.05, "wait": 40.1, "receive": 1.31},
            "serverIPAddress": "104.18.0.1", "connection": "443",
            "_fetchType": "Network Load", "_priority": "high", "_transferSize": 240
        })
    };
    let entries = vec![
        safari(
            "https://api.videosdk.live/v2/rooms/validate",
            NOW + 60,
            json!({"mimeType": "application/json",
                   "text": json!({"token": json_token, "roomId": "abcd-efgh"}).to_string()}),
            json!({"size": 60, "mimeType": "application/json", "text": answer, "encoding": "base64"}),
        ),
        safari(
            "https://app.example/api/join",
            NOW + 120,
            json!({"mimeType": "application/x-www-form-urlencoded",
                   "text": format!("room=abcd-efgh&token={form_token}&password=hunter2")}),
            json!({"size": 2, "mimeType": "text/plain", "text": "no"}),
        ),
    ];
    let doc = json!({"log": {"version": "1.2",
                             "creator": {"name": "WebKit Web Inspector", "version": "18.1"},
                             "pages": [{"id": "page_0", "title": "app", "startedDateTime": rfc(NOW),
                                        "pageTimings": {"onLoad": 812.3}}],
                             "entries": entries}});
    let ev = read_str(&doc.to_string());
    assert_eq!(ev.kind, Kind::Har);
    assert_eq!(ev.tokens(), vec![&*json_token, &*form_token]);
    let first = &ev.sightings[0];
    assert_eq!(
        first.at,
        Some(Timestamp::from_millisecond((NOW + 60) * 1000 + 250).unwrap())
    );
    assert_eq!(first.status, Some(401));
    assert_eq!(first.response_code.map(|c| c.code), Some(4002));
    assert!(
        first
            .place
            .starts_with("POST api.videosdk.live/v2/rooms/validate"),
        "{}",
        first.place
    );
    let second = &ev.sightings[1];
    assert_eq!(second.status, Some(401));
    // A body that names no VideoSDK error: the status alone.
    assert_eq!(second.response_code, None);
    assert!(
        second.place.starts_with("POST app.example/api/join"),
        "{}",
        second.place
    );
}

#[test]
fn noise_requests_are_skipped_and_tokens_without_apikey_ignored() {
    // A JWT with no apikey claim (someone else's) is not a VideoSDK token.
    use base64::Engine as _;
    let e64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    let other = format!(
        "{}.{}.c2ln",
        e64(r#"{"alg":"HS256"}"#),
        e64(r#"{"sub":"x"}"#)
    );
    let mut e = entry(
        "GET",
        "https://shop.example/account",
        &rfc(NOW),
        json!([
        {"name": "Authorization", "value": format!("Bearer {other}")},
        {"name": "Cookie", "value": "sid=abc; password=hunter2"}]),
    );
    e["response"]["content"]["text"] = json!("x".repeat(300_000));
    let ev = read_str(&har(vec![e]));
    assert_eq!(ev.kind, Kind::Har);
    assert!(ev.sightings.is_empty());
}

#[test]
fn a_har_cut_short_keeps_what_came_before() {
    let t = token("key-cut", NOW, 3600);
    let e = entry(
        "GET",
        "https://api.videosdk.live/v2/rooms",
        &rfc(NOW),
        json!([{"name": "Authorization", "value": t}]),
    );
    let full = har(vec![e.clone(), e]);
    let cut = &full[..full.len() - 200];
    let ev = read_str(cut);
    assert_eq!(ev.kind, Kind::Har);
    assert_eq!(ev.sightings.len(), 1);
    let problem = ev.problem.unwrap();
    assert!(problem.contains("after entry 1"), "{problem}");
}

#[test]
fn hostile_input_never_panics() {
    let t = token("key-h", NOW, 3600);
    let deep = format!(
        "{{\"log\":{{\"entries\":[{}{}]}}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let cases: Vec<Vec<u8>> = vec![
        deep.into_bytes(),
        b"{\"log\":{\"entries\":[{\"request\":5,\"response\":\"x\",\"startedDateTime\":[1]},7,null]}}".to_vec(),
        b"{\"log\":{\"entries\":{}}}".to_vec(),
        b"{\"log\":{\"entries\":[{\"request\":{\"headers\":{\"a\":1},\"queryString\":\"q\",\"url\":9}}]}}".to_vec(),
        b"{\"log\":{\"entries\":[{\"response\":{\"status\":1e308,\"content\":{\"text\":\"QUJD\",\"encoding\":\"base64\"}}}]}}".to_vec(),
        b"{\"log\":{\"entries\":[{\"response\":{\"status\":-1,\"content\":{\"text\":\"!!!\",\"encoding\":\"base64\"}}}]}}".to_vec(),
        [b"{\"log\":{\"entries\":[\"".as_slice(), &[0xff, 0xfe, 0x80], b"\"]}}"].concat(),
        [b"\xff\xfe binary ".as_slice(), t.as_bytes(), b" \x00\x01\n"].concat(),
        vec![b'{'; 1_000_000],
        vec![0u8; 1_000_000],
        b"\n".repeat(10_000),
        format!("2026-13-45T99:99:99Z {t}\n9999-99-99 {t}\n").into_bytes(),
        format!("{{\"log\":{{\"entries\":[{{\"startedDateTime\":\"2026-11-28T10:02:00+99:99\",\"request\":{{\"url\":\"https://x/?t={t}\"}}}}]}}}}").into_bytes(),
    ];
    for c in cases {
        let _ = read(Cursor::new(c), &TimeZone::UTC);
    }
}

#[test]
fn a_line_without_line_breaks_is_read_in_pieces() {
    let t = token("key-long", NOW, 3600);
    let text = format!("{}{t} x", "a ".repeat(text::MAX_LINE));
    let ev = read_str(&text);
    assert_eq!(ev.tokens(), vec![t.as_str()]);
    assert_eq!(ev.sightings[0].place, "line 1");
}

#[test]
fn log_lines_their_times_and_answers() {
    let t = token("key-log", NOW, 3600);
    let u = token("key-log2", NOW, 3600);
    let log = format!(
        "2026-11-28T10:02:00Z boot\n\
         2026-11-28T10:14:02.5+01:00 POST /v2/rooms Authorization: {t}\n\
         2026-11-28T10:14:03+01:00 <- 401 {{\"code\": 4001, \"name\": \"INVALID_API_KEY\"}}\n\
         2026-11-28 10:20:00,123 INFO join token={u}\n\
         [28/Nov/2026:10:30:00 +0000] GET /x?token={t} 200\n\
         no time here {u} INVALID_TOKEN\n"
    );
    let ev = read_str(&log);
    assert_eq!(ev.kind, Kind::Text);
    let s = &ev.sightings;
    assert_eq!(s.len(), 4);
    assert_eq!(s[0].place, "line 2");
    assert_eq!(s[0].at.unwrap().to_string(), "2026-11-28T09:14:02.5Z");
    assert_eq!(s[0].response_code.map(|c| c.code), Some(4001));
    assert!(s[1].local_time);
    assert_eq!(s[1].at.unwrap().to_string(), "2026-11-28T10:20:00.123Z");
    assert_eq!(s[1].response_code, None);
    assert_eq!(s[2].at.unwrap().to_string(), "2026-11-28T10:30:00Z");
    assert!(!s[2].local_time);
    assert_eq!(s[3].at, None);
    assert_eq!(s[3].response_code.map(|c| c.code), Some(4002));
}

#[test]
fn moments_in_the_usual_forms() {
    let utc = TimeZone::UTC;
    let p = |s: &str| parse_moment(s, &utc).map(|(t, l)| (t.to_string(), l));
    assert_eq!(
        p("2026-11-28T10:02:00Z"),
        Some(("2026-11-28T10:02:00Z".into(), false))
    );
    assert_eq!(
        p("2026-11-28T10:02:00.120-05:00"),
        Some(("2026-11-28T15:02:00.12Z".into(), false))
    );
    assert_eq!(
        p("2026-11-28 10:02:00 +0100"),
        Some(("2026-11-28T09:02:00Z".into(), false))
    );
    assert_eq!(
        p("2026-11-28 10:02"),
        Some(("2026-11-28T10:02:00Z".into(), true))
    );
    assert_eq!(
        p("28/Nov/2026:10:02:00 -0700"),
        Some(("2026-11-28T17:02:00Z".into(), false))
    );
    assert_eq!(p("2026-11-28"), None);
    assert_eq!(p("hello"), None);
}

#[test]
fn env_files_list_token_variables_and_edit_in_place() {
    let t = token("key-env", NOW, 3600);
    let text = format!(
        "# sample app\r\nVITE_API_URL=https://x\r\nVITE_VIDEOSDK_TOKEN=\"{t}\" # pasted\r\nAUTH_TOKEN=your_token_here\r\nOTHER={t}\r\n"
    );
    let ev = read_str(&text);
    assert_eq!(ev.kind, Kind::Env);
    let names: Vec<&str> = ev.sightings.iter().map(|s| s.place.as_str()).collect();
    assert_eq!(names, ["VITE_VIDEOSDK_TOKEN", "AUTH_TOKEN", "OTHER"]);
    assert_eq!(ev.sightings[0].token, t);
    assert_eq!(env_token_vars(&text).len(), 3);
    assert_eq!(default_token_var(&text), "VITE_VIDEOSDK_TOKEN");
    assert_eq!(
        default_token_var("A=1\nAUTH_TOKEN=x\nVIDEOSDK_TOKEN=y"),
        "VIDEOSDK_TOKEN"
    );
    assert_eq!(default_token_var("A=1"), FALLBACK_TOKEN_VAR);

    let edited = set_env_var(&text, "VITE_VIDEOSDK_TOKEN", "NEW");
    assert_eq!(edited, text.replace(&format!("\"{t}\""), "\"NEW\""));
    let edited = set_env_var(&text, "AUTH_TOKEN", "NEW");
    assert_eq!(edited, text.replace("your_token_here", "NEW"));
    // Absent: added with the file's line break.
    assert_eq!(
        set_env_var(&text, "NEW_VAR", "v"),
        format!("{text}NEW_VAR=v\r\n")
    );
    assert_eq!(set_env_var("A=1", "B", "2"), "A=1\nB=2\n");
    assert_eq!(set_env_var("", "B", "2"), "B=2\n");
    assert_eq!(
        set_env_var("export B = 'old' # c\n", "B", "2"),
        "export B = '2' # c\n"
    );
    assert_eq!(
        set_env_var("B=old # c\nB2=x\n", "B", "2"),
        "B=2 # c\nB2=x\n"
    );
}

#[test]
fn limits_are_kept_on_files_full_of_tokens() {
    let mut log = String::new();
    for i in 0..(MAX_TOKENS + 5) {
        log.push_str(&token(&format!("key-{i}"), NOW, 3600));
        log.push('\n');
    }
    let ev = read_str(&log);
    assert_eq!(ev.tokens().len(), MAX_TOKENS);
    assert_eq!(ev.unrecorded, 5);
}

#[test]
fn places_never_show_a_whole_token_or_credentials() {
    let t = token("key-p", NOW, 3600);
    let sig = t.rsplit('.').next().unwrap();
    let shown = shorten_tokens(&format!("api.videosdk.live/v2/x/{t}/y"), 100);
    assert!(!shown.contains(sig), "{shown}");
    assert!(shown.contains("eyJhbGciOiJIUzI1NiIs…"), "{shown}");
    assert_eq!(token_start(&t).chars().count(), 21);
    assert!(!token_start(&t).contains(sig));
    let e = entry(
        "GET",
        &format!("https://user:hunter2@api.videosdk.live/v2/x?token={t}&password=x#frag"),
        &rfc(NOW),
        json!([]),
    );
    let ev = read_str(&har(vec![e]));
    let place = &ev.sightings[0].place;
    assert!(
        !place.contains("hunter2") && !place.contains(sig) && !place.contains("password"),
        "{place}"
    );
}

#[test]
fn the_timeline_says_when_the_use_was() {
    let t = token("key-t", NOW, 3600);
    let ev = read_str(&t);
    assert_eq!(ev.tokens().len(), 1);
    let claims = json!({"apikey": "k", "iat": NOW, "exp": NOW + 3600});
    let claims = claims.as_object().unwrap();
    let at = |s: i64| Timestamp::from_second(s).unwrap();
    let tl = timeline(claims, at(NOW + 7200), Some(at(NOW + 3600 + 720)));
    assert_eq!(tl.judgement(), "the request was 12 min after expiry");
    let text = tl.text(&TimeZone::UTC);
    assert!(
        text.starts_with("issued 2026-11-28 ")
            && text.contains(" ─ expires ")
            && text.contains(" ─ used "),
        "{text}"
    );
    assert!(
        text.ends_with(": the request was 12 min after expiry"),
        "{text}"
    );
    let tl = timeline(claims, at(NOW + 60), None);
    assert_eq!(tl.judgement(), "now is 59 min before expiry");
    assert!(
        tl.label(&TimeZone::UTC)
            .starts_with("Token lifetime: issued 2026-11-28 ")
    );
    let early = json!({"nbf": NOW + 100, "exp": NOW + 200});
    let tl = timeline(early.as_object().unwrap(), at(NOW), Some(at(NOW + 40)));
    assert_eq!(
        tl.judgement(),
        "the request was 1 min before it became valid"
    );
}

/// Hostile time claims (found by the GUI's hostile-token screen: `nbf`
/// i64::MAX minus now overflowed): held to the dates a clock can show.
#[test]
fn the_timeline_of_hostile_time_claims() {
    let at = |s: i64| Timestamp::from_second(s).unwrap();
    let claims = json!({"iat": i64::MIN, "nbf": i64::MAX, "exp": -1.0e300});
    let tl = timeline(claims.as_object().unwrap(), at(NOW), Some(at(NOW)));
    assert_eq!(tl.nbf, Some(Timestamp::MAX.as_second()));
    assert_eq!(tl.iat, Some(Timestamp::MIN.as_second()));
    assert!(tl.judgement().ends_with(" before it became valid"));
    assert!(tl.text(&TimeZone::UTC).contains("valid from 9999-12-3"));
    let far: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(r#"{"exp": 1e400}"#).unwrap();
    let tl = timeline(&far, at(NOW), None);
    assert!(tl.label(&TimeZone::UTC).contains("expires 9999-12-3"));
}

#[test]
fn whether_the_findings_explain_the_answer() {
    use crate::token::{Finding, FindingCode, Severity};
    let expired = Finding::new(FindingCode::Expired, "expired", "expired");
    assert_eq!(expired.severity, Severity::Error);
    assert_eq!(expired.videosdk_error, Some(4002));
    let code = |c: u16| Some(ResponseCode { code: c, name: "" });
    let both = [expired];
    assert_eq!(explains_response(code(4002), Some(200), &both), Some(true));
    assert_eq!(explains_response(code(4001), None, &both), Some(false));
    assert_eq!(explains_response(code(401), Some(401), &both), Some(true));
    assert_eq!(explains_response(None, Some(401), &both), Some(true));
    assert_eq!(explains_response(None, Some(401), &[]), Some(false));
    assert_eq!(explains_response(None, Some(200), &both), None);
    assert_eq!(explains_response(None, None, &both), None);
}
