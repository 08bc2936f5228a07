//! Crash recovery: a child process writing a large WAV file is killed with SIGKILL at
//! random points; `mmio repair` must then produce a file that `mmio check` accepts and
//! that holds every byte the child had flushed before the kill (it reports its flushed
//! offset on a pipe after each flush).
//!
//! The child is this test binary run again. The kill points come from a seed printed
//! at the start (`--nocapture`); `MMIO_CRASH_SEED=<seed>` replays a run.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use winmmio::{ChunkInfo, Create, Find, FourCC, Mmio, OpenOptions};

const RUNS: usize = 24;
/// Bytes per write and flush.
const PIECE: usize = 48_001;
/// The child would write this much if nothing stopped it.
const PIECES: usize = 2_000;
/// Where the samples start: RIFF header 12, fmt chunk 24, data header 8.
const DATA_AT: u64 = 44;

/// The samples repeat with this period (a prime, so pieces start at different points).
const PERIOD: u64 = 65_521;

/// Sample byte `i` of the data chunk.
fn sample(i: u64) -> u8 {
    ((i % PERIOD).wrapping_mul(2_654_435_761) >> 13) as u8
}

/// The child: writes a WAV file as a streaming recorder does, flushing after each
/// piece and reporting the flushed offset on stdout.
fn child(path: &str) {
    let mut file = OpenOptions::new().write().create(true).open(path).unwrap();
    let mut riff = ChunkInfo::riff(FourCC::WAVE);
    file.create_chunk(&mut riff, Create::Riff).unwrap();
    let mut fmt = ChunkInfo::new(FourCC::FMT);
    file.create_chunk(&mut fmt, Create::Chunk).unwrap();
    file.write_bytes(&[1, 0, 2, 0, 0x80, 0xbb, 0, 0, 0, 0xee, 2, 0, 4, 0, 16, 0]).unwrap();
    file.ascend(&mut fmt).unwrap();
    let mut data = ChunkInfo::new(FourCC::DATA);
    file.create_chunk(&mut data, Create::Chunk).unwrap();
    file.flush_buffer().unwrap();
    println!("flushed {}", file.position());
    // Computed once, so that the child spends its time writing.
    let samples: Vec<u8> = (0..PERIOD + PIECE as u64).map(sample).collect();
    let mut next = 0u64;
    for _ in 0..PIECES {
        let start = (next % PERIOD) as usize;
        let piece = &samples[start..start + PIECE];
        next += PIECE as u64;
        // Small writes through the 8 KiB buffer: the file grows a buffer at a time,
        // so a kill can leave it at any buffer boundary between two flushes.
        for part in piece.chunks(777) {
            assert_eq!(file.write_bytes(part).unwrap(), part.len());
        }
        file.flush_buffer().unwrap();
        println!("flushed {}", file.position());
    }
    file.ascend(&mut data).unwrap();
    file.ascend(&mut riff).unwrap();
    file.close().unwrap();
    println!("done");
}

fn next_random(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

fn mmio(args: &[&str], file: &Path) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_mmio")).args(args).arg(file).output().unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.code().unwrap_or(-1), text)
}

/// The repaired file's samples must start with every flushed one.
fn check_samples(repaired: &Path, flushed: u64) {
    let mut file = Mmio::open(repaired).unwrap();
    let mut riff = ChunkInfo::riff(FourCC::WAVE);
    file.descend(&mut riff, None, Find::Riff).unwrap();
    let mut data = ChunkInfo::new(FourCC::DATA);
    file.descend(&mut data, Some(&riff), Find::Chunk).unwrap();
    assert_eq!(data.data_offset, DATA_AT);
    let want = flushed - DATA_AT;
    assert!(data.size >= want, "data chunk of {} bytes, {want} were flushed", data.size);
    let mut got = vec![0; want as usize];
    assert_eq!(file.read_bytes(&mut got).unwrap(), got.len());
    if let Some(i) = (0..want).find(|&i| got[i as usize] != sample(i)) {
        panic!("sample {i} changed by the crash or the repair");
    }
}

#[test]
fn killed_writers_are_repaired_without_losing_flushed_bytes() {
    if let Ok(path) = std::env::var("MMIO_CRASH_CHILD") {
        child(&path);
        return;
    }
    let seed = std::env::var("MMIO_CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1
    });
    eprintln!("crash recovery: MMIO_CRASH_SEED={seed}");
    let mut state = seed;
    let dir = std::env::temp_dir().join(format!("mmio-crash-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for run in 0..RUNS {
        let path = dir.join(format!("rec-{run}.wav"));
        let fixed = dir.join(format!("fixed-{run}.wav"));
        // Wait for this many flush reports, then let the child run a little longer.
        let reports = 1 + next_random(&mut state) % 120;
        let extra = Duration::from_micros(next_random(&mut state) % 3_000);
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "killed_writers_are_repaired_without_losing_flushed_bytes", "--nocapture"])
            .env("MMIO_CRASH_CHILD", &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut flushed = 0u64;
        let mut seen = 0;
        let mut line = String::new();
        while seen < reports {
            line.clear();
            if out.read_line(&mut line).unwrap() == 0 || line.starts_with("done") {
                break;
            }
            if let Some(at) = line.trim().strip_prefix("flushed ") {
                flushed = at.parse().unwrap();
                seen += 1;
            }
        }
        std::thread::sleep(extra);
        child.kill().unwrap();
        // Reports written before the kill may still be in the pipe.
        for line in out.lines().map_while(Result::ok) {
            if let Some(at) = line.strip_prefix("flushed ") {
                flushed = at.parse().unwrap();
            }
        }
        child.wait().unwrap();
        assert!(flushed >= DATA_AT, "run {run}: the child flushed nothing");
        let size = std::fs::metadata(&path).unwrap().len();
        eprintln!("run {run}: killed after {seen} reports + {extra:?}: {flushed} bytes flushed, file {size} bytes");

        let (status, text) = mmio(&["repair", "-o", fixed.to_str().unwrap()], &path);
        assert!(status <= 1, "run {run}: repair failed ({status}): {text}");
        let (status, text) = mmio(&["check"], &fixed);
        assert_eq!(status, 0, "run {run}: check rejects the repaired file: {text}");
        check_samples(&fixed, flushed);
        let _ = std::fs::remove_file(&path);
        let _ = std::fs::remove_file(&fixed);
    }
    let _ = std::fs::remove_dir_all(&dir);
}
