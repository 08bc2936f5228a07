//! `std::io::{Read, Write, Seek, BufRead}` for [`Mmio`], on top of the buffered engine.
//!
//! [`Seek`] follows the standard convention (`SeekFrom::End(-16)` is 16 bytes before
//! the end); [`Mmio::seek_mmio`] follows `mmioSeek`'s, where a positive offset from the
//! end counts back.

use std::io::{self, BufRead, Read, Seek, SeekFrom, Write};

use crate::buffer::BufferMemory;
use crate::error::{Error, ErrorCode};
use crate::handle::Mmio;
use crate::ioproc::SeekOrigin;

impl<B: BufferMemory> Read for Mmio<B> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        Ok(self.read_bytes(buf)?)
    }
}

impl<B: BufferMemory> Write for Mmio<B> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        Ok(self.write_bytes(buf)?)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(self.flush_buffer(false)?)
    }
}

impl<B: BufferMemory> Seek for Mmio<B> {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        let too_far = || Error::with_detail(ErrorCode::CannotSeek, "offset out of range");
        let (offset, origin) = match pos {
            SeekFrom::Start(n) => (i64::try_from(n).map_err(|_| too_far())?, SeekOrigin::Start),
            SeekFrom::Current(n) => (n, SeekOrigin::Current),
            SeekFrom::End(n) => (n.checked_neg().ok_or_else(too_far)?, SeekOrigin::End),
        };
        Ok(self.seek_mmio(offset, origin)?)
    }

    fn stream_position(&mut self) -> io::Result<u64> {
        Ok(self.position())
    }
}

/// Buffered reading needs a buffer: on an unbuffered file `fill_buf` fails with
/// `MMIOERR_UNBUFFERED`.
impl<B: BufferMemory> BufRead for Mmio<B> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        Ok(self.fill_buffer()?)
    }

    fn consume(&mut self, amt: usize) {
        self.consume_buffer(amt);
    }
}
