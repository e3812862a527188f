//! `videosdk-token generate --like TOKEN`: a fresh token with the claims and
//! lifetime of an old one, signed by the project that holds its API key.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use zeroize::Zeroizing;

use super::generate::print_tokens;
use super::input::{STDIN_LIMIT, read_stdin_limited};
use super::resolve::{self, choice, signer_keeping};
use super::{GenerateArgs, Result, fail};
use crate::app::{Choices, Project, request};
use crate::token::{self, Context, Expiry, Generator, Like};

/// The old token's claims, decoded without checking anything else.
fn read_like(old: &str) -> Result<Like> {
    let text = if old == "-" {
        match read_stdin_limited(STDIN_LIMIT)? {
            Ok(text) => text,
            Err(read) => {
                return Err(fail(format!(
                    "--like -: {read} bytes on stdin is not a token"
                )));
            }
        }
    } else {
        Zeroizing::new(old.to_owned())
    };
    let ctx = Context {
        now: Timestamp::now(),
        tz: TimeZone::UTC,
        candidates: &[],
        usage: Default::default(),
    };
    let report = token::inspect(&text, &ctx);
    let claims = report
        .claims
        .ok_or_else(|| fail(format!("--like: {}", report.verdict)))?;
    token::like(&claims).map_err(|e| fail(format!("--like: {e}")))
}

pub fn run(a: &GenerateArgs, old: &str, qr: &super::qr::Output) -> Result<u8> {
    let like = read_like(old)?;
    let storage = resolve::storage();
    let signer = signer_keeping(
        &storage,
        choice(a.secret, a.project.as_ref())?,
        &like.api_key,
    )?;
    let project = signer.project.as_ref();
    let pick =
        |given: &Option<String>, copied: &Option<String>| given.clone().or_else(|| copied.clone());
    let choices = Choices {
        permissions: if a.permissions.is_empty() {
            like.permissions.clone()
        } else {
            a.permissions.clone()
        },
        expiry: match (&a.expires, a.expires_at) {
            (Some(l), _) => Some(Expiry::In(l.secs())),
            (None, Some(t)) => Some(Expiry::At(t)),
            (None, None) => like.lifetime.map(Expiry::In),
        },
        room_id: pick(&a.room_id, &like.room_id),
        participant_id: pick(&a.participant_id, &like.participant_id),
        roles: if a.roles.is_empty() {
            like.roles.clone()
        } else {
            a.roles.clone()
        },
        preset: super::presets::preset(a.preset.as_deref(), project)?,
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
