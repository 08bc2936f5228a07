//! [`ChunkInfo`], the 64-bit `MMCKINFO`, and the search and create modes.

use crate::flag_sets::ChunkFlags;
use crate::fourcc::FourCC;

/// What `mmioDescend` and `mmioCreateChunk` read and write: one chunk's id, size, form
/// type and data offset (`MMCKINFO`, with 64-bit sizes and offsets).
///
/// `size` excludes the 8-byte header and the pad byte; for a container (RIFF, LIST,
/// RIFX, RF64, BW64) it includes the 4-byte form type, and `data_offset` is the offset
/// of that form type.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChunkInfo {
    /// `ckid`: the chunk id.
    pub id: FourCC,
    /// `cksize`: the size of the data (for containers, form type included).
    pub size: u64,
    /// `fccType`: the form or list type of a container; zero for other chunks.
    pub form: FourCC,
    /// `dwDataOffset`: the file offset of the data (of the form type, for containers).
    pub data_offset: u64,
    /// `dwFlags`: [`DIRTY`](ChunkFlags::DIRTY) after
    /// [`create_chunk`](crate::Mmio::create_chunk), until [`ascend`](crate::Mmio::ascend)
    /// has fixed the size.
    pub flags: ChunkFlags,
}

impl ChunkInfo {
    /// A chunk with this id, for [`Find::Chunk`] or [`Create::Chunk`].
    pub fn new(id: FourCC) -> ChunkInfo {
        ChunkInfo { id, ..ChunkInfo::default() }
    }

    /// A RIFF form of this type, for [`Find::Riff`] or [`Create::Riff`].
    pub fn riff(form: FourCC) -> ChunkInfo {
        ChunkInfo { id: FourCC::RIFF, form, ..ChunkInfo::default() }
    }

    /// A LIST of this type, for [`Find::List`] or [`Create::List`].
    pub fn list(form: FourCC) -> ChunkInfo {
        ChunkInfo { id: FourCC::LIST, form, ..ChunkInfo::default() }
    }

    /// True when [`DIRTY`](ChunkFlags::DIRTY) is set: the size is fixed up on ascend.
    pub fn is_dirty(&self) -> bool {
        self.flags.contains(ChunkFlags::DIRTY)
    }

    /// True for the ids that hold sub-chunks: RIFF, LIST, RIFX, RF64, BW64.
    pub fn is_container(&self) -> bool {
        is_container(self.id)
    }

    /// Where the sub-chunks (containers) or the data (other chunks) start.
    pub fn body_start(&self) -> u64 {
        self.data_offset.saturating_add(if self.is_container() { 4 } else { 0 })
    }

    /// One past the last data byte: `data_offset + size`.
    pub fn end(&self) -> u64 {
        self.data_offset.saturating_add(self.size)
    }

    /// Where the next chunk starts: the end plus the pad byte of an odd size.
    pub fn padded_end(&self) -> u64 {
        self.end().saturating_add(self.size & 1)
    }
}

/// True for the ids of chunks that hold sub-chunks.
pub fn is_container(id: FourCC) -> bool {
    is_form(id) || id == FourCC::LIST
}

/// True for the ids of top-level forms: RIFF, RIFX, RF64, BW64.
pub fn is_form(id: FourCC) -> bool {
    matches!(id, FourCC::RIFF | FourCC::RIFX | FourCC::RF64 | FourCC::BW64)
}

/// How [`descend`](crate::Mmio::descend) chooses the chunk (`mmioDescend`'s flags).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Find {
    /// The chunk at the position (flags 0).
    Here,
    /// The first chunk whose id is the `ChunkInfo`'s id; a zero id matches any
    /// (`MMIO_FINDCHUNK`).
    Chunk,
    /// The first RIFF form whose type is the `ChunkInfo`'s form; zero matches any
    /// (`MMIO_FINDRIFF`). RIFX, RF64 and BW64 forms count as RIFF forms.
    Riff,
    /// The first LIST whose type is the `ChunkInfo`'s form; zero matches any
    /// (`MMIO_FINDLIST`).
    List,
}

/// What [`create_chunk`](crate::Mmio::create_chunk) writes (`mmioCreateChunk`'s flags).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Create {
    /// A chunk with the `ChunkInfo`'s id (flags 0).
    Chunk,
    /// A RIFF form (`MMIO_CREATERIFF`): id RIFF (RIFX in a big-endian file), then the
    /// form type.
    Riff,
    /// A LIST (`MMIO_CREATELIST`): id LIST, then the list type.
    List,
}

/// The byte order of the size fields of a RIFF-family file.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Default)]
pub enum ByteOrder {
    /// RIFF, RF64, BW64.
    #[default]
    Little,
    /// RIFX.
    Big,
}

impl ByteOrder {
    /// Decodes a 16-bit field.
    pub fn read_u16(self, bytes: [u8; 2]) -> u16 {
        match self {
            ByteOrder::Little => u16::from_le_bytes(bytes),
            ByteOrder::Big => u16::from_be_bytes(bytes),
        }
    }

    /// Encodes a 16-bit field.
    pub fn write_u16(self, value: u16) -> [u8; 2] {
        match self {
            ByteOrder::Little => value.to_le_bytes(),
            ByteOrder::Big => value.to_be_bytes(),
        }
    }

    /// Decodes a 32-bit size field.
    pub fn read_u32(self, bytes: [u8; 4]) -> u32 {
        match self {
            ByteOrder::Little => u32::from_le_bytes(bytes),
            ByteOrder::Big => u32::from_be_bytes(bytes),
        }
    }

    /// Encodes a 32-bit size field.
    pub fn write_u32(self, value: u32) -> [u8; 4] {
        match self {
            ByteOrder::Little => value.to_le_bytes(),
            ByteOrder::Big => value.to_be_bytes(),
        }
    }

    /// The id and the 32-bit size field of the chunk header in `header`.
    pub(crate) fn read_header(self, header: &[u8; 8]) -> (FourCC, u32) {
        let [a, b, c, d, s0, s1, s2, s3] = *header;
        (FourCC::new([a, b, c, d]), self.read_u32([s0, s1, s2, s3]))
    }
}
