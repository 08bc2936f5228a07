//! Share modes across processes (docs/behavior.md §2). In a test binary of its own: while
//! a child process is being spawned it shares every open file description of the
//! parent until it execs, which would let claims linger in tests running beside it.
//!
//! Run both ways on Linux: with open-file-description locks (the default), and with
//! the `portable-locks` feature (a process table and `flock`, as on macOS and the
//! BSDs), which enforces only `MMIO_EXCLUSIVE` across processes
//! (`docs/portability.md`).

mod common;

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};

use common::Scratch;
use winmmio::{Access, ErrorCode, Mmio, OpenOptions, Share};

/// The environment variable that makes the test binary a child holding a file open.
const HOLD: &str = "MMIO_TEST_HOLD";

/// The share modes a child can hold a file open with, by name.
fn share_named(name: &str) -> Share {
    match name {
        "exclusive" => Share::Exclusive,
        "deny-write" => Share::DenyWrite,
        "deny-none" => Share::DenyNone,
        other => panic!("unknown share mode {other}"),
    }
}

/// A child process holding `path` open for reading with the share mode `share`, until
/// it is dropped. Its output stays open until it has exited.
struct Holder {
    child: Child,
    _output: BufReader<ChildStdout>,
}

impl Holder {
    fn new(path: &Path, share: &str) -> Holder {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "share_modes_across_processes", "--nocapture", "--test-threads=1"])
            .env(HOLD, format!("{share}:{}", path.display()))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        while !line.contains("held") {
            line.clear();
            assert_ne!(out.read_line(&mut line).unwrap(), 0, "child exited early");
        }
        Holder { child, _output: out }
    }
}

impl Drop for Holder {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let status = self.child.wait().unwrap();
        assert!(status.success() || std::thread::panicking(), "child failed: {status}");
    }
}

/// The child's part: open the file as asked, say so, wait for stdin to close.
fn hold(spec: &str) {
    let (share, path) = spec.split_once(':').unwrap();
    let _held = OpenOptions::new().access(Access::Read).share(share_named(share)).open(path).unwrap();
    println!("held");
    let _ = std::io::stdin().read(&mut [0]);
}

#[test]
fn share_modes_across_processes() {
    if let Ok(spec) = std::env::var(HOLD) {
        return hold(&spec);
    }
    let dir = Scratch::new("share-proc");
    let path = dir.counting_file("f.bin", 10);
    let open = |access: Access, share: Share| OpenOptions::new().access(access).share(share).open(&path);
    let code = |r: winmmio::Result<Mmio>| r.map(drop).err().map(|e| e.code());

    let holder = Holder::new(&path, "exclusive");
    assert_eq!(code(Mmio::open(&path)), Some(ErrorCode::SharingViolation));
    assert_eq!(code(open(Access::Write, Share::DenyNone)), Some(ErrorCode::SharingViolation));
    drop(holder);
    assert_eq!(code(Mmio::open(&path)), None, "the claim ends with the child");

    let holder = Holder::new(&path, "deny-none");
    assert_eq!(code(open(Access::Read, Share::Exclusive)), Some(ErrorCode::SharingViolation));
    assert_eq!(code(open(Access::ReadWrite, Share::DenyNone)), None);
    drop(holder);

    let holder = Holder::new(&path, "deny-write");
    assert_eq!(code(open(Access::Read, Share::DenyNone)), None, "a second reader is welcome");
    let writer = code(open(Access::Write, Share::DenyNone));
    if cfg!(any(windows, all(target_os = "linux", not(feature = "portable-locks")))) {
        assert_eq!(writer, Some(ErrorCode::SharingViolation));
    } else {
        // flock tells only exclusive from shared: DENYWRITE is not seen across processes.
        assert_eq!(writer, None);
    }
    drop(holder);
}
