//! Model-based property test: random sequences of operations on a file, a custom
//! procedure's store and a memory file, each checked after every step against a plain
//! `Vec<u8>` model of the contents and the position (the check is common/model.rs).

mod common;

use std::path::PathBuf;

use common::Scratch;
use common::model::{Backing, BufferChoice, Op, Run};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use winmmio::{Advance, SeekOrigin};

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

/// A file at `path`, a custom procedure's store, or a memory file.
fn backing(path: PathBuf) -> impl Strategy<Value = Backing> {
    prop_oneof![
        2 => Just(Backing::File(path)),
        2 => Just(Backing::Store),
        1 => Just(Backing::Memory(0)),
        1 => prop_oneof![Just(1u32), Just(7), Just(4096)].prop_map(Backing::Memory),
    ]
}

#[test]
fn random_sequences_match_the_model() {
    let dir = Scratch::new("model");
    let cases = std::env::var("MMIO_MODEL_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    let mut runner = TestRunner::new(Config { cases, failure_persistence: None, ..Config::default() });
    let strategy = (
        backing(dir.path("model.bin")),
        proptest::collection::vec(any::<u8>(), 0..600),
        proptest::collection::vec(op(), 1..24),
    );
    runner
        .run(&strategy, |(backing, initial, ops)| {
            let mut run = Run::open(backing, None, &initial);
            for op in ops.iter().chain([&Op::Reopen]) {
                run.step(op).map_err(TestCaseError::fail)?;
            }
            Ok(())
        })
        .unwrap();
}
