//! [`CMemory`]: a block a C program lends a handle as its buffer or memory-file block
//! (`pchBuffer` in `mmioOpen`, `mmioSetBuffer`), used in place and never freed. A
//! memory-file block that may grow (`adwInfo[0] != 0`) is grown with `realloc`, so it
//! must come from `malloc`.
//!
//! Buffers the library allocates itself (`pchBuffer` NULL) are the engine's own
//! `Vec<u8>`s; C gets their address from `winmmio::c_abi::buffer_base`, made without a
//! reference to the bytes. Either way the engine borrows the bytes only during a call;
//! between calls the C program reads and writes them through its pointers. No Rust
//! reference outlives a call, so the two never alias.

use std::ffi::c_char;

use engine::c_abi::BufferMemory;
use engine::{Error, ErrorCode, Result};

/// A caller's block behind a C handle's buffer.
pub struct CMemory {
    ptr: *mut u8,
    len: usize,
    /// The block came from `malloc` and may be reallocated.
    growable: bool,
}

// SAFETY: the pointer is to a plain byte block of the caller's, which no thread owns;
// `CMemory` is moved between threads only with its handle, and the handle table lets one
// thread at a time use a handle, and so its memory.
unsafe impl Send for CMemory {}

impl CMemory {
    /// The caller's `len` bytes at `ptr`, used in place. With `growable`, the block came
    /// from `malloc` and may be reallocated.
    ///
    /// # Safety
    /// `ptr` must be non-null and valid for reads and writes of `len` bytes for as long
    /// as the handle uses it, and come from `malloc` if `growable`.
    pub unsafe fn borrowed(ptr: *mut c_char, len: usize, growable: bool) -> CMemory {
        CMemory { ptr: ptr.cast(), len, growable }
    }
}

impl BufferMemory for CMemory {
    fn bytes(&self) -> &[u8] {
        // SAFETY: `ptr` is non-null and valid for `len` bytes (`borrowed`'s contract, or
        // the block `grow` reallocated to `len`) while the handle uses it. The slice
        // borrows `self`, so it ends before the block can be grown.
        unsafe { std::slice::from_raw_parts(self.ptr, self.len) }
    }

    fn bytes_mut(&mut self) -> &mut [u8] {
        // SAFETY: the block is valid for `len` bytes, as in `bytes`; the slice borrows
        // `self` mutably, so no other Rust view of the block exists while it lives.
        unsafe { std::slice::from_raw_parts_mut(self.ptr, self.len) }
    }

    fn grow(&mut self, new_len: usize) -> Result<()> {
        if new_len <= self.len {
            return Ok(());
        }
        if !self.growable {
            return Err(Error::with_detail(ErrorCode::CannotExpand, "the caller's block cannot grow"));
        }
        // SAFETY: a growable block came from malloc (`borrowed`'s contract) or from an
        // earlier realloc here. realloc keeps the contents; a null result leaves the old
        // block untouched and is checked below.
        let grown = unsafe { libc::realloc(self.ptr.cast(), new_len) }.cast::<u8>();
        if grown.is_null() {
            return Err(Error::with_detail(ErrorCode::OutOfMemory, "realloc failed"));
        }
        // SAFETY: `grown` is a block of `new_len` > `len` bytes just returned by realloc,
        // so the `new_len - len` bytes from `len` are inside it.
        unsafe { std::ptr::write_bytes(grown.add(self.len), 0, new_len - self.len) };
        self.ptr = grown;
        self.len = new_len;
        Ok(())
    }

    fn base(&self) -> *mut u8 {
        self.ptr
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn growable_blocks_grow_and_fixed_ones_do_not() {
        // SAFETY: calloc has no preconditions; the result is checked before use.
        let ptr = unsafe { libc::calloc(4, 1) }.cast::<c_char>();
        assert!(!ptr.is_null());
        // SAFETY: 4 bytes from calloc, freed only at the end of this test.
        let mut growing = unsafe { CMemory::borrowed(ptr, 4, true) };
        growing.bytes_mut().copy_from_slice(b"abcd");
        growing.grow(6).unwrap();
        assert_eq!(growing.bytes(), b"abcd\0\0");
        // SAFETY: the block as last reallocated, which the caller (this test) frees.
        unsafe { libc::free(growing.base().cast()) };

        let mut block = *b"xy";
        let address = block.as_mut_ptr();
        {
            // SAFETY: `block` is 2 bytes that outlive `fixed` (which goes out of scope
            // before `block` is read), and `growable` is false, so nothing reallocates it.
            let mut fixed = unsafe { CMemory::borrowed(address.cast(), 2, false) };
            fixed.bytes_mut()[0] = b'X';
            assert_eq!(fixed.grow(3).unwrap_err().code(), ErrorCode::CannotExpand);
            assert_eq!(fixed.base(), address);
        }
        assert_eq!(&block, b"Xy");
    }
}
