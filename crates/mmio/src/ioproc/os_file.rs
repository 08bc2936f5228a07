//! What the `DOS ` procedure needs from the operating system beyond `std::fs::File`:
//! reads and writes at an offset, the raw handle that `adwInfo[0]` shows, handing a
//! caller's file back without closing it, and a close that reports its error.
//!
//! Implemented for Unix (`pread`/`pwrite`, file descriptors) and Windows
//! (`ReadFile`/`WriteFile` with an offset, file handles); the engine does not build
//! for other targets.

use std::fs::File;
use std::io;

#[cfg(not(any(unix, windows)))]
compile_error!(
    "winmmio supports Unix and Windows targets only: its DOS I/O procedure needs positioned file I/O and raw file handles"
);

/// Reads and writes at an offset given with each call, so that the file's own offset
/// never has to be moved first (one system call instead of two).
///
/// On Unix the file's own offset is left alone; on Windows it ends after the bytes
/// moved, which only matters for a caller's file handed back open (the `DOS `
/// procedure then places it explicitly).
pub(crate) trait PositionalIo {
    /// Reads into `buf` from `offset`; the count read, 0 at the end of the file.
    fn read_at(&self, buf: &mut [u8], offset: u64) -> io::Result<usize>;

    /// Writes `buf` at `offset`; the count written.
    fn write_at(&self, buf: &[u8], offset: u64) -> io::Result<usize>;
}

#[cfg(unix)]
impl PositionalIo for File {
    fn read_at(&self, buf: &mut [u8], offset: u64) -> io::Result<usize> {
        std::os::unix::fs::FileExt::read_at(self, buf, offset)
    }

    fn write_at(&self, buf: &[u8], offset: u64) -> io::Result<usize> {
        std::os::unix::fs::FileExt::write_at(self, buf, offset)
    }
}

#[cfg(windows)]
impl PositionalIo for File {
    fn read_at(&self, buf: &mut [u8], offset: u64) -> io::Result<usize> {
        std::os::windows::fs::FileExt::seek_read(self, buf, offset)
    }

    fn write_at(&self, buf: &[u8], offset: u64) -> io::Result<usize> {
        std::os::windows::fs::FileExt::seek_write(self, buf, offset)
    }
}

/// The operating-system handle as `adwInfo[0]` shows it: the file descriptor on Unix,
/// the file handle on Windows (whose handle values fit in 32 bits, as 32-bit and
/// 64-bit processes share them).
pub(crate) fn raw_handle(file: &File) -> u32 {
    #[cfg(unix)]
    return std::os::fd::AsRawFd::as_raw_fd(file) as u32;
    #[cfg(windows)]
    return std::os::windows::io::AsRawHandle::as_raw_handle(file) as usize as u32;
}

/// Gives up ownership of `file` without closing it: its caller keeps using it.
pub(crate) fn release(file: File) {
    #[cfg(unix)]
    let _ = std::os::fd::IntoRawFd::into_raw_fd(file);
    #[cfg(windows)]
    let _ = std::os::windows::io::IntoRawHandle::into_raw_handle(file);
}

/// Closes `file` and reports the error that dropping a `File` would hide (on Unix a
/// network file system may report a failed write-back only here). Windows reports
/// write failures when they happen, so its close has nothing to add.
pub(crate) fn close(file: File) -> io::Result<()> {
    #[cfg(unix)]
    return nix::unistd::close(file).map_err(io::Error::from);
    #[cfg(windows)]
    {
        drop(file);
        Ok(())
    }
}
