//! Repair of RIFF files whose writer died or streamed them: a [`Plan`] of every change,
//! the repaired file as a stream ([`Plan::repaired`]), and a check of the written result
//! ([`Plan::verify`]).
//!
//! The rules are in `docs/repair.md`. In short: the file is read by the [`Walker`],
//! whose look-ahead tells finished chunks from the ones a writer never finished
//! (placeholder sizes 0 and 0xFFFFFFFF, sizes cut short by the end of the file, sizes
//! short by a few bytes, missing pad bytes); the plan then gives each chunk the size of
//! what it holds. **The invariant**: a repair changes only size fields (32-bit sizes,
//! ds64 sizes) and the count fields that must agree with the data
//! ([`counts`](super::counts): `fact`, ds64 sample count, AVI frame counts), appends
//! pad bytes, drops an incomplete header at the very end, and inserts a missing pad
//! byte before a following chunk (moving what follows, intact). No other byte changes
//! or moves, and no byte of chunk data is dropped. Damage that cannot be fixed that way
//! is refused.
//!
//! ```
//! use std::io::{Cursor, Read};
//! use winmmio::riff::repair;
//! // A WAVE file whose writer died before it fixed the sizes (placeholders 0).
//! let mut crashed = b"RIFF\0\0\0\0WAVEfmt \x10\0\0\0".to_vec();
//! crashed.extend_from_slice(&[1, 0, 1, 0, 0x44, 0xac, 0, 0, 0x88, 0x58, 1, 0, 2, 0, 16, 0]);
//! crashed.extend_from_slice(b"data\0\0\0\0\x01\x00\x02\x00\x03\x00");
//! let plan = repair::plan(Cursor::new(&crashed))?;
//! assert_eq!(plan.changes().len(), 2); // the data size, then the RIFF size
//! let mut fixed = Vec::new();
//! plan.repaired(Cursor::new(&crashed)).read_to_end(&mut fixed)?;
//! assert_eq!(&fixed[4..8], &42u32.to_le_bytes());
//! assert_eq!(&fixed[40..44], &6u32.to_le_bytes());
//! plan.verify(Cursor::new(&crashed), Cursor::new(&fixed))?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod edits;
mod planner;

use std::fmt;
use std::io::{self, Read, Seek, SeekFrom};

pub use edits::Repaired;

use super::counts::CountField;
use super::walk::{Event, ProblemKind, Walker};
use crate::fourcc::FourCC;
use edits::Edits;
use planner::Digest;

/// What a repair changes, with why: see [`Plan::changes`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// Where, in the input file.
    pub offset: u64,
    /// What changes there.
    pub kind: ChangeKind,
    /// Why, in words.
    pub reason: String,
}

/// The kinds of change a repair makes: the only ones the invariant allows.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChangeKind {
    /// The 32-bit size field of the chunk `id`: `old` becomes `new`.
    Size32 {
        /// The chunk's id.
        id: FourCC,
        /// The value before.
        old: u32,
        /// The value after.
        new: u32,
    },
    /// A 64-bit size in the ds64 chunk of an RF64 file, for the chunk `id`.
    Size64 {
        /// The chunk's id.
        id: FourCC,
        /// The value before.
        old: u64,
        /// The value after.
        new: u64,
    },
    /// A RIFF file past 4 GiB becomes RF64: the form id at offset 0 becomes `RF64` and
    /// the `JUNK` chunk its writer reserved at offset 12 becomes the `ds64` chunk.
    PromoteToRf64,
    /// A zero pad byte inserted before this offset, after an odd-sized chunk that
    /// lacks it: what follows moves by one byte, intact.
    InsertPad,
    /// A zero pad byte appended at the end of the file.
    AppendPad,
    /// The last bytes of the file, from this offset, dropped: an incomplete chunk
    /// header (or fewer than 8 bytes where a header should be).
    DropTail {
        /// How many bytes.
        len: u64,
    },
    /// A count field that must agree with the data ([`CountField`]): `old` becomes
    /// `new`, what the data holds.
    Count {
        /// Which field.
        field: CountField,
        /// The value before.
        old: u64,
        /// The value after.
        new: u64,
    },
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = self.offset;
        match self.kind {
            ChangeKind::Size32 { id, old, new } => write!(f, "size of '{id}' at {at}: {old} -> {new}")?,
            ChangeKind::Size64 { id, old, new } => write!(f, "ds64 size of '{id}' at {at}: {old} -> {new}")?,
            ChangeKind::PromoteToRf64 => write!(f, "RIFF becomes RF64: its JUNK chunk at 12 becomes ds64")?,
            ChangeKind::InsertPad => write!(f, "pad byte inserted at {at}")?,
            ChangeKind::AppendPad => write!(f, "pad byte appended at {at}")?,
            ChangeKind::DropTail { len } => write!(f, "{len} bytes dropped at {at}")?,
            ChangeKind::Count { field: field @ CountField::AviFlags, old, new } => {
                write!(f, "{} at {at}: {old:#x} -> {new:#x}", field.describe())?
            }
            ChangeKind::Count { field, old, new } => write!(f, "{} at {at}: {old} -> {new}", field.describe())?,
        }
        write!(f, " ({})", self.reason)
    }
}

/// A problem a repair leaves as it is: it cannot be fixed by the changes the invariant
/// allows, and it does not stop the rest of the file from being repaired (bytes after
/// the last form that are not a chunk, trailing bytes inside a container).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Leftover {
    /// Where, in the input file.
    pub offset: u64,
    /// The walker's name for it.
    pub kind: ProblemKind,
    /// What it is, in words.
    pub reason: String,
}

/// Why a file was not repaired, or a repaired file did not verify.
#[derive(Debug)]
pub struct RepairError {
    kind: RepairErrorKind,
    offset: Option<u64>,
    message: String,
    source: Option<io::Error>,
}

/// The groups of [`RepairError`], by who is at fault.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RepairErrorKind {
    /// The file holds damage that no allowed change can fix (or nothing to keep).
    Refused,
    /// Reading the input or the output failed.
    Io,
    /// The written result is not what the plan says: nothing must be committed.
    Unverified,
}

impl RepairError {
    pub(super) fn refused(offset: u64, message: impl Into<String>) -> RepairError {
        RepairError { kind: RepairErrorKind::Refused, offset: Some(offset), message: message.into(), source: None }
    }

    fn unverified(offset: Option<u64>, message: impl Into<String>) -> RepairError {
        RepairError { kind: RepairErrorKind::Unverified, offset, message: message.into(), source: None }
    }

    fn io(what: &str, error: io::Error) -> RepairError {
        RepairError {
            kind: RepairErrorKind::Io,
            offset: None,
            message: format!("{what}: {error}"),
            source: Some(error),
        }
    }

    /// Which group the error belongs to.
    pub fn kind(&self) -> RepairErrorKind {
        self.kind
    }

    /// The offset in the input it concerns, when there is one.
    pub fn offset(&self) -> Option<u64> {
        self.offset
    }
}

impl fmt::Display for RepairError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.offset {
            Some(offset) => write!(f, "at offset {offset}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for RepairError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_ref().map(|e| e as _)
    }
}

/// Every change a repair of one file makes: see [`plan`].
#[derive(Clone, Debug)]
pub struct Plan {
    edits: Edits,
    changes: Vec<Change>,
    left: Vec<Leftover>,
    /// The chunks the repaired file must hold, summed up (ids, places, sizes).
    digest: u64,
}

/// Reads the file and plans its repair; the file is not changed. A clean file gives an
/// empty plan. Damage that no allowed change can fix is a [`RepairErrorKind::Refused`]
/// error, and so is a file that would read differently once repaired (the plan's
/// result is walked before it is returned).
pub fn plan<R: Read + Seek>(input: R) -> Result<Plan, RepairError> {
    planner::plan(input)
}

impl Plan {
    /// The changes, in the order they were found (inner chunks before outer ones).
    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    /// True when the file needs no change.
    pub fn is_empty(&self) -> bool {
        self.edits.is_empty()
    }

    /// Problems the repair leaves as they are, in file order.
    pub fn leftovers(&self) -> &[Leftover] {
        &self.left
    }

    /// The input's length.
    pub fn input_len(&self) -> u64 {
        self.edits.input_len()
    }

    /// The repaired file's length.
    pub fn output_len(&self) -> u64 {
        self.edits.output_len()
    }

    /// Where a byte of the input ends up in the repaired file.
    pub fn map(&self, input_offset: u64) -> u64 {
        self.edits.map(input_offset)
    }

    /// The repaired file, read through the input (which must be the file planned).
    pub fn repaired<R: Read + Seek>(&self, input: R) -> Repaired<'_, R> {
        Repaired::new(input, &self.edits)
    }

    /// Checks a written result before it is committed: it must hold exactly the bytes
    /// of [`repaired`](Self::repaired) (every data byte of the input, in place), and
    /// walking it must find exactly the planned chunks and no problem but the
    /// [leftovers](Self::leftovers). Reads both files once.
    pub fn verify<I: Read + Seek, O: Read + Seek>(&self, input: I, mut output: O) -> Result<(), RepairError> {
        let out_len = output.seek(SeekFrom::End(0)).map_err(|e| RepairError::io("cannot read the result", e))?;
        if out_len != self.output_len() {
            let message = format!("the result has {out_len} bytes, not {}", self.output_len());
            return Err(RepairError::unverified(None, message));
        }
        output.rewind().map_err(|e| RepairError::io("cannot read the result", e))?;
        let mut expected = self.repaired(input);
        let (mut want, mut got) = (vec![0; 1 << 16], vec![0; 1 << 16]);
        let mut at = 0u64;
        while at < out_len {
            let n = ((out_len - at) as usize).min(want.len());
            expected.read_exact(&mut want[..n]).map_err(|e| RepairError::io("cannot read the input", e))?;
            output.read_exact(&mut got[..n]).map_err(|e| RepairError::io("cannot read the result", e))?;
            if want[..n] != got[..n] {
                let first = want.iter().zip(&got).position(|(a, b)| a != b).unwrap_or(0) as u64;
                let message = format!("the result differs from the plan at its byte {}", at + first);
                return Err(RepairError::unverified(None, message));
            }
            at += n as u64;
        }
        self.verify_structure(output)
    }

    /// Walks the result: the same chunks as planned, no problem but the leftovers (in
    /// any order: the walk meets a container's problems before its children's).
    fn verify_structure<O: Read + Seek>(&self, output: O) -> Result<(), RepairError> {
        let walker = Walker::new(output).map_err(|e| RepairError::io("cannot read the result", e))?;
        let mut digest = Digest::default();
        let mut left: Vec<_> = self.left.iter().map(|l| (self.map(l.offset), l.kind)).collect();
        left.sort();
        let mut found = Vec::new();
        for event in walker {
            match event.map_err(|e| RepairError::io("cannot read the result", e))? {
                Event::Leaf(c) | Event::Leave(c) => digest.add(&c, c.offset, c.size),
                Event::Enter(_) => {}
                Event::Problem(p) => {
                    if left.binary_search(&(p.offset, p.kind)).is_err() {
                        let message = format!("the result still has a problem: {}", p.kind);
                        return Err(RepairError::unverified(Some(p.offset), message));
                    }
                    found.push((p.offset, p.kind));
                }
            }
        }
        found.sort();
        if found != left || digest.finish() != self.digest {
            return Err(RepairError::unverified(None, "the chunks of the result are not the planned ones"));
        }
        Ok(())
    }
}
