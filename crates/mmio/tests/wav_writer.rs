//! `wav::Writer` and `wav::StreamWriter`: files that our reader, hound, ffmpeg and sox
//! read back sample for sample; sizes right after `finish` and after a drop; `fact`
//! where it belongs; placeholder sizes on output that cannot seek.

mod common;

use std::io::{Cursor, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use common::Scratch;
use common::tools::{arg, available, ffmpeg_decode, run};
use winmmio::ErrorCode;
use winmmio::riff::{ByteOrder, Event, ProblemKind, Walker};
use winmmio::wav::{ChannelMask, FormatTag, Guid, Reader, Sample, StreamWriter, WaveFormat, Writer};

/// A test signal: `n` full-scale `i32` samples covering the range, extremes included.
fn signal(n: usize) -> Vec<i32> {
    let mut out: Vec<i32> = (0..n as i64).map(|i| ((i * 2_654_435_761) % (1 << 32) - (1 << 31)) as i32).collect();
    out[0] = i32::MIN;
    out[1] = i32::MAX;
    out[2] = 0;
    out
}

/// Every sample of a file as `S`.
fn read_all<S: Sample>(bytes: Vec<u8>) -> Vec<S> {
    Reader::from_memory(bytes).unwrap().samples::<S>().unwrap().collect::<Result<_, _>>().unwrap()
}

/// What a full-scale `i32` sample becomes in a file of this format, read as `i32`.
fn stored(value: i32, format: &WaveFormat) -> i32 {
    let valid = u32::from(format.valid_bits());
    match format.sample_format() {
        Some(winmmio::wav::SampleFormat::Float) => {
            let f = value.to_f32();
            if format.bits_per_sample == 64 { i32::from_f64(value.to_f64()) } else { i32::from_f32(f) }
        }
        _ => value >> (32 - valid) << (32 - valid),
    }
}

/// The formats written in every test, big-endian ones included.
fn formats() -> Vec<WaveFormat> {
    let pcm = Guid::from_tag(FormatTag::PCM);
    let mut all = vec![
        WaveFormat::pcm(1, 8_000, 8),
        WaveFormat::pcm(2, 44_100, 16),
        WaveFormat::pcm(2, 48_000, 24),
        WaveFormat::pcm(1, 96_000, 32),
        WaveFormat::float(2, 48_000, 32),
        WaveFormat::float(1, 44_100, 64),
        WaveFormat::extensible(6, 48_000, 24, 24, ChannelMask::default_for(6), pcm),
        WaveFormat::extensible(2, 48_000, 24, 20, ChannelMask::default_for(2), pcm),
        WaveFormat::extensible(4, 48_000, 32, 32, ChannelMask::default_for(4), Guid::from_tag(FormatTag::IEEE_FLOAT)),
    ];
    for index in [1, 2, 4] {
        let mut big = all[index].clone();
        big.order = ByteOrder::Big;
        all.push(big);
    }
    all
}

#[test]
fn what_is_written_reads_back_exactly() {
    for format in formats() {
        let input = signal(usize::from(format.channels) * 1000);
        let mut writer = Writer::to_memory(&format).unwrap();
        writer.write_samples(&input).unwrap();
        assert_eq!(writer.frames_written(), 1000);
        let bytes = writer.finish().unwrap().into_memory().unwrap();
        let events: Vec<Event> = Walker::new(Cursor::new(&bytes)).unwrap().map(Result::unwrap).collect();
        assert!(!events.iter().any(|e| matches!(e, Event::Problem(_))), "{format}: {events:?}");
        let expected: Vec<i32> = input.iter().map(|&v| stored(v, &format)).collect();
        assert_eq!(read_all::<i32>(bytes.clone()), expected, "{format}");
        let reader = Reader::from_memory(bytes).unwrap();
        assert_eq!(reader.format(), &format);
        let fact = reader.fact_samples();
        assert_eq!(
            fact,
            (format.sample_format() == Some(winmmio::wav::SampleFormat::Float)).then_some(1000),
            "{format}"
        );
    }
}

#[test]
fn every_sample_type_converts_by_full_scale() {
    let format = WaveFormat::pcm(1, 8_000, 16);
    let mut writer = Writer::to_memory(&format).unwrap();
    writer.write_samples(&[0.5f32, -1.0, 2.0, f32::NAN]).unwrap();
    writer.write_samples(&[0x1234_5678i32, -1]).unwrap();
    writer.write_sample(-7i16).unwrap();
    let bytes = writer.finish().unwrap().into_memory().unwrap();
    assert_eq!(read_all::<i16>(bytes), [16_384, -32_768, 32_767, 0, 0x1234, -1, -7]);
    let format = WaveFormat::float(1, 8_000, 32);
    let mut writer = Writer::to_memory(&format).unwrap();
    writer.write_samples(&[16_384i16, i16::MIN]).unwrap();
    writer.write_samples(&[i32::MIN, 1 << 30]).unwrap();
    let bytes = writer.finish().unwrap().into_memory().unwrap();
    assert_eq!(read_all::<f32>(bytes), [0.5, -1.0, -1.0, 0.5]);
}

/// Sizes, pad byte and chunk layout of a small file, byte for byte.
#[test]
fn the_header_is_what_readers_expect() {
    let mut writer = Writer::to_memory(&WaveFormat::pcm(1, 8_000, 8)).unwrap();
    writer.write_samples(&[0i16, 1 << 8, -1 << 8]).unwrap();
    let bytes = writer.finish().unwrap().into_memory().unwrap();
    let mut expected = b"RIFF\x4c\0\0\0WAVEJUNK\x1c\0\0\0".to_vec();
    expected.extend_from_slice(&[0; 28]);
    expected.extend_from_slice(b"fmt \x10\0\0\0\x01\0\x01\0\x40\x1f\0\0\x40\x1f\0\0\x01\0\x08\0");
    expected.extend_from_slice(b"data\x03\0\0\0\x80\x81\x7f\0");
    assert_eq!(bytes, expected);
}

#[test]
fn dropping_a_writer_finishes_the_file() {
    fn record(path: &Path, fail_after: usize) -> winmmio::Result<()> {
        let mut writer = Writer::create(path, &WaveFormat::pcm(2, 44_100, 16))?;
        for i in 0..10_000 {
            if i == fail_after {
                return Err(ErrorCode::CannotRead.into()); // the source failed
            }
            writer.write_samples(&[i as i16, -(i as i16)])?;
        }
        writer.finish()?;
        Ok(())
    }
    let dir = Scratch::new("wav-writer-drop");
    let path = dir.path("early.wav");
    assert!(record(&path, 7_000).is_err());
    let samples: Vec<i16> = hound::WavReader::open(&path).unwrap().samples().map(Result::unwrap).collect();
    assert_eq!(samples.len(), 14_000);
    assert_eq!(&samples[13_998..], [6_999, -6_999]);
    let mut reader = Reader::open(&path).unwrap();
    assert_eq!((reader.frames(), reader.declared_data_len()), (Some(7_000), 28_000));
    assert_eq!(reader.samples::<i16>().unwrap().count(), 14_000);
}

#[test]
fn an_incomplete_last_frame_is_left_out_and_reported() {
    let mut writer = Writer::to_memory(&WaveFormat::pcm(2, 8_000, 16)).unwrap();
    writer.write_samples(&[1i16, 2, 3]).unwrap();
    assert_eq!(writer.frames_written(), 1);
    assert_eq!(writer.finish().unwrap_err().code(), ErrorCode::InvalidParam);
    // The file is complete all the same, with the whole frame.
    let dir = Scratch::new("wav-writer-partial");
    let path = dir.path("partial.wav");
    let mut writer = Writer::create(&path, &WaveFormat::pcm(2, 8_000, 16)).unwrap();
    writer.write_samples(&[1i16, 2, 3]).unwrap();
    assert!(writer.finish().is_err());
    assert_eq!(read_all::<i16>(std::fs::read(&path).unwrap()), [1, 2]);
}

#[test]
fn formats_that_cannot_be_written_are_refused() {
    let mut bad = WaveFormat::pcm(2, 8_000, 16);
    bad.block_align = 3;
    assert_eq!(Writer::to_memory(&bad).unwrap_err().code(), ErrorCode::InvalidParam);
    assert_eq!(StreamWriter::new(Vec::new(), &bad).unwrap_err().code(), ErrorCode::InvalidParam);
    // A-law: raw bytes only, with fact; the count given for it.
    let mut writer = Writer::to_memory(&WaveFormat::alaw(1, 8_000)).unwrap();
    assert_eq!(writer.write_samples(&[0i16]).unwrap_err().code(), ErrorCode::InvalidParam);
    writer.write_raw(&[0xD5, 0x55, 0xAA]).unwrap();
    writer.set_fact_samples(3);
    let bytes = writer.finish().unwrap().into_memory().unwrap();
    let mut reader = Reader::from_memory(bytes).unwrap();
    assert_eq!(reader.fact_samples(), Some(3));
    let samples: Vec<i16> = reader.samples().unwrap().collect::<Result<_, _>>().unwrap();
    assert_eq!(samples, [8, -8, 32_256]);
}

#[test]
fn hound_reads_ours_and_we_read_hounds() {
    let dir = Scratch::new("wav-writer-hound");
    for (bits, float) in [(8, false), (16, false), (24, false), (32, false), (32, true)] {
        let path = dir.path(&format!("ours-{bits}-{float}.wav"));
        let format = if float { WaveFormat::float(2, 44_100, 32) } else { WaveFormat::pcm(2, 44_100, bits) };
        let input = signal(2 * 500);
        let mut writer = Writer::create(&path, &format).unwrap();
        writer.write_samples(&input).unwrap();
        writer.finish().unwrap();
        let mut hound = hound::WavReader::open(&path).unwrap();
        assert_eq!(hound.spec().bits_per_sample, bits);
        if float {
            let theirs: Vec<f32> = hound.samples::<f32>().map(Result::unwrap).collect();
            assert_eq!(theirs, input.iter().map(|&v| v.to_f32()).collect::<Vec<f32>>());
        } else {
            // hound gives integers at their own size; ours are full scale.
            let theirs: Vec<i32> = hound.samples::<i32>().map(|s| s.unwrap() << (32 - bits)).collect();
            assert_eq!(theirs, input.iter().map(|&v| stored(v, &format)).collect::<Vec<i32>>());
        }

        let path = dir.path(&format!("hound-{bits}-{float}.wav"));
        let spec = hound::WavSpec {
            channels: 2,
            sample_rate: 44_100,
            bits_per_sample: bits,
            sample_format: if float { hound::SampleFormat::Float } else { hound::SampleFormat::Int },
        };
        let mut hound = hound::WavWriter::create(&path, spec).unwrap();
        for &v in &input {
            if float {
                hound.write_sample(v.to_f32()).unwrap();
            } else {
                hound.write_sample(v >> (32 - bits)).unwrap();
            }
        }
        hound.finalize().unwrap();
        let ours: Vec<i32> = Reader::open(&path).unwrap().samples().unwrap().collect::<Result<_, _>>().unwrap();
        let expected: Vec<i32> = if float {
            input.iter().map(|&v| i32::from_f32(v.to_f32())).collect()
        } else {
            input.iter().map(|&v| stored(v, &format)).collect()
        };
        assert_eq!(ours, expected, "hound's {bits}-bit file");
    }
}

#[test]
fn ffmpeg_and_sox_read_what_we_write() {
    if !available("ffmpeg") || !available("sox") {
        return;
    }
    let dir = Scratch::new("wav-writer-tools");
    for (i, format) in formats().into_iter().enumerate() {
        let path = dir.path(&format!("{i}.wav"));
        let input = signal(usize::from(format.channels) * 2000);
        let mut writer = Writer::create(&path, &format).unwrap();
        writer.write_samples(&input).unwrap();
        writer.finish().unwrap();
        let float = format.sample_format() == Some(winmmio::wav::SampleFormat::Float);
        let by_sox = format.order == ByteOrder::Big || format.bits_per_sample == 64;
        let raw = match (by_sox, float) {
            (true, true) => run("sox", &[arg(&path), "-t", "raw", "-e", "floating-point", "-b", "32", "-L", "-"]),
            (true, false) => run("sox", &[arg(&path), "-t", "raw", "-e", "signed", "-b", "32", "-L", "-"]),
            (false, true) => ffmpeg_decode(&path, "f32le"),
            (false, false) => ffmpeg_decode(&path, "s32le"),
        };
        let ours: Vec<i32> = input.iter().map(|&v| stored(v, &format)).collect();
        if float {
            // Within a float's rounding: sox goes through 32-bit integers.
            let theirs: Vec<f32> = raw.chunks_exact(4).map(|c| f32::from_le_bytes(c.try_into().unwrap())).collect();
            assert_eq!(theirs.len(), ours.len(), "{format}");
            let off = theirs.iter().zip(&ours).filter(|(a, b)| (**a - f32::from_i32(**b)).abs() > 1e-7).count();
            assert_eq!(off, 0, "{format}: samples differ");
        } else {
            let theirs: Vec<i32> = raw.chunks_exact(4).map(|c| i32::from_le_bytes(c.try_into().unwrap())).collect();
            assert!(theirs == ours, "{format}: the samples differ");
        }
    }
}

#[test]
fn stream_writers_leave_placeholders_every_reader_takes_to_the_end() {
    let format = WaveFormat::pcm(2, 8_000, 16);
    let input: Vec<i16> = (0..2_000).collect();
    let mut writer = StreamWriter::new(Vec::new(), &format).unwrap();
    writer.write_samples(&input).unwrap();
    let bytes = writer.finish().unwrap();
    assert_eq!(&bytes[4..8], b"\xff\xff\xff\xff");
    assert_eq!(read_all::<i16>(bytes.clone()), input);
    let problems: Vec<ProblemKind> = Walker::new(Cursor::new(&bytes))
        .unwrap()
        .filter_map(|e| match e.unwrap() {
            Event::Problem(p) => Some(p.kind),
            _ => None,
        })
        .collect();
    assert_eq!(problems, [ProblemKind::SizePlaceholder, ProblemKind::SizePlaceholder]);
    // Dropped without finish, the whole frames still reach the output.
    let mut out = Vec::new();
    {
        let mut writer = StreamWriter::new(&mut out, &format).unwrap();
        writer.write_samples(&input[..5]).unwrap();
    }
    assert_eq!(read_all::<i16>(out), input[..4]);

    // Into a real pipe: ffmpeg reads the stream as it comes.
    if !available("ffmpeg") {
        return;
    }
    let mut child = Command::new("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error", "-i", "pipe:0", "-f", "s16le", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdin = child.stdin.take().unwrap();
    let mut writer = StreamWriter::new(stdin, &format).unwrap();
    writer.write_samples(&input).unwrap();
    let mut stdin = writer.finish().unwrap();
    stdin.flush().unwrap();
    drop(stdin);
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let theirs: Vec<i16> = output.stdout.chunks_exact(2).map(|c| i16::from_le_bytes([c[0], c[1]])).collect();
    assert_eq!(theirs, input);
}

#[test]
fn every_buffer_size_and_every_call_size_write_the_same_file() {
    let format = WaveFormat::pcm(2, 48_000, 24);
    let input = signal(2 * 3000);
    let mut expected = Writer::to_memory(&format).unwrap();
    expected.write_samples(&input).unwrap();
    let expected = expected.finish().unwrap().into_memory().unwrap();
    let dir = Scratch::new("wav-writer-buffers");
    for (buffer, call) in [(0, 7), (1, 1), (5, 3), (6, 2), (7, 4097), (4096, 1), (65_536, 6000)] {
        let path = dir.path(&format!("{buffer}-{call}.wav"));
        let file = winmmio::OpenOptions::new().write().create(true).buffer_size(buffer).open(&path).unwrap();
        let mut writer = Writer::new(file, &format).unwrap();
        for chunk in input.chunks(call) {
            writer.write_samples(chunk).unwrap();
        }
        writer.finish().unwrap().close().unwrap();
        assert!(std::fs::read(&path).unwrap() == expected, "buffer {buffer}, {call} samples a call");
    }
    // Raw bytes in pieces that split frames, and one sample at a time.
    let mut raw = Writer::to_memory(&format).unwrap();
    let data = &expected[expected.len() - 3000 * 6..];
    for piece in data.chunks(5) {
        raw.write_raw(piece).unwrap();
    }
    assert!(raw.finish().unwrap().into_memory().unwrap() == expected);
    let mut one = StreamWriter::new(Vec::new(), &format).unwrap();
    for &sample in &input {
        one.write_sample(sample).unwrap();
    }
    assert_eq!(read_all::<i32>(one.finish().unwrap()), read_all::<i32>(expected));
    // Through the stream writer's staging buffer: calls larger than it, and raw bytes.
    let long = signal(2 * 40_000);
    let mut stream = StreamWriter::new(Vec::new(), &format).unwrap();
    stream.write_samples(&long).unwrap();
    let mut stored: Vec<u8> = Vec::new();
    for s in &long {
        stored.extend_from_slice(&(s >> 8).to_le_bytes()[..3]);
    }
    stream.write_raw(&stored).unwrap();
    let both = read_all::<i32>(stream.finish().unwrap());
    let expected: Vec<i32> = long.iter().map(|&v| stored_value(v)).collect();
    assert!(both == [expected.clone(), expected].concat());
}

/// A full-scale sample as a 24-bit file keeps it.
fn stored_value(value: i32) -> i32 {
    value >> 8 << 8
}
