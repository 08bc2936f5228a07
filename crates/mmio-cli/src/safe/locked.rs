//! [`LockedInput`]: the file a repair reads, opened under the engine's share-mode lock
//! (read access, `MMIO_DENYWRITE`), so that a file another program holds through
//! libmmio for writing, or with a share mode that denies us, is refused, and no
//! libmmio writer can open it until the repair is committed.

use std::fs;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use winmmio::{ErrorCode, FourCC, Mmio, OpenOptions, Share};

use super::Snapshot;
use crate::fail::Failure;

/// The buffer of the locked file: small, because walks read only headers and long
/// copies bypass it.
const BUFFER: usize = 4096;

/// A regular file opened for reading with the share mode `MMIO_DENYWRITE`, and what it
/// was when opened. It reads as the file ([`Read`] + [`Seek`]); the lock lasts until it
/// is dropped (hand it to [`Destination::commit`](super::Destination::commit)).
pub struct LockedInput {
    reader: Mmio,
    /// The file's own path, symbolic links resolved.
    real: PathBuf,
    snapshot: Snapshot,
}

impl LockedInput {
    /// Opens `path` (following symbolic links) and takes the lock. Refused: a directory,
    /// anything but a regular file, and a file another program holds for writing or
    /// with a share mode that denies reading or writing.
    pub fn open(path: &Path) -> Result<LockedInput, Failure> {
        let cannot_open = |e| Failure::io(path, "cannot open", e);
        let meta = fs::metadata(path).map_err(cannot_open)?;
        if meta.is_dir() {
            return Err(Failure::new(path, "is a directory"));
        }
        if !meta.is_file() {
            return Err(Failure::new(path, "is not a regular file (a device, a FIFO or a socket): nothing to repair"));
        }
        let real = fs::canonicalize(path).map_err(cannot_open)?;
        // By the DOS procedure whatever the name: `a.b+c` is a file name here.
        let reader = OpenOptions::new()
            .io_proc_code(FourCC::DOS)
            .share(Share::DenyWrite)
            .buffer_size(BUFFER)
            .open(&real)
            .map_err(|e| match e.code() {
                ErrorCode::SharingViolation => Failure::new(
                    path,
                    "is in use by another program (open for writing, or held with the share mode \
                     MMIO_EXCLUSIVE, MMIO_DENYWRITE or MMIO_DENYREAD): repair it when the recording has stopped",
                ),
                _ => cannot_open(e.into()),
            })?;
        let snapshot = Snapshot::of_open(&reader, path).map_err(cannot_open)?;
        if !snapshot.is_same_file(path, &meta) {
            return Err(Failure::new(path, "was replaced by another file while being opened: try again"));
        }
        Ok(LockedInput { reader, real, snapshot })
    }

    /// What the file was when opened.
    pub fn snapshot(&self) -> &Snapshot {
        &self.snapshot
    }

    /// The file's own path (symbolic links resolved): where an in-place result goes.
    pub(super) fn real_path(&self) -> &Path {
        &self.real
    }

    /// Fails unless the file is as it was when opened: same size and modification time
    /// (no program wrote to it without the lock), and its path still names it.
    pub(super) fn check_unchanged(&self) -> Result<(), Failure> {
        let path = self.snapshot.path();
        let now = Snapshot::of_open(&self.reader, path).map_err(|e| Failure::io(path, "cannot read", e))?;
        if !self.snapshot.is_unchanged(&now) {
            return Err(Failure::new(
                path,
                "changed while mmio worked on it (another program wrote to it): nothing was replaced; \
                 try again when it is done",
            ));
        }
        let named = fs::metadata(&self.real).map_err(|e| Failure::io(&self.real, "cannot read", e))?;
        if !self.snapshot.is_same_file(&self.real, &named) {
            return Err(Failure::new(
                path,
                "was replaced by another file while mmio worked on it: nothing was replaced",
            ));
        }
        Ok(())
    }
}

impl Read for LockedInput {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.reader.read(buf)
    }
}

impl Seek for LockedInput {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        self.reader.seek(pos)
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;
    use crate::safe::test_dir::TestDir;

    #[test]
    fn writers_and_exclusive_holders_are_refused_readers_are_not() {
        let dir = TestDir::new("share");
        let path = dir.join("live.wav");
        fs::write(&path, b"RIFF").unwrap();
        for share in [Share::Exclusive, Share::DenyWrite, Share::DenyNone, Share::Compat] {
            let holder = OpenOptions::new().read_write().share(share).open(&path).unwrap();
            let err = LockedInput::open(&path).err().unwrap_or_else(|| panic!("{share:?} holder: not refused"));
            assert!(err.to_string().contains("is in use by another program"), "{err}");
            drop(holder);
        }
        for share in [Share::DenyWrite, Share::DenyNone] {
            let reader = OpenOptions::new().share(share).open(&path).unwrap();
            assert!(LockedInput::open(&path).is_ok(), "a {share:?} reader does not stop a repair");
            drop(reader);
        }
        // While it is held, no libmmio writer gets in.
        let locked = LockedInput::open(&path).unwrap();
        let Err(err) = OpenOptions::new().write().open(&path) else { panic!("the lock denies writers") };
        assert_eq!(err.code(), ErrorCode::SharingViolation);
        drop(locked);
        assert!(OpenOptions::new().write().open(&path).is_ok());
    }

    #[test]
    fn a_write_without_the_lock_or_a_replaced_name_is_seen() {
        let dir = TestDir::new("locked-changed");
        let path = dir.join("a.wav");
        fs::write(&path, b"RIFF....").unwrap();
        let mut locked = LockedInput::open(&path).unwrap();
        let mut head = [0; 4];
        locked.read_exact(&mut head).unwrap();
        assert_eq!(&head, b"RIFF");
        locked.check_unchanged().unwrap();
        // Another program appends, without libmmio.
        fs::OpenOptions::new().append(true).open(&path).unwrap().write_all(b"more").unwrap();
        let err = locked.check_unchanged().unwrap_err();
        assert!(err.to_string().contains("changed while mmio worked on it"), "{err}");

        let mut locked = LockedInput::open(&path).unwrap();
        fs::write(dir.join("other"), b"RIFF....more").unwrap();
        fs::rename(dir.join("other"), &path).unwrap();
        let err = locked.check_unchanged().unwrap_err();
        assert!(err.to_string().contains("was replaced by another file"), "{err}");
        locked.seek(SeekFrom::Start(0)).unwrap();
    }

    #[test]
    fn only_regular_files() {
        let dir = TestDir::new("kinds");
        let err = LockedInput::open(dir.path()).err().unwrap();
        assert!(err.to_string().ends_with("is a directory"), "{err}");
        let err = LockedInput::open(Path::new("/dev/null")).err().unwrap();
        assert!(err.to_string().contains("is not a regular file"), "{err}");
        let err = LockedInput::open(&dir.join("missing")).err().unwrap();
        assert!(err.to_string().contains("cannot open"), "{err}");
        // A name that looks compound (`+`) is still a plain file.
        fs::write(dir.join("a.b+c"), b"x").unwrap();
        assert!(LockedInput::open(&dir.join("a.b+c")).is_ok());
    }
}
