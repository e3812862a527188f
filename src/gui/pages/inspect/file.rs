//! A file a customer sent (HAR, log, `.env`), opened with "Open file..."
//! or dropped on the window: each VideoSDK token in it, judged now and at
//! every moment it was used, with its lifetime drawn. Held in memory only;
//! nothing of the file is saved or shown beyond what concerns the tokens.

use eframe::egui;

use super::super::PageContext;
use crate::app::evidence::{FileReport, judge};
use crate::app::{KnownSecrets, candidates};
use crate::gui::commands::{Command, Commands};
use crate::gui::widgets::{Tone, banner, section, timeline};
use crate::token::{Context, SecretKey, inspect, visible};
use videosdk_token_core::evidence::{Evidence, Kind};

/// The file on show.
pub(super) struct FileView {
    /// Its name (no folder).
    pub(super) name: String,
    evidence: Evidence,
    report: Option<FileReport>,
    /// Projects version and minute the report was judged at.
    basis: Option<(u64, i64)>,
}

impl FileView {
    pub(super) fn new(name: String, evidence: Evidence) -> Self {
        Self {
            name,
            evidence,
            report: None,
            basis: None,
        }
    }

    /// Judges again when the saved secrets changed or a minute passed.
    pub(super) fn refresh_if_stale(&mut self, ctx: &PageContext<'_>, given: Option<&SecretKey>) {
        let basis = (ctx.known.version(), ctx.now.as_second().div_euclid(60));
        if self.basis == Some(basis) && self.report.is_some() {
            return;
        }
        let known = KnownSecrets {
            given,
            environment: None,
            saved: ctx.known.with_secrets(),
        };
        let candidates = candidates(&known);
        let tz = ctx.tz.clone();
        self.report = Some(judge(&self.evidence, ctx.now, |t, at| {
            let c = Context {
                now: at,
                tz: tz.clone(),
                candidates: &candidates,
                usage: Default::default(),
            };
            inspect(t, &c)
        }));
        self.basis = Some(basis);
    }

    /// The report for a ticket (no signature, nothing else from the file).
    pub(super) fn redacted(&self, tz: &jiff::tz::TimeZone) -> Option<String> {
        self.report
            .as_ref()
            .map(|r| r.redacted_text(&self.name, tz))
    }

    pub(super) fn ui(&self, ui: &mut egui::Ui, ctx: &PageContext<'_>, commands: &mut Commands) {
        let Some(report) = &self.report else {
            return;
        };
        let n = report.tokens.len();
        section(ui, "File");
        ui.horizontal_wrapped(|ui| {
            ui.label(format!(
                "{} ({}): {}",
                visible(&self.name),
                report.kind_name(),
                match n {
                    0 => "no VideoSDK token found".to_owned(),
                    1 => "1 VideoSDK token".to_owned(),
                    n => format!("{n} VideoSDK tokens"),
                }
            ));
            commands.button(ui, Command::CloseEvidence);
            commands.button(ui, Command::CopyRedacted);
        });
        if let Some(p) = &report.problem {
            ui.colored_label(ui.visuals().warn_fg_color, p);
        }
        if report.unrecorded > 0 {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!("{} more sightings are not listed.", report.unrecorded),
            );
        }
        for (i, t) in report.tokens.iter().enumerate() {
            ui.add_space(8.0);
            ui.label(
                egui::RichText::new(format!("Token {} of {n}: {}", i + 1, t.start))
                    .monospace()
                    .strong(),
            );
            banner(
                ui,
                super::outcome_tone(t.report.outcome),
                &t.report.verdict,
                None,
            );
            if report.kind == Kind::Env {
                for o in &t.seen {
                    ui.label(format!(
                        "{}: {}",
                        visible(&o.place),
                        crate::app::evidence::time_left(&t.report, ctx.now)
                    ));
                }
                if let Some(o) = t.seen.first() {
                    timeline(ui, &o.timeline, ctx.tz);
                }
                continue;
            }
            for o in &t.seen {
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.label(egui::RichText::new(visible(&o.place)).monospace());
                    let answer = o
                        .answer()
                        .map_or(String::new(), |a| format!("; answer: {a}"));
                    ui.label(format!("{}{answer}", o.when(ctx.tz)));
                    let tone = match o.explains {
                        Some(true) => Tone::Bad,
                        Some(false) => Tone::Warning,
                        None => Tone::Info,
                    };
                    ui.colored_label(tone.text_color(ui.visuals()), o.explanation());
                    timeline(ui, &o.timeline, ctx.tz);
                });
            }
        }
    }
}
