//! [`Mmio`], an open file: its state, its life cycle (open, close, drop) and the
//! snapshot of its state that `mmioGetInfo` exposes.
//!
//! The buffered operations live in `buffered.rs`, the `std::io` traits in `std_io.rs`
//! and direct buffer access in `direct.rs`; all are `impl` blocks on this type.

use std::fs::File;
use std::path::Path;

use crate::buffer::Memory;
use crate::error::{ErrorCode, Operation, Result};
use crate::flag_sets::{CloseFlags, OpenFlags};
use crate::flags::MMIOM_USER;
use crate::fourcc::FourCC;
use crate::ioproc::{IoProc, ProcState};
use crate::options::OpenOptions;
use crate::registry::ProcUse;

/// An open MMIO file: an I/O procedure, its state, and a buffer.
///
/// `Mmio` is the `HMMIO` of the Rust API. It reads, writes and seeks with the exact
/// buffering rules of Windows (see `docs/architecture.md`), implements
/// [`Read`](std::io::Read), [`Write`](std::io::Write), [`Seek`](std::io::Seek) and
/// [`BufRead`](std::io::BufRead), and offers direct access to its buffer
/// ([`Mmio::direct`]). Dropping it closes it, flushing the buffer but discarding any
/// error; call [`Mmio::close`] to see errors.
///
/// ```
/// use std::io::{Read, Write, Seek, SeekFrom};
/// # fn main() -> std::io::Result<()> {
/// let dir = std::env::temp_dir().join(format!("mmio-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let path = dir.join("hello.bin");
///
/// let mut file = winmmio::Mmio::create(&path)?;
/// file.write_all(b"hello, world")?;
/// file.close()?;
///
/// let mut file = winmmio::Mmio::open(&path)?;
/// file.seek(SeekFrom::Start(7))?;
/// let mut word = String::new();
/// file.read_to_string(&mut word)?;
/// assert_eq!(word, "world");
/// # std::fs::remove_dir_all(&dir)
/// # }
/// ```
pub struct Mmio {
    pub(crate) proc: Box<dyn IoProc>,
    /// `lDiskOffset`, `adwInfo` and `dwFlags` (with `MMIO_ALLOCBUF` and `MMIO_DIRTY`).
    pub(crate) state: ProcState,
    /// The code of the procedure in use (`fccIOProc`).
    pub(crate) fourcc: FourCC,
    /// The buffer; length 0 means unbuffered. For a memory file, the whole file.
    pub(crate) buf: Memory,
    /// Index of the next byte to read or write (`pchNext`).
    pub(crate) next: usize,
    /// End of the valid data in the buffer (`pchEndRead`); writes move it forward.
    pub(crate) end_read: usize,
    /// File offset of the first byte of the buffer (`lBufOffset`).
    pub(crate) buf_offset: u64,
    /// The buffer is the file (the built-in `MEM ` procedure).
    pub(crate) memory: bool,
    /// The access mode of `state.flags` (fixed at open) as the fast paths of reading and
    /// writing test it: one byte each.
    pub(crate) may_read: bool,
    pub(crate) may_write: bool,
    /// Reads nobody can observe: the built-in `DOS ` procedure itself (not a procedure
    /// wrapping it) on a regular file. A chunk search may then read ahead.
    pub(crate) quiet_reads: bool,
    /// The read-ahead block of the chunk search in progress, if it reads ahead.
    pub(crate) read_ahead: Option<crate::read_ahead::ReadAhead>,
    /// What the RIFF services know of the file (byte order, RF64 sizes).
    pub(crate) riff: crate::riff::RiffState,
    /// Keeps the procedure marked as in use, and a per-open procedure installed.
    pub(crate) proc_use: Option<ProcUse>,
    pub(crate) closed: bool,
}

/// A snapshot of a file's state: what `mmioGetInfo` copies into an `MMIOINFO`, with
/// buffer pointers as indexes into [`Mmio::buffer`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Info {
    /// `dwFlags`: the open flags, [`ALLOCBUF`](OpenFlags::ALLOCBUF) for an internal
    /// buffer, and [`DIRTY`](OpenFlags::DIRTY) when the buffer holds data not yet
    /// written out.
    pub flags: OpenFlags,
    /// `fccIOProc`: the code of the I/O procedure in use.
    pub io_proc: FourCC,
    /// `cchBuffer`: the buffer size (0 when unbuffered).
    pub buffer_len: usize,
    /// `pchNext`: the next byte to read or write.
    pub next: usize,
    /// `pchEndRead`: one past the last byte that can be read.
    pub end_read: usize,
    /// `pchEndWrite`: one past the last byte that can be written.
    pub end_write: usize,
    /// `lBufOffset`: the file offset of the buffer's first byte.
    pub buffer_offset: u64,
    /// `lDiskOffset`: the I/O procedure's offset.
    pub disk_offset: u64,
    /// `adwInfo`: the I/O procedure's private state.
    pub proc_info: [u32; 3],
}

impl Info {
    /// True when [`DIRTY`](OpenFlags::DIRTY) is set.
    pub fn is_dirty(&self) -> bool {
        self.flags.contains(OpenFlags::DIRTY)
    }

    /// The logical position: `buffer_offset + next`.
    pub fn position(&self) -> u64 {
        self.buffer_offset + self.next as u64
    }
}

impl Mmio {
    /// Opens an existing file for reading, with an 8 KiB buffer.
    pub fn open(path: impl AsRef<Path>) -> Result<Mmio> {
        OpenOptions::new().open(path)
    }

    /// Creates (or truncates) a file for writing, with an 8 KiB buffer.
    pub fn create(path: impl AsRef<Path>) -> Result<Mmio> {
        OpenOptions::new().write().create(true).open(path)
    }

    /// Opens `data` as a read-write memory file (`FOURCC_MEM`) whose contents are all of
    /// `data`, and which grows in steps of at least `grow_by` bytes (0: fixed size).
    pub fn memory(data: Vec<u8>, grow_by: u32) -> Result<Mmio> {
        OpenOptions::new().read_write().grow_by(grow_by).open_memory(data)
    }

    /// Opens an already open operating-system file with the `DOS ` procedure, starting
    /// at the file's current offset (`mmioOpen` with a `NULL` name and a file handle).
    pub fn from_file(file: File) -> Result<Mmio> {
        OpenOptions::new().read_write().open_file(file)
    }

    /// Closes a memory file and returns its contents: the block cut at the end of the
    /// data.
    pub fn into_memory(mut self) -> Result<Vec<u8>> {
        self.close_inner(CloseFlags::empty())?;
        let mut block = std::mem::replace(&mut self.buf, Memory::empty()).into_vec();
        block.truncate(self.end_read);
        Ok(block)
    }
    /// Flushes and closes the file (`mmioClose`), reporting the first error. `flags` are
    /// `mmioClose`'s: [`FHOPEN`](CloseFlags::FHOPEN) leaves an adopted operating-system
    /// file open. The buffer is freed whatever happens.
    pub fn close_with(mut self, flags: CloseFlags) -> Result<()> {
        self.close_inner(flags)
    }

    /// Flushes and closes the file (`mmioClose(h, 0)`), reporting the first error.
    pub fn close(self) -> Result<()> {
        self.close_with(CloseFlags::empty())
    }

    pub(crate) fn close_inner(&mut self, flags: CloseFlags) -> Result<()> {
        if self.closed {
            return Ok(());
        }
        self.closed = true;
        let flushed = self.write_out();
        let closed = self.proc.close(&mut self.state, flags).map_err(|e| e.during(Operation::Close));
        self.proc_use = None;
        flushed.map_err(|e| e.during(Operation::Close)).and(closed)
    }

    /// What `mmioGetInfo` reports.
    pub fn info(&self) -> Info {
        Info {
            flags: self.state.flags,
            io_proc: self.fourcc,
            buffer_len: self.buf.bytes().len(),
            next: self.next,
            end_read: self.end_read,
            end_write: self.buf.bytes().len(),
            buffer_offset: self.buf_offset,
            disk_offset: self.state.disk_offset,
            proc_info: self.state.info,
        }
    }

    /// The buffer (for a memory file, the whole block): what `pchBuffer` and
    /// `cchBuffer` describe.
    #[inline]
    pub fn buffer(&self) -> &[u8] {
        self.buf.bytes()
    }

    /// The logical position: where the next read or write happens.
    pub fn position(&self) -> u64 {
        self.buf_offset + self.next as u64
    }

    /// The installable procedure the file uses; `None` for a file opened from an
    /// operating-system file ([`OpenOptions::open_file`]), which uses its own
    /// [`FileProc`](crate::FileProc).
    pub fn procedure(&self) -> Option<&crate::ProcRef> {
        self.proc_use.as_ref().map(ProcUse::proc)
    }

    /// True for a memory file (the built-in `MEM ` procedure).
    pub fn is_memory(&self) -> bool {
        self.memory
    }

    /// The data of a memory file: its block up to the end of the data.
    pub fn memory_data(&self) -> Option<&[u8]> {
        self.memory.then(|| self.buf.bytes().get(..self.end_read).unwrap_or_default())
    }

    /// Sends a procedure-defined message (`mmioSendMessage`); messages below
    /// `MMIOM_USER` are refused with `MMSYSERR_INVALPARAM`.
    pub fn send_message(&mut self, msg: u32, param1: isize, param2: isize) -> Result<isize> {
        if msg < MMIOM_USER {
            return Err(crate::Error::with_detail(ErrorCode::InvalidParam, "messages below MMIOM_USER are reserved")
                .during(Operation::SendMessage));
        }
        Ok(self.proc.user_message(&mut self.state, msg, param1, param2))
    }
}

impl Drop for Mmio {
    fn drop(&mut self) {
        let _ = self.close_inner(CloseFlags::empty());
    }
}

impl std::fmt::Debug for Mmio {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mmio").field("info", &self.info()).field("closed", &self.closed).finish()
    }
}
