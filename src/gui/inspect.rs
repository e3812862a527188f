//! Inspect: paste anything, get one sentence, the findings, the claims.
//! Pasted tokens stay in memory; nothing here is persisted.

use std::collections::HashMap;

use eframe::egui;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use zeroize::Zeroizing;

use super::generate::{badge, token_job};
use super::{App, Command, SecretState, Tone, banner, section};
use crate::store::Settings as Projects;
use crate::token::{
    Candidate, Context, KeySource, MAX_INPUT_BYTES, Outcome, Report, SecretEncoding, SecretKey,
    Severity, inspect, inspect_oversized,
};

/// The Inspect page's state.
#[derive(Default)]
pub(crate) struct Page {
    input: Zeroizing<String>,
    secret: Zeroizing<String>,
    secret_base64: bool,
    reveal: bool,
    secret_error: Option<String>,
    report: Option<Report>,
    /// Size of a paste refused as too long; the text itself is not kept
    /// (laying out megabytes in a text field would freeze the window).
    oversized: Option<usize>,
}

impl Page {
    /// Puts text in the paste field, or, if it is far too long to be a
    /// token, keeps only its size and says so.
    pub(crate) fn set_input(&mut self, text: String) {
        if text.len() > MAX_INPUT_BYTES {
            self.refuse_oversized(text.len());
        } else {
            self.oversized = None;
            self.input = Zeroizing::new(text);
        }
    }

    /// Records a paste of `bytes` bytes that was not let into the field.
    pub(crate) fn refuse_oversized(&mut self, bytes: usize) {
        self.input = Zeroizing::new(String::new());
        self.oversized = Some(bytes);
    }

    pub(crate) fn input_len(&self) -> usize {
        self.input.len()
    }

    pub(crate) fn verdict(&self) -> Option<&str> {
        self.report.as_ref().map(|r| r.verdict.as_str())
    }

    /// Seconds until one of the relative times on screen (iat, exp, nbf)
    /// reads differently; `None` when none is shown.
    pub(crate) fn next_change(&self, now: Timestamp) -> Option<u64> {
        let claims = self.report.as_ref()?.claims.as_ref()?;
        ["iat", "exp", "nbf"]
            .iter()
            .filter_map(|k| claims.get(*k)?.as_i64())
            .filter_map(|s| Timestamp::from_second(s).ok())
            .map(|t| crate::token::next_change_secs(t, now))
            .min()
    }

    /// Re-inspects the input against every saved project's cached secret and
    /// the ad-hoc secret. Pure and fast (microseconds): no I/O.
    fn refresh(
        &mut self,
        projects: &Projects,
        secrets: &HashMap<String, SecretState>,
        now: Timestamp,
        tz: &TimeZone,
    ) {
        if self.input.is_empty()
            && let Some(bytes) = self.oversized
        {
            self.report = Some(inspect_oversized(bytes));
            return;
        }
        self.oversized = None;
        if self.input.trim().is_empty() {
            self.report = None;
            return;
        }
        let given = if self.secret.trim().is_empty() {
            self.secret_error = None;
            None
        } else {
            let enc = if self.secret_base64 {
                SecretEncoding::Base64
            } else {
                SecretEncoding::Text
            };
            match SecretKey::parse(&self.secret, enc) {
                Ok(k) => {
                    self.secret_error = None;
                    Some(k)
                }
                Err(e) => {
                    self.secret_error = Some(e.to_string());
                    None
                }
            }
        };
        let saved: Vec<(KeySource, &str, &SecretKey)> = projects
            .projects
            .iter()
            .filter_map(|p| {
                let s = secrets.get(&p.id)?.secret()?;
                Some((
                    KeySource::Project {
                        name: p.name.clone(),
                    },
                    p.api_key.as_str(),
                    s,
                ))
            })
            .collect();
        let mut candidates: Vec<Candidate<'_>> = saved
            .iter()
            .map(|(source, key, secret)| Candidate {
                source: source.clone(),
                api_key: Some(key),
                secret,
            })
            .collect();
        if let Some(k) = &given {
            candidates.push(Candidate {
                source: KeySource::Given,
                api_key: None,
                secret: k,
            });
        }
        let ctx = Context {
            now,
            tz: tz.clone(),
            candidates: &candidates,
        };
        self.report = Some(inspect(&self.input, &ctx));
    }
}

fn outcome_tone(o: Outcome) -> Tone {
    match o {
        Outcome::Valid => Tone::Good,
        Outcome::Unverified => Tone::Warning,
        Outcome::Invalid | Outcome::NotJwt => Tone::Bad,
    }
}

fn severity_tone(s: Severity) -> Tone {
    match s {
        Severity::Error => Tone::Bad,
        Severity::Warning => Tone::Warning,
        Severity::Info => Tone::Info,
    }
}

impl App {
    pub(super) fn inspect_ui(&mut self, ui: &mut egui::Ui, now: Timestamp) {
        section(ui, "Token");
        let l = ui.label(
            egui::RichText::new(
                "Paste a token: Bearer prefixes, quotes and line breaks are cleaned for you. It is never saved.",
            )
            .weak(),
        );
        ui.add(
            egui::TextEdit::multiline(&mut *self.insp.input)
                .hint_text("eyJhbGciOiJIUzI1NiIs...")
                .font(egui::TextStyle::Monospace)
                .desired_rows(3)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(l.id);
        ui.horizontal(|ui| {
            if ui
                .button("Paste")
                .on_hover_text(super::shortcuts::text_of(
                    super::shortcuts::Action::PasteInspect,
                ))
                .clicked()
            {
                self.commands.push(Command::PasteInspect);
            }
            if ui.button("Clear").clicked() {
                self.insp.set_input(String::new());
            }
            ui.separator();
            let l = ui.label("Secret to verify with (optional)");
            ui.add(
                egui::TextEdit::singleline(&mut *self.insp.secret)
                    .password(!self.insp.reveal)
                    .hint_text("saved projects are tried anyway")
                    .desired_width(220.0),
            )
            .labelled_by(l.id);
            ui.checkbox(&mut self.insp.reveal, "Show");
            ui.checkbox(&mut self.insp.secret_base64, "base64")
                .on_hover_text("The secret is base64 (otherwise its text is used as is)");
        });
        if let Some(e) = &self.insp.secret_error {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!("That secret is not usable: {e}"),
            );
        }

        let tz = self.tz.clone();
        self.insp.refresh(&self.settings, &self.secrets, now, &tz);
        let Some(report) = &self.insp.report else {
            return;
        };
        ui.add_space(6.0);
        banner(ui, outcome_tone(report.outcome), &report.verdict, None);

        if !report.findings.is_empty() {
            section(ui, "Findings");
            for f in &report.findings {
                ui.horizontal_wrapped(|ui| {
                    badge(ui, severity_tone(f.severity), f.severity.as_str());
                    ui.label(egui::RichText::new(f.code.as_str()).monospace().weak());
                    let mut text = f.message.clone();
                    if let Some(code) = f.videosdk_error {
                        text.push_str(&format!(" (VideoSDK error {code})"));
                    }
                    ui.add(egui::Label::new(text).selectable(true));
                });
            }
        }

        let rows = report.claim_rows(now, &tz);
        if !rows.is_empty() {
            section(ui, "Claims");
            egui::Grid::new("claims")
                .num_columns(3)
                .striped(true)
                .spacing([16.0, 6.0])
                .show(ui, |ui| {
                    ui.label(egui::RichText::new("claim").strong());
                    ui.label(egui::RichText::new("value").strong());
                    ui.label(egui::RichText::new("meaning").strong());
                    ui.end_row();
                    for r in &rows {
                        ui.add(
                            egui::Label::new(egui::RichText::new(&r.name).monospace())
                                .selectable(true),
                        );
                        ui.add(
                            egui::Label::new(egui::RichText::new(&r.value).monospace())
                                .selectable(true),
                        );
                        let mut meaning = r.meaning.unwrap_or("(not read by VideoSDK)").to_owned();
                        if let Some(t) = &r.time {
                            meaning =
                                format!("{meaning}\n{}  |  {}  |  {}", t.relative, t.local, t.utc);
                        }
                        ui.add(egui::Label::new(meaning).selectable(true));
                        ui.end_row();
                    }
                });
        }

        if report.header.is_some() {
            let header = report.header_pretty();
            let claims = report.claims_pretty();
            ui.columns(2, |cols| {
                json_block(&mut cols[0], "Header", &header, &mut self.commands);
                json_block(&mut cols[1], "Payload", &claims, &mut self.commands);
            });
        }
        if report.segments.is_some() {
            section(ui, "Cleaned token");
            egui::Frame::new()
                .fill(ui.visuals().extreme_bg_color)
                .corner_radius(6.0)
                .inner_margin(10)
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    let job = token_job(ui, &report.cleaned.token);
                    ui.add(egui::Label::new(job).selectable(true));
                });
        }
        ui.add_space(6.0);
        if ui
            .button("Copy redacted")
            .on_hover_text("Verdict, claims and findings without the signature: safe for a ticket")
            .clicked()
        {
            self.commands.push(Command::Copy {
                text: report.redacted_text(),
                what: "redacted report",
                sensitive: false,
            });
        }
    }
}

fn json_block(ui: &mut egui::Ui, title: &'static str, json: &str, commands: &mut Vec<Command>) {
    let label = ui
        .horizontal(|ui| {
            let l = ui.label(egui::RichText::new(title).strong().size(15.0));
            if ui
                .small_button(format!("Copy {}", title.to_lowercase()))
                .clicked()
            {
                commands.push(Command::Copy {
                    text: json.to_owned(),
                    what: if title == "Header" {
                        "header JSON"
                    } else {
                        "payload JSON"
                    },
                    sensitive: false,
                });
            }
            l
        })
        .inner;
    // A read-only text field: keeps the indentation and lets the user select.
    let mut text = json;
    ui.add(
        egui::TextEdit::multiline(&mut text)
            .code_editor()
            .desired_width(f32::INFINITY)
            .desired_rows(1),
    )
    .labelled_by(label.id);
}
