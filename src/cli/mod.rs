//! The command line: a peer of the window over the same core ([`crate::token`])
//! and use cases ([`crate::app`]). This module reads arguments and stdin,
//! prints, and maps outcomes to exit codes; it holds no project logic.

mod args;
mod diff;
mod evidence;
mod generate;
mod input;
mod inspect;
mod json;
mod like;
mod output;
mod presets;
mod project;
mod qr;
mod resolve;
mod scenarios;
mod shell;

use std::process::ExitCode;

use clap::Parser as _;

pub use args::{
    Cli, Command, DiffArgs, GenerateArgs, InspectArgs, ProjectCommand, ScenariosArgs, SecretArgs,
};
pub use json::{exit_code, report_json, to_text as json_text};
pub use output::human;
pub use shell::pages as man_pages;

use crate::app::KeyringError;
use crate::app::{AppError, SigningError};

/// A failure the user can act on: printed as `error: …`, exit code 2.
#[derive(Debug)]
pub struct CliError(pub String);

impl<E: std::error::Error> From<E> for CliError {
    fn from(e: E) -> Self {
        Self(e.to_string())
    }
}

type Result<T, E = CliError> = std::result::Result<T, E>;

fn fail(msg: impl Into<String>) -> CliError {
    CliError(msg.into())
}

/// The command line's way around a keyring that cannot be used.
const KEYRING_ADVICE: &str =
    "or skip the keyring: pipe the secret with --secret-stdin, or set VIDEOSDK_SECRET_KEY";

/// A keyring failure, with the command line's way around it.
fn keyring_failed(e: &KeyringError) -> CliError {
    fail(format!("{e}; {KEYRING_ADVICE}"))
}

/// A use-case failure; keyring failures get the command line's advice.
fn app_failed(e: AppError) -> CliError {
    match e {
        AppError::Keyring(k) => keyring_failed(&k),
        other => other.into(),
    }
}

/// A project that cannot sign, with what to do about it here.
fn signing_failed(e: &SigningError) -> CliError {
    match e {
        SigningError::NoSecret { name } => fail(format!(
            "{e}: add it again with `videosdk-token project remove {name}` and `project add`, or use --secret-stdin"
        )),
        SigningError::Keyring { source, .. } => keyring_failed(source),
    }
}

/// Entry point of the binary's command-line half. `None` means no
/// subcommand was given (the caller opens the window).
pub fn parse() -> Result<Option<Command>, ExitCode> {
    match Cli::try_parse() {
        Ok(cli) => Ok(cli.command),
        Err(e) => {
            output::usage(&e, unstyled_usage_error);
            Err(ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2)))
        }
    }
}

/// The parser's error for this command line without clap's styling, so
/// that the only escape sequences in it are the ones the user typed.
fn unstyled_usage_error() -> Option<String> {
    use clap::CommandFactory as _;
    Cli::command()
        .styles(clap::builder::Styles::plain())
        .try_get_matches_from(std::env::args_os())
        .err()
        .map(|e| e.render().ansi().to_string())
}

/// Runs a subcommand and returns the process exit code.
pub fn run(command: Command) -> ExitCode {
    let result = match command {
        Command::Generate(a) => generate::run(&a),
        Command::Inspect(a) => inspect::run(&a),
        Command::Diff(a) => diff::run(&a),
        Command::Project(p) => project::run(p),
        Command::Scenarios(a) => scenarios::run(&a),
        Command::Completions { shell } => shell::completions(shell),
        Command::Man { dir } => shell::man(&dir),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(CliError(msg)) => {
            output::error(&msg);
            ExitCode::from(2)
        }
    }
}
