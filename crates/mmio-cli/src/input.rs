//! Opening what a command reads: a file (through an mmio buffer, so chunk headers that
//! share a buffer cost no system call, even with chunk data skipped between them),
//! standard input, or the built-in sample of `mmio tree`.
//!
//! Standard input is used in place when it is a regular file (`mmio info - < x.wav`);
//! anything else (a pipe, a terminal, a socket), like a named file that is not a
//! regular file (a named pipe, `<(command)`), is read to its end first, into memory up
//! to [`spill::MEMORY_LIMIT`] bytes and into an unnamed temporary file beyond that,
//! since the walk seeks.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

use winmmio::{Mmio, OpenOptions};

use crate::fail::Failure;
use crate::sample;
use crate::spill::{self, Spill, Spilled};

/// The buffer of a file being walked: small, because only headers are read.
const WALK_BUFFER: usize = 4096;

/// What the name of standard input is in reports.
pub const STDIN_NAME: &str = "<stdin>";

/// One thing to read, as the command line names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A file.
    File(PathBuf),
    /// Standard input (`-`).
    Stdin,
    /// The sample built into the tool.
    Sample,
}

impl Input {
    /// The name reports give it.
    pub fn name(&self) -> String {
        match self {
            Input::File(path) => path.display().to_string(),
            Input::Stdin => STDIN_NAME.to_string(),
            Input::Sample => sample::NAME.to_string(),
        }
    }

    /// Opens it for reading, buffered for walking.
    pub fn open(&self) -> Result<Mmio, Failure> {
        match self {
            Input::File(path) => open(path),
            Input::Stdin => open_stdin(),
            Input::Sample => memory(sample::NAME, sample::bytes()),
        }
    }
}

/// Opens `path` for reading, buffered for walking. A file that cannot seek (a named
/// pipe, `<(command)`, a character device) is read to its end first, as standard input
/// is.
pub fn open(path: &Path) -> Result<Mmio, Failure> {
    let mut file = File::open(path).map_err(|e| Failure::io(path, "cannot open", e))?;
    match file.metadata() {
        Ok(m) if m.is_dir() => Err(Failure::new(path, "is a directory")),
        Ok(m) if !m.is_file() => read_whole(&path.display().to_string(), &mut file),
        _ => open_file(path, file),
    }
}

/// Wraps an open file for walking.
fn open_file(name: impl AsRef<Path>, file: File) -> Result<Mmio, Failure> {
    OpenOptions::new().buffer_size(WALK_BUFFER).open_file(file).map_err(|e| Failure::io(name, "cannot open", e.into()))
}

/// Bytes as a memory file.
fn memory(name: &str, bytes: Vec<u8>) -> Result<Mmio, Failure> {
    OpenOptions::new().open_memory(bytes).map_err(|e| Failure::io(name, "cannot open", e.into()))
}

/// Standard input, in place if it is a regular file, else read to its end.
fn open_stdin() -> Result<Mmio, Failure> {
    match stdin_file() {
        Some(file) => open_file(STDIN_NAME, file),
        None => read_whole(STDIN_NAME, &mut io::stdin().lock()),
    }
}

/// What `reader` holds until its end, kept in memory up to [`spill::MEMORY_LIMIT`]
/// bytes and in an unnamed temporary file beyond, as a file to walk.
fn read_whole(name: &str, reader: &mut impl io::Read) -> Result<Mmio, Failure> {
    let mut spill = Spill::new(spill::MEMORY_LIMIT);
    spill.read_from(reader).map_err(|e| Failure::io(name, "cannot read", e))?;
    match spill.finish().map_err(|e| Failure::io(name, "cannot keep what was read", e))? {
        Spilled::Memory(bytes) => memory(name, bytes),
        Spilled::File(file) => open_file(name, file),
    }
}

/// Standard input as a file of its own (a duplicate of its descriptor), if it is a
/// regular file.
#[cfg(unix)]
fn stdin_file() -> Option<File> {
    use std::os::fd::AsFd;
    let file = File::from(io::stdin().as_fd().try_clone_to_owned().ok()?);
    file.metadata().ok()?.is_file().then_some(file)
}

/// Standard input as a file of its own (a duplicate of its handle), if it is a
/// regular file.
#[cfg(windows)]
fn stdin_file() -> Option<File> {
    use std::os::windows::io::AsHandle;
    let file = File::from(io::stdin().as_handle().try_clone_to_owned().ok()?);
    file.metadata().ok()?.is_file().then_some(file)
}

/// Elsewhere standard input is always read to its end.
#[cfg(not(any(unix, windows)))]
fn stdin_file() -> Option<File> {
    None
}
