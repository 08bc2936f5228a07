//! The fast paths of `mmioRead` and `mmioWrite` (a request the buffer serves is copied in
//! the export itself, under the handle's lock) against the general path they stand in
//! for: every short length and its copy strategy, requests that straddle the buffer's
//! end, copies between a file's buffer and itself, the access mode, lent buffers, dead
//! and forged handles, and a procedure calling back into its own file.

use std::cell::Cell;
use std::ffi::c_char;
use std::path::{Path, PathBuf};

use engine::flags::*;

use crate::info::mmioGetInfo;
use crate::io::{mmioClose, mmioRead, mmioSeek, mmioWrite};
use crate::open::mmioOpenA;
use crate::types::{Hmmio, MMIOINFO};

const SEEK_SET: i32 = 0;
const FOURCC_MEM: u32 = u32::from_le_bytes(*b"MEM ");

/// A fresh directory for one test.
fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mmio-sys-fast-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Deterministic bytes, all different within 251.
fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 7 % 251) as u8).collect()
}

/// Opens `path` with `flags` and `info` (buffer size, caller's buffer, ...).
fn open(path: Option<&Path>, mut info: MMIOINFO, flags: u32) -> Hmmio {
    let mut name = path.map(crate::text::a_string);
    let name_ptr = name.as_mut().map_or(std::ptr::null_mut(), |n| n.as_mut_ptr().cast::<c_char>());
    // SAFETY: a NUL-terminated name or NULL, and a valid MMIOINFO.
    let h = unsafe { mmioOpenA(name_ptr, &mut info, flags) };
    assert!(!h.is_null(), "open failed: {}", { info.wErrorRet });
    h
}

/// A file on disk holding `data`, opened with an internal buffer of `buffer` bytes.
fn open_file(path: &Path, data: &[u8], buffer: i32, flags: u32) -> Hmmio {
    std::fs::write(path, data).unwrap();
    let mut info = MMIOINFO::zeroed();
    info.cchBuffer = buffer;
    open(Some(path), info, flags | MMIO_ALLOCBUF)
}

/// A read-write memory file of a fixed `len`-byte internal block, holding `data` from 0.
fn open_memory(data: &[u8], len: i32) -> Hmmio {
    let mut info = MMIOINFO::zeroed();
    info.fccIOProc = FOURCC_MEM;
    info.cchBuffer = len;
    let h = open(None, info, MMIO_READWRITE | MMIO_CREATE);
    assert_eq!(write(h, data), data.len() as i32);
    h
}

fn read(h: Hmmio, dst: &mut [u8]) -> i32 {
    // SAFETY: `dst` holds `dst.len()` writable bytes.
    unsafe { mmioRead(h, dst.as_mut_ptr().cast(), dst.len() as i32) }
}

fn write(h: Hmmio, src: &[u8]) -> i32 {
    // SAFETY: `src` holds `src.len()` readable bytes.
    unsafe { mmioWrite(h, src.as_ptr().cast(), src.len() as i32) }
}

fn seek(h: Hmmio, at: i32) -> i32 {
    // SAFETY: no pointers.
    unsafe { mmioSeek(h, at, SEEK_SET) }
}

fn close(h: Hmmio) {
    // SAFETY: no pointers; any handle value is accepted.
    assert_eq!(unsafe { mmioClose(h, 0) }, 0);
}

fn info(h: Hmmio) -> MMIOINFO {
    let mut info = MMIOINFO::zeroed();
    // SAFETY: a valid MMIOINFO to fill.
    assert_eq!(unsafe { mmioGetInfo(h, &mut info, 0) }, 0);
    info
}

/// Reads of every length from 1 to 40 (each copy strategy: 1, 2-3, 4-8, 9-16, 17-32
/// bytes inline, longer ones through `memmove`) at many offsets return exactly the
/// file's bytes and touch nothing past the count, both inside a 64-byte buffer (the fast
/// path) and across its end (the general path), and on a memory file.
#[test]
fn reads_of_every_short_length_copy_exactly_their_bytes() {
    let dir = scratch("reads");
    let data = pattern(300);
    let files = [open_file(&dir.join("f.bin"), &data, 64, MMIO_READ), open_memory(&data, 300)];
    for h in files {
        for len in 1..=40usize {
            for start in (0..=data.len() - len).step_by(5) {
                assert_eq!(seek(h, start as i32), start as i32);
                let mut dst = [0xEEu8; 48];
                assert_eq!(read(h, &mut dst[..len]), len as i32, "{len} bytes at {start}");
                assert_eq!(&dst[..len], &data[start..start + len], "{len} bytes at {start}");
                assert!(dst[len..].iter().all(|&b| b == 0xEE), "{len} bytes at {start} wrote past the count");
                assert_eq!(seek(h, start as i32 + len as i32), (start + len) as i32);
            }
        }
        close(h);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Writes of every length from 1 to 40, one after another through a 64-byte buffer,
/// make the file the writes' concatenation; a write the buffer takes marks it dirty
/// and moves `pchEndRead` up to it, with nothing sent to the procedure yet.
#[test]
fn writes_of_every_short_length_land_in_order() {
    let dir = scratch("writes");
    let path = dir.join("f.bin");
    let h = open_file(&path, &[], 64, MMIO_WRITE | MMIO_CREATE);
    assert_eq!(write(h, b"abcd"), 4);
    let state = info(h);
    assert_ne!({ state.dwFlags } & MMIO_DIRTY, 0);
    // SAFETY: the pointers are into the same buffer.
    unsafe {
        assert_eq!(state.pchNext.offset_from(state.pchBuffer), 4);
        assert_eq!(state.pchEndRead.offset_from(state.pchBuffer), 4);
    }
    assert_eq!(({ state.lBufOffset }, { state.lDiskOffset }), (0, 0));
    let mut expected = b"abcd".to_vec();
    for len in 1..=40usize {
        let chunk = pattern(len + 3)[3..].to_vec();
        assert_eq!(write(h, &chunk), len as i32);
        expected.extend_from_slice(&chunk);
    }
    close(h);
    assert_eq!(std::fs::read(&path).unwrap(), expected);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A read into the file's own buffer, or a write from it, copies as `memmove` does
/// (the bytes before the copy), for short and long requests.
#[test]
fn copies_between_a_buffer_and_itself_behave_as_memmove() {
    for len in [3usize, 4, 8, 12, 20, 40] {
        let data = pattern(128);
        let h = open_memory(&data, 128);
        let base = info(h).pchBuffer;
        let mut model = data.clone();
        assert_eq!(seek(h, 0), 0);
        // SAFETY: `base + 2 .. base + 2 + len` lies inside the 128-byte block.
        assert_eq!(unsafe { mmioRead(h, base.add(2), len as i32) }, len as i32);
        model.copy_within(0..len, 2);
        assert_eq!(seek(h, 60), 60);
        // SAFETY: `base + 59 .. base + 59 + len` lies inside the 128-byte block.
        assert_eq!(unsafe { mmioWrite(h, base.add(59), len as i32) }, len as i32);
        model.copy_within(59..59 + len, 60);
        let mut back = vec![0u8; 128];
        assert_eq!(seek(h, 0), 0);
        assert_eq!(read(h, &mut back), 128);
        assert_eq!(back, model, "{len} bytes");
        close(h);
    }
}

/// The access mode holds on the fast path: a write-only file does not read back the
/// bytes it has in its buffer, a read-only file (or memory file) does not take writes.
#[test]
fn the_access_mode_holds_on_the_fast_path() {
    let dir = scratch("access");
    let mut word = [0u8; 4];
    let h = open_file(&dir.join("w.bin"), &[], 64, MMIO_WRITE | MMIO_CREATE);
    assert_eq!(write(h, b"abcdefgh"), 8);
    assert_eq!(seek(h, 0), 0);
    assert_eq!(read(h, &mut word), -1);
    close(h);
    let h = open_file(&dir.join("r.bin"), b"abcdefgh", 64, MMIO_READ);
    assert_eq!(read(h, &mut word), 4);
    assert_eq!(write(h, b"wxyz"), -1);
    assert_eq!(read(h, &mut word), 4);
    assert_eq!(&word, b"efgh");
    close(h);
    let mut info = MMIOINFO::zeroed();
    info.fccIOProc = FOURCC_MEM;
    let mut block = *b"abcdefgh";
    info.pchBuffer = block.as_mut_ptr().cast();
    info.cchBuffer = 8;
    let h = open(None, info, MMIO_READ);
    assert_eq!(read(h, &mut word), 4);
    assert_eq!(write(h, b"wxyz"), -1);
    close(h);
    assert_eq!(&block, b"abcdefgh");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A buffer the caller lends (`pchBuffer` in `mmioOpen`) is served by the general path,
/// in place: written bytes appear in the caller's block, and read back.
#[test]
fn a_lent_buffer_is_used_in_place() {
    let dir = scratch("lent");
    let path = dir.join("f.bin");
    std::fs::write(&path, b"0123456789").unwrap();
    let mut block = [0u8; 32];
    let mut info = MMIOINFO::zeroed();
    info.pchBuffer = block.as_mut_ptr().cast();
    info.cchBuffer = 32;
    let h = open(Some(&path), info, MMIO_READWRITE);
    let mut word = [0u8; 4];
    assert_eq!(read(h, &mut word), 4);
    assert_eq!(&word, b"0123");
    assert_eq!(write(h, b"abcd"), 4);
    assert_eq!(&block[..10], b"0123abcd89");
    assert_eq!(seek(h, 2), 2);
    assert_eq!(read(h, &mut word), 4);
    assert_eq!(&word, b"23ab");
    close(h);
    assert_eq!(std::fs::read(&path).unwrap(), b"0123abcd89");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Closed, null and forged handles get -1 from the 4-byte calls, and a refused call
/// leaves the lock of the slot it named free (its own handle still works).
#[test]
fn dead_and_forged_handles_are_refused() {
    let h = open_memory(b"0123456789", 16);
    let mut word = [0u8; 4];
    let value = h as usize;
    let index_bits = 18;
    let other_generation = value ^ (1 << index_bits);
    let forged = [std::ptr::null_mut(), 1 as Hmmio, other_generation as Hmmio, (value & !0x3ffff) as Hmmio];
    for bad in forged {
        assert_eq!(read(bad, &mut word), -1, "{bad:?}");
        assert_eq!(write(bad, b"abcd"), -1, "{bad:?}");
    }
    assert_eq!(seek(h, 0), 0);
    assert_eq!(read(h, &mut word), 4);
    assert_eq!(&word, b"0123");
    close(h);
    assert_eq!(read(h, &mut word), -1);
    assert_eq!(write(h, b"abcd"), -1);
}

thread_local! {
    /// What the calls [`calling_back`] made on its own file returned.
    static INNER: Cell<(i32, i32)> = const { Cell::new((0, 0)) };
}

/// A procedure serving zeros that, on every read, first calls `mmioRead` and
/// `mmioWrite` on its own file (`hmmio`).
unsafe extern "C" fn calling_back(info: *mut c_char, msg: u32, param1: isize, param2: isize) -> isize {
    let info = info.cast::<MMIOINFO>();
    // SAFETY: the engine passes the file's MMIOINFO (packed: read unaligned).
    let mut state = unsafe { info.read_unaligned() };
    let result = match msg {
        MMIOM_READ => {
            let mut word = [0u8; 4];
            INNER.set((read(state.hmmio, &mut word), write(state.hmmio, b"abcd")));
            // SAFETY: the engine's buffer holds `param2` bytes.
            unsafe { std::ptr::write_bytes(param1 as *mut u8, 0, param2 as usize) };
            state.lDiskOffset += param2 as i32;
            param2
        }
        MMIOM_SEEK => {
            state.lDiskOffset = param1 as i32;
            param1
        }
        _ => 0,
    };
    // SAFETY: the file's MMIOINFO read at the start, written back whole and unaligned.
    unsafe { info.write_unaligned(state) };
    result
}

/// A call on a file from inside its own procedure gets -1 (the handle's lock is this
/// thread's), and the outer call goes on.
#[test]
fn a_procedure_calling_its_own_file_is_refused() {
    let mut info = MMIOINFO::zeroed();
    info.pIOProc = Some(calling_back);
    info.cchBuffer = 16;
    let h = open(Some(Path::new("callback")), info, MMIO_READWRITE);
    let mut word = [9u8; 4];
    assert_eq!(read(h, &mut word), 4);
    assert_eq!(word, [0; 4]);
    assert_eq!(INNER.get(), (-1, -1));
    assert_eq!(read(h, &mut word), 4, "the lock was given back");
    close(h);
}
