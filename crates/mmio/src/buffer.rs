//! The memory behind a file's I/O buffer (and behind a memory file): [`Buffering`], what
//! a caller chooses, and `Memory`, what a file holds.
//!
//! Rust code gives and gets `Vec<u8>`s. The C library (feature `c-abi`) can also lend
//! memory that a C program allocated and reads through pointers, as a
//! [`BufferMemory`](crate::c_abi::BufferMemory); that is the one variant of `Memory` the
//! default build does not have.

use crate::error::{Error, ErrorCode, Result};

/// Memory lent to a file by the C library, to use in place as its buffer or memory-file
/// block (a `pchBuffer` of `mmioOpen` or `mmioSetBuffer`).
///
/// The contract: [`bytes`](Self::bytes) and [`bytes_mut`](Self::bytes_mut) are views of
/// one block and always have the same length, which changes only when
/// [`grow`](Self::grow) succeeds. The engine checks the two lengths when it takes the
/// memory and after each growth, and refuses memory that breaks the contract with
/// `MMSYSERR_INVALPARAM`; it never indexes past what a view returns, so memory that
/// breaks it later gets wrong results or errors, never a panic.
#[cfg(feature = "c-abi")]
pub trait BufferMemory: Send {
    /// The bytes.
    fn bytes(&self) -> &[u8];

    /// The same bytes, for writing.
    fn bytes_mut(&mut self) -> &mut [u8];

    /// Grows the block to `new_len` bytes, keeping its contents and zero-filling the new
    /// part (a growing memory file). Fails with `MMIOERR_OUTOFMEMORY` when the memory
    /// cannot be had, or `MMIOERR_CANNOTEXPAND` when this block can never grow.
    fn grow(&mut self, new_len: usize) -> Result<()>;

    /// The address of the block as C sees it (`pchBuffer`): the lender's pointer, also
    /// for a block of 0 bytes.
    fn base(&self) -> *mut u8;
}

/// The memory a file's buffer (or memory file) lives in: a block of the engine's (or a
/// caller's `Vec`), or, with the `c-abi` feature, a block the C library lends.
///
/// The engine's own block is a plain field, empty while a lent block is in use, so the
/// fast paths of reading and writing reach it without a branch on the kind of memory
/// ([`own`](Self::own)); lent memory then never matches their bounds and takes the
/// general path.
pub(crate) struct Memory {
    /// The engine's own block; empty while `lent` is in use.
    own: Vec<u8>,
    /// A block the C library lends, used instead of `own`.
    #[cfg(feature = "c-abi")]
    lent: Option<Box<dyn BufferMemory>>,
}

impl Memory {
    /// A block of the engine's, or a caller's `Vec`.
    pub(crate) fn owned(block: Vec<u8>) -> Memory {
        Memory {
            own: block,
            #[cfg(feature = "c-abi")]
            lent: None,
        }
    }

    /// No block: the buffer of an unbuffered file.
    pub(crate) fn empty() -> Memory {
        Memory::owned(Vec::new())
    }

    /// A block of `len` bytes, zero-filled, for an internal buffer or memory file.
    /// Fails with `MMIOERR_OUTOFMEMORY` when it cannot be had.
    pub(crate) fn allocate(len: usize) -> Result<Memory> {
        let mut block = Vec::new();
        block.try_reserve_exact(len).map_err(|_| out_of_memory())?;
        block.resize(len, 0);
        Ok(Memory::owned(block))
    }

    /// Lent memory, if it keeps the contract of [`BufferMemory`].
    #[cfg(feature = "c-abi")]
    pub(crate) fn lent(mut memory: Box<dyn BufferMemory>) -> Result<Memory> {
        check_views(memory.as_mut())?;
        Ok(Memory { own: Vec::new(), lent: Some(memory) })
    }

    /// The engine's own block: all the bytes, unless the memory is lent (then empty).
    #[inline(always)]
    pub(crate) fn own(&self) -> &[u8] {
        &self.own
    }

    /// The engine's own block, for writing: all the bytes, unless the memory is lent
    /// (then empty).
    #[inline(always)]
    pub(crate) fn own_mut(&mut self) -> &mut [u8] {
        &mut self.own
    }

    /// The bytes.
    #[inline]
    pub(crate) fn bytes(&self) -> &[u8] {
        #[cfg(feature = "c-abi")]
        if let Some(memory) = &self.lent {
            return memory.bytes();
        }
        &self.own
    }

    /// The bytes, for writing.
    #[inline]
    pub(crate) fn bytes_mut(&mut self) -> &mut [u8] {
        #[cfg(feature = "c-abi")]
        if let Some(memory) = &mut self.lent {
            return memory.bytes_mut();
        }
        &mut self.own
    }

    /// Grows the block to `new_len` bytes, keeping its contents and zero-filling the new
    /// part. Fails with `MMIOERR_OUTOFMEMORY` when the memory cannot be had, or
    /// `MMIOERR_CANNOTEXPAND` when the block can never grow.
    pub(crate) fn grow(&mut self, new_len: usize) -> Result<()> {
        #[cfg(feature = "c-abi")]
        if let Some(memory) = &mut self.lent {
            memory.grow(new_len)?;
            return check_views(memory.as_mut());
        }
        let block = &mut self.own;
        let extra = new_len.saturating_sub(block.len());
        // Amortised: a file growing by a small increment (one byte per mmioAdvance, say)
        // must not copy the whole block on every step.
        block.try_reserve(extra).map_err(|_| out_of_memory())?;
        block.resize(new_len.max(block.len()), 0);
        Ok(())
    }

    /// The block as a `Vec` (a copy of lent memory).
    pub(crate) fn into_vec(self) -> Vec<u8> {
        #[cfg(feature = "c-abi")]
        if let Some(memory) = &self.lent {
            return memory.bytes().to_vec();
        }
        self.own
    }

    /// The address of the block as C sees it: null for none. C writes through it
    /// between calls, so an owned block's comes from `Vec::as_mut_ptr`, which makes no
    /// reference to the bytes.
    #[cfg(feature = "c-abi")]
    pub(crate) fn base(&mut self) -> *mut u8 {
        match &self.lent {
            Some(memory) => memory.base(),
            None if self.own.is_empty() => std::ptr::null_mut(),
            None => self.own.as_mut_ptr(),
        }
    }
}

/// Refuses lent memory whose two views disagree in length.
#[cfg(feature = "c-abi")]
fn check_views(memory: &mut dyn BufferMemory) -> Result<()> {
    if memory.bytes().len() == memory.bytes_mut().len() {
        return Ok(());
    }
    Err(Error::with_detail(ErrorCode::InvalidParam, "the buffer memory's views differ in length"))
}

fn out_of_memory() -> Error {
    Error::with_detail(ErrorCode::OutOfMemory, "cannot allocate the buffer")
}

/// How a file is buffered: the choice `mmioOpen` and `mmioSetBuffer` make from their
/// `pchBuffer` and `cchBuffer` arguments.
#[derive(Debug)]
#[non_exhaustive]
pub enum Buffering {
    /// No buffer: every read and write goes to the I/O procedure.
    Unbuffered,
    /// A buffer of this many bytes that the library allocates and frees
    /// (`MMIO_ALLOCBUF`); 0 means unbuffered.
    Internal(usize),
    /// A block the caller supplies; its length is the buffer size (0: unbuffered). A
    /// memory file's block grows as the file does.
    User(Vec<u8>),
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The room the engine's own block has without reallocating.
    fn capacity(memory: &Memory) -> usize {
        memory.own.capacity()
    }

    #[test]
    fn owned_memory_allocates_zeroed_and_grows() {
        let mut block = Memory::allocate(4).unwrap();
        assert_eq!(block.bytes(), &[0; 4]);
        block.bytes_mut()[3] = 9;
        block.grow(6).unwrap();
        assert_eq!(block.into_vec(), [0, 0, 0, 9, 0, 0]);
        assert_eq!(Memory::allocate(usize::MAX).err().map(|e| e.code()), Some(ErrorCode::OutOfMemory));
        assert!(Memory::empty().bytes().is_empty());
    }

    /// Growing one byte at a time reallocates O(log n) times, not n times (a fuzzed
    /// memory file growing by 1 per advance copied gigabytes).
    #[test]
    fn vec_memory_growth_is_amortised() {
        let mut block = Memory::allocate(1000).unwrap();
        let mut moves = 0;
        for len in 1001..=100_000 {
            let before = capacity(&block);
            block.grow(len).unwrap();
            moves += usize::from(capacity(&block) != before);
            assert_eq!(block.bytes().len(), len);
        }
        assert!(moves < 20, "{moves} reallocations");
    }
}
