//! Opening what a command reads: a file (through an mmio buffer, so chunk headers that
//! share a buffer cost no system call, even with chunk data skipped between them) or,
//! for `mmio tree` without a file, the built-in sample.

use std::fs::File;
use std::io::{Cursor, Read, Seek};
use std::path::Path;

use winmmio::{Mmio, OpenOptions};

use crate::fail::Failure;
use crate::sample;

/// Anything the walker can read.
pub trait Source: Read + Seek {}

impl<T: Read + Seek> Source for T {}

/// The buffer of a file being walked: small, because only headers are read.
const WALK_BUFFER: usize = 4096;

/// Opens `path` for reading, buffered for walking.
pub fn open(path: &Path) -> Result<Mmio, Failure> {
    let file = File::open(path).map_err(|e| Failure::io(path, "cannot open", e))?;
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        return Err(Failure::new(path, "is a directory"));
    }
    OpenOptions::new().buffer_size(WALK_BUFFER).open_file(file).map_err(|e| Failure::io(path, "cannot open", e.into()))
}

/// Opens `path`, or the built-in sample when there is none (saying so on stderr).
/// Returns the name to show and the source.
pub fn open_or_sample(path: Option<&Path>) -> Result<(String, Box<dyn Source>), Failure> {
    match path {
        Some(path) => Ok((path.display().to_string(), Box::new(open(path)?))),
        None => {
            crate::console::warn(format_args!("mmio: no file given: showing the built-in sample ({})", sample::NAME));
            Ok((sample::NAME.to_string(), Box::new(Cursor::new(sample::bytes()))))
        }
    }
}
