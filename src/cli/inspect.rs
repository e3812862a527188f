//! `videosdk-token inspect`: read a token (argument or stdin), verify it
//! with every known secret, explain it.

use std::io::{IsTerminal as _, Write as _};

use jiff::Timestamp;
use jiff::tz::TimeZone;
use zeroize::Zeroizing;

use super::input::{
    STDIN_LIMIT, encoding, env_var, read_secret_stdin, read_stdin_limited, strip_one_newline,
};
use super::storage::Storage;
use super::{InspectArgs, Result, fail, json, output};
use crate::app::{KnownSecrets, candidates};
use crate::store::{Keyring, KeyringError, Project};
use crate::token::{self, Context, SecretEncoding, SecretKey, Usage};

/// What was given to inspect.
enum Input {
    /// The text (a token, with whatever surrounds it).
    Text(Zeroizing<String>),
    /// More than [`STDIN_LIMIT`] bytes were piped: reading stopped there.
    TooLong(usize),
}

/// The token text and the secret given with it, if any.
fn read_input(a: &InspectArgs) -> Result<(Input, Option<SecretKey>)> {
    let from_stdin = matches!(a.token.as_deref(), None | Some("-"));
    if !from_stdin {
        let given = if a.secret_stdin {
            Some(read_secret_stdin(
                "Secret key (input hidden): ",
                encoding(a.secret_base64),
            )?)
        } else {
            None
        };
        let text = Zeroizing::new(a.token.clone().unwrap_or_default());
        return Ok((Input::Text(text), given));
    }
    if a.secret_stdin && std::io::stdin().is_terminal() {
        return Err(fail(
            "--secret-stdin with the token also on stdin needs a pipe: printf '%s\\n%s\\n' \"$SECRET\" \"$TOKEN\" | videosdk-token inspect --secret-stdin",
        ));
    }
    if std::io::stdin().is_terminal() {
        eprintln!("Paste the token, then press Enter and Ctrl-D:");
    }
    // Anything past the limit is not a token: the core says "too long".
    let text = match read_stdin_limited(STDIN_LIMIT)? {
        Ok(text) => text,
        Err(read) => return Ok((Input::TooLong(read), None)),
    };
    if !a.secret_stdin {
        let text = Zeroizing::new(strip_one_newline(&text).to_owned());
        return Ok((Input::Text(text), None));
    }
    let (secret_line, rest) = text.split_once('\n').unwrap_or((&text, ""));
    let given = SecretKey::parse(strip_one_newline(secret_line), encoding(a.secret_base64))?;
    let text = Zeroizing::new(strip_one_newline(rest).to_owned());
    Ok((Input::Text(text), Some(given)))
}

/// Every saved project whose secret the keyring holds. A keyring that
/// cannot be read is reported, not fatal: the token is still explained.
pub(super) fn saved_secrets(storage: &Storage) -> Vec<(Project, SecretKey)> {
    // A projects file that cannot be read does not stop the explanation.
    let settings = match storage.settings() {
        Ok(s) => s,
        Err(e) => {
            output::warning(&format!("saved projects were not tried: {}", e.0));
            return Vec::new();
        }
    };
    if settings.projects.is_empty() {
        return Vec::new();
    }
    let read = |keyring: &Keyring| -> Result<Vec<(Project, SecretKey)>, KeyringError> {
        keyring.status()?;
        let mut out = Vec::new();
        for p in settings.projects.iter() {
            if let Some(s) = keyring.get(&p.id)? {
                out.push((p.clone(), s));
            }
        }
        Ok(out)
    };
    read(storage.keyring()).unwrap_or_else(|e| {
        output::warning(&format!("saved projects were not tried: {e}"));
        Vec::new()
    })
}

pub fn run(a: &InspectArgs) -> Result<u8> {
    let (input, given) = read_input(a)?;
    let storage = Storage::new();
    let env_secret = env_var("VIDEOSDK_SECRET_KEY")
        .map(|s| SecretKey::parse(&s, SecretEncoding::Text))
        .transpose()?;
    let env_api_key = env_var("VIDEOSDK_API_KEY").map(|k| k.trim().to_owned());
    // A given secret is checked alone (app::verify): the keyring is not opened.
    let saved = match given {
        Some(_) => Vec::new(),
        None => saved_secrets(&storage),
    };
    let known = KnownSecrets {
        given: given.as_ref(),
        environment: env_secret.as_ref().map(|s| (s, env_api_key.as_deref())),
        saved: saved.iter().map(|(p, s)| (p, s)).collect(),
    };
    let candidates = candidates(&known);
    let now = Timestamp::now();
    let tz = TimeZone::system();
    let ctx = Context {
        now,
        tz: tz.clone(),
        candidates: &candidates,
        usage: Usage {
            room_id: a.room_id.clone(),
            participant_id: a.participant_id.clone(),
            purpose: a.purpose,
        },
    };
    let limit = if a.all { usize::MAX } else { 1 };
    let reports = match &input {
        Input::Text(text) => token::inspect_all(text, &ctx, limit),
        Input::TooLong(read) => vec![token::inspect_oversized(*read)],
    };
    let text = match (a.json, a.all) {
        (true, true) => {
            let all: Vec<_> = reports.iter().map(json::report_json).collect();
            json::to_text(&all, true) + "\n"
        }
        (true, false) => json::to_text(&json::report_json(&reports[0]), true) + "\n",
        (false, _) => {
            let shown: Vec<String> = reports
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let head = if reports.len() > 1 {
                        format!("Token {} of {}\n", i + 1, reports.len())
                    } else {
                        String::new()
                    };
                    head + &output::human(r, now, &tz, true)
                })
                .collect();
            shown.join("\n")
        }
    };
    output::stdout(&text);
    let _ = std::io::stdout().flush();
    Ok(json::exit_code_all(reports.iter().map(|r| r.outcome)))
}
