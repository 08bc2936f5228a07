//! What the C library (`mmio-sys`) needs from the engine and Rust code does not: memory a
//! C program lends to a file as its buffer, the address C sees for a buffer,
//! `mmioSeek`'s `LONG` limit, adopting a caller's descriptor without closing it on
//! failure, and removing a procedure found by its C address.
//!
//! **Unstable.** Built with the `c-abi` feature only, hidden from the documentation and
//! outside semantic versioning: it changes whenever the C library needs it to, and
//! `mmio-sys` depends on the engine's exact version. Rust programs have no use for it.

use std::fs::File;
use std::path::Path;

pub use crate::buffer::BufferMemory;
use crate::buffer::Memory;
use crate::error::{Error, Operation, Result};
use crate::fourcc::FourCC;
use crate::handle::Mmio;
use crate::ioproc::{ProcRef, SeekOrigin};
use crate::options::OpenOptions;
use crate::registry;

/// [`OpenOptions::open_with`], with `buffer` lent by the caller (for a memory file, the
/// file's block). Memory that breaks the contract of [`BufferMemory`] is refused with
/// `MMSYSERR_INVALPARAM`.
pub fn open(options: &OpenOptions, name: Option<&Path>, buffer: Option<Box<dyn BufferMemory>>) -> Result<Mmio> {
    let buffer = buffer.map(Memory::lent).transpose().map_err(|e| e.during(Operation::Open))?;
    options.open_in(name, buffer)
}

/// [`OpenOptions::open_file`] with lent buffer memory, but a failed open hands the file
/// back (`Some`, untouched and open) with the error instead of closing it: a failed
/// `mmioOpen` leaves the caller's descriptor open.
pub fn adopt_file(
    options: &OpenOptions,
    file: File,
    buffer: Option<Box<dyn BufferMemory>>,
) -> std::result::Result<Mmio, (Error, Option<File>)> {
    match buffer.map(Memory::lent).transpose() {
        Ok(buffer) => options.adopt_file(file, buffer),
        Err(error) => Err((error.during(Operation::Open), Some(file))),
    }
}

/// [`Mmio::set_buffer`] with a block the caller lends (`mmioSetBuffer` with a
/// `pchBuffer`). Memory that breaks the contract of [`BufferMemory`] is refused with
/// `MMSYSERR_INVALPARAM`, and nothing changes.
pub fn lend_buffer(file: &mut Mmio, buffer: Box<dyn BufferMemory>) -> Result<()> {
    let buffer = Memory::lent(buffer).map_err(|e| e.during(Operation::SetBuffer))?;
    file.replace_buffer(buffer, false)
}

/// The address of the file's buffer as C sees it (`pchBuffer`): null when there is
/// none. C may write through it between calls; no Rust reference to the bytes outlives
/// a call on the file.
pub fn buffer_base(file: &mut Mmio) -> *mut u8 {
    file.buf.base()
}

/// `mmioRead`'s fast path: when the file's buffer is its own (not lent memory), holds
/// `len` unread bytes and the file may be read, marks them read and returns their
/// address, for the caller to copy them from at once (before any other call on the
/// file); else `None`, changing nothing, and the caller takes [`Mmio::read_bytes`].
#[inline(always)]
pub fn take_from_buffer(file: &mut Mmio, len: usize) -> Option<*const u8> {
    file.take_window(len).map(<[u8]>::as_ptr)
}

/// `mmioWrite`'s fast path: when the file's buffer is its own (not lent memory), `len`
/// bytes fit in it at the position and the file may be written, marks them written
/// (`MMIO_DIRTY`) and returns their address, for the caller to copy the bytes to at
/// once (before any other call on the file); else `None`, changing nothing, and the
/// caller takes [`Mmio::write_bytes`].
#[inline(always)]
pub fn put_into_buffer(file: &mut Mmio, len: usize) -> Option<*mut u8> {
    file.put_window(len).map(<[u8]>::as_mut_ptr)
}

/// [`Mmio::seek_mmio`] with a highest allowed target: a target past `limit` fails with
/// `MMIOERR_CANNOTSEEK` and changes nothing, as one before 0 does (the C ABI's `LONG`
/// positions stop at `i32::MAX`).
#[inline]
pub fn seek_within(file: &mut Mmio, offset: i64, origin: SeekOrigin, limit: u64) -> Result<u64> {
    file.seek_mmio_within(offset, origin, limit)
}

/// [`registry::remove`], for the newest installation under `fourcc` whose procedure
/// `accept`s (C removes a procedure by its function's address).
pub fn remove_proc_where(fourcc: FourCC, accept: impl Fn(&ProcRef) -> bool) -> Result<ProcRef> {
    registry::remove_where(fourcc, accept)
}
