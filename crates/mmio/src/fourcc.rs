//! Four-character codes: the 32-bit tags that name chunks, forms and I/O procedures.

use std::fmt;

/// A four-character code (`FOURCC`): four bytes packed little-endian into a `u32`,
/// `c0 | c1 << 8 | c2 << 16 | c3 << 24`, exactly as `mmioFOURCC` packs them.
///
/// ```
/// use winmmio::FourCC;
/// assert_eq!(FourCC::RIFF.to_u32(), 0x4646_4952);
/// assert_eq!(FourCC::new(*b"WAVE").to_string(), "WAVE");
/// assert_eq!(FourCC::from_mmio_string("wav", true), FourCC::new(*b"WAV "));
/// assert_eq!(format!("{}", FourCC::from_u32(1)), "0x00000001");
/// ```
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FourCC(u32);

impl FourCC {
    /// `RIFF`: a little-endian RIFF form.
    pub const RIFF: FourCC = FourCC::new(*b"RIFF");
    /// `RIFX`: a big-endian RIFF form.
    pub const RIFX: FourCC = FourCC::new(*b"RIFX");
    /// `RF64`: a RIFF form whose sizes may live in a `ds64` chunk (EBU Tech 3306).
    pub const RF64: FourCC = FourCC::new(*b"RF64");
    /// `BW64`: the ITU-R BS.2088 spelling of RF64.
    pub const BW64: FourCC = FourCC::new(*b"BW64");
    /// `LIST`: a list of sub-chunks inside a form.
    pub const LIST: FourCC = FourCC::new(*b"LIST");
    /// `ds64`: the 64-bit size table of an RF64/BW64 file.
    pub const DS64: FourCC = FourCC::new(*b"ds64");
    /// `JUNK`: padding; also the space reserved for a future `ds64`.
    pub const JUNK: FourCC = FourCC::new(*b"JUNK");
    /// `WAVE`: the form type of a wave-audio file.
    pub const WAVE: FourCC = FourCC::new(*b"WAVE");
    /// `fmt `: the format chunk of a wave file.
    pub const FMT: FourCC = FourCC::new(*b"fmt ");
    /// `data`: the sample data of a wave file.
    pub const DATA: FourCC = FourCC::new(*b"data");
    /// `fact`: the sample count of a compressed wave file.
    pub const FACT: FourCC = FourCC::new(*b"fact");
    /// `INFO`: the list type of metadata tags.
    pub const INFO: FourCC = FourCC::new(*b"INFO");
    /// `AVI `: the form type of an AVI file.
    pub const AVI: FourCC = FourCC::new(*b"AVI ");
    /// `WEBP`: the form type of a WebP image.
    pub const WEBP: FourCC = FourCC::new(*b"WEBP");
    /// `ACON`: the form type of an animated cursor.
    pub const ACON: FourCC = FourCC::new(*b"ACON");
    /// `RMID`: the form type of a RIFF MIDI file.
    pub const RMID: FourCC = FourCC::new(*b"RMID");
    /// `DOS `: the built-in I/O procedure for operating-system files.
    pub const DOS: FourCC = FourCC::new(*b"DOS ");
    /// `MEM `: the built-in I/O procedure for memory files.
    pub const MEM: FourCC = FourCC::new(*b"MEM ");

    /// Packs four bytes, the first in the low byte.
    pub const fn new(bytes: [u8; 4]) -> FourCC {
        FourCC(u32::from_le_bytes(bytes))
    }

    /// Wraps an already packed `FOURCC` value.
    pub const fn from_u32(value: u32) -> FourCC {
        FourCC(value)
    }

    /// The packed `FOURCC` value.
    pub const fn to_u32(self) -> u32 {
        self.0
    }

    /// The four bytes, in file order.
    pub const fn bytes(self) -> [u8; 4] {
        self.0.to_le_bytes()
    }

    /// Builds a code the way `mmioStringToFOURCC` does: the bytes up to the first NUL,
    /// at most four of them, padded with spaces; with `to_upper`, ASCII letters are
    /// upper-cased. Nothing is checked: any byte is accepted.
    pub fn from_mmio_string(text: impl AsRef<[u8]>, to_upper: bool) -> FourCC {
        let mut bytes = [b' '; 4];
        let text = text.as_ref();
        let len = text.iter().take(4).take_while(|&&b| b != 0).count();
        bytes[..len].copy_from_slice(&text[..len]);
        if to_upper {
            bytes.make_ascii_uppercase();
        }
        FourCC::new(bytes)
    }

    /// True when all four bytes are printable ASCII (space included).
    pub fn is_printable(self) -> bool {
        self.bytes().iter().all(|b| (0x20..=0x7e).contains(b))
    }
}

impl From<[u8; 4]> for FourCC {
    fn from(bytes: [u8; 4]) -> FourCC {
        FourCC::new(bytes)
    }
}

impl From<FourCC> for u32 {
    fn from(code: FourCC) -> u32 {
        code.to_u32()
    }
}

/// Printable codes show as their four characters (`WAVE`, `fmt `); any other code as
/// `0x` and eight hex digits of the packed value.
impl fmt::Display for FourCC {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_printable() {
            for &b in &self.bytes() {
                fmt::Write::write_char(f, char::from(b))?;
            }
            Ok(())
        } else {
            write!(f, "0x{:08X}", self.0)
        }
    }
}

/// `FourCC("WAVE")` for printable codes, `FourCC(0x00000001)` otherwise.
impl fmt::Debug for FourCC {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_printable() { write!(f, "FourCC(\"{self}\")") } else { write!(f, "FourCC({self})") }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packing_matches_mmio_fourcc() {
        assert_eq!(FourCC::RIFF.to_u32(), 0x4646_4952);
        assert_eq!(FourCC::LIST.to_u32(), 0x5453_494C);
        assert_eq!(FourCC::DOS.to_u32(), 0x2053_4F44);
        assert_eq!(FourCC::MEM.to_u32(), 0x204D_454D);
        assert_eq!(FourCC::from_u32(0x4646_4952).bytes(), *b"RIFF");
    }

    #[test]
    fn string_conversion_pads_truncates_and_uppercases() {
        assert_eq!(FourCC::from_mmio_string("", false), FourCC::new(*b"    "));
        assert_eq!(FourCC::from_mmio_string("a", false), FourCC::new(*b"a   "));
        assert_eq!(FourCC::from_mmio_string("abcdef", false), FourCC::new(*b"abcd"));
        assert_eq!(FourCC::from_mmio_string("wave", true), FourCC::WAVE);
        assert_eq!(FourCC::from_mmio_string("wave", false), FourCC::new(*b"wave"));
        assert_eq!(FourCC::from_mmio_string(b"ab\0cd", false), FourCC::new(*b"ab  "));
        // Non-ASCII bytes pass through untouched, upper-casing or not.
        assert_eq!(FourCC::from_mmio_string([0xe9, b'x'], true), FourCC::new([0xe9, b'X', b' ', b' ']));
    }

    #[test]
    fn display_and_debug() {
        assert_eq!(FourCC::FMT.to_string(), "fmt ");
        assert_eq!(format!("{:?}", FourCC::DATA), "FourCC(\"data\")");
        assert_eq!(FourCC::new([0, 0xff, b'A', b'"']).to_string(), "0x2241FF00");
        assert_eq!(format!("{:?}", FourCC::from_u32(7)), "FourCC(0x00000007)");
    }
}
