//! [`StreamWriter`]: a WAVE file written to output that cannot seek (a pipe, a socket),
//! with the placeholder sizes streaming writers use.

use std::io::Write;

use super::encoder::{Encoder, Sink, check_format, chunk_bytes, needs_fact};
use super::format::WaveFormat;
use super::metadata::{BEXT, MetaChunk, Metadata};
use super::sample::Sample;
use crate::error::{Error, Operation, Result};
use crate::fourcc::FourCC;
use crate::riff::SIZE_IN_DS64;

/// Bytes staged before they are written to the stream.
const STAGE: usize = 64 * 1024;

fn write_error(error: std::io::Error) -> Error {
    Error::from_io_carried(Operation::Write, error)
}

/// A staging buffer in front of a stream: frames are encoded into it and written to
/// the stream a buffer at a time.
#[derive(Debug)]
struct Stage {
    bytes: Box<[u8]>,
    len: usize,
}

impl Stage {
    /// Writes the staged bytes.
    fn flush_to(&mut self, output: &mut impl Write) -> Result<()> {
        output.write_all(&self.bytes[..self.len]).map_err(write_error)?;
        self.len = 0;
        Ok(())
    }
}

/// A [`Stage`] and the stream behind it.
struct StreamSink<'a, W: Write> {
    output: &'a mut W,
    stage: &'a mut Stage,
}

impl<W: Write> Sink for StreamSink<'_, W> {
    fn room(&mut self, min: usize) -> Result<Option<&mut [u8]>> {
        if self.stage.bytes.len() - self.stage.len < min {
            self.stage.flush_to(self.output)?;
        }
        let room = &mut self.stage.bytes[self.stage.len..];
        Ok(if room.len() >= min { Some(room) } else { None })
    }

    fn commit(&mut self, n: usize) -> Result<()> {
        self.stage.len += n;
        Ok(())
    }

    fn write(&mut self, bytes: &[u8]) -> Result<()> {
        if self.stage.bytes.len() - self.stage.len < bytes.len() {
            self.stage.flush_to(self.output)?;
        }
        if bytes.len() > self.stage.bytes.len() {
            return self.output.write_all(bytes).map_err(write_error);
        }
        self.stage.bytes[self.stage.len..self.stage.len + bytes.len()].copy_from_slice(bytes);
        self.stage.len += bytes.len();
        Ok(())
    }
}

/// A WAVE file written to any `Write` that cannot seek back: the RIFF and `data` sizes
/// (and the `fact` count) stay 0xFFFFFFFF, the placeholder that tells readers to take
/// the data to the end of the file (as ffmpeg writes to a pipe; our
/// [`Reader`](super::Reader), ffmpeg and sox read such files). `mmio repair` fixes the
/// sizes once the file is stored. No JUNK reserve: the file cannot become RF64.
///
/// Samples are converted as by [`Writer`](super::Writer); only whole frames are
/// written. Dropping it writes the whole frames kept; [`finish`](Self::finish) does the
/// same, flushes, reports errors and gives the output back.
///
/// ```
/// use winmmio::wav::{Reader, StreamWriter, WaveFormat};
/// let mut writer = StreamWriter::new(Vec::new(), &WaveFormat::float(1, 8_000, 32))?;
/// writer.write_samples(&[0.25f32, 0.5])?;
/// let bytes = writer.finish()?;
/// assert_eq!(&bytes[4..8], b"\xff\xff\xff\xff");
/// let mut reader = Reader::from_memory(bytes)?;
/// let samples: Vec<f32> = reader.samples()?.collect::<Result<_, _>>()?;
/// assert_eq!(samples, [0.25, 0.5]);
/// # Ok::<(), winmmio::Error>(())
/// ```
pub struct StreamWriter<W: Write> {
    /// The output; taken by `finish`.
    output: Option<W>,
    encoder: Encoder,
    stage: Stage,
}

impl<W: Write> StreamWriter<W> {
    /// Writes the header to `output`: `RIFF` (`RIFX` for a big-endian format) and
    /// `data` with size 0xFFFFFFFF, `fmt `, and `fact` (count 0xFFFFFFFF) for formats
    /// other than integer PCM. `MMSYSERR_INVALPARAM` for a format with
    /// [`problems`](WaveFormat::problems).
    pub fn new(output: W, format: &WaveFormat) -> Result<StreamWriter<W>> {
        StreamWriter::with_metadata(output, format, &Metadata::default())
    }

    /// [`new`](Self::new), with metadata written before the data (`bext` before
    /// `fmt `), as [`Writer::with_metadata`](super::Writer::with_metadata) does.
    pub fn with_metadata(mut output: W, format: &WaveFormat, metadata: &Metadata) -> Result<StreamWriter<W>> {
        check_format(format)?;
        let order = format.order;
        let form = if order == crate::riff::ByteOrder::Big { FourCC::RIFX } else { FourCC::RIFF };
        let mut header = chunk_bytes(form, SIZE_IN_DS64, &FourCC::WAVE.bytes(), order);
        let chunk = |meta: &MetaChunk| {
            let payload = match meta.list {
                Some(list_type) => [&list_type.bytes()[..], &meta.payload].concat(),
                None => meta.payload.clone(),
            };
            chunk_bytes(meta.id, payload.len() as u32, &payload, order)
        };
        let chunks = metadata.chunks(order)?;
        let (bext, others): (Vec<_>, Vec<_>) = chunks.iter().partition(|meta| meta.id == BEXT);
        header.extend(bext.into_iter().flat_map(chunk));
        let fmt = format.to_bytes()?;
        header.extend(chunk_bytes(FourCC::FMT, fmt.len() as u32, &fmt, order));
        if needs_fact(format) {
            header.extend(chunk_bytes(FourCC::FACT, 4, &[0xFF; 4], order));
        }
        header.extend(others.into_iter().flat_map(chunk));
        header.extend(chunk_bytes(FourCC::DATA, SIZE_IN_DS64, &[], order));
        output.write_all(&header).map_err(write_error)?;
        let stage = Stage { bytes: vec![0; STAGE].into_boxed_slice(), len: 0 };
        Ok(StreamWriter { output: Some(output), encoder: Encoder::new(format), stage })
    }

    /// Runs an encoder step with the staging buffer and the stream as the sink.
    fn output(&mut self, step: impl FnOnce(&mut Encoder, &mut StreamSink<'_, W>) -> Result<()>) -> Result<()> {
        let StreamWriter { output, encoder, stage } = self;
        let output = output.as_mut().expect("only finish takes the output, and it consumes the writer");
        step(encoder, &mut StreamSink { output, stage })
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

    /// Writes the whole frames kept, flushes, and gives the output back; samples of an
    /// incomplete last frame are left out and reported.
    pub fn finish(mut self) -> Result<W> {
        let mut output = self.output.take().expect("only finish takes the output, and it consumes the writer");
        self.stage.flush_to(&mut output)?;
        output.flush().map_err(write_error)?;
        if self.encoder.pending() > 0 { Err(Encoder::incomplete_frame_error()) } else { Ok(output) }
    }
}

impl<W: Write> Drop for StreamWriter<W> {
    /// Writes the whole frames kept if [`finish`](StreamWriter::finish) was not called;
    /// errors are ignored.
    fn drop(&mut self) {
        if let Some(output) = self.output.as_mut() {
            let _ = self.stage.flush_to(output);
        }
    }
}

impl<W: Write> std::fmt::Debug for StreamWriter<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StreamWriter").field("encoder", &self.encoder).finish_non_exhaustive()
    }
}
