//! docs/behavior.md §4: set-buffer, flush, get/set-info and advance.

mod common;

use common::{Faults, Msg, Store, counting};
use winmmio::{Advance, Buffering, ErrorCode, OpenFlags, SeekOrigin};

fn write(at: u64, len: usize) -> Msg {
    Msg::Write { at, len }
}

#[test]
fn set_buffer_keeps_the_position_and_writes_dirty_data_first() {
    let store = Store::with_data(counting(100));
    let mut file = store.open(0);
    file.seek_mmio(10, SeekOrigin::Start).unwrap();
    store.take_log();
    let choices: [Buffering; 6] = [
        Buffering::Internal(16),
        Buffering::Internal(5),
        Buffering::User(vec![0; 7]),
        Buffering::Unbuffered,
        Buffering::User(Vec::new()),
        Buffering::Internal(0),
    ];
    for (i, choice) in choices.into_iter().enumerate() {
        let expect_len = match &choice {
            Buffering::Internal(n) => *n,
            Buffering::User(b) => b.len(),
            Buffering::Unbuffered => 0,
            other => unreachable!("not among the choices: {other:?}"),
        };
        let internal = matches!(choice, Buffering::Internal(n) if n > 0);
        file.write_bytes(&[i as u8]).unwrap();
        let pos = file.position();
        file.set_buffer(choice).unwrap();
        let info = file.info();
        assert_eq!(info.position(), pos);
        assert_eq!((info.buffer_len, info.next, info.end_read, info.buffer_offset), (expect_len, 0, 0, pos));
        assert_eq!(info.flags.contains(OpenFlags::ALLOCBUF), internal);
        assert!(!info.is_dirty());
    }
    file.close().unwrap();
    let mut want = counting(100);
    want[10..16].copy_from_slice(&[0, 1, 2, 3, 4, 5]);
    assert_eq!(store.data(), want);
}

#[test]
fn a_failed_set_buffer_changes_nothing() {
    let store = Store::default();
    let mut file = store.open(8);
    file.write_bytes(b"abc").unwrap();
    let before = file.info();
    store.set_faults(Faults { fail_writes: true, ..Faults::default() });
    let err = file.set_buffer(Buffering::Internal(64)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::CannotWrite);
    assert_eq!(file.info(), before);
    let err = file.set_buffer(Buffering::Internal(usize::MAX)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::OutOfMemory);
    assert_eq!(file.info(), before);
    store.set_faults(Faults::default());
    file.close().unwrap();
    assert_eq!(store.data(), b"abc");
}

#[test]
fn flush_writes_every_dirty_byte_and_can_empty_the_buffer() {
    let store = Store::default();
    let mut file = store.open(16);
    file.write_bytes(b"0123456789").unwrap();
    file.seek_mmio(3, SeekOrigin::Start).unwrap();
    file.flush_buffer().unwrap();
    assert_eq!(store.take_log(), [write(0, 10)]);
    let info = file.info();
    assert_eq!((info.buffer_offset, info.next, info.end_read, info.is_dirty()), (0, 3, 10, false));
    // A clean buffer: nothing to write.
    file.flush_buffer().unwrap();
    assert_eq!(store.take_log(), []);
    // Empty the buffer: the next one starts at the position.
    file.flush_buffer_with(winmmio::FlushFlags::EMPTYBUF).unwrap();
    let info = file.info();
    assert_eq!((info.buffer_offset, info.next, info.end_read), (3, 0, 0));
    assert_eq!(store.take_log(), []);
    file.write_bytes(b"x").unwrap();
    file.flush_buffer_with(winmmio::FlushFlags::EMPTYBUF).unwrap();
    assert_eq!(store.take_log(), [Msg::Seek { offset: 3, origin: SeekOrigin::Start }, write(3, 1)]);
    assert_eq!(store.data(), b"012x456789");
}

#[test]
fn get_info_and_set_info() {
    let store = Store::with_data(counting(40));
    let mut file = store.open(8);
    file.read_bytes(&mut [0; 2]).unwrap();
    let mut info = file.info();
    assert_eq!((info.next, info.end_read, info.end_write, info.buffer_len), (2, 8, 8, 8));
    assert!(info.flags.contains(OpenFlags::ALLOCBUF));

    // Out-of-range pointers are refused, and nothing changes.
    let past_the_end: [fn(&mut winmmio::Info); 3] = [|i| i.next = 9, |i| i.end_read = 9, |i| i.end_write = 9];
    for set in past_the_end {
        let mut bad = info.clone();
        set(&mut bad);
        assert_eq!(file.set_info(&bad).unwrap_err().code(), ErrorCode::InvalidParam);
        assert_eq!(file.info(), info);
    }

    // next, end_read and MMIO_DIRTY are taken back.
    info.next = 5;
    file.set_info(&info).unwrap();
    assert_eq!(file.position(), 5);
    let mut b = [0; 1];
    file.read_bytes(&mut b).unwrap();
    assert_eq!(b[0], 5);

    let mut info = file.info();
    info.next = 8;
    info.flags.insert(OpenFlags::DIRTY);
    file.set_info(&info).unwrap();
    assert!(file.info().is_dirty());
    file.flush_buffer().unwrap();
    assert_eq!(store.take_log().last(), Some(&Msg::Write { at: 0, len: 8 }));
}

#[test]
fn set_info_never_forgets_dirty_data() {
    let store = Store::default();
    let mut file = store.open(8);
    file.write_bytes(b"abcdef").unwrap();
    let mut info = file.info();
    info.flags.remove(OpenFlags::DIRTY);
    info.end_read = 0;
    info.next = 2;
    file.set_info(&info).unwrap();
    let after = file.info();
    assert!(after.is_dirty());
    assert_eq!((after.next, after.end_read), (2, 6));
    file.close().unwrap();
    assert_eq!(store.data(), b"abcdef");
}

#[test]
fn advance_needs_a_buffer_and_a_matching_mode() {
    let store = Store::with_data(counting(10));
    let mut file = store.open(0);
    assert_eq!(file.advance(Advance::Read, None).unwrap_err().code(), ErrorCode::Unbuffered);
    assert_eq!(file.advance(Advance::Write, None).unwrap_err().code(), ErrorCode::Unbuffered);
    assert_eq!(file.direct().unwrap_err().code(), ErrorCode::Unbuffered);
}

#[test]
fn advance_read_moves_past_the_previous_fill() {
    let store = Store::with_data(counting(20));
    let mut file = store.open(8);
    let info = file.advance(Advance::Read, None).unwrap();
    assert_eq!((info.buffer_offset, info.next, info.end_read), (0, 0, 8));
    // Half consumed: the next buffer still starts after the whole previous fill.
    let mut info = file.info();
    info.next = 3;
    let info = file.advance(Advance::Read, Some(&info)).unwrap();
    assert_eq!((info.buffer_offset, info.next, info.end_read), (8, 0, 8));
    let info = file.advance(Advance::Read, None).unwrap();
    assert_eq!((info.buffer_offset, info.end_read), (16, 4));
    assert_eq!(&file.buffer()[..4], &[16, 17, 18, 19]);
    // At the end of the file: still success, with nothing to read.
    let info = file.advance(Advance::Read, None).unwrap();
    assert_eq!((info.buffer_offset, info.next, info.end_read), (20, 0, 0));
    let info = file.advance(Advance::Read, None).unwrap();
    assert_eq!((info.next, info.end_read), (0, 0));
}

#[test]
fn advance_write_writes_the_callers_bytes_and_starts_after_them() {
    let store = Store::default();
    let mut file = store.open(8);
    let mut info = file.info();
    {
        let mut direct = file.direct().unwrap();
        direct.writable()[..5].copy_from_slice(b"hello");
        direct.finish();
    }
    // Without MMIO_DIRTY nothing is written.
    info.next = 5;
    let after = file.advance(Advance::Write, Some(&info)).unwrap();
    assert_eq!(store.take_log(), []);
    assert_eq!(after.buffer_offset, 0);

    info.flags.insert(OpenFlags::DIRTY);
    let after = file.advance(Advance::Write, Some(&info)).unwrap();
    assert_eq!(store.take_log(), [write(0, 5)]);
    assert_eq!((after.buffer_offset, after.next, after.end_read, after.is_dirty()), (5, 0, 0, false));
    assert_eq!(store.data(), b"hello");
}

#[test]
fn advance_write_failure_keeps_the_data() {
    let store = Store::default();
    let mut file = store.open(4);
    let mut direct = file.direct().unwrap();
    direct.writable().copy_from_slice(b"abcd");
    direct.produce(4);
    store.set_faults(Faults { fail_writes: true, ..Faults::default() });
    assert_eq!(direct.advance_write().unwrap_err().code(), ErrorCode::CannotWrite);
    store.set_faults(Faults::default());
    direct.advance_write().unwrap();
    direct.finish();
    assert_eq!(store.data(), b"abcd");
}

#[test]
fn direct_access_reads_and_writes_in_place() {
    let store = Store::with_data(counting(30));
    let mut file = store.open(8);
    let mut direct = file.direct().unwrap();
    assert!(direct.readable().is_empty());
    let mut seen = Vec::new();
    loop {
        let bytes = direct.fill().unwrap();
        if bytes.is_empty() {
            break;
        }
        seen.extend_from_slice(bytes);
        let n = bytes.len();
        direct.consume(n + 100); // clamped
    }
    assert_eq!(seen, counting(30));
    assert_eq!(direct.position(), 30);
    direct.writable()[..2].copy_from_slice(b"!!");
    direct.produce(2);
    direct.finish();
    assert!(file.info().is_dirty());
    file.close().unwrap();
    assert_eq!(&store.data()[28..], &[28, 29, b'!', b'!']);

    // A read-only file has no writable space.
    let store = Store::with_data(counting(4));
    let mut file =
        winmmio::OpenOptions::new().io_proc(winmmio::FourCC::new(*b"STOR"), store.proc_ref()).open("r").unwrap();
    let mut direct = file.direct().unwrap();
    assert!(direct.writable().is_empty());
    direct.produce(3);
    assert_eq!(direct.advance_write().unwrap_err().code(), ErrorCode::CannotWrite);
    direct.finish();
    assert!(!file.info().is_dirty());
}
