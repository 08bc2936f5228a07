//! `mmio tree`: the chunk tree as indented text, or as the JSON of the contract
//! (issue 3), streamed: chunks are printed as they are walked and only problems are
//! kept (compactly) until the end.

use std::io::{self, BufWriter, Write};
use std::path::Path;

use winmmio::riff::{ByteOrder, Event, ProblemKind, Walker};

use crate::console;
use crate::describe;
use crate::fail::{Failure, Outcome};
use crate::input::{self, Source};
use crate::json;
use crate::path::Tracker;
use crate::size::human;

/// Runs `mmio tree [FILE] [--json]`.
pub fn run(file: Option<&Path>, as_json: bool) -> Result<Outcome, Failure> {
    let (name, source) = input::open_or_sample(file)?;
    let walker = Walker::new(source).map_err(|e| Failure::io(&name, "cannot read", e))?;
    let mut out = Output { inner: BufWriter::new(console::stdout()), failed: false };
    let result = if as_json { write_json(walker, &mut out) } else { write_text(&name, walker, &mut out) };
    let found = result
        .and_then(|found| out.flush().map(|()| found))
        .map_err(|e| if out.failed { console::failed(e) } else { Failure::io(&name, "cannot read", e) })?;
    Ok(Outcome::problems_if(found))
}

/// Standard output, remembering whether writing failed: the walk's errors are errors
/// reading the file, the others are errors writing the tree.
struct Output<W> {
    inner: W,
    failed: bool,
}

impl<W: Write> Write for Output<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let result = self.inner.write(bytes);
        self.failed |= result.is_err();
        result
    }

    fn flush(&mut self) -> io::Result<()> {
        let result = self.inner.flush();
        self.failed |= result.is_err();
        result
    }
}

/// The indentation of a chunk at `depth`, capped so that deep files stay readable.
fn indent(depth: u32) -> usize {
    (depth.saturating_sub(1) as usize * 2).min(64)
}

/// A size with its exact value when the unit hides it.
fn size_text(size: u64) -> String {
    if size < 1024 { human(size) } else { format!("{} ({size})", human(size)) }
}

/// Writes the text tree; returns true if problems were found.
fn write_text(name: &str, walker: Walker<Box<dyn Source>>, out: &mut impl Write) -> io::Result<bool> {
    let order = match walker.byte_order() {
        ByteOrder::Little => "little-endian",
        ByteOrder::Big => "big-endian",
    };
    let kind = if walker.is_riff() { order } else { "not RIFF" };
    writeln!(out, "{name}: {}, {kind}", size_text(walker.file_size()))?;
    writeln!(out, "{:<12} {:<30} {:>12}  SIZE", "PATH", "CHUNK", "OFFSET")?;
    let (mut chunks, mut problems) = (0u64, 0u64);
    let mut tracker = Tracker::default();
    for event in walker {
        let event = event?;
        tracker.see(&event);
        match event {
            Event::Enter(c) | Event::Leaf(c) => {
                chunks += 1;
                let label = format!("{:width$}{}", "", describe::label(&c), width = indent(c.depth));
                writeln!(out, "{:<12} {label:<30} {:>12}  {}", tracker.path(), c.offset, size_text(c.size))?;
            }
            Event::Problem(p) => {
                problems += 1;
                let depth = tracker.last().map_or(1, |c| c.depth);
                let message = describe::problem(&p, tracker.last());
                writeln!(
                    out,
                    "{:<12} {:width$}! {} at {}: {message}",
                    "",
                    "",
                    p.kind,
                    p.offset,
                    width = indent(depth)
                )?;
            }
            _ => {}
        }
    }
    let plural = |n: u64, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    writeln!(out, "{}, {}", plural(chunks, "chunk"), plural(problems, "problem"))?;
    Ok(problems > 0)
}

/// The problems of a walk, 9 bytes each, printed after the chunks.
#[derive(Default)]
struct Problems {
    offsets: Vec<u64>,
    kinds: Vec<ProblemKind>,
}

/// Writes the contract's JSON; returns true if problems were found.
fn write_json(walker: Walker<Box<dyn Source>>, out: &mut impl Write) -> io::Result<bool> {
    let order = match walker.byte_order() {
        ByteOrder::Little => "little",
        ByteOrder::Big => "big",
    };
    write!(out, "{{\"size\": {}, \"byte_order\": \"{order}\", \"chunks\": [", walker.file_size())?;
    let mut problems = Problems::default();
    // One entry per open array: true until its first element is written.
    let mut first = vec![true];
    for event in walker {
        match event? {
            Event::Enter(c) | Event::Leaf(c) => {
                let is_first = first.last_mut().expect("an open array");
                if !std::mem::take(is_first) {
                    out.write_all(b",")?;
                }
                write!(out, "\n{:width$}{{\"id\": ", "", width = indent(c.depth) + 2)?;
                json::latin1_string(out, &c.id.bytes())?;
                write!(out, ", \"offset\": {}, \"size\": {}, \"data_offset\": {}", c.offset, c.size, c.data_offset())?;
                if c.is_container() {
                    if let Some(form) = c.form {
                        out.write_all(b", \"form\": ")?;
                        json::latin1_string(out, &form.bytes())?;
                    }
                    out.write_all(b", \"children\": [")?;
                    first.push(true);
                } else {
                    out.write_all(b"}")?;
                }
            }
            Event::Leave(c) => {
                if !first.pop().expect("the container's array") {
                    write!(out, "\n{:width$}", "", width = indent(c.depth) + 2)?;
                }
                out.write_all(b"]}")?;
            }
            Event::Problem(p) => {
                problems.offsets.push(p.offset);
                problems.kinds.push(p.kind);
            }
            _ => {}
        }
    }
    out.write_all(if first[0] { b"], \"problems\": [" } else { b"\n], \"problems\": [" })?;
    for (i, (offset, kind)) in problems.offsets.iter().zip(&problems.kinds).enumerate() {
        out.write_all(if i == 0 { b"\n  " } else { b",\n  " })?;
        write!(out, "{{\"offset\": {offset}, \"kind\": \"{kind}\", \"message\": ")?;
        json::string(out, kind.description())?;
        out.write_all(b"}")?;
    }
    out.write_all(if problems.offsets.is_empty() { b"]}\n" } else { b"\n]}\n" })?;
    Ok(!problems.offsets.is_empty())
}
