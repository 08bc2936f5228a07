//! Chunk paths: the numeric paths `tree` shows (`0/2/1`) and the named paths users
//! type (`RIFF:WAVE/LIST:INFO/INAM`, `data[1]`), and finding a chunk by its path.

use std::fmt;
use std::io;
use std::str::FromStr;

use winmmio::FourCC;
use winmmio::riff::{Chunk, Event, Problem};

/// Follows a walk and knows the numeric path of the chunk just met.
#[derive(Debug, Default)]
pub struct Tracker {
    indexes: Vec<u64>,
    last: Option<Chunk>,
}

impl Tracker {
    /// Takes in the next event of the walk.
    pub fn see(&mut self, event: &Event) {
        if let Event::Enter(c) | Event::Leaf(c) = event {
            self.indexes.truncate(c.depth.saturating_sub(1) as usize);
            self.indexes.push(c.index);
            self.last = Some(*c);
        }
    }

    /// The chunk met last (problems at its offset are its own).
    pub fn last(&self) -> Option<&Chunk> {
        self.last.as_ref()
    }

    /// The numeric path of the chunk met last: `0/2/1`.
    pub fn path(&self) -> String {
        let parts: Vec<String> = self.indexes.iter().map(u64::to_string).collect();
        parts.join("/")
    }
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
    fn matches(&self, chunk: &Chunk) -> bool {
        match self {
            Segment::Index(n) => chunk.index == *n,
            Segment::Named { id, form, .. } => chunk.id == *id && form.is_none_or(|f| chunk.form == Some(f)),
        }
    }

    fn nth(&self) -> u64 {
        match self {
            Segment::Index(_) => 0,
            Segment::Named { nth, .. } => *nth,
        }
    }
}

/// A path from the top of the file to one chunk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChunkPath(Vec<Segment>);

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
        text.split('/')
            .map(|part| if part.is_empty() { Err(format!("empty segment in '{text}'")) } else { part.parse() })
            .collect::<Result<_, _>>()
            .map(ChunkPath)
    }
}

impl fmt::Display for ChunkPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.0.iter().enumerate() {
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
    /// Walks `events` to the chunk this path names; returns it with its own problems,
    /// or `None` when there is no such chunk.
    pub fn find(
        &self,
        events: &mut impl Iterator<Item = io::Result<Event>>,
    ) -> io::Result<Option<(Chunk, Vec<Problem>)>> {
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
            let segment = &self.0[matched];
            if chunk.depth as usize != matched + 1 || !segment.matches(&chunk) {
                continue;
            }
            if seen < segment.nth() {
                seen += 1;
                continue;
            }
            matched += 1;
            seen = 0;
            if matched == self.0.len() {
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
        assert_eq!(
            path.0,
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
}
