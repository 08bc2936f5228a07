//! docs/behavior.md statements about the C ABI that the programs in `tests/c/` do not assert
//! (see `docs/conformance.md`), tested by calling the exported functions as a C
//! program does: `MMIO_PARSE` into a `WCHAR` buffer, the ignored flags of
//! `mmioSetBuffer`, the `LONG` limit of `mmioSeek`, and C I/O procedures that lie
//! (negative counts, more than asked) or touch members they do not own.

use std::cell::{Cell, RefCell};
use std::ffi::c_char;
use std::path::PathBuf;

use engine::flags::*;

use crate::info::{mmioAdvance, mmioGetInfo, mmioSetInfo};
use crate::io::{mmioClose, mmioFlush, mmioRead, mmioSeek, mmioSetBuffer, mmioWrite};
use crate::open::{mmioOpenA, mmioOpenW};
use crate::types::{Hmmio, MMIOINFO};

const SEEK_SET: i32 = 0;
const SEEK_CUR: i32 = 1;
const SEEK_END: i32 = 2;
const CANNOTWRITE: u32 = 256 + 6;
const OUTOFMEMORY: u32 = 256 + 2;
const UNBUFFERED: u32 = 256 + 10;
const INVALPARAM: u32 = 11;

/// A fresh directory for one test.
fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mmio-sys-conformance-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A path as a NUL-terminated `char` string.
fn c_name(path: &std::path::Path) -> Vec<u8> {
    crate::text::a_string(path)
}

/// `mmioGetInfo`.
fn get_info(h: Hmmio) -> MMIOINFO {
    let mut info = MMIOINFO::zeroed();
    // SAFETY: a valid MMIOINFO to fill.
    assert_eq!(unsafe { mmioGetInfo(h, &mut info, 0) }, 0);
    info
}

/// The position: `mmioSeek(h, 0, SEEK_CUR)`.
fn position(h: Hmmio) -> i32 {
    // SAFETY: no pointers.
    unsafe { mmioSeek(h, 0, SEEK_CUR) }
}

/// §2: MMIO_PARSE into a `WCHAR` buffer: a path of 128 units or more is refused with
/// `MMIOERR_OUTOFMEMORY`, and the buffer gets the first 127 units and a NUL.
#[test]
fn parse_w_cuts_a_long_path_to_127_units() {
    let relative = "p".repeat(120);
    let absolute: Vec<u16> =
        std::env::current_dir().unwrap().join(&relative).to_string_lossy().encode_utf16().collect();
    assert!(absolute.len() >= 128);
    let mut name = [0u16; 128];
    for (slot, unit) in name.iter_mut().zip(relative.encode_utf16()) {
        *slot = unit;
    }
    let mut info = MMIOINFO::zeroed();
    // SAFETY: a NUL-terminated name in a 128-unit buffer, a valid MMIOINFO.
    let result = unsafe { mmioOpenW(name.as_mut_ptr(), &mut info, MMIO_PARSE) };
    assert!(result.is_null(), "FALSE");
    assert_eq!({ info.wErrorRet }, OUTOFMEMORY);
    assert_eq!(&name[..127], &absolute[..127]);
    assert_eq!(name[127], 0);
}

/// §4: mmioSetBuffer ignores its flags argument (MMIO_ALLOCBUF asks for nothing there).
#[test]
fn set_buffer_ignores_its_flags() {
    let dir = scratch("setbuffer-flags");
    let path = dir.join("f.bin");
    std::fs::write(&path, [0u8; 20]).unwrap();
    let mut name = c_name(&path);
    // SAFETY: a NUL-terminated name; no MMIOINFO.
    let h = unsafe { mmioOpenA(name.as_mut_ptr().cast(), std::ptr::null_mut(), MMIO_READ) };
    assert!(!h.is_null());
    // SAFETY: no pointers.
    assert_eq!(unsafe { mmioSeek(h, 5, SEEK_SET) }, 5);
    // SAFETY: an internal buffer (NULL pointer).
    assert_eq!(unsafe { mmioSetBuffer(h, std::ptr::null_mut(), 16, u32::MAX) }, 0);
    let info = get_info(h);
    assert_eq!(({ info.cchBuffer }, { info.lBufOffset }, { info.dwFlags } & MMIO_ALLOCBUF), (16, 5, MMIO_ALLOCBUF));
    // SAFETY: a NULL buffer pointer: the library makes (here: drops) its own buffer.
    assert_eq!(unsafe { mmioSetBuffer(h, std::ptr::null_mut(), 0, MMIO_ALLOCBUF) }, 0);
    let info = get_info(h);
    assert_eq!(({ info.cchBuffer }, { info.lBufOffset }, info.pchBuffer.is_null()), (0, 5, true));
    // SAFETY: an open handle.
    assert_eq!(unsafe { mmioClose(h, 0) }, 0);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// §5: on an unbuffered file mmioAdvance is `MMIOERR_UNBUFFERED` even when the
/// caller's MMIOINFO holds pointers outside the (empty) buffer, which mmioSetInfo
/// refuses with `MMSYSERR_INVALPARAM`.
#[test]
fn advance_on_an_unbuffered_file_reports_unbuffered_before_bad_pointers() {
    let dir = scratch("advance-unbuffered");
    let path = dir.join("f.bin");
    std::fs::write(&path, [0u8; 20]).unwrap();
    let mut name = c_name(&path);
    // SAFETY: a NUL-terminated name; no MMIOINFO.
    let h = unsafe { mmioOpenA(name.as_mut_ptr().cast(), std::ptr::null_mut(), MMIO_READ) };
    assert!(!h.is_null());
    let mut info = get_info(h);
    assert!(info.pchBuffer.is_null());
    let mut elsewhere = [0 as c_char; 4];
    info.pchNext = elsewhere.as_mut_ptr();
    // SAFETY: valid MMIOINFOs; the handle is open.
    unsafe {
        assert_eq!(mmioSetInfo(h, &info, 0), INVALPARAM);
        assert_eq!(mmioAdvance(h, &mut info, MMIO_READ), UNBUFFERED);
        assert_eq!(mmioClose(h, 0), 0);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// §8: the C ABI's LONG limit: a target past 2 GiB - 1 is -1 from mmioSeek, which
/// leaves the position alone (the Rust API reaches it; see `crates/mmio/tests/riff.rs`).
#[test]
fn seek_past_the_long_range_is_minus_one() {
    let dir = scratch("long-limit");
    let path = dir.join("sparse.bin");
    std::fs::File::create(&path).unwrap().set_len(3 << 30).unwrap();
    let mut name = c_name(&path);
    // SAFETY: a NUL-terminated name; no MMIOINFO.
    let h = unsafe { mmioOpenA(name.as_mut_ptr().cast(), std::ptr::null_mut(), MMIO_READ) };
    assert!(!h.is_null());
    // SAFETY: no pointers.
    unsafe {
        assert_eq!(mmioSeek(h, 16, SEEK_SET), 16);
        assert_eq!(mmioSeek(h, 0, SEEK_END), -1);
        assert_eq!(mmioSeek(h, 0, SEEK_CUR), 16, "a failed seek leaves the position");
        assert_eq!(mmioClose(h, 0), 0);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// How [`store_proc`] misbehaves.
#[derive(Copy, Clone, PartialEq, Eq)]
enum Mode {
    Honest,
    /// Read, write and seek return negative values.
    Negative,
    /// Read and write claim more bytes than asked.
    MoreThanAsked,
    /// Honest counts, but every member of the MMIOINFO other than `lDiskOffset` and
    /// `adwInfo` is overwritten with garbage.
    Scribble,
}

thread_local! {
    /// The storage of [`store_proc`] (the engine calls a procedure on the caller's thread).
    static STORE: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    static MODE: Cell<Mode> = const { Cell::new(Mode::Honest) };
}

/// A C I/O procedure over [`STORE`], misbehaving as [`MODE`] says.
unsafe extern "C" fn store_proc(info: *mut c_char, msg: u32, param1: isize, param2: isize) -> isize {
    let info = info.cast::<MMIOINFO>();
    // SAFETY: the engine passes the file's MMIOINFO (packed: read unaligned).
    let mut state = unsafe { info.read_unaligned() };
    let at = state.lDiskOffset as usize;
    let mode = MODE.get();
    let result = match msg {
        MMIOM_READ if mode == Mode::Negative => -5,
        MMIOM_READ if mode == Mode::MoreThanAsked => param2 + 3,
        MMIOM_READ => STORE.with_borrow(|store| {
            let n = store.len().saturating_sub(at).min(param2 as usize);
            // SAFETY: the engine's buffer holds param2 >= n bytes.
            unsafe { std::ptr::copy_nonoverlapping(store[at..].as_ptr(), param1 as *mut u8, n) };
            state.lDiskOffset += n as i32;
            n as isize
        }),
        MMIOM_WRITE | MMIOM_WRITEFLUSH if mode == Mode::Negative => -1,
        MMIOM_WRITE | MMIOM_WRITEFLUSH if mode == Mode::MoreThanAsked => param2 + 1,
        MMIOM_WRITE | MMIOM_WRITEFLUSH => STORE.with_borrow_mut(|store| {
            let n = param2 as usize;
            if store.len() < at + n {
                store.resize(at + n, 0);
            }
            // SAFETY: the engine passes n readable bytes.
            let src = unsafe { std::slice::from_raw_parts(param1 as *const u8, n) };
            store[at..at + n].copy_from_slice(src);
            state.lDiskOffset += n as i32;
            param2
        }),
        MMIOM_SEEK if mode == Mode::Negative => -1,
        MMIOM_SEEK => {
            let base = match param2 as i32 {
                SEEK_CUR => at as isize,
                SEEK_END => STORE.with_borrow(|s| s.len() as isize),
                _ => 0,
            };
            state.lDiskOffset = (base + param1) as i32;
            base + param1
        }
        _ => 0,
    };
    if mode == Mode::Scribble {
        state.dwFlags = u32::MAX;
        state.cchBuffer = 9999;
        state.pchBuffer = std::ptr::null_mut();
        state.pchNext = std::ptr::null_mut();
        state.pchEndRead = std::ptr::null_mut();
        state.pchEndWrite = std::ptr::null_mut();
        state.lBufOffset = 12345;
        state.fccIOProc = 0;
        state.hmmio = std::ptr::null_mut();
    }
    // SAFETY: the file's MMIOINFO read at the start, written back whole and unaligned.
    unsafe { info.write_unaligned(state) };
    result
}

/// Opens [`STORE`] (holding `data`) through [`store_proc`] with a buffer of `cch` bytes.
fn open_store(data: &[u8], cch: i32) -> Hmmio {
    STORE.set(data.to_vec());
    MODE.set(Mode::Honest);
    let mut info = MMIOINFO::zeroed();
    info.pIOProc = Some(store_proc);
    info.cchBuffer = cch;
    let mut name = *b"store\0";
    // SAFETY: a NUL-terminated name and a valid MMIOINFO.
    let h = unsafe { mmioOpenA(name.as_mut_ptr().cast(), &mut info, MMIO_READWRITE) };
    assert!(!h.is_null(), "wErrorRet {}", { info.wErrorRet });
    h
}

/// Bad input and faults: a C procedure that returns a negative count, or more than it
/// was asked for, makes mmioRead return -1 and mmioFlush `MMIOERR_CANNOTWRITE` (the
/// data stays in the buffer for a later flush), and a negative seek result makes
/// mmioSeek return -1 without moving.
#[test]
fn lying_c_procedures_get_errors() {
    let h = open_store(b"0123456789", 4);
    let mut buf = [0u8; 10];
    for mode in [Mode::Negative, Mode::MoreThanAsked] {
        MODE.set(mode);
        for count in [2, 10] {
            // SAFETY: a buffer of 10 bytes.
            assert_eq!(unsafe { mmioRead(h, buf.as_mut_ptr().cast(), count) }, -1);
        }
    }
    MODE.set(Mode::Honest);
    // SAFETY: a buffer of 10 bytes; two bytes to write.
    unsafe {
        assert_eq!(mmioRead(h, buf.as_mut_ptr().cast(), 2), 2);
        assert_eq!(&buf[..2], b"01");
        assert_eq!(mmioWrite(h, b"ab".as_ptr().cast(), 2), 2);
    }
    for mode in [Mode::Negative, Mode::MoreThanAsked] {
        MODE.set(mode);
        // SAFETY: no pointers.
        assert_eq!(unsafe { mmioFlush(h, 0) }, CANNOTWRITE);
        assert_ne!({ get_info(h).dwFlags } & MMIO_DIRTY, 0);
    }
    MODE.set(Mode::Honest);
    // SAFETY: no pointers.
    assert_eq!(unsafe { mmioFlush(h, 0) }, 0);
    assert_eq!(STORE.with_borrow(Vec::clone), b"01ab456789");
    MODE.set(Mode::Negative);
    // SAFETY: no pointers.
    assert_eq!(unsafe { mmioSeek(h, 8, SEEK_SET) }, -1);
    MODE.set(Mode::Honest);
    assert_eq!(position(h), 4);
    // SAFETY: an open handle.
    assert_eq!(unsafe { mmioClose(h, 0) }, 0);
}

/// §7: a procedure may change only lDiskOffset and adwInfo; whatever else it writes
/// into its MMIOINFO does not reach the file's state.
#[test]
fn a_procedure_touching_other_members_changes_nothing() {
    let h = open_store(b"0123456789", 8);
    MODE.set(Mode::Scribble);
    let mut buf = [0u8; 3];
    // SAFETY: a buffer of 3 bytes.
    assert_eq!(unsafe { mmioRead(h, buf.as_mut_ptr().cast(), 3) }, 3);
    assert_eq!(&buf, b"012");
    let info = get_info(h);
    assert_eq!(({ info.cchBuffer }, { info.lBufOffset }, { info.lDiskOffset }), (8, 0, 8));
    assert_eq!({ info.dwFlags }, MMIO_READWRITE | MMIO_ALLOCBUF);
    assert!(!info.pchBuffer.is_null());
    // SAFETY: the pointers are into the same buffer.
    assert_eq!(unsafe { info.pchNext.offset_from(info.pchBuffer) }, 3);
    assert_eq!({ info.hmmio }, h);
    MODE.set(Mode::Honest);
    // SAFETY: an open handle.
    assert_eq!(unsafe { mmioClose(h, 0) }, 0);
}
