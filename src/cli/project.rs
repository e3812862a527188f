//! `videosdk-token project …`: the project use cases, printed.

use super::input::{encoding, read_secret_stdin};
use super::json::to_text as json_text;
use super::resolve::{self, projects as projects_of, settings};
use super::{ProjectCommand, Result, app_failed, output};
use std::io::IsTerminal as _;

use crate::app::{Diagnosis, KeyringFallback, ProjectEdit, Projects, Saved, Storage};
use crate::token::{Lifetime, Permission, PermissionSet, ProjectDefaults};

pub fn run(cmd: ProjectCommand) -> Result<u8> {
    let storage = resolve::storage();
    match cmd {
        ProjectCommand::Add {
            name,
            api_key,
            permissions,
            expires,
            // Explicit or not, `add` reads the secret from stdin.
            secret_stdin: _,
            secret_base64,
        } => {
            let projects = projects_of(&storage)?;
            let edit = ProjectEdit {
                name,
                api_key,
                defaults: defaults(&permissions, expires),
            };
            // Refuse a bad name or defaults before asking for the secret.
            projects.check(&edit, None).map_err(app_failed)?;
            let secret = read_secret_stdin(
                &format!("Secret key for {} (input hidden): ", edit.name),
                encoding(secret_base64),
            )?;
            let saved = projects
                .add(edit, &secret, KeyringFallback::Refuse)
                .map_err(app_failed)?;
            print_saved(&saved);
            Ok(0)
        }
        ProjectCommand::Edit {
            name,
            api_key,
            permissions,
            expires,
            rename,
            secret,
        } => {
            let projects = projects_of(&storage)?;
            let current = projects.find(&name).map_err(app_failed)?;
            if api_key.is_none()
                && permissions.is_empty()
                && expires.is_none()
                && rename.is_none()
                && !secret.secret_stdin
            {
                return Err(super::fail(format!(
                    "nothing to change for {}: give --api-key, --permission, --expires, --rename or --secret-stdin",
                    current.name
                )));
            }
            let edit = ProjectEdit {
                name: rename.unwrap_or_else(|| current.name.clone()),
                api_key: api_key.unwrap_or_else(|| current.api_key.clone()),
                defaults: ProjectDefaults {
                    permissions: if permissions.is_empty() {
                        current.permissions
                    } else {
                        permissions.iter().copied().collect::<PermissionSet>()
                    },
                    lifetime: expires.unwrap_or_else(|| current.expires.clone()),
                },
            };
            // Refuse a bad name, a taken name or bad defaults before asking for the secret.
            projects
                .check(&edit, Some(&current.id))
                .map_err(app_failed)?;
            let new_secret = if secret.secret_stdin {
                Some(read_secret_stdin(
                    &format!("New secret key for {} (input hidden): ", current.name),
                    encoding(secret.secret_base64),
                )?)
            } else {
                None
            };
            let saved = projects
                .edit(
                    &current.id,
                    edit,
                    new_secret.as_ref(),
                    KeyringFallback::Refuse,
                )
                .map_err(app_failed)?;
            if let Some(w) = &saved.warning {
                output::warning(&w.to_string());
            }
            let p = &saved.project;
            let renamed = if p.name == current.name {
                String::new()
            } else {
                format!(" (was {})", current.name)
            };
            output::say(&format!(
                "Saved project {}{renamed}: API key {}, permissions {}, expires {}; {}",
                p.name,
                p.api_key,
                p.permissions,
                p.expires,
                if new_secret.is_some() {
                    "its new secret is in the OS keyring."
                } else {
                    "its secret is unchanged."
                }
            ));
            Ok(0)
        }
        ProjectCommand::ImportEnv { path, name } => {
            let projects = projects_of(&storage)?;
            let env = Projects::read_env(&path).map_err(app_failed)?;
            let edit = ProjectEdit {
                name,
                api_key: env.api_key,
                defaults: ProjectDefaults::default(),
            };
            let saved = projects
                .add(edit, &env.secret, KeyringFallback::Refuse)
                .map_err(app_failed)?;
            print_saved(&saved);
            Ok(0)
        }
        ProjectCommand::List { json } => list(&storage, json),
        ProjectCommand::Doctor { fix, json } => doctor(&storage, fix, json),
        ProjectCommand::Remove { name } => {
            let projects = projects_of(&storage)?;
            let p = projects.find(&name).map_err(app_failed)?;
            let removed = projects.remove(&p.id).map_err(app_failed)?;
            output::say(&format!(
                "Removed project {} and its secret from the keyring.",
                removed.name
            ));
            Ok(0)
        }
        ProjectCommand::Default { name } => {
            let projects = projects_of(&storage)?;
            let p = projects.find(&name).map_err(app_failed)?;
            let p = projects.set_default(&p.id).map_err(app_failed)?;
            output::say(&format!("{} is now the default project.", p.name));
            Ok(0)
        }
    }
}

/// The defaults a new project gets: the flags, else VideoSDK's documented ones.
fn defaults(permissions: &[Permission], expires: Option<Lifetime>) -> ProjectDefaults {
    let fallback = ProjectDefaults::default();
    ProjectDefaults {
        permissions: if permissions.is_empty() {
            fallback.permissions
        } else {
            permissions.iter().copied().collect::<PermissionSet>()
        },
        lifetime: expires.unwrap_or(fallback.lifetime),
    }
}

fn print_saved(saved: &Saved) {
    if let Some(w) = &saved.warning {
        output::warning(&w.to_string());
    }
    output::say(&format!(
        "Saved project {} (API key {}); its secret is in the OS keyring.{}",
        saved.project.name,
        saved.project.api_key,
        if saved.is_default {
            " It is the default project."
        } else {
            ""
        }
    ));
}

fn list(storage: &Storage, json: bool) -> Result<u8> {
    let settings = settings(storage)?;
    if settings.projects.is_empty() && !json {
        output::say("No projects yet. Add one: videosdk-token project add NAME --api-key KEY");
        return Ok(0);
    }
    let projects = projects_of(storage)?;
    let rows: Vec<output::ProjectRow> = settings
        .projects
        .iter()
        .map(|p| output::ProjectRow {
            name: p.name.clone(),
            api_key: p.api_key.clone(),
            default: settings.default.as_deref() == Some(&p.id),
            permissions: p.permissions.to_string(),
            expires: p.expires.to_string(),
            secret: projects.secret_status(p).as_str().to_owned(),
            unusable_presets: p.unusable_presets.clone(),
        })
        .collect();
    output::stdout(&output::projects(&rows, json));
    if let Err(e) = storage.keyring_status() {
        output::warning(&e.to_string());
    }
    Ok(0)
}

fn doctor(storage: &Storage, fix: bool, json: bool) -> Result<u8> {
    let projects = projects_of(storage)?;
    let found = projects.doctor().map_err(app_failed)?;
    if json && !fix {
        output::stdout(&(json_text(&diagnosis_json(&found), true) + "\n"));
        return Ok(0);
    }
    if found.is_clean() {
        output::say(
            "File and keyring agree: every project has its secret, every secret its project.",
        );
        return Ok(0);
    }
    for id in &found.orphaned_secrets {
        output::say(&format!("secret without a project: keyring account {id}"));
    }
    for p in &found.without_secret {
        output::say(&format!("project without a secret: {} ({})", p.name, p.id));
    }
    if !fix {
        output::say("Clean them with: videosdk-token project doctor --fix");
        return Ok(0);
    }
    if std::io::stdin().is_terminal()
        && !confirm("Delete those secrets and remove those projects? [y/N] ")?
    {
        output::say("Nothing was changed.");
        return Ok(0);
    }
    let fixed = projects.fix().map_err(app_failed)?;
    if json {
        output::stdout(&(json_text(&diagnosis_json(&fixed), true) + "\n"));
    } else {
        output::say(&format!(
            "Deleted {} orphaned secret(s) and removed {} project(s) without a secret.",
            fixed.orphaned_secrets.len(),
            fixed.without_secret.len()
        ));
    }
    Ok(0)
}

fn diagnosis_json(d: &Diagnosis) -> serde_json::Value {
    serde_json::json!({
        "orphaned_secrets": d.orphaned_secrets,
        "without_secret": d.without_secret.iter().map(|p| serde_json::json!({"id": p.id, "name": p.name})).collect::<Vec<_>>(),
    })
}

fn confirm(prompt: &str) -> Result<bool> {
    use std::io::Write as _;
    print!("{prompt}");
    let _ = std::io::stdout().flush();
    let mut answer = String::new();
    std::io::stdin()
        .read_line(&mut answer)
        .map_err(|e| super::fail(format!("cannot read the answer: {e}")))?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes"))
}
