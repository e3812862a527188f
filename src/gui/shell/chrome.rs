//! The window's chrome around the pages: the shortcuts window, the banners
//! that concern every page, the window's accessible name and the style.

use eframe::egui;

use super::App;
use crate::gui::TITLE;
use crate::gui::commands::Command;
use crate::gui::widgets::{Tone, banner};

impl App {
    /// The shortcuts, as egui writes them, beside what they do.
    pub(super) fn help_window(&mut self, ctx: &egui::Context) {
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
                        for c in Command::ALL {
                            let Some(keys) = c.shortcut() else { continue };
                            let text = ctx.format_shortcut(&keys);
                            ui.label(egui::RichText::new(text).monospace());
                            ui.label(c.tooltip());
                            ui.end_row();
                        }
                    });
            });
        self.help_open = open;
    }
}

/// The banners above every page: no keyring, a damaged projects file.
pub(super) fn keyring_banner(
    ui: &mut egui::Ui,
    keyring: Option<&Result<(), String>>,
    damaged: Option<&str>,
) {
    if let Some(Err(e)) = keyring {
        banner(
            ui,
            Tone::Warning,
            "The OS keyring is not available: secrets are kept for this session only and will not be saved.",
            Some(&format!(
                "Why: {e}. What to do: start or unlock your keyring (log in to a desktop session), then restart the app. Until then everything works, but you will have to type secrets again next time."
            )),
        );
    }
    if let Some(w) = damaged {
        banner(ui, Tone::Warning, "The projects file was damaged.", Some(w));
    }
}

/// The window's accessible name: screen readers announce the frame by it.
pub(super) fn name_the_window(ctx: &egui::Context) {
    ctx.accesskit_node_builder(egui::accesskit_root_id(), |node| node.set_label(TITLE));
}

pub(super) fn install_style(ctx: &egui::Context) {
    ctx.all_styles_mut(|style| {
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.button_padding = egui::vec2(10.0, 4.0);
        style.spacing.interact_size.y = 24.0;
    });
}
