//! Crash recovery with real processes: a child writing a file is killed with SIGKILL at
//! a random point; `mmio repair` must then produce a file that `mmio check` accepts and
//! that holds every byte the child had flushed before the kill.
//!
//! Three writers, each this test binary run again as a child:
//! - a WAV recorder on a file (create/ascend through the engine), reporting its flushed
//!   offset on a pipe after each flush;
//! - an AVI writer on a file (`RIFF AVI `, `LIST hdrl`, `LIST movi` with `00dc`/`01wb`
//!   frames, `idx1` at the end), killed mid-frame, reporting its frames;
//! - a WAV writer on a pipe (non-seekable: its placeholder sizes are never fixed) with
//!   a chunk after the samples; everything it wrote is read from the pipe.
//!
//! The kill points come from a seed printed at the start (`--nocapture`);
//! `MMIO_CRASH_SEED=<seed>` replays a run.

use std::io::{BufRead, BufReader, Read};
use std::os::fd::AsFd;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::Duration;

use winmmio::riff::{Event, Walker};
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

/// A WAVE `fmt ` chunk's data: PCM, 16-bit stereo, 48 kHz.
const FMT: [u8; 16] = [1, 0, 2, 0, 0x80, 0xbb, 0, 0, 0, 0xee, 2, 0, 4, 0, 16, 0];

/// The child: writes a WAV file as a streaming recorder does, flushing after each
/// piece and reporting the flushed offset on stdout.
fn wav_child(path: &str) {
    let mut file = OpenOptions::new().write().create(true).open(path).unwrap();
    let mut riff = ChunkInfo::riff(FourCC::WAVE);
    file.create_chunk(&mut riff, Create::Riff).unwrap();
    let mut fmt = ChunkInfo::new(FourCC::FMT);
    file.create_chunk(&mut fmt, Create::Chunk).unwrap();
    file.write_bytes(&FMT).unwrap();
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

/// The frames of the AVI writer: how many, and frame `i`'s id, length and bytes.
const FRAMES: usize = 240;

fn frame_id(i: usize) -> FourCC {
    FourCC::new(if i % 3 == 2 { *b"01wb" } else { *b"00dc" })
}

fn frame_len(i: usize) -> usize {
    // Odd and even lengths, 1 KiB to 40 KiB.
    1_000 + (i * 7_919) % 40_000
}

/// The bytes of frame `i`: a start code (not a plausible chunk id), then noise.
fn frame(i: usize) -> Vec<u8> {
    (0..frame_len(i))
        .map(|j| match j {
            0 | 1 => 0,
            2 => 1,
            _ => ((i as u64 * 1_000_003 + j as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 56) as u8,
        })
        .collect()
}

/// The child: an AVI writer on a file. Each frame is a chunk made with create_chunk,
/// written in small pieces and fixed by ascend; the RIFF form and the movi list keep
/// their placeholder sizes until the end. It flushes every 8 KiB of a frame and after
/// each frame, and reports `flushed OFFSET frames N partial BYTES` (N frames finished,
/// BYTES of the next one written).
fn avi_child(path: &str) {
    let mut file = OpenOptions::new().write().create(true).open(path).unwrap();
    let mut riff = ChunkInfo::riff(FourCC::new(*b"AVI "));
    file.create_chunk(&mut riff, Create::Riff).unwrap();
    let mut hdrl = ChunkInfo::list(FourCC::new(*b"hdrl"));
    file.create_chunk(&mut hdrl, Create::List).unwrap();
    let mut avih = ChunkInfo::new(FourCC::new(*b"avih"));
    file.create_chunk(&mut avih, Create::Chunk).unwrap();
    // The flags announce the index written at the end (AVIF_HASINDEX |
    // AVIF_ISINTERLEAVED), as AVI writers set them before the first frame.
    let mut header = [7; 56];
    header[12..16].copy_from_slice(&0x110u32.to_le_bytes());
    file.write_bytes(&header).unwrap();
    file.ascend(&mut avih).unwrap();
    file.ascend(&mut hdrl).unwrap();
    let mut movi = ChunkInfo::list(FourCC::new(*b"movi"));
    file.create_chunk(&mut movi, Create::List).unwrap();
    file.flush_buffer().unwrap();
    println!("flushed {} frames 0 partial 0", file.position());
    // Computed first, so that the child spends its time writing.
    let frames: Vec<Vec<u8>> = (0..FRAMES).map(frame).collect();
    let mut index = Vec::new();
    for (i, bytes) in frames.iter().enumerate() {
        let mut frame = ChunkInfo::new(frame_id(i));
        file.create_chunk(&mut frame, Create::Chunk).unwrap();
        index.push((frame_id(i), frame.data_offset - 8 - movi.data_offset, bytes.len()));
        let mut written = 0;
        for part in bytes.chunks(777) {
            assert_eq!(file.write_bytes(part).unwrap(), part.len());
            written += part.len();
            if written % (777 * 11) == 0 {
                file.flush_buffer().unwrap();
                println!("flushed {} frames {i} partial {written}", file.position());
            }
        }
        file.ascend(&mut frame).unwrap();
        file.flush_buffer().unwrap();
        println!("flushed {} frames {} partial 0", file.position(), i + 1);
    }
    file.ascend(&mut movi).unwrap();
    let mut idx1 = ChunkInfo::new(FourCC::new(*b"idx1"));
    file.create_chunk(&mut idx1, Create::Chunk).unwrap();
    for (id, offset, len) in index {
        // AVIIF_KEYFRAME, the offset from movi's type, the length.
        for field in [u32::from_le_bytes(id.bytes()), 0x10, offset as u32, len as u32] {
            file.write_bytes(&field.to_le_bytes()).unwrap();
        }
    }
    file.ascend(&mut idx1).unwrap();
    file.ascend(&mut riff).unwrap();
    file.close().unwrap();
    println!("done");
}

/// Samples of the writer on a pipe (whole 4-byte frames).
const PIPE_SAMPLES: usize = 3_000_000;
/// The tag after the samples: `LIST INFO` holding `ISFT`.
const PIPE_TAG: &[u8] = b"a writer on a pipe\0";

/// The chunk the writer on a pipe puts after its samples, with its sizes.
fn pipe_tags() -> Vec<u8> {
    let mut tag = b"ISFT".to_vec();
    tag.extend_from_slice(&(PIPE_TAG.len() as u32).to_le_bytes());
    tag.extend_from_slice(PIPE_TAG);
    if PIPE_TAG.len() % 2 == 1 {
        tag.push(0);
    }
    let mut list = b"LIST".to_vec();
    list.extend_from_slice(&(4 + tag.len() as u32).to_le_bytes());
    list.extend_from_slice(b"INFO");
    list.extend(tag);
    list
}

/// The child: writes a WAV file to its stderr (a pipe) through the engine. The RIFF and
/// data sizes are placeholders (`placeholder`), never fixed (nothing can seek back);
/// the tags after the samples have their sizes.
fn pipe_child(placeholder: u32) {
    let stderr = std::fs::File::from(std::io::stderr().as_fd().try_clone_to_owned().unwrap());
    let mut out = OpenOptions::new().write().open_file(stderr).unwrap();
    let mut riff = ChunkInfo { size: u64::from(placeholder), ..ChunkInfo::riff(FourCC::WAVE) };
    out.create_chunk(&mut riff, Create::Riff).unwrap();
    let mut fmt = ChunkInfo { size: FMT.len() as u64, ..ChunkInfo::new(FourCC::FMT) };
    out.create_chunk(&mut fmt, Create::Chunk).unwrap();
    out.write_bytes(&FMT).unwrap();
    let mut data = ChunkInfo { size: u64::from(placeholder), ..ChunkInfo::new(FourCC::DATA) };
    out.create_chunk(&mut data, Create::Chunk).unwrap();
    let samples: Vec<u8> = (0..PIPE_SAMPLES as u64).map(sample).collect();
    for part in samples.chunks(4_001) {
        assert_eq!(out.write_bytes(part).unwrap(), part.len());
    }
    out.write_bytes(&pipe_tags()).unwrap();
    out.close().unwrap();
}

fn next_random(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// The seed of the kill points, printed for replays.
fn seed(what: &str) -> u64 {
    let seed = std::env::var("MMIO_CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1
    });
    eprintln!("{what}: MMIO_CRASH_SEED={seed}");
    seed
}

/// This test binary, run again as a child that writes (test `name`, with `env` set):
/// the command, to which the caller adds its pipes.
fn child_command(name: &str, env: (&str, &str)) -> Command {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command.args(["--exact", name, "--nocapture"]).env(env.0, env.1);
    command
}

/// The child, its reports on its stdout.
fn spawn_reporting_child(name: &str, env: (&str, &str)) -> (Child, ChildStdout) {
    let mut child = child_command(name, env).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
    let stdout = child.stdout.take().unwrap();
    (child, stdout)
}

/// Reads the child's reports until it has made `reports` of them (or is done), waits
/// `extra`, kills it with SIGKILL, and returns its last report (`flushed ...`, the
/// part after the word) and how many it made before the wait.
fn kill_after_reports(mut child: Child, out: ChildStdout, reports: u64, extra: Duration) -> (String, u64) {
    let mut out = BufReader::new(out);
    let mut last = String::new();
    let mut seen = 0;
    let mut line = String::new();
    while seen < reports {
        line.clear();
        if out.read_line(&mut line).unwrap() == 0 || line.starts_with("done") {
            break;
        }
        if let Some(report) = line.trim().strip_prefix("flushed ") {
            last = report.to_string();
            seen += 1;
        }
    }
    std::thread::sleep(extra);
    child.kill().unwrap();
    // Reports written before the kill may still be in the pipe.
    for line in out.lines().map_while(Result::ok) {
        if let Some(report) = line.strip_prefix("flushed ") {
            last = report.to_string();
        }
    }
    child.wait().unwrap();
    (last, seen)
}

fn mmio(args: &[&str], file: &Path) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_mmio")).args(args).arg(file).output().unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.code().unwrap_or(-1), text)
}

/// `mmio repair -o FIXED FILE` must succeed (leaving at most reported problems) and
/// `mmio check FIXED` must accept the result.
fn repair_and_check(what: &str, file: &Path, fixed: &Path) {
    let (status, text) = mmio(&["repair", "-o", fixed.to_str().unwrap()], file);
    assert!(status <= 1 && fixed.exists(), "{what}: repair failed ({status}): {text}");
    // check accepts it; a last frame the crash cut short is at most a note (repair
    // keeps every byte).
    let (status, text) = mmio(&["check"], fixed);
    assert_eq!(status, 0, "{what}: check rejects the repaired file: {text}");
}

/// A scratch directory for one test's runs.
fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mmio-crash-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
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
    const NAME: &str = "killed_writers_are_repaired_without_losing_flushed_bytes";
    if let Ok(path) = std::env::var("MMIO_CRASH_CHILD") {
        wav_child(&path);
        return;
    }
    let mut state = seed("WAV writers");
    let dir = scratch("wav");
    for run in 0..RUNS {
        let path = dir.join(format!("rec-{run}.wav"));
        let fixed = dir.join(format!("fixed-{run}.wav"));
        // Wait for this many flush reports, then let the child run a little longer.
        let reports = 1 + next_random(&mut state) % 120;
        let extra = Duration::from_micros(next_random(&mut state) % 3_000);
        let (child, out) = spawn_reporting_child(NAME, ("MMIO_CRASH_CHILD", path.to_str().unwrap()));
        let (last, seen) = kill_after_reports(child, out, reports, extra);
        let flushed: u64 = last.parse().unwrap_or_else(|_| panic!("run {run}: the child flushed nothing"));
        assert!(flushed >= DATA_AT, "run {run}: the child flushed nothing");
        let size = std::fs::metadata(&path).unwrap().len();
        eprintln!("run {run}: killed after {seen} reports + {extra:?}: {flushed} bytes flushed, file {size} bytes");
        repair_and_check(&format!("run {run}"), &path, &fixed);
        check_samples(&fixed, flushed);
        let _ = std::fs::remove_file(&path);
        let _ = std::fs::remove_file(&fixed);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The frames of the repaired AVI file's movi list, and whether it has an idx1 chunk.
fn avi_frames(repaired: &Path) -> (Vec<(FourCC, Vec<u8>)>, bool) {
    let bytes = std::fs::read(repaired).unwrap();
    let mut frames = Vec::new();
    let mut in_movi = false;
    let mut idx1 = false;
    for event in Walker::new(std::io::Cursor::new(&bytes)).unwrap() {
        match event.unwrap() {
            Event::Enter(c) if c.depth == 2 => in_movi = c.form == Some(FourCC::new(*b"movi")),
            Event::Leave(c) if c.depth == 2 => in_movi = false,
            Event::Leaf(c) if in_movi && c.depth == 3 => {
                frames.push((c.id, bytes[c.data_offset() as usize..c.end as usize].to_vec()));
            }
            Event::Leaf(c) if c.depth == 2 && c.id == FourCC::new(*b"idx1") => idx1 = true,
            _ => {}
        }
    }
    (frames, idx1)
}

#[test]
fn killed_avi_writers_keep_every_flushed_frame_byte() {
    const NAME: &str = "killed_avi_writers_keep_every_flushed_frame_byte";
    if let Ok(path) = std::env::var("MMIO_AVI_CHILD") {
        avi_child(&path);
        return;
    }
    let mut state = seed("AVI writers");
    let dir = scratch("avi");
    let mut kinds = [0; 3];
    for run in 0..RUNS {
        let path = dir.join(format!("rec-{run}.avi"));
        let fixed = dir.join(format!("fixed-{run}.avi"));
        // About 3 reports a frame, 708 in all: some runs end in the index, or finish.
        let reports = 1 + next_random(&mut state) % 720;
        let extra = Duration::from_micros(next_random(&mut state) % 2_000);
        let (child, out) = spawn_reporting_child(NAME, ("MMIO_AVI_CHILD", path.to_str().unwrap()));
        let (last, seen) = kill_after_reports(child, out, reports, extra);
        let fields: Vec<u64> = last.split(' ').filter_map(|w| w.parse().ok()).collect();
        let [flushed, finished, partial] = fields[..] else { panic!("run {run}: no report ({last:?})") };
        let (finished, partial) = (finished as usize, partial as usize);
        let size = std::fs::metadata(&path).unwrap().len();
        eprintln!(
            "run {run}: killed after {seen} reports + {extra:?}: {flushed} bytes flushed ({finished} frames and \
             {partial} bytes), file {size} bytes"
        );
        let what = format!("run {run}");
        repair_and_check(&what, &path, &fixed);
        let (frames, idx1) = avi_frames(&fixed);
        // Every frame flushed whole is there, with its bytes; the one being written
        // holds at least its flushed bytes; frames written after the last report are
        // there too, each a start of its bytes (the last may keep the pad byte its
        // writer wrote before it died, as data: nothing tells them apart).
        assert!(frames.len() >= finished + usize::from(partial > 0), "{what}: {} frames", frames.len());
        for (i, (id, data)) in frames.iter().enumerate() {
            let want = frame(i);
            assert_eq!(*id, frame_id(i), "{what}: frame {i}");
            let last = i + 1 == frames.len();
            let ok = data[..] == want[..]
                || (last && want.starts_with(data))
                || (last
                    && want.len() % 2 == 1
                    && data[..want.len().min(data.len())] == want[..]
                    && data[want.len()..] == [0]);
            assert!(ok, "{what}: frame {i}: {} bytes of {} differ from what was written", data.len(), want.len());
            if i == finished && partial > 0 {
                assert!(data.len() >= partial, "{what}: frame {i} keeps {} of {partial} flushed bytes", data.len());
            }
        }
        kinds[match (idx1, frames.len()) {
            (true, _) => 2,
            (false, n) if n == FRAMES => 1,
            _ => 0,
        }] += 1;
        let _ = std::fs::remove_file(&path);
        let _ = std::fs::remove_file(&fixed);
    }
    eprintln!("AVI writers: {} killed mid-frames, {} after the frames, {} with an index", kinds[0], kinds[1], kinds[2]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn writers_on_pipes_are_repaired_without_losing_a_byte() {
    const NAME: &str = "writers_on_pipes_are_repaired_without_losing_a_byte";
    if let Ok(placeholder) = std::env::var("MMIO_PIPE_CHILD") {
        pipe_child(placeholder.parse().unwrap());
        return;
    }
    let mut state = seed("writers on pipes");
    let dir = scratch("pipe");
    let tags = pipe_tags();
    let whole = 44 + PIPE_SAMPLES + tags.len();
    for run in 0..12 {
        let placeholder = if run % 2 == 0 { 0 } else { u32::MAX };
        let path = dir.join(format!("piped-{run}.wav"));
        let fixed = dir.join(format!("fixed-{run}.wav"));
        // A third of the writers finish; the others are killed after a random number
        // of bytes were read from the pipe (it may have written more).
        let kill_after = if run % 3 == 0 { usize::MAX } else { next_random(&mut state) as usize % whole };
        // The file comes on the child's stderr (the test harness writes on its stdout).
        let mut child = child_command(NAME, ("MMIO_PIPE_CHILD", &placeholder.to_string()))
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut out = child.stderr.take().unwrap();
        let mut got = Vec::new();
        let mut buf = vec![0; 1 << 16];
        loop {
            let n = out.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            got.extend_from_slice(&buf[..n]);
            if got.len() >= kill_after {
                child.kill().unwrap();
                out.read_to_end(&mut got).unwrap();
                break;
            }
        }
        child.wait().unwrap();
        eprintln!("run {run}: placeholder {placeholder:#x}, {} of {whole} bytes written", got.len());
        assert!(got.len() <= whole);
        std::fs::write(&path, &got).unwrap();
        let what = format!("run {run}");
        repair_and_check(&what, &path, &fixed);
        let repaired = std::fs::read(&fixed).unwrap();
        // Every sample written is in the data chunk; after a complete stream, the tags
        // are a chunk after the samples, not samples.
        let mut file = Mmio::open(&fixed).unwrap();
        let mut riff = ChunkInfo::riff(FourCC::WAVE);
        file.descend(&mut riff, None, Find::Riff).unwrap();
        let mut data = ChunkInfo::new(FourCC::DATA);
        file.descend(&mut data, Some(&riff), Find::Chunk).unwrap();
        let written = got.len().saturating_sub(44).min(PIPE_SAMPLES);
        assert!(data.size as usize >= written, "{what}: data chunk of {} bytes, {written} written", data.size);
        let samples = &repaired[44..44 + written];
        if let Some(i) = (0..written).find(|&i| samples[i] != sample(i as u64)) {
            panic!("{what}: sample {i} changed by the repair");
        }
        if got.len() == whole {
            assert_eq!(data.size as usize, PIPE_SAMPLES, "{what}: the tags were taken for samples");
            assert_eq!(&repaired[44 + PIPE_SAMPLES..], &tags[..], "{what}: the tags changed");
        }
        let _ = std::fs::remove_file(&path);
        let _ = std::fs::remove_file(&fixed);
    }
    let _ = std::fs::remove_dir_all(&dir);
}
