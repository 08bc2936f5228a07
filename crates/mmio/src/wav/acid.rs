//! [`Acid`]: the `acid` chunk of loop-based music software (ACID, and the many tools
//! that read it): tempo, beats, meter, root note.

use super::fields::{Fields, Put, padded};
use crate::riff::ByteOrder;

/// The bytes of `acid`.
const SIZE: usize = 24;

/// The `acid` chunk.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Acid {
    /// Flags: [`Acid::ONE_SHOT`], [`Acid::ROOT_NOTE`], [`Acid::STRETCH`],
    /// [`Acid::DISK_BASED`], and others.
    pub flags: u32,
    /// The root note (MIDI number), when [`Acid::ROOT_NOTE`] is set.
    pub root_note: u16,
    /// A field of unknown use (usually 0x8000).
    pub reserved1: u16,
    /// A field of unknown use (usually 0).
    pub reserved2: f32,
    /// The number of beats.
    pub beats: u32,
    /// The meter's denominator.
    pub meter_denominator: u16,
    /// The meter's numerator.
    pub meter_numerator: u16,
    /// The tempo, in beats per minute.
    pub tempo: f32,
}

impl Acid {
    /// A one-shot sample (not a loop).
    pub const ONE_SHOT: u32 = 0x01;
    /// `root_note` is set.
    pub const ROOT_NOTE: u32 = 0x02;
    /// Stretched to the tempo.
    pub const STRETCH: u32 = 0x04;
    /// Played from disk.
    pub const DISK_BASED: u32 = 0x08;

    /// Decodes an `acid` payload (a short one reads as if zero-filled).
    pub(crate) fn parse(payload: &[u8], order: ByteOrder) -> Acid {
        let bytes = padded(payload, SIZE);
        let f = Fields::new(&bytes, order);
        Acid {
            flags: f.u32(0),
            root_note: f.u16(4),
            reserved1: f.u16(6),
            reserved2: f.f32(8),
            beats: f.u32(12),
            meter_denominator: f.u16(16),
            meter_numerator: f.u16(18),
            tempo: f.f32(20),
        }
    }

    /// Encodes the payload.
    pub(crate) fn to_bytes(&self, order: ByteOrder) -> Vec<u8> {
        let mut put = Put::new(order);
        put.u32(self.flags)
            .u16(self.root_note)
            .u16(self.reserved1)
            .f32(self.reserved2)
            .u32(self.beats)
            .u16(self.meter_denominator)
            .u16(self.meter_numerator)
            .f32(self.tempo);
        put.bytes
    }
}
