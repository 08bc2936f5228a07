//! The walker against a second, deliberately naive reading of the `mmio tree --json`
//! contract (recursive, written from the rule text alone), on thousands of random and
//! mutated RIFF files: same chunks, same sizes, same forms, same problems in the same
//! order.

mod common;

use std::io::Cursor;

use common::rng::Rng;
use winmmio::riff::{Event, Walker};

/// A chunk as the contract's JSON shows it.
#[derive(Debug, PartialEq, Eq)]
struct Node {
    id: [u8; 4],
    offset: u64,
    size: u64,
    form: Option<[u8; 4]>,
    children: Option<Vec<Node>>,
}

/// riffSize, dataSize and the table of a usable ds64 chunk.
type Ds64Sizes = (u64, u64, Vec<([u8; 4], u64)>);

/// The contract, rule by rule, with plain recursion and u128 arithmetic.
struct Reference<'a> {
    b: &'a [u8],
    big: bool,
    rf64: bool,
    ds64: Option<Ds64Sizes>,
    problems: Vec<(u64, &'static str)>,
}

fn le32(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().unwrap())
}

fn le64(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().unwrap())
}

fn reference(b: &[u8]) -> (Vec<Node>, Vec<(u64, &'static str)>) {
    let magic = b.get(..4);
    if !matches!(magic, Some(b"RIFF" | b"RIFX" | b"RF64" | b"BW64")) {
        return (Vec::new(), vec![(0, "not-riff")]); // R1
    }
    let rf64 = matches!(magic, Some(b"RF64" | b"BW64"));
    let mut r = Reference { b, big: magic == Some(b"RIFX"), rf64, ds64: None, problems: Vec::new() };
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
    let chunks = r.region(0, b.len() as u128, 1);
    (chunks, r.problems)
}

impl Reference<'_> {
    fn region(&mut self, start: u128, end: u128, depth: u32) -> Vec<Node> {
        let mut out = Vec::new();
        let mut p = start;
        while p < end {
            if end - p < 8 {
                self.problems.push((p as u64, "trailing"));
                break;
            }
            let at = p as usize;
            let id: [u8; 4] = self.b[at..at + 4].try_into().unwrap();
            let field: [u8; 4] = self.b[at + 4..at + 8].try_into().unwrap();
            let size32 = if self.big { u32::from_be_bytes(field) } else { u32::from_le_bytes(field) };
            let data_offset = p + 8;
            let mut size = u64::from(size32);
            if let (Some((riff, data, table)), u32::MAX) = (&self.ds64, size32) {
                size = match &id {
                    b"RF64" | b"BW64" => *riff,
                    b"data" => *data,
                    _ => table.iter().find(|(t, _)| *t == id).map_or(size, |&(_, s)| s),
                };
            }
            let placeholder = !self.rf64
                && ((depth == 1 && matches!(&id, b"RIFF" | b"RIFX")) || &id == b"data")
                && (size32 == u32::MAX || (size32 == 0 && data_offset < end));
            let effective = if placeholder { end - data_offset } else { u128::from(size) };
            let overlong = data_offset + effective > end; // R5
            let mut truncated = overlong;
            let container = matches!(&id, b"RIFF" | b"RIFX" | b"RF64" | b"BW64" | b"LIST");
            let (mut form, mut children, mut too_deep) = (None, None, false);
            if container {
                if effective >= 4 && data_offset + 4 <= end {
                    // R6
                    let d = data_offset as usize;
                    form = Some(self.b[d..d + 4].try_into().unwrap());
                    let child_end = (data_offset + effective).min(end);
                    if depth == 256 {
                        too_deep = data_offset + 4 < child_end; // R10
                    }
                } else {
                    truncated = true;
                }
            }
            let missing_pad = size % 2 == 1 && !truncated && !placeholder && data_offset + u128::from(size) == end;
            for (yes, kind) in [
                (placeholder, "size-placeholder"),
                (truncated, "truncated"),
                (missing_pad, "missing-pad"),
                (too_deep, "too-deep"),
            ] {
                if yes {
                    self.problems.push((p as u64, kind));
                }
            }
            if container {
                children = Some(if form.is_some() && depth < 256 {
                    self.region(data_offset + 4, (data_offset + effective).min(end), depth + 1)
                } else {
                    Vec::new()
                });
            }
            out.push(Node { id, offset: p as u64, size, form, children });
            if overlong {
                break;
            }
            p = if placeholder { end } else { data_offset + u128::from(size) + u128::from(size % 2) };
        }
        out
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
                    children: c.is_container().then(Vec::new),
                };
                stack.last_mut().unwrap().push(node);
                if c.is_container() {
                    stack.push(Vec::new());
                }
            }
            Event::Leave(_) => {
                let children = stack.pop().unwrap();
                stack.last_mut().unwrap().last_mut().unwrap().children = Some(children);
            }
            Event::Problem(p) => problems.push((p.offset, p.kind.name())),
            other => panic!("an event the contract does not know: {other:?}"),
        }
    }
    assert_eq!(stack.len(), 1, "every Enter has its Leave");
    (stack.pop().unwrap(), problems)
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
    for _ in 0..rng.below(3) {
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
    file
}

#[test]
fn walker_agrees_with_a_literal_reading_of_the_contract() {
    let mut rng = Rng(0x5EED_1234_ABCD_0042);
    for case in 0..5000 {
        let file = random_file(&mut rng);
        assert_eq!(walked(&file), reference(&file), "case {case}: {file:02x?}");
    }
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
        assert_eq!(walked(&file), reference(&file), "depth {depth}");
    }
}
