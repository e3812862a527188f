//! Speed of the core: signing (one and in a batch) and inspecting (alone,
//! with its secret, against 50 saved projects). `cargo bench --bench token`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use videosdk_token::token::{
    Candidate, Context, Generator, KeySource, SecretEncoding, SecretKey, TokenRequest, inspect,
};

fn bench(c: &mut Criterion) {
    let now: Timestamp = "2026-11-28T10:00:00Z".parse().unwrap_or_default();
    let Ok(secret) = SecretKey::parse(
        "bench-secret-0123456789abcdef0123456789abcdef",
        SecretEncoding::Text,
    ) else {
        return;
    };
    let req = TokenRequest {
        api_key: "bench-api-key-0000".into(),
        ..TokenRequest::default()
    };
    let Ok(mut generator) = Generator::new(&req, &secret) else {
        return;
    };
    c.bench_function("generate one token (prepared generator)", |b| {
        b.iter(|| black_box(generator.sign(now, 1).map(|t| t.token)));
    });
    let v2 = TokenRequest {
        participant_id: Some("qa-{n}".into()),
        room_id: Some("abc-defg-hij".into()),
        ..req.clone()
    };
    let Ok(mut v2_generator) = Generator::new(&v2, &secret) else {
        return;
    };
    let mut n = 0;
    c.bench_function("generate one v2 participant token", |b| {
        b.iter(|| {
            n += 1;
            black_box(v2_generator.sign(now, n).map(|t| t.token))
        });
    });
    let token = generator.sign(now, 1).map(|t| t.token).unwrap_or_default();

    c.bench_function("inspect one token, no secret", |b| {
        b.iter(|| {
            black_box(inspect(
                black_box(&token),
                &Context {
                    now,
                    tz: TimeZone::UTC,
                    candidates: &[],
                    usage: Default::default(),
                },
            ))
        });
    });
    let given = [Candidate {
        source: KeySource::Given,
        api_key: None,
        secret: &secret,
    }];
    c.bench_function("inspect one token with its secret", |b| {
        b.iter(|| {
            black_box(inspect(
                black_box(&token),
                &Context {
                    now,
                    tz: TimeZone::UTC,
                    candidates: &given,
                    usage: Default::default(),
                },
            ))
        });
    });
    // 50 saved projects, secrets already read from the keyring; the matching
    // project is the last one, so the worst case of the ordering is measured.
    let secrets: Vec<SecretKey> = (0..50)
        .map(|i| {
            SecretKey::parse(
                &format!("project-{i}-secret-0123456789abcdef"),
                SecretEncoding::Text,
            )
        })
        .collect::<Result<_, _>>()
        .unwrap_or_default();
    let keys: Vec<String> = (0..50).map(|i| format!("key-{i}")).collect();
    let mut projects: Vec<Candidate<'_>> = secrets
        .iter()
        .zip(&keys)
        .map(|(s, k)| Candidate {
            source: KeySource::Project { name: k.clone() },
            api_key: Some(k),
            secret: s,
        })
        .collect();
    projects.push(Candidate {
        source: KeySource::Project {
            name: "owner".into(),
        },
        api_key: Some("bench-api-key-0000"),
        secret: &secret,
    });
    c.bench_function("inspect one token against 50 saved projects", |b| {
        b.iter(|| {
            black_box(inspect(
                black_box(&token),
                &Context {
                    now,
                    tz: TimeZone::UTC,
                    candidates: &projects,
                    usage: Default::default(),
                },
            ))
        });
    });
    // Unknown key: every one of the 50 secrets is tried.
    let stranger = [&projects[..50]].concat();
    c.bench_function("inspect a token no project signed (tries all 50)", |b| {
        b.iter(|| {
            black_box(inspect(
                black_box(&token),
                &Context {
                    now,
                    tz: TimeZone::UTC,
                    candidates: &stranger,
                    usage: Default::default(),
                },
            ))
        });
    });
    // Issue 19: a token signed with a plainly wrong secret. Every known
    // secret fails, so each one's damaged forms (doubled, quoted, cut…) and
    // the placeholder texts are tried too: against the token's own project
    // alone, and against 50 projects (none of them the signer).
    let Ok(wrong) = SecretKey::parse(
        "some-other-secret-0123456789abcdef0123456789",
        SecretEncoding::Text,
    ) else {
        return;
    };
    let one_wrong = [Candidate {
        source: KeySource::Project {
            name: "owner".into(),
        },
        api_key: Some("bench-api-key-0000"),
        secret: &wrong,
    }];
    c.bench_function(
        "inspect, wrong secret, 1 project (damaged forms tried)",
        |b| {
            b.iter(|| {
                black_box(inspect(
                    black_box(&token),
                    &Context {
                        now,
                        tz: TimeZone::UTC,
                        candidates: &one_wrong,
                        usage: Default::default(),
                    },
                ))
            });
        },
    );
    let fifty_wrong = [&projects[..49], &one_wrong[..]].concat();
    c.bench_function(
        "inspect, wrong secret, 50 projects (damaged forms tried)",
        |b| {
            b.iter(|| {
                black_box(inspect(
                    black_box(&token),
                    &Context {
                        now,
                        tz: TimeZone::UTC,
                        candidates: &fifty_wrong,
                        usage: Default::default(),
                    },
                ))
            });
        },
    );
    // What support pastes: a log with VideoSDK codes, three tokens, and the
    // join context; the first is reported (more_tokens), or all of them.
    let paste = format!(
        "2026-11-28 ERROR join failed code=4022 UNAUTHORIZED_MEETING_ID\nA {token}\nB {token}\nC {token}\n"
    );
    let used = Context {
        now,
        tz: TimeZone::UTC,
        candidates: &given,
        usage: videosdk_token::token::Usage {
            room_id: Some("abc-defg-hij".into()),
            participant_id: Some("qa-1".into()),
            purpose: Some(videosdk_token::token::Purpose::Join),
        },
    };
    c.bench_function(
        "inspect a pasted log with codes, 3 tokens, join context",
        |b| {
            b.iter(|| black_box(inspect(black_box(&paste), &used)));
        },
    );
    c.bench_function("inspect --all of that paste (3 reports)", |b| {
        b.iter(|| {
            black_box(videosdk_token::token::inspect_all(
                black_box(&paste),
                &used,
                usize::MAX,
            ))
        });
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
