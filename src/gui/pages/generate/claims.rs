//! Generate's "Extra claims (JSON)" editor: custom claims written after
//! VideoSDK's, validated as they are typed (where, and why), and the
//! Generate button held back while they cannot be used.

use eframe::egui;
use serde_json::{Map, Value};

use super::Page;
use crate::gui::widgets::{Tone, banner, banner_height, steady};
use crate::token::{MAX_EXTRA_CLAIMS_BYTES, MAX_EXTRA_CLAIMS_TEXT_BYTES, parse_extra_claims};

/// The last text parsed and what it gave, so a frame does not parse again.
#[derive(Default)]
pub(super) struct Cache {
    text: String,
    parsed: Option<Result<Map<String, Value>, String>>,
}

/// Whether remembered settings must leave the text out: it is empty, far
/// larger than claims can be, or holds something shaped like a token
/// (tokens are never written to disk).
pub(crate) fn not_to_remember(text: &str) -> bool {
    text.trim().is_empty() || text.len() > 2 * MAX_EXTRA_CLAIMS_BYTES || holds_token(text)
}

/// A JWT-looking run: `eyJ…` base64url, a dot, more, a dot.
fn holds_token(text: &str) -> bool {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .any(|run| {
            let mut parts = run.split('.');
            parts
                .next()
                .is_some_and(|h| h.starts_with("eyJ") && h.len() > 8)
                && parts.next().is_some_and(|p| !p.is_empty())
                && parts.next().is_some()
        })
}

impl Page {
    /// The custom claims the form holds, or why they cannot be used.
    pub(super) fn claims_result(&self) -> Result<Map<String, Value>, String> {
        match &self.claims.parsed {
            Some(r) if self.claims.text == self.s.extra_claims => r.clone(),
            _ => parse(&self.s.extra_claims),
        }
    }

    /// Parses the text again if it changed since the last frame.
    pub(super) fn refresh_claims(&mut self) {
        if self.claims.parsed.is_none() || self.claims.text != self.s.extra_claims {
            self.claims.text.clone_from(&self.s.extra_claims);
            self.claims.parsed = Some(parse(&self.s.extra_claims));
        }
    }

    /// Why Generate is held back by the claims, if it is.
    pub(super) fn claims_problem(&self) -> Option<String> {
        self.claims_result().err()
    }

    /// The editor, its live verdict under it.
    pub(super) fn claims_ui(&mut self, ui: &mut egui::Ui) {
        self.refresh_claims();
        egui::CollapsingHeader::new("Extra claims (JSON, optional): custom claims for your app")
            .id_salt("extra-claims")
            .default_open(!self.s.extra_claims.trim().is_empty())
            .show(ui, |ui| {
                let l = ui.label("Extra claims (JSON)");
                ui.add(
                    egui::TextEdit::multiline(&mut self.s.extra_claims)
                        .code_editor()
                        .char_limit(MAX_EXTRA_CLAIMS_TEXT_BYTES)
                        .desired_rows(3)
                        .desired_width(ui.available_width() - 12.0)
                        .hint_text(r#"{"team": "qa", "tier": 2}"#),
                )
                .labelled_by(l.id)
                .on_hover_text(
                    "A JSON object; its claims are added after VideoSDK's. VideoSDK's own claims (apikey, permissions, roomId, exp…) are set above and cannot be set here.",
                );
                self.refresh_claims();
                let reserve = banner_height(ui, "These extra claims cannot be used.") + 18.0;
                let said = self.claims_result();
                steady(ui, "claims-verdict", reserve, |ui| match said {
                    Err(e) => banner(ui, Tone::Bad, "These extra claims cannot be used.", Some(&e)),
                    Ok(m) if m.is_empty() => {
                        ui.label(egui::RichText::new("No extra claims.").weak());
                    }
                    Ok(m) => {
                        let names: Vec<&str> = m.keys().map(String::as_str).collect();
                        let text = format!(
                            "Valid: {} extra claim{} added after VideoSDK's: {}",
                            m.len(),
                            if m.len() == 1 { "" } else { "s" },
                            crate::token::visible(&names.join(", "))
                        );
                        ui.add(egui::Label::new(egui::RichText::new(text).weak()).wrap());
                    }
                });
            });
    }
}

fn parse(text: &str) -> Result<Map<String, Value>, String> {
    parse_extra_claims(text).map_err(|e| super::sentence(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_shaped_text_is_never_remembered() {
        assert!(not_to_remember(""));
        assert!(not_to_remember(
            r#"{"t": "eyJhbGciOiJIUzI1NiJ9.eyJhIjoxfQ.c2ln"}"#
        ));
        assert!(!not_to_remember(r#"{"team": "qa", "v": "1.2.3"}"#));
        assert!(!not_to_remember(r#"{"eyJ": "a.b"}"#));
    }
}
