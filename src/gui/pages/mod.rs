//! The four pages: Generate, Inspect, Projects, Compare. Each owns its state
//! and implements [`Page`]: it draws from a read-only [`PageContext`] and
//! queues [`Command`]s; none touches the keyring, the projects file or the
//! clipboard, nor another page. The shell holds them in [`Pages`] and draws
//! the one for the open tab (as egui's `wrap_app.rs` does).
//!
//! [`Command`]: super::Command

pub mod compare;
pub mod generate;
pub mod inspect;
pub mod projects;

use eframe::egui;
use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::Tab;
use super::commands::Commands;
use super::known::KnownProjects;

/// What every page does for the shell.
pub(crate) trait Page {
    /// Draws the page and queues what the user asked for.
    fn ui(&mut self, ui: &mut egui::Ui, ctx: &PageContext<'_>, commands: &mut Commands);

    /// Seconds until something on the page changes by itself (a countdown),
    /// so an idle window repaints only then; `None`: never.
    fn next_change(&self, _now: Timestamp) -> Option<u64> {
        None
    }
}

/// The pages, one per [`Tab`].
pub(crate) struct Pages {
    pub generate: generate::Page,
    pub inspect: inspect::Page,
    pub projects: projects::Page,
    pub compare: compare::Page,
}

impl Pages {
    /// Generate as restored from the last run; the others empty.
    pub(crate) fn new(generate: generate::Page) -> Self {
        Self {
            generate,
            inspect: inspect::Page::default(),
            projects: projects::Page::default(),
            compare: compare::Page::default(),
        }
    }

    /// The page of a tab.
    pub(crate) fn get(&self, tab: Tab) -> &dyn Page {
        match tab {
            Tab::Generate => &self.generate,
            Tab::Inspect => &self.inspect,
            Tab::Projects => &self.projects,
            Tab::Compare => &self.compare,
        }
    }

    /// The page of a tab, to draw.
    pub(crate) fn get_mut(&mut self, tab: Tab) -> &mut dyn Page {
        match tab {
            Tab::Generate => &mut self.generate,
            Tab::Inspect => &mut self.inspect,
            Tab::Projects => &mut self.projects,
            Tab::Compare => &mut self.compare,
        }
    }
}

/// Each page keeps its own inherent `ui`; the trait is how the shell sees it.
macro_rules! page {
    ($page:ty, countdown) => {
        impl Page for $page {
            fn ui(&mut self, ui: &mut egui::Ui, ctx: &PageContext<'_>, commands: &mut Commands) {
                <$page>::ui(self, ui, ctx, commands);
            }
            fn next_change(&self, now: Timestamp) -> Option<u64> {
                <$page>::next_change(self, now)
            }
        }
    };
    ($page:ty) => {
        impl Page for $page {
            fn ui(&mut self, ui: &mut egui::Ui, ctx: &PageContext<'_>, commands: &mut Commands) {
                <$page>::ui(self, ui, ctx, commands);
            }
        }
    };
}
page!(generate::Page, countdown);
page!(inspect::Page, countdown);
page!(projects::Page);
page!(compare::Page, countdown);

/// What a page may read while it draws.
pub(crate) struct PageContext<'a> {
    /// The saved projects and their secrets.
    pub known: &'a KnownProjects,
    /// Now, the same for the whole frame.
    pub now: Timestamp,
    /// The zone local times are shown in.
    pub tz: &'a TimeZone,
    /// True while the keyring is known to be unusable.
    pub keyring_unavailable: bool,
}
