//! `wav::Reader` on files real encoders wrote (ffmpeg, sox): every sample equals what
//! ffmpeg (sox for RIFX) decodes, for 8/16/24/32-bit integer, 32/64-bit float, A-law and mu-law,
//! little- and big-endian (RIFX), RIFF and RF64, seekable and piped output; from a path,
//! an `Mmio` and memory; and across buffer boundaries.

mod common;

use std::path::Path;

use common::tools::{arg, available, ffmpeg, ffmpeg_decode, run};
use common::{Faults, Scratch, Store};
use winmmio::wav::{FormatTag, Reader, Sample};
use winmmio::{ErrorCode, FourCC, OpenOptions};

/// Every sample of `path` as `S`, read through the iterator.
fn samples<S: Sample>(reader: &mut Reader) -> Vec<S> {
    let iter = reader.samples::<S>().unwrap();
    let hint = iter.size_hint();
    let all: Vec<S> = iter.collect::<Result<_, _>>().unwrap();
    assert_eq!(hint.1, Some(all.len()), "the size hint is exact");
    all
}

fn from_le<const W: usize, T>(raw: &[u8], convert: fn([u8; W]) -> T) -> Vec<T> {
    raw.chunks_exact(W).map(|c| convert(c.try_into().unwrap())).collect()
}

/// Equal sample lists, or a panic naming the first difference (not the whole lists).
fn assert_same<T: PartialEq + std::fmt::Debug>(ours: &[T], theirs: &[T], name: &str) {
    assert_eq!(ours.len(), theirs.len(), "{name}: sample count");
    if let Some(i) = ours.iter().zip(theirs).position(|(a, b)| a != b) {
        panic!("{name}: sample {i} is {:?}, the reference decoder says {:?}", ours[i], theirs[i]);
    }
}

/// The decoder a reader's samples are compared with.
#[derive(Copy, Clone, PartialEq)]
enum Reference {
    Ffmpeg,
    /// For RIFX: ffmpeg 6 does not swap the bytes of RIFX samples.
    Sox,
}

impl Reference {
    /// The samples of `path` as raw little-endian `raw`: `s16`, `s32` or `f32`.
    fn decode(self, path: &Path, raw: &str) -> Vec<u8> {
        match self {
            Reference::Ffmpeg => ffmpeg_decode(path, &format!("{raw}le")),
            Reference::Sox => {
                let (encoding, bits) = raw.split_at(1);
                let encoding = if encoding == "f" { "floating-point" } else { "signed" };
                run("sox", &[arg(path), "-t", "raw", "-e", encoding, "-b", bits, "-L", "-"])
            }
        }
    }
}

/// Checks the reader's samples of `path` against a reference decoder: integers (and
/// 64-bit floats) as full-scale `i32` (`s32`), 32-bit floats as `f32`, G.711 as `i16`
/// (`s16`).
fn same_as(path: &Path, expected_frames: u64, decoder: Reference) {
    let name = path.display().to_string();
    let mut reader = Reader::open(path).unwrap();
    assert_eq!(reader.frames(), Some(expected_frames), "{name}");
    let channels = u64::from(reader.format().channels);
    assert_eq!(reader.remaining_samples(), expected_frames * channels, "{name}");
    let tag = reader.format().extensible.and_then(|e| e.sub_format.format_tag()).unwrap_or(reader.format().tag);
    // sox decodes through 32-bit integers: its floats of a 64-bit file are rounded
    // twice, its 32-bit integers of it once, as ours.
    let double = reader.format().bits_per_sample == 64 && decoder == Reference::Sox;
    match tag {
        FormatTag::IEEE_FLOAT if !double => {
            let ours: Vec<f32> = samples(&mut reader);
            assert_same(&ours, &from_le(&decoder.decode(path, "f32"), f32::from_le_bytes), &name);
        }
        FormatTag::ALAW | FormatTag::MULAW => {
            let ours: Vec<i16> = samples(&mut reader);
            assert_same(&ours, &from_le(&decoder.decode(path, "s16"), i16::from_le_bytes), &name);
        }
        _ => {
            let ours: Vec<i32> = samples(&mut reader);
            assert_same(&ours, &from_le(&decoder.decode(path, "s32"), i32::from_le_bytes), &name);
        }
    }
    assert_eq!(reader.frame_position(), expected_frames);
}

#[test]
fn every_sample_format_as_ffmpeg_decodes_it() {
    if !available("ffmpeg") {
        return;
    }
    let dir = Scratch::new("wav-reader-ffmpeg");
    for codec in ["pcm_u8", "pcm_s16le", "pcm_s24le", "pcm_s32le", "pcm_f32le", "pcm_f64le", "pcm_alaw", "pcm_mulaw"] {
        for channels in ["1", "2", "6"] {
            let path = dir.path(&format!("{codec}-{channels}.wav"));
            ffmpeg(&["-f", "lavfi", "-i", "sine=f=997:d=0.25", "-ac", channels, "-c:a", codec, arg(&path)]);
            same_as(&path, 11_025, Reference::Ffmpeg);
        }
    }
    // RF64 (forced), and a piped file whose sizes are placeholders.
    let path = dir.path("rf64.wav");
    ffmpeg(&["-f", "lavfi", "-i", "sine=d=0.25", "-c:a", "pcm_s24le", "-rf64", "always", arg(&path)]);
    assert_eq!(Reader::open(&path).unwrap().form(), FourCC::RF64);
    same_as(&path, 11_025, Reference::Ffmpeg);
    let piped = ffmpeg(&["-f", "lavfi", "-i", "sine=d=0.25", "-c:a", "pcm_s16le", "-f", "wav", "pipe:1"]);
    let path = dir.path("piped.wav");
    std::fs::write(&path, &piped).unwrap();
    let reader = Reader::open(&path).unwrap();
    assert_eq!(reader.declared_data_len(), u64::from(u32::MAX), "a placeholder size");
    same_as(&path, 11_025, Reference::Ffmpeg);
}

#[test]
fn big_endian_rifx_files_as_sox_decodes_them() {
    if !available("sox") {
        return;
    }
    let dir = Scratch::new("wav-reader-rifx");
    for (name, encoding) in [
        ("s8", &["-b", "8"][..]),
        ("s16", &["-b", "16"]),
        ("s24", &["-b", "24"]),
        ("s32", &["-b", "32"]),
        ("f32", &["-e", "floating-point", "-b", "32"]),
        ("f64", &["-e", "floating-point", "-b", "64"]),
    ] {
        let path = dir.path(&format!("{name}.wav"));
        let mut args = vec!["-n", "-B", "-r", "8000", "-c", "2"];
        args.extend_from_slice(encoding);
        args.extend_from_slice(&[arg(&path), "synth", "0.5", "sine", "440", "gain", "-1"]);
        run("sox", &args);
        let reader = Reader::open(&path).unwrap();
        assert_eq!(reader.form(), FourCC::RIFX, "{name}");
        same_as(&path, 4000, Reference::Sox);
    }
}

#[test]
fn every_source_and_every_buffer_size_read_the_same() {
    if !available("ffmpeg") {
        return;
    }
    let dir = Scratch::new("wav-reader-sources");
    let path = dir.path("s24.wav");
    ffmpeg(&["-f", "lavfi", "-i", "sine=d=0.05", "-ac", "3", "-c:a", "pcm_s24le", arg(&path)]);
    let expected: Vec<i32> = samples(&mut Reader::open(&path).unwrap());
    assert_eq!(expected.len(), 2205 * 3);
    let from_memory: Vec<i32> = samples(&mut Reader::from_memory(std::fs::read(&path).unwrap()).unwrap());
    assert_eq!(from_memory, expected);
    // Buffers of odd sizes put 3-byte samples across their ends; unbuffered files get one.
    for size in [1, 2, 5, 7, 4096] {
        let file = OpenOptions::new().buffer_size(size).open(&path).unwrap();
        assert_eq!(samples::<i32>(&mut Reader::new(file).unwrap()), expected, "buffer of {size}");
    }
    let unbuffered = OpenOptions::new().unbuffered().open(&path).unwrap();
    assert_eq!(samples::<i32>(&mut Reader::new(unbuffered).unwrap()), expected);
    // Bulk reads of any length, after a seek.
    let mut reader = Reader::open(&path).unwrap();
    reader.seek(1000);
    let mut out = vec![0i32; 7];
    let mut read = Vec::new();
    loop {
        let n = reader.read_samples(&mut out).unwrap();
        if n == 0 {
            break;
        }
        read.extend_from_slice(&out[..n]);
    }
    assert_eq!(read, expected[3000..]);
    reader.seek(u64::MAX);
    assert_eq!(reader.read_samples(&mut out).unwrap(), 0);
}

/// A 16-bit stereo file of `frames` frames whose sample i is i.
fn counting_wave(frames: u16) -> Vec<u8> {
    let data: Vec<u8> = (0..frames * 2).flat_map(|i| i.to_le_bytes()).collect();
    let mut file = b"RIFF\0\0\0\0WAVEfmt \x10\0\0\0\x01\0\x02\0\x44\xac\0\0\x10\xb1\x02\0\x04\0\x10\0data".to_vec();
    file.extend_from_slice(&(data.len() as u32).to_le_bytes());
    file.extend_from_slice(&data);
    let riff_size = (file.len() - 8) as u32;
    file[4..8].copy_from_slice(&riff_size.to_le_bytes());
    file
}

#[test]
fn truncated_files_read_their_whole_frames() {
    let mut file = counting_wave(100);
    file.truncate(file.len() - 3);
    let mut reader = Reader::from_memory(file).unwrap();
    assert_eq!((reader.declared_data_len(), reader.data_range()), (400, 44..441));
    assert_eq!(reader.frames(), Some(99));
    assert_eq!(samples::<i16>(&mut reader), (0..198).collect::<Vec<i16>>());
}

#[test]
fn what_cannot_be_read_is_refused_clearly() {
    let not_riff = Reader::from_memory(b"OggS\0\0\0\0".to_vec()).unwrap_err();
    assert_eq!(not_riff.code(), ErrorCode::InvalidFile);
    let mut avi = counting_wave(1);
    avi[8..12].copy_from_slice(b"AVI ");
    assert!(Reader::from_memory(avi).unwrap_err().to_string().contains("not a WAVE file"));
    let mut no_data = counting_wave(1);
    no_data[36..40].copy_from_slice(b"junk");
    assert!(Reader::from_memory(no_data).unwrap_err().to_string().contains("no data chunk"));
    let mut no_fmt = counting_wave(1);
    no_fmt[12..16].copy_from_slice(b"junk");
    assert!(Reader::from_memory(no_fmt).unwrap_err().to_string().contains("no fmt chunk"));
    // A compressed format: frames from fact, samples refused.
    let mut ima = counting_wave(4);
    ima[20..22].copy_from_slice(&FormatTag::IMA_ADPCM.0.to_le_bytes());
    let mut reader = Reader::from_memory(ima).unwrap();
    assert_eq!(reader.samples::<i16>().unwrap_err().code(), ErrorCode::InvalidParam);
    assert_eq!((reader.frames(), reader.remaining_samples()), (None, 0));
}

#[test]
fn a_read_error_comes_out_of_the_iterator_once() {
    // A disk that dies after the file is opened and scanned, with a small buffer so
    // that reading the samples needs the disk.
    let store = Store::with_data(counting_wave(1000));
    let mut reader = Reader::new(store.open(64)).unwrap();
    store.set_faults(Faults { fail_reads: true, ..Faults::default() });
    let results: Vec<_> = reader.samples::<i16>().unwrap().collect();
    let ok = results.iter().take_while(|r| r.is_ok()).count();
    assert!(ok < 2000, "{ok} samples read");
    assert_eq!(results.len(), ok + 1, "one error, then the end");
    assert_eq!(results[ok].as_ref().unwrap_err().code(), ErrorCode::CannotRead);
    // The disk comes back: reading goes on where it stopped.
    store.set_faults(Faults::default());
    let rest: Vec<i16> = reader.samples::<i16>().unwrap().collect::<Result<_, _>>().unwrap();
    let before: Vec<i16> = results[..ok].iter().map(|r| *r.as_ref().unwrap()).collect();
    assert_same(&[before, rest].concat(), &(0..2000).collect::<Vec<i16>>(), "no sample lost or repeated");
}
