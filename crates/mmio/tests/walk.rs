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

/// The data end and next offset of every chunk, by id, from its Leaf or Leave event:
/// `id end next`.
fn ends(bytes: &[u8]) -> Vec<String> {
    Walker::new(Cursor::new(bytes.to_vec()))
        .unwrap()
        .filter_map(|event| match event.unwrap() {
            Event::Leaf(c) | Event::Leave(c) => Some(format!("{} {} {}", c.id, c.end, c.next)),
            _ => None,
        })
        .collect()
}

/// A WAVE `fmt ` chunk (PCM, 44.1 kHz) with this block align.
fn fmt_chunk(block_align: u16) -> Vec<u8> {
    let mut body = vec![1, 0, 1, 0, 0x44, 0xac, 0, 0, 0x88, 0x58, 1, 0];
    body.extend_from_slice(&block_align.to_le_bytes());
    body.extend_from_slice(&[16, 0]);
    leaf(b"fmt ", &body)
}

#[test]
fn r5_a_short_list_size_is_believed_short_when_a_chain_follows_its_chunk() {
    // LIST INFO's size is 4 bytes short: INAM passes its end, and after INAM a chain
    // (one chunk) reaches the end of the form. The list ends after INAM.
    let body =
        |after: &[u8]| concat(&[ck(b"LIST", 12, &concat(&[b"INFO".to_vec(), leaf(b"INAM", b"abcd")])), after.to_vec()]);
    let file = list(b"RIFF", b"TEST", &body(&leaf(b"tail", b"xy")));
    assert_eq!(
        trace(&file),
        ["+RIFF TEST @0 38", "+LIST INFO @12 12", "!short-size @12", "INAM @24 4", "/LIST", "tail @36 2", "/RIFF"]
    );
    assert_eq!(ends(&file), ["INAM 36 36", "LIST 36 36", "tail 46 46", "RIFF 46 46"]);
    // The same with bytes after INAM that are no chain: INAM is cut by the list's end
    // (truncated), and the walk of the form goes on at the list's declared end.
    let file = list(b"RIFF", b"TEST", &body(&[1; 10]));
    assert_eq!(
        trace(&file),
        [
            "+RIFF TEST @0 38",
            "+LIST INFO @12 12",
            "INAM @24 4",
            "!truncated @24",
            "/LIST",
            "abcd @32 16843009",
            "!truncated @32",
            "/RIFF"
        ]
    );
    // A chunk that passes the end of the form too is not complete: truncated, however
    // short the list is.
    let file = list(b"RIFF", b"TEST", &ck(b"LIST", 12, &concat(&[b"INFO".to_vec(), ck(b"INAM", 40, b"abcd")])));
    assert_eq!(
        trace(&file),
        ["+RIFF TEST @0 28", "+LIST INFO @12 12", "INAM @24 40", "!truncated @24", "/LIST", "!trailing @32", "/RIFF"]
    );
}

#[test]
fn r5_a_short_form_size_grows_to_the_end_of_the_file_or_the_next_form() {
    // scipy's test-44100Hz-le-1ch-4bytes.wav: the RIFF size is 4 bytes short.
    let wave = |short: u32, after: &[u8]| {
        let mut file = list(b"RIFF", b"WAVE", &concat(&[fmt_chunk(2), leaf(b"data", &[7; 16])]));
        let size = u32::from_le_bytes(file[4..8].try_into().unwrap()) - short;
        file[4..8].copy_from_slice(&size.to_le_bytes());
        concat(&[file, after.to_vec()])
    };
    let head = ["+RIFF WAVE @0 48", "fmt  @12 16", "!short-size @0", "data @36 16"];
    assert_eq!(trace(&wave(4, b"")), [&head[..], &["/RIFF"]].concat());
    assert_eq!(ends(&wave(4, b"")), ["fmt  36 36", "data 60 60", "RIFF 60 60"]);
    // Tags after the samples belong to the form too.
    let tags = list(b"LIST", b"INFO", &leaf(b"ISFT", b"writer\0\0"));
    assert_eq!(trace(&wave(4, &tags)), [&head[..], &["+LIST INFO @60 20", "ISFT @72 8", "/LIST", "/RIFF"]].concat());
    // A second form ends the first one.
    let second = list(b"RIFF", b"AVIX", &leaf(b"ix00", b"ab"));
    assert_eq!(trace(&wave(4, &second)), [&head[..], &["/RIFF", "+RIFF AVIX @60 14", "ix00 @72 2", "/RIFF"]].concat());
    assert_eq!(ends(&wave(4, &second))[2], "RIFF 60 60");
    // 12 bytes short works the same way (the samples' header still fits in the form).
    assert_eq!(trace(&wave(12, b""))[2], "!short-size @0");
    // Bytes after the samples that are no chain: the samples are cut by the form's end.
    assert_eq!(
        trace(&wave(4, b"\x01\x02\x03")),
        ["+RIFF WAVE @0 48", "fmt  @12 16", "data @36 16", "!truncated @36", "/RIFF", "!trailing @56"]
    );
    // The start of a header (3 bytes of an id) after a complete chunk that is not
    // empty: a chain that ends in an incomplete header, so the size is short, and the
    // three bytes are trailing. (They were once taken as possible data of an empty
    // chunk, and the samples were called truncated: a file no repair could fix.)
    assert_eq!(trace(&wave(4, b"LIS")), [&head[..], &["!trailing @60", "/RIFF"]].concat());
}

#[test]
fn r7_a_size_of_0_is_finished_when_nothing_or_a_chain_follows() {
    // Followed by a chunk that ends the region: finished and empty.
    let file = list(b"RIFF", b"TEST", &concat(&[ck(b"emty", 0, b""), leaf(b"full", b"abcd")]));
    assert_eq!(trace(&file), ["+RIFF TEST @0 24", "emty @12 0", "full @20 4", "/RIFF"]);
    // Followed by bytes that are no chain: a placeholder whose data runs to the end.
    let file = list(b"RIFF", b"TEST", &concat(&[ck(b"emty", 0, b""), vec![1; 10]]));
    assert_eq!(trace(&file), ["+RIFF TEST @0 22", "emty @12 0", "!size-placeholder @12", "/RIFF"]);
    assert_eq!(ends(&file), ["emty 30 30", "RIFF 30 30"]);
    // Followed by a header whose size passes the region's end: no chain either.
    let file = list(b"RIFF", b"TEST", &concat(&[ck(b"emty", 0, b""), ck(b"long", 9, b"abcd")]));
    assert_eq!(trace(&file), ["+RIFF TEST @0 24", "emty @12 0", "!size-placeholder @12", "/RIFF"]);
    // Followed by another size-0 chunk, then bytes that are no chain: the chain's last
    // element may be open (a size-0 chunk whose writer died), so the first is
    // finished; the second is the open one and holds the bytes.
    let file = list(b"RIFF", b"TEST", &concat(&[ck(b"emty", 0, b""), ck(b"open", 0, b""), vec![1; 10]]));
    assert_eq!(trace(&file), ["+RIFF TEST @0 30", "emty @12 0", "open @20 0", "!size-placeholder @20", "/RIFF"]);
    assert_eq!(ends(&file), ["emty 20 20", "open 38 38", "RIFF 38 38"]);
    // A container of size 0 is a placeholder whenever anything follows its header (a
    // finished one holds at least its type); with nothing after it, it is honest and
    // has no room for its type.
    let file = list(b"RIFF", b"TEST", &concat(&[ck(b"LIST", 0, b"INFO"), leaf(b"INAM", b"ab")]));
    assert_eq!(
        trace(&file),
        ["+RIFF TEST @0 26", "+LIST INFO @12 0", "!size-placeholder @12", "INAM @24 2", "/LIST", "/RIFF"]
    );
    let file = list(b"RIFF", b"TEST", &ck(b"LIST", 0, b""));
    assert_eq!(trace(&file), ["+RIFF TEST @0 12", "+LIST - @12 0", "!truncated @12", "/LIST", "/RIFF"]);
}

#[test]
fn r7_placeholder_lists_end_at_the_first_chunk_they_cannot_hold() {
    // An AVI writer on a pipe: movi's size stays 0, idx1 follows the frames.
    let frames = concat(&[leaf(b"00dc", &[1; 6]), leaf(b"01wb", &[2; 3])]);
    let mut file = ck(b"RIFF", 0, b"AVI ");
    file.extend(concat(&[
        list(b"LIST", b"hdrl", &leaf(b"avih", &[0; 8])),
        ck(b"LIST", 0, &concat(&[b"movi".to_vec(), frames])),
        leaf(b"idx1", &[3; 16]),
    ]));
    assert_eq!(
        trace(&file),
        [
            "+RIFF AVI  @0 0",
            "!size-placeholder @0",
            "+LIST hdrl @12 20",
            "avih @24 8",
            "/LIST",
            "+LIST movi @40 0",
            "!size-placeholder @40",
            "00dc @52 6",
            "01wb @66 3",
            "/LIST",
            "idx1 @78 16",
            "/RIFF"
        ]
    );
    assert_eq!(ends(&file)[4], "LIST 78 78");
    // LIST INFO holds tags (ids starting with I): the first other chunk ends it.
    let mut file = ck(b"RIFF", 0, b"WAVE");
    file.extend(concat(&[
        ck(b"LIST", u32::MAX, &concat(&[b"INFO".to_vec(), leaf(b"INAM", b"ab"), leaf(b"IART", b"c")])),
        leaf(b"data", &[5; 4]),
    ]));
    assert_eq!(
        trace(&file),
        [
            "+RIFF WAVE @0 0",
            "!size-placeholder @0",
            "+LIST INFO @12 4294967295",
            "!size-placeholder @12",
            "INAM @24 2",
            "IART @34 1",
            "/LIST",
            "data @44 4",
            "/RIFF"
        ]
    );
    // A form ends an unfinished form, and any unfinished list inside it (an OpenDML
    // AVI on a pipe: RIFF AVIX follows RIFF AVI).
    let mut file = ck(b"RIFF", 0, b"AVI ");
    file.extend(ck(b"LIST", 0, &concat(&[b"movi".to_vec(), leaf(b"00dc", &[1; 4])])));
    file.extend(list(b"RIFF", b"AVIX", &leaf(b"00dc", &[2; 2])));
    assert_eq!(
        trace(&file),
        [
            "+RIFF AVI  @0 0",
            "!size-placeholder @0",
            "+LIST movi @12 0",
            "!size-placeholder @12",
            "00dc @24 4",
            "/LIST",
            "/RIFF",
            "+RIFF AVIX @36 14",
            "00dc @48 2",
            "/RIFF"
        ]
    );
    // Lists of other types hold anything: a placeholder adtl list runs to its region's
    // end, data chunk included.
    let mut file = ck(b"RIFF", 0, b"WAVE");
    file.extend(ck(b"LIST", 0, &concat(&[b"adtl".to_vec(), leaf(b"labl", b"ab"), leaf(b"data", b"cd")])));
    assert_eq!(trace(&file)[4..], ["labl @24 2", "data @34 2", "/LIST", "/RIFF"]);
    // A finished list holds what its size says, whatever the ids.
    let file = list(b"RIFF", b"WAVE", &concat(&[list(b"LIST", b"INFO", &leaf(b"data", b"ab")), leaf(b"IART", b"")]));
    assert_eq!(trace(&file), ["+RIFF WAVE @0 34", "+LIST INFO @12 14", "data @24 2", "/LIST", "IART @34 0", "/RIFF"]);
}

#[test]
fn r7_a_placeholder_leaf_ends_where_a_chain_of_finished_chunks_ends_the_region() {
    let samples: Vec<u8> = (0..200u32).map(|i| (i * 7 + 1) as u8 | 0x80).collect();
    let tags = list(b"LIST", b"INFO", &leaf(b"INAM", b"name"));
    for size in [0u32, u32::MAX] {
        // ffmpeg on a pipe with -write_peak: samples, then chunks after them.
        let mut file = ck(b"RIFF", size, b"WAVE");
        file.extend(concat(&[fmt_chunk(2), ck(b"data", size, &samples), leaf(b"levl", &[0; 6]), tags.clone()]));
        let data_end = 44 + samples.len() as u64;
        assert_eq!(ends(&file)[1], format!("data {data_end} {data_end}"), "{size:#x}");
        assert_eq!(
            trace(&file)[5..],
            [
                format!("levl @{data_end} 6"),
                format!("+LIST INFO @{} 16", data_end + 14),
                "INAM @270 4".into(),
                "/LIST".into(),
                "/RIFF".into()
            ]
        );
        // Without chunks after them, the samples run to the end of the region.
        let mut file = ck(b"RIFF", size, b"WAVE");
        file.extend(concat(&[fmt_chunk(2), ck(b"data", size, &samples)]));
        assert_eq!(ends(&file)[1], format!("data {data_end} {data_end}"));
        // A chain that does not end exactly at the region's end does not count: the
        // samples keep everything (nothing is lost, the chunk stays inside them).
        let mut file = ck(b"RIFF", size, b"WAVE");
        file.extend(concat(&[fmt_chunk(2), ck(b"data", size, &samples), leaf(b"levl", &[0; 6]), vec![1, 2, 3]]));
        let all = file.len();
        assert_eq!(ends(&file)[1], format!("data {all} {all}"));
    }
    // The earliest chain wins: bytes of the samples that form a chunk chained to the
    // real chunks after them are read as a chunk (a documented limit; no byte is lost).
    let mut tricky = samples.clone();
    tricky.extend(ck(b"abcd", 4, b"wxyz"));
    let mut file = ck(b"RIFF", 0, b"WAVE");
    file.extend(concat(&[fmt_chunk(2), ck(b"data", 0, &tricky), tags.clone()]));
    assert_eq!(ends(&file)[1], "data 244 244");
}

#[test]
fn r7_the_split_after_a_placeholder_leaf_follows_the_pad_rule() {
    // The bytes before a LIST read as an odd chunk ("levl", 5 bytes) that ends right
    // at the LIST, and a plausible header starts one byte later too ("IST,"): by R9
    // the walk would go on after a pad byte, so "levl" is no chain element and the
    // placeholder's data runs to the LIST. (The split once chained "levl" without its
    // pad byte; the walk then went on one byte later and called the file truncated.)
    let inam = leaf(b"INAM", &[b'n'; 32]);
    let tags = list(b"LIST", b"INFO", &inam);
    assert_eq!(&tags[4..8], &44u32.to_le_bytes());
    let mut body = b"0123".to_vec();
    body.extend(ck(b"levl", 5, b"abcde"));
    let mut file = ck(b"RIFF", 0, b"TEST");
    file.extend(concat(&[ck(b"blob", u32::MAX, &body), tags]));
    assert_eq!(
        trace(&file),
        [
            "+RIFF TEST @0 0",
            "!size-placeholder @0",
            "blob @12 4294967295",
            "!size-placeholder @12",
            "+LIST INFO @37 44",
            "INAM @49 32",
            "/LIST",
            "/RIFF"
        ]
    );
}

#[test]
fn r7_the_split_reads_rf64_sizes_from_ds64() {
    // An RF64 file whose data size is still 0 in ds64, followed by a chunk whose size
    // is in the ds64 table: that chunk is finished, and ends the samples. (The split
    // once read its 0xFFFFFFFF as a placeholder and the samples swallowed it.)
    let file =
        rf64(None, 0, 1, &[(b"big ", 2)], &concat(&[ck(b"data", u32::MAX, &[9; 10]), ck(b"big ", u32::MAX, b"xy")]));
    assert_eq!(
        trace(&file),
        ["+RF64 WAVE @0 80", "ds64 @12 40", "data @60 0", "!size-placeholder @60", "big  @78 2", "/RF64"]
    );
    assert_eq!(ends(&file)[1], "data 78 78");
}

#[test]
fn r7_an_odd_placeholder_data_chunk_keeps_its_pad_byte_out_of_the_samples() {
    // A WAVE form's data length is a whole number of frames: one byte more before the
    // chain is the pad byte of an odd size. 24-bit mono (3-byte frames), 5 frames.
    let wave = |align: u16, samples: &[u8], pad: &[u8], form: &[u8; 4]| {
        let mut file = ck(b"RIFF", 0, form);
        file.extend(concat(&[fmt_chunk(align), ck(b"data", 0, samples), pad.to_vec(), leaf(b"levl", b"ab")]));
        ends(&file)[1].clone()
    };
    assert_eq!(wave(3, &[0x11; 15], &[0], b"WAVE"), "data 59 60");
    // The same bytes with 2-byte frames: 16 bytes is a whole number of frames.
    assert_eq!(wave(2, &[0x11; 15], &[0], b"WAVE"), "data 60 60");
    // 8-bit samples (1-byte frames): the byte is a pad byte when it is 0, a sample when
    // it is not (silence is 0x80).
    assert_eq!(wave(1, &[0x80; 15], &[0], b"WAVE"), "data 59 60");
    assert_eq!(wave(1, &[0x80; 15], &[0x80], b"WAVE"), "data 60 60");
    // Outside a WAVE form nothing tells: the byte stays data.
    assert_eq!(wave(3, &[0x11; 15], &[0], b"TEST"), "data 60 60");
}

/// A reader of a file that is all zeros but for the given pieces (the 64 MiB window
/// without 64 MiB of memory).
struct Sparse {
    len: u64,
    pieces: Vec<(u64, Vec<u8>)>,
    pos: u64,
}

impl Read for Sparse {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = (buf.len() as u64).min(self.len.saturating_sub(self.pos)) as usize;
        let buf = &mut buf[..n];
        buf.fill(0);
        for (at, bytes) in &self.pieces {
            let (lo, hi) = (self.pos.max(*at), (self.pos + n as u64).min(at + bytes.len() as u64));
            if lo < hi {
                buf[(lo - self.pos) as usize..(hi - self.pos) as usize]
                    .copy_from_slice(&bytes[(lo - at) as usize..(hi - at) as usize]);
            }
        }
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for Sparse {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        self.pos = match pos {
            SeekFrom::Start(n) => n,
            SeekFrom::End(d) => self.len.checked_add_signed(d).unwrap(),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d).unwrap(),
        };
        Ok(self.pos)
    }
}

#[test]
fn r7_the_chain_after_a_placeholder_leaf_is_looked_for_in_the_last_64_mib() {
    // 80 MiB of samples with a placeholder size, then a chunk: found (it lies in the
    // last 64 MiB of the region), the samples end before it.
    let data_len = 80u64 << 20;
    let head = concat(&[ck(b"RIFF", 0, b"WAVE"), fmt_chunk(2), ck(b"data", 0, b"")]);
    let walk = |tail: Vec<u8>| {
        let len = head.len() as u64 + data_len + tail.len() as u64;
        let file = Sparse { len, pieces: vec![(0, head.clone()), (len - tail.len() as u64, tail)], pos: 0 };
        Walker::new(file)
            .unwrap()
            .filter_map(|e| match e.unwrap() {
                Event::Leaf(c) => Some((c.id.to_string(), c.end)),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    let data_end = head.len() as u64 + data_len;
    assert_eq!(
        walk(leaf(b"levl", &[1; 24])),
        [("fmt ".into(), 36), ("data".into(), data_end), ("levl".into(), data_end + 32)]
    );
    // A chunk after the samples that starts before the last 64 MiB is not looked for:
    // the samples run to the end of the file and hold it (nothing is lost).
    let mut big = ck(b"big ", 65 << 20, b"");
    big.resize(8 + (65 << 20), 0);
    let len = data_end + big.len() as u64;
    assert_eq!(walk(big), [("fmt ".into(), 36), ("data".into(), len)]);
}

#[test]
fn r9_a_missing_pad_byte_in_the_middle_of_a_region() {
    // An odd chunk right before a header, with no plausible header one byte later: the
    // writer forgot the pad byte.
    let file = list(b"RIFF", b"TEST", &concat(&[ck(b"odd ", 3, b"abc"), leaf(b"next", b"xy")]));
    assert_eq!(
        trace(&file),
        ["+RIFF TEST @0 25", "!missing-pad @0", "odd  @12 3", "!missing-pad @12", "next @23 2", "/RIFF"]
    );
    assert_eq!(ends(&file)[0], "odd  23 23");
    // A plausible header one byte later as well: the byte is the pad byte ('L' before
    // "LIST", as a writer that pads with the next byte would leave).
    let tags = list(b"LIST", b"INFO", &leaf(b"INAM", b"ab"));
    let file = list(b"RIFF", b"TEST", &concat(&[ck(b"odd ", 3, b"abc"), b"L".to_vec(), tags.clone()]));
    assert_eq!(trace(&file), ["+RIFF TEST @0 38", "odd  @12 3", "+LIST INFO @24 14", "INAM @36 2", "/LIST", "/RIFF"]);
    assert_eq!(ends(&file)[0], "odd  23 24");
    // No plausible header at either place: the pad byte is assumed (and what follows
    // is what it is: here bytes too few for a header).
    let file = list(b"RIFF", b"TEST", &concat(&[ck(b"odd ", 3, b"abc"), vec![0xff; 5]]));
    assert_eq!(trace(&file)[..3], ["+RIFF TEST @0 20", "odd  @12 3", "!trailing @24"]);
    assert_eq!(ends(&file)[0], "odd  23 24");
}

#[test]
fn the_last_bytes_after_an_empty_chunk_are_a_header_only_when_its_0_is_final() {
    // RIFF TEST { full, emty (0) } + 1..7 bytes at the end of the file: the start of the
    // next header (dropped by a repair), or the first data bytes of emty if its
    // writer died before fixing its size of 0 (kept). Only a form size of 0xFFFFFFFF
    // says the writer's placeholder is not 0, so that the 0 of emty is final; no
    // pattern in the bytes tells (`LIST\0\0` is also a 4-character text, its NUL and
    // its pad byte).
    let cases: [(&[u8], bool); 11] = [
        // bytes, a header when the form size is 0xFFFFFFFF (never when it is 0)
        (b"L", true),
        (b"LI", true),
        (b"LIS", true),
        (b"LIST", true),
        (b"LIST\0", true),
        (b"LIST\0\0\0", true),
        (b"LIST\xff\xff", true),
        (b"LIST\x05", true),
        (b"LIST\0\xff", true),
        (b"\x01\x02", false),
        (b" abc", false),
    ];
    for (tail, header_if_ff) in cases {
        for (form_size, header) in [(0u32, false), (u32::MAX, header_if_ff)] {
            let mut file = ck(b"RIFF", form_size, b"TEST");
            file.extend(concat(&[leaf(b"full", b"ab"), ck(b"emty", 0, b""), tail.to_vec()]));
            let t = trace(&file);
            let want = if header {
                vec!["emty @22 0".to_string(), "!trailing @30".into()]
            } else {
                vec!["emty @22 0".to_string(), "!size-placeholder @22".into()]
            };
            assert_eq!(t[3..5], want, "{tail:?} after a form size {form_size:#x}");
        }
    }
}

#[test]
fn hostile_look_ahead_ends_the_walk_instead_of_hanging() {
    // Thousands of lists whose sizes are 8 bytes short, each holding a chunk that
    // passes its end: every one makes the walker check that the rest of the form is a
    // chain (it is: the bytes after each list's declared end read as an empty chunk),
    // which is quadratic. The look-ahead budget ends the walk with an error.
    let one = concat(&[ck(b"LIST", 12, b"nest"), ck(b"leaf", 8, b"pad \0\0\0\0")]);
    let count = 4000;
    let file = list(b"RIFF", b"TEST", &one.repeat(count));
    let events: Vec<_> = Walker::new(Cursor::new(file)).unwrap().collect();
    let short =
        events.iter().filter(|e| matches!(e, Ok(Event::Problem(p)) if p.kind == ProblemKind::ShortSize)).count();
    let error = events.last().unwrap().as_ref().unwrap_err();
    assert!(error.to_string().contains("too long to analyse"), "{error}");
    assert!(short > 100 && short < count, "{short} lists walked before the budget ran out");
    // The same lists, a few of them: walked completely, every size short.
    let file = list(b"RIFF", b"TEST", &one.repeat(20));
    let t = trace(&file);
    assert_eq!(t.iter().filter(|l| l.starts_with("!short-size")).count(), 20);
    assert!(!t.iter().any(|l| l.contains("truncated")), "{t:?}");
}

/// An AVI index entry: chunk id, flags, offset, length.
fn index_entry(id: &[u8; 4], flags: u32, offset: u32, len: u32) -> Vec<u8> {
    let mut entry = id.to_vec();
    for field in [flags, offset, len] {
        entry.extend_from_slice(&field.to_le_bytes());
    }
    entry
}

#[test]
fn r7_an_empty_idx1_needs_more_than_an_empty_chunk_after_it() {
    // An AVI writer killed while writing its index: idx1's size is still 0, and its
    // first entry (a frame that is not a key frame: flags 0) reads as an empty chunk
    // '00dc'. For any other chunk that would be a chain (its last element may be an
    // open empty chunk), but for idx1 it is no evidence: idx1 is unfinished, and holds
    // the entries. (It was read as finished, and a repair wrote a size into the flags
    // of the first entry.)
    let frames = concat(&[leaf(b"00dc", &[0, 0, 1, 5, 5, 5]), leaf(b"00dc", &[0, 0, 1, 6])]);
    let entries = concat(&[index_entry(b"00dc", 0, 4, 6), index_entry(b"00dc", 0, 18, 4)]);
    let head = concat(&[ck(b"RIFF", 0, b"AVI "), list(b"LIST", b"movi", &frames)]);
    let file = concat(&[head.clone(), ck(b"idx1", 0, &entries[..28])]);
    let t = trace(&file);
    assert_eq!(t[t.len() - 3..], ["idx1 @50 0", "!size-placeholder @50", "/RIFF"]);
    assert_eq!(ends(&file)[3], "idx1 86 86");
    // After an empty chunk, the same: the index is not taken for a finished empty
    // chunk on the way.
    let file = concat(&[head.clone(), ck(b"JUNK", 0, b""), ck(b"idx1", 0, &entries[..28])]);
    let t = trace(&file);
    assert_eq!(t[t.len() - 4..], ["JUNK @50 0", "idx1 @58 0", "!size-placeholder @58", "/RIFF"]);
    // An empty idx1 followed by finished chunks is finished, as any empty chunk is.
    let file = concat(&[head.clone(), ck(b"idx1", 0, b""), leaf(b"JUNK", b"ab")]);
    let t = trace(&file);
    assert_eq!(t[t.len() - 3..], ["idx1 @50 0", "JUNK @58 2", "/RIFF"]);
    // Other chunks keep the rule: an empty chunk followed by an open empty chunk.
    let file = concat(&[head, ck(b"JUNK", 0, b""), ck(b"00dc", 0, &[1, 2, 3])]);
    let t = trace(&file);
    assert_eq!(t[t.len() - 4..], ["JUNK @50 0", "00dc @58 0", "!size-placeholder @58", "/RIFF"]);
}
