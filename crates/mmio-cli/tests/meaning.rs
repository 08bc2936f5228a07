//! What the chunks mean: the rules `check` applies beyond the structure (a format that
//! contradicts itself, data that is not whole frames, where an AVI index is), the same
//! problems in `info`, and what `info` reports of such files: frames, rounded
//! durations, OpenDML frame counts, big-endian formats, exit statuses.

mod support;

use serde_json::Value;
use support::testfiles::{chunk, list, pattern, raw, wave_format};
use support::{Run, Scratch, mmio};

/// A WAVEFORMAT with every field as given (the byte rate too).
fn format(tag: u16, channels: u16, rate: u32, byte_rate: u32, align: u16, bits: u16) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&tag.to_le_bytes());
    out.extend_from_slice(&channels.to_le_bytes());
    out.extend_from_slice(&rate.to_le_bytes());
    out.extend_from_slice(&byte_rate.to_le_bytes());
    out.extend_from_slice(&align.to_le_bytes());
    out.extend_from_slice(&bits.to_le_bytes());
    out
}

/// A WAVE file of this format and data.
fn wave(fmt: &[u8], data: &[u8]) -> Vec<u8> {
    list(b"RIFF", b"WAVE", &[chunk(b"fmt ", fmt), chunk(b"data", data)])
}

/// `check --json`'s problems of one file, as (kind, path).
fn problems(run: &Run) -> Vec<(String, String)> {
    let docs = run.json_lines();
    docs[0]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["kind"].as_str().unwrap().to_string(), p["path"].as_str().unwrap_or("").to_string()))
        .collect()
}

/// `info --json` of one file.
fn info_json(dir: &Scratch, name: &str) -> Value {
    let run = mmio(&dir.0, &["info", "--json", name]);
    assert_eq!(run.code, 0, "{name}: {}", run.stderr);
    run.json()
}

/// Checks `name`: the problems (kind, path) and that `info` lists the same ones.
fn assert_check(dir: &Scratch, name: &str, expected: &[(&str, &str)]) -> String {
    let run = mmio(&dir.0, &["check", "--json", name]);
    let found = problems(&run);
    let expected: Vec<(String, String)> = expected.iter().map(|(k, p)| (k.to_string(), p.to_string())).collect();
    assert_eq!(found, expected, "{name}");
    // Notes (a partial last frame) are said but do not fail check.
    let failing = expected.iter().any(|(kind, _)| kind != "partial-frame");
    assert_eq!(run.code, i32::from(failing), "{name}");
    let info = info_json(dir, name);
    assert_eq!(&info["problems"], &run.json_lines()[0]["problems"], "{name}: info lists what check finds");
    mmio(&dir.0, &["check", name]).text()
}

#[test]
fn a_format_that_contradicts_itself() {
    let dir = Scratch::new("meaning-format");
    // 2 channels x 16 bits is 4 bytes a frame, not 4000: 11 frames for the block align,
    // 11025 for the samples.
    dir.write("align.wav", &wave(&format(1, 2, 44100, 176_400, 4000, 16), &pattern(44100, 1)));
    let text = assert_check(&dir, "align.wav", &[("bad-format", "0/0"), ("bad-format", "0/0")]);
    assert_eq!(
        text,
        "align.wav: offset 12, chunk 0/0: bad-format: the format has block align 4000, not channels x bytes per sample = 4\n\
         align.wav: offset 12, chunk 0/0: bad-format: the format has byte rate 176400, not sample rate x block align = 176400000\n"
    );
    let info = info_json(&dir, "align.wav");
    assert_eq!((info["frames"].as_u64(), info["format"]["block_align"].as_u64()), (Some(11025), Some(4000)));
    assert_eq!(info["duration_s"], 0.25);
    // A byte rate that is not rate x frame size; zero channels; a rate of 0.
    dir.write("rate.wav", &wave(&format(1, 1, 8000, 8001, 1, 8), &pattern(100, 2)));
    let text = assert_check(&dir, "rate.wav", &[("bad-format", "0/0")]);
    assert!(text.contains("the format has byte rate 8001, not sample rate x block align = 8000"), "{text}");
    dir.write("zero.wav", &wave(&format(1, 0, 0, 0, 0, 16), &pattern(100, 3)));
    let text = assert_check(&dir, "zero.wav", &[("bad-format", "0/0"), ("bad-format", "0/0"), ("bad-format", "0/0")]);
    for what in ["0 channels", "a sample rate of 0", "a block align of 0"] {
        assert!(text.contains(what), "{what}: {text}");
    }
    // Too short to be a format.
    dir.write("short.wav", &wave(&[1, 0, 2, 0], &pattern(100, 4)));
    let text = assert_check(&dir, "short.wav", &[("bad-format", "0/0")]);
    assert!(text.contains("the 'fmt ' chunk holds 4 bytes: a format needs at least 14"), "{text}");
    // Compressed formats are not held to PCM's arithmetic.
    let mut ima = [format(0x11, 1, 22050, 11100, 512, 4), vec![2, 0], 1017u16.to_le_bytes().to_vec()].concat();
    ima.truncate(20);
    dir.write("ima.wav", &wave(&ima, &pattern(512 * 3, 5)));
    assert_check(&dir, "ima.wav", &[]);
}

#[test]
fn data_that_is_not_whole_frames() {
    let dir = Scratch::new("meaning-frames");
    // 4410 frames of 16-bit stereo and 2 bytes more.
    dir.write("partial.wav", &wave(&wave_format(1, 2, 44100, 16, 4, None), &pattern(4410 * 4 + 2, 6)));
    let text = assert_check(&dir, "partial.wav", &[("partial-frame", "0/1")]);
    assert_eq!(
        text,
        "partial.wav: offset 36, chunk 0/1: partial-frame (note): 'data' holds 17642 bytes: not a whole number of 4-byte \
         frames (2 bytes left over)\npartial.wav: ok (3 chunks)\n"
    );
    let info = info_json(&dir, "partial.wav");
    assert_eq!((info["frames"].as_u64(), info["data_bytes"].as_u64()), (Some(4410), Some(17642)));
    // A data chunk cut by the end of the file is the walker's problem, not this rule's.
    let mut cut = wave(&wave_format(1, 2, 44100, 16, 4, None), &pattern(4410 * 4, 6));
    cut.truncate(cut.len() - 3);
    dir.write("cut.wav", &cut);
    assert_check(&dir, "cut.wav", &[("truncated", "0"), ("truncated", "0/1")]);
}

/// An AVI form of `children` after a main header with these flags.
fn avi(flags: u32, children: &[Vec<u8>]) -> Vec<u8> {
    avi_with_headers(flags, &[], children)
}

/// The same with `headers` (stream header lists) after the main header.
fn avi_with_headers(flags: u32, headers: &[Vec<u8>], children: &[Vec<u8>]) -> Vec<u8> {
    let mut avih = vec![0; 56];
    avih[..4].copy_from_slice(&40_000u32.to_le_bytes());
    avih[12..16].copy_from_slice(&flags.to_le_bytes());
    avih[16..20].copy_from_slice(&2u32.to_le_bytes());
    let hdrl = list(b"LIST", b"hdrl", &[&[chunk(b"avih", &avih)][..], headers].concat());
    list(b"RIFF", b"AVI ", &[&[hdrl][..], children].concat())
}

#[test]
fn where_the_avi_index_is() {
    let dir = Scratch::new("meaning-avi");
    let frames = || vec![chunk(b"00dc", &pattern(10, 7)), chunk(b"00dc", &pattern(10, 8))];
    let movi = || list(b"LIST", b"movi", &frames());
    let idx1 = || chunk(b"idx1", &[0; 32]);
    dir.write("good.avi", &avi(0x10, &[movi(), idx1()]));
    assert_check(&dir, "good.avi", &[]);
    // The index inside the data.
    dir.write("inside.avi", &avi(0x10, &[list(b"LIST", b"movi", &[&frames()[..], &[idx1()]].concat())]));
    let text = assert_check(&dir, "inside.avi", &[("idx1-misplaced", "0/1/2"), ("missing-index", "0")]);
    assert!(text.contains("'idx1' is inside 'LIST movi': players look for it right in the AVI form"), "{text}");
    // Before the data.
    dir.write("before.avi", &avi(0x10, &[idx1(), movi()]));
    let text = assert_check(&dir, "before.avi", &[("idx1-misplaced", "0/1"), ("missing-index", "0")]);
    assert!(text.contains("'idx1' comes before 'LIST movi'"), "{text}");
    // Announced and missing; not announced and missing (fine); no data at all.
    dir.write("missing.avi", &avi(0x10, &[movi()]));
    let text = assert_check(&dir, "missing.avi", &[("missing-index", "0")]);
    assert!(text.contains("AVIF_HASINDEX"), "{text}");
    dir.write("unindexed.avi", &avi(0, &[movi()]));
    assert_check(&dir, "unindexed.avi", &[]);
    // An OpenDML file indexed by 'indx' (in its stream's header list) and no 'idx1'.
    let strl = list(b"LIST", b"strl", &[chunk(b"indx", &[0; 24])]);
    dir.write("odml.avi", &avi_with_headers(0x10, &[strl], &[movi()]));
    assert_check(&dir, "odml.avi", &[]);
    dir.write("empty.avi", &avi(0, &[]));
    assert_check(&dir, "empty.avi", &[("missing-chunk", "0")]);
}

#[test]
fn opendml_frames_count_every_riff_form() {
    let dir = Scratch::new("meaning-odml");
    // avih counts the 388 frames of the first RIFF form; dmlh the 450 of the file.
    let mut avih = vec![0; 56];
    avih[..4].copy_from_slice(&33_367u32.to_le_bytes());
    avih[16..20].copy_from_slice(&388u32.to_le_bytes());
    avih[24..28].copy_from_slice(&1u32.to_le_bytes());
    avih[32..40].copy_from_slice(&[64, 0, 0, 0, 48, 0, 0, 0]);
    let odml = list(b"LIST", b"odml", &[chunk(b"dmlh", &[&450u32.to_le_bytes()[..], &[0; 244]].concat())]);
    let hdrl = list(b"LIST", b"hdrl", &[chunk(b"avih", &avih), odml]);
    let first = list(b"RIFF", b"AVI ", &[hdrl, list(b"LIST", b"movi", &[chunk(b"00dc", b"frame")])]);
    let second = list(b"RIFF", b"AVIX", &[list(b"LIST", b"movi", &[chunk(b"00dc", b"frame")])]);
    dir.write("odml.avi", &[first, second].concat());
    let info = mmio(&dir.0, &["info", "odml.avi"]);
    assert_eq!(info.code, 0);
    assert!(
        info.text()
            .contains("video:    64x48, 29.970 fps, 450 frames (OpenDML; 388 in the first RIFF form), 0:00:15.015"),
        "{}",
        info.text()
    );
    let json = info_json(&dir, "odml.avi");
    assert_eq!((json["avi"]["frames"].as_u64(), json["avi"]["first_riff_frames"].as_u64()), (Some(450), Some(388)));
    assert_eq!(json["avi"]["duration_s"], 450.0 * 33_367.0 / 1e6);
    let forms: Vec<&str> = json["forms"].as_array().unwrap().iter().map(|f| f["form"].as_str().unwrap()).collect();
    assert_eq!(forms, ["AVI ", "AVIX"]);
}

#[test]
fn durations_are_rounded_and_exact_in_json() {
    let dir = Scratch::new("meaning-duration");
    // 88290 frames at 44100 Hz: 2.002040... s.
    dir.write("two.wav", &wave(&wave_format(1, 1, 44100, 8, 1, None), &vec![0x80; 88290]));
    let text = mmio(&dir.0, &["info", "two.wav"]).text();
    assert!(text.contains("duration: 0:00:02.002 (88290 frames, from the data size)"), "{text}");
    let json = info_json(&dir, "two.wav");
    assert_eq!(json["duration_s"], 88290.0 / 44100.0);
    // From the fact chunk for a compressed format, else from the byte rate.
    let gsm = format(0x31, 1, 8000, 1625, 65, 0);
    let with_fact = list(
        b"RIFF",
        b"WAVE",
        &[chunk(b"fmt ", &gsm), chunk(b"fact", &16_001u32.to_le_bytes()), chunk(b"data", &[0; 650])],
    );
    dir.write("fact.wav", &with_fact);
    let text = mmio(&dir.0, &["info", "fact.wav"]).text();
    assert!(text.contains("duration: 0:00:02.000 (16001 frames, from the fact chunk)"), "{text}");
    let json = info_json(&dir, "fact.wav");
    assert_eq!((json["frames"].as_u64(), json["fact_samples"].as_u64()), (Some(16001), Some(16001)));
    dir.write("rate.wav", &wave(&gsm, &[0; 3251]));
    let text = mmio(&dir.0, &["info", "rate.wav"]).text();
    assert!(text.contains("duration: 0:00:02.001 (from the byte rate)"), "{text}");
    let json = info_json(&dir, "rate.wav");
    assert_eq!((json.get("frames"), json["duration_s"].as_f64()), (None, Some(3251.0 / 1625.0)));
}

#[test]
fn big_endian_formats_are_read_big_endian() {
    let dir = Scratch::new("meaning-rifx");
    let be = |id: &[u8; 4], data: &[u8]| {
        let mut out = id.to_vec();
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        out.extend_from_slice(data);
        out
    };
    let mut fmt = Vec::new();
    for (value, width) in [(1u32, 2), (2, 2), (44100, 4), (176_400, 4), (4, 2), (16, 2)] {
        fmt.extend_from_slice(&value.to_be_bytes()[4 - width..]);
    }
    let body = [&b"WAVE"[..], &be(b"fmt ", &fmt), &be(b"data", &[0; 400])].concat();
    dir.write("rifx.wav", &be(b"RIFX", &body));
    let json = info_json(&dir, "rifx.wav");
    assert_eq!(json["byte_order"], "big");
    let format = &json["format"];
    assert_eq!(
        (format["channels"].as_u64(), format["sample_rate"].as_u64(), format["bits_per_sample"].as_u64()),
        (Some(2), Some(44100), Some(16))
    );
    assert_eq!(json["frames"], 100);
    assert_check(&dir, "rifx.wav", &[]);
}

#[test]
fn info_reports_files_other_tools_read_in_full() {
    let dir = Scratch::new("meaning-short-riff");
    // The RIFF size is 12 bytes short, the data chunk whole: every player reads 4410
    // frames. info reports them, lists the problems and exits 0.
    let mut file = wave(&wave_format(1, 2, 44100, 16, 4, None), &pattern(4410 * 4, 9));
    let short = file.len() as u32 - 8 - 12;
    file[4..8].copy_from_slice(&short.to_le_bytes());
    dir.write("short.wav", &file);
    let run = mmio(&dir.0, &["info", "short.wav"]);
    assert_eq!(run.code, 0, "{}", run.text());
    assert!(run.text().contains("(4410 frames, from the data size)"), "{}", run.text());
    assert_eq!(info_json(&dir, "short.wav")["frames"], 4410);
    // The walker sees the RIFF size short (and no chunk made up of the last samples).
    assert_check(&dir, "short.wav", &[("short-size", "0")]);
    // Not RIFF at all (an MP3): info and extract say so.
    dir.write("song.mp3", &[&b"ID3\x03\0\0\0\0\0\x0a"[..], &[0xff, 0xfb, 0x90, 0x00], &[0; 64]].concat());
    let info = mmio(&dir.0, &["info", "song.mp3"]);
    assert_eq!((info.code, info.text()), (1, "song.mp3: not a RIFF file (78 B)\n".into()));
    let extract = mmio(&dir.0, &["extract", "song.mp3", "data"]);
    assert_eq!(extract.code, 2);
    assert_eq!(extract.stderr, "mmio: song.mp3: not a RIFF file: it does not start with RIFF, RIFX, RF64 or BW64\n");
    let json = info_json_any(&dir, "song.mp3");
    assert_eq!((json["riff"].as_bool(), json["problems"][0]["kind"].as_str()), (Some(false), Some("not-riff")));
}

/// `info --json` of a file whatever the exit status.
fn info_json_any(dir: &Scratch, name: &str) -> Value {
    mmio(&dir.0, &["info", "--json", name]).json()
}

#[test]
fn extract_takes_a_missing_last_pad_byte_in_its_stride() {
    let dir = Scratch::new("meaning-pad");
    // An odd data chunk at the very end, without its pad byte: the data is whole.
    let fmt = chunk(b"fmt ", &wave_format(1, 1, 8000, 8, 1, None));
    let body = [&b"WAVE"[..], &fmt, &raw(b"data", 3, b"abc")].concat();
    dir.write("odd.wav", &raw(b"RIFF", body.len() as u32, &body));
    let run = mmio(&dir.0, &["extract", "odd.wav", "data"]);
    assert_eq!((run.code, run.stdout.as_slice()), (0, &b"abc"[..]), "{}", run.stderr);
    assert!(run.stderr.contains("note: at offset 36: 'data' has an odd size (3)"), "{}", run.stderr);
    // A chunk cut short is still a warning and exit status 1.
    let mut cut = dir.path("odd.wav");
    cut.set_file_name("cut.wav");
    std::fs::write(&cut, raw(b"RIFF", body.len() as u32, &[&b"WAVE"[..], &fmt, &raw(b"data", 5, b"abc")].concat()))
        .unwrap();
    let run = mmio(&dir.0, &["extract", "cut.wav", "data"]);
    assert_eq!((run.code, run.stdout.as_slice()), (1, &b"abc"[..]), "{}", run.stderr);
    assert!(run.stderr.contains("warning: at offset 36"), "{}", run.stderr);
}

#[test]
fn webp_cursor_and_midi_in_json() {
    let fixtures = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/real"));
    let json = |name: &str| {
        let run = mmio(fixtures, &["info", "--json", name]);
        assert_eq!(run.code, 0, "{name}");
        run.json()
    };
    let webp = |name: &str| json(name)["webp"].clone();
    let expect = |v: &Value, w: u64, h: u64, kind: &str, alpha: bool, animated: bool, frames: u64| {
        assert_eq!(
            (v["width"].as_u64(), v["height"].as_u64(), v["kind"].as_str()),
            (Some(w), Some(h), Some(kind)),
            "{v}"
        );
        assert_eq!(
            (v["alpha"].as_bool(), v["animated"].as_bool(), v["frames"].as_u64()),
            (Some(alpha), Some(animated), Some(frames)),
            "{v}"
        );
    };
    // The values cwebp and img2webp were asked for (fixtures/real/README.md).
    expect(&webp("lossy-vp8.webp"), 64, 48, "lossy", false, false, 1);
    expect(&webp("lossless-vp8l.webp"), 33, 17, "lossless", false, false, 1);
    expect(&webp("alpha-vp8x.webp"), 40, 30, "lossy", true, false, 1);
    expect(&webp("animated-vp8x.webp"), 24, 16, "lossy", false, true, 3);
    let cursor = json("cursor.ani");
    assert_eq!(cursor["cursor"]["frames"], 2);
    assert_eq!((cursor["cursor"]["steps"].as_u64(), cursor["cursor"]["icons"].as_u64()), (Some(3), Some(2)));
    assert_eq!(cursor["tags"]["INAM"], "mmio cursor");
    let midi = json("song.rmi");
    assert_eq!(midi["midi"], serde_json::json!({"format": 0, "tracks": 1, "ticks_per_quarter": 96}));
}

/// A fixed-size text field: the bytes, then zeros.
fn field(text: &str, size: usize) -> Vec<u8> {
    let mut out = text.as_bytes().to_vec();
    out.resize(size, 0);
    out
}

#[test]
fn broadcast_wave_cue_points_and_sampler_data() {
    let dir = Scratch::new("meaning-metadata");
    // bext version 2, by hand (EBU Tech 3285): texts, time reference, version, UMID,
    // loudness in hundredths, 180 reserved bytes, coding history.
    let mut bext = [field("Interview, take 3", 256), field("Field recorder", 32), field("REF-42", 32)].concat();
    bext.extend(field("2024-05-01", 10));
    bext.extend(field("14:30:00", 8));
    bext.extend((48_000u64 * 3600 * 14 + 24_000).to_le_bytes());
    bext.extend(2u16.to_le_bytes());
    bext.extend((0..64u8).collect::<Vec<u8>>());
    for loudness in [-2300i16, 500, -100, -1800, 0x7FFF] {
        bext.extend(loudness.to_le_bytes());
    }
    bext.extend([0; 180]);
    bext.extend(b"A=PCM,F=48000,W=16,M=mono\r\nA=PCM,F=48000,W=16,M=mono,T=mmio\r\n");
    // Two cue points, labelled in LIST adtl (one with a note), a sampler loop, acid.
    let point =
        |id: u32, frame: u32| [id, frame, u32::from_le_bytes(*b"data"), 0, 0, frame].map(u32::to_le_bytes).concat();
    let cue = [2u32.to_le_bytes().to_vec(), point(1, 4_800), point(2, 36_000)].concat();
    let adtl = list(
        b"LIST",
        b"adtl",
        &[
            chunk(b"labl", &[&1u32.to_le_bytes()[..], b"first call\0"].concat()),
            chunk(b"labl", &[&2u32.to_le_bytes()[..], b"answer\0"].concat()),
            chunk(b"note", &[&2u32.to_le_bytes()[..], b"from the left\0"].concat()),
        ],
    );
    let smpl = [&[0u32, 0, 20_833, 60, 0, 0, 0, 1, 0][..], &[7, 0, 1_000, 9_999, 0, 0]].concat();
    let smpl: Vec<u8> = smpl.into_iter().flat_map(u32::to_le_bytes).collect();
    let mut acid = [3u32.to_le_bytes().to_vec(), 57u16.to_le_bytes().to_vec(), vec![0x00, 0x80]].concat();
    acid.extend(0f32.to_le_bytes());
    acid.extend(8u32.to_le_bytes());
    acid.extend([4, 0, 3, 0]);
    acid.extend(96.5f32.to_le_bytes());
    let ixml = b"<BWFXML><PROJECT>birds</PROJECT></BWFXML>";
    let file = list(
        b"RIFF",
        b"WAVE",
        &[
            chunk(b"bext", &bext),
            chunk(b"fmt ", &wave_format(1, 1, 48_000, 16, 2, None)),
            chunk(b"iXML", ixml),
            chunk(b"cue ", &cue),
            adtl,
            chunk(b"smpl", &smpl),
            chunk(b"acid", &acid),
            chunk(b"data", &pattern(48_000 * 2, 10)),
        ],
    );
    dir.write("bwf.wav", &file);
    let json = info_json(&dir, "bwf.wav");
    let bext = &json["bext"];
    assert_eq!(
        (bext["description"].as_str(), bext["originator"].as_str(), bext["originator_reference"].as_str()),
        (Some("Interview, take 3"), Some("Field recorder"), Some("REF-42"))
    );
    assert_eq!(
        (bext["origination_date"].as_str(), bext["origination_time"].as_str()),
        (Some("2024-05-01"), Some("14:30:00"))
    );
    assert_eq!(
        (bext["time_reference"].as_u64(), bext["time_reference_s"].as_f64()),
        (Some(2_419_224_000), Some(50_400.5))
    );
    assert_eq!(bext["version"], 2);
    assert_eq!(bext["umid"].as_str().unwrap(), (0..64u8).map(|b| format!("{b:02x}")).collect::<String>());
    assert_eq!((bext["loudness_value"].as_f64(), bext["loudness_range"].as_f64()), (Some(-23.0), Some(5.0)));
    assert_eq!(
        (bext["max_true_peak_level"].as_f64(), bext["max_momentary_loudness"].as_f64()),
        (Some(-1.0), Some(-18.0))
    );
    assert_eq!(bext.get("max_short_term_loudness"), None, "not measured");
    assert!(bext["coding_history"].as_str().unwrap().starts_with("A=PCM,F=48000,W=16,M=mono\r\n"));
    assert_eq!(json["ixml"], std::str::from_utf8(ixml).unwrap());
    let cues = json["cue"].as_array().unwrap();
    assert_eq!(cues.len(), 2);
    assert_eq!(
        (cues[0]["id"].as_u64(), cues[0]["position"].as_u64(), cues[0]["seconds"].as_f64()),
        (Some(1), Some(4_800), Some(0.1))
    );
    assert_eq!((cues[0]["label"].as_str(), cues[0].get("note")), (Some("first call"), None));
    assert_eq!((cues[1]["label"].as_str(), cues[1]["note"].as_str()), (Some("answer"), Some("from the left")));
    let smpl = &json["smpl"];
    assert_eq!((smpl["midi_unity_note"].as_u64(), smpl["sample_period"].as_u64()), (Some(60), Some(20_833)));
    assert_eq!(
        smpl["loops"],
        serde_json::json!([{"id": 7, "type": "forward", "start": 1000, "end": 9999, "fraction": 0, "play_count": 0}])
    );
    let acid = &json["acid"];
    assert_eq!(
        (acid["tempo"].as_f64(), acid["beats"].as_u64(), acid["root_note"].as_u64()),
        (Some(96.5), Some(8), Some(57))
    );
    assert_eq!(
        (acid["meter_numerator"].as_u64(), acid["meter_denominator"].as_u64(), acid["one_shot"].as_bool()),
        (Some(3), Some(4), Some(true))
    );
    // The same in words.
    let text = mmio(&dir.0, &["info", "bwf.wav"]).text();
    for line in [
        "  bext:     \"Interview, take 3\" by \"Field recorder\" (reference \"REF-42\"), 2024-05-01 14:30:00, version 2\n",
        "            starts at sample 2419224000 (14:00:00.500 into the day)\n",
        "            loudness: integrated -23.00 LUFS, range 5.00 LU, true peak -1.00 dBTP, momentary max -18.00 LUFS\n",
        "            history: A=PCM,F=48000,W=16,M=mono,T=mmio\n",
        "  iXML:     41 bytes of XML\n",
        "  cues:     1 at frame 4800 (0:00:00.100): \"first call\"\n",
        "            2 at frame 36000 (0:00:00.750): \"answer\", note \"from the left\"\n",
        "  sampler:  unity note 60, 1 loop: forward 1000 to 9999, forever\n",
        "  acid:     96.50 BPM, 8 beats, 3/4, root note 57, one-shot\n",
    ] {
        assert!(text.contains(line), "no {line:?} in\n{text}");
    }
    assert_check(&dir, "bwf.wav", &[]);
}

#[test]
fn count_fields_that_disagree_with_the_data() {
    let dir = Scratch::new("meaning-counts");
    // Float needs a fact chunk; this one says 100 frames where the data holds 480.
    let file = list(
        b"RIFF",
        b"WAVE",
        &[
            chunk(b"fmt ", &wave_format(3, 1, 48_000, 32, 4, Some(0))),
            chunk(b"fact", &100u32.to_le_bytes()),
            chunk(b"data", &pattern(480 * 4, 11)),
        ],
    );
    dir.write("fact.wav", &file);
    let text = assert_check(&dir, "fact.wav", &[("stale-count", "0/1")]);
    assert_eq!(
        text,
        "fact.wav: offset 46, chunk 0/1: stale-count: the sample length of 'fact' is 100, the data holds 480\n"
    );
    // info still counts the frames of float data from its size.
    assert_eq!(info_json(&dir, "fact.wav")["frames"], 480);
}
