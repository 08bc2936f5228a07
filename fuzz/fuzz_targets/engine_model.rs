//! Engine operation sequences checked against a `Vec<u8>` model, as in
//! crates/mmio/tests/model.rs but coverage-guided: read, write, seek, flush,
//! set-buffer, direct access and advance on a custom procedure's store or a memory
//! file, the contents and position compared after every step and after a reopen.
#![no_main]

use std::path::Path;
use std::sync::{Arc, Mutex};

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use mmio::{Advance, Buffering, ErrorCode, FourCC, IoProc, Mmio, OpenOptions, ProcRef, ProcState, SeekOrigin};

/// Storage for the custom procedure: a byte vector standing in for a disk.
#[derive(Clone, Default)]
struct Store(Arc<Mutex<Vec<u8>>>);

struct StoreProc(Store);

impl IoProc for StoreProc {
    fn open(&mut self, _: &mut ProcState, _: Option<&Path>) -> mmio::Result<()> {
        Ok(())
    }

    fn close(&mut self, _: &mut ProcState, _: u32) -> mmio::Result<()> {
        Ok(())
    }

    fn read(&mut self, state: &mut ProcState, buf: &mut [u8]) -> mmio::Result<usize> {
        let data = self.0.0.lock().unwrap();
        let start = (state.disk_offset as usize).min(data.len());
        let n = (data.len() - start).min(buf.len());
        buf[..n].copy_from_slice(&data[start..start + n]);
        state.disk_offset += n as u64;
        Ok(n)
    }

    fn write(&mut self, state: &mut ProcState, buf: &[u8]) -> mmio::Result<usize> {
        let mut data = self.0.0.lock().unwrap();
        let start = state.disk_offset as usize;
        if data.len() < start + buf.len() {
            data.resize(start + buf.len(), 0);
        }
        data[start..start + buf.len()].copy_from_slice(buf);
        state.disk_offset += buf.len() as u64;
        Ok(buf.len())
    }

    fn seek(&mut self, state: &mut ProcState, offset: i64, origin: SeekOrigin) -> mmio::Result<u64> {
        let base = match origin {
            SeekOrigin::Start => 0,
            SeekOrigin::Current => state.disk_offset as i64,
            SeekOrigin::End => self.0.0.lock().unwrap().len() as i64,
        };
        let target = base.checked_add(offset).filter(|t| (0..1 << 24).contains(t)).ok_or(ErrorCode::CannotSeek)?;
        state.disk_offset = target as u64;
        Ok(state.disk_offset)
    }
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Backing {
    Store,
    /// A memory file growing by this increment (0: fixed size).
    Memory(u8),
}

#[derive(Arbitrary, Debug)]
enum Op {
    Read(u16),
    Write(u16, u8),
    Seek(i16, u8),
    Flush(bool),
    SetBuffer(u8, u8),
    DirectRead(u16),
    DirectWrite(u16, u8),
    AdvanceAtEnd(bool),
    Reopen,
}

#[derive(Arbitrary, Debug)]
struct Input {
    backing: Backing,
    buffer: u8,
    initial: Vec<u8>,
    ops: Vec<Op>,
}

fn bytes(len: u16, seed: u8) -> Vec<u8> {
    (0..len % 4096).map(|i| seed.wrapping_add((i as u8).wrapping_mul(7))).collect()
}

/// The file, the model of its contents and position, and how to reopen it.
struct Run {
    file: Mmio,
    backing: Backing,
    store: Store,
    buffer: usize,
    data: Vec<u8>,
    pos: usize,
    /// A fixed memory file's block size.
    cap: Option<usize>,
}

impl Run {
    fn open(&self, data: Vec<u8>) -> Mmio {
        let mut options = OpenOptions::new();
        options.read_write().buffer_size(self.buffer);
        match self.backing {
            Backing::Store => {
                let store = self.store.clone();
                let proc = ProcRef::from_fn(move || StoreProc(store.clone()));
                options.io_proc(FourCC::new(*b"STOR"), proc).open("store").unwrap()
            }
            Backing::Memory(grow) => {
                let len = data.len();
                let mut block = data;
                if let Some(cap) = self.cap {
                    block.resize(cap, 0);
                }
                let mut file = options.grow_by(u32::from(grow)).create(true).open_memory(block).unwrap();
                let mut info = file.info();
                info.end_read = len;
                file.set_info(&info).unwrap();
                file
            }
        }
    }

    fn model_write(&mut self, src: &[u8]) -> usize {
        let n = match self.cap {
            Some(cap) => src.len().min(cap.saturating_sub(self.pos)),
            None => src.len(),
        };
        if n > 0 {
            if self.data.len() < self.pos + n {
                self.data.resize(self.pos + n, 0);
            }
            self.data[self.pos..self.pos + n].copy_from_slice(&src[..n]);
            self.pos += n;
        }
        n
    }

    fn model_read(&mut self, len: usize) -> Vec<u8> {
        let start = self.pos.min(self.data.len());
        let end = (start + len).min(self.data.len());
        self.pos += end - start;
        self.data[start..end].to_vec()
    }

    fn memory(&self) -> bool {
        matches!(self.backing, Backing::Memory(_))
    }

    fn step(&mut self, op: &Op) {
        let memory = self.memory();
        match *op {
            Op::Read(len) => {
                let len = usize::from(len % 4096);
                let mut got = vec![0; len];
                let n = self.file.read_bytes(&mut got).unwrap();
                assert_eq!(got[..n], self.model_read(len)[..]);
            }
            Op::Write(len, seed) => {
                let src = bytes(len, seed);
                let n = self.file.write_bytes(&src).unwrap();
                assert_eq!(n, self.model_write(&src));
            }
            Op::Seek(offset, origin) => {
                let origin = [SeekOrigin::Start, SeekOrigin::Current, SeekOrigin::End][usize::from(origin % 3)];
                let offset = i64::from(offset);
                let end = self.data.len() as i64;
                let target = match origin {
                    SeekOrigin::Start => offset,
                    SeekOrigin::Current => self.pos as i64 + offset,
                    SeekOrigin::End => end - offset,
                };
                let allowed = target >= 0 && (!memory || target <= end);
                match self.file.seek_mmio(offset, origin) {
                    Ok(at) => {
                        assert!(allowed, "seek to {target} should fail");
                        assert_eq!(at, target as u64);
                        self.pos = target as usize;
                    }
                    Err(e) => {
                        assert!(!allowed, "seek to {target} failed: {e}");
                        assert_eq!(e.code(), ErrorCode::CannotSeek);
                    }
                }
            }
            Op::Flush(empty) => self.file.flush_buffer(empty).unwrap(),
            Op::SetBuffer(kind, size) => {
                let size = usize::from(size % 80);
                let buffering = match kind % 3 {
                    0 => Buffering::Unbuffered,
                    1 => Buffering::Internal(size),
                    _ => Buffering::User(vec![0xEE; size]),
                };
                match self.file.set_buffer(buffering) {
                    Ok(()) => assert!(!memory),
                    Err(e) => assert!(memory && e.code() == ErrorCode::InvalidParam, "{e}"),
                }
            }
            Op::DirectRead(len) => {
                let len = usize::from(len % 4096);
                let Ok(mut direct) = self.file.direct() else { return };
                let mut got = Vec::new();
                while got.len() < len {
                    let bytes = direct.fill().unwrap();
                    if bytes.is_empty() {
                        break;
                    }
                    let n = bytes.len().min(len - got.len());
                    got.extend_from_slice(&bytes[..n]);
                    direct.consume(n);
                }
                direct.finish();
                assert_eq!(got, self.model_read(len));
            }
            Op::DirectWrite(len, seed) => {
                let src = bytes(len, seed);
                let Ok(mut direct) = self.file.direct() else { return };
                let mut done = 0;
                while done < src.len() {
                    if direct.writable().is_empty() {
                        match direct.advance_write() {
                            Ok(_) => continue,
                            Err(e) if e.code() == ErrorCode::CannotExpand => break,
                            Err(e) => panic!("advance: {e}"),
                        }
                    }
                    let space = direct.writable();
                    let n = space.len().min(src.len() - done);
                    space[..n].copy_from_slice(&src[done..done + n]);
                    direct.produce(n);
                    done += n;
                }
                direct.finish();
                assert_eq!(done, self.model_write(&src));
            }
            Op::AdvanceAtEnd(read) => {
                let info = self.file.info();
                if info.buffer_len > 0 && info.next == info.end_read && !memory {
                    let direction = if read { Advance::Read } else { Advance::Write };
                    let after = self.file.advance(direction, None).unwrap();
                    assert_eq!(after.position(), info.position());
                }
            }
            Op::Reopen => {
                let file = std::mem::replace(&mut self.file, Mmio::memory(Vec::new(), 1).unwrap());
                let stored = if memory {
                    file.into_memory().unwrap()
                } else {
                    file.close().unwrap();
                    self.store.0.lock().unwrap().clone()
                };
                assert!(stored == self.data, "stored contents differ from the model");
                self.file = self.open(stored);
                self.pos = 0;
            }
        }
        assert_eq!(self.file.position(), self.pos as u64, "position after {op:?}");
        if let Some(data) = self.file.memory_data() {
            assert!(data == &self.data[..], "memory file differs from the model");
        }
    }
}

fuzz_target!(|input: Input| {
    let mut initial = input.initial;
    initial.truncate(2048);
    let store = Store(Arc::new(Mutex::new(initial.clone())));
    let cap = matches!(input.backing, Backing::Memory(0)).then_some(initial.len() + 64);
    let mut run = Run {
        file: Mmio::memory(Vec::new(), 1).unwrap(),
        backing: input.backing,
        store,
        buffer: usize::from(input.buffer),
        data: initial.clone(),
        pos: 0,
        cap,
    };
    run.file = run.open(initial);
    for op in input.ops.iter().take(64) {
        run.step(op);
    }
    run.step(&Op::Reopen);
});
