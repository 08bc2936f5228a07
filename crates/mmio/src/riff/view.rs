//! [`ChunkData`]: one chunk's data as a bounded `Read + Seek + Write` stream.

use std::io::{self, Read, Seek, SeekFrom, Write};

use super::chunk::ChunkInfo;
use crate::error::{Error, ErrorCode, Operation, Result};
use crate::handle::Mmio;
use crate::ioproc::SeekOrigin;

/// One chunk's data as a stream of its own: offsets are relative to the start of the
/// data (after the form type, for a container), reads stop at its end, and writes
/// cannot pass it. Hand it to any `std::io` consumer.
///
/// ```
/// use std::io::Read;
/// use winmmio::{ChunkInfo, Find, FourCC};
/// let riff = b"RIFF\x10\0\0\0TESTname\x04\0\0\0abcd".to_vec();
/// let mut file = winmmio::Mmio::memory(riff, 0)?;
/// let mut form = ChunkInfo::default();
/// file.descend(&mut form, None, Find::Here)?;
/// let mut name = ChunkInfo::new(FourCC::new(*b"name"));
/// file.descend(&mut name, Some(&form), Find::Chunk)?;
/// let mut text = String::new();
/// file.chunk_data(&name)?.read_to_string(&mut text)?;
/// assert_eq!(text, "abcd");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct ChunkData<'a> {
    file: &'a mut Mmio,
    start: u64,
    len: u64,
    pos: u64,
}

impl Mmio {
    /// The data of `ck` as a bounded stream, positioned at its start.
    pub fn chunk_data(&mut self, ck: &ChunkInfo) -> Result<ChunkData<'_>> {
        let start = ck.body_start();
        let len = ck.end().saturating_sub(start);
        let offset = i64::try_from(start).map_err(|_| Error::new(ErrorCode::CannotSeek).during(Operation::Seek))?;
        self.seek_mmio(offset, SeekOrigin::Start)?;
        Ok(ChunkData { file: self, start, len, pos: 0 })
    }
}

impl ChunkData<'_> {
    /// The length of the data, as the chunk declares it.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// True when the chunk has no data.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn left(&self) -> usize {
        usize::try_from(self.len - self.pos).unwrap_or(usize::MAX)
    }
}

impl Read for ChunkData<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = buf.len().min(self.left());
        let n = self.file.read_bytes(&mut buf[..n])?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl Write for ChunkData<'_> {
    /// Writes what fits before the end of the chunk; 0 once at its end.
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = buf.len().min(self.left());
        let n = self.file.write_bytes(&buf[..n])?;
        self.pos += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

impl Seek for ChunkData<'_> {
    /// Seeks within the data; a target before its start or past its end is refused.
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        let target = match pos {
            SeekFrom::Start(n) => i128::from(n),
            SeekFrom::Current(n) => i128::from(self.pos) + i128::from(n),
            SeekFrom::End(n) => i128::from(self.len) + i128::from(n),
        };
        let target = u64::try_from(target)
            .ok()
            .filter(|&t| t <= self.len)
            .ok_or_else(|| io::Error::from(Error::with_detail(ErrorCode::CannotSeek, "outside the chunk's data")))?;
        let absolute =
            i64::try_from(self.start + target).map_err(|_| io::Error::from(Error::new(ErrorCode::CannotSeek)))?;
        self.file.seek_mmio(absolute, SeekOrigin::Start)?;
        self.pos = target;
        Ok(target)
    }

    fn stream_position(&mut self) -> io::Result<u64> {
        Ok(self.pos)
    }
}

impl std::fmt::Debug for ChunkData<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChunkData").field("start", &self.start).field("len", &self.len).field("pos", &self.pos).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FourCC;
    use crate::riff::Find;

    #[test]
    fn reads_writes_and_seeks_inside_the_chunk() {
        let riff = b"RIFF\x18\0\0\0TESTaaaa\x03\0\0\0xyz\0bbbb\0\0\0\0".to_vec();
        let mut file = crate::Mmio::memory(riff, 0).unwrap();
        let mut form = ChunkInfo::default();
        file.descend(&mut form, None, Find::Here).unwrap();
        let mut a = ChunkInfo::new(FourCC::new(*b"aaaa"));
        file.descend(&mut a, Some(&form), Find::Chunk).unwrap();
        let mut data = file.chunk_data(&a).unwrap();
        assert_eq!(data.len(), 3);
        let mut all = Vec::new();
        data.read_to_end(&mut all).unwrap();
        assert_eq!(all, b"xyz");
        assert_eq!(data.seek(SeekFrom::End(-2)).unwrap(), 1);
        assert_eq!(data.write(b"QRSTU").unwrap(), 2);
        assert_eq!(data.write(b"V").unwrap(), 0);
        assert!(data.seek(SeekFrom::Current(1)).is_err());
        assert!(data.seek(SeekFrom::Current(-4)).is_err());
        assert_eq!(data.stream_position().unwrap(), 3);
        let bytes = file.into_memory().unwrap();
        assert_eq!(&bytes[20..24], b"xQR\0");

        // A container's data starts after its form type.
        let mut file = crate::Mmio::memory(b"LIST\x06\0\0\0INFOhi".to_vec(), 0).unwrap();
        let mut list = ChunkInfo::default();
        file.descend(&mut list, None, Find::Here).unwrap();
        let mut text = String::new();
        file.chunk_data(&list).unwrap().read_to_string(&mut text).unwrap();
        assert_eq!(text, "hi");
    }
}
