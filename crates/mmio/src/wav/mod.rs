//! WAVE files for the job most users have: the format of the samples, and reading
//! and writing them.
//!
//! - [`Reader`]: a WAVE file (RIFF, RIFX, RF64, BW64) open for reading: format, frames,
//!   exact duration, data range, and the samples as `i16`, `i32` or `f32`
//!   ([`Sample`]), decoded straight from the file's buffer.
//! - [`Writer`]: a WAVE file written as a stream of samples, sizes fixed by `finish`
//!   or on drop, RF64 past 4 GiB; [`StreamWriter`] for output that cannot seek.
//! - [`Metadata`], read and written: `LIST INFO` tags ([`InfoTag`]), [`Bext`]
//!   (Broadcast WAVE), `iXML`, [`Cue`] points with their `LIST adtl` labels,
//!   [`Sampler`] (`smpl`) and [`Acid`].
//! - [`WaveFormat`]: the `fmt ` chunk, decoded from either byte order (RIFX files are
//!   big-endian in every field), with [`FormatTag`] names, EXTENSIBLE's
//!   [`ChannelMask`] of [`Speaker`]s and sub-format [`Guid`], the frames in a data
//!   length and their [`ExactDuration`], and [`FormatProblem`]s where the fields do not
//!   add up.
//!
//! ```
//! use winmmio::riff::ByteOrder;
//! use winmmio::wav::WaveFormat;
//!
//! let format = WaveFormat::parse(&WaveFormat::pcm(1, 8_000, 8).to_bytes()?, ByteOrder::Little)?;
//! assert_eq!(format.to_string(), "PCM, 1 channel, 8000 Hz, 8 bits, 8000 bytes/s, block 1");
//! assert_eq!(format.duration(format.frames(12_000).unwrap()).unwrap().to_string(), "0:00:01.500");
//! # Ok::<(), winmmio::Error>(())
//! ```

mod acid;
mod bext;
mod cue;
mod duration;
mod encoder;
mod fields;
mod format;
mod guid;
mod metadata;
mod problems;
mod reader;
mod sample;
mod sampler;
mod speaker;
mod stream_writer;
mod tag;
mod text;
mod writer;

pub use acid::Acid;
pub use bext::{Bext, LOUDNESS_UNKNOWN};
pub use cue::{Cue, LabeledText};
pub use duration::ExactDuration;
pub use format::{Extensible, Layout, SampleFormat, WaveFormat};
pub use guid::Guid;
pub use metadata::{InfoTag, Metadata};
pub use problems::FormatProblem;
pub use reader::{Reader, Samples};
pub use sample::Sample;
pub use sampler::{SampleLoop, Sampler};
pub use speaker::{ChannelMask, Speaker};
pub use stream_writer::StreamWriter;
pub use tag::FormatTag;
pub use writer::Writer;
