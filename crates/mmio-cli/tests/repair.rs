//! `mmio repair`: damaged files come out passing `mmio check`, with every byte of their
//! data; the input is never touched; refusals write nothing.

mod support;

use std::os::unix::fs::PermissionsExt;

use support::{Scratch, mmio, testfiles};
use testfiles::{chunk, list, pattern, raw};

/// The samples of the PCM test file.
fn samples() -> Vec<u8> {
    pattern(4410 * 4, 1)
}

/// Repairs `name` (holding `bytes`) into `fixed-<name>`; checks the result and that the
/// input is unchanged; returns the repaired bytes.
fn repair(dir: &Scratch, name: &str, bytes: &[u8]) -> Vec<u8> {
    dir.write(name, bytes);
    let out = format!("fixed-{name}");
    let _ = std::fs::remove_file(dir.path(&out));
    let run = mmio(&dir.0, &["repair", name, "-o", &out]);
    assert_eq!(run.code, 0, "{name}: {}{}", run.text(), run.stderr);
    // The structure is clean (a partial last frame, which `check` reports, stays).
    let tree = mmio(&dir.0, &["tree", &out]);
    assert_eq!(tree.code, 0, "{name}: {}", tree.text());
    assert_eq!(std::fs::read(dir.path(name)).unwrap(), bytes, "{name}: the input changed");
    std::fs::read(dir.path(&out)).unwrap()
}

/// The data chunk of a repaired file, extracted by the tool.
fn data_of(dir: &Scratch, name: &str) -> Vec<u8> {
    let run = mmio(&dir.0, &["extract", name, "0/data"]);
    assert_eq!(run.code, 0, "{name}: {}", run.stderr);
    run.stdout
}

#[test]
fn streaming_placeholders_and_overlong_sizes_keep_every_sample() {
    let dir = Scratch::new("repair-wav");
    let pcm = testfiles::pcm_wav();
    for (name, bytes) in testfiles::damaged(&pcm) {
        let fixed = repair(&dir, name, &bytes);
        let data = data_of(&dir, &format!("fixed-{name}"));
        let present = match name {
            "truncated.wav" => 4410 * 4 - 1000,
            "odd-data-at-end.wav" => 4410 * 4 - 1,
            _ => 4410 * 4,
        };
        assert_eq!(data, samples()[..present], "{name}");
        // Only size fields changed before the data; the header block is the same.
        assert_eq!(fixed[8..112], pcm[8..112], "{name}");
        assert_eq!(&fixed[..4], b"RIFF");
        let riff_size = u32::from_le_bytes(fixed[4..8].try_into().unwrap()) as usize;
        assert_eq!(riff_size + 8, fixed.len(), "{name}: the form holds the whole file");
    }
}

#[test]
fn missing_pad_bytes_are_appended_at_every_level() {
    let dir = Scratch::new("repair-pad");
    let inner = list(b"LIST", b"abcd", &[raw(b"odd3", 3, b"xyz")]);
    let mut bytes = list(b"RIFF", b"TEST", &[chunk(b"even", b"ab"), inner[..inner.len() - 1].to_vec()]);
    // The LIST (size 15) and its chunk miss their pad bytes, and so does the form.
    bytes.truncate(bytes.len() - 1);
    let size = (bytes.len() - 8) as u32;
    bytes[4..8].copy_from_slice(&size.to_le_bytes());
    let fixed = repair(&dir, "pad.riff", &bytes);
    assert_eq!(fixed.len(), bytes.len() + 1);
    let extract = mmio(&dir.0, &["extract", "fixed-pad.riff", "RIFF/LIST/odd3"]);
    assert_eq!(extract.stdout, b"xyz");
    let tree = mmio(&dir.0, &["tree", "--json", "fixed-pad.riff"]).json();
    assert_eq!(tree["chunks"][0]["children"][1]["size"], 16);
}

#[test]
fn placeholders_in_a_nested_list_and_rifx() {
    let dir = Scratch::new("repair-nested");
    // An AVI-like form whose movi LIST and its data chunk were never finished.
    let mut bytes = list(b"RIFF", b"AVI ", &[list(b"LIST", b"hdrl", &[chunk(b"avih", &[0; 56])])]);
    bytes.extend_from_slice(&raw(b"LIST", 0, b"movi"));
    bytes.extend_from_slice(&raw(b"data", u32::MAX, &pattern(1001, 3)));
    bytes[4..8].copy_from_slice(&0u32.to_le_bytes());
    let fixed = repair(&dir, "movie.avi", &bytes);
    let run = mmio(&dir.0, &["extract", "fixed-movie.avi", "RIFF/LIST:movi/data"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, pattern(1001, 3));
    assert_eq!(fixed.len(), bytes.len() + 1);

    // RIFX: sizes written big-endian.
    let mut rifx = b"RIFX\0\0\0\0TESTdata\xff\xff\xff\xff".to_vec();
    rifx.extend_from_slice(&pattern(10, 4));
    let fixed = repair(&dir, "big.rifx", &rifx);
    assert_eq!(&fixed[4..8], &(fixed.len() as u32 - 8).to_be_bytes());
    assert_eq!(&fixed[16..20], &10u32.to_be_bytes());
}

#[test]
fn incomplete_headers_at_the_end_are_dropped() {
    let dir = Scratch::new("repair-cut");
    let pcm = testfiles::pcm_wav();
    for tail in [&b"LIST\x10"[..], b"LIST\x10\0\0\0IN", b"JUNK"] {
        let mut bytes = [&pcm[..], tail].concat();
        let size = (bytes.len() - 8) as u32;
        bytes[4..8].copy_from_slice(&size.to_le_bytes());
        let fixed = repair(&dir, "cut.wav", &bytes);
        assert_eq!(fixed, pcm, "{tail:?}");
    }
}

#[test]
fn rf64_streaming_sizes_go_to_the_ds64_chunk() {
    let dir = Scratch::new("repair-rf64");
    let good = testfiles::rf64(&pattern(1001, 14));
    // A streaming RF64 writer that died: riffSize and dataSize still 0. The data chunk
    // runs to the end of the file; its last byte, 0 after 8-bit mono samples (1-byte
    // frames: silence is 0x80), is the pad byte of an odd size.
    let mut bytes = good.clone();
    bytes[20..36].fill(0);
    let fixed = repair(&dir, "stream.wav", &bytes);
    assert_eq!(fixed, good);
    // A riffSize past the end of the file, a missing pad byte.
    let mut bytes = good[..good.len() - 1].to_vec();
    bytes[20..28].copy_from_slice(&(1u64 << 40).to_le_bytes());
    let fixed = repair(&dir, "cut.wav", &bytes);
    assert_eq!(fixed, good);
}

#[test]
fn in_place_with_and_without_backup() {
    let dir = Scratch::new("repair-in-place");
    let pcm = testfiles::pcm_wav();
    let broken = testfiles::damaged(&pcm).into_iter().find(|(n, _)| *n == "stream-ff.wav").unwrap().1;
    dir.write("a.wav", &broken);
    std::fs::set_permissions(dir.path("a.wav"), std::fs::Permissions::from_mode(0o640)).unwrap();
    let run = mmio(&dir.0, &["repair", "a.wav", "--in-place"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(std::fs::metadata(dir.path("a.wav")).unwrap().permissions().mode() & 0o777, 0o640);
    assert_eq!(std::fs::read(dir.path("a.wav.bak")).unwrap(), broken);
    assert_eq!(std::fs::read(dir.path("a.wav")).unwrap(), pcm);

    dir.write("b.wav", &broken);
    let run = mmio(&dir.0, &["repair", "b.wav", "--in-place", "--no-backup"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!dir.path("b.wav.bak").exists());
    assert_eq!(std::fs::read(dir.path("b.wav")).unwrap(), pcm);
    // No temporary files left behind.
    let names: Vec<String> =
        std::fs::read_dir(&dir.0).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(names.iter().all(|n| !n.contains("mmio-repair")), "{names:?}");

    // A clean file in place: nothing to do, no backup.
    dir.write("c.wav", &pcm);
    let run = mmio(&dir.0, &["repair", "c.wav", "--in-place"]);
    assert_eq!((run.code, run.text()), (0, "c.wav: nothing to repair\n".into()));
    assert!(!dir.path("c.wav.bak").exists());
}

#[test]
fn refusals_write_nothing() {
    let dir = Scratch::new("repair-refuse");
    let bad_ds64 = [raw(b"RF64", u32::MAX, b"WAVE"), chunk(b"fmt ", &[0; 16])].concat();
    let mid_file = list(b"RIFF", b"TEST", &[list(b"LIST", b"INFO", &[raw(b"INAM", 500, b"xy")]), chunk(b"next", b"")]);
    for (name, bytes, reason) in [
        ("png.bin", b"\x89PNG\r\n\x1a\n".to_vec(), "cannot repair: not a RIFF file"),
        ("empty.bin", Vec::new(), "cannot repair: not a RIFF file"),
        ("ds64.wav", bad_ds64, "cannot repair: an RF64/BW64 file without a usable ds64 chunk"),
        ("deep.riff", testfiles::deep(300), "cannot repair: a container nested too deep"),
        ("mid.riff", mid_file, "in the middle of the file"),
        // Cut inside the first header: once said "not-riff" (the header was dropped first).
        ("cut8.wav", testfiles::pcm_wav()[..8].to_vec(), "ends inside the header of its first chunk"),
        ("cut10.wav", testfiles::pcm_wav()[..10].to_vec(), "there is nothing to keep"),
    ] {
        dir.write(name, &bytes);
        let run = mmio(&dir.0, &["repair", name, "-o", "out.bin"]);
        assert_eq!(run.code, 1, "{name}: {}", run.text());
        assert!(run.stderr.contains(reason) && run.stderr.contains("at offset"), "{name}: {}", run.stderr);
        assert!(!dir.path("out.bin").exists(), "{name}");
    }
    let run = mmio(&dir.0, &["repair", "nothere.wav", "-o", "out.bin"]);
    assert_eq!(run.code, 2);
    // Trailing bytes inside a container its size covers: left as they are, said, and
    // the copy written unchanged (exit status 1).
    let inner_trailing = list(b"RIFF", b"TEST", &[list(b"LIST", b"abcd", &[b"xyz".to_vec()]), chunk(b"next", b"")]);
    dir.write("inner.riff", &inner_trailing);
    let run = mmio(&dir.0, &["repair", "inner.riff", "-o", "out.bin"]);
    assert_eq!(run.code, 1, "{}", run.text());
    assert!(run.stderr.contains("trailing") && run.stderr.contains("leaves this as it is"), "{}", run.stderr);
    assert_eq!(std::fs::read(dir.path("out.bin")).unwrap(), inner_trailing);
    // An output in a directory that does not exist: an I/O error, nothing left behind.
    dir.write("ok.wav", &testfiles::pcm_wav());
    let run = mmio(&dir.0, &["repair", "ok.wav", "-o", "no/such/dir/out.wav"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn riff_over_4_gib_becomes_rf64_in_its_junk_chunk() {
    use std::io::{Read, Seek, SeekFrom};
    use std::os::unix::fs::MetadataExt;

    let dir = Scratch::new("repair-big");
    let data_at = testfiles::write_sparse_streaming_wav(&dir.path("big.wav"), true).unwrap();
    let run = mmio(&dir.0, &["repair", "big.wav", "-o", "fixed.wav"]);
    assert_eq!(run.code, 0, "{}{}", run.text(), run.stderr);
    assert!(run.text().contains("RIFF becomes RF64"), "{}", run.text());
    let json = mmio(&dir.0, &["tree", "--json", "fixed.wav"]);
    assert_eq!(json.code, 0, "{}", json.text());
    let json = json.json();
    let form = &json["chunks"][0];
    assert_eq!((form["id"].as_str(), form["children"][0]["id"].as_str()), (Some("RF64"), Some("ds64")));
    let data = &form["children"][2];
    assert_eq!((data["id"].as_str(), data["size"].as_u64()), (Some("data"), Some(testfiles::SPARSE_DATA)));
    // Every sample kept (the last ones included), a pad byte after the odd size, and the
    // silence still a hole on disk.
    let mut fixed = std::fs::File::open(dir.path("fixed.wav")).unwrap();
    let len = fixed.metadata().unwrap().len();
    assert_eq!(len, data_at + testfiles::SPARSE_DATA + 1);
    let mut tail = [0; 5];
    fixed.seek(SeekFrom::Start(len - 5)).unwrap();
    fixed.read_exact(&mut tail).unwrap();
    assert_eq!(&tail, b"end!\0");
    assert!(fixed.metadata().unwrap().blocks() * 512 < 64 << 20, "the output is sparse");

    // Without a JUNK chunk to turn into a ds64 chunk: refused.
    testfiles::write_sparse_streaming_wav(&dir.path("nojunk.wav"), false).unwrap();
    let run = mmio(&dir.0, &["repair", "nojunk.wav", "-o", "nojunk-fixed.wav"]);
    assert_eq!(run.code, 1, "{}", run.text());
    assert!(run.stderr.contains("no JUNK chunk"), "{}", run.stderr);
    assert!(!dir.path("nojunk-fixed.wav").exists());
}

#[test]
fn what_no_size_can_fix_is_reported_after_the_repair() {
    let dir = Scratch::new("repair-form");
    let pcm = testfiles::pcm_wav();
    // Cut inside the fmt chunk: the sizes are fixed, but the format is cut short and
    // the WAVE form has no data chunk: what `check` says of the result. This used to
    // end with exit status 0 and a file `check` refuses.
    dir.write("cut.wav", &pcm[..30]);
    let run = mmio(&dir.0, &["repair", "cut.wav", "-o", "fixed.wav"]);
    assert_eq!(run.code, 1, "{}", run.text());
    assert_eq!(
        run.stderr,
        "mmio: cut.wav: at offset 12: bad-format: the 'fmt ' chunk holds 10 bytes: a format needs at least 14 (repair \
         cannot fix this)\nmmio: cut.wav: at offset 0: missing-chunk: the WAVE form has no 'data' chunk (repair cannot \
         fix this)\n"
    );
    let tree = mmio(&dir.0, &["tree", "--json", "fixed.wav"]);
    assert_eq!(tree.code, 0, "the structure is repaired: {}", tree.text());
    assert_eq!(mmio(&dir.0, &["check", "fixed.wav"]).code, 1);
    // In place with nothing to repair: the same report, no backup.
    let twice = list(b"RIFF", b"WAVE", &[chunk(b"fmt ", &pcm[20..36]), chunk(b"data", b"ab"), chunk(b"data", b"cd")]);
    dir.write("twice.wav", &twice);
    let run = mmio(&dir.0, &["repair", "twice.wav", "--in-place"]);
    assert_eq!((run.code, run.text()), (1, "twice.wav: nothing to repair\n".into()));
    assert!(run.stderr.contains("twice.wav: at offset 46: duplicate-chunk"), "{}", run.stderr);
    assert_eq!(std::fs::read(dir.path("twice.wav")).unwrap(), twice);
    assert!(!dir.path("twice.wav.bak").exists());
}

/// An AVI of three frames whose main header announces an index (flags 0x910:
/// AVIF_HASINDEX, AVIF_ISINTERLEAVED, AVIF_TRUSTCKTYPE), with `in_movi` after the
/// frames and `tail` after the data.
fn indexed_avi(in_movi: &[Vec<u8>], tail: &[Vec<u8>]) -> Vec<u8> {
    let mut avih = vec![0; 56];
    avih[12..16].copy_from_slice(&0x910u32.to_le_bytes());
    avih[16..20].copy_from_slice(&3u32.to_le_bytes());
    let hdrl = list(b"LIST", b"hdrl", &[chunk(b"avih", &avih)]);
    let frames: Vec<Vec<u8>> = (1..=3).map(|seed| chunk(b"00dc", &pattern(101, seed))).collect();
    let movi = list(b"LIST", b"movi", &[&frames[..], in_movi].concat());
    list(b"RIFF", b"AVI ", &[&[hdrl, movi][..], tail].concat())
}

#[test]
fn an_avi_cut_before_its_index_passes_check_after_the_repair() {
    let dir = Scratch::new("repair-avi");
    let idx1 = chunk(b"idx1", &[0; 48]);
    let whole = indexed_avi(&[], std::slice::from_ref(&idx1));
    dir.write("whole.avi", &whole);
    assert_eq!(mmio(&dir.0, &["check", "-q", "whole.avi"]).code, 0);
    // The writer died before the index: the flag that announces it is cleared, and
    // nothing but it and the RIFF size changes.
    let cut = &whole[..whole.len() - idx1.len()];
    dir.write("cut.avi", cut);
    let plan = mmio(&dir.0, &["repair", "--dry-run", "cut.avi"]);
    assert!(
        plan.text().contains(
            "would change: the flags of 'avih' (AVIF_HASINDEX: an 'idx1' index follows) at 44: 0x910 -> 0x900"
        ),
        "{}",
        plan.text()
    );
    let out = repair(&dir, "cut.avi", cut);
    let differ: Vec<usize> = (0..cut.len()).filter(|&i| out[i] != cut[i]).collect();
    assert_eq!(out.len(), cut.len());
    assert!(differ.iter().all(|&i| (4..8).contains(&i) || i == 44), "{differ:?}");
    let check = mmio(&dir.0, &["check", "fixed-cut.avi"]);
    assert_eq!(check.code, 0, "{}", check.text());
    // Cut before its data: the sizes are fixed, and repair says what check will say.
    dir.write("early.avi", &whole[..60]);
    let run = mmio(&dir.0, &["repair", "early.avi", "-o", "fixed-early.avi", "--json"]);
    assert_eq!(run.code, 1, "{}{}", run.text(), run.stderr);
    assert!(run.text().contains(r#""kind":"missing-chunk","text":"the AVI form has no 'LIST movi'"#), "{}", run.text());
    let check = mmio(&dir.0, &["check", "fixed-early.avi"]);
    assert_eq!(check.code, 1);
    assert!(check.text().contains("missing-chunk"), "{}", check.text());
    assert!(!check.text().contains("missing-index"), "{}", check.text());
    // The index inside the data: not a cut, and no size fixes it; the flag stays.
    let inside_movi = indexed_avi(std::slice::from_ref(&idx1), &[]);
    dir.write("inside.avi", &inside_movi);
    let run = mmio(&dir.0, &["repair", "inside.avi", "-o", "fixed-inside.avi"]);
    assert_eq!(run.code, 1, "{}{}", run.text(), run.stderr);
    assert!(run.stderr.contains("idx1-misplaced") && run.stderr.contains("missing-index"), "{}", run.stderr);
    assert_eq!(std::fs::read(dir.path("fixed-inside.avi")).unwrap(), inside_movi);
}

#[test]
fn dry_run_prints_the_plan_and_writes_nothing() {
    let dir = Scratch::new("repair-dry");
    let pcm = testfiles::pcm_wav();
    let mut crashed = pcm.clone();
    crashed[4..8].fill(0);
    dir.write("crashed.wav", &crashed);
    let run = mmio(&dir.0, &["repair", "crashed.wav", "--dry-run"]);
    assert_eq!(run.code, 1, "{}", run.text());
    assert!(run.text().contains("crashed.wav: would change: size of 'RIFF' at 4: 0 -> "), "{}", run.text());
    let json = mmio(&dir.0, &["repair", "crashed.wav", "--dry-run", "--json"]);
    assert_eq!(json.code, 1);
    let json = json.json();
    assert_eq!(json["version"], 1);
    assert_eq!(json["changes"][0]["kind"], "size32");
    assert_eq!(json["changes"][0]["id"], "RIFF");
    assert_eq!(json["changes"][0]["offset"], 4);
    assert_eq!(json["changes"][0]["new"], pcm.len() as u64 - 8);
    assert_eq!(std::fs::read(dir.path("crashed.wav")).unwrap(), crashed, "the input changed");
    assert_eq!(std::fs::read_dir(&dir.0).unwrap().count(), 1, "a file was written");
    // A clean file: nothing to repair, exit 0; a refusal says why, in JSON too.
    dir.write("clean.wav", &pcm);
    let run = mmio(&dir.0, &["repair", "clean.wav", "--dry-run"]);
    assert_eq!((run.code, run.text().trim()), (0, "clean.wav: nothing to repair"));
    dir.write("not.wav", b"ID3\x04\0\0\0\0\0\0");
    let run = mmio(&dir.0, &["repair", "not.wav", "--dry-run", "--json"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.json()["refused"]["offset"], 0);
}
