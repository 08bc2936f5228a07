//! The tool on files made by real encoders (ffmpeg, sox, cwebp, img2webp, csvmidi and
//! icotool: `tests/fixtures/real/README.md` says how), and on broken copies of them made
//! here: cut at many points, sizes zeroed or set to the 0xFFFFFFFF of streaming writers,
//! garbage appended.
//!
//! The expectations come from outside the tool: the values chosen when encoding (rates,
//! channels, dimensions, frame counts) and this file's own small RIFF parser, which reads
//! the well-formed originals and says where each chunk is and which problems a cut
//! must cause.

mod support;

use std::path::Path;

use serde_json::Value;
use support::{Run, Scratch, mmio};

/// What the encoder was asked for, for one fixture.
struct Fixture {
    name: &'static str,
    /// The WAVE format chosen, if a WAVE file.
    wave: Option<Wave>,
    /// Texts `mmio info` must print, built from the values chosen.
    facts: &'static [&'static str],
    /// Chunks to extract, with the bytes their data starts with.
    extracts: &'static [(&'static str, &'static [u8])],
}

/// A WAVE format as chosen on the encoder's command line.
struct Wave {
    tag: u16,
    channels: u16,
    rate: u32,
    bits: u16,
    frames: u64,
    /// `H:MM:SS.mmm` of frames / rate.
    duration: &'static str,
}

const FIXTURES: &[Fixture] = &[
    Fixture {
        name: "pcm16-stereo.wav",
        wave: Some(Wave { tag: 1, channels: 2, rate: 8000, bits: 16, frames: 4000, duration: "0:00:00.500" }),
        facts: &["PCM, 2 channels, 8000 Hz, 16 bits"],
        extracts: &[("RIFF:WAVE/data", b""), ("RIFF/fmt", &[1, 0, 2, 0])],
    },
    Fixture {
        name: "float32.wav",
        wave: Some(Wave { tag: 3, channels: 1, rate: 11025, bits: 32, frames: 2205, duration: "0:00:00.200" }),
        facts: &["IEEE float, 1 channel, 11025 Hz, 32 bits"],
        extracts: &[("RIFF:WAVE/data", b""), ("RIFF/fact", &[0x9d, 0x08, 0, 0])],
    },
    Fixture {
        name: "extensible-5.1-24bit.wav",
        wave: Some(Wave { tag: 0xFFFE, channels: 6, rate: 8000, bits: 24, frames: 800, duration: "0:00:00.100" }),
        // 5.1 is FL FR FC LFE BL BR: mask 0x3F.
        facts: &[
            "EXTENSIBLE, sub-format PCM, 24 valid bits, channel mask 0x3F (FL FR FC LFE BL BR), 6 channels, 8000 Hz, 24 bits",
        ],
        extracts: &[("RIFF:WAVE/data", b"")],
    },
    Fixture {
        name: "info-tags-u8.wav",
        wave: Some(Wave { tag: 1, channels: 1, rate: 8000, bits: 8, frames: 2401, duration: "0:00:00.300" }),
        facts: &[
            "PCM, 1 channel, 8000 Hz, 8 bits",
            "INAM (title) \"Real Title\"",
            "IART (artist) \"mmio tests\"",
            "ICMT (comment) \"odd sized\"",
        ],
        extracts: &[("RIFF:WAVE/data", b""), ("RIFF/LIST:INFO/INAM", b"Real Title\0")],
    },
    Fixture {
        name: "rf64-s16.wav",
        wave: Some(Wave { tag: 1, channels: 1, rate: 16000, bits: 16, frames: 1600, duration: "0:00:00.100" }),
        facts: &["RF64 'WAVE' at 0", "PCM, 1 channel, 16000 Hz, 16 bits"],
        extracts: &[("RF64:WAVE/data", b"")],
    },
    Fixture {
        name: "mjpeg-pcm.avi",
        wave: None,
        facts: &[
            "video:    64x48, 10.000 fps, 5 frames, 0:00:00.500, 2 streams",
            "stream 0: vids 'MJPG', 10.000/s, length 5: 64x48, 24 bits, 'MJPG'",
            "auds",
            "PCM, 1 channel, 8000 Hz, 16 bits",
        ],
        // MJPEG frames are JPEG images (SOI marker); movi holds 5 of them and the sound.
        extracts: &[("RIFF:AVI/LIST:movi", b"00dc"), ("RIFF/LIST:movi/00dc[4]", &[0xFF, 0xD8]), ("RIFF/idx1", b"00dc")],
    },
    Fixture {
        name: "lossy-vp8.webp",
        wave: None,
        facts: &["lossy (VP8), 64x48"],
        // A key frame: bit 0 of the frame tag clear, then the start code 9D 01 2A.
        extracts: &[("RIFF:WEBP/VP8", b"")],
    },
    Fixture {
        name: "lossless-vp8l.webp",
        wave: None,
        facts: &["lossless (VP8L), 33x17"],
        extracts: &[("RIFF:WEBP/VP8L", &[0x2F])],
    },
    Fixture {
        name: "alpha-vp8x.webp",
        wave: None,
        facts: &["extended (VP8X), canvas 40x30 (alpha)", "lossy (VP8), 40x30"],
        extracts: &[("RIFF/VP8X", &[0x10]), ("RIFF/ALPH", b""), ("RIFF/VP8", b"")],
    },
    Fixture {
        name: "animated-vp8x.webp",
        wave: None,
        facts: &["extended (VP8X), canvas 24x16 (animation)", "frames:   3"],
        extracts: &[("RIFF/ANIM", b""), ("RIFF/ANMF[2]", b"")],
    },
    Fixture {
        name: "song.rmi",
        wave: None,
        facts: &["RIFF 'RMID' at 0", "midi:     Standard MIDI File, format 0, 1 track, 96 ticks per quarter note"],
        extracts: &[("RIFF:RMID/data", b"MThd\0\0\0\x06\0\0\0\x01\0\x60")],
    },
    Fixture {
        name: "cursor.ani",
        wave: None,
        facts: &["cursor:   2 frames, 3 steps", "10 jiffies per step", "icons:    2", "INAM (title) \"mmio cursor\""],
        // An icon chunk holds a .CUR file: reserved 0, type 2 (cursor), 1 image.
        extracts: &[("RIFF:ACON/anih", &[36, 0, 0, 0, 2, 0, 0, 0, 3]), ("RIFF/LIST:fram/icon[1]", &[0, 0, 2, 0, 1, 0])],
    },
];

/// The directory of the fixtures.
fn fixtures() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/real"))
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(fixtures().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().unwrap())
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().unwrap())
}

/// A chunk of a well-formed file, as this test's own parser reads it.
#[derive(Debug, Clone)]
struct Parsed {
    id: [u8; 4],
    offset: usize,
    /// The declared size (from ds64 in an RF64 file).
    size: usize,
    form: Option<[u8; 4]>,
    children: Vec<Parsed>,
}

impl Parsed {
    fn data_offset(&self) -> usize {
        self.offset + 8
    }

    fn end(&self) -> usize {
        self.data_offset() + self.size
    }

    /// This chunk and all below it, in file order.
    fn all(&self) -> Vec<&Parsed> {
        let mut out = vec![self];
        for child in &self.children {
            out.extend(child.all());
        }
        out
    }
}

/// Parses the chunks of `bytes[start..end]`, which must be well formed. In an RF64 file
/// `ds64` gives riffSize and dataSize for the 0xFFFFFFFF size fields.
fn parse(bytes: &[u8], start: usize, end: usize, ds64: Option<(u64, u64)>) -> Vec<Parsed> {
    let mut chunks = Vec::new();
    let mut at = start;
    while at < end {
        assert!(end - at >= 8, "not well formed at {at}");
        let id: [u8; 4] = bytes[at..at + 4].try_into().unwrap();
        let mut size = u32_at(bytes, at + 4) as usize;
        if let (Some((riff, data)), u32::MAX) = (ds64, size as u32) {
            size = if &id == b"data" { data } else { riff } as usize;
        }
        assert!(at + 8 + size <= end, "not well formed at {at}");
        let container = matches!(&id, b"RIFF" | b"RF64" | b"LIST");
        let (form, children) = if container {
            (Some(bytes[at + 8..at + 12].try_into().unwrap()), parse(bytes, at + 12, at + 8 + size, ds64))
        } else {
            (None, Vec::new())
        };
        chunks.push(Parsed { id, offset: at, size, form, children });
        at += 8 + size + size % 2;
    }
    chunks
}

/// The chunk tree of a whole well-formed file.
fn parse_file(bytes: &[u8]) -> Parsed {
    let ds64 = bytes.starts_with(b"RF64").then(|| (u64_at(bytes, 20), u64_at(bytes, 28)));
    let mut top = parse(bytes, 0, bytes.len(), ds64);
    assert_eq!(top.len(), 1, "one form per fixture");
    top.remove(0)
}

/// Finds the chunk named by a path of `id`, `id:form` and `id[n]` segments.
fn find<'a>(root: &'a Parsed, path: &str) -> &'a Parsed {
    // The first segment names the form itself.
    let mut chunk = root;
    for segment in path.split('/').skip(1) {
        let (name, nth) = match segment.strip_suffix(']').and_then(|s| s.split_once('[')) {
            Some((name, n)) => (name, n.parse().unwrap()),
            None => (segment, 0),
        };
        let (id, form) = name.split_once(':').map_or((name, None), |(id, form)| (id, Some(form)));
        let padded = |s: &str| format!("{s:<4}").into_bytes();
        chunk = chunk
            .children
            .iter()
            .filter(|c| {
                c.id[..] == padded(id)[..] && form.is_none_or(|f| c.form.map(|k| k.to_vec()) == Some(padded(f)))
            })
            .nth(nth)
            .unwrap_or_else(|| panic!("{path}: no {segment}"));
    }
    chunk
}

/// The problems (offset, kind) the contract gives a copy of the well-formed `chunks`
/// cut at `cut`, in the contract's order.
fn problems_after_cut(chunks: &[Parsed], cut: usize, out: &mut Vec<Kind>) {
    for c in chunks {
        if c.offset >= cut {
            return;
        }
        if cut - c.offset < 8 {
            out.push((c.offset as u64, "trailing".into()));
            return;
        }
        if c.end() > cut {
            out.push((c.offset as u64, "truncated".into()));
            if c.form.is_some() && c.offset + 12 <= cut {
                problems_after_cut(&c.children, cut, out);
            }
            return;
        }
        if c.end() == cut && c.size % 2 == 1 {
            out.push((c.offset as u64, "missing-pad".into()));
        }
    }
}

/// A problem as (offset, kind).
type Kind = (u64, String);

/// The problems of `tree --json` as (offset, kind).
fn problems(json: &Value) -> Vec<Kind> {
    json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["offset"].as_u64().unwrap(), p["kind"].as_str().unwrap().to_string()))
        .collect()
}

/// Compares a CHUNK of the JSON with the parser's chunk, recursively.
fn same_tree(json: &Value, parsed: &Parsed, name: &str) {
    let id: String = parsed.id.iter().map(|&b| char::from(b)).collect();
    assert_eq!(json["id"], id.as_str(), "{name} at {}", parsed.offset);
    assert_eq!(json["offset"], parsed.offset, "{name}: {id}");
    assert_eq!(json["size"], parsed.size, "{name}: {id} at {}", parsed.offset);
    assert_eq!(json["data_offset"], parsed.data_offset(), "{name}: {id}");
    let form = parsed.form.map(|f| f.iter().map(|&b| char::from(b)).collect::<String>());
    assert_eq!(json["form"].as_str(), form.as_deref(), "{name}: {id} at {}", parsed.offset);
    let children = json["children"].as_array().map_or(&[][..], Vec::as_slice);
    assert_eq!(children.len(), parsed.children.len(), "{name}: children of {id} at {}", parsed.offset);
    for (j, p) in children.iter().zip(&parsed.children) {
        same_tree(j, p, name);
    }
}

/// The numeric path (`0/3/1`) of the chunk at `offset`, from the JSON tree.
fn numeric_path(chunks: &[Value], offset: u64) -> Option<String> {
    for (i, c) in chunks.iter().enumerate() {
        if c["offset"] == offset {
            return Some(i.to_string());
        }
        if let Some(rest) = c["children"].as_array().and_then(|children| numeric_path(children, offset)) {
            return Some(format!("{i}/{rest}"));
        }
    }
    None
}

/// Runs the tool on a fixture, in its directory.
fn on_fixture(args: &[&str]) -> Run {
    mmio(fixtures(), args)
}

#[test]
fn every_fixture_is_small_and_listed_in_the_readme() {
    let readme = std::fs::read_to_string(fixtures().join("README.md")).unwrap();
    let make = std::fs::read_to_string(fixtures().join("make.sh")).unwrap();
    let mut total = 0;
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name == "README.md" || name == "make.sh" {
            continue;
        }
        let len = read(&name).len();
        assert!(len < 64 * 1024, "{name}: {len} bytes");
        assert!(readme.contains(&name) && make.contains(&name), "{name} is not in the README and make.sh");
        assert!(name == "piped-s16.wav" || FIXTURES.iter().any(|f| f.name == name), "{name} is not tested");
        total += len;
    }
    assert!(total < 400 * 1024, "{total} bytes of fixtures");
}

#[test]
fn tree_json_matches_an_independent_parse() {
    for fixture in FIXTURES {
        let bytes = read(fixture.name);
        let run = on_fixture(&["tree", "--json", fixture.name]);
        assert_eq!(run.code, 0, "{}: {}", fixture.name, run.text());
        let json = run.json();
        assert_eq!(json["size"], bytes.len(), "{}", fixture.name);
        assert_eq!(json["byte_order"], "little");
        assert_eq!(problems(&json), [], "{}", fixture.name);
        let chunks = json["chunks"].as_array().unwrap();
        assert_eq!(chunks.len(), 1, "{}", fixture.name);
        same_tree(&chunks[0], &parse_file(&bytes), fixture.name);
        // The text tree and check agree.
        let text = on_fixture(&["tree", fixture.name]);
        assert_eq!(text.code, 0, "{}", fixture.name);
        assert!(text.text().ends_with(" 0 problems\n"), "{}", text.text());
        let check = on_fixture(&["check", fixture.name]);
        let count = parse_file(&bytes).all().len();
        assert_eq!((check.code, check.text()), (0, format!("{}: ok ({count} chunks)\n", fixture.name)));
    }
}

#[test]
fn wave_fixtures_hold_the_format_chosen() {
    for fixture in FIXTURES {
        let Some(wave) = &fixture.wave else { continue };
        let bytes = read(fixture.name);
        let root = parse_file(&bytes);
        // The file itself, read without the tool.
        let fmt = &bytes[find(&root, "RIFF/fmt").data_offset()..];
        assert_eq!(
            (u16::from_le_bytes([fmt[0], fmt[1]]), u16::from_le_bytes([fmt[2], fmt[3]]), u32_at(fmt, 4)),
            (wave.tag, wave.channels, wave.rate),
            "{}",
            fixture.name
        );
        let align = u64::from(wave.channels) * u64::from(wave.bits / 8);
        assert_eq!(u16::from_le_bytes([fmt[12], fmt[13]]), align as u16, "{}", fixture.name);
        assert_eq!(find(&root, "RIFF/data").size as u64, wave.frames * align, "{}", fixture.name);
        // What info says about it.
        let info = on_fixture(&["info", fixture.name]);
        assert_eq!(info.code, 0, "{}: {}", fixture.name, info.text());
        let text = info.text();
        let plural = if wave.channels == 1 { "" } else { "s" };
        for fact in [
            format!("{} channel{plural}, {} Hz, {} bits", wave.channels, wave.rate, wave.bits),
            format!("block {align}"),
            "data:     ".to_string(),
            format!("duration: {} ({} frames, from the data size)", wave.duration, wave.frames),
        ] {
            assert!(text.contains(&fact), "{}: no {fact:?} in\n{text}", fixture.name);
        }
    }
}

#[test]
fn info_reports_the_values_chosen_when_encoding() {
    for fixture in FIXTURES {
        let info = on_fixture(&["info", fixture.name]);
        assert_eq!(info.code, 0, "{}: {}{}", fixture.name, info.text(), info.stderr);
        let text = info.text();
        assert!(text.starts_with(&format!("{}: ", fixture.name)), "{text}");
        for fact in fixture.facts {
            assert!(text.contains(fact), "{}: no {fact:?} in\n{text}", fixture.name);
        }
    }
}

#[test]
fn extract_gives_the_bytes_at_the_offsets_tree_reports() {
    let dir = Scratch::new("real-extract");
    for fixture in FIXTURES {
        let bytes = read(fixture.name);
        let root = parse_file(&bytes);
        let json = on_fixture(&["tree", "--json", fixture.name]).json();
        for &(path, starts) in fixture.extracts {
            let chunk = find(&root, path);
            // The data after the form type of a container, as sliced from the file.
            let body = chunk.data_offset() + if chunk.form.is_some() { 4 } else { 0 };
            let expected = &bytes[body..chunk.end()];
            assert!(expected.starts_with(starts), "{}: {path} starts with {:02X?}", fixture.name, expected.get(..8));
            let numeric = numeric_path(json["chunks"].as_array().unwrap(), chunk.offset as u64).unwrap();
            for p in [path, &numeric] {
                let run = on_fixture(&["extract", fixture.name, p]);
                assert_eq!(run.code, 0, "{}: {p}: {}", fixture.name, run.stderr);
                assert!(
                    run.stdout == expected,
                    "{}: extract {p} differs from bytes {body}..{}",
                    fixture.name,
                    chunk.end()
                );
            }
            let out = dir.path("chunk.bin");
            let run =
                on_fixture(&["extract", fixture.name, path, "--with-header", "--force", "-o", out.to_str().unwrap()]);
            assert_eq!(run.code, 0, "{}: {path}: {}", fixture.name, run.stderr);
            assert!(std::fs::read(&out).unwrap() == bytes[chunk.offset..chunk.end()], "{}: {path}", fixture.name);
        }
        // A VP8 key frame: a 3-byte frame tag, then the start code 9D 01 2A.
        if let Some(vp8) = root.children.iter().find(|c| &c.id == b"VP8 ") {
            assert_eq!(bytes[vp8.data_offset()] & 1, 0, "{}", fixture.name);
            assert_eq!(bytes[vp8.data_offset() + 3..][..3], [0x9D, 0x01, 0x2A], "{}", fixture.name);
        }
    }
}

/// Every command on a broken file: no panic, the exit status it must have (`info`
/// explains what it can of a RIFF file: its problems are listed, not fatal).
fn every_command(dir: &Scratch, name: &str, what: &str) {
    let bytes = std::fs::read(dir.path(name)).unwrap();
    let riff = [&b"RIFF"[..], b"RIFX", b"RF64", b"BW64"].iter().any(|magic| bytes.starts_with(magic));
    for (args, codes) in [
        (&["tree", name][..], &[1][..]),
        (&["info", name], if riff { &[0] } else { &[1] }),
        (&["check", name], &[1]),
        (&["extract", name, "0/0", "-o", "x.bin", "--force"], &[0, 1, 2]),
        (&["extract", name, "0/data"], &[0, 1, 2]),
    ] {
        let run = mmio(&dir.0, args);
        assert!(!run.stderr.contains("panicked"), "{what}: {args:?}: {}", run.stderr);
        assert!(codes.contains(&run.code), "{what}: {args:?} exited {}: {}{}", run.code, run.text(), run.stderr);
    }
}

/// `tree --json` of a broken file: exit 1 and these problems.
fn assert_problems(dir: &Scratch, name: &str, what: &str, expected: &[Kind]) {
    let run = mmio(&dir.0, &["tree", "--json", name]);
    assert_eq!(run.code, 1, "{what}: {}", run.text());
    assert_eq!(problems(&run.json()), expected, "{what}");
    every_command(dir, name, what);
}

/// Repairs `name` into `fixed.bin`: exit 0, the structure of the result is clean
/// (`tree`; a cut may leave a partial last frame that `check` reports: repair keeps
/// every byte); returns it.
fn repaired(dir: &Scratch, name: &str, what: &str) -> Vec<u8> {
    let _ = std::fs::remove_file(dir.path("fixed.bin"));
    let run = mmio(&dir.0, &["repair", name, "-o", "fixed.bin"]);
    assert_eq!(run.code, 0, "{what}: {}{}", run.text(), run.stderr);
    let tree = mmio(&dir.0, &["tree", "fixed.bin"]);
    assert_eq!(tree.code, 0, "{what}: repaired, but {}", tree.text());
    std::fs::read(dir.path("fixed.bin")).unwrap()
}

/// The chunk of the repaired file's tree at `offset`.
fn chunk_at(chunks: &[Value], offset: usize) -> Option<&Value> {
    chunks.iter().find_map(|c| {
        if c["offset"] == offset {
            Some(c)
        } else {
            chunk_at(c["children"].as_array().map_or(&[][..], Vec::as_slice), offset)
        }
    })
}

/// The cuts tried on a file: inside each chunk's header, inside each container's form
/// type, in the middle of each chunk's data, right after each header, and before the
/// last byte.
fn cuts(root: &Parsed, len: usize) -> Vec<usize> {
    let mut cuts: Vec<usize> = root
        .all()
        .iter()
        .flat_map(|c| {
            let mut at = vec![c.offset + 3, c.data_offset(), c.data_offset() + c.size / 2];
            if c.form.is_some() {
                at.push(c.offset + 10);
            }
            at
        })
        .chain([len - 1])
        .filter(|&cut| cut > 0 && cut < len)
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    cuts
}

#[test]
fn cut_files_report_truncation_and_repair_keeps_every_byte() {
    let dir = Scratch::new("real-cut");
    for fixture in FIXTURES {
        let bytes = read(fixture.name);
        let root = parse_file(&bytes);
        let rf64 = bytes.starts_with(b"RF64");
        let wave_data = fixture.wave.as_ref().map(|_| find(&root, "RIFF/data"));
        let movi = fixture.name.ends_with(".avi").then(|| find(&root, "RIFF/LIST:movi"));
        for cut in cuts(&root, bytes.len()) {
            let what = format!("{} cut at {cut}", fixture.name);
            let broken = &bytes[..cut];
            dir.write("cut.bin", broken);
            let mut expected = Vec::new();
            if rf64 && (4..48).contains(&cut) {
                // No room for the ds64 chunk: nothing can be trusted or repaired.
                let run = mmio(&dir.0, &["tree", "--json", "cut.bin"]);
                assert_eq!(problems(&run.json()).first(), Some(&(0, "bad-ds64".to_string())), "{what}");
                every_command(&dir, "cut.bin", &what);
                let run = mmio(&dir.0, &["repair", "cut.bin", "-o", "fixed.bin"]);
                assert_eq!(run.code, 1, "{what}: {}", run.text());
                continue;
            }
            if cut < 4 {
                expected.push((0, "not-riff".to_string()));
            } else {
                problems_after_cut(std::slice::from_ref(&root), cut, &mut expected);
            }
            assert_problems(&dir, "cut.bin", &what, &expected);
            let _ = std::fs::remove_file(dir.path("fixed.bin"));
            if cut < 12 {
                // Not even the form type is there: nothing to keep.
                let run = mmio(&dir.0, &["repair", "cut.bin", "-o", "fixed.bin"]);
                assert_eq!(run.code, 1, "{what}: {}", run.text());
                let reason = if cut < 4 { "not a RIFF file" } else { "there is nothing to keep" };
                assert!(run.stderr.starts_with("mmio: cut.bin: at offset 0: cannot repair"), "{what}: {}", run.stderr);
                assert!(run.stderr.contains(reason), "{what}: {}", run.stderr);
                assert!(!dir.path("fixed.bin").exists(), "{what}");
                continue;
            }
            if wave_data.is_some_and(|data| cut < data.data_offset())
                || movi.is_some_and(|movi| cut < movi.data_offset() + 4)
            {
                // Cut before the samples or the frames: the result has no 'data' chunk
                // or 'LIST movi', and says so.
                let run = mmio(&dir.0, &["repair", "cut.bin", "-o", "fixed.bin"]);
                assert_eq!(run.code, 1, "{what}: {}", run.text());
                assert!(run.stderr.contains("missing-chunk"), "{what}: {}", run.stderr);
                assert!(dir.path("fixed.bin").exists(), "{what}");
                continue;
            }
            if let (Some(data), Some(wave)) = (wave_data, &fixture.wave) {
                // info tells how much sound is left: whole frames of what is there.
                let align = usize::from(wave.channels) * usize::from(wave.bits / 8);
                let frames = (cut.min(data.end()) - data.data_offset()) / align;
                let info = mmio(&dir.0, &["info", "cut.bin"]).text();
                assert!(info.contains(&format!("({frames} frames, from the data size)")), "{what}: {info}");
            }
            let fixed = repaired(&dir, "cut.bin", &what);
            // A repair that exits 0 gives a file check accepts (notes aside).
            let check = mmio(&dir.0, &["check", "fixed.bin"]);
            assert_eq!(check.code, 0, "{what}: repaired, but {}", check.text());
            let tree = mmio(&dir.0, &["tree", "--json", "fixed.bin"]).json();
            let chunks = tree["chunks"].as_array().unwrap();
            // Every chunk whose header survived is there, and every leaf with every byte
            // of its data.
            for c in root.all() {
                let body = c.data_offset() + if c.form.is_some() { 4 } else { 0 };
                if body > cut {
                    continue;
                }
                let json =
                    chunk_at(chunks, c.offset).unwrap_or_else(|| panic!("{what}: lost the chunk at {}", c.offset));
                let form = c.form.map(|f| f.iter().map(|&b| char::from(b)).collect::<String>());
                assert_eq!(json["form"].as_str(), form.as_deref(), "{what}: the chunk at {}", c.offset);
                if c.form.is_some() {
                    continue;
                }
                let present = c.size.min(cut - c.data_offset());
                assert_eq!(json["size"], present, "{what}: the chunk at {}", c.offset);
                if &c.id == b"ds64" {
                    // It holds the sizes the repair changes.
                    continue;
                }
                // Count fields the repair may set to what the data holds; nothing else.
                let count = match &c.id {
                    b"fact" | b"dmlh" => Some(0..4),
                    // Its flags (AVIF_HASINDEX, when the cut took the index) and total
                    // frames.
                    b"avih" => Some(12..20),
                    b"strh" => Some(32..36),
                    _ => None,
                };
                let (kept, was) = (&fixed[c.data_offset()..][..present], &bytes[c.data_offset()..][..present]);
                let differs = |i: usize| kept[i] != was[i] && !count.as_ref().is_some_and(|r| r.contains(&i));
                assert!(!(0..present).any(differs), "{what}: the data of the chunk at {} changed", c.offset);
            }
            if let Some(data) = wave_data {
                let run = mmio(&dir.0, &["extract", "fixed.bin", "0/data"]);
                assert!(run.stdout == bytes[data.data_offset()..cut.min(data.end())], "{what}: {}", run.stderr);
            }
        }
    }
}

#[test]
fn placeholder_sizes_are_found_and_repaired_to_the_original() {
    let dir = Scratch::new("real-placeholder");
    for fixture in FIXTURES {
        let bytes = read(fixture.name);
        let root = parse_file(&bytes);
        let mut variants: Vec<(String, Vec<u8>, Vec<Kind>)> = Vec::new();
        if bytes.starts_with(b"RIFF") {
            // A writer that never came back to the RIFF size.
            let mut zero = bytes.clone();
            zero[4..8].fill(0);
            variants.push(("RIFF size 0".into(), zero, vec![(0, "size-placeholder".into())]));
            let mut all_ones = bytes.clone();
            all_ones[4..8].fill(0xFF);
            variants.push(("RIFF size 0xFFFFFFFF".into(), all_ones, vec![(0, "size-placeholder".into())]));
        } else {
            // RF64: a riffSize of 0 in the ds64 chunk.
            let mut zero = bytes.clone();
            zero[20..28].fill(0);
            // A streaming writer's placeholder: the form runs to the end of the file.
            variants.push(("ds64 riffSize 0".into(), zero, vec![(0, "size-placeholder".into())]));
        }
        for (what, broken, expected) in variants {
            let what = format!("{}: {what}", fixture.name);
            dir.write("broken.bin", &broken);
            assert_problems(&dir, "broken.bin", &what, &expected);
            assert!(repaired(&dir, "broken.bin", &what) == bytes, "{what}: not the original");
        }
        // A data chunk whose size was never written: it runs to the end of the file. Its
        // frames tell a pad byte from a sample: an odd size happens with 1-byte frames,
        // where the pad byte is 0 and silence 0x80.
        let Some(data) = fixture.wave.as_ref().map(|_| find(&root, "RIFF/data")) else { continue };
        assert_eq!(data.end() + data.size % 2, bytes.len(), "{}: data is the last chunk", fixture.name);
        let mut broken = bytes.clone();
        if bytes.starts_with(b"RF64") {
            // RF64: the size field stays 0xFFFFFFFF and the ds64 dataSize is 0.
            broken[28..36].fill(0);
        } else {
            broken[data.offset + 4..data.offset + 8].fill(0xFF);
            let what = format!("{}: data size 0xFFFFFFFF", fixture.name);
            dir.write("broken.bin", &broken);
            assert_problems(&dir, "broken.bin", &what, &[(data.offset as u64, "size-placeholder".into())]);
        }
        let what = format!("{}: data size never written", fixture.name);
        dir.write("broken.bin", &broken);
        every_command(&dir, "broken.bin", &what);
        let fixed = repaired(&dir, "broken.bin", &what);
        let run = mmio(&dir.0, &["extract", "fixed.bin", "0/data"]);
        assert!(run.stdout == bytes[data.data_offset()..data.end()], "{what}");
        assert!(fixed == bytes, "{what}: not the original");
    }
}

#[test]
fn the_piped_wav_of_a_streaming_writer_is_repaired() {
    // ffmpeg writing to a pipe cannot seek back: both sizes stay 0xFFFFFFFF.
    let dir = Scratch::new("real-piped");
    let bytes = read("piped-s16.wav");
    dir.write("piped.wav", &bytes);
    let data = 70;
    assert_eq!(&bytes[data..data + 8], b"data\xff\xff\xff\xff");
    assert_problems(&dir, "piped.wav", "piped", &[(0, "size-placeholder".into()), (70, "size-placeholder".into())]);
    let fixed = repaired(&dir, "piped.wav", "piped");
    assert_eq!(fixed.len(), bytes.len());
    assert_eq!(u32_at(&fixed, 4) as usize, bytes.len() - 8);
    // 1200 frames of 16-bit mono were asked for.
    assert_eq!(u32_at(&fixed, data + 4), 2400);
    assert!(fixed[data + 8..] == bytes[data + 8..]);
    let info = mmio(&dir.0, &["info", "fixed.bin"]);
    assert_eq!(info.code, 0);
    assert!(info.text().contains("duration: 0:00:00.150 (1200 frames"), "{}", info.text());
    // Before the repair, info explains the placeholders: what is there, what is declared,
    // and the problems (listed, not fatal).
    let info = mmio(&dir.0, &["info", "piped.wav"]);
    assert_eq!(info.code, 0);
    let text = info.text();
    assert!(text.contains("RIFF 'WAVE' at 0, 2.4 KiB (2470 bytes, declares 4294967295)"), "{text}");
    assert!(text.contains("data:     2.3 KiB (2400 bytes, declares 4294967295)"), "{text}");
    assert!(text.contains("duration: 0:00:00.150 (1200 frames"), "{text}");
    assert!(text.contains("problems: 2\n  offset 0, chunk 0: size-placeholder: "), "{text}");
}

#[test]
fn appended_garbage_is_reported() {
    let dir = Scratch::new("real-garbage");
    for fixture in FIXTURES {
        let bytes = read(fixture.name);
        let len = bytes.len() as u64;
        // Fewer than 8 bytes: no room for a chunk header; repair drops them.
        let mut short = bytes.clone();
        short.extend_from_slice(b"\x01\x02\x03\x04\x05");
        let what = format!("{} + 5 bytes", fixture.name);
        dir.write("garbage.bin", &short);
        assert_problems(&dir, "garbage.bin", &what, &[(len, "trailing".into())]);
        assert!(repaired(&dir, "garbage.bin", &what) == bytes, "{what}: not the original");
        // 8 bytes or more: read as a chunk header with a size that passes the end.
        let mut long = bytes.clone();
        long.extend_from_slice(b"GARBAGE, GARBAGE!");
        let what = format!("{} + 17 bytes", fixture.name);
        dir.write("garbage.bin", &long);
        assert_problems(&dir, "garbage.bin", &what, &[(len, "truncated".into())]);
        let run = mmio(&dir.0, &["check", "garbage.bin"]);
        assert!(
            run.text().starts_with(&format!("garbage.bin: offset {len}, chunk 1: truncated: 'GARB' declares")),
            "{what}"
        );
        // Not a chunk: repair leaves its bytes as they are (its "size" once got patched)
        // and says so.
        let _ = std::fs::remove_file(dir.path("fixed.bin"));
        let run = mmio(&dir.0, &["repair", "garbage.bin", "-o", "fixed.bin"]);
        assert_eq!(run.code, 1, "{what}: {}", run.text());
        assert!(run.stderr.contains("17 bytes after the end of the form that are not a chunk"), "{what}");
        assert!(run.stderr.contains(&format!("garbage.bin: at offset {len}: truncated")), "{what}: {}", run.stderr);
        assert!(std::fs::read(dir.path("fixed.bin")).unwrap() == long, "{what}");
    }
}
