//! Progress bars on stderr, shown only when it is a terminal: copying for long
//! operations (extract, repair: over 64 MiB), and [`BatchProgress`] for commands that
//! read many or large files (shown once the work has lasted half a second).

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Read, Seek, SeekFrom, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// The bytes copied at a time.
const BLOCK: usize = 1 << 16;
/// Work under this many bytes gets no bar.
const THRESHOLD: u64 = 64 << 20;

/// A progress bar, or nothing.
pub struct Progress(Option<ProgressBar>);

impl Progress {
    /// A bar for `total` bytes of `what`, if it is worth one and stderr is a terminal.
    pub fn new(total: u64, what: &str) -> Progress {
        if total <= THRESHOLD || !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let bar = ProgressBar::new(total);
        if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:40}] {bytes}/{total_bytes} ({eta})") {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(what.to_string());
        Progress(Some(bar))
    }

    /// Moves the bar by `n` bytes.
    pub fn inc(&self, n: u64) {
        if let Some(bar) = &self.0 {
            bar.inc(n);
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

/// Reads `reader` to its end in blocks, handing each to `sink` and moving `progress`;
/// returns the bytes read.
fn blocks(
    reader: &mut impl Read,
    progress: &Progress,
    mut sink: impl FnMut(&[u8]) -> io::Result<()>,
) -> io::Result<u64> {
    let mut buf = vec![0; BLOCK];
    let mut total = 0;
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => return Ok(total),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        sink(&buf[..n])?;
        total += n as u64;
        progress.inc(n as u64);
    }
}

/// Copies `reader` to its end into `writer`, moving `progress`; returns the bytes copied.
pub fn copy(reader: &mut impl Read, writer: &mut impl Write, progress: &Progress) -> io::Result<u64> {
    blocks(reader, progress, |block| writer.write_all(block))
}

/// Copies `reader` to its end into `out` from its current position (the start of an
/// empty file), moving `progress`, and returns the bytes copied. In a regular file,
/// blocks of zeros become holes (an RF64 file of silence stays small on disk); a device,
/// FIFO, pipe or file opened for appending gets every byte.
pub fn copy_sparse(reader: &mut impl Read, out: &mut File, progress: &Progress) -> io::Result<u64> {
    static ZEROS: [u8; BLOCK] = [0; BLOCK];
    let regular = out.metadata()?.is_file() && !crate::safe::appends(out)?;
    let start = if regular { out.stream_position()? } else { 0 };
    let mut writer = BufWriter::new(&mut *out);
    let total = blocks(reader, progress, |block| {
        if regular && block == &ZEROS[..block.len()] {
            writer.seek(SeekFrom::Current(block.len() as i64)).map(drop)
        } else {
            writer.write_all(block)
        }
    })?;
    writer.flush()?;
    drop(writer);
    if regular {
        out.set_len(start + total)?;
    }
    Ok(total)
}

/// Work that lasts less than this shows no bar.
const BATCH_DELAY: Duration = Duration::from_millis(500);

/// The bar of a command that reads files (`check`, `info`, `tree`): bytes read of all
/// the files, and files done. It stays hidden until the work has lasted
/// [`BATCH_DELAY`], and for good when stderr is not a terminal.
pub struct BatchProgress {
    bar: Option<ProgressBar>,
    files: usize,
    started: Instant,
    shown: AtomicBool,
}

impl BatchProgress {
    /// A bar for `files` files of `total` bytes in all.
    pub fn new(files: usize, total: u64) -> BatchProgress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
            // As wide as the terminal: a line that wraps cannot be redrawn in place.
            if let Ok(style) = ProgressStyle::with_template("{msg} [{wide_bar}] {bytes}/{total_bytes} ({eta})") {
                bar.set_style(style.progress_chars("=> "));
            }
            bar
        });
        let progress = BatchProgress { bar, files, started: Instant::now(), shown: AtomicBool::new(false) };
        progress.file_done(0);
        progress
    }

    /// Moves the bar by `n` bytes, showing it if the work has lasted long enough.
    pub fn inc(&self, n: u64) {
        let Some(bar) = &self.bar else { return };
        bar.inc(n);
        if !self.shown.load(Ordering::Relaxed) && self.started.elapsed() >= BATCH_DELAY {
            self.shown.store(true, Ordering::Relaxed);
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    /// Says that `done` files are done.
    pub fn file_done(&self, done: usize) {
        if let Some(bar) = &self.bar {
            bar.set_message(format!("{done}/{} files", self.files));
        }
    }

    /// Runs `f` (which writes to stdout or stderr) with the bar out of the way.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) if self.shown.load(Ordering::Relaxed) => bar.suspend(f),
            _ => f(),
        }
    }
}

impl Drop for BatchProgress {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
