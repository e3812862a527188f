//! Background tasks: work that carries data and takes its time (signing a
//! batch of tokens, a file chooser and the write after it), kept apart from
//! the UI [`Command`](super::Command)s, after rerun's `SystemCommand` and its
//! file saver. Pages and the shell describe a [`Task`]; the one [`Tasks`]
//! runner starts it on a thread of its own and hands each result back, as a
//! [`TaskDone`], to whoever asked: Generate for its batches, Projects for
//! its `.env` file. Storage work (keyring, projects file) is not a task: it
//! goes to the storage worker ([`super::io`]), one job after another.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};

use eframe::egui;
use jiff::Timestamp;

use super::chooser::{Ask, Chooser};
use super::export::{self, Format, Row};
use crate::app::evidence::{open_evidence, read, write_into_env};
use crate::token::Generator;
use videosdk_token_core::evidence::Evidence;

/// How often a batch publishes its progress and looks for Cancel.
const CHECK_EVERY: u64 = 128;

/// Said when a save chooser answers nothing: cancelled, or no chooser at all.
pub(crate) const NO_FILE: &str = "No file chosen: nothing was saved. If no file chooser appeared, this desktop has neither the xdg desktop portal nor zenity: install one (e.g. xdg-desktop-portal-gtk or zenity), or use Copy all.";

/// Work for a thread of its own.
pub(crate) enum Task {
    /// Sign participant tokens 1..=`total`; progress and Cancel are shared
    /// with the page that shows them.
    SignBatch {
        /// Prepared with the project's secret and the request (boxed: it
        /// holds the prepared HMAC state).
        generator: Box<Generator>,
        /// The participant pattern (`qa-{n}`).
        pattern: String,
        /// How many.
        total: u64,
        /// The `iat` of every token.
        now: Timestamp,
        /// Tokens made so far.
        made: Arc<AtomicU64>,
        /// Set to stop.
        cancel: Arc<AtomicBool>,
    },
    /// Ask where to save a batch (the desktop's file chooser), then write it
    /// through the program's one atomic writer.
    SaveBatch {
        /// The tokens.
        rows: Arc<Vec<Row>>,
        /// The file name offered.
        name: String,
        /// CSV or JSON lines.
        format: Format,
    },
    /// Ask for a `.env` file to import.
    ChooseEnvFile,
    /// Read a file a customer sent (HAR, log, `.env`): the one given
    /// (dropped on the window), or one the user picks.
    ReadEvidence {
        /// `None`: ask with the file chooser.
        path: Option<PathBuf>,
        /// The zone for times written without one.
        tz: jiff::tz::TimeZone,
    },
    /// Ask which `.env` to write the token into, then write it (the
    /// variable: the first token variable present, or added).
    WriteEnv {
        /// The token (never the secret).
        token: String,
    },
}

/// A signed batch, or why not.
pub(crate) enum BatchDone {
    /// All tokens, and their `exp`.
    Done {
        /// One per participant.
        rows: Vec<Row>,
        /// When they expire.
        exp: i64,
    },
    /// Cancel was pressed (or the project changed).
    Cancelled,
    /// Signing failed.
    Failed(String),
}

/// What a task answered, for whoever asked.
pub(crate) enum TaskDone {
    /// For Generate's "Many participants".
    Batch(BatchDone),
    /// For Generate's "Many participants": the sentence to show.
    BatchSaved(Result<String, String>),
    /// For Projects: the `.env` file chosen (`None`: none), or why no
    /// chooser could open.
    EnvFile(Result<Option<PathBuf>, String>),
    /// For Inspect: the file read (`None`: none chosen), or why not.
    Evidence(Result<Option<(PathBuf, Evidence)>, String>),
    /// For Generate: the `.env` written and the variable set (`None`: no
    /// file chosen), or why not.
    EnvWritten(Result<Option<(PathBuf, String)>, String>),
}

/// Starts tasks on threads and collects their answers.
pub(crate) struct Tasks {
    tx: Sender<TaskDone>,
    rx: Receiver<TaskDone>,
    chooser: Chooser,
}

impl Tasks {
    /// Tasks that ask `chooser` for files.
    pub(crate) fn new(chooser: Chooser) -> Self {
        let (tx, rx) = channel();
        Self { tx, rx, chooser }
    }

    /// Starts `task` on a thread that wakes the window when it is done. If
    /// no thread can start, `Err` is the answer to route at once, saying so.
    pub(crate) fn start(&self, task: Task, repaint: &egui::Context) -> Result<(), TaskDone> {
        let (tx, repaint) = (self.tx.clone(), repaint.clone());
        let chooser = self.chooser.clone();
        let (name, refused): (_, fn(std::io::Error) -> TaskDone) = match &task {
            Task::SignBatch { .. } => ("batch-tokens", |e| {
                TaskDone::Batch(BatchDone::Failed(format!(
                    "Cannot start signing ({e}); try again."
                )))
            }),
            Task::SaveBatch { .. } => ("batch-save", |e| {
                TaskDone::BatchSaved(Err(format!(
                    "Cannot open the file chooser ({e}): use Copy all instead."
                )))
            }),
            Task::ReadEvidence { .. } => ("read-file", |e| {
                TaskDone::Evidence(Err(format!("Cannot read the file ({e}); try again.")))
            }),
            Task::WriteEnv { .. } => ("write-env", |e| {
                TaskDone::EnvWritten(Err(format!(
                    "Cannot open the file chooser ({e}): use Copy token instead."
                )))
            }),
            Task::ChooseEnvFile => ("file-chooser", |e| {
                TaskDone::EnvFile(Err(format!(
                    "Cannot open the file chooser ({e}): type the path of the .env file instead."
                )))
            }),
        };
        std::thread::Builder::new()
            .name(name.to_owned())
            .spawn(move || {
                let _ = tx.send(run(task, &chooser));
                repaint.request_repaint();
            })
            .map(drop)
            .map_err(refused)
    }

    /// Every answer since the last call.
    pub(crate) fn poll(&self) -> Vec<TaskDone> {
        self.rx.try_iter().collect()
    }
}

fn run(task: Task, chooser: &Chooser) -> TaskDone {
    match task {
        Task::SignBatch {
            generator,
            pattern,
            total,
            now,
            made,
            cancel,
        } => TaskDone::Batch(sign_all(*generator, &pattern, total, now, &made, &cancel)),
        Task::SaveBatch { rows, name, format } => {
            let picked = chooser.ask(
                Ask::save(
                    format!("Save {} tokens as {}", rows.len(), format.name()),
                    name,
                )
                .filter(format.name(), &[format.extension()]),
            );
            TaskDone::BatchSaved(match picked {
                Some(path) => export::save(&path, &rows, format),
                None => Err(NO_FILE.to_owned()),
            })
        }
        Task::ChooseEnvFile => TaskDone::EnvFile(Ok(chooser.ask(Ask::open("Import a .env file")))),
        Task::ReadEvidence { path, tz } => {
            let path = path.or_else(|| {
                chooser.ask(
                    Ask::open("Open a HAR, log or .env file")
                        .filter("HAR, log or .env", &["har", "log", "txt", "env", "json"])
                        .filter("Any file", &["*"]),
                )
            });
            TaskDone::Evidence(match path {
                None => Ok(None),
                // Refused before a byte is read: not a regular file, or over 512 MB.
                Some(path) => match open_evidence(&path) {
                    Ok(reader) => Ok(Some((path, read(reader, &tz)))),
                    Err(e) => Err(e.to_string()),
                },
            })
        }
        Task::WriteEnv { token } => {
            let picked = chooser.ask(Ask::open("Write the token into a .env file"));
            TaskDone::EnvWritten(match picked {
                None => Ok(None),
                Some(path) => match write_into_env(&path, None, &token) {
                    Ok(var) => Ok(Some((path, var))),
                    Err(e) => Err(super::widgets::as_sentence(&e.to_string())),
                },
            })
        }
    }
}

/// Signs tokens 1..=total; publishes progress and honours Cancel every
/// [`CHECK_EVERY`] tokens.
pub(crate) fn sign_all(
    mut g: Generator,
    pattern: &str,
    total: u64,
    now: Timestamp,
    made: &AtomicU64,
    cancel: &AtomicBool,
) -> BatchDone {
    let mut rows = Vec::with_capacity(usize::try_from(total).unwrap_or(0));
    let mut exp = 0;
    for n in 1..=total {
        if n % CHECK_EVERY == 0 {
            if cancel.load(Ordering::Relaxed) {
                return BatchDone::Cancelled;
            }
            made.store(n - 1, Ordering::Relaxed);
        }
        match g.sign(now, n) {
            Ok(t) => {
                exp = t.exp;
                rows.push(Row {
                    // As the generator writes it into the token.
                    participant_id: pattern.replace("{n}", &n.to_string()),
                    token: t.token,
                });
            }
            Err(e) => return BatchDone::Failed(super::pages::generate::sentence(&e)),
        }
    }
    made.store(total, Ordering::Relaxed);
    BatchDone::Done { rows, exp }
}
