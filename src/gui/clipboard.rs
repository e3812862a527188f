//! The clipboard behind a small trait: the system clipboard in the app, a
//! recorder in tests. [`Guard`] adds the auto-clear: what we copied is wiped
//! after a delay, but only if the clipboard still holds it (the user may have
//! copied something else since).
//!
//! Which system clipboard ([`Backend`]) depends on the desktop, and decides
//! what the app can promise:
//!
//! | desktop | backend | kept out of history | wiped later |
//! |---|---|---|---|
//! | X11 | arboard, X11 | yes | yes |
//! | Wayland with data-control (KDE, wlroots/sway, Hyprland) | arboard, data-control | yes | yes |
//! | Wayland without it (GNOME), XWayland running | arboard, X11 through XWayland | yes (hint) | yes |
//! | Wayland without it, no XWayland | the window's own (egui) | no | no |
//! | macOS, Windows | arboard, native | yes | yes |
//!
//! Nothing here leaves a dead Copy button: when arboard cannot open, the
//! window's own clipboard (which works while the window has the focus) takes
//! over, and the status bar says what that means.

use std::sync::{Arc, Mutex};

use eframe::egui;
use zeroize::Zeroizing;

/// Which clipboard copies go to, and so what the app can promise there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// Wayland's data-control protocol (KDE, wlroots/sway, Hyprland).
    WaylandDataControl,
    /// X11; `xwayland` when it is XWayland inside a Wayland session whose
    /// compositor offers no data-control (GNOME).
    X11 {
        /// Inside a Wayland session.
        xwayland: bool,
    },
    /// macOS's or Windows' clipboard.
    Native,
    /// The window's own clipboard (egui: smithay-clipboard on Wayland): it
    /// works while the window has the focus, so copies and pastes work, but
    /// it can neither mark a copy as secret nor wipe it later.
    Window,
}

impl Backend {
    /// Whether a copy can be wiped after a delay (when the window may not
    /// have the focus) and checked to be still ours first.
    pub fn clears_later(self) -> bool {
        self != Self::Window
    }

    /// Whether a copy can be marked to stay out of clipboard history.
    pub fn keeps_out_of_history(self) -> bool {
        self != Self::Window
    }

    /// Its name in the status bar and the README.
    pub fn name(self) -> &'static str {
        match self {
            Self::WaylandDataControl => "Wayland data-control",
            Self::X11 { xwayland: false } => "X11",
            Self::X11 { xwayland: true } => "XWayland (this compositor offers no data-control)",
            Self::Native => "the system clipboard",
            Self::Window => "the window's own clipboard (no data-control, no XWayland here)",
        }
    }

    /// What a user must know after copying a token with it, when the app
    /// cannot keep its promises there; `None` when it can.
    pub fn limitation(self) -> Option<String> {
        (!self.clears_later() || !self.keeps_out_of_history()).then(|| {
            format!(
                "copied with {}: it cannot be kept out of clipboard history nor wiped later; it disappears when the app quits",
                self.name()
            )
        })
    }

    /// The backends to try, in order, on a desktop described by `env`:
    /// arboard's first, the window's own last (it always works for a
    /// focused window).
    pub fn candidates(env: Desktop) -> Vec<Backend> {
        let first = match env {
            Desktop::Other => Some(Self::Native),
            Desktop::Linux {
                wayland: true,
                data_control: true,
                ..
            } => Some(Self::WaylandDataControl),
            Desktop::Linux {
                wayland: true,
                x11_display: true,
                ..
            } => Some(Self::X11 { xwayland: true }),
            Desktop::Linux { wayland: true, .. } => None,
            Desktop::Linux { wayland: false, .. } => Some(Self::X11 { xwayland: false }),
        };
        first.into_iter().chain([Self::Window]).collect()
    }
}

/// What decides the clipboard backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Desktop {
    /// Linux (or another Unix with X11/Wayland).
    Linux {
        /// `WAYLAND_DISPLAY` is set.
        wayland: bool,
        /// The compositor offers data-control (asked over Wayland).
        data_control: bool,
        /// `DISPLAY` is set (X11, or XWayland in a Wayland session).
        x11_display: bool,
    },
    /// macOS, Windows.
    Other,
}

impl Desktop {
    /// This machine's, asked once when the clipboard is first used.
    pub fn detect() -> Self {
        #[cfg(target_os = "linux")]
        {
            let wayland = std::env::var_os("WAYLAND_DISPLAY").is_some_and(|v| !v.is_empty());
            let x11_display = std::env::var_os("DISPLAY").is_some_and(|v| !v.is_empty());
            // A Wayland round trip: the compositor's globals list data-control or not.
            // (any error there means arboard's data-control would not open either).
            let data_control =
                wayland && wl_clipboard_rs::utils::is_primary_selection_supported().is_ok();
            Self::Linux {
                wayland,
                data_control,
                x11_display,
            }
        }
        #[cfg(not(target_os = "linux"))]
        Self::Other
    }
}

/// What the clipboard gave back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pasted {
    /// Its text.
    Text(String),
    /// The window was asked to paste: the text arrives as a paste event in
    /// the next frame (the window's own clipboard reads asynchronously).
    Requested,
}

/// Read and write text on the system clipboard.
pub trait Clip {
    /// Puts `text` on the clipboard, kept out of clipboard history where the
    /// platform allows.
    fn set(&mut self, text: &str) -> Result<(), String>;
    /// The clipboard's text.
    fn get(&mut self) -> Result<Pasted, String>;
    /// Empties the clipboard.
    fn clear(&mut self) -> Result<(), String>;
    /// The backend in use; `None` before the first use.
    fn backend(&self) -> Option<Backend>;
}

enum Opened {
    Arboard(arboard::Clipboard, Backend),
    Window(egui::Context),
}

/// The system clipboard: `arboard` (one long-lived handle: on X11 the
/// content lives as long as it), or the window's own when arboard cannot
/// open. Opened on first use, so start-up does not wait for it.
#[derive(Default)]
pub struct SystemClipboard {
    ctx: Option<egui::Context>,
    opened: Option<Opened>,
}

impl SystemClipboard {
    /// The system clipboard, falling back to `ctx`'s (the window's own).
    pub fn new(ctx: egui::Context) -> Self {
        Self {
            ctx: Some(ctx),
            opened: None,
        }
    }

    fn open(&mut self) -> Result<&mut Opened, String> {
        if self.opened.is_none() {
            let mut why = Vec::new();
            for backend in Backend::candidates(Desktop::detect()) {
                match backend {
                    Backend::Window => {
                        if let Some(ctx) = &self.ctx {
                            self.opened = Some(Opened::Window(ctx.clone()));
                            break;
                        }
                    }
                    _ => match arboard::Clipboard::new() {
                        Ok(cb) => {
                            self.opened = Some(Opened::Arboard(cb, backend));
                            break;
                        }
                        Err(e) => why.push(e.to_string()),
                    },
                }
            }
            if self.opened.is_none() {
                let why = if why.is_empty() {
                    "no display".to_owned()
                } else {
                    why.join("; ")
                };
                return Err(format!("no clipboard available ({why})"));
            }
        }
        self.opened
            .as_mut()
            .ok_or_else(|| "no clipboard available".to_owned())
    }
}

impl Clip for SystemClipboard {
    fn set(&mut self, text: &str) -> Result<(), String> {
        match self.open()? {
            Opened::Window(ctx) => {
                ctx.copy_text(text.to_owned());
                Ok(())
            }
            Opened::Arboard(cb, _) => {
                let set = cb.set();
                #[cfg(any(target_os = "linux", target_os = "windows", target_os = "macos"))]
                let set = {
                    #[cfg(target_os = "macos")]
                    use arboard::SetExtApple as _;
                    #[cfg(target_os = "linux")]
                    use arboard::SetExtLinux as _;
                    #[cfg(target_os = "windows")]
                    use arboard::SetExtWindows as _;
                    set.exclude_from_history()
                };
                set.text(text.to_owned())
                    .map_err(|e| format!("could not copy ({e})"))
            }
        }
    }

    fn get(&mut self) -> Result<Pasted, String> {
        match self.open()? {
            Opened::Window(ctx) => {
                ctx.send_viewport_cmd(egui::ViewportCommand::RequestPaste);
                ctx.request_repaint();
                Ok(Pasted::Requested)
            }
            Opened::Arboard(cb, _) => cb.get_text().map(Pasted::Text).map_err(|e| match e {
                arboard::Error::ContentNotAvailable => "the clipboard holds no text".to_owned(),
                e => format!("could not read the clipboard ({e})"),
            }),
        }
    }

    fn clear(&mut self) -> Result<(), String> {
        match self.open()? {
            Opened::Window(ctx) => {
                ctx.copy_text(String::new());
                Ok(())
            }
            Opened::Arboard(cb, _) => cb
                .clear()
                .map_err(|e| format!("could not clear the clipboard ({e})")),
        }
    }

    fn backend(&self) -> Option<Backend> {
        match &self.opened {
            None => None,
            Some(Opened::Window(_)) => Some(Backend::Window),
            Some(Opened::Arboard(_, b)) => Some(*b),
        }
    }
}

/// A clipboard for tests: remembers everything that was copied.
#[derive(Clone, Default)]
pub struct FakeClipboard {
    state: Arc<Mutex<FakeState>>,
}

#[derive(Default)]
struct FakeState {
    current: String,
    copied: Vec<String>,
    unavailable: bool,
    /// Acts like this backend; `None`: a clipboard that can do everything.
    backend: Option<Backend>,
    /// How many pastes were requested from the window (the window backend).
    paste_requests: usize,
}

impl FakeClipboard {
    /// A fake that fails every call, like a machine without a display.
    pub fn unavailable() -> Self {
        let fake = Self::default();
        fake.lock().unavailable = true;
        fake
    }

    /// A fake that acts like `backend`: with [`Backend::Window`], pastes
    /// are requested from the window instead of read.
    pub fn acting_as(backend: Backend) -> Self {
        let fake = Self::default();
        fake.lock().backend = Some(backend);
        fake
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, FakeState> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Everything copied so far, oldest first.
    pub fn copied(&self) -> Vec<String> {
        self.lock().copied.clone()
    }

    /// What the clipboard holds now.
    pub fn current(&self) -> String {
        self.lock().current.clone()
    }

    /// Simulates the user copying something elsewhere.
    pub fn put(&self, text: &str) {
        self.lock().current = text.to_owned();
    }

    /// How many pastes were requested from the window.
    pub fn paste_requests(&self) -> usize {
        self.lock().paste_requests
    }
}

impl Clip for FakeClipboard {
    fn set(&mut self, text: &str) -> Result<(), String> {
        let mut s = self.lock();
        if s.unavailable {
            return Err("no clipboard available (no display)".to_owned());
        }
        s.current = text.to_owned();
        s.copied.push(text.to_owned());
        Ok(())
    }

    fn get(&mut self) -> Result<Pasted, String> {
        let mut s = self.lock();
        if s.unavailable {
            return Err("no clipboard available (no display)".to_owned());
        }
        if s.backend == Some(Backend::Window) {
            s.paste_requests += 1;
            return Ok(Pasted::Requested);
        }
        Ok(Pasted::Text(s.current.clone()))
    }

    fn clear(&mut self) -> Result<(), String> {
        let mut s = self.lock();
        if s.unavailable {
            return Err("no clipboard available (no display)".to_owned());
        }
        s.current.clear();
        Ok(())
    }

    fn backend(&self) -> Option<Backend> {
        let s = self.lock();
        (!s.unavailable).then_some(s.backend.unwrap_or(Backend::Native))
    }
}

/// What a copy did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copied {
    /// Where it went.
    pub backend: Option<Backend>,
    /// Whether a wipe is scheduled.
    pub clears: bool,
}

/// The clipboard plus what we last put on it and when to wipe it.
pub struct Guard {
    clip: Box<dyn Clip>,
    ours: Option<Zeroizing<String>>,
    /// Unix seconds at which the clipboard is wiped, if still ours.
    clear_at: Option<i64>,
}

impl Guard {
    /// Wraps a clipboard.
    pub fn new(clip: Box<dyn Clip>) -> Self {
        Self {
            clip,
            ours: None,
            clear_at: None,
        }
    }

    /// Copies `text`; `clear_after` seconds later it is wiped if still
    /// there (where the backend can do that: see [`Backend::clears_later`]).
    pub fn copy(
        &mut self,
        text: &str,
        now: i64,
        clear_after: Option<u32>,
    ) -> Result<Copied, String> {
        self.clip.set(text)?;
        let backend = self.clip.backend();
        let can_clear = backend.is_none_or(Backend::clears_later);
        self.ours = Some(Zeroizing::new(text.to_owned()));
        self.clear_at = clear_after
            .filter(|_| can_clear)
            .map(|s| now + i64::from(s));
        Ok(Copied {
            backend,
            clears: self.clear_at.is_some(),
        })
    }

    /// Reads the clipboard.
    pub fn paste(&mut self) -> Result<Pasted, String> {
        self.clip.get()
    }

    /// The backend in use, once the clipboard was used.
    pub fn backend(&self) -> Option<Backend> {
        self.clip.backend()
    }

    /// Seconds until the wipe, while one is pending.
    pub fn seconds_left(&self, now: i64) -> Option<i64> {
        self.clear_at.map(|t| (t - now).max(0))
    }

    /// Wipes the clipboard if the delay has passed and it still holds our
    /// text. Returns true if it was wiped.
    pub fn tick(&mut self, now: i64) -> bool {
        match self.clear_at {
            Some(t) if now >= t => self.clear_if_ours(),
            _ => false,
        }
    }

    /// Wipes a pending copy now, if the clipboard still holds it (the app
    /// is quitting: the wipe would never come). Returns true if wiped.
    pub fn clear_if_ours(&mut self) -> bool {
        if self.clear_at.take().is_none() {
            return false;
        }
        let ours = self.ours.take();
        let still_ours = match (ours, self.clip.get()) {
            (Some(o), Ok(Pasted::Text(cur))) => *o == cur,
            _ => false,
        };
        still_ours && self.clip.clear().is_ok()
    }

    /// Stops a pending wipe (e.g. the delay was set to "never").
    pub fn cancel(&mut self) {
        self.clear_at = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clears_only_what_is_still_ours() {
        let fake = FakeClipboard::default();
        let mut g = Guard::new(Box::new(fake.clone()));
        g.copy("tok", 100, Some(60)).unwrap();
        assert_eq!(g.seconds_left(130), Some(30));
        assert!(!g.tick(159));
        assert!(g.tick(160));
        assert_eq!(fake.current(), "");

        g.copy("tok2", 200, Some(60)).unwrap();
        fake.put("something the user copied");
        assert!(!g.tick(300));
        assert_eq!(fake.current(), "something the user copied");
        assert_eq!(g.seconds_left(300), None);
    }

    #[test]
    fn quitting_wipes_a_pending_copy_that_is_still_ours() {
        let fake = FakeClipboard::default();
        let mut g = Guard::new(Box::new(fake.clone()));
        g.copy("tok", 100, Some(60)).unwrap();
        assert!(g.clear_if_ours());
        assert_eq!(fake.current(), "");
        // Nothing pending (never, or not sensitive): left alone.
        g.copy("kept", 100, None).unwrap();
        assert!(!g.clear_if_ours());
        assert_eq!(fake.current(), "kept");
    }

    #[test]
    fn the_window_clipboard_copies_but_schedules_no_wipe() {
        let fake = FakeClipboard::acting_as(Backend::Window);
        let mut g = Guard::new(Box::new(fake.clone()));
        let copied = g.copy("tok", 100, Some(60)).unwrap();
        assert_eq!(copied.backend, Some(Backend::Window));
        assert!(!copied.clears);
        assert_eq!(g.seconds_left(100), None);
        assert_eq!(fake.current(), "tok");
        assert_eq!(g.paste().unwrap(), Pasted::Requested);
        assert!(Backend::Window.limitation().is_some());
        assert!(Backend::WaylandDataControl.limitation().is_none());
    }

    #[test]
    fn backends_are_tried_data_control_then_xwayland_then_the_window() {
        let linux = |wayland, data_control, x11_display| Desktop::Linux {
            wayland,
            data_control,
            x11_display,
        };
        use Backend::*;
        assert_eq!(
            Backend::candidates(linux(true, true, true)),
            [WaylandDataControl, Window]
        );
        // GNOME: no data-control; XWayland if it runs, else the window's own.
        assert_eq!(
            Backend::candidates(linux(true, false, true)),
            [X11 { xwayland: true }, Window]
        );
        assert_eq!(Backend::candidates(linux(true, false, false)), [Window]);
        assert_eq!(
            Backend::candidates(linux(false, false, true)),
            [X11 { xwayland: false }, Window]
        );
        assert_eq!(Backend::candidates(Desktop::Other), [Native, Window]);
    }

    #[test]
    fn never_means_never() {
        let fake = FakeClipboard::default();
        let mut g = Guard::new(Box::new(fake.clone()));
        g.copy("tok", 100, None).unwrap();
        assert!(!g.tick(1_000_000));
        assert_eq!(fake.current(), "tok");
    }
}
