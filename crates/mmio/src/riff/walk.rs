//! [`Walker`]: the whole chunk tree of a RIFF-family file as a stream of [`Event`]s,
//! reading nothing but chunk headers (and, to tell finished chunks from unfinished
//! ones, the headers that follow them).
//!
//! The walk follows the rules of the `mmio tree --json` contract (R1-R10), with the
//! placeholder rules of `docs/repair.md` (the [`lookahead`](super::lookahead) module):
//!
//! - R1: a file is RIFF-family iff it has at least 4 bytes and starts with `RIFF`,
//!   `RIFX`, `RF64` or `BW64`; otherwise the only event is a [`ProblemKind::NotRiff`].
//! - R2: every 32-bit size field is big-endian iff the file starts with `RIFX`.
//! - R3, R4: the top level is the region `[0, S)`; a container's children are the region
//!   `[data_offset + 4, end)`, where `end` is its declared end, or the end of its own
//!   region if that comes first. A region is walked chunk by chunk (pad bytes after odd
//!   sizes skipped) until fewer than 8 bytes remain ([`ProblemKind::Trailing`]).
//! - R5, R6: a chunk that passes its region's end, or a container without room for its
//!   form type, is [`ProblemKind::Truncated`]; nothing after an overlong chunk is read.
//!   Except: when a complete chunk passes the end of a container whose size it declares
//!   itself, and the chunks after it go on to the end of the container's own region,
//!   the container's size is short ([`ProblemKind::ShortSize`]): its region grows to
//!   the end of that chunk (for a top-level form, over the chunks that follow it, up to
//!   the next form), and the walk goes on.
//! - R7: a size field of 0xFFFFFFFF (in RF64/BW64 files: one whose ds64 size is 0),
//!   or of 0 in a container or in a chunk not followed by a chain of chunks to
//!   the end of its region, is a streaming writer's placeholder
//!   ([`ProblemKind::SizePlaceholder`]). A placeholder container runs to the end of its
//!   region, or to the first chunk it cannot hold (an `idx1` after `movi`, a non-tag
//!   after `INFO`, a form after any unfinished container); a placeholder leaf runs to
//!   where a chain of finished chunks starts that ends exactly at the end of its
//!   region (of several, the one with the most headers, then the earliest), or to the
//!   end of the region. A size-0 chunk followed by a chain is a
//!   finished empty chunk (for an `idx1`, not when the chain's only open element is an
//!   empty chunk: index entries look like that). In RF64/BW64 files a ds64 size of 0
//!   is a size of 0.
//! - R8: in RF64/BW64 files the `ds64` chunk at offset 12 replaces 0xFFFFFFFF sizes
//!   (riffSize for RF64/BW64, dataSize for `data`, the table for other ids), read by
//!   [`Ds64::read`] as `descend` reads it; without a usable one,
//!   [`ProblemKind::BadDs64`]; a table over [`DS64_MAX_TABLE`](super::DS64_MAX_TABLE)
//!   entries fails [`Walker::new`].
//! - R9: an odd-sized chunk without its pad byte ([`ProblemKind::MissingPad`]): it ends
//!   exactly at its region's end, or a plausible header starts right at its end and none
//!   one byte later. It is judged by the declared size when the walk meets the chunk.
//! - R10: containers at depth [`MAX_DEPTH`] are not entered ([`ProblemKind::TooDeep`]
//!   when they have children).
//!
//! Problems come in a fixed order: `bad-ds64` first, then in pre-order: a chunk's own
//! problems (size-placeholder, truncated, missing-pad, too-deep) right after its
//! [`Event::Enter`] or [`Event::Leaf`], before its children's; a container's
//! `short-size` right before the child that shows it; `trailing` where the walk of a
//! region stops. [`Event::Leave`] carries the container's final `end` and `next`.
//!
//! The walker keeps an explicit stack (at most [`MAX_DEPTH`] frames), so hostile
//! nesting cannot overflow anything; all arithmetic is checked. It collects nothing:
//! memory stays flat however many chunks the file has. Each header is read with a
//! small positioned read (no seek when headers follow each other); a look-ahead that
//! proved chunks finished is remembered, so no header is looked at more than a few
//! times, and hostile files that would need more fail the walk instead.

use std::collections::VecDeque;
use std::fmt;
use std::io::{self, Read, Seek, SeekFrom};

use super::chunk::{ByteOrder, ChunkInfo, is_container, is_form};
use super::ds64::{Ds64, SIZE_IN_DS64};
use super::lookahead::{Header, Headers, LOOKAHEAD_BUDGET, SPLIT_WINDOW, Tail, ends_placeholder_list};
use crate::flag_sets::ChunkFlags;
use crate::fourcc::FourCC;

/// The id of an AVI index (R7: an empty one needs more evidence to be finished).
const IDX1: FourCC = FourCC::new(*b"idx1");

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
    /// `missing-pad`: an odd-sized chunk without its pad byte, at the end of its parent
    /// or of the file, or right before the next chunk (R9).
    MissingPad,
    /// `size-placeholder`: a size left at 0 or 0xFFFFFFFF by a streaming writer (R7).
    SizePlaceholder,
    /// `bad-ds64`: an RF64/BW64 file without a usable ds64 chunk at offset 12 (R8).
    BadDs64,
    /// `too-deep`: a container nested deeper than [`MAX_DEPTH`] with children (R10).
    TooDeep,
    /// `short-size`: a container's size ends inside a complete chunk it holds (R5).
    ShortSize,
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
        ProblemKind::ShortSize,
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
            ProblemKind::ShortSize => "short-size",
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
            ProblemKind::ShortSize => "the container's size ends inside a complete chunk it holds",
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
    /// comes first (truncated chunks), or where the rules of R7 end a placeholder; for
    /// a container whose size is short (R5), the end of what it holds. In
    /// [`Event::Enter`] this is the end as far as known; [`Event::Leave`] has the last
    /// word.
    pub end: u64,
    /// Where the next chunk of its region starts: `end`, or `end + 1` when a pad byte
    /// follows an odd size (R9). Final in [`Event::Leaf`] and [`Event::Leave`].
    pub next: u64,
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

/// Where the end of a region comes from.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Bound {
    /// The end of the file (the top level), or of the parent's region (a container cut
    /// short by it), or a short size already corrected.
    Outer,
    /// The container's own declared size: a complete child that passes it may show
    /// that the size is short (R5).
    Declared,
    /// A placeholder: the parent's region, until a chunk the list cannot hold (R7).
    Placeholder,
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
    /// Where `end` comes from.
    bound: Bound,
    /// Chunks of this region that start before this offset are finished: a chain
    /// looked at ahead of the walk reached that far.
    finished_until: u64,
}

/// Walks the chunk tree of a RIFF-family file and yields [`Event`]s; see the module
/// documentation for the rules.
///
/// It works on any `Read + Seek` (a `File`, a `BufReader<File>`, a `Cursor`, an
/// [`Mmio`](crate::Mmio)) and reads chunk headers, the form types of containers, in
/// RF64/BW64 files the ds64 chunk, and where a size could be a placeholder the headers
/// after it (or, for a placeholder leaf, the last bytes of its region). An I/O error
/// ends the walk.
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
    /// Chunks walked so far.
    walked: u64,
    /// Headers read ahead so far.
    looked_ahead: u64,
    /// Bytes scanned for the ends of placeholder leaves so far.
    scanned: u64,
    /// The form's size field is 0xFFFFFFFF in a RIFF or RIFX file.
    zero_is_honest: bool,
    /// The block align of the current WAVE form's `fmt ` chunk.
    block_align: Option<u16>,
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
            walked: 0,
            looked_ahead: 0,
            scanned: 0,
            zero_is_honest: false,
            block_align: None,
        };
        // The magic, and the form's size field when there is one.
        let mut head = [0; 8];
        let head_len = size.min(8) as usize;
        if head_len >= 4 {
            walker.read_at(0, &mut head[..head_len])?;
        }
        let magic = FourCC::new([head[0], head[1], head[2], head[3]]);
        if !is_form(magic) {
            walker.pending.push_back(Event::Problem(Problem { offset: 0, kind: ProblemKind::NotRiff }));
            return Ok(walker);
        }
        walker.riff = true;
        walker.order = if magic == FourCC::RIFX { ByteOrder::Big } else { ByteOrder::Little };
        walker.rf64 = matches!(magic, FourCC::RF64 | FourCC::BW64);
        walker.zero_is_honest = !walker.rf64 && head_len == 8 && head[4..] == [0xff; 4];
        if walker.rf64 {
            walker.at = None;
            walker.ds64 = Ds64::read(&mut walker.reader, 0)?;
            if walker.ds64.is_none() {
                walker.pending.push_back(Event::Problem(Problem { offset: 0, kind: ProblemKind::BadDs64 }));
            }
        }
        walker.stack.push(Frame {
            pos: 0,
            end: size,
            stopped: false,
            next_index: 0,
            container: None,
            bound: Bound::Outer,
            finished_until: 0,
        });
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

    /// True when the file starts with RF64 or BW64 (R8).
    pub fn is_rf64(&self) -> bool {
        self.rf64
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

    /// True when the walk is right inside a WAVE form.
    fn in_wave_form(&self) -> bool {
        self.stack.len() == 2 && self.stack[1].container.is_some_and(|c| c.form == Some(FourCC::WAVE))
    }

    /// Where the data of a placeholder leaf ends when its region goes on at `next` (a
    /// chain of chunks, or the end of the region): right there, or one byte before
    /// when that byte is the pad byte of an odd size. Only a WAVE form's `data` chunk tells: its length is a whole number of
    /// frames (the block align of its `fmt ` chunk), and with 1-byte frames a pad byte
    /// is 0 where 8-bit silence is 0x80. Elsewhere the byte stays data, which loses
    /// nothing.
    fn placeholder_data_end(&mut self, id: FourCC, data: u64, next: u64) -> io::Result<u64> {
        let len = next - data;
        if id != FourCC::DATA || !self.in_wave_form() || len % 2 == 1 || len == 0 {
            return Ok(next);
        }
        let padded = match u64::from(self.block_align.unwrap_or(0)) {
            0 => false,
            1 => {
                let mut last = [0];
                self.read_at(next - 1, &mut last)?;
                last[0] == 0
            }
            frame => !len.is_multiple_of(frame) && (len - 1).is_multiple_of(frame),
        };
        Ok(if padded { next - 1 } else { next })
    }

    /// The innermost region.
    fn top(&mut self) -> &mut Frame {
        self.stack.last_mut().expect("a walk in progress has a region")
    }

    /// True when the size-0 leaf `id` whose header is at `pos`, in a region ending at
    /// `end`, is a finished empty chunk: nothing follows it, or a chain does (R7).
    ///
    /// An AVI index needs more: its entries start like empty chunks (a chunk id, then
    /// flags that are often 0), so after an `idx1` of size 0, a chain whose only open
    /// element is such an empty chunk is no evidence (nor is an earlier chain that
    /// passed the `idx1` itself as an empty chunk).
    fn finished_empty(&mut self, id: FourCC, pos: u64, end: u64) -> io::Result<bool> {
        let data = pos + 8;
        let index = id == IDX1;
        if data == end || (pos < self.top().finished_until && !index) {
            return Ok(true);
        }
        let Some(tail) = self.chain_from(data, end, false, true)? else { return Ok(false) };
        if index && matches!(tail, Tail::OpenEmpty(_)) {
            return Ok(false);
        }
        self.top().finished_until = tail.finished_until(end);
        Ok(true)
    }

    /// A complete child (header at `pos`, declared end `child_end`) passes the end of
    /// the innermost region: if that region is a container's declared size and the
    /// chunks after the child go on to the end of the container's own region, the size
    /// is short (R5). Grows the region and returns true when it is.
    fn grow_short_container(&mut self, header: &Header, child_end: Option<u64>) -> io::Result<bool> {
        let depth = self.stack.len();
        let frame = &self.stack[depth - 1];
        let (Some(container), Some(child_end)) = (frame.container, child_end) else { return Ok(false) };
        // The container's frame always sits on another one (the top level at least).
        let outer = self.stack[depth - 2].end;
        if frame.bound != Bound::Declared || frame.end >= outer || child_end > outer {
            return Ok(false);
        }
        let after = if header.size % 2 == 1 { self.after_odd(child_end, outer)? } else { child_end };
        let end = if container.depth == 1 {
            // A top-level form holds the chunks after it too, up to the next form.
            match self.chain_from(after, outer, true, false)? {
                Some(Tail::Form(at)) => at,
                Some(_) => outer,
                None => return Ok(false),
            }
        } else if self.chain_from(after, outer, false, false)?.is_some() {
            after
        } else {
            return Ok(false);
        };
        let frame = self.top();
        frame.end = end;
        frame.bound = Bound::Outer;
        frame.finished_until = 0;
        // The path of the region around it changes.
        self.stack[depth - 2].finished_until = 0;
        Ok(true)
    }

    /// Ends the innermost region: the [`Event::Leave`] of its container, with its final
    /// end and next offset, or the end of the walk.
    fn leave(&mut self) -> io::Result<Option<Event>> {
        let frame = self.stack.pop().expect("a walk in progress has a region");
        let Some(mut container) = frame.container else {
            self.done = true;
            return Ok(None);
        };
        container.end = frame.end;
        let parent_end = self.stack.last().map_or(self.size, |parent| parent.end);
        let odd = (container.end - container.data_offset()) % 2 == 1;
        container.next = if odd && frame.bound != Bound::Placeholder {
            self.after_odd(container.end, parent_end)?
        } else {
            container.end
        };
        if let Some(parent) = self.stack.last_mut()
            && !parent.stopped
        {
            parent.pos = container.next;
        }
        Ok(Some(Event::Leave(container)))
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
            return self.leave();
        }
        let (pos, end, index, bound, container_of) =
            (frame.pos, frame.end, frame.next_index, frame.bound, frame.container);
        if end - pos < 8 {
            frame.stopped = true;
            return Ok(Some(Event::Problem(Problem { offset: pos, kind: ProblemKind::Trailing })));
        }
        let header = self.header(pos)?;
        if let Some(list) = container_of
            && bound == Bound::Placeholder
            && ends_placeholder_list(list.id, list.form, header.id)
        {
            self.top().end = pos;
            return self.leave();
        }
        let container = is_container(header.id);
        let data_offset = pos + 8;
        // R7: a placeholder, or an honest size.
        // A size of 0 with nothing after the header is honest (the chunk is empty, or
        // the container has no room for its form type: R6).
        let placeholder = header.placeholder
            && (header.size32 != 0
                || (data_offset < end && (container || !self.finished_empty(header.id, pos, end)?)));
        let declared_end = data_offset.checked_add(header.size);
        if !placeholder && declared_end.is_none_or(|e| e > end) && self.grow_short_container(&header, declared_end)? {
            let container = container_of.expect("only a container's size can be short");
            return Ok(Some(Event::Problem(Problem { offset: container.offset, kind: ProblemKind::ShortSize })));
        }
        self.walked += 1;
        self.top().next_index += 1;

        // Where a placeholder leaf's region goes on, after its pad byte if any.
        let mut split_next = None;
        let (data_end, overlong) = if !placeholder {
            let overlong = declared_end.is_none_or(|e| e > end);
            (declared_end.unwrap_or(u64::MAX).min(end), overlong)
        } else if container {
            (end, false)
        } else {
            let split = self.split(data_offset, end)?;
            if split.is_some() {
                // The chain after the leaf was checked to the end of the region.
                self.top().finished_until = end;
            }
            let next = split.unwrap_or(end);
            split_next = Some(next);
            (self.placeholder_data_end(header.id, data_offset, next)?, false)
        };
        let has_form = container && data_end - data_offset >= 4;
        let truncated = overlong || (container && !has_form);
        let next = if let Some(next) = split_next {
            next
        } else if overlong || placeholder || header.size % 2 == 0 {
            data_end
        } else {
            self.after_odd(data_end, end)?
        };
        let missing_pad = header.size % 2 == 1 && !truncated && !placeholder && next == data_end;
        let children = has_form && data_offset + 4 < data_end;
        let too_deep = children && depth >= MAX_DEPTH;

        let frame = self.top();
        if overlong {
            frame.stopped = true;
        } else {
            frame.pos = next;
        }

        let form = if has_form {
            let mut form = [0; 4];
            self.read_at(data_offset, &mut form)?;
            Some(FourCC::new(form))
        } else {
            None
        };
        let chunk = Chunk { id: header.id, offset: pos, size: header.size, form, depth, index, end: data_end, next };
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
            if header.id == FourCC::FMT && !placeholder && self.in_wave_form() && data_end - data_offset >= 14 {
                let mut block_align = [0; 2];
                self.read_at(data_offset + 12, &mut block_align)?;
                self.block_align = Some(match self.order {
                    ByteOrder::Little => u16::from_le_bytes(block_align),
                    ByteOrder::Big => u16::from_be_bytes(block_align),
                });
            }
            return Ok(Some(Event::Leaf(chunk)));
        }
        if depth == 1 {
            self.block_align = None;
        }
        self.stack.push(Frame {
            pos: data_offset.saturating_add(4),
            end: data_end,
            stopped: !children || too_deep,
            next_index: 0,
            container: Some(chunk),
            bound: if placeholder {
                Bound::Placeholder
            } else if truncated {
                Bound::Outer
            } else {
                Bound::Declared
            },
            finished_until: 0,
        });
        Ok(Some(Event::Enter(chunk)))
    }
}

impl<R: Read + Seek> Headers for Walker<R> {
    fn file_size(&self) -> u64 {
        self.size
    }

    fn order(&self) -> ByteOrder {
        self.order
    }

    fn read_at(&mut self, at: u64, buf: &mut [u8]) -> io::Result<()> {
        Walker::read_at(self, at, buf)
    }

    fn header(&mut self, at: u64) -> io::Result<Header> {
        let mut bytes = [0; 8];
        self.read_at(at, &mut bytes)?;
        let (id, size32) = self.order.read_header(&bytes);
        let mut header =
            Header { id, size32, size: u64::from(size32), placeholder: size32 == 0 || size32 == SIZE_IN_DS64 };
        if self.rf64 && size32 == SIZE_IN_DS64 {
            // The ds64 size; without one (a bad ds64, no table entry) the size field
            // stands as it is: too long for the file.
            let real = self.ds64_size(id);
            header.size = real.unwrap_or(header.size);
            header.placeholder = real == Some(0);
            if real == Some(0) {
                // A ds64 size of 0 is a size of 0: finished if nothing or a chain follows.
                header.size32 = 0;
            }
        }
        Ok(header)
    }

    fn sizes_in_ds64(&self) -> bool {
        self.rf64
    }

    fn zero_is_honest(&self) -> bool {
        self.zero_is_honest
    }

    fn spend(&mut self) -> io::Result<()> {
        self.looked_ahead += 1;
        let budget = LOOKAHEAD_BUDGET.max(self.size / 2).saturating_add(self.walked.saturating_mul(16));
        if self.looked_ahead > budget {
            return Err(io::Error::other(
                "too many chunk sizes that could be placeholders: the file would take too long to analyse",
            ));
        }
        Ok(())
    }

    fn scan_allowance(&mut self, bytes: u64) -> u64 {
        let budget = self.size.max(SPLIT_WINDOW).saturating_mul(4);
        let allowed = bytes.min(budget.saturating_sub(self.scanned));
        self.scanned += allowed;
        allowed
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
