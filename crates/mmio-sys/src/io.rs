//! `mmioClose`, `mmioRead`, `mmioWrite`, `mmioSeek`, `mmioFlush`, `mmioSetBuffer`.

use std::ffi::c_char;

use engine::c_abi;
use engine::{Buffering, CloseFlags, ErrorCode, FlushFlags};

use crate::handles::{self, FastLock, Handle};
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

/// The longest request the fast paths copy inline: a FOURCC, a size, a chunk header, a
/// sample frame, a `WAVEFORMATEX`. Longer ones call `memmove`, out of line.
const SHORT_COPY: usize = 32;

/// The end of a fast-path `mmioRead` or `mmioWrite`: copies `len` bytes from `src` to
/// `dst` (which may overlap), gives the handle's lock back and returns `len`, the call's
/// result. Up to [`SHORT_COPY`] bytes are moved inline with two loads and two stores (a
/// head and a tail, overlapping in the middle), 4 to 8 bytes tested first; longer copies
/// are a tail call, so that their call to `memmove` costs the short ones nothing.
///
/// # Safety
/// `src` is valid for reads and `dst` for writes of `len` bytes, `1 <= len <=
/// i32::MAX`, and no Rust reference to either is alive.
#[inline(always)]
unsafe fn copy_then_unlock(src: *const u8, dst: *mut u8, len: usize, lock: FastLock) -> i32 {
    /// Copies `len` bytes, `size_of::<W>() <= len <= 2 * size_of::<W>()`, as a head
    /// and a tail word `W`, both loaded before either is stored.
    ///
    /// # Safety
    /// As for `copy_then_unlock`, and `size_of::<W>() <= len`.
    #[inline(always)]
    unsafe fn head_and_tail<W>(src: *const u8, dst: *mut u8, len: usize) {
        let n = size_of::<W>();
        // SAFETY: `n <= len`, so both `n`-byte ranges lie inside the `len` bytes the
        // caller vouches for; unaligned accesses need no alignment.
        unsafe {
            let head = src.cast::<W>().read_unaligned();
            let tail = src.add(len - n).cast::<W>().read_unaligned();
            dst.cast::<W>().write_unaligned(head);
            dst.add(len - n).cast::<W>().write_unaligned(tail);
        }
    }
    // SAFETY: the caller's contract, and each branch's size condition for
    // `head_and_tail` (`len >= 1`).
    unsafe {
        match len {
            4..=8 => head_and_tail::<u32>(src, dst, len),
            ..=3 => match len {
                1 => dst.write(src.read()),
                _ => head_and_tail::<u16>(src, dst, len),
            },
            9..=16 => head_and_tail::<u64>(src, dst, len),
            17..=SHORT_COPY => head_and_tail::<u128>(src, dst, len),
            _ => return copy_long_then_unlock(src, dst, len, lock),
        }
    }
    drop(lock);
    len as i32
}

/// [`copy_then_unlock`] of more than [`SHORT_COPY`] bytes.
///
/// # Safety
/// As for `copy_then_unlock`.
#[inline(never)]
unsafe fn copy_long_then_unlock(src: *const u8, dst: *mut u8, len: usize, lock: FastLock) -> i32 {
    // SAFETY: the caller's contract; `ptr::copy` allows overlap.
    unsafe { std::ptr::copy(src, dst, len) };
    drop(lock);
    len as i32
}

/// The frame `mmioRead` and `mmioWrite` share on their general path: a count of `cch`
/// bytes at `pch`. An empty request is 0 and touches nothing; a bad handle, a null
/// `pch`, a negative count or a failed transfer is -1. `transfer` moves `len > 0` bytes
/// and returns the count.
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
/// A read the buffer holds is copied here, under the handle's lock, with no other
/// work; anything else goes through the engine.
///
/// # Safety
/// `pch` points to `cch` writable bytes (it may be null when `cch` is 0).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mmioRead(hmmio: Hmmio, pch: *mut c_char, cch: i32) -> i32 {
    if cch <= 0 || pch.is_null() {
        return read_general(hmmio, pch, cch);
    }
    let len = cch as usize; // positive
    let Some(mut lock) = handles::lock_fast(hmmio) else {
        return read_general(hmmio, pch, cch);
    };
    let Some(src) = lock.file().and_then(|handle| c_abi::take_from_buffer(&mut handle.file, len)) else {
        return read_locked(lock, pch, len);
    };
    // SAFETY: the engine returned the address of `len` buffered bytes, and nothing
    // touches the buffer until the lock is given back after the copy; `pch` is not null
    // and holds `cch` = `len` writable bytes (this function's contract).
    unsafe { copy_then_unlock(src, pch.cast(), len, lock) }
}

/// `mmioRead` for everything its fast path leaves before taking the lock.
#[cold]
#[inline(never)]
fn read_general(hmmio: Hmmio, pch: *mut c_char, cch: i32) -> i32 {
    // SAFETY: `count_call` passes a non-null `pch` and `len` = `cch`, the count of
    // writable bytes there (`mmioRead`'s contract).
    count_call(hmmio, pch, cch, |handle, len| unsafe { read_into(handle, pch, len) })
}

/// `mmioRead` when its fast path holds the lock but the buffer cannot serve the read.
#[cold]
#[inline(never)]
fn read_locked(lock: FastLock, pch: *mut c_char, len: usize) -> i32 {
    // SAFETY: `mmioRead` passes its non-null `pch` and positive `cch` as `len`.
    locked_call(lock, |handle| unsafe { read_into(handle, pch, len) })
}

/// The engine's read of `len` bytes into the caller's `pch`; the count, or `None` on
/// error.
///
/// # Safety
/// `pch` is not null and holds `len > 0` writable bytes.
unsafe fn read_into(handle: &mut Handle, pch: *mut c_char, len: usize) -> Option<usize> {
    if overlaps_buffer(handle, pch, len) {
        let mut bounce = vec![0u8; len];
        let n = handle.file.read_bytes(&mut bounce).ok()?;
        // SAFETY: `pch` holds `len` writable bytes (this function's contract), and the
        // engine returns at most `len` (`n <= bounce.len()`). The engine's borrow of its
        // buffer ended with `read_bytes`, so writing bytes that overlap it aliases no
        // Rust reference.
        unsafe { std::ptr::copy(bounce.as_ptr(), pch.cast(), n) };
        Some(n)
    } else {
        // SAFETY: `pch` is not null and holds `len` writable bytes (this function's
        // contract); they do not overlap the file's buffer (checked just above), the
        // only memory the engine touches during the read, so this is the one reference
        // to them.
        let dst = unsafe { std::slice::from_raw_parts_mut(pch.cast::<u8>(), len) };
        handle.file.read_bytes(dst).ok()
    }
}

/// `mmioWrite`: writes up to `cch` bytes; returns the count, or -1 on error (a file
/// opened for reading only, a failed write-out).
///
/// A write that fits in the buffer is copied here, under the handle's lock, with no
/// other work; anything else goes through the engine.
///
/// # Safety
/// `pch` points to `cch` readable bytes (it may be null when `cch` is 0).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mmioWrite(hmmio: Hmmio, pch: *const c_char, cch: i32) -> i32 {
    if cch <= 0 || pch.is_null() {
        return write_general(hmmio, pch, cch);
    }
    let len = cch as usize; // positive
    let Some(mut lock) = handles::lock_fast(hmmio) else {
        return write_general(hmmio, pch, cch);
    };
    let Some(dst) = lock.file().and_then(|handle| c_abi::put_into_buffer(&mut handle.file, len)) else {
        return write_locked(lock, pch, len);
    };
    // SAFETY: the engine returned the address of `len` bytes of buffer space, and
    // nothing touches the buffer until the lock is given back after the copy; `pch` is
    // not null and holds `cch` = `len` readable bytes (this function's contract).
    unsafe { copy_then_unlock(pch.cast(), dst, len, lock) }
}

/// `mmioWrite` for everything its fast path leaves before taking the lock.
#[cold]
#[inline(never)]
fn write_general(hmmio: Hmmio, pch: *const c_char, cch: i32) -> i32 {
    // SAFETY: `count_call` passes a non-null `pch` and `len` = `cch`, the count of
    // readable bytes there (`mmioWrite`'s contract).
    count_call(hmmio, pch, cch, |handle, len| unsafe { write_from(handle, pch, len) })
}

/// `mmioWrite` when its fast path holds the lock but the buffer cannot take the write.
#[cold]
#[inline(never)]
fn write_locked(lock: FastLock, pch: *const c_char, len: usize) -> i32 {
    // SAFETY: `mmioWrite` passes its non-null `pch` and positive `cch` as `len`.
    locked_call(lock, |handle| unsafe { write_from(handle, pch, len) })
}

/// The engine's write of the caller's `len` bytes at `pch`; the count, or `None` on
/// error.
///
/// # Safety
/// `pch` is not null and holds `len > 0` readable bytes.
unsafe fn write_from(handle: &mut Handle, pch: *const c_char, len: usize) -> Option<usize> {
    // SAFETY: `pch` is not null and holds `len` readable bytes (this function's
    // contract). The slice is used only while the engine writes it into the file's
    // buffer when it does not overlap that buffer; otherwise it is copied out first,
    // before the engine touches the buffer.
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
}

/// The general path of a read or write whose fast path took the lock: `transfer` on the
/// locked file, the count as the result (-1 on error), the lock given back after, and a
/// panic turned into -1 (the lock is given back as it unwinds).
fn locked_call(mut lock: FastLock, transfer: impl FnOnce(&mut Handle) -> Option<usize>) -> i32 {
    guard(-1, move || {
        let n = lock.file().and_then(transfer);
        n.and_then(|n| i32::try_from(n).ok()).unwrap_or(-1)
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
