//! A chunk search gives the same answers whatever the buffering: unbuffered (every
//! header read from the procedure), small buffers (headers across buffer boundaries),
//! the default buffer (the in-buffer fast path passes most chunks) and a memory file.
//! Each search reports its result code, the chunk info it leaves and the position.

mod common;

use common::Scratch;
use winmmio::{ChunkInfo, ErrorCode, Find, FourCC, Mmio, OpenOptions};

fn push_chunk(out: &mut Vec<u8>, id: &[u8; 4], size: u32, body_len: usize) {
    out.extend_from_slice(id);
    out.extend_from_slice(&size.to_le_bytes());
    out.extend(std::iter::repeat_n(0x5a, body_len));
}

/// A RIFF form of plain chunks (odd and even sizes), a LIST with children, a chunk with
/// a 0xFFFFFFFF size and a last chunk whose size runs past the end of the form.
fn sample() -> Vec<u8> {
    let mut body = b"TEST".to_vec();
    for i in 0..300u32 {
        let size = (i * 13) % 37;
        let id = if i % 50 == 49 { b"mark" } else { b"leaf" };
        push_chunk(&mut body, id, size, (size + (size & 1)) as usize);
        if i == 120 {
            // The last child has an odd size and the list ends before its pad byte.
            let mut list = b"GRP ".to_vec();
            push_chunk(&mut list, b"kid1", 3, 4);
            push_chunk(&mut list, b"mark", 2, 2);
            push_chunk(&mut list, b"odd1", 1, 1);
            push_chunk(&mut body, b"LIST", list.len() as u32, 0);
            body.extend_from_slice(&list);
            body.push(0);
            // A list whose children end exactly at its end.
            let mut list = b"GRP2".to_vec();
            push_chunk(&mut list, b"kid2", 5, 6);
            push_chunk(&mut list, b"kid3", 0, 0);
            push_chunk(&mut body, b"LIST", list.len() as u32, 0);
            body.extend_from_slice(&list);
        }
        if i == 200 {
            push_chunk(&mut body, b"huge", u32::MAX, 0);
        }
    }
    push_chunk(&mut body, b"tail", 1000, 10);
    let mut file = Vec::new();
    push_chunk(&mut file, b"RIFF", body.len() as u32, 0);
    file.extend_from_slice(&body);
    file
}

/// Every search of `find` for `id` inside the form, repeated until one fails, with a
/// fresh search after each failure from a few restart points.
fn searches(file: &mut Mmio, find: Find, id: FourCC) -> Vec<(Option<ErrorCode>, ChunkInfo, u64)> {
    let mut seen = Vec::new();
    let mut form = ChunkInfo::default();
    file.descend(&mut form, None, Find::Riff).unwrap();
    // Inside each list first, then inside the form from a few restart points.
    for list_type in [*b"GRP ", *b"GRP2"] {
        file.seek_mmio(form.data_offset as i64 + 4, winmmio::SeekOrigin::Start).unwrap();
        let mut list = ChunkInfo::list(FourCC::new(list_type));
        file.descend(&mut list, Some(&form), Find::List).unwrap();
        loop {
            let mut ck = ChunkInfo::new(id);
            let result = file.descend(&mut ck, Some(&list), if find == Find::List { Find::Chunk } else { find });
            seen.push((result.as_ref().err().map(|e| e.code()), ck.clone(), file.position()));
            if result.is_err() || file.ascend(&mut ck).is_err() {
                break;
            }
        }
    }
    for restart in [form.data_offset + 4, 600, 1777, 4000] {
        file.seek_mmio(restart as i64, winmmio::SeekOrigin::Start).unwrap();
        loop {
            let mut ck = if find == Find::List { ChunkInfo::list(id) } else { ChunkInfo::new(id) };
            let result = file.descend(&mut ck, Some(&form), find);
            seen.push((result.as_ref().err().map(|e| e.code()), ck.clone(), file.position()));
            if result.is_err() || seen.len() > 500 {
                break;
            }
            if let Err(e) = file.ascend(&mut ck) {
                seen.push((Some(e.code()), ck, file.position()));
                break;
            }
        }
    }
    seen
}

#[test]
fn searches_agree_for_every_buffering() {
    let dir = Scratch::new("search-buffering");
    let path = dir.path("sample.riff");
    std::fs::write(&path, sample()).unwrap();
    let cases = [
        (Find::Chunk, FourCC::new(*b"mark")),
        (Find::Chunk, FourCC::new(*b"tail")),
        (Find::Chunk, FourCC::new(*b"none")),
        (Find::Chunk, FourCC::default()),
        (Find::List, FourCC::new(*b"GRP ")),
        (Find::List, FourCC::default()),
    ];
    for (find, id) in cases {
        let mut unbuffered = OpenOptions::new().unbuffered().open(&path).unwrap();
        let expected = searches(&mut unbuffered, find, id);
        assert!(expected.len() > 3, "{find:?} {id}: {expected:?}");
        for buffer in [13, 64, 8192] {
            let mut file = OpenOptions::new().buffer_size(buffer).open(&path).unwrap();
            assert_eq!(searches(&mut file, find, id), expected, "{find:?} {id}, buffer {buffer}");
        }
        // A memory file cannot move past its end, where a disk file can (ascending
        // from a chunk whose size runs past the end): compare up to there.
        let mut memory = Mmio::memory(sample(), 0).unwrap();
        let in_file = expected.iter().take_while(|(_, _, at)| *at <= sample().len() as u64).count();
        assert_eq!(searches(&mut memory, find, id)[..in_file], expected[..in_file], "{find:?} {id}, memory file");
    }
}
