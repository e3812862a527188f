//! Saved presets: stored in the project's entry of the projects file,
//! under the file's lock, like every other change to it. No keyring.

use super::{AppError, Projects};
use crate::model::check_not_alike;
use crate::model::{MAX_PRESETS, PresetError, Project, SavedPreset, Settings, same_preset};
use crate::store::ProjectsError;
use crate::token::Preset;

impl Projects<'_> {
    /// Saves `preset` in the project with this id. A preset of the same name
    /// (NFKC and case-folded, like project names) is replaced only when
    /// `replace` says so; a built-in's name is always refused. Returns the
    /// project as written.
    pub fn save_preset(
        &self,
        project_id: &str,
        preset: SavedPreset,
        replace: bool,
    ) -> Result<Project, AppError> {
        preset.check()?;
        let (project, _) = self.file.update(|s| -> Result<Project, AppError> {
            let p = project_mut(s, project_id)?;
            let same = p
                .presets
                .iter()
                .position(|q| same_preset(&q.name, &preset.name));
            match same {
                Some(i) if replace => p.presets[i] = preset,
                Some(i) => {
                    return Err(PresetError::Taken {
                        project: p.name.clone(),
                        name: p.presets[i].name.clone(),
                    }
                    .into());
                }
                None if p.presets.len() >= MAX_PRESETS => {
                    return Err(PresetError::TooMany(p.name.clone()).into());
                }
                None => {
                    // `һost` beside `host`: refused, naming the one it resembles.
                    check_not_alike(&preset.name, p.presets.iter().map(|q| q.name.as_str()))?;
                    p.presets.push(preset);
                }
            }
            Ok(p.clone())
        })?;
        Ok(project)
    }

    /// Removes the preset named `name` from the project with this id;
    /// returns it.
    pub fn remove_preset(&self, project_id: &str, name: &str) -> Result<SavedPreset, AppError> {
        let (removed, _) = self.file.update(|s| -> Result<SavedPreset, AppError> {
            let p = project_mut(s, project_id)?;
            let i = p
                .presets
                .iter()
                .position(|q| same_preset(&q.name, name))
                .ok_or_else(|| PresetError::NotFound {
                    project: p.name.clone(),
                    name: name.to_owned(),
                })?;
            Ok(p.presets.remove(i))
        })?;
        Ok(removed)
    }
}

fn project_mut<'s>(s: &'s mut Settings, id: &str) -> Result<&'s mut Project, ProjectsError> {
    s.projects
        .iter_mut()
        .find(|p| p.id == id)
        .ok_or_else(|| ProjectsError::Gone(id.to_owned()))
}

/// Every preset usable with `project`: the built-ins, then its saved ones.
pub fn presets_for(project: Option<&Project>) -> Vec<Preset> {
    let mut all = Preset::builtins();
    if let Some(p) = project {
        all.extend(p.presets.iter().map(SavedPreset::to_preset));
    }
    all
}

/// The preset called `name`: a built-in first, then one of the project's.
pub fn preset_named(project: Option<&Project>, name: &str) -> Option<Preset> {
    Preset::find_builtin(name).or_else(|| {
        project?
            .presets
            .iter()
            .find(|q| same_preset(&q.name, name))
            .map(SavedPreset::to_preset)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Keyring, ProjectsFile};
    use crate::token::{Lifetime, Permission, ProjectDefaults, Role};

    fn preset(name: &str) -> SavedPreset {
        SavedPreset {
            name: name.to_owned(),
            permissions: [Permission::AskJoin].into_iter().collect(),
            expires: Some(Lifetime::parse("10m").unwrap()),
            roles: vec![Role::Rtc],
            room_id: None,
            participant_id: None,
        }
    }

    fn world() -> (tempfile::TempDir, ProjectsFile, Keyring) {
        let dir = tempfile::tempdir().unwrap();
        let file = ProjectsFile::in_dir(dir.path());
        let keyring = Keyring::with_store(keyring_core::mock::Store::new().unwrap());
        (dir, file, keyring)
    }

    #[test]
    fn preset_names_that_look_like_another_are_refused_naming_it() {
        let (_dir, file, keyring) = world();
        let projects = Projects::new(&file, &keyring);
        let p = Project::new("staging", "key-s", ProjectDefaults::default());
        file.add(p.clone()).unwrap();
        // A built-in's look-alike (Cyrillic һ), and a saved one's (Cyrillic е).
        let e = projects
            .save_preset(&p.id, preset("\u{4bb}ost"), false)
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "preset name '\u{4bb}ost' looks like the preset 'host' but is another name (character 1 is U+04BB (Cyrillic)): pick a name that reads differently, in plain letters"
        );
        projects.save_preset(&p.id, preset("guest"), false).unwrap();
        let e = projects
            .save_preset(&p.id, preset("gu\u{435}st"), false)
            .unwrap_err();
        assert!(
            matches!(&e, AppError::Preset(PresetError::LooksLike { other, .. }) if other == "guest"),
            "{e}"
        );
        // Replacing asks for the same name, never a look-alike one.
        let e = projects
            .save_preset(&p.id, preset("gu\u{435}st"), true)
            .unwrap_err();
        assert!(
            matches!(e, AppError::Preset(PresetError::LooksLike { .. })),
            "{e}"
        );
        assert_eq!(file.load().unwrap().settings.projects[0].presets.len(), 1);
    }

    #[test]
    fn save_replace_remove_and_refusals() {
        let (_dir, file, keyring) = world();
        let projects = Projects::new(&file, &keyring);
        let p = Project::new("staging", "key-s", ProjectDefaults::default());
        file.add(p.clone()).unwrap();
        projects.save_preset(&p.id, preset("guest"), false).unwrap();
        let e = projects
            .save_preset(&p.id, preset("GUEST"), false)
            .unwrap_err();
        assert!(
            matches!(e, AppError::Preset(PresetError::Taken { .. })),
            "{e}"
        );
        let mut other = preset("Guest");
        other.permissions = [Permission::AllowJoin].into_iter().collect();
        let saved = projects.save_preset(&p.id, other.clone(), true).unwrap();
        assert_eq!(saved.presets, [other]);
        let e = projects
            .save_preset(&p.id, preset("host"), true)
            .unwrap_err();
        assert!(
            matches!(e, AppError::Preset(PresetError::Builtin(_))),
            "{e}"
        );
        let mut broken = preset("broken");
        broken.permissions = [Permission::AskJoin, Permission::AllowMod]
            .into_iter()
            .collect();
        let e = projects.save_preset(&p.id, broken, false).unwrap_err();
        assert!(e.to_string().contains("4008"), "{e}");
        let e = projects
            .save_preset("no-such-id", preset("x"), false)
            .unwrap_err();
        assert!(
            matches!(e, AppError::Projects(ProjectsError::Gone(_))),
            "{e}"
        );
        assert_eq!(
            projects.remove_preset(&p.id, "guest").unwrap().name,
            "Guest"
        );
        assert!(projects.remove_preset(&p.id, "guest").is_err());
        for i in 0..MAX_PRESETS {
            projects
                .save_preset(&p.id, preset(&format!("p{i}")), false)
                .unwrap();
        }
        let e = projects
            .save_preset(&p.id, preset("one more"), false)
            .unwrap_err();
        assert!(
            matches!(e, AppError::Preset(PresetError::TooMany(_))),
            "{e}"
        );
    }

    #[test]
    fn builtins_come_first_then_saved_ones() {
        let mut p = Project::new("staging", "key-s", ProjectDefaults::default());
        p.presets.push(preset("guest"));
        let names: Vec<_> = presets_for(Some(&p)).into_iter().map(|p| p.name).collect();
        assert_eq!(
            names,
            [
                "host",
                "participant",
                "lobby-guest",
                "api",
                "meeting-only",
                "guest"
            ]
        );
        assert!(preset_named(Some(&p), "Guest").is_some_and(|g| !g.builtin));
        assert!(preset_named(None, "guest").is_none());
        assert!(preset_named(None, "host").is_some_and(|h| h.builtin));
    }

    /// Presets saved from several threads while projects are added from
    /// others, all at once: nothing is lost.
    #[test]
    fn concurrent_preset_saves_and_project_adds_lose_nothing() {
        let (dir, file, _keyring) = world();
        let p = Project::new("shared", "key", ProjectDefaults::default());
        file.add(p.clone()).unwrap();
        let path = dir.path().to_path_buf();
        let threads: Vec<_> = (0..6)
            .map(|t| {
                let (path, id) = (path.clone(), p.id.clone());
                std::thread::spawn(move || {
                    let file = ProjectsFile::in_dir(&path);
                    let keyring = Keyring::with_store(keyring_core::mock::Store::new().unwrap());
                    let projects = Projects::new(&file, &keyring);
                    for i in 0..8 {
                        if t % 2 == 0 {
                            projects
                                .save_preset(&id, preset(&format!("t{t}-{i}")), false)
                                .unwrap();
                        } else {
                            let q =
                                Project::new(&format!("p{t}-{i}"), "k", ProjectDefaults::default());
                            file.add(q).unwrap();
                        }
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let s = file.load().unwrap().settings;
        assert_eq!(s.projects.len(), 1 + 3 * 8);
        assert_eq!(s.by_id(&p.id).unwrap().presets.len(), 3 * 8);
    }
}
