//! [`FormatTag`]: the `wFormatTag` of a WAVE format, with names for the common ones.

use std::fmt;

/// A `wFormatTag` value: what encoding the samples use. Any value is accepted; the
/// constants name the common ones (from the registry in Microsoft's `mmreg.h`).
///
/// ```
/// use winmmio::wav::FormatTag;
/// assert_eq!(FormatTag::IMA_ADPCM.name(), Some("IMA ADPCM"));
/// assert_eq!(FormatTag(0x0055).to_string(), "MPEG layer 3");
/// assert_eq!(FormatTag(0x1234).to_string(), "format 0x1234");
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FormatTag(pub u16);

impl FormatTag {
    /// `WAVE_FORMAT_UNKNOWN` (0).
    pub const UNKNOWN: FormatTag = FormatTag(0x0000);
    /// `WAVE_FORMAT_PCM`: integer samples.
    pub const PCM: FormatTag = FormatTag(0x0001);
    /// `WAVE_FORMAT_ADPCM`: Microsoft ADPCM.
    pub const ADPCM: FormatTag = FormatTag(0x0002);
    /// `WAVE_FORMAT_IEEE_FLOAT`: 32- or 64-bit floating-point samples.
    pub const IEEE_FLOAT: FormatTag = FormatTag(0x0003);
    /// `WAVE_FORMAT_ALAW`: ITU-T G.711 A-law.
    pub const ALAW: FormatTag = FormatTag(0x0006);
    /// `WAVE_FORMAT_MULAW`: ITU-T G.711 mu-law.
    pub const MULAW: FormatTag = FormatTag(0x0007);
    /// `WAVE_FORMAT_DTS`.
    pub const DTS: FormatTag = FormatTag(0x0008);
    /// `WAVE_FORMAT_OKI_ADPCM`.
    pub const OKI_ADPCM: FormatTag = FormatTag(0x0010);
    /// `WAVE_FORMAT_IMA_ADPCM` (also `WAVE_FORMAT_DVI_ADPCM`).
    pub const IMA_ADPCM: FormatTag = FormatTag(0x0011);
    /// `WAVE_FORMAT_YAMAHA_ADPCM`.
    pub const YAMAHA_ADPCM: FormatTag = FormatTag(0x0020);
    /// `WAVE_FORMAT_DSPGROUP_TRUESPEECH`.
    pub const TRUESPEECH: FormatTag = FormatTag(0x0022);
    /// `WAVE_FORMAT_GSM610`: GSM 6.10 full rate.
    pub const GSM610: FormatTag = FormatTag(0x0031);
    /// `WAVE_FORMAT_G721_ADPCM`.
    pub const G721_ADPCM: FormatTag = FormatTag(0x0040);
    /// `WAVE_FORMAT_MPEG`: MPEG-1 audio layer 1 or 2.
    pub const MPEG: FormatTag = FormatTag(0x0050);
    /// `WAVE_FORMAT_MPEGLAYER3`: MP3.
    pub const MPEG_LAYER3: FormatTag = FormatTag(0x0055);
    /// `WAVE_FORMAT_G726_ADPCM`.
    pub const G726_ADPCM: FormatTag = FormatTag(0x0064);
    /// `WAVE_FORMAT_G722_ADPCM`.
    pub const G722_ADPCM: FormatTag = FormatTag(0x0065);
    /// `WAVE_FORMAT_G729A`.
    pub const G729A: FormatTag = FormatTag(0x0083);
    /// `WAVE_FORMAT_DOLBY_AC3_SPDIF`.
    pub const DOLBY_AC3_SPDIF: FormatTag = FormatTag(0x0092);
    /// `WAVE_FORMAT_RAW_AAC1`.
    pub const RAW_AAC: FormatTag = FormatTag(0x00FF);
    /// `WAVE_FORMAT_MSAUDIO1`: Windows Media Audio 1.
    pub const WMA1: FormatTag = FormatTag(0x0160);
    /// `WAVE_FORMAT_WMAUDIO2`: Windows Media Audio 2.
    pub const WMA2: FormatTag = FormatTag(0x0161);
    /// `WAVE_FORMAT_WMAUDIO3`: Windows Media Audio Pro.
    pub const WMA_PRO: FormatTag = FormatTag(0x0162);
    /// `WAVE_FORMAT_WMAUDIO_LOSSLESS`.
    pub const WMA_LOSSLESS: FormatTag = FormatTag(0x0163);
    /// `WAVE_FORMAT_MPEG_ADTS_AAC`.
    pub const MPEG_ADTS_AAC: FormatTag = FormatTag(0x1600);
    /// `WAVE_FORMAT_MPEG_HEAAC`: MPEG-2/4 AAC.
    pub const MPEG_HEAAC: FormatTag = FormatTag(0x1610);
    /// `WAVE_FORMAT_DVM`: Dolby AC-3.
    pub const AC3: FormatTag = FormatTag(0x2000);
    /// `WAVE_FORMAT_DTS2`.
    pub const DTS2: FormatTag = FormatTag(0x2001);
    /// `WAVE_FORMAT_OPUS`.
    pub const OPUS: FormatTag = FormatTag(0x704F);
    /// `WAVE_FORMAT_FLAC`.
    pub const FLAC: FormatTag = FormatTag(0xF1AC);
    /// `WAVE_FORMAT_EXTENSIBLE`: the real format is the sub-format GUID.
    pub const EXTENSIBLE: FormatTag = FormatTag(0xFFFE);
    /// `WAVE_FORMAT_DEVELOPMENT`.
    pub const DEVELOPMENT: FormatTag = FormatTag(0xFFFF);

    /// The tags with a name, and their names.
    const NAMES: [(FormatTag, &'static str); 32] = [
        (FormatTag::UNKNOWN, "unknown"),
        (FormatTag::PCM, "PCM"),
        (FormatTag::ADPCM, "Microsoft ADPCM"),
        (FormatTag::IEEE_FLOAT, "IEEE float"),
        (FormatTag::ALAW, "A-law"),
        (FormatTag::MULAW, "mu-law"),
        (FormatTag::DTS, "DTS"),
        (FormatTag::OKI_ADPCM, "OKI ADPCM"),
        (FormatTag::IMA_ADPCM, "IMA ADPCM"),
        (FormatTag::YAMAHA_ADPCM, "Yamaha ADPCM"),
        (FormatTag::TRUESPEECH, "DSP Group TrueSpeech"),
        (FormatTag::GSM610, "GSM 6.10"),
        (FormatTag::G721_ADPCM, "G.721 ADPCM"),
        (FormatTag::MPEG, "MPEG"),
        (FormatTag::MPEG_LAYER3, "MPEG layer 3"),
        (FormatTag::G726_ADPCM, "G.726 ADPCM"),
        (FormatTag::G722_ADPCM, "G.722 ADPCM"),
        (FormatTag::G729A, "G.729A"),
        (FormatTag::DOLBY_AC3_SPDIF, "Dolby AC-3 (S/PDIF)"),
        (FormatTag::RAW_AAC, "raw AAC"),
        (FormatTag::WMA1, "Windows Media Audio 1"),
        (FormatTag::WMA2, "Windows Media Audio 2"),
        (FormatTag::WMA_PRO, "Windows Media Audio Pro"),
        (FormatTag::WMA_LOSSLESS, "Windows Media Audio Lossless"),
        (FormatTag::MPEG_ADTS_AAC, "AAC (ADTS)"),
        (FormatTag::MPEG_HEAAC, "AAC"),
        (FormatTag::AC3, "Dolby AC-3"),
        (FormatTag::DTS2, "DTS"),
        (FormatTag::OPUS, "Opus"),
        (FormatTag::FLAC, "FLAC"),
        (FormatTag::EXTENSIBLE, "EXTENSIBLE"),
        (FormatTag::DEVELOPMENT, "development"),
    ];

    /// The name of a known tag ("PCM", "IEEE float", "IMA ADPCM", ...).
    pub fn name(self) -> Option<&'static str> {
        FormatTag::NAMES.iter().find(|(tag, _)| *tag == self).map(|&(_, name)| name)
    }
}

impl fmt::Display for FormatTag {
    /// The name, or `format 0x1234` for a tag without one.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => f.write_str(name),
            None => write!(f, "format 0x{:04X}", self.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_shown() {
        for (i, (tag, name)) in FormatTag::NAMES.iter().enumerate() {
            assert!(FormatTag::NAMES[..i].iter().all(|(other, _)| other != tag), "{tag:?} twice");
            assert_eq!(tag.to_string(), *name);
        }
        assert_eq!(FormatTag::EXTENSIBLE.0, 0xFFFE);
        assert_eq!(FormatTag(0xFEFF).to_string(), "format 0xFEFF");
    }
}
