//! Storage work (keyring, projects file, `.env` files) off the UI thread.
//!
//! The window sends [`Job`]s and picks up [`Done`] messages at the start of
//! each frame; nothing here runs inside drawing. Tests use the inline mode,
//! which runs each job at once (still after drawing), so they need no waiting.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};

use crate::store::{Keyring, KeyringError, Project, ProjectsFile, Settings, read_env_file};
use crate::token::SecretKey;

/// Where the keyring comes from.
pub enum KeyringSource {
    /// Already opened (tests: a mock store, or a known-unavailable one).
    Ready(Keyring),
    /// Open the platform keyring on the worker thread.
    Platform,
}

/// Work for the storage worker.
pub enum Job {
    /// Read the secrets of these projects (once each; the keyring caches).
    LoadSecrets(Vec<Project>),
    /// Add (`is_new`) or replace a project; store its secret if given.
    SaveProject {
        /// The metadata.
        project: Project,
        /// Add rather than replace.
        is_new: bool,
        /// A new secret, if the user typed one.
        secret: Option<SecretKey>,
    },
    /// Remove a project and its secret.
    DeleteProject(Project),
    /// Make a project the default.
    SetDefault(String),
    /// Read `VIDEOSDK_API_KEY` / `VIDEOSDK_SECRET_KEY` from a file.
    ImportEnv(PathBuf),
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
    /// A project was deleted.
    Deleted {
        /// Its name.
        name: String,
        /// Its id.
        id: String,
        /// Set when its keyring entry could not be removed.
        secret_error: Option<String>,
    },
    /// A `.env` file was read.
    Imported(crate::store::EnvProject),
    /// Something failed; the message says what to do.
    Failed(String),
}

struct Storage {
    keyring: Keyring,
    projects: ProjectsFile,
}

impl Storage {
    fn run(&self, job: Job, out: &mut dyn FnMut(Done)) {
        match job {
            Job::LoadSecrets(projects) => {
                for p in projects {
                    let result = self.keyring.get(&p.id);
                    out(Done::Secret { id: p.id, result });
                }
            }
            Job::SaveProject {
                project,
                is_new,
                secret,
            } => {
                let saved = if is_new {
                    self.projects.add(project.clone()).map(|_| ())
                } else {
                    self.projects.replace(project.clone())
                };
                if let Err(e) = saved {
                    out(Done::Failed(format!("Could not save the project: {e}")));
                    return;
                }
                let secret_error = secret
                    .as_ref()
                    .and_then(|s| self.keyring.set(&project.id, s).err())
                    .map(|e| e.to_string());
                self.send_settings(out);
                out(Done::Saved {
                    name: project.name,
                    id: project.id,
                    secret,
                    secret_error,
                });
            }
            Job::DeleteProject(project) => match self.projects.remove(&project.name) {
                Ok(p) => {
                    let secret_error = match self.keyring.status() {
                        // Nothing was stored there: nothing to delete.
                        Err(_) => None,
                        Ok(()) => self.keyring.delete(&p.id).err().map(|e| e.to_string()),
                    };
                    self.send_settings(out);
                    out(Done::Deleted {
                        name: p.name,
                        id: p.id,
                        secret_error,
                    });
                }
                Err(e) => out(Done::Failed(format!("Could not delete the project: {e}"))),
            },
            Job::SetDefault(name) => match self.projects.set_default(&name) {
                Ok(_) => self.send_settings(out),
                Err(e) => out(Done::Failed(format!("Could not set the default: {e}"))),
            },
            Job::ImportEnv(path) => match read_env_file(&path) {
                Ok(env) => out(Done::Imported(env)),
                Err(e) => out(Done::Failed(format!("Could not import: {e}"))),
            },
        }
    }

    fn send_settings(&self, out: &mut dyn FnMut(Done)) {
        match self.projects.load() {
            Ok(loaded) => out(Done::Settings(loaded.settings)),
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
        storage: Storage,
        done: VecDeque<Done>,
    },
    Thread {
        jobs: Sender<Job>,
        done: Receiver<Done>,
    },
}

impl Worker {
    /// Runs each job as soon as it is submitted.
    pub fn inline(keyring: KeyringSource, projects: ProjectsFile) -> Self {
        let keyring = match keyring {
            KeyringSource::Ready(k) => k,
            KeyringSource::Platform => Keyring::platform(),
        };
        let mut done = VecDeque::new();
        done.push_back(Done::KeyringStatus(keyring.status()));
        Self {
            mode: Mode::Inline {
                storage: Storage { keyring, projects },
                done,
            },
        }
    }

    /// Runs jobs on a thread that wakes the window when something is done.
    pub fn thread(
        keyring: KeyringSource,
        projects: ProjectsFile,
        ctx: eframe::egui::Context,
    ) -> Self {
        let (jobs, job_rx) = channel::<Job>();
        let (done_tx, done) = channel::<Done>();
        let spawned = std::thread::Builder::new()
            .name("storage".to_owned())
            .spawn(move || {
                let keyring = match keyring {
                    KeyringSource::Ready(k) => k,
                    KeyringSource::Platform => Keyring::platform(),
                };
                let mut send = |d: Done| {
                    let _ = done_tx.send(d);
                    ctx.request_repaint();
                };
                send(Done::KeyringStatus(keyring.status()));
                let storage = Storage { keyring, projects };
                while let Ok(job) = job_rx.recv() {
                    storage.run(job, &mut send);
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

    /// Queues a job.
    pub fn submit(&mut self, job: Job) {
        match &mut self.mode {
            Mode::Inline { storage, done } => storage.run(job, &mut |d| done.push_back(d)),
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
    use crate::token::SecretEncoding;

    fn project(name: &str) -> Project {
        Project {
            id: format!("id-{name}"),
            name: name.to_owned(),
            api_key: "key".to_owned(),
            permissions: vec!["allow_join".to_owned()],
            expires: "24h".to_owned(),
        }
    }

    /// The app's mode: work happens on the thread and comes back by channel.
    #[test]
    fn thread_worker_reads_and_writes_off_the_ui_thread() {
        let dir = tempfile::tempdir().unwrap();
        let store = keyring_core::mock::Store::new().unwrap();
        let keyring = Keyring::with_store(store.clone());
        let ctx = eframe::egui::Context::default();
        let mut w = Worker::thread(
            KeyringSource::Ready(keyring),
            ProjectsFile::in_dir(dir.path()),
            ctx,
        );
        w.submit(Job::SaveProject {
            project: project("A"),
            is_new: true,
            secret: Some(SecretKey::parse("s3cret", SecretEncoding::Text).unwrap()),
        });
        w.submit(Job::LoadSecrets(vec![project("A")]));
        let mut got = Vec::new();
        for _ in 0..200 {
            got.extend(w.poll());
            if got.iter().any(|d| matches!(d, Done::Secret { .. })) {
                break;
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
        let again = Keyring::with_store(store);
        assert_eq!(again.get("id-A").unwrap().unwrap().expose(), b"s3cret");
    }
}
