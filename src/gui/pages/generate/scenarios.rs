//! Generate's "Failure scenarios" section, for QA: one token per way
//! VideoSDK refuses a token, each broken on purpose, with the VideoSDK code
//! it must cause, the use it must fail in, and buttons to copy it or open it
//! in Inspect. Collapsed until asked for, made only on "Make fresh scenario
//! tokens" (from the secrets the window already holds: no keyring here),
//! kept apart from the generated token and never put in its place.

use eframe::egui;
use jiff::Timestamp;

use crate::gui::commands::{Command, Commands, ScenarioAction};
use crate::gui::known::KnownProjects;
use crate::gui::pages::PageContext;
use crate::gui::widgets::{Tone, accessible_name, badge, banner};
use crate::token::{Purpose, Scenario, ScenarioProject, Usage, local, scenarios};

/// What "Open in Inspect" hands to Inspect: the token and the use it must
/// fail in (Inspect's "Used for" row).
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct ForInspect {
    /// The scenario's name, for the status line.
    pub name: &'static str,
    /// The token (live: never logged; `Debug` redacts it).
    pub token: String,
    /// What it must be used for to fail; empty when it fails anywhere.
    pub usage: Usage,
}

impl std::fmt::Debug for ForInspect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ForInspect")
            .field("name", &self.name)
            .field("token", &"<redacted>")
            .field("usage", &self.usage)
            .finish()
    }
}

/// Scenario tokens made for one project.
struct Made {
    project_id: String,
    project: String,
    at: Timestamp,
    list: Vec<Scenario>,
    /// Why `other-project-key` is missing, if it is.
    left_out: Option<String>,
}

/// The section's state.
#[derive(Default)]
pub(crate) struct Section {
    made: Option<Made>,
    error: Option<String>,
}

/// The use a scenario must fail in, in words: `join room qa-room-2`, or
/// `any use`.
pub(crate) fn needs(u: &Usage) -> String {
    let mut parts = Vec::new();
    match u.purpose {
        Some(Purpose::Api) => parts.push("the REST API".to_owned()),
        Some(Purpose::Join) => parts.push("joining a meeting".to_owned()),
        None if u.room_id.is_some() || u.participant_id.is_some() => {
            parts.push("joining".to_owned());
        }
        None => {}
    }
    if let Some(r) = &u.room_id {
        parts.push(format!("room {r}"));
    }
    if let Some(p) = &u.participant_id {
        parts.push(format!("as {p}"));
    }
    if parts.is_empty() {
        "any use".to_owned()
    } else {
        parts.join(" ")
    }
}

/// VideoSDK's answer in words: `4002 INVALID_TOKEN`, or what happens instead.
fn answer(s: &Scenario) -> String {
    match (s.videosdk_error, s.videosdk_error_name) {
        (Some(c), Some(n)) => format!("{c} {n}"),
        (Some(c), None) => c.to_string(),
        (None, _) if s.finding.as_str() == "not_for_api" => "HTTP 401 (REST API)".to_owned(),
        (None, _) => "no VideoSDK code".to_owned(),
    }
}

impl Section {
    /// The token of row `i`.
    pub(crate) fn token(&self, i: usize) -> Option<&str> {
        Some(self.made.as_ref()?.list.get(i)?.token.as_str())
    }

    /// What "Open in Inspect" on row `i` hands over.
    pub(crate) fn for_inspect(&self, i: usize) -> Option<ForInspect> {
        let s = self.made.as_ref()?.list.get(i)?;
        Some(ForInspect {
            name: s.name,
            token: s.token.clone(),
            usage: s.context.clone(),
        })
    }

    /// Makes the tokens for `project_id` from the secrets the window holds,
    /// with any other project holding a secret as the other project.
    fn make(&mut self, known: &KnownProjects, project_id: Option<&str>, now: Timestamp) {
        self.error = None;
        let Some(p) = project_id.and_then(|id| known.get(id)) else {
            self.error = Some("Choose a project first.".to_owned());
            return;
        };
        let Some(secret) = known.secret_state(&p.id).secret() else {
            self.error = Some(format!(
                "The secret of project {} is not available ({}): the scenarios are signed with it.",
                p.name,
                known.secret_state(&p.id).badge()
            ));
            return;
        };
        let name = format!("project {}", p.name);
        let main = ScenarioProject {
            name: &name,
            api_key: &p.api_key,
            secret,
        };
        let others: Vec<(String, ScenarioProject<'_>)> = known
            .with_secrets()
            .into_iter()
            .filter(|(o, _)| o.id != p.id)
            .map(|(o, s)| {
                let o = ScenarioProject {
                    name: &o.name,
                    api_key: &o.api_key,
                    secret: s,
                };
                (format!("project {}", o.name), o)
            })
            .filter(|(_, o)| main.can_pair_with(o))
            .collect();
        let other = others
            .first()
            .map(|(label, o)| ScenarioProject { name: label, ..*o });
        let left_out = other.is_none().then(|| {
            "other-project-key needs a second project with another API key and its secret: add one in Projects.".to_owned()
        });
        self.made = Some(Made {
            project_id: p.id.clone(),
            project: p.name.clone(),
            at: now,
            list: scenarios(&main, other.as_ref(), now),
            left_out,
        });
    }

    /// Draws the section, collapsed by default.
    pub(crate) fn ui(
        &mut self,
        ui: &mut egui::Ui,
        ctx: &PageContext<'_>,
        project_id: Option<&str>,
        commands: &mut Commands,
    ) {
        ui.add_space(12.0);
        let title = egui::RichText::new("Failure scenarios for QA (tokens broken on purpose)")
            .strong()
            .color(Tone::Bad.text_color(ui.visuals()));
        egui::CollapsingHeader::new(title)
            .id_salt("failure-scenarios")
            .default_open(false)
            .show(ui, |ui| self.body(ui, ctx, project_id, commands));
    }

    fn body(
        &mut self,
        ui: &mut egui::Ui,
        ctx: &PageContext<'_>,
        project_id: Option<&str>,
        commands: &mut Commands,
    ) {
        ui.horizontal(|ui| {
            badge(ui, Tone::Bad, "BROKEN ON PURPOSE");
            ui.label("Every token here is refused by VideoSDK on purpose.");
        });
        banner(
            ui,
            Tone::Warning,
            "Do not use these as normal tokens.",
            Some(
                "Each one is broken in exactly one way, to check that the app you test shows the right message. Inspect says what is wrong with each.",
            ),
        );
        let make = ui
            .button("Make fresh scenario tokens")
            .on_hover_text("Sign one token per failure with the chosen project's secret");
        if make.clicked() {
            self.make(ctx.known, project_id, ctx.now);
        }
        if let Some(e) = &self.error {
            banner(ui, Tone::Bad, "No scenario tokens were made.", Some(e));
        }
        let Some(made) = &self.made else { return };
        let mut said = format!(
            "{} tokens for project {}, made {}.",
            made.list.len(),
            made.project,
            local(made.at, ctx.tz)
        );
        if let Some(why) = &made.left_out {
            said.push(' ');
            said.push_str(why);
        }
        ui.add(egui::Label::new(egui::RichText::new(said).weak()).wrap());
        if project_id != Some(made.project_id.as_str()) {
            banner(
                ui,
                Tone::Warning,
                &format!(
                    "These are for project {}, not the one chosen above.",
                    made.project
                ),
                Some("Make fresh scenario tokens for the chosen project."),
            );
        }
        rows(ui, &made.list, commands);
    }
}

/// The first column's width: the name, and the description under it.
const NAME_COLUMN_WIDTH: f32 = 340.0;

/// One row per scenario: what it is, VideoSDK's answer, the use it needs,
/// Copy and Open in Inspect.
fn rows(ui: &mut egui::Ui, list: &[Scenario], commands: &mut Commands) {
    egui::Grid::new("scenario-rows")
        .num_columns(4)
        .striped(true)
        .spacing([16.0, 6.0])
        .show(ui, |ui| {
            for head in ["Scenario", "VideoSDK answers", "Fails when used for", ""] {
                ui.label(egui::RichText::new(head).strong());
            }
            ui.end_row();
            for (i, s) in list.iter().enumerate() {
                ui.vertical(|ui| {
                    // Wide enough for the longest description on two lines.
                    ui.set_width(NAME_COLUMN_WIDTH);
                    ui.label(egui::RichText::new(s.name).monospace().strong());
                    ui.add(
                        egui::Label::new(egui::RichText::new(&s.description).weak().size(12.5))
                            .wrap(),
                    );
                });
                ui.label(answer(s))
                    .on_hover_text(format!("Inspect reports {}", s.finding));
                ui.label(needs(&s.context));
                ui.horizontal(|ui| {
                    let copy = commands.button(ui, Command::Scenario(ScenarioAction::Copy(i)));
                    accessible_name(ui, &copy, &format!("Copy {} token", s.name));
                    let open = commands.button(ui, Command::Scenario(ScenarioAction::Inspect(i)));
                    accessible_name(ui, &open, &format!("Open {} in Inspect", s.name));
                });
                ui.end_row();
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needs_says_the_use_in_words() {
        let u = |room: Option<&str>, p: Option<&str>, purpose| Usage {
            room_id: room.map(Into::into),
            participant_id: p.map(Into::into),
            purpose,
        };
        assert_eq!(needs(&Usage::default()), "any use");
        assert_eq!(needs(&u(Some("r"), None, None)), "joining room r");
        assert_eq!(needs(&u(None, Some("qa-2"), None)), "joining as qa-2");
        assert_eq!(
            needs(&u(None, None, Some(Purpose::Join))),
            "joining a meeting"
        );
        assert_eq!(needs(&u(None, None, Some(Purpose::Api))), "the REST API");
    }

    #[test]
    fn for_inspect_never_shows_the_token_in_debug() {
        let f = ForInspect {
            name: "expired",
            token: "eyJ.secret-looking.sig".into(),
            usage: Usage::default(),
        };
        assert!(!format!("{f:?}").contains("secret-looking"));
    }
}
