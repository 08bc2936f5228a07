//! Share modes where there are no open-file-description locks (macOS, the BSDs and
//! other Unix systems; on Linux with the `portable-locks` feature).
//!
//! Two parts:
//! - **In this process**, a table of every open handle's claim by file (device and
//!   inode): an open is checked against the others exactly as Windows does it.
//! - **Across processes**, a whole-file `flock` lock on the open file description: an
//!   `MMIO_EXCLUSIVE` open takes it exclusively, every other open shares it. `flock`
//!   has no byte ranges, so one lock can only tell "exclusive" from "shared": across
//!   processes `MMIO_EXCLUSIVE` is refused while any other open exists and refuses
//!   every later one, but `MMIO_DENYWRITE` and `MMIO_DENYREAD` are enforced only
//!   between handles of one process.
//!
//! A `flock` lock belongs to the open file description (Linux, macOS, the BSDs), so a
//! child process forked while the file is open holds it until it execs or exits. On
//! NFS, Linux emulates `flock` with per-process `fcntl` locks, which do not conflict
//! within a process (the table still does) and may not reach other clients of older
//! servers. Where the file system has no `flock`, only the table applies.

use std::collections::BTreeMap;
use std::fs::{File, TryLockError};
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::sync::{Mutex, MutexGuard, PoisonError};

use super::{Claim, violation};
use crate::error::{Error, Operation, Result};

/// A file's identity: its device and inode numbers.
type FileId = (u64, u64);

/// The claims of this process's open handles, by file.
static OPEN: Mutex<BTreeMap<FileId, Vec<Claim>>> = Mutex::new(BTreeMap::new());

fn open_claims() -> MutexGuard<'static, BTreeMap<FileId, Vec<Claim>>> {
    OPEN.lock().unwrap_or_else(PoisonError::into_inner)
}

/// An entry in the table, removed when dropped. The `flock` lock goes when the file's
/// description closes, which its owner does before dropping this.
#[derive(Debug)]
pub(super) struct Held {
    file: FileId,
    claim: Claim,
}

impl Drop for Held {
    fn drop(&mut self) {
        let mut open = open_claims();
        let Some(claims) = open.get_mut(&self.file) else { return };
        if let Some(index) = claims.iter().position(|&c| c == self.claim) {
            claims.swap_remove(index);
        }
        if claims.is_empty() {
            open.remove(&self.file);
        }
    }
}

/// True when two opens of one file cannot coexist: one wants an access the other
/// denies.
fn conflict(a: Claim, b: Claim) -> bool {
    (a.read && b.deny_read) || (a.write && b.deny_write) || (b.read && a.deny_read) || (b.write && a.deny_write)
}

pub(super) fn claim(file: &File, _name: &Path, claim: Claim) -> Result<Held> {
    let meta = file.metadata().map_err(|e| Error::from_io(Operation::Open, e))?;
    let id = (meta.dev(), meta.ino());
    // The table stays locked until this open is in it: two opens in this process
    // cannot both pass the check.
    let mut open = open_claims();
    if open.get(&id).is_some_and(|claims| claims.iter().any(|&other| conflict(claim, other))) {
        return Err(violation());
    }
    let exclusive = claim.deny_read && claim.deny_write;
    let locked = if exclusive { file.try_lock() } else { file.try_lock_shared() };
    // Any other failure means no `flock` on this file system: not enforced across
    // processes, still enforced in this one.
    if let Err(TryLockError::WouldBlock) = locked {
        return Err(violation());
    }
    open.entry(id).or_default().push(claim);
    Ok(Held { file: id, claim })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Windows' share table: which second open a first one admits.
    #[test]
    fn conflicts_follow_the_windows_share_table() {
        let claim = |read, write, deny_read, deny_write| Claim { read, write, deny_read, deny_write };
        let reader = claim(true, false, false, false);
        let writer = claim(false, true, false, false);
        let deny_write_reader = claim(true, false, false, true);
        let deny_read_writer = claim(false, true, true, false);
        let exclusive = claim(true, true, true, true);
        assert!(!conflict(reader, reader));
        assert!(!conflict(reader, writer));
        assert!(!conflict(deny_write_reader, reader));
        assert!(conflict(deny_write_reader, writer));
        assert!(conflict(deny_read_writer, reader));
        assert!(!conflict(deny_read_writer, writer));
        assert!(conflict(deny_read_writer, deny_write_reader));
        for other in [reader, writer, deny_write_reader, deny_read_writer, exclusive] {
            assert!(conflict(exclusive, other));
            assert_eq!(conflict(other, deny_write_reader), conflict(deny_write_reader, other), "symmetric");
        }
    }
}
