//! Descend / ascend / create sequences driven by the input on a memory file.
//!
//! Two halves: a chunk tree taken from the input is written with create/ascend (RIFF
//! or RIFX) and must read back exactly by descending; and arbitrary sequences of
//! descend, ascend, create, read, write and seek run on arbitrary bytes, where the
//! only promise is no panic, no hang, and errors instead of nonsense positions.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use winmmio::riff::is_container;
use winmmio::{ByteOrder, ChunkInfo, Create, Find, FourCC, Mmio, OpenOptions, SeekOrigin};

#[derive(Arbitrary, Debug)]
enum Node {
    Chunk([u8; 4], u16),
    List([u8; 4], Vec<Node>),
}

#[derive(Arbitrary, Debug)]
enum Op {
    Descend { find: u8, id: [u8; 4], in_parent: bool },
    Ascend,
    Create { kind: u8, id: [u8; 4] },
    Write(u16),
    Read(u16),
    Seek(u32),
}

#[derive(Arbitrary, Debug)]
enum Input {
    Tree { big_endian: bool, grow: u8, form: [u8; 4], nodes: Vec<Node> },
    Ops { initial: Vec<u8>, ops: Vec<Op> },
}

const MAX_DEPTH: usize = 24;

/// A chunk id that is not a container's.
fn plain_id(id: [u8; 4]) -> FourCC {
    let id = FourCC::new(id);
    if is_container(id) { FourCC::DATA } else { id }
}

fn body(len: u16, id: FourCC) -> Vec<u8> {
    (0..len % 1500).map(|i| (i as u8) ^ id.bytes()[0]).collect()
}

fn write_nodes(file: &mut Mmio, nodes: &[Node], depth: usize) {
    for node in nodes {
        match node {
            Node::Chunk(id, len) => {
                let mut ck = ChunkInfo::new(plain_id(*id));
                file.create_chunk(&mut ck, Create::Chunk).unwrap();
                let data = body(*len, ck.id);
                assert_eq!(file.write_bytes(&data).unwrap(), data.len());
                file.ascend(&mut ck).unwrap();
            }
            Node::List(form, children) => {
                let mut ck = ChunkInfo::list(FourCC::new(*form));
                file.create_chunk(&mut ck, Create::List).unwrap();
                if depth < MAX_DEPTH {
                    write_nodes(file, children, depth + 1);
                }
                file.ascend(&mut ck).unwrap();
            }
        }
    }
}

/// Reads `nodes` back inside `parent`; returns the padded size they take.
fn read_nodes(file: &mut Mmio, parent: &ChunkInfo, nodes: &[Node], depth: usize) -> u64 {
    let mut total = 0;
    for node in nodes {
        let ck = match node {
            Node::Chunk(id, len) => {
                let mut ck = ChunkInfo::new(plain_id(*id));
                file.descend(&mut ck, Some(parent), Find::Chunk).unwrap();
                let expected = body(*len, ck.id);
                assert_eq!(ck.size, expected.len() as u64);
                let mut got = vec![0; expected.len()];
                assert_eq!(file.read_bytes(&mut got).unwrap(), got.len());
                assert!(got == expected, "chunk data differs");
                ck
            }
            Node::List(form, children) => {
                let mut ck = ChunkInfo::list(FourCC::new(*form));
                file.descend(&mut ck, Some(parent), Find::List).unwrap();
                let inner = if depth < MAX_DEPTH { read_nodes(file, &ck, children, depth + 1) } else { 0 };
                assert_eq!(ck.size, 4 + inner);
                ck
            }
        };
        let mut ck = ck;
        file.ascend(&mut ck).unwrap();
        assert_eq!(file.position(), ck.padded_end());
        total += 8 + ck.size + (ck.size & 1);
    }
    total
}

fn tree(big_endian: bool, grow: u8, form: [u8; 4], nodes: &[Node]) {
    let grow = u32::from(grow.max(1));
    let mut file = OpenOptions::new().read_write().create(true).grow_by(grow).open_memory(Vec::new()).unwrap();
    if big_endian {
        file.set_byte_order(ByteOrder::Big);
    }
    let mut riff = ChunkInfo::riff(FourCC::new(form));
    file.create_chunk(&mut riff, Create::Riff).unwrap();
    write_nodes(&mut file, nodes, 0);
    file.ascend(&mut riff).unwrap();
    let data = file.into_memory().unwrap();

    let mut file = Mmio::memory(data, 0).unwrap();
    let mut riff = ChunkInfo::riff(FourCC::new(form));
    file.descend(&mut riff, None, Find::Riff).unwrap();
    assert_eq!(riff.id, if big_endian { FourCC::RIFX } else { FourCC::RIFF });
    let inner = read_nodes(&mut file, &riff, nodes, 0);
    assert_eq!(riff.size, 4 + inner);
}

fn ops(initial: Vec<u8>, ops: &[Op]) {
    let mut file = OpenOptions::new().read_write().create(true).grow_by(64).open_memory(initial).unwrap();
    let mut open: Vec<ChunkInfo> = Vec::new();
    for op in ops.iter().take(200) {
        let before = file.position();
        match op {
            Op::Descend { find, id, in_parent } => {
                let find = [Find::Here, Find::Chunk, Find::Riff, Find::List][usize::from(find % 4)];
                let mut ck = ChunkInfo { id: FourCC::new(*id), form: FourCC::new(*id), ..ChunkInfo::default() };
                let parent = if *in_parent { open.last() } else { None };
                if file.descend(&mut ck, parent, find).is_ok() {
                    assert!(ck.data_offset >= before + 8, "descended backwards");
                    open.push(ck);
                }
            }
            Op::Ascend => {
                if let Some(mut ck) = open.pop() {
                    let _ = file.ascend(&mut ck);
                }
            }
            Op::Create { kind, id } => {
                let kind = [Create::Chunk, Create::List, Create::Riff][usize::from(kind % 3)];
                let mut ck = ChunkInfo { id: FourCC::new(*id), form: FourCC::new(*id), ..ChunkInfo::default() };
                if file.create_chunk(&mut ck, kind).is_ok() {
                    assert_eq!(ck.data_offset, before + 8);
                    open.push(ck);
                }
            }
            Op::Write(len) => {
                let _ = file.write_bytes(&vec![0x5a; usize::from(*len % 2000)]);
            }
            Op::Read(len) => {
                let _ = file.read_bytes(&mut vec![0; usize::from(*len % 2000)]);
            }
            Op::Seek(pos) => {
                let _ = file.seek_mmio(i64::from(*pos), SeekOrigin::Start);
            }
        }
        assert!(file.position() <= file.memory_data().unwrap().len() as u64, "position past a memory file's end");
    }
    while let Some(mut ck) = open.pop() {
        let _ = file.ascend(&mut ck);
    }
    file.close().unwrap();
}

fuzz_target!(|input: Input| match input {
    Input::Tree { big_endian, grow, form, nodes } => tree(big_endian, grow, form, &nodes),
    Input::Ops { initial, ops: list } => ops(initial, &list),
});
