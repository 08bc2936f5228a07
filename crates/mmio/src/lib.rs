//! Windows Multimedia File I/O (`mmioOpen`, `mmioRead`, `mmioDescend`, ...) rebuilt in
//! safe Rust: buffered file I/O with direct buffer access, pluggable I/O procedures,
//! and RIFF chunk services, with exactly the behaviour of the Windows API.
//!
//! The layers, bottom up (see `docs/architecture.md`):
//! - **I/O procedures** ([`IoProc`]): move bytes to and from storage; the built-in
//!   [`FileProc`] (`DOS `) and [`MemProc`] (`MEM `), custom ones installed in the
//!   [`registry`] by [`FourCC`].
//! - **The buffered engine** ([`Mmio`]): the buffer, the position, and every `mmio*`
//!   operation on them, including [direct buffer access](Mmio::direct).
//! - **`std::io`**: [`Mmio`] is `Read + Write + Seek + BufRead`.
//! - **RIFF** ([`riff`]): chunk services, RF64, and a walker over whole chunk trees.
//! - **WAVE** ([`wav`]): sample formats, and WAVE files read and written.
//!
//! ```
//! use std::io::{Read, Write};
//! let mut file = winmmio::Mmio::memory(Vec::new(), 64)?;
//! file.write_all(b"RIFF")?;
//! std::io::Seek::rewind(&mut file)?;
//! let mut tag = [0; 4];
//! file.read_exact(&mut tag)?;
//! assert_eq!(&tag, b"RIFF");
//! # Ok::<(), std::io::Error>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod buffer;
mod buffered;
mod direct;
mod error;
pub mod flags;
mod fourcc;
mod handle;
mod ioproc;
mod names;
mod options;
pub mod registry;
mod share;
mod std_io;

pub use buffer::{BufferMemory, Buffering};
pub use buffered::Advance;
pub use direct::Direct;
pub use error::{Error, ErrorCode, Fault, Operation, Result};
pub use fourcc::FourCC;
pub use handle::{Info, Mmio};
pub use ioproc::{FileProc, IoProc, MemProc, ProcFactory, ProcRef, ProcState, SeekOrigin};
pub use names::{compound_fourcc, full_path, temp_file_name};
pub use options::{Access, OpenOptions, Share};
pub use riff::{ByteOrder, ChunkInfo, Create, Find};
pub mod riff;
pub mod wav;

/// The README's examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
