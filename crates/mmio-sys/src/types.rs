//! The C structures and types of `mmsystem.h`, with the Windows SDK's exact layout
//! (packed to 1 byte).

use std::ffi::{c_char, c_void};

/// `HMMIO`: an opaque handle. Values are handle-table entries, never pointers.
pub type Hmmio = *mut c_void;

/// `LPMMIOPROC`: `LRESULT (CALLBACK *)(LPSTR lpmmioinfo, UINT uMsg, LPARAM, LPARAM)`.
pub type MmioProc = unsafe extern "C" fn(info: *mut c_char, msg: u32, param1: isize, param2: isize) -> isize;

/// `MMIOINFO`: 100 bytes on 64-bit targets, 72 on 32-bit.
#[repr(C, packed)]
#[derive(Clone, Copy)]
#[allow(non_snake_case, clippy::upper_case_acronyms)]
pub struct MMIOINFO {
    pub dwFlags: u32,
    pub fccIOProc: u32,
    pub pIOProc: Option<MmioProc>,
    pub wErrorRet: u32,
    pub htask: *mut c_void,
    pub cchBuffer: i32,
    pub pchBuffer: *mut c_char,
    pub pchNext: *mut c_char,
    pub pchEndRead: *mut c_char,
    pub pchEndWrite: *mut c_char,
    pub lBufOffset: i32,
    pub lDiskOffset: i32,
    pub adwInfo: [u32; 3],
    pub dwReserved1: u32,
    pub dwReserved2: u32,
    pub hmmio: Hmmio,
}

impl MMIOINFO {
    /// All zero, as callers are told to pass unused members.
    pub fn zeroed() -> MMIOINFO {
        MMIOINFO {
            dwFlags: 0,
            fccIOProc: 0,
            pIOProc: None,
            wErrorRet: 0,
            htask: std::ptr::null_mut(),
            cchBuffer: 0,
            pchBuffer: std::ptr::null_mut(),
            pchNext: std::ptr::null_mut(),
            pchEndRead: std::ptr::null_mut(),
            pchEndWrite: std::ptr::null_mut(),
            lBufOffset: 0,
            lDiskOffset: 0,
            adwInfo: [0; 3],
            dwReserved1: 0,
            dwReserved2: 0,
            hmmio: std::ptr::null_mut(),
        }
    }
}

/// `MMCKINFO`: 20 bytes.
#[repr(C, packed)]
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
#[allow(non_snake_case, clippy::upper_case_acronyms)]
pub struct MMCKINFO {
    pub ckid: u32,
    pub cksize: u32,
    pub fccType: u32,
    pub dwDataOffset: u32,
    pub dwFlags: u32,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::{offset_of, size_of};

    #[test]
    fn layout_matches_the_windows_sdk() {
        let ptr = size_of::<*mut c_void>();
        assert_eq!(size_of::<MMIOINFO>(), if ptr == 8 { 100 } else { 72 });
        assert_eq!(size_of::<MMCKINFO>(), 20);
        if ptr == 8 {
            let offsets = [
                offset_of!(MMIOINFO, dwFlags),
                offset_of!(MMIOINFO, fccIOProc),
                offset_of!(MMIOINFO, pIOProc),
                offset_of!(MMIOINFO, wErrorRet),
                offset_of!(MMIOINFO, htask),
                offset_of!(MMIOINFO, cchBuffer),
                offset_of!(MMIOINFO, pchBuffer),
                offset_of!(MMIOINFO, pchNext),
                offset_of!(MMIOINFO, pchEndRead),
                offset_of!(MMIOINFO, pchEndWrite),
                offset_of!(MMIOINFO, lBufOffset),
                offset_of!(MMIOINFO, lDiskOffset),
                offset_of!(MMIOINFO, adwInfo),
                offset_of!(MMIOINFO, dwReserved1),
                offset_of!(MMIOINFO, dwReserved2),
                offset_of!(MMIOINFO, hmmio),
            ];
            assert_eq!(offsets, [0, 4, 8, 16, 20, 28, 32, 40, 48, 56, 64, 68, 72, 84, 88, 92]);
        }
        let ck = [
            offset_of!(MMCKINFO, ckid),
            offset_of!(MMCKINFO, cksize),
            offset_of!(MMCKINFO, fccType),
            offset_of!(MMCKINFO, dwDataOffset),
            offset_of!(MMCKINFO, dwFlags),
        ];
        assert_eq!(ck, [0, 4, 8, 12, 16]);
    }
}
