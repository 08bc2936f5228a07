//! The C ABI (`mmsystem.h`) called with arbitrary sequences of handles (live, closed,
//! forged, null), flags, offsets, counts and pointers into valid buffers: memory files
//! on caller blocks (fixed, or growable `malloc` blocks), internal buffers, a real
//! file, user buffers set with `mmioSetBuffer`, direct access through
//! `mmioGetInfo`/`mmioSetInfo`/`mmioAdvance`, and the chunk calls.
//!
//! Checked: no crash and no memory error (the sanitizer), and every call on a closed or
//! forged handle returns `MMSYSERR_INVALHANDLE` (or -1 for the calls that return
//! counts and positions).
#![no_main]

#[path = "../../crates/mmio-sys/src/types.rs"]
#[allow(dead_code)]
mod types;

use std::ffi::c_char;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use mmio_capi as _;
use types::{Hmmio, MMCKINFO, MMIOINFO, MmioProc};

unsafe extern "C" {
    fn mmioOpenA(name: *mut c_char, info: *mut MMIOINFO, flags: u32) -> Hmmio;
    fn mmioClose(h: Hmmio, flags: u32) -> u32;
    fn mmioRead(h: Hmmio, pch: *mut c_char, cch: i32) -> i32;
    fn mmioWrite(h: Hmmio, pch: *const c_char, cch: i32) -> i32;
    fn mmioSeek(h: Hmmio, offset: i32, origin: i32) -> i32;
    fn mmioFlush(h: Hmmio, flags: u32) -> u32;
    fn mmioSetBuffer(h: Hmmio, pch: *mut c_char, cch: i32, flags: u32) -> u32;
    fn mmioGetInfo(h: Hmmio, info: *mut MMIOINFO, flags: u32) -> u32;
    fn mmioSetInfo(h: Hmmio, info: *const MMIOINFO, flags: u32) -> u32;
    fn mmioAdvance(h: Hmmio, info: *mut MMIOINFO, flags: u32) -> u32;
    fn mmioDescend(h: Hmmio, ck: *mut MMCKINFO, parent: *const MMCKINFO, flags: u32) -> u32;
    fn mmioAscend(h: Hmmio, ck: *mut MMCKINFO, flags: u32) -> u32;
    fn mmioCreateChunk(h: Hmmio, ck: *mut MMCKINFO, flags: u32) -> u32;
    fn mmioSendMessage(h: Hmmio, msg: u32, p1: isize, p2: isize) -> isize;
    fn mmioStringToFOURCCA(text: *const c_char, flags: u32) -> u32;
    fn mmioInstallIOProcA(fourcc: u32, proc: Option<MmioProc>, flags: u32) -> Option<MmioProc>;
}

const INVALHANDLE: u32 = 5;
const MEM: u32 = u32::from_le_bytes(*b"MEM ");
const DOS: u32 = u32::from_le_bytes(*b"DOS ");
const MMIO_GETTEMP: u32 = 0x0002_0000;
const MMIO_DIRTY: u32 = 0x1000_0000;
const MMIO_WRITE: u32 = 1;
const POOL: usize = 4;
const POOL_LEN: usize = 8192;

#[derive(Arbitrary, Debug, Clone, Copy)]
enum H {
    Slot(u8),
    Forged(u64),
    Null,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
struct Ptr {
    buf: u8,
    offset: u16,
}

#[derive(Arbitrary, Debug)]
enum Op {
    OpenMemory { block: Option<u8>, len: u16, grow: u16, flags: u32 },
    OpenFile { flags: u32, buffer: i16, fourcc: bool },
    Read { h: H, at: Ptr, len: i32 },
    Write { h: H, at: Ptr, len: i32 },
    Seek { h: H, offset: i32, origin: i32 },
    Flush { h: H, flags: u32 },
    SetBuffer { h: H, at: Option<Ptr>, len: i32, flags: u32 },
    GetInfo { h: H },
    SetInfo { h: H, next: i16, end_read: i16, dirty: bool },
    DirectWrite { h: H, len: u16, seed: u8 },
    Advance { h: H, with_info: bool, flags: u32 },
    Descend { h: H, ck: u8, parent: Option<u8>, flags: u32, id: u32 },
    Ascend { h: H, ck: u8, flags: u32 },
    Create { h: H, ck: u8, flags: u32, id: u32, size: u32 },
    Close { h: H, flags: u32 },
    Send { h: H, msg: u32, p1: isize, p2: isize },
    StringToFourcc { text: [u8; 6], flags: u32 },
    FindProc { fourcc: u32, flags: u32 },
}

/// A handle this run opened.
struct Opened {
    h: Hmmio,
    closed: bool,
    /// A growable caller block from `malloc`, freed after close.
    malloced: bool,
}

struct Run {
    pool: Vec<Vec<u8>>,
    handles: Vec<Opened>,
    info: MMIOINFO,
    cks: [MMCKINFO; 4],
    path: Vec<u8>,
}

impl Run {
    /// The handle value an op names, and whether it is known to be invalid.
    fn handle(&self, h: H) -> (Hmmio, bool) {
        match h {
            H::Slot(i) if !self.handles.is_empty() => {
                let opened = &self.handles[usize::from(i) % self.handles.len()];
                (opened.h, opened.closed)
            }
            H::Slot(_) | H::Null => (std::ptr::null_mut(), true),
            // Forged values: small numbers may name a live slot, so nothing is asserted.
            H::Forged(v) => (v as usize as Hmmio, false),
        }
    }

    /// A pointer into a pool buffer and how many bytes follow it.
    fn ptr(&mut self, at: Ptr) -> (*mut c_char, usize) {
        let buf = &mut self.pool[usize::from(at.buf) % POOL];
        let offset = usize::from(at.offset) % POOL_LEN;
        (buf[offset..].as_mut_ptr().cast(), POOL_LEN - offset)
    }

    fn open(&mut self, name: *mut c_char, mut info: MMIOINFO, flags: u32, malloced: bool) {
        // SAFETY: `info` is a valid MMIOINFO; the name is null or the run's path.
        let h = unsafe { mmioOpenA(name, &mut info, flags & !MMIO_GETTEMP) };
        if !h.is_null() && (h as usize) > 0x1000 {
            self.handles.push(Opened { h, closed: false, malloced });
        } else if malloced {
            // SAFETY: the block was not taken over.
            unsafe { libc::free(info.pchBuffer.cast()) };
        }
    }

    fn close(&mut self, index: usize, flags: u32) {
        let opened = &self.handles[index];
        let mut info = MMIOINFO::zeroed();
        // SAFETY: valid pointers; any handle value is accepted.
        let got = unsafe { mmioGetInfo(opened.h, &mut info, 0) };
        // SAFETY: any handle value is accepted.
        let rc = unsafe { mmioClose(opened.h, flags) };
        if opened.closed {
            assert_eq!((got, rc), (INVALHANDLE, INVALHANDLE), "a closed handle was accepted");
        } else if opened.malloced && got == 0 {
            // SAFETY: the caller's growable block, possibly moved by realloc; the
            // handle is gone, so it is the caller's again.
            unsafe { libc::free(info.pchBuffer.cast()) };
        }
        self.handles[index].closed = true;
    }

    fn step(&mut self, op: &Op) {
        match *op {
            Op::OpenMemory { block, len, grow, flags } => {
                let len = usize::from(len) % (POOL_LEN + 1);
                let mut info = MMIOINFO { fccIOProc: MEM, cchBuffer: len as i32, ..MMIOINFO::zeroed() };
                info.adwInfo[0] = u32::from(grow % 512);
                let mut malloced = false;
                match block {
                    Some(i) if grow % 512 == 0 => info.pchBuffer = self.pool[usize::from(i) % POOL].as_mut_ptr().cast(),
                    Some(_) => {
                        // At least 8 KiB: with MMIO_ALLOCBUF a size of 0 promises 8 KiB.
                        // SAFETY: plain allocation, initialised below.
                        let p = unsafe { libc::malloc(POOL_LEN) }.cast::<u8>();
                        assert!(!p.is_null());
                        // SAFETY: `p` holds POOL_LEN bytes.
                        unsafe { std::ptr::write_bytes(p, 0x11, POOL_LEN) };
                        info.pchBuffer = p.cast();
                        malloced = true;
                    }
                    None => {}
                }
                self.open(std::ptr::null_mut(), info, flags, malloced);
            }
            Op::OpenFile { flags, buffer, fourcc } => {
                let info = MMIOINFO {
                    fccIOProc: if fourcc { DOS } else { 0 },
                    cchBuffer: i32::from(buffer),
                    ..MMIOINFO::zeroed()
                };
                let name = self.path.as_mut_ptr().cast();
                self.open(name, info, flags, false);
            }
            Op::Read { h, at, len } => {
                let (h, invalid) = self.handle(h);
                let (p, room) = self.ptr(at);
                let len = if len < 0 { len } else { (len as usize % (room + 1)) as i32 };
                // SAFETY: `p` holds at least `len` bytes.
                let n = unsafe { mmioRead(h, p, len) };
                assert!(n <= len.max(0), "read more than asked");
                assert!(!invalid || n == -1);
            }
            Op::Write { h, at, len } => {
                let (h, invalid) = self.handle(h);
                let (p, room) = self.ptr(at);
                let len = if len < 0 { len } else { (len as usize % (room + 1)) as i32 };
                // SAFETY: `p` holds at least `len` bytes.
                let n = unsafe { mmioWrite(h, p, len) };
                assert!(n <= len.max(0), "wrote more than asked");
                assert!(!invalid || n == -1);
            }
            Op::Seek { h, offset, origin } => {
                let (h, invalid) = self.handle(h);
                // SAFETY: any handle value is accepted.
                let at = unsafe { mmioSeek(h, offset, origin) };
                assert!(!invalid || at == -1);
            }
            Op::Flush { h, flags } => {
                let (h, invalid) = self.handle(h);
                // SAFETY: any handle value is accepted.
                let rc = unsafe { mmioFlush(h, flags) };
                assert!(!invalid || rc == INVALHANDLE);
            }
            Op::SetBuffer { h, at, len, flags } => {
                let (h, invalid) = self.handle(h);
                let (p, len) = match at {
                    Some(at) => {
                        let (p, room) = self.ptr(at);
                        (p, if len < 0 { len } else { (len as usize % (room + 1)) as i32 })
                    }
                    None => (std::ptr::null_mut(), len % 70_000),
                };
                // A memory file's malloc'ed block that this call replaces is the caller's
                // again (the library frees only blocks of its own): note where it is now,
                // and free it once the call succeeded.
                let owner = self.handles.iter().position(|o| o.h == h && !o.closed && o.malloced);
                let mut before = MMIOINFO::zeroed();
                // SAFETY: a valid MMIOINFO to fill; the handle is one this run opened.
                let got = owner.map(|_| unsafe { mmioGetInfo(h, &mut before, 0) });
                // SAFETY: `p` is null or holds `len` bytes that outlive every handle.
                let rc = unsafe { mmioSetBuffer(h, p, len, flags) };
                assert!(!invalid || rc == INVALHANDLE);
                if let Some(i) = owner
                    && (got, rc) == (Some(0), 0)
                {
                    // SAFETY: the caller's block as last reallocated, which the handle no
                    // longer uses.
                    unsafe { libc::free(before.pchBuffer.cast()) };
                    self.handles[i].malloced = false;
                }
            }
            Op::GetInfo { h } => {
                let (h, invalid) = self.handle(h);
                // SAFETY: a valid MMIOINFO.
                let rc = unsafe { mmioGetInfo(h, &mut self.info, 0) };
                assert!(!invalid || rc == INVALHANDLE);
            }
            Op::SetInfo { h, next, end_read, dirty } => {
                // Pointers near the last info's buffer: inside it or just outside.
                let (h, invalid) = self.handle(h);
                let mut info = self.info;
                info.pchNext = info.pchBuffer.wrapping_offset(isize::from(next));
                info.pchEndRead = info.pchBuffer.wrapping_offset(isize::from(end_read));
                if dirty {
                    info.dwFlags |= MMIO_DIRTY;
                }
                // SAFETY: a valid MMIOINFO; its pointers are only compared.
                let rc = unsafe { mmioSetInfo(h, &info, 0) };
                assert!(!invalid || rc == INVALHANDLE);
            }
            Op::DirectWrite { h, len, seed } => {
                let (h, invalid) = self.handle(h);
                let mut info = MMIOINFO::zeroed();
                // SAFETY: a valid MMIOINFO.
                if unsafe { mmioGetInfo(h, &mut info, 0) } != 0 {
                    assert!(!invalid || unsafe { mmioAdvance(h, &mut info, MMIO_WRITE) } == INVALHANDLE);
                    return;
                }
                let mut left = usize::from(len);
                let mut rounds = 0;
                while left > 0 && rounds < 8 {
                    let room = (info.pchEndWrite as usize).saturating_sub(info.pchNext as usize);
                    if room == 0 || info.pchNext.is_null() {
                        rounds += 1;
                        // SAFETY: the handle's own MMIOINFO.
                        if unsafe { mmioAdvance(h, &mut info, MMIO_WRITE) } != 0 {
                            break;
                        }
                        continue;
                    }
                    let n = room.min(left);
                    // SAFETY: `pchNext .. pchEndWrite` is the handle's buffer, as
                    // mmioGetInfo/mmioAdvance just reported it.
                    unsafe { std::ptr::write_bytes(info.pchNext, seed, n) };
                    info.pchNext = info.pchNext.wrapping_add(n);
                    info.dwFlags |= MMIO_DIRTY;
                    left -= n;
                }
                // SAFETY: the handle's own MMIOINFO.
                unsafe { mmioSetInfo(h, &info, 0) };
            }
            Op::Advance { h, with_info, flags } => {
                let (h, invalid) = self.handle(h);
                let mut info = MMIOINFO::zeroed();
                // SAFETY: a valid MMIOINFO.
                let fresh = unsafe { mmioGetInfo(h, &mut info, 0) } == 0;
                let p = if with_info && fresh { &mut info as *mut MMIOINFO } else { std::ptr::null_mut() };
                // SAFETY: null or the handle's own MMIOINFO.
                let rc = unsafe { mmioAdvance(h, p, flags) };
                assert!(!invalid || rc == INVALHANDLE);
            }
            Op::Descend { h, ck, parent, flags, id } => {
                let (h, invalid) = self.handle(h);
                let i = usize::from(ck) % 4;
                self.cks[i].ckid = id;
                self.cks[i].fccType = id;
                let parent = parent.map(|p| self.cks[usize::from(p) % 4]);
                let pp = parent.as_ref().map_or(std::ptr::null(), |p| p as *const MMCKINFO);
                // SAFETY: valid MMCKINFOs (the parent is a copy).
                let rc = unsafe { mmioDescend(h, &mut self.cks[i], pp, flags) };
                assert!(!invalid || rc == INVALHANDLE);
            }
            Op::Ascend { h, ck, flags } => {
                let (h, invalid) = self.handle(h);
                // SAFETY: a valid MMCKINFO.
                let rc = unsafe { mmioAscend(h, &mut self.cks[usize::from(ck) % 4], flags) };
                assert!(!invalid || rc == INVALHANDLE);
            }
            Op::Create { h, ck, flags, id, size } => {
                let (h, invalid) = self.handle(h);
                let ck = &mut self.cks[usize::from(ck) % 4];
                ck.ckid = id;
                ck.fccType = id;
                ck.cksize = size;
                // SAFETY: a valid MMCKINFO.
                let rc = unsafe { mmioCreateChunk(h, ck, flags) };
                assert!(!invalid || rc == INVALHANDLE);
            }
            Op::Close { h, flags } => match h {
                H::Slot(i) if !self.handles.is_empty() => {
                    let index = usize::from(i) % self.handles.len();
                    self.close(index, flags);
                }
                _ => {
                    let (h, invalid) = self.handle(h);
                    let forged_live = self.handles.iter().any(|o| !o.closed && o.h == h);
                    if !forged_live {
                        // SAFETY: any handle value is accepted.
                        let rc = unsafe { mmioClose(h, flags) };
                        assert!(!invalid || rc == INVALHANDLE);
                    }
                }
            },
            Op::Send { h, msg, p1, p2 } => {
                let (h, invalid) = self.handle(h);
                // SAFETY: the built-in procedures do not dereference user parameters.
                let rc = unsafe { mmioSendMessage(h, msg, p1, p2) };
                assert!(!invalid || rc == INVALHANDLE as isize);
            }
            Op::StringToFourcc { text, flags } => {
                let mut text = text.to_vec();
                text.push(0);
                // SAFETY: NUL-terminated.
                unsafe { mmioStringToFOURCCA(text.as_ptr().cast(), flags) };
            }
            Op::FindProc { fourcc, flags } => {
                // Only finding: installing needs a real procedure, removing with no
                // procedure named removes nothing that is not installed.
                let flags = flags & !0x0001_0000;
                // SAFETY: no procedure pointer is passed.
                unsafe { mmioInstallIOProcA(fourcc, None, flags) };
            }
        }
    }
}

fuzz_target!(|ops: Vec<Op>| {
    let path = std::env::temp_dir().join(format!("mmio-fuzz-capi-{}.bin", std::process::id()));
    let mut name = path.into_os_string().into_encoded_bytes();
    name.resize(128, 0);
    let mut run = Run {
        pool: (0..POOL).map(|i| vec![i as u8; POOL_LEN]).collect(),
        handles: Vec::new(),
        info: MMIOINFO::zeroed(),
        cks: [MMCKINFO::default(); 4],
        path: name,
    };
    for op in ops.iter().take(64) {
        run.step(op);
    }
    for i in 0..run.handles.len() {
        run.close(i, 0);
    }
});
