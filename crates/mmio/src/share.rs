//! Share modes (`MMIO_EXCLUSIVE`, `MMIO_DENYWRITE`, `MMIO_DENYREAD`, `MMIO_DENYNONE`,
//! `MMIO_COMPAT`) between handles of this library, in this and other processes.
//!
//! Windows' rule: an open succeeds when every existing open's share mode allows the
//! new open's access, and the new open's share mode allows every existing open's
//! access. `MMIO_COMPAT` shares reading and writing, as Win32 `OpenFile` maps it.
//!
//! How it is enforced depends on the system (`docs/portability.md`):
//! - **Linux** ([`ofd`]): open-file-description locks, exact between handles of this
//!   library in one process and across processes.
//! - **Other Unix systems, and Linux with the `portable-locks` feature** ([`table`]):
//!   a table of this process's opens, exact between its handles, plus a whole-file
//!   `flock` for other processes, which enforces `MMIO_EXCLUSIVE` (against any open)
//!   but not `MMIO_DENYWRITE` or `MMIO_DENYREAD` across processes.
//! - **Windows** ([`windows`]): the system's own share modes, given to the open itself;
//!   exact, and against every program, not only this library.
//!
//! Where the file system has no locks, share modes are not enforced across processes.

use std::fs::{File, OpenOptions};
use std::path::Path;

use crate::error::Result;
#[cfg(unix)]
use crate::error::{Error, ErrorCode};
use crate::flag_sets::OpenFlags;
use crate::ioproc::ProcState;
use crate::options::Share;

#[cfg(all(target_os = "linux", not(feature = "portable-locks")))]
mod ofd;
#[cfg(all(target_os = "linux", not(feature = "portable-locks")))]
use ofd as imp;

#[cfg(all(unix, any(not(target_os = "linux"), feature = "portable-locks")))]
mod table;
#[cfg(all(unix, any(not(target_os = "linux"), feature = "portable-locks")))]
use table as imp;

#[cfg(windows)]
mod windows;
#[cfg(windows)]
use windows as imp;

/// What one open does with a file: its access and the access it denies others.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
struct Claim {
    read: bool,
    write: bool,
    deny_read: bool,
    deny_write: bool,
}

impl Claim {
    fn from_flags(flags: OpenFlags) -> Claim {
        let state = ProcState::new(flags, [0; 3]);
        // Values past MMIO_DENYNONE never get here: the open refuses them first.
        let (deny_read, deny_write) = match flags.share() {
            Some(Share::Exclusive) => (true, true),
            Some(Share::DenyWrite) => (false, true),
            Some(Share::DenyRead) => (true, false),
            Some(Share::DenyNone | Share::Compat) | None => (false, false),
        };
        Claim { read: state.can_read(), write: state.can_write(), deny_read, deny_write }
    }
}

/// An open's share-mode claim, withdrawn when dropped. Keep it until the file it was
/// made for is closed, and drop it after that.
#[derive(Debug)]
pub(crate) struct ShareClaim {
    _held: imp::Held,
}

/// Sets what the open itself must ask for: on Windows the share mode, which the system
/// enforces from the open on; on Unix nothing (the claim follows the open, [`acquire`]).
pub(crate) fn prepare(options: &mut OpenOptions, flags: OpenFlags) {
    #[cfg(windows)]
    windows::prepare(options, Claim::from_flags(flags));
    #[cfg(unix)]
    let _ = (options, flags);
}

/// Claims `file` (opened from `name` with `flags`, after [`prepare`]) against every
/// other open of it; a conflict is `MMIOERR_SHARINGVIOLATION`.
pub(crate) fn acquire(file: &File, name: &Path, flags: OpenFlags) -> Result<ShareClaim> {
    imp::claim(file, name, Claim::from_flags(flags)).map(|held| ShareClaim { _held: held })
}

/// The error of an open that another handle's share mode refuses.
#[cfg(unix)]
fn violation() -> Error {
    Error::with_detail(ErrorCode::SharingViolation, "another handle's share mode conflicts")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_map_to_claims() {
        let c = Claim::from_flags(OpenFlags::READ | OpenFlags::COMPAT);
        assert_eq!(c, Claim { read: true, write: false, deny_read: false, deny_write: false });
        let c = Claim::from_flags(OpenFlags::WRITE | OpenFlags::DENYWRITE);
        assert_eq!(c, Claim { read: false, write: true, deny_read: false, deny_write: true });
        let c = Claim::from_flags(OpenFlags::READWRITE | OpenFlags::EXCLUSIVE);
        assert_eq!(c, Claim { read: true, write: true, deny_read: true, deny_write: true });
        let c = Claim::from_flags(OpenFlags::READ | OpenFlags::DENYREAD);
        assert_eq!(c, Claim { read: true, write: false, deny_read: true, deny_write: false });
    }
}
