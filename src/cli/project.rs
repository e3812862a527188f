//! `videosdk-token project …`: the project use cases, printed.

use super::input::{encoding, read_secret_stdin};
use super::storage::Storage;
use super::{ProjectCommand, Result, app_failed, output};
use crate::app::{KeyringFallback, ProjectEdit, Projects, Saved};
use crate::token::{Lifetime, Permission, PermissionSet, ProjectDefaults};

pub fn run(cmd: ProjectCommand) -> Result<u8> {
    let storage = Storage::new();
    match cmd {
        ProjectCommand::Add {
            name,
            api_key,
            permissions,
            expires,
            secret_base64,
        } => {
            let projects = storage.projects()?;
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
        ProjectCommand::ImportEnv { path, name } => {
            let projects = storage.projects()?;
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
        ProjectCommand::Remove { name } => {
            let projects = storage.projects()?;
            let p = projects.find(&name).map_err(app_failed)?;
            let removed = projects.remove(&p.id).map_err(app_failed)?;
            println!(
                "Removed project {} and its secret from the keyring.",
                removed.name
            );
            Ok(0)
        }
        ProjectCommand::Default { name } => {
            let projects = storage.projects()?;
            let p = projects.find(&name).map_err(app_failed)?;
            let p = projects.set_default(&p.id).map_err(app_failed)?;
            println!("{} is now the default project.", p.name);
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
    println!(
        "Saved project {} (API key {}); its secret is in the OS keyring.{}",
        saved.project.name,
        saved.project.api_key,
        if saved.is_default {
            " It is the default project."
        } else {
            ""
        }
    );
}

fn list(storage: &Storage, json: bool) -> Result<u8> {
    let settings = storage.settings()?;
    if settings.projects.is_empty() && !json {
        println!("No projects yet. Add one: videosdk-token project add NAME --api-key KEY");
        return Ok(0);
    }
    let projects = storage.projects()?;
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
        })
        .collect();
    output::stdout(&output::projects(&rows, json));
    if let Err(e) = projects.keyring().status() {
        output::warning(&e.to_string());
    }
    Ok(0)
}
