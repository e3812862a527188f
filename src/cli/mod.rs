//! The command line: a peer of the window over the same core and storage.

mod args;
mod output;

use std::io::{IsTerminal as _, Read as _, Write as _};
use std::process::ExitCode;

use clap::{CommandFactory as _, Parser as _};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use zeroize::Zeroizing;

pub use args::{Cli, Command, GenerateArgs, InspectArgs, ProjectCommand};

use crate::store::{Keyring, KeyringError, Project, ProjectsFile, Settings, default_config_dir};
use crate::token::{
    self, Candidate, Context, Expiry, GenerateError, Generator, KeySource, Permission,
    SecretEncoding, SecretKey, TokenRequest,
};

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

/// Entry point of the binary's command-line half. `None` means no
/// subcommand was given (the caller opens the window).
pub fn parse() -> Result<Option<Command>, ExitCode> {
    match Cli::try_parse() {
        Ok(cli) => Ok(cli.command),
        Err(e) => {
            let _ = e.print();
            Err(ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2)))
        }
    }
}

/// Prints the full help (used when no window can be shown).
pub fn print_help() {
    let _ = Cli::command().print_long_help();
}

/// Runs a subcommand and returns the process exit code.
pub fn run(command: Command) -> ExitCode {
    let result = match command {
        Command::Generate(a) => generate(&a),
        Command::Inspect(a) => inspect(&a),
        Command::Project(p) => project(p),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(CliError(msg)) => {
            eprintln!("videosdk-token: error: {msg}");
            ExitCode::from(2)
        }
    }
}

/// The whole CLI: parse, then run (no subcommand prints help).
pub fn main() -> ExitCode {
    match parse() {
        Ok(Some(cmd)) => run(cmd),
        Ok(None) => {
            print_help();
            ExitCode::SUCCESS
        }
        Err(code) => code,
    }
}

/// A keyring failure, with the command line's way around it.
fn keyring_failed(e: &KeyringError) -> CliError {
    fail(format!(
        "{e}; or skip the keyring: pipe the secret with --secret-stdin, or set VIDEOSDK_SECRET_KEY"
    ))
}

/// Saved projects and the keyring, opened only when a command needs them.
struct Storage {
    file: Option<ProjectsFile>,
    keyring: Option<Keyring>,
}

impl Storage {
    fn new() -> Self {
        Self {
            file: default_config_dir().ok().map(|d| ProjectsFile::in_dir(&d)),
            keyring: None,
        }
    }

    fn file(&self) -> Result<&ProjectsFile> {
        self.file
            .as_ref()
            .ok_or_else(|| fail(crate::store::ProjectsError::NoConfigDir.to_string()))
    }

    fn settings(&self) -> Result<Settings> {
        let Some(file) = &self.file else {
            return Ok(Settings::default());
        };
        let loaded = file.load()?;
        if let Some(w) = loaded.warning {
            eprintln!("videosdk-token: warning: {w}");
        }
        Ok(loaded.settings)
    }

    fn keyring(&mut self) -> &Keyring {
        self.keyring.get_or_insert_with(Keyring::platform)
    }

    fn secret_of(&mut self, p: &Project) -> Result<SecretKey> {
        match self.keyring().get(&p.id) {
            Ok(Some(s)) => Ok(s),
            Ok(None) => Err(fail(format!(
                "project '{}' has no secret in the keyring: add it again with `videosdk-token project remove {0}` and `project add`, or use --secret-stdin",
                p.name
            ))),
            Err(e) => Err(keyring_failed(&e)),
        }
    }
}

fn env_var(name: &str) -> Option<Zeroizing<String>> {
    std::env::var(name)
        .ok()
        .filter(|v| !v.trim().is_empty())
        .map(Zeroizing::new)
}

/// How much of piped input is read; the rest is drained unread. Far above
/// [`token::MAX_INPUT_BYTES`], so the core still sees (and explains) an oversized paste.
const STDIN_LIMIT: usize = 256 << 20;

/// Reads everything on stdin, up to a limit; counts (but drops) the rest.
fn read_stdin_limited(limit: usize) -> Result<(Zeroizing<String>, usize)> {
    let mut buf = Vec::new();
    let stdin = std::io::stdin();
    let mut lock = stdin.lock();
    (&mut lock)
        .take(limit as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(|e| fail(format!("cannot read stdin: {e}")))?;
    let mut total = buf.len();
    if total > limit {
        total += std::io::copy(&mut lock, &mut std::io::sink()).unwrap_or(0) as usize;
    }
    let text = Zeroizing::new(String::from_utf8_lossy(&buf).into_owned());
    buf.fill(0);
    Ok((text, total))
}

fn strip_one_newline(s: &str) -> &str {
    s.strip_suffix("\r\n")
        .or_else(|| s.strip_suffix('\n'))
        .unwrap_or(s)
}

fn read_secret_stdin(prompt: &str, encoding: SecretEncoding) -> Result<SecretKey> {
    let text = if std::io::stdin().is_terminal() {
        Zeroizing::new(
            rpassword::prompt_password(prompt)
                .map_err(|e| fail(format!("cannot read the secret: {e}")))?,
        )
    } else {
        read_stdin_limited(64 * 1024)?.0
    };
    SecretKey::parse(strip_one_newline(&text), encoding).map_err(Into::into)
}

fn encoding(base64: bool) -> SecretEncoding {
    if base64 {
        SecretEncoding::Base64
    } else {
        SecretEncoding::Text
    }
}

// ---------------------------------------------------------------- generate

fn generate(a: &GenerateArgs) -> Result<u8> {
    let mut storage = Storage::new();
    let settings =
        if a.project.is_some() || !a.secret_stdin && env_var("VIDEOSDK_SECRET_KEY").is_none() {
            storage.settings()?
        } else {
            Settings::default()
        };
    let named = match &a.project {
        Some(name) => Some(settings.find(name).cloned().ok_or_else(|| {
            fail(crate::store::ProjectsError::NotFound(name.clone()).to_string())
        })?),
        None => None,
    };
    let env_secret = env_var("VIDEOSDK_SECRET_KEY");
    // Secret sources, in order: --secret-stdin, --project, environment, default project.
    let (secret, project) = if a.secret_stdin {
        (
            read_secret_stdin("Secret key (input hidden): ", encoding(a.secret_base64))?,
            named,
        )
    } else if let Some(p) = named {
        (storage.secret_of(&p)?, Some(p))
    } else if let Some(s) = env_secret {
        (SecretKey::parse(&s, SecretEncoding::Text)?, None)
    } else if let Some(p) = settings.default_project().cloned() {
        (storage.secret_of(&p)?, Some(p))
    } else {
        return Err(fail(
            "no secret to sign with: add a project (`videosdk-token project add NAME --api-key KEY`), pipe the secret with --secret-stdin, or set VIDEOSDK_SECRET_KEY and VIDEOSDK_API_KEY",
        ));
    };
    let api_key = a
        .api_key
        .clone()
        .or_else(|| project.as_ref().map(|p| p.api_key.clone()))
        .or_else(|| env_var("VIDEOSDK_API_KEY").map(|k| k.trim().to_owned()))
        .ok_or_else(|| fail("no API key: give --api-key, set VIDEOSDK_API_KEY, or use a saved project (--project)"))?;
    let permissions: Vec<Permission> = if a.permissions.is_empty() {
        match &project {
            Some(p) => p
                .permissions
                .iter()
                .map(|s| token::parse_permission(s))
                .collect::<Result<_, _>>()?,
            None => vec![Permission::AllowJoin],
        }
    } else {
        a.permissions
            .iter()
            .map(|s| token::parse_permission(s))
            .collect::<Result<_, _>>()?
    };
    let roles = a
        .roles
        .iter()
        .map(|s| token::parse_role(s))
        .collect::<Result<Vec<_>, _>>()?;
    let expiry = match (&a.expires, &a.expires_at) {
        (Some(d), _) => Expiry::In(token::parse_duration(d).map_err(GenerateError::from)?),
        (None, Some(t)) => Expiry::At(token::parse_time(t).map_err(GenerateError::from)?),
        (None, None) => match &project {
            Some(p) => Expiry::In(token::parse_duration(&p.expires).map_err(GenerateError::from)?),
            None => Expiry::default(),
        },
    };
    let req = TokenRequest {
        api_key,
        permissions,
        expiry,
        room_id: a.room_id.clone(),
        participant_id: a.participant_id.clone(),
        roles,
    };
    let mut generator = Generator::new(&req, &secret)?;
    let now = Timestamp::now();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    for n in 1..=a.count {
        let t = generator.sign(now, n)?;
        let written = if a.json {
            let report = token::inspect(
                &t.token,
                &Context {
                    now,
                    tz: TimeZone::UTC,
                    candidates: &[],
                },
            );
            let line = serde_json::json!({"token": t.token, "header": report.header, "claims": report.claims});
            writeln!(out, "{line}")
        } else {
            out.write_all(t.token.as_bytes())
                .and_then(|()| out.write_all(b"\n"))
        };
        if let Err(e) = written {
            return handle_write_error(&e);
        }
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

// ----------------------------------------------------------------- inspect

fn inspect(a: &InspectArgs) -> Result<u8> {
    let from_stdin = matches!(a.token.as_deref(), None | Some("-"));
    let mut given: Option<SecretKey> = None;
    let input: Zeroizing<String> = if from_stdin {
        if std::io::stdin().is_terminal() && !a.secret_stdin {
            eprintln!("Paste the token, then press Enter and Ctrl-D:");
        }
        if a.secret_stdin && std::io::stdin().is_terminal() {
            return Err(fail(
                "--secret-stdin with the token also on stdin needs a pipe: printf '%s\\n%s\\n' \"$SECRET\" \"$TOKEN\" | videosdk-token inspect --secret-stdin",
            ));
        }
        // Anything past the limit is not a token; the core says "too long".
        let (text, _total) = read_stdin_limited(STDIN_LIMIT)?;
        if a.secret_stdin {
            let (secret_line, rest) = text.split_once('\n').unwrap_or((&text, ""));
            given = Some(SecretKey::parse(
                strip_one_newline(secret_line),
                encoding(a.secret_base64),
            )?);
            Zeroizing::new(strip_one_newline(rest).to_owned())
        } else {
            Zeroizing::new(strip_one_newline(&text).to_owned())
        }
    } else {
        if a.secret_stdin {
            given = Some(read_secret_stdin(
                "Secret key (input hidden): ",
                encoding(a.secret_base64),
            )?);
        }
        Zeroizing::new(a.token.clone().unwrap_or_default())
    };
    if a.secret_base64 && !a.secret_stdin {
        return Err(fail("--secret-base64 needs --secret-stdin"));
    }

    let mut storage = Storage::new();
    let env_secret = env_var("VIDEOSDK_SECRET_KEY")
        .map(|s| SecretKey::parse(&s, SecretEncoding::Text))
        .transpose()?;
    let env_api_key = env_var("VIDEOSDK_API_KEY").map(|k| k.trim().to_owned());
    let mut projects: Vec<(Project, SecretKey)> = Vec::new();
    if given.is_none() {
        let settings = storage.settings()?;
        if !settings.projects.is_empty() {
            match load_secrets(storage.keyring(), &settings.projects) {
                Ok(list) => projects = list,
                Err(e) => eprintln!("videosdk-token: warning: saved projects were not tried: {e}"),
            }
        }
    }
    let mut candidates: Vec<Candidate<'_>> = Vec::new();
    if let Some(s) = &given {
        candidates.push(Candidate {
            source: KeySource::Given,
            api_key: None,
            secret: s,
        });
    } else {
        if let Some(s) = &env_secret {
            candidates.push(Candidate {
                source: KeySource::Environment,
                api_key: env_api_key.as_deref(),
                secret: s,
            });
        }
        for (p, s) in &projects {
            candidates.push(Candidate {
                source: KeySource::Project {
                    name: p.name.clone(),
                },
                api_key: Some(&p.api_key),
                secret: s,
            });
        }
    }
    let now = Timestamp::now();
    let tz = TimeZone::system();
    let ctx = Context {
        now,
        tz: tz.clone(),
        candidates: &candidates,
    };
    let report = token::inspect(&input, &ctx);
    let text = if a.json {
        format!("{:#}\n", report.to_json())
    } else {
        // Colour only for a person at a terminal who has not asked for none.
        let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        output::human(&report, now, &tz, color)
    };
    let _ = std::io::stdout().write_all(text.as_bytes());
    Ok(report.outcome.exit_code())
}

fn load_secrets(
    keyring: &Keyring,
    projects: &[Project],
) -> Result<Vec<(Project, SecretKey)>, KeyringError> {
    keyring.status()?;
    let mut out = Vec::new();
    for p in projects {
        if let Some(s) = keyring.get(&p.id)? {
            out.push((p.clone(), s));
        }
    }
    Ok(out)
}

// ----------------------------------------------------------------- project

fn project(cmd: ProjectCommand) -> Result<u8> {
    let mut storage = Storage::new();
    match cmd {
        ProjectCommand::Add {
            name,
            api_key,
            permissions,
            expires,
            secret_base64,
        } => {
            crate::store::validate_name(&name)?;
            let defaults = project_defaults(&api_key, &permissions, expires.as_deref())?;
            if storage
                .settings()?
                .find(&name)
                .is_some_and(|p| p.name.eq_ignore_ascii_case(&name))
            {
                return Err(crate::store::ProjectsError::NameTaken(name).into());
            }
            let secret = read_secret_stdin(
                &format!("Secret key for {name} (input hidden): "),
                encoding(secret_base64),
            )?;
            save_project(&mut storage, &name, defaults, &secret)
        }
        ProjectCommand::ImportEnv { path, name } => {
            crate::store::validate_name(&name)?;
            let env = crate::store::read_env_file(&path)?;
            let defaults = project_defaults(&env.api_key, &[], None)?;
            save_project(&mut storage, &name, defaults, &env.secret)
        }
        ProjectCommand::List { json } => {
            let settings = storage.settings()?;
            if settings.projects.is_empty() && !json {
                println!("No projects yet. Add one: videosdk-token project add NAME --api-key KEY");
                return Ok(0);
            }
            let keyring = storage.keyring();
            let rows: Vec<output::ProjectRow> = settings
                .projects
                .iter()
                .map(|p| output::ProjectRow {
                    name: p.name.clone(),
                    api_key: p.api_key.clone(),
                    default: settings.default.as_deref() == Some(&p.id),
                    permissions: p.permissions.join(","),
                    expires: p.expires.clone(),
                    secret: match keyring.get(&p.id) {
                        Ok(Some(_)) => "in keyring".to_owned(),
                        Ok(None) => "missing".to_owned(),
                        Err(_) => "keyring unavailable".to_owned(),
                    },
                })
                .collect();
            print!("{}", output::projects(&rows, json));
            if let Err(e) = keyring.status() {
                eprintln!("videosdk-token: warning: {e}");
            }
            Ok(0)
        }
        ProjectCommand::Remove { name } => {
            let settings = storage.settings()?;
            let p = settings
                .find(&name)
                .cloned()
                .ok_or_else(|| crate::store::ProjectsError::NotFound(name.clone()))?;
            // Keyring first: if it fails, the project stays listed and nothing is orphaned.
            storage
                .keyring()
                .delete(&p.id)
                .map_err(|e| keyring_failed(&e))?;
            storage.file()?.remove(&p.name)?;
            println!(
                "Removed project {} and its secret from the keyring.",
                p.name
            );
            Ok(0)
        }
        ProjectCommand::Default { name } => {
            let p = storage.file()?.set_default(&name)?;
            println!("{} is now the default project.", p.name);
            Ok(0)
        }
    }
}

fn project_defaults(
    api_key: &str,
    permissions: &[String],
    expires: Option<&str>,
) -> Result<(String, Vec<String>, String)> {
    let api_key = api_key.trim().to_owned();
    let perms: Vec<Permission> = if permissions.is_empty() {
        vec![Permission::AllowJoin]
    } else {
        permissions
            .iter()
            .map(|s| token::parse_permission(s))
            .collect::<Result<_, _>>()?
    };
    let expires = expires.unwrap_or("24h").trim().to_owned();
    token::parse_duration(&expires).map_err(GenerateError::from)?;
    // The same checks as generating, so a saved project can always generate.
    token::validate(&TokenRequest {
        api_key: api_key.clone(),
        permissions: perms.clone(),
        ..TokenRequest::default()
    })?;
    Ok((
        api_key,
        perms.iter().map(|p| p.as_str().to_owned()).collect(),
        expires,
    ))
}

fn save_project(
    storage: &mut Storage,
    name: &str,
    (api_key, permissions, expires): (String, Vec<String>, String),
    secret: &SecretKey,
) -> Result<u8> {
    let project = Project {
        id: uuid::Uuid::new_v4().to_string(),
        name: name.to_owned(),
        api_key,
        permissions,
        expires,
    };
    let file = storage.file()?.clone();
    storage
        .keyring()
        .set(&project.id, secret)
        .map_err(|e| keyring_failed(&e))?;
    match file.add(project.clone()) {
        Ok(warning) => {
            if let Some(w) = warning {
                eprintln!("videosdk-token: warning: {w}");
            }
        }
        Err(e) => {
            // Do not leave a secret behind for a project that was not saved.
            let _ = storage.keyring().delete(&project.id);
            return Err(e.into());
        }
    }
    let is_default =
        file.load().ok().and_then(|l| l.settings.default).as_deref() == Some(project.id.as_str());
    println!(
        "Saved project {} (API key {}); its secret is in the OS keyring.{}",
        project.name,
        project.api_key,
        if is_default {
            " It is the default project."
        } else {
            ""
        }
    );
    Ok(0)
}
