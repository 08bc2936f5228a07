//! The `ds64` chunk of RF64 / BW64 files (EBU Tech 3306, ITU-R BS.2088): 64-bit sizes
//! for the chunks whose 32-bit size field holds 0xFFFFFFFF.
//!
//! Layout of its data (all little-endian): riffSize u64, dataSize u64, sampleCount u64,
//! tableLength u32, then tableLength entries of (chunk id, u64 size).

use crate::fourcc::FourCC;

/// The fixed part of a ds64 chunk's data, in bytes.
pub const DS64_MIN_SIZE: usize = 28;
/// The bytes of one table entry.
const ENTRY_SIZE: usize = 12;
/// Table entries kept from a file; more are ignored (a hostile tableLength cannot make
/// us allocate).
pub const DS64_MAX_TABLE: usize = 256;
/// The value of a 32-bit size field whose real size is in the ds64 chunk.
pub const SIZE_IN_DS64: u32 = u32::MAX;

/// The sizes a ds64 chunk holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ds64 {
    /// The size of the RF64 form.
    pub riff_size: u64,
    /// The size of the `data` chunk.
    pub data_size: u64,
    /// The number of samples (for `fact`).
    pub sample_count: u64,
    /// The sizes of other chunks over 4 GiB.
    pub table: Vec<(FourCC, u64)>,
}

fn u64_at(data: &[u8], at: usize) -> u64 {
    let mut bytes = [0; 8];
    bytes.copy_from_slice(&data[at..at + 8]);
    u64::from_le_bytes(bytes)
}

impl Ds64 {
    /// Decodes a ds64 chunk's data, or `None` if it is shorter than 28 bytes. Table
    /// entries are read while both the declared length and `data` allow, up to 256
    /// (`DS64_MAX_TABLE`).
    pub fn parse(data: &[u8]) -> Option<Ds64> {
        if data.len() < DS64_MIN_SIZE {
            return None;
        }
        let declared = u32::from_le_bytes([data[24], data[25], data[26], data[27]]) as usize;
        let present = (data.len() - DS64_MIN_SIZE) / ENTRY_SIZE;
        let table = (0..declared.min(present).min(DS64_MAX_TABLE))
            .map(|i| {
                let at = DS64_MIN_SIZE + i * ENTRY_SIZE;
                let id = FourCC::new([data[at], data[at + 1], data[at + 2], data[at + 3]]);
                (id, u64_at(data, at + 4))
            })
            .collect();
        Some(Ds64 { riff_size: u64_at(data, 0), data_size: u64_at(data, 8), sample_count: u64_at(data, 16), table })
    }

    /// The real size of a chunk with this id whose size field holds 0xFFFFFFFF.
    pub fn size_of(&self, id: FourCC) -> Option<u64> {
        match id {
            FourCC::RF64 | FourCC::BW64 => Some(self.riff_size),
            FourCC::DATA => Some(self.data_size),
            _ => self.table.iter().find(|(entry, _)| *entry == id).map(|&(_, size)| size),
        }
    }

    /// Encodes the data of a ds64 chunk of exactly `room` bytes (at least 28), with as
    /// many table entries as fit; `None` if an entry does not fit.
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_with_table() {
        let ds = Ds64 {
            riff_size: 5 << 32,
            data_size: (5 << 32) - 100,
            sample_count: 7,
            table: vec![(FourCC::new(*b"big "), 1 << 33)],
        };
        let bytes = ds.encode(40).unwrap();
        assert_eq!(bytes.len(), 40);
        assert_eq!(Ds64::parse(&bytes), Some(ds.clone()));
        assert_eq!(ds.size_of(FourCC::RF64), Some(5 << 32));
        assert_eq!(ds.size_of(FourCC::DATA), Some((5 << 32) - 100));
        assert_eq!(ds.size_of(FourCC::new(*b"big ")), Some(1 << 33));
        assert_eq!(ds.size_of(FourCC::LIST), None);
        assert_eq!(ds.encode(39), None);
    }

    #[test]
    fn hostile_table_lengths_are_bounded_by_the_data() {
        let mut bytes = Ds64::default().encode(28).unwrap();
        bytes[24..28].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(Ds64::parse(&bytes).unwrap().table.is_empty());
        assert_eq!(Ds64::parse(&bytes[..27]), None);
    }
}
