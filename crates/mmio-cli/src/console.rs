//! Standard output and standard error, written without panics: a write that fails on
//! stdout (a closed pipe, a full disk, a descriptor closed with `>&-`) is an error with
//! exit status 2, and one that fails on stderr is dropped (nobody is left to tell).

use std::fmt;
use std::fs::File;
use std::io::{self, Write};

use crate::fail::Failure;

/// Standard output, failing every write when descriptor 1 was closed at start.
///
/// The Rust runtime opens `/dev/null` on a standard descriptor that is closed when the
/// program starts, so `mmio tree x >&-` would otherwise succeed with its output thrown
/// away; like other command-line tools, `mmio` reports it instead.
pub struct Stdout(io::Stdout);

/// Standard output, unbuffered beyond its own line buffer: wrap it in a `BufWriter`
/// for long output.
pub fn stdout() -> Stdout {
    Stdout(io::stdout())
}

impl Stdout {
    fn usable(&self) -> io::Result<()> {
        closed_at_start::stdout().map_or(Ok(()), Err)
    }
}

impl Write for Stdout {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.usable()?;
        self.0.write(bytes)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.usable()?;
        self.0.flush()
    }
}

/// The failure of a write to standard output: exit status 2, quiet for a broken pipe.
pub fn failed(error: io::Error) -> Failure {
    Failure::io("<stdout>", "cannot write", error)
}

/// A second descriptor for standard output, for writing a command's data into it
/// through a [`File`] (`-o /dev/stdout`). Fails when stdout was closed at start.
pub fn stdout_file() -> io::Result<File> {
    stdout().usable()?;
    #[cfg(unix)]
    let owned = std::os::fd::AsFd::as_fd(&io::stdout()).try_clone_to_owned()?;
    #[cfg(windows)]
    let owned = std::os::windows::io::AsHandle::as_handle(&io::stdout()).try_clone_to_owned()?;
    Ok(File::from(owned))
}

/// What standard output is on disk, if it can be told (for refusing to write a file
/// into itself through stdout).
pub fn stdout_metadata() -> Option<std::fs::Metadata> {
    stdout_file().and_then(|file| file.metadata()).ok()
}

/// Where a command's messages go: standard output, or standard error when the
/// command's data goes to standard output.
#[derive(Copy, Clone, Debug)]
pub struct Messages {
    to_stderr: bool,
}

impl Messages {
    /// Messages on stdout, or on stderr when `data_on_stdout`.
    pub fn new(data_on_stdout: bool) -> Messages {
        Messages { to_stderr: data_on_stdout }
    }

    /// Writes one line; a failure on stdout is the command's failure.
    pub fn line(&self, text: fmt::Arguments<'_>) -> Result<(), Failure> {
        if self.to_stderr {
            warn(text);
            Ok(())
        } else {
            writeln!(stdout(), "{text}").map_err(failed)
        }
    }
}

/// Writes one line on standard error (`mmio: ` is the caller's); a failure is dropped.
pub fn warn(text: fmt::Arguments<'_>) {
    let _ = writeln!(io::stderr(), "{text}");
}

/// Whether the standard descriptors were closed when the process started, seen before
/// the Rust runtime opens `/dev/null` on them.
#[cfg(target_os = "linux")]
#[allow(unsafe_code)] // the tool's one system call of its own, and the hook that makes it
mod closed_at_start {
    use std::sync::atomic::{AtomicBool, Ordering};

    static STDOUT: AtomicBool = AtomicBool::new(false);

    /// The error of every write when descriptor 1 was closed at start.
    pub fn stdout() -> Option<std::io::Error> {
        STDOUT.load(Ordering::Relaxed).then(|| std::io::Error::from_raw_os_error(nix::libc::EBADF))
    }

    extern "C" fn look() {
        // SAFETY: F_GETFD only reads the flags of descriptor 1 (it fails with EBADF when
        // the descriptor is closed); it takes no pointer and touches no memory.
        let flags = unsafe { nix::libc::fcntl(1, nix::libc::F_GETFD) };
        STDOUT.store(flags == -1, Ordering::Relaxed);
    }

    /// Runs `look` before `main`, and so before the runtime reopens closed descriptors.
    // SAFETY: `.init_array` holds pointers to functions that the C runtime calls once,
    // on the only thread, before `main`; `look` is such a function (C ABI, its arguments
    // ignored, it cannot unwind) and uses nothing that needs the Rust runtime.
    #[used]
    #[unsafe(link_section = ".init_array")]
    static LOOK: extern "C" fn() = look;
}

#[cfg(not(target_os = "linux"))]
mod closed_at_start {
    /// Not seen on this system: a closed stdout is `/dev/null`.
    pub fn stdout() -> Option<std::io::Error> {
        None
    }
}
