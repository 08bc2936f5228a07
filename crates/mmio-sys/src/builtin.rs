//! The built-in `DOS ` and `MEM ` procedures as C sees them: the addresses
//! `mmioInstallIOProc(FOURCC_DOS, NULL, MMIO_FINDPROC)` returns, which may be passed back
//! as `pIOProc` (meaning the built-in) or called directly with an `MMIOINFO`, as code
//! that wraps the file procedure does.
//!
//! Called directly, the `DOS ` procedure works on the file descriptor in `adwInfo[0]`,
//! as the Windows one works on the file handle there. It is independent of the engine
//! and does not enforce share modes. As the engine's does, it closes a descriptor it
//! opened by name also when `MMIOM_CLOSE` carries `MMIO_FHOPEN`, which keeps open only
//! a descriptor the caller handed in: it marks such an `MMIOINFO` in `dwReserved1` and
//! `dwReserved2`, which no procedure has another use for.

use std::ffi::c_char;
use std::io;

use engine::flags::*;
use engine::{Error, Operation, ProcRef};

use crate::types::{MMIOINFO, MmioProc};

/// The engine procedure behind a built-in address.
pub fn lookup(func: MmioProc) -> Option<ProcRef> {
    if std::ptr::fn_addr_eq(func, dos_proc as MmioProc) {
        Some(ProcRef::dos())
    } else if std::ptr::fn_addr_eq(func, mem_proc as MmioProc) {
        Some(ProcRef::mem())
    } else {
        None
    }
}

/// The address of a built-in engine procedure.
pub fn address(proc: &ProcRef) -> Option<MmioProc> {
    if proc.same(&ProcRef::dos()) {
        Some(dos_proc)
    } else if proc.same(&ProcRef::mem()) {
        Some(mem_proc)
    } else {
        None
    }
}

/// `dwReserved1` of an `MMIOINFO` whose descriptor (in `dwReserved2`) the `DOS `
/// procedure opened by name.
const OPENED_BY_NAME: u32 = u32::from_le_bytes(*b"mmio");

/// The `MMIOERR_*` code for the last operating-system error of an open.
fn last_open_error() -> isize {
    Error::from_io(Operation::Open, io::Error::last_os_error()).code().code() as isize
}

/// The built-in `DOS ` procedure, callable from C.
///
/// # Safety
/// `info` must be null or point to an `MMIOINFO`; pointer parameters must be what the
/// message documents.
pub unsafe extern "C" fn dos_proc(info: *mut c_char, msg: u32, param1: isize, param2: isize) -> isize {
    let info = info.cast::<MMIOINFO>();
    if info.is_null() {
        return -1;
    }
    // SAFETY: `info` is not null (checked above) and, by this function's contract, points
    // to an MMIOINFO; the struct is packed, so it is read unaligned, as a copy.
    let mut state = unsafe { info.read_unaligned() };
    let fd = state.adwInfo[0] as i32;
    let result = match msg {
        MMIOM_OPEN => {
            let name = param1 as *const c_char;
            let flags = state.dwFlags;
            let outcome = if name.is_null() {
                // The caller's descriptor: MMIO_FHOPEN at close keeps it open.
                (state.dwReserved1, state.dwReserved2) = (0, 0);
                // SAFETY: lseek takes no pointer; on a descriptor that is not open it
                // fails with EBADF. SEEK_CUR with offset 0 only reads the offset.
                let at = unsafe { libc::lseek(fd, 0, libc::SEEK_CUR) };
                state.lDiskOffset = at as i32;
                if at < 0 { -1 } else { 0 }
            } else if flags & MMIO_DELETE != 0 {
                // SAFETY: `name` is not null (checked above) and MMIOM_OPEN's contract
                // makes `param1` a NUL-terminated file name; unlink only reads it.
                unsafe { libc::unlink(name) }
            } else if flags & MMIO_EXIST != 0 {
                // SAFETY: as for unlink: a non-null, NUL-terminated name, only read.
                unsafe { libc::access(name, libc::F_OK) }
            } else {
                let mut oflags = match flags & MMIO_RWMODE {
                    MMIO_WRITE => libc::O_WRONLY,
                    MMIO_READWRITE => libc::O_RDWR,
                    _ => libc::O_RDONLY,
                } | libc::O_CLOEXEC;
                if flags & MMIO_CREATE != 0 {
                    oflags |= libc::O_CREAT | libc::O_TRUNC;
                }
                // SAFETY: as for unlink: a non-null, NUL-terminated name, only read; the
                // mode argument that O_CREAT needs is passed.
                let opened = unsafe { libc::open(name, oflags, 0o666) };
                if opened >= 0 {
                    state.adwInfo[0] = opened as u32;
                    state.lDiskOffset = 0;
                    (state.dwReserved1, state.dwReserved2) = (OPENED_BY_NAME, opened as u32);
                }
                opened.min(0)
            };
            if outcome < 0 { last_open_error() } else { 0 }
        }
        MMIOM_CLOSE => {
            let opened_here = (state.dwReserved1, state.dwReserved2) == (OPENED_BY_NAME, fd as u32);
            if param1 as u32 & MMIO_FHOPEN == 0 || opened_here {
                // SAFETY: close takes no pointer. `fd` is the descriptor of this MMIOINFO:
                // one this procedure opened by name, or one the caller handed over with
                // the file (adwInfo[0]) and asked to close by leaving out MMIO_FHOPEN.
                unsafe { libc::close(fd) };
            }
            (state.dwReserved1, state.dwReserved2) = (0, 0);
            0
        }
        MMIOM_READ | MMIOM_WRITE | MMIOM_WRITEFLUSH => {
            let len = usize::try_from(param2).unwrap_or(0);
            // SAFETY: MMIOM_READ, MMIOM_WRITE and MMIOM_WRITEFLUSH make `param1` a buffer
            // of `param2` bytes (writable for a read); a negative `param2` moves 0 bytes.
            // The kernel reads or writes at most `len` bytes there.
            let moved = unsafe {
                if msg == MMIOM_READ {
                    libc::read(fd, param1 as *mut libc::c_void, len)
                } else {
                    libc::write(fd, param1 as *const libc::c_void, len)
                }
            };
            if moved >= 0 {
                state.lDiskOffset = state.lDiskOffset.wrapping_add(moved as i32);
            }
            moved.max(-1)
        }
        MMIOM_SEEK => {
            // SAFETY: lseek takes no pointer; a bad descriptor or whence fails with
            // EBADF or EINVAL.
            let at = unsafe { libc::lseek(fd, param1 as libc::off_t, param2 as i32) };
            if at >= 0 {
                state.lDiskOffset = at as i32;
            }
            at.max(-1) as isize
        }
        MMIOM_RENAME => {
            // SAFETY: MMIOM_RENAME makes `param1` and `param2` NUL-terminated names,
            // which rename only reads (a null one fails with EFAULT).
            let renamed = unsafe { libc::rename(param1 as *const c_char, param2 as *const c_char) };
            if renamed < 0 { last_open_error() } else { 0 }
        }
        _ => 0,
    };
    // SAFETY: the same non-null MMIOINFO read at the start, written back whole and
    // unaligned (packed); nothing else holds a Rust reference to it.
    unsafe { info.write_unaligned(state) };
    result
}

/// The built-in `MEM ` procedure, callable from C. A memory file's buffer is the file,
/// so this procedure has nothing to move: reads and writes transfer nothing, seeks fail.
///
/// # Safety
/// `info` must be null or point to an `MMIOINFO`.
pub unsafe extern "C" fn mem_proc(info: *mut c_char, msg: u32, _param1: isize, _param2: isize) -> isize {
    let info = info.cast::<MMIOINFO>();
    match msg {
        MMIOM_OPEN if !info.is_null() => {
            // SAFETY: `info` is not null (the match guard) and, by this function's
            // contract, points to an MMIOINFO; packed, so read unaligned, as a copy.
            let mut state = unsafe { info.read_unaligned() };
            state.lDiskOffset = 0;
            // SAFETY: the same MMIOINFO, written back whole and unaligned.
            unsafe { info.write_unaligned(state) };
            0
        }
        MMIOM_SEEK => -1,
        _ => 0,
    }
}
