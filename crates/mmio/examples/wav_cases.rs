//! The `wav` API and hound on the jobs of the `wav_*` benchmark rows, one job per run,
//! for instruction counts (`bench/callgrind`): the criterion pairs in
//! `benches/peers.rs` time the same jobs.
//!
//! `wav_cases DIR CASE`: 2 Mi samples of 16-bit stereo (4 MiB). `write-*` cases write
//! `DIR/case.wav`; `read-*` cases read `DIR/read.wav` (made by `make`). `none` only
//! builds the samples: subtract its count from the others'.
//!
//! | case | mmio | hound |
//! |---|---|---|
//! | read every sample as `i16` | `read-i16` | `hound-read-i16` |
//! | read every sample as `f32` | `read-f32` | `hound-read-f32` (`x / 32768`) |
//! | write from `i16` | `write-i16` | `hound-write-i16` (its 16-bit writer) |
//! | write from `f32` | `write-f32` | `hound-write-f32` (rounded, clamped) |

use std::hint::black_box;
use std::path::Path;

use winmmio::wav::{Reader, WaveFormat, Writer};

const SAMPLES: usize = 2 << 20;
const SPEC: hound::WavSpec =
    hound::WavSpec { channels: 2, sample_rate: 44_100, bits_per_sample: 16, sample_format: hound::SampleFormat::Int };

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, dir, case] = &args[..] else {
        return Err("usage: wav_cases DIR CASE (make, none, read-i16, hound-read-i16, ...)".into());
    };
    let ints: Vec<i16> = (0..SAMPLES).map(|i| (i as i16).wrapping_mul(31)).collect();
    let floats: Vec<f32> = ints.iter().map(|&s| f32::from(s) / 32_768.0).collect();
    let dir = Path::new(dir);
    let out = dir.join(format!("{case}.wav"));
    let input = dir.join("read.wav");
    match case.as_str() {
        "none" => {}
        "make" | "write-i16" => {
            let mut writer =
                Writer::create(if case == "make" { &input } else { &out }, &WaveFormat::pcm(2, 44_100, 16))?;
            writer.write_samples(&ints)?;
            writer.finish()?;
        }
        "write-f32" => {
            let mut writer = Writer::create(&out, &WaveFormat::pcm(2, 44_100, 16))?;
            writer.write_samples(&floats)?;
            writer.finish()?;
        }
        "hound-write-i16" => {
            let mut writer = hound::WavWriter::create(&out, SPEC)?;
            let mut samples = writer.get_i16_writer(SAMPLES as u32);
            for &s in &ints {
                samples.write_sample(s);
            }
            samples.flush()?;
            writer.finalize()?;
        }
        "hound-write-f32" => {
            let mut writer = hound::WavWriter::create(&out, SPEC)?;
            for &f in &floats {
                writer.write_sample((f * 32_768.0).round().clamp(-32_768.0, 32_767.0) as i16)?;
            }
            writer.finalize()?;
        }
        "read-i16" => {
            let sum: i64 = Reader::open(&input)?.samples::<i16>()?.map(|s| s.map(i64::from)).sum::<Result<_, _>>()?;
            black_box(sum);
        }
        "read-f32" => {
            let sum: f64 = Reader::open(&input)?.samples::<f32>()?.map(|s| s.map(f64::from)).sum::<Result<_, _>>()?;
            black_box(sum);
        }
        "hound-read-i16" => {
            let sum: i64 =
                hound::WavReader::open(&input)?.samples::<i16>().map(|s| s.map(i64::from)).sum::<Result<_, _>>()?;
            black_box(sum);
        }
        "hound-read-f32" => {
            let mut reader = hound::WavReader::open(&input)?;
            let sum: f64 =
                reader.samples::<i16>().map(|s| s.map(|s| f64::from(f32::from(s) / 32_768.0))).sum::<Result<_, _>>()?;
            black_box(sum);
        }
        other => return Err(format!("no case {other}").into()),
    }
    black_box((&ints, &floats));
    Ok(())
}
