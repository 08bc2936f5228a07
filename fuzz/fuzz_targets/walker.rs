//! The chunk walker (`winmmio::riff::Walker`) on arbitrary bytes, its events checked
//! against the rules every walk must keep: containers entered and left in order (the
//! same chunk, whose final end may differ from the one known at its entry: a short
//! size grows it, a placeholder list ends at a chunk it cannot hold), every chunk
//! inside the file and its children inside its final end, headers in increasing file
//! order (so the walk ends), depth at most `MAX_DEPTH`, problems inside the file, and
//! at most one chunk per 8 bytes. The same bytes are also walked through an `Mmio`
//! memory file, which must give the same events, and `descend` must find every chunk
//! of the first form with the walker's size (the two readers of ds64 sizes agree).
#![no_main]

#[path = "../../crates/mmio/tests/common/agree.rs"]
mod agree;

use std::io::Cursor;

use libfuzzer_sys::fuzz_target;
use winmmio::Mmio;
use winmmio::riff::{Chunk, Event, MAX_DEPTH, Walker};

/// A container being walked, and the furthest end (pad byte included) of its children.
struct Open {
    chunk: Chunk,
    children_end: u64,
}

fn walk_checked(data: &[u8]) -> Vec<Event> {
    let len = data.len() as u64;
    let walker = Walker::new(Cursor::new(data)).expect("a cursor cannot fail");
    assert_eq!(walker.file_size(), len);
    let mut open: Vec<Open> = Vec::new();
    let mut last_offset: Option<u64> = None;
    let mut chunks = 0u64;
    let mut events = Vec::new();
    for event in walker {
        let event = event.expect("a cursor cannot fail");
        match event {
            Event::Enter(c) | Event::Leaf(c) => {
                chunks += 1;
                assert_eq!(c.depth as usize, open.len() + 1, "depth of {c:?}");
                assert!(c.depth <= MAX_DEPTH);
                assert!(last_offset.is_none_or(|last| c.offset > last), "{c:?} does not move forward");
                last_offset = Some(c.offset);
                assert!(c.data_offset() <= c.end || c.end == len, "{c:?}");
                assert!(c.end <= len, "{c:?} ends past the file");
                if let Some(parent) = open.last() {
                    assert!(c.offset >= parent.chunk.body_start(), "{c:?} before the body of {:?}", parent.chunk);
                }
                if let Event::Leaf(c) = event {
                    assert!(!c.is_container());
                    assert!(c.end <= c.next && c.next <= c.end + 1 && c.next <= len, "{c:?}");
                    if let Some(parent) = open.last_mut() {
                        parent.children_end = parent.children_end.max(c.next);
                    }
                } else {
                    assert!(c.is_container());
                    open.push(Open { chunk: c, children_end: 0 });
                }
            }
            Event::Leave(c) => {
                let entered = open.pop().expect("unbalanced leave");
                let e = entered.chunk;
                assert_eq!(
                    (e.id, e.offset, e.size, e.form, e.depth, e.index),
                    (c.id, c.offset, c.size, c.form, c.depth, c.index)
                );
                assert!(c.end <= len && c.end <= c.next && c.next <= c.end + 1 && c.next <= len, "{c:?}");
                // Its children, pad bytes included, lie inside its final end.
                assert!(entered.children_end <= c.end, "children of {c:?} end at {}", entered.children_end);
                if let Some(parent) = open.last_mut() {
                    parent.children_end = parent.children_end.max(c.next);
                }
            }
            Event::Problem(p) => assert!(p.offset <= len, "{p:?} past the end"),
            other => panic!("an event this target does not check: {other:?}"),
        }
        events.push(event);
    }
    assert!(open.is_empty(), "containers left open");
    assert!(chunks <= len / 8 + 1, "{chunks} chunks in {len} bytes");
    events
}

fuzz_target!(|data: &[u8]| {
    if agree::both_readers_agree(data).is_empty() && Walker::new(Cursor::new(data)).is_err() {
        return; // a ds64 table over the budget, refused by both readers
    }
    let events = walk_checked(data);
    let file = Mmio::memory(data.to_vec(), 0).unwrap();
    let through_mmio: Vec<Event> = Walker::new(file).unwrap().map(|e| e.unwrap()).collect();
    assert_eq!(events, through_mmio, "the walk depends on the reader");
});
