//! [`FormatProblem`]: what does not add up in a `fmt ` chunk, found by
//! [`WaveFormat::problems`].

use std::fmt;

use super::format::{SampleFormat, WaveFormat};
use super::tag::FormatTag;

/// One inconsistency of a [`WaveFormat`]. Players cope with some (a wrong byte rate),
/// not with others (a block align that is not a frame); none stops the chunk from being
/// decoded.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FormatProblem {
    /// `nChannels` is 0.
    NoChannels,
    /// `nSamplesPerSec` is 0: no duration.
    NoSampleRate,
    /// `nBlockAlign` is 0: no frame or block size.
    NoBlockAlign,
    /// The block align of a sample format is not channels x bytes per sample.
    BlockAlign {
        /// `nChannels` x `ceil(wBitsPerSample / 8)`.
        expected: u64,
        /// `nBlockAlign`.
        found: u16,
    },
    /// The byte rate of a sample format is not rate x block align.
    ByteRate {
        /// `nSamplesPerSec` x `nBlockAlign`.
        expected: u64,
        /// `nAvgBytesPerSec`.
        found: u32,
    },
    /// Bits per sample the encoding cannot have: integer PCM 0 or over 64, float other
    /// than 32 or 64, A-law and mu-law other than 8.
    Bits {
        /// `wBitsPerSample`.
        bits: u16,
    },
    /// An EXTENSIBLE container that is not whole bytes.
    ContainerNotBytes {
        /// `wBitsPerSample`.
        bits: u16,
    },
    /// More valid bits than the container holds.
    ValidBits {
        /// `wValidBitsPerSample`.
        valid: u16,
        /// `wBitsPerSample`.
        container: u16,
    },
    /// A `WAVE_FORMAT_EXTENSIBLE` tag without its 22 bytes of fields.
    ExtensibleTooShort {
        /// The extension's bytes present (`cbSize` when the chunk holds them all).
        present: usize,
    },
    /// `cbSize` declares more bytes than the chunk holds.
    ExtensionCut {
        /// `cbSize`.
        declared: u16,
        /// The bytes there.
        present: usize,
    },
    /// Bytes after the structure and its extension.
    Trailing {
        /// How many.
        bytes: usize,
    },
    /// The channel mask names another number of speakers than there are channels.
    MaskChannels {
        /// Speakers in the mask.
        speakers: u32,
        /// `nChannels`.
        channels: u16,
    },
    /// The channel mask sets reserved bits.
    MaskReserved {
        /// The reserved bits set.
        bits: u32,
    },
}

impl FormatProblem {
    /// A short kebab-case name, for tools: `block-align`, `byte-rate`, ...
    pub fn name(&self) -> &'static str {
        match self {
            FormatProblem::NoChannels => "no-channels",
            FormatProblem::NoSampleRate => "no-sample-rate",
            FormatProblem::NoBlockAlign => "no-block-align",
            FormatProblem::BlockAlign { .. } => "block-align",
            FormatProblem::ByteRate { .. } => "byte-rate",
            FormatProblem::Bits { .. } => "bits",
            FormatProblem::ContainerNotBytes { .. } => "container-not-bytes",
            FormatProblem::ValidBits { .. } => "valid-bits",
            FormatProblem::ExtensibleTooShort { .. } => "extensible-too-short",
            FormatProblem::ExtensionCut { .. } => "extension-cut",
            FormatProblem::Trailing { .. } => "trailing",
            FormatProblem::MaskChannels { .. } => "mask-channels",
            FormatProblem::MaskReserved { .. } => "mask-reserved",
        }
    }
}

impl fmt::Display for FormatProblem {
    /// A sentence for people.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatProblem::NoChannels => write!(f, "0 channels"),
            FormatProblem::NoSampleRate => write!(f, "a sample rate of 0"),
            FormatProblem::NoBlockAlign => write!(f, "a block align of 0"),
            FormatProblem::BlockAlign { expected, found } => {
                write!(f, "block align {found}, not channels x bytes per sample = {expected}")
            }
            FormatProblem::ByteRate { expected, found } => {
                write!(f, "byte rate {found}, not sample rate x block align = {expected}")
            }
            FormatProblem::Bits { bits } => write!(f, "{bits} bits per sample, impossible for this encoding"),
            FormatProblem::ContainerNotBytes { bits } => {
                write!(f, "EXTENSIBLE container of {bits} bits, not a multiple of 8")
            }
            FormatProblem::ValidBits { valid, container } => {
                write!(f, "{valid} valid bits in a {container}-bit container")
            }
            FormatProblem::ExtensibleTooShort { present } => {
                write!(f, "EXTENSIBLE with {present} bytes of extension, not the 22 its fields need")
            }
            FormatProblem::ExtensionCut { declared, present } => {
                write!(f, "cbSize {declared}, but only {present} bytes follow")
            }
            FormatProblem::Trailing { bytes } => write!(f, "{bytes} bytes after the format structure"),
            FormatProblem::MaskChannels { speakers, channels } => {
                write!(f, "channel mask with {speakers} speakers for {channels} channels")
            }
            FormatProblem::MaskReserved { bits } => write!(f, "channel mask sets reserved bits 0x{bits:08X}"),
        }
    }
}

/// The problems of `format`, in the order of the variants.
pub(super) fn check(format: &WaveFormat) -> Vec<FormatProblem> {
    let mut problems = Vec::new();
    if format.channels == 0 {
        problems.push(FormatProblem::NoChannels);
    }
    if format.sample_rate == 0 {
        problems.push(FormatProblem::NoSampleRate);
    }
    if format.block_align == 0 {
        problems.push(FormatProblem::NoBlockAlign);
    }
    let bits = format.bits_per_sample;
    if let Some(encoding) = format.sample_format() {
        let expected = u64::from(format.channels) * u64::from(bits.div_ceil(8));
        if format.block_align != 0 && expected != u64::from(format.block_align) {
            problems.push(FormatProblem::BlockAlign { expected, found: format.block_align });
        }
        let expected = u64::from(format.sample_rate) * u64::from(format.block_align);
        if expected != u64::from(format.byte_rate) {
            problems.push(FormatProblem::ByteRate { expected, found: format.byte_rate });
        }
        let possible = match encoding {
            SampleFormat::Int => (1..=64).contains(&bits),
            SampleFormat::Float => matches!(bits, 32 | 64),
            SampleFormat::ALaw | SampleFormat::MuLaw => bits == 8,
        };
        if !possible {
            problems.push(FormatProblem::Bits { bits });
        }
    }
    if format.tag == FormatTag::EXTENSIBLE {
        match format.extensible {
            None => {
                let present = format.extra.len();
                problems.push(FormatProblem::ExtensibleTooShort { present });
            }
            Some(e) => {
                if !bits.is_multiple_of(8) {
                    problems.push(FormatProblem::ContainerNotBytes { bits });
                }
                if format.sample_format().is_some() && e.valid_bits > bits {
                    problems.push(FormatProblem::ValidBits { valid: e.valid_bits, container: bits });
                }
            }
        }
    }
    let present = format.extensible.map_or(0, |_| 22) + format.extra.len();
    if let Some(declared) = format.declared_extension()
        && usize::from(declared) > present
    {
        problems.push(FormatProblem::ExtensionCut { declared, present });
    }
    if format.trailing() > 0 {
        problems.push(FormatProblem::Trailing { bytes: format.trailing() });
    }
    if let Some(e) = format.extensible {
        let mask = e.channel_mask;
        if mask.0 != 0 && !mask.is_all() && mask.count() != u32::from(format.channels) {
            problems.push(FormatProblem::MaskChannels { speakers: mask.count(), channels: format.channels });
        }
        if mask.reserved_bits() != 0 {
            problems.push(FormatProblem::MaskReserved { bits: mask.reserved_bits() });
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::riff::ByteOrder;
    use crate::wav::{ChannelMask, Guid};

    fn problems_of(bytes: &[u8]) -> Vec<FormatProblem> {
        WaveFormat::parse(bytes, ByteOrder::Little).unwrap().problems()
    }

    #[test]
    fn sample_formats_are_checked_field_by_field() {
        let mut pcm = WaveFormat::pcm(2, 44_100, 16);
        pcm.block_align = 3;
        pcm.byte_rate = 1;
        pcm.bits_per_sample = 65;
        assert_eq!(
            pcm.problems(),
            [
                FormatProblem::BlockAlign { expected: 18, found: 3 },
                FormatProblem::ByteRate { expected: 132_300, found: 1 },
                FormatProblem::Bits { bits: 65 }
            ]
        );
        let mut float = WaveFormat::float(1, 48_000, 24);
        float.channels = 0;
        float.sample_rate = 0;
        float.block_align = 0;
        float.byte_rate = 0;
        assert_eq!(
            float.problems(),
            [
                FormatProblem::NoChannels,
                FormatProblem::NoSampleRate,
                FormatProblem::NoBlockAlign,
                FormatProblem::Bits { bits: 24 }
            ]
        );
        let mut alaw = WaveFormat::alaw(1, 8_000);
        alaw.bits_per_sample = 16;
        alaw.block_align = 2;
        alaw.byte_rate = 16_000;
        assert_eq!(alaw.problems(), [FormatProblem::Bits { bits: 16 }]);
        // Compressed formats: only the zero checks.
        let mut mp3 = WaveFormat::pcm(2, 44_100, 0);
        (mp3.tag, mp3.block_align, mp3.byte_rate) = (FormatTag::MPEG_LAYER3, 1, 16_000);
        assert_eq!(mp3.problems(), []);
    }

    #[test]
    fn extensible_problems() {
        let pcm = Guid::from_tag(FormatTag::PCM);
        let mut format = WaveFormat::extensible(2, 48_000, 20, 24, ChannelMask(0x7 | 0x4_0000), pcm);
        format.block_align = 6;
        format.byte_rate = 288_000;
        assert_eq!(
            format.problems(),
            [
                FormatProblem::ContainerNotBytes { bits: 20 },
                FormatProblem::ValidBits { valid: 24, container: 20 },
                FormatProblem::MaskChannels { speakers: 3, channels: 2 },
                FormatProblem::MaskReserved { bits: 0x4_0000 },
            ]
        );
        // SPEAKER_ALL and 0 name no particular count.
        for mask in [ChannelMask::ALL, ChannelMask(0)] {
            assert_eq!(WaveFormat::extensible(2, 48_000, 16, 16, mask, pcm).problems(), []);
        }
        // The tag without the fields: cbSize 0, cbSize 22 with 10 bytes there.
        let mut bytes = WaveFormat::extensible(1, 8_000, 8, 8, ChannelMask(4), pcm).to_bytes().unwrap();
        bytes[16] = 0;
        assert_eq!(problems_of(&bytes[..18]), [FormatProblem::ExtensibleTooShort { present: 0 }]);
        bytes[16] = 22;
        assert_eq!(
            problems_of(&bytes[..28]),
            [
                FormatProblem::ExtensibleTooShort { present: 10 },
                FormatProblem::ExtensionCut { declared: 22, present: 10 }
            ]
        );
        // A 16-byte chunk with the tag.
        assert_eq!(problems_of(&bytes[..16]), [FormatProblem::ExtensibleTooShort { present: 0 }]);
    }

    #[test]
    fn layout_problems_and_names() {
        let mut bytes = WaveFormat::pcm(1, 8_000, 8).to_bytes().unwrap();
        bytes.push(0);
        assert_eq!(problems_of(&bytes), [FormatProblem::Trailing { bytes: 1 }]);
        bytes.truncate(16);
        bytes.extend_from_slice(&[9, 0, 1, 2, 3]);
        assert_eq!(problems_of(&bytes), [FormatProblem::ExtensionCut { declared: 9, present: 3 }]);
        let all = [
            FormatProblem::NoChannels,
            FormatProblem::NoSampleRate,
            FormatProblem::NoBlockAlign,
            FormatProblem::BlockAlign { expected: 4, found: 2 },
            FormatProblem::ByteRate { expected: 4, found: 2 },
            FormatProblem::Bits { bits: 3 },
            FormatProblem::ContainerNotBytes { bits: 3 },
            FormatProblem::ValidBits { valid: 9, container: 8 },
            FormatProblem::ExtensibleTooShort { present: 2 },
            FormatProblem::ExtensionCut { declared: 9, present: 3 },
            FormatProblem::Trailing { bytes: 1 },
            FormatProblem::MaskChannels { speakers: 1, channels: 2 },
            FormatProblem::MaskReserved { bits: 0x4_0000 },
        ];
        for (i, problem) in all.iter().enumerate() {
            assert!(all[..i].iter().all(|other| other.name() != problem.name()), "{problem:?}");
            assert!(!problem.to_string().is_empty());
        }
        assert_eq!(all[3].to_string(), "block align 2, not channels x bytes per sample = 4");
    }
}
