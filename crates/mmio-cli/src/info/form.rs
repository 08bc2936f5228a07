//! One top-level form of a file and what `info` explains of it: which chunks it
//! reads, and the form's lines and JSON keys.

use winmmio::FourCC;
use winmmio::riff::{ByteOrder, Chunk, is_form};

use super::avi::Avi;
use super::image::{self, Webp};
use super::other::{Cursor, Midi};
use super::wave::{self, Wave};
use super::{Fields, MAX_ITEMS, size_text};
use crate::json::Json;
use crate::scan::Scan;

const INFO: FourCC = FourCC::INFO;
const AVIH: FourCC = FourCC::new(*b"avih");
const DMLH: FourCC = FourCC::new(*b"dmlh");
const STRH: FourCC = FourCC::new(*b"strh");
const STRF: FourCC = FourCC::new(*b"strf");
const ANIH: FourCC = FourCC::new(*b"anih");
const ICON: FourCC = FourCC::new(*b"icon");
const FRAM: FourCC = FourCC::new(*b"fram");

/// What kind of form a top-level chunk is, with what `info` explains of it.
pub enum Kind {
    /// A WAVE form (RIFF, RIFX, RF64, BW64).
    Wave(Wave),
    /// An AVI form.
    Avi(Avi),
    /// A WebP image.
    Webp(Webp),
    /// An animated cursor: its header and icons.
    Cursor {
        /// The `anih` header.
        header: Option<Cursor>,
        /// The `icon` chunks of its `LIST fram`.
        icons: u64,
    },
    /// A RIFF MIDI file: the header of its MIDI data, when its `data` chunk was met.
    Midi {
        /// `Some(None)`: a `data` chunk without an `MThd` header.
        header: Option<Option<Midi>>,
    },
    /// Any other form, or a top-level chunk that is not a form.
    Other,
}

/// One top-level chunk and what it holds.
pub struct Form {
    /// The top-level chunk.
    pub chunk: Chunk,
    /// The chunks walked in it, itself included.
    pub chunks: u64,
    /// What kind of form it is.
    pub kind: Kind,
    /// INFO tags, in order.
    tags: Vec<(FourCC, String)>,
    /// Ids of the form's direct children, with how often each occurs.
    ids: Vec<(FourCC, u64)>,
    /// Tags, streams, images and ids over [`MAX_ITEMS`], not kept.
    dropped: u64,
}

impl Form {
    /// A form starting with its top-level chunk.
    pub fn new(chunk: Chunk) -> Form {
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
    pub fn see(
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
    pub fn write_text(&self, out: &mut String, file_size: u64) {
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
        if let Kind::Wave(wave) = &self.kind {
            wave.write_metadata_text(out);
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
    pub fn write_json(&self, json: &mut Json, file_size: u64) {
        match &self.kind {
            Kind::Wave(wave) => {
                wave.write_json(json, file_size);
                wave.write_metadata_json(json);
            }
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
