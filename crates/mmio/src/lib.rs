#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod buffer;
mod buffered;
#[cfg(feature = "c-abi")]
#[doc(hidden)]
pub mod c_abi;
pub mod cookbook;
mod direct;
mod error;
mod flag_sets;
pub mod flags;
mod fourcc;
mod handle;
mod ioproc;
mod names;
mod options;
mod read_ahead;
pub mod registry;
mod share;
mod std_io;

pub use buffer::Buffering;
pub use buffered::Advance;
pub use direct::Direct;
pub use error::{Error, ErrorCode, Fault, Operation, Result};
pub use flag_sets::{ChunkFlags, CloseFlags, FlushFlags, OpenFlags};
pub use fourcc::FourCC;
pub use handle::{Info, Mmio};
pub use ioproc::{FileProc, IoProc, MemProc, ProcFactory, ProcRef, ProcState, SeekOrigin};
pub use names::{compound_fourcc, full_path, temp_file_name};
pub use options::{Access, OpenOptions, Share};
pub use riff::{ByteOrder, ChunkInfo, Create, Find};
pub mod riff;
pub mod wav;
