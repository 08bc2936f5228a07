//! WAVE forms: the format (decoded by [`winmmio::wav::WaveFormat`]), the data, frames
//! and duration, in words and as JSON.

use winmmio::riff::{ByteOrder, Chunk};
use winmmio::wav::{ExactDuration, Metadata, WaveFormat};

use crate::frames::{self, Frames};
use crate::json::Json;

/// A `fmt ` chunk: its format, or its length when it is too short for one.
pub type Format = Result<WaveFormat, usize>;

/// Decodes a `fmt ` chunk's bytes.
pub fn parse(bytes: &[u8], order: ByteOrder) -> Format {
    WaveFormat::parse(bytes, order).map_err(|_| bytes.len())
}

/// What a WAVE form holds that `info` explains.
#[derive(Default)]
pub struct Wave {
    /// The first format.
    pub format: Option<Format>,
    /// The sample count of the `fact` chunk.
    pub fact: Option<u32>,
    /// The first data chunk.
    pub data: Option<Chunk>,
    /// Its size is a streaming writer's placeholder.
    pub placeholder: bool,
    /// `bext`, `iXML`, cue points, `smpl`, `acid`, when the form could be read as a
    /// WAVE file.
    pub metadata: Option<Box<Metadata>>,
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

    /// The decoded format, if there is one.
    fn decoded(&self) -> Option<&WaveFormat> {
        self.format.as_ref()?.as_ref().ok()
    }

    /// The frames in `data_bytes` and the exact duration they last (or, without a frame
    /// count, the data at the byte rate).
    fn length(&self, data_bytes: u64) -> (Option<Frames>, Option<f64>) {
        let Some(format) = self.decoded() else { return (None, None) };
        let frames = frames::count(format, data_bytes, self.fact);
        let seconds = match frames.and_then(|n| format.duration(n.count())) {
            Some(duration) => Some(duration.seconds()),
            None if format.byte_rate > 0 => Some(data_bytes as f64 / f64::from(format.byte_rate)),
            None => None,
        };
        (frames, seconds)
    }

    /// The text lines (each indented, with a newline).
    pub fn write_text(&self, out: &mut String, file_size: u64) {
        if let Some(format) = &self.format {
            out.push_str(&format!("  format:   {}\n", format_line(format)));
        }
        let (Some(data), Some(bytes)) = (&self.data, self.data_bytes(file_size)) else { return };
        out.push_str(&format!("  data:     {}\n", super::size_text(bytes, data.size)));
        let Some(format) = self.decoded() else { return };
        let line = match self.length(bytes).0 {
            Some(frames) if format.sample_rate > 0 => {
                let source = match frames {
                    Frames::DataSize(_) => "the data size",
                    Frames::Fact(_) => "the fact chunk",
                };
                format!("{} ({} frames, from {source})", clock(frames.count(), format.sample_rate), frames.count())
            }
            _ if format.byte_rate > 0 => format!("{} (from the byte rate)", clock(bytes, format.byte_rate)),
            _ => return,
        };
        out.push_str(&format!("  duration: {line}\n"));
    }

    /// The metadata's lines (each indented, with a newline).
    pub fn write_metadata_text(&self, out: &mut String) {
        if let Some(metadata) = &self.metadata {
            super::metadata::write_text(metadata, self.rate(), out);
        }
    }

    /// The sample rate, or 0 when unknown.
    fn rate(&self) -> u32 {
        self.decoded().map_or(0, |format| format.sample_rate)
    }

    /// The WAVE keys of the `info` object: `format`, `data_bytes`, `frames`,
    /// `duration_s`, `fact_samples`.
    pub fn write_json(&self, json: &mut Json, file_size: u64) {
        if let Some(format) = self.decoded() {
            json.key("format");
            format_json(format, json);
        }
        if let Some(samples) = self.fact {
            json.key("fact_samples").u64(samples.into());
        }
        let Some(bytes) = self.data_bytes(file_size) else { return };
        json.key("data_bytes").u64(bytes);
        let (frames, seconds) = self.length(bytes);
        if let Some(frames) = frames {
            json.key("frames").u64(frames.count());
        }
        if let Some(seconds) = seconds {
            json.key("duration_s").f64(seconds);
        }
    }

    /// The metadata keys of the `info` object: `bext`, `ixml`, `cue`, `smpl`, `acid`.
    pub fn write_metadata_json(&self, json: &mut Json) {
        if let Some(metadata) = &self.metadata {
            super::metadata::write_json(metadata, self.rate(), json);
        }
    }
}

/// `H:MM:SS.mmm` for `units` / `per_second` seconds, rounded to the nearest
/// millisecond ([`ExactDuration`]'s text); `0:00:00.000` for a rate of 0.
pub fn clock(units: u64, per_second: u32) -> String {
    ExactDuration::new(units, per_second.max(1)).map(|d| d.to_string()).unwrap_or_default()
}

/// One line about a format: `PCM, 2 channels, 44100 Hz, 16 bits, 176400 bytes/s, block 4`.
pub fn format_line(format: &Format) -> String {
    match format {
        Ok(format) => format.to_string(),
        Err(len) => format!("too short ({len} bytes)"),
    }
}

/// The name of the coding: the tag's, or for EXTENSIBLE the sub-format's.
fn coding_name(format: &WaveFormat) -> String {
    match &format.extensible {
        Some(e) => match (e.sub_format.format_tag(), e.sub_format.name()) {
            (Some(tag), _) => tag.to_string(),
            (None, Some(name)) => name.to_string(),
            (None, None) => format.tag.to_string(),
        },
        None => format.tag.to_string(),
    }
}

/// The `format` object: `tag`, `name`, `channels`, `sample_rate`, `byte_rate`,
/// `block_align`, `bits_per_sample`, and for an extensible format `valid_bits`,
/// `channel_mask`, `channels_named`, `subformat`.
pub fn format_json(format: &WaveFormat, json: &mut Json) {
    json.begin_object();
    json.key("tag").u64(format.tag.0.into());
    json.key("name").str(&coding_name(format));
    json.key("channels").u64(format.channels.into());
    json.key("sample_rate").u64(format.sample_rate.into());
    json.key("byte_rate").u64(format.byte_rate.into());
    json.key("block_align").u64(format.block_align.into());
    json.key("bits_per_sample").u64(format.bits_per_sample.into());
    if let Some(e) = &format.extensible {
        json.key("valid_bits").u64(e.valid_bits.into());
        json.key("channel_mask").u64(e.channel_mask.0.into());
        json.key("channels_named").begin_array();
        for speaker in e.channel_mask.speakers() {
            json.str(speaker.abbreviation());
        }
        json.end_array();
        json.key("subformat").str(&e.sub_format.to_string());
    }
    json.end_object();
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
        assert_eq!(clock(44_099, 44_100), "0:00:01.000");
    }
}
