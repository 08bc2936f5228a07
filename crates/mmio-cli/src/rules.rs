//! What `check` finds beyond the walker's structural problems: the rules of the forms
//! players read. Unknown but well-formed chunks are fine.
//!
//! - WAVE: one `fmt ` and one `data` chunk ([`WaveRules`]), a format that agrees with
//!   itself (block align, byte rate, channels, rate), and data that is a whole number of
//!   blocks.
//! - AVI: `idx1` right in the form, after `LIST movi` (not inside it, not before it);
//!   an `idx1` when the main header's flags say there is one (or an OpenDML `indx`
//!   index, which readers use instead); a `LIST movi`.
//!
//! The rules see the walk's events as they come and, for the few chunks whose contents
//! they need ([`Rules::wants_head`]), the first bytes of the chunk.

use winmmio::FourCC;
use winmmio::riff::counts::AVIF_HASINDEX;
use winmmio::riff::{ByteOrder, Chunk, Event, is_form};
use winmmio::wav::WaveFormat;

use crate::findings::Finding;
use crate::frames;
use crate::path::Tracker;

/// The kinds of problem `check` adds to the walker's, each with a sentence for `check
/// --help`: the rules', and the count fields' of `winmmio::riff::counts` (which
/// [`Scan`](crate::scan::Scan) reports).
pub const KINDS: &[(&str, &str)] = &[
    ("duplicate-chunk", "a second 'fmt ' or 'data' chunk in a WAVE form"),
    ("missing-chunk", "a WAVE form without 'fmt ' or 'data', an AVI form without 'LIST movi'"),
    ("bad-format", "a WAVE format that contradicts itself (block align vs channels x bits, byte rate, ...)"),
    ("partial-frame", "WAVE data that is not a whole number of frames (a note: check does not fail)"),
    ("idx1-misplaced", "an AVI 'idx1' index that is not right in the form after 'LIST movi'"),
    ("missing-index", "an AVI main header that announces an 'idx1' index the file does not have"),
    ("stale-count", "a count field (fact, ds64 sample count, AVI frame counts) that is not what the data holds"),
];

/// `idx1`: the AVI 1.0 index.
const IDX1: FourCC = FourCC::new(*b"idx1");
/// `avih`: the AVI main header.
const AVIH: FourCC = FourCC::new(*b"avih");
/// `movi`: the list type of the AVI data.
const MOVI: FourCC = FourCC::new(*b"movi");
/// `indx`: an OpenDML index (of one stream).
const INDX: FourCC = FourCC::new(*b"indx");

/// The chunks of one WAVE form that must appear once.
#[derive(Default)]
struct WaveForm {
    offset: u64,
    fmt: Option<u64>,
    data: Option<u64>,
}

/// A problem beyond the walker's (contract) problems: a WAVE form without, or with a
/// second, `fmt ` or `data` chunk.
#[derive(Debug)]
pub struct FormProblem {
    /// Where: the second chunk, or the form that misses one.
    pub offset: u64,
    /// `duplicate-chunk` or `missing-chunk`.
    pub kind: &'static str,
    /// A sentence for people.
    pub message: String,
}

/// The rules of top-level WAVE forms (one `fmt ` and one `data` chunk each), applied
/// to the events of a walk as they come.
#[derive(Default)]
pub struct WaveRules {
    form: Option<WaveForm>,
}

impl WaveRules {
    /// Takes in the next event of the walk; returns the problems it reveals.
    pub fn see(&mut self, event: &Event) -> Vec<FormProblem> {
        match *event {
            Event::Enter(c) if c.depth == 1 => {
                let wave = is_form(c.id) && c.form == Some(FourCC::WAVE);
                self.form = wave.then(|| WaveForm { offset: c.offset, ..WaveForm::default() });
                Vec::new()
            }
            Event::Enter(c) | Event::Leaf(c) => {
                let Some(form) = self.form.as_mut().filter(|_| c.depth == 2) else { return Vec::new() };
                let slot = match c.id {
                    FourCC::FMT => &mut form.fmt,
                    FourCC::DATA => &mut form.data,
                    _ => return Vec::new(),
                };
                match *slot {
                    None => {
                        *slot = Some(c.offset);
                        Vec::new()
                    }
                    Some(first) => vec![FormProblem {
                        offset: c.offset,
                        kind: "duplicate-chunk",
                        message: format!("another '{}' chunk in the WAVE form (the first is at {first})", c.id),
                    }],
                }
            }
            Event::Leave(c) if c.depth == 1 => {
                let Some(form) = self.form.take() else { return Vec::new() };
                [(form.fmt, "fmt "), (form.data, "data")]
                    .into_iter()
                    .filter(|(slot, _)| slot.is_none())
                    .map(|(_, id)| FormProblem {
                        offset: form.offset,
                        kind: "missing-chunk",
                        message: format!("the WAVE form has no '{id}' chunk"),
                    })
                    .collect()
            }
            _ => Vec::new(),
        }
    }
}

/// What the rules remember of the top-level form being walked.
enum Form {
    /// A WAVE form: its first format, and its first data chunk with its path.
    Wave { format: Option<WaveFormat>, data: Option<(Chunk, String)> },
    /// An AVI form (not the AVIX extensions of OpenDML); `indexed`: an `idx1` where
    /// players look for it, or an OpenDML `indx`, was met.
    Avi { has_index_flag: bool, movi: bool, indexed: bool },
    /// Any other.
    Other,
}

/// Every rule of the module, over one walk.
pub struct Rules {
    wave: WaveRules,
    form: Form,
    order: ByteOrder,
}

impl Rules {
    /// Rules for a file whose fields have this byte order.
    pub fn new(order: ByteOrder) -> Rules {
        Rules { wave: WaveRules::default(), form: Form::Other, order }
    }

    /// True when the rules need the first bytes of `chunk` (just met) to judge it.
    pub fn wants_head(&self, chunk: &Chunk) -> bool {
        match self.form {
            Form::Wave { format: None, .. } => chunk.depth == 2 && chunk.id == FourCC::FMT,
            Form::Avi { .. } => chunk.depth == 3 && chunk.id == AVIH,
            _ => false,
        }
    }

    /// Takes in the next event of the walk, with the head of its chunk if
    /// [`wants_head`](Rules::wants_head) asked for it; appends what it reveals to
    /// `found`. `tracker` has seen the event, except a [`Event::Leave`], which the
    /// rules see while its container is still open.
    pub fn see(&mut self, event: &Event, head: Option<&[u8]>, tracker: &Tracker, found: &mut Vec<Finding>) {
        for p in self.wave.see(event) {
            found.push(Finding { kind: p.kind, offset: p.offset, path: tracker.path_at(p.offset), text: p.message });
        }
        match event {
            Event::Enter(c) if c.depth == 1 => {
                self.form = match c.form {
                    Some(FourCC::WAVE) if is_form(c.id) => Form::Wave { format: None, data: None },
                    Some(FourCC::AVI) if is_form(c.id) => {
                        Form::Avi { has_index_flag: false, movi: false, indexed: false }
                    }
                    _ => Form::Other,
                };
            }
            Event::Enter(c) | Event::Leaf(c) => self.see_chunk(c, head, tracker, found),
            Event::Leave(c) if c.depth == 1 => {
                if let Form::Avi { has_index_flag, movi, indexed } = self.form {
                    let path = tracker.path_at(c.offset);
                    if !movi {
                        found.push(Finding {
                            kind: "missing-chunk",
                            offset: c.offset,
                            path: path.clone(),
                            text: "the AVI form has no 'LIST movi': it holds no frames".into(),
                        });
                    }
                    if has_index_flag && !indexed {
                        found.push(Finding {
                            kind: "missing-index",
                            offset: c.offset,
                            path,
                            text: "the main header says the file has an index (AVIF_HASINDEX), but there is no \
                                   'idx1' chunk: players that trust the flag cannot seek"
                                .into(),
                        });
                    }
                }
                self.form = Form::Other;
            }
            _ => {}
        }
    }

    /// A chunk below the top level.
    fn see_chunk(&mut self, c: &Chunk, head: Option<&[u8]>, tracker: &Tracker, found: &mut Vec<Finding>) {
        match &mut self.form {
            Form::Wave { format, data } if c.depth == 2 => {
                if c.id == FourCC::FMT
                    && format.is_none()
                    && let Some(head) = head
                {
                    let path = Some(tracker.path());
                    match WaveFormat::parse(head, self.order) {
                        Ok(parsed) => {
                            for problem in parsed.problems() {
                                let text = format!("the format has {problem}");
                                found.push(Finding { kind: "bad-format", offset: c.offset, path: path.clone(), text });
                            }
                            *format = Some(parsed);
                        }
                        Err(_) => found.push(Finding {
                            kind: "bad-format",
                            offset: c.offset,
                            path,
                            text: format!("the 'fmt ' chunk holds {} bytes: a format needs at least 14", head.len()),
                        }),
                    }
                }
                if c.id == FourCC::DATA && data.is_none() {
                    *data = Some((*c, tracker.path()));
                }
                if let (Some(format), Some((data, path))) = (format.as_ref(), data.as_mut()) {
                    // Once, when both are known.
                    if !path.is_empty() {
                        found.extend(partial_frame(format, data, std::mem::take(path)));
                    }
                }
            }
            Form::Avi { has_index_flag, movi, indexed } => {
                if c.depth == 2 && c.id == FourCC::LIST && c.form == Some(MOVI) {
                    *movi = true;
                }
                if c.id == AVIH
                    && let Some(flags) = head.and_then(|h| h.get(12..16))
                {
                    *has_index_flag =
                        self.order.read_u32([flags[0], flags[1], flags[2], flags[3]]) & AVIF_HASINDEX != 0;
                }
                if c.id == INDX {
                    *indexed = true;
                }
                if c.id == IDX1 {
                    if let Some(text) = idx1_misplaced(c, *movi, tracker.open()) {
                        found.push(Finding {
                            kind: "idx1-misplaced",
                            offset: c.offset,
                            path: Some(tracker.path()),
                            text,
                        });
                    } else {
                        *indexed = true;
                    }
                }
            }
            _ => {}
        }
    }
}

/// The problem of a WAVE data chunk that is not a whole number of frames (when it is
/// complete: a cut chunk is the walker's problem).
fn partial_frame(format: &WaveFormat, data: &Chunk, path: String) -> Option<Finding> {
    let complete = data.present() == data.size;
    let (frame, extra) = frames::leftover(format, data.size)?;
    (complete && extra != 0).then(|| Finding {
        kind: "partial-frame",
        offset: data.offset,
        path: Some(path),
        text: format!(
            "'data' holds {} bytes: not a whole number of {frame}-byte frames ({extra} byte{} left over)",
            data.size,
            if extra == 1 { "" } else { "s" }
        ),
    })
}

/// Why an `idx1` chunk is not where players look for it, if it is not: right in the
/// AVI form, after `LIST movi`.
fn idx1_misplaced(chunk: &Chunk, movi_seen: bool, open: &[Chunk]) -> Option<String> {
    if chunk.depth > 2 {
        let inside = open.last().map_or_else(String::new, |parent| match parent.form {
            Some(form) => format!("'{} {form}'", parent.id),
            None => format!("'{}'", parent.id),
        });
        return Some(format!(
            "'idx1' is inside {inside}: players look for it right in the AVI form, after 'LIST movi'"
        ));
    }
    (!movi_seen).then(|| "'idx1' comes before 'LIST movi': players look for it after the data".into())
}
