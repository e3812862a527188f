//! Every flag of the command line, in one place.

use std::ffi::OsStr;

use clap::builder::{PossibleValue, StringValueParser, TypedValueParser};
use clap::{Args, Parser, Subcommand};
use jiff::Timestamp;

use crate::token::{
    BUILTIN_PRESETS, GenerateError, Lifetime, Permission, Purpose, Role, parse_time,
};

/// A flag's own parser, plus the fixed values shells and man pages offer
/// for it. Parsing (and so every error message) stays the parser's; the
/// values are only what Tab completes.
#[derive(Clone)]
struct Offered<T> {
    parse: fn(&str) -> Result<T, String>,
    values: fn() -> Vec<&'static str>,
}

impl<T: Clone + Send + Sync + 'static> TypedValueParser for Offered<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<T, clap::Error> {
        let parse = self.parse;
        StringValueParser::new()
            .try_map(move |s| parse(&s))
            .parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            (self.values)().into_iter().map(PossibleValue::new),
        ))
    }
}

/// `--permission`: one of the three VideoSDK permissions.
fn permission() -> Offered<Permission> {
    Offered {
        parse: |s| crate::token::parse_permission(s).map_err(|e| e.to_string()),
        values: || Permission::ALL.iter().map(|p| p.as_str()).collect(),
    }
}

/// `--role`: crawler or rtc.
fn role() -> Offered<Role> {
    Offered {
        parse: |s| crate::token::parse_role(s).map_err(|e| e.to_string()),
        values: || Role::ALL.iter().map(|r| r.as_str()).collect(),
    }
}

/// `--for`: join or api.
fn purpose() -> Offered<Purpose> {
    Offered {
        parse: |s| {
            Purpose::parse(s).ok_or_else(|| {
                format!("'{s}' is not a use: write join (a meeting) or api (the REST API)")
            })
        },
        values: || vec!["join", "api"],
    }
}

/// `--preset`: any name (a project may save its own); the built-in ones are offered.
fn preset() -> Offered<String> {
    Offered {
        parse: |s| Ok(s.to_owned()),
        values: || BUILTIN_PRESETS.to_vec(),
    }
}

/// `--expires`: a lifetime such as 24h.
fn lifetime(s: &str) -> Result<Lifetime, GenerateError> {
    Lifetime::parse(s).map_err(GenerateError::from)
}

/// `--expires-at`: an RFC 3339 time.
fn moment(s: &str) -> Result<Timestamp, GenerateError> {
    parse_time(s).map_err(GenerateError::from)
}

/// Generate, inspect and explain VideoSDK access tokens, offline.
///
/// With no subcommand the window opens. Secrets never travel as arguments:
/// they come from --secret-stdin, a saved project's keyring entry, or
/// VIDEOSDK_SECRET_KEY.
#[derive(Debug, Parser)]
#[command(name = "videosdk-token", version, about, long_about, after_help = EXIT_CODES)]
pub struct Cli {
    /// What to do; none opens the window.
    #[command(subcommand)]
    pub command: Option<Command>,
}

const EXIT_CODES: &str = "\
Exit codes of inspect: 0 verified and no error finding; 1 at least one error finding;
2 not a JWT, or a usage error; 3 decoded without error findings but not verified.
With --file: the worst of the file's tokens judged now; 2 if it holds none or is refused.
Other commands: 0 success, 2 refused or failed (the message says why and what to do).";

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Sign a token (or many) and print it on stdout.
    #[command(after_help = GENERATE_HELP)]
    Generate(Box<GenerateArgs>),
    /// Decode, verify and explain a token (from the argument or stdin).
    #[command(after_help = EXIT_CODES)]
    Inspect(InspectArgs),
    /// Compare two tokens claim by claim, by what the differences mean.
    #[command(after_help = DIFF_HELP)]
    Diff(DiffArgs),
    /// Manage saved projects (API key in a config file, secret in the OS keyring).
    #[command(subcommand)]
    Project(ProjectCommand),
    /// QA: one token per way VideoSDK refuses a token, each BROKEN ON PURPOSE.
    #[command(after_help = SCENARIOS_HELP)]
    Scenarios(ScenariosArgs),
    /// Print the shell completion script for bash, zsh, fish, elvish or powershell.
    #[command(after_help = COMPLETIONS_HELP)]
    Completions {
        /// The shell to complete in.
        #[arg(value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
    /// Write the man pages (videosdk-token.1 and one per subcommand) to DIR.
    /// For packagers and `cargo install` users; the .deb ships them.
    Man {
        /// Directory to write the pages to (created if missing).
        #[arg(value_name = "DIR")]
        dir: std::path::PathBuf,
    },
}

/// clap turns every `{n}` in help text into a line break, with no escape;
/// an empty style (a reset, which anstream strips when not on a terminal)
/// between the brace and the `n` keeps it literal: `{n}` on screen, in a
/// pipe and in the man page.
const PARTICIPANT_HELP: &str =
    "v2: limit the token to this participant; {\x1b[0mn} becomes 1, 2, 3… with --count.";
const COMPLETIONS_HELP: &str = "\
Examples:
  videosdk-token completions bash > ~/.local/share/bash-completion/completions/videosdk-token
  videosdk-token completions zsh > ~/.zfunc/_videosdk-token   # with fpath+=(~/.zfunc) before compinit
  videosdk-token completions fish > ~/.config/fish/completions/videosdk-token.fish";

const GENERATE_HELP: &str = "\
Secret sources, in order: --secret-stdin; --project's keyring entry;
VIDEOSDK_SECRET_KEY (with VIDEOSDK_API_KEY); the default project.

Examples:
  videosdk-token generate --project staging
  videosdk-token generate --permission allow_join --permission allow_mod --expires 2h
  VIDEOSDK_API_KEY=key VIDEOSDK_SECRET_KEY=secret videosdk-token generate --json
  videosdk-token generate --room-id abc-defg-hij --participant-id 'qa-{\x1b[0mn}' --count 500
  videosdk-token generate --preset host --claims '{\"team\": \"qa\"}'";

/// The secret flags, the same on every command that signs or verifies.
/// A secret never travels as an argument: it would show in `ps` and the
/// shell's history.
#[derive(Debug, Clone, Copy, Default, Args)]
pub struct SecretArgs {
    /// Read the secret from stdin (hidden prompt on a terminal).
    #[arg(long)]
    pub secret_stdin: bool,
    /// The secret read from stdin is base64/base64url, not text.
    #[arg(long, requires = "secret_stdin")]
    pub secret_base64: bool,
}

/// `generate` flags.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Saved project to sign with (default: the default project).
    #[arg(long, short = 'p', value_name = "NAME")]
    pub project: Option<String>,
    /// API key for the token (default: the project's, or VIDEOSDK_API_KEY).
    #[arg(long, value_name = "KEY")]
    pub api_key: Option<String>,
    /// Where the secret comes from, if not from the project or the environment.
    #[command(flatten)]
    pub secret: SecretArgs,
    /// Permission: allow_join, ask_join or allow_mod; repeat or comma-separate.
    /// Default: the project's default, else allow_join.
    #[arg(
        long = "permission",
        short = 'P',
        value_name = "P",
        value_delimiter = ',',
        value_parser = permission(),
        hide_possible_values = true
    )]
    pub permissions: Vec<Permission>,
    /// Lifetime: 30s, 10m, 24h, 7d, 2w, 1y, 1h30m or bare seconds (default 24h).
    #[arg(
        long,
        short = 'e',
        value_name = "DURATION",
        conflicts_with = "expires_at",
        value_parser = lifetime
    )]
    pub expires: Option<Lifetime>,
    /// Absolute expiry as RFC 3339, e.g. 2026-12-24T18:00:00Z.
    #[arg(long, value_name = "RFC3339", value_parser = moment)]
    pub expires_at: Option<Timestamp>,
    /// v2: limit the token to this room.
    #[arg(long, value_name = "ID")]
    pub room_id: Option<String>,
    #[arg(long, value_name = "ID", help = PARTICIPANT_HELP)]
    pub participant_id: Option<String>,
    /// v2: crawler (REST API only) or rtc (meetings only); repeat or comma-separate.
    #[arg(long = "role", value_name = "R", value_delimiter = ',', value_parser = role(),
          hide_possible_values = true)]
    pub roles: Vec<Role>,
    /// How many tokens to print, one per line.
    #[arg(long, short = 'n', default_value_t = 1, value_name = "N",
          value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    pub count: u64,
    /// Print JSON (one object per line): {token, header, claims}.
    #[arg(long)]
    pub json: bool,
    /// Print CSV: a participantId,token header, then one row per token (the
    /// window's "Save as CSV" writer; cells a spreadsheet would run as a
    /// formula are neutralised with a leading ').
    #[arg(long, conflicts_with_all = ["json", "qr", "qr_png", "like"])]
    pub csv: bool,
    /// Also write the token into this .env file, in place: the variable's
    /// value is replaced (added when absent), every other byte kept. The
    /// write is atomic, keeps the file's mode and refuses a symlink.
    #[arg(long, value_name = "PATH", conflicts_with_all = ["csv", "like"])]
    pub into_env: Option<std::path::PathBuf>,
    /// The variable --into-env writes (default: the first present of
    /// VITE_VIDEOSDK_TOKEN, REACT_APP_VIDEOSDK_TOKEN, NEXT_PUBLIC_VIDEOSDK_TOKEN,
    /// VIDEOSDK_TOKEN, AUTH_TOKEN; else VIDEOSDK_TOKEN).
    #[arg(long, value_name = "NAME", requires = "into_env")]
    pub var: Option<String>,
    /// Make a fresh token like this one (or - for stdin): the same claims and
    /// lifetime, new iat/exp/jti, signed by the saved project with its API
    /// key (or --secret-stdin). Other flags override what is copied.
    #[arg(long, value_name = "TOKEN")]
    pub like: Option<String>,
    /// Also print the token as a QR code (Unicode blocks) under it, to scan
    /// with a phone. One token only; not with --json.
    #[arg(long, conflicts_with = "json")]
    pub qr: bool,
    /// Also write the token as a QR code to this PNG file (replaced
    /// atomically; a symlink is refused). The token is still printed.
    #[arg(long, value_name = "PATH")]
    pub qr_png: Option<std::path::PathBuf>,
    /// Role preset: host, participant, lobby-guest, api, meeting-only, or one
    /// saved in the project. --permission, --expires, --role… override it.
    #[arg(long, value_name = "NAME", value_parser = preset(), hide_possible_values = true)]
    pub preset: Option<String>,
    /// Custom claims: a JSON object, or @FILE to read one from a file. They
    /// cannot set or shadow VideoSDK's claims (apikey, permissions, exp…).
    #[arg(long, value_name = "JSON|@FILE")]
    pub claims: Option<String>,
}

/// `inspect` flags.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The token, or - (or nothing) to read it from stdin. Prefixes, quotes
    /// and line breaks are cleaned off.
    #[arg(value_name = "TOKEN")]
    pub token: Option<String>,
    /// A secret to verify with, read from stdin (first line if the token is
    /// piped too); otherwise saved projects and VIDEOSDK_SECRET_KEY are tried.
    #[command(flatten)]
    pub secret: SecretArgs,
    /// Print JSON: {verdict, header, claims, signature: {status, project}, findings,
    /// log_codes}; with --all, an array of them; with --file, {file, tokens}.
    #[arg(long)]
    pub json: bool,
    /// Read a file a customer sent: a HAR export, a log or a .env (told from
    /// its content). Each VideoSDK token in it is judged now and at every
    /// moment it was used. Over 512 MB, or not a regular file: refused.
    #[arg(long, value_name = "PATH", conflicts_with_all = ["token", "all", "room_id", "participant_id", "purpose"])]
    pub file: Option<std::path::PathBuf>,
    /// Inspect every token in the input, in order (default: the first, with a
    /// `more_tokens` note). Exit code: the worst of them.
    #[arg(long)]
    pub all: bool,
    /// The room (meeting id) the token was used to join: a v2 roomId that
    /// differs is VideoSDK's 4022.
    #[arg(long, value_name = "ID")]
    pub room_id: Option<String>,
    /// The participant id it was used with: a v2 participantId that differs
    /// is VideoSDK's 4023.
    #[arg(long, value_name = "ID")]
    pub participant_id: Option<String>,
    /// What it was used for: join (a meeting: needs the rtc role if roles are
    /// set, else 4024) or api (the REST API: needs crawler, else 401).
    #[arg(long = "for", value_name = "join|api", value_parser = purpose(),
          hide_possible_values = true)]
    pub purpose: Option<Purpose>,
}

const DIFF_HELP: &str = "\
Exit codes: 0 both tokens decode (whether or not they differ); 2 either is not a JWT
(the message says which), or a usage error.

Examples:
  videosdk-token diff \"$OLD_TOKEN\" \"$NEW_TOKEN\"
  pbpaste | videosdk-token diff - \"$TOKEN\" --json | jq '.differences[].meaning'";

/// `diff` arguments.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// Token A, or - to read it from stdin. Prefixes, quotes and line
    /// breaks are cleaned off, as for inspect.
    #[arg(value_name = "A")]
    pub a: String,
    /// Token B, or - to read it from stdin (only one of A and B may be -).
    #[arg(value_name = "B")]
    pub b: String,
    /// Print JSON: {a: {verdict, outcome, claims}, b: {…}, differences: [{claim, a, b, meaning}]}.
    #[arg(long)]
    pub json: bool,
}

/// `project` subcommands.
#[derive(Debug, Subcommand)]
pub enum ProjectCommand {
    /// Save a project; its secret is read from stdin (hidden prompt on a terminal).
    #[command(after_help = PROJECT_ADD_HELP)]
    Add {
        /// Project name, e.g. staging.
        name: String,
        /// The project's API key.
        #[arg(long, value_name = "KEY")]
        api_key: String,
        /// Default permissions for this project (repeat or comma-separate).
        #[arg(
            long = "permission",
            short = 'P',
            value_name = "P",
            value_delimiter = ',',
            value_parser = permission(),
            hide_possible_values = true
        )]
        permissions: Vec<Permission>,
        /// Default lifetime for this project's tokens, e.g. 24h.
        #[arg(long, value_name = "DURATION", value_parser = lifetime)]
        expires: Option<Lifetime>,
        /// Read the secret from stdin (hidden prompt on a terminal). `add`
        /// always does; the flag is accepted so it is spelt as elsewhere.
        #[arg(long)]
        secret_stdin: bool,
        /// The secret read from stdin is base64/base64url, not text.
        #[arg(long)]
        secret_base64: bool,
    },
    /// Change a saved project: API key, default permissions and lifetime,
    /// name, and (with --secret-stdin) its secret. What is not given is kept.
    #[command(after_help = PROJECT_EDIT_HELP)]
    Edit {
        /// The project's current name.
        name: String,
        /// The new API key.
        #[arg(long, value_name = "KEY")]
        api_key: Option<String>,
        /// New default permissions (repeat or comma-separate); they replace
        /// the old ones.
        #[arg(
            long = "permission",
            short = 'P',
            value_name = "P",
            value_delimiter = ',',
            value_parser = permission(),
            hide_possible_values = true
        )]
        permissions: Vec<Permission>,
        /// New default lifetime for this project's tokens, e.g. 24h.
        #[arg(long, value_name = "DURATION", value_parser = lifetime)]
        expires: Option<Lifetime>,
        /// New name; the secret stays with the project.
        #[arg(long, value_name = "NAME")]
        rename: Option<String>,
        /// Replace the secret with one read from stdin (hidden prompt on a
        /// terminal). Without it the keyring is not touched.
        #[command(flatten)]
        secret: SecretArgs,
    },
    /// List saved projects (secrets are never shown, only whether they are in the keyring).
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Remove a project and its keyring entry.
    Remove {
        /// Project name.
        name: String,
    },
    /// Make a project the default for generate.
    Default {
        /// Project name.
        name: String,
    },
    /// Find secrets in the keyring without a project, and projects without a secret.
    Doctor {
        /// Clean what is found: delete orphaned secrets, remove projects without
        /// a secret (asks first on a terminal).
        #[arg(long)]
        fix: bool,
        /// Print JSON: {orphaned_secrets: [id], without_secret: [{id, name}]}.
        #[arg(long)]
        json: bool,
    },
    /// Import VIDEOSDK_API_KEY and VIDEOSDK_SECRET_KEY from a .env file.
    ImportEnv {
        /// Path of the .env file.
        path: std::path::PathBuf,
        /// Name of the new project.
        #[arg(long)]
        name: String,
    },
}

const PROJECT_ADD_HELP: &str = "\
The secret is read from stdin (first line; a hidden prompt on a terminal),
never from an argument, and stored in the OS keyring before the project is
written; if the keyring refuses it, nothing is saved.

Examples:
  videosdk-token project add staging --api-key 1a2b3c4d-...
  pass show videosdk/staging | videosdk-token project add staging --api-key 1a2b3c4d-... --secret-stdin";

const PROJECT_EDIT_HELP: &str = "\
Only what is given changes. A new secret (--secret-stdin) goes to the keyring
first, under the same lock as the file; if the keyring refuses it, or the file
cannot be written, the project and its old secret are left as they were.

Examples:
  videosdk-token project edit staging --expires 2h --permission allow_join,allow_mod
  videosdk-token project edit staging --rename staging-eu
  pass show videosdk/staging | videosdk-token project edit staging --secret-stdin";

const SCENARIOS_HELP: &str = "\
Secret sources, in order: --secret-stdin; --project's keyring entry;
VIDEOSDK_SECRET_KEY (with VIDEOSDK_API_KEY); the default project.
other-project-key also needs a second saved project (its secret from the keyring).

Each token must make `inspect` report its finding (and VideoSDK code) when
inspected with its context, e.g.
  videosdk-token inspect TOKEN --room-id qa-room-2

JSON: an array of {name, description, videosdk_error, videosdk_error_name,
finding, context: {room_id, participant_id, for}, token}; the three context
keys are always there, null when the scenario fails in any context.";

/// `scenarios` flags.
#[derive(Debug, Args)]
pub struct ScenariosArgs {
    /// Saved project to make the tokens for (default: the default project).
    #[arg(long, short = 'p', value_name = "NAME")]
    pub project: Option<String>,
    /// Where the secret comes from, if not from the project or the environment.
    #[command(flatten)]
    pub secret: SecretArgs,
    /// Print JSON: an array of scenarios (see below).
    #[arg(long)]
    pub json: bool,
}
