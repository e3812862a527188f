//! The three pages. Each owns its state and has one `ui` method that draws
//! from a read-only [`PageContext`] and queues [`Command`]s; none touches
//! the keyring, the projects file or the clipboard, nor another page.
//!
//! [`Command`]: super::Command

pub mod compare;
pub mod generate;
pub mod inspect;
pub mod projects;

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::known::KnownProjects;

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
