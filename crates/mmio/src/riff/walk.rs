//! [`Walker`]: the whole chunk tree of a RIFF-family file as a stream of [`Event`]s,
//! reading nothing but chunk headers.
//!
//! The walk follows the rules of the `mmio tree --json` contract (issue 3, R1-R10):
//!
//! - R1: a file is RIFF-family iff it has at least 4 bytes and starts with `RIFF`,
//!   `RIFX`, `RF64` or `BW64`; otherwise the only event is a [`ProblemKind::NotRiff`].
//! - R2: every 32-bit size field is big-endian iff the file starts with `RIFX`.
//! - R3, R4: the top level is the region `[0, S)`; a container's children are the region
//!   `[data_offset + 4, min(data_offset + size, end of its own region))`. A region is
//!   walked chunk by chunk (pad bytes after odd sizes skipped) until fewer than 8 bytes
//!   remain ([`ProblemKind::Trailing`]).
//! - R5, R6: a chunk that passes its region's end, or a container without room for its
//!   form type, is [`ProblemKind::Truncated`]; nothing after an overlong chunk is read.
//! - R7: in files that do not start with RF64/BW64, a top-level RIFF/RIFX and any `data`
//!   chunk whose size is 0xFFFFFFFF, or 0 while bytes follow, is a streaming
//!   placeholder ([`ProblemKind::SizePlaceholder`]) that runs to the end of its region.
//! - R8: in RF64/BW64 files the `ds64` chunk at offset 12 replaces 0xFFFFFFFF sizes
//!   (riffSize for RF64/BW64, dataSize for `data`, the table for other ids), read by
//!   [`Ds64::read`] as `descend` reads it; without a usable one,
//!   [`ProblemKind::BadDs64`]; a table over [`DS64_MAX_TABLE`](super::DS64_MAX_TABLE)
//!   entries fails [`Walker::new`].
//! - R9: an odd-sized chunk that ends exactly at its region's end has no pad byte
//!   ([`ProblemKind::MissingPad`]).
//! - R10: containers at depth [`MAX_DEPTH`] are not entered ([`ProblemKind::TooDeep`]
//!   when they have children).
//!
//! Problems come in a fixed order: `bad-ds64` first, then in pre-order: a chunk's own
//! problems (size-placeholder, truncated, missing-pad, too-deep) right after its
//! [`Event::Enter`] or [`Event::Leaf`], before its children's; `trailing` where the walk
//! of a region stops.
//!
//! The walker keeps an explicit stack (at most [`MAX_DEPTH`] frames), so hostile
//! nesting cannot overflow anything; all arithmetic is checked. It collects nothing:
//! memory stays flat however many chunks the file has, and each header is read once
//! with a small positioned read (no seek when headers follow each other).

use std::collections::VecDeque;
use std::fmt;
use std::io::{self, Read, Seek, SeekFrom};

use super::chunk::{ByteOrder, ChunkInfo, is_container, is_form};
use super::ds64::{Ds64, SIZE_IN_DS64};
use crate::flag_sets::ChunkFlags;
use crate::fourcc::FourCC;

/// The deepest container whose children are walked: top-level chunks have depth 1.
pub const MAX_DEPTH: u32 = 256;

/// What is wrong with a file, as the contract names it.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ProblemKind {
    /// `not-riff`: the file does not start with RIFF, RIFX, RF64 or BW64 (R1).
    NotRiff,
    /// `truncated`: a chunk passes the end of its parent or of the file, or a container
    /// has no room for its form type (R5, R6).
    Truncated,
    /// `trailing`: fewer than 8 bytes are left where a chunk header should be (R4).
    Trailing,
    /// `missing-pad`: an odd-sized chunk ends exactly at the end of its parent or the
    /// file, without its pad byte (R9).
    MissingPad,
    /// `size-placeholder`: a size left at 0 or 0xFFFFFFFF by a streaming writer (R7).
    SizePlaceholder,
    /// `bad-ds64`: an RF64/BW64 file without a usable ds64 chunk at offset 12 (R8).
    BadDs64,
    /// `too-deep`: a container nested deeper than [`MAX_DEPTH`] with children (R10).
    TooDeep,
}

impl ProblemKind {
    /// Every kind.
    pub const ALL: &'static [ProblemKind] = &[
        ProblemKind::NotRiff,
        ProblemKind::Truncated,
        ProblemKind::Trailing,
        ProblemKind::MissingPad,
        ProblemKind::SizePlaceholder,
        ProblemKind::BadDs64,
        ProblemKind::TooDeep,
    ];

    /// The contract's kebab-case name: `not-riff`, `truncated`, ...
    pub fn name(self) -> &'static str {
        match self {
            ProblemKind::NotRiff => "not-riff",
            ProblemKind::Truncated => "truncated",
            ProblemKind::Trailing => "trailing",
            ProblemKind::MissingPad => "missing-pad",
            ProblemKind::SizePlaceholder => "size-placeholder",
            ProblemKind::BadDs64 => "bad-ds64",
            ProblemKind::TooDeep => "too-deep",
        }
    }

    /// The kind with this contract name.
    pub fn from_name(name: &str) -> Option<ProblemKind> {
        ProblemKind::ALL.iter().copied().find(|kind| kind.name() == name)
    }

    /// A sentence for people.
    pub fn description(self) -> &'static str {
        match self {
            ProblemKind::NotRiff => "not a RIFF file: it does not start with RIFF, RIFX, RF64 or BW64",
            ProblemKind::Truncated => "the chunk runs past the end of its parent or of the file",
            ProblemKind::Trailing => "fewer than 8 bytes left where a chunk header should start",
            ProblemKind::MissingPad => "odd-sized chunk without its pad byte",
            ProblemKind::SizePlaceholder => "size left as a placeholder (0 or 0xFFFFFFFF) by a streaming writer",
            ProblemKind::BadDs64 => "RF64/BW64 file without a usable ds64 chunk at offset 12",
            ProblemKind::TooDeep => "container nested too deep: its children are not walked",
        }
    }
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One problem: its kind and the offset it concerns (a chunk's header, or where the
/// trailing bytes start).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Problem {
    /// Where it is.
    pub offset: u64,
    /// What it is.
    pub kind: ProblemKind,
}

/// One chunk as the walker found it. Nothing here is read from the chunk's data
/// except the form type of a container.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Chunk {
    /// The id.
    pub id: FourCC,
    /// Where its 8-byte header starts.
    pub offset: u64,
    /// Its size as declared (the ds64 size in RF64 files, R8); for a container it
    /// includes the form type. A placeholder shows its declared 0 or 0xFFFFFFFF.
    pub size: u64,
    /// A container's form or list type; `None` for other chunks and for containers
    /// with no room for it (R6).
    pub form: Option<FourCC>,
    /// 1 at the top level, parent's depth + 1 below.
    pub depth: u32,
    /// Its position among its siblings, from 0.
    pub index: u64,
    /// Where its data ends in fact: its declared end, or the end of its region if that
    /// comes first (truncated chunks) or if it is a placeholder.
    pub end: u64,
}

impl Problem {
    /// A problem of this kind at `offset`, for tools that report their own findings
    /// along with the walker's.
    pub fn new(offset: u64, kind: ProblemKind) -> Problem {
        Problem { offset, kind }
    }
}

impl Chunk {
    /// True for RIFF, RIFX, RF64, BW64 and LIST (R3).
    pub fn is_container(&self) -> bool {
        is_container(self.id)
    }

    /// Where its data starts: `offset + 8`.
    pub fn data_offset(&self) -> u64 {
        self.offset.saturating_add(8)
    }

    /// Where its payload starts: after the form type of a container that has one (then
    /// `end` is at least that far), else at the data offset.
    pub fn body_start(&self) -> u64 {
        self.data_offset().saturating_add(if self.form.is_some() { 4 } else { 0 })
    }

    /// The bytes of data present in the file: `end - data_offset`.
    pub fn present(&self) -> u64 {
        self.end.saturating_sub(self.data_offset())
    }

    /// The chunk as a [`ChunkInfo`] whose size is the data present, ready for
    /// [`Mmio::chunk_data`](crate::Mmio::chunk_data).
    pub fn info(&self) -> ChunkInfo {
        ChunkInfo {
            id: self.id,
            size: self.present(),
            form: self.form.unwrap_or_default(),
            data_offset: self.data_offset(),
            flags: ChunkFlags::empty(),
        }
    }
}

/// What the walk meets, in file order.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Event {
    /// A container: its problems, its children and then [`Event::Leave`] follow.
    Enter(Chunk),
    /// Any other chunk; its problems follow.
    Leaf(Chunk),
    /// The end of the children of this container.
    Leave(Chunk),
    /// A problem, placed in the contract's order.
    Problem(Problem),
}

/// One region being walked: a container's children, or the top level.
#[derive(Debug)]
struct Frame {
    /// Where the next chunk starts.
    pos: u64,
    /// Where the region ends.
    end: u64,
    /// Set when nothing more is read from this region (R4 trailing, R5).
    stopped: bool,
    /// The index of the next chunk.
    next_index: u64,
    /// The container whose children these are; `None` for the top level.
    container: Option<Chunk>,
}

/// Walks the chunk tree of a RIFF-family file and yields [`Event`]s; see the module
/// documentation for the rules.
///
/// It works on any `Read + Seek` (a `File`, a `BufReader<File>`, a `Cursor`, an
/// [`Mmio`](crate::Mmio)) and reads only chunk headers, the form types of containers
/// and, in RF64/BW64 files, the ds64 chunk. An I/O error ends the walk.
///
/// ```
/// use std::io::Cursor;
/// use winmmio::riff::{Event, ProblemKind, Walker};
/// let file = b"RIFF\x10\0\0\0WAVEdata\x04\0\0\0abcdxy".to_vec();
/// let mut lines = Vec::new();
/// for event in Walker::new(Cursor::new(file))? {
///     match event? {
///         Event::Enter(c) => lines.push(format!("{} {} at {}", c.id, c.form.unwrap(), c.offset)),
///         Event::Leaf(c) => lines.push(format!("{} at {}, {} bytes", c.id, c.offset, c.size)),
///         Event::Leave(c) => lines.push(format!("end of {}", c.id)),
///         Event::Problem(p) => lines.push(format!("{} at {}", p.kind, p.offset)),
///         _ => {} // kinds of events added in later versions
///     }
/// }
/// assert_eq!(lines, ["RIFF WAVE at 0", "data at 12, 4 bytes", "end of RIFF", "trailing at 24"]);
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct Walker<R> {
    reader: R,
    /// Where the reader is, when known (saves seeks between adjacent headers).
    at: Option<u64>,
    size: u64,
    order: ByteOrder,
    /// True for RIFF-family files (R1).
    riff: bool,
    /// True for files that start with RF64 or BW64.
    rf64: bool,
    /// The sizes of a usable ds64 chunk (R8).
    ds64: Option<Ds64>,
    stack: Vec<Frame>,
    pending: VecDeque<Event>,
    done: bool,
}

impl<R> fmt::Debug for Walker<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Walker")
            .field("size", &self.size)
            .field("order", &self.order)
            .field("riff", &self.riff)
            .field("rf64", &self.rf64)
            .field("depth", &self.stack.len())
            .finish_non_exhaustive()
    }
}

/// An I/O error that names the offset.
fn at_offset(error: io::Error, offset: u64) -> io::Error {
    io::Error::new(error.kind(), format!("reading at offset {offset}: {error}"))
}

impl<R: Read + Seek> Walker<R> {
    /// Starts a walk: measures the file, reads its first 4 bytes and, in an RF64/BW64
    /// file, its ds64 chunk (an `InvalidData` error if its table is longer than
    /// [`DS64_MAX_TABLE`](super::DS64_MAX_TABLE)).
    pub fn new(mut reader: R) -> io::Result<Walker<R>> {
        let size = reader.seek(SeekFrom::End(0))?;
        let mut walker = Walker {
            reader,
            at: Some(size),
            size,
            order: ByteOrder::Little,
            riff: false,
            rf64: false,
            ds64: None,
            stack: Vec::new(),
            pending: VecDeque::new(),
            done: false,
        };
        let mut magic = [0; 4];
        if size >= 4 {
            walker.read_at(0, &mut magic)?;
        }
        let magic = FourCC::new(magic);
        if !is_form(magic) {
            walker.pending.push_back(Event::Problem(Problem { offset: 0, kind: ProblemKind::NotRiff }));
            return Ok(walker);
        }
        walker.riff = true;
        walker.order = if magic == FourCC::RIFX { ByteOrder::Big } else { ByteOrder::Little };
        walker.rf64 = matches!(magic, FourCC::RF64 | FourCC::BW64);
        if walker.rf64 {
            walker.at = None;
            walker.ds64 = Ds64::read(&mut walker.reader, 0)?;
            if walker.ds64.is_none() {
                walker.pending.push_back(Event::Problem(Problem { offset: 0, kind: ProblemKind::BadDs64 }));
            }
        }
        walker.stack.push(Frame { pos: 0, end: size, stopped: false, next_index: 0, container: None });
        Ok(walker)
    }

    /// The file's size in bytes.
    pub fn file_size(&self) -> u64 {
        self.size
    }

    /// The byte order of size fields (R2).
    pub fn byte_order(&self) -> ByteOrder {
        self.order
    }

    /// True when the file is RIFF-family (R1).
    pub fn is_riff(&self) -> bool {
        self.riff
    }

    /// The reader, to read some chunk's data in the middle of a walk; the walk goes on
    /// correctly wherever it is left.
    pub fn reader_mut(&mut self) -> &mut R {
        self.at = None;
        &mut self.reader
    }

    /// Gives the reader back.
    pub fn into_inner(self) -> R {
        self.reader
    }

    /// Reads exactly `buf.len()` bytes at `pos`, seeking only when needed.
    fn read_at(&mut self, pos: u64, buf: &mut [u8]) -> io::Result<()> {
        if self.at != Some(pos) {
            self.at = None;
            self.reader.seek(SeekFrom::Start(pos)).map_err(|e| at_offset(e, pos))?;
        }
        self.at = None;
        self.reader.read_exact(buf).map_err(|e| at_offset(e, pos))?;
        self.at = Some(pos + buf.len() as u64);
        Ok(())
    }

    /// The size that replaces a 0xFFFFFFFF size field of a chunk with this id (R8).
    fn ds64_size(&self, id: FourCC) -> Option<u64> {
        self.ds64.as_ref().and_then(|ds| ds.size_of(id))
    }

    /// Reads the chunk at the position of the innermost region and queues its problems
    /// (and, for a container, its children's region).
    fn step(&mut self) -> io::Result<Option<Event>> {
        let depth = self.stack.len() as u32;
        let Some(frame) = self.stack.last_mut() else {
            self.done = true;
            return Ok(None);
        };
        if frame.stopped || frame.pos >= frame.end {
            let frame = self.stack.pop().expect("the frame just looked at");
            return Ok(match frame.container {
                Some(container) => Some(Event::Leave(container)),
                None => {
                    self.done = true;
                    None
                }
            });
        }
        let (pos, end, index) = (frame.pos, frame.end, frame.next_index);
        if end - pos < 8 {
            frame.stopped = true;
            return Ok(Some(Event::Problem(Problem { offset: pos, kind: ProblemKind::Trailing })));
        }
        frame.next_index += 1;

        let mut header = [0; 8];
        self.read_at(pos, &mut header)?;
        let id = FourCC::new([header[0], header[1], header[2], header[3]]);
        let size32 = self.order.read_u32([header[4], header[5], header[6], header[7]]);
        let data_offset = pos + 8;
        let mut size = u64::from(size32);
        if self.rf64
            && size32 == SIZE_IN_DS64
            && let Some(real) = self.ds64_size(id)
        {
            size = real;
        }
        let placeholder = !self.rf64
            && ((depth == 1 && matches!(id, FourCC::RIFF | FourCC::RIFX)) || id == FourCC::DATA)
            && (size32 == SIZE_IN_DS64 || (size32 == 0 && data_offset < end));
        // R7: a placeholder ends at the end of its region; otherwise its declared end
        // (None when it cannot even be represented).
        let declared_end = if placeholder { Some(end) } else { data_offset.checked_add(size) };
        let overlong = declared_end.is_none_or(|e| e > end);
        let data_end = declared_end.unwrap_or(u64::MAX).min(end);
        let container = is_container(id);
        let has_form = container && data_end - data_offset >= 4;
        let truncated = overlong || (container && !has_form);
        let missing_pad = size % 2 == 1 && !truncated && !placeholder && declared_end == Some(end);
        let children = has_form && data_offset + 4 < data_end;
        let too_deep = children && depth >= MAX_DEPTH;

        let frame = self.stack.last_mut().expect("the frame read from");
        if overlong {
            frame.stopped = true;
        } else if placeholder {
            frame.pos = end;
        } else {
            // data_offset + size <= end here, so adding the pad byte cannot overflow.
            frame.pos = data_offset + size + size % 2;
        }

        let form = if has_form {
            let mut form = [0; 4];
            self.read_at(data_offset, &mut form)?;
            Some(FourCC::new(form))
        } else {
            None
        };
        let chunk = Chunk { id, offset: pos, size, form, depth, index, end: data_end };
        for (present, kind) in [
            (placeholder, ProblemKind::SizePlaceholder),
            (truncated, ProblemKind::Truncated),
            (missing_pad, ProblemKind::MissingPad),
            (too_deep, ProblemKind::TooDeep),
        ] {
            if present {
                self.pending.push_back(Event::Problem(Problem { offset: pos, kind }));
            }
        }
        if !container {
            return Ok(Some(Event::Leaf(chunk)));
        }
        self.stack.push(Frame {
            pos: data_offset.saturating_add(4),
            end: data_end,
            stopped: !children || too_deep,
            next_index: 0,
            container: Some(chunk),
        });
        Ok(Some(Event::Enter(chunk)))
    }
}

impl<R: Read + Seek> Iterator for Walker<R> {
    type Item = io::Result<Event>;

    fn next(&mut self) -> Option<io::Result<Event>> {
        if let Some(event) = self.pending.pop_front() {
            return Some(Ok(event));
        }
        if self.done {
            return None;
        }
        match self.step() {
            Ok(event) => event.map(Ok),
            Err(error) => {
                self.done = true;
                self.stack.clear();
                Some(Err(error))
            }
        }
    }
}

impl<R: Read + Seek> std::iter::FusedIterator for Walker<R> {}
