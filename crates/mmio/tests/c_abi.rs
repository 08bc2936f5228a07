//! The engine's unstable `c_abi` module, as the C library uses it: memory lent as a
//! file's buffer (and the contract of `BufferMemory`, which lying implementations
//! break), `mmioSeek`'s limit, the adoption of a caller's file, and the windows the fast
//! paths of `mmioRead` and `mmioWrite` copy through, which open only where the general
//! path would copy from or into the buffer. Built with the
//! `c-abi` feature, which `cargo test --workspace` turns on (mmio-sys asks for it).
#![cfg(feature = "c-abi")]

mod common;

use common::{Msg, Store};
use winmmio::c_abi::{self, BufferMemory};
use winmmio::{ErrorCode, FourCC, Mmio, OpenOptions, Result, SeekOrigin};

/// Honest lent memory: a block of fixed size.
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

/// Lent memory that breaks the contract: from the call `honest_calls` on, `bytes_mut`
/// is one byte shorter than `bytes`; `grow` grows only what `bytes` shows.
struct Liar {
    block: Vec<u8>,
    spare: Vec<u8>,
    honest_calls: usize,
    calls: usize,
}

impl Liar {
    fn new(len: usize, honest_calls: usize) -> Box<Liar> {
        Box::new(Liar { block: vec![0; len], spare: Vec::new(), honest_calls, calls: 0 })
    }
}

impl BufferMemory for Liar {
    fn bytes(&self) -> &[u8] {
        &self.block
    }

    fn bytes_mut(&mut self) -> &mut [u8] {
        self.calls += 1;
        let len = self.block.len();
        if self.calls <= self.honest_calls { &mut self.block } else { &mut self.block[..len.saturating_sub(1)] }
    }

    fn grow(&mut self, new_len: usize) -> Result<()> {
        self.spare.resize(new_len, 0);
        std::mem::swap(&mut self.block, &mut self.spare);
        self.honest_calls = 0;
        Ok(())
    }

    fn base(&self) -> *mut u8 {
        std::ptr::null_mut()
    }
}

fn memory_options(grow_by: u32) -> OpenOptions {
    let mut options = OpenOptions::new();
    options.read_write().create(true).grow_by(grow_by).io_proc_code(FourCC::MEM);
    options
}

#[test]
fn lent_memory_is_the_files_block() {
    let block = Box::new(Fixed(vec![0; 8]));
    let address = block.base();
    let mut file = c_abi::open(&memory_options(4), None, Some(block)).unwrap();
    assert_eq!(c_abi::buffer_base(&mut file), address, "C sees the lender's block");
    assert_eq!(file.write_bytes(b"hello").unwrap(), 5);
    // The block cannot grow: the file takes what fits.
    assert_eq!(file.write_bytes(b"world").unwrap(), 3);
    assert_eq!(file.into_memory().unwrap(), b"hellowor");
}

#[test]
fn memory_whose_views_disagree_is_refused_where_it_is_taken() {
    let store = Store::default();
    let liar = || Liar::new(8, 0);

    let err = c_abi::open(&memory_options(0), None, Some(liar())).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidParam);

    let mut options = OpenOptions::new();
    options.read_write().io_proc(FourCC::new(*b"STOR"), store.proc_ref());
    let mut file = options.open("lent").unwrap();
    file.write_bytes(b"abc").unwrap();
    let before = file.info();
    let err = c_abi::lend_buffer(&mut file, liar()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidParam);
    assert_eq!(file.info(), before, "a refused buffer changes nothing");
    file.close().unwrap();
    assert!(store.take_log().contains(&Msg::Write { at: 0, len: 3 }), "the dirty bytes were kept");

    #[cfg(unix)]
    {
        let dir = common::Scratch::new("c-abi-adopt-liar");
        let os_file = std::fs::File::open(dir.counting_file("f.bin", 4)).unwrap();
        let Err((err, Some(_back))) = c_abi::adopt_file(&OpenOptions::new(), os_file, Some(liar())) else {
            panic!("the open should fail and give the file back")
        };
        assert_eq!(err.code(), ErrorCode::InvalidParam);
    }
}

/// Memory that passes the check and lies afterwards gets wrong results or errors from
/// every call, never a panic.
#[test]
fn memory_that_lies_later_never_makes_the_engine_panic() {
    for honest_calls in 0..4 {
        // A memory file over the liar, growing: its growth breaks the views again.
        let Ok(mut file) = c_abi::open(&memory_options(4), None, Some(Liar::new(8, honest_calls + 1))) else {
            panic!("the liar is honest when taken")
        };
        for _ in 0..4 {
            let written = file.write_bytes(b"0123456789");
            assert!(written.as_ref().map_or(true, |&n| n <= 10), "{written:?}");
        }
        let _ = file.seek_mmio(0, SeekOrigin::Start);
        let _ = file.read_bytes(&mut [0; 20]);
        if let Ok(mut direct) = file.direct() {
            let n = direct.writable().len();
            direct.produce(n);
            let _ = direct.advance_write();
        }
        let _ = file.memory_data();
        let _ = file.close();

        // A buffered file whose buffer is the liar: writes, flushes and refills.
        let store = Store::default();
        let mut options = OpenOptions::new();
        options.read_write().io_proc(FourCC::new(*b"STOR"), store.proc_ref());
        let mut file = c_abi::open(&options, Some("lying".as_ref()), Some(Liar::new(6, honest_calls + 1))).unwrap();
        for _ in 0..4 {
            let written = file.write_bytes(b"abcdefgh");
            assert!(written.as_ref().map_or(true, |&n| n <= 8), "{written:?}");
            let _ = file.flush_buffer();
        }
        let _ = file.seek_mmio(0, SeekOrigin::Start);
        let _ = file.read_bytes(&mut [0; 3]);
        let _ = file.close();
    }
}

#[test]
fn a_seek_past_its_limit_changes_nothing_and_sends_nothing() {
    let store = Store::default();
    let mut file = store.open(8);
    file.write_bytes(b"abcd").unwrap();
    // Dirty data stays in the buffer: a refused target writes nothing out.
    for (offset, origin) in [(41, SeekOrigin::Start), (38, SeekOrigin::Current)] {
        let err = c_abi::seek_within(&mut file, offset, origin, 40).unwrap_err();
        assert_eq!(err.code(), ErrorCode::CannotSeek);
    }
    assert_eq!(store.take_log(), []);
    let info = file.info();
    assert_eq!((info.buffer_offset, info.next, info.end_read, info.is_dirty()), (0, 4, 4, true));
    // At the limit: allowed.
    assert_eq!(c_abi::seek_within(&mut file, 36, SeekOrigin::Current, 40).unwrap(), 40);
    let seek = Msg::Seek { offset: 40, origin: SeekOrigin::Start };
    assert_eq!(store.take_log(), [Msg::Write { at: 0, len: 4 }, seek]);
}

/// A failed open of an adopted file hands it back open (the C library relies on this: a
/// failed `mmioOpen` must not close the caller's descriptor).
#[cfg(unix)]
#[test]
fn a_failed_adoption_hands_the_file_back() {
    use std::io::Read;
    use std::os::fd::AsRawFd;

    let dir = common::Scratch::new("c-abi-refused");
    let os_file = std::fs::File::open(dir.counting_file("kept.bin", 10)).unwrap();
    let fd = os_file.as_raw_fd();
    let options = OpenOptions::from_flags(winmmio::OpenFlags::WRITE | winmmio::OpenFlags::READWRITE);
    let Err((error, Some(mut back))) = c_abi::adopt_file(&options, os_file, None) else {
        panic!("the open should fail and give the file back")
    };
    assert_eq!(error.code(), ErrorCode::InvalidFlag);
    assert_eq!(back.as_raw_fd(), fd);
    let mut bytes = Vec::new();
    back.read_to_end(&mut bytes).unwrap();
    assert_eq!(bytes, common::counting(10));
}

/// The address C sees for a block of the engine's: none without one, else the block's.
#[test]
fn the_buffer_base_is_null_only_without_a_buffer() {
    let mut file = Mmio::memory(Vec::new(), 0).unwrap();
    assert!(c_abi::buffer_base(&mut file).is_null());
    let mut file = Mmio::memory(vec![7; 4], 0).unwrap();
    let base = c_abi::buffer_base(&mut file);
    assert_eq!(base.cast_const(), file.buffer().as_ptr());
}

// ----- the windows of the C library's fast paths (take_from_buffer, put_into_buffer) -----

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
