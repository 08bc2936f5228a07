//! How the walker tells a finished chunk from one its writer never finished: the
//! look-ahead rules of `docs/repair.md`.
//!
//! A streaming writer writes a chunk's header with a placeholder size (0 or 0xFFFFFFFF)
//! and fixes it when the chunk is finished. A file whose writer died keeps the
//! placeholders of the chunks that were open, while an empty chunk that was finished
//! keeps an honest 0. What follows a chunk decides which reading is right:
//!
//! - A **chain** is a run of chunk headers, each with a plausible id, each starting
//!   where the previous one ends (after its pad byte), that ends exactly at the end of
//!   its region. Its last element may instead be open: a placeholder (runs to the end),
//!   or, when the region ends at the end of the file, an incomplete header.
//! - A size-0 chunk followed by a chain is finished; otherwise it is a placeholder.
//! - A placeholder leaf (its data is opaque) ends where a chain of finished chunks
//!   starts that ends exactly at the end of its region ([`Headers::split`]; of several,
//!   the one with the most headers, those inside its containers included, then the
//!   earliest, unless it would leave the data an odd length without its pad byte while
//!   a chain also starts one byte later); without one, it runs to the end of its region.
//! - An odd-sized chunk is followed by its pad byte, unless a plausible header starts
//!   right at its end and none one byte later (a writer that forgot the pad byte).
//!
//! Only ids matter for plausibility: four printable ASCII characters, the first not a
//! space. Random sample data rarely looks like that, and the chain must also land
//! exactly on the region's end, so a misreading needs several coincidences at once.

use std::collections::HashMap;
use std::io;

use super::chunk::{ByteOrder, is_container, is_form};
use crate::fourcc::FourCC;

/// The bytes before the end of its region that a search for a placeholder leaf's end
/// looks at ([`Headers::split`]): chunks written after the samples of a streaming
/// writer (tags, peak chunks, AVI indexes) are far smaller.
pub(super) const SPLIT_WINDOW: u64 = 64 << 20;
/// Headers one walk may read ahead: this many, or four for every 8 bytes of the file
/// (a file has at most one header per 8 bytes, and each region is looked through a
/// few times at most), plus 16 per chunk walked. Only hostile files reach it, and the
/// walk then fails instead of running for hours.
pub(super) const LOOKAHEAD_BUDGET: u64 = 1 << 22;
/// How deep [`Headers::split`] counts the headers inside the containers of a chain.
const EVIDENCE_DEPTH: u32 = 8;

/// True for an id a writer could have meant: printable ASCII, not starting with a space.
pub(crate) fn plausible_id(id: &[u8]) -> bool {
    id.first().is_some_and(|&b| b != b' ') && id.iter().all(|&b| (0x20..0x7f).contains(&b))
}

/// True when `bytes`, the last bytes of a file (fewer than 8), read as the start of a
/// chunk header. Right after a size-0 chunk (`after_empty`) they could as well be the
/// first data bytes of that chunk, if its writer died before it fixed the size:
/// dropping them would lose data, so they count as a header only when that 0 is known
/// to be final: the file's writer marks unfinished sizes with 0xFFFFFFFF
/// (`zero_is_honest`: its form's own size field says so). No pattern in the bytes is
/// evidence enough: a plausible id followed by zeros is also a 4-character text with
/// its terminating NUL (a year in an `ICRD` tag) and its pad byte.
fn incomplete_header(bytes: &[u8], after_empty: bool, zero_is_honest: bool) -> bool {
    (!after_empty || zero_is_honest) && plausible_id(&bytes[..bytes.len().min(4)])
}

/// True when a placeholder container (a list its writer never finished) cannot hold a
/// chunk with this id, so the list must have ended where it starts: an AVI index after
/// the `movi` list, a chunk after a `LIST INFO` whose ids are not tags, or a second
/// form after a form.
pub(super) fn ends_placeholder_list(container: FourCC, list_type: Option<FourCC>, id: FourCC) -> bool {
    if is_form(id) {
        return true;
    }
    match list_type.map(FourCC::bytes) {
        _ if container != FourCC::LIST => false,
        Some(kind) if &kind == b"movi" => &id.bytes() == b"idx1",
        Some(kind) if &kind == b"INFO" => id.bytes()[0] != b'I',
        _ => false,
    }
}

/// A chunk header as the look-ahead sees it.
#[derive(Copy, Clone, Debug)]
pub(super) struct Header {
    /// The id.
    pub id: FourCC,
    /// The 32-bit size field as stored (0 for a 0xFFFFFFFF whose ds64 size is 0).
    pub size32: u32,
    /// The size: the 32-bit field, or the ds64 size in RF64 files.
    pub size: u64,
    /// The size is a streaming writer's placeholder, or could be one (0).
    pub placeholder: bool,
}

/// How a chain ends.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(super) enum Tail {
    /// Exactly at the end of the region.
    Exact,
    /// With an open element at this offset: a placeholder, or an incomplete header at
    /// the end of the file.
    Open(u64),
    /// With a chunk of size 0 at this offset that is open if anything is: what follows
    /// it is no chain. The weakest evidence: it does not make an empty `idx1` finished.
    OpenEmpty(u64),
    /// Before a form header at this offset (only when asked to stop there).
    Form(u64),
}

impl Tail {
    /// Where the finished chunks of the chain end.
    pub fn finished_until(self, end: u64) -> u64 {
        match self {
            Tail::Exact => end,
            Tail::Open(at) | Tail::OpenEmpty(at) | Tail::Form(at) => at,
        }
    }
}

/// Positioned access to a file's chunk headers, for the look-ahead rules.
pub(super) trait Headers {
    /// The file's size.
    fn file_size(&self) -> u64;

    /// The byte order of size fields.
    fn order(&self) -> ByteOrder;

    /// Reads exactly `buf.len()` bytes at `at` (inside the file).
    fn read_at(&mut self, at: u64, buf: &mut [u8]) -> io::Result<()>;

    /// The header at `at` (at least 8 bytes before the end of the file).
    fn header(&mut self, at: u64) -> io::Result<Header>;

    /// True in RF64/BW64 files, whose 0xFFFFFFFF size fields are in the ds64 chunk.
    fn sizes_in_ds64(&self) -> bool;

    /// True when the file's writer marks unfinished sizes with 0xFFFFFFFF (its form's
    /// own size field says so), so that a size of 0 is final.
    fn zero_is_honest(&self) -> bool;

    /// Counts one header read ahead; fails when the walk's budget is spent.
    fn spend(&mut self) -> io::Result<()>;

    /// Takes up to `bytes` from the walk's budget for [`split`](Self::split) scans and
    /// returns how many it may scan.
    fn scan_allowance(&mut self, bytes: u64) -> u64;

    /// True when a plausible chunk header starts at `at` and fits before `end`.
    fn plausible_at(&mut self, at: u64, end: u64) -> io::Result<bool> {
        if end.saturating_sub(at) < 8 {
            return Ok(false);
        }
        let mut id = [0; 4];
        self.read_at(at, &mut id)?;
        Ok(plausible_id(&id))
    }

    /// Where the next chunk starts after an odd-sized chunk whose data ends at `end`,
    /// in a region that ends at `region_end`: after the pad byte, unless a plausible
    /// header starts at `end` and none at `end + 1` (the pad byte is missing), or the
    /// region ends at `end` (no room for it).
    fn after_odd(&mut self, end: u64, region_end: u64) -> io::Result<u64> {
        if end >= region_end {
            return Ok(region_end);
        }
        if end + 1 == region_end || self.plausible_at(end + 1, region_end)? {
            return Ok(end + 1);
        }
        Ok(if self.plausible_at(end, region_end)? { end } else { end + 1 })
    }

    /// Follows the chain that starts at `from` in a region ending at `end`; `None` when
    /// the bytes there are no chain. With `stop_at_form`, a form header ends the chain
    /// ([`Tail::Form`]). `from_empty` says that `from` is right after a chunk of size 0
    /// (whose data the last bytes of the file could be).
    fn chain_from(&mut self, from: u64, end: u64, stop_at_form: bool, from_empty: bool) -> io::Result<Option<Tail>> {
        let at_eof = end == self.file_size();
        let mut at = from;
        // The last size-0 leaf passed: if the rest is no chain, it is the open element.
        let mut fallback = None;
        loop {
            if at == end {
                return Ok(Some(Tail::Exact));
            }
            self.spend()?;
            let left = end - at;
            if left < 8 {
                let mut rest = [0; 8];
                self.read_at(at, &mut rest[..left as usize])?;
                // Right after a size-0 leaf these bytes could be its data.
                let after_empty = (at == from && from_empty) || fallback == Some(at - 8);
                if at_eof && incomplete_header(&rest[..left as usize], after_empty, self.zero_is_honest()) {
                    return Ok(Some(Tail::Open(at)));
                }
                break;
            }
            let header = self.header(at)?;
            if !plausible_id(&header.id.bytes()) {
                break;
            }
            if stop_at_form && is_form(header.id) {
                return Ok(Some(Tail::Form(at)));
            }
            let container = is_container(header.id);
            if container && left < 12 {
                if at_eof {
                    return Ok(Some(Tail::Open(at)));
                }
                break;
            }
            if header.placeholder {
                if container || header.size32 != 0 {
                    return Ok(Some(Tail::Open(at)));
                }
                fallback = Some(at);
                at += 8;
                continue;
            }
            if container && header.size < 4 {
                break;
            }
            match (at + 8).checked_add(header.size) {
                Some(data_end) if data_end <= end => {
                    at = if header.size % 2 == 1 { self.after_odd(data_end, end)? } else { data_end };
                }
                _ => break,
            }
        }
        Ok(fallback.map(Tail::OpenEmpty))
    }

    /// How many chunk headers a finished container whose data (after its header)
    /// runs from `data` to `end` holds, its children's children included down to
    /// [`EVIDENCE_DEPTH`] levels, when they are chains of finished chunks; 0 when its
    /// children are no such chain (a container deeper down that holds none counts
    /// only itself).
    fn descendants(&mut self, data: u64, end: u64, levels: u32) -> io::Result<u64> {
        if levels == 0 {
            return Ok(0);
        }
        let mut at = data + 4;
        let mut count = 0;
        while at < end {
            self.spend()?;
            if end - at < 8 {
                return Ok(0);
            }
            let mut header = [0; 8];
            self.read_at(at, &mut header)?;
            let (id, size32) = self.order().read_header(&header);
            if !plausible_id(&header[..4]) || size32 == u32::MAX || (is_container(id) && size32 < 4) {
                return Ok(0);
            }
            let child_end = at + 8 + u64::from(size32);
            if child_end > end {
                return Ok(0);
            }
            if is_container(id) {
                count += self.descendants(at + 8, child_end, levels - 1)?;
            }
            at = if size32 % 2 == 1 { self.after_odd(child_end, end)? } else { child_end };
            count += 1;
        }
        Ok(count)
    }

    /// Where the data of a placeholder leaf that starts at `data` ends, in a region
    /// ending at `end`: an offset from which a chain of finished chunks ends exactly at
    /// `end`, looking at the last [`SPLIT_WINDOW`] bytes of the region. Of several, the
    /// one whose chain holds the most headers (a container's descendants count too:
    /// each is one more coincidence were the chain made of sample bytes; and a chain
    /// that starts at a container has one more header than one that starts at its
    /// first child and goes on after it), and of those the
    /// earliest; but not an offset that leaves the data an odd length, without its pad
    /// byte, when a chain also starts one byte later. `None` when there is no such
    /// chain: the leaf runs to the end of its region.
    fn split(&mut self, data: u64, end: u64) -> io::Result<Option<u64>> {
        let span = end.saturating_sub(data).min(SPLIT_WINDOW);
        let allowed = self.scan_allowance(span);
        if allowed < 8 {
            return Ok(None);
        }
        let low = end - allowed;
        let order = self.order();
        // Offsets from which a chain of finished chunks reaches `end`, with the number
        // of headers in that chain.
        let mut starts = HashMap::from([(end, 0u64)]);
        let mut best: Option<(u64, u64)> = None;
        const BLOCK: u64 = 1 << 16;
        let mut block = vec![0; (BLOCK + 8) as usize];
        let mut block_end = end;
        while block_end > low {
            let block_start = block_end.saturating_sub(BLOCK).max(low);
            // The block plus the 7 bytes after it, so headers across its end are whole.
            let stop = (block_end + 7).min(end);
            let bytes = &mut block[..(stop - block_start) as usize];
            self.read_at(block_start, bytes)?;
            for q in (block_start..block_end.min(end - 7)).rev() {
                let i = (q - block_start) as usize;
                let Some(header) = bytes[i..].first_chunk::<8>() else { break };
                if !plausible_id(&header[..4]) {
                    continue;
                }
                let (id, size32) = order.read_header(header);
                let size = if size32 != u32::MAX {
                    u64::from(size32)
                } else if self.sizes_in_ds64() {
                    self.header(q)?.size
                } else {
                    continue; // a placeholder: not finished
                };
                if is_container(id) && size < 4 {
                    continue;
                }
                let Some(data_end) = (q + 8).checked_add(size) else { continue };
                // The chunk continues a chain where the walk will go after it: after
                // an odd size, past its pad byte or not as R9 says.
                let next = if size % 2 == 1 && (starts.contains_key(&data_end) || starts.contains_key(&(data_end + 1)))
                {
                    self.after_odd(data_end, end)?
                } else {
                    data_end
                };
                let Some(&after) = starts.get(&next) else { continue };
                let inside = if is_container(id) { self.descendants(q + 8, data_end, EVIDENCE_DEPTH)? } else { 0 };
                let headers = 1 + inside + after;
                starts.insert(q, headers);
                // Data of odd length without its pad byte loses to data of even
                // length followed by a chain one byte later.
                let eligible = (q - data).is_multiple_of(2) || !starts.contains_key(&(q + 1));
                if eligible && best.is_none_or(|(_, most)| headers >= most) {
                    best = Some((q, headers));
                }
            }
            block_end = block_start;
        }
        Ok(best.map(|(q, _)| q))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plausible_ids() {
        for id in [b"data", b"fmt ", b"LIST", b"00dc", b"_PMX", b"id3 "] {
            assert!(plausible_id(id), "{id:?}");
        }
        for id in [b" abc", b"\0\0\0\0", b"ab\x01c", b"\xffabc", b"abc\x7f"] {
            assert!(!plausible_id(id), "{id:?}");
        }
        assert!(plausible_id(b"I") && plausible_id(b"IN") && !plausible_id(b""));
    }

    #[test]
    fn lists_a_writer_never_finished_end_at_chunks_they_cannot_hold() {
        let (list, riff) = (FourCC::LIST, FourCC::RIFF);
        let kind = |t: &[u8; 4]| Some(FourCC::new(*t));
        assert!(ends_placeholder_list(list, kind(b"movi"), FourCC::new(*b"idx1")));
        assert!(!ends_placeholder_list(list, kind(b"movi"), FourCC::new(*b"00dc")));
        assert!(ends_placeholder_list(list, kind(b"INFO"), FourCC::DATA));
        assert!(!ends_placeholder_list(list, kind(b"INFO"), FourCC::new(*b"INAM")));
        assert!(ends_placeholder_list(riff, kind(b"AVI "), FourCC::RIFF));
        assert!(!ends_placeholder_list(riff, kind(b"WAVE"), FourCC::new(*b"idx1")));
        assert!(!ends_placeholder_list(list, kind(b"adtl"), FourCC::DATA));
    }
}
