//! Direct buffer access: the safe form of `mmioGetInfo` / `pchNext` / `mmioAdvance` /
//! `mmioSetInfo`.

use crate::buffered::Advance;
use crate::error::{Error, ErrorCode, Operation, Result};
use crate::handle::{Info, Mmio};

/// Direct access to a file's buffer: the readable bytes and the writable space as
/// slices, without copying through `read`/`write`.
///
/// It is what C code does with `mmioGetInfo`, `pchNext`, `MMIO_DIRTY`, `mmioAdvance` and
/// `mmioSetInfo`, made safe: [`consume`](Direct::consume) and
/// [`produce`](Direct::produce) move `pchNext` (producing sets `MMIO_DIRTY`),
/// [`advance_read`](Direct::advance_read) and [`advance_write`](Direct::advance_write)
/// are `mmioAdvance`. Every step updates the file at once, so there is nothing left to
/// commit: the `mmioSetInfo` step happens as the borrow ends, by [`finish`](Direct::finish)
/// or drop, and other calls on the file then see everything done here.
///
/// Reading every byte, as with `BufRead::fill_buf` / `consume`:
///
/// ```
/// let mut file = winmmio::Mmio::memory(b"hello".to_vec(), 0)?;
/// let mut direct = file.direct()?;
/// let mut sum = 0u32;
/// loop {
///     let bytes = direct.fill()?;
///     if bytes.is_empty() { break; }
///     sum += bytes.iter().map(|&b| u32::from(b)).sum::<u32>();
///     let n = bytes.len();
///     direct.consume(n);
/// }
/// assert_eq!(sum, 532);
/// # Ok::<(), winmmio::Error>(())
/// ```
///
/// Writing, a buffer at a time:
///
/// ```
/// let mut file = winmmio::OpenOptions::new().read_write().create(true).grow_by(4).open_memory(Vec::new())?;
/// let mut direct = file.direct()?;
/// for &b in b"stream" {
///     if direct.writable().is_empty() {
///         direct.advance_write()?;
///     }
///     direct.writable()[0] = b;
///     direct.produce(1);
/// }
/// direct.finish();
/// assert_eq!(file.into_memory()?, b"stream");
/// # Ok::<(), winmmio::Error>(())
/// ```
pub struct Direct<'a> {
    file: &'a mut Mmio,
}

impl Mmio {
    /// Starts direct access to the buffer (`mmioGetInfo`). An unbuffered file has no
    /// buffer to access: `MMIOERR_UNBUFFERED`.
    pub fn direct(&mut self) -> Result<Direct<'_>> {
        if self.buf.bytes().is_empty() && !self.memory {
            return Err(Error::with_detail(ErrorCode::Unbuffered, "the file has no buffer").during(Operation::Advance));
        }
        Ok(Direct { file: self })
    }
}

impl Direct<'_> {
    /// The unread bytes in the buffer (`pchNext .. pchEndRead`).
    pub fn readable(&self) -> &[u8] {
        self.file.readable()
    }

    /// Marks the first `n` readable bytes as read (at most all of them).
    pub fn consume(&mut self, n: usize) {
        self.file.consume_buffer(n);
    }

    /// The unread bytes, after moving to the next buffer if there are none
    /// (`mmioAdvance(MMIO_READ)`); empty at the end of the file.
    pub fn fill(&mut self) -> Result<&[u8]> {
        if self.readable().is_empty() {
            self.advance_read()?;
        }
        Ok(self.readable())
    }

    /// The space left in the buffer (`pchNext .. pchEndWrite`); empty when the buffer is
    /// full, or when the file is not open for writing.
    pub fn writable(&mut self) -> &mut [u8] {
        let next = self.file.next;
        if !self.file.state.can_write() {
            return &mut [];
        }
        self.file.buf.bytes_mut().get_mut(next..).unwrap_or_default()
    }

    /// Marks the first `n` bytes of [`writable`](Self::writable) as written (at most
    /// all of them): moves `pchNext` and sets `MMIO_DIRTY`.
    pub fn produce(&mut self, n: usize) {
        let n = n.min(self.writable().len());
        if n > 0 {
            self.file.mark_written(n);
        }
    }

    /// Writes out the buffer if dirty and fills the next one (`mmioAdvance(MMIO_READ)`);
    /// returns the new readable bytes, empty at the end of the file.
    pub fn advance_read(&mut self) -> Result<&[u8]> {
        self.file.advance(Advance::Read, None)?;
        Ok(self.readable())
    }

    /// Writes out the buffer if dirty and starts the next one
    /// (`mmioAdvance(MMIO_WRITE)`); returns the new writable space.
    pub fn advance_write(&mut self) -> Result<&mut [u8]> {
        self.file.advance(Advance::Write, None)?;
        Ok(self.writable())
    }

    /// The logical position of the next byte.
    pub fn position(&self) -> u64 {
        self.file.position()
    }

    /// The file's state, as `mmioGetInfo` would report it now.
    pub fn info(&self) -> Info {
        self.file.info()
    }

    /// Ends direct access (`mmioSetInfo`); dropping does the same.
    pub fn finish(self) {}
}

impl std::fmt::Debug for Direct<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Direct").field("info", &self.info()).finish()
    }
}
