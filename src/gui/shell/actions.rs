//! The shell's side effects on the desktop: copying and pasting through the
//! clipboard adapter, huge pastes refused before any field lays them out,
//! and the background tasks (the native file chooser for `.env` files,
//! batches), started and answered here. Run after drawing, never inside a
//! page.

use eframe::egui;

use super::App;
use crate::gui::commands::ScenarioAction;
use crate::gui::tasks::{Task, TaskDone};
use crate::gui::widgets::Tone;
use crate::gui::{Tab, clipboard, io};

impl App {
    /// Opens the desktop's file chooser for a `.env` file (a task: the
    /// window stays live until the user answers).
    pub(super) fn open_env_dialog(&mut self, ctx: &egui::Context) {
        if self.choosing_env {
            return;
        }
        self.choosing_env = true;
        self.pages.projects.choosing(true, None);
        self.start_task(Task::ChooseEnvFile, ctx);
    }

    /// Reads a file a customer sent on a thread of its own (`None`: the
    /// file chooser asks which), for Inspect.
    pub(super) fn read_evidence(&mut self, path: Option<std::path::PathBuf>, ctx: &egui::Context) {
        self.remembered.tab = Tab::Inspect;
        self.pages.inspect.reading(true);
        let tz = self.tz.clone();
        self.start_task(Task::ReadEvidence { path, tz }, ctx);
    }

    /// The file report on show in Inspect, redacted, if a file is on show.
    pub(super) fn file_redacted(&mut self) -> Option<String> {
        let ctx = super::page_context(
            &self.known,
            &self.tz,
            self.clock.now(),
            self.keyring.as_ref(),
        );
        self.pages.inspect.file_redacted(&ctx)
    }

    /// A file dropped on the window: read for Inspect.
    pub(super) fn take_dropped_file(&mut self, ctx: &egui::Context) {
        let dropped = ctx.input(|i| i.raw.dropped_files.first().map(|f| f.path().to_path_buf()));
        if let Some(path) = dropped {
            self.read_evidence(Some(path), ctx);
        }
    }

    /// Starts a background task; one that cannot start is answered at once.
    pub(super) fn start_task(&mut self, task: Task, ctx: &egui::Context) {
        if let Err(refused) = self.tasks.start(task, ctx) {
            self.on_task(refused);
        }
    }

    /// Hands each finished task's answer to whoever asked.
    pub(super) fn poll_tasks(&mut self) {
        for done in self.tasks.poll() {
            self.on_task(done);
        }
    }

    fn on_task(&mut self, done: TaskDone) {
        match done {
            TaskDone::Batch(_) | TaskDone::BatchSaved(_) => self.pages.generate.batch_done(done),
            TaskDone::Evidence(read) => {
                self.pages.inspect.reading(false);
                match read {
                    Ok(Some((path, evidence))) => {
                        self.remembered.tab = Tab::Inspect;
                        let name = path.file_name().map_or_else(
                            || path.display().to_string(),
                            |n| n.to_string_lossy().into_owned(),
                        );
                        let n = evidence.tokens().len();
                        self.pages.inspect.set_file(name.clone(), evidence);
                        self.say(format!(
                            "Read {name}: {n} VideoSDK token{}. Nothing of it is saved.",
                            if n == 1 { "" } else { "s" }
                        ));
                    }
                    Ok(None) => self.say("No file chosen."),
                    Err(e) => self.fail(e),
                }
            }
            TaskDone::EnvWritten(written) => match written {
                Ok(Some((path, var))) => self.say(format!(
                    "Wrote the token into {var} in {} (every other line kept).",
                    path.display()
                )),
                Ok(None) => self.say("No file chosen: nothing was written."),
                Err(e) => self.fail(e),
            },
            TaskDone::EnvFile(picked) => {
                self.choosing_env = false;
                let picked = picked.unwrap_or_else(|e| {
                    self.fail(e);
                    None
                });
                self.pages.projects.choosing(false, picked.as_deref());
                match picked {
                    Some(path) => self.worker.submit(io::Job::ImportEnv(path)),
                    None if self.status_is_bad() => {}
                    None => self.say("No file chosen."),
                }
            }
        }
    }

    /// Copies the generated token, as `format` writes it; wiped after the delay.
    pub(super) fn copy_token(&mut self, format: impl Fn(&str) -> String, what: &str) {
        match self.pages.generate.token().map(format) {
            Some(text) => self.copy(&text, what, true),
            None => self.fail("No token yet: generate one first."),
        }
    }

    /// A failure scenario's button: copy its token (wiped after the delay,
    /// like any token), or open it in Inspect with the use it must fail in.
    pub(super) fn scenario(&mut self, action: ScenarioAction) {
        let section = self.pages.generate.scenarios();
        match action {
            ScenarioAction::Copy(i) => match section.token(i).map(str::to_owned) {
                Some(token) => self.copy(&token, "scenario token (broken on purpose)", true),
                None => self.fail("That scenario is gone: make fresh scenario tokens."),
            },
            ScenarioAction::Inspect(i) => {
                let Some(open) = section.for_inspect(i) else {
                    return self.fail("That scenario is gone: make fresh scenario tokens.");
                };
                self.remembered.tab = Tab::Inspect;
                self.pages.inspect.set_input(open.token);
                let needs = crate::gui::pages::generate::scenario_needs(&open.usage);
                self.pages.inspect.set_usage(open.usage);
                self.say(format!(
                    "Opened scenario {} (broken on purpose); it fails when used for: {needs}.",
                    open.name
                ));
            }
        }
    }

    /// Copies part of the Inspect report (nothing secret: kept).
    pub(super) fn copy_report(
        &mut self,
        part: impl Fn(&crate::token::Report) -> String,
        what: &str,
    ) {
        // A paste earlier in this frame (Ctrl+Shift+V then Ctrl+Shift+R,
        // typed fast) changed the input but the page has not inspected it
        // yet: without this the previous token's report (or none) is copied.
        let ctx = super::page_context(
            &self.known,
            &self.tz,
            self.clock.now(),
            self.keyring.as_ref(),
        );
        self.pages.inspect.refresh_if_stale(&ctx);
        if let Some(text) = self.pages.inspect.report().map(part) {
            self.copy(&text, what, false);
        }
    }

    pub(super) fn copy(&mut self, text: &str, what: &str, sensitive: bool) {
        let now = self.clock.now().as_second();
        let delay = if sensitive {
            self.remembered.clipboard_clear_secs
        } else {
            None
        };
        match self.clipboard.copy(text, now, delay) {
            Ok(copied) => match copied.backend.and_then(clipboard::Backend::limitation) {
                // Say where it went only when the usual promises do not hold there.
                Some(limit) if sensitive => {
                    self.set_status(Tone::Warning, format!("Copied the {what}, {limit}."));
                }
                _ => self.say(format!("Copied the {what}.")),
            },
            Err(e) => self.fail(format!(
                "Cannot copy: {e}. Select the text and copy it by hand."
            )),
        }
    }

    pub(super) fn paste_inspect(&mut self) {
        self.remembered.tab = Tab::Inspect;
        match self.clipboard.paste() {
            Ok(clipboard::Pasted::Text(text)) => {
                self.pages.inspect.set_input(text);
                self.say("Pasted from the clipboard.");
            }
            // The window's own clipboard answers with a paste event.
            Ok(clipboard::Pasted::Requested) => self.awaiting_paste = true,
            Err(e) => self.fail(format!(
                "Cannot paste: {e}. Paste into the field with the keyboard instead."
            )),
        }
    }

    /// The answer to a paste asked of the window's own clipboard: taken
    /// out of the input, so no focused field gets it too.
    pub(super) fn take_requested_paste(&mut self, ctx: &egui::Context) {
        if !self.awaiting_paste {
            return;
        }
        let pasted = take_paste_event(ctx);
        if let Some(text) = pasted {
            self.awaiting_paste = false;
            self.pages.inspect.set_input(text);
            self.say("Pasted from the clipboard.");
        }
    }

    /// A paste of megabytes would freeze the window while a text field lays
    /// it out: take such pastes out of the input before any widget sees them.
    /// On Inspect the refusal is the verdict; elsewhere the status bar says so.
    pub(super) fn refuse_huge_pastes(&mut self, ctx: &egui::Context) {
        let huge = ctx.input_mut(|i| {
            let mut huge = None;
            i.events.retain(|e| match e {
                egui::Event::Paste(text) if text.len() > crate::token::MAX_INPUT_BYTES => {
                    huge = Some(text.len());
                    false
                }
                _ => true,
            });
            huge
        });
        if let Some(bytes) = huge {
            self.awaiting_paste = false;
            if self.remembered.tab == Tab::Inspect {
                self.pages.inspect.refuse_oversized(bytes);
            } else {
                self.fail(format!(
                    "Ignored a paste of {bytes} bytes: far too long for any field here."
                ));
            }
        }
    }

    /// The generated token, into Inspect.
    pub(super) fn open_in_inspect(&mut self) {
        if let Some(token) = self.pages.generate.token().map(str::to_owned) {
            self.remembered.tab = Tab::Inspect;
            self.pages.inspect.set_input(token);
        }
    }

    /// Asks which `.env` to write the token on show into, then writes it
    /// (on a task: the chooser blocks).
    pub(super) fn write_into_env(&mut self, ctx: &egui::Context) {
        if let Some(token) = self.pages.generate.token().map(str::to_owned) {
            self.start_task(Task::WriteEnv { token }, ctx);
        }
    }

    /// Generate, filled in like the inspected token.
    pub(super) fn make_like(&mut self) {
        let Some(report) = self.pages.inspect.report() else {
            return;
        };
        let result = crate::token::like_verified(report)
            .map_err(|e| format!("Cannot make a token like this one: {e}."))
            .and_then(|like| self.pages.generate.fill_like(&like, self.known.settings()));
        if result.is_ok() {
            self.remembered.tab = Tab::Generate;
        }
        self.report(result);
    }
}

/// The first paste event of this frame, taken out of the input so no
/// focused field gets it too.
pub(super) fn take_paste_event(ctx: &egui::Context) -> Option<String> {
    ctx.input_mut(|i| {
        let at = i
            .events
            .iter()
            .position(|e| matches!(e, egui::Event::Paste(_)))?;
        match i.events.remove(at) {
            egui::Event::Paste(text) => Some(text),
            _ => None,
        }
    })
}
