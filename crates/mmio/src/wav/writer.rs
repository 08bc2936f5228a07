//! [`Writer`]: a WAVE file written as a stream of samples into a seekable file, its
//! sizes fixed by [`finish`](Writer::finish) (or, at the latest, on drop), turned into
//! RF64 when it passes 4 GiB.

use std::io::Write;
use std::path::Path;

use super::encoder::{Encoder, Sink, check_format, needs_fact};
use super::format::WaveFormat;
use super::metadata::{BEXT, MetaChunk, Metadata};
use super::sample::Sample;
use crate::buffer::Buffering;
use crate::direct::Direct;
use crate::error::{Error, ErrorCode, Operation, Result};
use crate::fourcc::FourCC;
use crate::handle::Mmio;
use crate::ioproc::SeekOrigin;
use crate::options::OpenOptions;
use crate::riff::{ByteOrder, ChunkInfo, Create, Ds64, SIZE_IN_DS64};

/// The buffer of a file a writer creates.
const WRITE_BUFFER: usize = 64 * 1024;

fn write_error(error: std::io::Error) -> Error {
    Error::from_io_carried(Operation::Write, error)
}

/// A WAVE file being written, samples streaming in.
///
/// The header goes out first: `RIFF` (`RIFX` for a big-endian format), a `JUNK` chunk
/// reserved for a future `ds64` chunk, `fmt `, `fact` for formats other than integer
/// PCM, the [`Metadata`] given to [`with_metadata`](Self::with_metadata), then the
/// `data` chunk, whose samples follow as they are written (converted
/// from `i16`, `i32` or `f32` by full scale, see [`Sample`]; or as raw bytes for
/// compressed formats). [`finish`](Self::finish) fixes the sizes and the `fact` count
/// and reports any error; dropping an unfinished writer does the same and ignores
/// errors, so the file is complete after an early return. Past 4 GiB the file becomes
/// RF64 (EBU Tech 3306) in place; big-endian RIFX files stop at 4 GiB.
///
/// Only whole frames reach the file: samples of an incomplete frame at the end are
/// left out (`finish` says so). For output that cannot seek (a pipe), use
/// [`StreamWriter`](super::StreamWriter).
///
/// ```
/// use winmmio::wav::{Reader, WaveFormat, Writer};
/// let mut writer = Writer::to_memory(&WaveFormat::pcm(2, 48_000, 24))?;
/// writer.write_samples(&[0.5f32, -0.5, 0.25, -0.25])?;
/// writer.write_sample(1i16)?;
/// writer.write_sample(-1i16)?;
/// let bytes = writer.finish()?.into_memory()?;
/// let mut reader = Reader::from_memory(bytes)?;
/// assert_eq!(reader.frames(), Some(3));
/// let samples: Vec<i32> = reader.samples()?.collect::<Result<_, _>>()?;
/// assert_eq!(samples, [1 << 30, -1 << 30, 1 << 29, -1 << 29, 1 << 16, -1 << 16]);
/// # Ok::<(), winmmio::Error>(())
/// ```
pub struct Writer {
    /// The file; taken by `finish`.
    file: Option<Mmio>,
    format: WaveFormat,
    encoder: Encoder,
    riff: ChunkInfo,
    data: ChunkInfo,
    /// Where the `fact` chunk's count is, if there is one.
    fact_at: Option<u64>,
    /// The `fact` count given by [`set_fact_samples`](Writer::set_fact_samples).
    fact_samples: Option<u64>,
    /// Data bytes written to the file.
    written: u64,
    /// Set once the sizes are fixed (or that was tried).
    finished: bool,
}

impl Writer {
    /// Creates (or truncates) the file at `path`, with a 64 KiB buffer.
    pub fn create(path: impl AsRef<Path>, format: &WaveFormat) -> Result<Writer> {
        Writer::new(OpenOptions::new().write().create(true).buffer_size(WRITE_BUFFER).open(path)?, format)
    }

    /// Writes into a memory file: [`finish`](Self::finish) returns it, and
    /// [`Mmio::into_memory`] the bytes.
    pub fn to_memory(format: &WaveFormat) -> Result<Writer> {
        Writer::new(Mmio::memory(Vec::new(), WRITE_BUFFER as u32)?, format)
    }
}

impl Writer {
    /// Writes the header into `file` at its position, which should be the start of
    /// the file (RF64 promotion needs the form at offset 0). `MMSYSERR_INVALPARAM`
    /// for a format with [`problems`](WaveFormat::problems).
    pub fn new(file: Mmio, format: &WaveFormat) -> Result<Writer> {
        Writer::with_metadata(file, format, &Metadata::default())
    }

    /// [`new`](Self::new), with metadata written before the data: `bext` before `fmt `
    /// (as broadcast tools expect it), the other chunks after it. `MMSYSERR_INVALPARAM`
    /// for a `bext` text longer than its field.
    pub fn with_metadata(mut file: Mmio, format: &WaveFormat, metadata: &Metadata) -> Result<Writer> {
        check_format(format)?;
        if file.info().buffer_len == 0 && !file.is_memory() {
            file.set_buffer(Buffering::Internal(WRITE_BUFFER))?;
        }
        let chunks = metadata.chunks(format.order)?;
        let (bext, others): (Vec<_>, Vec<_>) = chunks.into_iter().partition(|chunk| chunk.id == BEXT);
        file.set_byte_order(format.order);
        let mut riff = ChunkInfo::riff(FourCC::WAVE);
        file.create_chunk(&mut riff, Create::Riff)?;
        if format.order == ByteOrder::Little && riff.data_offset == 8 {
            file.reserve_ds64(0)?;
        }
        write_chunks(&mut file, &bext)?;
        let mut fmt = file.begin_chunk(FourCC::FMT)?;
        fmt.write_all(&format.to_bytes()?).map_err(write_error)?;
        fmt.finish()?;
        let fact_at = if needs_fact(format) {
            let mut fact = file.begin_chunk(FourCC::FACT)?;
            fact.write_all(&[0; 4]).map_err(write_error)?;
            Some(fact.finish()?.data_offset)
        } else {
            None
        };
        write_chunks(&mut file, &others)?;
        let mut data = ChunkInfo::new(FourCC::DATA);
        file.create_chunk(&mut data, Create::Chunk)?;
        Ok(Writer {
            file: Some(file),
            format: format.clone(),
            encoder: Encoder::new(format),
            riff,
            data,
            fact_at,
            fact_samples: None,
            written: 0,
            finished: false,
        })
    }

    /// The format being written.
    pub fn format(&self) -> &WaveFormat {
        &self.format
    }

    /// Runs an encoder step with the file's buffer as the sink.
    fn output(&mut self, step: impl FnOnce(&mut Encoder, &mut FileSink<'_>) -> Result<()>) -> Result<()> {
        let Writer { file, encoder, written, data, format, .. } = self;
        let file = present(file);
        let limit = if format.order == ByteOrder::Big { u64::from(SIZE_IN_DS64) } else { u64::MAX };
        let mut sink = FileSink { direct: file.direct()?, written, data_offset: data.data_offset, limit };
        step(encoder, &mut sink)
    }

    /// Writes samples (interleaved, converted from `S`): `MMSYSERR_INVALPARAM` for a
    /// format written as raw bytes (compressed, A-law, mu-law).
    pub fn write_samples<S: Sample>(&mut self, samples: &[S]) -> Result<()> {
        self.output(|encoder, out| encoder.write_samples(samples, out))
    }

    /// Writes one sample (the next channel of the current frame).
    pub fn write_sample<S: Sample>(&mut self, sample: S) -> Result<()> {
        self.write_samples(&[sample])
    }

    /// Writes data bytes as they are (for compressed formats: whole blocks).
    pub fn write_raw(&mut self, bytes: &[u8]) -> Result<()> {
        self.output(|encoder, out| encoder.write_raw(bytes, out))
    }

    /// The `fact` count to write instead of the frames written (for compressed
    /// formats, whose blocks the writer does not count samples in).
    pub fn set_fact_samples(&mut self, samples: u64) {
        self.fact_samples = Some(samples);
    }

    /// The whole frames written so far.
    pub fn frames_written(&self) -> u64 {
        self.written / u64::from(self.format.block_align)
    }

    /// Fixes the sizes, the pad byte, the `fact` count (and ds64's sampleCount once
    /// RF64), then flushes.
    fn finalize(&mut self) -> Result<()> {
        if self.finished {
            return Ok(());
        }
        self.finished = true;
        let frames = self.fact_samples.unwrap_or_else(|| self.frames_written());
        let (fact_at, mut data, mut riff) = (self.fact_at, self.data.clone(), self.riff.clone());
        let file = present(&mut self.file);
        file.ascend(&mut data)?;
        file.ascend(&mut riff)?;
        let end = file.position();
        if let Some(at) = fact_at {
            let count = u32::try_from(frames).unwrap_or(SIZE_IN_DS64);
            let field = file.byte_order().write_u32(count);
            seek_write(file, at, &field)?;
            if riff.size >= u64::from(SIZE_IN_DS64) {
                seek_write(file, Ds64::new(0).sample_count_field(), &frames.to_le_bytes())?;
            }
            file.seek_mmio(end as i64, SeekOrigin::Start)?;
        }
        file.flush_buffer()?;
        (self.data, self.riff) = (data, riff);
        if self.encoder.pending() > 0 { Err(Encoder::incomplete_frame_error()) } else { Ok(()) }
    }

    /// Fixes every size and count and flushes; returns the file, positioned at its
    /// end. Errors from any step are reported (the file is then as complete as it
    /// could be made); samples of an incomplete last frame are left out and reported.
    pub fn finish(mut self) -> Result<Mmio> {
        let result = self.finalize();
        let file = self.file.take().expect("only finish takes the file, and it consumes the writer");
        result.map(|()| file)
    }
}

/// The data of a [`Writer`]: frames go straight into the file's buffer (direct access,
/// `mmioAdvance` when it is full). A file may not end past `limit` (4 GiB for
/// big-endian RIFX files, which cannot become RF64): `MMIOERR_CANNOTWRITE`.
struct FileSink<'a> {
    direct: Direct<'a>,
    /// Data bytes written.
    written: &'a mut u64,
    /// Where the data starts.
    data_offset: u64,
    limit: u64,
}

impl FileSink<'_> {
    /// Counts `n` more bytes of data, or refuses them past the limit.
    fn count(&mut self, n: usize) -> Result<()> {
        if self.data_offset + *self.written + n as u64 >= self.limit {
            let detail = "a big-endian (RIFX) file holds at most 4 GiB";
            return Err(Error::with_detail(ErrorCode::CannotWrite, detail).during(Operation::Write));
        }
        *self.written += n as u64;
        Ok(())
    }
}

impl Sink for FileSink<'_> {
    fn room(&mut self, min: usize) -> Result<Option<&mut [u8]>> {
        if self.direct.writable().len() < min {
            self.direct.advance_write()?;
        }
        let room = self.direct.writable();
        Ok(if room.len() >= min { Some(room) } else { None })
    }

    fn commit(&mut self, n: usize) -> Result<()> {
        self.count(n)?;
        self.direct.produce(n);
        Ok(())
    }

    fn write(&mut self, bytes: &[u8]) -> Result<()> {
        self.count(bytes.len())?;
        let mut rest = bytes;
        while !rest.is_empty() {
            if self.direct.writable().is_empty() {
                self.direct.advance_write()?;
            }
            let room = self.direct.writable();
            let n = room.len().min(rest.len());
            room[..n].copy_from_slice(&rest[..n]);
            self.direct.produce(n);
            rest = &rest[n..];
        }
        Ok(())
    }
}

/// Writes metadata chunks at the position.
fn write_chunks(file: &mut Mmio, chunks: &[MetaChunk]) -> Result<()> {
    for chunk in chunks {
        let mut writer = match chunk.list {
            Some(list_type) => file.begin_list(list_type)?,
            None => file.begin_chunk(chunk.id)?,
        };
        writer.write_all(&chunk.payload).map_err(write_error)?;
        writer.finish()?;
    }
    Ok(())
}

/// The file of a writer: present until `finish`, which consumes the writer, takes it.
fn present(file: &mut Option<Mmio>) -> &mut Mmio {
    file.as_mut().expect("only finish takes the file, and it consumes the writer")
}

/// Writes `bytes` at `offset`.
fn seek_write(file: &mut Mmio, offset: u64, bytes: &[u8]) -> Result<()> {
    let at = i64::try_from(offset).map_err(|_| Error::new(ErrorCode::CannotSeek))?;
    file.seek_mmio(at, SeekOrigin::Start)?;
    file.write_all(bytes).map_err(write_error)
}

impl Drop for Writer {
    /// Finishes the file if [`finish`](Writer::finish) was not called; errors are
    /// ignored.
    fn drop(&mut self) {
        if self.file.is_some() {
            let _ = self.finalize();
        }
    }
}

impl std::fmt::Debug for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writer")
            .field("format", &self.format)
            .field("written", &self.written)
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}
