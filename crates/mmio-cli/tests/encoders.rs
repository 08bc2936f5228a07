//! `mmio info --json` against the encoders and the other tools, on WAVE files made here
//! by ffmpeg and sox: every field against the parameters the encoder was given, and
//! against ffprobe and soxi where they are right. Where they are not, the test says
//! so and why.
//!
//! ffmpeg, ffprobe and sox come from Debian (`.ci/run` installs ffmpeg, sox and
//! libsox-fmt-all). Without them the test fails in CI (`CI=true`) and is skipped, with a
//! message, elsewhere.

mod support;

use std::path::Path;
use std::process::Command;

use serde_json::Value;
use support::{Scratch, mmio};

/// True when `tool` runs.
fn have(tool: &str) -> bool {
    Command::new(tool).arg("-version").output().is_ok() || Command::new(tool).arg("--version").output().is_ok()
}

/// False (with a message) when a tool is missing outside CI; a failure in CI.
fn tools_present() -> bool {
    let missing: Vec<&str> = ["ffmpeg", "ffprobe", "sox", "soxi"].into_iter().filter(|t| !have(t)).collect();
    if missing.is_empty() {
        return true;
    }
    assert!(std::env::var("CI").as_deref() != Ok("true"), "CI must have {missing:?} (see .ci/run)");
    eprintln!("skipped: {missing:?} not installed (apt-get install ffmpeg sox libsox-fmt-all)");
    false
}

/// Runs a tool in `dir`; its stdout.
fn run(dir: &Path, tool: &str, args: &[&str]) -> String {
    let output = Command::new(tool).args(args).current_dir(dir).output().unwrap();
    assert!(output.status.success(), "{tool} {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// How a file is made.
enum Maker {
    /// ffmpeg from a 440 Hz sine of `rate` Hz: the lavfi source, then output options.
    Ffmpeg { rate: u32, seconds: &'static str, options: &'static [&'static str] },
    /// sox from a sine: output options (before the file name) and the length.
    Sox { options: &'static [&'static str], length: &'static str },
}

/// One file and what its encoder was asked for.
struct Case {
    name: &'static str,
    maker: Maker,
    /// The format tag of the coding (the sub-format's for EXTENSIBLE).
    tag: u16,
    channels: u16,
    rate: u32,
    bits: u16,
    frames: u64,
    big_endian: bool,
    /// The speakers of the channel mask, when the file has one.
    speakers: Option<&'static [&'static str]>,
    /// INFO tags asked for.
    tags: &'static [(&'static str, &'static str)],
}

const STEREO: &[&str] = &["FL", "FR"];

const CASES: &[Case] = &[
    Case {
        name: "s16-stereo.wav",
        // 88290 frames: 2.00204 s, which truncated would read 2.002, not 2.00204...
        maker: Maker::Ffmpeg {
            rate: 44100,
            seconds: "2.1",
            options: &[
                "-af",
                "atrim=end_sample=88290",
                "-ac",
                "2",
                "-c:a",
                "pcm_s16le",
                "-metadata",
                "title=A title",
                "-metadata",
                "artist=Someone",
            ],
        },
        tag: 1,
        channels: 2,
        rate: 44100,
        bits: 16,
        frames: 88290,
        big_endian: false,
        speakers: None,
        tags: &[("INAM", "A title"), ("IART", "Someone")],
    },
    Case {
        name: "u8-mono.wav",
        maker: Maker::Ffmpeg { rate: 8000, seconds: "0.3", options: &["-c:a", "pcm_u8"] },
        tag: 1,
        channels: 1,
        rate: 8000,
        bits: 8,
        frames: 2400,
        big_endian: false,
        speakers: None,
        tags: &[],
    },
    Case {
        name: "s24-5.1.wav",
        maker: Maker::Ffmpeg {
            rate: 48000,
            seconds: "0.1",
            options: &["-af", "aformat=channel_layouts=5.1", "-c:a", "pcm_s24le"],
        },
        tag: 1,
        channels: 6,
        rate: 48000,
        bits: 24,
        frames: 4800,
        big_endian: false,
        speakers: Some(&["FL", "FR", "FC", "LFE", "BL", "BR"]),
        tags: &[],
    },
    Case {
        name: "f32-7.1.wav",
        maker: Maker::Ffmpeg {
            rate: 48000,
            seconds: "0.05",
            options: &["-af", "aformat=channel_layouts=7.1", "-c:a", "pcm_f32le"],
        },
        tag: 3,
        channels: 8,
        rate: 48000,
        bits: 32,
        frames: 2400,
        big_endian: false,
        speakers: Some(&["FL", "FR", "FC", "LFE", "BL", "BR", "SL", "SR"]),
        tags: &[],
    },
    Case {
        name: "s32-96k.wav",
        maker: Maker::Ffmpeg { rate: 96000, seconds: "0.05", options: &["-ac", "2", "-c:a", "pcm_s32le"] },
        tag: 1,
        channels: 2,
        rate: 96000,
        bits: 32,
        frames: 4800,
        big_endian: false,
        speakers: Some(STEREO),
        tags: &[],
    },
    Case {
        name: "f64-mono.wav",
        maker: Maker::Ffmpeg { rate: 22050, seconds: "0.2", options: &["-c:a", "pcm_f64le"] },
        tag: 3,
        channels: 1,
        rate: 22050,
        bits: 64,
        frames: 4410,
        big_endian: false,
        // Over 16 bits, ffmpeg writes WAVE_FORMAT_EXTENSIBLE, with a mask.
        speakers: Some(&["FC"]),
        tags: &[],
    },
    Case {
        name: "alaw.wav",
        maker: Maker::Ffmpeg { rate: 8000, seconds: "0.25", options: &["-c:a", "pcm_alaw"] },
        tag: 6,
        channels: 1,
        rate: 8000,
        bits: 8,
        frames: 2000,
        big_endian: false,
        speakers: None,
        tags: &[],
    },
    Case {
        name: "mulaw.wav",
        maker: Maker::Ffmpeg { rate: 8000, seconds: "0.25", options: &["-c:a", "pcm_mulaw"] },
        tag: 7,
        channels: 1,
        rate: 8000,
        bits: 8,
        frames: 2000,
        big_endian: false,
        speakers: None,
        tags: &[],
    },
    Case {
        name: "rf64.wav",
        maker: Maker::Ffmpeg { rate: 16000, seconds: "0.1", options: &["-c:a", "pcm_s16le", "-rf64", "always"] },
        tag: 1,
        channels: 1,
        rate: 16000,
        bits: 16,
        frames: 1600,
        big_endian: false,
        speakers: None,
        tags: &[],
    },
    Case {
        name: "ima-adpcm.wav",
        maker: Maker::Ffmpeg { rate: 22050, seconds: "1", options: &["-c:a", "adpcm_ima_wav"] },
        tag: 0x11,
        channels: 1,
        rate: 22050,
        bits: 4,
        // ffmpeg codes whole blocks: 22050 samples and the rest of the last block,
        // which it counts in the fact chunk (ffprobe and soxi agree).
        frames: 22451,
        big_endian: false,
        speakers: None,
        tags: &[],
    },
    Case {
        name: "ms-adpcm.wav",
        maker: Maker::Ffmpeg { rate: 22050, seconds: "1", options: &["-c:a", "adpcm_ms"] },
        tag: 2,
        channels: 1,
        rate: 22050,
        bits: 4,
        frames: 22396,
        big_endian: false,
        speakers: None,
        tags: &[],
    },
    Case {
        name: "sox-s16.wav",
        maker: Maker::Sox { options: &["-r", "8000", "-c", "2", "-b", "16"], length: "0.5" },
        tag: 1,
        channels: 2,
        rate: 8000,
        bits: 16,
        frames: 4000,
        big_endian: false,
        speakers: None,
        tags: &[],
    },
    Case {
        name: "sox-s24.wav",
        maker: Maker::Sox { options: &["-r", "44100", "-c", "2", "-b", "24"], length: "0.1" },
        tag: 1,
        channels: 2,
        rate: 44100,
        bits: 24,
        frames: 4410,
        big_endian: false,
        speakers: Some(STEREO),
        tags: &[],
    },
    Case {
        name: "sox-float.wav",
        maker: Maker::Sox { options: &["-r", "11025", "-c", "1", "-b", "32", "-e", "floating-point"], length: "0.2" },
        tag: 3,
        channels: 1,
        rate: 11025,
        bits: 32,
        frames: 2205,
        big_endian: false,
        speakers: None,
        tags: &[],
    },
    Case {
        name: "sox-rifx.wav",
        // -B: big-endian, which sox writes as RIFX.
        maker: Maker::Sox { options: &["-r", "8000", "-c", "2", "-b", "16", "-B"], length: "0.5" },
        tag: 1,
        channels: 2,
        rate: 8000,
        bits: 16,
        frames: 4000,
        big_endian: true,
        speakers: None,
        tags: &[],
    },
    Case {
        name: "sox-ima.wav",
        maker: Maker::Sox { options: &["-r", "22050", "-c", "1", "-e", "ima-adpcm"], length: "0.5" },
        tag: 0x11,
        channels: 1,
        rate: 22050,
        bits: 4,
        frames: 11025,
        big_endian: false,
        speakers: None,
        tags: &[],
    },
];

/// Makes the file of `case` in `dir`.
fn make(dir: &Path, case: &Case) {
    match &case.maker {
        Maker::Ffmpeg { rate, seconds, options } => {
            let source = format!("sine=frequency=440:sample_rate={rate}:duration={seconds}");
            let args = [
                &["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", &source][..],
                options,
                &[case.name],
            ]
            .concat();
            run(dir, "ffmpeg", &args);
        }
        Maker::Sox { options, length } => {
            let args = [&["-R", "-n"][..], options, &[case.name, "synth", length, "sine", "440"]].concat();
            run(dir, "sox", &args);
        }
    }
}

/// The speakers of an ffprobe channel layout name.
fn layout_speakers(layout: &str) -> Option<&'static [&'static str]> {
    Some(match layout {
        "mono" => &["FC"],
        "stereo" => STEREO,
        "5.1" => &["FL", "FR", "FC", "LFE", "BL", "BR"],
        "7.1" => &["FL", "FR", "FC", "LFE", "BL", "BR", "SL", "SR"],
        _ => return None,
    })
}

/// The coding's tag of a format object: the sub-format's for EXTENSIBLE.
fn coding_tag(format: &Value) -> u16 {
    let tag = format["tag"].as_u64().unwrap() as u16;
    match format["subformat"].as_str() {
        Some(guid) if tag == 0xFFFE => u16::from_str_radix(&guid[4..8], 16).unwrap(),
        _ => tag,
    }
}

#[test]
fn info_agrees_with_the_encoders_ffprobe_and_soxi() {
    if !tools_present() {
        return;
    }
    let dir = Scratch::new("encoders");
    for case in CASES {
        make(&dir.0, case);
        let name = case.name;
        let info = mmio(&dir.0, &["info", "--json", name]);
        assert_eq!(info.code, 0, "{name}: {}", info.stderr);
        let json = info.json();
        assert_eq!(json["problems"], Value::Array(vec![]), "{name}");
        let check = mmio(&dir.0, &["check", name]);
        assert_eq!(check.code, 0, "{name}: {}", check.text());

        // What the encoder was asked for.
        let format = &json["format"];
        assert_eq!(json["form"], "WAVE", "{name}");
        assert_eq!(json["byte_order"], if case.big_endian { "big" } else { "little" }, "{name}");
        assert_eq!(coding_tag(format), case.tag, "{name}");
        assert_eq!(format["channels"], case.channels, "{name}");
        assert_eq!(format["sample_rate"], case.rate, "{name}");
        assert_eq!(format["bits_per_sample"], case.bits, "{name}");
        assert_eq!(json["frames"], case.frames, "{name}");
        let duration = json["duration_s"].as_f64().unwrap();
        assert_eq!(duration, case.frames as f64 / f64::from(case.rate), "{name}: frames / rate, exactly");
        let named: Option<Vec<&str>> =
            format["channels_named"].as_array().map(|a| a.iter().map(|s| s.as_str().unwrap()).collect());
        assert_eq!(named.as_deref(), case.speakers, "{name}");
        for (id, text) in case.tags {
            assert_eq!(json["tags"][id], *text, "{name}: {id}");
        }
        // Whole frames of PCM data, or the fact chunk.
        let data = json["data_bytes"].as_u64().unwrap();
        if matches!(case.tag, 1 | 3 | 6 | 7) {
            assert_eq!(data, case.frames * u64::from(case.channels) * u64::from(case.bits / 8), "{name}");
            assert_eq!(format["block_align"], case.channels * case.bits / 8, "{name}");
            assert_eq!(format["byte_rate"], u64::from(case.rate) * u64::from(case.channels * case.bits / 8), "{name}");
        } else {
            assert_eq!(json["fact_samples"], case.frames, "{name}");
        }

        // ffprobe.
        let probe: Value = serde_json::from_str(&run(
            &dir.0,
            "ffprobe",
            &["-v", "error", "-show_streams", "-show_format", "-of", "json", name],
        ))
        .unwrap();
        let stream = &probe["streams"][0];
        assert_eq!(stream["channels"], format["channels"], "{name}");
        assert_eq!(stream["sample_rate"].as_str().unwrap(), case.rate.to_string(), "{name}");
        assert_eq!(stream["bits_per_sample"], format["bits_per_sample"], "{name}");
        assert_eq!(stream["codec_tag"].as_str().unwrap(), format!("0x{:04x}", coding_tag(format)), "{name}");
        assert_eq!(
            stream["bit_rate"].as_str().unwrap(),
            (format["byte_rate"].as_u64().unwrap() * 8).to_string(),
            "{name}"
        );
        // ffprobe counts in 1/rate: its duration_ts is the frame count.
        assert_eq!(stream["duration_ts"], json["frames"], "{name}");
        // ffprobe prints durations rounded to the microsecond; ours is exact.
        let probed: f64 = stream["duration"].as_str().unwrap().parse().unwrap();
        assert!((probed - duration).abs() <= 0.5e-6, "{name}: ffprobe {probed}, mmio {duration}");
        // ffprobe gives a layout even to files without a channel mask (a default for the
        // channel count); mmio names the speakers only of a mask the file has.
        if let Some(speakers) = case.speakers {
            let layout = stream["channel_layout"].as_str().unwrap();
            assert_eq!(layout_speakers(layout), Some(speakers), "{name}: {layout}");
        }
        for (id, text) in case.tags {
            let key = if *id == "INAM" { "title" } else { "artist" };
            assert_eq!(probe["format"]["tags"][key], *text, "{name}: {key}");
        }
        if case.big_endian {
            // ffmpeg 5.1 reads the fields of a RIFX format big-endian but names the
            // codec pcm_s16le: its samples would be decoded little-endian. The fields
            // agree (above); the codec name is ffprobe's mistake.
            assert_eq!(stream["codec_name"], "pcm_s16le", "{name}: ffprobe changed; check the note");
        }

        // soxi.
        let soxi = |option: &str| run(&dir.0, "soxi", &[option, name]).trim().to_string();
        assert_eq!(soxi("-c"), case.channels.to_string(), "{name}");
        assert_eq!(soxi("-r"), case.rate.to_string(), "{name}");
        assert_eq!(soxi("-b"), case.bits.to_string(), "{name}");
        let samples: u64 = soxi("-s").parse().unwrap();
        if case.tag == 0x11 && name.starts_with("sox") {
            // sox decodes every block of IMA ADPCM and counts every sample it holds, the
            // padding of the last block included (22 blocks of 505); the fact chunk sox
            // itself wrote, ffprobe and mmio say what was coded.
            assert_eq!((samples, json["fact_samples"].as_u64()), (22 * 505, Some(case.frames)), "{name}");
        } else {
            assert_eq!(samples, case.frames, "{name}");
            let seconds: f64 = soxi("-D").parse().unwrap();
            assert!((seconds - duration).abs() <= 0.5e-6, "{name}: soxi {seconds}, mmio {duration}");
        }
    }
}

#[test]
fn the_bext_ffmpeg_writes_reads_back_as_given() {
    if !tools_present() {
        return;
    }
    let dir = Scratch::new("encoders-bext");
    let given = [
        ("description", "A take"),
        ("originator", "mmio tests"),
        ("originator_reference", "REF1"),
        ("origination_date", "2024-05-01"),
        ("origination_time", "14:30:00"),
        ("time_reference", "96000"),
        ("coding_history", "A=PCM,F=48000,W=16,M=mono"),
    ];
    let metadata: Vec<String> =
        given.iter().flat_map(|(key, value)| ["-metadata".into(), format!("{key}={value}")]).collect();
    let source = "sine=frequency=440:sample_rate=48000:duration=0.1";
    let head = [
        "-hide_banner",
        "-loglevel",
        "error",
        "-y",
        "-f",
        "lavfi",
        "-i",
        source,
        "-c:a",
        "pcm_s16le",
        "-write_bext",
        "1",
    ];
    let args: Vec<&str> = head.iter().copied().chain(metadata.iter().map(String::as_str)).chain(["bext.wav"]).collect();
    run(&dir.0, "ffmpeg", &args);
    let json = mmio(&dir.0, &["info", "--json", "bext.wav"]).json();
    let bext = &json["bext"];
    for (key, value) in given {
        match bext[key].as_u64() {
            Some(number) => assert_eq!(number.to_string(), value, "{key}"),
            None => assert_eq!(bext[key], value, "{key}"),
        }
    }
    assert_eq!(bext["time_reference_s"], 2.0);
    // ffprobe shows them as tags under names of its own.
    let probe: Value =
        serde_json::from_str(&run(&dir.0, "ffprobe", &["-v", "error", "-show_format", "-of", "json", "bext.wav"]))
            .unwrap();
    let tags = &probe["format"]["tags"];
    for (ours, theirs) in [
        ("description", "comment"),
        ("originator", "encoded_by"),
        ("originator_reference", "originator_reference"),
        ("origination_date", "date"),
        ("origination_time", "creation_time"),
        ("coding_history", "coding_history"),
    ] {
        assert_eq!(bext[ours], tags[theirs], "{ours} / ffprobe's {theirs}");
    }
    assert_eq!(tags["time_reference"].as_str().unwrap(), bext["time_reference"].as_u64().unwrap().to_string());
}
