//! RIFF services: chunk trees (RIFF, RIFX, RF64/BW64) on top of the buffered engine.
//!
//! - [`ChunkInfo`] and the `descend` / `ascend` / `create_chunk` methods of
//!   [`Mmio`](crate::Mmio): the `mmioDescend` family, with 64-bit sizes, big-endian
//!   RIFX files and RF64 `ds64` sizes.
//! - [`Ds64`]: the 64-bit size chunk of RF64 and BW64 files, read and written by one
//!   implementation for descend, the walker and repair (with [`Patch`]es for
//!   promoting a RIFF file in place).
//! - [`ChunkData`]: one chunk's data as a bounded `Read + Seek + Write` stream.
//! - [`ChunkWriter`]: a chunk being written (`Mmio::begin_riff`, `begin_list`,
//!   `begin_chunk`), ascended by `finish` or, at the latest, on drop.
//! - [`Walker`]: the whole chunk tree as a stream of [`Event`]s (chunks, problems),
//!   reading only headers, for tools that look inside or check files.

mod chunk;
pub mod counts;
mod ds64;
mod lookahead;
pub mod repair;
mod services;
mod view;
mod walk;
mod writer;

pub use chunk::{ByteOrder, ChunkInfo, Create, Find, is_container, is_form};
pub use ds64::{DS64_MAX_TABLE, DS64_MIN_SIZE, DS64_OFFSET, Ds64, Patch, SIZE_IN_DS64, TABLE_TOO_LONG};
pub(crate) use services::RiffState;
pub use view::ChunkData;
pub use walk::{Chunk, Event, MAX_DEPTH, Problem, ProblemKind, Walker};
pub use writer::ChunkWriter;
