//! Drawing the "Many participants" section: the inputs, Generate or the
//! progress bar with Cancel, then what was made with its actions and the
//! warning that goes with live tokens.

use std::sync::atomic::Ordering;

use eframe::egui;
use jiff::Timestamp;

use super::{Batch, MAX_COUNT, Made, State};
use crate::gui::commands::{BatchAction, Command, Commands};
use crate::gui::pages::PageContext;
use crate::gui::widgets::{Tone, badge, banner};
use crate::token::{relative, utc};

impl Batch {
    pub(super) fn body(
        &mut self,
        ui: &mut egui::Ui,
        ctx: &PageContext<'_>,
        commands: &mut Commands,
    ) {
        ui.label(
            egui::RichText::new(
                "For load tests and QA: {n} in the pattern becomes 1, 2, 3... Permissions, expiry and roles are the ones set above.",
            )
            .weak(),
        );
        self.inputs(ui);
        ui.add_space(4.0);
        ui.horizontal(|ui| match &self.state {
            State::Running(r) => {
                commands.button(ui, Command::Batch(BatchAction::Cancel));
                let made = r.made.load(Ordering::Relaxed).min(r.total);
                let bar = egui::ProgressBar::new(made as f32 / r.total as f32)
                    .desired_width(320.0)
                    .text(format!("{made} of {} tokens", r.total));
                ui.add(bar);
            }
            _ => {
                let text = egui::RichText::new(match self.count {
                    1 => "Generate 1 token".to_owned(),
                    n => format!("Generate {n} tokens"),
                })
                .strong();
                let b = egui::Button::new(text).min_size(egui::vec2(150.0, 26.0));
                commands.add(ui, b, Command::Batch(BatchAction::Start));
            }
        });
        if let Some(m) = self.made() {
            made_ui(ui, m, ctx, !self.saving, commands);
        }
        if let Some((tone, text)) = &self.note {
            ui.add_space(2.0);
            match tone {
                Tone::Bad => banner(
                    ui,
                    Tone::Bad,
                    "No tokens for these participants.",
                    Some(text),
                ),
                _ => {
                    let color = tone.text_color(ui.visuals());
                    ui.add(egui::Label::new(egui::RichText::new(text).color(color)).wrap());
                }
            }
        }
    }

    fn inputs(&mut self, ui: &mut egui::Ui) {
        let running = matches!(self.state, State::Running(_));
        ui.add_enabled_ui(!running, |ui| {
            ui.horizontal(|ui| {
                let l = ui.label("Count");
                ui.add(egui::DragValue::new(&mut self.count).range(1..=MAX_COUNT))
                    .labelled_by(l.id)
                    .on_hover_text(format!("1 to {MAX_COUNT} tokens"));
                ui.add_space(8.0);
                let l = ui.label("participantId pattern");
                ui.add(
                    egui::TextEdit::singleline(&mut self.pattern)
                        .hint_text("qa-{n}")
                        .desired_width(150.0),
                )
                .labelled_by(l.id);
                ui.add_space(8.0);
                let l = ui.label("roomId (optional)");
                ui.add(
                    egui::TextEdit::singleline(&mut self.room_id)
                        .hint_text("any room")
                        .desired_width(150.0),
                )
                .labelled_by(l.id);
            });
        });
    }
}

/// What was made, the ways to take it away, and the warning that goes with it.
fn made_ui(
    ui: &mut egui::Ui,
    m: &Made,
    ctx: &PageContext<'_>,
    idle: bool,
    commands: &mut Commands,
) {
    let (first, last) = match (m.rows.first(), m.rows.last()) {
        (Some(f), Some(l)) => (f.participant_id.as_str(), l.participant_id.as_str()),
        _ => ("", ""),
    };
    let expires = Timestamp::from_second(m.exp)
        .map(|t| format!("expire {} ({})", relative(t, ctx.now), utc(t)))
        .unwrap_or_default();
    ui.add_space(4.0);
    badge(
        ui,
        Tone::Good,
        &format!(
            "{} tokens for {}: {first} ... {last}, {expires}",
            m.rows.len(),
            m.project
        ),
    );
    ui.horizontal_wrapped(|ui| {
        for a in [BatchAction::SaveCsv, BatchAction::SaveJsonLines] {
            commands.button_enabled(ui, idle, Command::Batch(a));
        }
        for a in [BatchAction::CopyAll, BatchAction::Clear] {
            commands.button(ui, Command::Batch(a));
        }
    });
    ui.label(
        egui::RichText::new(
            "These are live tokens: whoever has the file (or the clipboard) can join as these participants until they expire. Files are saved readable by you only (mode 0600).",
        )
        .color(ui.visuals().warn_fg_color),
    );
}
