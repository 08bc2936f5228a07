//! One walk of a file with everything `check` finds, for `check` and `info` (and with
//! the structure's problems only, for `tree`): the chunks as the walker meets them,
//! and every problem (the walker's and the [rules'](crate::rules)) as a [`Finding`]
//! with its chunk path and a sentence, right after the chunk it concerns (the walker's
//! first, then the rules'); the problems a container's end reveals come before
//! [`Event::Leave`]. At the end of a full walk come the count fields that disagree
//! with the data (`stale-count`, from [`counts::audit`]).

use std::collections::VecDeque;
use std::io::{self, Read, Seek, SeekFrom};

use winmmio::FourCC;
use winmmio::riff::{Chunk, Event, Walker, counts};

use crate::describe;
use crate::findings::Finding;
use crate::path::Tracker;
use crate::rules::Rules;

/// The most bytes read from the start of a chunk whose contents are explained.
pub const HEAD: u64 = 1024;

/// The chunks that hold count fields (`fact`, `ds64`, `avih`, `strh`, `dmlh`).
const COUNT_IDS: [FourCC; 5] =
    [FourCC::FACT, FourCC::DS64, FourCC::new(*b"avih"), FourCC::new(*b"strh"), FourCC::new(*b"dmlh")];
/// Chunks with count fields whose paths are kept, for the `stale-count` problems.
const COUNT_CHUNKS_KEPT: usize = 4096;

/// What a scan meets next.
#[derive(Debug)]
pub enum Step {
    /// A chunk ([`Event::Enter`], [`Event::Leaf`]) or the end of a container's children
    /// ([`Event::Leave`]); never [`Event::Problem`].
    Chunk(Event),
    /// A problem.
    Finding(Finding),
}

/// A walk with paths and rules; see the module documentation.
pub struct Scan<R> {
    walker: Walker<R>,
    tracker: Tracker,
    /// `None` for the structure's problems only.
    rules: Option<Rules>,
    /// What the rules found about the chunk met last: given out after the walker's
    /// problems of that chunk.
    pending: Vec<Finding>,
    /// Findings to give out before `stashed`.
    ready: VecDeque<Finding>,
    stashed: Option<Event>,
    /// The chunks with count fields met: where their data is, and their paths.
    count_chunks: Vec<(u64, u64, String)>,
    /// The count fields were compared with the data.
    audited: bool,
    /// The first bytes of the chunk at `head_of` (its offset).
    head: Vec<u8>,
    head_of: Option<u64>,
}

impl<R: Read + Seek> Scan<R> {
    /// Starts a walk of `reader` that finds every problem.
    pub fn new(reader: R) -> io::Result<Scan<R>> {
        let mut scan = Scan::structure(reader)?;
        scan.rules = Some(Rules::new(scan.walker.byte_order()));
        Ok(scan)
    }

    /// Starts a walk of `reader` that finds the walker's (structural) problems only.
    pub fn structure(reader: R) -> io::Result<Scan<R>> {
        let walker = Walker::new(reader)?;
        Ok(Scan {
            walker,
            tracker: Tracker::default(),
            rules: None,
            pending: Vec::new(),
            ready: VecDeque::new(),
            stashed: None,
            count_chunks: Vec::new(),
            audited: false,
            head: Vec::new(),
            head_of: None,
        })
    }

    /// The walker: the file's size, byte order, whether it is RIFF.
    pub fn walker(&self) -> &Walker<R> {
        &self.walker
    }

    /// Where the walk is: the chunk met last, its path, the open containers.
    pub fn tracker(&self) -> &Tracker {
        &self.tracker
    }

    /// Gives the reader back.
    pub fn into_inner(self) -> R {
        self.walker.into_inner()
    }

    /// The first [`HEAD`] bytes of `chunk`'s data (after the form type of a
    /// container), read once however often they are asked for.
    pub fn head(&mut self, chunk: &Chunk) -> io::Result<&[u8]> {
        if self.head_of != Some(chunk.offset) {
            self.head_of = None;
            self.head.clear();
            let reader = self.walker.reader_mut();
            reader.seek(SeekFrom::Start(chunk.body_start()))?;
            let len = chunk.end.saturating_sub(chunk.body_start()).min(HEAD);
            reader.take(len).read_to_end(&mut self.head)?;
            self.head_of = Some(chunk.offset);
        }
        Ok(&self.head)
    }

    /// Takes in a chunk event: paths, then the rules.
    fn see(&mut self, event: Event) -> io::Result<Event> {
        if !self.pending.is_empty() {
            self.ready.extend(self.pending.drain(..));
        }
        let Some(mut rules) = self.rules.take() else {
            self.tracker.see(&event);
            return Ok(event);
        };
        match event {
            Event::Enter(c) | Event::Leaf(c) => {
                self.tracker.see(&event);
                if COUNT_IDS.contains(&c.id) && self.count_chunks.len() < COUNT_CHUNKS_KEPT {
                    self.count_chunks.push((c.data_offset(), c.end, self.tracker.path()));
                }
                // A read error ends the walk (the rules go with it).
                let head = if rules.wants_head(&c) { Some(self.head(&c)?.to_vec()) } else { None };
                rules.see(&event, head.as_deref(), &self.tracker, &mut self.pending);
            }
            _ => {
                let mut found = Vec::new();
                rules.see(&event, None, &self.tracker, &mut found);
                if !found.is_empty() {
                    self.ready.extend(found);
                }
                self.tracker.see(&event);
            }
        }
        self.rules = Some(rules);
        Ok(event)
    }

    /// The count fields that disagree with the data, as findings (but `avih`'s index flag,
    /// which the rules report as `missing-index`).
    fn audit_counts(&mut self) -> io::Result<()> {
        for stale in counts::audit(self.walker.reader_mut())? {
            if stale.field == counts::CountField::AviFlags {
                // The rules say it, as `missing-index`.
                continue;
            }
            let path = self
                .count_chunks
                .iter()
                .find(|(start, end, _)| (*start..*end).contains(&stale.offset))
                .map(|(.., path)| path.clone());
            let text = format!("{} is {}, the data holds {}", stale.field.describe(), stale.found, stale.expected);
            self.ready.push_back(Finding { kind: "stale-count", offset: stale.offset, path, text });
        }
        Ok(())
    }

    /// The next step of the walk.
    fn step(&mut self) -> io::Result<Option<Step>> {
        loop {
            if let Some(found) = self.ready.pop_front() {
                return Ok(Some(Step::Finding(found)));
            }
            if let Some(event) = self.stashed.take() {
                return Ok(Some(Step::Chunk(event)));
            }
            let Some(event) = self.walker.next().transpose()? else {
                self.ready.extend(self.pending.drain(..));
                // A file without count fields needs no second walk.
                if self.rules.is_some() && !self.count_chunks.is_empty() && !std::mem::replace(&mut self.audited, true)
                {
                    self.audit_counts()?;
                }
                if self.ready.is_empty() {
                    return Ok(None);
                }
                continue;
            };
            if let Event::Problem(problem) = event {
                let text = describe::problem(&problem, self.tracker.chunk_at(problem.offset));
                let path = self.tracker.problem_path(&problem);
                return Ok(Some(Step::Finding(Finding {
                    kind: problem.kind.name(),
                    offset: problem.offset,
                    path,
                    text,
                })));
            }
            let event = self.see(event)?;
            if self.ready.is_empty() {
                return Ok(Some(Step::Chunk(event)));
            }
            self.stashed = Some(event);
        }
    }
}

impl<R: Read + Seek> Iterator for Scan<R> {
    type Item = io::Result<Step>;

    fn next(&mut self) -> Option<io::Result<Step>> {
        self.step().transpose()
    }
}
