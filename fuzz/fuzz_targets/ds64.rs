//! RF64 files built from the input, so that ds64 tables and 0xFFFFFFFF size fields
//! meet often (random bytes rarely make them): a table of any length with ids from a
//! small set (duplicates included), a declared tableLength and chunk size that may
//! disagree with it, then chunks whose sizes are or are not in the table, nested in
//! LISTs. `descend` and the walker must give every chunk the same size.
#![no_main]

#[path = "../../crates/mmio/tests/common/agree.rs"]
mod agree;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

/// Ids with a meaning of their own, and a few without.
const IDS: [&[u8; 4]; 8] = [b"data", b"LIST", b"RF64", b"BW64", b"big ", b"fmt ", b"JUNK", b"ds64"];

#[derive(Arbitrary, Debug)]
struct Input {
    bw64: bool,
    riff_size: u64,
    data_size: u16,
    /// Table entries: an index into IDS and a size.
    table: Vec<(u8, u16)>,
    /// Added to the table's real length for tableLength (wrapping).
    length_delta: i8,
    /// Added to the ds64 chunk's exact size for its size field (wrapping).
    size_delta: i8,
    chunks: Vec<Chunk>,
}

#[derive(Arbitrary, Debug)]
struct Chunk {
    id: u8,
    /// The size field is 0xFFFFFFFF (the size is in ds64) or the body's length.
    in_ds64: bool,
    body: u8,
    /// Opens a LIST around the chunks that follow, closed by a later `close`.
    open_list: bool,
    close: bool,
}

fn id(index: u8) -> [u8; 4] {
    *IDS[index as usize % IDS.len()]
}

fn build(input: &Input) -> Vec<u8> {
    let mut v = if input.bw64 { b"BW64".to_vec() } else { b"RF64".to_vec() };
    v.extend_from_slice(&u32::MAX.to_le_bytes());
    v.extend_from_slice(b"WAVEds64");
    let exact = 28 + 12 * input.table.len() as u32;
    v.extend_from_slice(&exact.wrapping_add_signed(i32::from(input.size_delta)).to_le_bytes());
    v.extend_from_slice(&input.riff_size.to_le_bytes());
    v.extend_from_slice(&u64::from(input.data_size).to_le_bytes());
    v.extend_from_slice(&0u64.to_le_bytes());
    let length = (input.table.len() as u32).wrapping_add_signed(i32::from(input.length_delta));
    v.extend_from_slice(&length.to_le_bytes());
    for &(index, size) in &input.table {
        v.extend_from_slice(&id(index));
        v.extend_from_slice(&u64::from(size).to_le_bytes());
    }
    // LISTs whose size field is patched when they close (or at the end).
    let mut open: Vec<usize> = Vec::new();
    for chunk in &input.chunks {
        if chunk.open_list && open.len() < 8 {
            open.push(v.len());
            v.extend_from_slice(b"LIST\0\0\0\0nest");
        }
        v.extend_from_slice(&id(chunk.id));
        let size = if chunk.in_ds64 { u32::MAX } else { u32::from(chunk.body) };
        v.extend_from_slice(&size.to_le_bytes());
        v.resize(v.len() + usize::from(chunk.body), 0x5A);
        if chunk.close
            && let Some(at) = open.pop()
        {
            let size = (v.len() - at - 8) as u32;
            v[at + 4..at + 8].copy_from_slice(&size.to_le_bytes());
        }
    }
    while let Some(at) = open.pop() {
        let size = (v.len() - at - 8) as u32;
        v[at + 4..at + 8].copy_from_slice(&size.to_le_bytes());
    }
    v
}

fuzz_target!(|input: Input| {
    agree::both_readers_agree(&build(&input));
});
