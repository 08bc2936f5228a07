//! `std::io::{Read, Write, Seek, BufRead}` for [`Mmio`], on top of the buffered engine.
//!
//! [`Seek`] follows the standard convention (`SeekFrom::End(-16)` is 16 bytes before
//! the end); [`Mmio::seek_mmio`] follows `mmioSeek`'s, where a positive offset from the
//! end counts back.

use std::io::{self, BufRead, Read, Seek, SeekFrom, Write};

use crate::error::{Error, ErrorCode};
use crate::handle::Mmio;
use crate::ioproc::SeekOrigin;

impl Read for Mmio {
    #[inline]
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        Ok(self.read_bytes(buf)?)
    }

    /// As the standard `read_exact`, with the whole request taken from the buffer in
    /// one step when it is there.
    #[inline]
    fn read_exact(&mut self, buf: &mut [u8]) -> io::Result<()> {
        if self.take_buffered(buf) { Ok(()) } else { read_exact_slow(self, buf) }
    }
}

/// `read_exact` when the buffer does not hold the whole request.
#[inline(never)]
fn read_exact_slow(file: &mut Mmio, mut buf: &mut [u8]) -> io::Result<()> {
    while !buf.is_empty() {
        match file.read_bytes(buf) {
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => buf = &mut buf[n..],
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

impl Write for Mmio {
    #[inline]
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        Ok(self.write_bytes(buf)?)
    }

    /// As the standard `write_all`, with the whole request put in the buffer in one
    /// step when it fits.
    #[inline]
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        if self.put_buffered(buf) { Ok(()) } else { write_all_slow(self, buf) }
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(self.flush_buffer()?)
    }
}

/// `write_all` when the request does not fit in the buffer.
#[inline(never)]
fn write_all_slow(file: &mut Mmio, mut buf: &[u8]) -> io::Result<()> {
    while !buf.is_empty() {
        match file.write_bytes(buf) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => buf = &buf[n..],
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

impl Seek for Mmio {
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
impl BufRead for Mmio {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        Ok(self.fill_buffer()?)
    }

    fn consume(&mut self, amt: usize) {
        self.consume_buffer(amt);
    }
}
