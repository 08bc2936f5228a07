//! The byte edits of a repair, and [`Repaired`]: the input seen through them.
//!
//! Only three kinds of edit exist, which is how the repair invariant is kept in code:
//! patches of a few bytes (size fields, count fields, the RF64 promotion), zero bytes
//! inserted before an input offset (pad bytes), and a cut that drops the end of the
//! input (an incomplete header). Nothing else can change or move a byte.

use std::collections::BTreeMap;
use std::io::{self, Read, Seek, SeekFrom};

/// The edits that turn the input into the repaired file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Edits {
    /// New bytes at input offsets (never past the cut); a later patch of the same
    /// byte wins.
    patches: BTreeMap<u64, u8>,
    /// Input offsets before which one zero byte is inserted, in order (an offset equal
    /// to the kept length appends the byte).
    inserts: Vec<u64>,
    /// Input bytes from here on are dropped.
    cut: Option<u64>,
    /// The input's length.
    input_len: u64,
}

impl Edits {
    /// No edits to an input of `input_len` bytes.
    pub fn new(input_len: u64) -> Edits {
        Edits { input_len, ..Edits::default() }
    }

    /// The input's length.
    pub fn input_len(&self) -> u64 {
        self.input_len
    }

    /// How many input bytes are kept.
    pub fn kept_len(&self) -> u64 {
        self.cut.unwrap_or(self.input_len)
    }

    /// The repaired file's length.
    pub fn output_len(&self) -> u64 {
        self.kept_len() + self.inserts.len() as u64
    }

    /// True when the repaired file is the input.
    pub fn is_empty(&self) -> bool {
        self.patches.is_empty() && self.inserts.is_empty() && self.cut.is_none()
    }

    /// Sets the bytes at input offset `at` (over any earlier patch of them).
    pub fn patch(&mut self, at: u64, bytes: &[u8]) {
        debug_assert!(at + bytes.len() as u64 <= self.kept_len());
        for (offset, &byte) in (at..).zip(bytes) {
            self.patches.insert(offset, byte);
        }
    }

    /// Inserts a zero byte before input offset `at`; offsets come in order.
    pub fn insert(&mut self, at: u64) {
        debug_assert!(self.inserts.last().is_none_or(|&last| last <= at));
        self.inserts.push(at);
    }

    /// Takes back the last insertion, if it is at `at`.
    pub fn take_back_insert(&mut self, at: u64) -> bool {
        if self.inserts.last() == Some(&at) {
            self.inserts.pop();
            return true;
        }
        false
    }

    /// Drops the input from `at` on.
    pub fn cut(&mut self, at: u64) {
        self.cut = Some(self.cut.map_or(at, |cut| cut.min(at)));
    }

    /// Where input offset `at` ends up in the repaired file.
    pub fn map(&self, at: u64) -> u64 {
        at + self.inserts.partition_point(|&insert| insert <= at) as u64
    }

    /// The input offset of the byte at `output` offset of the repaired file; `None`
    /// for an inserted byte or past the end.
    pub fn unmap(&self, output: u64) -> Option<u64> {
        // The i-th insertion lands at output offset inserts[i] + i: increasing.
        let (mut low, mut high) = (0, self.inserts.len());
        while low < high {
            let mid = (low + high) / 2;
            if self.inserts[mid] + (mid as u64) < output {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        let landed_here = self.inserts.get(low).is_some_and(|&at| at + low as u64 == output);
        let input = output - low as u64;
        (!landed_here && input < self.kept_len()).then_some(input)
    }

    /// The repaired file, in pieces of kept input and inserted zeros, in order.
    fn pieces(&self) -> Vec<Piece> {
        let mut pieces = Vec::with_capacity(2 * self.inserts.len() + 1);
        let (mut input, mut output) = (0, 0);
        let keep = |pieces: &mut Vec<Piece>, input: &mut u64, output: &mut u64, to: u64| {
            if to > *input {
                pieces.push(Piece { output: *output, len: to - *input, input: Some(*input) });
                *output += to - *input;
                *input = to;
            }
        };
        for &at in &self.inserts {
            keep(&mut pieces, &mut input, &mut output, at);
            pieces.push(Piece { output, len: 1, input: None });
            output += 1;
        }
        keep(&mut pieces, &mut input, &mut output, self.kept_len());
        pieces
    }
}

/// A run of the repaired file: kept input bytes, or inserted zeros.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
struct Piece {
    /// Where it starts in the repaired file.
    output: u64,
    /// Its length.
    len: u64,
    /// Where it starts in the input; `None` for zeros.
    input: Option<u64>,
}

/// The repaired file as a `Read + Seek` stream over the input: what
/// [`Plan::repaired`](super::Plan::repaired) returns. Nothing is written to the input.
#[derive(Debug)]
pub struct Repaired<'p, R> {
    input: R,
    edits: &'p Edits,
    pieces: Vec<Piece>,
    pos: u64,
    /// Where the input is, when known.
    input_pos: Option<u64>,
}

impl<'p, R: Read + Seek> Repaired<'p, R> {
    pub(super) fn new(input: R, edits: &'p Edits) -> Repaired<'p, R> {
        Repaired { input, pieces: edits.pieces(), edits, pos: 0, input_pos: None }
    }

    /// The repaired file's length.
    pub fn len(&self) -> u64 {
        self.edits.output_len()
    }

    /// True when the repaired file is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Gives the input back.
    pub fn into_inner(self) -> R {
        self.input
    }
}

impl<R: Read + Seek> Read for Repaired<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let index = self.pieces.partition_point(|p| p.output + p.len <= self.pos);
        let Some(&piece) = self.pieces.get(index) else { return Ok(0) };
        let skip = self.pos - piece.output;
        let n = (buf.len() as u64).min(piece.len - skip) as usize;
        let buf = &mut buf[..n];
        match piece.input {
            None => buf.fill(0),
            Some(start) => {
                let from = start + skip;
                if self.input_pos != Some(from) {
                    self.input.seek(SeekFrom::Start(from))?;
                }
                self.input_pos = None;
                self.input.read_exact(buf)?;
                self.input_pos = Some(from + n as u64);
                for (&at, &byte) in self.edits.patches.range(from..from + n as u64) {
                    buf[(at - from) as usize] = byte;
                }
            }
        }
        self.pos += n as u64;
        Ok(n)
    }
}

impl<R: Read + Seek> Seek for Repaired<'_, R> {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        let target = match pos {
            SeekFrom::Start(n) => Some(n),
            SeekFrom::End(d) => self.len().checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        self.pos = target.ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "seek before the start"))?;
        Ok(self.pos)
    }
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;

    fn apply(edits: &Edits, input: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        Repaired::new(Cursor::new(input), edits).read_to_end(&mut out).unwrap();
        assert_eq!(out.len() as u64, edits.output_len());
        out
    }

    #[test]
    fn patches_inserts_cuts_and_appends() {
        let input = b"0123456789";
        let mut edits = Edits::new(10);
        assert_eq!(apply(&edits, input), input);
        edits.patch(1, b"ab");
        edits.insert(4);
        edits.insert(4);
        edits.insert(7);
        assert_eq!(apply(&edits, input), b"0ab3\x00\x00456\x00789");
        assert_eq!((edits.map(3), edits.map(4), edits.map(6), edits.map(7), edits.map(9)), (3, 6, 8, 10, 12));
        let unmapped: Vec<_> = (0..14).map(|out| edits.unmap(out)).collect();
        let kept = |x| Some(x);
        assert_eq!(
            unmapped,
            [
                kept(0),
                kept(1),
                kept(2),
                kept(3),
                None,
                None,
                kept(4),
                kept(5),
                kept(6),
                None,
                kept(7),
                kept(8),
                kept(9),
                None
            ]
        );
        edits.cut(8);
        edits.insert(8);
        assert_eq!(apply(&edits, input), b"0ab3\x00\x00456\x007\x00");
        assert!(edits.take_back_insert(8) && !edits.take_back_insert(8));
        assert_eq!(apply(&edits, input), b"0ab3\x00\x00456\x007");
        let mut empty = Edits::new(10);
        empty.cut(0);
        assert_eq!(apply(&empty, input), b"");
    }

    #[test]
    fn reads_and_seeks_anywhere() {
        let input: Vec<u8> = (0..200u8).collect();
        let mut edits = Edits::new(200);
        edits.patch(50, &[0xee; 4]);
        edits.insert(100);
        let whole = apply(&edits, &input);
        let mut view = Repaired::new(Cursor::new(&input[..]), &edits);
        for start in [0u64, 49, 52, 99, 100, 101, 200] {
            view.seek(SeekFrom::Start(start)).unwrap();
            let mut piece = [0; 5];
            let n = view.read(&mut piece).unwrap();
            assert!(n > 0 || start == 201);
            assert_eq!(&piece[..n], &whole[start as usize..start as usize + n]);
        }
        assert_eq!(view.seek(SeekFrom::End(0)).unwrap(), 201);
        assert_eq!(view.read(&mut [0; 4]).unwrap(), 0);
    }
}
