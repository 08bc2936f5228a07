//! [`OpenOptions`]: every `mmioOpen` flag and `MMIOINFO` input, and the open sequence
//! (choose the I/O procedure, send it the open message, set up the buffer).

use std::fs::File;
use std::path::Path;

use crate::buffer::Memory;
use crate::error::{Error, ErrorCode, Operation, Result};
use crate::flag_sets::OpenFlags;
use crate::flags::{MMIO_DEFAULTBUFFER, MMIO_DENYNONE, MMIO_RWMODE, MMIO_SHAREMODE};
use crate::fourcc::FourCC;
use crate::handle::Mmio;
use crate::ioproc::{FileProc, IoProc, ProcRef, ProcState};
use crate::names::compound_fourcc;
use crate::registry::{self, ProcUse};

/// Which operations a file allows (`MMIO_READ`, `MMIO_WRITE`, `MMIO_READWRITE`).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Default)]
pub enum Access {
    /// Reading only.
    #[default]
    Read,
    /// Writing only.
    Write,
    /// Reading and writing.
    ReadWrite,
}

/// What other opens of the same file may do (`MMIO_COMPAT`, `MMIO_EXCLUSIVE`,
/// `MMIO_DENYWRITE`, `MMIO_DENYREAD`, `MMIO_DENYNONE`). A conflict fails the later
/// open with `MMIOERR_SHARINGVIOLATION`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Default)]
pub enum Share {
    /// Compatibility mode: shares reading and writing, like [`Share::DenyNone`].
    #[default]
    Compat,
    /// Deny others both reading and writing.
    Exclusive,
    /// Deny others writing.
    DenyWrite,
    /// Deny others reading.
    DenyRead,
    /// Deny nothing.
    DenyNone,
}

#[derive(Clone, Debug)]
enum ProcChoice {
    /// From the name: `file.ext+element` selects `EXT `, anything else `DOS `.
    ByName,
    /// The newest procedure installed under this code (`fccIOProc`).
    Code(FourCC),
    /// This procedure, for this file only (`pIOProc`), findable under the code.
    Given(FourCC, ProcRef),
}

/// How to open a file: the `mmioOpen` flags and the inputs of its `MMIOINFO`.
///
/// Unlike `mmioOpen`, which is unbuffered unless asked, the default here is an internal
/// 8 KiB buffer (`MMIO_ALLOCBUF`); [`unbuffered`](OpenOptions::unbuffered) turns it off.
///
/// ```
/// use winmmio::{OpenOptions, Share};
/// # let dir = std::env::temp_dir().join(format!("mmio-opt-{}", std::process::id()));
/// # std::fs::create_dir_all(&dir).unwrap();
/// let path = dir.join("a.wav");
/// let writer = OpenOptions::new().write().create(true).share(Share::Exclusive).open(&path)?;
/// let err = OpenOptions::new().open(&path).unwrap_err();
/// assert_eq!(err.code(), winmmio::ErrorCode::SharingViolation);
/// # drop(writer); std::fs::remove_dir_all(&dir).unwrap();
/// # Ok::<(), winmmio::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct OpenOptions {
    flags: OpenFlags,
    buffer_size: usize,
    procedure: ProcChoice,
    proc_info: [u32; 3],
}

impl Default for OpenOptions {
    fn default() -> OpenOptions {
        OpenOptions::new()
    }
}

impl OpenOptions {
    /// Read-only, compatibility share mode, an 8 KiB internal buffer, the I/O procedure
    /// chosen from the name.
    pub fn new() -> OpenOptions {
        OpenOptions {
            flags: OpenFlags::READ,
            buffer_size: MMIO_DEFAULTBUFFER,
            procedure: ProcChoice::ByName,
            proc_info: [0; 3],
        }
    }

    /// Options from `mmioOpen` flags. [`ALLOCBUF`](OpenFlags::ALLOCBUF) is not kept:
    /// the buffer is chosen with [`buffer_size`](Self::buffer_size) or a caller-supplied
    /// buffer. Invalid combinations are reported when the file is opened.
    pub fn from_flags(mut flags: OpenFlags) -> OpenOptions {
        flags.remove(OpenFlags::ALLOCBUF);
        OpenOptions { flags, ..OpenOptions::new() }
    }

    /// The `mmioOpen` flags these options stand for (without `ALLOCBUF`).
    pub fn flags(&self) -> OpenFlags {
        self.flags
    }

    /// Sets the access mode.
    pub fn access(&mut self, access: Access) -> &mut OpenOptions {
        self.flags = self.flags.with_access(access);
        self
    }

    /// Write-only access (`MMIO_WRITE`).
    pub fn write(&mut self) -> &mut OpenOptions {
        self.access(Access::Write)
    }

    /// Read-write access (`MMIO_READWRITE`).
    pub fn read_write(&mut self) -> &mut OpenOptions {
        self.access(Access::ReadWrite)
    }

    /// Sets the share mode.
    pub fn share(&mut self, share: Share) -> &mut OpenOptions {
        self.flags = self.flags.with_share(share);
        self
    }

    /// `MMIO_CREATE`: create the file, or truncate it if it exists (the access mode
    /// still decides what may be done with it). For a memory file: the data starts
    /// empty instead of filling the block.
    pub fn create(&mut self, create: bool) -> &mut OpenOptions {
        self.flags.set(OpenFlags::CREATE, create);
        self
    }

    /// The size of the internal buffer (0: unbuffered); for a memory file without a
    /// block of its own, the size of the block to allocate.
    pub fn buffer_size(&mut self, len: usize) -> &mut OpenOptions {
        self.buffer_size = len;
        self
    }

    /// No buffer: every read and write goes straight to the I/O procedure.
    pub fn unbuffered(&mut self) -> &mut OpenOptions {
        self.buffer_size(0)
    }

    /// Use the procedure installed under `fourcc` (`fccIOProc`); `FourCC::MEM` opens a
    /// memory file, `FourCC::DOS` an operating-system file.
    pub fn io_proc_code(&mut self, fourcc: FourCC) -> &mut OpenOptions {
        self.procedure = ProcChoice::Code(fourcc);
        self
    }

    /// Use `proc` for this file only (`pIOProc`); while the file is open it can be
    /// found under `fourcc`.
    pub fn io_proc(&mut self, fourcc: FourCC, proc: ProcRef) -> &mut OpenOptions {
        self.procedure = ProcChoice::Given(fourcc, proc);
        self
    }

    /// The initial `adwInfo` handed to the I/O procedure.
    pub fn proc_info(&mut self, info: [u32; 3]) -> &mut OpenOptions {
        self.proc_info = info;
        self
    }

    /// For a memory file: grow in steps of at least this many bytes (`adwInfo[0]`);
    /// 0 keeps the size fixed.
    pub fn grow_by(&mut self, increment: u32) -> &mut OpenOptions {
        self.proc_info[0] = increment;
        self
    }

    /// Opens the file `name`.
    pub fn open(&self, name: impl AsRef<Path>) -> Result<Mmio> {
        self.open_with(Some(name.as_ref()), None)
    }

    /// Opens a memory file over `block` (with the built-in `MEM ` procedure unless
    /// another is installed under `MEM `).
    pub fn open_memory(&self, block: Vec<u8>) -> Result<Mmio> {
        let mut options = self.clone();
        options.io_proc_code(FourCC::MEM).open_with(None, Some(block))
    }

    /// Opens an already open operating-system file with the `DOS ` procedure; the
    /// position starts at the file's current offset.
    pub fn open_file(&self, file: File) -> Result<Mmio> {
        self.adopt_file(file, None).map_err(|(error, _file)| error)
    }

    /// The general [`open`](Self::open): `name` may be absent (memory files, procedures
    /// that need no name), and `buffer` is a block the caller supplies as the buffer (for
    /// a memory file, the file's block; its length is the size).
    pub fn open_with(&self, name: Option<&Path>, buffer: Option<Vec<u8>>) -> Result<Mmio> {
        self.open_in(name, buffer.map(Memory::owned))
    }

    /// [`open_with`](Self::open_with) for any buffer memory.
    pub(crate) fn open_in(&self, name: Option<&Path>, buffer: Option<Memory>) -> Result<Mmio> {
        self.check_flags()?;
        let chosen = self.choose(name)?;
        self.start(chosen, name, buffer)
    }

    /// [`open_file`](Self::open_file) for any buffer memory, but a failed open hands the
    /// file back (`Some`, untouched and open) with the error, instead of closing it. The
    /// C library adopts a caller's descriptor this way: a failed `mmioOpen` leaves it
    /// open.
    pub(crate) fn adopt_file(
        &self,
        file: File,
        buffer: Option<Memory>,
    ) -> std::result::Result<Mmio, (Error, Option<File>)> {
        let mut proc = FileProc::with_file(file);
        let opened = self.check_flags().and_then(|()| self.open_proc(&mut proc, false, None, buffer));
        match opened {
            Ok((state, buf)) => Ok(self.assemble(Box::new(proc), state, buf, FourCC::DOS, (false, true), None)),
            Err(error) => Err((error, proc.into_file())),
        }
    }

    /// Checks whether `name` exists (`MMIO_EXIST`), asking the I/O procedure the name
    /// selects. `Ok(())` when it does; otherwise the reason, such as
    /// `MMIOERR_FILENOTFOUND` or `MMIOERR_PATHNOTFOUND`.
    pub fn exists(&self, name: impl AsRef<Path>) -> Result<()> {
        self.ask(name.as_ref(), OpenFlags::EXIST)
    }

    /// Deletes `name` (`MMIO_DELETE`) through the I/O procedure the name selects.
    pub fn delete(&self, name: impl AsRef<Path>) -> Result<()> {
        self.ask(name.as_ref(), OpenFlags::DELETE)
    }

    /// Renames `from` to `to` (`mmioRename`) through the I/O procedure `from` selects.
    pub fn rename(&self, from: impl AsRef<Path>, to: impl AsRef<Path>) -> Result<()> {
        let (from, to) = (from.as_ref(), to.as_ref());
        let mut chosen = self.choose(Some(from)).map_err(|e| e.during(Operation::Rename))?;
        let mut state = ProcState::new(self.flags, self.proc_info);
        chosen.proc.rename(&mut state, from, to).map_err(|e| e.during(Operation::Rename))
    }

    fn ask(&self, name: &Path, flag: OpenFlags) -> Result<()> {
        let mut chosen = self.choose(Some(name))?;
        let mut state = ProcState::new(self.flags | flag, self.proc_info);
        chosen.proc.open(&mut state, Some(name)).map_err(|e| e.during(Operation::Open))
    }

    fn check_flags(&self) -> Result<()> {
        let invalid = |detail| Err(Error::with_detail(ErrorCode::InvalidFlag, detail).during(Operation::Open));
        let bits = self.flags.bits();
        if bits & MMIO_RWMODE == MMIO_RWMODE {
            return invalid("MMIO_WRITE and MMIO_READWRITE together");
        }
        if bits & MMIO_SHAREMODE > MMIO_DENYNONE {
            return invalid("not a share mode");
        }
        if self.flags.intersects(OpenFlags::PARSE | OpenFlags::EXIST | OpenFlags::DELETE | OpenFlags::GETTEMP) {
            return invalid("MMIO_PARSE, MMIO_EXIST, MMIO_DELETE and MMIO_GETTEMP do not open a file");
        }
        Ok(())
    }

    /// The I/O procedure for `name`, as `mmioOpen` chooses it.
    fn choose(&self, name: Option<&Path>) -> Result<Chosen> {
        let (proc, fourcc, usage) = match &self.procedure {
            ProcChoice::Given(fourcc, proc) => (proc.clone(), *fourcc, ProcUse::temporary(*fourcc, proc)),
            ProcChoice::Code(fourcc) => {
                let proc = registry::require(*fourcc).map_err(|e| e.during(Operation::Open))?;
                let usage = ProcUse::new(&proc);
                (proc, *fourcc, usage)
            }
            ProcChoice::ByName => match name.and_then(|n| compound_fourcc(n.as_os_str().as_encoded_bytes())) {
                Some(fourcc) => {
                    // Name parsing never reaches a procedure that shadows a built-in
                    // (docs/behavior.md section 7): `x.dos+y` is the built-in DOS procedure's.
                    let proc =
                        registry::builtin(fourcc).or_else(|| registry::find_installed(fourcc)).ok_or_else(|| {
                            Error::with_detail(
                                ErrorCode::FileNotFound,
                                "no I/O procedure is installed for the compound name",
                            )
                            .during(Operation::Open)
                        })?;
                    let usage = ProcUse::new(&proc);
                    (proc, fourcc, usage)
                }
                None => {
                    let proc = ProcRef::dos();
                    let usage = ProcUse::new(&proc);
                    (proc, FourCC::DOS, usage)
                }
            },
        };
        Ok(Chosen {
            proc: proc.instantiate(),
            fourcc,
            memory: proc.same(&ProcRef::mem()),
            file: proc.same(&ProcRef::dos()),
            usage: Some(usage),
        })
    }

    fn start(&self, chosen: Chosen, name: Option<&Path>, buffer: Option<Memory>) -> Result<Mmio> {
        let Chosen { mut proc, fourcc, memory, file, usage } = chosen;
        let (state, buf) = self.open_proc(proc.as_mut(), memory, name, buffer)?;
        Ok(self.assemble(proc, state, buf, fourcc, (memory, file), usage))
    }

    /// Sets up the buffer, then sends the open message: as in Windows, the procedure
    /// sees `MMIO_ALLOCBUF` in `dwFlags` during `MMIOM_OPEN` when the file gets an
    /// internal buffer.
    fn open_proc(
        &self,
        proc: &mut dyn IoProc,
        memory: bool,
        name: Option<&Path>,
        buffer: Option<Memory>,
    ) -> Result<(ProcState, Memory)> {
        let mut state = ProcState::new(self.flags, self.proc_info);
        let internal = buffer.is_none() && (memory || self.buffer_size > 0);
        let buf = match buffer {
            Some(user) => user,
            None if internal => Memory::allocate(self.buffer_size).map_err(|e| e.during(Operation::Open))?,
            None => Memory::empty(),
        };
        if internal && !buf.bytes().is_empty() {
            state.flags.insert(OpenFlags::ALLOCBUF);
        }
        proc.open(&mut state, name).map_err(|e| e.during(Operation::Open))?;
        Ok((state, buf))
    }

    /// The open file, once its procedure accepted the open message. `builtin` says
    /// whether the procedure is the built-in `MEM ` one, and whether the built-in `DOS `
    /// one.
    fn assemble(
        &self,
        proc: Box<dyn IoProc>,
        state: ProcState,
        buf: Memory,
        fourcc: FourCC,
        builtin: (bool, bool),
        usage: Option<ProcUse>,
    ) -> Mmio {
        let (memory, file) = builtin;
        let end_read = if memory && !self.flags.contains(OpenFlags::CREATE) { buf.bytes().len() } else { 0 };
        let buf_offset = if memory { 0 } else { state.disk_offset };
        Mmio {
            may_read: state.can_read(),
            may_write: state.can_write(),
            quiet_reads: file && state.positional,
            read_ahead: None,
            proc,
            state,
            fourcc,
            buf,
            next: 0,
            end_read,
            buf_offset,
            memory,
            riff: Default::default(),
            proc_use: usage,
            closed: false,
        }
    }
}

struct Chosen {
    proc: Box<dyn IoProc>,
    fourcc: FourCC,
    /// The built-in `MEM ` procedure.
    memory: bool,
    /// The built-in `DOS ` procedure.
    file: bool,
    usage: Option<ProcUse>,
}
