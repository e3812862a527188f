//! Inspect: paste anything, get one sentence, the findings, the claims.
//! Pasted tokens stay in memory; nothing here is persisted.
//!
//! The report is kept between frames and recomputed only when something it
//! depends on changes: the pasted text, the secret typed for it (or its
//! base64 toggle), the saved projects or their secrets, or the clock
//! reaching the moment a relative time on screen would read differently.

use eframe::egui;
use jiff::Timestamp;
use zeroize::Zeroizing;

mod file;
mod support;

use super::PageContext;
use crate::app::{KnownSecrets, candidates};
use crate::gui::commands::{Command, Commands};
use crate::gui::widgets::{Tone, badge, banner, section, token_box};
use crate::token::{
    Context, MAX_INPUT_BYTES, Outcome, Report, SecretEncoding, SecretKey, Severity, inspect_all,
    inspect_oversized, shown_name, visible,
};

/// What the report on show was computed from, besides the page's own fields.
struct Basis {
    /// [`crate::gui::known::KnownProjects::version`] at the time.
    projects_version: u64,
    /// When (seconds) it was computed.
    at: i64,
    /// When (seconds) a relative time in it reads differently; `None`: never.
    until: Option<i64>,
}

/// Tokens listed from one paste, at most.
const MAX_LISTED: usize = 50;

/// The Inspect page.
#[derive(Default)]
pub(crate) struct Page {
    input: Zeroizing<String>,
    secret: Zeroizing<String>,
    secret_base64: bool,
    reveal: bool,
    secret_error: Option<String>,
    /// What the token was used for.
    usage: support::UsageFields,
    /// One report per token in the paste (at most [`MAX_LISTED`]).
    reports: Vec<Report>,
    /// The one on show.
    picked: usize,
    /// How many tokens the paste holds (more than listed past [`MAX_LISTED`]).
    total: usize,
    /// Size of a paste refused as too long; the text itself is not kept
    /// (laying out megabytes in a text field would freeze the window).
    oversized: Option<usize>,
    /// `None`: the report must be recomputed.
    basis: Option<Basis>,
    /// How many times a report was computed (for tests and diagnostics).
    inspections: u64,
    /// A file a customer sent, on show instead of the paste's report.
    file: Option<file::FileView>,
    /// A file is being read.
    reading: bool,
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
            self.basis = None;
        }
    }

    /// A file is being read (or no longer).
    pub(crate) fn reading(&mut self, on: bool) {
        self.reading = on;
    }

    /// Shows the evidence read from a file.
    pub(crate) fn set_file(
        &mut self,
        name: String,
        evidence: videosdk_token_core::evidence::Evidence,
    ) {
        self.file = Some(file::FileView::new(name, evidence));
    }

    /// Forgets the file on show.
    pub(crate) fn close_file(&mut self) {
        self.file = None;
    }

    /// The file report for a ticket, judged as of `ctx`; `None` when no file is on show.
    pub(crate) fn file_redacted(&mut self, ctx: &PageContext<'_>) -> Option<String> {
        let given = self.given_secret();
        let file = self.file.as_mut()?;
        file.refresh_if_stale(ctx, given.as_ref());
        file.redacted(ctx.tz)
    }

    /// Fills the "Used for" row (a failure scenario opened here).
    pub(crate) fn set_usage(&mut self, usage: crate::token::Usage) {
        self.usage.set(usage);
        self.basis = None;
    }

    /// Records a paste of `bytes` bytes that was not let into the field.
    pub(crate) fn refuse_oversized(&mut self, bytes: usize) {
        self.input = Zeroizing::new(String::new());
        self.oversized = Some(bytes);
        self.basis = None;
    }

    pub(crate) fn input_len(&self) -> usize {
        self.input.len()
    }

    pub(crate) fn verdict(&self) -> Option<&str> {
        self.report().map(|r| r.verdict.as_str())
    }

    /// The report on show.
    pub(crate) fn report(&self) -> Option<&Report> {
        self.reports.get(self.picked)
    }

    /// How many times a report was computed.
    pub(crate) fn inspections(&self) -> u64 {
        self.inspections
    }

    /// Seconds until one of the relative times on screen (iat, exp, nbf)
    /// reads differently; `None` when none is shown.
    pub(crate) fn next_change(&self, now: Timestamp) -> Option<u64> {
        let claims = self.report()?.claims.as_ref()?;
        ["iat", "exp", "nbf"]
            .iter()
            .filter_map(|k| claims.get(*k)?.as_i64())
            .filter_map(|s| Timestamp::from_second(s).ok())
            .map(|t| crate::token::next_change_secs(t, now))
            .min()
    }

    /// Recomputes the report if anything it depends on changed.
    pub(crate) fn refresh_if_stale(&mut self, ctx: &PageContext<'_>) {
        let now = ctx.now.as_second();
        let fresh = self.basis.as_ref().is_some_and(|b| {
            b.projects_version == ctx.known.version()
                && b.at <= now
                && b.until.is_none_or(|until| now < until)
        });
        if !fresh {
            self.refresh(ctx);
        }
    }

    /// Inspects the input against the secret typed for it, or else every
    /// saved project's cached secret. Pure: no I/O.
    fn refresh(&mut self, ctx: &PageContext<'_>) {
        let now = ctx.now;
        self.basis = Some(Basis {
            projects_version: ctx.known.version(),
            at: now.as_second(),
            until: None,
        });
        if self.input.is_empty()
            && let Some(bytes) = self.oversized
        {
            self.reports = vec![inspect_oversized(bytes)];
            self.picked = 0;
            self.inspections += 1;
            return;
        }
        self.oversized = None;
        if self.input.trim().is_empty() {
            self.reports.clear();
            self.picked = 0;
            return;
        }
        let given = self.given_secret();
        let known = KnownSecrets {
            given: given.as_ref(),
            environment: None,
            saved: ctx.known.with_secrets(),
        };
        let candidates = candidates(&known);
        let ctx = Context {
            now,
            tz: ctx.tz.clone(),
            candidates: &candidates,
            usage: self.usage.usage(),
        };
        self.reports = inspect_all(&self.input, &ctx, MAX_LISTED);
        self.total = crate::token::token_runs(&self.input).len();
        if self.picked >= self.reports.len() {
            self.picked = 0;
        }
        self.inspections += 1;
        let until = self
            .next_change(now)
            .map(|secs| now.as_second().saturating_add_unsigned(secs));
        if let Some(b) = &mut self.basis {
            b.until = until;
        }
    }

    /// The secret typed for this token, if any and usable.
    fn given_secret(&mut self) -> Option<SecretKey> {
        if self.secret.trim().is_empty() {
            self.secret_error = None;
            return None;
        }
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
    }

    /// Draws the page.
    pub(crate) fn ui(&mut self, ui: &mut egui::Ui, ctx: &PageContext<'_>, commands: &mut Commands) {
        self.inputs_ui(ui, commands);
        if self.reading {
            // No spinner: it would repaint every frame while the file is read;
            // the task wakes the window when it is done.
            ui.label("Reading the file...");
        }
        if self.file.is_some() {
            let given = self.given_secret();
            if let Some(file) = &mut self.file {
                file.refresh_if_stale(ctx, given.as_ref());
                file.ui(ui, ctx, commands);
            }
            return;
        }
        self.refresh_if_stale(ctx);
        if let Some(e) = &self.secret_error {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!("That secret is not usable: {e}"),
            );
        }
        if support::tokens_ui(ui, &self.reports, self.total, &mut self.picked) {
            // Another token: its relative times decide the next refresh.
            self.basis = None;
        }
        let Some(report) = self.reports.get(self.picked) else {
            return;
        };
        ui.add_space(6.0);
        banner(ui, outcome_tone(report.outcome), &report.verdict, None);
        if let Some(claims) = &report.claims {
            let life = videosdk_token_core::evidence::timeline(claims, ctx.now, None);
            if life.has_lifetime() {
                crate::gui::widgets::timeline(ui, &life, ctx.tz);
            }
        }
        if report.claims.is_some() {
            // Only a token a known secret verifies may be copied into a
            // fresh, validly signed one (see `token::like_verified`).
            let refused = crate::token::like_verified(report).err();
            let r = commands.button_enabled(ui, refused.is_none(), Command::MakeLike);
            if let Some(why) = refused {
                r.on_disabled_hover_text(format!("Cannot make a token like this one: {why}."));
            }
        }
        findings_ui(ui, report);
        support::log_codes_ui(ui, report);
        claims_ui(ui, report, ctx);
        if report.header.is_some() {
            let header = report.header_pretty();
            let claims = report.claims_pretty();
            ui.columns(2, |cols| {
                json_block(
                    &mut cols[0],
                    "Header",
                    &header,
                    Command::CopyHeader,
                    commands,
                );
                json_block(
                    &mut cols[1],
                    "Payload",
                    &claims,
                    Command::CopyPayload,
                    commands,
                );
            });
        }
        if report.segments.is_some() {
            section(ui, "Cleaned token");
            token_box(ui, &report.cleaned.token);
        }
        ui.add_space(6.0);
        commands.button(ui, Command::CopyRedacted);
    }

    /// The paste field, its buttons and the secret to verify with. Any
    /// change marks the report stale.
    fn inputs_ui(&mut self, ui: &mut egui::Ui, commands: &mut Commands) {
        section(ui, "Token");
        let l = ui.label(
            egui::RichText::new(
                "Paste a token: Bearer prefixes, quotes and line breaks are cleaned for you. It is never saved.",
            )
            .weak(),
        );
        let input = ui
            .add(
                egui::TextEdit::multiline(&mut *self.input)
                    .hint_text("eyJhbGciOiJIUzI1NiIs...")
                    .font(egui::TextStyle::Monospace)
                    .desired_rows(3)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(l.id);
        let mut changed = input.changed();
        ui.horizontal(|ui| {
            commands.button(ui, Command::PasteInspect);
            commands.button_enabled(ui, !self.reading, Command::OpenEvidence);
            if ui.button("Clear").clicked() {
                self.set_input(String::new());
            }
            ui.separator();
            let l = ui.label("Secret to verify with (optional)");
            let secret = ui
                .add(
                    egui::TextEdit::singleline(&mut *self.secret)
                        .password(!self.reveal)
                        .hint_text("saved projects are tried anyway")
                        .desired_width(220.0),
                )
                .labelled_by(l.id);
            ui.checkbox(&mut self.reveal, "Show");
            let base64 = ui
                .checkbox(&mut self.secret_base64, "base64")
                .on_hover_text("The secret is base64 (otherwise its text is used as is)");
            changed |= secret.changed() || base64.changed();
        });
        changed |= self.usage.ui(ui);
        if changed {
            self.basis = None;
        }
    }
}

/// The banner's tone for an outcome (Compare's verdict lines too).
pub(crate) fn outcome_tone(o: Outcome) -> Tone {
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

fn findings_ui(ui: &mut egui::Ui, report: &Report) {
    if report.findings.is_empty() {
        return;
    }
    section(ui, "Findings");
    for f in &report.findings {
        ui.horizontal_wrapped(|ui| {
            badge(ui, severity_tone(f.severity), f.severity.as_str());
            ui.label(egui::RichText::new(f.code.as_str()).monospace().weak());
            let mut text = f.message.clone();
            match (f.videosdk_error, f.videosdk_error_name) {
                (Some(code), Some(name)) => text.push_str(&format!(" (VideoSDK {code} {name})")),
                (Some(code), None) => text.push_str(&format!(" (VideoSDK error {code})")),
                _ => {}
            }
            ui.add(egui::Label::new(text).selectable(true));
        });
    }
}

/// The claims table. Its relative times come from `now` every frame (cheap
/// formatting); only the report itself is kept.
fn claims_ui(ui: &mut egui::Ui, report: &Report, ctx: &PageContext<'_>) {
    let rows = report.claim_rows(ctx.now, ctx.tz);
    if rows.is_empty() {
        return;
    }
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
                let mono = |s: &str| egui::Label::new(egui::RichText::new(s).monospace());
                // Escapes, bidi and zero-width characters shown as markers
                // (\u{1b}, <U+202E>): egui would drop or obey them.
                ui.add(mono(&shown_name(&r.name)).selectable(true));
                ui.add(mono(&visible(&r.value)).selectable(true));
                let mut meaning = r.meaning.unwrap_or("(not read by VideoSDK)").to_owned();
                if let Some(t) = &r.time {
                    meaning = format!("{meaning}\n{}  |  {}  |  {}", t.relative, t.local, t.utc);
                }
                ui.add(egui::Label::new(meaning).selectable(true));
                ui.end_row();
            }
        });
}

fn json_block(
    ui: &mut egui::Ui,
    title: &'static str,
    json: &str,
    copy: Command,
    commands: &mut Commands,
) {
    let label = ui
        .horizontal(|ui| {
            let l = ui.label(egui::RichText::new(title).strong().size(15.0));
            commands.add(ui, egui::Button::new(copy.label()).small(), copy);
            l
        })
        .inner;
    // A read-only text field: keeps the indentation and lets the user select.
    // Hidden characters are shown as markers line by line (the copy buttons
    // copy the exact JSON).
    let shown: Vec<std::borrow::Cow<'_, str>> = json.lines().map(visible).collect();
    let shown = shown.join("\n");
    let mut text = shown.as_str();
    ui.add(
        egui::TextEdit::multiline(&mut text)
            .code_editor()
            // Tab moves on: a read-only field must not keep the focus.
            .lock_focus(false)
            .desired_width(f32::INFINITY)
            .desired_rows(1),
    )
    .labelled_by(label.id);
}
