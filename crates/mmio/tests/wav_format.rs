//! `WaveFormat` on the `fmt ` chunks real encoders write (ffmpeg and sox, run into a
//! temporary directory): every format decodes without problems, with the fields the
//! encoder was asked for, the frames its `fact` chunk or the requested length says,
//! and encodes back to the same bytes. RIFX (sox `-B`) is big-endian in every field.

mod common;

use std::io::Read;
use std::path::Path;

use common::Scratch;
use common::tools::{arg, available, ffmpeg, run};
use winmmio::riff::{ByteOrder, Event, Walker};
use winmmio::wav::{FormatTag, SampleFormat, WaveFormat};
use winmmio::{FourCC, Mmio};

/// The byte order, `fmt ` payload, data length and `fact` sample count of a file.
fn chunks(path: &Path) -> (ByteOrder, Vec<u8>, u64, Option<u32>) {
    let mut walker = Walker::new(Mmio::open(path).unwrap()).unwrap();
    let order = walker.byte_order();
    let (mut fmt, mut data, mut fact) = (None, None, None);
    while let Some(event) = walker.next() {
        let Event::Leaf(chunk) = event.unwrap() else { continue };
        let mut payload = Vec::new();
        if matches!(chunk.id, FourCC::FMT | FourCC::FACT) {
            walker.reader_mut().chunk_data(&chunk.info()).unwrap().read_to_end(&mut payload).unwrap();
        }
        match chunk.id {
            FourCC::FMT => fmt = Some(payload),
            FourCC::FACT => fact = Some(order.read_u32([payload[0], payload[1], payload[2], payload[3]])),
            FourCC::DATA => data = Some(chunk.size),
            _ => {}
        }
    }
    (order, fmt.expect("a fmt chunk"), data.expect("a data chunk"), fact)
}

/// What a file must decode to.
struct Expected {
    tag: FormatTag,
    channels: u16,
    rate: u32,
    bits: u16,
    /// The frames the encoder was asked for (sample formats), or `None` to check the
    /// frames against the `fact` chunk (compressed formats).
    frames: Option<u64>,
}

fn check(path: &Path, expected: &Expected) {
    let (order, payload, data_len, fact) = chunks(path);
    let format = WaveFormat::parse(&payload, order).unwrap();
    let name = path.file_name().unwrap().to_string_lossy();
    assert_eq!(format.problems(), [], "{name}: {format}");
    let effective = match format.extensible {
        Some(e) => e.sub_format.format_tag().unwrap(),
        None => format.tag,
    };
    assert_eq!(
        (effective, format.channels, format.sample_rate, format.bits_per_sample),
        (expected.tag, expected.channels, expected.rate, expected.bits),
        "{name}: {format}"
    );
    assert_eq!(format.to_bytes().unwrap(), payload, "{name}: encoded back");
    let frames = format.frames(data_len);
    match (expected.frames, fact) {
        (Some(wanted), _) => assert_eq!(frames, Some(wanted), "{name}"),
        // ADPCM: the data ends in a whole block, so it holds the fact count and at
        // most a block of padding more.
        (None, Some(fact)) => {
            let frames = frames.unwrap();
            let per_block = u64::from(format.samples_per_block().unwrap());
            assert!(frames >= u64::from(fact) && frames - u64::from(fact) < per_block, "{name}: {frames} vs {fact}");
        }
        (None, None) => panic!("{name}: a compressed file without fact"),
    }
}

#[test]
fn formats_written_by_ffmpeg() {
    if !available("ffmpeg") {
        return;
    }
    let dir = Scratch::new("wav-format-ffmpeg");
    let pcm = |tag, bits| Expected { tag, channels: 2, rate: 44_100, bits, frames: Some(4410) };
    let cases = [
        ("pcm_u8", pcm(FormatTag::PCM, 8)),
        ("pcm_s16le", pcm(FormatTag::PCM, 16)),
        ("pcm_s24le", pcm(FormatTag::PCM, 24)),
        ("pcm_s32le", pcm(FormatTag::PCM, 32)),
        ("pcm_f32le", pcm(FormatTag::IEEE_FLOAT, 32)),
        ("pcm_f64le", pcm(FormatTag::IEEE_FLOAT, 64)),
        ("pcm_alaw", pcm(FormatTag::ALAW, 8)),
        ("pcm_mulaw", pcm(FormatTag::MULAW, 8)),
        ("adpcm_ima_wav", Expected { frames: None, ..pcm(FormatTag::IMA_ADPCM, 4) }),
        ("adpcm_ms", Expected { frames: None, ..pcm(FormatTag::ADPCM, 4) }),
    ];
    for (codec, expected) in cases {
        let path = dir.path(&format!("{codec}.wav"));
        ffmpeg(&["-f", "lavfi", "-i", "sine=d=0.1", "-ac", "2", "-c:a", codec, arg(&path)]);
        check(&path, &expected);
    }
    // Six channels of 24 bits: WAVE_FORMAT_EXTENSIBLE with the 5.1 mask.
    let path = dir.path("surround.wav");
    ffmpeg(&["-f", "lavfi", "-i", "sine=d=0.1", "-ac", "6", "-c:a", "pcm_s24le", arg(&path)]);
    check(&path, &Expected { tag: FormatTag::PCM, channels: 6, rate: 44_100, bits: 24, frames: Some(4410) });
    let (order, payload, _, _) = chunks(&path);
    let format = WaveFormat::parse(&payload, order).unwrap();
    assert_eq!(format.tag, FormatTag::EXTENSIBLE);
    assert_eq!(format.extensible.unwrap().channel_mask.to_string(), "FL FR FC LFE BL BR");
    assert_eq!(format.sample_format(), Some(SampleFormat::Int));
}

#[test]
fn formats_written_by_sox() {
    if !available("sox") {
        return;
    }
    let dir = Scratch::new("wav-format-sox");
    let at_8k = |tag, channels, bits| Expected { tag, channels, rate: 8_000, bits, frames: Some(4000) };
    let cases: [(&str, &[&str], Expected); 9] = [
        ("u8", &["-e", "unsigned-integer", "-b", "8"], at_8k(FormatTag::PCM, 1, 8)),
        ("s16", &["-b", "16"], at_8k(FormatTag::PCM, 2, 16)),
        ("f32", &["-e", "floating-point", "-b", "32"], at_8k(FormatTag::IEEE_FLOAT, 1, 32)),
        ("alaw", &["-e", "a-law"], at_8k(FormatTag::ALAW, 1, 8)),
        ("ulaw", &["-e", "u-law"], at_8k(FormatTag::MULAW, 2, 8)),
        ("ima", &["-e", "ima-adpcm"], Expected { frames: None, ..at_8k(FormatTag::IMA_ADPCM, 2, 4) }),
        ("ms", &["-e", "ms-adpcm"], Expected { frames: None, ..at_8k(FormatTag::ADPCM, 2, 4) }),
        ("gsm", &["-e", "gsm-full-rate"], Expected { frames: None, ..at_8k(FormatTag::GSM610, 1, 0) }),
        ("s24x3", &["-b", "24"], at_8k(FormatTag::PCM, 3, 24)),
    ];
    for (name, encoding, expected) in cases {
        let path = dir.path(&format!("{name}.wav"));
        let channels = expected.channels.to_string();
        let mut args = vec!["-n", "-r", "8000", "-c", &channels];
        args.extend_from_slice(encoding);
        args.extend_from_slice(&[arg(&path), "synth", "0.5", "sine", "440"]);
        run("sox", &args);
        check(&path, &expected);
    }
}

#[test]
fn rifx_is_big_endian_in_every_field() {
    if !available("sox") {
        return;
    }
    let dir = Scratch::new("wav-format-rifx");
    let path = dir.path("rifx.wav");
    run("sox", &["-n", "-B", "-r", "44100", "-c", "2", "-b", "16", arg(&path), "synth", "0.1", "sine", "440"]);
    let (order, payload, _, _) = chunks(&path);
    assert_eq!(order, ByteOrder::Big);
    check(&path, &Expected { tag: FormatTag::PCM, channels: 2, rate: 44_100, bits: 16, frames: Some(4410) });
    // Read as little-endian, it is the nonsense `mmio info` used to show.
    let wrong = WaveFormat::parse(&payload, ByteOrder::Little).unwrap();
    assert_eq!((wrong.tag, wrong.channels, wrong.sample_rate), (FormatTag(0x0100), 512, 1_152_122_880));
    assert_eq!(wrong.sample_format(), None);
}
