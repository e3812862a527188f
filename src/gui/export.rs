//! Writing a batch of participant tokens to a file: CSV (`participantId,token`
//! with a header line) or JSON lines (`{"participantId":…,"token":…}`).
//!
//! The file holds live tokens, so it is written like the projects file: a
//! temporary file created exclusively beside the target, readable by its
//! owner only (0600), flushed to disk, then renamed over the target. A reader
//! never sees half a file, and a failure leaves whatever was there before.

use std::path::Path;

pub use crate::app::export::{Format, Row, render};

/// Why a file could not be written (the program's one writer's error).
pub use crate::app::files::WriteError as ExportError;

/// Writes `bytes` to `path` atomically, mode 0600, through the program's one
/// atomic writer ([`crate::app::files`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    crate::app::files::write_chosen(path, bytes, ".videosdk-tokens-")
}

/// Renders and writes `rows`; `Ok` is the sentence for the status bar.
pub fn save(path: &Path, rows: &[Row], format: Format) -> Result<String, String> {
    write_atomic(path, &render(rows, format)).map_err(|e| sentence(&e.to_string()))?;
    Ok(format!(
        "Saved {} tokens as {} to {} (readable by you only: it holds live tokens).",
        rows.len(),
        format.name(),
        path.display()
    ))
}

fn sentence(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => format!("{}{}.", f.to_uppercase(), c.as_str()),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> Vec<Row> {
        vec![
            Row {
                participant_id: "qa-1".into(),
                token: "aaa.bbb.ccc".into(),
            },
            Row {
                participant_id: "qa,\"2\"-Zoë".into(),
                token: "ddd.eee.fff".into(),
            },
        ]
    }

    #[test]
    fn csv_has_a_header_and_quotes_what_needs_quoting() {
        let text = String::from_utf8(render(&rows(), Format::Csv)).unwrap();
        assert_eq!(
            text,
            "participantId,token\nqa-1,aaa.bbb.ccc\n\"qa,\"\"2\"\"-Zoë\",ddd.eee.fff\n"
        );
        assert_eq!(render(&[], Format::Csv), b"participantId,token\n");
    }

    #[test]
    fn json_lines_are_one_object_per_line_participant_first() {
        let text = String::from_utf8(render(&rows(), Format::JsonLines)).unwrap();
        assert_eq!(
            text,
            "{\"participantId\":\"qa-1\",\"token\":\"aaa.bbb.ccc\"}\n{\"participantId\":\"qa,\\\"2\\\"-Zoë\",\"token\":\"ddd.eee.fff\"}\n"
        );
        for line in text.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            assert!(v["token"].is_string());
        }
    }

    #[cfg(unix)]
    #[test]
    fn the_file_is_private_and_replaces_the_old_one_whole() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tokens.csv");
        std::fs::write(&path, "old content").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let said = save(&path, &rows(), Format::Csv).unwrap();
        assert!(said.contains("Saved 2 tokens as CSV"), "{said}");
        assert!(said.contains("live tokens"), "{said}");
        assert_eq!(std::fs::read(&path).unwrap(), render(&rows(), Format::Csv));
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        // Only the file: no temporary left beside it.
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["tokens.csv"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_at_the_target_is_replaced_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "keep me").unwrap();
        let link = dir.path().join("tokens.jsonl");
        std::os::unix::fs::symlink(&victim, &link).unwrap();
        save(&link, &rows(), Format::JsonLines).unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
        assert!(!std::fs::symlink_metadata(&link).unwrap().is_symlink());
    }

    #[test]
    fn failures_say_what_and_leave_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope").join("tokens.csv");
        let e = save(&missing, &rows(), Format::Csv).unwrap_err();
        assert!(e.starts_with("Cannot save"), "{e}");
        assert!(e.contains("does not exist"), "{e}");
        let e = save(dir.path(), &rows(), Format::Csv).unwrap_err();
        assert!(e.contains("it is a folder"), "{e}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_folder_is_refused_and_the_old_file_kept() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tokens.csv");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o500)).unwrap();
        let result = save(&path, &rows(), Format::Csv);
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
        // root ignores the folder's mode; everyone else is refused.
        if let Err(e) = result {
            assert!(e.contains("permission denied"), "{e}");
            assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        }
    }
}
