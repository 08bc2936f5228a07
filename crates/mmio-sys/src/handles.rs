//! The handle table: `HMMIO` values are slot numbers with a generation, never
//! pointers, so an unknown, forged or closed handle is recognised and refused. A slot's
//! generation moves on whenever a value it handed out dies (the file closed, or its
//! open failed), so no value is ever handed out twice: on 64-bit targets a slot's values
//! repeat only after 2^46 opens of it.
//!
//! Each slot has its own lock: calls on one handle are serialised, calls on different
//! handles run in parallel. Closing takes the slot's lock, so it waits for a call in
//! progress on another thread; afterwards the old value is stale for good (the
//! generation changed).
//!
//! The table is one static array of small slots (24 bytes: the lock, the slot's current
//! handle value, a pointer to the open file), all zero until used, so it lives in
//! zero-filled memory that the system maps in only as slots are used. The low bits of a
//! handle value are its slot's index (slot 0 is never used), so finding the slot is one
//! mask, with no bounds check, no lock and no second level to walk; checking the value
//! is one comparison with the slot's current value.
//!
//! The slot lock is one word holding the calling thread's token (0 when free): taking
//! it is one compare-and-swap, giving it back one plain store, and the same word tells a
//! re-entrant call (an I/O procedure calling back into its own file) from a call on
//! another thread. This is the per-call cost of every `mmio*` function, so it is kept
//! to that one atomic operation; a thread that finds the slot taken spins briefly, then
//! yields, then sleeps, as contention on one handle is rare.
//!
//! [`lock_fast`] is the path of the small calls (`mmioRead`, `mmioWrite` inside the
//! buffer): one attempt at the lock and no panic guard; anything it cannot finish at
//! once it leaves to [`with`].

use std::cell::UnsafeCell;
use std::ffi::c_void;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
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

const INDEX_BITS: u32 = 18; // 2^18 - 1 handles: slot 0 is never used
const SLOTS: usize = 1 << INDEX_BITS;
const INDEX_MASK: usize = SLOTS - 1;
/// Generations use the bits of a handle value above the index: 46 on 64-bit targets,
/// 14 on 32-bit ones.
const GENERATION_MASK: usize = usize::MAX >> INDEX_BITS;

struct Slot {
    /// The lock: the thread token of the thread inside a call on this slot, or 0.
    owner: AtomicU64,
    /// The handle value of the slot's file, or, while it has none, the value its next
    /// file gets; 0 until the slot is first used. Changes when the slot's file is closed
    /// or its open fails, so old handle values go stale.
    value: AtomicUsize,
    /// The open file; touched only by the thread that holds `owner`.
    entry: UnsafeCell<Option<Box<Handle>>>,
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
    #[inline(always)]
    fn entry(&mut self) -> &mut Option<Box<Handle>> {
        // SAFETY: this guard holds the slot's lock, so no other reference to the entry
        // exists, and the `&mut self` borrow keeps this one unique.
        unsafe { &mut *self.slot.entry.get() }
    }

    /// The open file, if the slot holds the one `handle` names.
    #[inline(always)]
    fn file_named(&mut self, handle: Hmmio) -> Option<&mut Handle> {
        if self.slot.value.load(Ordering::Relaxed) != handle as usize {
            return None;
        }
        self.entry().as_deref_mut()
    }
}

impl Drop for SlotGuard<'_> {
    #[inline(always)]
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
    fn retire(&self, index: usize) {
        let generation = self.value.load(Ordering::Relaxed) >> INDEX_BITS;
        self.value.store(encode(index, next_generation(generation)) as usize, Ordering::Release);
    }

    /// Takes the slot's lock for the thread `me` if it is free, at the first try.
    #[inline(always)]
    fn try_lock(&self, me: u64) -> Option<SlotGuard<'_>> {
        let taken = self.owner.compare_exchange(0, me, Ordering::Acquire, Ordering::Relaxed);
        taken.ok().map(|_| SlotGuard { slot: self })
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

/// Every slot, zero until used. Slot 0 is never used: its value stays 0, which names
/// no file (its entry is empty), so the null handle is refused as any other.
static TABLE: [Slot; SLOTS] =
    [const { Slot { owner: AtomicU64::new(0), value: AtomicUsize::new(0), entry: UnsafeCell::new(None) } }; SLOTS];

struct FreeList {
    free: Vec<u32>,
    next_unused: u32,
}

static FREE: Mutex<FreeList> = Mutex::new(FreeList { free: Vec::new(), next_unused: 1 });

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic is caught at the C boundary after the guard is dropped; the data under
    // these locks stays consistent between statements, so poisoning is ignored.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

fn encode(index: usize, generation: usize) -> Hmmio {
    let value = index | (generation << INDEX_BITS);
    value as *mut c_void
}

/// The slot a handle value names, and its index (the value itself is checked under the
/// slot's lock).
#[inline(always)]
fn decode(handle: Hmmio) -> (usize, &'static Slot) {
    let index = handle as usize & INDEX_MASK;
    (index, &TABLE[index])
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
}

impl Reservation {
    /// Sets a slot aside; `None` when the table is full.
    pub fn new() -> Option<Reservation> {
        let mut free = lock(&FREE);
        let index = match free.free.pop() {
            Some(index) => index as usize,
            None if (free.next_unused as usize) < SLOTS => {
                free.next_unused += 1;
                free.next_unused as usize - 1
            }
            None => return None,
        };
        let slot = &TABLE[index];
        if slot.value.load(Ordering::Acquire) == 0 {
            slot.value.store(encode(index, 1) as usize, Ordering::Release);
        }
        Some(Reservation { index })
    }

    /// The handle value the file will have.
    pub fn handle(&self) -> Hmmio {
        TABLE[self.index].value.load(Ordering::Acquire) as Hmmio
    }

    /// Puts the open file in the slot and returns its handle.
    pub fn fill(self, handle: Handle) -> Hmmio {
        let slot = &TABLE[self.index];
        let mut guard = slot.lock(thread_token()).expect("a reserved slot is not in use");
        *guard.entry() = Some(Box::new(handle));
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
        TABLE[self.index].retire(self.index);
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
    let (_, slot) = decode(handle);
    let mut guard = slot.lock(thread_token()).ok_or(ErrorCode::InvalidHandle)?;
    let file = guard.file_named(handle).ok_or(ErrorCode::InvalidHandle)?;
    Ok(f(file))
}

/// The lock of an open file's slot, taken by [`lock_fast`]; dropping it gives the lock
/// back.
pub struct FastLock {
    guard: SlotGuard<'static>,
}

impl FastLock {
    /// The open file (always `Some`: [`lock_fast`] checked that the slot holds it).
    #[inline(always)]
    pub fn file(&mut self) -> Option<&mut Handle> {
        self.guard.entry().as_deref_mut()
    }
}

/// The fast path of the small calls: the lock of the file `handle` names, if the lock
/// is free at the first try.
///
/// `None` when the value names no open file, or when the lock is taken (by another
/// thread, or by this one: a re-entrant call); the caller then takes the general path,
/// [`with`], which tells these cases apart, waits for the lock and reports errors.
/// What the caller does with the lock must not panic (this path has no panic guard, so
/// a panic would abort the program at the C boundary): it gives the lock back and
/// takes the general path instead.
#[inline(always)]
pub fn lock_fast(handle: Hmmio) -> Option<FastLock> {
    let (_, slot) = decode(handle);
    let mut guard = slot.try_lock(thread_token())?;
    guard.file_named(handle)?;
    Some(FastLock { guard })
}

/// Takes the file out of the table (for `mmioClose`); the handle is stale from now on.
pub fn remove(handle: Hmmio) -> Result<Handle, ErrorCode> {
    let (index, slot) = decode(handle);
    let taken = {
        let mut guard = slot.lock(thread_token()).ok_or(ErrorCode::InvalidHandle)?;
        guard.file_named(handle).ok_or(ErrorCode::InvalidHandle)?;
        let taken = guard.entry().take().ok_or(ErrorCode::InvalidHandle)?;
        slot.retire(index);
        taken
    };
    lock(&FREE).free.push(index as u32);
    Ok(*taken)
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
            let value = encode(7, (1 << 40) + 3) as usize;
            assert_eq!(decode(value as Hmmio).0, 7);
            assert_eq!(value >> INDEX_BITS, (1 << 40) + 3);
        }
    }

    #[test]
    fn the_fast_lock_is_taken_once_and_given_back_on_drop_and_unwind() {
        let h = open_memory_handle();
        let mut lock = lock_fast(h).expect("a free lock");
        assert!(lock.file().is_some());
        assert!(lock_fast(h).is_none(), "held by this thread: no second fast lock");
        assert!(matches!(with(h, |_| ()), Err(ErrorCode::InvalidHandle)), "a re-entrant call is refused");
        drop(lock);
        let lock = lock_fast(h).expect("given back on drop");
        let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
            let _held = lock;
            panic!("bug");
        }));
        assert!(panicked.is_err());
        assert!(lock_fast(h).is_some(), "given back as the panic unwound");
        remove(h).unwrap();
        assert!(lock_fast(h).is_none(), "a closed handle");
        assert!(lock_fast(std::ptr::null_mut()).is_none(), "the null handle");
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
