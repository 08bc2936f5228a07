//! Share modes on Linux: open-file-description locks (`F_OFD_SETLK`).
//!
//! Each open marks what it has and what it denies with shared locks on single bytes
//! far past any real data (advisory locks never affect I/O), one byte per "has read",
//! "has write", "denies read", "denies write"; then it looks for another description's
//! mark that conflicts, and on a conflict withdraws its own. Two conflicting opens
//! racing each other may both be refused, never both admitted. Exact between handles
//! of one process and across processes.
//!
//! A claim belongs to the open file description, so a child process forked while the
//! file is open holds the claim too until it execs or exits (as with every
//! descriptor-based lock): a handle closed in that moment releases its claim a little
//! later.

use std::fs::File;
use std::path::Path;

use nix::fcntl::{FcntlArg, fcntl};
use nix::libc;

use super::{Claim, violation};
use crate::error::Result;

const HAS_READ: i64 = i64::MAX - 8;
const HAS_WRITE: i64 = i64::MAX - 7;
const DENY_READ: i64 = i64::MAX - 6;
const DENY_WRITE: i64 = i64::MAX - 5;

/// What holds the locks: the file itself, or a read-only twin of a write-only file
/// (a shared lock needs read access). The locks go when the description closes.
#[derive(Debug)]
pub(super) struct Held {
    _twin: Option<File>,
}

fn lock(kind: i32, slot: i64) -> libc::flock {
    libc::flock {
        l_type: kind as libc::c_short,
        l_whence: libc::SEEK_SET as libc::c_short,
        l_start: slot,
        l_len: 1,
        l_pid: 0,
    }
}

/// Marks `slot` as held by this open file description.
fn mark(file: &File, slot: i64) -> nix::Result<()> {
    fcntl(file, FcntlArg::F_OFD_SETLK(&lock(libc::F_RDLCK, slot))).map(drop)
}

fn unmark(file: &File, slot: i64) {
    let _ = fcntl(file, FcntlArg::F_OFD_SETLK(&lock(libc::F_UNLCK, slot)));
}

/// True when another open file description holds `slot`.
fn held_elsewhere(file: &File, slot: i64) -> nix::Result<bool> {
    let mut probe = lock(libc::F_WRLCK, slot);
    fcntl(file, FcntlArg::F_OFD_GETLK(&mut probe))?;
    Ok(probe.l_type != libc::F_UNLCK as libc::c_short)
}

pub(super) fn claim(file: &File, name: &Path, claim: Claim) -> Result<Held> {
    if claim.read {
        mark_all(file, claim)?;
        return Ok(Held { _twin: None });
    }
    let Ok(twin) = File::open(name) else { return Ok(Held { _twin: None }) };
    mark_all(&twin, claim)?;
    Ok(Held { _twin: Some(twin) })
}

/// Marks `claim` on `file`'s description and checks it against every other one.
fn mark_all(file: &File, claim: Claim) -> Result<()> {
    let mine = [
        (claim.read, HAS_READ),
        (claim.write, HAS_WRITE),
        (claim.deny_read, DENY_READ),
        (claim.deny_write, DENY_WRITE),
    ];
    let conflicts = [
        (claim.read, DENY_READ),
        (claim.write, DENY_WRITE),
        (claim.deny_read, HAS_READ),
        (claim.deny_write, HAS_WRITE),
    ];
    let outcome = (|| -> nix::Result<bool> {
        for &(wanted, slot) in &mine {
            if wanted {
                mark(file, slot)?;
            }
        }
        for &(wanted, slot) in &conflicts {
            if wanted && held_elsewhere(file, slot)? {
                return Ok(true);
            }
        }
        Ok(false)
    })();
    match outcome {
        Ok(false) => Ok(()),
        Ok(true) => {
            mine.iter().for_each(|&(_, slot)| unmark(file, slot));
            Err(violation())
        }
        // No lock support here (ENOLCK, EINVAL, EOPNOTSUPP, ...): shares are not
        // enforced on this file system.
        Err(_) => {
            mine.iter().for_each(|&(_, slot)| unmark(file, slot));
            Ok(())
        }
    }
}
