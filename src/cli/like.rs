//! `videosdk-token generate --like TOKEN`: a fresh token with the claims and
//! lifetime of an old one, signed by the project that holds its API key.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use zeroize::Zeroizing;

use super::generate::print_tokens;
use super::input::{STDIN_LIMIT, encoding, env_var, read_secret_stdin, read_stdin_limited};
use super::storage::Storage;
use super::{GenerateArgs, Result, fail, signing_failed};
use crate::app::{Choices, request, secret_of};
use crate::store::Project;
use crate::token::{self, Context, Expiry, Generator, Like, SecretEncoding, SecretKey, visible};

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

/// The secret for the old token's API key, and the project it belongs to.
fn secret_for(
    a: &GenerateArgs,
    api_key: &str,
    storage: &Storage,
) -> Result<(SecretKey, Option<Project>)> {
    if a.secret_stdin {
        let s = read_secret_stdin("Secret key (input hidden): ", encoding(a.secret_base64))?;
        return Ok((s, None));
    }
    let settings = storage.settings()?;
    let project = match &a.project {
        Some(name) => {
            let p = settings
                .find(name)
                .ok_or_else(|| fail(format!("no saved project named {}", visible(name))))?;
            if p.api_key != api_key {
                return Err(fail(format!(
                    "project {} has API key {}, but the token's is {}: a token signed by it would be refused (4001); leave out --project to use the project that has this key",
                    visible(&p.name),
                    visible(&p.api_key),
                    visible(api_key)
                )));
            }
            Some(p.clone())
        }
        None => settings
            .projects
            .iter()
            .find(|p| p.api_key == api_key)
            .cloned(),
    };
    if let Some(p) = project {
        let s = secret_of(storage.keyring(), &p).map_err(|e| signing_failed(&e))?;
        return Ok((s, Some(p)));
    }
    let env_key = env_var("VIDEOSDK_API_KEY").map(|k| k.trim().to_owned());
    if let (Some(secret), Some(key)) = (env_var("VIDEOSDK_SECRET_KEY"), env_key)
        && key == api_key
    {
        return Ok((SecretKey::parse(&secret, SecretEncoding::Text)?, None));
    }
    Err(fail(format!(
        "no saved project has API key {}: add it (`videosdk-token project add NAME --api-key {}`), or pipe its secret with --secret-stdin",
        visible(api_key),
        visible(api_key)
    )))
}

pub fn run(a: &GenerateArgs, old: &str, qr: &super::qr::Output) -> Result<u8> {
    let like = read_like(old)?;
    let storage = Storage::new();
    let (secret, project) = secret_for(a, &like.api_key, &storage)?;
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
        preset: super::presets::preset(a.preset.as_deref(), project.as_ref())?,
        // The old token's custom claims, unless --claims gives others.
        extra_claims: match a.claims.as_deref() {
            Some(_) => super::presets::claims(a.claims.as_deref())?,
            None => like.extra.clone(),
        },
    };
    let defaults = project.as_ref().map(Project::defaults).unwrap_or_default();
    let req = request(like.api_key.clone(), &defaults, choices);
    let mut generator = Generator::new(&req, &secret)?;
    print_tokens(&mut generator, a.count, a.json, Timestamp::now(), qr)
}
