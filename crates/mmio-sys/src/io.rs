//! `mmioClose`, `mmioRead`, `mmioWrite`, `mmioSeek`, `mmioFlush`, `mmioSetBuffer`.

use std::ffi::c_char;

use engine::c_abi;
use engine::{Buffering, CloseFlags, ErrorCode, FlushFlags};

use crate::handles::{self, Handle};
use crate::memory::CMemory;
use crate::types::Hmmio;
use crate::{guard, handle_result, whence};

/// `mmioClose`: flushes and closes; `MMIO_FHOPEN` leaves an adopted descriptor open.
///
/// # Safety
/// None beyond the C declaration: any handle value is accepted.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mmioClose(hmmio: Hmmio, flags: u32) -> u32 {
    guard(ErrorCode::InvalidHandle.code(), || {
        handle_result(handles::remove(hmmio).map(|handle| handle.file.close_with(CloseFlags::from_bits_retain(flags))))
    })
}

/// True when `len` bytes at `ptr` overlap the handle's buffer memory.
fn overlaps_buffer(handle: &Handle, ptr: *const c_char, len: usize) -> bool {
    let buffer = handle.file.buffer();
    let (start, end) = (buffer.as_ptr() as usize, buffer.as_ptr() as usize + buffer.len());
    let (p, q) = (ptr as usize, (ptr as usize).saturating_add(len));
    start < end && p < end && start < q
}

/// The frame `mmioRead` and `mmioWrite` share: a count of `cch` bytes at `pch`. An
/// empty request is 0 and touches nothing; a bad handle, a null `pch`, a negative count
/// or a failed transfer is -1. `transfer` moves `len > 0` bytes and returns the count.
#[inline(always)]
fn count_call(
    hmmio: Hmmio,
    pch: *const c_char,
    cch: i32,
    transfer: impl FnOnce(&mut Handle, usize) -> Option<usize>,
) -> i32 {
    guard(-1, || {
        let result = handles::with(hmmio, |handle| {
            let len = usize::try_from(cch).ok()?;
            if len == 0 {
                return Some(0);
            }
            if pch.is_null() {
                return None;
            }
            i32::try_from(transfer(handle, len)?).ok()
        });
        result.ok().flatten().unwrap_or(-1)
    })
}

/// `mmioRead`: copies up to `cch` bytes; 0 at the end of the file, -1 on error.
///
/// # Safety
/// `pch` points to `cch` writable bytes (it may be null when `cch` is 0).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mmioRead(hmmio: Hmmio, pch: *mut c_char, cch: i32) -> i32 {
    count_call(hmmio, pch, cch, |handle, len| {
        if overlaps_buffer(handle, pch, len) {
            let mut bounce = vec![0u8; len];
            let n = handle.file.read_bytes(&mut bounce).ok()?;
            // SAFETY: `pch` is not null (`count_call` checked) and holds `cch` = `len`
            // writable bytes (this function's contract), and the engine returns at most
            // `len` (`n <= bounce.len()`). The engine's borrow of its buffer ended with
            // `read_bytes`, so writing bytes that overlap it aliases no Rust reference.
            unsafe { std::ptr::copy(bounce.as_ptr(), pch.cast(), n) };
            Some(n)
        } else {
            // SAFETY: `pch` is not null (`count_call` checked) and holds `cch` = `len`
            // writable bytes (this function's contract); they do not overlap the file's
            // buffer (checked just above), the only memory the engine touches during
            // the read, so this is the one reference to them.
            let dst = unsafe { std::slice::from_raw_parts_mut(pch.cast::<u8>(), len) };
            handle.file.read_bytes(dst).ok()
        }
    })
}

/// `mmioWrite`: writes up to `cch` bytes; returns the count, or -1 on error (a file
/// opened for reading only, a failed write-out).
///
/// # Safety
/// `pch` points to `cch` readable bytes (it may be null when `cch` is 0).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mmioWrite(hmmio: Hmmio, pch: *const c_char, cch: i32) -> i32 {
    count_call(hmmio, pch, cch, |handle, len| {
        // SAFETY: `pch` is not null (`count_call` checked) and holds `cch` = `len`
        // readable bytes (this function's contract). The slice is used only while the
        // engine writes it into the file's buffer when it does not overlap that buffer;
        // otherwise it is copied out first, before the engine touches the buffer.
        let caller = || unsafe { std::slice::from_raw_parts(pch.cast::<u8>(), len) };
        let copy;
        let src = if overlaps_buffer(handle, pch, len) {
            // Copied out first: they overlap the file's own buffer, which the write changes.
            copy = caller().to_vec();
            &copy[..]
        } else {
            caller()
        };
        handle.file.write_bytes(src).ok()
    })
}

/// `mmioSeek`: the new position, or -1. `SEEK_END` with a positive offset counts back
/// from the end. A target past what a `LONG` holds is -1, and the position stays where
/// it was, as for any failed seek.
///
/// # Safety
/// None beyond the C declaration.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mmioSeek(hmmio: Hmmio, offset: i32, origin: i32) -> i32 {
    guard(-1, || {
        let result = handles::with(hmmio, |handle| {
            let origin = whence::origin(origin)?;
            let at = c_abi::seek_within(&mut handle.file, i64::from(offset), origin, i32::MAX as u64).ok()?;
            // Exact: the engine refuses any target past the limit.
            Some(at as i32)
        });
        result.ok().flatten().unwrap_or(-1)
    })
}

/// `mmioFlush`: writes the buffer out if dirty; `MMIO_EMPTYBUF` also empties it.
///
/// # Safety
/// None beyond the C declaration.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mmioFlush(hmmio: Hmmio, flags: u32) -> u32 {
    guard(ErrorCode::InvalidHandle.code(), || {
        let flags = FlushFlags::from_bits_retain(flags);
        handle_result(handles::with(hmmio, |handle| handle.file.flush_buffer_with(flags)))
    })
}

/// `mmioSetBuffer`: `(NULL, 0)` unbuffered, `(NULL, N)` an internal buffer of N bytes,
/// `(p, N)` the caller's N bytes at `p`. Dirty data is written out first; if that fails
/// nothing changes (`MMIOERR_CANNOTWRITE`). The position is kept.
///
/// # Safety
/// A non-null `buffer` holds `cch` bytes and outlives its use by the handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mmioSetBuffer(hmmio: Hmmio, buffer: *mut c_char, cch: i32, _flags: u32) -> u32 {
    guard(ErrorCode::InvalidHandle.code(), || {
        handle_result(handles::with(hmmio, |handle| {
            let len = usize::try_from(cch).map_err(|_| engine::Error::new(ErrorCode::InvalidParam))?;
            if buffer.is_null() {
                return handle.file.set_buffer(Buffering::Internal(len));
            }
            // SAFETY: not null (checked above), and by this function's contract `cch` =
            // `len` bytes that stay valid while the handle uses them; they are not from
            // malloc as far as we know, so the block is never grown.
            let block = unsafe { CMemory::borrowed(buffer, len, false) };
            c_abi::lend_buffer(&mut handle.file, Box::new(block))
        }))
    })
}
