//! Every keyboard shortcut, in one table: the window listens for these, the
//! help popup lists them, and a test proves no two clash.

use eframe::egui::{Key, KeyboardShortcut, Modifiers};

/// A user action that has a shortcut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Sign a token with the current settings.
    Generate,
    /// Copy the generated token.
    CopyToken,
    /// Paste the clipboard into Inspect.
    PasteInspect,
    /// Go to Generate.
    TabGenerate,
    /// Go to Inspect.
    TabInspect,
    /// Go to Projects.
    TabProjects,
    /// Show the shortcuts.
    Help,
    /// Close the window (settings are saved).
    Quit,
}

/// One row of the table.
pub struct Shortcut {
    /// What it does.
    pub action: Action,
    /// The keys.
    pub keys: KeyboardShortcut,
    /// What the help popup says.
    pub label: &'static str,
}

const CMD: Modifiers = Modifiers::COMMAND;
const CMD_SHIFT: Modifiers = Modifiers {
    alt: false,
    ctrl: false,
    shift: true,
    mac_cmd: false,
    command: true,
};

/// The table.
pub const SHORTCUTS: &[Shortcut] = &[
    Shortcut {
        action: Action::Generate,
        keys: KeyboardShortcut::new(CMD, Key::Enter),
        label: "Generate a token",
    },
    Shortcut {
        action: Action::CopyToken,
        keys: KeyboardShortcut::new(CMD_SHIFT, Key::C),
        label: "Copy the generated token",
    },
    Shortcut {
        action: Action::PasteInspect,
        keys: KeyboardShortcut::new(CMD_SHIFT, Key::V),
        label: "Paste from the clipboard and inspect",
    },
    Shortcut {
        action: Action::TabGenerate,
        keys: KeyboardShortcut::new(CMD, Key::Num1),
        label: "Go to Generate",
    },
    Shortcut {
        action: Action::TabInspect,
        keys: KeyboardShortcut::new(CMD, Key::Num2),
        label: "Go to Inspect",
    },
    Shortcut {
        action: Action::TabProjects,
        keys: KeyboardShortcut::new(CMD, Key::Num3),
        label: "Go to Projects",
    },
    Shortcut {
        action: Action::Help,
        keys: KeyboardShortcut::new(Modifiers::NONE, Key::F1),
        label: "Show these shortcuts",
    },
    Shortcut {
        action: Action::Quit,
        keys: KeyboardShortcut::new(CMD, Key::Q),
        label: "Quit (settings are remembered)",
    },
];

/// Human text for a shortcut, e.g. "Ctrl+Shift+C" ("Cmd" on macOS).
pub fn text(keys: &KeyboardShortcut) -> String {
    let mut out = String::new();
    if keys.modifiers.command || keys.modifiers.ctrl {
        out.push_str(if cfg!(target_os = "macos") {
            "Cmd+"
        } else {
            "Ctrl+"
        });
    }
    if keys.modifiers.alt {
        out.push_str("Alt+");
    }
    if keys.modifiers.shift {
        out.push_str("Shift+");
    }
    out.push_str(keys.logical_key.name());
    out
}

/// The shortcut of an action, as text.
pub fn text_of(action: Action) -> String {
    SHORTCUTS
        .iter()
        .find(|s| s.action == action)
        .map(|s| text(&s.keys))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_shortcuts_clash() {
        for (i, a) in SHORTCUTS.iter().enumerate() {
            for b in &SHORTCUTS[i + 1..] {
                assert!(
                    a.keys != b.keys,
                    "{} and {} share {}",
                    a.label,
                    b.label,
                    text(&a.keys)
                );
                assert!(a.action != b.action, "{:?} listed twice", a.action);
            }
        }
    }

    #[test]
    fn shortcuts_avoid_text_editing_keys() {
        // Ctrl+C/V/X/A/Z belong to text fields.
        for s in SHORTCUTS {
            let plain_cmd = s.keys.modifiers == CMD;
            let editing = [Key::C, Key::V, Key::X, Key::A, Key::Z];
            assert!(
                !(plain_cmd && editing.contains(&s.keys.logical_key)),
                "{} takes a text-editing key",
                s.label
            );
        }
    }
}
