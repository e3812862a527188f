//! Projects: list, add, edit, delete (confirmed), set default, test, import
//! from `.env`. Secrets go to the keyring through the worker; the typed
//! secret is wiped from memory once handed over.

use eframe::egui;
use jiff::Timestamp;
use zeroize::Zeroizing;

use super::generate::{badge, text_field};
use super::{App, Command, SecretState, Tone, banner, io, section};
use crate::app::ProjectEdit;
use crate::store::{EnvProject, Project, Settings as Projects, validate_name};
use crate::token::{ProjectDefaults, SecretEncoding, SecretKey};

/// The add/edit form.
#[derive(Default)]
struct Form {
    /// The id of the project being edited; `None` adds one.
    editing: Option<String>,
    name: String,
    api_key: String,
    secret: Zeroizing<String>,
    base64: bool,
    reveal: bool,
    imported: Option<SecretKey>,
}

/// The Projects page's state.
#[derive(Default)]
pub(crate) struct Page {
    form: Option<Form>,
    env_path: String,
    confirm_delete: Option<String>,
}

impl Page {
    pub(crate) fn env_path(&self) -> &str {
        &self.env_path
    }

    pub(crate) fn fill_from_env(&mut self, env: EnvProject) {
        let form = self.form.get_or_insert_with(Form::default);
        form.api_key = env.api_key;
        form.secret = Zeroizing::new(String::new());
        form.imported = Some(env.secret);
    }

    /// Validates the form and turns it into a save job; the form (and the
    /// typed secret) is dropped on success.
    pub(crate) fn take_form(&mut self, projects: &Projects) -> Result<io::Job, String> {
        let form = self.form.as_ref().ok_or("Nothing to save.")?;
        let name = form.name.trim().to_owned();
        validate_name(&name).map_err(|e| format!("Cannot save: {e}."))?;
        let taken = projects
            .projects
            .iter()
            .any(|p| Some(&p.id) != form.editing.as_ref() && p.name.eq_ignore_ascii_case(&name));
        if taken {
            return Err(format!(
                "Cannot save: a project named {name} already exists; pick another name."
            ));
        }
        let api_key = form.api_key.trim().to_owned();
        if api_key.is_empty() || api_key.chars().any(char::is_whitespace) {
            return Err("Cannot save: the API key is empty or contains spaces; copy it again from the VideoSDK dashboard.".to_owned());
        }
        let secret = if form.secret.trim().is_empty() {
            form.imported.clone()
        } else {
            let enc = if form.base64 {
                SecretEncoding::Base64
            } else {
                SecretEncoding::Text
            };
            Some(
                SecretKey::parse(&form.secret, enc)
                    .map_err(|e| format!("Cannot save: the secret {e}."))?,
            )
        };
        if form.editing.is_none() && secret.is_none() {
            return Err(
                "Cannot save: type the project's secret (from the VideoSDK dashboard).".to_owned(),
            );
        }
        let defaults = match &form.editing {
            None => ProjectDefaults::default(),
            Some(id) => projects
                .by_id(id)
                .ok_or("Cannot save: that project was deleted meanwhile.")?
                .defaults(),
        };
        let job = io::Job::SaveProject {
            id: form.editing.clone(),
            edit: ProjectEdit {
                name,
                api_key,
                defaults,
            },
            secret,
        };
        // Dropping the form zeroes the typed secret.
        self.form = None;
        Ok(job)
    }
}

/// "Test": sign a token with the stored secret and verify it.
pub(crate) fn test_project(
    project: Option<&Project>,
    state: &SecretState,
    now: Timestamp,
) -> Result<String, String> {
    let p = project.ok_or("That project no longer exists.")?;
    let secret = state
        .secret()
        .ok_or_else(|| format!("Test failed for {}: {}.", p.name, state.badge()))?;
    match crate::app::self_test(p, secret, now) {
        Ok(()) => Ok(format!(
            "Test passed for {}: a token was signed and verified with the stored secret.",
            p.name
        )),
        Err(why) => Err(format!("Test failed for {}: {why}", p.name)),
    }
}

impl App {
    pub(super) fn projects_ui(&mut self, ui: &mut egui::Ui) {
        section(ui, "Saved projects");
        ui.horizontal(|ui| {
            if ui.button("Add project").clicked() {
                self.proj.form = Some(Form::default());
            }
            ui.separator();
            text_field(ui, ".env file", &mut self.proj.env_path, "/path/to/.env");
            if ui
                .button("Import .env")
                .on_hover_text("Reads VIDEOSDK_API_KEY and VIDEOSDK_SECRET_KEY into the form")
                .clicked()
            {
                self.commands.push(Command::ImportEnv);
            }
        });

        if self.settings.projects.is_empty() {
            banner(
                ui,
                Tone::Info,
                "No project yet.",
                Some(
                    "Add one with its API key and secret from the VideoSDK dashboard, or import a .env file.",
                ),
            );
        } else {
            ui.add_space(4.0);
            let default_id = self.settings.default.clone();
            egui::Grid::new("projects")
                .num_columns(4)
                .striped(true)
                .spacing([16.0, 8.0])
                .show(ui, |ui| {
                    for p in &self.settings.projects {
                        ui.horizontal(|ui| {
                            ui.label(egui::RichText::new(&p.name).strong());
                            if default_id.as_deref() == Some(p.id.as_str()) {
                                badge(ui, Tone::Info, "default");
                            }
                        });
                        ui.add(
                            egui::Label::new(egui::RichText::new(&p.api_key).monospace())
                                .selectable(true),
                        );
                        let state = self
                            .secrets
                            .get(&p.id)
                            .cloned()
                            .unwrap_or(SecretState::Loading);
                        let tone = match state {
                            SecretState::Keyring(_) => Tone::Good,
                            SecretState::Session(_) | SecretState::Loading => Tone::Warning,
                            SecretState::Missing | SecretState::Error(_) => Tone::Bad,
                        };
                        let r = ui.horizontal(|ui| badge(ui, tone, state.badge())).response;
                        if let SecretState::Error(e) = &state {
                            r.on_hover_text(e);
                        }
                        ui.horizontal(|ui| {
                            if ui.button("Edit").clicked() {
                                self.proj.form = Some(Form {
                                    editing: Some(p.id.clone()),
                                    name: p.name.clone(),
                                    api_key: p.api_key.clone(),
                                    ..Form::default()
                                });
                            }
                            if ui
                                .button("Test")
                                .on_hover_text("Sign a token with the stored secret and verify it")
                                .clicked()
                            {
                                self.commands.push(Command::TestProject(p.id.clone()));
                            }
                            if default_id.as_deref() != Some(p.id.as_str())
                                && ui.button("Set default").clicked()
                            {
                                self.commands.push(Command::SetDefault(p.id.clone()));
                            }
                            if ui.button("Delete...").clicked() {
                                self.proj.confirm_delete = Some(p.id.clone());
                            }
                        });
                        ui.end_row();
                    }
                });
        }

        let session_only = self.keyring_unavailable();
        if let Some(form) = &mut self.proj.form {
            let title = if form.editing.is_some() {
                "Edit project"
            } else {
                "New project"
            };
            section(ui, title);
            egui::Frame::group(ui.style()).inner_margin(10).show(ui, |ui| {
                egui::Grid::new("project-form").num_columns(2).spacing([12.0, 8.0]).show(ui, |ui| {
                    text_field(ui, "Name", &mut form.name, "e.g. Staging");
                    ui.end_row();
                    text_field(ui, "API key", &mut form.api_key, "from the VideoSDK dashboard");
                    ui.end_row();
                    let l = ui.label("Secret");
                    ui.horizontal(|ui| {
                        let hint = if form.imported.is_some() {
                            "imported from .env"
                        } else if form.editing.is_some() {
                            "leave empty to keep the current secret"
                        } else {
                            "from the VideoSDK dashboard"
                        };
                        ui.add(
                            egui::TextEdit::singleline(&mut *form.secret)
                                .password(!form.reveal)
                                .hint_text(hint)
                                .desired_width(260.0),
                        )
                        .labelled_by(l.id);
                        ui.checkbox(&mut form.reveal, "Show secret");
                        ui.checkbox(&mut form.base64, "Secret is base64");
                    });
                    ui.end_row();
                });
                let where_to = if session_only {
                    "The keyring is unavailable: the secret is kept for this session only and will not be saved."
                } else {
                    "The secret goes to the OS keyring; only the name and API key go to the projects file."
                };
                ui.label(egui::RichText::new(where_to).weak());
                ui.horizontal(|ui| {
                    if ui.button("Save project").clicked() {
                        self.commands.push(Command::SaveProject);
                    }
                    if ui.button("Cancel").clicked() {
                        self.commands.push(Command::CancelForm);
                    }
                });
            });
        }
    }

    pub(super) fn cancel_form(&mut self) {
        self.proj.form = None;
    }

    pub(super) fn delete_modal(&mut self, ctx: &egui::Context) {
        let Some(id) = self.proj.confirm_delete.clone() else {
            return;
        };
        let Some(name) = self.project(&id).map(|p| p.name.clone()) else {
            self.proj.confirm_delete = None;
            return;
        };
        let modal = egui::Modal::new(egui::Id::unique("confirm-delete")).show(ctx, |ui| {
            ui.set_width(380.0);
            ui.label(egui::RichText::new(format!("Delete project {name}?")).strong().size(16.0));
            ui.label("Its secret is removed from the keyring. Tokens already issued stay valid until they expire.");
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Delete project").clicked() {
                    self.commands.push(Command::DeleteProject(id.clone()));
                    self.proj.confirm_delete = None;
                }
                if ui.button("Keep it").clicked() {
                    self.proj.confirm_delete = None;
                }
            });
        });
        if modal.should_close() {
            self.proj.confirm_delete = None;
        }
    }
}
