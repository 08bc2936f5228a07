//! I/O procedures: the bottom layer, which moves bytes between a file's buffer and its
//! storage (an operating-system file, a memory block, an archive element, ...).
//!
//! An I/O procedure answers the messages of Windows' `MMIOPROC` (open, close, read,
//! write, write-flush, seek, rename and user messages) through the [`IoProc`] trait,
//! returning results instead of magic numbers. It keeps [`ProcState::disk_offset`] equal
//! to the offset the next read or write will access, and may keep its own state in
//! [`ProcState::info`] (Windows' `adwInfo`). The buffered engine above never touches a
//! procedure's storage except through these messages.
//!
//! Procedures are installed and found by [`FourCC`](crate::FourCC) as [`ProcRef`]s,
//! factories that make one [`IoProc`] per open file; see [`crate::registry`].

pub(crate) mod file;
pub(crate) mod memory;
mod os_file;

use std::any::Any;
use std::path::Path;
use std::sync::{Arc, LazyLock};

use crate::error::{Error, ErrorCode, Result};
use crate::flag_sets::{CloseFlags, OpenFlags};
use crate::flags::{MMIO_READ, MMIO_RWMODE, MMIO_WRITE};

pub use file::FileProc;
pub use memory::MemProc;

/// Where a seek offset counts from, as in `MMIOM_SEEK`: the C `SEEK_SET`, `SEEK_CUR`
/// and `SEEK_END`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum SeekOrigin {
    /// From the start of the file (`SEEK_SET`).
    Start,
    /// From the current position (`SEEK_CUR`).
    Current,
    /// From the end of the file (`SEEK_END`). For an I/O procedure the offset is added
    /// to the end, as `lseek` does; `Mmio::seek_mmio` instead counts a positive offset
    /// back from the end, as `mmioSeek` does.
    End,
}

/// The part of a file's state an I/O procedure sees and maintains (in C, the
/// `lDiskOffset`, `adwInfo` and `dwFlags` members of `MMIOINFO`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProcState {
    /// The offset the next read or write message will access. The procedure must keep
    /// it current; it starts at 0 when the open message arrives.
    pub disk_offset: u64,
    /// Procedure-private state (`adwInfo`). At open it holds what the caller passed:
    /// the growth increment of a memory file in `info[0]`, for instance.
    pub info: [u32; 3],
    pub(crate) flags: OpenFlags,
    /// Set by the built-in `DOS ` procedure on a regular file: a read goes to
    /// `disk_offset`, does nothing but read, and setting `disk_offset` is the whole of a
    /// seek. Nobody can then tell how a chunk search reads, so it may read ahead
    /// (`read_ahead.rs`). Procedures outside this crate cannot set it.
    pub(crate) positional: bool,
}

impl ProcState {
    /// A state for a file opened with these flags and this `adwInfo`.
    pub fn new(flags: OpenFlags, info: [u32; 3]) -> ProcState {
        ProcState { disk_offset: 0, info, flags, positional: false }
    }

    /// The file's `dwFlags`: the open flags, plus [`ALLOCBUF`](OpenFlags::ALLOCBUF) when
    /// the buffer is internal and [`DIRTY`](OpenFlags::DIRTY) when it holds unwritten
    /// data.
    pub fn flags(&self) -> OpenFlags {
        self.flags
    }

    /// True when the file was opened for reading (`READ` or `READWRITE`).
    pub fn can_read(&self) -> bool {
        self.flags.bits() & MMIO_RWMODE != MMIO_WRITE
    }

    /// True when the file was opened for writing (`WRITE` or `READWRITE`).
    pub fn can_write(&self) -> bool {
        self.flags.bits() & MMIO_RWMODE != MMIO_READ
    }
}

/// An I/O procedure: the storage behind one open file.
///
/// Every method gets the file's [`ProcState`]; a method that moves the storage position
/// must update [`ProcState::disk_offset`]. Errors are [`crate::Error`]s, so a procedure
/// can report any MMIO code (an `io::Error` converts with [`crate::Error::from_io`]).
///
/// ```
/// use winmmio::{CloseFlags, IoProc, ProcState, SeekOrigin, Result};
///
/// /// A procedure for an endless stream of zeros.
/// struct Zeros;
///
/// impl IoProc for Zeros {
///     fn open(&mut self, _: &mut ProcState, _: Option<&std::path::Path>) -> Result<()> { Ok(()) }
///     fn close(&mut self, _: &mut ProcState, _: CloseFlags) -> Result<()> { Ok(()) }
///     fn read(&mut self, st: &mut ProcState, buf: &mut [u8]) -> Result<usize> {
///         buf.fill(0);
///         st.disk_offset += buf.len() as u64;
///         Ok(buf.len())
///     }
///     fn write(&mut self, _: &mut ProcState, _: &[u8]) -> Result<usize> {
///         Err(winmmio::ErrorCode::CannotWrite.into())
///     }
///     fn seek(&mut self, st: &mut ProcState, offset: i64, origin: SeekOrigin) -> Result<u64> {
///         let base = if origin == SeekOrigin::Current { st.disk_offset } else { 0 };
///         st.disk_offset = base.checked_add_signed(offset).ok_or(winmmio::ErrorCode::CannotSeek)?;
///         Ok(st.disk_offset)
///     }
/// }
/// ```
pub trait IoProc: Send {
    /// `MMIOM_OPEN`: open `name` (the whole name, `+element` included; `None` for a
    /// nameless open). [`ProcState::flags`] holds the `mmioOpen` flags, which may ask to
    /// delete the file ([`DELETE`](OpenFlags::DELETE)) or only check that it exists
    /// ([`EXIST`](OpenFlags::EXIST)).
    fn open(&mut self, state: &mut ProcState, name: Option<&Path>) -> Result<()>;

    /// `MMIOM_CLOSE`: release the storage. `flags` are `mmioClose`'s
    /// ([`FHOPEN`](CloseFlags::FHOPEN): leave an operating-system handle the caller
    /// passed in open).
    fn close(&mut self, state: &mut ProcState, flags: CloseFlags) -> Result<()>;

    /// `MMIOM_READ`: read up to `buf.len()` bytes at the disk offset; 0 means end of
    /// file. Returning more than `buf.len()` is reported as a read error.
    fn read(&mut self, state: &mut ProcState, buf: &mut [u8]) -> Result<usize>;

    /// `MMIOM_WRITE`: write up to `buf.len()` bytes at the disk offset; returns how many
    /// were written. Returning more than `buf.len()` is reported as a write error.
    fn write(&mut self, state: &mut ProcState, buf: &[u8]) -> Result<usize>;

    /// `MMIOM_WRITEFLUSH`: like [`write`](IoProc::write), then flush the procedure's own
    /// buffers, if it has any. The default is `write`.
    fn write_flush(&mut self, state: &mut ProcState, buf: &[u8]) -> Result<usize> {
        self.write(state, buf)
    }

    /// `MMIOM_SEEK`: move the disk offset (for [`SeekOrigin::End`], `offset` is added to
    /// the end of the file) and return the new offset.
    fn seek(&mut self, state: &mut ProcState, offset: i64, origin: SeekOrigin) -> Result<u64>;

    /// `MMIOM_RENAME`: rename `from` to `to`. The default refuses with
    /// `MMIOERR_CANNOTOPEN`, for storage that cannot rename.
    fn rename(&mut self, state: &mut ProcState, from: &Path, to: &Path) -> Result<()> {
        let _ = (state, from, to);
        Err(Error::with_detail(ErrorCode::CannotOpen, "this I/O procedure cannot rename"))
    }

    /// A message at or above `MMIOM_USER`, sent with `Mmio::send_message`. The default
    /// answers 0, as an unrecognised message should be answered.
    fn user_message(&mut self, state: &mut ProcState, msg: u32, param1: isize, param2: isize) -> isize {
        let _ = (state, msg, param1, param2);
        0
    }
}

/// Makes [`IoProc`]s: what gets installed under a [`FourCC`](crate::FourCC).
///
/// Implemented for you by [`ProcRef::from_fn`]; implement it directly when the
/// procedure needs shared configuration or must be recognisable with
/// [`ProcRef::downcast_ref`].
pub trait ProcFactory: Any + Send + Sync {
    /// A fresh procedure for one file about to be opened.
    fn instantiate(&self) -> Box<dyn IoProc>;
}

/// A shared reference to an installable I/O procedure. Two `ProcRef`s are the same
/// procedure when they are clones of one another ([`ProcRef::same`]).
#[derive(Clone)]
pub struct ProcRef(Arc<dyn ProcFactory>);

struct FnFactory<F>(F);

impl<F, P> ProcFactory for FnFactory<F>
where
    F: Fn() -> P + Send + Sync + 'static,
    P: IoProc + 'static,
{
    fn instantiate(&self) -> Box<dyn IoProc> {
        Box::new((self.0)())
    }
}

struct BuiltinFile;
struct BuiltinMemory;

impl ProcFactory for BuiltinFile {
    fn instantiate(&self) -> Box<dyn IoProc> {
        Box::new(FileProc::new())
    }
}

impl ProcFactory for BuiltinMemory {
    fn instantiate(&self) -> Box<dyn IoProc> {
        Box::new(MemProc)
    }
}

static DOS_PROC: LazyLock<ProcRef> = LazyLock::new(|| ProcRef::new(BuiltinFile));
static MEM_PROC: LazyLock<ProcRef> = LazyLock::new(|| ProcRef::new(BuiltinMemory));

impl ProcRef {
    /// Wraps a factory.
    pub fn new(factory: impl ProcFactory) -> ProcRef {
        ProcRef(Arc::new(factory))
    }

    /// A procedure made by calling `make` once per opened file.
    pub fn from_fn<P: IoProc + 'static>(make: impl Fn() -> P + Send + Sync + 'static) -> ProcRef {
        ProcRef::new(FnFactory(make))
    }

    /// The built-in procedure for operating-system files (`DOS `).
    pub fn dos() -> ProcRef {
        DOS_PROC.clone()
    }

    /// The built-in procedure for memory files (`MEM `).
    pub fn mem() -> ProcRef {
        MEM_PROC.clone()
    }

    /// True when both refer to the same installed procedure.
    pub fn same(&self, other: &ProcRef) -> bool {
        std::ptr::addr_eq(Arc::as_ptr(&self.0), Arc::as_ptr(&other.0))
    }

    /// True for the built-in `DOS ` or `MEM ` procedure.
    pub fn is_builtin(&self) -> bool {
        self.same(&DOS_PROC) || self.same(&MEM_PROC)
    }

    /// The factory, if it is a `T`.
    pub fn downcast_ref<T: ProcFactory>(&self) -> Option<&T> {
        let any: &dyn Any = &*self.0;
        any.downcast_ref::<T>()
    }

    /// A new procedure instance for one file.
    pub(crate) fn instantiate(&self) -> Box<dyn IoProc> {
        self.0.instantiate()
    }

    /// An identity usable as a map key while this `ProcRef` is alive.
    pub(crate) fn key(&self) -> usize {
        Arc::as_ptr(&self.0).cast::<()>() as usize
    }
}

impl std::fmt::Debug for ProcRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.same(&DOS_PROC) {
            f.write_str("ProcRef(DOS)")
        } else if self.same(&MEM_PROC) {
            f.write_str("ProcRef(MEM)")
        } else {
            write!(f, "ProcRef({:#x})", self.key())
        }
    }
}
