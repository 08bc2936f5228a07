//! [`WaveFormat`]: the `fmt ` chunk of a WAVE file (`WAVEFORMAT`, `PCMWAVEFORMAT`,
//! `WAVEFORMATEX`, `WAVEFORMATEXTENSIBLE`), decoded in either byte order, checked, and
//! encoded back.

use std::fmt;

use super::duration::ExactDuration;
use super::fields::Fields;
use super::guid::Guid;
use super::problems::FormatProblem;
use super::speaker::ChannelMask;
use super::tag::FormatTag;
use crate::error::{Error, ErrorCode, Result};
use crate::riff::ByteOrder;

/// Which structure the `fmt ` chunk holds, by its length.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Layout {
    /// `WAVEFORMAT`: 14 bytes, without bits per sample (old compressed formats).
    WaveFormat,
    /// `PCMWAVEFORMAT`: 16 bytes, without `cbSize` (the usual PCM chunk).
    PcmWaveFormat,
    /// `WAVEFORMATEX`: 18 bytes, then `cbSize` bytes of extension (EXTENSIBLE's
    /// fields, or a codec's).
    WaveFormatEx,
}

/// The fields `WAVEFORMATEXTENSIBLE` adds (the first 22 bytes of its extension).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Extensible {
    /// `wValidBitsPerSample`: the bits of each sample that carry signal (at most
    /// `bits_per_sample`), for PCM and float sub-formats. The same 16 bits are
    /// `wSamplesPerBlock` for compressed sub-formats.
    pub valid_bits: u16,
    /// `dwChannelMask`: the speakers the channels feed.
    pub channel_mask: ChannelMask,
    /// `SubFormat`: the real format.
    pub sub_format: Guid,
}

/// How the samples of a format are encoded, for the formats whose samples can be read
/// one by one.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SampleFormat {
    /// Integer PCM: unsigned for 8-bit containers, two's complement for wider ones.
    Int,
    /// IEEE 754 floating point, 32 or 64 bits.
    Float,
    /// G.711 A-law, 8 bits.
    ALaw,
    /// G.711 mu-law, 8 bits.
    MuLaw,
}

/// The format of a WAVE file's samples: what its `fmt ` chunk says.
///
/// [`parse`](WaveFormat::parse) never rejects a chunk of 14 bytes or more: what does
/// not add up is listed by [`problems`](WaveFormat::problems) (block align against
/// channels and bits, byte rate against rate and block align, EXTENSIBLE's cbSize and
/// valid bits, ...). [`to_bytes`](WaveFormat::to_bytes) encodes it back. Two formats
/// are equal when their fields are; how a parsed chunk was laid out
/// ([`declared_extension`](WaveFormat::declared_extension),
/// [`trailing`](WaveFormat::trailing)) does not count.
///
/// ```
/// use winmmio::riff::ByteOrder;
/// use winmmio::wav::{FormatTag, SampleFormat, WaveFormat};
///
/// // A big-endian (RIFX) chunk: every field is big-endian.
/// let chunk = [0, 1, 0, 2, 0, 0, 0xAC, 0x44, 0, 2, 0xB1, 0x10, 0, 4, 0, 16];
/// let format = WaveFormat::parse(&chunk, ByteOrder::Big)?;
/// assert_eq!((format.tag, format.channels, format.sample_rate), (FormatTag::PCM, 2, 44_100));
/// assert_eq!(format.sample_format(), Some(SampleFormat::Int));
/// assert!(format.problems().is_empty());
/// assert_eq!(format.frames(176_400), Some(44_100));
/// assert_eq!(format.duration(44_100).unwrap().seconds(), 1.0);
/// assert_eq!(format.to_bytes()?, chunk);
/// assert_eq!(format.to_string(), "PCM, 2 channels, 44100 Hz, 16 bits, 176400 bytes/s, block 4");
/// # Ok::<(), winmmio::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct WaveFormat {
    /// `wFormatTag`.
    pub tag: FormatTag,
    /// `nChannels`.
    pub channels: u16,
    /// `nSamplesPerSec`: frames per second.
    pub sample_rate: u32,
    /// `nAvgBytesPerSec`.
    pub byte_rate: u32,
    /// `nBlockAlign`: the bytes of one frame (PCM) or one block (compressed formats).
    pub block_align: u16,
    /// `wBitsPerSample`: the container size of a sample (0 in a 14-byte `WAVEFORMAT`).
    pub bits_per_sample: u16,
    /// EXTENSIBLE's fields, when the tag is EXTENSIBLE and they are there.
    pub extensible: Option<Extensible>,
    /// The rest of the `cbSize` extension: all of it for other tags (ADPCM
    /// coefficients, MP3 fields, ...), what follows the 22 bytes for EXTENSIBLE. In
    /// the byte order of the file.
    pub extra: Vec<u8>,
    /// The structure of the chunk: without an extension, a 14-, 16- or 18-byte chunk.
    pub layout: Layout,
    /// The byte order of every field (big-endian in RIFX files), and of `extra`.
    pub order: ByteOrder,
    /// `cbSize` as read, when the chunk had one.
    declared_extension: Option<u16>,
    /// Bytes after the extension (or an incomplete `cbSize`).
    trailing: usize,
}

impl WaveFormat {
    /// The fields that make the format (all but how a parsed chunk was laid out).
    #[allow(clippy::type_complexity)]
    fn key(&self) -> (FormatTag, u16, u32, u32, u16, u16, &Option<Extensible>, &[u8], Layout, ByteOrder) {
        let (f, e) = (self, &self.extensible);
        (
            f.tag,
            f.channels,
            f.sample_rate,
            f.byte_rate,
            f.block_align,
            f.bits_per_sample,
            e,
            &f.extra,
            f.layout,
            f.order,
        )
    }
}

impl PartialEq for WaveFormat {
    fn eq(&self, other: &WaveFormat) -> bool {
        self.key() == other.key()
    }
}

impl Eq for WaveFormat {}

impl std::hash::Hash for WaveFormat {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.key().hash(state);
    }
}

/// The bytes of `extensible` in its 22-byte form.
const EXTENSIBLE_SIZE: usize = 22;

/// `value` as a `u16`, or `u16::MAX` when it does not fit.
fn saturate_u16(value: u64) -> u16 {
    u16::try_from(value).unwrap_or(u16::MAX)
}

impl WaveFormat {
    /// A format with these fields and nothing else, its block align and byte rate
    /// computed for `bits`-bit samples.
    fn plain(tag: FormatTag, channels: u16, sample_rate: u32, bits: u16, layout: Layout) -> WaveFormat {
        let block_align = saturate_u16(u64::from(channels) * u64::from(bits.div_ceil(8)));
        WaveFormat {
            tag,
            channels,
            sample_rate,
            byte_rate: u32::try_from(u64::from(sample_rate) * u64::from(block_align)).unwrap_or(u32::MAX),
            block_align,
            bits_per_sample: bits,
            extensible: None,
            extra: Vec::new(),
            layout,
            order: ByteOrder::Little,
            declared_extension: None,
            trailing: 0,
        }
    }

    /// Integer PCM (`WAVE_FORMAT_PCM`, a 16-byte `PCMWAVEFORMAT`): `bits` per sample
    /// in whole bytes.
    pub fn pcm(channels: u16, sample_rate: u32, bits: u16) -> WaveFormat {
        WaveFormat::plain(FormatTag::PCM, channels, sample_rate, bits, Layout::PcmWaveFormat)
    }

    /// IEEE float (`WAVE_FORMAT_IEEE_FLOAT`, `WAVEFORMATEX` with `cbSize` 0): 32 or 64
    /// bits.
    pub fn float(channels: u16, sample_rate: u32, bits: u16) -> WaveFormat {
        WaveFormat::plain(FormatTag::IEEE_FLOAT, channels, sample_rate, bits, Layout::WaveFormatEx)
    }

    /// G.711 A-law (`WAVE_FORMAT_ALAW`), 8 bits.
    pub fn alaw(channels: u16, sample_rate: u32) -> WaveFormat {
        WaveFormat::plain(FormatTag::ALAW, channels, sample_rate, 8, Layout::WaveFormatEx)
    }

    /// G.711 mu-law (`WAVE_FORMAT_MULAW`), 8 bits.
    pub fn mulaw(channels: u16, sample_rate: u32) -> WaveFormat {
        WaveFormat::plain(FormatTag::MULAW, channels, sample_rate, 8, Layout::WaveFormatEx)
    }

    /// `WAVE_FORMAT_EXTENSIBLE`: `container_bits` per sample (a multiple of 8), of
    /// which `valid_bits` carry signal, these speakers, and this sub-format (for
    /// example `Guid::from_tag(FormatTag::PCM)`).
    pub fn extensible(
        channels: u16,
        sample_rate: u32,
        container_bits: u16,
        valid_bits: u16,
        channel_mask: ChannelMask,
        sub_format: Guid,
    ) -> WaveFormat {
        WaveFormat {
            extensible: Some(Extensible { valid_bits, channel_mask, sub_format }),
            ..WaveFormat::plain(FormatTag::EXTENSIBLE, channels, sample_rate, container_bits, Layout::WaveFormatEx)
        }
    }

    /// Decodes the payload of a `fmt ` chunk whose fields are in `order` (big-endian
    /// in RIFX files). Only a chunk under 14 bytes is refused (`MMIOERR_INVALIDFILE`);
    /// anything else odd is left for [`problems`](Self::problems).
    pub fn parse(payload: &[u8], order: ByteOrder) -> Result<WaveFormat> {
        if payload.len() < 14 {
            return Err(Error::with_detail(ErrorCode::InvalidFile, "a fmt chunk holds at least 14 bytes"));
        }
        let f = Fields::new(payload, order);
        let mut format = WaveFormat {
            tag: FormatTag(f.u16(0)),
            channels: f.u16(2),
            sample_rate: f.u32(4),
            byte_rate: f.u32(8),
            block_align: f.u16(12),
            bits_per_sample: 0,
            extensible: None,
            extra: Vec::new(),
            layout: Layout::WaveFormat,
            order,
            declared_extension: None,
            trailing: payload.len() - 14,
        };
        if payload.len() >= 16 {
            format.bits_per_sample = f.u16(14);
            format.layout = Layout::PcmWaveFormat;
            format.trailing = payload.len() - 16;
        }
        if payload.len() >= 18 {
            let declared = f.u16(16);
            let extension = &payload[18..payload.len().min(18 + usize::from(declared))];
            format.layout = Layout::WaveFormatEx;
            format.declared_extension = Some(declared);
            format.trailing = payload.len() - 18 - extension.len();
            format.extra = extension.to_vec();
            if format.tag == FormatTag::EXTENSIBLE && extension.len() >= EXTENSIBLE_SIZE {
                let e = Fields::new(extension, order);
                let mut guid = [0; 16];
                guid.copy_from_slice(&extension[6..EXTENSIBLE_SIZE]);
                format.extensible = Some(Extensible {
                    valid_bits: e.u16(0),
                    channel_mask: ChannelMask(e.u32(2)),
                    sub_format: Guid::from_bytes(guid, order),
                });
                format.extra.drain(..EXTENSIBLE_SIZE);
            }
        }
        Ok(format)
    }

    /// Encodes the chunk's payload in [`order`](Self::order): 14, 16 or 18 bytes by
    /// [`layout`](Self::layout), always 18 and the extension when there is one.
    /// `MMSYSERR_INVALPARAM` if the extension is over 65,535 bytes.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let order = self.order;
        let extension_len = self.extensible.map_or(0, |_| EXTENSIBLE_SIZE) + self.extra.len();
        let layout = if extension_len > 0 { Layout::WaveFormatEx } else { self.layout };
        let mut out = Vec::with_capacity(18 + extension_len);
        out.extend_from_slice(&order.write_u16(self.tag.0));
        out.extend_from_slice(&order.write_u16(self.channels));
        out.extend_from_slice(&order.write_u32(self.sample_rate));
        out.extend_from_slice(&order.write_u32(self.byte_rate));
        out.extend_from_slice(&order.write_u16(self.block_align));
        if layout != Layout::WaveFormat {
            out.extend_from_slice(&order.write_u16(self.bits_per_sample));
        }
        if layout == Layout::WaveFormatEx {
            let declared = u16::try_from(extension_len).map_err(|_| {
                Error::with_detail(ErrorCode::InvalidParam, "a fmt chunk's extension is at most 65535 bytes")
            })?;
            out.extend_from_slice(&order.write_u16(declared));
        }
        if let Some(e) = &self.extensible {
            out.extend_from_slice(&order.write_u16(e.valid_bits));
            out.extend_from_slice(&order.write_u32(e.channel_mask.0));
            out.extend_from_slice(&e.sub_format.to_bytes(order));
        }
        out.extend_from_slice(&self.extra);
        Ok(out)
    }

    /// `cbSize` as the chunk declared it (`None` for a chunk without one, and for a
    /// format built here).
    pub fn declared_extension(&self) -> Option<u16> {
        self.declared_extension
    }

    /// The bytes of the chunk after the structure and its extension (dropped by
    /// [`to_bytes`](Self::to_bytes)).
    pub fn trailing(&self) -> usize {
        self.trailing
    }

    /// How the samples are encoded, for the formats whose samples can be read one by
    /// one: PCM, IEEE float, A-law, mu-law, and EXTENSIBLE with one of those as
    /// sub-format (ambisonic B-format included). `None` for compressed formats.
    pub fn sample_format(&self) -> Option<SampleFormat> {
        let tag = match (self.tag, &self.extensible) {
            (FormatTag::EXTENSIBLE, Some(e)) => e.sub_format.sample_tag()?,
            (tag, _) => tag,
        };
        match tag {
            FormatTag::PCM => Some(SampleFormat::Int),
            FormatTag::IEEE_FLOAT => Some(SampleFormat::Float),
            FormatTag::ALAW => Some(SampleFormat::ALaw),
            FormatTag::MULAW => Some(SampleFormat::MuLaw),
            _ => None,
        }
    }

    /// The bits of each sample that carry signal: EXTENSIBLE's valid bits when set
    /// (not 0), else the container's [`bits_per_sample`](Self::bits_per_sample).
    pub fn valid_bits(&self) -> u16 {
        match self.extensible {
            Some(e) if e.valid_bits != 0 && self.sample_format().is_some() => e.valid_bits,
            _ => self.bits_per_sample,
        }
    }

    /// The samples in one block of a block-compressed format: `wSamplesPerBlock` of
    /// Microsoft ADPCM, IMA ADPCM and GSM 6.10 (the first field of their extension),
    /// or of a compressed EXTENSIBLE sub-format. `None` when unknown or 0.
    pub fn samples_per_block(&self) -> Option<u16> {
        let samples = match self.tag {
            FormatTag::ADPCM | FormatTag::IMA_ADPCM | FormatTag::GSM610 => {
                let field = self.extra.get(..2)?;
                self.order.read_u16([field[0], field[1]])
            }
            FormatTag::EXTENSIBLE if self.sample_format().is_none() => self.extensible?.valid_bits,
            _ => return None,
        };
        Some(samples).filter(|&n| n > 0)
    }

    /// The frames in the last, incomplete block of `len` bytes of an ADPCM format:
    /// a header per channel holding the first samples (4 bytes and 1 sample for IMA,
    /// 7 bytes and 2 samples for Microsoft ADPCM), then 2 samples per byte and
    /// channel. 0 for other formats.
    fn partial_block_frames(&self, len: u64) -> u64 {
        let channels = u64::from(self.channels);
        let (header, first) = match self.tag {
            FormatTag::IMA_ADPCM => (4, 1),
            FormatTag::ADPCM => (7, 2),
            _ => return 0,
        };
        if channels == 0 || len < header * channels {
            return 0;
        }
        first + (len - header * channels) * 2 / channels
    }

    /// The frames (samples per channel) in `data_len` bytes of data: whole blocks
    /// for sample formats; for block-compressed formats, the samples of each block
    /// (and of the last, incomplete ADPCM block). `None` when the format does not say
    /// (block align 0, a compressed format without samples per block: a `fact` chunk
    /// then holds the count).
    pub fn frames(&self, data_len: u64) -> Option<u64> {
        let align = u64::from(self.block_align);
        if align == 0 {
            return None;
        }
        if self.sample_format().is_some() {
            return Some(data_len / align);
        }
        let per_block = u64::from(self.samples_per_block()?);
        Some(data_len / align * per_block + self.partial_block_frames(data_len % align).min(per_block))
    }

    /// The exact duration of `frames` frames at this sample rate (`None` for a rate
    /// of 0).
    pub fn duration(&self, frames: u64) -> Option<ExactDuration> {
        ExactDuration::new(frames, self.sample_rate)
    }

    /// What does not add up, in a fixed order; empty for a consistent format.
    pub fn problems(&self) -> Vec<FormatProblem> {
        super::problems::check(self)
    }
}

impl fmt::Display for WaveFormat {
    /// One line: the encoding (with EXTENSIBLE's sub-format, valid bits and
    /// speakers), channels, rate, bits, byte rate and block align.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.tag)?;
        if let Some(e) = &self.extensible {
            match (e.sub_format.format_tag(), e.sub_format.name()) {
                (Some(tag), _) => write!(f, ", sub-format {tag}")?,
                (None, Some(name)) => write!(f, ", sub-format {name}")?,
                (None, None) => write!(f, ", sub-format {{{}}}", e.sub_format)?,
            }
            write!(f, ", {} valid bits, channel mask 0x{:X} ({})", e.valid_bits, e.channel_mask.0, e.channel_mask)?;
        }
        let plural = if self.channels == 1 { "" } else { "s" };
        write!(
            f,
            ", {} channel{plural}, {} Hz, {} bits, {} bytes/s, block {}",
            self.channels, self.sample_rate, self.bits_per_sample, self.byte_rate, self.block_align
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wav::Speaker;

    #[test]
    fn every_layout_round_trips_in_both_orders() {
        let mut adpcm = WaveFormat::plain(FormatTag::IMA_ADPCM, 2, 22_050, 4, Layout::WaveFormatEx);
        adpcm.block_align = 1024;
        let ambisonic = WaveFormat::extensible(4, 48_000, 24, 20, ChannelMask(0), Guid::AMBISONIC_B_FORMAT_PCM);
        let mut old = WaveFormat::plain(FormatTag::GSM610, 1, 8_000, 0, Layout::WaveFormat);
        old.block_align = 65;
        for order in [ByteOrder::Little, ByteOrder::Big] {
            adpcm.extra = order.write_u16(1017).to_vec();
            for mut format in [
                WaveFormat::pcm(2, 44_100, 16),
                WaveFormat::float(1, 96_000, 64),
                WaveFormat::alaw(1, 8_000),
                WaveFormat::mulaw(2, 8_000),
                WaveFormat::extensible(6, 48_000, 32, 24, ChannelMask::default_for(6), Guid::from_tag(FormatTag::PCM)),
                ambisonic.clone(),
                adpcm.clone(),
                old.clone(),
            ] {
                format.order = order;
                let bytes = format.to_bytes().unwrap();
                let back = WaveFormat::parse(&bytes, order).unwrap();
                assert_eq!(back.declared_extension().is_some(), format.layout == Layout::WaveFormatEx);
                assert_eq!(back, format, "{order:?}");
                assert_eq!(back.problems(), [], "{format}");
            }
        }
        adpcm.extra = 1017u16.to_le_bytes().to_vec();
        assert_eq!(adpcm.samples_per_block(), Some(1017));
        assert_eq!(ambisonic.sample_format(), Some(SampleFormat::Int));
        assert_eq!(ambisonic.valid_bits(), 20);
    }

    #[test]
    fn extensible_bytes_as_windows_lays_them_out() {
        let mask = ChannelMask::from_speakers(&[Speaker::FrontLeft, Speaker::FrontRight]);
        let format = WaveFormat::extensible(2, 48_000, 24, 20, mask, Guid::from_tag(FormatTag::PCM));
        let bytes = format.to_bytes().unwrap();
        assert_eq!(bytes.len(), 40);
        assert_eq!(&bytes[..18], b"\xfe\xff\x02\0\x80\xbb\0\0\0\x65\x04\0\x06\0\x18\0\x16\0");
        assert_eq!(&bytes[18..24], b"\x14\0\x03\0\0\0");
        assert_eq!(&bytes[24..], b"\x01\0\0\0\0\0\x10\0\x80\0\0\xaa\0\x38\x9b\x71");
        assert_eq!(
            format.to_string(),
            "EXTENSIBLE, sub-format PCM, 20 valid bits, channel mask 0x3 (FL FR), 2 channels, 48000 Hz, \
             24 bits, 288000 bytes/s, block 6"
        );
    }

    #[test]
    fn chunks_of_every_length() {
        let pcm = WaveFormat::pcm(1, 8_000, 8).to_bytes().unwrap();
        assert_eq!(WaveFormat::parse(&pcm[..13], ByteOrder::Little).unwrap_err().code(), ErrorCode::InvalidFile);
        let short = WaveFormat::parse(&pcm[..14], ByteOrder::Little).unwrap();
        assert_eq!((short.layout, short.bits_per_sample, short.trailing()), (Layout::WaveFormat, 0, 0));
        let odd = WaveFormat::parse(&pcm[..15], ByteOrder::Little).unwrap();
        assert_eq!((odd.layout, odd.trailing()), (Layout::WaveFormat, 1));
        let mut ex = pcm.clone();
        ex.extend_from_slice(&[4, 0, 1, 2, 3, 4, 5, 6]);
        let parsed = WaveFormat::parse(&ex, ByteOrder::Little).unwrap();
        assert_eq!(
            (parsed.declared_extension(), &parsed.extra[..], parsed.trailing()),
            (Some(4), &[1, 2, 3, 4][..], 2)
        );
        let cut = WaveFormat::parse(&ex[..20], ByteOrder::Little).unwrap();
        assert_eq!((cut.declared_extension(), &cut.extra[..], cut.trailing()), (Some(4), &[1, 2][..], 0));
        assert_eq!(cut.to_bytes().unwrap()[16..], [2, 0, 1, 2]);
        let mut huge = WaveFormat::pcm(1, 8_000, 8);
        huge.extra = vec![0; 65_536];
        assert_eq!(huge.to_bytes().unwrap_err().code(), ErrorCode::InvalidParam);
    }

    #[test]
    fn frames_and_durations() {
        let pcm = WaveFormat::pcm(2, 44_100, 24);
        assert_eq!((pcm.block_align, pcm.byte_rate), (6, 264_600));
        assert_eq!(pcm.frames(6 * 44_100 + 5), Some(44_100));
        assert_eq!(pcm.duration(22_050).unwrap().seconds(), 0.5);
        // IMA ADPCM, stereo, 2048-byte blocks of 2041 samples; a last block of 100
        // bytes holds 1 + (100 - 8) * 2 / 2 = 93.
        let mut ima = WaveFormat::plain(FormatTag::IMA_ADPCM, 2, 44_100, 4, Layout::WaveFormatEx);
        ima.block_align = 2048;
        ima.extra = 2041u16.to_le_bytes().to_vec();
        assert_eq!(ima.frames(3 * 2048 + 100), Some(3 * 2041 + 93));
        assert_eq!(ima.frames(3 * 2048 + 7), Some(3 * 2041));
        // Microsoft ADPCM, mono, 256-byte blocks of 500 samples: 2 + (20 - 7) * 2 = 28.
        let mut ms = WaveFormat::plain(FormatTag::ADPCM, 1, 8_000, 4, Layout::WaveFormatEx);
        ms.block_align = 256;
        ms.extra = vec![0xF4, 0x01, 7, 0];
        assert_eq!(ms.frames(256 + 20), Some(528));
        // GSM: whole blocks only. MP3: the data does not say.
        let mut gsm = WaveFormat::plain(FormatTag::GSM610, 1, 8_000, 0, Layout::WaveFormatEx);
        (gsm.block_align, gsm.extra) = (65, vec![0x40, 0x01]);
        assert_eq!(gsm.frames(65 * 10 + 64), Some(3200));
        let mut mp3 = WaveFormat::plain(FormatTag::MPEG_LAYER3, 2, 44_100, 0, Layout::WaveFormatEx);
        mp3.block_align = 1;
        assert_eq!(mp3.frames(1000), None);
        mp3.block_align = 0;
        assert_eq!(mp3.frames(1000), None);
        assert!(WaveFormat::pcm(1, 0, 16).duration(5).is_none());
    }
}
