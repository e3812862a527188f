//! `videosdk-token inspect`: read a token (argument or stdin), verify it
//! with every known secret, explain it.

use std::io::{IsTerminal as _, Write as _};

use jiff::Timestamp;
use jiff::tz::TimeZone;
use zeroize::Zeroizing;

use super::input::{STDIN_LIMIT, encoding, read_stdin_limited, strip_one_newline};
use super::{InspectArgs, Result, fail, json, output, resolve};
use crate::app::{KnownSecrets, SavedSecrets, candidates};
use crate::token::{self, Context, SecretKey, Usage};

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
        let given = super::resolve::given(&a.secret)?;
        let text = Zeroizing::new(a.token.clone().unwrap_or_default());
        return Ok((Input::Text(text), given));
    }
    if a.secret.secret_stdin && std::io::stdin().is_terminal() {
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
    if !a.secret.secret_stdin {
        let text = Zeroizing::new(strip_one_newline(&text).to_owned());
        return Ok((Input::Text(text), None));
    }
    let (secret_line, rest) = text.split_once('\n').unwrap_or((&text, ""));
    let given = SecretKey::parse(
        strip_one_newline(secret_line),
        encoding(a.secret.secret_base64),
    )?;
    let text = Zeroizing::new(strip_one_newline(rest).to_owned());
    Ok((Input::Text(text), Some(given)))
}

pub fn run(a: &InspectArgs) -> Result<u8> {
    if let Some(path) = &a.file {
        return super::evidence::run(a, path);
    }
    let (input, given) = read_input(a)?;
    let environment = resolve::environment()?;
    let now = Timestamp::now();
    let tz = TimeZone::system();
    let usage = Usage {
        room_id: a.room_id.clone(),
        participant_id: a.participant_id.clone(),
        purpose: a.purpose,
    };
    let limit = if a.all { usize::MAX } else { 1 };
    let reports = match (&input, &given) {
        (Input::TooLong(read), _) => vec![token::inspect_oversized(*read)],
        // A given secret is checked alone (app::verify): the keyring is not opened.
        (Input::Text(text), Some(given)) => {
            let candidates = candidates(&KnownSecrets {
                given: Some(given),
                ..KnownSecrets::default()
            });
            let ctx = Context {
                now,
                tz: tz.clone(),
                candidates: &candidates,
                usage,
            };
            token::inspect_all(text, &ctx, limit)
        }
        (Input::Text(text), None) => {
            let storage = resolve::storage();
            let mut saved = SavedSecrets::open(&storage);
            let reports = saved.inspect_all(environment.as_ref(), text, now, &tz, &usage, limit);
            for w in saved.warnings() {
                output::warning(w);
            }
            reports
        }
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
