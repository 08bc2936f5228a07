//! Chunk paths: the numeric paths `tree` shows (`0/2/1`) and the named paths users
//! type (`RIFF:WAVE/LIST:INFO/INAM`, `data[1]`, `LIST:INFO/INAM`), and finding a chunk
//! by its path.

use std::fmt;
use std::io;
use std::str::FromStr;

use winmmio::FourCC;
use winmmio::riff::{Chunk, Event, Problem, ProblemKind, is_form};

use crate::digits::push_u64;

/// Follows a walk: knows the numeric path of the chunk just met and the containers it
/// is in.
#[derive(Debug, Default)]
pub struct Tracker {
    /// The numeric path of the chunk met last.
    indexes: Vec<u64>,
    /// The containers entered and not yet left, outermost first.
    open: Vec<Chunk>,
    last: Option<Chunk>,
}

impl Tracker {
    /// Takes in the next event of the walk.
    pub fn see(&mut self, event: &Event) {
        match event {
            Event::Enter(c) | Event::Leaf(c) => {
                self.indexes.truncate(c.depth.saturating_sub(1) as usize);
                self.indexes.push(c.index);
                self.last = Some(*c);
                if matches!(event, Event::Enter(_)) {
                    self.open.push(*c);
                }
            }
            Event::Leave(_) => {
                self.open.pop();
            }
            _ => {}
        }
    }

    /// The containers entered and not yet left, outermost first: the chunk met last is
    /// the last of them if it is a container.
    pub fn open(&self) -> &[Chunk] {
        &self.open
    }

    /// The numeric path of the chunk met last: `0/2/1`.
    pub fn path(&self) -> String {
        path_text(&self.indexes)
    }

    /// Appends the numeric path of the chunk met last.
    pub fn push_path(&self, out: &mut Vec<u8>) {
        push_path(out, &self.indexes);
    }

    /// The numeric path of the chunk at `offset` if it is the chunk met last or an open
    /// container.
    pub fn path_at(&self, offset: u64) -> Option<String> {
        if self.last.is_some_and(|c| c.offset == offset) {
            return Some(self.path());
        }
        let depth = self.open.iter().position(|c| c.offset == offset)? + 1;
        Some(path_text(&self.indexes[..depth]))
    }

    /// The chunk at `offset` if it is the chunk met last or an open container.
    pub fn chunk_at(&self, offset: u64) -> Option<&Chunk> {
        self.last.as_ref().filter(|c| c.offset == offset).or_else(|| self.open.iter().find(|c| c.offset == offset))
    }

    /// The numeric path of what `problem` concerns: its chunk (the chunk met last, or
    /// an open container: a short size shows at its child), the innermost open
    /// container for trailing bytes in it; `None` for the file as a whole (not RIFF, a
    /// bad ds64, trailing bytes at the top).
    pub fn problem_path(&self, problem: &Problem) -> Option<String> {
        if problem.kind != ProblemKind::Trailing {
            return self.path_at(problem.offset);
        }
        match self.open.len() {
            0 => None,
            depth => Some(path_text(&self.indexes[..depth])),
        }
    }
}

/// Appends `0/2/1`.
fn push_path(out: &mut Vec<u8>, indexes: &[u64]) {
    for (i, &n) in indexes.iter().enumerate() {
        if i > 0 {
            out.push(b'/');
        }
        push_u64(out, n);
    }
}

/// `0/2/1`.
fn path_text(indexes: &[u64]) -> String {
    let mut out = Vec::new();
    push_path(&mut out, indexes);
    String::from_utf8_lossy(&out).into_owned()
}

/// One step of a path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    /// The chunk at this position among its siblings, from 0.
    Index(u64),
    /// The `nth` (from 0) sibling with this id, and this form or list type if given.
    Named {
        /// The chunk id.
        id: FourCC,
        /// The form or list type, for containers.
        form: Option<FourCC>,
        /// Which of the matching siblings.
        nth: u64,
    },
}

impl Segment {
    /// True when `chunk` is one of the siblings this segment counts. At the top of the
    /// file `RIFF` stands for any form (RIFF, RIFX, RF64, BW64).
    fn matches(&self, chunk: &Chunk) -> bool {
        match self {
            Segment::Index(n) => chunk.index == *n,
            Segment::Named { id, form, .. } => {
                let same_id = chunk.id == *id || (chunk.depth == 1 && *id == FourCC::RIFF && is_form(chunk.id));
                same_id && form.is_none_or(|f| chunk.form == Some(f))
            }
        }
    }

    fn nth(&self) -> u64 {
        match self {
            Segment::Index(_) => 0,
            Segment::Named { nth, .. } => *nth,
        }
    }

    /// True for a segment that names a top-level chunk: a number, or a form id.
    fn is_top_level(&self) -> bool {
        match self {
            Segment::Index(_) => true,
            Segment::Named { id, .. } => is_form(*id),
        }
    }
}

/// A path to one chunk: from the top of the file when it starts with a number or a
/// form id (`RIFF`, `RIFX`, `RF64`, `BW64`), else from inside the first form (`data`,
/// `LIST:INFO/INAM`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChunkPath {
    /// The segments as written.
    segments: Vec<Segment>,
    /// The first segment names a child of the first form, not a top-level chunk.
    in_first_form: bool,
}

/// The segment a path inside the first form starts with, implied: the first top-level
/// form of any kind.
const FIRST_FORM: Segment = Segment::Named { id: FourCC::RIFF, form: None, nth: 0 };

/// A code of 1 to 4 Latin-1 characters, padded with spaces: `fmt` is `fmt `.
fn fourcc(text: &str) -> Result<FourCC, String> {
    let bytes: Vec<u8> =
        text.chars().map(|c| u8::try_from(u32::from(c)).ok()).collect::<Option<_>>().ok_or_else(|| {
            format!("'{text}' is not a chunk id: ids are up to 4 Latin-1 characters (use a numeric path)")
        })?;
    if bytes.is_empty() || bytes.len() > 4 {
        return Err(format!("'{text}' is not a chunk id: ids have 1 to 4 characters"));
    }
    let mut code = [b' '; 4];
    code[..bytes.len()].copy_from_slice(&bytes);
    Ok(FourCC::new(code))
}

impl FromStr for Segment {
    type Err = String;

    fn from_str(text: &str) -> Result<Segment, String> {
        if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
            return text.parse().map(Segment::Index).map_err(|_| format!("'{text}': index too large"));
        }
        let (name, nth) = match text.strip_suffix(']').and_then(|t| t.rsplit_once('[')) {
            Some((name, n)) => (name, n.parse().map_err(|_| format!("'{text}': '[{n}]' is not a number"))?),
            None => (text, 0),
        };
        let (id, form) = match name.split_once(':') {
            Some((id, form)) => (fourcc(id)?, Some(fourcc(form)?)),
            None => (fourcc(name)?, None),
        };
        Ok(Segment::Named { id, form, nth })
    }
}

impl FromStr for ChunkPath {
    type Err = String;

    fn from_str(text: &str) -> Result<ChunkPath, String> {
        let text = text.strip_prefix('/').unwrap_or(text);
        if text.is_empty() {
            return Err("empty chunk path".into());
        }
        let segments: Vec<Segment> = text
            .split('/')
            .map(|part| if part.is_empty() { Err(format!("empty segment in '{text}'")) } else { part.parse() })
            .collect::<Result<_, _>>()?;
        let in_first_form = !segments[0].is_top_level();
        Ok(ChunkPath { segments, in_first_form })
    }
}

impl fmt::Display for ChunkPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.segments.iter().enumerate() {
            if i > 0 {
                f.write_str("/")?;
            }
            match segment {
                Segment::Index(n) => write!(f, "{n}")?,
                Segment::Named { id, form, nth } => {
                    write!(f, "{}", id.to_string().trim_end())?;
                    if let Some(form) = form {
                        write!(f, ":{}", form.to_string().trim_end())?;
                    }
                    if *nth > 0 {
                        write!(f, "[{nth}]")?;
                    }
                }
            }
        }
        Ok(())
    }
}

impl ChunkPath {
    /// The segments from the top of the file: the implied first form, then those
    /// written, for a path inside the first form.
    fn segments_from_top(&self) -> impl Iterator<Item = &Segment> {
        self.in_first_form.then_some(&FIRST_FORM).into_iter().chain(&self.segments)
    }

    /// Walks `events` to the chunk this path names; returns it with its own problems,
    /// or `None` when there is no such chunk.
    pub fn find(
        &self,
        events: &mut impl Iterator<Item = io::Result<Event>>,
    ) -> io::Result<Option<(Chunk, Vec<Problem>)>> {
        let segments: Vec<&Segment> = self.segments_from_top().collect();
        // `matched` segments are matched; the last of them is at depth `matched`, and
        // its children (depth matched + 1) are compared with the next segment.
        let mut matched = 0usize;
        let mut seen = 0u64;
        while let Some(event) = events.next() {
            let chunk = match event? {
                Event::Enter(c) | Event::Leaf(c) => c,
                Event::Leave(c) if c.depth as usize == matched => return Ok(None),
                _ => continue,
            };
            let segment = segments[matched];
            if chunk.depth as usize != matched + 1 || !segment.matches(&chunk) {
                continue;
            }
            if seen < segment.nth() {
                seen += 1;
                continue;
            }
            matched += 1;
            seen = 0;
            if matched == segments.len() {
                let mut problems = Vec::new();
                for event in events.by_ref() {
                    match event? {
                        Event::Problem(p) if p.offset == chunk.offset => problems.push(p),
                        _ => break,
                    }
                }
                return Ok(Some((chunk, problems)));
            }
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use winmmio::riff::Walker;

    use super::*;

    fn find(file: &[u8], path: &str) -> Option<u64> {
        let path: ChunkPath = path.parse().unwrap();
        let mut walker = Walker::new(Cursor::new(file.to_vec())).unwrap();
        path.find(&mut walker).unwrap().map(|(c, _)| c.offset)
    }

    #[test]
    fn parses_named_and_numeric_segments() {
        let path: ChunkPath = "RIFF:WAVE/LIST:INFO/INAM".parse().unwrap();
        assert_eq!(path.to_string(), "RIFF:WAVE/LIST:INFO/INAM");
        let path: ChunkPath = "/0/fmt/data[2]".parse().unwrap();
        assert!(!path.in_first_form);
        assert_eq!(
            path.segments,
            [
                Segment::Index(0),
                Segment::Named { id: FourCC::FMT, form: None, nth: 0 },
                Segment::Named { id: FourCC::DATA, form: None, nth: 2 }
            ]
        );
        assert_eq!(
            "\u{ff}A".parse::<Segment>().unwrap(),
            Segment::Named { id: FourCC::new([0xff, b'A', b' ', b' ']), form: None, nth: 0 }
        );
        for bad in ["", "/", "a//b", "toolong", "data[x]", "\u{100}", "99999999999999999999999"] {
            assert!(bad.parse::<ChunkPath>().is_err(), "{bad}");
        }
    }

    #[test]
    fn finds_chunks_by_path() {
        let file = crate::sample::bytes();
        assert_eq!(find(&file, "RIFF:WAVE/fmt"), Some(12));
        assert_eq!(find(&file, "0/0"), Some(12));
        assert_eq!(find(&file, "RIFF/LIST:INFO/INAM"), find(&file, "0/1/0"));
        assert_eq!(find(&file, "RIFF/LIST/IART"), find(&file, "0/1/1"));
        assert_eq!(find(&file, "RIFF/LIST[1]/LIST:INFO/ICMT"), find(&file, "0/3/1/0"));
        assert_eq!(find(&file, "RIFF/LIST:adtl/LIST/ICMT"), find(&file, "0/3/1/0"));
        assert!(find(&file, "0/3/1/0").is_some());
        assert_eq!(find(&file, "RIFF/ICMT"), None);
        assert_eq!(find(&file, "RIFF/data[1]"), None);
        assert_eq!(find(&file, "1"), None);
        assert_eq!(find(&file, "0/9"), None);
        assert_eq!(find(&file, "RIFF:AVI /data"), None);
    }

    #[test]
    fn paths_that_do_not_start_at_the_top_search_the_first_form() {
        let file = crate::sample::bytes();
        assert!("data".parse::<ChunkPath>().unwrap().in_first_form);
        assert!(!"RF64/data".parse::<ChunkPath>().unwrap().in_first_form);
        assert_eq!(find(&file, "data"), find(&file, "RIFF/data"));
        assert_eq!(find(&file, "fmt"), Some(12));
        assert_eq!(find(&file, "LIST:INFO/INAM"), find(&file, "0/1/0"));
        assert_eq!(find(&file, "LIST[1]/LIST/ICMT"), find(&file, "0/3/1/0"));
        assert_eq!(find(&file, "data[1]"), None);
        assert_eq!(find(&file, "INAM"), None, "only the form's own children");
        // RIFF at the top stands for any form.
        let rifx = b"RIFX\0\0\0\x0cWAVEfmt \0\0\0\0";
        assert_eq!(find(rifx, "RIFF/fmt"), Some(12));
        assert_eq!(find(rifx, "RIFF:WAVE/fmt"), find(rifx, "fmt"));
        // Of two forms, the first is searched.
        let mut two = file.clone();
        two.extend_from_slice(&crate::build::list(b"RIFF", b"TEST", &[crate::build::chunk(b"data", b"xy")]));
        assert_eq!(find(&two, "data"), find(&file, "0/4"));
        assert_eq!(find(&two, "RIFF[1]/data"), Some(file.len() as u64 + 12));
    }
}
