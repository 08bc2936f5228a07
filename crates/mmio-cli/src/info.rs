//! `mmio info`: what the chunks mean. WAVE format and duration, INFO tags, AVI main and
//! stream headers, WebP dimensions, ANI header, the MIDI header of an RMID file, and a
//! summary of any other form. Only
//! the first bytes of the chunks it explains are read.

use std::io::{self, BufWriter, Read, Write};
use std::path::Path;

use winmmio::riff::{Chunk, Event, Walker, is_form};
use winmmio::{FourCC, Mmio};

use crate::console;
use crate::describe::quoted;
use crate::fail::{Failure, Outcome};
use crate::input;
use crate::size::human;

/// The most bytes read from one chunk (header structures, tag texts).
const HEAD: u64 = 1024;
/// The most forms, and tags, streams, images or ids per form, that are kept: a hostile
/// file cannot make the report grow without bounds.
const MAX_ITEMS: usize = 64;

/// What one top-level form (or other top-level chunk) holds that `info` explains.
#[derive(Default)]
struct Form {
    chunks: u64,
    fmt: Option<Vec<u8>>,
    fact: Option<u32>,
    data: Option<Chunk>,
    tags: Vec<(FourCC, String)>,
    avih: Option<Vec<u8>>,
    /// Stream headers and formats (`strh`, `strf`) in order.
    streams: Vec<(Vec<u8>, Option<Vec<u8>>)>,
    /// `VP8 `, `VP8L` and `VP8X` chunks of a WebP form.
    webp: Vec<(FourCC, Vec<u8>)>,
    frames: u64,
    anih: Option<Vec<u8>>,
    /// The start of the Standard MIDI File of an RMID form.
    midi: Option<Vec<u8>>,
    /// Ids of the form's direct children, with how often each occurs.
    ids: Vec<(FourCC, u64)>,
    /// Tags, streams, images and ids over [`MAX_ITEMS`], not kept.
    dropped: u64,
}

/// The first `HEAD` bytes of a chunk's payload.
fn head(file: &mut Mmio, chunk: &Chunk) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    file.chunk_data(&chunk.info())?.take(HEAD).read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn fourcc_at(b: &[u8], at: usize) -> Option<FourCC> {
    Some(FourCC::new(b.get(at..at + 4)?.try_into().ok()?))
}

/// Runs `mmio info FILE`.
pub fn run(file: &Path) -> Result<Outcome, Failure> {
    let read_failed = |e| Failure::io(file, "cannot read", e);
    let mut walker = Walker::new(input::open(file)?).map_err(read_failed)?;
    let size = walker.file_size();
    let riff = walker.is_riff();
    // Each top-level chunk with what it holds.
    let mut forms: Vec<(Chunk, Form)> = Vec::new();
    let (mut problems, mut skipped_forms, mut skipping) = (0u64, 0u64, false);
    // The form or list type of each open container, outermost first.
    let mut open: Vec<Option<FourCC>> = Vec::new();
    while let Some(event) = walker.next() {
        let chunk = match event.map_err(read_failed)? {
            Event::Problem(_) => {
                problems += 1;
                continue;
            }
            Event::Leave(_) => {
                open.pop();
                continue;
            }
            Event::Enter(c) | Event::Leaf(c) => c,
            _ => continue,
        };
        // The list type of the container this chunk is in.
        let parent = open.last().copied().flatten();
        if chunk.is_container() {
            open.push(chunk.form);
        }
        if chunk.depth == 1 {
            skipping = forms.len() >= MAX_ITEMS;
            if skipping {
                skipped_forms += 1;
            } else {
                forms.push((chunk, Form::default()));
            }
        }
        let Some((top, form)) = forms.last_mut().filter(|_| !skipping) else { continue };
        form.chunks += 1;
        if chunk.depth == 2 {
            let kept = form.ids.len();
            match form.ids.iter_mut().find(|(id, _)| *id == chunk.id) {
                Some((_, n)) => *n += 1,
                None if kept < MAX_ITEMS => form.ids.push((chunk.id, 1)),
                None => form.dropped += 1,
            }
        }
        let form_type = top.form.filter(|_| is_form(top.id));
        let id = chunk.id.bytes();
        let wanted = match (form_type, chunk.depth, &id) {
            (Some(FourCC::WAVE), 2, b"fmt " | b"fact") => true,
            (Some(FourCC::WEBP), 2, b"VP8 " | b"VP8L" | b"VP8X") => true,
            (Some(FourCC::ACON), 2, b"anih") => true,
            (Some(FourCC::RMID), 2, b"data") => true,
            (_, _, b"avih" | b"strh" | b"strf") => true,
            _ => !chunk.is_container() && parent == Some(FourCC::INFO),
        };
        match (form_type, chunk.depth, chunk.id) {
            (Some(FourCC::WAVE), 2, FourCC::DATA) if form.data.is_none() => form.data = Some(chunk),
            (Some(FourCC::WEBP), 2, id) if id == FourCC::new(*b"ANMF") => form.frames += 1,
            (Some(FourCC::ACON), _, id) if parent == Some(FourCC::new(*b"fram")) && id == FourCC::new(*b"icon") => {
                form.frames += 1
            }
            _ => {}
        }
        let full = match &id {
            b"strh" => form.streams.len() >= MAX_ITEMS,
            b"VP8 " | b"VP8L" | b"VP8X" => form.webp.len() >= MAX_ITEMS,
            _ => parent == Some(FourCC::INFO) && form.tags.len() >= MAX_ITEMS,
        };
        if full {
            form.dropped += 1;
        }
        if !wanted || full {
            continue;
        }
        let bytes = head(walker.reader_mut(), &chunk).map_err(read_failed)?;
        match &id {
            b"fmt " if form.fmt.is_none() => form.fmt = Some(bytes),
            b"fact" => form.fact = u32_at(&bytes, 0),
            b"avih" => form.avih = Some(bytes),
            b"strh" => form.streams.push((bytes, None)),
            b"strf" => {
                if let Some((_, format @ None)) = form.streams.last_mut() {
                    *format = Some(bytes);
                }
            }
            b"VP8 " | b"VP8L" | b"VP8X" => form.webp.push((chunk.id, bytes)),
            b"anih" => form.anih = Some(bytes),
            b"data" if form.midi.is_none() => form.midi = Some(bytes),
            _ if parent == Some(FourCC::INFO) => form.tags.push((chunk.id, text(&bytes))),
            _ => {}
        }
    }

    let mut out = BufWriter::new(console::stdout());
    report(&mut out, file, size, riff, &forms, problems)
        .and_then(|()| match skipped_forms {
            0 => Ok(()),
            n => writeln!(out, "({n} more top-level chunks not shown)"),
        })
        .and_then(|()| out.flush())
        .map_err(console::failed)?;
    Ok(Outcome::problems_if(problems > 0 || !riff))
}

/// A tag's text: up to the first NUL, UTF-8 if it is, else Latin-1.
fn text(bytes: &[u8]) -> String {
    let bytes = bytes.split(|&b| b == 0).next().unwrap_or_default();
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

/// What people call an INFO tag.
fn tag_name(id: FourCC) -> &'static str {
    match &id.bytes() {
        b"INAM" => "title",
        b"IART" => "artist",
        b"ICMT" => "comment",
        b"ICOP" => "copyright",
        b"ICRD" => "date",
        b"IGNR" => "genre",
        b"IPRD" => "album",
        b"ITRK" | b"IPRT" => "track",
        b"ISFT" => "software",
        b"IENG" => "engineer",
        b"IKEY" => "keywords",
        b"ISBJ" => "subject",
        b"ISRC" => "source",
        b"ITCH" => "technician",
        b"ILNG" => "language",
        b"IMED" => "medium",
        b"ICMS" => "commissioned",
        _ => "tag",
    }
}

/// The name of a wave format tag.
fn format_name(tag: u16) -> String {
    match tag {
        0x0001 => "PCM".into(),
        0x0002 => "Microsoft ADPCM".into(),
        0x0003 => "IEEE float".into(),
        0x0006 => "A-law".into(),
        0x0007 => "mu-law".into(),
        0x0011 => "IMA ADPCM".into(),
        0x0020 => "Yamaha ADPCM".into(),
        0x0031 => "GSM 6.10".into(),
        0x0045 => "G.726 ADPCM".into(),
        0x0050 => "MPEG".into(),
        0x0055 => "MPEG layer 3".into(),
        0x0092 => "Dolby AC-3 (S/PDIF)".into(),
        0x00FF => "AAC".into(),
        0x1610 => "AAC (ADTS)".into(),
        0xF1AC => "FLAC".into(),
        0xFFFE => "EXTENSIBLE".into(),
        other => format!("format 0x{other:04X}"),
    }
}

/// The format tag that counts: the sub-format of an EXTENSIBLE format.
fn effective_tag(fmt: &[u8]) -> Option<u16> {
    let tag = u16_at(fmt, 0)?;
    if tag == 0xFFFE { u16_at(fmt, 24).or(Some(tag)) } else { Some(tag) }
}

/// One line about a WAVEFORMATEX (or WAVEFORMATEXTENSIBLE).
fn wave_format(fmt: &[u8]) -> String {
    let (Some(tag), Some(channels), Some(rate), Some(bytes_per_second), Some(align)) =
        (u16_at(fmt, 0), u16_at(fmt, 2), u32_at(fmt, 4), u32_at(fmt, 8), u16_at(fmt, 12))
    else {
        return format!("too short ({} bytes)", fmt.len());
    };
    let bits = u16_at(fmt, 14).unwrap_or(0);
    let mut name = format_name(tag);
    if tag == 0xFFFE && fmt.len() >= 40 {
        let sub = effective_tag(fmt).unwrap_or(0);
        name = format!("EXTENSIBLE, sub-format {}", format_name(sub));
        let valid = u16_at(fmt, 18).unwrap_or(bits);
        let mask = u32_at(fmt, 20).unwrap_or(0);
        name.push_str(&format!(", {valid} valid bits, channel mask 0x{mask:X}"));
    }
    let plural = if channels == 1 { "" } else { "s" };
    format!("{name}, {channels} channel{plural}, {rate} Hz, {bits} bits, {bytes_per_second} bytes/s, block {align}")
}

/// `H:MM:SS.mmm` for a duration in milliseconds.
fn duration(ms: u128) -> String {
    let (h, m, s, ms) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    format!("{h}:{m:02}:{s:02}.{ms:03}")
}

/// The duration line of a WAVE form: from the data size for PCM and float formats,
/// else from the fact chunk, else from the byte rate.
fn wave_duration(fmt: &[u8], data: u64, fact: Option<u32>) -> Option<String> {
    let rate = u128::from(u32_at(fmt, 4).filter(|&r| r > 0)?);
    let align = u64::from(u16_at(fmt, 12).unwrap_or(0));
    let linear = matches!(effective_tag(fmt), Some(1 | 3 | 6 | 7));
    let (frames, source) = match (linear && align > 0, fact) {
        (true, _) => (u128::from(data / align), "data size"),
        (false, Some(samples)) => (u128::from(samples), "fact"),
        (false, None) => {
            let per_second = u128::from(u32_at(fmt, 8).filter(|&b| b > 0)?);
            return Some(format!("{} (from the byte rate)", duration(u128::from(data) * 1000 / per_second)));
        }
    };
    Some(format!("{} ({frames} frames, from the {source})", duration(frames * 1000 / rate)))
}

/// One line about an AVI main header (`avih`).
fn main_header(avih: &[u8]) -> String {
    let (Some(us), Some(frames), Some(streams), Some(width), Some(height)) =
        (u32_at(avih, 0), u32_at(avih, 16), u32_at(avih, 24), u32_at(avih, 32), u32_at(avih, 36))
    else {
        return format!("avih:     too short ({} bytes)", avih.len());
    };
    let fps = if us > 0 { format!("{:.3} fps", 1e6 / f64::from(us)) } else { "? fps".into() };
    let length = duration(u128::from(frames) * u128::from(us) / 1000);
    let plural = if streams == 1 { "" } else { "s" };
    format!("video:    {width}x{height}, {fps}, {frames} frames, {length}, {streams} stream{plural}")
}

/// One line about a BITMAPINFOHEADER.
fn bitmap_format(b: &[u8]) -> String {
    let (Some(width), Some(height), Some(bits), Some(compression)) =
        (u32_at(b, 4), u32_at(b, 8), u16_at(b, 14), fourcc_at(b, 16))
    else {
        return format!("too short ({} bytes)", b.len());
    };
    let codec = if compression.to_u32() == 0 { "uncompressed".to_string() } else { quoted(compression) };
    format!("{}x{}, {bits} bits, {codec}", width as i32, (height as i32).unsigned_abs())
}

/// One line about a WebP image chunk.
fn webp(id: FourCC, b: &[u8]) -> String {
    match &id.bytes() {
        b"VP8 " => match (b.get(3..6), u16_at(b, 6), u16_at(b, 8)) {
            (Some([0x9d, 0x01, 0x2a]), Some(w), Some(h)) => format!("lossy (VP8), {}x{}", w & 0x3fff, h & 0x3fff),
            _ => "lossy (VP8), no key frame header".into(),
        },
        b"VP8L" => match (b.first(), u32_at(b, 1)) {
            (Some(0x2f), Some(bits)) => {
                let alpha = if bits >> 28 & 1 == 1 { ", alpha" } else { "" };
                format!("lossless (VP8L), {}x{}{alpha}", (bits & 0x3fff) + 1, (bits >> 14 & 0x3fff) + 1)
            }
            _ => "lossless (VP8L), bad signature".into(),
        },
        _ => {
            let Some(&[flags, _, _, _, w0, w1, w2, h0, h1, h2]) = b.get(..10) else {
                return "extended (VP8X), too short".into();
            };
            let width = u32::from_le_bytes([w0, w1, w2, 0]) + 1;
            let height = u32::from_le_bytes([h0, h1, h2, 0]) + 1;
            let names = [(0x20, "ICC profile"), (0x10, "alpha"), (0x08, "EXIF"), (0x04, "XMP"), (0x02, "animation")];
            let set: Vec<&str> = names.iter().filter(|(bit, _)| flags & bit != 0).map(|(_, name)| *name).collect();
            let set = if set.is_empty() { String::new() } else { format!(" ({})", set.join(", ")) };
            format!("extended (VP8X), canvas {width}x{height}{set}")
        }
    }
}

/// One line about the header of a Standard MIDI File (`MThd`, big-endian fields).
fn midi_header(b: &[u8]) -> String {
    let be16 = |at: usize| b.get(at..at + 2).map(|f| u16::from_be_bytes([f[0], f[1]]));
    let (Some(b"MThd"), Some(format), Some(tracks), Some(division)) = (b.get(..4), be16(8), be16(10), be16(12)) else {
        return "no MThd header".into();
    };
    let timing = if division & 0x8000 == 0 {
        format!("{division} ticks per quarter note")
    } else {
        format!("SMPTE {} frames/s, {} ticks per frame", ((division >> 8) as i8).unsigned_abs(), division & 0xFF)
    };
    let plural = if tracks == 1 { "" } else { "s" };
    format!("Standard MIDI File, format {format}, {tracks} track{plural}, {timing}")
}

/// A chunk's size: the bytes present, and what it declares when that differs (a
/// truncated chunk or a streaming writer's placeholder).
fn size_of(chunk: &Chunk) -> String {
    let present = chunk.present();
    if present == chunk.size { human(present) } else { format!("{} (declares {})", human(present), chunk.size) }
}

/// Writes the report.
fn report(
    out: &mut impl Write,
    file: &Path,
    size: u64,
    riff: bool,
    forms: &[(Chunk, Form)],
    problems: u64,
) -> io::Result<()> {
    let name = file.display();
    if !riff {
        return writeln!(out, "{name}: not a RIFF file ({})", human(size));
    }
    writeln!(out, "{name}: {}", human(size))?;
    for (chunk, form) in forms {
        match chunk.form {
            Some(kind) => {
                writeln!(out, "{} '{kind}' at {}, {}, {} chunks", chunk.id, chunk.offset, size_of(chunk), form.chunks)?
            }
            None => writeln!(out, "{} at {}, {}", chunk.id, chunk.offset, size_of(chunk))?,
        }
        if let Some(fmt) = &form.fmt {
            writeln!(out, "  format:   {}", wave_format(fmt))?;
        }
        if let Some(data) = &form.data {
            writeln!(out, "  data:     {}", size_of(data))?;
            if let Some(line) = form.fmt.as_deref().and_then(|fmt| wave_duration(fmt, data.present(), form.fact)) {
                writeln!(out, "  duration: {line}")?;
            }
        }
        if let Some(avih) = &form.avih {
            writeln!(out, "  {}", main_header(avih))?;
        }
        for (i, (strh, strf)) in form.streams.iter().enumerate() {
            let (Some(kind), Some(handler), Some(scale), Some(rate), Some(length)) =
                (fourcc_at(strh, 0), fourcc_at(strh, 4), u32_at(strh, 20), u32_at(strh, 24), u32_at(strh, 32))
            else {
                writeln!(out, "  stream {i}: strh too short ({} bytes)", strh.len())?;
                continue;
            };
            let per_second =
                if scale > 0 { format!("{:.3}/s", f64::from(rate) / f64::from(scale)) } else { "?/s".into() };
            let format = match (&kind.bytes(), strf) {
                (b"vids", Some(f)) => bitmap_format(f),
                (b"auds", Some(f)) => wave_format(f),
                (_, Some(f)) => format!("{} bytes of format", f.len()),
                (_, None) => "no strf".into(),
            };
            let handler = if handler.to_u32() == 0 { String::new() } else { format!(" {}", quoted(handler)) };
            writeln!(out, "  stream {i}: {kind}{handler}, {per_second}, length {length}: {format}")?;
        }
        for (id, bytes) in &form.webp {
            writeln!(out, "  image:    {}", webp(*id, bytes))?;
        }
        if chunk.form == Some(FourCC::WEBP) && form.frames > 0 {
            writeln!(out, "  frames:   {}", form.frames)?;
        }
        if let Some(anih) = &form.anih {
            let field = |i: usize| u32_at(anih, 4 * i).unwrap_or(0);
            let jiffies = field(7);
            writeln!(
                out,
                "  cursor:   {} frames, {} steps, {}x{}, {} bits, {jiffies} jiffies per step ({} ms), flags 0x{:X}",
                field(1),
                field(2),
                field(3),
                field(4),
                field(5),
                u64::from(jiffies) * 1000 / 60,
                field(8)
            )?;
            writeln!(out, "  icons:    {}", form.frames)?;
        }
        if let Some(midi) = &form.midi {
            writeln!(out, "  midi:     {}", midi_header(midi))?;
        }
        for (i, (id, text)) in form.tags.iter().enumerate() {
            let label = if i == 0 { "tags:" } else { "" };
            writeln!(out, "  {label:<9} {id} ({}) {text:?}", tag_name(*id))?;
        }
        if form.dropped > 0 {
            writeln!(out, "  ({} more tags, streams, images or chunk ids not shown)", form.dropped)?;
        }
        let explained = form.fmt.is_some()
            || form.avih.is_some()
            || !form.webp.is_empty()
            || form.anih.is_some()
            || form.midi.is_some();
        if !explained && !form.ids.is_empty() {
            let ids: Vec<String> = form.ids.iter().take(16).map(|(id, n)| format!("'{id}' x{n}")).collect();
            let more = if form.ids.len() > 16 { ", ..." } else { "" };
            writeln!(out, "  contents: {}{more}", ids.join(", "))?;
        }
    }
    if problems > 0 {
        writeln!(out, "problems: {problems} (see `mmio check {name}`)")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn midi_headers() {
        let smf = |division: u16| [&b"MThd\0\0\0\x06\0\x01\0\x03"[..], &division.to_be_bytes()].concat();
        assert_eq!(midi_header(&smf(480)), "Standard MIDI File, format 1, 3 tracks, 480 ticks per quarter note");
        // -25 frames per second (0xE7), 40 ticks per frame.
        assert_eq!(
            midi_header(&smf(0xE728)),
            "Standard MIDI File, format 1, 3 tracks, SMPTE 25 frames/s, 40 ticks per frame"
        );
        assert!(midi_header(&smf(0x8000)).contains("SMPTE 128 frames/s"));
        assert_eq!(midi_header(&smf(96)[..13]), "no MThd header");
        assert_eq!(midi_header(b"RIFF\0\0\0\x06\0\0\0\x01\0\x60"), "no MThd header");
    }
}
