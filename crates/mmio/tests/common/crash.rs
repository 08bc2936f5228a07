//! Crashed streaming writers, simulated: random RIFF trees (nested lists, odd sizes,
//! empty chunks, tags after the samples) written in order by a writer that puts a
//! placeholder size in each header and fixes it when the chunk is finished, killed
//! after a random number of bytes. What the file should hold afterwards is known
//! exactly, so a repair can be checked against it.

use std::io::{Cursor, Read, Seek, SeekFrom};

use winmmio::riff::{ByteOrder, Event, Walker};

use super::rng::Rng;

/// True `percent` times in a hundred.
fn chance(rng: &mut Rng, percent: usize) -> bool {
    rng.below(100) < percent
}

/// A chunk tree.
#[derive(Clone, Debug)]
pub enum Node {
    Leaf { id: [u8; 4], data: Vec<u8> },
    List { id: [u8; 4], kind: [u8; 4], children: Vec<Node> },
}

/// How the writer leaves sizes it has not fixed yet.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Writer {
    /// Every chunk starts with this placeholder and is fixed when finished (a seekable
    /// streaming writer).
    Seekable(u32),
    /// Only the form and its samples (the chunk `data`) have placeholders, which are
    /// never fixed; every other chunk is written with its size (a writer on a pipe).
    Pipe(u32),
}

const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

fn random_id(rng: &mut Rng) -> [u8; 4] {
    loop {
        let id = [0; 4].map(|_| *rng.pick(ALPHABET));
        if !matches!(&id, b"RIFF" | b"RIFX" | b"RF64" | b"BW64" | b"LIST" | b"INFO" | b"movi" | b"idx1") {
            return id;
        }
    }
}

fn random_data(rng: &mut Rng) -> Vec<u8> {
    let len = match rng.below(10) {
        0 | 1 => 0,
        2..=5 => rng.below(17),
        6..=8 => rng.below(300),
        _ => rng.below(5000),
    };
    match rng.below(4) {
        0 => vec![0; len],
        1 => (0..len).map(|_| *rng.pick(b"abcdefghij klmnop\nqrstuvwxyz")).collect(),
        _ => (0..len).map(|_| rng.next() as u8).collect(),
    }
}

fn random_children(rng: &mut Rng, depth: u32) -> Vec<Node> {
    let count = if depth == 1 { 1 + rng.below(6) } else { rng.below(5) };
    (0..count)
        .map(|_| {
            if depth < 4 && chance(rng, 25) {
                Node::List { id: *b"LIST", kind: random_id(rng), children: random_children(rng, depth + 1) }
            } else {
                Node::Leaf { id: random_id(rng), data: random_data(rng) }
            }
        })
        .collect()
}

/// A random form: a random tree, or a WAVE-like one (fmt, samples, then tags or other
/// chunks after the samples).
pub fn random_form(rng: &mut Rng) -> Node {
    if chance(rng, 30) {
        let mut children =
            vec![Node::Leaf { id: *b"fmt ", data: vec![1, 0, 1, 0, 0x44, 0xac, 0, 0, 0x88, 0x58, 1, 0, 2, 0, 16, 0] }];
        let mut samples = random_data(rng);
        samples.extend((0..rng.below(20_000)).map(|_| rng.next() as u8));
        // Whole frames of 16-bit mono.
        samples.truncate(samples.len() & !1);
        children.push(Node::Leaf { id: *b"data", data: samples });
        if chance(rng, 60) {
            let tags = (0..1 + rng.below(4))
                .map(|_| {
                    let mut id = random_id(rng);
                    id[0] = b'I';
                    let text = (0..rng.below(40)).map(|_| *rng.pick(b"abc xyz")).collect();
                    Node::Leaf { id, data: text }
                })
                .collect();
            children.push(Node::List { id: *b"LIST", kind: *b"INFO", children: tags });
        }
        children.extend(random_children(rng, 2).into_iter().take(2));
        return Node::List { id: *b"RIFF", kind: *b"WAVE", children };
    }
    Node::List { id: *b"RIFF", kind: random_id(rng), children: random_children(rng, 1) }
}

/// One chunk of a written file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    /// Indexes from the top: `[0]` is the form, `[0, 2]` its third child.
    pub path: Vec<usize>,
    pub id: [u8; 4],
    /// The list or form type of a container.
    pub kind: Option<[u8; 4]>,
    pub offset: u64,
    /// Where the data (or, for a container, the type) starts and ends.
    pub data: u64,
    pub end: u64,
    /// `end` plus the pad byte.
    pub padded_end: u64,
    /// The writer leaves a placeholder in it until it is finished.
    pub streamed: bool,
}

/// Writes `form` completely; returns the bytes and the chunks in file order.
pub fn write(form: &Node, order: ByteOrder, writer: Writer) -> (Vec<u8>, Vec<Written>) {
    fn put(
        node: &Node,
        path: Vec<usize>,
        order: ByteOrder,
        writer: Writer,
        out: &mut Vec<u8>,
        chunks: &mut Vec<Written>,
    ) {
        let offset = out.len() as u64;
        let (id, kind) = match node {
            Node::Leaf { id, .. } => (*id, None),
            Node::List { id, kind, .. } => (*id, Some(*kind)),
        };
        out.extend_from_slice(&id);
        out.extend_from_slice(&[0; 4]);
        let index = chunks.len();
        let streamed = match writer {
            Writer::Seekable(_) => true,
            Writer::Pipe(_) => path.len() == 1 || &id == b"data",
        };
        chunks.push(Written {
            path: path.clone(),
            id,
            kind,
            offset,
            data: offset + 8,
            end: 0,
            padded_end: 0,
            streamed,
        });
        match node {
            Node::Leaf { data, .. } => out.extend_from_slice(data),
            Node::List { kind, children, .. } => {
                out.extend_from_slice(kind);
                for (i, child) in children.iter().enumerate() {
                    let mut child_path = path.clone();
                    child_path.push(i);
                    put(child, child_path, order, writer, out, chunks);
                }
            }
        }
        let end = out.len() as u64;
        let size = (end - offset - 8) as u32;
        out[offset as usize + 4..offset as usize + 8].copy_from_slice(&order.write_u32(size));
        if size % 2 == 1 {
            out.push(0);
        }
        chunks[index].end = end;
        chunks[index].padded_end = out.len() as u64;
    }
    let mut out = Vec::new();
    let mut chunks = Vec::new();
    put(form, vec![0], order, writer, &mut out, &mut chunks);
    if order == ByteOrder::Big {
        out[..4].copy_from_slice(b"RIFX");
        chunks[0].id = *b"RIFX";
    }
    (out, chunks)
}

/// The file the writer leaves when it dies after writing `cut` bytes: the sizes of the
/// chunks it had not finished are still placeholders. `patched_at_end` says whether a
/// chunk that ends exactly at `cut` already had its size fixed.
pub fn crash(
    file: &[u8],
    chunks: &[Written],
    order: ByteOrder,
    writer: Writer,
    cut: usize,
    patched_at_end: bool,
) -> Vec<u8> {
    let placeholder = match writer {
        Writer::Seekable(p) | Writer::Pipe(p) => p,
    };
    let mut bytes = file.to_vec();
    for c in chunks {
        let finished = match writer {
            Writer::Seekable(_) => (cut as u64) > c.padded_end || (cut as u64 == c.padded_end && patched_at_end),
            Writer::Pipe(_) => !c.streamed,
        };
        if !finished {
            let at = c.offset as usize + 4;
            bytes[at..at + 4].copy_from_slice(&order.write_u32(placeholder));
        }
    }
    bytes.truncate(cut);
    bytes
}

/// A chunk as a file holds it: its path, id, type and data (for a leaf).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Held {
    pub path: Vec<usize>,
    pub id: [u8; 4],
    pub kind: Option<[u8; 4]>,
    pub data: Vec<u8>,
}

/// What the crashed file must still hold: every chunk whose header was written
/// (containers with their type), each leaf with every data byte that was written.
///
/// One case is ambiguous by nature: a file that ends a few bytes into a header, right
/// after an empty chunk, could as well end a few bytes into that chunk's data, had its
/// writer died before fixing its size of 0. The repair rule (`docs/repair.md`) keeps
/// such bytes as data unless that 0 is known to be final: a plausible id in a file whose
/// form size says the writer's placeholder is 0xFFFFFFFF. And a writer that died
/// after the pad byte of an odd-sized last chunk but before fixing its size leaves a
/// pad byte that nothing tells from a data byte: it is kept as data.
pub fn expected(crashed: &[u8], file: &[u8], chunks: &[Written], cut: usize) -> Vec<Held> {
    let cut = cut as u64;
    let unfinished = |c: &Written| crashed[c.offset as usize + 4..].get(..4) != file[c.offset as usize + 4..].get(..4);
    let mut held: Vec<Held> = chunks
        .iter()
        .filter(|c| c.data + if c.kind.is_some() { 4 } else { 0 } <= cut)
        .map(|c| {
            let end = if cut == c.padded_end && unfinished(c) { c.padded_end } else { c.end.min(cut) };
            Held {
                path: c.path.clone(),
                id: c.id,
                kind: c.kind,
                data: if c.kind.is_some() { Vec::new() } else { file[c.data as usize..end as usize].to_vec() },
            }
        })
        .collect();
    let Some(cut_header) = chunks.iter().find(|c| c.offset < cut && cut < c.data) else { return held };
    let sibling = |c: &Written| c.path[..c.path.len() - 1] == cut_header.path[..cut_header.path.len() - 1];
    let Some(empty) =
        chunks.iter().find(|c| c.kind.is_none() && c.data == c.end && c.end == cut_header.offset && sibling(c))
    else {
        return held;
    };
    let tail = &crashed[cut_header.offset as usize..];
    let id_like = tail[..tail.len().min(4)].iter().all(|&b| (0x20..0x7f).contains(&b)) && tail[0] != b' ';
    let header = id_like && crashed.len() >= 8 && crashed[4..8] == [0xff; 4];
    if !header {
        let held_empty = held.iter_mut().find(|h| h.path == empty.path).expect("the empty chunk was written");
        held_empty.data = tail.to_vec();
    }
    held
}

/// What a file holds, by the walker, and the problems the walker finds in it.
pub fn held(file: &[u8]) -> (Vec<Held>, Vec<String>) {
    let mut reader = Cursor::new(file);
    let (mut chunks, mut problems) = (Vec::new(), Vec::new());
    let mut path: Vec<usize> = Vec::new();
    let mut leaves = Vec::new();
    for event in Walker::new(&mut reader).unwrap() {
        match event.unwrap() {
            Event::Enter(c) | Event::Leaf(c) => {
                path.truncate(c.depth as usize - 1);
                path.push(c.index as usize);
                let kind = c.form.map(|f| f.bytes());
                chunks.push(Held { path: path.clone(), id: c.id.bytes(), kind, data: Vec::new() });
                if !c.is_container() {
                    leaves.push((chunks.len() - 1, c.data_offset(), c.end));
                }
            }
            Event::Problem(p) => problems.push(format!("{} @{}", p.kind, p.offset)),
            _ => {}
        }
    }
    for (i, start, end) in leaves {
        let mut data = vec![0; (end - start) as usize];
        reader.seek(SeekFrom::Start(start)).unwrap();
        reader.read_exact(&mut data).unwrap();
        chunks[i].data = data;
    }
    (chunks, problems)
}
