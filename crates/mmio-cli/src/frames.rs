//! How many frames WAVE data holds, as players count them, from a
//! [`WaveFormat`](winmmio::wav::WaveFormat) (the library decodes the format; this says
//! which of its fields `info` and `check` go by when they disagree).
//!
//! For a sample format (PCM, float, A-law, mu-law) a frame is one sample per channel,
//! channels x bytes per sample, even when the block align says otherwise: ffmpeg, sox
//! and mediainfo count so, and the block align is then a `bad-format` problem. For other
//! formats the `fact` chunk's count comes first (it is what the encoder coded; the
//! blocks may hold padding), then the samples of the blocks.

use winmmio::wav::{FormatProblem, WaveFormat};

/// A frame count and where it comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Frames {
    /// From the data size: whole frames of a sample format, or blocks of a compressed one.
    DataSize(u64),
    /// From the `fact` chunk.
    Fact(u64),
}

impl Frames {
    /// The count.
    pub fn count(self) -> u64 {
        match self {
            Frames::DataSize(n) | Frames::Fact(n) => n,
        }
    }
}

/// `format` as players read its data: a sample format whose block align contradicts
/// its channels and bits gets the block align they give.
pub fn as_played(format: &WaveFormat) -> WaveFormat {
    let mut played = format.clone();
    for problem in format.problems() {
        if let FormatProblem::BlockAlign { expected, .. } = problem {
            played.block_align = u16::try_from(expected).unwrap_or(u16::MAX);
        }
    }
    played
}

/// The frames in `data_bytes` bytes of data, with `fact` the count of a `fact` chunk.
pub fn count(format: &WaveFormat, data_bytes: u64, fact: Option<u32>) -> Option<Frames> {
    let played = as_played(format);
    if played.sample_format().is_none()
        && let Some(samples) = fact
    {
        return Some(Frames::Fact(samples.into()));
    }
    played.frames(data_bytes).map(Frames::DataSize)
}

/// For a sample format: the bytes of a frame and the bytes past the last whole frame
/// in `data_bytes`.
pub fn leftover(format: &WaveFormat, data_bytes: u64) -> Option<(u64, u64)> {
    let played = as_played(format);
    let frame = u64::from(played.block_align);
    (played.sample_format().is_some() && frame > 0).then(|| (frame, data_bytes % frame))
}

#[cfg(test)]
mod tests {
    use winmmio::riff::ByteOrder;
    use winmmio::wav::FormatTag;

    use super::*;

    #[test]
    fn frames_as_players_count_them() {
        let mut pcm = WaveFormat::pcm(2, 44_100, 16);
        assert_eq!(count(&pcm, 4410 * 4 + 3, Some(7)), Some(Frames::DataSize(4410)));
        assert_eq!(leftover(&pcm, 4410 * 4 + 3), Some((4, 3)));
        // A block align of 4000 for 2 x 16 bits: 4-byte frames all the same.
        pcm.block_align = 4000;
        assert_eq!(count(&pcm, 44_100, None), Some(Frames::DataSize(11_025)));
        assert_eq!(leftover(&pcm, 44_100), Some((4, 0)));
        // IMA ADPCM: fact first, else the blocks.
        let mut ima = WaveFormat::parse(
            &[0x11, 0, 1, 0, 0x22, 0x56, 0, 0, 0, 0, 0, 0, 0, 2, 4, 0, 2, 0, 0xF9, 3],
            ByteOrder::Little,
        )
        .unwrap();
        assert_eq!((ima.tag, ima.block_align, ima.samples_per_block()), (FormatTag::IMA_ADPCM, 512, Some(1017)));
        assert_eq!(count(&ima, 1024, Some(2000)), Some(Frames::Fact(2000)));
        assert_eq!(count(&ima, 1024, None), Some(Frames::DataSize(2034)));
        assert_eq!(leftover(&ima, 1000), None);
        ima.block_align = 0;
        assert_eq!(count(&ima, 1024, None), None);
    }
}
