//! `winmmio::wav` on arbitrary bytes: `WaveFormat::parse` in both byte orders (its
//! problems, frames and duration computed, and its encoding parsed back to the same
//! format), and `wav::Reader` on the bytes as a file (format, metadata, every sample
//! as `i16`, `f32` and `i32`, a seek). Nothing may panic, hang or read past the data;
//! whatever is read must be whole frames. Integer samples written back with
//! `wav::Writer` (in pieces that split frames) must read back the same, but for the
//! bits below the format's valid bits, which the writer leaves at zero.
#![no_main]

use libfuzzer_sys::fuzz_target;
use winmmio::riff::ByteOrder;
use winmmio::wav::{Reader, SampleFormat, WaveFormat, Writer};

fn format_checks(data: &[u8]) {
    for order in [ByteOrder::Little, ByteOrder::Big] {
        let Ok(format) = WaveFormat::parse(data, order) else {
            assert!(data.len() < 14);
            continue;
        };
        let _ = format.problems();
        let _ = format.to_string();
        if let Some(frames) = format.frames(data.len() as u64) {
            let _ = format.duration(frames).map(|d| (d.seconds(), d.to_std(), d.to_string()));
        }
        if let Ok(bytes) = format.to_bytes() {
            assert_eq!(WaveFormat::parse(&bytes, order).unwrap(), format, "encode, parse: not the same");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    format_checks(data);
    let Ok(mut reader) = Reader::from_memory(data.to_vec()) else { return };
    let _ = reader.metadata();
    let range = reader.data_range();
    assert!(range.start <= range.end && range.end <= data.len() as u64);
    let channels = usize::from(reader.format().channels.max(1));
    let left = reader.remaining_samples();
    if let Ok(samples) = reader.samples::<i16>() {
        let all: Vec<i16> = samples.map(|s| s.unwrap()).collect();
        assert_eq!(all.len() as u64, left);
        assert_eq!(all.len() % channels, 0, "not whole frames");
        reader.seek(1);
        let floats: Vec<f32> = reader.samples::<f32>().unwrap().map(|s| s.unwrap()).collect();
        assert_eq!(floats.len() + channels.min(all.len()), all.len());
        reader.seek(0);
        let mut ints = Vec::new();
        let mut block = [0i32; 7];
        loop {
            let n = reader.read_samples(&mut block).unwrap();
            if n == 0 {
                break;
            }
            ints.extend_from_slice(&block[..n]);
        }
        let format = reader.format().clone();
        if format.sample_format() == Some(SampleFormat::Int) && format.problems().is_empty() {
            let mut writer = Writer::to_memory(&format).unwrap();
            for piece in ints.chunks(5) {
                writer.write_samples(piece).unwrap();
            }
            let bytes = writer.finish().unwrap().into_memory().unwrap();
            let again: Vec<i32> = Reader::from_memory(bytes).unwrap().samples().unwrap().map(|s| s.unwrap()).collect();
            let mask = (u32::MAX << (32 - u32::from(format.valid_bits()))) as i32;
            let ints: Vec<i32> = ints.iter().map(|&v| v & mask).collect();
            assert!(again == ints, "written and read back: not the same samples");
        }
    }
});
