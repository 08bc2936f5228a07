//! The buffered engine: read, write, seek, flush, set-buffer, set-info and advance on
//! an [`Mmio`], with Windows' buffering rules.
//!
//! State (see [`Mmio`]): the buffer holds the file bytes at `buf_offset ..
//! buf_offset + end_read`; the position is `buf_offset + next`. When `MMIO_DIRTY` is
//! set, the bytes `0 .. end_read` of the buffer are newer than the storage and are
//! written back (at `buf_offset`) before the buffer is given up. Every message to the
//! I/O procedure goes through `proc_*` helpers, which move the procedure to the offset
//! they need first and refuse counts a procedure could not have produced.
//!
//! A memory file (the built-in `MEM ` procedure) is the special case where the buffer
//! is the whole file: `buf_offset` stays 0, the end of data is `end_read`, and writes
//! past the block grow it by the `adwInfo[0]` increment.

use crate::buffer::{Buffering, Memory};
use crate::error::{Error, ErrorCode, Operation, Result};
use crate::flag_sets::{FlushFlags, OpenFlags};
use crate::handle::{Info, Mmio};
use crate::ioproc::{IoProc, ProcState, SeekOrigin};
use crate::read_ahead::ReadAhead;

/// Which way `mmioAdvance` moves the buffer.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Advance {
    /// `MMIO_READ`: write out dirty data, then fill the next buffer from the file.
    Read,
    /// `MMIO_WRITE`: write out dirty data, then start an empty buffer after it.
    Write,
}

/// `Ok(done)` when some bytes were transferred before `err`, else `Err(err)`: a call
/// that moved data reports it, and the failure surfaces on the next call.
fn partial(done: usize, err: Error) -> Result<usize> {
    if done > 0 { Ok(done) } else { Err(err) }
}

/// `dst.copy_from_slice(src)`, without a call to `memcpy` for the 4 or 8 bytes (a
/// FOURCC, a size field, a chunk header, a stereo sample) of a typical small read or
/// write whose length is only known at run time, as through the C API.
#[inline(always)]
fn copy_small(dst: &mut [u8], src: &[u8]) {
    if let (Ok(d), Ok(s)) = (<&mut [u8; 4]>::try_from(&mut *dst), <&[u8; 4]>::try_from(src)) {
        *d = *s;
    } else if let (Ok(d), Ok(s)) = (<&mut [u8; 8]>::try_from(&mut *dst), <&[u8; 8]>::try_from(src)) {
        *d = *s;
    } else {
        dst.copy_from_slice(src);
    }
}

fn refused(code: ErrorCode, detail: &'static str, op: Operation) -> Error {
    Error::with_detail(code, detail).during(op)
}

/// A read message to the procedure at its disk offset (answered from the read-ahead
/// block during a search that reads ahead); a count above `dst.len()` is an error.
fn read_message(
    proc: &mut dyn IoProc,
    state: &mut ProcState,
    read_ahead: &mut Option<ReadAhead>,
    dst: &mut [u8],
) -> Result<usize> {
    let n = match read_ahead {
        Some(ahead) => ahead.read(proc, state, dst),
        None => proc.read(state, dst),
    };
    let n = n.map_err(|e| e.during(Operation::Read))?;
    if n > dst.len() {
        return Err(refused(ErrorCode::CannotRead, "the I/O procedure read more than asked", Operation::Read));
    }
    Ok(n)
}

impl Mmio {
    pub(crate) fn is_dirty(&self) -> bool {
        self.state.flags.contains(OpenFlags::DIRTY)
    }

    fn set_dirty(&mut self, dirty: bool) {
        self.state.flags.set(OpenFlags::DIRTY, dirty);
    }

    fn capacity(&self) -> usize {
        self.buf.bytes().len()
    }

    /// The unread bytes of the buffer, `next .. end_read` (empty if `next` is past it).
    #[inline]
    pub(crate) fn readable(&self) -> &[u8] {
        self.buf.bytes().get(self.next..self.end_read).unwrap_or_default()
    }

    /// Gives up the buffer's contents and starts an empty buffer at `offset`.
    pub(crate) fn empty_at(&mut self, offset: u64) {
        self.buf_offset = offset;
        self.next = 0;
        self.end_read = 0;
    }

    // ----- messages to the I/O procedure -----

    /// Moves the procedure to `target` unless it is there already.
    fn proc_seek_to(&mut self, target: u64, op: Operation) -> Result<()> {
        if self.state.disk_offset == target {
            return Ok(());
        }
        self.proc_seek(target, op)
    }

    /// Sends a seek to `target`, whatever the procedure's offset.
    fn proc_seek(&mut self, target: u64, op: Operation) -> Result<()> {
        let offset = i64::try_from(target).map_err(|_| refused(ErrorCode::CannotSeek, "offset too large", op))?;
        let reached = self.proc.seek(&mut self.state, offset, SeekOrigin::Start).map_err(|e| e.during(op))?;
        if reached != target {
            self.state.disk_offset = reached;
            return Err(refused(ErrorCode::CannotSeek, "the I/O procedure moved elsewhere", op));
        }
        Ok(())
    }

    /// The size of the storage, as the procedure sees it.
    fn proc_end(&mut self) -> Result<u64> {
        self.proc.seek(&mut self.state, 0, SeekOrigin::End).map_err(|e| e.during(Operation::Seek))
    }

    /// Reads at `offset` into `dst` (one message).
    fn proc_read_at(&mut self, offset: u64, dst: &mut [u8]) -> Result<usize> {
        self.proc_seek_to(offset, Operation::Read)?;
        read_message(self.proc.as_mut(), &mut self.state, &mut self.read_ahead, dst)
    }

    /// Writes `len` bytes at `offset`, from the buffer (`None`) or from `src`, until all
    /// are written; on failure returns how many were.
    fn proc_write_at(&mut self, offset: u64, src: Option<&[u8]>, len: usize) -> (usize, Result<()>) {
        if let Err(e) = self.proc_seek_to(offset, Operation::Write) {
            // Data that cannot reach its place is a failed write (docs/behavior.md §4).
            return (0, Err(e.with_code(ErrorCode::CannotWrite)));
        }
        let mut done = 0;
        while done < len {
            let chunk = match src {
                Some(src) => &src[done..len],
                // Empty (and refused below) only if lent memory shrank behind our back.
                None => self.buf.bytes().get(done..len).unwrap_or_default(),
            };
            let result = self.proc.write(&mut self.state, chunk);
            match result {
                Ok(0) => {
                    let err = refused(ErrorCode::CannotWrite, "the I/O procedure wrote nothing", Operation::Write);
                    return (done, Err(err));
                }
                Ok(n) if n > chunk.len() => {
                    let err =
                        refused(ErrorCode::CannotWrite, "the I/O procedure wrote more than asked", Operation::Write);
                    return (done, Err(err));
                }
                Ok(n) => done += n,
                Err(e) => return (done, Err(e.during(Operation::Write).with_code(ErrorCode::CannotWrite))),
            }
        }
        (done, Ok(()))
    }

    /// Writes the dirty buffer back to the storage and clears `MMIO_DIRTY`; on failure
    /// the data stays in the buffer, still dirty.
    pub(crate) fn write_out(&mut self) -> Result<()> {
        if !self.is_dirty() {
            return Ok(());
        }
        if !self.memory {
            let len = self.end_read.min(self.capacity());
            let (_, result) = self.proc_write_at(self.buf_offset, None, len);
            result?;
        }
        self.set_dirty(false);
        Ok(())
    }

    // ----- mmioRead -----

    /// Reads up to `dst.len()` bytes (`mmioRead`); 0 at the end of the file.
    ///
    /// Bytes in the buffer are copied first. If more are wanted, dirty data is written
    /// out, and the rest is read straight into `dst` when it is more than a buffer's
    /// worth (leaving an empty buffer at the new position), else through the buffer,
    /// refilled as often as needed. A read that starts in the loaded bytes and runs past
    /// them leaves an empty buffer at the new position (docs/behavior.md section 3, and what
    /// the Wine oracle shows); a read served by one fill of a used-up buffer keeps it.
    #[inline]
    pub fn read_bytes(&mut self, dst: &mut [u8]) -> Result<usize> {
        if self.take_buffered(dst) { Ok(dst.len()) } else { self.read_slow(dst) }
    }

    /// The fast path of a read: when the buffer holds all of `dst` (and the file may be
    /// read), copies it and returns true; else changes nothing and returns false.
    #[inline]
    pub(crate) fn take_buffered(&mut self, dst: &mut [u8]) -> bool {
        match self.take_window(dst.len()) {
            Some(src) => {
                copy_small(dst, src);
                true
            }
            None => false,
        }
    }

    /// When the buffer holds `len` unread bytes and the file may be read: marks them
    /// read and returns them. Else `None`, changing nothing; also for lent memory (C's
    /// own buffers), which the general path serves.
    #[inline(always)]
    pub(crate) fn take_window(&mut self, len: usize) -> Option<&[u8]> {
        let end = self.next.checked_add(len)?;
        if end > self.end_read || !self.may_read {
            return None;
        }
        let window = self.buf.own().get(self.next..end)?;
        self.next = end;
        Some(window)
    }

    #[inline(never)]
    fn read_slow(&mut self, dst: &mut [u8]) -> Result<usize> {
        if dst.is_empty() {
            return Ok(0);
        }
        if !self.state.can_read() {
            return Err(refused(ErrorCode::CannotRead, "the file is not open for reading", Operation::Read));
        }
        let mut done = self.take_readable(dst);
        // All of it from the buffer (which the fast path leaves to this one for lent
        // memory): the buffer stays, with its dirty data.
        if self.memory || done == dst.len() {
            return Ok(done);
        }
        let runs_past = done > 0;
        let cap = self.capacity();
        while done < dst.len() {
            let pos = self.position();
            if let Err(e) = self.write_out() {
                return partial(done, e.during(Operation::Read));
            }
            self.empty_at(pos);
            if dst.len() - done > cap {
                return match self.proc_read_at(pos, &mut dst[done..]) {
                    Ok(n) => {
                        self.empty_at(pos + n as u64);
                        Ok(done + n)
                    }
                    Err(e) => partial(done, e),
                };
            }
            match self.fill_at(pos) {
                Ok(0) => break,
                Ok(_) => done += self.take_readable(&mut dst[done..]),
                Err(e) => return partial(done, e),
            }
        }
        if runs_past {
            // The procedure goes back to the new position now and the buffer is given
            // up, as in Windows. A procedure that cannot go back (a pipe) keeps the
            // buffer instead, with the bytes it already read past the position.
            let pos = self.position();
            if self.proc_seek_to(pos, Operation::Read).is_ok() {
                self.empty_at(pos);
            }
        }
        Ok(done)
    }

    /// Copies what the buffer has for `dst`; returns the count.
    fn take_readable(&mut self, dst: &mut [u8]) -> usize {
        let avail = self.readable();
        let n = avail.len().min(dst.len());
        dst[..n].copy_from_slice(&avail[..n]);
        self.next += n;
        n
    }

    /// Fills the (clean) buffer with the file bytes at `offset`; returns the count.
    fn fill_at(&mut self, offset: u64) -> Result<usize> {
        self.empty_at(offset);
        self.proc_seek_to(offset, Operation::Read)?;
        let n = read_message(self.proc.as_mut(), &mut self.state, &mut self.read_ahead, self.buf.bytes_mut())?;
        self.end_read = n;
        Ok(n)
    }

    /// Makes sure unread bytes are in the buffer (refilling it at the position if it is
    /// used up) and returns them; empty at the end of the file. `BufRead::fill_buf`.
    pub(crate) fn fill_buffer(&mut self) -> Result<&[u8]> {
        if self.next >= self.end_read && !self.memory {
            if !self.state.can_read() {
                return Err(refused(ErrorCode::CannotRead, "the file is not open for reading", Operation::Read));
            }
            if self.capacity() == 0 {
                return Err(refused(ErrorCode::Unbuffered, "the file has no buffer", Operation::Read));
            }
            let pos = self.position();
            self.write_out().map_err(|e| e.during(Operation::Read))?;
            self.fill_at(pos)?;
        }
        Ok(self.readable())
    }

    /// Marks `n` unread buffer bytes as read (clamped to what there is).
    pub(crate) fn consume_buffer(&mut self, n: usize) {
        self.next += n.min(self.readable().len());
    }

    // ----- mmioWrite -----

    /// Writes up to `src.len()` bytes (`mmioWrite`) and returns how many were taken.
    ///
    /// Bytes go into the buffer, which is written out whenever it fills; what is left
    /// once the buffer is empty goes straight to the I/O procedure when it is at least a
    /// buffer's worth. A fixed-size memory file takes what fits.
    #[inline]
    pub fn write_bytes(&mut self, src: &[u8]) -> Result<usize> {
        if self.put_buffered(src) { Ok(src.len()) } else { self.write_slow(src) }
    }

    /// The fast path of a write: when all of `src` fits in the buffer (and the file may
    /// be written), copies it in and returns true; else changes nothing and returns false.
    #[inline]
    pub(crate) fn put_buffered(&mut self, src: &[u8]) -> bool {
        match self.put_window(src.len()) {
            Some(space) => {
                copy_small(space, src);
                true
            }
            None => false,
        }
    }

    /// When `len` bytes fit in the buffer at `next` and the file may be written: marks
    /// them written (as [`mark_written`](Self::mark_written) does) and returns their
    /// space, for the caller to fill. Else `None`, changing nothing; also for lent memory
    /// (C's own buffers), which the general path serves.
    #[inline(always)]
    pub(crate) fn put_window(&mut self, len: usize) -> Option<&mut [u8]> {
        let start = self.next;
        let end = start.checked_add(len)?;
        if !self.may_write || end > self.buf.own().len() {
            return None;
        }
        self.mark_written(len);
        self.buf.own_mut().get_mut(start..end)
    }

    #[inline(never)]
    fn write_slow(&mut self, src: &[u8]) -> Result<usize> {
        if src.is_empty() {
            return Ok(0);
        }
        if !self.state.can_write() {
            return Err(refused(ErrorCode::CannotWrite, "the file is not open for writing", Operation::Write));
        }
        if self.memory {
            return self.write_memory(src);
        }
        let mut done = 0;
        while done < src.len() {
            let rest = &src[done..];
            let cap = self.capacity();
            if self.next == 0 && self.end_read == 0 && !self.is_dirty() && rest.len() >= cap {
                let offset = self.buf_offset;
                let (n, result) = self.proc_write_at(offset, Some(rest), rest.len());
                self.empty_at(offset + n as u64);
                done += n;
                if let Err(e) = result {
                    return partial(done, e);
                }
                break;
            }
            let space = cap.saturating_sub(self.next);
            if space == 0 {
                let pos = self.position();
                if let Err(e) = self.write_out() {
                    return partial(done, e);
                }
                self.empty_at(pos);
                continue;
            }
            done += self.put(rest);
        }
        Ok(done)
    }

    /// Copies what fits of `src` into the buffer at `next`; returns the count.
    fn put(&mut self, src: &[u8]) -> usize {
        let space = self.buf.bytes_mut().get_mut(self.next..).unwrap_or_default();
        let n = space.len().min(src.len());
        space[..n].copy_from_slice(&src[..n]);
        self.mark_written(n);
        n
    }

    /// Records that the `n` buffer bytes at `next` were written: moves `next` past them,
    /// makes them readable, and sets `MMIO_DIRTY`.
    #[inline]
    pub(crate) fn mark_written(&mut self, n: usize) {
        if n == 0 {
            return;
        }
        self.next += n;
        if self.next > self.end_read {
            self.end_read = self.next;
        }
        self.state.flags.insert(OpenFlags::DIRTY);
    }

    /// A write to a memory file: grow the block if it may grow, else take what fits.
    fn write_memory(&mut self, src: &[u8]) -> Result<usize> {
        let needed = self.next.saturating_add(src.len());
        if needed > self.capacity()
            && self.grow_increment() > 0
            && let Err(e) = self.grow_memory(needed)
            && self.next >= self.capacity()
        {
            return Err(e.during(Operation::Write));
        }
        Ok(self.put(src))
    }

    fn grow_increment(&self) -> usize {
        self.state.info[0] as usize
    }

    /// Grows a memory file's block by whole increments until it holds `needed` bytes.
    fn grow_memory(&mut self, needed: usize) -> Result<()> {
        let cap = self.capacity();
        let step = self.grow_increment();
        if step == 0 {
            return Err(Error::with_detail(ErrorCode::CannotExpand, "the memory file has a fixed size"));
        }
        let steps = needed.saturating_sub(cap).div_ceil(step).max(1);
        let new_len = steps.checked_mul(step).and_then(|extra| extra.checked_add(cap));
        let new_len = new_len.ok_or_else(|| Error::with_detail(ErrorCode::OutOfMemory, "memory file too large"))?;
        self.buf.grow(new_len)?;
        if self.capacity() < new_len {
            return Err(Error::with_detail(ErrorCode::OutOfMemory, "the block did not grow"));
        }
        Ok(())
    }

    // ----- mmioSeek -----

    /// Moves the position (`mmioSeek`) and returns it. With [`SeekOrigin::End`] a
    /// positive `offset` counts **back** from the end, as in `mmioSeek` (`16, End` on
    /// a 520-byte file is 504).
    ///
    /// A target inside the buffer's data only moves `next`; any other target writes
    /// out dirty data, seeks the I/O procedure, and leaves an empty buffer starting
    /// exactly at the target. A target before 0 fails with `MMIOERR_CANNOTSEEK` and
    /// changes nothing; past the end is allowed (a memory file refuses it).
    #[inline]
    pub fn seek_mmio(&mut self, offset: i64, origin: SeekOrigin) -> Result<u64> {
        self.seek_mmio_within(offset, origin, i64::MAX as u64)
    }

    /// [`seek_mmio`](Self::seek_mmio) with a highest allowed target: a target past
    /// `limit` fails with `MMIOERR_CANNOTSEEK` and changes nothing, as one before 0 does
    /// (the C ABI's `LONG` positions stop at `i32::MAX`).
    #[inline]
    pub(crate) fn seek_mmio_within(&mut self, offset: i64, origin: SeekOrigin, limit: u64) -> Result<u64> {
        if origin == SeekOrigin::Start
            && let Ok(target) = u64::try_from(offset)
            && target <= limit
            && self.seek_within(target)
        {
            return Ok(target);
        }
        self.seek_slow(offset, origin, limit)
    }

    /// Moves `next` to `target` when it lies in the buffer's data (for a memory file, in
    /// the file), which needs no I/O; false, changing nothing, otherwise.
    #[inline]
    pub(crate) fn seek_within(&mut self, target: u64) -> bool {
        let inside = (self.memory || self.capacity() > 0)
            && target >= self.buf_offset
            && target - self.buf_offset <= self.end_read as u64;
        if inside {
            self.next = (target - self.buf_offset) as usize;
        }
        inside
    }

    /// `seek_mmio` for every target but one from the start inside the buffer's data.
    #[inline(never)]
    fn seek_slow(&mut self, offset: i64, origin: SeekOrigin, limit: u64) -> Result<u64> {
        let fail = || refused(ErrorCode::CannotSeek, "target outside the file", Operation::Seek);
        let end = match origin {
            SeekOrigin::End if self.memory => self.end_read as u64,
            SeekOrigin::End => {
                let stored = self.proc_end()?;
                let buffered = if self.is_dirty() { self.buf_offset + self.end_read as u64 } else { 0 };
                stored.max(buffered)
            }
            _ => 0,
        };
        let target = match origin {
            SeekOrigin::Start => i128::from(offset),
            SeekOrigin::Current => i128::from(self.position()) + i128::from(offset),
            SeekOrigin::End => i128::from(end) - i128::from(offset),
        };
        let target = u64::try_from(target).ok().filter(|&t| t <= limit.min(i64::MAX as u64)).ok_or_else(fail)?;
        if self.seek_within(target) {
            return Ok(target);
        }
        if self.memory {
            return Err(fail());
        }
        self.write_out().map_err(|e| e.during(Operation::Seek))?;
        self.proc_seek(target, Operation::Seek)?;
        self.empty_at(target);
        Ok(target)
    }

    // ----- mmioFlush -----

    /// Writes out the buffer if it is dirty (`mmioFlush(h, 0)`): every byte written to
    /// it, even ones `next` has moved back over. On failure (`MMIOERR_CANNOTWRITE`) the
    /// data stays in the buffer.
    pub fn flush_buffer(&mut self) -> Result<()> {
        self.flush_buffer_with(FlushFlags::empty())
    }

    /// [`flush_buffer`](Self::flush_buffer) with `mmioFlush`'s flags:
    /// [`EMPTYBUF`](FlushFlags::EMPTYBUF) also empties the buffer (the position does not
    /// move).
    pub fn flush_buffer_with(&mut self, flags: FlushFlags) -> Result<()> {
        self.write_out().map_err(|e| e.during(Operation::Flush))?;
        if flags.contains(FlushFlags::EMPTYBUF) && !self.memory {
            let pos = self.position();
            self.empty_at(pos);
        }
        Ok(())
    }

    // ----- mmioSetBuffer -----

    /// Changes the buffering (`mmioSetBuffer`): writes out dirty data first (if that
    /// fails, nothing changes), keeps the position, and leaves the new buffer empty.
    ///
    /// A memory file's buffer is the file, so on a memory file this replaces the file,
    /// as Windows does: the new block starts empty at position 0 (the old data is gone,
    /// and an internal block is freed), and it grows by the `adwInfo[0]` increment as
    /// before. [`Buffering::Unbuffered`] leaves it with no block at all.
    pub fn set_buffer(&mut self, buffering: Buffering) -> Result<()> {
        let (buf, internal) = match buffering {
            Buffering::Unbuffered | Buffering::Internal(0) => (Memory::empty(), false),
            Buffering::Internal(len) => (Memory::allocate(len).map_err(|e| e.during(Operation::SetBuffer))?, true),
            Buffering::User(block) => (Memory::owned(block), false),
        };
        self.replace_buffer(buf, internal)
    }

    /// [`set_buffer`](Self::set_buffer) with the new memory at hand: `internal` when the
    /// engine allocated it (`MMIO_ALLOCBUF`).
    pub(crate) fn replace_buffer(&mut self, buf: Memory, internal: bool) -> Result<()> {
        self.write_out().map_err(|e| e.during(Operation::SetBuffer))?;
        let pos = if self.memory { 0 } else { self.position() };
        self.buf = buf;
        self.empty_at(pos);
        self.state.flags.set(OpenFlags::ALLOCBUF, internal);
        Ok(())
    }

    // ----- mmioSetInfo / mmioAdvance -----

    /// Takes back the buffer state a caller changed during direct access
    /// (`mmioSetInfo`): `next`, `end_read` and [`DIRTY`](OpenFlags::DIRTY). A pointer outside the
    /// buffer fails with `MMSYSERR_INVALPARAM` and changes nothing.
    ///
    /// Dirty data is never forgotten: clearing `DIRTY`, or moving `end_read` back
    /// over bytes written to the buffer, does not drop them.
    pub fn set_info(&mut self, info: &Info) -> Result<()> {
        let cap = self.capacity();
        if info.next > cap || info.end_read > cap || info.end_write > cap {
            return Err(refused(ErrorCode::InvalidParam, "buffer pointer outside the buffer", Operation::SetInfo));
        }
        self.next = info.next;
        if info.is_dirty() || self.is_dirty() {
            self.end_read = info.end_read.max(self.next).max(if self.is_dirty() { self.end_read } else { 0 });
            self.set_dirty(true);
        } else {
            self.end_read = info.end_read;
        }
        Ok(())
    }

    /// Moves to the next buffer (`mmioAdvance`), after taking back `update` as
    /// [`set_info`](Self::set_info) does, and returns the new state.
    ///
    /// Dirty data (`0 .. end_read`, where `end_read` takes in `next`) is written out
    /// first. For [`Advance::Write`] with dirty data the next buffer starts at `next`,
    /// just after the caller's bytes; otherwise just after the previous buffer's data
    /// (for [`Advance::Read`], filled from the file). At the end of the file the new buffer is empty
    /// (`next == end_read`). For a memory file, [`Advance::Write`] makes room by
    /// growing the block, or fails with `MMIOERR_CANNOTEXPAND` when it is full and
    /// fixed. Unbuffered files fail with `MMIOERR_UNBUFFERED`.
    pub fn advance(&mut self, direction: Advance, update: Option<&Info>) -> Result<Info> {
        if self.capacity() == 0 && !self.memory {
            return Err(refused(ErrorCode::Unbuffered, "the file has no buffer", Operation::Advance));
        }
        if let Some(update) = update {
            self.set_info(update).map_err(|e| e.during(Operation::Advance))?;
        }
        let allowed = match direction {
            Advance::Read => self.state.can_read(),
            Advance::Write => self.state.can_write(),
        };
        if !allowed {
            let code = if direction == Advance::Read { ErrorCode::CannotRead } else { ErrorCode::CannotWrite };
            return Err(refused(code, "the file's access mode forbids it", Operation::Advance));
        }
        if self.memory {
            self.set_dirty(false);
            if direction == Advance::Write && self.next >= self.capacity() {
                self.grow_memory(self.capacity() + 1).map_err(|e| e.during(Operation::Advance))?;
            }
            return Ok(self.info());
        }
        // MMIO_WRITE with dirty data goes on just after the caller's bytes; otherwise the
        // next buffer follows the previous one's data.
        let wrote_here = direction == Advance::Write && self.is_dirty();
        self.write_out().map_err(|e| e.during(Operation::Advance))?;
        let next_buffer = self.buf_offset + if wrote_here { self.next } else { self.end_read } as u64;
        match direction {
            Advance::Write => self.empty_at(next_buffer),
            Advance::Read => {
                self.fill_at(next_buffer).map_err(|e| e.during(Operation::Advance))?;
            }
        }
        Ok(self.info())
    }
}
