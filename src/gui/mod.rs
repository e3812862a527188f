//! The desktop window: generate, inspect and manage projects by clicking.
//!
//! Shape: [`App`] holds the state; drawing only reads it and collects
//! [`Command`]s; the commands (clipboard, storage jobs, generation) run after
//! drawing. Storage work goes to a [`io::Worker`] (a thread in the app, inline
//! in tests), so the keyring is never called inside a frame.

pub mod clipboard;
mod generate;
mod inspect;
pub mod io;
mod projects;
pub mod shortcuts;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use eframe::egui;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

use crate::store::{Project, ProjectsFile, Settings};
use crate::token::SecretKey;

pub use clipboard::{Clip, FakeClipboard, SystemClipboard};
pub use io::KeyringSource;

/// The window title (and what the smoke test looks for).
pub const TITLE: &str = "VideoSDK Token";

/// The time source: the system clock in the app, a settable one in tests.
#[derive(Clone)]
pub struct Clock(Arc<dyn Fn() -> Timestamp + Send + Sync>);

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Self(Arc::new(Timestamp::now))
    }

    /// A clock that stands still at `t` until moved with the returned handle
    /// (seconds since the epoch).
    pub fn manual(t: Timestamp) -> (Self, Arc<AtomicI64>) {
        let secs = Arc::new(AtomicI64::new(t.as_second()));
        let read = Arc::clone(&secs);
        let clock = Self(Arc::new(move || {
            Timestamp::from_second(read.load(Ordering::Relaxed)).unwrap_or(Timestamp::UNIX_EPOCH)
        }));
        (clock, secs)
    }

    /// Now.
    pub fn now(&self) -> Timestamp {
        (self.0)()
    }
}

/// Everything the window needs from the outside world.
pub struct Services {
    /// Secrets.
    pub keyring: KeyringSource,
    /// Project metadata.
    pub projects: ProjectsFile,
    /// The clipboard.
    pub clipboard: Box<dyn Clip>,
    /// Now.
    pub clock: Clock,
    /// The zone local times are shown in.
    pub tz: TimeZone,
    /// Run storage work on a thread (the app) or inline after drawing (tests).
    pub background: bool,
}

impl Services {
    /// A fake world for tests: a given keyring (usually the mock store),
    /// projects in `dir`, a fake clipboard, a fixed clock, UTC.
    pub fn for_tests(
        keyring: crate::store::Keyring,
        dir: &Path,
        clipboard: FakeClipboard,
        clock: Clock,
    ) -> Self {
        Self {
            keyring: KeyringSource::Ready(keyring),
            projects: ProjectsFile::in_dir(dir),
            clipboard: Box::new(clipboard),
            clock,
            tz: TimeZone::UTC,
            background: false,
        }
    }
}

/// The three places.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Tab {
    /// Sign tokens.
    #[default]
    Generate,
    /// Decode, verify, explain.
    Inspect,
    /// Saved projects.
    Projects,
}

impl Tab {
    const ALL: [Tab; 3] = [Tab::Generate, Tab::Inspect, Tab::Projects];

    fn label(self) -> &'static str {
        match self {
            Tab::Generate => "Generate",
            Tab::Inspect => "Inspect",
            Tab::Projects => "Projects",
        }
    }
}

/// Light, dark, or follow the system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ThemeChoice {
    /// Follow the system.
    #[default]
    System,
    /// Light.
    Light,
    /// Dark.
    Dark,
}

impl ThemeChoice {
    fn label(self) -> &'static str {
        match self {
            Self::System => "System theme",
            Self::Light => "Light",
            Self::Dark => "Dark",
        }
    }

    fn preference(self) -> egui::ThemePreference {
        match self {
            Self::System => egui::ThemePreference::System,
            Self::Light => egui::ThemePreference::Light,
            Self::Dark => egui::ThemePreference::Dark,
        }
    }
}

/// Clipboard auto-clear choices, in seconds (`None`: never).
const CLEAR_CHOICES: [Option<u32>; 6] = [Some(15), Some(30), Some(60), Some(120), Some(300), None];

fn clear_label(c: Option<u32>) -> String {
    match c {
        None => "never".to_owned(),
        Some(s) if s >= 60 => format!("{} min", s / 60),
        Some(s) => format!("{s} s"),
    }
}

/// What is remembered between runs: never secrets, never tokens.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Remembered {
    /// The open tab.
    pub tab: Tab,
    /// The theme.
    pub theme: ThemeChoice,
    /// Clipboard auto-clear delay in seconds; `None` = never.
    pub clipboard_clear_secs: Option<u32>,
    /// Last generate settings.
    pub generate: generate::Settings,
}

impl Default for Remembered {
    fn default() -> Self {
        Self {
            tab: Tab::Generate,
            theme: ThemeChoice::System,
            clipboard_clear_secs: Some(60),
            generate: generate::Settings::default(),
        }
    }
}

/// Where a project's secret is, as far as the window knows.
#[derive(Clone)]
pub(crate) enum SecretState {
    /// Being read from the keyring.
    Loading,
    /// In the OS keyring (and cached here).
    Keyring(SecretKey),
    /// Held in memory for this session only.
    Session(SecretKey),
    /// No secret stored.
    Missing,
    /// The keyring failed.
    Error(String),
}

impl SecretState {
    fn secret(&self) -> Option<&SecretKey> {
        match self {
            Self::Keyring(s) | Self::Session(s) => Some(s),
            _ => None,
        }
    }

    fn badge(&self) -> &'static str {
        match self {
            Self::Loading => "secret: loading...",
            Self::Keyring(_) => "secret: OS keyring",
            Self::Session(_) => "secret: this session only",
            Self::Missing => "secret: missing",
            Self::Error(_) => "secret: keyring error",
        }
    }
}

/// A user action, run after drawing.
#[derive(Debug, Clone)]
pub(crate) enum Command {
    SwitchTab(Tab),
    Generate,
    CopyToken,
    /// Copy text; `sensitive` ones are wiped after the delay.
    Copy {
        text: String,
        what: &'static str,
        sensitive: bool,
    },
    PasteInspect,
    InspectText(String),
    ShowHelp,
    Quit,
    SaveProject,
    CancelForm,
    DeleteProject(String),
    SetDefault(String),
    TestProject(String),
    ImportEnv,
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
    clipboard: clipboard::Guard,
    clock: Clock,
    tz: TimeZone,
    settings: Settings,
    secrets: HashMap<String, SecretState>,
    /// `None` until the worker reports; `Some(Err)` explains why not.
    keyring: Option<Result<(), String>>,
    load_warning: Option<String>,
    commands: Vec<Command>,
    status: Option<Status>,
    help_open: bool,
    applied_theme: Option<ThemeChoice>,
    generator: generate::Page,
    insp: inspect::Page,
    proj: projects::Page,
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
        let (settings, load_warning, load_error) = match services.projects.load() {
            Ok(l) => (l.settings, l.warning.map(|w| w.to_string()), None),
            Err(e) => (
                Settings::default(),
                None,
                Some(format!("Could not read the projects: {e}")),
            ),
        };
        let mut worker = if services.background {
            io::Worker::thread(services.keyring, services.projects, ctx.clone())
        } else {
            io::Worker::inline(services.keyring, services.projects)
        };
        worker.submit(io::Job::LoadSecrets(settings.projects.clone()));
        let secrets = settings
            .projects
            .iter()
            .map(|p| (p.id.clone(), SecretState::Loading))
            .collect();
        let now = services.clock.now();
        let mut generator = generate::Page::new(&remembered.generate, now, &services.tz);
        generator.fix_project(&settings);
        let mut app = Self {
            remembered,
            worker,
            clipboard: clipboard::Guard::new(services.clipboard),
            clock: services.clock,
            tz: services.tz,
            settings,
            secrets,
            keyring: None,
            load_warning,
            commands: Vec::new(),
            status: load_error.map(|text| Status {
                text,
                tone: Tone::Bad,
            }),
            help_open: false,
            applied_theme: None,
            generator,
            insp: inspect::Page::default(),
            proj: projects::Page::default(),
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
        let mut r = self.remembered.clone();
        r.generate = self.generator.settings();
        r
    }

    /// The status bar message.
    pub fn status_text(&self) -> Option<&str> {
        self.status.as_ref().map(|s| s.text.as_str())
    }

    /// The token on show in Generate.
    pub fn generated_token(&self) -> Option<&str> {
        self.generator.token()
    }

    /// The Inspect verdict on show.
    pub fn inspect_verdict(&self) -> Option<&str> {
        self.insp.verdict()
    }

    /// How many bytes the Inspect paste field holds.
    pub fn inspect_input_len(&self) -> usize {
        self.insp.input_len()
    }

    /// The saved projects.
    pub fn projects(&self) -> &[Project] {
        &self.settings.projects
    }

    /// True while the keyring is known to be unusable.
    pub fn keyring_unavailable(&self) -> bool {
        matches!(self.keyring, Some(Err(_)))
    }

    fn say(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            tone: Tone::Info,
        });
    }

    fn warn(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            tone: Tone::Warning,
        });
    }

    fn fail(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            tone: Tone::Bad,
        });
    }

    fn project(&self, id: &str) -> Option<&Project> {
        self.settings.projects.iter().find(|p| p.id == id)
    }

    fn secret_state(&self, id: &str) -> SecretState {
        self.secrets
            .get(id)
            .cloned()
            .unwrap_or(SecretState::Loading)
    }

    fn poll_worker(&mut self) {
        for done in self.worker.poll() {
            self.on_done(done);
        }
    }

    fn on_done(&mut self, done: io::Done) {
        use io::Done;
        match done {
            Done::KeyringStatus(s) => {
                self.keyring = Some(s.map_err(|e| e.to_string()));
            }
            Done::Secret { id, result } => {
                // A secret typed in this session wins over a failed read.
                if matches!(self.secrets.get(&id), Some(SecretState::Session(_))) {
                    return;
                }
                let state = match result {
                    Ok(Some(s)) => SecretState::Keyring(s),
                    Ok(None) => SecretState::Missing,
                    Err(e) => SecretState::Error(e.to_string()),
                };
                self.secrets.insert(id, state);
            }
            Done::Settings(s) => {
                for p in &s.projects {
                    self.secrets
                        .entry(p.id.clone())
                        .or_insert(SecretState::Missing);
                }
                self.settings = s;
                self.generator.fix_project(&self.settings);
            }
            Done::Saved {
                name,
                id,
                secret,
                secret_error,
            } => match (secret, secret_error) {
                (Some(s), Some(e)) => {
                    self.secrets.insert(id, SecretState::Session(s));
                    self.warn(format!(
                        "Saved project {name}; its secret is kept for this session only and will not be saved: {e}"
                    ));
                }
                (Some(s), None) => {
                    self.secrets.insert(id, SecretState::Keyring(s));
                    self.say(format!(
                        "Saved project {name}; its secret is in the OS keyring."
                    ));
                }
                (None, _) => self.say(format!("Saved project {name}.")),
            },
            Done::Deleted { name, id } => {
                self.secrets.remove(&id);
                self.say(format!("Deleted project {name} and its secret."));
            }
            Done::Imported(env) => {
                self.proj.fill_from_env(env);
                self.say("Imported the API key and secret; give the project a name and save it.");
            }
            Done::Failed(e) => self.fail(e),
        }
    }

    fn run_commands(&mut self, ctx: &egui::Context) {
        let commands = std::mem::take(&mut self.commands);
        for c in commands {
            self.run_command(c, ctx);
        }
    }

    fn run_command(&mut self, command: Command, ctx: &egui::Context) {
        let now = self.clock.now();
        match command {
            Command::SwitchTab(t) => self.remembered.tab = t,
            Command::Generate => {
                self.remembered.tab = Tab::Generate;
                let result = self
                    .generator
                    .generate(&self.settings, &self.secrets, now, &self.tz);
                match result {
                    Ok(msg) => self.say(msg),
                    Err(e) => self.fail(e),
                }
            }
            Command::CopyToken => match self.generator.token().map(str::to_owned) {
                Some(t) => self.copy(&t, "token", true),
                None => self.fail("No token yet: generate one first."),
            },
            Command::Copy {
                text,
                what,
                sensitive,
            } => self.copy(&text, what, sensitive),
            Command::PasteInspect => {
                self.remembered.tab = Tab::Inspect;
                match self.clipboard.paste() {
                    Ok(text) => {
                        self.insp.set_input(text);
                        self.say("Pasted from the clipboard.");
                    }
                    Err(e) => self.fail(format!(
                        "Cannot paste: {e}. Paste into the field with the keyboard instead."
                    )),
                }
            }
            Command::InspectText(text) => {
                self.remembered.tab = Tab::Inspect;
                self.insp.set_input(text);
            }
            Command::ShowHelp => self.help_open = !self.help_open,
            Command::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Command::SaveProject => match self.proj.take_form(&self.settings) {
                Ok(job) => self.worker.submit(job),
                Err(e) => self.fail(e),
            },
            Command::CancelForm => self.cancel_form(),
            Command::DeleteProject(id) => self.worker.submit(io::Job::DeleteProject(id)),
            Command::SetDefault(id) => self.worker.submit(io::Job::SetDefault(id)),
            Command::TestProject(id) => {
                let result =
                    projects::test_project(self.project(&id), &self.secret_state(&id), now);
                match result {
                    Ok(msg) => self.say(msg),
                    Err(msg) => self.fail(msg),
                }
            }
            Command::ImportEnv => {
                let path = PathBuf::from(self.proj.env_path().trim());
                if path.as_os_str().is_empty() {
                    self.fail("Type the path of a .env file first.");
                } else {
                    self.worker.submit(io::Job::ImportEnv(path));
                }
            }
        }
        self.poll_worker();
        ctx.request_repaint();
    }

    fn copy(&mut self, text: &str, what: &str, sensitive: bool) {
        let now = self.clock.now().as_second();
        let delay = if sensitive {
            self.remembered.clipboard_clear_secs
        } else {
            None
        };
        match self.clipboard.copy(text, now, delay) {
            Ok(()) => self.say(format!("Copied the {what}.")),
            Err(e) => self.fail(format!(
                "Cannot copy: {e}. Select the text and copy it by hand."
            )),
        }
    }

    fn listen_for_shortcuts(&mut self, ctx: &egui::Context) {
        use shortcuts::Action;
        for s in shortcuts::SHORTCUTS {
            if ctx.input_mut(|i| i.consume_shortcut(&s.keys)) {
                self.commands.push(match s.action {
                    Action::Generate => Command::Generate,
                    Action::CopyToken => Command::CopyToken,
                    Action::PasteInspect => Command::PasteInspect,
                    Action::TabGenerate => Command::SwitchTab(Tab::Generate),
                    Action::TabInspect => Command::SwitchTab(Tab::Inspect),
                    Action::TabProjects => Command::SwitchTab(Tab::Projects),
                    Action::Help => Command::ShowHelp,
                    Action::Quit => Command::Quit,
                });
            }
        }
    }

    fn top_bar(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            ui.heading(egui::RichText::new(TITLE).strong());
            ui.add_space(12.0);
            for tab in Tab::ALL {
                let selected = self.remembered.tab == tab;
                let text = egui::RichText::new(tab.label()).size(15.0);
                if ui
                    .selectable_label(selected, text)
                    .on_hover_text(shortcuts::text_of(match tab {
                        Tab::Generate => shortcuts::Action::TabGenerate,
                        Tab::Inspect => shortcuts::Action::TabInspect,
                        Tab::Projects => shortcuts::Action::TabProjects,
                    }))
                    .clicked()
                {
                    self.commands.push(Command::SwitchTab(tab));
                }
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui
                    .button("?")
                    .on_hover_text("Keyboard shortcuts (F1)")
                    .clicked()
                {
                    self.commands.push(Command::ShowHelp);
                }
                // Right to left: the combo box first, then its label on its left.
                let theme_box = egui::ComboBox::from_id_salt("theme")
                    .selected_text(self.remembered.theme.label())
                    .show_ui(ui, |ui| {
                        for t in [ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark] {
                            ui.selectable_value(&mut self.remembered.theme, t, t.label());
                        }
                    })
                    .response;
                let theme_label = ui.label(egui::RichText::new("Theme").weak());
                theme_box.labelled_by(theme_label.id);
                ui.separator();
                let active = self
                    .generator
                    .project_id()
                    .and_then(|id| self.project(id))
                    .map_or("no project".to_owned(), |p| format!("Project: {}", p.name));
                ui.label(egui::RichText::new(active).weak());
            });
        });
    }

    fn status_bar(&mut self, ui: &mut egui::Ui, now: Timestamp) {
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
            if let Some(left) = self.clipboard.seconds_left(now.as_second()) {
                ui.label(
                    egui::RichText::new(format!("Clipboard clears in {left} s"))
                        .color(ui.visuals().warn_fg_color),
                );
            }
            ui.separator();
            if let Some(s) = &self.status {
                let color = match s.tone {
                    Tone::Bad => ui.visuals().error_fg_color,
                    Tone::Warning => ui.visuals().warn_fg_color,
                    Tone::Good | Tone::Info => ui.visuals().text_color(),
                };
                ui.add(egui::Label::new(egui::RichText::new(&s.text).color(color)).wrap());
            }
        });
    }

    fn help_window(&mut self, ctx: &egui::Context) {
        let mut open = self.help_open;
        egui::Window::new("Keyboard shortcuts")
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
            .show(ctx, |ui| {
                egui::Grid::new("shortcuts")
                    .num_columns(2)
                    .spacing([24.0, 6.0])
                    .show(ui, |ui| {
                        for s in shortcuts::SHORTCUTS {
                            ui.label(egui::RichText::new(shortcuts::text(&s.keys)).monospace());
                            ui.label(s.label);
                            ui.end_row();
                        }
                    });
            });
        self.help_open = open;
    }

    fn keyring_banner(&self, ui: &mut egui::Ui) {
        if let Some(Err(e)) = &self.keyring {
            banner(
                ui,
                Tone::Warning,
                "The OS keyring is not available: secrets are kept for this session only and will not be saved.",
                Some(&format!(
                    "Why: {e}. What to do: start or unlock your keyring (log in to a desktop session), then restart the app. Until then everything works, but you will have to type secrets again next time."
                )),
            );
        }
        if let Some(w) = &self.load_warning {
            banner(ui, Tone::Warning, "The projects file was damaged.", Some(w));
        }
    }
}

impl App {
    /// A paste of megabytes would freeze the window while a text field lays
    /// it out: take such pastes out of the input before any widget sees them.
    /// On Inspect the refusal is the verdict; elsewhere the status bar says so.
    fn refuse_huge_pastes(&mut self, ctx: &egui::Context) {
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
            if self.remembered.tab == Tab::Inspect {
                self.insp.refuse_oversized(bytes);
            } else {
                self.fail(format!(
                    "Ignored a paste of {bytes} bytes: far too long for any field here."
                ));
            }
        }
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        if self.applied_theme != Some(self.remembered.theme) {
            ctx.set_theme(self.remembered.theme.preference());
            self.applied_theme = Some(self.remembered.theme);
        }
        self.poll_worker();
        let now = self.clock.now();
        if self.clipboard.tick(now.as_second()) {
            self.say("Cleared the clipboard.");
        }
        self.refuse_huge_pastes(&ctx);
        self.listen_for_shortcuts(&ctx);

        egui::Panel::top("top").show(ui, |ui| {
            ui.add_space(4.0);
            self.top_bar(ui);
            ui.add_space(2.0);
        });
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.add_space(2.0);
            self.status_bar(ui, now);
            ui.add_space(2.0);
        });
        egui::CentralPanel::default().show(ui, |ui| {
            self.keyring_banner(ui);
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| match self.remembered.tab {
                    Tab::Generate => self.generate_ui(ui, now),
                    Tab::Inspect => self.inspect_ui(ui, now),
                    Tab::Projects => self.projects_ui(ui),
                });
        });
        self.help_window(&ctx);
        self.delete_modal(&ctx);

        self.run_commands(&ctx);

        // Idle: no repaint at all, unless something on screen counts down,
        // and then only when its text will change: every second for the
        // clipboard and the last minute of a time, else once a minute.
        let clipboard = self.clipboard.seconds_left(now.as_second()).map(|_| 1);
        let page = match self.remembered.tab {
            Tab::Generate => self.generator.next_change(now),
            Tab::Inspect => self.insp.next_change(now),
            Tab::Projects => None,
        };
        if let Some(secs) = clipboard.into_iter().chain(page).min() {
            ctx.request_repaint_after(Duration::from_secs(secs));
        }
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

/// Banner colours.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Tone {
    Good,
    Info,
    Warning,
    Bad,
}

impl Tone {
    fn colors(self, dark: bool) -> (egui::Color32, egui::Color32) {
        use egui::Color32 as C;
        match (self, dark) {
            (Tone::Good, false) => (C::from_rgb(0xe6, 0xf4, 0xea), C::from_rgb(0x13, 0x73, 0x33)),
            (Tone::Good, true) => (C::from_rgb(0x12, 0x33, 0x1d), C::from_rgb(0x81, 0xd8, 0x96)),
            (Tone::Info, false) => (C::from_rgb(0xe8, 0xf0, 0xfe), C::from_rgb(0x17, 0x4e, 0xa6)),
            (Tone::Info, true) => (C::from_rgb(0x17, 0x2a, 0x45), C::from_rgb(0x8a, 0xb4, 0xf8)),
            (Tone::Warning, false) => {
                (C::from_rgb(0xfe, 0xf7, 0xe0), C::from_rgb(0x8a, 0x55, 0x00))
            }
            (Tone::Warning, true) => (C::from_rgb(0x3d, 0x30, 0x10), C::from_rgb(0xf6, 0xc3, 0x4a)),
            (Tone::Bad, false) => (C::from_rgb(0xfc, 0xe8, 0xe6), C::from_rgb(0xa5, 0x0e, 0x0e)),
            (Tone::Bad, true) => (C::from_rgb(0x45, 0x17, 0x17), C::from_rgb(0xf2, 0x8b, 0x82)),
        }
    }
}

/// A coloured box with a one-sentence title and optional detail.
pub(crate) fn banner(ui: &mut egui::Ui, tone: Tone, title: &str, detail: Option<&str>) {
    let (fill, text) = tone.colors(ui.visuals().dark_mode);
    egui::Frame::new()
        .fill(fill)
        .stroke(egui::Stroke::new(1.0, text.gamma_multiply(0.5)))
        .corner_radius(6.0)
        .inner_margin(egui::Margin::symmetric(12, 8))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.add(
                egui::Label::new(egui::RichText::new(title).color(text).strong().size(15.0))
                    .selectable(true),
            );
            if let Some(d) = detail {
                ui.add(egui::Label::new(egui::RichText::new(d).color(text)).selectable(true));
            }
        });
    ui.add_space(6.0);
}

/// A section title.
pub(crate) fn section(ui: &mut egui::Ui, title: &str) {
    ui.add_space(8.0);
    ui.label(egui::RichText::new(title).strong().size(15.0));
    ui.add_space(2.0);
}

fn install_style(ctx: &egui::Context) {
    ctx.all_styles_mut(|style| {
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.button_padding = egui::vec2(10.0, 4.0);
        style.spacing.interact_size.y = 24.0;
    });
}

/// The app icon, decoded from the PNG in `assets/`.
fn icon() -> Option<egui::IconData> {
    eframe::icon_data::from_png_bytes(include_bytes!("../../assets/videosdk-token.png")).ok()
}

fn no_display_reason() -> Option<&'static str> {
    if cfg!(target_os = "linux")
        && std::env::var_os("DISPLAY").is_none()
        && std::env::var_os("WAYLAND_DISPLAY").is_none()
    {
        return Some("no display (neither DISPLAY nor WAYLAND_DISPLAY is set)");
    }
    None
}

/// Opens the window. Without a display, says why and returns exit code 2.
pub fn run() -> ExitCode {
    let hint = "use the command line: videosdk-token --help";
    if let Some(reason) = no_display_reason() {
        eprintln!("videosdk-token: cannot open the window: {reason}; {hint}");
        return ExitCode::from(2);
    }
    let config_dir = match crate::store::default_config_dir() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("videosdk-token: cannot open the window: {e}; {hint}");
            return ExitCode::from(2);
        }
    };
    let mut viewport = egui::ViewportBuilder::default()
        .with_title(TITLE)
        .with_app_id("videosdk-token")
        .with_inner_size([1040.0, 760.0])
        .with_min_inner_size([780.0, 560.0]);
    if let Some(icon) = icon() {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport,
        persistence_path: Some(config_dir.join("window.ron")),
        renderer: renderer(),
        ..Default::default()
    };
    let projects = ProjectsFile::in_dir(&config_dir);
    let result = eframe::run_native(
        TITLE,
        options,
        Box::new(move |cc| {
            let services = Services {
                keyring: KeyringSource::Platform,
                projects,
                clipboard: Box::new(SystemClipboard::default()),
                clock: Clock::system(),
                tz: TimeZone::system(),
                background: true,
            };
            Ok(Box::new(App::new(cc, services)))
        }),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("videosdk-token: cannot open the window ({e}); {hint}");
            ExitCode::from(2)
        }
    }
}

/// The renderer: glow (chosen by measurement, see the README). A build with
/// the `wgpu` feature as well lets `VIDEOSDK_TOKEN_RENDERER=wgpu` pick wgpu,
/// for measuring the two side by side.
fn renderer() -> eframe::Renderer {
    #[cfg(all(feature = "glow", feature = "wgpu"))]
    if std::env::var("VIDEOSDK_TOKEN_RENDERER").as_deref() == Ok("wgpu") {
        return eframe::Renderer::Wgpu;
    }
    #[cfg(feature = "glow")]
    return eframe::Renderer::Glow;
    #[cfg(not(feature = "glow"))]
    return eframe::Renderer::default();
}
