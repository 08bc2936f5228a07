//! The WAVE format of a `fmt ` chunk (WAVEFORMATEX, WAVEFORMATEXTENSIBLE): its fields
//! in either byte order, its names, and how it contradicts itself.

use winmmio::riff::ByteOrder;

/// `WAVE_FORMAT_EXTENSIBLE`.
const EXTENSIBLE: u16 = 0xFFFE;

/// The fields of a `fmt ` chunk; those it is too short for are 0 (or `None`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WaveFormat {
    /// The bytes of the chunk.
    pub len: usize,
    /// wFormatTag.
    pub tag: u16,
    /// nChannels.
    pub channels: u16,
    /// nSamplesPerSec.
    pub sample_rate: u32,
    /// nAvgBytesPerSec.
    pub byte_rate: u32,
    /// nBlockAlign.
    pub block_align: u16,
    /// wBitsPerSample.
    pub bits_per_sample: u16,
    /// Samples.wValidBitsPerSample of an extensible format.
    pub valid_bits: Option<u16>,
    /// dwChannelMask of an extensible format.
    pub channel_mask: Option<u32>,
    /// The SubFormat GUID of an extensible format.
    pub subformat: Option<[u8; 16]>,
}

/// The tail of the KSDATAFORMAT_SUBTYPE GUIDs built from a format tag.
const GUID_TAIL: [u8; 12] = [0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

impl WaveFormat {
    /// Reads the fields of a `fmt ` chunk's bytes.
    pub fn parse(bytes: &[u8], order: ByteOrder) -> WaveFormat {
        let u16_at = |at: usize| {
            bytes.get(at..at + 2).map_or(0, |b| match order {
                ByteOrder::Little => u16::from_le_bytes([b[0], b[1]]),
                ByteOrder::Big => u16::from_be_bytes([b[0], b[1]]),
            })
        };
        let u32_at = |at: usize| bytes.get(at..at + 4).map_or(0, |b| order.read_u32([b[0], b[1], b[2], b[3]]));
        let tag = u16_at(0);
        let extensible = tag == EXTENSIBLE && bytes.len() >= 40;
        WaveFormat {
            len: bytes.len(),
            tag,
            channels: u16_at(2),
            sample_rate: u32_at(4),
            byte_rate: u32_at(8),
            block_align: u16_at(12),
            bits_per_sample: u16_at(14),
            valid_bits: extensible.then(|| u16_at(18)),
            channel_mask: extensible.then(|| u32_at(20)),
            subformat: extensible.then(|| bytes[24..40].try_into().unwrap_or([0; 16])),
        }
    }

    /// The tag that says how samples are coded: the sub-format's for an extensible
    /// format whose GUID is built from a tag.
    pub fn effective_tag(&self) -> u16 {
        match self.subformat {
            Some(guid) if guid[4..] == GUID_TAIL && guid[2..4] == [0, 0] => u16::from_le_bytes([guid[0], guid[1]]),
            _ => self.tag,
        }
    }

    /// True for formats whose data is whole blocks of one sample per channel (PCM,
    /// float, A-law, mu-law): frames come from the data size.
    pub fn frames_from_size(&self) -> bool {
        matches!(self.effective_tag(), 1 | 3 | 6 | 7) && self.block_align > 0
    }

    /// The bytes of one frame of a format whose frames come from the data size: one
    /// sample per channel, as wide as its bits (the block align when that says
    /// nothing); what players go by when the block align contradicts it.
    pub fn frame_bytes(&self) -> u64 {
        let from_bits = u64::from(self.channels) * u64::from(self.bits_per_sample.div_ceil(8));
        if from_bits > 0 { from_bits } else { u64::from(self.block_align).max(1) }
    }

    /// What the format contradicts in itself, in sentences.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if self.len < 16 {
            problems.push(format!("the 'fmt ' chunk has {} bytes: too short for a format (16)", self.len));
            return problems;
        }
        if self.channels == 0 {
            problems.push("the format has 0 channels".into());
        }
        if self.sample_rate == 0 {
            problems.push("the format has a sample rate of 0".into());
        }
        if self.block_align == 0 {
            problems.push("the format has a block align of 0".into());
        }
        if self.frames_from_size() {
            let frame = self.frame_bytes();
            if u64::from(self.block_align) != frame {
                problems.push(format!(
                    "block align {} contradicts {} channels x {} bits ({frame} bytes per frame)",
                    self.block_align, self.channels, self.bits_per_sample
                ));
            }
            let rate = u64::from(self.sample_rate) * frame;
            if u64::from(self.byte_rate) != rate {
                problems.push(format!(
                    "byte rate {} is not sample rate x frame size ({} x {frame} = {rate})",
                    self.byte_rate, self.sample_rate
                ));
            }
        }
        if let Some(valid) = self.valid_bits.filter(|&v| v > self.bits_per_sample) {
            problems.push(format!("{valid} valid bits in {}-bit samples", self.bits_per_sample));
        }
        problems
    }
}

/// The name of a wave format tag.
pub fn tag_name(tag: u16) -> String {
    match tag {
        0x0001 => "PCM".into(),
        0x0002 => "Microsoft ADPCM".into(),
        0x0003 => "IEEE float".into(),
        0x0006 => "A-law".into(),
        0x0007 => "mu-law".into(),
        0x0011 => "IMA ADPCM".into(),
        0x0020 => "Yamaha ADPCM".into(),
        0x0031 => "GSM 6.10".into(),
        0x0045 => "G.726 ADPCM".into(),
        0x0050 => "MPEG".into(),
        0x0055 => "MPEG layer 3".into(),
        0x0092 => "Dolby AC-3 (S/PDIF)".into(),
        0x00FF => "AAC".into(),
        0x1610 => "AAC (ADTS)".into(),
        0xF1AC => "FLAC".into(),
        EXTENSIBLE => "EXTENSIBLE".into(),
        other => format!("format 0x{other:04X}"),
    }
}

/// The speaker positions of the bits of a channel mask, from bit 0.
const SPEAKERS: [&str; 18] = [
    "FL", "FR", "FC", "LFE", "BL", "BR", "FLC", "FRC", "BC", "SL", "SR", "TC", "TFL", "TFC", "TFR", "TBL", "TBC", "TBR",
];

/// The speaker names of the bits set in `mask` (`FL`, `FR`, ...); bits past the known
/// positions show as `bitN`.
pub fn speakers(mask: u32) -> Vec<String> {
    (0..32)
        .filter(|bit| mask >> bit & 1 == 1)
        .map(|bit| SPEAKERS.get(bit as usize).map_or_else(|| format!("bit{bit}"), |name| name.to_string()))
        .collect()
}
