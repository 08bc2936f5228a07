//! The one ds64 implementation as `descend` and the walker use it: tables of any length
//! give the same sizes through both, at every boundary (entries 255, 256 and 257, where
//! an older reader stopped keeping entries; a table of exactly the budget and one past
//! it); the writer promotes only files both read back; `reserve_ds64` is refused
//! anywhere but right after the form header.

mod common;

use std::fs::File;
use std::io::{BufReader, Cursor};

use common::Scratch;
use common::agree::{both_readers_agree, both_readers_agree_on};
use winmmio::riff::{DS64_MAX_TABLE, Event, TABLE_TOO_LONG, Walker};
use winmmio::{ByteOrder, ChunkInfo, Create, ErrorCode, Find, FourCC, Mmio, SeekOrigin};

/// The id of table entry `i`: unique, and none of the ids with a meaning of their own.
fn id(i: usize) -> FourCC {
    FourCC::new([b'#', (i >> 16) as u8, (i >> 8) as u8, i as u8])
}

/// The size entry `i` gives: small and even, so that its chunk fits in the test file.
fn size(i: usize) -> u64 {
    2 + 2 * (i as u64 % 5)
}

/// An RF64 file: a ds64 chunk with this table (its chunk sized to hold exactly the
/// table, tableLength as given), a `data` chunk of 4 bytes sized by dataSize, then for
/// each of `chunks` a chunk whose size field is 0xFFFFFFFF and whose data is as long
/// as the size given.
fn rf64(table: &[(FourCC, u64)], table_length: u32, chunks: &[(FourCC, u64)]) -> Vec<u8> {
    let mut v = b"RF64\xff\xff\xff\xffWAVEds64".to_vec();
    v.extend_from_slice(&(28 + 12 * table.len() as u32).to_le_bytes());
    v.extend_from_slice(&[0; 8]); // riffSize, set below
    v.extend_from_slice(&4u64.to_le_bytes()); // dataSize
    v.extend_from_slice(&0u64.to_le_bytes()); // sampleCount
    v.extend_from_slice(&table_length.to_le_bytes());
    for (id, size) in table {
        v.extend_from_slice(&id.bytes());
        v.extend_from_slice(&size.to_le_bytes());
    }
    v.extend_from_slice(b"data\xff\xff\xff\xffPCM!");
    for (id, size) in chunks {
        v.extend_from_slice(&id.bytes());
        v.extend_from_slice(&u32::MAX.to_le_bytes());
        v.resize(v.len() + *size as usize, 0x55);
    }
    let riff_size = v.len() as u64 - 8;
    v[20..28].copy_from_slice(&riff_size.to_le_bytes());
    v
}

/// A table of `n` entries, entry i being (id(i), size(i)).
fn table(n: usize) -> Vec<(FourCC, u64)> {
    (0..n).map(|i| (id(i), size(i))).collect()
}

/// The sizes both readers agree on, by id, for the chunks after `data`.
fn sizes_after_data(bytes: &[u8]) -> Vec<(FourCC, u64)> {
    let found = both_readers_agree(bytes);
    let data = found.iter().position(|&(id, _, _)| id == FourCC::DATA).expect("the data chunk");
    assert_eq!(found[data].2, 4, "dataSize");
    found[data + 1..].iter().map(|&(id, _, size)| (id, size)).collect()
}

#[test]
fn both_readers_find_every_entry_of_tables_of_any_length() {
    for n in [0usize, 1, 255, 256, 257, 300, 5000] {
        let looked_up: Vec<usize> = [0, 1, 254, 255, 256, 257, 299, n.saturating_sub(1)]
            .into_iter()
            .filter(|&i| i < n)
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let chunks: Vec<(FourCC, u64)> = looked_up.iter().map(|&i| (id(i), size(i))).collect();
        let bytes = rf64(&table(n), n as u32, &chunks);
        assert_eq!(sizes_after_data(&bytes), chunks, "a table of {n} entries");
    }
}

#[test]
fn the_first_entry_of_an_id_counts_at_every_boundary() {
    let dupe = FourCC::new(*b"dupe");
    for k in [254, 255, 256, 257] {
        let mut entries = table(300);
        entries[k] = (dupe, 6);
        entries[k + 1] = (dupe, 8);
        let only = id(k + 2);
        let bytes = rf64(&entries, 300, &[(dupe, 6), (only, size(k + 2))]);
        assert_eq!(sizes_after_data(&bytes), [(dupe, 6), (only, size(k + 2))], "duplicate at {k}");
    }
}

#[test]
fn tables_up_to_the_budget_are_read_and_one_past_it_is_refused() {
    let n = DS64_MAX_TABLE;
    let last = (id(n - 1), size(n - 1));
    let at_budget = rf64(&table(n), n as u32, &[last]);
    assert_eq!(sizes_after_data(&at_budget), [last]);

    let past = rf64(&table(n + 1), n as u32 + 1, &[last]);
    assert!(both_readers_agree(&past).is_empty());
    let error = Walker::new(Cursor::new(&past)).unwrap_err();
    assert_eq!(error.kind(), std::io::ErrorKind::InvalidData);
    assert!(error.to_string().contains(TABLE_TOO_LONG), "{error}");
    let mut file = Mmio::memory(past.clone(), 0).unwrap();
    let mut form = ChunkInfo::riff(FourCC::WAVE);
    let error = file.descend(&mut form, None, Find::Riff).unwrap_err();
    assert_eq!(error.code(), ErrorCode::InvalidFile);
    assert!(error.to_string().contains(TABLE_TOO_LONG), "{error}");

    // tableLength past the budget, but only the budget inside the chunk, or the file.
    let mut length_past = at_budget.clone();
    length_past[44..48].copy_from_slice(&(n as u32 + 1).to_le_bytes());
    assert_eq!(sizes_after_data(&length_past), [last]);
    let cut = &past[..20 + 28 + 12 * n + 11];
    let walked = both_readers_agree(cut);
    assert_eq!(walked.len(), 2, "the form and its ds64 chunk: {walked:?}");
}

#[test]
fn reserve_ds64_is_refused_anywhere_but_right_after_the_form_header() {
    let refused = |file: &mut Mmio| {
        let error = file.reserve_ds64(0).unwrap_err();
        assert_eq!(error.code(), ErrorCode::InvalidParam, "{error}");
    };
    // After fmt: refused (it used to make an RF64 file nobody could read back).
    let mut file = Mmio::memory(Vec::new(), 1024).unwrap();
    let mut form = ChunkInfo::riff(FourCC::WAVE);
    file.create_chunk(&mut form, Create::Riff).unwrap();
    let mut fmt = ChunkInfo::new(FourCC::FMT);
    file.create_chunk(&mut fmt, Create::Chunk).unwrap();
    file.write_bytes(&[0; 16]).unwrap();
    file.ascend(&mut fmt).unwrap();
    refused(&mut file);
    // Right after the header: written, 36 bytes of JUNK.
    file.seek_mmio(12, SeekOrigin::Start).unwrap();
    file.reserve_ds64(0).unwrap();
    assert_eq!(file.position(), 12 + 8 + 28);
    // No form created, a big-endian form, a form that is not at the start.
    let mut file = Mmio::memory(b"RIFF\0\0\0\0WAVE".to_vec(), 1024).unwrap();
    file.seek_mmio(12, SeekOrigin::Start).unwrap();
    refused(&mut file);
    let mut file = Mmio::memory(Vec::new(), 1024).unwrap();
    file.set_byte_order(ByteOrder::Big);
    file.create_chunk(&mut ChunkInfo::riff(FourCC::WAVE), Create::Riff).unwrap();
    refused(&mut file);
    let mut file = Mmio::memory(Vec::new(), 1024).unwrap();
    file.write_bytes(b"JUNK\x04\0\0\0abcd").unwrap();
    file.create_chunk(&mut ChunkInfo::riff(FourCC::WAVE), Create::Riff).unwrap();
    refused(&mut file);
}

/// Writes a RIFF form with a ds64 reserve for `entries`, then chunks of these ids and
/// sizes (sparse: only their first and last bytes are written); returns the result of
/// ascending the form and the file's path.
fn write_big(dir: &Scratch, entries: usize, chunks: &[(FourCC, u64)]) -> (winmmio::Result<()>, std::path::PathBuf) {
    let path = dir.path("big.wav");
    let mut file = Mmio::create(&path).unwrap();
    let mut form = ChunkInfo::riff(FourCC::WAVE);
    file.create_chunk(&mut form, Create::Riff).unwrap();
    file.reserve_ds64(entries).unwrap();
    for &(id, len) in chunks {
        let mut ck = ChunkInfo::new(id);
        file.create_chunk(&mut ck, Create::Chunk).unwrap();
        file.write_bytes(b"first").unwrap();
        file.seek_mmio((ck.data_offset + len - 4) as i64, SeekOrigin::Start).unwrap();
        file.write_bytes(b"last").unwrap();
        if let Err(error) = file.ascend(&mut ck) {
            return (Err(error), path);
        }
    }
    let result = file.ascend(&mut form);
    file.close().unwrap();
    (result, path)
}

#[test]
fn promoted_files_read_back_the_same_through_both_readers() {
    let dir = Scratch::new("ds64-promote");
    let (big, data) = ((4u64 << 30) + 6, (4u64 << 30) + 3);
    let chunks = [(FourCC::new(*b"big "), big), (FourCC::new(*b"smal"), 10), (FourCC::DATA, data)];
    let (result, path) = write_big(&dir, 1, &chunks);
    result.unwrap();
    let found = both_readers_agree_on(Mmio::open(&path).unwrap(), BufReader::new(File::open(&path).unwrap()));
    let total = std::fs::metadata(&path).unwrap().len();
    let sizes: Vec<(FourCC, u64)> = found.iter().map(|&(id, _, size)| (id, size)).collect();
    assert_eq!(
        sizes,
        [(FourCC::RF64, total - 8), (FourCC::DS64, 40), (chunks[0].0, big), (chunks[1].0, 10), (FourCC::DATA, data)]
    );
    let problems: Vec<Event> = Walker::new(BufReader::new(File::open(&path).unwrap()))
        .unwrap()
        .map(Result::unwrap)
        .filter(|event| matches!(event, Event::Problem(_)))
        .collect();
    assert_eq!(problems, []);
}

#[test]
fn promotions_the_readers_could_not_read_are_refused() {
    let dir = Scratch::new("ds64-refused");
    let big = FourCC::new(*b"big ");
    // A table entry needed, but the reserve has room for none.
    let (result, _) = write_big(&dir, 0, &[(big, 5 << 30)]);
    assert_eq!(result.unwrap_err().code(), ErrorCode::CannotWrite);
    // Two chunks with one id over 4 GiB, of different sizes: one table entry cannot
    // hold both.
    let (result, _) = write_big(&dir, 2, &[(big, 5 << 30), (big, 6 << 30)]);
    let error = result.unwrap_err();
    assert_eq!((error.code(), error.operation()), (ErrorCode::CannotWrite, Some(winmmio::Operation::Ascend)));
}
