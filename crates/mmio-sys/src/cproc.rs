//! C I/O procedures: an `LPMMIOPROC` as an engine [`IoProc`], and the procedure
//! addresses C sees for the built-in `DOS ` and `MEM ` procedures.
//!
//! Before every message the procedure's `MMIOINFO` gets the engine's `dwFlags`,
//! `lDiskOffset`, `adwInfo`, `fccIOProc`, `pIOProc` and `hmmio`; after it, the
//! engine takes back `lDiskOffset` and `adwInfo`, the two members a procedure
//! maintains. Each open file has its own `MMIOINFO`, at a fixed address for the
//! file's lifetime.

use std::cell::Cell;
use std::ffi::c_char;
use std::path::Path;

use engine::flags::*;
use engine::{CloseFlags, Error, ErrorCode, IoProc, ProcFactory, ProcRef, ProcState, Result, SeekOrigin};

use crate::text::{a_string, w_string};
use crate::types::{Hmmio, MMIOINFO, MmioProc};
use crate::{builtin, whence};

thread_local! {
    /// The handle and code of the file this thread is opening: procedures made for it
    /// learn their `hmmio` and `fccIOProc` from here.
    static OPENING: Cell<(Hmmio, u32)> = const { Cell::new((std::ptr::null_mut(), 0)) };
}

/// Runs `f` with `handle` and `fourcc` as the file being opened by this thread.
pub fn opening<R>(handle: Hmmio, fourcc: u32, f: impl FnOnce() -> R) -> R {
    /// Puts the previous value back, also when `f` panics (the panic is caught at the C
    /// boundary, and the thread goes on to open other files).
    struct Restore((Hmmio, u32));
    impl Drop for Restore {
        fn drop(&mut self) {
            OPENING.set(self.0);
        }
    }
    let _restore = Restore(OPENING.replace((handle, fourcc)));
    f()
}

/// Installs C procedures in the engine's registry: one [`CProc`] per opened file.
pub struct CProcFactory {
    /// The C function.
    pub func: MmioProc,
    /// It takes UTF-16 names (`MMIO_UNICODEPROC`, or installed through a W function).
    pub unicode: bool,
}

impl ProcFactory for CProcFactory {
    fn instantiate(&self) -> Box<dyn IoProc> {
        let (hmmio, fourcc) = OPENING.get();
        let mut info = Box::new(MMIOINFO::zeroed());
        info.hmmio = hmmio;
        info.fccIOProc = fourcc;
        info.pIOProc = Some(self.func);
        Box::new(CProc { func: self.func, unicode: self.unicode, info })
    }
}

/// The engine procedure for a C procedure and the `MMIOINFO` it sees.
pub fn proc_ref(func: MmioProc, unicode: bool) -> ProcRef {
    builtin::lookup(func).unwrap_or_else(|| ProcRef::new(CProcFactory { func, unicode }))
}

/// The address C sees for an engine procedure: the C function, or the address of a
/// built-in; `None` for a procedure written in Rust.
pub fn address(proc: &ProcRef) -> Option<MmioProc> {
    proc.downcast_ref::<CProcFactory>().map(|f| f.func).or_else(|| builtin::address(proc))
}

/// One open file's C procedure.
struct CProc {
    func: MmioProc,
    unicode: bool,
    /// The `MMIOINFO` passed to the procedure; boxed so its address never changes.
    info: Box<MMIOINFO>,
}

// SAFETY: the only raw pointers inside are the `MMIOINFO`'s (`pIOProc`, `hmmio`, the
// buffer pointers the procedure may keep), values that are handed to the C procedure
// and never dereferenced here. The handle table lets one thread at a time call into a
// file, so the procedure and its `MMIOINFO` are never used from two threads at once.
unsafe impl Send for CProc {}

impl CProc {
    fn send(&mut self, state: &mut ProcState, msg: u32, param1: isize, param2: isize) -> isize {
        let info = &mut *self.info;
        info.dwFlags = state.flags().bits();
        info.lDiskOffset = i32::try_from(state.disk_offset).unwrap_or(i32::MAX);
        info.adwInfo = state.info;
        let info_ptr = std::ptr::from_mut(info).cast::<c_char>();
        // SAFETY: `func` is a C procedure the caller installed or passed to mmioOpen, which
        // they promise stays callable while in use (mmioInstallIOProc's contract), called
        // as `mmsystem.h` declares it. `info_ptr` is this file's boxed MMIOINFO, alive as
        // long as `self`, with no Rust reference to it during the call. The parameters
        // are what the message documents: for read and write a pointer and length of a
        // slice borrowed for this call, for open and rename NUL-terminated names that
        // `send_names` keeps alive until the call returns.
        let result = unsafe { (self.func)(info_ptr, msg, param1, param2) };
        let info = &*self.info;
        state.disk_offset = u64::try_from(info.lDiskOffset).unwrap_or(0);
        state.info = info.adwInfo;
        result
    }

    /// Sends a message with a name or two, as `char` or `WCHAR` strings.
    fn send_names(&mut self, state: &mut ProcState, msg: u32, first: Option<&Path>, second: Option<&Path>) -> isize {
        /// The address of a converted name, or 0 for none.
        fn ptr<T>(name: &Option<Vec<T>>) -> isize {
            name.as_ref().map_or(0, |s| s.as_ptr() as isize)
        }
        if self.unicode {
            let (a, b) = (first.map(w_string), second.map(w_string));
            self.send(state, msg, ptr(&a), ptr(&b))
        } else {
            let (a, b) = (first.map(a_string), second.map(a_string));
            self.send(state, msg, ptr(&a), ptr(&b))
        }
    }
}

/// The error an `MMIOM_OPEN`/`CLOSE`/`RENAME` result stands for.
fn returned_code(result: isize, fallback: ErrorCode) -> Result<()> {
    if result == 0 {
        return Ok(());
    }
    let code = u32::try_from(result).ok().and_then(ErrorCode::from_code).unwrap_or(fallback);
    Err(Error::new(code))
}

/// A byte count returned by a read or write message; negative means failure.
fn returned_count(result: isize, code: ErrorCode) -> Result<usize> {
    usize::try_from(result).map_err(|_| Error::with_detail(code, "the I/O procedure failed"))
}

impl IoProc for CProc {
    fn open(&mut self, state: &mut ProcState, name: Option<&Path>) -> Result<()> {
        let result = self.send_names(state, MMIOM_OPEN, name, None);
        returned_code(result, ErrorCode::CannotOpen)
    }

    fn close(&mut self, state: &mut ProcState, flags: CloseFlags) -> Result<()> {
        let result = self.send(state, MMIOM_CLOSE, flags.bits() as isize, 0);
        returned_code(result, ErrorCode::CannotClose)
    }

    fn read(&mut self, state: &mut ProcState, buf: &mut [u8]) -> Result<usize> {
        let result = self.send(state, MMIOM_READ, buf.as_mut_ptr() as isize, buf.len() as isize);
        returned_count(result, ErrorCode::CannotRead)
    }

    fn write(&mut self, state: &mut ProcState, buf: &[u8]) -> Result<usize> {
        let result = self.send(state, MMIOM_WRITE, buf.as_ptr() as isize, buf.len() as isize);
        returned_count(result, ErrorCode::CannotWrite)
    }

    fn write_flush(&mut self, state: &mut ProcState, buf: &[u8]) -> Result<usize> {
        let result = self.send(state, MMIOM_WRITEFLUSH, buf.as_ptr() as isize, buf.len() as isize);
        returned_count(result, ErrorCode::CannotWrite)
    }

    fn seek(&mut self, state: &mut ProcState, offset: i64, origin: SeekOrigin) -> Result<u64> {
        let offset = isize::try_from(offset).map_err(|_| Error::new(ErrorCode::CannotSeek))?;
        let result = self.send(state, MMIOM_SEEK, offset, whence::whence(origin) as isize);
        u64::try_from(result).map_err(|_| Error::with_detail(ErrorCode::CannotSeek, "the I/O procedure failed"))
    }

    fn rename(&mut self, state: &mut ProcState, from: &Path, to: &Path) -> Result<()> {
        let result = self.send_names(state, MMIOM_RENAME, Some(from), Some(to));
        returned_code(result, ErrorCode::FileNotFound)
    }

    fn user_message(&mut self, state: &mut ProcState, msg: u32, param1: isize, param2: isize) -> isize {
        self.send(state, msg, param1, param2)
    }
}
