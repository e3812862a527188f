//! Projects: list, add, edit, delete (confirmed), set default, test, import
//! from `.env`. Every change goes through the worker to [`crate::app`],
//! which checks it and stores it; the typed secret is wiped from memory
//! once the save is done.

use eframe::egui;
use jiff::Timestamp;
use zeroize::Zeroizing;

use super::PageContext;
use crate::app::Diagnosis;
use crate::app::ProjectEdit;
use crate::app::{EnvProject, Project};
use crate::gui::commands::{Command, Commands};
use crate::gui::io;
use crate::gui::known::{KnownProjects, SecretState};
use crate::gui::widgets::{Tone, accessible_name, badge, banner, section, text_field};
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
    /// Handed to the worker, no answer yet.
    saving: bool,
}

impl Form {
    /// The save job for the worker, which checks the name, the API key and
    /// the defaults ([`crate::app::Projects::check`]). Here only what is
    /// needed to build it: the secret must parse.
    fn job(&self, known: &KnownProjects) -> Result<io::Job, String> {
        let secret = if self.secret.trim().is_empty() {
            self.imported.clone()
        } else {
            let enc = if self.base64 {
                SecretEncoding::Base64
            } else {
                SecretEncoding::Text
            };
            Some(
                SecretKey::parse(&self.secret, enc)
                    .map_err(|e| format!("Cannot save: the secret {e}."))?,
            )
        };
        // An edit keeps the project's own defaults; a project deleted
        // meanwhile is the worker's to report.
        let defaults = self
            .editing
            .as_deref()
            .and_then(|id| known.get(id))
            .map_or_else(ProjectDefaults::default, Project::defaults);
        Ok(io::Job::SaveProject {
            id: self.editing.clone(),
            edit: ProjectEdit {
                name: self.name.trim().to_owned(),
                api_key: self.api_key.trim().to_owned(),
                defaults,
            },
            secret,
        })
    }
}

/// The Projects page.
#[derive(Default)]
pub(crate) struct Page {
    form: Option<Form>,
    env_path: String,
    /// The file chooser is open.
    choosing: bool,
    confirm_delete: Option<String>,
    /// The last keyring check, while something disagrees.
    diagnosis: Option<Diagnosis>,
}

impl Page {
    /// The result of "Check keyring" (`None` once cleaned).
    pub(crate) fn set_diagnosis(&mut self, d: Option<Diagnosis>) {
        self.diagnosis = d.filter(|d| !d.is_clean());
    }

    /// The `.env` path typed.
    pub(crate) fn env_path(&self) -> &str {
        &self.env_path
    }

    /// The file chooser opened (`true`) or answered (`false`); an answer
    /// puts the chosen path in the path field.
    pub(crate) fn choosing(&mut self, open: bool, chosen: Option<&std::path::Path>) {
        self.choosing = open;
        if let Some(path) = chosen {
            self.env_path = path.display().to_string();
        }
    }

    /// Puts what a `.env` file held into the form (opening it if needed).
    pub(crate) fn fill_from_env(&mut self, env: EnvProject) {
        let form = self.form.get_or_insert_with(Form::default);
        form.api_key = env.api_key;
        form.secret = Zeroizing::new(String::new());
        form.imported = Some(env.secret);
    }

    /// The form as a save job. The form stays open until the worker says
    /// it is saved ([`Page::saved`]), so a refusal leaves it to correct.
    pub(crate) fn save_job(&mut self, known: &KnownProjects) -> Result<io::Job, String> {
        let form = self.form.as_mut().ok_or("Nothing to save.")?;
        let job = form.job(known)?;
        form.saving = true;
        Ok(job)
    }

    /// The worker saved the form: dropping it zeroes the typed secret.
    pub(crate) fn saved(&mut self) {
        self.form = None;
    }

    /// The worker refused something: the form can be saved again.
    pub(crate) fn failed(&mut self) {
        if let Some(form) = &mut self.form {
            form.saving = false;
        }
    }

    /// Draws the page.
    pub(crate) fn ui(&mut self, ui: &mut egui::Ui, ctx: &PageContext<'_>, commands: &mut Commands) {
        section(ui, "Saved projects");
        ui.horizontal(|ui| {
            if ui.button("Add project").clicked() {
                self.form = Some(Form::default());
            }
            ui.separator();
            // The path field stays for keyboard users; the chooser is the
            // desktop's own (xdg portal on Linux).
            text_field(ui, ".env file", &mut self.env_path, "/path/to/.env");
            commands.button(ui, Command::ImportEnv);
            commands.button_enabled(ui, !self.choosing, Command::ChooseEnvFile);
        });
        if ctx.known.list().is_empty() {
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
            self.list_ui(ui, ctx.known, commands);
        }
        self.doctor_ui(ui, ctx, commands);
        if let Some(form) = &mut self.form
            && form_ui(ui, form, ctx.keyring_unavailable, commands)
        {
            self.form = None;
        }
        self.delete_modal(ui.ctx(), ctx.known, commands);
    }

    /// One line: check the keyring against the file, and clean what disagrees.
    fn doctor_ui(&self, ui: &mut egui::Ui, ctx: &PageContext<'_>, commands: &mut Commands) {
        ui.add_space(4.0);
        ui.horizontal_wrapped(|ui| {
            commands.button_enabled(ui, !ctx.keyring_unavailable, Command::CheckKeyring);
            match &self.diagnosis {
                Some(d) => {
                    ui.label(diagnosis_sentence(d, false));
                    commands.button(ui, Command::CleanUp);
                }
                None => {
                    ui.weak("Finds secrets left without a project (a crash, a killed keyring) and projects without a secret.");
                }
            }
        });
    }

    fn list_ui(&mut self, ui: &mut egui::Ui, known: &KnownProjects, commands: &mut Commands) {
        let default_id = known.settings().default.as_deref();
        egui::Grid::new("projects")
            .num_columns(4)
            .striped(true)
            .spacing([16.0, 8.0])
            .show(ui, |ui| {
                for p in known.list() {
                    let is_default = default_id == Some(p.id.as_str());
                    ui.horizontal(|ui| {
                        ui.label(egui::RichText::new(&p.name).strong());
                        if is_default {
                            badge(ui, Tone::Info, "default");
                        }
                        // Entries of the file the program cannot use: said,
                        // never dropped (they stay in the file as written).
                        let n = p.unusable_presets.len();
                        if n > 0 {
                            let text = if n == 1 {
                                "1 preset not usable".to_owned()
                            } else {
                                format!("{n} presets not usable")
                            };
                            let r = ui.horizontal(|ui| badge(ui, Tone::Warning, &text)).response;
                            r.on_hover_text(format!(
                                "Left in the projects file as they are; fix or delete them by hand:\n{}",
                                p.unusable_presets.join("\n")
                            ));
                        }
                    });
                    ui.add(
                        egui::Label::new(egui::RichText::new(&p.api_key).monospace())
                            .selectable(true),
                    );
                    let state = known.secret_state(&p.id);
                    let r = ui
                        .horizontal(|ui| badge(ui, state.tone(), state.badge()))
                        .response;
                    if let SecretState::Error(e) = state {
                        r.on_hover_text(e);
                    }
                    ui.horizontal(|ui| self.row_buttons(ui, p, is_default, commands));
                    ui.end_row();
                }
            });
    }

    fn row_buttons(
        &mut self,
        ui: &mut egui::Ui,
        p: &Project,
        is_default: bool,
        commands: &mut Commands,
    ) {
        // Every row has the same buttons: each is named after its project,
        // so a screen reader says "Edit project Staging", not "Edit".
        let name = &p.name;
        let edit = ui.button("Edit");
        accessible_name(ui, &edit, &format!("Edit project {name}"));
        if edit.clicked() {
            self.form = Some(Form {
                editing: Some(p.id.clone()),
                name: p.name.clone(),
                api_key: p.api_key.clone(),
                ..Form::default()
            });
        }
        let test = commands.button(ui, Command::TestProject(p.id.clone()));
        accessible_name(ui, &test, &format!("Test project {name}"));
        if !is_default {
            let default = commands.button(ui, Command::SetDefault(p.id.clone()));
            accessible_name(ui, &default, &format!("Make {name} the default project"));
        }
        let delete = ui.button("Delete...");
        accessible_name(ui, &delete, &format!("Delete project {name}..."));
        if delete.clicked() {
            self.confirm_delete = Some(p.id.clone());
        }
    }

    fn delete_modal(
        &mut self,
        ctx: &egui::Context,
        known: &KnownProjects,
        commands: &mut Commands,
    ) {
        let Some(id) = self.confirm_delete.clone() else {
            return;
        };
        let Some(name) = known.get(&id).map(|p| p.name.clone()) else {
            self.confirm_delete = None;
            return;
        };
        let modal = egui::Modal::new(egui::Id::unique("confirm-delete")).show(ctx, |ui| {
            ui.set_width(380.0);
            ui.label(egui::RichText::new(format!("Delete project {name}?")).strong().size(16.0));
            ui.label("Its secret is removed from the keyring. Tokens already issued stay valid until they expire.");
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if commands.button(ui, Command::DeleteProject(id.clone())).clicked() {
                    self.confirm_delete = None;
                }
                if ui.button("Keep it").clicked() {
                    self.confirm_delete = None;
                }
            });
        });
        if modal.should_close() {
            self.confirm_delete = None;
        }
    }
}

/// The add/edit form; true when the user cancels it.
fn form_ui(
    ui: &mut egui::Ui,
    form: &mut Form,
    keyring_unavailable: bool,
    commands: &mut Commands,
) -> bool {
    let title = if form.editing.is_some() {
        "Edit project"
    } else {
        "New project"
    };
    section(ui, title);
    let mut cancel = false;
    egui::Frame::group(ui.style()).inner_margin(10).show(ui, |ui| {
        egui::Grid::new("project-form")
            .num_columns(2)
            .spacing([12.0, 8.0])
            .show(ui, |ui| form_fields(ui, form));
        let where_to = if keyring_unavailable {
            "The keyring is unavailable: the secret is kept for this session only and will not be saved."
        } else {
            "The secret goes to the OS keyring; only the name and API key go to the projects file."
        };
        ui.label(egui::RichText::new(where_to).weak());
        ui.horizontal(|ui| {
            commands.button_enabled(ui, !form.saving, Command::SaveProject);
            cancel = ui.button("Cancel").clicked();
        });
    });
    cancel
}

fn form_fields(ui: &mut egui::Ui, form: &mut Form) {
    text_field(ui, "Name", &mut form.name, "e.g. Staging");
    ui.end_row();
    text_field(
        ui,
        "API key",
        &mut form.api_key,
        "from the VideoSDK dashboard",
    );
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
}

/// "Test": signs a token with the stored secret and verifies it; `Ok` and
/// `Err` are the status line.
pub(crate) fn self_test(
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

/// What a keyring check found (or cleaned), in one sentence.
pub(crate) fn diagnosis_sentence(d: &Diagnosis, fixed: bool) -> String {
    if d.is_clean() && !fixed {
        return "Keyring and projects agree: every project has its secret, every secret its project."
            .to_owned();
    }
    let names: Vec<&str> = d.without_secret.iter().map(|p| p.name.as_str()).collect();
    let orphans = d.orphaned_secrets.len();
    if fixed {
        return format!(
            "Cleaned up: deleted {orphans} secret(s) without a project and removed {} project(s) without a secret.",
            names.len()
        );
    }
    let mut parts = Vec::new();
    if orphans > 0 {
        parts.push(format!(
            "{orphans} secret(s) in the keyring without a project"
        ));
    }
    if !names.is_empty() {
        parts.push(format!("project(s) without a secret: {}", names.join(", ")));
    }
    format!("Found {}.", parts.join("; "))
}
