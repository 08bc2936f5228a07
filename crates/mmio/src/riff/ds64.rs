//! The `ds64` chunk of RF64 / BW64 files (EBU Tech 3306, ITU-R BS.2088): 64-bit sizes
//! for the chunks whose 32-bit size field holds 0xFFFFFFFF.
//!
//! This is the only code that reads or writes one: [`descend`](crate::Mmio::descend),
//! the [`Walker`](super::Walker) and repair read it with [`Ds64::read`] (so a table
//! gives the same sizes everywhere), and both ascend-time promotion and repair turn a
//! RIFF file into RF64 with [`Ds64::promotion_patches`].
//!
//! Layout: the chunk starts right after its form's 12-byte header (offset 12 in a
//! file), and its data is, all little-endian: riffSize u64, dataSize u64, sampleCount
//! u64, tableLength u32, then tableLength entries of (chunk id, u64 size). The entries
//! that count are those inside both the chunk (its size field) and the file; a table
//! with more than [`DS64_MAX_TABLE`] of them is refused with [`TABLE_TOO_LONG`].

use std::collections::HashMap;
use std::io::{self, Read, Seek, SeekFrom};

use crate::error::{Error, ErrorCode, Result};
use crate::fourcc::FourCC;

/// The fixed part of a ds64 chunk's data, in bytes.
pub const DS64_MIN_SIZE: usize = 28;
/// The bytes of one table entry: a chunk id and a 64-bit size.
const ENTRY_SIZE: usize = 12;
/// The most table entries read from a file (65,536, 768 KiB of table). Each entry
/// stands for a chunk over 4 GiB, so real tables hold a handful; a longer one is
/// refused by every reader, with [`TABLE_TOO_LONG`], rather than searched.
pub const DS64_MAX_TABLE: usize = 1 << 16;
/// The error detail of a table longer than [`DS64_MAX_TABLE`].
pub const TABLE_TOO_LONG: &str = "the ds64 table has more than 65536 entries, the most this library reads";
/// The value of a 32-bit size field whose real size is in the ds64 chunk.
pub const SIZE_IN_DS64: u32 = u32::MAX;
/// Where the ds64 chunk starts, counted from its form's header: right after the id,
/// the size field and the form type.
pub const DS64_OFFSET: u64 = 12;

/// The sizes a ds64 chunk holds, and where that chunk is in its file (so that each
/// size's field can be found and patched).
///
/// ```
/// use std::io::Cursor;
/// use winmmio::FourCC;
/// use winmmio::riff::Ds64;
///
/// let mut sizes = Ds64::new(0);
/// sizes.riff_size = 5 << 32;
/// sizes.set_size(FourCC::new(*b"big "), 1 << 33)?;
/// let mut file = b"RF64\xff\xff\xff\xffWAVEds64\x28\0\0\0".to_vec();
/// file.extend(sizes.encode(40).unwrap());
/// let read = Ds64::read(&mut Cursor::new(file), 0)?.unwrap();
/// assert_eq!(read, sizes);
/// assert_eq!(read.size_of(FourCC::RF64), Some(5 << 32));
/// assert_eq!(read.size_field(FourCC::new(*b"big ")), Some(52));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Ds64 {
    /// Where the ds64 chunk's header starts.
    offset: u64,
    /// riffSize: the size of the RF64/BW64 form.
    pub riff_size: u64,
    /// dataSize: the size of the `data` chunk.
    pub data_size: u64,
    /// sampleCount: the number of samples (what a `fact` chunk would hold).
    pub sample_count: u64,
    /// The sizes of other chunks, in file order.
    table: Vec<(FourCC, u64)>,
    /// The index of each id's first entry (the one that counts).
    first: HashMap<FourCC, usize>,
}

impl PartialEq for Ds64 {
    fn eq(&self, other: &Ds64) -> bool {
        (self.offset, self.riff_size, self.data_size, self.sample_count)
            == (other.offset, other.riff_size, other.data_size, other.sample_count)
            && self.table == other.table
    }
}

impl Eq for Ds64 {}

/// Bytes to write at an offset: one step of an in-place edit.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Patch {
    /// Where the bytes go.
    pub offset: u64,
    /// What is written there.
    pub bytes: Vec<u8>,
}

fn u64_at(data: &[u8], at: usize) -> u64 {
    let mut bytes = [0; 8];
    bytes.copy_from_slice(&data[at..at + 8]);
    u64::from_le_bytes(bytes)
}

fn u32_at(data: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([data[at], data[at + 1], data[at + 2], data[at + 3]])
}

/// An error for a promotion that cannot be made.
fn cannot_promote(detail: &'static str) -> Error {
    Error::with_detail(ErrorCode::CannotWrite, detail)
}

impl Ds64 {
    /// Empty sizes for the form whose header starts at `form_offset` (the ds64 chunk
    /// is [`DS64_OFFSET`] bytes further).
    pub fn new(form_offset: u64) -> Ds64 {
        Ds64 {
            offset: form_offset.saturating_add(DS64_OFFSET),
            riff_size: 0,
            data_size: 0,
            sample_count: 0,
            table: Vec::new(),
            first: HashMap::new(),
        }
    }

    /// Reads the ds64 chunk of the RF64/BW64 form whose header starts at `form_offset`
    /// (0 for a file). `None` when there is no usable one: the chunk at
    /// `form_offset + 12` is not `ds64`, declares under 28 bytes, or the file ends
    /// inside its fixed part. The table holds the entries inside both the chunk and
    /// the file, at most `tableLength`; more than [`DS64_MAX_TABLE`] of them is an
    /// `InvalidData` error whose [`Error`](crate::Error) has the detail
    /// [`TABLE_TOO_LONG`]. The reader is left anywhere.
    pub fn read<R: Read + Seek>(reader: &mut R, form_offset: u64) -> io::Result<Option<Ds64>> {
        let mut ds64 = Ds64::new(form_offset);
        let file_len = reader.seek(SeekFrom::End(0))?;
        let table_at = ds64.offset + 8 + DS64_MIN_SIZE as u64;
        if file_len < table_at {
            return Ok(None);
        }
        reader.seek(SeekFrom::Start(ds64.offset))?;
        let mut head = [0; 8 + DS64_MIN_SIZE];
        reader.read_exact(&mut head)?;
        let declared = u32_at(&head, 4);
        if head[..4] != *b"ds64" || (declared as usize) < DS64_MIN_SIZE {
            return Ok(None);
        }
        let fixed = &head[8..];
        (ds64.riff_size, ds64.data_size, ds64.sample_count) = (u64_at(fixed, 0), u64_at(fixed, 8), u64_at(fixed, 16));
        let table_end = (ds64.offset + 8 + u64::from(declared)).min(file_len);
        let entries = u64::from(u32_at(fixed, 24)).min((table_end - table_at) / ENTRY_SIZE as u64);
        if entries > DS64_MAX_TABLE as u64 {
            return Err(Error::with_detail(ErrorCode::InvalidFile, TABLE_TOO_LONG).into());
        }
        let mut table = vec![0; entries as usize * ENTRY_SIZE];
        reader.read_exact(&mut table)?;
        for entry in table.chunks_exact(ENTRY_SIZE) {
            ds64.push(FourCC::new([entry[0], entry[1], entry[2], entry[3]]), u64_at(entry, 4));
        }
        Ok(Some(ds64))
    }

    /// Where the ds64 chunk's header starts.
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// The table: the sizes of chunks other than the form and `data`, in file order
    /// (when an id comes twice, its first entry is the one that counts).
    pub fn table(&self) -> &[(FourCC, u64)] {
        &self.table
    }

    fn push(&mut self, id: FourCC, size: u64) {
        self.first.entry(id).or_insert(self.table.len());
        self.table.push((id, size));
    }

    /// Sets the size of a chunk with this id: riffSize for RF64/BW64, dataSize for
    /// `data`, else the id's table entry, added if missing. A table already [`DS64_MAX_TABLE`] long takes no new id.
    pub fn set_size(&mut self, id: FourCC, size: u64) -> Result<()> {
        match id {
            FourCC::RF64 | FourCC::BW64 => self.riff_size = size,
            FourCC::DATA => self.data_size = size,
            _ => match self.first.get(&id) {
                Some(&index) => self.table[index].1 = size,
                None if self.table.len() >= DS64_MAX_TABLE => {
                    return Err(Error::with_detail(ErrorCode::InvalidParam, TABLE_TOO_LONG));
                }
                None => self.push(id, size),
            },
        }
        Ok(())
    }

    /// The real size of a chunk with this id whose size field holds 0xFFFFFFFF:
    /// riffSize for RF64/BW64, dataSize for `data`, else the id's first table entry.
    pub fn size_of(&self, id: FourCC) -> Option<u64> {
        match id {
            FourCC::RF64 | FourCC::BW64 => Some(self.riff_size),
            FourCC::DATA => Some(self.data_size),
            _ => self.first.get(&id).map(|&index| self.table[index].1),
        }
    }

    /// The file offset of the 64-bit field [`size_of`](Self::size_of) reads for this
    /// id, to patch it: riffSize, dataSize or the size in the id's first table entry.
    pub fn size_field(&self, id: FourCC) -> Option<u64> {
        let data = self.offset + 8;
        match id {
            FourCC::RF64 | FourCC::BW64 => Some(data),
            FourCC::DATA => Some(data + 8),
            _ => self.first.get(&id).map(|&index| data + (DS64_MIN_SIZE + index * ENTRY_SIZE + 4) as u64),
        }
    }

    /// The file offset of the 64-bit sampleCount field.
    pub fn sample_count_field(&self) -> u64 {
        self.offset + 8 + 16
    }

    /// The data of a ds64 chunk of exactly `room` bytes (at least 28): the fields, the
    /// table, zeros after it; `None` if the table does not fit.
    pub fn encode(&self, room: usize) -> Option<Vec<u8>> {
        if room < DS64_MIN_SIZE || self.table.len() > (room - DS64_MIN_SIZE) / ENTRY_SIZE {
            return None;
        }
        let mut out = Vec::with_capacity(room);
        for value in [self.riff_size, self.data_size, self.sample_count] {
            out.extend_from_slice(&value.to_le_bytes());
        }
        out.extend_from_slice(&(self.table.len() as u32).to_le_bytes());
        for (id, size) in &self.table {
            out.extend_from_slice(&id.bytes());
            out.extend_from_slice(&size.to_le_bytes());
        }
        out.resize(room, 0);
        Some(out)
    }

    /// The patches that turn a RIFF form into an RF64 (or BW64: `form`) form in place,
    /// holding these sizes: the form's header becomes `form` with the size field
    /// 0xFFFFFFFF, and the `JUNK` chunk reserved right after it, of `reserved` bytes,
    /// becomes the ds64 chunk. The size fields of the chunks over 4 GiB are the
    /// caller's to set to 0xFFFFFFFF. `MMIOERR_CANNOTWRITE` if the table does not fit
    /// in the reserve.
    pub fn promotion_patches(&self, form: FourCC, reserved: u32) -> Result<Vec<Patch>> {
        if !matches!(form, FourCC::RF64 | FourCC::BW64) {
            return Err(Error::with_detail(ErrorCode::InvalidParam, "a RIFF form is promoted to RF64 or BW64"));
        }
        let body = self
            .encode(reserved as usize)
            .ok_or_else(|| cannot_promote("the JUNK chunk reserved for ds64 is too small for its table"))?;
        let mut header = form.bytes().to_vec();
        header.extend_from_slice(&SIZE_IN_DS64.to_le_bytes());
        let mut ds64 = FourCC::DS64.bytes().to_vec();
        ds64.extend_from_slice(&reserved.to_le_bytes());
        ds64.extend_from_slice(&body);
        Ok(vec![Patch { offset: self.offset - DS64_OFFSET, bytes: header }, Patch { offset: self.offset, bytes: ds64 }])
    }

    /// [`promotion_patches`](Self::promotion_patches) for a file read through
    /// `reader`: checks that the form there is a little-endian `RIFF` form with a
    /// `JUNK` chunk right after its header, and takes that chunk's size as the room.
    /// Refused (`MMIOERR_CANNOTWRITE`) otherwise.
    pub fn promote<R: Read + Seek>(&self, reader: &mut R, form: FourCC) -> io::Result<Vec<Patch>> {
        let form_at = self.offset - DS64_OFFSET;
        // Zeros (no RIFF, no JUNK) when the file is too short to hold them.
        let mut head = [0; 20];
        if reader.seek(SeekFrom::End(0))? >= form_at + 20 {
            reader.seek(SeekFrom::Start(form_at))?;
            reader.read_exact(&mut head)?;
        }
        if head[..4] != *b"RIFF" || head[12..16] != *b"JUNK" {
            let detail = "only a RIFF form with a JUNK chunk right after its header can become RF64";
            return Err(cannot_promote(detail).into());
        }
        Ok(self.promotion_patches(form, u32_at(&head, 16))?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn sizes(table: &[(&[u8; 4], u64)]) -> Ds64 {
        let mut ds = Ds64::new(0);
        (ds.riff_size, ds.data_size, ds.sample_count) = (5 << 32, (5 << 32) - 100, 7);
        for &(id, size) in table {
            ds.push(FourCC::new(*id), size);
        }
        ds
    }

    /// A file: the RF64 header, a ds64 chunk declaring `declared` bytes with `body`.
    fn file(declared: u32, body: &[u8]) -> Vec<u8> {
        let mut v = b"RF64\xff\xff\xff\xffWAVEds64".to_vec();
        v.extend_from_slice(&declared.to_le_bytes());
        v.extend_from_slice(body);
        v
    }

    #[test]
    fn round_trip_with_table() {
        let ds = sizes(&[(b"big ", 1 << 33), (b"big ", 9), (b"LIST", 1 << 34)]);
        let bytes = ds.encode(64).unwrap();
        assert_eq!(bytes.len(), 64);
        let read = Ds64::read(&mut Cursor::new(file(64, &bytes)), 0).unwrap().unwrap();
        assert_eq!(read, ds);
        assert_eq!(read.size_of(FourCC::RF64), Some(5 << 32));
        assert_eq!(read.size_of(FourCC::BW64), Some(5 << 32));
        assert_eq!(read.size_of(FourCC::DATA), Some((5 << 32) - 100));
        assert_eq!(read.size_of(FourCC::new(*b"big ")), Some(1 << 33));
        assert_eq!(read.size_of(FourCC::LIST), Some(1 << 34));
        assert_eq!(read.size_of(FourCC::JUNK), None);
        assert_eq!(ds.encode(63), None);
        assert_eq!(ds.encode(27), None);
    }

    #[test]
    fn fields_are_found_at_their_offsets() {
        let ds = sizes(&[(b"a   ", 1), (b"b   ", 2), (b"a   ", 3)]);
        let mut bytes = file(64, &ds.encode(64).unwrap());
        for (id, value) in [(*b"RF64", 5 << 32), (*b"data", (5 << 32) - 100), (*b"a   ", 1), (*b"b   ", 2)] {
            let at = ds.size_field(FourCC::new(id)).unwrap() as usize;
            assert_eq!(u64_at(&bytes, at), value, "{id:?}");
            bytes[at..at + 8].copy_from_slice(&42u64.to_le_bytes());
            let read = Ds64::read(&mut Cursor::new(&bytes), 0).unwrap().unwrap();
            assert_eq!(read.size_of(FourCC::new(id)), Some(42), "{id:?}");
        }
        assert_eq!(ds.size_field(FourCC::JUNK), None);
        assert_eq!(u64_at(&bytes, ds.sample_count_field() as usize), 7);
        // A form further into the file: every offset moves with it.
        let later = Ds64::new(100);
        assert_eq!((later.offset(), later.size_field(FourCC::DATA), later.sample_count_field()), (112, Some(128), 136));
    }

    #[test]
    fn unusable_chunks_read_as_none() {
        let body = Ds64::new(0).encode(28).unwrap();
        let cases = [
            file(27, &body),                                                              // declares under 28 bytes
            file(28, &body[..27]), // the file ends in the fixed part
            [b"RF64\0\0\0\0WAVEJUNK".to_vec(), vec![28, 0, 0, 0], body.clone()].concat(), // not ds64
            b"RF64".to_vec(),
        ];
        for bytes in cases {
            assert_eq!(Ds64::read(&mut Cursor::new(&bytes), 0).unwrap(), None, "{bytes:?}");
        }
        assert!(Ds64::read(&mut Cursor::new(file(28, &body)), 0).unwrap().is_some());
    }

    #[test]
    fn the_table_ends_at_the_chunk_the_file_or_its_length() {
        let ds = sizes(&[(b"one ", 1), (b"two ", 2), (b"thre", 3)]);
        let body = ds.encode(64).unwrap();
        let table_len = |bytes: &[u8]| Ds64::read(&mut Cursor::new(bytes), 0).unwrap().unwrap().table().len();
        assert_eq!(table_len(&file(64, &body)), 3);
        assert_eq!(table_len(&file(63, &body)), 2); // the chunk's size field
        assert_eq!(table_len(&file(64, &body[..63])), 2); // the end of the file
        let mut short = body.clone();
        short[24..28].copy_from_slice(&1u32.to_le_bytes()); // tableLength
        assert_eq!(table_len(&file(64, &short)), 1);
        let mut hostile = body;
        hostile[24..28].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(table_len(&file(u32::MAX, &hostile)), 3);
    }

    #[test]
    fn set_size_fills_the_right_field() {
        let mut ds = Ds64::new(0);
        ds.set_size(FourCC::RF64, 10).unwrap();
        ds.set_size(FourCC::DATA, 11).unwrap();
        ds.set_size(FourCC::LIST, 12).unwrap();
        ds.set_size(FourCC::LIST, 13).unwrap();
        assert_eq!((ds.riff_size, ds.data_size, ds.table()), (10, 11, &[(FourCC::LIST, 13)][..]));
        for i in 1..DS64_MAX_TABLE as u32 {
            ds.set_size(FourCC::from_u32(i), 1).unwrap();
        }
        assert_eq!(ds.table().len(), DS64_MAX_TABLE);
        let error = ds.set_size(FourCC::JUNK, 1).unwrap_err();
        assert!(error.to_string().contains(TABLE_TOO_LONG), "{error}");
        ds.set_size(FourCC::LIST, 14).unwrap();
    }

    #[test]
    fn promotion_patches_turn_a_reserve_into_ds64() {
        let mut riff = b"RIFF\0\0\0\0WAVEJUNK\x34\0\0\0".to_vec();
        riff.resize(20 + 52 + 8, 0xAA);
        let ds = sizes(&[(b"LIST", 1 << 33)]);
        let patches = ds.promote(&mut Cursor::new(&riff), FourCC::RF64).unwrap();
        assert_eq!(patches, ds.promotion_patches(FourCC::RF64, 52).unwrap());
        for patch in &patches {
            let at = patch.offset as usize;
            riff[at..at + patch.bytes.len()].copy_from_slice(&patch.bytes);
        }
        assert_eq!(&riff[..16], b"RF64\xff\xff\xff\xffWAVEds64");
        assert_eq!(&riff[72..], &[0xAA; 8]);
        let read = Ds64::read(&mut Cursor::new(&riff), 0).unwrap().unwrap();
        assert_eq!(read, ds);

        // A reserve too small for the table, a file that is not RIFF + JUNK, a bad form id.
        assert_eq!(ds.promotion_patches(FourCC::BW64, 39).unwrap_err().code(), ErrorCode::CannotWrite);
        assert!(ds.promote(&mut Cursor::new(&riff), FourCC::RF64).is_err());
        let mut no_junk = b"RIFF\0\0\0\0WAVEfmt \x34\0\0\0".to_vec();
        no_junk.resize(80, 0);
        assert!(ds.promote(&mut Cursor::new(&no_junk), FourCC::RF64).is_err());
        assert_eq!(ds.promotion_patches(FourCC::RIFF, 52).unwrap_err().code(), ErrorCode::InvalidParam);
    }
}
