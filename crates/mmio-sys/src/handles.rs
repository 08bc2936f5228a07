//! The handle table: `HMMIO` values are slot numbers with a generation, never
//! pointers, so an unknown, forged or closed handle is recognised and refused.
//!
//! Each slot has its own lock: calls on one handle are serialised, calls on different
//! handles run in parallel. Closing takes the slot's lock, so it waits for a call in
//! progress on another thread; afterwards the old value is stale for good (the
//! generation changed). Slots live in chunks that are allocated once and never move,
//! so finding a slot takes no global lock.

use std::ffi::c_void;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock, PoisonError};

use engine::{ErrorCode, Mmio};

use crate::memory::CMemory;
use crate::types::{Hmmio, MmioProc};

/// What the table holds for one open file.
pub struct Handle {
    /// The file, with buffer memory C can see.
    pub file: Mmio<CMemory>,
    /// The procedure's address as `mmioGetInfo` reports it in `pIOProc`.
    pub proc_address: Option<MmioProc>,
}

const CHUNK_SLOTS: usize = 256;
const CHUNKS: usize = 1024;
const INDEX_BITS: u32 = 18; // CHUNK_SLOTS * CHUNKS = 2^18 handles
const INDEX_MASK: usize = (1 << INDEX_BITS) - 1;
/// Generations use the bits of a handle value above the index.
const GENERATION_MASK: u32 = if usize::BITS >= 64 { u32::MAX } else { (1 << (usize::BITS - INDEX_BITS)) - 1 };

struct Slot {
    /// Changes when the slot's file is closed, so old handle values go stale.
    generation: AtomicU32,
    /// The thread token of the thread inside a call on this slot, or 0.
    busy_with: AtomicU64,
    entry: Mutex<Option<Handle>>,
}

static TABLE: [OnceLock<Box<[Slot]>>; CHUNKS] = [const { OnceLock::new() }; CHUNKS];

struct FreeList {
    free: Vec<u32>,
    next_unused: u32,
}

static FREE: Mutex<FreeList> = Mutex::new(FreeList { free: Vec::new(), next_unused: 0 });

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic is caught at the C boundary after the guard is dropped; the data under
    // these locks stays consistent between statements, so poisoning is ignored.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

fn slot(index: usize) -> &'static Slot {
    let chunk = TABLE[index / CHUNK_SLOTS].get_or_init(|| {
        (0..CHUNK_SLOTS)
            .map(|_| Slot { generation: AtomicU32::new(1), busy_with: AtomicU64::new(0), entry: Mutex::new(None) })
            .collect()
    });
    &chunk[index % CHUNK_SLOTS]
}

fn encode(index: usize, generation: u32) -> Hmmio {
    let value = (index + 1) | ((generation as usize) << INDEX_BITS);
    value as *mut c_void
}

/// The slot and generation a handle value names, if it could name one.
fn decode(handle: Hmmio) -> Option<(&'static Slot, u32)> {
    let value = handle as usize;
    let index = (value & INDEX_MASK).checked_sub(1)?;
    let generation = u32::try_from(value >> INDEX_BITS).ok()?;
    if index >= CHUNK_SLOTS * CHUNKS || TABLE[index / CHUNK_SLOTS].get().is_none() {
        return None;
    }
    Some((slot(index), generation))
}

/// A token for the calling thread, never 0.
fn thread_token() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    thread_local!(static TOKEN: u64 = NEXT.fetch_add(1, Ordering::Relaxed));
    TOKEN.with(|t| *t)
}

/// A slot set aside for a file being opened: its handle value is known before the
/// open message is sent.
pub struct Reservation {
    index: usize,
    generation: u32,
}

impl Reservation {
    /// Sets a slot aside; `None` when the table is full.
    pub fn new() -> Option<Reservation> {
        let mut free = lock(&FREE);
        let index = match free.free.pop() {
            Some(index) => index as usize,
            None if (free.next_unused as usize) < CHUNK_SLOTS * CHUNKS => {
                free.next_unused += 1;
                free.next_unused as usize - 1
            }
            None => return None,
        };
        let generation = slot(index).generation.load(Ordering::Acquire);
        Some(Reservation { index, generation })
    }

    /// The handle value the file will have.
    pub fn handle(&self) -> Hmmio {
        encode(self.index, self.generation)
    }

    /// Puts the open file in the slot and returns its handle.
    pub fn fill(self, handle: Handle) -> Hmmio {
        *lock(&slot(self.index).entry) = Some(handle);
        let value = self.handle();
        std::mem::forget(self);
        value
    }
}

impl Drop for Reservation {
    /// An unused reservation gives its slot back.
    fn drop(&mut self) {
        lock(&FREE).free.push(self.index as u32);
    }
}

/// Runs `f` on the file `handle` names, with the handle's lock held.
///
/// Fails with `MMSYSERR_INVALHANDLE` for a value that names no open file, and for a
/// call made on a handle from inside a call on the same handle (an I/O procedure
/// calling back into its own file).
pub fn with<R>(handle: Hmmio, f: impl FnOnce(&mut Handle) -> R) -> Result<R, ErrorCode> {
    let (slot, generation) = decode(handle).ok_or(ErrorCode::InvalidHandle)?;
    let me = thread_token();
    if slot.busy_with.load(Ordering::Relaxed) == me {
        return Err(ErrorCode::InvalidHandle);
    }
    let mut entry = lock(&slot.entry);
    if slot.generation.load(Ordering::Relaxed) != generation {
        return Err(ErrorCode::InvalidHandle);
    }
    let file = entry.as_mut().ok_or(ErrorCode::InvalidHandle)?;
    slot.busy_with.store(me, Ordering::Relaxed);
    let result = f(file);
    slot.busy_with.store(0, Ordering::Relaxed);
    Ok(result)
}

/// Takes the file out of the table (for `mmioClose`); the handle is stale from now on.
pub fn remove(handle: Hmmio) -> Result<Handle, ErrorCode> {
    let (slot, generation) = decode(handle).ok_or(ErrorCode::InvalidHandle)?;
    if slot.busy_with.load(Ordering::Relaxed) == thread_token() {
        return Err(ErrorCode::InvalidHandle);
    }
    let taken = {
        let mut entry = lock(&slot.entry);
        if slot.generation.load(Ordering::Relaxed) != generation || entry.is_none() {
            return Err(ErrorCode::InvalidHandle);
        }
        let next = generation.wrapping_add(1) & GENERATION_MASK;
        slot.generation.store(next.max(1), Ordering::Release);
        entry.take()
    };
    let index = (handle as usize & INDEX_MASK) - 1;
    lock(&FREE).free.push(index as u32);
    taken.ok_or(ErrorCode::InvalidHandle)
}
