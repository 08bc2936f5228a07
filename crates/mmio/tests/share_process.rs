//! Share modes across processes (BEHAVIOR.md §2). In a test binary of its own: while
//! a child process is being spawned it shares every open file description of the
//! parent until it execs, which would let claims linger in tests running beside it.

mod common;

use std::io::Read;

use common::Scratch;
use winmmio::{ErrorCode, Mmio, OpenOptions, Share};

/// Holds a file open exclusively in a child process until its stdin closes.
#[test]
fn share_modes_across_processes() {
    if let Ok(path) = std::env::var("MMIO_TEST_HOLD_EXCLUSIVE") {
        let _held = OpenOptions::new().share(Share::Exclusive).open(&path).unwrap();
        println!("held");
        let _ = std::io::stdin().read(&mut [0]);
        return;
    }
    let dir = Scratch::new("share-proc");
    let path = dir.counting_file("f.bin", 10);
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "share_modes_across_processes", "--nocapture", "--test-threads=1"])
        .env("MMIO_TEST_HOLD_EXCLUSIVE", &path)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    while !line.contains("held") {
        line.clear();
        assert_ne!(std::io::BufRead::read_line(&mut out, &mut line).unwrap(), 0, "child exited early");
    }
    assert_eq!(Mmio::open(&path).unwrap_err().code(), ErrorCode::SharingViolation);
    drop(child.stdin.take());
    assert!(child.wait().unwrap().success());
    Mmio::open(&path).unwrap();
}
