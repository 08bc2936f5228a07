//! `mmioDescend`, `mmioAscend` and `mmioCreateChunk` on an [`Mmio`], through its
//! buffered reads, writes and seeks (so they work on any I/O procedure, buffered or
//! not).
//!
//! Beyond Windows: a top-level RIFX form switches the file to big-endian size fields;
//! a top-level RF64/BW64 form loads its `ds64` chunk, whose 64-bit sizes then replace
//! the 0xFFFFFFFF size fields of later chunks; and when a written chunk passes 4 GiB,
//! ascending its RIFF form turns it into RF64, using a `JUNK` chunk reserved with
//! [`Mmio::reserve_ds64`] right after the form's header. The ds64 chunk is read and
//! written by [`Ds64`] alone.

use super::chunk::{ByteOrder, ChunkInfo, Create, Find, is_container, is_form};
use super::ds64::{DS64_MAX_TABLE, DS64_MIN_SIZE, DS64_OFFSET, Ds64, SIZE_IN_DS64};
use crate::error::{Error, ErrorCode, Operation, Result};
use crate::flag_sets::ChunkFlags;
use crate::fourcc::FourCC;
use crate::handle::Mmio;
use crate::ioproc::SeekOrigin;
use crate::read_ahead::ReadAhead;

/// What a handle knows about the RIFF file it is reading or writing.
#[derive(Clone, Debug, Default)]
pub(crate) struct RiffState {
    /// The byte order of size fields.
    order: ByteOrder,
    /// The 64-bit sizes of the RF64 file being read.
    ds64: Option<Ds64>,
    /// Written chunks whose size passed 4 GiB, for the ds64 chunk of their form.
    oversized: Vec<(FourCC, u64)>,
    /// Where the last RIFF form written starts.
    created_form: Option<u64>,
    /// The room in the `JUNK` chunk [`Mmio::reserve_ds64`] put right after the header
    /// of the form written at offset 0.
    reserve: Option<u32>,
}

/// Where the chunk's header starts.
fn header_offset(ck: &ChunkInfo) -> Result<u64> {
    ck.data_offset.checked_sub(8).ok_or_else(|| {
        Error::with_detail(ErrorCode::InvalidParam, "the chunk's data offset is inside no header")
            .during(Operation::Ascend)
    })
}

fn not_found() -> Error {
    Error::new(ErrorCode::ChunkNotFound).during(Operation::Descend)
}

/// What `descend` reports for a plain chunk's header: `id`, the 32-bit size, where its
/// data starts.
fn plain_header(id: FourCC, size32: u32, data_offset: u64) -> ChunkInfo {
    ChunkInfo { id, size: u64::from(size32), form: FourCC::default(), data_offset, flags: ChunkFlags::empty() }
}

/// Passes over the chunks a search passes over, reading their headers from `bytes`
/// (file bytes from some base offset) from index `at`: plain chunks (not containers)
/// that are not `wanted`, whose 32-bit size is not a ds64 placeholder, and whose end
/// (the next header) is at most `stop` from the base. Returns the index it stopped at
/// (the next header) and that of the last header passed over, if any.
#[inline]
fn skip_plain(
    bytes: &[u8],
    mut at: usize,
    stop: u64,
    order: ByteOrder,
    wanted: impl Fn(FourCC) -> bool,
) -> (usize, Option<usize>) {
    // Every `next` passed is at most `stop`, so it is an index.
    let stop = stop.min(usize::MAX as u64);
    let mut last = None;
    while let Some(header) = bytes.get(at..).and_then(<[u8]>::first_chunk::<8>) {
        let size32 = order.read_u32([header[4], header[5], header[6], header[7]]);
        let next = at as u64 + 8 + ((u64::from(size32) + 1) & !1);
        let id = FourCC::new([header[0], header[1], header[2], header[3]]);
        // Container ids (RIFF, RIFX, RF64, BW64, LIST) start with R, B or L: one test
        // passes over the others.
        let container = matches!(header[0], b'R' | b'B' | b'L') && is_container(id);
        if next > stop || size32 == SIZE_IN_DS64 || container || wanted(id) {
            break;
        }
        last = Some(at);
        at = next as usize;
    }
    (at, last)
}

/// The header at index `at` of `bytes` (file bytes from offset `base`), as `descend`
/// reports a plain chunk.
fn last_header(bytes: &[u8], at: usize, base: u64, order: ByteOrder) -> Option<ChunkInfo> {
    let header = bytes.get(at..)?.first_chunk::<8>()?;
    let id = FourCC::new([header[0], header[1], header[2], header[3]]);
    let size32 = order.read_u32([header[4], header[5], header[6], header[7]]);
    Some(plain_header(id, size32, base + at as u64 + 8))
}

impl Mmio {
    /// The byte order used for chunk size fields: big-endian after descending into (or
    /// choosing, with [`set_byte_order`](Self::set_byte_order)) a RIFX file.
    pub fn byte_order(&self) -> ByteOrder {
        self.riff.order
    }

    /// Chooses the byte order of size fields; [`Create::Riff`] then writes `RIFX` for
    /// [`ByteOrder::Big`].
    pub fn set_byte_order(&mut self, order: ByteOrder) {
        self.riff.order = order;
    }

    /// Reads `buf.len()` bytes; false if the file ends first.
    #[inline]
    fn read_full(&mut self, buf: &mut [u8]) -> Result<bool> {
        // The whole header at once when the buffer has it, without the loop's bookkeeping.
        if self.take_buffered(buf) {
            return Ok(true);
        }
        let mut done = 0;
        while done < buf.len() {
            match self.read_bytes(&mut buf[done..])? {
                0 => return Ok(false),
                n => done += n,
            }
        }
        Ok(true)
    }

    /// Writes all of `bytes`, or fails with `MMIOERR_CANNOTWRITE`.
    #[inline(always)]
    fn write_full(&mut self, bytes: &[u8], op: Operation) -> Result<()> {
        if self.put_buffered(bytes) { Ok(()) } else { self.write_full_slow(bytes, op) }
    }

    /// [`write_full`](Self::write_full) when the buffer cannot take all of `bytes` at once.
    #[inline(never)]
    fn write_full_slow(&mut self, bytes: &[u8], op: Operation) -> Result<()> {
        let mut done = 0;
        while done < bytes.len() {
            match self.write_bytes(&bytes[done..]) {
                Ok(0) => return Err(Error::with_detail(ErrorCode::CannotWrite, "no room to write").during(op)),
                Ok(n) => done += n,
                Err(e) => return Err(e.during(op).with_code(ErrorCode::CannotWrite)),
            }
        }
        Ok(())
    }

    /// Moves to `offset`, or fails with `MMIOERR_CANNOTSEEK`.
    #[inline(always)]
    fn seek_to(&mut self, offset: u64, op: Operation) -> Result<()> {
        if offset <= i64::MAX as u64 && self.seek_within(offset) { Ok(()) } else { self.seek_to_slow(offset, op) }
    }

    /// [`seek_to`](Self::seek_to) a target outside the buffer's data.
    #[inline(never)]
    fn seek_to_slow(&mut self, offset: u64, op: Operation) -> Result<()> {
        let offset = i64::try_from(offset).map_err(|_| Error::new(ErrorCode::CannotSeek).during(op))?;
        self.seek_mmio(offset, SeekOrigin::Start).map_err(|e| e.during(op).with_code(ErrorCode::CannotSeek))?;
        Ok(())
    }

    /// Finds a chunk and moves into it (`mmioDescend`).
    ///
    /// The search starts at the position and stays inside `parent` (or runs to the end
    /// of the file). On success `ck` describes the chunk (`form` is zero except for
    /// containers, `flags` is 0) and the position is at its data, past the form type
    /// of a container. If no chunk matches, the result is `MMIOERR_CHUNKNOTFOUND` and
    /// `ck` holds the last header examined; `seek(parent.data_offset + 4)` recovers.
    ///
    /// A search of a file whose reads nobody can observe (the built-in `DOS ` procedure
    /// on a regular file) reads ahead in large blocks when it needs more than one read,
    /// and keeps nothing afterwards: the file's state after the call is the same as
    /// without read-ahead. Other procedures get the messages Windows sends.
    ///
    /// ```
    /// use winmmio::{ChunkInfo, Find, FourCC};
    /// let wav = b"RIFF\x1e\0\0\0WAVEfmt \x02\0\0\0abdata\x04\0\0\0\x01\x02\x03\x04".to_vec();
    /// let mut file = winmmio::Mmio::memory(wav, 0)?;
    /// let mut riff = ChunkInfo::riff(FourCC::WAVE);
    /// file.descend(&mut riff, None, Find::Riff)?;
    /// let mut data = ChunkInfo::new(FourCC::DATA);
    /// file.descend(&mut data, Some(&riff), Find::Chunk)?;
    /// assert_eq!((data.size, data.data_offset, file.position()), (4, 30, 30));
    /// # Ok::<(), winmmio::Error>(())
    /// ```
    pub fn descend(&mut self, ck: &mut ChunkInfo, parent: Option<&ChunkInfo>, find: Find) -> Result<()> {
        if find == Find::Here || !self.quiet_reads {
            return self.search(ck, parent, find);
        }
        self.read_ahead = Some(ReadAhead::new());
        let found = self.search(ck, parent, find);
        self.read_ahead = None;
        found
    }

    /// [`descend`](Self::descend), whether it reads ahead or not.
    fn search(&mut self, ck: &mut ChunkInfo, parent: Option<&ChunkInfo>, find: Find) -> Result<()> {
        let limit = parent.map_or(u64::MAX, ChunkInfo::end);
        let (wanted_id, wanted_form) = (ck.id, ck.form);
        // The plain chunks (not containers) a search stops at.
        let wants_plain = |id: FourCC| find == Find::Chunk && (wanted_id == FourCC::default() || id == wanted_id);
        loop {
            if find != Find::Here
                && let Some(skipped) =
                    self.skip_in_buffer(limit, wants_plain).or_else(|| self.skip_read_ahead(limit, wants_plain))
            {
                *ck = skipped;
            }
            let at = self.position();
            if at.saturating_add(8) > limit {
                return Err(not_found());
            }
            let mut header = [0; 8];
            if !self.read_full(&mut header).map_err(|e| e.during(Operation::Descend))? {
                // A cut header: back to where it starts.
                self.seek_to(at, Operation::Descend)?;
                return Err(not_found());
            }
            let id = FourCC::new([header[0], header[1], header[2], header[3]]);
            let size_bytes = [header[4], header[5], header[6], header[7]];
            if parent.is_none() && is_form(id) {
                self.riff = RiffState {
                    order: if id == FourCC::RIFX { ByteOrder::Big } else { ByteOrder::Little },
                    ..RiffState::default()
                };
            }
            let size32 = self.riff.order.read_u32(size_bytes);
            *ck = plain_header(id, size32, at + 8);
            if is_container(id) {
                let mut form = [0; 4];
                if !self.read_full(&mut form).map_err(|e| e.during(Operation::Descend))? {
                    return Err(not_found());
                }
                ck.form = FourCC::new(form);
                if parent.is_none() && matches!(id, FourCC::RF64 | FourCC::BW64) {
                    self.riff.ds64 = Ds64::read(self, at).map_err(|e| Error::from_io_carried(Operation::Descend, e))?;
                    self.seek_to(ck.body_start(), Operation::Descend)?;
                }
            }
            if size32 == SIZE_IN_DS64
                && let Some(size) = self.riff.ds64.as_ref().and_then(|ds| ds.size_of(id))
            {
                ck.size = size;
            }
            let found = match find {
                Find::Here => true,
                Find::Chunk => wants_plain(id),
                Find::Riff => is_form(id) && (wanted_form == FourCC::default() || ck.form == wanted_form),
                Find::List => id == FourCC::LIST && (wanted_form == FourCC::default() || ck.form == wanted_form),
            };
            if found {
                return Ok(());
            }
            let next = ck.padded_end();
            let past_memory = self.memory && next > self.end_read as u64;
            if next > limit || next > i64::MAX as u64 || past_memory {
                return Err(not_found());
            }
            self.seek_to(next, Operation::Descend)?;
        }
    }

    /// The fast part of a search: passes over the chunks the loop of
    /// [`descend`](Self::descend) would pass over, as long as their headers are in the
    /// buffer (see [`skip_plain`]) and the next header starts inside the buffer's data.
    /// Returns the last header passed over (the last one examined), if any; everything
    /// else is left to the general loop.
    #[inline]
    fn skip_in_buffer(&mut self, limit: u64, wanted: impl Fn(FourCC) -> bool) -> Option<ChunkInfo> {
        if !self.may_read {
            return None;
        }
        let loaded = self.buf.bytes().get(..self.end_read)?;
        let stop = limit.min(i64::MAX as u64).saturating_sub(self.buf_offset).min(loaded.len() as u64);
        let (at, last) = skip_plain(loaded, self.next, stop, self.riff.order, wanted);
        let last = last_header(loaded, last?, self.buf_offset, self.riff.order)?;
        self.next = at;
        Some(last)
    }

    /// The fast part of a search of an unbuffered file that reads ahead: passes over the
    /// chunks the loop of [`descend`](Self::descend) would pass over whose headers are in
    /// the read-ahead block (see [`skip_plain`]), and leaves the file as that loop does
    /// after passing over a chunk: the position and the procedure at the next header,
    /// the buffer empty there. Returns the last header passed over, if any.
    fn skip_read_ahead(&mut self, limit: u64, wanted: impl Fn(FourCC) -> bool) -> Option<ChunkInfo> {
        if self.memory || !self.buf.bytes().is_empty() {
            return None; // the buffer serves the search
        }
        let (start, bytes) = self.read_ahead.as_ref()?.bytes();
        let from = usize::try_from(self.position().checked_sub(start)?).ok()?;
        let stop = limit.min(i64::MAX as u64).saturating_sub(start);
        let (at, last) = skip_plain(bytes, from, stop, self.riff.order, wanted);
        let last = last_header(bytes, last?, start, self.riff.order)?;
        let next = start + at as u64;
        self.empty_at(next);
        // A seek, for the procedures that read ahead (`ProcState::positional`).
        self.state.disk_offset = next;
        Some(last)
    }

    /// Leaves a chunk (`mmioAscend`): if `ck` is dirty (just created), the position
    /// marks the end of its data, so its size field is rewritten if it differs and a
    /// pad byte is written after an odd size; then the position moves past the data
    /// and pad byte. Failures are `MMIOERR_CANNOTWRITE` or `MMIOERR_CANNOTSEEK`.
    pub fn ascend(&mut self, ck: &mut ChunkInfo) -> Result<()> {
        if ck.is_dirty() {
            let end = self.position();
            let size = end.checked_sub(ck.data_offset).ok_or_else(|| {
                Error::with_detail(ErrorCode::CannotSeek, "the position is before the chunk's data")
                    .during(Operation::Ascend)
            })?;
            if size & 1 == 1 {
                self.write_full(&[0], Operation::Ascend)?;
            }
            let size32 = u32::try_from(size).unwrap_or(SIZE_IN_DS64);
            if size32 == SIZE_IN_DS64 && !is_form(ck.id) {
                self.note_oversized(ck.id, size)?;
            }
            if is_form(ck.id) && (size32 == SIZE_IN_DS64 || !self.riff.oversized.is_empty()) {
                self.promote_to_rf64(ck, size)?;
            } else if u64::from(size32) != ck.size || size32 == SIZE_IN_DS64 {
                self.seek_to(header_offset(ck)? + 4, Operation::Ascend)?;
                let field = self.riff.order.write_u32(size32);
                self.write_full(&field, Operation::Ascend)?;
            }
            ck.size = size;
            ck.flags.remove(ChunkFlags::DIRTY);
        }
        self.seek_to(ck.padded_end(), Operation::Ascend)
    }

    /// Writes a chunk header at the position and moves to its data
    /// (`mmioCreateChunk`): 8 bytes (id, `ck.size`), plus the form type for RIFF and
    /// LIST. `ck.data_offset` is set and `ck.flags` becomes [`DIRTY`](ChunkFlags::DIRTY), so that
    /// [`ascend`](Self::ascend) fixes the size. A write failure is
    /// `MMIOERR_CANNOTWRITE`.
    #[inline]
    pub fn create_chunk(&mut self, ck: &mut ChunkInfo, kind: Create) -> Result<()> {
        match kind {
            Create::Riff if self.riff.order == ByteOrder::Big => ck.id = FourCC::RIFX,
            Create::Riff => ck.id = FourCC::RIFF,
            Create::List => ck.id = FourCC::LIST,
            Create::Chunk => {}
        }
        let at = self.position();
        let mut header = [0; 12];
        header[..4].copy_from_slice(&ck.id.bytes());
        header[4..8].copy_from_slice(&self.riff.order.write_u32(u32::try_from(ck.size).unwrap_or(SIZE_IN_DS64)));
        let len = if kind == Create::Chunk { 8 } else { 12 };
        if kind != Create::Chunk {
            header[8..].copy_from_slice(&ck.form.bytes());
            if kind == Create::Riff {
                self.riff.oversized.clear();
                self.riff.reserve = None;
                self.riff.created_form = Some(at);
            }
        }
        self.write_full(&header[..len], Operation::CreateChunk)?;
        ck.data_offset = at + 8;
        ck.flags = ChunkFlags::DIRTY;
        Ok(())
    }

    /// Writes a `JUNK` chunk with room for a ds64 chunk with `table_entries` entries
    /// (at most [`DS64_MAX_TABLE`](super::DS64_MAX_TABLE)), right after creating a
    /// RIFF form at the start of the file: if a chunk of the form then passes 4 GiB,
    /// ascending the form turns the file into RF64 in place (EBU Tech 3306), without
    /// reading anything back. Files that stay small keep the harmless `JUNK` chunk.
    ///
    /// Anywhere else (not at offset 12, not after creating a little-endian RIFF form
    /// at offset 0) it is refused with `MMSYSERR_INVALPARAM`: readers look for the
    /// ds64 chunk at offset 12 only.
    pub fn reserve_ds64(&mut self, table_entries: usize) -> Result<()> {
        if self.riff.created_form != Some(0) || self.riff.order != ByteOrder::Little || self.position() != DS64_OFFSET {
            let detail = "reserve_ds64 must come right after creating the RIFF form at the start of the file";
            return Err(Error::with_detail(ErrorCode::InvalidParam, detail).during(Operation::CreateChunk));
        }
        let room = DS64_MIN_SIZE + 12 * table_entries.min(DS64_MAX_TABLE);
        let mut junk = Vec::with_capacity(8 + room);
        junk.extend_from_slice(&FourCC::JUNK.bytes());
        junk.extend_from_slice(&(room as u32).to_le_bytes());
        junk.resize(8 + room, 0);
        self.write_full(&junk, Operation::CreateChunk)?;
        self.riff.reserve = Some(room as u32);
        Ok(())
    }

    /// Records a written chunk whose size passed 4 GiB, for the ds64 table. Refused
    /// (`MMIOERR_CANNOTWRITE`) when another chunk with this id passed 4 GiB with
    /// another size: the table holds one size per id.
    fn note_oversized(&mut self, id: FourCC, size: u64) -> Result<()> {
        match self.riff.oversized.iter().find(|(known, _)| *known == id) {
            Some(&(_, earlier)) if earlier != size => {
                let detail = "two chunks with this id passed 4 GiB: the ds64 table holds one size per id";
                Err(Error::with_detail(ErrorCode::CannotWrite, detail).during(Operation::Ascend))
            }
            Some(_) => Ok(()),
            None => {
                self.riff.oversized.push((id, size));
                Ok(())
            }
        }
    }

    /// Turns the form `ck` (of data size `size`) into RF64: its reserved `JUNK` chunk
    /// becomes the ds64 chunk holding the sizes over 4 GiB.
    fn promote_to_rf64(&mut self, ck: &ChunkInfo, size: u64) -> Result<()> {
        let form_at = header_offset(ck)?;
        let room = self.riff.reserve.filter(|_| form_at == 0).ok_or_else(|| {
            let detail = "a chunk passed 4 GiB, but no JUNK chunk was reserved for ds64 right after the form's header";
            Error::with_detail(ErrorCode::CannotWrite, detail).during(Operation::Ascend)
        })?;
        let mut ds64 = Ds64::new(form_at);
        ds64.riff_size = size;
        for &(id, size) in &self.riff.oversized {
            ds64.set_size(id, size).map_err(|e| e.during(Operation::Ascend))?;
        }
        let form = if ck.id == FourCC::BW64 { FourCC::BW64 } else { FourCC::RF64 };
        for patch in ds64.promotion_patches(form, room).map_err(|e| e.during(Operation::Ascend))? {
            self.seek_to(patch.offset, Operation::Ascend)?;
            self.write_full(&patch.bytes, Operation::Ascend)?;
        }
        self.riff.oversized.clear();
        self.riff.reserve = None;
        Ok(())
    }
}
