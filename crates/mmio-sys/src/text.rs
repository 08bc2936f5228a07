//! Names across the boundary: `char` (A) strings are bytes, taken as the platform's
//! path bytes; `WCHAR` (W) strings are UTF-16, converted to and from UTF-8 paths.

use std::ffi::{CStr, OsStr, c_char};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

/// The longest UTF-16 string read from a caller (in code units), so that a string
/// without its terminator cannot make us read forever.
const MAX_WIDE: usize = 1 << 16;

/// The path a NUL-terminated `char` string names.
///
/// # Safety
/// `name` must be null or point to a NUL-terminated string.
pub unsafe fn path_from_a(name: *const c_char) -> Option<PathBuf> {
    if name.is_null() {
        return None;
    }
    // SAFETY: not null (checked above), so NUL-terminated (this function's contract);
    // CStr only reads up to the NUL, and the bytes are copied before returning.
    let bytes = unsafe { CStr::from_ptr(name) }.to_bytes();
    Some(PathBuf::from(OsStr::from_bytes(bytes)))
}

/// The UTF-16 units of a NUL-terminated `WCHAR` string (unpaired surrogates become
/// U+FFFD when converted).
///
/// # Safety
/// `name` must be null or point to a NUL-terminated UTF-16 string that stays alive and
/// unchanged while the returned slice is used.
pub unsafe fn wide_units<'a>(name: *const u16) -> Option<&'a [u16]> {
    if name.is_null() {
        return None;
    }
    let mut len = 0;
    // SAFETY: `name` is not null (checked above) and NUL-terminated (this function's
    // contract): the loop stops at the first NUL, so every unit it reads, the NUL
    // included, is part of the string.
    while len < MAX_WIDE && unsafe { *name.add(len) } != 0 {
        len += 1;
    }
    // SAFETY: the `len` units from `name` were each just read, so they are readable and
    // part of the caller's string, which this function's contract keeps alive and
    // unchanged for as long as the caller uses the slice.
    Some(unsafe { std::slice::from_raw_parts(name, len) })
}

/// The path a NUL-terminated `WCHAR` string names.
///
/// # Safety
/// As for [`wide_units`].
pub unsafe fn path_from_w(name: *const u16) -> Option<PathBuf> {
    // SAFETY: `wide_units` needs a null or NUL-terminated UTF-16 string: this function's
    // contract. The slice is converted to a path before returning.
    unsafe { wide_units(name) }.map(|units| PathBuf::from(String::from_utf16_lossy(units)))
}

/// A path as a NUL-terminated `char` string.
pub fn a_string(path: &Path) -> Vec<u8> {
    let mut bytes = path.as_os_str().as_bytes().to_vec();
    bytes.push(0);
    bytes
}

/// A path as a NUL-terminated `WCHAR` string.
pub fn w_string(path: &Path) -> Vec<u16> {
    let mut units: Vec<u16> = path.to_string_lossy().encode_utf16().collect();
    units.push(0);
    units
}
