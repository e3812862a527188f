//! The shell's part of Generate's "Many participants" section: Copy all goes
//! through the clipboard guard (wiped after the delay, like every token);
//! the rest is the page's, after drawing.

use eframe::egui;

use super::{App, page_context};
use crate::gui::commands::BatchAction;

impl App {
    pub(super) fn run_batch(&mut self, action: BatchAction, ctx: &egui::Context) {
        if action == BatchAction::CopyAll {
            match self.pages.generate.batch_tokens() {
                Some((text, n)) => self.copy(&text, &format!("{n} tokens"), true),
                None => self.fail("No tokens yet: generate them first."),
            }
            return;
        }
        let now = self.clock.now();
        let pctx = page_context(&self.known, &self.tz, now, self.keyring.as_ref());
        let (said, task) = self.pages.generate.batch_action(action, &pctx);
        if let Some(result) = said {
            self.report(result);
        }
        if let Some(task) = task {
            self.start_task(task, ctx);
        }
    }
}
