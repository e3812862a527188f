//! Batches of participant tokens as files: CSV (`participantId,token` with
//! a header line) or JSON lines (`{"participantId":…,"token":…}`). One
//! writer for the window's "Save as CSV" and `generate --count N --csv`.
//!
//! CSV cells are neutralised against spreadsheet formulas (CSV injection,
//! as OWASP recommends): a cell starting with `=`, `+`, `-`, `@`, a tab or a
//! carriage return gets a leading `'`, so a spreadsheet shows it as text
//! instead of running it. Tokens never start with those; participant ids
//! may (`=HYPERLINK(…)` typed as a pattern).

use serde::Serialize;

/// One participant's token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// The `participantId` claim of the token.
    #[serde(rename = "participantId")]
    pub participant_id: String,
    /// The signed token.
    pub token: String,
}

/// The two file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `participantId,token`, a header line, then one line per token.
    Csv,
    /// One JSON object per line.
    JsonLines,
}

impl Format {
    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::JsonLines => "jsonl",
        }
    }

    /// The name shown in the file chooser's filter and in messages.
    pub fn name(self) -> &'static str {
        match self {
            Self::Csv => "CSV",
            Self::JsonLines => "JSON lines",
        }
    }
}

/// The file's bytes. Lines end with `\n`.
pub fn render(rows: &[Row], format: Format) -> Vec<u8> {
    let per_row = rows
        .first()
        .map_or(0, |r| r.token.len() + r.participant_id.len() + 32);
    let mut out = Vec::with_capacity(32 + rows.len() * per_row);
    match format {
        Format::Csv => {
            out.extend_from_slice(CSV_HEADER.as_bytes());
            for r in rows {
                push_csv_row(&mut out, r);
            }
        }
        Format::JsonLines => {
            for r in rows {
                // A struct of two strings always serialises.
                if serde_json::to_writer(&mut out, r).is_ok() {
                    out.push(b'\n');
                }
            }
        }
    }
    out
}

/// The CSV header line.
pub const CSV_HEADER: &str = "participantId,token\n";

/// One CSV line (for writers that stream rows after [`CSV_HEADER`]).
pub fn push_csv_row(out: &mut Vec<u8>, r: &Row) {
    out.extend_from_slice(csv_field(&r.participant_id).as_bytes());
    out.push(b',');
    out.extend_from_slice(csv_field(&r.token).as_bytes());
    out.push(b'\n');
}

/// One CSV cell: neutralised against formulas (a leading `'` before `=`,
/// `+`, `-`, `@`, tab or CR), then RFC 4180-quoted when it holds a comma, a
/// quote or a line break (quotes doubled).
fn csv_field(s: &str) -> std::borrow::Cow<'_, str> {
    let s: std::borrow::Cow<'_, str> = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}").into()
    } else {
        s.into()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\"")).into()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_that_a_spreadsheet_would_run_are_neutralised() {
        let rows: Vec<Row> = [
            "=HYPERLINK(\"x\")",
            "+1",
            "-load",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "qa-1",
        ]
        .iter()
        .map(|p| Row {
            participant_id: (*p).to_owned(),
            token: "aaa.bbb.ccc".to_owned(),
        })
        .collect();
        let text = String::from_utf8(render(&rows, Format::Csv)).unwrap();
        let lines: Vec<&str> = text.split('\n').collect();
        assert_eq!(lines[0], "participantId,token");
        assert_eq!(lines[1], "\"'=HYPERLINK(\"\"x\"\")\",aaa.bbb.ccc");
        assert_eq!(lines[2], "'+1,aaa.bbb.ccc");
        assert_eq!(lines[3], "'-load,aaa.bbb.ccc");
        assert_eq!(lines[4], "'@SUM(A1),aaa.bbb.ccc");
        assert_eq!(lines[5], "'\tx,aaa.bbb.ccc");
        assert!(text.contains("\"'\rx\",aaa.bbb.ccc"), "{text:?}");
        assert!(text.contains("\nqa-1,aaa.bbb.ccc\n"), "{text:?}");
    }
}
