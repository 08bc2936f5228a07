//! Share modes on Windows: the system's own, given to the open (`CreateFile`'s share
//! mode), as Windows' `mmioOpen` does through `OpenFile`. Exact, across processes, and
//! against every program that opens the file, not only this library. A conflict is
//! Windows' `ERROR_SHARING_VIOLATION`, which the open reports as
//! `MMIOERR_SHARINGVIOLATION`.

use std::fs::{File, OpenOptions};
use std::os::windows::fs::OpenOptionsExt;
use std::path::Path;

use super::Claim;
use crate::error::Result;

/// `FILE_SHARE_READ`: others may open the file for reading.
const FILE_SHARE_READ: u32 = 0x1;
/// `FILE_SHARE_WRITE`: others may open the file for writing.
const FILE_SHARE_WRITE: u32 = 0x2;

/// Nothing to hold: the system keeps the share mode with the file handle.
#[derive(Debug)]
pub(super) struct Held;

/// Asks the open for the share mode of `claim` (never `FILE_SHARE_DELETE`, as
/// `OpenFile` does not share deletion either).
pub(super) fn prepare(options: &mut OpenOptions, claim: Claim) {
    let mut share = 0;
    if !claim.deny_read {
        share |= FILE_SHARE_READ;
    }
    if !claim.deny_write {
        share |= FILE_SHARE_WRITE;
    }
    options.share_mode(share);
}

pub(super) fn claim(_file: &File, _name: &Path, _claim: Claim) -> Result<Held> {
    Ok(Held)
}
