//! The typed flag sets of the Rust API: [`OpenFlags`] (`mmioOpen`'s flags and
//! `MMIOINFO.dwFlags`), [`CloseFlags`] (`mmioClose`), [`FlushFlags`] (`mmioFlush`) and
//! [`ChunkFlags`] (`MMCKINFO.dwFlags`).
//!
//! Each is a `u32` holding the Windows values, with one constant per flag named as in
//! Windows without the `MMIO_` prefix: C code's `MMIO_READWRITE | MMIO_CREATE` is
//! `OpenFlags::READWRITE | OpenFlags::CREATE`. [`bits`](OpenFlags::bits) and
//! [`from_bits_retain`](OpenFlags::from_bits_retain) convert at a C boundary, keeping
//! bits no constant names; the raw constants stay in [`crate::flags`].

use std::fmt;
use std::ops::{BitAnd, BitAndAssign, BitOr, BitOrAssign};

use crate::flags::*;
use crate::options::{Access, Share};

/// Declares a flag set: a `u32` newtype with a constant per flag and the operations
/// every set shares.
macro_rules! flag_set {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$flag_meta:meta])* const $flag:ident = $value:expr; )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Copy, Clone, PartialEq, Eq, Hash, Default)]
        pub struct $name(u32);

        impl $name {
            $( $(#[$flag_meta])* pub const $flag: $name = $name($value); )*

            /// No flag.
            pub const fn empty() -> $name {
                $name(0)
            }

            /// The Windows value, with every bit it was made from.
            pub const fn bits(self) -> u32 {
                self.0
            }

            /// The set a Windows value stands for, keeping every bit (also bits that no
            /// constant names, which calls then check as Windows does).
            pub const fn from_bits_retain(bits: u32) -> $name {
                $name(bits)
            }

            /// True when no bit is set.
            pub const fn is_empty(self) -> bool {
                self.0 == 0
            }

            /// True when every bit of `other` is set.
            pub const fn contains(self, other: $name) -> bool {
                self.0 & other.0 == other.0
            }

            /// True when some bit of `other` is set.
            pub const fn intersects(self, other: $name) -> bool {
                self.0 & other.0 != 0
            }

            /// Sets the bits of `other`.
            pub fn insert(&mut self, other: $name) {
                self.0 |= other.0;
            }

            /// Clears the bits of `other`.
            pub fn remove(&mut self, other: $name) {
                self.0 &= !other.0;
            }

            /// Sets the bits of `other` when `on`, else clears them.
            pub fn set(&mut self, other: $name, on: bool) {
                if on {
                    self.insert(other);
                } else {
                    self.remove(other);
                }
            }
        }

        impl BitOr for $name {
            type Output = $name;

            fn bitor(self, other: $name) -> $name {
                $name(self.0 | other.0)
            }
        }

        impl BitOrAssign for $name {
            fn bitor_assign(&mut self, other: $name) {
                self.0 |= other.0;
            }
        }

        impl BitAnd for $name {
            type Output = $name;

            fn bitand(self, other: $name) -> $name {
                $name(self.0 & other.0)
            }
        }

        impl BitAndAssign for $name {
            fn bitand_assign(&mut self, other: $name) {
                self.0 &= other.0;
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "({:#x})"), self.0)
            }
        }
    };
}

flag_set! {
    /// The flags of `mmioOpen`, and the `dwFlags` of an open file ([`Info::flags`],
    /// [`ProcState::flags`]): the open flags plus [`ALLOCBUF`](Self::ALLOCBUF) and
    /// [`DIRTY`](Self::DIRTY).
    ///
    /// The access mode (`READ`, `WRITE`, `READWRITE`) and the share mode (`COMPAT`,
    /// `EXCLUSIVE`, ... `DENYNONE`) are numbered fields, not single bits, as in Windows:
    /// `READ` and `COMPAT` are 0, and `DENYREAD` is `EXCLUSIVE | DENYWRITE`. Read them
    /// with [`access`](Self::access) and [`share`](Self::share) rather than
    /// [`contains`](Self::contains).
    ///
    /// ```
    /// use winmmio::{Access, OpenFlags, Share};
    /// let flags = OpenFlags::READWRITE | OpenFlags::DENYWRITE | OpenFlags::CREATE;
    /// assert_eq!((flags.access(), flags.share()), (Some(Access::ReadWrite), Some(Share::DenyWrite)));
    /// assert!(flags.contains(OpenFlags::CREATE));
    /// assert_eq!(flags.bits(), winmmio::flags::MMIO_READWRITE | 0x20 | 0x1000);
    /// ```
    ///
    /// [`Info::flags`]: crate::Info::flags
    /// [`ProcState::flags`]: crate::ProcState::flags
    pub struct OpenFlags {
        /// `MMIO_READ` (0): open for reading only, the default access mode.
        const READ = MMIO_READ;
        /// `MMIO_WRITE`: open for writing only.
        const WRITE = MMIO_WRITE;
        /// `MMIO_READWRITE`: open for reading and writing.
        const READWRITE = MMIO_READWRITE;
        /// `MMIO_COMPAT` (0): compatibility share mode, which shares reading and writing.
        const COMPAT = MMIO_COMPAT;
        /// `MMIO_EXCLUSIVE`: deny other opens reading and writing.
        const EXCLUSIVE = MMIO_EXCLUSIVE;
        /// `MMIO_DENYWRITE`: deny other opens writing.
        const DENYWRITE = MMIO_DENYWRITE;
        /// `MMIO_DENYREAD`: deny other opens reading.
        const DENYREAD = MMIO_DENYREAD;
        /// `MMIO_DENYNONE`: deny other opens nothing.
        const DENYNONE = MMIO_DENYNONE;
        /// `MMIO_CREATE`: create the file, or truncate it if it exists.
        const CREATE = MMIO_CREATE;
        /// `MMIO_PARSE`: only build the fully qualified name.
        const PARSE = MMIO_PARSE;
        /// `MMIO_DELETE`: only delete the file.
        const DELETE = MMIO_DELETE;
        /// `MMIO_EXIST`: only check whether the file exists.
        const EXIST = MMIO_EXIST;
        /// `MMIO_ALLOCBUF`: the file has an internal buffer.
        const ALLOCBUF = MMIO_ALLOCBUF;
        /// `MMIO_GETTEMP`: only make a temporary file name.
        const GETTEMP = MMIO_GETTEMP;
        /// `MMIO_DIRTY`: the buffer holds data not yet written to the file.
        const DIRTY = MMIO_DIRTY;
    }
}

flag_set! {
    /// The flags of `mmioClose` ([`Mmio::close_with`](crate::Mmio::close_with), and the
    /// close message of an [`IoProc`](crate::IoProc)).
    pub struct CloseFlags {
        /// `MMIO_FHOPEN`: leave open an operating-system file the caller handed in.
        const FHOPEN = MMIO_FHOPEN;
    }
}

flag_set! {
    /// The flags of `mmioFlush` ([`Mmio::flush_buffer_with`](crate::Mmio::flush_buffer_with)).
    pub struct FlushFlags {
        /// `MMIO_EMPTYBUF`: empty the buffer after writing it out.
        const EMPTYBUF = MMIO_EMPTYBUF;
    }
}

flag_set! {
    /// The `dwFlags` of a chunk ([`ChunkInfo::flags`](crate::ChunkInfo::flags)).
    pub struct ChunkFlags {
        /// `MMIO_DIRTY`: the chunk was created and its size is fixed on ascend.
        const DIRTY = MMIO_DIRTY;
    }
}

/// Each access mode and its value in the access-mode field.
const ACCESS: [(Access, u32); 3] =
    [(Access::Read, MMIO_READ), (Access::Write, MMIO_WRITE), (Access::ReadWrite, MMIO_READWRITE)];

/// Each share mode and its value in the share-mode field.
const SHARE: [(Share, u32); 5] = [
    (Share::Compat, MMIO_COMPAT),
    (Share::Exclusive, MMIO_EXCLUSIVE),
    (Share::DenyWrite, MMIO_DENYWRITE),
    (Share::DenyRead, MMIO_DENYREAD),
    (Share::DenyNone, MMIO_DENYNONE),
];

impl OpenFlags {
    /// The access mode; `None` for the invalid `WRITE | READWRITE`.
    pub fn access(self) -> Option<Access> {
        ACCESS.iter().find(|&&(_, bits)| bits == self.0 & MMIO_RWMODE).map(|&(access, _)| access)
    }

    /// The share mode; `None` for a value past `DENYNONE`.
    pub fn share(self) -> Option<Share> {
        SHARE.iter().find(|&&(_, bits)| bits == self.0 & MMIO_SHAREMODE).map(|&(share, _)| share)
    }

    /// These flags with the access mode replaced.
    pub fn with_access(self, access: Access) -> OpenFlags {
        let bits = ACCESS.iter().find(|(a, _)| *a == access).map_or(0, |&(_, bits)| bits);
        OpenFlags((self.0 & !MMIO_RWMODE) | bits)
    }

    /// These flags with the share mode replaced.
    pub fn with_share(self, share: Share) -> OpenFlags {
        let bits = SHARE.iter().find(|(s, _)| *s == share).map_or(0, |&(_, bits)| bits);
        OpenFlags((self.0 & !MMIO_SHAREMODE) | bits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_read_back_what_was_set() {
        for (access, _) in ACCESS {
            for (share, _) in SHARE {
                let flags = OpenFlags::CREATE.with_share(share).with_access(access);
                assert_eq!((flags.access(), flags.share()), (Some(access), Some(share)));
                assert!(flags.contains(OpenFlags::CREATE));
            }
        }
        assert_eq!(OpenFlags::from_bits_retain(MMIO_WRITE | MMIO_READWRITE).access(), None);
        assert_eq!(OpenFlags::from_bits_retain(0x50).share(), None);
        assert_eq!(OpenFlags::default().access(), Some(Access::Read));
    }

    #[test]
    fn sets_keep_unknown_bits_and_combine() {
        let mut flags = OpenFlags::from_bits_retain(0x8000_0000) | OpenFlags::DIRTY;
        assert_eq!(flags.bits(), 0x9000_0000);
        assert!(flags.intersects(OpenFlags::DIRTY | OpenFlags::CREATE) && !flags.contains(OpenFlags::CREATE));
        flags.set(OpenFlags::DIRTY, false);
        assert_eq!(flags & OpenFlags::DIRTY, OpenFlags::empty());
        flags.insert(OpenFlags::ALLOCBUF);
        flags.remove(OpenFlags::from_bits_retain(0x8000_0000));
        assert_eq!(flags, OpenFlags::ALLOCBUF);
        assert!(CloseFlags::empty().is_empty() && !CloseFlags::FHOPEN.is_empty());
        assert_eq!(format!("{:?}", FlushFlags::EMPTYBUF), "FlushFlags(0x10)");
        assert_eq!(ChunkFlags::DIRTY.bits(), MMIO_DIRTY);
    }
}
