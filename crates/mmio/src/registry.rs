//! The installed I/O procedures (`mmioInstallIOProc`): install, remove and find by
//! [`FourCC`].
//!
//! - The newest installation of a code wins, and each installation needs its own
//!   removal: installing the same procedure twice takes two removals.
//! - A procedure installed for the calling thread ([`Scope::Thread`]) is found before
//!   one installed for every thread ([`Scope::Global`]).
//! - A procedure in use by an open file cannot be removed.
//! - The built-in `DOS ` and `MEM ` procedures are always found when nothing else is
//!   installed under their codes; they can be shadowed but never removed.
//! - A procedure handed to one open ([`crate::OpenOptions::io_proc`]) is findable under
//!   its code while that file is open, and disappears when it closes.

use std::sync::{Mutex, MutexGuard, PoisonError};
use std::thread::{self, ThreadId};

use crate::error::{Error, ErrorCode, Operation, Result};
use crate::fourcc::FourCC;
use crate::ioproc::ProcRef;

/// Who can find an installed procedure.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Scope {
    /// Only the installing thread (Windows' per-task list).
    #[default]
    Thread,
    /// Every thread (`MMIO_GLOBALPROC`).
    Global,
}

struct Entry {
    id: u64,
    fourcc: FourCC,
    proc: ProcRef,
    /// `None` for a global installation.
    owner: Option<ThreadId>,
    /// Installed by an open for that file only; removed when it closes.
    temporary: bool,
}

impl Entry {
    fn visible_to(&self, thread: ThreadId) -> bool {
        self.owner.is_none_or(|owner| owner == thread)
    }
}

#[derive(Default)]
struct Registry {
    /// Oldest first.
    entries: Vec<Entry>,
    /// How many open files use each procedure, by [`ProcRef::key`] (few entries).
    in_use: Vec<(usize, usize)>,
    next_id: u64,
}

static REGISTRY: Mutex<Registry> = Mutex::new(Registry { entries: Vec::new(), in_use: Vec::new(), next_id: 0 });

fn registry() -> MutexGuard<'static, Registry> {
    // The registry's invariants hold between statements, so a panic elsewhere while it
    // was locked leaves nothing half-done.
    REGISTRY.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Registry {
    fn add(&mut self, fourcc: FourCC, proc: ProcRef, owner: Option<ThreadId>, temporary: bool) -> u64 {
        self.next_id += 1;
        let id = self.next_id;
        self.entries.push(Entry { id, fourcc, proc, owner, temporary });
        id
    }

    /// The newest entry this thread can see under `fourcc` that `accept`s, its own
    /// installations before global ones.
    fn users(&mut self, key: usize) -> &mut usize {
        let index = match self.in_use.iter().position(|&(k, _)| k == key) {
            Some(i) => i,
            None => {
                self.in_use.push((key, 0));
                self.in_use.len() - 1
            }
        };
        &mut self.in_use[index].1
    }

    fn lookup(&self, fourcc: FourCC, accept: impl Fn(&Entry) -> bool) -> Option<usize> {
        let me = thread::current().id();
        let newest_first = || self.entries.iter().enumerate().rev();
        let wanted = |e: &Entry| e.fourcc == fourcc && e.visible_to(me) && accept(e);
        newest_first()
            .find(|(_, e)| e.owner.is_some() && wanted(e))
            .or_else(|| newest_first().find(|(_, e)| wanted(e)))
            .map(|(i, _)| i)
    }
}

/// Installs `proc` under `fourcc` (`MMIO_INSTALLPROC`, with `MMIO_GLOBALPROC` for
/// [`Scope::Global`]) and returns it.
pub fn install(fourcc: FourCC, proc: ProcRef, scope: Scope) -> ProcRef {
    let owner = match scope {
        Scope::Thread => Some(thread::current().id()),
        Scope::Global => None,
    };
    registry().add(fourcc, proc.clone(), owner, false);
    proc
}

/// Removes the newest installation under `fourcc` (of `proc` only, when given) that
/// this thread can see (`MMIO_REMOVEPROC`), and returns the removed procedure.
///
/// Fails with `MMIOERR_FILENOTFOUND` when there is none (the built-in procedures are
/// never removable), and with `MMIOERR_SHARINGVIOLATION` while an open file uses it.
pub fn remove(fourcc: FourCC, proc: Option<&ProcRef>) -> Result<ProcRef> {
    remove_where(fourcc, |installed| proc.is_none_or(|p| p.same(installed)))
}

/// [`remove`], for the newest installation under `fourcc` whose procedure `accept`s.
pub(crate) fn remove_where(fourcc: FourCC, accept: impl Fn(&ProcRef) -> bool) -> Result<ProcRef> {
    let mut reg = registry();
    let index = reg
        .lookup(fourcc, |e| !e.temporary && accept(&e.proc))
        .ok_or_else(|| not_installed().during(Operation::InstallProc))?;
    let key = reg.entries[index].proc.key();
    if reg.in_use.iter().any(|&(k, _)| k == key) {
        let err = Error::with_detail(ErrorCode::SharingViolation, "the procedure is in use by an open file");
        return Err(err.during(Operation::InstallProc));
    }
    Ok(reg.entries.remove(index).proc)
}

fn not_installed() -> Error {
    Error::with_detail(ErrorCode::FileNotFound, "no I/O procedure is installed under that code")
}

/// The procedure `mmioOpen` would use for `fourcc` (`MMIO_FINDPROC`): the newest
/// installation this thread can see, else the built-in `DOS ` or `MEM ` procedure.
pub fn find(fourcc: FourCC) -> Option<ProcRef> {
    find_installed(fourcc).or_else(|| builtin(fourcc))
}

/// The built-in procedure with this code (`DOS ` or `MEM `), whatever is installed.
pub(crate) fn builtin(fourcc: FourCC) -> Option<ProcRef> {
    match fourcc {
        FourCC::DOS => Some(ProcRef::dos()),
        FourCC::MEM => Some(ProcRef::mem()),
        _ => None,
    }
}

/// The newest installation under `fourcc` this thread can see, ignoring built-ins.
pub(crate) fn find_installed(fourcc: FourCC) -> Option<ProcRef> {
    let reg = registry();
    reg.lookup(fourcc, |_| true).map(|i| reg.entries[i].proc.clone())
}

/// [`find`], failing with `MMIOERR_FILENOTFOUND`.
pub(crate) fn require(fourcc: FourCC) -> Result<ProcRef> {
    find(fourcc).ok_or_else(not_installed)
}

/// Marks a procedure as used by one open file until dropped; a procedure handed to that
/// open alone is also installed, temporarily, for as long.
pub(crate) struct ProcUse {
    /// Held so that its key stays unique while counted.
    proc: ProcRef,
    temporary: Option<u64>,
}

impl ProcUse {
    /// The procedure in use.
    pub(crate) fn proc(&self) -> &ProcRef {
        &self.proc
    }

    /// `proc` is in use by a file being opened.
    pub(crate) fn new(proc: &ProcRef) -> ProcUse {
        *registry().users(proc.key()) += 1;
        ProcUse { proc: proc.clone(), temporary: None }
    }

    /// `proc` was handed to one open: findable under `fourcc` while it is in use.
    pub(crate) fn temporary(fourcc: FourCC, proc: &ProcRef) -> ProcUse {
        let mut reg = registry();
        let id = reg.add(fourcc, proc.clone(), Some(thread::current().id()), true);
        *reg.users(proc.key()) += 1;
        ProcUse { proc: proc.clone(), temporary: Some(id) }
    }
}

impl Drop for ProcUse {
    fn drop(&mut self) {
        let mut reg = registry();
        let key = self.proc.key();
        *reg.users(key) -= 1;
        reg.in_use.retain(|&(_, count)| count > 0);
        if let Some(id) = self.temporary {
            reg.entries.retain(|e| e.id != id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ioproc::MemProc;

    fn code(name: &[u8; 4]) -> FourCC {
        FourCC::new(*name)
    }

    #[test]
    fn newest_wins_and_each_install_needs_a_removal() {
        let a = ProcRef::from_fn(|| MemProc);
        let b = ProcRef::from_fn(|| MemProc);
        let fcc = code(b"RGT1");
        assert!(find(fcc).is_none());
        install(fcc, a.clone(), Scope::Thread);
        install(fcc, b.clone(), Scope::Thread);
        install(fcc, b.clone(), Scope::Thread);
        assert!(find(fcc).unwrap().same(&b));
        assert!(remove(fcc, None).unwrap().same(&b));
        assert!(find(fcc).unwrap().same(&b));
        assert!(remove(fcc, None).unwrap().same(&b));
        assert!(find(fcc).unwrap().same(&a));
        assert!(remove(fcc, None).unwrap().same(&a));
        assert!(find(fcc).is_none());
        assert_eq!(remove(fcc, None).unwrap_err().code(), ErrorCode::FileNotFound);
    }

    #[test]
    fn removal_by_procedure_skips_others() {
        let a = ProcRef::from_fn(|| MemProc);
        let b = ProcRef::from_fn(|| MemProc);
        let fcc = code(b"RGT2");
        install(fcc, a.clone(), Scope::Thread);
        install(fcc, b.clone(), Scope::Thread);
        assert!(remove(fcc, Some(&a)).unwrap().same(&a));
        assert!(find(fcc).unwrap().same(&b));
        assert!(remove(fcc, Some(&a)).is_err());
        remove(fcc, Some(&b)).unwrap();
    }

    #[test]
    fn thread_installs_are_private_and_come_first() {
        let local = ProcRef::from_fn(|| MemProc);
        let global = ProcRef::from_fn(|| MemProc);
        let fcc = code(b"RGT3");
        install(fcc, local.clone(), Scope::Thread);
        install(fcc, global.clone(), Scope::Global);
        assert!(find(fcc).unwrap().same(&local));
        let seen = std::thread::spawn(move || find(fcc).map(|p| p.key())).join().unwrap();
        assert_eq!(seen, Some(global.key()));
        remove(fcc, Some(&local)).unwrap();
        remove(fcc, Some(&global)).unwrap();
    }

    #[test]
    fn procedures_in_use_cannot_be_removed() {
        let p = ProcRef::from_fn(|| MemProc);
        let fcc = code(b"RGT4");
        install(fcc, p.clone(), Scope::Thread);
        let user = ProcUse::new(&p);
        assert_eq!(remove(fcc, None).unwrap_err().code(), ErrorCode::SharingViolation);
        drop(user);
        remove(fcc, None).unwrap();
    }

    #[test]
    fn temporary_procedures_live_as_long_as_their_file() {
        let p = ProcRef::from_fn(|| MemProc);
        let fcc = code(b"RGT5");
        let user = ProcUse::temporary(fcc, &p);
        assert!(find(fcc).unwrap().same(&p));
        assert!(remove(fcc, None).is_err());
        drop(user);
        assert!(find(fcc).is_none());
    }

    #[test]
    fn builtins_are_found_shadowed_and_never_removed() {
        assert!(find(FourCC::DOS).unwrap().same(&ProcRef::dos()));
        assert!(find(FourCC::MEM).unwrap().same(&ProcRef::mem()));
        assert!(find_installed(FourCC::DOS).is_none());
        assert!(remove(FourCC::MEM, None).is_err());
        let shadow = ProcRef::from_fn(|| MemProc);
        install(FourCC::MEM, shadow.clone(), Scope::Thread);
        assert!(find(FourCC::MEM).unwrap().same(&shadow));
        remove(FourCC::MEM, None).unwrap();
        assert!(find(FourCC::MEM).unwrap().same(&ProcRef::mem()));
        assert!(remove(FourCC::MEM, None).is_err());
    }
}
