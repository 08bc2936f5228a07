//! `winmmio::riff::repair`: crashed streaming writers, simulated by the thousand, and
//! every writer mistake that once made a repair damage data (issue 10), each with the
//! exact result expected.

mod common;

use std::io::{Cursor, Read};

use common::crash::{self, Writer};
use common::rng::Rng;
use winmmio::FourCC;
use winmmio::riff::repair::{self, ChangeKind, RepairErrorKind};
use winmmio::riff::{ByteOrder, Walker};

/// Plans, applies and verifies a repair; returns the repaired bytes.
fn repaired(input: &[u8]) -> Vec<u8> {
    let plan = repair::plan(Cursor::new(input)).unwrap_or_else(|e| panic!("refused: {e}"));
    let mut out = Vec::new();
    plan.repaired(Cursor::new(input)).read_to_end(&mut out).unwrap();
    plan.verify(Cursor::new(input), Cursor::new(&out)).unwrap_or_else(|e| panic!("unverified: {e}"));
    // A repaired file needs no more repair.
    let again = repair::plan(Cursor::new(&out)).unwrap();
    assert!(again.is_empty(), "a second repair changes {:?}", again.changes());
    out
}

/// The walker's problems with a file.
fn problems(file: &[u8]) -> Vec<String> {
    crash::held(file).1
}

/// A chunk: id, size field, body (no pad added).
fn ck(id: &[u8; 4], size32: u32, body: &[u8]) -> Vec<u8> {
    let mut out = id.to_vec();
    out.extend_from_slice(&size32.to_le_bytes());
    out.extend_from_slice(body);
    out
}

/// A chunk with its exact size and its pad byte.
fn leaf(id: &[u8; 4], body: &[u8]) -> Vec<u8> {
    let mut out = ck(id, body.len() as u32, body);
    if body.len() % 2 == 1 {
        out.push(0);
    }
    out
}

/// A container with its exact size.
fn list(id: &[u8; 4], kind: &[u8; 4], children: &[u8]) -> Vec<u8> {
    let mut body = kind.to_vec();
    body.extend_from_slice(children);
    ck(id, body.len() as u32, &body)
}

const FMT: [u8; 16] = [1, 0, 1, 0, 0x44, 0xac, 0, 0, 0x88, 0x58, 1, 0, 2, 0, 16, 0];

fn size_at(file: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(file[at..at + 4].try_into().unwrap())
}

#[test]
fn crashed_streaming_writers_are_repaired_without_losing_a_byte() {
    let cases: usize = std::env::var("MMIO_REPAIR_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let seed: u64 = std::env::var("MMIO_REPAIR_SEED").ok().and_then(|n| n.parse().ok()).unwrap_or(0x5eed_1234);
    let mut rng = Rng(seed);
    let (mut repaired_files, mut refused) = (0, 0);
    for case in 0..cases {
        let case_seed = rng.next() | 1;
        let mut r = Rng(case_seed);
        let form = crash::random_form(&mut r);
        let order = if r.below(10) == 0 { ByteOrder::Big } else { ByteOrder::Little };
        let placeholder = if r.below(2) == 0 { 0 } else { u32::MAX };
        let wave = matches!(&form, crash::Node::List { kind, .. } if kind == b"WAVE");
        let writer = if wave && r.below(3) == 0 { Writer::Pipe(placeholder) } else { Writer::Seekable(placeholder) };
        let (file, chunks) = crash::write(&form, order, writer);
        let cut = match writer {
            Writer::Seekable(_) => r.below(file.len() + 1),
            // A writer on a pipe that finished (only its placeholders are wrong), or
            // died while writing its samples. (Killed while writing the chunks after
            // them, the partial chunk would be kept as samples: no chain of chunks
            // then ends the samples at the end of the file.)
            Writer::Pipe(_) => {
                let data = chunks.iter().find(|c| &c.id == b"data").expect("a WAVE form has samples");
                if r.below(2) == 0 { file.len() } else { r.below(data.end as usize + 1) }
            }
        };
        let crashed = crash::crash(&file, &chunks, order, writer, cut, r.below(2) == 0);
        let context = format!(
            "case {case} (MMIO_REPAIR_SEED={seed}, case seed {case_seed}), {writer:?}, cut {cut} of {}",
            file.len()
        );
        let plan = match repair::plan(Cursor::new(&crashed)) {
            Ok(plan) => plan,
            Err(e) if cut < 12 && e.kind() == RepairErrorKind::Refused => {
                refused += 1;
                continue;
            }
            Err(e) => panic!("{context}: refused: {e}"),
        };
        let mut out = Vec::new();
        plan.repaired(Cursor::new(&crashed)).read_to_end(&mut out).unwrap();
        plan.verify(Cursor::new(&crashed), Cursor::new(&out)).unwrap_or_else(|e| panic!("{context}: {e}"));
        // Only size fields changed, pad bytes added, an incomplete header dropped.
        for change in plan.changes() {
            assert!(
                matches!(
                    change.kind,
                    ChangeKind::Size32 { .. }
                        | ChangeKind::InsertPad
                        | ChangeKind::AppendPad
                        | ChangeKind::DropTail { .. }
                ),
                "{context}: {change}"
            );
        }
        let (held, problems) = crash::held(&out);
        assert_eq!(problems, Vec::<String>::new(), "{context}: the repaired file has problems");
        let expected = crash::expected(&crashed, &file, &chunks, cut);
        if held != expected {
            let first = held.iter().zip(&expected).position(|(a, b)| a != b).unwrap_or(held.len().min(expected.len()));
            panic!(
                "{context}: the repaired file holds other chunks than were written; first difference at #{first}:\n  held:     {:?}\n  expected: {:?}\n  changes: {:#?}",
                held.get(first).map(|h| (&h.path, String::from_utf8_lossy(&h.id), h.data.len())),
                expected.get(first).map(|h| (&h.path, String::from_utf8_lossy(&h.id), h.data.len())),
                plan.changes().iter().map(|c| c.to_string()).collect::<Vec<_>>()
            );
        }
        let again = repair::plan(Cursor::new(&out)).unwrap();
        assert!(again.is_empty(), "{context}: a second repair changes {:?}", again.changes());
        repaired_files += 1;
    }
    eprintln!(
        "{cases} crashed files: {repaired_files} repaired exactly, {refused} refused (cut inside the first header)"
    );
}

#[test]
fn a_clean_file_needs_nothing() {
    let file = list(b"RIFF", b"WAVE", &[leaf(b"fmt ", &FMT), leaf(b"data", &[1, 2, 3])].concat());
    let plan = repair::plan(Cursor::new(&file)).unwrap();
    assert!(plan.is_empty() && plan.changes().is_empty() && plan.leftovers().is_empty());
    assert_eq!(plan.output_len(), file.len() as u64);
}

#[test]
fn a_finished_empty_chunk_is_not_a_placeholder() {
    // data of size 0 followed by tags: a valid file, which check accepts and repair
    // leaves alone (the tags once became 50 bytes of "audio").
    let tags = list(b"LIST", b"INFO", &[leaf(b"INAM", b"title\0"), leaf(b"IART", b"someone\0")].concat());
    let file = list(b"RIFF", b"WAVE", &[leaf(b"fmt ", &FMT), leaf(b"data", b""), tags].concat());
    assert_eq!(problems(&file), Vec::<String>::new());
    assert!(repair::plan(Cursor::new(&file)).unwrap().is_empty());
    // An empty chunk between others, in a form whose writer died (size 0) with the file
    // cut in the middle of the last chunk's placeholder data.
    let mut crashed = ck(b"RIFF", 0, b"TEST");
    crashed.extend([leaf(b"emty", b""), leaf(b"full", b"abcd"), ck(b"last", 0, b"0123456")].concat());
    let out = repaired(&crashed);
    let (held, _) = crash::held(&out);
    let sizes: Vec<_> = held.iter().map(|h| (String::from_utf8_lossy(&h.id).into_owned(), h.data.len())).collect();
    assert_eq!(sizes, [("RIFF".into(), 0), ("emty".into(), 0), ("full".into(), 4), ("last".into(), 7)]);
}

#[test]
fn a_short_form_size_is_fixed_instead_of_the_data() {
    // A complete data chunk in a RIFF form whose size is 2, 4, 8 or 12 bytes short: the
    // form grows, every sample stays (scipy's test-44100Hz-le-1ch-4bytes.wav).
    for short in [2u32, 4, 8, 12] {
        for tags in [false, true] {
            let mut body = [leaf(b"fmt ", &FMT), leaf(b"data", &[7; 4410 * 2])].concat();
            if tags {
                body.extend(list(b"LIST", b"INFO", &leaf(b"ISFT", b"writer 1.0\0")));
            }
            let good = list(b"RIFF", b"WAVE", &body);
            let mut file = good.clone();
            let size = size_at(&file, 4) - short;
            file[4..8].copy_from_slice(&size.to_le_bytes());
            assert!(
                problems(&file).iter().any(|p| p.starts_with("short-size")),
                "{short} {tags}: {:?}",
                problems(&file)
            );
            assert_eq!(repaired(&file), good, "{short} bytes short, tags {tags}");
        }
    }
}

#[test]
fn a_missing_pad_byte_before_tags_is_inserted() {
    // Odd-sized 8-bit samples without their pad byte, then LIST INFO: the pad byte is
    // inserted, the list moves by one byte intact, the form grows by one.
    let samples = [0x80u8; 11];
    let tags = list(b"LIST", b"INFO", &leaf(b"INAM", b"name\0\0"));
    let body = [leaf(b"fmt ", &FMT), ck(b"data", 11, &samples), tags.clone()].concat();
    let file = list(b"RIFF", b"WAVE", &body);
    assert!(problems(&file).iter().any(|p| p.starts_with("missing-pad")), "{:?}", problems(&file));
    let good = list(b"RIFF", b"WAVE", &[leaf(b"fmt ", &FMT), leaf(b"data", &samples), tags].concat());
    assert_eq!(repaired(&file), good);
    let plan = repair::plan(Cursor::new(&file)).unwrap();
    let kinds: Vec<_> = plan.changes().iter().map(|c| c.kind).collect();
    assert!(matches!(kinds[..], [ChangeKind::InsertPad, ChangeKind::Size32 { old: 73, new: 74, .. }]), "{kinds:?}");
    // The same writer, with the form's size counting the missing pad byte.
    let mut file = file;
    let size = size_at(&file, 4) + 1;
    file[4..8].copy_from_slice(&size.to_le_bytes());
    assert_eq!(repaired(&file), good);
}

#[test]
fn a_missing_last_pad_byte_is_appended_or_found_after_the_parent() {
    // The last chunk of the file is odd and the pad byte is missing: appended.
    let file = ck(b"RIFF", 4 + 8 + 3, b"TESTodd \x03\0\0\0abc");
    let out = repaired(&file);
    assert_eq!(
        out,
        [&file[..], &[0]].concat().iter().enumerate().map(|(i, &b)| if i == 4 { 16 } else { b }).collect::<Vec<_>>()
    );
    // An odd chunk at the end of a list whose own (odd) size has its pad byte: that
    // byte becomes the chunk's pad byte inside the list, and nothing moves.
    let inner = ck(b"odd ", 3, b"abc");
    let mut body = ck(b"LIST", 4 + 11, &[&b"abcd"[..], &inner].concat());
    body.push(0);
    body.extend(leaf(b"next", b"xy"));
    let file = list(b"RIFF", b"TEST", &body);
    let out = repaired(&file);
    assert_eq!(out.len(), file.len());
    assert_eq!(size_at(&out, 16), 16);
    assert_eq!(out[..16], file[..16]);
    assert_eq!(out[20..], file[20..]);
}

#[test]
fn the_plan_lists_every_change_when_a_pad_byte_is_taken_back() {
    // The last chunk of a form is a placeholder of odd length; the form's own odd size
    // has its pad byte. That byte becomes the chunk's pad byte (no byte is inserted),
    // and the plan lists exactly the two size changes. (The planner once dropped the
    // chunk's size change from the list instead of the insertion it took back.)
    let body = [&b"TEST"[..], &leaf(b"abc ", b"abc"), &ck(b"zero", 0, &[1, 2, 3, 4, 5])].concat();
    let file = [ck(b"RIFF", 29, &body), vec![0]].concat();
    let plan = repair::plan(Cursor::new(&file)).unwrap();
    let changes: Vec<_> = plan.changes().iter().map(|c| (c.offset, c.kind)).collect();
    assert_eq!(
        changes,
        [
            (28, ChangeKind::Size32 { id: FourCC::new(*b"zero"), old: 0, new: 5 }),
            (4, ChangeKind::Size32 { id: FourCC::RIFF, old: 29, new: 30 })
        ]
    );
    let mut good = file.clone();
    good[28..32].copy_from_slice(&5u32.to_le_bytes());
    good[4..8].copy_from_slice(&30u32.to_le_bytes());
    assert_eq!(repaired(&file), good);
}

#[test]
fn a_placeholder_data_size_ends_before_the_chunks_after_it() {
    // A writer on a pipe (ffmpeg -write_peak on): the data size stays a placeholder and
    // a chunk follows the samples. The chunk stays a chunk.
    let peak = leaf(b"levl", &[3; 24]);
    for placeholder in [0u32, u32::MAX] {
        let mut file = ck(b"RIFF", placeholder, b"WAVE");
        file.extend([leaf(b"fmt ", &FMT), ck(b"data", placeholder, &[9; 1000]), peak.clone()].concat());
        let good = list(b"RIFF", b"WAVE", &[leaf(b"fmt ", &FMT), leaf(b"data", &[9; 1000]), peak.clone()].concat());
        assert_eq!(repaired(&file), good, "placeholder {placeholder:#x}");
    }
}

#[test]
fn samples_that_read_as_a_chunk_over_the_tags_do_not_end_the_samples() {
    // A writer on a pipe leaves the data size a placeholder; the samples happen to hold
    // a plausible header whose size lands exactly on the chunk after the tags, so the
    // samples could also end there, with the tags inside that chunk. The tags' own
    // headers outweigh the one chance header (found by 8 million simulated crashed
    // writers; the earliest chain used to win).
    let tags = list(b"LIST", b"INFO", &[leaf(b"INAM", b"abc"), leaf(b"ISFT", b"xyz1")].concat());
    let after = leaf(b"nwU2", &[5; 6]);
    let mut samples = vec![0x11; 1000];
    let chance = (1000 - 200 - 8 + tags.len()) as u32;
    samples[200..208].copy_from_slice(&[&b"cLvf"[..], &chance.to_le_bytes()].concat());
    for placeholder in [0u32, u32::MAX] {
        let mut file = ck(b"RIFF", placeholder, b"WAVE");
        file.extend([leaf(b"fmt ", &FMT), ck(b"data", placeholder, &samples), tags.clone(), after.clone()].concat());
        let good = list(
            b"RIFF",
            b"WAVE",
            &[leaf(b"fmt ", &FMT), leaf(b"data", &samples), tags.clone(), after.clone()].concat(),
        );
        assert_eq!(repaired(&file), good, "placeholder {placeholder:#x}");
    }
    // A chance header inside a chunk after the samples, landing on the next chunk,
    // holds as many headers as the real chain from that chunk: the earlier one wins,
    // and the samples keep their length.
    let mut body = vec![0x22; 40];
    body[10..18].copy_from_slice(&[&b"zzzz"[..], &22u32.to_le_bytes()].concat());
    let tail = [leaf(b"abcd", &body), leaf(b"efgh", b"12")].concat();
    let mut file = ck(b"RIFF", 0, b"WAVE");
    file.extend([leaf(b"fmt ", &FMT), ck(b"data", 0, &[9; 100]), tail.clone()].concat());
    let good = list(b"RIFF", b"WAVE", &[leaf(b"fmt ", &FMT), leaf(b"data", &[9; 100]), tail].concat());
    assert_eq!(repaired(&file), good);
}

#[test]
fn an_avi_index_stays_out_of_movi() {
    // An AVI writer on a pipe: movi's size is a placeholder, idx1 follows it.
    let frames = [leaf(b"00dc", &[1; 100]), leaf(b"00dc", &[2; 101]), leaf(b"01wb", &[3; 40])].concat();
    let hdrl = list(b"LIST", b"hdrl", &leaf(b"avih", &[0; 56]));
    let idx1 = leaf(b"idx1", &[4; 48]);
    let mut file = ck(b"RIFF", 0, b"AVI ");
    file.extend([hdrl.clone(), ck(b"LIST", 0, &[&b"movi"[..], &frames].concat()), idx1.clone()].concat());
    let good = list(b"RIFF", b"AVI ", &[hdrl, list(b"LIST", b"movi", &frames), idx1].concat());
    assert_eq!(repaired(&file), good);
}

#[test]
fn an_avi_writer_killed_mid_frame_keeps_every_frame_byte() {
    // RIFF, movi and the frame being written all have placeholder sizes 0; the frame's
    // bytes must not be read as chunk headers (once, sizes were written into them).
    let hdrl = list(b"LIST", b"hdrl", &leaf(b"avih", &[0; 56]));
    let mut frame = Vec::new();
    for i in 0..300u32 {
        frame.extend_from_slice(&(i.wrapping_mul(2_654_435_761)).to_le_bytes());
    }
    for cut in [0usize, 1, 7, 8, 9, 500, 1199] {
        let mut file = ck(b"RIFF", 0, b"AVI ");
        file.extend(hdrl.clone());
        file.extend(ck(b"LIST", 0, b"movi"));
        file.extend(leaf(b"00dc", &[5; 10]));
        file.extend(ck(b"00dc", 0, &frame[..cut]));
        let out = repaired(&file);
        let (held, problems) = crash::held(&out);
        assert!(problems.is_empty(), "{cut}: {problems:?}");
        let last = held.last().unwrap();
        assert_eq!((&last.id, &last.data[..]), (b"00dc", &frame[..cut]), "cut {cut}");
    }
}

#[test]
fn an_avi_writer_killed_in_its_index_keeps_every_index_byte() {
    // idx1's size still 0, killed after one and a half entries; the first entry is not
    // a key frame (flags 0), so it reads like an empty chunk: the index must stay data.
    let frames = [leaf(b"00dc", &[0, 0, 1, 5, 5, 5]), leaf(b"00dc", &[0, 0, 1, 6])].concat();
    let mut entries = Vec::new();
    for (offset, len) in [(4u32, 6u32), (18, 4)] {
        entries.extend_from_slice(b"00dc");
        for field in [0, offset, len] {
            entries.extend_from_slice(&field.to_le_bytes());
        }
    }
    let mut file = ck(b"RIFF", 0, b"AVI ");
    file.extend(list(b"LIST", b"movi", &frames));
    file.extend(ck(b"idx1", 0, &entries[..28]));
    let out = repaired(&file);
    let (held, _) = crash::held(&out);
    let last = held.last().unwrap();
    assert_eq!((&last.id, &last.data[..]), (b"idx1", &entries[..28]));
    assert_eq!(out[58..], entries[..28]);
}

#[test]
fn a_file_cut_inside_a_list_header_loses_only_that_header() {
    let body = [leaf(b"fmt ", &FMT), leaf(b"data", &[1; 10])].concat();
    for keep in 1..12 {
        let mut file = ck(b"RIFF", 0, b"WAVE");
        file.extend(&body);
        let whole = ck(b"LIST", 0, b"INFO");
        file.extend(&whole[..keep]);
        // After a finished chunk, only a header can start: its first bytes (a
        // plausible start of an id, then a placeholder size and part of the type) go.
        assert_eq!(repaired(&file), list(b"RIFF", b"WAVE", &body), "{keep} bytes of the LIST header");
    }
}

#[test]
fn the_end_of_a_file_cut_inside_a_header_is_dropped_but_never_data() {
    // An empty chunk followed by the first bytes of the next header, in a file whose
    // writer marks unfinished sizes with 0xFFFFFFFF (its form size): the 0 is final,
    // so those bytes are a header, dropped.
    let head = [ck(b"RIFF", u32::MAX, b"TEST"), leaf(b"emty", b"")].concat();
    for tail in [&b"nex"[..], b"next\0\0", b"next\x14\0\0"] {
        let out = repaired(&[&head[..], tail].concat());
        assert_eq!(out[8..], head[8..], "{tail:?}");
    }
    // Where the placeholder is 0 (or not known), the same bytes may be the first data
    // bytes of a chunk whose writer died before fixing its size: they are kept as its
    // data, whatever they look like. A 4-character text, its NUL and its pad byte
    // (`ICRD` "2024") looks like the start of a header with a placeholder size 0.
    for form_size in [0, 30] {
        let head = [ck(b"RIFF", form_size, b"TEST"), leaf(b"emty", b"")].concat();
        for tail in [&b"\x01\x02\x03"[..], b"2024\0\0", b"2024\0", b"next\0\0\0"] {
            let out = repaired(&[&head[..], tail].concat());
            assert_eq!(size_at(&out, 16), tail.len() as u32, "{form_size} {tail:?}");
            assert_eq!(&out[20..20 + tail.len()], tail, "{form_size} {tail:?}");
            assert_eq!(out.len(), 20 + tail.len().next_multiple_of(2), "{form_size} {tail:?}: with a pad byte");
        }
    }
}

#[test]
fn damage_in_the_middle_is_refused() {
    // A chunk that runs past its parent's end in the middle of the file: no size can
    // tell what the bytes are.
    let inner = ck(b"INAM", 500, b"abcd");
    let body = [list(b"LIST", b"INFO", &inner), leaf(b"data", &[0; 1000])].concat();
    let file = list(b"RIFF", b"WAVE", &body);
    let error = repair::plan(Cursor::new(&file)).unwrap_err();
    assert_eq!(error.kind(), RepairErrorKind::Refused, "{error}");
    // Not RIFF, or cut inside the first header.
    for bytes in [&b"ID3\x04\0\0\0\0\0\0"[..], b"RIFF\0\0"] {
        assert_eq!(repair::plan(Cursor::new(bytes)).unwrap_err().kind(), RepairErrorKind::Refused);
    }
}

#[test]
fn bytes_after_the_form_are_left_as_they_are() {
    // Bytes after the form that read as a chunk too long for the file: not edited,
    // reported as a leftover.
    let form = list(b"RIFF", b"WAVE", &[leaf(b"fmt ", &FMT), leaf(b"data", &[1; 8])].concat());
    let file = [&form[..], b"TAG\x01\x02\x03\x04abcdefgh"].concat();
    let plan = repair::plan(Cursor::new(&file)).unwrap();
    assert!(plan.is_empty());
    assert_eq!(plan.leftovers().len(), 1);
    assert_eq!(plan.leftovers()[0].offset, form.len() as u64);
}

#[test]
fn problems_left_in_nested_bytes_after_the_form_verify() {
    // After the form, a list with a placeholder size holding a size-0 chunk followed
    // by bytes that are no chain: both problems are left as they are (the bytes are
    // not the form's), in file order, and the unchanged result verifies. (The leftovers
    // were once listed inner chunk first, and verify rejected the correct result.)
    let form = list(b"RIFF", b"TEST", &leaf(b"abcd", b"xy"));
    let after = [ck(b"LIST", 0, b"dqLS"), ck(b"G1VL", 0, b""), vec![1; 9]].concat();
    let file = [form.clone(), after].concat();
    let problems_found = problems(&file);
    assert_eq!(problems_found, ["size-placeholder @22", "size-placeholder @34"]);
    let plan = repair::plan(Cursor::new(&file)).unwrap();
    assert!(plan.is_empty());
    let left: Vec<_> = plan.leftovers().iter().map(|l| (l.offset, l.kind.name())).collect();
    assert_eq!(left, [(22, "size-placeholder"), (34, "size-placeholder")]);
    plan.verify(Cursor::new(&file), Cursor::new(&file)).unwrap();
    // A result that differs is still rejected.
    let mut other = file.clone();
    other[38..42].copy_from_slice(&9u32.to_le_bytes());
    assert!(plan.verify(Cursor::new(&file), Cursor::new(&other)).is_err());
}

#[test]
fn a_file_that_reads_differently_once_repaired_is_refused() {
    // An AVI on a pipe with an empty JUNK chunk before movi, and 8 bytes of garbage at
    // the end. JUNK is finished because the chain after it reaches movi, whose size is
    // a placeholder; the walk ends movi at idx1 and reads the garbage as a chunk cut by
    // the end of the file. Once the sizes are fixed, the chain after JUNK runs into the
    // garbage, so JUNK would read as a placeholder: the repaired file is not what the
    // plan says. The plan is refused instead of being handed out unverifiable.
    let mut file = ck(b"RIFF", 0, b"AVI ");
    file.extend(
        [ck(b"JUNK", 0, b""), ck(b"LIST", 0, b"movi"), leaf(b"00dc", b"abcd"), leaf(b"idx1", b"0123")].concat(),
    );
    file.extend([4; 8]);
    assert_eq!(problems(&file), ["size-placeholder @0", "size-placeholder @20", "truncated @56"]);
    let error = repair::plan(Cursor::new(&file)).unwrap_err();
    assert_eq!(error.kind(), RepairErrorKind::Refused, "{error}");
    assert!(error.to_string().contains("reads differently once repaired"), "{error}");
    // Without the garbage, the same file is repaired, and verifies.
    let out = repaired(&file[..56]);
    assert_eq!(problems(&out), Vec::<String>::new());
}

#[test]
fn trailing_bytes_after_kept_ones_are_kept_and_a_second_repair_changes_nothing() {
    // A form whose size covers 4 stray bytes after its last chunk, then 6 stray bytes
    // after the form. The 4 are not at the end of the file: left as they are. The 6
    // right after them are left too: dropped, they would leave the 4 at the end of the
    // file, where a second repair would drop them. (Once, it did.)
    let form = ck(b"RIFF", 8, b"TEST\x01\x02\x03\x04");
    let file = [form.clone(), b"\x05\x06\x07\x08\x09\x0a".to_vec()].concat();
    assert_eq!(problems(&file), ["trailing @12", "trailing @16"]);
    let plan = repair::plan(Cursor::new(&file)).unwrap();
    assert!(plan.is_empty(), "{:?}", plan.changes());
    let left: Vec<_> = plan.leftovers().iter().map(|l| (l.offset, l.kind.name())).collect();
    assert_eq!(left, [(12, "trailing"), (16, "trailing")]);
    // The same one level down: a list whose size covers 2 stray bytes, then 6 stray
    // bytes at the end of the form (whose size is a placeholder, fixed).
    let inner = ck(b"LIST", 6, b"INFO\x01\x02");
    let file = ck(b"RIFF", 0, &[&b"TEST"[..], &inner, b"\x05\x06\x07\x08\x09\x0a"].concat());
    let out = repaired(&file);
    assert_eq!(out.len(), file.len());
    assert_eq!(problems(&out), ["trailing @24", "trailing @26"]);
    // With a pad byte between them (the list's size is odd), the 5 bytes are at the end
    // of the file and dropped; the list's stray bytes stay before its pad byte.
    let inner = ck(b"LIST", 7, b"INFO\x01\x02\x03");
    let file = ck(b"RIFF", 0, &[&b"TEST"[..], &inner, &[0], b"\x05\x06\x07\x08\x09"].concat());
    let out = repaired(&file);
    assert_eq!(out, ck(b"RIFF", 20, &[&b"TEST"[..], &inner, &[0]].concat()));
    assert_eq!(problems(&out), ["trailing @24"]);
    // Stray bytes at the very end after a chunk, not after kept ones, are dropped, as
    // before (an incomplete header, even when the form's size covers it).
    let file = ck(b"RIFF", 8, b"TEST\x01\x02\x03\x04");
    assert_eq!(repaired(&file), ck(b"RIFF", 4, b"TEST"));
    // An incomplete list header right after kept bytes, at the end of the file: dropped,
    // it would leave them at the end; kept, a pad byte after it (the form's size is
    // odd here) would put it in the middle of the result. Refused. (It was once
    // dropped, and a second repair dropped the stray bytes too; then kept, and a
    // second repair refused the result.)
    let inner = ck(b"LIST", 6, b"INFO\x01\x02");
    for tail in [&b"LIST\0\0\0\x01"[..], b"LIST\0\0\0\0m\x04\x04"] {
        let file = ck(b"RIFF", 0, &[&b"TEST"[..], &inner, tail].concat());
        let error = repair::plan(Cursor::new(&file)).unwrap_err();
        assert_eq!(error.kind(), RepairErrorKind::Refused, "{error}");
        assert!(error.to_string().contains("follows stray bytes"), "{error}");
    }
    // A pad byte inserted between them ends the run: the form's size is odd and its
    // pad byte missing, so one is inserted after its stray byte, and the incomplete
    // header after it is at the end of the file again: dropped. (It was once kept, and
    // a second repair, seeing the pad byte, dropped it.)
    let file = [ck(b"RIFF", 5, b"TEST\x01"), b"RIFF\x05\0\0\0\0\0\0".to_vec()].concat();
    assert_eq!(repaired(&file), [ck(b"RIFF", 5, b"TEST\x01"), vec![0]].concat());
    let crashed = [ck(b"RIFF", 12, &[&b"TEST"[..], &leaf(b"abcd", b"")].concat()), b"\x01\x02".to_vec()].concat();
    assert_eq!(repaired(&crashed), ck(b"RIFF", 12, &[&b"TEST"[..], &leaf(b"abcd", b"")].concat()));
}

#[test]
fn a_riff_file_past_4_gib_is_refused_without_a_junk_reservation() {
    // Placeholders over a file that cannot be read in full here: the plan is made from
    // headers alone, on a sparse file.
    let dir = common::Scratch::new("repair-4g");
    let path = dir.path("big.wav");
    let mut head = ck(b"RIFF", 0, b"WAVE");
    head.extend(leaf(b"fmt ", &FMT));
    head.extend(ck(b"data", 0, b""));
    let file = std::fs::File::create(&path).unwrap();
    std::io::Write::write_all(&mut &file, &head).unwrap();
    file.set_len(5 << 30).unwrap();
    let error = repair::plan(std::fs::File::open(&path).unwrap()).unwrap_err();
    assert_eq!(error.kind(), RepairErrorKind::Refused);
    assert!(error.to_string().contains("JUNK"), "{error}");
    // With the JUNK chunk writers reserve at 12, it becomes RF64.
    let mut head = ck(b"RIFF", 0, b"WAVE");
    head.extend(leaf(b"JUNK", &[0; 28]));
    head.extend(leaf(b"fmt ", &FMT));
    head.extend(ck(b"data", 0, b""));
    let file = std::fs::File::create(&path).unwrap();
    std::io::Write::write_all(&mut &file, &head).unwrap();
    file.set_len(5 << 30).unwrap();
    let plan = repair::plan(std::fs::File::open(&path).unwrap()).unwrap();
    assert!(plan.changes().iter().any(|c| c.kind == ChangeKind::PromoteToRf64), "{:?}", plan.changes());
    let mut out = plan.repaired(std::fs::File::open(&path).unwrap());
    let mut start = vec![0; 100];
    out.read_exact(&mut start).unwrap();
    assert_eq!(&start[..4], b"RF64");
    assert_eq!(&start[12..16], b"ds64");
    let riff_size = u64::from_le_bytes(start[20..28].try_into().unwrap());
    let data_size = u64::from_le_bytes(start[28..36].try_into().unwrap());
    assert_eq!((riff_size, data_size), ((5 << 30) - 8, (5 << 30) - head.len() as u64));
    // The walker reads the repaired file's sizes from ds64 (headers only).
    let mut walker_input = Vec::from(&start[..]);
    walker_input.truncate(100);
    drop(Walker::new(Cursor::new(walker_input)).unwrap());
}

#[test]
#[ignore]
fn replay_one_case() {
    let seed: u64 = std::env::var("CASE").unwrap().parse().unwrap();
    let cut: usize = std::env::var("CUT").unwrap().parse().unwrap();
    let mut r = Rng(seed);
    let form = crash::random_form(&mut r);
    let order = if r.below(10) == 0 { ByteOrder::Big } else { ByteOrder::Little };
    let placeholder = if r.below(2) == 0 { 0 } else { u32::MAX };
    let wave = matches!(&form, crash::Node::List { kind, .. } if kind == b"WAVE");
    let writer = if wave && r.below(3) == 0 { Writer::Pipe(placeholder) } else { Writer::Seekable(placeholder) };
    let (file, chunks) = crash::write(&form, order, writer);
    let _ = r.below(file.len() + 1);
    let crashed = crash::crash(&file, &chunks, order, writer, cut, r.below(2) == 0);
    for c in &chunks {
        eprintln!(
            "{:?} {} {:?} off {} data {} end {} pend {}",
            c.path,
            String::from_utf8_lossy(&c.id),
            c.kind.map(|k| String::from_utf8_lossy(&k).into_owned()),
            c.offset,
            c.data,
            c.end,
            c.padded_end
        );
    }
    eprintln!("{:?}", &crashed);
    for e in Walker::new(Cursor::new(&crashed)).unwrap() {
        eprintln!("{:?}", e.unwrap());
    }
}

/// A WAVE form with a `fact` chunk (8-bit mono PCM: one byte per frame).
fn wave_with_fact(fact: u32, samples: &[u8]) -> Vec<u8> {
    let mut fmt = FMT;
    fmt[12] = 1; // block align
    fmt[14] = 8; // bits
    list(b"RIFF", b"WAVE", &[leaf(b"fmt ", &fmt), leaf(b"fact", &fact.to_le_bytes()), leaf(b"data", samples)].concat())
}

#[test]
fn stale_counts_after_a_cut_are_set_to_what_the_data_holds() {
    use winmmio::riff::counts::{self, CountField};
    // A file cut in its samples keeps the old fact count: set to the frames present.
    let whole = wave_with_fact(1000, &[0x80; 1000]);
    let cut = &whole[..whole.len() - 400];
    let stale = counts::audit(Cursor::new(cut)).unwrap();
    assert_eq!(stale.len(), 1);
    assert_eq!((stale[0].field, stale[0].found, stale[0].expected), (CountField::FactSampleLength, 1000, 600));
    let out = repaired(cut);
    assert_eq!(size_at(&out, 44), 600);
    assert!(counts::audit(Cursor::new(&out)).unwrap().is_empty());
    // A whole file whose count is right needs nothing.
    assert!(counts::audit(Cursor::new(&whole)).unwrap().is_empty());
    assert!(repair::plan(Cursor::new(&whole)).unwrap().is_empty());
    // A compressed format without samples per block: only fact knows; left alone.
    let mut mp3 = wave_with_fact(999_999, &[1; 100]);
    mp3[20] = 0x55;
    assert!(counts::audit(Cursor::new(&mp3)).unwrap().is_empty());
}

#[test]
fn stale_avi_frame_counts_after_a_cut_are_lowered() {
    use winmmio::riff::counts::{self, CountField};
    let mut avih = vec![0u8; 56];
    avih[16..20].copy_from_slice(&10u32.to_le_bytes()); // total frames
    let strh = |kind: &[u8; 4], length: u32, sample_size: u32| {
        let mut h = vec![0u8; 56];
        h[..4].copy_from_slice(kind);
        h[32..36].copy_from_slice(&length.to_le_bytes());
        h[44..48].copy_from_slice(&sample_size.to_le_bytes());
        list(b"LIST", b"strl", &leaf(b"strh", &h))
    };
    let hdrl = list(b"LIST", b"hdrl", &[leaf(b"avih", &avih), strh(b"vids", 10, 0), strh(b"auds", 4000, 4)].concat());
    let frames: Vec<u8> =
        (0..10).flat_map(|_| [leaf(b"00dc", &[7; 100]), leaf(b"01wb", &[1; 1600])].concat()).collect();
    let whole = list(b"RIFF", b"AVI ", &[hdrl.clone(), list(b"LIST", b"movi", &frames)].concat());
    assert!(counts::audit(Cursor::new(&whole)).unwrap().is_empty());
    // Cut after 4 frames and 4 blocks of audio (and a bit of the fifth frame).
    let keep = 12 + hdrl.len() + 12 + 4 * (108 + 1608) + 50;
    let out = repaired(&whole[..keep]);
    let stale = counts::audit(Cursor::new(&whole[..keep])).unwrap();
    let fields: Vec<_> = stale.iter().map(|s| (s.field, s.found, s.expected)).collect();
    assert_eq!(
        fields,
        [
            (CountField::AviTotalFrames, 10, 5),
            (CountField::StreamLength(0), 10, 5),
            (CountField::StreamLength(1), 4000, 1600)
        ]
    );
    assert!(counts::audit(Cursor::new(&out)).unwrap().is_empty());
}

#[test]
fn a_placeholder_data_chunk_keeps_its_last_byte_when_a_chain_could_start_on_it() {
    // A pipe writer's data chunk of 256 bytes ending in '+', then a finished empty
    // chunk 'aNUK' and a tag. '+aNU' (the last data byte and three bytes of the next
    // id) reads as a header too, with the size 75 ('K', 0, 0, 0), and a fake header in
    // the tag's data carries that chain to the end: data of 255 bytes without its pad
    // byte would fit as well. The even reading wins; nothing moves.
    let mut samples = vec![0x11; 255];
    samples.push(b'+');
    let mut tag = vec![0x22; 100];
    tag[66..74].copy_from_slice(&[b'f', b'a', b'k', b'e', 26, 0, 0, 0]);
    let body = [
        &b"WAVE"[..],
        &leaf(b"fmt ", &FMT),
        &ck(b"data", u32::MAX, &samples),
        &ck(b"aNUK", 0, &[]),
        &leaf(b"tag1", &tag),
    ]
    .concat();
    let crashed = ck(b"RIFF", u32::MAX, &body);
    assert_eq!(&crashed[299..307], b"+aNUK\0\0\0");
    let out = repaired(&crashed);
    assert_eq!(out.len(), crashed.len(), "nothing inserted");
    assert_eq!((size_at(&out, 4), size_at(&out, 40)), (crashed.len() as u32 - 8, 256));
    assert_eq!(out[44..300], crashed[44..300]);
}

#[test]
fn the_index_flag_of_an_avi_cut_before_its_index_is_cleared() {
    use winmmio::riff::counts::{self, AVIF_HASINDEX, CountField};
    let mut avih = vec![0u8; 56];
    let flags = AVIF_HASINDEX | 0x900; // with AVIF_ISINTERLEAVED and AVIF_TRUSTCKTYPE
    avih[12..16].copy_from_slice(&flags.to_le_bytes());
    avih[16..20].copy_from_slice(&3u32.to_le_bytes());
    let mut strh = vec![0u8; 56];
    strh[..4].copy_from_slice(b"vids");
    strh[32..36].copy_from_slice(&3u32.to_le_bytes());
    let strl = |extra: &[u8]| list(b"LIST", b"strl", &[leaf(b"strh", &strh), extra.to_vec()].concat());
    let avi = |strl: Vec<u8>, index: &[u8]| {
        let hdrl = list(b"LIST", b"hdrl", &[leaf(b"avih", &avih), strl].concat());
        let frames: Vec<u8> = (0..3).flat_map(|_| leaf(b"00dc", &[7; 101])).collect();
        list(b"RIFF", b"AVI ", &[hdrl, list(b"LIST", b"movi", &frames), index.to_vec()].concat())
    };
    let idx1 = leaf(b"idx1", &[0; 48]);
    let whole = avi(strl(&[]), &idx1);
    assert!(counts::audit(Cursor::new(&whole)).unwrap().is_empty());
    // Cut inside the index: the flag stays (the idx1 chunk is there, cut).
    let in_index = &whole[..whole.len() - 20];
    assert!(!counts::audit(Cursor::new(in_index)).unwrap().iter().any(|s| s.field == CountField::AviFlags));
    // Cut before it: the flag is cleared, nothing else changes but sizes.
    let before = &whole[..whole.len() - idx1.len()];
    let stale = counts::audit(Cursor::new(before)).unwrap();
    let fields: Vec<_> = stale.iter().map(|s| (s.offset, s.field, s.found, s.expected)).collect();
    assert_eq!(fields, [(44, CountField::AviFlags, u64::from(flags), 0x900)]);
    let plan = repair::plan(Cursor::new(before)).unwrap();
    let change = plan.changes().iter().find(|c| matches!(c.kind, ChangeKind::Count { .. })).unwrap();
    assert!(change.to_string().starts_with("the flags of 'avih'"), "{change}");
    assert!(change.to_string().contains("0x910 -> 0x900"), "{change}");
    let out = repaired(before);
    assert_eq!(out.len(), before.len());
    let differ: Vec<usize> = (0..out.len()).filter(|&i| out[i] != before[i]).collect();
    assert!(differ.iter().all(|&i| (4..8).contains(&i) || i == 44), "{differ:?}");
    assert_eq!(u32::from_le_bytes(out[44..48].try_into().unwrap()), 0x900);
    assert!(counts::audit(Cursor::new(&out)).unwrap().is_empty());
    // An OpenDML index stands in for idx1: the flag stays.
    let odml = avi(strl(&leaf(b"indx", &[0; 24])), &[]);
    assert!(counts::audit(Cursor::new(&odml)).unwrap().is_empty());
    // Without the flag, a file without an index is fine.
    let mut unflagged = before.to_vec();
    unflagged[44] = 0;
    assert!(counts::audit(Cursor::new(&unflagged)).unwrap().is_empty());
}

#[test]
fn a_result_that_is_not_the_plan_does_not_verify() {
    let mut crashed = ck(b"RIFF", 0, b"WAVE");
    crashed.extend([leaf(b"fmt ", &FMT), ck(b"data", 0, &[5; 100])].concat());
    let plan = repair::plan(Cursor::new(&crashed)).unwrap();
    let mut out = Vec::new();
    plan.repaired(Cursor::new(&crashed)).read_to_end(&mut out).unwrap();
    plan.verify(Cursor::new(&crashed), Cursor::new(&out)).unwrap();
    // One flipped data byte, a lost last byte, or the input itself: refused.
    let mut flipped = out.clone();
    flipped[60] ^= 1;
    let short = &out[..out.len() - 1];
    for bad in [&flipped[..], short, &crashed[..]] {
        let error = plan.verify(Cursor::new(&crashed), Cursor::new(bad)).unwrap_err();
        assert_eq!(error.kind(), RepairErrorKind::Unverified, "{error}");
    }
}
