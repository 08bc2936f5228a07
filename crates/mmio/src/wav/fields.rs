//! Fixed-layout fields of WAVE chunks, read and written in a file's byte order.

use crate::fourcc::FourCC;
use crate::riff::ByteOrder;

/// Reads the fields of a chunk's payload. Offsets must be inside it: callers read
/// payloads of unknown length through [`padded`].
pub(crate) struct Fields<'a> {
    bytes: &'a [u8],
    order: ByteOrder,
}

impl<'a> Fields<'a> {
    pub(crate) fn new(bytes: &'a [u8], order: ByteOrder) -> Fields<'a> {
        Fields { bytes, order }
    }

    fn array<const N: usize>(&self, at: usize) -> [u8; N] {
        let mut out = [0; N];
        out.copy_from_slice(&self.bytes[at..at + N]);
        out
    }

    pub(crate) fn u16(&self, at: usize) -> u16 {
        self.order.read_u16(self.array(at))
    }

    pub(crate) fn i16(&self, at: usize) -> i16 {
        self.u16(at) as i16
    }

    pub(crate) fn u32(&self, at: usize) -> u32 {
        self.order.read_u32(self.array(at))
    }

    pub(crate) fn f32(&self, at: usize) -> f32 {
        f32::from_bits(self.u32(at))
    }

    pub(crate) fn fourcc(&self, at: usize) -> FourCC {
        FourCC::new(self.array(at))
    }

    pub(crate) fn bytes(&self, at: usize, len: usize) -> &'a [u8] {
        &self.bytes[at..at + len]
    }
}

/// `bytes` zero-extended to at least `len` bytes (a short chunk reads as zeros).
pub(crate) fn padded(bytes: &[u8], len: usize) -> Vec<u8> {
    let mut out = bytes.to_vec();
    if out.len() < len {
        out.resize(len, 0);
    }
    out
}

/// Builds a chunk's payload field by field.
pub(crate) struct Put {
    pub(crate) bytes: Vec<u8>,
    order: ByteOrder,
}

impl Put {
    pub(crate) fn new(order: ByteOrder) -> Put {
        Put { bytes: Vec::new(), order }
    }

    pub(crate) fn u16(&mut self, value: u16) -> &mut Put {
        self.bytes.extend_from_slice(&self.order.write_u16(value));
        self
    }

    pub(crate) fn i16(&mut self, value: i16) -> &mut Put {
        self.u16(value as u16)
    }

    pub(crate) fn u32(&mut self, value: u32) -> &mut Put {
        self.bytes.extend_from_slice(&self.order.write_u32(value));
        self
    }

    pub(crate) fn f32(&mut self, value: f32) -> &mut Put {
        self.u32(value.to_bits())
    }

    pub(crate) fn fourcc(&mut self, value: FourCC) -> &mut Put {
        self.raw(&value.bytes())
    }

    pub(crate) fn raw(&mut self, bytes: &[u8]) -> &mut Put {
        self.bytes.extend_from_slice(bytes);
        self
    }
}
