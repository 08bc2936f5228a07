//! Engine operation sequences checked against a `Vec<u8>` model, as in
//! crates/mmio/tests/model.rs (the check itself is crates/mmio/tests/common/model.rs)
//! but coverage-guided: read, write, seek, flush, set-buffer, direct access and advance
//! on a custom procedure's store or a memory file, the contents and position compared
//! after every step and after a reopen.
#![no_main]

#[path = "../../crates/mmio/tests/common/mod.rs"]
mod common;

use arbitrary::Arbitrary;
use common::model::{Backing, BufferChoice, Run};
use libfuzzer_sys::fuzz_target;
use winmmio::{Advance, SeekOrigin};

#[derive(Arbitrary, Debug, Clone, Copy)]
enum FuzzBacking {
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

impl Op {
    /// The step of the shared model check this input stands for.
    fn step(&self) -> common::model::Op {
        use common::model::Op as Step;
        match *self {
            Op::Read(len) => Step::Read(usize::from(len % 4096)),
            Op::Write(len, seed) => Step::Write(bytes(len, seed)),
            Op::Seek(offset, origin) => Step::Seek(
                i64::from(offset),
                [SeekOrigin::Start, SeekOrigin::Current, SeekOrigin::End][usize::from(origin % 3)],
            ),
            Op::Flush(empty) => Step::Flush(empty),
            Op::SetBuffer(kind, size) => {
                let size = usize::from(size % 80);
                Step::SetBuffer(match kind % 3 {
                    0 => BufferChoice::Unbuffered,
                    1 => BufferChoice::Internal(size),
                    _ => BufferChoice::User(size),
                })
            }
            Op::DirectRead(len) => Step::DirectRead(usize::from(len % 4096)),
            Op::DirectWrite(len, seed) => Step::DirectWrite(bytes(len, seed)),
            Op::AdvanceAtEnd(read) => Step::AdvanceAtEnd(if read { Advance::Read } else { Advance::Write }),
            Op::Reopen => Step::Reopen,
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Input {
    backing: FuzzBacking,
    buffer: u8,
    initial: Vec<u8>,
    ops: Vec<Op>,
}

fn bytes(len: u16, seed: u8) -> Vec<u8> {
    (0..len % 4096).map(|i| seed.wrapping_add((i as u8).wrapping_mul(7))).collect()
}

fuzz_target!(|input: Input| {
    let mut initial = input.initial;
    initial.truncate(2048);
    let backing = match input.backing {
        FuzzBacking::Store => Backing::Store,
        FuzzBacking::Memory(grow) => Backing::Memory(u32::from(grow)),
    };
    let mut run = Run::open(backing, Some(usize::from(input.buffer)), &initial);
    let steps = input.ops.iter().take(64).map(Op::step).chain([common::model::Op::Reopen]);
    for step in steps {
        if let Err(e) = run.step(&step) {
            panic!("{e}");
        }
    }
});
