//! docs/behavior.md §3: reading, writing and seeking, with the exact messages the I/O
//! procedure receives and the buffer state after each call.

mod common;

use common::{Faults, Msg, Store, counting};
use winmmio::{ErrorCode, SeekOrigin};

fn read(at: u64, len: usize) -> Msg {
    Msg::Read { at, len }
}

fn write(at: u64, len: usize) -> Msg {
    Msg::Write { at, len }
}

fn seek(offset: i64) -> Msg {
    Msg::Seek { offset, origin: SeekOrigin::Start }
}

/// (buffer offset, next, end of data, dirty)
fn state(file: &winmmio::Mmio) -> (u64, usize, usize, bool) {
    let info = file.info();
    (info.buffer_offset, info.next, info.end_read, info.is_dirty())
}

#[test]
fn zero_length_calls_touch_nothing() {
    let store = Store::with_data(counting(100));
    let mut file = store.open(8);
    assert_eq!(file.read_bytes(&mut []).unwrap(), 0);
    assert_eq!(file.write_bytes(&[]).unwrap(), 0);
    assert_eq!(state(&file), (0, 0, 0, false));
    assert_eq!(store.take_log(), []);
}

#[test]
fn reads_refill_the_buffer_or_bypass_it() {
    let store = Store::with_data(counting(100));
    let mut file = store.open(8);
    let mut got = Vec::new();
    let mut take = |file: &mut winmmio::Mmio, len: usize| {
        let mut buf = vec![0; len];
        let n = file.read_bytes(&mut buf).unwrap();
        got.extend_from_slice(&buf[..n]);
        n
    };

    assert_eq!(take(&mut file, 3), 3);
    assert_eq!(store.take_log(), [read(0, 8)]);
    assert_eq!(state(&file), (0, 3, 8, false));

    // 5 from the buffer, then a refill for the last 2: a read that runs past the loaded
    // bytes leaves an empty buffer at the new position, and the procedure goes there.
    assert_eq!(take(&mut file, 7), 7);
    assert_eq!(store.take_log(), [read(8, 8), seek(10)]);
    assert_eq!(state(&file), (10, 0, 0, false));

    // More than a buffer's worth: straight to the caller, leaving an empty buffer at the
    // new position.
    assert_eq!(take(&mut file, 20), 20);
    assert_eq!(store.take_log(), [read(10, 20)]);
    assert_eq!(state(&file), (30, 0, 0, false));

    // One fill of an empty or used-up buffer serves a read of up to a buffer's worth,
    // and the buffer is kept.
    assert_eq!(take(&mut file, 5), 5);
    assert_eq!(store.take_log(), [read(30, 8)]);
    assert_eq!(take(&mut file, 3), 3);
    assert_eq!(store.take_log(), []);
    assert_eq!(take(&mut file, 8), 8);
    assert_eq!(store.take_log(), [read(38, 8)]);
    assert_eq!(state(&file), (38, 8, 8, false));

    // Near the end: a short read, then 0.
    assert_eq!(file.seek_mmio(98, SeekOrigin::Start).unwrap(), 98);
    assert_eq!(store.take_log(), [seek(98)]);
    assert_eq!(take(&mut file, 10), 2);
    assert_eq!(state(&file), (100, 0, 0, false));
    assert_eq!(take(&mut file, 10), 0);
    assert_eq!(take(&mut file, 1), 0);
    let mut want = counting(46);
    want.extend_from_slice(&[98, 99]);
    assert_eq!(got, want);
}

#[test]
fn writes_fill_the_buffer_or_bypass_it() {
    let store = Store::default();
    let mut file = store.open(8);
    let data = counting(30);

    assert_eq!(file.write_bytes(&data[..3]).unwrap(), 3);
    assert_eq!(store.take_log(), []);
    assert_eq!(state(&file), (0, 3, 3, true));

    // Fills the buffer, writes it out whole, keeps the rest.
    assert_eq!(file.write_bytes(&data[3..10]).unwrap(), 7);
    assert_eq!(store.take_log(), [write(0, 8)]);
    assert_eq!(state(&file), (8, 2, 2, true));

    // Fills the buffer again; what is left is a buffer's worth: straight through.
    assert_eq!(file.write_bytes(&data[10..30]).unwrap(), 20);
    assert_eq!(store.take_log(), [write(8, 8), write(16, 14)]);
    assert_eq!(state(&file), (30, 0, 0, false));

    file.close().unwrap();
    assert_eq!(store.take_log(), [Msg::Close(0)]);
    assert_eq!(store.data(), data);
}

#[test]
fn seeks_inside_the_buffer_send_nothing() {
    let store = Store::with_data(counting(100));
    let mut file = store.open(8);
    file.read_bytes(&mut [0]).unwrap();
    store.take_log();

    assert_eq!(file.seek_mmio(5, SeekOrigin::Start).unwrap(), 5);
    assert_eq!(file.seek_mmio(-5, SeekOrigin::Current).unwrap(), 0);
    assert_eq!(file.seek_mmio(8, SeekOrigin::Start).unwrap(), 8);
    assert_eq!(store.take_log(), []);
    assert_eq!(state(&file), (0, 8, 8, false));

    // Outside: the procedure seeks, the buffer starts exactly at the target.
    assert_eq!(file.seek_mmio(9, SeekOrigin::Start).unwrap(), 9);
    assert_eq!(store.take_log(), [seek(9)]);
    assert_eq!(state(&file), (9, 0, 0, false));
    assert_eq!(file.seek_mmio(-3, SeekOrigin::Current).unwrap(), 6);
    assert_eq!(store.take_log(), [seek(6)]);
    assert_eq!(file.seek_mmio(10, SeekOrigin::End).unwrap(), 90);
    assert_eq!(store.take_log(), [Msg::Seek { offset: 0, origin: SeekOrigin::End }, seek(90)]);

    // Before the start: refused, nothing moves, nothing is sent.
    for (offset, origin) in [(-1, SeekOrigin::Start), (-91, SeekOrigin::Current)] {
        assert_eq!(file.seek_mmio(offset, origin).unwrap_err().code(), ErrorCode::CannotSeek);
    }
    assert_eq!(file.seek_mmio(101, SeekOrigin::End).unwrap_err().code(), ErrorCode::CannotSeek);
    assert_eq!(file.position(), 90);
    assert_eq!(store.take_log(), [Msg::Seek { offset: 0, origin: SeekOrigin::End }]);

    // Past the end: allowed; reading there gives 0.
    assert_eq!(file.seek_mmio(500, SeekOrigin::Start).unwrap(), 500);
    assert_eq!(file.read_bytes(&mut [0; 4]).unwrap(), 0);
}

#[test]
fn seeking_away_writes_dirty_data_first() {
    let store = Store::default();
    let mut file = store.open(8);
    file.write_bytes(b"abcd").unwrap();
    assert_eq!(file.seek_mmio(2, SeekOrigin::Start).unwrap(), 2);
    assert_eq!(store.take_log(), []);
    file.write_bytes(b"X").unwrap();
    assert_eq!(file.seek_mmio(50, SeekOrigin::Start).unwrap(), 50);
    // Every byte written, though `next` was moved back over some.
    assert_eq!(store.take_log(), [write(0, 4), seek(50)]);
    assert_eq!(store.data(), b"abXd");
}

#[test]
fn seek_end_sees_data_not_yet_written_out() {
    let store = Store::default();
    let mut file = store.open(64);
    file.write_bytes(&[1; 10]).unwrap();
    assert_eq!(file.seek_mmio(0, SeekOrigin::End).unwrap(), 10);
    assert_eq!(file.seek_mmio(4, SeekOrigin::End).unwrap(), 6);
    let end = Msg::Seek { offset: 0, origin: SeekOrigin::End };
    assert_eq!(store.take_log(), [end.clone(), end]);
    assert_eq!(state(&file), (0, 6, 10, true));
}

#[test]
fn unbuffered_calls_go_straight_to_the_procedure() {
    let store = Store::with_data(counting(20));
    let mut file = store.open(0);
    let mut buf = [0; 4];
    assert_eq!(file.read_bytes(&mut buf).unwrap(), 4);
    assert_eq!(file.write_bytes(b"zz").unwrap(), 2);
    assert_eq!(file.seek_mmio(1, SeekOrigin::Current).unwrap(), 7);
    assert_eq!(file.read_bytes(&mut buf[..1]).unwrap(), 1);
    assert_eq!(store.take_log(), [read(0, 4), write(4, 2), seek(7), read(7, 1)]);
    assert_eq!(buf[0], 7);
    assert_eq!(state(&file), (8, 0, 0, false));
}

#[test]
fn failed_writes_keep_the_data_and_are_reported() {
    let store = Store::default();
    let mut file = store.open(8);
    assert_eq!(file.write_bytes(b"abc").unwrap(), 3);
    store.set_faults(Faults { fail_writes: true, ..Faults::default() });
    assert_eq!(file.flush_buffer().unwrap_err().code(), ErrorCode::CannotWrite);
    assert_eq!(file.seek_mmio(40, SeekOrigin::Start).unwrap_err().code(), ErrorCode::CannotWrite);
    assert_eq!(state(&file), (0, 3, 3, true));
    // A write that fits the buffer is taken; one that needs the buffer written out
    // reports what it took before the failure.
    assert_eq!(file.write_bytes(b"defgh").unwrap(), 5);
    assert_eq!(file.write_bytes(b"ij").unwrap_err().code(), ErrorCode::CannotWrite);
    store.set_faults(Faults::default());
    file.flush_buffer().unwrap();
    assert_eq!(store.data(), b"abcdefgh");
    assert!(!file.info().is_dirty());
}

#[test]
fn short_writes_are_continued() {
    let store = Store::default();
    store.set_faults(Faults { short_writes: Some(3), ..Faults::default() });
    let mut file = store.open(8);
    file.write_bytes(&counting(20)).unwrap();
    file.close().unwrap();
    assert_eq!(store.data(), counting(20));
    assert_eq!(store.take_log()[..3], [write(0, 20), write(3, 17), write(6, 14)]);
}

#[test]
fn procedures_that_lie_get_errors() {
    let store = Store::with_data(counting(50));
    let mut file = store.open(8);
    store.set_faults(Faults { overstate_reads: 5, ..Faults::default() });
    assert_eq!(file.read_bytes(&mut [0; 4]).unwrap_err().code(), ErrorCode::CannotRead);
    assert_eq!(file.read_bytes(&mut [0; 40]).unwrap_err().code(), ErrorCode::CannotRead);

    store.set_faults(Faults { overstate_writes: 1, ..Faults::default() });
    file.write_bytes(b"xy").unwrap();
    assert_eq!(file.flush_buffer().unwrap_err().code(), ErrorCode::CannotWrite);
    assert!(file.info().is_dirty());
    store.set_faults(Faults::default());
    file.flush_buffer().unwrap();
    assert_eq!(&store.data()[..3], b"xy\x02");
}

#[test]
fn failed_seeks_change_nothing() {
    let store = Store::with_data(counting(50));
    let mut file = store.open(8);
    file.read_bytes(&mut [0; 2]).unwrap();
    store.set_faults(Faults { fail_seeks: true, ..Faults::default() });
    assert_eq!(file.seek_mmio(30, SeekOrigin::Start).unwrap_err().code(), ErrorCode::CannotSeek);
    assert_eq!(file.position(), 2);
    // Inside the buffer no seek is needed.
    assert_eq!(file.seek_mmio(5, SeekOrigin::Start).unwrap(), 5);
}

#[test]
fn close_reports_the_first_error_and_still_closes() {
    let store = Store::default();
    let mut file = store.open(8);
    file.write_bytes(b"data").unwrap();
    store.set_faults(Faults { fail_writes: true, fail_close: true, ..Faults::default() });
    let err = file.close().unwrap_err();
    assert_eq!(err.code(), ErrorCode::CannotWrite);
    assert_eq!(err.operation(), Some(winmmio::Operation::Write));
    assert_eq!(store.take_log(), [write(0, 4), Msg::Close(0)]);

    store.set_faults(Faults { fail_close: true, ..Faults::default() });
    let file = store.open(8);
    assert_eq!(file.close().unwrap_err().code(), ErrorCode::CannotClose);
}

#[test]
fn drop_writes_out_and_closes() {
    let store = Store::default();
    let mut file = store.open(8);
    file.write_bytes(b"kept").unwrap();
    drop(file);
    assert_eq!(store.take_log(), [write(0, 4), Msg::Close(0)]);
    assert_eq!(store.data(), b"kept");
}

#[test]
fn std_io_traits_follow_std_conventions() {
    use std::io::{BufRead, Read, Seek, SeekFrom, Write};
    let store = Store::with_data(b"line one\nline two\n".to_vec());
    let mut file = store.open(8);
    let lines: Vec<String> = (&mut file).lines().map(Result::unwrap).collect();
    assert_eq!(lines, ["line one", "line two"]);
    // std's SeekFrom::End counts forward from the end; mmioSeek's counts back.
    assert_eq!(file.seek(SeekFrom::End(-4)).unwrap(), 14);
    assert_eq!(file.seek_mmio(4, SeekOrigin::End).unwrap(), 14);
    assert_eq!(file.stream_position().unwrap(), 14);
    file.write_all(b"TWO!").unwrap();
    file.flush().unwrap();
    file.rewind().unwrap();
    let mut all = String::new();
    file.read_to_string(&mut all).unwrap();
    assert_eq!(all, "line one\nline TWO!");
    assert!(file.seek(SeekFrom::Current(-100)).is_err());

    let err = std::io::Error::from(winmmio::Error::new(ErrorCode::CannotSeek));
    assert_eq!(err.get_ref().unwrap().downcast_ref::<winmmio::Error>().unwrap().code(), ErrorCode::CannotSeek);

    let mut unbuffered = store.open(0);
    assert!(unbuffered.fill_buf().is_err());
}
