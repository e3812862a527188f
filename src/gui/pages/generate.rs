//! Generate: project, permissions, expiry, optional v2 claims, one click.

mod batch;
mod claims;
mod presets;
mod scenarios;
mod settings;

use eframe::egui;
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

pub(crate) use scenarios::needs as scenario_needs;
pub use settings::{ExpiryMode, RoleSet, Settings};

use super::PageContext;
use crate::app::{Choices, Project, Settings as Projects, request};
use crate::gui::Tab;
use crate::gui::commands::{Command, Commands};
use crate::gui::widgets::{
    Tone, accessible_name, as_radio, badge, banner, line_height, one_line, row_height, section,
    steady, text_field, token_box,
};
use crate::token::{
    Expiry, GenerateError, Like, Permission, Role, TokenRequest, generate, local, parse_duration,
    relative, utc,
};

/// Lifetime presets: label and seconds.
const PRESETS: [(&str, i64); 6] = [
    ("10 min", 600),
    ("1 h", 3600),
    ("24 h", 86_400),
    ("7 d", 7 * 86_400),
    ("30 d", 30 * 86_400),
    ("1 y", 365 * 86_400),
];

/// The VideoSDK REST API endpoint the curl command lists rooms from.
pub const REST_ROOMS_URL: &str = "https://api.videosdk.live/v2/rooms";

/// A curl command for the VideoSDK REST API with this token.
pub fn curl_command(token: &str) -> String {
    format!("curl -sS '{REST_ROOMS_URL}' -H 'Authorization: {token}'")
}

/// A token on show.
struct Generated {
    token: String,
    exp: i64,
    project: String,
}

/// The Generate page.
pub(crate) struct Page {
    s: Settings,
    date: Date,
    generated: Option<Generated>,
    error: Option<String>,
    batch: batch::Batch,
    /// QA's tokens broken on purpose: apart from the generated one.
    scenarios: scenarios::Section,
    presets: presets::State,
    claims: claims::Cache,
    /// The chosen project's name, to say which one disappeared.
    project_name: Option<String>,
}

impl Page {
    /// The page with remembered settings; the exact date defaults to tomorrow.
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
            batch: batch::Batch::default(),
            scenarios: scenarios::Section::default(),
            presets: presets::State::default(),
            claims: claims::Cache::default(),
            project_name: None,
        }
    }

    /// The settings to remember.
    pub(crate) fn settings(&self) -> Settings {
        let mut s = self.s.clone();
        s.exact_date = self.date.to_string();
        s
    }

    /// The token on show.
    pub(crate) fn token(&self) -> Option<&str> {
        self.generated.as_ref().map(|g| g.token.as_str())
    }

    /// The failure scenarios section (its tokens never replace the generated one).
    pub(crate) fn scenarios(&self) -> &scenarios::Section {
        &self.scenarios
    }

    /// Seconds until the token's "expires in" text changes, if one is shown.
    pub(crate) fn next_change(&self, now: Timestamp) -> Option<u64> {
        let exp = Timestamp::from_second(self.generated.as_ref()?.exp).ok()?;
        Some(crate::token::next_change_secs(exp, now))
    }

    /// The chosen project's id.
    pub(crate) fn project_id(&self) -> Option<&str> {
        self.s.project_id.as_deref()
    }

    /// Fills the form like an inspected token (see [`crate::token::like`]):
    /// the project that holds its API key, its permissions, lifetime and
    /// v2 claims. Says what was done, or why the form was left alone.
    pub(crate) fn fill_like(&mut self, like: &Like, projects: &Projects) -> Result<String, String> {
        let Some(p) = projects.projects.iter().find(|p| p.api_key == like.api_key) else {
            return Err(format!(
                "No saved project has API key {}: add it on Projects, then try again.",
                crate::token::visible(&like.api_key)
            ));
        };
        self.s.project_id = Some(p.id.clone());
        self.project_name = Some(p.name.clone());
        if !like.permissions.is_empty() {
            self.s.permissions = like.permissions.iter().copied().collect();
        }
        if let Some(secs) = like.lifetime {
            self.s.expiry = ExpiryMode::Custom;
            self.s.custom = secs.to_string();
        }
        self.s.room_id = like.room_id.clone().unwrap_or_default();
        self.s.participant_id = like.participant_id.clone().unwrap_or_default();
        self.s.roles = like.roles.iter().copied().collect();
        // Custom claims go to the editor, pretty-printed (empty clears it).
        self.s.extra_claims = if like.extra.is_empty() {
            String::new()
        } else {
            format!("{:#}", serde_json::Value::Object(like.extra.clone()))
        };
        self.generated = None;
        self.error = None;
        Ok(format!(
            "Filled in like the inspected token, for project {}: check and press Generate.",
            crate::token::visible(&p.name)
        ))
    }

    /// Keeps the chosen project valid: the default (or first) if none.
    /// Returns the name of the chosen project when it is gone (removed in
    /// another window, by the command line or in an editor), so the window
    /// can say so. A newly chosen project brings its defaults.
    pub(crate) fn fix_project(&mut self, projects: &Projects) -> Option<String> {
        let exists = |id: &str| projects.by_id(id).is_some();
        if self.s.project_id.as_deref().is_some_and(exists) {
            return None;
        }
        let gone = self.s.project_id.take().and(self.project_name.take());
        let pick = projects
            .default_project()
            .or_else(|| projects.projects.first());
        if let Some(p) = pick {
            self.s.project_id = Some(p.id.clone());
            self.project_name = Some(p.name.clone());
            self.apply_defaults(p);
        }
        gone
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

    /// The request the page's settings make, through the one request
    /// builder the command line uses ([`crate::app::request`]) over the
    /// project's defaults. The form always states permissions and expiry
    /// (picking a project fills them with its defaults), and an empty set of
    /// permissions is the user's choice: refused, never filled in.
    fn request(&self, project: &Project, tz: &TimeZone) -> Result<TokenRequest, String> {
        if self.s.permissions.is_empty() {
            return Err(sentence(&crate::token::GenerateError::NoPermission));
        }
        let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        let choices = Choices {
            permissions: self.s.permissions.to_vec(),
            expiry: Some(self.expiry(tz)?),
            room_id: opt(&self.s.room_id),
            participant_id: opt(&self.s.participant_id),
            roles: self.s.roles.to_vec(),
            preset: None,
            extra_claims: self.claims_result()?,
        };
        Ok(request(
            project.api_key.clone(),
            &project.defaults(),
            choices,
        ))
    }

    /// Fills permissions and expiry with a project's saved defaults: on
    /// picking it, and when the window has to choose one for the user.
    fn apply_defaults(&mut self, p: &Project) {
        let d = p.defaults();
        self.s.permissions = d.permissions;
        let secs = d.lifetime.secs();
        if PRESETS.iter().any(|(_, s)| *s == secs) {
            self.s.expiry = ExpiryMode::Preset;
            self.s.preset_secs = secs;
        } else {
            self.s.expiry = ExpiryMode::Custom;
            self.s.custom = d.lifetime.as_str().to_owned();
        }
    }

    fn uses_v2(&self) -> bool {
        !self.s.room_id.trim().is_empty()
            || !self.s.participant_id.trim().is_empty()
            || !self.s.roles.is_empty()
    }

    /// Signs a token with the chosen project's cached secret; `Ok` and `Err`
    /// are the status line. Pure: the secret was read by the worker.
    pub(crate) fn generate(&mut self, ctx: &PageContext<'_>) -> Result<String, String> {
        let result = self.try_generate(ctx);
        self.error = result.as_ref().err().cloned();
        result
    }

    fn try_generate(&mut self, ctx: &PageContext<'_>) -> Result<String, String> {
        let project = self
            .s
            .project_id
            .as_deref()
            .and_then(|id| ctx.known.get(id))
            .ok_or("No project chosen: add one in Projects, then pick it here.")?;
        let req = self.request(project, ctx.tz)?;
        // Explain request problems before worrying about the secret.
        crate::token::validate(&req).map_err(|e| sentence(&e))?;
        let secret = ctx.known.signing_secret(project)?;
        let t = generate(&req, secret, ctx.now).map_err(|e| sentence(&e))?;
        self.generated = Some(Generated {
            token: t.token,
            exp: t.exp,
            project: project.name.clone(),
        });
        Ok(format!("Generated a token for {}.", project.name))
    }

    /// Draws the page.
    pub(crate) fn ui(&mut self, ui: &mut egui::Ui, ctx: &PageContext<'_>, commands: &mut Commands) {
        self.batch.follow(self.s.project_id.as_deref(), ctx);
        if ctx.known.list().is_empty() {
            banner(
                ui,
                Tone::Info,
                "No project yet.",
                Some(
                    "Add a project (its API key and secret from the VideoSDK dashboard) to sign tokens.",
                ),
            );
            if ui.button("Add a project").clicked() {
                commands.push(Command::Show(Tab::Projects));
            }
            return;
        }
        let _ = self.fix_project(ctx.known.settings());
        self.project_row(ui, ctx);
        self.presets_ui(ui, ctx);
        self.permissions_ui(ui);
        self.expiry_ui(ui, ctx);
        self.v2_ui(ui);
        self.claims_ui(ui);

        ui.add_space(8.0);
        let blocked = self.claims_problem();
        ui.horizontal(|ui| {
            let label = egui::RichText::new(Command::Generate.label())
                .strong()
                .size(15.0);
            let b = egui::Button::new(label).min_size(egui::vec2(150.0, 30.0));
            ui.add_enabled_ui(blocked.is_none(), |ui| {
                commands.add(ui, b, Command::Generate)
            })
            .inner
            .on_disabled_hover_text("Fix the extra claims first (see under the editor).");
            if blocked.is_some() {
                ui.label(egui::RichText::new("Fix the extra claims first.").weak());
            }
            self.save_preset_ui(ui, ctx, commands);
        });
        self.token_ui(ui, ctx, commands);
        // Below everything, so a refusal moves nothing the user may click next.
        if let Some(e) = &self.error {
            ui.add_space(6.0);
            banner(ui, Tone::Bad, "No token was generated.", Some(e));
        }
        self.batch_ui(ui, ctx, commands);
        let project = self.s.project_id.as_deref();
        self.scenarios.ui(ui, ctx, project, commands);
    }

    fn project_row(&mut self, ui: &mut egui::Ui, ctx: &PageContext<'_>) {
        ui.horizontal(|ui| {
            let l = ui.label("Project");
            let current = self
                .s
                .project_id
                .as_deref()
                .and_then(|id| ctx.known.get(id));
            let selected = current.map_or("choose...".to_owned(), |p| p.name.clone());
            let mut chosen = self.s.project_id.clone();
            egui::ComboBox::from_id_salt("project")
                .selected_text(selected)
                .width(220.0)
                .show_ui(ui, |ui| {
                    for p in ctx.known.list() {
                        ui.selectable_value(&mut chosen, Some(p.id.clone()), &p.name);
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
                let state = ctx.known.secret_state(&p.id);
                badge(ui, state.tone(), state.badge());
            }
            if chosen != self.s.project_id
                && let Some(p) = chosen.as_deref().and_then(|id| ctx.known.get(id))
            {
                let p = p.clone();
                self.apply_defaults(&p);
            }
            self.project_name = chosen
                .as_deref()
                .and_then(|id| ctx.known.get(id))
                .map(|p| p.name.clone());
            self.s.project_id = chosen;
        });
    }

    fn permissions_ui(&mut self, ui: &mut egui::Ui) {
        section(ui, "Permissions");
        ui.horizontal(|ui| {
            for p in Permission::ALL {
                let mut on = self.s.permissions.contains(p);
                if ui
                    .checkbox(&mut on, p.as_str())
                    .on_hover_text(p.meaning())
                    .changed()
                {
                    self.s.permissions.set(p, on);
                }
            }
        });
        let perms = self.s.permissions.to_vec();
        // One line, kept whether or not there is a refusal, so ticking a box
        // never moves the boxes or the expiry buttons below them; the advice
        // in full is on hover (and in the status bar if Generate is pressed).
        let problem = if perms.is_empty() {
            Some((
                "Refused: no permission chosen: pick at least one",
                GenerateError::NoPermission,
            ))
        } else if crate::token::permissions_conflict(&perms) {
            Some((
                "Refused: ask_join cannot be combined with allow_join or allow_mod (4008 INVALID_PERMISSIONS)",
                GenerateError::AskJoinConflict,
            ))
        } else {
            None
        };
        steady(
            ui,
            "permission-problem",
            line_height(ui),
            |ui| match &problem {
                Some((short, e)) => one_line(ui, Tone::Bad, short, Some(&sentence(e))),
                // Meanwhile the line says what the ticked permissions do.
                None => {
                    let said: Vec<String> = perms
                        .iter()
                        .map(|p| format!("{}: {}", p.as_str(), p.meaning()))
                        .collect();
                    one_line(ui, Tone::Info, &said.join(";  "), None);
                }
            },
        );
    }

    fn expiry_ui(&mut self, ui: &mut egui::Ui, ctx: &PageContext<'_>) {
        section(ui, "Expires");
        // One choice among all: screen readers hear radio buttons.
        ui.horizontal_wrapped(|ui| {
            for (label, secs) in PRESETS {
                let on = self.s.expiry == ExpiryMode::Preset && self.s.preset_secs == secs;
                let r = ui.selectable_label(on, label);
                as_radio(ui, &r);
                if r.clicked() {
                    self.s.expiry = ExpiryMode::Preset;
                    self.s.preset_secs = secs;
                }
            }
            ui.separator();
            let r = ui.selectable_value(&mut self.s.expiry, ExpiryMode::Custom, "Custom duration");
            as_radio(ui, &r);
            let r = ui.selectable_value(&mut self.s.expiry, ExpiryMode::Exact, "Date and time");
            as_radio(ui, &r);
        });
        match self.s.expiry {
            ExpiryMode::Preset => {}
            ExpiryMode::Custom => {
                ui.horizontal(|ui| {
                    text_field(ui, "Duration", &mut self.s.custom, "e.g. 90m, 36h, 2w");
                });
            }
            ExpiryMode::Exact => self.exact_time_ui(ui),
        }
        let now = ctx.now;
        let shown = self
            .expiry(ctx.tz)
            .and_then(|e| e.exp_at(now).map_err(|e| e.to_string()));
        // The line under the choice says when the token expires, or why it
        // cannot: one line either way, so typing a duration never moves the
        // Generate button.
        steady(ui, "expiry-shown", row_height(ui), |ui| match shown {
            Ok(exp) => {
                if let Ok(t) = Timestamp::from_second(exp) {
                    ui.add(
                        egui::Label::new(format!(
                            "Expires {}  |  {}  |  {}",
                            relative(t, now),
                            local(t, ctx.tz),
                            utc(t)
                        ))
                        .truncate()
                        .selectable(true),
                    );
                }
            }
            Err(e) => {
                ui.horizontal(|ui| {
                    let color = Tone::Bad.text_color(ui.visuals());
                    ui.label(
                        egui::RichText::new("This expiry cannot be used.")
                            .color(color)
                            .strong(),
                    );
                    one_line(ui, Tone::Bad, &e, None);
                });
            }
        });
    }

    /// The date as labelled year, month and day fields (typed or dragged,
    /// reachable with Tab), the calendar beside them, then hour and minute.
    /// egui_extras' own year/month/day boxes have no accessible name, so
    /// they are hidden (`combo_boxes(false)`); its arrows stay.
    fn exact_time_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            let (mut year, mut month, mut day) = (
                i32::from(self.date.year()),
                i32::from(self.date.month()),
                i32::from(self.date.day()),
            );
            let l = ui.label("Year");
            let y = ui
                .add(egui::DragValue::new(&mut year).range(1970..=9999))
                .labelled_by(l.id);
            let l = ui.label("Month");
            let m = ui
                .add(egui::DragValue::new(&mut month).range(1..=12))
                .labelled_by(l.id);
            let l = ui.label("Day");
            let d = ui
                .add(egui::DragValue::new(&mut day).range(1..=31))
                .labelled_by(l.id);
            if y.changed() || m.changed() || d.changed() {
                self.date = date_clamped(year, month, day).unwrap_or(self.date);
            }
            let picker = ui.add(
                egui_extras::DatePickerButton::new(&mut self.date)
                    .id_salt("exp-date")
                    .show_icon(false)
                    .combo_boxes(false)
                    .arrows(true),
            );
            accessible_name(ui, &picker, &format!("Calendar, {}", self.date));
            let h = ui.label("Hour");
            ui.add(egui::DragValue::new(&mut self.s.exact_hour).range(0..=23))
                .labelled_by(h.id);
            let m = ui.label("Minute");
            ui.add(egui::DragValue::new(&mut self.s.exact_minute).range(0..=59))
                .labelled_by(m.id);
            ui.label(egui::RichText::new("local time").weak());
        });
    }

    fn v2_ui(&mut self, ui: &mut egui::Ui) {
        ui.add_space(4.0);
        egui::CollapsingHeader::new("Version 2 claims (optional): room, participant, roles")
            .id_salt("v2")
            .show(ui, |ui| {
                egui::Grid::new("v2-grid").num_columns(2).show(ui, |ui| {
                    text_field(ui, "roomId", &mut self.s.room_id, "limit to one room");
                    ui.end_row();
                    text_field(
                        ui,
                        "participantId",
                        &mut self.s.participant_id,
                        "limit to one participant",
                    );
                    ui.end_row();
                    ui.label("roles");
                    ui.horizontal(|ui| {
                        for r in Role::ALL {
                            let mut on = self.s.roles.contains(r);
                            if ui
                                .checkbox(&mut on, r.as_str())
                                .on_hover_text(r.meaning())
                                .changed()
                            {
                                self.s.roles.set(r, on);
                            }
                        }
                    });
                    ui.end_row();
                });
            });
        let v2 = self.uses_v2();
        steady(ui, "v2-note", line_height(ui), |ui| {
            if v2 {
                ui.label(
                    egui::RichText::new("version: 2 is set, because v2 claims are used.")
                        .color(ui.visuals().warn_fg_color),
                );
            }
        });
    }

    fn token_ui(&self, ui: &mut egui::Ui, ctx: &PageContext<'_>, commands: &mut Commands) {
        let Some(g) = &self.generated else {
            return;
        };
        section(ui, &format!("Token for {}", g.project));
        token_box(ui, &g.token);
        let now = ctx.now;
        let (tone, text) = match Timestamp::from_second(g.exp) {
            Ok(t) if g.exp > now.as_second() => (
                Tone::Good,
                format!("Expires {} ({})", relative(t, now), local(t, ctx.tz)),
            ),
            Ok(t) => (
                Tone::Bad,
                format!("Expired {} ({})", relative(t, now), local(t, ctx.tz)),
            ),
            Err(_) => (Tone::Bad, "Expiry out of range".to_owned()),
        };
        badge(ui, tone, &text);
        ui.horizontal_wrapped(|ui| {
            for c in [
                Command::CopyToken,
                Command::CopyAuthorization,
                Command::CopyCurl,
                Command::OpenInInspect,
                Command::WriteIntoEnv,
            ] {
                commands.button(ui, c);
            }
        });
        crate::gui::qr::token_qr(ui, &g.token);
    }
}

/// A date from year, month and day fields, the day cut to the month's
/// length (31 February is the 28th or 29th).
fn date_clamped(year: i32, month: i32, day: i32) -> Option<Date> {
    let year = i16::try_from(year).ok()?;
    let month = i8::try_from(month.clamp(1, 12)).ok()?;
    let first = Date::new(year, month, 1).ok()?;
    let day = i8::try_from(day.clamp(1, i32::from(first.days_in_month()))).ok()?;
    Date::new(year, month, day).ok()
}

/// An error as a sentence for the status bar or a note.
pub(crate) fn sentence(e: &GenerateError) -> String {
    crate::gui::widgets::as_sentence(&e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(utc: &str) -> Timestamp {
        utc.parse().unwrap()
    }

    /// The date picker's date comes from the app's clock and zone, never the
    /// system's (issue 17): its default is the day after *the app's* today,
    /// across the turn of a month and of a year, in a zone whose date is
    /// not UTC's.
    #[test]
    fn the_exact_date_defaults_to_tomorrow_on_the_apps_clock() {
        let la = TimeZone::get("America/Los_Angeles").unwrap();
        let cases = [
            // 00:10 UTC on 1 March is still 29 February in Los Angeles (leap year).
            ("2028-03-01T00:10:00Z", &la, "2028-03-01"),
            ("2028-03-01T00:10:00Z", &TimeZone::UTC, "2028-03-02"),
            // The turn of a month and of a year.
            ("2026-11-30T12:00:00Z", &TimeZone::UTC, "2026-12-01"),
            ("2026-12-31T23:59:00Z", &TimeZone::UTC, "2027-01-01"),
            ("2027-01-01T07:30:00Z", &la, "2027-01-01"),
        ];
        for (now, tz, tomorrow) in cases {
            let page = Page::new(&Settings::default(), at(now), tz);
            assert_eq!(page.date.to_string(), tomorrow, "now {now} in {tz:?}");
        }
    }

    /// The exact expiry is that local date and time, whatever the month or
    /// year, and a day typed past the month's end is clamped to it.
    #[test]
    fn the_exact_expiry_crosses_months_and_years_in_local_time() {
        let la = TimeZone::get("America/Los_Angeles").unwrap();
        let mut page = Page::new(&Settings::default(), at("2026-12-31T20:00:00Z"), &la);
        page.s.expiry = ExpiryMode::Exact;
        page.s.exact_hour = 23;
        page.s.exact_minute = 30;
        // Tomorrow in Los Angeles is 1 January 2027; 23:30 there is 07:30 UTC on the 2nd.
        assert_eq!(page.date.to_string(), "2027-01-01");
        assert_eq!(
            page.expiry(&la).unwrap(),
            Expiry::At(at("2027-01-02T07:30:00Z"))
        );
        assert_eq!(date_clamped(2027, 2, 31).unwrap().to_string(), "2027-02-28");
        assert_eq!(date_clamped(2028, 2, 31).unwrap().to_string(), "2028-02-29");
        assert_eq!(date_clamped(2026, 13, 1).unwrap().to_string(), "2026-12-01");
    }
}
