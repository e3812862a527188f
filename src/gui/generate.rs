//! Generate: project, permissions, expiry, optional v2 claims, one click.

use std::collections::HashMap;

use eframe::egui;
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

use super::{App, Command, SecretState, Tab, Tone, banner, section};
use crate::store::Settings as Projects;
use crate::token::{
    Expiry, GenerateError, Permission, Role, TokenRequest, generate, local, parse_duration,
    relative, utc,
};

/// Lifetime presets: label and seconds.
pub(crate) const PRESETS: [(&str, i64); 6] = [
    ("10 min", 600),
    ("1 h", 3600),
    ("24 h", 86_400),
    ("7 d", 7 * 86_400),
    ("30 d", 30 * 86_400),
    ("1 y", 365 * 86_400),
];

/// The VideoSDK REST API endpoint the curl command lists rooms from.
pub const REST_ROOMS_URL: &str = "https://api.videosdk.live/v2/rooms";

/// How the expiry is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ExpiryMode {
    /// One of [`PRESETS`].
    #[default]
    Preset,
    /// A typed duration.
    Custom,
    /// A date and time.
    Exact,
}

/// The generate settings remembered between runs (no secrets, no tokens).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The chosen project's id.
    pub project_id: Option<String>,
    /// `allow_join`, `ask_join`, `allow_mod` ticked.
    pub permissions: [bool; 3],
    /// Preset, custom or exact.
    pub expiry: ExpiryMode,
    /// The preset's seconds.
    pub preset_secs: i64,
    /// The custom duration text.
    pub custom: String,
    /// Exact expiry date (ISO), hour and minute, local time.
    pub exact_date: String,
    /// Hour of the exact expiry.
    pub exact_hour: u8,
    /// Minute of the exact expiry.
    pub exact_minute: u8,
    /// v2 `roomId`.
    pub room_id: String,
    /// v2 `participantId`.
    pub participant_id: String,
    /// v2 roles `crawler`, `rtc`.
    pub roles: [bool; 2],
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            project_id: None,
            permissions: [true, false, false],
            expiry: ExpiryMode::Preset,
            preset_secs: 86_400,
            custom: "90m".to_owned(),
            exact_date: String::new(),
            exact_hour: 18,
            exact_minute: 0,
            room_id: String::new(),
            participant_id: String::new(),
            roles: [false, false],
        }
    }
}

/// A token on show.
struct Generated {
    token: String,
    exp: i64,
    project: String,
}

/// The Generate page's state.
pub(crate) struct Page {
    s: Settings,
    date: Date,
    generated: Option<Generated>,
    error: Option<String>,
}

impl Page {
    pub(crate) fn new(s: &Settings, now: Timestamp, tz: &TimeZone) -> Self {
        let tomorrow = now
            .to_zoned(tz.clone())
            .date()
            .tomorrow()
            .unwrap_or(Date::MIN);
        let date = s.exact_date.parse::<Date>().unwrap_or(tomorrow);
        Self {
            s: s.clone(),
            date,
            generated: None,
            error: None,
        }
    }

    pub(crate) fn settings(&self) -> Settings {
        let mut s = self.s.clone();
        s.exact_date = self.date.to_string();
        s
    }

    pub(crate) fn token(&self) -> Option<&str> {
        self.generated.as_ref().map(|g| g.token.as_str())
    }

    /// Seconds until the token's "expires in" text changes, if one is shown.
    pub(crate) fn next_change(&self, now: Timestamp) -> Option<u64> {
        let exp = Timestamp::from_second(self.generated.as_ref()?.exp).ok()?;
        Some(crate::token::next_change_secs(exp, now))
    }

    pub(crate) fn project_id(&self) -> Option<&str> {
        self.s.project_id.as_deref()
    }

    /// Keeps the chosen project valid: the default (or first) if none.
    pub(crate) fn fix_project(&mut self, projects: &Projects) {
        let exists = |id: &str| projects.projects.iter().any(|p| p.id == id);
        if self.s.project_id.as_deref().is_some_and(exists) {
            return;
        }
        self.s.project_id = projects
            .default_project()
            .or_else(|| projects.projects.first())
            .map(|p| p.id.clone());
    }

    fn permissions(&self) -> Vec<Permission> {
        Permission::ALL
            .iter()
            .zip(self.s.permissions)
            .filter_map(|(p, on)| on.then_some(*p))
            .collect()
    }

    fn roles(&self) -> Vec<Role> {
        Role::ALL
            .iter()
            .zip(self.s.roles)
            .filter_map(|(r, on)| on.then_some(*r))
            .collect()
    }

    fn expiry(&self, tz: &TimeZone) -> Result<Expiry, String> {
        match self.s.expiry {
            ExpiryMode::Preset => Ok(Expiry::In(self.s.preset_secs)),
            ExpiryMode::Custom => parse_duration(&self.s.custom)
                .map(Expiry::In)
                .map_err(|e| e.to_string()),
            ExpiryMode::Exact => {
                let hour = i8::try_from(self.s.exact_hour.min(23)).unwrap_or(0);
                let minute = i8::try_from(self.s.exact_minute.min(59)).unwrap_or(0);
                self.date
                    .at(hour, minute, 0, 0)
                    .to_zoned(tz.clone())
                    .map(|z| Expiry::At(z.timestamp()))
                    .map_err(|e| format!("that local time does not exist ({e})"))
            }
        }
    }

    fn request(&self, api_key: &str, tz: &TimeZone) -> Result<TokenRequest, String> {
        let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        Ok(TokenRequest {
            api_key: api_key.to_owned(),
            permissions: self.permissions(),
            expiry: self.expiry(tz)?,
            room_id: opt(&self.s.room_id),
            participant_id: opt(&self.s.participant_id),
            roles: self.roles(),
        })
    }

    fn uses_v2(&self) -> bool {
        !self.s.room_id.trim().is_empty()
            || !self.s.participant_id.trim().is_empty()
            || self.s.roles.iter().any(|r| *r)
    }

    /// Signs a token with the chosen project's cached secret.
    pub(crate) fn generate(
        &mut self,
        projects: &Projects,
        secrets: &HashMap<String, SecretState>,
        now: Timestamp,
        tz: &TimeZone,
    ) -> Result<String, String> {
        let result = self.try_generate(projects, secrets, now, tz);
        match &result {
            Ok(_) => self.error = None,
            Err(e) => self.error = Some(e.clone()),
        }
        result
    }

    fn try_generate(
        &mut self,
        projects: &Projects,
        secrets: &HashMap<String, SecretState>,
        now: Timestamp,
        tz: &TimeZone,
    ) -> Result<String, String> {
        let project = self
            .s
            .project_id
            .as_deref()
            .and_then(|id| projects.projects.iter().find(|p| p.id == id))
            .ok_or("No project chosen: add one in Projects, then pick it here.")?;
        let req = self.request(&project.api_key, tz)?;
        // Explain request problems before worrying about the secret.
        crate::token::validate(&req).map_err(|e| sentence(&e))?;
        let secret = match secrets.get(&project.id) {
            Some(SecretState::Keyring(s) | SecretState::Session(s)) => s,
            Some(SecretState::Loading) | None => {
                return Err(
                    "The secret is still being read from the keyring; try again in a moment."
                        .to_owned(),
                );
            }
            Some(SecretState::Missing) => {
                return Err(format!(
                    "Project {} has no secret: edit it in Projects and type the secret.",
                    project.name
                ));
            }
            Some(SecretState::Error(e)) => {
                return Err(format!("Cannot read the secret of {}: {e}", project.name));
            }
        };
        let t = generate(&req, secret, now).map_err(|e| sentence(&e))?;
        self.generated = Some(Generated {
            token: t.token,
            exp: t.exp,
            project: project.name.clone(),
        });
        Ok(format!("Generated a token for {}.", project.name))
    }
}

fn sentence(e: &GenerateError) -> String {
    let s = e.to_string();
    let mut c = s.chars();
    match c.next() {
        Some(f) => format!("{}{}.", f.to_uppercase(), c.as_str()),
        None => s,
    }
}

/// The token in three colours (header, payload, signature), wrapping anywhere.
pub(crate) fn token_job(ui: &egui::Ui, token: &str) -> egui::text::LayoutJob {
    let dark = ui.visuals().dark_mode;
    let colors = if dark {
        [
            egui::Color32::from_rgb(0xf2, 0x8b, 0x82),
            egui::Color32::from_rgb(0xc5, 0x8a, 0xf9),
            egui::Color32::from_rgb(0x4e, 0xc9, 0xb0),
        ]
    } else {
        [
            egui::Color32::from_rgb(0xc5, 0x22, 0x1f),
            egui::Color32::from_rgb(0x7b, 0x1f, 0xa2),
            egui::Color32::from_rgb(0x00, 0x79, 0x6b),
        ]
    };
    let font = egui::FontId::monospace(13.0);
    let mut job = egui::text::LayoutJob::default();
    job.wrap.max_width = ui.available_width();
    job.wrap.break_anywhere = true;
    let mut parts = token.splitn(3, '.').peekable();
    let mut i = 0;
    while let Some(part) = parts.next() {
        let color = colors[i.min(2)];
        job.append(part, 0.0, egui::TextFormat::simple(font.clone(), color));
        if parts.peek().is_some() {
            job.append(
                ".",
                0.0,
                egui::TextFormat::simple(font.clone(), ui.visuals().weak_text_color()),
            );
        }
        i += 1;
    }
    job
}

/// A labelled single-line text field.
pub(crate) fn text_field(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut String,
    hint: &str,
) -> egui::Response {
    let l = ui.label(label);
    ui.add(
        egui::TextEdit::singleline(value)
            .hint_text(hint)
            .desired_width(260.0),
    )
    .labelled_by(l.id)
}

impl App {
    pub(super) fn generate_ui(&mut self, ui: &mut egui::Ui, now: Timestamp) {
        if self.settings.projects.is_empty() {
            banner(
                ui,
                Tone::Info,
                "No project yet.",
                Some(
                    "Add a project (its API key and secret from the VideoSDK dashboard) to sign tokens.",
                ),
            );
            if ui.button("Add a project").clicked() {
                self.commands.push(Command::SwitchTab(Tab::Projects));
            }
            return;
        }
        self.generator.fix_project(&self.settings);

        ui.horizontal(|ui| {
            let l = ui.label("Project");
            let current = self
                .generator
                .s
                .project_id
                .as_deref()
                .and_then(|id| self.settings.projects.iter().find(|p| p.id == id));
            let selected = current.map_or("choose...".to_owned(), |p| p.name.clone());
            egui::ComboBox::from_id_salt("project")
                .selected_text(selected)
                .width(220.0)
                .show_ui(ui, |ui| {
                    for p in &self.settings.projects {
                        ui.selectable_value(
                            &mut self.generator.s.project_id,
                            Some(p.id.clone()),
                            &p.name,
                        );
                    }
                })
                .response
                .labelled_by(l.id);
            if let Some(p) = current {
                ui.label(
                    egui::RichText::new(format!("API key {}", p.api_key))
                        .monospace()
                        .weak(),
                );
                let state = self.secret_state(&p.id);
                let tone = match state {
                    SecretState::Keyring(_) => Tone::Good,
                    SecretState::Session(_) | SecretState::Loading => Tone::Warning,
                    SecretState::Missing | SecretState::Error(_) => Tone::Bad,
                };
                badge(ui, tone, state.badge());
            }
        });

        section(ui, "Permissions");
        ui.horizontal(|ui| {
            for (i, p) in Permission::ALL.iter().enumerate() {
                ui.checkbox(&mut self.generator.s.permissions[i], p.as_str())
                    .on_hover_text(p.meaning());
            }
        });
        let perms = self.generator.permissions();
        if perms.is_empty() {
            banner(ui, Tone::Bad, &sentence(&GenerateError::NoPermission), None);
        } else if crate::token::permissions_conflict(&perms) {
            banner(
                ui,
                Tone::Bad,
                &sentence(&GenerateError::AskJoinConflict),
                None,
            );
        }

        section(ui, "Expires");
        ui.horizontal_wrapped(|ui| {
            for (label, secs) in PRESETS {
                let on = self.generator.s.expiry == ExpiryMode::Preset
                    && self.generator.s.preset_secs == secs;
                if ui.selectable_label(on, label).clicked() {
                    self.generator.s.expiry = ExpiryMode::Preset;
                    self.generator.s.preset_secs = secs;
                }
            }
            ui.separator();
            ui.selectable_value(
                &mut self.generator.s.expiry,
                ExpiryMode::Custom,
                "Custom duration",
            );
            ui.selectable_value(
                &mut self.generator.s.expiry,
                ExpiryMode::Exact,
                "Date and time",
            );
        });
        match self.generator.s.expiry {
            ExpiryMode::Preset => {}
            ExpiryMode::Custom => {
                ui.horizontal(|ui| {
                    text_field(
                        ui,
                        "Duration",
                        &mut self.generator.s.custom,
                        "e.g. 90m, 36h, 2w",
                    );
                });
            }
            ExpiryMode::Exact => {
                ui.horizontal(|ui| {
                    ui.label("Date");
                    ui.add(
                        egui_extras::DatePickerButton::new(&mut self.generator.date)
                            .id_salt("exp-date")
                            .show_icon(false)
                            .combo_boxes(false),
                    );
                    let h = ui.label("Hour");
                    ui.add(egui::DragValue::new(&mut self.generator.s.exact_hour).range(0..=23))
                        .labelled_by(h.id);
                    let m = ui.label("Minute");
                    ui.add(egui::DragValue::new(&mut self.generator.s.exact_minute).range(0..=59))
                        .labelled_by(m.id);
                    ui.label(egui::RichText::new("local time").weak());
                });
            }
        }
        let tz = self.tz.clone();
        match self
            .generator
            .expiry(&tz)
            .and_then(|e| e.exp_at(now).map_err(|e| e.to_string()))
        {
            Ok(exp) => {
                if let Ok(t) = Timestamp::from_second(exp) {
                    ui.add(
                        egui::Label::new(format!(
                            "Expires {}  |  {}  |  {}",
                            relative(t, now),
                            local(t, &tz),
                            utc(t)
                        ))
                        .selectable(true),
                    );
                }
            }
            Err(e) => banner(ui, Tone::Bad, "This expiry cannot be used.", Some(&e)),
        }

        ui.add_space(4.0);
        egui::CollapsingHeader::new("Version 2 claims (optional): room, participant, roles")
            .id_salt("v2")
            .show(ui, |ui| {
                egui::Grid::new("v2-grid").num_columns(2).show(ui, |ui| {
                    text_field(
                        ui,
                        "roomId",
                        &mut self.generator.s.room_id,
                        "limit to one room",
                    );
                    ui.end_row();
                    text_field(
                        ui,
                        "participantId",
                        &mut self.generator.s.participant_id,
                        "limit to one participant",
                    );
                    ui.end_row();
                    ui.label("roles");
                    ui.horizontal(|ui| {
                        for (i, r) in Role::ALL.iter().enumerate() {
                            ui.checkbox(&mut self.generator.s.roles[i], r.as_str())
                                .on_hover_text(r.meaning());
                        }
                    });
                    ui.end_row();
                });
            });
        if self.generator.uses_v2() {
            ui.label(
                egui::RichText::new("version: 2 is set, because v2 claims are used.")
                    .color(ui.visuals().warn_fg_color),
            );
        }

        ui.add_space(8.0);
        ui.horizontal(|ui| {
            let b = egui::Button::new(egui::RichText::new("Generate token").strong().size(15.0))
                .min_size(egui::vec2(150.0, 30.0));
            if ui
                .add(b)
                .on_hover_text(super::shortcuts::text_of(
                    super::shortcuts::Action::Generate,
                ))
                .clicked()
            {
                self.commands.push(Command::Generate);
            }
        });
        if let Some(e) = &self.generator.error {
            banner(ui, Tone::Bad, "No token was generated.", Some(e));
        }

        if let Some(g) = &self.generator.generated {
            section(ui, &format!("Token for {}", g.project));
            egui::Frame::new()
                .fill(ui.visuals().extreme_bg_color)
                .corner_radius(6.0)
                .inner_margin(10)
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    let job = token_job(ui, &g.token);
                    ui.add(egui::Label::new(job).selectable(true));
                });
            let (tone, text) = match Timestamp::from_second(g.exp) {
                Ok(t) if g.exp > now.as_second() => (
                    Tone::Good,
                    format!("Expires {} ({})", relative(t, now), local(t, &tz)),
                ),
                Ok(t) => (
                    Tone::Bad,
                    format!("Expired {} ({})", relative(t, now), local(t, &tz)),
                ),
                Err(_) => (Tone::Bad, "Expiry out of range".to_owned()),
            };
            badge(ui, tone, &text);
            ui.horizontal_wrapped(|ui| {
                let token = g.token.clone();
                if ui
                    .button("Copy token")
                    .on_hover_text(super::shortcuts::text_of(
                        super::shortcuts::Action::CopyToken,
                    ))
                    .clicked()
                {
                    self.commands.push(Command::CopyToken);
                }
                if ui
                    .button("Copy as Authorization header")
                    .on_hover_text(
                        "Authorization: <token> (VideoSDK takes the token raw, no Bearer)",
                    )
                    .clicked()
                {
                    self.commands.push(Command::Copy {
                        text: format!("Authorization: {token}"),
                        what: "Authorization header",
                        sensitive: true,
                    });
                }
                if ui
                    .button("Copy as curl")
                    .on_hover_text(format!("curl that lists rooms: {REST_ROOMS_URL}"))
                    .clicked()
                {
                    self.commands.push(Command::Copy {
                        text: curl_command(&token),
                        what: "curl command",
                        sensitive: true,
                    });
                }
                if ui.button("Open in Inspect").clicked() {
                    self.commands.push(Command::InspectText(token));
                }
            });
        }
    }
}

/// A curl command for the VideoSDK REST API with this token.
pub fn curl_command(token: &str) -> String {
    format!("curl -sS '{REST_ROOMS_URL}' -H 'Authorization: {token}'")
}

/// A small coloured tag.
pub(crate) fn badge(ui: &mut egui::Ui, tone: Tone, text: &str) {
    let (fill, color) = tone.colors(ui.visuals().dark_mode);
    egui::Frame::new()
        .fill(fill)
        .corner_radius(10.0)
        .inner_margin(egui::Margin::symmetric(8, 2))
        .show(ui, |ui| {
            ui.label(egui::RichText::new(text).color(color).size(12.5));
        });
}
