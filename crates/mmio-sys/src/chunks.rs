//! `mmioDescend`, `mmioAscend`, `mmioCreateChunk`: `MMCKINFO` to the engine's 64-bit
//! `ChunkInfo` and back (sizes and offsets past 4 GiB show as 0xFFFFFFFF).

use engine::flags::{MMIO_CREATELIST, MMIO_CREATERIFF, MMIO_FINDCHUNK, MMIO_FINDLIST, MMIO_FINDRIFF};
use engine::{ChunkFlags, ChunkInfo, Create, ErrorCode, Find, FourCC};

use crate::handles;
use crate::types::{Hmmio, MMCKINFO};
use crate::{guard, handle_result};

fn from_c(ck: &MMCKINFO) -> ChunkInfo {
    ChunkInfo {
        id: FourCC::from_u32(ck.ckid),
        size: u64::from(ck.cksize),
        form: FourCC::from_u32(ck.fccType),
        data_offset: u64::from(ck.dwDataOffset),
        flags: ChunkFlags::from_bits_retain(ck.dwFlags),
    }
}

fn to_c(ck: &ChunkInfo) -> MMCKINFO {
    MMCKINFO {
        ckid: ck.id.to_u32(),
        cksize: u32::try_from(ck.size).unwrap_or(u32::MAX),
        fccType: ck.form.to_u32(),
        dwDataOffset: u32::try_from(ck.data_offset).unwrap_or(u32::MAX),
        dwFlags: ck.flags.bits(),
    }
}

/// Runs `op` on the caller's `MMCKINFO` (read before, written back after, success or
/// not) and the optional parent.
///
/// # Safety
/// `ck` and `parent` are null or point to `MMCKINFO`s.
unsafe fn with_chunk(
    hmmio: Hmmio,
    ck: *mut MMCKINFO,
    parent: *const MMCKINFO,
    op: impl FnOnce(&mut engine::Mmio, &mut ChunkInfo, Option<&ChunkInfo>) -> engine::Result<()>,
) -> u32 {
    handle_result(handles::with(hmmio, |handle| {
        if ck.is_null() {
            return Err(ErrorCode::InvalidParam.into());
        }
        // SAFETY: `ck` is not null (checked above) and points to an MMCKINFO (this
        // function's contract); packed, so read unaligned, as a copy.
        let mut chunk = from_c(&unsafe { ck.read_unaligned() });
        let parent = (!parent.is_null()).then(|| {
            // SAFETY: not null (checked just before), so an MMCKINFO by the same
            // contract; read unaligned, as a copy.
            from_c(&unsafe { parent.read_unaligned() })
        });
        let result = op(&mut handle.file, &mut chunk, parent.as_ref());
        // SAFETY: the same non-null `ck` as read above, written back whole and
        // unaligned; the engine holds no reference to it (it worked on a copy).
        unsafe { ck.write_unaligned(to_c(&chunk)) };
        result
    }))
}

/// `mmioDescend`: finds a chunk (flags 0, `MMIO_FINDCHUNK`, `MMIO_FINDRIFF`,
/// `MMIO_FINDLIST`) inside `parent` (or to the end of the file) and moves into it.
///
/// # Safety
/// `ck` and `parent` are null or point to `MMCKINFO`s.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mmioDescend(hmmio: Hmmio, ck: *mut MMCKINFO, parent: *const MMCKINFO, flags: u32) -> u32 {
    let find = match flags {
        0 => Some(Find::Here),
        MMIO_FINDCHUNK => Some(Find::Chunk),
        MMIO_FINDRIFF => Some(Find::Riff),
        MMIO_FINDLIST => Some(Find::List),
        _ => None,
    };
    // SAFETY: `with_chunk` needs `ck` and `parent` to be null or point to MMCKINFOs,
    // which is this function's own contract.
    guard(ErrorCode::InvalidHandle.code(), || unsafe {
        with_chunk(hmmio, ck, parent, |file, ck, parent| file.descend(ck, parent, find.ok_or(ErrorCode::InvalidFlag)?))
    })
}

/// `mmioAscend`: leaves a chunk, fixing its size and pad byte if it was created.
///
/// # Safety
/// `ck` is null or points to an `MMCKINFO`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mmioAscend(hmmio: Hmmio, ck: *mut MMCKINFO, _flags: u32) -> u32 {
    // SAFETY: `with_chunk` needs `ck` to be null or point to an MMCKINFO (this
    // function's contract) and accepts a null parent.
    guard(ErrorCode::InvalidHandle.code(), || unsafe {
        with_chunk(hmmio, ck, std::ptr::null(), |file, ck, _| file.ascend(ck))
    })
}

/// `mmioCreateChunk`: writes a chunk header (flags 0, `MMIO_CREATERIFF`,
/// `MMIO_CREATELIST`) and moves to its data.
///
/// # Safety
/// `ck` is null or points to an `MMCKINFO`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mmioCreateChunk(hmmio: Hmmio, ck: *mut MMCKINFO, flags: u32) -> u32 {
    let kind = match flags {
        0 => Some(Create::Chunk),
        MMIO_CREATERIFF => Some(Create::Riff),
        MMIO_CREATELIST => Some(Create::List),
        _ => None,
    };
    // SAFETY: `with_chunk` needs `ck` to be null or point to an MMCKINFO (this
    // function's contract) and accepts a null parent.
    guard(ErrorCode::InvalidHandle.code(), || unsafe {
        with_chunk(hmmio, ck, std::ptr::null(), |file, ck, _| {
            file.create_chunk(ck, kind.ok_or(ErrorCode::InvalidFlag)?)
        })
    })
}
