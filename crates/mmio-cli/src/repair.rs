//! `mmio repair`: fixes what a crashed or streaming writer leaves behind, keeping every
//! byte of chunk data.
//!
//! The repair works on an [`Edited`] view of the file (patched size fields, a new
//! length) and walks it again after each round of fixes, until the walker finds no
//! problem. A round looks at the chunks that hold the end of the file (the last chunk at
//! each level, the "spine"): their sizes become what the file holds, innermost first,
//! with a pad byte appended where an odd size needs one; an incomplete header at the very
//! end (too short for a chunk, or a container without its type) is dropped. Elsewhere a
//! placeholder or overlong size shrinks to the data present, when that is even. A RIFF
//! file whose sizes pass 4 GiB becomes RF64 in the `JUNK` chunk its writer reserved at
//! offset 12 (EBU Tech 3306). Anything else (not RIFF, a bad ds64, nesting too deep,
//! damage in the middle of the file, sizes over 4 GiB without a JUNK chunk to promote,
//! a file cut inside its first header) is refused, and nothing is written. What no size
//! can fix (a WAVE form cut before its `data` chunk, the problems `check` adds, bytes
//! after the last form that only look like a chunk: an appended tag, say) is left as it
//! is, written with the rest and then reported, with exit status 1.
//!
//! Where the result goes, and how it gets there safely, is [`crate::safe`]'s: the input
//! is read under the engine's share-mode lock, the result goes to a [`Destination`]
//! and is committed only if the input did not change meanwhile.

use std::collections::BTreeMap;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

use winmmio::FourCC;
use winmmio::riff::{ByteOrder, Chunk, Event, Problem, ProblemKind, Walker};

use crate::check::{FormProblem, WaveRules};
use crate::console::{self, Messages};
use crate::describe;
use crate::fail::{Failure, Outcome};
use crate::progress::{self, Progress};
use crate::safe::{Destination, LockedInput, Target};

/// Rounds of fixes before giving up (each round fixes at least one level of nesting).
const MAX_ROUNDS: usize = 64;
/// Problems remembered per round.
const MAX_PROBLEMS: usize = 10_000;

/// A file seen through edits: patched bytes, and a new length (bytes past the original
/// end read as zeros, like appended pad bytes).
struct Edited<R> {
    inner: R,
    inner_len: u64,
    len: u64,
    patches: BTreeMap<u64, Vec<u8>>,
    pos: u64,
    /// Where `inner` is, when known.
    inner_pos: Option<u64>,
}

impl<R: Read + Seek> Edited<R> {
    fn new(mut inner: R) -> io::Result<Edited<R>> {
        let len = inner.seek(SeekFrom::End(0))?;
        Ok(Edited { inner, inner_len: len, len, patches: BTreeMap::new(), pos: 0, inner_pos: None })
    }

    /// Reads `N` bytes at `at`.
    fn bytes_at<const N: usize>(&mut self, at: u64) -> io::Result<[u8; N]> {
        let mut bytes = [0; N];
        self.seek(SeekFrom::Start(at))?;
        self.read_exact(&mut bytes)?;
        Ok(bytes)
    }
}

impl<R: Read + Seek> Read for Edited<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = (buf.len() as u64).min(self.len.saturating_sub(self.pos)) as usize;
        let buf = &mut buf[..n];
        let from_inner = self.inner_len.saturating_sub(self.pos).min(n as u64) as usize;
        if from_inner > 0 {
            if self.inner_pos != Some(self.pos) {
                self.inner.seek(SeekFrom::Start(self.pos))?;
            }
            self.inner_pos = None;
            self.inner.read_exact(&mut buf[..from_inner])?;
            self.inner_pos = Some(self.pos + from_inner as u64);
        }
        buf[from_inner..].fill(0);
        let end = self.pos + n as u64;
        // Patches are size fields: at most 8 bytes, so none starts before pos - 8.
        for (&at, bytes) in self.patches.range(self.pos.saturating_sub(8)..end) {
            let (start, stop) = (at.max(self.pos), (at + bytes.len() as u64).min(end));
            if start < stop {
                buf[(start - self.pos) as usize..(stop - self.pos) as usize]
                    .copy_from_slice(&bytes[(start - at) as usize..(stop - at) as usize]);
            }
        }
        self.pos = end;
        Ok(n)
    }
}

impl<R> Seek for Edited<R> {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        let target = match pos {
            SeekFrom::Start(n) => Some(n),
            SeekFrom::End(d) => self.len.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        self.pos = target.ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "seek before the start"))?;
        Ok(self.pos)
    }
}

/// One problem of a round, with the chunk it belongs to and the end of the region it
/// was found in.
struct Found {
    problem: Problem,
    chunk: Option<Chunk>,
    region_end: u64,
}

/// What one walk of the edited file shows.
struct Round {
    problems: Vec<Found>,
    /// The last chunk at each depth: the chunks that hold the end of the walk.
    spine: Vec<Chunk>,
    order: ByteOrder,
    /// What no size can fix: what `check` finds wrong with the forms (a WAVE form
    /// without samples), and bytes after the last form that are not a chunk.
    unfixable: Vec<FormProblem>,
}

/// Walks the edited file. In an RF64/BW64 file, a `data` chunk whose size field is
/// 0xFFFFFFFF and whose ds64 size is still 0 while bytes follow is the placeholder of a
/// streaming writer too: it is reported as one, and the walk stops there (what follows
/// it is sample data, not chunks).
fn walk<R: Read + Seek>(file: &mut Edited<R>, rf64: bool) -> io::Result<Round> {
    let len = file.len;
    let mut walker = Walker::new(&mut *file)?;
    let order = walker.byte_order();
    let (mut problems, mut spine, mut open) = (Vec::new(), Vec::<Chunk>::new(), Vec::<Chunk>::new());
    let (mut rules, mut unfixable) = (WaveRules::default(), Vec::new());
    while let Some(event) = walker.next() {
        let event = event?;
        if unfixable.len() < MAX_PROBLEMS {
            unfixable.extend(rules.see(&event));
        }
        match event {
            Event::Enter(c) | Event::Leaf(c) => {
                spine.truncate(c.depth as usize - 1);
                spine.push(c);
                if c.is_container() {
                    open.push(c);
                    continue;
                }
                let region_end = open.last().map_or(len, |p| p.end);
                if rf64 && c.id == FourCC::DATA && c.size == 0 && c.data_offset() < region_end {
                    let reader = walker.reader_mut();
                    let mut size32 = [0; 4];
                    reader.seek(SeekFrom::Start(c.offset + 4))?;
                    reader.read_exact(&mut size32)?;
                    if u32::from_le_bytes(size32) == u32::MAX {
                        let mut c = c;
                        c.end = region_end;
                        *spine.last_mut().expect("just pushed") = c;
                        let problem = Problem::new(c.offset, ProblemKind::SizePlaceholder);
                        problems.push(Found { problem, chunk: Some(c), region_end });
                        break;
                    }
                }
            }
            Event::Leave(_) => {
                open.pop();
            }
            Event::Problem(problem) if problems.len() < MAX_PROBLEMS => {
                let chunk = spine.last().copied().filter(|c| c.offset == problem.offset);
                // Bytes after a form that read as a chunk too long for the file (a tag or
                // samples appended by another program): their "size" is not a size, and
                // patching it would change bytes whose meaning is unknown. They stay.
                if let Some(c) = chunk.filter(|c| {
                    problem.kind == ProblemKind::Truncated && c.depth == 1 && c.index > 0 && !c.is_container()
                }) {
                    spine.pop();
                    let what = describe::problem(&problem, Some(&c));
                    let message = format!(
                        "{what}: {} bytes after the end of the form that are not a chunk \
                         (`truncate -s {}` cuts them off)",
                        len - c.offset,
                        c.offset
                    );
                    unfixable.push(FormProblem { offset: c.offset, kind: "truncated", message });
                    continue;
                }
                // The region the problem is in: the one around its chunk, or for trailing
                // bytes the innermost open one.
                let parent = match chunk {
                    Some(c) if c.is_container() => open.len().checked_sub(2).map(|i| open[i]),
                    _ => open.last().copied(),
                };
                problems.push(Found { problem, chunk, region_end: parent.map_or(len, |p| p.end) });
            }
            _ => {}
        }
    }
    Ok(Round { problems, spine, order, unfixable })
}

/// Why a file cannot be repaired.
fn refuse(file: &Path, found: &Found) -> Failure {
    let what = describe::problem(&found.problem, found.chunk.as_ref());
    Failure::refused(file, found.problem.offset, format!("cannot repair {}: {what}", found.problem.kind))
}

/// The plan of one round: new sizes, a new length, and what was done.
#[derive(Default)]
struct Plan {
    sizes: Vec<(Chunk, u64)>,
    len: Option<u64>,
    notes: Vec<String>,
}

/// Decides the fixes of one round; `Ok(None)` when the file is clean.
fn plan(file: &Path, round: &Round, len: u64) -> Result<Option<Plan>, Failure> {
    if round.problems.is_empty() {
        return Ok(None);
    }
    let mut plan = Plan::default();
    if let Some(found) = round
        .problems
        .iter()
        .find(|f| matches!(f.problem.kind, ProblemKind::NotRiff | ProblemKind::BadDs64 | ProblemKind::TooDeep))
    {
        return Err(refuse(file, found));
    }
    // A container whose size was left under 4 (a LIST or RF64 riffSize of 0) while its
    // region goes on: it runs to the end of its region. What follows it was only parsed
    // as chunks because of the size, so this round fixes nothing else.
    if let Some(Found { chunk: Some(c), region_end, .. }) = round.problems.iter().find(|f| {
        f.problem.kind == ProblemKind::Truncated
            && f.chunk.is_some_and(|c| {
                c.is_container() && c.form.is_none() && c.size < 4 && f.region_end - c.data_offset() >= 4
            })
    }) {
        plan.sizes.push((*c, region_end - c.data_offset()));
        return Ok(Some(plan));
    }
    // The end of the content: before trailing bytes or an incomplete container header
    // that run to the end of the file.
    let mut content_end = len;
    let mut spine = round.spine.clone();
    for found in &round.problems {
        let Problem { offset, kind, .. } = found.problem;
        match (kind, found.chunk) {
            (ProblemKind::Trailing, _) if found.region_end == len => {
                content_end = offset;
                plan.notes.push(format!("dropped {} bytes after the last chunk, at {offset}", len - offset));
            }
            (ProblemKind::Truncated, Some(c))
                if c.is_container() && c.form.is_none() && c.end == len && len - c.data_offset() < 4 =>
            {
                content_end = c.offset;
                spine.retain(|s| s.offset < c.offset);
                plan.notes.push(format!("dropped the incomplete header of '{}' at {offset}", c.id));
            }
            _ => {}
        }
    }
    // The spine, innermost first: sizes up to the content end, plus pad bytes.
    let mut extra = 0;
    let spine: Vec<Chunk> = spine.into_iter().filter(|c| c.end == len).collect();
    for c in spine.iter().rev() {
        let size = content_end - c.data_offset() + extra;
        if size % 2 == 1 {
            extra += 1;
            plan.notes.push(format!("appended the pad byte of '{}' at {}", c.id, c.offset));
        }
        plan.sizes.push((*c, size));
    }
    if content_end == 0 {
        let reason = format!(
            "cannot repair: the file ends inside the header of its first chunk ({len} bytes): there is nothing to keep"
        );
        return Err(Failure::refused(file, 0, reason));
    }
    if content_end + extra != len {
        plan.len = Some(content_end + extra);
    }
    // Everything else: placeholders and overlong sizes inside the file.
    for found in &round.problems {
        let on_spine = |c: &Chunk| spine.iter().any(|s| s.offset == c.offset);
        let dropped = |offset: u64| offset >= content_end;
        match (found.problem.kind, found.chunk) {
            (_, Some(c)) if on_spine(&c) || dropped(c.offset) => {}
            (ProblemKind::Trailing, None) if found.region_end == len => {}
            (ProblemKind::SizePlaceholder | ProblemKind::Truncated, Some(c))
                if c.present() % 2 == 0 && !(c.is_container() && c.form.is_none()) =>
            {
                plan.sizes.push((c, c.present()));
            }
            _ => return Err(refuse(file, found)),
        }
    }
    plan.sizes.retain(|(c, size)| c.size != *size);
    Ok(Some(plan))
}

/// Where a chunk's real size lives in an RF64/BW64 file whose size field is 0xFFFFFFFF:
/// the ds64 field (riffSize for the form at offset 0, dataSize for `data`) or table
/// entry.
fn ds64_field<R: Read + Seek>(file: &mut Edited<R>, c: &Chunk) -> io::Result<Option<u64>> {
    let id = c.id;
    match id {
        _ if c.offset == 0 => return Ok(Some(20)),
        FourCC::DATA => return Ok(Some(28)),
        _ => {}
    }
    let declared = u64::from(u32::from_le_bytes(file.bytes_at(16)?));
    let table_length = u64::from(u32::from_le_bytes(file.bytes_at(44)?));
    let limit = (20 + declared).min(file.len);
    let entries = table_length.min(limit.saturating_sub(48) / 12);
    for i in 0..entries {
        if file.bytes_at::<4>(48 + 12 * i)? == id.bytes() {
            return Ok(Some(52 + 12 * i));
        }
    }
    Ok(None)
}

/// Turns a RIFF file into an RF64 file (EBU Tech 3306): the `JUNK` chunk that writers
/// reserve at offset 12 becomes the `ds64` chunk, with zero sizes for now.
fn promote<R: Read + Seek>(file: &mut Edited<R>, name: &Path) -> Result<(), Failure> {
    let io_failed = |e| Failure::io(name, "cannot read", e);
    let magic: [u8; 4] = file.bytes_at(0).map_err(io_failed)?;
    let junk: [u8; 8] = file.bytes_at(12).map_err(io_failed)?;
    let room = u32::from_le_bytes([junk[4], junk[5], junk[6], junk[7]]);
    if &magic != b"RIFF" || &junk[..4] != b"JUNK" || room < 28 || file.len < 48 {
        let reason = "cannot repair: sizes over 4 GiB need an RF64 file, and there is no JUNK chunk \
                      of 28 bytes or more at offset 12 to become its ds64 chunk";
        return Err(Failure::refused(name, 0, reason));
    }
    file.patches.insert(0, b"RF64".to_vec());
    file.patches.insert(12, b"ds64".to_vec());
    // riffSize, dataSize, sampleCount, tableLength: patches of at most 8 bytes each.
    for (at, len) in [(20, 8), (28, 8), (36, 8), (44, 4)] {
        file.patches.insert(at, vec![0; len]);
    }
    Ok(())
}

/// Patches the size of `c` to `size`: its 32-bit field, or in an RF64/BW64 file the ds64
/// when the size needs it. A RIFF file that needs a size over 4 GiB becomes RF64 first
/// (`rf64` is then set).
fn set_size<R: Read + Seek>(
    file: &mut Edited<R>,
    name: &Path,
    order: ByteOrder,
    rf64: &mut bool,
    c: &Chunk,
    size: u64,
) -> Result<(), Failure> {
    let io_failed = |e| Failure::io(name, "cannot read", e);
    let size32 = order.read_u32(file.bytes_at(c.offset + 4).map_err(io_failed)?);
    let fits = size < u64::from(u32::MAX);
    if !*rf64 && !fits {
        promote(file, name)?;
        *rf64 = true;
    }
    if *rf64 && (size32 == u32::MAX || !fits) {
        let Some(at) = ds64_field(file, c).map_err(io_failed)? else {
            let reason = format!("cannot repair: the size of '{}' needs a ds64 table entry", c.id);
            return Err(Failure::refused(name, c.offset, reason));
        };
        file.patches.insert(at, size.to_le_bytes().to_vec());
        file.patches.insert(c.offset + 4, u32::MAX.to_le_bytes().to_vec());
    } else {
        file.patches.insert(c.offset + 4, order.write_u32(size as u32).to_vec());
    }
    Ok(())
}

/// Runs `mmio repair FILE (-o OUT | --in-place [--no-backup] [--write-in-place]) [--force]`.
pub fn run(file: &Path, target: Target) -> Result<Outcome, Failure> {
    let read_failed = |e| Failure::io(file, "cannot read", e);
    let mut input = LockedInput::open(file)?;
    let mut edited = Edited::new(&mut input).map_err(read_failed)?;
    // A file under 4 bytes is not RIFF: the first walk refuses it.
    let magic = if edited.len >= 4 { edited.bytes_at::<4>(0).map_err(read_failed)? } else { [0; 4] };
    let mut rf64 = matches!(&magic, b"RF64" | b"BW64");
    let mut notes = Vec::new();
    let mut rounds = 0;
    let remaining = loop {
        let round = walk(&mut edited, rf64).map_err(read_failed)?;
        let Some(plan) = plan(file, &round, edited.len)? else { break round.unfixable };
        rounds += 1;
        if rounds > MAX_ROUNDS || (plan.sizes.is_empty() && plan.len.is_none()) {
            let first = round.problems.first().expect("a file with problems");
            return Err(refuse(file, first));
        }
        for (c, size) in &plan.sizes {
            let was_rf64 = rf64;
            set_size(&mut edited, file, round.order, &mut rf64, c, *size)?;
            if rf64 && !was_rf64 {
                notes.push("turned into RF64: the JUNK chunk at 12 is now its ds64 chunk".to_string());
            }
            notes.push(format!("size of '{}' at {}: {} -> {size}", c.id, c.offset, c.size));
        }
        notes.extend(plan.notes);
        if let Some(len) = plan.len {
            edited.patches.retain(|&at, _| at < len);
            edited.len = len;
        }
    };
    let name = file.display();
    // Problems no size can fix: said on stderr, with exit status 1, after the repair.
    let outcome = Outcome::problems_if(!remaining.is_empty());
    let warn = || {
        for p in &remaining {
            let reason = format!("{}: {} (repair cannot fix this)", p.kind, p.message);
            console::warn(format_args!("mmio: {}", Failure::at(file, p.offset, reason)));
        }
    };
    if notes.is_empty() && matches!(target, Target::InPlace(_)) {
        Messages::new(false).line(format_args!("{name}: nothing to repair"))?;
        warn();
        return Ok(outcome);
    }
    // Refusals (an existing output or backup, ...) come before anything is said.
    let mut destination = Destination::new(edited.inner, &target)?;
    let say = Messages::new(destination.is_stdout());
    if notes.is_empty() {
        say.line(format_args!("{name}: nothing to repair"))?;
    }
    for note in &notes {
        say.line(format_args!("{name}: {note}"))?;
    }
    edited.seek(SeekFrom::Start(0)).map_err(read_failed)?;
    let bar = Progress::new(edited.len, "repairing");
    progress::copy_sparse(&mut edited, destination.writer(), &bar)
        .map_err(|e| Failure::io(file, "cannot write the repaired file", e))?;
    drop(bar);
    let len = edited.len;
    let committed = destination.commit(input)?;
    if let Some(bak) = &committed.backup {
        say.line(format_args!("{name}: backup in {}", bak.display()))?;
    }
    say.line(format_args!("{name}: repaired into {} ({len} bytes)", committed.path.display()))?;
    warn();
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;

    #[test]
    fn edited_view_patches_truncates_and_extends() {
        let mut view = Edited::new(Cursor::new(b"0123456789".to_vec())).unwrap();
        view.patches.insert(2, b"ab".to_vec());
        view.patches.insert(9, b"Z".to_vec());
        view.len = 12;
        let mut all = Vec::new();
        view.seek(SeekFrom::Start(0)).unwrap();
        view.read_to_end(&mut all).unwrap();
        assert_eq!(all, b"01ab45678Z\0\0");
        view.len = 3;
        assert_eq!(view.bytes_at::<3>(0).unwrap(), *b"01a");
        assert!(view.bytes_at::<4>(0).is_err());
        let mut piece = [0; 2];
        view.seek(SeekFrom::Start(1)).unwrap();
        view.read_exact(&mut piece).unwrap();
        assert_eq!(&piece, b"1a");
    }
}
