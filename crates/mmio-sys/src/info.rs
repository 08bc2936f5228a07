//! `mmioGetInfo`, `mmioSetInfo`, `mmioAdvance`: the engine's state as an `MMIOINFO`,
//! buffer indexes as pointers into the memory C sees.

use std::ffi::c_char;

use engine::c_abi;
use engine::flags::{MMIO_READ, MMIO_WRITE};
use engine::{Advance, ErrorCode, Info, OpenFlags};

use crate::handles::{self, Handle};
use crate::types::{Hmmio, MMIOINFO};
use crate::{guard, handle_result};

/// A size or offset as a `LONG`; past `i32::MAX` it shows as `i32::MAX`.
fn long(value: impl TryInto<i32>) -> i32 {
    value.try_into().unwrap_or(i32::MAX)
}

/// The address of the handle's buffer as C sees it (`pchBuffer`; null for none).
fn base(handle: &mut Handle) -> *mut c_char {
    c_abi::buffer_base(&mut handle.file).cast()
}

/// The file's state as `mmioGetInfo` reports it.
fn to_c(handle: &mut Handle, hmmio: Hmmio) -> MMIOINFO {
    let info = handle.file.info();
    let base = base(handle);
    let at = |index: usize| if base.is_null() { base } else { base.wrapping_add(index) };
    MMIOINFO {
        dwFlags: info.flags.bits(),
        fccIOProc: info.io_proc.to_u32(),
        pIOProc: handle.proc_address,
        cchBuffer: long(info.buffer_len),
        pchBuffer: base,
        pchNext: at(info.next),
        pchEndRead: at(info.end_read),
        pchEndWrite: at(info.end_write),
        lBufOffset: long(info.buffer_offset),
        lDiskOffset: long(info.disk_offset),
        adwInfo: info.proc_info,
        hmmio,
        ..MMIOINFO::zeroed()
    }
}

/// The engine state a caller's `MMIOINFO` asks for: its pointers as indexes into the
/// buffer and its `dwFlags`. The engine checks the indexes (each must lie in
/// `[pchBuffer, pchBuffer + cchBuffer]`); a pointer below the buffer becomes an index
/// past any buffer, so it fails that check too.
fn from_c(handle: &mut Handle, c: &MMIOINFO) -> Info {
    let base = base(handle) as usize;
    let index = |p: *mut c_char| (p as usize).checked_sub(base).unwrap_or(usize::MAX);
    let mut info = handle.file.info();
    info.next = index(c.pchNext);
    info.end_read = index(c.pchEndRead);
    info.end_write = index(c.pchEndWrite);
    info.flags = OpenFlags::from_bits_retain(c.dwFlags);
    info
}

/// `mmioGetInfo`: copies the file's whole state into `*info`.
///
/// # Safety
/// `info` is null or points to an `MMIOINFO`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mmioGetInfo(hmmio: Hmmio, info: *mut MMIOINFO, _flags: u32) -> u32 {
    guard(ErrorCode::InvalidHandle.code(), || {
        let state = match handles::with(hmmio, |handle| to_c(handle, hmmio)) {
            Ok(state) => state,
            Err(code) => return code.code(),
        };
        if info.is_null() {
            return ErrorCode::InvalidParam.code();
        }
        // SAFETY: `info` is not null (checked above) and points to an MMIOINFO (this
        // function's contract); packed, so written whole and unaligned.
        unsafe { info.write_unaligned(state) };
        0
    })
}

/// `mmioSetInfo`: takes back `pchNext`, `pchEndRead` and `MMIO_DIRTY` after direct
/// buffer access. A pointer outside the buffer is `MMSYSERR_INVALPARAM`.
///
/// # Safety
/// `info` is null or points to an `MMIOINFO`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mmioSetInfo(hmmio: Hmmio, info: *const MMIOINFO, _flags: u32) -> u32 {
    guard(ErrorCode::InvalidHandle.code(), || {
        handle_result(handles::with(hmmio, |handle| {
            if info.is_null() {
                return Err(ErrorCode::InvalidParam.into());
            }
            // SAFETY: `info` is not null (checked above) and points to an MMIOINFO (this
            // function's contract); packed, so read unaligned, as a copy.
            let caller = unsafe { info.read_unaligned() };
            let update = from_c(handle, &caller);
            handle.file.set_info(&update)
        }))
    })
}

/// `mmioAdvance`: writes out the buffer if the caller's `MMIO_DIRTY` says so, moves to
/// the next buffer (filled for `MMIO_READ`), and updates `*info` (which may be null).
///
/// # Safety
/// `info` is null or points to an `MMIOINFO` from `mmioGetInfo`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mmioAdvance(hmmio: Hmmio, info: *mut MMIOINFO, flags: u32) -> u32 {
    guard(ErrorCode::InvalidHandle.code(), || {
        handle_result(handles::with(hmmio, |handle| {
            let direction = match flags {
                MMIO_READ => Advance::Read,
                MMIO_WRITE => Advance::Write,
                _ => return Err(ErrorCode::InvalidParam.into()),
            };
            let caller = if info.is_null() {
                None
            } else {
                // SAFETY: `info` is not null (this branch) and points to an MMIOINFO
                // (this function's contract); packed, so read unaligned, as a copy.
                Some(unsafe { info.read_unaligned() })
            };
            let update = caller.as_ref().map(|c| from_c(handle, c));
            handle.file.advance(direction, update.as_ref())?;
            if let Some(mut caller) = caller {
                let now = to_c(handle, hmmio);
                caller.dwFlags = now.dwFlags;
                caller.cchBuffer = now.cchBuffer;
                caller.pchBuffer = now.pchBuffer;
                caller.pchNext = now.pchNext;
                caller.pchEndRead = now.pchEndRead;
                caller.pchEndWrite = now.pchEndWrite;
                caller.lBufOffset = now.lBufOffset;
                caller.lDiskOffset = now.lDiskOffset;
                caller.adwInfo = now.adwInfo;
                // SAFETY: the same non-null MMIOINFO read above (`caller` is `Some` only
                // then), written back whole and unaligned.
                unsafe { info.write_unaligned(caller) };
            }
            Ok(())
        }))
    })
}
