//! mmio against the crates and `std` types a user would pick instead (issue 6): every
//! pair runs in one process on the same data. `bench/run` turns the medians into ratios.
//!
//! `cargo bench -p winmmio --bench peers` (`MMIO_BENCH_MIB=16` for a quick run).

mod fixtures;
mod jobs;

use std::fs::File;
use std::io::{BufReader, BufWriter, Cursor, Read, Seek};
use std::path::Path;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{Bencher, BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main};
use jobs::{BUF, create_mmio, open_mmio, read_blocks, scan_bufread, scan_direct, sum_words, write_words};
use winmmio::{ChunkInfo, Find, FourCC, Mmio};

/// The benchmarks of one pair (or trio), run in A B B A order (each again as
/// `NAME-again`, in reverse) so that a slow spell of the machine weighs on both sides;
/// `bench/table` averages the two runs of each.
struct Abba<'a, 'f> {
    group: BenchmarkGroup<'a, WallTime>,
    runs: Vec<(&'static str, Routine<'f>)>,
}

type Routine<'f> = Box<dyn FnMut(&mut Bencher<'_, WallTime>) + 'f>;

impl<'a, 'f> Abba<'a, 'f> {
    fn new(c: &'a mut Criterion, name: &str, bytes: u64) -> Abba<'a, 'f> {
        let mut group = c.benchmark_group(name);
        group.sample_size(10).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(4));
        group.throughput(Throughput::Bytes(bytes));
        Abba { group, runs: Vec::new() }
    }

    fn bench_function(&mut self, name: &'static str, routine: impl FnMut(&mut Bencher<'_, WallTime>) + 'f) {
        self.runs.push((name, Box::new(routine)));
    }

    fn finish(mut self) {
        for (name, routine) in self.runs.iter_mut() {
            self.group.bench_function(*name, |b| routine(b));
        }
        for (name, routine) in self.runs.iter_mut().rev() {
            self.group.bench_function(format!("{name}-again"), |b| routine(b));
        }
        self.group.finish();
    }
}

fn read4(c: &mut Criterion) {
    let path = fixtures::big_file();
    let len = fixtures::big_len();
    let mut g = Abba::new(c, "read4", len as u64);
    g.bench_function("mmio", |b| b.iter(|| sum_words(&mut open_mmio(path), len / 4)));
    g.bench_function("bufreader", |b| {
        b.iter(|| sum_words(&mut BufReader::with_capacity(BUF, File::open(path).unwrap()), len / 4))
    });
    g.finish();
}

fn read64k(c: &mut Criterion) {
    let path = fixtures::big_file();
    let mut g = Abba::new(c, "read64k", fixtures::big_len() as u64);
    g.bench_function("mmio", |b| b.iter(|| read_blocks(&mut open_mmio(path))));
    g.bench_function("file", |b| b.iter(|| read_blocks(&mut File::open(path).unwrap())));
    g.finish();
}

fn scan(c: &mut Criterion) {
    let path = fixtures::big_file();
    let mut g = Abba::new(c, "scan", fixtures::big_len() as u64);
    g.bench_function("mmio", |b| b.iter(|| scan_direct(&mut open_mmio(path))));
    g.bench_function("bufreader", |b| {
        b.iter(|| scan_bufread(&mut BufReader::with_capacity(BUF, File::open(path).unwrap())))
    });
    g.finish();
}

fn write4(c: &mut Criterion) {
    let len = fixtures::big_len();
    let path = fixtures::dir().join("written.bin");
    let mut g = Abba::new(c, "write4", len as u64);
    g.bench_function("mmio", |b| {
        b.iter(|| {
            let mut file = create_mmio(&path);
            write_words(&mut file, len / 4);
            file.close().unwrap();
        })
    });
    g.bench_function("bufwriter", |b| {
        b.iter(|| {
            let mut writer = BufWriter::with_capacity(BUF, File::create(&path).unwrap());
            write_words(&mut writer, len / 4);
            writer.into_inner().unwrap();
        })
    });
    g.finish();
}

fn memory4(c: &mut Criterion) {
    let len = fixtures::big_len();
    let data = fixtures::pattern(len);
    let mut file = Mmio::memory(data.clone(), 0).unwrap();
    let mut cursor = Cursor::new(data);
    let mut g = Abba::new(c, "memory4", len as u64);
    g.bench_function("mmio", |b| {
        b.iter(|| {
            file.rewind().unwrap();
            sum_words(&mut file, len / 4)
        })
    });
    g.bench_function("cursor", |b| {
        b.iter(|| {
            cursor.set_position(0);
            sum_words(&mut cursor, len / 4)
        })
    });
    g.finish();
}

const LISTS: usize = 1000;
const PER_LIST: usize = 99;

/// Visits every chunk inside `parent` with descend/ascend; returns the count.
fn mmio_visit(file: &mut Mmio, parent: &ChunkInfo) -> usize {
    let mut count = 0;
    let mut ck = ChunkInfo::default();
    while file.descend(&mut ck, Some(parent), Find::Here).is_ok() {
        count += 1;
        if ck.id == FourCC::LIST {
            count += mmio_visit(file, &ck);
        }
        file.ascend(&mut ck).unwrap();
    }
    count
}

/// Visits every chunk inside `parent` with the `riff` crate; returns the count.
fn riff_visit(parent: &riff::Chunk, stream: &mut BufReader<File>) -> usize {
    let children: Vec<riff::Chunk> = parent.iter(stream).collect::<Result<_, _>>().unwrap();
    let mut count = children.len();
    for child in &children {
        if child.id() == riff::LIST_ID {
            count += riff_visit(child, stream);
        }
    }
    count
}

fn chunks(c: &mut Criterion) {
    let path = fixtures::riff_file(LISTS, PER_LIST);
    let expected = 1 + LISTS * (1 + PER_LIST);
    let mut g = Abba::new(c, "chunks", std::fs::metadata(&path).unwrap().len());
    g.bench_function("mmio", |b| {
        b.iter(|| {
            let mut file = open_mmio(&path);
            let mut form = ChunkInfo::default();
            file.descend(&mut form, None, Find::Riff).unwrap();
            let n = 1 + mmio_visit(&mut file, &form);
            assert_eq!(n, expected);
            n
        })
    });
    g.bench_function("walker", |b| {
        b.iter(|| {
            let walker = winmmio::riff::Walker::new(open_mmio(&path)).unwrap();
            let mut n = 0;
            for event in walker {
                if matches!(event.unwrap(), winmmio::riff::Event::Enter(_) | winmmio::riff::Event::Leaf(_)) {
                    n += 1;
                }
            }
            assert_eq!(n, expected);
            n
        })
    });
    g.bench_function("riff", |b| {
        b.iter(|| {
            let mut stream = BufReader::with_capacity(BUF, File::open(&path).unwrap());
            let form = riff::Chunk::read(&mut stream, 0).unwrap();
            let n = 1 + riff_visit(&form, &mut stream);
            assert_eq!(n, expected);
            n
        })
    });
    g.finish();
}

/// Opens a 16-bit stereo WAV with mmio, checks its format and sums its samples.
fn mmio_wav(path: &Path) -> i64 {
    let mut file = open_mmio(path);
    let mut form = ChunkInfo::riff(FourCC::WAVE);
    file.descend(&mut form, None, Find::Riff).unwrap();
    let mut fmt = ChunkInfo::new(FourCC::new(*b"fmt "));
    file.descend(&mut fmt, Some(&form), Find::Chunk).unwrap();
    let mut format = [0u8; 16];
    file.read_exact(&mut format).unwrap();
    assert_eq!((&format[..4], &format[14..]), (&[1, 0, 2, 0][..], &[16, 0][..]));
    file.ascend(&mut fmt).unwrap();
    let mut data = ChunkInfo::new(FourCC::DATA);
    file.descend(&mut data, Some(&form), Find::Chunk).unwrap();
    let mut left = data.size;
    let mut sum = 0i64;
    let mut direct = file.direct().unwrap();
    while left >= 2 {
        let bytes = direct.fill().unwrap();
        let take = (bytes.len() as u64).min(left) as usize & !1;
        if take == 0 {
            break; // a sample split across buffers cannot happen: the data starts even
        }
        sum += bytes[..take].chunks_exact(2).map(|s| i64::from(i16::from_le_bytes([s[0], s[1]]))).sum::<i64>();
        direct.consume(take);
        left -= take as u64;
    }
    sum
}

fn hound_wav(path: &Path) -> i64 {
    let mut reader = hound::WavReader::open(path).unwrap();
    let spec = reader.spec();
    assert_eq!((spec.channels, spec.bits_per_sample), (2, 16));
    reader.samples::<i16>().map(|s| i64::from(s.unwrap())).sum()
}

fn wav(c: &mut Criterion) {
    let path = fixtures::wav_file();
    assert_eq!(mmio_wav(path), hound_wav(path));
    let mut g = Abba::new(c, "wav", fixtures::big_len() as u64);
    g.bench_function("mmio", |b| b.iter(|| mmio_wav(path)));
    g.bench_function("hound", |b| b.iter(|| hound_wav(path)));
    g.finish();
}

/// Sums every sample of the 16-bit stereo file, read with `wav::Reader` as `S`.
fn reader_sum<S: winmmio::wav::Sample + Into<f64>>(path: &Path) -> f64 {
    let mut reader = winmmio::wav::Reader::open(path).unwrap();
    assert_eq!((reader.format().channels, reader.format().bits_per_sample), (2, 16));
    reader.samples::<S>().unwrap().map(|s| s.unwrap().into()).sum()
}

/// The same with hound, which reads a 16-bit file as integers only: `f32` samples are
/// converted by the caller, as `wav::Reader` converts them (`x / 32768`).
fn hound_sum(path: &Path, as_float: bool) -> f64 {
    let mut reader = hound::WavReader::open(path).unwrap();
    assert_eq!((reader.spec().channels, reader.spec().bits_per_sample), (2, 16));
    let samples = reader.samples::<i16>().map(|s| s.unwrap());
    if as_float { samples.map(|s| f64::from(f32::from(s) / 32_768.0)).sum() } else { samples.map(f64::from).sum() }
}

/// Every sample of the 16-bit stereo file: `wav::Reader` against hound, as `i16` and as
/// `f32`.
fn wav_read(c: &mut Criterion) {
    let path = fixtures::wav_file();
    assert_eq!(reader_sum::<i16>(path), hound_sum(path, false));
    assert_eq!(reader_sum::<f32>(path), hound_sum(path, true));
    let mut g = Abba::new(c, "wav_read_i16", fixtures::big_len() as u64);
    g.bench_function("mmio", |b| b.iter(|| reader_sum::<i16>(path)));
    g.bench_function("hound", |b| b.iter(|| hound_sum(path, false)));
    g.finish();
    let mut g = Abba::new(c, "wav_read_f32", fixtures::big_len() as u64);
    g.bench_function("mmio", |b| b.iter(|| reader_sum::<f32>(path)));
    g.bench_function("hound", |b| b.iter(|| hound_sum(path, true)));
    g.finish();
}

/// The samples of the 16-bit stereo file, as `i16` and as `f32` (`x / 32768`).
fn wav_samples() -> (Vec<i16>, Vec<f32>) {
    let bytes = fixtures::pattern(fixtures::big_len() & !3);
    let ints: Vec<i16> = bytes.chunks_exact(2).map(|b| i16::from_le_bytes([b[0], b[1]])).collect();
    let floats = ints.iter().map(|&s| f32::from(s) / 32_768.0).collect();
    (ints, floats)
}

const WAV_SPEC: hound::WavSpec =
    hound::WavSpec { channels: 2, sample_rate: 44_100, bits_per_sample: 16, sample_format: hound::SampleFormat::Int };

/// Writes 16-bit stereo samples with `wav::Writer` (from `i16` or `f32`).
fn writer_write<S: winmmio::wav::Sample>(path: &Path, samples: &[S]) {
    let mut writer = winmmio::wav::Writer::create(path, &winmmio::wav::WaveFormat::pcm(2, 44_100, 16)).unwrap();
    writer.write_samples(samples).unwrap();
    writer.finish().unwrap().close().unwrap();
}

/// The same with hound: its 16-bit sample writer for `i16`, and for `f32` samples
/// converted by the caller as `wav::Writer` converts them (rounded, clamped).
fn hound_write(path: &Path, ints: &[i16], floats: Option<&[f32]>) {
    let mut writer = hound::WavWriter::create(path, WAV_SPEC).unwrap();
    match floats {
        None => {
            let mut samples = writer.get_i16_writer(ints.len() as u32);
            for &s in ints {
                samples.write_sample(s);
            }
            samples.flush().unwrap();
        }
        Some(floats) => {
            for &f in floats {
                writer.write_sample((f * 32_768.0).round().clamp(-32_768.0, 32_767.0) as i16).unwrap();
            }
        }
    }
    writer.finalize().unwrap();
}

/// The 16-bit stereo file written from memory: `wav::Writer` against hound, from `i16`
/// and from `f32`; both files read back the same.
fn wav_write(c: &mut Criterion) {
    let (ints, floats) = wav_samples();
    let (ours, theirs) = (fixtures::dir().join("ours.wav"), fixtures::dir().join("hound.wav"));
    for floats in [None, Some(&floats[..])] {
        match floats {
            None => writer_write(&ours, &ints),
            Some(floats) => writer_write(&ours, floats),
        }
        hound_write(&theirs, &ints, floats);
        assert_eq!(hound_sum(&ours, false), hound_sum(&theirs, false));
    }
    let mut g = Abba::new(c, "wav_write_i16", fixtures::big_len() as u64);
    g.bench_function("mmio", |b| b.iter(|| writer_write(&ours, &ints)));
    g.bench_function("hound", |b| b.iter(|| hound_write(&theirs, &ints, None)));
    g.finish();
    let mut g = Abba::new(c, "wav_write_f32", fixtures::big_len() as u64);
    g.bench_function("mmio", |b| b.iter(|| writer_write(&ours, &floats)));
    g.bench_function("hound", |b| b.iter(|| hound_write(&theirs, &ints, Some(&floats))));
    g.finish();
}

fn cleanup(_: &mut Criterion) {
    fixtures::cleanup();
}

criterion_group!(benches, read4, read64k, scan, write4, memory4, chunks, wav, wav_read, wav_write, cleanup);
criterion_main!(benches);
