//! What support needs around a report: the join context ("Used for"), the
//! list of tokens when a paste holds several, and VideoSDK's error codes
//! found in the paste.

use eframe::egui;

use crate::gui::widgets::{Tone, badge, section};
use crate::token::{Outcome, Purpose, Report, Usage, visible};

/// The "Used for" fields as typed.
#[derive(Default)]
pub(super) struct UsageFields {
    room: String,
    participant: String,
    purpose: Option<Purpose>,
}

impl UsageFields {
    /// The join context for the inspector; blank fields say nothing.
    pub(super) fn usage(&self) -> Usage {
        let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        Usage {
            room_id: text(&self.room),
            participant_id: text(&self.participant),
            purpose: self.purpose,
        }
    }

    /// Shows `usage` in the fields.
    pub(super) fn set(&mut self, usage: Usage) {
        self.room = usage.room_id.unwrap_or_default();
        self.participant = usage.participant_id.unwrap_or_default();
        self.purpose = usage.purpose;
    }

    /// The row of fields; `true` if anything changed.
    pub(super) fn ui(&mut self, ui: &mut egui::Ui) -> bool {
        let mut changed = false;
        ui.horizontal_wrapped(|ui| {
            let l = ui.label("Used for (optional):").on_hover_text(
                "What the token was used for: a room and participant it joined with, or the REST API. The verdict then says whether VideoSDK accepts it there (4022, 4023, 4024).",
            );
            let purpose = egui::ComboBox::from_id_salt("inspect-used-for")
                .selected_text(purpose_label(self.purpose))
                .show_ui(ui, |ui| {
                    let mut c = false;
                    for p in [None, Some(Purpose::Join), Some(Purpose::Api)] {
                        c |= ui
                            .selectable_value(&mut self.purpose, p, purpose_label(p))
                            .changed();
                    }
                    c
                });
            purpose.response.labelled_by(l.id);
            changed |= purpose.inner.unwrap_or(false);
            let room_l = ui.label("Room id");
            let room = ui
                .add(
                    egui::TextEdit::singleline(&mut self.room)
                        .hint_text("abc-defg-hij")
                        .desired_width(150.0),
                )
                .labelled_by(room_l.id);
            let part_l = ui.label("Participant id");
            let part = ui
                .add(
                    egui::TextEdit::singleline(&mut self.participant)
                        .hint_text("as the app joined")
                        .desired_width(150.0),
                )
                .labelled_by(part_l.id);
            changed |= room.changed() || part.changed();
        });
        changed
    }
}

fn purpose_label(p: Option<Purpose>) -> &'static str {
    match p {
        None => "not said",
        Some(Purpose::Join) => "joining a meeting",
        Some(Purpose::Api) => "the REST API",
    }
}

fn outcome_badge(o: Outcome) -> (&'static str, Tone) {
    match o {
        Outcome::Valid => ("valid", Tone::Good),
        Outcome::Invalid => ("invalid", Tone::Bad),
        Outcome::NotJwt => ("not a JWT", Tone::Bad),
        Outcome::Unverified => ("not verified", Tone::Warning),
    }
}

/// One line per token when the paste holds several; `true` if another was
/// picked.
pub(super) fn tokens_ui(
    ui: &mut egui::Ui,
    reports: &[Report],
    total: usize,
    picked: &mut usize,
) -> bool {
    if reports.len() < 2 {
        return false;
    }
    let title = if total > reports.len() {
        format!(
            "{total} tokens in the paste (the first {} are listed)",
            reports.len()
        )
    } else {
        format!("{} tokens in the paste", reports.len())
    };
    section(ui, &title);
    let mut changed = false;
    for (i, r) in reports.iter().enumerate() {
        ui.horizontal(|ui| {
            let (word, tone) = outcome_badge(r.outcome);
            badge(ui, tone, word);
            let text = format!("Token {}: {}", i + 1, visible(&r.verdict));
            if ui.selectable_label(*picked == i, text).clicked() && *picked != i {
                *picked = i;
                changed = true;
            }
        });
    }
    changed
}

/// VideoSDK errors named in the paste, and whether this token explains each.
pub(super) fn log_codes_ui(ui: &mut egui::Ui, report: &Report) {
    if report.log_codes.is_empty() {
        return;
    }
    section(ui, "VideoSDK errors in the paste");
    for l in &report.log_codes {
        ui.horizontal_wrapped(|ui| {
            if l.explained_by.is_empty() {
                badge(ui, Tone::Warning, "not explained");
                ui.label(format!(
                    "{} {}: this token does not explain it (look at the room, the participant or the account).",
                    l.code, l.name
                ));
            } else {
                badge(ui, Tone::Bad, "explained");
                let by: Vec<&str> = l.explained_by.iter().map(|c| c.as_str()).collect();
                ui.label(format!("{} {}: explained by {}.", l.code, l.name, by.join(", ")));
            }
        });
    }
}
