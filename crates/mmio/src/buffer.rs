//! The memory behind a file's I/O buffer (and behind a memory file).
//!
//! The engine never assumes it owns a `Vec`: it works on any [`BufferMemory`], so the C
//! library can hand it memory that a C program allocated and reads through pointers.

use crate::error::{Error, ErrorCode, Result};

/// Memory that can serve as a file's I/O buffer, or hold a memory file.
///
/// A buffer of length 0 means "unbuffered". [`Vec<u8>`] is the implementation Rust
/// callers use; the C library implements it for memory it shares with C programs.
pub trait BufferMemory: Send {
    /// A block of `len` bytes, zero-filled, for an internal buffer or memory file.
    /// Fails with `MMIOERR_OUTOFMEMORY` when it cannot be had.
    fn allocate(len: usize) -> Result<Self>
    where
        Self: Sized;

    /// An empty block: the buffer of an unbuffered file.
    fn empty() -> Self
    where
        Self: Sized;

    /// The bytes.
    fn bytes(&self) -> &[u8];

    /// The bytes, for writing.
    fn bytes_mut(&mut self) -> &mut [u8];

    /// Grows the block to `new_len` bytes, keeping its contents and zero-filling the new
    /// part (a growing memory file). Fails with `MMIOERR_OUTOFMEMORY` when the memory
    /// cannot be had, or `MMIOERR_CANNOTEXPAND` when this block can never grow.
    fn grow(&mut self, new_len: usize) -> Result<()>;
}

impl BufferMemory for Vec<u8> {
    fn allocate(len: usize) -> Result<Vec<u8>> {
        let mut block = Vec::new();
        block.try_reserve_exact(len).map_err(|_| out_of_memory())?;
        block.resize(len, 0);
        Ok(block)
    }

    fn empty() -> Vec<u8> {
        Vec::new()
    }

    fn bytes(&self) -> &[u8] {
        self
    }

    fn bytes_mut(&mut self) -> &mut [u8] {
        self
    }

    fn grow(&mut self, new_len: usize) -> Result<()> {
        let extra = new_len.saturating_sub(self.len());
        // Amortised: a file growing by a small increment (one byte per mmioAdvance, say)
        // must not copy the whole block on every step.
        self.try_reserve(extra).map_err(|_| out_of_memory())?;
        self.resize(new_len.max(self.len()), 0);
        Ok(())
    }
}

fn out_of_memory() -> Error {
    Error::with_detail(ErrorCode::OutOfMemory, "cannot allocate the buffer")
}

/// How a file is buffered: the choice `mmioOpen` and `mmioSetBuffer` make from their
/// `pchBuffer` and `cchBuffer` arguments.
#[derive(Debug)]
#[non_exhaustive]
pub enum Buffering<B = Vec<u8>> {
    /// No buffer: every read and write goes to the I/O procedure.
    Unbuffered,
    /// A buffer of this many bytes that the library allocates and frees
    /// (`MMIO_ALLOCBUF`); 0 means unbuffered.
    Internal(usize),
    /// Memory the caller supplies; its length is the buffer size (0: unbuffered).
    User(B),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vec_memory_allocates_zeroed_and_grows() {
        let mut block = <Vec<u8> as BufferMemory>::allocate(4).unwrap();
        assert_eq!(block.bytes(), &[0; 4]);
        block.bytes_mut()[3] = 9;
        block.grow(6).unwrap();
        assert_eq!(block.bytes(), &[0, 0, 0, 9, 0, 0]);
        assert_eq!(<Vec<u8> as BufferMemory>::allocate(usize::MAX).unwrap_err().code(), ErrorCode::OutOfMemory);
        assert!(<Vec<u8> as BufferMemory>::empty().is_empty());
    }

    /// Growing one byte at a time reallocates O(log n) times, not n times (a fuzzed
    /// memory file growing by 1 per advance copied gigabytes).
    #[test]
    fn vec_memory_growth_is_amortised() {
        let mut block = <Vec<u8> as BufferMemory>::allocate(1000).unwrap();
        let mut moves = 0;
        for len in 1001..=100_000 {
            let before = block.capacity();
            block.grow(len).unwrap();
            moves += usize::from(block.capacity() != before);
            assert_eq!(block.bytes().len(), len);
        }
        assert!(moves < 20, "{moves} reallocations");
    }
}
