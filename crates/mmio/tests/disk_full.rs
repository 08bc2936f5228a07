//! Disk full, without root: a child process whose file size limit (`RLIMIT_FSIZE`,
//! with `SIGXFSZ` ignored) is far below the WAV file it writes. The failure must
//! surface as `MMIOERR_CANNOTWRITE` (and as an `io::Error` through `std::io::Write`),
//! and every byte flushed before it must be in the file, unchanged. In a test binary
//! of its own: the child is this binary run again. Unix only (`setrlimit`).
#![cfg(unix)]

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use common::Scratch;
use winmmio::{ChunkInfo, Create, ErrorCode, FourCC, Mmio, OpenOptions};

const LIMIT: u64 = 300_000;
const PIECE: usize = 10_000;
const TOTAL: usize = 2_000_000;

fn piece(n: usize) -> Vec<u8> {
    (0..PIECE).map(|i| (i * 31 + n * 7) as u8).collect()
}

/// Writes a WAV header and `TOTAL` data bytes a piece at a time, flushing after each
/// piece and calling `flushed` with the offset every byte before which is stored.
fn write_wav(file: &mut Mmio, mut flushed: impl FnMut(u64)) -> winmmio::Result<()> {
    let mut riff = ChunkInfo::riff(FourCC::WAVE);
    file.create_chunk(&mut riff, Create::Riff)?;
    let mut fmt = ChunkInfo::new(FourCC::FMT);
    file.create_chunk(&mut fmt, Create::Chunk)?;
    file.write_bytes(&[1, 0, 1, 0, 0x44, 0xac, 0, 0, 0x88, 0x58, 1, 0, 2, 0, 16, 0])?;
    file.ascend(&mut fmt)?;
    let mut data = ChunkInfo::new(FourCC::DATA);
    file.create_chunk(&mut data, Create::Chunk)?;
    for n in 0..TOTAL / PIECE {
        let src = piece(n);
        let mut done = 0;
        while done < src.len() {
            done += file.write_bytes(&src[done..])?;
        }
        file.flush_buffer()?;
        flushed(file.position());
    }
    file.ascend(&mut data)?;
    file.ascend(&mut riff)
}

/// The child: limits its file size, writes, and reports on stdout.
#[allow(unsafe_code)] // setting a signal's disposition is `unsafe` in nix
fn child(path: &str) {
    use nix::sys::resource::{Resource, setrlimit};
    use nix::sys::signal::{SigHandler, Signal, signal};
    // SAFETY: ignoring a signal installs no handler code.
    unsafe { signal(Signal::SIGXFSZ, SigHandler::SigIgn) }.unwrap();
    setrlimit(Resource::RLIMIT_FSIZE, LIMIT, LIMIT).unwrap();
    let mut out = std::io::stdout();
    let mut file = OpenOptions::new().write().create(true).buffer_size(4096).open(path).unwrap();
    let result = write_wav(&mut file, |at| {
        writeln!(out, "flushed {at}").unwrap();
    });
    let err = result.expect_err("the size limit should stop the writer");
    let os = err.io_error().and_then(std::io::Error::raw_os_error).unwrap_or(0);
    writeln!(out, "error {} {os}", err.code().code()).unwrap();
    // The same failure through std::io::Write.
    let io = file.write_all(&[0u8; 100_000]).and_then(|()| file.flush()).expect_err("io::Write should fail too");
    let inner = io.get_ref().and_then(|e| e.downcast_ref::<winmmio::Error>()).expect("the winmmio::Error inside");
    let os = inner.io_error().and_then(std::io::Error::raw_os_error).unwrap_or(0);
    writeln!(out, "io-error {} {os}", inner.code().code()).unwrap();
    let closed = file.close();
    writeln!(out, "close {}", closed.map_or_else(|e| e.code().code(), |()| 0)).unwrap();
}

#[test]
fn a_full_disk_is_reported_and_loses_nothing_flushed() {
    if let Ok(path) = std::env::var("MMIO_TEST_DISK_FULL") {
        child(&path);
        return;
    }
    let dir = Scratch::new("disk-full");
    let path = dir.path("big.wav");
    let run = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "a_full_disk_is_reported_and_loses_nothing_flushed", "--nocapture", "--test-threads=1"])
        .env("MMIO_TEST_DISK_FULL", &path)
        .stdout(Stdio::piped())
        .output()
        .unwrap();
    assert!(run.status.success(), "child failed: {}", String::from_utf8_lossy(&run.stdout));
    let mut flushed = 0;
    let mut reports = Vec::new();
    for line in BufReader::new(&run.stdout[..]).lines() {
        let line = line.unwrap();
        if let Some(at) = line.strip_prefix("flushed ") {
            flushed = at.parse().unwrap();
        } else if ["error ", "io-error ", "close "].iter().any(|p| line.starts_with(p)) {
            reports.push(line);
        }
    }
    let cannot_write = ErrorCode::CannotWrite.code();
    let efbig = nix::errno::Errno::EFBIG as i32;
    assert_eq!(reports[0], format!("error {cannot_write} {efbig}"));
    assert_eq!(reports[1], format!("io-error {cannot_write} {efbig}"));
    // The data the buffer kept cannot be written either: close says so.
    assert_eq!(reports[2], format!("close {cannot_write}"));
    assert!(flushed > 0 && flushed <= LIMIT, "flushed {flushed}");

    // What was flushed is in the file, exactly as the same writer puts it in memory.
    let mut memory = Mmio::memory(Vec::new(), 1 << 20).unwrap();
    write_wav(&mut memory, |_| {}).unwrap();
    let expected = memory.into_memory().unwrap();
    let stored = std::fs::read(&path).unwrap();
    assert!(stored.len() as u64 >= flushed && stored.len() as u64 <= LIMIT, "{} bytes stored", stored.len());
    let n = flushed as usize;
    // The RIFF and data size fields are only fixed by ascend, which never happened.
    let mut want = expected[..n].to_vec();
    want[4..8].copy_from_slice(&[0; 4]);
    want[40..44].copy_from_slice(&[0; 4]);
    assert!(stored[..n] == want[..], "flushed bytes changed");
}
