//! `mmioOpenA`/`W` (with `MMIO_PARSE`, `MMIO_EXIST`, `MMIO_DELETE`, `MMIO_GETTEMP`) and
//! `mmioRenameA`/`W`.

use std::ffi::c_char;
use std::fs::File;
use std::os::fd::{FromRawFd, IntoRawFd};
use std::path::{Path, PathBuf};

use engine::c_abi::{self, BufferMemory};
use engine::flags::*;
use engine::{ErrorCode, FourCC, OpenFlags, OpenOptions, ProcRef, registry};

use crate::handles::{Handle, Reservation};
use crate::memory::CMemory;
use crate::text::{path_from_a, path_from_w};
use crate::types::{Hmmio, MMIOINFO, MmioProc};
use crate::{builtin, cproc, guard, mmresult};

/// The size, in characters, of the name buffer `MMIO_PARSE` and `MMIO_GETTEMP` fill.
const NAME_BUFFER: usize = 128;

/// A caller's file name, `char` or `WCHAR`.
#[derive(Clone, Copy)]
enum Name {
    A(*mut c_char),
    W(*mut u16),
}

impl Name {
    fn is_null(self) -> bool {
        match self {
            Name::A(p) => p.is_null(),
            Name::W(p) => p.is_null(),
        }
    }

    /// # Safety
    /// The name must be null or NUL-terminated.
    unsafe fn path(self) -> Option<PathBuf> {
        // SAFETY: both functions need a null or NUL-terminated string, which this
        // function's contract guarantees for either kind of name.
        unsafe {
            match self {
                Name::A(p) => path_from_a(p),
                Name::W(p) => path_from_w(p),
            }
        }
    }

    /// Writes `path` into the caller's 128-character buffer. A path that needs the
    /// whole buffer or more is refused with `MMIOERR_OUTOFMEMORY`; the `char` buffer is
    /// then left as it was, the `WCHAR` one gets the first 127 units and a NUL.
    ///
    /// # Safety
    /// The name must point to a buffer of 128 characters.
    unsafe fn store(self, path: &Path) -> Result<(), ErrorCode> {
        match self {
            Name::A(p) => {
                let bytes = crate::text::a_string(path);
                if bytes.len() >= NAME_BUFFER {
                    return Err(ErrorCode::OutOfMemory);
                }
                // SAFETY: `bytes` (NUL included) is shorter than 128 (checked above) and
                // `p` points to a buffer of 128 `char`s (this function's contract); a
                // buffer of ours cannot overlap the caller's.
                unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr().cast(), p, bytes.len()) };
                Ok(())
            }
            Name::W(p) => {
                let units = crate::text::w_string(path);
                let fits = units.len() < NAME_BUFFER;
                let n = units.len().min(NAME_BUFFER) - 1;
                // SAFETY: `n` <= 127, so the `n` units and the NUL at index `n` fit in
                // the 128-unit buffer at `p` (this function's contract); `units` holds
                // at least `n` units and is ours, so it cannot overlap the caller's.
                unsafe {
                    std::ptr::copy_nonoverlapping(units.as_ptr(), p, n);
                    *p.add(n) = 0;
                }
                if fits { Ok(()) } else { Err(ErrorCode::OutOfMemory) }
            }
        }
    }
}

/// `mmioOpenA`: opens a file (or parses, checks, deletes or makes a temporary name).
///
/// # Safety
/// `name` is null or a NUL-terminated string (a 128-byte buffer for `MMIO_PARSE` and
/// `MMIO_GETTEMP`); `info` is null or points to an `MMIOINFO`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mmioOpenA(name: *mut c_char, info: *mut MMIOINFO, flags: u32) -> Hmmio {
    // SAFETY: `open` needs what this function's contract promises: a null or
    // NUL-terminated name (128 bytes for the flags that write it) and a null or valid
    // MMIOINFO.
    guard(std::ptr::null_mut(), || unsafe { open(Name::A(name), info, flags) })
}

/// `mmioOpenW`: [`mmioOpenA`] with a UTF-16 name.
///
/// # Safety
/// As for [`mmioOpenA`], with a UTF-16 name.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mmioOpenW(name: *mut u16, info: *mut MMIOINFO, flags: u32) -> Hmmio {
    // SAFETY: as in `mmioOpenA`, with a UTF-16 name (128 units for the flags that write
    // it): this function's contract.
    guard(std::ptr::null_mut(), || unsafe { open(Name::W(name), info, flags) })
}

/// A result of `mmioOpen` that is not a handle: `TRUE`, `FALSE` or an error code.
fn value(v: u32) -> Hmmio {
    v as usize as Hmmio
}

/// # Safety
/// As for [`mmioOpenA`].
unsafe fn open(name: Name, info_ptr: *mut MMIOINFO, flags: u32) -> Hmmio {
    let input = if info_ptr.is_null() {
        MMIOINFO::zeroed()
    } else {
        // SAFETY: not null (this branch), so it points to an MMIOINFO (this function's
        // contract); packed, so read unaligned, as a copy.
        unsafe { info_ptr.read_unaligned() }
    };
    let report = |code: u32| {
        if !info_ptr.is_null() {
            let mut out = input;
            out.wErrorRet = code;
            // SAFETY: the same non-null MMIOINFO read above (this branch), written
            // back whole and unaligned; no Rust reference to it exists.
            unsafe { info_ptr.write_unaligned(out) };
        }
    };
    let outcome = if name.is_null() && info_ptr.is_null() && flags & MMIO_GETTEMP == 0 {
        // Nothing to open: no name, and no MMIOINFO naming a memory block, a procedure
        // or an open file (a zeroed one would adopt descriptor 0, standard input).
        Err((ErrorCode::InvalidParam, value(0)))
    } else {
        // SAFETY: `dispatch` needs the name to be null or NUL-terminated, and a buffer of
        // 128 characters for the flags that write into it: this function's contract.
        unsafe { dispatch(name, &input, flags) }
    };
    match outcome {
        Ok(result) => {
            report(0);
            result
        }
        Err((code, result)) => {
            report(code.code());
            result
        }
    }
}

/// The work of `mmioOpen`: the result, or the error for `wErrorRet` and the result
/// that goes with it.
///
/// # Safety
/// As for [`mmioOpenA`].
unsafe fn dispatch(name: Name, input: &MMIOINFO, flags: u32) -> Result<Hmmio, (ErrorCode, Hmmio)> {
    // SAFETY: `path` needs a null or NUL-terminated name: this function's contract.
    let path = unsafe { name.path() };
    if flags & MMIO_GETTEMP != 0 {
        let not_found = Err((ErrorCode::FileNotFound, value(ErrorCode::FileNotFound.code())));
        if name.is_null() {
            return not_found;
        }
        let Ok(temp) = engine::temp_file_name(path.unwrap_or_default()) else { return not_found };
        // SAFETY: the name is not null (checked above), and with MMIO_GETTEMP this
        // function's contract makes it a buffer of 128 characters.
        if unsafe { name.store(&temp) }.is_err() {
            // The name does not fit the caller's buffer: nobody will ever know it, so
            // the file made to reserve it goes too.
            let _ = std::fs::remove_file(&temp);
            return not_found;
        }
        return Ok(value(0));
    }
    let false_with = |code: ErrorCode| Err((code, value(0)));
    if flags & MMIO_PARSE != 0 {
        let Some(path) = path else { return false_with(ErrorCode::InvalidParam) };
        let full = engine::full_path(path).map_err(|e| (e.code(), value(0)))?;
        // SAFETY: `path` is `Some`, so the name is not null, and with MMIO_PARSE this
        // function's contract makes it a buffer of 128 characters.
        return match unsafe { name.store(&full) } {
            Ok(()) => Ok(value(1)),
            Err(code) => false_with(code),
        };
    }
    let options = options_for(input, flags);
    if flags & (MMIO_DELETE | MMIO_EXIST) != 0 {
        let Some(path) = path else { return false_with(ErrorCode::InvalidParam) };
        let asked = if flags & MMIO_DELETE != 0 { options.delete(&path) } else { options.exists(&path) };
        return asked.map(|()| value(1)).map_err(|e| (e.code(), value(0)));
    }
    // SAFETY: `open_file` trusts `input` to describe the caller's buffer and descriptor:
    // it is a copy of the caller's MMIOINFO, whose members this function's contract
    // makes valid.
    unsafe { open_file(path.as_deref(), input, flags, options) }.map_err(|code| (code, std::ptr::null_mut()))
}

/// The engine options for an `MMIOINFO` and open flags.
fn options_for(input: &MMIOINFO, flags: u32) -> OpenOptions {
    let only_names = MMIO_PARSE | MMIO_EXIST | MMIO_DELETE | MMIO_GETTEMP;
    let mut options = OpenOptions::from_flags(OpenFlags::from_bits_retain(flags & !only_names));
    options.proc_info(input.adwInfo);
    let fourcc = FourCC::from_u32(input.fccIOProc);
    if let Some(func) = input.pIOProc {
        options.io_proc(fourcc, cproc::proc_ref(func, false));
    } else if input.fccIOProc != 0 {
        options.io_proc_code(fourcc);
    }
    options
}

/// Opens a file for real.
///
/// # Safety
/// `input` came from the caller; with a null name and the built-in `DOS ` procedure,
/// `adwInfo[0]` is a file descriptor the caller hands over.
unsafe fn open_file(
    path: Option<&Path>,
    input: &MMIOINFO,
    flags: u32,
    mut options: OpenOptions,
) -> Result<Hmmio, ErrorCode> {
    if input.cchBuffer < 0 {
        return Err(ErrorCode::InvalidParam);
    }
    let len = match input.cchBuffer as usize {
        0 if flags & MMIO_ALLOCBUF != 0 => MMIO_DEFAULTBUFFER,
        asked => asked,
    };
    let user_buffer = if input.pchBuffer.is_null() {
        options.buffer_size(len);
        None
    } else {
        // SAFETY: `pchBuffer` is not null (this branch) and, by mmioOpen's contract
        // (this function's), holds `cchBuffer` bytes (`len`; with MMIO_ALLOCBUF and no
        // size, the default size the caller then provides) that outlive the handle, and
        // a memory-file block that may grow (`adwInfo[0]` != 0) comes from malloc
        // (docs/c-abi.md).
        let block = unsafe { CMemory::borrowed(input.pchBuffer, len, input.adwInfo[0] != 0) };
        Some(Box::new(block) as Box<dyn BufferMemory>)
    };
    let reservation = Reservation::new().ok_or(ErrorCode::TooManyOpenFiles)?;
    let adopt = path.is_none() && uses_builtin_dos(input);
    let file = cproc::opening(reservation.handle(), input.fccIOProc, || {
        if adopt {
            let fd = input.adwInfo[0] as i32;
            // SAFETY: fcntl(F_GETFD) takes no pointer and only reads the descriptor's
            // flags; it fails with EBADF when `fd` is not open.
            let is_open = fd >= 0 && unsafe { libc::fcntl(fd, libc::F_GETFD) } >= 0;
            if !is_open {
                return Err(engine::Error::new(ErrorCode::InvalidFile));
            }
            // SAFETY: `fd` is an open descriptor (checked just above) that the caller
            // hands over with the MMIOINFO (a nameless open with the DOS procedure).
            // Nothing else in this process owns it as a Rust value: the file owns it from
            // here if the open succeeds, and a failed open gives it back unclosed
            // (`into_raw_fd` below); MMIO_FHOPEN at close gives it back too.
            let os_file = unsafe { File::from_raw_fd(fd) };
            c_abi::adopt_file(&options, os_file, user_buffer).map_err(|(error, back)| {
                // A failed open leaves the descriptor open: it is still the caller's.
                if let Some(back) = back {
                    let _ = back.into_raw_fd();
                }
                error
            })
        } else {
            c_abi::open(&options, path, user_buffer)
        }
    });
    let file = file.map_err(|e| e.code())?;
    let proc_address = file.procedure().map_or(Some(builtin::dos_proc as MmioProc), cproc::address);
    Ok(reservation.fill(Handle { file, proc_address }))
}

/// True when a nameless open goes to the built-in `DOS ` procedure (and so
/// `adwInfo[0]` is an open file).
fn uses_builtin_dos(input: &MMIOINFO) -> bool {
    match (input.pIOProc, input.fccIOProc) {
        (Some(func), _) => std::ptr::fn_addr_eq(func, builtin::dos_proc as MmioProc),
        (None, 0) => true,
        (None, fourcc) => registry::find(FourCC::from_u32(fourcc)).is_some_and(|p| p.same(&ProcRef::dos())),
    }
}

/// `mmioRenameA`: renames a file through the I/O procedure the name (or `info`) selects.
///
/// # Safety
/// Both names are null or NUL-terminated; `info` is null or points to an `MMIOINFO`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mmioRenameA(from: *const c_char, to: *const c_char, info: *const MMIOINFO, flags: u32) -> u32 {
    // SAFETY: `path_from_a` needs null or NUL-terminated names and `rename` a null or
    // valid MMIOINFO: this function's contract.
    guard(ErrorCode::InvalidParam.code(), || unsafe { rename(path_from_a(from), path_from_a(to), info, flags) })
}

/// `mmioRenameW`: [`mmioRenameA`] with UTF-16 names.
///
/// # Safety
/// As for [`mmioRenameA`], with UTF-16 names.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mmioRenameW(from: *const u16, to: *const u16, info: *const MMIOINFO, flags: u32) -> u32 {
    // SAFETY: `path_from_w` needs null or NUL-terminated UTF-16 names and `rename` a null
    // or valid MMIOINFO: this function's contract.
    guard(ErrorCode::InvalidParam.code(), || unsafe { rename(path_from_w(from), path_from_w(to), info, flags) })
}

/// # Safety
/// `info` is null or points to an `MMIOINFO`.
unsafe fn rename(from: Option<PathBuf>, to: Option<PathBuf>, info: *const MMIOINFO, _flags: u32) -> u32 {
    let (Some(from), Some(to)) = (from, to) else { return ErrorCode::InvalidParam.code() };
    let input = if info.is_null() {
        MMIOINFO::zeroed()
    } else {
        // SAFETY: not null (this branch), so it points to an MMIOINFO (this function's
        // contract); packed, so read unaligned, as a copy.
        unsafe { info.read_unaligned() }
    };
    mmresult(options_for(&input, 0).rename(from, to))
}
