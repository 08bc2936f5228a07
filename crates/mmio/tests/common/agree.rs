//! The two readers of chunk sizes, [`Walker`] and `descend`, on the same bytes: every
//! chunk the walk meets inside the file's first form must be found by `descend` at
//! the same offset with the same id and size (RF64 sizes from the ds64 chunk
//! included), and a ds64 table over the budget must be refused by both.
//!
//! Used by `tests/ds64.rs` and by the `walker` and `ds64` fuzz targets.

use std::io::{Cursor, Read, Seek};

use winmmio::riff::{Event, TABLE_TOO_LONG, Walker};
use winmmio::{ChunkInfo, ErrorCode, Find, FourCC, Mmio, SeekOrigin};

/// Checks that both readers agree on `bytes`; returns the (id, offset, size) of every
/// chunk of the first form as the walker found them (empty when both refused).
pub fn both_readers_agree(bytes: &[u8]) -> Vec<(FourCC, u64, u64)> {
    let file = Mmio::memory(bytes.to_vec(), 0).expect("a memory file opens");
    both_readers_agree_on(file, Cursor::new(bytes))
}

/// [`both_readers_agree`] on a file open twice: `file` for descend, `reader` for the
/// walker.
pub fn both_readers_agree_on(mut file: Mmio, reader: impl Read + Seek) -> Vec<(FourCC, u64, u64)> {
    let mut form = ChunkInfo::default();
    let top = file.descend(&mut form, None, Find::Here);
    let walker = match Walker::new(reader) {
        Ok(walker) => walker,
        Err(error) => {
            assert!(error.to_string().contains(TABLE_TOO_LONG), "the walker failed: {error}");
            let refused = top.expect_err("descend read a ds64 table the walker refused");
            assert_eq!(refused.code(), ErrorCode::InvalidFile, "{refused}");
            assert!(refused.to_string().contains(TABLE_TOO_LONG), "{refused}");
            return Vec::new();
        }
    };
    // The walker runs streaming placeholders (R7) to the end of their region, where
    // descend keeps to the declared size: the search is bounded by the file instead.
    let unbounded = ChunkInfo { size: u64::MAX / 2, ..form.clone() };
    let mut found = Vec::new();
    let mut in_first_form = false;
    for event in walker {
        let chunk = match event.expect("the walk reads") {
            Event::Enter(c) | Event::Leaf(c) => c,
            Event::Leave(c) => {
                in_first_form &= !(c.depth == 1 && c.offset == 0);
                continue;
            }
            _ => continue,
        };
        if chunk.depth == 1 {
            in_first_form = chunk.offset == 0 && chunk.is_container();
            if chunk.offset == 0
                && let Ok(()) = top
            {
                assert_eq!((form.id, form.size), (chunk.id, chunk.size), "the form: {chunk:?}");
            }
            found.push((chunk.id, chunk.offset, chunk.size));
            continue;
        }
        if !in_first_form || top.is_err() {
            continue;
        }
        found.push((chunk.id, chunk.offset, chunk.size));
        file.seek_mmio(chunk.offset as i64, SeekOrigin::Start).expect("the walker's offsets are in the file");
        let mut ck = ChunkInfo::default();
        match file.descend(&mut ck, Some(&unbounded), Find::Here) {
            Ok(()) => assert_eq!((ck.id, ck.size), (chunk.id, chunk.size), "descend at {}: {ck:?}", chunk.offset),
            // Only a container without room for its form type is not found.
            Err(error) => assert!(chunk.is_container() && chunk.form.is_none(), "{chunk:?}: {error}"),
        }
    }
    found
}
