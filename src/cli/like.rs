//! `videosdk-token generate --like TOKEN`: a fresh token with the claims and
//! lifetime of an old one, signed by the project that holds its API key.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use zeroize::Zeroizing;

use super::generate::print_tokens;
use super::input::{STDIN_LIMIT, read_stdin_limited};
use super::resolve::{self, choice, signer_keeping};
use super::{GenerateArgs, Result, fail};
use crate::app::{Choices, Project, SavedSecrets, Signer, Storage, request};
use crate::token::{
    self, Candidate, Context, Expiry, Generator, KeySource, Like, Signature, TokenRequest, Usage,
};

/// The old token's text, from the argument or stdin.
fn read_old(old: &str) -> Result<Zeroizing<String>> {
    if old != "-" {
        return Ok(Zeroizing::new(old.to_owned()));
    }
    match read_stdin_limited(STDIN_LIMIT)? {
        Ok(text) => Ok(text),
        Err(read) => Err(fail(format!(
            "--like -: {read} bytes on stdin is not a token"
        ))),
    }
}

/// What to copy from the old token, once a known secret verified it: the
/// signer's own secret (given, `--project`, environment), else the
/// environment's pair and every saved project, as `inspect` tries them.
/// A token nobody here can verify (another secret, `alg: none`) is
/// refused: copying it would sign a forgery for real.
fn read_like(text: &str, signer: &Signer, storage: &Storage) -> Result<Like> {
    let now = Timestamp::now();
    let given = [Candidate {
        source: KeySource::Given,
        api_key: None,
        secret: &signer.secret,
    }];
    let ctx = Context {
        now,
        tz: TimeZone::UTC,
        candidates: &given,
        usage: Usage::default(),
    };
    let mut report = token::inspect(text, &ctx);
    if report.claims.is_none() {
        return Err(fail(format!("--like: {}", report.verdict)));
    }
    if !matches!(report.signature, Signature::Verified(_)) {
        let environment = resolve::environment()?;
        let mut saved = SavedSecrets::open(storage);
        let reports = saved.inspect_all(
            environment.as_ref(),
            text,
            now,
            &TimeZone::UTC,
            &Usage::default(),
            1,
        );
        if let Some(r) = reports.into_iter().next()
            && matches!(r.signature, Signature::Verified(_))
        {
            report = r;
        }
    }
    token::like_verified(&report).map_err(|e| fail(format!("--like: {e}")))
}

/// The API key the old token carries, to pick its project by; nothing is
/// trusted yet.
fn claimed_api_key(text: &str) -> Result<String> {
    let ctx = Context {
        now: Timestamp::now(),
        tz: TimeZone::UTC,
        candidates: &[],
        usage: Usage::default(),
    };
    let report = token::inspect(text, &ctx);
    let claims = report
        .claims
        .ok_or_else(|| fail(format!("--like: {}", report.verdict)))?;
    token::like(&claims)
        .map(|l| l.api_key)
        .map_err(|e| fail(format!("--like: {e}")))
}

pub fn run(a: &GenerateArgs, old: &str, qr: &super::qr::Output) -> Result<u8> {
    let text = read_old(old)?;
    let storage = resolve::storage();
    let signer = signer_keeping(
        &storage,
        choice(a.secret, a.project.as_ref())?,
        &claimed_api_key(&text)?,
    )?;
    let like = read_like(&text, &signer, &storage)?;
    let project = signer.project.as_ref();
    let pick =
        |given: &Option<String>, copied: &Option<String>| given.clone().or_else(|| copied.clone());
    let preset = super::presets::preset(a.preset.as_deref(), project)?;
    // The old token's claims first, then the preset over them, then the
    // flags: a preset given with --like is meant to change what is copied.
    let mut copied = TokenRequest {
        api_key: like.api_key.clone(),
        permissions: like.permissions.clone(),
        room_id: like.room_id.clone(),
        participant_id: like.participant_id.clone(),
        roles: like.roles.clone(),
        ..TokenRequest::default()
    };
    if let Some(p) = &preset {
        p.apply(&mut copied);
    }
    let choices = Choices {
        permissions: if a.permissions.is_empty() {
            copied.permissions.clone()
        } else {
            a.permissions.clone()
        },
        expiry: match (&a.expires, a.expires_at) {
            (Some(l), _) => Some(Expiry::In(l.secs())),
            (None, Some(t)) => Some(Expiry::At(t)),
            (None, None) => preset
                .as_ref()
                .and_then(|p| p.lifetime.as_ref())
                .map(|l| Expiry::In(l.secs()))
                .or(like.lifetime.map(Expiry::In)),
        },
        room_id: pick(&a.room_id, &copied.room_id),
        participant_id: pick(&a.participant_id, &copied.participant_id),
        roles: if a.roles.is_empty() {
            copied.roles.clone()
        } else {
            a.roles.clone()
        },
        // Applied above, under the flags.
        preset: None,
        // The old token's custom claims, unless --claims gives others.
        extra_claims: match a.claims.as_deref() {
            Some(_) => super::presets::claims(a.claims.as_deref())?,
            None => like.extra.clone(),
        },
    };
    let defaults = project.map(Project::defaults).unwrap_or_default();
    let req = request(like.api_key.clone(), &defaults, choices);
    let mut generator = Generator::new(&req, &signer.secret)?;
    print_tokens(&mut generator, a.count, a.json, Timestamp::now(), qr)
}
