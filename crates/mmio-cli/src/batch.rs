//! Running a command over many inputs on every core, with the output in the order of
//! the command line.
//!
//! Each worker thread takes the next input and writes its report into a [`Sink`]. A
//! sink keeps what it is given until its input's turn comes (every input before it is
//! done), then writes it to stdout, and from then on writes through in blocks. A sink
//! that is not yet at its turn holds at most [`HOLD`] bytes, then waits: memory stays
//! bounded however long the reports are, and the output is the same as one thread's.
//! A failure is reported on stderr at its input's turn, after that input's output.
//!
//! When stdout fails (a closed pipe, a full disk), the workers stop taking inputs and
//! the error is handed back once.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use crate::console;
use crate::fail::Failure;
use crate::input::Input;
use crate::progress::BatchProgress;

/// Bytes a sink keeps before it waits for its turn.
const HOLD: usize = 1 << 20;
/// Bytes a sink that has its turn collects before writing them out.
const BLOCK: usize = 64 << 10;
/// Chunks walked between two moves of the progress bar.
const PROGRESS_EVERY: u32 = 1 << 14;

/// What the workers share.
struct Shared<'a> {
    /// Whose turn it is to write, and the first write error.
    turn: Mutex<Turn>,
    changed: Condvar,
    /// The next input to take.
    next: AtomicUsize,
    /// Set when stdout failed: nothing more is worth doing.
    stop: AtomicBool,
    progress: &'a BatchProgress,
    done: AtomicUsize,
}

/// The state behind the turn lock.
struct Turn {
    /// The index of the input whose output goes next.
    next: usize,
    /// The first error writing stdout.
    error: Option<io::Error>,
}

impl Shared<'_> {
    fn lock(&self) -> MutexGuard<'_, Turn> {
        self.turn.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Where a worker writes the report of one input (see the module documentation).
pub struct Sink<'a> {
    shared: &'a Shared<'a>,
    index: usize,
    buffer: Vec<u8>,
    /// Held from the input's turn on.
    turn: Option<MutexGuard<'a, Turn>>,
    /// The input's size, for the progress bar (0 when unknown).
    size: u64,
    /// Bytes of the input the progress bar has been moved by.
    counted: u64,
    /// Chunks walked since the bar last moved.
    steps: u32,
}

impl<'a> Sink<'a> {
    /// Waits for this input's turn, and keeps it.
    fn take_turn(&mut self) -> &mut Turn {
        let shared = self.shared;
        let index = self.index;
        self.turn.get_or_insert_with(|| {
            let mut turn = shared.lock();
            while turn.next != index {
                turn = shared.changed.wait(turn).unwrap_or_else(PoisonError::into_inner);
            }
            turn
        })
    }

    /// Writes out what is kept (at this input's turn).
    fn write_out(&mut self) -> io::Result<()> {
        let progress = self.shared.progress;
        let buffer = std::mem::take(&mut self.buffer);
        let turn = self.take_turn();
        if let Some(error) = &turn.error {
            return Err(io::Error::new(error.kind(), "standard output failed"));
        }
        let written = progress.suspend(|| {
            let mut stdout = console::stdout();
            stdout.write_all(&buffer).and_then(|()| stdout.flush())
        });
        if let Err(error) = written {
            let kind = error.kind();
            turn.error = Some(error);
            self.shared.stop.store(true, Ordering::Relaxed);
            return Err(io::Error::new(kind, "standard output failed"));
        }
        self.buffer = buffer;
        self.buffer.clear();
        Ok(())
    }

    /// Says the walk has reached `offset` of the input, for the progress bar (cheap:
    /// the bar moves once in [`PROGRESS_EVERY`] calls).
    pub fn reached(&mut self, offset: u64) {
        self.steps += 1;
        if self.steps >= PROGRESS_EVERY {
            self.steps = 0;
            let at = offset.min(self.size);
            if at > self.counted {
                self.shared.progress.inc(at - self.counted);
                self.counted = at;
            }
        }
    }

    /// Ends the input: writes out what is left and reports `failure` (if any) after it,
    /// then passes the turn on.
    fn finish(mut self, failure: Option<&Failure>) {
        // A write error is kept in the turn: the batch hands it back.
        let _ = self.write_out();
        let shared = self.shared;
        if let Some(failure) = failure {
            shared.progress.suspend(|| failure.report());
        }
        shared.progress.inc(self.size.saturating_sub(self.counted));
        shared.progress.file_done(shared.done.fetch_add(1, Ordering::Relaxed) + 1);
        let mut turn = self.turn.take().unwrap_or_else(|| shared.lock());
        turn.next += 1;
        drop(turn);
        shared.changed.notify_all();
    }
}

impl Write for Sink<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.shared.stop.load(Ordering::Relaxed) {
            return Err(io::Error::new(io::ErrorKind::BrokenPipe, "standard output failed"));
        }
        self.buffer.extend_from_slice(bytes);
        // A block is written out as soon as it is this input's turn (always, for the
        // first input or a single one: memory stays flat); before, up to HOLD is kept.
        let len = self.buffer.len();
        if len >= BLOCK && (self.turn.is_some() || len >= HOLD || self.shared.lock().next == self.index) {
            self.write_out()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// What a batch did: for each input in order, what its work returned (`None`: it
/// failed, and the failure was reported), and the error that stopped stdout, if any.
pub struct Finished<T> {
    /// One entry per input.
    pub results: Vec<Option<T>>,
    /// Why standard output failed, if it did (the rest of the work was skipped).
    pub output_error: Option<io::Error>,
}

/// Runs `work` on every input on up to `jobs` threads (1: in this thread). `work`
/// writes its report into the sink it is given and returns what the command counts; it
/// is given the inputs that cannot be read too (a directory without `-r`, ...), to say
/// so in its output if it wants, and to return their failure.
pub fn run<T, F>(inputs: Vec<Result<Input, Failure>>, jobs: usize, work: F) -> Finished<T>
where
    T: Send,
    F: Fn(Result<Input, Failure>, &mut Sink) -> Result<T, Failure> + Sync,
{
    let sizes: Vec<u64> = inputs
        .iter()
        .map(|input| match input {
            Ok(Input::File(path)) => std::fs::metadata(path).map_or(0, |m| m.len()),
            _ => 0,
        })
        .collect();
    let progress = BatchProgress::new(inputs.len(), sizes.iter().sum());
    let slots: Vec<Mutex<Option<Result<Input, Failure>>>> = inputs.into_iter().map(|i| Mutex::new(Some(i))).collect();
    let shared = Shared {
        turn: Mutex::new(Turn { next: 0, error: None }),
        changed: Condvar::new(),
        next: AtomicUsize::new(0),
        stop: AtomicBool::new(false),
        progress: &progress,
        done: AtomicUsize::new(0),
    };
    let worker = || {
        let mut results = Vec::new();
        loop {
            // An input taken is always finished: the turn must pass over it.
            if shared.stop.load(Ordering::Relaxed) {
                return results;
            }
            let index = shared.next.fetch_add(1, Ordering::Relaxed);
            if index >= slots.len() {
                return results;
            }
            let taken = slots[index].lock().unwrap_or_else(PoisonError::into_inner).take();
            let mut sink = Sink {
                shared: &shared,
                index,
                buffer: Vec::new(),
                turn: None,
                size: sizes[index],
                counted: 0,
                steps: 0,
            };
            let result = work(taken.expect("each index is taken once"), &mut sink);
            // A failure that only says stdout failed is the batch's to report, once.
            let failure = result.as_ref().err().filter(|_| !shared.stop.load(Ordering::Relaxed));
            sink.finish(failure);
            results.push((index, result.ok()));
        }
    };
    let jobs = jobs.clamp(1, slots.len().max(1));
    let mut results: Vec<Option<T>> = std::iter::repeat_with(|| None).take(slots.len()).collect();
    let per_worker: Vec<Vec<(usize, Option<T>)>> = if jobs == 1 {
        vec![worker()]
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..jobs).map(|_| scope.spawn(worker)).collect();
            handles.into_iter().map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
        })
    };
    for (index, result) in per_worker.into_iter().flatten() {
        results[index] = result;
    }
    let output_error = shared.turn.into_inner().unwrap_or_else(PoisonError::into_inner).error;
    Finished { results, output_error }
}

/// The number of worker threads to use: one per core.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}
