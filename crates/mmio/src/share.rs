//! Share modes (`MMIO_EXCLUSIVE`, `MMIO_DENYWRITE`, `MMIO_DENYREAD`, `MMIO_DENYNONE`,
//! `MMIO_COMPAT`) between handles of this library, in this and other processes.
//!
//! Windows' rule: an open succeeds when every existing open's share mode allows the
//! new open's access, and the new open's share mode allows every existing open's
//! access. `MMIO_COMPAT` shares reading and writing, as Win32 `OpenFile` maps it.
//!
//! On Linux each open marks what it has and what it denies with shared
//! open-file-description locks on single bytes far past any real data (advisory locks
//! never affect I/O), then looks for another description's mark that conflicts; on a
//! conflict it withdraws its marks. Two conflicting opens racing each other may both be
//! refused, never both admitted. Where the file system has no such locks, and on other
//! systems, share modes are not enforced.
//!
//! A claim belongs to the open file description, so a child process forked while the
//! file is open holds the claim too until it execs or exits (as with every
//! descriptor-based lock): a handle closed in that moment releases its claim a little
//! later.

use std::fs::File;
use std::path::Path;

use crate::error::Result;
#[cfg(target_os = "linux")]
use crate::error::{Error, ErrorCode};
use crate::flags::{MMIO_DENYNONE, MMIO_DENYREAD, MMIO_DENYWRITE, MMIO_EXCLUSIVE, MMIO_SHAREMODE};
use crate::ioproc::ProcState;

/// What one open does with a file: its access and the access it denies others.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
struct Claim {
    read: bool,
    write: bool,
    deny_read: bool,
    deny_write: bool,
}

impl Claim {
    fn from_flags(flags: u32) -> Claim {
        let state = ProcState::new(flags, [0; 3]);
        let (deny_read, deny_write) = match flags & MMIO_SHAREMODE {
            MMIO_EXCLUSIVE => (true, true),
            MMIO_DENYWRITE => (false, true),
            MMIO_DENYREAD => (true, false),
            MMIO_DENYNONE => (false, false),
            _ => (false, false), // MMIO_COMPAT
        };
        Claim { read: state.can_read(), write: state.can_write(), deny_read, deny_write }
    }
}

/// Claims `file` (opened from `name` with `flags`) against every other open of it.
/// Returns the descriptor that holds the claim when it is not `file` itself (a
/// write-only file cannot hold the shared locks, so a read-only twin does); it must
/// stay open as long as `file`.
pub(crate) fn acquire(file: &File, name: &Path, flags: u32) -> Result<Option<File>> {
    let claim = Claim::from_flags(flags);
    if !claim.read {
        let Ok(twin) = File::open(name) else { return Ok(None) };
        imp::claim(&twin, claim)?;
        return Ok(Some(twin));
    }
    imp::claim(file, claim)?;
    Ok(None)
}

#[cfg(target_os = "linux")]
mod imp {
    use super::*;
    use nix::fcntl::{FcntlArg, fcntl};
    use nix::libc;

    const HAS_READ: i64 = i64::MAX - 8;
    const HAS_WRITE: i64 = i64::MAX - 7;
    const DENY_READ: i64 = i64::MAX - 6;
    const DENY_WRITE: i64 = i64::MAX - 5;

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

    pub(super) fn claim(file: &File, claim: Claim) -> Result<()> {
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
                Err(Error::with_detail(ErrorCode::SharingViolation, "another handle's share mode conflicts"))
            }
            // No lock support here (ENOLCK, EINVAL, EOPNOTSUPP, ...): shares are not
            // enforced on this file system.
            Err(_) => {
                mine.iter().for_each(|&(_, slot)| unmark(file, slot));
                Ok(())
            }
        }
    }
}

#[cfg(not(target_os = "linux"))]
mod imp {
    use super::*;

    pub(super) fn claim(_file: &File, _claim: Claim) -> Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flags::{MMIO_COMPAT, MMIO_READ, MMIO_READWRITE, MMIO_WRITE};

    #[test]
    fn flags_map_to_claims() {
        let c = Claim::from_flags(MMIO_READ | MMIO_COMPAT);
        assert_eq!(c, Claim { read: true, write: false, deny_read: false, deny_write: false });
        let c = Claim::from_flags(MMIO_WRITE | MMIO_DENYWRITE);
        assert_eq!(c, Claim { read: false, write: true, deny_read: false, deny_write: true });
        let c = Claim::from_flags(MMIO_READWRITE | MMIO_EXCLUSIVE);
        assert_eq!(c, Claim { read: true, write: true, deny_read: true, deny_write: true });
        let c = Claim::from_flags(MMIO_READ | MMIO_DENYREAD);
        assert_eq!(c, Claim { read: true, write: false, deny_read: true, deny_write: false });
    }
}
