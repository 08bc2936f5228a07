//! [`Encoder`]: the samples given to a writer, encoded into whole frames for a
//! [`Sink`], shared by [`Writer`](super::Writer) and [`StreamWriter`](super::StreamWriter).

use super::format::WaveFormat;
use super::sample::{Codec, Sample};
use crate::error::{Error, ErrorCode, Operation, Result};
use crate::fourcc::FourCC;

fn refused(detail: &'static str) -> Error {
    Error::with_detail(ErrorCode::InvalidParam, detail).during(Operation::Write)
}

/// Checks that a format can be written: no [`problems`](WaveFormat::problems).
pub(crate) fn check_format(format: &WaveFormat) -> Result<()> {
    if format.problems().is_empty() {
        Ok(())
    } else {
        Err(Error::with_detail(ErrorCode::InvalidParam, "the format has problems (WaveFormat::problems)")
            .during(Operation::CreateChunk))
    }
}

/// True for the formats that need a `fact` chunk: all but integer PCM.
pub(crate) fn needs_fact(format: &WaveFormat) -> bool {
    let sub_format = format.extensible.and_then(|e| e.sub_format.format_tag());
    format.tag != super::FormatTag::PCM && sub_format != Some(super::FormatTag::PCM)
}

/// A chunk's bytes: header (size in `order`), `payload`, and the pad byte of an odd
/// size.
pub(crate) fn chunk_bytes(id: FourCC, size: u32, payload: &[u8], order: crate::riff::ByteOrder) -> Vec<u8> {
    let mut out = Vec::with_capacity(9 + payload.len());
    out.extend_from_slice(&id.bytes());
    out.extend_from_slice(&order.write_u32(size));
    out.extend_from_slice(payload);
    if payload.len() % 2 == 1 {
        out.push(0);
    }
    out
}

/// Where a writer's whole frames go: straight into the file's buffer
/// ([`Writer`](super::Writer)), or a staging buffer in front of a stream
/// ([`StreamWriter`](super::StreamWriter)).
pub(crate) trait Sink {
    /// Room to encode frames into, at least `min` bytes; `None` when the output cannot
    /// offer that much at once (frames then go through [`write`](Sink::write)).
    fn room(&mut self, min: usize) -> Result<Option<&mut [u8]>>;
    /// The first `n` bytes of the room hold frames.
    fn commit(&mut self, n: usize) -> Result<()>;
    /// Writes encoded frames.
    fn write(&mut self, bytes: &[u8]) -> Result<()>;
}

/// Encodes samples for a writer: whole frames go to the [`Sink`] as they come; the
/// samples of an incomplete frame wait for the rest of it.
#[derive(Debug)]
pub(crate) struct Encoder {
    codec: Option<Codec>,
    valid_bits: u32,
    block_align: usize,
    /// An incomplete frame, encoded.
    pending: Vec<u8>,
}

impl Encoder {
    /// An encoder for a format without [`problems`](WaveFormat::problems).
    pub(crate) fn new(format: &WaveFormat) -> Encoder {
        let codec = Codec::of(format).filter(|codec| codec.can_encode());
        Encoder {
            codec,
            valid_bits: u32::from(format.valid_bits()).clamp(1, u32::from(format.bits_per_sample).max(1)),
            block_align: usize::from(format.block_align),
            pending: Vec::new(),
        }
    }

    /// The codec, or `MMSYSERR_INVALPARAM` for a format whose samples are not encoded
    /// (compressed, A-law, mu-law: write raw bytes).
    fn codec(&self) -> Result<Codec> {
        self.codec.ok_or_else(|| {
            refused("samples are written as 8/16/24/32-bit integers or 32/64-bit floats; write this format's bytes")
        })
    }

    /// Adds encoded samples to the incomplete frame.
    fn pend<S: Sample>(&mut self, codec: Codec, samples: &[S]) {
        let at = self.pending.len();
        self.pending.resize(at + samples.len() * codec.width(), 0);
        codec.encode(samples, self.valid_bits, &mut self.pending[at..]);
    }

    /// Encodes `samples` (interleaved): the incomplete frame is completed first, whole
    /// frames are encoded straight into the sink's room, what is left of a frame waits.
    pub(crate) fn write_samples<S: Sample>(&mut self, samples: &[S], sink: &mut impl Sink) -> Result<()> {
        let codec = self.codec()?;
        let width = codec.width();
        let per_frame = self.block_align / width;
        let mut rest = samples;
        if !self.pending.is_empty() {
            let take = ((self.block_align - self.pending.len()) / width).min(rest.len());
            self.pend(codec, &rest[..take]);
            rest = &rest[take..];
            if self.pending.len() < self.block_align {
                return Ok(());
            }
            sink.write(&self.pending)?;
            self.pending.clear();
        }
        let (frames, tail) = rest.split_at(rest.len() / per_frame * per_frame);
        let mut done = 0;
        let mut frame = Vec::new();
        while done < frames.len() {
            match sink.room(self.block_align)? {
                Some(room) => {
                    let n = (room.len() / self.block_align * per_frame).min(frames.len() - done);
                    codec.encode(&frames[done..done + n], self.valid_bits, &mut room[..n * width]);
                    sink.commit(n * width)?;
                    done += n;
                }
                None => {
                    frame.resize(self.block_align, 0);
                    codec.encode(&frames[done..done + per_frame], self.valid_bits, &mut frame);
                    sink.write(&frame)?;
                    done += per_frame;
                }
            }
        }
        self.pend(codec, tail);
        Ok(())
    }

    /// Writes bytes already encoded, in whole frames (or blocks); the rest of an
    /// incomplete one waits.
    pub(crate) fn write_raw(&mut self, bytes: &[u8], sink: &mut impl Sink) -> Result<()> {
        let mut rest = bytes;
        if !self.pending.is_empty() {
            let take = (self.block_align - self.pending.len()).min(rest.len());
            self.pending.extend_from_slice(&rest[..take]);
            rest = &rest[take..];
            if self.pending.len() < self.block_align {
                return Ok(());
            }
            sink.write(&self.pending)?;
            self.pending.clear();
        }
        let (frames, tail) = rest.split_at(rest.len() / self.block_align * self.block_align);
        sink.write(frames)?;
        self.pending.extend_from_slice(tail);
        Ok(())
    }

    /// The bytes of an incomplete frame waiting.
    pub(crate) fn pending(&self) -> usize {
        self.pending.len()
    }

    /// The error for the incomplete frame left out at the end.
    pub(crate) fn incomplete_frame_error() -> Error {
        refused("the samples written end in an incomplete frame, which was left out")
    }
}
