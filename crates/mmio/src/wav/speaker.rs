//! [`ChannelMask`] and [`Speaker`]: `dwChannelMask` of `WAVEFORMATEXTENSIBLE`, which
//! says which speaker each channel feeds.

use std::fmt;

/// A speaker position: one bit of a channel mask (`SPEAKER_FRONT_LEFT`, ...).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Speaker {
    /// `SPEAKER_FRONT_LEFT` (bit 0).
    FrontLeft,
    /// `SPEAKER_FRONT_RIGHT`.
    FrontRight,
    /// `SPEAKER_FRONT_CENTER`.
    FrontCenter,
    /// `SPEAKER_LOW_FREQUENCY`.
    LowFrequency,
    /// `SPEAKER_BACK_LEFT`.
    BackLeft,
    /// `SPEAKER_BACK_RIGHT`.
    BackRight,
    /// `SPEAKER_FRONT_LEFT_OF_CENTER`.
    FrontLeftOfCenter,
    /// `SPEAKER_FRONT_RIGHT_OF_CENTER`.
    FrontRightOfCenter,
    /// `SPEAKER_BACK_CENTER`.
    BackCenter,
    /// `SPEAKER_SIDE_LEFT`.
    SideLeft,
    /// `SPEAKER_SIDE_RIGHT`.
    SideRight,
    /// `SPEAKER_TOP_CENTER`.
    TopCenter,
    /// `SPEAKER_TOP_FRONT_LEFT`.
    TopFrontLeft,
    /// `SPEAKER_TOP_FRONT_CENTER`.
    TopFrontCenter,
    /// `SPEAKER_TOP_FRONT_RIGHT`.
    TopFrontRight,
    /// `SPEAKER_TOP_BACK_LEFT`.
    TopBackLeft,
    /// `SPEAKER_TOP_BACK_CENTER`.
    TopBackCenter,
    /// `SPEAKER_TOP_BACK_RIGHT` (bit 17).
    TopBackRight,
}

impl Speaker {
    /// Every speaker, in bit order (the order of their channels in the data).
    pub const ALL: &'static [Speaker] = &[
        Speaker::FrontLeft,
        Speaker::FrontRight,
        Speaker::FrontCenter,
        Speaker::LowFrequency,
        Speaker::BackLeft,
        Speaker::BackRight,
        Speaker::FrontLeftOfCenter,
        Speaker::FrontRightOfCenter,
        Speaker::BackCenter,
        Speaker::SideLeft,
        Speaker::SideRight,
        Speaker::TopCenter,
        Speaker::TopFrontLeft,
        Speaker::TopFrontCenter,
        Speaker::TopFrontRight,
        Speaker::TopBackLeft,
        Speaker::TopBackCenter,
        Speaker::TopBackRight,
    ];

    /// Its bit in a channel mask.
    pub fn bit(self) -> u32 {
        1 << (self as u32)
    }

    /// The short name used in channel layouts: `FL`, `FR`, `FC`, `LFE`, ...
    pub fn abbreviation(self) -> &'static str {
        [
            "FL", "FR", "FC", "LFE", "BL", "BR", "FLC", "FRC", "BC", "SL", "SR", "TC", "TFL", "TFC", "TFR", "TBL",
            "TBC", "TBR",
        ][self as usize]
    }

    /// The name for people: "front left", "low frequency", ...
    pub fn name(self) -> &'static str {
        [
            "front left",
            "front right",
            "front center",
            "low frequency",
            "back left",
            "back right",
            "front left of center",
            "front right of center",
            "back center",
            "side left",
            "side right",
            "top center",
            "top front left",
            "top front center",
            "top front right",
            "top back left",
            "top back center",
            "top back right",
        ][self as usize]
    }
}

/// A `dwChannelMask`: the speakers the channels feed, in bit order; channels past the
/// speakers named feed none in particular.
///
/// ```
/// use winmmio::wav::{ChannelMask, Speaker};
/// let surround = ChannelMask(0x3F);
/// assert_eq!(surround.to_string(), "FL FR FC LFE BL BR");
/// assert_eq!(surround.speakers().nth(3), Some(Speaker::LowFrequency));
/// assert_eq!(ChannelMask::from_speakers(&[Speaker::FrontLeft, Speaker::FrontRight]), ChannelMask(3));
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct ChannelMask(pub u32);

impl ChannelMask {
    /// `SPEAKER_ALL`: every speaker there is (also future ones).
    pub const ALL: ChannelMask = ChannelMask(0x8000_0000);
    /// The bits no speaker is defined for (`SPEAKER_RESERVED`), `SPEAKER_ALL` aside.
    pub const RESERVED: u32 = 0x7FFC_0000;

    /// The mask of these speakers.
    pub fn from_speakers(speakers: &[Speaker]) -> ChannelMask {
        ChannelMask(speakers.iter().fold(0, |mask, speaker| mask | speaker.bit()))
    }

    /// The mask of the Windows speaker layout (`KSAUDIO_SPEAKER_*`) for a number of
    /// channels: mono (FC), stereo (FL FR), quad (FL FR BL BR), 5.1 (FL FR FC LFE BL
    /// BR) and 7.1 surround (5.1 + SL SR); 0 (no speaker in particular) for other
    /// counts.
    pub fn default_for(channels: u16) -> ChannelMask {
        ChannelMask(match channels {
            1 => 0x4,
            2 => 0x3,
            4 => 0x33,
            6 => 0x3F,
            8 => 0x63F,
            _ => 0,
        })
    }

    /// The speakers named, in bit order (the channel order).
    pub fn speakers(self) -> impl Iterator<Item = Speaker> {
        Speaker::ALL.iter().copied().filter(move |speaker| self.0 & speaker.bit() != 0)
    }

    /// How many speakers are named.
    pub fn count(self) -> u32 {
        (self.0 & !ChannelMask::RESERVED & !ChannelMask::ALL.0).count_ones()
    }

    /// The reserved bits that are set (should be none).
    pub fn reserved_bits(self) -> u32 {
        self.0 & ChannelMask::RESERVED
    }

    /// True for `SPEAKER_ALL`.
    pub fn is_all(self) -> bool {
        self.0 & ChannelMask::ALL.0 != 0
    }
}

impl fmt::Display for ChannelMask {
    /// The abbreviations separated by spaces (`FL FR`), `all`, or `none`; reserved
    /// bits as hex.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = self.speakers().map(|s| s.abbreviation().to_string()).collect();
        if self.is_all() {
            parts.push("all".into());
        }
        if self.reserved_bits() != 0 {
            parts.push(format!("0x{:08X}", self.reserved_bits()));
        }
        if parts.is_empty() {
            return f.write_str("none");
        }
        f.write_str(&parts.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_names_and_counts() {
        for (i, &speaker) in Speaker::ALL.iter().enumerate() {
            assert_eq!(speaker.bit(), 1 << i);
            assert!(!speaker.abbreviation().is_empty() && !speaker.name().is_empty());
        }
        assert_eq!(Speaker::TopBackRight.bit(), 0x20000);
        assert_eq!((Speaker::SideLeft.abbreviation(), Speaker::SideLeft.name()), ("SL", "side left"));
        let odd = ChannelMask(0x8000_0000 | 0x0004_0000 | 0x2);
        assert_eq!((odd.count(), odd.reserved_bits(), odd.is_all()), (1, 0x4_0000, true));
        assert_eq!(odd.to_string(), "FR all 0x00040000");
        assert_eq!(ChannelMask(0).to_string(), "none");
        for channels in [1, 2, 4, 6, 8] {
            assert_eq!(ChannelMask::default_for(channels).count(), u32::from(channels));
        }
        assert_eq!(ChannelMask::default_for(3), ChannelMask(0));
        assert_eq!(ChannelMask::default_for(8).to_string(), "FL FR FC LFE BL BR SL SR");
        assert_eq!(ChannelMask::default_for(9), ChannelMask(0));
    }
}
