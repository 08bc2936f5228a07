//! WAVE files for the job most users have: the format of the samples, and (in the
//! modules to come) reading and writing them with their metadata.
//!
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

mod duration;
mod format;
mod guid;
mod problems;
mod speaker;
mod tag;

pub use duration::ExactDuration;
pub use format::{Extensible, Layout, SampleFormat, WaveFormat};
pub use guid::Guid;
pub use problems::FormatProblem;
pub use speaker::{ChannelMask, Speaker};
pub use tag::FormatTag;
