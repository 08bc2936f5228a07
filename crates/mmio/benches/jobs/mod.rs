//! The jobs of the buffered pairs, shared by the criterion benchmarks (`peers.rs`,
//! which time them) and `examples/pair_cases.rs` (which runs one under callgrind for
//! its instruction count), so that both measure the same code.

#![allow(dead_code)] // each user takes what it needs

use std::hint::black_box;
use std::io::{BufRead, Read, Write};
use std::path::Path;

use winmmio::{Mmio, OpenOptions};

/// The buffer size of both sides of the buffered pairs (`mmioOpen`'s and `BufReader`'s).
pub const BUF: usize = 8192;

/// Opens `path` for reading with a [`BUF`]-byte buffer.
pub fn open_mmio(path: &Path) -> Mmio {
    OpenOptions::new().buffer_size(BUF).open(path).unwrap()
}

/// Creates `path` for writing with a [`BUF`]-byte buffer.
pub fn create_mmio(path: &Path) -> Mmio {
    OpenOptions::new().write().create(true).buffer_size(BUF).open(path).unwrap()
}

/// Sums `words` 4-byte words read with `read_exact`.
pub fn sum_words(reader: &mut impl Read, words: usize) -> u32 {
    let mut sum = 0u32;
    let mut word = [0u8; 4];
    for _ in 0..words {
        reader.read_exact(&mut word).unwrap();
        sum = sum.wrapping_add(u32::from_le_bytes(word));
    }
    sum
}

/// Reads the whole stream in 64 KiB calls; returns the byte count.
pub fn read_blocks(reader: &mut impl Read) -> usize {
    let mut block = vec![0u8; 64 << 10];
    let mut total = 0;
    loop {
        match reader.read(&mut block).unwrap() {
            0 => return total,
            n => total += black_box(&block[..n]).len(),
        }
    }
}

fn byte_sum(bytes: &[u8]) -> u64 {
    bytes.iter().map(|&b| u64::from(b)).sum()
}

/// Sums every byte of the file through direct buffer access (`fill` / `consume`).
pub fn scan_direct(file: &mut Mmio) -> u64 {
    let mut direct = file.direct().unwrap();
    let mut sum = 0;
    loop {
        let bytes = direct.fill().unwrap();
        if bytes.is_empty() {
            return sum;
        }
        sum += byte_sum(bytes);
        let n = bytes.len();
        direct.consume(n);
    }
}

/// Sums every byte of the stream through `BufRead` (`fill_buf` / `consume`).
pub fn scan_bufread(reader: &mut impl BufRead) -> u64 {
    let mut sum = 0;
    loop {
        let bytes = reader.fill_buf().unwrap();
        if bytes.is_empty() {
            return sum;
        }
        sum += byte_sum(bytes);
        let n = bytes.len();
        reader.consume(n);
    }
}

/// Writes the words `0 .. words` as 4-byte little-endian `write_all` calls.
pub fn write_words(writer: &mut impl Write, words: usize) {
    for i in 0..words as u32 {
        writer.write_all(&i.to_le_bytes()).unwrap();
    }
}
