//! [`Encoder`]: the samples given to a writer, encoded and kept until they make whole
//! frames, shared by [`Writer`](super::Writer) and [`StreamWriter`](super::StreamWriter).

use super::format::WaveFormat;
use super::sample::{Codec, Sample};
use crate::error::{Error, ErrorCode, Operation, Result};
use crate::fourcc::FourCC;

/// Bytes kept before they are handed to the output.
const STAGE: usize = 64 * 1024;

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

/// Where whole frames go: the writer's file or stream.
pub(crate) type Output<'a> = dyn FnMut(&[u8]) -> Result<()> + 'a;

/// Encoded samples waiting to be written as whole frames.
#[derive(Debug)]
pub(crate) struct Encoder {
    codec: Option<Codec>,
    valid_bits: u32,
    block_align: usize,
    staging: Vec<u8>,
}

impl Encoder {
    /// An encoder for a format without [`problems`](WaveFormat::problems).
    pub(crate) fn new(format: &WaveFormat) -> Encoder {
        let codec = Codec::of(format).filter(|codec| codec.can_encode());
        Encoder {
            codec,
            valid_bits: u32::from(format.valid_bits()).clamp(1, u32::from(format.bits_per_sample).max(1)),
            block_align: usize::from(format.block_align),
            staging: Vec::with_capacity(STAGE),
        }
    }

    /// Encodes `samples`, handing whole frames to `out` whenever enough are kept.
    /// `MMSYSERR_INVALPARAM` for a format whose samples are not encoded (compressed,
    /// A-law, mu-law: write raw bytes).
    pub(crate) fn write_samples<S: Sample>(&mut self, samples: &[S], out: &mut Output<'_>) -> Result<()> {
        let batch = STAGE / self.codec.map_or(1, Codec::width);
        for samples in samples.chunks(batch) {
            self.push_samples(samples)?;
            if self.staging.len() >= STAGE {
                self.flush(out)?;
            }
        }
        Ok(())
    }

    /// Keeps already encoded bytes, handing whole frames to `out` whenever enough are
    /// kept.
    pub(crate) fn write_raw(&mut self, bytes: &[u8], out: &mut Output<'_>) -> Result<()> {
        self.staging.extend_from_slice(bytes);
        if self.staging.len() >= STAGE { self.flush(out) } else { Ok(()) }
    }

    /// Hands the whole frames kept to `out`, and forgets them once written.
    pub(crate) fn flush(&mut self, out: &mut Output<'_>) -> Result<()> {
        let whole = self.whole_frames().len();
        out(&self.staging[..whole])?;
        self.staging.drain(..whole);
        Ok(())
    }

    /// Encodes `samples` after the bytes kept.
    fn push_samples<S: Sample>(&mut self, samples: &[S]) -> Result<()> {
        let codec = self.codec.ok_or_else(|| {
            refused("samples are written as 8/16/24/32-bit integers or 32/64-bit floats; write this format's bytes")
        })?;
        let at = self.staging.len();
        self.staging.resize(at + samples.len() * codec.width(), 0);
        codec.encode(samples, self.valid_bits, &mut self.staging[at..]);
        Ok(())
    }

    /// The whole frames kept.
    pub(crate) fn whole_frames(&self) -> &[u8] {
        let whole = self.staging.len() / self.block_align * self.block_align;
        &self.staging[..whole]
    }

    /// The bytes of an incomplete frame kept.
    pub(crate) fn pending(&self) -> usize {
        self.staging.len() % self.block_align
    }

    /// The error for the incomplete frame dropped at the end.
    pub(crate) fn incomplete_frame_error() -> Error {
        refused("the samples written end in an incomplete frame, which was left out")
    }
}
