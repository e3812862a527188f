//! Generate, "Many participants": N tokens scoped to participants `qa-1` …
//! `qa-N`, signed by the core's [`Generator`] on a thread of its own (the
//! window stays responsive, with a progress bar and Cancel), then saved as
//! CSV or JSON lines through the desktop's file chooser (chooser and writing
//! on another thread), or copied all at once through the clipboard guard.
//!
//! The secret is the one the worker already read for the chosen project
//! (never the keyring inside a frame). The tokens live here only: dropped by
//! Clear, Cancel, or when another project is chosen.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::Duration;

use eframe::egui;
use jiff::Timestamp;

use super::{Page, sentence};
use crate::gui::commands::{BatchAction, Commands};
use crate::gui::export::{self, Format, Row};
use crate::gui::pages::PageContext;
use crate::gui::widgets::Tone;
use crate::token::Generator;

mod draw;

/// The most tokens one batch makes (about 35 MB of tokens in memory).
pub(crate) const MAX_COUNT: u32 = 100_000;
/// The participant pattern a QA tester starts with.
const DEFAULT_PATTERN: &str = "qa-{n}";
/// How often the worker publishes its progress and looks for Cancel.
const CHECK_EVERY: u64 = 128;
/// Said when the chooser answers nothing: cancelled, or no chooser at all.
const NO_FILE: &str = "No file chosen: nothing was saved. If no file chooser appeared, this desktop has neither the xdg desktop portal nor zenity: install one (e.g. xdg-desktop-portal-gtk or zenity), or use Copy all.";

/// Tokens made, and for whom.
struct Made {
    rows: Arc<Vec<Row>>,
    project_id: String,
    project: String,
    exp: i64,
}

/// A batch being signed on its thread.
struct Running {
    total: u64,
    made: Arc<AtomicU64>,
    cancel: Arc<AtomicBool>,
    done: Receiver<Finished>,
    project_id: String,
    project: String,
}

/// What the signing thread answers.
enum Finished {
    Done { rows: Vec<Row>, exp: i64 },
    Cancelled,
    Failed(String),
}

#[derive(Default)]
enum State {
    #[default]
    Idle,
    Running(Running),
    Made(Made),
}

/// The section's state.
pub(super) struct Batch {
    count: u32,
    pattern: String,
    room_id: String,
    state: State,
    /// The file chooser, then the writer, while busy: the outcome comes on this.
    saving: Option<Receiver<Result<String, String>>>,
    /// The last outcome, said in place (background work ends between frames).
    note: Option<(Tone, String)>,
}

impl Default for Batch {
    fn default() -> Self {
        Self {
            count: 100,
            pattern: DEFAULT_PATTERN.to_owned(),
            room_id: String::new(),
            state: State::Idle,
            saving: None,
            note: None,
        }
    }
}

impl Batch {
    /// Takes what the threads answered since the last frame.
    fn poll(&mut self) {
        if let State::Running(r) = &self.state {
            match r.done.try_recv() {
                Err(TryRecvError::Empty) => {}
                Ok(Finished::Done { rows, exp }) => {
                    // The badge of what was made says it; no note beside it.
                    self.note = None;
                    self.state = State::Made(Made {
                        rows: Arc::new(rows),
                        project_id: r.project_id.clone(),
                        project: r.project.clone(),
                        exp,
                    });
                }
                Ok(Finished::Cancelled) => self.state = State::Idle,
                Ok(Finished::Failed(e)) => {
                    self.state = State::Idle;
                    self.note = Some((Tone::Bad, e));
                }
                Err(TryRecvError::Disconnected) => {
                    self.state = State::Idle;
                    self.note =
                        Some((Tone::Bad, "Signing stopped unexpectedly; try again.".into()));
                }
            }
        }
        if let Some(rx) = &self.saving {
            let outcome = match rx.try_recv() {
                Err(TryRecvError::Empty) => return,
                Ok(Ok(said)) => (Tone::Good, said),
                Ok(Err(e)) if e == NO_FILE => (Tone::Info, e),
                Ok(Err(e)) => (Tone::Bad, e),
                Err(TryRecvError::Disconnected) => (
                    Tone::Bad,
                    "The file chooser closed unexpectedly; nothing was saved.".into(),
                ),
            };
            self.saving = None;
            self.note = Some(outcome);
        }
    }

    /// Takes what the threads answered, and drops the tokens (or stops
    /// signing) when another project is chosen or theirs is gone: called
    /// first thing each frame, whatever the page shows.
    pub(super) fn follow(&mut self, chosen: Option<&str>, ctx: &PageContext<'_>) {
        self.poll();
        let for_project = match &self.state {
            State::Idle => return,
            State::Running(r) => r.project_id.as_str(),
            State::Made(m) => m.project_id.as_str(),
        };
        if chosen != Some(for_project) || ctx.known.get(for_project).is_none() {
            self.drop_tokens();
            self.note = Some((
                Tone::Info,
                "Another project was chosen: the tokens of the previous one were dropped.".into(),
            ));
        }
    }

    fn drop_tokens(&mut self) {
        if let State::Running(r) = &self.state {
            r.cancel.store(true, Ordering::Relaxed);
        }
        self.state = State::Idle;
    }

    fn made(&self) -> Option<&Made> {
        match &self.state {
            State::Made(m) => Some(m),
            _ => None,
        }
    }

    /// The pattern as it goes into the tokens, checked against the count.
    fn pattern(&self) -> Result<String, String> {
        let p = self.pattern.trim();
        if p.is_empty() {
            return Err("Give a participantId pattern, e.g. qa-{n}.".into());
        }
        if self.count > 1 && !p.contains("{n}") {
            return Err(format!(
                "The participantId pattern needs {{n}} (e.g. {p}-{{n}}): without it all {} tokens would name the same participant.",
                self.count
            ));
        }
        Ok(p.to_owned())
    }
}

/// Signs tokens 1..=total; publishes progress and honours Cancel every
/// [`CHECK_EVERY`] tokens.
fn sign_all(
    mut g: Generator,
    pattern: &str,
    total: u64,
    now: Timestamp,
    made: &AtomicU64,
    cancel: &AtomicBool,
) -> Finished {
    let mut rows = Vec::with_capacity(usize::try_from(total).unwrap_or(0));
    let mut exp = 0;
    for n in 1..=total {
        if n % CHECK_EVERY == 0 {
            if cancel.load(Ordering::Relaxed) {
                return Finished::Cancelled;
            }
            made.store(n - 1, Ordering::Relaxed);
        }
        match g.sign(now, n) {
            Ok(t) => {
                exp = t.exp;
                rows.push(Row {
                    // As the generator writes it into the token.
                    participant_id: pattern.replace("{n}", &n.to_string()),
                    token: t.token,
                });
            }
            Err(e) => return Finished::Failed(sentence(&e)),
        }
    }
    made.store(total, Ordering::Relaxed);
    Finished::Done { rows, exp }
}

/// A file name without characters file systems or shells dislike.
fn file_name(project: &str, n: usize, format: Format) -> String {
    let safe: String = project
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("tokens-{safe}-{n}.{}", format.extension())
}

impl Page {
    /// Runs a "Many participants" action (after drawing); `Some` is for the
    /// status bar. Copy all is the shell's (it owns the clipboard).
    pub(crate) fn batch_action(
        &mut self,
        action: BatchAction,
        ctx: &PageContext<'_>,
        repaint: &egui::Context,
    ) -> Option<Result<String, String>> {
        match action {
            BatchAction::Start => {
                // Said in place, where the user looks: the status bar would
                // still say "generating" long after it is done.
                if let Err(e) = self.start_batch(ctx, repaint) {
                    self.batch.note = Some((Tone::Bad, e));
                }
                None
            }
            BatchAction::Cancel => {
                let running = matches!(self.batch.state, State::Running(_));
                self.batch.drop_tokens();
                running.then(|| Ok("Cancelled: no tokens were kept.".to_owned()))
            }
            BatchAction::Clear => {
                self.batch.drop_tokens();
                self.batch.note = None;
                Some(Ok("Cleared the tokens from memory.".to_owned()))
            }
            BatchAction::SaveCsv => self.save_batch(Format::Csv, repaint),
            BatchAction::SaveJsonLines => self.save_batch(Format::JsonLines, repaint),
            BatchAction::CopyAll => None,
        }
    }

    /// Every token made, one per line, and how many (for Copy all).
    pub(crate) fn batch_tokens(&self) -> Option<(String, usize)> {
        let m = self.batch.made()?;
        let mut text = String::with_capacity(m.rows.len() * (m.rows.first()?.token.len() + 1));
        for r in m.rows.iter() {
            text.push_str(&r.token);
            text.push('\n');
        }
        Some((text, m.rows.len()))
    }

    fn start_batch(
        &mut self,
        ctx: &PageContext<'_>,
        repaint: &egui::Context,
    ) -> Result<(), String> {
        if matches!(self.batch.state, State::Running(_)) {
            return Err("Already generating: wait, or cancel first.".into());
        }
        let project = self
            .s
            .project_id
            .as_deref()
            .and_then(|id| ctx.known.get(id))
            .ok_or("No project chosen: add one in Projects, then pick it here.")?;
        let mut req = self.request(project, ctx.tz)?;
        req.participant_id = Some(self.batch.pattern()?);
        let room = self.batch.room_id.trim();
        req.room_id = (!room.is_empty()).then(|| room.to_owned());
        crate::token::validate(&req).map_err(|e| sentence(&e))?;
        let generator =
            Generator::new(&req, ctx.known.signing_secret(project)?).map_err(|e| sentence(&e))?;
        let total = u64::from(self.batch.count.clamp(1, MAX_COUNT));
        let (tx, done) = channel();
        let made = Arc::new(AtomicU64::new(0));
        let cancel = Arc::new(AtomicBool::new(false));
        let (made2, cancel2, repaint) = (Arc::clone(&made), Arc::clone(&cancel), repaint.clone());
        let pattern = req.participant_id.clone().unwrap_or_default();
        let now = ctx.now;
        std::thread::Builder::new()
            .name("batch-tokens".to_owned())
            .spawn(move || {
                let _ = tx.send(sign_all(generator, &pattern, total, now, &made2, &cancel2));
                repaint.request_repaint();
            })
            .map_err(|e| format!("Cannot start signing ({e}); try again."))?;
        self.batch.state = State::Running(Running {
            total,
            made,
            cancel,
            done,
            project_id: project.id.clone(),
            project: project.name.clone(),
        });
        self.batch.note = None;
        Ok(())
    }

    /// Opens the file chooser on a thread of its own, which then writes the
    /// file; the outcome is said in place when it comes.
    fn save_batch(
        &mut self,
        format: Format,
        repaint: &egui::Context,
    ) -> Option<Result<String, String>> {
        if self.batch.saving.is_some() {
            return None;
        }
        let Some(m) = self.batch.made() else {
            return Some(Err("No tokens yet: generate them first.".into()));
        };
        let rows = Arc::clone(&m.rows);
        let name = file_name(&m.project, rows.len(), format);
        let title = format!("Save {} tokens as {}", rows.len(), format.name());
        let (tx, rx) = channel();
        let repaint = repaint.clone();
        let spawned = std::thread::Builder::new()
            .name("batch-save".to_owned())
            .spawn(move || {
                let picked: Option<PathBuf> = rfd::FileDialog::new()
                    .set_title(title)
                    .set_file_name(name)
                    .add_filter(format.name(), &[format.extension()])
                    .save_file();
                let outcome = match picked {
                    Some(path) => export::save(&path, &rows, format),
                    None => Err(NO_FILE.to_owned()),
                };
                let _ = tx.send(outcome);
                repaint.request_repaint();
            });
        match spawned {
            Ok(_) => {
                self.batch.saving = Some(rx);
                self.batch.note = Some((
                    Tone::Info,
                    "Choose where to save, in the file chooser...".into(),
                ));
                None
            }
            Err(e) => Some(Err(format!(
                "Cannot open the file chooser ({e}): use Copy all instead."
            ))),
        }
    }

    /// Draws the section (collapsed until opened).
    pub(super) fn batch_ui(
        &mut self,
        ui: &mut egui::Ui,
        ctx: &PageContext<'_>,
        commands: &mut Commands,
    ) {
        ui.add_space(4.0);
        egui::CollapsingHeader::new(
            "Many participants: one token each, saved as CSV or JSON lines",
        )
        .id_salt("batch")
        .show(ui, |ui| self.batch.body(ui, ctx, commands));
        if let State::Running(_) = self.batch.state {
            // The progress bar moves; nothing repaints once it is done.
            ui.ctx().request_repaint_after(Duration::from_millis(100));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::SecretKey;
    use crate::token::{Context, Outcome, SecretEncoding, TokenRequest, inspect};

    #[test]
    fn signing_makes_every_participant_and_can_be_cancelled() {
        let secret =
            SecretKey::parse("0123456789abcdef0123456789abcdef", SecretEncoding::Text).unwrap();
        let req = TokenRequest {
            api_key: "key".into(),
            participant_id: Some("qa-{n}".into()),
            ..TokenRequest::default()
        };
        let now: Timestamp = "2026-11-28T10:00:00Z".parse().unwrap();
        let made = AtomicU64::new(0);
        let g = Generator::new(&req, &secret).unwrap();
        let Finished::Done { rows, .. } =
            sign_all(g, "qa-{n}", 300, now, &made, &AtomicBool::new(false))
        else {
            panic!("not done");
        };
        assert_eq!(made.load(Ordering::Relaxed), 300);
        assert_eq!(rows.len(), 300);
        let c = [crate::token::Candidate {
            source: crate::token::KeySource::Given,
            api_key: None,
            secret: &secret,
        }];
        let ctx = Context {
            now,
            tz: jiff::tz::TimeZone::UTC,
            candidates: &c,
            usage: Default::default(),
        };
        for (i, r) in rows.iter().enumerate() {
            assert_eq!(r.participant_id, format!("qa-{}", i + 1));
            let report = inspect(&r.token, &ctx);
            assert_eq!(report.outcome, Outcome::Valid, "{}", report.verdict);
            assert_eq!(
                report.claims.unwrap()["participantId"],
                r.participant_id.as_str()
            );
        }
        let g = Generator::new(&req, &secret).unwrap();
        let cancelled = sign_all(g, "qa-{n}", 100_000, now, &made, &AtomicBool::new(true));
        assert!(matches!(cancelled, Finished::Cancelled));
    }

    #[test]
    fn the_pattern_needs_n_for_more_than_one() {
        let mut b = Batch {
            pattern: " alice ".into(),
            count: 1,
            ..Batch::default()
        };
        assert_eq!(b.pattern().unwrap(), "alice");
        b.count = 5;
        let e = b.pattern().unwrap_err();
        assert!(e.contains("{n}") && e.contains("all 5 tokens"), "{e}");
        b.pattern = "  ".into();
        assert!(
            b.pattern()
                .unwrap_err()
                .contains("Give a participantId pattern")
        );
    }

    #[test]
    fn file_names_are_tame() {
        assert_eq!(
            file_name("Staging EU/2", 1000, Format::Csv),
            "tokens-Staging-EU-2-1000.csv"
        );
        assert_eq!(file_name("qa", 3, Format::JsonLines), "tokens-qa-3.jsonl");
    }
}
