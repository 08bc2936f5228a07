//! `mmioInstallIOProcA`/`W`, `mmioSendMessage`, `mmioStringToFOURCCA`/`W`.

use std::ffi::{CStr, c_char};

use engine::c_abi;
use engine::flags::*;
use engine::registry::{self, Scope};
use engine::{ErrorCode, FourCC};

use crate::cp1252::ansi_bytes;
use crate::handles;
use crate::text::wide_units;
use crate::types::{Hmmio, MmioProc};
use crate::{cproc, guard};

/// # Safety
/// `func` is `None` or an I/O procedure that stays callable while it is installed: it
/// is stored, and the engine calls it for every file opened with it.
unsafe fn install(fourcc: u32, func: Option<MmioProc>, flags: u32, unicode: bool) -> Option<MmioProc> {
    let fourcc = FourCC::from_u32(fourcc);
    let action = flags & (MMIO_INSTALLPROC | MMIO_REMOVEPROC | MMIO_FINDPROC);
    match action {
        MMIO_INSTALLPROC => {
            let func = func?;
            let scope = if flags & MMIO_GLOBALPROC != 0 { Scope::Global } else { Scope::Thread };
            let unicode = unicode || flags & MMIO_UNICODEPROC != 0;
            registry::install(fourcc, cproc::proc_ref(func, unicode), scope);
            Some(func)
        }
        MMIO_REMOVEPROC => {
            let removed = c_abi::remove_proc_where(fourcc, |installed| {
                func.is_none_or(|f| cproc::address(installed).is_some_and(|a| std::ptr::fn_addr_eq(a, f)))
            });
            removed.ok().and_then(|p| cproc::address(&p))
        }
        MMIO_FINDPROC => registry::find(fourcc).and_then(|p| cproc::address(&p)),
        _ => None,
    }
}

/// `mmioInstallIOProcA`: installs (`MMIO_INSTALLPROC`, with `MMIO_GLOBALPROC` for every
/// thread), removes (`MMIO_REMOVEPROC`) or finds (`MMIO_FINDPROC`) an I/O procedure.
/// Exactly one action must be asked for. Returns the procedure, or NULL.
///
/// # Safety
/// `proc` is null or an I/O procedure that stays callable while installed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mmioInstallIOProcA(fourcc: u32, proc: Option<MmioProc>, flags: u32) -> Option<MmioProc> {
    // SAFETY: `install` needs `proc` to stay callable while installed: this function's
    // contract.
    guard(None, || unsafe { install(fourcc, proc, flags, false) })
}

/// `mmioInstallIOProcW`: [`mmioInstallIOProcA`] for procedures that take UTF-16 names.
///
/// # Safety
/// As for [`mmioInstallIOProcA`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mmioInstallIOProcW(fourcc: u32, proc: Option<MmioProc>, flags: u32) -> Option<MmioProc> {
    // SAFETY: as in `mmioInstallIOProcA`: this function's contract.
    guard(None, || unsafe { install(fourcc, proc, flags, true) })
}

/// `mmioSendMessage`: a message at or above `MMIOM_USER` to the file's procedure;
/// lower messages are `MMSYSERR_INVALPARAM`.
///
/// # Safety
/// The parameters are passed to the procedure as they are.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mmioSendMessage(hmmio: Hmmio, msg: u32, param1: isize, param2: isize) -> isize {
    guard(ErrorCode::InvalidHandle.code() as isize, || {
        match handles::with(hmmio, |handle| handle.file.send_message(msg, param1, param2)) {
            Ok(Ok(result)) => result,
            Ok(Err(e)) => e.code().code() as isize,
            Err(code) => code.code() as isize,
        }
    })
}

/// `mmioStringToFOURCCA`: the first four characters, space-padded, upper-cased with
/// `MMIO_TOUPPER`. A null string gives 0.
///
/// # Safety
/// `text` is null or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mmioStringToFOURCCA(text: *const c_char, flags: u32) -> u32 {
    guard(0, || {
        if text.is_null() {
            return 0;
        }
        // SAFETY: not null (checked above), so NUL-terminated (this function's
        // contract); CStr only reads up to the NUL.
        let bytes = unsafe { CStr::from_ptr(text) }.to_bytes();
        FourCC::from_mmio_string(bytes, flags & MMIO_TOUPPER != 0).to_u32()
    })
}

/// `mmioStringToFOURCCW`: [`mmioStringToFOURCCA`] on the first four units of a UTF-16
/// string, converted to Windows' ANSI code page (Windows-1252) first, as Windows does:
/// `L"caf\u00e9"` gives the byte 0xE9, `\u{0101}` its best fit `a`, a character the code
/// page cannot show `?`.
///
/// # Safety
/// `text` is null or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mmioStringToFOURCCW(text: *const u16, flags: u32) -> u32 {
    guard(0, || {
        // SAFETY: `wide_units` needs a null or NUL-terminated UTF-16 string: this
        // function's contract.
        let Some(units) = (unsafe { wide_units(text) }) else { return 0 };
        let first = &units[..units.len().min(4)];
        FourCC::from_mmio_string(ansi_bytes(first), flags & MMIO_TOUPPER != 0).to_u32()
    })
}
