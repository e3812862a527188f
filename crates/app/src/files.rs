//! The program's file I/O with the user's paths. One atomic writer: the
//! projects file, batches of participant tokens and QR code PNGs all go
//! through [`replace_private`]. One bounded reader: `.env` imports, custom
//! claims files and evidence files all go through [`read_limited`].
//!
//! A temporary file is created exclusively (`O_EXCL`, a random name) beside
//! the target, readable by its owner only (0600), written and flushed to
//! disk, then renamed over the target, and the folder is flushed so the
//! rename itself survives a crash. A reader never sees half a file, a
//! failure leaves whatever was there before, and a symlink planted at the
//! target is replaced, never written through.

use std::fs::File;
use std::io::{Read as _, Write as _};
use std::path::Path;

/// Why a file the user named could not be read. Never holds its content.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// No file at that path.
    #[error("no such file")]
    NotFound,
    /// Not allowed to read it.
    #[error("permission denied")]
    Denied,
    /// A FIFO, a device, a folder or a socket: refused before reading, so
    /// `/dev/zero` cannot fill memory and a named pipe cannot block.
    #[error("it is {0}, not a regular file")]
    NotRegular(&'static str),
    /// Larger than the caller's limit (checked before reading, and again
    /// while reading, for a file that grows).
    #[error("it is larger than {}", shown_size(*.0))]
    TooLarge(u64),
    /// Anything else the OS said.
    #[error("{0}")]
    Io(std::io::Error),
}

impl From<std::io::Error> for ReadError {
    fn from(e: std::io::Error) -> Self {
        match e.kind() {
            std::io::ErrorKind::NotFound => Self::NotFound,
            std::io::ErrorKind::PermissionDenied => Self::Denied,
            _ => Self::Io(e),
        }
    }
}

/// `1 KB`, `64 KB`, `1 MB`, `512 MB`: limits are powers of two.
fn shown_size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{} MB", b >> 20),
        b if b >= 1 << 10 => format!("{} KB", b >> 10),
        b => format!("{b} bytes"),
    }
}

/// What a file that is not a regular one is, in words (also the projects
/// file's check, in `store::fs_safe`).
pub(crate) fn file_kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

/// Reads a regular file of at most `limit` bytes, and refuses anything else
/// at once: the file is opened without blocking (a FIFO with no writer
/// would otherwise hang the open), its type and size are checked on the
/// open handle, and reading stops one byte past the limit (a file that
/// grows while read, or a size the file system misreports).
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(file_kind(&meta)));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge(limit));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(limit));
    }
    Ok(bytes)
}

/// Writes `bytes` to `path` as described in the module docs. `prefix` names
/// the temporary file (e.g. `.projects.toml.tmp-`), so a crash leaves
/// something a reader can recognise and clean.
pub fn replace_private(path: &Path, bytes: &[u8], prefix: &str) -> std::io::Result<()> {
    let dir = folder_of(path);
    let mut tmp = tempfile::Builder::new()
        .prefix(prefix)
        .rand_bytes(12)
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    // rename(2): replaces a symlink at `path`, never follows it.
    tmp.persist(path).map_err(|e| e.error)?;
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Whether a file can be created in `folder` now: an exclusive temporary
/// file is made and removed. Asked before anything is signed, so a path
/// that cannot be written is refused before a token exists (permissions
/// alone do not tell: root, read-only file systems, ACLs).
pub fn check_writable(folder: &Path) -> std::io::Result<()> {
    tempfile::Builder::new()
        .prefix(".videosdk-token-probe-")
        .tempfile_in(folder)
        .map(drop)
}

/// The folder a file is written in (`.` for a bare file name).
pub fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Why a file the user chose could not be written; each message names the
/// file and says what to do.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The chosen path has no folder part or the folder is missing.
    #[error("cannot save {path}: the folder {folder} does not exist; choose another folder")]
    NoFolder {
        /// The file.
        path: String,
        /// Its folder.
        folder: String,
    },
    /// The path is a folder.
    #[error("cannot save {0}: it is a folder; choose a file name")]
    IsFolder(String),
    /// Not allowed to write there.
    #[error("cannot save {path}: permission denied in {folder}; choose a folder you can write to")]
    Denied {
        /// The file.
        path: String,
        /// Its folder.
        folder: String,
    },
    /// Anything else (disk full, read-only file system…).
    #[error("cannot save {path}: {why}")]
    Io {
        /// The file.
        path: String,
        /// The system's reason.
        why: std::io::Error,
    },
}

/// A file the user chose (a batch of tokens, a QR code): checked, then
/// written by [`replace_private`], with a message that says what to do.
pub fn write_chosen(path: &Path, bytes: &[u8], prefix: &str) -> Result<(), WriteError> {
    let shown = path.display().to_string();
    let folder = folder_of(path);
    let folder_shown = folder.display().to_string();
    if path.is_dir() {
        return Err(WriteError::IsFolder(shown));
    }
    if !folder.is_dir() {
        return Err(WriteError::NoFolder {
            path: shown,
            folder: folder_shown,
        });
    }
    replace_private(path, bytes, prefix).map_err(|why| match why.kind() {
        std::io::ErrorKind::PermissionDenied => WriteError::Denied {
            path: shown,
            folder: folder_shown,
        },
        _ => WriteError::Io { path: shown, why },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_limited_reads_regular_files_and_refuses_the_rest_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let ok = dir.path().join("a.json");
        std::fs::write(&ok, b"{}").unwrap();
        assert_eq!(read_limited(&ok, 2).unwrap(), b"{}");
        let big = dir.path().join("big");
        std::fs::write(&big, vec![b'x'; 2049]).unwrap();
        let e = read_limited(&big, 2048).unwrap_err();
        assert_eq!(e.to_string(), "it is larger than 2 KB");
        assert!(matches!(
            read_limited(&dir.path().join("nope"), 9),
            Err(ReadError::NotFound)
        ));
        assert_eq!(
            read_limited(dir.path(), 9).unwrap_err().to_string(),
            "it is a folder, not a regular file"
        );
        #[cfg(unix)]
        {
            // No writer: a blocking open would never return.
            let fifo = dir.path().join("fifo");
            rustix::fs::mkfifoat(
                rustix::fs::CWD,
                &fifo,
                rustix::fs::Mode::RUSR | rustix::fs::Mode::WUSR,
            )
            .unwrap();
            assert_eq!(
                read_limited(&fifo, 9).unwrap_err().to_string(),
                "it is a named pipe (FIFO), not a regular file"
            );
            assert_eq!(
                read_limited(Path::new("/dev/zero"), 9)
                    .unwrap_err()
                    .to_string(),
                "it is a device, not a regular file"
            );
        }
    }

    #[test]
    fn replaces_whole_files_privately_and_never_through_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.txt");
        replace_private(&target, b"one", ".out-").unwrap();
        replace_private(&target, b"two", ".out-").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"two");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&target).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
            let victim = dir.path().join("victim");
            std::fs::write(&victim, b"keep").unwrap();
            let link = dir.path().join("link");
            std::os::unix::fs::symlink(&victim, &link).unwrap();
            replace_private(&link, b"new", ".out-").unwrap();
            assert_eq!(std::fs::read(&victim).unwrap(), b"keep");
        }
        // No temporary file is left behind.
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().all(|n| !n.starts_with(".out-")), "{names:?}");
    }

    #[test]
    fn a_chosen_path_that_cannot_be_written_says_why() {
        let dir = tempfile::tempdir().unwrap();
        let e = write_chosen(dir.path(), b"x", ".t-").unwrap_err();
        assert!(e.to_string().contains("it is a folder"), "{e}");
        let e = write_chosen(&dir.path().join("no/such/file"), b"x", ".t-").unwrap_err();
        assert!(e.to_string().contains("does not exist"), "{e}");
    }
}
