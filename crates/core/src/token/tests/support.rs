//! What a support desk needs: the verdict predicts VideoSDK's answer
//! (issue 9): keys from two projects, the API key as the secret,
//! milliseconds, the join context, VideoSDK's codes in the paste, several
//! tokens in one paste.

use super::*;

const PROD_SECRET: &str = "prod-secret-prod-secret-prod-secret!";

/// Two saved projects, staging (key-1, SECRET) and prod (key-p,
/// PROD_SECRET), and what the token was used for.
fn two_projects(token: &str, usage: Usage) -> Report {
    let (s, p) = (key(SECRET), key(PROD_SECRET));
    let c = [
        Candidate {
            source: KeySource::Project {
                name: "staging".into(),
            },
            api_key: Some("key-1"),
            secret: &s,
        },
        Candidate {
            source: KeySource::Project {
                name: "prod".into(),
            },
            api_key: Some("key-p"),
            secret: &p,
        },
    ];
    inspect(
        token,
        &Context {
            now: now(),
            tz: TimeZone::UTC,
            candidates: &c,
            usage,
        },
    )
}

fn used(room: Option<&str>, participant: Option<&str>, purpose: Option<Purpose>) -> Usage {
    Usage {
        room_id: room.map(Into::into),
        participant_id: participant.map(Into::into),
        purpose,
    }
}

#[test]
fn staging_key_signed_with_the_prod_secret_is_4001_never_valid() {
    let t = sign_raw(
        r#"{"alg":"HS256"}"#,
        &good_claims().to_string(),
        PROD_SECRET,
    );
    let r = two_projects(&t, Usage::default());
    assert_eq!(r.outcome, Outcome::Invalid, "{:?}", codes(&r));
    let f = finding(&r, FindingCode::ApikeyMismatch);
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.videosdk_error, Some(4001));
    assert_eq!(f.videosdk_error_name, Some("INVALID_API_KEY"));
    assert!(
        f.message.contains("project prod")
            && f.message.contains("key-1, the API key of project staging"),
        "{}",
        f.message
    );
    assert!(!r.verdict.starts_with("Valid"), "{}", r.verdict);
    assert!(
        r.verdict
            .starts_with("API key and secret are from different projects (signed by project prod)"),
        "{}",
        r.verdict
    );
    // unknown_apikey keeps its meaning: no saved project has the key.
    assert!(!r.has(FindingCode::UnknownApikey));
}

#[test]
fn the_api_key_used_as_the_secret_is_named() {
    // The token's own API key as the HMAC secret, no secret known at all.
    let t = sign_raw(r#"{"alg":"HS256"}"#, &good_claims().to_string(), "key-1");
    let r = alone(&t);
    assert_eq!(r.outcome, Outcome::Invalid, "{:?}", codes(&r));
    let f = finding(&r, FindingCode::SignedWithApiKey);
    assert_eq!(
        (f.videosdk_error, f.videosdk_error_name),
        (Some(4002), Some("INVALID_TOKEN"))
    );
    assert!(
        f.message.contains("the token's own API key (key-1)"),
        "{}",
        f.message
    );
    assert!(
        f.message.contains("where the secret belongs"),
        "{}",
        f.message
    );
    assert_eq!(r.verdict, "Signed with the API key instead of the secret");
    assert!(!r.has(FindingCode::SignatureMismatch));
    // Another project's API key as the secret: that project is named.
    let t = sign_raw(r#"{"alg":"HS256"}"#, &good_claims().to_string(), "key-p");
    let r = two_projects(&t, Usage::default());
    let f = finding(&r, FindingCode::SignedWithApiKey);
    assert!(
        f.message.contains("the API key of project prod"),
        "{}",
        f.message
    );
}

#[test]
fn milliseconds_are_named_with_the_date_meant_and_nothing_else_is_computed() {
    // Date.now() at 2026-11-28T09:59:00Z and an hour later.
    let (iat, exp) = (secs(-60) * 1000, secs(3600) * 1000);
    let r = given(&sign(&with(&json!({"iat": iat, "exp": exp}))));
    let ms: Vec<&Finding> = r
        .findings
        .iter()
        .filter(|f| f.code == FindingCode::MillisecondsTimestamp)
        .collect();
    assert_eq!(ms.len(), 2, "{:?}", codes(&r));
    assert!(ms.iter().all(|f| f.severity == Severity::Warning));
    let exp_f = ms.iter().find(|f| f.message.starts_with("exp")).unwrap();
    assert!(
        exp_f.message.contains("meant as 2026-11-28T11:00:00Z"),
        "{}",
        exp_f.message
    );
    assert!(exp_f.message.contains("never expires"), "{}", exp_f.message);
    for wrong in [
        FindingCode::IssuedInFuture,
        FindingCode::LongLived,
        FindingCode::TimeOutOfRange,
    ] {
        assert!(!r.has(wrong), "{wrong}: {:?}", codes(&r));
    }
    // VideoSDK would accept it: valid, with the warning in the verdict.
    assert_eq!(r.outcome, Outcome::Valid, "{:?}", codes(&r));
    assert!(
        r.verdict.contains("never expires (exp is in milliseconds)"),
        "{}",
        r.verdict
    );
    // nbf in milliseconds is never reached: an error, 4002.
    let r = given(&sign(&with(&json!({"nbf": secs(-60) * 1000}))));
    let f = finding(&r, FindingCode::MillisecondsTimestamp);
    assert_eq!(
        (f.severity, f.videosdk_error),
        (Severity::Error, Some(4002))
    );
    assert!(!r.has(FindingCode::NotYetValid), "{:?}", codes(&r));
    assert_eq!(r.outcome, Outcome::Invalid);
    // Seconds far in the future stay seconds.
    let r = given(&sign(&with(&json!({"exp": 4_102_444_800_i64}))));
    assert!(!r.has(FindingCode::MillisecondsTimestamp));
}

#[test]
fn the_join_context_predicts_4022_4023_4024_and_the_rest_refusal() {
    let v2 = |extra: serde_json::Value| {
        let mut c = with(&json!({"version": 2}));
        for (k, v) in extra.as_object().unwrap() {
            c[k] = v.clone();
        }
        sign(&c)
    };
    let limited = v2(json!({"roomId": "abc-defg-hij", "participantId": "qa-1"}));
    let check = |t: &str, u: Usage| -> Vec<&'static str> {
        let r = two_projects(t, u);
        r.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.code.as_str())
            .collect()
    };
    assert!(check(&limited, used(Some("abc-defg-hij"), Some("qa-1"), None)).is_empty());
    assert_eq!(
        check(&limited, used(Some("zzz-zzzz-zzz"), None, None)),
        ["room_mismatch"]
    );
    assert_eq!(
        check(&limited, used(None, Some("qa-2"), Some(Purpose::Join))),
        ["participant_mismatch"]
    );
    let r = two_projects(&limited, used(Some("other"), Some("qa-2"), None));
    let f = finding(&r, FindingCode::RoomMismatch);
    assert_eq!(f.videosdk_error_name, Some("UNAUTHORIZED_MEETING_ID"));
    assert_eq!(
        finding(&r, FindingCode::ParticipantMismatch).videosdk_error,
        Some(4023)
    );
    // Roles: crawler cannot join (4024); rtc cannot call the REST API.
    let crawler = v2(json!({"roles": ["crawler"]}));
    assert_eq!(
        check(&crawler, used(None, None, Some(Purpose::Join))),
        ["role_not_allowed"]
    );
    assert!(check(&crawler, used(None, None, Some(Purpose::Api))).is_empty());
    let rtc = v2(json!({"roles": ["rtc"]}));
    assert_eq!(
        check(&rtc, used(None, None, Some(Purpose::Api))),
        ["not_for_api"]
    );
    assert!(check(&rtc, used(Some("any"), None, None)).is_empty());
    // A v1 token (no roles, no room) is fine for both.
    let v1 = sign(&good_claims());
    for u in [
        used(Some("r"), Some("p"), Some(Purpose::Join)),
        used(None, None, Some(Purpose::Api)),
    ] {
        assert!(check(&v1, u).is_empty());
    }
    // Without a context nothing changes.
    assert!(check(&crawler, Usage::default()).is_empty());
    assert!(check(&limited, Usage::default()).is_empty());
}

#[test]
fn upper_case_roles_name_the_lower_case_role() {
    let r = given(&sign(&with(&json!({"version": 2, "roles": ["CRAWLER"]}))));
    let m = &finding(&r, FindingCode::UnknownRole).message;
    assert!(m.contains("write \"crawler\""), "{m}");
}

#[test]
fn codes_in_the_paste_are_listed_with_what_explains_them() {
    let t = sign_raw(
        r#"{"alg":"HS256"}"#,
        &good_claims().to_string(),
        PROD_SECRET,
    );
    let paste = format!(
        "customer log:\n{{\"code\":4001,\"name\":\"INVALID_API_KEY\"}}\nlater UNAUTHORIZED_ROLE\ntoken={t}"
    );
    let r = two_projects(&paste, Usage::default());
    assert_eq!(r.outcome, Outcome::Invalid);
    let got: Vec<(u16, Vec<FindingCode>)> = r
        .log_codes
        .iter()
        .map(|l| (l.code, l.explained_by.clone()))
        .collect();
    assert_eq!(
        got,
        [(4001, vec![FindingCode::ApikeyMismatch]), (4024, vec![]),]
    );
    assert_eq!(r.log_codes[0].name, "INVALID_API_KEY");
}

#[test]
fn several_tokens_first_with_a_note_or_all_in_order() {
    let a = sign(&good_claims());
    let b = sign(&with(&json!({"exp": secs(-10)})));
    let c = "eyJhbGciOiJub25lIn0.eyJhIjoxfQ.c2ln";
    let paste = format!("first {a}\nsecond {b}\nthird {c}\n");
    let r = given(&paste);
    assert_eq!(r.outcome, Outcome::Valid);
    let f = finding(&r, FindingCode::MoreTokens);
    assert!(f.message.contains("2 more tokens"), "{}", f.message);
    let ctx_secret = key(SECRET);
    let cands = [Candidate {
        source: KeySource::Given,
        api_key: None,
        secret: &ctx_secret,
    }];
    let ctx = Context {
        now: now(),
        tz: TimeZone::UTC,
        candidates: &cands,
        usage: Usage::default(),
    };
    let all = inspect_all(&paste, &ctx, usize::MAX);
    let outcomes: Vec<Outcome> = all.iter().map(|r| r.outcome).collect();
    assert_eq!(
        outcomes,
        [Outcome::Valid, Outcome::Invalid, Outcome::Invalid]
    );
    assert!(all.iter().all(|r| !r.has(FindingCode::MoreTokens)));
    assert!(all[1].has(FindingCode::Expired));
    assert!(all[2].has(FindingCode::AlgNone));
}
