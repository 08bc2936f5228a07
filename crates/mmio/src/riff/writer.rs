//! [`ChunkWriter`]: a chunk being written, ascended by [`finish`](ChunkWriter::finish)
//! or, at the latest, when it is dropped, so that an early return never leaves
//! placeholder sizes behind.

use std::io::{self, Write};
use std::ops::{Deref, DerefMut};

use super::chunk::{ChunkInfo, Create};
use crate::error::Result;
use crate::fourcc::FourCC;
use crate::handle::Mmio;

/// A chunk created at the position and not yet ascended: write its data through it
/// (`Write`, or any [`Mmio`] method through `Deref`), open chunks inside it with
/// [`begin_chunk`](Self::begin_chunk) / [`begin_list`](Self::begin_list), and end it
/// with [`finish`](Self::finish), which ascends (fixes the size, adds the pad byte) and
/// reports any error. Dropped without `finish`, it ascends all the same and ignores
/// errors, so an early `?` leaves a file with the right sizes.
///
/// A chunk inside another borrows its parent's writer, so the parent cannot be written
/// while the child is open, and the child is ascended first.
///
/// ```
/// use std::io::Write;
/// use winmmio::{FourCC, Mmio};
///
/// fn write(file: &mut Mmio) -> std::io::Result<()> {
///     let mut wave = file.begin_riff(FourCC::WAVE)?;
///     let mut fmt = wave.begin_chunk(FourCC::FMT)?;
///     fmt.write_all(&[1, 0, 1, 0, 0x40, 0x1f, 0, 0, 0x40, 0x1f, 0, 0, 1, 0, 8, 0])?;
///     fmt.finish()?;
///     let mut data = wave.begin_chunk(FourCC::DATA)?;
///     data.write_all(&[0x80; 3])?;
///     Err(std::io::Error::other("the source failed")) // data and RIFF are ascended on the way out
/// }
///
/// let mut file = Mmio::memory(Vec::new(), 1024)?;
/// assert!(write(&mut file).is_err());
/// let bytes = file.into_memory()?;
/// assert_eq!(&bytes[..8], b"RIFF\x28\0\0\0"); // 4 + 24 + 12: data's pad byte counted
/// assert_eq!(&bytes[36..44], b"data\x03\0\0\0");
/// assert_eq!(bytes.len(), 48);
/// # Ok::<(), winmmio::Error>(())
/// ```
///
/// ```compile_fail
/// # use winmmio::{FourCC, Mmio};
/// # let mut file = Mmio::memory(Vec::new(), 1024).unwrap();
/// let mut wave = file.begin_riff(FourCC::WAVE).unwrap();
/// let data = wave.begin_chunk(FourCC::DATA).unwrap();
/// wave.finish().unwrap(); // the parent is borrowed by `data`
/// data.finish().unwrap();
/// ```
#[must_use = "a chunk writer ascends when dropped: keep it while writing the chunk"]
pub struct ChunkWriter<'a> {
    file: &'a mut Mmio,
    ck: ChunkInfo,
    /// Set once ascended (or once `finish` has tried).
    done: bool,
}

impl Mmio {
    /// Creates a chunk of this kind at the position (`mmioCreateChunk`) and returns its
    /// writer.
    fn begin(&mut self, mut ck: ChunkInfo, kind: Create) -> Result<ChunkWriter<'_>> {
        self.create_chunk(&mut ck, kind)?;
        Ok(ChunkWriter { file: self, ck, done: false })
    }

    /// Starts a RIFF form of this type at the position (RIFX in a big-endian file);
    /// call [`reserve_ds64`](Mmio::reserve_ds64) on it first thing if it may pass 4
    /// GiB.
    pub fn begin_riff(&mut self, form: FourCC) -> Result<ChunkWriter<'_>> {
        self.begin(ChunkInfo::riff(form), Create::Riff)
    }

    /// Starts a LIST of this type at the position.
    pub fn begin_list(&mut self, list_type: FourCC) -> Result<ChunkWriter<'_>> {
        self.begin(ChunkInfo::list(list_type), Create::List)
    }

    /// Starts a chunk with this id at the position.
    pub fn begin_chunk(&mut self, id: FourCC) -> Result<ChunkWriter<'_>> {
        self.begin(ChunkInfo::new(id), Create::Chunk)
    }
}

impl ChunkWriter<'_> {
    /// Starts a chunk inside this one, at the position.
    pub fn begin_chunk(&mut self, id: FourCC) -> Result<ChunkWriter<'_>> {
        self.file.begin_chunk(id)
    }

    /// Starts a LIST inside this one, at the position.
    pub fn begin_list(&mut self, list_type: FourCC) -> Result<ChunkWriter<'_>> {
        self.file.begin_list(list_type)
    }

    /// The chunk as created: id, form type, data offset (its size is fixed by
    /// [`finish`](Self::finish)).
    pub fn info(&self) -> &ChunkInfo {
        &self.ck
    }

    /// The bytes of data written so far: from the data offset to the position.
    pub fn written(&self) -> u64 {
        self.file.position().saturating_sub(self.ck.data_offset)
    }

    /// Ascends: the chunk ends at the position; its size field is fixed and a pad byte
    /// written after odd data (`mmioAscend`). Returns the chunk with its final size.
    pub fn finish(mut self) -> Result<ChunkInfo> {
        self.done = true;
        self.file.ascend(&mut self.ck)?;
        Ok(self.ck.clone())
    }
}

impl Drop for ChunkWriter<'_> {
    /// Ascends if [`finish`](ChunkWriter::finish) was not called; errors are ignored
    /// (call `finish` to see them).
    fn drop(&mut self) {
        if !self.done {
            let _ = self.file.ascend(&mut self.ck);
        }
    }
}

impl Deref for ChunkWriter<'_> {
    type Target = Mmio;

    fn deref(&self) -> &Mmio {
        self.file
    }
}

impl DerefMut for ChunkWriter<'_> {
    fn deref_mut(&mut self) -> &mut Mmio {
        self.file
    }
}

impl Write for ChunkWriter<'_> {
    #[inline]
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.write(buf)
    }

    #[inline]
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.file.write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

impl std::fmt::Debug for ChunkWriter<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChunkWriter").field("chunk", &self.ck).field("done", &self.done).finish()
    }
}
