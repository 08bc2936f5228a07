//! Count fields that must agree with the data a file holds: a WAVE form's `fact`
//! sample length and RF64 `ds64` sample count, an AVI's `avih` total frames, each
//! stream's `strh` length, and OpenDML's `dmlh` total frames; and the one flag that
//! counts an index, `avih`'s `AVIF_HASINDEX`.
//!
//! A writer fixes them at the end, like the sizes; a file cut short keeps the old,
//! larger ones, and players then report a duration the file does not have.
//! [`audit`] lists the fields whose value is not what the data holds; `mmio check`
//! reports them and [`repair`](super::repair) sets them (the count fields are part of
//! its invariant, `docs/repair.md`).
//!
//! What the data holds:
//! - WAVE: the frames of the `data` chunk by its `fmt ` ([`WaveFormat::frames`]), for
//!   sample formats (PCM, float, A-law, mu-law, EXTENSIBLE of those: the count must be
//!   exact) and the ADPCM formats that state their samples per block (the count may be
//!   lower, as encoders pad the last block, but not higher); other compressed formats
//!   are left alone (only their `fact` chunk knows). A ds64 sample count of 0 means
//!   "none" and is left alone.
//! - AVI: per stream, the chunks `NNdc`/`NNdb`/`NNwb`/... of the `movi` lists (in `LIST
//!   rec ` too); a video stream's length and the total frames are chunk counts, an
//!   audio stream's length is its bytes over `dwSampleSize` (its chunk count when that
//!   is 0). `avih` counts the first form only, `strh` and `dmlh` every `AVIX` form too.
//!   AVI writers round these fields in ways no rule captures, so only counts larger
//!   than what the file holds (stale after a cut) are listed. `AVIF_HASINDEX` says the
//!   form ends with an `idx1` index; a writer writes the index last, so a cut file
//!   keeps the flag without the index. The flag is listed when the first form has no
//!   `idx1` chunk and no stream has an OpenDML index (`indx`), which readers use
//!   instead; its expected value is the same flags without `AVIF_HASINDEX`.

use std::collections::BTreeMap;
use std::io::{self, Read, Seek, SeekFrom};

use super::chunk::ByteOrder;
use super::ds64::Ds64;
use super::walk::{Chunk, Event, Walker};
use crate::fourcc::FourCC;
use crate::wav::WaveFormat;

/// `avih`'s flag that says the form has an `idx1` index.
pub const AVIF_HASINDEX: u32 = 0x10;

/// Which count field.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CountField {
    /// `fact`'s dwSampleLength: frames of a WAVE form.
    FactSampleLength,
    /// `ds64`'s sampleCount: frames of an RF64/BW64 WAVE form.
    Ds64SampleCount,
    /// `avih`'s dwTotalFrames: video frames in the first AVI form.
    AviTotalFrames,
    /// `strh`'s dwLength of the stream with this number.
    StreamLength(u32),
    /// `dmlh`'s dwTotalFrames: video frames in every form of an OpenDML AVI.
    OdmlTotalFrames,
    /// `avih`'s dwFlags, whose `AVIF_HASINDEX` (0x10) says there is an `idx1` index.
    AviFlags,
}

impl CountField {
    /// The field's name for people: `fact sample length`, `strh length of stream 1`, ...
    pub fn describe(self) -> String {
        match self {
            CountField::FactSampleLength => "the sample length of 'fact'".to_string(),
            CountField::Ds64SampleCount => "the sample count of 'ds64'".to_string(),
            CountField::AviTotalFrames => "the total frames of 'avih'".to_string(),
            CountField::StreamLength(stream) => format!("the length of stream {stream} in its 'strh'"),
            CountField::OdmlTotalFrames => "the total frames of 'dmlh'".to_string(),
            CountField::AviFlags => "the flags of 'avih' (AVIF_HASINDEX: an 'idx1' index follows)".to_string(),
        }
    }

    /// The field's width in bytes.
    pub fn width(self) -> usize {
        if self == CountField::Ds64SampleCount { 8 } else { 4 }
    }
}

/// A count field whose value is not what the data holds.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct StaleCount {
    /// The field's file offset.
    pub offset: u64,
    /// Which field.
    pub field: CountField,
    /// Its value.
    pub found: u64,
    /// What the data holds.
    pub expected: u64,
}

/// A count field as found, with the byte order of its file.
#[derive(Copy, Clone, Debug)]
struct Field {
    offset: u64,
    value: u64,
}

/// What one WAVE form holds.
#[derive(Default)]
struct Wave {
    format: Option<WaveFormat>,
    data_len: Option<u64>,
    fact: Option<Field>,
}

/// One AVI stream: its `strh` fields and what the `movi` lists hold of it.
#[derive(Default)]
struct Stream {
    kind: [u8; 4],
    sample_size: u32,
    length: Option<Field>,
    chunks: u64,
    bytes: u64,
}

/// What an AVI file holds (its first form and its `AVIX` extensions).
#[derive(Default)]
struct Avi {
    total_frames: Option<Field>,
    flags: Option<Field>,
    /// The first form holds an `idx1` chunk (wherever it is), or a stream an OpenDML
    /// `indx` index.
    indexed: bool,
    odml_frames: Option<Field>,
    streams: Vec<Stream>,
    /// Video chunks of the first form.
    first_form_video: u64,
}

/// Lists the count fields of the file whose value is not what its data holds, in file
/// order. Reads the chunk headers, the `fmt `/`fact`/`avih`/`strh`/`dmlh` chunks and,
/// in RF64 files, the ds64 chunk.
pub fn audit<R: Read + Seek>(mut reader: R) -> io::Result<Vec<StaleCount>> {
    let ds64 = {
        let mut magic = [0; 4];
        let len = reader.seek(SeekFrom::End(0))?;
        if len >= 4 {
            reader.seek(SeekFrom::Start(0))?;
            reader.read_exact(&mut magic)?;
        }
        if matches!(&magic, b"RF64" | b"BW64") { Ds64::read(&mut reader, 0)? } else { None }
    };
    let mut walker = Walker::new(reader)?;
    let order = walker.byte_order();
    let mut stale = Vec::new();
    let mut wave: Option<Wave> = None;
    let mut avi: Option<Avi> = None;
    // The form being walked (depth 1) and the list around the walk.
    let mut form: Option<Chunk> = None;
    let mut lists: Vec<Chunk> = Vec::new();
    while let Some(event) = walker.next() {
        match event? {
            Event::Enter(c) => {
                if c.depth == 1 {
                    form = Some(c);
                    match c.form.map(FourCC::bytes) {
                        Some(kind) if &kind == b"WAVE" => wave = Some(Wave::default()),
                        Some(kind) if &kind == b"AVI " => {
                            if let Some(done) = avi.take() {
                                finish_avi(done, &mut stale);
                            }
                            avi = Some(Avi::default());
                        }
                        _ => {}
                    }
                } else {
                    lists.push(c);
                }
            }
            Event::Leave(c) if c.depth == 1 => {
                if let Some(done) = wave.take() {
                    finish_wave(done, ds64.as_ref(), &mut stale);
                }
                form = None;
            }
            Event::Leave(_) => {
                lists.pop();
            }
            Event::Leaf(c) => {
                let kind = form.and_then(|f| f.form).map(FourCC::bytes);
                match (kind.as_ref(), lists.last().and_then(|l| l.form).map(FourCC::bytes)) {
                    (Some(b"WAVE"), None) => {
                        if let Some(wave) = &mut wave {
                            see_wave_chunk(&mut walker, order, &c, wave)?;
                        }
                    }
                    (Some(b"AVI " | b"AVIX"), list) => {
                        if let Some(avi) = &mut avi {
                            let first_form = kind == Some(*b"AVI ");
                            see_avi_chunk(&mut walker, order, &c, list, first_form, avi)?;
                        }
                    }
                    _ => {}
                }
            }
            Event::Problem(_) => {}
        }
    }
    if let Some(done) = avi.take() {
        finish_avi(done, &mut stale);
    }
    stale.sort_by_key(|s| s.offset);
    Ok(stale)
}

/// Reads `buf.len()` bytes at `at` in the middle of a walk.
fn read_at<R: Read + Seek>(walker: &mut Walker<R>, at: u64, buf: &mut [u8]) -> io::Result<()> {
    let reader = walker.reader_mut();
    reader.seek(SeekFrom::Start(at))?;
    reader.read_exact(buf)
}

/// The 32-bit field at `at`.
fn field<R: Read + Seek>(walker: &mut Walker<R>, order: ByteOrder, at: u64) -> io::Result<Field> {
    let mut bytes = [0; 4];
    read_at(walker, at, &mut bytes)?;
    Ok(Field { offset: at, value: u64::from(order.read_u32(bytes)) })
}

/// Takes in one chunk right inside a WAVE form.
fn see_wave_chunk<R: Read + Seek>(
    walker: &mut Walker<R>,
    order: ByteOrder,
    c: &Chunk,
    wave: &mut Wave,
) -> io::Result<()> {
    match c.id {
        FourCC::FMT if wave.format.is_none() && (14..=1 << 16).contains(&c.present()) => {
            let mut payload = vec![0; c.present() as usize];
            read_at(walker, c.data_offset(), &mut payload)?;
            wave.format = WaveFormat::parse(&payload, order).ok();
        }
        FourCC::DATA if wave.data_len.is_none() => wave.data_len = Some(c.present()),
        id if &id.bytes() == b"fact" && wave.fact.is_none() && c.present() >= 4 => {
            wave.fact = Some(field(walker, order, c.data_offset())?);
        }
        _ => {}
    }
    Ok(())
}

/// The frames a WAVE form's data holds, when its format says, and whether that is
/// exact: a sample format's frames are; an ADPCM format's last block is padded by its
/// encoder, so its count may be lower than the blocks hold (never higher).
fn wave_frames(wave: &Wave) -> Option<(u64, bool)> {
    let format = wave.format.as_ref()?;
    let exact = format.sample_format().is_some();
    if !exact && format.samples_per_block().is_none() {
        return None;
    }
    Some((format.frames(wave.data_len?)?, exact))
}

fn finish_wave(wave: Wave, ds64: Option<&Ds64>, stale: &mut Vec<StaleCount>) {
    let Some((frames, exact)) = wave_frames(&wave) else { return };
    let wrong = |count: u64| count > frames || (exact && count != frames);
    if let Some(fact) = wave.fact.filter(|f| wrong(f.value)) {
        stale.push(StaleCount {
            offset: fact.offset,
            field: CountField::FactSampleLength,
            found: fact.value,
            expected: frames,
        });
    }
    if let Some(ds64) = ds64.filter(|d| d.sample_count != 0 && wrong(d.sample_count)) {
        stale.push(StaleCount {
            offset: ds64.sample_count_field(),
            field: CountField::Ds64SampleCount,
            found: ds64.sample_count,
            expected: frames,
        });
    }
}

/// The stream number of a `movi` chunk id (`01wb` is stream 1), if it has one.
fn stream_of(id: FourCC) -> Option<usize> {
    let [a, b, ..] = id.bytes();
    (a.is_ascii_digit() && b.is_ascii_digit()).then(|| usize::from((a - b'0') * 10 + (b - b'0')))
}

/// Takes in one leaf of an AVI form: headers in `hdrl`/`strl`/`odml`, data in `movi`.
fn see_avi_chunk<R: Read + Seek>(
    walker: &mut Walker<R>,
    order: ByteOrder,
    c: &Chunk,
    list: Option<[u8; 4]>,
    first_form: bool,
    avi: &mut Avi,
) -> io::Result<()> {
    if first_form && matches!(&c.id.bytes(), b"idx1" | b"indx") {
        avi.indexed = true;
    }
    match (list.as_ref(), &c.id.bytes()) {
        (Some(b"hdrl"), b"avih") if first_form && c.present() >= 20 => {
            avi.flags = Some(field(walker, order, c.data_offset() + 12)?);
            avi.total_frames = Some(field(walker, order, c.data_offset() + 16)?);
        }
        (Some(b"strl"), b"strh") if first_form && c.present() >= 48 => {
            let mut kind = [0; 4];
            read_at(walker, c.data_offset(), &mut kind)?;
            let sample_size = field(walker, order, c.data_offset() + 44)?.value as u32;
            let length = Some(field(walker, order, c.data_offset() + 32)?);
            avi.streams.push(Stream { kind, sample_size, length, ..Stream::default() });
        }
        (Some(b"odml"), b"dmlh") if first_form && c.present() >= 4 => {
            avi.odml_frames = Some(field(walker, order, c.data_offset())?);
        }
        (Some(b"movi" | b"rec "), _) => {
            let Some(stream) = stream_of(c.id).and_then(|n| avi.streams.get_mut(n)) else { return Ok(()) };
            stream.chunks += 1;
            stream.bytes += c.present();
            if first_form && &stream.kind == b"vids" {
                avi.first_form_video += 1;
            }
        }
        _ => {}
    }
    Ok(())
}

fn finish_avi(avi: Avi, stale: &mut Vec<StaleCount>) {
    if let Some(flags) = avi.flags.filter(|f| f.value & u64::from(AVIF_HASINDEX) != 0 && !avi.indexed) {
        let expected = flags.value & !u64::from(AVIF_HASINDEX);
        stale.push(StaleCount { offset: flags.offset, field: CountField::AviFlags, found: flags.value, expected });
    }
    let mut larger = |field: Option<Field>, which: CountField, holds: u64| {
        if let Some(f) = field.filter(|f| f.value > holds) {
            stale.push(StaleCount { offset: f.offset, field: which, found: f.value, expected: holds });
        }
    };
    let video = avi.streams.iter().find(|s| &s.kind == b"vids").map(|s| s.chunks);
    if let Some(video) = video {
        larger(avi.total_frames, CountField::AviTotalFrames, avi.first_form_video);
        larger(avi.odml_frames, CountField::OdmlTotalFrames, video);
    }
    let lengths: BTreeMap<usize, u64> = avi
        .streams
        .iter()
        .enumerate()
        .filter_map(|(n, s)| match &s.kind {
            b"vids" => Some((n, s.chunks)),
            b"auds" if s.sample_size > 0 => Some((n, s.bytes / u64::from(s.sample_size))),
            b"auds" => Some((n, s.chunks)),
            _ => None,
        })
        .collect();
    for (n, holds) in lengths {
        larger(avi.streams[n].length, CountField::StreamLength(n as u32), holds);
    }
}
