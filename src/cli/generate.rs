//! `videosdk-token generate`: sign one token or many, print them.

use std::io::Write as _;

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::resolve::{self, choice, signer_for};
use super::{GenerateArgs, Result, fail};
use crate::app::{Choices, Project, request};
use crate::token::{self, Context, Expiry, Generator};

pub fn run(a: &GenerateArgs) -> Result<u8> {
    let extra_claims = super::presets::claims(a.claims.as_deref())?;
    let qr = super::qr::Output::from_args(a)?;
    if let Some(old) = &a.like {
        return super::like::run(a, old, &qr);
    }
    let storage = resolve::storage();
    let signer = signer_for(&storage, choice(a.secret, a.project.as_ref())?, "sign with")?;
    let api_key = signer.api_key(a.api_key.as_deref()).ok_or_else(|| {
        fail("no API key: give --api-key, set VIDEOSDK_API_KEY, or use a saved project (--project)")
    })?;
    let project = signer.project.as_ref();
    let defaults = project.map(Project::defaults).unwrap_or_default();
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
        preset: super::presets::preset(a.preset.as_deref(), project)?,
        extra_claims,
    };
    let req = request(api_key, &defaults, choices);
    let mut generator = Generator::new(&req, &signer.secret)?;
    if a.csv {
        let pattern = req.participant_id.as_deref().unwrap_or_default();
        return print_csv(&mut generator, pattern, a.count, Timestamp::now());
    }
    print_tokens(&mut generator, a.count, a.json, Timestamp::now(), &qr)
}

/// `--csv`: the header, then one row per token, through the program's one
/// batch-file writer ([`crate::app::export`]).
fn print_csv(generator: &mut Generator, pattern: &str, count: u64, now: Timestamp) -> Result<u8> {
    use crate::app::export::{CSV_HEADER, Row, push_csv_row};
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut line = Vec::with_capacity(512);
    if let Err(e) = out.write_all(CSV_HEADER.as_bytes()) {
        return handle_write_error(&e);
    }
    for n in 1..=count {
        let t = generator.sign(now, n)?;
        // As the generator writes it into the token.
        let participant_id = pattern.replace("{n}", &n.to_string());
        line.clear();
        push_csv_row(
            &mut line,
            &Row {
                participant_id,
                token: t.token,
            },
        );
        if let Err(e) = out.write_all(&line) {
            return handle_write_error(&e);
        }
    }
    match out.flush() {
        Ok(()) => Ok(0),
        Err(e) => handle_write_error(&e),
    }
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
