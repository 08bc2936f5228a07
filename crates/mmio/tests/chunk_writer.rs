//! `ChunkWriter` (`begin_riff` / `begin_list` / `begin_chunk`): sizes right after
//! `finish`, and after an early return (the issue: an early `?` between create and
//! ascend left both sizes at 0, and hound could not open the file).

mod common;

use std::io::{self, Write};

use common::Scratch;
use winmmio::riff::{Event, Walker};
use winmmio::{ByteOrder, ChunkInfo, ErrorCode, Find, FourCC, Mmio};

const FMT_PCM_MONO_8K_16: [u8; 16] = [1, 0, 1, 0, 0x40, 0x1f, 0, 0, 0x80, 0x3e, 0, 0, 2, 0, 16, 0];

/// Writes a WAVE file of `samples` 16-bit samples with an INFO list; fails with an
/// I/O error after `fail_after` samples, if given, like a source that breaks.
fn write_wave(file: &mut Mmio, samples: i16, fail_after: Option<i16>) -> io::Result<()> {
    let mut wave = file.begin_riff(FourCC::WAVE)?;
    let mut fmt = wave.begin_chunk(FourCC::FMT)?;
    fmt.write_all(&FMT_PCM_MONO_8K_16)?;
    fmt.finish()?;
    {
        let mut info = wave.begin_list(FourCC::INFO)?;
        let mut name = info.begin_chunk(FourCC::new(*b"INAM"))?;
        name.write_all(b"odd\0x")?; // 5 bytes: a pad byte follows
        name.finish()?;
        info.finish()?;
    }
    let mut data = wave.begin_chunk(FourCC::DATA)?;
    for i in 0..samples {
        if Some(i) == fail_after {
            return Err(io::Error::other("the source failed"));
        }
        data.write_all(&(i * 100).to_le_bytes())?;
    }
    let data = data.finish()?;
    assert_eq!(data.size, 2 * samples as u64);
    let wave = wave.finish()?;
    assert_eq!(wave.size, 4 + 24 + 26 + 8 + data.size);
    Ok(())
}

/// The samples hound reads from the file.
fn hound_samples(path: &std::path::Path) -> Vec<i16> {
    hound::WavReader::open(path).unwrap().samples::<i16>().map(Result::unwrap).collect()
}

#[test]
fn finish_fixes_every_size_and_hound_reads_the_file() {
    let dir = Scratch::new("chunk-writer");
    let path = dir.path("ok.wav");
    let mut file = Mmio::create(&path).unwrap();
    write_wave(&mut file, 100, None).unwrap();
    file.close().unwrap();
    assert_eq!(hound_samples(&path), (0..100).map(|i| i * 100).collect::<Vec<i16>>());
    let problems: Vec<Event> = Walker::new(Mmio::open(&path).unwrap())
        .unwrap()
        .map(Result::unwrap)
        .filter(|e| matches!(e, Event::Problem(_)))
        .collect();
    assert_eq!(problems, []);
}

#[test]
fn an_early_return_still_ascends_every_open_chunk() {
    let dir = Scratch::new("chunk-writer-early");
    let path = dir.path("early.wav");
    let mut file = Mmio::create(&path).unwrap();
    let error = write_wave(&mut file, 100, Some(37)).unwrap_err();
    assert_eq!(error.to_string(), "the source failed");
    file.close().unwrap();
    // The 37 samples written are there, with the right sizes: data, then RIFF.
    assert_eq!(hound_samples(&path), (0..37).map(|i| i * 100).collect::<Vec<i16>>());
    let mut file = Mmio::open(&path).unwrap();
    let mut form = ChunkInfo::riff(FourCC::WAVE);
    file.descend(&mut form, None, Find::Riff).unwrap();
    assert_eq!(form.size, std::fs::metadata(&path).unwrap().len() - 8);
    let mut data = ChunkInfo::new(FourCC::DATA);
    file.descend(&mut data, Some(&form), Find::Chunk).unwrap();
    assert_eq!(data.size, 74);
}

#[test]
fn nested_writers_ascend_inner_first_also_on_drop() {
    let mut file = Mmio::memory(Vec::new(), 256).unwrap();
    {
        let mut form = file.begin_riff(FourCC::new(*b"TEST")).unwrap();
        let mut list = form.begin_list(FourCC::new(*b"outr")).unwrap();
        let mut inner = list.begin_list(FourCC::new(*b"innr")).unwrap();
        let mut leaf = inner.begin_chunk(FourCC::new(*b"leaf")).unwrap();
        leaf.write_all(b"abc").unwrap();
        assert_eq!((leaf.written(), leaf.info().data_offset), (3, 12 + 12 + 12 + 8));
        // All four dropped here, innermost first.
    }
    let bytes = file.into_memory().unwrap();
    assert_eq!(bytes, b"RIFF\x28\0\0\0TESTLIST\x1c\0\0\0outrLIST\x10\0\0\0innrleaf\x03\0\0\0abc\0");
}

#[test]
fn finish_reports_what_drop_would_swallow() {
    // A fixed-size memory file (no growth): the pad byte does not fit.
    let mut file = Mmio::memory(vec![0; 11], 0).unwrap();
    let mut chunk = file.begin_chunk(FourCC::new(*b"full")).unwrap();
    chunk.write_all(b"abc").unwrap();
    let error = chunk.finish().unwrap_err();
    assert_eq!(error.code(), ErrorCode::CannotWrite);
    // Dropped instead, the same failure is silent.
    let mut file = Mmio::memory(vec![0; 11], 0).unwrap();
    let mut chunk = file.begin_chunk(FourCC::new(*b"full")).unwrap();
    chunk.write_all(b"abc").unwrap();
    drop(chunk);
    assert_eq!(&file.into_memory().unwrap()[..8], b"full\0\0\0\0");
}

#[test]
fn riff_writers_follow_the_byte_order_and_reserve_ds64() {
    let mut file = Mmio::memory(Vec::new(), 256).unwrap();
    file.set_byte_order(ByteOrder::Big);
    let mut form = file.begin_riff(FourCC::new(*b"BEND")).unwrap();
    let mut chunk = form.begin_chunk(FourCC::new(*b"abcd")).unwrap();
    chunk.write_all(&[9; 5]).unwrap();
    chunk.finish().unwrap();
    assert_eq!(form.finish().unwrap().size, 18);
    assert_eq!(&file.into_memory().unwrap()[..20], b"RIFX\0\0\0\x12BENDabcd\0\0\0\x05");

    let mut file = Mmio::memory(Vec::new(), 256).unwrap();
    let mut form = file.begin_riff(FourCC::WAVE).unwrap();
    form.reserve_ds64(0).unwrap();
    let data = form.begin_chunk(FourCC::DATA).unwrap();
    assert_eq!(data.info().data_offset, 12 + 36 + 8);
}
