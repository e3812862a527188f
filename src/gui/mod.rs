//! The desktop window: generate, inspect, compare and manage projects by
//! clicking.
//!
//! Shape (after egui_demo_app's `wrap_app.rs` and rerun's command split):
//!
//! - [`App`] (in `shell`) only dispatches: top bar, status bar, help window,
//!   which page to draw, the [`Command`]s to run after drawing, the answers
//!   of the storage worker and of the background tasks.
//! - Each page (`pages::{generate, inspect, projects, compare}`, behind the
//!   `Page` trait) owns its state and draws from a read-only `PageContext`;
//!   it never touches the keyring, a file or the clipboard, and starts no
//!   thread: it queues [`Command`]s, or describes a task.
//! - [`Command`] is every named action, with its label, tooltip and shortcut.
//! - Storage work goes to an [`io::Worker`] (a thread in the app, inline in
//!   tests) over [`crate::app`], so the keyring is never called inside a
//!   frame; it also watches the projects file. Other slow work (batches, file
//!   choosers) is a `tasks::Task`, started by the one task runner, which
//!   hands each answer back to whoever asked.

pub mod chooser;
pub mod clipboard;
mod commands;
pub mod export;
pub mod io;
mod known;
mod pages;
pub mod qr;
mod shell;
mod tasks;
mod widgets;

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use eframe::egui;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

use crate::app::{KeyringSource, Storage};

pub use chooser::{Chooser, ChooserHandle};
pub use clipboard::{Backend as ClipboardBackend, Clip, FakeClipboard, Pasted, SystemClipboard};
pub use commands::Command;
pub use pages::generate::{ExpiryMode, RoleSet, Settings as GenerateSettings};
pub use shell::App;

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
    /// The projects file and the keyring (only the storage worker opens
    /// the keyring; the UI thread reads the file once, at start).
    pub storage: Arc<Storage>,
    /// The clipboard.
    pub clipboard: Box<dyn Clip>,
    /// Now.
    pub clock: Clock,
    /// The zone local times are shown in.
    pub tz: TimeZone,
    /// The desktop's file chooser, or a test's stand-in.
    pub chooser: Chooser,
    /// Run storage work on a thread (the app) or inline after drawing (tests).
    pub background: bool,
}

impl Services {
    /// A fake world for tests: a given keyring (usually the mock store),
    /// projects in `dir`, a fake clipboard, a fixed clock, UTC.
    pub fn for_tests(
        keyring: KeyringSource,
        dir: &Path,
        clipboard: FakeClipboard,
        clock: Clock,
    ) -> Self {
        Self {
            storage: Arc::new(Storage::in_dir(dir, keyring)),
            clipboard: Box::new(clipboard),
            clock,
            tz: TimeZone::UTC,
            chooser: Chooser::manual().0,
            background: false,
        }
    }
}

/// The places (tabs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Tab {
    /// Sign tokens.
    #[default]
    Generate,
    /// Decode, verify, explain.
    Inspect,
    /// Saved projects.
    Projects,
    /// Two tokens side by side, their differences explained.
    Compare,
}

impl Tab {
    /// Every tab, in the order of the top bar.
    pub const ALL: [Tab; 4] = [Tab::Generate, Tab::Inspect, Tab::Projects, Tab::Compare];

    /// The tab's name in the top bar.
    pub fn label(self) -> &'static str {
        match self {
            Tab::Generate => "Generate",
            Tab::Inspect => "Inspect",
            Tab::Projects => "Projects",
            Tab::Compare => "Compare",
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
    const ALL: [ThemeChoice; 3] = [Self::System, Self::Light, Self::Dark];

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
    pub generate: GenerateSettings,
}

impl Default for Remembered {
    fn default() -> Self {
        Self {
            tab: Tab::Generate,
            theme: ThemeChoice::System,
            clipboard_clear_secs: Some(60),
            generate: GenerateSettings::default(),
        }
    }
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
    let config_dir = match Storage::config_dir() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("videosdk-token: cannot open the window: {e}; {hint}");
            return ExitCode::from(2);
        }
    };
    // jiff names the system time zone by walking /usr/share/zoneinfo: a few
    // ms, more with a cold disk cache. Done while eframe opens the window and
    // its GL context, rather than after.
    let tz = std::thread::Builder::new()
        .name("time-zone".to_owned())
        .spawn(TimeZone::system)
        .ok();
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
    let storage = Arc::new(Storage::in_dir(&config_dir, KeyringSource::Platform));
    let result = eframe::run_native(
        TITLE,
        options,
        Box::new(move |cc| {
            let services = Services {
                storage,
                clipboard: Box::new(SystemClipboard::new(cc.egui_ctx.clone())),
                clock: Clock::system(),
                tz: tz
                    .and_then(|t| t.join().ok())
                    .unwrap_or_else(TimeZone::system),
                chooser: Chooser::system(),
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
