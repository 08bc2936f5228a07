//! docs/behavior.md §5: memory files (`FOURCC_MEM`).

mod common;

use common::counting;
use winmmio::{Advance, Buffering, ErrorCode, Mmio, OpenFlags, OpenOptions, SeekOrigin};

fn created(block: usize, grow_by: u32) -> Mmio {
    OpenOptions::new().read_write().create(true).grow_by(grow_by).open_memory(vec![0; block]).unwrap()
}

#[test]
fn growable_files_grow_by_whole_increments() {
    let mut file = created(4, 10);
    assert_eq!(file.write_bytes(b"abcdef").unwrap(), 6);
    assert_eq!(file.info().buffer_len, 14);
    assert_eq!(file.write_bytes(&[b'z'; 30]).unwrap(), 30);
    assert_eq!(file.info().buffer_len, 44);
    assert_eq!(file.memory_data().unwrap().len(), 36);
    // Written data reads back.
    assert_eq!(file.seek_mmio(2, SeekOrigin::Start).unwrap(), 2);
    let mut got = [0; 5];
    assert_eq!(file.read_bytes(&mut got).unwrap(), 5);
    assert_eq!(&got, b"cdefz");
    let data = file.into_memory().unwrap();
    assert_eq!(data.len(), 36);
    assert_eq!(&data[..6], b"abcdef");
}

#[test]
fn fixed_files_take_what_fits() {
    let mut file = created(8, 0);
    assert_eq!(file.write_bytes(b"0123456789").unwrap(), 8);
    assert_eq!(file.write_bytes(b"x").unwrap(), 0);
    assert_eq!(file.info().buffer_len, 8);
    assert_eq!(file.advance(Advance::Write, None).unwrap_err().code(), ErrorCode::CannotExpand);
    assert_eq!(file.into_memory().unwrap(), b"01234567");
}

#[test]
fn advance_write_grows_a_full_growable_file() {
    let mut file = created(4, 16);
    let mut direct = file.direct().unwrap();
    direct.writable().copy_from_slice(b"abcd");
    direct.produce(4);
    assert!(direct.writable().is_empty());
    assert_eq!(direct.advance_write().unwrap().len(), 16);
    direct.writable()[..2].copy_from_slice(b"ef");
    direct.produce(2);
    direct.finish();
    assert_eq!(file.info().buffer_len, 20);
    assert_eq!(file.into_memory().unwrap(), b"abcdef");
}

#[test]
fn end_of_data_is_the_highest_byte_written() {
    let mut file = created(100, 0);
    assert_eq!(file.info().end_read, 0);
    file.write_bytes(b"hello world").unwrap();
    file.seek_mmio(0, SeekOrigin::Start).unwrap();
    file.write_bytes(b"J").unwrap();
    assert_eq!(file.memory_data().unwrap(), b"Jello world");
    assert_eq!(file.seek_mmio(0, SeekOrigin::End).unwrap(), 11);
    assert_eq!(file.seek_mmio(5, SeekOrigin::End).unwrap(), 6);
    // Outside [0, end of data]: refused.
    assert_eq!(file.seek_mmio(12, SeekOrigin::Start).unwrap_err().code(), ErrorCode::CannotSeek);
    assert_eq!(file.seek_mmio(-1, SeekOrigin::End).unwrap_err().code(), ErrorCode::CannotSeek);
    assert_eq!(file.seek_mmio(-7, SeekOrigin::Current).unwrap_err().code(), ErrorCode::CannotSeek);
    assert_eq!(file.position(), 6);
    let mut rest = Vec::new();
    std::io::Read::read_to_end(&mut file, &mut rest).unwrap();
    assert_eq!(rest, b"world");
}

#[test]
fn a_block_opened_without_create_is_all_data() {
    let mut file = Mmio::memory(counting(20), 0).unwrap();
    assert_eq!(file.seek_mmio(0, SeekOrigin::End).unwrap(), 20);
    assert_eq!(file.read_bytes(&mut [0; 4]).unwrap(), 0);
    file.seek_mmio(18, SeekOrigin::Start).unwrap();
    let mut b = [0; 4];
    assert_eq!(file.read_bytes(&mut b).unwrap(), 2);
    assert_eq!(&b[..2], &[18, 19]);
    // Advancing a memory file never reads anything new.
    let info = file.advance(Advance::Read, None).unwrap();
    assert_eq!((info.next, info.end_read), (20, 20));
}

#[test]
fn memory_files_keep_their_buffer_and_need_no_flush() {
    let mut file = created(8, 8);
    file.write_bytes(b"abc").unwrap();
    file.flush_buffer_with(winmmio::FlushFlags::EMPTYBUF).unwrap();
    assert_eq!(file.position(), 3);
    assert_eq!(file.memory_data().unwrap(), b"abc");
}

/// mmioSetBuffer on a memory file replaces the file, as the checks Windows passes expect
/// (Wine's `test_mmioSetBuffer`): the new block is empty, the position 0, and an
/// internal block shows `ALLOCBUF`.
#[test]
fn set_buffer_on_a_memory_file_replaces_the_file() {
    let mut file = OpenOptions::new().read_write().grow_by(4).open_memory(b"hello world".to_vec()).unwrap();
    file.seek_mmio(5, SeekOrigin::Start).unwrap();
    file.set_buffer(Buffering::Internal(16)).unwrap();
    let info = file.info();
    assert_eq!((info.buffer_len, info.next, info.end_read, info.buffer_offset), (16, 0, 0, 0));
    assert!(info.flags.contains(OpenFlags::ALLOCBUF));
    assert_eq!(file.memory_data().unwrap(), b"");
    assert_eq!(file.read_bytes(&mut [0; 4]).unwrap(), 0);
    assert_eq!(file.seek_mmio(1, SeekOrigin::Start).unwrap_err().code(), ErrorCode::CannotSeek);
    // The new file takes writes, grows by the same increment, and reads them back.
    assert_eq!(file.write_bytes(&[7; 18]).unwrap(), 18);
    assert_eq!(file.info().buffer_len, 20);
    file.seek_mmio(0, SeekOrigin::Start).unwrap();
    let mut back = [0; 18];
    assert_eq!(file.read_bytes(&mut back).unwrap(), 18);
    assert_eq!(back, [7; 18]);

    // No block: reads find nothing; a caller's block of size 0 is kept as given.
    file.set_buffer(Buffering::Unbuffered).unwrap();
    let info = file.info();
    assert_eq!((info.buffer_len, info.flags.contains(OpenFlags::ALLOCBUF), file.position()), (0, false, 0));
    assert_eq!(file.read_bytes(&mut [0; 4]).unwrap(), 0);
    file.set_buffer(Buffering::User(Vec::new())).unwrap();
    assert_eq!(file.info().buffer_len, 0);

    // A fixed-size file stays fixed: a caller's 3 bytes take 3.
    let mut fixed = OpenOptions::new().read_write().open_memory(vec![1; 8]).unwrap();
    fixed.set_buffer(Buffering::User(vec![0; 3])).unwrap();
    assert!(!fixed.info().flags.contains(OpenFlags::ALLOCBUF));
    assert_eq!(fixed.write_bytes(b"abcd").unwrap(), 3);
    assert_eq!(fixed.into_memory().unwrap(), b"abc");
}

#[test]
fn an_empty_growable_file_starts_from_nothing() {
    let mut file = OpenOptions::new().read_write().grow_by(3).open_memory(Vec::new()).unwrap();
    assert_eq!(file.info().buffer_len, 0);
    assert_eq!(file.write_bytes(b"abcd").unwrap(), 4);
    assert_eq!(file.info().buffer_len, 6);
    assert_eq!(file.into_memory().unwrap(), b"abcd");
    let mut fixed = OpenOptions::new().read_write().open_memory(Vec::new()).unwrap();
    assert_eq!(fixed.write_bytes(b"a").unwrap(), 0);
}
