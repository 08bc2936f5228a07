//! Turns one walk of the input into a [`Plan`]: each chunk gets the size of what it
//! holds, pad bytes go where they are missing, an incomplete last header is dropped.
//!
//! Chunks are settled inner first (a leaf at its [`Event::Leaf`], a container at its
//! [`Event::Leave`]), so a container's size includes the pad bytes inserted inside it.
//! A chunk's size may change only when the walk found a reason (a placeholder, a cut, a
//! short size, a missing pad byte, an inserted or dropped byte inside it); anything
//! else that disagrees is refused rather than guessed.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{Read, Seek, SeekFrom};

use super::edits::{Edits, Repaired};
use super::{Change, ChangeKind, Leftover, Plan, RepairError, RepairErrorKind};
use crate::fourcc::FourCC;
use crate::riff::chunk::{ByteOrder, is_form};
use crate::riff::counts;
use crate::riff::ds64::{DS64_OFFSET, Ds64};
use crate::riff::walk::{Chunk, Event, ProblemKind, Walker};

/// A summary of the chunks of a file (post-order: ids, form types, depths, offsets,
/// sizes), to check that a repaired file holds the planned chunks without keeping a
/// list of them.
#[derive(Default)]
pub(super) struct Digest(DefaultHasher);

impl Digest {
    /// Adds one settled chunk, at `offset` with `size` in the repaired file. The forms
    /// and the chunk at 12 are summed up without their id, which a promotion to RF64
    /// changes (RIFF to RF64, JUNK to ds64) after they were planned.
    pub fn add(&mut self, chunk: &Chunk, offset: u64, size: u64) {
        let promotable = is_form(chunk.id) || offset == DS64_OFFSET;
        (if promotable { FourCC::default() } else { chunk.id }).hash(&mut self.0);
        (chunk.form, chunk.depth, offset, size).hash(&mut self.0);
    }

    /// The sum.
    pub fn finish(&self) -> u64 {
        self.0.finish()
    }
}

/// A chunk being settled, with what the walk found about it.
struct Open {
    chunk: Chunk,
    problems: Vec<ProblemKind>,
    /// Zero bytes inserted inside it so far.
    inserted: u64,
    /// Where trailing bytes start inside it (R4).
    trailing: Option<u64>,
}

impl Open {
    fn new(chunk: Chunk) -> Open {
        Open { chunk, problems: Vec::new(), inserted: 0, trailing: None }
    }

    fn has(&self, kind: ProblemKind) -> bool {
        self.problems.contains(&kind)
    }
}

struct Planner<R> {
    walker: Walker<R>,
    len: u64,
    order: ByteOrder,
    /// The sizes of the input's ds64 chunk (RF64/BW64), or of the one a promotion
    /// makes.
    ds64: Option<Ds64>,
    promoted: bool,
    edits: Edits,
    changes: Vec<Change>,
    left: Vec<Leftover>,
    digest: Digest,
    /// The containers around the walk.
    stack: Vec<Open>,
    /// The last leaf, until its problems have come.
    leaf: Option<Open>,
    /// Trailing bytes at the top level.
    top_trailing: Option<u64>,
    /// A top-level chunk after a form that is no form: appended bytes, never edited;
    /// nothing after it is dropped.
    appended: bool,
    /// Where the last container whose last bytes are kept trailing bytes ends (with no
    /// pad byte after it). Trailing bytes right there are kept too: dropped, they would
    /// leave the kept ones at the end of the file, which a second repair would drop.
    kept_until: Option<u64>,
}

pub(super) fn plan<R: Read + Seek>(input: R) -> Result<Plan, RepairError> {
    let mut walker = Walker::new(input).map_err(|e| RepairError::io("cannot read", e))?;
    let ds64 = if walker.is_rf64() {
        Ds64::read(walker.reader_mut(), 0).map_err(|e| RepairError::io("cannot read", e))?
    } else {
        None
    };
    let mut planner = Planner {
        len: walker.file_size(),
        order: walker.byte_order(),
        ds64,
        promoted: false,
        edits: Edits::new(walker.file_size()),
        changes: Vec::new(),
        left: Vec::new(),
        digest: Digest::default(),
        stack: Vec::new(),
        leaf: None,
        top_trailing: None,
        appended: false,
        kept_until: None,
        walker,
    };
    while let Some(event) = planner.walker.next() {
        match event.map_err(|e| RepairError::io("cannot read", e))? {
            Event::Problem(problem) => planner.problem(problem.offset, problem.kind)?,
            Event::Leaf(chunk) => {
                planner.settle_leaf()?;
                planner.leaf = Some(Open::new(chunk));
            }
            Event::Enter(chunk) => {
                planner.settle_leaf()?;
                planner.stack.push(Open::new(chunk));
            }
            Event::Leave(chunk) => {
                planner.settle_leaf()?;
                let mut open = planner.stack.pop().expect("the walker leaves what it entered");
                open.chunk = chunk;
                planner.settle(open)?;
            }
        }
    }
    planner.settle_leaf()?;
    if let Some(at) = planner.top_trailing {
        planner.trailing_at_top(at);
    }
    // In file order (chunks are settled inner first).
    planner.left.sort_by_key(|l| (l.offset, l.kind));
    if planner.edits.output_len() == 0 {
        let message = "the file ends inside the header of its first chunk: there is nothing to keep";
        return Err(RepairError::refused(0, message));
    }
    planner.set_counts()?;
    let plan =
        Plan { edits: planner.edits, changes: planner.changes, left: planner.left, digest: planner.digest.finish() };
    // The result must read back as planned. A file whose chunks read differently once
    // their sizes are fixed (an empty chunk judged finished by a chain through an
    // unfinished list, which the fixed sizes then end early) is ambiguous: refused,
    // rather than repaired into something its own check would not accept.
    match plan.verify_structure(plan.repaired(planner.walker.into_inner())) {
        Err(error) if error.kind() == RepairErrorKind::Unverified => Err(RepairError {
            kind: RepairErrorKind::Refused,
            offset: None,
            message: format!(
                "the file reads differently once repaired (in the result, {error}): its chunks are ambiguous"
            ),
            source: None,
        }),
        Err(error) => Err(error),
        Ok(()) => Ok(plan),
    }
}

impl<R: Read + Seek> Planner<R> {
    /// Files a problem with the chunk or region it concerns.
    fn problem(&mut self, offset: u64, kind: ProblemKind) -> Result<(), RepairError> {
        match kind {
            ProblemKind::NotRiff => Err(RepairError::refused(offset, "not a RIFF file")),
            ProblemKind::BadDs64 => {
                Err(RepairError::refused(offset, "an RF64/BW64 file without a usable ds64 chunk at offset 12"))
            }
            ProblemKind::TooDeep => Err(RepairError::refused(
                offset,
                "a container nested too deep to look inside: its sizes cannot be checked",
            )),
            ProblemKind::Trailing => {
                match self.stack.last_mut() {
                    Some(open) => open.trailing = Some(offset),
                    None => self.top_trailing = Some(offset),
                }
                Ok(())
            }
            // The problems of the last leaf or container met, or (short-size) of the
            // container around the walk.
            _ => {
                let open = match &mut self.leaf {
                    Some(leaf) if leaf.chunk.offset == offset => Some(leaf),
                    _ => self.stack.iter_mut().rev().find(|open| open.chunk.offset == offset),
                };
                let Some(open) = open else {
                    return Err(RepairError::refused(offset, format!("{kind} of no chunk the walk is in")));
                };
                open.problems.push(kind);
                Ok(())
            }
        }
    }

    fn settle_leaf(&mut self) -> Result<(), RepairError> {
        match self.leaf.take() {
            Some(leaf) => self.settle(leaf),
            None => Ok(()),
        }
    }

    /// Gives one chunk its size, its pad byte and its place in the digest.
    fn settle(&mut self, mut open: Open) -> Result<(), RepairError> {
        let c = open.chunk;
        // Top-level bytes after a form that are no form (and what they hold): appended
        // by someone else, never edited.
        let appended = |c: &Chunk| c.depth == 1 && !is_form(c.id);
        if appended(&c) || self.stack.first().is_some_and(|top| appended(&top.chunk)) {
            for &kind in &open.problems {
                let reason = format!("{} bytes after the end of the form that are not a chunk", self.len - c.offset);
                self.left.push(Leftover { offset: c.offset, kind, reason });
            }
            self.appended = true;
            self.digest.add(&c, self.edits.map(c.offset), c.size);
            return Ok(());
        }
        // An incomplete header at the end of the file: dropped. Right after trailing
        // bytes kept inside a container, dropping it would leave them at the end of the
        // file (a second repair would drop them), and keeping it could leave it in the
        // middle of the result (after a pad byte): such a file is refused.
        if c.is_container() && c.form.is_none() {
            if c.end != self.len {
                let message = format!("the container '{}' has no room for its type, in the middle of the file", c.id);
                return Err(RepairError::refused(c.offset, message));
            }
            if self.kept_until == Some(c.offset) {
                let message = format!(
                    "the incomplete header of '{}' at the end of the file follows stray bytes inside a chunk",
                    c.id
                );
                return Err(RepairError::refused(c.offset, message));
            }
            self.drop_tail(c.offset, format!("the incomplete header of '{}' at the end of the file", c.id));
            return Ok(());
        }
        // A chunk that runs past the end of the file is cut (or its size was written
        // ahead, too big): it keeps what is there. Past its parent's end elsewhere, no
        // size can say what the bytes are.
        if open.has(ProblemKind::Truncated) && c.end != self.len {
            let message = format!("'{}' runs past the end of its parent, in the middle of the file", c.id);
            return Err(RepairError::refused(c.offset, message));
        }
        let mut end = c.end;
        // Why the size may change though the walk found nothing wrong with it.
        let mut reshaped = None;
        // Its last bytes are kept trailing bytes (its own, or its last chunk's).
        let mut ends_kept_bytes = self.kept_until == Some(end);
        if let Some(at) = open.trailing {
            if end == self.len && self.kept_until != Some(at) {
                self.drop_tail(at, format!("{} bytes after the last chunk of '{}'", end - at, c.id));
            } else {
                let reason = format!("{} bytes inside '{}' after its last chunk", end - at, c.id);
                self.left.push(Leftover { offset: at, kind: ProblemKind::Trailing, reason });
                ends_kept_bytes = true;
            }
        }
        if c.is_container() && end > self.edits.kept_len() {
            end = self.edits.kept_len();
            reshaped = Some("bytes dropped at its end");
        }
        let data = c.offset + 8;
        let mut size = end - data + open.inserted;
        let pad_follows = c.next > c.end && c.end < self.edits.kept_len();
        let pad_inserted = size % 2 == 1 && !pad_follows;
        if pad_inserted {
            self.insert_pad(&c, end);
        } else if size.is_multiple_of(2) && pad_follows {
            // The byte after the chunk was its pad byte; with a pad byte inserted at its
            // end for its last child, it needs none: that byte becomes the child's pad
            // byte instead, and nothing moves.
            if open.inserted == 0 || !self.edits.take_back_insert(end) {
                let message =
                    format!("'{}' is followed by a pad byte it does not need: fixing it would move data", c.id);
                return Err(RepairError::refused(c.offset, message));
            }
            // Its entry in the plan goes too (the chunk's own size change came after it).
            let taken = self.changes.iter().rposition(|change| {
                change.offset == end && matches!(change.kind, ChangeKind::InsertPad | ChangeKind::AppendPad)
            });
            if let Some(taken) = taken {
                self.changes.remove(taken);
            }
            for outer in &mut self.stack {
                outer.inserted -= 1;
            }
            open.inserted -= 1;
            size = end + 1 - data + open.inserted;
            reshaped = Some("the pad byte after it belongs to its last chunk");
        }
        if ends_kept_bytes {
            // What follows right after them, with no pad byte between, is kept too.
            self.kept_until = (c.next == c.end && !pad_inserted).then_some(c.end);
        }
        if size != c.size {
            let reason = self.why(&open, reshaped)?;
            self.set_size(&c, size, reason)?;
        }
        self.digest.add(&c, self.edits.map(c.offset), size);
        Ok(())
    }

    /// Why the size of `open` changes.
    fn why(&self, open: &Open, reshaped: Option<&str>) -> Result<String, RepairError> {
        let c = &open.chunk;
        let reason = [
            (ProblemKind::SizePlaceholder, "a placeholder left by a streaming writer"),
            (ProblemKind::Truncated, "the file ends inside it"),
            (ProblemKind::ShortSize, "it was shorter than the chunks it holds"),
            (ProblemKind::MissingPad, "a chunk in it lacked its pad byte"),
        ]
        .into_iter()
        .find(|(kind, _)| open.has(*kind))
        .map(|(_, why)| why.to_string());
        match reason {
            Some(reason) => Ok(reason),
            None if open.inserted > 0 => Ok("pad bytes inserted inside it".to_string()),
            None => match reshaped {
                Some(why) => Ok(why.to_string()),
                None => {
                    let message = format!("the size of '{}' disagrees with what it holds, with no known cause", c.id);
                    Err(RepairError::refused(c.offset, message))
                }
            },
        }
    }

    /// Inserts the missing pad byte of `c`, whose data ends at `end`.
    fn insert_pad(&mut self, c: &Chunk, end: u64) {
        self.edits.insert(end);
        for outer in &mut self.stack {
            outer.inserted += 1;
        }
        let kind = if end == self.edits.kept_len() { ChangeKind::AppendPad } else { ChangeKind::InsertPad };
        self.changes.push(Change { offset: end, kind, reason: format!("the pad byte of '{}' at {}", c.id, c.offset) });
    }

    /// Drops the input from `at` to its end.
    fn drop_tail(&mut self, at: u64, reason: String) {
        if at < self.edits.kept_len() {
            self.changes.push(Change {
                offset: at,
                kind: ChangeKind::DropTail { len: self.edits.kept_len() - at },
                reason,
            });
            self.edits.cut(at);
        }
    }

    /// Trailing bytes at the top level: dropped, unless they follow appended bytes.
    fn trailing_at_top(&mut self, at: u64) {
        if self.appended || self.kept_until == Some(at) {
            let reason = format!("{} bytes after the end of the form", self.len - at);
            self.left.push(Leftover { offset: at, kind: ProblemKind::Trailing, reason });
        } else {
            self.drop_tail(at, format!("{} bytes after the last form", self.len - at));
        }
    }

    fn read<const N: usize>(&mut self, at: u64) -> Result<[u8; N], RepairError> {
        let mut bytes = [0; N];
        let reader = self.walker.reader_mut();
        reader
            .seek(SeekFrom::Start(at))
            .and_then(|_| reader.read_exact(&mut bytes))
            .map_err(|e| RepairError::io("cannot read", e))?;
        Ok(bytes)
    }

    /// Sets the count fields that disagree with the data of the repaired file.
    fn set_counts(&mut self) -> Result<(), RepairError> {
        let input = self.walker.reader_mut();
        let stale = counts::audit(Repaired::new(input, &self.edits)).map_err(|e| RepairError::io("cannot read", e))?;
        for count in stale {
            let Some(at) = self.edits.unmap(count.offset) else { continue };
            let bytes = match count.field.width() {
                8 => count.expected.to_le_bytes().to_vec(),
                _ => self.order.write_u32(count.expected as u32).to_vec(),
            };
            self.edits.patch(at, &bytes);
            let kind = ChangeKind::Count { field: count.field, old: count.found, new: count.expected };
            let reason = "what the data holds".to_string();
            self.changes.push(Change { offset: at, kind, reason });
        }
        Ok(())
    }

    /// Gives `c` the size `size`: in its 32-bit field, or in an RF64 file whose field
    /// says 0xFFFFFFFF (or when the size needs 64 bits) in the ds64 chunk. A RIFF file
    /// that needs a size over 4 GiB becomes RF64 first.
    fn set_size(&mut self, c: &Chunk, size: u64, reason: String) -> Result<(), RepairError> {
        let field = c.offset + 4;
        let old32 = self.order.read_u32(self.read(field)?);
        let wide = size >= u64::from(u32::MAX);
        if wide && self.ds64.is_none() {
            self.promote()?;
        }
        let in_ds64 = wide || old32 == u32::MAX || (self.promoted && c.offset == 0);
        if let Some(ds64) = self.ds64.as_ref().filter(|_| in_ds64) {
            // The form at offset 0 has riffSize, whatever its id was before promotion.
            let id = if c.offset == 0 { FourCC::RF64 } else { c.id };
            let Some(at) = ds64.size_field(id) else {
                let message = format!("the size of '{}' needs 64 bits, and the ds64 chunk has no entry for it", c.id);
                return Err(RepairError::refused(c.offset, message));
            };
            let old = u64::from_le_bytes(self.read(at)?);
            self.edits.patch(at, &size.to_le_bytes());
            self.changes.push(Change { offset: at, kind: ChangeKind::Size64 { id: c.id, old, new: size }, reason });
            if old32 != u32::MAX {
                self.edits.patch(field, &u32::MAX.to_le_bytes());
                let kind = ChangeKind::Size32 { id: c.id, old: old32, new: u32::MAX };
                self.changes.push(Change { offset: field, kind, reason: "its size is in the ds64 chunk".into() });
            }
        } else {
            let new = size as u32;
            self.edits.patch(field, &self.order.write_u32(new));
            self.changes.push(Change { offset: field, kind: ChangeKind::Size32 { id: c.id, old: old32, new }, reason });
        }
        Ok(())
    }

    /// Turns the RIFF file into RF64 (EBU Tech 3306): the `JUNK` chunk its writer
    /// reserved at offset 12 becomes the `ds64` chunk, with zero sizes until set.
    fn promote(&mut self) -> Result<(), RepairError> {
        let ds64 = Ds64::new(0);
        let patches = ds64.promote(self.walker.reader_mut(), FourCC::RF64).map_err(|_| {
            let message = "sizes over 4 GiB need an RF64 file, and there is no JUNK chunk of 28 bytes or more \
                           right after the form header to become its ds64 chunk";
            RepairError::refused(0, message)
        })?;
        for patch in patches {
            self.edits.patch(patch.offset, &patch.bytes);
        }
        self.changes.push(Change {
            offset: 0,
            kind: ChangeKind::PromoteToRf64,
            reason: "a size passes 4 GiB".to_string(),
        });
        self.ds64 = Some(ds64);
        self.promoted = true;
        Ok(())
    }
}
