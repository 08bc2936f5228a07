//! Hostile inputs for the `mmio` tool: nesting 100,000 deep, a million zero-size
//! chunks, sizes of 0xFFFFFFFF everywhere, RF64 sizes of 2^63 (and a ds64 table that
//! claims 2^32 entries). Every command must end (with problems reported, exit status 1,
//! or a clean 0) and stay under 64 MiB of resident memory, measured as the children's
//! maximum RSS (`getrusage(RUSAGE_CHILDREN)`).
//!
//! Each input is also built at half its size, and the time of each run is printed
//! (run with `--nocapture`), so that linear time can be seen; time is not asserted.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use nix::sys::resource::{UsageWho, getrusage};

const LIMIT_KIB: i64 = 64 * 1024;

fn header(id: &[u8; 4], size: u32) -> Vec<u8> {
    let mut h = id.to_vec();
    h.extend_from_slice(&size.to_le_bytes());
    h
}

/// `depth` LISTs, each inside the previous one, with exact sizes.
fn deep(depth: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(12 * (depth + 1));
    let total = 12 * depth as u32;
    out.extend(header(b"RIFF", 4 + total));
    out.extend_from_slice(b"DEEP");
    for d in 0..depth as u32 {
        out.extend(header(b"LIST", 4 + total - 12 * (d + 1)));
        out.extend_from_slice(b"nest");
    }
    out
}

/// A RIFF form holding `count` empty chunks.
fn zero_chunks(count: usize) -> Vec<u8> {
    let mut out = header(b"RIFF", 4 + 8 * count as u32);
    out.extend_from_slice(b"WAVE");
    for _ in 0..count {
        out.extend(header(b"zero", 0));
    }
    out
}

/// Every size field 0xFFFFFFFF: nested LISTs and leaves, `count` headers in all.
fn all_ones(count: usize) -> Vec<u8> {
    let mut out = header(b"RIFF", u32::MAX);
    out.extend_from_slice(b"WAVE");
    for i in 0..count {
        if i % 2 == 0 {
            out.extend(header(b"LIST", u32::MAX));
            out.extend_from_slice(b"ones");
        } else {
            out.extend(header(b"data", u32::MAX));
        }
    }
    out
}

/// RF64 with riffSize, dataSize and a table entry of 2^63, a table length of
/// 0xFFFFFFFF, then `count` chunks whose sizes are all in the ds64 chunk.
fn rf64_huge(count: usize) -> Vec<u8> {
    let huge = 1u64 << 63;
    let mut ds64 = Vec::new();
    ds64.extend_from_slice(&huge.to_le_bytes());
    ds64.extend_from_slice(&huge.to_le_bytes());
    ds64.extend_from_slice(&huge.to_le_bytes());
    ds64.extend_from_slice(&u32::MAX.to_le_bytes());
    ds64.extend_from_slice(b"big ");
    ds64.extend_from_slice(&huge.to_le_bytes());
    let mut out = header(b"RF64", u32::MAX);
    out.extend_from_slice(b"WAVE");
    out.extend(header(b"ds64", u32::MAX));
    out.extend_from_slice(&ds64);
    for i in 0..count {
        let id = if i % 3 == 0 {
            b"big "
        } else if i % 3 == 1 {
            b"data"
        } else {
            b"LIST"
        };
        out.extend(header(id, u32::MAX));
    }
    out
}

fn max_rss_kib() -> i64 {
    getrusage(UsageWho::RUSAGE_CHILDREN).unwrap().max_rss()
}

/// Runs `mmio ARGS FILE`; returns its exit status and seconds taken.
fn run(args: &[&str], file: &Path) -> (i32, f64) {
    let start = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_mmio"))
        .args(args)
        .arg(file)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    (status.code().unwrap_or(-1), start.elapsed().as_secs_f64())
}

#[test]
fn hostile_inputs_stay_small() {
    let dir = std::env::temp_dir().join(format!("mmio-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    type Maker = fn(usize) -> Vec<u8>;
    let inputs: [(&str, Maker, usize); 4] = [
        ("nesting 100,000 deep", deep, 100_000),
        ("1,000,000 zero-size chunks", zero_chunks, 1_000_000),
        ("0xFFFFFFFF sizes, 1,000,000 headers", all_ones, 1_000_000),
        ("RF64 sizes 2^63, 1,000,000 headers", rf64_huge, 1_000_000),
    ];
    let commands: [&[&str]; 4] = [&["tree"], &["tree", "--json"], &["check"], &["info"]];
    eprintln!("{:<40} {:>10} {:<12} {:>6} {:>8} {:>8}", "input", "bytes", "command", "status", "seconds", "half");
    for (name, make, n) in inputs {
        let files: Vec<PathBuf> = [n / 2, n]
            .iter()
            .map(|&count| {
                let path = dir.join(format!("{}-{count}.riff", name.split(' ').next().unwrap()));
                std::fs::write(&path, make(count)).unwrap();
                path
            })
            .collect();
        for args in commands {
            let (_, half) = run(args, &files[0]);
            let before = max_rss_kib();
            let (status, full) = run(args, &files[1]);
            let bytes = std::fs::metadata(&files[1]).unwrap().len();
            eprintln!("{name:<40} {bytes:>10} {:<12} {status:>6} {full:>8.3} {half:>8.3}", args.join(" "));
            assert!((0..=2).contains(&status), "mmio {args:?} on {name} died ({status})");
            let rss = max_rss_kib();
            assert!(rss < LIMIT_KIB, "mmio {args:?} on {name}: {rss} KiB resident (before: {before} KiB)");
        }
    }
    eprintln!("children's max RSS: {} KiB", max_rss_kib());
    let _ = std::fs::remove_dir_all(&dir);
}
