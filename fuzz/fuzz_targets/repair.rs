//! `winmmio::riff::repair` on arbitrary bytes. A plan may be refused; when it is made:
//! the repaired file is read in full and verifies (`Plan::verify`); the invariant of
//! `docs/repair.md` holds, checked here without the planner's code, from the plan's
//! `map` and `changes` alone: every input byte outside the changed fields and the
//! dropped tail is at its mapped place in the output, every output byte no input byte
//! maps to is a zero pad byte, every changed field held its `old` value and now holds
//! its `new` one, every 32-bit size change lands on the size field of a chunk of the
//! same id in the repaired file, every count change in the data of a chunk that holds
//! such a count (`avih`'s flags: only `AVIF_HASINDEX`, cleared), at most an incomplete
//! header (11 bytes) is dropped;
//! the repaired file needs no further repair; and a file in which the walker finds no
//! problem gives an empty plan.
#![no_main]

use std::collections::{BTreeMap, HashMap};
use std::io::{Cursor, Read};

use libfuzzer_sys::fuzz_target;
use winmmio::riff::counts::{AVIF_HASINDEX, CountField};
use winmmio::riff::repair::{self, ChangeKind, Plan, RepairErrorKind};
use winmmio::riff::{Event, Walker, is_form};

/// The input bytes the changes rewrite, with their new values (in plan order: the
/// ds64 sizes set after a promotion override the zeros it wrote). Checks each old value.
fn rewritten(plan: &Plan, data: &[u8]) -> BTreeMap<u64, u8> {
    let big = data.starts_with(b"RIFX");
    let mut bytes = BTreeMap::new();
    let mut put = |at: u64, new: &[u8]| {
        for (k, &b) in new.iter().enumerate() {
            bytes.insert(at + k as u64, b);
        }
    };
    for change in plan.changes() {
        let at = change.offset as usize;
        match change.kind {
            ChangeKind::Size32 { old, new, .. } => {
                let encode = |v: u32| if big { v.to_be_bytes() } else { v.to_le_bytes() };
                assert_eq!(data[at..at + 4], encode(old), "{change}: old value");
                put(change.offset, &encode(new));
            }
            ChangeKind::Size64 { old, new, .. } => {
                assert_eq!(data[at..at + 8], old.to_le_bytes(), "{change}: old value");
                put(change.offset, &new.to_le_bytes());
            }
            ChangeKind::PromoteToRf64 => {
                put(0, b"RF64");
                put(12, b"ds64");
                // riffSize, dataSize, sampleCount, tableLength: zero until set.
                put(20, &[0; 28]);
            }
            ChangeKind::Count { field, old, new } => {
                let encode = |v: u64| match field.width() {
                    8 => v.to_le_bytes().to_vec(),
                    _ if big => (v as u32).to_be_bytes().to_vec(),
                    _ => (v as u32).to_le_bytes().to_vec(),
                };
                assert_eq!(data[at..at + field.width()], encode(old)[..], "{change}: old value");
                if field == CountField::AviFlags {
                    let flag = u64::from(AVIF_HASINDEX);
                    assert_eq!(old ^ new, flag, "{change}: a flag other than AVIF_HASINDEX changed");
                    assert_eq!(new & flag, 0, "{change}: AVIF_HASINDEX set");
                }
                put(change.offset, &encode(new));
            }
            ChangeKind::InsertPad | ChangeKind::AppendPad | ChangeKind::DropTail { .. } => {}
            _ => panic!("a change the invariant does not allow: {change}"),
        }
    }
    bytes
}

fn check_invariant(plan: &Plan, data: &[u8], out: &[u8]) {
    let len = data.len() as u64;
    let cut = plan
        .changes()
        .iter()
        .filter_map(|c| match c.kind {
            ChangeKind::DropTail { len: dropped } => {
                assert_eq!(c.offset + dropped, len, "{c}: a tail ends at the end of the input");
                Some(c.offset)
            }
            _ => None,
        })
        .min()
        .unwrap_or(len);
    assert!(len - cut <= 11, "{} bytes dropped: more than an incomplete header", len - cut);
    let pads =
        plan.changes().iter().filter(|c| matches!(c.kind, ChangeKind::InsertPad | ChangeKind::AppendPad)).count();
    assert_eq!(out.len() as u64, cut + pads as u64, "output length: kept input and pad bytes, nothing else");
    let fields = rewritten(plan, data);
    // Kept input bytes: each at its place, in order, unchanged unless a change rewrote it.
    let mut mapped = vec![false; out.len()];
    let mut last = None;
    for i in 0..cut {
        let o = plan.map(i);
        assert!(last.is_none_or(|l| o > l), "map is not increasing at input byte {i}");
        last = Some(o);
        assert!(o < out.len() as u64, "input byte {i} maps past the output");
        mapped[o as usize] = true;
        let want = fields.get(&i).copied().unwrap_or(data[i as usize]);
        assert_eq!(out[o as usize], want, "input byte {i} (output byte {o})");
    }
    // Every other output byte is an inserted pad byte: zero.
    for (o, &was_mapped) in mapped.iter().enumerate() {
        if !was_mapped {
            assert_eq!(out[o], 0, "output byte {o} maps from no input byte and is not a zero pad byte");
        }
    }
    // Size fields rewritten are size fields of chunks of the repaired file (a form may
    // have become RF64), 64-bit ones inside its ds64 chunk; count fields lie in the data
    // of a chunk that holds such a count.
    let mut headers = HashMap::new();
    let mut leaves = Vec::new();
    for event in Walker::new(Cursor::new(out)).unwrap() {
        match event {
            Ok(Event::Enter(c)) => {
                headers.insert(c.offset + 4, c.id);
            }
            Ok(Event::Leaf(c)) => {
                headers.insert(c.offset + 4, c.id);
                leaves.push((c.id, c.data_offset(), c.end));
            }
            _ => {}
        }
    }
    for change in plan.changes() {
        match change.kind {
            ChangeKind::Size32 { id, .. } => {
                let found = headers.get(&plan.map(change.offset));
                assert!(
                    found.is_some_and(|&f| f == id || (is_form(f) && is_form(id))),
                    "{change}: not the size field of a chunk '{id}' (found {found:?})"
                );
            }
            ChangeKind::Count { field, .. } => {
                let at = plan.map(change.offset);
                let holder = leaves.iter().find(|&&(_, data, end)| at >= data && at + field.width() as u64 <= end);
                let ids: &[&[u8; 4]] = match field {
                    CountField::FactSampleLength => &[b"fact"],
                    CountField::Ds64SampleCount => &[b"ds64"],
                    CountField::AviTotalFrames | CountField::AviFlags => &[b"avih"],
                    CountField::StreamLength(_) => &[b"strh"],
                    CountField::OdmlTotalFrames => &[b"dmlh"],
                    _ => &[],
                };
                assert!(
                    holder.is_some_and(|(id, _, _)| ids.iter().any(|want| id.bytes() == **want)),
                    "{change}: not in the data of a chunk holding that count ({holder:?})"
                );
            }
            ChangeKind::Size64 { .. } => {
                let ds64_end = 20 + u64::from(u32::from_le_bytes(out[16..20].try_into().unwrap()));
                assert!(&out[12..16] == b"ds64" && change.offset >= 20 && change.offset + 8 <= ds64_end, "{change}");
            }
            _ => {}
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let plan = match repair::plan(Cursor::new(data)) {
        Ok(plan) => plan,
        Err(error) => {
            // Refused, or the walk gave up on a hostile file; never anything else.
            assert!(matches!(error.kind(), RepairErrorKind::Refused | RepairErrorKind::Io), "{error}");
            return;
        }
    };
    assert_eq!(plan.input_len(), data.len() as u64);
    let mut out = Vec::new();
    plan.repaired(Cursor::new(data)).read_to_end(&mut out).unwrap();
    assert_eq!(out.len() as u64, plan.output_len());
    if let Err(error) = plan.verify(Cursor::new(data), Cursor::new(&out)) {
        panic!("the repaired file does not verify: {error}; changes {:?}", plan.changes());
    }
    check_invariant(&plan, data, &out);
    let again = repair::plan(Cursor::new(&out)).unwrap_or_else(|e| panic!("the repaired file is refused: {e}"));
    assert!(again.is_empty(), "a second repair changes {:?}", again.changes());
    let clean = Walker::new(Cursor::new(data)).unwrap().all(|e| !matches!(e, Ok(Event::Problem(_)) | Err(_)));
    if clean {
        assert!(plan.is_empty() && plan.leftovers().is_empty(), "a clean file gets {:?}", plan.changes());
    }
});
