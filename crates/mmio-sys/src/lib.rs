//! libmmio: the Windows Multimedia File I/O C API (`mmsystem.h`) over the mmio engine.
//!
//! This crate is the thin C layer of the project: it holds all the `unsafe` (every
//! block has a `SAFETY:` comment) and no I/O logic of its own. It turns `HMMIO` values
//! into handle-table entries (`handles`), `MMIOINFO` pointers into engine state and
//! back (`info`), C I/O procedures into engine procedures (`cproc`), and engine
//! errors into `MMRESULT` codes. No call lets a Rust panic cross into C: each export
//! catches it and returns an error value.
//!
//! Build with `cargo build --release -p mmio-sys`: `target/release/libmmio.so` (soname
//! `libmmio.so.1`, see `build.rs`) and `libmmio.a`, for the headers of `include/`
//! (`mmsystem.h`, `mmreg.h`, and `include/compat/windows.h` for code written for Windows).
//! Unix only (built and tested on Linux): on Windows, programs use the system's own
//! `winmm`.

// The C boundary: nearly every module dereferences pointers a C program passed in. The
// workspace denies `unsafe` by default; here it is allowed, and each block says why it
// is sound (`clippy::undocumented_unsafe_blocks`).
#![allow(unsafe_code)]

#[cfg(not(unix))]
compile_error!("mmio-sys is the Windows mmio API for Unix systems; on Windows, link the system's winmm instead");

mod builtin;
#[cfg(test)]
mod c_abi_tests;
mod chunks;
mod cp1252;
mod cproc;
#[cfg(test)]
mod fast_path_tests;
mod handles;
mod info;
mod io;
mod memory;
mod open;
mod procs;
mod text;
mod types;
mod whence;

use std::panic::{AssertUnwindSafe, catch_unwind};

use engine::ErrorCode;

/// `MMRESULT` success.
const NOERROR: u32 = 0;

/// Runs an export's body; a panic (a bug) becomes `fallback` instead of unwinding into C.
#[inline(always)]
fn guard<R>(fallback: R, body: impl FnOnce() -> R) -> R {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(fallback)
}

/// The `MMRESULT` of an engine result.
#[inline]
fn mmresult(result: Result<(), engine::Error>) -> u32 {
    result.map_or_else(|e| e.code().code(), |()| NOERROR)
}

/// The `MMRESULT` of a handle-table lookup around an engine result.
#[inline]
fn handle_result(result: Result<Result<(), engine::Error>, ErrorCode>) -> u32 {
    match result {
        Ok(inner) => mmresult(inner),
        Err(code) => code.code(),
    }
}
