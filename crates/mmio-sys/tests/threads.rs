//! Runs the C concurrency stress test (tests/threads/stress.c): 8 threads on shared
//! and private handles through libmmio, handles closed while other threads use them.
//!
//! `MMIO_STRESS_ITERATIONS` sets the iterations per thread (20,000 by default);
//! `MMIO_C_WRAPPER` runs the program under a command, as `.ci/valgrind` does with
//! memcheck.

mod support;

use std::process::Command;

use support::{Link, Program};

#[test]
fn eight_threads_share_and_close_handles() {
    let source = support::crate_dir().join("tests/threads/stress.c");
    let program = Program { name: "stress".into(), source, posix_only: true, includes_windows_h: false };
    let dir = support::scratch("threads");
    let exe = support::build_native(&program, Link::Shared, &dir);
    let iterations = std::env::var("MMIO_STRESS_ITERATIONS").unwrap_or_else(|_| "20000".into());
    let wrapper = std::env::var("MMIO_C_WRAPPER").unwrap_or_default();
    let mut words = wrapper.split_whitespace().map(str::to_string).chain([exe.display().to_string()]);
    let mut cmd = Command::new(words.next().unwrap());
    cmd.args(words).arg(&dir).arg(&iterations);
    let out = support::run_ok(&mut cmd, "the stress program");
    let _ = std::fs::remove_dir_all(&dir);
    println!("{out}");
    assert!(out.starts_with(&format!("ok 8 threads x {iterations} iterations")), "{out}");
}
