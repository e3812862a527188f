//! `generate --preset NAME` and `generate --claims JSON|@FILE`: finding the
//! preset (built-ins, then the project's saved ones) and reading custom
//! claims from the argument or a bounded file.

use std::path::Path;

use serde_json::{Map, Value};

use super::{Result, fail};
use crate::app::Project;
use crate::app::{preset_named, presets_for};
use crate::token::{GenerateError, MAX_EXTRA_CLAIMS_TEXT_BYTES, Preset, parse_extra_claims};

/// The preset `--preset` names, if any; an unknown name lists the known ones.
pub(super) fn preset(name: Option<&str>, project: Option<&Project>) -> Result<Option<Preset>> {
    let Some(name) = name else {
        return Ok(None);
    };
    if let Some(p) = preset_named(project, name) {
        return Ok(Some(p));
    }
    let known: Vec<String> = presets_for(project).into_iter().map(|p| p.name).collect();
    let whose = match project {
        Some(p) => format!("the built-ins and project {}'s", p.name),
        None => "the built-ins (saved presets need --project or a default project)".to_owned(),
    };
    Err(fail(format!(
        "no preset named '{name}': the ones available are {} ({whose})",
        known.join(", ")
    )))
}

/// The custom claims `--claims` gives: inline JSON, or `@FILE`.
pub(super) fn claims(arg: Option<&str>) -> Result<Map<String, Value>> {
    let Some(arg) = arg else {
        return Ok(Map::new());
    };
    match arg.strip_prefix('@') {
        Some(path) => {
            let text = read_claims_file(Path::new(path))?;
            parse_extra_claims(&text).map_err(|e| fail(format!("{path}: {}", with_hint(&e))))
        }
        None => parse_extra_claims(arg).map_err(|e| fail(with_hint(&e))),
    }
}

/// The refusal, with the command line's way to write claims.
fn with_hint(e: &GenerateError) -> String {
    match e {
        GenerateError::ClaimsNotJson { .. } | GenerateError::ClaimsNotObject(_) => format!(
            "{e} (quote the JSON for the shell: --claims '{{\"team\": \"qa\"}}', or put it in a file and give --claims @file.json)"
        ),
        _ => e.to_string(),
    }
}

/// Reads a claims file with the shared bounded reader: a regular file, at
/// most 64 KB, UTF-8; a FIFO, a device or a folder is refused unread.
fn read_claims_file(path: &Path) -> Result<String> {
    let shown = path.display();
    let limit = MAX_EXTRA_CLAIMS_TEXT_BYTES as u64;
    let bytes = crate::app::files::read_limited(path, limit).map_err(|e| {
        let what = match e {
            crate::app::files::ReadError::NotRegular(_) => "give a .json file",
            crate::app::files::ReadError::TooLarge(_) => {
                "custom claims are a few fields, check the file"
            }
            _ => "check the path after --claims @",
        };
        fail(format!(
            "cannot read the custom claims file {shown}: {e}; {what}"
        ))
    })?;
    String::from_utf8(bytes).map_err(|e| {
        fail(format!(
            "the custom claims file {shown} is not UTF-8 text (byte {}): save it as UTF-8 JSON",
            e.utf8_error().valid_up_to()
        ))
    })
}
