//! Pasting into Compare's fields: through the clipboard adapter, or, with
//! the window's own clipboard, by taking the paste event it answers with.

use eframe::egui;

use super::App;
use super::actions::take_paste_event;
use crate::gui::clipboard;
use crate::gui::pages::compare::Side;

impl App {
    /// The Paste button of field `side`.
    pub(super) fn paste_compare(&mut self, side: Side) {
        match self.clipboard.paste() {
            Ok(clipboard::Pasted::Text(text)) => {
                self.pages.compare.set_input(side, text);
                self.say(format!("Pasted token {side} from the clipboard."));
            }
            Ok(clipboard::Pasted::Requested) => self.awaiting_compare = Some(side),
            Err(e) => self.fail(format!(
                "Cannot paste: {e}. Paste into the field with the keyboard instead."
            )),
        }
    }

    /// The answer to a paste asked of the window's own clipboard for a
    /// Compare field. Taken before huge pastes are refused: the field
    /// itself keeps only the size of one and says it is too long.
    pub(super) fn take_requested_compare_paste(&mut self, ctx: &egui::Context) {
        let Some(side) = self.awaiting_compare else {
            return;
        };
        let pasted = take_paste_event(ctx);
        if let Some(text) = pasted {
            self.awaiting_compare = None;
            self.pages.compare.set_input(side, text);
            self.say(format!("Pasted token {side} from the clipboard."));
        }
    }
}
