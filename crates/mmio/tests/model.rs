//! Model-based property test: random sequences of operations on a file, a custom
//! procedure's store and a memory file, each checked after every step against a plain
//! `Vec<u8>` model of the contents and the position.

mod common;

use common::{Scratch, Store};
use mmio::{Advance, Buffering, ErrorCode, Mmio, OpenOptions, SeekOrigin};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

#[derive(Clone, Debug)]
enum BufferChoice {
    Unbuffered,
    Internal(usize),
    User(usize),
}

#[derive(Clone, Debug)]
enum Op {
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

#[derive(Clone, Copy, Debug)]
enum Backing {
    File,
    Store,
    /// A memory file that grows by this increment (0: fixed).
    Memory(u32),
}

fn buffer_choice() -> impl Strategy<Value = BufferChoice> {
    let size = prop_oneof![Just(0usize), Just(1), Just(3), Just(5), Just(8192), 1usize..64];
    prop_oneof![
        Just(BufferChoice::Unbuffered),
        size.clone().prop_map(BufferChoice::Internal),
        size.prop_map(BufferChoice::User),
    ]
}

fn length() -> impl Strategy<Value = usize> {
    prop_oneof![4 => 0usize..16, 2 => 16usize..300, 1 => 8000usize..9000, 1 => 9000usize..20000]
}

fn bytes() -> impl Strategy<Value = Vec<u8>> {
    (length(), any::<u8>())
        .prop_map(|(len, seed)| (0..len).map(|i| seed.wrapping_add((i as u8).wrapping_mul(7))).collect())
}

fn op() -> impl Strategy<Value = Op> {
    let origin = prop_oneof![Just(SeekOrigin::Start), Just(SeekOrigin::Current), Just(SeekOrigin::End)];
    prop_oneof![
        4 => length().prop_map(Op::Read),
        4 => bytes().prop_map(Op::Write),
        3 => (-40i64..20_000, origin).prop_map(|(o, w)| Op::Seek(o, w)),
        1 => any::<bool>().prop_map(Op::Flush),
        2 => buffer_choice().prop_map(Op::SetBuffer),
        2 => length().prop_map(Op::DirectRead),
        2 => bytes().prop_map(Op::DirectWrite),
        1 => prop_oneof![Just(Advance::Read), Just(Advance::Write)].prop_map(Op::AdvanceAtEnd),
        1 => Just(Op::Reopen),
    ]
}

fn backing() -> impl Strategy<Value = Backing> {
    prop_oneof![
        2 => Just(Backing::File),
        2 => Just(Backing::Store),
        1 => Just(Backing::Memory(0)),
        1 => prop_oneof![Just(1u32), Just(7), Just(4096)].prop_map(Backing::Memory),
    ]
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
struct Run {
    file: Mmio,
    backing: Backing,
    store: Store,
    path: std::path::PathBuf,
    model: Model,
}

impl Run {
    fn open(backing: Backing, initial: &[u8], dir: &Scratch) -> Run {
        let store = Store::with_data(initial.to_vec());
        let path = dir.path("model.bin");
        std::fs::write(&path, initial).unwrap();
        let fixed_cap = match backing {
            Backing::Memory(0) => Some(initial.len() + 64),
            _ => None,
        };
        let mut run = Run {
            file: Mmio::memory(Vec::new(), 1).unwrap(),
            backing,
            store,
            path,
            model: Model { data: initial.to_vec(), pos: 0, fixed_cap },
        };
        run.file = run.reopen_file(initial.to_vec());
        run
    }

    fn reopen_file(&self, data: Vec<u8>) -> Mmio {
        let mut options = OpenOptions::new();
        options.read_write();
        match self.backing {
            Backing::File => options.open(&self.path).unwrap(),
            Backing::Store => {
                options.io_proc(mmio::FourCC::new(*b"STOR"), self.store.proc_ref()).open("store").unwrap()
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

    fn step(&mut self, op: &Op) -> Result<(), TestCaseError> {
        let memory = matches!(self.backing, Backing::Memory(_));
        match op {
            Op::Read(len) => {
                let mut got = vec![0; *len];
                let n = self.file.read_bytes(&mut got).map_err(fail)?;
                prop_assert_eq!(&got[..n], &self.model.read(*len)[..]);
            }
            Op::Write(src) => {
                let n = self.file.write_bytes(src).map_err(fail)?;
                prop_assert_eq!(n, self.model.write(src));
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
                        prop_assert!(allowed, "seek to {} should fail", target);
                        prop_assert_eq!(at, target as u64);
                        self.model.pos = target as usize;
                    }
                    Err(e) => {
                        prop_assert!(!allowed, "seek to {} failed: {}", target, e);
                        prop_assert_eq!(e.code(), ErrorCode::CannotSeek);
                    }
                }
            }
            Op::Flush(empty) => self.file.flush_buffer(*empty).map_err(fail)?,
            Op::SetBuffer(choice) => {
                let buffering = match choice {
                    BufferChoice::Unbuffered => Buffering::Unbuffered,
                    BufferChoice::Internal(n) => Buffering::Internal(*n),
                    BufferChoice::User(n) => Buffering::User(vec![0xEE; *n]),
                };
                match self.file.set_buffer(buffering) {
                    Ok(()) => prop_assert!(!memory),
                    Err(e) => prop_assert!(memory && e.code() == ErrorCode::InvalidParam, "{}", e),
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
                prop_assert_eq!(got, self.model.read(*len));
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
                prop_assert_eq!(done, self.model.write(src));
            }
            Op::AdvanceAtEnd(direction) => {
                let info = self.file.info();
                if info.buffer_len > 0 && info.next == info.end_read && !memory {
                    let after = self.file.advance(*direction, None).map_err(fail)?;
                    prop_assert_eq!(after.position(), info.position());
                }
            }
            Op::Reopen => {
                let data = match self.backing {
                    Backing::Memory(_) => {
                        let file = std::mem::replace(&mut self.file, Mmio::memory(Vec::new(), 1).unwrap());
                        file.into_memory().map_err(fail)?
                    }
                    _ => {
                        let file = std::mem::replace(&mut self.file, Mmio::memory(Vec::new(), 1).unwrap());
                        file.close().map_err(fail)?;
                        Vec::new()
                    }
                };
                self.check_stored(&data)?;
                self.file = self.reopen_file(data);
                self.model.pos = 0;
            }
        }
        prop_assert_eq!(self.file.position(), self.model.pos as u64, "position after {:?}", op);
        if let Some(data) = self.file.memory_data() {
            prop_assert_eq!(data, &self.model.data[..]);
        }
        Ok(())
    }

    /// After a close: the storage holds exactly the model's data.
    fn check_stored(&self, memory: &[u8]) -> Result<(), TestCaseError> {
        let stored = match self.backing {
            Backing::File => std::fs::read(&self.path).unwrap(),
            Backing::Store => self.store.data(),
            Backing::Memory(_) => memory.to_vec(),
        };
        prop_assert_eq!(stored.len(), self.model.data.len());
        prop_assert!(stored == self.model.data, "stored contents differ from the model");
        Ok(())
    }
}

fn fail(e: mmio::Error) -> TestCaseError {
    TestCaseError::fail(format!("unexpected error: {e}"))
}

#[test]
fn random_sequences_match_the_model() {
    let dir = Scratch::new("model");
    let cases = std::env::var("MMIO_MODEL_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    let mut runner = TestRunner::new(Config { cases, failure_persistence: None, ..Config::default() });
    let strategy = (backing(), proptest::collection::vec(any::<u8>(), 0..600), proptest::collection::vec(op(), 1..24));
    runner
        .run(&strategy, |(backing, initial, ops)| {
            let mut run = Run::open(backing, &initial, &dir);
            for op in &ops {
                run.step(op)?;
            }
            run.step(&Op::Reopen)
        })
        .unwrap();
}
