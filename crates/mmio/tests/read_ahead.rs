//! Chunk searches on files whose reads nobody can observe (the built-in `DOS `
//! procedure on a regular file) read ahead in large blocks and keep nothing afterwards.
//! These tests check that:
//!
//! - every search leaves the file exactly as a search that does not read ahead: the
//!   result, the chunk info, the position, the buffer's place, fill and bytes, and the
//!   procedure's disk offset, on flat forms, lists, odd sizes, ds64 placeholders and
//!   cut files, unbuffered and with buffers of every size;
//! - a procedure that wraps the `DOS ` procedure (and so could watch) gets the messages
//!   of a search without read-ahead: a header read and a seek per chunk;
//! - an unbuffered search over 20,000 chunks makes a few dozen read system calls, not
//!   one per chunk (Linux: the thread's `syscr` in `/proc/thread-self/io`).

mod common;

use std::path::Path;
use std::sync::{Arc, Mutex};

use common::{Msg, Scratch};
use winmmio::{
    ChunkInfo, CloseFlags, ErrorCode, FileProc, Find, FourCC, Info, IoProc, Mmio, OpenOptions, ProcRef, ProcState,
    Result, SeekOrigin,
};

/// The built-in `DOS ` procedure behind a procedure that logs every read and seek: the
/// same file, but a procedure anyone can watch.
struct Watched {
    inner: FileProc,
    log: Arc<Mutex<Vec<Msg>>>,
}

impl IoProc for Watched {
    fn open(&mut self, state: &mut ProcState, name: Option<&Path>) -> Result<()> {
        self.inner.open(state, name)
    }
    fn close(&mut self, state: &mut ProcState, flags: CloseFlags) -> Result<()> {
        self.inner.close(state, flags)
    }
    fn read(&mut self, state: &mut ProcState, buf: &mut [u8]) -> Result<usize> {
        self.log.lock().unwrap().push(Msg::Read { at: state.disk_offset, len: buf.len() });
        self.inner.read(state, buf)
    }
    fn write(&mut self, state: &mut ProcState, buf: &[u8]) -> Result<usize> {
        self.inner.write(state, buf)
    }
    fn seek(&mut self, state: &mut ProcState, offset: i64, origin: SeekOrigin) -> Result<u64> {
        self.log.lock().unwrap().push(Msg::Seek { offset, origin });
        self.inner.seek(state, offset, origin)
    }
}

/// Opens `path` with the built-in procedure (`watch` `None`) or through [`Watched`],
/// unbuffered (`buffer` 0) or with a buffer of `buffer` bytes.
fn open(path: &Path, buffer: usize, watch: Option<&Arc<Mutex<Vec<Msg>>>>) -> Mmio {
    let mut options = OpenOptions::new();
    options.buffer_size(buffer);
    if let Some(log) = watch {
        let log = Arc::clone(log);
        let proc = ProcRef::from_fn(move || Watched { inner: FileProc::new(), log: Arc::clone(&log) });
        options.io_proc(FourCC::new(*b"WTCH"), proc);
    }
    options.open(path).unwrap()
}

fn push_chunk(out: &mut Vec<u8>, id: &[u8; 4], size: u32, body_len: usize) {
    out.extend_from_slice(id);
    out.extend_from_slice(&size.to_le_bytes());
    out.extend((0..body_len).map(|i| i as u8));
}

/// A RIFF form around `body`.
fn form(body: Vec<u8>) -> Vec<u8> {
    let mut file = Vec::new();
    push_chunk(&mut file, b"RIFF", body.len() as u32 + 4, 0);
    file.extend_from_slice(b"TEST");
    file.extend_from_slice(&body);
    file
}

/// `count` plain chunks of small, often odd sizes: `mark` every 997th, `last` last.
fn flat(count: usize) -> Vec<u8> {
    let mut body = Vec::new();
    for i in 0..count {
        let size = (i * 7 % 61) as u32;
        let id = if i + 1 == count {
            b"last"
        } else if i % 997 == 996 {
            b"mark"
        } else {
            b"leaf"
        };
        push_chunk(&mut body, id, size, (size + (size & 1)) as usize);
    }
    form(body)
}

/// Plain chunks with lists among them, a chunk with a 0xFFFFFFFF size, and a last
/// chunk whose size runs past the end of the form.
fn mixed() -> Vec<u8> {
    let mut body = Vec::new();
    for i in 0..3000u32 {
        let size = (i * 13) % 37;
        push_chunk(&mut body, if i % 500 == 499 { b"mark" } else { b"leaf" }, size, (size + (size & 1)) as usize);
        if i % 700 == 300 {
            let mut list = b"GRP ".to_vec();
            for k in 0..40u32 {
                let size = k % 5;
                push_chunk(&mut list, if k == 33 { b"mark" } else { b"kid1" }, size, (size + (size & 1)) as usize);
            }
            push_chunk(&mut body, b"LIST", list.len() as u32, 0);
            body.extend_from_slice(&list);
        }
        if i == 2500 {
            push_chunk(&mut body, b"huge", u32::MAX, 0);
        }
    }
    push_chunk(&mut body, b"tail", 100_000, 10);
    form(body)
}

/// What a file's state is after a call: the call's result and chunk info, the
/// position, `mmioGetInfo` (except the procedure's code and `adwInfo`, which hold the
/// procedure and its descriptor) and the buffer's bytes.
type Snapshot = (Option<ErrorCode>, ChunkInfo, u64, [u64; 5], Vec<u8>);

fn snapshot(file: &Mmio, result: &Result<()>, ck: &ChunkInfo) -> Snapshot {
    let Info { next, end_read, end_write, buffer_offset, disk_offset, .. } = file.info();
    let state = [next as u64, end_read as u64, end_write as u64, buffer_offset, disk_offset];
    (result.as_ref().err().map(|e| e.code()), ck.clone(), file.position(), state, file.buffer().to_vec())
}

/// Searches of every kind from several starting points, and what each left.
fn searches(file: &mut Mmio, restarts: &[u64]) -> Vec<Snapshot> {
    let mut seen = Vec::new();
    let mut riff = ChunkInfo::default();
    let found = file.descend(&mut riff, None, Find::Riff);
    seen.push(snapshot(file, &found, &riff));
    let kinds = [
        (Find::Chunk, FourCC::new(*b"mark")),
        (Find::Chunk, FourCC::new(*b"last")),
        (Find::Chunk, FourCC::new(*b"tail")),
        (Find::Chunk, FourCC::new(*b"none")),
        (Find::Chunk, FourCC::default()),
        (Find::List, FourCC::default()),
    ];
    for (find, id) in kinds {
        for parent in [Some(&riff), None] {
            for &restart in restarts {
                file.seek_mmio(restart as i64, SeekOrigin::Start).unwrap();
                for _ in 0..12 {
                    let mut ck = if find == Find::List { ChunkInfo::list(id) } else { ChunkInfo::new(id) };
                    let result = file.descend(&mut ck, parent, find);
                    seen.push(snapshot(file, &result, &ck));
                    if result.is_err() {
                        break;
                    }
                    let result = file.ascend(&mut ck);
                    seen.push(snapshot(file, &result, &ck));
                    if result.is_err() {
                        break;
                    }
                }
            }
        }
    }
    seen
}

#[test]
fn searches_that_read_ahead_leave_the_file_as_those_that_do_not() {
    let dir = Scratch::new("read-ahead-state");
    let mut files = vec![("flat", flat(20_000)), ("mixed", mixed())];
    let whole = flat(3000);
    files.push(("cut in a header", whole[..whole.len() - 700 - 3].to_vec()));
    files.push(("cut in data", whole[..whole.len() / 2 + 1].to_vec()));
    for (name, bytes) in files {
        let path = dir.path(&format!("{name}.riff"));
        std::fs::write(&path, &bytes).unwrap();
        let len = bytes.len() as u64;
        let restarts = [12, 13, 1000, len / 3, len / 2, len - 9, len + 5];
        for buffer in [0, 13, 64, 8192, 100_000] {
            let log = Arc::new(Mutex::new(Vec::new()));
            let expected = searches(&mut open(&path, buffer, Some(&log)), &restarts);
            let got = searches(&mut open(&path, buffer, None), &restarts);
            assert_eq!(got.len(), expected.len(), "{name}, buffer {buffer}");
            for (k, (got, expected)) in got.iter().zip(&expected).enumerate() {
                assert_eq!(got, expected, "{name}, buffer {buffer}, call {k}");
            }
        }
    }
}

/// A procedure that wraps the `DOS ` procedure sees what Windows sends in an unbuffered
/// search: for each chunk passed over a header read and a seek to the next header,
/// then the found chunk's header read.
#[test]
fn a_watching_procedure_gets_one_read_and_one_seek_per_chunk() {
    let dir = Scratch::new("read-ahead-watched");
    let path = dir.path("flat.riff");
    let bytes = flat(100);
    std::fs::write(&path, &bytes).unwrap();
    let log = Arc::new(Mutex::new(Vec::new()));
    let mut file = open(&path, 0, Some(&log));
    let mut riff = ChunkInfo::default();
    file.descend(&mut riff, None, Find::Riff).unwrap();
    log.lock().unwrap().clear();
    let mut last = ChunkInfo::new(FourCC::new(*b"last"));
    file.descend(&mut last, Some(&riff), Find::Chunk).unwrap();
    let mut expected = Vec::new();
    let mut at = 12u64;
    for i in 0..100 {
        expected.push(Msg::Read { at, len: 8 });
        let size = (i * 7 % 61) as u64;
        if i < 99 {
            at += 8 + size + (size & 1);
            expected.push(Msg::Seek { offset: at as i64, origin: SeekOrigin::Start });
        }
    }
    assert_eq!(*log.lock().unwrap(), expected);
    assert_eq!((last.data_offset, file.position()), (at + 8, at + 8));
}

/// The read system calls the calling thread has made so far (Linux), if the kernel
/// counts them.
#[cfg(target_os = "linux")]
fn read_syscalls() -> Option<u64> {
    let io = std::fs::read_to_string("/proc/thread-self/io").ok()?;
    io.lines().find_map(|line| line.strip_prefix("syscr: "))?.trim().parse().ok()
}

#[test]
#[cfg(target_os = "linux")]
fn an_unbuffered_search_reads_in_blocks() {
    let dir = Scratch::new("read-ahead-syscalls");
    let path = dir.path("flat.riff");
    let bytes = flat(20_000);
    std::fs::write(&path, &bytes).unwrap();
    let mut file = open(&path, 0, None);
    let mut riff = ChunkInfo::default();
    file.descend(&mut riff, None, Find::Riff).unwrap();
    let Some(before) = read_syscalls() else {
        assert!(std::env::var_os("CI").is_none(), "/proc/thread-self/io is missing: no per-thread I/O accounting");
        eprintln!("skipped: /proc/thread-self/io is missing");
        return;
    };
    let mut last = ChunkInfo::new(FourCC::new(*b"last"));
    file.descend(&mut last, Some(&riff), Find::Chunk).unwrap();
    let calls = read_syscalls().unwrap() - before - 1; // less the read of /proc
    assert_eq!(last.data_offset + last.size + (last.size & 1), bytes.len() as u64);
    // 20,000 chunks, 560 KB: 16, 32 and then 64 KiB blocks, plus the first header read
    // and the reads of /proc itself.
    assert!(calls < 30, "{calls} read system calls");
}
