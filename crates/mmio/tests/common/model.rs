//! The model check shared by tests/model.rs (proptest) and fuzz/fuzz_targets/engine_model.rs
//! (libFuzzer): an operation on a file, a custom procedure's store or a memory file, then
//! the contents and position compared with a plain `Vec<u8>` model.

use std::path::PathBuf;

use winmmio::{Advance, Buffering, ErrorCode, FlushFlags, Mmio, OpenOptions, SeekOrigin};

use super::Store;

/// Fails the step with a message unless the condition holds.
macro_rules! ensure {
    ($cond:expr, $($msg:tt)+) => {
        if !$cond {
            return Err(format!($($msg)+));
        }
    };
}

/// The buffer a set-buffer step installs.
#[derive(Clone, Debug)]
pub enum BufferChoice {
    Unbuffered,
    Internal(usize),
    User(usize),
}

/// One step of a run.
#[derive(Clone, Debug)]
pub enum Op {
    Read(usize),
    Write(Vec<u8>),
    Seek(i64, SeekOrigin),
    Flush(bool),
    SetBuffer(BufferChoice),
    DirectRead(usize),
    DirectWrite(Vec<u8>),
    /// `mmioAdvance` when the buffer is used up, so the position does not jump.
    AdvanceAtEnd(Advance),
    Reopen,
}

/// What the file under test is.
#[derive(Clone, Debug)]
pub enum Backing {
    /// An operating-system file at this path.
    File(PathBuf),
    /// A custom procedure over a [`Store`].
    Store,
    /// A memory file that grows by this increment (0: fixed).
    Memory(u32),
}

/// What the file should hold and where the position should be.
struct Model {
    data: Vec<u8>,
    pos: usize,
    /// A fixed memory file's block size.
    fixed_cap: Option<usize>,
}

impl Model {
    fn write(&mut self, src: &[u8]) -> usize {
        let n = match self.fixed_cap {
            Some(cap) => src.len().min(cap.saturating_sub(self.pos)),
            None => src.len(),
        };
        if n == 0 {
            return 0;
        }
        if self.data.len() < self.pos + n {
            self.data.resize(self.pos + n, 0);
        }
        self.data[self.pos..self.pos + n].copy_from_slice(&src[..n]);
        self.pos += n;
        n
    }

    fn read(&mut self, len: usize) -> Vec<u8> {
        let start = self.pos.min(self.data.len());
        let end = (start + len).min(self.data.len());
        self.pos += end - start;
        self.data[start..end].to_vec()
    }
}

/// One run: the file under test, how to reopen it, and the model.
pub struct Run {
    file: Mmio,
    backing: Backing,
    /// The buffer size to open with (`None`: the default).
    buffer: Option<usize>,
    store: Store,
    model: Model,
}

impl Run {
    /// Opens `initial` read-write on `backing`, with this buffer size (`None`: the default).
    pub fn open(backing: Backing, buffer: Option<usize>, initial: &[u8]) -> Run {
        if let Backing::File(path) = &backing {
            std::fs::write(path, initial).unwrap();
        }
        let fixed_cap = matches!(backing, Backing::Memory(0)).then_some(initial.len() + 64);
        let mut run = Run {
            file: Mmio::memory(Vec::new(), 1).unwrap(),
            backing,
            buffer,
            store: Store::with_data(initial.to_vec()),
            model: Model { data: initial.to_vec(), pos: 0, fixed_cap },
        };
        run.file = run.reopen_file(initial.to_vec());
        run
    }

    fn reopen_file(&self, data: Vec<u8>) -> Mmio {
        let mut options = OpenOptions::new();
        options.read_write();
        if let Some(buffer) = self.buffer {
            options.buffer_size(buffer);
        }
        match self.backing {
            Backing::File(ref path) => options.open(path).unwrap(),
            Backing::Store => {
                options.io_proc(winmmio::FourCC::new(*b"STOR"), self.store.proc_ref()).open("store").unwrap()
            }
            Backing::Memory(grow) => {
                let mut block = data;
                let len = block.len();
                if let Some(cap) = self.model.fixed_cap {
                    block.resize(cap, 0);
                }
                let mut file = options.grow_by(grow).create(true).open_memory(block).unwrap();
                // The data is the model's, not the whole block: write it back in.
                let mut info = file.info();
                info.end_read = len;
                file.set_info(&info).unwrap();
                file
            }
        }
    }

    /// Does `op` on the file and the model, and compares them.
    pub fn step(&mut self, op: &Op) -> Result<(), String> {
        let memory = matches!(self.backing, Backing::Memory(_));
        match op {
            Op::Read(len) => {
                let mut got = vec![0; *len];
                let n = self.file.read_bytes(&mut got).map_err(fail)?;
                ensure!(got[..n] == self.model.read(*len)[..], "read differs from the model");
            }
            Op::Write(src) => {
                let n = self.file.write_bytes(src).map_err(fail)?;
                let expected = self.model.write(src);
                ensure!(n == expected, "wrote {n} bytes, the model {expected}");
            }
            Op::Seek(offset, origin) => {
                let end = self.model.data.len() as i64;
                let target = match origin {
                    SeekOrigin::Start => *offset,
                    SeekOrigin::Current => self.model.pos as i64 + offset,
                    SeekOrigin::End => end - offset,
                };
                let allowed = target >= 0 && (!memory || target <= end);
                match self.file.seek_mmio(*offset, *origin) {
                    Ok(at) => {
                        ensure!(allowed, "seek to {target} should fail");
                        ensure!(at == target as u64, "seek to {target} reached {at}");
                        self.model.pos = target as usize;
                    }
                    Err(e) => {
                        ensure!(!allowed, "seek to {target} failed: {e}");
                        ensure!(e.code() == ErrorCode::CannotSeek, "seek to {target} failed: {e}");
                    }
                }
            }
            Op::Flush(empty) => {
                let flags = if *empty { FlushFlags::EMPTYBUF } else { FlushFlags::empty() };
                self.file.flush_buffer_with(flags).map_err(fail)?
            }
            Op::SetBuffer(choice) => {
                let buffering = match choice {
                    BufferChoice::Unbuffered => Buffering::Unbuffered,
                    BufferChoice::Internal(n) => Buffering::Internal(*n),
                    BufferChoice::User(n) => Buffering::User(vec![0xEE; *n]),
                };
                let new_len = match choice {
                    BufferChoice::Unbuffered => 0,
                    BufferChoice::Internal(n) | BufferChoice::User(n) => *n,
                };
                self.file.set_buffer(buffering).map_err(fail)?;
                if let Backing::Memory(grow) = self.backing {
                    // The new block is the file now: empty, at position 0.
                    self.model = Model { data: Vec::new(), pos: 0, fixed_cap: (grow == 0).then_some(new_len) };
                }
            }
            Op::DirectRead(len) => {
                let Ok(mut direct) = self.file.direct() else { return Ok(()) };
                let mut got = Vec::new();
                while got.len() < *len {
                    let bytes = direct.fill().map_err(fail)?;
                    if bytes.is_empty() {
                        break;
                    }
                    let n = bytes.len().min(len - got.len());
                    got.extend_from_slice(&bytes[..n]);
                    direct.consume(n);
                }
                direct.finish();
                ensure!(got == self.model.read(*len), "direct read differs from the model");
            }
            Op::DirectWrite(src) => {
                let Ok(mut direct) = self.file.direct() else { return Ok(()) };
                let mut done = 0;
                while done < src.len() {
                    if direct.writable().is_empty() {
                        match direct.advance_write() {
                            Ok(_) => {}
                            Err(e) if e.code() == ErrorCode::CannotExpand => break,
                            Err(e) => return Err(fail(e)),
                        }
                        continue;
                    }
                    let space = direct.writable();
                    let n = space.len().min(src.len() - done);
                    space[..n].copy_from_slice(&src[done..done + n]);
                    direct.produce(n);
                    done += n;
                }
                direct.finish();
                let expected = self.model.write(src);
                ensure!(done == expected, "direct write took {done} bytes, the model {expected}");
            }
            Op::AdvanceAtEnd(direction) => {
                let info = self.file.info();
                if info.buffer_len > 0 && info.next == info.end_read && !memory {
                    let after = self.file.advance(*direction, None).map_err(fail)?;
                    ensure!(after.position() == info.position(), "advance moved the position");
                }
            }
            Op::Reopen => {
                let file = std::mem::replace(&mut self.file, Mmio::memory(Vec::new(), 1).unwrap());
                let stored = match self.backing {
                    Backing::Memory(_) => file.into_memory().map_err(fail)?,
                    Backing::File(ref path) => {
                        file.close().map_err(fail)?;
                        std::fs::read(path).unwrap()
                    }
                    Backing::Store => {
                        file.close().map_err(fail)?;
                        self.store.data()
                    }
                };
                ensure!(stored == self.model.data, "stored contents differ from the model");
                self.file = self.reopen_file(stored);
                self.model.pos = 0;
            }
        }
        let (pos, expected) = (self.file.position(), self.model.pos as u64);
        ensure!(pos == expected, "position {pos}, the model {expected}, after {op:?}");
        if let Some(data) = self.file.memory_data() {
            ensure!(data == &self.model.data[..], "memory file differs from the model");
        }
        Ok(())
    }
}

fn fail(e: winmmio::Error) -> String {
    format!("unexpected error: {e}")
}
