//! `mmio info`: what the chunks mean. For each top-level form: the WAVE format, data,
//! frames and duration; AVI main and stream headers; WebP dimensions, alpha and
//! animation; the ANI header; the MIDI header of an RMID file; INFO tags; or a summary
//! of the ids in any other form. Then the problems `mmio check` finds. Only the first
//! bytes of the chunks it explains are read.
//!
//! A file is reported when it can be read: its problems are listed, not fatal (exit
//! status 0); a file that is not RIFF is exit status 1.

mod avi;
mod form;
mod image;
mod metadata;
mod other;
mod report;
mod wave;

use std::io::Write;
use std::path::PathBuf;

use winmmio::FourCC;
use winmmio::riff::{ByteOrder, Event};
use winmmio::wav::Reader;

use crate::batch::{self, Sink};
use crate::console;
use crate::fail::{Failure, Outcome};
use crate::files;
use crate::input::Input;
use crate::json;
use crate::scan::{Scan, Step};
use crate::size::{human, human_exact};

use self::form::{Form, Kind};
use self::report::Report;

/// How `info` reports.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// One JSON document per file.
    pub json: bool,
    /// Look for RIFF files under directories.
    pub recursive: bool,
    /// Worker threads.
    pub jobs: usize,
}

/// The most forms, and tags, streams, images, ids per form, and problems, that are
/// kept: a hostile file cannot make the report grow without bounds.
pub const MAX_ITEMS: usize = 64;

/// The first bytes of a chunk, read in the byte order of its file.
pub struct Fields {
    bytes: Vec<u8>,
    order: ByteOrder,
}

impl Fields {
    /// The bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// The byte order of the file.
    pub fn order(&self) -> ByteOrder {
        self.order
    }

    /// The 16-bit field at `at`, if there is room for it.
    pub fn u16(&self, at: usize) -> Option<u16> {
        let b = self.bytes.get(at..at + 2)?;
        Some(match self.order {
            ByteOrder::Little => u16::from_le_bytes([b[0], b[1]]),
            ByteOrder::Big => u16::from_be_bytes([b[0], b[1]]),
        })
    }

    /// The 32-bit field at `at`, if there is room for it.
    pub fn u32(&self, at: usize) -> Option<u32> {
        let b = self.bytes.get(at..at + 4)?;
        Some(self.order.read_u32([b[0], b[1], b[2], b[3]]))
    }

    /// The four-character code at `at`, if there is room for it.
    pub fn fourcc(&self, at: usize) -> Option<FourCC> {
        let b = self.bytes.get(at..at + 4)?;
        Some(FourCC::new([b[0], b[1], b[2], b[3]]))
    }
}

/// Runs `mmio info FILE...`.
pub fn run(files: &[PathBuf], options: Options) -> Result<Outcome, Failure> {
    let inputs = files::expand(files, options.recursive);
    let finished = batch::run(inputs, options.jobs, |input, sink| {
        let report = match input.and_then(|input| gather(&input, sink)) {
            Ok(report) => report,
            Err(failure) if options.json => return Err(json::failed_document(sink, failure)),
            Err(failure) => return Err(failure),
        };
        let text = if options.json { report.json() } else { report.text().into_bytes() };
        sink.write_all(&text).map_err(console::failed)?;
        Ok(report.riff)
    });
    if let Some(error) = finished.output_error {
        return Err(console::failed(error));
    }
    let worst = finished.results.iter().map(|riff| match riff {
        None => Outcome::Failed,
        Some(riff) => Outcome::problems_if(!riff),
    });
    Ok(worst.max().unwrap_or(Outcome::Clean))
}

/// Walks `input` and keeps what the report explains.
fn gather(input: &Input, sink: &mut Sink) -> Result<Report, Failure> {
    let name = input.name();
    let read_failed = |e| Failure::io(&name, "cannot read", e);
    let mut scan = Scan::new(input.open()?).map_err(read_failed)?;
    let walker = scan.walker();
    let mut report = Report {
        name: name.clone(),
        size: walker.file_size(),
        riff: walker.is_riff(),
        order: walker.byte_order(),
        forms: Vec::new(),
        more_forms: 0,
        problems: Vec::new(),
        more_problems: 0,
    };
    let mut skipping = false;
    while let Some(step) = scan.next() {
        let chunk = match step.map_err(read_failed)? {
            Step::Finding(found) => {
                if let Some(Kind::Wave(wave)) = report.forms.last_mut().filter(|_| !skipping).map(|f| &mut f.kind) {
                    wave.placeholder |=
                        found.kind == "size-placeholder" && wave.data.is_some_and(|data| data.offset == found.offset);
                }
                if report.problems.len() < MAX_ITEMS {
                    report.problems.push(found);
                } else {
                    report.more_problems += 1;
                }
                continue;
            }
            Step::Chunk(Event::Enter(c) | Event::Leaf(c)) => c,
            Step::Chunk(_) => continue,
        };
        sink.reached(chunk.offset);
        if chunk.depth == 1 {
            skipping = report.forms.len() >= MAX_ITEMS;
            if skipping {
                report.more_forms += 1;
            } else {
                report.forms.push(Form::new(chunk));
            }
        }
        // The list type of the container the chunk is in.
        let open = scan.tracker().open();
        let inside = if chunk.is_container() { open.len().checked_sub(2) } else { open.len().checked_sub(1) };
        let parent = inside.and_then(|i| open[i].form);
        let Some(form) = report.forms.last_mut().filter(|_| !skipping) else { continue };
        form.see(&chunk, parent, &mut scan, report.order).map_err(read_failed)?;
    }
    // The metadata of a WAVE file, as the library's reader reads it (from the start,
    // the first form); a form it cannot read as WAVE has none, and its problems say why.
    if let Some(Kind::Wave(wave)) = report.forms.first_mut().map(|form| &mut form.kind)
        && let Ok(reader) = Reader::new(scan.into_inner())
    {
        wave.metadata = Some(Box::new(reader.metadata().clone()));
    }
    Ok(report)
}

/// A size in binary units and bytes, and what was declared when that differs:
/// `2.4 KiB (2470 bytes, declares 4294967295)`.
pub fn size_text(bytes: u64, declared: u64) -> String {
    match (bytes == declared, bytes >= 1024) {
        (true, _) => human_exact(bytes),
        (false, true) => format!("{} ({bytes} bytes, declares {declared})", human(bytes)),
        (false, false) => format!("{} (declares {declared})", human(bytes)),
    }
}
