//! Opening the config directory and its files safely: private modes, no
//! following of planted symlinks, no blocking on FIFOs, and refusing what
//! another user owns or others can write.

use std::fs::{self, OpenOptions};
use std::path::Path;

use super::ProjectsError;

/// A projects file is a few KB; anything over this is not ours.
pub(super) const MAX_FILE_BYTES: u64 = 1 << 20;

#[cfg(unix)]
pub(super) fn no_follow(mut o: OpenOptions) -> OpenOptions {
    use std::os::unix::fs::OpenOptionsExt as _;
    o.custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32);
    o
}

#[cfg(not(unix))]
pub(super) fn no_follow(o: OpenOptions) -> OpenOptions {
    o
}

#[cfg(unix)]
pub(super) fn non_blocking(o: &mut OpenOptions) -> OpenOptions {
    use std::os::unix::fs::OpenOptionsExt as _;
    o.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    o.clone()
}

#[cfg(not(unix))]
pub(super) fn non_blocking(o: &mut OpenOptions) -> OpenOptions {
    o.clone()
}

/// Refuses a config directory or file that another user owns or that others
/// can write: they could swap the file between our check and our read, or
/// plant links. `fix` is the command that repairs the mode.
#[cfg(unix)]
pub(super) fn check_private(path: &Path, fix: &str) -> Result<(), ProjectsError> {
    use std::os::unix::fs::MetadataExt as _;
    let meta = fs::metadata(path).map_err(|source| ProjectsError::Io {
        action: "check",
        path: path.to_path_buf(),
        source,
    })?;
    let why = if meta.uid() != rustix::process::geteuid().as_raw() {
        "it belongs to another user"
    } else if meta.mode() & 0o022 != 0 {
        "other users can write to it"
    } else {
        return Ok(());
    };
    Err(ProjectsError::NotPrivate {
        path: path.to_path_buf(),
        why,
        fix: format!("{fix} {}", path.display()),
    })
}

#[cfg(not(unix))]
pub(super) fn check_private(_path: &Path, _fix: &str) -> Result<(), ProjectsError> {
    Ok(())
}

#[cfg(unix)]
pub(super) fn private_options() -> OpenOptions {
    use std::os::unix::fs::OpenOptionsExt as _;
    let mut o = OpenOptions::new();
    o.mode(0o600);
    o
}

#[cfg(not(unix))]
pub(super) fn private_options() -> OpenOptions {
    OpenOptions::new()
}

#[cfg(unix)]
pub(super) fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt as _;
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
pub(super) fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    fs::create_dir_all(dir)
}
