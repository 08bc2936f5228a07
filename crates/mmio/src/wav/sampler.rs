//! [`Sampler`]: the `smpl` chunk (MIDI sampler data and loops).

use super::fields::{Fields, Put, padded};
use crate::riff::ByteOrder;

/// The bytes of `smpl` before its loops.
const FIXED: usize = 36;
/// The bytes of one loop.
const LOOP: usize = 24;

/// A sample loop of `smpl`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct SampleLoop {
    /// `dwIdentifier`: the loop's id (a cue point's, when labelled).
    pub id: u32,
    /// `dwType`: 0 forward, 1 alternating (ping-pong), 2 backward; 32 and up are
    /// manufacturer-specific.
    pub kind: u32,
    /// `dwStart`: the first sample frame of the loop.
    pub start: u32,
    /// `dwEnd`: the last sample frame played.
    pub end: u32,
    /// `dwFraction`: the fraction of a sample at which to loop (0 = none).
    pub fraction: u32,
    /// `dwPlayCount`: how many times to play it (0 = forever).
    pub play_count: u32,
}

/// The `smpl` chunk: how a sampler plays the file.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct Sampler {
    /// `dwManufacturer`: the MMA manufacturer code (0: none).
    pub manufacturer: u32,
    /// `dwProduct`: the product code (0: none).
    pub product: u32,
    /// `dwSamplePeriod`: the duration of a sample in nanoseconds.
    pub sample_period: u32,
    /// `dwMIDIUnityNote`: the MIDI note that plays the sample as recorded (60 = C4).
    pub midi_unity_note: u32,
    /// `dwMIDIPitchFraction`: a fraction of a semitone up from that note.
    pub midi_pitch_fraction: u32,
    /// `dwSMPTEFormat`: 0, 24, 25, 29 or 30 frames per second.
    pub smpte_format: u32,
    /// `dwSMPTEOffset`: the SMPTE time of the first sample (hh, mm, ss, frames bytes).
    pub smpte_offset: u32,
    /// The loops.
    pub loops: Vec<SampleLoop>,
    /// Manufacturer-specific data after the loops.
    pub sampler_data: Vec<u8>,
}

impl Sampler {
    /// Decodes a `smpl` payload: as many loops as it holds, at most the count declared;
    /// sampler data as far as it goes.
    pub(crate) fn parse(payload: &[u8], order: ByteOrder) -> Sampler {
        let bytes = padded(payload, FIXED);
        let f = Fields::new(&bytes, order);
        let declared = f.u32(28) as usize;
        let count = declared.min((bytes.len() - FIXED) / LOOP);
        let loops = (0..count)
            .map(|i| {
                let l = Fields::new(&bytes[FIXED + i * LOOP..FIXED + (i + 1) * LOOP], order);
                SampleLoop {
                    id: l.u32(0),
                    kind: l.u32(4),
                    start: l.u32(8),
                    end: l.u32(12),
                    fraction: l.u32(16),
                    play_count: l.u32(20),
                }
            })
            .collect();
        let data_at = FIXED + count * LOOP;
        let data_len = (f.u32(32) as usize).min(bytes.len() - data_at);
        Sampler {
            manufacturer: f.u32(0),
            product: f.u32(4),
            sample_period: f.u32(8),
            midi_unity_note: f.u32(12),
            midi_pitch_fraction: f.u32(16),
            smpte_format: f.u32(20),
            smpte_offset: f.u32(24),
            loops,
            sampler_data: bytes[data_at..data_at + data_len].to_vec(),
        }
    }

    /// Encodes the payload (the loop count and data size from the fields).
    pub(crate) fn to_bytes(&self, order: ByteOrder) -> Vec<u8> {
        let mut put = Put::new(order);
        put.u32(self.manufacturer)
            .u32(self.product)
            .u32(self.sample_period)
            .u32(self.midi_unity_note)
            .u32(self.midi_pitch_fraction)
            .u32(self.smpte_format)
            .u32(self.smpte_offset)
            .u32(self.loops.len() as u32)
            .u32(self.sampler_data.len() as u32);
        for l in &self.loops {
            put.u32(l.id).u32(l.kind).u32(l.start).u32(l.end).u32(l.fraction).u32(l.play_count);
        }
        put.raw(&self.sampler_data);
        put.bytes
    }
}
