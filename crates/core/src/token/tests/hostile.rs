//! Tokens made to mislead a reader: invisible characters, keys given
//! twice, times beyond any date, JSON in the wrong encoding.

use super::*;

/// A token from raw header and payload bytes, signed with [`SECRET`].
fn sign_bytes(header: &[u8], payload: &[u8]) -> String {
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(payload)
    );
    let mut mac = HmacSha256::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(input.as_bytes());
    format!(
        "{input}.{}",
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    )
}

fn with_project(token: &str, api_key: &str) -> Report {
    let k = key(SECRET);
    let c = [Candidate {
        source: KeySource::Project {
            name: "staging".into(),
        },
        api_key: Some(api_key),
        secret: &k,
    }];
    inspect(
        token,
        &Context {
            now: now(),
            tz: TimeZone::UTC,
            candidates: &c,
            usage: Default::default(),
        },
    )
}

#[test]
fn a_zero_width_space_in_apikey_is_never_valid_and_is_shown() {
    let t = sign(&with(&json!({"apikey": "key-1\u{200B}"})));
    let r = with_project(&t, "key-1");
    assert_eq!(r.outcome, Outcome::Invalid, "{:?}", r.findings);
    let f = finding(&r, FindingCode::InvisibleCharacters);
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.videosdk_error, Some(4001));
    assert!(
        f.message.contains("U+200B ZERO WIDTH SPACE"),
        "{}",
        f.message
    );
    assert!(f.message.contains("\"key-1<U+200B>\""), "{}", f.message);
    assert!(
        r.verdict
            .starts_with("apikey contains invisible characters (<U+200B>) (4001)"),
        "{}",
        r.verdict
    );
    // One finding for one problem: not also `apikey_mismatch`.
    assert!(!r.has(FindingCode::ApikeyMismatch), "{:?}", r.findings);
    for f in &r.findings {
        assert!(
            !f.message.contains('\u{200B}') && !f.summary.contains('\u{200B}'),
            "{f:?}"
        );
    }
}

#[test]
fn invisible_characters_in_matched_claims_are_errors_elsewhere_warnings() {
    let error = |claims: serde_json::Value, code: Option<u16>| {
        let r = given(&sign(&with(&claims)));
        let f = finding(&r, FindingCode::InvisibleCharacters);
        assert_eq!(
            (f.severity, f.videosdk_error),
            (Severity::Error, code),
            "{claims}"
        );
        assert_eq!(r.outcome, Outcome::Invalid, "{claims}");
    };
    error(json!({"version": 2, "roomId": "room\u{200D}"}), Some(4022));
    error(
        json!({"version": 2, "participantId": "user\u{202E}gnp.exe"}),
        Some(4023),
    );
    error(json!({"apikey": "\u{1b}[2Jkey-1"}), Some(4001));
    error(
        json!({"version": 2, "roomId": "r", "roomId\u{200B}": "x"}),
        None,
    );
    let r = given(&sign(&with(
        &json!({"note": "a\u{1b}]0;title\u{7}", "\u{1b}[1mbold": 1}),
    )));
    assert_eq!(r.outcome, Outcome::Valid, "{:?}", r.findings);
    let found: Vec<&Finding> = r
        .findings
        .iter()
        .filter(|f| f.code == FindingCode::InvisibleCharacters)
        .collect();
    assert_eq!(found.len(), 2);
    assert!(found.iter().all(|f| f.severity == Severity::Warning));
    assert!(
        found[0].message.starts_with("note \"a\\u{1b}]0;title\\u{7}\" contains U+001B ESC (terminal escape) and U+0007 BEL (bell), which a terminal acts on"),
        "{}",
        found[0].message
    );
    assert!(
        found[1]
            .message
            .starts_with("Claim name \"\\u{1b}[1mbold\""),
        "{}",
        found[1].message
    );
}

#[test]
fn invisible_characters_in_the_header_and_deep_down_are_found_and_capped() {
    let t = sign_raw(
        "{\"alg\":\"HS256\",\"typ\":\"JWT\u{2066}\"}",
        &with(&json!({"meta": {"list": ["\u{200B}"], "k\u{7f}": 1}})).to_string(),
        SECRET,
    );
    let r = given(&t);
    let messages: Vec<&str> = r
        .findings
        .iter()
        .filter(|f| f.code == FindingCode::InvisibleCharacters)
        .map(|f| f.message.as_str())
        .collect();
    assert!(
        messages[0].starts_with("Header field typ \"JWT<U+2066>\""),
        "{messages:?}"
    );
    assert!(
        messages[1].starts_with("meta.list[0] \"<U+200B>\""),
        "{messages:?}"
    );
    assert!(
        messages[2].starts_with("Name \"k\\u{7f}\" in payload meta"),
        "{messages:?}"
    );
    let many: serde_json::Map<String, serde_json::Value> = (0..30)
        .map(|i| (format!("c{i}"), json!(format!("x\u{200B}{i}"))))
        .collect();
    let r = given(&sign(&serde_json::Value::Object(many)));
    let found: Vec<&Finding> = r
        .findings
        .iter()
        .filter(|f| f.code == FindingCode::InvisibleCharacters)
        .collect();
    assert_eq!(found.len(), 11);
    assert!(
        found[10].message.starts_with("20 more names or values"),
        "{}",
        found[10].message
    );
}

#[test]
fn duplicate_keys_are_named_and_the_last_counts() {
    let t = sign_raw(
        r#"{"alg":"none","alg":"HS256"}"#,
        &format!(
            r#"{{"apikey":"key-1","permissions":["allow_join"],"exp":1,"exp":{}}}"#,
            secs(60)
        ),
        SECRET,
    );
    let r = given(&t);
    assert_eq!(r.outcome, Outcome::Valid, "last wins: {:?}", r.findings);
    let dups: Vec<&Finding> = r
        .findings
        .iter()
        .filter(|f| f.code == FindingCode::DuplicateKey)
        .collect();
    assert_eq!(dups.len(), 2);
    assert!(
        dups[0]
            .message
            .starts_with("The header gives alg twice (first \"none\", last \"HS256\")"),
        "{}",
        dups[0].message
    );
    assert!(
        dups[0]
            .message
            .contains("other JWT libraries may use the first")
    );
    assert!(
        dups[1].message.starts_with(
            "The payload gives exp twice (first 1, last 1795860060): the last one counts"
        ),
        "{}",
        dups[1].message
    );
    assert_eq!(dups[1].severity, Severity::Warning);
    let nested = given(&sign_raw(
        r#"{"alg":"HS256"}"#,
        r#"{"m":{"a":1,"a":2,"a":3}}"#,
        SECRET,
    ));
    assert!(
        finding(&nested, FindingCode::DuplicateKey)
            .message
            .contains("gives m.a 3 times")
    );
}

#[test]
fn exp_beyond_any_date_warns_and_never_expires() {
    let t = sign_raw(
        r#"{"alg":"HS256"}"#,
        r#"{"apikey":"key-1","permissions":["allow_join"],"exp":1e308}"#,
        SECRET,
    );
    let r = given(&t);
    assert_eq!(r.outcome, Outcome::Valid);
    assert_eq!(
        r.verdict,
        "Valid — signed with the given secret — never expires"
    );
    assert_eq!(codes(&r), ["time_out_of_range"]);
    let r = given(&sign(&with(&json!({"exp": -1}))));
    assert_eq!(codes(&r), ["expired", "time_out_of_range"]);
}

#[test]
fn encoding_slips_are_named() {
    let said = |header: &[u8], payload: &[u8]| given(&sign_bytes(header, payload)).verdict;
    let h = br#"{"alg":"HS256"}"#;
    let p = br#"{"apikey":"k"}"#;
    let bom = [&[0xEF, 0xBB, 0xBF][..], p].concat();
    assert_eq!(
        said(h, &bom),
        "Not a JWT: part 2 (payload) starts with a UTF-8 byte-order mark (EF BB BF), which JSON parsers reject: the token was made by a tool that wrote a BOM before the JSON; it must write the JSON alone"
    );
    assert!(
        said(&[&[0xEF, 0xBB, 0xBF][..], h].concat(), p)
            .contains("part 1 (header) starts with a UTF-8 byte-order mark")
    );
    let utf16le: Vec<u8> = p.iter().flat_map(|&b| [b, 0]).collect();
    let utf16be: Vec<u8> = p.iter().flat_map(|&b| [0, b]).collect();
    let with_bom = [&[0xFF, 0xFE][..], &utf16le].concat();
    assert!(said(h, &utf16le).contains("is UTF-16 text (little-endian), not UTF-8"));
    assert!(said(h, &utf16be).contains("is UTF-16 text (big-endian), not UTF-8"));
    assert!(said(h, &with_bom).contains("(little-endian, with a byte-order mark)"));
    let latin1 = b"{\"apikey\":\"caf\xe9\"}";
    assert!(
        said(h, latin1).contains("part 2 (payload) is Latin-1 text, not UTF-8: byte E9 (byte 15 of the part) is 'é' in Latin-1"),
        "{}",
        said(h, latin1)
    );
    let v = said(h, b"{\"a\":\"\xff\x00\"}");
    assert!(v.contains("not UTF-8 text (at byte 6)"), "{v}");
}

#[test]
fn invisible_characters_in_the_pasted_text_are_named() {
    let t = sign(&good_claims());
    let r = given(&format!("{}\u{200B}{}", &t[..40], &t[40..]));
    assert_eq!(r.outcome, Outcome::NotJwt);
    assert!(
        r.verdict
            .contains("invisible character U+200B ZERO WIDTH SPACE at character"),
        "{}",
        r.verdict
    );
    let r = given(&format!("{}\u{1b}[2J{}", &t[..40], &t[40..]));
    assert!(
        r.verdict
            .contains("control character U+001B ESC (terminal escape) at"),
        "{}",
        r.verdict
    );
}

#[test]
fn the_redacted_copy_shows_what_is_hidden() {
    let t = sign_raw(
        "{\"alg\":\"HS256\",\"kid\":\"\u{202E}x\"}",
        &with(&json!({"note": "a\u{200B}\u{1b}[2J\u{9b}"})).to_string(),
        SECRET,
    );
    let red = given(&t).redacted_text();
    assert!(
        !red.chars().any(|c| c != '\n' && visible::is_invisible(c)),
        "{red}"
    );
    assert!(red.contains("a<U+200B>\\u001b[2J\\u{9b}"), "{red}");
    assert!(red.contains("<U+202E>x"), "{red}");
}
