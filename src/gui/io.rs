//! Storage work (keyring, projects file, `.env` files) off the UI thread.
//!
//! The window sends [`Job`]s and picks up [`Done`] messages at the start of
//! each frame; nothing here runs inside drawing. Tests use the inline mode,
//! which runs each job at once (still after drawing), so they need no waiting.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Duration;

use crate::app::{
    Diagnosis, EnvProject, FileStamp, KeyringError, KeyringFallback, Project, ProjectEdit,
    Projects, SavedPreset, Settings, Storage,
};
use crate::token::SecretKey;

/// How often the worker looks at the projects file for changes made by
/// another process (a `stat`, on the worker thread: nothing per frame).
pub const WATCH_INTERVAL: Duration = Duration::from_secs(1);

/// Work for the storage worker.
pub enum Job {
    /// Read the secrets of these projects (once each; the keyring caches).
    LoadSecrets(Vec<Project>),
    /// Add (`id` is `None`) or edit a project; store its secret if given.
    SaveProject {
        /// The project being edited; `None` adds one.
        id: Option<String>,
        /// Name, API key, defaults.
        edit: ProjectEdit,
        /// A new secret, if the user typed or imported one.
        secret: Option<SecretKey>,
    },
    /// Remove a project (by id) and its secret.
    DeleteProject(String),
    /// Make a project (by id) the default.
    SetDefault(String),
    /// Read `VIDEOSDK_API_KEY` / `VIDEOSDK_SECRET_KEY` from a file.
    ImportEnv(PathBuf),
    /// Compare the keyring with the file (`fix`: and clean what disagrees).
    Doctor {
        /// Clean up too.
        fix: bool,
    },
    /// Save or remove one of a project's presets.
    Preset(PresetChange),
}

/// A change to a project's saved presets (Generate's "Save as preset").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresetChange {
    /// The project's id.
    pub project_id: String,
    /// What to do.
    pub op: PresetOp,
}

/// Save or remove.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PresetOp {
    /// Save; `replace` overwrites a preset of the same name.
    Save {
        /// The preset.
        preset: SavedPreset,
        /// Replace one of the same name.
        replace: bool,
    },
    /// Remove the preset with this name.
    Remove(String),
}

/// What came back.
pub enum Done {
    /// Whether the keyring could be opened.
    KeyringStatus(Result<(), KeyringError>),
    /// One project's secret.
    Secret {
        /// Project id.
        id: String,
        /// The secret, none, or why it could not be read.
        result: Result<Option<SecretKey>, KeyringError>,
    },
    /// The projects file changed; here is its new content.
    Settings(Settings),
    /// A project was saved. `secret_error` says why its secret is only
    /// held for this session.
    Saved {
        /// Its name.
        name: String,
        /// Its id.
        id: String,
        /// The secret it was saved with, if one was given.
        secret: Option<SecretKey>,
        /// Set when the keyring refused it.
        secret_error: Option<String>,
    },
    /// A project and its secret were deleted.
    Deleted {
        /// Its name.
        name: String,
        /// Its id.
        id: String,
    },
    /// A `.env` file was read.
    Imported(EnvProject),
    /// What disagrees between keyring and file (after cleaning, if `fixed`).
    Diagnosis {
        /// The findings (what was cleaned, if `fixed`).
        found: Diagnosis,
        /// Whether they were cleaned.
        fixed: bool,
    },
    /// Something failed; the message says what to do.
    Failed(String),
}

/// The worker's side: the storage handle, and the projects file as it
/// last saw it.
struct Runner {
    storage: Arc<Storage>,
    stamp: Option<FileStamp>,
}

impl Runner {
    fn new(storage: Arc<Storage>) -> Self {
        let stamp = storage.file_stamp();
        Self { storage, stamp }
    }

    /// Sends the settings again if the file changed since last seen (by
    /// another process: the worker's own writes update the stamp).
    fn check_file(&mut self, out: &mut dyn FnMut(Done)) {
        let now = self.storage.file_stamp();
        if now != self.stamp {
            self.stamp = now;
            self.send_settings(out);
        }
    }

    fn run_job(&mut self, job: Job, out: &mut dyn FnMut(Done)) {
        self.run(job, out);
        self.stamp = self.storage.file_stamp();
    }

    fn run(&self, job: Job, out: &mut dyn FnMut(Done)) {
        let projects = match self.storage.projects() {
            Ok(p) => p,
            Err(e) => {
                if !matches!(job, Job::LoadSecrets(_)) {
                    out(Done::Failed(format!("Saved projects are unavailable: {e}")));
                }
                return;
            }
        };
        match job {
            Job::LoadSecrets(list) => {
                for p in list {
                    let result = self.storage.secret(&p.id);
                    out(Done::Secret { id: p.id, result });
                }
            }
            Job::SaveProject { id, edit, secret } => {
                let saved = match &id {
                    None => match &secret {
                        Some(s) => projects.add(edit, s, KeyringFallback::SessionOnly),
                        None => {
                            out(Done::Failed("Cannot save: type the project's secret (from the VideoSDK dashboard).".to_owned()));
                            return;
                        }
                    },
                    Some(id) => {
                        projects.edit(id, edit, secret.as_ref(), KeyringFallback::SessionOnly)
                    }
                };
                match saved {
                    Ok(saved) => {
                        self.send_settings(out);
                        out(Done::Saved {
                            name: saved.project.name,
                            id: saved.project.id,
                            secret,
                            secret_error: saved.keyring_error.map(|e| e.to_string()),
                        });
                    }
                    Err(e) => out(Done::Failed(format!("Cannot save: {e}."))),
                }
            }
            Job::DeleteProject(id) => match projects.remove(&id) {
                Ok(p) => {
                    self.send_settings(out);
                    out(Done::Deleted {
                        name: p.name,
                        id: p.id,
                    });
                }
                Err(e) => {
                    self.send_settings(out);
                    out(Done::Failed(format!(
                        "Could not delete the project; nothing was changed: {e}"
                    )));
                }
            },
            Job::SetDefault(id) => match projects.set_default(&id) {
                Ok(_) => self.send_settings(out),
                Err(e) => out(Done::Failed(format!("Could not set the default: {e}"))),
            },
            Job::Doctor { fix } => {
                let found = if fix {
                    projects.fix()
                } else {
                    projects.doctor()
                };
                match found {
                    Ok(found) => {
                        if fix {
                            self.send_settings(out);
                        }
                        out(Done::Diagnosis { found, fixed: fix });
                    }
                    Err(e) => out(Done::Failed(format!("Could not check the keyring: {e}"))),
                }
            }
            Job::Preset(c) => self.change_preset(&projects, c, out),
            Job::ImportEnv(path) => match Projects::read_env(&path) {
                Ok(env) => out(Done::Imported(env)),
                Err(e) => out(Done::Failed(format!("Could not import: {e}"))),
            },
        }
    }

    /// Saves or removes a project's preset, then sends the new settings.
    fn change_preset(&self, projects: &Projects<'_>, c: PresetChange, out: &mut dyn FnMut(Done)) {
        let done = match c.op {
            PresetOp::Save { preset, replace } => projects
                .save_preset(&c.project_id, preset, replace)
                .map(drop),
            PresetOp::Remove(name) => projects.remove_preset(&c.project_id, &name).map(drop),
        };
        match done {
            Ok(()) => self.send_settings(out),
            Err(e) => out(Done::Failed(format!("Could not change the presets: {e}"))),
        }
    }

    fn send_settings(&self, out: &mut dyn FnMut(Done)) {
        match self.storage.listing() {
            Ok(l) => out(Done::Settings(l.settings)),
            Err(e) => out(Done::Failed(format!("Could not read the projects: {e}"))),
        }
    }
}

/// Runs jobs inline (tests) or on one background thread (the app).
pub struct Worker {
    mode: Mode,
}

enum Mode {
    Inline {
        runner: Runner,
        done: VecDeque<Done>,
    },
    Thread {
        jobs: Sender<Job>,
        done: Receiver<Done>,
    },
}

impl Worker {
    /// Runs each job as soon as it is submitted.
    pub fn inline(storage: Arc<Storage>) -> Self {
        let mut done = VecDeque::new();
        done.push_back(Done::KeyringStatus(storage.keyring_status()));
        Self {
            mode: Mode::Inline {
                runner: Runner::new(storage),
                done,
            },
        }
    }

    /// Runs jobs on a thread that wakes the window when something is done,
    /// and looks at the projects file every [`WATCH_INTERVAL`] between jobs.
    pub fn thread(storage: Arc<Storage>, ctx: eframe::egui::Context) -> Self {
        let (jobs, job_rx) = channel::<Job>();
        let (done_tx, done) = channel::<Done>();
        // The file as the window read it: any change from now on is news.
        let mut runner = Runner::new(storage);
        let spawned = std::thread::Builder::new()
            .name("storage".to_owned())
            .spawn(move || {
                // Opening the keyring is a D-Bus connection and a Secret
                // Service session on Linux: not before there is work (the
                // window sends the first job once its first frame is shown).
                let Ok(first) = job_rx.recv() else {
                    return;
                };
                let mut send = |d: Done| {
                    let _ = done_tx.send(d);
                    ctx.request_repaint();
                };
                send(Done::KeyringStatus(runner.storage.keyring_status()));
                runner.run_job(first, &mut send);
                loop {
                    match job_rx.recv_timeout(WATCH_INTERVAL) {
                        Ok(job) => runner.run_job(job, &mut send),
                        Err(RecvTimeoutError::Timeout) => runner.check_file(&mut send),
                        Err(RecvTimeoutError::Disconnected) => return,
                    }
                }
            });
        if let Err(e) = spawned {
            let (tx, rx) = channel();
            let _ = tx.send(Done::Failed(format!(
                "Could not start the storage thread ({e}); saved projects are unavailable"
            )));
            return Self {
                mode: Mode::Thread { jobs, done: rx },
            };
        }
        Self {
            mode: Mode::Thread { jobs, done },
        }
    }

    /// Tests (inline mode): look at the projects file now, as the thread
    /// does every [`WATCH_INTERVAL`].
    pub fn check_file_now(&mut self) {
        if let Mode::Inline { runner, done } = &mut self.mode {
            runner.check_file(&mut |d| done.push_back(d));
        }
    }

    /// Queues a job.
    pub fn submit(&mut self, job: Job) {
        match &mut self.mode {
            Mode::Inline { runner, done } => runner.run_job(job, &mut |d| done.push_back(d)),
            Mode::Thread { jobs, .. } => {
                let _ = jobs.send(job);
            }
        }
    }

    /// Results so far.
    pub fn poll(&mut self) -> Vec<Done> {
        match &mut self.mode {
            Mode::Inline { done, .. } => done.drain(..).collect(),
            Mode::Thread { done, .. } => done.try_iter().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::KeyringSource;
    use crate::token::{ProjectDefaults, SecretEncoding};
    use videosdk_token_app::store::ProjectsFile;

    fn edit(name: &str) -> ProjectEdit {
        ProjectEdit {
            name: name.to_owned(),
            api_key: "key".to_owned(),
            defaults: crate::token::ProjectDefaults::default(),
        }
    }

    /// The app's mode: work happens on the thread and comes back by channel.
    #[test]
    fn thread_worker_reads_and_writes_off_the_ui_thread() {
        let dir = tempfile::tempdir().unwrap();
        let store = keyring_core::mock::Store::new().unwrap();
        let storage = Storage::in_dir(dir.path(), KeyringSource::Store(store.clone()));
        let ctx = eframe::egui::Context::default();
        let mut w = Worker::thread(Arc::new(storage), ctx);
        w.submit(Job::SaveProject {
            id: None,
            edit: edit("A"),
            secret: Some(SecretKey::parse("s3cret", SecretEncoding::Text).unwrap()),
        });
        let mut got = Vec::new();
        let mut asked = false;
        for _ in 0..200 {
            got.extend(w.poll());
            if got.iter().any(|d| matches!(d, Done::Secret { .. })) {
                break;
            }
            if !asked
                && let Some(p) = got.iter().find_map(|d| match d {
                    Done::Settings(s) => s.projects.first().cloned(),
                    _ => None,
                })
            {
                w.submit(Job::LoadSecrets(vec![p]));
                asked = true;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert!(matches!(got.first(), Some(Done::KeyringStatus(Ok(())))));
        assert!(got.iter().any(|d| matches!(
            d,
            Done::Saved {
                secret_error: None,
                ..
            }
        )));
        let secret = got.iter().find_map(|d| match d {
            Done::Secret {
                result: Ok(Some(s)),
                ..
            } => Some(s.expose().to_vec()),
            _ => None,
        });
        assert_eq!(secret.as_deref(), Some(&b"s3cret"[..]));
        let id = got.iter().find_map(|d| match d {
            Done::Saved { id, .. } => Some(id.clone()),
            _ => None,
        });
        let again = videosdk_token_app::store::Keyring::with_store(store);
        assert_eq!(
            again.get(&id.unwrap()).unwrap().unwrap().expose(),
            b"s3cret"
        );
    }

    /// A project added by another process (here: straight into the file)
    /// reaches the window within two watch intervals, with no job sent.
    #[test]
    fn thread_worker_notices_the_file_changed_by_another_process() {
        let dir = tempfile::tempdir().unwrap();
        let store = keyring_core::mock::Store::new().unwrap();
        let storage = Storage::in_dir(dir.path(), KeyringSource::Store(store));
        let mut w = Worker::thread(Arc::new(storage), eframe::egui::Context::default());
        w.submit(Job::LoadSecrets(Vec::new()));
        let other = Project::new("from-cli", "key-cli", ProjectDefaults::default());
        ProjectsFile::in_dir(dir.path()).add(other).unwrap();
        let started = std::time::Instant::now();
        let mut seen = None;
        while started.elapsed() < WATCH_INTERVAL * 4 {
            for d in w.poll() {
                if let Done::Settings(s) = d {
                    seen = s.projects.first().map(|p| p.name.clone());
                }
            }
            if seen.is_some() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert_eq!(seen.as_deref(), Some("from-cli"));
    }
}
