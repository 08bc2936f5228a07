//! A streaming `wav::Writer` past 4 GiB: the file becomes RF64 in place, and the
//! walker, `descend`, `wav::Reader`, ffprobe and ffmpeg all read it back with the right
//! sizes and the right samples at the end. (sox reads it too, but `soxi` spends some
//! 40 s of CPU on this file: not in the test.)
//!
//! The 4 GiB of silence in the middle are written through an I/O procedure that stores
//! all-zero writes as holes (a sparse file), so the test needs little disk and time.

mod common;

use std::fs::File;
use std::io::{BufReader, Seek, SeekFrom, Write};
use std::path::Path;
use std::time::Instant;

use common::Scratch;
use common::tools::{arg, available, run};
use winmmio::riff::{Event, Walker};
use winmmio::wav::{Reader, WaveFormat, Writer};
use winmmio::{ChunkInfo, ErrorCode, Find, FourCC, IoProc, Mmio, OpenOptions, ProcRef, ProcState, Result, SeekOrigin};

/// Zeros to compare whole writes with (slice equality is a `memcmp`, fast even in
/// unoptimised test builds).
static ZEROS: [u8; 1 << 16] = [0; 1 << 16];

/// An I/O procedure over a file that turns all-zero writes into holes.
struct Sparse {
    file: Option<File>,
    /// The file's length, holes included.
    len: u64,
}

impl Sparse {
    fn file(&mut self) -> Result<&mut File> {
        self.file.as_mut().ok_or_else(|| ErrorCode::CannotWrite.into())
    }
}

fn io(op: winmmio::Operation) -> impl Fn(std::io::Error) -> winmmio::Error {
    move |e| winmmio::Error::from_io(op, e)
}

impl IoProc for Sparse {
    fn open(&mut self, _: &mut ProcState, name: Option<&Path>) -> Result<()> {
        let name = name.ok_or(ErrorCode::CannotOpen)?;
        self.file = Some(File::create(name).map_err(io(winmmio::Operation::Open))?);
        Ok(())
    }

    fn close(&mut self, _: &mut ProcState, _: winmmio::CloseFlags) -> Result<()> {
        let len = self.len;
        self.file()?.set_len(len).map_err(io(winmmio::Operation::Close))?;
        self.file = None;
        Ok(())
    }

    fn read(&mut self, _: &mut ProcState, _: &mut [u8]) -> Result<usize> {
        Err(ErrorCode::CannotRead.into())
    }

    fn write(&mut self, state: &mut ProcState, buf: &[u8]) -> Result<usize> {
        let at = state.disk_offset;
        let zeros = buf.chunks(ZEROS.len()).all(|c| c == &ZEROS[..c.len()]);
        let file = self.file()?;
        if !zeros {
            file.seek(SeekFrom::Start(at)).map_err(io(winmmio::Operation::Write))?;
            file.write_all(buf).map_err(io(winmmio::Operation::Write))?;
        }
        state.disk_offset += buf.len() as u64;
        self.len = self.len.max(state.disk_offset);
        Ok(buf.len())
    }

    fn seek(&mut self, state: &mut ProcState, offset: i64, origin: SeekOrigin) -> Result<u64> {
        let base = match origin {
            SeekOrigin::Start => 0,
            SeekOrigin::Current => state.disk_offset,
            SeekOrigin::End => self.len,
        };
        state.disk_offset = base.checked_add_signed(offset).ok_or(ErrorCode::CannotSeek)?;
        Ok(state.disk_offset)
    }
}

#[test]
fn a_streaming_write_past_4_gib_becomes_rf64_every_reader_reads() {
    let dir = Scratch::new("wav-rf64");
    let path = dir.path("long.wav");
    // Mono 32-bit float at 48 kHz: a fact chunk too, whose count RF64 keeps in ds64.
    let format = WaveFormat::float(1, 48_000, 32);
    let frames: u64 = (1 << 30) + 48_000;
    let tail: Vec<f32> = (0..48_000).map(|i| (i as f32 / 48_000.0) - 0.5).collect();
    let started = Instant::now();
    let file = OpenOptions::new()
        .write()
        .create(true)
        .buffer_size(1 << 16)
        .io_proc(FourCC::new(*b"SPRS"), ProcRef::from_fn(|| Sparse { file: None, len: 0 }))
        .open(&path)
        .unwrap();
    let mut writer = Writer::new(file, &format).unwrap();
    let silence = vec![0u8; 64 << 20];
    let mut left = (frames - tail.len() as u64) * 4;
    while left > 0 {
        let n = left.min(silence.len() as u64) as usize;
        writer.write_raw(&silence[..n]).unwrap();
        left -= n as u64;
    }
    writer.write_samples(&tail).unwrap();
    assert_eq!(writer.frames_written(), frames);
    writer.finish().unwrap().close().unwrap();
    eprintln!("wrote {} bytes in {:.1} s", std::fs::metadata(&path).unwrap().len(), started.elapsed().as_secs_f64());

    let data_len = frames * 4;
    let file_len = std::fs::metadata(&path).unwrap().len();
    assert!(data_len > u64::from(u32::MAX));

    // The walker: RF64, the data's real size, no problem.
    let events: Vec<Event> =
        Walker::new(BufReader::new(File::open(&path).unwrap())).unwrap().map(|e| e.unwrap()).collect();
    assert!(!events.iter().any(|e| matches!(e, Event::Problem(_))), "{events:?}");
    let chunk = |id| {
        events.iter().find_map(|e| match e {
            Event::Enter(c) | Event::Leaf(c) if c.id == id => Some(*c),
            _ => None,
        })
    };
    assert_eq!(chunk(FourCC::RF64).unwrap().size, file_len - 8);
    assert_eq!(chunk(FourCC::DATA).unwrap().size, data_len);
    assert!(chunk(FourCC::DS64).is_some() && chunk(FourCC::JUNK).is_none());

    // descend.
    let mut mmio = Mmio::open(&path).unwrap();
    let mut form = ChunkInfo::riff(FourCC::WAVE);
    mmio.descend(&mut form, None, Find::Riff).unwrap();
    assert_eq!((form.id, form.size), (FourCC::RF64, file_len - 8));
    let mut data = ChunkInfo::new(FourCC::DATA);
    mmio.descend(&mut data, Some(&form), Find::Chunk).unwrap();
    assert_eq!(data.size, data_len);

    // The reader: frames, fact count (from ds64), and the tail's samples.
    let mut reader = Reader::open(&path).unwrap();
    assert_eq!((reader.form(), reader.frames(), reader.fact_samples()), (FourCC::RF64, Some(frames), Some(frames)));
    reader.seek(frames - tail.len() as u64);
    let read: Vec<f32> = reader.samples().unwrap().collect::<std::result::Result<_, _>>().unwrap();
    assert_eq!(read, tail);

    if available("ffprobe") {
        let out = String::from_utf8(run(
            "ffprobe",
            &["-v", "error", "-show_entries", "stream=duration_ts,codec_name:format=format_name", arg(&path)],
        ))
        .unwrap();
        for line in ["codec_name=pcm_f32le", &format!("duration_ts={frames}"), "format_name=wav"] {
            assert!(out.lines().any(|l| l == line), "ffprobe: no {line} in\n{out}");
        }
        // ffmpeg decodes the last second (seeking there) into the samples written.
        let start = format!("{}", (frames - 48_000) as f64 / 48_000.0);
        let raw = run("ffmpeg", &["-v", "error", "-ss", &start, "-i", arg(&path), "-f", "f32le", "-"]);
        let decoded: Vec<f32> = raw.chunks_exact(4).map(|c| f32::from_le_bytes(c.try_into().unwrap())).collect();
        let last = decoded.len().min(tail.len()).min(40_000);
        assert!(last > 30_000, "ffmpeg decoded {} samples", decoded.len());
        assert_eq!(decoded[decoded.len() - last..], tail[tail.len() - last..]);
    }
    eprintln!("the whole test took {:.1} s", started.elapsed().as_secs_f64());
}
