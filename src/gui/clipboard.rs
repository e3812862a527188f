//! The clipboard behind a small trait: `arboard` in the app, a recorder in
//! tests. [`Guard`] adds the auto-clear: what we copied is wiped after a delay,
//! but only if the clipboard still holds it (the user may have copied
//! something else since).

use std::sync::{Arc, Mutex};

use zeroize::Zeroizing;

/// Read and write text on the system clipboard.
pub trait Clip {
    /// Puts `text` on the clipboard, kept out of clipboard history where the
    /// platform allows.
    fn set(&mut self, text: &str) -> Result<(), String>;
    /// The clipboard's text.
    fn get(&mut self) -> Result<String, String>;
    /// Empties the clipboard.
    fn clear(&mut self) -> Result<(), String>;
}

/// The system clipboard through `arboard`: one long-lived handle (on X11 the
/// content lives as long as it), opened on first use so start-up does not
/// wait for it.
#[derive(Default)]
pub struct SystemClipboard {
    inner: Option<arboard::Clipboard>,
}

impl SystemClipboard {
    fn handle(&mut self) -> Result<&mut arboard::Clipboard, String> {
        if self.inner.is_none() {
            let cb =
                arboard::Clipboard::new().map_err(|e| format!("no clipboard available ({e})"))?;
            self.inner = Some(cb);
        }
        self.inner
            .as_mut()
            .ok_or_else(|| "no clipboard available".to_owned())
    }
}

impl Clip for SystemClipboard {
    fn set(&mut self, text: &str) -> Result<(), String> {
        let cb = self.handle()?;
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

    fn get(&mut self) -> Result<String, String> {
        self.handle()?.get_text().map_err(|e| match e {
            arboard::Error::ContentNotAvailable => "the clipboard holds no text".to_owned(),
            e => format!("could not read the clipboard ({e})"),
        })
    }

    fn clear(&mut self) -> Result<(), String> {
        self.handle()?
            .clear()
            .map_err(|e| format!("could not clear the clipboard ({e})"))
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
}

impl FakeClipboard {
    /// A fake that fails every call, like a machine without a display.
    pub fn unavailable() -> Self {
        let fake = Self::default();
        fake.lock().unavailable = true;
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

    fn get(&mut self) -> Result<String, String> {
        let s = self.lock();
        if s.unavailable {
            return Err("no clipboard available (no display)".to_owned());
        }
        Ok(s.current.clone())
    }

    fn clear(&mut self) -> Result<(), String> {
        let mut s = self.lock();
        if s.unavailable {
            return Err("no clipboard available (no display)".to_owned());
        }
        s.current.clear();
        Ok(())
    }
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

    /// Copies `text`; `clear_after` seconds later it is wiped if still there.
    pub fn copy(&mut self, text: &str, now: i64, clear_after: Option<u32>) -> Result<(), String> {
        self.clip.set(text)?;
        self.ours = Some(Zeroizing::new(text.to_owned()));
        self.clear_at = clear_after.map(|s| now + i64::from(s));
        Ok(())
    }

    /// Reads the clipboard.
    pub fn paste(&mut self) -> Result<String, String> {
        self.clip.get()
    }

    /// Seconds until the wipe, while one is pending.
    pub fn seconds_left(&self, now: i64) -> Option<i64> {
        self.clear_at.map(|t| (t - now).max(0))
    }

    /// Wipes the clipboard if the delay has passed and it still holds our
    /// text. Returns true if it was wiped.
    pub fn tick(&mut self, now: i64) -> bool {
        match self.clear_at {
            Some(t) if now >= t => {
                self.clear_at = None;
                let ours = self.ours.take();
                let still_ours = match (ours, self.clip.get()) {
                    (Some(o), Ok(cur)) => *o == cur,
                    _ => false,
                };
                still_ours && self.clip.clear().is_ok()
            }
            _ => false,
        }
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
    fn never_means_never() {
        let fake = FakeClipboard::default();
        let mut g = Guard::new(Box::new(fake.clone()));
        g.copy("tok", 100, None).unwrap();
        assert!(!g.tick(1_000_000));
        assert_eq!(fake.current(), "tok");
    }
}
