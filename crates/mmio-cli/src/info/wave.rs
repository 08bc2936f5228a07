//! WAVE forms: the format, the data, frames and duration, in words and as JSON.

use winmmio::riff::Chunk;

use crate::format::{self, WaveFormat};
use crate::json::Json;

/// What a WAVE form holds that `info` explains.
#[derive(Default)]
pub struct Wave {
    /// The first format.
    pub format: Option<WaveFormat>,
    /// The sample count of the `fact` chunk.
    pub fact: Option<u32>,
    /// The first data chunk.
    pub data: Option<Chunk>,
    /// Its size is a streaming writer's placeholder.
    pub placeholder: bool,
}

/// How the frames of a WAVE form were counted.
enum Frames {
    /// From the data size and the frame size.
    DataSize(u64),
    /// From the `fact` chunk.
    Fact(u64),
}

impl Wave {
    /// The bytes of sample data: what the data chunk declares, as far as the file
    /// holds it (even past the end of a form whose size is short, as players read);
    /// for a placeholder, what runs to the end of its form.
    pub fn data_bytes(&self, file_size: u64) -> Option<u64> {
        let data = self.data.as_ref()?;
        Some(if self.placeholder {
            data.present()
        } else {
            data.size.min(file_size.saturating_sub(data.data_offset()))
        })
    }

    /// The frames, and where they come from: the data size for PCM, float, A-law and
    /// mu-law (whole frames: a partial one at the end does not count), else `fact`.
    fn frames(&self, data_bytes: u64) -> Option<Frames> {
        let format = self.format.as_ref()?;
        if format.frames_from_size() {
            return Some(Frames::DataSize(data_bytes / format.frame_bytes()));
        }
        self.fact.map(|n| Frames::Fact(n.into()))
    }

    /// The duration in seconds, exactly: frames / rate, or bytes / byte rate.
    fn seconds(&self, data_bytes: u64) -> Option<f64> {
        let format = self.format.as_ref()?;
        match self.frames(data_bytes) {
            Some(Frames::DataSize(n) | Frames::Fact(n)) if format.sample_rate > 0 => {
                Some(n as f64 / f64::from(format.sample_rate))
            }
            _ if format.byte_rate > 0 => Some(data_bytes as f64 / f64::from(format.byte_rate)),
            _ => None,
        }
    }

    /// The text lines (each indented, with a newline).
    pub fn write_text(&self, out: &mut String, file_size: u64) {
        if let Some(format) = &self.format {
            out.push_str(&format!("  format:   {}\n", format_line(format)));
            if let Some(mask) = format.channel_mask {
                out.push_str(&format!("  speakers: {}\n", speaker_text(mask)));
            }
        }
        let (Some(data), Some(bytes)) = (&self.data, self.data_bytes(file_size)) else { return };
        out.push_str(&format!("  data:     {}\n", super::size_text(bytes, data.size)));
        let Some(format) = &self.format else { return };
        let line = match (self.frames(bytes), format.sample_rate) {
            (Some(Frames::DataSize(n)), rate) if rate > 0 => {
                format!("{} ({n} frames, from the data size)", clock(n, rate.into()))
            }
            (Some(Frames::Fact(n)), rate) if rate > 0 => {
                format!("{} ({n} frames, from the fact chunk)", clock(n, rate.into()))
            }
            _ if format.byte_rate > 0 => format!("{} (from the byte rate)", clock(bytes, format.byte_rate.into())),
            _ => return,
        };
        out.push_str(&format!("  duration: {line}\n"));
    }

    /// The WAVE keys of the `info` object: `format`, `data_bytes`, `frames`,
    /// `duration_s`, `fact_samples`.
    pub fn write_json(&self, json: &mut Json, file_size: u64) {
        if let Some(format) = &self.format {
            json.key("format");
            format_json(format, json);
        }
        if let Some(samples) = self.fact {
            json.key("fact_samples").u64(samples.into());
        }
        let Some(bytes) = self.data_bytes(file_size) else { return };
        json.key("data_bytes").u64(bytes);
        if let Some(Frames::DataSize(n) | Frames::Fact(n)) = self.frames(bytes) {
            json.key("frames").u64(n);
        }
        if let Some(seconds) = self.seconds(bytes) {
            json.key("duration_s").f64(seconds);
        }
    }
}

/// `H:MM:SS.mmm` for `units` / `per_second` seconds, rounded to the millisecond.
pub fn clock(units: u64, per_second: u64) -> String {
    let ms = (u128::from(units) * 1000 + u128::from(per_second) / 2) / u128::from(per_second.max(1));
    let (h, m, s, ms) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    format!("{h}:{m:02}:{s:02}.{ms:03}")
}

/// The speakers of a channel mask: `FL FR FC LFE BL BR (mask 0x3F)`.
fn speaker_text(mask: u32) -> String {
    let names = format::speakers(mask);
    if names.is_empty() {
        format!("none named (mask 0x{mask:X})")
    } else {
        format!("{} (mask 0x{mask:X})", names.join(" "))
    }
}

/// One line about a format: `PCM, 2 channels, 44100 Hz, 16 bits, 176400 bytes/s, block 4`.
pub fn format_line(format: &WaveFormat) -> String {
    if format.len < 16 {
        return format!("too short ({} bytes)", format.len);
    }
    let mut name = format::tag_name(format.tag);
    if let (Some(valid), Some(mask)) = (format.valid_bits, format.channel_mask) {
        name = format!(
            "EXTENSIBLE, sub-format {}, {valid} valid bits, channel mask 0x{mask:X}",
            format::tag_name(format.effective_tag())
        );
    }
    let plural = if format.channels == 1 { "" } else { "s" };
    format!(
        "{name}, {} channel{plural}, {} Hz, {} bits, {} bytes/s, block {}",
        format.channels, format.sample_rate, format.bits_per_sample, format.byte_rate, format.block_align
    )
}

/// The `format` object: `tag`, `name`, `channels`, `sample_rate`, `byte_rate`,
/// `block_align`, `bits_per_sample`, and for an extensible format `valid_bits`,
/// `channel_mask`, `channels_named`, `subformat`.
pub fn format_json(format: &WaveFormat, json: &mut Json) {
    json.begin_object();
    json.key("tag").u64(format.tag.into());
    json.key("name").str(&format::tag_name(format.effective_tag()));
    json.key("channels").u64(format.channels.into());
    json.key("sample_rate").u64(format.sample_rate.into());
    json.key("byte_rate").u64(format.byte_rate.into());
    json.key("block_align").u64(format.block_align.into());
    json.key("bits_per_sample").u64(format.bits_per_sample.into());
    if let Some(valid) = format.valid_bits {
        json.key("valid_bits").u64(valid.into());
    }
    if let Some(mask) = format.channel_mask {
        json.key("channel_mask").u64(mask.into());
        json.key("channels_named").begin_array();
        for name in format::speakers(mask) {
            json.str(&name);
        }
        json.end_array();
    }
    if let Some(guid) = format.subformat {
        json.key("subformat").str(&guid_text(&guid));
    }
    json.end_object();
}

/// A GUID as text, from its little-endian bytes: `00000001-0000-0010-8000-00aa00389b71`.
fn guid_text(g: &[u8; 16]) -> String {
    format!(
        "{:08x}-{:04x}-{:04x}-{:02x}{:02x}-{:02x}{:02x}{:02x}{:02x}{:02x}{:02x}",
        u32::from_le_bytes([g[0], g[1], g[2], g[3]]),
        u16::from_le_bytes([g[4], g[5]]),
        u16::from_le_bytes([g[6], g[7]]),
        g[8],
        g[9],
        g[10],
        g[11],
        g[12],
        g[13],
        g[14],
        g[15]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_rounded() {
        assert_eq!(clock(88_290, 44_100), "0:00:02.002", "2.00204 s");
        assert_eq!(clock(88_219, 44_100), "0:00:02.000", "2.00043 s");
        assert_eq!(clock(10, 60), "0:00:00.167");
        assert_eq!(clock(3_600 * 48_000 + 1, 48_000), "1:00:00.000");
        assert_eq!(clock(u64::MAX, 1), "5124095576030431:00:15.000");
    }

    #[test]
    fn guids_read_little_endian() {
        let pcm = [1, 0, 0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xAA, 0, 0x38, 0x9B, 0x71];
        assert_eq!(guid_text(&pcm), "00000001-0000-0010-8000-00aa00389b71");
    }
}
