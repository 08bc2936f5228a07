//! The handle table: `HMMIO` values are slot numbers with a generation, never
//! pointers, so an unknown, forged or closed handle is recognised and refused. A slot's
//! generation moves on whenever a value it handed out dies (the file closed, or its
//! open failed), so no value is ever handed out twice: on 64-bit targets a slot's values
//! repeat only after 2^46 opens of it.
//!
//! Each slot has its own lock: calls on one handle are serialised, calls on different
//! handles run in parallel. Closing takes the slot's lock, so it waits for a call in
//! progress on another thread; afterwards the old value is stale for good (the
//! generation changed). Slots live in chunks that are allocated once and never move,
//! so finding a slot takes no global lock.
//!
//! The slot lock is one word holding the calling thread's token (0 when free): taking
//! it is one compare-and-swap, giving it back one plain store, and the same word tells a
//! re-entrant call (an I/O procedure calling back into its own file) from a call on
//! another thread. This is the per-call cost of every `mmio*` function, so it is kept
//! to that one atomic operation; a thread that finds the slot taken spins briefly, then
//! yields, then sleeps, as contention on one handle is rare.

use std::cell::UnsafeCell;
use std::ffi::c_void;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock, PoisonError};
use std::time::Duration;

use engine::{ErrorCode, Mmio};

use crate::types::{Hmmio, MmioProc};

/// What the table holds for one open file.
pub struct Handle {
    /// The file; C sees its buffer through `pchBuffer`.
    pub file: Mmio,
    /// The procedure's address as `mmioGetInfo` reports it in `pIOProc`.
    pub proc_address: Option<MmioProc>,
}

const CHUNK_SLOTS: usize = 256;
const CHUNKS: usize = 1024;
const INDEX_BITS: u32 = 18; // CHUNK_SLOTS * CHUNKS = 2^18 handles
const INDEX_MASK: usize = (1 << INDEX_BITS) - 1;
/// Generations use the bits of a handle value above the index: 46 on 64-bit targets,
/// 14 on 32-bit ones.
const GENERATION_MASK: usize = usize::MAX >> INDEX_BITS;

struct Slot {
    /// Changes when the slot's file is closed or its open fails, so old handle values
    /// go stale.
    generation: AtomicUsize,
    /// The lock: the thread token of the thread inside a call on this slot, or 0.
    owner: AtomicU64,
    /// The open file; touched only by the thread that holds `owner`.
    entry: UnsafeCell<Option<Handle>>,
}

// SAFETY: `entry`, the only field that is not `Sync` by itself, is only reached through
// a `SlotGuard`, which exists only while its thread holds the slot's lock (`owner`, taken
// with Acquire and given back with Release), so one thread at a time uses it and sees
// what the previous holder wrote; what it holds (`Handle`) is `Send`.
unsafe impl Sync for Slot {}

/// The slot's lock, held; dropping it (also while unwinding) gives the lock back.
struct SlotGuard<'a> {
    slot: &'a Slot,
}

impl SlotGuard<'_> {
    fn entry(&mut self) -> &mut Option<Handle> {
        // SAFETY: this guard holds the slot's lock, so no other reference to the entry
        // exists, and the `&mut self` borrow keeps this one unique.
        unsafe { &mut *self.slot.entry.get() }
    }
}

impl Drop for SlotGuard<'_> {
    fn drop(&mut self) {
        self.slot.owner.store(0, Ordering::Release);
    }
}

/// The generation after `generation`: never 0, so that no handle value is a small
/// number (`TRUE`, an error code).
fn next_generation(generation: usize) -> usize {
    (generation.wrapping_add(1) & GENERATION_MASK).max(1)
}

impl Slot {
    /// Makes every handle value the slot has handed out stale. The caller has the slot
    /// to itself (its lock held, or a reservation of it).
    fn retire(&self) {
        let generation = self.generation.load(Ordering::Relaxed);
        self.generation.store(next_generation(generation), Ordering::Release);
    }

    /// Takes the slot's lock for the thread `me`; `None` when `me` holds it already (a
    /// re-entrant call).
    fn lock(&self, me: u64) -> Option<SlotGuard<'_>> {
        let mut waits = 0u32;
        loop {
            match self.owner.compare_exchange_weak(0, me, Ordering::Acquire, Ordering::Relaxed) {
                Ok(_) => return Some(SlotGuard { slot: self }),
                Err(holder) if holder == me => return None,
                Err(0) => {} // spurious failure: try again
                Err(_) => {
                    waits += 1;
                    match waits {
                        0..64 => std::hint::spin_loop(),
                        64..256 => std::thread::yield_now(),
                        _ => std::thread::sleep(Duration::from_micros(50)),
                    }
                }
            }
        }
    }
}

static TABLE: [OnceLock<Box<[Slot; CHUNK_SLOTS]>>; CHUNKS] = [const { OnceLock::new() }; CHUNKS];

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
        // Built on the heap (a chunk is too big for the stack), then typed as a whole
        // chunk, so indexing one needs no bounds check.
        let slots: Box<[Slot]> = (0..CHUNK_SLOTS)
            .map(|_| Slot { generation: AtomicUsize::new(1), owner: AtomicU64::new(0), entry: UnsafeCell::new(None) })
            .collect();
        slots.try_into().unwrap_or_else(|_| unreachable!("CHUNK_SLOTS slots were collected"))
    });
    &chunk[index % CHUNK_SLOTS]
}

fn encode(index: usize, generation: usize) -> Hmmio {
    let value = (index + 1) | (generation << INDEX_BITS);
    value as *mut c_void
}

/// The slot index and generation a handle value names, and the slot, if it could name
/// one.
fn decode(handle: Hmmio) -> Option<(usize, &'static Slot, usize)> {
    let value = handle as usize;
    let index = (value & INDEX_MASK).checked_sub(1)?;
    let generation = value >> INDEX_BITS;
    let chunk = TABLE.get(index / CHUNK_SLOTS)?.get()?;
    Some((index, &chunk[index % CHUNK_SLOTS], generation))
}

/// A token for the calling thread, never 0: its thread pointer, which on x86_64 Linux
/// is the address of its thread control block, unique among live threads (read in one
/// instruction, where a `thread_local!` costs a `__tls_get_addr` call in a shared
/// library, on every `mmio*` call).
#[cfg(all(target_arch = "x86_64", target_os = "linux"))]
fn thread_token() -> u64 {
    let tp: u64;
    // SAFETY: the x86_64 TLS ABI makes the first word at %fs:0 the thread control
    // block's pointer to itself: always mapped and readable, non-zero, and the same for
    // the life of the thread. The read has no side effects.
    unsafe {
        std::arch::asm!("mov {}, qword ptr fs:[0]", out(reg) tp, options(nostack, readonly, preserves_flags, pure));
    }
    tp
}

/// A token for the calling thread, never 0.
#[cfg(not(all(target_arch = "x86_64", target_os = "linux")))]
fn thread_token() -> u64 {
    use std::cell::Cell;
    static NEXT: AtomicU64 = AtomicU64::new(1);
    thread_local!(static TOKEN: Cell<u64> = const { Cell::new(0) });
    TOKEN.with(|t| match t.get() {
        0 => {
            let token = NEXT.fetch_add(1, Ordering::Relaxed);
            t.set(token);
            token
        }
        token => token,
    })
}

/// A slot set aside for a file being opened: its handle value is known before the
/// open message is sent.
pub struct Reservation {
    index: usize,
    generation: usize,
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
        let slot = slot(self.index);
        let mut guard = slot.lock(thread_token()).expect("a reserved slot is not in use");
        *guard.entry() = Some(handle);
        drop(guard);
        let value = self.handle();
        std::mem::forget(self);
        value
    }
}

impl Drop for Reservation {
    /// An unused reservation (the open failed) gives its slot back; the handle value an
    /// I/O procedure saw during the open is stale from now on.
    fn drop(&mut self) {
        slot(self.index).retire();
        lock(&FREE).free.push(self.index as u32);
    }
}

/// Runs `f` on the file `handle` names, with the handle's lock held.
///
/// Fails with `MMSYSERR_INVALHANDLE` for a value that names no open file, and for a
/// call made on a handle from inside a call on the same handle (an I/O procedure
/// calling back into its own file).
#[inline(always)]
pub fn with<R>(handle: Hmmio, f: impl FnOnce(&mut Handle) -> R) -> Result<R, ErrorCode> {
    let (_, slot, generation) = decode(handle).ok_or(ErrorCode::InvalidHandle)?;
    let mut guard = slot.lock(thread_token()).ok_or(ErrorCode::InvalidHandle)?;
    if slot.generation.load(Ordering::Relaxed) != generation {
        return Err(ErrorCode::InvalidHandle);
    }
    let file = guard.entry().as_mut().ok_or(ErrorCode::InvalidHandle)?;
    Ok(f(file))
}

/// Takes the file out of the table (for `mmioClose`); the handle is stale from now on.
pub fn remove(handle: Hmmio) -> Result<Handle, ErrorCode> {
    let (index, slot, generation) = decode(handle).ok_or(ErrorCode::InvalidHandle)?;
    let taken = {
        let mut guard = slot.lock(thread_token()).ok_or(ErrorCode::InvalidHandle)?;
        if slot.generation.load(Ordering::Relaxed) != generation {
            return Err(ErrorCode::InvalidHandle);
        }
        let taken = guard.entry().take().ok_or(ErrorCode::InvalidHandle)?;
        slot.retire();
        taken
    };
    lock(&FREE).free.push(index as u32);
    Ok(taken)
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::{FourCC, OpenOptions};

    fn open_memory_handle() -> Hmmio {
        let mut options = OpenOptions::new();
        options.read_write().grow_by(4096).io_proc_code(FourCC::MEM);
        let file = options.open_with(None, None).unwrap();
        Reservation::new().unwrap().fill(Handle { file, proc_address: None })
    }

    #[test]
    fn calls_on_one_handle_are_serialised() {
        let h = open_memory_handle() as usize;
        let threads: Vec<_> = (0..4)
            .map(|_| {
                std::thread::spawn(move || {
                    for _ in 0..5000 {
                        with(h as Hmmio, |handle| handle.file.write_bytes(&[7; 4]).unwrap()).unwrap();
                    }
                })
            })
            .collect();
        threads.into_iter().for_each(|t| t.join().unwrap());
        let written = with(h as Hmmio, |handle| handle.file.position()).unwrap();
        assert_eq!(written, 4 * 5000 * 4);
        remove(h as Hmmio).unwrap();
        assert!(matches!(with(h as Hmmio, |_| ()), Err(ErrorCode::InvalidHandle)));
    }

    #[test]
    fn a_call_from_inside_a_call_on_the_same_handle_is_refused() {
        let h = open_memory_handle();
        let inner = with(h, |_| with(h, |_| ()).map(|_| ()));
        assert!(matches!(inner, Ok(Err(ErrorCode::InvalidHandle))));
        assert!(matches!(with(h, |_| remove(h).map(|_| ())), Ok(Err(ErrorCode::InvalidHandle))));
        // The slot's lock was given back: the handle still works, and closes.
        assert!(with(h, |_| ()).is_ok());
        remove(h).unwrap();
    }

    #[test]
    fn a_failed_open_retires_the_value_its_procedure_saw() {
        let mut seen = std::collections::HashSet::new();
        for _ in 0..1000 {
            let reservation = Reservation::new().unwrap();
            let value = reservation.handle();
            drop(reservation);
            assert!(matches!(with(value, |_| ()), Err(ErrorCode::InvalidHandle)));
            assert!(seen.insert(value as usize), "handle value {value:?} handed out twice");
        }
        let opened = open_memory_handle();
        assert!(!seen.contains(&(opened as usize)));
        remove(opened).unwrap();
    }

    #[test]
    fn generations_use_every_bit_above_the_index() {
        assert_eq!(next_generation(GENERATION_MASK), 1);
        assert_eq!(next_generation(0), 1);
        if usize::BITS == 64 {
            assert_eq!(next_generation(u32::MAX as usize), 1 << 32);
            slot(7); // its chunk exists
            let (index, _, generation) = decode(encode(7, (1 << 40) + 3)).unwrap();
            assert_eq!((index, generation), (7, (1 << 40) + 3));
        }
    }

    #[test]
    fn a_panic_inside_a_call_gives_the_lock_back() {
        let h = open_memory_handle() as usize;
        let panicked = std::panic::catch_unwind(|| with(h as Hmmio, |_| panic!("bug")));
        assert!(panicked.is_err());
        assert!(with(h as Hmmio, |_| ()).is_ok());
        remove(h as Hmmio).unwrap();
    }
}
