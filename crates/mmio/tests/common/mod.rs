//! Test support: scratch directories, sample files, and a storage procedure that logs
//! every message it receives.
#![allow(dead_code)] // each test binary uses a different part

pub mod agree;
pub mod crash;
pub mod model;
pub mod rng;
pub mod tools;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use winmmio::{CloseFlags, ErrorCode, IoProc, ProcRef, ProcState, Result, SeekOrigin};

/// A directory removed when dropped.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(tag: &str) -> Scratch {
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("mmio-test-{}-{tag}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    /// A file whose byte i is `i & 0xff`.
    pub fn counting_file(&self, name: &str, len: usize) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, counting(len)).unwrap();
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `len` bytes, byte i being `i & 0xff`.
pub fn counting(len: usize) -> Vec<u8> {
    (0..len).map(|i| i as u8).collect()
}

pub fn read_all(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

/// A message an I/O procedure received, with the disk offset it found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Msg {
    /// The name and the `dwFlags` (Windows values) the open message found.
    Open(Option<String>, u32),
    /// The `mmioClose` flags (Windows values).
    Close(u32),
    Read {
        at: u64,
        len: usize,
    },
    Write {
        at: u64,
        len: usize,
    },
    WriteFlush {
        at: u64,
        len: usize,
    },
    Seek {
        offset: i64,
        origin: SeekOrigin,
    },
    Rename(String, String),
    User(u32, isize, isize),
}

/// Misbehaviour a [`StoreProc`] can be told to show.
#[derive(Clone, Debug, Default)]
pub struct Faults {
    /// Fail every write.
    pub fail_writes: bool,
    /// Fail every read.
    pub fail_reads: bool,
    /// Fail every seek.
    pub fail_seeks: bool,
    /// Fail the close message.
    pub fail_close: bool,
    /// Write at most this many bytes per message.
    pub short_writes: Option<usize>,
    /// Read at most this many bytes per message.
    pub short_reads: Option<usize>,
    /// Land seeks from the start to a positive offset one byte further than asked.
    pub overshoot_seeks: bool,
    /// Claim to have read this many bytes more than asked.
    pub overstate_reads: usize,
    /// Claim to have written this many bytes more than asked.
    pub overstate_writes: usize,
    /// Fail the message numbered k (reads, writes, seeks and closes, counted together
    /// from 0 by [`Store::calls`]).
    pub fail_call: Option<usize>,
    /// Fail every message from number k on (a disk that died).
    pub fail_from: Option<usize>,
    /// Move only half the bytes (at least one) in the read or write numbered k.
    pub short_call: Option<usize>,
}

/// What a counted message should do.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CallFault {
    None,
    Fail,
    Short,
}

/// Storage shared between a test and the procedures it creates.
#[derive(Clone, Default)]
pub struct Store {
    pub data: Arc<Mutex<Vec<u8>>>,
    pub log: Arc<Mutex<Vec<Msg>>>,
    pub faults: Arc<Mutex<Faults>>,
    /// Reads, writes, seeks and closes received so far.
    pub calls: Arc<AtomicUsize>,
}

impl Store {
    pub fn with_data(data: Vec<u8>) -> Store {
        let store = Store::default();
        *store.data.lock().unwrap() = data;
        store
    }

    pub fn data(&self) -> Vec<u8> {
        self.data.lock().unwrap().clone()
    }

    /// The messages logged so far, clearing the log.
    pub fn take_log(&self) -> Vec<Msg> {
        std::mem::take(&mut *self.log.lock().unwrap())
    }

    /// How many reads, writes, seeks and closes the store's procedures received.
    pub fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }

    /// Changes the misbehaviour of this store's procedures.
    pub fn set_faults(&self, faults: Faults) {
        *self.faults.lock().unwrap() = faults;
    }

    /// A procedure over this store.
    pub fn proc_ref(&self) -> ProcRef {
        let store = self.clone();
        ProcRef::from_fn(move || StoreProc { store: store.clone() })
    }

    /// Opens the store read-write with this buffer size (0: unbuffered), its log cleared.
    pub fn open(&self, buffer: usize) -> winmmio::Mmio {
        let file = winmmio::OpenOptions::new()
            .read_write()
            .buffer_size(buffer)
            .io_proc(winmmio::FourCC::new(*b"STOR"), self.proc_ref())
            .open("store")
            .unwrap();
        self.take_log();
        file
    }
}

/// An I/O procedure over a [`Store`]: a growable byte vector standing in for a disk.
pub struct StoreProc {
    pub store: Store,
}

impl StoreProc {
    fn log(&self, msg: Msg) {
        self.store.log.lock().unwrap().push(msg);
    }

    fn faults(&self) -> Faults {
        self.store.faults.lock().unwrap().clone()
    }

    /// Counts a read, write, seek or close and says whether it should fail or fall short.
    fn count_call(&self) -> CallFault {
        let k = self.store.calls.fetch_add(1, Ordering::SeqCst);
        let faults = self.faults();
        if faults.fail_call == Some(k) || faults.fail_from.is_some_and(|from| k >= from) {
            CallFault::Fail
        } else if faults.short_call == Some(k) {
            CallFault::Short
        } else {
            CallFault::None
        }
    }

    /// Writes `buf` at the disk offset, after counting the message and applying the faults.
    fn store_bytes(&self, state: &mut ProcState, buf: &[u8]) -> Result<usize> {
        let call = self.count_call();
        let faults = self.faults();
        if faults.fail_writes || call == CallFault::Fail {
            return Err(ErrorCode::CannotWrite.into());
        }
        let buf = if call == CallFault::Short { &buf[..buf.len().div_ceil(2)] } else { buf };
        if faults.overstate_writes > 0 {
            return Ok(buf.len() + faults.overstate_writes);
        }
        let buf = &buf[..faults.short_writes.unwrap_or(usize::MAX).min(buf.len())];
        let mut data = self.store.data.lock().unwrap();
        let start = state.disk_offset as usize;
        if data.len() < start + buf.len() {
            data.resize(start + buf.len(), 0);
        }
        data[start..start + buf.len()].copy_from_slice(buf);
        state.disk_offset += buf.len() as u64;
        Ok(buf.len())
    }
}

impl IoProc for StoreProc {
    fn open(&mut self, state: &mut ProcState, name: Option<&Path>) -> Result<()> {
        self.log(Msg::Open(name.map(|n| n.display().to_string()), state.flags().bits()));
        Ok(())
    }

    fn close(&mut self, _state: &mut ProcState, flags: CloseFlags) -> Result<()> {
        self.log(Msg::Close(flags.bits()));
        if self.count_call() == CallFault::Fail || self.faults().fail_close {
            return Err(ErrorCode::CannotClose.into());
        }
        Ok(())
    }

    fn read(&mut self, state: &mut ProcState, buf: &mut [u8]) -> Result<usize> {
        self.log(Msg::Read { at: state.disk_offset, len: buf.len() });
        let call = self.count_call();
        let faults = self.faults();
        if faults.fail_reads || call == CallFault::Fail {
            return Err(ErrorCode::CannotRead.into());
        }
        let len = if call == CallFault::Short { buf.len().div_ceil(2) } else { buf.len() };
        let buf = &mut buf[..faults.short_reads.unwrap_or(usize::MAX).min(len)];
        if faults.overstate_reads > 0 {
            return Ok(buf.len() + faults.overstate_reads);
        }
        let data = self.store.data.lock().unwrap();
        let start = (state.disk_offset as usize).min(data.len());
        let n = (data.len() - start).min(buf.len());
        buf[..n].copy_from_slice(&data[start..start + n]);
        state.disk_offset += n as u64;
        Ok(n)
    }

    fn write(&mut self, state: &mut ProcState, buf: &[u8]) -> Result<usize> {
        self.log(Msg::Write { at: state.disk_offset, len: buf.len() });
        self.store_bytes(state, buf)
    }

    fn write_flush(&mut self, state: &mut ProcState, buf: &[u8]) -> Result<usize> {
        self.log(Msg::WriteFlush { at: state.disk_offset, len: buf.len() });
        self.store_bytes(state, buf)
    }

    fn seek(&mut self, state: &mut ProcState, offset: i64, origin: SeekOrigin) -> Result<u64> {
        self.log(Msg::Seek { offset, origin });
        let faults = self.faults();
        if self.count_call() == CallFault::Fail || faults.fail_seeks {
            return Err(ErrorCode::CannotSeek.into());
        }
        let base = match origin {
            SeekOrigin::Start => 0,
            SeekOrigin::Current => state.disk_offset as i64,
            SeekOrigin::End => self.store.data.lock().unwrap().len() as i64,
        };
        let offset =
            if faults.overshoot_seeks && origin == SeekOrigin::Start && offset > 0 { offset + 1 } else { offset };
        let target = base.checked_add(offset).filter(|t| *t >= 0).ok_or(ErrorCode::CannotSeek)?;
        state.disk_offset = target as u64;
        Ok(state.disk_offset)
    }

    fn rename(&mut self, _state: &mut ProcState, from: &Path, to: &Path) -> Result<()> {
        self.log(Msg::Rename(from.display().to_string(), to.display().to_string()));
        Ok(())
    }

    fn user_message(&mut self, _state: &mut ProcState, msg: u32, p1: isize, p2: isize) -> isize {
        self.log(Msg::User(msg, p1, p2));
        p1 + p2
    }
}
