//! Copying with a progress bar for long operations (extract, repair): the bar is shown
//! on stderr only when it is a terminal and the work is over 64 MiB.

use std::io::{self, IsTerminal, Read, Write};

use indicatif::{ProgressBar, ProgressStyle};

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

/// Copies `reader` to its end into `writer`, moving `progress`; returns the bytes copied.
pub fn copy(reader: &mut impl Read, writer: &mut impl Write, progress: &Progress) -> io::Result<u64> {
    let mut buf = vec![0; 1 << 16];
    let mut total = 0;
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => return Ok(total),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        writer.write_all(&buf[..n])?;
        total += n as u64;
        progress.inc(n as u64);
    }
}
