//! [`Bext`]: the Broadcast Audio Extension chunk of Broadcast WAVE files (EBU Tech
//! 3285, versions 0 to 2).

use super::fields::{Fields, Put, padded};
use super::text;
use crate::error::Result;
use crate::riff::ByteOrder;

/// The bytes of `bext` before its coding history.
const FIXED: usize = 602;

/// A loudness field's value when it is not known.
pub const LOUDNESS_UNKNOWN: i16 = 0x7FFF;

/// The `bext` chunk: who made the recording, when, and where it starts in the day.
///
/// Text fields are ASCII in the specification (UTF-8 is written as given, and read back
/// as UTF-8 or Latin-1); each has a fixed size (the limit is in bytes): description 256,
/// originator 32, originator reference 32, origination date 10 (`yyyy-mm-dd`), time 8
/// (`hh:mm:ss`). Loudness values (version 2, EBU R 128) are in hundredths:
/// `-2300` is -23.00 LUFS; [`LOUDNESS_UNKNOWN`] when not measured.
///
/// ```
/// use winmmio::wav::Bext;
/// let bext = Bext {
///     description: "Interview, take 3".into(),
///     originator: "Field recorder".into(),
///     origination_date: "2024-05-01".into(),
///     origination_time: "14:30:00".into(),
///     time_reference: 48_000 * 3600 * 14, // 14:00:00 at 48 kHz
///     loudness_value: -2300,
///     ..Bext::default()
/// };
/// assert_eq!(bext.version, 2);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Bext {
    /// Description (256 bytes).
    pub description: String,
    /// Originator: who made it (32 bytes).
    pub originator: String,
    /// Originator reference: a unique reference (32 bytes, EBU R 99).
    pub originator_reference: String,
    /// Origination date, `yyyy-mm-dd` (10 bytes).
    pub origination_date: String,
    /// Origination time, `hh:mm:ss` (8 bytes).
    pub origination_time: String,
    /// The first sample's position, in samples since midnight.
    pub time_reference: u64,
    /// The BWF version: 0, 1 (UMID) or 2 (UMID and loudness).
    pub version: u16,
    /// The SMPTE UMID (ST 330), zeros when absent.
    pub umid: [u8; 64],
    /// Integrated loudness, in 0.01 LUFS.
    pub loudness_value: i16,
    /// Loudness range, in 0.01 LU.
    pub loudness_range: i16,
    /// Maximum true peak level, in 0.01 dBTP.
    pub max_true_peak_level: i16,
    /// Highest momentary loudness, in 0.01 LUFS.
    pub max_momentary_loudness: i16,
    /// Highest short-term loudness, in 0.01 LUFS.
    pub max_short_term_loudness: i16,
    /// The coding history: lines such as `A=PCM,F=48000,W=24,M=stereo,T=...`, each
    /// ended by CR LF.
    pub coding_history: String,
}

impl Default for Bext {
    /// Empty texts, version 2, loudness unknown.
    fn default() -> Bext {
        Bext {
            description: String::new(),
            originator: String::new(),
            originator_reference: String::new(),
            origination_date: String::new(),
            origination_time: String::new(),
            time_reference: 0,
            version: 2,
            umid: [0; 64],
            loudness_value: LOUDNESS_UNKNOWN,
            loudness_range: LOUDNESS_UNKNOWN,
            max_true_peak_level: LOUDNESS_UNKNOWN,
            max_momentary_loudness: LOUDNESS_UNKNOWN,
            max_short_term_loudness: LOUDNESS_UNKNOWN,
            coding_history: String::new(),
        }
    }
}

impl Bext {
    /// Decodes a `bext` payload; a short one reads as if zero-filled.
    pub(crate) fn parse(payload: &[u8], order: ByteOrder) -> Bext {
        let bytes = padded(payload, FIXED);
        let f = Fields::new(&bytes, order);
        let mut umid = [0; 64];
        umid.copy_from_slice(f.bytes(348, 64));
        Bext {
            description: text::decode(f.bytes(0, 256)),
            originator: text::decode(f.bytes(256, 32)),
            originator_reference: text::decode(f.bytes(288, 32)),
            origination_date: text::decode(f.bytes(320, 10)),
            origination_time: text::decode(f.bytes(330, 8)),
            time_reference: u64::from(f.u32(338)) | u64::from(f.u32(342)) << 32,
            version: f.u16(346),
            umid,
            loudness_value: f.i16(412),
            loudness_range: f.i16(414),
            max_true_peak_level: f.i16(416),
            max_momentary_loudness: f.i16(418),
            max_short_term_loudness: f.i16(420),
            coding_history: text::decode(&bytes[FIXED..]),
        }
    }

    /// Encodes the payload; `MMSYSERR_INVALPARAM` for a text longer than its field.
    pub(crate) fn to_bytes(&self, order: ByteOrder) -> Result<Vec<u8>> {
        let mut put = Put::new(order);
        put.raw(&text::fixed(&self.description, 256)?)
            .raw(&text::fixed(&self.originator, 32)?)
            .raw(&text::fixed(&self.originator_reference, 32)?)
            .raw(&text::fixed(&self.origination_date, 10)?)
            .raw(&text::fixed(&self.origination_time, 8)?)
            .u32(self.time_reference as u32)
            .u32((self.time_reference >> 32) as u32)
            .u16(self.version)
            .raw(&self.umid)
            .i16(self.loudness_value)
            .i16(self.loudness_range)
            .i16(self.max_true_peak_level)
            .i16(self.max_momentary_loudness)
            .i16(self.max_short_term_loudness)
            .raw(&[0; 180])
            .raw(self.coding_history.as_bytes());
        Ok(put.bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_at_the_offsets_of_the_specification() {
        let bext = Bext {
            description: "d".into(),
            originator: "o".into(),
            originator_reference: "r".into(),
            origination_date: "2024-05-01".into(),
            origination_time: "14:30:00".into(),
            time_reference: 0x1_0000_0002,
            umid: [7; 64],
            loudness_value: -2300,
            max_short_term_loudness: -1,
            coding_history: "A=PCM\r\n".into(),
            ..Bext::default()
        };
        let bytes = bext.to_bytes(ByteOrder::Little).unwrap();
        assert_eq!(bytes.len(), FIXED + 7);
        assert_eq!((bytes[0], bytes[256], bytes[288]), (b'd', b'o', b'r'));
        assert_eq!(&bytes[320..338], b"2024-05-0114:30:00");
        assert_eq!(&bytes[338..348], &[2, 0, 0, 0, 1, 0, 0, 0, 2, 0]);
        assert_eq!((bytes[348], bytes[411]), (7, 7));
        assert_eq!(&bytes[412..414], &(-2300i16).to_le_bytes());
        assert_eq!(&bytes[420..422], &[0xFF, 0xFF]);
        assert_eq!(&bytes[602..], b"A=PCM\r\n");
        assert_eq!(Bext::parse(&bytes, ByteOrder::Little), bext);
        // A version 0 chunk cut short: zeros for the rest.
        let old = Bext::parse(&bytes[..340], ByteOrder::Little);
        assert_eq!((old.version, old.time_reference, old.coding_history.as_str()), (0, 2, ""));
        let long = Bext { originator: "x".repeat(33), ..Bext::default() };
        assert!(long.to_bytes(ByteOrder::Little).is_err());
    }
}
