//! RIFF services: chunk trees (RIFF, RIFX, RF64/BW64) on top of the buffered engine.
//!
//! - [`walk`]: a walker over a whole chunk tree that reads headers only and never
//!   trusts a size field.
