//! docs/behavior.md §6: descend, ascend and create-chunk; RIFX and RF64 beyond Windows.

mod common;

use common::{Faults, Msg, Scratch, Store};
use winmmio::{ByteOrder, ChunkFlags, ChunkInfo, Create, ErrorCode, Find, FourCC, Mmio, OpenOptions, SeekOrigin};

fn fcc(s: &[u8; 4]) -> FourCC {
    FourCC::new(*s)
}

/// RIFF 'WAVE' { fmt (3 bytes + pad), LIST 'INFO' { INAM "ab" }, data (4) }, then a
/// second form RIFF 'AVI ' { hdrl (0) }.
fn sample() -> Vec<u8> {
    let mut v = Vec::new();
    let chunk = |v: &mut Vec<u8>, id: &[u8; 4], size: u32, body: &[u8]| {
        v.extend_from_slice(id);
        v.extend_from_slice(&size.to_le_bytes());
        v.extend_from_slice(body);
    };
    chunk(&mut v, b"RIFF", 4 + 12 + 22 + 12, b"WAVE");
    chunk(&mut v, b"fmt ", 3, b"xyz\0");
    chunk(&mut v, b"LIST", 4 + 10, b"INFO");
    chunk(&mut v, b"INAM", 2, b"ab");
    chunk(&mut v, b"data", 4, &[1, 2, 3, 4]);
    chunk(&mut v, b"RIFF", 12, b"AVI ");
    chunk(&mut v, b"hdrl", 0, b"");
    v
}

#[test]
fn descend_modes_and_positions() {
    let mut file = Mmio::memory(sample(), 0).unwrap();
    let mut riff = ChunkInfo::default();
    file.descend(&mut riff, None, Find::Here).unwrap();
    assert_eq!(
        riff,
        ChunkInfo { id: FourCC::RIFF, size: 50, form: FourCC::WAVE, data_offset: 8, flags: ChunkFlags::empty() }
    );
    assert_eq!(file.position(), 12);

    let mut ck = ChunkInfo::default();
    file.descend(&mut ck, Some(&riff), Find::Here).unwrap();
    assert_eq!((ck.id, ck.size, ck.form, ck.data_offset), (fcc(b"fmt "), 3, FourCC::default(), 20));
    assert_eq!(file.position(), 20);
    file.ascend(&mut ck).unwrap();
    assert_eq!(file.position(), 24, "past the pad byte");

    let mut list = ChunkInfo::list(FourCC::INFO);
    file.descend(&mut list, Some(&riff), Find::List).unwrap();
    assert_eq!((list.data_offset, list.size, file.position()), (32, 14, 36));
    let mut any = ChunkInfo::default();
    file.descend(&mut any, Some(&list), Find::Chunk).unwrap();
    assert_eq!((any.id, any.size), (fcc(b"INAM"), 2));
    file.ascend(&mut any).unwrap();
    // Bounded by the parent: 'data' is outside the list.
    let mut data = ChunkInfo::new(FourCC::DATA);
    assert_eq!(file.descend(&mut data, Some(&list), Find::Chunk).unwrap_err().code(), ErrorCode::ChunkNotFound);
    file.ascend(&mut list).unwrap();
    file.descend(&mut data, Some(&riff), Find::Chunk).unwrap();
    assert_eq!((data.data_offset, data.size, file.position()), (54, 4, 54));
    file.ascend(&mut data).unwrap();
    file.ascend(&mut riff).unwrap();
    assert_eq!(file.position(), 58);

    // FINDRIFF skips forms of other types; form type 0 matches any.
    file.seek_mmio(0, SeekOrigin::Start).unwrap();
    let mut avi = ChunkInfo::riff(FourCC::AVI);
    file.descend(&mut avi, None, Find::Riff).unwrap();
    assert_eq!((avi.data_offset, file.position()), (66, 70));
    file.seek_mmio(0, SeekOrigin::Start).unwrap();
    let mut first = ChunkInfo::riff(FourCC::default());
    file.descend(&mut first, None, Find::Riff).unwrap();
    assert_eq!(first.form, FourCC::WAVE);
}

#[test]
fn a_failed_search_leaves_the_last_header_examined() {
    let mut file = Mmio::memory(sample(), 0).unwrap();
    let mut riff = ChunkInfo::riff(FourCC::WAVE);
    file.descend(&mut riff, None, Find::Riff).unwrap();
    let mut ck = ChunkInfo::new(fcc(b"nope"));
    assert_eq!(file.descend(&mut ck, Some(&riff), Find::Chunk).unwrap_err().code(), ErrorCode::ChunkNotFound);
    assert_eq!((ck.id, ck.size, ck.data_offset), (FourCC::DATA, 4, 54));
    // The documented recovery.
    file.seek_mmio(riff.data_offset as i64 + 4, SeekOrigin::Start).unwrap();
    let mut fmt = ChunkInfo::new(FourCC::FMT);
    file.descend(&mut fmt, Some(&riff), Find::Chunk).unwrap();

    let mut list = ChunkInfo::list(fcc(b"adtl"));
    file.seek_mmio(12, SeekOrigin::Start).unwrap();
    assert_eq!(file.descend(&mut list, Some(&riff), Find::List).unwrap_err().code(), ErrorCode::ChunkNotFound);
    let mut form = ChunkInfo::riff(fcc(b"RMID"));
    file.seek_mmio(0, SeekOrigin::Start).unwrap();
    assert_eq!(file.descend(&mut form, None, Find::Riff).unwrap_err().code(), ErrorCode::ChunkNotFound);
    assert_eq!(form.form, FourCC::AVI);
}

#[test]
fn hostile_sizes_never_panic_or_loop() {
    let mut bytes = b"RIFF\xff\xff\xff\xffWAVEjunk\xff\xff\xff\xffdata\x04\0\0\0".to_vec();
    bytes.extend_from_slice(&[0; 4]);
    let mut file = Mmio::memory(bytes, 0).unwrap();
    let mut riff = ChunkInfo::default();
    file.descend(&mut riff, None, Find::Here).unwrap();
    assert_eq!(riff.size, u32::MAX as u64);
    let mut data = ChunkInfo::new(FourCC::DATA);
    assert_eq!(file.descend(&mut data, Some(&riff), Find::Chunk).unwrap_err().code(), ErrorCode::ChunkNotFound);
    let mut ck = ChunkInfo { flags: ChunkFlags::DIRTY, ..ChunkInfo::default() };
    assert!(file.ascend(&mut ck).is_err());
    // Short headers at the end of the file.
    for cut in 0..8 {
        let mut file = Mmio::memory(b"RIFF\x04\0\0\0"[..cut].to_vec(), 0).unwrap();
        let mut ck = ChunkInfo::default();
        assert_eq!(file.descend(&mut ck, None, Find::Here).unwrap_err().code(), ErrorCode::ChunkNotFound);
    }
    let mut file = Mmio::memory(b"RIFF\x04\0\0\0WA".to_vec(), 0).unwrap();
    assert!(file.descend(&mut ChunkInfo::default(), None, Find::Here).is_err());
}

#[test]
fn create_writes_headers_and_ascend_fixes_sizes() {
    let store = Store::default();
    let mut file = store.open(64);
    let mut riff = ChunkInfo::riff(fcc(b"TEST"));
    file.create_chunk(&mut riff, Create::Riff).unwrap();
    assert_eq!((riff.data_offset, riff.flags, file.position()), (8, ChunkFlags::DIRTY, 12));
    let mut list = ChunkInfo::list(FourCC::INFO);
    list.id = fcc(b"xxxx"); // CREATELIST sets the id
    file.create_chunk(&mut list, Create::List).unwrap();
    assert_eq!(list.id, FourCC::LIST);
    let mut odd = ChunkInfo::new(fcc(b"odd "));
    file.create_chunk(&mut odd, Create::Chunk).unwrap();
    file.write_bytes(b"abc").unwrap();
    file.ascend(&mut odd).unwrap();
    assert_eq!((odd.size, odd.flags, file.position()), (3, ChunkFlags::empty(), 36));
    // A size given in advance and right is not rewritten.
    let mut known = ChunkInfo { size: 2, ..ChunkInfo::new(fcc(b"knwn")) };
    file.create_chunk(&mut known, Create::Chunk).unwrap();
    file.write_bytes(b"ok").unwrap();
    file.ascend(&mut known).unwrap();
    file.ascend(&mut list).unwrap();
    file.ascend(&mut riff).unwrap();
    file.close().unwrap();
    let want = b"RIFF\x26\0\0\0TESTLIST\x1a\0\0\0INFOodd \x03\0\0\0abc\0knwn\x02\0\0\0ok";
    assert_eq!(store.data(), want);
    // Reading it back gives the same tree.
    let mut file = Mmio::memory(store.data(), 0).unwrap();
    let mut ck = ChunkInfo::default();
    file.descend(&mut ck, None, Find::Here).unwrap();
    let mut list = ChunkInfo::list(FourCC::INFO);
    file.descend(&mut list, Some(&ck), Find::List).unwrap();
    let mut knwn = ChunkInfo::new(fcc(b"knwn"));
    file.descend(&mut knwn, Some(&list), Find::Chunk).unwrap();
    assert_eq!(knwn.size, 2);
}

#[test]
fn ascend_of_a_clean_chunk_only_moves() {
    let store = Store::with_data(sample());
    let mut file = store.open(8);
    let mut riff = ChunkInfo::default();
    file.descend(&mut riff, None, Find::Here).unwrap();
    let mut fmt = ChunkInfo::default();
    file.descend(&mut fmt, Some(&riff), Find::Here).unwrap();
    store.take_log();
    file.ascend(&mut fmt).unwrap();
    assert_eq!(file.position(), 24);
    assert!(store.take_log().iter().all(|m| !matches!(m, Msg::Write { .. })));
}

#[test]
fn create_failures_are_cannot_write() {
    let store = Store::default();
    store.set_faults(Faults { fail_writes: true, ..Faults::default() });
    let mut file = store.open(0);
    let mut ck = ChunkInfo::riff(FourCC::WAVE);
    assert_eq!(file.create_chunk(&mut ck, Create::Riff).unwrap_err().code(), ErrorCode::CannotWrite);
    // A fixed memory file without room.
    let mut file = OpenOptions::new().read_write().create(true).open_memory(vec![0; 10]).unwrap();
    assert_eq!(file.create_chunk(&mut ck, Create::Riff).unwrap_err().code(), ErrorCode::CannotWrite);
}

#[test]
fn rifx_files_are_big_endian() {
    let mut file = OpenOptions::new().read_write().create(true).grow_by(64).open_memory(Vec::new()).unwrap();
    file.set_byte_order(ByteOrder::Big);
    let mut form = ChunkInfo::riff(fcc(b"BEND"));
    file.create_chunk(&mut form, Create::Riff).unwrap();
    let mut ck = ChunkInfo::new(fcc(b"abcd"));
    file.create_chunk(&mut ck, Create::Chunk).unwrap();
    file.write_bytes(&[9; 5]).unwrap();
    file.ascend(&mut ck).unwrap();
    file.ascend(&mut form).unwrap();
    let bytes = file.into_memory().unwrap();
    assert_eq!(&bytes[..20], b"RIFX\0\0\0\x12BENDabcd\0\0\0\x05");
    assert_eq!(bytes.len(), 26);

    let mut file = Mmio::memory(bytes, 0).unwrap();
    let mut form = ChunkInfo::default();
    file.descend(&mut form, None, Find::Riff).unwrap();
    assert_eq!((form.id, form.size, file.byte_order()), (FourCC::RIFX, 18, ByteOrder::Big));
    let mut ck = ChunkInfo::default();
    file.descend(&mut ck, Some(&form), Find::Chunk).unwrap();
    assert_eq!(ck.size, 5);
}

/// An RF64 file as EBU Tech 3306 writes it: sizes over 4 GiB in the ds64 chunk.
#[test]
fn rf64_sizes_come_from_ds64() {
    let mut v = b"RF64\xff\xff\xff\xffWAVEds64\x28\0\0\0".to_vec();
    v.extend_from_slice(&(6u64 << 30).to_le_bytes()); // riff size
    v.extend_from_slice(&(5u64 << 30).to_le_bytes()); // data size
    v.extend_from_slice(&0u64.to_le_bytes());
    v.extend_from_slice(&1u32.to_le_bytes());
    v.extend_from_slice(b"big ");
    v.extend_from_slice(&(1u64 << 33).to_le_bytes());
    v.extend_from_slice(b"big \xff\xff\xff\xffdata\xff\xff\xff\xff");
    let mut file = Mmio::memory(v, 0).unwrap();
    let mut form = ChunkInfo::riff(FourCC::WAVE);
    file.descend(&mut form, None, Find::Riff).unwrap();
    assert_eq!((form.id, form.size), (FourCC::RF64, 6 << 30));
    let mut big = ChunkInfo::new(fcc(b"big "));
    file.descend(&mut big, Some(&form), Find::Chunk).unwrap();
    assert_eq!(big.size, 1 << 33);
    file.seek_mmio(form.body_start() as i64, SeekOrigin::Start).unwrap();
    let mut ds64 = ChunkInfo::new(FourCC::DS64);
    file.descend(&mut ds64, Some(&form), Find::Chunk).unwrap();
    assert_eq!(ds64.size, 40);
    file.ascend(&mut ds64).unwrap();
    let mut other = ChunkInfo::default();
    file.descend(&mut other, Some(&form), Find::Here).unwrap();
    assert_eq!(other.id, fcc(b"big "));
}

/// Writing past 4 GiB: the reserved JUNK chunk becomes ds64 and RIFF becomes RF64.
/// The file is sparse: only a few bytes are really written.
#[test]
fn writing_past_4_gib_promotes_to_rf64() {
    let dir = Scratch::new("rf64");
    let path = dir.path("big.wav");
    let data_len = (4u64 << 30) + 3;
    let mut file = Mmio::create(&path).unwrap();
    let mut form = ChunkInfo::riff(FourCC::WAVE);
    file.create_chunk(&mut form, Create::Riff).unwrap();
    file.reserve_ds64(0).unwrap();
    let mut data = ChunkInfo::new(FourCC::DATA);
    file.create_chunk(&mut data, Create::Chunk).unwrap();
    file.write_bytes(b"start").unwrap();
    file.seek_mmio((data.data_offset + data_len - 4) as i64, SeekOrigin::Start).unwrap();
    file.write_bytes(b"end!").unwrap();
    file.ascend(&mut data).unwrap();
    assert_eq!(data.size, data_len);
    file.ascend(&mut form).unwrap();
    file.close().unwrap();

    let mut file = Mmio::open(&path).unwrap();
    let mut form = ChunkInfo::riff(FourCC::WAVE);
    file.descend(&mut form, None, Find::Riff).unwrap();
    assert_eq!(form.id, FourCC::RF64);
    let total = std::fs::metadata(&path).unwrap().len();
    assert_eq!(form.size, total - 8);
    let mut data = ChunkInfo::new(FourCC::DATA);
    file.descend(&mut data, Some(&form), Find::Chunk).unwrap();
    assert_eq!(data.size, data_len);
    let mut head = [0; 5];
    file.read_bytes(&mut head).unwrap();
    assert_eq!(&head, b"start");
    // The data size is odd: a pad byte follows the data.
    file.seek_mmio(5, SeekOrigin::End).unwrap();
    let mut tail = [0; 5];
    file.read_bytes(&mut tail).unwrap();
    assert_eq!(&tail, b"end!\0");
    assert_eq!(total, data.data_offset + data_len + 1);
}

#[test]
fn passing_4_gib_without_a_reserve_is_an_error() {
    let dir = Scratch::new("rf64-noreserve");
    let path = dir.path("big.wav");
    let mut file = Mmio::create(&path).unwrap();
    let mut form = ChunkInfo::riff(FourCC::WAVE);
    file.create_chunk(&mut form, Create::Riff).unwrap();
    let mut data = ChunkInfo::new(FourCC::DATA);
    file.create_chunk(&mut data, Create::Chunk).unwrap();
    file.seek_mmio((5u64 << 30) as i64, SeekOrigin::Start).unwrap();
    file.write_bytes(b"x").unwrap();
    file.ascend(&mut data).unwrap();
    assert_eq!(file.ascend(&mut form).unwrap_err().code(), ErrorCode::CannotWrite);
}
