//! The small forms: animated cursors (`ACON`: the `anih` header) and RIFF MIDI
//! (`RMID`: the Standard MIDI File header), in words and as JSON.

use super::Fields;
use crate::json::Json;

/// The fields of an `anih` header, in order: cbSize, frames, steps, width, height,
/// bits, planes, jiffies per step, flags.
pub struct Cursor {
    fields: [u32; 9],
}

impl Cursor {
    /// Reads `anih` (missing fields are 0).
    pub fn read(anih: &Fields) -> Cursor {
        Cursor { fields: std::array::from_fn(|i| anih.u32(4 * i).unwrap_or(0)) }
    }

    /// The text lines; `icons` is the number of `icon` chunks.
    pub fn write_text(&self, out: &mut String, icons: u64) {
        let [_, frames, steps, width, height, bits, _, jiffies, flags] = self.fields;
        out.push_str(&format!(
            "  cursor:   {frames} frames, {steps} steps, {width}x{height}, {bits} bits, {jiffies} jiffies per step \
             ({} ms), flags 0x{flags:X}\n",
            (u64::from(jiffies) * 1000 + 30) / 60
        ));
        out.push_str(&format!("  icons:    {icons}\n"));
    }

    /// The `cursor` object: `frames`, `steps`, `width`, `height`, `bits`,
    /// `jiffies_per_step`, `flags`, `icons`.
    pub fn write_json(&self, json: &mut Json, icons: u64) {
        let [_, frames, steps, width, height, bits, _, jiffies, flags] = self.fields;
        json.begin_object();
        for (key, value) in [
            ("frames", frames),
            ("steps", steps),
            ("width", width),
            ("height", height),
            ("bits", bits),
            ("jiffies_per_step", jiffies),
            ("flags", flags),
        ] {
            json.key(key).u64(value.into());
        }
        json.key("icons").u64(icons);
        json.end_object();
    }
}

/// The header of a Standard MIDI File (`MThd`, big-endian fields).
pub struct Midi {
    format: u16,
    tracks: u16,
    division: u16,
}

impl Midi {
    /// Reads the start of an RMID form's `data` chunk; `None` without an `MThd` header.
    pub fn read(b: &[u8]) -> Option<Midi> {
        let be16 = |at: usize| b.get(at..at + 2).map(|f| u16::from_be_bytes([f[0], f[1]]));
        if b.get(..4) != Some(b"MThd") {
            return None;
        }
        Some(Midi { format: be16(8)?, tracks: be16(10)?, division: be16(12)? })
    }

    /// Ticks per quarter note, or SMPTE frames per second and ticks per frame.
    fn timing(&self) -> Result<u16, (u8, u16)> {
        if self.division & 0x8000 == 0 {
            Ok(self.division)
        } else {
            Err((((self.division >> 8) as i8).unsigned_abs(), self.division & 0xFF))
        }
    }

    /// One line: `Standard MIDI File, format 1, 3 tracks, 480 ticks per quarter note`.
    pub fn text(midi: Option<&Midi>) -> String {
        let Some(midi) = midi else { return "no MThd header".into() };
        let timing = match midi.timing() {
            Ok(ticks) => format!("{ticks} ticks per quarter note"),
            Err((fps, ticks)) => format!("SMPTE {fps} frames/s, {ticks} ticks per frame"),
        };
        let plural = if midi.tracks == 1 { "" } else { "s" };
        format!("Standard MIDI File, format {}, {} track{plural}, {timing}", midi.format, midi.tracks)
    }

    /// The `midi` object: `format`, `tracks`, and `ticks_per_quarter` or
    /// `smpte_fps` and `ticks_per_frame`.
    pub fn write_json(&self, json: &mut Json) {
        json.begin_object();
        json.key("format").u64(self.format.into());
        json.key("tracks").u64(self.tracks.into());
        match self.timing() {
            Ok(ticks) => json.key("ticks_per_quarter").u64(ticks.into()),
            Err((fps, ticks)) => json.key("smpte_fps").u64(fps.into()).key("ticks_per_frame").u64(ticks.into()),
        };
        json.end_object();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(b: &[u8]) -> String {
        Midi::text(Midi::read(b).as_ref())
    }

    #[test]
    fn midi_headers() {
        let smf = |division: u16| [&b"MThd\0\0\0\x06\0\x01\0\x03"[..], &division.to_be_bytes()].concat();
        assert_eq!(text(&smf(480)), "Standard MIDI File, format 1, 3 tracks, 480 ticks per quarter note");
        // -25 frames per second (0xE7), 40 ticks per frame.
        assert_eq!(text(&smf(0xE728)), "Standard MIDI File, format 1, 3 tracks, SMPTE 25 frames/s, 40 ticks per frame");
        assert!(text(&smf(0x8000)).contains("SMPTE 128 frames/s"));
        assert_eq!(text(&smf(96)[..13]), "no MThd header");
        assert_eq!(text(b"RIFF\0\0\0\x06\0\0\0\x01\0\x60"), "no MThd header");
    }
}
