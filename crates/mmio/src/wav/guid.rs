//! [`Guid`]: the `SubFormat` of `WAVE_FORMAT_EXTENSIBLE`, with names for the
//! `KSDATAFORMAT_SUBTYPE_*` values.

use std::fmt;

use super::tag::FormatTag;
use crate::riff::ByteOrder;

/// A GUID as Windows lays it out: a 32-bit and two 16-bit fields (little-endian) and
/// eight bytes.
///
/// The sub-formats that stand for a format tag are `{TTTTTTTT-0000-0010-8000-00AA00389B71}`
/// with the tag in the first field ([`Guid::from_tag`], [`Guid::format_tag`]).
///
/// ```
/// use winmmio::wav::{FormatTag, Guid};
/// let pcm = Guid::from_tag(FormatTag::PCM);
/// assert_eq!(pcm.to_string(), "00000001-0000-0010-8000-00AA00389B71");
/// assert_eq!(pcm.name(), Some("KSDATAFORMAT_SUBTYPE_PCM"));
/// assert_eq!(Guid::AMBISONIC_B_FORMAT_FLOAT.format_tag(), None);
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct Guid {
    /// `Data1`.
    pub data1: u32,
    /// `Data2`.
    pub data2: u16,
    /// `Data3`.
    pub data3: u16,
    /// `Data4`.
    pub data4: [u8; 8],
}

/// The last three fields of every sub-format that stands for a format tag.
const TAG_FAMILY: (u16, u16, [u8; 8]) = (0x0000, 0x0010, [0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71]);
/// The last three fields of the ambisonic B-format sub-formats.
const AMBISONIC_FAMILY: (u16, u16, [u8; 8]) = (0x0721, 0x11D3, [0x86, 0x44, 0xC8, 0xC1, 0xCA, 0x00, 0x00, 0x00]);

impl Guid {
    /// `KSDATAFORMAT_SUBTYPE_AMBISONIC_B_FORMAT_PCM`: ambisonic B-format, integer samples.
    pub const AMBISONIC_B_FORMAT_PCM: Guid =
        Guid { data1: 1, data2: AMBISONIC_FAMILY.0, data3: AMBISONIC_FAMILY.1, data4: AMBISONIC_FAMILY.2 };
    /// `KSDATAFORMAT_SUBTYPE_AMBISONIC_B_FORMAT_IEEE_FLOAT`: ambisonic B-format, float
    /// samples.
    pub const AMBISONIC_B_FORMAT_FLOAT: Guid =
        Guid { data1: 3, data2: AMBISONIC_FAMILY.0, data3: AMBISONIC_FAMILY.1, data4: AMBISONIC_FAMILY.2 };

    /// The `KSDATAFORMAT_SUBTYPE_*` GUID that stands for a format tag.
    pub const fn from_tag(tag: FormatTag) -> Guid {
        Guid { data1: tag.0 as u32, data2: TAG_FAMILY.0, data3: TAG_FAMILY.1, data4: TAG_FAMILY.2 }
    }

    /// The format tag this GUID stands for, when it is one of the tag family.
    pub fn format_tag(&self) -> Option<FormatTag> {
        let family = (self.data2, self.data3, self.data4) == TAG_FAMILY;
        u16::try_from(self.data1).ok().filter(|_| family).map(FormatTag)
    }

    /// The sample encoding's tag for the GUIDs whose samples are plain PCM or float:
    /// the tag family, and the ambisonic B-format sub-formats (PCM and float).
    pub fn sample_tag(&self) -> Option<FormatTag> {
        if (self.data2, self.data3, self.data4) == AMBISONIC_FAMILY {
            return u16::try_from(self.data1).ok().map(FormatTag);
        }
        self.format_tag()
    }

    /// The `KSDATAFORMAT_SUBTYPE_*` name of a known sub-format.
    pub fn name(&self) -> Option<&'static str> {
        match (self.format_tag(), *self) {
            (Some(FormatTag::PCM), _) => Some("KSDATAFORMAT_SUBTYPE_PCM"),
            (Some(FormatTag::ADPCM), _) => Some("KSDATAFORMAT_SUBTYPE_ADPCM"),
            (Some(FormatTag::IEEE_FLOAT), _) => Some("KSDATAFORMAT_SUBTYPE_IEEE_FLOAT"),
            (Some(FormatTag::ALAW), _) => Some("KSDATAFORMAT_SUBTYPE_ALAW"),
            (Some(FormatTag::MULAW), _) => Some("KSDATAFORMAT_SUBTYPE_MULAW"),
            (Some(FormatTag::DTS), _) => Some("KSDATAFORMAT_SUBTYPE_IEC61937_DTS"),
            (Some(FormatTag::MPEG), _) => Some("KSDATAFORMAT_SUBTYPE_MPEG"),
            (Some(FormatTag::DOLBY_AC3_SPDIF), _) => Some("KSDATAFORMAT_SUBTYPE_IEC61937_DOLBY_DIGITAL"),
            (Some(FormatTag(0x0009)), _) => Some("KSDATAFORMAT_SUBTYPE_DRM"),
            (_, Guid::AMBISONIC_B_FORMAT_PCM) => Some("KSDATAFORMAT_SUBTYPE_AMBISONIC_B_FORMAT_PCM"),
            (_, Guid::AMBISONIC_B_FORMAT_FLOAT) => Some("KSDATAFORMAT_SUBTYPE_AMBISONIC_B_FORMAT_IEEE_FLOAT"),
            _ => None,
        }
    }

    /// True for the tag family and the ambisonic family.
    fn is_known_family(&self) -> bool {
        let tail = (self.data2, self.data3, self.data4);
        tail == TAG_FAMILY || tail == AMBISONIC_FAMILY
    }

    /// Decodes the 16 bytes of a sub-format GUID in a file of this byte order.
    ///
    /// Little-endian: Windows' layout (`Data1`, `Data2`, `Data3` little-endian). In
    /// big-endian (RIFX) files the encoders that write them keep `Data2` and `Data3`
    /// in that layout and write `Data1` big-endian (ffmpeg), or write the format tag
    /// as a big-endian 16-bit value followed by two zero bytes (sox): both are read as
    /// the same GUID.
    pub fn from_bytes(bytes: [u8; 16], order: ByteOrder) -> Guid {
        let mut data4 = [0; 8];
        data4.copy_from_slice(&bytes[8..]);
        let mut guid = Guid {
            data1: order.read_u32([bytes[0], bytes[1], bytes[2], bytes[3]]),
            data2: u16::from_le_bytes([bytes[4], bytes[5]]),
            data3: u16::from_le_bytes([bytes[6], bytes[7]]),
            data4,
        };
        let sox_tag = guid.data1 & 0xFFFF == 0 && guid.data1 != 0;
        if order == ByteOrder::Big && sox_tag && guid.is_known_family() {
            guid.data1 >>= 16;
        }
        guid
    }

    /// Encodes it as 16 bytes in a file of this byte order: Windows' layout, with
    /// `Data1` big-endian in RIFX files (as ffmpeg writes and reads it).
    pub fn to_bytes(&self, order: ByteOrder) -> [u8; 16] {
        let mut bytes = [0; 16];
        bytes[..4].copy_from_slice(&order.write_u32(self.data1));
        bytes[4..6].copy_from_slice(&self.data2.to_le_bytes());
        bytes[6..8].copy_from_slice(&self.data3.to_le_bytes());
        bytes[8..].copy_from_slice(&self.data4);
        bytes
    }
}

impl fmt::Display for Guid {
    /// The registry form without braces: `00000001-0000-0010-8000-00AA00389B71`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &self.data4;
        write!(
            f,
            "{:08X}-{:04X}-{:04X}-{:02X}{:02X}-{:02X}{:02X}{:02X}{:02X}{:02X}{:02X}",
            self.data1, self.data2, self.data3, d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_in_both_orders() {
        let float = Guid::from_tag(FormatTag::IEEE_FLOAT);
        let le = float.to_bytes(ByteOrder::Little);
        assert_eq!(le, *b"\x03\0\0\0\0\0\x10\0\x80\0\0\xaa\0\x38\x9b\x71");
        let be = float.to_bytes(ByteOrder::Big);
        assert_eq!(&be[..8], b"\0\0\0\x03\0\0\x10\0");
        assert_eq!(Guid::from_bytes(le, ByteOrder::Little), float);
        assert_eq!(Guid::from_bytes(be, ByteOrder::Big), float);
        // sox's RIFX layout: the tag big-endian in 16 bits, then two zero bytes.
        let mut sox = le;
        sox[..4].copy_from_slice(b"\0\x03\0\0");
        assert_eq!(Guid::from_bytes(sox, ByteOrder::Big), float);
        // Only for the known families: another GUID keeps its Data1.
        let other = Guid { data1: 0x0003_0000, data2: 1, data3: 2, data4: [3; 8] };
        assert_eq!(Guid::from_bytes(other.to_bytes(ByteOrder::Big), ByteOrder::Big), other);
        assert_eq!(float.format_tag(), Some(FormatTag::IEEE_FLOAT));
        assert_eq!(float.name(), Some("KSDATAFORMAT_SUBTYPE_IEEE_FLOAT"));
    }

    #[test]
    fn families() {
        assert_eq!(Guid::AMBISONIC_B_FORMAT_PCM.to_string(), "00000001-0721-11D3-8644-C8C1CA000000");
        assert_eq!(Guid::AMBISONIC_B_FORMAT_PCM.sample_tag(), Some(FormatTag::PCM));
        assert_eq!(Guid::AMBISONIC_B_FORMAT_FLOAT.sample_tag(), Some(FormatTag::IEEE_FLOAT));
        assert_eq!(Guid::AMBISONIC_B_FORMAT_FLOAT.name(), Some("KSDATAFORMAT_SUBTYPE_AMBISONIC_B_FORMAT_IEEE_FLOAT"));
        let big_tag = Guid { data1: 0x1_0001, ..Guid::from_tag(FormatTag::PCM) };
        assert_eq!((big_tag.format_tag(), big_tag.name()), (None, None));
        let other = Guid { data4: [0; 8], ..Guid::from_tag(FormatTag::PCM) };
        assert_eq!((other.format_tag(), other.sample_tag(), other.name()), (None, None, None));
        assert_eq!(Guid::from_tag(FormatTag::MPEG_LAYER3).name(), None);
        assert_eq!(Guid::from_tag(FormatTag::MPEG_LAYER3).format_tag(), Some(FormatTag::MPEG_LAYER3));
    }
}
