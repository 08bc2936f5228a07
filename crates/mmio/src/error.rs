//! The one error type of the crate: an MMIO error code, the operation that failed, and
//! the operating-system error behind it when there is one.

use std::{error, fmt, io};

/// The error codes of the Windows MMIO API (`MMSYSERR_*` and `MMIOERR_*`), with their
/// exact numeric values, so that the C library can return them unchanged.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// `MMSYSERR_INVALHANDLE` (5): the handle is not an open file.
    InvalidHandle,
    /// `MMSYSERR_NOMEM` (7): memory could not be allocated.
    NoMemory,
    /// `MMSYSERR_INVALFLAG` (10): a flag argument is not valid for the call.
    InvalidFlag,
    /// `MMSYSERR_INVALPARAM` (11): a parameter is not valid for the call.
    InvalidParam,
    /// `MMIOERR_FILENOTFOUND` (257): the file, or the I/O procedure, was not found.
    FileNotFound,
    /// `MMIOERR_OUTOFMEMORY` (258): out of memory, or a name did not fit its buffer.
    OutOfMemory,
    /// `MMIOERR_CANNOTOPEN` (259): the file could not be opened.
    CannotOpen,
    /// `MMIOERR_CANNOTCLOSE` (260): the file could not be closed.
    CannotClose,
    /// `MMIOERR_CANNOTREAD` (261): a read failed.
    CannotRead,
    /// `MMIOERR_CANNOTWRITE` (262): a write failed; the data is still in the buffer.
    CannotWrite,
    /// `MMIOERR_CANNOTSEEK` (263): a seek failed or the target is out of range.
    CannotSeek,
    /// `MMIOERR_CANNOTEXPAND` (264): a fixed-size memory file is full.
    CannotExpand,
    /// `MMIOERR_CHUNKNOTFOUND` (265): the chunk searched for is not there.
    ChunkNotFound,
    /// `MMIOERR_UNBUFFERED` (266): the operation needs a buffered file.
    Unbuffered,
    /// `MMIOERR_PATHNOTFOUND` (267): a directory in the path does not exist.
    PathNotFound,
    /// `MMIOERR_ACCESSDENIED` (268): the file is protected.
    AccessDenied,
    /// `MMIOERR_SHARINGVIOLATION` (269): another handle's share mode forbids this open.
    SharingViolation,
    /// `MMIOERR_NETWORKERROR` (270): the network did not respond.
    NetworkError,
    /// `MMIOERR_TOOMANYOPENFILES` (271): no more file handles are available.
    TooManyOpenFiles,
    /// `MMIOERR_INVALIDFILE` (272): any other failure; also a malformed RIFF file.
    InvalidFile,
}

/// Who is at fault when an operation fails; a coarse grouping of [`ErrorCode`]s.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Fault {
    /// The caller asked for something invalid: a bad handle, flag, parameter or mode.
    Caller,
    /// The data is not what was expected: a missing chunk, a malformed file.
    Data,
    /// The storage below failed: not found, denied, shared, read/write/seek errors.
    Storage,
    /// Memory or file handles ran out, or a fixed memory file is full.
    Resources,
}

impl ErrorCode {
    /// Every code, in numeric order.
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::InvalidHandle,
        ErrorCode::NoMemory,
        ErrorCode::InvalidFlag,
        ErrorCode::InvalidParam,
        ErrorCode::FileNotFound,
        ErrorCode::OutOfMemory,
        ErrorCode::CannotOpen,
        ErrorCode::CannotClose,
        ErrorCode::CannotRead,
        ErrorCode::CannotWrite,
        ErrorCode::CannotSeek,
        ErrorCode::CannotExpand,
        ErrorCode::ChunkNotFound,
        ErrorCode::Unbuffered,
        ErrorCode::PathNotFound,
        ErrorCode::AccessDenied,
        ErrorCode::SharingViolation,
        ErrorCode::NetworkError,
        ErrorCode::TooManyOpenFiles,
        ErrorCode::InvalidFile,
    ];

    /// The numeric value Windows uses (`MMSYSERR_*` or `MMIOERR_BASE + n`).
    pub const fn code(self) -> u32 {
        match self {
            ErrorCode::InvalidHandle => 5,
            ErrorCode::NoMemory => 7,
            ErrorCode::InvalidFlag => 10,
            ErrorCode::InvalidParam => 11,
            ErrorCode::FileNotFound => 257,
            ErrorCode::OutOfMemory => 258,
            ErrorCode::CannotOpen => 259,
            ErrorCode::CannotClose => 260,
            ErrorCode::CannotRead => 261,
            ErrorCode::CannotWrite => 262,
            ErrorCode::CannotSeek => 263,
            ErrorCode::CannotExpand => 264,
            ErrorCode::ChunkNotFound => 265,
            ErrorCode::Unbuffered => 266,
            ErrorCode::PathNotFound => 267,
            ErrorCode::AccessDenied => 268,
            ErrorCode::SharingViolation => 269,
            ErrorCode::NetworkError => 270,
            ErrorCode::TooManyOpenFiles => 271,
            ErrorCode::InvalidFile => 272,
        }
    }

    /// The code with this numeric value, if there is one.
    pub fn from_code(value: u32) -> Option<ErrorCode> {
        ErrorCode::ALL.iter().copied().find(|c| c.code() == value)
    }

    /// The Windows name of the code, such as `"MMIOERR_CANNOTWRITE"`.
    pub const fn name(self) -> &'static str {
        match self {
            ErrorCode::InvalidHandle => "MMSYSERR_INVALHANDLE",
            ErrorCode::NoMemory => "MMSYSERR_NOMEM",
            ErrorCode::InvalidFlag => "MMSYSERR_INVALFLAG",
            ErrorCode::InvalidParam => "MMSYSERR_INVALPARAM",
            ErrorCode::FileNotFound => "MMIOERR_FILENOTFOUND",
            ErrorCode::OutOfMemory => "MMIOERR_OUTOFMEMORY",
            ErrorCode::CannotOpen => "MMIOERR_CANNOTOPEN",
            ErrorCode::CannotClose => "MMIOERR_CANNOTCLOSE",
            ErrorCode::CannotRead => "MMIOERR_CANNOTREAD",
            ErrorCode::CannotWrite => "MMIOERR_CANNOTWRITE",
            ErrorCode::CannotSeek => "MMIOERR_CANNOTSEEK",
            ErrorCode::CannotExpand => "MMIOERR_CANNOTEXPAND",
            ErrorCode::ChunkNotFound => "MMIOERR_CHUNKNOTFOUND",
            ErrorCode::Unbuffered => "MMIOERR_UNBUFFERED",
            ErrorCode::PathNotFound => "MMIOERR_PATHNOTFOUND",
            ErrorCode::AccessDenied => "MMIOERR_ACCESSDENIED",
            ErrorCode::SharingViolation => "MMIOERR_SHARINGVIOLATION",
            ErrorCode::NetworkError => "MMIOERR_NETWORKERROR",
            ErrorCode::TooManyOpenFiles => "MMIOERR_TOOMANYOPENFILES",
            ErrorCode::InvalidFile => "MMIOERR_INVALIDFILE",
        }
    }

    /// Who is at fault for this code.
    pub const fn fault(self) -> Fault {
        match self {
            ErrorCode::InvalidHandle | ErrorCode::InvalidFlag | ErrorCode::InvalidParam | ErrorCode::Unbuffered => {
                Fault::Caller
            }
            ErrorCode::ChunkNotFound | ErrorCode::InvalidFile => Fault::Data,
            ErrorCode::NoMemory | ErrorCode::OutOfMemory | ErrorCode::TooManyOpenFiles | ErrorCode::CannotExpand => {
                Fault::Resources
            }
            ErrorCode::FileNotFound
            | ErrorCode::CannotOpen
            | ErrorCode::CannotClose
            | ErrorCode::CannotRead
            | ErrorCode::CannotWrite
            | ErrorCode::CannotSeek
            | ErrorCode::PathNotFound
            | ErrorCode::AccessDenied
            | ErrorCode::SharingViolation
            | ErrorCode::NetworkError => Fault::Storage,
        }
    }

    fn io_kind(self) -> io::ErrorKind {
        match self {
            ErrorCode::FileNotFound | ErrorCode::PathNotFound | ErrorCode::ChunkNotFound => io::ErrorKind::NotFound,
            ErrorCode::AccessDenied => io::ErrorKind::PermissionDenied,
            ErrorCode::SharingViolation => io::ErrorKind::ResourceBusy,
            ErrorCode::InvalidHandle | ErrorCode::InvalidFlag | ErrorCode::InvalidParam | ErrorCode::Unbuffered => {
                io::ErrorKind::InvalidInput
            }
            ErrorCode::InvalidFile => io::ErrorKind::InvalidData,
            ErrorCode::NoMemory | ErrorCode::OutOfMemory => io::ErrorKind::OutOfMemory,
            ErrorCode::CannotExpand => io::ErrorKind::StorageFull,
            _ => io::ErrorKind::Other,
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The MMIO call that failed.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Operation {
    /// `mmioOpen` (and its parse/exist/delete/get-temp forms).
    Open,
    /// `mmioClose`.
    Close,
    /// `mmioRead`, or filling the buffer.
    Read,
    /// `mmioWrite`, or writing the buffer out.
    Write,
    /// `mmioSeek`.
    Seek,
    /// `mmioFlush`.
    Flush,
    /// `mmioSetBuffer`.
    SetBuffer,
    /// `mmioSetInfo`.
    SetInfo,
    /// `mmioAdvance`.
    Advance,
    /// `mmioInstallIOProc`.
    InstallProc,
    /// `mmioSendMessage`.
    SendMessage,
    /// `mmioRename`.
    Rename,
    /// `mmioDescend`.
    Descend,
    /// `mmioAscend`.
    Ascend,
    /// `mmioCreateChunk`.
    CreateChunk,
}

impl Operation {
    /// The Windows function behind the operation, for messages.
    pub const fn function(self) -> &'static str {
        match self {
            Operation::Open => "mmioOpen",
            Operation::Close => "mmioClose",
            Operation::Read => "mmioRead",
            Operation::Write => "mmioWrite",
            Operation::Seek => "mmioSeek",
            Operation::Flush => "mmioFlush",
            Operation::SetBuffer => "mmioSetBuffer",
            Operation::SetInfo => "mmioSetInfo",
            Operation::Advance => "mmioAdvance",
            Operation::InstallProc => "mmioInstallIOProc",
            Operation::SendMessage => "mmioSendMessage",
            Operation::Rename => "mmioRename",
            Operation::Descend => "mmioDescend",
            Operation::Ascend => "mmioAscend",
            Operation::CreateChunk => "mmioCreateChunk",
        }
    }

    /// The code an operating-system failure of this operation is reported as, when its
    /// kind does not name a more specific one.
    fn storage_code(self) -> ErrorCode {
        match self {
            Operation::Open | Operation::Rename => ErrorCode::CannotOpen,
            Operation::Close => ErrorCode::CannotClose,
            Operation::Read | Operation::Descend => ErrorCode::CannotRead,
            Operation::Seek => ErrorCode::CannotSeek,
            _ => ErrorCode::CannotWrite,
        }
    }
}

/// An MMIO failure: [`code`](Error::code) is the Windows error code, and the operating
/// system's error, when there is one, is the [`source`](error::Error::source).
///
/// Converts into [`io::Error`] (with a matching [`io::ErrorKind`]) so that `?` works in
/// functions returning `io::Result`; the original `Error` stays reachable through
/// [`io::Error::get_ref`].
pub struct Error {
    code: ErrorCode,
    operation: Option<Operation>,
    detail: Option<&'static str>,
    source: Option<io::Error>,
}

/// Shorthand for `Result<T, winmmio::Error>`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An error with this code and no further context.
    pub fn new(code: ErrorCode) -> Error {
        Error { code, operation: None, detail: None, source: None }
    }

    /// An error with this code and a short explanation for people.
    pub fn with_detail(code: ErrorCode, detail: &'static str) -> Error {
        Error { detail: Some(detail), ..Error::new(code) }
    }

    /// An operating-system failure of `operation`, with the code Windows would report for
    /// it (for example `MMIOERR_FILENOTFOUND` for a missing file on open,
    /// `MMIOERR_CANNOTWRITE` for a full disk on write).
    pub fn from_io(operation: Operation, source: io::Error) -> Error {
        let code = match operation {
            Operation::Open | Operation::Rename => open_code(&source),
            _ if source.kind() == io::ErrorKind::OutOfMemory => ErrorCode::OutOfMemory,
            _ => operation.storage_code(),
        };
        Error { code, operation: Some(operation), detail: None, source: Some(source) }
    }

    /// An `io::Error` met during `operation`: the [`Error`] it carries when it is one
    /// of ours (an [`Mmio`](crate::Mmio) read through `std::io`), else as
    /// [`from_io`](Self::from_io).
    pub(crate) fn from_io_carried(operation: Operation, source: io::Error) -> Error {
        if !source.get_ref().is_some_and(|inner| inner.is::<Error>()) {
            return Error::from_io(operation, source);
        }
        let kind = source.kind();
        match source.into_inner().map(|inner| inner.downcast::<Error>()) {
            Some(Ok(error)) => error.during(operation),
            // get_ref saw an Error: the other arms are not reached.
            _ => Error::from_io(operation, kind.into()),
        }
    }

    /// The Windows error code.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// Who is at fault (a grouping of [`code`](Error::code)).
    pub fn fault(&self) -> Fault {
        self.code.fault()
    }

    /// The operation that failed, when known.
    pub fn operation(&self) -> Option<Operation> {
        self.operation
    }

    /// The operating-system error behind this one, if any.
    pub fn io_error(&self) -> Option<&io::Error> {
        self.source.as_ref()
    }

    /// The same error reported under another code (the source is kept).
    pub(crate) fn with_code(mut self, code: ErrorCode) -> Error {
        self.code = code;
        self
    }

    /// Records the operation that failed, unless an inner layer already did.
    pub(crate) fn during(mut self, operation: Operation) -> Error {
        self.operation.get_or_insert(operation);
        self
    }
}

/// The `MMIOERR_*` code for an operating-system failure to open or find a file.
fn open_code(source: &io::Error) -> ErrorCode {
    match source.kind() {
        io::ErrorKind::NotFound => ErrorCode::FileNotFound,
        io::ErrorKind::PermissionDenied | io::ErrorKind::IsADirectory | io::ErrorKind::ReadOnlyFilesystem => {
            ErrorCode::AccessDenied
        }
        io::ErrorKind::NotADirectory | io::ErrorKind::InvalidFilename => ErrorCode::PathNotFound,
        io::ErrorKind::ResourceBusy => ErrorCode::SharingViolation,
        _ if is_sharing_violation(source) => ErrorCode::SharingViolation,
        io::ErrorKind::OutOfMemory => ErrorCode::OutOfMemory,
        io::ErrorKind::HostUnreachable
        | io::ErrorKind::NetworkUnreachable
        | io::ErrorKind::NetworkDown
        | io::ErrorKind::StaleNetworkFileHandle => ErrorCode::NetworkError,
        _ if is_too_many_files(source) => ErrorCode::TooManyOpenFiles,
        _ => ErrorCode::CannotOpen,
    }
}

/// EMFILE (24) and ENFILE (23) on Unix, ERROR_TOO_MANY_OPEN_FILES (4) on Windows: the
/// process or the system is out of file descriptors or handles.
fn is_too_many_files(source: &io::Error) -> bool {
    let code = source.raw_os_error();
    (cfg!(unix) && matches!(code, Some(23 | 24))) || (cfg!(windows) && code == Some(4))
}

/// ERROR_SHARING_VIOLATION (32) and ERROR_LOCK_VIOLATION (33) on Windows: the system
/// refused the open for another handle's share mode.
fn is_sharing_violation(source: &io::Error) -> bool {
    cfg!(windows) && matches!(source.raw_os_error(), Some(32 | 33))
}

impl From<ErrorCode> for Error {
    fn from(code: ErrorCode) -> Error {
        Error::new(code)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Error");
        s.field("code", &self.code);
        if let Some(op) = self.operation {
            s.field("operation", &op);
        }
        if let Some(detail) = self.detail {
            s.field("detail", &detail);
        }
        if let Some(source) = &self.source {
            s.field("source", source);
        }
        s.finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(op) = self.operation {
            write!(f, "{} failed: ", op.function())?;
        }
        write!(f, "{}", self.code)?;
        if let Some(detail) = self.detail {
            write!(f, " ({detail})")?;
        }
        if let Some(source) = &self.source {
            write!(f, ": {source}")?;
        }
        Ok(())
    }
}

impl error::Error for Error {
    fn source(&self) -> Option<&(dyn error::Error + 'static)> {
        self.source.as_ref().map(|e| e as &(dyn error::Error + 'static))
    }
}

impl From<Error> for io::Error {
    fn from(err: Error) -> io::Error {
        let kind = match &err.source {
            Some(source) => source.kind(),
            None => err.code.io_kind(),
        };
        io::Error::new(kind, err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_have_windows_values() {
        assert_eq!(ErrorCode::InvalidHandle.code(), 5);
        assert_eq!(ErrorCode::NoMemory.code(), 7);
        assert_eq!(ErrorCode::InvalidFlag.code(), 10);
        assert_eq!(ErrorCode::InvalidParam.code(), 11);
        for (i, code) in ErrorCode::ALL[4..].iter().enumerate() {
            assert_eq!(code.code(), 257 + i as u32, "{code}");
        }
        for &code in ErrorCode::ALL {
            assert_eq!(ErrorCode::from_code(code.code()), Some(code));
        }
        assert_eq!(ErrorCode::from_code(256), None);
    }

    #[test]
    fn os_errors_map_by_operation() {
        let missing = || io::Error::from(io::ErrorKind::NotFound);
        assert_eq!(Error::from_io(Operation::Open, missing()).code(), ErrorCode::FileNotFound);
        assert_eq!(Error::from_io(Operation::Read, missing()).code(), ErrorCode::CannotRead);
        let denied = io::Error::from(io::ErrorKind::PermissionDenied);
        assert_eq!(Error::from_io(Operation::Open, denied).code(), ErrorCode::AccessDenied);
        // EMFILE and ENOSPC on Unix; ERROR_TOO_MANY_OPEN_FILES and ERROR_DISK_FULL on Windows.
        let (too_many, disk_full) = if cfg!(windows) { (4, 112) } else { (24, 28) };
        let emfile = io::Error::from_raw_os_error(too_many);
        assert_eq!(Error::from_io(Operation::Open, emfile).code(), ErrorCode::TooManyOpenFiles);
        let full = io::Error::from_raw_os_error(disk_full);
        assert_eq!(Error::from_io(Operation::Flush, full).code(), ErrorCode::CannotWrite);
        if cfg!(windows) {
            let shared = io::Error::from_raw_os_error(32); // ERROR_SHARING_VIOLATION
            assert_eq!(Error::from_io(Operation::Open, shared).code(), ErrorCode::SharingViolation);
        }
    }

    #[test]
    fn errors_carried_by_io_errors_come_back_unchanged() {
        let carried: io::Error = Error::with_detail(ErrorCode::InvalidFile, "bad").into();
        let back = Error::from_io_carried(Operation::Descend, carried);
        assert_eq!((back.code(), back.operation()), (ErrorCode::InvalidFile, Some(Operation::Descend)));
        assert!(back.to_string().contains("(bad)"), "{back}");
        let plain = Error::from_io_carried(Operation::Descend, io::ErrorKind::UnexpectedEof.into());
        assert_eq!(plain.code(), ErrorCode::CannotRead);
    }

    #[test]
    fn converts_into_io_error_and_back() {
        let err = Error::from_io(Operation::Open, io::Error::from(io::ErrorKind::NotFound));
        let text = err.to_string();
        assert!(text.starts_with("mmioOpen failed: MMIOERR_FILENOTFOUND"), "{text}");
        let io_err: io::Error = err.into();
        assert_eq!(io_err.kind(), io::ErrorKind::NotFound);
        let inner = io_err.get_ref().and_then(|e| e.downcast_ref::<Error>()).unwrap();
        assert_eq!(inner.code(), ErrorCode::FileNotFound);
        let plain: io::Error = Error::new(ErrorCode::SharingViolation).into();
        assert_eq!(plain.kind(), io::ErrorKind::ResourceBusy);
    }
}
