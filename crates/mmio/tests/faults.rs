//! Fault injection: a reference workload (a WAV file with a nested `LIST INFO`, written
//! through direct buffer access and ascend, then read back) run once for every k with
//! the k-th read, write, seek or close of its I/O procedure failing, failing for good,
//! or moving only half the bytes.
//!
//! Each run checks: some call reports the failure (or, for a fault the engine's retry
//! absorbed, the file came out exactly right); every byte written before the failure
//! reaches the store (dirty data is kept and written out at close); nothing else is
//! in the store; nothing panics; and closing releases the procedure (it can be
//! removed from the registry again, so its in-use count is back to zero).

mod common;

use common::{Faults, Store};
use winmmio::registry::{self, Scope};
use winmmio::{ChunkInfo, Create, Error, Find, FourCC, Mmio, OpenOptions, ProcRef};

const STOR: FourCC = FourCC::new(*b"STOR");
/// Small, so that the data chunk crosses many buffers.
const BUFFER: usize = 48;

/// One step of the writing half of the workload.
#[derive(Clone, Debug)]
enum Step {
    Create(Create, FourCC),
    /// Written through direct buffer access.
    Write(Vec<u8>),
    Ascend,
    Flush,
}

fn fmt_body() -> Vec<u8> {
    vec![1, 0, 1, 0, 0x44, 0xac, 0, 0, 0x88, 0x58, 1, 0, 2, 0, 16, 0]
}

fn samples() -> Vec<u8> {
    (0..3001u32).map(|i| (i * 7 + 3) as u8).collect()
}

fn workload() -> Vec<Step> {
    let fcc = |s: &[u8; 4]| FourCC::new(*s);
    vec![
        Step::Create(Create::Riff, FourCC::WAVE),
        Step::Create(Create::Chunk, FourCC::FMT),
        Step::Write(fmt_body()),
        Step::Ascend,
        Step::Create(Create::List, fcc(b"INFO")),
        Step::Create(Create::Chunk, fcc(b"ISFT")),
        Step::Write(b"mmio\0".to_vec()),
        Step::Ascend,
        Step::Create(Create::Chunk, fcc(b"INAM")),
        Step::Write(b"tone".to_vec()),
        Step::Ascend,
        Step::Ascend,
        Step::Flush,
        Step::Create(Create::Chunk, FourCC::DATA),
        Step::Write(samples()),
        Step::Ascend,
        Step::Ascend,
    ]
}

/// The chunks the reading half expects, in the order it reads them.
fn expected_chunks() -> Vec<(FourCC, Vec<u8>)> {
    vec![
        (FourCC::FMT, fmt_body()),
        (FourCC::new(*b"ISFT"), b"mmio\0".to_vec()),
        (FourCC::new(*b"INAM"), b"tone".to_vec()),
        (FourCC::DATA, samples()),
    ]
}

/// A file being written, with its open chunks.
struct Writer {
    file: Mmio,
    open: Vec<ChunkInfo>,
}

impl Writer {
    fn apply(&mut self, step: &Step) -> Result<(), Error> {
        match step {
            Step::Create(kind, code) => {
                let mut ck = match kind {
                    Create::Riff => ChunkInfo::riff(*code),
                    Create::List => ChunkInfo::list(*code),
                    Create::Chunk => ChunkInfo::new(*code),
                    other => unreachable!("the workload creates no {other:?}"),
                };
                self.file.create_chunk(&mut ck, *kind)?;
                self.open.push(ck);
            }
            Step::Write(bytes) => direct_write(&mut self.file, bytes)?,
            Step::Ascend => {
                let mut ck = self.open.pop().expect("workload ascends a created chunk");
                if let Err(e) = self.file.ascend(&mut ck) {
                    self.open.push(ck);
                    return Err(e);
                }
            }
            Step::Flush => self.file.flush_buffer()?,
        }
        Ok(())
    }
}

/// Writes `src` at the position through the buffer (`mmioGetInfo`, `pchNext`,
/// `mmioAdvance(MMIO_WRITE)`).
fn direct_write(file: &mut Mmio, mut src: &[u8]) -> Result<(), Error> {
    let mut direct = file.direct()?;
    while !src.is_empty() {
        if direct.writable().is_empty() {
            assert!(!direct.advance_write()?.is_empty(), "mmioAdvance(MMIO_WRITE) gave no room");
        }
        let room = direct.writable();
        let n = room.len().min(src.len());
        room[..n].copy_from_slice(&src[..n]);
        direct.produce(n);
        src = &src[n..];
    }
    Ok(())
}

/// Reads `len` bytes at the position through the buffer (`mmioAdvance(MMIO_READ)`).
fn direct_read(file: &mut Mmio, len: u64) -> Result<Vec<u8>, Error> {
    let mut out = Vec::new();
    let mut direct = file.direct()?;
    while (out.len() as u64) < len {
        let bytes = direct.fill()?;
        if bytes.is_empty() {
            break;
        }
        let n = bytes.len().min((len - out.len() as u64) as usize);
        out.extend_from_slice(&bytes[..n]);
        direct.consume(n);
    }
    Ok(out)
}

/// The reading half: finds every chunk of the workload by descending and reads its
/// data; `got` collects the chunks read so far.
fn read_back(file: &mut Mmio, got: &mut Vec<(FourCC, Vec<u8>)>) -> Result<(), Error> {
    let mut riff = ChunkInfo::riff(FourCC::WAVE);
    file.descend(&mut riff, None, Find::Riff)?;
    let mut read_chunk = |file: &mut Mmio, parent: &ChunkInfo, id: FourCC| -> Result<(), Error> {
        let mut ck = ChunkInfo::new(id);
        file.descend(&mut ck, Some(parent), Find::Chunk)?;
        let data = direct_read(file, ck.size)?;
        file.ascend(&mut ck)?;
        got.push((id, data));
        Ok(())
    };
    read_chunk(file, &riff, FourCC::FMT)?;
    let mut info = ChunkInfo::list(FourCC::new(*b"INFO"));
    file.descend(&mut info, Some(&riff), Find::List)?;
    read_chunk(file, &info, FourCC::new(*b"ISFT"))?;
    read_chunk(file, &info, FourCC::new(*b"INAM"))?;
    file.ascend(&mut info)?;
    read_chunk(file, &riff, FourCC::DATA)
}

/// The whole workload on `store` with its faults set; what happened.
struct Outcome {
    /// The first error any call reported.
    error: Option<Error>,
    /// The mirror's bytes before the step that failed, and after it.
    before: Vec<u8>,
    after: Vec<u8>,
    /// The mirror's bytes at the last flush that succeeded.
    flushed: Vec<u8>,
    /// The chunks read back.
    chunks: Vec<(FourCC, Vec<u8>)>,
}

fn open_store(proc_code: FourCC, write: bool) -> Result<Mmio, Error> {
    let mut options = OpenOptions::new();
    if write {
        options.read_write().create(true);
    }
    options.buffer_size(BUFFER).io_proc_code(proc_code).open("store")
}

/// Runs the workload; every step is mirrored on a memory file that never fails.
fn run(store: &Store) -> Outcome {
    let proc = registry::install(STOR, store.proc_ref(), Scope::Thread);
    let mut outcome =
        Outcome { error: None, before: Vec::new(), after: Vec::new(), flushed: Vec::new(), chunks: vec![] };
    let mut mirror = Writer { file: Mmio::memory(Vec::new(), 16).unwrap(), open: Vec::new() };
    match open_store(STOR, true) {
        Err(e) => outcome.error = Some(e),
        Ok(file) => {
            let mut writer = Writer { file, open: Vec::new() };
            for step in workload() {
                outcome.before = mirror.file.memory_data().unwrap().to_vec();
                mirror.apply(&step).unwrap();
                outcome.after = mirror.file.memory_data().unwrap().to_vec();
                if let Err(e) = writer.apply(&step) {
                    outcome.error = Some(e);
                    break;
                }
                if matches!(step, Step::Flush) {
                    outcome.flushed = outcome.after.clone();
                }
            }
            let closed = writer.file.close();
            if outcome.error.is_none() {
                outcome.before = outcome.after.clone();
                match closed {
                    Ok(()) => outcome.flushed = outcome.after.clone(),
                    Err(e) => outcome.error = Some(e),
                }
            }
        }
    }
    if outcome.error.is_none() {
        match open_store(STOR, false) {
            Err(e) => outcome.error = Some(e),
            Ok(mut file) => {
                let read = read_back(&mut file, &mut outcome.chunks);
                let closed = file.close();
                outcome.error = read.err().or(closed.err());
            }
        }
    }
    let removed = registry::remove(STOR, Some(&proc));
    assert!(removed.is_ok(), "the procedure is still in use after close: {removed:?}");
    outcome
}

/// Checks that the store holds every byte it must (all flushed bytes; with a single
/// fault, all bytes written before it) and no byte that was never written.
fn check_store(store: &[u8], outcome: &Outcome, single_fault: bool) -> Result<(), String> {
    let allowed = |p: usize, choices: &[&Vec<u8>]| choices.iter().any(|c| c.get(p) == Some(&store[p]));
    for p in 0..outcome.flushed.len() {
        if p >= store.len() {
            return Err(format!("flushed byte {p} is missing (store has {} bytes)", store.len()));
        }
        if !allowed(p, &[&outcome.flushed, &outcome.before, &outcome.after]) {
            return Err(format!("flushed byte {p} is {:#x}, wrote {:#x}", store[p], outcome.flushed[p]));
        }
    }
    if single_fault {
        // The fault was transient: close wrote out everything the buffer kept.
        for p in 0..outcome.before.len() {
            if p >= store.len() || !allowed(p, &[&outcome.before, &outcome.after]) {
                return Err(format!("written byte {p} lost or wrong after the fault"));
            }
        }
    }
    if let Some(p) = (0..store.len()).find(|&p| !allowed(p, &[&outcome.flushed, &outcome.before, &outcome.after])) {
        return Err(format!("byte {p} ({:#x}) was never written", store[p]));
    }
    Ok(())
}

/// A run without faults: the clean image and how many calls the workload makes.
fn clean_run() -> (Vec<u8>, usize) {
    let store = Store::default();
    let outcome = run(&store);
    assert!(outcome.error.is_none(), "{:?}", outcome.error);
    assert_eq!(outcome.chunks, expected_chunks());
    assert_eq!(store.data(), outcome.after);
    (store.data(), store.calls())
}

#[test]
fn every_single_fault_is_reported_or_absorbed() {
    let (clean, calls) = clean_run();
    assert!(calls > 40, "the workload should make many calls, made {calls}");
    let mut reported = 0;
    for k in 0..calls {
        let store = Store::default();
        store.set_faults(Faults { fail_call: Some(k), ..Faults::default() });
        let outcome = run(&store);
        let data = store.data();
        match &outcome.error {
            Some(_) => {
                reported += 1;
                check_store(&data, &outcome, true).unwrap_or_else(|e| panic!("fault at call {k}: {e}"));
                let expected = expected_chunks();
                assert_eq!(outcome.chunks[..], expected[..outcome.chunks.len()], "fault at call {k}");
            }
            None => {
                assert_eq!(data, clean, "fault at call {k} went unreported and changed the file");
                assert_eq!(outcome.chunks, expected_chunks(), "fault at call {k}");
            }
        }
    }
    eprintln!("single faults: {calls} calls, {reported} reported, {} absorbed by retries", calls - reported);
    assert!(reported > calls / 2, "only {reported} of {calls} faults were reported");
}

#[test]
fn a_store_that_dies_loses_nothing_flushed() {
    let (_, calls) = clean_run();
    for k in 0..calls {
        let store = Store::default();
        store.set_faults(Faults { fail_from: Some(k), ..Faults::default() });
        let outcome = run(&store);
        assert!(outcome.error.is_some(), "a store dead from call {k} on went unnoticed");
        check_store(&store.data(), &outcome, false).unwrap_or_else(|e| panic!("dead from call {k}: {e}"));
    }
}

#[test]
fn short_counts_change_nothing() {
    let (clean, calls) = clean_run();
    for k in 0..calls {
        let store = Store::default();
        store.set_faults(Faults { short_call: Some(k), ..Faults::default() });
        let outcome = run(&store);
        assert!(outcome.error.is_none(), "short count at call {k}: {:?}", outcome.error);
        assert_eq!(store.data(), clean, "short count at call {k}");
        assert_eq!(outcome.chunks, expected_chunks(), "short count at call {k}");
    }
}

/// A dead store still lets the file be closed and the procedure removed, also when
/// the file is only dropped.
#[test]
fn dropping_a_failed_file_releases_the_procedure() {
    let store = Store::default();
    let proc: ProcRef = registry::install(STOR, store.proc_ref(), Scope::Thread);
    let mut file = open_store(STOR, true).unwrap();
    store.set_faults(Faults { fail_from: Some(0), ..Faults::default() });
    direct_write(&mut file, &samples()).unwrap_err();
    assert!(registry::remove(STOR, Some(&proc)).is_err(), "in use while open");
    drop(file);
    registry::remove(STOR, Some(&proc)).unwrap();
}
