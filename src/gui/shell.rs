//! The app shell: it only dispatches. Each frame it polls the worker, listens for shortcuts,
//! draws the top bar, status bar, open page and help window, then runs the queued commands.

use std::{path::PathBuf, time::Duration};

use eframe::egui;
use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::commands::{Command, Commands};
use super::known::{KnownProjects, SecretState};
use super::pages::{PageContext, Pages, compare, generate, projects};
use super::widgets::{Tone, as_tab};
use super::{Clock, Remembered, Services, TITLE, Tab, ThemeChoice, clipboard, io, tasks};
use crate::app::{Project, Settings};

mod actions;
mod batch;
mod chrome;
mod compare_paste;

use chrome::{install_style, keyring_banner, name_the_window};

/// Clipboard auto-clear choices, in seconds (`None`: never).
const CLEAR_CHOICES: [Option<u32>; 6] = [Some(15), Some(30), Some(60), Some(120), Some(300), None];

fn clear_label(c: Option<u32>) -> String {
    match c {
        None => "never".to_owned(),
        Some(s) if s >= 60 => format!("{} min", s / 60),
        Some(s) => format!("{s} s"),
    }
}

/// A message in the status bar.
#[derive(Debug, Clone)]
struct Status {
    text: String,
    tone: Tone,
}

/// The application.
pub struct App {
    remembered: Remembered,
    worker: io::Worker,
    /// Storage work held back until the first frame is on screen.
    after_first_frame: Option<io::Job>,
    clipboard: clipboard::Guard,
    clock: Clock,
    tz: TimeZone,
    known: KnownProjects,
    /// `None` until the worker reports; `Some(Err)` explains why not.
    keyring: Option<Result<(), String>>,
    load_warning: Option<String>,
    commands: Commands,
    status: Option<Status>,
    help_open: bool,
    /// The window's own clipboard was asked for its text: the next paste
    /// event is the Paste button's, for Inspect.
    awaiting_paste: bool,
    /// The same, for a Compare field.
    awaiting_compare: Option<compare::Side>,
    /// Background tasks (batches, file choosers) and their answers.
    tasks: tasks::Tasks,
    /// The `.env` file chooser is open.
    choosing_env: bool,
    applied_theme: Option<ThemeChoice>,
    pages: Pages,
}

impl App {
    /// Builds the app; reads remembered settings from eframe's storage.
    pub fn new(cc: &eframe::CreationContext<'_>, services: Services) -> Self {
        let remembered: Remembered = cc
            .storage
            .and_then(|s| eframe::get_value(s, eframe::APP_KEY))
            .unwrap_or_default();
        Self::with_remembered(&cc.egui_ctx, services, remembered)
    }

    /// Builds the app with given remembered settings (tests).
    pub fn with_remembered(
        ctx: &egui::Context,
        services: Services,
        remembered: Remembered,
    ) -> Self {
        install_style(ctx);
        // The worker first: it notes how the file looks, so a change made
        // while the window reads it is not missed.
        let storage = services.storage;
        let mut worker = if services.background {
            io::Worker::thread(storage.clone(), ctx.clone())
        } else {
            io::Worker::inline(storage.clone())
        };
        // The file (never the keyring) is read here, before the first frame.
        let (settings, load_warning, load_error) = match storage.listing() {
            Ok(l) => (l.settings, l.warning.map(|w| w.to_string()), None),
            Err(e) => (
                Settings::default(),
                None,
                Some(format!("Could not read the projects: {e}")),
            ),
        };
        // The app's storage work (opening the keyring, reading secrets) waits
        // until the first frame is on screen, so it does not compete with
        // drawing it on a small machine; tests run it at once.
        let load_secrets = io::Job::LoadSecrets(settings.projects.clone());
        let after_first_frame = if services.background {
            Some(load_secrets)
        } else {
            worker.submit(load_secrets);
            None
        };
        let now = services.clock.now();
        let mut generate = generate::Page::new(&remembered.generate, now, &services.tz);
        let _ = generate.fix_project(&settings);
        let mut app = Self {
            remembered,
            worker,
            after_first_frame,
            clipboard: clipboard::Guard::new(services.clipboard),
            clock: services.clock,
            tz: services.tz,
            known: KnownProjects::loading(settings),
            keyring: None,
            load_warning,
            commands: Commands::default(),
            status: load_error.map(|text| Status {
                text,
                tone: Tone::Bad,
            }),
            help_open: false,
            awaiting_paste: false,
            awaiting_compare: None,
            tasks: tasks::Tasks::new(services.chooser),
            choosing_env: false,
            applied_theme: None,
            pages: Pages::new(generate),
        };
        app.poll_worker();
        app
    }

    /// The open tab.
    pub fn tab(&self) -> Tab {
        self.remembered.tab
    }

    /// What would be remembered now.
    pub fn remembered(&self) -> Remembered {
        Remembered {
            generate: self.pages.generate.settings(),
            ..self.remembered.clone()
        }
    }

    /// The status bar message.
    pub fn status_text(&self) -> Option<&str> {
        self.status.as_ref().map(|s| s.text.as_str())
    }

    /// The token on show in Generate.
    pub fn generated_token(&self) -> Option<&str> {
        self.pages.generate.token()
    }

    /// The Inspect verdict on show.
    pub fn inspect_verdict(&self) -> Option<&str> {
        self.pages.inspect.verdict()
    }

    /// How many bytes the Inspect paste field holds.
    pub fn inspect_input_len(&self) -> usize {
        self.pages.inspect.input_len()
    }

    /// How many times Inspect has computed a report (verified a token):
    /// tests use it to prove an idle window does not re-verify per frame.
    #[doc(hidden)]
    pub fn inspections(&self) -> u64 {
        self.pages.inspect.inspections()
    }

    /// How many times Compare has inspected its two tokens (tests).
    #[doc(hidden)]
    pub fn comparisons(&self) -> u64 {
        self.pages.compare.computations()
    }

    /// Tests: look at the projects file now, as the storage thread does
    /// every second, and take in what changed.
    #[doc(hidden)]
    pub fn check_files_now(&mut self) {
        self.worker.check_file_now();
        self.poll_worker();
    }

    /// The saved projects.
    pub fn projects(&self) -> &[Project] {
        self.known.list()
    }

    /// True while the keyring is known to be unusable.
    pub fn keyring_unavailable(&self) -> bool {
        matches!(self.keyring, Some(Err(_)))
    }

    fn set_status(&mut self, tone: Tone, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            tone,
        });
    }

    fn status_is_bad(&self) -> bool {
        self.status.as_ref().is_some_and(|s| s.tone == Tone::Bad)
    }

    fn say(&mut self, text: impl Into<String>) {
        self.set_status(Tone::Info, text);
    }

    fn fail(&mut self, text: impl Into<String>) {
        self.set_status(Tone::Bad, text);
    }

    fn report(&mut self, result: Result<String, String>) {
        match result {
            Ok(msg) => self.say(msg),
            Err(msg) => self.fail(msg),
        }
    }

    fn poll_worker(&mut self) {
        for done in self.worker.poll() {
            self.on_done(done);
        }
    }

    fn on_done(&mut self, done: io::Done) {
        use io::Done;
        match done {
            Done::KeyringStatus(s) => self.keyring = Some(s.map_err(|e| e.to_string())),
            Done::Secret { id, result } => {
                let state = match result {
                    Ok(Some(s)) => SecretState::Keyring(s),
                    Ok(None) => SecretState::Missing,
                    Err(e) => SecretState::Error(e.to_string()),
                };
                self.known.secret_read(id, state);
            }
            Done::Settings(s) => {
                let new = self.known.replace(s);
                if !new.is_empty() {
                    self.worker.submit(io::Job::LoadSecrets(new));
                }
                if let Some(gone) = self.pages.generate.fix_project(self.known.settings()) {
                    let now = match self
                        .pages
                        .generate
                        .project_id()
                        .and_then(|id| self.known.get(id))
                    {
                        Some(p) => format!("Generate now uses {}", p.name),
                        None => "there is no project to sign with".to_owned(),
                    };
                    self.set_status(
                        Tone::Warning,
                        format!(
                            "Project {gone} was removed outside this window (another window, the command line or an editor); {now}."
                        ),
                    );
                }
            }
            Done::Saved {
                name,
                id,
                secret,
                secret_error,
            } => {
                self.pages.projects.saved();
                match (secret, secret_error) {
                    (Some(s), Some(e)) => {
                        self.known.set_secret(id, SecretState::Session(s));
                        let text = format!(
                            "Saved project {name}; its secret is kept for this session only and will not be saved: {e}"
                        );
                        self.set_status(Tone::Warning, text);
                    }
                    (Some(s), None) => {
                        self.known.set_secret(id, SecretState::Keyring(s));
                        self.say(format!(
                            "Saved project {name}; its secret is in the OS keyring."
                        ));
                    }
                    (None, _) => self.say(format!("Saved project {name}.")),
                }
            }
            Done::Deleted { name, id } => {
                self.known.forget_secret(&id);
                self.say(format!("Deleted project {name} and its secret."));
            }
            Done::Imported(env) => {
                self.pages.projects.fill_from_env(env);
                self.say("Imported the API key and secret; give the project a name and save it.");
            }
            Done::Diagnosis { found, fixed } => {
                let text = projects::diagnosis_sentence(&found, fixed);
                if found.is_clean() || fixed {
                    self.say(text);
                } else {
                    self.set_status(Tone::Warning, text);
                }
                self.pages
                    .projects
                    .set_diagnosis(if fixed { None } else { Some(found) });
            }
            Done::Failed(e) => {
                self.pages.projects.failed();
                self.fail(e);
            }
        }
    }

    fn run_commands(&mut self, ctx: &egui::Context) {
        for c in self.commands.take() {
            self.run_command(c, ctx);
            self.poll_worker();
            ctx.request_repaint();
        }
    }

    fn run_command(&mut self, command: Command, ctx: &egui::Context) {
        match command {
            Command::Show(tab) => self.remembered.tab = tab,
            Command::Generate => {
                self.remembered.tab = Tab::Generate;
                let now = self.clock.now();
                let pctx = page_context(&self.known, &self.tz, now, self.keyring.as_ref());
                let result = self.pages.generate.generate(&pctx);
                self.report(result);
            }
            Command::CopyToken => self.copy_token(|t| t.to_owned(), "token"),
            Command::CopyAuthorization => {
                self.copy_token(|t| format!("Authorization: {t}"), "Authorization header");
            }
            Command::CopyCurl => self.copy_token(generate::curl_command, "curl command"),
            Command::OpenInInspect => self.open_in_inspect(),
            Command::WriteIntoEnv => self.write_into_env(ctx),
            Command::MakeLike => self.make_like(),
            Command::PasteInspect => self.paste_inspect(),
            Command::PasteCompare(side) => self.paste_compare(side),
            Command::CopyRedacted => match self.file_redacted() {
                Some(text) => self.copy(&text, "redacted file report", false),
                None => self.copy_report(|r| r.redacted_text(), "redacted report"),
            },
            Command::CopyHeader => self.copy_report(|r| r.header_pretty(), "header JSON"),
            Command::CopyPayload => self.copy_report(|r| r.claims_pretty(), "payload JSON"),
            Command::ToggleHelp => self.help_open = !self.help_open,
            Command::Quit => {
                self.clipboard.clear_if_ours();
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            Command::ImportEnv => {
                let path = PathBuf::from(self.pages.projects.env_path().trim());
                if path.as_os_str().is_empty() {
                    self.fail("Type the path of a .env file first.");
                } else {
                    self.worker.submit(io::Job::ImportEnv(path));
                }
            }
            Command::ChooseEnvFile => self.open_env_dialog(ctx),
            Command::OpenEvidence => self.read_evidence(None, ctx),
            Command::CloseEvidence => self.pages.inspect.close_file(),
            Command::SaveProject => match self.pages.projects.save_job(&self.known) {
                Ok(job) => self.worker.submit(job),
                Err(e) => self.fail(e),
            },
            Command::TestProject(id) => {
                let state = self.known.secret_state(&id);
                let result = projects::self_test(self.known.get(&id), state, self.clock.now());
                self.report(result);
            }
            Command::SetDefault(id) => self.worker.submit(io::Job::SetDefault(id)),
            Command::CheckKeyring => self.worker.submit(io::Job::Doctor { fix: false }),
            Command::CleanUp => self.worker.submit(io::Job::Doctor { fix: true }),
            Command::DeleteProject(id) => self.worker.submit(io::Job::DeleteProject(id)),
            Command::Batch(action) => self.run_batch(action, ctx),
            Command::Scenario(action) => self.scenario(action),
            Command::ChangePreset(c) => self.worker.submit(io::Job::Preset(c)),
        }
    }

    fn top_bar(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            ui.heading(egui::RichText::new(TITLE).strong());
            ui.add_space(12.0);
            for tab in Tab::ALL {
                let selected = self.remembered.tab == tab;
                let text = egui::RichText::new(tab.label()).size(15.0);
                let b = egui::Button::selectable(selected, text);
                let r = self.commands.add(ui, b, Command::Show(tab));
                as_tab(ui, &r, selected);
            }
            // The right-hand group is laid out left to right, so Tab reaches
            // it in reading order, pushed right by its width last frame.
            let width_id = ui.make_persistent_id("right-group-width");
            let width = ui.ctx().data(|d| d.get_temp::<f32>(width_id));
            ui.add_space((ui.available_width() - width.unwrap_or(0.0) - 1.0).max(0.0));
            let start = ui.cursor().min.x;
            let active = self
                .pages
                .generate
                .project_id()
                .and_then(|id| self.known.get(id))
                .map_or("no project".to_owned(), |p| format!("Project: {}", p.name));
            // In a narrow window the tabs need the room (Generate names the project).
            if ui.max_rect().width() >= 880.0 {
                ui.label(egui::RichText::new(active).weak());
                ui.separator();
            }
            let theme_label = ui.label(egui::RichText::new("Theme").weak());
            egui::ComboBox::from_id_salt("theme")
                .selected_text(self.remembered.theme.label())
                .show_ui(ui, |ui| {
                    for t in ThemeChoice::ALL {
                        ui.selectable_value(&mut self.remembered.theme, t, t.label());
                    }
                })
                .response
                .labelled_by(theme_label.id);
            self.commands.button(ui, Command::ToggleHelp);
            let used = ui.min_rect().right() - start;
            if width.is_none_or(|w| (w - used).abs() > 0.5) {
                ui.ctx().data_mut(|d| d.insert_temp(width_id, used));
                ui.ctx()
                    .request_discard("top bar: right-hand group measured");
            }
        });
    }

    fn status_bar(&mut self, ui: &mut egui::Ui, now: i64) {
        ui.horizontal(|ui| {
            let label = ui.label("Clear clipboard after");
            egui::ComboBox::from_id_salt("clear-after")
                .selected_text(clear_label(self.remembered.clipboard_clear_secs))
                .show_ui(ui, |ui| {
                    for c in CLEAR_CHOICES {
                        ui.selectable_value(
                            &mut self.remembered.clipboard_clear_secs,
                            c,
                            clear_label(c),
                        );
                    }
                })
                .response
                .labelled_by(label.id);
            // Where the clipboard cannot be wiped later, say so beside the choice.
            if let Some(b) = self.clipboard.backend().filter(|b| !b.clears_later()) {
                ui.label(egui::RichText::new("(not possible here)").weak())
                    .on_hover_text(format!("The clipboard in use is {}.", b.name()));
            }
            if let Some(left) = self.clipboard.seconds_left(now) {
                ui.label(
                    egui::RichText::new(format!("Clipboard clears in {left} s"))
                        .color(ui.visuals().warn_fg_color),
                );
            }
            ui.separator();
            if let Some(s) = &self.status {
                let color = s.tone.text_color(ui.visuals());
                ui.add(egui::Label::new(egui::RichText::new(&s.text).color(color)).wrap());
            }
        });
    }

    /// The open page, under the banners that concern every page.
    fn page(&mut self, ui: &mut egui::Ui, now: Timestamp) {
        keyring_banner(ui, self.keyring.as_ref(), self.load_warning.as_deref());
        let ctx = page_context(&self.known, &self.tz, now, self.keyring.as_ref());
        let commands = &mut self.commands;
        let page = self.pages.get_mut(self.remembered.tab);
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| page.ui(ui, &ctx, commands));
    }

    /// Idle: no repaint at all, unless something on screen counts down,
    /// and then only when its text will change: every second for the
    /// clipboard and the last minute of a time, else once a minute.
    fn schedule_repaint(&self, ctx: &egui::Context, now: Timestamp) {
        let clipboard = self.clipboard.seconds_left(now.as_second()).map(|_| 1);
        let page = self.pages.get(self.remembered.tab).next_change(now);
        if let Some(secs) = clipboard.into_iter().chain(page).min() {
            ctx.request_repaint_after(Duration::from_secs(secs));
        }
    }
}

/// What pages read while drawing (built from fields, so the shell can lend
/// its pages and its command queue mutably at the same time).
fn page_context<'a>(
    known: &'a KnownProjects,
    tz: &'a TimeZone,
    now: Timestamp,
    keyring: Option<&Result<(), String>>,
) -> PageContext<'a> {
    PageContext {
        known,
        now,
        tz,
        keyring_unavailable: matches!(keyring, Some(Err(_))),
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        if self.applied_theme != Some(self.remembered.theme) {
            ctx.set_theme(self.remembered.theme.preference());
            self.applied_theme = Some(self.remembered.theme);
        }
        if self.after_first_frame.is_some() {
            if ctx.cumulative_frame_nr() == 0 {
                ctx.request_repaint();
            } else if let Some(job) = self.after_first_frame.take() {
                self.worker.submit(job);
            }
        }
        self.poll_worker();
        self.poll_tasks();
        let now = self.clock.now();
        if self.clipboard.tick(now.as_second()) {
            self.say("Cleared the clipboard.");
        }
        self.take_requested_compare_paste(&ctx);
        self.refuse_huge_pastes(&ctx);
        self.take_requested_paste(&ctx);
        self.take_dropped_file(&ctx);
        // Quitting: a pending wipe would never come, so it happens now (on
        // Linux an excluded copy dies with the app anyway; elsewhere it
        // would outlive it).
        if ctx.input(|i| i.viewport().close_requested()) && self.clipboard.clear_if_ours() {
            self.say("Cleared the clipboard.");
        }
        name_the_window(&ctx);
        for c in Command::pressed(&ctx) {
            self.commands.push(c);
        }

        egui::Panel::top("top").show(ui, |ui| {
            ui.add_space(4.0);
            self.top_bar(ui);
            ui.add_space(2.0);
        });
        // The status bar's panel is placed before the page (egui lays out
        // side panels first) but filled after it, so Tab reaches its
        // controls after the page's, in reading order.
        let size_id = ui.make_persistent_id("status-bar-size");
        let size = ctx.data(|d| d.get_temp::<f32>(size_id)).unwrap_or(36.0);
        let panel = egui::Panel::bottom("status")
            .exact_size(size)
            .show(ui, |ui| ui.max_rect());
        let inner = panel.inner;
        egui::CentralPanel::default().show(ui, |ui| self.page(ui, now));
        let bar = ui.scope_builder(
            egui::UiBuilder::new()
                .max_rect(inner)
                .layout(egui::Layout::top_down(egui::Align::Min)),
            |ui| {
                ui.add_space(2.0);
                self.status_bar(ui, now.as_second());
                ui.add_space(2.0);
            },
        );
        let needed = bar.response.rect.height() + (panel.response.rect.height() - inner.height());
        if (needed - size).abs() > 0.5 {
            ctx.data_mut(|d| d.insert_temp(size_id, needed));
            ctx.request_discard("status bar measured");
        }
        self.help_window(&ctx);
        self.run_commands(&ctx);
        self.schedule_repaint(&ctx, now);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.remembered());
    }

    /// egui's own widget memory is not kept: only [`Remembered`] is, so no
    /// text field content can ever reach the disk.
    fn persist_egui_memory(&self) -> bool {
        false
    }
}
