//! The buffered Rust pairs of the benchmark table, one side per run, for instruction
//! counts (`bench/callgrind`): the criterion pairs in `benches/peers.rs` time the same
//! jobs (`benches/jobs/`), on the same kind of data.
//!
//! `pair_cases DIR CASE`: `make` writes `DIR/big.bin` (8 MiB); `none` does nothing
//! (subtract its count from the others'); every other case reads `big.bin` or writes
//! `DIR/written.bin`.
//!
//! | job | mmio | baseline |
//! |---|---|---|
//! | 4-byte `read_exact` calls | `read4` | `bufreader-read4` |
//! | 64 KiB `read` calls | `read64k` | `file-read64k` |
//! | every byte via the buffer | `scan` (`Direct`) | `bufreader-scan` (`BufRead`) |
//! | 4-byte `write_all` calls | `write4` | `bufwriter-write4` |
//! | 4-byte `read_exact` from memory | `memory4` | `cursor-memory4` |

#[path = "../benches/jobs/mod.rs"]
mod jobs;

use std::fs::File;
use std::hint::black_box;
use std::io::{BufReader, BufWriter, Cursor};
use std::path::Path;

use jobs::{BUF, create_mmio, open_mmio, read_blocks, scan_bufread, scan_direct, sum_words, write_words};
use winmmio::Mmio;

/// The size of `big.bin`: 2 Mi 4-byte calls.
const LEN: usize = 8 << 20;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, dir, case] = &args[..] else {
        return Err("usage: pair_cases DIR CASE (make, none, read4, bufreader-read4, ...)".into());
    };
    let dir = Path::new(dir);
    let big = dir.join("big.bin");
    let written = dir.join("written.bin");
    let words = LEN / 4;
    match case.as_str() {
        "make" => std::fs::write(&big, (0..LEN).map(|i| (i * 31 % 251) as u8).collect::<Vec<u8>>())?,
        "none" => {}
        "read4" => _ = black_box(sum_words(&mut open_mmio(&big), words)),
        "bufreader-read4" => _ = black_box(sum_words(&mut BufReader::with_capacity(BUF, File::open(&big)?), words)),
        "read64k" => _ = black_box(read_blocks(&mut open_mmio(&big))),
        "file-read64k" => _ = black_box(read_blocks(&mut File::open(&big)?)),
        "scan" => _ = black_box(scan_direct(&mut open_mmio(&big))),
        "bufreader-scan" => _ = black_box(scan_bufread(&mut BufReader::with_capacity(BUF, File::open(&big)?))),
        "write4" => {
            let mut file = create_mmio(&written);
            write_words(&mut file, words);
            file.close()?;
        }
        "bufwriter-write4" => {
            let mut writer = BufWriter::with_capacity(BUF, File::create(&written)?);
            write_words(&mut writer, words);
            writer.into_inner()?;
        }
        "memory4" => _ = black_box(sum_words(&mut Mmio::memory(std::fs::read(&big)?, 0)?, words)),
        "cursor-memory4" => _ = black_box(sum_words(&mut Cursor::new(std::fs::read(&big)?), words)),
        other => return Err(format!("no case {other}").into()),
    }
    Ok(())
}
