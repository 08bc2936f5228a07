//! [`CMemory`]: buffer memory a C program can see and touch through `pchBuffer`.
//!
//! Internal buffers are `calloc`ed here and freed with the handle; caller-supplied
//! buffers are used in place and never freed. A caller's memory-file block that may
//! grow (`adwInfo[0] != 0`) is grown with `realloc`, so it must come from `malloc`.
//!
//! The engine borrows the bytes only during a call; between calls the C program reads
//! and writes them through its pointers. No Rust reference outlives a call, so the two
//! never alias.

use std::ffi::c_char;

use engine::{BufferMemory, Error, ErrorCode, Result};

/// Memory behind a C handle's buffer.
pub struct CMemory {
    ptr: *mut u8,
    len: usize,
    /// Allocated here: freed on drop.
    owned: bool,
    /// A caller's block that may be grown with `realloc`.
    growable: bool,
}

// SAFETY: the pointer is to a plain byte block (from calloc, or the caller's), which no
// thread owns; `CMemory` is moved between threads only with its handle, and the handle
// table lets one thread at a time use a handle, and so its memory.
unsafe impl Send for CMemory {}

impl CMemory {
    /// The caller's `len` bytes at `ptr`, used in place (`ptr` may be null only with
    /// `len` 0). With `growable`, the block came from `malloc` and may be reallocated.
    ///
    /// # Safety
    /// `ptr` must be valid for reads and writes of `len` bytes for as long as the handle
    /// uses it, and come from `malloc` if `growable`.
    pub unsafe fn borrowed(ptr: *mut c_char, len: usize, growable: bool) -> CMemory {
        CMemory { ptr: ptr.cast(), len, owned: false, growable }
    }

    /// The first byte, as C sees it (null for no buffer).
    pub fn base(&self) -> *mut c_char {
        self.ptr.cast()
    }
}

impl BufferMemory for CMemory {
    fn allocate(len: usize) -> Result<CMemory> {
        if len == 0 {
            return Ok(CMemory::empty());
        }
        // SAFETY: calloc takes no pointer and has no preconditions; a null result (no
        // memory) is checked just below.
        let ptr = unsafe { libc::calloc(len, 1) }.cast::<u8>();
        if ptr.is_null() {
            return Err(Error::with_detail(ErrorCode::OutOfMemory, "calloc failed"));
        }
        Ok(CMemory { ptr, len, owned: true, growable: false })
    }

    fn empty() -> CMemory {
        CMemory { ptr: std::ptr::null_mut(), len: 0, owned: false, growable: false }
    }

    fn bytes(&self) -> &[u8] {
        if self.len == 0 {
            return &[];
        }
        // SAFETY: `len` > 0, so `ptr` is a block of at least `len` bytes: calloc'ed or
        // realloc'ed here for exactly `len`, or the caller's, which `borrowed`'s contract
        // makes valid for `len` bytes while the handle uses it. The slice borrows
        // `self`, so it ends before the memory can be freed or grown.
        unsafe { std::slice::from_raw_parts(self.ptr, self.len) }
    }

    fn bytes_mut(&mut self) -> &mut [u8] {
        if self.len == 0 {
            return &mut [];
        }
        // SAFETY: the block is valid for `len` bytes, as in `bytes`; the slice borrows
        // `self` mutably, so no other Rust view of the block exists while it lives.
        unsafe { std::slice::from_raw_parts_mut(self.ptr, self.len) }
    }

    fn grow(&mut self, new_len: usize) -> Result<()> {
        if new_len <= self.len {
            return Ok(());
        }
        if !(self.owned || self.growable || self.ptr.is_null()) {
            return Err(Error::with_detail(ErrorCode::CannotExpand, "the caller's block cannot grow"));
        }
        // SAFETY: the check above leaves a null `ptr` (realloc then allocates), a block
        // calloc'ed or realloc'ed here (`owned`), or a caller's block that `borrowed`'s
        // contract says came from malloc (`growable`). realloc keeps the contents; a null
        // result leaves the old block untouched and is checked below.
        let grown = unsafe { libc::realloc(self.ptr.cast(), new_len) }.cast::<u8>();
        if grown.is_null() {
            return Err(Error::with_detail(ErrorCode::OutOfMemory, "realloc failed"));
        }
        // SAFETY: `grown` is a block of `new_len` > `len` bytes just returned by realloc,
        // so the `new_len - len` bytes from `len` are inside it.
        unsafe { std::ptr::write_bytes(grown.add(self.len), 0, new_len - self.len) };
        if self.ptr.is_null() {
            self.owned = true;
        }
        self.ptr = grown;
        self.len = new_len;
        Ok(())
    }
}

impl Drop for CMemory {
    fn drop(&mut self) {
        if self.owned {
            // SAFETY: an owned block came from calloc or realloc here; drop runs once,
            // and the engine holds no slice of it any more (slices borrow `self`).
            unsafe { libc::free(self.ptr.cast()) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owned_blocks_grow_and_borrowed_ones_do_not() {
        let mut owned = CMemory::allocate(4).unwrap();
        owned.bytes_mut().copy_from_slice(b"abcd");
        owned.grow(6).unwrap();
        assert_eq!(owned.bytes(), b"abcd\0\0");

        let mut block = *b"xy";
        // SAFETY: `block` is 2 bytes that outlive `fixed` (dropped below before `block`
        // is read), and `growable` is false, so nothing reallocates it.
        let mut fixed = unsafe { CMemory::borrowed(block.as_mut_ptr().cast(), 2, false) };
        fixed.bytes_mut()[0] = b'X';
        assert_eq!(fixed.grow(3).unwrap_err().code(), ErrorCode::CannotExpand);
        drop(fixed);
        assert_eq!(&block, b"Xy");

        let mut empty = CMemory::empty();
        assert!(empty.bytes().is_empty());
        empty.grow(3).unwrap();
        assert_eq!(empty.bytes(), &[0, 0, 0]);
    }
}
