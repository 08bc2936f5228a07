//! The numeric flag, message and size constants of the Windows MMIO API, with their
//! Windows names, for code that speaks in raw flags (the C library, ported code).
//!
//! Several flags share a value because they belong to different calls:
//! `0x10` is [`MMIO_FHOPEN`], [`MMIO_EMPTYBUF`], [`MMIO_TOUPPER`] and [`MMIO_FINDCHUNK`];
//! `0x20` is [`MMIO_FINDRIFF`] and [`MMIO_CREATERIFF`]; `0x40` is [`MMIO_FINDLIST`] and
//! [`MMIO_CREATELIST`].

/// Mask of the access-mode field of the open flags.
pub const MMIO_RWMODE: u32 = 0x0000_0003;
/// Mask of the share-mode field of the open flags.
pub const MMIO_SHAREMODE: u32 = 0x0000_0070;
/// Open for reading only (the default access mode); also `mmioAdvance`'s fill request.
pub const MMIO_READ: u32 = 0x0000_0000;
/// Open for writing only; also `mmioAdvance`'s write-out request.
pub const MMIO_WRITE: u32 = 0x0000_0001;
/// Open for reading and writing.
pub const MMIO_READWRITE: u32 = 0x0000_0002;
/// Share mode: compatibility mode (treated as deny-none).
pub const MMIO_COMPAT: u32 = 0x0000_0000;
/// Share mode: deny other handles read and write access.
pub const MMIO_EXCLUSIVE: u32 = 0x0000_0010;
/// Share mode: deny other handles write access.
pub const MMIO_DENYWRITE: u32 = 0x0000_0020;
/// Share mode: deny other handles read access.
pub const MMIO_DENYREAD: u32 = 0x0000_0030;
/// Share mode: deny nothing.
pub const MMIO_DENYNONE: u32 = 0x0000_0040;
/// Create the file, or truncate it if it exists.
pub const MMIO_CREATE: u32 = 0x0000_1000;
/// Only build the fully qualified name.
pub const MMIO_PARSE: u32 = 0x0000_0100;
/// Only delete the file.
pub const MMIO_DELETE: u32 = 0x0000_0200;
/// Only check whether the file exists.
pub const MMIO_EXIST: u32 = 0x0000_4000;
/// Give the file an internal buffer.
pub const MMIO_ALLOCBUF: u32 = 0x0001_0000;
/// Only make a temporary file name.
pub const MMIO_GETTEMP: u32 = 0x0002_0000;
/// The buffer (or, in a chunk info, the chunk) has been written to.
pub const MMIO_DIRTY: u32 = 0x1000_0000;
/// `mmioClose`: leave the operating-system file handle open.
pub const MMIO_FHOPEN: u32 = 0x0010;
/// `mmioFlush`: empty the buffer after writing it.
pub const MMIO_EMPTYBUF: u32 = 0x0010;
/// `mmioStringToFOURCC`: upper-case the code.
pub const MMIO_TOUPPER: u32 = 0x0010;
/// `mmioInstallIOProc`: install a procedure.
pub const MMIO_INSTALLPROC: u32 = 0x0001_0000;
/// `mmioInstallIOProc`: install for every thread, not just the caller's.
pub const MMIO_GLOBALPROC: u32 = 0x1000_0000;
/// `mmioInstallIOProc`: remove a procedure.
pub const MMIO_REMOVEPROC: u32 = 0x0002_0000;
/// `mmioInstallIOProc`: the procedure takes UTF-16 names.
pub const MMIO_UNICODEPROC: u32 = 0x0100_0000;
/// `mmioInstallIOProc`: look a procedure up.
pub const MMIO_FINDPROC: u32 = 0x0004_0000;
/// `mmioDescend`: find a chunk by id.
pub const MMIO_FINDCHUNK: u32 = 0x0010;
/// `mmioDescend`: find a RIFF chunk by form type.
pub const MMIO_FINDRIFF: u32 = 0x0020;
/// `mmioDescend`: find a LIST chunk by list type.
pub const MMIO_FINDLIST: u32 = 0x0040;
/// `mmioCreateChunk`: create a RIFF chunk.
pub const MMIO_CREATERIFF: u32 = 0x0020;
/// `mmioCreateChunk`: create a LIST chunk.
pub const MMIO_CREATELIST: u32 = 0x0040;

/// I/O procedure message: read.
pub const MMIOM_READ: u32 = 0;
/// I/O procedure message: write.
pub const MMIOM_WRITE: u32 = 1;
/// I/O procedure message: seek.
pub const MMIOM_SEEK: u32 = 2;
/// I/O procedure message: open (or delete / check existence).
pub const MMIOM_OPEN: u32 = 3;
/// I/O procedure message: close.
pub const MMIOM_CLOSE: u32 = 4;
/// I/O procedure message: write and flush the procedure's own buffers.
pub const MMIOM_WRITEFLUSH: u32 = 5;
/// I/O procedure message: rename.
pub const MMIOM_RENAME: u32 = 6;
/// The first message number free for procedure-defined messages.
pub const MMIOM_USER: u32 = 0x8000;

/// The default buffer size: 8 KiB.
pub const MMIO_DEFAULTBUFFER: usize = 8192;
/// The compound-name separator: `file.ext+element`.
pub const CFSEPCHAR: u8 = b'+';
