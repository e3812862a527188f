//! Compare: two tokens side by side. Each field gets the verdict Inspect
//! would give (verified against the saved projects' cached secrets), then
//! every claim of either token in one grid, the differences marked (a
//! coloured cell and a word: changed, added, removed) and explained by
//! [`crate::token::side_by_side`]. Pasted tokens stay in memory only.
//!
//! Both reports and the grid are kept between frames and recomputed only
//! when a field changes, the saved projects or their secrets change, or a
//! relative time in a verdict would read differently.

use std::fmt;

use eframe::egui;
use jiff::Timestamp;
use zeroize::Zeroizing;

use super::PageContext;
use super::inspect::outcome_tone;
use crate::app::{KnownSecrets, candidates};
use crate::gui::commands::{Command, Commands};
use crate::gui::widgets::{Tone, badge, banner, section};
use crate::token::{
    Context, Difference, MAX_INPUT_BYTES, Report, inspect, inspect_oversized, shown_name,
    side_by_side,
};

/// One of the two fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The first token.
    A,
    /// The second token.
    B,
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::A => "A",
            Self::B => "B",
        })
    }
}

/// One token field and its report.
#[derive(Default)]
struct Field {
    input: Zeroizing<String>,
    /// Size of a paste refused as too long (the text is not kept).
    oversized: Option<usize>,
    report: Option<Report>,
}

impl Field {
    fn set(&mut self, text: String) {
        if text.len() > MAX_INPUT_BYTES {
            self.input = Zeroizing::new(String::new());
            self.oversized = Some(text.len());
        } else {
            self.oversized = None;
            self.input = Zeroizing::new(text);
        }
    }

    fn refresh(&mut self, ctx: &Context<'_>) {
        self.report = match self.oversized {
            Some(bytes) if self.input.is_empty() => Some(inspect_oversized(bytes)),
            _ if self.input.trim().is_empty() => None,
            _ => Some(inspect(&self.input, ctx)),
        };
        if !self.input.is_empty() {
            self.oversized = None;
        }
    }
}

/// A field's decoded payload, if it decoded.
fn claims(f: &Field) -> Option<&serde_json::Map<String, serde_json::Value>> {
    f.report.as_ref()?.claims.as_ref()
}

/// What the reports on show were computed from, besides the fields.
struct Basis {
    projects_version: u64,
    at: i64,
    /// When a relative time in a verdict reads differently.
    until: Option<i64>,
}

/// The Compare page.
#[derive(Default)]
pub(crate) struct Page {
    a: Field,
    b: Field,
    /// Every claim of either token; empty unless both decode.
    rows: Vec<Difference>,
    /// `None`: recompute.
    basis: Option<Basis>,
    computations: u64,
}

impl Page {
    /// Puts text in field `side`, or only the size of a paste far too long.
    pub(crate) fn set_input(&mut self, side: Side, text: String) {
        match side {
            Side::A => self.a.set(text),
            Side::B => self.b.set(text),
        }
        self.basis = None;
    }

    /// How many times the two tokens were inspected and compared.
    pub(crate) fn computations(&self) -> u64 {
        self.computations
    }

    /// Seconds until a relative time in a verdict reads differently.
    pub(crate) fn next_change(&self, now: Timestamp) -> Option<u64> {
        [&self.a, &self.b]
            .into_iter()
            .filter_map(|f| f.report.as_ref()?.claims.as_ref())
            .flat_map(|c| ["iat", "exp", "nbf"].map(|k| c.get(k).and_then(|v| v.as_i64())))
            .flatten()
            .filter_map(|s| Timestamp::from_second(s).ok())
            .map(|t| crate::token::next_change_secs(t, now))
            .min()
    }

    fn refresh_if_stale(&mut self, ctx: &PageContext<'_>) {
        let now = ctx.now.as_second();
        let fresh = self.basis.as_ref().is_some_and(|b| {
            b.projects_version == ctx.known.version()
                && b.at <= now
                && b.until.is_none_or(|until| now < until)
        });
        if fresh {
            return;
        }
        let known = KnownSecrets {
            given: None,
            environment: None,
            saved: ctx.known.with_secrets(),
        };
        let candidates = candidates(&known);
        let tctx = Context {
            now: ctx.now,
            tz: ctx.tz.clone(),
            candidates: &candidates,
            usage: Default::default(),
        };
        self.a.refresh(&tctx);
        self.b.refresh(&tctx);
        self.rows = match (claims(&self.a), claims(&self.b)) {
            (Some(a), Some(b)) => side_by_side(a, b),
            _ => Vec::new(),
        };
        self.computations += 1;
        let until = self
            .next_change(ctx.now)
            .map(|secs| now.saturating_add_unsigned(secs));
        self.basis = Some(Basis {
            projects_version: ctx.known.version(),
            at: now,
            until,
        });
    }

    /// Draws the page.
    pub(crate) fn ui(&mut self, ui: &mut egui::Ui, ctx: &PageContext<'_>, commands: &mut Commands) {
        section(ui, "Compare two tokens");
        ui.label(
            egui::RichText::new(
                "Paste two tokens: every claim side by side, the differences marked and explained. Nothing is saved.",
            )
            .weak(),
        );
        ui.add_space(4.0);
        let mut changed = false;
        let (a, b) = (&mut self.a, &mut self.b);
        ui.columns(2, |cols| {
            changed |= field_input(&mut cols[0], Side::A, a, commands);
            changed |= field_input(&mut cols[1], Side::B, b, commands);
        });
        if changed {
            self.basis = None;
        }
        self.refresh_if_stale(ctx);
        let (a, b) = (&self.a, &self.b);
        ui.columns(2, |cols| {
            verdict_line(&mut cols[0], Side::A, a);
            verdict_line(&mut cols[1], Side::B, b);
        });
        self.differences_ui(ui);
    }

    fn differences_ui(&self, ui: &mut egui::Ui) {
        if claims(&self.a).is_none() || claims(&self.b).is_none() {
            return;
        }
        section(ui, "Differences (A -> B)");
        let n = self.rows.iter().filter(|r| r.change().is_some()).count();
        let summary = match n {
            0 => "No differences: the two tokens carry the same claims.".to_owned(),
            1 => "1 difference, marked below.".to_owned(),
            n => format!("{n} differences, marked below."),
        };
        ui.label(egui::RichText::new(summary).strong());
        ui.add_space(4.0);
        let widths = Widths::for_page(ui.available_width());
        egui::Grid::new("compare")
            .num_columns(4)
            .striped(true)
            .spacing([16.0, 6.0])
            .show(ui, |ui| {
                for title in ["claim", "A", "B", "meaning"] {
                    ui.label(egui::RichText::new(title).strong());
                }
                ui.end_row();
                for row in &self.rows {
                    row_ui(ui, row, widths);
                }
            });
    }
}

/// A field's title, text box and buttons; true if its text changed.
fn field_input(ui: &mut egui::Ui, side: Side, field: &mut Field, commands: &mut Commands) -> bool {
    let label = ui.label(egui::RichText::new(format!("Token {side}")).strong());
    let edit = ui
        .add(
            egui::TextEdit::multiline(&mut *field.input)
                .hint_text("eyJhbGciOiJIUzI1NiIs...")
                .font(egui::TextStyle::Monospace)
                .desired_rows(4)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    let mut changed = edit.changed();
    ui.horizontal(|ui| {
        commands.button(ui, Command::PasteCompare(side));
        let clear = ui
            .button(format!("Clear {side}"))
            .on_hover_text(format!("Empty field {side}"));
        if clear.clicked() {
            field.set(String::new());
            changed = true;
        }
    });
    changed
}

/// Under a field: its verdict, coloured as Inspect's banner, or what to do.
fn verdict_line(ui: &mut egui::Ui, side: Side, field: &Field) {
    match &field.report {
        Some(r) => banner(ui, outcome_tone(r.outcome), &r.verdict, None),
        None => {
            ui.label(
                egui::RichText::new(format!(
                    "Paste token {side} here (Bearer prefixes, quotes and line breaks are cleaned)."
                ))
                .weak(),
            );
        }
    }
}

/// How wide the grid's cells may grow, from the page's width (which does
/// not change from frame to frame, unlike the grid's own columns).
#[derive(Clone, Copy)]
struct Widths {
    /// Characters of a value; the whole value is on hover.
    value_chars: usize,
    /// The meaning column, in points.
    meaning: f32,
}

impl Widths {
    fn for_page(width: f32) -> Self {
        Self {
            value_chars: if width < 900.0 { 16 } else { 24 },
            meaning: (width * 0.33).clamp(200.0, 330.0),
        }
    }
}

/// `text` cut to `max` characters, the last one `…`.
fn cell(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    text.chars().take(max - 1).collect::<String>() + "…"
}

/// One claim: its name (with a marker if it differs), A, B, the meaning.
fn row_ui(ui: &mut egui::Ui, row: &Difference, widths: Widths) {
    let change = row.change();
    ui.horizontal(|ui| {
        let name = shown_name(&row.claim);
        let text = egui::RichText::new(cell(&name, 24)).monospace();
        let text = if row.is_derived() {
            text.italics()
        } else {
            text
        };
        ui.add(egui::Label::new(text).selectable(true));
        if let Some(c) = change {
            badge(ui, Tone::Warning, c.as_str());
        }
    });
    for value in [row.shown_a(), row.shown_b()] {
        value_cell(
            ui,
            &cell(&value, widths.value_chars),
            &value,
            change.is_some(),
        );
    }
    let meaning = egui::RichText::new(&row.meaning);
    let meaning = if change.is_some() {
        meaning
    } else {
        meaning.weak()
    };
    // A fixed width: a wrapping label in a grid would widen its column a
    // little every frame (repainting for a dozen frames) or run off the window.
    ui.vertical(|ui| {
        ui.set_width(widths.meaning);
        ui.add(egui::Label::new(meaning).wrap().selectable(true));
    });
    ui.end_row();
}

/// A value; tinted and framed when the claim differs.
fn value_cell(ui: &mut egui::Ui, shown: &str, value: &str, differs: bool) {
    let cut = shown.len() != value.len();
    let response = if differs {
        let warn = ui.visuals().warn_fg_color;
        egui::Frame::new()
            .fill(warn.gamma_multiply(0.14))
            .stroke(egui::Stroke::new(1.0, warn.gamma_multiply(0.6)))
            .corner_radius(4.0)
            .inner_margin(egui::Margin::symmetric(6, 1))
            .show(ui, |ui| {
                let text = egui::RichText::new(shown).monospace().color(warn);
                ui.add(egui::Label::new(text).selectable(true))
            })
            .inner
    } else {
        ui.add(egui::Label::new(egui::RichText::new(shown).monospace()).selectable(true))
    };
    if cut {
        response.on_hover_text(value);
    }
}
