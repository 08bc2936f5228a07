//! The fast paths of reading and writing (a request the buffer serves whole is copied
//! with no other work) keep every rule of the general path: the access mode, the
//! procedure's messages, dirty data; and the windows the C library copies through
//! (`c_abi::take_from_buffer`, `c_abi::put_into_buffer`) open only where the general path
//! would have copied from or into the buffer.

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

#[cfg(feature = "c-abi")]
mod c_abi_windows {
    use winmmio::c_abi::{self, BufferMemory};
    use winmmio::{ErrorCode, FourCC, Mmio, OpenOptions, Result, SeekOrigin};

    use super::common::{self, Msg, Store};

    /// Lent memory of a fixed size.
    struct Fixed(Vec<u8>);

    impl BufferMemory for Fixed {
        fn bytes(&self) -> &[u8] {
            &self.0
        }

        fn bytes_mut(&mut self) -> &mut [u8] {
            &mut self.0
        }

        fn grow(&mut self, _new_len: usize) -> Result<()> {
            Err(ErrorCode::CannotExpand.into())
        }

        fn base(&self) -> *mut u8 {
            self.0.as_ptr().cast_mut()
        }
    }

    fn store_options(store: &Store) -> OpenOptions {
        let mut options = OpenOptions::new();
        options.read_write().io_proc(FourCC::new(*b"STOR"), store.proc_ref());
        options
    }

    /// The bytes at the address `take_from_buffer` returned.
    fn taken(file: &mut Mmio, len: usize) -> Option<Vec<u8>> {
        let buffer = file.buffer().as_ptr_range();
        let at = c_abi::take_from_buffer(file, len)?;
        assert!(buffer.contains(&at) && at.wrapping_add(len) <= buffer.end);
        let offset = at as usize - buffer.start as usize;
        Some(file.buffer()[offset..offset + len].to_vec())
    }

    #[test]
    fn the_read_window_opens_on_buffered_bytes_only() {
        let store = Store::with_data(common::counting(40));
        let mut file = c_abi::open(store_options(&store).buffer_size(16), Some("store".as_ref()), None).unwrap();
        assert_eq!(taken(&mut file, 4), None, "an empty buffer: the general path fills it");
        assert_eq!(file.read_bytes(&mut [0; 1]).unwrap(), 1);
        assert_eq!(taken(&mut file, 4), Some(vec![1, 2, 3, 4]));
        assert_eq!(file.position(), 5);
        assert_eq!(taken(&mut file, 12), None, "past the loaded bytes");
        assert_eq!(taken(&mut file, 11), Some(common::counting(16)[5..].to_vec()));
        assert_eq!(taken(&mut file, 1), None);
        assert_eq!(file.position(), 16);
    }

    #[test]
    fn the_write_window_opens_on_buffer_space_only() {
        let store = Store::with_data(Vec::new());
        let mut file = c_abi::open(store_options(&store).buffer_size(16), Some("store".as_ref()), None).unwrap();
        let at = c_abi::put_into_buffer(&mut file, 6).unwrap();
        assert_eq!(at.cast_const(), file.buffer().as_ptr());
        let info = file.info();
        assert!(info.is_dirty());
        assert_eq!((info.next, info.end_read), (6, 6));
        assert!(c_abi::put_into_buffer(&mut file, 11).is_none(), "past the buffer's end");
        assert!(c_abi::put_into_buffer(&mut file, 10).is_some());
        assert_eq!(file.position(), 16);
        drop(file);
        let mut file = c_abi::open(
            OpenOptions::new().io_proc(FourCC::new(*b"STOR"), store.proc_ref()).buffer_size(16),
            Some("store".as_ref()),
            None,
        )
        .unwrap();
        assert!(c_abi::put_into_buffer(&mut file, 4).is_none(), "a read-only file");
        assert_eq!(file.read_bytes(&mut [0; 4]).unwrap(), 4);
        assert!(c_abi::put_into_buffer(&mut file, 4).is_none(), "a read-only file");
    }

    #[test]
    fn write_only_files_open_no_read_window() {
        let store = Store::with_data(common::counting(40));
        let mut options = OpenOptions::new();
        options.write().io_proc(FourCC::new(*b"STOR"), store.proc_ref()).buffer_size(16);
        let mut file = c_abi::open(&options, Some("store".as_ref()), None).unwrap();
        assert_eq!(file.write_bytes(b"abcdefgh").unwrap(), 8);
        assert_eq!(file.seek_mmio(0, SeekOrigin::Start).unwrap(), 0);
        assert_eq!(taken(&mut file, 4), None);
    }

    /// Lent memory opens no window (reaching it takes a call through `BufferMemory`);
    /// the general path serves it, and a read it serves whole from the buffer keeps
    /// the buffer and its dirty data.
    #[test]
    fn lent_memory_takes_the_general_path_and_keeps_dirty_data() {
        let store = Store::with_data(b"0123456789".to_vec());
        let lent = Box::new(Fixed(vec![0; 32]));
        let mut file = c_abi::open(&store_options(&store), Some("store".as_ref()), Some(lent)).unwrap();
        store.take_log();
        let mut word = [0u8; 4];
        assert_eq!(file.read_bytes(&mut word).unwrap(), 4);
        assert_eq!(store.take_log(), [Msg::Read { at: 0, len: 32 }]);
        assert!(c_abi::take_from_buffer(&mut file, 4).is_none());
        assert!(c_abi::put_into_buffer(&mut file, 4).is_none());
        assert_eq!(file.write_bytes(b"abcd").unwrap(), 4);
        assert_eq!(file.seek_mmio(2, SeekOrigin::Start).unwrap(), 2);
        assert_eq!(file.read_bytes(&mut word).unwrap(), 4);
        assert_eq!(&word, b"23ab");
        assert_eq!(store.take_log(), []);
        file.close().unwrap();
        assert_eq!(
            store.take_log(),
            [Msg::Seek { offset: 0, origin: SeekOrigin::Start }, Msg::Write { at: 0, len: 10 }, Msg::Close(0)]
        );
        assert_eq!(store.data(), b"0123abcd89");
    }
}
