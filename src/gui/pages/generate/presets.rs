//! Generate's "Presets" row: one click fills the form with a role preset
//! (built-ins, then the project's saved ones); what each sets is on its
//! tooltip and on the line under the row before anything is generated.
//! "Save as preset" stores the form in the chosen project (through the
//! storage worker: nothing is written inside a frame).
//!
//! A click fills the form and does not generate: the user sees what changed
//! and can adjust the room or expiry first; generating is one more click
//! (or Ctrl+Enter), and a token is never made by a mis-click.

use eframe::egui;

use super::{ExpiryMode, PRESETS, Page, RoleSet};
use crate::app::presets_for;
use crate::app::{SavedPreset, same_preset};
use crate::gui::commands::{Command, Commands};
use crate::gui::io::{PresetChange, PresetOp};
use crate::gui::pages::PageContext;
use crate::gui::widgets::{line_height, steady};
use crate::token::{Lifetime, Preset};

/// The row's own state.
#[derive(Default)]
pub(super) struct State {
    /// The "Save as preset" name field.
    name: String,
    /// The preset last saved from here, to say so once it is in the file.
    saved: Option<String>,
}

impl Page {
    /// The presets row and the "Save as preset" line.
    pub(super) fn presets_ui(&mut self, ui: &mut egui::Ui, ctx: &PageContext<'_>) {
        let project = self
            .s
            .project_id
            .as_deref()
            .and_then(|id| ctx.known.get(id));
        ui.add_space(4.0);
        let mut said: Option<String> = None;
        ui.horizontal_wrapped(|ui| {
            ui.label(egui::RichText::new("Presets").strong());
            let mut builtins_done = false;
            for p in presets_for(project) {
                if !p.builtin && !builtins_done {
                    ui.separator();
                    builtins_done = true;
                }
                let r = ui
                    .selectable_label(self.form_is(&p), &p.name)
                    .on_hover_text(tooltip(&p));
                if r.hovered() || r.has_focus() {
                    said = Some(format!("{}: {}", p.name, p.summary()));
                }
                if r.clicked() {
                    self.apply_preset(&p);
                }
            }
        });
        let text = said.unwrap_or_else(|| {
            "Click a preset to fill the form (it does not generate); hover one to see what it sets."
                .to_owned()
        });
        steady(ui, "preset-said", line_height(ui), |ui| {
            ui.label(egui::RichText::new(text).weak());
        });
    }

    /// "Save as preset", beside the Generate button: a name and the button.
    pub(super) fn save_preset_ui(
        &mut self,
        ui: &mut egui::Ui,
        ctx: &PageContext<'_>,
        commands: &mut Commands,
    ) {
        let project = self
            .s
            .project_id
            .as_deref()
            .and_then(|id| ctx.known.get(id));
        let Some(project) = project else { return };
        ui.separator();
        {
            let l = ui.label("Preset name");
            ui.add(
                egui::TextEdit::singleline(&mut self.presets.name)
                    .hint_text("preset name")
                    .char_limit(200)
                    .desired_width(160.0),
            )
            .labelled_by(l.id);
            let name = self.presets.name.trim().to_owned();
            let existing = project
                .presets
                .iter()
                .find(|q| same_preset(&q.name, &name))
                .map(|q| q.name.clone());
            let built = self.form_as_preset(&name);
            let note = match &built {
                Ok(_) if name.is_empty() => "name it to save the form for this project".to_owned(),
                Ok(_) => match &existing {
                    Some(old) => format!("replaces {}'s preset {old}", project.name),
                    None => format!("for project {}", project.name),
                },
                Err(e) if e.starts_with("invalid preset name") || e.contains("built-in") => {
                    e.clone()
                }
                Err(_) => "the form cannot be signed as it is: fix it first".to_owned(),
            };
            let op = PresetOp::Save {
                preset: built.clone().unwrap_or_else(|_| placeholder()),
                replace: existing.is_some(),
            };
            let command = Command::ChangePreset(PresetChange {
                project_id: project.id.clone(),
                op,
            });
            let ok = built.is_ok() && !name.is_empty();
            let r = commands.button_enabled(ui, ok, command);
            if let Err(e) = &built {
                r.clone().on_disabled_hover_text(e.as_str());
            }
            if r.clicked() && ok {
                self.presets.saved = Some(name.clone());
                self.presets.name.clear();
            }
            let saved = self
                .presets
                .saved
                .as_deref()
                .filter(|n| project.presets.iter().any(|q| same_preset(&q.name, n)));
            let note = match saved {
                Some(n) if name.is_empty() => format!("Saved preset {n} in {}.", project.name),
                _ => note,
            };
            // Truncated, never wider than the window (the full text on hover).
            ui.add(
                egui::Label::new(egui::RichText::new(crate::token::visible(&note)).weak())
                    .truncate(),
            );
        }
    }

    /// Whether the form holds exactly what `p` sets.
    fn form_is(&self, p: &Preset) -> bool {
        let same_lifetime = p.lifetime.as_ref().is_none_or(|l| match self.s.expiry {
            ExpiryMode::Preset => self.s.preset_secs == l.secs(),
            ExpiryMode::Custom => {
                Lifetime::parse(&self.s.custom).is_ok_and(|c| c.secs() == l.secs())
            }
            ExpiryMode::Exact => false,
        });
        let same_text =
            |want: &Option<String>, have: &str| want.as_deref().is_none_or(|w| w == have.trim());
        self.s.permissions == p.permissions
            && self.s.roles == p.roles.iter().copied().collect::<RoleSet>()
            && same_lifetime
            && same_text(&p.room_id, &self.s.room_id)
            && same_text(&p.participant_id, &self.s.participant_id)
    }

    /// Fills the form: permissions and roles replaced, lifetime, room and
    /// participant only when the preset has them.
    fn apply_preset(&mut self, p: &Preset) {
        self.s.permissions = p.permissions;
        self.s.roles = p.roles.iter().copied().collect();
        if let Some(l) = &p.lifetime {
            if let Some((_, secs)) = PRESETS.iter().find(|(_, s)| *s == l.secs()) {
                self.s.expiry = ExpiryMode::Preset;
                self.s.preset_secs = *secs;
            } else {
                self.s.expiry = ExpiryMode::Custom;
                self.s.custom = l.as_str().to_owned();
            }
        }
        if let Some(r) = &p.room_id {
            self.s.room_id.clone_from(r);
        }
        if let Some(id) = &p.participant_id {
            self.s.participant_id.clone_from(id);
        }
        self.error = None;
    }

    /// The form as a preset called `name`, or why it cannot be one.
    fn form_as_preset(&self, name: &str) -> Result<SavedPreset, String> {
        let expires = match self.s.expiry {
            ExpiryMode::Preset => Some(lifetime_text(self.s.preset_secs)),
            ExpiryMode::Custom => Some(self.s.custom.trim().to_owned()),
            // An exact date is no lifetime: the preset keeps the project's.
            ExpiryMode::Exact => None,
        };
        let expires = expires
            .map(|t| Lifetime::parse(&t).map_err(|e| super::sentence(&e.into())))
            .transpose()?;
        let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        let preset = SavedPreset {
            name: if name.is_empty() {
                "x".to_owned()
            } else {
                name.to_owned()
            },
            permissions: self.s.permissions,
            expires,
            roles: self.s.roles.to_vec(),
            room_id: opt(&self.s.room_id),
            participant_id: opt(&self.s.participant_id),
        };
        preset.check().map_err(|e| e.to_string())?;
        Ok(SavedPreset {
            name: name.to_owned(),
            ..preset
        })
    }
}

fn placeholder() -> SavedPreset {
    SavedPreset {
        name: String::new(),
        permissions: crate::token::PermissionSet::EMPTY,
        expires: None,
        roles: Vec::new(),
        room_id: None,
        participant_id: None,
    }
}

/// `600` as `10m`, `86400` as `24h`, `604800` as `7d`.
fn lifetime_text(secs: i64) -> String {
    match secs {
        s if s % 86_400 == 0 && s != 86_400 => format!("{}d", s / 86_400),
        s if s % 3600 == 0 => format!("{}h", s / 3600),
        s if s % 60 == 0 => format!("{}m", s / 60),
        s => format!("{s}s"),
    }
}

fn tooltip(p: &Preset) -> String {
    let kind = if p.builtin {
        "Built-in preset"
    } else {
        "Saved preset"
    };
    let purpose = if p.purpose.is_empty() {
        String::new()
    } else {
        format!(": {}", p.purpose)
    };
    format!(
        "{kind}{purpose}.\nSets {}.\nFills the form; Generate makes the token.",
        p.summary()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifetimes_read_back_as_typed() {
        for (secs, text) in [
            (600, "10m"),
            (3600, "1h"),
            (86_400, "24h"),
            (7 * 86_400, "7d"),
        ] {
            assert_eq!(lifetime_text(secs), text);
            assert_eq!(Lifetime::parse(text).unwrap().secs(), secs);
        }
        assert_eq!(
            Lifetime::parse(&lifetime_text(365 * 86_400))
                .unwrap()
                .secs(),
            365 * 86_400
        );
    }
}
