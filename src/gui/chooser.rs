//! The desktop's file chooser (rfd: the xdg desktop portal, or zenity), or
//! a stand-in that answers what a test set. Asked only from task threads:
//! a chooser blocks until the user answers.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// What a chooser is asked.
#[derive(Debug, Clone)]
pub struct Ask {
    /// The dialog's title.
    pub title: String,
    /// `Some(name)`: a save dialog proposing `name`; `None`: pick a file.
    pub save_as: Option<String>,
    /// Filters: a name and its extensions (`"*"`: any).
    pub filters: Vec<(String, Vec<String>)>,
}

impl Ask {
    /// Pick an existing file.
    pub fn open(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            save_as: None,
            filters: Vec::new(),
        }
    }

    /// Choose where to save, proposing `name`.
    pub fn save(title: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            save_as: Some(name.into()),
            ..Self::open(title)
        }
    }

    /// Adds a filter.
    pub fn filter(mut self, name: &str, extensions: &[&str]) -> Self {
        self.filters.push((
            name.to_owned(),
            extensions.iter().map(|e| (*e).to_owned()).collect(),
        ));
        self
    }
}

/// A file chooser.
#[derive(Clone)]
pub struct Chooser(Arc<dyn Fn(Ask) -> Option<PathBuf> + Send + Sync>);

impl Chooser {
    /// The desktop's chooser.
    pub fn system() -> Self {
        Self(Arc::new(|ask: Ask| {
            let mut d = rfd::FileDialog::new().set_title(ask.title);
            for (name, ext) in ask.filters {
                d = d.add_filter(name, &ext);
            }
            match ask.save_as {
                Some(name) => d.set_file_name(name).save_file(),
                None => d.pick_file(),
            }
        }))
    }

    /// A chooser for tests: each question gets the path the returned handle
    /// holds (`None`: cancelled), and is noted in the handle's list.
    pub fn manual() -> (Self, ChooserHandle) {
        let handle = ChooserHandle::default();
        let inner = handle.clone();
        let chooser = Self(Arc::new(move |ask: Ask| {
            let mut state = inner.0.lock().unwrap_or_else(|p| p.into_inner());
            state.asked.push(ask.title);
            state.answer.clone()
        }));
        (chooser, handle)
    }

    /// Asks; blocks until the user answers.
    pub fn ask(&self, ask: Ask) -> Option<PathBuf> {
        (self.0)(ask)
    }
}

#[derive(Default)]
struct State {
    answer: Option<PathBuf>,
    asked: Vec<String>,
}

/// Sets what a [`Chooser::manual`] answers, and lists what it was asked.
#[derive(Clone, Default)]
pub struct ChooserHandle(Arc<Mutex<State>>);

impl ChooserHandle {
    /// The next questions are answered with `path` (`None`: cancelled).
    pub fn answer(&self, path: Option<PathBuf>) {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).answer = path;
    }

    /// The titles of the dialogs asked so far.
    pub fn asked(&self) -> Vec<String> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .asked
            .clone()
    }
}
