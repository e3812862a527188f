//! Lossless edits of `projects.toml`. People edit the file by hand and keep
//! it in dotfile repositories, so a change the program makes touches only
//! what it changes: the file is edited as a document (`toml_edit`), and
//! comments, key order, formatting, unknown keys and tables, and entries the
//! program cannot use (a preset it does not understand, the presets past the
//! 50 it reads) are left as they were.
//!
//! How: the settings before and after a change are both rendered as TOML,
//! and only the keys whose rendering differs are written into the user's
//! document, entry by entry (projects by `id`, presets by name). Where that
//! is impossible without dropping something (the projects written as an
//! inline array, say), the change is refused and the file left alone.

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table};

use crate::model::{MAX_PRESETS, Project, SavedPreset, Settings, same_preset};

/// The first line of a file the program creates.
const HEADER: &str =
    "# videosdk-token projects: names and API keys only; secrets are in the OS keyring.\n";

/// The new text of the file: `text` (the file as it is, `None` if there is
/// none) with the difference between `before` and `after` applied. `Err`
/// says what could not be changed without losing something.
pub(crate) fn apply(
    text: Option<&str>,
    before: &Settings,
    after: &Settings,
) -> Result<String, String> {
    let mut doc: DocumentMut = match text {
        Some(t) if !t.trim().is_empty() => t
            .parse()
            .map_err(|e: toml_edit::TomlError| format!("it does not parse as TOML: {e}"))?,
        _ => HEADER
            .parse()
            .map_err(|e: toml_edit::TomlError| e.to_string())?,
    };
    if before.default != after.default {
        match &after.default {
            Some(id) => set_value(doc.as_table_mut(), "default", id.as_str().into()),
            None => {
                doc.remove("default");
            }
        }
    }
    if before.projects != after.projects {
        let projects = array_of_tables(doc.as_table_mut(), "project", "[[project]]")?;
        // Removed.
        for gone in before
            .projects
            .iter()
            .filter(|b| !after.projects.iter().any(|a| a.id == b.id))
        {
            if let Some(i) = index_of(projects, &gone.id) {
                projects.remove(i);
            }
        }
        for a in &after.projects {
            match before.projects.iter().find(|b| b.id == a.id) {
                // Changed.
                Some(b) if b != a => {
                    let i = index_of(projects, &a.id).ok_or_else(|| {
                        format!("project {} is not where the file was read", a.name)
                    })?;
                    let raw = projects
                        .get_mut(i)
                        .ok_or_else(|| format!("project {} vanished", a.name))?;
                    merge_changed(raw, &project_table(b)?, &project_table(a)?, &["preset"]);
                    if b.presets != a.presets {
                        merge_presets(raw, &a.name, &b.presets, &a.presets)?;
                    }
                }
                Some(_) => {}
                // Added.
                None => {
                    let mut t = project_table(a)?;
                    t.remove("preset");
                    projects.push(t);
                    if !a.presets.is_empty() {
                        let last = projects.len() - 1;
                        if let Some(raw) = projects.get_mut(last) {
                            merge_presets(raw, &a.name, &[], &a.presets)?;
                        }
                    }
                }
            }
        }
    }
    Ok(doc.to_string())
}

/// The array of tables `key` in `table`, created if absent. Written any
/// other way (an inline array), it cannot be edited entry by entry.
fn array_of_tables<'t>(
    table: &'t mut Table,
    key: &str,
    shown: &str,
) -> Result<&'t mut ArrayOfTables, String> {
    if !table.contains_key(key) {
        table.insert(key, Item::ArrayOfTables(ArrayOfTables::new()));
    }
    table
        .get_mut(key)
        .and_then(Item::as_array_of_tables_mut)
        .ok_or_else(|| {
            format!(
                "its `{key}` entries are not written as {shown} tables (an inline array?), so the program cannot change one without rewriting the others: write them as {shown} tables"
            )
        })
}

fn index_of(projects: &ArrayOfTables, id: &str) -> Option<usize> {
    projects
        .iter()
        .position(|t| t.get("id").and_then(Item::as_str) == Some(id))
}

/// A value rendered as a top-level TOML table.
fn as_table<T: serde::Serialize>(v: &T) -> Result<Table, String> {
    let text = toml::to_string(v).map_err(|e| e.to_string())?;
    let doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| e.to_string())?;
    Ok(doc.as_table().clone())
}

fn project_table(p: &Project) -> Result<Table, String> {
    as_table(p)
}

/// How a key's value reads, to compare two renderings.
fn shown(item: Option<&Item>) -> Option<String> {
    item.map(|i| i.to_string().trim().to_owned())
}

/// Writes into `raw` the keys whose rendering differs between `before` and
/// `after` (removing those `after` lacks); every other key of `raw`, known
/// or not, stays as it is. `skip` keys are handled by the caller.
fn merge_changed(raw: &mut Table, before: &Table, after: &Table, skip: &[&str]) {
    let keys: Vec<String> = before
        .iter()
        .chain(after.iter())
        .map(|(k, _)| k.to_owned())
        .filter(|k| !skip.contains(&k.as_str()))
        .collect();
    for k in keys {
        if shown(before.get(&k)) == shown(after.get(&k)) {
            continue;
        }
        match after.get(&k) {
            Some(item) => match item.as_value() {
                Some(v) => set_value(raw, &k, v.clone()),
                None => raw[k.as_str()] = item.clone(),
            },
            None => {
                raw.remove(&k);
            }
        }
    }
}

/// Sets `key` to `value`, keeping the old value's surroundings (the space
/// before it, a comment after it) when there was one.
fn set_value(table: &mut Table, key: &str, value: toml_edit::Value) {
    let mut value = value.decorated(" ", "");
    if let Some(old) = table.get(key).and_then(Item::as_value) {
        *value.decor_mut() = old.decor().clone();
    }
    table[key] = Item::Value(value);
}

/// The preset tables of a project the program reads, by index, with what it
/// reads from each: the same rules as loading (`model::presets::lenient`).
fn kept_presets(raw: &ArrayOfTables) -> Vec<(usize, SavedPreset)> {
    let mut kept: Vec<(usize, SavedPreset)> = Vec::new();
    for (i, t) in raw.iter().enumerate() {
        if kept.len() >= MAX_PRESETS {
            break;
        }
        let Ok(p) = toml::from_str::<SavedPreset>(&t.to_string()) else {
            continue;
        };
        if p.check().is_ok() && !kept.iter().any(|(_, q)| same_preset(&q.name, &p.name)) {
            kept.push((i, p));
        }
    }
    kept
}

/// Applies a change of a project's presets to its `[[project.preset]]`
/// tables: removed ones go, changed ones change key by key, new ones are
/// appended; entries the program does not read stay untouched.
fn merge_presets(
    raw_project: &mut Table,
    project: &str,
    before: &[SavedPreset],
    after: &[SavedPreset],
) -> Result<(), String> {
    let shown_as = format!("[[project.preset]] (project {project})");
    let raw = array_of_tables(raw_project, "preset", &shown_as)?;
    let kept = kept_presets(raw);
    let mut remove = Vec::new();
    for (i, b) in &kept {
        // Only those the change knew about: `before` is what was read.
        if !before.iter().any(|p| p == b) {
            continue;
        }
        match after.iter().find(|a| same_preset(&a.name, &b.name)) {
            None => remove.push(*i),
            Some(a) if a != b => {
                if let Some(t) = raw.get_mut(*i) {
                    merge_changed(t, &as_table(b)?, &as_table(a)?, &[]);
                }
            }
            Some(_) => {}
        }
    }
    for i in remove.into_iter().rev() {
        raw.remove(i);
    }
    for a in after {
        if !before.iter().any(|b| same_preset(&a.name, &b.name)) {
            raw.push(as_table(a)?);
        }
    }
    if raw.is_empty() {
        raw_project.remove("preset");
    }
    Ok(())
}
