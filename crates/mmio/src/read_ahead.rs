//! Read-ahead for one chunk search ([`Mmio::descend`](crate::Mmio::descend)) on a file
//! whose reads nobody can observe: the built-in `DOS ` procedure on a regular file
//! (`Mmio::quiet_reads`).
//!
//! A search that needs more than one read from the procedure reads ahead in blocks
//! (16 KiB, doubling up to 64 KiB) and answers its reads from the block, so that one
//! system call covers thousands of small chunks instead of one call per header. Every
//! answer is the one the procedure would have given, and the procedure is left at the
//! disk offset it would have reached (for these procedures, setting the disk offset is
//! the whole of a seek), so the file's state after the search is exactly what it is
//! without read-ahead. The block is dropped when the search ends: nothing read ahead
//! outlives the call.
//!
//! A procedure anyone can watch (any other procedure, also one that wraps the `DOS `
//! procedure) gets exactly the messages Windows sends: searches read ahead only where
//! `quiet_reads` is set.

use crate::error::Result;
use crate::ioproc::{IoProc, ProcState};

/// The first block a search reads ahead.
const FIRST_BLOCK: usize = 16 << 10;
/// The largest block: one covers some 8,000 empty chunks.
const LARGEST_BLOCK: usize = 64 << 10;

/// The read-ahead of one search.
#[derive(Debug)]
pub(crate) struct ReadAhead {
    /// The bytes read ahead (allocated at the first block read).
    block: Vec<u8>,
    /// The file offset of `block[0]`.
    start: u64,
    /// How many bytes of `block` the procedure filled.
    filled: usize,
    /// The file ends at `start + filled` (the procedure returned fewer bytes than asked).
    ended: bool,
    /// The reads the search has asked for.
    reads: u32,
    /// The size of the next block.
    next_size: usize,
    /// A block read failed: the rest of the search reads as without read-ahead.
    off: bool,
}

impl ReadAhead {
    /// Read-ahead for a search about to start: nothing read yet.
    pub(crate) fn new() -> ReadAhead {
        ReadAhead { block: Vec::new(), start: 0, filled: 0, ended: false, reads: 0, next_size: FIRST_BLOCK, off: false }
    }

    /// The bytes read ahead and the file offset of the first one.
    pub(crate) fn bytes(&self) -> (u64, &[u8]) {
        (self.start, self.block.get(..self.filled).unwrap_or_default())
    }

    /// The procedure's read of `dst.len()` bytes at its disk offset, with its answer:
    /// from the block when the block holds it, else from a new block read at that
    /// offset. The first read of a search goes to the procedure as it is (a search that
    /// finds its chunk at once reads no more than before), and so does every read after
    /// a block read failed.
    pub(crate) fn read(&mut self, proc: &mut dyn IoProc, state: &mut ProcState, dst: &mut [u8]) -> Result<usize> {
        self.reads += 1;
        let at = state.disk_offset;
        if let Some(n) = self.answer(at, dst) {
            state.disk_offset = at + n as u64;
            return Ok(n);
        }
        if self.reads == 1 || self.off {
            return proc.read(state, dst);
        }
        let size = dst.len().max(self.next_size);
        self.next_size = (self.next_size * 2).min(LARGEST_BLOCK);
        if self.block.len() < size {
            self.block.resize(size, 0);
        }
        match proc.read(state, &mut self.block[..size]) {
            Ok(n) if n <= size => {
                (self.start, self.filled, self.ended) = (at, n, n < size);
                // A block starting at `at` holds all of `dst`, or the file's end.
                let n = self.answer(at, dst).unwrap_or_default();
                state.disk_offset = at + n as u64;
                Ok(n)
            }
            _ => {
                // Whatever went wrong with the large read, the read asked for decides.
                (self.off, self.filled) = (true, 0);
                state.disk_offset = at;
                proc.read(state, dst)
            }
        }
    }

    /// Copies the answer to a read of `dst.len()` bytes at `at` into `dst`, if the block
    /// holds it: all of them, or those before the file's end; returns the count.
    fn answer(&self, at: u64, dst: &mut [u8]) -> Option<usize> {
        let from = usize::try_from(at.checked_sub(self.start)?).ok()?;
        let held = self.block.get(from..self.filled)?;
        let n = if held.len() >= dst.len() {
            dst.len()
        } else if self.ended {
            held.len()
        } else {
            return None;
        };
        dst[..n].copy_from_slice(&held[..n]);
        Some(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flag_sets::{CloseFlags, OpenFlags};
    use crate::ioproc::SeekOrigin;

    /// A positional procedure over `data` that records the size of every read.
    struct Counting {
        data: Vec<u8>,
        reads: Vec<usize>,
        fail_above: usize,
    }

    impl IoProc for Counting {
        fn open(&mut self, _: &mut ProcState, _: Option<&std::path::Path>) -> Result<()> {
            Ok(())
        }
        fn close(&mut self, _: &mut ProcState, _: CloseFlags) -> Result<()> {
            Ok(())
        }
        fn read(&mut self, state: &mut ProcState, buf: &mut [u8]) -> Result<usize> {
            self.reads.push(buf.len());
            if buf.len() > self.fail_above {
                return Err(crate::ErrorCode::CannotRead.into());
            }
            let from = (state.disk_offset as usize).min(self.data.len());
            let n = buf.len().min(self.data.len() - from);
            buf[..n].copy_from_slice(&self.data[from..from + n]);
            state.disk_offset += n as u64;
            Ok(n)
        }
        fn write(&mut self, _: &mut ProcState, _: &[u8]) -> Result<usize> {
            Err(crate::ErrorCode::CannotWrite.into())
        }
        fn seek(&mut self, state: &mut ProcState, offset: i64, _: SeekOrigin) -> Result<u64> {
            state.disk_offset = offset as u64;
            Ok(state.disk_offset)
        }
    }

    fn counting(len: usize, fail_above: usize) -> (Counting, ProcState) {
        let data = (0..len).map(|i| (i % 251) as u8).collect();
        (Counting { data, reads: Vec::new(), fail_above }, ProcState::new(OpenFlags::READ, [0; 3]))
    }

    /// Reads `len` bytes at `at` through `ahead`; returns them and checks the disk offset.
    fn read_at(ahead: &mut ReadAhead, proc: &mut Counting, state: &mut ProcState, at: u64, len: usize) -> Vec<u8> {
        state.disk_offset = at;
        let mut dst = vec![0xEE; len];
        let n = ahead.read(proc, state, &mut dst).unwrap();
        assert_eq!(state.disk_offset, at + n as u64, "the disk offset a direct read leaves");
        dst.truncate(n);
        dst
    }

    #[test]
    fn answers_are_the_procedures_and_blocks_grow() {
        let (mut proc, mut state) = counting(200_000, usize::MAX);
        let expected = |at: usize, len: usize| proc_bytes(at, len, 200_000);
        let mut ahead = ReadAhead::new();
        assert_eq!(read_at(&mut ahead, &mut proc, &mut state, 0, 12), expected(0, 12));
        assert_eq!(proc.reads, [12], "the first read goes through as it is");
        for at in (12..150_000).step_by(37) {
            assert_eq!(read_at(&mut ahead, &mut proc, &mut state, at as u64, 8), expected(at, 8), "at {at}");
        }
        assert_eq!(&proc.reads[1..5], [16 << 10, 32 << 10, 64 << 10, 64 << 10]);
        assert!(proc.reads.len() < 6, "{} reads", proc.reads.len());
        // Past the end: short, then nothing, as the procedure answers.
        assert_eq!(read_at(&mut ahead, &mut proc, &mut state, 199_996, 8), expected(199_996, 4));
        assert_eq!(read_at(&mut ahead, &mut proc, &mut state, 200_004, 8), Vec::<u8>::new());
        // Back before the block: a new block at the offset.
        assert_eq!(read_at(&mut ahead, &mut proc, &mut state, 100, 8192), expected(100, 8192));
        assert_eq!(ahead.bytes().0, 100);
    }

    fn proc_bytes(at: usize, len: usize, file_len: usize) -> Vec<u8> {
        (at..(at + len).min(file_len)).map(|i| (i % 251) as u8).collect()
    }

    #[test]
    fn a_failed_block_read_falls_back_to_the_read_asked_for() {
        let (mut proc, mut state) = counting(100_000, 8192);
        let mut ahead = ReadAhead::new();
        assert_eq!(read_at(&mut ahead, &mut proc, &mut state, 0, 8), proc_bytes(0, 8, 100_000));
        assert_eq!(read_at(&mut ahead, &mut proc, &mut state, 50, 8), proc_bytes(50, 8, 100_000));
        assert_eq!(read_at(&mut ahead, &mut proc, &mut state, 90, 8), proc_bytes(90, 8, 100_000));
        assert_eq!(proc.reads, [8, 16 << 10, 8, 8], "one failed block read, then reads as asked");
    }
}
