//! The chunk walker against every rule of the `mmio tree --json` contract (R1-R10) and
//! its problem order.

use std::io::{self, Cursor, Read, Seek, SeekFrom};

use winmmio::FourCC;
use winmmio::riff::{ByteOrder, Event, MAX_DEPTH, ProblemKind, Walker};

/// A chunk: id, a little-endian size field, then `body` as is (no pad added).
fn ck(id: &[u8; 4], size32: u32, body: &[u8]) -> Vec<u8> {
    let mut out = id.to_vec();
    out.extend_from_slice(&size32.to_le_bytes());
    out.extend_from_slice(body);
    out
}

/// A chunk whose size field is the length of `body`, plus a pad byte after odd sizes.
fn leaf(id: &[u8; 4], body: &[u8]) -> Vec<u8> {
    let mut out = ck(id, body.len() as u32, body);
    if body.len() % 2 == 1 {
        out.push(0);
    }
    out
}

/// A container with this form type around `children`, its size field exact.
fn list(id: &[u8; 4], form: &[u8; 4], children: &[u8]) -> Vec<u8> {
    let mut body = form.to_vec();
    body.extend_from_slice(children);
    ck(id, body.len() as u32, &body)
}

/// The events as short strings: `+ID FORM @offset size` for containers (`-` form when
/// absent), `ID @offset size` for leaves, `/ID` at the end of a container, `!kind
/// @offset` for problems.
fn trace(bytes: &[u8]) -> Vec<String> {
    Walker::new(Cursor::new(bytes.to_vec()))
        .unwrap()
        .map(|event| match event.unwrap() {
            Event::Enter(c) => {
                let form = c.form.map_or("-".to_string(), |f| f.to_string());
                format!("+{} {form} @{} {}", c.id, c.offset, c.size)
            }
            Event::Leaf(c) => format!("{} @{} {}", c.id, c.offset, c.size),
            Event::Leave(c) => format!("/{}", c.id),
            Event::Problem(p) => format!("!{} @{}", p.kind, p.offset),
            other => panic!("an event the test does not know: {other:?}"),
        })
        .collect()
}

fn concat(parts: &[Vec<u8>]) -> Vec<u8> {
    parts.concat()
}

#[test]
fn r1_magic() {
    for bytes in [&b""[..], b"RIF", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", b"LIST\x04\0\0\0INFO", b"riff\0\0\0\0"] {
        let walker = Walker::new(Cursor::new(bytes.to_vec())).unwrap();
        assert!(!walker.is_riff());
        assert_eq!(walker.byte_order(), ByteOrder::Little);
        assert_eq!(trace(bytes), ["!not-riff @0"], "{bytes:?}");
    }
    // A 7-byte file that starts with RIFF is RIFF-family, with trailing bytes at 0.
    assert_eq!(trace(b"RIFF\x10\0\0"), ["!trailing @0"]);
    assert!(Walker::new(Cursor::new(b"RF64".to_vec())).unwrap().is_riff());
    assert_eq!(trace(b"RIFX"), ["!trailing @0"]);
}

#[test]
fn r2_byte_order() {
    // RIFX: every size field big-endian, nested RIFF ids included.
    let mut file = b"RIFX\0\0\0\x1eTESTabcd\0\0\0\x03xyz\0LIST\0\0\0\x06INFOhi".to_vec();
    assert_eq!(Walker::new(Cursor::new(file.clone())).unwrap().byte_order(), ByteOrder::Big);
    assert_eq!(trace(&file), ["+RIFX TEST @0 30", "abcd @12 3", "+LIST INFO @24 6", "!trailing @36", "/LIST", "/RIFX"]);
    // The same bytes read as RIFF are garbage: the size is taken little-endian.
    file[..4].copy_from_slice(b"RIFF");
    assert_eq!(
        trace(&file),
        ["+RIFF TEST @0 503316480", "!truncated @0", "abcd @12 50331648", "!truncated @12", "/RIFF"]
    );
}

#[test]
fn r3_chunks_and_containers_at_any_depth() {
    let inner = concat(&[leaf(b"RF64", b"ab"), list(b"RIFF", b"SUBF", &leaf(b"list", b"cdef"))]);
    let file = list(b"RIFF", b"TEST", &list(b"LIST", b"abcd", &inner));
    assert_eq!(
        trace(&file),
        [
            "+RIFF TEST @0 50",
            "+LIST abcd @12 38",
            "+RF64 - @24 2",
            "!truncated @24",
            "/RF64",
            "+RIFF SUBF @34 16",
            "list @46 4",
            "/RIFF",
            "/LIST",
            "/RIFF"
        ]
    );
    let chunks: Vec<_> = Walker::new(Cursor::new(file))
        .unwrap()
        .filter_map(|e| match e.unwrap() {
            Event::Enter(c) | Event::Leaf(c) => Some(c),
            _ => None,
        })
        .collect();
    let list_chunk = chunks.iter().find(|c| c.id == FourCC::new(*b"list")).unwrap();
    assert_eq!((list_chunk.offset, list_chunk.data_offset(), list_chunk.depth, list_chunk.index), (46, 54, 4, 0));
    assert_eq!((list_chunk.body_start(), list_chunk.end, list_chunk.present()), (54, 58, 4));
    let sub = chunks.iter().find(|c| c.form == Some(FourCC::new(*b"SUBF"))).unwrap();
    assert_eq!((sub.depth, sub.index, sub.body_start(), sub.end), (3, 1, 46, 58));
    assert_eq!(sub.info().size, 16);
}

#[test]
fn r4_sequences_regions_pads_and_trailing() {
    // Odd sizes skip their pad byte; leftovers under 8 bytes are trailing, in a LIST and
    // at the top level; the LIST's region is cut at the end of its parent.
    let list_body = concat(&[leaf(b"odd ", b"abc"), b"123456".to_vec()]);
    let riff = list(b"RIFF", b"TEST", &concat(&[leaf(b"one ", b"x"), list(b"LIST", b"INFO", &list_body)]));
    let file = concat(&[riff.clone(), b"tail".to_vec()]);
    assert_eq!(
        trace(&file),
        [
            "+RIFF TEST @0 44",
            "one  @12 1",
            "+LIST INFO @22 22",
            "odd  @34 3",
            "!trailing @46",
            "/LIST",
            "/RIFF",
            "!trailing @52"
        ]
    );
    // Two forms back to back, then an unknown top-level chunk: all walked.
    let two = concat(&[riff.clone(), list(b"RIFF", b"TWO ", &[]), leaf(b"junk", b"")]);
    let t = trace(&two);
    assert_eq!(&t[t.len() - 3..], ["+RIFF TWO  @52 4", "/RIFF", "junk @64 0"]);
    // A child region ends at min(declared end, parent's end).
    let mut clipped = list(b"RIFF", b"TEST", &list(b"LIST", b"INFO", &leaf(b"abcd", b"1234")));
    clipped[16..20].copy_from_slice(&100u32.to_le_bytes());
    assert_eq!(
        trace(&clipped),
        ["+RIFF TEST @0 28", "+LIST INFO @12 100", "!truncated @12", "abcd @24 4", "/LIST", "/RIFF"]
    );
}

#[test]
fn r5_truncation_stops_the_region() {
    let file = list(b"RIFF", b"TEST", &concat(&[ck(b"long", 100, b"abcd"), leaf(b"next", b"")]));
    assert_eq!(trace(&file), ["+RIFF TEST @0 24", "long @12 100", "!truncated @12", "/RIFF"]);
    // Sizes near 2^32 and the file's own end: no overflow, declared size listed.
    let file = concat(&[list(b"RIFF", b"TEST", &[]), ck(b"huge", 0xFFFF_FFFE, b"")]);
    assert_eq!(trace(&file), ["+RIFF TEST @0 4", "/RIFF", "huge @12 4294967294", "!truncated @12"]);
    // The form itself passing the file's end.
    let mut file = list(b"RIFF", b"WAVE", &leaf(b"fmt ", b"ab"));
    file[4..8].copy_from_slice(&1000u32.to_le_bytes());
    assert_eq!(trace(&file), ["+RIFF WAVE @0 1000", "!truncated @0", "fmt  @12 2", "/RIFF"]);
}

#[test]
fn r6_containers_without_a_form_type() {
    // Size under 4 but inside the region: no form, truncated, and the walk goes on.
    let file = list(b"RIFF", b"TEST", &concat(&[ck(b"LIST", 2, b"ab"), leaf(b"next", b"")]));
    assert_eq!(trace(&file), ["+RIFF TEST @0 22", "+LIST - @12 2", "!truncated @12", "/LIST", "next @22 0", "/RIFF"]);
    // No room for the form type in the region: truncated once, although R5 applies too.
    let file = list(b"RIFF", b"TEST", &ck(b"LIST", 4, b"IN"));
    assert_eq!(trace(&file), ["+RIFF TEST @0 14", "+LIST - @12 4", "!truncated @12", "/LIST", "/RIFF"]);
    // A RIFF header alone.
    assert_eq!(trace(&ck(b"RIFF", 4, b"")), ["+RIFF - @0 4", "!truncated @0", "/RIFF"]);
    // Form present, no children: "children" empty, nothing wrong.
    assert_eq!(trace(&list(b"RIFF", b"EMPT", &[])), ["+RIFF EMPT @0 4", "/RIFF"]);
}

#[test]
fn r7_streaming_placeholders() {
    let body = concat(&[leaf(b"fmt ", b"0123456789abcdef"), ck(b"data", 0, b"samples!")]);
    for (size32, shown) in [(0u32, "0"), (u32::MAX, "4294967295")] {
        let mut file = list(b"RIFF", b"WAVE", &body);
        file[4..8].copy_from_slice(&size32.to_le_bytes());
        file.extend_from_slice(b"odd");
        assert_eq!(
            trace(&file),
            [
                format!("+RIFF WAVE @0 {shown}"),
                "!size-placeholder @0".into(),
                "fmt  @12 16".into(),
                "data @36 0".into(),
                "!size-placeholder @36".into(),
                "/RIFF".into()
            ]
        );
        // The placeholder data chunk runs to the end of its region.
        let data = Walker::new(Cursor::new(file))
            .unwrap()
            .find_map(|e| match e.unwrap() {
                Event::Leaf(c) if c.id == FourCC::DATA => Some(c),
                _ => None,
            })
            .unwrap();
        assert_eq!((data.size, data.end, data.present()), (0, 55, 11));
    }
    // 0 with nothing after the header is an honest empty chunk; an empty data chunk at
    // the end too.
    assert_eq!(trace(&ck(b"RIFF", 0, b"")), ["+RIFF - @0 0", "!truncated @0", "/RIFF"]);
    let file = list(b"RIFF", b"WAVE", &ck(b"data", 0, b""));
    assert_eq!(trace(&file), ["+RIFF WAVE @0 12", "data @12 0", "/RIFF"]);
    // data 0xFFFFFFFF in a LIST: ends at the LIST's end, and the walk goes on after it.
    let file =
        list(b"RIFF", b"TEST", &concat(&[list(b"LIST", b"movi", &ck(b"data", u32::MAX, b"abcd")), leaf(b"idx1", b"")]));
    assert_eq!(
        trace(&file),
        [
            "+RIFF TEST @0 36",
            "+LIST movi @12 16",
            "data @24 4294967295",
            "!size-placeholder @24",
            "/LIST",
            "idx1 @36 0",
            "/RIFF"
        ]
    );
    // Any container can be a placeholder: a LIST, a nested RIFF. It runs to the end of
    // its region.
    let file = list(b"RIFF", b"TEST", &ck(b"LIST", u32::MAX, b"INFO"));
    assert_eq!(
        trace(&file),
        ["+RIFF TEST @0 16", "+LIST INFO @12 4294967295", "!size-placeholder @12", "/LIST", "/RIFF"]
    );
    let file = list(b"RIFF", b"TEST", &ck(b"RIFF", 0, b"xy"));
    assert_eq!(
        trace(&file),
        ["+RIFF TEST @0 14", "+RIFF - @12 0", "!size-placeholder @12", "!truncated @12", "/RIFF", "/RIFF"]
    );
    let file = list(b"RIFF", b"TEST", &ck(b"RIFF", u32::MAX, b"SUBF"));
    assert_eq!(
        trace(&file),
        ["+RIFF TEST @0 16", "+RIFF SUBF @12 4294967295", "!size-placeholder @12", "/RIFF", "/RIFF"]
    );
}

/// An RF64 file: form, a ds64 chunk with `table` (declared length `table_length`),
/// then `rest`; the RF64 size field is 0xFFFFFFFF, riffSize the file's size - 8 unless
/// given.
fn rf64(riff_size: Option<u64>, data_size: u64, table_length: u32, table: &[(&[u8; 4], u64)], rest: &[u8]) -> Vec<u8> {
    let mut ds = Vec::new();
    ds.extend_from_slice(&[0; 8]);
    ds.extend_from_slice(&data_size.to_le_bytes());
    ds.extend_from_slice(&7u64.to_le_bytes());
    ds.extend_from_slice(&table_length.to_le_bytes());
    for (id, size) in table {
        ds.extend_from_slice(&id[..]);
        ds.extend_from_slice(&size.to_le_bytes());
    }
    let file = concat(&[ck(b"RF64", u32::MAX, b"WAVE"), leaf(b"ds64", &ds), rest.to_vec()]);
    let riff_size = riff_size.unwrap_or(file.len() as u64 - 8).to_le_bytes();
    concat(&[file[..20].to_vec(), riff_size.to_vec(), file[28..].to_vec()])
}

#[test]
fn r8_rf64_sizes_from_ds64() {
    let rest = concat(&[ck(b"big ", u32::MAX, b"12"), ck(b"data", u32::MAX, b"abcd")]);
    // Table: big  twice (first wins), riffSize fits the file exactly.
    let file_len = 12 + 8 + 28 + 24 + rest.len() as u64;
    let file = rf64(None, 4, 2, &[(b"big ", 2), (b"big ", 99)], &rest);
    assert_eq!(file.len() as u64, file_len);
    assert_eq!(
        trace(&file),
        [
            format!("+RF64 WAVE @0 {}", file_len - 8),
            "ds64 @12 52".into(),
            "big  @72 2".into(),
            "data @82 4".into(),
            "/RF64".into()
        ]
    );
    // An id missing from the table keeps 4294967295; no placeholders in RF64 files.
    let file = rf64(Some(1 << 40), 0, 0, &[], &ck(b"othr", u32::MAX, b""));
    assert_eq!(
        trace(&file),
        [
            "+RF64 WAVE @0 1099511627776",
            "!truncated @0",
            "ds64 @12 28",
            "othr @48 4294967295",
            "!truncated @48",
            "/RF64"
        ]
    );
    // The table is bounded by the ds64 chunk's size field, not by tableLength: the
    // second entry lies after the chunk (and reads as a JUNK chunk of 4 bytes).
    let mut file = rf64(None, 0, 1000, &[(b"big ", 2), (b"JUNK", 4)], &ck(b"JUNK", u32::MAX, b""));
    file[16..20].copy_from_slice(&40u32.to_le_bytes());
    assert_eq!(
        trace(&file),
        ["+RF64 WAVE @0 72", "ds64 @12 40", "JUNK @60 4", "JUNK @72 4294967295", "!truncated @72", "/RF64"]
    );
}

#[test]
fn r8_bad_ds64() {
    // No ds64 at 12: bad-ds64 first, and the size fields are used as they are.
    let file = concat(&[ck(b"RF64", u32::MAX, b"WAVE"), leaf(b"fmt ", b"0123456789abcdef"), leaf(b"JUNK", &[0; 20])]);
    assert_eq!(
        trace(&file),
        ["!bad-ds64 @0", "+RF64 WAVE @0 4294967295", "!truncated @0", "fmt  @12 16", "JUNK @36 20", "/RF64"]
    );
    // ds64 too small, or the file under 48 bytes.
    let mut small = rf64(None, 0, 0, &[], &[]);
    small[16..20].copy_from_slice(&27u32.to_le_bytes());
    assert_eq!(trace(&small)[0], "!bad-ds64 @0");
    let short = concat(&[ck(b"BW64", 20, b"WAVE"), ck(b"ds64", 28, b"0123456789abcdef0123")]);
    assert_eq!(short.len(), 40);
    assert_eq!(trace(&short)[0], "!bad-ds64 @0");
}

#[test]
fn r8_long_tables_are_searched_past_the_in_memory_part() {
    let mut table: Vec<(&[u8; 4], u64)> = vec![(b"filr", 1); 400];
    table[300] = (b"late", 6);
    table[350] = (b"late", 8);
    let rest = concat(&[ck(b"late", u32::MAX, b"123456"), ck(b"none", u32::MAX, b"")]);
    let file = rf64(None, 0, 400, &table, &rest);
    let t = trace(&file);
    let at = 12 + 8 + 28 + 400 * 12;
    assert_eq!(
        t[2..],
        [
            format!("late @{at} 6"),
            format!("none @{} 4294967295", at + 14),
            format!("!truncated @{}", at + 14),
            "/RF64".into()
        ]
    );
}

#[test]
fn r9_missing_pad() {
    // Odd chunk with its pad: fine. Without: missing-pad on it, and on the odd form.
    let with_pad = list(b"RIFF", b"TEST", &leaf(b"odd ", b"abc"));
    assert_eq!(trace(&with_pad), ["+RIFF TEST @0 16", "odd  @12 3", "/RIFF"]);
    let without = list(b"RIFF", b"TEST", &ck(b"odd ", 3, b"abc"));
    assert_eq!(trace(&without), ["+RIFF TEST @0 15", "!missing-pad @0", "odd  @12 3", "!missing-pad @12", "/RIFF"]);
    // With the form's pad present, only the inner chunk misses its pad (its region ends
    // at the form's declared end).
    let padded = concat(&[without, vec![0]]);
    assert_eq!(trace(&padded), ["+RIFF TEST @0 15", "odd  @12 3", "!missing-pad @12", "/RIFF"]);
    // Truncated odd chunks do not also miss a pad.
    let file = list(b"RIFF", b"TEST", &ck(b"odd ", 5, b"abc"));
    assert_eq!(trace(&file), ["+RIFF TEST @0 15", "!missing-pad @0", "odd  @12 5", "!truncated @12", "/RIFF"]);
}

/// `depth` nested LISTs with a leaf at the bottom, inside a RIFF form.
fn nested(depth: usize) -> Vec<u8> {
    // The LIST k levels above the leaf holds 12k bytes: its form type, the leaf's
    // header and the k - 1 LISTs below it.
    let mut bytes = ck(b"RIFF", 12 * depth as u32 + 12, b"DEEP");
    for k in (1..=depth as u32).rev() {
        bytes.extend_from_slice(&ck(b"LIST", 12 * k, b"nest"));
    }
    bytes.extend_from_slice(&leaf(b"leaf", b""));
    bytes
}

#[test]
fn r10_depth_limit() {
    let depth_of = |file: &[u8]| {
        let mut deepest = 0;
        let mut too_deep = Vec::new();
        let mut container_at_limit = None;
        for e in Walker::new(Cursor::new(file.to_vec())).unwrap() {
            match e.unwrap() {
                Event::Enter(c) | Event::Leaf(c) => {
                    deepest = deepest.max(c.depth);
                    if c.depth == MAX_DEPTH {
                        container_at_limit = Some(c);
                    }
                }
                Event::Problem(p) => too_deep.push(p),
                Event::Leave(_) => {}
                other => panic!("an event the test does not know: {other:?}"),
            }
        }
        (deepest, too_deep, container_at_limit)
    };
    // 255 LISTs under the RIFF: the deepest LIST is at depth 256, its leaf is not walked.
    let (deepest, problems, at_limit) = depth_of(&nested(255));
    let at_limit = at_limit.unwrap();
    assert_eq!((deepest, at_limit.form), (256, Some(FourCC::new(*b"nest"))));
    assert_eq!(problems.len(), 1);
    assert_eq!((problems[0].kind, problems[0].offset), (ProblemKind::TooDeep, at_limit.offset));
    // 254 LISTs: the leaf is at depth 256, nothing wrong.
    let (deepest, problems, _) = depth_of(&nested(254));
    assert_eq!((deepest, problems.len()), (256, 0));
    // A container at depth 256 with an empty region is not too deep.
    let mut bytes = list(b"LIST", b"last", &[]);
    for _ in 0..254 {
        bytes = list(b"LIST", b"nest", &bytes);
    }
    let (deepest, problems, _) = depth_of(&list(b"RIFF", b"DEEP", &bytes));
    assert_eq!((deepest, problems.len()), (256, 0));
    // 100,000 levels: bounded stack, one problem.
    let (deepest, problems, _) = depth_of(&nested(100_000));
    assert_eq!((deepest, problems.len()), (256, 1));
}

#[test]
fn problem_order() {
    // bad-ds64 first; own problems before children's, in the fixed order; trailing where
    // each region stops.
    let inner = concat(&[ck(b"odd ", 1, b"x"), b"abc".to_vec()]);
    let body = concat(&[list(b"LIST", b"INFO", &inner), ck(b"data", u32::MAX, b"12345")]);
    let mut file = list(b"RIFF", b"WAVE", &body);
    file[4..8].copy_from_slice(&0u32.to_le_bytes());
    file.extend_from_slice(b"x");
    assert_eq!(
        trace(&file),
        [
            "+RIFF WAVE @0 0",
            "!size-placeholder @0",
            "+LIST INFO @12 16",
            "odd  @24 1",
            "!trailing @34",
            "/LIST",
            "data @36 4294967295",
            "!size-placeholder @36",
            "/RIFF"
        ]
    );
    // A top-level placeholder without room for its form: size-placeholder, then truncated.
    assert_eq!(trace(b"RIFF\0\0\0\0WA"), ["+RIFF - @0 0", "!size-placeholder @0", "!truncated @0", "/RIFF"]);
}

#[test]
fn many_chunks_stream_without_collecting() {
    let count = 100_000u32;
    let mut file = ck(b"RIFF", 4 + 8 * count, b"MANY");
    for _ in 0..count {
        file.extend_from_slice(&ck(b"zero", 0, b""));
    }
    let mut leaves = 0u64;
    let mut last_index = 0;
    for e in Walker::new(Cursor::new(file)).unwrap() {
        if let Event::Leaf(c) = e.unwrap() {
            leaves += 1;
            last_index = c.index;
        }
    }
    assert_eq!((leaves, last_index), (u64::from(count), u64::from(count) - 1));
}

/// A reader that counts the bytes read and fails past a given offset.
struct Probe {
    inner: Cursor<Vec<u8>>,
    read: u64,
    fail_at: u64,
}

impl Read for Probe {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.inner.position() >= self.fail_at {
            return Err(io::Error::other("disk on fire"));
        }
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        Ok(n)
    }
}

impl Seek for Probe {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        self.inner.seek(pos)
    }
}

#[test]
fn reads_only_headers_and_reports_io_errors() {
    let big = vec![0x55; 1 << 20];
    let file = list(b"RIFF", b"WAVE", &concat(&[leaf(b"fmt ", &[1; 16]), leaf(b"data", &big), leaf(b"last", b"")]));
    let mut walker = Walker::new(Probe { inner: Cursor::new(file.clone()), read: 0, fail_at: u64::MAX }).unwrap();
    assert_eq!(walker.by_ref().count(), 5);
    // Magic and form size, RIFF header + form, fmt header, its block align (a WAVE
    // form's placeholder data size may end one byte before a chunk), data header, the
    // last header.
    assert_eq!(walker.into_inner().read, 8 + 12 + 8 + 2 + 8 + 8);

    let walker = Walker::new(Probe { inner: Cursor::new(file), read: 0, fail_at: 100 }).unwrap();
    let events: Vec<_> = walker.collect();
    let error = events.last().unwrap().as_ref().unwrap_err();
    assert!(error.to_string().contains("offset"), "{error}");
    assert!(error.to_string().contains("disk on fire"), "{error}");
}

#[test]
fn walks_an_mmio_handle() {
    let file = list(b"RIFF", b"TEST", &leaf(b"abcd", b"xyz"));
    let handle = winmmio::Mmio::memory(file, 0).unwrap();
    let events: Vec<_> = Walker::new(handle).unwrap().map(Result::unwrap).collect();
    assert_eq!(events.len(), 3);
    assert!(matches!(events[1], Event::Leaf(c) if c.id == FourCC::new(*b"abcd") && c.size == 3));
}

#[test]
fn reader_can_be_used_mid_walk() {
    let file = list(b"RIFF", b"TEST", &concat(&[leaf(b"text", b"hello"), leaf(b"more", b"")]));
    let mut walker = Walker::new(Cursor::new(file)).unwrap();
    let mut seen = Vec::new();
    while let Some(event) = walker.next() {
        if let Event::Leaf(c) = event.unwrap() {
            let reader = walker.reader_mut();
            reader.seek(SeekFrom::Start(c.body_start())).unwrap();
            let mut data = vec![0; c.present() as usize];
            reader.read_exact(&mut data).unwrap();
            seen.push(String::from_utf8(data).unwrap());
        }
    }
    assert_eq!(seen, ["hello", ""]);
}

#[test]
fn kinds_have_the_contract_names() {
    let names: Vec<_> = ProblemKind::ALL.iter().map(|k| k.name()).collect();
    assert_eq!(
        names,
        ["not-riff", "truncated", "trailing", "missing-pad", "size-placeholder", "bad-ds64", "too-deep", "short-size"]
    );
    for &kind in ProblemKind::ALL {
        assert_eq!(ProblemKind::from_name(kind.name()), Some(kind));
        assert!(!kind.description().is_empty());
    }
}

#[test]
fn hostile_ds64_tables_are_refused_instead_of_searched() {
    // A 100,000-entry table (more than DS64_MAX_TABLE) that names none of the 60 chunk
    // ids: the walk does not start, and the error says why (tests/ds64.rs has the
    // boundaries, shared with descend).
    let entries = 100_000u32;
    let mut ds = vec![0; 28 + 12 * entries as usize];
    ds[24..28].copy_from_slice(&entries.to_le_bytes());
    let mut lists = Vec::new();
    for i in 0..60u8 {
        lists.extend_from_slice(&list(
            b"LIST",
            b"nest",
            &ck(&[b'i', b'd', b'0' + i / 10, b'0' + i % 10], u32::MAX, b""),
        ));
    }
    let mut file = concat(&[ck(b"RF64", u32::MAX, b"WAVE"), leaf(b"ds64", &ds), lists]);
    let riff_size = file.len() as u64 - 8;
    file[20..28].copy_from_slice(&riff_size.to_le_bytes());
    let error = Walker::new(Cursor::new(file)).unwrap_err();
    assert_eq!(error.kind(), std::io::ErrorKind::InvalidData);
    assert!(error.to_string().contains(winmmio::riff::TABLE_TOO_LONG), "{error}");
}
