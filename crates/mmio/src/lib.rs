//! Windows Multimedia File I/O, rebuilt in safe Rust.
#![forbid(unsafe_code)]
