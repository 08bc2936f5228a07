//! `mmio info`: what the chunks mean. For each top-level form: the WAVE format, data,
//! frames and duration; AVI main and stream headers; WebP dimensions, alpha and
//! animation; the ANI header; the MIDI header of an RMID file; INFO tags; or a summary
//! of the ids in any other form. Then the problems `mmio check` finds. Only the first
//! bytes of the chunks it explains are read.
//!
//! A file is reported when it can be read: its problems are listed, not fatal (exit
//! status 0); a file that is not RIFF is exit status 1.

mod avi;
mod image;
mod other;
mod wave;

use std::io::Write;
use std::path::PathBuf;

use winmmio::FourCC;
use winmmio::riff::{ByteOrder, Chunk, Event, is_form};

use crate::batch::{self, Sink};
use crate::fail::{Failure, Outcome};
use crate::files;
use crate::findings::Finding;
use crate::input::Input;
use crate::json::{self, Json};
use crate::scan::{Scan, Step};
use crate::size::{human, human_exact};

use self::avi::Avi;
use self::image::Webp;
use self::other::{Cursor, Midi};
use self::wave::Wave;

/// How `info` reports.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// One JSON document per file.
    pub json: bool,
    /// Look for RIFF files under directories.
    pub recursive: bool,
    /// Worker threads.
    pub jobs: usize,
}

/// The most forms, and tags, streams, images, ids per form, and problems, that are
/// kept: a hostile file cannot make the report grow without bounds.
const MAX_ITEMS: usize = 64;

/// The first bytes of a chunk, read in the byte order of its file.
pub struct Fields {
    bytes: Vec<u8>,
    order: ByteOrder,
}

impl Fields {
    /// The bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// The byte order of the file.
    pub fn order(&self) -> ByteOrder {
        self.order
    }

    /// The 16-bit field at `at`, if there is room for it.
    pub fn u16(&self, at: usize) -> Option<u16> {
        let b = self.bytes.get(at..at + 2)?;
        Some(match self.order {
            ByteOrder::Little => u16::from_le_bytes([b[0], b[1]]),
            ByteOrder::Big => u16::from_be_bytes([b[0], b[1]]),
        })
    }

    /// The 32-bit field at `at`, if there is room for it.
    pub fn u32(&self, at: usize) -> Option<u32> {
        let b = self.bytes.get(at..at + 4)?;
        Some(self.order.read_u32([b[0], b[1], b[2], b[3]]))
    }

    /// The four-character code at `at`, if there is room for it.
    pub fn fourcc(&self, at: usize) -> Option<FourCC> {
        let b = self.bytes.get(at..at + 4)?;
        Some(FourCC::new([b[0], b[1], b[2], b[3]]))
    }
}

/// What kind of form a top-level chunk is, with what `info` explains of it.
enum Kind {
    Wave(Wave),
    Avi(Avi),
    Webp(Webp),
    Cursor { header: Option<Cursor>, icons: u64 },
    Midi { header: Option<Option<Midi>> },
    Other,
}

/// One top-level chunk and what it holds.
struct Form {
    chunk: Chunk,
    chunks: u64,
    kind: Kind,
    /// INFO tags, in order.
    tags: Vec<(FourCC, String)>,
    /// Ids of the form's direct children, with how often each occurs.
    ids: Vec<(FourCC, u64)>,
    /// Tags, streams, images and ids over [`MAX_ITEMS`], not kept.
    dropped: u64,
}

/// `info`'s report of one file.
struct Report {
    name: String,
    size: u64,
    riff: bool,
    order: ByteOrder,
    forms: Vec<Form>,
    /// Top-level chunks past [`MAX_ITEMS`].
    more_forms: u64,
    problems: Vec<Finding>,
    /// Problems past [`MAX_ITEMS`].
    more_problems: u64,
}

const INFO: FourCC = FourCC::INFO;
const AVIH: FourCC = FourCC::new(*b"avih");
const DMLH: FourCC = FourCC::new(*b"dmlh");
const STRH: FourCC = FourCC::new(*b"strh");
const STRF: FourCC = FourCC::new(*b"strf");
const ANIH: FourCC = FourCC::new(*b"anih");
const ICON: FourCC = FourCC::new(*b"icon");
const FRAM: FourCC = FourCC::new(*b"fram");

/// Runs `mmio info FILE...`.
pub fn run(files: &[PathBuf], options: Options) -> Result<Outcome, Failure> {
    let inputs = files::expand(files, options.recursive);
    let finished = batch::run(inputs, options.jobs, |input, sink| {
        let report = match input.and_then(|input| gather(&input, sink)) {
            Ok(report) => report,
            Err(failure) if options.json => return Err(json::failed_document(sink, failure)),
            Err(failure) => return Err(failure),
        };
        let text = if options.json { report.json() } else { report.text().into_bytes() };
        sink.write_all(&text).map_err(|e| Failure::io("<stdout>", "cannot write", e))?;
        Ok(report.riff)
    });
    if let Some(error) = finished.output_error {
        return Err(Failure::io("<stdout>", "cannot write", error));
    }
    let worst = finished.results.iter().map(|riff| match riff {
        None => Outcome::Failed,
        Some(riff) => Outcome::problems_if(!riff),
    });
    Ok(worst.max().unwrap_or(Outcome::Clean))
}

/// Walks `input` and keeps what the report explains.
fn gather(input: &Input, sink: &mut Sink) -> Result<Report, Failure> {
    let name = input.name();
    let read_failed = |e| Failure::io(&name, "cannot read", e);
    let mut scan = Scan::new(input.open()?).map_err(read_failed)?;
    let walker = scan.walker();
    let mut report = Report {
        name: name.clone(),
        size: walker.file_size(),
        riff: walker.is_riff(),
        order: walker.byte_order(),
        forms: Vec::new(),
        more_forms: 0,
        problems: Vec::new(),
        more_problems: 0,
    };
    let mut skipping = false;
    while let Some(step) = scan.next() {
        let chunk = match step.map_err(read_failed)? {
            Step::Finding(found) => {
                if let Some(Kind::Wave(wave)) = report.forms.last_mut().filter(|_| !skipping).map(|f| &mut f.kind) {
                    wave.placeholder |=
                        found.kind == "size-placeholder" && wave.data.is_some_and(|data| data.offset == found.offset);
                }
                if report.problems.len() < MAX_ITEMS {
                    report.problems.push(found);
                } else {
                    report.more_problems += 1;
                }
                continue;
            }
            Step::Chunk(Event::Enter(c) | Event::Leaf(c)) => c,
            Step::Chunk(_) => continue,
        };
        sink.reached(chunk.offset);
        if chunk.depth == 1 {
            skipping = report.forms.len() >= MAX_ITEMS;
            if skipping {
                report.more_forms += 1;
            } else {
                report.forms.push(Form::new(chunk));
            }
        }
        // The list type of the container the chunk is in.
        let open = scan.tracker().open();
        let inside = if chunk.is_container() { open.len().checked_sub(2) } else { open.len().checked_sub(1) };
        let parent = inside.and_then(|i| open[i].form);
        let Some(form) = report.forms.last_mut().filter(|_| !skipping) else { continue };
        form.see(&chunk, parent, &mut scan, report.order).map_err(read_failed)?;
    }
    Ok(report)
}

impl Form {
    fn new(chunk: Chunk) -> Form {
        let kind = match chunk.form.filter(|_| is_form(chunk.id)) {
            Some(FourCC::WAVE) => Kind::Wave(Wave::default()),
            Some(FourCC::AVI) => Kind::Avi(Avi::default()),
            Some(FourCC::WEBP) => Kind::Webp(Webp::default()),
            Some(FourCC::ACON) => Kind::Cursor { header: None, icons: 0 },
            Some(FourCC::RMID) => Kind::Midi { header: None },
            _ => Kind::Other,
        };
        Form { chunk, chunks: 0, kind, tags: Vec::new(), ids: Vec::new(), dropped: 0 }
    }

    /// Takes in a chunk of the form; `parent` is the list type of its container.
    fn see(
        &mut self,
        c: &Chunk,
        parent: Option<FourCC>,
        scan: &mut Scan<winmmio::Mmio>,
        order: ByteOrder,
    ) -> std::io::Result<()> {
        self.chunks += 1;
        if c.depth == 2 {
            let kept = self.ids.len();
            match self.ids.iter_mut().find(|(id, _)| *id == c.id) {
                Some((_, n)) => *n += 1,
                None if kept < MAX_ITEMS => self.ids.push((c.id, 1)),
                None => self.dropped += 1,
            }
        }
        let head = |scan: &mut Scan<winmmio::Mmio>| -> std::io::Result<Fields> {
            Ok(Fields { bytes: scan.head(c)?.to_vec(), order })
        };
        if parent == Some(INFO) && !c.is_container() {
            if self.tags.len() < MAX_ITEMS {
                self.tags.push((c.id, text(head(scan)?.bytes())));
            } else {
                self.dropped += 1;
            }
            return Ok(());
        }
        match &mut self.kind {
            Kind::Wave(wave) if c.depth == 2 => match c.id {
                FourCC::FMT if wave.format.is_none() => {
                    wave.format = Some(wave::parse(head(scan)?.bytes(), order));
                }
                FourCC::FACT => wave.fact = head(scan)?.u32(0),
                FourCC::DATA if wave.data.is_none() => wave.data = Some(*c),
                _ => {}
            },
            Kind::Avi(avi) => match c.id {
                AVIH if avi.main.is_none() => avi.main = Some(head(scan)?),
                DMLH if avi.total_frames.is_none() => avi.total_frames = head(scan)?.u32(0),
                STRH if avi.streams.len() < MAX_ITEMS => avi.streams.push((head(scan)?, None)),
                STRH => self.dropped += 1,
                STRF => {
                    if let Some((_, format @ None)) = avi.streams.last_mut() {
                        *format = Some(head(scan)?);
                    }
                }
                _ => {}
            },
            Kind::Webp(webp) if c.depth == 2 => match c.id {
                image::VP8 | image::VP8L | image::VP8X if webp.images.len() < MAX_ITEMS => {
                    webp.images.push((c.id, head(scan)?.bytes));
                }
                image::VP8 | image::VP8L | image::VP8X => self.dropped += 1,
                image::ALPH => webp.alpha_chunk = true,
                image::ANMF => {
                    webp.frames += 1;
                    if webp.frames == 1 {
                        let (first, alpha) = image::frame_image(head(scan)?.bytes());
                        webp.first_frame_image = first;
                        webp.alpha_chunk |= alpha;
                    }
                }
                _ => {}
            },
            Kind::Cursor { header, .. } if c.id == ANIH && header.is_none() => {
                *header = Some(Cursor::read(&head(scan)?))
            }
            Kind::Cursor { icons, .. } if c.id == ICON && parent == Some(FRAM) => *icons += 1,
            Kind::Midi { header } if c.depth == 2 && c.id == FourCC::DATA && header.is_none() => {
                *header = Some(Midi::read(head(scan)?.bytes()));
            }
            _ => {}
        }
        Ok(())
    }

    /// The chunk's size: the bytes present, and what it declares when that differs.
    fn size_text(&self) -> String {
        size_text(self.chunk.present(), self.chunk.size)
    }

    /// True when something of the form is explained beyond tags.
    fn explained(&self) -> bool {
        match &self.kind {
            Kind::Wave(wave) => wave.format.is_some() || wave.data.is_some(),
            Kind::Avi(avi) => avi.main.is_some() || !avi.streams.is_empty(),
            Kind::Webp(webp) => !webp.images.is_empty() || webp.frames > 0,
            Kind::Cursor { header, .. } => header.is_some(),
            Kind::Midi { header } => header.is_some(),
            Kind::Other => false,
        }
    }

    /// The form's lines.
    fn write_text(&self, out: &mut String, file_size: u64) {
        let c = &self.chunk;
        match c.form {
            Some(kind) => out.push_str(&format!(
                "{} '{kind}' at {}, {}, {} chunks\n",
                c.id,
                c.offset,
                self.size_text(),
                self.chunks
            )),
            None => out.push_str(&format!("{} at {}, {}\n", c.id, c.offset, self.size_text())),
        }
        match &self.kind {
            Kind::Wave(wave) => wave.write_text(out, file_size),
            Kind::Avi(avi) => avi.write_text(out),
            Kind::Webp(webp) => webp.write_text(out),
            Kind::Cursor { header: Some(cursor), icons } => cursor.write_text(out, *icons),
            Kind::Midi { header: Some(midi) } => out.push_str(&format!("  midi:     {}\n", Midi::text(midi.as_ref()))),
            _ => {}
        }
        for (i, (id, text)) in self.tags.iter().enumerate() {
            let label = if i == 0 { "tags:" } else { "" };
            out.push_str(&format!("  {label:<9} {id} ({}) {text:?}\n", tag_name(*id)));
        }
        if self.dropped > 0 {
            out.push_str(&format!("  ({} more tags, streams, images or chunk ids not shown)\n", self.dropped));
        }
        if !self.explained() && !self.ids.is_empty() {
            let ids: Vec<String> = self.ids.iter().take(16).map(|(id, n)| format!("'{id}' x{n}")).collect();
            let more = if self.ids.len() > 16 { ", ..." } else { "" };
            out.push_str(&format!("  contents: {}{more}\n", ids.join(", ")));
        }
    }

    /// The form's keys of the `info` object (the keys of its kind, `tags`).
    fn write_json(&self, json: &mut Json, file_size: u64) {
        match &self.kind {
            Kind::Wave(wave) => wave.write_json(json, file_size),
            Kind::Avi(avi) => {
                json.key("avi");
                avi.write_json(json);
            }
            Kind::Webp(webp) => {
                json.key("webp");
                webp.write_json(json);
            }
            Kind::Cursor { header: Some(cursor), icons } => {
                json.key("cursor");
                cursor.write_json(json, *icons);
            }
            Kind::Midi { header: Some(Some(midi)) } => {
                json.key("midi");
                midi.write_json(json);
            }
            _ => {}
        }
        json.key("tags").begin_object();
        let mut seen: Vec<FourCC> = Vec::new();
        for (id, text) in &self.tags {
            // Keys are unique: the first of repeated tags.
            if !seen.contains(id) {
                seen.push(*id);
                json.key_latin1(&id.bytes()).str(text);
            }
        }
        json.end_object();
        if !self.explained() {
            json.key("contents").begin_object();
            for (id, n) in &self.ids {
                json.key_latin1(&id.bytes()).u64(*n);
            }
            json.end_object();
        }
    }
}

impl Report {
    /// The report in words.
    fn text(&self) -> String {
        let mut out = String::new();
        if !self.riff {
            out.push_str(&format!("{}: not a RIFF file ({})\n", self.name, human_exact(self.size)));
            return out;
        }
        let order = match self.order {
            ByteOrder::Little => "little-endian",
            ByteOrder::Big => "big-endian",
        };
        out.push_str(&format!("{}: {}, {order}\n", self.name, human_exact(self.size)));
        for form in &self.forms {
            form.write_text(&mut out, self.size);
        }
        if self.more_forms > 0 {
            out.push_str(&format!("({} more top-level chunks not shown)\n", self.more_forms));
        }
        let total = self.problems.len() as u64 + self.more_problems;
        if total > 0 {
            out.push_str(&format!("problems: {total}\n"));
            let mut lines = Vec::new();
            for found in &self.problems {
                lines.extend_from_slice(b"  ");
                found.push_where_and_what(&mut lines);
            }
            out.push_str(&String::from_utf8_lossy(&lines));
            if self.more_problems > 0 {
                out.push_str(&format!("  ({} more: `mmio check {}` lists them all)\n", self.more_problems, self.name));
            }
        }
        out
    }

    /// The report as one JSON document.
    fn json(&self) -> Vec<u8> {
        let mut json = Json::new();
        json.begin_document();
        json.key("path").str(&self.name);
        json.key("size").u64(self.size);
        json.key("riff").bool(self.riff);
        if self.riff {
            json.key("byte_order").str(match self.order {
                ByteOrder::Little => "little",
                ByteOrder::Big => "big",
            });
        }
        // The top-level keys describe the first form (later ones are OpenDML AVIX
        // extensions, or rare).
        if let Some(first) = self.forms.iter().find(|f| is_form(f.chunk.id)) {
            if let Some(form) = first.chunk.form {
                json.key("form").latin1(&form.bytes());
            }
            first.write_json(&mut json, self.size);
        }
        json.key("forms").begin_array();
        for form in &self.forms {
            let c = &form.chunk;
            json.begin_object();
            json.key("id").latin1(&c.id.bytes());
            if let Some(kind) = c.form {
                json.key("form").latin1(&kind.bytes());
            }
            json.key("offset").u64(c.offset);
            json.key("size").u64(c.size);
            json.key("present").u64(c.present());
            json.key("chunks").u64(form.chunks);
            json.end_object();
        }
        json.end_array();
        json.key("problems").begin_array();
        for found in &self.problems {
            found.write_json(&mut json);
        }
        json.end_array();
        if self.more_problems > 0 {
            json.key("problems_not_listed").u64(self.more_problems);
        }
        json.end_document();
        json.bytes().to_vec()
    }
}

/// A size in binary units and bytes, and what was declared when that differs:
/// `2.4 KiB (2470 bytes, declares 4294967295)`.
fn size_text(bytes: u64, declared: u64) -> String {
    match (bytes == declared, bytes >= 1024) {
        (true, _) => human_exact(bytes),
        (false, true) => format!("{} ({bytes} bytes, declares {declared})", human(bytes)),
        (false, false) => format!("{} (declares {declared})", human(bytes)),
    }
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
