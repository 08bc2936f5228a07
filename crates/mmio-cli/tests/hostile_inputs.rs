//! Hostile inputs for the `mmio` tool: nesting 100,000 deep, a million zero-size
//! chunks, sizes of 0xFFFFFFFF everywhere, RF64 sizes of 2^63 (with a ds64 table that
//! claims 2^32 entries), a ds64 table of a million entries looked up by a million
//! chunks, and 400,000 problems (the problem list of `tree --json`, kept until the
//! chunks are out, goes to a temporary file past 4 MiB). Every command must end (with problems reported, exit status 1,
//! or a clean 0) and stay under 64 MiB of resident memory, measured as the children's
//! maximum RSS (`getrusage(RUSAGE_CHILDREN)`).
//!
//! Each input is also built at half its size, and the time of each run is printed
//! (run with `--nocapture`), so that linear time can be seen; time is not asserted.
//! `MMIO_HOSTILE_SCALE=N` multiplies every input's size by N.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use nix::sys::resource::{UsageWho, getrusage};

const LIMIT_KIB: i64 = 64 * 1024;

/// Where an input is written, a header or some bytes at a time: the inputs are
/// streamed to disk so that this process stays small (see [`run`]).
type Out<'a> = &'a mut dyn Write;

fn header(out: Out, id: &[u8; 4], size: u32) -> io::Result<()> {
    out.write_all(id)?;
    out.write_all(&size.to_le_bytes())
}

/// `depth` LISTs, each inside the previous one, with exact sizes.
fn deep(depth: usize, out: Out) -> io::Result<()> {
    let total = 12 * depth as u32;
    header(out, b"RIFF", 4 + total)?;
    out.write_all(b"DEEP")?;
    for d in 0..depth as u32 {
        header(out, b"LIST", 4 + total - 12 * (d + 1))?;
        out.write_all(b"nest")?;
    }
    Ok(())
}

/// A RIFF form holding `count` empty chunks.
fn zero_chunks(count: usize, out: Out) -> io::Result<()> {
    header(out, b"RIFF", 4 + 8 * count as u32)?;
    out.write_all(b"WAVE")?;
    for _ in 0..count {
        header(out, b"zero", 0)?;
    }
    Ok(())
}

/// Every size field 0xFFFFFFFF: nested LISTs and leaves, `count` headers in all.
fn all_ones(count: usize, out: Out) -> io::Result<()> {
    header(out, b"RIFF", u32::MAX)?;
    out.write_all(b"WAVE")?;
    for i in 0..count {
        if i % 2 == 0 {
            header(out, b"LIST", u32::MAX)?;
            out.write_all(b"ones")?;
        } else {
            header(out, b"data", u32::MAX)?;
        }
    }
    Ok(())
}

/// RF64 with riffSize, dataSize and a table entry of 2^63, a table length of
/// 0xFFFFFFFF, then `count` chunks whose sizes are all in the ds64 chunk.
fn rf64_huge(count: usize, out: Out) -> io::Result<()> {
    let huge = (1u64 << 63).to_le_bytes();
    header(out, b"RF64", u32::MAX)?;
    out.write_all(b"WAVE")?;
    header(out, b"ds64", u32::MAX)?;
    for field in [&huge[..], &huge, &huge, &u32::MAX.to_le_bytes(), b"big ", &huge] {
        out.write_all(field)?;
    }
    for i in 0..count {
        let id = [b"big ", b"data", b"LIST"][i % 3];
        header(out, id, u32::MAX)?;
    }
    Ok(())
}

/// RF64 whose ds64 table has `count` entries (distinct ids, size 0), followed by
/// `count` chunks of size 0xFFFFFFFF, each looked up in the table, last entry first.
fn rf64_table(count: usize, out: Out) -> io::Result<()> {
    let id = |i: usize| (i as u32 | 0x8080_8080).to_le_bytes();
    let table = 12 * count as u64;
    let riff_size = 4 + 8 + (28 + table) + 8 * count as u64;
    header(out, b"RF64", u32::MAX)?;
    out.write_all(b"WAVE")?;
    header(out, b"ds64", (28 + table) as u32)?;
    for field in [&riff_size.to_le_bytes()[..], &[0; 16], &(count as u32).to_le_bytes()] {
        out.write_all(field)?;
    }
    for i in 0..count {
        out.write_all(&id(i))?;
        out.write_all(&[0; 8])?;
    }
    for i in (0..count).rev() {
        header(out, &id(i), u32::MAX)?;
    }
    Ok(())
}

/// A WAVE form of `count` LISTs each too short for a chunk (a trailing problem each),
/// each followed by an empty `fmt ` chunk (a duplicate-chunk problem each but the
/// first): two problems a list for `check`, one for `tree`.
fn many_problems(count: usize, out: Out) -> io::Result<()> {
    header(out, b"RIFF", 4 + 22 * count as u32 + 8)?;
    out.write_all(b"WAVE")?;
    for _ in 0..count {
        // The list type and one byte, then the pad byte.
        header(out, b"LIST", 5)?;
        out.write_all(b"odd!x\0")?;
        header(out, b"fmt ", 0)?;
    }
    header(out, b"data", 0)
}

/// The largest resident set of any child so far, in KiB.
///
/// On Linux a child's figure also counts the memory its parent had when it started it
/// (before `exec`), which makes the figures upper bounds. The inputs are streamed to
/// disk to keep that part small (built in memory, they made it 60 MiB).
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
    type Maker = fn(usize, Out) -> io::Result<()>;
    let inputs: [(&str, Maker, usize); 6] = [
        ("nesting-deep", deep, 100_000),
        ("zero-size-chunks", zero_chunks, 1_000_000),
        ("all-sizes-ffffffff", all_ones, 1_000_000),
        ("rf64-sizes-2^63", rf64_huge, 1_000_000),
        ("rf64-ds64-table", rf64_table, 1_000_000),
        ("many-problems", many_problems, 200_000),
    ];
    let commands: [&[&str]; 6] =
        [&["tree"], &["tree", "--json"], &["check"], &["check", "--json"], &["info"], &["info", "--json"]];
    eprintln!(
        "{:<20} {:>9} {:>10} {:<12} {:>6} {:>8} {:>8} {:>9}",
        "input", "n", "bytes", "command", "status", "seconds", "half", "max KiB"
    );
    let scale: usize = std::env::var("MMIO_HOSTILE_SCALE").ok().and_then(|s| s.parse().ok()).unwrap_or(1);
    for (name, make, n) in inputs {
        let n = n * scale;
        let files: Vec<PathBuf> = [n / 2, n]
            .iter()
            .map(|&count| {
                let path = dir.join(format!("{name}-{count}.riff"));
                let mut out = BufWriter::new(std::fs::File::create(&path).unwrap());
                make(count, &mut out).unwrap();
                out.flush().unwrap();
                path
            })
            .collect();
        for args in commands {
            let (_, half) = run(args, &files[0]);
            let before = max_rss_kib();
            let (status, full) = run(args, &files[1]);
            let bytes = std::fs::metadata(&files[1]).unwrap().len();
            let rss = max_rss_kib();
            let command = args.join(" ");
            eprintln!("{name:<20} {n:>9} {bytes:>10} {command:<12} {status:>6} {full:>8.3} {half:>8.3} {rss:>9}");
            assert!((0..=2).contains(&status), "mmio {args:?} on {name} died ({status})");
            assert!(rss < LIMIT_KIB, "mmio {args:?} on {name}: {rss} KiB resident (before: {before} KiB)");
        }
    }
    let own = getrusage(UsageWho::RUSAGE_SELF).unwrap().max_rss();
    eprintln!("children's max RSS: {} KiB (this process's own peak: {own} KiB)", max_rss_kib());
    let _ = std::fs::remove_dir_all(&dir);
}
