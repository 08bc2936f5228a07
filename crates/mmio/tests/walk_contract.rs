//! The walker against a second, deliberately naive reading of the `mmio tree --json`
//! contract and of the look-ahead rules of `docs/repair.md` (recursive, u128, written
//! from the rule text alone), on thousands of random, mutated, crashed and
//! hand-shaped RIFF files: same chunks, same sizes, same forms, same data ends and next
//! offsets, same problems in the same order.
//!
//! The reference follows the text literally and slowly: a chain is followed by plain
//! recursion, a placeholder leaf's end is found by trying every offset of its data from
//! the first, a short size is tried chunk by chunk. Nothing here is shared with the
//! walker but the file bytes.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Cursor;

use common::crash::{self, Writer};
use common::rng::Rng;
use winmmio::riff::{ByteOrder, Event, Walker};

/// A chunk as the contract's JSON shows it, with where its data ends and where the
/// next chunk of its region starts.
#[derive(Debug, PartialEq, Eq)]
struct Node {
    id: [u8; 4],
    offset: u64,
    size: u64,
    form: Option<[u8; 4]>,
    end: u64,
    next: u64,
    children: Option<Vec<Node>>,
}

/// riffSize, dataSize and the table of a usable ds64 chunk.
type Ds64Sizes = (u64, u64, Vec<([u8; 4], u64)>);

/// The bytes of a placeholder leaf's region looked at for a chain after it.
const SPLIT_WINDOW: u128 = 64 << 20;

/// A chunk header as the rules see it.
#[derive(Copy, Clone, Debug)]
struct Hdr {
    id: [u8; 4],
    /// The size field, or its ds64 size (R8).
    size: u128,
    /// 0xFFFFFFFF in a RIFF or RIFX file: always a placeholder (R7).
    all_ones: bool,
}

/// How a chain ends.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Tail {
    /// Exactly at the end of its region.
    Exact,
    /// With an open element: a placeholder, or an incomplete header at the end of the file.
    Open,
    /// With a chunk of size 0 as its only open element (what follows it is no chain).
    OpenEmpty,
    /// Before a form header at this offset (when a form ends the chain).
    Form(u128),
}

/// Where a region's end comes from.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Bound {
    /// The file, or the parent's region, or a short size already fixed.
    Outer,
    /// The container's own size, inside a parent region ending at `outer` (R5).
    Declared { outer: u128 },
    /// A placeholder: the parent's region, until a chunk the container cannot hold (R7).
    Placeholder,
}

/// The container whose children a region holds.
#[derive(Copy, Clone, Debug)]
struct Parent {
    id: [u8; 4],
    form: [u8; 4],
    offset: u128,
    depth: u32,
}

/// The contract, rule by rule, with plain recursion and u128 arithmetic.
struct Reference<'a> {
    b: &'a [u8],
    len: u128,
    big: bool,
    rf64: bool,
    ds64: Option<Ds64Sizes>,
    /// The form's size field is 0xFFFFFFFF in a RIFF or RIFX file.
    zero_is_final: bool,
    /// The block align of the current WAVE form's finished `fmt ` chunk.
    block_align: Option<u16>,
    problems: Vec<(u64, &'static str)>,
}

fn le32(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().unwrap())
}

fn le64(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().unwrap())
}

fn is_form(id: &[u8]) -> bool {
    matches!(id, b"RIFF" | b"RIFX" | b"RF64" | b"BW64")
}

fn is_container(id: &[u8]) -> bool {
    is_form(id) || id == b"LIST"
}

/// Four printable ASCII characters, the first not a space (or the start of such an id).
fn plausible(id: &[u8]) -> bool {
    !id.is_empty() && id[0] != b' ' && id.iter().all(|&c| (0x20..=0x7e).contains(&c))
}

fn reference(b: &[u8]) -> (Vec<Node>, Vec<(u64, &'static str)>) {
    let magic = b.get(..4);
    if !matches!(magic, Some(b"RIFF" | b"RIFX" | b"RF64" | b"BW64")) {
        return (Vec::new(), vec![(0, "not-riff")]); // R1
    }
    let rf64 = matches!(magic, Some(b"RF64" | b"BW64"));
    let mut r = Reference {
        b,
        len: b.len() as u128,
        big: magic == Some(b"RIFX"),
        rf64,
        ds64: None,
        zero_is_final: !rf64 && b.get(4..8) == Some(&[0xff; 4]),
        block_align: None,
        problems: Vec::new(),
    };
    if rf64 {
        // R8
        if b.len() >= 48 && &b[12..16] == b"ds64" && le32(b, 16) >= 28 {
            let limit = (20 + u64::from(le32(b, 16))).min(b.len() as u64);
            let mut table = Vec::new();
            let mut i = 0u64;
            while i < u64::from(le32(b, 44)) && 48 + 12 * (i + 1) <= limit {
                let at = (48 + 12 * i) as usize;
                table.push((b[at..at + 4].try_into().unwrap(), le64(b, at + 4)));
                i += 1;
            }
            r.ds64 = Some((le64(b, 20), le64(b, 28), table));
        } else {
            r.problems.push((0, "bad-ds64"));
        }
    }
    let (chunks, _, _) = r.region(0, r.len, 1, None, Bound::Outer);
    (chunks, r.problems)
}

impl Reference<'_> {
    fn bytes(&self, at: u128, n: usize) -> &[u8] {
        &self.b[at as usize..at as usize + n]
    }

    /// The header at `at` (8 bytes in the file): R2 byte order, R8 ds64 sizes.
    fn header(&self, at: u128) -> Hdr {
        let id: [u8; 4] = self.bytes(at, 4).try_into().unwrap();
        let field: [u8; 4] = self.bytes(at + 4, 4).try_into().unwrap();
        let size32 = if self.big { u32::from_be_bytes(field) } else { u32::from_le_bytes(field) };
        if size32 != u32::MAX {
            return Hdr { id, size: u128::from(size32), all_ones: false };
        }
        if !self.rf64 {
            return Hdr { id, size: u128::from(size32), all_ones: true };
        }
        let from_ds64 = self.ds64.as_ref().and_then(|(riff, data, table)| match &id {
            b"RF64" | b"BW64" => Some(*riff),
            b"data" => Some(*data),
            _ => table.iter().find(|(t, _)| *t == id).map(|&(_, s)| s),
        });
        // Without a ds64 size the field stands as it is; a ds64 size of 0 is a size of 0.
        Hdr { id, size: u128::from(from_ds64.unwrap_or(u64::from(size32))), all_ones: false }
    }

    /// A plausible header starts at `at` and fits before `end`.
    fn plausible_header(&self, at: u128, end: u128) -> bool {
        at + 8 <= end && plausible(self.bytes(at, 4))
    }

    /// R9: where the next chunk starts after an odd-sized chunk whose data ends at `e`.
    fn after_odd(&self, e: u128, end: u128) -> u128 {
        if e == end {
            return e; // its region ends right there
        }
        if self.plausible_header(e, end) && !self.plausible_header(e + 1, end) {
            return e; // the writer forgot the pad byte
        }
        e + 1
    }

    /// The last bytes of the file, from `at` (fewer than 8), read as the start of a
    /// header; `after_empty` when they follow a chunk of size 0.
    fn incomplete_header(&self, at: u128, after_empty: bool) -> bool {
        let rest = &self.b[at as usize..];
        let id = &rest[..rest.len().min(4)];
        if after_empty && !self.zero_is_final {
            return false; // they may be the empty chunk's first data bytes
        }
        plausible(id)
    }

    /// A chain from `at` to exactly `end`; with `stop_at_form`, a form header ends it.
    fn chain(&self, at: u128, end: u128, stop_at_form: bool, after_empty: bool) -> Option<Tail> {
        if at == end {
            return Some(Tail::Exact);
        }
        if end - at < 8 {
            return (end == self.len && self.incomplete_header(at, after_empty)).then_some(Tail::Open);
        }
        let h = self.header(at);
        if !plausible(&h.id) {
            return None;
        }
        if stop_at_form && is_form(&h.id) {
            return Some(Tail::Form(at));
        }
        let container = is_container(&h.id);
        if container && end - at < 12 {
            // A container header without its type: open at the end of the file.
            return (end == self.len).then_some(Tail::Open);
        }
        if h.all_ones || (container && h.size == 0) {
            return Some(Tail::Open);
        }
        if h.size == 0 {
            // Finished and empty, or open (then whatever follows is its data).
            return self.chain(at + 8, end, stop_at_form, true).or(Some(Tail::OpenEmpty));
        }
        if container && h.size < 4 {
            return None;
        }
        let e = at + 8 + h.size;
        if e > end {
            return None;
        }
        let next = if h.size % 2 == 1 { self.after_odd(e, end) } else { e };
        self.chain(next, end, stop_at_form, false)
    }

    /// A chain of finished chunks from `at` to exactly `end`.
    fn finished_chain(&self, at: u128, end: u128) -> bool {
        self.finished_headers(at, end).is_some()
    }

    /// The headers in the chain of finished chunks from `at` to exactly `end`, with
    /// those inside its containers (8 levels deep, where they are such chains).
    fn finished_headers(&self, at: u128, end: u128) -> Option<u128> {
        if at == end {
            return Some(0);
        }
        if end - at < 8 {
            return None;
        }
        let h = self.header(at);
        let container = is_container(&h.id);
        if !plausible(&h.id) || h.all_ones || (container && h.size < 4) {
            return None;
        }
        let e = at + 8 + h.size;
        if e > end {
            return None;
        }
        let rest = self.finished_headers(if h.size % 2 == 1 { self.after_odd(e, end) } else { e }, end)?;
        let inside = if container { self.descendants(at + 12, e, 8) } else { 0 };
        Some(1 + inside + rest)
    }

    /// The headers from `at` to exactly `end` when they are a chain of finished chunks
    /// whose size fields are not 0xFFFFFFFF (ds64 sizes do not count here), with those
    /// inside its containers, `levels` deep; else 0.
    fn descendants(&self, at: u128, end: u128, levels: u32) -> u128 {
        if levels == 0 || at == end || end - at < 8 {
            return 0;
        }
        let id = self.bytes(at, 4);
        let field: [u8; 4] = self.bytes(at + 4, 4).try_into().unwrap();
        let size = if self.big { u32::from_be_bytes(field) } else { u32::from_le_bytes(field) };
        if !plausible(id) || size == u32::MAX || (is_container(id) && size < 4) {
            return 0;
        }
        let e = at + 8 + u128::from(size);
        if e > end {
            return 0;
        }
        let inside = if is_container(id) { self.descendants(at + 12, e, levels - 1) } else { 0 };
        let next = if size % 2 == 1 { self.after_odd(e, end) } else { e };
        if next == end {
            return 1 + inside;
        }
        match self.descendants(next, end, levels) {
            0 => 0,
            n => n + 1 + inside,
        }
    }

    /// R7: where a placeholder leaf whose data starts at `data` ends, in a region
    /// ending at `end`: of the offsets in the last 64 MiB from which a chain of
    /// finished chunks ends exactly at `end`, the one whose chain has the most headers
    /// (those inside its containers included), the earliest of those; never one that leaves
    /// the data an odd length, without its pad byte, when a chain also starts one byte
    /// later.
    fn split(&self, data: u128, end: u128) -> Option<u128> {
        let low = data.max(end.saturating_sub(SPLIT_WINDOW));
        let mut best: Option<(u128, u128)> = None;
        for q in low..end.saturating_sub(7) {
            let Some(headers) = self.finished_headers(q, end) else { continue };
            let eligible = (q - data).is_multiple_of(2) || !self.finished_chain(q + 1, end);
            if eligible && best.is_none_or(|(_, most)| headers > most) {
                best = Some((q, headers));
            }
        }
        best.map(|(q, _)| q)
    }

    /// The WAVE rule: a `data` chunk's length is a whole number of frames, so one byte
    /// more before `to` (a chain, or the region's end) is the pad byte of an odd size;
    /// with 1-byte frames, when that byte is 0.
    fn data_end_before(&self, h: &Hdr, parent: Option<Parent>, data: u128, to: u128) -> u128 {
        let in_wave = parent.is_some_and(|p| p.depth == 1 && &p.form == b"WAVE");
        let len = to - data;
        if &h.id != b"data" || !in_wave || len == 0 || len % 2 == 1 {
            return to;
        }
        let pad = match self.block_align.map(u128::from) {
            None | Some(0) => false,
            Some(1) => self.b[to as usize - 1] == 0,
            Some(frame) => (len - 1).is_multiple_of(frame),
        };
        if pad { to - 1 } else { to }
    }

    /// A placeholder container cannot hold this chunk: it ended before it.
    fn cannot_hold(parent: &Parent, id: &[u8; 4]) -> bool {
        if is_form(id) {
            return true;
        }
        &parent.id == b"LIST"
            && ((&parent.form == b"movi" && id == b"idx1") || (&parent.form == b"INFO" && id[0] != b'I'))
    }

    /// Walks the region `[start, end)` whose chunks are at `depth`; returns them, the
    /// region's final end and bound.
    fn region(
        &mut self,
        start: u128,
        mut end: u128,
        depth: u32,
        parent: Option<Parent>,
        mut bound: Bound,
    ) -> (Vec<Node>, u128, Bound) {
        let mut out = Vec::new();
        let mut p = start;
        while p < end {
            if end - p < 8 {
                self.problems.push((p as u64, "trailing")); // R4
                break;
            }
            let h = self.header(p);
            if bound == Bound::Placeholder && Self::cannot_hold(&parent.unwrap(), &h.id) {
                end = p;
                break;
            }
            let data = p + 8;
            let container = is_container(&h.id);
            // R7; an empty idx1 is not finished by an open empty chunk (its entries
            // look like empty chunks).
            let chained = |tail: Option<Tail>| match tail {
                Some(Tail::OpenEmpty) => &h.id != b"idx1",
                other => other.is_some(),
            };
            let placeholder = h.all_ones
                || (h.size == 0 && data < end && (container || !chained(self.chain(data, end, false, true))));
            let declared_end = data + h.size;
            // R5: a complete chunk passing its container's own size shows the size short.
            if !placeholder
                && declared_end > end
                && let (Some(c), Bound::Declared { outer }) = (parent, bound)
                && declared_end <= outer
            {
                let after = if h.size % 2 == 1 { self.after_odd(declared_end, outer) } else { declared_end };
                let grown = if c.depth == 1 {
                    match self.chain(after, outer, true, false) {
                        Some(Tail::Form(at)) => Some(at),
                        Some(_) => Some(outer),
                        None => None,
                    }
                } else {
                    self.chain(after, outer, false, false).map(|_| after)
                };
                if let Some(grown) = grown {
                    self.problems.push((c.offset as u64, "short-size"));
                    end = grown;
                    bound = Bound::Outer;
                    continue;
                }
            }
            let (data_end, overlong, chain_at) = if !placeholder {
                (declared_end.min(end), declared_end > end, None)
            } else if container {
                (end, false, None)
            } else {
                // Up to the chain that ends the region, or to the region's end; a WAVE
                // form's samples may leave the last byte before it as their pad byte.
                let to = self.split(data, end).unwrap_or(end);
                (self.data_end_before(&h, parent, data, to), false, Some(to))
            };
            let has_form = container && data_end - data >= 4; // R6
            let truncated = overlong || (container && !has_form);
            let mut next = match chain_at {
                Some(q) => q,
                None if overlong || placeholder || h.size.is_multiple_of(2) => data_end,
                None => self.after_odd(data_end, end),
            };
            // R9, judged from the declared size when the walk meets the chunk (a
            // container whose size proves short says so with short-size, not again here).
            let missing_pad = h.size % 2 == 1 && !truncated && !placeholder && next == data_end;
            for (yes, kind) in
                [(placeholder, "size-placeholder"), (truncated, "truncated"), (missing_pad, "missing-pad")]
            {
                if yes {
                    self.problems.push((p as u64, kind));
                }
            }
            let mut node =
                Node { id: h.id, offset: p as u64, size: h.size as u64, form: None, end: 0, next: 0, children: None };
            if container {
                if depth == 1 {
                    self.block_align = None;
                }
                let mut final_end = data_end;
                let mut children = Vec::new();
                if has_form {
                    let form: [u8; 4] = self.bytes(data, 4).try_into().unwrap();
                    node.form = Some(form);
                    if data + 4 < data_end && depth >= 256 {
                        self.problems.push((p as u64, "too-deep")); // R10
                    } else if depth < 256 {
                        let child_bound = if placeholder {
                            Bound::Placeholder
                        } else if truncated {
                            Bound::Outer
                        } else {
                            Bound::Declared { outer: end }
                        };
                        let me = Parent { id: h.id, form, offset: p, depth };
                        let (kids, kids_end, _) = self.region(data + 4, data_end, depth + 1, Some(me), child_bound);
                        children = kids;
                        final_end = kids_end;
                    }
                }
                // Where the next chunk starts depends on where the container ends in fact.
                next = if !placeholder && (final_end - data) % 2 == 1 {
                    self.after_odd(final_end, end)
                } else {
                    final_end
                };
                node.end = final_end as u64;
                node.children = Some(children);
            } else {
                if &h.id == b"fmt "
                    && !placeholder
                    && parent.is_some_and(|c| c.depth == 1 && &c.form == b"WAVE")
                    && data_end - data >= 14
                {
                    let align: [u8; 2] = self.bytes(data + 12, 2).try_into().unwrap();
                    self.block_align =
                        Some(if self.big { u16::from_be_bytes(align) } else { u16::from_le_bytes(align) });
                }
                node.end = data_end as u64;
            }
            node.next = next as u64;
            out.push(node);
            if overlong {
                break; // R5: nothing after an overlong chunk is read
            }
            p = next;
        }
        (out, end, bound)
    }
}

/// The walker's events as the same tree.
fn walked(b: &[u8]) -> (Vec<Node>, Vec<(u64, &'static str)>) {
    let mut stack: Vec<Vec<Node>> = vec![Vec::new()];
    let mut problems = Vec::new();
    for event in Walker::new(Cursor::new(b.to_vec())).unwrap() {
        match event.unwrap() {
            Event::Enter(c) | Event::Leaf(c) => {
                let node = Node {
                    id: c.id.bytes(),
                    offset: c.offset,
                    size: c.size,
                    form: c.form.map(|f| f.bytes()),
                    end: c.end,
                    next: c.next,
                    children: c.is_container().then(Vec::new),
                };
                stack.last_mut().unwrap().push(node);
                if c.is_container() {
                    stack.push(Vec::new());
                }
            }
            Event::Leave(c) => {
                let children = stack.pop().unwrap();
                let node = stack.last_mut().unwrap().last_mut().unwrap();
                assert_eq!(node.offset, c.offset, "Leave of another chunk");
                node.children = Some(children);
                node.end = c.end;
                node.next = c.next;
            }
            Event::Problem(p) => problems.push((p.offset, p.kind.name())),
            other => panic!("an event the contract does not know: {other:?}"),
        }
    }
    assert_eq!(stack.len(), 1, "every Enter has its Leave");
    (stack.pop().unwrap(), problems)
}

/// Checks that the walker and the reference agree on `file`; counts, per problem kind,
/// the files that show it.
fn agree(file: &[u8], what: &str, seen: &mut BTreeMap<&'static str, usize>) {
    let (got, want) = (walked(file), reference(file));
    if got != want {
        // Long files are shown by their start; the case number replays them.
        let shown = &file[..file.len().min(400)];
        panic!("{what}: {} bytes, from {shown:02x?}\n walker:    {got:?}\n reference: {want:?}", file.len());
    }
    for kind in got.1.iter().map(|&(_, kind)| kind).collect::<BTreeSet<_>>() {
        *seen.entry(kind).or_default() += 1;
    }
}

/// Prints how many files showed each problem, and checks that the inputs still reach
/// the rules they are meant for: at least `min` files for each kind of `kinds`.
fn reached(seen: &BTreeMap<&'static str, usize>, files: usize, kinds: &[&str], min: usize) {
    eprintln!("{files} files; files per problem: {seen:?}");
    for kind in kinds {
        let n = seen.get(kind).copied().unwrap_or(0);
        assert!(n >= min, "only {n} files show {kind}: the inputs no longer reach that rule");
    }
}

const IDS: [&[u8; 4]; 9] = [b"RIFF", b"LIST", b"RIFX", b"RF64", b"BW64", b"data", b"ds64", b"abcd", b"fmt "];

/// Chunks whose sizes are mostly right, sometimes 0, 0xFFFFFFFF, off by one or three.
fn chunks(rng: &mut Rng, depth: u32) -> Vec<u8> {
    let mut out = Vec::new();
    for _ in 0..rng.below(4) {
        let id = *rng.pick(&IDS);
        let mut body = Vec::new();
        if matches!(id, b"RIFF" | b"LIST" | b"RIFX" | b"RF64" | b"BW64") && depth < 5 {
            body.extend_from_slice(*rng.pick(&IDS));
            body.extend(chunks(rng, depth + 1));
        } else {
            body.extend((0..rng.below(8)).map(|_| rng.below(4) as u8));
        }
        let len = body.len() as u32;
        let size = match rng.below(10) {
            0 => *rng.pick(&[0, u32::MAX, len + 1, len.saturating_sub(1), len + 3]),
            _ => len,
        };
        out.extend_from_slice(id);
        out.extend_from_slice(&size.to_le_bytes());
        out.extend_from_slice(&body);
        if len % 2 == 1 && rng.below(10) < 7 {
            out.push(0);
        }
    }
    out
}

/// Random byte changes, cuts, ids written over anything, bytes appended.
fn mutate(rng: &mut Rng, file: &mut Vec<u8>, times: usize) {
    for _ in 0..times {
        if file.len() < 5 {
            break;
        }
        let at = rng.below(file.len() - 4);
        match rng.below(4) {
            0 => file[at] = rng.next() as u8,
            1 => file.truncate(at),
            2 => file[at..at + 4].copy_from_slice(*rng.pick(&IDS)),
            _ => file.extend((0..rng.below(9)).map(|_| rng.next() as u8)),
        }
    }
}

/// A random RIFF-family file, sometimes with a ds64 chunk, then mutated.
fn random_file(rng: &mut Rng) -> Vec<u8> {
    let magic = *rng.pick(&[b"RIFF", b"RIFF", b"RF64", b"BW64", b"RIFX", b"LIST"]);
    let mut body = rng.pick(&[b"WAVE", b"TEST"]).to_vec();
    if matches!(magic, b"RF64" | b"BW64") && rng.below(10) < 7 {
        let entries = rng.below(4);
        let mut ds = Vec::new();
        for value in [rng.below(200), rng.below(40), 0] {
            ds.extend_from_slice(&(value as u64).to_le_bytes());
        }
        ds.extend_from_slice(&(*rng.pick(&[entries, entries + 5, 0]) as u32).to_le_bytes());
        for _ in 0..entries {
            ds.extend_from_slice(*rng.pick(&IDS));
            ds.extend_from_slice(&(rng.below(40) as u64).to_le_bytes());
        }
        let declared = ds.len() as u32 - *rng.pick(&[0, 0, 12]);
        body.extend_from_slice(b"ds64");
        body.extend_from_slice(&declared.to_le_bytes());
        body.extend_from_slice(&ds);
    }
    body.extend(chunks(rng, 2));
    let size = if rng.below(10) < 8 { body.len() as u32 } else { *rng.pick(&[0, u32::MAX, body.len() as u32 + 2]) };
    let mut file = magic.to_vec();
    file.extend_from_slice(&if magic == b"RIFX" { size.to_be_bytes() } else { size.to_le_bytes() });
    file.extend_from_slice(&body);
    let times = rng.below(3);
    mutate(rng, &mut file, times);
    file
}

/// A file a crashed streaming writer left (the repair simulation's writers), sometimes
/// mutated further.
fn crashed_file(rng: &mut Rng) -> Vec<u8> {
    let form = crash::random_form(rng);
    let order = if rng.below(10) == 0 { ByteOrder::Big } else { ByteOrder::Little };
    let placeholder = if rng.below(2) == 0 { 0 } else { u32::MAX };
    let wave = matches!(&form, crash::Node::List { kind, .. } if kind == b"WAVE");
    let writer = if wave && rng.below(3) == 0 { Writer::Pipe(placeholder) } else { Writer::Seekable(placeholder) };
    let (file, chunks) = crash::write(&form, order, writer);
    // Cut anywhere, or a few bytes into a header.
    let cut = if rng.below(3) == 0 {
        let c = rng.pick(&chunks);
        (c.offset as usize + rng.below(13)).min(file.len())
    } else {
        rng.below(file.len() + 1)
    };
    let mut crashed = crash::crash(&file, &chunks, order, writer, cut, rng.below(2) == 0);
    if rng.below(4) == 0 {
        let times = 1 + rng.below(2);
        mutate(rng, &mut crashed, times);
    }
    crashed
}

/// A chunk tree for the hand-shaped files: sizes and pad bytes as given.
enum Piece {
    Leaf { id: [u8; 4], body: Vec<u8>, size: Option<u32>, pad: bool },
    List { id: [u8; 4], kind: [u8; 4], children: Vec<Piece>, size: Option<u32>, pad: bool },
}

impl Piece {
    fn leaf(id: &[u8; 4], body: Vec<u8>) -> Piece {
        Piece::Leaf { id: *id, body, size: None, pad: true }
    }

    fn list(id: &[u8; 4], kind: &[u8; 4], children: Vec<Piece>) -> Piece {
        Piece::List { id: *id, kind: *kind, children, size: None, pad: true }
    }

    /// The bytes of its data (a container's type included).
    fn body_len(&self) -> usize {
        match self {
            Piece::Leaf { body, .. } => body.len(),
            Piece::List { children, .. } => 4 + children.iter().map(Piece::written_len).sum::<usize>(),
        }
    }

    /// The bytes it takes in the file: header, data, pad byte.
    fn written_len(&self) -> usize {
        let pad = match self {
            Piece::Leaf { pad, .. } | Piece::List { pad, .. } => *pad,
        };
        let n = self.body_len();
        8 + n + usize::from(n % 2 == 1 && pad)
    }

    fn write(&self, big: bool, out: &mut Vec<u8>) {
        let start = out.len();
        let (id, size, pad) = match self {
            Piece::Leaf { id, size, pad, .. } | Piece::List { id, size, pad, .. } => (id, *size, *pad),
        };
        out.extend_from_slice(id);
        out.extend_from_slice(&[0; 4]);
        match self {
            Piece::Leaf { body, .. } => out.extend_from_slice(body),
            Piece::List { kind, children, .. } => {
                out.extend_from_slice(kind);
                for child in children {
                    child.write(big, out);
                }
            }
        }
        let len = (out.len() - start - 8) as u32;
        let field = size.unwrap_or(len);
        out[start + 4..start + 8].copy_from_slice(&if big { field.to_be_bytes() } else { field.to_le_bytes() });
        if len % 2 == 1 && pad {
            out.push(0);
        }
    }
}

const SHAPE_IDS: [&[u8; 4]; 10] =
    [b"INAM", b"IART", b"idx1", b"00dc", b"01wb", b"JUNK", b"levl", b"abcd", b"zero", b"cue "];

fn shape_body(rng: &mut Rng) -> Vec<u8> {
    let len = *rng.pick(&[0, 0, 1, 2, 3, 5, 8, 11, 16, 31, 64, 200]);
    match rng.below(5) {
        0 => vec![0; len],
        1 => vec![0x80; len],
        2 => (0..len).map(|_| *rng.pick(b"abcdefgh XYZ")).collect(),
        // Sample bytes that contain chunk-like ids and sizes.
        3 => (0..len).map(|_| *rng.pick(b"LIST\0\0\xffdata1")).collect(),
        _ => (0..len).map(|_| rng.next() as u8).collect(),
    }
}

/// The body of an AVI index: entries of (chunk id, flags 0 or key frame, offset, length).
fn index_body(rng: &mut Rng) -> Vec<u8> {
    let mut body = Vec::new();
    for i in 0..rng.below(5) as u32 {
        body.extend_from_slice(*rng.pick(&[b"00dc", b"01wb"]));
        for field in [*rng.pick(&[0u32, 0x10]), 4 + 20 * i, rng.below(40) as u32] {
            body.extend_from_slice(&field.to_le_bytes());
        }
    }
    body
}

fn shape_children(rng: &mut Rng, depth: u32) -> Vec<Piece> {
    (0..rng.below(4))
        .map(|_| {
            if depth < 4 && rng.below(4) == 0 {
                let kind = *rng.pick(&[b"INFO", b"movi", b"adtl", b"hdrl"]);
                Piece::list(b"LIST", kind, shape_children(rng, depth + 1))
            } else {
                let id = if rng.below(6) == 0 { [b'I', b'C', b'M', b'T'] } else { **rng.pick(&SHAPE_IDS) };
                let body = if &id == b"idx1" { index_body(rng) } else { shape_body(rng) };
                Piece::leaf(&id, body)
            }
        })
        .collect()
}

/// Writer mistakes on purpose: placeholders anywhere (0 and 0xFFFFFFFF), empty chunks
/// followed by chains or by garbage, sizes a few bytes short, missing pad bytes in the
/// middle of a region, WAVE forms with odd frames, chunks after placeholder samples,
/// files cut inside headers or ending in a few stray bytes.
fn shaped_file(rng: &mut Rng) -> Vec<u8> {
    let big = rng.below(8) == 0;
    let mut top = Vec::new();
    let wave = rng.below(2) == 0;
    if wave {
        let align = *rng.pick(&[1u16, 2, 3, 4, 6]);
        let mut fmt = vec![1, 0, 1, 0, 0x44, 0xac, 0, 0, 0x88, 0x58, 1, 0];
        fmt.extend_from_slice(&if big { align.to_be_bytes() } else { align.to_le_bytes() });
        fmt.extend_from_slice(&[16, 0]);
        top.push(Piece::leaf(b"fmt ", fmt));
        let frames = rng.below(40);
        let fill = *rng.pick(&[0u8, 0x80, 0x41]);
        top.push(Piece::leaf(b"data", vec![fill; frames * usize::from(align)]));
    }
    top.extend(shape_children(rng, 2));
    if rng.below(2) == 0 {
        let tags = (0..1 + rng.below(3)).map(|_| Piece::leaf(b"INAM", shape_body(rng))).collect();
        top.push(Piece::list(b"LIST", b"INFO", tags));
    }
    if rng.below(3) == 0 {
        top.push(Piece::leaf(b"idx1", index_body(rng)));
    }
    let mut form = Piece::list(if big { b"RIFX" } else { b"RIFF" }, if wave { b"WAVE" } else { b"TEST" }, top);
    // The mistakes, on chunks picked at random (the form included).
    for _ in 0..1 + rng.below(3) {
        let mut path = Vec::new();
        let mut at = &form;
        while let Piece::List { children, .. } = at
            && !children.is_empty()
            && rng.below(3) != 0
        {
            let i = rng.below(children.len());
            path.push(i);
            at = &children[i];
        }
        let piece = path.iter().fold(&mut form, |piece, &i| match piece {
            Piece::List { children, .. } => &mut children[i],
            Piece::Leaf { .. } => unreachable!("a path goes through lists"),
        });
        let len = piece.body_len() as i64;
        let (size, pad) = match piece {
            Piece::Leaf { size, pad, .. } | Piece::List { size, pad, .. } => (size, pad),
        };
        match rng.below(6) {
            0 => *size = Some(0),
            1 => *size = Some(u32::MAX),
            2 => *size = Some((len - *rng.pick(&[1, 2, 4, 8, 12, 13])).max(0) as u32),
            3 => *size = Some((len + *rng.pick(&[1, 2, 4])) as u32),
            4 => *pad = false,
            _ => *size = Some(rng.below(3) as u32),
        }
    }
    if rng.below(4) == 0
        && let Piece::List { size, .. } = &mut form
    {
        *size = Some(*rng.pick(&[0, u32::MAX]));
    }
    let mut file = Vec::new();
    form.write(big, &mut file);
    match rng.below(6) {
        // Cut anywhere, or right after or a few bytes into some header.
        0 => file.truncate(rng.below(file.len() + 1)),
        1 => {
            let mut headers = Vec::new();
            collect_headers(&file, big, 0, file.len(), &mut headers);
            if let Some(&at) = headers.get(rng.below(headers.len().max(1))) {
                file.truncate((at + rng.below(13)).min(file.len()));
            }
        }
        // A few stray bytes at the end: an id's start, a placeholder's start, garbage.
        2 => {
            let tail = *rng.pick(&[
                &b"L"[..],
                b"LIS",
                b"LIST",
                b"LIST\0",
                b"LIST\xff\xff",
                b"\x01\x02",
                b"ab cd",
                b"Iabc\0\0\0",
            ]);
            file.extend_from_slice(tail);
        }
        // A chunk after a second form.
        3 => file.extend(concat_leaf(b"RIFF", b"AVIX")),
        _ => {}
    }
    if rng.below(5) == 0 {
        mutate(rng, &mut file, 1);
    }
    file
}

fn concat_leaf(id: &[u8; 4], body: &[u8]) -> Vec<u8> {
    let mut out = id.to_vec();
    out.extend_from_slice(&(body.len() as u32).to_le_bytes());
    out.extend_from_slice(body);
    out
}

/// The offsets of the headers of a well-formed region (sizes as written), for cuts.
fn collect_headers(b: &[u8], big: bool, start: usize, end: usize, out: &mut Vec<usize>) {
    let mut p = start;
    while p + 8 <= end {
        out.push(p);
        let field: [u8; 4] = b[p + 4..p + 8].try_into().unwrap();
        let size = if big { u32::from_be_bytes(field) } else { u32::from_le_bytes(field) } as usize;
        let stop = (p + 8).saturating_add(size).min(end);
        if is_container(&b[p..p + 4]) && stop >= p + 12 {
            collect_headers(b, big, p + 12, stop, out);
        }
        p = stop + (size & 1);
    }
}

#[test]
fn walker_agrees_with_a_literal_reading_of_the_contract() {
    let mut rng = Rng(0x5EED_1234_ABCD_0042);
    let mut seen = BTreeMap::new();
    for case in 0..5000 {
        let file = random_file(&mut rng);
        agree(&file, &format!("random case {case}"), &mut seen);
    }
    reached(&seen, 5000, &["truncated", "trailing", "missing-pad", "size-placeholder", "bad-ds64", "short-size"], 20);
}

#[test]
fn agrees_on_crashed_writers() {
    let mut rng = Rng(0xC2A5_11ED_0000_0001);
    let mut seen = BTreeMap::new();
    for case in 0..3000 {
        let file = crashed_file(&mut rng);
        agree(&file, &format!("crashed case {case}"), &mut seen);
    }
    reached(&seen, 3000, &["truncated", "trailing", "size-placeholder"], 50);
}

#[test]
fn agrees_on_writer_mistakes() {
    let mut rng = Rng(0x5A9E_D000_0000_0007);
    let mut seen = BTreeMap::new();
    for case in 0..6000 {
        let file = shaped_file(&mut rng);
        agree(&file, &format!("shaped case {case}"), &mut seen);
    }
    reached(&seen, 6000, &["truncated", "trailing", "missing-pad", "size-placeholder", "short-size"], 100);
}

#[test]
fn agrees_on_depth_limits() {
    for depth in [254u32, 255, 256, 300] {
        let mut file = b"RIFF".to_vec();
        file.extend_from_slice(&(12 * depth + 12).to_le_bytes());
        file.extend_from_slice(b"DEEP");
        for k in (1..=depth).rev() {
            file.extend_from_slice(b"LIST");
            file.extend_from_slice(&(12 * k).to_le_bytes());
            file.extend_from_slice(b"nest");
        }
        file.extend_from_slice(b"leaf\0\0\0\0");
        agree(&file, &format!("depth {depth}"), &mut BTreeMap::new());
    }
}
