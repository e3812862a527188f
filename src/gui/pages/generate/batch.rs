//! Generate, "Many participants": N tokens scoped to participants `qa-1` …
//! `qa-N`, signed by the core's [`Generator`] in a background task (the
//! window stays responsive, with a progress bar and Cancel), then saved as
//! CSV or JSON lines through the desktop's file chooser (another task), or
//! copied all at once through the clipboard guard. The page describes the
//! tasks; the shell's task runner ([`crate::gui::tasks`]) starts them and
//! hands their answers back here.
//!
//! The secret is the one the worker already read for the chosen project
//! (never the keyring inside a frame). The tokens live here only: dropped by
//! Clear, Cancel, or when another project is chosen.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use eframe::egui;

use super::{Page, sentence};
use crate::gui::commands::{BatchAction, Commands};
use crate::gui::export::{Format, Row};
use crate::gui::pages::PageContext;
use crate::gui::tasks::{BatchDone, NO_FILE, Task, TaskDone};
use crate::gui::widgets::Tone;
use crate::token::Generator;

mod draw;

/// The most tokens one batch makes (about 35 MB of tokens in memory).
pub(crate) const MAX_COUNT: u32 = 100_000;
/// The participant pattern a QA tester starts with.
const DEFAULT_PATTERN: &str = "qa-{n}";

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
    project_id: String,
    project: String,
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
    /// The file chooser, then the writer, are busy (a task).
    saving: bool,
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
            saving: false,
            note: None,
        }
    }
}

impl Batch {
    /// A task's answer (routed here by the shell's task runner).
    fn done(&mut self, done: TaskDone) {
        match done {
            TaskDone::Batch(d) => {
                // Cancelled and dropped already: nothing waits for it.
                let State::Running(r) = &self.state else {
                    return;
                };
                match d {
                    BatchDone::Done { rows, exp } => {
                        // The badge of what was made says it; no note beside it.
                        self.note = None;
                        self.state = State::Made(Made {
                            rows: Arc::new(rows),
                            project_id: r.project_id.clone(),
                            project: r.project.clone(),
                            exp,
                        });
                    }
                    BatchDone::Cancelled => self.state = State::Idle,
                    BatchDone::Failed(e) => {
                        self.state = State::Idle;
                        self.note = Some((Tone::Bad, e));
                    }
                }
            }
            TaskDone::BatchSaved(outcome) => {
                self.saving = false;
                self.note = Some(match outcome {
                    Ok(said) => (Tone::Good, said),
                    Err(e) if e == NO_FILE => (Tone::Info, e),
                    Err(e) => (Tone::Bad, e),
                });
            }
            TaskDone::EnvFile(_) | TaskDone::Evidence(_) | TaskDone::EnvWritten(_) => {}
        }
    }

    /// Drops the tokens (or stops signing) when another project is chosen
    /// or theirs is gone: called first thing each frame the page shows.
    pub(super) fn follow(&mut self, chosen: Option<&str>, ctx: &PageContext<'_>) {
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
    /// Runs a "Many participants" action (after drawing): what to say in the
    /// status bar, if anything, and the task to start, if any. Copy all is
    /// the shell's (it owns the clipboard).
    pub(crate) fn batch_action(
        &mut self,
        action: BatchAction,
        ctx: &PageContext<'_>,
    ) -> (Option<Result<String, String>>, Option<Task>) {
        match action {
            BatchAction::Start => match self.start_batch(ctx) {
                Ok(task) => (None, Some(task)),
                // Said in place, where the user looks: the status bar would
                // still say "generating" long after it is done.
                Err(e) => {
                    self.batch.note = Some((Tone::Bad, e));
                    (None, None)
                }
            },
            BatchAction::Cancel => {
                let running = matches!(self.batch.state, State::Running(_));
                self.batch.drop_tokens();
                (
                    running.then(|| Ok("Cancelled: no tokens were kept.".to_owned())),
                    None,
                )
            }
            BatchAction::Clear => {
                self.batch.drop_tokens();
                self.batch.note = None;
                (Some(Ok("Cleared the tokens from memory.".to_owned())), None)
            }
            BatchAction::SaveCsv => self.save_batch(Format::Csv),
            BatchAction::SaveJsonLines => self.save_batch(Format::JsonLines),
            BatchAction::CopyAll => (None, None),
        }
    }

    /// A background task's answer for this section.
    pub(crate) fn batch_done(&mut self, done: TaskDone) {
        self.batch.done(done);
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

    fn start_batch(&mut self, ctx: &PageContext<'_>) -> Result<Task, String> {
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
        let made = Arc::new(AtomicU64::new(0));
        let cancel = Arc::new(AtomicBool::new(false));
        let task = Task::SignBatch {
            generator: Box::new(generator),
            pattern: req.participant_id.clone().unwrap_or_default(),
            total,
            now: ctx.now,
            made: Arc::clone(&made),
            cancel: Arc::clone(&cancel),
        };
        self.batch.state = State::Running(Running {
            total,
            made,
            cancel,
            project_id: project.id.clone(),
            project: project.name.clone(),
        });
        self.batch.note = None;
        Ok(task)
    }

    /// The file chooser and the write after it, as a task; the outcome is
    /// said in place when it comes.
    fn save_batch(&mut self, format: Format) -> (Option<Result<String, String>>, Option<Task>) {
        if self.batch.saving {
            return (None, None);
        }
        let Some(m) = self.batch.made() else {
            return (
                Some(Err("No tokens yet: generate them first.".into())),
                None,
            );
        };
        let rows = Arc::clone(&m.rows);
        let name = file_name(&m.project, rows.len(), format);
        self.batch.saving = true;
        self.batch.note = Some((
            Tone::Info,
            "Choose where to save, in the file chooser...".into(),
        ));
        (None, Some(Task::SaveBatch { rows, name, format }))
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
    use crate::gui::tasks::sign_all;
    use crate::token::SecretKey;
    use crate::token::{Context, Outcome, SecretEncoding, TokenRequest, inspect};
    use jiff::Timestamp;

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
        let BatchDone::Done { rows, .. } =
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
        assert!(matches!(cancelled, BatchDone::Cancelled));
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
