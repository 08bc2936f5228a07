//! [`Reader`]: a WAVE file open for reading: its format, length and data range, and its
//! samples as `i16`, `i32` or `f32`, decoded straight from the file's buffer.

use std::io::Read;
use std::ops::Range;
use std::path::Path;

use super::cue::ADTL;
use super::duration::ExactDuration;
use super::format::WaveFormat;
use super::metadata::{ACID, BEXT, CUE, IXML, Metadata, SMPL};
use super::sample::{Codec, Sample};
use crate::buffer::Buffering;
use crate::error::{Error, ErrorCode, Operation, Result};
use crate::fourcc::FourCC;
use crate::handle::Mmio;
use crate::ioproc::SeekOrigin;
use crate::options::OpenOptions;
use crate::riff::{ByteOrder, Chunk, Ds64, Event, Walker};

/// The buffer a reader gives a file it opens, or an unbuffered file it is handed.
const READ_BUFFER: usize = 64 * 1024;
/// The most bytes of a `fmt ` chunk read: its 18 bytes and the largest extension.
const FMT_LIMIT: u64 = 18 + 65_535;
/// Samples decoded at a time by the [`Samples`] iterator.
const BATCH: usize = 4096;
/// The largest metadata chunk read; larger ones are left out.
const METADATA_LIMIT: u64 = 16 << 20;

/// What the scan of a file found.
struct Found {
    form: FourCC,
    order: ByteOrder,
    fmt: Option<Vec<u8>>,
    fact: Option<u32>,
    data: Option<Chunk>,
    metadata: Metadata,
}

fn invalid(detail: &'static str) -> Error {
    Error::with_detail(ErrorCode::InvalidFile, detail).during(Operation::Read)
}

/// The payload of a chunk (at most `limit` bytes), read through the walk's reader.
fn payload(walker: &mut Walker<&mut Mmio>, chunk: &Chunk, limit: u64) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    let mut data = walker.reader_mut().chunk_data(&chunk.info())?;
    (&mut data).take(limit).read_to_end(&mut bytes).map_err(|e| Error::from_io_carried(Operation::Read, e))?;
    Ok(bytes)
}

/// Walks the first form of `file`: its type, its `fmt `, `fact` and `data` chunks (the
/// first of each), and its metadata.
fn scan(file: &mut Mmio) -> Result<Found> {
    let io_error = |e| Error::from_io_carried(Operation::Read, e);
    let mut walker = Walker::new(&mut *file).map_err(io_error)?;
    if !walker.is_riff() {
        return Err(invalid("not a RIFF file"));
    }
    let order = walker.byte_order();
    let mut found =
        Found { form: FourCC::RIFF, order, fmt: None, fact: None, data: None, metadata: Metadata::default() };
    let mut labels = Vec::new();
    while let Some(event) = walker.next() {
        match event.map_err(io_error)? {
            Event::Enter(form) if form.depth == 1 => {
                if form.form != Some(FourCC::WAVE) {
                    return Err(invalid("not a WAVE file: the form type is not WAVE"));
                }
                found.form = form.id;
            }
            Event::Leave(form) if form.depth == 1 => break,
            Event::Enter(list) if list.depth == 2 && list.present() <= METADATA_LIMIT => match list.form {
                Some(FourCC::INFO) => {
                    let payload = payload(&mut walker, &list, METADATA_LIMIT)?;
                    found.metadata.read_chunk(FourCC::LIST, list.form, &payload, order);
                }
                Some(ADTL) => labels.push(payload(&mut walker, &list, METADATA_LIMIT)?),
                _ => {}
            },
            Event::Leaf(chunk) if chunk.depth == 2 => match chunk.id {
                FourCC::FMT if found.fmt.is_none() => found.fmt = Some(payload(&mut walker, &chunk, FMT_LIMIT)?),
                FourCC::FACT if found.fact.is_none() => {
                    let count = payload(&mut walker, &chunk, 4)?;
                    if let Ok(bytes) = <[u8; 4]>::try_from(count) {
                        found.fact = Some(found.order.read_u32(bytes));
                    }
                }
                FourCC::DATA if found.data.is_none() => found.data = Some(chunk),
                BEXT | IXML | CUE | SMPL | ACID if chunk.present() <= METADATA_LIMIT => {
                    let payload = payload(&mut walker, &chunk, METADATA_LIMIT)?;
                    found.metadata.read_chunk(chunk.id, None, &payload, order);
                }
                _ => {}
            },
            _ => {}
        }
    }
    for adtl in labels {
        found.metadata.attach_labels(&adtl, order);
    }
    Ok(found)
}

/// A WAVE file (RIFF, RIFX, RF64 or BW64) open for reading.
///
/// Opening walks the chunks of the file's form once, reading only headers, the `fmt `
/// and `fact` chunks and the [`Metadata`] (chunks over 16 MiB are left out). The data is what the file holds of the first `data`
/// chunk (a truncated file's data ends at the end of the file; a streaming writer's
/// placeholder size runs to the end of the file).
///
/// Samples come out interleaved, converted to `i16`, `i32` or `f32` by full scale (see
/// [`Sample`]), from 8/16/24/32-bit integer, 32/64-bit float, A-law and mu-law files in
/// either byte order, decoded a buffer at a time from the file's buffer with direct
/// access ([`Mmio::direct`]). Only whole frames are read.
///
/// ```
/// use winmmio::wav::Reader;
/// // 8-bit mono at 8 kHz: four samples.
/// let file = b"RIFF\x28\0\0\0WAVEfmt \x10\0\0\0\x01\0\x01\0\x40\x1f\0\0\x40\x1f\0\0\x01\0\x08\0data\x04\0\0\0\x80\xc0\x40\xff".to_vec();
/// let mut reader = Reader::from_memory(file)?;
/// assert_eq!((reader.format().channels, reader.frames(), reader.data_range()), (1, Some(4), 44..48));
/// let samples: Vec<i16> = reader.samples::<i16>()?.collect::<Result<_, _>>()?;
/// assert_eq!(samples, [0, 0x4000, -0x4000, 0x7f00]);
/// reader.seek(1);
/// let mut two = [0f32; 2];
/// assert_eq!(reader.read_samples(&mut two)?, 2);
/// assert_eq!(two, [0.5, -0.5]);
/// # Ok::<(), winmmio::Error>(())
/// ```
pub struct Reader {
    file: Mmio,
    form: FourCC,
    format: WaveFormat,
    codec: Option<Codec>,
    fact: Option<u64>,
    metadata: Metadata,
    /// The data present in the file.
    data: Range<u64>,
    /// The data's declared size.
    declared: u64,
    /// The offset of the next sample byte.
    next: u64,
    /// The end of the last whole frame.
    end: u64,
}

impl Reader {
    /// Opens the file at `path` (with a 64 KiB buffer).
    pub fn open(path: impl AsRef<Path>) -> Result<Reader> {
        Reader::new(OpenOptions::new().buffer_size(READ_BUFFER).open(path)?)
    }

    /// Reads a WAVE file held in memory.
    pub fn from_memory(bytes: Vec<u8>) -> Result<Reader> {
        Reader::new(Mmio::memory(bytes, 0)?)
    }
}

impl Reader {
    /// Reads the WAVE file open in `file` (any I/O procedure; an unbuffered file is
    /// given a 64 KiB buffer). `MMIOERR_INVALIDFILE` when it is not a WAVE file or has
    /// no `fmt ` or `data` chunk, or the `fmt ` chunk is under 14 bytes.
    pub fn new(mut file: Mmio) -> Result<Reader> {
        if file.info().buffer_len == 0 && !file.is_memory() {
            file.set_buffer(Buffering::Internal(READ_BUFFER))?;
        }
        let found = scan(&mut file)?;
        let format = WaveFormat::parse(&found.fmt.ok_or_else(|| invalid("no fmt chunk"))?, found.order)?;
        let data = found.data.ok_or_else(|| invalid("no data chunk"))?;
        let mut fact = found.fact.map(u64::from);
        if fact == Some(u64::from(u32::MAX)) && matches!(found.form, FourCC::RF64 | FourCC::BW64) {
            fact = Ds64::read(&mut file, 0)
                .map_err(|e| Error::from_io_carried(Operation::Read, e))?
                .map(|ds| ds.sample_count);
        }
        let codec = Codec::of(&format);
        let range = data.data_offset()..data.data_offset() + data.present();
        let align = u64::from(format.block_align.max(1));
        let end = range.start + (range.end - range.start) / align * align;
        Ok(Reader {
            file,
            form: found.form,
            format,
            codec,
            fact,
            metadata: found.metadata,
            declared: data.size,
            next: range.start,
            data: range,
            end,
        })
    }

    /// The format of the samples.
    pub fn format(&self) -> &WaveFormat {
        &self.format
    }

    /// The metadata: INFO tags, `bext`, `iXML`, cue points and labels, `smpl`, `acid`.
    pub fn metadata(&self) -> &Metadata {
        &self.metadata
    }

    /// The form: `RIFF`, `RIFX` (big-endian), `RF64` or `BW64`.
    pub fn form(&self) -> FourCC {
        self.form
    }

    /// The file offsets of the sample data present in the file.
    pub fn data_range(&self) -> Range<u64> {
        self.data.clone()
    }

    /// The data size the file declares (larger than [`data_range`](Self::data_range)
    /// in a truncated file; 0 or 0xFFFFFFFF as a streaming writer's placeholder).
    pub fn declared_data_len(&self) -> u64 {
        self.declared
    }

    /// The `fact` chunk's sample count (from ds64 in RF64 files), if there is one.
    pub fn fact_samples(&self) -> Option<u64> {
        self.fact
    }

    /// The frames (samples per channel): the whole frames of data for sample formats;
    /// for compressed formats, the `fact` count, else what the blocks hold
    /// ([`WaveFormat::frames`]); `None` when nothing says.
    pub fn frames(&self) -> Option<u64> {
        let len = self.data.end - self.data.start;
        match self.codec {
            Some(_) => self.format.frames(len),
            None => self.fact.or_else(|| self.format.frames(len)),
        }
    }

    /// The exact duration: [`frames`](Self::frames) over the sample rate.
    pub fn duration(&self) -> Option<ExactDuration> {
        self.format.duration(self.frames()?)
    }

    /// The frames before the next sample to read.
    pub fn frame_position(&self) -> u64 {
        (self.next - self.data.start) / u64::from(self.format.block_align.max(1))
    }

    /// Moves to frame `frame` (the end, if past it); the file moves on the next read.
    pub fn seek(&mut self, frame: u64) {
        let offset = frame.saturating_mul(u64::from(self.format.block_align));
        self.next = self.data.start.saturating_add(offset).min(self.end);
    }

    /// The samples left to read.
    pub fn remaining_samples(&self) -> u64 {
        self.codec.map_or(0, |codec| (self.end - self.next) / codec.width() as u64)
    }

    /// The codec, or the error for a format whose samples cannot be decoded.
    fn codec(&self) -> Result<Codec> {
        self.codec.ok_or_else(|| {
            let detail = "samples of this format cannot be decoded: it is compressed, or its bits or block align \
                          are not 8/16/24/32-bit integer, 32/64-bit float, A-law or mu-law";
            Error::with_detail(ErrorCode::InvalidParam, detail).during(Operation::Read)
        })
    }

    /// Reads up to `out.len()` samples (interleaved) into `out`; returns how many, 0 at
    /// the end of the data. Samples are decoded in place from the file's buffer. A
    /// read error after some samples returns those; the next call reports it.
    pub fn read_samples<S: Sample>(&mut self, out: &mut [S]) -> Result<usize> {
        let codec = self.codec()?;
        let width = codec.width();
        if self.next < self.end && self.file.position() != self.next {
            let at = i64::try_from(self.next).map_err(|_| Error::new(ErrorCode::CannotSeek))?;
            self.file.seek_mmio(at, SeekOrigin::Start)?;
        }
        let mut direct = self.file.direct()?;
        let mut done = 0;
        while done < out.len() && self.next < self.end {
            let left = usize::try_from((self.end - self.next) / width as u64).unwrap_or(usize::MAX);
            let bytes = match direct.fill() {
                Ok(bytes) => bytes,
                Err(_) if done > 0 => return Ok(done),
                Err(error) => return Err(error),
            };
            if bytes.is_empty() {
                break; // the file is shorter than when it was opened
            }
            let n = (bytes.len() / width).min(left).min(out.len() - done);
            if n > 0 {
                codec.decode(&bytes[..n * width], &mut out[done..done + n]);
                direct.consume(n * width);
            } else {
                // A sample across the end of the buffer: gathered from both.
                let mut sample = [0; 8];
                let mut have = 0;
                while have < width {
                    let more = match direct.fill() {
                        Ok(more) if !more.is_empty() => more,
                        Err(error) if done == 0 => return Err(error),
                        _ => return Ok(done),
                    };
                    let take = more.len().min(width - have);
                    sample[have..have + take].copy_from_slice(&more[..take]);
                    direct.consume(take);
                    have += take;
                }
                codec.decode(&sample[..width], &mut out[done..=done]);
            }
            let n = n.max(1);
            done += n;
            self.next += (n * width) as u64;
        }
        Ok(done)
    }

    /// The samples left, interleaved, as an iterator of `S` (decoded a few thousand at
    /// a time). Fails at once for a format whose samples cannot be decoded; a read
    /// error ends the iteration after being yielded.
    pub fn samples<S: Sample>(&mut self) -> Result<Samples<'_, S>> {
        self.codec()?;
        Ok(Samples { reader: self, batch: vec![S::default(); BATCH], at: 0, len: 0, failed: false })
    }

    /// The file, to read other chunks; the reader goes on correctly wherever it is
    /// left.
    pub fn file_mut(&mut self) -> &mut Mmio {
        &mut self.file
    }

    /// Gives the file back.
    pub fn into_inner(self) -> Mmio {
        self.file
    }
}

impl std::fmt::Debug for Reader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reader")
            .field("form", &self.form)
            .field("format", &self.format)
            .field("data", &self.data)
            .field("next", &self.next)
            .finish_non_exhaustive()
    }
}

/// The samples of a [`Reader`] as an iterator ([`Reader::samples`]).
pub struct Samples<'a, S: Sample> {
    reader: &'a mut Reader,
    batch: Vec<S>,
    at: usize,
    len: usize,
    failed: bool,
}

impl<S: Sample> Samples<'_, S> {
    /// Decodes the next batch and yields its first sample.
    #[cold]
    fn refill(&mut self) -> Option<Result<S>> {
        if self.failed {
            return None;
        }
        match self.reader.read_samples(&mut self.batch) {
            Ok(0) => None,
            Ok(n) => {
                (self.at, self.len) = (1, n);
                Some(Ok(self.batch[0]))
            }
            Err(error) => {
                self.failed = true;
                Some(Err(error))
            }
        }
    }
}

impl<S: Sample> Iterator for Samples<'_, S> {
    type Item = Result<S>;

    #[inline]
    fn next(&mut self) -> Option<Result<S>> {
        if self.at < self.len {
            let sample = self.batch[self.at];
            self.at += 1;
            return Some(Ok(sample));
        }
        self.refill()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = usize::try_from(self.reader.remaining_samples()).unwrap_or(usize::MAX);
        let buffered = self.len - self.at;
        if self.failed { (buffered, Some(buffered)) } else { (buffered, buffered.checked_add(left)) }
    }
}

impl<S: Sample> std::fmt::Debug for Samples<'_, S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Samples").field("reader", &self.reader).field("buffered", &(self.len - self.at)).finish()
    }
}
