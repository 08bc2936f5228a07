//! The built-in `DOS ` procedure: operating-system files.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::Path;

use super::os_file::{self, PositionalIo};
use super::{IoProc, ProcState, SeekOrigin};
use crate::error::{Error, ErrorCode, Operation, Result};
use crate::flag_sets::{CloseFlags, OpenFlags};
use crate::share;

/// The `DOS ` I/O procedure: reads and writes an operating-system file.
///
/// Like the Windows one, it keeps the operating-system handle in `adwInfo[0]`: the file
/// descriptor on Unix, the file handle on Windows.
///
/// Opening by name honours the `mmioOpen` access, create and share-mode flags (share
/// modes are enforced between handles of this library, in this and other processes:
/// with open-file-description locks on Linux, a table and `flock` on other Unix
/// systems, the system's share modes on Windows; `docs/portability.md`). A procedure
/// made with [`FileProc::with_file`] adopts an already open file instead, starting at
/// its current offset; `MMIO_FHOPEN` at close then leaves that file open.
///
/// On a regular file the disk offset lives in `lDiskOffset` alone: reads and writes go
/// to it with positioned reads and writes (`pread`/`pwrite` on Unix), so a seek costs
/// no system call (a seek from the end asks the file's size). An adopted descriptor
/// closed with `MMIO_FHOPEN` is left at the disk offset. Other files use the
/// descriptor's own offset; one that has none (a pipe, a socket, a terminal) is read
/// and written in sequence from offset 0, and seeks on it only go forward, by reading
/// (`MMIOERR_CANNOTSEEK` otherwise).
#[derive(Debug, Default)]
pub struct FileProc {
    file: Option<File>,
    /// The share-mode claim of a file opened by name; dropped after `file` closes.
    share_claim: Option<share::ShareClaim>,
    /// A regular file: positioned reads and writes at `disk_offset`.
    positioned: bool,
    /// The file came from the caller ([`FileProc::with_file`]): `MMIO_FHOPEN` gives it
    /// back open. A file opened by name is always closed.
    adopted: bool,
}

impl FileProc {
    /// A procedure that will open its file by name.
    pub fn new() -> FileProc {
        FileProc { file: None, share_claim: None, positioned: false, adopted: false }
    }

    /// A procedure for a file that is already open; the open message takes its
    /// current offset as the starting position.
    pub fn with_file(file: File) -> FileProc {
        FileProc { file: Some(file), share_claim: None, positioned: false, adopted: true }
    }

    /// The operating-system file, if the procedure holds one (after a failed open of
    /// an adopted file, the caller's file, still open).
    pub fn into_file(mut self) -> Option<File> {
        self.share_claim = None;
        self.file.take()
    }

    /// The size of the file, for a seek from its end.
    fn len(&mut self) -> Result<u64> {
        let file = self.file()?;
        file.metadata().map(|m| m.len()).map_err(|e| Error::from_io(Operation::Seek, e))
    }

    fn file(&mut self) -> Result<&mut File> {
        self.file.as_mut().ok_or_else(|| Error::with_detail(ErrorCode::InvalidHandle, "file is not open"))
    }

    /// A seek on a file that has no offset (a pipe): forward by reading and dropping the
    /// bytes in between, so that a chunk search can skip what it does not want; anything
    /// else is `MMIOERR_CANNOTSEEK`. The disk offset counts every byte read, also when
    /// the end comes first.
    fn skip_forward(&mut self, state: &mut ProcState, target: SeekFrom) -> Result<()> {
        let cannot = |detail| Err(Error::with_detail(ErrorCode::CannotSeek, detail).during(Operation::Seek));
        let goal = match target {
            SeekFrom::Start(at) => Some(at),
            SeekFrom::Current(delta) => state.disk_offset.checked_add_signed(delta),
            SeekFrom::End(_) => return cannot("a pipe has no known end"),
        };
        let Some(goal) = goal.filter(|&g| g >= state.disk_offset) else {
            return cannot("a pipe cannot go back");
        };
        let file = self.file()?;
        let mut scratch = [0u8; 4096];
        while state.disk_offset < goal {
            let want = usize::try_from(goal - state.disk_offset).map_or(scratch.len(), |n| n.min(scratch.len()));
            match retry(|| file.read(&mut scratch[..want])) {
                Ok(0) => return cannot("the pipe ended before the target"),
                Ok(n) => state.disk_offset += n as u64,
                Err(e) => return Err(Error::from_io(Operation::Seek, e)),
            }
        }
        Ok(())
    }
}

/// Opens `name` as the `mmioOpen` flags ask: shares are checked before anything is
/// truncated, so a refused open never loses data.
fn open_named(name: &Path, flags: OpenFlags) -> Result<(File, share::ShareClaim)> {
    let state = ProcState::new(flags, [0; 3]);
    let create = flags.contains(OpenFlags::CREATE);
    let mut options = OpenOptions::new();
    options.read(state.can_read() || create).write(state.can_write() || create).create(create);
    share::prepare(&mut options, flags);
    let file = options.open(name).map_err(|e| open_error(name, e))?;
    let share_claim = share::acquire(&file, name, flags)?;
    if create {
        file.set_len(0).map_err(|e| Error::from_io(Operation::Open, e))?;
    }
    Ok((file, share_claim))
}

/// The open error for `source`, telling a missing directory from a missing file.
pub(crate) fn open_error(name: &Path, source: io::Error) -> Error {
    let err = Error::from_io(Operation::Open, source);
    if err.code() == ErrorCode::FileNotFound {
        let parent = name.parent().filter(|p| !p.as_os_str().is_empty());
        if parent.is_some_and(|p| !p.is_dir()) {
            return Error::from_io(Operation::Open, io::Error::from(io::ErrorKind::NotADirectory));
        }
    }
    err
}

/// True for a regular file, which can be read and written at any offset.
fn is_regular(file: &File) -> bool {
    file.metadata().is_ok_and(|m| m.file_type().is_file())
}

fn retry<T>(mut op: impl FnMut() -> io::Result<T>) -> io::Result<T> {
    loop {
        match op() {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

impl IoProc for FileProc {
    fn open(&mut self, state: &mut ProcState, name: Option<&Path>) -> Result<()> {
        if let Some(file) = &mut self.file {
            state.disk_offset = match file.stream_position() {
                Ok(at) => at,
                // A pipe, socket or terminal: sequential I/O from here, counted from 0.
                Err(e) if e.kind() == io::ErrorKind::NotSeekable => 0,
                Err(e) => return Err(Error::from_io(Operation::Open, e)),
            };
            state.info[0] = os_file::raw_handle(file);
            self.positioned = is_regular(file);
            state.positional = self.positioned;
            return Ok(());
        }
        let name = name.ok_or_else(|| Error::with_detail(ErrorCode::CannotOpen, "no file name"))?;
        let flags = state.flags();
        if flags.contains(OpenFlags::DELETE) {
            return fs::remove_file(name).map_err(|e| open_error(name, e));
        }
        if flags.contains(OpenFlags::EXIST) {
            return fs::metadata(name).map(drop).map_err(|e| open_error(name, e));
        }
        let (file, share_claim) = open_named(name, flags)?;
        state.info[0] = os_file::raw_handle(&file);
        self.positioned = is_regular(&file);
        state.positional = self.positioned;
        self.file = Some(file);
        self.share_claim = Some(share_claim);
        state.disk_offset = 0;
        Ok(())
    }

    fn close(&mut self, state: &mut ProcState, flags: CloseFlags) -> Result<()> {
        // The claim is withdrawn when this function returns, after the file (and any
        // lock on its description) is closed: until then the handle still counts.
        let _share_claim = self.share_claim.take();
        let Some(mut file) = self.file.take() else { return Ok(()) };
        if flags.contains(CloseFlags::FHOPEN) && self.adopted {
            // The caller owns the descriptor: leave it at the disk offset, and give up
            // ownership without closing it, even when that seek fails.
            let placed = if self.positioned {
                retry(|| file.seek(SeekFrom::Start(state.disk_offset))).map(drop)
            } else {
                Ok(())
            };
            os_file::release(file);
            return placed.map_err(|e| Error::from_io(Operation::Close, e));
        }
        os_file::close(file).map_err(|e| Error::from_io(Operation::Close, e))
    }

    fn read(&mut self, state: &mut ProcState, buf: &mut [u8]) -> Result<usize> {
        let positioned = self.positioned;
        let file = self.file()?;
        let at = state.disk_offset;
        let n = retry(|| if positioned { file.read_at(buf, at) } else { file.read(buf) })
            .map_err(|e| Error::from_io(Operation::Read, e))?;
        state.disk_offset += n as u64;
        Ok(n)
    }

    fn write(&mut self, state: &mut ProcState, buf: &[u8]) -> Result<usize> {
        let positioned = self.positioned;
        let file = self.file()?;
        let at = state.disk_offset;
        let n = retry(|| if positioned { file.write_at(buf, at) } else { file.write(buf) })
            .map_err(|e| Error::from_io(Operation::Write, e))?;
        state.disk_offset += n as u64;
        Ok(n)
    }

    fn seek(&mut self, state: &mut ProcState, offset: i64, origin: SeekOrigin) -> Result<u64> {
        if self.positioned {
            let base = match origin {
                SeekOrigin::Start => 0,
                SeekOrigin::Current => state.disk_offset,
                SeekOrigin::End => self.len()?,
            };
            let target = base.checked_add_signed(offset).filter(|&t| t <= i64::MAX as u64);
            state.disk_offset =
                target.ok_or_else(|| Error::with_detail(ErrorCode::CannotSeek, "offset out of range"))?;
            return Ok(state.disk_offset);
        }
        let target = match origin {
            SeekOrigin::Start => SeekFrom::Start(u64::try_from(offset).map_err(|_| ErrorCode::CannotSeek)?),
            SeekOrigin::Current => SeekFrom::Current(offset),
            SeekOrigin::End => SeekFrom::End(offset),
        };
        let file = self.file()?;
        match retry(|| file.seek(target)) {
            Ok(at) => state.disk_offset = at,
            Err(e) if e.kind() == io::ErrorKind::NotSeekable => self.skip_forward(state, target)?,
            Err(e) => return Err(Error::from_io(Operation::Seek, e)),
        }
        Ok(state.disk_offset)
    }

    fn rename(&mut self, _state: &mut ProcState, from: &Path, to: &Path) -> Result<()> {
        fs::rename(from, to).map_err(|e| Error::from_io(Operation::Rename, e))
    }
}
