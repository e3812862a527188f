//! `videosdk-token generate`: sign one token or many, print them.

use std::io::Write as _;

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::input::{encoding, env_var, read_secret_stdin};
use super::storage::Storage;
use super::{GenerateArgs, Result, fail, signing_failed};
use crate::app::{Choices, request, secret_of};
use crate::store::{Project, ProjectsError};
use crate::token::{self, Context, Expiry, Generator, SecretEncoding, SecretKey};

/// Secret sources, in the documented order: --secret-stdin, --project,
/// VIDEOSDK_SECRET_KEY, the default project.
fn secret_and_project(a: &GenerateArgs, storage: &Storage) -> Result<(SecretKey, Option<Project>)> {
    let env_secret = env_var("VIDEOSDK_SECRET_KEY");
    let settings = if a.project.is_some() || !a.secret_stdin && env_secret.is_none() {
        storage.settings()?
    } else {
        crate::store::Settings::default()
    };
    let named = match &a.project {
        Some(name) => Some(
            settings
                .find(name)
                .cloned()
                .ok_or_else(|| fail(ProjectsError::NotFound(name.clone()).to_string()))?,
        ),
        None => None,
    };
    let with_project = |p: Project| -> Result<(SecretKey, Option<Project>)> {
        let s = secret_of(storage.keyring(), &p).map_err(|e| signing_failed(&e))?;
        Ok((s, Some(p)))
    };
    if a.secret_stdin {
        let s = read_secret_stdin("Secret key (input hidden): ", encoding(a.secret_base64))?;
        Ok((s, named))
    } else if let Some(p) = named {
        with_project(p)
    } else if let Some(s) = env_secret {
        Ok((SecretKey::parse(&s, SecretEncoding::Text)?, None))
    } else if let Some(p) = settings.default_project().cloned() {
        with_project(p)
    } else {
        Err(fail(
            "no secret to sign with: add a project (`videosdk-token project add NAME --api-key KEY`), pipe the secret with --secret-stdin, or set VIDEOSDK_SECRET_KEY and VIDEOSDK_API_KEY",
        ))
    }
}

pub fn run(a: &GenerateArgs) -> Result<u8> {
    let extra_claims = super::presets::claims(a.claims.as_deref())?;
    let qr = super::qr::Output::from_args(a)?;
    if let Some(old) = &a.like {
        return super::like::run(a, old, &qr);
    }
    let storage = Storage::new();
    let (secret, project) = secret_and_project(a, &storage)?;
    let api_key = a
        .api_key
        .clone()
        .or_else(|| project.as_ref().map(|p| p.api_key.clone()))
        .or_else(|| env_var("VIDEOSDK_API_KEY").map(|k| k.trim().to_owned()))
        .ok_or_else(|| fail("no API key: give --api-key, set VIDEOSDK_API_KEY, or use a saved project (--project)"))?;
    let defaults = project.as_ref().map(Project::defaults).unwrap_or_default();
    let choices = Choices {
        permissions: a.permissions.clone(),
        expiry: match (&a.expires, a.expires_at) {
            (Some(l), _) => Some(Expiry::In(l.secs())),
            (None, Some(t)) => Some(Expiry::At(t)),
            (None, None) => None,
        },
        room_id: a.room_id.clone(),
        participant_id: a.participant_id.clone(),
        roles: a.roles.clone(),
        preset: super::presets::preset(a.preset.as_deref(), project.as_ref())?,
        extra_claims,
    };
    let req = request(api_key, &defaults, choices);
    let mut generator = Generator::new(&req, &secret)?;
    print_tokens(&mut generator, a.count, a.json, Timestamp::now(), &qr)
}

pub(super) fn print_tokens(
    generator: &mut Generator,
    count: u64,
    json: bool,
    now: Timestamp,
    qr: &super::qr::Output,
) -> Result<u8> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    for n in 1..=count {
        let t = generator.sign(now, n)?;
        let written = if json {
            let report = token::inspect(
                &t.token,
                &Context {
                    now,
                    tz: TimeZone::UTC,
                    candidates: &[],
                    usage: Default::default(),
                },
            );
            let line = serde_json::json!({"token": t.token, "header": report.header, "claims": report.claims});
            writeln!(out, "{}", super::json::to_text(&line, false))
        } else {
            out.write_all(t.token.as_bytes())
                .and_then(|()| out.write_all(b"\n"))
        };
        if let Err(e) = written {
            return handle_write_error(&e);
        }
        qr.show(&t.token, &mut out)?;
    }
    match out.flush() {
        Ok(()) => Ok(0),
        Err(e) => handle_write_error(&e),
    }
}

/// `generate | head` closes the pipe early: that is the reader's choice, not an error.
fn handle_write_error(e: &std::io::Error) -> Result<u8> {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Ok(0)
    } else {
        Err(fail(format!("cannot write the token: {e}")))
    }
}
