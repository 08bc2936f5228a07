//! The FINDCHUNK search of the cost-growth benchmark (issue 6).
//!
//! `findchunk make N FILE` writes a RIFF 'BNCH' form of N small chunks, the last one
//! `last`; `findchunk find FILE` opens it (8 KiB buffer), descends into the form and
//! searches for `last` with `Find::Chunk`, then prints the chunks passed and the time
//! in milliseconds. `bench/run` runs it on 1e3 .. 1e6 chunks and records peak memory.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::time::Instant;

use winmmio::{ChunkInfo, Find, FourCC, Mmio};

fn leaf_size(i: u64) -> u32 {
    (i * 7 % 61) as u32
}

fn make(chunks: u64, path: &str) -> std::io::Result<()> {
    let body: u64 = 4 + (0..chunks).map(|i| 8 + u64::from(leaf_size(i).next_multiple_of(2))).sum::<u64>();
    let body = u32::try_from(body).map_err(|_| std::io::Error::other("too many chunks for a RIFF file"))?;
    let mut out = BufWriter::new(File::create(path)?);
    out.write_all(b"RIFF")?;
    out.write_all(&body.to_le_bytes())?;
    out.write_all(b"BNCH")?;
    for i in 0..chunks {
        let size = leaf_size(i);
        out.write_all(if i + 1 == chunks { b"last" } else { b"leaf" })?;
        out.write_all(&size.to_le_bytes())?;
        out.write_all(&[0; 64][..size.next_multiple_of(2) as usize])?;
    }
    out.flush()
}

fn find(path: &str) -> winmmio::Result<()> {
    let start = Instant::now();
    let mut file = Mmio::open(path)?;
    let mut form = ChunkInfo::riff(FourCC::new(*b"BNCH"));
    file.descend(&mut form, None, Find::Riff)?;
    let mut last = ChunkInfo::new(FourCC::new(*b"last"));
    file.descend(&mut last, Some(&form), Find::Chunk)?;
    file.close()?;
    let ms = start.elapsed().as_secs_f64() * 1e3;
    println!("found last at {} in {ms:.3} ms", last.data_offset - 8);
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["make", n, path] => match n.parse() {
            Ok(n) => make(n, path).map_err(|e| e.to_string()),
            Err(_) => Err(format!("not a count: {n}")),
        },
        ["find", path] => find(path).map_err(|e| e.to_string()),
        _ => Err("usage: findchunk make N FILE | findchunk find FILE".into()),
    };
    if let Err(e) = result {
        eprintln!("findchunk: {e}");
        std::process::exit(1);
    }
}
