//! `videosdk-token generate`: sign one token or many, print them.

use std::io::Write as _;

use jiff::Timestamp;

use super::resolve::{self, choice, signer_for};
use super::{GenerateArgs, Result, fail};
use crate::app::{Choices, Project, request};
use crate::token::{self, Expiry, Generator};

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
    if let Some(path) = &a.into_env {
        return into_env(&mut generator, a, path, &qr);
    }
    print_tokens(&mut generator, a.count, a.json, Timestamp::now(), &qr)
}

/// `--into-env PATH [--var NAME]`: one token, written into the `.env` (the
/// secret never is), then printed as usual.
fn into_env(
    generator: &mut Generator,
    a: &GenerateArgs,
    path: &std::path::Path,
    qr: &super::qr::Output,
) -> Result<u8> {
    if a.count != 1 {
        return Err(fail("--into-env writes one token: leave out --count"));
    }
    print_each(generator, 1, a.json, Timestamp::now(), qr, |token| {
        let var = crate::app::evidence::write_into_env(path, a.var.as_deref(), token)?;
        super::output::note(&format!("wrote the token into {var} in {}", path.display()));
        Ok(())
    })
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
    print_each(generator, count, json, now, qr, |_| Ok(()))
}

/// Signs `count` tokens and prints each (a JSON line with `json`, its QR
/// code with `qr`), after `before` has done its part with it.
fn print_each(
    generator: &mut Generator,
    count: u64,
    json: bool,
    now: Timestamp,
    qr: &super::qr::Output,
    mut before: impl FnMut(&str) -> Result<()>,
) -> Result<u8> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    // One buffer for every JSON line of the batch.
    let mut line = String::new();
    for n in 1..=count {
        let t = generator.sign(now, n)?;
        before(&t.token)?;
        let written = if json {
            json_line(&mut line, &t.token, generator.last_claims_json());
            out.write_all(line.as_bytes())
                .and_then(|()| out.write_all(b"\n"))
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

/// One line of `generate --json` into `line`: `{"token", "header",
/// "claims"}`, compact, without the newline.
///
/// Built from the JSON the generator has just signed rather than by
/// decoding the token again (a full `inspect` per token made a batch about
/// ten times slower than plain tokens). The header and claims are already
/// compact serde_json text and the token is base64url and dots, so the line
/// is byte for byte what serialising the decoded token gives (a test checks
/// it), invisible characters `\u`-escaped as in every `--json`; printable
/// ASCII claims, the usual case, need no escaping pass.
fn json_line(line: &mut String, token: &str, claims_json: &str) {
    line.clear();
    line.push_str("{\"token\":\"");
    line.push_str(token);
    line.push_str("\",\"header\":");
    line.push_str(token::HEADER_JSON);
    line.push_str(",\"claims\":");
    line.push_str(claims_json);
    line.push('}');
    if !claims_json.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        *line = super::json::escape_invisible(std::mem::take(line));
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use jiff::tz::TimeZone;
    use serde_json::json;

    use super::*;
    use crate::token::{Context, Role, SecretEncoding, SecretKey, TokenRequest};

    /// The line as it was built before: decode the token again and
    /// serialise what `inspect` read.
    fn through_inspect(token: &str, now: Timestamp) -> String {
        let report = token::inspect(
            token,
            &Context {
                now,
                tz: TimeZone::UTC,
                candidates: &[],
                usage: Default::default(),
            },
        );
        let line = json!({"token": token, "header": report.header, "claims": report.claims});
        super::super::json::to_text(&line, false)
    }

    #[test]
    fn json_line_is_what_decoding_the_token_gives() {
        let now: Timestamp = "2026-11-28T10:00:00Z".parse().unwrap();
        let secret =
            SecretKey::parse("0123456789abcdef0123456789abcdef", SecretEncoding::Text).unwrap();
        let extra = json!({
            "team": "qa é \u{200b} \u{202e} \\ \" /",
            "n": 1.5, "big": 12345678901234567890u64, "neg": -3, "exp_f": 1e300,
            "nested": {"b": [true, null, {"z": "\u{7f}\u{85}"}], "a": "\u{1F600}"},
        });
        let requests = [
            TokenRequest {
                api_key: "key-1".into(),
                ..TokenRequest::default()
            },
            TokenRequest {
                api_key: "key-ü".into(),
                // Hidden characters are refused in these (validate); the
                // extra claims below still carry them.
                room_id: Some("room é x".into()),
                participant_id: Some("qa-{n}-ü".into()),
                roles: vec![Role::Rtc, Role::Crawler],
                extra_claims: extra.as_object().unwrap().clone(),
                ..TokenRequest::default()
            },
        ];
        for req in &requests {
            let mut g = Generator::new(req, &secret).unwrap();
            for n in 1..=3 {
                let t = g.sign(now, n).unwrap();
                let mut line = String::from("left over from the last line");
                json_line(&mut line, &t.token, g.last_claims_json());
                assert_eq!(line, through_inspect(&t.token, now));
            }
        }
    }
}
