//! AVI forms: the main header (`avih`), the OpenDML extended header (`dmlh`), and each
//! stream's header and format (`strh`, `strf`), in words and as JSON.

use winmmio::FourCC;

use super::Fields;
use super::wave;
use crate::describe::quoted;
use crate::json::Json;

/// What an AVI form's headers say.
#[derive(Default)]
pub struct Avi {
    /// The main header's bytes, if there is one.
    pub main: Option<Fields>,
    /// dwTotalFrames of the OpenDML header: the frames of every RIFF form of the file
    /// (`avih` counts the first only).
    pub total_frames: Option<u32>,
    /// The streams, in order: header and format.
    pub streams: Vec<(Fields, Option<Fields>)>,
}

/// The fields of `avih` that `info` shows.
struct MainHeader {
    micros_per_frame: u32,
    frames: u32,
    streams: u32,
    width: u32,
    height: u32,
}

impl MainHeader {
    fn read(avih: &Fields) -> Option<MainHeader> {
        Some(MainHeader {
            micros_per_frame: avih.u32(0)?,
            frames: avih.u32(16)?,
            streams: avih.u32(24)?,
            width: avih.u32(32)?,
            height: avih.u32(36)?,
        })
    }

    fn fps(&self) -> Option<f64> {
        (self.micros_per_frame > 0).then(|| 1e6 / f64::from(self.micros_per_frame))
    }
}

/// The fields of `strh` that `info` shows.
struct StreamHeader {
    kind: FourCC,
    handler: FourCC,
    scale: u32,
    rate: u32,
    length: u32,
}

impl StreamHeader {
    fn read(strh: &Fields) -> Option<StreamHeader> {
        Some(StreamHeader {
            kind: strh.fourcc(0)?,
            handler: strh.fourcc(4)?,
            scale: strh.u32(20)?,
            rate: strh.u32(24)?,
            length: strh.u32(32)?,
        })
    }

    /// Samples or frames per second: rate / scale.
    fn per_second(&self) -> Option<f64> {
        (self.scale > 0).then(|| f64::from(self.rate) / f64::from(self.scale))
    }
}

/// The fields of a BITMAPINFOHEADER that `info` shows.
struct Bitmap {
    width: i32,
    height: u32,
    bits: u16,
    compression: FourCC,
}

impl Bitmap {
    fn read(strf: &Fields) -> Option<Bitmap> {
        Some(Bitmap {
            width: strf.u32(4)? as i32,
            height: (strf.u32(8)? as i32).unsigned_abs(),
            bits: strf.u16(14)?,
            compression: strf.fourcc(16)?,
        })
    }

    fn codec(&self) -> String {
        if self.compression.to_u32() == 0 { "uncompressed".to_string() } else { quoted(self.compression) }
    }
}

impl Avi {
    /// The frames of the whole file: OpenDML's count when there is one.
    fn frames(&self, main: &MainHeader) -> u64 {
        u64::from(self.total_frames.unwrap_or(main.frames))
    }

    /// The text lines (each indented, with a newline).
    pub fn write_text(&self, out: &mut String) {
        if let Some(avih) = &self.main {
            match MainHeader::read(avih) {
                None => out.push_str(&format!("  avih:     too short ({} bytes)\n", avih.len())),
                Some(main) => {
                    let fps = main.fps().map_or_else(|| "? fps".into(), |fps| format!("{fps:.3} fps"));
                    let frames = self.frames(&main);
                    let length = wave::clock(frames.saturating_mul(u64::from(main.micros_per_frame)), 1_000_000);
                    let plural = if main.streams == 1 { "" } else { "s" };
                    let opendml = match self.total_frames {
                        Some(total) if total != main.frames => {
                            format!(" (OpenDML; {} in the first RIFF form)", main.frames)
                        }
                        _ => String::new(),
                    };
                    out.push_str(&format!(
                        "  video:    {}x{}, {fps}, {frames} frames{opendml}, {length}, {} stream{plural}\n",
                        main.width, main.height, main.streams
                    ));
                }
            }
        }
        for (i, (strh, strf)) in self.streams.iter().enumerate() {
            let Some(header) = StreamHeader::read(strh) else {
                out.push_str(&format!("  stream {i}: strh too short ({} bytes)\n", strh.len()));
                continue;
            };
            let per_second = header.per_second().map_or_else(|| "?/s".into(), |n| format!("{n:.3}/s"));
            let format = match (&header.kind.bytes(), strf) {
                (b"vids", Some(f)) => match Bitmap::read(f) {
                    Some(b) => format!("{}x{}, {} bits, {}", b.width, b.height, b.bits, b.codec()),
                    None => format!("too short ({} bytes)", f.len()),
                },
                (b"auds", Some(f)) => wave::format_line(&wave::parse(f.bytes(), f.order())),
                (_, Some(f)) => format!("{} bytes of format", f.len()),
                (_, None) => "no strf".into(),
            };
            let handler =
                if header.handler.to_u32() == 0 { String::new() } else { format!(" {}", quoted(header.handler)) };
            out.push_str(&format!(
                "  stream {i}: {}{handler}, {per_second}, length {}: {format}\n",
                header.kind, header.length
            ));
        }
    }

    /// The `avi` object: `width`, `height`, `fps`, `frames`, `duration_s`, `streams`.
    pub fn write_json(&self, json: &mut Json) {
        json.begin_object();
        if let Some(main) = self.main.as_ref().and_then(MainHeader::read) {
            json.key("width").u64(main.width.into());
            json.key("height").u64(main.height.into());
            if let Some(fps) = main.fps() {
                json.key("fps").f64(fps);
            }
            let frames = self.frames(&main);
            json.key("frames").u64(frames);
            json.key("first_riff_frames").u64(main.frames.into());
            json.key("duration_s").f64(frames as f64 * f64::from(main.micros_per_frame) / 1e6);
        }
        json.key("streams").begin_array();
        for (strh, strf) in &self.streams {
            json.begin_object();
            if let Some(header) = StreamHeader::read(strh) {
                json.key("type").latin1(&header.kind.bytes());
                json.key("handler").latin1(&header.handler.bytes());
                if let Some(rate) = header.per_second() {
                    json.key("rate").f64(rate);
                }
                json.key("length").u64(header.length.into());
                match (&header.kind.bytes(), strf) {
                    (b"vids", Some(f)) => {
                        if let Some(b) = Bitmap::read(f) {
                            json.key("video").begin_object();
                            json.key("width").u64(u64::from(b.width.unsigned_abs()));
                            json.key("height").u64(b.height.into());
                            json.key("bits").u64(b.bits.into());
                            json.key("compression").latin1(&b.compression.bytes());
                            json.end_object();
                        }
                    }
                    (b"auds", Some(f)) => {
                        if let Ok(format) = wave::parse(f.bytes(), f.order()) {
                            json.key("format");
                            wave::format_json(&format, json);
                        }
                    }
                    _ => {}
                }
            }
            json.end_object();
        }
        json.end_array();
        json.end_object();
    }
}
