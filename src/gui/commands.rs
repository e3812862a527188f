//! Every user action the shell runs after drawing, in one enum. Each knows
//! its label, its tooltip and its keyboard shortcut, so the buttons, the help
//! window's table and the shortcut listener all read the same place, and a
//! test proves no two shortcuts clash.

use eframe::egui::{self, Key, KeyboardShortcut, Modifiers};

use super::Tab;
use super::pages::compare::Side;

/// A user action, run by the shell after drawing (so no widget has side
/// effects). Pages queue these in [`Commands`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Sign a token with the Generate settings.
    Generate,
    /// Copy the generated token.
    CopyToken,
    /// Paste the clipboard into Inspect.
    PasteInspect,
    /// Paste the clipboard into one of Compare's two fields.
    PasteCompare(Side),
    /// Go to a tab.
    Show(Tab),
    /// Show or hide the shortcuts.
    ToggleHelp,
    /// Close the window (settings are saved).
    Quit,
    /// Copy `Authorization: <token>`.
    CopyAuthorization,
    /// Copy a curl command that uses the token.
    CopyCurl,
    /// Open the generated token in Inspect.
    OpenInInspect,
    /// Generate: write the token into a sample app's `.env`.
    WriteIntoEnv,
    /// Copy the Inspect report without the signature.
    CopyRedacted,
    /// Open Generate filled in like the inspected token.
    MakeLike,
    /// Copy the inspected token's header JSON.
    CopyHeader,
    /// Copy the inspected token's payload JSON.
    CopyPayload,
    /// Read the `.env` file named on Projects into the form.
    ImportEnv,
    /// Pick a `.env` file in the desktop's file chooser, then import it.
    ChooseEnvFile,
    /// Inspect: open a file a customer sent (HAR, log, `.env`).
    OpenEvidence,
    /// Inspect: close the file on show.
    CloseEvidence,
    /// Save the project form.
    SaveProject,
    /// Compare the keyring with the projects file (secrets without a
    /// project, projects without a secret).
    CheckKeyring,
    /// Clean what the check found.
    CleanUp,
    /// Sign and verify a token with a project's stored secret (by id).
    TestProject(String),
    /// Make a project (by id) the default.
    SetDefault(String),
    /// Remove a project (by id) and its secret.
    DeleteProject(String),
    /// Save or remove a project's preset (Generate).
    ChangePreset(super::io::PresetChange),
    /// Generate: the "Many participants" section.
    Batch(BatchAction),
    /// A button of Generate's failure scenarios (by row).
    Scenario(ScenarioAction),
}

/// What the "Many participants" section of Generate asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchAction {
    /// Sign N participant tokens on a thread of their own.
    Start,
    /// Stop signing; nothing is kept.
    Cancel,
    /// Save them as CSV (file chooser).
    SaveCsv,
    /// Save them as JSON lines (file chooser).
    SaveJsonLines,
    /// Copy them all, one per line (wiped after the delay).
    CopyAll,
    /// Forget them.
    Clear,
}

/// What a failure scenario's button does, to the scenario of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScenarioAction {
    /// Copy its token (cleared after the delay, like any token).
    Copy(usize),
    /// Open its token in Inspect, with the use it must fail in.
    Inspect(usize),
}

const CMD: Modifiers = Modifiers::COMMAND;
const CMD_SHIFT: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);

impl Command {
    /// Every action that needs no data, in the order the help lists them.
    pub const ALL: [Command; 24] = [
        Self::Generate,
        Self::CopyToken,
        Self::PasteInspect,
        Self::Show(Tab::Generate),
        Self::Show(Tab::Inspect),
        Self::Show(Tab::Projects),
        Self::ToggleHelp,
        Self::Quit,
        Self::CopyAuthorization,
        Self::CopyCurl,
        Self::OpenInInspect,
        Self::WriteIntoEnv,
        Self::CopyRedacted,
        Self::MakeLike,
        Self::ImportEnv,
        Self::ChooseEnvFile,
        Self::OpenEvidence,
        Self::CloseEvidence,
        Self::SaveProject,
        Self::CheckKeyring,
        Self::CleanUp,
        Self::Show(Tab::Compare),
        Self::PasteCompare(Side::A),
        Self::PasteCompare(Side::B),
    ];

    /// What its button says.
    pub fn label(&self) -> &'static str {
        match self {
            Self::Generate => "Generate token",
            Self::CopyToken => "Copy token",
            Self::PasteInspect => "Paste",
            Self::PasteCompare(Side::A) => "Paste A",
            Self::PasteCompare(Side::B) => "Paste B",
            Self::Show(tab) => tab.label(),
            Self::ToggleHelp => "Shortcuts",
            Self::Quit => "Quit",
            Self::CopyAuthorization => "Copy as Authorization header",
            Self::CopyCurl => "Copy as curl",
            Self::OpenInInspect => "Open in Inspect",
            Self::WriteIntoEnv => "Write into .env...",
            Self::CopyRedacted => "Copy redacted",
            Self::MakeLike => "Make a fresh token like this",
            Self::CopyHeader => "Copy header",
            Self::CopyPayload => "Copy payload",
            Self::ImportEnv => "Import .env",
            Self::ChooseEnvFile => "Choose .env file...",
            Self::OpenEvidence => "Open file...",
            Self::CloseEvidence => "Close file",
            Self::SaveProject => "Save project",
            Self::CheckKeyring => "Check keyring",
            Self::CleanUp => "Clean up",
            Self::TestProject(_) => "Test",
            Self::SetDefault(_) => "Set default",
            Self::DeleteProject(_) => "Delete project",
            Self::Batch(BatchAction::Start) => "Generate all",
            Self::Batch(BatchAction::Cancel) => "Cancel generating",
            Self::Batch(BatchAction::SaveCsv) => "Save as CSV...",
            Self::Batch(BatchAction::SaveJsonLines) => "Save as JSON lines...",
            Self::Batch(BatchAction::CopyAll) => "Copy all",
            Self::Batch(BatchAction::Clear) => "Clear tokens",
            Self::Scenario(ScenarioAction::Copy(_)) => "Copy",
            Self::Scenario(ScenarioAction::Inspect(_)) => "Open in Inspect",
            Self::ChangePreset(c) => match c.op {
                super::io::PresetOp::Save { replace: false, .. } => "Save as preset",
                super::io::PresetOp::Save { replace: true, .. } => "Replace preset",
                super::io::PresetOp::Remove(_) => "Remove preset",
            },
        }
    }

    /// What it does, in a sentence: its button's tooltip and its line in the
    /// help window.
    pub fn tooltip(&self) -> &'static str {
        match self {
            Self::Generate => "Generate a token",
            Self::CopyToken => "Copy the generated token",
            Self::PasteInspect => "Paste from the clipboard and inspect",
            Self::Show(Tab::Generate) => "Go to Generate",
            Self::Show(Tab::Inspect) => "Go to Inspect",
            Self::Show(Tab::Projects) => "Go to Projects",
            Self::Show(Tab::Compare) => "Go to Compare (two tokens side by side)",
            Self::PasteCompare(Side::A) => "Paste token A from the clipboard",
            Self::PasteCompare(Side::B) => "Paste token B from the clipboard",
            Self::ToggleHelp => "Show these shortcuts",
            Self::Quit => "Quit (settings are remembered)",
            Self::CopyAuthorization => {
                "Authorization: <token> (VideoSDK takes the token raw, no Bearer)"
            }
            // The URL is `REST_ROOMS_URL` (a test keeps the two equal).
            Self::CopyCurl => "curl that lists rooms: https://api.videosdk.live/v2/rooms",
            Self::OpenInInspect => "Decode, verify and explain this token",
            Self::WriteIntoEnv => {
                "Put this token into a sample app's .env (VITE_VIDEOSDK_TOKEN, REACT_APP_VIDEOSDK_TOKEN…): every other line kept, the secret never written"
            }
            Self::CopyRedacted => {
                "Verdict, claims and findings without the signature: safe for a ticket"
            }
            Self::MakeLike => {
                "Generate opens with this token's project, permissions, lifetime and v2 claims"
            }
            Self::CopyHeader => "Copy the header as JSON",
            Self::CopyPayload => "Copy the payload (the claims) as JSON",
            Self::ImportEnv => "Reads VIDEOSDK_API_KEY and VIDEOSDK_SECRET_KEY into the form",
            Self::OpenEvidence => {
                "Open a HAR, log or .env a customer sent (or drop it on the window)"
            }
            Self::CloseEvidence => "Forget the file's report (nothing of it was saved)",
            Self::ChooseEnvFile => {
                "Pick the .env file in the file chooser, then import it (or type its path)"
            }
            Self::SaveProject => {
                "The secret goes to the OS keyring, the name and API key to the projects file"
            }
            Self::CheckKeyring => {
                "Find secrets in the keyring without a project, and projects without a secret"
            }
            Self::CleanUp => {
                "Delete the secrets without a project and remove the projects without a secret"
            }
            Self::TestProject(_) => "Sign a token with the stored secret and verify it",
            Self::SetDefault(_) => "Generate starts with this project",
            Self::DeleteProject(_) => "Remove the project, and its secret from the keyring",
            Self::Batch(BatchAction::Start) => {
                "One token per participant, {n} numbered 1..N; permissions, expiry and roles as set above"
            }
            Self::Batch(BatchAction::Cancel) => {
                "Stop generating; the tokens made so far are dropped"
            }
            Self::Batch(BatchAction::SaveCsv) => {
                "participantId,token per line, with a header line; the file is readable by you only"
            }
            Self::Batch(BatchAction::SaveJsonLines) => {
                "{\"participantId\":...,\"token\":...} per line; the file is readable by you only"
            }
            Self::Batch(BatchAction::CopyAll) => {
                "One token per line; the clipboard is wiped after the delay below"
            }
            Self::Batch(BatchAction::Clear) => {
                "Forget these tokens (they stay valid until they expire)"
            }
            Self::Scenario(ScenarioAction::Copy(_)) => {
                "Copy this token, broken on purpose (cleared like any token)"
            }
            Self::Scenario(ScenarioAction::Inspect(_)) => {
                "See what Inspect says of it, used as the scenario says"
            }
            Self::ChangePreset(_) => {
                "Saved in the project (projects file): permissions, expiry and v2 claims, never secrets"
            }
        }
    }

    /// Its keyboard shortcut, if it has one.
    pub fn shortcut(&self) -> Option<KeyboardShortcut> {
        let keys = |modifiers, key| Some(KeyboardShortcut::new(modifiers, key));
        match self {
            Self::Generate => keys(CMD, Key::Enter),
            Self::CopyToken => keys(CMD_SHIFT, Key::C),
            Self::PasteInspect => keys(CMD_SHIFT, Key::V),
            Self::Show(Tab::Generate) => keys(CMD, Key::Num1),
            Self::Show(Tab::Inspect) => keys(CMD, Key::Num2),
            Self::Show(Tab::Projects) => keys(CMD, Key::Num3),
            Self::Show(Tab::Compare) => keys(CMD, Key::Num4),
            Self::ToggleHelp => keys(Modifiers::NONE, Key::F1),
            Self::Quit => keys(CMD, Key::Q),
            Self::CopyRedacted => keys(CMD_SHIFT, Key::R),
            Self::OpenEvidence => keys(CMD, Key::O),
            _ => None,
        }
    }

    /// The tooltip, with the shortcut as egui writes it ("Ctrl+Enter", or
    /// with the Mac's symbols there).
    pub fn hover_text(&self, ctx: &egui::Context) -> String {
        match self.shortcut() {
            Some(keys) => format!("{} ({})", self.tooltip(), ctx.format_shortcut(&keys)),
            None => self.tooltip().to_owned(),
        }
    }

    /// The actions whose shortcut was pressed since the last frame (the key
    /// presses are consumed, so no widget sees them too).
    pub(crate) fn pressed(ctx: &egui::Context) -> Vec<Command> {
        Self::ALL
            .into_iter()
            .filter(|c| {
                c.shortcut()
                    .is_some_and(|keys| ctx.input_mut(|i| i.consume_shortcut(&keys)))
            })
            .collect()
    }
}

/// The commands queued while drawing one frame.
#[derive(Debug, Default)]
pub(crate) struct Commands(Vec<Command>);

impl Commands {
    /// Queues `command`.
    pub(crate) fn push(&mut self, command: Command) {
        self.0.push(command);
    }

    /// A button for `command` (its label, its tooltip and shortcut on
    /// hover); a click queues it.
    pub(crate) fn button(&mut self, ui: &mut egui::Ui, command: Command) -> egui::Response {
        let button = egui::Button::new(command.label());
        self.add(ui, button, command)
    }

    /// As [`Commands::button`], greyed out unless `enabled`.
    pub(crate) fn button_enabled(
        &mut self,
        ui: &mut egui::Ui,
        enabled: bool,
        command: Command,
    ) -> egui::Response {
        let button = egui::Button::new(command.label());
        self.add_enabled(ui, enabled, button, command)
    }

    /// As [`Commands::button`], with a button styled by the caller (its
    /// text should be `command.label()`).
    pub(crate) fn add(
        &mut self,
        ui: &mut egui::Ui,
        button: egui::Button<'_>,
        command: Command,
    ) -> egui::Response {
        self.add_enabled(ui, true, button, command)
    }

    fn add_enabled(
        &mut self,
        ui: &mut egui::Ui,
        enabled: bool,
        button: egui::Button<'_>,
        command: Command,
    ) -> egui::Response {
        let response = ui
            .add_enabled(enabled, button)
            .on_hover_text(command.hover_text(ui.ctx()));
        if response.clicked() {
            self.push(command);
        }
        response
    }

    /// Everything queued, emptying the queue.
    pub(crate) fn take(&mut self) -> Vec<Command> {
        std::mem::take(&mut self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_shortcuts() -> Vec<(Command, KeyboardShortcut)> {
        Command::ALL
            .into_iter()
            .filter_map(|c| Some((c.clone(), c.shortcut()?)))
            .collect()
    }

    #[test]
    fn no_two_shortcuts_clash() {
        let all = with_shortcuts();
        assert_eq!(all.len(), 11, "every shortcut is in Command::ALL");
        for (i, (a, keys)) in all.iter().enumerate() {
            for (b, other) in &all[i + 1..] {
                assert!(keys != other, "{a:?} and {b:?} share {keys:?}");
                assert!(a != b, "{a:?} listed twice");
            }
        }
    }

    #[test]
    fn shortcuts_avoid_text_editing_keys() {
        // Ctrl+C/V/X/A/Z belong to text fields, and so does any key egui
        // says text editing uses (plain keys, arrows, Home/End…), except F1.
        let editing = [Key::C, Key::V, Key::X, Key::A, Key::Z];
        for (c, keys) in with_shortcuts() {
            let plain_cmd = keys.modifiers == CMD;
            assert!(
                !(plain_cmd && editing.contains(&keys.logical_key)),
                "{c:?} takes a text-editing key"
            );
            assert!(
                !keys.conflicts_with_text_editing() || keys.logical_key == Key::F1,
                "{c:?} takes a key text fields need"
            );
        }
    }

    #[test]
    fn shortcut_text_comes_from_egui() {
        let ctx = egui::Context::default();
        ctx.set_os(egui::os::OperatingSystem::Nix);
        assert_eq!(
            Command::CopyToken.hover_text(&ctx),
            "Copy the generated token (Ctrl+Shift+C)"
        );
        assert_eq!(
            Command::ImportEnv.hover_text(&ctx),
            Command::ImportEnv.tooltip()
        );
    }

    #[test]
    fn the_curl_tooltip_names_the_url_it_uses() {
        assert!(
            Command::CopyCurl
                .tooltip()
                .ends_with(crate::gui::pages::generate::REST_ROOMS_URL)
        );
    }
}
