//! The fast paths of reading and writing (a request the buffer serves whole is copied
//! with no other work) keep every rule of the general path: the access mode, the
//! procedure's messages, dirty data. The windows the C library copies through are
//! tested in `c_abi.rs`.

mod common;

use std::io::{Read, Seek, SeekFrom, Write};

use common::{Msg, Scratch, Store};
use winmmio::{ErrorCode, OpenOptions, SeekOrigin};

/// The MMIO error code an `io::Error` of the engine carries.
fn code(err: std::io::Error) -> Option<ErrorCode> {
    err.get_ref().and_then(|inner| inner.downcast_ref::<winmmio::Error>()).map(winmmio::Error::code)
}

#[test]
fn small_reads_and_writes_keep_the_access_mode() {
    let dir = Scratch::new("fast-access");
    let path = dir.path("w.bin");
    let mut file = OpenOptions::new().write().create(true).buffer_size(64).open(&path).unwrap();
    file.write_all(b"abcdefgh").unwrap();
    file.seek(SeekFrom::Start(0)).unwrap();
    let mut word = [0u8; 4];
    assert_eq!(file.read_exact(&mut word).map_err(code), Err(Some(ErrorCode::CannotRead)));
    assert_eq!(file.read(&mut word).map_err(code), Err(Some(ErrorCode::CannotRead)));
    file.close().unwrap();
    let mut file = OpenOptions::new().buffer_size(64).open(&path).unwrap();
    file.read_exact(&mut word).unwrap();
    assert_eq!(file.write_all(b"wxyz").map_err(code), Err(Some(ErrorCode::CannotWrite)));
    file.read_exact(&mut word).unwrap();
    assert_eq!(&word, b"efgh");
}

/// Reads and writes the buffer serves send no message; the procedure sees the one
/// fill and, at close, the seek back and the one write of the dirty buffer.
#[test]
fn buffered_small_calls_send_no_messages() {
    let store = Store::with_data(common::counting(64));
    let mut file = store.open(32);
    let mut word = [0u8; 4];
    file.read_exact(&mut word).unwrap();
    assert_eq!(store.take_log(), [Msg::Read { at: 0, len: 32 }]);
    for _ in 0..3 {
        file.read_exact(&mut word).unwrap();
        file.write_all(b"WXYZ").unwrap();
    }
    file.read_exact(&mut word).unwrap();
    assert_eq!(word, [28, 29, 30, 31]);
    assert_eq!(store.take_log(), []);
    file.close().unwrap();
    let write_back = [Msg::Seek { offset: 0, origin: SeekOrigin::Start }, Msg::Write { at: 0, len: 32 }, Msg::Close(0)];
    assert_eq!(store.take_log(), write_back);
    let mut expected = common::counting(64);
    for k in 0..3 {
        expected[8 * k + 8..8 * k + 12].copy_from_slice(b"WXYZ");
    }
    assert_eq!(store.data(), expected);
}
